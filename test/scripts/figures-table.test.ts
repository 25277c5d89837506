import { describe, expect, test } from '@jest/globals';
import { stripVTControlCharacters } from 'node:util';
import type { LessonTimes } from '../../scripts/timing/course-bench.js';
import { evaluateGoals, renderCourseTable } from '../../scripts/timing/course-table.js';
import { renderFanOutTable, type FanOutResult } from '../../scripts/lib/load/fan-out-table.js';
import { renderHandshakeTable } from '../../scripts/lib/load/lesson-2.js';
import { formatMs, formatRate, formatRatio, renderTable } from '../../scripts/lib/figures/table.js';
import { renderBar } from '../../scripts/lib/figures/progress-line.js';
import { summarize } from '../../scripts/lib/figures/stats.js';
import { palette, visibleLength } from '../../scripts/lib/cli/terminal.js';
import { findLesson } from '../../scripts/lib/course/catalog.js';

const plain = palette(false);

describe('tables', () => {
  test('columns two spaces apart, numbers right-aligned, colour takes no room', () => {
    const colored = palette(true);
    const lines = renderTable(
      [{ title: 'what' }, { title: 'value', align: 'right' }],
      [
        ['deliveries', colored.red('12')],
        ['p99', '1.5 ms'],
      ],
      plain,
    );
    expect(lines.map((line) => stripVTControlCharacters(line))).toEqual([
      '  what         value',
      '  deliveries      12',
      '  p99         1.5 ms',
    ]);
    expect(visibleLength(colored.bold('abc'))).toBe(3);
  });

  test('figures as people read them', () => {
    expect(formatMs(0.4215)).toBe('0.42 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(432.1)).toBe('432 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(Number.NaN)).toBe('–');
    expect(formatRate(12345.6)).toBe('12,346/s');
    expect(formatRatio(2.456)).toBe('2.46×');
    expect(formatRatio(11.2)).toBe('11.2×');
  });

  test('a progress bar', () => {
    expect(renderBar(0, 4)).toBe('[░░░░]');
    expect(renderBar(0.5, 4)).toBe('[██░░]');
    expect(renderBar(2, 4)).toBe('[████]');
  });
});

const fanOut = (deliveriesPerSecond: number, p99: number, lost = 0): FanOutResult => ({
  clients: 200,
  ms: 5000,
  sent: 100,
  delivered: 20000,
  lost,
  refused: 0,
  messagesPerSecond: deliveriesPerSecond / 200,
  deliveriesPerSecond,
  latency: { ...summarize([1, 2, 3]), p50: 10, p99 },
});

describe('lesson tables', () => {
  test('fan-out, one column', () => {
    const lines = renderFanOutTable([['value', fanOut(40000, 25)]], plain);
    expect(lines[0]).toMatch(/^ {2}fan-out\s+value$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}deliveries per second\s+40,000\/s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}latency p99, send → receipt\s+25\.0 ms$/));
  });

  test('fan-out side by side, with the ratio of the second to the first', () => {
    const lines = renderFanOutTable(
      [
        ['one instance', fanOut(40000, 20)],
        ['two + Redis', fanOut(10000, 50, 3)],
      ],
      plain,
    );
    expect(lines[0]).toMatch(/one instance\s+two \+ Redis\s+two \+ Redis ÷ one instance$/);
    expect(lines).toContainEqual(expect.stringMatching(/deliveries per second\s+40,000\/s\s+10,000\/s\s+0\.25×$/));
    expect(lines).toContainEqual(expect.stringMatching(/latency p99, send → receipt\s+20\.0 ms\s+50\.0 ms\s+2\.50×$/));
    expect(lines).toContainEqual(expect.stringMatching(/lost \(not received within 5 s\)\s+0\s+3$/));
  });

  test('handshakes: accepted and refused side by side', () => {
    const lines = renderHandshakeTable(
      {
        ms: 5000,
        accepted: 1000,
        refused: 990,
        acceptedPerSecond: 200,
        refusedPerSecond: 198,
        toAccept: { ...summarize([1]), p50: 4, p99: 9 },
        toRefuse: { ...summarize([1]), p50: 3, p99: 8 },
        validRefused: 0,
        badAccepted: 0,
        timedOut: 0,
        validRefusedReason: undefined,
      },
      plain,
    );
    expect(lines[0]).toMatch(/accepted \(valid token\)\s+refused \(bad token\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}per second\s+200\/s\s+198\/s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}p99 time to connect \/ to refusal\s+9\.0 ms\s+8\.0 ms$/));
  });
});

const lesson = (number: number) => ({
  ...findLesson('1'),
  number,
  slug: `0${number}-x`,
  name: `lesson-${number}`,
  title: 'x',
});

const times = (
  number: number,
  check: number[],
  start: number[],
  restart: number[],
  goal: number,
  problems: string[] = [],
): LessonTimes => ({
  lesson: lesson(number),
  floor: [600, 620, 580],
  check,
  checkProblems: problems,
  start,
  restart,
  startProblems: [],
  goals: { check: goal, lesson: 3 },
});

describe('the course table', () => {
  test('every goal holds', () => {
    const run = [times(1, [1400, 1500, 1450], [1500, 1600, 1700], [1200, 1300, 1250], 2.5)];
    expect(evaluateGoals(run).every((goal) => goal.held)).toBe(true);
    const lines = renderCourseTable(run, 3, plain);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}1\s+lesson-1\s+1\.45 s\s+1\.40 s\s+1\.50 s\s+600 ms\s+2\.42×\s+≤ 2\.5×\s+✓$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}1\s+lesson-1\s+1\.60 s\s+2\.67×\s+1\.25 s\s+2\.08×\s+≤ 3×\s+✓$/),
    );
    expect(lines.at(-1)).toBe('Every goal holds (3 of 3).');
  });

  test('a missed goal and a failed run are named', () => {
    const run = [
      times(2, [5600, 5500, 5700], [1500], [1500], 4.5),
      times(3, [], [1500], [1500], 4.5, ['run 1 exited with 1']),
    ];
    const goals = evaluateGoals(run);
    expect(goals.filter((goal) => !goal.held).map((goal) => goal.what)).toEqual(['npm run check 2', 'npm run check 3']);
    const lines = renderCourseTable(run, 3, plain);
    expect(lines).toContainEqual('  lesson 3 check: run 1 exited with 1');
    expect(lines.at(-1)).toBe(
      '2 of 6 goals missed: npm run check 2 9.33× (goal ≤ 4.5×); npm run check 3 not measured (goal ≤ 4.5×).',
    );
  });
});
