import http, { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { CheckFailure } from './check-failure.js';
import { ArrivalsSignal, waitedFor } from './arrivals-signal.js';
import { quietNote } from './app-activity.js';
import { patientTimeout } from './pace.js';
import type { Transcript } from './transcript.js';

/** One block of an event stream, ended by a blank line. */
export interface SseFrame {
  /** The frame's lines as received, each ending in `\n`, plus the blank line. */
  raw: string;
  event?: string;
  id?: string;
  data?: string;
  retry?: string;
  /** The text of each comment line (`: keep-alive` → `keep-alive`). */
  comments: string[];
}

export interface SseOpenOptions {
  /** Extra request headers, e.g. `{ 'last-event-id': '3' }`. */
  headers?: Record<string, string>;
  /** Deadline in ms for the response's status line and headers (default 1000). */
  within?: number;
  /** Record only the request and status in the transcript, not every frame (for loops). */
  quiet?: boolean;
}

export interface SseWaitOptions {
  /** Deadline in ms (default 1000). */
  within?: number;
  /** Only a frame that passes this test counts. */
  where?: (frame: SseFrame) => boolean;
  /** How the awaited frame is described in a failure, e.g. "with the id 3". */
  what?: string;
}

const DEFAULT_WAIT_MS = 1000;
const SHOWN_BYTES = 600;

/**
 * A raw `text/event-stream` reader over node:http. It keeps every byte of the
 * body, so a failure can show exactly what the server wrote, and parses it
 * into frames as the HTML standard describes (comments included, which
 * EventSource hides). Each stream has its own connection (no keep-alive
 * agent), so `close()` is a client going away.
 */
export class SseStreamUnderTest {
  private text = '';
  private pending = '';
  private lines: string[] = [];
  private readonly frames: { frame: SseFrame; consumed: boolean }[] = [];
  private readonly changes = new ArrivalsSignal((ms) => this.transcript.add(quietNote(this.name, ms)));
  private finished: string | undefined;
  private requestClosed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly name: string,
    readonly path: string,
    private readonly request: ClientRequest,
    private readonly response: IncomingMessage,
    private readonly transcript: Transcript,
    private readonly quiet: boolean,
  ) {
    request.once('close', () => {
      this.requestClosed = true;
    });
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.receive(chunk));
    response.on('end', () => this.finish('the server ended the response'));
    response.on('error', () => this.finish('the connection failed'));
    response.on('close', () => this.finish('the connection closed'));
  }

  /** Sends `GET path` and resolves once the status line and headers are in, whatever the status. */
  static open(
    transcript: Transcript,
    name: string,
    baseUrl: string,
    path: string,
    options: SseOpenOptions = {},
  ): Promise<SseStreamUnderTest> {
    const within = options.within ?? DEFAULT_WAIT_MS;
    const headers = { accept: 'text/event-stream', ...options.headers };
    const extra = options.headers ? ` ${JSON.stringify(options.headers)}` : '';
    transcript.add(`${name} ⇢ GET ${shorten(path)}${extra}`);
    return new Promise((resolve, reject) => {
      const request = http.get(`${baseUrl}${path}`, { headers, agent: false });
      const timer = patientTimeout(() => {
        request.destroy();
        transcript.add(`${name}   (no response within ${within} ms)`);
        reject(
          new CheckFailure(`Expected an HTTP response to GET ${shorten(path)} within ${within} ms, but none came.`),
        );
      }, within);
      request.once('response', (response) => {
        timer.clear();
        transcript.add(`${name} ⇠ ${response.statusCode} ${response.headers['content-type'] ?? '(no Content-Type)'}`);
        resolve(new SseStreamUnderTest(name, path, request, response, transcript, options.quiet ?? false));
      });
      request.once('error', (error) => {
        timer.clear();
        transcript.add(`${name}   (${error.message})`);
        reject(
          new CheckFailure(
            `Expected an HTTP response to GET ${shorten(path)}, but the request failed: ${error.message}.`,
          ),
        );
      });
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  get headers(): IncomingHttpHeaders {
    return this.response.headers;
  }

  /** The body received so far, exactly as sent. */
  get bytes(): string {
    return this.text;
  }

  /** Every frame with an event in it (not comment-only), consumed or not. */
  get events(): SseFrame[] {
    return this.frames.map(({ frame }) => frame).filter(isEvent);
  }

  /** The next event (a frame with data, event or id) not taken by an earlier wait. */
  nextEvent(options: SseWaitOptions = {}): Promise<SseFrame> {
    return this.next(isEvent, 'an event', options);
  }

  /** The next comment-only frame (a heartbeat) not taken by an earlier wait. */
  nextComment(options: SseWaitOptions = {}): Promise<SseFrame> {
    return this.next((frame) => !isEvent(frame) && frame.comments.length > 0, 'a comment frame', options);
  }

  /** The whole body once the server ends the response (for an answer that is not a stream). */
  async body(within = DEFAULT_WAIT_MS): Promise<string> {
    const end = await this.changes.until(within, () => this.finished !== undefined);
    if (this.finished === undefined) {
      const after = end === 'quiet' ? `once the app went quiet (before ${within} ms)` : `after ${within} ms`;
      throw new CheckFailure(
        `Expected GET ${shorten(this.path)} to answer and end the response, but it was still open ${after} ` +
          `(status ${this.status}, ${describeBytes(this.text)}).`,
      );
    }
    return this.text;
  }

  /** Resolves once the server ends the response. */
  async ended(within = DEFAULT_WAIT_MS): Promise<boolean> {
    await this.changes.until(within, () => this.finished !== undefined);
    return this.finished !== undefined;
  }

  /** "it received 42 bytes: "\nevent: …"" — for failure messages. */
  describeReceived(): string {
    return describeBytes(this.text);
  }

  /** Goes away like a client that closes its tab: the connection is destroyed. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      if (this.requestClosed) return resolve();
      if (this.finished === undefined && !this.quiet) this.transcript.add(`${this.name} closes the stream`);
      this.request.once('close', () => resolve());
      this.request.destroy();
    });
    return this.closing;
  }

  private async next(kind: (frame: SseFrame) => boolean, noun: string, options: SseWaitOptions): Promise<SseFrame> {
    const within = options.within ?? DEFAULT_WAIT_MS;
    const matches = (entry: { frame: SseFrame; consumed: boolean }) =>
      !entry.consumed && kind(entry.frame) && (!options.where || options.where(entry.frame));
    const end = await this.changes.until(within, () => this.frames.some(matches) || this.finished !== undefined);
    const found = this.frames.find(matches);
    if (found) {
      found.consumed = true;
      return found.frame;
    }
    const what = options.what ? ` ${options.what}` : '';
    const state = this.finished === undefined ? waitedFor(within, end) : `before the stream ended (${this.finished})`;
    throw new CheckFailure(
      `Expected ${this.name}'s stream to receive ${noun}${what} ${state}, but it ${describeBytes(this.text)}.`,
    );
  }

  private receive(chunk: string): void {
    this.text += chunk;
    this.pending += chunk;
    let end: number;
    while ((end = this.pending.indexOf('\n')) !== -1) {
      const line = this.pending.slice(0, end).replace(/\r$/, '');
      this.pending = this.pending.slice(end + 1);
      if (line !== '') {
        this.lines.push(line);
      } else if (this.lines.length > 0) {
        this.dispatch(parseFrame(this.lines));
        this.lines = [];
      }
    }
    this.changes.notify();
  }

  private dispatch(frame: SseFrame): void {
    this.frames.push({ frame, consumed: false });
    if (!this.quiet) this.transcript.add(`${this.name} ← ${shorten(JSON.stringify(frame.raw), 200)}`);
  }

  private finish(reason: string): void {
    if (this.finished !== undefined) return;
    this.finished = reason;
    if (!this.quiet && !this.request.destroyed) this.transcript.add(`${this.name}   (${reason})`);
    this.changes.notify();
  }
}

function parseFrame(lines: string[]): SseFrame {
  const frame: SseFrame = { raw: `${lines.join('\n')}\n\n`, comments: [] };
  const data: string[] = [];
  for (const line of lines) {
    if (line.startsWith(':')) {
      frame.comments.push(line.slice(1).replace(/^ /, ''));
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
    else if (field === 'retry') frame.retry = value;
  }
  if (data.length > 0) frame.data = data.join('\n');
  return frame;
}

function isEvent(frame: SseFrame): boolean {
  return frame.data !== undefined || frame.event !== undefined || frame.id !== undefined;
}

function describeBytes(text: string): string {
  if (text === '') return 'received nothing after the headers';
  const shown = text.length > SHOWN_BYTES ? `…${text.slice(-SHOWN_BYTES)}` : text;
  return `received ${Buffer.byteLength(text)} bytes: ${JSON.stringify(shown)}`;
}

/** Long query values (tickets, tokens) cut to their first characters. */
function shorten(text: string, max = 120): string {
  const cut = text.replace(/=([^&\s"]{12})[^&\s"]{8,}/g, '=$1…');
  return cut.length > max ? `${cut.slice(0, max - 1)}…` : cut;
}
