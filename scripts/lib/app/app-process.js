import { spawn } from 'node:child_process';
import { stopChild } from '../net/child-process.js';
import { summarizeError, usualBootCauses } from './error-summary.js';
import { nodeArgsFor, withSourcePaths } from './lesson-build.js';
import { indent } from '../cli/terminal.js';

/** @typedef {import('../cli/terminal.js').Palette} Palette */

/**
 * One run of a lesson's compiled `main.js` (see lesson-build.js), with its
 * output passed through (prefixed when several instances run) and a crash
 * summarized in the learner's terms.
 */
export class AppProcess {
  /**
   * @param {{ env: NodeJS.ProcessEnv, label?: string, style: Palette, cwd: string }} options
   */
  constructor(options) {
    this.options = options;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    this.stopping = false;
    this.stderr = '';
  }

  /**
   * Starts the app from its built entry; resolves with its exit code when it stops by itself, 0 when stopped.
   * @param {string} entry @returns {Promise<number>}
   */
  run(entry) {
    const { env, cwd } = this.options;
    this.stopping = false;
    this.stderr = '';
    const child = spawn(process.execPath, nodeArgsFor(entry), {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Until the app prints its first line it is booting: what it writes to
    // stderr then is held back, so a crash at boot shows only its summary.
    let booting = true;
    let heldBack = '';
    const withoutBacktrace = new BacktraceFilter();
    child.stdout?.on('data', (chunk) => {
      if (booting) {
        booting = false;
        if (heldBack) this.print(process.stderr, heldBack);
      }
      this.print(process.stdout, withSourcePaths(String(chunk)));
    });
    child.stderr?.on('data', (chunk) => {
      const text = withSourcePaths(String(chunk));
      this.stderr += text;
      const shown = withoutBacktrace.filter(text);
      if (booting) heldBack += shown;
      else if (shown) this.print(process.stderr, shown);
    });
    return new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.child = undefined;
        const crashed = !this.stopping && code !== 0;
        if (booting && heldBack && !crashed) this.print(process.stderr, heldBack);
        if (crashed) this.reportCrash(code, signal);
        // Stopped on purpose (Ctrl+C, a restart) is not a failure of the app.
        resolve(this.stopping ? 0 : (code ?? 1));
      });
    });
  }

  /** Stops the app: SIGTERM, then SIGKILL if it is still there after 3 s. */
  async stop() {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    await stopChild(child, 3000);
  }

  /** @param {number | null} code @param {NodeJS.Signals | null} signal */
  reportCrash(code, signal) {
    const { style, label } = this.options;
    const prefix = label ? `[${label}] ` : '';
    const how = signal ? `was killed by ${signal}` : `stopped with exit code ${code}`;
    const summary = /EADDRINUSE/.test(this.stderr)
      ? 'Its port is already in use: another app (maybe another npm run lesson) is listening on it.'
      : [summarizeError(this.stderr || 'It printed nothing.'), ...usualBootCauses(this.stderr)].join('\n');
    process.stderr.write(`${style.red(`${prefix}✗ The app ${how}.`)}\n`);
    process.stderr.write(`${indent(summary, 2)}\n`);
  }

  /** @param {NodeJS.WriteStream} stream @param {string} text */
  print(stream, text) {
    const { label, style } = this.options;
    if (!label) {
      stream.write(text);
      return;
    }
    const lines = text.replace(/\n$/, '').split('\n');
    stream.write(`${lines.map((line) => `${style.dim(`[${label}]`)} ${line}`).join('\n')}\n`);
  }
}

/** Drops the native "Stack backtrace:" block swc appends to its errors: it never helps a learner. */
class BacktraceFilter {
  constructor() {
    this.inBacktrace = false;
  }

  /** @param {string} text */
  filter(text) {
    const kept = [];
    for (const line of text.split('\n')) {
      if (/^\s*Stack backtrace:/.test(line)) this.inBacktrace = true;
      else if (this.inBacktrace && !/^\s+(\d+:|at )/.test(line)) this.inBacktrace = false;
      if (!this.inBacktrace) kept.push(line);
    }
    return kept.join('\n');
  }
}
