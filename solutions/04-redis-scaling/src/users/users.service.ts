import { Injectable } from '@nestjs/common';
import { verifyPassword } from './password-hash.js';
import { NOBODY_PASSWORD_HASH, SEED_USERS } from './seed-users.js';
import { User, UserRecord } from './user.js';

@Injectable()
export class UsersService {
  private readonly records: readonly UserRecord[] = SEED_USERS;

  findAll(): User[] {
    return this.records.map(toUser);
  }

  findById(id: string): User | undefined {
    const record = this.records.find((user) => user.id === id);
    return record && toUser(record);
  }

  findByName(name: string): User | undefined {
    const record = this.records.find((user) => user.name === name);
    return record && toUser(record);
  }

  /** The user when the name and password match, otherwise `undefined`. */
  async verifyCredentials(
    name: string,
    password: string,
  ): Promise<User | undefined> {
    const record = this.records.find((user) => user.name === name);
    const matches = await verifyPassword(
      password,
      record?.passwordHash ?? NOBODY_PASSWORD_HASH,
    );
    return record && matches ? toUser(record) : undefined;
  }
}

function toUser({ id, name, role }: UserRecord): User {
  return { id, name, role };
}
