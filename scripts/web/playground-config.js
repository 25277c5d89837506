/**
 * What the playground offers for a lesson, from its manifest (lesson.json): Socket.IO clients on the
 * lesson's namespace, an EventSource panel on its stream route, a login for its seed users, readiness.
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
    streamPath: routes.stream,
  };
}
