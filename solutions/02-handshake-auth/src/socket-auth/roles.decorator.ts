import { SetMetadata } from '@nestjs/common';
import { Role } from '../users/user.js';

export const ROLES_KEY = 'roles';

/** The roles allowed to call a handler (or every handler of a class); RolesGuard enforces it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
