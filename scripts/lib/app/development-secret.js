import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';

const SECRET_FILE = path.join(REPO_ROOT, '.course', 'dev-jwt-secret');

/**
 * The JWT_SECRET the lessons' apps get in development: 32 random bytes made on first use and kept in
 * .course/ (git-ignored), so that tokens survive a restart and every instance of lesson 4 shares the key,
 * while no key is written in the source for every page to forge tokens with. JWT_SECRET in `env` wins.
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv} what to add to the app's environment
 */
export function developmentSecretEnv(env) {
  if (env.JWT_SECRET) return {};
  return { JWT_SECRET: developmentSecret() };
}

function developmentSecret() {
  try {
    const kept = readFileSync(SECRET_FILE, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(kept)) return kept;
  } catch {
    // Not made yet: made below.
  }
  const secret = randomBytes(32).toString('hex');
  mkdirSync(path.dirname(SECRET_FILE), { recursive: true });
  writeFileSync(SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  return secret;
}
