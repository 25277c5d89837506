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
      'scrypt$131072$8$1$8c77535c672fa44d5cc427378c29e51e$ecebc7fccc9d3a684dc95b308a295f21ad2d055eed7b579e2c01e91a3962000daf0f5861b3e9c5e93c2194b10d6c4ff3032439e556158f1eed006a2a0d2bbcca',
  },
  {
    id: 'u2',
    name: 'bob',
    role: 'member',
    passwordHash:
      'scrypt$131072$8$1$4b508da1101ab86f6b4b4ae54fc7d3fd$7e05da6fb82b176f95073e9a68c7498327f9868a7bcd8c967615388424314271f699e70baa206f217547c31d52e9f1b312f5f2f543749521ef9afc552ec09292',
  },
  {
    id: 'u3',
    name: 'carol',
    role: 'admin',
    passwordHash:
      'scrypt$131072$8$1$4bf617128b02c32c96d362b2da0fc972$aa126bf3e3a800b3c281da1de6b1a3ec1a150a451bdcce381f66b10854ab1e91c9abdbf1016bb0dd08340dae8df7d186e57dc214f64cc37643b933659593449a',
  },
];

/**
 * The hash of a random password nobody knows. A login for a name that does not
 * exist is checked against it, so it takes as long as a login with a wrong
 * password and the response time does not reveal which names exist.
 */
export const NOBODY_PASSWORD_HASH =
  'scrypt$131072$8$1$52ef9052974cd54c99df89210ca88df4$c9f604108044244412dcf139442e25a6b90966492df5a8e7462f35af0510f072d9d8ba7d3c0aa116a3c2d68ece1630a5c8bab72457f0549ae30d99960e8ed21c';
