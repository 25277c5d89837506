import {
  Body,
  Controller,
  Param,
  Post,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { AnnouncementsService } from './announcements.service.js';
import { AnnouncementDto } from './dto/announcement.dto.js';
import { RoomDto } from './dto/room.dto.js';

@Controller('rooms/:room/announcements')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Post()
  @UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
  announce(
    @Param() { room }: RoomDto,
    @Body() { text }: AnnouncementDto,
  ): { id: string } {
    return this.announcements.announce(room, text);
  }
}
