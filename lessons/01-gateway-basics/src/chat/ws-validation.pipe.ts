// The payload's shape is checked by the provided PayloadShapePipe (payload-shape.pipe.ts).
// TODO 5: check each payload against the rules of its class, after the provided check of its
//   shape; a broken rule reaches the sender as a refusal it can read, in the words of that
//   one rule (Your tasks, 5)
export class WsValidationPipe {
  transform(value: unknown): unknown {
    return value;
  }
}
