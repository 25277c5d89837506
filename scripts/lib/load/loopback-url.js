import { UsageError } from '../cli/usage-error.js';

/** The hosts a load generator may aim at: this machine, by name or address. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The app's origin from `--url`, refused unless it is plain http(s) on this machine:
 * a load generator must never be pointed at someone else's server.
 * @param {string} text
 * @returns {URL} the origin, without path
 */
export function parseLoopbackUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`npm run bench: --url must be the app's address, like http://localhost:3000; got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`npm run bench: --url must start with http:// or https://, got "${url.protocol}"`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `npm run bench: refusing ${url.hostname}: the load generator only runs against this machine (localhost, 127.0.0.1 or [::1])`,
    );
  }
  if (url.username || url.password) throw new UsageError('npm run bench: --url takes no user or password');
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new UsageError(`npm run bench: --url is the app's address without a path, like ${url.origin}`);
  }
  return new URL(url.origin);
}

/** @param {string} hostname as `URL.hostname` spells it (IPv6 in brackets) */
export function isLoopbackHost(hostname) {
  return LOOPBACK_HOSTS.includes(hostname.toLowerCase());
}
