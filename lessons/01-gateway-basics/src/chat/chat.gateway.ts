import { WsValidationPipe } from './ws-validation.pipe.js';

// TODO 1: the class below becomes the gateway of this lesson's namespace (Your tasks, 1)
// Whatever a handler throws, the client hears of it through one filter.
// TODO 7: let your filter answer every failed event of this gateway (Your tasks, 7)
export class ChatGateway {
  // Set by Nest when it binds the gateway, after every constructor ran and just before afterInit.
  // TODO 1: take connections from pages of any origin, keep the server side at hand for
  //   the handlers below, and answer the ping event (Your tasks, 1)

  // A client never sees the rooms it is in: only what the server emits to it.
  // TODO 2: joining and leaving, each acknowledged with the member count; a socket in as many
  //   rooms as the configuration allows joins no other (Your tasks, 2)

  // A broadcast to a room reaches the sockets that are in it when it is sent.
  // TODO 3: a member's post reaches everyone in the same place, the sender too; a
  //   sender from outside is refused; the sender chooses only the place and the words
  //   (Your tasks, 3)

  // Online counts are for the whole namespace, whatever rooms its sockets are in.
  // TODO 4: everyone hears how many are online whenever somebody arrives or leaves
  //   (Your tasks, 4)
}
