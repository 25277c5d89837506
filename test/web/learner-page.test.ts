import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { findLesson, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { createCourseSite } from '../../scripts/web/server.js';
import {
  childEnv,
  findChromium,
  INSTALL_CHROMIUM,
  launchChromium,
  seriousViolations,
  startLessonApp,
} from './browser.js';

/**
 * The course page as a learner meets it: the starters, a failing run, the
 * keyboard, a phone, and pages of other sites trying their luck. Screenshots
 * go to test/web/screenshots/ (git-ignored).
 */
const SCREENSHOTS = path.join(REPO_ROOT, 'test', 'web', 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const RUN_WITHIN = 120_000;
const chromiumFound = findChromium();

if (!chromiumFound.path) {
  test.skip(`the course page in Chromium: ${chromiumFound.reason}; install it: ${INSTALL_CHROMIUM}`, () => undefined);
}

(chromiumFound.path ? describe : describe.skip)('the course page as a learner meets it', () => {
  let browser: Browser;
  let progressDir: string;
  let site: ReturnType<typeof createCourseSite>;
  let port: number;
  const apps: Record<number, number[]> = {};
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    progressDir = mkdtempSync(path.join(tmpdir(), 'course-learner-'));
    browser = await launchChromium(chromiumFound.path as string);
    // The starters, as `npm run lesson N` serves them; `apps` is filled in by the tests that run one.
    site = createCourseSite({
      solution: false,
      apps,
      env: childEnv({ COURSE_PROGRESS_FILE: path.join(progressDir, 'progress.json') }),
    });
    port = await site.listen(0);
  }, 90_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await site?.close();
    await browser?.close();
    rmSync(progressDir, { recursive: true, force: true });
  }, 30_000);

  async function open(target: string, viewport = DESKTOP) {
    const context = await browser.newContext({ viewport });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://localhost:${port}${target}`);
    await page.locator('#run-checks').waitFor({ state: 'attached' });
    return { page, errors };
  }

  const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

  /** Every tab of the work pane, checked by axe: nothing serious or critical. */
  async function axeEveryTab(page: Page, when: string) {
    const found: string[] = [];
    for (const tab of ['Checks', 'Playground', 'Diff']) {
      await page.getByRole('tab', { name: tab }).click();
      if (tab === 'Diff') {
        await page.getByRole('button', { name: 'Starter → solution' }).click();
        await page.locator('.diff-summary, .solution-gate').first().waitFor({ timeout: 30_000 });
        if (await page.locator('.solution-gate').isVisible()) {
          found.push(...(await seriousViolations(page, `${when}, the question before the solution`)));
          await page.getByRole('button', { name: 'Show the solution' }).click();
          await page.locator('.diff-summary').waitFor({ timeout: 30_000 });
        }
      }
      found.push(...(await seriousViolations(page, `${when}, ${tab} tab`)));
    }
    await page.getByRole('tab', { name: 'Checks' }).click();
    return found;
  }

  test.each([1, 2, 3, 4])(
    'lesson %i as first opened: Run checks in view, the TODOs in task order and once each, links, names, nothing axe calls serious',
    async (number) => {
      const { page, errors } = await open(`/lessons/${number}`);
      const run = await page.getByRole('button', { name: 'Run checks' }).boundingBox();
      expect((run?.y ?? Infinity) + (run?.height ?? 0)).toBeLessThanOrEqual(DESKTOP.height);
      const tags = (await page.locator('.todos li .task-tag').allTextContents()).map((text) =>
        Number(/\d+/.exec(text)?.[0]),
      );
      expect(tags.length).toBeGreaterThan(0);
      expect(tags).toEqual([...tags].sort((a, b) => a - b));
      const items = await page.locator('.todos li').allTextContents();
      expect(items.filter((item) => /Your tasks/i.test(item))).toEqual([]);
      expect(items.filter((item) => (item.match(/\bTask \d+\b/g) ?? []).length !== 1)).toEqual([]);
      // The lesson text's URLs are links, as the hints' are.
      expect(await page.locator('article a[href^="https://"]').count()).toBeGreaterThan(number === 1 ? 3 : 0);
      // The navigation names each lesson, not just its number.
      await page
        .getByRole('link', { name: `Lesson ${number}: ${findLesson(String(number)).title}`, exact: false })
        .waitFor();
      if (number === 1) {
        await screenshot(page, 'starter-first-load');
        // An author's HTML comment (the try-it command) is not shown.
        expect(await page.locator('article').textContent()).not.toContain('try-it:');
      }
      expect(await axeEveryTab(page, `lesson ${number} before a run`)).toEqual([]);
      expect(errors).toEqual([]);
    },
    180_000,
  );

  test('on a phone: a switch between the lesson and the work pane, nothing wider than the screen, targets of 24 px', async () => {
    const { page, errors } = await open('/lessons/1', PHONE);
    await screenshot(page, 'starter-first-load-phone');
    await page.getByRole('button', { name: 'Your work' }).click();
    const run = await page.getByRole('button', { name: 'Run checks' }).boundingBox();
    expect(run && run.y + run.height <= PHONE.height && run.y >= 0).toBe(true);
    expect(await page.locator('article.lesson').isVisible()).toBe(false);
    // The tabs stay under the header and the switch, and nothing is hidden under them.
    const [header, tabs] = await Promise.all([
      page.locator('.pane-switch').boundingBox(),
      page.locator('.tabs').boundingBox(),
    ]);
    expect((tabs?.y ?? 0) >= (header?.y ?? 0) + (header?.height ?? 0) - 1).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('a, button, input, select, summary, [role="tab"]')]
        .filter((element) => element.offsetParent !== null && !element.closest('article, .todos li, p'))
        .map((element) => ({
          name: element.textContent?.trim().slice(0, 30) || element.getAttribute('aria-label') || element.tagName,
          box: element.getBoundingClientRect(),
        }))
        .filter(({ box }) => box.height < 24 || box.width < 24)
        .map(({ name, box }) => `${name} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    expect(await seriousViolations(page, 'phone, work pane')).toEqual([]);
    await page.getByRole('button', { name: 'Lesson', exact: true }).click();
    expect(await page.locator('article.lesson').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);

  test('with the keyboard: the skip link first, Home and End on the tabs, a focus ring that stands out everywhere', async () => {
    const { page } = await open('/lessons/1');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to checks and playground');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Checks' }).focus();
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-diff');
    expect(await page.getByRole('tab', { name: 'Diff' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-checks');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-diff');
    await page.keyboard.press('Home');

    // Every stop on the way through the page: a ring of at least 2 px at 3:1 against what surrounds it.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.click(1, 1);
    const weak: string[] = [];
    for (let stop = 0; stop < 45; stop += 1) {
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return undefined;
        const style = getComputedStyle(element);
        const parse = (color: string) => (/rgba?\(([^)]+)\)/.exec(color)?.[1] ?? '0,0,0,0').split(',').map(Number);
        // The ring is drawn around the element (inside it when its offset is negative): that is its background.
        let around: Element | null = Number.parseFloat(style.outlineOffset) < 0 ? element : element.parentElement;
        let background = [255, 255, 255];
        while (around) {
          const [r, g, b, a = 1] = parse(getComputedStyle(around).backgroundColor);
          if (a > 0.5) {
            background = [r, g, b];
            break;
          }
          around = around.parentElement;
        }
        const luminance = ([r, g, b]: number[]) => {
          const [R, G, B] = [r, g, b].map((value) => {
            const c = value / 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * R + 0.7152 * G + 0.0722 * B;
        };
        const [l1, l2] = [luminance(parse(style.outlineColor)), luminance(background)].sort((a, b) => b - a);
        return {
          name: `${element.tagName.toLowerCase()} ${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}`,
          width: Number.parseFloat(style.outlineWidth),
          style: style.outlineStyle,
          ratio: (l1 + 0.05) / (l2 + 0.05),
        };
      });
      if (!ring) continue;
      if (ring.style === 'none' || ring.width < 2 || ring.ratio < 3)
        weak.push(`${ring.name}: ${ring.style} ${ring.width}px at ${ring.ratio.toFixed(2)}:1`);
    }
    expect(weak).toEqual([]);
  }, 60_000);

  test(
    'a failing run: the verdict the terminal prints, announced once, the first failure open, the rest one line, hints to the last',
    async () => {
      const { page, errors } = await open('/lessons/1');
      await page.evaluate(() => {
        const status = document.getElementById('run-status') as HTMLElement;
        (window as unknown as { announced: number }).announced = 0;
        new MutationObserver(() => ((window as unknown as { announced: number }).announced += 1)).observe(status, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await page.getByRole('button', { name: 'Run checks' }).click();
      await page.locator('#run-checks[aria-busy="true"]').waitFor({ timeout: 30_000 });
      await page.locator('#run-checks:not([aria-busy])').waitFor({ timeout: RUN_WITHIN });
      const status = page
        .getByRole('status')
        .filter({ hasText: /checks pass/ })
        .first();
      const verdict = (await status.textContent()) ?? '';
      // The terminal's verdict, word for word (on a busy machine the next check may be a baseline one that missed its deadline).
      expect(verdict).toMatch(
        /^\d+ of \d+ checks pass\. Next: .+Stuck\? npm run hint 1 shows one more hint each time\.$/,
      );
      expect(await page.evaluate(() => (window as unknown as { announced: number }).announced)).toBe(1);
      await page.getByText(/^course: \d+ passed, \d+ failed$/).waitFor();

      // The page does not grow: the panes scroll, the header stays.
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(DESKTOP.height);
      expect(await page.locator('.check.failed:not(.folded) .failure').count()).toBe(1);
      const folded = page.locator('.check.folded');
      expect(await folded.count()).toBeGreaterThan(3);
      const heights = await folded.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().height));
      expect(heights.filter((height) => height > 32)).toEqual([]);
      await screenshot(page, 'failing-run');
      await page.setViewportSize(PHONE);
      await page.getByRole('button', { name: 'Your work' }).click();
      await screenshot(page, 'failing-run-phone');
      await page.setViewportSize(DESKTOP);

      // Failing only.
      await page.getByRole('switch', { name: 'Failing only' }).check();
      expect(await page.locator('.check.passed:visible').count()).toBe(0);
      expect(await page.locator('.check.failed:visible').count()).toBeGreaterThan(3);
      await page.getByRole('switch', { name: 'Failing only' }).uncheck();

      // A later task's failure says first to fix the earlier task that fails too.
      const later = page.locator('.check.folded').filter({ hasText: 'joining a room acknowledges' });
      const summary = later.locator(':scope > details > summary');
      await summary.click();
      expect(await later.locator('.hint-lead').textContent()).toMatch(
        /^First: Task 1 · .+ fails too: fix it first; this check needs it\.$/,
      );
      await summary.click();

      // More hint, with the keyboard, to the last tier: the focus stays on the hints, never on the page.
      const more = page.getByRole('button', { name: 'More hint' });
      for (let tier = 0; tier < 5 && (await more.isEnabled()); tier += 1) {
        await more.focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction(
          (count) => document.querySelectorAll('.check.failed:not(.folded) ol.hints li').length > count,
          tier + 1,
          { timeout: 10_000 },
        );
        expect(await page.evaluate(() => document.activeElement?.closest('ol.hints') !== null)).toBe(true);
      }
      expect(await more.isDisabled()).toBe(true);
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);

      // While checks fail, the diff asks first and offers the next hint; once shown, it asks no more.
      await page.getByRole('tab', { name: 'Diff' }).click();
      await page.getByRole('button', { name: 'Starter → solution' }).click();
      const gate = page.getByRole('group', { name: 'Show the solution?' });
      await gate.getByText(/^Your last run passed \d+ of \d+ checks/).waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('The next hint instead');
      await page.keyboard.press('Enter');
      expect(await page.getByRole('tab', { name: 'Checks' }).getAttribute('aria-selected')).toBe('true');
      expect(await axeEveryTab(page, 'lesson 1 after a failing run')).toEqual([]);
      await page.getByRole('tab', { name: 'Diff' }).click();
      await page.getByRole('button', { name: 'Starter → solution' }).click();
      await page.locator('.diff-summary').waitFor({ timeout: 30_000 });
      expect(await gate.count()).toBe(0);
      // The navigation says what is left, from the run just recorded.
      await page.reload();
      await page.getByRole('link', { name: /^Lesson 1: .*\(\d+ to go\)$/ }).waitFor();
      expect(errors).toEqual([]);
    },
    RUN_WITHIN + 120_000,
  );

  test(
    '"Check on save": a save during a run runs the checks once more',
    async () => {
      const { page } = await open('/lessons/1');
      await page.getByRole('switch', { name: 'Check on save' }).check();
      const channel = site.runs.channel(findLesson('1'));
      const before = channel.runNumber;
      await page.getByRole('button', { name: 'Run checks' }).click();
      await page.locator('#run-checks[aria-busy="true"]').waitFor({ timeout: 30_000 });
      // The learner saves a file, unchanged, while the run goes on.
      const file = path.join(findLesson('1').starterDir, 'src', 'main.ts');
      writeFileSync(file, readFileSync(file, 'utf8'));
      await page.getByText(/saved during the run/).waitFor({ timeout: 10_000 });
      expect(channel.runNumber).toBe(before + 1);
      const deadline = Date.now() + 2 * RUN_WITHIN;
      while (channel.runNumber < before + 2 && Date.now() < deadline) await page.waitForTimeout(250);
      expect(channel.runNumber).toBe(before + 2);
      await page.locator('#run-checks:not([aria-busy])').waitFor({ timeout: RUN_WITHIN });
      await page
        .getByRole('status')
        .filter({ hasText: /checks pass/ })
        .waitFor();
    },
    3 * RUN_WITHIN,
  );

  test('a starter with no gateway: the playground says so instead of retrying', async () => {
    const app = await startLessonApp('lessons', '01-gateway-basics', childEnv());
    cleanups.push(() => app.stop());
    apps[1] = [app.port];
    const { page, errors } = await open('/lessons/1#playground');
    const client = page.getByRole('region', { name: 'Client A' });
    await client.getByRole('button', { name: 'Client A: Connect' }).click();
    await client
      .getByRole('log')
      .getByText('no Socket.IO server on this port yet: is the class a gateway?', { exact: false })
      .waitFor({ timeout: 15_000 });
    expect(await client.getByText('retrying').count()).toBe(0);
    expect(errors).toEqual([]);
    delete apps[1];
  }, 120_000);

  test('the README is shown, never rendered as HTML: the learner edits it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'course-readme-'));
    cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
    mkdirSync(path.join(root, 'lessons', '01-x'), { recursive: true });
    // A lesson is its folder, its manifest and its README.
    writeFileSync(
      path.join(root, 'lessons', '01-x', 'lesson.json'),
      readFileSync(path.join(findLesson('1').starterDir, 'lesson.json')),
    );
    writeFileSync(
      path.join(root, 'lessons', '01-x', 'README.md'),
      [
        '# Lesson 1: X',
        '',
        '<img src="/nowhere.png" onerror="window.rendered = true">',
        '',
        'Inline <b onclick="x()">bold</b> and https://docs.nestjs.com too.',
        '',
        '## Your tasks',
        '',
        '1. **A task.**',
      ].join('\n'),
    );
    const own = createCourseSite({ root });
    const ownPort = await own.listen(0);
    cleanups.push(() => own.close());
    const context = await browser.newContext({ viewport: DESKTOP });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(`http://localhost:${ownPort}/lessons/1`);
    await page.getByText('<img src="/nowhere.png"', { exact: false }).waitFor();
    expect(await page.locator('article img, article b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { rendered?: boolean }).rendered)).toBeUndefined();
    expect(await page.locator('article a[href="https://docs.nestjs.com"]').count()).toBe(1);
  }, 60_000);

  test('a page of another site: no action, no data, whatever path or name it tries', async () => {
    const foreign: Server = createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => foreign.close(resolve)));
    const context = await browser.newContext();
    cleanups.push(() => context.close());
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    const before = site.runs.channel(findLesson('2')).runNumber;
    const attempts = await other.evaluate(async (base) => {
      const tries: Record<string, string> = {};
      const attempt = async (name: string, run: () => Promise<Response>) => {
        try {
          const response = await run();
          tries[name] = `${response.type} ${response.status}`;
        } catch (error) {
          tries[name] = `error ${(error as Error).name}`;
        }
      };
      await attempt('run', () => fetch(`${base}/api/lessons/2/runs`, { method: 'POST', mode: 'no-cors' }));
      await attempt('run by a dot path', () =>
        fetch(`${base}/./api/lessons/2/runs`, { method: 'POST', mode: 'no-cors' }),
      );
      await attempt('diff by a dot path', () =>
        fetch(`${base}/x/%2e%2e/api/lessons/1/diff?from=mine`, { mode: 'no-cors' }),
      );
      await attempt('read diff', () => fetch(`${base}/api/lessons/1/diff?from=mine`));
      await attempt('read a solution file', () => fetch(`${base}/files/solutions/01-gateway-basics/src/app.ts`));
      return tries;
    }, `http://localhost:${port}`);
    expect(attempts).toEqual({
      run: 'opaque 0',
      'run by a dot path': 'opaque 0',
      'diff by a dot path': 'opaque 0',
      'read diff': 'error TypeError',
      'read a solution file': 'error TypeError',
    });
    expect(site.runs.channel(findLesson('2')).runNumber).toBe(before);
    const rebound = await other.goto(`http://evil.test:${port}/lessons/1`);
    expect(rebound?.status()).toBe(421);

    // What a browser would never send, a script can: the guard reads the path as the router does.
    const ask = (target: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: target, headers: { host: `localhost:${port}`, ...headers } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.setTimeout(10_000, () => req.destroy(new Error(`${target}: no answer within 10 s`)));
        req.on('error', reject);
        req.end();
      });
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    const answers = {
      '/./api/lessons/1/diff': await ask('/./api/lessons/1/diff', crossSite),
      '/%2e/api/lessons/1/diff': await ask('/%2e/api/lessons/1/diff', crossSite),
      '/relay/2/0/../../api/lessons/1/diff': await ask('/relay/2/0/../../api/lessons/1/diff', crossSite),
      '//x/api/lessons/1/diff': await ask('//x/api/lessons/1/diff'),
      '/files/solutions/01-gateway-basics/src/app.ts': await ask('/files/solutions/01-gateway-basics/src/app.ts'),
    };
    expect(answers).toEqual({
      '/./api/lessons/1/diff': 403,
      '/%2e/api/lessons/1/diff': 403,
      '/relay/2/0/../../api/lessons/1/diff': 403,
      '//x/api/lessons/1/diff': 400,
      '/files/solutions/01-gateway-basics/src/app.ts': 404,
    });
  }, 60_000);
});
