import path from 'node:path';
import { REPO_ROOT, treeDir } from '../lib/course/catalog.js';
import { checkCommand, spawnCheckCommand } from '../lib/checks/check-command.js';
import { killProcessGroup } from '../lib/net/process-group.js';
import { hasRedisServer } from '../lib/net/redis-server.js';
import { watchSaves } from './source-watch.js';

/** @typedef {import('../lib/course/catalog.js').Lesson} Lesson */
/** @typedef {{ event: string, data: unknown, id: number }} ChannelEvent */
/** @typedef {(event: ChannelEvent) => void} Listener */

const RUN_DEADLINE_MS = 5 * 60_000;

/**
 * The environment of a check run started from the page. `npm run lesson 4` passes the app its REDIS_URL,
 * and a run that inherited it could not stop Redis, so it would skip the checks of an outage: the page's
 * runs start a private redis-server instead, like `npm run check` in a fresh terminal. Only when there
 * is no redis-server to start is REDIS_URL kept (the skipped checks then say why).
 * @param {NodeJS.ProcessEnv} env
 * @param {() => boolean} [canStartRedis]
 * @returns {NodeJS.ProcessEnv}
 */
export function checkRunEnv(env, canStartRedis = hasRedisServer) {
  if (env.REDIS_URL === undefined || !canStartRedis()) return { ...env };
  const { REDIS_URL: _shared, ...rest } = env;
  return rest;
}

/**
 * Check runs started from the page: one child process per run
 * (`check.js N --json`), at most one run at a time per lesson, each line it
 * writes relayed to the lesson's listeners as an event. A listener that
 * arrives late gets the events of the latest run first. While a lesson has
 * listeners, saving a file of its tree sends a `saved` event.
 */
export class CheckRuns {
  /**
   * @param {{ solution: boolean, command?: (lesson: Lesson, solution: boolean) => string[], env?: NodeJS.ProcessEnv }} options
   */
  constructor(options) {
    this.solution = options.solution;
    // The learner's runs hear first about the task they work on, as `npm run check N -- --watch` does.
    this.command =
      options.command ?? ((lesson, solution) => checkCommand(lesson.number, { solution, taskFirst: !solution }));
    this.env = options.env ?? process.env;
    /** @type {Map<string, LessonChannel>} */
    this.channels = new Map();
  }

  /** @param {Lesson} lesson */
  channel(lesson) {
    let channel = this.channels.get(lesson.slug);
    if (!channel) {
      channel = new LessonChannel(lesson, path.join(treeDir(lesson, this.solution), 'src'));
      this.channels.set(lesson.slug, channel);
    }
    return channel;
  }

  /**
   * Starts a run of the lesson's checks unless one is running.
   * @param {Lesson} lesson
   * @returns {{ started: boolean, run: number }}
   */
  start(lesson) {
    const channel = this.channel(lesson);
    // A run that has printed its end line counts as over, though its process may still be exiting:
    // a save queued during that run starts the next one as soon as the page hears the end.
    if (channel.child && !channel.childReported) return { started: false, run: channel.runNumber };
    channel.runNumber += 1;
    channel.history = [];
    const run = channel.runNumber;
    channel.emit('run', {
      run,
      lesson: lesson.number,
      tree: this.solution ? 'solutions' : 'lessons',
      at: new Date().toISOString(),
    });
    const { child, done } = spawnCheckCommand(this.command(lesson, this.solution), {
      env: { ...checkRunEnv(this.env), NO_COLOR: '1', FORCE_COLOR: '' },
      deadlineMs: RUN_DEADLINE_MS,
      onLine: ({ type, ...data }) => {
        if (type === 'end' && channel.child === child) channel.childReported = true;
        channel.emit(type === 'end' || type === 'task-verdict' ? type : 'result', { run, ...data });
      },
    });
    channel.child = child;
    channel.childReported = false;
    void done.then(({ ended, why, output }) => {
      if (channel.child === child) channel.child = undefined;
      if (!ended)
        channel.emit('run-failed', {
          run,
          message: `The check run ${why} before reporting its end.\n${output}`.trim(),
        });
    });
    return { started: true, run };
  }

  /**
   * @param {Lesson} lesson @param {Listener} listener @param {number} [afterId] skip history up to this id
   * @returns {() => void} stops listening
   */
  listen(lesson, listener, afterId = 0) {
    return this.channel(lesson).listen(listener, afterId);
  }

  /** Stops every run and watcher. */
  close() {
    for (const channel of this.channels.values()) channel.close();
  }
}

class LessonChannel {
  /** @param {Lesson} lesson @param {string} srcDir */
  constructor(lesson, srcDir) {
    this.lesson = lesson;
    this.srcDir = srcDir;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    /** the running child has printed its end line */
    this.childReported = false;
    this.runNumber = 0;
    this.nextId = 1;
    /** @type {ChannelEvent[]} */
    this.history = [];
    /** @type {Set<Listener>} */
    this.listeners = new Set();
    /** @type {(() => void) | undefined} */
    this.stopWatching = undefined;
  }

  /** @param {string} event @param {unknown} data */
  emit(event, data) {
    const message = { event, data, id: this.nextId++ };
    if (event !== 'saved') this.history.push(message);
    for (const listener of this.listeners) listener(message);
  }

  /** @param {Listener} listener @param {number} afterId */
  listen(listener, afterId) {
    for (const message of this.history) if (message.id > afterId) listener(message);
    this.listeners.add(listener);
    this.stopWatching ??= watchSaves(this.srcDir, (file) =>
      this.emit('saved', { file: path.relative(REPO_ROOT, path.join(this.srcDir, file)) }),
    );
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopWatching?.();
        this.stopWatching = undefined;
      }
    };
  }

  close() {
    killProcessGroup(this.child?.pid);
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.listeners.clear();
  }
}
