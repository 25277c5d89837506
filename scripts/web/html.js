/** Text made safe for HTML content and attribute values. @param {unknown} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON safe inside a `<script type="application/json">` element. @param {unknown} value */
export function jsonForScript(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
