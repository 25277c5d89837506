import { spawn } from 'node:child_process';
import { onHostExit } from './host-exit.js';

/** Groups started here and still running: this process's exit or interruption kills them. @type {Set<number>} */
const running = new Set();
let guarded = false;

/**
 * Spawns a process in a process group of its own, so that stopping it stops whatever it started
 * too (a check run's private redis-server and Jest workers). The group is killed when the process
 * exits (anything left behind goes with it) and when this process exits or is interrupted.
 * @param {string} command @param {string[]} args @param {import('node:child_process').SpawnOptions} options
 * @returns {import('node:child_process').ChildProcess}
 */
export function spawnInGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  const group = child.pid;
  if (group === undefined) return child;
  running.add(group);
  child.once('exit', () => {
    killProcessGroup(group);
    running.delete(group);
  });
  guardGroups();
  return child;
}

/**
 * SIGKILL to every process of the group `group` leads (a child spawned with `detached: true`).
 * @param {number | undefined} group
 */
export function killProcessGroup(group) {
  if (group === undefined) return;
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function killRunningGroups() {
  for (const group of running) killProcessGroup(group);
  running.clear();
}

function guardGroups() {
  if (guarded) return;
  guarded = true;
  onHostExit(killRunningGroups);
  // A detached group does not hear the terminal's Ctrl+C: pass it on.
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, function stopGroups() {
      killRunningGroups();
      // Alone on this signal, this listener would keep the process alive: end it as Node would have.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, stopGroups);
        process.kill(process.pid, signal);
      }
    });
  }
}
