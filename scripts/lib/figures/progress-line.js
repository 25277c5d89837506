/**
 * One line of progress on stderr: rewritten in place on a terminal, plain
 * lines otherwise (at most one a second, unless a step asks to be shown),
 * so a log or a CI run reads as a list of steps.
 */
export class ProgressLine {
  /** @param {NodeJS.WriteStream} [stream] */
  constructor(stream = process.stderr, now = () => Date.now()) {
    this.stream = stream;
    this.now = now;
    this.tty = Boolean(stream.isTTY);
    this.shown = '';
    this.lastPlainAt = -Infinity;
    this.muted = false;
  }

  /** @param {string} text @param {{ step?: boolean }} [options] a step is always shown in plain mode */
  update(text, { step = false } = {}) {
    if (this.muted || text === this.shown) return;
    if (this.tty) {
      const width = Math.max(20, (this.stream.columns || 80) - 1);
      this.stream.write(`\r\u001b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      this.shown = text;
      return;
    }
    if (!step && this.now() - this.lastPlainAt < 1000) return;
    this.stream.write(`${text}\n`);
    this.shown = text;
    this.lastPlainAt = this.now();
  }

  /** Clears the line on a terminal, so the table starts on a clean one. */
  clear() {
    if (this.tty && this.shown) this.stream.write('\r\u001b[K');
    this.shown = '';
  }

  /** Clears the line for good: what still reports progress (while Ctrl+C closes everything) is not shown. */
  mute() {
    this.clear();
    this.muted = true;
  }
}

/** `[████░░░░░░]` for a fraction from 0 to 1. @param {number} fraction @param {number} [width] */
export function renderBar(fraction, width = 24) {
  const done = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'█'.repeat(done)}${'░'.repeat(width - done)}]`;
}
