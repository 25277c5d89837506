import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import type { AppUnderTest } from './support/app-under-test.js';
import type { CheckContext } from './support/check-context.js';
import { CheckFailure } from './support/check-failure.js';
import { withDeadline } from './support/deadline.js';
import { activeTimers, settledTimers, timersSetIn } from './support/active-resources.js';
import { lessonChecks } from './support/check.js';
import { requireAlone } from './support/current-check.js';
import { formatValue } from './support/format-value.js';
import {
  expectLoginThrottled,
  expectLoopbackUnlessHost,
  expectMalformedBodyNotEchoed,
} from './support/given-behaviour.js';
import { APP_LINE } from './support/app-log.js';
import { eventually } from './support/polling.js';
import { namespaceOf, manifestOf, seedUsersOf } from './support/lesson-manifest.js';
import { LOGIN_DEADLINE_MS, logIn, signJwt, tokenClaims, tokenHeader, type SeedUser } from './support/seed-users.js';
import { expectConnectionClosed, shareConnection } from './support/shared-connection.js';
import type { ServerException, SocketOptions, SocketUnderTest } from './support/socket-under-test.js';

const LESSON = '02-handshake-auth';
const { check } = lessonChecks(LESSON);

const CHAT = namespaceOf(LESSON);
const LOGIN = manifestOf(LESSON).routes.login;
const SEED_USERS = seedUsersOf(LESSON);
const SECRET = 'lesson-2-checks-secret-0123456789abcdef';
const OTHER_SECRET = 'not-the-app-secret-0123456789abcdef00';
// What the provided login writes into every token (src/auth/token-claims.ts).
const ISSUER = 'realtime-course';
const AUDIENCE = 'chat';
const MAX_TIMER_MS = 2 ** 31 - 1;
const DAY_S = 24 * 3600;

const DOCS = {
  middlewares: 'https://socket.io/docs/v4/middlewares/',
  sendingCredentials: 'https://socket.io/docs/v4/middlewares/#sending-credentials',
  bearerThreats: 'https://www.rfc-editor.org/rfc/rfc6750#section-5.3',
  clientActive: 'https://socket.io/docs/v4/client-socket-instance/#active',
  logger: 'https://docs.nestjs.com/techniques/logger',
  authGuard: 'https://docs.nestjs.com/security/authentication#implementing-the-authentication-guard',
  jwtToken: 'https://docs.nestjs.com/security/authentication#jwt-token',
  jwtAlgorithms: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1',
  jwtAudience: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.9',
  jwtErrors: 'https://github.com/auth0/node-jsonwebtoken#errors--codes',
  jwtNbf: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5',
  authentication: 'https://docs.nestjs.com/security/authentication',
  jwtClaims: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1',
  exceptionFilters: 'https://docs.nestjs.com/exception-filters',
  authorizationHeader: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Authorization',
  bearerHeader: 'https://www.rfc-editor.org/rfc/rfc6750#section-2.1',
  socketHandshake: 'https://socket.io/docs/v4/server-socket-instance/#sockethandshake',
  socketData: 'https://socket.io/docs/v4/server-socket-instance/#socketdata',
  strippingProperties: 'https://docs.nestjs.com/techniques/validation#stripping-properties',
  rolesPerHandler: 'https://docs.nestjs.com/guards#setting-roles-per-handler',
  guardsTogether: 'https://docs.nestjs.com/guards#putting-it-all-together',
  builtInHttpExceptions: 'https://docs.nestjs.com/exception-filters#built-in-http-exceptions',
  rooms: 'https://socket.io/docs/v4/rooms/',
  socketDisconnect: 'https://socket.io/docs/v4/server-socket-instance/#disconnect',
  socketUse: 'https://socket.io/docs/v4/server-socket-instance/#socketuse',
  setTimeoutMaximum: 'https://developer.mozilla.org/en-US/docs/Web/API/Window/setTimeout#maximum_delay_value',
  jwtExp: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4',
  socketIoJwt: 'https://socket.io/how-to/use-with-jwt',
  filters: 'https://docs.nestjs.com/websockets/exception-filters',
};

// ── Tokens ───────────────────────────────────────────────────────────────────────────────────────────────────────────

type Claims = Record<string, unknown>;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The claims the app itself would sign for `user`, valid for `ttl` seconds. */
function claimsOf(user: SeedUser, ttl = 60): Claims {
  const { id, name, role } = SEED_USERS[user];
  const iat = nowSeconds();
  return { sub: id, name, role, iat, exp: iat + ttl, iss: ISSUER, aud: AUDIENCE };
}

/** A JWT made by hand, so that the checks can also forge the tokens an attacker would. */
function mint(claims: Claims, { alg = 'HS256', secret = SECRET }: { alg?: string; secret?: string } = {}): string {
  return signJwt(claims, { alg, secret });
}

/** A token of `user` with some claims changed; a claim set to undefined is left out. */
function tokenOf(user: SeedUser, extra: Claims = {}): string {
  const claims = { ...claimsOf(user), ...extra };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return mint(claims);
}

// ── Apps and clients ─────────────────────────────────────────────────────────────────────────────────────────────────

function chatApp(t: CheckContext, tokenTtl = 60): Promise<AppUnderTest> {
  return t.app({ jwtSecret: SECRET, tokenTtl });
}

function as(user: SeedUser, extra: Claims = {}): SocketOptions {
  return { auth: { token: tokenOf(user, extra) } };
}

async function connectAs(
  t: CheckContext,
  app: AppUnderTest,
  user: SeedUser,
  name: string = user,
  extra: Claims = {},
): Promise<SocketUnderTest> {
  // A good token refused shows the verification (tasks 4 and 5) unfinished, whatever task the check is of.
  const socket = await t.needs(5, () => t.connect(name, app, CHAT, as(user, extra)));
  await staysConnected(socket);
  return socket;
}

/**
 * Connects without the settling ping of connectAs, which would take a token from the socket's bucket:
 * the presence the gateway greets every kept socket with says it stayed.
 */
async function connectWithFullBucket(t: CheckContext, app: AppUnderTest, user: SeedUser): Promise<SocketUnderTest> {
  const socket = await t.needs(5, () => t.connect(user, app, CHAT, as(user)));
  try {
    await socket.next('presence');
  } catch (error) {
    throw await droppedAtOnce(socket, error);
  }
  return socket;
}

/**
 * A socket the handshake attached no user to is dropped by the starter's handleConnection as soon as it
 * connects: say that, rather than the symptom a later step of the check would show.
 */
async function staysConnected(s: SocketUnderTest): Promise<void> {
  try {
    await s.settle();
  } catch (error) {
    throw await droppedAtOnce(s, error);
  }
}

async function droppedAtOnce(s: SocketUnderTest, error: unknown): Promise<unknown> {
  if (!(error instanceof CheckFailure) || s.connected) return error;
  const dropped = new CheckFailure(
    `Expected ${s.name} to stay connected, but the server disconnected the socket as soon as it connected ` +
      `(${await s.disconnected(1000)}): the gateway drops a socket the handshake middleware attached no user to. ` +
      'The handshake check comes first (task 1), and keeps the user on the socket (task 2).',
  );
  dropped.needs = 2;
  return dropped;
}

/**
 * Opens one raw WebSocket (Engine.IO 4) and sends `count` Socket.IO connects to the chat namespace in a
 * single write, as a client may; resolves with how many the server admitted, and refused as too many.
 */
async function connectBurst(url: string, token: string, count: number): Promise<{ admitted: number; refused: number }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const answers = { admitted: 0, refused: 0 };
  try {
    return await withDeadline(
      new Promise<{ admitted: number; refused: number }>((resolve, reject) => {
        socket.on('error', reject);
        // Socket.IO closes a connection that asks for a namespace it already holds: judge what came back.
        socket.on('close', () => resolve(answers));
        socket.on('message', (data) => {
          const packet = String(data);
          if (packet.startsWith('0')) {
            // The open packet: now the burst, corked into one write.
            const raw = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
            raw.cork();
            for (let i = 0; i < count; i += 1) socket.send(`40${CHAT},${JSON.stringify({ token })}`);
            raw.uncork();
          } else if (packet.startsWith(`40${CHAT},`)) answers.admitted += 1;
          else if (packet.startsWith(`44${CHAT},`) && packet.includes('too_many_connections')) answers.refused += 1;
          if (answers.admitted + answers.refused === count) resolve(answers);
        });
      }),
      5000,
      () =>
        new CheckFailure(
          `Expected an answer to each of ${count} connects within 5000 ms, but ${answers.admitted} were admitted and ${answers.refused} refused.`,
        ),
    );
  } finally {
    socket.terminate();
  }
}

/**
 * Expects the handshake to be refused. A server that accepts the connection and then drops it (from
 * handleConnection) is told so: that is too late, the socket existed for a moment.
 */
async function refusalOf(s: SocketUnderTest): Promise<{ message: string; data?: any }> {
  try {
    return await s.connectRefused();
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    const dropped = await s.disconnected(300).then(
      (reason) => reason,
      () => undefined,
    );
    if (dropped === undefined) throw error;
    if (s.received('auth:expired').length > 0)
      throw new CheckFailure(
        `Expected the server to refuse ${s.name}'s handshake, but it accepted the connection although the token had ` +
          `expired, and only the session's expiry (task 11) then ended it (auth:expired, ${dropped}): the handshake's ` +
          'verification must refuse an expired token itself, with token_expired.',
      );
    throw new CheckFailure(
      `Expected the server to refuse ${s.name}'s handshake, but it accepted the connection, then disconnected it ` +
        `(${dropped}). Dropping a socket after it connected is too late (the starter's handleConnection does that until ` +
        'the handshake is checked): refuse in middleware, before the connection exists.',
    );
  }
}

async function expectRefused(
  t: CheckContext,
  options: SocketOptions,
  reason: string,
  name = 'mallory',
  app?: AppUnderTest,
): Promise<void> {
  const target = app ?? (await chatApp(t));
  const refusal = await refusalOf(t.socket(name, target, CHAT, options));
  t.expectEqual(refusal, { message: 'Unauthorized', data: { reason } }, `the connect_error that ${name} received`);
}

async function login(t: CheckContext, app: AppUnderTest, body: unknown) {
  return t.request(app, LOGIN, { json: body, within: LOGIN_DEADLINE_MS });
}

/** A login runs scrypt at N = 2^17 in Node's thread pool: beside other checks it would starve them. */
const SCRYPT_APART = 'a login runs scrypt at N = 2^17, which keeps a core busy for a while';

/** The app's /chat namespace, read from its ChatGateway. */
async function chatNamespace(t: CheckContext, app: AppUnderTest): Promise<any> {
  const { ChatGateway } = await t.appModule('chat/chat.gateway.ts');
  const server = (app.nest.get(ChatGateway, { strict: false }) as { server?: any }).server;
  t.expect(
    server?.sockets instanceof Map,
    "Expected ChatGateway's server property to be the /chat namespace (@WebSocketServer()).",
  );
  return server;
}

/** Nest's logger reaches the transcript by itself; under Jest, console does not: record it too while the check runs. */
function recordConsole(t: CheckContext): void {
  requireAlone('it records what the whole process writes to the console');
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods) {
    console[method] = (...args: unknown[]) =>
      t.transcript.add(
        `${APP_LINE}${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`,
      );
  }
  t.defer(() => methods.forEach((method, index) => (console[method] = originals[index])));
}

/**
 * Makes the app's user store fail (each lookup throws, as a database that is down would) and returns the
 * text the error carries, unique to the check, to find it again in the log.
 */
async function failUserLookups(t: CheckContext, app: AppUnderTest): Promise<string> {
  const { UsersService } = await t.appModule('users/users.service.ts');
  const outage = `users-db-${randomBytes(4).toString('hex')}.internal`;
  (app.nest.get(UsersService, { strict: false }) as { findById: unknown }).findById = () => {
    throw new Error(`connection to ${outage} lost`);
  };
  t.note(`every user lookup of the app now throws a plain Error (connection to ${outage} lost)`);
  return outage;
}

/** Expects the app to have logged the error that names `outage`, and no line to hold `token`. */
function expectLoggedWithoutToken(t: CheckContext, mark: number, outage: string, token: string, what: string): void {
  const lines = t.appLog(mark);
  t.expect(
    lines.some((line) => line.includes(outage)),
    `Expected the app to log the error of ${what} (it names ${outage}), so that an operator hears of the outage, ` +
      `but it logged ${lines.length === 0 ? 'nothing' : formatValue(lines.join(' / ').slice(0, 300))}.`,
  );
  t.expect(
    !lines.some((line) => line.includes(token)),
    `Expected the log to hold no token, but a line of it holds the token that ${what} carried.`,
  );
}

/** A JWT, or the start of one, anywhere in a line. */
const JWT_IN_TEXT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

function isJson(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').includes('application/json');
}

interface TrackedTimer {
  ms: number;
  dueAt: number;
  fire: () => void;
}

/**
 * Records the timers set while the check runs, not yet cleared or fired, for which `keep(ms)` holds; by
 * default those of a minute or more. Socket.IO's own timers are shorter (45 s at most), so with tokens
 * valid for minutes or more these are the app's expiry timers.
 */
