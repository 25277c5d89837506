import { createApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const app = await createApp(config);
await app.listen(config.port);
console.log(`Login on http://localhost:${config.port}/auth/login, chat on http://localhost:${config.port}/chat`);
