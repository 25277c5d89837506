import { BenchFailure } from '../cli/usage-error.js';
import { benchRequest, shortBody } from './lesson-context.js';

/**
 * The seed user the lesson's bench logs in as (lesson.json: bench.user, users).
 * @param {import('../course/catalog.js').Lesson} lesson
 * @returns {{ username: string, password: string }}
 */
export function benchUser(lesson) {
  const username = lesson.manifest.bench.user ?? '';
  const user = lesson.manifest.users.find((candidate) => candidate.name === username);
  if (!user?.password)
    throw new Error(`${lesson.slug}/lesson.json: bench.user "${username}" is not one of its users with a password`);
  return { username, password: user.password };
}

/**
 * Logs the lesson's bench user in and resolves with the access token.
 * @param {URL} base @param {import('../course/catalog.js').Lesson} lesson @returns {Promise<string>}
 */
export async function logIn(base, lesson) {
  const route = lesson.manifest.routes.login;
  const user = benchUser(lesson);
  const reply = await benchRequest(base, route, { json: user });
  const token = reply.body?.accessToken;
  if (reply.status !== 200 || typeof token !== 'string') {
    throw new BenchFailure(
      `POST ${route} as ${user.username} on ${base.origin} answered ${reply.status} ${shortBody(reply)}, ` +
        'not 200 { accessToken }: does the app run this lesson?',
    );
  }
  return token;
}

/** The same token with a signature that does not match: refused only after the signature is checked. @param {string} token */
export function tamperedToken(token) {
  const [header, payload, signature = ''] = token.split('.');
  const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
  return `${header}.${payload}.${flipped}`;
}
