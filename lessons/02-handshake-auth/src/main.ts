import { ConfigService } from '@nestjs/config';
import { createApp } from './app.js';
import { AppConfig } from './config.js';

const app = await createApp();
const { port } = app.get(ConfigService).getOrThrow<AppConfig>('app');
await app.listen(port);
console.log(`Login on http://localhost:${port}/auth/login, chat on http://localhost:${port}/chat`);
