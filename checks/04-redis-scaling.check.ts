import { afterAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { activeTimers, settledTimers, tcpSocketsNow, timersSetIn } from './support/active-resources.js';
import type { AppUnderTest } from './support/app-under-test.js';
import { BootFailure, CheckFailure } from './support/check-failure.js';
import { withDeadline } from './support/deadline.js';
import type { CheckContext } from './support/check-context.js';
import { lessonChecks } from './support/check.js';
import { formatValue } from './support/format-value.js';
import { eventually } from './support/polling.js';
import { acquireRedis, listRedisClients, type RedisClientInfo, type RedisTarget } from './support/redis-server.js';
import { openRedisMonitor } from './support/redis-monitor.js';
import { manifestOf, namespaceOf, seedUsersOf } from './support/lesson-manifest.js';
import type { SeedUser } from './support/seed-users.js';
import { findFreePort } from '../scripts/lib/net/ports.js';
import { expectConnectionClosed, shareConnection } from './support/shared-connection.js';
import type { SocketUnderTest } from './support/socket-under-test.js';

const LESSON = '04-redis-scaling';
const { check } = lessonChecks(LESSON);

const CHAT = namespaceOf(LESSON);
const ROUTES = manifestOf(LESSON).routes;
const SEED_USERS = seedUsersOf(LESSON);

/** How the stack names the file of PresenceService, whose timers task 14 clears. */
const PRESENCE_FILE = 'chat/presence.service.';
/** How the stack names the file of RedisPubSubService, whose timers are task 2's. */
const PUB_SUB_FILE = 'redis/redis-pub-sub.service.';

/** Delivery across instances goes through Redis: give it a little more than a local emit. */
const CROSSING_MS = 1000;

/**
 * With Redis running, createApp() returns in well under a second. The checks give the app a long
 * REDIS_CONNECT_TIMEOUT_MS, so an app that only returns once that time has passed (a deadline
 * awaited instead of raced) is told apart from a slow machine, and reported once.
 */
const BOOT_DEADLINE_MS = 5000;
const CHECK_CONNECT_TIMEOUT_MS = 20_000;

const DOCS = {
  adapter: 'https://docs.nestjs.com/websockets/adapter',
  redisAdapter: 'https://socket.io/docs/v4/redis-adapter/',
  ioredis: 'https://github.com/redis/ioredis#connect-to-redis',
  lifecycle: 'https://docs.nestjs.com/fundamentals/lifecycle-events',
  serverApi: 'https://socket.io/docs/v4/server-api/',
  rooms: 'https://socket.io/docs/v4/rooms/',
  terminus: 'https://docs.nestjs.com/recipes/terminus',
  redisAcl: 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/',
  configuration: 'https://docs.nestjs.com/techniques/configuration',
};

// One Redis for the checks that do not stop it: REDIS_URL, or a private redis-server.
let sharedRedis: Promise<RedisTarget> | undefined;
afterAll(async () => {
  const target = await sharedRedis?.catch(() => undefined);
  await target?.close();
});

/** The shared Redis; when there is none, the check cannot run, and the summary says how to get one. */
async function redisFor(t: CheckContext): Promise<RedisTarget> {
  sharedRedis ??= acquireRedis();
  const target = await sharedRedis;
  t.note(`Redis: ${target.description}`);
  return target;
}

/** A Redis of this check's own that it may stop and restart; skipped when only REDIS_URL is available. */
async function restartableRedisFor(t: CheckContext, why = 'it stops Redis'): Promise<RedisTarget> {
  const shared = await redisFor(t);
  if (!shared.canRestart) t.skip(`${why}; ${shared.cannotRestartReason}`);
  const own = await acquireRedis();
  t.defer(() => own.close());
  t.note(`Redis for this check: ${own.description}`);
  return own;
}

// Set once an app failed to come up with Redis running: every later check says the same, at once.
let cannotBoot: string | undefined;

function stopIfTheAppCannotBoot(t: CheckContext): void {
  if (cannotBoot && t.deadlineScale === 1) {
    // Only on an idle machine is a slow boot the app's: on a busy one the check runs again alone, and boots.
    t.timeSensitive();
    throw new BootFailure(cannotBoot);
  }
}

/** t.app(), with a deadline: an app that does not come up in time is reported once, for every check. */
async function boot(t: CheckContext, config: Record<string, unknown>, name: string): Promise<AppUnderTest> {
  stopIfTheAppCannotBoot(t);
  // Loading (and compiling) the app is not the app's boot time: do it before the clock starts.
  await t.preloadApp();
  const starting = t.app(config, name);
  // A patient deadline: time the machine was too busy to run the app does not count.
  const app = await withDeadline(starting, BOOT_DEADLINE_MS, () => new Error('too slow')).catch((error: unknown) => {
    if (error instanceof Error && error.message === 'too slow') return undefined;
    throw error;
  });
  if (app) return app;
  // It may still come up later: close it then, since the check will be over.
  starting
    .then(
      (late) => late.close(),
      () => undefined,
    )
    .catch(() => undefined);
  cannotBoot =
    `createApp() had not returned ${BOOT_DEADLINE_MS} ms after it was called, although Redis was running at ${String(config.redisUrl)} ` +
    `(REDIS_CONNECT_TIMEOUT_MS was ${CHECK_CONNECT_TIMEOUT_MS}). With Redis up, both connections are ready in a few milliseconds: ` +
    'createApp() must return as soon as they are, not when the connect deadline runs out. No other check can run until it does.';
  throw new BootFailure(cannotBoot);
}

interface Instance {
  app: AppUnderTest;
  /** Its INSTANCE_ID: the name with a random suffix, so that no value can be hard-coded. */
  id: string;
}

/** Apps on one Redis; the same prefix unless told otherwise, unique to this check. */
function instancesOn(t: CheckContext, redis: RedisTarget) {
  const prefix = `course-check-${randomUUID().slice(0, 8)}`;
  const start = async (name: string, overrides: Record<string, unknown> = {}): Promise<Instance> => {
    const id = `${name}-${randomUUID().slice(0, 4)}`;
    const config = {
      redisUrl: redis.url,
      redisPrefix: prefix,
      redisConnectTimeoutMs: CHECK_CONNECT_TIMEOUT_MS,
      instanceId: id,
      ...overrides,
    };
    return { app: await boot(t, config, name), id };
  };
  return Object.assign(start, { prefix });
}

/** Instances A and B on one Redis, as instancesOn starts them. */
async function twoInstances(t: CheckContext, redis: RedisTarget): Promise<[Instance, Instance]> {
  const instance = instancesOn(t, redis);
  return [await instance('A'), await instance('B')];
}

const issued = new Map<SeedUser, Promise<string>>();

/**
 * An access token for `user`, made by the app's own TokenService (lesson 2's, provided): the login's scrypt
 * is lesson 2's subject and costs about half a second of a core, and every app of this file shares one
 * JWT_SECRET, so one token per user serves the whole file.
 */
async function tokenFor(t: CheckContext, app: AppUnderTest, user: SeedUser): Promise<string> {
  let token = issued.get(user);
  if (!token) {
    const { TokenService } = await t.appModule('auth/token.service.ts');
    const { id, name, role } = SEED_USERS[user];
    token = (app.nest.get(TokenService).issue({ id, name, role }) as Promise<{ accessToken: string }>).then(
      (reply) => reply.accessToken,
    );
    issued.set(user, token);
    token.catch(() => issued.delete(user));
  }
  t.note(`${user}'s access token comes from the app's TokenService.issue()`);
  return token;
}

/** `user` connected to `app`, under the name `name` (say "bob on B"). */
async function connectAs(
  t: CheckContext,
  { app }: Instance,
  user: SeedUser,
  name = `${user} on ${app.name}`,
): Promise<SocketUnderTest> {
  return t.connect(name, app, CHAT, { auth: { token: await tokenFor(t, app, user) } });
}

async function join(client: SocketUnderTest, room: string): Promise<void> {
  await client.ack('room:join', { room });
}

async function send(client: SocketUnderTest, room: string, text: string): Promise<void> {
  await client.ack('message:send', { room, text });
}

/** Waits for `text` at `client`, with a failure that says where it was sent from. */
async function arrives(client: SocketUnderTest, text: string, from: string, within = CROSSING_MS): Promise<any> {
  return client.next('message:new', {
    where: (message: any) => message?.text === text,
    within,
    what: `with the text '${text}' (sent on ${from})`,
  });
}

function count(client: SocketUnderTest, text: string): number {
  return client.received('message:new').filter((message: any) => message?.text === text).length;
}

/** The connections on `redis` that were not there in `before`. */
async function newClients(redis: RedisTarget, before: Set<string>): Promise<RedisClientInfo[]> {
  return (await listRedisClients(redis.url)).filter((client) => !before.has(client.id));
}

async function clientIds(redis: RedisTarget): Promise<Set<string>> {
  return new Set((await listRedisClients(redis.url)).map((client) => client.id));
}

/** A connection of the check's own to `url` (the default user), closed after the check. */
async function adminClient(t: CheckContext, url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  t.defer(() => void client.disconnect());
  await client.connect();
  return client;
}

/** How many times Redis has run `command` since it started (INFO commandstats). */
async function commandCalls(admin: Redis, command: string): Promise<number> {
  const stats = String(await admin.info('commandstats'));
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
}

/** The app's RedisPubSubService, from the tree under test. */
async function pubSubOf(t: CheckContext, { app }: Instance): Promise<{ publisher?: Redis; subscriber?: Redis }> {
  const { RedisPubSubService } = await t.appModule('redis/redis-pub-sub.service.ts');
  return app.nest.get(RedisPubSubService);
}

/**
 * Does `change`, then waits for a presence event that `watcher` had not received before it, with `online`.
 * Presence repeats the same numbers, so an event that was already there proves nothing.
 */
async function presenceAfter(
  watcher: SocketUnderTest,
  change: () => unknown,
  online: number,
  who: string,
): Promise<void> {
  await watcher.settle();
  const earlier = new Set(watcher.received('presence'));
  await change();
  await newPresence(watcher, earlier, online, who, 'the change began');
}

/**
 * Waits for a presence event at `watcher` with `online` (one of them, for a list) that is not in `earlier`, `who`
 * saying what it counts, `after` when `earlier` was taken. A failure names only the events received after that:
 * those in `earlier` were left out on purpose, and may well say `online` too.
 */
async function newPresence(
  watcher: SocketUnderTest,
  earlier: Set<unknown>,
  online: number | number[],
  who: string,
  after: string,
  within = CROSSING_MS,
): Promise<any> {
  const wanted = Array.isArray(online) ? online : [online];
  const what = `with online: ${wanted[0]} (${who})`;
  try {
    return await watcher.next('presence', {
      where: (p: any) => !earlier.has(p) && wanted.includes(p?.online),
      within,
      what,
    });
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    const since = watcher.received('presence').filter((p) => !earlier.has(p));
    const waited = error.message.slice(0, error.message.indexOf(', but ', error.message.indexOf(what) + what.length));
    const heard =
      since.length > 0
        ? `the presence events it received after ${after} were ${since.map((p) => formatValue(p)).join(', ')}`
        : `it received no presence event after ${after}`;
    throw Object.assign(
      new CheckFailure(`${waited.replace(`'presence' ${what}`, `a new 'presence' ${what}`)}, but ${heard}.`),
      { needs: error.needs },
    );
  }
}

/** Waits for a presence event at `watcher` that says `online`, `who` saying who they are. */
async function onlineAt(watcher: SocketUnderTest, online: number, who: string, within = CROSSING_MS): Promise<void> {
  await watcher.next('presence', {
    where: (p: any) => p?.online === online,
    within,
    what: `with online: ${online} (${who})`,
  });
}

/** Boots an app whose REDIS_URL leads nowhere; resolves with the boot error, or undefined if it started. */
async function bootWithoutRedis(
  t: CheckContext,
  url: string,
  timeoutMs: number,
  within: number,
): Promise<{ failure?: BootFailure; took: number; tookPatient: number }> {
  stopIfTheAppCannotBoot(t);
  await t.preloadApp();
  const watch = t.stopwatch();
  const starting = t.app(
    {
      redisUrl: url,
      redisConnectTimeoutMs: timeoutMs,
      redisPrefix: `course-check-${randomUUID().slice(0, 8)}`,
      instanceId: 'A',
    },
    'A',
  );
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), within)));
  const outcome = await Promise.race([
    starting.then(
      () => 'started' as const,
      (error: unknown) => error,
    ),
    tooSlow,
  ]).finally(() => clearTimeout(timer));
  // A timer never fires early, so the wall time bounds it from below; on a busy machine only the time
  // this process could run bounds it from above.
  const took = watch.wall();
  const tookPatient = watch.patient();
  if (outcome === 'hung') {
    starting
      .then(
        (late) => late.close(),
        () => undefined,
      )
      .catch(() => undefined);
    t.fail(
      `Expected createApp() to fail within about ${timeoutMs} ms (REDIS_CONNECT_TIMEOUT_MS) with nothing listening at REDIS_URL, ` +
        `but it had neither failed nor returned after ${within} ms.`,
    );
  }
  if (outcome === 'started')
    t.fail(
      `Expected createApp() to fail with REDIS_URL=${url.replace(/:[^:@/]*@/, ':***@')} (nothing listens there), but the app started.`,
    );
  if (!(outcome instanceof BootFailure)) throw outcome;
  return { failure: outcome, took, tookPatient };
}

// ── Task 1 · the instances talk through Redis ────────────────────────────────────────────────────────────────────────

