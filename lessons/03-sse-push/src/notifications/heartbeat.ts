// TODO 12: keep an idle stream busy with a comment every HEARTBEAT_MS, for as
//   long as the client stays, and not a moment longer (Your tasks, 12)
export {};
