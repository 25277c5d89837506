import { Body, Controller, Param, Post, ValidationPipe } from '@nestjs/common';
import { AnnouncementsService } from './announcements.service.js';
import { AnnouncementDto } from './dto/announcement.dto.js';
import { RoomDto } from './dto/room.dto.js';

const validation = new ValidationPipe({ transform: true, whitelist: true, stopAtFirstError: true });

/** Messages from the system to a room, sent by a backend over HTTP. */
@Controller('rooms')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  /** 201 `{ id }`; 400 for a bad room name or body. */
  @Post(':room/announcements')
  announce(@Param(validation) { room }: RoomDto, @Body(validation) { text }: AnnouncementDto): { id: string } {
    return this.announcements.announce(room, text);
  }
}
