import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The file a `/files/<tree>/<slug>/<path>` request names, inside the lesson
 * trees (lessons/ and solutions/) only, or undefined. Traversal (`..`, an
 * encoded slash or backslash, a symbolic link out of the tree) is refused.
 * @param {string} root the course root
 * @param {string} urlPath the part after `/files/`, still URL-encoded
 * @returns {string | undefined} an absolute path to a regular file
 */
export function resolveTreeFile(root, urlPath) {
  const raw = urlPath.split('/');
  let segments;
  try {
    segments = raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || /[\\/\0]/.test(segment))) return undefined;
  const [tree, slug, ...rest] = segments;
  if (!['lessons', 'solutions'].includes(tree) || !/^\d\d-[a-z0-9-]+$/.test(slug ?? '') || rest.length === 0) return undefined;
  const base = path.join(root, tree, slug);
  const wanted = path.join(base, ...rest);
  try {
    const real = realpathSync(wanted);
    const realBase = realpathSync(base);
    if (!real.startsWith(realBase + path.sep)) return undefined;
    return statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** A content type for a file of the lesson trees or the page's assets. @param {string} file */
export function contentType(file) {
  const types = /** @type {Record<string, string>} */ ({
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
    '.ico': 'image/x-icon',
  });
  return types[path.extname(file).toLowerCase()] ?? 'text/plain; charset=utf-8';
}
