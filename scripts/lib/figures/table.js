import { visibleLength } from '../cli/terminal.js';

/**
 * @typedef {{ title: string, align?: 'left' | 'right' }} Column
 * @typedef {import('../cli/terminal.js').Palette} Palette
 */

/**
 * A plain text table: a bold header, columns two spaces apart, numbers right-aligned.
 * Cells may carry colour codes.
 * @param {Column[]} columns @param {string[][]} rows @param {Palette} style
 * @returns {string[]} the lines, each indented by two spaces
 */
export function renderTable(columns, rows, style) {
  const widths = columns.map((column, index) =>
    Math.max(visibleLength(column.title), ...rows.map((row) => visibleLength(row[index] ?? ''))),
  );
  /** @param {string} text @param {number} index */
  const pad = (text, index) => {
    const room = ' '.repeat(widths[index] - visibleLength(text));
    return columns[index].align === 'right' ? room + text : text + room;
  };
  /** @param {string[]} cells */
  const line = (cells) => `  ${cells.map((cell, index) => pad(cell, index)).join('  ')}`.trimEnd();
  return [
    style.bold(line(columns.map((column) => column.title))),
    ...rows.map((row) => line(columns.map((_, index) => row[index] ?? ''))),
  ];
}

/** Milliseconds as people read them: "0.42 ms", "12 ms", "1.25 s". @param {number} ms */
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A rate with thousands separators: "12,345/s". @param {number} value */
export function formatRate(value) {
  if (!Number.isFinite(value)) return '–';
  return `${Math.round(value).toLocaleString('en-US')}/s`;
}

/** A whole count with thousands separators. @param {number} value */
export function formatCount(value) {
  return Math.round(value).toLocaleString('en-US');
}

/** A ratio to one decimal: "2.4×". @param {number} value */
export function formatRatio(value) {
  return Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)}×` : '–';
}
