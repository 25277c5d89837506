import { describe, expect, test } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { refusal } from '../../scripts/web/request-guard.js';

const request = (method: string, url: string, headers: Record<string, string>) =>
  ({ method, url, headers }) as unknown as IncomingMessage;

describe('the course site refuses what a foreign page could send', () => {
  test.each([
    ['localhost:4000', 'GET', '/lessons/1', {}, undefined],
    ['127.0.0.1:4000', 'GET', '/', {}, undefined],
    ['LOCALHOST:4000', 'GET', '/', {}, undefined],
    ['evil.example:4000', 'GET', '/', {}, 421],
    ['localhost:4001', 'GET', '/', {}, 421],
    ['localhost', 'GET', '/', {}, 421],
    ['', 'GET', '/', {}, 421],
    ['localhost:4000', 'POST', '/api/lessons/1/runs', { origin: 'http://localhost:4000' }, undefined],
    ['localhost:4000', 'POST', '/api/lessons/1/runs', { origin: 'http://127.0.0.1:4000' }, undefined],
    ['localhost:4000', 'POST', '/api/lessons/1/runs', {}, 403],
    ['localhost:4000', 'POST', '/api/lessons/1/runs', { origin: 'https://evil.example' }, 403],
    ['localhost:4000', 'POST', '/api/lessons/1/runs', { origin: 'http://localhost:3000' }, 403],
    ['localhost:4000', 'POST', '/api/lessons/1/runs', { origin: 'null' }, 403],
    ['localhost:4000', 'PUT', '/api/lessons/1/runs', { origin: 'http://localhost:4000' }, 405],
    ['localhost:4000', 'DELETE', '/', {}, 405],
    ['localhost:4000', 'GET', '/api/lessons/1/diff', { 'sec-fetch-site': 'cross-site' }, 403],
    ['localhost:4000', 'GET', '/relay/1/0/health', { 'sec-fetch-site': 'same-site' }, 403],
    ['localhost:4000', 'GET', '/./api/lessons/1/diff', { 'sec-fetch-site': 'cross-site' }, 403],
    ['localhost:4000', 'GET', '/%2e/api/lessons/1/diff', { 'sec-fetch-site': 'cross-site' }, 403],
    ['localhost:4000', 'GET', '/x/../api/lessons/1/diff', { 'sec-fetch-site': 'cross-site' }, 403],
    ['localhost:4000', 'GET', '/relay/2/0/../../api/lessons/1/diff', { 'sec-fetch-site': 'cross-site' }, 403],
    ['localhost:4000', 'GET', '//x/api/lessons/1/diff', {}, 400],
    ['localhost:4000', 'GET', '/\\x/api/lessons/1/diff', {}, 400],
    ['localhost:4000', 'GET', 'http://localhost:4000/api/lessons/1/diff', {}, 400],
    ['localhost:4000', 'GET', '*', {}, 400],
    ['localhost:4000', 'GET', '/api/lessons/1/diff', { 'sec-fetch-site': 'same-origin' }, undefined],
    ['localhost:4000', 'GET', '/lessons/1', { 'sec-fetch-site': 'cross-site' }, undefined],
  ])('Host %s, %s %s %j → %s', (host, method, url, headers, status) => {
    const answer = refusal(request(method, url, { ...(host ? { host } : {}), ...headers }), 4000);
    expect(answer?.status).toBe(status);
  });
});
