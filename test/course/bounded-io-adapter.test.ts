import { describe, expect, test } from '@jest/globals';

const copies = ['lessons', 'solutions'].flatMap((tree) =>
  ['01-gateway-basics', '02-handshake-auth', '04-redis-scaling'].map((slug) => `${tree}/${slug}`),
);

// Provided in every lesson with a gateway, starter and solution alike.
describe.each(copies)('BoundedIoAdapter of %s', (copy) => {
  test('refuses to start without a frame limit, which would lift Socket.IO’s own', async () => {
    const { BoundedIoAdapter } = (await import(
      `../../${copy}/src/bounded-io.adapter.js`
    )) as typeof import('../../solutions/04-redis-scaling/src/bounded-io.adapter.js');
    const app = {} as ConstructorParameters<typeof BoundedIoAdapter>[0];
    expect(() => new BoundedIoAdapter(app, undefined as unknown as number)).toThrow(/WS_MAX_PAYLOAD_BYTES/);
    expect(() => new BoundedIoAdapter(app, 0)).toThrow(/WS_MAX_PAYLOAD_BYTES/);
    expect(() => new BoundedIoAdapter(app, 65536)).not.toThrow();
  });
});
