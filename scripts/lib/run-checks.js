import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './catalog.js';

/**
 * @typedef {object} CheckResult  one check's result, as checks/support/check-report.ts writes it
 * @property {string} lesson
 * @property {string} tree
 * @property {string} title
 * @property {'passed' | 'failed' | 'skipped'} status
 * @property {'assertion' | 'boot' | 'timeout' | 'crash'} [kind]
 * @property {string} [message]
 * @property {string[]} [transcript]
 * @property {string[]} hints
 * @property {boolean} baseline
 * @property {number} ms
 *
 * @typedef {object} CheckRun
 * @property {CheckResult[]} results in the order the checks are declared
 * @property {{ file: string, message: string }[]} suiteErrors check files that could not run at all
 * @property {number} ms wall time of the run
 */

/**
 * Runs check files with Jest, in this process, against `tree`, and collects
 * each check's result from the report file the harness writes.
 * @param {string[]} checkFiles
 * @param {'lessons' | 'solutions'} tree
 * @returns {Promise<CheckRun>}
 */
export async function runChecks(checkFiles, tree) {
  const started = performance.now();
  const reportDir = path.join(REPO_ROOT, '.course', 'runs');
  mkdirSync(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, `${process.pid}-${Date.now()}.jsonl`);
  process.env.COURSE_TREE = tree;
  process.env.COURSE_REPORT_FILE = reportFile;
  const { runCLI } = await import('jest');
  const { results } = await runCLI(
    {
      _: checkFiles,
      $0: 'check',
      runTestsByPath: true,
      runInBand: checkFiles.length === 1,
      maxWorkers: 2,
      reporters: [],
      silent: true,
    },
    [REPO_ROOT],
  );
  const reported = readReport(reportFile);
  rmSync(reportFile, { force: true });
  return {
    results: orderLikeJest(reported, results),
    suiteErrors: results.testResults
      .filter((suite) => suite.testExecError || (suite.failureMessage && suite.testResults.length === 0))
      .map((suite) => ({
        file: path.relative(REPO_ROOT, suite.testFilePath),
        message: suite.testExecError?.message ?? suite.failureMessage ?? 'the check file could not run',
      })),
    ms: Math.round(performance.now() - started),
  };
}

/** @param {string} file @returns {CheckResult[]} */
function readReport(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/**
 * Jest's results list the checks in declaration order; the report file lists
 * them in the order they finished. A check Jest ran that never reported (its
 * test timed out in Jest itself) still shows, as a timeout.
 * @param {CheckResult[]} reported
 * @param {import('@jest/test-result').AggregatedResult} aggregated
 * @returns {CheckResult[]}
 */
function orderLikeJest(reported, aggregated) {
  /** @type {CheckResult[]} */
  const ordered = [];
  for (const suite of aggregated.testResults) {
    const lesson = path.basename(suite.testFilePath).replace(/\.check\.ts$/, '');
    for (const test of suite.testResults) {
      const found = reported.find((result) => result.lesson === lesson && result.title === test.title);
      ordered.push(
        found ?? {
          lesson,
          tree: process.env.COURSE_TREE ?? 'lessons',
          title: test.title,
          status: 'failed',
          kind: 'timeout',
          message: `The check did not report a result. Jest said: ${firstLine(test.failureMessages[0])}`,
          hints: [],
          baseline: false,
          ms: test.duration ?? 0,
        },
      );
    }
  }
  return ordered;
}

/** @param {string | undefined} text */
function firstLine(text) {
  return (text ?? 'nothing').split('\n')[0];
}
