import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LESSON_FILE = /((?:file:\/\/)?\/[^\s():]+\/(?:lessons|solutions)\/[^\s():]+\.ts)(?::(\d+)(?::(\d+))?)?/;

/**
 * A boot error as a learner needs it: the message and the first place in the
 * lesson's own code, as `file:line:column`, instead of a stack through Nest and Jest.
 */
export function describeBootError(error: unknown): string {
  if (!(error instanceof Error)) return `  ${String(error)}`;
  const message = stripAnsi(error.message).trim();
  const place = firstLessonFrame(`${error.stack ?? ''}\n${message}`);
  const lines = [`  ${error.name}: ${message.split('\n').join('\n  ')}`];
  if (place && !message.includes(place)) lines.push(`  at ${place}`);
  return lines.join('\n');
}

function firstLessonFrame(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const match = LESSON_FILE.exec(line);
    if (!match) continue;
    const file = path.relative(REPO_ROOT, match[1].replace(/^file:\/\//, ''));
    return [file, match[2], match[3]].filter(Boolean).join(':');
  }
  return undefined;
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
