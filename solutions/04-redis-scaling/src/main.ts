import { createApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const app = await createApp(config);
await app.listen(config.port);
console.log(`Instance ${config.instanceId} on http://localhost:${config.port}: login at /auth/login, chat at /chat, health at /health`);
