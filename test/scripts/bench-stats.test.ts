import { describe, expect, test } from '@jest/globals';
import { median, percentile, perSecond, summarize } from '../../scripts/lib/figures/stats.js';

describe('bench statistics', () => {
  test('percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 … 1, unsorted on purpose
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  test('no samples give NaN, a p outside (0, 100] throws', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(median([])).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  test('the median of an odd and an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('summarize: count, min, max, median, p50, p99', () => {
    expect(summarize([3, 1, 2, 10, 4])).toEqual({ count: 5, min: 1, max: 10, median: 3, p50: 3, p99: 10 });
    expect(summarize([]).count).toBe(0);
  });

  test('a rate per second', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(perSecond(5, 0)).toBe(0);
  });
});
