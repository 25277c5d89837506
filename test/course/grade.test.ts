import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { runNode } from './run-node.js';

// Five learners of lesson 1, each a copy of the course as a learner hands it in.
const LESSON = '01-gateway-basics';
const SECRET = 'grader-secret-never-reaches-learners';
const TIMEOUT_S = 45;

let classDir: string;
let envFile: string;
let report: { learners: { name: string; tampered: string[]; lessons: Record<string, any>[] }[] };
let run: { code: number | null; stdout: string; stderr: string };

function learner(name: string, edit: (src: string) => void = () => {}): void {
  const src = path.join(classDir, name, 'lessons', LESSON, 'src');
  cpSync(path.join(REPO_ROOT, 'lessons', LESSON, 'src'), src, { recursive: true });
  cpSync(path.join(REPO_ROOT, 'checks'), path.join(classDir, name, 'checks'), { recursive: true });
  edit(src);
}

/** A module of the app runs `code` as it loads, before anything else. */
function atLoad(src: string, code: string): void {
  const app = path.join(src, 'app.ts');
  writeFileSync(app, `${code}\n${readFileSync(app, 'utf8')}`);
}

function grade(name: string) {
  const found = report.learners.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no learner ${name} in the report`);
  return { ...found, lesson: found.lessons[0] };
}

beforeAll(async () => {
  classDir = mkdtempSync(path.join(tmpdir(), 'course-class-'));
  envFile = path.join(classDir, 'seen-env.json');
  learner('finished', (src) => {
    rmSync(src, { recursive: true });
    cpSync(path.join(REPO_ROOT, 'solutions', LESSON, 'src'), src, { recursive: true });
  });
  learner('untouched');
  learner('hangs', (src) => {
    atLoad(src, 'for (;;) {}');
    appendFileSync(path.join(classDir, 'hangs', 'checks', `${LESSON}.check.ts`), '\n// every check passes now\n');
  });
  learner('snoops', (src) =>
    atLoad(
      src,
      [
        "import { spawn as spawnForever } from 'node:child_process';",
        "import { writeFileSync as writeSeen } from 'node:fs';",
        "const forever = spawnForever('sleep', ['600'], { stdio: 'ignore' });",
        `writeSeen(${JSON.stringify(envFile)}, JSON.stringify({ env: process.env, left: forever.pid }));`,
      ].join('\n'),
    ),
  );
  learner('typo', (src) => appendFileSync(path.join(src, 'chat', 'chat.gateway.ts'), '\nexport const broken = ;\n'));
  const out = path.join(classDir, 'grades.json');
  const learners = ['finished', 'untouched', 'hangs', 'snoops', 'typo'].map((name) => path.join(classDir, name));
  run = await runNode(
    ['scripts/grade.js', ...learners, '--lessons', '1', '--jobs', '2', '--timeout', String(TIMEOUT_S), '--json', out],
    { GRADER_TOKEN: SECRET, AWS_SECRET_ACCESS_KEY: SECRET },
    300_000,
  );
  report = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { learners: [] };
}, 320_000);

afterAll(() => rmSync(classDir, { recursive: true, force: true }));

describe('npm run grade on a class of five', () => {
  test('completes with exit code 0, whatever the learners scored, and prints the table', () => {
    expect(run.stderr).not.toMatch(/Error:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^learner\s+lesson 1\s+course files$/m);
    expect(run.stdout).toMatch(/^hangs\s+timed out\s+1 changed$/m);
  });

  test('a finished lesson passes every check and every task', () => {
    const { lesson, tampered } = grade('finished');
    expect(lesson).toMatchObject({ lesson: 1, status: 'passed', skipped: 0 });
    expect(lesson.passed).toBe(lesson.total);
    for (const task of lesson.tasks) expect(task.passed).toBe(task.total);
    expect(tampered).toEqual([]);
  });

  test('an untouched starter is partial: the given checks only, no task done', () => {
    const { lesson } = grade('untouched');
    expect(lesson.status).toBe('partial');
    expect(lesson.passed).toBeGreaterThan(0);
    expect(lesson.passed).toBeLessThan(lesson.total);
    expect(lesson.total).toBe(grade('finished').lesson.total);
    expect(lesson.tasks.every((task: { passed: number; total: number }) => task.passed < task.total)).toBe(true);
  });

  test('an app that never finishes loading times out, and the edited check is named', () => {
    const { lesson, tampered } = grade('hangs');
    expect(lesson.status).toBe('timed out');
    expect(lesson.passed).toBe(0);
    expect(lesson.seconds).toBeGreaterThanOrEqual(TIMEOUT_S);
    expect(lesson.seconds).toBeLessThan(TIMEOUT_S + 10);
    expect(tampered).toEqual([`checks/${LESSON}.check.ts`]);
  });

  test("learner code sees none of the grader's variables, and a process it started is gone", () => {
    const seen = JSON.parse(readFileSync(envFile, 'utf8'));
    expect(JSON.stringify(seen.env)).not.toContain(SECRET);
    expect(seen.env.HOME).not.toBe(process.env.HOME);
    expect(seen.env.NODE_ENV).toBe('test');
    // PWD is the course's folder, set by the shell that applies the CPU-time limit.
    const grader = new Set([
      'PATH',
      'HOME',
      'TMPDIR',
      'NODE_ENV',
      'NO_COLOR',
      'LANG',
      'PWD',
      'REDIS_URL',
      'COURSE_CHECKS_AT_ONCE',
    ]);
    const unexpected = Object.keys(seen.env).filter(
      (name) => !grader.has(name) && !name.startsWith('COURSE_') && !name.startsWith('JEST_'),
    );
    expect(unexpected).toEqual([]);
    expect(existsSync(seen.env.HOME)).toBe(false);
    expect(() => process.kill(seen.left, 0)).toThrow();
    expect(grade('snoops').lesson.status).toBe('partial');
  });

  test('a syntax error is a lesson that did not start, in one line that names the file', () => {
    const { lesson } = grade('typo');
    expect(lesson.status).toBe('did not start');
    expect(lesson.reason).toMatch(/chat\.gateway\.ts/);
    expect(lesson.reason).not.toContain('\n');
  });

  test('nothing of the grading is left: no graded copy, no check process', () => {
    expect(readGradeDirs()).toEqual([]);
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(processes).not.toContain(classDir);
    expect(processes).not.toMatch(/sleep 600/);
  });
});

function readGradeDirs(): string[] {
  const dir = path.join(REPO_ROOT, '.course', 'grade');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('bad input to npm run grade is one line and exit code 2', () => {
  let empty: string;
  beforeAll(() => {
    empty = mkdtempSync(path.join(tmpdir(), 'course-not-a-learner-'));
    mkdirSync(path.join(empty, 'src'));
  });
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  test.each([
    [['/nonexistent/alice'], 'npm run grade: no such directory: /nonexistent/alice'],
    [
      ['--lessons', '9', '.'],
      'npm run grade: --lessons: no lesson 9: lessons are 1 gateway-basics, 2 handshake-auth, 3 sse-push, 4 redis-scaling',
    ],
    [['--jobs', '0', '.'], "npm run grade: --jobs takes a whole number from 1 to 64, not '0'"],
    [['file:///nonexistent/learner.git'], /^npm run grade: cannot clone file:\/\/\/nonexistent\/learner\.git: .+$/],
    [[], /^npm run grade: name at least one learner\. Usage: npm run grade -- /],
  ])(
    '%j',
    async (args, message) => {
      const { code, stdout, stderr } = await runNode(['scripts/grade.js', ...args]);
      if (typeof message === 'string') expect(stderr).toBe(`${message}\n`);
      else expect(stderr.trimEnd()).toMatch(message);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    },
    60_000,
  );

  test('a folder without lessons/', async () => {
    const { code, stderr } = await runNode(['scripts/grade.js', empty]);
    expect(stderr).toBe(
      `npm run grade: ${empty} holds no lessons/ folder (give the learner's copy of the course: a clone, a download or an unpacked archive)\n`,
    );
    expect(code).toBe(2);
  }, 60_000);
});

