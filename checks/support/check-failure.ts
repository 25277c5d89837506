/** How a check ended when it did not pass. */
export type FailureKind = 'assertion' | 'boot' | 'timeout' | 'prerequisite' | 'crash';

/** A check's expectation was not met: the learner's app behaved differently. */
export class CheckFailure extends Error {
  readonly kind: FailureKind = 'assertion';
  /** The earlier task whose behaviour this failure shows missing, when it failed in a step `t.needs` marked. */
  needs?: number;
}

/** The app under test did not compile, threw while booting, or could not listen. */
export class BootFailure extends Error {
  readonly kind: FailureKind = 'boot';
}

/** The check as a whole ran past its deadline. */
export class CheckTimeout extends Error {
  readonly kind: FailureKind = 'timeout';
}

/** Something the check needs is not on this machine (a Redis server): the message says how to get it. */
export class MissingPrerequisite extends Error {
  readonly kind: FailureKind = 'prerequisite';
}

/** Thrown by `t.skip(reason)`: the check cannot run here, and says why. */
export class CheckSkipped extends Error {}

export function failureKindOf(error: unknown): FailureKind {
  if (
    error instanceof CheckFailure ||
    error instanceof BootFailure ||
    error instanceof CheckTimeout ||
    error instanceof MissingPrerequisite
  ) {
    return error.kind;
  }
  return 'crash';
}
