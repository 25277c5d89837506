import { UsageError, BenchFailure } from '../cli/usage-error.js';

const REQUEST_DEADLINE_MS = 5000;
const PROBE_DEADLINE_MS = 2000;

/**
 * Sends a JSON request and reads the JSON answer, within a deadline.
 * @param {URL} base @param {string} route @param {{ method?: string, json?: unknown, token?: string }} [options]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function requestJson(base, route, { method = 'POST', json, token } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(new URL(route, base), {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
    });
  } catch (error) {
    throw new BenchFailure(
      `${method} ${route} on ${base.origin} got no answer within ${REQUEST_DEADLINE_MS} ms (${causeOf(error)})`,
    );
  }
  const text = await response.text();
  let body;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/**
 * Fails with one line (exit code 2) when nothing answers HTTP at `base`:
 * any answer, whatever its status, means an app is there.
 * @param {URL} base @param {number} lesson @param {string} [howToStart] default "npm run lesson N"
 */
export async function expectAppAt(base, lesson, howToStart = `npm run lesson ${lesson}`) {
  try {
    await fetch(base, { signal: AbortSignal.timeout(PROBE_DEADLINE_MS) }).then((response) => response.body?.cancel());
  } catch (error) {
    throw new UsageError(
      `npm run bench: no app answers at ${base.origin} (${causeOf(error)}). Start it in another terminal with ` +
        `${howToStart}, or measure the solution: npm run bench ${lesson} -- --solution`,
    );
  }
}

/** The reason under fetch's "fetch failed": ECONNREFUSED, a timeout… @param {unknown} error */
export function causeOf(error) {
  const err = /** @type {{ name?: string, message?: string, cause?: { code?: string, message?: string } }} */ (error);
  if (err?.name === 'TimeoutError') return 'timed out';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(error);
}
