import { createHmac } from 'node:crypto';
import type { AppUnderTest } from './support/app-under-test.js';
import type { CheckContext } from './support/check-context.js';
import { activeTimers } from './support/active-timers.js';
import { lessonChecks } from './support/check.js';
import { SEED_USERS, type SeedUser } from './support/seed-users.js';
import type { SocketOptions, SocketUnderTest } from './support/socket-under-test.js';

const { check } = lessonChecks('02-handshake-auth');

const CHAT = '/chat';
const SECRET = 'lesson-2-checks-secret-0123456789abcdef';
const OTHER_SECRET = 'not-the-app-secret-0123456789abcdef00';


// ---------------------------------------------------------------- tokens

type Claims = Record<string, unknown>;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The claims the app itself would sign for `user`, valid for `ttl` seconds. */
function claimsOf(user: SeedUser, ttl = 60): Claims {
  const { id, name, role } = SEED_USERS[user];
  const iat = nowSeconds();
  return { sub: id, name, role, iat, exp: iat + ttl };
}

/** A JWT made by hand, so that the checks can also forge the tokens an attacker would. */
function mint(claims: Claims, { alg = 'HS256', secret = SECRET }: { alg?: string; secret?: string } = {}): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
  if (alg === 'none') return `${signingInput}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  if (!hash) throw new Error(`mint() cannot sign with ${alg}`);
  return `${signingInput}.${createHmac(hash, secret).update(signingInput).digest('base64url')}`;
}

function tokenOf(user: SeedUser, extra: Claims = {}): string {
  return mint({ ...claimsOf(user), ...extra });
}

/** An `exp` between 0.35 and 1.35 s from now: time to connect, short enough to keep the expiry checks fast. */
function expiringSoon(): number {
  return Math.ceil((Date.now() + 350) / 1000);
}

function decodePart(token: unknown, index: number): any {
  if (typeof token !== 'string') return undefined;
  try {
    return JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- helpers

function chatApp(t: CheckContext, tokenTtl = 60): Promise<AppUnderTest> {
  return t.app({ jwtSecret: SECRET, tokenTtl });
}

function as(user: SeedUser, extra: Claims = {}): SocketOptions {
  return { auth: { token: tokenOf(user, extra) } };
}

async function connectAs(t: CheckContext, app: AppUnderTest, user: SeedUser, name: string = user, extra: Claims = {}): Promise<SocketUnderTest> {
  return t.connect(name, app, CHAT, as(user, extra));
}

async function expectRefused(t: CheckContext, options: SocketOptions, reason: string, name = 'mallory'): Promise<void> {
  const app = await chatApp(t);
  const refusal = await t.socket(name, app, CHAT, options).connectRefused();
  t.expectEqual(refusal, { message: 'Unauthorized', data: { reason } }, `the connect_error that ${name} received`);
}

async function login(t: CheckContext, app: AppUnderTest, body: unknown) {
  return t.request(app, '/auth/login', { json: body });
}

function isJson(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').includes('application/json');
}

/**
 * Records the timers set while the check runs that are due within 5 s of `dueAt` (ms since the epoch) and not
 * cleared since: with tokens that expire an hour from now, those are the app's expiry timers and nothing else.
 */
function trackTimersDueAt(t: CheckContext, dueAt: number): Set<unknown> {
  const pending = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSet(callback, ms, ...args);
    if (Math.abs(Date.now() + (ms ?? 0) - dueAt) < 5000) pending.add(timer);
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

const MIDDLEWARE_HINT =
  "Register namespace middleware in the gateway's afterInit(server) with server.use((socket, next) => this.wsAuth.use(socket, next)), " +
  'and in WsAuthMiddleware.use call next(unauthorized(error)) when this.tokens.verify(...) rejects.';
const REASON_HINT =
  "unauthorized(error) must return new Error('Unauthorized') with a data property { reason }: the reason of the " +
  "TokenRejectedError that TokenService.verify threw ('missing_token', 'invalid_token', 'token_expired', 'unknown_user').";

// ---------------------------------------------------------------- HTTP (provided in the starter)

check(
  'POST /auth/login with the right password returns a signed HS256 token',
  {
    baseline: true,
    hint: [
      'The login is provided: src/auth/auth.controller.ts. If this fails, compare src/auth and src/users with the solution (npm run diff 2).',
      'The token is signed by TokenService.issue with algorithm HS256 and expiresIn = TOKEN_TTL; its claims are sub, name, role, iat and exp.',
    ],
  },
  async (t) => {
    const app = await chatApp(t, 120);
    const reply = await login(t, app, { username: 'alice', password: 'alice-secret' });
    t.expectEqual(reply.status, 200, 'the status of a successful login');
    t.expect(isJson(reply.headers), `Expected a JSON answer, but Content-Type was ${reply.headers.get('content-type')}.`);
    const { accessToken, expiresIn } = reply.body ?? {};
    t.expect(typeof accessToken === 'string', `Expected { accessToken, expiresIn }, but the body was ${reply.text}.`);
    t.expectEqual(expiresIn, 120, 'expiresIn (TOKEN_TTL was 120)');
    t.expectEqual(decodePart(accessToken, 0)?.alg, 'HS256', "the token's alg header");
    const claims = decodePart(accessToken, 1) ?? {};
    t.expectEqual({ sub: claims.sub, name: claims.name, role: claims.role }, { sub: 'u1', name: 'alice', role: 'member' }, "the token's sub, name and role");
    t.expectEqual(claims.exp - claims.iat, 120, "the token's lifetime exp - iat");
  },
);

check(
  'POST /auth/login with a wrong password or an unknown user answers 401',
  {
    baseline: true,
    hint: [
      'The login is provided: AuthService.login throws UnauthorizedException when UsersService.verifyCredentials finds no match.',
      'Both cases get the same answer, so that the response does not tell which user names exist.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    for (const body of [
      { username: 'alice', password: 'bob-secret' },
      { username: 'mallory', password: 'alice-secret' },
    ]) {
      const reply = await login(t, app, body);
      t.expectEqual(reply.status, 401, `the status of a login as ${JSON.stringify(body)}`);
      t.expect(isJson(reply.headers), `Expected the 401 to be JSON, but Content-Type was ${reply.headers.get('content-type')}.`);
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
    const wrongType = await login(t, app, { username: 42, password: ['alice-secret'] });
    t.expectEqual(wrongType.status, 400, 'the status of a login with a number as username');
    const notJson = await t.request(app, '/auth/login', { rawBody: '{"username": alice' });
    t.expectEqual(notJson.status, 400, 'the status of a login whose body is not JSON');
    t.expect(isJson(notJson.headers), 'Expected the 400 for a body that is not JSON to be JSON itself.');
  },
);

// ---------------------------------------------------------------- hostile handshakes

check(
  'a handshake without a token is refused (missing_token)',
  {
    hint: [MIDDLEWARE_HINT, REASON_HINT],
  },
  async (t) => {
    await expectRefused(t, {}, 'missing_token');
  },
);

check(
  'a handshake with an empty string as token is refused (missing_token)',
  {
    hint: [
      "tokenFrom should treat auth.token === '' like no token at all, and then look at the Authorization header.",
      "TokenService.verify('') rejects with reason 'missing_token'; pass that reason on in data.",
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: '' } }, 'missing_token');
    const app = await chatApp(t);
    const bob = await t.connect('bob', app, CHAT, { auth: { token: '' }, headers: { authorization: `Bearer ${tokenOf('bob')}` } });
    t.expectEqual((await bob.ack('whoami'))?.name, 'bob', "whoami of a client with auth.token '' and a valid Bearer header");
  },
);

check(
  'a handshake with a number or an object as token is refused (invalid_token)',
  {
    hint: [
      'Anything in auth.token is untrusted input: hand it to TokenService.verify as it is, whatever its type.',
      "verify rejects a token that is not a string with reason 'invalid_token'. Do not call string methods on it before that.",
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: 42 } }, 'invalid_token', 'mallory-number');
    await expectRefused(t, { auth: { token: { sub: 'u3', role: 'admin' } } }, 'invalid_token', 'mallory-object');
  },
);

check(
  'a handshake with a malformed token is refused (invalid_token)',
  {
    hint: [
      'TokenService.verify rejects with a TokenRejectedError; call next(unauthorized(error)) with it.',
      "A malformed JWT makes the verifier throw 'jwt malformed', which TokenService maps to 'invalid_token'.",
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: 'not.a.jwt' } }, 'invalid_token');
  },
);

check(
  'a token signed with another secret is refused (invalid_token)',
  {
    hint: [
      'Verify every handshake token with TokenService.verify: it checks the HS256 signature with JWT_SECRET.',
      'Never decode a token (jwt.decode) to trust its claims: decoding does not check the signature.',
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: mint(claimsOf('carol'), { secret: OTHER_SECRET }) } }, 'invalid_token');
  },
);

check(
  "an 'alg: none' token is refused (invalid_token)",
  {
    hint: [
      'Verify with TokenService.verify, which pins the algorithm: algorithms: [\'HS256\'].',
      "An unsigned token (alg 'none') must never be accepted: a verifier that trusts the token's own alg header would.",
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: mint(claimsOf('carol'), { alg: 'none' }) } }, 'invalid_token');
  },
);

check(
  'an HS512 token signed with the right secret is refused (invalid_token)',
  {
    hint: [
      "Only HS256 is accepted. TokenService.verify passes algorithms: ['HS256'] to the verifier; use it rather than your own verify call.",
      'Pinning the algorithm stops algorithm-confusion attacks: the server, not the token, decides how tokens are signed.',
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: mint(claimsOf('alice'), { alg: 'HS512' }) } }, 'invalid_token');
  },
);

check(
  'an expired token is refused (token_expired)',
  {
    hint: [
      "TokenService.verify rejects an expired token with reason 'token_expired'; put error.reason in the connect_error data.",
      'The client can act on token_expired: log in again (or refresh) and reconnect.',
    ],
  },
  async (t) => {
    const iat = nowSeconds() - 120;
    await expectRefused(t, { auth: { token: mint({ ...claimsOf('alice'), iat, exp: iat + 60 }) } }, 'token_expired');
  },
);

check(
  'a token that is not valid yet (nbf) is refused (invalid_token)',
  {
    hint: [
      "TokenService.verify checks nbf (not before) and rejects a token from the future with reason 'invalid_token'.",
      'Pass the rejection on: next(unauthorized(error)).',
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: tokenOf('alice', { nbf: nowSeconds() + 30 }) } }, 'invalid_token');
  },
);

check(
  'a correctly signed token for a user who does not exist is refused (unknown_user)',
  {
    hint: [
      "TokenService.verify looks the sub claim up in UsersService and rejects with 'unknown_user' when nobody has that id.",
      'A valid signature proves who issued the token, not that its user still exists.',
    ],
  },
  async (t) => {
    await expectRefused(t, { auth: { token: mint({ ...claimsOf('alice'), sub: 'u404', name: 'ghost' }) } }, 'unknown_user');
  },
);

check(
  'a valid token sent only in the query string is ignored (missing_token)',
  {
    hint: [
      'tokenFrom must read only handshake.auth.token and the Authorization header, never handshake.query.',
      'URLs end up in access logs, proxy logs and browser history: a token in the query string leaks.',
    ],
  },
  async (t) => {
    await expectRefused(t, { query: { token: tokenOf('alice') } }, 'missing_token');
    await expectRefused(t, { headers: { authorization: `Basic ${tokenOf('alice')}` } }, 'missing_token', 'mallory-basic');
  },
);

// ---------------------------------------------------------------- accepted handshakes

check(
  'a token from the login in auth.token is accepted',
  {
    baseline: true,
    hint: [
      'tokenFrom returns handshake.auth.token when it is there; verify it and call next() without an error.',
      "A browser passes it as io(url, { auth: { token } }): it travels in Socket.IO's CONNECT packet, not in the URL.",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const reply = await login(t, app, { username: 'alice', password: 'alice-secret' });
    const token = reply.body?.accessToken;
    t.expect(typeof token === 'string', `Expected the login to return an accessToken, but it answered ${reply.status} ${reply.text}.`);
    const alice = await t.connect('alice', app, CHAT, { auth: { token } });
    t.expectEqual(await alice.ack('ping'), 'pong', 'the acknowledgement of ping');
  },
);

check(
  'a token in an Authorization: Bearer header is accepted',
  {
    baseline: true,
    hint: [
      "When auth.token is absent, tokenFrom reads handshake.headers.authorization and takes what follows 'Bearer '.",
      'Node clients and proxies send headers; a browser WebSocket cannot, which is why auth.token comes first.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const bob = await t.connect('bob', app, CHAT, { headers: { authorization: `Bearer ${tokenOf('bob')}` } });
    t.expectEqual(await bob.ack('ping'), 'pong', 'the acknowledgement of ping');
    const lower = await t.connect('bob-lower', app, CHAT, { headers: { authorization: `bearer ${tokenOf('bob')}` } });
    t.expectEqual(await lower.ack('ping'), 'pong', "the acknowledgement of ping with the scheme written 'bearer'");
  },
);

check(
  'a refused client is not retried by socket.io (socket.active is false)',
  {
    hint: [
      'Refuse in the middleware with next(error): a middleware error makes the client stop, while a disconnect after connecting makes it reconnect.',
      'Refusing from handleConnection (client.disconnect()) is too late: the socket was already connected.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const mallory = t.socket('mallory', app, CHAT, { auth: { token: 'forged' }, reconnection: true });
    await mallory.connectRefused();
    t.expect(
      mallory.socket.active === false,
      'Expected the refused client to give up (socket.active false), but socket.io-client is still trying to reconnect.',
    );
  },
);

check(
  'a refused handshake never reaches handleConnection (presence does not count it)',
  {
    hint: [
      "The token must be checked in namespace middleware (server.use in afterInit), which runs before Socket.IO's connection event.",
      'Middleware that calls next(error) stops the connection before Nest calls handleConnection, so presence never counts it and no broadcast reaches it.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice');
    await alice.next('presence', { where: (p) => p?.online === 1, what: '{ online: 1 }' });
    await t.socket('mallory', app, CHAT, {}).connectRefused();
    await connectAs(t, app, 'bob');
    const presence = await alice.next('presence', { what: 'after bob connected' });
    t.expectEqual(presence, { online: 2 }, "the presence alice received after mallory's refused attempt and bob's connection");
  },
);

// ---------------------------------------------------------------- the user on the socket

check(
  'whoami acknowledges the user and the token expiry',
  {
    hint: [
      'In the middleware, store the verified user in socket.data.user and the exp claim in socket.data.exp (attach), then return them from whoami.',
      'whoami returns { id, name, role, exp }: userOf(client) gives the user, expiryOf(client) the exp.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = nowSeconds() + 45;
    const carol = await connectAs(t, app, 'carol', 'carol', { exp });
    const me = await carol.ack('whoami');
    t.expectEqual(me, { id: 'u3', name: 'carol', role: 'admin', exp }, 'the acknowledgement of whoami');
  },
);

check(
  "message:new.from is the sender's user name",
  {
    hint: [
      "In sendMessage, set from to userOf(client).name instead of client.id.",
      'userOf reads socket.data.user, which the handshake middleware attached (TODO 2).',
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
    t.expectEqual(message?.from, 'alice', "the from of the message:new bob received");
  },
);

// ---------------------------------------------------------------- roles and kick

check(
  "admin:kick from a member is refused with 'Forbidden resource'",
  {
    hint: [
      "Put @UseGuards(RolesGuard) and @Roles('admin') on the admin:kick handler, and make RolesGuard.canActivate compare the roles with socket.data.user.role.",
      "When a guard returns false, Nest sends the exception event with message 'Forbidden resource' and the handler does not run.",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const alice = await connectAs(t, app, 'alice');
    const bob = await connectAs(t, app, 'bob');
    const refusal = await bob.exception('admin:kick', { userId: 'u1' });
    t.expectEqual(refusal.message, 'Forbidden resource', 'the message of the exception bob received');
    await alice.settle();
    t.expect(alice.connected, 'Expected alice to stay connected after a member tried to kick her.');
  },
);

check(
  "admin:kick from the admin disconnects every socket of the user, and only theirs",
  {
    hint: [
      'Each socket joins the room userRoom(user.id) in handleConnection; kick fetches the sockets of that room, emits auth:kicked { by } to each and disconnects it.',
      'this.server.in(room).fetchSockets() returns the sockets; socket.emit(...) then socket.disconnect(true). Acknowledge { kicked: sockets.length }.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const carol = await connectAs(t, app, 'carol');
    const bobPhone = await connectAs(t, app, 'bob', 'bob-phone');
    const bobLaptop = await connectAs(t, app, 'bob', 'bob-laptop');
    const alice = await connectAs(t, app, 'alice');
    const ack = await carol.ack('admin:kick', { userId: 'u2' });
    t.expectEqual(ack, { kicked: 2 }, 'the acknowledgement of the kick (bob had two sockets)');
    for (const bob of [bobPhone, bobLaptop]) {
      const notice = await bob.next('auth:kicked');
      t.expectEqual(notice, { by: 'carol' }, `the auth:kicked that ${bob.name} received`);
      t.expectEqual(await bob.disconnected(), 'io server disconnect', `the reason ${bob.name} was disconnected`);
    }
    await alice.settle();
    t.expect(alice.connected && alice.received('auth:kicked').length === 0, 'Expected alice to be left alone by a kick of bob.');
  },
);

// ---------------------------------------------------------------- expiry and refresh

check(
  'a token that expires mid-session ends it within 1 s of exp',
  {
    within: 6000,
    hint: [
      "In SessionExpiryService.watch, schedule a timer for expiryOf(socket) * 1000 - Date.now() ms that emits 'auth:expired' and disconnects the socket.",
      'exp counts seconds and Date.now() milliseconds. socket.disconnect(true) makes the client see io server disconnect.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = expiringSoon();
    const expiresAt = exp * 1000;
    t.note(`alice's token expires ${expiresAt - Date.now()} ms from now`);
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    const reason = await alice.disconnected(Math.max(expiresAt - Date.now(), 0) + 1000);
    const early = expiresAt - Date.now();
    t.expect(early < 100, `Expected the session to end when the token expired, but alice was disconnected ${early} ms before exp.`);
    t.expectEqual(reason, 'io server disconnect', 'the reason alice was disconnected');
    t.expect(
      alice.received('auth:expired').length === 1,
      "Expected alice to receive 'auth:expired' before the server disconnected her, but it never came.",
    );
    t.expectEqual(alice.received('auth:expired')[0], { exp }, 'the payload of auth:expired');
  },
);

