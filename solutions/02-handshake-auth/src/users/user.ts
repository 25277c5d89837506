export type Role = 'member' | 'admin';

/** A user as the rest of the app sees one: never with the password hash. */
export interface User {
  id: string;
  name: string;
  role: Role;
}

/** A user as stored, with `passwordHash` in the format of `password-hash.ts`. */
export interface UserRecord extends User {
  passwordHash: string;
}
