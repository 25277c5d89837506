import { ConfigService } from '@nestjs/config';
import { createApp } from './app.js';
import type { AppConfig } from './config.js';

const app = await createApp();
const { port, host } = app.get(ConfigService).getOrThrow<AppConfig>('app');
await app.listen(port, host);
console.log(
  `Chat listening on http://${host}:${port}: sockets at /chat, announcements at POST /rooms/:room/announcements`,
);
