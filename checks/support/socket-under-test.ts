import { io, type Socket } from 'socket.io-client';
import { CheckFailure } from './check-failure.js';
import { ArrivalsSignal, waitedFor, type WaitEnd } from './arrivals-signal.js';
import { quietNote } from './app-activity.js';
import { formatValue } from './format-value.js';
import { patientTimeout } from './pace.js';
import type { Transcript } from './transcript.js';

export interface SocketOptions {
  /** Sent as the handshake's `auth` object. */
  auth?: Record<string, unknown>;
  /** Extra HTTP headers on the handshake request. */
  headers?: Record<string, string>;
  /** Query string parameters on the handshake request. */
  query?: Record<string, string>;
  /** Let socket.io-client reconnect by itself (off by default, so checks see every disconnect). */
  reconnection?: boolean;
}

export interface WaitOptions {
  /** Deadline in ms (default 1000). */
  within?: number;
  /** Only an event whose payload passes this test counts. */
  where?: (payload: any) => boolean;
  /** How the awaited event is described in a failure, e.g. "with the text 'hi'". */
  what?: string;
}

export interface ServerException {
  status?: string;
  message?: unknown;
  cause?: { pattern?: string; data?: unknown };
}

/** Both answers to an event the server refused while the client asked for an ack. */
export interface AckAndException {
  acked: boolean;
  /** The acknowledgement, or undefined when none came within the deadline. */
  ack: unknown;
  exception: ServerException;
  /** What arrived, in order: 'exception' and 'ack'. */
  order: string[];
}

interface Arrival {
  event: string;
  args: unknown[];
  consumed: boolean;
}

const DEFAULT_WAIT_MS = 1000;

/**
 * A socket.io client whose every message in and out goes to the transcript.
 * Incoming events queue up from the moment it connects, so a check can wait
 * for an event that arrived before it started waiting.
 */
export class SocketUnderTest {
  readonly socket: Socket;
  private readonly arrivals: Arrival[] = [];
  private readonly changes = new ArrivalsSignal((ms) => this.transcript.add(quietNote(this.name, ms)));
  private disconnectReason: string | undefined;

