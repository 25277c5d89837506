import { Controller } from '@nestjs/common';

// TODO 11: the HTTP endpoint of the README: 201 with the new id, 400 for a bad room name
//   or body (Your tasks, 11)
@Controller()
export class AnnouncementsController {}
