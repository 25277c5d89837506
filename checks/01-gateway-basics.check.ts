import type { AppUnderTest } from './support/app-under-test.js';
import type { CheckContext } from './support/check-context.js';
import { lessonChecks } from './support/check.js';
import type { SocketUnderTest } from './support/socket-under-test.js';

const { check } = lessonChecks('01-gateway-basics');

const CHAT = '/chat';
const ROOM_RULE = 'Room names are 1–32 characters of a-z, 0-9 and -';

async function chatWith(t: CheckContext, ...names: string[]): Promise<[AppUnderTest, ...SocketUnderTest[]]> {
  const app = await t.app();
  const sockets: SocketUnderTest[] = [];
  for (const name of names) sockets.push(await t.connect(name, app, CHAT));
  return [app, ...sockets];
}

async function join(client: SocketUnderTest, room: string): Promise<void> {
  await client.ack('room:join', { room });
}

check(
  'a client connects to the /chat namespace',
  {
    baseline: true,
    hint: [
      "Declare the gateway with @WebSocketGateway({ namespace: '/chat' }) and list it in a module's providers.",
      'The gateway class must be a provider of a module that AppModule imports, or Nest never creates it.',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    t.expect(alice.connected, 'Expected alice to stay connected to /chat.');
  },
);

check(
  'CORS lets a page from any origin open the handshake',
  {
    baseline: true,
    hint: [
      "Pass cors: { origin: '*' } in the @WebSocketGateway options.",
      'Browsers send an Origin header with the handshake request; the server must answer with Access-Control-Allow-Origin.',
    ],
  },
  async (t) => {
    const app = await t.app();
    const reply = await t.request(app, `/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'http://localhost:5173' },
    });
    t.expectEqual(reply.status, 200, 'the status of the polling handshake');
    const allowed = reply.headers.get('access-control-allow-origin');
    t.expect(
      allowed === '*' || allowed === 'http://localhost:5173',
      `Expected the handshake to allow the origin http://localhost:5173, but Access-Control-Allow-Origin was ${allowed ?? 'missing'}.`,
    );
  },
);

check(
  "ping is acknowledged with 'pong'",
  {
    hint: [
      "Add a method with @SubscribeMessage('ping') and return 'pong' from it.",
      "Nest sends a handler's return value back as the acknowledgement of the client's emit (the client's callback).",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    t.expectEqual(await alice.ack('ping'), 'pong', 'the acknowledgement of ping');
  },
);

check(
  'joining a room acknowledges the room and its member count',
  {
    hint: [
      "Handle 'room:join': await client.join(room), then return { room, members }.",
      'Count the members with this.server.adapter.rooms.get(room)?.size (the server is the /chat namespace).',
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    t.expectEqual(await alice.ack('room:join', { room: 'lobby' }), { room: 'lobby', members: 1 }, "the ack of alice's room:join");
    t.expectEqual(await bob.ack('room:join', { room: 'lobby' }), { room: 'lobby', members: 2 }, "the ack of bob's room:join");
  },
);

check(
  'leaving a room acknowledges the room and the members left',
  {
    hint: [
      "Handle 'room:leave': await client.leave(room), then return { room, members } as for room:join.",
      'Count after leaving, so the leaver is no longer included.',
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    t.expectEqual(await bob.ack('room:leave', { room: 'lobby' }), { room: 'lobby', members: 1 }, "the ack of bob's room:leave");
  },
);

check(
  'a message reaches every member of the room once, the sender included',
  {
    hint: [
      "Broadcast with this.server.to(room).emit('message:new', message): it reaches every socket in the room, the sender too.",
      'client.to(room).emit(...) skips the sender, and emitting twice delivers twice. Return { id } as the ack.',
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    const ack = await alice.ack('message:send', { room: 'lobby', text: 'hello' });
    const id = ack?.id;
    t.expectEqual(Object.keys(ack ?? {}), ['id'], 'the fields of the ack of message:send');
    t.expect(typeof id === 'string' && id.length > 0, `Expected the ack of message:send to be { id } with a string id, but it was ${JSON.stringify(ack)}.`);
    for (const member of [alice, bob]) {
      await member.next('message:new', { where: (message) => message?.id === id, what: `with the id ${id}` });
      await member.settle();
      const copies = member.received('message:new').filter((message) => message?.id === id).length;
      t.expectEqual(copies, 1, `the number of copies of the message ${member.name} received`);
    }
  },
);

check(
  'message:new carries id, room, trimmed text, sender id and an ISO time',
  {
    hint: [
      'Build { id, room, text, from, at }: id from randomUUID(), from = client.id, at = new Date().toISOString().',
      'Trim the text before validating and sending it (a @Transform on the DTO does it).',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    await join(alice, 'lobby');
    const first = await alice.ack('message:send', { room: 'lobby', text: '  hello there  ' });
    const message = await alice.next('message:new');
    t.expectEqual(Object.keys(message ?? {}).sort(), ['at', 'from', 'id', 'room', 'text'], 'the fields of message:new');
    t.expectEqual(message.id, first.id, 'the id of message:new (the same as the ack of message:send)');
    t.expectEqual(message.room, 'lobby', 'message:new.room');
    t.expectEqual(message.text, 'hello there', 'message:new.text (trimmed)');
    t.expectEqual(message.from, alice.id, "message:new.from (alice's socket id)");
    t.expect(
      typeof message.at === 'string' && !Number.isNaN(Date.parse(message.at)) && new Date(message.at).toISOString() === message.at,
      `Expected message:new.at to be an ISO-8601 time like ${new Date().toISOString()}, but it was ${JSON.stringify(message.at)}.`,
    );
    const second = await alice.ack('message:send', { room: 'lobby', text: '  hello there  ' });
    t.expect(second.id !== first.id, `Expected every message to get a new id, even with the same text, but two messages both had ${first.id}.`);
  },
);

check(
  'a message does not reach a client outside the room',
  {
    hint: [
      "Emit to the room only: this.server.to(room).emit(...), not this.server.emit(...).",
      'this.server.emit broadcasts to every socket of the namespace, whatever rooms they joined.',
    ],
  },
  async (t) => {
    const [, alice, bob, carol] = await chatWith(t, 'alice', 'bob', 'carol');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await join(carol, 'kitchen');
    const { id } = await alice.ack('message:send', { room: 'lobby', text: 'lobby only' });
    await bob.next('message:new', { where: (message) => message?.id === id, what: `with the id ${id}` });
    await carol.settle();
    t.expectEqual(carol.received('message:new'), [], 'the messages carol (in another room) received');
  },
);

check(
  'a client that left the room no longer receives its messages',
  {
    hint: [
      "In 'room:leave', await client.leave(room) before acknowledging.",
      'Socket.IO rooms are per socket: once the socket leaves, room broadcasts skip it.',
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await bob.ack('room:leave', { room: 'lobby' });
    const { id } = await alice.ack('message:send', { room: 'lobby', text: 'bob has gone' });
    await alice.next('message:new', { where: (message) => message?.id === id, what: `with the id ${id}` });
    await bob.settle();
    t.expectEqual(bob.received('message:new'), [], 'the messages bob received after leaving');
  },
);

check(
  "sending to a room not joined is refused with 'Join the room first'",
  {
    hint: [
      "In 'message:send', check client.rooms.has(room) and throw new WsException('Join the room first') when it is false.",
      "A WsException thrown in a handler reaches the client as the 'exception' event: { status: 'error', message }.",
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(bob, 'lobby');
    const refusal = await alice.exception('message:send', { room: 'lobby', text: 'let me in' });
    t.expectEqual(refusal.status, 'error', 'exception.status');
    t.expectEqual(refusal.message, 'Join the room first', 'exception.message');
    await bob.settle();
    t.expectEqual(bob.received('message:new'), [], 'the messages the room received from a non-member');
  },
);

check(
  'presence counts clients up as they connect and down as they leave',
  {
    hint: [
      "Implement OnGatewayConnection and OnGatewayDisconnect: in both, this.server.emit('presence', { online: this.server.sockets.size }).",
      'On a namespace gateway, this.server is the Namespace: its sockets map holds the connected sockets of /chat.',
    ],
  },
  async (t) => {
    const app = await t.app();
    const alice = await t.connect('alice', app, CHAT);
    t.expectEqual(await alice.next('presence'), { online: 1 }, 'the presence alice received when she connected');
    const bob = await t.connect('bob', app, CHAT);
    t.expectEqual(await alice.next('presence'), { online: 2 }, 'the presence alice received when bob connected');
    t.expectEqual(await bob.next('presence'), { online: 2 }, 'the presence bob received when he connected');
    bob.close();
    t.expectEqual(await alice.next('presence'), { online: 1 }, 'the presence alice received when bob left');
  },
);

check(
  'a bad room name is refused with the naming rule',
  {
    hint: [
      `Validate { room } with a DTO: @IsString() and @Matches(/^[a-z0-9-]{1,32}$/, { message: '${ROOM_RULE}' }).`,
      'ValidationPipe throws an HTTP BadRequestException, which a gateway reports as "Internal server error": give it an exceptionFactory that returns a WsException with the first message.',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    for (const room of ['Lobby', '', 'a'.repeat(33), 'hello world', 'café', 'lob_by', 'lob.by']) {
      const refusal = await alice.exception('room:join', { room });
      t.expectEqual(refusal.message, ROOM_RULE, `the exception message for the room name ${JSON.stringify(room)}`);
    }
    for (const event of ['room:leave', 'message:send']) {
      const refusal = await alice.exception(event, { room: 'Lobby', text: 'hi' });
      t.expectEqual(refusal.message, ROOM_RULE, `the exception message of ${event} for the room name "Lobby"`);
    }
    t.expectEqual(await alice.ack('room:join', { room: 'a'.repeat(32) }), { room: 'a'.repeat(32), members: 1 }, 'the ack for a 32-character room name');
  },
);

check(
  'empty and over-long messages are refused',
  {
    hint: [
      'Validate text with @IsString() and @Length(1, 500), after trimming it with @Transform.',
      'Say the rule in the message, e.g. "Messages are 1–500 characters".',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    await join(alice, 'lobby');
    for (const text of ['', '    ', 'x'.repeat(501)]) {
      const refusal = await alice.exception('message:send', { room: 'lobby', text });
      t.expect(
        typeof refusal.message === 'string' && /1.{1,3}500/.test(refusal.message),
        `Expected the exception for a ${text.length}-character text to state the 1–500 character rule, but it said ${JSON.stringify(refusal.message)}.`,
      );
    }
    const { id } = await alice.ack('message:send', { room: 'lobby', text: 'x'.repeat(500) });
    t.expect(typeof id === 'string', 'Expected a 500-character message to be accepted with { id }.');
    t.expect(alice.received('message:new').length <= 1, 'Expected refused messages not to be broadcast.');
  },
);

check(
  'a payload that is not an object, or has fields of the wrong type, is refused clearly',
  {
    hint: [
      'Refuse payloads that are not plain objects before validating them, with a WsException that says what arrived.',
      "A message of 'Internal server error' means a plain Error or an HTTP exception escaped: convert it to a WsException.",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const bad: [string, unknown][] = [
      ['room:join', 'lobby'],
      ['room:join', null],
      ['room:join', [1, 2]],
      ['room:join', { room: 42 }],
      ['message:send', { room: 'lobby', text: { bold: true } }],
    ];
    for (const [event, payload] of bad) {
      const refusal = await alice.exception(event, payload);
      t.expect(
        typeof refusal.message === 'string' && refusal.message.length > 0 && refusal.message !== 'Internal server error',
        `Expected a message that says what was wrong with ${JSON.stringify(payload)} for '${event}', but it was ${JSON.stringify(refusal.message)}.`,
      );
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
        t.expect(
          typeof refusal.message === 'string' && /object/i.test(refusal.message),
          `Expected the exception for the payload ${JSON.stringify(payload)} (not an object) to say that an object was expected, but it said ${JSON.stringify(refusal.message)}.`,
        );
      }
    }
  },
);

check(
  'the server keeps serving a client after a malformed payload',
  {
    hint: [
      'Throw WsException for bad input and never let an error escape a handler unhandled.',
      'After the exception event the same socket must still be connected and its next ping answered.',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    alice.emit('room:join', 'not an object');
    alice.emit('message:send', { room: 7 });
    alice.emit('message:send');
    t.expectEqual(await alice.ack('ping'), 'pong', 'the ack of ping after three malformed payloads');
    t.expectEqual(await alice.ack('room:join', { room: 'lobby' }), { room: 'lobby', members: 1 }, 'the ack of a valid room:join afterwards');
  },
);
