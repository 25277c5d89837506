import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import { createCourseSite } from '../../scripts/web/server.js';

/** A check run that reports two results and its end, slowly enough to be seen running. */
const FAKE_RUN = `
const write = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
console.log('noise that is not JSON');
write({ type: 'result', title: 'first', status: 'passed', task: 1, hints: [], baseline: false, ms: 1 });
setTimeout(() => {
  write({ type: 'result', title: 'second', status: 'failed', task: 2, message: 'Expected 1, saw 2', hints: ['h1', 'h2'], baseline: false, ms: 2 });
  write({ type: 'end', passed: 1, failed: 1, skipped: 0, total: 2, bootFailure: false, suiteErrors: [] });
}, 300);
`;

// Diffs read git and check runs spawn node: on a busy machine that takes a while.
jest.setTimeout(60_000);

let dir: string;
let site: ReturnType<typeof createCourseSite>;
let port: number;
let app: Server;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'course-site-'));
  // Hints are recorded in the progress file: a file of this test's own.
  process.env.COURSE_PROGRESS_FILE = path.join(dir, 'progress.json');
  const script = path.join(dir, 'fake-run.mjs');
  writeFileSync(script, FAKE_RUN);
  app = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization ?? null,
        cookie: req.headers.cookie ?? null,
      }),
    );
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  site = createCourseSite({
    solution: false,
    apps: { 1: [(app.address() as AddressInfo).port] },
    env: { ...process.env, COURSE_PROGRESS_FILE: path.join(dir, 'progress.json') },
    checkCommand: () => [script],
  });
  port = await site.listen(0);
});

