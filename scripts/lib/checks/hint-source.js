import { readFileSync, statSync } from 'node:fs';
import { parseSync } from '@swc/core';

/**
 * The checks a lesson declares, read from its check file without running it: what `npm run hint N` and the
 * page's "More hint" read a check's hint tiers from. The course keeps no copy of a hint's words: the check
 * file is their one source, so a hint changed there is the hint the learner reads next.
 *
 * The file is parsed, not run (running it needs Jest and the app). A title or a tier is a string, a
 * template or a `+` of them, whose `${…}` are the file's own constants: literals, object literals
 * (`DOCS.rooms`) and the lesson's manifest (`manifestOf(LESSON).routes.ticket`, `namespaceOf(LESSON)`).
 * Anything else is refused by name, so a check file the reader cannot follow fails the self-test, not a
 * learner's `npm run hint`.
 */

/**
 * @typedef {object} DeclaredCheck
 * @property {string} title
 * @property {number} [task]
 * @property {boolean} baseline
 * @property {string[]} hints the tiers, tier 1 first
 */

/** @type {Map<string, { mtimeMs: number, checks: DeclaredCheck[] }>} */
const cache = new Map();

/**
 * Every check of the lesson, in declaration order.
 * @param {import('../course/catalog.js').Lesson} lesson
 * @returns {DeclaredCheck[]}
 */
export function declaredChecks(lesson) {
  const { mtimeMs } = statSync(lesson.checkFile);
  const cached = cache.get(lesson.checkFile);
  if (cached?.mtimeMs === mtimeMs) return cached.checks;
  const checks = readDeclaredChecks(readFileSync(lesson.checkFile, 'utf8'), lesson.manifest, lesson.checkFile);
  cache.set(lesson.checkFile, { mtimeMs, checks });
  return checks;
}

/**
 * The hint tiers of one check, or undefined when the lesson declares no check of that title (a run from
 * before the check file changed).
 * @param {import('../course/catalog.js').Lesson} lesson @param {string} title
 * @returns {string[] | undefined}
 */
export function hintsOf(lesson, title) {
  return declaredChecks(lesson).find((check) => check.title === title)?.hints;
}

/**
 * @param {string} source a check file's text
 * @param {import('../course/catalog.js').LessonManifest} manifest the lesson's lesson.json
 * @param {string} [file] for the messages
 * @returns {DeclaredCheck[]}
 */
export function readDeclaredChecks(source, manifest, file = 'the check file') {
  const module = parseSync(source, { syntax: 'typescript' });
  /** @type {Map<string, any>} */
  const constants = new Map();
  /** @type {DeclaredCheck[]} */
  const checks = [];
  const scope = { constants, manifest, file };
  for (const item of module.body) {
    const declaration = item.type === 'ExportDeclaration' ? item.declaration : item;
    if (declaration.type === 'VariableDeclaration' && declaration.kind === 'const') {
      for (const declarator of declaration.declarations)
        if (declarator.id.type === 'Identifier' && declarator.init) constants.set(declarator.id.value, declarator.init);
    } else if (item.type === 'ExpressionStatement' && isCheckCall(item.expression)) {
      checks.push(readCheck(item.expression, scope));
    }
  }
  return checks;
}

/** @param {any} node */
function isCheckCall(node) {
  return node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.value === 'check';
}

/**
 * @typedef {{ constants: Map<string, any>, manifest: import('../course/catalog.js').LessonManifest, file: string }} Scope
 */