function trackLongTimers(t: CheckContext, keep = (ms: number) => ms >= 60_000): Map<unknown, TrackedTimer> {
  requireAlone('watches every timer the process sets');
  const pending = new Map<unknown, TrackedTimer>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (!keep(ms ?? 0)) return realSet(callback, ms, ...args);
    const fire = () => {
      pending.delete(timer);
      callback(...args);
    };
    const timer = realSet(fire, ms);
    pending.set(timer, { ms: ms ?? 0, dueAt: Date.now() + (ms ?? 0), fire });
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: NodeJS.Timeout | string | number) => {
    pending.delete(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  t.defer(() => {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  });
  return pending;
}

function describeTimers(timers: Map<unknown, TrackedTimer>): string {
  const delays = [...timers.values()].map(({ ms }) => `${ms} ms`);
  return delays.length === 0 ? 'none' : delays.join(', ');
}

/**
 * Moves the app's clock (Date.now() and new Date()) `ms` ahead until the returned function is called,
 * as if the machine had slept: timers already set do not fire any sooner.
 */
function shiftClock(t: CheckContext, ms: number): () => void {
  requireAlone('moves the clock of the whole process');
  const RealDate = globalThis.Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + ms);
      else super(...(args as [string]));
    }
    static override now(): number {
      return RealDate.now() + ms;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    globalThis.Date = RealDate;
    t.note(`the clock is back to real time`);
  };
  t.defer(restore);
  t.note(
    `the clock jumps ${Math.round(ms / 1000)} s ahead, as after a machine slept: timers already set do not fire sooner`,
  );
  return restore;
}

/** Stops the app's clock (Date.now() and new Date()) at `atMs` until the returned function is called. */
function freezeClock(t: CheckContext, atMs: number): () => void {
  requireAlone('stops the clock of the whole process');
  const RealDate = globalThis.Date;
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(atMs);
      else super(...(args as [string]));
    }
    static override now(): number {
      return atMs;
    }
  }
  globalThis.Date = FrozenDate as DateConstructor;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    globalThis.Date = RealDate;
    t.note('the clock runs again');
  };
  t.defer(restore);
  t.note(`the clock stops at ${new RealDate(atMs).toISOString()}`);
  return restore;
}

/** The app's SessionExpiryService, to look at what it keeps. */
async function sessionExpiryService(t: CheckContext, app: AppUnderTest): Promise<object | undefined> {
  const exported = await t.appModule<{ SessionExpiryService?: new (...args: never[]) => object }>(
    'socket-auth/session-expiry.service.ts',
  );
  if (!exported.SessionExpiryService) return undefined;
  return app.nest.get(exported.SessionExpiryService, { strict: false });
}

/** The Maps, Sets, arrays and plain objects among an object's fields, with how many entries each holds. */
function collectionsOf(instance: object): { field: string; size: number }[] {
  const found: { field: string; size: number }[] = [];
  for (const [field, value] of Object.entries(instance)) {
    if (value instanceof Map || value instanceof Set) found.push({ field, size: value.size });
    else if (Array.isArray(value)) found.push({ field, size: value.length });
    else if (
      value !== null &&
      typeof value === 'object' &&
      [Object.prototype, null].includes(Object.getPrototypeOf(value))
    ) {
      found.push({ field, size: Object.keys(value).length });
    }
  }
  return found;
}

/** Where FloodControlService lives, in the lesson's tree (tasks 14 to 16). */
const FLOOD_CONTROL_FILE = 'chat/flood-control.service.';

/** The app's FloodControlService, to look at what it keeps. */
async function floodControlService(t: CheckContext, app: AppUnderTest): Promise<object | undefined> {
  const exported = await t.appModule<{ FloodControlService?: new (...args: never[]) => object }>(
    'chat/flood-control.service.ts',
  );
  if (!exported.FloodControlService) return undefined;
  return app.nest.get(exported.FloodControlService, { strict: false });
}

/** The collections of `instance` that hold more entries than they did in `before`. */
function grownSince(
  before: { field: string; size: number }[],
  instance: object,
): { field: string; size: number; was: number }[] {
  return collectionsOf(instance).flatMap(({ field, size }) => {
    const was = before.find((kept) => kept.field === field)?.size ?? 0;
    return size > was ? [{ field, size, was }] : [];
  });
}

/** Waits until the app's /chat namespace holds `count` sockets, so that the disconnects of the others have run. */
async function untilSocketsLeft(t: CheckContext, app: AppUnderTest, count: number, what: string): Promise<void> {
  const namespace = await chatNamespace(t, app);
  const left = await eventually(2000, () => namespace.sockets.size <= count);
  t.expect(
    left,
    `Expected the server to see ${what} leave within 2000 ms, but it still holds ${namespace.sockets.size} sockets.`,
  );
}

/** Connects with a token that expires at the next whole second at least `margin` ms away; retries when the handshake was too slow. */
async function connectExpiringSoon(
  t: CheckContext,
  app: AppUnderTest,
  user: SeedUser,
): Promise<{ socket: SocketUnderTest; exp: number }> {
  t.timeSensitive();
  for (let margin = 400 * t.deadlineScale; ; margin *= 2) {
    const exp = Math.ceil((Date.now() + margin) / 1000);
    const s = t.socket(user, app, CHAT, as(user, { exp }));
    t.note(`${user}'s token expires ${exp * 1000 - Date.now()} ms from now`);
    try {
      return { socket: await s.connect(), exp };
    } catch (error) {
      // A busy machine can take longer than the token lives: try again with more time.
      if (
        !(error instanceof CheckFailure) ||
        !String(error.message).includes('token_expired') ||
        margin >= 3200 * t.deadlineScale
      )
        throw error;
      t.note('the handshake took longer than the token lived: again, with a token that lives longer');
    }
  }
}

// ── Given · the login, the configuration, announcements ──────────────────────────────────────────────────────────────

check(
  'POST /auth/login with the right password returns an HS256 token with iss and aud',
  {
    baseline: true,
    apart: SCRYPT_APART,
    within: 2 * LOGIN_DEADLINE_MS + 10_000,
    hint: [
      'The login is provided (src/auth/auth.controller.ts) and passed on the starter. If it fails now, something you wrote runs on HTTP requests too: a guard registered for the whole app must let a route that names no roles through. Look at the app lines in the transcript.',
      "AuthModule's JwtModule signOptions pin HS256, expiresIn = TOKEN_TTL, issuer TOKEN_ISSUER and audience TOKEN_AUDIENCE; TokenService.issue signs the claims sub, name and role, and jsonwebtoken adds iat, exp, iss and aud.",
    ],
  },
  async (t) => {
    const app = await chatApp(t, 120);
    const reply = await login(t, app, { username: 'alice', password: SEED_USERS.alice.password });
    t.expectEqual(reply.status, 200, 'the status of a successful login');
    t.expect(
      isJson(reply.headers),
      `Expected a JSON answer, but Content-Type was ${reply.headers.get('content-type')}.`,
    );
    const { accessToken, expiresIn } = reply.body ?? {};
    t.expect(typeof accessToken === 'string', `Expected { accessToken, expiresIn }, but the body was ${reply.text}.`);
    t.expectEqual(expiresIn, 120, 'expiresIn (TOKEN_TTL was 120)');
    t.expectEqual(tokenHeader(accessToken).alg, 'HS256', "the token's alg header");
    const claims: Record<string, any> = tokenClaims(accessToken);
    t.expectEqual(
      { sub: claims.sub, name: claims.name, role: claims.role, iss: claims.iss, aud: claims.aud },
      { sub: SEED_USERS.alice.id, name: 'alice', role: 'member', iss: ISSUER, aud: AUDIENCE },
      "the token's sub, name, role, iss and aud",
    );
    t.expectEqual(claims.exp - claims.iat, 120, "the token's lifetime exp - iat");
  },
);

check(
  'POST /auth/login with a wrong password or an unknown user answers 401',
  {
    baseline: true,
    apart: SCRYPT_APART,
    within: 2 * LOGIN_DEADLINE_MS + 10_000,
    hint: [
      'The login is provided: AuthService.login throws UnauthorizedException when UsersService.verifyCredentials finds no match.',
      'Both cases get the same answer, so that the response does not tell which user names exist.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const bodies = [
      { username: 'alice', password: SEED_USERS.bob.password },
      { username: 'mallory', password: SEED_USERS.alice.password },
    ];
    // Both at once: each hashes (an unknown user too, so as not to answer sooner), one per core.
    const replies = await Promise.all(bodies.map((body) => login(t, app, body)));
    for (const [index, body] of bodies.entries()) {
      const reply = replies[index];
      t.expectEqual(reply.status, 401, `the status of a login as ${JSON.stringify(body)}`);
      t.expect(
        isJson(reply.headers),
        `Expected the 401 to be JSON, but Content-Type was ${reply.headers.get('content-type')}.`,
      );
      t.expect(reply.body?.accessToken === undefined, 'Expected no accessToken in a refused login.');
    }
  },
);

check(
  'POST /auth/login with a malformed body answers 400',
  {
    baseline: true,
    hint: [
      'The login is provided: LoginDto and the ValidationPipe on AuthController.login turn a bad body into 400.',
      'A body that is not JSON at all is refused by the JSON body parser with 400 too.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const missing = await login(t, app, { username: 'alice' });
    t.expectEqual(missing.status, 400, 'the status of a login without a password');
    t.expect(isJson(missing.headers), 'Expected the 400 to be JSON.');
    const wrongType = await login(t, app, { username: 42, password: [SEED_USERS.alice.password] });
    t.expectEqual(wrongType.status, 400, 'the status of a login with a number as username');
    const notJson = await t.request(app, LOGIN, { rawBody: '{"username": alice' });
    t.expectEqual(notJson.status, 400, 'the status of a login whose body is not JSON');
    t.expect(isJson(notJson.headers), 'Expected the 400 for a body that is not JSON to be JSON itself.');
  },
);

check(
  'without JWT_SECRET the configuration fails closed outside development and test',
  {
    baseline: true,
    hint: [
      'The configuration is provided: validateEnv in src/config.ts. If this fails, compare it with the solution (npm run diff 2).',
      'A random development key is made only when NODE_ENV is development or test; unset NODE_ENV (common in containers) stops the boot with a message that says how to set JWT_SECRET.',
    ],
  },
  async (t) => {
    const { validateEnv } = await t.appModule<{
      validateEnv: (env: Record<string, unknown>) => { app: Record<string, unknown> };
    }>('config.ts');
    for (const env of [{}, { NODE_ENV: 'production' }, { NODE_ENV: 'staging', JWT_SECRET: '' }]) {
      let message: string | undefined;
      try {
        validateEnv(env);
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      t.expect(
        message !== undefined && message.includes('JWT_SECRET'),
        `Expected validateEnv(${JSON.stringify(env)}) to throw a message about JWT_SECRET, but it ${message === undefined ? 'returned a configuration' : `threw ${formatValue(message)}`}.`,
      );
    }
    for (const NODE_ENV of ['development', 'test']) {
      const { app } = validateEnv({ NODE_ENV });
      t.expect(
        typeof app.jwtSecret === 'string' && /^[0-9a-f]{64}$/.test(app.jwtSecret),
        `Expected validateEnv({ NODE_ENV: '${NODE_ENV}' }) to fall back to a random development key of 32 bytes as hex, but it gave ${formatValue(app.jwtSecret)}.`,
      );
    }
    const refusedKeys: [string, string][] = [
      ['a'.repeat(32), "'a' × 32"],
      ['a'.repeat(64), "'a' × 64"],
      ['changeme'.repeat(8), "'changeme' × 8"],
      [randomBytes(31).toString('hex'), '31 random bytes as hex'],
      ['correct horse battery staple, twice over!!', 'a passphrase that is neither hex nor base64'],
      ['thisismyverysecretjwtsigningkeyforproduction', 'a phrase of 44 lower-case letters'],
      ['correct-horse-battery-staple-is-my-jwt-key-ok', 'a hyphenated phrase of lower-case words'],
      ['dev-only-secret-set-JWT_SECRET-outside-development', 'the development secret the source once held'],
      ['CorrectHorseBatteryStapleCorrectHorseBattery', 'a passphrase in CamelCase, repeated in part'],
      ['Passw0rdPassw0rdPassw0rdPassw0rdPassw0rdPass1', "'Passw0rd' × 5 and a bit"],
      ['secret-secret-secret-secret-secret-secret-Ab1', "'secret-' × 6 and a suffix"],
    ];
    for (const [secret, what] of refusedKeys) {
      let message: string | undefined;
      try {
        validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret });
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      t.expect(
        message !== undefined && message.includes('JWT_SECRET') && message.includes('randomBytes'),
        `Expected JWT_SECRET = ${what} to stop the boot in production with a message that says how to make a key, but validateEnv ${message === undefined ? 'accepted it' : `threw ${formatValue(message)}`}.`,
      );
    }
    for (let i = 0; i < 3000; i++) {
      const key = randomBytes(32);
      for (const secret of [key.toString('hex'), key.toString('base64url'), key.toString('base64')]) {
        let read: unknown;
        try {
          read = validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret }).app.jwtSecret;
        } catch (error) {
          read = error instanceof Error ? error.message : error;
        }
        if (read !== secret)
          t.fail(
            `Expected a key from randomBytes(32) (${secret}) to be accepted in production, but validateEnv gave ${formatValue(read)}.`,
          );
      }
    }
  },
);

