import { Injectable, ValidationPipe } from '@nestjs/common';

// Nest's ValidationPipe, as it is: it checks a payload against the rules of its class, but refuses
// with HTTP's 400, which a gateway reports as 'Internal server error'.
// TODO 6: a broken rule reaches the sender as a refusal it can read, in the words of the one
//   rule it broke first; a field without a rule is dropped (Your tasks, 6)
@Injectable()
export class WsValidationPipe extends ValidationPipe {
  // The payload's shape is checked by the provided PayloadShapePipe (payload-shape.pipe.ts).
  // TODO 7: a payload that is not an object, or is nested too deep, is refused by that check
  //   before any rule sees it (Your tasks, 7)
}
