import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError, BenchFailure } from '../cli/usage-error.js';
import { findFreePort, waitForPort } from './ports.js';

const START_DEADLINE_MS = 5000;
const STOP_DEADLINE_MS = 3000;

/**
 * A redis-server of the bench's own, on a free loopback port, saving nothing
 * to disk (as checks/support/redis-server.ts starts one for the checks); stopped by its PID.
 */
export class PrivateRedis {
  static async start() {
    if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
      throw new UsageError('npm run bench 4 -- --solution needs redis-server on the PATH (sudo apt-get install redis-server, or brew install redis)');
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'course-bench-redis-'));
    const port = await findFreePort();
    const redis = new PrivateRedis(port, dir);
    redis.child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    redis.child.once('exit', () => (redis.child = undefined));
    const up = await waitForPort(port, { listening: true, deadlineMs: START_DEADLINE_MS, gaveUp: () => redis.child === undefined });
    if (up === undefined) {
      await redis.stop();
      throw new BenchFailure(`redis-server did not listen on port ${port} within ${START_DEADLINE_MS} ms`);
    }
    return redis;
  }

  /** @param {number} port @param {string} dir */
  constructor(port, dir) {
    this.port = port;
    this.dir = dir;
    this.url = `redis://127.0.0.1:${port}`;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
  }

  async stop() {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
