import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { ModulesContainer } from '@nestjs/core';
import { EventSource } from 'eventsource';
import { defer, isObservable } from 'rxjs';
import { settledTimers } from './support/active-resources.js';
import type { AppUnderTest } from './support/app-under-test.js';
import type { CheckContext, RequestOptions } from './support/check-context.js';
import { lessonChecks } from './support/check.js';
import { CheckFailure } from './support/check-failure.js';
import { withDeadline } from './support/deadline.js';
import { formatValue } from './support/format-value.js';
import { median } from '../scripts/lib/figures/stats.js';
import {
  expectLoginThrottled,
  expectLoopbackUnlessHost,
  expectMalformedBodyNotEchoed,
} from './support/given-behaviour.js';
import { eventually } from './support/polling.js';
import { manifestOf, seedUsersOf } from './support/lesson-manifest.js';
import { rememberedLogIn, signJwt, tokenClaims, type SeedUser } from './support/seed-users.js';
import type { SseFrame, SseStreamUnderTest } from './support/sse-stream.js';

const LESSON = '03-sse-push';
const { check } = lessonChecks(LESSON);

const ROUTES = manifestOf(LESSON).routes;
const SEED_USERS = seedUsersOf(LESSON);

/** A login runs scrypt at N = 2^17 (half a second of a core when idle, several seconds on a busy machine). */
const SCRYPT_APART = 'a login runs scrypt at N = 2^17, which keeps a core busy for a while';
const LOGINS_WITHIN = 60_000;

const JWT_SECRET = 'checks-only-secret-for-lesson-3-0123456789';
const HEARTBEAT_MS = 200;
const CONFIG = {
  jwtSecret: JWT_SECRET,
  tokenTtl: 900,
  ticketTtl: 30,
  heartbeatMs: HEARTBEAT_MS,
  replayLimit: 100,
  corsOrigins: ['http://localhost:4000'],
};

const DOCS = {
  sse: 'https://docs.nestjs.com/techniques/server-sent-events',
  guards: 'https://docs.nestjs.com/guards',
  controllers: 'https://docs.nestjs.com/controllers',
  spec: 'https://html.spec.whatwg.org/multipage/server-sent-events.html#the-last-event-id-header',
  mdnSse: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events',
  crypto: 'https://nodejs.org/api/crypto.html#cryptorandombytessize-callback',
  rxjs: 'https://rxjs.dev/guide/operators',
  lifecycle: 'https://docs.nestjs.com/fundamentals/lifecycle-events',
  customDecorators: 'https://docs.nestjs.com/custom-decorators',
};

interface NotificationData {
  id: string;
  title: string;
  body: string;
  from: string;
  at: string;
}

interface NewNotification {
  to?: string;
  title: string;
  body: string;
}

function startApp(t: CheckContext, overrides: Record<string, unknown> = {}, name = 'app'): Promise<AppUnderTest> {
  return t.app({ ...CONFIG, ...overrides }, name);
}

/** The `exp` claim of an access token, in seconds since the epoch. */
function tokenExp(token: string): number {
  const exp = tokenClaims(token).exp;
  return typeof exp === 'number' ? exp : 0;
}

/**
 * `name`'s access token as the app signs it, signed again to expire at the first whole second at least
 * 800 ms away (exp counts whole seconds): long enough to use it first, without waiting seconds for it to end.
 */
