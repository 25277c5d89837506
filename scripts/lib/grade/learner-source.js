import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../cli/usage-error.js';

const CLONE_DEADLINE_MS = 120_000;

/**
 * @typedef {object} LearnerCopy a learner's copy of the course, ready to grade
 * @property {string} name   how the reports name the learner
 * @property {string} source what the instructor gave: a directory or a git URL
 * @property {string} dir    the folder that holds the learner's lessons/
 * @property {() => void} remove removes what was cloned; nothing for a directory
 */

/** `https://…`, `ssh://…`, `git://…`, `file://…` or scp-like `git@host:owner/repo`. @param {string} arg */
export function isGitUrl(arg) {
  return /^(https?|ssh|git|file):\/\//i.test(arg) || /^[\w.-]+@[\w.-]+:[^/\\]/.test(arg);
}

/** The name a learner gets from where their copy came from. @param {string} source */
export function nameFromSource(source) {
  const last =
    source
      .replace(/[/\\]+$/, '')
      .split(/[/\\:]/)
      .pop() ?? source;
  return last.replace(/\.git$/, '') || source;
}

/**
 * A directory holding `lessons/` is graded as it is on disk (uncommitted work
 * included). A git URL, or a local repository without a working tree (a bare
 * `learner.git`), is cloned shallowly into a temporary folder.
 * @param {string} arg @param {string} [name]
 * @returns {LearnerCopy}
 */
export function openLearner(arg, name) {
  if (isGitUrl(arg)) return clone(arg, arg, name);
  const dir = path.resolve(arg);
  if (!existsSync(dir)) throw new UsageError(`npm run grade: no such directory: ${arg}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`npm run grade: ${arg} is not a directory`);
  if (existsSync(path.join(dir, 'lessons')))
    return { name: name ?? nameFromSource(dir), source: dir, dir, remove: () => {} };
  if (isBareRepository(dir)) return clone(pathToFileURL(dir).href, dir, name);
  throw new UsageError(
    `npm run grade: ${arg} holds no lessons/ folder (give the learner's copy of the course: a clone, a download or an unpacked archive)`,
  );
}

/** @param {string} dir */
function isBareRepository(dir) {
  const result = spawnSync('git', ['rev-parse', '--is-bare-repository'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 10_000,
  });
  return result.status === 0 && result.stdout.trim() === 'true';
}

/**
 * @param {string} url what git clones @param {string} source what the instructor gave @param {string} [name]
 * @returns {LearnerCopy}
 */
function clone(url, source, name) {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-grade-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const result = spawnSync('git', ['clone', '--depth', '1', '--quiet', '--', url, dir], {
    encoding: 'utf8',
    timeout: CLONE_DEADLINE_MS,
    // Never wait on a prompt for a password or a host key: a URL that needs one cannot be cloned here.
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' },
  });
  if (result.status !== 0) {
    remove();
    const why = result.error
      ? result.error.message
      : // git's first line says what went wrong; the last ones are advice ("Please make sure you have the correct access rights").
        (
          result.stderr.split('\n').find((line) => line.trim() && !line.startsWith('warning:')) ??
          `git exited with ${result.status}`
        )
          .trim()
          .replace(/^fatal:\s*/, '');
    throw new UsageError(`npm run grade: cannot clone ${source}: ${why}`);
  }
  if (!existsSync(path.join(dir, 'lessons'))) {
    remove();
    throw new UsageError(`npm run grade: ${source} holds no lessons/ folder (is it a copy of this course?)`);
  }
  return { name: name ?? nameFromSource(source), source, dir, remove };
}
