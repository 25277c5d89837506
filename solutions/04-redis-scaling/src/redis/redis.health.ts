import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { RedisPubSubService } from './redis-pub-sub.service.js';

/** How long readiness waits for each connection to answer PING. */
export const READY_PING_DEADLINE_MS = 500;

/**
 * Up while both connections are up: this instance's broadcasts reach the others, and theirs reach it.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisPubSubService,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key: string) {
    const indicator = this.health.check(key);
    const [publisher, subscriber] = await Promise.all([
      stateOf(this.redis.publisher),
      stateOf(this.redis.subscriber),
    ]);
    const connections = { publisher, subscriber };
    const up = publisher === 'ready' && subscriber === 'ready';
    return up ? indicator.up(connections) : indicator.down(connections);
  }
}

/** How a connection is doing: 'ready', or why not (its status, or 'no answer'). */
async function stateOf(client: Redis): Promise<string> {
  // A Redis that hangs leaves its connections 'ready' for minutes: only a round trip tells.
  if (client.status !== 'ready') return client.status;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>(
    (resolve) =>
      (timer = setTimeout(() => resolve('no answer'), READY_PING_DEADLINE_MS)),
  );
  // Redis answers PING on a subscribed connection too.
  const pong = client.ping().then(
    () => 'ready',
    () => 'no answer',
  );
  return Promise.race([pong, late]).finally(() => clearTimeout(timer));
}
