import { describe, expect, test } from '@jest/globals';
import { findLesson, listLessons } from '../../scripts/lib/course/catalog.js';
import { lintRecap } from '../../scripts/lib/authoring/lesson-lint.js';
import { lintTime } from '../../scripts/lib/authoring/readme-lint.js';
import { parseCanNow, parseQuestions, readRecap } from '../../scripts/lib/course/recap.js';
import { runNode } from '../course/run-node.js';

/** The first line of a markdown text, without its code spans' backticks, as the terminal shows it. */
const plainStart = (markdown: string) => markdown.split('\n')[0].replaceAll('`', '').slice(0, 40);

describe('npm run recap', () => {
  test('without a terminal, prints the recap and every question, and says how to see the answers', async () => {
    const { canNow, questions } = readRecap(findLesson('1'));
    const { code, stdout, stderr } = await runNode(['scripts/recap.js', '1']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Lesson 1 · WebSocket gateways with the Socket.IO adapter: recap');
    expect(stdout).toContain('You can now:');
    for (const item of canNow) expect(stdout).toContain(plainStart(item));
    questions.forEach(({ question, answer }, index) => {
      expect(stdout).toContain(`${index + 1}. ${plainStart(question)}`);
      expect(stdout).not.toContain(plainStart(answer));
    });
    expect(stdout).toContain('The answers: npm run recap 1 -- --answers');
  });

  test('with --answers, prints each answer after its question', async () => {
    const { questions } = readRecap(findLesson('2'));
    const { code, stdout } = await runNode(['scripts/recap.js', '02-handshake-auth', '--answers']);
    expect(code).toBe(0);
    let from = 0;
    for (const { question, answer } of questions) {
      const asked = stdout.indexOf(plainStart(question), from);
      const answered = stdout.indexOf(plainStart(answer), asked);
      expect(asked).toBeGreaterThan(-1);
      expect(answered).toBeGreaterThan(asked);
      from = answered;
    }
    expect(stdout).not.toContain('The answers:');
  });

  test('a wrong lesson, or none, is one line on stderr and exit code 2', async () => {
    const wrong = await runNode(['scripts/recap.js', '9']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr.trim()).toBe(
      `no lesson 9: lessons are ${listLessons()
        .map((lesson) => `${lesson.number} ${lesson.name}`)
        .join(', ')}`,
    );
    const none = await runNode(['scripts/recap.js']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('npm run recap: which lesson? Usage: npm run recap <lesson> [-- --answers]');
  });
});

describe('the recap and questions of a lesson', () => {
  const readme = `# Lesson 9: x

**Time:** about 60 minutes for a mid-level developer: 15 reading, 45 doing.

## Goal

## Check your understanding

You can now:

- open a gateway;
- guard it,
  by role;
- close it.

Then the questions.

## References
`;

  test('reads the list of what the learner can now do, a continued item as one line', () => {
    expect(parseCanNow(readme)).toEqual(['open a gateway;', 'guard it, by role;', 'close it.']);
  });

  test('reads each question with its answer', () => {
    expect(
      parseQuestions('# Questions\n\nintro\n\n## 1. Why `x`?\n\nBecause.\n\nAnd so.\n\n## Predict y.\n\nz\n'),
    ).toEqual([
      { question: 'Why `x`?', answer: 'Because.\n\nAnd so.' },
      { question: 'Predict y.', answer: 'z' },
    ]);
  });

  test('a code block right under a question belongs to the question: the snippet it asks about', () => {
    expect(
      parseQuestions('## 1. What does it print?\n\n```ts\nconsole.log(1);\n```\n\n`1`, since…\n\n```ts\nx\n```\n'),
    ).toEqual([
      { question: 'What does it print?\n\n```ts\nconsole.log(1);\n```', answer: '`1`, since…\n\n```ts\nx\n```' },
    ]);
  });

  test('the lint wants 3 to 5 questions, each answered, and a short recap', () => {
    const three = '## A?\n\na\n\n## B?\n\nb\n\n## C?\n\nc\n';
    expect(lintRecap('09-x', readme, three)).toEqual([]);
    expect(lintRecap('09-x', readme, undefined)).toEqual([
      "lessons/09-x/questions.md is missing: the lesson's questions, with their answers",
    ]);
    expect(lintRecap('09-x', readme, '## A?\n\n## B?\n\nb\n')).toEqual([
      'lessons/09-x/questions.md has 2 questions ("## " headings; 3 to 5)',
      'lessons/09-x/questions.md: question 1 has no answer under its heading',
    ]);
    expect(lintRecap('09-x', '## Check your understanding\n\n- one\n', three)).toEqual([
      'README\'s "## Check your understanding" lists 1 thing the learner can now do (3 to 6, one "- " line each)',
    ]);
  });

  test('the lint wants the time under the title, the same as lesson.json, and near the estimate from the size', () => {
    // 30 lines and no task: 15 minutes of doing; the README's few words: 0 minutes of reading.
    const manifest = { ...findLesson('1').manifest, minutes: { reading: 5, doing: 15 } };
    const short = readme.replace(
      'about 60 minutes for a mid-level developer: 15 reading, 45 doing',
      'about 20 minutes',
    );
    expect(lintTime('09-x', short, manifest, 30)).toEqual([]);
    expect(lintTime('09-x', short, { ...manifest, minutes: { reading: 5, doing: 20 } }, 30)).toEqual([
      'README says about 20 minutes, but lesson.json\'s "minutes" add up to 25',
    ]);
    expect(lintTime('09-x', short, manifest, 60)).toEqual([
      'lessons/09-x/lesson.json\'s "minutes" are 5 reading and 15 doing, but the lesson\'s size gives 0 and 30 (27 words, 60 lines, 0 tasks): keep each within 5',
    ]);
    expect(lintTime('09-x', readme, { ...manifest, minutes: { reading: 5, doing: 15 } }, 30)).toEqual([
      'README says about 60 minutes, but lesson.json\'s "minutes" add up to 20',
      'README says 15 reading and 45 doing, but lesson.json says 5 and 15',
    ]);
    expect(lintTime('09-x', readme, { ...manifest, minutes: undefined }, 30)).toEqual([
      'lessons/09-x/lesson.json: "minutes" must be { reading, doing }, whole minutes',
    ]);
  });
});
