import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { findFreePort } from '../../scripts/lib/net/ports.js';
import { CHECK, plainEnv, runNode } from './run-node.js';

const LESSONS = 'lessons are 1 gateway-basics, 2 handshake-auth, 3 sse-push, 4 redis-scaling';

describe('bad input gets one line and exit code 2', () => {
  test.each([
    [['scripts/lesson.js', '9'], `no lesson 9: ${LESSONS}`],
    [[...CHECK, '9'], `no lesson 9: ${LESSONS}`],
    [['scripts/hint.js', 'abc'], `no lesson abc: ${LESSONS}`],
    [['scripts/diff.js'], 'npm run diff: which lesson? Usage: npm run diff <lesson> [-- --mine] [-- --yes]'],
    [['scripts/reset.js', '1'], 'npm run reset: no terminal to confirm on; add -- --yes to reset without asking'],
    [
      [...CHECK, '1', '--solutoin'],
      "npm run check: unknown option '--solutoin'. Usage: npm run check [lesson] [-- --solution] [-- --watch] [-- --all]",
    ],
    [
      ['scripts/lesson.js', '4', '--instances', 'lots'],
      'npm run lesson: --instances takes a number from 1 to 4, got "lots"',
    ],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await runNode(args);
    expect(stderr).toBe(`${message}\n`);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});

describe('npm run lesson', () => {
  test('without a lesson, lists the lessons with their progress', async () => {
    const { code, stdout } = await runNode(['scripts/lesson.js'], {
      COURSE_PROGRESS_FILE: '/nonexistent/progress.json',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/1\s+WebSocket gateways with the Socket.IO adapter\s+–\s+not checked yet/);
    expect(stdout).toMatch(/4\s+Scaling realtime with a Redis pub\/sub adapter/);
  });

  test('names the first lesson not finished yet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'course-table-'));
    try {
      const file = path.join(dir, 'progress.json');
      const run = (passed: number, failed: number) => ({
        passed,
        failed,
        skipped: 0,
        total: passed + failed,
        at: '2026-11-23T00:00:00Z',
        checks: [],
      });
      writeFileSync(
        file,
        JSON.stringify({ lessons: { '01-gateway-basics': run(15, 0), '02-handshake-auth': run(3, 9) } }),
      );
      const { stdout } = await runNode(['scripts/lesson.js'], { COURSE_PROGRESS_FILE: file });
      expect(stdout).toContain('Next: npm run lesson 2    Check your work: npm run check 2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('-- --no-watch renders the lesson, lists the TODOs and serves the app on PORT', async () => {
    const port = await findFreePort();
    const child = spawn(process.execPath, ['scripts/lesson.js', '1', '--no-watch'], {
      cwd: REPO_ROOT,
      env: plainEnv({ PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const output = await outputUntil(child, `listening on http://127.0.0.1:${port}`, 15_000);
      expect(output).toContain('Lesson 1: WebSocket gateways with the Socket.IO adapter');
      // The goal and the list of tasks; each task's teaching is one command away, not scrolled past.
      expect(output).toMatch(/^1\. Open the gateway\./m);
      expect(output).not.toContain('Task 1 · Open the gateway');
      expect(output).toMatch(/npm run\s+lesson 1 -- --task 1\s+prints task 1's, and -- --print\s+the whole lesson/);
      expect(output).toMatch(
        /TODO 1 {2}lessons\/01-gateway-basics\/src\/chat\/chat\.gateway\.ts:\d+\n {6}the class below becomes the gateway/,
      );
      expect(output).toContain(`▶ http://localhost:${port}`);
      // The starter has no gateway yet (that is the lesson); its HTTP side answers.
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 30_000);

  test("-- --print prints the whole lesson, each task's teaching included, and stops", async () => {
    const { code, stdout } = await runNode(['scripts/lesson.js', '1', '--print']);
    expect(code).toBe(0);
    expect(stdout).toContain('Task 1 · Open the gateway');
    expect(stdout).toContain('What the checks expect.');
  });

  test("-- --task 2 prints task 2's teaching and its TODOs, no other task's, and stops; a task it lacks is named", async () => {
    const { code, stdout } = await runNode(['scripts/lesson.js', '1', '--task', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Task 2 · /m);
    expect(stdout).toContain('What the checks expect.');
    expect(stdout).not.toMatch(/^Task [13] · /m);
    expect(stdout).toMatch(/Its TODOs \(\d+\):\n {2}lessons\/01-gateway-basics\/src\//);
    expect(stdout).toContain('npm run check 1 -- --task 2');
    const wrong = await runNode(['scripts/lesson.js', '1', '--task', '99']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/lesson 1 has no task 99; its tasks are 1 to \d+/);
  });

  test('a port in use is named, with the way out', async () => {
    const blocker = await listen();
    try {
      const port = (blocker.address() as { port: number }).port;
      const { code, stderr } = await runNode(['scripts/lesson.js', '1', '--no-watch'], { PORT: String(port) });
      expect(stderr).toContain(`port ${port} is already in use`);
      expect(stderr).toContain(`PORT=${port + 10} npm run lesson 1`);
      expect(code).toBe(2);
    } finally {
      blocker.close();
    }
  });
});

describe('npm run diff and hint', () => {
  test('diff shows the exercise: starter → solution', async () => {
    const { code, stdout } = await runNode(['scripts/diff.js', '01']);
    expect(code).toBe(0);
    expect(stdout).toContain('--- lessons/01-gateway-basics/src/chat/chat.gateway.ts');
    expect(stdout).toMatch(/^\+\s+return 'pong';$/m);
    expect(stdout).toContain(
      "-// TODO 1: the class below becomes the gateway of this lesson's namespace (Your tasks, 1)",
    );
    expect(stdout).toMatch(/\d+ files differ: \+\d+ −\d+ lines\./);
  });

  test('while checks fail, diff asks first and offers the next hint; --yes shows it, and it asks no more', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'course-gate-'));
    const progress = path.join(dir, 'progress.json');
    writeFileSync(
      progress,
      JSON.stringify({
        lessons: {
          '01-gateway-basics': {
            checks: [
              { title: 'a', status: 'passed' },
              { title: 'b', status: 'failed', task: 2 },
            ],
          },
        },
      }),
    );
    try {
      const asked = await runNode(['scripts/diff.js', '1'], { COURSE_PROGRESS_FILE: progress });
      expect(asked.code).toBe(2);
      expect(asked.stdout).toBe('');
      expect(asked.stderr).toContain("Your last run of lesson 1's checks passed 1 of 2");
      expect(asked.stderr).toContain('npm run hint 1');
      expect(asked.stderr).toContain('npm run diff 1 -- --yes');
      const shown = await runNode(['scripts/diff.js', '1', '--yes'], { COURSE_PROGRESS_FILE: progress });
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/files differ/);
      const again = await runNode(['scripts/diff.js', '1'], { COURSE_PROGRESS_FILE: progress });
      expect(again.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('diff --mine compares code only, and says how many TODO comments are left', async () => {
    const { code, stdout } = await runNode(['scripts/diff.js', '1', '--mine']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^-\s*\/\/ TODO/m);
    expect(stdout).toMatch(/\d+ TODO comments? left in your code \(not counted as differences\)\./);
  });

  test('hint before any check run says what to do first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'course-hint-'));
    try {
      const { code, stdout } = await runNode(['scripts/hint.js', '1'], {
        COURSE_PROGRESS_FILE: path.join(dir, 'progress.json'),
      });
      expect(stdout).toBe(
        'No checks have run for lesson 1 yet. Run npm run check 1 first.\n' +
          "To read a task's hints before then: npm run hint 1 -- --task 1\n",
      );
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, () => resolve(server));
  });
}

/** What the child printed, once it has printed `text`; rejects after `within` ms. */
function outputUntil(child: { stdout: Readable; stderr: Readable }, text: string, within: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`"${text}" did not appear within ${within} ms; the output was:\n${output}`)),
      within,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (!output.includes(text)) return;
      clearTimeout(timer);
      resolve(output);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

describe('npm run check -- --json (the course page runs the checks this way)', () => {
  test('prints each check as it finishes, then a summary, one JSON object per line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'course-json-'));
    try {
      const { code, stdout, stderr } = await runNode([...CHECK, '1', '--solution', '--json'], {
        COURSE_PROGRESS_FILE: path.join(dir, 'p.json'),
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      const results = lines.filter((line) => line.type === 'result');
      expect(results.length).toBeGreaterThan(5);
      expect(results.every((result) => result.status === 'passed' && typeof result.title === 'string')).toBe(true);
      expect(lines.at(-1)).toMatchObject({
        type: 'end',
        passed: results.length,
        failed: 0,
        total: results.length,
        bootFailure: null,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a --tree outside the course is refused, with the way to check it', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'course-outside-'));
    try {
      const { code, stderr } = await runNode([...CHECK, '1', '--tree', outside]);
      expect(code).toBe(2);
      expect(stderr).toContain(`--tree ${outside} is outside the course`);
      expect(stderr).toContain('copy it into the course first');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('--tree and --solution together are refused', async () => {
    const { code, stderr } = await runNode([...CHECK, '1', '--solution', '--tree', 'lessons']);
    expect(code).toBe(2);
    expect(stderr).toBe('npm run check: --solution and --tree name two trees; give one\n');
  });
});
