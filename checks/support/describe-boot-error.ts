import { summarizeError } from '../../scripts/lib/error-summary.js';
import { indent } from '../../scripts/lib/text.js';

/**
 * A boot error as a learner needs it: the message and the place in the
 * lesson's own code, not a stack through Nest, swc and Jest.
 */
export function describeBootError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  const cycle = /before initialization/.test(text)
    ? [
        '',
        'Two files import each other, so one of them reads the other before it is defined. For modules that',
        'need each other, write forwardRef(() => OtherModule) on both sides, or move what they share into a third module.',
      ]
    : [];
  return indent([summarizeError(text), ...cycle].join('\n'), 2);
}

/**
 * When Nest cannot build an app it logs why and ends the process; the harness
 * refuses the exit, so all there is to go on is what Nest logged.
 */
export function describeNestBootLog(appLines: string[]): string {
  const text = appLines.map((line) => line.replace(/^app: /, '').replace(/^ERROR \[\w+\]\s*/, '')).join('\n');
  if (text.trim() === '') return indent('Nest printed nothing about why (is its logger switched off in createApp?).', 2);
  const [message, ...place] = summarizeError(text).split('\n');
  const nestMessage = /Nest (?:can't|cannot)[^\n]*|A circular dependency[^\n]*/.exec(text)?.[0];
  const lines = [nestMessage ?? message, ...place, '', ...usualCauses(text)];
  return indent(lines.join('\n'), 2);
}

function usualCauses(text: string): string[] {
  if (/can't resolve dependencies/.test(text)) {
    return [
      'The usual causes:',
      "- the class is missing from its module's `providers`, or the module that exports it is not in `imports`;",
      '- the parameter is typed with an interface or a type-only import (`import type`): Nest needs a class or an @Inject(token);',
      '- two files import each other, so the class is still undefined when the decorator reads it.',
    ];
  }
  if (/circular dependency|cannot create the \w+ instance|is undefined/i.test(text)) {
    return [
      'The usual causes:',
      '- two modules import each other: wrap one side in forwardRef(() => OtherModule), or move what they share into a third module;',
      "- a module's `imports` holds something undefined: a typo, or a circular import between files.",
    ];
  }
  return ['Your code threw while Nest created the app: a constructor, a provider factory or a decorator argument (see the line above).'];
}