describe('npm run check N -- --task K, one point per task in GitHub Classroom', () => {
  const CHECK = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', 'scripts/check.js'];

  test('exits 0 when the task passes (the solution) and 1 when it does not (the starter)', async () => {
    const solved = await runNode([...CHECK, '1', '--solution', '--task', '2'], {}, 120_000);
    expect(solved.stdout).toMatch(/^Task 2 · .+: (\d+)\/\1 checks pass$/m);
    expect(solved.code).toBe(0);
    const starter = await runNode([...CHECK, '1', '--tree', 'lessons', '--task', '2'], {}, 120_000);
    expect(starter.stdout).toMatch(/^Task 2 · .+: 0\/\d+ checks pass$/m);
    expect(starter.code).toBe(1);
  }, 250_000);

  test.each([
    [['1', '--task', '99'], /^npm run check: lesson 1 has no task 99; its tasks are 1 to \d+$/],
    [['--task', '1'], /^npm run check: --task needs a lesson, e\.g\. npm run check 1 -- --task 2$/],
  ])(
    'refuses %j in one line',
    async (args, message) => {
      const { code, stderr } = await runNode([...CHECK, ...args]);
      expect(stderr.trimEnd()).toMatch(message);
      expect(code).toBe(2);
    },
    60_000,
  );
});
