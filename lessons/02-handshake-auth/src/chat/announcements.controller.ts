import {
  Body,
  Controller,
  Param,
  Post,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { Roles } from '../socket-auth/roles.decorator.js';
import { AnnouncementsService } from './announcements.service.js';
import { AnnouncementDto } from './dto/announcement.dto.js';
import { RoomDto } from './dto/room.dto.js';

@Controller('rooms/:room/announcements')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Post()
  // TODO 9: only admins may announce (Your tasks, 9)
  @UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
  announce(
    @Param() { room }: RoomDto,
    @Body() { text }: AnnouncementDto,
  ): { id: string } {
    return this.announcements.announce(room, text);
  }
}
