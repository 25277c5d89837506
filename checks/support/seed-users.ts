import { createHmac } from 'node:crypto';
import type { AppUnderTest } from './app-under-test.js';
import type { CheckContext } from './check-context.js';
import { formatValue } from './format-value.js';
import { manifestOf, seedUsersOf } from './lesson-manifest.js';

/** The name of one of the lesson's seed users (lesson.json: users). */
export type SeedUser = string;

/**
 * How long a login may take: scrypt at OWASP's cost (N = 2^17) takes about half a second of a core on an idle
 * machine, and several seconds on a busy one. It is on the path to nearly every check, so its deadline
 * only says that the app hangs (and it is patient: pace.ts).
 */
export const LOGIN_DEADLINE_MS = 30_000;

/** Logs `user` in with the lesson's login route and resolves with the access token; fails the check otherwise. */
export async function logIn(t: CheckContext, app: AppUnderTest, user: SeedUser): Promise<string> {
  const route = manifestOf(t.lesson).routes.login;
  const password = seedUsersOf(t.lesson)[user]?.password;
  if (password === undefined) throw new Error(`${user} is not a seed user of ${t.lesson} (its lesson.json)`);
  const reply = await t.request(app, route, { json: { username: user, password }, within: LOGIN_DEADLINE_MS });
  const token = (reply.body as { accessToken?: unknown } | undefined)?.accessToken;
  t.expect(
    reply.status === 200 && typeof token === 'string',
    `Expected POST ${route} to give ${user} an access token (200 { accessToken, expiresIn }), ` +
      `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
  );
  return token as string;
}

const remembered = new Map<SeedUser, string>();
const inFlight = new Map<SeedUser, Promise<string>>();

/**
 * logIn() once per user for the whole check file: a token is a JWT signed with JWT_SECRET, so one from an
 * earlier check's app is valid in every app given the same secret (the lesson's checks give them all the
 * same), while it has more than a minute left. This saves a slow scrypt login per user and check. Checks
 * running side by side that need the same user at the same time wait for one login; when it fails, each
 * logs in for itself, so the failure is its own.
 */
export async function rememberedLogIn(t: CheckContext, app: AppUnderTest, user: SeedUser): Promise<string> {
  const token = remembered.get(user);
  if (token && expiresAt(token) - Date.now() > 60_000) {
    // A kept token's life is time: on a very busy machine it may run out while the check still uses it.
    t.timeSensitive();
    t.note(
      `${user} reuses the access token of an earlier POST ${manifestOf(t.lesson).routes.login} (the same JWT_SECRET)`,
    );
    return token;
  }
  const pending = inFlight.get(user);
  if (pending) {
    const shared = await pending.catch(() => undefined);
    if (shared !== undefined) {
      t.note(
        `${user} reuses the access token of a POST ${manifestOf(t.lesson).routes.login} another check made at the same time (the same JWT_SECRET)`,
      );
      return shared;
    }
  }
  const login = logIn(t, app, user);
  inFlight.set(user, login);
  try {
    const fresh = await login;
    remembered.set(user, fresh);
    return fresh;
  } finally {
    if (inFlight.get(user) === login) inFlight.delete(user);
  }
}

const HMAC_HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * A JWT signed by the checks with exactly these claims: an HMAC algorithm with `secret`, or `none` (no
 * signature), so that a check can also forge the tokens an attacker would.
 */
export function signJwt(
  claims: Record<string, unknown>,
  { secret, alg = 'HS256' }: { secret: string; alg?: string },
): string {
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
  if (alg === 'none') return `${signingInput}.`;
  const hash = HMAC_HASHES[alg];
  if (!hash) throw new Error(`signJwt() cannot sign with ${alg}`);
  return `${signingInput}.${createHmac(hash, secret).update(signingInput).digest('base64url')}`;
}

/** The claims of a JWT's payload, read without checking its signature ({} when it is not a JWT). */
export function tokenClaims(token: unknown): Record<string, unknown> {
  return tokenPart(token, 1);
}

/** The header of a JWT (alg, typ), read without checking its signature ({} when it is not a JWT). */
export function tokenHeader(token: unknown): Record<string, unknown> {
  return tokenPart(token, 0);
}

function tokenPart(token: unknown, index: number): Record<string, unknown> {
  if (typeof token !== 'string') return {};
  try {
    const part: unknown = JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8'));
    return part !== null && typeof part === 'object' ? (part as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** When a JWT expires, in ms since the epoch (0 when it says nothing). */
function expiresAt(token: string): number {
  const { exp } = tokenClaims(token);
  return typeof exp === 'number' ? exp * 1000 : 0;
}
