/**
 * @typedef {ReturnType<typeof playgroundFor>} Playground
 */

/**
 * What the playground offers for a lesson, from its manifest (lesson.json): Socket.IO clients on the
 * lesson's namespace, an EventSource panel on its stream route, a login for its seed users (admins marked) on its
 * login route with their passwords (the README gives them to the learner too), readiness, a token refresh
 * when the lesson teaches `auth:refresh`.
 * @param {import('../lib/course/catalog.js').Lesson} lesson
 * @param {number[]} ports the ports of the app instances the course runs for this lesson (none: not running)
 */
export function playgroundFor(lesson, ports) {
  const { namespace, routes, users, playground } = lesson.manifest;
  const panels = new Set(playground.panels);
  return {
    ports,
    sockets: panels.has('sockets'),
    sse: panels.has('sse'),
    login: panels.has('login'),
    health: panels.has('health'),
    namespace,
    users: users.map((user) => user.name),
    admins: users.filter((user) => user.role === 'admin').map((user) => user.name),
    passwords: Object.fromEntries(users.map((user) => [user.name, user.password ?? ''])),
    loginPath: routes.login,
    refresh: panels.has('refresh'),
    streamPath: routes.stream,
  };
}
