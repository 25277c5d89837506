import { parseArgs } from 'node:util';
import { HelpRequested, UsageError } from './usage-error.js';

/**
 * @typedef {{ type: 'boolean' | 'string', describe: string }} FlagSpec
 * @typedef {{ command: string, usage: string, flags: Record<string, FlagSpec>, maxPositionals?: number }} CommandSpec
 */

/**
 * Parses a command's arguments. `npm run check 1 --solution` (without `--`)
 * reaches us as npm_config_solution=true, so that spelling works too.
 * @param {CommandSpec} spec
 * @param {string[]} argv
 * @returns {{ positionals: string[], flags: Record<string, string | boolean | undefined> }}
 */
export function parseCommandArgs(spec, argv = process.argv.slice(2), env = process.env) {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested(helpText(spec));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(Object.entries(spec.flags).map(([name, flag]) => [name, { type: flag.type }])),
    });
  } catch (error) {
    // parseArgs explains how to pass an argument that starts with '-': the first sentence is the mistake.
    const detail = String(/** @type {{ message?: unknown }} */ (error)?.message ?? error)
      .split('. ')[0]
      .replace(/\.$/, '');
    throw new UsageError(`${spec.command}: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}. Usage: ${spec.usage}`);
  }
  const flags = /** @type {Record<string, string | boolean | undefined>} */ ({ ...parsed.values });
  for (const [name, flag] of Object.entries(spec.flags)) {
    const fromNpm = env[`npm_config_${name.replaceAll('-', '_')}`];
    if (flags[name] === undefined && fromNpm !== undefined && fromNpm !== '') {
      flags[name] = flag.type === 'boolean' ? fromNpm === 'true' : fromNpm;
    }
  }
  const max = spec.maxPositionals ?? 1;
  if (parsed.positionals.length > max) {
    throw new UsageError(`${spec.command}: unexpected argument '${parsed.positionals[max]}'. Usage: ${spec.usage}`);
  }
  return { positionals: parsed.positionals, flags };
}

/** The usage line and each option with what it does. @param {CommandSpec} spec */
function helpText(spec) {
  const names = Object.entries(spec.flags).map(
    ([name, flag]) => `--${name}${flag.type === 'string' ? ' <value>' : ''}`,
  );
  const width = Math.max(0, ...names.map((name) => name.length));
  const options = Object.values(spec.flags).map((flag, index) =>
    `  ${names[index].padEnd(width)}  ${flag.describe ?? ''}`.trimEnd(),
  );
  return [`Usage: ${spec.usage}`, ...(options.length ? ['', 'Options (after --):', ...options] : [])].join('\n');
}
