import { Controller } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { RedisHealthIndicator } from '../redis/redis.health.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
  ) {}

  // TODO 19: GET /health/live says whether this process serves, whatever Redis does; GET /health/ready
  //   says whether it should get new clients: 503 while the indicator of Redis is down (Your tasks, 19)
}
