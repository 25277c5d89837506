// TODO 13: end a stream when the access token behind it expires, and tell the
//   client why with an id it can resume from (Your tasks, 13)
export {};
