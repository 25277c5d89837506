import { describe, expect, test } from '@jest/globals';
import { measureGiveaway, identifiersOf } from '../../scripts/lib/authoring/giveaway.js';
import { importBlockLength, regionsOf, withTaskUndone } from '../../scripts/lib/course/todo-regions.js';

const starter = [
  '// TODO 1: answer ping (Your tasks, 1)',
  '',
  'export class Chat {',
  '  // TODO 2: count the members of a room (Your tasks, 2)',
  '}',
  '',
].join('\n');
const solution = [
  "import { Counter } from './counter.js';",
  '',
  'export class Chat {',
  '  count(room: string): number {',
  '    return new Counter().of(room);',
  '  }',
  '}',
  '',
].join('\n');

describe('TODO regions', () => {
  test("a block inside the import block belongs to no task, and every per-task copy keeps the solution's imports", () => {
    const starterWithImports = [
      "import { A } from './a.js';",
      '',
      'export class Chat {',
      '  // TODO 1: use B (Your tasks, 1)',
      '}',
      '',
    ].join('\n');
    const solutionWithImports = [
      "import { A } from './a.js';",
      'import {',
      '  B,',
      "} from './b.js';",
      '',
      'export class Chat {',
      '  b = new B();',
      '}',
      '',
    ].join('\n');
    const regions = regionsOf(starterWithImports, solutionWithImports);
    expect(regions.map((region) => [region.imports, region.task])).toEqual([
      [true, undefined],
      [false, 1],
    ]);
    expect(withTaskUndone(starterWithImports, solutionWithImports, 1)).toBe(
      solutionWithImports.replace('  b = new B();', '  // TODO 1: use B (Your tasks, 1)'),
    );
  });

  test('the import block ends at its last import: a change below it is no import', () => {
    expect(
      importBlockLength([
        "import 'reflect-metadata';",
        'import {',
        '  A,',
        "} from './a.js';",
        '',
        '/** doc */',
        'export const x = 1;',
      ]),
    ).toBe(4);
    expect(importBlockLength(['// TODO 1: x (Your tasks, 1)', "import { A } from './a.js';"])).toBe(0);
    expect(
      regionsOf(
        "import { A } from './a.js';\n\n/** old */\nexport const x = 1;\n",
        "import { A } from './a.js';\n\n/** new */\nexport const x = 1;\n",
      )[0].imports,
    ).toBe(false);
  });

  test('each block of the diff belongs to the task of its TODO', () => {
    expect(regionsOf(starter, solution).map((region) => [region.line, region.task])).toEqual([
      [1, 1],
      [4, 2],
    ]);
  });

  test('a block below a TODO belongs to it; one holding two tasks names both', () => {
    const twoTasks = '// TODO 1: a (Your tasks, 1)\n// TODO 2: b (Your tasks, 2)\nkeep\n';
    expect(regionsOf(twoTasks, 'a()\nb()\nkeep\n')[0].tasks).toEqual([1, 2]);
    const above = '// TODO 3: c (Your tasks, 3)\nkeep\nold\n';
    expect(regionsOf(above, '// TODO 3: c (Your tasks, 3)\nkeep\nnew\n')[0].task).toBe(3);
  });

  test("undoing one task puts back only that task's starter text", () => {
    expect(withTaskUndone(starter, solution, 2)).toBe(
      [
        "import { Counter } from './counter.js';",
        '',
        'export class Chat {',
        '  // TODO 2: count the members of a room (Your tasks, 2)',
        '}',
        '',
      ].join('\n'),
    );
    expect(withTaskUndone(starter, solution, 1)).toBe(
      starter.replace(
        '// TODO 2: count the members of a room (Your tasks, 2)',
        'count(room: string): number {\n    return new Counter().of(room);\n  }',
      ),
    );
    expect(withTaskUndone(starter, solution, 9)).toBe(solution);
  });
});

describe('the giveaway figure', () => {
  test('counts dotted chains whole and words of four or more letters, not keywords, strings or comments', () => {
    expect(identifiersOf("    this.server.to(room).emit('message:new', message); // send it")).toEqual([
      'this.server.to',
      'room',
      'emit',
      'message',
    ]);
    expect(identifiersOf('  const user = await this.users.find(id) as string;')).toEqual(['this.users.find', 'user']);
  });

  test('is the share of those identifiers already written in the TODO comments', () => {
    const given = measureGiveaway(
      new Map([['chat.ts', '// TODO 1: emit to the room with this.server.to\n//   and more\n']]),
      new Map([['chat.ts', 'this.server.to(room).emit(text);\n']]),
    );
    expect(given.written).toEqual(['emit', 'room', 'text', 'this.server.to']);
    expect(given.given).toEqual(['emit', 'room', 'this.server.to']);
    expect(given.share).toBe(0.75);
  });
});
