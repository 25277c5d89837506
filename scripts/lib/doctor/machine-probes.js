import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';
import { isPortFree } from '../net/ports.js';
import { fail, ok, warn } from './finding.js';

/** @typedef {import('./finding.js').Finding} Finding */

/** The Node.js the course's package.json asks for. @returns {Finding} */
export function nodeVersion(version = process.versions.node) {
  const wanted = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).engines.node.replace(
    /^>=\s*/,
    '',
  );
  const [major, minor] = version.split('.').map(Number);
  const [wantedMajor, wantedMinor] = wanted.split('.').map(Number);
  if (major > wantedMajor || (major === wantedMajor && minor >= wantedMinor))
    return ok(`Node.js ${version} (the course needs ${wanted} or newer)`);
  return fail(
    `Node.js ${version} is older than the ${wanted} the course needs`,
    'install Node.js 22 (https://nodejs.org, or nvm install 22), then npm ci',
  );
}

/** @returns {Finding} */
export function dependencies() {
  const needed = ['@nestjs/core', 'jest', '@swc/core', 'socket.io-client'];
  const missing = needed.filter((name) => !existsSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json')));
  if (missing.length === 0) return ok('dependencies installed');
  return fail(`dependencies not installed (${missing.join(', ')} missing)`, 'npm ci   (in the course folder)');
}

/** @param {string} command @param {string[]} args */
export function versionOf(command, args = ['--version']) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : undefined;
}

/** @returns {Finding} */
export function git() {
  const version = versionOf('git');
  if (version) return ok(version);
  return warn(
    'git not found (npm run reset and npm run diff need it)',
    'sudo apt-get install git   ·   macOS: xcode-select --install   ·   https://git-scm.com',
  );
}

/** The system Chromium the course page's tests drive: optional. @returns {Finding} */
export function chromium(env = process.env) {
  const found =
    env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => existsSync(candidate));
  if (found && existsSync(found)) return ok(`Chromium at ${found} (for npm test's page tests)`);
  const why = env.CHROMIUM_PATH ? `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist` : 'Chromium not found';
  return warn(
    `${why} (optional: only npm test's page tests need it, and skip without it)`,
    'sudo apt-get install chromium, or set CHROMIUM_PATH to a Chromium or Chrome binary',
  );
}

/** The app's port, a second instance's (lesson 4) and the lesson page's. @returns {Promise<Finding>} */
export async function ports(env = process.env) {
  const app = Number(env.PORT) || 3000;
  const page = Number(env.COURSE_PORT) || 4000;
  const wanted = [
    { port: app, role: 'the app', variable: 'PORT' },
    { port: app + 1, role: 'a second instance', variable: 'PORT' },
    { port: page, role: 'the lesson page', variable: 'COURSE_PORT' },
  ];
  const taken = [];
  for (const want of wanted) if (!(await isPortFree(want.port))) taken.push(want);
  if (taken.length === 0)
    return ok(`ports ${app} (the app), ${app + 1} (a second instance) and ${page} (the lesson page) are free`);
  const names = taken.map((want) => `${want.port} (${want.role})`).join(', ');
  const moves = [
    ...new Set(taken.map((want) => (want.variable === 'PORT' ? `PORT=${app + 10}` : `COURSE_PORT=${page + 10}`))),
  ].join(' ');
  return warn(
    `port ${names} in use`,
    `stop what holds it (another npm run lesson?), or choose others: ${moves} npm run lesson 1`,
  );
}
