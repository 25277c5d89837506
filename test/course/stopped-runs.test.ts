import { execFileSync, spawn } from 'node:child_process';
import { expect, test } from '@jest/globals';
import { checkCommand, spawnCheckCommand, type CheckLine } from '../../scripts/lib/checks/check-command.js';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { hasRedisServer } from '../../scripts/lib/net/redis-server.js';
import { killProcessGroup } from '../../scripts/lib/net/process-group.js';
import { CHECK, plainEnv, runNode } from './run-node.js';

// Lesson 4's checks start private redis-servers: a run stopped halfway must not leave one behind.
const withRedis = hasRedisServer() ? test : test.skip;

/**
 * The stall these tests wait for: longer than a check file takes to compile from a cold cache on a busy machine
 * (a fresh clone's first run blocks the event loop that long, and is not stuck), far shorter than the 45 s of a run.
 */
const STALL_SECONDS = 8;

/** The live processes (zombies aside) of process group `group`, as `pid command` lines. */
function processesOfGroup(group: number): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,comm='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, pgid, stat]) => Number(pgid) === group && !stat?.startsWith('Z'))
    .map(([pid, , , command]) => `${pid} ${command}`);
}

/** Resolves once a redis-server runs in the group; rejects if the run ends first or after `ms`. */
async function redisStartsIn(group: number, ended: Promise<unknown>, ms = 60_000): Promise<void> {
  let over = false;
  void ended.then(() => (over = true));
  const deadline = performance.now() + ms;
  while (!processesOfGroup(group).some((line) => line.endsWith('redis-server'))) {
    if (over) throw new Error('the run ended before it started a redis-server');
    if (performance.now() > deadline) throw new Error(`no redis-server started within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves once the group has no live process; rejects, naming what is left, after `ms`. */
async function groupEmpties(group: number, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    const left = processesOfGroup(group);
    if (left.length === 0) return;
    if (performance.now() > deadline) throw new Error(`still running in group ${group}: ${left.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

withRedis(
  'a stopped check run takes its private redis-server with it',
  async () => {
    let firstResult: () => void = () => {};
    const resultHeard = new Promise<void>((resolve) => (firstResult = resolve));
    const { child, done, stop } = spawnCheckCommand(checkCommand(4, { solution: true }), {
      env: plainEnv(),
      deadlineMs: 90_000,
      onLine: (line: CheckLine) => {
        if (line.type === 'result') firstResult();
      },
    });
    const group = child.pid as number;
    try {
      // By its first result the run has started Redis for it.
      await Promise.race([resultHeard, done.then(({ why }) => Promise.reject(new Error(`the run ${why}`)))]);
      expect(processesOfGroup(group).some((line) => line.endsWith('redis-server'))).toBe(true);
      stop();
      expect((await done).why).toBe('was stopped by SIGKILL');
      await groupEmpties(group);
    } finally {
      killProcessGroup(group);
    }
  },
  120_000,
);

withRedis(
  'check.js on SIGTERM stops its redis-server and says why',
  async () => {
    // A group of its own only to find what the run started; nothing kills the group but the test's own cleanup.
    const child = spawn(process.execPath, checkCommand(4, { solution: true }), {
      cwd: REPO_ROOT,
      env: plainEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const group = child.pid as number;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      await redisStartsIn(group, exited);
      process.kill(group, 'SIGTERM');
      expect(await exited).toBe(143);
      expect(stderr).toContain('The checks were stopped (SIGTERM); no results were recorded.');
      expect(stderr).not.toContain('something in the app ended the process');
      await groupEmpties(group);
    } finally {
      killProcessGroup(group);
    }
  },
  120_000,
);

test('an app that calls process.exit while it is checked: the run says so', async () => {
  const { code, stderr } = await runNode([...CHECK, '1', '--tree', 'test/fixtures/exiting-app']);
  expect(code).toBe(3);
  expect(stderr).toContain('The checks stopped early (exit code 3): something in the app ended the process');
}, 60_000);

test('an app that loops without end while it is checked: the run ends after the stall and says why', async () => {
  const started = performance.now();
  const { code, stderr } = await runNode(
    [...CHECK, '1', '--tree', 'test/fixtures/looping-app'],
    { COURSE_STALL_WATCH: String(STALL_SECONDS) },
    60_000,
  );
  expect(code).not.toBe(0);
  expect(stderr).toContain(
    `The checks of test/fixtures/looping-app/01-gateway-basics stopped: for ${STALL_SECONDS} s nothing could run`,
  );
  expect(stderr).toContain('a loop that never ends and never waits');
  expect(performance.now() - started).toBeLessThan(45_000);
}, 60_000);

test('every lesson checked at once, two of them looping: each stall names its own lesson once, the others still report, and Next names the first', async () => {
  const started = performance.now();
  const { code, stdout, stderr } = await runNode(
    [...CHECK, '--tree', 'test/fixtures/looping-app'],
    { COURSE_STALL_WATCH: String(STALL_SECONDS) },
    90_000,
  );
  expect(code).not.toBe(0);
  // One message per looping lesson (a killed worker's file is not run again), and none for the others.
  const stalls = [...stderr.matchAll(/The checks of test\/fixtures\/looping-app\/(\S+) stopped: for \d+ s/g)].map(
    ([, lesson]) => lesson,
  );
  expect(stalls.sort()).toEqual(['01-gateway-basics', '04-redis-scaling']);
  expect(stdout).toContain(
    'checks/01-gateway-basics.check.ts stopped before its checks ended: nothing could run in the process that ran them.',
  );
  expect(stdout).not.toContain('threw an error nothing handled');
  expect(stdout).not.toContain('jest worker');
  // Lessons 2 and 3 (absent from this tree) still report their checks.
  expect(stdout).toMatch(/2 {3}Authenticating and guarding socket connections +0\/\d+/);
  expect(stdout).toContain("Next: lesson 1's checks could not all run (see above): fix that first.");
  expect(performance.now() - started).toBeLessThan(60_000);
}, 120_000);

withRedis(
  'an app that loops without end once lesson 4 started its Redis: the run ends, and its redis-servers with it',
  async () => {
    const child = spawn(process.execPath, [...CHECK, '4', '--tree', 'test/fixtures/looping-app'], {
      cwd: REPO_ROOT,
      env: plainEnv({ COURSE_STALL_WATCH: String(STALL_SECONDS) }),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const ended = new Promise((resolve) => child.on('exit', resolve));
    const group = child.pid as number;
    try {
      await redisStartsIn(group, ended);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        ended,
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('the run did not end within 30 s')), 30_000)),
        ),
      ]).finally(() => clearTimeout(timer));
      expect(stderr).toContain(`stopped: for ${STALL_SECONDS} s nothing could run`);
      await groupEmpties(group);
    } finally {
      killProcessGroup(group);
    }
  },
  60_000,
);
