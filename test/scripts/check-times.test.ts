import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CheckTimes } from '../../checks/support/check-times.js';

describe('the times of the last run, which order the next', () => {
  test('each lesson and tree keeps its own, and a broken file is no times at all', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-times-'));
    try {
      expect(new CheckTimes('01-a', 'lessons', dir).last().size).toBe(0);
      new CheckTimes('01-a', 'lessons', dir).save(new Map([['slow', 900]]));
      new CheckTimes('01-a', 'solutions', dir).save(new Map([['slow', 300]]));
      expect(new CheckTimes('01-a', 'lessons', dir).last().get('slow')).toBe(900);
      expect(new CheckTimes('01-a', 'solutions', dir).last().get('slow')).toBe(300);
      writeFileSync(path.join(dir, 'check-times.json'), '{ not json');
      expect(new CheckTimes('01-a', 'lessons', dir).last().size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('only the most recent lessons and trees are kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-times-'));
    try {
      for (let copy = 0; copy < 30; copy += 1) new CheckTimes('01-a', `copy-${copy}`, dir).save(new Map([['a', copy]]));
      expect(new CheckTimes('01-a', 'copy-29', dir).last().get('a')).toBe(29);
      expect(new CheckTimes('01-a', 'copy-0', dir).last().size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
