import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';
import { summarizeError } from '../app/error-summary.js';
import { ReportFile } from './report-file.js';
import { indent } from '../cli/terminal.js';

/**
 * @typedef {import('../../../checks/support/check-report.js').CheckResult} CheckResult  declared once, where the checks write it
 * @typedef {import('../../../checks/support/check-failure.js').FailureKind} FailureKind
 *
 * @typedef {object} CheckRun
 * @property {CheckResult[]} results in the order the checks are declared
 * @property {{ file: string, message: string, heading?: string }[]} suiteErrors check files that could not run at all,
 *   or whose app threw an error no check could be blamed for (then `heading` says so)
 * @property {number} ms wall time of the run
 */

/**
 * @typedef {object} RunOptions
 * @property {(result: CheckResult) => void} [onResult] hears each check as it finishes
 * @property {number} [firstTask] runs this task's checks before the others
 * @property {(results: CheckResult[]) => void} [onFirstTaskDone] hears the results of `firstTask`'s checks as
 *   soon as they are all in (once; not at all when the checks ran one at a time, in the order they are declared)
 */

/**
 * Runs check files with Jest, in this process, against `tree`, and collects
 * each check's result from the report file the harness writes.
 * @param {string[]} checkFiles
 * @param {string} tree the directory holding the lesson folders: `lessons`, `solutions` or a copy
 * @param {RunOptions} [options]
 * @returns {Promise<CheckRun>}
 */
export async function runChecks(checkFiles, tree, options = {}) {
  const started = performance.now();
  const run = await runJest(checkFiles, tree, options);
  // Checks run side by side; an error the app left unhandled can only be pinned on the check that caused
  // it when no other check runs beside it, so such a run is repeated one check at a time.
  if (run.unhandled) {
    process.env.COURSE_ONE_AT_A_TIME = '1';
    try {
      const { results, suiteErrors } = await runJest(checkFiles, tree, options);
      return { results, suiteErrors, ms: Math.round(performance.now() - started) };
    } finally {
      delete process.env.COURSE_ONE_AT_A_TIME;
    }
  }
  return { results: run.results, suiteErrors: run.suiteErrors, ms: Math.round(performance.now() - started) };
}

/**
 * @param {string[]} checkFiles @param {string} tree @param {RunOptions} options
 * @returns {Promise<Omit<CheckRun, 'ms'> & { unhandled: boolean }>} `unhandled`: the app left an error unhandled
 */
async function runJest(checkFiles, tree, { onResult, firstTask, onFirstTaskDone }) {
  const report = new ReportFile('check');
  process.env.COURSE_TREE = tree;
  if (firstTask !== undefined) process.env.COURSE_FIRST_TASK = String(firstTask);
  else delete process.env.COURSE_FIRST_TASK;
  // Jest's own command line sets it; its runCLI does not. The lessons' development defaults need it.
  process.env.NODE_ENV ??= 'test';
  const { runCLI } = await import('jest');
  let heard = 0;
  let toldFirstTask = false;
  const listen = () => {
    const lines = report.lines();
    /** @type {CheckResult[]} */
    const reported = [];
    /** @type {string[] | undefined} */
    let firstTaskOrder;
    for (const line of lines) {
      if (line.stalled !== undefined) continue;
      if (line.firstTaskDone === undefined) reported.push(line);
      else firstTaskOrder ??= line.order;
    }
    for (const result of reported.slice(heard)) onResult?.(result);
    heard = reported.length;
    if (firstTaskOrder && !toldFirstTask) {
      toldFirstTask = true;
      const order = firstTaskOrder;
      const place = (/** @type {CheckResult} */ result) => order.indexOf(result.title);
      onFirstTaskDone?.(reported.filter((result) => place(result) !== -1).sort((a, b) => place(a) - place(b)));
    }
  };
  const listener = onResult || onFirstTaskDone ? setInterval(listen, 50) : undefined;
  // Jest catches what the app throws while a check file runs; a stray timer of the app may still throw
  // after the last check ended, when nothing but this listener is left to hear it.
  /** @type {unknown[]} */
  const afterTheChecks = [];
  const hearLateError = (/** @type {unknown} */ error) => afterTheChecks.push(error);
  process.on('uncaughtException', hearLateError);
  process.on('unhandledRejection', hearLateError);
  const { results } = await runCLI(
    {
      _: checkFiles,
      $0: 'check',
      runTestsByPath: true,
      runInBand: checkFiles.length === 1,
      maxWorkers: 2,
      // Several lessons always run in worker processes, even those Jest remembers as fast: an app that loops
      // without end then ends only its own lesson's process, and the other lessons' results still show.
      // (With a memory limit Jest never runs them in band; a worker that grew past it is replaced between files.)
      ...(checkFiles.length > 1 ? { workerIdleMemoryLimit: '2GB' } : {}),
      reporters: [],
      silent: true,
    },
    [REPO_ROOT],
  );
  clearInterval(listener);
  process.off('uncaughtException', hearLateError);
  process.off('unhandledRejection', hearLateError);
  if (listener) listen();
  const { results: reported, stalled } = report.read();
  report.remove();
  const ordered = orderLikeJest(reported, results);
  /** @type {string[]} */
  const stoppedFiles = [];
  const suiteErrors = results.testResults
    // An error Jest pins on the suite and on its checks is reported with the checks.
    .filter(
      (suite) =>
        (suite.testExecError || suite.failureMessage) && !suite.testResults.some((test) => test.status === 'failed'),
    )
    .map((suite) => {
      const file = path.relative(REPO_ROOT, suite.testFilePath);
      const ran = reported.some((result) => suite.testFilePath.endsWith(`${result.lesson}.check.ts`));
      const message = suite.testExecError?.message || suite.failureMessage || '';
      // The stall watch ended the process: the app threw nothing, and the watch said why on stderr.
      if (stalled.some((lesson) => suite.testFilePath.endsWith(`${lesson}.check.ts`))) {
        stoppedFiles.push(file);
        return {
          file,
          heading: `${file} stopped before its checks ended: nothing could run in the process that ran them.`,
          message: 'The app is most likely in a loop that never ends: see the message at the end.',
        };
      }
      if (KILLED_WORKER.test(message)) {
        stoppedFiles.push(file);
        return {
          file,
          heading: `${file} stopped before its checks ended: the process that ran them was killed.`,
          message: 'Something outside the checks ended it: the machine may have run out of memory.',
        };
      }
      return {
        file,
        message: summarizeError(
          suite.testExecError?.stack ||
            suite.testExecError?.message ||
            suite.failureMessage ||
            'the check file could not run',
        ),
        ...(ran
          ? {
              heading: `${file}: while its checks ran, the app threw an error nothing handled (a timer or a callback):`,
            }
          : {}),
      };
    });
  // A file whose process was ended (a stall) threw nothing: running every check again alone would only stall again.
  const thrown = suiteErrors.filter((error) => !stoppedFiles.includes(error.file));
  const unhandled = ordered.some((result) => result.outside) || (thrown.length > 0 && reported.length > 0);
  for (const error of afterTheChecks) {
    const file = checkFiles.map((checkFile) => path.relative(REPO_ROOT, checkFile)).join(', ');
    suiteErrors.push({
      file,
      heading: `${file}: after its checks had ended, the app threw an error nothing handled:`,
      message: lateError(error),
    });
  }
  return { results: ordered.map(({ outside, ...result }) => result), suiteErrors, unhandled };
}

