import { describe, expect, test } from '@jest/globals';
import * as solution from '../../solutions/04-redis-scaling/src/config.js';
import * as starter from '../../lessons/04-redis-scaling/src/config.js';

// Lesson 4's configuration is provided: the starter's and the solution's are one file.
describe.each([
  ['solution', solution],
  ['starter', starter],
])("lesson 4's Redis configuration (%s)", (_tree, config) => {
  const redisUrl = (value: string): string => config.validateEnv({ NODE_ENV: 'test', REDIS_URL: value }).app.redisUrl;

  test('REDISS:// in upper case keeps TLS: the scheme is lower-cased for ioredis', () => {
    expect(redisUrl('REDISS://chat:secret@redis.internal:6380')).toBe('rediss://chat:secret@redis.internal:6380');
    expect(redisUrl('Redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  test('a URL for the logs hides the password of the user part and of the query', () => {
    expect(config.redisUrlForLogs('redis://chat:secret@host:6379')).toBe('redis://***@host:6379');
    const query = config.redisUrlForLogs('redis://host:6379/0?password=secret&db=0');
    expect(query).not.toContain('secret');
    expect(query).toContain('db=0');
    expect(config.redisUrlForLogs('redis://host:6379')).toBe('redis://host:6379');
  });
  test('USERS_ONLINE_LIMIT is 1000 unless set, a whole number of 1 or more', () => {
    const limit = (value?: string) =>
      config.validateEnv({ NODE_ENV: 'test', USERS_ONLINE_LIMIT: value }).app.usersOnlineLimit;
    expect(limit()).toBe(1000);
    expect(limit('25')).toBe(25);
    expect(() => limit('0')).toThrow(/USERS_ONLINE_LIMIT/);
  });

  test('INSTANCE_ID is random unless set, and at most 100 characters: the others take no longer name from Redis', () => {
    const id = (value?: string) => config.validateEnv({ NODE_ENV: 'test', INSTANCE_ID: value }).app.instanceId;
    expect(id()).toMatch(/^instance-[0-9a-f]{8}$/);
    expect(id(' A-1 ')).toBe('A-1');
    expect(id('x'.repeat(100))).toHaveLength(100);
    expect(() => id('x'.repeat(101))).toThrow(/INSTANCE_ID must be at most 100 characters/);
  });
});
