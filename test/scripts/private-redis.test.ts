import { expect, test } from '@jest/globals';
import { createServer } from 'node:net';
import { hasRedisServer, PrivateRedis } from '../../scripts/lib/net/redis-server.js';
import { findFreePort } from '../../scripts/lib/net/ports.js';

const withRedis = hasRedisServer() ? test : test.skip;

withRedis(
  'a port taken between finding it and binding it: the next free port is tried, not reported as no Redis',
  async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    const offered: number[] = [];
    const findPort = async () => {
      const port = offered.length === 0 ? taken : await findFreePort();
      offered.push(port);
      return port;
    };
    let redis: PrivateRedis | undefined;
    try {
      redis = await PrivateRedis.start({ findPort });
      expect(offered).toHaveLength(2);
      expect(redis.port).toBe(offered[1]);
      expect(redis.port).not.toBe(taken);
    } finally {
      await redis?.close();
      squatter.close();
    }
  },
);
