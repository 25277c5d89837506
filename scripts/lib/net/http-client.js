import { UsageError } from '../cli/usage-error.js';
import { wallClockTimer } from './deadline.js';

const REQUEST_DEADLINE_MS = 5000;
const PROBE_DEADLINE_MS = 2000;

/**
 * @typedef {object} HttpOptions
 * @property {string} [method] default POST with a body, GET without
 * @property {unknown} [json] sent as JSON with `Content-Type: application/json`
 * @property {string} [rawBody] sent as is (to test malformed bodies), as JSON unless `headers` say otherwise
 * @property {Record<string, string>} [headers]
 * @property {string} [token] sent as `Authorization: Bearer <token>`
 * @property {number} [within] the deadline in ms for the whole answer (default 5000)
 * @property {import('./deadline.js').StartTimer} [startTimer] what "ms have passed" means (the checks' is patient)
 * @property {(miss: HttpMiss) => Error} [failure] the error to throw when no answer came
 */

/**
 * Why a request got no answer: `reason` in words ("no response within 2000 ms", "TypeError: fetch failed
 * (ECONNREFUSED …)"), `code` the cause's code when there is one, `expired` when the deadline ran out.
 * @typedef {{ method: string, url: string, reason: string, code?: string, expired: boolean }} HttpMiss
 */

/**
 * @template [T=any]
 * @typedef {object} HttpReply
 * @property {number} status
 * @property {Headers} headers
 * @property {T} body the parsed JSON body, or undefined when the body is not JSON
 * @property {string} text the body as sent
 */

/**
 * One HTTP request, its JSON answer read within a deadline: the client of the checks, the bench and the tests.
 * @param {string | URL} url @param {HttpOptions} [options]
 * @returns {Promise<HttpReply>}
 */
export async function httpJson(url, options = {}) {
  const { json, token, within = REQUEST_DEADLINE_MS, startTimer = wallClockTimer } = options;
  const method = requestMethod(options);
  /** @type {Record<string, string>} */
  const headers = { ...options.headers };
  const body = requestBody(options);
  const typed = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (json !== undefined || (body !== undefined && !typed)) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const abort = new AbortController();
  let expired = false;
  const stop = startTimer(() => {
    expired = true;
    abort.abort();
  }, within);
  let response;
  let text;
  try {
    response = await fetch(url, { method, headers, body, signal: abort.signal });
    text = await response.text();
  } catch (error) {
    const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error).cause;
    const reason = expired
      ? `no response within ${within} ms`
      : `${String(error)}${cause?.message ? ` (${cause.code ?? ''} ${cause.message})` : ''}`;
    /** @type {HttpMiss} */
    const miss = { method, url: String(url), reason, code: cause?.code, expired };
    throw (options.failure ?? noAnswer)(miss);
  } finally {
    stop();
  }
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The method a request with these options is sent with. @param {HttpOptions} options */
export function requestMethod(options) {
  return options.method ?? (options.json !== undefined || options.rawBody !== undefined ? 'POST' : 'GET');
}

/** The body a request with these options sends, as text. @param {HttpOptions} options */
export function requestBody(options) {
  return options.json !== undefined ? JSON.stringify(options.json) : options.rawBody;
}

/** @param {HttpMiss} miss */
function noAnswer({ method, url, reason }) {
  return new Error(`${method} ${url} got no answer: ${reason}`);
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
function causeOf(error) {
  const err = /** @type {{ name?: string, message?: string, cause?: { code?: string, message?: string } }} */ (error);
  if (err?.name === 'TimeoutError') return 'timed out';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(error);
}
