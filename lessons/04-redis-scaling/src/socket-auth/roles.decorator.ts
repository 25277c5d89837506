import { Reflector } from '@nestjs/core';
import { Role } from '../users/user.js';

/** The roles allowed to call a handler, or every handler of a class: `@Roles(['admin'])`. */
export const Roles = Reflector.createDecorator<Role[]>();
