import { rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../course/catalog.js';
import { SWC_OPTIONS } from './swc-options.js';

const BUILD_ROOT = path.join(REPO_ROOT, '.course', 'run');
// Each process builds into a folder of its own (two may build the same lesson at once), gone when it exits.
const OWN_BUILDS = path.join(BUILD_ROOT, String(process.pid));
/** @type {Map<string, Promise<string>>} */
const building = new Map();
let removedAtExit = false;
const EXIT_WITH_PARENT = pathToFileURL(new URL('./exit-with-parent.js', import.meta.url).pathname).href;

/** A source file of the lesson that swc cannot compile: `message` shows the line and what is wrong. */
export class CompileError extends Error {
  /** @param {string} file relative to the course root @param {string} message */
  constructor(file, message) {
    super(`${file} does not compile:\n${message}`);
    this.file = file;
  }
}

/**
 * Compiles a lesson's `src/` with swc into `.course/run/<pid>/<the same path>/src/` and returns the compiled
 * `main.js`. Node then loads the app and its libraries natively: a TypeScript module hook would send
 * every import of Nest through a thread of its own, which costs close to a second at each start.
 * Source maps point back at the `.ts` files, so stack traces (with --enable-source-maps) name them.
 * @param {string} lessonDir the lesson folder in its tree (lessons/NN-slug or solutions/NN-slug)
 * @returns {Promise<string>} the compiled entry
 */
export function buildLesson(lessonDir) {
  const key = path.resolve(lessonDir);
  // The instances of lesson 4 start together: one build serves them all.
  const build = building.get(key) ?? compile(key).finally(() => building.delete(key));
  building.set(key, build);
  return build;
}

/** @param {string} lessonDir @returns {Promise<string>} */
async function compile(lessonDir) {
  const { transform } = await import('@swc/core');
  if (!removedAtExit) {
    removedAtExit = true;
    process.once('exit', () => rmSync(OWN_BUILDS, { recursive: true, force: true }));
    await removeBuildsOfEndedProcesses();
  }
  const sourceDir = path.join(lessonDir, 'src');
  const outDir = path.join(builtDir(lessonDir), 'src');
  // A file deleted from src/ must not live on in the build.
  await rm(outDir, { recursive: true, force: true });
  for (const file of await readdir(sourceDir, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const source = path.join(file.parentPath, file.name);
    const target = path.join(outDir, path.relative(sourceDir, source));
    await mkdir(path.dirname(target), { recursive: true });
    if (!source.endsWith('.ts')) {
      await copyFile(source, target);
      continue;
    }
    let code;
    try {
      ({ code } = await transform(await readFile(source, 'utf8'), { ...SWC_OPTIONS, filename: source }));
    } catch (error) {
      throw new CompileError(path.relative(REPO_ROOT, source), swcMessage(error));
    }
    await writeFile(target.replace(/\.ts$/, '.js'), code);
  }
  return path.join(outDir, 'main.js');
}

/** A process killed outright leaves its builds behind: remove those of processes that are gone. */
async function removeBuildsOfEndedProcesses() {
  const folders = await readdir(BUILD_ROOT).catch(() => []);
  for (const folder of folders) {
    if (/^\d+$/.test(folder) && !isRunning(Number(folder)))
      await rm(path.join(BUILD_ROOT, folder), { recursive: true, force: true });
  }
}

/** @param {number} pid */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** Where this process builds `lessonDir`. @param {string} lessonDir */
function builtDir(lessonDir) {
  return path.join(OWN_BUILDS, path.relative(REPO_ROOT, lessonDir));
}

/** Node's arguments to run a built entry: source maps on, and the process ends with its parent. @param {string} entry */
export function nodeArgsFor(entry) {
  return ['--enable-source-maps', '--import', EXIT_WITH_PARENT, entry];
}

/**
 * A path of the build, as the learner knows it: `.course/run/<pid>/lessons/…` becomes `lessons/…`.
 * @param {string} text
 */
export function withSourcePaths(text) {
  return text.replaceAll(`${OWN_BUILDS}${path.sep}`, REPO_ROOT);
}

/** swc's error without its native backtrace, paths relative to the course. @param {unknown} error */
function swcMessage(error) {
  const text = String(error instanceof Error ? error.message : error);
  return text
    .split(/\n\s*Caused by:|\n\s*Stack backtrace:/)[0]
    .replaceAll(REPO_ROOT, '')
    .trimEnd();
}
