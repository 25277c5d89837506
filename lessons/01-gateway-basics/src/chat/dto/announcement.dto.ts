// TODO 7: the same rule as for a post to a room (Your tasks, 7)
export class AnnouncementDto {
  text: string;
}
