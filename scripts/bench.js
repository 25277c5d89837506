import { listLessons } from './lib/catalog.js';
import { parseCommandArgs } from './lib/cli-args.js';
import { colors } from './lib/terminal.js';
import { runCommand, UsageError } from './lib/usage-error.js';
import { parseBenchRequest, USAGE } from './lib/bench/bench-options.js';
import './lib/exit-with-parent.js';

/**
 * `npm run bench`: for the course, the check loop and the lesson start timed
 * against the floor of loading Nest, with the goals. `npm run bench N`:
 * for the learner, a bounded load against their running app (or the solution).
 */
const spec = {
  command: 'npm run bench',
  usage: USAGE,
  flags: {
    runs: { type: /** @type {const} */ ('string'), describe: 'course table: runs of each command (default 5)' },
    solution: { type: /** @type {const} */ ('boolean'), describe: 'start the lesson\'s solution on a free port and load it, instead of your app' },
    url: { type: /** @type {const} */ ('string'), describe: 'your app\'s address, on this machine (default http://localhost:$PORT, PORT default 3000)' },
    clients: { type: /** @type {const} */ ('string'), describe: 'clients (or streams) at once, 1 to 1000 (default depends on the lesson)' },
    seconds: { type: /** @type {const} */ ('string'), describe: 'how long to load, 1 to 30 (default 5)' },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  const request = parseBenchRequest(positionals, flags);
  if (request.kind === 'lesson') {
    const { benchLesson } = await import('./lib/bench/lesson-bench.js');
    return benchLesson(request, colors);
  }
  const lessons = listLessons();
  if (lessons.length === 0) throw new UsageError('npm run bench: no lessons found in lessons/');
  const { benchCourse } = await import('./lib/bench/course-run.js');
  return benchCourse(lessons, request.runs, colors);
});
