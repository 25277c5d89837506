import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listLessons, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { lintLesson } from '../../scripts/lib/authoring/lesson-lint.js';

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
