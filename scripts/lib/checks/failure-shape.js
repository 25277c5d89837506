import { createHash } from 'node:crypto';

/**
 * A failure's words without what the same failure says otherwise on each run: the quoted values, the random
 * ids and tickets it made, its times and counts. Two failures of one check with the same shape are one mistake.
 * @param {string | undefined} message
 * @returns {string}
 */
export function failureShape(message) {
  return (message ?? '')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '"…"')
    .replace(/[\w-]{16,}/g, '…')
    .replace(/\d+(\.\d+)?/g, '#');
}

/**
 * What the progress file keeps of a failure: a short hash of its shape, never its words.
 * @param {string | undefined} message
 * @returns {string}
 */
export function failureHash(message) {
  return createHash('sha256').update(failureShape(message)).digest('hex').slice(0, 16);
}
