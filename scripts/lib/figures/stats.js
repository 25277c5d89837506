/**
 * @typedef {object} Summary
 * @property {number} count
 * @property {number} min
 * @property {number} max
 * @property {number} median
 * @property {number} p50
 * @property {number} p99
 */

/**
 * The p-th percentile of `samples` by the nearest-rank method: the smallest
 * sample at or below which p % of the samples lie. NaN when there are none.
 * @param {ArrayLike<number>} samples @param {number} p from 0 (excluded) to 100
 */
export function percentile(samples, p) {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/** The middle sample, or the mean of the two middle ones. NaN when there are none. @param {ArrayLike<number>} samples */
export function median(samples) {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** @param {ArrayLike<number>} samples @returns {Summary} */
export function summarize(samples) {
  if (samples.length === 0)
    return { count: 0, min: Number.NaN, max: Number.NaN, median: Number.NaN, p50: Number.NaN, p99: Number.NaN };
  const sorted = Float64Array.from(samples).sort();
  const rank = (/** @type {number} */ p) => sorted[Math.ceil((p / 100) * sorted.length) - 1];
  return {
    count: sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    median: median(sorted),
    p50: rank(50),
    p99: rank(99),
  };
}

/** Events per second, 0 for an empty interval. @param {number} count @param {number} ms */
export function perSecond(count, ms) {
  return ms > 0 ? (count * 1000) / ms : 0;
}
