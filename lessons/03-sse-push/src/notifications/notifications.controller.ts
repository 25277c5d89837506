import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  MessageEvent,
  Post,
  Query,
  Sse,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { CurrentUser } from './current-user.decorator.js';
import { PublishNotificationDto } from './dto/publish-notification.dto.js';
import { parseLastEventId } from './last-event-id.js';
import { NotificationsService } from './notifications.service.js';
import type { StreamTicket } from './stream-ticket.js';
import { StreamTicketGuard } from './stream-ticket.guard.js';
import { TicketsService } from './tickets.service.js';

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
    @CurrentUser() sender: User,
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
  issueTicket(@CurrentUser() user: User): StreamTicket {
    return this.tickets.issue(user);
  }

  @Sse('stream')
  @UseGuards(StreamTicketGuard)
  stream(
    @CurrentUser() user: User,
    @Headers('last-event-id') lastEventIdHeader?: string,
    @Query('lastEventId') lastEventIdQuery?: string,
  ): Observable<MessageEvent> {
    // TODO 5: resume: pass streamFor() the id from the Last-Event-ID header, or
    //   else from the lastEventId query parameter (parseLastEventId reads either).
    return this.notifications.streamFor(user, undefined);
  }

  @Get('stats')
  stats(): { subscribers: number } {
    return { subscribers: this.notifications.subscribers };
  }
}
