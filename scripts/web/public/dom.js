/**
 * Small helpers shared by the page's scripts: building elements without
 * innerHTML (text from checks and from the app is never parsed as HTML),
 * times for the logs, and the page's own POSTs.
 */

/**
 * @param {string} tag
 * @param {Record<string, string | boolean | number | undefined>} [attributes]
 * @param {(Node | string | undefined | false)[]} [children]
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Text with its http(s) links made clickable, as nodes. @param {string} text @returns {Node[]} */
export function linkified(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s)<>"']+[^\s)<>"'.,;:]/g)) {
    nodes.push(document.createTextNode(text.slice(last, match.index)));
    nodes.push(h('a', { href: match[0], target: '_blank', rel: 'noopener noreferrer', text: match[0] }));
    last = (match.index ?? 0) + match[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/** `12:03:04.123` @param {Date} [date] */
export function clock(date = new Date()) {
  const pad = (/** @type {number} */ value, /** @type {number} */ width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * A POST to the course site (the browser adds our Origin, which the site requires).
 * @param {string} url @param {unknown} [body]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

/** A value for a log line: JSON, shortened. @param {unknown} value */
export function show(value) {
  if (value === undefined) return '';
  let text;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 400 ? `${text.slice(0, 399)}…` : text;
}

/** A token shown in a log: enough to recognise it, not to use it. @param {string} token */
export function shortToken(token) {
  return typeof token === 'string' && token.length > 16 ? `${token.slice(0, 12)}…` : String(token);
}

/**
 * A live log: an element with role `log`, one line per entry with its time.
 * @param {string} label its accessible name
 */
export function createLog(label) {
  const element = h('div', { role: 'log', 'aria-label': label, 'aria-live': 'polite', class: 'log', tabindex: 0 });
  return {
    element,
    /** @param {string} direction '→', '←', '✗', '·' @param {string} text @param {string} [kind] */
    add(direction, text, kind = '') {
      const line = h('div', { class: `entry ${kind}` }, [
        h('time', { text: clock() }),
        h('span', { class: 'dir', text: direction }),
        h('span', { class: 'what', text }),
      ]);
      element.append(line);
      while (element.childElementCount > 500) element.firstElementChild?.remove();
      element.scrollTop = element.scrollHeight;
    },
    clear() {
      element.replaceChildren();
    },
  };
}
