import { createInterface } from 'node:readline';
import { findLesson } from './lib/course/catalog.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { renderMarkdown } from './lib/cli/markdown-terminal.js';
import { colorEnabled, colors, indent } from './lib/cli/terminal.js';
import { readRecap } from './lib/course/recap.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';

/**
 * `npm run recap N`: what lesson N taught, then its questions. In a terminal
 * each answer waits for Enter, so that the learner answers first; piped, or
 * with --answers, it prints the questions and says how to see the answers.
 */
const spec = {
  command: 'npm run recap',
  usage: 'npm run recap <lesson> [-- --answers]',
  flags: {
    answers: {
      type: /** @type {const} */ ('boolean'),
      describe: 'print every answer under its question, without waiting',
    },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  if (positionals.length === 0) throw new UsageError(`npm run recap: which lesson? Usage: ${spec.usage}`);
  const lesson = findLesson(positionals[0]);
  const { canNow, questions } = readRecap(lesson);
  const width = Math.min(process.stdout.columns || 100, 100);
  /** @param {string} source */
  const md = (source) => renderMarkdown(source, { color: colorEnabled(), width: width - 4 }).trimEnd();

  console.log(colors.cyan(colors.bold(`Lesson ${lesson.number} · ${lesson.title}: recap`)));
  if (canNow.length > 0) {
    console.log('\nYou can now:');
    console.log(md(canNow.map((item) => `- ${item}`).join('\n')));
  }
  if (questions.length === 0) {
    console.log(colors.dim(`\nLesson ${lesson.number} has no questions yet.`));
    return 0;
  }
  const interactive = !flags.answers && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const ask = interactive ? lineReader() : undefined;
  console.log(
    colors.dim(
      interactive
        ? `\n${questions.length} questions. Answer each one in your head (or aloud), then press Enter to see the answer.`
        : `\n${questions.length} questions. Answer each one before you read on.`,
    ),
  );
  try {
    for (const [index, { question, answer }] of questions.entries()) {
      const [first, ...rest] = md(question).trim().split('\n');
      console.log(`\n${colors.bold(`${index + 1}. `)}${[first, ...rest.map((line) => `   ${line}`)].join('\n')}`);
      if (flags.answers) {
        console.log(`\n${indent(md(answer), 3)}`);
      } else if (ask) {
        const line = await ask(colors.dim('   (Enter shows the answer) '));
        if (line === undefined) return 0;
        // A blank line after the prompt, whether the terminal echoed the Enter or it was typed ahead.
        console.log(`\n${indent(md(answer), 3)}`);
      }
    }
  } finally {
    ask?.close();
  }
  if (!flags.answers && !interactive) {
    console.log(
      colors.dim(
        `\nThe answers: npm run recap ${lesson.number} -- --answers, or at the end of the lesson page, one at a time.`,
      ),
    );
  }
  return 0;
});

/**
 * One line from the terminal per call; undefined once it is closed (Ctrl+D,
 * Ctrl+C). Lines typed ahead wait in a queue rather than being lost.
 * @returns {((prompt: string) => Promise<string | undefined>) & { close: () => void }}
 */
function lineReader() {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  /** @type {string[]} */
  const typed = [];
  /** @type {((line: string | undefined) => void) | undefined} */
  let waiting;
  let closed = false;
  rl.on('line', (line) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(line);
    } else typed.push(line);
  });
  rl.on('close', () => {
    closed = true;
    waiting?.(undefined);
  });
  /** @param {string} prompt @returns {Promise<string | undefined>} */
  const ask = (prompt) => {
    process.stdout.write(prompt);
    if (typed.length > 0) return Promise.resolve(typed.shift());
    if (closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      waiting = resolve;
    });
  };
  return Object.assign(ask, { close: () => rl.close() });
}
