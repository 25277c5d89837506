import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

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
    const reply = send(...args);
    if (reply instanceof Promise) reply.catch(() => undefined);
    return reply;
  };
  return client;
}
