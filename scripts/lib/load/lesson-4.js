import { UsageError, BenchFailure } from '../cli/usage-error.js';
import { sleep } from '../net/deadline.js';
import { WINDOW } from './delivery-loop.js';
import { measureFanOut } from './fan-out.js';
import { renderFanOutTable } from './fan-out-table.js';
import { appUnderLoad, benchRequest, shortBody } from './lesson-context.js';
import { chatUrl } from './chat-clients.js';
import { logIn } from './login.js';
import { hasRedisServer, PrivateRedis } from '../net/redis-server.js';
import { formatCount } from '../figures/table.js';

// The readiness route (lesson.json: routes.ready) answers 200 while the instance reaches Redis.
const READY_DEADLINE_MS = 10_000;
const FLOOD_LIMIT_LIFTED = 1_000_000;

/** Lesson 4: lesson 1's fan-out through one instance, then through two with Redis in between. */

/** @param {number} clients */
export const describe = (clients) =>
  `fan-out through Redis: ${clients} clients in one room on instance A, then ${Math.ceil(clients / 2)} on A and ${Math.floor(clients / 2)} on B, the sender on A (${WINDOW} messages in flight at most)`;

/** @param {import('./lesson-context.js').LessonContext} context */
export async function run(context) {
  if (context.clients < 2)
    throw new UsageError('npm run bench 4: --clients must be at least 2, so that both instances have clients');
  const [a, b] = await instances(context);
  const token = await logIn(a, context.lesson);
  /** @type {[string, import('./fan-out-table.js').FanOutResult][]} */
  const runs = [];
  const phases = /** @type {const} */ ([
    ['one instance', [{ base: chatUrl(context.lesson, a), count: context.clients }]],
    [
      'two + Redis',
      [
        { base: chatUrl(context.lesson, a), count: Math.ceil(context.clients / 2) },
        { base: chatUrl(context.lesson, b), count: Math.floor(context.clients / 2) },
      ],
    ],
  ]);
  for (const [title, placements] of phases) {
    const result = await measureFanOut({
      placements: [...placements],
      token,
      seconds: context.seconds,
      cleanup: context.cleanup,
      report: context.report,
      onTick: (fraction, delivered) => context.bar(fraction, `${title}: ${formatCount(delivered)} delivered`),
    });
    runs.push([title, result]);
  }
  return renderFanOutTable(runs, context.style);
}

/**
 * Instances A and B, both ready. The learner's: the URL and the next port, as
 * `npm run lesson 4 -- --instances 2` runs them. The solution's: two started
 * here against a private redis-server, with a channel prefix of their own.
 * @param {import('./lesson-context.js').LessonContext} context
 * @returns {Promise<[URL, URL]>}
 */
async function instances(context) {
  const start = 'npm run lesson 4 -- --instances 2';
  let a;
  let b;
  if (context.solution) {
    context.report('starting a private redis-server…', true);
    if (!hasRedisServer()) {
      throw new UsageError(
        'npm run bench 4 -- --solution needs redis-server on the PATH (sudo apt-get install redis-server, or brew install redis)',
      );
    }
    const redis = await PrivateRedis.start({ failure: (message) => new BenchFailure(message) });
    context.cleanup.add('redis-server', () => redis.close());
    // One socket sends every message, and every client is the same user: lift lesson 2's flood control and
    // its sockets-per-user cap, or the bench measures the limits, not the fan-out.
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `bench-${process.pid}`,
      WS_EVENTS_PER_SECOND: String(FLOOD_LIMIT_LIFTED),
      WS_EVENT_BURST: String(FLOOD_LIMIT_LIFTED),
      WS_MAX_SOCKETS_PER_USER: String(context.clients + 1),
    };
    [a, b] = await Promise.all(
      ['A', 'B'].map((id) => appUnderLoad(context, { name: `instance ${id}`, env: { ...env, INSTANCE_ID: id } })),
    );
  } else {
    a = /** @type {URL} */ (context.url);
    b = new URL(a);
    b.port = String(Number(a.port || 80) + 1);
    await appUnderLoad(context, { url: a, howToStart: start });
    await appUnderLoad(context, { url: b, howToStart: start });
  }
  const route = context.lesson.manifest.routes.ready;
  context.report(`waiting for GET ${route} on both instances…`, true);
  await Promise.all([a, b].map((base) => ready(base, route)));
  return [a, b];
}

/** Resolves once the readiness route answers 200 (or 404: the health task is not done yet, and the bench does not need it). @param {URL} base @param {string} route */
async function ready(base, route) {
  const deadline = performance.now() + READY_DEADLINE_MS;
  let last = { status: 0, body: /** @type {unknown} */ (undefined), text: '' };
  while (performance.now() < deadline) {
    last = await benchRequest(base, route);
    if (last.status === 200 || last.status === 404) return;
    await sleep(100);
  }
  throw new BenchFailure(
    `GET ${route} on ${base.origin} still answered ${last.status} ${shortBody(last)} after ${READY_DEADLINE_MS / 1000} s: does it reach Redis?`,
  );
}
