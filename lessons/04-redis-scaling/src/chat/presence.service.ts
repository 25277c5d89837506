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
  // TODO 6: what this instance knows of itself: its own sockets, and each user's (Your tasks, 6)
  /** Set once the app is closing: the sockets that leave then change no count. */
  private closed = false;
  // TODO 8: the latest count of each other instance, for as long as it is believed alive
  //   (Your tasks, 8)
  private readonly logger = new Logger(PresenceService.name);
  // TODO 10: what says, regularly, that this instance is alive (Your tasks, 10)
  private readonly config: AppConfig;
  // TODO 7: what gathers a burst of changes into one message, and the count last shared
  //   (Your tasks, 7)
  /** The answer to new instances' hellos, pending (task 11). */
  private helloAnswer: NodeJS.Timeout | undefined;
  // TODO 12: the users whose coming or leaving Redis has yet to hear of (Your tasks, 12)
  private server: Namespace | undefined;
  // TODO 17: what users:online keeps between questions: the read of Redis under way, and the last
  //   read and the last answer, with their times (Your tasks, 17)

  constructor(
    private readonly redis: RedisPubSubService,
    config: ConfigService,
    private readonly announcer: PresenceAnnouncer,
  ) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  /** Called by the gateway once its server exists. */
  attach(server: Namespace): void {
    // TODO 11: let this new instance learn the others' counts at once, and answer the others'
    //   asks: one answer for all the asks of a moment, however many (Your tasks, 11)
    this.server = server;
    // TODO 8: hear the other instances' counts (Your tasks, 8)
    this.announcer.attach(server);
    // TODO 10: say regularly that this instance is alive (Your tasks, 10)
  }

  connected(user: User, socketId: string): void {
    this.announcer.welcome(socketId);
    // TODO 6: count the socket, here and for its user, and have this instance's clients told the
    //   new count (Your tasks, 6)
    this.server?.local.emit('presence', { online: this.server.sockets.size });
    this.userChanged(user.id);
    // TODO 7: once per burst of changes, share this instance's count (Your tasks, 7)
  }

  disconnected(user: User): void {
    // TODO 6: the same when a socket leaves; nothing once the app is closing (Your tasks, 6)
    this.server?.local.emit('presence', { online: this.server.sockets.size });
    this.userChanged(user.id);
    // TODO 7: and share it (Your tasks, 7)
  }

  /**
   * Every user connected to a live instance, once, sorted by name, with their instances sorted (the first
   * USERS_ONLINE_LIMIT). Built once and shared: an ask within USERS_ONLINE_CACHE_MS of the last build, or
   * while one is under way, gets that same list.
   */
  onlineUsers(): Promise<OnlineUser[]> {
    // TODO 17: one answer serves every question of a moment, and those asked while it is being
    //   built (Your tasks, 17)
    return this.buildOnlineUsers();
  }

  /** Every user of this instance and of the live others, once, sorted by name, with their instances sorted. */
  private async buildOnlineUsers(): Promise<OnlineUser[]> {
    // TODO 15: this instance's users and those the live instances keep in Redis; this instance's
    //   alone while Redis is away (Your tasks, 15)
    return [];
  }

  /**
   * The users of `instances` from Redis: one read at a time, shared by every caller, and reused for
   * USERS_ONLINE_CACHE_MS, so that a flood of users:online costs Redis one read per moment.
   */
  private othersUsers(
    instances: string[],
  ): Promise<Map<string, Record<string, string>>> {
    // TODO 17: the questions of a moment share one read of Redis (Your tasks, 17)
    return this.readHashes(instances).then((users) => users ?? new Map());
  }

  /** The users in the hashes of `instances`, within USERS_ONLINE_DEADLINE_MS; undefined when Redis failed or was late. */
  private async readHashes(
    instances: string[],
  ): Promise<Map<string, Record<string, string>> | undefined> {
    const read = this.redis.publisher.pipeline();
    for (const instance of instances) read.hgetall(this.key(instance));
    // TODO 16: give up on a Redis that fails or has not answered by the deadline: none of the
    //   others' users then, and a warning in the log (Your tasks, 16)
    const replies = (await read.exec()) ?? [];
    return new Map(
      replies.map(([error, hash], index) => [
        instances[index],
        error ? {} : (hash as Record<string, string>),
      ]),
    );
  }

  async onModuleDestroy(): Promise<void> {
    // TODO 14: stop every timer, and leave the cluster's count and Redis at once rather than when
    //   this instance's heartbeat runs out, without waiting long for a Redis that does not answer
    //   (Your tasks, 14)
  }

  /** The heartbeat, every third of PRESENCE_TTL_MS: this instance stays counted, and the silent are forgotten. */
  private async beat(): Promise<void> {
    // TODO 10: forget the instances not heard from within PRESENCE_TTL_MS, have this instance's
    //   clients told the count, and share this instance's own again (Your tasks, 10)
    await this.writeUsers();
    await this.renewUsers();
  }

  // TODO 7: share a burst of changes as one message, and only a count that changed (Your tasks, 7)

  /** A count another instance shared, heard through Redis: believed for PRESENCE_TTL_MS, or forgotten at 0. */
  private heard(count: unknown): void {
    // TODO 8: believe it once it passes the check below, then have this instance's clients told
    //   the new total (Your tasks, 8)
  }

  /** Redis is a trust boundary: a message that is not a count of another instance is ignored. */
  private isCount(count: unknown): count is InstanceCount {
    // TODO 9: a name of another instance, not too long, and a safe whole number of sockets
    //   (Your tasks, 9)
    return true;
  }

  /**
   * A new name once MAX_OTHER_INSTANCES are believed is ignored (those already known are still heard, and
   * renewed): whoever may publish on Redis could otherwise make this instance hold and add up names without end.
   */
  private hasRoomFor(instance: string): boolean {
    // TODO 9: room for a name already known, or while fewer are believed once the silent are
    //   forgotten (Your tasks, 9)
    return true;
  }

  /** Shares this instance's count with the other instances, while Redis can carry it. */
  private share(): void {
    // TODO 7: one small message to the others, whatever the number of sockets (Your tasks, 7)
  }

  /** Drops the instances whose heartbeat is overdue. */
  private forgetSilent(): void {
    // TODO 8: a count is believed for PRESENCE_TTL_MS after it was heard (Your tasks, 8)
  }

  /** The other instances whose count is still believed. */
  private liveOthers(): Map<string, { sockets: number; until: number }> {
    // TODO 8: those heard from within PRESENCE_TTL_MS (Your tasks, 8)
    return new Map();
  }

  /** The sockets of the other live instances; none while Redis is down, when they cannot be heard. */
  private othersOnline(): number {
    // TODO 8: their counts added up, while Redis is up (Your tasks, 8)
    return 0;
  }

  /** Has this instance's clients told the sockets of every live instance. */
  private announce(): void {
    // TODO 6: through the announcer, never by emitting presence here (Your tasks, 6)
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
    // TODO 12: remember it until it is written (Your tasks, 12)
  }

  /** Writes the users who came or left since the last write; those of a write that failed wait for the next. */
  private async writeUsers(): Promise<void> {
    const key = this.key(this.config.instanceId);
    // TODO 12: write to this instance's hash in Redis each user who came or left, in one round trip
    //   that also keeps the hash for another PRESENCE_TTL_MS; the users of a write that failed are
    //   written with the next one; when Redis had lost the hash, have it written whole (Your tasks, 12)
  }

  /** Every user of this instance, in one HSET, when Redis no longer has its hash. */
  private async writeWhole(key: string): Promise<void> {
    // TODO 13: every user of this instance, with the hash kept for another PRESENCE_TTL_MS; when
    //   that fails, every user is written again with the next write (Your tasks, 13)
  }

  /**
   * Renews this instance's hash: its users are written as they change, not again on every heartbeat. A hash
   * Redis no longer has (it restarted, or the hash expired while Redis did not answer) is written whole.
   */
  private async renewUsers(): Promise<void> {
    const key = this.key(this.config.instanceId);
    // TODO 12: keep the hash for another PRESENCE_TTL_MS; when Redis no longer has it, have it
    //   written whole (Your tasks, 12)
  }
}
