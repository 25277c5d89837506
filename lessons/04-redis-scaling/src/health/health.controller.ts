// TODO 15: GET /health/live says whether this process serves, whatever Redis does; GET /health/ready
//   says whether it should get new clients: 503 while either Redis connection is down or Redis does
//   not answer (Your tasks, 15)
import { Controller } from '@nestjs/common';

@Controller('health')
export class HealthController {}
