import { ConfigService } from '@nestjs/config';
import { createApp } from './app.js';
import type { AppConfig } from './config.js';

const app = await createApp();
const { port, instanceId } = app.get(ConfigService).getOrThrow<AppConfig>('app');
await app.listen(port);
console.log(`Instance ${instanceId} on http://localhost:${port}: login at /auth/login, chat at /chat, health at /health/live and /health/ready`);
