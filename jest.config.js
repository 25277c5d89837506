// One configuration for the checks (npm run check) and the self-test (npm test).
import { SWC_OPTIONS } from './scripts/lib/app/swc-options.js';

const swc = ['@swc/jest', SWC_OPTIONS];

const base = {
  rootDir: import.meta.dirname,
  // Jest's node environment, lending the real process's 'exit' (scripts/lib/net/host-exit.js).
  testEnvironment: '<rootDir>/scripts/lib/checks/course-environment.js',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

/** The checks, as `npm run check` runs them against lessons/ or solutions/. */
export default {
  ...base,
  // Jest walks only the checks' folder for its map of files: the lessons load by path, and a walk of
  // the whole course (node_modules included) costs a few hundred ms at every npm run check.
  roots: ['<rootDir>/checks'],
  watchman: false,
  testMatch: ['<rootDir>/checks/*.check.ts'],
};

/** `npm test`: the course tests itself. */
export const selfTest = {
  projects: [
    { ...base, displayName: 'scripts', testMatch: ['<rootDir>/test/scripts/*.test.ts'] },
    { ...base, displayName: 'course', testMatch: ['<rootDir>/test/course/*.test.ts'] },
    // The course page in the system's Chromium (playwright-core); skipped, and said so, without one.
    { ...base, displayName: 'course page', testMatch: ['<rootDir>/test/web/*.test.ts'] },
    {
      ...base,
      displayName: 'solutions pass',
      testMatch: ['<rootDir>/checks/*.check.ts'],
      globals: { __COURSE__: { tree: 'solutions', expect: 'pass' } },
    },
    {
      ...base,
      displayName: 'starters fail',
      testMatch: ['<rootDir>/checks/*.check.ts'],
      globals: { __COURSE__: { tree: 'lessons', expect: 'starter' } },
    },
  ],
};
