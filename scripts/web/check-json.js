import { existsSync, readFileSync, writeSync } from 'node:fs';
import { findLesson } from '../lib/catalog.js';
import { tally } from '../lib/check-output.js';
import { parseCommandArgs } from '../lib/cli-args.js';
import { ProgressStore } from '../lib/progress.js';
import { runChecks } from '../lib/run-checks.js';
import { runCommand, UsageError } from '../lib/usage-error.js';

/**
 * `node --experimental-vm-modules scripts/web/check-json.js N [--solution]`:
 * the lesson's checks, as `npm run check N` runs and records them, written as
 * JSON lines: `{"type":"result", …}` as each check finishes, then
 * `{"type":"end", passed, failed, skipped, total, bootFailure, suiteErrors}`.
 * The course page runs this until check.js has a `--json` mode of its own.
 */
const spec = {
  command: 'check-json',
  usage: 'node scripts/web/check-json.js <lesson> [--solution]',
  flags: { solution: { type: /** @type {const} */ ('boolean'), describe: 'check the reference solution' } },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec, process.argv.slice(2), {});
  const lesson = findLesson(positionals[0]);
  if (!existsSync(lesson.checkFile)) throw new UsageError(`no checks for lesson ${lesson.number} yet`);
  const solution = Boolean(flags.solution);
  // Jest, running in this process, swallows what goes through process.stdout while the checks run.
  const write = (/** @type {object} */ line) => writeAll(`${JSON.stringify(line)}\n`);
  const running = runChecks([lesson.checkFile], solution ? 'solutions' : 'lessons');
  // runChecks names its report file in the environment before its first await.
  const reportFile = process.env.COURSE_REPORT_FILE ?? '';
  const sent = new Map();
  const sendNew = () => {
    let text = '';
    try {
      text = readFileSync(reportFile, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const result = JSON.parse(line);
      if (sent.has(result.title)) continue;
      sent.set(result.title, line);
      write({ type: 'result', ...result });
    }
  };
  const poll = setInterval(sendNew, 100);
  const run = await running.finally(() => clearInterval(poll));
  // The run's final word: a check Jest failed outside the check, or one that never reported.
  for (const result of run.results) {
    if (sent.get(result.title) !== JSON.stringify(result)) write({ type: 'result', ...result });
  }
  const counts = tally(run.results);
  const failures = run.results.filter((result) => result.status === 'failed');
  const bootFailure = failures.length > 0 && failures.length === run.results.length && failures.every((result) => result.kind === 'boot');
  if (!solution && run.results.length > 0) {
    const checks = run.results.map(({ title, status, hints }) => ({ title, status, hints }));
    new ProgressStore().recordRun(lesson.slug, { ...counts, at: new Date().toISOString(), checks });
  }
  write({ type: 'end', ...counts, failed: counts.failed + run.suiteErrors.length, bootFailure, suiteErrors: run.suiteErrors, ms: run.ms });
  return 0;
});

/** Writes to fd 1 whatever Jest did to process.stdout; a full pipe is retried. @param {string} text */
function writeAll(text) {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(1, rest));
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EAGAIN') throw error;
    }
  }
}
