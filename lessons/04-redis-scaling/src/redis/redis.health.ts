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

  // TODO 19: report, as a health indicator under the key it is given, whether this app can exchange
  //   messages with the others through Redis: up only while both connections are, with the state
  //   of each (Your tasks, 19)
}

/** How a connection is doing: 'ready', or why not (its status, or 'no answer'). */
async function stateOf(client: Redis): Promise<string> {
  // TODO 20: a connection that looks up is 'ready' only once Redis itself answered it, within
  //   the deadline above; 'no answer' otherwise (Your tasks, 20)
  return client.status;
}
