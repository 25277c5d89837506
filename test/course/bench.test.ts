import { describe, expect, test } from '@jest/globals';
import { findFreePort, isListening } from '../../scripts/lib/net/ports.js';
import { runNode } from './run-node.js';

const BENCH = 'scripts/bench.js';

describe('npm run bench N', () => {
  test('1 -- --solution: starts the solution, loads it, prints the table, stops the app', async () => {
    const { code, stdout, stderr } = await runNode(
      [BENCH, '1', '--solution', '--clients', '20', '--seconds', '1'],
      {},
      60_000,
    );
    expect(stderr).toContain('starting the solution app');
    expect(stdout).toContain('Lesson 1 · WebSocket gateways with the Socket.IO adapter');
    expect(stdout).toContain('fan-out: 20 clients in one room');
    expect(stdout).toMatch(/^ {2}clients in the room\s+20$/m);
    expect(stdout).toMatch(/^ {2}deliveries per second\s+[\d,]+\/s$/m);
    expect(stdout).toMatch(/^ {2}latency p99, send → receipt\s+[\d.]+ m?s$/m);
    expect(stdout).toMatch(/^ {2}lost \(not received within 5 s\)\s+0$/m);
    expect(code).toBe(0);
    const port = Number(/connecting 20 clients to http:\/\/localhost:(\d+)/.exec(stderr)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await isListening(port)).toBe(false);
  }, 60_000);

  test('bad input gets one line and exit code 2', async () => {
    const nobody = await findFreePort();
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [['9'], {}, 'no lesson 9: lessons are 1 gateway-basics, 2 handshake-auth, 3 sse-push, 4 redis-scaling'],
      [['1', '--clients', '0'], {}, 'npm run bench: --clients takes a whole number from 1 to 1000, got "0"'],
      [
        ['1', '--url', 'http://example.com:3000'],
        {},
        'npm run bench: refusing example.com: the load generator only runs against this machine (localhost, 127.0.0.1 or [::1])',
      ],
      [
        ['1'],
        { PORT: String(nobody) },
        `npm run bench: no app answers at http://localhost:${nobody} (ECONNREFUSED). Start it in another terminal with npm run lesson 1, or measure the solution: npm run bench 1 -- --solution`,
      ],
    ];
    const runs = await Promise.all(cases.map(([args, env]) => runNode([BENCH, ...args], env)));
    expect(runs.map(({ code, stdout, stderr }) => ({ code, stdout, stderr }))).toEqual(
      cases.map(([, , message]) => ({ code: 2, stdout: '', stderr: `${message}\n` })),
    );
  }, 30_000);
});
