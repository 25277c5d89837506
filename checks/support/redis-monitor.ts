import { connect } from 'node:net';

/** One command Redis ran, as MONITOR reports it. */
export interface MonitoredCommand {
  /** The command and its arguments, unescaped. */
  args: string[];
  /** The address of the connection that sent it ("127.0.0.1:55528"). */
  source: string;
}

export interface RedisMonitor {
  /** Calls listener for every command Redis runs from now on. */
  onCommand(listener: (command: MonitoredCommand) => void): void;
  close(): void;
}

const OPEN_DEADLINE_MS = 5000;

/**
 * A MONITOR connection on its own socket. ioredis's monitor() marks the connection as monitoring only a
 * microtask after MONITOR's OK, so a command Redis reports in the same packet as the OK throws
 * "Command queue state error" inside ioredis; reading the replies here has no such gap.
 */
export function openRedisMonitor(url: string): Promise<RedisMonitor> {
  const target = new URL(url);
  const socket = connect({ host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 6379) });
  const listeners: ((command: MonitoredCommand) => void)[] = [];
  const greetings = target.password ? 2 : 1;
  let okCount = 0;
  let buffered = '';
  socket.setEncoding('latin1');
  if (target.password) {
    const user = decodeURIComponent(target.username || 'default');
    socket.write(resp(['AUTH', user, decodeURIComponent(target.password)]));
  }
  socket.write(resp(['MONITOR']));
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => fail(new Error(`MONITOR on ${url} was not answered within ${OPEN_DEADLINE_MS} ms`)),
      OPEN_DEADLINE_MS,
    );
    const fail = (error: Error): void => {
      clearTimeout(deadline);
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (line.startsWith('-')) return fail(new Error(`Redis refused MONITOR: ${line.slice(1)}`));
        if (okCount < greetings) {
          if (line === '+OK' && ++okCount === greetings) {
            clearTimeout(deadline);
            socket.off('error', fail);
            socket.on('error', () => undefined);
            resolve({ onCommand: (listener) => void listeners.push(listener), close: () => void socket.destroy() });
          }
          continue;
        }
        const command = parseMonitorLine(line);
        if (command) for (const listener of listeners) listener(command);
      }
    });
  });
}

function resp(args: string[]): string {
  return `*${args.length}\r\n` + args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('');
}

/** `+1796513168.648150 [0 127.0.0.1:55528] "publish" "a \"b\""` → { args: ['publish', 'a "b"'], source }. */
function parseMonitorLine(line: string): MonitoredCommand | undefined {
  const header = /^\+\S+ \[\S+ ([^\]]+)\] /.exec(line);
  if (!header) return undefined;
  const args: string[] = [];
  let index = header[0].length;
  while (index < line.length) {
    if (line[index] !== '"') break;
    let arg = '';
    index++;
    while (index < line.length && line[index] !== '"') {
      if (line[index] !== '\\') {
        arg += line[index++];
        continue;
      }
      const escaped = line[index + 1];
      if (escaped === 'x') {
        arg += String.fromCharCode(parseInt(line.slice(index + 2, index + 4), 16));
        index += 4;
      } else {
        arg += ({ n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<string, string>)[escaped] ?? escaped;
        index += 2;
      }
    }
    args.push(arg);
    index += 2;
  }
  return { args, source: header[1] };
}
