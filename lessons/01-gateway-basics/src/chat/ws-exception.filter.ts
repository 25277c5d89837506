// TODO 9: a filter for the gateway's failed events: the client still gets the event Nest
//   sends today, minus the echo of what it sent, and a client that asked for an
//   acknowledgement also gets one, shaped as the README says (Your tasks, 9)
