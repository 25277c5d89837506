import { EventSource } from 'eventsource';
import type { AppUnderTest } from './support/app-under-test.js';
import type { CheckContext } from './support/check-context.js';
import { lessonChecks } from './support/check.js';
import { CheckFailure } from './support/check-failure.js';
import { withDeadline } from './support/deadline.js';
import { formatValue } from './support/format-value.js';
import { eventually } from './support/polling.js';
import { logIn, type SeedUser } from './support/seed-users.js';
import { SseStreamUnderTest, type SseFrame, type SseOpenOptions } from './support/sse-stream.js';

const { check } = lessonChecks('03-sse-push');

const HEARTBEAT_MS = 200;
const TICKET_TTL = 30;
const CONFIG = {
  jwtSecret: 'checks-only-secret-for-lesson-3-0123456789',
  tokenTtl: 300,
  ticketTtl: TICKET_TTL,
  heartbeatMs: HEARTBEAT_MS,
  replayLimit: 100,
};


interface NotificationData {
  id: number;
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

function startApp(t: CheckContext, overrides: Record<string, unknown> = {}): Promise<AppUnderTest> {
  return t.app({ ...CONFIG, ...overrides });
}

/**
 * Access tokens by user. A token is a JWT signed with CONFIG.jwtSecret, so one
 * from an earlier check's app is valid in every app these checks start; this
 * saves a slow scrypt login per user and check. Nothing in an app depends on it.
 */
const tokens = new Map<SeedUser, string>();

async function login(t: CheckContext, app: AppUnderTest, name: SeedUser): Promise<string> {
  const cached = tokens.get(name);
  if (cached) {
    t.note(`${name} reuses the access token from an earlier POST /auth/login (same JWT_SECRET)`);
    return cached;
  }
  const token = await logIn(t, app, name);
  tokens.set(name, token);
  return token;
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

async function ticketFor(t: CheckContext, app: AppUnderTest, token: string, name: SeedUser): Promise<string> {
  const reply = await t.request(app, '/notifications/ticket', { method: 'POST', headers: bearer(token) });
  t.expect(
    reply.status >= 200 && reply.status < 300 && typeof reply.body?.ticket === 'string' && reply.body.ticket !== '',
    `Expected POST /notifications/ticket with ${name}'s access token to answer 201 { ticket, expiresIn }, ` +
      `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
  );
  return reply.body.ticket;
}

async function publish(t: CheckContext, app: AppUnderTest, token: string, notification: NewNotification): Promise<number> {
  const reply = await t.request(app, '/notifications', { json: notification, headers: bearer(token) });
  t.expect(
    reply.status === 201 && typeof reply.body?.id === 'number',
    `Expected POST /notifications ${formatValue(notification)} to answer 201 { id } with a numeric id, ` +
      `but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
  );
  return reply.body.id;
}

async function sse(
  t: CheckContext,
  app: AppUnderTest,
  name: string,
  path: string,
  options: SseOpenOptions = {},
): Promise<SseStreamUnderTest> {
  const stream = await SseStreamUnderTest.open(t.transcript, name, app.url, path, options);
  t.defer(() => stream.close());
  return stream;
}

function streamPath(ticket: string, query = ''): string {
  return `/notifications/stream?ticket=${encodeURIComponent(ticket)}${query}`;
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
  const token = options.token ?? (await login(t, app, name));
  const ticket = await ticketFor(t, app, token, name);
  const label = options.label ?? name;
  const stream = await sse(t, app, label, streamPath(ticket, options.query), { headers: options.headers });
  await expectEventStream(t, stream, `GET /notifications/stream with ${label}'s fresh ticket`);
  return stream;
}

/** Fails unless `stream` was refused with a 401 JSON answer and no stream byte. */
async function expectRefused(t: CheckContext, stream: SseStreamUnderTest, what: string): Promise<void> {
  const type = String(stream.headers['content-type'] ?? '(no Content-Type)');
  if (type.startsWith('text/event-stream')) {
    await stream.ended(HEARTBEAT_MS);
    t.fail(
      `Expected ${what} to be refused with 401 JSON before any stream byte, but it answered ${stream.status} ` +
        `${type} and ${stream.describeReceived()}. Refuse the request in a guard (or before the handler returns ` +
        'its Observable): once the stream has started, no status can be sent any more.',
    );
  }
  const body = await stream.body();
  t.expect(
    stream.status === 401,
    `Expected ${what} to be refused with 401, but it answered ${stream.status} ${formatValue(body, 200)}.`,
  );
  t.expect(
    type.startsWith('application/json') && isJson(body),
    `Expected the 401 for ${what} to be JSON (like Nest's { statusCode, message }), but it was ${type} ${formatValue(body, 200)}.`,
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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

function eventIds(stream: SseStreamUnderTest): string[] {
  return stream.events.map((frame) => frame.id ?? '(no id)');
}

/** Waits for the event with the last of `expected` ids, then compares every event so far with `expected`, in order. */
async function expectEventIds(
  t: CheckContext,
  stream: SseStreamUnderTest,
  expected: number[],
  why: string,
): Promise<void> {
  const last = String(expected[expected.length - 1]);
  await stream.nextEvent({ where: (frame) => frame.id === last, what: `with the id ${last} (${why})` });
  t.expectEqual(eventIds(stream), expected.map(String), `the ids of the events ${stream.name}'s stream received (${why})`);
}

async function readSubscribers(t: CheckContext, app: AppUnderTest): Promise<number> {
  const reply = await t.request(app, '/notifications/stats');
  t.expect(
    reply.status === 200 && typeof reply.body?.subscribers === 'number',
    `Expected GET /notifications/stats to answer 200 { subscribers: <number> }, but it answered ${reply.status} ` +
      `${formatValue(reply.body ?? reply.text)}.`,
  );
  return reply.body.subscribers;
}

/** Polls the stats until they show `expected` subscribers; the server notices a client leaving asynchronously. */
async function expectSubscribers(
  t: CheckContext,
  app: AppUnderTest,
  expected: number,
  why: string,
  within = 1000,
): Promise<void> {
  let seen: unknown;
  await eventually(
    within,
    async () => {
      const reply = await fetch(`${app.url}/notifications/stats`);
      seen = ((await reply.json().catch(() => undefined)) as { subscribers?: unknown } | undefined)?.subscribers;
      return seen === expected;
    },
    20,
  );
  t.note(`GET /notifications/stats → subscribers ${formatValue(seen)}`);
  t.expect(
    seen === expected,
    `Expected GET /notifications/stats to show { subscribers: ${expected} } ${why} (within ${within} ms), but it showed ${formatValue(seen)}.`,
  );
}

check(
  'POST /auth/login gives a seed user an access token',
  {
    baseline: true,
    hint: [
      'This part is provided (src/auth and src/users, as in lesson 2). If it fails, compare them with the lesson 2 solution.',
      'The body is { username, password }; the users are alice, bob and carol with the passwords alice-secret, bob-secret and carol-secret.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await logIn(t, app, 'alice');
    t.expect(token.split('.').length === 3, `Expected the access token to be a JWT (three dot-separated parts), but it was ${formatValue(token)}.`);
  },
);

check(
  'POST /notifications without a valid access token is refused with 401',
  {
    baseline: true,
    hint: [
      'This part is provided: BearerAuthGuard on the route checks Authorization: Bearer <token> with the TokenService of lesson 2.',
      'The guard throws UnauthorizedException, which Nest sends as 401 JSON.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const notification = { title: 'Hello', body: 'Anyone there?' };
    for (const [headers, what] of [
      [{}, 'no Authorization header'],
      [bearer('not-a-token'), 'a malformed token'],
    ] as const) {
      const reply = await t.request(app, '/notifications', { json: notification, headers });
      t.expect(
        reply.status === 401 && reply.body?.statusCode === 401,
        `Expected POST /notifications with ${what} to answer 401 JSON, but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
      );
    }
  },
);

check(
  'POST /notifications with a bad body or an unknown recipient is refused with 400',
  {
    baseline: true,
    hint: [
      'This part is provided: PublishNotificationDto validates the body, and the controller looks `to` up with UsersService.',
      'title is 1–100 characters, body at most 1000, and `to` must name an existing user (leave it out to notify everyone).',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await login(t, app, 'bob');
    const bad: [unknown, string][] = [
      [{ body: 'no title' }, 'a missing title'],
      [{ title: '', body: 'x' }, 'an empty title'],
      [{ title: 'x'.repeat(101), body: 'x' }, 'a title of 101 characters'],
      [{ title: 'Long', body: 'x'.repeat(1001) }, 'a body of 1001 characters'],
      [{ to: 'mallory', title: 'Hi', body: 'x' }, 'a recipient who does not exist'],
    ];
    for (const [body, what] of bad) {
      const reply = await t.request(app, '/notifications', { json: body, headers: bearer(token) });
      t.expect(
        reply.status === 400 && reply.body?.statusCode === 400,
        `Expected POST /notifications with ${what} to answer 400 JSON, but it answered ${reply.status} ${formatValue(reply.body ?? reply.text)}.`,
      );
    }
  },
);

check(
  'POST /notifications/ticket gives a random ticket of at least 128 bits, valid for TICKET_TTL seconds',
  {
    hint: [
      "TODO 1: in TicketsService.issue(), make the ticket with randomBytes(32).toString('base64url'), keep it in this.issued with the user and its expiry, and return { ticket, expiresIn: config.ticketTtl }.",
      '128 bits are 16 bytes: at least 22 base64url or 32 hex characters. The ticket must not be the access token or anything derived from it: it is an opaque random value.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await login(t, app, 'alice');
    const first = await t.request(app, '/notifications/ticket', { method: 'POST', headers: bearer(token) });
    t.expect(
      first.status >= 200 && first.status < 300 && typeof first.body?.ticket === 'string',
      `Expected POST /notifications/ticket to answer 201 { ticket, expiresIn }, but it answered ${first.status} ${formatValue(first.body ?? first.text)}.`,
    );
    const ticket: string = first.body.ticket;
    t.expectEqual(first.body.expiresIn, TICKET_TTL, `expiresIn (TICKET_TTL is ${TICKET_TTL} s in this check)`);
    t.expect(
      /^[A-Za-z0-9_-]{22,}$/.test(ticket) || /^[0-9a-f]{32,}$/i.test(ticket),
      `Expected the ticket to carry at least 128 random bits (22+ base64url or 32+ hex characters), but it was ${formatValue(ticket)}.`,
    );
    t.expect(
      !token.includes(ticket) && !ticket.includes('.'),
      `Expected the ticket to be an opaque random value, not the access token or a JWT, but it was ${formatValue(ticket)}.`,
    );
    const second = await ticketFor(t, app, token, 'alice');
    t.expect(second !== ticket, `Expected every ticket to be new, but two requests both got ${formatValue(ticket)}.`);
  },
);

check(
  'the stream has the SSE headers: text/event-stream, no caching, X-Accel-Buffering: no',
  {
    hint: [
      "TODO 1–4: the stream opens once tickets work (TODO 1), the guard lets a valid ticket through (TODO 2) and the stream returns an Observable (TODO 4). @Sse('stream') then sets these headers for you.",
      'Do not write to the response yourself: return an Observable of MessageEvent from the @Sse() handler and Nest sends Content-Type: text/event-stream, Cache-Control: no-cache… and X-Accel-Buffering: no.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const cacheControl = String(alice.headers['cache-control'] ?? '');
    t.expect(
      /no-cache|no-store/.test(cacheControl),
      `Expected Cache-Control to forbid caching (no-cache or no-store), but it was ${formatValue(alice.headers['cache-control'])}.`,
    );
    t.expectEqual(alice.headers['x-accel-buffering'], 'no', 'the X-Accel-Buffering header (it stops nginx from buffering the stream)');
  },
);

check(
  'a published notification arrives as one event with id, event and data',
  {
    hint: [
      "TODO 3 and 4: publish() gives the notification the next id and pushes it to published$; eventsFor() turns it into { id: String(n.id), type: 'notification', data: n }.",
      'Nest writes `type` as the `event:` line and JSON-encodes an object `data`. The data is { id, title, body, from, at }: from is the sender\'s name, at an ISO 8601 time (new Date().toISOString()).',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const bob = await login(t, app, 'bob');
    const id = await publish(t, app, bob, { title: 'Deploy done', body: 'v1.4 is live' });
    const frame = await alice.nextEvent({ what: `for the notification ${id}` });
    t.expectEqual(frame.event, 'notification', `the event: line of ${JSON.stringify(frame.raw)}`);
    t.expectEqual(frame.id, String(id), `the id: line of ${JSON.stringify(frame.raw)} (POST /notifications answered { id: ${id} })`);
    const data = readNotification(t, frame, 'alice');
    const { at, ...rest } = data ?? ({} as NotificationData);
    t.expectEqual(rest, { id, title: 'Deploy done', body: 'v1.4 is live', from: 'bob' }, 'the event data (without `at`)');
    t.expect(
      typeof at === 'string' && Math.abs(Date.parse(at) - Date.now()) < 60_000,
      `Expected \`at\` to be the time of publishing as an ISO 8601 string, but it was ${formatValue(at)}.`,
    );
  },
);

check(
  'notification ids are one sequence of strictly increasing integers',
  {
    hint: [
      'TODO 3: every notification takes the next value of one counter (++this.lastId), whoever sends it and whoever receives it.',
      'The id of the SSE event is that same number, as a string: a client that resumes sends it back as Last-Event-ID.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const bob = await login(t, app, 'bob');
    const carol = await login(t, app, 'carol');
    const ids = [
      await publish(t, app, bob, { title: 'one', body: '1' }),
      await publish(t, app, carol, { title: 'two', body: '2' }),
      await publish(t, app, bob, { to: 'alice', title: 'three', body: '3' }),
    ];
    t.expect(
      ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1])),
      `Expected the ids POST /notifications answered to be strictly increasing integers, but they were ${formatValue(ids)}.`,
    );
    await expectEventIds(t, alice, ids, 'three notifications, in the order they were published');
  },
);

check(
  'a user receives notifications addressed to them and to everyone, nothing else',
  {
    hint: [
      'TODO 4: filter published$ so a user gets a notification when its recipientId is null (everyone) or their own id.',
      'publish() stores recipientId = recipient?.id ?? null. Compare with the stream user\'s id (the guard put the ticket\'s user on the request).',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const bob = await openStream(t, app, 'bob');
    const carolToken = await login(t, app, 'carol');
    const carol = await openStream(t, app, 'carol', { token: carolToken });
    const toBob = await publish(t, app, carolToken, { to: 'bob', title: 'For bob', body: 'b' });
    const toAlice = await publish(t, app, carolToken, { to: 'alice', title: 'For alice', body: 'a' });
    const toEveryone = await publish(t, app, carolToken, { title: 'For everyone', body: 'e' });
    const sent = `carol sent ${toBob} to bob, ${toAlice} to alice, ${toEveryone} to everyone`;
    await expectEventIds(t, alice, [toAlice, toEveryone], sent);
    await expectEventIds(t, bob, [toBob, toEveryone], sent);
    await expectEventIds(t, carol, [toEveryone], `${sent}: the sender is one of everyone`);
  },
);

check(
  'two streams of one user both receive, and the subscriber count counts streams',
  {
    hint: [
      'TODO 6: count each subscription in openStreams (openStreams++ inside defer(), openStreams-- in finalize()), not each user; and TODO 4: give every stream its own subscription to published$, with nothing that ends an earlier stream of the same user.',
      'A user can have the app open in two tabs: each tab has its own ticket and its own stream, and each must get every notification for that user. GET /notifications/stats counts open streams, so two tabs are two subscribers.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await login(t, app, 'alice');
    const baseline = await readSubscribers(t, app);
    const first = await openStream(t, app, 'alice', { token, label: 'alice (tab 1)' });
    const second = await openStream(t, app, 'alice', { token, label: 'alice (tab 2)' });
    await expectSubscribers(t, app, baseline + 2, 'while alice has two streams open');
    const bob = await login(t, app, 'bob');
    const id = await publish(t, app, bob, { to: 'alice', title: 'Both tabs', body: 'for alice' });
    await expectEventIds(t, first, [id], `bob sent ${id} to alice, who has two streams open`);
    await expectEventIds(t, second, [id], `bob sent ${id} to alice, who has two streams open`);
  },
);

async function checkResume(t: CheckContext, via: 'header' | 'query'): Promise<void> {
  const app = await startApp(t);
  const alice = await login(t, app, 'alice');
  const bob = await login(t, app, 'bob');
  const seen = await publish(t, app, bob, { title: 'seen', body: 'alice had this one' });
  const missed = await publish(t, app, bob, { to: 'alice', title: 'missed', body: 'for alice' });
  const notHers = await publish(t, app, bob, { to: 'carol', title: 'not hers', body: 'for carol' });
  const missedToo = await publish(t, app, bob, { title: 'missed too', body: 'for everyone' });
  t.note(`alice saw ${seen}, missed ${missed} and ${missedToo}; ${notHers} is for carol`);
  const stream =
    via === 'header'
      ? await openStream(t, app, 'alice', { token: alice, headers: { 'last-event-id': String(seen) } })
      : await openStream(t, app, 'alice', { token: alice, query: `&lastEventId=${seen}` });
  await expectEventIds(t, stream, [missed, missedToo], `replayed after ${seen}: alice's later notifications, in order`);
  const live = await publish(t, app, bob, { title: 'live', body: 'after the replay' });
  await expectEventIds(t, stream, [missed, missedToo, live], 'then live, without duplicates');
}

check(
  'Last-Event-ID replays only the later notifications, in order, then goes live',
  {
    hint: [
      "TODO 5 and 4: read the header with @Headers('last-event-id'), turn it into a number (parseLastEventId) and pass it to streamFor(); eventsFor() first emits the user's notifications in this.recent with a larger id, then follows published$.",
      'concat(from(backlog), this.published$) inside defer(): from() emits the backlog synchronously, so nothing published in between is lost or sent twice. Filter the backlog for the user like the live notifications.',
    ],
  },
  (t) => checkResume(t, 'header'),
);

check(
  'a lastEventId query parameter replays the same way (for a browser with a fresh ticket)',
  {
    hint: [
      "TODO 5: when there is no Last-Event-ID header, use the lastEventId query parameter (@Query('lastEventId')).",
      'A new EventSource cannot set headers, so a browser that resumes with a fresh ticket puts the last id it saw in the URL.',
    ],
  },
  (t) => checkResume(t, 'query'),
);

check(
  'a stream opened without Last-Event-ID starts live: earlier notifications are not replayed',
  {
    hint: [
      'TODO 4: replay this.recent only when afterId is a number; without Last-Event-ID (or lastEventId) the backlog is empty and the stream starts with the next notification published.',
      'A client without a last id has not seen anything yet, so it starts from now: replaying the whole buffer would flood every new tab with up to REPLAY_LIMIT old notifications. Note that afterId 0 is a real id to resume after, unlike undefined.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const bob = await login(t, app, 'bob');
    const before = await publish(t, app, bob, { title: 'before', body: 'published before alice connected' });
    const alice = await openStream(t, app, 'alice');
    const live = await publish(t, app, bob, { title: 'live', body: 'published while alice is connected' });
    await expectEventIds(t, alice, [live], `${before} was published before alice opened her stream, ${live} after`);
  },
);

check(
  'only the last REPLAY_LIMIT notifications are kept for replay, and ids keep increasing past it',
  {
    hint: [
      'TODO 3: after pushing to this.recent, drop the oldest entries once it holds more than config.replayLimit (this.recent.splice(0, this.recent.length - limit)). The id comes from ++this.lastId, never from the length of this.recent.',
      'The buffer is bounded so memory stays flat however many notifications are sent; a client that was away longer than REPLAY_LIMIT notifications gets the last REPLAY_LIMIT. Ids stay one global sequence: trimming the buffer must not make an id repeat.',
    ],
  },
  async (t) => {
    const limit = 3;
    const app = await startApp(t, { replayLimit: limit });
    const bob = await login(t, app, 'bob');
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await publish(t, app, bob, { title: `number ${i}`, body: 'for everyone' }));
    t.expect(
      ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1])),
      `Expected the ids of 5 notifications published with REPLAY_LIMIT ${limit} to be strictly increasing integers, ` +
        `but they were ${formatValue(ids)}.`,
    );
    const alice = await openStream(t, app, 'alice', { query: `&lastEventId=${ids[0]}` });
    await expectEventIds(
      t,
      alice,
      ids.slice(-limit),
      `resuming after ${ids[0]} with REPLAY_LIMIT ${limit}: only the last ${limit} of ${formatValue(ids)} are kept`,
    );
  },
);

check(
  `an idle stream gets a ": keep-alive" comment within two heartbeat periods (HEARTBEAT_MS ${HEARTBEAT_MS})`,
  {
    hint: [
      'TODO 6: merge the events with heartbeat(this.config.heartbeatMs), which emits { comment: \'keep-alive\' } on an interval.',
      'Nest writes a MessageEvent that has only a comment as ": keep-alive" followed by a blank line, without an id, so it does not move Last-Event-ID.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const frame = await alice.nextComment({ within: 2 * HEARTBEAT_MS + 100, what: '(": keep-alive")' });
    t.expect(
      frame.comments.includes('keep-alive'),
      `Expected the heartbeat to be the comment ": keep-alive", but the frame was ${JSON.stringify(frame.raw)}.`,
    );
  },
);

check(
  'a stream without a ticket is refused with 401 JSON before any stream byte',
  {
    hint: [
      'TODO 2: in StreamTicketGuard, throw new UnauthorizedException(…) when request.query.ticket is missing or empty.',
      'A guard runs before the handler returns its Observable, so Nest can still answer with a status and JSON. Once the stream has started, it cannot.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    await expectRefused(t, await sse(t, app, 'alice', '/notifications/stream'), 'GET /notifications/stream without a ticket');
  },
);

check(
  'a ticket opens one stream only: reusing it is refused with 401',
  {
    hint: [
      'TODO 1: redeem() deletes the ticket from this.issued before it returns the user, so a second redeem finds nothing.',
      'TODO 2: the guard refuses (401) when redeem() returns undefined.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await login(t, app, 'alice');
    const ticket = await ticketFor(t, app, token, 'alice');
    const first = await sse(t, app, 'alice', streamPath(ticket));
    await expectEventStream(t, first, 'the first GET /notifications/stream with a fresh ticket');
    await first.close();
    const again = await sse(t, app, 'alice (again)', streamPath(ticket));
    await expectRefused(t, again, 'a second GET /notifications/stream with the same ticket');
  },
);

check(
  'an expired ticket is refused with 401',
  {
    hint: [
      'TODO 1: store expiresAt = Date.now() + ticketTtl * 1000 when issuing, and have redeem() return undefined once Date.now() >= expiresAt.',
      'Check the expiry when the ticket is used: no timer per ticket is needed (and none should keep the process alive).',
    ],
  },
  async (t) => {
    const ttl = 0.2;
    const app = await startApp(t, { ticketTtl: ttl });
    const token = await login(t, app, 'alice');
    const fresh = await ticketFor(t, app, token, 'alice');
    const stale = await ticketFor(t, app, token, 'alice');
    await expectEventStream(t, await sse(t, app, 'alice', streamPath(fresh)), 'a ticket used at once');
    await t.wait(ttl * 1000 + 100, `for the second ticket to expire (TICKET_TTL ${ttl} s)`);
    await expectRefused(t, await sse(t, app, 'alice (later)', streamPath(stale)), `a ticket used after its ${ttl} s`);
  },
);

check(
  'an access token in place of a ticket is refused with 401',
  {
    hint: [
      'TODO 2: only a ticket that TicketsService issued opens the stream. Do not fall back to verifying the value as a JWT.',
      'Accepting access tokens in the URL would put long-lived credentials in logs and browser history, which is what the ticket avoids.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await login(t, app, 'alice');
    await expectRefused(
      t,
      await sse(t, app, 'alice', streamPath(token)),
      "GET /notifications/stream?ticket=<alice's access token>",
    );
  },
);

check(
  'a closed stream ends its subscription: after 50 open/close cycles the subscriber count is back to its baseline',
  {
    within: 10_000,
    hint: [
      'TODO 6: count the stream in openStreams when it is subscribed to (inside defer()) and uncount it in finalize(), which runs however the subscription ends.',
      'Nest unsubscribes from the Observable when the client disconnects. finalize() is the place for cleanup; a counter decremented anywhere else (complete, error) misses that case.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const token = await login(t, app, 'alice');
    const baseline = await readSubscribers(t, app);
    const one = await openStream(t, app, 'alice', { token });
    await expectSubscribers(t, app, baseline + 1, 'while one stream is open');
    await one.close();
    await expectSubscribers(t, app, baseline, 'after that stream closed');
    const cycles = 50;
    t.note(`opening and closing ${cycles} streams, one after the other`);
    for (let i = 0; i < cycles; i++) {
      const reply = await fetch(`${app.url}/notifications/ticket`, { method: 'POST', headers: bearer(token) });
      const { ticket } = (await reply.json()) as { ticket: string };
      const stream = await SseStreamUnderTest.open(t.transcript, `cycle ${i + 1}`, app.url, streamPath(ticket), {
        quiet: i > 0,
      });
      t.defer(() => stream.close());
      if (stream.status !== 200) await expectEventStream(t, stream, `stream ${i + 1} of ${cycles}`);
      await stream.close();
    }
    await expectSubscribers(t, app, baseline, `after ${cycles} streams were opened and closed`);
  },
);

check(
  'closing the app ends open streams promptly (no heartbeat or subscription left behind)',
  {
    hint: [
      'TODO 6: pipe the merged stream through takeUntil(this.shutdown$); onModuleDestroy() fires shutdown$, so every stream completes and Nest ends its response.',
      'The HTTP server only finishes closing once every response has ended, and an interval() that is never unsubscribed keeps running after app.close().',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await openStream(t, app, 'alice');
    const started = performance.now();
    await withDeadline(
      app.close(),
      1000,
      () =>
        new CheckFailure(
          `Expected app.close() to finish within 1000 ms with a stream open, but it had not (${alice.describeReceived()}).`,
        ),
    );
    t.note(`app.close() took ${Math.round(performance.now() - started)} ms`);
    t.expect(
      await alice.ended(500),
      `Expected closing the app to end alice's stream, but it was still open 500 ms later.`,
    );
  },
);

check(
  'a real EventSource client (the eventsource package) receives notifications',
  {
    hint: [
      "TODO 1–4: EventSource opens GET /notifications/stream?ticket=… and dispatches each `event: notification` to addEventListener('notification', …).",
      'EventSource needs a 200 text/event-stream answer; it exposes the `id:` line as event.lastEventId and the `data:` line as event.data.',
    ],
  },
  async (t) => {
    const app = await startApp(t);
    const alice = await login(t, app, 'alice');
    const ticket = await ticketFor(t, app, alice, 'alice');
    const received: { lastEventId: string; data: string }[] = [];
    let failure: string | undefined;
    let wake: () => void = () => undefined;
    t.note('EventSource opens /notifications/stream');
    const source = new EventSource(`${app.url}${streamPath(ticket)}`);
    t.defer(() => source.close());
    const opened = new Promise<boolean>((resolve) => {
      source.onopen = () => resolve(true);
      source.onerror = (event) => {
        failure = event.message ?? (event.code ? `status ${event.code}` : 'an error');
        t.note(`EventSource error: ${failure}`);
        resolve(false);
        wake();
      };
      setTimeout(() => resolve(false), 1000).unref();
    });
    source.addEventListener('notification', (event) => {
      t.transcript.add(`EventSource ← notification lastEventId=${event.lastEventId} data=${event.data}`);
      received.push({ lastEventId: event.lastEventId, data: event.data });
      wake();
    });
    t.expect(await opened, `Expected EventSource to open the stream within 1000 ms, but it got ${failure ?? 'nothing'}.`);
    const bob = await login(t, app, 'bob');
    const id = await publish(t, app, bob, { title: 'Via EventSource', body: 'hello' });
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
      `Expected EventSource to dispatch a 'notification' event within 1000 ms, but it ${failure ? `failed: ${failure}` : 'dispatched none'}.`,
    );
    t.expectEqual(received[0].lastEventId, String(id), "the EventSource event's lastEventId");
    t.expectEqual((JSON.parse(received[0].data) as NotificationData).title, 'Via EventSource', 'the title in the event data');
  },
);
