/**
 * The one-line client `npm run lesson N` prints once the app runs, keyed by
 * lesson number. `{url}` is the app's base URL. Run from the course root, so
 * socket.io-client resolves from its node_modules.
 * @type {Record<number, string>}
 */
export const TRY_IT = {
  1: `node --input-type=module -e "import { io } from 'socket.io-client'; const s = io('{url}/chat'); s.on('connect', async () => { console.log('ping ->', await s.emitWithAck('ping')); s.close(); })"`,
  2: `curl -s -X POST {url}/auth/login -H 'content-type: application/json' -d '{"username":"alice","password":"alice-secret"}'`,
  3: `T=$(curl -s -X POST {url}/auth/login -H 'content-type: application/json' -d '{"username":"alice","password":"alice-secret"}' | node -pe 'JSON.parse(fs.readFileSync(0)).accessToken'); curl -N "{url}/notifications/stream?ticket=$(curl -s -X POST {url}/notifications/ticket -H "authorization: Bearer $T" | node -pe 'JSON.parse(fs.readFileSync(0)).ticket')"`,
  4: `curl -s {url}/health`,
};