/** @param {any} call @param {Scope} scope @returns {DeclaredCheck} */
function readCheck(call, scope) {
  const [titleArgument, specArgument] = call.arguments.map((/** @type {any} */ argument) => argument.expression);
  const title = evaluate(titleArgument, scope, 'a check title');
  if (typeof title !== 'string') throw new Error(`${scope.file}: a check's title is not a string`);
  const where = `the check "${title}"`;
  if (specArgument?.type !== 'ObjectExpression') throw new Error(`${scope.file}: ${where} has no spec object`);
  /** @type {Record<string, unknown>} */
  const spec = {};
  for (const property of specArgument.properties) {
    if (property.type !== 'KeyValueProperty' || property.key.type !== 'Identifier')
      throw new Error(`${scope.file}: ${where}: its spec must list plain \`name: value\` properties`);
    if (['task', 'hint', 'baseline'].includes(property.key.value))
      spec[property.key.value] = evaluate(property.value, scope, `${where}'s ${property.key.value}`);
  }
  const hints = spec.hint;
  if (!Array.isArray(hints) || hints.some((hint) => typeof hint !== 'string'))
    throw new Error(`${scope.file}: ${where}: its hint must be an array of strings`);
  return {
    title,
    ...(typeof spec.task === 'number' ? { task: spec.task } : {}),
    baseline: spec.baseline === true,
    hints,
  };
}

/**
 * The value of a constant expression of the check file.
 * @param {any} node @param {Scope} scope @param {string} what for the message
 * @returns {unknown}
 */
function evaluate(node, scope, what) {
  switch (node?.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'TemplateLiteral':
      return node.quasis
        .map(
          (/** @type {any} */ quasi, /** @type {number} */ index) =>
            quasi.cooked +
            (index < node.expressions.length ? String(evaluate(node.expressions[index], scope, what)) : ''),
        )
        .join('');
    case 'BinaryExpression':
      {
        const left = evaluate(node.left, scope, what);
        const right = evaluate(node.right, scope, what);
        if (node.operator === '+')
          return typeof left === 'number' && typeof right === 'number' ? left + right : `${left}${right}`;
        if (typeof left === 'number' && typeof right === 'number') {
          if (node.operator === '-') return left - right;
          if (node.operator === '*') return left * right;
          if (node.operator === '/') return left / right;
        }
      }
      break;
    case 'ParenthesisExpression':
    case 'TsConstAssertion':
    case 'TsAsExpression':
    case 'TsSatisfiesExpression':
      return evaluate(node.expression, scope, what);
    case 'ArrayExpression':
      return node.elements.map((/** @type {any} */ element) => {
        if (!element || element.spread) throw new Error(`${scope.file}: ${what}: an array with a hole or a spread`);
        return evaluate(element.expression, scope, what);
      });
    case 'ObjectExpression':
      return Object.fromEntries(
        node.properties.map((/** @type {any} */ property) => {
          if (property.type !== 'KeyValueProperty') throw new Error(`${scope.file}: ${what}: an object with a spread`);
          const key = property.key.type === 'Identifier' ? property.key.value : evaluate(property.key, scope, what);
          return [key, evaluate(property.value, scope, what)];
        }),
      );
    case 'Identifier': {
      const init = scope.constants.get(node.value);
      if (init === undefined) break;
      return evaluate(init, scope, what);
    }
    case 'MemberExpression': {
      const object = /** @type {Record<string, unknown> | undefined} */ (evaluate(node.object, scope, what));
      const key =
        node.property.type === 'Identifier'
          ? node.property.value
          : node.property.type === 'Computed'
            ? evaluate(node.property.expression, scope, what)
            : undefined;
      if (object !== null && typeof object === 'object' && typeof key === 'string' && key in object) return object[key];
      break;
    }
    case 'CallExpression':
      // The lesson's facts, as the checks read them (checks/support/lesson-manifest.ts).
      if (node.callee.type === 'Identifier' && node.callee.value === 'manifestOf') return scope.manifest;
      if (node.callee.type === 'Identifier' && node.callee.value === 'namespaceOf') return scope.manifest.namespace;
      break;
  }
  throw new Error(
    `${scope.file}: ${what} uses an expression the hint reader cannot evaluate without running the file ` +
      `(${node?.type ?? 'nothing'}${node?.type === 'Identifier' ? ` ${node.value}` : ''}): use literals, templates ` +
      "and the file's constants (scripts/lib/checks/hint-source.js)",
  );
}
