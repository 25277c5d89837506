// TODO 7: report whether this app can exchange messages with the others through Redis, from the
//   state of its two connections, as a health indicator named redis (Your tasks, 7)
import { Injectable } from '@nestjs/common';

@Injectable()
export class RedisHealthIndicator {}
