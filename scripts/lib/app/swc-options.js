/**
 * How the course compiles TypeScript, for the apps (`npm run lesson`) and for the checks (@swc/jest) alike:
 * swc, with the legacy decorators and the decorator metadata Nest's dependency injection reads.
 */
/** @type {import('@swc/core').Options} */
export const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};
