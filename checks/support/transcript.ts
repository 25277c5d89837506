import { shortenTranscript } from './transcript-shortening.js';

/** What a check did and saw, with times relative to the check's start. */
export class Transcript {
  private readonly startedAt = performance.now();
  private readonly lines: { at: number; text: string }[] = [];

  add(text: string): void {
    this.lines.push({ at: performance.now() - this.startedAt, text });
  }

  /** A place in the transcript, to read what was added after it with `since`. */
  mark(): number {
    return this.lines.length;
  }

  since(mark: number): string[] {
    return this.lines.slice(mark).map(({ text }) => text);
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** At most `maxLines` lines (and a note where some are left out): see shortenTranscript. */
  render(maxLines = 40): string[] {
    return shortenTranscript(this.lines, maxLines).map(({ at, text }) =>
      at === undefined ? text : `${`+${Math.round(at)} ms`.padEnd(10)}${text}`,
    );
  }
}
