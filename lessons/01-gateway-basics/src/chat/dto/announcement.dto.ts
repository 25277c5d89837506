// TODO 8: the same rule as for a post to a room (Your tasks, 8)
export class AnnouncementDto {
  text: string;
}
