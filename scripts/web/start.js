/** @typedef {import('../lib/course/catalog.js').Lesson} Lesson */

/**
 * Serves the course site for `npm run lesson N` (or alone, for `npm run web`).
 * Loaded and started after the app has been spawned, so the app's start-up
 * does not wait for it. A port in use is one line on stderr, and the app
 * goes on without its page.
 * @param {{ port: number, solution: boolean, apps: Record<number, number[]>, lesson?: Lesson, command: string }} options
 * @returns {Promise<{ url: string, close: () => Promise<unknown> } | undefined>}
 */
export async function startCourseSite({ port, solution, apps, lesson, command }) {
  const { createCourseSite } = await import('./server.js');
  const site = createCourseSite({ solution, apps });
  try {
    await site.listen(port);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${port} is already in use (another npm run lesson or npm run web still running?)`
        : String(/** @type {Error} */ (error).message);
    process.stderr.write(
      `Lesson page not served: ${why}. Stop it, or choose another port: COURSE_PORT=${port + 10} ${command}\n`,
    );
    return undefined;
  }
  process.once('exit', () => void site.close());
  const url = `http://localhost:${site.port}${lesson ? `/lessons/${lesson.number}` : '/'}`;
  return { url, close: () => site.close() };
}
