import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { REPO_ROOT } from '../course/catalog.js';

// A lesson's own source: <tree>/NN-slug/src/….ts, whether the tree is lessons/, solutions/ or a copy.
const LESSON_PLACE =
  /(?:file:\/\/)?((?:\/?[^\s():[\]]+\/)?\d\d-[a-z0-9-]+\/src\/[^\s():[\]]+\.ts)(?::(\d+))?(?::(\d+))?/;

/**
 * Turns a compiler's or Node's error output into what a learner needs: the
 * message, the place in the lesson's code as file:line:column, and that line
 * in context. Stacks through Node, Nest, swc and Jest are left out.
 * @param {string} text an error's message and stack, or a process's stderr
 * @param {string} [root] the repository root
 * @param {string} [srcDir] the app's source folder: where to look for the import that names what a module
 *   does not export, an error whose stack names no file of the app
 * @returns {string}
 */
export function summarizeError(text, root = REPO_ROOT, srcDir = undefined) {
  const clean = stripVTControlCharacters(text)
    .replace(/^\[Nest\]\s+\d+\s+-\s+.*?\s{2,}ERROR \[\w+\]\s*(?:\w+ \[Error\]: )?/gm, '')
    .split(/\n\s*Stack backtrace:/)[0];
  const syntax = /Caused by:\s*\n\s*Syntax Error/.test(clean);
  const message = findMessage(clean, syntax);
  const place = findPlace(clean, root) ?? (srcDir ? findMissingImport(clean, srcDir, root) : undefined);
  const lines = [message];
  if (place) {
    lines.push(`  at ${place.file}${place.line ? `:${place.line}` : ''}${place.column ? `:${place.column}` : ''}`);
    lines.push(...codeFrame(path.join(root, place.file), place.line, place.column));
  }
  return lines.join('\n');
}

/** @param {string} text @param {boolean} syntax */
function findMessage(text, syntax) {
  const swc = /^\s*(?:\[?\w*Error:)?\s*x\s+(.+)$/m.exec(text);
  if (swc) return `${syntax ? 'SyntaxError' : 'Error'}: ${swc[1].trim()}`;
  const thrown = /^\s*\[?((?:\w+)?Error(?: \[\w+\])?:\s*.+?)\]?$/m.exec(text);
  if (thrown) return thrown[1].trim();
  const first = text.split('\n').find((line) => line.trim() && !/^\s*at /.test(line) && !/^file:\/\//.test(line));
  return (first ?? 'The app failed without a message').trim();
}

/** @param {string} text @param {string} root */
function findPlace(text, root) {
  for (const line of text.split('\n')) {
    if (/node_modules/.test(line)) continue;
    const match = LESSON_PLACE.exec(line);
    if (!match) continue;
    const absolute = match[1].startsWith('/') ? match[1] : path.join(root, match[1]);
    return {
      file: path.relative(root, absolute),
      line: match[2] ? Number(match[2]) : undefined,
      column: match[3] ? Number(match[3]) : undefined,
    };
  }
  return undefined;
}

const MISSING_EXPORT = /requested module '([^']+)' does not provide an export named '([^']+)'/;

/**
 * Where the app imports a name its module does not export (an interface or a type imported as a value, or a
 * misspelt name): Node says which module and which name, but not which file of the app.
 * @param {string} text @param {string} srcDir @param {string} root
 * @returns {{ file: string, line: number, column: number } | undefined}
 */
function findMissingImport(text, srcDir, root) {
  const missing = MISSING_EXPORT.exec(text);
  if (!missing) return undefined;
  const [, module, name] = missing;
  const quoted = module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const statement = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${quoted}['"]`, 'g');
  for (const file of sourceFiles(srcDir)) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(statement)) {
      const names = match[1];
      const at = new RegExp(`(?<![\\w$])(?<!type\\s+)${name.replaceAll('$', '\\$')}(?![\\w$])`).exec(names);
      if (!at || match.index === undefined) continue;
      const offset = match.index + match[0].indexOf('{') + 1 + at.index;
      const before = source.slice(0, offset).split('\n');
      return { file: path.relative(root, file), line: before.length, column: before[before.length - 1].length + 1 };
    }
  }
  return undefined;
}

/** Every .ts file under `dir`. @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .sort()
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/**
 * Two lines of context before the line, a caret under the column.
 * @param {string} file @param {number | undefined} line @param {number | undefined} column
 * @returns {string[]}
 */
function codeFrame(file, line, column) {
  if (!line) return [];
  let source;
  try {
    source = readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
  const first = Math.max(1, line - 2);
  const last = Math.min(source.length, line + 1);
  const width = String(last).length;
  const frame = [];
  for (let number = first; number <= last; number += 1) {
    const marker = number === line ? '>' : ' ';
    frame.push(`  ${marker} ${String(number).padStart(width)} | ${source[number - 1]}`);
    if (number === line && column && column > 1) frame.push(`    ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return frame;
}

/**
 * What usually causes an app to fail while Nest builds it, by the words of its error.
 * @param {string} text the error's message and stack, or what Nest logged
 * @returns {string[]} lines to print under the error; none when nothing fits
 */
export function usualBootCauses(text) {
  if (/can't resolve dependencies/.test(text)) {
    return [
      'The usual causes:',
      "- the class is missing from its module's `providers`, or the module that exports it is not in `imports`;",
      '- the parameter is typed with an interface or a type-only import (`import type`): Nest needs a class or an @Inject(token);',
      '- two files import each other, so the class is still undefined when the decorator reads it.',
    ];
  }
  const missing = MISSING_EXPORT.exec(text);
  if (missing) {
    return [
      `'${missing[2]}' is not a value that '${missing[1]}' exports at run time. The usual causes:`,
      `- it is an interface or a type: import it as one (\`import type { ${missing[2]} }\`, or \`{ type ${missing[2]} }\` in the list);`,
      '- the name is misspelt, or it comes from another package.',
    ];
  }
  if (/before initialization/.test(text)) {
    return [
      'Two files import each other, so one reads the other before it is defined. For modules that need each',
      'other, write forwardRef(() => OtherModule) on both sides, or move what they share into a third module.',
    ];
  }
  if (/circular dependency|cannot create the \w+ instance/i.test(text)) {
    return [
      'The usual causes:',
      '- two modules import each other: wrap one side in forwardRef(() => OtherModule), or move what they share into a third module;',
      "- a module's `imports` holds something undefined: a typo, or a circular import between files.",
    ];
  }
  if (/ExceptionHandler/.test(text)) {
    return [
      'Your code threw while Nest created the app: a constructor, a provider factory or a decorator argument (see the line above).',
    ];
  }
  return [];
}
