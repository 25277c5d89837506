import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisModule } from '../redis/redis.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [
    // Terminus logs every failed probe as an error: a balancer that probes every few seconds would
    // fill the log for a whole outage. The Redis connections log when they are lost and when they are back.
    TerminusModule.forRoot({ logger: false }),
    RedisModule,
  ],
  controllers: [HealthController],
})
export class HealthModule {}
