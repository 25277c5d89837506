import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { findLesson, listLessons } from '../course/catalog.js';
import { UsageError } from '../cli/usage-error.js';

export const GRADE_USAGE =
  'npm run grade -- <learner dir or git URL>... [--lessons 1,2] [--jobs K] [--timeout S] [--json FILE] [--csv FILE] [--html FILE] [--name NAME]';

/**
 * @typedef {object} GradeOptions
 * @property {string[]} learners what the instructor named: directories, git URLs or paths
 * @property {import('../course/catalog.js').Lesson[]} lessons
 * @property {number} jobs lesson runs at a time
 * @property {number} timeoutSeconds per lesson run
 * @property {{ json?: string, csv?: string, html?: string }} outputs absolute paths
 * @property {string} [name] the one learner's name
 */

/**
 * Checks everything the instructor typed before any grading starts: a mistake
 * is one line and exit code 2, not a half-graded class.
 * @param {string[]} positionals @param {Record<string, string | boolean | undefined>} flags
 * @returns {GradeOptions}
 */
export function gradeOptions(positionals, flags, cores = availableParallelism()) {
  if (positionals.length === 0) throw new UsageError(`npm run grade: name at least one learner. Usage: ${GRADE_USAGE}`);
  if (flags.name !== undefined && positionals.length !== 1)
    throw new UsageError('npm run grade: --name names one learner, but more than one was given');
  const lessons =
    flags.lessons === undefined
      ? listLessons()
      : String(flags.lessons)
          .split(',')
          .map((part) => lessonOf(part));
  return {
    learners: positionals,
    lessons: [...new Map(lessons.map((lesson) => [lesson.number, lesson])).values()].sort(
      (a, b) => a.number - b.number,
    ),
    jobs: flags.jobs === undefined ? Math.max(1, Math.floor(cores / 2)) : count('--jobs', flags.jobs, 64),
    timeoutSeconds: flags.timeout === undefined ? 180 : count('--timeout', flags.timeout, 3600),
    outputs: {
      ...output('json', flags.json),
      ...output('csv', flags.csv),
      ...output('html', flags.html),
    },
    ...(flags.name !== undefined ? { name: String(flags.name) } : {}),
  };
}

/** @param {string} part */
function lessonOf(part) {
  try {
    return findLesson(part.trim());
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`npm run grade: --lessons: ${error.message}`);
    throw error;
  }
}

/** @param {string} flag @param {string | boolean} value @param {number} max */
function count(flag, value, max) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max)
    throw new UsageError(`npm run grade: ${flag} takes a whole number from 1 to ${max}, not '${value}'`);
  return number;
}

/** @param {'json' | 'csv' | 'html'} kind @param {string | boolean | undefined} file */
function output(kind, file) {
  if (file === undefined) return {};
  const absolute = path.resolve(String(file));
  const dir = path.dirname(absolute);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`npm run grade: --${kind} ${file}: no folder ${dir} to write it in`);
  if (existsSync(absolute) && statSync(absolute).isDirectory())
    throw new UsageError(`npm run grade: --${kind} ${file} is a folder; name a file`);
  return { [kind]: absolute };
}
