import { EventSource } from 'eventsource';
import { BenchFailure } from '../cli/usage-error.js';
import { runDeliveryLoop, WINDOW } from './delivery-loop.js';
import { appUnderLoad, benchRequest, shortBody } from './lesson-context.js';
import { benchUser, logIn } from './login.js';
import { formatCount, formatMs, formatRate, renderTable } from '../figures/table.js';

// Lesson 3's routes are in its lesson.json: ticket (POST, Bearer token → { ticket, expiresIn }),
// stream (GET ?ticket=… → text/event-stream), publish (POST, Bearer token, { to, title, body } → that user's streams).
const TICKET_PARAM = 'ticket';
const EVENT_TYPE = 'notification'; // data: { id, title, body, from, at }

const OPEN_DEADLINE_MS = 10_000;
const OPENING_AT_ONCE = 20;
const LIMITS_LIFTED = 'STREAMS_PER_USER=1000 TICKETS_PER_USER=1000';

/** Lesson 3: notifications pushed to many open event streams. */

/** @param {number} clients @param {import('../course/catalog.js').Lesson} lesson */
export const describe = (clients, lesson) =>
  `push: ${clients} open event streams (each opened with its own ticket), notifications published with POST ${lesson.manifest.routes.publish} (${WINDOW} in flight at most), each received on every stream`;

/** @param {import('./lesson-context.js').LessonContext} context */
export async function run(context) {
  // The bench opens every stream as one user: lift the per-user limits the lesson teaches, or the sixth stream is refused.
  const base = await appUnderLoad(context, {
    env: { STREAMS_PER_USER: String(context.clients), TICKETS_PER_USER: String(context.clients) },
  });
  const { routes } = context.lesson.manifest;
  context.report(`logging in as ${benchUser(context.lesson).username}…`, true);
  const token = await logIn(base, context.lesson);
  context.report(`opening ${context.clients} event streams…`, true);
  /** @type {EventSource[]} */
  const streams = [];
  /** @type {(() => void)[]} */
  const forget = [];
  try {
    for (let start = 0; start < context.clients; start += OPENING_AT_ONCE) {
      const batch = Array.from({ length: Math.min(OPENING_AT_ONCE, context.clients - start) }, async () => {
        const stream = new EventSource(streamUrl(base, await ticketFor(base, token, routes), routes));
        streams.push(stream);
        forget.push(context.cleanup.add('an event stream', () => stream.close()));
        await opened(stream, base, routes);
      });
      await Promise.all(batch);
    }
    const result = await runDeliveryLoop({
      receivers: streams.length,
      seconds: context.seconds,
      what: `a "${EVENT_TYPE}" event`,
      onReady: (deliver) => {
        for (const stream of streams) {
          stream.addEventListener(EVENT_TYPE, (event) => {
            const seq = benchSeq(/** @type {MessageEvent} */ (event).data);
            if (seq !== undefined) deliver(seq);
          });
        }
      },
      send: async (seq) => {
        const reply = await benchRequest(base, routes.publish, {
          // To the streams' own user: only an admin may notify everyone.
          json: { to: benchUser(context.lesson).username, title: 'bench', body: `bench ${seq}` },
          token,
        });
        return reply.status >= 200 && reply.status < 300
          ? true
          : `POST ${routes.publish} answered ${reply.status} ${shortBody(reply)}`;
      },
      onTick: (fraction, tracker) => context.bar(fraction, `${formatCount(tracker.delivered)} delivered`),
    });
    const dropped = streams.filter((stream) => stream.readyState !== EventSource.OPEN).length;
    return renderPushTable({ ...result, streams: streams.length, dropped }, context.style);
  } finally {
    for (const stream of streams) stream.close();
    for (const done of forget) done();
  }
}

/** @param {URL} base @param {string} token @param {Record<string, string>} routes @returns {Promise<string>} */
async function ticketFor(base, token, routes) {
  const reply = await benchRequest(base, routes.ticket, { method: 'POST', token });
  if (reply.status < 200 || reply.status >= 300 || typeof reply.body?.ticket !== 'string') {
    throw new BenchFailure(
      `POST ${routes.ticket} answered ${reply.status} ${shortBody(reply)}, not { ticket, expiresIn }: does lesson 3's ticket task pass its checks?`,
    );
  }
  return reply.body.ticket;
}

/** @param {URL} base @param {string} ticket @param {Record<string, string>} routes */
function streamUrl(base, ticket, routes) {
  const url = new URL(routes.stream, base);
  url.searchParams.set(TICKET_PARAM, ticket);
  return url;
}

/** @param {EventSource} stream @param {URL} base @param {Record<string, string>} routes @returns {Promise<void>} */
function opened(stream, base, routes) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not open within ${OPEN_DEADLINE_MS} ms`), OPEN_DEADLINE_MS);
    const fail = (/** @type {string} */ why) => {
      clearTimeout(timer);
      stream.close();
      const limits = `the bench opens every stream as one user: start your app with ${LIMITS_LIFTED} npm run lesson 3`;
      const cause = why.endsWith('429')
        ? limits
        : why.endsWith('401')
          ? `${limits} (a ticket is evicted once more than TICKETS_PER_USER are held), or see whether lesson 3's ticket and stream tasks pass their checks`
          : `does lesson 3's stream task pass its checks?`;
      reject(new BenchFailure(`GET ${routes.stream} on ${base.origin} with a fresh ticket ${why}: ${cause}`));
    };
    stream.addEventListener(
      'open',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
    stream.addEventListener(
      'error',
      (event) => {
        const { code, message } = /** @type {{ code?: number, message?: string }} */ (event);
        if (stream.readyState !== EventSource.OPEN)
          fail(code ? `answered ${code}` : `failed (${message ?? 'no reason given'})`);
      },
      { once: true },
    );
  });
}

/** The sequence number in a notification the bench published, or undefined. @param {unknown} data */
export function benchSeq(data) {
  try {
    const notification = JSON.parse(String(data));
    const match =
      notification?.title === 'bench' && typeof notification.body === 'string'
        ? /^bench (\d+)$/.exec(notification.body)
        : null;
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {import('./delivery-loop.js').DeliveryResult & { streams: number, dropped: number }} r
 * @param {import('../cli/terminal.js').Palette} style
 */
export function renderPushTable(r, style) {
  const bad = (/** @type {number} */ count) => (count > 0 ? style.red(formatCount(count)) : '0');
  return renderTable(
    [{ title: 'push' }, { title: 'value', align: 'right' }],
    [
      ['open streams', formatCount(r.streams)],
      ['notifications published', formatCount(r.sent)],
      ['published per second', formatRate(r.messagesPerSecond)],
      ['received (notification × stream)', formatCount(r.delivered)],
      ['received per second', style.bold(formatRate(r.deliveriesPerSecond))],
      ['latency p50, POST → event', formatMs(r.latency.p50)],
      ['latency p99, POST → event', style.bold(formatMs(r.latency.p99))],
      ['refused by the app', bad(r.refused)],
      ['lost (not received within 5 s)', bad(r.lost)],
      ['streams closed during the run', bad(r.dropped)],
    ],
    style,
  );
}
