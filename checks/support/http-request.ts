import { CheckFailure } from './check-failure.js';
import { formatValue } from './format-value.js';
import { markTimeSensitive, patientTimeout } from './pace.js';
import type { Transcript } from './transcript.js';

export interface RequestOptions {
  method?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (to test malformed bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
  within?: number;
}

export interface HttpReply<T = any> {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: T;
  text: string;
}

/** One HTTP request to an app under test, recorded in the transcript, with a deadline. */
export async function httpRequest<T = any>(
  transcript: Transcript,
  baseUrl: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpReply<T>> {
  const method = options.method ?? (options.json !== undefined || options.rawBody !== undefined ? 'POST' : 'GET');
  const within = options.within ?? 2000;
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  transcript.add(`→ ${method} ${path}${body === undefined ? '' : ` ${formatValue(body, 120)}`}`);
  let response: Response;
  let text: string;
  const abort = new AbortController();
  let expired = false;
  const deadline = patientTimeout(() => {
    expired = true;
    abort.abort();
  }, within);
  try {
    response = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: abort.signal });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    // A connection that timed out or dropped on a busy machine may be the machine's fault: rerun alone.
    if (cause?.code !== undefined && /TIMEOUT|SOCKET|ECONNRESET/.test(cause.code)) markTimeSensitive();
    const reason = expired
      ? `no response within ${within} ms`
      : `${String(error)}${cause?.message ? ` (${cause.code ?? ''} ${cause.message})` : ''}`;
    transcript.add(`  (${reason})`);
    throw new CheckFailure(`Expected an HTTP response to ${method} ${path}, but got ${reason}.`);
  } finally {
    deadline.clear();
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  transcript.add(`← ${response.status} ${formatValue(parsed ?? text, 160)}`);
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}
