import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './lib/course/catalog.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { classroomWorkflow } from './lib/grade/classroom-workflow.js';
import { runCommand } from './lib/cli/usage-error.js';

/** Writes the GitHub Classroom workflow, a step per task of every lesson, to docs/classroom-workflow.yml (or stdout). */
export const WORKFLOW_FILE = path.join(REPO_ROOT, 'docs', 'classroom-workflow.yml');

const spec = {
  command: 'npm run classroom-workflow',
  usage: 'npm run classroom-workflow [-- --stdout]',
  flags: {
    stdout: {
      type: /** @type {const} */ ('boolean'),
      describe: 'print it instead of writing docs/classroom-workflow.yml',
    },
  },
  maxPositionals: 0,
};

await runCommand(async () => {
  const { flags } = parseCommandArgs(spec);
  const workflow = classroomWorkflow();
  if (flags.stdout) {
    process.stdout.write(workflow);
  } else {
    writeFileSync(WORKFLOW_FILE, workflow);
    console.log(
      `Wrote ${path.relative(process.cwd(), WORKFLOW_FILE)}: copy it to .github/workflows/classroom.yml in the template repository.`,
    );
  }
  return 0;
});
