import { BadRequestException, Body, Controller, Get, Post, UseGuards, ValidationPipe } from '@nestjs/common';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import type { RequestAuth } from './authenticated-request.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { CurrentAuth } from './current-auth.decorator.js';
import { PublishNotificationDto } from './dto/publish-notification.dto.js';
import { NotificationsService } from './notifications.service.js';
import { TicketsService } from './tickets.service.js';
import { MessageEvent, Sse } from '@nestjs/common';
import { Observable } from 'rxjs';
import { LastEventId } from './last-event-id.decorator.js';
import { StreamTicketGuard } from './stream-ticket.guard.js';

@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly tickets: TicketsService,
    private readonly users: UsersService,
  ) {}

  @Post()
  @UseGuards(BearerAuthGuard)
  publish(
    @CurrentAuth() { user: sender }: RequestAuth,
    @Body(new ValidationPipe({ whitelist: true, stopAtFirstError: true })) { to, title, body }: PublishNotificationDto,
  ): { id: number } {
    let recipient: User | undefined;
    if (to !== undefined) {
      recipient = this.users.findByName(to);
      if (!recipient) throw new BadRequestException(`There is no user named "${to}"`);
    }
    const { id } = this.notifications.publish(sender, { title, body }, recipient);
    return { id };
  }

  @Post('ticket')
  @UseGuards(BearerAuthGuard)
  issueTicket(@CurrentAuth() auth: RequestAuth) {
    return this.tickets.issue(auth);
  }

  @Sse('stream')
  @UseGuards(StreamTicketGuard)
  stream(@CurrentAuth() auth: RequestAuth, @LastEventId() lastEventId?: number): Observable<MessageEvent> {
    return this.notifications.streamFor(auth, lastEventId);
  }

  /** Open streams and held tickets, to watch for leaks. */
  @Get('stats')
  stats(): { subscribers: number; tickets: number } {
    return { subscribers: this.notifications.subscribers, tickets: this.tickets.count };
  }
}
