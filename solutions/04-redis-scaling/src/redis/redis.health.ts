import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisPubSubService } from './redis-pub-sub.service.js';

/** Up while both connections are ready: this instance's broadcasts reach the others, and theirs reach it. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisPubSubService,
    private readonly health: HealthIndicatorService,
  ) {}

  isHealthy(key: string) {
    const indicator = this.health.check(key);
    const connections = {
      publisher: this.redis.publisher.status,
      subscriber: this.redis.subscriber.status,
    };
    const up =
      connections.publisher === 'ready' && connections.subscriber === 'ready';
    return up ? indicator.up(connections) : indicator.down(connections);
  }
}
