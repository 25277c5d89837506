import { listLessons, listTasks } from '../course/catalog.js';

/** @typedef {import('../course/catalog.js').Lesson} Lesson */

/** Minutes a step may take: one lesson's checks, with room for a slow runner. */
const STEP_MINUTES = 5;

/** A YAML double-quoted string. @param {string} text */
const quoted = (text) => JSON.stringify(text);

/**
 * The GitHub Classroom workflow for a learner's repository: every task of
 * every lesson is a step of `classroom-resources/autograding-command-grader`
 * worth one point, run with `npm run check N -- --task K`, and
 * `autograding-grading-reporter` reports them all at the end.
 * @param {Lesson[]} [lessons]
 * @returns {string}
 */
export function classroomWorkflow(lessons = listLessons()) {
  const steps = lessons.flatMap((lesson) =>
    listTasks(lesson).map((task) => ({
      id: `lesson-${lesson.number}-task-${task.number}`,
      name: `Lesson ${lesson.number} · Task ${task.number} · ${task.title}`,
      lesson,
      task,
    })),
  );
  const graders = steps.flatMap(({ id, name, lesson, task }) => [
    `      - name: ${quoted(name)}`,
    `        id: ${id}`,
    '        uses: classroom-resources/autograding-command-grader@v1',
    '        with:',
    `          test-name: ${quoted(name)}`,
    "          setup-command: ''",
    `          command: npm run check ${lesson.number} -- --task ${task.number}`,
    `          timeout: ${STEP_MINUTES}`,
    '          max-score: 1',
  ]);
  return `${[
    '# GitHub Classroom autograding for this course: docs/classroom.md explains it.',
    '# Made by npm run classroom-workflow; copy it to .github/workflows/classroom.yml in the template repository.',
    'name: Autograding Tests',
    "'on':",
    '  - push',
    '  - repository_dispatch',
    'permissions:',
    '  checks: write',
    '  actions: read',
    '  contents: read',
    'jobs:',
    '  run-autograding-tests:',
    '    runs-on: ubuntu-latest',
    "    if: github.actor != 'github-classroom[bot]'",
    '    env:',
    "      # The course's repository and commit the class started from. When set, its checks, scripts and",
    "      # lockfile replace the learner's copies before grading, so an edited check cannot raise a grade.",
    "      COURSE_REPO: ''",
    '      COURSE_REF: main',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    "          node-version: '22'",
    '          cache: npm',
    "      - name: The course's own checks",
    "        if: env.COURSE_REPO != ''",
    '        run: |',
    '          git fetch --depth 1 "$COURSE_REPO" "$COURSE_REF"',
    '          git checkout FETCH_HEAD -- checks scripts package.json package-lock.json jest.config.js tsconfig.json',
    '      - name: Install the course and Redis (lesson 4)',
    '        run: |',
    '          sudo apt-get update',
    '          sudo apt-get install -y --no-install-recommends redis-server',
    '          npm ci',
    ...graders,
    '      - name: Autograding Reporter',
    '        uses: classroom-resources/autograding-grading-reporter@v1',
    '        env:',
    ...steps.map(({ id }) => `          ${id.toUpperCase()}_RESULTS: "\${{ steps.${id}.outputs.result }}"`),
    '        with:',
    `          runners: ${steps.map(({ id }) => id).join(',')}`,
  ].join('\n')}\n`;
}
