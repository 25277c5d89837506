import type { AppUnderTest } from './app-under-test.js';
import type { CheckContext } from './check-context.js';
import { formatValue } from './format-value.js';
import { seedUsersOf } from './lesson-manifest.js';

// What the starters of several lessons provide alike is checked alike: one body each, for every lesson that has it.

type ValidateEnv = (env: Record<string, unknown>) => { app: Record<string, unknown> };

/** validateEnv in src/config.ts: 127.0.0.1 without HOST, whatever HOST says with it. */
export async function expectLoopbackUnlessHost(t: CheckContext): Promise<void> {
  const { validateEnv } = await t.appModule<{ validateEnv: ValidateEnv }>('config.ts');
  t.expectEqual(
    validateEnv({ NODE_ENV: 'development' }).app.host,
    '127.0.0.1',
    'the host without HOST (a public development secret must not be reachable from the network)',
  );
  t.expectEqual(
    validateEnv({ NODE_ENV: 'development', HOST: '0.0.0.0' }).app.host,
    '0.0.0.0',
    'the host with HOST=0.0.0.0',
  );
}

/** The login's throttle, on an app started with `loginAttemptsPerMinute: 3`: three attempts, then 429 with Retry-After. */
export async function expectLoginThrottled(t: CheckContext, app: AppUnderTest): Promise<void> {
  const route = t.manifest.routes.login;
  // Bodies without a password: the guard counts them before the body is read, and no password is hashed.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const reply = await t.request(app, route, { json: { username: 'alice' } });
    t.expectEqual(reply.status, 400, `the status of login attempt ${attempt} of 3 allowed (a body without a password)`);
  }
  const fourth = await t.request(app, route, {
    json: { username: 'alice', password: seedUsersOf(t.lesson).alice.password },
  });
  t.expectEqual(
    fourth.status,
    429,
    'the status of a 4th login attempt within a minute (LOGIN_ATTEMPTS_PER_MINUTE was 3)',
  );
  const retryAfter = Number(fourth.headers.get('retry-after'));
  t.expect(
    Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
    `Expected a Retry-After header of 1 to 60 seconds on the 429, but it was ${formatValue(fourth.headers.get('retry-after'))}.`,
  );
}

/**
 * A request body the parser refuses, on `path`: answered with fixed words (400 "The body is not valid JSON" for
 * malformed JSON), never with the parser's quote of what was sent.
 */
export async function expectMalformedBodyNotEchoed(t: CheckContext, app: AppUnderTest, path: string): Promise<void> {
  const marker = 'zq7x';
  const refusals: [string, Record<string, string>, number, string][] = [
    [`{"title": ${marker}`, { 'content-type': 'application/json' }, 400, 'a body that is not JSON'],
    ['{}', { 'content-type': `application/json; charset=${marker}` }, 415, 'a JSON body in a charset nobody knows'],
  ];
  for (const [rawBody, headers, status, what] of refusals) {
    const reply = await t.request(app, path, { method: 'POST', rawBody, headers });
    t.expectEqual(reply.status, status, `the status of POST ${path} with ${what}`);
    t.expect(
      !reply.text.toLowerCase().includes(marker),
      `Expected the answer to POST ${path} with ${what} to describe the body without quoting it, but it was ${formatValue(reply.text, 200)}: ` +
        'what a client sent goes back to it, and into every log of the answer.',
    );
    if (status === 400)
      t.expectEqual(reply.body?.message, 'The body is not valid JSON', `the message of POST ${path} with ${what}`);
  }
}
