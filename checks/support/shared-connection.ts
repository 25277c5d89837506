import type { Socket as ClientSocket } from 'socket.io-client';
import type { CheckContext } from './check-context.js';
import { CheckFailure } from './check-failure.js';
import { patientTimeout } from './pace.js';
import type { SocketUnderTest } from './socket-under-test.js';

/**
 * Opens the main namespace '/' on the same underlying connection (the same Manager) as `s`. When the
 * server ends `s` with disconnect(true), the whole connection closes and this socket drops too; after
 * a plain disconnect() of `s` it stays connected.
 */
export async function shareConnection(
  t: CheckContext,
  s: SocketUnderTest,
): Promise<{ dropped: (within: number) => Promise<string | undefined> }> {
  const main: ClientSocket = s.socket.io.socket('/');
  let reason: string | undefined;
  const waiters = new Set<() => void>();
  main.on('disconnect', (why) => {
    reason = why;
    t.transcript.add(`${s.name}'s connection (namespace /) ✕ disconnected (${why})`);
    for (const wake of waiters) wake();
  });
  t.defer(() => {
    main.removeAllListeners();
    main.disconnect();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = patientTimeout(
      () =>
        reject(
          new CheckFailure(
            `Expected ${s.name}'s client to open the main namespace '/' too, but it did not connect within 1000 ms.`,
          ),
        ),
      1000,
    );
    main.once('connect', () => {
      timer.clear();
      resolve();
    });
    main.connect();
  });
  t.transcript.add(`${s.name} also opens namespace / on the same connection`);
  return {
    dropped: (within) =>
      new Promise((resolve) => {
        if (reason !== undefined) return resolve(reason);
        const wake = () => {
          timer.clear();
          waiters.delete(wake);
          resolve(reason);
        };
        const timer = patientTimeout(wake, within);
        waiters.add(wake);
      }),
  };
}

export async function expectConnectionClosed(
  t: CheckContext,
  who: string,
  connection: { dropped: (within: number) => Promise<string | undefined> },
  how: string,
): Promise<void> {
  const reason = await connection.dropped(1000);
  t.expect(
    reason !== undefined,
    `Expected ${how} to close ${who}'s underlying connection (socket.disconnect(true)), but only the /chat socket ended: ` +
      `another namespace on the same connection was still connected 1000 ms later.`,
  );
}
