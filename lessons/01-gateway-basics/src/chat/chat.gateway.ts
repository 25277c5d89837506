import type { Socket } from 'socket.io';
import { WsValidationPipe } from './ws-validation.pipe.js';

// TODO 1: the class below becomes the gateway of this lesson's namespace (Your tasks, 1)
// Whatever a handler throws, the client hears of it through one filter.
// TODO 9: let your filter answer every failed event of this gateway (Your tasks, 9)
export class ChatGateway {
  // Set by Nest when it binds the gateway, after every constructor ran and just before afterInit.
  // TODO 1: take connections from pages of any origin, keep the server side at hand for
  //   the handlers below, and answer the ping event (Your tasks, 1)

  // A client never sees the rooms it is in: only what the server emits to it.
  // TODO 2: joining and leaving, each acknowledged with the member count; every join is
  //   first put to the room check below (Your tasks, 2)

  // Every room is a Set in the adapter until its last socket leaves: one socket cannot pile them up.
  private checkRoomLimit(client: Socket, room: string): void {
    // TODO 3: a socket already in as many rooms as the configuration allows is refused any
    //   other; a room it is already in, it may join again (Your tasks, 3)
  }

  // A broadcast to a room reaches the sockets that are in it when it is sent.
  // TODO 4: a member's post reaches everyone in the same place, the sender too; a
  //   sender from outside is refused; the sender chooses only the place and the words
  //   (Your tasks, 4)

  // Online counts are for the whole namespace, whatever rooms its sockets are in.
  // TODO 5: everyone hears how many are online whenever somebody arrives or leaves
  //   (Your tasks, 5)
}
