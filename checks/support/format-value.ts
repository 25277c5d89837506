import { inspect } from 'node:util';

/** One line, short enough for a transcript: `{"room":"lobby"}`, `'pong'`, `(nothing)`. */
export function formatValue(value: unknown, maxLength = 160): string {
  if (value === undefined) return '(nothing)';
  const text =
    typeof value === 'string'
      ? `'${value}'`
      : inspect(value, { depth: 4, breakLength: Infinity, compact: true, maxStringLength: maxLength });
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
