import { describe, expect, test } from '@jest/globals';
import { parseCommandArgs } from '../../scripts/lib/cli/cli-args.js';
import { HelpRequested, UsageError } from '../../scripts/lib/cli/usage-error.js';

const spec = {
  command: 'npm run check',
  usage: 'npm run check [lesson] [-- --solution]',
  flags: { solution: { type: 'boolean' as const, describe: 'the solution' } },
};

describe('command arguments', () => {
  test('reads the lesson and the flags', () => {
    expect(parseCommandArgs(spec, ['1', '--solution'], {})).toEqual({ positionals: ['1'], flags: { solution: true } });
  });

  test('takes a flag npm kept for itself (npm run check 1 --solution)', () => {
    expect(parseCommandArgs(spec, ['1'], { npm_config_solution: 'true' }).flags.solution).toBe(true);
  });

  test('refuses an unknown option with the usage', () => {
    expect(() => parseCommandArgs(spec, ['1', '--solutoin'], {})).toThrow(UsageError);
    expect(() => parseCommandArgs(spec, ['1', '--solutoin'], {})).toThrow(
      /unknown option '--solutoin'.*Usage: npm run check/,
    );
  });

  test('answers --help and -h with the usage and each option', () => {
    for (const flag of ['--help', '-h']) {
      expect(() => parseCommandArgs(spec, ['2', flag], {})).toThrow(HelpRequested);
    }
    expect(() => parseCommandArgs(spec, ['--help'], {})).toThrow(
      'Usage: npm run check [lesson] [-- --solution]\n\nOptions (after --):\n  --solution  the solution',
    );
  });

  test('refuses a second lesson', () => {
    expect(() => parseCommandArgs(spec, ['1', '2'], {})).toThrow(
      "npm run check: unexpected argument '2'. Usage: npm run check [lesson] [-- --solution]",
    );
  });
});
