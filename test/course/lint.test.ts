import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listLessons, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { lintLesson } from '../../scripts/lib/authoring/lesson-lint.js';
import { hoursAndMinutes, lintCourseTimes, staleLessonTimes } from '../../scripts/lib/authoring/course-times-lint.js';

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

  test("a lesson's time stated in passing in the guide must follow its lesson.json", () => {
    const minutes = new Map([
      [3, 225],
      [4, 293],
    ]);
    expect(staleLessonTimes('Homework: lesson 3 (about 3 h 45) and lesson 4\n(about 3½ h).', minutes)).toEqual([
      '"lesson 4 (about 3½ h)" should say "about 4 h 55" (lesson.json: 293 minutes)',
    ]);
    expect(staleLessonTimes('lesson 4 (about 4 h 50), lesson 3 (about 225 minutes)', minutes)).toEqual([]);
    // a part of a lesson, a lesson the course does not have, or a figure that is not a time: not read
    expect(
      staleLessonTimes('lesson 3 tasks 4–11 (about 2 h), lesson 9 (about 1 h), lesson 4 (about half a day)', minutes),
    ).toEqual([]);
  });
});
