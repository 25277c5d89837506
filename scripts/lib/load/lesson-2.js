import { BenchFailure } from '../cli/usage-error.js';
import { measureHandshakes } from './handshakes.js';
import { appUnderLoad } from './lesson-context.js';
import { chatUrl } from './chat-clients.js';
import { benchUser, logIn, tamperedToken } from './login.js';
import { formatCount, formatMs, formatRate, renderTable } from '../figures/table.js';

/** Lesson 2: what the handshake's token check costs, accepted and refused. */

/** @param {number} clients @param {import('../course/catalog.js').Lesson} lesson */
export const describe = (clients, lesson) =>
  `handshakes: ${clients} clients at a time connect to ${lesson.manifest.namespace}, alternately with ${benchUser(lesson).username}'s valid token and with a token whose signature is wrong`;

/** @param {import('./lesson-context.js').LessonContext} context */
export async function run(context) {
  // Every client connects as the same user: the app must let that user hold them all.
  const base = await appUnderLoad(context, { env: { WS_MAX_SOCKETS_PER_USER: String(context.clients + 1) } });
  context.report(`logging in as ${benchUser(context.lesson).username}…`, true);
  const token = await logIn(base, context.lesson);
  const result = await measureHandshakes({
    base: chatUrl(context.lesson, base),
    token,
    badToken: tamperedToken(token),
    workers: context.clients,
    seconds: context.seconds,
    cleanup: context.cleanup,
    onTick: (fraction, done) => context.bar(fraction, `${formatCount(done)} handshakes`),
  });
  if (result.validRefusedReason === 'too_many_connections') {
    throw new BenchFailure(
      `${benchUser(context.lesson).username}'s handshakes were refused with too_many_connections: the bench connects as one user, who may hold WS_MAX_SOCKETS_PER_USER sockets per app (10 unless set). Start the app with WS_MAX_SOCKETS_PER_USER above --clients.`,
    );
  }
  if (result.accepted === 0 && result.validRefused > 0) {
    throw new BenchFailure(
      `every handshake with ${benchUser(context.lesson).username}'s valid token was refused (${result.validRefusedReason}): do lesson 2's checks pass?`,
    );
  }
  return renderHandshakeTable(result, context.style);
}

/** @param {import('./handshakes.js').HandshakeResult} r @param {import('../cli/terminal.js').Palette} style */
export function renderHandshakeTable(r, style) {
  const wrong = (/** @type {number} */ count) => (count > 0 ? style.red(formatCount(count)) : '0');
  return renderTable(
    [
      { title: 'handshakes' },
      { title: 'accepted (valid token)', align: 'right' },
      { title: 'refused (bad token)', align: 'right' },
    ],
    [
      ['handshakes', formatCount(r.accepted), formatCount(r.refused)],
      ['per second', style.bold(formatRate(r.acceptedPerSecond)), style.bold(formatRate(r.refusedPerSecond))],
      ['p50 time to connect / to refusal', formatMs(r.toAccept.p50), formatMs(r.toRefuse.p50)],
      ['p99 time to connect / to refusal', formatMs(r.toAccept.p99), style.bold(formatMs(r.toRefuse.p99))],
      ['wrong outcome (valid refused / bad accepted)', wrong(r.validRefused), wrong(r.badAccepted)],
      ['no answer within 6 s', wrong(r.timedOut), ''],
    ],
    style,
  );
}