afterAll(async () => {
  await site?.close();
  await new Promise((resolve) => app?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request: the path is sent as written, and Host and Origin are what the test says. */
function ask(method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path: target, headers: { host: `localhost:${port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${target}: no answer within 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The site's event stream until `until` matches what arrived, with a deadline. */
function readEvents(
  lesson: number,
  until: RegExp,
  onOpen: () => void = () => undefined,
  within = 45_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = request(
      { host: '127.0.0.1', port, path: `/api/lessons/${lesson}/events`, headers: { host: `localhost:${port}` } },
      (res) => {
        res.on('data', (chunk) => {
          if (text === '') onOpen();
          text += chunk;
          if (until.test(text)) {
            clearTimeout(timer);
            req.destroy();
            resolve(text);
          }
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`the event stream did not show ${until} within ${within} ms; it sent:\n${text}`));
    }, within);
    req.on('error', () => undefined);
    req.end();
  });
}

const own = () => ({ origin: `http://localhost:${port}` });

describe('pages', () => {
  test('the index lists the lessons with their progress', async () => {
    const { status, body } = await ask('GET', '/');
    expect(status).toBe(200);
    expect(body).toContain('<a href="/lessons/1">WebSocket gateways with the Socket.IO adapter</a>');
    expect(body).toContain('not checked yet');
  });

  test('a lesson page has the lesson, its TODOs as editor links, and the controls', async () => {
    const { status, headers, body } = await ask('GET', '/lessons/1');
    expect(status).toBe(200);
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(body).toContain('Lesson 1: WebSocket gateways with the Socket.IO adapter</h1>');
    expect(body).toMatch(
      /<a href="vscode:\/\/file\/[^"]+\/lessons\/01-gateway-basics\/src\/chat\/chat\.gateway\.ts:\d+:1"/,
    );
    expect(body).toContain('>Run checks</button>');
    expect(body).toContain('"groups":["Given · what the starter already does","Task 1 · Open the gateway"');
    expect(body).toContain('/vendor/socket.io.min.js');
  });

  test('an unknown lesson is a 404 page', async () => {
    expect((await ask('GET', '/lessons/9')).status).toBe(404);
  });

  test('the libraries come from their installed packages', async () => {
    const io = await ask('GET', '/vendor/socket.io.min.js');
    expect(io.status).toBe(200);
    expect(io.headers['content-type']).toContain('text/javascript');
    expect(io.body).toContain('Socket.IO');
    expect((await ask('GET', '/vendor/highlight.css')).status).toBe(200);
    expect((await ask('GET', '/vendor/diff2html.css')).status).toBe(200);
    expect((await ask('GET', '/vendor/package.json')).status).toBe(404);
    expect((await ask('GET', '/assets/site.css')).status).toBe(200);
    expect((await ask('GET', '/assets/..%2fserver.js')).status).toBe(404);
  });
});

describe('safety', () => {
  test('a foreign Host is refused (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `localhost:${port + 1}`, `[::1]:${port}`]) {
      const { status, body } = await ask('GET', '/lessons/1', { host });
      expect([host, status]).toEqual([host, 421]);
      expect(body).not.toContain('Lesson 1');
    }
  });

  test('actions are POST only, and only from the site itself', async () => {
    expect((await ask('GET', '/api/lessons/1/runs')).status).toBe(405);
    expect((await ask('POST', '/api/lessons/1/runs')).status).toBe(403);
    expect((await ask('POST', '/api/lessons/1/runs', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await ask('POST', '/api/lessons/1/hint', { origin: `http://localhost:${port + 1}` })).status).toBe(403);
    expect((await ask('POST', '/relay/1/0/auth/login', { origin: 'https://evil.example' })).status).toBe(403);
    expect(site.runs.channel(findLesson('1')).runNumber).toBe(0);
  });

  test('no file of the lesson trees is served: no page needs one, and the solutions are among them', async () => {
    for (const target of [
      '/files/lessons/01-gateway-basics/src/main.ts',
      '/files/solutions/01-gateway-basics/src/app.ts',
    ]) {
      const { status, body } = await ask('GET', target);
      expect([target, status]).toEqual([target, 404]);
      expect(body).not.toContain('createApp');
    }
  });

  test('the guard reads the path the router uses: dot segments and double slashes are no way around it', async () => {
    for (const target of [
      '/./api/lessons/1/diff',
      '/%2e/api/lessons/1/diff',
      '/lessons/../api/lessons/1/diff',
      '/relay/2/0/../../api/lessons/1/diff',
    ]) {
      const { status } = await ask('GET', target, { 'sec-fetch-site': 'cross-site' });
      expect([target, status]).toEqual([target, 403]);
    }
    for (const target of ['//x/api/lessons/1/diff', '/\\x/api/lessons/1/diff', 'api/lessons/1/diff']) {
      const { status } = await ask('GET', target);
      expect([target, status]).toEqual([target, 400]);
    }
    // Read as the router reads it, /./api/… is the API.
    expect((await ask('GET', '/./api/lessons/1/diff?from=starter')).status).toBe(200);
  });

  test('data is not served to a request another site made', async () => {
    expect((await ask('GET', '/api/lessons/1/diff', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await ask('GET', '/relay/1/0/health', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });
});

describe('checks and hints', () => {
  test('Run checks streams each result, then the end; one run at a time', async () => {
    const events = readEvents(1, /event: end/);
    const first = await ask('POST', '/api/lessons/1/runs', own());
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toEqual({ run: 1 });
    expect((await ask('POST', '/api/lessons/1/runs', own())).status).toBe(409);
    const text = await events;
    expect(text).toMatch(/event: run\nid: \d+\ndata: \{"run":1,"lesson":1,"tree":"lessons"/);
    expect(text).toContain('event: result');
    expect(text).toContain('"title":"second","status":"failed"');
    expect(text).toMatch(/event: end\nid: \d+\ndata: \{"run":1,"passed":1,"failed":1/);
    expect(text).not.toContain('noise');
    // A page that opens later gets the latest run.
    expect(await readEvents(1, /event: end/)).toContain('"title":"first"');
  });

  test('saving a file of the lesson is an event (for "Check on save")', async () => {
    // Once the stream's first bytes arrive, the site watches the lesson's files: touch one.
    const touch = () => {
      const now = new Date();
      utimesSync(path.join(findLesson('1').starterDir, 'src', 'main.ts'), now, now);
    };
    await readEvents(1, /event: saved\nid: \d+\ndata: \{"file":"lessons\/01-gateway-basics\/src\/main\.ts"\}/, touch);
  });

  test('More hint answers with the tiers shown so far', async () => {
    const { status, body } = await ask('POST', '/api/lessons/2/hint', own());
    expect(status).toBe(200);
    expect(JSON.parse(body)).toHaveProperty('hints');
  });

  test('the diff is HTML', async () => {
    const { status, body } = await ask('GET', '/api/lessons/1/diff?from=starter');
    expect(status).toBe(200);
    expect(JSON.parse(body).html).toContain('d2h-file-wrapper');
  });
});

describe('the relay to the running app', () => {
  test('forwards method, path, query and authorization; drops CORS headers and cookies', async () => {
    const { status, headers, body } = await ask(
      'POST',
      '/relay/1/0/auth/login?x=1',
      { ...own(), authorization: 'Bearer t', cookie: 'a=b', 'content-type': 'application/json' },
      '{}',
    );
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({
      method: 'POST',
      url: '/auth/login?x=1',
      authorization: 'Bearer t',
      cookie: null,
    });
    expect(headers['access-control-allow-origin']).toBeUndefined();
  });

  test('reaches only the app the course runs', async () => {
    expect((await ask('GET', '/relay/2/0/health')).status).toBe(404);
    expect((await ask('GET', '/relay/1/1/health')).status).toBe(404);
  });
});
