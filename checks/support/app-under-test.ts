import type { INestApplication } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { BootFailure, CheckFailure } from './check-failure.js';
import { shareNestWithCommonJs } from './commonjs-nest.js';
import { describeBootError, describeNestBootLog } from './describe-boot-error.js';
import { withDeadline } from './deadline.js';
import { stopwatch } from './pace.js';
import type { Transcript } from './transcript.js';

shareNestWithCommonJs();

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The tree under test, as a directory that holds the lesson folders: `lessons` or `solutions`
 * (relative to the course root), or a copy the self-test built. It reaches the harness one way:
 * Jest's `__COURSE__.tree` global or the COURSE_TREE environment variable.
 */
export type Tree = string;

type CreateApp = (config?: Record<string, unknown>) => Promise<INestApplication>;

const CLOSE_DEADLINE_MS = 3000;

/** A running instance of the lesson's app, listening on a free loopback port. */
export class AppUnderTest {
  private closed = false;

  constructor(
    readonly name: string,
    readonly nest: INestApplication,
    readonly url: string,
    private readonly transcript: Transcript,
  ) {}

  static async start(
    tree: Tree,
    lesson: string,
    name: string,
    config: Record<string, unknown>,
    transcript: Transcript,
  ): Promise<AppUnderTest> {
    const entry = appEntry(tree, lesson);
    const createApp = await loadCreateApp(entry);
    const nestLog = transcript.mark();
    let nest: INestApplication;
    try {
      nest = await withExitRefused(() => createApp(config));
    } catch (error) {
      if (error instanceof ExitAtBoot) {
        throw new BootFailure(
          `Nest could not build the app, and stopped it.\n${describeNestBootLog(transcript.since(nestLog), path.dirname(entry))}`,
        );
      }
      throw new BootFailure(`createApp() threw while building the app.\n${describeBootError(error)}`);
    }
    try {
      await nest.init();
    } catch (error) {
      await nest.close().catch(() => undefined);
      throw new BootFailure(
        `The app was built, but a lifecycle hook (onModuleInit, onApplicationBootstrap) threw while it started.\n${describeBootError(error)}`,
      );
    }
    try {
      await nest.listen(0, '127.0.0.1');
    } catch (error) {
      await nest.close().catch(() => undefined);
      throw new BootFailure(`The app was built but could not listen.\n${describeBootError(error)}`);
    }
    keepCheckContext(nest.getHttpServer());
    const { port } = nest.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    transcript.add(`${name} started on port ${port}`);
    return new AppUnderTest(name, nest, url, transcript);
  }

  /**
   * Closes the app; a close that hangs is a failure of the app, not of the check. Resolves with the ms
   * the close took of time this process could run (on a busy machine the wall time is longer: both are in
   * the transcript).
   */
  async close(): Promise<number> {
    if (this.closed) return 0;
    this.closed = true;
    const timer = stopwatch({ mark: false });
    await withDeadline(
      this.nest.close(),
      CLOSE_DEADLINE_MS,
      () =>
        new CheckFailure(
          `Expected ${this.name} to close within ${CLOSE_DEADLINE_MS} ms, but app.close() had not finished. ` +
            'Something keeps it open: a timer, an interval or a client that is never cleared or quit on shutdown.',
        ),
    );
    const took = timer.patient();
    const wall = timer.wall();
    this.transcript.add(
      `${this.name} closed (${wall} ms${wall - took > 50 ? `, ${took} ms of it while this process could run` : ''})`,
    );
    return took;
  }
}

/**
 * Node's HTTP server emits 'upgrade' outside the async context the server was made in, so a WebSocket's
 * whole life (Socket.IO's handshake, its middlewares, every event) would run in no check's context: its log
 * lines could not be told apart, nor what it does (app-activity.ts). The upgrade, and every event of the
 * upgraded socket, run in the context of the check that started the app.
 */
function keepCheckContext(server: Server): void {
  const inCheck = AsyncResource.bind((body: () => boolean) => body());
  const emit = server.emit as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'upgrade') return emit.call(this, event, ...args);
    return inCheck(() => {
      const socket = args[1] as Socket;
      socket.emit = AsyncResource.bind(socket.emit, undefined, socket);
      return emit.call(this, event, ...args);
    });
  } as Server['emit'];
}

/**
 * Nest ends the process when it cannot build an app (process.exit(1), then process.abort() in Nest 12);
 * in a check that would end every check without a word.
 */
class ExitAtBoot extends Error {}

// Apps of checks running side by side may be booting at the same time: the guard stays up until the last is built.
let building = 0;
const { exit, abort } = process;

async function withExitRefused<T>(build: () => Promise<T>): Promise<T> {
  building += 1;
  process.exit = ((code?: number) => {
    throw new ExitAtBoot(`process.exit(${code ?? ''}) while building the app`);
  }) as typeof process.exit;
  process.abort = (() => {
    throw new ExitAtBoot('process.abort() while building the app');
  }) as typeof process.abort;
  try {
    return await build();
  } finally {
    building -= 1;
    if (building === 0) Object.assign(process, { exit, abort });
  }
}

/**
 * Loads the lesson's app module (and with it Nest and every library it uses) before the first check,
 * so that no check's deadline pays for compiling the app on a busy machine. A module that cannot load
 * fails the same way again inside the first check, where it is reported.
 */
export async function preloadApp(tree: Tree, lesson: string): Promise<void> {
  await import(pathToFileURL(appEntry(tree, lesson)).href).catch(() => undefined);
}

/** A file of the lesson's app in `tree`: `<tree>/<lesson>/src/<file>`. */
export function appSourceFile(tree: Tree, lesson: string, file: string): string {
  return path.join(path.resolve(REPO_ROOT, tree), lesson, 'src', file);
}

function appEntry(tree: Tree, lesson: string): string {
  return appSourceFile(tree, lesson, 'app.ts');
}

async function loadCreateApp(entry: string): Promise<CreateApp> {
  let module: { createApp?: unknown };
  try {
    module = await import(pathToFileURL(entry).href);
  } catch (error) {
    throw new BootFailure(`The app could not be loaded.\n${describeBootError(error, path.dirname(entry))}`);
  }
  if (typeof module.createApp !== 'function') {
    throw new BootFailure(
      `${path.relative(REPO_ROOT, entry)} must export an async function createApp(config), but it exports ` +
        `${Object.keys(module).join(', ') || 'nothing'}.`,
    );
  }
  return module.createApp as CreateApp;
}
