import { formatCount, formatMs, formatRate, formatRatio, renderTable } from '../figures/table.js';

/**
 * @typedef {import('./delivery-loop.js').DeliveryResult & { clients: number }} FanOutResult
 * @typedef {{ label: string, value: (r: FanOutResult) => number, format: (value: number) => string, key?: boolean, bad?: boolean }} FanOutRow
 */

/** @type {FanOutRow[]} */
const ROWS = [
  { label: 'clients in the room', value: (r) => r.clients, format: formatCount },
  { label: 'messages sent', value: (r) => r.sent, format: formatCount },
  { label: 'messages per second', value: (r) => r.messagesPerSecond, format: formatRate },
  { label: 'deliveries (message × client)', value: (r) => r.delivered, format: formatCount },
  { label: 'deliveries per second', value: (r) => r.deliveriesPerSecond, format: formatRate, key: true },
  { label: 'latency p50, send → receipt', value: (r) => r.latency.p50, format: formatMs },
  { label: 'latency p99, send → receipt', value: (r) => r.latency.p99, format: formatMs, key: true },
  { label: 'refused by the app', value: (r) => r.refused, format: formatCount, bad: true },
  { label: 'lost (not received within 5 s)', value: (r) => r.lost, format: formatCount, bad: true },
];

/** The rows whose ratio means something when two runs are compared. */
const COMPARED = new Set([
  'messages per second',
  'deliveries per second',
  'latency p50, send → receipt',
  'latency p99, send → receipt',
]);

/**
 * The fan-out figures, one column per run; with two runs, a third column
 * gives the second's figure as a multiple of the first's (lesson 4).
 * @param {[string, FanOutResult][]} runs column title and result
 * @param {import('../cli/terminal.js').Palette} style
 */
export function renderFanOutTable(runs, style) {
  const compare = runs.length === 2;
  const columns = [
    { title: 'fan-out' },
    ...runs.map(([title]) => ({ title, align: /** @type {const} */ ('right') })),
    ...(compare ? [{ title: `${runs[1][0]} ÷ ${runs[0][0]}`, align: /** @type {const} */ ('right') }] : []),
  ];
  const rows = ROWS.map((row) => {
    const values = runs.map(([, result]) => row.value(result));
    const cells = values.map((value) => {
      const text = row.format(value);
      if (row.bad && value > 0) return style.red(text);
      return row.key ? style.bold(text) : text;
    });
    if (compare) cells.push(COMPARED.has(row.label) && values[0] > 0 ? formatRatio(values[1] / values[0]) : '');
    return [row.label, ...cells];
  });
  return renderTable(columns, rows, style);
}
