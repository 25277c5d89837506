/**
 * One learner's grade for one lesson, from what `npm run check N -- --json`
 * reported and how its process ended.
 */

/** @typedef {import('../checks/run-checks.js').CheckResult} CheckResult */
/** @typedef {import('../course/catalog.js').Task} Task */

/**
 * @typedef {'passed' | 'partial' | 'did not start' | 'timed out' | 'crashed' | 'too much output'} GradeStatus
 *
 * @typedef {object} TaskGrade
 * @property {number} task
 * @property {string} title
 * @property {number} passed
 * @property {number} total
 *
 * @typedef {object} LessonGrade
 * @property {number} lesson
 * @property {GradeStatus} status
 * @property {number} passed
 * @property {number} total
 * @property {number} skipped
 * @property {number} seconds
 * @property {TaskGrade[]} tasks
 * @property {string} [reason] one line: why the app did not start, what timed out or crashed
 * @property {string[]} [failing] the checks that failed, when the app started
 *
 * @typedef {{ bootFailure: string | null, suiteErrors: { file: string, message: string }[] }} EndLine
 *
 * @typedef {object} LessonRun what the run of one lesson left behind
 * @property {CheckResult[]} results
 * @property {EndLine | undefined} end the `end` line, when the run got that far
 * @property {'exited' | 'timed out' | 'too much output'} stop
 * @property {number | null} code
 * @property {string} stderr the last of what the run wrote to stderr
 * @property {number} seconds
 * @property {number} timeoutSeconds
 */

/**
 * @param {number} lesson @param {Task[]} tasks the lesson's "Your tasks", from the course's README
 * @param {LessonRun} run
 * @returns {LessonGrade}
 */
export function gradeLesson(lesson, tasks, run) {
  const { results } = run;
  const count = (/** @type {string} */ status) => results.filter((result) => result.status === status).length;
  const grade = {
    lesson,
    passed: count('passed'),
    total: results.length,
    skipped: count('skipped'),
    seconds: Math.round(run.seconds * 10) / 10,
    tasks: tasks.map((task) => {
      const mine = results.filter((result) => result.task === task.number);
      return {
        task: task.number,
        title: task.title,
        passed: mine.filter((result) => result.status === 'passed').length,
        total: mine.length,
      };
    }),
  };
  const { status, reason } = statusOf(run);
  const failing =
    status === 'partial' ? results.filter((result) => result.status === 'failed').map((result) => result.title) : [];
  return { ...grade, status, ...(reason ? { reason } : {}), ...(failing.length > 0 ? { failing } : {}) };
}

/** @param {LessonRun} run @returns {{ status: GradeStatus, reason?: string }} */
function statusOf({ results, end, stop, code, stderr, timeoutSeconds }) {
  if (stop === 'timed out')
    return {
      status: 'timed out',
      reason: `no result within ${timeoutSeconds} s (${results.length} checks had reported)`,
    };
  if (stop === 'too much output')
    return { status: 'too much output', reason: 'the run wrote more than the output limit and was stopped' };
  // A check that needs no running app (one that reads the configuration) may pass while the app cannot start.
  const boots = results.filter((result) => result.status === 'failed' && result.kind === 'boot');
  const passed = results.filter((result) => result.status === 'passed').length;
  const allFailuresAtBoot =
    boots.length > passed && boots.length === results.filter((result) => result.status !== 'passed').length;
  const boot = end?.bootFailure ?? (allFailuresAtBoot ? boots[0].message : undefined);
  if (boot) return { status: 'did not start', reason: oneLine(boot) };
  if (!end)
    return {
      status: 'crashed',
      reason: oneLine(stderr) || `the checks ended with exit code ${code} before they reported`,
    };
  if (results.length === 0)
    return { status: 'did not start', reason: oneLine(end.suiteErrors[0]?.message ?? 'no check ran') };
  if (results.every((result) => result.status !== 'failed') && end.suiteErrors.length === 0)
    return { status: 'passed' };
  return { status: 'partial' };
}

/**
 * The one line that says most: the error, and where in the learner's lesson
 * it stands, rather than the harness's heading. Paths of the graded copy are
 * shown as the learner's own (`lessons/01-gateway-basics/src/…`).
 * @param {string} text
 */
export function oneLine(text) {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const heading = /^(The app could not be loaded|createApp\(\) threw|Nest could not build|The app was built)/;
  const error = lines.find((line) => !heading.test(line) && !line.startsWith('at ')) ?? lines[0] ?? '';
  const where = lines.find((line) => line.startsWith('at '))?.slice(3);
  const line = learnerPaths(where && !error.includes(where) ? `${error} (${where})` : error);
  return line.length > 240 ? `${line.slice(0, 239)}…` : line;
}

/** @param {string} text */
function learnerPaths(text) {
  return text.replace(/(?:[^\s()'"]*\/)?(\d\d-[a-z0-9-]+\/src\/)/g, 'lessons/$1');
}
