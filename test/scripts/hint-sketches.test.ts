import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson, listLessons } from '../../scripts/lib/course/catalog.js';
import { declaredChecks } from '../../scripts/lib/checks/hint-source.js';
import {
  declarationsOf,
  declaredInAny,
  LIBRARY_NAMES,
  lintSketches,
  namesDeclaredIn,
  solutionOnlyNames,
  starterNamesOf,
} from '../../scripts/lib/authoring/sketch-names.js';

/**
 * A hint's third tier shows the shape of the code with the lesson's own names: what the starter has, a
 * library's public API, or what the sketch declares itself. Never a helper or a field only the solution has.
 */
describe('every sketch names only what the learner can see', () => {
  test.each(listLessons().map((lesson) => [lesson.slug, lesson] as const))('%s', (_slug, lesson) => {
    expect(lintSketches(lesson)).toEqual([]);
  });

  test.each(Object.entries(LIBRARY_NAMES))(
    'every name allowed as %s API is declared in its types',
    (library, names) => {
      const files = declarationsOf(library);
      expect(files.length).toBeGreaterThan(0);
      expect(names.filter((name) => !declaredInAny(name, files))).toEqual([]);
    },
  );
});

describe('what the rule catches', () => {
  const lesson3 = starterNamesOf(path.join(findLesson('3').starterDir, 'src'));
  const lesson4 = starterNamesOf(path.join(findLesson('4').starterDir, 'src'));

  test("a private method, a field and a helper of the solution are caught, the starter's and the libraries' are not", () => {
    expect(solutionOnlyNames('if (!this.canReplayAfter(user, lastEventId)) return [reset];', lesson3)).toEqual([
      'this.canReplayAfter',
    ]);
    // The starter has replay(), an empty method the learner fills in: naming it is fine.
    expect(
      solutionOnlyNames(
        'if (lastEventId !== undefined) stream = concat(from(this.replay(auth.user, lastEventId)), stream);',
        lesson3,
      ),
    ).toEqual([]);
    expect(
      solutionOnlyNames(
        'return concat(from(this.recent.filter((n) => isFor(user, n)).map(toMessageEvent)), live);',
        lesson3,
      ),
    ).toEqual(['this.recent', 'isFor()']);
    expect(
      solutionOnlyNames('clearTimeout(this.flushTimer); if (this.hasRoomFor(instance)) void this.flush();', lesson4),
    ).toEqual(['this.flushTimer', 'this.flush']);
    expect(
      solutionOnlyNames("this.server?.local.emit('presence', { online: this.config.instanceId });", lesson4),
    ).toEqual([]);
  });

  test('a name the sketch declares itself is its own: a field, a constant, a method with its body', () => {
    const sketch = [
      'private readonly timers = new Map<string, NodeJS.Timeout>();',
      'const statusOf = async (client: Redis) => …;',
      'private countDown(socket: Socket): void { this.countDown(socket); }',
      'clearTimeout(this.timers.get(socket.id)); statusOf(client);',
    ].join('\n');
    expect([...namesDeclaredIn(sketch)]).toEqual(expect.arrayContaining(['timers', 'statusOf', 'countDown']));
    expect(solutionOnlyNames(sketch, lesson3)).toEqual([]);
    // Called, never declared: the learner would search for it in vain.
    expect(solutionOnlyNames("socket.once('disconnect', () => this.forget(socket));", lesson3)).toEqual([
      'this.forget',
    ]);
  });

  test('a word in prose is no call, and a name only a TODO comment of the starter spells is no name of its code', () => {
    expect(solutionOnlyNames('read the hashes (one pipeline) of the instances', lesson4)).toEqual([]);
    // Lesson 4's TODOs speak of "a write that failed"; its code has no write().
    expect(solutionOnlyNames('const users = await write(instances);', lesson4)).toEqual(['write()']);
  });
});

describe('an offender put back in a check file fails the lint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-sketches-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a lesson 3 reset sketch with a helper only the solution has, beside today's", () => {
    const lesson = findLesson('3');
    const today = declaredChecks(lesson).find((check) => check.task === 11);
    if (!today) throw new Error('lesson 3 has checks of task 11');
    const checkFile = path.join(dir, `${lesson.slug}.check.ts`);
    const checkOf = (title: string, sketch: string) =>
      `check(${JSON.stringify(title)}, { task: 11, hint: ['tier 1', 'tier 2', ${JSON.stringify(sketch)}] }, async () => {});`;
    writeFileSync(
      checkFile,
      [
        checkOf(today.title, today.hints[2]),
        checkOf(
          'an id of another run starts the stream with event: reset',
          "if (!this.canReplayAfter(user, lastEventId)) return [{ type: 'reset', id, data: { message } }];",
        ),
      ].join('\n'),
    );
    expect(lintSketches({ ...lesson, checkFile })).toEqual([
      `checks/${lesson.slug}.check.ts: the sketch (third hint) of "an id of another run starts the stream with event: reset" ` +
        "names this.canReplayAfter, which the starter does not have and no library declares: show the shape with the starter's " +
        'names, or declare it in the sketch',
    ]);
  });
});
