import { afterAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { buildLesson, CompileError, nodeArgsFor, withSourcePaths } from '../../scripts/lib/app/lesson-build.js';

const scratch = mkdtempSync(path.join(REPO_ROOT, '.course', 'lesson-build-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sourceFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();

describe('building a lesson for npm run lesson', () => {
  test('every .ts file of src/ becomes a .js file of the build, with a source map that names the .ts file', async () => {
    const lessonDir = path.join(REPO_ROOT, 'solutions', '01-gateway-basics');
    const entry = await buildLesson(lessonDir);
    const built = path.dirname(entry);
    expect(path.basename(entry)).toBe('main.js');
    expect(sourceFiles(built)).toEqual(
      sourceFiles(path.join(lessonDir, 'src'))
        .map((file) => file.replace(/\.ts$/, '.js'))
        .sort(),
    );
    const map = /sourceMappingURL=data:application\/json;base64,(\S+)/.exec(
      readFileSync(path.join(built, 'app.module.js'), 'utf8'),
    )?.[1];
    expect(JSON.parse(Buffer.from(map ?? '', 'base64').toString('utf8')).sources).toEqual([
      path.join(lessonDir, 'src', 'app.module.ts'),
    ]);
    expect(withSourcePaths(`at ${path.join(built, 'app.module.js')}:3:1`)).toBe(
      `at ${path.join(lessonDir, 'src', 'app.module.js')}:3:1`,
    );
  });

  test('the built app runs under plain node and names the .ts line where it throws', async () => {
    const lessonDir = path.join(scratch, 'throws');
    cpSync(path.join(REPO_ROOT, 'solutions', '01-gateway-basics'), lessonDir, { recursive: true });
    writeFileSync(
      path.join(lessonDir, 'src', 'main.ts'),
      "import { AppModule } from './app.module.js';\n\nthrow new Error(`boom near ${typeof AppModule}`);\n",
    );
    const run = spawnSync(process.execPath, nodeArgsFor(await buildLesson(lessonDir)), {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(withSourcePaths(run.stderr)).toContain('Error: boom near function');
    expect(withSourcePaths(run.stderr)).toContain(`${path.join(lessonDir, 'src', 'main.ts')}:3:7`);
  });

  test('a file that does not compile is named, with the line swc points at, and nothing is run', async () => {
    const lessonDir = path.join(scratch, 'broken');
    cpSync(path.join(REPO_ROOT, 'lessons', '01-gateway-basics'), lessonDir, { recursive: true });
    writeFileSync(path.join(lessonDir, 'src', 'main.ts'), 'const port: number = ;\n');
    const failure = await buildLesson(lessonDir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CompileError);
    expect((failure as CompileError).file).toBe(path.relative(REPO_ROOT, path.join(lessonDir, 'src', 'main.ts')));
    expect((failure as CompileError).message).toContain('main.ts:1:1');
    expect((failure as CompileError).message).not.toMatch(/Stack backtrace|Caused by/);
  });

  test('a file deleted from src/ is gone from the next build', async () => {
    const lessonDir = path.join(scratch, 'deleted');
    cpSync(path.join(REPO_ROOT, 'solutions', '01-gateway-basics'), lessonDir, { recursive: true });
    writeFileSync(path.join(lessonDir, 'src', 'extra.ts'), 'export const extra = 1;\n');
    const first = path.dirname(await buildLesson(lessonDir));
    expect(existsSync(path.join(first, 'extra.js'))).toBe(true);
    rmSync(path.join(lessonDir, 'src', 'extra.ts'));
    const second = path.dirname(await buildLesson(lessonDir));
    expect(existsSync(path.join(second, 'extra.js'))).toBe(false);
  });
});