async function tokenExpiringSoon(t: CheckContext, app: AppUnderTest, name: SeedUser): Promise<string> {
  const claims = tokenClaims(await rememberedLogIn(t, app, name));
  t.timeSensitive();
  const exp = Math.ceil((Date.now() + 800 * t.deadlineScale) / 1000);
  const token = signJwt({ ...claims, exp }, { secret: JWT_SECRET });
  t.note(`${name}'s access token, signed again with the app's JWT_SECRET to expire in ${exp * 1000 - Date.now()} ms`);
  return token;
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

async function ticketReply(t: CheckContext, app: AppUnderTest, token: string, name: SeedUser) {
  const reply = await t.request(app, ROUTES.ticket, { method: 'POST', headers: bearer(token) });
  if (reply.status !== 201 || typeof reply.body?.ticket !== 'string' || reply.body.ticket === '') {
    const guarded = await streamRefusalOn(t, app, reply);
    t.fail(
      `Expected POST ${ROUTES.ticket} with ${name}'s access token to answer 201 { ticket, expiresIn }, ` +
        `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.${guarded ? ` ${guarded}` : ''}`,
    );
  }
  return reply.body as { ticket: string; expiresIn: unknown };
}

async function ticketFor(t: CheckContext, app: AppUnderTest, token: string, name: SeedUser): Promise<string> {
  return (await ticketReply(t, app, token, name)).ticket;
}

/** An id as the app gives them out: `<run>-<n>`. */
const EVENT_ID = /^([0-9a-f]{8})-(\d{1,15})$/;

async function publishId(
  t: CheckContext,
  app: AppUnderTest,
  token: string,
  notification: NewNotification,
): Promise<string> {
  const reply = await t.request(app, ROUTES.publish, { json: notification, headers: bearer(token) });
  // Publishing is task 5's: a check of a later task that cannot publish stands on it.
  await t.needs(5, () =>
    t.expect(
      reply.status === 201 && typeof reply.body?.id === 'string',
      `Expected POST ${ROUTES.publish} ${formatValue(notification)} to answer 201 { id } with the id as a string ("<run>-<n>"), ` +
        `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
    ),
  );
  return reply.body.id;
}

function streamPath(ticket: string, query = ''): string {
  return `${ROUTES.stream}?ticket=${encodeURIComponent(ticket)}${query}`;
}

/** Fails unless `stream` is a 200 `text/event-stream` response, showing what came instead. */
async function expectEventStream(t: CheckContext, stream: SseStreamUnderTest, what: string): Promise<void> {
  const type = String(stream.headers['content-type'] ?? '(no Content-Type)');
  if (stream.status === 200 && type.startsWith('text/event-stream')) return;
  const body = stream.status === 200 ? stream.bytes : await stream.body().catch(() => stream.bytes);
  t.fail(
    `Expected ${what} to open an event stream (200 text/event-stream), but it answered ${stream.status} ${type} ` +
      `${formatValue(body, 200)}.`,
  );
}

interface OpenOptions {
  /** Appended to the stream URL, e.g. `&lastEventId=3`. */
  query?: string;
  headers?: Record<string, string>;
  /** Reuse a token instead of logging in again. */
  token?: string;
  /** The stream's name in the transcript, when one user opens several (default: the user's name). */
  label?: string;
}

/** Logs `name` in, gets a ticket and opens the stream. */
async function openStream(
  t: CheckContext,
  app: AppUnderTest,
  name: SeedUser,
  options: OpenOptions = {},
): Promise<SseStreamUnderTest> {
  const token = options.token ?? (await rememberedLogIn(t, app, name));
  // Tickets are task 1's, opening the stream with one task 4's: a later task's check stands on both.
  const ticket = await t.needs(1, () => ticketFor(t, app, token, name));
  const label = options.label ?? name;
  const stream = await t.stream(label, app, streamPath(ticket, options.query), { headers: options.headers });
  await t.needs(4, () => expectEventStream(t, stream, `GET ${ROUTES.stream} with ${label}'s fresh ticket`));
  return stream;
}

/**
 * Fails unless `stream` was refused with a 401 JSON answer, before any stream
 * byte, whose message tells the client where to get a ticket. When it opened
 * a stream instead, the failure says whether the guard refuses anything at all
 * (a request without a ticket), and only then `letIn`: why the guard let this
 * one through.
 */
async function expectRefused(
  t: CheckContext,
  app: AppUnderTest,
  stream: SseStreamUnderTest,
  what: string,
  letIn: string,
): Promise<void> {
  const type = String(stream.headers['content-type'] ?? '(no Content-Type)');
  if (type.startsWith('text/event-stream')) {
    await stream.ended(HEARTBEAT_MS);
    t.fail(
      `Expected ${what} to be refused with 401 JSON before any stream byte, but it answered ${stream.status} ` +
        `${type} and ${stream.describeReceived()}. ${await whyStreamOpened(t, app, letIn)}`,
    );
  }
  const body = await stream.body();
  t.expect(
    stream.status === 401,
    `Expected ${what} to be refused with 401, but it answered ${stream.status} ${formatValue(body, 200)}.`,
  );
  let json: { message?: unknown } | undefined;
  try {
    json = JSON.parse(body) as { message?: unknown };
  } catch {
    json = undefined;
  }
  t.expect(
    type.startsWith('application/json') && json !== undefined,
    `Expected the 401 for ${what} to be JSON (like Nest's { statusCode, message }), but it was ${type} ${formatValue(body, 200)}.`,
  );
  t.expect(
    typeof json?.message === 'string' && json.message.includes(`POST ${ROUTES.ticket}`),
    `Expected the 401 for ${what} to say what to do, with a message that names POST ${ROUTES.ticket}, ` +
      `but the message was ${formatValue(json?.message)}.`,
  );
}

/**
 * Why a request the guard should have refused opened a stream, from what a request without a ticket and one with
 * a ticket nobody issued get: both opened, so nothing on the route refuses; only the first, so the guard misses a
 * missing ticket; neither, so the guard runs and `letIn` says what let this one in.
 */
async function whyStreamOpened(t: CheckContext, app: AppUnderTest, letIn: string): Promise<string> {
  const opens = async (name: string, path: string) => {
    const probe = await t.stream(name, app, path);
    await probe.close();
    return String(probe.headers['content-type'] ?? '').startsWith('text/event-stream');
  };
  const bare = await opens('no ticket', ROUTES.stream);
  const madeUp = await opens('made-up ticket', streamPath(randomBytes(32).toString('base64url')));
  if (bare && madeUp)
    return (
      'A request without a ticket and one with a ticket nobody issued opened streams as well: no request was refused. ' +
      'Is the guard on the route (@UseGuards(StreamTicketGuard) on the @Sse() handler, notifications.controller.ts), ' +
      'and does its canActivate() refuse what it cannot redeem? Once the stream has started, no status can be sent any more.'
    );
  if (bare)
    return (
      'A request with a ticket nobody issued was refused, so the guard runs, but one without a ticket opened a stream: ' +
      'canActivate() must refuse a missing or empty ticket too, with a 401 that names POST /notifications/ticket.'
    );
  if (madeUp)
    return `A request without a ticket was refused, so the guard runs, but it let this one in, and one with a ticket nobody issued too: ${letIn}`;
  return `Requests without a ticket and with a ticket nobody issued were refused, so the guard runs, but it let this one in: ${letIn}`;
}

/**
 * What a refusal says, when it is the stream's own: the answer GET /notifications/stream gives without a ticket.
 * A route that takes an access token and answers with it has StreamTicketGuard in front of it too.
 */
async function streamRefusalOn(
  t: CheckContext,
  app: AppUnderTest,
  reply: { status: number; body?: unknown },
): Promise<string | undefined> {
  if (reply.status !== 401 && reply.status !== 403) return undefined;
  const bare = await t.request(app, ROUTES.stream, { quiet: true });
  const message = (reply.body as { message?: unknown } | undefined)?.message;
  const streamMessage = (bare.body as { message?: unknown } | undefined)?.message;
  if (bare.status !== reply.status || typeof message !== 'string' || message !== streamMessage) return undefined;
  return (
    `That is the stream's own refusal: GET ${ROUTES.stream} without a ticket answers the same ${bare.status}, so ` +
    'StreamTicketGuard runs on this route too. Is @UseGuards(StreamTicketGuard) on the NotificationsController class? ' +
    'A guard on a class guards every route in it, before their own guards: put it on the @Sse() handler alone ' +
    '(notifications.controller.ts, task 4).'
  );
}

function readNotification(t: CheckContext, frame: SseFrame, name: string): NotificationData {
  let data: unknown;
  try {
    data = JSON.parse(frame.data ?? '');
  } catch {
    t.fail(`Expected the data of ${name}'s event to be JSON, but the frame was ${JSON.stringify(frame.raw)}.`);
  }
  return data as NotificationData;
}

function describeEvents(stream: SseStreamUnderTest): string[] {
  return stream.events.map((frame) =>
    frame.event === 'notification' ? (frame.id ?? '(no id)') : `${frame.event ?? 'message'}`,
  );
}

/** Waits for the event with the last of `expected` ids, then compares every event so far with `expected`, in order. */
async function expectEventIds(
  t: CheckContext,
  stream: SseStreamUnderTest,
  expected: (number | string)[],
  why: string,
): Promise<void> {
  const last = String(expected[expected.length - 1]);
  await stream.nextEvent({ where: (frame) => frame.id === last, what: `with the id ${last} (${why})` });
  t.expectEqual(describeEvents(stream), expected.map(String), `the events ${stream.name}'s stream received (${why})`);
}

async function readStats(t: CheckContext, app: AppUnderTest): Promise<{ subscribers: number; tickets: number }> {
  const reply = await t.request(app, ROUTES.stats, {
    headers: bearer(await rememberedLogIn(t, app, 'carol')),
  });
  t.expect(
    reply.status === 200 && typeof reply.body?.subscribers === 'number' && typeof reply.body?.tickets === 'number',
    `Expected GET ${ROUTES.stats} to answer 200 { subscribers, tickets } with numbers, but it answered ${reply.status} ` +
      `${formatValue(reply.body ?? reply.text)}.`,
  );
  return reply.body;
}

/** Polls the stats until `field` shows `expected`; the server notices a client leaving asynchronously. */
async function expectStat(
  t: CheckContext,
  app: AppUnderTest,
  field: 'subscribers' | 'tickets',
  expected: number,
  why: string,
  within = 1000,
): Promise<void> {
  let seen: unknown;
  const admin = bearer(await rememberedLogIn(t, app, 'carol'));
  await eventually(
    within,
    async () => {
      const reply = await t.request(app, ROUTES.stats, { headers: admin, quiet: true });
      seen = (reply.body as Record<string, unknown> | undefined)?.[field];
      return seen === expected;
    },
    20,
  );
  t.note(`GET ${ROUTES.stats} → ${field} ${formatValue(seen)}`);
  t.expect(
    seen === expected,
    `Expected GET ${ROUTES.stats} to show { ${field}: ${expected} } ${why} (within ${within} ms), but it showed ${formatValue(seen)}.`,
  );
}

/** Waits until `ms` since the epoch has passed (for expiries given as a time). */
async function waitUntil(t: CheckContext, epochMs: number, why: string): Promise<void> {
  await t.wait(Math.max(0, Math.ceil(epochMs - Date.now())), why);
}

/** A provider of the app under test, found by its class name (the check cannot import the learner's class). */
function providerNamed<T>(app: AppUnderTest, className: string): T | undefined {
  for (const module of app.nest.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      if (wrapper.name === className && wrapper.instance) return wrapper.instance as T;
    }
  }
  return undefined;
}

/** What TicketsService.redeem() gives for a good ticket: whom it was issued to. */
interface RedeemedAuth {
  user?: { name?: unknown };
  tokenExp?: unknown;
}

/** A redeem()'s answer for the transcript: whom it let in, never the user record itself. */
function describeRedeemed(result: unknown): string {
  if (result === undefined) return 'undefined';
  const { user, tokenExp } = (result ?? {}) as RedeemedAuth;
  return typeof user?.name === 'string'
    ? `{ user: ${user.name}, tokenExp: ${formatValue(tokenExp)} }`
    : formatValue(result);
}

/** TicketsService.redeem() of the app under test, called as the stream's guard calls it, with what it saw. */
interface Redeemer {
  (ticket: string, which: string): Promise<RedeemedAuth | undefined>;
  /** Whether any call answered with a Promise (an async redeem(), which lets other calls run before it ends). */
  answeredWithPromise: boolean;
}

/**
 * TicketsService.redeem() of the app under test, as the stream's guard calls it: each call starts at once (two
 * calls made one after the other race when redeem() waits for anything) and is noted with its answer.
 */
function redeemerOf(t: CheckContext, app: AppUnderTest): Redeemer {
  const service = providerNamed<{ redeem?: (ticket: string) => unknown }>(app, 'TicketsService');
  t.expect(
    typeof service?.redeem === 'function',
    'Expected TicketsService to have redeem(ticket), which gives whom a ticket was issued to, once, but it has none yet.',
  );
  const redeem = async (ticket: string, which: string) => {
    let result: unknown;
    try {
      const answer = service!.redeem!(ticket);
      if (typeof (answer as { then?: unknown } | undefined)?.then === 'function') redeemer.answeredWithPromise = true;
      result = await answer;
    } catch (error) {
      t.fail(
        `Expected TicketsService.redeem() of ${which} to answer (whom it was issued to, or undefined), but it threw ` +
          `${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    t.note(`TicketsService.redeem(${which}) → ${describeRedeemed(result)}`);
    return result as RedeemedAuth | undefined;
  };
  const redeemer: Redeemer = Object.assign(redeem, { answeredWithPromise: false });
  return redeemer;
}

/** One call of NotificationsService.streamFor() the stream route made, and whether its Observable was subscribed. */
interface StreamForCall {
  auth: RedeemedAuth | undefined;
  lastEventId: unknown;
  subscribed: boolean;
}

/**
 * Records every call of NotificationsService.streamFor() in the app under test, and whether the Observable it
 * gave is the one Nest subscribed to. The service still does all its work: the stream is its own.
 */
function watchStreamFor(t: CheckContext, app: AppUnderTest): StreamForCall[] {
  const service = providerNamed<{ streamFor?: (...args: unknown[]) => unknown }>(app, 'NotificationsService');
  const original = service?.streamFor;
  t.expect(
    typeof original === 'function',
    'Expected NotificationsService to have streamFor(), which the stream route returns, but it has none.',
  );
  const calls: StreamForCall[] = [];
  service!.streamFor = function (this: unknown, ...args: unknown[]) {
    const call: StreamForCall = { auth: args[0] as RedeemedAuth | undefined, lastEventId: args[1], subscribed: false };
    calls.push(call);
    const stream = original!.apply(this, args);
    if (!isObservable(stream)) return stream;
    return defer(() => {
      call.subscribed = true;
      return stream;
    });
  };
  t.defer(() => {
    service!.streamFor = original;
  });
  return calls;
}

/** A member of the seed users, as the app's services take one. */
function seedUser(name: SeedUser): { id: string; name: string; role: string } {
  const { id, role } = SEED_USERS[name];
  return { id, name, role };
}

/** The ids (or titles) of the notifications an object holds, in any Map, Set, array or object under its fields (not in streams). */
function notificationsHeldBy(instance: object, which: 'ids' | 'titles' = 'ids'): Set<string> {
  const ids = new Set<string>();
  const seen = new Set<object>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return;
    seen.add(value);
    if (typeof (value as { subscribe?: unknown }).subscribe === 'function') return;
    const { id, title } = value as { id?: unknown; title?: unknown };
    if (typeof id === 'string' && EVENT_ID.test(id) && typeof title === 'string') ids.add(which === 'ids' ? id : title);
    const children =
      value instanceof Map
        ? [...value.keys(), ...value.values()]
        : value instanceof Set
          ? [...value]
          : Object.values(value);
    for (const child of children) visit(child, depth + 1);
  };
  visit(instance, 0);
  return ids;
}

/** Every string an object holds in its fields: Map keys and values, Set members, array items, nested objects. */
function stringsHeldBy(instance: object): Set<string> {
  const strings = new Set<string>();
  const seen = new Set<object>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string') strings.add(value);
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return;
    seen.add(value);
    const children =
      value instanceof Map
        ? [...value.keys(), ...value.values()]
        : value instanceof Set
          ? [...value]
          : Object.values(value);
    for (const child of children) visit(child, depth + 1);
  };
  visit(instance, 0);
  return strings;
}

/** The Maps, Sets and arrays among an object's fields, with how many entries each holds. */
function collectionsOf(instance: object): { field: string; size: number }[] {
  const found: { field: string; size: number }[] = [];
  for (const [field, value] of Object.entries(instance)) {
    if (value instanceof Map || value instanceof Set) found.push({ field, size: value.size });
    else if (Array.isArray(value)) found.push({ field, size: value.length });
  }
  return found;
}

/**
 * The fields of an object that hold any of `strings` (in a Map, Set, array or nested object under them), each
 * with how many of them it holds and its size: where a service still keeps tickets it should have let go of.
 */
function fieldsHolding(instance: object, strings: string[]): string[] {
  const found: string[] = [];
  for (const [field, value] of Object.entries(instance)) {
    if (value === null || typeof value !== 'object') continue;
    const held = stringsHeldBy(value);
    const count = strings.filter((text) => held.has(text)).length;
    if (count === 0) continue;
    const size =
      value instanceof Map || value instanceof Set
        ? ` (a ${value instanceof Map ? 'Map' : 'Set'} of ${value.size})`
        : Array.isArray(value)
          ? ` (an array of ${value.length})`
          : '';
    found.push(`${count} in \`${field}\`${size}`);
  }
  return found;
}

/** Writes raw HTTP/1.1 requests on one connection (pipelined when there are several) and collects what comes back. */
function rawRequests(app: AppUnderTest, paths: string[]): { socket: Socket; received: () => string } {
  const { hostname, port } = new URL(app.url);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.write(
    paths
      .map((path) => `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`)
      .join(''),
  );
  return { socket, received: () => text };
}

// ── Given · login, the bearer guard, validation, CORS, configuration ─────────────────────────────────────────────────

check(
  'POST /auth/login gives each seed user an access token for this API (iss and aud set)',
  {
    baseline: true,
    within: LOGINS_WITHIN,
    apart: SCRYPT_APART,
    hint: [
      'This part is provided (src/auth and src/users). If it fails, compare them with the solution of this lesson.',
      'The body is { username, password }; the users are alice, bob and carol with the passwords alice-secret, bob-secret and carol-secret.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    // Every later check reuses these tokens (rememberedLogIn): scrypt runs once per user for the whole file.
    // The three at once: scrypt runs in Node's thread pool, one hash per core.
    const [token] = await Promise.all([
      rememberedLogIn(t, app, 'alice'),
      rememberedLogIn(t, app, 'bob'),
      rememberedLogIn(t, app, 'carol'),
    ]);
    const claims = tokenClaims(token);
    t.expect(
      token.split('.').length === 3 && typeof claims.exp === 'number' && claims.sub === SEED_USERS.alice.id,
      `Expected the access token to be a JWT with sub ${formatValue(SEED_USERS.alice.id)} and exp, but its claims were ${formatValue(claims)}.`,
    );
    t.expect(
      typeof claims.iss === 'string' && claims.aud !== undefined,
      `Expected the access token to name its issuer and audience (iss, aud), but its claims were ${formatValue(claims)}.`,
    );
  },
);

check(
  'only the stream is behind StreamTicketGuard: POST /notifications, POST /notifications/ticket and GET /notifications/stats take an access token',
  {
    baseline: true,
    hint: [
      `The routes that take an access token are provided, each behind BearerAuthGuard; task 4 puts StreamTicketGuard on the stream route alone. On the NotificationsController class it would guard every route of the controller, before their own guards, and refuse an access token as it refuses a missing ticket. ${DOCS.guards}`,
      "Put @UseGuards(StreamTicketGuard) on the stream() handler, under @Sse('stream'), not above the class; POST /notifications, POST /notifications/ticket and GET /notifications/stats keep their own @UseGuards(BearerAuthGuard).",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const [alice, carol] = await Promise.all([rememberedLogIn(t, app, 'alice'), rememberedLogIn(t, app, 'carol')]);
    const routes: [string, string, RequestOptions, string][] = [
      ['POST', ROUTES.publish, { json: { body: 'no title' }, headers: bearer(alice) }, "alice's access token"],
      ['POST', ROUTES.ticket, { method: 'POST', headers: bearer(alice) }, "alice's access token"],
      ['GET', ROUTES.stats, { headers: bearer(carol) }, "carol's access token (an admin)"],
    ];
    for (const [method, path, options, what] of routes) {
      const reply = await t.request(app, path, options);
      const guarded = await streamRefusalOn(t, app, reply);
      t.expect(
        guarded === undefined,
        `Expected ${method} ${path} with ${what} to get past the stream's guard to its own, but it answered ` +
          `${reply.status} ${formatValue(reply.body ?? reply.text)}. ${guarded}`,
      );
    }
  },
);

check(
  'POST /notifications takes Bearer in any letter case and refuses other tokens with 401',
  {
    baseline: true,
    hint: [
      'This part is provided: BearerAuthGuard reads Authorization: Bearer <token> (the scheme in any case, RFC 9110) and TokenService verifies it, iss and aud included.',
      'A token signed with the same key but without the issuer and audience of a login is refused: it was minted for something else.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await rememberedLogIn(t, app, 'alice');
    const { sub, name, role, exp } = tokenClaims(token);
    const notification = { title: 'Hello', body: 'Anyone there?' };
    for (const [headers, what] of [
      [{}, 'no Authorization header'],
      [bearer('not-a-token'), 'a malformed token'],
      [{ authorization: `Token Bearer ${token}` }, 'the scheme "Token Bearer"'],
      [{ authorization: `Bearer ${token} junk` }, 'a token followed by junk'],
      [
        bearer(signJwt({ sub, name, role, exp }, { secret: JWT_SECRET })),
        'a token signed with the same key but without iss and aud',
      ],
    ] as const) {
      const reply = await t.request(app, ROUTES.publish, { json: notification, headers });
      t.expect(
        reply.status === 401 && reply.body?.statusCode === 401,
        `Expected POST ${ROUTES.publish} with ${what} to answer 401 JSON, but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
      );
    }
    // A body without a title is refused with 400 once the token is accepted: that shows the guard let it through.
    for (const scheme of ['bearer', 'BEARER', 'Bearer  ']) {
      const reply = await t.request(app, ROUTES.publish, {
        json: { body: 'no title' },
        headers: { authorization: `${scheme} ${token}` },
      });
      if (reply.status !== 400) {
        const guarded = await streamRefusalOn(t, app, reply);
        t.fail(
          `Expected POST ${ROUTES.publish} with "Authorization: ${scheme} <token>" to get past the guard (400 for a body without a title), ` +
            `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.${guarded ? ` ${guarded}` : ''}`,
        );
      }
    }
  },
);

check(
  'POST /notifications with a bad body or an unknown recipient is refused with 400',
  {
    baseline: true,
    hint: [
      'This part is provided: PublishNotificationDto validates the body, and the controller looks `to` up with UsersService.',
      'title is 1–100 characters, body at most 1000, and `to` a user name of at most 64 characters that names an existing user (leave it out to notify everyone); the 400 describes `to` in fixed words, never quoting it.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await rememberedLogIn(t, app, 'bob');
    const bad: [unknown, string][] = [
      [{ body: 'no title' }, 'a missing title'],
      [{ title: '', body: 'x' }, 'an empty title'],
      [{ title: 'x'.repeat(101), body: 'x' }, 'a title of 101 characters'],
      [{ title: 'Long', body: 'x'.repeat(1001) }, 'a body of 1001 characters'],
      [{ to: 'mallory', title: 'Hi', body: 'x' }, 'a recipient who does not exist'],
      [{ to: `mallory-${'m'.repeat(90_000)}`, title: 'Hi', body: 'x' }, 'a recipient of 90 000 characters'],
    ];
    for (const [body, what] of bad) {
      const reply = await t.request(app, ROUTES.publish, { json: body, headers: bearer(token) });
      t.expect(
        reply.status === 400 && reply.body?.statusCode === 400,
        `Expected POST ${ROUTES.publish} with ${what} to answer 400 JSON, but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
      );
      t.expect(
        !reply.text.includes('mallory'),
        `Expected the 400 for ${what} to describe \`to\` without quoting it, but it was ${formatValue(reply.text, 200)}: ` +
          'what a client sent goes back to it, and into every log of the answer.',
      );
    }
  },
);

check(
  'HTTP routes answer CORS requests from the CORS_ORIGINS allowlist only',
  {
    baseline: true,
    hint: [
      'This part is provided: createApp() calls app.enableCors({ origin: corsOrigins }) with the CORS_ORIGINS list.',
      'An allowed Origin is echoed in Access-Control-Allow-Origin; any other origin gets no CORS header, so the browser hides the answer from that page.',
    ],
  },
  async (t) => {
    const allowed = 'http://playground.test:4000';
    const app = await startApp(t, { corsOrigins: [allowed] });
    const preflight = (origin: string) =>
      t.request(app, ROUTES.ticket, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const yes = await preflight(allowed);
    t.expectEqual(
      yes.headers.get('access-control-allow-origin'),
      allowed,
      `Access-Control-Allow-Origin of a preflight for POST ${ROUTES.ticket} from ${allowed} (in CORS_ORIGINS)`,
    );
    const no = await preflight('http://evil.test');
    t.expectEqual(
      no.headers.get('access-control-allow-origin'),
      null,
      'Access-Control-Allow-Origin of a preflight from http://evil.test (not in CORS_ORIGINS)',
    );
  },
);

type ValidateEnv = (env: Record<string, unknown>) => { app: Record<string, unknown> };

check(
  'without a JWT_SECRET that is a key, the configuration fails closed outside development and test',
  {
    baseline: true,
    hint: [
      'This part is provided: validateEnv() in src/config.ts and readJwtSecret() in src/jwt-secret.ts, as in lesson 2.',
      'A random development key signs tokens only when NODE_ENV is development or test; anywhere else JWT_SECRET must hold 32 random bytes or more (hex or base64): not the development secret the source once held, not a repeated word, not a phrase.',
    ],
  },
  async (t) => {
    const { validateEnv } = await t.appModule<{ validateEnv: ValidateEnv }>('config.ts');
    const refused: [Record<string, unknown>, string][] = [
      [{}, 'no NODE_ENV and no JWT_SECRET'],
      [{ NODE_ENV: 'production' }, 'NODE_ENV=production and no JWT_SECRET'],
      [{ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(64) }, "JWT_SECRET = 'a' × 64"],
      [{ NODE_ENV: 'production', JWT_SECRET: 'changeme'.repeat(8) }, "JWT_SECRET = 'changeme' × 8"],
      [{ NODE_ENV: 'production', JWT_SECRET: randomBytes(31).toString('hex') }, 'JWT_SECRET = 31 random bytes as hex'],
      [
        { NODE_ENV: 'production', JWT_SECRET: 'dev-only-secret-set-JWT_SECRET-outside-development' },
        'JWT_SECRET = the development secret the source once held',
      ],
      [
        { NODE_ENV: 'production', JWT_SECRET: 'correct-horse-battery-staple-is-my-jwt-key-ok' },
        'JWT_SECRET = a hyphenated phrase of lower-case words',
      ],
    ];
    for (const [env, what] of refused) {
      let message: string | undefined;
      try {
        validateEnv(env);
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      t.expect(
        message !== undefined && message.includes('JWT_SECRET'),
        `Expected the configuration to stop with a message about JWT_SECRET for ${what}, but it ${message === undefined ? 'was accepted' : `threw ${formatValue(message)}`}.`,
      );
    }
    for (let i = 0; i < 500; i++) {
      const secret = randomBytes(32).toString(i % 2 ? 'hex' : 'base64url');
      let read: unknown;
      try {
        read = validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret }).app.jwtSecret;
      } catch (error) {
        read = error instanceof Error ? error.message : error;
      }
      if (read !== secret)
        t.fail(
          `Expected a key from randomBytes(32) (${secret}) to be accepted in production, but the configuration gave ${formatValue(read)}.`,
        );
    }
  },
);

check(
  'HEARTBEAT_MS is a whole number of milliseconds up to 2^31 − 1: a longer one stops the boot instead of beating every millisecond',
  {
    baseline: true,
    hint: [
      'This part is provided: validateEnv() in src/config.ts reads HEARTBEAT_MS as a whole number from 1 to 2147483647.',
      'Node cannot wait longer than 2^31 − 1 ms on a timer: setInterval(f, 3000000000) runs f every millisecond, with only a TimeoutOverflowWarning to say so.',
    ],
  },
  async (t) => {
    const { validateEnv } = await t.appModule<{ validateEnv: ValidateEnv }>('config.ts');
    const env = { NODE_ENV: 'test' };
    t.expectEqual(
      validateEnv({ ...env, HEARTBEAT_MS: String(2 ** 31 - 1) }).app.heartbeatMs,
      2 ** 31 - 1,
      'the heartbeat period read from HEARTBEAT_MS=2147483647',
    );
    for (const value of ['3000000000', String(2 ** 31), '0']) {
      let message: string | undefined;
      try {
        validateEnv({ ...env, HEARTBEAT_MS: value });
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      t.expect(
        message?.includes('HEARTBEAT_MS') === true,
        `Expected the configuration to stop with a message about HEARTBEAT_MS for HEARTBEAT_MS=${value}, but it ${message === undefined ? 'was accepted' : `threw ${formatValue(message)}`}.`,
      );
    }
  },
);

check(
  'the app listens on 127.0.0.1 unless HOST says otherwise',
  {
    baseline: true,
    hint: [
      'This part is provided: validateEnv() in src/config.ts reads HOST, and src/main.ts passes it to app.listen(port, host), as in lesson 2.',
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
      'This part is provided: ThrottlerModule in src/auth/auth.module.ts and ThrottlerGuard on AuthController.login (@nestjs/throttler), as in lesson 2.',
    ],
  },
  async (t) => {
    const app = await startApp(t, { loginAttemptsPerMinute: 3 });
    await expectLoginThrottled(t, app);
  },
);

check(
  'HS384 and HS512 tokens signed with the right secret are refused (the algorithm is pinned where JwtModule is made)',
  {
    baseline: true,
    hint: [
      "This part is provided: AuthModule registers JwtModule with verifyOptions { algorithms: ['HS256'], issuer, audience }, so every verify in the app is pinned, as in lesson 2.",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const claims = tokenClaims(await rememberedLogIn(t, app, 'alice'));
    for (const alg of ['HS384', 'HS512']) {
      const token = signJwt(claims, { alg, secret: JWT_SECRET });
      const reply = await t.request(app, ROUTES.publish, {
        json: { to: 'bob', title: 'Hi', body: '…' },
        headers: bearer(token),
      });
      t.expectEqual(
        reply.status,
        401,
        `the status of POST ${ROUTES.publish} with alice's claims signed with ${alg} and the app's secret`,
      );
    }
  },
);

check(
  "the seed users' passwords are hashed with scrypt N = 2^17, r = 8, p = 1, the parameters stored with each hash",
  {
    baseline: true,
    hint: [
      "This part is provided: src/users/password-hash.ts and the seed users, as in lesson 2 (OWASP's scrypt parameters; the login costs a few hundred ms of CPU on purpose).",
    ],
  },
  async (t) => {
    const { SEED_USERS: records } = await t.appModule<{ SEED_USERS: { name: string; passwordHash: string }[] }>(
      'users/seed-users.ts',
    );
    for (const { name, passwordHash } of records) {
      t.expect(
        /^scrypt\$131072\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{128}$/.test(passwordHash),
        `Expected ${name}'s password hash to be scrypt$131072$8$1$<salt>$<key>, but it was ${formatValue(passwordHash.slice(0, 40))}….`,
      );
    }
  },
);

check(
  'GET /notifications/stats is for admins: 401 without a token, 403 for a member, 200 for an admin',
  {
    baseline: true,
    hint: [
      'This part is provided: the stats route sits behind BearerAuthGuard and answers 403 unless the caller is an admin.',
      "How many streams are open and how many tickets are held is an operator's view of the app; a member has no business reading it.",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const anonymous = await t.request(app, ROUTES.stats);
    t.expect(
      anonymous.status === 401,
      `Expected GET ${ROUTES.stats} without an access token to answer 401, but it answered ${anonymous.status} ${formatValue(anonymous.body ?? anonymous.text)}.`,
    );
    const member = await t.request(app, ROUTES.stats, {
      headers: bearer(await rememberedLogIn(t, app, 'alice')),
    });
    t.expect(
      member.status === 403,
      `Expected GET ${ROUTES.stats} with alice's token (a member) to answer 403, but it answered ${member.status} ${formatValue(member.body ?? member.text)}.`,
    );
    await readStats(t, app);
  },
);

check(
  "a refused access token's 401 says what to do, never what the server expected; the details go to the app's log",
  {
    baseline: true,
    hint: [
      'This part is provided: BearerAuthGuard answers each kind of refusal with a fixed message and logs the reason jsonwebtoken gave.',
      'jsonwebtoken says "jwt audience invalid. expected: …": sent to the client, that tells a forger which audience, issuer or algorithm to put in the next try.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const { sub, name, role } = tokenClaims(await rememberedLogIn(t, app, 'alice'));
    const exp = Math.floor(Date.now() / 1000) + 60;
    const logged = t.transcript.mark();
    const forged: [string, string][] = [
      [
        signJwt({ sub, name, role, exp, iss: 'someone-else', aud: 'something-else' }, { secret: JWT_SECRET }),
        'a token for another issuer and audience',
      ],
      [signJwt({ sub, name, role, exp: exp - 120 }, { secret: JWT_SECRET }), 'an expired token'],
    ];
    for (const [token, what] of forged) {
      const reply = await t.request(app, ROUTES.publish, {
        json: { to: 'bob', title: 'Hi', body: '…' },
        headers: bearer(token),
      });
      const message = String(reply.body?.message ?? '');
      t.expect(
        reply.status === 401 && message.includes(`POST ${ROUTES.login}`),
        `Expected POST ${ROUTES.publish} with ${what} to answer 401 with a message that says to log in again (POST ${ROUTES.login}), ` +
          `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
      );
      t.expect(
        !/expected|audience|issuer|algorithm|jwt |realtime-course/i.test(message),
        `Expected the 401 for ${what} to say what to do and nothing about what the server expected, but it was ${formatValue(message)}.`,
      );
    }
    const log = t.transcript.since(logged).join('\n');
    t.expect(
      /audience|issuer/i.test(log),
      `Expected the app to log why it refused the token for another audience (for whoever runs it), but its log said nothing about it.`,
    );
  },
);

check(
  'a request body the parser refuses is answered with fixed words (400 "The body is not valid JSON"), never with a quote of it',
  {
    baseline: true,
    hint: [
      'This part is provided: MalformedBodyFilter (src/malformed-body.filter.ts, used in src/app.ts) answers what the JSON body parser refused with fixed words; the parser\'s own ("Unexpected token … in JSON") quote the body.',
    ],
  },
  async (t) => {
    await expectMalformedBodyNotEchoed(t, await startApp(t), ROUTES.publish);
  },
);

// ── Task 1 · issue tickets ───────────────────────────────────────────────────────────────────────────────────────────

check(
  'POST /notifications/ticket answers 201 { ticket, expiresIn } with expiresIn from TICKET_TTL, and 401 without a token',
  {
    task: 1,
    hint: [
      `Add POST ${ROUTES.ticket} to NotificationsController, behind the bearer guard, and have TicketsService issue the ticket: ${DOCS.controllers}`,
      "@Post('ticket') with @UseGuards(BearerAuthGuard); @CurrentAuth() gives { user, tokenExp }. The lifetime is this.config.ticketTtl (the starter's constructor reads the configuration), in seconds.",
      'issueTicket(@CurrentAuth() auth: RequestAuth) { return this.tickets.issue(auth); } — and issue() returns { ticket, expiresIn: ttlSeconds } (not a fixed 30: this check runs with TICKET_TTL 7).',
    ],
  },
  async (t) => {
    const ttl = 7;
    const app = await startApp(t, { ticketTtl: ttl });
    const anonymous = await t.request(app, ROUTES.ticket, { method: 'POST' });
    t.expect(
      anonymous.status === 401,
      `Expected POST ${ROUTES.ticket} without an access token to answer 401, but it answered ${anonymous.status} ${formatValue(anonymous.body ?? anonymous.text)}.`,
    );
    const token = await rememberedLogIn(t, app, 'alice');
    const reply = await ticketReply(t, app, token, 'alice');
    t.expectEqual(
      reply.expiresIn,
      ttl,
      `expiresIn (TICKET_TTL is ${ttl} s in this check, and alice's token has minutes left)`,
    );
  },
);

check(
  'tickets are secret: at least 128 random bits from a cryptographic source, nothing about the user, no shared structure',
  {
    task: 1,
    alone: 'it counts the calls to Math.random() of the whole process',
    hint: [
      `A ticket must be unguessable and say nothing about its holder: draw it from a cryptographically secure source. Node's crypto module: ${DOCS.crypto}`,
      "randomBytes(n) from node:crypto (not Math.random(), whose generator can be predicted from a few outputs), encoded with .toString('base64url') or 'hex'. 16 bytes is 128 bits; 32 is common.",
      "const ticket = randomBytes(32).toString('base64url'); — no user name, id, time or counter in it: the server looks the holder up in its own map.",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await rememberedLogIn(t, app, 'alice');
    const original = Math.random;
    let randomCalls = 0;
    Math.random = () => {
      randomCalls++;
      return original();
    };
    const tickets: string[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const reply = await t.request(app, ROUTES.ticket, { method: 'POST', headers: bearer(token), quiet: true });
        const body = reply.body as { ticket?: unknown } | undefined;
        t.expect(
          reply.status === 201 && typeof body?.ticket === 'string',
          `Expected POST ${ROUTES.ticket} to answer 201 { ticket, expiresIn }, but it answered ${reply.status} ${formatValue(body)}.`,
        );
        tickets.push(body!.ticket as string);
      }
    } finally {
      Math.random = original;
    }
    t.note(`8 tickets for alice: ${tickets.map((ticket) => formatValue(ticket)).join(', ')}`);
    t.expect(
      randomCalls === 0,
      `Expected issuing tickets not to use Math.random() (it is not a cryptographic source: its state can be recovered from its output), ` +
        `but it was called ${randomCalls} times while 8 tickets were issued.`,
    );
    for (const ticket of tickets) {
      t.expect(
        /^[A-Za-z0-9_-]{22,}$/.test(ticket) || /^[0-9a-f]{32,}$/i.test(ticket),
        `Expected every ticket to carry at least 128 random bits (22+ base64url or 32+ hex characters), but one was ${formatValue(ticket)}.`,
      );
      const decoded = [
        ticket,
        Buffer.from(ticket, 'base64url').toString('latin1'),
        Buffer.from(ticket, 'hex').toString('latin1'),
      ];
      const leak = [
        'alice',
        SEED_USERS.alice.id + ':',
        `"${SEED_USERS.alice.id}"`,
        '"sub"',
        String(tokenExp(token)),
      ].find((secret) => decoded.some((text) => text.toLowerCase().includes(secret)));
      t.expect(
        leak === undefined && !token.includes(ticket),
        `Expected a ticket to carry nothing about its holder, but ${formatValue(ticket)} ${leak ? `contains or decodes to ${formatValue(leak)}` : 'is part of the access token'}.`,
      );
    }
    for (let i = 1; i < tickets.length; i++) {
      const [a, b] = [tickets[i - 1], tickets[i]];
      let prefix = 0;
      while (prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
      let suffix = 0;
      while (suffix < Math.min(a.length, b.length) && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
      let same = 0;
      for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] === b[k]) same++;
      t.expect(
        prefix < 4 && suffix < 4 && same <= Math.min(a.length, b.length) / 4,
        `Expected two tickets issued one after the other to share no structure, but ${formatValue(a)} and ${formatValue(b)} ` +
          `share ${prefix} leading and ${suffix} trailing characters and ${same} characters at the same places. ` +
          "A ticket with a time, a counter or a name in it can be guessed from the one before; one with a fixed layout (a UUID's hyphens and version digit) " +
          'spends characters on structure instead of randomness. Draw the bytes and encode them, nothing else.',
      );
    }
  },
);

check(
  'a ticket never outlives the access token it was issued for: expiresIn is the smaller of TICKET_TTL and what the token has left',
  {
    task: 1,
    hint: [
      `Bind the ticket to the access token's expiry: the bearer guard puts it on the request as auth.tokenExp (seconds since the epoch). ${DOCS.guards}`,
      'Compute the expiry in ms: Math.min(Date.now() + ticketTtl * 1000, auth.tokenExp * 1000), keep it with the ticket, and answer expiresIn = (expiresAt - now) / 1000.',
      'private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when\n…\nconst now = Date.now();\nconst expiresAt = Math.min(now + this.config.ticketTtl * 1000, auth.tokenExp * 1000);\nthis.held.set(ticket, { auth, expiresAt });\nreturn { ticket, expiresIn: (expiresAt - now) / 1000 };',
    ],
  },
  async (t) => {
    const app = await startApp(t, { ticketTtl: 30 });
    const claims = tokenClaims(await rememberedLogIn(t, app, 'alice'));
    const token = signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) + 3 }, { secret: JWT_SECRET });
    t.note("alice's access token, signed again with the app's JWT_SECRET to expire in about 3 s");
    const before = Date.now();
    const reply = await ticketReply(t, app, token, 'alice');
    const left = (tokenExp(token) * 1000 - before) / 1000;
    t.note(`alice's token had ${left.toFixed(2)} s left when she asked for a ticket`);
    t.expect(
      typeof reply.expiresIn === 'number' && reply.expiresIn > 0 && reply.expiresIn <= left + 0.05,
      `Expected expiresIn to be at most what alice's token had left (${left.toFixed(2)} s; TICKET_TTL is 30), but it was ${formatValue(reply.expiresIn)}.`,
    );
  },
);

check(
  'two tickets for one user in the same millisecond differ, and no ticket is made from the user and the time, or is a UUID',
  {
    task: 1,
    alone: 'it stops the clock of the whole process',
    hint: [
      `A ticket is a secret: anyone who can compute it can open the holder's stream. Whatever is derived from the user and the time can be computed by anyone who knows both. ${DOCS.crypto}`,
      'Hashing does not help: sha256(user + Date.now()), with a counter or without, is as guessable as its input. A UUID v4 has only 122 random bits (6 are its version and variant). Take 16 or more bytes from randomBytes().',
      "const ticket = randomBytes(32).toString('base64url');",
    ],
  },
  async (t) => {
    // The app's modules loaded afresh: a counter one of them keeps starts where it starts after a restart, not past
    // every ticket the earlier checks' apps issued in this process.
    const app = await t.freshApp(CONFIG);
    t.note('the app runs from a fresh copy of its modules: what they keep at their top level starts afresh');
    const token = await rememberedLogIn(t, app, 'alice');
    const realNow = Date.now;
    const frozen = realNow();
    const tickets: string[] = [];
    t.note(`Date.now() stands still at ${frozen} while alice asks for two tickets`);
    Date.now = () => frozen;
    try {
      for (let i = 0; i < 2; i++) tickets.push(await ticketFor(t, app, token, 'alice'));
    } finally {
      Date.now = realNow;
    }
    t.expect(
      tickets[0] !== tickets[1],
      `Expected two tickets for alice in the same millisecond to differ, but both were ${formatValue(tickets[0])}: ` +
        'a ticket made from who asked and when can be made by anyone who knows both. Draw it from a cryptographic random source.',
    );
    const { id } = SEED_USERS.alice;
    const inputs: string[] = [];
    for (const who of ['alice', id]) {
      for (const when of [String(frozen), String(Math.floor(frozen / 1000)), new Date(frozen).toISOString()]) {
        for (const between of [':', '', '-', '.', '|', '_', ' ']) {
          inputs.push(`${who}${between}${when}`, `${when}${between}${who}`);
          // A counter makes two tickets of one millisecond differ, and makes them no less computable.
          for (let n = 0; n <= 20; n++)
            inputs.push(`${who}${between}${when}${between}${n}`, `${n}${between}${who}${between}${when}`);
        }
      }
    }
    for (const ticket of tickets) {
      const derivedFrom = inputs.find((input) =>
        ['sha256', 'sha1', 'md5', 'sha512'].some((hash) =>
          (['hex', 'base64url', 'base64'] as const).some((encoding) => {
            const digest = createHash(hash).update(input).digest(encoding);
            return ticket === digest || ticket.startsWith(digest.slice(0, 16));
          }),
        ),
      );
      t.expect(
        derivedFrom === undefined,
        `Expected a ticket nobody can compute, but ${formatValue(ticket)} is a hash of ${formatValue(derivedFrom)}: ` +
          'anyone who knows the user and roughly when the ticket was issued can compute it. Draw it from a cryptographic random source.',
      );
      t.expect(
        !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ticket),
        `Expected a ticket of at least 128 random bits, but ${formatValue(ticket)} is a UUID: a version 4 UUID has 122 random bits ` +
          '(6 of its 128 are its version and variant), and other versions have fewer or none. Take 16 or more bytes from randomBytes().',
      );
    }
  },
);

// ── Task 2 · bound the tickets held ──────────────────────────────────────────────────────────────────────────────────

check(
  'tickets nobody redeems are forgotten once expired (GET /notifications/stats counts the tickets held)',
  {
    task: 2,
    hint: [
      `Tickets live in memory; one that expires unused must not stay there forever. Drop the expired ones when a new ticket is issued: the stats show how many are held. ${DOCS.controllers}`,
      'A Map<string, …> of held tickets; its size is what the `count` getter returns (GET /notifications/stats shows it as `tickets`). When issuing, walk the map from its oldest entry (a Map iterates in insertion order), delete while the ticket has expired (from the per-user Set too, if you keep one) and break at the first one that has not.',
      "private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when; oldest first\n…\nfor (const [ticket, { expiresAt }] of this.held) { // when issuing\n  if (expiresAt > now) break; // every later ticket was issued after this one\n  this.held.delete(ticket); // and from its user's Set, if you keep one\n}",
    ],
  },
  async (t) => {
    const counting = await startApp(t, { ticketTtl: 30 }, 'app (TICKET_TTL 30)');
    const token = await rememberedLogIn(t, counting, 'alice');
    const { tickets: before } = await readStats(t, counting);
    for (let i = 0; i < 4; i++) await ticketFor(t, counting, token, 'alice');
    await expectStat(t, counting, 'tickets', before + 4, 'after 4 tickets were issued and none used (TICKET_TTL 30 s)');

    const ttl = 0.3;
    const app = await startApp(t, { ticketTtl: ttl }, `app (TICKET_TTL ${ttl})`);
    for (let i = 0; i < 4; i++) await ticketFor(t, app, token, 'alice');
    await t.wait(ttl * 1000 + 150, `for those 4 tickets to expire (TICKET_TTL ${ttl} s)`);
    await ticketFor(t, app, token, 'alice');
    let seen: unknown;
    const admin = bearer(await rememberedLogIn(t, app, 'carol'));
    await eventually(
      1000,
      async () => {
        const reply = await t.request(app, ROUTES.stats, { headers: admin, quiet: true });
        seen = (reply.body as { tickets?: unknown } | undefined)?.tickets;
        return typeof seen === 'number' && seen <= 1;
      },
      20,
    );
    t.note(`GET ${ROUTES.stats} → tickets ${formatValue(seen)}`);
    t.expect(
      typeof seen === 'number' && seen <= 1,
      `Expected GET ${ROUTES.stats} to show at most 1 ticket held once 4 had expired unused and one more was issued, but it showed ${formatValue(seen)}: ` +
        'tickets nobody redeems stay in memory for ever.',
    );
  },
);

check(
  "a user holds at most TICKETS_PER_USER tickets (3 here): a fourth and fifth evict that user's oldest, and other users keep theirs",
  {
    task: 2,
    hint: [
      `Everything a client can make the server hold must be bounded: a client that asks for tickets and never uses them must not fill the memory. ${DOCS.controllers}`,
      "Read this.config.ticketsPerUser (TICKETS_PER_USER, default 5) and keep each user's tickets in issue order (a Set per user id keeps insertion order); when one more would exceed the limit, delete that user's oldest first.",
      'private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when\nprivate readonly heldByUser = new Map<string, Set<string>>(); // user id → their tickets, oldest first\n…\nconst mine = this.heldByUser.get(auth.user.id) ?? new Set<string>();\nif (mine.size >= this.config.ticketsPerUser) {\n  const oldest = mine.values().next().value!;\n  mine.delete(oldest);\n  this.held.delete(oldest); // gone from both Maps\n}\nthis.heldByUser.set(auth.user.id, mine.add(ticket));',
    ],
  },
  async (t) => {
    const app = await startApp(t, { ticketsPerUser: 3 });
    const alice = await rememberedLogIn(t, app, 'alice');
    const bob = await rememberedLogIn(t, app, 'bob');
    const { tickets: before } = await readStats(t, app);
    await ticketFor(t, app, bob, 'bob');
    const tickets: string[] = [];
    for (let i = 0; i < 5; i++) tickets.push(await ticketFor(t, app, alice, 'alice'));
    await expectStat(
      t,
      app,
      'tickets',
      before + 4,
      "after bob asked for 1 ticket and alice for 5, with TICKETS_PER_USER 3 (3 of alice's and bob's one)",
    );
    // Which of hers gave way: the oldest two. Read where TicketsService keeps them (a ticket kept under another
    // form, a hash of it, cannot be told apart here; task 3's checks then find out by redeeming them).
    const service = providerNamed<object>(app, 'TicketsService');
    const held = service ? stringsHeldBy(service) : new Set<string>();
    const ordinal = ['1st', '2nd', '3rd', '4th', '5th'];
    const kept = ordinal.filter((_, i) => held.has(tickets[i]));
    if (kept.length === 0) {
      t.note(
        "TicketsService keeps none of alice's tickets as they were issued: which of them gave way is not read here",
      );
      return;
    }
    t.note(`TicketsService holds alice's ${kept.join(', ')} of her 5 tickets`);
    t.expect(
      kept.join() === '3rd,4th,5th',
      `Expected TicketsService to hold alice's 3rd, 4th and 5th tickets once she had asked for 5 with TICKETS_PER_USER 3, ` +
        `but it holds her ${kept.join(', ')}: each new ticket evicts its user's oldest (the first of theirs in issue order), ` +
        'not another one, in TicketsService.issue() (tickets.service.ts).',
    );
  },
);

check(
  'issuing a ticket with 50 000 held costs about what it costs with 100 held: the sweep of expired tickets stops at the first valid one',
  {
    task: 2,
    within: 20_000,
    alone: 'it keeps the event loop of the whole process busy for a second or more, which would delay the other checks',
    hint: [
      `The sweep that forgets expired tickets runs on every issue; if it looks at every ticket held, each issue costs more the more tickets there are. Tickets are issued in order, so the oldest come first. ${DOCS.controllers}`,
      'A Map iterates in insertion order: walk it from the start, delete while the ticket has expired, and break at the first one that has not.',
      "private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when; a Map iterates oldest first\n…\nfor (const [ticket, { expiresAt }] of this.held) {\n  if (expiresAt > now) break;\n  this.held.delete(ticket); // and from its user's Set\n}",
    ],
  },
  async (t) => {
    type Tickets = { issue?: (auth: unknown) => unknown };
    const few = providerNamed<Tickets>(
      await startApp(t, { ticketTtl: 60 }, 'app (100 tickets held)'),
      'TicketsService',
    );
    const many = providerNamed<Tickets>(
      await startApp(t, { ticketTtl: 60 }, 'app (50 000 tickets held)'),
      'TicketsService',
    );
    t.expect(
      typeof few?.issue === 'function' && typeof many?.issue === 'function',
      'Expected TicketsService to have issue(auth), which the ticket route calls, but it has none yet.',
    );
    const tokenExp = Math.floor(Date.now() / 1000) + 600;
    let next = 0;
    const issueOn = (tickets: Tickets) =>
      tickets.issue!({ user: { id: `user-${next}`, name: `user-${next++}`, role: 'member' }, tokenExp });
    await t.needs(1, () => {
      try {
        for (let i = 0; i < 100; i++) issueOn(few!);
        for (let i = 0; i < 50_000; i++) issueOn(many!);
      } catch (error) {
        t.fail(
          `Expected TicketsService.issue(auth) to issue tickets (task 1), but it threw ${error instanceof Error ? error.message : String(error)}.`,
        );
      }
    });
    t.note(
      '100 tickets held by one app, 50 000 (of as many users) by the other; both TICKET_TTL 60 s, so none expires',
    );
    // Runs of 50 issues, synchronous (nothing else in the process interleaves), taken in turns on the two apps;
    // each counts the CPU time the process spent, not the time on the clock, so a busy machine that takes the
    // CPU away now and then does not count. The median run of each is compared.
    const runs: Record<'few' | 'many', number[]> = { few: [], many: [] };
    for (let run = 0; run < 9; run++) {
      for (const [which, tickets] of [
        ['few', few!],
        ['many', many!],
      ] as const) {
        const started = process.cpuUsage();
        for (let i = 0; i < 50; i++) issueOn(tickets);
        const spent = process.cpuUsage(started);
        runs[which].push((spent.user + spent.system) / 1000 / 50);
      }
    }
    const [withFew, withMany] = [median(runs.few), median(runs.many)];
    t.note(
      `one issue took ${(withFew * 1000).toFixed(1)} µs with 100 tickets held, ${(withMany * 1000).toFixed(1)} µs with 50 000`,
    );
    t.expect(
      withMany <= Math.max(withFew * 8, 0.05),
      `Expected issuing a ticket with 50 000 valid tickets held to cost about what it costs with 100 held, but it took ` +
        `${(withMany * 1000).toFixed(1)} µs against ${(withFew * 1000).toFixed(1)} µs: each issue looks at every ticket held. ` +
        'The oldest tickets come first; stop at the first one that is still valid.',
    );
  },
);

// ── Task 3 · redeem a ticket once ────────────────────────────────────────────────────────────────────────────────────

check(
  'TicketsService.redeem() gives whom a ticket was issued to, once: a second redeem gives nothing, and the ticket is no longer held',
  {
    task: 3,
    hint: [
      `A ticket is single use: TicketsService.redeem(ticket) (tickets.service.ts) gives whom it was issued to and takes the ticket out of what the service holds, in the same call, whatever happens next, so that a second redeem finds nothing. ${DOCS.guards}`,
      "In redeem(), read the ticket from the Map it was kept in and delete it from there (and from its user's Set) before deciding anything: a second redeem finds nothing, and `count` drops by one. Answer the { user, tokenExp } it was issued for, or undefined when it is unknown or expired.",
      "private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when\n…\nredeem(ticket: string): RequestAuth | undefined {\n  const found = this.held.get(ticket);\n  this.held.delete(ticket); // used, whatever it was worth (and out of its user's Set)\n  if (!found || found.expiresAt <= Date.now()) return undefined; // unknown, or expired: gone all the same\n  return found.auth;\n}",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const redeem = redeemerOf(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const ticket = await ticketFor(t, app, token, 'alice');
    const { tickets: held } = await readStats(t, app);
    const first = await redeem(ticket, "alice's fresh ticket");
    t.expect(
      first?.user?.name === 'alice' && first.tokenExp === tokenExp(token),
      `Expected redeem() of alice's fresh ticket to give whom it was issued to, { user: alice, tokenExp: ${tokenExp(token)} } ` +
        `(her access token's exp), but it gave ${describeRedeemed(first)}.`,
    );
    await expectStat(t, app, 'tickets', held - 1, 'once the ticket was redeemed');
    const second = await redeem(ticket, 'the same ticket, again');
    t.expect(
      second === undefined,
      `Expected a second redeem() of the same ticket to give undefined (a ticket works once), but it gave ${describeRedeemed(second)}.`,
    );
  },
);

check(
  'an expired ticket redeems nothing: past TICKET_TTL (1 s), or once its access token expired, even within TICKET_TTL',
  {
    task: 3,
    hint: [
      `Check the expiry when the ticket is redeemed: no timer per ticket is needed. The expiry kept at issue time is already the earlier of TICKET_TTL and the access token's exp (task 1). ${DOCS.guards}`,
      'redeem() compares the expiry kept with the ticket (ms since the epoch) with Date.now() and gives undefined once it has passed, after removing the ticket all the same.',
      "// in TicketsService, once the ticket is found and removed from where it was kept\nif (!found || found.expiresAt <= Date.now()) return undefined; // expiresAt already includes the token's exp",
    ],
  },
  async (t) => {
    const ttl = 1;
    const shortLived = await startApp(t, { ticketTtl: ttl }, `app (TICKET_TTL ${ttl})`);
    const longLived = await startApp(t, { ticketTtl: 30 }, 'app (TICKET_TTL 30)');
    const [redeemOnShortLived, redeemOnLongLived] = [redeemerOf(t, shortLived), redeemerOf(t, longLived)];
    const token = await rememberedLogIn(t, shortLived, 'alice');
    const stale = await ticketFor(t, shortLived, token, 'alice');
    const expiring = await tokenExpiringSoon(t, longLived, 'alice');
    const bound = await ticketFor(t, longLived, expiring, 'alice');
    await waitUntil(
      t,
      Math.max(Date.now() + ttl * 1000, tokenExp(expiring) * 1000) + 100,
      `for the first ticket's ${ttl} s and the second ticket's access token to run out (that ticket has 30 s)`,
    );
    const late = await redeemOnShortLived(stale, `alice's ticket, after its ${ttl} s`);
    t.expect(
      late === undefined,
      `Expected redeem() of a ticket after its TICKET_TTL (${ttl} s) to give undefined, but it gave ${describeRedeemed(late)}.`,
    );
    const orphaned = await redeemOnLongLived(bound, "alice's ticket, after her access token expired");
    t.expect(
      orphaned === undefined,
      `Expected redeem() of a ticket whose access token has expired to give undefined (TICKET_TTL 30 s had not run out), ` +
        `but it gave ${describeRedeemed(orphaned)}.`,
    );
  },
);

check(
  'an expired ticket is used up all the same: once redeem() has refused it, it is no longer held',
  {
    task: 3,
    hint: [
      `A ticket is used the moment it is redeemed, whatever it was worth: TicketsService.redeem() (tickets.service.ts) removes the ticket it finds first, and only then decides whether it was still good. Decided first, an expired ticket stays held until a sweep. ${DOCS.guards}`,
      "In redeem(), delete the ticket from the Map it is kept in (and from its user's Set) in the same step that reads it, before you compare its expiry with Date.now(): an expired ticket gives undefined, and is gone all the same.",
      "private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when\n…\nredeem(ticket: string): RequestAuth | undefined {\n  const found = this.held.get(ticket);\n  this.held.delete(ticket); // first: used, whatever it was worth (and out of its user's Set)\n  if (!found || found.expiresAt <= Date.now()) return undefined; // expired: refused, and already gone\n  return found.auth;\n}",
    ],
  },
  async (t) => {
    const ttl = 1;
    const app = await startApp(t, { ticketTtl: ttl }, `app (TICKET_TTL ${ttl})`);
    const redeem = redeemerOf(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const stale = await ticketFor(t, app, token, 'alice');
    await waitUntil(t, Date.now() + ttl * 1000 + 100, `for the ticket's ${ttl} s to run out`);
    // Nothing was issued since: no sweep on issue has forgotten it yet.
    const { tickets: before } = await readStats(t, app);
    const late = await redeem(stale, `alice's ticket, after its ${ttl} s`);
    t.expect(
      late === undefined,
      `Expected redeem() of a ticket after its TICKET_TTL (${ttl} s) to give undefined, but it gave ${describeRedeemed(late)}.`,
    );
    const { tickets: after } = await readStats(t, app);
    if (after === Math.max(0, before - 1)) return;
    // Still held: is any ticket removed by redeem(), or only the ones it lets in?
    const fresh = await ticketFor(t, app, token, 'alice');
    const { tickets: withFresh } = await readStats(t, app);
    await redeem(fresh, "a fresh ticket of alice's");
    const { tickets: afterFresh } = await readStats(t, app);
    t.fail(
      `Expected the expired ticket to be gone once redeem() had refused it (GET ${ROUTES.stats} showing tickets ` +
        `${Math.max(0, before - 1)}, from ${before}), but it still showed ${after}: the ticket is still held. ` +
        (afterFresh < withFresh
          ? 'redeem() removes a good ticket (a fresh one took the count down) but not an expired one: it decides whether the ticket ' +
            'is still good before removing it. Remove it first, whatever it was worth, then check the expiry.'
          : `redeem() removes no ticket at all: a fresh one did not take the count down either (tickets ${withFresh}, then ${afterFresh}). ` +
            'Remove the ticket in the same step that finds it, then check the expiry.'),
    );
  },
);

check(
  "only a user's newest TICKETS_PER_USER tickets redeem: the oldest one gave way",
  {
    task: 3,
    hint: [
      `A ticket pushed out by newer ones (task 2) is gone, as a used one is: redeeming it must give nothing. ${DOCS.guards}`,
      "redeem() reads the Map every ticket is kept in; task 2's eviction must take the oldest ticket out of that Map, not only out of the user's list.",
      "private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when\n…\n// in issue(), where the user's oldest ticket gives way (mine: that user's Set of tickets)\nconst oldest = mine.values().next().value!;\nmine.delete(oldest);\nthis.held.delete(oldest); // the Map a ticket is redeemed from, too",
    ],
  },
  async (t) => {
    const app = await startApp(t, { ticketsPerUser: 2 });
    const redeem = redeemerOf(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const tickets: string[] = [];
    for (let i = 0; i < 3; i++) tickets.push(await ticketFor(t, app, token, 'alice'));
    const oldest = await redeem(tickets[0], "alice's oldest of 3 tickets");
    t.expect(
      oldest === undefined,
      `Expected redeem() of alice's oldest of 3 tickets with TICKETS_PER_USER 2 to give undefined (it gave way to her newer ones), ` +
        `but it gave ${describeRedeemed(oldest)}.`,
    );
    const second = await redeem(tickets[1], "alice's second of 3 tickets");
    t.expect(
      second?.user?.name === 'alice',
      `Expected redeem() of alice's second of 3 tickets with TICKETS_PER_USER 2 to give whom it was issued to (alice), ` +
        `but it gave ${describeRedeemed(second)}.`,
    );
  },
);

check(
  "a redeemed ticket no longer counts toward its user's TICKETS_PER_USER (2 here): 5 redeemed one after another are each issued and let in, and the bound still holds",
  {
    task: 3,
    hint: [
      `A redeemed ticket is no longer held: it must leave every place that counts it, the Map it is redeemed from and its user's Set (task 2), or the user reaches TICKETS_PER_USER with tickets they no longer have. ${DOCS.guards}`,
      "In redeem(), take the ticket out of the Map and out of its user's Set in the same step (the Set is found by the user id kept with the ticket); drop the user's Set once it is empty. One private method that takes a ticket out of both serves redeem(), the eviction and the sweep alike.",
      "private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when\nprivate readonly heldByUser = new Map<string, Set<string>>(); // user id → their tickets, oldest first (task 2)\n…\nprivate take(ticket: string): { auth: RequestAuth; expiresAt: number } | undefined {\n  const found = this.held.get(ticket);\n  if (!found) return undefined;\n  this.held.delete(ticket);\n  const mine = this.heldByUser.get(found.auth.user.id);\n  mine?.delete(ticket); // the user's count goes down too\n  if (mine?.size === 0) this.heldByUser.delete(found.auth.user.id);\n  return found;\n}\n…\nredeem(ticket: string): RequestAuth | undefined {\n  const found = this.take(ticket);\n  if (!found || found.expiresAt <= Date.now()) return undefined;\n  return found.auth;\n}",
    ],
  },
  async (t) => {
    const bound = 2;
    const rounds = 5;
    const app = await startApp(t, { ticketsPerUser: bound });
    const redeem = redeemerOf(t, app);
    const service = providerNamed<object>(app, 'TicketsService')!;
    const token = await rememberedLogIn(t, app, 'alice');
    const redeemed: string[] = [];
    /** Where TicketsService still keeps the tickets alice redeemed, and what that does to her count. */
    const stillCounted = () => {
      const fields = fieldsHolding(service, redeemed);
      if (fields.length === 0)
        return (
          "A redeemed ticket must leave every place that counts alice's tickets: the Map it is redeemed from, and her Set " +
          'of held tickets (task 2), which is what TICKETS_PER_USER is checked against. Take it out of both in redeem() (tickets.service.ts).'
        );
      return (
        `TicketsService still holds tickets alice redeemed and no longer has: ${fields.join(', ')}, of the ${redeemed.length} she redeemed. ` +
        'A redeemed ticket left in her Set of held tickets (task 2) still counts against TICKETS_PER_USER; the Set grows with every ' +
        'ticket she uses, and its oldest entries, which an eviction takes first, are tickets already gone. ' +
        "Take a redeemed ticket out of its user's Set too, in redeem() (tickets.service.ts), as task 2's eviction does."
      );
    };
    t.note(`alice asks for a ticket and redeems it, ${rounds} times one after another, with TICKETS_PER_USER ${bound}`);
    for (let i = 1; i <= rounds; i++) {
      const reply = await t.request(app, ROUTES.ticket, { method: 'POST', headers: bearer(token) });
      const ticket = (reply.body as { ticket?: unknown } | undefined)?.ticket;
      if (reply.status !== 201 || typeof ticket !== 'string' || ticket === '')
        t.fail(
          `Expected POST ${ROUTES.ticket} to issue alice's ticket ${i} of ${rounds} (TICKETS_PER_USER ${bound}): she had redeemed ` +
            `each of the ${i - 1} before it and held none, but it was refused with ${reply.status} ` +
            `${formatValue(reply.body ?? reply.text)}. ${stillCounted()}`,
        );
      const auth = await redeem(ticket as string, `alice's ticket ${i} of ${rounds}`);
      if (auth?.user?.name !== 'alice')
        t.fail(
          `Expected redeem() of alice's ticket ${i} of ${rounds}, issued a moment before, to let her in ({ user: alice, … }): ` +
            `she had redeemed each of the ${i - 1} before it and held no other (TICKETS_PER_USER ${bound}), but it was refused: ` +
            `it gave ${describeRedeemed(auth)}. ${stillCounted()}`,
        );
      redeemed.push(ticket as string);
    }
    t.note(`alice then asks for ${bound + 1} tickets without redeeming them: the oldest must give way (task 2)`);
    const fresh: string[] = [];
    for (let i = 0; i <= bound; i++) fresh.push(await ticketFor(t, app, token, 'alice'));
    const oldest = await redeem(fresh[0], `the oldest of alice's ${bound + 1} new tickets`);
    if (oldest !== undefined)
      t.fail(
        `Expected redeem() of the oldest of the ${bound + 1} tickets alice asked for after redeeming ${rounds} to give undefined ` +
          `(with TICKETS_PER_USER ${bound} it gave way to her newer ones), but it let her in: once she had redeemed tickets, ` +
          `the bound no longer held and none of hers gave way. ${stillCounted()}`,
      );
    for (let i = 1; i <= bound; i++) {
      const auth = await redeem(fresh[i], `alice's new ticket ${i + 1} of ${bound + 1}`);
      t.expect(
        auth?.user?.name === 'alice',
        `Expected redeem() of alice's new ticket ${i + 1} of ${bound + 1} (one of her newest ${bound}, with TICKETS_PER_USER ${bound}) ` +
          `to let her in, but it was refused: it gave ${describeRedeemed(auth)}. ${stillCounted()}`,
      );
    }
  },
);

check(
  'two redeems of one ticket that race let one in: nothing waits between finding the ticket and removing it',
  {
    task: 3,
    hint: [
      `Two requests with one ticket can be redeeming it at the same time (a browser retry, a copied URL): between reading the ticket and removing it, nothing may wait, or both get in. ${DOCS.guards}`,
      'Keep redeem() synchronous: Map.get() and Map.delete() with no await between them (an await lets the other call read the same ticket).',
      'private readonly held = new Map<string, { auth: RequestAuth; expiresAt: number }>(); // ticket → whom, until when\n…\nredeem(ticket: string): RequestAuth | undefined { // no async, no await: nothing runs between the get and the delete\n  const found = this.held.get(ticket);\n  this.held.delete(ticket);\n  if (!found || found.expiresAt <= Date.now()) return undefined;\n  return found.auth;\n}',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const redeem = redeemerOf(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const ticket = await ticketFor(t, app, token, 'alice');
    t.note("redeem() called twice with alice's ticket, the second call before the first has answered");
    const answers = await Promise.all([
      redeem(ticket, "alice's ticket (1st call)"),
      redeem(ticket, "alice's ticket (2nd call)"),
    ]);
    const letIn = answers.filter((answer) => answer !== undefined).length;
    if (letIn === 1) return;
    const expected = 'Expected two redeems of one ticket at the same time to let exactly one in';
    if (letIn === 0) t.fail(`${expected}, but neither gave whom the ticket was issued to.`);
    const third = await redeem(ticket, "alice's ticket (3rd call, after both answered)");
    t.fail(
      `${expected}, but both did. ` +
        (third !== undefined
          ? 'A third redeem() after both had answered let it in too: the ticket is still held, so redeem() does not remove it. ' +
            'Remove it in the same step that finds it.'
          : redeem.answeredWithPromise
            ? 'redeem() answered with a Promise (it is async), and a third call found nothing: it removes the ticket, but only after ' +
              'waiting, and the other call read it meanwhile. Remove it in the same step that finds it, with nothing awaited before.'
            : 'A third call found nothing, so the ticket is removed in the end, but both calls read it first. ' +
              'Remove it in the same step that finds it.'),
    );
  },
);

// ── Task 4 · open the stream ─────────────────────────────────────────────────────────────────────────────────────────

check(
  'a fresh ticket opens the stream: 200 text/event-stream, no caching, X-Accel-Buffering: no, CORS for allowed origins',
  {
    task: 4,
    hint: [
      `Add GET ${ROUTES.stream} to NotificationsController as an @Sse() route behind StreamTicketGuard, and let the guard's canActivate() in whoever holds a ticket TicketsService redeems: ${DOCS.sse}`,
      "@Sse('stream') with @UseGuards(StreamTicketGuard); canActivate() reads request.query.ticket (context.switchToHttp().getRequest()), redeems it with this.tickets.redeem() (task 3), sets request.auth and returns true; the handler takes @CurrentAuth() and @LastEventId() and returns this.notifications.streamFor(auth, lastEventId). Nest sets the event-stream headers itself.",
      "@Sse('stream') @UseGuards(StreamTicketGuard) stream(@CurrentAuth() auth: RequestAuth, @LastEventId() lastEventId?: string): Observable<MessageEvent> { return this.notifications.streamFor(auth, lastEventId); }",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice', { headers: { origin: 'http://localhost:4000' } });
    const cacheControl = String(alice.headers['cache-control'] ?? '');
    t.expect(
      /no-cache|no-store/.test(cacheControl),
      `Expected Cache-Control to forbid caching (no-cache or no-store), but it was ${formatValue(alice.headers['cache-control'])}.`,
    );
    t.expectEqual(
      alice.headers['x-accel-buffering'],
      'no',
      'the X-Accel-Buffering header (it stops nginx from buffering the stream)',
    );
    t.expectEqual(
      alice.headers['access-control-allow-origin'],
      'http://localhost:4000',
      'Access-Control-Allow-Origin of the stream opened from http://localhost:4000 (in CORS_ORIGINS)',
    );
  },
);

check(
  'the stream is NotificationsService.streamFor() of whom the ticket was for: the guard puts { user, tokenExp } on request.auth, and the route returns what streamFor() gives',
  {
    task: 4,
    hint: [
      `Every event of the stream (tasks 7 to 13) comes from NotificationsService.streamFor(): the guard leaves whom the ticket was for on the request as auth, where @CurrentAuth() finds it, and the route returns the Observable streamFor() gives for it. ${DOCS.customDecorators}`,
      'In StreamTicketGuard.canActivate(), set request.auth (not request.user) to what this.tickets.redeem() gave; the @Sse() handler takes @CurrentAuth() auth and @LastEventId() lastEventId and returns this.notifications.streamFor(auth, lastEventId), not an Observable of its own.',
      "// StreamTicketGuard.canActivate(), once the ticket redeemed to auth (whom it was for)\nrequest.auth = auth; // @CurrentAuth() reads it from there\nreturn true;\n// NotificationsController\n@Sse('stream') @UseGuards(StreamTicketGuard)\nstream(@CurrentAuth() auth: RequestAuth, @LastEventId() lastEventId?: string): Observable<MessageEvent> {\n  return this.notifications.streamFor(auth, lastEventId);\n}",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const calls = watchStreamFor(t, app);
    const tokens = { alice: await rememberedLogIn(t, app, 'alice'), bob: await rememberedLogIn(t, app, 'bob') };
    await openStream(t, app, 'alice', { token: tokens.alice });
    await openStream(t, app, 'bob', { token: tokens.bob });
    for (const call of calls)
      t.note(`NotificationsService.streamFor(${describeRedeemed(call.auth)}, ${formatValue(call.lastEventId)})`);
    t.expect(
      calls.length > 0,
      `Expected alice's and bob's streams to be what NotificationsService.streamFor() gives, but the route never called it: ` +
        "both answered 200 text/event-stream with an Observable of the route's own, which no notification, heartbeat or " +
        "end at the token's expiry (tasks 7 to 13) will ever reach. Return this.notifications.streamFor(auth, lastEventId).",
    );
    for (const name of ['alice', 'bob'] as const) {
      const exp = tokenExp(tokens[name]);
      const call = calls.find(({ auth }) => auth?.user?.name === name && auth.tokenExp === exp);
      if (!call) {
        const seen = [...new Set(calls.map(({ auth }) => describeRedeemed(auth)))].join(' or ');
        const expected =
          `Expected GET ${ROUTES.stream} with ${name}'s ticket to call streamFor() with whom the ticket was for, ` +
          `{ user: ${name}, tokenExp: ${exp} }, but it was called with ${seen}.`;
        if (calls.some(({ auth }) => auth !== undefined))
          t.fail(
            `${expected} @CurrentAuth() gives what the guard put on request.auth: the { user, tokenExp } that ` +
              'TicketsService.redeem() gave for this very ticket.',
          );
        const { tickets } = await readStats(t, app);
        t.fail(
          `${expected} ` +
            (tickets > 0
              ? `GET ${ROUTES.stats} still counts ${tickets} ticket${tickets === 1 ? '' : 's'} as held after alice's and ` +
                "bob's streams opened: nothing redeemed them. Is the guard on the route (@UseGuards(StreamTicketGuard) on " +
                'the @Sse() handler, notifications.controller.ts)?'
              : 'The tickets were redeemed (none is held any more), but @CurrentAuth() found nothing on request.auth: the ' +
                'guard must put what TicketsService.redeem() gave there (request.auth, not request.user or another field).'),
        );
      }
      t.expect(
        call?.subscribed === true,
        `Expected ${name}'s stream to be the Observable streamFor() gave, but the route called streamFor() and answered ` +
          'with another Observable: Nest never subscribed to the one streamFor() gave. Return it (piped further if you like).',
      );
    }
  },
);

check(
  'a stream without a ticket is refused with 401 JSON that says where to get one, before any stream byte',
  {
    task: 4,
    hint: [
      `Refuse in a guard on the stream route, which runs before the handler returns its Observable, so Nest can still answer with a status and JSON: ${DOCS.guards}`,
      "With @UseGuards(StreamTicketGuard) on the @Sse() handler, throw new UnauthorizedException('…') from canActivate() when request.query.ticket is missing, not a string or empty. The message is what the client reads: name POST /notifications/ticket.",
      "if (typeof ticket !== 'string' || ticket === '') throw new UnauthorizedException('Open the stream with ?ticket=<ticket>: POST /notifications/ticket gives one');",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const missing = 'a request with no ticket, or an empty one, must be refused before it is redeemed.';
    await expectRefused(
      t,
      app,
      await t.stream('alice', app, ROUTES.stream),
      `GET ${ROUTES.stream} without a ticket`,
      missing,
    );
    await expectRefused(
      t,
      app,
      await t.stream('alice', app, `${ROUTES.stream}?ticket=`),
      `GET ${ROUTES.stream}?ticket= (empty)`,
      `the guard let ?ticket= through: ${missing}`,
    );
  },
);

check(
  'an unknown or used ticket, or an access token in place of a ticket, is refused with 401',
  {
    task: 4,
    hint: [
      `Only a ticket TicketsService redeems opens the stream: the guard on the stream route asks the service, and refuses with 401 when it gives nothing. ${DOCS.guards}`,
      "In canActivate(), this.tickets.redeem(ticket) (task 3) gives whom the ticket was issued to, or undefined for one that is unknown, used or expired; throw UnauthorizedException('… POST /notifications/ticket …') on undefined. Never fall back to verifying the value as a JWT.",
      "// TicketsService\nredeem(ticket: string): RequestAuth | undefined { … whom it was issued to, or undefined }\n// StreamTicketGuard.canActivate\nconst auth = this.tickets.redeem(ticket);\nif (!auth) throw new UnauthorizedException('This ticket is unknown, used or expired: get a new one from POST /notifications/ticket');\nrequest.auth = auth;\nreturn true;",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await rememberedLogIn(t, app, 'alice');
    await expectRefused(
      t,
      app,
      await t.stream('mallory', app, streamPath('x'.repeat(43))),
      'a ticket nobody issued',
      'a ticket TicketsService.redeem() gives nothing for opens no stream: decide on its answer alone.',
    );
    await expectRefused(
      t,
      app,
      await t.stream('alice', app, streamPath(token)),
      `GET ${ROUTES.stream}?ticket=<alice's access token>`,
      'it took an access token for a ticket. Let in only what TicketsService.redeem() gives, and never verify the ' +
        'value as a JWT: a stream URL ends up in logs, and a token in it would be usable for its whole life.',
    );
    const ticket = await ticketFor(t, app, token, 'alice');
    const first = await t.stream('alice', app, streamPath(ticket));
    await expectEventStream(t, first, `the first GET ${ROUTES.stream} with a fresh ticket`);
    await first.close();
    await expectRefused(
      t,
      app,
      await t.stream('alice (again)', app, streamPath(ticket)),
      `a second GET ${ROUTES.stream} with the same ticket`,
      'a used ticket. Does TicketsService.redeem() remove the ticket it finds (task 3), and does the guard ask it, ' +
        'rather than look the ticket up itself?',
    );
  },
);

check(
  'a real EventSource client (the eventsource package) opens the stream',
  {
    task: 4,
    hint: [
      `EventSource needs a 200 text/event-stream answer to fire "open": ${DOCS.mdnSse}`,
      'new EventSource(`${url}/notifications/stream?ticket=…`) opens once the guard accepted the ticket and the @Sse() handler returned its Observable.',
      'The handler returns an Observable that stays open (this.notifications.streamFor(...)); an Observable that completes at once ends the response and EventSource reconnects.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await rememberedLogIn(t, app, 'alice');
    const ticket = await ticketFor(t, app, alice, 'alice');
    t.note(`EventSource opens ${ROUTES.stream}`);
    const source = new EventSource(`${app.url}${streamPath(ticket)}`);
    t.defer(() => source.close());
    let failure: string | undefined;
    const opened = await new Promise<boolean>((resolve) => {
      source.onopen = () => resolve(true);
      source.onerror = (event) => {
        failure = event.message ?? (event.code ? `status ${event.code}` : 'an error');
        resolve(false);
      };
      setTimeout(() => resolve(false), 1000).unref();
    });
    t.expect(opened, `Expected EventSource to open the stream within 1000 ms, but it got ${failure ?? 'nothing'}.`);
  },
);

check(
  'two requests that race with one ticket open exactly one stream (pipelined on one connection, and on three more)',
  {
    task: 4,
    within: 10_000,
    hint: [
      `Five requests with one ticket can reach the stream at the same time: the guard must stand on the route, and redeem the ticket in one call, so that only the first gets in. ${DOCS.guards}`,
      'With @UseGuards(StreamTicketGuard) on the @Sse() handler, canActivate() calls this.tickets.redeem(ticket) once and decides on its answer: do not look the ticket up first and redeem it later, nor await anything in between (redeem() of task 3 is one synchronous step, which removes the ticket it finds).',
      "// TicketsService (task 3)\nredeem(ticket: string): RequestAuth | undefined { … found and removed in one synchronous step }\n// StreamTicketGuard.canActivate\nconst auth = this.tickets.redeem(ticket); // the guard's only look at the ticket\nif (!auth) throw new UnauthorizedException('This ticket is unknown, used or expired: get a new one from POST /notifications/ticket');\nrequest.auth = auth;\nreturn true;",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    // The streams the route opens, counted where they are made: the pipelined second answer never shows behind an open stream.
    const calls = watchStreamFor(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const ticket = await ticketFor(t, app, token, 'alice');
    const path = streamPath(ticket);
    t.note(`GET ${path} five times at once: twice pipelined on one connection, once on each of three more`);
    const connections = [
      rawRequests(app, [path, path]),
      rawRequests(app, [path]),
      rawRequests(app, [path]),
      rawRequests(app, [path]),
    ];
    t.defer(() => connections.forEach(({ socket }) => socket.destroy()));
    // Every request has been through the guard once each separate connection answered (a 200 or a 401);
    // the pipelined second one answers only after the first, so give it the same time again.
    const answered = () => connections.slice(1).every(({ received }) => /^HTTP\/1\.1 \d{3}/.test(received()));
    await eventually(2000, async () => answered(), 20);
    await eventually(300, async () => calls.length > 1, 20);
    for (const [i, { received }] of connections.entries()) {
      t.note(`connection ${i + 1}: ${received().split('\r\n')[0] || '(no answer yet)'}`);
    }
    const answers = connections.flatMap(({ received }) => received().match(/^HTTP\/1\.1 \d{3}[^\r\n]*/gm) ?? []);
    const ok = answers.filter((answer) => answer.startsWith('HTTP/1.1 200')).length;
    const listed = answers.length > 0 ? answers.join(', ') : 'none';
    const opened = calls.length;
    const expected = 'Expected five requests with one ticket at the same time to open exactly one stream';
    if (opened === 0 && ok === 0)
      t.fail(
        `${expected}, but none opened at all (the answers: ${listed}): GET ${ROUTES.stream} with a fresh ticket ` +
          'must open a stream first, an @Sse() route behind the guard that redeems the ticket (notifications.controller.ts, stream-ticket.guard.ts).',
      );
    if (opened === 0)
      t.fail(
        `${expected}, but NotificationsService.streamFor() was never called, though the route answered 200 OK (the answers: ${listed}): ` +
          'it answers with an Observable of its own, so this check cannot count the streams it opens. ' +
          'Return this.notifications.streamFor(auth, lastEventId) from the @Sse() handler.',
      );
    if (opened === 1) return;
    const refused = answers.length - ok;
    if (refused === 0) {
      const bare = await t.stream('no ticket', app, ROUTES.stream);
      await bare.close();
      if (String(bare.headers['content-type'] ?? '').startsWith('text/event-stream'))
        t.fail(
          `${expected}, but ${opened} opened and no request was refused (the answers: ${listed}), nor was one without a ticket: ` +
            'is the guard on the route? @UseGuards(StreamTicketGuard) belongs on the @Sse() handler (notifications.controller.ts).',
        );
    }
    const stillHeld = (await readStats(t, app)).tickets > 0;
    t.fail(
      `${expected}, but ${opened} opened (the answers: ${listed}). ` +
        (stillHeld
          ? `GET ${ROUTES.stats} still counts the ticket as held after ${opened} streams opened with it: nothing removed it. ` +
            'Does the guard redeem it with TicketsService.redeem(), and does redeem() remove the ticket it finds (task 3)?'
          : 'The ticket is no longer held, but more than one request read it before it was removed: the guard looks at the ' +
            'ticket before it redeems it, or awaits between the two. Redeem it in one call (TicketsService.redeem(), task 3) ' +
            'and decide on its answer.'),
    );
  },
);

// ── Task 5 · number each notification by its run ──────────────────────────────────────────────────────────────────────

check(
  'POST /notifications answers 201 { id }: ids are "<run>-<n>", n counting up by one, also within one millisecond',
  {
    task: 5,
    alone: 'it stops the clock of the whole process',
    hint: [
      `NotificationsService.publish() gives each notification its id; the controller answers with it. An id names the run of the app that gave it out, so no other run can give out the same id. ${DOCS.spec}`,
      "Draw the run once, when the service is made: 4 random bytes as 8 hex digits (randomBytes(4).toString('hex')); keep a counter in the service and give out `${run}-${n}` with n one more each time.",
      "private readonly run = randomBytes(4).toString('hex'); private lastSequence = 0;  …  const sequence = ++this.lastSequence; const notification = { id: `${this.run}-${sequence}`, title: content.title, body: content.body, from: sender.name, at: new Date().toISOString() };",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const carol = await rememberedLogIn(t, app, 'carol');
    const ids = [
      await publishId(t, app, carol, { title: 'Deploy done', body: 'v1.4 is live' }),
      await publishId(t, app, carol, { to: 'alice', title: 'Lunch?', body: 'at noon' }),
    ];
    // Two more in the same millisecond: stop the clock the app reads.
    const realNow = Date.now;
    const frozen = realNow();
    t.note(`Date.now() stands still at ${frozen} for two more notifications`);
    Date.now = () => frozen;
    try {
      for (const title of ['same ms 1', 'same ms 2']) ids.push(await publishId(t, app, carol, { title, body: '…' }));
    } finally {
      Date.now = realNow;
    }
    const parsed = ids.map((id) => EVENT_ID.exec(id));
    t.expect(
      parsed.every((match) => match !== null),
      `Expected every id to be "<run>-<n>" (8 hex digits naming this run of the app, a dash, a whole number), but they were ${formatValue(ids)}.`,
    );
    const [run, first] = [parsed[0]![1], Number(parsed[0]![2])];
    t.expect(
      parsed.every((match, i) => match![1] === run && Number(match![2]) === first + i),
      `Expected the ids of four notifications of one run to share its run and count up by one (the last two in the same millisecond), but they were ${formatValue(ids)}.`,
    );
  },
);

check(
  'a restarted app names a new run in its ids, so none of them can be taken for an id of the run before',
  {
    task: 5,
    hint: [
      `A browser that resumes after a restart sends an id from the last run; this run must never have given out the same id for another notification. ${DOCS.spec}`,
      "Draw the run when the service is made, from a random source (randomBytes(4).toString('hex')), not from the clock: a clock can be set back, and two runs can start in one millisecond.",
      "private readonly run = randomBytes(4).toString('hex');",
    ],
  },
  async (t) => {
    const first = await startApp(t, {}, 'first run');
    const carol = await rememberedLogIn(t, first, 'carol');
    const old: string[] = [];
    for (let i = 1; i <= 3; i++)
      old.push(await publishId(t, first, carol, { title: `before restart ${i}`, body: '…' }));
    await first.close();
    const second = await startApp(t, {}, 'second run');
    const next = await publishId(t, second, carol, { title: 'after restart', body: '…' });
    const runOf = (id: string) => EVENT_ID.exec(id)?.[1];
    t.expect(
      runOf(next) !== undefined && old.every((id) => runOf(id) !== undefined && runOf(id) !== runOf(next)),
      `Expected the ids after a restart ("<run>-<n>") to name another run than those before (${formatValue(old)}), but the first was ${formatValue(next)}.`,
    );
  },
);

check(
  'one user may publish PUBLISHES_PER_MINUTE notifications a minute (3 here): the next is refused with 429 and Retry-After; other users still publish',
  {
    task: 5,
    hint: [
      `PublishLimitGuard is provided: it runs after BearerAuthGuard on POST /notifications and refuses a user's publish past PUBLISHES_PER_MINUTE with 429 and Retry-After. It lets the first ones through to your route, which must answer them: this check fails while publish() does not. ${DOCS.guards}`,
      "The route calls NotificationsService.publish(sender, content, recipient) and answers { id } with the notification it returns: publish() builds that notification (task 5's first TODOs) and returns it (the TODO that replaced the NotImplementedException).",
      '// in publish(), the last step:\nreturn notification; // the route answers 201 { id: notification.id }',
    ],
  },
  async (t) => {
    const app = await startApp(t, { publishesPerMinute: 3 });
    const alice = await rememberedLogIn(t, app, 'alice');
    for (let i = 1; i <= 3; i++)
      await publishId(t, app, alice, { to: 'bob', title: `number ${i}`, body: 'within the limit' });
    const refused = await t.request(app, ROUTES.publish, {
      json: { to: 'bob', title: 'number 4', body: 'one too many' },
      headers: bearer(alice),
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    t.expect(
      refused.status === 429 && Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      `Expected alice's 4th POST ${ROUTES.publish} within a minute (PUBLISHES_PER_MINUTE 3) to be refused with 429 and a Retry-After of 1 to 60 seconds, ` +
        `but it answered ${refused.status} (Retry-After: ${formatValue(refused.headers.get('retry-after'))}) ${formatValue(refused.body ?? refused.text)}.`,
    );
    await publishId(t, app, await rememberedLogIn(t, app, 'bob'), {
      to: 'alice',
      title: 'Still here',
      body: "bob's own limit is untouched by alice's",
    });
  },
);

// ── Task 6 · only an admin notifies everyone ─────────────────────────────────────────────────────────────────────────

check(
  "only an admin notifies everyone: a member's POST /notifications without `to` is refused with 403 and reaches nobody",
  {
    task: 6,
    hint: [
      `A notification to everyone is an announcement; a member who could send one could phish every user at once ("Password reset: http://…"). Refuse it in the route, where the sender is known. ${DOCS.guards}`,
      "In NotificationsController.publish(), @CurrentAuth() gives the sender; when `to` is undefined and sender.role is not 'admin', throw a ForbiddenException (403) with a message that says to name a recipient.",
      "if (to === undefined && sender.role !== 'admin') throw new ForbiddenException('Only an admin may notify everyone: name one recipient in \"to\"');",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const service = providerNamed<object>(app, 'NotificationsService');
    t.expect(service !== undefined, 'Expected the app to provide NotificationsService, but it was not found.');
    const bob = await rememberedLogIn(t, app, 'bob');
    const phishing = { title: 'Password reset', body: 'Log in again at http://evil.test' };
    const refused = await t.request(app, ROUTES.publish, { json: phishing, headers: bearer(bob) });
    t.expect(
      refused.status === 403,
      `Expected POST ${ROUTES.publish} without \`to\` by bob (a member) to be refused with 403, but it answered ${refused.status} ${formatValue(refused.body ?? refused.text)}.`,
    );
    const quoted = Object.entries(phishing).filter(([, sent]) => refused.text.includes(sent));
    t.expect(
      quoted.length === 0,
      `Expected the 403 to quote nothing bob sent, but it quotes his ${quoted.map(([field]) => field).join(' and ')} ` +
        `(${formatValue(refused.body ?? refused.text)}): an answer that repeats a refused title or body hands its words back to ` +
        'whoever sent them. In NotificationsController (notifications.controller.ts), refuse with fixed words that say what to do.',
    );
    await publishId(t, app, bob, { to: 'alice', title: 'Lunch?', body: 'bob may still write to alice' });
    await publishId(t, app, await rememberedLogIn(t, app, 'carol'), {
      title: 'Maintenance',
      body: 'carol is an admin',
    });
    // Refused before publish(): nothing of it is numbered, kept or handed to a stream.
    const kept = notificationsHeldBy(service!, 'titles');
    t.expect(
      !kept.has(phishing.title),
      `Expected bob's refused notification to everyone to reach nobody, but NotificationsService holds one titled ${formatValue(phishing.title)}: ` +
        'refuse it in the route, before publish() is called.',
    );
  },
);

// ── Task 7 · deliver to the recipient's streams ──────────────────────────────────────────────────────────────────────

check(
  'a published notification arrives as one event: event: notification, id: <its id>, data: the notification',
  {
    task: 7,
    hint: [
      `Each notification becomes a MessageEvent on the stream of every client it is for: ${DOCS.sse}`,
      "publish() calls next() on the Subject of its recipient's streams with the notification it built; streamFor() pipes what reaches its user through map() into { id: n.id, type: 'notification', data: n }. Nest writes type as the event: line and JSON-encodes data.",
      "private readonly toEveryone$ = new Subject<AddressedNotification>(); // and one Subject per user with a stream open\n…\n// in streamFor(), live$: the user's Subject merged with toEveryone$\nstream = live$.pipe(map(({ notification }) => ({ id: notification.id, type: 'notification', data: notification })));",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const carol = await rememberedLogIn(t, app, 'carol');
    const before = Date.now();
    const id = await publishId(t, app, carol, { title: 'Deploy done', body: 'v1.4 is live' });
    const after = Date.now();
    const frame = await alice.nextEvent({ what: `for the notification ${id}` });
    t.expectEqual(frame.event, 'notification', `the event: line of ${JSON.stringify(frame.raw)}`);
    t.expectEqual(
      frame.id,
      String(id),
      `the id: line of ${JSON.stringify(frame.raw)} (POST ${ROUTES.publish} answered { id: ${id} })`,
    );
    const { at, ...rest } = readNotification(t, frame, 'alice') ?? ({} as NotificationData);
    t.expectEqual(
      rest,
      { id, title: 'Deploy done', body: 'v1.4 is live', from: 'carol' },
      'the event data (without `at`)',
    );
    t.expect(
      typeof at === 'string' &&
        new Date(at).toISOString() === at &&
        Date.parse(at) >= before - 5 &&
        Date.parse(at) <= after + 5,
      `Expected \`at\` to be the time of publishing as an ISO 8601 string (like ${formatValue(new Date(before).toISOString())}), but it was ${formatValue(at)}.`,
    );
  },
);

check(
  'a user receives notifications addressed to them and to everyone, nothing else',
  {
    task: 7,
    hint: [
      `Each stream gets only what is for its user: hand a notification to the streams of its recipient, or of everyone when it has none. ${DOCS.rxjs}`,
      "One Subject for everyone and one per user id (a Map); publish() calls next() on toEveryone$ when recipientId is null, else on the recipient's Subject; each stream merges its user's Subject with toEveryone$.",
      "private readonly toEveryone$ = new Subject<AddressedNotification>();\nprivate readonly toUser = new Map<string, Subject<AddressedNotification>>(); // user id → their streams' Subject\n…\nif (addressed.recipientId === null) this.toEveryone$.next(addressed);\nelse this.toUser.get(addressed.recipientId)?.next(addressed); // nobody's, when they have no stream open\n…\nstream = merge(this.toUser.get(auth.user.id)!, this.toEveryone$).pipe(map(…)); // the Subject made first if missing",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const bob = await openStream(t, app, 'bob');
    const carolToken = await rememberedLogIn(t, app, 'carol');
    const carol = await openStream(t, app, 'carol', { token: carolToken });
    // A member's notification to everyone is refused (task 5): it must not reach any stream either.
    await t.request(app, ROUTES.publish, {
      json: { title: 'Password reset', body: 'from bob, a member' },
      headers: bearer(await rememberedLogIn(t, app, 'bob')),
    });
    const toBob = await publishId(t, app, carolToken, { to: 'bob', title: 'For bob', body: 'b' });
    const toAlice = await publishId(t, app, carolToken, { to: 'alice', title: 'For alice', body: 'a' });
    const toEveryone = await publishId(t, app, carolToken, { title: 'For everyone', body: 'e' });
    const sent = `carol sent ${toBob} to bob, ${toAlice} to alice, ${toEveryone} to everyone; bob's to everyone was refused`;
    await expectEventIds(t, alice, [toAlice, toEveryone], sent);
    await expectEventIds(t, bob, [toBob, toEveryone], sent);
    await expectEventIds(t, carol, [toEveryone], `${sent}: the sender is one of everyone`);
  },
);

check(
  'two streams of one user both receive every notification for that user',
  {
    task: 7,
    hint: [
      `Each stream subscribes on its own; nothing may end or replace an earlier stream of the same user: ${DOCS.rxjs}`,
      "One Subject per user id, shared by all of that user's streams (not one stream per user in a Map, which a second tab would replace): a Subject delivers to every subscriber.",
      "private readonly toUser = new Map<string, Subject<AddressedNotification>>(); // user id → their streams' Subject\n…\n// in streamFor(): reuse the user's Subject when it exists; each stream subscribes to it anew\nlet own = this.toUser.get(auth.user.id);\nif (!own) this.toUser.set(auth.user.id, (own = new Subject<AddressedNotification>()));",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await rememberedLogIn(t, app, 'alice');
    const first = await openStream(t, app, 'alice', { token, label: 'alice (tab 1)' });
    const second = await openStream(t, app, 'alice', { token, label: 'alice (tab 2)' });
    const bob = await rememberedLogIn(t, app, 'bob');
    const id = await publishId(t, app, bob, { to: 'alice', title: 'Both tabs', body: 'for alice' });
    await expectEventIds(t, first, [id], `bob sent ${id} to alice, who has two streams open`);
    await expectEventIds(t, second, [id], `bob sent ${id} to alice, who has two streams open`);
  },
);

check(
  "when one of a user's two streams ends, the other still receives what is for that user; the last one takes their share with it",
  {
    task: 7,
    hint: [
      `A user's Subject is shared by all of their streams (two tabs): the end of one stream must not take it from the others. Delete it when the last one ends. ${DOCS.rxjs}`,
      "In the finalize() of a stream, delete the user's Subject from the Map only when its `observed` is false (no stream of that user subscribes to it any more), and only if the Map still holds that very Subject.",
      "private readonly toUser = new Map<string, Subject<AddressedNotification>>(); // user id → their streams' Subject\n…\n// in streamFor(), own: the user's Subject this stream merges\nfinalize(() => {\n  if (!own.observed && this.toUser.get(auth.user.id) === own) this.toUser.delete(auth.user.id); // their last stream\n}),",
    ],
  },
  async (t) => {
    type Unsubscribable = { unsubscribe(): void };
    type Notifications = {
      publish?: (sender: unknown, content: unknown, recipient?: unknown) => { id?: unknown };
      streamFor?: (
        auth: unknown,
        lastEventId?: string,
      ) => { subscribe(observer: { next(value: unknown): void; error(error: unknown): void }): Unsubscribable };
    };
    // A minute of heartbeat and an hour of token: the streams get nothing but what is published.
    const service = providerNamed<Notifications>(await startApp(t, { heartbeatMs: 60_000 }), 'NotificationsService');
    t.expect(
      typeof service?.publish === 'function' && typeof service.streamFor === 'function',
      'Expected NotificationsService to have publish() and streamFor(), which the routes call, but it has not.',
    );
    const [alice, bob] = [seedUser('alice'), seedUser('bob')];
    const auth = { user: alice, tokenExp: Math.floor(Date.now() / 1000) + 3600 };
    const before = collectionsOf(service!);
    const received: Record<'tab 1' | 'tab 2', string[]> = { 'tab 1': [], 'tab 2': [] };
    const errors: unknown[] = [];
    const open = (tab: 'tab 1' | 'tab 2') =>
      service!.streamFor!(auth).subscribe({
        next: (event) => received[tab].push(String((event as { id?: unknown }).id)),
        error: (error) => errors.push(error),
      });
    const tabs = { 'tab 1': open('tab 1'), 'tab 2': open('tab 2') };
    t.defer(() => Object.values(tabs).forEach((subscription) => subscription.unsubscribe()));
    tabs['tab 1'].unsubscribe();
    t.note('alice opened two streams (NotificationsService.streamFor(), subscribed twice), then closed the first');
    t.expect(
      errors.length === 0,
      `Expected alice's streams to open, but NotificationsService.streamFor() failed with ${formatValue(String(errors[0]))}.`,
    );
    // Publishing is task 5's: this check stands on it.
    const { id } = await t.needs(5, () => {
      try {
        return service!.publish!(bob, { title: 'Still here?', body: 'for alice' }, alice) ?? {};
      } catch (error) {
        return t.fail(
          `Expected publish() to send bob's notification to alice, but it threw ${formatValue(String(error))}.`,
        );
      }
    });
    t.note(`bob published ${formatValue(id)} to alice; her second stream received ${formatValue(received['tab 2'])}`);
    t.expect(
      received['tab 2'].includes(String(id)),
      `Expected alice's second stream to receive bob's notification ${formatValue(id)} to her after her first stream ended, ` +
        `but it received ${formatValue(received['tab 2'])}: the end of one of her streams took what her other stream listens to ` +
        "with it (two tabs open, one closes, the other goes silent). In NotificationsService (notifications.service.ts), delete a user's " +
        'Subject when their last stream ends, not when any of them does.',
    );
    tabs['tab 2'].unsubscribe();
    const grown = collectionsOf(service!).filter(
      ({ field, size }) => size > (before.find((kept) => kept.field === field)?.size ?? 0),
    );
    t.note(`NotificationsService's collections once both streams ended: ${formatValue(collectionsOf(service!))}`);
    t.expect(
      grown.length === 0,
      `Expected NotificationsService to let go of alice's share once her last stream ended, but ` +
        `${grown.map(({ field, size }) => `${field} held ${size}`).join(', ')}: what a stream makes for its user must end with the user's last stream.`,
    );
  },
);

check(
  'a real EventSource client dispatches each notification as a "notification" event with its id',
  {
    task: 7,
    hint: [
      `EventSource dispatches \`event: notification\` to addEventListener('notification', …) and exposes the id: line as lastEventId: ${DOCS.mdnSse}`,
      "The MessageEvent needs type: 'notification' (not 'message') and id: the notification's id as a string.",
      "{ id: String(notification.id), type: 'notification', data: notification }",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await rememberedLogIn(t, app, 'alice');
    const ticket = await ticketFor(t, app, alice, 'alice');
    const received: { lastEventId: string; data: string }[] = [];
    let wake: () => void = () => undefined;
    t.note(`EventSource opens ${ROUTES.stream}`);
    const source = new EventSource(`${app.url}${streamPath(ticket)}`);
    t.defer(() => source.close());
    const opened = new Promise<boolean>((resolve) => {
      source.onopen = () => resolve(true);
      source.onerror = () => resolve(false);
      setTimeout(() => resolve(false), 1000).unref();
    });
    source.addEventListener('notification', (event) => {
      t.transcript.add(`EventSource ← notification lastEventId=${event.lastEventId} data=${event.data}`);
      received.push({ lastEventId: event.lastEventId, data: event.data });
      wake();
    });
    t.expect(await opened, 'Expected EventSource to open the stream within 1000 ms, but it did not.');
    const carol = await rememberedLogIn(t, app, 'carol');
    const id = await publishId(t, app, carol, { title: 'Via EventSource', body: 'hello' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
      if (received.length > 0) wake();
    });
    t.expect(
      received.length > 0,
      "Expected EventSource to dispatch a 'notification' event within 1000 ms, but it dispatched none.",
    );
    t.expectEqual(received[0].lastEventId, String(id), "the EventSource event's lastEventId");
    t.expectEqual(
      (JSON.parse(received[0].data) as NotificationData).title,
      'Via EventSource',
      'the title in the event data',
    );
  },
);

check(
  "publishing to one user costs about the same with 2 000 other users' streams open as with 20, and a user's last stream takes their share with it",
  {
    task: 7,
    within: 20_000,
    alone: 'it keeps the event loop of the whole process busy for a second or more, which would delay the other checks',
    hint: [
      `A filter per stream makes every notification visit every open stream: publishing to bob costs a call per stream of anyone else, so it grows with the streams of the whole app. Route each notification to its recipient's streams instead. ${DOCS.rxjs}`,
      "Keep one Subject for everyone and one per user id in a Map, made when that user's first stream subscribes (inside defer()) and deleted in finalize() when its `observed` is false again; each stream merges its user's Subject with everyone's, and publish() calls next() on the recipient's Subject only (none when they have no stream open).",
      "private readonly toEveryone$ = new Subject<AddressedNotification>();\nprivate readonly toUser = new Map<string, Subject<AddressedNotification>>(); // user id → their streams' Subject\n…\n// in publish()\nif (addressed.recipientId === null) this.toEveryone$.next(addressed);\nelse this.toUser.get(addressed.recipientId)?.next(addressed);\n…\n// in streamFor()\nlet own = this.toUser.get(auth.user.id);\nif (!own) this.toUser.set(auth.user.id, (own = new Subject<AddressedNotification>()));\nstream = merge(own, this.toEveryone$).pipe(\n  finalize(() => { if (!own.observed) this.toUser.delete(auth.user.id); }),\n  map(…),\n);",
    ],
  },
  async (t) => {
    type Notifications = {
      publish?: (sender: unknown, content: unknown, recipient?: unknown) => unknown;
      streamFor?: (
        auth: unknown,
        lastEventId?: string,
      ) => { subscribe(next: (value: unknown) => void): Unsubscribable };
    };
    type Unsubscribable = { unsubscribe(): void };
    // A minute of heartbeat and an hour of token: the streams stay idle while the publishes are timed.
    const settings = { heartbeatMs: 60_000, replayLimit: 10 };
    const tokenExp = Math.floor(Date.now() / 1000) + 3600;
    const apps = {
      few: providerNamed<Notifications>(await startApp(t, settings, 'app (20 other streams)'), 'NotificationsService'),
      many: providerNamed<Notifications>(
        await startApp(t, settings, 'app (2 000 other streams)'),
        'NotificationsService',
      ),
    };
    t.expect(
      typeof apps.few?.publish === 'function' &&
        typeof apps.few.streamFor === 'function' &&
        typeof apps.many?.publish === 'function',
      'Expected NotificationsService to have publish() and streamFor(), which the routes call, but it has not.',
    );
    const open: Unsubscribable[] = [];
    t.defer(() => open.forEach((subscription) => subscription.unsubscribe()));
    const openFor = (service: Notifications, id: string, onEvent: () => void = () => undefined) => {
      const subscription = service.streamFor!({ user: { id, name: id, role: 'member' }, tokenExp }).subscribe(onEvent);
      open.push(subscription);
      return subscription;
    };
    const [carol, bob] = [seedUser('carol'), seedUser('bob')];
    const publishToBob = (service: Notifications) => {
      try {
        service.publish!(carol, { title: 'For bob', body: '…' }, bob);
      } catch (error) {
        t.fail(`Expected publish() to send carol's notification to bob, but it threw ${formatValue(String(error))}.`);
      }
    };

    // Every Map, Set and array of the service back to its size once 2 000 users' streams have opened and closed.
    const before = collectionsOf(apps.many!);
    const others = Array.from({ length: 2000 }, (_, i) => openFor(apps.many!, `other-${i}`));
    for (const subscription of others) subscription.unsubscribe();
    const grown = collectionsOf(apps.many!).filter(
      ({ field, size }) => size > (before.find((kept) => kept.field === field)?.size ?? 0),
    );
    t.note(
      `NotificationsService's collections after 2 000 users' streams opened and closed: ${formatValue(collectionsOf(apps.many!))}`,
    );
    t.expect(
      grown.length === 0,
      `Expected NotificationsService to let go of each user's share once their last stream closed, but after 2 000 users opened a stream and closed it, ` +
        `${grown.map(({ field, size }) => `${field} held ${size}`).join(', ')}: what a stream makes for its user must end with the user's last stream.`,
    );

    let delivered = 0;
    for (const [service, count] of [
      [apps.few!, 20],
      [apps.many!, 2000],
    ] as const) {
      openFor(service, bob.id, () => delivered++);
      for (let i = 0; i < count; i++) openFor(service, `other-${i}`);
    }
    t.note('bob has a stream open on both apps; 20 other users have one on the first, 2 000 on the second');
    publishToBob(apps.few!);
    publishToBob(apps.many!);
    t.expect(
      delivered === 2,
      `Expected bob's stream on each app to get carol's notification to him, but ${delivered} of 2 arrived.`,
    );
    // Runs of 100 publishes, synchronous, taken in turns on the two apps; each counts the CPU time the process
    // spent, not the time on the clock, so a busy machine that takes the CPU away now and then does not count.
    // The median run of each is compared.
    const runs: Record<'few' | 'many', number[]> = { few: [], many: [] };
    for (let run = 0; run < 9; run++) {
      for (const which of ['few', 'many'] as const) {
        const started = process.cpuUsage();
        for (let i = 0; i < 100; i++) publishToBob(apps[which]!);
        const spent = process.cpuUsage(started);
        runs[which].push((spent.user + spent.system) / 1000 / 100);
      }
    }
    const [withFew, withMany] = [median(runs.few), median(runs.many)];
    t.note(
      `one notification to bob took ${(withFew * 1000).toFixed(1)} µs with 20 other streams open, ${(withMany * 1000).toFixed(1)} µs with 2 000`,
    );
    t.expect(
      withMany <= Math.max(withFew * 3, 0.03),
      `Expected publishing to bob with 2 000 other users' streams open to cost about what it costs with 20, but it took ` +
        `${(withMany * 1000).toFixed(1)} µs against ${(withFew * 1000).toFixed(1)} µs: every notification visits every open stream. ` +
        "Hand it to its recipient's streams only, and to everyone's only when it is for everyone.",
    );
  },
);

// ── Task 8 · replay what was missed ──────────────────────────────────────────────────────────────────────────────────

check(
  'a stream opened without a last event id starts live: earlier notifications are not replayed',
  {
    task: 8,
    hint: [
      `Replay only for a client that says what it saw last; a new client starts from now. ${DOCS.spec}`,
      'When the last event id is undefined, streamFor() returns the live notifications only: no backlog, no reset.',
      'if (lastEventId !== undefined) stream = concat(from(missed), stream); // missed: what came after lastEventId\n// without a last event id, the live notifications alone: no backlog, no reset',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const carol = await rememberedLogIn(t, app, 'carol');
    const before = await publishId(t, app, carol, { title: 'before', body: 'published before alice connected' });
    const alice = await openStream(t, app, 'alice');
    const live = await publishId(t, app, carol, { title: 'live', body: 'published while alice is connected' });
    await expectEventIds(t, alice, [live], `${before} was published before alice opened her stream, ${live} after`);
  },
);

/** Publishes, for alice: one she saw, one she missed, one for carol, one more she missed. */
async function missedWhileAway(t: CheckContext, app: AppUnderTest) {
  const carol = await rememberedLogIn(t, app, 'carol');
  const seen = await publishId(t, app, carol, { title: 'seen', body: 'alice had this one' });
  const missed = await publishId(t, app, carol, { to: 'alice', title: 'missed', body: 'for alice' });
  const notHers = await publishId(t, app, carol, { to: 'carol', title: 'not hers', body: 'for carol' });
  const missedToo = await publishId(t, app, carol, { title: 'missed too', body: 'for everyone' });
  t.note(`alice saw ${seen}, missed ${missed} and ${missedToo}; ${notHers} is for carol`);
  return { carol, seen, missed, notHers, missedToo };
}

check(
  'Last-Event-ID replays the later notifications, in order, then goes live without duplicates',
  {
    task: 8,
    hint: [
      `Read the Last-Event-ID request header and replay what the client missed before the live notifications: ${DOCS.spec}`,
      "In the LastEventId param decorator: request.headers['last-event-id'], when it has the form of an id (<run>-<n>). In the service: publish() hands each notification to the provided ReplayBacklog (this.backlog.keep); replay() returns what this.backlog.of(user.id) holds after the id; streamFor() sends concat(from(missed), live), both in the same subscription, so nothing falls between them.",
      "this.backlog.keep(addressed); // in publish()\n…\n// in replay(): the <n> of the id, and what is kept after it\nconst after = Number(lastEventId.split('-')[1]);\nreturn this.backlog.of(user.id).recent.filter((n) => n.sequence > after).map(…); // as events, like the live ones\n…\nif (lastEventId !== undefined) stream = concat(from(this.replay(auth.user, lastEventId)), stream);",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const { carol, seen, missed, missedToo } = await missedWhileAway(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const stream = await openStream(t, app, 'alice', { token, headers: { 'last-event-id': String(seen) } });
    await expectEventIds(
      t,
      stream,
      [missed, missedToo],
      `replayed after ${seen}: alice's later notifications, in order`,
    );
    const live = await publishId(t, app, carol, { title: 'live', body: 'after the replay' });
    await expectEventIds(t, stream, [missed, missedToo, live], 'then live, without duplicates');
    const upToDate = await openStream(t, app, 'alice', {
      token,
      label: 'alice (up to date)',
      headers: { 'last-event-id': String(live) },
    });
    const next = await publishId(t, app, carol, { title: 'next', body: 'for everyone' });
    await expectEventIds(
      t,
      upToDate,
      [next],
      `resuming after the newest id ${live}: nothing to replay, no reset, then live`,
    );
  },
);

check(
  'a lastEventId query parameter replays the same way (for a browser with a fresh ticket)',
  {
    task: 8,
    hint: [
      `A new EventSource cannot set headers, so a browser that resumes with a fresh ticket puts the last id in the URL: ${DOCS.customDecorators}`,
      'When there is no usable Last-Event-ID header, the LastEventId decorator reads request.query.lastEventId.',
      "return parse(request.headers['last-event-id']) ?? parse(request.query.lastEventId);",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const { seen, missed, missedToo } = await missedWhileAway(t, app);
    const stream = await openStream(t, app, 'alice', { query: `&lastEventId=${seen}` });
    await expectEventIds(t, stream, [missed, missedToo], `replayed after ?lastEventId=${seen}`);
  },
);

check(
  'the Last-Event-ID header wins over ?lastEventId; a malformed header falls back to the query',
  {
    task: 8,
    hint: [
      `The header is what EventSource sends when it reconnects by itself, so it is the newer of the two: ${DOCS.spec}`,
      'Parse the header first and use the query parameter only when the header gives no id.',
      "parse(request.headers['last-event-id']) ?? parse(request.query.lastEventId)  (not the other way round)",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const { seen, missed, missedToo } = await missedWhileAway(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const both = await openStream(t, app, 'alice', {
      token,
      label: 'alice (header and query)',
      headers: { 'last-event-id': String(missed) },
      query: `&lastEventId=${seen}`,
    });
    await expectEventIds(t, both, [missedToo], `Last-Event-ID ${missed} and ?lastEventId=${seen}: the header wins`);
    const badHeader = await openStream(t, app, 'alice', {
      token,
      label: 'alice (bad header)',
      headers: { 'last-event-id': 'abc' },
      query: `&lastEventId=${seen}`,
    });
    await expectEventIds(
      t,
      badHeader,
      [missed, missedToo],
      `Last-Event-ID "abc" and ?lastEventId=${seen}: the query is used`,
    );
  },
);

check(
  'a malformed last event id ("", "-1", "1e2", "1.5", "abc") is ignored: the stream starts live, without a reset; "<run>-0" is well formed',
  {
    task: 8,
    hint: [
      `Only "<run>-<n>" is an id this server could have sent (n = 0 too: a reset carries <run>-0 when nothing of the user's is kept); anything else counts as absent. ${DOCS.customDecorators}`,
      "Test the text with a regular expression of the id's whole form, 8 hex digits, a dash and digits (/^[0-9a-f]{8}-\\d{1,15}$/); anything else is undefined.",
      "const parse = (value: unknown) => (typeof value === 'string' && /^[0-9a-f]{8}-\\d{1,15}$/.test(value) ? value : undefined);",
    ],
  },
  async (t) => {
    const app = await startApp(t, { streamsPerUser: 6 });
    const { carol, seen, missed, missedToo } = await missedWhileAway(t, app);
    const token = await rememberedLogIn(t, app, 'alice');
    const streams: [string, SseStreamUnderTest][] = [];
    for (const bad of ['', '-1', '1e2', '1.5', 'abc']) {
      const label = `alice (Last-Event-ID ${JSON.stringify(bad)})`;
      streams.push([bad, await openStream(t, app, 'alice', { token, label, headers: { 'last-event-id': bad } })]);
    }
    // <run>-0 is no notification's id, but it is well formed: a reset carries it when nothing of hers is kept.
    const zero = `${EVENT_ID.exec(seen)?.[1] ?? 'ffffffff'}-0`;
    const fromZero = await openStream(t, app, 'alice', {
      token,
      label: `alice (Last-Event-ID ${zero})`,
      headers: { 'last-event-id': zero },
    });
    const live = await publishId(t, app, carol, { title: 'live', body: 'for everyone' });
    for (const [bad, stream] of streams) {
      await expectEventIds(t, stream, [live], `Last-Event-ID ${JSON.stringify(bad)} is not an id: start live`);
    }
    const expected = [seen, missed, missedToo, live];
    await fromZero.nextEvent({ where: (frame) => frame.id === live, what: `with the id ${live} (published live)` });
    t.expect(
      describeEvents(fromZero).join() === expected.join(),
      `Expected alice's stream opened with Last-Event-ID ${zero} to replay all of hers kept (${formatValue(expected.slice(0, -1))}), ` +
        `then ${live} live, but it received ${formatValue(describeEvents(fromZero))}: ${zero} is a well-formed id of this run ` +
        "(<n> may be 0: a reset carries it when nothing of the user's is kept). @LastEventId() (last-event-id.decorator.ts) " +
        'takes it as an id, and the replay (notifications.service.ts) replays what came after it.',
    );
  },
);

check(
  "one user's notifications never push another user's out of the backlog: bob resumes after alice sent herself 20 (REPLAY_LIMIT 5)",
  {
    task: 8,
    hint: [
      `A backlog shared by everyone lets one member erase what everyone else missed: a burst of notifications to herself pushes the others' out. The provided ReplayBacklog keeps one per recipient, plus one for notifications to everyone: replay from it, not from a list of your own. ${DOCS.spec}`,
      "publish() hands every notification to this.backlog.keep(addressed); replay() reads this.backlog.of(user.id).recent: that user's notifications and those to everyone, oldest first, whatever others received.",
      "this.backlog.keep(addressed); // in publish(), every notification\n…\nconst { recent } = this.backlog.of(user.id); // in replay(): hers and everyone's, oldest first\nreturn recent.filter((n) => n.sequence > after).map(…);",
    ],
  },
  async (t) => {
    const app = await startApp(t, { replayLimit: 5, publishesPerMinute: 100 });
    const alice = await rememberedLogIn(t, app, 'alice');
    const seen = await publishId(t, app, alice, { to: 'bob', title: 'seen', body: 'bob had this one' });
    const missed = await publishId(t, app, alice, { to: 'bob', title: 'missed', body: 'bob was away' });
    for (let i = 1; i <= 20; i++)
      await publishId(t, app, alice, { to: 'alice', title: `note ${i}`, body: 'alice writes to herself' });
    const bob = await openStream(t, app, 'bob', { label: `bob (after ${seen})`, query: `&lastEventId=${seen}` });
    await expectEventIds(
      t,
      bob,
      [missed],
      `alice sent bob ${seen} and ${missed}, then herself 20 with REPLAY_LIMIT 5: bob, resuming after ${seen}, is replayed ${missed}`,
    );
  },
);

// ── Task 9 · say when a replay cannot be complete ────────────────────────────────────────────────────────────────────

check(
  'an id the server cannot replay from (one from an earlier run, one it never gave out) starts the stream with event: reset, whose id is the newest of hers',
  {
    task: 9,
    hint: [
      `When the server cannot know what a client missed, it must say so instead of skipping silently: send an event that tells the client some notifications may be lost. ${DOCS.spec}`,
      "Replay is complete only for an id of this run (its <run> part), not below the backlog's replayableAfter, not above the newest number given. Otherwise emit { type: 'reset', id, data: { message } } and go live; the id is the user's newest notification kept (else replayableAfter), never the newest of all (that tells them when others were notified).",
      "private readonly run = randomBytes(4).toString('hex'); // task 5's\nprivate lastSequence = 0; // task 5's\n…\nconst [run, number] = lastEventId.split('-');\nconst after = Number(number);\nconst { recent, replayableAfter } = this.backlog.of(user.id);\nif (run !== this.run || after < replayableAfter || after > this.lastSequence)\n  return [{ type: 'reset', id: `${this.run}-${recent.at(-1)?.sequence ?? replayableAfter}`, data: { message: 'some notifications may be lost' } }];",
    ],
  },
  async (t) => {
    const earlier = await startApp(t, {}, 'earlier run');
    const carol = await rememberedLogIn(t, earlier, 'carol');
    const fromEarlierRun = await publishId(t, earlier, carol, { title: 'earlier run', body: '…' });
    await earlier.close();
    const app = await startApp(t);
    const newest = await publishId(t, app, carol, { title: 'this run', body: '…' });
    const notHers = await publishId(t, app, carol, { to: 'bob', title: 'for bob', body: 'published last' });
    const [, run, number] = EVENT_ID.exec(newest) ?? ['', 'ffffffff', '0'];
    const token = await rememberedLogIn(t, app, 'alice');
    const cases: [string, string][] = [
      ['an id from an earlier run', fromEarlierRun],
      ['an id this run never gave out', `${run}-${Number(number) + 1000}`],
    ];
    const streams: [string, SseStreamUnderTest, string][] = [];
    for (const [what, id] of cases) {
      streams.push([
        what,
        await openStream(t, app, 'alice', { token, label: `alice (${what})`, headers: { 'last-event-id': id } }),
        id,
      ]);
    }
    for (const [what, stream, sent] of streams) {
      const first = await stream.nextEvent({ what: `(event: reset, for ${what})` });
      t.expectEqual(
        first.event,
        'reset',
        `the event: line of the first event after resuming from ${what} (${JSON.stringify(first.raw)})`,
      );
      t.expect(
        first.id !== undefined && EVENT_ID.test(first.id) && first.data !== undefined,
        `Expected the reset event to carry an id: to resume from and a data: line (EventSource drops an event without data), but it was ${JSON.stringify(first.raw)}.`,
      );
      t.expect(
        first.id !== notHers,
        `Expected the reset's id to be alice's newest notification (${newest}), but it was ${notHers}, carol's newest to bob: ` +
          'the newest id of all tells every user when, and how often, others are notified.',
      );
      t.expect(
        !(first.data ?? '').includes(sent),
        `Expected the reset's data to quote nothing the client sent, but it repeats the Last-Event-ID ${sent} ` +
          `(${JSON.stringify(first.raw)}): say in fixed words that some notifications may be lost, in NotificationsService ` +
          '(notifications.service.ts); the id: line already says where to resume.',
      );
    }
    const resetId = streams[0][1].events[0].id ?? '';
    const live = await publishId(t, app, carol, { title: 'live', body: 'after the reset' });
    for (const [what, stream] of streams) {
      await expectEventIds(t, stream, ['reset', live], `after the reset for ${what}, live notifications`);
    }
    const resumed = await openStream(t, app, 'alice', {
      token,
      label: 'alice (from the reset id)',
      headers: { 'last-event-id': resetId },
    });
    await expectEventIds(
      t,
      resumed,
      [live],
      `resuming from the reset event's id ${resetId}: ${live} is replayed, no reset`,
    );
  },
);

check(
  'after a restart with the clock set back, a resume from an id of the run before gets event: reset, never a replay',
  {
    task: 9,
    alone: 'it sets the clock of the whole process back',
    hint: [
      `A new run may give out ids that an earlier run gave out too (its clock was set back, or the earlier run's ids ran ahead of the clock in a burst); a resume must never take them for the same notifications. ${DOCS.spec}`,
      "Compare the <run> part of the id the client sent with this run's: another run means reset, whatever its number says.",
      "private readonly run = randomBytes(4).toString('hex'); // drawn once per start of the app (task 5)\n…\nconst [run, number] = lastEventId.split('-');\nif (run !== this.run || …) return [{ type: 'reset', … }];",
    ],
  },
  async (t) => {
    const earlier = await startApp(t, {}, 'earlier run');
    const carol = await rememberedLogIn(t, earlier, 'carol');
    const seen = await publishId(t, earlier, carol, { title: 'seen', body: 'alice had this one' });
    const missed = await publishId(t, earlier, carol, {
      to: 'alice',
      title: 'missed',
      body: 'alice never got this one',
    });
    await earlier.close();
    const realNow = Date.now;
    // Ids that are times would be the hardest case: the clock stands 1 ms before the earlier run's id, so the
    // later run gives out that very number again. Any other id: a minute back.
    const back = /^\d+$/.test(seen) ? Number(seen) - 1 : realNow() - 60_000;
    t.note(`the clock is set back ${realNow() - back} ms and stands still while the app starts again and publishes`);
    Date.now = () => back;
    let app: AppUnderTest;
    const later: string[] = [];
    try {
      app = await startApp(t, {}, 'later run');
      for (let i = 1; i <= 3; i++)
        later.push(await publishId(t, app, carol, { title: `later ${i}`, body: 'for everyone' }));
    } finally {
      Date.now = realNow;
    }
    t.note(`the earlier run gave out ${seen} and ${missed}; the later run ${later.join(', ')}`);
    const alice = await openStream(t, app, 'alice', { headers: { 'last-event-id': seen } });
    const first = await alice.nextEvent({ what: `(event: reset: ${seen} is an id of the run before)` });
    t.expectEqual(
      first.event,
      'reset',
      `the first event when alice resumes after ${seen}, an id of the run before the restart (she missed ${missed}, which this run cannot replay; ${JSON.stringify(first.raw)})`,
    );
  },
);

check(
  'replay keeps exactly the last REPLAY_LIMIT notifications; resuming from before them starts with event: reset',
  {
    task: 9,
    hint: [
      `The server keeps a bounded backlog, so a client away for too long cannot be replayed to: it must be told. ${DOCS.spec}`,
      "The provided ReplayBacklog keeps each recipient's newest REPLAY_LIMIT and remembers what it dropped: this.backlog.of(user.id).replayableAfter is the number after which its replay is complete. An id below it cannot be replayed from: send the reset instead.",
      "const { replayableAfter } = this.backlog.of(user.id);\nif (after < replayableAfter) return [{ type: 'reset', id: …, data: { message } }]; // something after the id was dropped",
    ],
  },
  async (t) => {
    for (const limit of [2, 5]) {
      const app = await startApp(t, { replayLimit: limit }, `app (REPLAY_LIMIT ${limit})`);
      const carol = await rememberedLogIn(t, app, 'carol');
      const ids: string[] = [];
      for (let i = 1; i <= limit + 2; i++)
        ids.push(await publishId(t, app, carol, { title: `number ${i}`, body: 'for everyone' }));
      const token = await rememberedLogIn(t, app, 'alice');
      const kept = ids.slice(-limit);
      const complete = await openStream(t, app, 'alice', {
        token,
        label: `alice (after ${ids[1]}, limit ${limit})`,
        query: `&lastEventId=${ids[1]}`,
      });
      await expectEventIds(
        t,
        complete,
        kept,
        `${formatValue(ids)} published with REPLAY_LIMIT ${limit}: after ${ids[1]}, the last ${limit} are all still kept`,
      );
      const tooOld = await openStream(t, app, 'alice', {
        token,
        label: `alice (after ${ids[0]}, limit ${limit})`,
        query: `&lastEventId=${ids[0]}`,
      });
      const first = await tooOld.nextEvent({
        what: `(event: reset: ${ids[1]} was dropped, so what came after ${ids[0]} cannot all be replayed)`,
      });
      t.expectEqual(
        first.event,
        'reset',
        `the first event when resuming after ${ids[0]} with REPLAY_LIMIT ${limit} (${ids[1]} was dropped; ${JSON.stringify(first.raw)})`,
      );
    }
  },
);

check(
  'REPLAY_TOTAL bounds the notifications kept across all recipients (5 here, 40 recipients); a resume from an evicted id gets event: reset',
  {
    task: 9,
    hint: [
      `A backlog per recipient grows with the number of users: the provided ReplayBacklog bounds the total too (REPLAY_TOTAL), and keeps the eviction honest, so a client whose missed notification was evicted must get event: reset, not a silent gap. ${DOCS.spec}`,
      "Keep notifications only in this.backlog (no list or Map of your own in NotificationsService: it would grow past REPLAY_TOTAL), and compare the client's id with this.backlog.of(user.id).replayableAfter, which an eviction raises.",
      "this.backlog.keep(addressed); // the one place notifications are kept\n…\nconst { replayableAfter } = this.backlog.of(user.id);\nif (after < replayableAfter) return [{ type: 'reset', … }]; // what came after the id was evicted",
    ],
  },
  async (t) => {
    const total = 5;
    const app = await startApp(t, { replayTotal: total });
    const service = providerNamed<{ publish?: (...args: unknown[]) => unknown }>(app, 'NotificationsService');
    t.expect(service !== undefined, 'Expected the app to provide NotificationsService, but it was not found.');
    const carol = await rememberedLogIn(t, app, 'carol');
    const seen = await publishId(t, app, carol, { to: 'alice', title: 'seen', body: 'alice had this one' });
    const missed = await publishId(t, app, carol, {
      to: 'alice',
      title: 'missed',
      body: 'evicted while alice was away',
    });
    const recipients = 40;
    for (let i = 1; i <= recipients; i++)
      service!.publish!(
        seedUser('carol'),
        { title: `for reader ${i}`, body: '…' },
        { id: `reader-${i}`, name: `reader-${i}`, role: 'member' },
      );
    t.note(
      `carol notified alice (${seen}, ${missed}), then ${recipients} other recipients one each, with REPLAY_TOTAL ${total}`,
    );
    const held = notificationsHeldBy(service!);
    t.expect(
      held.size <= total,
      `Expected NotificationsService to hold at most REPLAY_TOTAL (${total}) notifications after ${recipients + 2} notifications to ${recipients + 1} recipients, but it holds ${held.size}: the backlogs must be bounded in all, not only per recipient.`,
    );
    for (const { field, size } of collectionsOf(service!)) {
      t.expect(
        size <= total,
        `Expected NotificationsService.${field} to hold at most ${total} entries (REPLAY_TOTAL) after ${recipients + 1} recipients were notified, but it holds ${size}: delete a backlog once it is empty.`,
      );
    }
    const alice = await openStream(t, app, 'alice', { label: `alice (after ${seen})`, query: `&lastEventId=${seen}` });
    const first = await alice.nextEvent({ what: `(event: reset: ${missed} was evicted, so it cannot be replayed)` });
    t.expectEqual(
      first.event,
      'reset',
      `the first event when alice resumes after ${seen} (${missed}, hers, was evicted to keep REPLAY_TOTAL ${total}; ${JSON.stringify(first.raw)})`,
    );
  },
);

check(
  'a notification older than REPLAY_MAX_AGE_MS (300 ms here) is dropped: a resume from before it gets event: reset, and nothing is held',
  {
    task: 9,
    hint: [
      `Entries that no one comes back for must not stay forever: the provided ReplayBacklog drops those older than REPLAY_MAX_AGE_MS; a client that missed one must be told with event: reset. ${DOCS.spec}`,
      'Keep notifications only in this.backlog, and read this.backlog.of(user.id) when the client resumes: it drops what is too old first, and its replayableAfter then says that the id is too old to replay from.',
      "const { replayableAfter } = this.backlog.of(user.id); // read at resume, after the old ones are dropped\nif (after < replayableAfter) return [{ type: 'reset', … }];",
    ],
  },
  async (t) => {
    const maxAge = 300;
    const app = await startApp(t, { replayMaxAgeMs: maxAge });
    const service = providerNamed<object>(app, 'NotificationsService');
    t.expect(service !== undefined, 'Expected the app to provide NotificationsService, but it was not found.');
    const carol = await rememberedLogIn(t, app, 'carol');
    const seen = await publishId(t, app, carol, { to: 'alice', title: 'seen', body: 'alice had this one' });
    const missed = await publishId(t, app, carol, { to: 'alice', title: 'missed', body: 'too old to replay' });
    await t.wait(maxAge + 200, `${missed} grows older than REPLAY_MAX_AGE_MS (${maxAge} ms)`);
    const alice = await openStream(t, app, 'alice', { label: `alice (after ${seen})`, query: `&lastEventId=${seen}` });
    const first = await alice.nextEvent({ what: `(event: reset: ${missed} is older than REPLAY_MAX_AGE_MS)` });
    t.expectEqual(
      first.event,
      'reset',
      `the first event when alice resumes after ${seen}, ${missed} being older than REPLAY_MAX_AGE_MS ${maxAge} (${JSON.stringify(first.raw)})`,
    );
    const held = notificationsHeldBy(service!);
    t.expect(
      held.size === 0,
      `Expected NotificationsService to hold no notification once both were older than REPLAY_MAX_AGE_MS (${maxAge} ms), but it holds ${formatValue([...held])}.`,
    );
  },
);

// ── Task 10 · heartbeat ───────────────────────────────────────────────────────────────────────────────────────────────

check(
  'an idle stream gets a ": keep-alive" comment every HEARTBEAT_MS (400 ms here), without an id',
  {
    task: 10,
    hint: [
      `Proxies close responses that stay silent; a comment every HEARTBEAT_MS keeps the stream busy without an event for the client: ${DOCS.rxjs}`,
      'Merge the stream with interval(heartbeatMs) mapped to { comment: \'keep-alive\' }; Nest writes a comment-only MessageEvent as ": keep-alive" with no id.',
      "merge(events, interval(this.config.heartbeatMs).pipe(map(() => ({ comment: 'keep-alive' }))))",
    ],
  },
  async (t) => {
    const period = 400;
    const app = await startApp(t, { heartbeatMs: period });
    // The server's interval cannot start before the request is sent: time from there, not from when a
    // busy machine let the client see the stream open.
    const sinceRequest = t.stopwatch();
    const alice = await openStream(t, app, 'alice');
    const frame = await alice.nextComment({ within: 3000, what: `(": keep-alive", HEARTBEAT_MS ${period})` });
    const after = sinceRequest.wall();
    t.note(`the first comment came ${after} ms after the stream was asked for`);
    t.expect(
      frame.comments.includes('keep-alive') && frame.id === undefined,
      `Expected the heartbeat to be the comment ": keep-alive" alone, without an id, but the frame was ${JSON.stringify(frame.raw)}.`,
    );
    t.expect(
      after >= period * 0.6,
      `Expected the first ": keep-alive" about HEARTBEAT_MS (${period} ms) after the stream opened, but it came after ${after} ms: ` +
        'read the period from the configuration, do not fix it in the code.',
    );
    await alice.nextComment({ within: 3000, what: '(a second ": keep-alive")' });
  },
);

// ── Task 11 · end the stream when its token expires ───────────────────────────────────────────────────────────────────

check(
  "a stream ends at its access token's exp with event: auth-expired, whose id resumes without a gap",
  {
    task: 11,
    within: 10_000,
    hint: [
      `A ticket buys a stream, not an unlimited session: end the stream when the access token it came from expires, and say why, so the page can log in again and resume. ${DOCS.rxjs}`,
      "In streamFor(), merge a timer(new Date(auth.tokenExp * 1000)) mapped to { type: 'auth-expired', id, data: { message } } and end with takeWhile(…, true) after that event. The id is the one task 9's reset carries: the user's newest, read when the timer fires.",
      "events.pipe(\n  mergeWith(timer(new Date(auth.tokenExp * 1000)).pipe(map(() => ({ type: 'auth-expired', id: …, data: { message } })))),\n  takeWhile((e) => e.type !== 'auth-expired', true),\n)\n// id: the one task 9's reset carries (her newest notification kept), read inside map(), when the timer fires",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await tokenExpiringSoon(t, app, 'alice');
    const exp = tokenExp(token) * 1000;
    const alice = await openStream(t, app, 'alice', { token });
    const bob = await rememberedLogIn(t, app, 'bob');
    const before = await publishId(t, app, bob, { to: 'alice', title: 'before expiry', body: '…' });
    const notHers = await publishId(t, app, bob, { to: 'carol', title: 'for carol', body: 'published last' });
    t.note(`alice's token expires at +${Math.round(exp - Date.now())} ms from now`);
    const frame = await alice.nextEvent({
      where: (candidate) => candidate.event !== 'notification',
      within: Math.max(0, exp - Date.now()) + 1500,
      what: '(event: auth-expired, when her token expired)',
    });
    const late = Date.now() - exp;
    t.expectEqual(
      frame.event,
      'auth-expired',
      `the event: line of the event that ended alice's stream (${JSON.stringify(frame.raw)})`,
    );
    t.expect(
      late >= -50,
      `Expected auth-expired when alice's token expired, not before, but it came ${-late} ms before its exp.`,
    );
    t.expect(
      await alice.ended(1000),
      'Expected the server to end the response after event: auth-expired, but it was still open 1000 ms later.',
    );
    t.expect(
      frame.id === before && frame.data !== undefined,
      `Expected event: auth-expired to carry the id of alice's newest notification (${before}) to resume from, and a data: line, but it was ${JSON.stringify(frame.raw)}` +
        (frame.id === notHers
          ? `: ${notHers} is bob's notification to carol, and tells alice when others are notified.`
          : '.'),
    );
    const missed = await publishId(t, app, bob, { to: 'alice', title: 'while logged out', body: '…' });
    const fresh = await rememberedLogIn(t, app, 'alice');
    const resumed = await openStream(t, app, 'alice', {
      token: fresh,
      label: 'alice (logged in again)',
      query: `&lastEventId=${frame.id}`,
    });
    await expectEventIds(
      t,
      resumed,
      [missed],
      `resuming from the auth-expired id ${frame.id}: only what came after it`,
    );
  },
);

// ── Task 12 · count open streams ─────────────────────────────────────────────────────────────────────────────────────

check(
  'GET /notifications/stats counts open streams: up while they are open, back to where it was after 50 open/close cycles',
  {
    task: 12,
    within: 10_000,
    hint: [
      `Nest unsubscribes from the Observable when the client disconnects; count a stream from its subscription to its end, however it ends: ${DOCS.rxjs}`,
      "Increment a counter when the stream is subscribed to (inside streamFor's defer()), decrement it in finalize(), which runs on complete, error and unsubscribe alike; the `subscribers` getter returns it.",
      "private openStreams = 0;\n…\nthis.openStreams++; // in streamFor()'s defer()\nstream = stream.pipe(finalize(() => this.openStreams--));\n…\nget subscribers(): number {\n  return this.openStreams;\n}",
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await rememberedLogIn(t, app, 'alice');
    const { subscribers: baseline } = await readStats(t, app);
    const one = await openStream(t, app, 'alice', { token, label: 'alice (tab 1)' });
    const two = await openStream(t, app, 'alice', { token, label: 'alice (tab 2)' });
    await expectStat(t, app, 'subscribers', baseline + 2, 'while alice has two streams open');
    await one.close();
    await expectStat(t, app, 'subscribers', baseline + 1, 'after one of them closed');
    await two.close();
    await expectStat(t, app, 'subscribers', baseline, 'after both closed');
    const cycles = 50;
    t.note(`opening and closing ${cycles} streams, one after the other`);
    for (let i = 0; i < cycles; i++) {
      const reply = await t.request(app, ROUTES.ticket, { method: 'POST', headers: bearer(token), quiet: true });
      const { ticket } = reply.body as { ticket: string };
      const stream = await t.stream(`cycle ${i + 1}`, app, streamPath(ticket), { quiet: i > 0 });
      if (stream.status !== 200) await expectEventStream(t, stream, `stream ${i + 1} of ${cycles}`);
      await stream.close();
    }
    await expectStat(t, app, 'subscribers', baseline, `after ${cycles} streams were opened and closed`);
  },
);

check(
  'a closed stream leaves no timer behind: after 20 streams opened and closed, the active timers are back to their count',
  {
    task: 12,
    alone: "it counts the process's timers",
    within: 10_000,
    hint: [
      `Every timer a stream starts (the heartbeat, the token's expiry) must stop when the client leaves; a setInterval nobody clears keeps running for ever: ${DOCS.rxjs}`,
      'Build timers with RxJS (interval(), timer()) inside the stream, so unsubscribing clears them; a hand-made new Observable(…) must return a teardown that calls clearInterval.',
      'merge(events, interval(ms).pipe(map(() => KEEP_ALIVE)))  — or: new Observable((s) => { const id = setInterval(…); return () => clearInterval(id); })',
    ],
  },
  async (t) => {
    const app = await startApp(t, { heartbeatMs: 60_000, streamsPerUser: 20 });
    const token = await rememberedLogIn(t, app, 'alice');
    const before = await settledTimers();
    t.note(`active timers before: ${before}`);
    const streams: SseStreamUnderTest[] = [];
    for (let i = 0; i < 20; i++) {
      const reply = await t.request(app, ROUTES.ticket, { method: 'POST', headers: bearer(token), quiet: true });
      const { ticket } = reply.body as { ticket: string };
      const stream = await t.stream(`stream ${i + 1}`, app, streamPath(ticket), { quiet: i > 0 });
      if (stream.status !== 200) await expectEventStream(t, stream, `stream ${i + 1} of 20`);
      streams.push(stream);
    }
    await expectStat(t, app, 'subscribers', 20, 'while 20 streams are open');
    for (const stream of streams) await stream.close();
    await expectStat(t, app, 'subscribers', 0, 'after the 20 streams closed');
    let after = await settledTimers();
    await eventually(1000, async () => (after = await settledTimers()) <= before, 20);
    t.note(`active timers after: ${after}`);
    t.expect(
      after <= before,
      `Expected no more active timers after 20 streams were opened and closed than before (${before}), but there were ${after}: ` +
        `${after - before} timer(s) outlived the streams that started them.`,
    );
  },
);

// ── Task 13 · end every stream when the app closes ───────────────────────────────────────────────────────────────────

check(
  'closing the app ends open streams promptly and leaves no stream timer behind',
  {
    task: 13,
    alone: "it counts the process's timers",
    hint: [
      `app.close() calls onModuleDestroy(); complete every open stream there, so Nest ends the responses and the server can close: ${DOCS.lifecycle}`,
      'Pipe each stream through takeUntil(closing$) and emit on closing$ in onModuleDestroy(); a ReplaySubject(1) also ends a stream that subscribes after that.',
      'private readonly closing$ = new ReplaySubject<void>(1);  onModuleDestroy() { this.closing$.next(); }  …  stream.pipe(takeUntil(this.closing$), finalize(…))',
    ],
  },
  async (t) => {
    const app = await startApp(t, { heartbeatMs: 60_000 });
    const token = await rememberedLogIn(t, app, 'alice');
    const before = await settledTimers();
    const alice = await openStream(t, app, 'alice', { token });
    const other = await openStream(t, app, 'alice', { token, label: 'alice (tab 2)' });
    const started = performance.now();
    await withDeadline(
      app.close(),
      1000,
      () =>
        new CheckFailure(
          `Expected app.close() to finish within 1000 ms with two streams open, but it had not (${alice.describeReceived()}).`,
        ),
    );
    t.note(`app.close() took ${Math.round(performance.now() - started)} ms`);
    t.expect(
      await alice.ended(500),
      "Expected closing the app to end alice's stream, but it was still open 500 ms later.",
    );
    t.expect(
      await other.ended(500),
      "Expected closing the app to end alice's second stream, but it was still open 500 ms later.",
    );
    const sent = alice.events
      .filter((frame) => frame.event !== undefined || frame.data !== undefined)
      .map((frame) => frame.event ?? 'message');
    t.expect(
      sent.length === 0,
      `Expected the stream to end without an event when the app closes (her token is still valid), but it sent ${sent.join(', ')}: ` +
        'a shutdown is not an expiry, and a client told auth-expired would log in again for nothing.',
    );
    let after = await settledTimers();
    await eventually(1000, async () => (after = await settledTimers()) <= before, 20);
    t.expect(
      after <= before,
      `Expected no more active timers once the app had closed than before its streams opened (${before}), but there were ${after}.`,
    );
  },
);

// ── Task 14 · streams per user ───────────────────────────────────────────────────────────────────────────────────────

check(
  'one stream more than STREAMS_PER_USER (2 here) is refused with 429 before any stream byte; closing one lets the next in',
  {
    task: 14,
    within: 10_000,
    hint: [
      `Each open stream holds a connection, a subscription and timers: bound how many one user may hold. A refusal must come before Nest sends the stream's headers. ${DOCS.sse}`,
      "Count each user's open streams in NotificationsService (a Map from user id to a number); in streamFor()'s defer(), throw an HttpException with HttpStatus.TOO_MANY_REQUESTS when the count has reached streamsPerUser, else count one more; finalize() counts it down.",
      "private readonly openStreamsByUser = new Map<string, number>(); // user id → streams open\n…\nconst open = this.openStreamsByUser.get(auth.user.id) ?? 0;\nif (open >= this.config.streamsPerUser) throw new HttpException('…close one…', HttpStatus.TOO_MANY_REQUESTS);\nthis.openStreamsByUser.set(auth.user.id, open + 1);",
    ],
  },
  async (t) => {
    const app = await startApp(t, { streamsPerUser: 2 });
    const token = await rememberedLogIn(t, app, 'alice');
    const first = await openStream(t, app, 'alice', { token, label: 'alice (tab 1)' });
    await openStream(t, app, 'alice', { token, label: 'alice (tab 2)' });
    const third = await t.stream('alice (tab 3)', app, streamPath(await ticketFor(t, app, token, 'alice')));
    const type = String(third.headers['content-type'] ?? '');
    const body = type.startsWith('text/event-stream') ? third.describeReceived() : await third.body();
    t.expect(
      third.status === 429 && !type.startsWith('text/event-stream'),
      `Expected alice's third stream with STREAMS_PER_USER 2 to be refused with 429 before any stream byte, but it answered ${third.status} ${type} ${formatValue(body, 200)}.`,
    );
    await openStream(t, app, 'bob');
    await first.close();
    let status = 0;
    await eventually(
      1000,
      async () => {
        const ticket = await ticketFor(t, app, token, 'alice');
        const again = await t.stream('alice (tab 3, again)', app, streamPath(ticket), { quiet: true });
        status = again.status;
        if (status !== 200) await again.close();
        return status === 200;
      },
      50,
    );
    t.expect(
      status === 200,
      `Expected alice to open a stream again once one of her two had closed, but she got ${status}: a stream that ends must give its place back.`,
    );
  },
);

// ── Task 15 · a client that stops reading ────────────────────────────────────────────────────────────────────────────

check(
  'a client that stops reading is dropped once about 1 MiB of events waits for it (maxPendingDataLength), and its stream ends',
  {
    task: 15,
    within: 20_000,
    alone: 'it publishes tens of thousands of notifications in bursts, which would delay the other checks',
    hint: [
      `Nest keeps the events a client does not read in memory, up to 4M characters per stream by default; with many stalled clients that is a lot of memory. Lower the limit on the route. ${DOCS.sse}`,
      "@Sse()'s second argument, the provided STREAM_OPTIONS in notifications.controller.ts, takes maxPendingDataLength: the characters of events that may wait for one client before Nest drops the connection (its EventSource then reconnects and resumes). The stream route must pass STREAM_OPTIONS to @Sse().",
      "const STREAM_OPTIONS: SseOptions = { maxPendingDataLength: 1024 * 1024 };\n…\n@Sse('stream', STREAM_OPTIONS)",
    ],
  },
  async (t) => {
    const app = await startApp(t, { replayLimit: 10 });
    const notifications = providerNamed<{ publish?: (...args: unknown[]) => unknown }>(app, 'NotificationsService');
    const token = await rememberedLogIn(t, app, 'alice');
    const ticket = await ticketFor(t, app, token, 'alice');
    const { socket, received } = rawRequests(app, [streamPath(ticket)]);
    t.defer(() => {
      socket.destroy();
    });
    await eventually(2000, async () => received().includes('\r\n\r\n'), 20);
    t.expect(
      received().startsWith('HTTP/1.1 200'),
      `Expected the stream to open, but it answered ${formatValue(received().split('\r\n')[0])}.`,
    );
    socket.pause();
    t.note('alice stops reading her stream; notifications of 1000 characters pile up for her');
    const logged = t.transcript.mark();
    const body = 'x'.repeat(1000);
    let sent = 0;
    const dropped = () => t.transcript.since(logged).some((line) => /not reading its events/.test(line));
    while (!dropped() && sent < 40_000) {
      for (let i = 0; i < 500; i++)
        notifications!.publish!(seedUser('carol'), { title: 'Filler', body }, seedUser('alice'));
      sent += 500;
      await new Promise((resolve) => setImmediate(resolve));
    }
    t.note(`${sent} notifications (${Math.round((sent * 1100) / 1024 / 1024)} MiB) published for alice`);
    const warning = t.transcript.since(logged).find((line) => /not reading its events/.test(line)) ?? '';
    const limit = Number(/maximum allowed (\d+)/.exec(warning)?.[1] ?? NaN);
    t.expect(
      dropped() && limit <= 1024 * 1024,
      dropped()
        ? `Expected the stream to let go of alice once about 1 MiB (1048576 characters) of events waited for her, but Nest's limit was ${limit}.`
        : `Expected Nest to drop alice's stream while she read nothing, but ${sent} notifications of 1000 characters were published and it kept them all.`,
    );
    await expectStat(t, app, 'subscribers', 0, 'once alice was dropped', 2000);
  },
);
