import { TestEnvironment } from 'jest-environment-node';
import { HOST_EXIT } from '../net/host-exit.js';

/**
 * Jest's node environment, lending the real process's 'exit' to the code under test (see onHostExit):
 * a check run that is terminated still stops the redis-server it started.
 */
export default class CourseEnvironment extends TestEnvironment {
  /** @param {ConstructorParameters<typeof TestEnvironment>} args */
  constructor(...args) {
    super(...args);
    this.global[HOST_EXIT] = (/** @type {() => void} */ listener) => {
      process.once('exit', listener);
      return () => process.removeListener('exit', listener);
    };
  }
}
