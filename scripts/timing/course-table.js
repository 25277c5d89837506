import { median, summarize } from '../lib/figures/stats.js';
import { formatMs, formatRatio, renderTable } from '../lib/figures/table.js';

/**
 * @typedef {import('./course-bench.js').LessonTimes} LessonTimes
 * @typedef {{ what: string, ratio: number, goal: number, held: boolean }} Goal
 */

/**
 * Every goal of the course table, held or not. A figure that could not be
 * measured (a failing run) does not hold.
 * @param {LessonTimes[]} lessons
 * @returns {Goal[]}
 */
export function evaluateGoals(lessons) {
  return lessons.flatMap((times) => {
    const floor = median(times.floor);
    const n = times.lesson.number;
    /** @param {string} what @param {number[]} samples @param {string[]} problems @param {number} goal @returns {Goal} */
    const goal = (what, samples, problems, goal) => {
      const ratio = problems.length > 0 ? Number.NaN : median(samples) / floor;
      return { what, ratio, goal, held: Number.isFinite(ratio) && ratio <= goal };
    };
    return [
      goal(`npm run check ${n}`, times.check, times.checkProblems, times.goals.check),
      goal(`npm run lesson ${n} start`, times.start, times.startProblems, times.goals.lesson),
      goal(
        `npm run lesson ${n} restart`,
        times.restart,
        times.startProblems,
        times.goals.restart ?? times.goals.lesson,
      ),
      ...(times.verdict && times.goals.verdict !== undefined
        ? [goal(`check on save ${n}`, times.verdict, times.verdictProblems ?? [], times.goals.verdict)]
        : []),
    ];
  });
}

/**
 * The course table: the check loop per lesson, then the lesson's start and restart, then the verdict.
 * @param {LessonTimes[]} lessons @param {number} runs @param {import('../lib/cli/terminal.js').Palette} style
 * @returns {string[]}
 */
export function renderCourseTable(lessons, runs, style) {
  const goals = evaluateGoals(lessons);
  const byWhat = new Map(goals.map((goal) => [goal.what, goal]));
  /** @param {Goal | undefined} goal */
  const ratioCell = (goal) =>
    !goal || !Number.isFinite(goal.ratio)
      ? style.red('–')
      : goal.held
        ? style.green(formatRatio(goal.ratio))
        : style.red(formatRatio(goal.ratio));
  /** @param {Goal[]} list */
  const verdict = (list) => (list.every((goal) => goal.held) ? style.green('✓') : style.red('✗'));

  const checkRows = lessons.map((times) => {
    const n = times.lesson.number;
    const check = summarize(times.check);
    const goal = byWhat.get(`npm run check ${n}`);
    return [
      String(n),
      times.lesson.name,
      formatMs(check.median),
      formatMs(check.min),
      formatMs(check.max),
      formatMs(median(times.floor)),
      ratioCell(goal),
      `≤ ${times.goals.check}×`,
      verdict(goal ? [goal] : []),
    ];
  });
  const saveRows = lessons
    .filter((times) => times.verdict)
    .map((times) => {
      const n = times.lesson.number;
      const goal = byWhat.get(`check on save ${n}`);
      return [
        String(n),
        times.lesson.name,
        formatMs(median(times.verdict ?? [])),
        ratioCell(goal),
        `≤ ${times.goals.verdict}×`,
        verdict(goal ? [goal] : []),
      ];
    });
  const startRows = lessons.map((times) => {
    const n = times.lesson.number;
    const start = byWhat.get(`npm run lesson ${n} start`);
    const restart = byWhat.get(`npm run lesson ${n} restart`);
    return [
      String(n),
      times.lesson.name,
      formatMs(median(times.start)),
      ratioCell(start),
      formatMs(median(times.restart)),
      ratioCell(restart),
      (times.goals.restart ?? times.goals.lesson) === times.goals.lesson
        ? `≤ ${times.goals.lesson}×`
        : `≤ ${times.goals.lesson}× / ${times.goals.restart}×`,
      verdict([start, restart].filter((goal) => goal !== undefined)),
    ];
  });
  const allFloor = summarize(lessons.flatMap((times) => times.floor));
  const problems = lessons.flatMap((times) => [
    ...times.checkProblems.map((problem) => `lesson ${times.lesson.number} check: ${problem}`),
    ...times.startProblems.map((problem) => `lesson ${times.lesson.number} lesson: ${problem}`),
    ...(times.verdictProblems ?? []).map((problem) => `lesson ${times.lesson.number} check on save: ${problem}`),
  ]);
  const missed = goals.filter((goal) => !goal.held);
  return [
    style.bold(
      `npm run check N -- --solution, whole process: ${runs} run${runs === 1 ? '' : 's'} each, alternated with the floor`,
    ),
    ...renderTable(
      [
        { title: '#' },
        { title: 'lesson' },
        { title: 'median', align: 'right' },
        { title: 'min', align: 'right' },
        { title: 'max', align: 'right' },
        { title: 'floor', align: 'right' },
        { title: '÷ floor', align: 'right' },
        { title: 'goal' },
        { title: '' },
      ],
      checkRows,
      style,
    ),
    '',
    style.bold(
      'npm run lesson N -- --solution: start until the app listens; restart after a save until it listens again (medians)',
    ),
    ...renderTable(
      [
        { title: '#' },
        { title: 'lesson' },
        { title: 'start', align: 'right' },
        { title: '÷ floor', align: 'right' },
        { title: 'restart', align: 'right' },
        { title: '÷ floor', align: 'right' },
        { title: 'goal' },
        { title: '' },
      ],
      startRows,
      style,
    ),
    ...(saveRows.length === 0
      ? []
      : [
          '',
          style.bold(
            "Check on save (--task-first): from the run's start to the verdict of the task being worked on (medians)",
          ),
          ...renderTable(
            [
              { title: '#' },
              { title: 'lesson' },
              { title: 'verdict', align: 'right' },
              { title: '÷ floor', align: 'right' },
              { title: 'goal' },
              { title: '' },
            ],
            saveRows,
            style,
          ),
        ]),
    '',
    `Floor: ${FLOOR_TEXT}, median ${formatMs(allFloor.median)} (min ${formatMs(allFloor.min)}, max ${formatMs(allFloor.max)}, ${allFloor.count} runs); each lesson is divided by the floor runs of its own rounds.`,
    ...problems.map((problem) => style.red(`  ${problem}`)),
    missed.length === 0
      ? style.green(`Every goal holds (${goals.length} of ${goals.length}).`)
      : style.red(
          `${missed.length} of ${goals.length} goals missed: ${missed.map((goal) => `${goal.what} ${Number.isFinite(goal.ratio) ? formatRatio(goal.ratio) : 'not measured'} (goal ≤ ${goal.goal}×)`).join('; ')}.`,
        ),
  ];
}

/**
 * `npm run lesson N` until it listens, as a ratio to the floor. A lesson's check goal is in its lesson.json
 * (issue 18: npm + Jest + Nest alone are about 2.25× the floor before any check runs).
 */
export const LESSON_GOAL = 3;
/** Its restart after a save, until it listens again. */
export const RESTART_GOAL = 2.5;
/** From a save to the verdict of the task the learner works on (`--task-first`). */
export const SAVE_VERDICT_GOAL = 3;

/** The floor every ratio divides by: Node plus loading Nest (`node` + these arguments). */
export const FLOOR_ARGS = ['-e', "await import('@nestjs/core')"];
export const FLOOR_TEXT = `node -e "await import('@nestjs/core')"`;
