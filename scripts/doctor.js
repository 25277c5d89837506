import { parseCommandArgs } from './lib/cli/cli-args.js';
import { chromium, dependencies, git, nodeVersion, ports } from './lib/doctor/machine-probes.js';
import { redis } from './lib/doctor/redis-probe.js';
import { solutionRun } from './lib/doctor/solution-probe.js';
import { colors } from './lib/cli/terminal.js';
import { runCommand } from './lib/cli/usage-error.js';

/**
 * Is this machine ready for the course? Each finding says what it found and,
 * when something is missing, how to fix it. Exit 1 when the course cannot work.
 */
const spec = {
  command: 'npm run doctor',
  usage: 'npm run doctor [-- --quick]',
  flags: { quick: { type: /** @type {const} */ ('boolean'), describe: "skip the run of lesson 1's checks" } },
  maxPositionals: 0,
};

const MARK = { ok: colors.green('✓'), warn: colors.yellow('!'), fail: colors.red('✗') };

await runCommand(async () => {
  const { flags } = parseCommandArgs(spec);
  /** @type {import('./lib/doctor/finding.js').Finding[]} */
  const findings = [];
  const show = (/** @type {import('./lib/doctor/finding.js').Finding} */ finding) => {
    findings.push(finding);
    if (process.stdout.isTTY) process.stdout.write('\r\u001b[K');
    console.log(`  ${MARK[finding.status]} ${finding.title}`);
    if (finding.fix) console.log(colors.dim(`      fix: ${finding.fix}`));
  };
  console.log(colors.bold('Checking this machine for the course'));
  show(nodeVersion());
  const installed = dependencies();
  show(installed);
  show(git());
  show(await ports());
  if (installed.status === 'ok') show(await redis());
  show(chromium());
  if (installed.status === 'ok' && !flags.quick) {
    if (process.stdout.isTTY) process.stdout.write(colors.dim("  … running lesson 1's checks on its solution"));
    show(await solutionRun());
  }
  const failed = findings.filter((finding) => finding.status === 'fail').length;
  console.log(
    failed === 0
      ? `\nReady: npm run lesson 1`
      : `\n${failed} problem${failed === 1 ? '' : 's'} to fix first (the ✗ lines above).`,
  );
  return failed === 0 ? 0 : 1;
});
