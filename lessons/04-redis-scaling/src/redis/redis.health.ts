// TODO 15: report whether this app can exchange messages with the others through Redis right now,
//   as a health indicator named redis: both connections up, and each answering within a deadline
//   (a Redis that hangs keeps its connections up) (Your tasks, 15)
import { Injectable } from '@nestjs/common';

@Injectable()
export class RedisHealthIndicator {}
