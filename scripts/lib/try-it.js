/**
 * The one-line client `npm run lesson N` prints once the app runs, keyed by
 * lesson number. `{url}` is the app's base URL. Run from the course root, so
 * socket.io-client resolves from its node_modules.
 * @type {Record<number, string>}
 */
export const TRY_IT = {
  1: `node --input-type=module -e "import { io } from 'socket.io-client'; const s = io('{url}/chat'); s.on('connect', async () => { console.log('ping ->', await s.emitWithAck('ping')); s.close(); })"`,
  2: `curl -s -X POST {url}/auth/login -H 'content-type: application/json' -d '{"username":"alice","password":"alice-secret"}'`,
  3: `curl -s -X POST {url}/auth/login -H 'content-type: application/json' -d '{"username":"alice","password":"alice-secret"}'  (then see "Try it" for the stream)`,
  4: `curl -s {url}/health`,
};
