/** A mistake in how a command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** `--help` or `-h`: the message is the command's usage, printed on stdout, exit code 0. */
export class HelpRequested extends Error {}

/**
 * Runs a command's main function: a UsageError becomes one line on stderr and
 * exit code 2; anything else is a bug in the course and keeps its stack.
 * @param {() => Promise<number | void>} main resolves with the exit code
 */
export async function runCommand(main) {
  try {
    const code = await main();
    process.exit(code ?? 0);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${error.message}\n`);
      process.exit(0);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/**
 * The app under load did not do what its lesson's contract says (a refused
 * login, a room that never acknowledges, no message delivered): printed as
 * one line, exit code 1. Bad input is a UsageError instead (exit code 2).
 */
export class BenchFailure extends Error {}
