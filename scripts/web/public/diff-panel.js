import { h, post } from './dom.js';

/** The Diff tab: starter → solution, or mine → solution, rendered by diff2html on the server. */
export function setupDiff(/** @type {import('./page-config.js').PageConfig} */ config) {
  const target = /** @type {HTMLElement} */ (document.getElementById('diff'));

  /**
   * While checks still fail the diff gives the rest of the answer away: say so once, offer the next hint.
   * @param {{ passed: number, total: number }} gate @param {() => void} again
   */
  const askFirst = (gate, again) => {
    const show = h('button', { type: 'button', text: 'Show the solution' });
    const hint = h('button', { type: 'button', text: 'The next hint instead' });
    show.addEventListener('click', async () => {
      await post(`/api/lessons/${config.lesson.number}/solution-shown`);
      again();
    });
    hint.addEventListener('click', () => {
      document.getElementById('tab-checks')?.click();
      /** @type {HTMLButtonElement | null} */ (document.querySelector('#results .more-hint'))?.focus();
    });
    target.replaceChildren(
      h('div', { class: 'solution-gate', role: 'group', 'aria-label': 'Show the solution?' }, [
        h('p', {
          text: `Your last run passed ${gate.passed} of ${gate.total} checks: the diff shows the solution to what is left. The next hint is a smaller step.`,
        }),
        h('p', { class: 'actions' }, [hint, show]),
      ]),
    );
    hint.focus();
  };
  const buttons = { starter: document.getElementById('diff-starter'), mine: document.getElementById('diff-mine') };
  for (const [from, button] of Object.entries(buttons)) {
    button?.addEventListener('click', async () => {
      for (const other of Object.values(buttons)) other?.setAttribute('aria-pressed', String(other === button));
      target.replaceChildren(h('p', { class: 'dim', text: 'Loading the diff…' }));
      try {
        const response = await fetch(`/api/lessons/${config.lesson.number}/diff?from=${from}`);
        const { html, changedFiles, error, gate } = await response.json();
        if (error) throw new Error(error);
        if (gate) return askFirst(gate, () => button.click());
        const what = from === 'mine' ? 'your code' : 'the starter';
        const heading = h('p', {
          class: 'diff-summary',
          text:
            changedFiles === 0
              ? `No differences between ${what} and the solution.`
              : `${changedFiles} file${changedFiles === 1 ? '' : 's'} differ between ${what} and the solution (src/ only).`,
        });
        const body = h('div', { class: 'diff-body' });
        // diff2html's markup, made on our server from the course's own files (it escapes the code).
        body.innerHTML = html;
        // A file's code scrolls sideways: focusable, and named, so the keyboard can scroll it.
        for (const file of body.querySelectorAll('.d2h-file-diff')) {
          file.setAttribute('tabindex', '0');
          file.setAttribute('role', 'region');
          file.setAttribute(
            'aria-label',
            `Changes in ${file.closest('.d2h-file-wrapper')?.querySelector('.d2h-file-name')?.textContent?.trim() ?? 'a file'}`,
          );
        }
        target.replaceChildren(heading, body);
      } catch (error) {
        target.replaceChildren(
          h('p', {
            class: 'error',
            text: `Could not load the diff: ${error instanceof Error ? error.message : error}`,
          }),
        );
      }
    });
  }
}
