import { setupChecks } from './checks-panel.js';
import { setupDiff } from './diff-panel.js';
import { setupPlayground } from './playground.js';

const config = JSON.parse(document.getElementById('page-config')?.textContent ?? '{}');

setupTabs();
setupChecks(config);
setupPlayground(config);
setupDiff(config);

/** The work pane's tabs: click, or arrow keys on the tab list; `#playground` and `#diff` open theirs. */
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
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step) select(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  });
  const fromHash = tabs.find((tab) => `#${tab.id.replace('tab-', '')}` === location.hash);
  if (fromHash) select(fromHash);
}
