import { existsSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { AppProcess } from './lib/app/app-process.js';
import { developmentSecretEnv } from './lib/app/development-secret.js';
import { buildLesson, CompileError } from './lib/app/lesson-build.js';
import { indent, colorEnabled, colors, wrap } from './lib/cli/terminal.js';
import { findLesson, listLessons, REPO_ROOT, treeDir } from './lib/course/catalog.js';
import { renderLessonTable } from './lib/checks/check-output.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { lessonOutline, taskSection } from './lib/course/lesson-outline.js';
import { taskNamed } from './lib/course/task-argument.js';
import { renderMarkdown } from './lib/cli/markdown-terminal.js';
import { ProgressStore } from './lib/progress/progress.js';
import { findTodos, inTaskOrder } from './lib/course/todos.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';
import './lib/app/exit-with-parent.js';
import { isPortFree, parsePort } from './lib/net/ports.js';

const spec = {
  command: 'npm run lesson',
  usage:
    'npm run lesson [lesson] [-- --solution] [-- --no-watch] [-- --no-web] [-- --instances 2] [-- --print] [-- --task K]',
  flags: {
    solution: { type: /** @type {const} */ ('boolean'), describe: 'run the reference solution instead of your work' },
    'no-watch': { type: /** @type {const} */ ('boolean'), describe: 'run the app once; no restart on save' },
    'no-web': { type: /** @type {const} */ ('boolean'), describe: 'do not serve the lesson page on COURSE_PORT' },
    instances: {
      type: /** @type {const} */ ('string'),
      describe: 'how many instances to run, on PORT, PORT+1, … (lesson 4)',
    },
    print: { type: /** @type {const} */ ('boolean'), describe: 'print the lesson and stop: no app, no page' },
    task: { type: /** @type {const} */ ('string'), describe: "print one task's teaching and its TODOs, and stop" },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  if (positionals.length === 0) {
    if (flags.task !== undefined)
      throw new UsageError('npm run lesson: --task needs a lesson, e.g. npm run lesson 2 -- --task 3');
    printLessonTable();
    return 0;
  }
  const lesson = findLesson(positionals[0]);
  const solution = Boolean(flags.solution);
  if (flags.task !== undefined) {
    printTask(lesson, taskNamed(lesson, flags.task, 'npm run lesson'));
    return 0;
  }
  if (flags.print) {
    printLesson(lesson, solution, { whole: true });
    return 0;
  }
  const instances = parseInstances(flags.instances);
  const port = parsePort('PORT', process.env.PORT, 3000, 65534);
  let coursePort = flags['no-web'] ? undefined : parsePort('COURSE_PORT', process.env.COURSE_PORT, 4000);
  const dir = treeDir(lesson, solution);
  const main = path.join(dir, 'src', 'main.ts');
  if (!existsSync(main)) throw new UsageError(`lesson ${lesson.number} has no ${path.relative(REPO_ROOT, main)}`);

  for (let index = 0; index < instances; index += 1) {
    if (!(await isPortFree(port + index))) {
      throw new UsageError(
        `port ${port + index} is already in use (another npm run lesson still running?). ` +
          `Stop it, or choose another port: PORT=${port + 10} npm run lesson ${lesson.number}`,
      );
    }
  }
  if (coursePort !== undefined && !(await isPortFree(coursePort))) {
    // The app runs all the same; only its page is missing.
    process.stderr.write(
      `${colors.yellow(`Lesson page not served: port ${coursePort} is already in use (another npm run lesson still running?).`)} ` +
        `Stop it, or choose another port: COURSE_PORT=${coursePort + 10} npm run lesson ${lesson.number}\n`,
    );
    coursePort = undefined;
  }
  const nodeEnv = process.env.NODE_ENV || 'development';
  // The lessons' development defaults (a JWT secret, this checkout's own) apply only in development and test.
  const secret = nodeEnv === 'development' || nodeEnv === 'test' ? developmentSecretEnv(process.env) : {};
  const apps = Array.from({ length: instances }, (_, index) => {
    const label = instances > 1 ? String.fromCharCode(65 + index) : undefined;
    return new AppProcess({
      cwd: REPO_ROOT,
      style: colors,
      label,
      env: {
        NODE_ENV: nodeEnv,
        ...secret,
        PORT: String(port + index),
        ...(label ? { INSTANCE_ID: label } : {}),
      },
    });
  });
  // The app builds and boots while the lesson is printed; what it prints comes after the text.
  const running = flags['no-watch'] ? runOnce(apps, dir) : runWatching(apps, dir);
  printLesson(lesson, solution, { whole: false });
  printHowToReach(lesson, port, instances);
  if (!flags['no-watch']) {
    console.log(
      colors.dim(
        `Watching ${path.relative(REPO_ROOT, path.join(dir, 'src'))}: save a file to restart, Ctrl+C to stop.`,
      ),
    );
  }
  if (coursePort !== undefined) {
    // After the app's start is under way: the page never delays the app.
    setTimeout(() => void serveLessonPage(lesson, solution, coursePort, port, instances), 0);
  }
  return running;
});

/**
 * @param {import('./lib/course/catalog.js').Lesson} lesson @param {boolean} solution
 * @param {number} coursePort @param {number} port @param {number} instances
 */
async function serveLessonPage(lesson, solution, coursePort, port, instances) {
  const { startCourseSite } = await import('./web/start.js');
  const ports = Array.from({ length: instances }, (_, index) => port + index);
  const command = `npm run lesson ${lesson.number}${solution ? ' -- --solution' : ''}`;
  const site = await startCourseSite({ port: coursePort, solution, apps: { [lesson.number]: ports }, lesson, command });
  if (site) console.log(`${colors.green('▶')} Lesson page: ${colors.bold(site.url)}`);
}

function printLessonTable() {
  const progress = new ProgressStore().read();
  const rows = listLessons().map((lesson) => ({ lesson, run: progress.lessons[lesson.slug] }));
  console.log(renderLessonTable(rows, colors).join('\n'));
  const next = rows.find(({ run }) => !run || run.failed > 0 || run.passed === 0);
  if (!next) {
    console.log(colors.green('\nEvery lesson passes its checks. Well done.'));
    return;
  }
  const verb = next.lesson.number === rows[0]?.lesson.number && !next.run ? 'Start with' : 'Next';
  console.log(
    colors.dim(
      `\n${verb}: npm run lesson ${next.lesson.number}    Check your work: npm run check ${next.lesson.number}`,
    ),
  );
}

/**
 * The lesson, whole (`--print`) or its outline (goal and tasks) above the running app, and the TODOs.
 * @param {import('./lib/course/catalog.js').Lesson} lesson @param {boolean} solution @param {{ whole: boolean }} options
 */
function printLesson(lesson, solution, { whole }) {
  const readme = path.join(lesson.starterDir, 'README.md');
  if (existsSync(readme)) {
    const width = Math.min(process.stdout.columns || 100, 100);
    const text = readFileSync(readme, 'utf8');
    console.log(renderMarkdown(whole ? text : lessonOutline(text), { color: colorEnabled(), width }));
    if (!whole) {
      const where = `Each task's teaching is in ${path.relative(REPO_ROOT, readme)} and on the lesson page; npm run lesson ${lesson.number} -- --task 1 prints task 1's, and -- --print the whole lesson.`;
      console.log(colors.dim(`${wrap(where, width).join('\n')}\n`));
    }
  }
  if (solution) {
    console.log(colors.bold(`Running the reference solution (${path.relative(REPO_ROOT, lesson.solutionDir)}).`));
    return;
  }
  const todos = inTaskOrder(findTodos(path.join(lesson.starterDir, 'src'), REPO_ROOT));
  console.log(colors.bold(todos.length > 0 ? `Your TODOs (${todos.length}):` : 'No TODOs left in this lesson.'));
  const width = Math.min(process.stdout.columns || 100, 100);
  for (const todo of todos) {
    console.log(`  ${colors.dim(`TODO ${todo.task}`)}  ${colors.cyan(`${todo.file}:${todo.line}`)}`);
    for (const line of wrap(todo.text, width - 6)) console.log(`      ${line}`);
  }
  console.log('');
}

/**
 * One task: its teaching from the README, and the TODOs that name it.
 * @param {import('./lib/course/catalog.js').Lesson} lesson @param {import('./lib/course/catalog.js').Task} task
 */
function printTask(lesson, task) {
  const width = Math.min(process.stdout.columns || 100, 100);
  const readme = path.join(lesson.starterDir, 'README.md');
  const section = existsSync(readme) ? taskSection(readFileSync(readme, 'utf8'), task.number) : undefined;
  if (section) console.log(renderMarkdown(section, { color: colorEnabled(), width }));
  const todos = findTodos(path.join(lesson.starterDir, 'src'), REPO_ROOT).filter((todo) => todo.task === task.number);
  console.log(colors.bold(todos.length > 0 ? `Its TODOs (${todos.length}):` : 'No TODO of this task is left.'));
  for (const todo of todos) {
    console.log(`  ${colors.cyan(`${todo.file}:${todo.line}`)}`);
    for (const line of wrap(todo.text, width - 6)) console.log(`      ${line}`);
  }
  console.log(colors.dim(`\nCheck this task first: npm run check ${lesson.number} -- --task ${task.number}`));
}

/** @param {import('./lib/course/catalog.js').Lesson} lesson @param {number} port @param {number} instances */
function printHowToReach(lesson, port, instances) {
  for (let index = 0; index < instances; index += 1) {
    const url = `http://localhost:${port + index}`;
    const label = instances > 1 ? `[${String.fromCharCode(65 + index)}] ` : '';
    console.log(`${colors.green('▶')} ${label}${colors.bold(url)}`);
  }
  const example = lesson.manifest.tryIt;
  if (example) console.log(`${colors.dim('Try it:')} ${example.replaceAll('{url}', `http://localhost:${port}`)}`);
  console.log(colors.dim(`Check your work: npm run check ${lesson.number}\n`));
}

/** @param {AppProcess[]} apps @param {string} lessonDir */
async function runOnce(apps, lessonDir) {
  stopOnSignals(apps);
  const entry = await build(lessonDir);
  if (entry === undefined) return 1;
  const codes = await Promise.all(apps.map((app) => app.run(entry)));
  return codes.find((code) => code !== 0) ?? 0;
}

/**
 * The lesson compiled, or undefined after saying what does not compile.
 * @param {string} lessonDir @returns {Promise<string | undefined>}
 */
async function build(lessonDir) {
  try {
    return await buildLesson(lessonDir);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    process.stderr.write(
      `${colors.red(`✗ ${error.file} does not compile:`)}\n${indent(error.message.split('\n').slice(1).join('\n'), 2)}\n`,
    );
    return undefined;
  }
}

/** @param {AppProcess[]} apps @param {string} lessonDir */
async function runWatching(apps, lessonDir) {
  stopOnSignals(apps);
  const srcDir = path.join(lessonDir, 'src');
  const start = async () => {
    const entry = await build(lessonDir);
    if (entry === undefined) console.log(colors.dim('Fix it and save: the app starts again.'));
    else apps.forEach((app) => void app.run(entry));
  };
  // One restart at a time: two builds at once would write the same files.
  let restarts = Promise.resolve();
  /** @type {NodeJS.Timeout | undefined} */
  let debounce;
  watch(srcDir, { recursive: true }, (_event, file) => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      restarts = restarts.then(async () => {
        console.log(colors.cyan(`↻ ${file ?? 'a file'} changed: restarting`));
        await Promise.all(apps.map((app) => app.stop()));
        await start();
      });
    }, 200);
  });
  restarts = start();
  return new Promise(() => {});
}

/** @param {AppProcess[]} apps */
function stopOnSignals(apps) {
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, async () => {
      await Promise.all(apps.map((app) => app.stop()));
      process.exit(0);
    });
  }
}

/** @param {string | boolean | undefined} value */
function parseInstances(value) {
  if (value === undefined) return 1;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 4) {
    throw new UsageError(`npm run lesson: --instances takes a number from 1 to 4, got "${value}"`);
  }
  return count;
}
