import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { findFreePort } from '../../scripts/lib/net/ports.js';

/** Runs `npm run lesson 1 -- --no-watch …` until its output shows `until`, then stops it with SIGINT. */
async function lessonUntil(
  args: string[],
  env: NodeJS.ProcessEnv,
  until: RegExp,
  whileRunning: () => Promise<unknown> = async () => undefined,
  within = 90_000,
): Promise<{ output: string; during: unknown }> {
  const child = spawn(process.execPath, ['scripts/lesson.js', '1', '--no-watch', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${until} within ${within} ms; the output was:\n${output}`)),
        within,
      );
      const look = (chunk: Buffer) => {
        output += chunk;
        if (until.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`npm run lesson stopped before ${until}:\n${output}`));
      });
    });
    return { output, during: await whileRunning() };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

function fetchStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.setTimeout(10_000, () => request.destroy(new Error(`${url}: no answer within 10 s`)));
    request.on('error', reject);
  });
}

describe('npm run lesson serves the lesson page', () => {
  test('on COURSE_PORT, printing its URL, while the app runs', async () => {
    const [port, coursePort] = [await findFreePort(), await findFreePort()];
    const both = /Lesson page: http[^\n]*\n[\s\S]*listening|listening[\s\S]*Lesson page: http/;
    const { output, during } = await lessonUntil(
      [],
      { PORT: String(port), COURSE_PORT: String(coursePort) },
      both,
      () => fetchStatus(`http://localhost:${coursePort}/lessons/1`),
    );
    expect(output).toContain(`Lesson page: http://localhost:${coursePort}/lessons/1\n`);
    expect(during).toBe(200);
  }, 150_000);

  test('-- --no-web skips it', async () => {
    const [port, coursePort] = [await findFreePort(), await findFreePort()];
    const { output } = await lessonUntil(
      ['--no-web'],
      { PORT: String(port), COURSE_PORT: String(coursePort) },
      /listening/,
    );
    expect(output).not.toContain('Lesson page');
    await expect(fetchStatus(`http://127.0.0.1:${coursePort}/`)).rejects.toThrow(/ECONNREFUSED/);
  }, 150_000);

  test('a port in use is one clear line, and the app runs without its page', async () => {
    const [port, coursePort] = [await findFreePort(), await findFreePort()];
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(coursePort, resolve));
    try {
      const { output } = await lessonUntil([], { PORT: String(port), COURSE_PORT: String(coursePort) }, /listening/);
      expect(output).toContain(
        `Lesson page not served: port ${coursePort} is already in use (another npm run lesson still running?). Stop it, or choose another port: COURSE_PORT=${coursePort + 10} npm run lesson 1\n`,
      );
      expect(output).not.toContain('Lesson page: http');
    } finally {
      blocker.close();
    }
  }, 150_000);
});
