import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  MessageEvent,
  Post,
  Sse,
  SseOptions,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import type { RequestAuth } from './authenticated-request.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { CurrentAuth } from './current-auth.decorator.js';
import { PublishNotificationDto } from './dto/publish-notification.dto.js';
import { LastEventId } from './last-event-id.decorator.js';
import { NotificationsService } from './notifications.service.js';
import { PublishLimitGuard } from './publish-limit.guard.js';
import { StreamTicketGuard } from './stream-ticket.guard.js';
import { TicketsService } from './tickets.service.js';

/** The stream route's options: its `@Sse()` takes them. */
const STREAM_OPTIONS: SseOptions = {
  // Events wait in memory for a client that stops reading (a closed laptop lid,
  // a stalled proxy). Past this many characters it is dropped; its EventSource
  // reconnects and resumes from its last id. Nest's default is 4M per client.
  maxPendingDataLength: 1024 * 1024,
};

@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly tickets: TicketsService,
    private readonly users: UsersService,
  ) {}

  @Post()
  @UseGuards(BearerAuthGuard, PublishLimitGuard)
  publish(
    @CurrentAuth() { user: sender }: RequestAuth,
    @Body(new ValidationPipe({ whitelist: true, stopAtFirstError: true }))
    { to, title, body }: PublishNotificationDto,
  ): { id: string } {
    // Everyone is every user at once: that is an announcement, an admin's to make.
    if (to === undefined && sender.role !== 'admin') {
      throw new ForbiddenException(
        'Only an admin may notify everyone: name one recipient in "to"',
      );
    }

    let recipient: User | undefined;
    if (to !== undefined) {
      recipient = this.users.findByName(to);
      if (!recipient)
        // A fixed message: the answer never echoes what the client sent.
        throw new BadRequestException(
          '"to" names no user: name an existing user, like "bob"',
        );
    }
    const { id } = this.notifications.publish(
      sender,
      { title, body },
      recipient,
    );
    return { id };
  }

  @Post('ticket')
  @UseGuards(BearerAuthGuard)
  issueTicket(@CurrentAuth() auth: RequestAuth) {
    return this.tickets.issue(auth);
  }

  @Sse('stream', STREAM_OPTIONS)
  @UseGuards(StreamTicketGuard)
  stream(
    @CurrentAuth() auth: RequestAuth,
    @LastEventId() lastEventId?: string,
  ): Observable<MessageEvent> {
    return this.notifications.streamFor(auth, lastEventId);
  }

  /** Open streams and held tickets, to watch for leaks: an operator's view, so an admin's. */
  @Get('stats')
  @UseGuards(BearerAuthGuard)
  stats(@CurrentAuth() { user }: RequestAuth): {
    subscribers: number;
    tickets: number;
  } {
    if (user.role !== 'admin')
      throw new ForbiddenException('Only an admin may read the stats');
    return {
      subscribers: this.notifications.subscribers,
      tickets: this.tickets.count,
    };
  }
}
