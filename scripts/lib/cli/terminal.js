/** Colours for the course's own output: on for a TTY unless NO_COLOR is set; FORCE_COLOR turns them on anyway. */
export function colorEnabled(stream = process.stdout) {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** @param {boolean} enabled */
export function palette(enabled) {
  /** @param {string} open @param {string} close */
  const style = (open, close) => (/** @type {string} */ text) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: style('1', '22'),
    dim: style('2', '22'),
    italic: style('3', '23'),
    underline: style('4', '24'),
    red: style('31', '39'),
    green: style('32', '39'),
    yellow: style('33', '39'),
    blue: style('34', '39'),
    magenta: style('35', '39'),
    cyan: style('36', '39'),
  };
}

/** @typedef {ReturnType<typeof palette>} Palette */

export const colors = palette(colorEnabled());

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

/** Visible width: ANSI colour codes take no room. @param {string} text */
export function visibleLength(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** Word-wraps on spaces, counting only visible characters. @param {string} text @param {number} width */
export function wrap(text, width) {
  /** @type {string[]} */
  const lines = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && visibleLength(line) + 1 + visibleLength(word) > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}
