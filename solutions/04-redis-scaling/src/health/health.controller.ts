import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { APP_CONFIG } from '../app-config.token.js';
import type { AppConfig } from '../config.js';
import { RedisPubSubService } from '../redis/redis-pub-sub.service.js';

export interface Health {
  instance: string;
  redis: 'up' | 'down';
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisPubSubService,
  ) {}

  /**
   * 503 while Redis is unreachable: this instance still serves its own
   * clients, but a load balancer may prefer one that reaches everybody.
   */
  @Get()
  check(): Health {
    const instance = this.config.instanceId;
    if (!this.redis.isUp()) {
      throw new ServiceUnavailableException({ instance, redis: 'down' } satisfies Health);
    }
    return { instance, redis: 'up' };
  }
}
