import { watch } from 'node:fs';

/**
 * Calls `onSave(file)` once a burst of saves under `dir` has settled
 * (editors write a file in several steps). Returns a function that stops it.
 * @param {string} dir @param {(file: string) => void} onSave @param {number} [settleMs]
 * @returns {() => void}
 */
export function watchSaves(dir, onSave, settleMs = 200) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let watcher;
  try {
    watcher = watch(dir, { recursive: true }, (_event, file) => {
      clearTimeout(timer);
      timer = setTimeout(() => onSave(String(file ?? '')), settleMs);
    });
  } catch {
    return () => undefined;
  }
  watcher.on('error', () => undefined);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
