// One configuration for the checks (npm run check) and the self-test (npm test).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const base = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

/** The checks, as `npm run check` runs them against lessons/ or solutions/. */
export default {
  ...base,
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
