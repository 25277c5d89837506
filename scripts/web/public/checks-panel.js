import { h, linkified, post } from './dom.js';

/** @typedef {import('./page-config.js').PageConfig} PageConfig */
/** @typedef {import('./page-config.js').RunStart} RunStart */
/** @typedef {import('./page-config.js').RunResult} RunResult */
/** @typedef {import('./page-config.js').RunEnd} RunEnd */
/** @typedef {import('./page-config.js').RunFailed} RunFailed */
/** @typedef {import('./page-config.js').TaskVerdict} TaskVerdict */
/** @typedef {import('./page-config.js').Saved} Saved */

/**
 * The Checks tab. "Run checks" asks the site to run the lesson's checks; the
 * results arrive over Server-Sent Events (`/api/lessons/N/events`) as each
 * check finishes, under the headings the terminal gives them, and the run
 * ends with the terminal's verdict. The first failure is open (its text,
 * transcript, first hint and "More hint"), the others one line each.
 * "Check on save" runs them again when a file of the lesson is saved, also
 * when the save comes during a run.
 * @param {PageConfig} config
 */
export function setupChecks(config) {
  const lesson = config.lesson;
  const button = /** @type {HTMLButtonElement} */ (document.getElementById('run-checks'));
  const onSave = /** @type {HTMLInputElement} */ (document.getElementById('check-on-save'));
  const failingOnly = /** @type {HTMLInputElement} */ (document.getElementById('failing-only'));
  const status = /** @type {HTMLElement} */ (document.getElementById('run-status'));
  const progress = /** @type {HTMLElement} */ (document.getElementById('run-progress'));
  const container = /** @type {HTMLElement} */ (document.getElementById('results'));
  /** @type {Map<string, RunResult>} */
  let results = new Map();
  let running = false;
  let savedDuringRun = false;
  /** @type {RunEnd | undefined} the latest run's end, while it is the latest */
  let lastEnd;
  /** @type {Map<string, string[]>} shown tiers per check title, beyond tier 1 */
  const revealed = new Map();

  /** @param {HTMLInputElement} box @param {string} key @param {() => void} [changed] */
  const remembered = (box, key, changed = () => {}) => {
    box.checked = localStorage.getItem(`${key}:${lesson.number}`) === 'true';
    box.addEventListener('change', () => {
      localStorage.setItem(`${key}:${lesson.number}`, String(box.checked));
      changed();
    });
  };
  remembered(onSave, 'check-on-save');
  remembered(failingOnly, 'failing-only', () => container.classList.toggle('failing-only', failingOnly.checked));
  container.classList.toggle('failing-only', failingOnly.checked);

  const start = async () => {
    const { status: code, body } = await post(`/api/lessons/${lesson.number}/runs`).catch((error) => ({
      status: 0,
      body: { error: String(error) },
    }));
    if (code === 409) showProgress('A run is already going: its results are streaming in.');
    else if (code !== 202) setStatus([`Could not start the checks: ${body?.error ?? `answer ${code}`}`], 'error');
  };
  button.addEventListener('click', start);

  const events = new EventSource(`/api/lessons/${lesson.number}/events`);
  /** @template T @param {string} name @param {(data: T) => void} handle */
  const on = (name, handle) =>
    events.addEventListener(name, (event) => handle(JSON.parse(/** @type {MessageEvent} */ (event).data)));

  on('run', (/** @type {RunStart} */ data) => {
    running = true;
    results = new Map();
    lastEnd = undefined;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    // The live region speaks once per run, at its end; the progress line is for the eyes.
    showProgress(`Running the checks of lesson ${lesson.number} against ${data.tree}/…`);
    render();
  });
  on('result', (/** @type {RunResult} */ result) => {
    results.set(result.title, result);
    const all = [...results.values()];
    const count = (/** @type {string} */ state) => all.filter((one) => one.status === state).length;
    if (running) showProgress(`Running… ${all.length} done: ${count('passed')} pass, ${count('failed')} fail.`);
    render();
  });
  // The task the learner works on ran first: its verdict now, the other tasks' checks still to come.
  on('task-verdict', (/** @type {TaskVerdict} */ verdict) => {
    const heading = config.groups.find((group) => group.startsWith(`Task ${verdict.task} ·`)) ?? `Task ${verdict.task}`;
    const outcome = verdict.failed === 0 ? 'all pass' : `${verdict.failed} fail`;
    showProgress(
      `${heading}: ${verdict.passed}/${verdict.total}, ${outcome} (${(verdict.ms / 1000).toFixed(1)} s). The other tasks' checks run next…`,
    );
  });
  on('end', (/** @type {RunEnd} */ end) => {
    lastEnd = end;
    // A check failing another way hears its hints from the first again.
    for (const title of Object.keys(end.hintNotes ?? {})) revealed.delete(title);
    // The checks finished in any order: show them, and pick the next one, in the order they are declared.
    const place = (/** @type {string} */ title) =>
      end.order.includes(title) ? end.order.indexOf(title) : end.order.length;
    results = new Map([...results.entries()].sort(([a], [b]) => place(a) - place(b)));
    finish();
    render(end);
    const passed = end.failed === 0 && end.suiteErrors.length === 0;
    // The count stands out; a note that some checks needed a second run follows it.
    const verdict = [...end.verdict];
    if (verdict.length > 1 && /passed only on a second run/.test(verdict[0])) verdict.push(verdict.shift() ?? '');
    setStatus(verdict, passed ? 'done' : 'todo', passed ? nextLessonLink() : undefined);
    runAgainIfSaved();
  });
  on('run-failed', (/** @type {RunFailed} */ data) => {
    finish();
    setStatus([data.message], 'error');
    runAgainIfSaved();
  });
  on('saved', (/** @type {Saved} */ data) => {
    if (!onSave.checked) return;
    if (running) {
      savedDuringRun = true;
      showProgress(`${data.file} saved during the run: the checks run again when this run ends.`);
      return;
    }
    showProgress(`${data.file} saved: checking again…`);
    void start();
  });

  function runAgainIfSaved() {
    if (!savedDuringRun) return;
    savedDuringRun = false;
    void start();
  }

  function finish() {
    running = false;
    button.disabled = false;
    button.removeAttribute('aria-busy');
    progress.hidden = true;
  }

  /** @param {string} text */
  function showProgress(text) {
    progress.hidden = false;
    progress.textContent = text;
  }

  /** @param {string[]} lines the first stands out @param {string} [kind] @param {Node} [extra] */
  function setStatus(lines, kind = '', extra) {
    status.className = `run-status ${kind}`;
    const [first, ...rest] = lines;
    status.replaceChildren(
      h('span', { class: 'verdict', text: first }),
      ...rest.map((line) => h('span', { class: 'dim more', text: line })),
      ...(extra ? [extra] : []),
    );
  }

  function nextLessonLink() {
    if (!config.next) return h('span', { class: 'more', text: 'That was the last lesson of the course.' });
    return h('a', {
      class: 'next-lesson more',
      href: `/lessons/${config.next.number}`,
      text: `On to lesson ${config.next.number}: ${config.next.title} →`,
    });
  }

  /** @param {RunEnd} [end] */
  function render(end = lastEnd) {
    const all = [...results.values()];
    const firstFailing = all.find((result) => result.status === 'failed');
    const headings = [...config.groups];
    for (const result of all) if (!headings.includes(result.group)) headings.push(result.group);
    const sections = headings
      .map((heading, index) => ({
        heading,
        key: `group-${index}`,
        results: all.filter((result) => result.group === heading),
      }))
      // The baseline's heading shows once it has results; a task's shows from the start, waiting.
      .filter((group, index) => group.results.length > 0 || (index > 0 && index < config.groups.length))
      .map((group) => {
        const passed = group.results.filter((result) => result.status === 'passed').length;
        const state =
          group.results.length === 0
            ? 'waiting'
            : passed === group.results.length
              ? 'passed'
              : group.results.some((r) => r.status === 'failed')
                ? 'failed'
                : 'partial';
        return h('section', { class: `task ${state}`, 'aria-labelledby': `${group.key}-title` }, [
          h('h3', { id: `${group.key}-title` }, [
            h('span', { text: group.heading }),
            h('span', {
              class: 'count',
              text: group.results.length === 0 ? (running ? '…' : '–') : `${passed}/${group.results.length}`,
            }),
          ]),
          h(
            'ul',
            { class: 'checks' },
            group.results.map((result) => renderCheck(result, result === firstFailing)),
          ),
        ]);
      });
    const bootNote = end?.bootFailure
      ? h('div', { class: 'boot-failure', role: 'alert' }, [
          h('strong', { text: 'The app did not start, so no check could run.' }),
          h('pre', { text: end.bootFailure }),
          h('p', { text: 'Fix the error above and run the checks again.' }),
        ])
      : undefined;
    const suiteErrors = (end?.suiteErrors ?? []).map((error) =>
      h('div', { class: 'boot-failure', role: 'alert' }, [
        h('strong', { text: error.heading ?? `${error.file} could not run:` }),
        h('pre', { text: error.message }),
      ]),
    );
    const courseLine = end ? h('p', { class: 'course-line', text: end.courseLine }) : undefined;
    container.replaceChildren(
      ...[bootNote, ...suiteErrors, ...(end?.bootFailure ? [] : sections), courseLine].filter(
        (node) => node !== undefined,
      ),
    );
  }

  /** @param {RunResult} result @param {boolean} isNext the first failure: shown in full */
  function renderCheck(result, isNext) {
    const icon = result.status === 'passed' ? '✓' : result.status === 'failed' ? '✗' : '–';
    const head = [
      h('span', { class: 'icon', 'aria-hidden': 'true', text: icon }),
      h('span', { class: 'visually-hidden', text: `${result.status}: ` }),
      h('span', { class: 'title', text: result.title }),
      result.ms !== undefined ? h('span', { class: 'ms', text: `${result.ms} ms` }) : undefined,
    ];
    if (result.status === 'failed' && !isNext) {
      // One line; its details open on demand.
      return h('li', { class: 'check failed folded' }, [
        h('details', {}, [h('summary', {}, head), failureDetails(result, false)]),
      ]);
    }
    const line = h('li', { class: `check ${result.status}` }, head);
    if (result.status === 'skipped')
      line.append(h('p', { class: 'skip-note', text: `Skipped: ${result.message ?? ''}` }));
    if (result.status === 'passed' && result.rerun)
      line.append(
        h('p', {
          class: 'dim rerun-note',
          text: `Passed on a second run, alone with every deadline ×${result.rerun.scale}: ${result.rerun.why}. Slow is fine; it is not a fault of your app.`,
        }),
      );
    if (result.status === 'failed') line.append(failureDetails(result, true));
    return line;
  }

  /** @param {RunResult} result @param {boolean} isNext */
  function failureDetails(result, isNext) {
    const details = h('div', { class: 'failure' }, [h('pre', { class: 'message', text: result.message ?? '' })]);
    if (result.rerunNote) details.append(h('p', { class: 'dim rerun-note', text: result.rerunNote }));
    if (result.kind === 'crash')
      details.append(
        h('p', { class: 'dim', text: 'This looks like a fault in the check, not in your code: please report it.' }),
      );
    if (result.transcript?.length) {
      details.append(
        h('details', { open: isNext }, [
          h('summary', { text: `Transcript (${result.transcript.length} lines)` }),
          h('pre', { class: 'transcript', tabindex: 0, text: result.transcript.join('\n') }),
        ]),
      );
    }
    if (config.solution || !result.hints.length) return details;
    // An earlier task this check stands on is not done: the hint says so first (the run's end knows every result).
    const startsOver = lastEnd?.hintNotes?.[result.title];
    if (startsOver) details.append(h('p', { class: 'dim hint-note', text: startsOver }));
    const lead = lastEnd?.leads?.[result.title] ?? result.lead;
    if (lead) details.append(h('p', { class: 'hint-lead' }, [h('strong', { text: 'First: ' }), lead]));
    const tiers = revealed.get(result.title) ?? [result.hints[0]];
    const hints = h(
      'ol',
      { class: 'hints', 'aria-label': `Hints for “${result.title}”` },
      tiers.map((hint, index) =>
        h('li', { tabindex: -1 }, [
          h('strong', { text: `Hint ${index + 1}/${result.hints.length}: ` }),
          ...linkified(hint),
        ]),
      ),
    );
    details.append(hints);
    if (!isNext) return details;
    const more = /** @type {HTMLButtonElement} */ (h('button', { class: 'more-hint', text: 'More hint' }));
    const done = tiers.length >= result.hints.length;
    more.disabled = done;
    const note = h('p', {
      class: 'dim hint-note',
      role: 'status',
      text: done
        ? 'That was the last hint. Still stuck? Compare with the solution in the Diff tab (Mine → solution).'
        : '',
    });
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
      // The new tier takes the focus (the button may now be disabled): it is read out, and Tab goes on to "More hint".
      /** @type {HTMLElement | null} */ (
        container.querySelector('.check.failed:not(.folded) ol.hints li:last-child')
      )?.focus();
    });
    details.append(h('div', { class: 'hint-bar' }, [more, note]));
    return details;
  }
}
