import type { Logger } from '@nestjs/common';
import type { Command, Redis } from 'ioredis';

/** The most commands a connection may hold unanswered: a Redis that hangs answers none of them. */
export const MAX_PENDING_COMMANDS = 1000;
/** The most bytes a connection may hold unsent in its socket's buffer. */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

/**
 * Makes a client fit for a server that must survive losing Redis:
 *
 * - Without an `error` listener ioredis prints every failed reconnection
 *   attempt; this one logs one warning when the connection is lost and one
 *   when it is back (with the URL as `urlForLogs`, never with a password).
 * - The Socket.IO adapter publishes and unsubscribes without awaiting the
 *   reply. While Redis is away each of those commands fails, and a rejected
 *   promise nobody awaits ends a Node process. Their failures are dropped here;
 *   commands that are awaited still see them.
 * - A Redis that hangs (a frozen process, a network that drops every packet)
 *   keeps the connection open and answers nothing: `enableOfflineQueue: false`
 *   does not apply, since the client is still connected, and every broadcast
 *   would wait in memory until Redis answers. Past MAX_PENDING_COMMANDS
 *   unanswered commands or MAX_UNSENT_BYTES unsent, a new command fails at once.
 */
export function surviveOutages(
  client: Redis,
  role: string,
  logger: Logger,
  urlForLogs: string,
): Redis {
  let connected = false;
  let everConnected = false;
  client.on('error', () => undefined);
  // 'reconnecting' follows a failed attempt or a lost connection, never quit() or disconnect().
  client.on('reconnecting', () => {
    if (!connected) return;
    connected = false;
    logger.warn(`Lost the ${role} connection to ${urlForLogs}; reconnecting`);
  });
  client.on('ready', () => {
    if (everConnected)
      logger.warn(`The ${role} connection to ${urlForLogs} is back`);
    connected = everConnected = true;
  });
  const send = client.sendCommand.bind(client);
  client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    const [command] = args;
    if (
      client.commandQueue.length >= MAX_PENDING_COMMANDS ||
      (client.stream?.writableLength ?? 0) >= MAX_UNSENT_BYTES
    ) {
      refuse(command, role);
      command.promise.catch(() => undefined);
      return command.promise;
    }
    const reply = send(...args);
    if (reply instanceof Promise) reply.catch(() => undefined);
    return reply;
  };
  return client;
}

function refuse(command: Command, role: string): void {
  command.reject(
    new Error(
      `Redis has not answered ${MAX_PENDING_COMMANDS} commands of the ${role} connection: ${command.name} dropped`,
    ),
  );
}
