/**
 * The link that opens a file at a line in the learner's editor:
 * `vscode://file/<absolute path>:<line>:1` by default. COURSE_EDITOR_URL
 * changes it, with `{file}` (absolute path), `{line}` and `{column}` filled in,
 * e.g. `idea://open?file={file}&line={line}` or `cursor://file/{file}:{line}`.
 * @param {string} file an absolute path
 * @param {number} line
 * @param {string | undefined} template
 */
export function editorLink(file, line, template = process.env.COURSE_EDITOR_URL) {
  const pattern = template && template.includes('{file}') ? template : 'vscode://file{file}:{line}:{column}';
  const slashed = file.replaceAll('\\', '/');
  const absolute = slashed.startsWith('/') ? slashed : `/${slashed}`;
  const encodedPath = absolute
    .split('/')
    .map((part) => encodeURIComponent(part).replaceAll('%3A', ':'))
    .join('/');
  return pattern.replaceAll('{file}', encodedPath).replaceAll('{line}', String(line)).replaceAll('{column}', '1');
}
