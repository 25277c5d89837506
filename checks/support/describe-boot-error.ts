import { summarizeError } from '../../scripts/lib/error-summary.js';
import { indent } from '../../scripts/lib/text.js';

/**
 * A boot error as a learner needs it: the message and the place in the
 * lesson's own code, not a stack through Nest, swc and Jest.
 */
export function describeBootError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  return indent(summarizeError(text), 2);
}
