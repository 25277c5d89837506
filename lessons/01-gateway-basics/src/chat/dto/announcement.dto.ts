// TODO 11: the same rule as for a post to a room (Your tasks, 11)
export class AnnouncementDto {
  text: string;
}
