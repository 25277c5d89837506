import { jest } from '@jest/globals';
import * as nestCommon from '@nestjs/common';
import * as nestCore from '@nestjs/core';

/**
 * Jest on Node before 24.9 cannot require() an ES module, and Nest 12's packages are ES modules only, so a
 * CommonJS library that requires them (@nestjs/throttler) fails to load under the checks while plain Node
 * (20.19+) loads it. Such a require gets the very modules the app imports: one Nest, one Reflector.
 */
export function shareNestWithCommonJs(): void {
  jest.mock('@nestjs/common', () => nestCommon);
  jest.mock('@nestjs/core', () => nestCore);
}
