// TODO 10: a service that delivers an announcement to everyone in a room, as sent by the
//   system, and gives back its id (Your tasks, 10)
export class AnnouncementsService {}
