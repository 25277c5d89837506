/**
 * `text`'s lines, the first indented by `first` spaces and the others by `rest`.
 * @param {string} text @param {number} first @param {number} [rest]
 * @returns {string[]}
 */
export function indentLines(text, first, rest = first) {
  return text.split('\n').map((line, index) => `${' '.repeat(index === 0 ? first : rest)}${line}`);
}

/** `text` with every line indented by `spaces`. @param {string} text @param {number} spaces */
export function indent(text, spaces) {
  return indentLines(text, spaces).join('\n');
}
