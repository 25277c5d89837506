import { parseCommandArgs } from './lib/cli/cli-args.js';
import { colors } from './lib/cli/terminal.js';
import { runCommand } from './lib/cli/usage-error.js';
import { parseBenchRequest, USAGE } from './lib/load/bench-options.js';
import './lib/app/exit-with-parent.js';

/**
 * `npm run bench N`: a bounded load against the learner's running app (or the
 * solution), with a table of figures. The maintainers' timing of the course
 * loop is `npm run time-course` (scripts/timing).
 */
const spec = {
  command: 'npm run bench',
  usage: USAGE,
  flags: {
    solution: {
      type: /** @type {const} */ ('boolean'),
      describe: "start the lesson's solution on a free port and load it, instead of your app",
    },
    url: {
      type: /** @type {const} */ ('string'),
      describe: "your app's address, on this machine (default http://localhost:$PORT, PORT default 3000)",
    },
    clients: {
      type: /** @type {const} */ ('string'),
      describe: 'clients (or streams) at once, 1 to 1000 (default depends on the lesson)',
    },
    seconds: { type: /** @type {const} */ ('string'), describe: 'how long to load, 1 to 30 (default 5)' },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  const request = parseBenchRequest(positionals, flags);
  const { benchLesson } = await import('./lib/load/lesson-bench.js');
  return benchLesson(request, colors);
});
