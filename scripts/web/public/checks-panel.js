import { h, linkified, post } from './dom.js';

/**
 * The Checks tab. "Run checks" asks the site to run the lesson's checks; the
 * results arrive over Server-Sent Events (`/api/lessons/N/events`) as each
 * check finishes, and are shown grouped by task, failures with their text,
 * transcript and first hint, and "More hint" on the first failing check.
 * "Check on save" runs them again when a file of the lesson is saved.
 */
export function setupChecks(/** @type {any} */ config) {
  const lesson = config.lesson;
  const button = /** @type {HTMLButtonElement} */ (document.getElementById('run-checks'));
  const onSave = /** @type {HTMLInputElement} */ (document.getElementById('check-on-save'));
  const status = /** @type {HTMLElement} */ (document.getElementById('run-status'));
  const container = /** @type {HTMLElement} */ (document.getElementById('results'));
  /** @type {Map<string, any>} */
  let results = new Map();
  let running = false;
  let started = 0;
  /** @type {any} the latest run's end, while it is the latest */
  let lastEnd;
  /** @type {Map<string, string[]>} shown tiers per check title, beyond tier 1 */
  const revealed = new Map();

  onSave.checked = localStorage.getItem(`check-on-save:${lesson.number}`) === 'true';
  onSave.addEventListener('change', () => localStorage.setItem(`check-on-save:${lesson.number}`, String(onSave.checked)));

  const start = async () => {
    const { status: code, body } = await post(`/api/lessons/${lesson.number}/runs`).catch((error) => ({ status: 0, body: { error: String(error) } }));
    if (code === 409) setStatus('A run is already going: its results are streaming in.');
    else if (code !== 202) setStatus(`Could not start the checks: ${body?.error ?? `answer ${code}`}`, 'error');
  };
  button.addEventListener('click', start);

  const events = new EventSource(`/api/lessons/${lesson.number}/events`);
  events.addEventListener('run', (event) => {
    const data = JSON.parse(/** @type {MessageEvent} */ (event).data);
    running = true;
    started = Date.now();
    results = new Map();
    lastEnd = undefined;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    setStatus(`Running the checks of lesson ${lesson.number} against ${data.tree}/…`);
    render();
  });
  events.addEventListener('result', (event) => {
    const result = JSON.parse(/** @type {MessageEvent} */ (event).data);
    results.set(result.title, result);
    const counts = tally();
    if (running) setStatus(`Running… ${counts.done} done: ${counts.passed} pass, ${counts.failed} fail.`);
    render();
  });
  events.addEventListener('end', (event) => {
    const end = JSON.parse(/** @type {MessageEvent} */ (event).data);
    lastEnd = end;
    // The checks finished in any order: show them, and pick the next one, in the order they are declared.
    if (Array.isArray(end.order)) {
      const place = (/** @type {string} */ title) => (end.order.includes(title) ? end.order.indexOf(title) : end.order.length);
      results = new Map([...results.entries()].sort(([a], [b]) => place(a) - place(b)));
    }
    finish();
    render(end);
    setStatus(summary(end), failedCount(end) === 0 ? 'done' : 'todo');
  });
  events.addEventListener('run-failed', (event) => {
    const data = JSON.parse(/** @type {MessageEvent} */ (event).data);
    finish();
    setStatus(data.message, 'error');
  });
  events.addEventListener('saved', (event) => {
    const data = JSON.parse(/** @type {MessageEvent} */ (event).data);
    if (onSave.checked && !running) {
      setStatus(`${data.file} saved: checking again…`);
      void start();
    }
  });

  function finish() {
    running = false;
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }

  /** @param {string} text @param {string} [kind] */
  function setStatus(text, kind = '') {
    status.className = `run-status ${kind}`;
    status.textContent = text;
  }

  function tally() {
    const all = [...results.values()];
    const count = (/** @type {string} */ state) => all.filter((result) => result.status === state).length;
    return { done: all.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
  }

  /** Failed checks, and check files that could not run at all. @param {any} end */
  function failedCount(end) {
    return (end.failed ?? 0) + (end.suiteErrors?.length ?? 0);
  }

  /** The terminal's summary: "15 of 15 checks pass. Lesson 1 is done." @param {any} end */
  function summary(end) {
    const total = end.total ?? results.size;
    const skipped = end.skipped ? `, ${end.skipped} skipped` : '';
    const counted = `${end.passed} of ${total} checks pass${skipped}`;
    const seconds = end.ms ? ` (${(end.ms / 1000).toFixed(1)} s)` : ` (${((Date.now() - started) / 1000).toFixed(1)} s)`;
    if (failedCount(end) === 0) return `${counted}. Lesson ${lesson.number} is done.${seconds}`;
    if (end.bootFailure) return `The app did not start, so no check could run.${seconds}`;
    const next = [...results.values()].find((result) => result.status === 'failed');
    return `${counted}. Next: ${next?.title ?? 'see the failures below'}${seconds}`;
  }

  /** @param {any} [end] */
  function render(end = lastEnd) {
    const all = [...results.values()];
    const firstFailing = all.find((result) => result.status === 'failed');
    /** @type {{ key: string, title: string, results: any[] }[]} */
    const groups = [];
    const baseline = all.filter((result) => result.baseline);
    if (baseline.length > 0) groups.push({ key: 'baseline', title: 'Given · what the starter already does', results: baseline });
    const tasked = all.some((result) => !result.baseline && typeof result.task === 'number');
    for (const task of config.tasks ?? []) {
      const mine = all.filter((result) => !result.baseline && result.task === task.number);
      if (tasked || mine.length > 0) groups.push({ key: `task-${task.number}`, title: `Task ${task.number} · ${task.title}`, results: mine });
    }
    const known = new Set((config.tasks ?? []).map((/** @type {any} */ task) => task.number));
    const other = all.filter((result) => !result.baseline && !known.has(result.task));
    if (other.length > 0) groups.push({ key: 'other', title: tasked ? 'Other checks' : 'Checks', results: other });

    const sections = groups
      .map((group) => {
        const passed = group.results.filter((result) => result.status === 'passed').length;
        const state = group.results.length === 0 ? 'waiting' : passed === group.results.length ? 'passed' : group.results.some((r) => r.status === 'failed') ? 'failed' : 'partial';
        return h('section', { class: `task ${state}`, 'aria-labelledby': `${group.key}-title` }, [
          h('h3', { id: `${group.key}-title` }, [
            h('span', { text: group.title }),
            h('span', { class: 'count', text: group.results.length === 0 ? (running ? '…' : '–') : `${passed}/${group.results.length}` }),
          ]),
          h('ul', { class: 'checks' }, group.results.map((result) => renderCheck(result, result === firstFailing))),
        ]);
      });
    const bootNote =
      end?.bootFailure
        ? h('div', { class: 'boot-failure', role: 'alert' }, [
            h('strong', { text: 'The app did not start, so no check could run.' }),
            h('pre', { text: typeof end.bootFailure === 'string' ? end.bootFailure : (firstFailing?.message ?? '') }),
            h('p', { text: `Fix the error above and run the checks again.` }),
          ])
        : undefined;
    const suiteErrors = (end?.suiteErrors ?? []).map((/** @type {any} */ error) =>
      h('div', { class: 'boot-failure', role: 'alert' }, [h('strong', { text: error.heading ?? `${error.file} could not run:` }), h('pre', { text: error.message })]),
    );
    const courseLine = end ? h('p', { class: 'course-line', text: `course: ${end.passed} passed, ${failedCount(end)} failed${end.skipped ? `, ${end.skipped} skipped` : ''}` }) : undefined;
    container.replaceChildren(...[bootNote, ...suiteErrors, ...(end?.bootFailure ? [] : sections), courseLine].filter((node) => node !== undefined));
  }

  /** @param {any} result @param {boolean} isNext */
  function renderCheck(result, isNext) {
    const icon = result.status === 'passed' ? '✓' : result.status === 'failed' ? '✗' : '–';
    const line = h('li', { class: `check ${result.status}` }, [
      h('span', { class: 'icon', 'aria-hidden': 'true', text: icon }),
      h('span', { class: 'visually-hidden', text: `${result.status}: ` }),
      h('span', { class: 'title', text: result.title }),
      result.ms !== undefined ? h('span', { class: 'ms', text: `${result.ms} ms` }) : undefined,
    ]);
    if (result.status === 'skipped') line.append(h('p', { class: 'skip-note', text: `Skipped: ${result.message ?? ''}` }));
    if (result.status !== 'failed') return line;
    const details = h('div', { class: 'failure' }, [h('pre', { class: 'message', text: result.message ?? '' })]);
    if (result.kind === 'crash') details.append(h('p', { class: 'dim', text: 'This looks like a fault in the check, not in your code: please report it.' }));
    if (result.transcript?.length) {
      details.append(h('details', { open: isNext }, [h('summary', { text: `Transcript (${result.transcript.length} lines)` }), h('pre', { class: 'transcript', text: result.transcript.join('\n') })]));
    }
    if (!config.solution && result.hints?.length) {
      const tiers = revealed.get(result.title) ?? [result.hints[0]];
      const hints = h(
        'ol',
        { class: 'hints', 'aria-label': `Hints for “${result.title}”` },
        tiers.map((hint, index) => h('li', {}, [h('strong', { text: `Hint ${index + 1}/${result.hints.length}: ` }), ...linkified(hint)])),
      );
      details.append(hints);
      if (isNext) {
        const more = /** @type {HTMLButtonElement} */ (h('button', { class: 'more-hint', text: 'More hint' }));
        const done = tiers.length >= result.hints.length;
        more.disabled = done;
        const note = h('p', { class: 'dim hint-note', role: 'status', text: done ? `That was the last hint. Still stuck? Compare with the solution in the Diff tab (Mine → solution).` : '' });
        more.addEventListener('click', async () => {
          const { status: code, body } = await post(`/api/lessons/${lesson.number}/hint`);
          if (code !== 200) {
            note.textContent = body?.error ?? `Could not get a hint (answer ${code}).`;
            return;
          }
          if (body.note && !body.hints?.length) {
            note.textContent = body.note;
            return;
          }
          revealed.set(body.title ?? result.title, body.hints);
          render();
          /** @type {HTMLElement | null} */ (document.querySelector('.more-hint'))?.focus();
        });
        details.append(h('div', { class: 'hint-bar' }, [more, note]));
      }
    }
    line.append(details);
    return line;
  }
}
