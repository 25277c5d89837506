import { describe, expect, test } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { listLessons, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { readDiagram } from '../../scripts/lib/diagrams/mermaid-diagram.js';
import { courseSiteInChromium, findChromium, INSTALL_CHROMIUM, pictureOf, seriousViolations } from './browser.js';

/**
 * The lessons' diagrams on the page: every ```mermaid block of a README is an SVG named by its
 * accTitle, drawn under the page's Content-Security-Policy without a console error, and readable on
 * a phone (it fits or scrolls inside its own box). Screenshots go to test/web/screenshots/ (git-ignored).
 */
const chromiumFound = findChromium();
const SCREENSHOTS = path.join(REPO_ROOT, 'test', 'web', 'screenshots');

/** The accTitle of every diagram in a lesson's README, in order. */
function diagramTitles(starterDir: string): string[] {
  return new MarkdownIt()
    .parse(readFileSync(path.join(starterDir, 'README.md'), 'utf8'), {})
    .filter((token) => token.type === 'fence' && token.info.trim() === 'mermaid')
    .map((token) => readDiagram(token.content).title);
}

if (!chromiumFound.path) {
  test.skip(`the lessons' diagrams in Chromium: ${chromiumFound.reason}; install it: ${INSTALL_CHROMIUM}`, () =>
    undefined);
}

(chromiumFound.path ? describe : describe.skip)("the lessons' diagrams in Chromium", () => {
  const site = courseSiteInChromium(chromiumFound.path!, 'diagrams');

  test.each([
    ['a desktop', { width: 1280, height: 800 }],
    ['a phone', { width: 390, height: 844 }],
  ])(
    'every lesson draws its diagrams as named SVGs on %s, without a console error',
    async (device, viewport) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const context = await site.browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      // A style or script the Content-Security-Policy refuses is reported as a console error.
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        for (const lesson of listLessons()) {
          const titles = diagramTitles(lesson.starterDir);
          await page.goto(`${site.url}/lessons/${lesson.number}`);
          await page.locator('article.lesson').waitFor({ timeout: 10_000 });
          expect(await page.locator('figure.diagram-failed').count()).toBe(0);
          const drawn = page.locator('figure.diagram svg[role="img"]');
          expect(await drawn.count()).toBe(titles.length);
          for (const [index, title] of titles.entries()) {
            const image = page.getByRole('img', { name: title, exact: true });
            expect(await image.count()).toBe(1);
            // Its description is read out too, and it is drawn: boxes and words, not an empty frame.
            expect(await image.evaluate((svg) => svg.querySelector('desc')?.textContent ?? '')).not.toBe('');
            expect(await image.evaluate((svg) => svg.querySelectorAll('text').length)).toBeGreaterThan(2);
            const box = page.locator('figure.diagram .diagram-scroll').nth(index);
            const fit = await box.evaluate((element) => ({
              right: element.getBoundingClientRect().right,
              scrolls: element.scrollWidth > element.clientWidth,
              focusable: element.tabIndex === 0,
            }));
            // Never wider than the page: a wide drawing scrolls inside its box, which the keyboard can reach.
            expect(fit.right).toBeLessThanOrEqual(viewport.width);
            if (fit.scrolls) expect(fit.focusable).toBe(true);
            await pictureOf(
              page,
              box,
              path.join(SCREENSHOTS, `diagram-lesson-${lesson.number}-${index + 1}-${viewport.width}.png`),
            );
          }
          // axe on the narrow page, where the boxes scroll (the whole page: about 8 s a lesson).
          if (viewport.width < 600)
            expect(await seriousViolations(page, `lesson ${lesson.number} on ${device}`)).toEqual([]);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    120_000,
  );
});
