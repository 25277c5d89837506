import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listLessons, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { lintLesson } from '../../scripts/lib/authoring/lesson-lint.js';
import { hoursAndMinutes, lintCourseTimes } from '../../scripts/lib/authoring/course-times-lint.js';

describe('every lesson has the shape of the course', () => {
  test('every lesson folder is a lesson, with its manifest', () => {
    const folders = readdirSync(path.join(REPO_ROOT, 'lessons')).filter((name) => /^\d\d-/.test(name));
    expect(listLessons().map((lesson) => lesson.slug)).toEqual(folders.sort());
    expect(folders.length).toBeGreaterThan(0);
  });

  test.each(listLessons().map((lesson) => [lesson.slug, lesson] as const))(
    '%s: README sections, TODOs only in the starter, same files, differences only in TODO regions',
    (_slug, lesson) => {
      expect(lintLesson(lesson)).toEqual([]);
    },
  );
});

describe("the course's times", () => {
  test("the course README's lessons table and the instructor's guide say each lesson.json's minutes", () => {
    expect(lintCourseTimes()).toEqual([]);
  });

  test('a lesson time reads as hours and minutes, rounded to 5', () => {
    expect(hoursAndMinutes(172)).toBe('about 2 h 50');
    expect(hoursAndMinutes(278)).toBe('about 4 h 40');
    expect(hoursAndMinutes(58)).toBe('about 1 h 00');
    expect(hoursAndMinutes(45)).toBe('about 45 minutes');
  });
});
