/**
 * The rules that keep a local server local. A page the learner has open on
 * any other site can send requests to 127.0.0.1; these make sure it can
 * neither act (run checks, reveal hints, talk to the app) nor read anything.
 */

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {{ status: number, reason: string }} Refusal */

/** The origins the site answers as: what a browser sends as Host and Origin. @param {number} port */
export function ownOrigins(port) {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/**
 * Why a request must be refused, or undefined when it may go on.
 * - every request: `Host` must be localhost or 127.0.0.1 with the site's port
 *   (a foreign name that resolves to 127.0.0.1 is DNS rebinding);
 * - actions (`POST`): `Origin` must be the site's own;
 * - anything but GET, HEAD and POST is refused;
 * - the request target must be a path that starts with a single `/`;
 * - data (`/api/`, `/relay/`, as the router reads the path: `/./api/…` and
 *   `/relay/2/0/../../api/…` are `/api/…` too): a browser that says the request
 *   comes from another site (`Sec-Fetch-Site`) is refused, even for a GET.
 * @param {IncomingMessage} request
 * @param {number} port the port the site listens on
 * @returns {Refusal | undefined}
 */
export function refusal(request, port) {
  const origins = ownOrigins(port);
  const host = request.headers.host;
  if (!host || !origins.includes(`http://${host.toLowerCase()}`)) {
    return {
      status: 421,
      reason: `This course page answers only as localhost:${port} or 127.0.0.1:${port}, not as ${JSON.stringify(host ?? '')}.`,
    };
  }
  const method = request.method ?? 'GET';
  if (!['GET', 'HEAD', 'POST'].includes(method)) return { status: 405, reason: `${method} is not allowed here.` };
  if (method === 'POST') {
    const origin = request.headers.origin;
    if (!origin || !origins.includes(origin.toLowerCase())) {
      return {
        status: 403,
        reason: `Actions are accepted only from the course page itself, not from origin ${JSON.stringify(origin ?? '(none)')}.`,
      };
    }
  }
  const target = request.url ?? '';
  const routed = routedPath(target);
  if (routed === undefined)
    return { status: 400, reason: 'A request target here is a path that starts with a single /.' };
  const site = request.headers['sec-fetch-site'];
  const isData = /^\/(api|relay)\//.test(routed);
  if (isData && site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, reason: `Course data is served only to the course page itself (Sec-Fetch-Site: ${site}).` };
  }
  return undefined;
}

/**
 * The path as the site's router reads it (`new URL` resolves dot segments,
 * `%2e` and `\\` too), or undefined for a target that is not a path starting
 * with a single `/`: `//x/…` and `/\\x/…` name another host.
 * @param {string} target the request target
 * @returns {string | undefined}
 */
export function routedPath(target) {
  if (!target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    const url = new URL(target, 'http://localhost');
    return url.host === 'localhost' ? url.pathname : undefined;
  } catch {
    return undefined;
  }
}