check(
  'an event that arrives after exp is refused, even before the expiry timer fires',
  {
    within: 6000,
    hint: [
      'A timer can fire late. In SessionExpiryService.watch add socket.use((event, next) => ...): once Date.now() >= exp * 1000, call this.expire(socket) instead of next().',
      "This check keeps the event loop busy from just before exp until just after it, then sends ping: the server reads the ping before its expiry timer gets a chance to run, so only the socket.use() check can refuse it.",
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = expiringSoon();
    const expiresAt = exp * 1000;
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    t.note("150 ms before alice's token expires, the check keeps the event loop busy until 50 ms after exp, then sends ping");
    let acked = false;
    let timer: NodeJS.Timeout | undefined;
    t.defer(() => clearTimeout(timer));
    const answered = new Promise<void>((resolve) => {
      // Blocking inside a timer callback (not after an await) matters: Node then
      // polls the sockets, and the server reads the ping, before it runs the timers
      // that came due meanwhile, the app's expiry timer among them.
      timer = setTimeout(() => {
        while (Date.now() < expiresAt + 50);
        t.transcript.add('alice → ping (sent 50 ms after exp, expects no ack)');
        alice.socket.emit('ping', (reply: unknown) => {
          acked = true;
          t.transcript.add(`alice ← ack of ping: ${JSON.stringify(reply)}`);
          resolve();
        });
        alice.disconnected(1000).then(() => resolve(), () => resolve());
      }, Math.max(expiresAt - 150 - Date.now(), 0));
    });
    await answered;
    t.expect(
      !acked,
      "Expected the server to refuse alice's ping sent after her token's exp, but it acknowledged it. The expiry timer alone is not enough: it can run late.",
    );
  },
);

check(
  'auth:refresh with a new token of the same user extends the session',
  {
    within: 6000,
    hint: [
      'In auth:refresh, verify payload.token with this.tokens.verify; for the same user id, update client.data.exp (and user) and call this.sessions.reschedule(client), then return { exp }.',
      'reschedule must replace the old timer (clearTimeout) with one for the new exp, or the old one still ends the session.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const oldExp = expiringSoon();
    const alice = await connectAs(t, app, 'alice', 'alice', { exp: oldExp });
    const newExp = nowSeconds() + 60;
    const ack = await alice.ack('auth:refresh', { token: tokenOf('alice', { exp: newExp }) });
    t.expectEqual(ack, { exp: newExp }, 'the acknowledgement of auth:refresh');
    t.expectEqual(await alice.ack('whoami'), { id: 'u1', name: 'alice', role: 'member', exp: newExp }, 'whoami after the refresh');
    await t.wait(Math.max(oldExp * 1000 + 150 - Date.now(), 0), "until 150 ms after the old token's exp");
    t.expect(
      alice.connected && alice.received('auth:expired').length === 0,
      'Expected alice to stay connected after refreshing her token, but the old expiry still ended her session.',
    );
    t.expectEqual(await alice.ack('ping'), 'pong', 'the acknowledgement of ping after the old exp');
  },
);

check(
  "auth:refresh with another user's token or a forged one is refused, and the old expiry stands",
  {
    hint: [
      "Compare the new token's user id with userOf(client).id; when verify rejects or the ids differ, throw new WsException('Unauthorized') and change nothing.",
      'Otherwise alice could turn her session into carol\'s, an admin\'s, by refreshing with a stolen token.',
    ],
  },
  async (t) => {
    const app = await chatApp(t);
    const exp = nowSeconds() + 40;
    const alice = await connectAs(t, app, 'alice', 'alice', { exp });
    const stolen = await alice.exception('auth:refresh', { token: tokenOf('carol', { exp: exp + 600 }) });
    t.expectEqual(stolen.message, 'Unauthorized', "the exception for a refresh with carol's token");
    const forged = await alice.exception('auth:refresh', { token: mint({ ...claimsOf('alice'), exp: exp + 600 }, { secret: OTHER_SECRET }) });
    t.expectEqual(forged.message, 'Unauthorized', 'the exception for a refresh with a forged token');
    const me = await alice.ack('whoami');
    t.expectEqual({ name: me?.name, exp: me?.exp }, { name: 'alice', exp }, 'whoami after the refused refreshes');
  },
);

check(
  'a client that disconnects leaves no expiry timer behind',
  {
    baseline: true,
    hint: [
      "In SessionExpiryService.watch, socket.once('disconnect', () => this.forget(socket)): forget clears the socket's timer and removes it from this.timers.",
      'Otherwise every socket that ever connected keeps a timer until its token expires (15 minutes by default): a leak that grows with every reconnect.',
    ],
  },
  async (t) => {
    const exp = nowSeconds() + 3600;
    const pending = trackTimersDueAt(t, exp * 1000);
    const app = await chatApp(t);
    const bob = await connectAs(t, app, 'bob', 'bob', { exp });
    await bob.next('presence', { where: (p) => p?.online === 1, what: '{ online: 1 }' });
    for (let i = 1; i <= 5; i++) {
      const alice = await connectAs(t, app, 'alice', `alice-${i}`, { exp });
      alice.close();
      await bob.next('presence', { where: (p) => p?.online === 1, what: `{ online: 1 } after alice-${i} left` });
    }
    t.expect(
      pending.size <= 1,
      `Expected only bob's expiry timer to be pending after 5 other clients connected and left, but ${pending.size} timers due at their tokens' exp were still pending.`,
    );
  },
);

check(
  'closing the app with clients connected takes under 1 s and leaves no timer behind',
  {
    baseline: true,
    hint: [
      "Clear each socket's expiry timer when it disconnects, and every remaining one in onApplicationShutdown.",
      'A forgotten timer keeps the process alive after app.close(): tests hang and servers do not stop.',
    ],
  },
  async (t) => {
    const before = activeTimers();
    const app = await chatApp(t);
    const clients: SocketUnderTest[] = [];
    for (const user of ['alice', 'bob', 'carol'] as const) clients.push(await connectAs(t, app, user));
    const took = await app.close();
    t.expect(took < 1000, `Expected app.close() to finish within 1000 ms with three clients connected, but it took ${took} ms.`);
    for (const client of clients) await client.disconnected();
    const left = activeTimers() - before;
    t.expect(left <= 0, `Expected no timer left running after app.close(), but ${left} more were active than before the app started.`);
  },
);