check(
  'a room message sent on A reaches a member on B once, and the sender once',
  {
    task: 1,
    hint: [
      `Instance B never hears what A broadcasts (its clients get no message:new): each Socket.IO server only knows its own sockets until RedisIoAdapter gives it the Redis adapter (src/redis/redis-io.adapter.ts, with the two connections of src/redis/redis-pub-sub.service.ts). ${DOCS.adapter}`,
      "Two ioredis clients (new Redis(url, options) and publisher.duplicate()), connect() on each and both ready (their 'ready' event) before connectToRedis() returns; createAdapter(publisher, subscriber, { key }) from @socket.io/redis-adapter; server.adapter(…) in createIOServer().",
      "// RedisPubSubService: two connections, the second made from the first\nthis.publisher = new Redis(redisUrl, { ...whileRedisIsAway(), lazyConnect: true });\nthis.subscriber = this.publisher.duplicate();\n// bothReady() connects both, and resolves once both emitted 'ready'\n// RedisIoAdapter\nprivate redisAdapter: ReturnType<typeof createAdapter> | undefined;\nasync connectToRedis(): Promise<void> {\n  const redis = this.app.get(RedisPubSubService);\n  await redis.connect();\n  this.redisAdapter = createAdapter(redis.publisher, redis.subscriber, { key: redisPrefix });\n}\noverride createIOServer(port: number, options?: IoServerOptions): IoServer {\n  const server = super.createIOServer(port, options);\n  server.adapter(this.redisAdapter!);\n  return server;\n}",
    ],
  },
  async (t) => {
    const [a, b] = await twoInstances(t, await redisFor(t));
    const alice = await connectAs(t, a, 'alice');
    const bob = await connectAs(t, b, 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await send(alice, 'lobby', 'hello from A');
    await arrives(bob, 'hello from A', 'A');
    await arrives(alice, 'hello from A', 'A');
    // A second message on the same path: once it is in, a duplicate of the first would be too.
    await send(alice, 'lobby', 'second from A');
    await arrives(bob, 'second from A', 'A');
    await arrives(alice, 'second from A', 'A');
    t.expectEqual(count(bob, 'hello from A'), 1, "the number of copies of 'hello from A' that bob received on B");
    t.expectEqual(
      count(alice, 'hello from A'),
      1,
      "the number of copies of 'hello from A' that alice (the sender, on A) received",
    );
  },
);

check(
  'the adapter publishes on one Redis connection and subscribes on another',
  {
    task: 1,
    hint: [
      `createAdapter(pubClient, subClient) takes two connections, and they must be two: with RESP2 (a Redis before 6, or protocol: 2) a connection that subscribes may run only subscriber commands, and on one connection for both the deliveries of the subscription wait behind every command in flight, and the commands behind them. ${DOCS.redisAdapter}`,
      'RedisPubSubService holds the two: the publisher (new Redis(url, options)) and the subscriber (publisher.duplicate()). Give createAdapter() the publisher first and the subscriber second.',
      '// in RedisIoAdapter.connectToRedis():\nconst redis = this.app.get(RedisPubSubService);\nawait redis.connect();\n// \u2026 then the adapter on both: the publisher first, the subscriber second\ncreateAdapter(redis.publisher, redis.subscriber, { key: redisPrefix });',
    ],
  },
  async (t) => {
    const a = await instancesOn(t, await redisFor(t))('A');
    const { ChatGateway } = await t.appModule('chat/chat.gateway.ts');
    const adapter = a.app.nest.get(ChatGateway).server?.adapter as
      { pubClient?: unknown; subClient?: unknown } | undefined;
    const ofA = await pubSubOf(t, a);
    const name = (client: unknown): string =>
      client === undefined
        ? 'nothing'
        : client === ofA.publisher
          ? 'RedisPubSubService.publisher'
          : client === ofA.subscriber
            ? 'RedisPubSubService.subscriber'
            : 'another client';
    t.note(
      `the /chat server's adapter publishes on ${name(adapter?.pubClient)} and subscribes on ${name(adapter?.subClient)}`,
    );
    t.expect(
      adapter?.pubClient !== undefined && adapter.subClient !== undefined,
      `Expected the /chat server's adapter to be Socket.IO's Redis adapter (with a pubClient and a subClient), but it has ${name(adapter?.pubClient)} to publish on and ${name(adapter?.subClient)} to subscribe on.`,
    );
    t.expect(
      adapter!.pubClient !== adapter!.subClient,
      `Expected the /chat server's Redis adapter to publish and subscribe on two connections, but both are ${name(adapter!.pubClient)}: ` +
        'with RESP2 a subscribed connection may not publish at all, and on one connection what the subscription delivers waits behind every command in flight.',
    );
  },
);

check(
  'a client on B that is not in the room receives nothing',
  {
    task: 1,
    hint: [
      `A room broadcast must stay a room broadcast on every instance: B delivers message:new only to its own members of the room. ${DOCS.redisAdapter}`,
      'server.to(room).emit(…) carries the room through Redis; server.emit(…) would reach everyone. The adapter publishes on <prefix>#/chat#<room>#.',
      "Keep message:send as it is (this.server.to(room).emit('message:new', message)); give the server the Redis adapter in createIOServer() rather than emitting to each instance yourself.",
    ],
  },
  async (t) => {
    const [a, b] = await twoInstances(t, await redisFor(t));
    const alice = await connectAs(t, a, 'alice');
    const bob = await connectAs(t, b, 'bob');
    const carol = await connectAs(t, b, 'carol');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await send(alice, 'lobby', 'members only');
    await arrives(bob, 'members only', 'A');
    await carol.settle();
    t.expectEqual(
      count(carol, 'members only'),
      0,
      "the number of copies of 'members only' that carol (on B, not in the room) received",
    );
  },
);

check(
  'an app with another REDIS_PREFIX receives nothing',
  {
    task: 1,
    hint: [
      `Instances must hear each other's message:new only when their REDIS_PREFIX matches, so one Redis can serve several apps. ${DOCS.redisAdapter}`,
      "createAdapter()'s key option starts every channel name; without it every app on the Redis uses 'socket.io'. The prefix is config redisPrefix.",
      "createAdapter(redis.publisher, redis.subscriber, { key: config.getOrThrow<AppConfig>('app').redisPrefix })",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const [a, b] = await twoInstances(t, redis);
    const c = await instancesOn(t, redis)('C');
    const alice = await connectAs(t, a, 'alice');
    const bob = await connectAs(t, b, 'bob');
    const carol = await connectAs(t, c, 'carol', 'carol on C (another prefix)');
    for (const client of [alice, bob, carol]) await join(client, 'lobby');
    await send(alice, 'lobby', 'same prefix only');
    await arrives(bob, 'same prefix only', 'A');
    await carol.settle();
    t.expectEqual(
      count(carol, 'same prefix only'),
      0,
      "the number of copies of 'same prefix only' that carol received on C, an app with another prefix",
    );
  },
);

// ── Task 2 · giving up on a Redis that is not there ──────────────────────────────────────────────────────────────────

check(
  'a booted and closed app leaves no timer behind',
  {
    task: 2,
    alone: "it counts the process's timers",
    hint: [
      `The deadline of RedisPubSubService.connect() (src/redis/redis-pub-sub.service.ts) must not outlive the connection: a closed app must leave no timer, or a boot with REDIS_CONNECT_TIMEOUT_MS=60000 keeps a timer pending for a minute. ${DOCS.ioredis}`,
      'Race the connections becoming ready against a timer with Promise.race(); clearTimeout() that timer as soon as the race settles, whether the clients became ready or the time ran out.',
      'let timer: NodeJS.Timeout | undefined;\nconst deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), redisConnectTimeoutMs)));\nconst connected = await Promise.race([this.bothReady().then(() => true), deadline]);\nclearTimeout(timer); // before checking the outcome',
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const before = await clientIds(redis);
    // PresenceService's timers are cleared by task 14: its own check counts them.
    const presenceTimers = timersSetIn(t, PRESENCE_FILE);
    // The process's count can be masked by a timer of an earlier check running out meanwhile: the service's own cannot.
    const serviceTimers = timersSetIn(t, PUB_SUB_FILE);
    const timersBefore = await settledTimers();
    t.note(`active timers before booting A: ${timersBefore}`);
    const a = await instancesOn(t, redis)('A', { redisConnectTimeoutMs: 60_000 });
    const opened = await newClients(redis, before);
    await t.needs(1, () =>
      t.expect(
        opened.length >= 2,
        `Expected A to hold 2 Redis connections (a publisher and a subscriber) once createApp() returned, but CLIENT LIST showed ${opened.length} new one(s). ` +
          'RedisIoAdapter.connectToRedis() must connect them before createApp() returns.',
      ),
    );
    await a.app.close();
    // Right after close() the closed connections still hold short timers until their sockets are gone.
    const ofThisTask = () => activeTimers() - presenceTimers();
    let timersAfter = ofThisTask();
    await eventually(500, async () => (timersAfter = ofThisTask()) <= timersBefore, 5);
    t.note(`active timers after A closed, less those PresenceService set (task 14 clears them): ${timersAfter}`);
    t.expect(
      timersAfter <= timersBefore,
      `Expected no more active timers once A had closed than before it booted (${timersBefore}), but there were ${timersAfter} 500 ms after app.close(). ` +
        'A was booted with REDIS_CONNECT_TIMEOUT_MS=60000: a connect timer that is never cleared stays pending for a minute.',
    );
    const leftInService = serviceTimers();
    t.expect(
      leftInService === 0,
      `Expected no timer set by src/redis/redis-pub-sub.service.ts to run once A had closed, but ${leftInService} still did 500 ms after app.close(). ` +
        'A was booted with REDIS_CONNECT_TIMEOUT_MS=60000: a connect timer that is never cleared stays pending for a minute.',
    );
  },
);

check(
  'booting with nothing at REDIS_URL fails within REDIS_CONNECT_TIMEOUT_MS, says why, and never prints the password',
  {
    task: 2,
    hint: [
      `An app that cannot reach Redis must not start, and must not keep its operator guessing: give up after REDIS_CONNECT_TIMEOUT_MS with an error that names the URL (without its password), the cause and the way out. ${DOCS.ioredis}`,
      "Race both clients' 'ready' against a timer (Promise.race, setTimeout, clearTimeout); remember the last 'error' event of the clients (its message says ECONNREFUSED, ENOTFOUND…); redisUrlForLogs() in src/config.ts hides the credentials.",
      "let cause = 'no answer'; client.on('error', (e) => (cause = e.message)); const ok = await Promise.race([Promise.all(readies).then(() => true), deadline]); clearTimeout(timer); if (!ok) throw new Error(`Could not connect to Redis at ${redisUrlForLogs(redisUrl)} within ${ms} ms (${cause}). Start Redis (redis-server) or set REDIS_URL.`)",
    ],
  },
  async (t) => {
    const port = await findFreePort();
    const secret = `pw-${randomUUID().slice(0, 8)}`;
    const url = `redis://course:${secret}@127.0.0.1:${port}`;
    const timeoutMs = 1000;
    t.note(`nothing listens on port ${port}; REDIS_URL holds the password ${secret}`);
    const { failure, took, tookPatient } = await bootWithoutRedis(t, url, timeoutMs, timeoutMs + 4000);
    t.note(`createApp() failed after ${took} ms`);
    const message = failure!.message;
    t.expect(
      !message.includes(secret),
      `Expected the boot error not to print the password from REDIS_URL, but it said:\n${message}`,
    );
    t.expect(
      took >= timeoutMs - 50 && tookPatient <= timeoutMs + 900,
      `Expected createApp() to give up after about ${timeoutMs} ms (REDIS_CONNECT_TIMEOUT_MS=${timeoutMs}), but it failed after ${took} ms.`,
    );
    const said = message.split('\n').find((line) => line.includes(`127.0.0.1:${port}`));
    t.expect(said, `Expected the boot error to name the Redis it tried (127.0.0.1:${port}), but it said:\n${message}`);
    t.expect(
      /ECONNREFUSED/.test(said!),
      `Expected the boot error to say why it failed (the connection was refused: ECONNREFUSED), but it said:\n${said}`,
    );
    t.expect(
      /redis-server|docker|install|REDIS_URL/i.test(said!.replaceAll(`127.0.0.1:${port}`, '')),
      `Expected the boot error to say how to start Redis (redis-server, docker, REDIS_URL…), but it said:\n${said}`,
    );
    const printed = t.appLog().filter((line) => line.includes(secret));
    t.expect(
      printed.length === 0,
      `Expected the app never to log the password from REDIS_URL, but it printed:\n${printed.join('\n')}`,
    );
  },
);

check(
  'after a failed boot, the app stops trying to reach Redis',
  {
    task: 2,
    hint: [
      `ioredis retries for ever by itself: an app that gave up booting must stop its clients, or they keep knocking on Redis (and keep the process alive). ${DOCS.ioredis}`,
      'client.disconnect() stops the retries of a client that never became ready; quit() only works on a ready one. Do it when the deadline runs out, before you throw.',
      'if (!ok) { for (const client of [this.publisher, this.subscriber]) client.disconnect(); throw new Error(…); }',
    ],
  },
  async (t) => {
    const port = await findFreePort();
    const url = `redis://127.0.0.1:${port}`;
    await bootWithoutRedis(t, url, 300, 4300);
    // Now something listens where the app's Redis should be: a client still retrying would knock within its retry delay.
    const knocks: Socket[] = [];
    const listener: Server = createServer((socket) => {
      knocks.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => resolve());
    });
    t.defer(() => new Promise<void>((resolve) => listener.close(() => resolve())));
    t.note(`listening on port ${port} to see whether the app's Redis clients still try to connect`);
    await t.wait(1500, 'for a reconnection attempt (ioredis retries every second or faster)');
    t.expectEqual(
      knocks.length,
      0,
      `the number of connection attempts on port ${port} in the 1500 ms after createApp() failed`,
    );
  },
);

// ── Task 3 · riding out Redis outages ────────────────────────────────────────────────────────────────────────────────

check(
  'with Redis stopped, A still delivers to its own clients and logs the outage without the password',
  {
    task: 3,
    hint: [
      `Losing Redis must not take the instance down: its own clients keep chatting (and, while Redis is up, message:new crosses to B), and the outage is logged once, without credentials. ${DOCS.redisAdapter}`,
      "enableOfflineQueue: false makes a publish fail at once instead of waiting for Redis; surviveOutages() (src/redis/redis-client.events.ts) listens for 'error' and drops the failures of commands nobody awaits, which would otherwise end the process.",
      "// in connect(), before the connections connect:\nconst urlForLogs = redisUrlForLogs(this.config.redisUrl);\nsurviveOutages(this.publisher, 'publisher', this.logger, urlForLogs);\nsurviveOutages(this.subscriber, 'subscriber', this.logger, urlForLogs);\n// and in whileRedisIsAway(): return { enableOfflineQueue: false, retryStrategy: … };",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    const secret = `pw-${randomUUID().slice(0, 8)}`;
    // The private Redis has no password: its default user accepts any.
    const url = redis.url.replace('redis://', `redis://default:${secret}@`);
    const [a, b] = await twoInstances(t, { ...redis, url });
    const alice = await connectAs(t, a, 'alice');
    const carol = await connectAs(t, a, 'carol');
    const bob = await connectAs(t, b, 'bob');
    for (const client of [alice, carol, bob]) await join(client, 'lobby');
    await send(alice, 'lobby', 'before the outage');
    await arrives(bob, 'before the outage', 'A, with Redis running');
    t.note('stopping Redis');
    await redis.stop();
    await send(alice, 'lobby', 'while Redis is away');
    await arrives(carol, 'while Redis is away', 'A, with Redis stopped');
    await arrives(alice, 'while Redis is away', 'A, with Redis stopped');
    // Where Redis is, as a log may say it: the host and port of REDIS_URL, without its credentials.
    const where = new URL(redis.url).host;
    const outage = (): string[] =>
      t.appLog().filter((line) => /lost|reconnect|down|unreachable/i.test(line) && line.includes(where));
    await eventually(2000, () => outage().length > 0);
    t.expect(
      outage().length > 0,
      `Expected the app to log that it lost Redis at ${where} within 2000 ms of Redis stopping, but it logged ${t.appLog().length === 0 ? 'nothing' : `only:\n${t.appLog().join('\n')}`}. ` +
        'surviveOutages() (src/redis/redis-client.events.ts) logs the lost connection with the URL it is given: call it on both connections in connect().',
    );
    t.note(`the app logged: ${outage()[0]}`);
    const printed = t.appLog().filter((line) => line.includes(secret));
    t.expect(
      printed.length === 0,
      `Expected the app never to log the password from REDIS_URL, but it printed:\n${printed.join('\n')}`,
    );
  },
);

check(
  'after Redis restarts, messages cross again within 5 s, and what was said meanwhile is not replayed',
  {
    task: 3,
    within: 15_000,
    hint: [
      `ioredis reconnects and subscribes again by itself, provided its clients are kept and allowed to retry; and a message:new published while Redis was away must be dropped, not queued. ${DOCS.ioredis}`,
      'retryStrategy returns the delay before the next attempt (a number), null stops for ever; enableOfflineQueue: false drops commands sent while disconnected instead of sending them later.',
      'function whileRedisIsAway(): RedisOptions {\n  return { enableOfflineQueue: false, retryStrategy: (attempt) => Math.min(attempt * 100, 1000) };\n}\n// never quit or recreate a client on an error event, only on shutdown',
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    const [a, b] = await twoInstances(t, redis);
    const alice = await connectAs(t, a, 'alice');
    const bob = await connectAs(t, b, 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await send(alice, 'lobby', 'before the restart');
    await arrives(bob, 'before the restart', 'A');
    const ofA = await pubSubOf(t, a);
    t.note('stopping Redis');
    await redis.stop();
    // Sent once A knows Redis is gone: a connection that still thinks it is up would only lose it.
    await eventually(1000, () => ofA.publisher?.status !== 'ready', 5);
    await send(alice, 'lobby', 'while Redis is away');
    t.note('starting Redis again');
    await redis.start();
    const restarted = performance.now();
    let attempt = 0;
    const crossed = await eventually(5000, async () => {
      attempt += 1;
      await send(alice, 'lobby', `after the restart #${attempt}`);
      await bob.settle();
      return bob.received('message:new').some((message: any) => String(message?.text).startsWith('after the restart'));
    });
    t.expect(
      crossed,
      `Expected a message from alice on A to reach bob on B within 5000 ms of Redis restarting, but none of ${attempt} arrived (sent one every 100 ms).`,
    );
    t.note(`messages crossed again ${Math.round(performance.now() - restarted)} ms after the restart`);
    t.expectEqual(
      count(bob, 'while Redis is away'),
      0,
      "the number of copies of 'while Redis is away' (sent during the outage) that bob on B received after the restart",
    );
    // Whether a queued publish reaches B depends on which connection is back first: the option says it for sure.
    for (const role of ['publisher', 'subscriber'] as const) {
      const queue = ofA[role]?.options.enableOfflineQueue;
      t.note(`A's ${role}: enableOfflineQueue is ${formatValue(queue)}`);
      t.expect(
        queue === false,
        `Expected A's RedisPubSubService.${role} to have enableOfflineQueue: false, but it was ${formatValue(queue)}` +
          `${queue === undefined ? ' (ioredis then keeps it on)' : ''}: with the offline queue on, what is sent while Redis is away waits in memory and goes out once the connection is back, ` +
          'so a message:new of the outage reaches the other instances late, whenever their subscriber is back before this publisher.',
      );
    }
  },
);

check(
  'while Redis is away, both connections try again about every second, and never give up',
  {
    task: 3,
    hint: [
      `An instance that lost Redis must be back within about a second of Redis: ioredis's default retry strategy doubles its delay up to 5 s between attempts, and a retry strategy that returns null stops for ever. ${DOCS.ioredis}`,
      'retryStrategy(attempt) is an option of new Redis(url, options), given here by whileRedisIsAway(): it returns the delay in ms before the next attempt; duplicate() copies it to the subscriber.',
      'function whileRedisIsAway(): RedisOptions {\n  return { enableOfflineQueue: false, retryStrategy: (attempt) => Math.min(attempt * 100, 1000) };\n}',
    ],
  },
  async (t) => {
    const a = await instancesOn(t, await redisFor(t))('A');
    const redis = await pubSubOf(t, a);
    for (const role of ['publisher', 'subscriber'] as const) {
      const client = redis[role];
      t.expect(
        client instanceof Redis,
        `Expected RedisPubSubService.${role} to be an ioredis client, but it was ${formatValue(client)}.`,
      );
      const strategy = client!.options.retryStrategy;
      const delays = Array.from({ length: 200 }, (_, index) => strategy?.(index + 1));
      t.note(
        `${role}: retryStrategy gives ${delays.slice(0, 12).map(String).join(', ')} … ${String(delays.at(-1))} ms for attempts 1 to 200`,
      );
      const wrong = delays.findIndex((delay) => typeof delay !== 'number' || !(delay > 0) || delay > 1000);
      t.expect(
        wrong === -1,
        `Expected the ${role}'s retryStrategy to wait more than 0 and at most 1000 ms before every attempt (attempts 1 to 200), ` +
          `but for attempt ${wrong + 1} it gave ${strategy ? formatValue(delays[wrong]) : 'nothing (no retry strategy)'}` +
          `${delays[wrong] === null ? ' (null stops reconnecting for ever)' : ''}.`,
      );
    }
  },
);

const BROADCASTS_WHILE_FROZEN = 20_000;
/** What a publisher may hold while Redis does not answer: well above a healthy one's, far below one that keeps all. */
const FROZEN_PENDING_LIMIT = 2000;
const FROZEN_UNSENT_LIMIT = 8 * 1024 * 1024;

check(
  `while Redis does not answer, ${BROADCASTS_WHILE_FROZEN} broadcasts leave at most ${FROZEN_PENDING_LIMIT} commands waiting on the publisher`,
  {
    task: 3,
    within: 20_000,
    hint: [
      `enableOfflineQueue: false drops what is sent while the client is disconnected. A Redis that hangs (a frozen process, a network that drops every packet) keeps the connection up and answers nothing: every broadcast then waits in the client's memory until Redis answers, without limit. surviveOutages() (src/redis/redis-client.events.ts, provided) refuses a command once a connection holds too many unanswered ones. ${DOCS.ioredis}`,
      "Call surviveOutages(client, role, logger, urlForLogs) on both connections in connect(), before they connect: it wraps the client's sendCommand, and a command over MAX_PENDING_COMMANDS unanswered (or MAX_UNSENT_BYTES unsent) fails at once instead of waiting.",
      "// in connect(), before the connections connect:\nsurviveOutages(this.publisher, 'publisher', this.logger, redisUrlForLogs(this.config.redisUrl));\nsurviveOutages(this.subscriber, 'subscriber', this.logger, redisUrlForLogs(this.config.redisUrl));",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it freezes Redis');
    const a = await instancesOn(t, redis)('A');
    const { ChatGateway } = await t.appModule('chat/chat.gateway.ts');
    const server = a.app.nest.get(ChatGateway).server;
    const { publisher } = await pubSubOf(t, a);
    t.expect(
      publisher?.status === 'ready',
      `Expected A's RedisPubSubService.publisher to be a ready ioredis client, but its status was ${formatValue(publisher?.status)}.`,
    );
    redis.freeze();
    t.note('Redis frozen (SIGSTOP): its connections stay open and no command is answered');
    const broadcastWhileFrozen = (): { pending: number; unsent: number } => {
      const text = 'x'.repeat(500);
      for (let index = 0; index < BROADCASTS_WHILE_FROZEN; index += 1)
        server.to('nobody-listens').emit('message:new', { id: String(index), room: 'nobody-listens', text });
      return { pending: publisher!.commandQueue.length, unsent: publisher!.stream?.writableLength ?? 0 };
    };
    let held: { pending: number; unsent: number };
    try {
      held = broadcastWhileFrozen();
    } finally {
      redis.thaw();
      t.note('Redis resumed (SIGCONT)');
    }
    const { pending, unsent } = held;
    t.note(
      `after ${BROADCASTS_WHILE_FROZEN} broadcasts of 500 characters with Redis frozen, the publisher held ${pending} unanswered commands and ${unsent} unsent bytes`,
    );
    t.expect(
      pending <= FROZEN_PENDING_LIMIT && unsent <= FROZEN_UNSENT_LIMIT,
      `Expected A's publisher to hold at most ${FROZEN_PENDING_LIMIT} unanswered commands and ${FROZEN_UNSENT_LIMIT} unsent bytes after ${BROADCASTS_WHILE_FROZEN} broadcasts with Redis frozen, ` +
        `but it held ${pending} commands and ${unsent} bytes: a Redis that hangs makes every broadcast wait in memory, without limit.`,
    );
  },
);

// ── Task 4 · closing leaves nothing behind ───────────────────────────────────────────────────────────────────────────

check(
  "app.close() resolves only once the app's Redis connections are closed",
  {
    task: 4,
    alone: "it counts the process's TCP sockets",
    hint: [
      `Closing an instance must close its two Redis connections, and app.close() must not resolve before they are gone: a process that exits right after it would otherwise cut them. ${DOCS.lifecycle}`,
      "A shutdown hook (onApplicationShutdown, which Nest runs after it has closed the Socket.IO servers): on a ready client, quit() and await its 'end' event; on any other, only disconnect() (a client that is reconnecting never emits 'end').",
      "async onApplicationShutdown() { await Promise.all([this.publisher, this.subscriber].map(async (client) => { if (client.status !== 'ready') return client.disconnect(); const ended = new Promise((r) => client.once('end', r)); await client.quit(); await ended; })); }",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const before = await clientIds(redis);
    t.note(`CLIENT LIST before: ${before.size} connection(s)`);
    const [a, b] = await twoInstances(t, redis);
    const opened = await newClients(redis, before);
    t.note(`CLIENT LIST with A and B running: ${opened.length} new connection(s)`);
    t.expect(
      opened.length >= 4,
      `Expected A and B to hold 2 Redis connections each (a publisher and a subscriber) while running, but CLIENT LIST showed ${opened.length} new one(s).`,
    );
    // Counted just around the close, so that connections other checks leave closing do not blur it.
    const socketsRunning = tcpSocketsNow();
    await Promise.all([a.app.close(), b.app.close()]);
    const socketsAfter = tcpSocketsNow();
    t.expect(
      socketsAfter <= socketsRunning - 4,
      `Expected the 4 Redis connections of A and B (a publisher and a subscriber each) to be closed when app.close() resolved: ` +
        `this process held ${socketsRunning} TCP connections just before and ${socketsAfter} right after, so app.close() resolved before the Redis connections were closed.`,
    );
    const ids = await clientIds(redis);
    const left = opened.filter((client) => ids.has(client.id));
    t.expect(
      left.length === 0,
      `Expected the ${opened.length} Redis connections of A and B to be closed when app.close() resolved, but ${left.length} were still in CLIENT LIST: ` +
        left.map((client) => `id=${client.id} addr=${client.addr} subscriptions=${client.subscriptions}`).join(', ') +
        '.',
    );
  },
);

check(
  'closing the app closes its Redis connections with QUIT, after the Socket.IO servers',
  {
    task: 4,
    hint: [
      `The Socket.IO servers still use Redis while they close (the adapter unsubscribes from its channels), so close the connections after them, and say goodbye with QUIT: disconnect() drops a ready connection without a word, and whatever was still queued on it is lost. ${DOCS.lifecycle}`,
      "Nest runs onModuleDestroy and beforeApplicationShutdown before it closes the servers, onApplicationShutdown after; quit() sends QUIT and resolves on Redis's OK, disconnect() only closes the socket.",
      "async onApplicationShutdown() { await Promise.all([this.publisher, this.subscriber].map(async (client) => { if (client.status !== 'ready') return client.disconnect(); const ended = new Promise((r) => client.once('end', r)); await client.quit(); await ended; })); }",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it reads what Redis was asked to do (MONITOR)');
    const before = await clientIds(redis);
    const a = await instancesOn(t, redis)('A');
    const opened = await newClients(redis, before);
    const subscriber = opened.find((client) => client.subscriptions > 0);
    t.expect(
      subscriber,
      `Expected one of A's Redis connections to hold subscriptions (the subscriber), but CLIENT LIST showed: ${formatValue(opened)}.`,
    );
    await connectAs(t, a, 'alice');
    const admin = await adminClient(t, redis.url);
    const monitor = await openRedisMonitor(redis.url);
    t.defer(() => monitor.close());
    const unsubscribed: string[] = [];
    monitor.onCommand(({ args, source }) => {
      if (source === subscriber!.addr && /unsubscribe/i.test(args[0])) unsubscribed.push(args.join(' '));
    });
    // A round trip on the monitor: from here on it sees every command.
    await admin.ping();
    const quitsBefore = await commandCalls(admin, 'quit');
    await a.app.close();
    await eventually(500, async () => (await commandCalls(admin, 'quit')) - quitsBefore >= 2);
    const quits = (await commandCalls(admin, 'quit')) - quitsBefore;
    t.note(
      `while A closed, its subscriber sent: ${unsubscribed.join('; ') || 'no unsubscribe'}; Redis counted ${quits} QUIT`,
    );
    t.expect(
      unsubscribed.length > 0,
      "Expected A's subscriber connection to still be open while the Socket.IO servers closed (the Redis adapter unsubscribes from its channels then), " +
        'but Redis received no UNSUBSCRIBE from it: the connections were closed before the servers.',
    );
    t.expectEqual(
      quits,
      2,
      'the number of QUIT commands Redis received while A closed (one per connection; disconnect() sends none)',
    );
  },
);

/**
 * How long app.close() may take while Redis does not answer. Nothing of Redis answers then, so only the app's own
 * deadlines count: about 1.7 s (the presence DEL's 0.5 s, QUIT's 1 s, then disconnect()'s wait for a socket Redis never
 * closes, cut short with disconnectTimeout). With ioredis's default disconnectTimeout (2 s) it takes 3.5 s.
 */
const CLOSE_WHILE_FROZEN_MS = 2500;

check(
  `while Redis does not answer, app.close() resolves within ${CLOSE_WHILE_FROZEN_MS / 1000} s and leaves no Redis connection behind`,
  {
    task: 4,
    within: 20_000,
    hint: [
      `A Redis that hangs (a frozen process, a network that drops every packet) answers neither QUIT nor anything else, and never closes its side of a connection: a shutdown that waits for it never ends, and the orchestrator has to kill the process. Every wait on Redis while the app closes needs a deadline, the wait for the socket to close included. ${DOCS.lifecycle}`,
      "Race quit() against a timer of about a second; when the timer wins, disconnect() and await 'end'. disconnect() ends the socket and waits up to the client's disconnectTimeout option (2 s unless set) for Redis to close its side before it destroys it: give both clients a short one (a few hundred ms) where you create them. A command that an onModuleDestroy hook awaits needs a deadline of its own: Nest runs that hook before this service's.",
      "new Redis(url, { …, disconnectTimeout: 200 });  …  const ended = new Promise((resolve) => client.once('end', resolve)); let timer; const late = new Promise((resolve) => (timer = setTimeout(() => resolve('late'), 1000))); if ((await Promise.race([client.quit().catch(() => 'late'), late])) === 'late') client.disconnect(); clearTimeout(timer); await ended;",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it freezes Redis');
    const before = await clientIds(redis);
    const a = await instancesOn(t, redis)('A');
    await connectAs(t, a, 'alice');
    const opened = await newClients(redis, before);
    t.expect(
      opened.length >= 2,
      `Expected A to hold 2 Redis connections (a publisher and a subscriber) while running, but CLIENT LIST showed ${opened.length} new one(s).`,
    );
    redis.freeze();
    t.note('Redis frozen (SIGSTOP): its connections stay open and no command is answered');
    const clock = t.stopwatch();
    try {
      await withDeadline(
        a.app.close(),
        CLOSE_WHILE_FROZEN_MS,
        () =>
          new CheckFailure(
            `Expected app.close() to resolve within ${CLOSE_WHILE_FROZEN_MS} ms while Redis did not answer, but it had not: ` +
              "something the app awaits while it closes waits for Redis: QUIT without a deadline, the 'end' of a connection " +
              "(disconnect() waits up to the client's disconnectTimeout, 2 s unless set, for a socket Redis never closes), " +
              'or a command a shutdown hook awaits.',
          ),
      );
    } finally {
      redis.thaw();
      t.note(`Redis resumed (SIGCONT) ${clock.wall()} ms after it froze`);
    }
    let left = opened;
    await eventually(2000, async () => {
      const ids = await clientIds(redis);
      left = opened.filter((client) => ids.has(client.id));
      return left.length === 0;
    });
    t.expect(
      left.length === 0,
      `Expected A's Redis connections to be gone once app.close() had resolved and Redis answered again, but ${left.length} were still in CLIENT LIST: ` +
        left.map((client) => `id=${client.id} addr=${client.addr} subscriptions=${client.subscriptions}`).join(', ') +
        '. A connection that does not answer QUIT in time must be dropped (disconnect()), not left open.',
    );
  },
);

// ── Task 5 · a message says where it was sent ────────────────────────────────────────────────────────────────────────

check(
  'message:new carries the INSTANCE_ID it was sent on, on every instance',
  {
    task: 5,
    hint: [
      `With several instances, a message should say which one handled it (logs, bug reports): add the sending instance's INSTANCE_ID to message:new. ${DOCS.redisAdapter}`,
      "The ChatMessage interface (src/chat/chat-message.ts) and the message built in the gateway's message:send; the value is config instanceId (ConfigService, key 'app').",
      'const message: ChatMessage = { id, room, text, from, at, instance: this.config.instanceId };',
    ],
  },
  async (t) => {
    const [a, b] = await twoInstances(t, await redisFor(t));
    const alice = await connectAs(t, a, 'alice');
    const bob = await connectAs(t, b, 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await send(alice, 'lobby', 'where am I');
    await send(bob, 'lobby', 'and where am I');
    t.expectEqual(
      (await arrives(alice, 'where am I', a.id))?.instance,
      a.id,
      `the instance of alice's message as alice received it (A's INSTANCE_ID is ${a.id})`,
    );
    t.expectEqual(
      (await arrives(bob, 'where am I', a.id))?.instance,
      a.id,
      `the instance of alice's message as bob received it on B`,
    );
    t.expectEqual(
      (await arrives(alice, 'and where am I', b.id))?.instance,
      b.id,
      `the instance of bob's message as alice received it (B's INSTANCE_ID is ${b.id})`,
    );
  },
);

check(
  'without INSTANCE_ID, each instance takes a random id that names neither the host nor the process',
  {
    task: 5,
    hint: [
      `Every client sees INSTANCE_ID in message:new: a default made of the host name and process id tells anyone who connects how your servers are named. Default to a random id. src/config.ts, validateEnv. ${DOCS.configuration}`,
      'randomBytes() or randomUUID() from node:crypto; hostname() and process.pid are what must not appear.',
      "const id = text('INSTANCE_ID')?.trim();\nif (!id) return `instance-${randomBytes(4).toString('hex')}`; // readInstanceId(), in validateEnv",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const prefix = `course-check-${randomUUID().slice(0, 8)}`;
    const config = { redisUrl: redis.url, redisPrefix: prefix, redisConnectTimeoutMs: CHECK_CONNECT_TIMEOUT_MS };
    const [a, b] = [await boot(t, config, 'A'), await boot(t, config, 'B')];
    const alice = await connectAs(t, { app: a, id: 'A' }, 'alice');
    const bob = await connectAs(t, { app: b, id: 'B' }, 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await send(alice, 'lobby', 'from A');
    await send(bob, 'lobby', 'from B');
    const fromA = String((await arrives(alice, 'from A', 'A'))?.instance);
    const fromB = String((await arrives(alice, 'from B', 'B'))?.instance);
    t.note(`A and B were booted without INSTANCE_ID: their messages say ${fromA} and ${fromB}`);
    const telling = [hostname(), String(process.pid)].filter((part) => fromA.includes(part) || fromB.includes(part));
    t.expect(
      telling.length === 0,
      `Expected an INSTANCE_ID that names neither the host nor the process, but the instances called themselves ${fromA} and ${fromB}, which contain ${telling.join(' and ')}.`,
    );
    t.expect(
      fromA !== fromB && fromA.length >= 6,
      `Expected two instances booted without INSTANCE_ID to take two different random ids, but they were ${fromA} and ${fromB}.`,
    );
  },
);

// ── Task 6 · presence counts this instance, told to its own clients ──────────────────────────────────────────────────

check(
  "a client hears presence from its own instance only: another instance's count never reaches it",
  {
    task: 6,
    hint: [
      `Each instance tells its own clients, and only them: a presence emitted to the whole namespace also goes through Redis to the clients of every other instance, so alice on A hears B's count as if it were hers (and, once the counts are shared, every change once per instance). Count in PresenceService (src/chat/presence.service.ts), call it from the gateway's handleConnection and handleDisconnect, and let the provided PresenceAnnouncer tell the clients. ${DOCS.serverApi}`,
      'With the Redis adapter, server.emit(…) reaches the sockets of every instance, and server.local.emit(…) those of this instance only, which is what the announcer uses. The gateway calls this.presence.connected(…) and this.presence.disconnected(…) instead of emitting presence itself.',
      "// chat.gateway.ts: PresenceService counts, the gateway no longer emits presence\nhandleConnection(client: Socket): void { …; this.presence.connected(userOf(client), client.id); }\nhandleDisconnect(client: Socket): void { this.presence.disconnected(userOf(client)); }\n// presence.service.ts\nprivate sockets = 0; // this instance's sockets, whoever they belong to\n…\n// wherever this instance's count changed:\nthis.announcer.announce(() => this.sockets); // never this.server.emit('presence', …)",
    ],
  },
  async (t) => {
    const [a, b] = await twoInstances(t, await redisFor(t));
    const alice = await connectAs(t, a, 'alice');
    await connectAs(t, a, 'alice', 'a second alice on A');
    await onlineAt(alice, 2, 'alice twice on A').catch((error: unknown) => {
      const last = (alice.received('presence').at(-1) as any)?.online;
      if (last === 1)
        t.fail(
          `Expected alice on A to hear online: 2 once she had two sockets on A, but the last presence she heard said online: 1, the number of users: ` +
            'presence counts sockets, not users (one user with two sockets counts 2). Add one for every connection, whoever it belongs to.',
        );
      throw error;
    });
    const before = alice.received('presence').length;
    const bob = await connectAs(t, b, 'bob');
    await join(alice, 'fence');
    await join(bob, 'fence');
    // A message bob sends on B reaches alice through Redis after whatever B published before it, so
    // once it has arrived, so has every presence B sent her about bob's connection.
    await send(bob, 'fence', 'after bob connected');
    // The message crosses instances only through the adapter: without it, the check stops on task 1.
    await t.needs(1, () => arrives(alice, 'after bob connected', 'B'));
    const heard = alice.received('presence').slice(before);
    t.note(`once her two sockets were counted, and bob connected to B, alice on A heard: ${formatValue(heard)}`);
    const fewer = heard.filter((p: any) => !(Number(p?.online) >= 2));
    t.expect(
      fewer.length === 0,
      `Expected every presence alice on A heard after her two sockets on A were counted to count at least those 2, but she heard ${formatValue(fewer)}: ` +
        `B's count (bob alone) reached her. A presence emitted to the whole namespace goes through Redis to the clients of every instance.`,
    );
  },
);

/** Lesson 4's ANNOUNCE_EVERY_MS: the shortest time between two presence events to one instance's clients. */
const ANNOUNCE_EVERY_MS = 250;
const RECONNECTS = 40;
/**
 * New connections of one user on one instance in a minute: lesson 4's CONNECTIONS_PER_SOCKET_PER_MINUTE (6, in
 * flood-control.service.ts) times WS_MAX_SOCKETS_PER_USER (10 by default).
 */
const CONNECTIONS_PER_USER_PER_MINUTE = 60;

check(
  `a member reconnecting ${RECONNECTS} times in a row makes the others hear presence at most every ${ANNOUNCE_EVERY_MS} ms, and only changes; a user's connection over ${CONNECTIONS_PER_USER_PER_MINUTE} a minute is refused`,
  {
    task: 6,
    within: 20_000,
    hint: [
      `A member whose client reconnects in a loop changes the count twice per reconnect: every client must not pay for that one loop. The provided PresenceAnnouncer (src/chat/presence-announcer.ts) tells this instance's clients a count only when it changed, at most every ANNOUNCE_EVERY_MS (250 ms), and those that just connected too: every presence of this instance must go through it. ${DOCS.serverApi}`,
      'Tell the clients nothing yourself (no server.emit or server.local.emit of presence in PresenceService or the gateway): on every connection and disconnection, hand the announcer a function that gives the count; it reads it again when its interval ends.',
      "private sockets = 0; // this instance's sockets\n…\n// in connected() and disconnected(), once counted:\nthis.announcer.announce(() => this.sockets);\n// and nowhere: this.server?.local.emit('presence', …)",
    ],
  },
  async (t) => {
    // One instance, and no heartbeat within the check: only a change may make it speak.
    const a = await instancesOn(t, await redisFor(t))('A', { presenceTtlMs: 60_000 });
    const watcher = await connectAs(t, a, 'alice', 'alice on A (listening)');
    await onlineAt(watcher, 1, 'alice alone on A');
    await watcher.settle();
    const before = watcher.received('presence').length;
    const clock = t.stopwatch();
    // bob and carol on A each close and reconnect, one after the other, RECONNECTS times in all.
    const loop = async (on: Instance, user: SeedUser, times: number): Promise<void> => {
      let socket = await connectAs(t, on, user, `${user} on ${on.app.name} #0`);
      for (let index = 1; index < times; index += 1) {
        socket.close();
        socket = await connectAs(t, on, user, `${user} on ${on.app.name} #${index}`);
      }
      socket.close();
    };
    await Promise.all([loop(a, 'bob', RECONNECTS / 2), loop(a, 'carol', RECONNECTS / 2)]);
    const took = clock.wall();
    // Back to alice alone. When every step fell between two announcements she hears nothing more, and rightly:
    // what counts is that the last count she heard is 1 once the last change has been told.
    const last = (): unknown => (watcher.received('presence').at(-1) as any)?.online;
    await eventually(CROSSING_MS * 3, () => last() === 1);
    await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_EVERY_MS * 2));
    await watcher.settle();
    t.expectEqual(last(), 1, 'the last presence alice on A heard, once bob and carol had left (alice alone)');
    const heard = watcher.received('presence').slice(before);
    // Events at least ANNOUNCE_EVERY_MS apart: at most one per interval of the whole time watched, and one more.
    const watched = clock.wall();
    const allowed = Math.floor(watched / ANNOUNCE_EVERY_MS) + 1;
    t.note(
      `${RECONNECTS} reconnects (bob and carol on A) took ${took} ms; in the ${watched} ms watched, alice on A heard ${heard.length} presence event(s): ${formatValue(heard.map((p: any) => p?.online))}`,
    );
    t.expect(
      heard.length <= allowed,
      `Expected alice on A to hear at most ${allowed} presence events in the ${watched} ms watched while bob and carol reconnected ${RECONNECTS} times (in ${took} ms), ` +
        `one every ${ANNOUNCE_EVERY_MS} ms at most, but she heard ${heard.length}: every step of one member's reconnect loop reaches every client.`,
    );
    const repeated = heard.filter((p: any, index) => index > 0 && p?.online === (heard[index - 1] as any)?.online);
    t.expect(
      repeated.length === 0,
      `Expected each presence alice on A heard to differ from the one before it, but ${repeated.length} repeated it: ${formatValue(heard.map((p: any) => p?.online))}. A count that came back to where it was is not news.`,
    );
    // The loop itself has a limit: 60 new connections of one user a minute (provided in flood-control.service.ts).
    for (let index = RECONNECTS / 2; index < CONNECTIONS_PER_USER_PER_MINUTE; index += 1)
      (await connectAs(t, a, 'bob', `bob on A #${index}`)).close();
    const refused = await t
      .socket(`bob on A #${CONNECTIONS_PER_USER_PER_MINUTE}`, a.app, CHAT, {
        auth: { token: await tokenFor(t, a.app, 'bob') },
      })
      .connectRefused();
    t.expectEqual(
      [refused.message, refused.data?.reason],
      ['Too many connections', 'too_many_reconnects'],
      `the connect_error of bob's connection #${CONNECTIONS_PER_USER_PER_MINUTE + 1} to A within a minute`,
    );
  },
);

const USERS: SeedUser[] = Object.keys(SEED_USERS);

const BURST = 9;
/** How long after a connection its change may reach the announcer: a busy machine runs the handlers late; room to spare. */
const GATHERING_MS = 100;

check(
  `a burst of ${BURST} connections reaches a watching client as one presence per ${ANNOUNCE_EVERY_MS} ms, not one per connection`,
  {
    task: 6,
    hint: [
      `A burst of connections (a deploy, a reconnect storm) must not reach every client as one event per connection: count every socket (not every user), and hand the count to the provided PresenceAnnouncer (src/chat/presence-announcer.ts), which tells this instance's clients at most once every ANNOUNCE_EVERY_MS (250 ms). ${DOCS.serverApi}`,
      "In connected() and disconnected(): add or take one socket, for this instance and for the user, then call this.announcer.announce(() => …) with a function that gives the count. Never server.local.emit('presence', …) from PresenceService or the gateway.",
      "private readonly here = new Map<string, { name: string; sockets: number }>(); // this instance's users, by id\nprivate sockets = 0; // this instance's sockets, whoever they belong to\n…\nconnected(user: User, socketId: string): void {\n  this.announcer.welcome(socketId);\n  const entry = this.here.get(user.id) ?? { name: user.name, sockets: 0 };\n  entry.sockets += 1;\n  this.here.set(user.id, entry);\n  this.sockets += 1;\n  this.announcer.announce(() => this.sockets);\n}",
    ],
  },
  async (t) => {
    // No heartbeat, and no other instance: only the connections of the check may make A speak.
    const a = await instancesOn(t, await redisFor(t))('A', { presenceTtlMs: 60_000 });
    for (const user of USERS) await tokenFor(t, a.app, user);
    const watcher = await connectAs(t, a, 'alice', 'alice on A (watching)');
    // Her own connection was told at once, and opened an interval: the burst's first changes wait for its end.
    await onlineAt(watcher, 1, 'alice alone on A');
    const window = t.stopwatch();
    const burst = await Promise.all(
      Array.from({ length: BURST }, (_, index) =>
        connectAs(t, a, USERS[index % USERS.length], `${USERS[index % USERS.length]} #${index} on A`),
      ),
    );
    const connected = window.wall();
    t.note(`${burst.length} connections to A, all connected ${connected} ms after alice heard her own presence`);
    await onlineAt(watcher, 1 + BURST, `alice and the ${BURST} connections of the burst`);
    await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_EVERY_MS * 2));
    await watcher.settle();
    const heard = watcher.received('presence').slice(1);
    // One at the end of each interval the burst's changes fell in: one when it fitted in the first (on an idle machine).
    const allowed = Math.floor((connected + GATHERING_MS * t.deadlineScale) / ANNOUNCE_EVERY_MS) + 1;
    t.note(`after her own, alice heard: ${formatValue(heard)}`);
    t.expect(
      heard.length <= allowed,
      `Expected alice on A to hear the burst of ${BURST} connections (all connected within ${connected} ms of her own presence) as at most ${allowed} presence event(s), one at the end of each ${ANNOUNCE_EVERY_MS} ms interval it fell in, ` +
        `but she heard ${heard.length}: ${formatValue(heard)}. Changes reached her one by one: gather the changes of a burst, and hand every count to the announcer.`,
    );
  },
);

// ── Task 7 · this instance shares its count, once per burst ──────────────────────────────────────────────────────────

/** Connections opened on A at once, and the most counts A may share for them (one per connection fails). */
/** Connections A holds, then drops at once, and the most counts A may share for the drop (one per connection fails). */
const DROP_BURST = 30;
const MAX_BURST_SHARES = 5;
/** How long A must publish nothing more before its shares are counted. */
const SHARE_QUIET_MS = 250;

check(
  `${DROP_BURST} connections dropped at once on A are shared on Redis as at most ${MAX_BURST_SHARES} counts, not one per connection`,
  {
    task: 7,
    within: 30_000,
    hint: [
      `A deploy or a reconnect storm brings or takes many connections at once, and an instance that shares its count on every change publishes once per connection, and every other instance handles each message. Gather the changes of a few milliseconds and share the count (one presence:count) once for them. ${DOCS.redisAdapter}`,
      'On a change, start a timer (setTimeout, a few milliseconds) unless one is pending, and share the count when it fires: a change while it is pending is shared by it. onModuleDestroy() clears it.',
      "private flushTimer: NodeJS.Timeout | undefined;\n…\n// on every change of this instance's count:\nthis.flushTimer ??= setTimeout(() => {\n  this.flushTimer = undefined;\n  this.share(); // serverSideEmit('presence:count', …) with the count as it is now\n}, COALESCE_MS);",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const instance = instancesOn(t, redis);
    // No heartbeat within the check: every count A publishes here follows a change.
    const a = await instance('A', { presenceTtlMs: SLOW_HEARTBEAT_TTL_MS, wsMaxSocketsPerUser: DROP_BURST + 1 });
    const channel = `${instance.prefix}-request#${CHAT}#`;
    const admin = await adminClient(t, redis.url);
    // Another "instance": it hears every count A shares.
    const listener = admin.duplicate();
    listener.on('error', () => undefined);
    t.defer(() => void listener.disconnect());
    const shares: string[] = [];
    listener.on('message', (_channel: string, message: string) => {
      if (message.includes('"presence:count"') && message.includes(a.id)) shares.push(message);
    });
    await listener.subscribe(channel);
    await Promise.all(
      Array.from({ length: DROP_BURST }, (_, index) => {
        const user = USERS[index % USERS.length];
        return connectAs(t, a, user, `${user} #${index} on A`);
      }),
    );
    const sharing = (sockets: number) => () => shares.some((message) => message.includes(`"sockets":${sockets}`));
    const heardAll = await eventually(5000 * t.deadlineScale, sharing(DROP_BURST), 10);
    t.expect(
      heardAll,
      `Expected A to share its count (a presence:count naming ${a.id} with sockets: ${DROP_BURST} on ${channel}) once ${DROP_BURST} clients had connected, ` +
        `but it published ${shares.length === 0 ? 'none' : `only ${formatValue(shares.at(-1), 160)}`}.`,
    );
    // All at once, in one turn of A's event loop, however busy the machine: the changes come together.
    const before = shares.length;
    const { ChatGateway } = await t.appModule('chat/chat.gateway.ts');
    a.app.nest.get(ChatGateway).server.local.disconnectSockets(true);
    t.note(`A dropped its ${DROP_BURST} connections at once (server.local.disconnectSockets(true))`);
    const shared = await eventually(CROSSING_MS * t.deadlineScale, sharing(0), 10);
    // A shares at once, or a moment later: count once it has published nothing more for a while.
    let counted = -1;
    while (shared && counted !== shares.length) {
      counted = shares.length;
      await new Promise((resolve) => setTimeout(resolve, SHARE_QUIET_MS));
    }
    const burst = shares.length - before;
    t.note(`A's counts on the request channel for the drop: ${burst}; the last: ${formatValue(shares.at(-1), 160)}`);
    t.expect(
      shared,
      `Expected A to share its count of 0 (a presence:count naming ${a.id} on ${channel}) once its ${DROP_BURST} connections were dropped, but it did not.`,
    );
    t.expect(
      burst <= MAX_BURST_SHARES,
      `Expected A to share the count of ${DROP_BURST} connections dropped at once in at most ${MAX_BURST_SHARES} messages, ` +
        `but it published ${burst}: every connection costs a publish, and every other instance handles each one.`,
    );
    // The adapter's packet is JSON, its data the event's name and arguments: the count is the first argument.
    const payloads = shares.map((message): unknown => {
      try {
        return (JSON.parse(message) as { data?: unknown[] })?.data?.[1];
      } catch {
        return message;
      }
    });
    const fat = payloads.find(
      (payload) =>
        typeof payload !== 'object' || payload === null || Object.keys(payload).sort().join(',') !== 'instance,sockets',
    );
    if (fat !== undefined) {
      const extra =
        typeof fat === 'object' && fat !== null
          ? Object.keys(fat).filter((key) => key !== 'instance' && key !== 'sockets')
          : [];
      t.fail(
        `Expected every presence:count A shared to be { instance, sockets } and nothing else (the count, whatever the number of sockets), ` +
          `but one was ${formatValue(fat, 200)}` +
          (extra.length > 0
            ? `: it also carried ${extra.map((key) => `'${key}'`).join(', ')}, which every other instance receives and parses on every share, and grows with the connections.`
            : '.'),
      );
    }
  },
);

/** A short PRESENCE_TTL_MS, so that an instance's silence outlasts it within the check. */
const SILENT_TTL_MS = 1500;
/** How much longer than PRESENCE_TTL_MS the check waits after an instance went silent: a count in flight lands meanwhile. */
const SILENT_MARGIN_MS = 500;

// ── Task 8 · presence counts the cluster ─────────────────────────────────────────────────────────────────────────────

check(
  'presence counts the sockets of every instance, also when a client leaves B',
  {
    task: 8,
    hint: [
      `presence must count every instance's sockets, not this one's: each instance counts its own (PresenceService, src/chat/presence.service.ts, called from the gateway's handleConnection and handleDisconnect) and shares its count with the others. ${DOCS.serverApi}`,
      "server.serverSideEmit(event, count) reaches the other instances' server.on(event, …) through Redis and waits for nobody; the provided PresenceAnnouncer (this.announcer) tells this instance's clients the sum of its count and those it heard.",
      "private sockets = 0; // this instance's sockets, whoever they belong to\nprivate readonly others = new Map<string, { sockets: number; until: number }>(); // instance id → its count, until its heartbeat is overdue\n…\n// in connected() and disconnected(), once per burst of changes:\nthis.server?.serverSideEmit('presence:count', { instance: this.config.instanceId, sockets: this.sockets });\n// othersOnline(), which task 6's count adds to this.sockets:\nreturn [...this.others.values()].reduce((sum, other) => sum + other.sockets, 0);\n// in attach(server):\nserver.on('presence:count', ({ instance, sockets }) => {\n  this.others.set(instance, { sockets, until: Date.now() + this.config.presenceTtlMs });\n  // then have this instance's clients told the new total\n});",
    ],
  },
  async (t) => {
    const [a, b] = await twoInstances(t, await redisFor(t));
    const alice = await connectAs(t, a, 'alice');
    const bob = await connectAs(t, b, 'bob');
    await connectAs(t, b, 'carol');
    await onlineAt(alice, 3, 'alice on A, bob and carol on B');
    await presenceAfter(alice, () => bob.close(), 2, 'alice on A and carol on B, after bob left B');
  },
);

check(
  'presence counts sockets, not users: one user with two sockets counts 2',
  {
    task: 8,
    hint: [
      `presence { online } is the number of connected sockets in the cluster; users:online is the one that lists users. A user with two tabs counts twice. ${DOCS.serverApi}`,
      'Count every connection and every disconnection of this instance, whoever it belongs to; the per-user entries are for users:online.',
      "private sockets = 0; // this instance's sockets, whoever they belong to\n…\nconnected(user: User): void { this.sockets += 1; … }\ndisconnected(user: User): void { this.sockets -= 1; … }\n// online: this.sockets plus the counts of the live instances",
    ],
  },
  async (t) => {
    const [a, b] = await twoInstances(t, await redisFor(t));
    const alice = await connectAs(t, a, 'alice');
    await connectAs(t, b, 'bob');
    await onlineAt(alice, 2, 'alice on A, bob on B');
    await presenceAfter(alice, () => connectAs(t, b, 'bob', 'a second bob on B'), 3, 'alice on A, and bob twice on B');
  },
);

check(
  'with Redis stopped, presence counts the sockets of this instance',
  {
    task: 8,
    hint: [
      `While Redis is down an instance cannot hear the others, and what it heard before may be stale: presence then counts this instance's sockets alone, rather than nobody or old numbers. ${DOCS.serverApi}`,
      "RedisPubSubService's publisher and subscriber have a status: only when both are 'ready' do the others' counts count.",
      "private sockets = 0; // this instance's sockets, whoever they belong to\n…\nprivate online(): number {\n  if (this.redis.publisher.status !== 'ready' || this.redis.subscriber.status !== 'ready') return this.sockets;\n  return this.sockets + …; // plus the sockets of the live others\n}",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    const [a, b] = await twoInstances(t, redis);
    const alice = await connectAs(t, a, 'alice');
    await connectAs(t, b, 'bob');
    await onlineAt(alice, 2, 'alice on A, bob on B');
    t.note('stopping Redis');
    await redis.stop();
    // Two sockets, so that the count differs from the last one alice heard (2): only a change is told.
    await presenceAfter(
      alice,
      async () => {
        await connectAs(t, a, 'carol');
        await connectAs(t, a, 'carol', 'a second carol on A');
      },
      3,
      "carol connected twice to A with Redis down: alice and carol's two sockets, this instance's count",
    );
  },
);

/** Bytes in and out of a Redis so far (INFO stats), on a connection of its own. */
async function redisBytes(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const stats = String(await client.info('stats'));
    const read = (field: string): number => Number(new RegExp(`^${field}:(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
    return read('total_net_input_bytes') + read('total_net_output_bytes');
  } finally {
    client.disconnect();
  }
}

check(
  'the Redis traffic of 60 connections is at most 2.5 times that of 30',
  {
    task: 8,
    within: 30_000,
    hint: [
      `Presence must cost each connection the same, however many are connected: a recount that asks every instance for all its sockets (fetchSockets) on each connect makes the traffic grow with the square of the connections. Keep per-instance counts and share them. ${DOCS.serverApi}`,
      "Count this instance's sockets in memory; share the count with serverSideEmit() (it publishes and returns); coalesce a burst of changes into one message; never call fetchSockets() on a connect or a disconnect.",
      "private sockets = 0; // this instance's sockets, whoever they belong to\nprivate flushTimer: NodeJS.Timeout | undefined;\n…\nconnected(user: User): void {\n  this.sockets += 1;\n  this.flushTimer ??= setTimeout(() => { // one message for a whole burst of changes\n    this.flushTimer = undefined;\n    this.server?.serverSideEmit('presence:count', { instance: this.config.instanceId, sockets: this.sockets });\n    // and tell this instance's clients the cluster's total\n  }, 25);\n}",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    // How many changes a coalesced count carries depends on how fast the connections come: beside other
    // checks on a busy machine the two rounds may not come alike, and a failure then runs again alone.
    t.timeSensitive();
    const traffic: Record<number, number> = {};
    for (const connections of [30, 60]) {
      const instance = instancesOn(t, redis);
      // Three users hold all the connections: each may hold them all.
      const limits = { wsMaxSocketsPerUser: connections + 1 };
      const [a, b] = [await instance(`A${connections}`, limits), await instance(`B${connections}`, limits)];
      const watcher = await connectAs(t, a, 'alice', `watcher on A${connections}`);
      await onlineAt(watcher, 1, 'the watcher alone');
      const before = await redisBytes(redis.url);
      const clients: SocketUnderTest[] = [];
      for (let index = 0; index < connections; index += 1) {
        const user = USERS[index % USERS.length];
        const on = index % 2 === 0 ? a : b;
        clients.push(await connectAs(t, on, user, `${user} #${index} on ${on.app.name}`));
      }
      await onlineAt(watcher, connections + 1, `the watcher and ${connections} connections on A and B`, 5000);
      traffic[connections] = (await redisBytes(redis.url)) - before;
      t.note(`Redis traffic while ${connections} clients connected to A and B: ${traffic[connections]} bytes`);
      for (const client of clients) client.close();
      await Promise.all([a.app.close(), b.app.close()]);
    }
    const ratio = traffic[60] / traffic[30];
    t.expect(
      ratio <= 2.5,
      `Expected the Redis traffic of 60 connections to be at most 2.5 times that of 30 (each connection costing about the same), ` +
        `but it was ${traffic[60]} bytes against ${traffic[30]} (${ratio.toFixed(2)} times): each connection costs more the more are connected.`,
    );
  },
);

check(
  'a count is believed for PRESENCE_TTL_MS: a client that connects once another instance has been silent that long does not count it',
  {
    task: 8,
    within: 15_000,
    hint: [
      `An instance can stop without leaving (a crash, a cut network): what it shared must not be believed for ever, or its sockets are counted long after they are gone. Keep each other instance's count with the time until which it is believed (PRESENCE_TTL_MS after it was heard), and add up only those whose time has not run out; task 10's heartbeat renews them. ${DOCS.serverApi}`,
      'In heard(), store the count with until: Date.now() + this.config.presenceTtlMs; liveOthers() keeps only the counts whose until is still ahead, and othersOnline() adds up those, so that the next count told leaves out an instance not heard from for that long.',
      'private readonly others = new Map<string, { sockets: number; until: number }>(); // instance id → its count, until its heartbeat is overdue\n…\n// in heard():\nthis.others.set(instance, { sockets, until: Date.now() + this.config.presenceTtlMs });\n// liveOthers():\nconst now = Date.now();\nreturn new Map([...this.others].filter(([, count]) => count.until > now));\n// othersOnline(): the sockets of liveOthers(), added up',
    ],
  },
  async (t) => {
    const { a, b } = await aliceOnABobAndCarolOnB(t, SILENT_TTL_MS);
    // B stops without leaving: its Redis connections end and never come back, its sockets stay open.
    const ofB = await pubSubOf(t, b);
    for (const client of [ofB.publisher, ofB.subscriber]) client?.disconnect();
    const wait = SILENT_TTL_MS + SILENT_MARGIN_MS * t.deadlineScale;
    t.note(
      `B's Redis connections were closed and do not come back; PRESENCE_TTL_MS is ${SILENT_TTL_MS}; waiting ${wait} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, wait));
    const late = await connectAs(t, a, 'bob', `bob on A, ${wait} ms after B went silent`);
    const heard = await late.next('presence', {
      within: CROSSING_MS,
      what: '(the count told to a socket that just connected)',
    });
    t.expect(
      heard?.online === 2,
      `Expected bob, connecting to A ${wait} ms after B went silent (PRESENCE_TTL_MS ${SILENT_TTL_MS}), to hear online: 2 (alice and bob on A), but he heard ${formatValue(heard)}` +
        (heard?.online === 4
          ? ": A still counted B's 2 sockets, heard more than PRESENCE_TTL_MS before. Add up only the counts whose time has not run out."
          : '.'),
    );
  },
);

// ── Task 9 · a count heard through Redis is checked, and so are the names ────────────────────────────────────────────

/** Lesson 4's MAX_OTHER_INSTANCES (presence.service.ts): the most other instances one instance believes at once. */
const MAX_OTHER_INSTANCES = 100;
const MADE_UP_INSTANCES = 1000;

check(
  `counts under ${MADE_UP_INSTANCES} made-up instance names published on Redis make an instance believe at most ${MAX_OTHER_INSTANCES} others`,
  {
    task: 9,
    hint: [
      `The names of the other instances come from Redis: whoever may publish on the adapter's request channel can send a count under a new name each time, and an instance that keeps every name it hears holds, adds up and (for users:online) reads without end. Believe at most MAX_OTHER_INSTANCES (100, in src/chat/presence.service.ts) at once, and no name longer than MAX_INSTANCE_ID_LENGTH. ${DOCS.redisAdapter}`,
      'In hasRoomFor(instance), which heard() asks before it stores a count: a name already known has room (it is renewed); a new one only while the map holds fewer than MAX_OTHER_INSTANCES once forgetSilent() has dropped the instances whose heartbeat is overdue; otherwise the count is ignored.',
      'private readonly others = new Map<string, { sockets: number; until: number }>(); // instance id → its count, until its heartbeat is overdue\n…\nprivate hasRoomFor(instance: string): boolean {\n  if (this.others.has(instance)) return true; // known: renewed\n  if (this.others.size >= MAX_OTHER_INSTANCES) this.forgetSilent();\n  return this.others.size < MAX_OTHER_INSTANCES; // full: a new name waits until one is forgotten\n}',
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const instance = instancesOn(t, redis);
    // No heartbeat within the check: the made-up counts stay believed for its whole length.
    const a = await instance('A', { presenceTtlMs: 60_000 });
    const alice = await connectAs(t, a, 'alice');
    await onlineAt(alice, 1, 'alice alone on A');
    const admin = await adminClient(t, redis.url);
    const channel = `${instance.prefix}-request#${CHAT}#`;
    const count = (name: string, sockets: number) =>
      JSON.stringify({ uid: 'made-up', type: 6, data: ['presence:count', { instance: name, sockets }] });
    const flood = admin.pipeline();
    for (let index = 0; index < MADE_UP_INSTANCES; index += 1) flood.publish(channel, count(`made-up-${index}`, 1));
    // Last, the first name again with 2 sockets: a known instance is still heard once the others are full.
    flood.publish(channel, count('made-up-0', 2));
    await flood.exec();
    const capped = 1 + MAX_OTHER_INSTANCES + 1;
    t.note(
      `published ${MADE_UP_INSTANCES} well-formed counts of 1 socket, each under a new name, then made-up-0 again with 2 sockets`,
    );
    const last = (): number => Number((alice.received('presence').at(-1) as any)?.online);
    await eventually(CROSSING_MS * 3, () => last() >= capped);
    await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_EVERY_MS * 2));
    await alice.settle();
    t.note(`alice on A heard online: ${formatValue(alice.received('presence').map((p: any) => p?.online))}`);
    t.expectEqual(
      last(),
      capped,
      `the last presence alice on A heard: alice, ${MAX_OTHER_INSTANCES} made-up instances of 1 socket (the first names heard, one of them renewed with 2), and none of the other ${MADE_UP_INSTANCES - MAX_OTHER_INSTANCES}`,
    );
  },
);

/** Lesson 4's MAX_INSTANCE_ID_LENGTH (presence.service.ts): the longest name of another instance believed. */
const MAX_INSTANCE_ID_LENGTH = 100;
/** The sockets of the forged counts under a name too long and under the instance's own: the total tells which was believed. */
const TOO_LONG_SOCKETS = 10;
const OWN_NAME_SOCKETS = 20;

check(
  'a count heard through Redis is believed only when it names another instance and holds a whole number of sockets',
  {
    task: 9,
    hint: [
      `Anyone who can publish on the adapter's request channel can send a presence:count: take only an object with a string instance and a whole, non-negative number of sockets, or a string "7" turns the sum into "17". ${DOCS.redisAdapter}`,
      "In isCount(count), which heard() asks before it believes anything: typeof instance === 'string' (at most MAX_INSTANCE_ID_LENGTH long, and not this instance's own INSTANCE_ID) and Number.isSafeInteger(sockets) && sockets >= 0; heard() drops the rest without a word.",
      "private isCount(count: unknown): count is InstanceCount {\n  const { instance, sockets } = (count ?? {}) as Partial<InstanceCount>;\n  return typeof instance === 'string' && instance.length <= MAX_INSTANCE_ID_LENGTH && instance !== this.config.instanceId && Number.isSafeInteger(sockets) && sockets! >= 0;\n}",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const instance = instancesOn(t, redis);
    const a = await instance('A');
    const alice = await connectAs(t, a, 'alice');
    await alice.next('presence', { where: (p: any) => p?.online === 1, within: CROSSING_MS, what: 'with online: 1' });
    const admin = await adminClient(t, redis.url);
    const forge = (count: unknown) =>
      admin.publish(
        `${instance.prefix}-request#${CHAT}#`,
        JSON.stringify({ uid: 'forged', type: 6, data: ['presence:count', count] }),
      );
    const forged: unknown[] = [
      { instance: 'forged-1', sockets: '7' },
      { instance: 'forged-2', sockets: -3 },
      { instance: 'forged-3', sockets: 2.5 },
      { instance: 'forged-4', sockets: 1e300 },
      { sockets: 4 },
      null,
      'presence',
    ];
    t.note(`publishing ${forged.length} malformed counts, then a well-formed one of 2 sockets, on the request channel`);
    for (const count of forged) await forge(count);
    await forge({ instance: 'forged-ok', sockets: 2 });
    await alice.next('presence', {
      where: (p: any) => p?.online === 3,
      within: CROSSING_MS,
      what: 'with online: 3 (alice, and the well-formed count of 2 published after the malformed ones)',
    });
    const wrong = alice.received('presence').filter((p: any) => !Number.isSafeInteger(p?.online) || p.online > 3);
    t.expect(
      wrong.length === 0,
      `Expected every presence to hold a whole number of at most 3 (alice, and 2 from the only well-formed count), but alice received ${wrong
        .map((p) => formatValue(p))
        .join(', ')}: a malformed count heard through Redis was believed.`,
    );
    // Well-formed counts under names no instance may have: one too long, and A's own. Each adds its own tens,
    // so the total tells which was believed; forged-ok, renewed last with 4, says when both have been heard.
    const tooLong = 'x'.repeat(MAX_INSTANCE_ID_LENGTH + 1);
    const earlier = new Set(alice.received('presence'));
    t.note(
      `publishing a count of ${TOO_LONG_SOCKETS} under a name of ${tooLong.length} characters, one of ${OWN_NAME_SOCKETS} under A's own INSTANCE_ID (${a.id}), then forged-ok's again with 4`,
    );
    await forge({ instance: tooLong, sockets: TOO_LONG_SOCKETS });
    await forge({ instance: a.id, sockets: OWN_NAME_SOCKETS });
    await forge({ instance: 'forged-ok', sockets: 4 });
    const renewed = [5, 5 + TOO_LONG_SOCKETS, 5 + OWN_NAME_SOCKETS, 5 + TOO_LONG_SOCKETS + OWN_NAME_SOCKETS];
    const heard = await newPresence(
      alice,
      earlier,
      renewed,
      "alice, and forged-ok's count renewed to 4",
      'the counts under a name too long and under its own were published',
    );
    const believed = [
      ...((heard.online - 5) % (2 * TOO_LONG_SOCKETS) >= TOO_LONG_SOCKETS
        ? [
            `the count of ${TOO_LONG_SOCKETS} under a name of ${tooLong.length} characters (longer than MAX_INSTANCE_ID_LENGTH, ${MAX_INSTANCE_ID_LENGTH})`,
          ]
        : []),
      ...(heard.online - 5 >= OWN_NAME_SOCKETS
        ? [`the count of ${OWN_NAME_SOCKETS} under A's own INSTANCE_ID (${a.id}), which no other instance has`]
        : []),
    ];
    t.expect(
      believed.length === 0,
      `Expected alice on A to hear online: 5 (alice, and forged-ok's 4) once forged-ok's count was renewed, but she heard ${formatValue(heard)}: A believed ${believed.join(', and ')}.`,
    );
  },
);

/**
 * Two instances on this check's Redis, each believing a count for `presenceTtlMs`, with alice on A and bob and
 * carol on B; resolves once alice has been told all three are online.
 */
async function aliceOnABobAndCarolOnB(t: CheckContext, presenceTtlMs: number) {
  const redis = await redisFor(t);
  const instance = instancesOn(t, redis);
  const [a, b] = [await instance('A', { presenceTtlMs }), await instance('B', { presenceTtlMs })];
  const alice = await connectAs(t, a, 'alice');
  await connectAs(t, b, 'bob');
  await connectAs(t, b, 'carol');
  await onlineAt(alice, 3, 'alice on A, bob and carol on B');
  return { redis, instance, a, b, alice };
}

const GHOST_TTL_MS = 1500;

/**
 * A on its own, B "dead": alice on A, bob and carol on B, then B's Redis connections end and never come
 * back, while its sockets stay open. Resolves once alice has been told that only she is online.
 */
async function instanceBDies(t: CheckContext): Promise<{ a: Instance; alice: SocketUnderTest }> {
  const ttl = GHOST_TTL_MS;
  const { a, b, alice } = await aliceOnABobAndCarolOnB(t, ttl);
  const earlier = new Set(alice.received('presence'));
  // B "dies" as far as the cluster can tell: its Redis connections end and never come back. Its sockets stay open.
  const ofB = await pubSubOf(t, b);
  for (const client of [ofB.publisher, ofB.subscriber]) client?.disconnect();
  const cut = performance.now();
  t.note(`B's Redis connections were closed and do not come back; PRESENCE_TTL_MS is ${ttl}`);
  // Alice heard online: 1 before bob and carol connected: only an event after B's death shows it forgotten.
  await newPresence(
    alice,
    earlier,
    1,
    `alice alone, once B's ${ttl} ms have passed since it was cut off`,
    'B was cut off',
    ttl * 2 + 1000,
  );
  t.note(`A stopped counting B ${Math.round(performance.now() - cut)} ms after B was cut off`);
  return { a, alice };
}

// ── Task 10 · an instance that goes silent is forgotten ───────────────────────────────────────────────────────────────

check(
  'an instance that dies is no longer counted once PRESENCE_TTL_MS has passed',
  {
    task: 10,
    within: 15_000,
    hint: [
      `An instance that crashes never says goodbye: whatever it shared must expire by itself, or its sockets are counted for ever. Renew what an instance shares with a heartbeat, and forget an instance whose heartbeat is overdue by PRESENCE_TTL_MS. ${DOCS.serverApi}`,
      "A timer (setInterval, a third of presenceTtlMs, started in attach()) that runs beat(): it shares this instance's count again, so that the others keep counting it; keep until when each other instance is believed (its last count's time plus the TTL), and drop it, and have the clients told the new total, once that time has passed.",
      "private readonly others = new Map<string, { sockets: number; until: number }>(); // instance id → its count, until its heartbeat is overdue\nprivate heartbeat: NodeJS.Timeout | undefined;\n…\n// in attach(server):\nthis.heartbeat = setInterval(() => void this.beat(), this.config.presenceTtlMs / 3);\n// in beat(), before the users are written:\nfor (const [instance, { until }] of this.others) if (until <= Date.now()) this.others.delete(instance);\n// then: have this instance's clients told the total, and share this instance's count again",
    ],
  },
  async (t) => {
    await instanceBDies(t);
  },
);

/** A heartbeat far apart: what a check sees within a few seconds of a boot cannot come from a heartbeat. */
const SLOW_HEARTBEAT_TTL_MS = 30_000;

// ── Task 11 · a new instance hears the others' counts at once ───────────────────────────────────────────────────────

check(
  'a new instance asks the others for their counts instead of waiting for their heartbeat',
  {
    task: 11,
    hint: [
      `A new instance knows no count but its own until the others' heartbeats come, up to a third of PRESENCE_TTL_MS later: its first clients would be told a count too low. Ask the others at once. ${DOCS.serverApi}`,
      "In attach(): listen for a message of your own ('presence:hello') and answer it by sharing this instance's count, once for all the hellos of a moment; then serverSideEmit('presence:hello') once, so that every other instance answers.",
      "// this.helloAnswer (provided): the answer to the hellos of a moment, pending\n// in attach(server), where the counts are heard:\nserver.on('presence:hello', () => {\n  // one answer for all the hellos of a moment (the next check floods them)\n  this.helloAnswer ??= setTimeout(() => {\n    this.helloAnswer = undefined;\n    this.share();\n  }, COALESCE_MS);\n});\nserver.serverSideEmit('presence:hello');",
    ],
  },
  async (t) => {
    const instance = instancesOn(t, await redisFor(t));
    const ttl = { presenceTtlMs: SLOW_HEARTBEAT_TTL_MS };
    const a = await instance('A', ttl);
    const alice = await connectAs(t, a, 'alice');
    await onlineAt(alice, 1, 'alice alone on A');
    t.note(`A's first heartbeat is due ${SLOW_HEARTBEAT_TTL_MS / 3} ms after it booted; B boots now`);
    const b = await instance('B', ttl);
    const bob = await connectAs(t, b, 'bob');
    await onlineAt(bob, 2, "alice on A and bob on B, heard on B before A's first heartbeat");
  },
);

/** Hellos published in one burst, as a flood (or an instance in a restart loop) would send them. */
const HELLO_FLOOD = 200;
/** The most answers an instance may publish to that burst: one per gathering window, and a busy machine's few. */
const MAX_HELLO_ANSWERS = 5;
/** How long an instance that answered no more is watched before its answers are counted. */
const HELLO_QUIET_MS = 250;

check(
  `${HELLO_FLOOD} hellos published in a burst on Redis cost an instance at most ${MAX_HELLO_ANSWERS} answers, not one each`,
  {
    task: 11,
    hint: [
      `Whoever may publish on the adapter's request channel can send presence:hello without end (so can an instance stuck in a restart loop), and an instance that answers each one publishes a presence:count once per hello: its cost grows with the flood. Answer the hellos of one moment once: a hello heard while an answer is pending is answered by it. ${DOCS.redisAdapter}`,
      "In attach(), the presence:hello listener does not share at once: it starts a timer (setTimeout, a few milliseconds, COALESCE_MS) unless one is already pending, and the timer shares this instance's count; onModuleDestroy() clears it with the other timers.",
      "// this.helloAnswer (provided): the answer to the hellos of a moment, pending\n// in attach(server):\nserver.on('presence:hello', () => {\n  this.helloAnswer ??= setTimeout(() => { // a hello while it is pending is answered by it\n    this.helloAnswer = undefined;\n    this.share();\n  }, COALESCE_MS);\n});\n// in onModuleDestroy(), with the other timers:\nclearTimeout(this.helloAnswer);",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const instance = instancesOn(t, redis);
    // No heartbeat within the check: every count A publishes here answers a hello.
    const a = await instance('A', { presenceTtlMs: SLOW_HEARTBEAT_TTL_MS });
    const channel = `${instance.prefix}-request#${CHAT}#`;
    const admin = await adminClient(t, redis.url);
    // A second "instance": it hears every request published on the channel, the hellos and A's answers.
    const listener = admin.duplicate();
    listener.on('error', () => undefined);
    t.defer(() => void listener.disconnect());
    const answers: string[] = [];
    listener.on('message', (_channel: string, message: string) => {
      if (message.includes('"presence:count"') && message.includes(a.id)) answers.push(message);
    });
    await listener.subscribe(channel);
    // How fast A reads the burst decides how many windows it spans: on a busy machine, a failure runs again alone.
    t.timeSensitive();
    const hello = JSON.stringify({ uid: 'made-up', type: 6, data: ['presence:hello'] });
    const flood = admin.pipeline();
    for (let index = 0; index < HELLO_FLOOD; index += 1) flood.publish(channel, hello);
    await flood.exec();
    t.note(`published ${HELLO_FLOOD} presence:hello in one burst on ${channel}, as a new instance sends it`);
    const answered = await eventually(CROSSING_MS, () => answers.length > 0, 10);
    // A answers as it reads the burst, or a moment later: count once it has published nothing more for a while.
    let counted = -1;
    while (answered && counted !== answers.length) {
      counted = answers.length;
      await new Promise((resolve) => setTimeout(resolve, HELLO_QUIET_MS));
    }
    t.note(`A's answers on the request channel: ${answers.length}; the first: ${formatValue(answers[0], 160)}`);
    t.expect(
      answered,
      `Expected A to answer the hellos with its count (a presence:count naming ${a.id} on ${channel}) within ${CROSSING_MS} ms, ` +
        'but it published none: a new instance would wait for the heartbeat to learn it.',
    );
    t.expect(
      answers.length <= MAX_HELLO_ANSWERS,
      `Expected A to answer ${HELLO_FLOOD} hellos published in one burst with at most ${MAX_HELLO_ANSWERS} counts (the hellos of one moment share an answer), ` +
        `but it published ${answers.length}: every hello costs a publish, so whoever floods hellos makes every instance publish as much.`,
    );
  },
);

// ── Task 12 · this instance's users in Redis ─────────────────────────────────────────────────────────────────────────

check(
  "an instance's users are in its hash in Redis, which the heartbeat renews without writing them again",
  {
    task: 12,
    within: 15_000,
    hint: [
      `Any instance lists the users of the others from their hashes in Redis (task 15): each instance writes its users as they come and go, and the heartbeat renews the hash's TTL, or the hash expires. Writing every user again on each heartbeat would cost Redis the whole list every third of PRESENCE_TTL_MS, changed or not. ${DOCS.serverApi}`,
      'Write the users who came (HSET <prefix>:presence:<INSTANCE_ID> id name) or left (HDEL) in one MULTI, with PEXPIRE presenceTtlMs in it; in the heartbeat, PEXPIRE the key only.',
      "private readonly changed = new Set<string>(); // the users Redis has yet to hear of\nprivate readonly here = new Map<string, { name: string; sockets: number }>(); // this instance's users, by id (task 6)\n…\nconst write = this.redis.publisher.multi().pexpire(key, ttl);\nfor (const id of users) { const entry = this.here.get(id); if (entry) write.hset(key, id, entry.name); /* else HDEL key id */ }\nconst replies = await write.pexpire(key, ttl).exec();\n// renewUsers: await this.redis.publisher.pexpire(key, ttl);",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it counts every command Redis runs (INFO commandstats)');
    const instance = instancesOn(t, redis);
    const ttl = 600;
    const [a, b] = [await instance('A', { presenceTtlMs: ttl }), await instance('B', { presenceTtlMs: ttl })];
    await connectAs(t, a, 'alice');
    await connectAs(t, a, 'carol');
    const bob = await connectAs(t, b, 'bob');
    await onlineAt(bob, 3, 'alice and carol on A, bob on B');
    const admin = await adminClient(t, redis.url);
    const key = `${instance.prefix}:presence:${a.id}`;
    const aliceAndCarol = JSON.stringify([SEED_USERS.alice.id, SEED_USERS.carol.id].sort());
    let hash: Record<string, string> = {};
    const holds = async (): Promise<boolean> => {
      hash = await admin.hgetall(key);
      return JSON.stringify(Object.keys(hash).sort()) === aliceAndCarol;
    };
    t.expect(
      await eventually(CROSSING_MS, holds),
      `Expected ${key} to hold A's users, alice and carol (${SEED_USERS.alice.id} and ${SEED_USERS.carol.id}), within ${CROSSING_MS} ms of their connecting, but it held ${formatValue(hash)}.`,
    );
    // Let the writes of the connections settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const writes = async () =>
      (await commandCalls(admin, 'hset')) + (await commandCalls(admin, 'hdel')) + (await commandCalls(admin, 'del'));
    const before = await writes();
    const quiet = ttl * 2;
    await new Promise((resolve) => setTimeout(resolve, quiet));
    const written = (await writes()) - before;
    t.note(
      `nobody came or left for ${quiet} ms (a heartbeat every ${ttl / 3} ms): Redis ran ${written} HSET, HDEL or DEL`,
    );
    t.expect(
      written === 0,
      `Expected no HSET, HDEL or DEL while nobody connected or left for ${quiet} ms (PRESENCE_TTL_MS ${ttl}: about ${(quiet / (ttl / 3)).toFixed(0)} heartbeats on each instance), ` +
        `but Redis ran ${written}: the heartbeat writes the users again each time instead of renewing the hash's TTL.`,
    );
    t.expect(
      await holds(),
      `Expected ${key} to still hold alice and carol after ${quiet} ms (twice PRESENCE_TTL_MS ${ttl}) of heartbeats, but it held ${formatValue(hash)}: the heartbeat does not renew the hash's TTL.`,
    );
  },
);

check(
  "a user whose write to Redis failed is written to the instance's hash once Redis accepts writes again",
  {
    task: 12,
    within: 15_000,
    hint: [
      `A write to Redis can fail while the connection is up (Redis out of memory, a failover that makes it read-only): a user whose HSET failed and is never written again is missing from users:online on every other instance for as long as they stay. Keep the users of a failed write, and write them again with the next write or heartbeat. ${DOCS.serverApi}`,
      "exec() of a MULTI rejects when Redis refused it (EXECABORT), and answers [error, reply] pairs when a command failed inside it: in both cases put the write's users back among those Redis has yet to hear of; the heartbeat writes them.",
      'private readonly changed = new Set<string>(); // the users Redis has yet to hear of\n…\nconst users = [...this.changed];\nthis.changed.clear();\nconst replies = await write.exec().catch(() => null); // write: the MULTI of PEXPIRE, HSET or HDEL of each user, PEXPIRE\nif (!replies || replies.some(([error]) => error)) {\n  for (const id of users) this.changed.add(id); // the heartbeat writes them again\n  return;\n}',
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it makes Redis refuse writes (CONFIG SET maxmemory)');
    const instance = instancesOn(t, redis);
    // A heartbeat every 300 ms.
    const ttl = 900;
    const a = await instance('A', { presenceTtlMs: ttl });
    const alice = await connectAs(t, a, 'alice');
    await onlineAt(alice, 1, 'alice alone on A');
    const admin = await adminClient(t, redis.url);
    const key = `${instance.prefix}:presence:${a.id}`;
    const ids = async (): Promise<string[]> => Object.keys(await admin.hgetall(key)).sort();
    await eventually(CROSSING_MS, async () => (await ids()).length === 1);
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    const refused = await admin.hset(`${instance.prefix}:probe`, 'x', '1').then(
      () => 'accepted',
      (error: unknown) => String(error),
    );
    t.note(`Redis now refuses writes (maxmemory 1, noeviction): a HSET of the check's own got ${refused}`);
    await connectAs(t, a, 'carol');
    await onlineAt(alice, 2, 'alice and carol on A');
    await t.wait(ttl, 'for A to write carol, and its heartbeat to try again, while Redis refuses writes');
    t.note(`${key} while Redis refused writes: ${formatValue(await admin.hgetall(key))}`);
    await admin.config('SET', 'maxmemory', '0');
    t.note('Redis accepts writes again');
    const everyone = [SEED_USERS.alice.id, SEED_USERS.carol.id].sort();
    let held: string[] = [];
    const written = await eventually(ttl + CROSSING_MS, async () => {
      held = await ids();
      return JSON.stringify(held) === JSON.stringify(everyone);
    });
    t.expect(
      written,
      `Expected ${key} to hold alice and carol (${everyone.join(', ')}) within ${ttl + CROSSING_MS} ms of Redis accepting writes again (A's heartbeat every ${ttl / 3} ms), ` +
        `but it held ${formatValue(held)}: the write of carol that Redis refused was dropped, not written again.`,
    );
  },
);

// ── Task 13 · the users Redis lost are written back ──────────────────────────────────────────────────────────────────

check(
  "the heartbeat writes an instance's users whole when Redis lost them",
  {
    task: 13,
    within: 15_000,
    hint: [
      `A Redis that restarted (or a hash that expired while Redis did not answer) has lost an instance's users: renewing a hash that is no longer there brings nobody back. The heartbeat's PEXPIRE says so, and the users must then be written whole. ${DOCS.serverApi}`,
      'PEXPIRE answers 0 when the key does not exist: then writeWhole(key) sends HSET of the key with every user of this instance (one HSET takes many fields) and PEXPIRE, in one MULTI.',
      "private readonly here = new Map<string, { name: string; sockets: number }>(); // this instance's users, by id (task 6)\n…\nconst renewed = await this.redis.publisher.pexpire(key, ttl).catch(() => undefined);\nif (renewed === 0) await this.writeWhole(key);\n// writeWhole(key):\nconst users = Object.fromEntries([...this.here].map(([id, { name }]) => [id, name]));\nawait this.redis.publisher.multi().hset(key, users).pexpire(key, ttl).exec();",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const instance = instancesOn(t, redis);
    const ttl = 600;
    const [a, b] = [await instance('A', { presenceTtlMs: ttl }), await instance('B', { presenceTtlMs: ttl })];
    await connectAs(t, a, 'alice');
    await connectAs(t, a, 'carol');
    const bob = await connectAs(t, b, 'bob');
    await onlineAt(bob, 3, 'alice and carol on A, bob on B');
    const admin = await adminClient(t, redis.url);
    const key = `${instance.prefix}:presence:${a.id}`;
    await t.needs(12, async () =>
      t.expect(
        await eventually(CROSSING_MS, async () => Object.keys(await admin.hgetall(key)).length === 2),
        `Expected ${key} to hold alice and carol within ${CROSSING_MS} ms of their connecting, but it did not.`,
      ),
    );
    await admin.del(key);
    t.note(`deleted ${key}, as a Redis that restarted would have lost it`);
    let hash: Record<string, string> = {};
    const back = await eventually(ttl + CROSSING_MS, async () => {
      hash = await admin.hgetall(key);
      return (
        JSON.stringify(Object.keys(hash).sort()) === JSON.stringify([SEED_USERS.alice.id, SEED_USERS.carol.id].sort())
      );
    });
    t.expect(
      back,
      `Expected A's next heartbeat to write ${key} whole again (alice and carol, ${SEED_USERS.alice.id} and ${SEED_USERS.carol.id}) within ${ttl + CROSSING_MS} ms of its deletion, but it held ${formatValue(hash)}.`,
    );
  },
);

check(
  "a user who connects after Redis lost an instance's users brings every one of them back, not only themselves",
  {
    task: 13,
    within: 15_000,
    hint: [
      `When Redis has lost an instance's hash (it restarted), the next write for a user who came creates the hash again with that user alone; the heartbeat then finds it there and only renews it, and the others stay missing for good. Every write must notice that the hash was gone. ${DOCS.serverApi}`,
      'Begin the MULTI of each write with PEXPIRE <prefix>:presence:<INSTANCE_ID>: its reply (0) says the hash did not exist before this write; then writeWhole(key) writes every user of the instance, as after the heartbeat.',
      'const replies = await this.redis.publisher.multi().pexpire(key, ttl).hset(key, id, name).pexpire(key, ttl).exec();\nif (replies?.[0]?.[1] === 0) await this.writeWhole(key); // Redis had lost the hash\n// writeWhole(key): every user of this instance in one HSET, and PEXPIRE, in one MULTI\nawait this.redis.publisher.multi().hset(key, users).pexpire(key, ttl).exec(); // users: { [id]: name } of them all',
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const instance = instancesOn(t, redis);
    // A heartbeat every 10 s: what brings the users back here must be the write of the connection.
    const [a, b] = [await instance('A', { presenceTtlMs: 30_000 }), await instance('B', { presenceTtlMs: 30_000 })];
    await connectAs(t, a, 'alice');
    await connectAs(t, a, 'carol');
    const watcher = await connectAs(t, b, 'bob', 'bob on B');
    await watcher.next('presence', { where: (p: any) => p?.online === 3, within: CROSSING_MS, what: 'with online: 3' });
    const admin = await adminClient(t, redis.url);
    const key = `${instance.prefix}:presence:${a.id}`;
    await eventually(CROSSING_MS, async () => Object.keys(await admin.hgetall(key)).length === 2);
    await admin.del(key);
    t.note(`deleted ${key}, as a Redis that restarted would have lost it; then bob connects to A`);
    await connectAs(t, a, 'bob', 'bob on A');
    const everyone = [SEED_USERS.alice.id, SEED_USERS.bob.id, SEED_USERS.carol.id].sort();
    let hash: Record<string, string> = {};
    const whole = await eventually(2000, async () => {
      hash = await admin.hgetall(key);
      return JSON.stringify(Object.keys(hash).sort()) === JSON.stringify(everyone);
    });
    t.expect(
      whole,
      `Expected ${key} to hold alice, bob and carol (${everyone.join(', ')}) within 2000 ms of bob connecting to A, but it held ${formatValue(hash)}: ` +
        'the write for bob made the hash again with bob alone, and nothing writes the others back.',
    );
  },
);

// ── Task 14 · a closing instance leaves at once ──────────────────────────────────────────────────────────────────────

check(
  'a closing instance stops being counted at once, and takes its users out of Redis',
  {
    task: 14,
    hint: [
      `An instance that closes can say goodbye: the others should stop counting it at once, not PRESENCE_TTL_MS later. onModuleDestroy() runs before the Socket.IO servers and the Redis connections close. ${DOCS.lifecycle}`,
      "In onModuleDestroy(): stop the timers, then (if Redis is ready) share a count of 0 for this instance (serverSideEmit('presence:count', …)) and delete this instance's hash (<REDIS_PREFIX>:presence:<INSTANCE_ID>), racing the DEL against a deadline of about half a second.",
      "private heartbeat: NodeJS.Timeout | undefined;\n\u2026\nasync onModuleDestroy(): Promise<void> {\n  clearInterval(this.heartbeat); // and every other timer, and stop counting\n  if (this.redis.publisher.status !== 'ready') return;\n  this.server?.serverSideEmit('presence:count', { instance: this.config.instanceId, sockets: 0 });\n  const hash = `${this.config.redisPrefix}:presence:${this.config.instanceId}`;\n  let timer: NodeJS.Timeout | undefined;\n  await Promise.race([\n    this.redis.publisher.del(hash).catch(() => undefined),\n    new Promise((resolve) => (timer = setTimeout(resolve, 500))),\n  ]);\n  clearTimeout(timer);\n}",
    ],
  },
  async (t) => {
    const { redis, instance, b, alice } = await aliceOnABobAndCarolOnB(t, SLOW_HEARTBEAT_TTL_MS);
    const hashOfB = `${instance.prefix}:presence:${b.id}`;
    const admin = await adminClient(t, redis.url);
    await presenceAfter(
      alice,
      async () => {
        t.note(`closing B (PRESENCE_TTL_MS is ${SLOW_HEARTBEAT_TTL_MS})`);
        await b.app.close();
      },
      1,
      `alice alone, soon after B closed, not ${SLOW_HEARTBEAT_TTL_MS} ms later`,
    );
    const left = await admin.exists(hashOfB);
    t.expectEqual(
      left,
      0,
      `whether B's hash of users (${hashOfB}) was still in Redis once B had closed (1: yes, 0: no)`,
    );
  },
);

check(
  'a closed app leaves no timer of PresenceService behind',
  {
    task: 14,
    alone: "it counts the process's timers",
    hint: [
      `A timer outlives the app that set it unless it is cleared: a heartbeat setInterval left running keeps the process alive after app.close(), and keeps sharing the count of an instance that is gone. ${DOCS.lifecycle}`,
      'onModuleDestroy() clears the heartbeat (clearInterval) and a pending flush of the count (clearTimeout) first, before anything it awaits.',
      'private heartbeat: NodeJS.Timeout | undefined;\nprivate flushTimer: NodeJS.Timeout | undefined; // the share of a burst of changes, pending\n\u2026\nasync onModuleDestroy(): Promise<void> {\n  clearTimeout(this.flushTimer);\n  clearInterval(this.heartbeat);\n  // then leave at once (share a count of 0, delete the hash)\n}',
    ],
  },
  async (t) => {
    const presenceTimers = timersSetIn(t, PRESENCE_FILE);
    const a = await instancesOn(t, await redisFor(t))('A');
    const alice = await connectAs(t, a, 'alice');
    await onlineAt(alice, 1, 'alice alone');
    const running = presenceTimers();
    t.note(`timers set by src/chat/presence.service.ts and still running with alice connected: ${running}`);
    await t.needs(10, () =>
      t.expect(
        running > 0,
        'Expected src/chat/presence.service.ts to keep a heartbeat running (a timer) while A serves alice, but it had set none: ' +
          "the heartbeat shares this instance's count and renews its users, a third of PRESENCE_TTL_MS apart.",
      ),
    );
    await a.app.close();
    let left = presenceTimers();
    await eventually(500, () => (left = presenceTimers()) === 0, 5);
    t.note(`timers set by src/chat/presence.service.ts still running after A closed: ${left}`);
    t.expect(
      left === 0,
      `Expected no timer set by src/chat/presence.service.ts to run once A had closed, but ${left} still did 500 ms after app.close(): ` +
        'a heartbeat (setInterval) that is never cleared runs for as long as the process does.',
    );
  },
);

// ── Task 15 · who is online, everywhere ──────────────────────────────────────────────────────────────────────────────

check(
  'users:online lists every user once, sorted by name, with their instances once each, sorted',
  {
    task: 15,
    hint: [
      `users:online answers for the whole cluster: one entry per user, whichever instances hold their sockets, in a stable order. Each instance keeps its users where the others can read them: a Redis hash of its own. ${DOCS.serverApi}`,
      "users:online adds this instance's users from memory to those of the live instances (their Redis hashes, which this.othersUsers(instances) reads with HGETALL in a pipeline), each user once with every instance that holds them.",
      "private readonly here = new Map<string, { name: string; sockets: number }>(); // this instance's users, by id\n…\nconst users = new Map<string, OnlineUser>();\nconst add = (id: string, name: string, instance: string) => {\n  const user = users.get(id) ?? { id, name, instances: [] };\n  user.instances.push(instance);\n  users.set(id, user);\n};\nfor (const [id, { name }] of this.here) add(id, name, this.config.instanceId);\nfor (const [instance, hash] of hashes) for (const [id, name] of Object.entries(hash)) add(id, name, instance); // hashes: HGETALL of each live instance\nreturn [...users.values()].sort((a, b) => a.name.localeCompare(b.name)).map((user) => ({ ...user, instances: user.instances.sort() }));",
    ],
  },
  async (t) => {
    const [a, b] = await twoInstances(t, await redisFor(t));
    // Connected in an order that differs from the sorted one; bob twice on A.
    const carol = await connectAs(t, b, 'carol');
    await connectAs(t, b, 'bob');
    await connectAs(t, a, 'bob');
    await connectAs(t, a, 'bob', 'a second bob on A');
    await connectAs(t, a, 'alice');
    // Presence is shared a moment after a change: ask once the count says every connection is known.
    await onlineAt(carol, 5, 'every connection of this check');
    const reply = await carol.ack('users:online', undefined, CROSSING_MS);
    t.expectEqual(
      reply,
      {
        users: [
          { id: SEED_USERS.alice.id, name: 'alice', instances: [a.id] },
          { id: SEED_USERS.bob.id, name: 'bob', instances: [a.id, b.id] },
          { id: SEED_USERS.carol.id, name: 'carol', instances: [b.id] },
        ],
      },
      `the acknowledgement of users:online asked on B (A is ${a.id}, B is ${b.id}; bob has two sockets on A and one on B)`,
    );
  },
);

check(
  'users:online lists the first USERS_ONLINE_LIMIT users by name, of every instance',
  {
    task: 15,
    hint: [
      `Every answer of users:online is sent whole to the asker: with many users it must stop at USERS_ONLINE_LIMIT (1 000 unless set), the first by name of the whole cluster, not the first this instance happened to add. ${DOCS.configuration}`,
      "The limit is config usersOnlineLimit (ConfigService, key 'app'); cut the list at the limit after the users of every instance are added and sorted by name.",
      "const sorted = [...users.values()].sort((a, b) => a.name.localeCompare(b.name)); // users: every instance's, merged\nconst listed = sorted.filter((_, index) => index < this.config.usersOnlineLimit);\nreturn listed.map((user) => ({ ...user, instances: user.instances.sort() }));",
    ],
  },
  async (t) => {
    const instance = instancesOn(t, await redisFor(t));
    const [a, b] = [await instance('A', { usersOnlineLimit: 2 }), await instance('B')];
    // carol, last by name, on the instance that answers; alice and bob on the other.
    const carol = await connectAs(t, a, 'carol');
    await connectAs(t, b, 'bob');
    await connectAs(t, b, 'alice');
    await onlineAt(carol, 3, 'carol on A, alice and bob on B');
    const reply = await carol.ack('users:online', undefined, CROSSING_MS);
    t.expectEqual(
      reply,
      {
        users: [
          { id: SEED_USERS.alice.id, name: 'alice', instances: [b.id] },
          { id: SEED_USERS.bob.id, name: 'bob', instances: [b.id] },
        ],
      },
      `the acknowledgement of users:online asked on A, booted with USERS_ONLINE_LIMIT 2 (carol on A, alice and bob on B)`,
    );
  },
);

check(
  'with Redis stopped, users:online answers with the users of this instance',
  {
    task: 15,
    hint: [
      `While Redis is down an instance cannot read the others' users, but what it holds itself is still true: answer with this instance's users rather than an error. ${DOCS.serverApi}`,
      "A command on a client that is not 'ready' fails at once (no offline queue): skip the read, or catch its failure, and answer from this instance's own map.",
      "const ready = this.redis.publisher.status === 'ready' && this.redis.subscriber.status === 'ready';\nconst instances = ready ? liveInstances : []; // liveInstances: the others whose heartbeat is not overdue\n// then read their hashes, catching a failure; this instance's users come from memory either way",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    const [a, b] = await twoInstances(t, redis);
    const alice = await connectAs(t, a, 'alice');
    await connectAs(t, a, 'carol');
    await connectAs(t, b, 'bob');
    t.note('stopping Redis');
    await redis.stop();
    const reply = await alice.ack('users:online', undefined, CROSSING_MS);
    t.expectEqual(
      reply,
      {
        users: [
          { id: SEED_USERS.alice.id, name: 'alice', instances: [a.id] },
          { id: SEED_USERS.carol.id, name: 'carol', instances: [a.id] },
        ],
      },
      'the acknowledgement of users:online on A with Redis stopped',
    );
  },
);

check(
  'users:online no longer lists the users of an instance that died, once PRESENCE_TTL_MS has passed',
  {
    task: 15,
    within: 15_000,
    hint: [
      `A dead instance's users must leave users:online with its count: ask only the instances still heard from, and let their Redis hashes expire with their heartbeat. ${DOCS.serverApi}`,
      'Read the hashes of the live instances only (those whose heartbeat is not overdue), and give each hash the TTL (PEXPIRE presenceTtlMs) on every write, renewed by the heartbeat.',
      'private readonly others = new Map<string, { sockets: number; until: number }>(); // instance id → its count, until its heartbeat is overdue\n…\nconst instances = [...this.others].filter(([, count]) => count.until > Date.now()).map(([instance]) => instance);\n// then HGETALL <prefix>:presence:<instance> for each',
    ],
  },
  async (t) => {
    const { a, alice } = await instanceBDies(t);
    const reply = await alice.ack('users:online', undefined, CROSSING_MS * 2);
    t.expectEqual(
      reply,
      { users: [{ id: SEED_USERS.alice.id, name: 'alice', instances: [a.id] }] },
      "the acknowledgement of users:online on A once B's entries had expired",
    );
  },
);

check(
  'no access token crosses Redis while users connect, ask users:online, talk and leave',
  {
    task: 15,
    within: 15_000,
    hint: [
      `Whatever an instance sends through Redis can be read by anyone who can subscribe there: a socket sent whole (fetchSockets() serialises each remote socket with its handshake) carries the user's access token. Share ids, names and counts, never sockets. ${DOCS.redisAdapter}`,
      'Keep users:online on the presence state each instance shares (its users in a Redis hash), not on fetchSockets(); the handshake middleware already drops auth.token and the Authorization header once verified.',
      "async onlineUsers() { this instance's users from memory; the live instances' from HGETALL <prefix>:presence:<instance>, within the deadline }",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it reads every channel and command of Redis');
    const [a, b] = await twoInstances(t, redis);
    const admin = await adminClient(t, redis.url);
    const listener = admin.duplicate();
    listener.on('error', () => undefined);
    t.defer(() => void listener.disconnect());
    const heard: string[] = [];
    listener.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) =>
      heard.push(`${channel.toString('latin1')} ${message.toString('latin1')}`),
    );
    await listener.psubscribe('*');
    const monitor = await openRedisMonitor(redis.url);
    t.defer(() => monitor.close());
    monitor.onCommand(({ args }) => heard.push(args.join(' ')));
    await admin.ping();
    t.note('listening on every channel (PSUBSCRIBE *) and to every command (MONITOR) of the Redis');
    const tokens = {
      alice: await tokenFor(t, a.app, 'alice'),
      bob: await tokenFor(t, b.app, 'bob'),
      carol: await tokenFor(t, a.app, 'carol'),
    };
    const alice = await t.connect('alice on A (auth.token)', a.app, CHAT, { auth: { token: tokens.alice } });
    const bob = await t.connect('bob on B (Authorization: Bearer)', b.app, CHAT, {
      headers: { authorization: `Bearer ${tokens.bob}` },
    });
    const carol = await t.connect('carol on B (auth.token)', b.app, CHAT, { auth: { token: tokens.carol } });
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    // Presence is shared a moment after a change: ask once the count says every connection is known.
    await onlineAt(carol, 3, 'alice on A, bob and carol on B');
    const online = await carol.ack('users:online', undefined, CROSSING_MS);
    t.expectEqual(
      online?.users?.length,
      3,
      'the number of users in the acknowledgement of users:online on B (alice on A, bob and carol on B)',
    );
    await send(alice, 'lobby', 'nothing secret here');
    await arrives(bob, 'nothing secret here', 'A');
    // The users leave by themselves: a kick is task 18's, and this check must not wait on it.
    bob.close();
    alice.close();
    await onlineAt(carol, 1, 'carol alone, after alice and bob left');
    await admin.ping();
    t.note(`Redis carried ${heard.length} messages and commands`);
    for (const [user, token] of Object.entries(tokens)) {
      const signature = token.split('.')[2];
      const leak = heard.find((line) => line.includes(signature));
      t.expect(!leak, `Expected no access token to cross Redis, but ${user}'s went through it: ${leak?.slice(0, 200)}`);
    }
    // The middleware strips the credentials it knows of; a socket sent whole still carries every other header.
    const fetches = heard.filter((line) => line.includes('-request#') && /"type":5[,}]/.test(line));
    t.expect(
      fetches.length === 0,
      'Expected no instance to ask the others for their sockets (fetchSockets() sends a REMOTE_FETCH request, and each ' +
        `answer carries every remote socket's handshake), but it crossed Redis: ${fetches[0]?.slice(0, 160)}`,
    );
  },
);

// ── Task 16 · users:online answers by its deadline ───────────────────────────────────────────────────────────────────

check(
  'users:online answers within 2 s while Redis does not answer, with the users of this instance',
  {
    task: 16,
    hint: [
      `A question to the whole cluster needs a deadline: a Redis (or an instance) that does not answer must not hold users:online for long. Answer within USERS_ONLINE_DEADLINE_MS (1 s), with what this instance knows. ${DOCS.serverApi}`,
      "In readHashes(), race the pipeline's exec() against a timer of USERS_ONLINE_DEADLINE_MS with Promise.race, clear the timer, and answer undefined (with a warning) when Redis failed or was late: users:online then lists this instance's users; fetchSockets() would wait up to 5 s (requestsTimeout).",
      "let timer: NodeJS.Timeout | undefined;\nconst tooLate = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), USERS_ONLINE_DEADLINE_MS)));\nconst replies = await Promise.race([read.exec().catch(() => null), tooLate]).finally(() => clearTimeout(timer));\nif (replies === 'late' || replies === null) { this.logger.warn(…); return undefined; }",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it pauses Redis');
    const instance = instancesOn(t, redis);
    const cacheMs = 200;
    const [a, b] = [await instance('A', { usersOnlineCacheMs: cacheMs }), await instance('B')];
    const alice = await connectAs(t, a, 'alice');
    await connectAs(t, b, 'bob');
    await onlineAt(alice, 2, 'alice on A, bob on B');
    const both = await alice.ack('users:online', undefined, CROSSING_MS);
    t.expectEqual(
      both,
      {
        users: [
          { id: SEED_USERS.alice.id, name: 'alice', instances: [a.id] },
          { id: SEED_USERS.bob.id, name: 'bob', instances: [b.id] },
        ],
      },
      'the acknowledgement of users:online on A with Redis running',
    );
    // What A read a moment ago may answer for USERS_ONLINE_CACHE_MS (200 ms here): let it expire.
    await new Promise((resolve) => setTimeout(resolve, cacheMs + 100));
    const admin = await adminClient(t, redis.url);
    await admin.client('PAUSE', '2500', 'ALL');
    t.note('Redis paused for 2500 ms: it holds every command without answering');
    const asked = performance.now();
    const reply = await alice.ack('users:online', undefined, 2000);
    t.note(`users:online answered after ${Math.round(performance.now() - asked)} ms`);
    t.expectEqual(
      reply,
      { users: [{ id: SEED_USERS.alice.id, name: 'alice', instances: [a.id] }] },
      'the acknowledgement of users:online on A while Redis did not answer',
    );
  },
);

/** Commands that write, publish or manage a connection: what is left are the reads. */
const NOT_READS = new Set(
  'publish spublish info ping multi exec hset hdel pexpire expire del unlink set subscribe psubscribe unsubscribe punsubscribe ssubscribe pubsub client quit hello auth select'.split(
    ' ',
  ),
);

/** How many commands that read Redis has run so far (INFO commandstats, without writes and publishes). */
async function readCalls(admin: Redis): Promise<number> {
  const stats = String(await admin.info('commandstats'));
  let reads = 0;
  for (const [, command, calls] of stats.matchAll(/^cmdstat_([a-z|_-]+):calls=(\d+)/gm))
    if (!NOT_READS.has(command.split('|')[0])) reads += Number(calls);
  return reads;
}

const ASKED_AT_ONCE = 20;

/** Lesson 4's allowance of users:online per socket (chat.gateway.ts): a burst, then a few a second. */
const USERS_ONLINE_BURST = 10;
const USERS_ONLINE_PER_SECOND = 2;
const ASKED_IN_A_LOOP = 20;

// ── Task 17 · one read and one answer for many questions ─────────────────────────────────────────────────────────────

check(
  `users:online asked ${ASKED_AT_ONCE} times at once reads Redis about once, and sees a change once USERS_ONLINE_CACHE_MS has passed`,
  {
    task: 17,
    within: 15_000,
    hint: [
      `Each users:online reads every live instance's users from Redis: a client (or a thousand) asking in a loop would make Redis move the whole list for every ask. Let the asks of one instance share one read: the asks that arrive while a read is under way wait for it, and its answer serves the next ones for USERS_ONLINE_CACHE_MS (1 s by default). ${DOCS.serverApi}`,
      "Keep the promise of the read under way in a field (this.reading ??= this.readHashes(…).finally(() => (this.reading = undefined))), and the last good read with the time it finished; reuse it while it is younger than usersOnlineCacheMs and covers every live instance. A read that failed or came late is not kept. This instance's own users are always read from memory.",
      'private reading: Promise<Map<string, Record<string, string>>> | undefined; // the read under way\nprivate lastRead: { at: number; users: Map<string, Record<string, string>> } | undefined; // the last good read\n…\nconst read = (instances: string[]) => …; // HGETALL of each in one pipeline, within a deadline; undefined when it failed or came late\nconst last = this.lastRead;\nif (last && performance.now() - last.at < usersOnlineCacheMs && instances.every((i) => last.users.has(i))) return last.users;\nthis.reading ??= read(instances)\n  .then((users) => { if (users) this.lastRead = { at: performance.now(), users }; return users ?? new Map(); })\n  .finally(() => (this.reading = undefined));\nreturn this.reading;',
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it counts every command Redis runs (INFO commandstats)');
    const instance = instancesOn(t, redis);
    const cacheMs = 300;
    const [a, b] = [await instance('A', { usersOnlineCacheMs: cacheMs }), await instance('B')];
    const askers = [
      await connectAs(t, a, 'alice'),
      await connectAs(t, a, 'alice', 'a second alice on A'),
      await connectAs(t, a, 'carol'),
      await connectAs(t, a, 'carol', 'a second carol on A'),
    ];
    await connectAs(t, b, 'bob');
    await onlineAt(askers[0], 5, 'two alice and two carol on A, bob on B');
    const expected = {
      users: [
        { id: SEED_USERS.alice.id, name: 'alice', instances: [a.id] },
        { id: SEED_USERS.bob.id, name: 'bob', instances: [b.id] },
        { id: SEED_USERS.carol.id, name: 'carol', instances: [a.id] },
      ],
    };
    const admin = await adminClient(t, redis.url);
    const beforeOne = await readCalls(admin);
    t.expectEqual(
      await askers[0].ack('users:online', undefined, CROSSING_MS),
      expected,
      'the acknowledgement of users:online asked once on A',
    );
    const one = (await readCalls(admin)) - beforeOne;
    t.note(
      `one users:online: Redis ran ${one} read command(s); waiting ${cacheMs + 100} ms (USERS_ONLINE_CACHE_MS is ${cacheMs})`,
    );
    await new Promise((resolve) => setTimeout(resolve, cacheMs + 100));
    const beforeMany = await readCalls(admin);
    const replies = await Promise.all(
      Array.from({ length: ASKED_AT_ONCE }, (_, i) =>
        askers[i % askers.length].ack('users:online', undefined, CROSSING_MS * 2),
      ),
    );
    const many = (await readCalls(admin)) - beforeMany;
    t.note(`${ASKED_AT_ONCE} users:online at once: Redis ran ${many} read command(s)`);
    const wrong = replies.filter((reply) => JSON.stringify(reply) !== JSON.stringify(expected));
    t.expect(
      wrong.length === 0,
      `Expected every one of the ${ASKED_AT_ONCE} users:online asked at once to answer ${formatValue(expected)}, but ${wrong.length} answered otherwise, e.g. ${formatValue(wrong[0])}.`,
    );
    t.expect(
      many <= 2 * Math.max(one, 1),
      `Expected the ${ASKED_AT_ONCE} users:online asked at once on A to share about one read of the other instances' users, ` +
        `but Redis ran ${many} read commands for them (${one} for one users:online): each ask read Redis on its own.`,
    );
    await connectAs(t, b, 'carol', 'carol on B');
    let reply: any;
    const seen = await eventually(cacheMs + CROSSING_MS * 2, async () => {
      // An ask over the socket's allowance is refused ('Too many requests'): ask again a moment later.
      reply = await askers[0].ack('users:online', undefined, CROSSING_MS).catch((error: unknown) => error);
      return reply?.users?.find((user: any) => user?.name === 'carol')?.instances?.length === 2;
    });
    t.expect(
      seen,
      `Expected users:online on A to list carol on A and B within ${cacheMs + CROSSING_MS * 2} ms of her connecting on B (USERS_ONLINE_CACHE_MS is ${cacheMs}), ` +
        `but it still answered ${formatValue(reply)}: a read of Redis is reused for a moment, not for ever.`,
    );
  },
);

check(
  `users:online asked again within USERS_ONLINE_CACHE_MS gets the same list, built once, and a socket asking ${ASKED_IN_A_LOOP} times at once hears 'Too many requests'`,
  {
    task: 17,
    hint: [
      `An answer of users:online lists every user of the cluster: built for each ask (every user added, sorted, copied), one member asking in a loop costs the instance a core. Build it once and give that same list to every ask for USERS_ONLINE_CACHE_MS, and to the asks that come while it is being built. ${DOCS.serverApi}`,
      "Keep the promise of the answer with the time it was built (Infinity while it is under way) in a field; onlineUsers() returns it while performance.now() minus that time is under usersOnlineCacheMs, and builds a new one otherwise. A build that fails is forgotten. The gateway's allowance per socket (provided) refuses the rest with 'Too many requests'.",
      "private answer: { at: number; users: Promise<OnlineUser[]> } | undefined; // the last answer, shared\n…\nonlineUsers(): Promise<OnlineUser[]> {\n  const last = this.answer;\n  if (last && performance.now() - last.at < this.config.usersOnlineCacheMs) return last.users;\n  const build = async (): Promise<OnlineUser[]> => …; // the list of before: this instance's and the live others' users\n  const answer = { at: Infinity, users: build() };\n  this.answer = answer;\n  answer.users.then(() => (answer.at = performance.now()), () => (this.answer = undefined));\n  return answer.users;\n}",
    ],
  },
  async (t) => {
    const instance = instancesOn(t, await redisFor(t));
    const [a, b] = [await instance('A', { usersOnlineCacheMs: 5000 }), await instance('B')];
    const alice = await connectAs(t, a, 'alice');
    await connectAs(t, b, 'bob');
    await t.needs(8, () => onlineAt(alice, 2, 'alice on A, bob on B'));
    const { PresenceService } = await t.appModule('chat/presence.service.ts');
    const presence = a.app.nest.get(PresenceService);
    const lists: unknown[] = await Promise.all([presence.onlineUsers(), presence.onlineUsers()]);
    lists.push(await presence.onlineUsers());
    t.note(`PresenceService.onlineUsers() on A, asked twice at once and once after: ${formatValue(lists[0])}`);
    t.expect(
      lists.every((list) => list === lists[0]),
      "Expected A's PresenceService.onlineUsers(), asked three times within USERS_ONLINE_CACHE_MS (5000 ms here), to give the same list each time, " +
        'but it built a new one for an ask: every users:online costs the whole list again.',
    );
    const asker = await connectAs(t, a, 'carol', 'carol on A (asking in a loop)');
    const asking = t.stopwatch();
    const answers = await Promise.all(
      Array.from({ length: ASKED_IN_A_LOOP }, () =>
        // A refusal comes as an ack with an error and as an exception event; with 20 asks in flight either can come first.
        asker.ack<{ error?: string }>('users:online', undefined, CROSSING_MS * 2).then(
          (reply) => (reply?.error === 'Too many requests' ? 'Too many requests' : 'answered'),
          (error: unknown) => (String(error).includes('Too many requests') ? 'Too many requests' : String(error)),
        ),
      ),
    );
    // The allowance refills while the asks arrive: a busy machine spreads them over more time.
    const allowed = USERS_ONLINE_BURST + Math.ceil((asking.wall() / 1000) * USERS_ONLINE_PER_SECOND) + 1;
    const answered = answers.filter((answer) => answer === 'answered').length;
    const refused = answers.filter((answer) => answer === 'Too many requests').length;
    t.note(
      `${ASKED_IN_A_LOOP} users:online at once from carol on A, answered within ${asking.wall()} ms: ${answered} answered, ${refused} refused`,
    );
    t.expect(
      answered <= allowed && refused + answered === ASKED_IN_A_LOOP,
      `Expected at most ${allowed} of ${ASKED_IN_A_LOOP} users:online asked at once by one socket to be answered and the rest refused with 'Too many requests', ` +
        `but ${answered} were answered and ${refused} refused (${formatValue([...new Set(answers)])}).`,
    );
  },
);

// ── Task 18 · a kick reaches every instance ──────────────────────────────────────────────────────────────────────────

check(
  'an admin kick on A disconnects every socket of the user on A and B, only theirs, without waiting for the other instances',
  {
    task: 18,
    hint: [
      `Answer admin:kick through the user's room, not socket by socket: one broadcast and one disconnect request reach every instance, and nothing waits for an instance that is slow to answer. ${DOCS.rooms}`,
      "server.to(room).emit(…) and server.in(room).disconnectSockets(true) publish and return; fetchSockets() waits for every instance. The user's room is userRoom(userId); this instance's part is server.local.in(room), and its size is known at once.",
      "const room = userRoom(userId); const here = this.server.adapter.rooms.get(room)?.size ?? 0; this.server.to(room).emit('auth:kicked', { by }); this.server.local.in(room).disconnectSockets(true); this.server.in(room).disconnectSockets(true); return { userId, here };",
    ],
  },
  async (t) => {
    const redis = await redisFor(t);
    const instance = instancesOn(t, redis);
    const [a, b] = [await instance('A'), await instance('B')];
    const carol = await connectAs(t, a, 'carol');
    const bobs = [await connectAs(t, a, 'bob'), await connectAs(t, b, 'bob')];
    // A second namespace on each of bob's connections: only disconnect(true) ends the connection under it.
    const connections = await Promise.all(bobs.map((bob) => shareConnection(t, bob)));
    const alice = await connectAs(t, b, 'alice');
    // A third "instance" that listens for requests and never answers: whatever waits for every instance now waits for it.
    const silent = new Redis(redis.url, { lazyConnect: true, retryStrategy: null, maxRetriesPerRequest: 0 });
    silent.on('error', () => undefined);
    t.defer(() => void silent.disconnect());
    await silent.connect();
    await silent.subscribe(`${instance.prefix}-request#${CHAT}#`);
    t.note('a silent third instance now subscribes to the request channel and never answers');
    const reply = await carol.ack('admin:kick', { userId: SEED_USERS.bob.id }, CROSSING_MS);
    silent.disconnect();
    t.expectEqual(
      reply,
      { userId: SEED_USERS.bob.id, here: 1 },
      "the acknowledgement of carol's admin:kick for bob on A (bob had one socket on A and one on B)",
    );
    for (const [index, bob] of bobs.entries()) {
      t.expectEqual(
        await bob.next('auth:kicked', { within: CROSSING_MS }),
        { by: 'carol' },
        `the auth:kicked that ${bob.name} received`,
      );
      t.expectEqual(
        await bob.disconnected(CROSSING_MS),
        'io server disconnect',
        `the reason ${bob.name} was disconnected`,
      );
      await expectConnectionClosed(t, bob.name, connections[index], 'the kick');
    }
    await alice.settle();
    await carol.settle();
    t.expect(
      alice.connected && alice.received('auth:kicked').length === 0 && carol.connected,
      `Expected a kick of bob to leave alice on B and carol on A alone, but ${!alice.connected ? 'alice was disconnected' : !carol.connected ? 'carol was disconnected' : 'alice received auth:kicked'}.`,
    );
  },
);

check(
  "with Redis stopped, a kick still disconnects the user's sockets on this instance, and nobody else",
  {
    task: 18,
    hint: [
      `While Redis is down admin:kick must still do what this instance can: disconnect the target's sockets here, and never anyone else's. ${DOCS.redisAdapter}`,
      "The Redis adapter applies disconnectSockets() to this instance's own sockets only when its request comes back through Redis; server.local.in(room).disconnectSockets(true) does it here at once. Never server.local.disconnectSockets(): that is everyone on this instance.",
      'this.server.local.in(userRoom(userId)).disconnectSockets(true); then this.server.in(userRoom(userId)).disconnectSockets(true) for the other instances.',
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    const [a] = [await instancesOn(t, redis)('A')];
    const carol = await connectAs(t, a, 'carol');
    const bobs = [await connectAs(t, a, 'bob'), await connectAs(t, a, 'bob', 'a second bob on A')];
    const alice = await connectAs(t, a, 'alice');
    t.note('stopping Redis');
    await redis.stop();
    const reply = await carol.ack('admin:kick', { userId: SEED_USERS.bob.id }, CROSSING_MS);
    t.expectEqual(
      reply,
      { userId: SEED_USERS.bob.id, here: 2 },
      "the acknowledgement of carol's admin:kick for bob (two sockets on A) with Redis stopped",
    );
    for (const bob of bobs) {
      t.expectEqual(
        await bob.next('auth:kicked', { within: CROSSING_MS }),
        { by: 'carol' },
        `the auth:kicked that ${bob.name} received`,
      );
      t.expectEqual(
        await bob.disconnected(CROSSING_MS),
        'io server disconnect',
        `the reason ${bob.name} was disconnected`,
      );
    }
    await alice.settle();
    await carol.settle();
    t.expect(
      alice.connected && carol.connected && alice.received('auth:kicked').length === 0,
      `Expected a kick of bob with Redis stopped to leave alice and carol on A alone, but ${!alice.connected ? 'alice was disconnected' : !carol.connected ? 'carol (the admin) was disconnected' : 'alice received auth:kicked'}.`,
    );
  },
);

// ── Task 19 · liveness and readiness ─────────────────────────────────────────────────────────────────────────────────

interface Probe {
  status: number;
  body: any;
}

async function probe(t: CheckContext, { app }: Instance, route: 'live' | 'ready', within?: number): Promise<Probe> {
  const reply = await t.request(app, ROUTES[route], { within });
  return { status: reply.status, body: reply.body };
}

function redisStatus(body: any): unknown {
  return body?.details?.redis?.status;
}

check(
  "GET /health/live and /health/ready answer 200 { status: 'ok' } while Redis is up",
  {
    task: 19,
    hint: [
      `A load balancer asks two questions: is this process alive (restart it if not), and should it get new clients (take it out of rotation if not). Answer them on /health/live and /health/ready with @nestjs/terminus. ${DOCS.terminus}`,
      "HealthCheckService.check([...indicators]) with @HealthCheck(); RedisHealthIndicator's isHealthy(key) uses HealthIndicatorService.check(key).up(…) or .down(…) from what stateOf() reports of the two clients.",
      "constructor(private readonly health: HealthCheckService, private readonly redis: RedisHealthIndicator) {}\n// RedisHealthIndicator: async isHealthy(key: string) { … up or down, next check }\n@Get('live') @HealthCheck() live() { return this.health.check([]); }\n@Get('ready') @HealthCheck() ready() { return this.health.check([() => this.redis.isHealthy('redis')]); }",
    ],
  },
  async (t) => {
    const [a] = [await instancesOn(t, await redisFor(t))('A')];
    const [live, ready] = await Promise.all([probe(t, a, 'live'), probe(t, a, 'ready')]);
    t.expectEqual([live.status, live.body?.status], [200, 'ok'], 'the status code and body status of GET /health/live');
    t.expectEqual(
      [ready.status, ready.body?.status, redisStatus(ready.body)],
      [200, 'ok', 'up'],
      'the status code, body status and details.redis.status of GET /health/ready',
    );
  },
);

check(
  'with Redis stopped, /health/ready answers 503 and /health/live still 200',
  {
    task: 19,
    hint: [
      `Without Redis this instance still serves its own clients: it is alive (no restart), but not ready (send new clients elsewhere). Only readiness depends on Redis. ${DOCS.terminus}`,
      "The indicator reports down when either client's state is not 'ready'; HealthCheckService turns a down indicator into a 503 with { status: 'error', details }. Liveness checks no dependency.",
      "async isHealthy(key: string) {\n  const indicator = this.health.check(key);\n  const status = { publisher: await stateOf(this.redis.publisher), subscriber: await stateOf(this.redis.subscriber) };\n  return status.publisher === 'ready' && status.subscriber === 'ready' ? indicator.up(status) : indicator.down(status);\n}",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    const [a] = [await instancesOn(t, redis)('A')];
    t.expectEqual((await probe(t, a, 'ready')).status, 200, 'the status of GET /health/ready before Redis stopped');
    t.note('stopping Redis');
    await redis.stop();
    let ready = await probe(t, a, 'ready');
    await eventually(1000, async () => (ready = await probe(t, a, 'ready')).status === 503);
    t.expectEqual(
      [ready.status, ready.body?.status, redisStatus(ready.body)],
      [503, 'error', 'down'],
      'the status code, body status and details.redis.status of GET /health/ready with Redis stopped',
    );
    const live = await probe(t, a, 'live');
    t.expectEqual(
      [live.status, live.body?.status],
      [200, 'ok'],
      'the status code and body status of GET /health/live with Redis stopped',
    );
  },
);

check(
  '/health/ready answers 503 while only the subscriber connection is down',
  {
    task: 19,
    hint: [
      `The adapter needs both connections: with the publisher alone, this instance's broadcasts leave but the others' never arrive. Readiness is down when either one is. ${DOCS.redisAdapter}`,
      "Ask stateOf() about both clients, this.redis.publisher and this.redis.subscriber, not only the publisher: up only when both are 'ready'.",
      "const [publisher, subscriber] = await Promise.all([stateOf(this.redis.publisher), stateOf(this.redis.subscriber)]);\nconst up = publisher === 'ready' && subscriber === 'ready'; // the subscriber counts as much as the publisher",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t);
    const before = await clientIds(redis);
    const [a] = [await instancesOn(t, redis)('A')];
    const opened = await newClients(redis, before);
    const subscriber = opened.find((client) => client.subscriptions > 0);
    t.expect(
      subscriber,
      `Expected one of A's Redis connections to hold subscriptions (the subscriber), but CLIENT LIST showed: ${formatValue(opened)}.`,
    );
    // One connection of the checks' own, kept open: with maxclients reached, no new one gets in.
    const admin = new Redis(redis.url, { lazyConnect: true, retryStrategy: null, maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    t.defer(() => void admin.disconnect());
    await admin.connect();
    const connected = String(await admin.client('LIST'))
      .split('\n')
      .filter((line) => line.trim() !== '').length;
    await admin.config('SET', 'maxclients', String(connected - 1));
    await admin.client('KILL', 'ID', subscriber!.id);
    t.note(
      `killed A's subscriber connection (id=${subscriber!.id}); maxclients ${connected - 1} keeps it from coming back`,
    );
    let ready = await probe(t, a, 'ready');
    await eventually(1000, async () => (ready = await probe(t, a, 'ready')).status === 503);
    await admin.config('SET', 'maxclients', '10000');
    t.expectEqual(
      [ready.status, redisStatus(ready.body)],
      [503, 'down'],
      "the status code and details.redis.status of GET /health/ready with A's subscriber down and its publisher up",
    );
  },
);

// ── Task 20 · readiness asks Redis itself, as a limited user ─────────────────────────────────────────────────────────

check(
  '/health/ready answers 503 within 2 s while Redis does not answer, and 200 again once it does',
  {
    task: 20,
    within: 15_000,
    hint: [
      `A Redis that hangs (a frozen process, a network that drops every packet) leaves both connections 'ready' for minutes while no message crosses: readiness must ask Redis, not only look at the connections. ${DOCS.terminus}`,
      "In stateOf(), send PING on a connection whose status is 'ready' (Redis answers it on a subscribed connection too) and race it against a timer of READY_PING_DEADLINE_MS with Promise.race: 'ready' only when the PONG came in time, 'no answer' otherwise. Clear the timer either way.",
      "if (client.status !== 'ready') return client.status;\nconst late = new Promise<string>((r) => (timer = setTimeout(() => r('no answer'), READY_PING_DEADLINE_MS)));\nconst pong = client.ping().then(() => 'ready', () => 'no answer');\nreturn Promise.race([pong, late]).finally(() => clearTimeout(timer));",
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it freezes Redis');
    const [a] = [await instancesOn(t, redis)('A')];
    await t.needs(19, async () =>
      t.expectEqual((await probe(t, a, 'ready')).status, 200, 'the status of GET /health/ready before Redis froze'),
    );
    redis.freeze();
    t.note('Redis frozen (SIGSTOP): its connections stay open and no command is answered');
    let ready: Probe;
    try {
      const asked = performance.now();
      ready = await probe(t, a, 'ready', 2000);
      t.note(`GET /health/ready answered after ${Math.round(performance.now() - asked)} ms`);
    } finally {
      redis.thaw();
      t.note('Redis resumed (SIGCONT)');
    }
    t.expectEqual(
      [ready.status, ready.body?.status, redisStatus(ready.body)],
      [503, 'error', 'down'],
      'the status code, body status and details.redis.status of GET /health/ready while Redis did not answer',
    );
    let again = ready;
    await eventually(2000, async () => (again = await probe(t, a, 'ready')).status === 200);
    t.expectEqual(again.status, 200, 'the status of GET /health/ready once Redis answered again');
  },
);

/** The ACL rules the README teaches for an app on `prefix`: its channels, its keys, the commands it sends. */
function appAclRules(prefix: string): string[] {
  return [
    // A pattern the app subscribes to must be allowed literally: hence one per namespace (Nest's '/' and '/chat').
    'resetchannels',
    `&${prefix}#/#*`,
    `&${prefix}#/chat#*`,
    `&${prefix}-request#*`,
    `&${prefix}-response#*`,
    'resetkeys',
    `~${prefix}:*`,
    '-@all',
    '+info',
    '+ping',
    '+publish',
    '+subscribe',
    '+psubscribe',
    '+unsubscribe',
    '+punsubscribe',
    '+pubsub|numsub',
    '+multi',
    '+exec',
    '+hset',
    '+hdel',
    '+hgetall',
    '+pexpire',
    '+del',
  ];
}

check(
  "on a Redis whose app user may use only the prefix's channels and keys (the default user off), everything still works",
  {
    task: 20,
    within: 15_000,
    hint: [
      `Redis is a trust boundary: whoever can publish on the adapter's channels can inject a message:new and disconnect anyone. In production the app logs in as an ACL user limited to its prefix's channels and keys, and every feature must live within that. ${DOCS.redisAcl}`,
      "REDIS_URL=redis://user:password@host:6379 logs in as that user; keep every key the app writes under '<REDIS_PREFIX>:' and every channel under the adapter's prefix; Redis answers NOPERM to anything else (ACL LOG lists the refusals).",
      'ACL SETUSER chat on >password resetchannels &socket.io#/#* &socket.io#/chat#* &socket.io-request#* &socket.io-response#* resetkeys ~socket.io:* -@all +info +ping +publish +subscribe +psubscribe +unsubscribe +punsubscribe +pubsub|numsub +multi +exec +hset +hdel +hgetall +pexpire +del',
    ],
  },
  async (t) => {
    const redis = await restartableRedisFor(t, 'it turns the default user of Redis off');
    const prefix = `course-check-${randomUUID().slice(0, 8)}`;
    const setup = await adminClient(t, redis.url);
    const appPassword = randomUUID();
    const checkPassword = randomUUID();
    await setup.acl('SETUSER', 'course-app', 'on', `>${appPassword}`, ...appAclRules(prefix));
    await setup.acl('SETUSER', 'course-check', 'on', `>${checkPassword}`, '~*', '&*', '+@all');
    await setup.acl('SETUSER', 'default', 'off');
    const base = new URL(redis.url);
    const asUser = (user: string, password: string): string => `redis://${user}:${password}@${base.host}`;
    t.note(`Redis ACL: course-app ${appAclRules(prefix).join(' ')}; the default user off`);
    const admin = await adminClient(t, asUser('course-check', checkPassword));
    const refusals = async (): Promise<string> => {
      const log = (await admin.acl('LOG')) as unknown[][];
      return log
        .map((entry) => {
          const fields = new Map<string, unknown>();
          for (let i = 0; i < entry.length; i += 2) fields.set(String(entry[i]), entry[i + 1]);
          return `${String(fields.get('reason'))} ${String(fields.get('object'))}`;
        })
        .join('; ');
    };
    const instance = instancesOn(t, { ...redis, url: asUser('course-app', appPassword) });
    const start = (name: string) => instance(name, { redisPrefix: prefix });
    const [a, b] = [await start('A'), await start('B')];
    const alice = await connectAs(t, a, 'alice');
    const bob = await connectAs(t, b, 'bob');
    const carol = await connectAs(t, a, 'carol');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await send(alice, 'lobby', 'within the ACL');
    await arrives(bob, 'within the ACL', 'A');
    await onlineAt(alice, 3, 'alice and carol on A, bob on B');
    const online = await carol.ack('users:online', undefined, CROSSING_MS);
    t.expectEqual(
      online?.users?.map((user: any) => user.name),
      ['alice', 'bob', 'carol'],
      'the names in the acknowledgement of users:online on A',
    );
    await carol.ack('admin:kick', { userId: SEED_USERS.bob.id });
    t.expectEqual(
      await bob.disconnected(CROSSING_MS),
      'io server disconnect',
      'the reason bob (on B) was disconnected by the kick on A',
    );
    t.expectEqual((await probe(t, b, 'ready')).status, 200, 'the status of GET /health/ready on B');
    const refused = await refusals();
    t.expect(
      refused === '',
      `Expected Redis to refuse nothing the app asked as course-app, but its ACL LOG lists: ${refused}`,
    );
  },
);
