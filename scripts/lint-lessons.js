import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findLesson, listLessons } from './lib/course/catalog.js';
import { lintLesson } from './lib/authoring/lesson-lint.js';
import { lintCourseTimes } from './lib/authoring/course-times-lint.js';
import { measureGiveaway } from './lib/authoring/giveaway.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { readTree } from './lib/course/source-tree.js';
import { writtenLines } from './lib/authoring/lesson-size.js';
import { tasksStart } from './lib/authoring/readme-lint.js';
import { colors } from './lib/cli/terminal.js';
import { runCommand } from './lib/cli/usage-error.js';

/**
 * The course lint for lesson authors: each lesson's shape, how much of the
 * solution its TODO comments give away, and how many lines the learner writes.
 */
const spec = { command: 'npm run lint-lessons', usage: 'npm run lint-lessons [lesson]', flags: {} };

await runCommand(async () => {
  const { positionals } = parseCommandArgs(spec);
  const lessons = positionals.length > 0 ? [findLesson(positionals[0])] : listLessons();
  let problems = 0;
  for (const lesson of lessons) {
    const starter = readTree(path.join(lesson.starterDir, 'src'));
    const solution = readTree(path.join(lesson.solutionDir, 'src'));
    const giveaway = measureGiveaway(starter, solution);
    const written = writtenLines(starter, solution);
    const readmePath = path.join(lesson.starterDir, 'README.md');
    const start = existsSync(readmePath) ? tasksStart(readFileSync(readmePath, 'utf8')) : undefined;
    const found = lintLesson(lesson);
    problems += found.length;
    const mark = found.length === 0 ? colors.green('✓') : colors.red('✗');
    console.log(
      `${mark} ${colors.bold(`Lesson ${lesson.number}`)}  giveaway ${Math.round(giveaway.share * 100)} % ` +
        `(${giveaway.given.length} of ${giveaway.written.length} identifiers in the TODO comments)  ·  the learner writes ${written} lines` +
        (start ? `  ·  "Your tasks" at line ${start.line}, after ${start.words} words` : ''),
    );
    for (const problem of found) console.log(`    ${problem}`);
    if (giveaway.given.length > 0) console.log(colors.dim(`    given away: ${giveaway.given.join(', ')}`));
  }
  if (positionals.length === 0) {
    const course = lintCourseTimes();
    problems += course.length;
    console.log(
      `${course.length === 0 ? colors.green('✓') : colors.red('✗')} ${colors.bold('The course')}  times in README.md and docs/instructor.md`,
    );
    for (const problem of course) console.log(`    ${problem}`);
  }
  return problems === 0 ? 0 : 1;
});