check(
  'the app listens on 127.0.0.1 unless HOST says otherwise',
  {
    baseline: true,
    hint: [
      'The configuration is provided: validateEnv in src/config.ts reads HOST, and src/main.ts passes it to app.listen(port, host). If this fails, compare them with the solution (npm run diff 2).',
    ],
  },
  async (t) => {
    await expectLoopbackUnlessHost(t);
  },
);

check(
  'POST /auth/login allows LOGIN_ATTEMPTS_PER_MINUTE attempts per client address, then answers 429 with Retry-After',
  {
    baseline: true,
    hint: [
      'The login throttling is provided: ThrottlerModule in src/auth/auth.module.ts and ThrottlerGuard on AuthController.login (@nestjs/throttler). If this fails, compare them with the solution (npm run diff 2).',
    ],
  },
  async (t) => {
    const app = await t.app({ jwtSecret: SECRET, loginAttemptsPerMinute: 3 });
    await expectLoginThrottled(t, app);
  },
);

check(
  'a request body the parser refuses is answered with fixed words (400 "The body is not valid JSON"), never with a quote of it',
  {
    baseline: true,
    hint: [
      'This part is provided: MalformedBodyFilter (src/malformed-body.filter.ts, used in src/app.ts) answers what the JSON body parser refused with fixed words; the parser\'s own ("Unexpected token … in JSON") quote the body. If it fails, compare them with the solution (npm run diff 2).',
    ],
  },
  async (t) => {
    await expectMalformedBodyNotEchoed(t, await chatApp(t), LOGIN);
  },
);

// ── Task 1 · refuse a handshake without a token ──────────────────────────────────────────────────────────────────────

check(
  'a handshake without a token is refused with missing_token, before the connection exists',
  {
    task: 1,
    hint: [
      `Nothing checks the handshake yet. A Socket.IO middleware on the /chat namespace runs before each connection and can refuse it; register one in the gateway's afterInit. ${DOCS.middlewares}`,
      "afterInit(server) receives the namespace: server.use((socket, next) => this.wsAuth.use(socket, next)). In WsAuthMiddleware.use, call next(error) to refuse; the client's connect_error gets error.message and error.data.",
      "use(socket, next): const token = tokenFrom(socket.handshake); if (token === undefined) return next(unauthorized('missing_token')); … and unauthorized(reason) returns Object.assign(new Error('Unauthorized'), { data: { reason } }).",
    ],
  },
  async (t) => {
    await expectRefused(t, {}, 'missing_token');
  },
);

