import { describe, expect, test } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { findLesson, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { readRecap } from '../../scripts/lib/course/recap.js';
import { courseSiteInChromium, findChromium, INSTALL_CHROMIUM, pictureOf, seriousViolations } from './browser.js';

/**
 * The questions at the end of a lesson page: each answer stays folded until
 * the learner opens it, with the keyboard as well as the mouse.
 */
const chromiumFound = findChromium();
const SCREENSHOTS = path.join(REPO_ROOT, 'test', 'web', 'screenshots');

if (!chromiumFound.path) {
  test.skip(`the lesson's questions in Chromium: ${chromiumFound.reason}; install it: ${INSTALL_CHROMIUM}`, () =>
    undefined);
}

(chromiumFound.path ? describe : describe.skip)("the lesson's questions in Chromium", () => {
  const site = courseSiteInChromium(chromiumFound.path!, 'questions');

  test('an answer is hidden until Enter on its summary reveals it', async () => {
    const { questions } = readRecap(findLesson('3'));
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(`${site.url}/lessons/3#check-your-understanding`);
      const section = page.getByRole('region', { name: 'Questions' });
      await section.waitFor({ timeout: 10_000 });
      expect(await section.locator('li.question').count()).toBe(questions.length);
      const first = section.locator('details.answer').first();
      const answer = first.locator('.answer-text');
      expect(await answer.isVisible()).toBe(false);

      // Reached with Tab from the element before it, as a keyboard user would, with a focus ring.
      await first
        .locator('..')
        .locator('.question-text')
        .evaluate((element) => {
          element.setAttribute('tabindex', '-1');
          (element as HTMLElement).focus();
        });
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Show the answer to question 1');
      expect(
        await page.evaluate(() => Number.parseFloat(getComputedStyle(document.activeElement as Element).outlineWidth)),
      ).toBeGreaterThanOrEqual(2);
      await page.keyboard.press('Enter');
      await expect(first.getAttribute('open')).resolves.toBe('');
      await answer.waitFor({ state: 'visible', timeout: 5_000 });
      // The answer's first words, as the page shows them (code spans without their backticks).
      const opening = questions[0].answer.split('\n')[0].replaceAll('`', '').slice(0, 30);
      expect(await answer.innerText()).toContain(opening);
      expect(await section.locator('details.answer').nth(1).locator('.answer-text').isVisible()).toBe(false);
      expect(await seriousViolations(page, 'lesson 3, an answer open')).toEqual([]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await pictureOf(page, section, path.join(SCREENSHOTS, 'lesson-3-questions.png'));
    } finally {
      await context.close();
    }
  }, 60_000);
});
