import { parseCommandArgs } from '../lib/cli/cli-args.js';
import { findLesson } from '../lib/course/catalog.js';
import { colors } from '../lib/cli/terminal.js';
import { runCommand } from '../lib/cli/usage-error.js';
import '../lib/app/exit-with-parent.js';
import { parsePort } from '../lib/net/ports.js';
import { startCourseSite } from './start.js';

/**
 * `npm run web`: the course site alone, for the lesson text, the checks and
 * the diffs, without running an app (the playground needs `npm run lesson N`).
 */
const spec = {
  command: 'npm run web',
  usage: 'npm run web [lesson] [-- --solution]',
  flags: {
    solution: { type: /** @type {const} */ ('boolean'), describe: 'run the checks against the reference solutions' },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  const lesson = positionals.length > 0 ? findLesson(positionals[0]) : undefined;
  const port = parsePort('COURSE_PORT', process.env.COURSE_PORT, 4000);
  const site = await startCourseSite({
    port,
    solution: Boolean(flags.solution),
    apps: {},
    lesson,
    command: 'npm run web',
  });
  if (!site) return 1;
  console.log(`${colors.green('▶')} Course page: ${colors.bold(site.url)}`);
  console.log(colors.dim('The playground talks to a running app: start one with npm run lesson N. Ctrl+C to stop.'));
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, async () => {
      await site.close();
      process.exit(0);
    });
  }
  return new Promise(() => {});
});
