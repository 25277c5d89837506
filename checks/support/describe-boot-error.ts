import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeError, usualBootCauses } from '../../scripts/lib/app/error-summary.js';
import { indent } from '../../scripts/lib/cli/terminal.js';

/**
 * A boot error as a learner needs it: the message and the place in the
 * lesson's own code, not a stack through Nest, swc and Jest. `srcDir`: the app's source folder, where an
 * import Node could not link is looked for.
 */
export function describeBootError(error: unknown, srcDir?: string): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  const causes = usualBootCauses(text);
  return indent([summarizeError(text, undefined, srcDir), ...(causes.length > 0 ? ['', ...causes] : [])].join('\n'), 2);
}

/**
 * When Nest cannot build an app it logs why and ends the process; the harness
 * refuses the exit, so all there is to go on is what Nest logged.
 */
export function describeNestBootLog(appLines: string[], srcDir?: string): string {
  const text = appLines.map((line) => line.replace(/^app: /, '').replace(/^ERROR \[\w+\]\s*/, '')).join('\n');
  if (text.trim() === '')
    return indent('Nest printed nothing about why (is its logger switched off in createApp?).', 2);
  const [message, ...place] = summarizeError(text).split('\n');
  const nestMessage = /Nest (?:can't|cannot)[^\n]*|A circular dependency[^\n]*/.exec(text)?.[0];
  // Nest names the class whose constructor it could not serve, not its file: the learner's next step is there.
  const className = /resolve dependencies of the (\w+)/.exec(text)?.[1];
  const declared = className && srcDir ? whereDeclared(srcDir, className) : undefined;
  const lines = [
    nestMessage ?? message,
    ...(declared ? [`${className} is declared at ${declared}.`] : place),
    '',
    ...usualBootCauses(appLines.join('\n')),
  ];
  return indent(lines.join('\n'), 2);
}

/** The file and line, from the course's root, where `class <name>` is declared in the app's sources. */
function whereDeclared(srcDir: string, name: string): string | undefined {
  const declaration = new RegExp(`^\\s*(?:export\\s+)?(?:abstract\\s+)?class\\s+${name}\\b`);
  for (const entry of readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const file = path.join(srcDir, entry);
    const lines = readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => declaration.test(line));
    if (index >= 0) return `${path.relative(process.cwd(), file)}:${index + 1}`;
  }
  return undefined;
}
