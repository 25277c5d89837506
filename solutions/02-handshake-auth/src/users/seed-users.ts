import { UserRecord } from './user.js';

/**
 * The course's users: alice and bob (members), carol (admin), with the
 * passwords alice-secret, bob-secret and carol-secret.
 *
 * The hashes were made once with `hashPassword()` from password-hash.ts, not
 * at boot: scrypt is slow on purpose, and the checks boot many apps. To add a
 * user, print a hash with
 *   node --import @swc-node/register/esm-register --input-type=module \
 *     -e "import { hashPassword } from './lessons/02-handshake-auth/src/users/password-hash.ts'; console.log(await hashPassword('dave-secret'))"
 */
export const SEED_USERS: readonly UserRecord[] = [
  {
    id: 'u1',
    name: 'alice',
    role: 'member',
    passwordHash:
      '1ae51024177a607a01fb81235858289f:46b4a8ae6a325dd39a069dc8244c7473e95178321ec52f712ac257d37cca311041da6970d5131b4d2ef7d13578beccf254dba044de2ae8d07eae380facc50c40',
  },
  {
    id: 'u2',
    name: 'bob',
    role: 'member',
    passwordHash:
      'a676066866db35f6da7791f3a850eee1:9ee39454bef6d31f7df0124389f829b60b6f47e46d7e1d7fb2b3c53ae7af28dff3b6eda4bef77925c95516a42f6e0d47122f225b0fbcd4178c5b602ce03800fa',
  },
  {
    id: 'u3',
    name: 'carol',
    role: 'admin',
    passwordHash:
      '90e296931884fafbd688419ab625503e:b5508a72283ba6acbd64a6de620cce27509bf1127aa0c355d68d7cf9a65a29c4f1188c94a5001e654987f5d3fb46dea2599aa2ba9c100421a1b886e85315619c',
  },
];

/**
 * The hash of a random password nobody knows. A login for a name that does not
 * exist is checked against it, so it takes as long as a login with a wrong
 * password and the response time does not reveal which names exist.
 */
export const NOBODY_PASSWORD_HASH =
  '295efaca871870082d31c5e1b0b4b382:fbff955ebc505e909aebd23a0e885188466999a6df78926f7245925750033378cc0ece444685eaaa57855b06fca25ce62fdb29505d5662fec062dd9d13d759bd';
