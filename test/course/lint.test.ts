import { describe, expect, test } from '@jest/globals';
import { listLessons } from '../../scripts/lib/course/catalog.js';
import { lintLesson } from '../../scripts/lib/authoring/lesson-lint.js';

describe('every lesson has the shape of the course', () => {
  test('there are four lessons', () => {
    expect(listLessons()).toHaveLength(4);
  });

  test.each(listLessons().map((lesson) => [lesson.slug, lesson] as const))(
    '%s: README sections, TODOs only in the starter, same files, differences only in TODO regions',
    (_slug, lesson) => {
      expect(lintLesson(lesson)).toEqual([]);
    },
  );
});
