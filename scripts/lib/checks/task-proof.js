import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listTasks, REPO_ROOT } from '../course/catalog.js';
import { checkCommand, spawnCheckCommand } from './check-command.js';
import { readTree } from '../course/source-tree.js';
import { withTaskUndone } from '../course/todo-regions.js';

/**
 * @typedef {import('./run-checks.js').CheckResult} CheckResult
 * @typedef {import('../cli/terminal.js').Palette} Palette
 *
 * @typedef {object} TaskProof the per-task proof of one task: its regions undone in an otherwise solved copy
 * @property {string} lesson
 * @property {number} task
 * @property {string} title
 * @property {boolean} proven   the first failing check belongs to the task and failed with an assertion
 * @property {CheckResult | undefined} firstFailure
 * @property {string} [problem] why it is not proven, in words
 * @property {string} [flaky]   an earlier task's check failed on the first run, and the proof is from a second run
 * @property {number} ms
 */

const DEADLINE_MS = 120_000;

/**
 * For every task of the lesson, a copy of the solution with only that task's
 * TODO regions put back to the starter's text, checked until its first
 * failing check: that check must belong to the task and fail on an assertion.
 * @param {import('../course/catalog.js').Lesson} lesson
 * @param {{ concurrency?: number, onProof?: (proof: TaskProof) => void }} [options]
 * @returns {Promise<TaskProof[]>}
 */
export async function proveTasks(lesson, { concurrency = 2, onProof } = {}) {
  const starter = readTree(path.join(lesson.starterDir, 'src'));
  const solution = readTree(path.join(lesson.solutionDir, 'src'));
  const tasks = listTasks(lesson);
  /** @type {TaskProof[]} */
  const proofs = [];
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      const proof = await proveTask(lesson, task, starter, solution);
      proofs.push(proof);
      onProof?.(proof);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return proofs.sort((a, b) => a.task - b.task);
}

/**
 * @param {import('../course/catalog.js').Lesson} lesson @param {import('../course/catalog.js').Task} task
 * @param {Map<string, string>} starter @param {Map<string, string>} solution
 * @returns {Promise<TaskProof>}
 */
async function proveTask(lesson, task, starter, solution) {
  const started = performance.now();
  const tree = path.join(REPO_ROOT, '.course', 'task-proof', `${lesson.slug}-task-${task.number}`);
  rmSync(tree, { recursive: true, force: true });
  for (const [file, text] of solution) {
    const target = path.join(tree, lesson.slug, 'src', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, withTaskUndone(starter.get(file) ?? '', text, task.number));
  }
  try {
    let firstFailure = await firstFailureOf(lesson.number, tree);
    let verdict = judge(task.number, firstFailure);
    /** @type {string | undefined} */
    let flaky;
    // An earlier task's check failing in a copy where that task is solved is the check's own flakiness, not
    // this task's proof: run once more, and say so.
    if (!verdict.proven && firstFailure?.task !== undefined && firstFailure.task < task.number) {
      flaky = `the first run failed "${firstFailure.title}" (task ${firstFailure.task}, solved in this copy): a flaky check`;
      firstFailure = await firstFailureOf(lesson.number, tree);
      verdict = judge(task.number, firstFailure);
    }
    return {
      lesson: lesson.slug,
      task: task.number,
      title: task.title,
      firstFailure,
      flaky,
      ms: Math.round(performance.now() - started),
      ...verdict,
    };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return {
      lesson: lesson.slug,
      task: task.number,
      title: task.title,
      firstFailure: undefined,
      proven: false,
      problem,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** @param {number} task @param {CheckResult | undefined} failure @returns {{ proven: boolean, problem?: string }} */
function judge(task, failure) {
  if (!failure) return { proven: false, problem: 'every check passes without this task: no check proves it is needed' };
  if (failure.kind !== 'assertion') {
    return {
      proven: false,
      problem: `the first failing check, "${failure.title}", ended with a ${failure.kind}, not an assertion: ${(failure.message ?? '').split('\n')[0]}`,
    };
  }
  if (failure.task !== task) {
    const whose = failure.task !== undefined ? `task ${failure.task}` : failure.baseline ? 'the baseline' : 'no task';
    return { proven: false, problem: `the first failing check, "${failure.title}", belongs to ${whose}` };
  }
  return { proven: true };
}

/** @param {number} lesson @param {string} tree */
async function firstFailureOf(lesson, tree) {
  return (await checkUntilFirstFailure(lesson, tree)).find((result) => result.status === 'failed');
}

/**
 * Runs a lesson's checks on `tree` in a child process (a run of its own, like
 * the learner's), stopping at the first failure.
 * @param {number} lesson @param {string} tree
 * @returns {Promise<CheckResult[]>}
 */
async function checkUntilFirstFailure(lesson, tree) {
  /** @type {CheckResult[]} */
  const results = [];
  const { done } = spawnCheckCommand(checkCommand(lesson, { tree }), {
    env: { ...process.env, COURSE_STOP_AT_FIRST_FAILURE: '1', NO_COLOR: '1' },
    deadlineMs: DEADLINE_MS,
    onLine: (line) => {
      if (line.type === 'result') results.push(/** @type {CheckResult} */ (/** @type {unknown} */ (line)));
    },
  });
  const { ended, why, output } = await done;
  if (!ended) throw new Error(`the checks ${why} without a summary: ${output.split('\n').slice(-3).join(' ')}`);
  return results;
}

/**
 * The per-task proof as a table: lesson × task, and the check that failed
 * first when the task was left undone.
 * @param {TaskProof[]} proofs @param {Palette} style
 * @returns {string[]}
 */
export function renderProofTable(proofs, style) {
  const lines = [
    style.bold('Every task proven needed: each undone alone in a solved copy makes its own check fail first'),
  ];
  for (const proof of proofs) {
    const where = `${proof.lesson.slice(0, 2)} · task ${proof.task} ${proof.title}`;
    const seconds = style.dim(`(${(proof.ms / 1000).toFixed(1)} s)`);
    if (proof.proven) {
      lines.push(
        `  ${style.green('✓')} ${where.padEnd(48)} ${style.dim('fails first:')} ${proof.firstFailure?.title} ${seconds}`,
      );
      if (proof.flaky) lines.push(style.yellow(`      on a second run: ${proof.flaky}`));
    } else {
      lines.push(`  ${style.red('✗')} ${where.padEnd(48)} ${style.red(proof.problem ?? 'not proven')} ${seconds}`);
    }
  }
  return lines;
}
