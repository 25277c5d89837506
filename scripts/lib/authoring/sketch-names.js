import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from '@swc/core';
import { readTree } from '../course/source-tree.js';
import { declaredChecks } from '../checks/hint-source.js';
import { REPO_ROOT } from '../course/catalog.js';

/**
 * A hint's third tier sketches the code with the lesson's own names: what the learner's starter has, the
 * public API of the libraries the lesson teaches, and what the sketch declares itself. A name that exists
 * only in the solution (a private helper, a field) means nothing to a learner who has not seen the
 * solution, and they would search their tree for it in vain.
 *
 * Only names the sketch uses as code are held to this: calls (`isFor(…)`, `.beat(…)`, written without a
 * space before the parenthesis, as code is) and members of `this` (`this.replay`). Local variables and
 * parameters are the sketch's own words.
 */

/**
 * The public names of the libraries the lessons use, which a sketch may call or name on `this`: each is
 * declared by its package (the self-test finds every one in the package's type declarations).
 * @type {Record<string, string[]>}
 */
export const LIBRARY_NAMES = {
  '@nestjs/common': [
    'Body',
    'Catch',
    'Controller',
    'Get',
    'HttpException',
    'Injectable',
    'Param',
    'Post',
    'Sse',
    'UsePipes',
    'ValidationPipe',
    'getArgByIndex',
    'getClass',
    'getClient',
    'getHandler',
    'getRequest',
    'getResponse',
    'getType',
    'onApplicationShutdown',
    'onModuleDestroy',
    'onModuleInit',
    'switchToHttp',
    'switchToWs',
    'transform',
  ],
  '@nestjs/core': ['getAllAndOverride', 'createDecorator'],
  '@nestjs/websockets': [
    'ConnectedSocket',
    'MessageBody',
    'SubscribeMessage',
    'WebSocketGateway',
    'WebSocketServer',
    'WsException',
    'afterInit',
    'handleConnection',
    'handleDisconnect',
  ],
  '@nestjs/terminus': ['HealthCheck', 'check', 'down', 'up'],
  'class-validator': ['IsString', 'Length', 'Matches'],
  'class-transformer': ['Transform'],
  'socket.io': [
    'adapter',
    'disconnect',
    'disconnectSockets',
    'emit',
    'except',
    'fetchSockets',
    'in',
    'join',
    'leave',
    'on',
    'serverSideEmit',
    'to',
    'use',
  ],
  rxjs: [
    'concat',
    'filter',
    'finalize',
    'interval',
    'map',
    'merge',
    'mergeWith',
    'pipe',
    'takeUntil',
    'takeWhile',
    'timer',
  ],
  ioredis: ['Redis', 'del', 'duplicate', 'exec', 'hgetall', 'hset', 'multi', 'pexpire', 'ping', 'pipeline', 'quit'],
  '@nestjs/jwt': ['verifyAsync'],
  node: [
    'clearInterval',
    'clearTimeout',
    'once',
    'randomBytes',
    'randomUUID',
    'setHeader',
    'setInterval',
    'setTimeout',
  ],
  javascript: [
    'Date',
    'Error',
    'add',
    'all',
    'assign',
    'catch',
    'ceil',
    'delete',
    'entries',
    'every',
    'finally',
    'fromEntries',
    'get',
    'has',
    'includes',
    'isArray',
    'isSafeInteger',
    'keys',
    'localeCompare',
    'max',
    'min',
    'next',
    'now',
    'parse',
    'push',
    'race',
    'reduce',
    'set',
    'shift',
    'some',
    'sort',
    'split',
    'then',
    'toISOString',
    'values',
  ],
};

/** Words of the language that read like calls: `if (…)` is written with a space, `super(…)` is a call of no name. */
const KEYWORDS = new Set(
  'if for while switch catch return typeof function await new super import void in of delete throw yield async constructor'.split(
    ' ',
  ),
);

const NAME = '[A-Za-z_$][\\w$]*';
const MODIFIERS = '(?:(?:private|protected|public|readonly|static|override|declare|async)\\s+)*';
const DECORATORS = '(?:@[\\w.]+\\([^)]*\\)\\s*)*';

/**
 * The names a sketch uses as code: `this.x` members, and calls `x(…)` / `.x(…)`.
 * @param {string} sketch
 * @returns {{ name: string, as: 'this' | 'call' | 'method' }[]}
 */
export function namesUsedIn(sketch) {
  /** @type {Map<string, { name: string, as: 'this' | 'call' | 'method' }>} */
  const used = new Map();
  const add = (/** @type {string} */ name, /** @type {'this' | 'call' | 'method'} */ as) =>
    used.set(`${as} ${name}`, { name, as });
  for (const [, name] of sketch.matchAll(new RegExp(`(?<![\\w$])this\\.(${NAME})`, 'g'))) add(name, 'this');
  for (const [, name] of sketch.matchAll(new RegExp(`(?<![\\w$.#])(${NAME})\\(`, 'g')))
    if (!KEYWORDS.has(name)) add(name, 'call');
  // `.x(` after anything but `this` (which the first pattern took): a method of a library object, or of the app's.
  for (const [, owner, name] of sketch.matchAll(new RegExp(`([\\w$)\\]?]*)\\.(${NAME})\\(`, 'g')))
    if (owner !== 'this') add(name, 'method');
  return [...used.values()];
}

