import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Namespace } from 'socket.io';
import type { AppConfig } from '../config.js';
import { RedisPubSubService } from '../redis/redis-pub-sub.service.js';
import type { User } from '../users/user.js';
import type { OnlineUser } from './chat-message.js';
import { PresenceAnnouncer } from './presence-announcer.js';

/** How long a burst of connections and disconnections is gathered into one update. */
const COALESCE_MS = 25;
/** The longest users:online waits for Redis before it answers with this instance's users. */
export const USERS_ONLINE_DEADLINE_MS = 1000;
/**
 * The most other instances this one believes at once, and the longest name it takes from one: their names come
 * from Redis, where whoever may publish could otherwise make this instance hold, add up and read without end.
 */
export const MAX_OTHER_INSTANCES = 100;
export const MAX_INSTANCE_ID_LENGTH = 100;
/** The longest a closing instance waits for Redis to remove its users (they expire with the TTL anyway). */
export const LEAVE_DEADLINE_MS = 500;

interface InstanceCount {
  instance: string;
  sockets: number;
}

/**
 * Who is connected, across the cluster, at a cost per connection that does not grow with the
 * number of connections: each instance counts its own sockets, shares the count with the others
 * (one message per burst of changes, and a heartbeat), and keeps its users in a Redis hash that
 * expires unless the heartbeat renews it. An instance that dies stops renewing: its count and its
 * users are gone after PRESENCE_TTL_MS.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  /** This instance's sockets, by user id. */
  private readonly here = new Map<string, { name: string; sockets: number }>();
  private sockets = 0;
  /** Set once the app is closing: the sockets that leave then change no count. */
  private closed = false;
  /** The other instances' counts, each until its heartbeat is overdue. */
  private readonly others = new Map<
    string,
    { sockets: number; until: number }
  >();
  private readonly logger = new Logger(PresenceService.name);
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly config: AppConfig;
  private flushTimer: NodeJS.Timeout | undefined;
  /** The last count shared with the other instances: an unchanged count is not sent again but on the heartbeat. */
  private shared: number | undefined;
  /** The answer to new instances' hellos, pending (task 11). */
  private helloAnswer: NodeJS.Timeout | undefined;
  /** Users whose entry in this instance's hash must be written or removed. */
  private readonly changed = new Set<string>();
  private server: Namespace | undefined;
  /** The other instances' users as last read from Redis, and when: every users:online shares it for a moment. */
  private lastRead:
    { at: number; users: Map<string, Record<string, string>> } | undefined;
  /** The read under way, which every users:online asked meanwhile waits for. */
  private reading: Promise<Map<string, Record<string, string>>> | undefined;
  /** The answer of users:online, built once for every ask of USERS_ONLINE_CACHE_MS (`at` is Infinity while it is built). */
  private answer: { at: number; users: Promise<OnlineUser[]> } | undefined;

  constructor(
    private readonly redis: RedisPubSubService,
    config: ConfigService,
    private readonly announcer: PresenceAnnouncer,
  ) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  /** Called by the gateway once its server exists. */
  attach(server: Namespace): void {
    // A new instance asks the others for their counts instead of waiting for their heartbeats. Whoever may
    // publish on Redis can send hellos without end: those of one moment get one answer, not one each.
    server.on('presence:hello', () => {
      this.helloAnswer ??= setTimeout(() => {
        this.helloAnswer = undefined;
        this.share();
      }, COALESCE_MS);
    });
    server.serverSideEmit('presence:hello');
    this.server = server;
    server.on('presence:count', (count: unknown) => this.heard(count));
    this.announcer.attach(server);
    this.heartbeat = setInterval(
      () => void this.beat(),
      this.config.presenceTtlMs / 3,
    );
  }

  connected(user: User, socketId: string): void {
    this.announcer.welcome(socketId);
    const entry = this.here.get(user.id) ?? { name: user.name, sockets: 0 };
    entry.sockets += 1;
    this.here.set(user.id, entry);
    this.sockets += 1;
    this.announce();
    this.userChanged(user.id);
    this.schedule();
  }

  disconnected(user: User): void {
    const entry = this.here.get(user.id);
    if (this.closed || !entry) return;
    entry.sockets -= 1;
    if (entry.sockets === 0) this.here.delete(user.id);
    this.sockets -= 1;
    this.announce();
    this.userChanged(user.id);
    this.schedule();
  }

  /**
   * Every user connected to a live instance, once, sorted by name, with their instances sorted (the first
   * USERS_ONLINE_LIMIT). Built once and shared: an ask within USERS_ONLINE_CACHE_MS of the last build, or
   * while one is under way, gets that same list.
   */
  onlineUsers(): Promise<OnlineUser[]> {
    const last = this.answer;
    if (last && performance.now() - last.at < this.config.usersOnlineCacheMs)
      return last.users;
    const answer = { at: Infinity, users: this.buildOnlineUsers() };
    this.answer = answer;
    answer.users.then(
      () => (answer.at = performance.now()),
      () => (this.answer = undefined),
    );
    return answer.users;
  }

  /** Every user of this instance and of the live others, once, sorted by name, with their instances sorted. */
  private async buildOnlineUsers(): Promise<OnlineUser[]> {
    const users = new Map<string, OnlineUser>();
    const add = (id: string, name: string, instance: string): void => {
      const user = users.get(id) ?? { id, name, instances: [] };
      user.instances.push(instance);
      users.set(id, user);
    };
    for (const [id, { name }] of this.here)
      add(id, name, this.config.instanceId);
    const instances = this.redisReady() ? [...this.liveOthers().keys()] : [];
    if (instances.length > 0) {
      const others = await this.othersUsers(instances);
      for (const instance of instances)
        for (const [id, name] of Object.entries(others.get(instance) ?? {}))
          add(id, name, instance);
    }
    const sorted = [...users.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, this.config.usersOnlineLimit);
    return sorted.map((user) => ({
      ...user,
      instances: user.instances.sort(),
    }));
  }

  /**
   * The users of `instances` from Redis: one read at a time, shared by every caller, and reused for
   * USERS_ONLINE_CACHE_MS, so that a flood of users:online costs Redis one read per moment.
   */
  private othersUsers(
    instances: string[],
  ): Promise<Map<string, Record<string, string>>> {
    const last = this.lastRead;
    if (
      last &&
      performance.now() - last.at < this.config.usersOnlineCacheMs &&
      instances.every((instance) => last.users.has(instance))
    )
      return Promise.resolve(last.users);
    this.reading ??= this.readHashes(instances)
      .then((users) => {
        // A read that failed or came late is not kept: the next question asks Redis again.
        if (users) this.lastRead = { at: performance.now(), users };
        return users ?? new Map<string, Record<string, string>>();
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** The users in the hashes of `instances`, within USERS_ONLINE_DEADLINE_MS; undefined when Redis failed or was late. */
  private async readHashes(
    instances: string[],
  ): Promise<Map<string, Record<string, string>> | undefined> {
    const read = this.redis.publisher.pipeline();
    for (const instance of instances) read.hgetall(this.key(instance));
    let timer: NodeJS.Timeout | undefined;
    const tooLate = new Promise<'late'>(
      (resolve) =>
        (timer = setTimeout(() => resolve('late'), USERS_ONLINE_DEADLINE_MS)),
    );
    const replies = await Promise.race([
      read.exec().catch(() => null),
      tooLate,
    ]).finally(() => clearTimeout(timer));
    if (replies === 'late' || replies === null) {
      this.logger.warn(
        `Redis did not answer within ${USERS_ONLINE_DEADLINE_MS} ms; answering users:online for this instance alone`,
      );
      return undefined;
    }
    return new Map(
      replies.map(([error, hash], index) => [
        instances[index],
        error ? {} : (hash as Record<string, string>),
      ]),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.helloAnswer);
    clearInterval(this.heartbeat);
    if (!this.redisReady()) return;
    // Leave at once rather than after the TTL.
    this.server?.serverSideEmit('presence:count', {
      instance: this.config.instanceId,
      sockets: 0,
    });
    // Not for long: a Redis that hangs would hold the shutdown, and the hash expires with its TTL anyway.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.redis.publisher
        .del(this.key(this.config.instanceId))
        .catch(() => undefined),
      new Promise(
        (resolve) => (timer = setTimeout(resolve, LEAVE_DEADLINE_MS)),
      ),
    ]);
    clearTimeout(timer);
  }

  /** The heartbeat, every third of PRESENCE_TTL_MS: this instance stays counted, and the silent are forgotten. */
  private async beat(): Promise<void> {
    this.forgetSilent();
    this.announce();
    if (!this.redisReady()) return;
    this.share();
    await this.writeUsers();
    await this.renewUsers();
  }

  private schedule(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, COALESCE_MS);
  }

  private async flush(): Promise<void> {
    if (this.sockets !== this.shared) this.share();
    await this.writeUsers();
  }

  /** A count another instance shared, heard through Redis: believed for PRESENCE_TTL_MS, or forgotten at 0. */
  private heard(count: unknown): void {
    if (!this.isCount(count)) return;
    const { instance, sockets } = count;
    if (sockets === 0) this.others.delete(instance);
    else if (this.hasRoomFor(instance))
      this.others.set(instance, {
        sockets,
        until: Date.now() + this.config.presenceTtlMs,
      });
    this.announce();
  }

  /** Redis is a trust boundary: a message that is not a count of another instance is ignored. */
  private isCount(count: unknown): count is InstanceCount {
    const { instance, sockets } = (count ?? {}) as Partial<InstanceCount>;
    return (
      typeof instance === 'string' &&
      instance.length <= MAX_INSTANCE_ID_LENGTH &&
      instance !== this.config.instanceId &&
      Number.isSafeInteger(sockets) &&
      sockets! >= 0
    );
  }

  /**
   * A new name once MAX_OTHER_INSTANCES are believed is ignored (those already known are still heard, and
   * renewed): whoever may publish on Redis could otherwise make this instance hold and add up names without end.
   */
  private hasRoomFor(instance: string): boolean {
    if (this.others.has(instance)) return true;
    if (this.others.size >= MAX_OTHER_INSTANCES) this.forgetSilent();
    return this.others.size < MAX_OTHER_INSTANCES;
  }

  /** Shares this instance's count with the other instances, while Redis can carry it. */
  private share(): void {
    if (this.closed || !this.redisReady()) return;
    const count: InstanceCount = {
      instance: this.config.instanceId,
      sockets: this.sockets,
    };
    this.shared = this.sockets;
    this.server?.serverSideEmit('presence:count', count);
  }

  /** Drops the instances whose heartbeat is overdue. */
  private forgetSilent(): void {
    const now = Date.now();
    for (const [instance, count] of this.others)
      if (count.until <= now) this.others.delete(instance);
  }

  /** The other instances whose count is still believed. */
  private liveOthers(): Map<string, { sockets: number; until: number }> {
    const now = Date.now();
    return new Map([...this.others].filter(([, count]) => count.until > now));
  }

  /** The sockets of the other live instances; none while Redis is down, when they cannot be heard. */
  private othersOnline(): number {
    if (!this.redisReady()) return 0;
    let online = 0;
    for (const { sockets } of this.liveOthers().values()) online += sockets;
    return online;
  }

  /** Has this instance's clients told the sockets of every live instance. */
  private announce(): void {
    this.announcer.announce(() => this.sockets + this.othersOnline());
  }

  private redisReady(): boolean {
    return (
      this.redis.publisher?.status === 'ready' &&
      this.redis.subscriber?.status === 'ready'
    );
  }

  private key(instance: string): string {
    return `${this.config.redisPrefix}:presence:${instance}`;
  }

  /** Redis has yet to hear that this user came or left. */
  private userChanged(userId: string): void {
    this.changed.add(userId);
  }

  /** Writes the users who came or left since the last write; those of a write that failed wait for the next. */
  private async writeUsers(): Promise<void> {
    const key = this.key(this.config.instanceId);
    if (this.changed.size === 0 || !this.redisReady()) return;
    const users = [...this.changed];
    this.changed.clear();
    // The first PEXPIRE answers 0 when Redis no longer had the hash: this write alone would make it again
    // with these users only, and the heartbeat, finding it, would never write the others back.
    const write = this.redis.publisher
      .multi()
      .pexpire(key, this.config.presenceTtlMs);
    for (const id of users) {
      const entry = this.here.get(id);
      if (entry) write.hset(key, id, entry.name);
      else write.hdel(key, id);
    }
    const replies = await write
      .pexpire(key, this.config.presenceTtlMs)
      .exec()
      .catch(() => null);
    if (!replies || replies.some(([error]) => error)) {
      for (const id of users) this.changed.add(id);
      return;
    }
    if (replies[0]?.[1] === 0) await this.writeWhole(key);
  }

  /** Every user of this instance, in one HSET, when Redis no longer has its hash. */
  private async writeWhole(key: string): Promise<void> {
    if (this.here.size === 0) return;
    const users: Record<string, string> = {};
    for (const [id, { name }] of this.here) users[id] = name;
    const replies = await this.redis.publisher
      .multi()
      .hset(key, users)
      .pexpire(key, this.config.presenceTtlMs)
      .exec()
      .catch(() => null);
    // Failed, it leaves the hash without them (a write before it may have made it again with a few users only,
    // which the heartbeat would then renew as it is): the next write takes every user of this instance.
    if (!replies || replies.some(([error]) => error))
      for (const id of this.here.keys()) this.changed.add(id);
  }

  /**
   * Renews this instance's hash: its users are written as they change, not again on every heartbeat. A hash
   * Redis no longer has (it restarted, or the hash expired while Redis did not answer) is written whole.
   */
  private async renewUsers(): Promise<void> {
    const key = this.key(this.config.instanceId);
    const renewed = await this.redis.publisher
      .pexpire(key, this.config.presenceTtlMs)
      .catch(() => undefined);
    if (renewed === 0) await this.writeWhole(key);
  }
}
