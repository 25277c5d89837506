/**
 * A Server-Sent Events response: the technique of lesson 3, on the course's
 * own side. `: keep-alive` comments keep idle connections open.
 * @param {import('node:http').ServerResponse} response
 * @param {{ heartbeatMs?: number }} [options]
 */
export function openEventStream(response, { heartbeatMs = 15_000 } = {}) {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.write('retry: 2000\n\n');
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  response.on('close', () => clearInterval(heartbeat));
  return {
    /** @param {string} event @param {unknown} data @param {number} [id] */
    send(event, data, id) {
      const lines = [`event: ${event}`];
      if (id !== undefined) lines.push(`id: ${id}`);
      for (const line of JSON.stringify(data).split('\n')) lines.push(`data: ${line}`);
      response.write(`${lines.join('\n')}\n\n`);
    },
    close() {
      clearInterval(heartbeat);
      response.end();
    },
  };
}
