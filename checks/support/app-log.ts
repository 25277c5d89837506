/**
 * While a check runs, whatever the app prints (Nest's logger writes straight
 * to stdout and stderr) goes to the check's transcript instead of the screen,
 * so a learner sees their app's errors next to the traffic that caused them.
 */
export class AppLog {
  private readonly originals = { out: process.stdout.write, err: process.stderr.write };

  constructor(private readonly record: (line: string) => void) {}

  start(): void {
    process.stdout.write = this.capture();
    process.stderr.write = this.capture();
  }

  stop(): void {
    process.stdout.write = this.originals.out;
    process.stderr.write = this.originals.err;
  }

  private capture(): typeof process.stdout.write {
    return ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      for (const line of String(chunk).split('\n')) {
        const clean = simplify(line);
        if (clean) this.record(`app: ${clean}`);
      }
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  }
}

/** `[Nest] 4242  - 11/22/2026, 10:00:00 AM   ERROR [ChatGateway] boom` → `ERROR [ChatGateway] boom` */
function simplify(line: string): string {
  return line
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/^\[Nest\]\s+\d+\s+-\s+.*?\s{2,}/, '')
    .replace(/\s+\+\d+ms$/, '')
    .trim();
}
