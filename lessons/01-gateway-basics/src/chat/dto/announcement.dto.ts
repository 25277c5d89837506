// TODO 9: the same rule as for a post to a room (Your tasks, 9)
export class AnnouncementDto {
  text: string;
}
