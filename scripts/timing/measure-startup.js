import { spawn } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { REPO_ROOT } from '../lib/course/catalog.js';
import { median } from '../lib/figures/stats.js';
import { stopChild } from '../lib/net/child-process.js';
import { parsePort } from '../lib/net/ports.js';

/**
 * What the course page costs `npm run lesson N`: the time from starting
 * `node scripts/lesson.js N --no-watch` to the app answering HTTP on PORT, with the page and with `--no-web`, alternated, several times.
 *   node scripts/timing/measure-startup.js [lesson] [runs]
 * Uses PORT (default 3500) and COURSE_PORT (default 4500).
 */
const lesson = process.argv[2] ?? '1';
const runs = Number(process.argv[3] ?? 8);
const port = parsePort('PORT', process.env.PORT, 3500);
const coursePort = String(parsePort('COURSE_PORT', process.env.COURSE_PORT, 4500));

/** @param {boolean} web @returns {Promise<number>} ms until the app listens */
async function once(web) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'lesson.js'), lesson, '--no-watch', ...(web ? [] : ['--no-web'])],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), COURSE_PORT: coursePort, NO_COLOR: '1' },
      stdio: 'ignore',
    },
  );
  const deadline = started + 60_000;
  try {
    while (!(await accepts(port))) {
      if (performance.now() > deadline) throw new Error(`the app did not listen on ${port} within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - started;
  } finally {
    await stopChild(child, 5000, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * Whether the app answers HTTP on the port. A bare TCP connect is not enough:
 * npm run lesson probes that the port is free by listening on it for a moment.
 * @param {number} target
 */
function accepts(target) {
  return new Promise((resolve) => {
    const ask = request({ host: '127.0.0.1', port: target, path: '/', timeout: 250 }, (answer) => {
      answer.resume();
      resolve(true);
    });
    ask.once('timeout', () => ask.destroy());
    ask.once('error', () => resolve(false));
    ask.end();
  });
}

/** The site's own start in a fresh process (import, then listen): what it can take from the app. */
async function siteAlone() {
  const code = `
    const t0 = performance.now(); const c0 = process.cpuUsage();
    const { startCourseSite } = await import(${JSON.stringify(new URL('../web/start.js', import.meta.url).href)});
    const site = await startCourseSite({ port: ${Number(coursePort)}, solution: false, apps: {}, command: 'measure' });
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }));
    await site?.close(); process.exit(0);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out);
}

const alone = [];
for (let run = 0; run < 5; run += 1) alone.push(await siteAlone());
console.log(
  `the site's own start (import + listen, fresh process, median of 5): ${Math.round(median(alone.map((a) => a.wall)))} ms wall, ${Math.round(median(alone.map((a) => a.cpu)))} ms CPU`,
);

const times = { web: /** @type {number[]} */ ([]), noWeb: /** @type {number[]} */ ([]) };
await once(true); // warm the file cache
for (let run = 0; run < runs; run += 1) {
  for (const web of run % 2 === 0 ? [true, false] : [false, true])
    (web ? times.web : times.noWeb).push(await once(web));
}
const show = (/** @type {number[]} */ values) => values.map((value) => Math.round(value)).join(', ');
console.log(`lesson ${lesson}, ${runs} runs each, ms from start to the app listening on ${port}:`);
console.log(`  with the page: median ${Math.round(median(times.web))}  (${show(times.web)})`);
console.log(`  --no-web:      median ${Math.round(median(times.noWeb))}  (${show(times.noWeb)})`);
console.log(`  the page adds: ${Math.round(median(times.web) - median(times.noWeb))} ms (median difference)`);