check(
  "a handshake whose auth.token is '' or null, with no header, is refused with missing_token",
  {
    task: 1,
    hint: [
      `tokenFrom reads the handshake's auth payload (what io(url, { auth: { token } }) sends). An empty string or null there means no token. ${DOCS.sendingCredentials}`,
      "socket.handshake.auth is the client's auth object; auth.token is untrusted input of any type.",
      "const token: unknown = handshake.auth?.token; if (token !== undefined && token !== null && token !== '') return token; — and the middleware refuses an undefined result with 'missing_token'.",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await expectRefused(t, { auth: { token: '' } }, 'missing_token', 'mallory-empty', app);
    await expectRefused(t, { auth: { token: null } }, 'missing_token', 'mallory-null', app);
  },
);

check(
  'a token sent only in the query string, or with the Basic scheme, counts as missing',
  {
    task: 1,
    hint: [
      `tokenFrom must never read the query string: URLs end up in access logs, proxy logs and browser history. ${DOCS.bearerThreats}`,
      'Read handshake.auth.token (and later the Authorization header), never handshake.query.',
      "When neither place holds a token, tokenFrom returns undefined and the middleware refuses with next(unauthorized('missing_token')).",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await expectRefused(t, { query: { token: tokenOf('alice') } }, 'missing_token', 'mallory-query', app);
    await expectRefused(
      t,
      { headers: { authorization: `Basic ${tokenOf('alice')}` } },
      'missing_token',
      'mallory-basic',
      app,
    );
  },
);

check(
  'a refused client is not retried by socket.io (socket.active is false)',
  {
    task: 1,
    hint: [
      `Refuse in the middleware: its error is final (connect_error, and socket.io-client does not retry), and the socket never exists. A disconnect from handleConnection stops the client too (io server disconnect), but only after the socket was accepted, counted and able to hear broadcasts. ${DOCS.clientActive}`,
      'next(error) in a namespace middleware ends the attempt with connect_error; socket.io-client then leaves socket.active false.',
      'In WsAuthMiddleware.use, every refusal is next(unauthorized(reason)); never throw from handleConnection (in Nest 12 that escapes the filters and ends the process).',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const mallory = t.socket('mallory', app, CHAT, { reconnection: true });
    await refusalOf(mallory);
    t.expect(
      mallory.socket.active === false,
      'Expected the refused client to give up (socket.active false), but socket.io-client is still trying to reconnect.',
    );
  },
);

// ── Task 2 · keep the user, not the token ────────────────────────────────────────────────────────────────────────────

/**
 * Makes the app's TokenService.verify accept every token as alice's (and refuse `refused`, as a bad token), so
 * that a check of what the middleware does with a verified token stands on no verification of its own (tasks 4
 * and 5). Resolves with what verify now resolves with.
 */
async function acceptEveryTokenAsAlice(
  t: CheckContext,
  app: AppUnderTest,
  refused?: string,
): Promise<{ user: unknown; exp: number }> {
  const { TokenService } = await t.appModule('auth/token.service.ts');
  const { TokenRejectedError } = await t.appModule('auth/token-rejected.error.ts');
  const { UsersService } = await t.appModule('users/users.service.ts');
  const user = (app.nest.get(UsersService, { strict: false }) as { findById(id: string): unknown }).findById(
    SEED_USERS.alice.id,
  );
  const verified = { user, exp: nowSeconds() + 3600 };
  (app.nest.get(TokenService, { strict: false }) as { verify: unknown }).verify = (token: unknown) =>
    token === refused
      ? Promise.reject(new TokenRejectedError('invalid_token', 'refused by the check'))
      : Promise.resolve(verified);
  t.note(
    `the app's TokenService.verify now resolves with alice and exp ${verified.exp} for every token` +
      (refused === undefined ? '' : ', and refuses one token (invalid_token)'),
  );
  return verified;
}

check(
  'a verified handshake is let in, with the user and the expiry that verify resolved with in socket.data',
  {
    task: 2,
    hint: [
      `Once TokenService.verify resolves, the attempt is let in, and the socket keeps what the handlers need: the user and the token's expiry, in socket.data, which lives as long as the socket. ${DOCS.socketData}`,
      'WsAuthMiddleware.admit(socket, verified, next) gets what verify resolved with ({ user, exp }); authDataOf(socket) in socket-user.ts is socket.data, typed. Call next() with no argument to let the attempt in.',
      'const { user, exp } = verified;\nObject.assign(authDataOf(socket), { user, exp });\nnext();',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const verified = await acceptEveryTokenAsAlice(t, app);
    const alice = await t.connect('alice', app, CHAT, { auth: { token: tokenOf('alice') } });
    await staysConnected(alice);
    const sockets: any[] = await (await chatNamespace(t, app)).fetchSockets();
    t.expectEqual(sockets.length, 1, 'the number of sockets on /chat (alice)');
    t.expectEqual(sockets[0].data?.user, verified.user, "socket.data.user of alice's socket");
    t.expectEqual(sockets[0].data?.exp, verified.exp, "socket.data.exp of alice's socket");
  },
);

check(
  'once verified, the token and the Authorization header are gone from the socket, and no token reaches a log line',
  {
    task: 2,
    alone: 'it reads every line the apps log',
    hint: [
      `The handshake lives as long as the socket: whatever serialises a socket later (fetchSockets across servers, a log line) would carry the credential on. Take it off once it is verified. ${DOCS.socketHandshake}`,
      'In WsAuthMiddleware.admit, before next(): delete socket.handshake.auth.token and socket.handshake.headers.authorization, both, whichever one carried the token. Never log a handshake, a token or a refusal that holds one.',
      'Object.assign(authDataOf(socket), { user, exp });\ndelete socket.handshake.auth.token;\ndelete socket.handshake.headers.authorization;\nnext();',
    ],
  },
  async (t) => {
    recordConsole(t);
    const mark = t.transcript.mark();
    const app = await chatApp(t);
    const viaAuth = tokenOf('alice');
    const viaHeader = tokenOf('alice', { jti: 'header' });
    const forged = mint({ ...claimsOf('carol'), jti: 'forged' }, { secret: OTHER_SECRET });
    const refreshed = tokenOf('alice', { jti: 'refresh' });
    await acceptEveryTokenAsAlice(t, app, forged);
    const alice = await t.connect('alice', app, CHAT, {
      auth: { token: viaAuth },
      headers: { authorization: `Bearer ${viaHeader}` },
    });
    await staysConnected(alice);
    await refusalOf(t.socket('mallory', app, CHAT, { auth: { token: forged } }));
    await refusalOf(t.socket('mallory-header', app, CHAT, { headers: { authorization: `Bearer ${forged}` } }));
    await alice.ack('auth:refresh', { token: refreshed }).catch(() => undefined);
    await alice.exception('auth:refresh', { token: forged }).catch(() => undefined);
    const sockets: any[] = await (await chatNamespace(t, app)).fetchSockets();
    t.expectEqual(sockets.length, 1, 'the number of sockets on /chat (alice)');
    t.expectEqual(
      sockets[0].handshake.auth?.token,
      undefined,
      "handshake.auth.token of alice's socket after the handshake",
    );
    t.expectEqual(
      sockets[0].handshake.headers?.authorization,
      undefined,
      "handshake.headers.authorization of alice's socket after the handshake (she sent a Bearer header too)",
    );
    const leaks = t.appLog(mark).filter((line) => JWT_IN_TEXT.test(line));
    t.expect(
      leaks.length === 0,
      `Expected no token in the app's log, but it logged: ${leaks.join(' / ').slice(0, 300)}.`,
    );
  },
);

// ── Task 3 · a failure that is not a bad token ───────────────────────────────────────────────────────────────────────

check(
  "an error of the token check that is no refusal answers 'Internal server error', and is logged without the token",
  {
    task: 3,
    hint: [
      `Only a TokenRejectedError says that the token is bad. Anything else TokenService.verify rejects with (a bug, a user store that is down) is the server's failure: refused as a bad token, an outage would look like a wave of bad tokens, clients would log in again, and nobody would hear of it; echoed, its message tells clients about your servers. ${DOCS.logger}`,
      "WsAuthMiddleware.serverFailure(error) gets every rejection that is not a TokenRejectedError (task 1 calls it): log the error with the class's Nest Logger (the error's stack, never the token) and return an Error whose message is 'Internal server error', without data.",
      "private serverFailure(error: unknown): Error {\n  this.logger.error('The handshake check failed', error instanceof Error ? error.stack : String(error));\n  return new Error('Internal server error');\n}\n// and in use(), when verify rejects:\nnext(error instanceof TokenRejectedError ? unauthorized(error.reason) : this.serverFailure(error));",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const { TokenService } = await t.appModule('auth/token.service.ts');
    const outage = `users-db-${randomBytes(4).toString('hex')}.internal`;
    (app.nest.get(TokenService, { strict: false }) as { verify: unknown }).verify = () =>
      Promise.reject(new Error(`connection to ${outage} lost`));
    t.note(`the app's TokenService.verify now rejects with a plain Error (connection to ${outage} lost)`);
    const mark = t.transcript.mark();
    const token = tokenOf('alice');
    const refusal = await refusalOf(t.socket('alice', app, CHAT, { auth: { token } }));
    t.expectEqual(
      refusal.message,
      'Internal server error',
      "the connect_error's message when verify failed unexpectedly",
    );
    t.expectEqual(refusal.data, undefined, "the connect_error's data when verify failed unexpectedly (no reason)");
    expectLoggedWithoutToken(t, mark, outage, token, "alice's handshake");
  },
);

// ── Task 4 · verify the signature ────────────────────────────────────────────────────────────────────────────────────

check(
  'a token that is not a string (42, an object, 0, false) is refused with invalid_token',
  {
    task: 4,
    hint: [
      `auth.token is untrusted input of any type: a token that is there but not a string is invalid, not missing. ${DOCS.sendingCredentials}`,
      "tokenFrom passes on anything but undefined, null and '' (0 and false included); TokenService.verify refuses what is not a string before it parses anything.",
      "if (typeof token !== 'string') throw new TokenRejectedError('invalid_token', …); and in tokenFrom, no truthiness test: compare with undefined, null and '' one by one.",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await expectRefused(t, { auth: { token: 42 } }, 'invalid_token', 'mallory-number', app);
    await expectRefused(
      t,
      { auth: { token: { sub: SEED_USERS.carol.id, role: 'admin' } } },
      'invalid_token',
      'mallory-object',
      app,
    );
    await expectRefused(t, { auth: { token: 0 } }, 'invalid_token', 'mallory-zero', app);
    await expectRefused(t, { auth: { token: false } }, 'invalid_token', 'mallory-false', app);
  },
);

check(
  'a malformed token, or one signed with another secret, is refused with invalid_token',
  {
    task: 4,
    hint: [
      `Verify the signature of every token with the app secret; never trust decoded claims. ${DOCS.jwtToken}`,
      'JwtService.verifyAsync rejects with a JsonWebTokenError for a malformed token or a bad signature; turn it into a TokenRejectedError with the reason invalid_token.',
      "try { claims = await this.jwt.verifyAsync(token); } catch (error) { throw new TokenRejectedError('invalid_token', …) } — and the middleware passes error.reason to unauthorized().",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await expectRefused(t, { auth: { token: 'not.a.jwt' } }, 'invalid_token', 'mallory-malformed', app);
    await expectRefused(
      t,
      { auth: { token: mint(claimsOf('carol'), { secret: OTHER_SECRET }) } },
      'invalid_token',
      'mallory-forged',
      app,
    );
  },
);

check(
  "a token signed with another algorithm ('none', HS384, HS512) is refused with invalid_token: the algorithm is pinned",
  {
    task: 4,
    hint: [
      `The server, not the token, decides the algorithm: an unsigned token must never pass, and with a secret and no algorithms option jsonwebtoken accepts HS256, HS384 and HS512. ${DOCS.jwtAlgorithms}`,
      "AuthModule already pins algorithms: ['HS256'] in JwtModule's verifyOptions, which @nestjs/jwt merges into every verifyAsync call: verify with this.jwt.verifyAsync(token) and override nothing; never jwt.decode, nor jsonwebtoken's own verify, which never sees those options. Map its JsonWebTokenError to a TokenRejectedError.",
      "claims = await this.jwt.verifyAsync(token); // no options: the ones AuthModule pins apply\n// and in the catch: throw new TokenRejectedError('invalid_token', `The token is not valid: ${error.message}`)",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await expectRefused(
      t,
      { auth: { token: mint(claimsOf('carol'), { alg: 'none' }) } },
      'invalid_token',
      'mallory-none',
      app,
    );
    await expectRefused(
      t,
      { auth: { token: mint(claimsOf('alice'), { alg: 'HS384' }) } },
      'invalid_token',
      'mallory-hs384',
      app,
    );
    await expectRefused(
      t,
      { auth: { token: mint(claimsOf('alice'), { alg: 'HS512' }) } },
      'invalid_token',
      'mallory-hs512',
      app,
    );
  },
);

check(
  'a token minted for another purpose with the same key (another aud or iss, or none) is refused with invalid_token',
  {
    task: 4,
    hint: [
      `The same key may sign tokens for other purposes (a password reset, another service). Require the issuer and the audience the login sets. ${DOCS.jwtAudience}`,
      "AuthModule already pins issuer: TOKEN_ISSUER and audience: TOKEN_AUDIENCE in JwtModule's verifyOptions, and @nestjs/jwt merges them into every verifyAsync call: verify with this.jwt.verifyAsync(token) and override neither; never jwt.decode, nor jsonwebtoken's own verify.",
      'claims = await this.jwt.verifyAsync(token); // no options: the issuer and audience AuthModule pins apply',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await expectRefused(t, as('alice', { aud: 'password-reset' }), 'invalid_token', 'mallory-other-aud', app);
    await expectRefused(t, as('alice', { aud: undefined }), 'invalid_token', 'mallory-no-aud', app);
    await expectRefused(t, as('alice', { iss: 'someone-else' }), 'invalid_token', 'mallory-other-iss', app);
    await expectRefused(t, as('alice', { iss: undefined }), 'invalid_token', 'mallory-no-iss', app);
  },
);

check(
  'an expired token is refused with token_expired, and one not valid yet (nbf) with invalid_token',
  {
    task: 4,
    hint: [
      `Tell an expired token from an invalid one, so that the client knows to log in again or refresh; a token whose nbf (not before) lies in the future cannot be used yet: it is invalid, not expired. ${DOCS.jwtErrors}`,
      'JwtService.verifyAsync rejects with a TokenExpiredError (exported by @nestjs/jwt) when exp has passed, and with a NotBeforeError for a future nbf; only TokenExpiredError means token_expired.',
      "catch (error) { if (error instanceof TokenExpiredError) throw new TokenRejectedError('token_expired', …); throw new TokenRejectedError('invalid_token', …) }",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const iat = nowSeconds() - 120;
    await expectRefused(t, as('alice', { iat, exp: iat + 60 }), 'token_expired', 'alice-expired', app);
    await expectRefused(t, as('alice', { nbf: nowSeconds() + 30 }), 'invalid_token', 'alice-not-yet', app);
  },
);

// ── Task 5 · find the token's user ───────────────────────────────────────────────────────────────────────────────────

check(
  'a token from the login is accepted, and a refused handshake never reaches handleConnection',
  {
    task: 5,
    apart: SCRYPT_APART,
    within: 2 * LOGIN_DEADLINE_MS + 10_000,
    hint: [
      `TokenService.verify must accept the tokens the login makes: once their claims are verified (task 4), it resolves with the user they name and their expiry. ${DOCS.authGuard}`,
      'The claims of a token from the login hold sub (the user id) and exp; look the user up with UsersService.findById(claims.sub) and resolve with { user, exp: claims.exp }.',
      'const user = this.users.findById(claims.sub);\nif (!user) throw new TokenRejectedError(…);\nreturn { user, exp: claims.exp };',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const token = await logIn(t, app, 'alice');
    const alice = await t.connect('alice', app, CHAT, { auth: { token } });
    t.expectEqual(await alice.ack('ping'), 'pong', 'the acknowledgement of ping');
    await alice.next('presence', { where: (p) => p?.online === 1, what: '{ online: 1 }' });
    await refusalOf(t.socket('mallory', app, CHAT, { auth: { token: 'forged' } }));
    await connectAs(t, app, 'bob');
    const presence = await alice.next('presence', { what: 'after bob connected' });
    t.expectEqual(
      presence,
      { online: 2 },
      "the presence alice received after mallory's refused attempt and bob's connection",
    );
  },
);

check(
  'a correctly signed token of a user who does not exist is refused with unknown_user',
  {
    task: 5,
    hint: [
      `A valid signature proves who issued the token, not that its user still exists: look the user up. ${DOCS.authentication}`,
      'UsersService.findById(claims.sub) returns undefined for an unknown id; refuse with a TokenRejectedError whose reason is unknown_user.',
      "const user = this.users.findById(claims.sub); if (!user) throw new TokenRejectedError('unknown_user', …); return { user, exp: claims.exp };",
    ],
  },
  async (t) => {
    await expectRefused(t, as('alice', { sub: 'u404', name: 'ghost' }), 'unknown_user');
  },
);

check(
  'a signed token without sub, with a sub that is not a string, or without exp is refused with invalid_token',
  {
    task: 5,
    hint: [
      `Without exp a token never expires, and without sub it speaks for nobody: require both. ${DOCS.jwtClaims}`,
      'jsonwebtoken checks exp only when it is there. After verifyAsync, test that claims.sub is a string and claims.exp a number.',
      "if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') throw new TokenRejectedError('invalid_token', …);",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await expectRefused(t, as('alice', { exp: undefined }), 'invalid_token', 'mallory-no-exp', app);
    await expectRefused(t, as('alice', { sub: undefined }), 'invalid_token', 'mallory-no-sub', app);
    await expectRefused(t, as('alice', { sub: 1 }), 'invalid_token', 'mallory-number-sub', app);
  },
);

check(
  "a user lookup that fails is no verdict on the token: the handshake answers 'Internal server error', not a reason",
  {
    task: 5,
    hint: [
      `TokenService.verify rejects with a TokenRejectedError only when the token is at fault. When the user lookup itself throws (the store is down), the token may well be fine: let that error through as it is, and the middleware of task 1 answers it as the server's failure. ${DOCS.exceptionFilters}`,
      'Keep the try/catch around this.jwt.verifyAsync only, turning its errors into TokenRejectedErrors; call this.users.findById(claims.sub) after it, outside the try, so that what it throws never becomes invalid_token.',
      "try {\n  claims = await this.jwt.verifyAsync(token);\n} catch (error) { … throw new TokenRejectedError(…) }\n// outside the try:\nconst user = this.users.findById(claims.sub);\nif (!user) throw new TokenRejectedError('unknown_user', …);",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    await failUserLookups(t, app);
    const refusal = await refusalOf(t.socket('alice', app, CHAT, as('alice')));
    t.expectEqual(
      refusal.message,
      'Internal server error',
      "the connect_error's message for a valid token while the user lookup fails",
    );
    t.expectEqual(refusal.data, undefined, "the connect_error's data while the user lookup fails (no reason)");
  },
);

// ── Task 6 · the Authorization header ────────────────────────────────────────────────────────────────────────────────

check(
  'a token in an Authorization header is accepted whatever the letter case of Bearer, and after several spaces',
  {
    task: 6,
    hint: [
      `When the auth payload has no token, read the Authorization header. Its scheme is case-insensitive and is followed by one or more spaces (RFC 9110 §11.4). ${DOCS.authorizationHeader}`,
      "socket.handshake.headers.authorization holds the header (Node lower-cases header names). Match 'Bearer', one or more spaces, then one token, ignoring case.",
      "const match = /^Bearer +([\\w.~+/-]+=*)$/i.exec(handshake.headers.authorization ?? ''); return match?.[1];",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    for (const [name, header] of [
      ['bob', `Bearer ${tokenOf('bob')}`],
      ['bob-lower', `bearer ${tokenOf('bob')}`],
      ['bob-upper', `BEARER ${tokenOf('bob')}`],
      ['bob-spaces', `Bearer   ${tokenOf('bob')}`],
    ]) {
      const bob = await t.connect(name, app, CHAT, { headers: { authorization: header } });
      t.expectEqual(
        await bob.ack('ping'),
        'pong',
        `the acknowledgement of ping for ${name} (Authorization: ${header.slice(0, 12)}…)`,
      );
    }
  },
);

check(
  "auth.token wins when it is there; with auth.token null or '' the Bearer header is used",
  {
    task: 6,
    hint: [
      `The auth payload comes first; only when it holds no token (undefined, null or '') does the header count. ${DOCS.sendingCredentials}`,
      "tokenFrom returns handshake.auth.token when it is not undefined, null or ''; otherwise the token of the Authorization header.",
      "const token = handshake.auth?.token;\nif (token !== undefined && token !== null && token !== '') return token;\nreturn bearerToken(handshake.headers.authorization);",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const header = { authorization: `Bearer ${tokenOf('bob')}` };
    const viaNull = await t.connect('bob-null', app, CHAT, { auth: { token: null }, headers: header });
    t.expectEqual(
      await viaNull.ack('ping'),
      'pong',
      'the acknowledgement of ping with auth.token null and a valid Bearer header',
    );
    const viaEmpty = await t.connect('bob-empty', app, CHAT, { auth: { token: '' }, headers: header });
    t.expectEqual(
      await viaEmpty.ack('ping'),
      'pong',
      "the acknowledgement of ping with auth.token '' and a valid Bearer header",
    );
    await expectRefused(t, { auth: { token: 'forged' }, headers: header }, 'invalid_token', 'mallory-both', app);
  },
);

check(
  'an Authorization header that is not Bearer and exactly one token counts as no token (missing_token)',
  {
    task: 6,
    hint: [
      `Read the header exactly: the scheme must be the first word, and one token must follow, nothing else (RFC 9110 §11.4, RFC 6750 §2.1). ${DOCS.bearerHeader}`,
      'Anchor the pattern at both ends (^ and $) and allow only token68 characters in the token: letters, digits, - . _ ~ + / and trailing = (no quotes, no commas).',
      "/^Bearer +([\\w.~+/-]+=*)$/i — 'Token Bearer x' fails at ^, 'Bearer x junk' fails at $; no match means undefined, so missing_token.",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const token = tokenOf('alice');
    for (const [name, header] of [
      ['mallory-prefix', `Token Bearer ${token}`],
      ['mallory-junk', `Bearer ${token} junk`],
      ['mallory-bare', 'Bearer'],
      ['mallory-glued', `Bearer${token}`],
      ['mallory-quoted', `Bearer "${token}"`],
      // RFC 9110: the scheme and its credentials are separated by spaces (1*SP), not tabs.
      ['mallory-tab', `Bearer\t${token}`],
    ]) {
      await expectRefused(t, { headers: { authorization: header } }, 'missing_token', name, app);
    }
  },
);

// ── Task 7 · who is speaking ─────────────────────────────────────────────────────────────────────────────────────────

check(
  "whoami acknowledges the socket's user and the token's exp",
  {
    task: 7,
    hint: [
      `The middleware kept the verified user and exp in socket.data; whoami reads them back. ${DOCS.socketData}`,
      'userOf(client) and expiryOf(client) in src/socket-auth/socket-user.ts read socket.data.user and socket.data.exp.',
      'const { id, name, role } = userOf(client); return { id, name, role, exp: expiryOf(client) };',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = nowSeconds() + 45;
    const carol = await connectAs(t, app, 'carol', 'carol', { exp });
    t.expectEqual(
      await carol.ack('whoami'),
      { id: SEED_USERS.carol.id, name: 'carol', role: 'admin', exp },
      'the acknowledgement of whoami',
    );
  },
);

check(
  "message:new.from is the sender's user name",
  {
    task: 7,
    hint: [
      `Messages are signed with the sender's name now, not the socket id. ${DOCS.socketData}`,
      'In sendMessage, read the user with userOf(client).',
      'from: userOf(client).name,',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice');
    const bob = await connectAs(t, app, 'bob');
    await alice.ack('room:join', { room: 'lobby' });
    await bob.ack('room:join', { room: 'lobby' });
    await alice.ack('message:send', { room: 'lobby', text: 'hello' });
    const message = await bob.next('message:new');
    t.expectEqual(message?.from, 'alice', 'the from of the message:new bob received');
  },
);

check(
  'message:send takes only room and text from the client: a from, id or at it sends along is ignored',
  {
    task: 7,
    hint: [
      `Every field of a message but room and text is the server's: a client that could set from would speak as anyone. ${DOCS.strippingProperties}`,
      "Build message:new from the validated room and text only, with id, from and at from the server; WsValidationPipe's whitelist drops fields the DTO does not declare. Never spread the payload into the message.",
      'const message: ChatMessage = { id: randomUUID(), room, text, from: userOf(client).name, at: new Date().toISOString() };',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice');
    const bob = await connectAs(t, app, 'bob');
    await alice.ack('room:join', { room: 'lobby' });
    await bob.ack('room:join', { room: 'lobby' });
    const forged = {
      room: 'lobby',
      text: 'hi',
      from: 'carol',
      id: 'chosen-id',
      at: '1999-12-31T23:59:59.000Z',
      instance: 'elsewhere',
    };
    const { id } = await alice.ack('message:send', forged);
    const message = await bob.next('message:new', { what: "for alice's message" });
    t.expectEqual(
      Object.keys(message ?? {}).sort(),
      ['at', 'from', 'id', 'room', 'text'],
      'the fields of the message:new bob received',
    );
    t.expectEqual(message?.from, 'alice', 'message:new.from when alice sent from: "carol"');
    t.expect(
      message?.id === id && id !== forged.id,
      `Expected the server's own id, but message:new.id was ${formatValue(message?.id)}.`,
    );
    t.expect(message?.at !== forged.at, "Expected the server's time in message:new.at, not the one alice sent.");
  },
);

// ── Task 8 · roles on events ─────────────────────────────────────────────────────────────────────────────────────────

check(
  "admin:kick from a member is refused with 'Forbidden resource'; events and routes that name no roles pass the guard",
  {
    task: 8,
    hint: [
      `Only admins may kick. A guard registered for the whole app reads the roles a handler names and compares them with the socket's user. ${DOCS.rolesPerHandler}`,
      "Roles = Reflector.createDecorator<Role[]>(); RolesGuard reads it with this.reflector.getAllAndOverride(Roles, [context.getHandler(), context.getClass()]); register the guard with { provide: APP_GUARD, useClass: RolesGuard } and put @Roles(['admin']) on admin:kick. A handler without roles (undefined) passes.",
      'const allowed = this.reflector.getAllAndOverride(Roles, [context.getHandler(), context.getClass()]);\nif (allowed === undefined) return true;\nconst { role } = userOf(context.switchToWs().getClient());\nreturn allowed.includes(role);',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice');
    const bob = await connectAs(t, app, 'bob');
    const refusal = await bob.exception('admin:kick', { userId: SEED_USERS.alice.id });
    t.expectEqual(refusal.message, 'Forbidden resource', 'the message of the exception bob received for admin:kick');
    await alice.settle();
    t.expect(
      alice.connected && alice.received('auth:kicked').length === 0,
      'Expected alice to stay connected after a member tried to kick her.',
    );
    t.expectEqual(await bob.ack('ping'), 'pong', "the acknowledgement of bob's ping (an event that names no roles)");
    t.expectEqual((await bob.ack('whoami'))?.name, 'bob', "the name in bob's whoami (an event that names no roles)");
    const open = await login(t, app, { username: 'alice' });
    t.expectEqual(
      open.status,
      400,
      'the status of POST /auth/login without a password (a route that names no roles passes the guard; its pipe answers)',
    );
  },
);

check(
  'roles named on a class bind all its handlers, and a context the guard knows no user for is refused',
  {
    task: 8,
    hint: [
      `Roles can sit on a handler or on its whole class; a guard that reads only the handler lets every handler of an admin-only class through. And a guard that does not know who is asking denies. ${DOCS.rolesPerHandler}`,
      "this.reflector.getAllAndOverride(Roles, [context.getHandler(), context.getClass()]) reads both. When roles are named, find the user by context.getType(): the socket's user for 'ws', this.userOfRequest(request) for 'http'; refuse when there is none (a socket without a user, any other type of context).",
      "const allowed = this.reflector.getAllAndOverride(Roles, [context.getHandler(), context.getClass()]);\nif (allowed === undefined) return true;\nlet user: User | undefined; // stays undefined for any other type of context: refused\nif (context.getType() === 'ws') user = authDataOf(context.switchToWs().getClient()).user;\nif (context.getType() === 'http') user = await this.userOfRequest(context.switchToHttp().getRequest());\nreturn user !== undefined && allowed.includes(user.role);",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const { RolesGuard } = await t.appModule('socket-auth/roles.guard.ts');
    const { Roles } = await t.appModule('socket-auth/roles.decorator.ts');
    const { ModuleRef } = await import('@nestjs/core');
    const guard = await app.nest.get(ModuleRef).create(RolesGuard);
    class AdminDesk {
      handle(): void {}
    }
    class OpenDesk {
      handle(): void {}
    }
    Roles(['admin'])(AdminDesk);
    const contextOf = (
      type: string,
      desk: new () => { handle(): void },
      user?: { id: string; name: string; role: string },
    ) => ({
      getType: () => type,
      getHandler: () => desk.prototype.handle,
      getClass: () => desk,
      getArgs: () => [],
      getArgByIndex: () => undefined,
      switchToWs: () => ({
        getClient: () => ({ data: { user, exp: nowSeconds() + 60 } }),
        getData: () => ({}),
        getPattern: () => 'handle',
      }),
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }), getResponse: () => ({}), getNext: () => undefined }),
      switchToRpc: () => ({ getData: () => ({}), getContext: () => ({}) }),
    });
    const passes = async (context: object) =>
      (await Promise.resolve()
        .then(() => guard.canActivate(context))
        .catch(() => false)) === true;
    const { alice, carol } = {
      alice: { id: SEED_USERS.alice.id, name: 'alice', role: 'member' },
      carol: { id: SEED_USERS.carol.id, name: 'carol', role: 'admin' },
    };
    t.expect(
      !(await passes(contextOf('ws', AdminDesk, alice))),
      "Expected the guard to refuse a member's event on a handler of a class marked @Roles(['admin']), but it let it through: read the class's roles too.",
    );
    t.expect(
      await passes(contextOf('ws', AdminDesk, carol)),
      "Expected the guard to let the admin's event through on a handler of a class marked @Roles(['admin']), but it refused it.",
    );
    t.expect(
      await passes(contextOf('ws', OpenDesk, alice)),
      "Expected the guard to let a member's event through on a class and handler that name no roles, but it refused it.",
    );
    t.expect(
      !(await passes(contextOf('rpc', AdminDesk, carol))),
      "Expected the guard to refuse an admin-only handler in a kind of context it cannot find a user in ('rpc'), but it let it through.",
    );
    t.expect(
      !(await passes(contextOf('ws', AdminDesk))),
      'Expected the guard to refuse an admin-only handler for a socket that carries no user, but it let it through: a guard that does not know who is asking denies.',
    );
  },
);

// ── Task 9 · roles on routes ─────────────────────────────────────────────────────────────────────────────────────────

check(
  "POST /rooms/:room/announcements needs an admin's token: 401 without a valid one, 403 for a member, 201 for an admin",
  {
    task: 9,
    hint: [
      `Anyone could post as system until now. The roles guard runs before HTTP routes too: a route that names roles needs the user of the request's Bearer token to have one. ${DOCS.guardsTogether}`,
      "@Roles(['admin']) on the announce route. In RolesGuard.userOfRequest, read request.headers.authorization with bearerToken(), verify it with TokenService.verify and return its user; throw UnauthorizedException (401) when verify rejects with a TokenRejectedError. A user without the role is refused by canActivate (false: 403).",
      'private async userOfRequest(request: IncomingMessage): Promise<User> {\n  try {\n    return (await this.tokens.verify(bearerToken(request.headers.authorization))).user;\n  } catch (error) {\n    if (error instanceof TokenRejectedError) throw new UnauthorizedException();\n    throw error; // not a bad token: a 500, logged\n  }\n}',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const listener = await connectAs(t, app, 'bob');
    await listener.ack('room:join', { room: 'lobby' });
    const post = (what: string, headers: Record<string, string>, room = 'lobby') =>
      t.request(app, `/rooms/${room}/announcements`, { json: { text: `from ${what}` }, headers });
    const unauthenticated: [string, Record<string, string>][] = [
      ['no Authorization header', {}],
      ['a forged token', { authorization: `Bearer ${mint(claimsOf('carol'), { secret: OTHER_SECRET })}` }],
      [
        'an expired admin token',
        { authorization: `Bearer ${tokenOf('carol', { iat: nowSeconds() - 120, exp: nowSeconds() - 60 })}` },
      ],
      ['the Basic scheme', { authorization: 'Basic Y2Fyb2w6Y2Fyb2wtc2VjcmV0' }],
    ];
    for (const [what, headers] of unauthenticated) {
      t.expectEqual((await post(what, headers)).status, 401, `the status of an announcement with ${what}`);
    }
    t.expectEqual(
      (await post('alice', { authorization: `Bearer ${tokenOf('alice')}` })).status,
      403,
      "the status of an announcement with a member's token (alice)",
    );
    await listener.settle();
    t.expectEqual(listener.received('message:new'), [], 'the announcements bob received from refused requests');
    const made = await post('carol', { authorization: `Bearer ${tokenOf('carol')}` });
    t.expectEqual(made.status, 201, "the status of an announcement with the admin's token (carol)");
    const message = await listener.next('message:new', { what: "for carol's announcement" });
    t.expectEqual(
      { from: message?.from, text: message?.text },
      { from: 'system', text: 'from carol' },
      'the announcement bob received',
    );
    const badRoom = await post('carol', { authorization: `Bearer ${tokenOf('carol')}` }, 'Not%20A%20Room');
    t.expectEqual(badRoom.status, 400, 'the status of an admin\'s announcement to the room "Not A Room"');
  },
);

check(
  'POST /rooms/:room/announcements answers 500, not 401, when the user lookup fails, and the error is logged',
  {
    task: 9,
    hint: [
      `A guard that turns every failure of verify into 401 tells an admin that a good token is bad while the user store is down, and nobody hears of the outage. Only a TokenRejectedError means 401; anything else is thrown on. ${DOCS.builtInHttpExceptions}`,
      "In RolesGuard.userOfRequest, catch the rejection of TokenService.verify: throw UnauthorizedException when it is a TokenRejectedError, and throw the error itself otherwise; Nest's exception layer logs an error that is no HttpException and answers 500.",
      'try {\n  return (await this.tokens.verify(bearerToken(request.headers.authorization))).user;\n} catch (error) {\n  if (error instanceof TokenRejectedError) throw new UnauthorizedException();\n  throw error;\n}',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const outage = await failUserLookups(t, app);
    const mark = t.transcript.mark();
    const token = tokenOf('carol');
    const post = (authorization: string) =>
      t.request(app, '/rooms/lobby/announcements', { json: { text: 'during an outage' }, headers: { authorization } });
    const reply = await post(`Bearer ${token}`);
    t.expectEqual(
      reply.status,
      500,
      "the status of an announcement with the admin's token while the user lookup fails",
    );
    expectLoggedWithoutToken(t, mark, outage, token, "carol's announcement");
    const forged = await post(`Bearer ${mint(claimsOf('carol'), { secret: OTHER_SECRET })}`);
    t.expectEqual(forged.status, 401, 'the status of an announcement with a forged token meanwhile');
  },
);

// ── Task 10 · kick ───────────────────────────────────────────────────────────────────────────────────────────────────

check(
  'admin:kick from the admin closes every connection of the user, and only theirs',
  {
    task: 10,
    hint: [
      `Every socket joins a room of its user when it connects; the kick reaches that room, warns each socket and closes its connection. ${DOCS.rooms}`,
      "client.join(userRoom(id)) in handleConnection; this.server.in(room).fetchSockets(); socket.emit('auth:kicked', { by }); socket.disconnect(true) closes the underlying connection, disconnect() only the namespace.",
      "const sockets = await this.server.in(userRoom(userId)).fetchSockets(); for (const socket of sockets) { socket.emit('auth:kicked', { by }); socket.disconnect(true); } return { kicked: sockets.length };",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const carol = await connectAs(t, app, 'carol');
    const bobPhone = await connectAs(t, app, 'bob', 'bob-phone');
    const bobLaptop = await connectAs(t, app, 'bob', 'bob-laptop');
    const phoneConnection = await shareConnection(t, bobPhone);
    const alice = await connectAs(t, app, 'alice');
    t.expectEqual(
      await carol.ack('admin:kick', { userId: SEED_USERS.bob.id }),
      { kicked: 2 },
      'the acknowledgement of the kick (bob had two sockets)',
    );
    for (const bob of [bobPhone, bobLaptop]) {
      t.expectEqual(await bob.next('auth:kicked'), { by: 'carol' }, `the auth:kicked that ${bob.name} received`);
      t.expectEqual(await bob.disconnected(), 'io server disconnect', `the reason ${bob.name} was disconnected`);
    }
    await expectConnectionClosed(t, 'bob-phone', phoneConnection, 'the kick');
    await alice.settle();
    t.expect(
      alice.connected && alice.received('auth:kicked').length === 0,
      'Expected alice to be left alone by a kick of bob.',
    );
    t.expectEqual(
      await carol.ack('admin:kick', { userId: 'u404' }),
      { kicked: 0 },
      'the acknowledgement of a kick of a user with no sockets',
    );
  },
);

// ── Task 11 · the expiry timer ───────────────────────────────────────────────────────────────────────────────────────

check(
  'a token that expires mid-session ends it at exp: auth:expired, then the connection closes',
  {
    task: 11,
    within: 8000,
    hint: [
      `A socket shows its token once; the server must end the session itself when exp passes: a timer per socket, from its token's exp. ${DOCS.socketDisconnect}`,
      "exp counts seconds, Date.now() milliseconds: setTimeout(…, exp * 1000 - Date.now()), at most 2^31−1 ms (a longer delay fires at once). When it fires, expire(socket): socket.emit('auth:expired', { exp }), then socket.disconnect(true). Call the service from handleConnection.",
      "private readonly timers = new Map<string, NodeJS.Timeout>(); // socket id → its timer\n…\nwatch(socket: Socket): void {\n  const left = expiryOf(socket) * 1000 - Date.now();\n  // fired early when left was over 2^31−1 ms: count down again until exp has passed\n  this.timers.set(socket.id, setTimeout(() => this.expire(socket), Math.min(left, 2 ** 31 - 1)));\n}\n\nprivate expire(socket: Socket): void {\n  socket.emit('auth:expired', { exp: expiryOf(socket) });\n  socket.disconnect(true);\n}",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const { socket: alice, exp } = await connectExpiringSoon(t, app, 'alice');
    const connection = await shareConnection(t, alice);
    const expiresAt = exp * 1000;
    const reason = await alice.disconnected(Math.max(expiresAt - Date.now(), 0) + 1000);
    const early = expiresAt - Date.now();
    t.expect(
      early < 100,
      `Expected the session to end when the token expired, but alice was disconnected ${early} ms before exp.`,
    );
    t.expectEqual(reason, 'io server disconnect', 'the reason alice was disconnected');
    t.expect(
      alice.received('auth:expired').length === 1,
      "Expected alice to receive 'auth:expired' before the server disconnected her, but it never came.",
    );
    t.expectEqual(alice.received('auth:expired')[0], { exp }, 'the payload of auth:expired');
    await expectConnectionClosed(t, 'alice', connection, 'the expiry');
  },
);

check(
  'a token valid for 30 days keeps its session: the timer waits at most 2^31−1 ms, then counts down again',
  {
    task: 11,
    alone: 'it watches every timer the process sets',
    hint: [
      `setTimeout cannot wait longer than 2^31−1 ms (about 24.8 days): a longer delay fires after 1 ms, and a 30-day token would end its session at once. ${DOCS.setTimeoutMaximum}`,
      'Clamp the delay with Math.min(delay, 2 ** 31 - 1). When such a timer fires before exp, schedule again instead of expiring.',
      "private readonly timers = new Map<string, NodeJS.Timeout>(); // socket id → its timer\n…\nprivate countDown(socket: Socket): void {\n  const timer = setTimeout(() => {\n    if (Date.now() < expiryOf(socket) * 1000) return this.countDown(socket); // a clamped wait ended early\n    socket.emit('auth:expired', { exp: expiryOf(socket) });\n    socket.disconnect(true);\n  }, Math.min(expiryOf(socket) * 1000 - Date.now(), 2 ** 31 - 1));\n  this.timers.set(socket.id, timer);\n}",
    ],
  },
  async (t) => {
    const timers = trackLongTimers(t);
    const app = await chatApp(t);
    const exp = nowSeconds() + 30 * DAY_S;
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    await alice.settle();
    t.expect(
      alice.connected && alice.received('auth:expired').length === 0,
      "Expected alice's session (a token valid 30 days) to go on, but it ended at once: a setTimeout longer than 2^31−1 ms fires after 1 ms.",
    );
    const pending = [...timers.values()];
    t.expect(
      pending.length === 1,
      `Expected one pending expiry timer for alice's token, but the timers of a minute or more were: ${describeTimers(timers)}. ` +
        'exp counts seconds: multiply it by 1000 before comparing it with Date.now().',
    );
    t.expect(
      pending[0].ms <= MAX_TIMER_MS && pending[0].ms >= 60_000,
      `Expected the expiry timer to wait at most ${MAX_TIMER_MS} ms (2^31−1), but it was set for ${pending[0].ms} ms.`,
    );
    t.note('the check runs that timer now, as if its wait had passed: the token is still valid for days');
    pending[0].fire();
    await alice.settle();
    t.expect(
      alice.connected && alice.received('auth:expired').length === 0,
      'Expected a timer that fires before exp to count down again, but it ended the session of a token that is still valid.',
    );
    t.expect(
      timers.size === 1,
      `Expected a new expiry timer once the first one fired before exp, but the timers of a minute or more were: ${describeTimers(timers)}.`,
    );
  },
);

check(
  'a socket that leaves leaves no timer and no entry behind, and closing the app leaves none either',
  {
    task: 11,
    alone: "it counts the process's timers",
    hint: [
      `Every timer and every entry kept for a socket must go when the socket disconnects, or each connection ever made leaks one. ${DOCS.socketDisconnect}`,
      "socket.once('disconnect', …) clears the socket's timer (clearTimeout) and deletes its entry from the Map. app.close() disconnects every socket, so the same listener clears the rest.",
      "private readonly timers = new Map<string, NodeJS.Timeout>(); // socket id → its timer\n…\nsocket.once('disconnect', () => {\n  clearTimeout(this.timers.get(socket.id));\n  this.timers.delete(socket.id);\n});",
    ],
  },
  async (t) => {
    const timers = trackLongTimers(t);
    // FloodControlService's timers are task 14's: its own check counts them.
    const floodTimers = timersSetIn(t, FLOOD_CONTROL_FILE);
    const before = activeTimers();
    const app = await chatApp(t);
    const exp = nowSeconds() + 3600;
    const bob = await connectAs(t, app, 'bob', 'bob', { exp });
    await bob.next('presence', { where: (p) => p?.online === 1, what: '{ online: 1 }' });
    t.expect(
      timers.size === 1,
      `Expected one pending expiry timer, for bob's token, but the timers of a minute or more were: ${describeTimers(timers)}.`,
    );
    const others = await Promise.all([1, 2, 3, 4, 5].map((i) => connectAs(t, app, 'alice', `alice-${i}`, { exp })));
    // Presence tells at most one count per interval, and one that came back within it to nobody: each step is awaited.
    await bob.next('presence', {
      where: (p) => p?.online === 6,
      what: '{ online: 6 } once alice-1 to alice-5 connected',
    });
    for (const alice of others) alice.close();
    await bob.next('presence', { where: (p) => p?.online === 1, what: '{ online: 1 } once alice-1 to alice-5 left' });
    t.expect(
      timers.size === 1,
      `Expected only bob's expiry timer to be pending after 5 other clients connected and left, but the timers of a minute or more were: ${describeTimers(timers)}.`,
    );
    const service = await sessionExpiryService(t, app);
    for (const { field, size } of service ? collectionsOf(service) : []) {
      t.expect(
        size <= 1,
        `Expected SessionExpiryService.${field} to hold at most bob's entry after 5 other clients left, but it holds ${size}.`,
      );
    }
    const took = await app.close();
    t.expect(
      took < 1000,
      `Expected app.close() to finish within 1000 ms with a client connected, but it took ${took} ms.`,
    );
    t.expect(
      timers.size === 0,
      `Expected no expiry timer left after app.close(), but these were pending: ${describeTimers(timers)}.`,
    );
    const left = (await settledTimers()) - before - floodTimers();
    t.expect(
      left <= 0,
      `Expected no timer left running after app.close(), but ${left} more were active than before the app started.`,
    );
  },
);

// ── Task 12 · an event after the expiry ──────────────────────────────────────────────────────────────────────────────

check(
  'an event that arrives after exp ends the session (auth:expired, then disconnect), even when the timer is late',
  {
    task: 12,
    alone: 'it moves the clock of the whole process',
    hint: [
      `A timer can run late (a busy event loop, a machine that slept). Check exp on every incoming event too, and end the session rather than drop the event. ${DOCS.socketUse}`,
      'socket.use((event, next) => …) runs before every handler of that socket. Once Date.now() >= exp * 1000, end the session with this.expire(socket) (task 11 wrote it) instead of calling next(); next(error) would only refuse the event and keep a dead session open.',
      'watch(socket: Socket): void {\n  …\n  socket.use((_event, next) => {\n    if (Date.now() < expiryOf(socket) * 1000) return next();\n    this.expire(socket);\n  });\n}',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = nowSeconds() + 30;
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    const bob = await connectAs(t, app, 'bob', 'bob', { exp: nowSeconds() + 3600 });
    const connection = await shareConnection(t, alice);
    await alice.ack('room:join', { room: 'lobby' });
    await bob.ack('room:join', { room: 'lobby' });
    const restore = shiftClock(t, 31_000);
    let acked = false;
    t.transcript.add(
      "alice → message:send { room: 'lobby', text: 'after exp' } (after exp by the clock; expects no ack)",
    );
    alice.socket.emit('message:send', { room: 'lobby', text: 'after exp' }, () => {
      acked = true;
      t.transcript.add('alice ← ack of message:send');
    });
    const reason = await alice.disconnected(1000).catch(() => undefined);
    await bob.settle();
    restore();
    t.expect(
      !acked,
      "Expected the server to refuse alice's message sent after her token's exp, but it acknowledged it.",
    );
    t.expect(
      bob.received('message:new').length === 0,
      "Expected bob to receive nothing from alice after her token's exp, but her message was delivered: an expired session must not reach its handler.",
    );
    t.expect(
      reason !== undefined,
      "Expected an event that arrives after exp to end alice's session (auth:expired, then disconnect), but she was still connected 1000 ms " +
        `after her message${alice.received('auth:expired').length ? '' : ' and no auth:expired came'}: refusing the event quietly leaves a dead session open.`,
    );
    t.expectEqual(reason, 'io server disconnect', 'the reason alice was disconnected');
    t.expectEqual(alice.received('auth:expired'), [{ exp }], 'the auth:expired events alice received');
    await expectConnectionClosed(t, 'alice', connection, 'the expiry');
  },
);

check(
  'an event that arrives exactly at exp ends the session; one a millisecond before is served',
  {
    task: 12,
    alone: 'it stops the clock of the whole process',
    hint: [
      `exp is the first moment the token is no longer valid (RFC 7519 §4.1.4: on or after it, refuse): an event at exp itself must end the session. ${DOCS.jwtExp}`,
      "Compare with >= in the socket's middleware: Date.now() >= exp * 1000 is expired; only an earlier event goes on with next().",
      'socket.use((_event, next) => (Date.now() >= expiryOf(socket) * 1000 ? this.expire(socket) : next()));',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = nowSeconds() + 30;
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    const before = freezeClock(t, exp * 1000 - 1);
    t.expectEqual(await alice.ack('ping'), 'pong', 'the acknowledgement of ping one millisecond before exp');
    before();
    freezeClock(t, exp * 1000);
    alice.emit('ping');
    await alice.next('auth:expired', { what: 'for an event that arrived exactly at exp' });
    const reason = await alice.disconnected();
    t.expectEqual(reason, 'io server disconnect', 'the reason alice was disconnected');
  },
);

// ── Task 13 · refresh ────────────────────────────────────────────────────────────────────────────────────────────────

check(
  'auth:refresh with a new token of the same user moves the end of the session, and replaces the old timer',
  {
    task: 13,
    alone: 'it moves the clock of the whole process and watches its timers',
    hint: [
      `A client keeps its session by sending a fresh token over the open connection; the server verifies it like a handshake token and moves the expiry. ${DOCS.socketIoJwt}`,
      'In auth:refresh, this.tokens.verify(payload.token); for the same user id update authDataOf(client).exp, then this.sessions.reschedule(client), which clears the old timer before it sets a new one; answer { exp }.',
      "const verified = await this.tokens.verify(token).catch((error) => { if (error instanceof TokenRejectedError) return undefined; throw error; }); if (!verified || verified.user.id !== userOf(client).id) throw new WsException('Unauthorized'); authDataOf(client).exp = verified.exp; … this.sessions.reschedule(client); return { exp: verified.exp };",
    ],
  },
  async (t) => {
    // 35 s: no timer of Socket.IO's is due then, and the clock can jump past it without the client's
    // own heartbeat check (45 s) giving up on the connection.
    const oldExp = nowSeconds() + 35;
    const timers = trackLongTimers(t, (ms) => ms >= 60_000 || Math.abs(Date.now() + ms - oldExp * 1000) < 2500);
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice', 'alice', { exp: oldExp });
    let newExp = oldExp;
    for (const extra of [600, 1200]) {
      newExp = nowSeconds() + extra;
      t.expectEqual(
        await alice.ack('auth:refresh', { token: tokenOf('alice', { exp: newExp }) }),
        { exp: newExp },
        'the acknowledgement of auth:refresh',
      );
    }
    t.expectEqual(
      await alice.ack('whoami'),
      { id: SEED_USERS.alice.id, name: 'alice', role: 'member', exp: newExp },
      'whoami after the refreshes',
    );
    const pending = [...timers.values()];
    t.expect(
      pending.length === 1 && Math.abs(pending[0].dueAt - newExp * 1000) < 5000,
      `Expected one pending expiry timer, due at the new exp, after two refreshes, but the expiry timers pending were: ${describeTimers(timers)}. ` +
        'Each refresh must clear the old timer and start one for the new exp.',
    );
    const restore = shiftClock(t, (oldExp + 1) * 1000 - Date.now());
    const pong = await alice.ack('ping').catch((error: unknown) => error);
    restore();
    t.expect(
      pong === 'pong' && alice.connected && alice.received('auth:expired').length === 0,
      `Expected alice's session to go on after the old exp had passed, but ${alice.connected ? `ping was answered with ${formatValue(pong instanceof Error ? pong.message : pong)}` : 'she was disconnected'}.`,
    );
  },
);

check(
  "auth:refresh with another user's token or a forged one is refused with 'Unauthorized', and the old expiry stands",
  {
    task: 13,
    hint: [
      `Only a valid token of the same user may replace the socket's token: otherwise alice could turn her session into carol's, an admin's. ${DOCS.filters}`,
      "Compare verified.user.id with userOf(client).id; when verify rejects or the ids differ, throw new WsException('Unauthorized') and change nothing.",
      "if (verified === undefined || verified.user.id !== userOf(client).id) throw new WsException('Unauthorized'); — before any change to client.data.",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = nowSeconds() + 40;
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    const stolen = await alice.exception('auth:refresh', { token: tokenOf('carol', { exp: exp + 600 }) });
    t.expectEqual(stolen.message, 'Unauthorized', "the exception for a refresh with carol's token");
    const forged = await alice.exception('auth:refresh', {
      token: mint({ ...claimsOf('alice'), exp: exp + 600 }, { secret: OTHER_SECRET }),
    });
    t.expectEqual(forged.message, 'Unauthorized', 'the exception for a refresh with a forged token');
    const expired = await alice.exception('auth:refresh', {
      token: tokenOf('alice', { iat: nowSeconds() - 120, exp: nowSeconds() - 60 }),
    });
    t.expectEqual(expired.message, 'Unauthorized', 'the exception for a refresh with an expired token');
    const me = await alice.ack('whoami');
    t.expectEqual(
      { name: me?.name, role: me?.role, exp: me?.exp },
      { name: 'alice', role: 'member', exp },
      'whoami after the refused refreshes',
    );
  },
);

check(
  "auth:refresh with no payload or one that is not an object is refused with 'Unauthorized', not a crash",
  {
    task: 13,
    hint: [
      `The payload is untrusted input: nothing, null, a string or a number must be refused like a bad token, not crash into 'Internal server error'. ${DOCS.filters}`,
      "Read payload.token only when the payload is an object (typeof payload === 'object' && payload !== null); otherwise there is no token, and verify refuses it.",
      "const token = typeof payload === 'object' && payload !== null ? (payload as { token?: unknown }).token : undefined;",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice');
    for (const payload of [undefined, null, 'eyJhbGciOi', 42, {}, { token: 42 }]) {
      const refusal = await alice.exception('auth:refresh', payload);
      t.expectEqual(
        refusal.message,
        'Unauthorized',
        `the exception for auth:refresh with ${payload === undefined ? 'no payload' : formatValue(payload)}`,
      );
    }
    t.expect(alice.connected, 'Expected alice to stay connected after refused refreshes.');
  },
);

check(
  "auth:refresh while the user lookup fails answers 'Internal server error', changes nothing, and is logged",
  {
    task: 13,
    hint: [
      `A refresh that fails because the user store is down is no bad token: answering 'Unauthorized' would send the client to log in again for nothing, and nobody would hear of the outage. Only a TokenRejectedError is a refusal. ${DOCS.filters}`,
      "Catch only TokenRejectedError from TokenService.verify (it means 'Unauthorized'); rethrow anything else. The gateway's WsExceptionFilter logs an error that is no WsException and answers 'Internal server error', in the exception event and in the ack.",
      'const verified = await this.tokens.verify(token).catch((error: unknown) => {\n  if (error instanceof TokenRejectedError) return undefined;\n  throw error;\n});',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = nowSeconds() + 40;
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    const outage = await failUserLookups(t, app);
    t.expect(alice.connected, 'Expected alice to stay connected after her handshake, but the server disconnected her.');
    const mark = t.transcript.mark();
    const token = tokenOf('alice', { exp: exp + 600 });
    t.transcript.add('alice → auth:refresh { token: <a new token of alice> } (expects an ack)');
    const ack: unknown = await withDeadline(
      alice.socket.emitWithAck('auth:refresh', { token }),
      3000,
      () => new CheckFailure("Expected an acknowledgement of 'auth:refresh' within 3000 ms, but none came."),
    );
    t.transcript.add(`alice ← ack of auth:refresh: ${formatValue(ack)}`);
    t.expectEqual(ack, { error: 'Internal server error' }, 'the ack of auth:refresh while the user lookup fails');
    const exception = await alice.next<ServerException>('exception', { what: "for 'auth:refresh'" });
    t.expectEqual(
      exception?.message,
      'Internal server error',
      'the exception event for auth:refresh while the user lookup fails',
    );
    t.expectEqual((await alice.ack('whoami'))?.exp, exp, 'the exp in whoami after the failed refresh');
    expectLoggedWithoutToken(t, mark, outage, token, "alice's refresh");
  },
);

check(
  'a refresh that completes after its socket left arms no timer and leaves no entry',
  {
    task: 13,
    alone: "it counts the process's timers",
    hint: [
      `Verifying a token takes a moment, and the client may leave meanwhile; the disconnect listener has already cleaned up, so a timer set afterwards is never cleared. ${DOCS.socketDisconnect}`,
      'After await this.tokens.verify(…), the socket may be gone: socket.disconnected is then true. Schedule nothing for a socket that has left (check it in reschedule, or where the timer is set).',
      'private readonly timers = new Map<string, NodeJS.Timeout>(); // socket id → its timer\n…\nreschedule(socket: Socket): void {\n  clearTimeout(this.timers.get(socket.id));\n  this.timers.delete(socket.id);\n  if (socket.disconnected) return; // it left while the new token was verified\n  … a new timer, as watch() sets one\n}',
    ],
  },
  async (t) => {
    const timers = trackLongTimers(t);
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice', 'alice', { exp: nowSeconds() + 3600 });
    const namespace = await chatNamespace(t, app);
    const serverSide = namespace.sockets.get(alice.id);
    t.expect(serverSide !== undefined, "Expected alice's socket on the server's /chat namespace.");
    const left = new Promise<void>((resolve) => serverSide.once('disconnect', () => resolve()));
    const { TokenService } = await t.appModule('auth/token.service.ts');
    const tokens = app.nest.get(TokenService, { strict: false }) as { verify: (token: unknown) => Promise<unknown> };
    const verify = tokens.verify.bind(tokens);
    let asked!: () => void;
    const verifying = new Promise<void>((resolve) => (asked = resolve));
    tokens.verify = async (token: unknown) => {
      asked();
      const verified = await verify(token);
      await left;
      return verified;
    };
    t.note('TokenService.verify now resolves only once alice has left');
    alice.emit('auth:refresh', { token: tokenOf('alice', { exp: nowSeconds() + 7200 }) });
    await withDeadline(
      verifying,
      1000,
      () =>
        new CheckFailure(
          'Expected auth:refresh to verify the token with TokenService.verify within 1000 ms, but it was not called.',
        ),
    );
    alice.close();
    await withDeadline(
      left,
      1000,
      () => new CheckFailure("Expected the server to see alice's socket disconnect within 1000 ms."),
    );
    // The refresh goes on in the microtasks after verify resolves; one turn of the event loop lets it finish.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    t.expect(
      timers.size === 0,
      `Expected no expiry timer after alice left during her refresh, but these were pending: ${describeTimers(timers)}.`,
    );
    const service = await sessionExpiryService(t, app);
    for (const { field, size } of service ? collectionsOf(service) : []) {
      t.expectEqual(size, 0, `the entries in SessionExpiryService.${field} after alice left during her refresh`);
    }
  },
);

// ── Task 14 · a token bucket per socket ──────────────────────────────────────────────────────────────────────────────

function floodApp(
  t: CheckContext,
  limits: { wsEventsPerSecond: number; wsEventBurst: number; wsFloodDisconnectSeconds?: number },
): Promise<AppUnderTest> {
  return t.app({ jwtSecret: SECRET, tokenTtl: 60, ...limits });
}

/** Emits `event` with an ack callback and resolves with the ack, or 'no ack' after `within` ms. */
function emitForAck(s: SocketUnderTest, event: string, payload?: unknown, within = 2000): Promise<unknown> {
  const args = payload === undefined ? [] : [payload];
  return new Promise((resolve) =>
    s.socket
      .timeout(within)
      .emit(event, ...args, (error: Error | null, ack: unknown) => resolve(error ? 'no ack' : ack)),
  );
}

check(
  "an event over the socket's limit never reaches a handler: 'Too many requests', and the bucket refills",
  {
    task: 14,
    hint: [
      `One client can send thousands of events a second down its connection. Give each socket a token bucket in its middleware chain, so an event over the limit is answered without running a handler. ${DOCS.socketUse}`,
      "In FloodControlService.watch(socket): socket.use((packet, next) => …) with tokens (at most WS_EVENT_BURST) refilled by elapsed seconds × WS_EVENTS_PER_SECOND; with a token, take it and next(); without, socket.emit('exception', { status: 'error', message: 'Too many requests' }), call the ack (the last element of packet, when it is a function) with { error }, and do not call next. Call watch from handleConnection.",
      "tokens = Math.min(this.burst, tokens + ((now - refilledAt) / 1000) * this.perSecond);\nrefilledAt = now;\nif (tokens >= 1) { tokens -= 1; next(); return; }\nsocket.emit('exception', { status: 'error', message: 'Too many requests' });\nconst ack = packet.at(-1);\nif (typeof ack === 'function') ack({ error: 'Too many requests' });",
    ],
  },
  async (t) => {
    const app = await floodApp(t, { wsEventsPerSecond: 2, wsEventBurst: 6 });
    const alice = await connectWithFullBucket(t, app, 'alice');
    const bob = await connectWithFullBucket(t, app, 'bob');
    await alice.ack('room:join', { room: 'lobby' });
    await bob.ack('room:join', { room: 'lobby' });
    t.note('alice has 5 events left of a burst of 6; she sends 9 pings at once');
    const answers = await Promise.all(Array.from({ length: 9 }, () => emitForAck(alice, 'ping')));
    const served = answers.filter((answer) => answer === 'pong').length;
    const refused = answers.filter((answer) => (answer as { error?: unknown })?.error === 'Too many requests').length;
    t.expect(
      served >= 5 && served <= 6 && served + refused === 9,
      `Expected 5 (at most 6) of alice's 9 pings answered 'pong' and the rest acknowledged { error: 'Too many requests' }, but the acks were ${formatValue(answers)}.`,
    );
    const exceptions = alice.received('exception').filter((e: ServerException) => e?.message === 'Too many requests');
    t.expectEqual(
      exceptions.length,
      refused,
      "the number of 'Too many requests' exception events alice received (one per refused event)",
    );
    t.note('alice sends a message:send whose text is a marker, over her limit: the refusal must not quote it');
    const marker = `marker-${randomBytes(4).toString('hex')}`;
    const exceptionsBefore = alice.received('exception').length;
    const echoed = await emitForAck(alice, 'message:send', { room: 'lobby', text: marker });
    await eventually(1000, () => alice.received('exception').length > exceptionsBefore, 10);
    const refusal = alice.received('exception').at(exceptionsBefore);
    t.expectEqual(
      echoed,
      { error: 'Too many requests' },
      'the ack of a refused message:send (fixed words: no event name, no payload)',
    );
    t.expectEqual(
      refusal,
      { status: 'error', message: 'Too many requests' },
      'the exception event of a refused message:send (fixed words: no event name, no payload)',
    );
    alice.emit('message:send', { room: 'lobby', text: 'over the limit' });
    await alice.next('exception', {
      where: (e) => e?.message === 'Too many requests',
      what: "'Too many requests' for a message:send sent without an ack",
    });
    await bob.settle();
    t.expectEqual(
      bob.received('message:new'),
      [],
      "the messages bob received (alice's message was over her limit and must not reach the handler)",
    );
    t.expectEqual(await bob.ack('ping'), 'pong', "the acknowledgement of bob's ping (each socket has its own bucket)");
    await t.wait(600, "for alice's bucket to refill one event (2 a second)");
    t.expectEqual(await alice.ack('ping'), 'pong', "the acknowledgement of alice's ping once her bucket refilled");
  },
);

check(
  'a quiet socket saves up WS_EVENT_BURST events at most: the refill stops at a full bucket',
  {
    task: 14,
    hint: [
      `The burst bounds what a socket can send at once, however long it was quiet: a refill that is not capped lets a socket save up events for a flood. ${DOCS.socketUse}`,
      'When an event arrives, add elapsed seconds × WS_EVENTS_PER_SECOND to the tokens, then cap the sum at WS_EVENT_BURST with Math.min.',
      'tokens = Math.min(this.burst, tokens + ((now - refilledAt) / 1000) * this.perSecond);\nrefilledAt = now;',
    ],
  },
  async (t) => {
    const app = await floodApp(t, { wsEventsPerSecond: 20, wsEventBurst: 3 });
    const alice = await connectWithFullBucket(t, app, 'alice');
    await t.wait(1000, 'while alice stays quiet (20 events a second would refill 20, the burst is 3)');
    t.note('alice sends 15 pings at once');
    const answers = await Promise.all(Array.from({ length: 15 }, () => emitForAck(alice, 'ping')));
    const served = answers.filter((answer) => answer === 'pong').length;
    t.expect(
      served < 10,
      `Expected about 3 (WS_EVENT_BURST) of the 15 pings alice sent at once after a second of quiet to be served, but ${served} were: ` +
        'a bucket holds WS_EVENT_BURST tokens at most, however long the socket was quiet.',
    );
  },
);

check(
  'a socket that leaves leaves no entry and no timer behind in FloodControlService: its bucket goes with it',
  {
    task: 14,
    alone: 'it watches every timer the process sets',
    hint: [
      `A bucket, or a timer, kept for a socket that is gone is a leak that grows with every connection ever made: keep the bucket where it ends with the socket, and refill it when an event arrives, with no timer. ${DOCS.socketDisconnect}`,
      "Keep the bucket in variables of watch(socket) that the socket's middleware closes over: they go when the socket does. A bucket kept in a Map of the service must be deleted in socket.once('disconnect', …).",
      'watch(socket: Socket): void {\n  let tokens = this.burst;\n  let refilledAt = Date.now();\n  socket.use((packet, next) => { /* … */ });\n}',
    ],
  },
  async (t) => {
    const timers = timersSetIn(t, FLOOD_CONTROL_FILE);
    const app = await chatApp(t);
    const service = await floodControlService(t, app);
    t.expect(service !== undefined, 'Expected src/chat/flood-control.service.ts to export FloodControlService.');
    // One socket first, so that what the service keeps per user (task 16) is there before the count.
    (await connectAs(t, app, 'alice', 'alice-0')).close();
    await untilSocketsLeft(t, app, 0, 'alice-0');
    const before = collectionsOf(service!);
    for (let i = 1; i <= 5; i++) (await connectAs(t, app, 'alice', `alice-${i}`)).close();
    await untilSocketsLeft(t, app, 0, "alice's sockets");
    const grown = grownSince(before, service!);
    t.expect(
      grown.length === 0,
      `Expected FloodControlService to hold no more than before after 5 of alice's sockets connected and left, but ` +
        `${grown.map(({ field, size, was }) => `${field} went from ${was} to ${size} entries`).join(', ')}: ` +
        'what the service keeps for a socket must go when the socket does.',
    );
    const took = await app.close();
    t.expect(took < 1000, `Expected app.close() to finish within 1000 ms, but it took ${took} ms.`);
    const left = timers();
    t.expect(
      left === 0,
      `Expected no timer of src/chat/flood-control.service.ts left running once alice's sockets had left and the app ` +
        `was closed, but ${left} ${left === 1 ? 'was' : 'were'}: compute the refill when an event arrives, with no timer.`,
    );
  },
);

// ── Task 15 · a flood ends in a disconnect ───────────────────────────────────────────────────────────────────────────

check(
  'a socket that keeps sending over its limit for WS_FLOOD_DISCONNECT_SECONDS is disconnected; others are served throughout',
  {
    task: 15,
    hint: [
      `Refusing events still costs the server a little per event: a socket that will not slow down has to go. ${DOCS.socketDisconnect}`,
      'In floodWatch(socket), keep when the current flood began (the first refusal after a second without one) and when the last refusal was, in variables the function it returns closes over; watch calls that function at each refusal. When a refusal comes WS_FLOOD_DISCONNECT_SECONDS or more after the flood began, socket.disconnect(true).',
      'return (now) => {\n  if (floodingSince === undefined || now - refusedAt > 1000) floodingSince = now; // a new flood\n  refusedAt = now;\n  if (now - floodingSince >= this.disconnectAfterMs) socket.disconnect(true);\n};',
    ],
    within: 15_000,
  },
  async (t) => {
    const app = await floodApp(t, { wsEventsPerSecond: 5, wsEventBurst: 5, wsFloodDisconnectSeconds: 1 });
    const alice = await connectWithFullBucket(t, app, 'alice');
    const bob = await connectWithFullBucket(t, app, 'bob');
    const startedAt = Date.now();
    const flood = setInterval(() => alice.connected && alice.emit('ping'), 10);
    t.defer(() => clearInterval(flood));
    t.note('alice sends a ping every 10 ms (100 a second; her limit is 5 a second)');
    const firstRefusal = await alice.next('exception', {
      where: (e) => e?.message === 'Too many requests',
      what: "'Too many requests'",
      within: 2000,
    });
    t.expect(firstRefusal !== undefined, "Expected alice's flood to be refused.");
    t.expectEqual(await bob.ack('ping'), 'pong', "the acknowledgement of bob's ping during alice's flood");
    const reason = await alice.disconnected(5000);
    const after = Date.now() - startedAt;
    clearInterval(flood);
    t.expectEqual(reason, 'io server disconnect', 'the reason alice was disconnected');
    t.expect(
      after >= 900,
      `Expected alice to be disconnected only after flooding for WS_FLOOD_DISCONNECT_SECONDS (1 s), but it happened after ${after} ms.`,
    );
    t.expectEqual(await bob.ack('ping'), 'pong', "the acknowledgement of bob's ping after alice was disconnected");
  },
);

// ── Task 16 · a cap on each user's connections ───────────────────────────────────────────────────────────────────────

check(
  'a user holds WS_MAX_SOCKETS_PER_USER connections at most: one more is refused with too_many_connections',
  {
    task: 16,
    hint: [
      `A bucket per socket does not bound a user: with one token they could open a hundred sockets, each with a full bucket. Refuse a user's connection beyond the limit in a namespace middleware registered after the handshake check, so that it never exists. ${DOCS.middlewares}`,
      "In FloodControlService.admitConnection(socket, next), refuse a socket without a user (next(new Error('Unauthorized'))), count the sockets in the user's room on this app (socket.nsp.adapter.rooms.get(userRoom(user.id))?.size) and refuse with next(error) when that reaches WS_MAX_SOCKETS_PER_USER: an Error whose message is 'Too many connections' and whose data is { reason: 'too_many_connections' }. Register it in afterInit after the handshake check: server.use((socket, next) => this.floodControl.admitConnection(socket, next)).",
      "const { user } = authDataOf(socket);\nif (user === undefined) return next(new Error('Unauthorized')); // fail closed\nconst open = socket.nsp.adapter.rooms.get(userRoom(user.id))?.size ?? 0;\nif (open < this.maxSocketsPerUser) {\n  void socket.join(userRoom(user.id)); // counted from now on\n  return next();\n}\nnext(Object.assign(new Error('Too many connections'), { data: { reason: 'too_many_connections' } }));",
    ],
  },
  async (t) => {
    const app = await t.app({ jwtSecret: SECRET, tokenTtl: 60, wsMaxSocketsPerUser: 2 });
    t.note('WS_MAX_SOCKETS_PER_USER is 2');
    const first = await connectAs(t, app, 'alice', 'alice-1');
    await connectAs(t, app, 'alice', 'alice-2');
    const refusal = await refusalOf(t.socket('alice-3', app, CHAT, as('alice')));
    t.expectEqual(
      refusal,
      { message: 'Too many connections', data: { reason: 'too_many_connections' } },
      "the connect_error of alice's third connection",
    );
    await connectAs(t, app, 'bob');
    const namespace = await chatNamespace(t, app);
    const firstId = first.id;
    first.close();
    const left = await eventually(2000, () => !namespace.sockets.has(firstId));
    t.expect(left, "Expected the server to see alice-1's socket leave within 2000 ms.");
    const fourth = t.socket('alice', app, CHAT, as('alice'));
    try {
      await fourth.connect();
    } catch (error) {
      if (!(error instanceof CheckFailure) || !String(error.message).includes('too_many_connections')) throw error;
      t.fail(
        "Expected alice's connection after alice-1 left to be admitted, but it was refused with too_many_connections: " +
          'a socket that leaves must make room for another (the count goes down when a socket disconnects).',
      );
    }
    await expectUserlessRefused(t, app, namespace);
  },
);

/**
 * Hands admitConnection a socket the handshake check attached no user to (as a handshake check that let one
 * through would), and expects it refused: a cap that does not know the user fails closed.
 */
async function expectUserlessRefused(t: CheckContext, app: AppUnderTest, namespace: any): Promise<void> {
  const service = (await floodControlService(t, app)) as
    { admitConnection?: (socket: unknown, next: (error?: Error) => void) => unknown } | undefined;
  t.expect(
    typeof service?.admitConnection === 'function',
    'Expected FloodControlService to have admitConnection(socket, next), the middleware the gateway registers.',
  );
  t.note('the check calls admitConnection with a socket that has no user in socket.data');
  let answer: { error?: Error } | undefined;
  const userless = {
    id: 'userless',
    data: {},
    nsp: namespace,
    handshake: { auth: {}, headers: {} },
    join: () => undefined,
  };
  try {
    await service!.admitConnection!(userless, (error?: Error) => (answer = { error }));
  } catch (error) {
    answer = { error: error instanceof Error ? error : new Error(String(error)) };
  }
  t.expect(
    answer?.error?.message === 'Unauthorized',
    "Expected admitConnection to refuse a socket without a user with an Error 'Unauthorized' (fail closed), but it " +
      (answer === undefined
        ? 'never called next.'
        : answer.error === undefined
          ? 'let it through (next() without an error): a cap that does not know the user cannot count it.'
          : `answered ${formatValue(answer.error.message)}.`),
  );
}

check(
  'connections that arrive together are counted as they are admitted: a burst of 12 lets only WS_MAX_SOCKETS_PER_USER in',
  {
    task: 16,
    hint: [
      `One connection can open many sockets on /chat, and a burst of them is admitted before any handleConnection runs: a count that grows only when the gateway joins the user's room lets the whole burst in. Take the place at the moment you admit the socket. ${DOCS.rooms}`,
      "In FloodControlService.admitConnection, join the socket to its user's room (socket.join(userRoom(user.id))) just before next(): the next socket of the burst then counts it. A refused or abandoned socket leaves its rooms by itself.",
      "if (user === undefined) return next(new Error('Unauthorized')); // fail closed\nconst open = socket.nsp.adapter.rooms.get(userRoom(user.id))?.size ?? 0;\nif (open < this.maxSocketsPerUser) {\n  void socket.join(userRoom(user.id)); // counted now, not in handleConnection\n  next();\n  return;\n}",
    ],
  },
  async (t) => {
    const app = await t.app({ jwtSecret: SECRET, tokenTtl: 60, wsMaxSocketsPerUser: 2 });
    const burst = 12;
    t.note(`WS_MAX_SOCKETS_PER_USER is 2; one WebSocket sends ${burst} connects to ${CHAT} as alice in one write`);
    const answers = await connectBurst(app.url, tokenOf('alice'), burst);
    t.note(`the app admitted ${answers.admitted} and refused ${answers.refused}`);
    t.expect(
      answers.refused > 0,
      `Expected the connects of the burst beyond the first 2 to be refused with too_many_connections, but ${answers.refused} were (${answers.admitted} admitted).`,
    );
    t.expect(
      answers.admitted <= 2,
      `Expected at most 2 of alice's ${burst} connects sent together to be admitted, but ${answers.admitted} were: ` +
        (answers.admitted === 3
          ? 'one more than WS_MAX_SOCKETS_PER_USER. A user who already holds 2 sockets is refused (refuse when the count reaches the cap, not when it passes it).'
          : 'the count did not grow as they were admitted (each one was let in before the one before it was counted).'),
    );
  },
);

check(
  'a user whose sockets have all left leaves no entry behind in FloodControlService',
  {
    task: 16,
    hint: [
      `A count kept per user must end with the user's last socket, or the service holds an entry for every user who ever connected. ${DOCS.rooms}`,
      "Count the sockets in the user's room (socket.nsp.adapter.rooms): Socket.IO deletes an empty room by itself. A Map of counts must delete a user's entry when it comes back to 0.",
      'const open = socket.nsp.adapter.rooms.get(userRoom(user.id))?.size ?? 0; // nothing to clean up',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const service = await floodControlService(t, app);
    t.expect(service !== undefined, 'Expected src/chat/flood-control.service.ts to export FloodControlService.');
    const before = collectionsOf(service!);
    const users = Object.keys(SEED_USERS) as SeedUser[];
    for (const user of users) (await connectAs(t, app, user)).close();
    await untilSocketsLeft(t, app, 0, `${users.join(', ')}`);
    const grown = grownSince(before, service!);
    t.expect(
      grown.length === 0,
      `Expected FloodControlService to hold no more than before once ${users.join(', ')} had each connected and left, but ` +
        `${grown.map(({ field, size, was }) => `${field} went from ${was} to ${size} entries`).join(', ')}: ` +
        "what it keeps for a user must go with the user's last socket (a count back at 0 is deleted).",
    );
  },
);
