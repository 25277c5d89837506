import type { AppUnderTest } from './app-under-test.js';
import type { CheckContext } from './check-context.js';
import { formatValue } from './format-value.js';

/** The users every lesson from 2 on seeds (lesson 2's README lists them). */
export const SEED_USERS = {
  alice: { id: 'u1', name: 'alice', role: 'member', password: 'alice-secret' },
  bob: { id: 'u2', name: 'bob', role: 'member', password: 'bob-secret' },
  carol: { id: 'u3', name: 'carol', role: 'admin', password: 'carol-secret' },
} as const;

export type SeedUser = keyof typeof SEED_USERS;

/** Logs `user` in with POST /auth/login and resolves with the access token; fails the check otherwise. */
export async function logIn(t: CheckContext, app: AppUnderTest, user: SeedUser): Promise<string> {
  const reply = await t.request(app, '/auth/login', { json: { username: user, password: SEED_USERS[user].password } });
  const token = (reply.body as { accessToken?: unknown } | undefined)?.accessToken;
  t.expect(
    reply.status === 200 && typeof token === 'string',
    `Expected POST /auth/login to give ${user} an access token (200 { accessToken, expiresIn }), ` +
      `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
  );
  return token as string;
}
