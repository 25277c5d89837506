import { request as httpRequest } from 'node:http';

/**
 * Forwards the playground's HTTP calls (login, tickets, publishing, the SSE
 * stream, health) to the app the course runs, so the page needs nothing from
 * the app's CORS settings: `/relay/<instance>/<path>` → `http://127.0.0.1:<port><path>`.
 * Only the ports of the app this course started are reachable; the answer's
 * CORS headers are dropped so that no other site can read it through here.
 */
const REQUEST_HEADERS = ['content-type', 'authorization', 'last-event-id', 'accept'];
const RESPONSE_HEADERS = ['content-type', 'cache-control', 'x-accel-buffering', 'www-authenticate', 'retry-after'];

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {number} port the app instance's port
 * @param {string} target the path and query to ask it for
 */
export function relayToApp(request, response, port, target) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const name of REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = httpRequest({ host: '127.0.0.1', port, method: request.method, path: target, headers }, (answer) => {
    /** @type {Record<string, string>} */
    const kept = {};
    for (const name of RESPONSE_HEADERS) {
      const value = answer.headers[name];
      if (typeof value === 'string') kept[name] = value;
    }
    response.writeHead(answer.statusCode ?? 502, kept);
    answer.pipe(response);
  });
  upstream.setTimeout(10_000, () => {
    // A stream may stay quiet longer than this; only a request still waiting for its answer is given up.
    if (!response.headersSent) upstream.destroy(new Error(`the app on port ${port} did not answer within 10 s`));
  });
  upstream.on('error', (error) => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const refused = /** @type {NodeJS.ErrnoException} */ (error).code === 'ECONNREFUSED';
    response.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
    response.end(
      JSON.stringify({
        error: refused
          ? `No app is listening on port ${port}: is npm run lesson still running, and did the app start?`
          : error.message,
      }),
    );
  });
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
}
