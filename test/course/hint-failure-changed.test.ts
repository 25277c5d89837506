import { afterAll, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import { HINTS_START_OVER } from '../../scripts/lib/checks/check-output.js';
import { failureHash } from '../../scripts/lib/checks/failure-shape.js';
import { declaredChecks } from '../../scripts/lib/checks/hint-source.js';
import type { Progress } from '../../scripts/lib/progress/progress.js';
import { CHECK, runNode } from './run-node.js';

/**
 * A learner reads every tier of a check's hint for one mistake. While the check fails the same way the tiers
 * stay read; once it fails another way (another mistake), they start over at tier 1, and the run says so.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'course-hint-failure-'));
const file = path.join(dir, 'progress.json');
const env = { COURSE_PROGRESS_FILE: file };
const check = () => runNode([...CHECK, '1'], env, 120_000);
const hint = () => runNode(['scripts/hint.js', '1'], env);
const lesson = findLesson('1');
const [first] = declaredChecks(lesson).filter((declared) => declared.task === 1);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the tiers go on while the check fails the same way, and start over, said, when it fails otherwise', async () => {
  expect((await check()).stdout).toContain(`Next: Task 1 · Open the gateway: ${first.title}`);
  expect((await hint()).stdout).toMatch(/^Hint 2\/3 · /);
  expect((await hint()).stdout).toMatch(/^Hint 3\/3 · /);

  // The same failure again: every tier stays read.
  const same = await check();
  expect(same.stdout).toContain(`      Hint: ${first.hints[0]}\n`);
  expect(same.stdout).not.toContain(HINTS_START_OVER);
  expect((await hint()).stdout).toMatch(/^That was the last hint for /);

  // As if the last run had failed on another mistake (the starter's failure is always the same one): the
  // progress file holds the hash of the failure, never its words.
  const progress = JSON.parse(readFileSync(file, 'utf8')) as Progress;
  const recorded = progress.lessons[lesson.slug].checks.find((summary) => summary.title === first.title);
  expect(recorded?.failure).toMatch(/^[0-9a-f]{16}$/);
  if (recorded)
    recorded.failure = failureHash("Expected alice to connect to /chat, but the server refused: 'Invalid namespace'.");
  writeFileSync(file, JSON.stringify(progress));

  // The page's run says it too, beside the failure (before the run is recorded, which starts them over).
  const before = readFileSync(file, 'utf8');
  const json = await runNode([...CHECK, '1', '--json'], env, 120_000);
  const end = json.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"end"'))
    .map((line) => JSON.parse(line) as { hintNotes: Record<string, string> })[0];
  expect(end.hintNotes).toEqual({ [first.title]: HINTS_START_OVER });
  writeFileSync(file, before);

  const other = await check();
  expect(other.stdout).toContain(`      Hint: ${HINTS_START_OVER}\n            ${first.hints[0]}\n`);
  const next = await hint();
  expect(next.stdout).toMatch(
    new RegExp(`^Hint 2/3 · ${first.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · Task 1\n`),
  );
  expect(readFileSync(file, 'utf8')).not.toContain(first.hints[0]);
}, 300_000);