/**
 * The names a sketch declares itself: its functions, variables, fields, parameter properties and methods.
 * @param {string} sketch
 * @returns {Set<string>}
 */
export function namesDeclaredIn(sketch) {
  const declared = new Set();
  const patterns = [
    new RegExp(`\\b(?:function|const|let|var|class)\\s+(${NAME})`, 'g'),
    // a field or a parameter property: `private readonly timers = …`, `constructor(private readonly reflector: …)`
    new RegExp(`\\b(?:private|protected|public|readonly)\\s+(?:readonly\\s+)?(${NAME})\\b`, 'g'),
    // a decorated field: `@WebSocketServer() server: Namespace`
    new RegExp(`@[\\w.]+\\([^)]*\\)\\s+(${NAME})[?!]?\\s*[:;=]`, 'g'),
    // a field at the start of a line: `  server: Namespace;`
    new RegExp(`^\\s*${DECORATORS}${MODIFIERS}(${NAME})[?!]?\\s*[:=;]`, 'gm'),
    // a method with its body: `announce(room: string) {`, `override catch(exception: unknown): void {`
    new RegExp(`(?<![\\w$.])(${NAME})\\((?:[^()]|\\([^()]*\\))*\\)\\s*(?::\\s*[^{};=]+)?\\{`, 'g'),
  ];
  for (const pattern of patterns) for (const [, name] of sketch.matchAll(pattern)) declared.add(name);
  return declared;
}

/**
 * What a lesson's starter offers a sketch: every name its code spells (for calls), and the members of its
 * classes (for `this.x`). Comments are not code: a TODO's words name nothing the learner can call.
 * @param {string} srcDir the starter's src/
 * @returns {{ names: Set<string>, members: Set<string> }}
 */
export function starterNamesOf(srcDir) {
  const names = new Set();
  const members = new Set();
  for (const [file, text] of readTree(srcDir)) {
    if (file.endsWith('.ts')) collectNames(parseSync(text, { syntax: 'typescript', decorators: true }), names, members);
  }
  return { names, members };
}

/** @param {unknown} node @param {Set<string>} names @param {Set<string>} members */
function collectNames(node, names, members) {
  if (Array.isArray(node)) {
    for (const child of node) collectNames(child, names, members);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const value = /** @type {Record<string, any>} */ (node);
  if (value.type === 'Identifier' || value.type === 'PrivateName') names.add(value.value);
  if (['ClassProperty', 'ClassMethod', 'PrivateProperty', 'PrivateMethod'].includes(value.type))
    members.add(value.key?.value);
  if (value.type === 'TsParameterProperty') members.add(value.param?.value ?? value.param?.left?.value);
  for (const [key, child] of Object.entries(value)) if (key !== 'span') collectNames(child, names, members);
}

/**
 * The names a sketch uses that neither the starter, nor a library, nor the sketch itself declares.
 * @param {string} sketch
 * @param {{ names: Set<string>, members: Set<string> }} starter what starterNamesOf found
 * @param {Set<string>} [library] the library names a sketch may use
 * @returns {string[]} as written: `this.replay`, `isFor()`, `.beat()`
 */
export function solutionOnlyNames(sketch, starter, library = libraryNames()) {
  const declared = namesDeclaredIn(sketch);
  return namesUsedIn(sketch)
    .filter(({ name, as }) => {
      if (declared.has(name) || library.has(name)) return false;
      return as === 'this' ? !starter.members.has(name) : !starter.names.has(name);
    })
    .map(({ name, as }) => (as === 'this' ? `this.${name}` : as === 'method' ? `.${name}()` : `${name}()`));
}

/** Every library name of LIBRARY_NAMES, as one set. */
export function libraryNames() {
  return new Set(Object.values(LIBRARY_NAMES).flat());
}

/**
 * Every third tier of the lesson's checks that names what only the solution has, in words.
 * @param {import('../course/catalog.js').Lesson} lesson
 * @returns {string[]}
 */
export function lintSketches(lesson) {
  const starter = starterNamesOf(path.join(lesson.starterDir, 'src'));
  const library = libraryNames();
  return declaredChecks(lesson).flatMap((check) => {
    const sketch = check.hints[2];
    if (sketch === undefined) return [];
    const unknown = solutionOnlyNames(sketch, starter, library);
    return unknown.length === 0
      ? []
      : [
          `checks/${lesson.slug}.check.ts: the sketch (third hint) of "${check.title}" names ${unknown.join(', ')}, ` +
            "which the starter does not have and no library declares: show the shape with the starter's names, " +
            'or declare it in the sketch',
        ];
  });
}

/**
 * The type declarations a library name must appear in (the self-test reads them): the package's own, Node's
 * (`node`), or the language's (`javascript`: TypeScript's lib files).
 * @param {string} library a key of LIBRARY_NAMES
 * @returns {string[]} absolute paths of .d.ts files
 */
export function declarationsOf(library, root = REPO_ROOT) {
  const modules = path.join(root, 'node_modules');
  const dir =
    library === 'node'
      ? path.join(modules, '@types', 'node')
      : library === 'javascript'
        ? path.join(modules, 'typescript', 'lib')
        : path.join(modules, library);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Whether `name` is declared in any of `files`. @param {string} name @param {string[]} files */
export function declaredInAny(name, files) {
  const pattern = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
  return files.some((file) => pattern.test(readFileSync(file, 'utf8')));
}
