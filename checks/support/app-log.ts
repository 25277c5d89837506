import { stripVTControlCharacters } from 'node:util';
import { currentCheck, runningChecks } from './current-check.js';

/** How a line the app printed starts in a transcript (`t.appLog()` reads them back). */
export const APP_LINE = 'app: ';

/**
 * While checks run, whatever the apps print (Nest's logger writes straight to stdout and stderr) goes to
 * the transcript of the check whose app printed it, instead of the screen, so a learner sees their app's
 * errors next to the traffic that caused them. A line printed outside any check's async context goes to
 * every check running at that moment.
 */
export class AppLog {
  private static users = 0;
  private static readonly originals = { out: process.stdout.write, err: process.stderr.write };

  static start(): void {
    AppLog.users += 1;
    if (AppLog.users > 1) return;
    process.stdout.write = capture(AppLog.originals.out);
    process.stderr.write = capture(AppLog.originals.err);
  }

  /**
   * After the last check, what an app prints goes to the screen again, except Nest's log lines: an app its
   * check could not close (closing is a task not done yet) goes on logging after the check file ended, a
   * Redis reconnecting say, in between the learner's progress line and the results.
   */
  static stop(): void {
    AppLog.users -= 1;
    if (AppLog.users > 0) return;
    process.stdout.write = capture(AppLog.originals.out);
    process.stderr.write = capture(AppLog.originals.err);
  }
}

function capture(original: typeof process.stdout.write): typeof process.stdout.write {
  return function write(this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]) {
    const owner = currentCheck();
    const readers = owner ? [owner] : runningChecks();
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (readers.length === 0) {
      // An app its check left open goes on logging once no check reads it (see AppLog.stop).
      if (NEST_LINE.test(stripVTControlCharacters(String(chunk)))) {
        callback?.();
        return true;
      }
      return original.call(this, chunk, ...(rest as [BufferEncoding]));
    }
    for (const line of String(chunk).split('\n')) {
      const clean = simplify(line);
      if (clean) for (const reader of readers) reader.transcript.add(`${APP_LINE}${clean}`);
    }
    callback?.();
    return true;
  } as typeof process.stdout.write;
}

/** A line of Nest's logger: `[Nest] 4242  - 11/22/2026, 10:00:00 AM   WARN [Redis] …`. */
const NEST_LINE = /^\[Nest\] \d+ /;

/** `[Nest] 4242  - 11/22/2026, 10:00:00 AM   ERROR [ChatGateway] boom` → `ERROR [ChatGateway] boom` */
function simplify(line: string): string {
  return stripVTControlCharacters(line)
    .replace(/^\[Nest\]\s+\d+\s+-\s+.*?\s{2,}/, '')
    .replace(/\s+\+\d+ms$/, '')
    .trim();
}
