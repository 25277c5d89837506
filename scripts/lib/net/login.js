import { BenchFailure } from '../cli/usage-error.js';
import { requestJson } from './http-client.js';

// The login route and a seed user every lesson from 2 on has (lesson 2's README lists them).
export const LOGIN_ROUTE = '/auth/login';
export const SEED_USER = { username: 'alice', password: 'alice-secret' };

/** Logs the seed user in and resolves with the access token. @param {URL} base @returns {Promise<string>} */
export async function logIn(base) {
  const { status, body } = await requestJson(base, LOGIN_ROUTE, { json: SEED_USER });
  const token = body?.accessToken;
  if (status !== 200 || typeof token !== 'string') {
    throw new BenchFailure(
      `POST ${LOGIN_ROUTE} as ${SEED_USER.username} on ${base.origin} answered ${status} ${JSON.stringify(body ?? '').slice(0, 120)}, ` +
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
