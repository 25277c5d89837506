import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { selfTest } from '../jest.config.js';
import { REPO_ROOT } from './lib/catalog.js';
import { parseCommandArgs } from './lib/cli-args.js';
import { runCommand } from './lib/usage-error.js';

/**
 * `npm test`: the course tests itself. Type-checks every tree, unit-tests the
 * scripts, runs every lesson's checks on its solution (all must pass) and on
 * its untouched starter (each non-baseline check must fail with an
 * assertion), lints each lesson's shape and snapshots what a learner sees.
 * Ends with the line `course: N passed, M failed`.
 */
const spec = {
  command: 'npm test',
  usage: 'npm test [-- <project or file filter>]',
  flags: {},
  maxPositionals: 10,
};

await runCommand(async () => {
  const { positionals } = parseCommandArgs(spec);
  const reportDir = path.join(REPO_ROOT, '.course', 'runs');
  mkdirSync(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, `self-test-${process.pid}.jsonl`);
  process.env.COURSE_REPORT_FILE = reportFile;
  const { runCLI } = await import('jest');
  const { results } = await runCLI(
    {
      _: positionals,
      $0: 'npm test',
      config: JSON.stringify({ ...selfTest, rootDir: REPO_ROOT }),
      maxWorkers: 2,
    },
    [REPO_ROOT],
  );
  const skips = readSkips(reportFile);
  rmSync(reportFile, { force: true });
  const skipped = skips.length;
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const passed = results.numPassedTests - skipped;
  const skippedNote = skipped > 0 ? `, ${skipped} skipped` : '';
  for (const skip of skips) console.log(`skipped: ${skip.lesson} (${skip.tree}) "${skip.title}": ${skip.message}`);
  console.log(`course: ${passed} passed, ${failed} failed${skippedNote}`);
  return failed === 0 && results.success ? 0 : 1;
});

/**
 * Checks that ended with t.skip(), which Jest counts as passed.
 * @param {string} file
 * @returns {{ lesson: string, tree: string, title: string, message: string }[]}
 */
function readSkips(file) {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((result) => result.status === 'skipped');
  } catch {
    return [];
  }
}
