import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { lessonNamed, listLessons, listTasks, REPO_ROOT } from '../lib/course/catalog.js';
import { taskHeading } from '../lib/checks/check-output.js';
import { ProgressStore } from '../lib/progress/progress.js';
import { findTodos } from '../lib/course/todos.js';
import { readRecap, RECAP_SECTION } from '../lib/course/recap.js';
import { relayToApp } from './app-relay.js';
import { CheckRuns } from './check-runs.js';
import { editorLink } from './editor-link.js';
import { revealHintForPage } from './page-hints.js';
import { openEventStream } from './event-stream.js';
import { renderErrorPage, renderIndexPage, renderLessonPage } from './pages.js';
import { playgroundFor } from './playground-config.js';
import { refusal, routedPath } from './request-guard.js';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/** @typedef {import('../lib/course/catalog.js').Lesson} Lesson */

const PUBLIC_DIR = path.join(import.meta.dirname, 'public');

/** The libraries the page uses, served from their installed packages: no CDN. */
const VENDOR = /** @type {Record<string, string>} */ ({
  'socket.io.min.js': 'socket.io-client/dist/socket.io.min.js',
  'highlight.css': 'highlight.js/styles/github.min.css',
  'diff2html.css': 'diff2html/bundles/css/diff2html.min.css',
});

/**
 * @typedef {object} SiteOptions
 * @property {boolean} [solution]  the checks and the TODO list work on solutions/ instead of lessons/
 * @property {Record<number, number[]>} [apps] for each lesson whose app the course runs, its instances' ports
 * @property {string} [root]       the course root (tests)
 * @property {NodeJS.ProcessEnv} [env] for the check runs (tests move the progress file)
 * @property {(lesson: Lesson, solution: boolean) => string[]} [checkCommand] node's arguments for a check run (tests)
 */

/**
 * The course site: the lesson pages, their checks and hints, diffs, and the
 * playground's way to the running app. Listens on 127.0.0.1 only.
 * @param {SiteOptions} [options]
 */
