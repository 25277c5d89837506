// @ts-check
// The lessons are linted as `nest new` sets a Nest project up, so an editor treats them as it treats any
// Nest app. The course's own code (checks, scripts, tests) reads untyped wire payloads and JSON, so it
// keeps the rules that need no type information.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NEST_APPS = ['lessons/**/*.ts', 'solutions/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.course/',
      'coverage/',
      'test/web/screenshots/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({
    ...config,
    files: NEST_APPS,
  })),
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'module',
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true },
      ],
      'prettier/prettier': ['error', { endOfLine: 'auto' }],
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
    },
  },
  {
    files: NEST_APPS,
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
    },
  },
  {
    // A starter keeps the imports, parameters and variables the learner's code will use.
    files: ['lessons/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/require-await': 'off',
      'prefer-const': 'off',
    },
  },
  {
    files: ['scripts/web/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
