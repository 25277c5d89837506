import { Module } from '@nestjs/common';
import { RedisPubSubService } from './redis-pub-sub.service.js';

@Module({
  providers: [RedisPubSubService],
  exports: [RedisPubSubService],
})
export class RedisModule {}
