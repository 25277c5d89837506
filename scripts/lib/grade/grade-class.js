import { cpSync, existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { listTasks, REPO_ROOT } from '../course/catalog.js';
import { gradeLesson } from './lesson-grade.js';
import { runLesson } from './lesson-run.js';
import { findTampering } from './tampering.js';

/** @typedef {import('../course/catalog.js').Lesson} Lesson */
/** @typedef {import('./learner-source.js').LearnerCopy} LearnerCopy */
/** @typedef {import('./lesson-grade.js').LessonGrade} LessonGrade */

/**
 * @typedef {object} LearnerGrade
 * @property {string} name
 * @property {string} source
 * @property {string[]} tampered course-owned paths where the learner's copy differs
 * @property {LessonGrade[]} lessons in course order
 *
 * @typedef {object} Progress
 * @property {number} done
 * @property {number} total
 * @property {{ name: string, lesson: number }[]} running
 * @property {{ name: string, grade: LessonGrade }} [finished] the run that just ended
 */

/**
 * Grades every learner on every lesson, `jobs` lesson runs at a time. Each run
 * sees only the learner's `lessons/NN-slug/src`, copied beside the course (so
 * the course's node_modules serve it) and removed afterwards.
 * @param {{ learners: LearnerCopy[], lessons: Lesson[], jobs: number, timeoutSeconds: number, onProgress?: (progress: Progress) => void }} options
 * @returns {Promise<LearnerGrade[]>}
 */
export async function gradeClass({ learners, lessons, jobs, timeoutSeconds, onProgress = () => {} }) {
  const workDir = gradingDir();
  /** @type {LearnerGrade[]} */
  const grades = learners.map((learner) => ({
    name: learner.name,
    source: learner.source,
    tampered: findTampering(learner.dir, REPO_ROOT),
    lessons: [],
  }));
  const queue = learners.flatMap((learner, index) => lessons.map((lesson) => ({ learner, index, lesson })));
  const total = queue.length;
  let done = 0;
  /** @type {{ name: string, lesson: number }[]} */
  const current = [];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { learner, index, lesson } = job;
      const now = { name: learner.name, lesson: lesson.number };
      current.push(now);
      onProgress({ done, total, running: [...current] });
      const grade = await gradeOne(learner, lesson, path.join(workDir, String(index + 1)), timeoutSeconds);
      current.splice(current.indexOf(now), 1);
      grades[index].lessons.push(grade);
      done += 1;
      onProgress({ done, total, running: [...current], finished: { name: learner.name, grade } });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, total) }, worker));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  for (const grade of grades) grade.lessons.sort((a, b) => a.lesson - b.lesson);
  return grades;
}

/** Where this grading copies the learners' lessons: beside the course, so that its node_modules serve them. */
export function gradingDir() {
  return path.join(REPO_ROOT, '.course', 'grade', String(process.pid));
}

/**
 * @param {LearnerCopy} learner @param {Lesson} lesson @param {string} tree this learner's graded tree
 * @param {number} timeoutSeconds
 * @returns {Promise<LessonGrade>}
 */
async function gradeOne(learner, lesson, tree, timeoutSeconds) {
  const tasks = listTasks(lesson);
  const src = path.join(learner.dir, 'lessons', lesson.slug, 'src');
  if (!existsSync(src)) {
    return {
      lesson: lesson.number,
      status: 'did not start',
      passed: 0,
      total: 0,
      skipped: 0,
      seconds: 0,
      tasks: tasks.map((task) => ({ task: task.number, title: task.title, passed: 0, total: 0 })),
      reason: `no lessons/${lesson.slug}/src in the learner's copy`,
    };
  }
  const target = path.join(tree, lesson.slug, 'src');
  mkdirSync(path.dirname(target), { recursive: true });
  // Regular files and folders only: a link could point the course's checks at a file outside the learner's work.
  cpSync(src, target, {
    recursive: true,
    filter: (from) => !lstatSync(from).isSymbolicLink() && path.basename(from) !== 'node_modules',
  });
  try {
    return gradeLesson(lesson.number, tasks, await runLesson({ lesson: lesson.number, tree, timeoutSeconds }));
  } finally {
    rmSync(path.join(tree, lesson.slug), { recursive: true, force: true });
  }
}
