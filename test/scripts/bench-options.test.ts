import { describe, expect, test } from '@jest/globals';
import { defaultUrl, parseBenchRequest, wholeNumber } from '../../scripts/lib/load/bench-options.js';
import { isLoopbackHost, parseLoopbackUrl } from '../../scripts/lib/load/loopback-url.js';
import { UsageError } from '../../scripts/lib/cli/usage-error.js';

describe('npm run bench arguments', () => {
  test('no lesson: asks which one (the course timing is npm run time-course)', () => {
    expect(() => parseBenchRequest([], {}, {})).toThrow('npm run bench: which lesson? Usage: npm run bench <lesson>');
  });

  test("a lesson: the learner's app on localhost:PORT, 5 s, the lesson's default clients", () => {
    const request = parseBenchRequest(['1'], {}, { PORT: '3005' });
    expect(request).toMatchObject({ kind: 'lesson', lessonArg: '1', solution: false, clients: undefined, seconds: 5 });
    expect(request.kind === 'lesson' && request.url?.href).toBe('http://localhost:3005/');
  });

  test('--solution takes no URL; --clients and --seconds are read', () => {
    expect(parseBenchRequest(['2'], { solution: true, clients: '20', seconds: '1' }, {})).toEqual({
      kind: 'lesson',
      lessonArg: '2',
      solution: true,
      url: undefined,
      clients: 20,
      seconds: 1,
    });
    expect(() => parseBenchRequest(['2'], { solution: true, url: 'http://localhost:3000' }, {})).toThrow(
      'takes no --url',
    );
  });

  test.each([
    [{ clients: '0' }, 'npm run bench: --clients takes a whole number from 1 to 1000, got "0"'],
    [{ clients: '1001' }, 'npm run bench: --clients takes a whole number from 1 to 1000, got "1001"'],
    [{ clients: 'many' }, 'npm run bench: --clients takes a whole number from 1 to 1000, got "many"'],
    [{ clients: '2.5' }, 'npm run bench: --clients takes a whole number from 1 to 1000, got "2.5"'],
    [{ seconds: '0' }, 'npm run bench: --seconds takes a whole number from 1 to 30, got "0"'],
    [{ seconds: '31' }, 'npm run bench: --seconds takes a whole number from 1 to 30, got "31"'],
  ])('a lesson with %j is refused', (flags, message) => {
    expect(() => parseBenchRequest(['1'], flags, {})).toThrow(new UsageError(message));
  });

  test('the default URL follows PORT, and refuses a bad one', () => {
    expect(defaultUrl({})).toBe('http://localhost:3000');
    expect(defaultUrl({ PORT: '' })).toBe('http://localhost:3000');
    expect(defaultUrl({ PORT: '4123' })).toBe('http://localhost:4123');
    expect(() => defaultUrl({ PORT: 'x' })).toThrow('PORT must be a whole number');
  });

  test('a flag that was not given stays undefined', () => {
    expect(wholeNumber('clients', undefined, { min: 1, max: 10 })).toBeUndefined();
    expect(wholeNumber('clients', ' 7 ', { min: 1, max: 10 })).toBe(7);
  });
});

describe('the loopback rule', () => {
  test.each([
    'http://localhost:3000',
    'http://127.0.0.1:3000',
    'http://[::1]:3000',
    'https://LOCALHOST:8443/',
    'http://localhost',
  ])('accepts %s', (url) => {
    expect(parseLoopbackUrl(url).pathname).toBe('/');
  });

  test('keeps only the origin', () => {
    expect(parseLoopbackUrl('http://127.0.0.1:3000/').href).toBe('http://127.0.0.1:3000/');
  });

  test.each([
    [
      'http://example.com:3000',
      'npm run bench: refusing example.com: the load generator only runs against this machine (localhost, 127.0.0.1 or [::1])',
    ],
    [
      'http://10.0.0.5:3000',
      'npm run bench: refusing 10.0.0.5: the load generator only runs against this machine (localhost, 127.0.0.1 or [::1])',
    ],
    [
      'http://127.0.0.2:3000',
      'npm run bench: refusing 127.0.0.2: the load generator only runs against this machine (localhost, 127.0.0.1 or [::1])',
    ],
    [
      'http://localhost.example.com',
      'npm run bench: refusing localhost.example.com: the load generator only runs against this machine (localhost, 127.0.0.1 or [::1])',
    ],
    [
      'http://[::2]:3000',
      'npm run bench: refusing [::2]: the load generator only runs against this machine (localhost, 127.0.0.1 or [::1])',
    ],
    ['ws://localhost:3000', 'npm run bench: --url must start with http:// or https://, got "ws:"'],
    ['localhost:3000', 'npm run bench: --url must start with http:// or https://, got "localhost:"'],
    ['not a url', 'npm run bench: --url must be the app\'s address, like http://localhost:3000; got "not a url"'],
    ['http://user:pw@localhost:3000', 'npm run bench: --url takes no user or password'],
    [
      'http://localhost:3000/chat',
      "npm run bench: --url is the app's address without a path, like http://localhost:3000",
    ],
  ])('refuses %s', (url, message) => {
    expect(() => parseLoopbackUrl(url)).toThrow(new UsageError(message));
  });

  test('hosts', () => {
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});
