/**
 * @typedef {ReturnType<typeof playgroundFor>} Playground
 */

/**
 * What the playground offers for a lesson, read from its README so that it
 * follows the lessons as they change: Socket.IO clients when the lesson uses
 * socket.io-client, an EventSource panel when it uses EventSource, a login
 * when it has `POST /auth/login`, readiness when it has a health route, a
 * token refresh when it has `auth:refresh`.
 * @param {string} readme
 * @param {number[]} ports the ports of the app instances the course runs for this lesson (none: not running)
 */
export function playgroundFor(readme, ports) {
  const namespace = /io\(\s*[`'"](?:https?:\/\/[^/`'"]+|\$\{[^}]+\})?(\/[\w-]+)[`'"]/.exec(readme)?.[1] ?? '/chat';
  return {
    ports,
    sockets: /socket\.io-client|\bio\(/.test(readme),
    sse: /\bEventSource\b/.test(readme),
    login: /\/auth\/login\b/.test(readme),
    health: /\/health\b/.test(readme),
    namespace,
    users: ['alice', 'bob', 'carol'],
    admins: ['carol'],
    refresh: /\bauth:refresh\b/.test(readme),
    streamPath: /\/[\w/-]*\/stream\b/.exec(readme)?.[0] ?? '/notifications/stream',
  };
}