export function createCourseSite(options = {}) {
  const solution = Boolean(options.solution);
  const apps = options.apps ?? {};
  const root = options.root ?? REPO_ROOT;
  const runs = new CheckRuns({ solution, env: options.env, command: options.checkCommand });
  let port = 0;
  /** @type {Set<ServerResponse>} */
  const streams = new Set();

  const server = createServer((request, response) => {
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('x-frame-options', 'DENY');
    const refused = refusal(request, port);
    if (refused) {
      sendJson(response, refused.status, { error: refused.reason });
      return;
    }
    route(request, response).catch((error) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error?.message ?? error) });
      else response.destroy();
    });
  });

  /** @param {IncomingMessage} request @param {ServerResponse} response */
  async function route(request, response) {
    // The guard let only targets through that routedPath reads: the router reads the path the guard read.
    const url = new URL(routedPath(request.url ?? '/') ?? '/', 'http://localhost');
    url.search = new URL(request.url ?? '/', 'http://localhost').search;
    const method = request.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean);
    const isGet = method === 'GET' || method === 'HEAD';

    if (url.pathname === '/' && isGet)
      return sendHtml(response, renderIndexPage({ lessons: listLessons(root), progress: readProgress() }));
    if (parts[0] === 'lessons' && parts.length === 2 && isGet) {
      const lesson = lessonFrom(parts[1]);
      return lesson ? sendHtml(response, lessonPage(lesson)) : notFound(response, `There is no lesson ${parts[1]}.`);
    }
    if (parts[0] === 'assets' && parts.length === 2 && isGet) return sendAsset(response, parts[1]);
    if (parts[0] === 'vendor' && parts.length === 2 && isGet) return sendVendor(response, parts[1]);
    if (parts[0] === 'api' && parts[1] === 'lessons' && parts.length === 4) {
      const lesson = lessonFrom(parts[2]);
      if (!lesson) return sendJson(response, 404, { error: `There is no lesson ${parts[2]}.` });
      const action = parts[3];
      if (action === 'events' && isGet) return streamEvents(request, response, lesson);
      if (action === 'diff' && isGet) {
        // While the learner's checks still fail, the page asks first, as npm run diff does.
        const gate = solution ? undefined : progressStore().solutionGate(lesson.slug);
        if (gate) return sendJson(response, 200, { gate });
        const { lessonDiff } = await import('./lesson-diff.js');
        const from = url.searchParams.get('from') === 'mine' ? 'mine' : 'starter';
        return sendJson(response, 200, lessonDiff(lesson, from));
      }
      if (action === 'solution-shown' && method === 'POST') {
        progressStore().markSolutionShown(lesson.slug);
        return sendJson(response, 200, { shown: true });
      }
      if (action === 'runs' && method === 'POST') {
        if (!existsSync(lesson.checkFile))
          return sendJson(response, 404, { error: `Lesson ${lesson.number} has no checks yet.` });
        const { started, run } = runs.start(lesson);
        return sendJson(
          response,
          started ? 202 : 409,
          started ? { run } : { run, error: 'A run of these checks is already going: its results are streaming in.' },
        );
      }
      if (action === 'hint' && method === 'POST')
        return sendJson(response, 200, revealHintForPage(lesson, progressStore()));
      if (['runs', 'hint', 'solution-shown'].includes(action))
        return sendJson(response, 405, { error: `${action} is an action: POST only.` });
    }
    if (parts[0] === 'relay' && parts.length >= 3) {
      const lesson = lessonFrom(parts[1]);
      const instance = Number(parts[2]);
      const ports = lesson ? apps[lesson.number] : undefined;
      if (!lesson || !ports || !Number.isInteger(instance) || ports[instance] === undefined) {
        return sendJson(response, 404, {
          error: `The course is not running lesson ${parts[1]}'s app${ports ? ` instance ${parts[2]}` : ''}. Start it with npm run lesson ${parts[1]}.`,
        });
      }
      const target = `/${parts.slice(3).join('/')}${url.search}`;
      return relayToApp(request, response, ports[instance], target);
    }
    return notFound(response, `Nothing here: ${url.pathname}`);
  }

  function progressStore() {
    return new ProgressStore(options.env?.COURSE_PROGRESS_FILE || undefined);
  }

  function readProgress() {
    return progressStore().read().lessons;
  }

  /** @param {string} arg */
  function lessonFrom(arg) {
    return lessonNamed(arg, root);
  }

  /** @param {Lesson} lesson */
  function lessonPage(lesson) {
    const readme = readReadme(lesson);
    // highlight.js is loaded with the first page, not when the course starts.
    return import('./lesson-html.js').then(({ appendToSection, renderLessonHtml, renderQuestionsHtml, slugify }) => {
      const dir = solution ? lesson.solutionDir : lesson.starterDir;
      const src = path.join(dir, 'src');
      const todos = existsSync(src)
        ? findTodos(src, root).map((todo) => ({ ...todo, href: editorLink(path.join(root, todo.file), todo.line) }))
        : [];
      const ports = apps[lesson.number] ?? [];
      const lessons = listLessons(root);
      const next = lessons.find((other) => other.number > lesson.number);
      const tasks = listTasks(lesson);
      return renderLessonPage({
        lesson,
        lessons,
        html: appendToSection(
          renderLessonHtml(readme),
          slugify(RECAP_SECTION),
          renderQuestionsHtml(readRecap(lesson).questions),
        ),
        todos,
        solution,
        progress: readProgress(),
        config: {
          lesson: { number: lesson.number, slug: lesson.slug, title: lesson.title },
          next: next ? { number: next.number, title: next.title } : null,
          groups: [taskHeading(undefined, tasks, true), ...tasks.map((task) => taskHeading(task.number, tasks))],
          solution,
          playground: playgroundFor(lesson, ports),
        },
      });
    });
  }

  /** @param {IncomingMessage} request @param {ServerResponse} response @param {Lesson} lesson */
  function streamEvents(request, response, lesson) {
    const stream = openEventStream(response);
    streams.add(response);
    const lastId = Number(request.headers['last-event-id'] ?? 0) || 0;
    const stop = runs.listen(lesson, ({ event, data, id }) => stream.send(event, data, id), lastId);
    response.on('close', () => {
      stop();
      streams.delete(response);
    });
  }

  /** @param {ServerResponse} response @param {string} name */
  function sendAsset(response, name) {
    const known = readdirSync(PUBLIC_DIR);
    if (!known.includes(name)) return notFound(response, `No asset ${name}.`);
    const file = path.join(PUBLIC_DIR, name);
    response.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'no-cache' });
    createReadStream(file).pipe(response);
  }

  /** @param {ServerResponse} response @param {string} name */
  function sendVendor(response, name) {
    const target = VENDOR[name];
    if (!target) return notFound(response, `No library ${name}.`);
    const file = path.join(REPO_ROOT, 'node_modules', target);
    if (!existsSync(file)) return notFound(response, `${target} is not installed: run npm install.`);
    response.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'max-age=3600' });
    createReadStream(file).pipe(response);
  }

  /** @param {ServerResponse} response @param {string | Promise<string>} html */
  async function sendHtml(response, html) {
    const text = await html;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        // the playground's Socket.IO clients talk to the app directly
        "connect-src 'self' ws://localhost:* ws://127.0.0.1:* http://localhost:* http://127.0.0.1:*",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ].join('; '),
    });
    response.end(text);
  }

  /** @param {ServerResponse} response @param {string} message */
  function notFound(response, message) {
    response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(renderErrorPage(404, message, listLessons(root)));
  }

  return {
    server,
    runs,
    get port() {
      return port;
    },
    /**
     * Listens on 127.0.0.1 only. Rejects with the listen error (EADDRINUSE …).
     * @param {number} wanted 0 for any free port
     * @returns {Promise<number>} the port
     */
    listen(wanted) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(wanted, '127.0.0.1', () => {
          server.off('error', reject);
          const address = server.address();
          port = typeof address === 'object' && address ? address.port : wanted;
          resolve(port);
        });
      });
    },
    /** Stops the check runs, ends the event streams and closes the server. */
    close() {
      runs.close();
      for (const response of streams) response.end();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** @param {Lesson} lesson */
function readReadme(lesson) {
  try {
    return readFileSync(path.join(lesson.starterDir, 'README.md'), 'utf8');
  } catch {
    return '';
  }
}

/** @param {ServerResponse} response @param {number} status @param {unknown} body */
function sendJson(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** The content type of a page asset or a vendored library. @param {string} file */
function contentType(file) {
  const types = /** @type {Record<string, string>} */ ({
    '.css': 'text/css; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.svg': 'image/svg+xml',
  });
  return types[path.extname(file).toLowerCase()] ?? 'text/plain; charset=utf-8';
}

/** The site's favicon and styles, for tests that want to be sure the assets exist. */
export function assetNames() {
  return readdirSync(PUBLIC_DIR);
}
