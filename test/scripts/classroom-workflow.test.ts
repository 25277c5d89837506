import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listLessons, listTasks, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { classroomWorkflow } from '../../scripts/lib/grade/classroom-workflow.js';

describe('the GitHub Classroom workflow', () => {
  const workflow = classroomWorkflow();

  test('docs/classroom-workflow.yml is current (npm run classroom-workflow rewrites it after a task changes)', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'docs', 'classroom-workflow.yml'), 'utf8')).toBe(workflow);
  });

  test('grades every task of every lesson as a step the reporter reads', () => {
    const ids = listLessons().flatMap((lesson) =>
      listTasks(lesson).map((task) => `lesson-${lesson.number}-task-${task.number}`),
    );
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) {
      const [, lesson, task] = /lesson-(\d+)-task-(\d+)/.exec(id) ?? [];
      expect(workflow).toContain(
        `        id: ${id}\n        uses: classroom-resources/autograding-command-grader@v1\n`,
      );
      expect(workflow).toContain(`command: npm run check ${lesson} -- --task ${task}\n`);
      expect(workflow).toContain(`${id.toUpperCase()}_RESULTS: "\${{ steps.${id}.outputs.result }}"`);
    }
    expect(workflow).toContain(`runners: ${ids.join(',')}\n`);
  });
});
