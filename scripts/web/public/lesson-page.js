import { setupChecks } from './checks-panel.js';
import { setupDiff } from './diff-panel.js';
import { setupPlayground } from './playground.js';

/** @type {import('./page-config.js').PageConfig} */
const config = JSON.parse(document.getElementById('page-config')?.textContent ?? '{}');

setupChecks(config);
setupPlayground(config);
setupDiff(config);
// Last: the tab a `#playground` link opens tells the panels it is shown, and they listen by now.
setupTabs();
setupPaneSwitch();

/** The work pane's tabs: click, or the arrow keys, Home and End on the tab list; `#playground` and `#diff` open theirs. */
function setupTabs() {
  const tabs = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('[role="tab"]')]);
  const select = (/** @type {HTMLButtonElement} */ tab, focus = false) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(other.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    document.dispatchEvent(new CustomEvent('tab-shown', { detail: tab.id }));
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      select(tabs[(to + tabs.length) % tabs.length], true);
    });
  });
  const fromHash = tabs.find((tab) => `#${tab.id.replace('tab-', '')}` === location.hash);
  select(fromHash ?? tabs[0]);
  if (fromHash) showPane('work');
}

/** On a phone the page shows the lesson or the work pane, with a switch between them. */
function setupPaneSwitch() {
  for (const [id, pane] of /** @type {const} */ ([
    ['show-lesson', 'lesson'],
    ['show-work', 'work'],
  ])) {
    document.getElementById(id)?.addEventListener('click', () => showPane(pane));
  }
  // The skip link leads to the work pane: on a phone, show it first.
  document.querySelector('a.skip')?.addEventListener('click', () => showPane('work'));
}

/** @param {'lesson' | 'work'} pane */
function showPane(pane) {
  const layout = /** @type {HTMLElement | null} */ (document.querySelector('main.layout'));
  if (!layout) return;
  layout.dataset.show = pane;
  document.getElementById('show-lesson')?.setAttribute('aria-pressed', String(pane === 'lesson'));
  document.getElementById('show-work')?.setAttribute('aria-pressed', String(pane === 'work'));
  window.scrollTo(0, 0);
}
