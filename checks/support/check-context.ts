import { join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { AppUnderTest, appSourceFile, preloadApp, type Tree } from './app-under-test.js';
import { CheckFailure, CheckSkipped } from './check-failure.js';
import { formatValue } from './format-value.js';
import {
  httpJson,
  requestBody,
  requestMethod,
  type HttpOptions,
  type HttpReply,
} from '../../scripts/lib/net/http-client.js';
import { SocketUnderTest, type SocketOptions } from './socket-under-test.js';
import { SseStreamUnderTest, type SseOpenOptions } from './sse-stream.js';
import { Transcript } from './transcript.js';
import { freshCopyOf } from './fresh-copy.js';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { APP_LINE } from './app-log.js';
import { manifestOf, type LessonManifest } from './lesson-manifest.js';
import { startPatientTimer, withDeadline } from './deadline.js';
import { deadlineScale, markTimeSensitive, stopwatch, type Stopwatch } from './pace.js';

// Every step of a check is bounded, its clean-up too: checks run side by side and wait for each other.
const CLEANUP_DEADLINE_MS = 5000;
const DEFAULT_REQUEST_MS = 2000;

/** What `t.request` takes: `json` (sent as JSON), `rawBody` (sent as is), `headers`, `method`, `within` (ms). */
export type RequestOptions = Pick<HttpOptions, 'method' | 'json' | 'rawBody' | 'headers' | 'within'> & {
  /** Record only a request that got no answer (for a loop that polls). */
  quiet?: boolean;
};

/**
 * The `t` of a check: starts apps and clients that it closes afterwards,
 * records everything in a transcript, and turns unmet expectations into
 * failures worded for a learner.
 */
export class CheckContext {
  readonly transcript = new Transcript();
  private readonly apps: AppUnderTest[] = [];
  private readonly sockets: SocketUnderTest[] = [];
  private readonly streams: SseStreamUnderTest[] = [];
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  /** What removes the fresh copies of the app's modules, once their apps are closed. */
  private readonly copies: (() => Promise<void>)[] = [];

  constructor(
    readonly lesson: string,
    readonly tree: Tree,
  ) {}

  /** The lesson's lesson.json: its namespace, routes and seed users. */
  get manifest(): LessonManifest {
    return manifestOf(this.lesson);
  }

  /**
   * What the check's apps printed (Nest's logger; see app-log.ts) since `mark` (from `t.transcript.mark()`), or
   * since the check started: the transcript's `app: …` lines.
   */
  appLog(mark = 0): string[] {
    return this.transcript.since(mark).filter((line) => line.startsWith(APP_LINE));
  }

  /** A module of the app in the tree under test, e.g. 'chat/chat.gateway.ts' (from its src/). */
  async appModule<T = Record<string, any>>(file: string): Promise<T> {
    return (await import(pathToFileURL(appSourceFile(this.tree, this.lesson, file)).href)) as T;
  }

  /** Loads (and compiles) the app's modules without starting it, so that a boot timed next does not pay for that. */
  preloadApp(): Promise<void> {
    return preloadApp(this.tree, this.lesson);
  }

  /** Boots the lesson's app with `config` and listens on a free loopback port. */
  async app(config: Record<string, unknown> = {}, name = 'app'): Promise<AppUnderTest> {
    const app = await AppUnderTest.start(this.tree, this.lesson, name, config, this.transcript);
    this.apps.push(app);
    return app;
  }

  /**
   * Boots the lesson's app as app() does, from a copy of its modules loaded afresh: what they keep at their top
   * level (a counter, a cache) starts from scratch, as in a process that just started, instead of carrying what the
   * apps of earlier checks left in it. Its modules compile again: slower than app().
   */
  async freshApp(config: Record<string, unknown> = {}, name = 'app'): Promise<AppUnderTest> {
    const copy = await freshCopyOf(this.tree, this.lesson);
    this.copies.push(copy.remove);
    let app: AppUnderTest;
    try {
      app = await AppUnderTest.start(copy.tree, this.lesson, name, config, this.transcript);
    } catch (error) {
      // A boot error names the learner's own files, never the copy's.
      if (error instanceof Error) {
        const copied = join(copy.tree, this.lesson);
        const own = join(resolve(REPO_ROOT, this.tree), this.lesson);
        const renames: [string, string][] = [
          [copied, own],
          [relative(REPO_ROOT, copied), relative(REPO_ROOT, own)],
        ];
        for (const [from, to] of renames) {
          error.message = error.message.split(from).join(to);
          if (error.stack) error.stack = error.stack.split(from).join(to);
        }
      }
      throw error;
    }
    this.apps.push(app);
    return app;
  }

  /** A socket.io client for `namespace` on `app`; call `.connect()` or `.connectRefused()` on it. */
  socket(name: string, app: AppUnderTest, namespace: string, options: SocketOptions = {}): SocketUnderTest {
    const socket = new SocketUnderTest(name, app.url, namespace, options, this.transcript);
    this.sockets.push(socket);
    return socket;
  }

  /** An open `text/event-stream` request for `path` on `app`, closed when the check ends. */
  async stream(
    name: string,
    app: AppUnderTest,
    path: string,
    options: SseOpenOptions = {},
  ): Promise<SseStreamUnderTest> {
    const stream = await SseStreamUnderTest.open(this.transcript, name, app.url, path, options);
    this.streams.push(stream);
    return stream;
  }

  /** A connected socket.io client. */
  async connect(
    name: string,
    app: AppUnderTest,
    namespace: string,
    options: SocketOptions = {},
  ): Promise<SocketUnderTest> {
    return this.socket(name, app, namespace, options).connect();
  }

  /** An HTTP request to `app` with a deadline (2 s unless `within` says), recorded in the transcript. */
  async request<T = any>(app: AppUnderTest, path: string, options: RequestOptions = {}): Promise<HttpReply<T>> {
    const method = requestMethod(options);
    const body = requestBody(options);
    const record = (line: string) => {
      if (!options.quiet) this.transcript.add(line);
    };
    record(`→ ${method} ${path}${body === undefined ? '' : ` ${formatValue(body, 120)}`}`);
    const reply = await httpJson(`${app.url}${path}`, {
      ...options,
      within: options.within ?? DEFAULT_REQUEST_MS,
      startTimer: startPatientTimer,
      failure: ({ reason, code }) => {
        // A connection that timed out or dropped on a busy machine may be the machine's fault: rerun alone.
        if (code !== undefined && /TIMEOUT|SOCKET|ECONNRESET/.test(code)) markTimeSensitive();
        this.transcript.add(`  (${method} ${path}: ${reason})`);
        return new CheckFailure(`Expected an HTTP response to ${method} ${path}, but got ${reason}.`);
      },
    });
    record(`← ${reply.status} ${formatValue(reply.body ?? reply.text, 160)}`);
    return reply as HttpReply<T>;
  }

  /** Runs `cleanup` after the check, before apps close (newest first). */
  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  /** A deliberate wait, for behaviour that is about time itself (an expiry). Marks the check time-sensitive. */
  async wait(ms: number, why: string): Promise<void> {
    markTimeSensitive();
    this.note(`waiting ${ms} ms ${why}`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * Says the check depends on time (a token about to expire, a timer it measures): when it fails while the
   * machine is busy, it runs again alone with longer deadlines before the failure counts.
   */
  timeSensitive(): void {
    markTimeSensitive();
  }

  /** Starts timing something the check asserts on (marks the check time-sensitive): `wall()`, and `patient()`, the time this process could run. */
  stopwatch(): Stopwatch {
    return stopwatch();
  }

  /** 1, or more while the check runs again alone: stretch the margins of what you time by it (a token's life). */
  get deadlineScale(): number {
    return deadlineScale();
  }

  note(text: string): void {
    this.transcript.add(`(${text})`);
  }

  /** Fails with "Expected <what> to be <expected>, but it was <actual>." unless they are deeply equal. */
  expectEqual(actual: unknown, expected: unknown, what: string): void {
    if (!isDeepStrictEqual(actual, expected)) {
      throw new CheckFailure(`Expected ${what} to be ${formatValue(expected)}, but it was ${formatValue(actual)}.`);
    }
  }

  /** Fails with `message` unless `condition` holds. */
  expect(condition: unknown, message: string): void {
    if (!condition) throw new CheckFailure(message);
  }

  fail(message: string): never {
    throw new CheckFailure(message);
  }

  /**
   * Runs a step that stands on what an earlier task builds (a join whose ack task 2 shapes, in a check of
   * task 5): when the step fails, the failure shows that task's behaviour missing, and the hint under it
   * says to fix that task first. A step of the check's own task, or a later one, is just a step.
   */
  async needs<T>(task: number, step: () => Promise<T> | T): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof CheckFailure) error.needs ??= task;
      throw error;
    }
  }

  /** Ends the check as skipped; the summary shows `reason`. */
  skip(reason: string): never {
    throw new CheckSkipped(reason);
  }

  /** Closes every client, runs deferred clean-ups, then closes every app. */
  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const socket of this.sockets) socket.close();
    await Promise.all(this.streams.map((stream) => stream.close().catch((error) => errors.push(error))));
    for (const cleanup of this.cleanups.reverse()) {
      const done = Promise.resolve().then(cleanup);
      await withDeadline(
        done,
        CLEANUP_DEADLINE_MS,
        () => new Error(`A clean-up of the check did not finish within ${CLEANUP_DEADLINE_MS} ms.`),
      ).catch((error) => errors.push(error));
    }
    for (const app of this.apps) {
      await app.close().catch((error) => errors.push(error));
    }
    for (const remove of this.copies) await remove().catch((error) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  }
}
