import { WINDOW } from './delivery-loop.js';
import { chatUrl } from './chat-clients.js';
import { measureFanOut } from './fan-out.js';
import { appUnderLoad } from './lesson-context.js';
import { renderFanOutTable } from './fan-out-table.js';
import { formatCount } from '../figures/table.js';

/** Lesson 1: fan-out: every client in one room receives every message. */
/** @param {number} clients */
export const describe = (clients) =>
  `fan-out: ${clients} clients in one room, one of them sending message:send (${WINDOW} messages in flight at most), each receiving every message:new`;

/** @param {import('./lesson-context.js').LessonContext} context */
export async function run(context) {
  const base = await appUnderLoad(context);
  const result = await measureFanOut({
    placements: [{ base: chatUrl(context.lesson, base), count: context.clients }],
    token: undefined,
    seconds: context.seconds,
    cleanup: context.cleanup,
    report: context.report,
    onTick: (fraction, delivered) => context.bar(fraction, `${formatCount(delivered)} delivered`),
  });
  return renderFanOutTable([['value', result]], context.style);
}