/** What Jest says of a worker process that was killed from outside: the stall watch's SIGKILL, or the system's. */
const KILLED_WORKER = /jest worker process \(pid=\d+\) was terminated by another process: signal=SIGKILL/;

/** An error thrown once the checks were over, where the app left it: a timer or callback still pending when it closed. @param {unknown} error */
export function lateError(error) {
  return summarizeError(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

/**
 * Jest's results list the checks in declaration order; the report file lists
 * them in the order they finished. A check Jest ran that never reported (its
 * test timed out in Jest itself) still shows, as a timeout.
 * @param {CheckResult[]} reported
 * @param {import('@jest/test-result').AggregatedResult} aggregated
 * @returns {(CheckResult & { outside?: true })[]}
 */
function orderLikeJest(reported, aggregated) {
  /** @type {(CheckResult & { outside?: true })[]} */
  const ordered = [];
  for (const suite of aggregated.testResults) {
    const lesson = path.basename(suite.testFilePath).replace(/\.check\.ts$/, '');
    for (const test of suite.testResults) {
      const found = reported.find((result) => result.lesson === lesson && result.title === test.title);
      if (!found) {
        ordered.push(notReported(lesson, test));
      } else if (found.status !== 'failed' && test.status === 'failed') {
        ordered.push(failedOutsideTheCheck(found, test, test.failureMessages));
      } else if (found.status === 'failed' && test.failureMessages.length > 1) {
        // A failed check fails its Jest test with one message; any other is an error the app left unhandled.
        ordered.push(failedOutsideTheCheck(found, test, test.failureMessages.slice(0, -1)));
      } else {
        ordered.push(found);
      }
    }
  }
  return ordered;
}

/**
 * A check Jest ran that never reported: its test timed out in Jest itself.
 * @param {string} lesson @param {import('@jest/test-result').AssertionResult} test
 * @returns {CheckResult}
 */
function notReported(lesson, test) {
  return {
    lesson,
    tree: process.env.COURSE_TREE ?? 'lessons',
    title: test.title,
    status: 'failed',
    kind: 'timeout',
    message: `The check did not report a result. Jest said: ${(test.failureMessages[0] ?? 'nothing').split('\n')[0]}`,
    hints: [],
    baseline: false,
    ms: test.duration ?? 0,
  };
}

/**
 * The check's own steps passed, but Jest caught an error nothing in the app
 * handled (a rejected promise, an exception in a callback) while it ran.
 * @param {CheckResult} found @param {import('@jest/test-result').AssertionResult} test
 * @param {string[]} messages Jest's messages of the errors the app left unhandled
 * @returns {CheckResult & { outside: true }}
 */
function failedOutsideTheCheck(found, test, messages) {
  const cause = indent(summarizeError(messages.join('\n')), 2);
  const unhandled = `While this check ran, the app let an error go unhandled (a rejected promise or an exception in a callback); outside the checks it would end the process:\n${cause}`;
  return {
    ...found,
    status: 'failed',
    kind: found.kind ?? 'assertion',
    message: found.status === 'failed' ? `${found.message}\n${unhandled}` : unhandled,
    outside: true,
  };
}
