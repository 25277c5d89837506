import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisPubSubService } from './redis-pub-sub.service.js';
import { RedisHealthIndicator } from './redis.health.js';

@Module({
  imports: [TerminusModule],
  providers: [RedisPubSubService, RedisHealthIndicator],
  exports: [RedisPubSubService, RedisHealthIndicator],
})
export class RedisModule {}
