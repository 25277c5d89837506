import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './lib/course/catalog.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { ProgressLine, renderBar } from './lib/figures/progress-line.js';
import { gradeClass, gradingDir } from './lib/grade/grade-class.js';
import { toHtml } from './lib/grade/grade-html.js';
import { GRADE_USAGE, gradeOptions } from './lib/grade/grade-options.js';
import { toCsv, toJson } from './lib/grade/grade-report.js';
import { renderGradeTable, cellText } from './lib/grade/grade-table.js';
import { openLearner } from './lib/grade/learner-source.js';
import { stopAllRuns } from './lib/grade/lesson-run.js';
import { colors } from './lib/cli/terminal.js';
import { runCommand } from './lib/cli/usage-error.js';

/**
 * Grades a class: each learner's lessons with the course's own checks, one
 * lesson run at a time per job, each in a process group of its own with a
 * scrubbed environment and limits. Exit 0 when grading completed, whatever
 * the learners scored; 2 on a mistake in the command.
 */
const spec = {
  command: 'npm run grade',
  usage: GRADE_USAGE,
  maxPositionals: Infinity,
  flags: {
    lessons: { type: /** @type {const} */ ('string'), describe: 'the lessons to grade, e.g. 1,2 (default: all)' },
    jobs: { type: /** @type {const} */ ('string'), describe: 'lesson runs at a time (default: half the cores)' },
    timeout: { type: /** @type {const} */ ('string'), describe: 'seconds a lesson run may take (default 180)' },
    json: { type: /** @type {const} */ ('string'), describe: 'write the grades as JSON to this file' },
    csv: { type: /** @type {const} */ ('string'), describe: 'write one CSV row per learner and lesson to this file' },
    html: {
      type: /** @type {const} */ ('string'),
      describe: 'write a self-contained, sortable HTML report to this file',
    },
    name: { type: /** @type {const} */ ('string'), describe: "the learner's name, when one learner is graded" },
  },
};

/** @type {import('./lib/grade/learner-source.js').LearnerCopy[]} */
const opened = [];
const removeClones = () => {
  for (const learner of opened) learner.remove();
};
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    stopAllRuns();
    removeClones();
    rmSync(gradingDir(), { recursive: true, force: true });
    process.stderr.write(`\nGrading stopped (${signal}); every lesson run was ended and the clones removed.\n`);
    process.exit(130);
  });
}

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  const options = gradeOptions(positionals, flags);
  try {
    for (const learner of options.learners) opened.push(openLearner(learner, options.name));
    uniqueNames(opened);
    const progress = new ProgressLine();
    const started = performance.now();
    const learners = await gradeClass({
      learners: opened,
      lessons: options.lessons,
      jobs: options.jobs,
      timeoutSeconds: options.timeoutSeconds,
      onProgress: ({ done, total, running, finished }) => {
        if (finished && !progress.tty)
          progress.update(
            `  ${done}/${total}  ${finished.name} · lesson ${finished.grade.lesson}: ${cellText(finished.grade)} (${finished.grade.seconds} s)`,
            { step: true },
          );
        const now = running.map((run) => `${run.name} · lesson ${run.lesson}`).join(', ');
        if (progress.tty)
          progress.update(`${renderBar(done / total)} ${done}/${total}${now ? `  grading ${now}` : ''}`);
      },
    });
    progress.clear();
    const lessons = options.lessons.map((lesson) => lesson.number);
    const { name, version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const report = { course: `${name} ${version}`, gradedAt: new Date().toISOString(), learners };
    console.log(renderGradeTable(learners, lessons, colors).join('\n'));
    const { json, csv, html } = options.outputs;
    if (json) writeFileSync(json, toJson(report));
    if (csv) writeFileSync(csv, toCsv(report));
    if (html) writeFileSync(html, toHtml(report, lessons));
    const written = [json, csv, html].filter(Boolean).map((file) => shortPath(/** @type {string} */ (file)));
    const runs = learners.length * lessons.length;
    console.log(
      colors.dim(
        `\nGraded ${learners.length} learner${learners.length === 1 ? '' : 's'} × ${lessons.length} lesson${lessons.length === 1 ? '' : 's'} (${runs} runs, ${options.jobs} at a time) in ${Math.round((performance.now() - started) / 1000)} s.${written.length > 0 ? ` Wrote ${written.join(', ')}.` : ''}`,
      ),
    );
    return 0;
  } finally {
    removeClones();
  }
});

/** Two learners of the same name (two folders called `chat`) get `chat`, `chat-2`. @param {{ name: string }[]} learners */
function uniqueNames(learners) {
  const seen = new Map();
  for (const learner of learners) {
    const count = (seen.get(learner.name) ?? 0) + 1;
    seen.set(learner.name, count);
    if (count > 1) learner.name = `${learner.name}-${count}`;
  }
}

/** @param {string} file */
function shortPath(file) {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
