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
  // TODO 6: what this instance knows: its own sockets and users, and the latest count of each
  //   other instance, for as long as it is believed alive (Your tasks, 6)
  private readonly logger = new Logger(PresenceService.name);
  // TODO 7: what says, regularly, that this instance is alive (Your tasks, 7)
  private readonly config: AppConfig;
  // TODO 8: the users whose coming or leaving Redis has yet to hear of (Your tasks, 8)
  private server: Namespace | undefined;
  // TODO 10: what users:online keeps between questions: the read of Redis under way, and the last
  //   read and the last answer, with their times (Your tasks, 10)

  constructor(
    private readonly redis: RedisPubSubService,
    config: ConfigService,
    private readonly announcer: PresenceAnnouncer,
  ) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  /** Called by the gateway once its server exists. */
  attach(server: Namespace): void {
    this.server = server;
    // TODO 6: hear the other instances' counts (Your tasks, 6)
    this.announcer.attach(server);
    // TODO 7: let a new instance learn the others' counts at once, and say regularly that this one
    //   is alive (Your tasks, 7)
  }

  connected(user: User, socketId: string): void {
    this.announcer.welcome(socketId);
    // TODO 6: count the socket and its user, note that Redis must hear of the user, then, once per
    //   burst of changes, share this instance's count and have this instance's clients told the
    //   count of the whole cluster (Your tasks, 6)
    this.server?.local.emit('presence', { online: this.server.sockets.size });
  }

  disconnected(user: User): void {
    // TODO 6: the same when a socket leaves; nothing once the app is closing (Your tasks, 6)
    this.server?.local.emit('presence', { online: this.server.sockets.size });
  }

  /**
   * Every user connected to a live instance, once, sorted by name, with their instances sorted (the first
   * USERS_ONLINE_LIMIT). Built once and shared: an ask within USERS_ONLINE_CACHE_MS of the last build, or
   * while one is under way, gets that same list.
   */
  onlineUsers(): Promise<OnlineUser[]> {
    // TODO 10: one answer serves every question of a moment, and those asked while it is being
    //   built (Your tasks, 10)
    return this.buildOnlineUsers();
  }

  /** Every user of this instance and of the live others, once, sorted by name, with their instances sorted. */
  private async buildOnlineUsers(): Promise<OnlineUser[]> {
    // TODO 9: this instance's users and those the live instances keep in Redis; this instance's
    //   alone when Redis is away or late (Your tasks, 9)
    return [];
  }

  /**
   * The users of `instances` from Redis: one read at a time, shared by every caller, and reused for
   * USERS_ONLINE_CACHE_MS, so that a flood of users:online costs Redis one read per moment.
   */
  private othersUsers(
    instances: string[],
  ): Promise<Map<string, Record<string, string>>> {
    // TODO 10: the questions of a moment share one read of Redis (Your tasks, 10)
    return this.readHashes(instances).then((users) => users ?? new Map());
  }

  /** The users in the hashes of `instances`, within USERS_ONLINE_DEADLINE_MS; undefined when Redis failed or was late. */
  private async readHashes(
    instances: string[],
  ): Promise<Map<string, Record<string, string>> | undefined> {
    // TODO 9: read them all at once, and give up at the deadline (Your tasks, 9)
    return undefined;
  }

  async onModuleDestroy(): Promise<void> {
    // TODO 7: stop every timer, and leave the cluster's count at once rather than when this
    //   instance's heartbeat runs out, without waiting long for a Redis that does not answer
    //   (Your tasks, 7)
  }

  /** The heartbeat, every third of PRESENCE_TTL_MS: this instance stays counted, and the silent are forgotten. */
  private async beat(): Promise<void> {
    // TODO 7: forget the instances not heard from within PRESENCE_TTL_MS, have this instance's
    //   clients told the count, and share this instance's own again (Your tasks, 7)
    await this.writeUsers();
    await this.renewUsers();
  }

  // TODO 6: the sharing itself; a count heard through Redis is checked before it is believed
  //   (Your tasks, 6)

  /** Redis has yet to hear that this user came or left. */
  private userChanged(userId: string): void {
    // TODO 8: remember it until it is written (Your tasks, 8)
  }

  /** Writes the users who came or left since the last write; those of a write that failed wait for the next. */
  private async writeUsers(): Promise<void> {
    // TODO 8: write to this instance's hash in Redis each user who came or left, and make sure the
    //   hash holds every user of this instance, also when Redis had lost it (Your tasks, 8)
  }

  /**
   * Renews this instance's hash: its users are written as they change, not again on every heartbeat. A hash
   * Redis no longer has (it restarted, or the hash expired while Redis did not answer) is written whole.
   */
  private async renewUsers(): Promise<void> {
    // TODO 8: keep the hash for another PRESENCE_TTL_MS; when Redis no longer has it, write it
    //   whole (Your tasks, 8)
  }
}
