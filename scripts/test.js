import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfTest } from '../jest.config.js';
import { proveTasks, renderProofTable } from './lib/checks/task-proof.js';
import { listLessons, REPO_ROOT } from './lib/course/catalog.js';
import { colors } from './lib/cli/terminal.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { ReportFile } from './lib/checks/report-file.js';
import { runCommand } from './lib/cli/usage-error.js';
import { exitOnTermination } from './lib/net/host-exit.js';

/**
 * `npm test`: the course tests itself. Type-checks every tree, unit-tests the
 * scripts, runs every lesson's checks on its solution (all must pass) and on
 * its untouched starter (each non-baseline check must fail with an
 * assertion), lints each lesson's shape and snapshots what a learner sees,
 * then proves every task needed: undone alone in a solved copy, its own check fails first.
 * Ends with the line `course: N passed, M failed`.
 */
const spec = {
  command: 'npm test',
  usage: 'npm test [-- <project or file filter>] [-- --update-snapshots]',
  flags: {
    'update-snapshots': {
      type: /** @type {const} */ ('boolean'),
      describe: 'rewrite the snapshots of what a learner sees',
    },
  },
  maxPositionals: 10,
};

// Terminated, the self-test still stops the redis-servers and check runs it started.
exitOnTermination((signal) => process.stderr.write(`\nThe self-test was stopped (${signal}).\n`));

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  const report = new ReportFile('self-test');
  // Jest's own command line sets it; its runCLI does not. The lessons' development defaults need it.
  process.env.NODE_ENV ??= 'test';
  // The self-test's runs are not the learner's: they keep their progress apart, and leave none behind.
  const progressDir = mkdtempSync(path.join(tmpdir(), 'course-self-test-'));
  process.env.COURSE_PROGRESS_FILE ??= path.join(progressDir, 'progress.json');
  const { runCLI } = await import('jest');
  const { results } = await runCLI(
    {
      _: positionals,
      $0: 'npm test',
      config: JSON.stringify({ ...selfTest, rootDir: REPO_ROOT }),
      maxWorkers: 2,
      ...(flags['update-snapshots'] ? { updateSnapshot: true } : {}),
    },
    [REPO_ROOT],
  );
  // Jest counts a check that ended with t.skip() as passed.
  const skips = report.read().results.filter((result) => result.status === 'skipped');
  report.remove();
  rmSync(progressDir, { recursive: true, force: true });
  // Tests Jest skipped itself (test.skip, describe.skip): their titles say why, e.g. the browser tests without Chromium.
  const pending = results.testResults.flatMap((file) =>
    file.testResults.filter((test) => test.status === 'pending').map((test) => test.fullName),
  );
  const proofs = wantsTaskProofs(positionals) ? await proveEveryTask() : [];
  const unproven = proofs.filter((proof) => !proof.proven).length;
  const skipped = skips.length + pending.length;
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites + unproven;
  const passed = results.numPassedTests - skips.length + proofs.length - unproven;
  const skippedNote = skipped > 0 ? `, ${skipped} skipped` : '';
  for (const skip of skips) console.log(`skipped: ${skip.lesson} (${skip.tree}) "${skip.title}": ${skip.message}`);
  for (const title of pending) console.log(`skipped: ${title}`);
  console.log(`course: ${passed} passed, ${failed} failed${skippedNote}`);
  return failed === 0 && unproven === 0 && results.success ? 0 : 1;
});

/** The per-task proof runs with the whole self-test, or alone with `npm test -- tasks`. @param {string[]} filters */
function wantsTaskProofs(filters) {
  return filters.length === 0 || filters.includes('tasks');
}

/** Every task of every lesson, undone alone in a solved copy: its own check must fail first. */
async function proveEveryTask() {
  const started = performance.now();
  process.stdout.write('\nProving each task needed (undone alone in a solved copy) …\n');
  const proofs = [];
  for (const lesson of listLessons()) proofs.push(...(await proveTasks(lesson)));
  console.log(renderProofTable(proofs, colors).join('\n'));
  console.log(colors.dim(`(${proofs.length} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`));
  return proofs;
}