  constructor(
    readonly name: string,
    url: string,
    private readonly namespace: string,
    private readonly options: SocketOptions,
    private readonly transcript: Transcript,
  ) {
    this.socket = io(`${url}${namespace}`, {
      transports: ['websocket'],
      autoConnect: false,
      forceNew: true,
      reconnection: options.reconnection ?? false,
      auth: options.auth,
      extraHeaders: options.headers,
      query: options.query,
      // The handshake's deadline is the harness's (patient: see pace.ts); the client's own must never come first.
      timeout: 120_000,
    });
    this.socket.onAny((event: string, ...args: unknown[]) => {
      this.transcript.add(`${this.name} ← ${[event, ...args.map((arg) => formatValue(arg))].join(' ')}`);
      this.arrive(event, args);
    });
    this.socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
      this.transcript.add(`${this.name} ✕ disconnected (${reason})`);
      this.arrive('disconnect', [reason]);
    });
  }

  get id(): string | undefined {
    return this.socket.id;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Connects and expects the server to accept the connection. */
  async connect(within = DEFAULT_WAIT_MS): Promise<this> {
    const outcome = await this.handshake(within);
    if (outcome.kind === 'refused') {
      throw new CheckFailure(
        `Expected ${this.name} to connect to ${this.namespace}, but the server refused the connection: ` +
          `${formatValue(outcome.error.message)}${describeErrorData(outcome.error)}.`,
      );
    }
    return this;
  }

  /** Connects and expects the server to refuse; resolves with the `connect_error`. */
  async connectRefused(within = DEFAULT_WAIT_MS): Promise<{ message: string; data?: any }> {
    const outcome = await this.handshake(within);
    if (outcome.kind === 'accepted') {
      throw new CheckFailure(
        `Expected the server to refuse ${this.name}'s connection to ${this.namespace}, but it accepted it ` +
          `(socket id ${this.socket.id}).`,
      );
    }
    return outcome.error;
  }

  emit(event: string, ...args: unknown[]): void {
    this.transcript.add(`${this.name} → ${[event, ...args.map((arg) => formatValue(arg))].join(' ')}`);
    this.socket.emit(event, ...args);
  }

  /**
   * Emits `event` with `payload` and resolves with the acknowledgement. Fails
   * as soon as the server answers with an `exception` event instead.
   */
  async ack<T = any>(event: string, payload?: unknown, within = DEFAULT_WAIT_MS): Promise<T> {
    const { acked, reply, refusal, end } = await this.emitAndAwaitAnswer(event, payload, within, ' (expects an ack)');
    if (acked) return reply as T;
    if (refusal) {
      const { message } = this.consume(refusal);
      throw new CheckFailure(
        `Expected an acknowledgement of '${event}', but the server answered with the exception event: ` +
          `${formatValue(message)}.${unknownFieldNote(message)}`,
      );
    }
    if (!this.connected) {
      throw new CheckFailure(
        `Expected an acknowledgement of '${event}', but ${this.name} was disconnected (${this.disconnectReason}).`,
      );
    }
    throw new CheckFailure(
      `Expected an acknowledgement of '${event}' ${waitedFor(within, end)}, but none came. ` +
        'A handler acknowledges by returning a value (or an observable/promise of one).',
    );
  }

  /**
   * A round trip (ping, then its ack): whatever the server sent this socket
   * before has arrived. Check that something did NOT arrive after this.
   */
  async settle(within = DEFAULT_WAIT_MS): Promise<void> {
    await this.ack('ping', undefined, within);
  }

  /** Emits `event` and expects the server to refuse it with Nest's `exception` event. */
  async exception(event: string, payload?: unknown, within = DEFAULT_WAIT_MS): Promise<ServerException> {
    const { acked, reply, refusal, end } = await this.emitAndAwaitAnswer(event, payload, within, '');
    if (refusal) return this.consume(refusal);
    if (acked) {
      throw new CheckFailure(
        `Expected the server to refuse '${event}' ${formatValue(payload)} with an exception event, ` +
          `but it acknowledged it with ${formatValue(reply)}.`,
      );
    }
    if (!this.connected) {
      throw new CheckFailure(
        `Expected an exception event for '${event}', but ${this.name} was disconnected (${this.disconnectReason}).`,
      );
    }
    throw new CheckFailure(
      `Expected the server to answer '${event}' ${formatValue(payload)} with an exception event ` +
        `${waitedFor(within, end)}, but nothing came. Throw a WsException from the handler (or its pipe).`,
    );
  }

  /**
   * Emits `event` with an acknowledgement callback, as `emitWithAck` does, and collects both answers of a
   * refused event: the `exception` event and the ack, and the order they came in. Fails when no `exception` comes.
   */
  async ackAndException(event: string, payload?: unknown, within = DEFAULT_WAIT_MS): Promise<AckAndException> {
    const order: string[] = [];
    const onException = () => order.push('exception');
    this.socket.on('exception', onException);
    try {
      const args = payload === undefined ? [] : [payload];
      this.transcript.add(
        `${this.name} → ${[event, ...args.map((arg) => formatValue(arg))].join(' ')} (expects an ack)`,
      );
      const answer = await new Promise<{ acked: boolean; ack: unknown }>((resolve) => {
        const deadline = patientTimeout(() => {
          this.transcript.add(`${this.name} (no ack of ${event} within ${within} ms)`);
          resolve({ acked: false, ack: undefined });
        }, within);
        this.socket.emit(event, ...args, (value: unknown) => {
          deadline.clear();
          order.push('ack');
          this.transcript.add(`${this.name} ← ack of ${event}: ${formatValue(value)}`);
          resolve({ acked: true, ack: value });
        });
      });
      const exception = await this.next<ServerException>('exception', { what: `for '${event}'` });
      return { ...answer, exception, order };
    } finally {
      this.socket.off('exception', onException);
    }
  }

  /** Emits `event` with an ack callback and waits for the ack, an `exception` for it, a disconnect or `within` ms. */
  private async emitAndAwaitAnswer(
    event: string,
    payload: unknown,
    within: number,
    note: string,
  ): Promise<{ acked: boolean; reply: unknown; refusal: Arrival | undefined; end: WaitEnd }> {
    const args = payload === undefined ? [] : [payload];
    this.transcript.add(`${this.name} → ${[event, ...args.map((arg) => formatValue(arg))].join(' ')}${note}`);
    const mark = this.arrivals.length;
    let acked = false;
    let reply: unknown;
    this.socket.emit(event, ...args, (value: unknown) => {
      acked = true;
      reply = value;
      this.transcript.add(`${this.name} ← ack of ${event}: ${formatValue(value)}`);
      this.changes.notify();
    });
    const end = await this.changes.until(
      within,
      () => acked || this.exceptionSince(mark, event) !== undefined || !this.connected,
    );
    return { acked, reply, refusal: this.exceptionSince(mark, event), end };
  }

  /** Resolves with the payload of the next `event` (one not consumed by an earlier wait). */
  async next<T = any>(event: string, options: WaitOptions = {}): Promise<T> {
    const within = options.within ?? DEFAULT_WAIT_MS;
    const matches = (arrival: Arrival) =>
      !arrival.consumed && arrival.event === event && (!options.where || options.where(arrival.args[0]));
    const end = await this.changes.until(within, () => this.arrivals.some(matches));
    const found = this.arrivals.find(matches);
    if (!found) {
      const what = options.what ? ` ${options.what}` : '';
      throw new CheckFailure(
        `Expected ${this.name} to receive '${event}'${what} ${waitedFor(within, end)}, but ${this.describeArrivals(event)}.`,
      );
    }
    found.consumed = true;
    return found.args[0] as T;
  }

  /** Every payload of `event` received so far, consumed or not. */
  received<T = any>(event: string): T[] {
    return this.arrivals.filter((arrival) => arrival.event === event).map((arrival) => arrival.args[0] as T);
  }

  /** Resolves with the reason once the server disconnects this socket. */
  async disconnected(within = DEFAULT_WAIT_MS): Promise<string> {
    const end = await this.changes.until(within, () => this.disconnectReason !== undefined);
    if (this.disconnectReason === undefined) {
      throw new CheckFailure(
        `Expected the server to disconnect ${this.name} ${waitedFor(within, end)}, but the connection was still open.`,
      );
    }
    return this.disconnectReason;
  }

  close(): void {
    if (this.socket.connected || this.socket.active) {
      this.transcript.add(`${this.name} closes its connection`);
    }
    this.socket.offAny();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private async handshake(
    within: number,
  ): Promise<{ kind: 'accepted' } | { kind: 'refused'; error: { message: string; data?: any } }> {
    this.transcript.add(`${this.name} ⇢ connect ${this.namespace}${describeHandshake(this.options)}`);
    return new Promise((resolve, reject) => {
      const timer = patientTimeout(() => {
        cleanup();
        this.socket.disconnect();
        reject(
          new CheckFailure(
            `Expected ${this.name}'s connection to ${this.namespace} to be answered within ${within} ms, but the server neither accepted nor refused it.`,
          ),
        );
      }, within);
      const onConnect = () => {
        cleanup();
        this.transcript.add(`${this.name} ← connect (id ${this.socket.id})`);
        resolve({ kind: 'accepted' });
      };
      const onError = (error: Error & { data?: any }) => {
        cleanup();
        this.transcript.add(`${this.name} ← connect_error ${formatValue(error.message)}${describeErrorData(error)}`);
        resolve({ kind: 'refused', error: { message: error.message, data: error.data } });
      };
      const cleanup = () => {
        timer.clear();
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
      };
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
      this.socket.connect();
    });
  }

  /** The first unconsumed `exception` event for `event` that arrived after `mark`. */
  private exceptionSince(mark: number, event: string): Arrival | undefined {
    return this.arrivals.slice(mark).find((arrival) => {
      if (arrival.event !== 'exception' || arrival.consumed) return false;
      const pattern = (arrival.args[0] as ServerException | undefined)?.cause?.pattern;
      return pattern === undefined || pattern === event;
    });
  }

  private consume(arrival: Arrival): ServerException {
    arrival.consumed = true;
    return arrival.args[0] as ServerException;
  }

  private describeArrivals(event: string): string {
    const others = this.arrivals.filter((arrival) => !arrival.consumed && arrival.event !== event);
    const same = this.arrivals.filter((arrival) => arrival.event === event && !arrival.consumed);
    if (same.length > 0) {
      return `the '${event}' events it received did not match: ${same.map((a) => formatValue(a.args[0])).join(', ')}`;
    }
    if (this.disconnectReason !== undefined) return `it was disconnected (${this.disconnectReason})`;
    if (others.length === 0) return 'nothing arrived';
    return `it received only ${others.map((a) => `'${a.event}' ${formatValue(a.args[0], 80)}`).join(', ')}`;
  }

  private arrive(event: string, args: unknown[]): void {
    this.arrivals.push({ event, args, consumed: false });
    this.changes.notify();
  }
}

function describeHandshake(options: SocketOptions): string {
  const parts: string[] = [];
  if (options.auth) parts.push(`auth=${formatValue(options.auth, 80)}`);
  if (options.headers) parts.push(`headers=${formatValue(options.headers, 80)}`);
  if (options.query) parts.push(`query=${formatValue(options.query, 80)}`);
  return parts.length ? ` with ${parts.join(' ')}` : '';
}

function describeErrorData(error: { data?: unknown }): string {
  return error.data === undefined ? '' : ` data=${formatValue(error.data)}`;
}

/**
 * What to add to a failure whose refusal is ValidationPipe's words for a field that has no rule: the course's
 * pipe drops such fields (whitelist) rather than refuse them (forbidNonWhitelisted).
 */
export function unknownFieldNote(message: unknown): string {
  return typeof message === 'string' && /^property \S+ should not exist$/.test(message)
    ? ' A field that has no rule is to be dropped, not refused: whitelist without forbidNonWhitelisted.'
    : '';
}
