// TODO 3: refuse a stream request whose ticket is missing, unknown, used or
//   expired with a 401 that tells the client what to do, before any stream
//   byte; let a good one through with its holder attached (Your tasks, 3)
export {};
