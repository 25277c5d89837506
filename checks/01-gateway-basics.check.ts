import type { AppUnderTest } from './support/app-under-test.js';
import type { CheckContext } from './support/check-context.js';
import { lessonChecks } from './support/check.js';
import { namespaceOf } from './support/lesson-manifest.js';
import { formatValue } from './support/format-value.js';
import { expectMalformedBodyNotEchoed } from './support/given-behaviour.js';
import { unknownFieldNote, type ServerException, type SocketUnderTest } from './support/socket-under-test.js';

const LESSON = '01-gateway-basics';
const { check } = lessonChecks(LESSON);

const CHAT = namespaceOf(LESSON);
const ROOM_RULE = 'Room names are 1–32 characters of a-z, 0-9 and -';
const TEXT_RULE = /1.{1,3}500/;

const DOCS = {
  gateways: 'https://docs.nestjs.com/websockets/gateways',
  cors: 'https://docs.nestjs.com/security/cors',
  rooms: 'https://socket.io/docs/v4/rooms/',
  emitting: 'https://socket.io/docs/v4/emitting-events/',
  broadcasting: 'https://socket.io/docs/v4/broadcasting-events/',
  serverInstance: 'https://socket.io/docs/v4/server-instance/',
  pipes: 'https://docs.nestjs.com/websockets/pipes',
  validation: 'https://docs.nestjs.com/techniques/validation',
  filters: 'https://docs.nestjs.com/websockets/exception-filters',
  controllers: 'https://docs.nestjs.com/controllers',
  providers: 'https://docs.nestjs.com/providers',
};

/** A client connected to the chat: a refusal shows the gateway of task 1 missing, whatever task the check is of. */
function connectToChat(t: CheckContext, name: string, app: AppUnderTest): Promise<SocketUnderTest> {
  return t.needs(1, () => t.connect(name, app, CHAT));
}

async function chatWith(t: CheckContext, ...names: string[]): Promise<[AppUnderTest, ...SocketUnderTest[]]> {
  const app = await t.app();
  const sockets: SocketUnderTest[] = [];
  for (const name of names) sockets.push(await connectToChat(t, name, app));
  return [app, ...sockets];
}

async function join(client: SocketUnderTest, room: string): Promise<void> {
  await client.ack('room:join', { room });
}

function isIsoTime(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

/** The server's side of `client`: the Socket.IO socket that ChatGateway's server holds for it. */
async function serverSocketOf(t: CheckContext, app: AppUnderTest, client: SocketUnderTest): Promise<any> {
  const { ChatGateway } = await t.appModule<{ ChatGateway: new () => { server?: any } }>('chat/chat.gateway.ts');
  const server = app.nest.get(ChatGateway, { strict: false }).server;
  const socket = server?.sockets?.get(client.id);
  t.expect(
    socket !== undefined,
    `Expected ChatGateway's server (the /chat namespace) to hold ${client.name}'s socket.`,
  );
  return socket;
}

function mentions(text: unknown, pattern: RegExp): boolean {
  return pattern.test(typeof text === 'string' ? text : JSON.stringify(text ?? ''));
}

// ── Given ────────────────────────────────────────────────────────────────────────────────────────────────────────────

check(
  'HTTP routes answer CORS requests from the origins in CORS_ORIGINS only',
  {
    baseline: true,
    hint: [
      `The starter already does this in src/app.ts (app.enableCors with the origins of the config); if it fails, compare src/app.ts and src/config.ts with a fresh copy of the lesson. ${DOCS.cors}`,
    ],
  },
  async (t) => {
    const preflight = (app: AppUnderTest, origin: string) =>
      t.request(app, '/rooms/lobby/announcements', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const app = await t.app();
    const playground = await preflight(app, 'http://localhost:4000');
    t.expectEqual(
      playground.headers.get('access-control-allow-origin'),
      'http://localhost:4000',
      'Access-Control-Allow-Origin for the course playground (http://localhost:4000, a default of CORS_ORIGINS)',
    );
    const stranger = await preflight(app, 'http://evil.example');
    t.expectEqual(
      stranger.headers.get('access-control-allow-origin'),
      null,
      'Access-Control-Allow-Origin for http://evil.example',
    );
    const configured = await t.app({ corsOrigins: ['http://shop.example'] }, 'configured app');
    const shop = await preflight(configured, 'http://shop.example');
    t.expectEqual(
      shop.headers.get('access-control-allow-origin'),
      'http://shop.example',
      'Access-Control-Allow-Origin of an app configured with corsOrigins ["http://shop.example"]',
    );
  },
);

check(
  'the app listens on 127.0.0.1 unless HOST says otherwise',
  {
    baseline: true,
    hint: [
      'The configuration is provided: validateEnv in src/config.ts reads HOST, and src/main.ts passes it to app.listen(port, host). If this fails, compare them with a fresh copy of the lesson.',
    ],
  },
  async (t) => {
    // The app must boot before its configuration is worth reading.
    await t.app();
    const { validateEnv } = await t.appModule<{
      validateEnv: (env: Record<string, unknown>) => { app: Record<string, unknown> };
    }>('config.ts');
    t.expectEqual(validateEnv({}).app.host, '127.0.0.1', 'the host without HOST');
    t.expectEqual(validateEnv({ HOST: '0.0.0.0' }).app.host, '0.0.0.0', 'the host with HOST=0.0.0.0');
    t.expectEqual(validateEnv({}).app.wsMaxPayloadBytes, 16 * 1024, 'the frame limit without WS_MAX_PAYLOAD_BYTES');
  },
);

check(
  'a request body the parser refuses is answered with fixed words (400 "The body is not valid JSON"), never with a quote of it',
  {
    baseline: true,
    hint: [
      'The starter already does this in src/app.ts: MalformedBodyFilter (src/malformed-body.filter.ts) answers what the JSON body parser refused with fixed words; the parser\'s own ("Unexpected token … in JSON") quote the body. If it fails, compare them with a fresh copy of the lesson.',
    ],
  },
  async (t) => {
    await expectMalformedBodyNotEchoed(t, await t.app(), '/rooms/lobby/announcements');
  },
);

// ── Task 1 · the gateway ─────────────────────────────────────────────────────────────────────────────────────────────

check(
  'a client connects to the /chat namespace',
  {
    task: 1,
    hint: [
      `There is no Socket.IO server until a class in a module's providers is declared a gateway; ChatGateway must become one, on the /chat namespace. ${DOCS.gateways}`,
      '@WebSocketGateway(options) on the class, with the namespace option; ChatModule already lists ChatGateway in its providers.',
      "@WebSocketGateway({ namespace: '/chat', … }) just above `export class ChatGateway` in src/chat/chat.gateway.ts.",
    ],
  },
  async (t) => {
    const app = await t.app();
    const probe = await t.request(app, '/socket.io/?EIO=4&transport=polling');
    t.expect(
      probe.status !== 404,
      "Expected a Socket.IO server on the app's port, but GET /socket.io/ answered 404: no class is a gateway yet, so Nest started no Socket.IO server.",
    );
    const alice = await connectToChat(t, 'alice', app);
    t.expect(alice.connected, 'Expected alice to stay connected to /chat.');
  },
);

check(
  'CORS lets a page from any origin open the handshake',
  {
    task: 1,
    hint: [
      `A browser page sends an Origin header with Socket.IO's polling handshake, and Socket.IO answers CORS itself (app.enableCors does not reach it): the gateway's own options must allow any origin. ${DOCS.gateways}`,
      "The cors option of @WebSocketGateway is handed to the Socket.IO server; origin '*' allows every page.",
      "@WebSocketGateway({ namespace: '/chat', cors: { origin: '*' } })",
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
    task: 1,
    hint: [
      `The gateway needs a handler for the ping event whose answer is the acknowledgement. ${DOCS.gateways}`,
      "@SubscribeMessage('ping') on a method; Nest sends the method's return value back as the acknowledgement of the client's emit.",
      "@SubscribeMessage('ping')\nping(): string {\n  return 'pong';\n}",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    t.expectEqual(await alice.ack('ping'), 'pong', 'the acknowledgement of ping');
  },
);

check(
  "a frame over WS_MAX_PAYLOAD_BYTES closes that client's connection, and everyone else is still served",
  {
    task: 1,
    hint: [
      `Once ChatGateway is a gateway, Socket.IO runs with the frame limit the starter's BoundedIoAdapter (src/bounded-io.adapter.ts, installed in src/app.ts) takes from WS_MAX_PAYLOAD_BYTES: nothing more to write, as long as the gateway is served by that adapter. ${DOCS.gateways}`,
      "The limit is Socket.IO's maxHttpBufferSize server option; decorator options are read before the configuration exists, so it is set in IoAdapter.createIOServer, installed with app.useWebSocketAdapter in createApp.",
      "@WebSocketGateway({ namespace: '/chat', cors: { origin: '*' } }) on ChatGateway; keep app.useWebSocketAdapter(new BoundedIoAdapter(app, wsMaxPayloadBytes)) in src/app.ts.",
    ],
  },
  async (t) => {
    const app = await t.app({ wsMaxPayloadBytes: 2048 });
    const alice = await connectToChat(t, 'alice', app);
    const bob = await connectToChat(t, 'bob', app);
    t.expectEqual(
      await alice.ack('ping', 'x'.repeat(1500)),
      'pong',
      'the ack of ping with a frame of about 1500 bytes',
    );
    t.note('alice sends a frame of about 4000 bytes; the limit is 2048');
    alice.emit('ping', 'y'.repeat(4000));
    const reason = await alice.disconnected(2000);
    t.expect(
      reason === 'transport close' || reason === 'transport error',
      `Expected alice's connection to close (transport close, or transport error over polling) after a frame over the limit, but she was disconnected with ${formatValue(reason)}.`,
    );
    t.expectEqual(await bob.ack('ping'), 'pong', "the acknowledgement of bob's ping after alice's oversized frame");
  },
);

// ── Task 2 · rooms ───────────────────────────────────────────────────────────────────────────────────────────────────

check(
  'joining a room acknowledges the room and its member count',
  {
    task: 2,
    hint: [
      `Handle room:join in the gateway: put the client's socket in the room, then acknowledge with { room, members }. ${DOCS.rooms}`,
      "@SubscribeMessage('room:join') with @ConnectedSocket() client and @MessageBody(WsValidationPipe) { room }: RoomDto; put the join to the starter's this.checkRoomLimit(client, room) first, then await client.join(room); count with this.server.adapter.rooms.get(room)?.size.",
      '@WebSocketServer() server: Namespace; // the /chat namespace, set by Nest\n…\nthis.checkRoomLimit(client, room); // lets every join through until task 3\nawait client.join(room);\nreturn { room, members: this.server.adapter.rooms.get(room)?.size ?? 0 };',
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    t.expectEqual(
      await alice.ack('room:join', { room: 'lobby' }),
      { room: 'lobby', members: 1 },
      "the ack of alice's room:join",
    );
    t.expectEqual(
      await bob.ack('room:join', { room: 'lobby' }),
      { room: 'lobby', members: 2 },
      "the ack of bob's room:join",
    );
    t.expectEqual(
      await bob.ack('room:join', { room: 'lobby' }),
      { room: 'lobby', members: 2 },
      "the ack of bob's second room:join of the same room",
    );
  },
);

check(
  'leaving a room acknowledges the room and the members left, 0 after the last',
  {
    task: 2,
    hint: [
      `Handle room:leave like room:join, counting after the socket has left. ${DOCS.rooms}`,
      "@SubscribeMessage('room:leave'), await client.leave(room), then count. Socket.IO deletes a room when its last socket leaves, so adapter.rooms.get(room) is then undefined.",
      '@WebSocketServer() server: Namespace; // the /chat namespace, set by Nest\n…\nawait client.leave(room);\nreturn { room, members: this.server.adapter.rooms.get(room)?.size ?? 0 };',
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    t.expectEqual(
      await bob.ack('room:leave', { room: 'lobby' }),
      { room: 'lobby', members: 1 },
      "the ack of bob's room:leave",
    );
    t.expectEqual(
      await alice.ack('room:leave', { room: 'lobby' }),
      { room: 'lobby', members: 0 },
      "the ack of alice's room:leave (she was the last member)",
    );
  },
);

// ── Task 3 · a bound on rooms per socket ─────────────────────────────────────────────────────────────────────────────

check(
  'a socket is in WS_MAX_ROOMS_PER_SOCKET rooms at most; one more is refused until it leaves one',
  {
    task: 3,
    hint: [
      `Socket.IO keeps every room until its last socket leaves, so a client that joins room after room makes the server hold more and more. Bound how many rooms one socket may be in, from the configuration, in the starter's checkRoomLimit, which room:join calls before it joins (task 2). ${DOCS.rooms}`,
      "Inject ConfigService into ChatGateway and read wsMaxRoomsPerSocket from config.getOrThrow<AppConfig>('app'). client.rooms is the Set of rooms the socket is in, its own (named after its id) included: when the room is new to the socket and client.rooms.size has reached the limit, throw new WsException('Too many rooms: leave one first').",
      "constructor(private readonly config: ConfigService) {}\n…\nprivate checkRoomLimit(client: Socket, room: string): void {\n  const { wsMaxRoomsPerSocket } = this.config.getOrThrow<AppConfig>('app');\n  if (!client.rooms.has(room) && client.rooms.size >= wsMaxRoomsPerSocket) {\n    throw new WsException('Too many rooms: leave one first');\n  }\n}",
    ],
  },
  async (t) => {
    const app = await t.app({ wsMaxRoomsPerSocket: 3 });
    t.note('WS_MAX_ROOMS_PER_SOCKET is 3: the room named after the socket id and two more');
    const alice = await connectToChat(t, 'alice', app);
    const bob = await connectToChat(t, 'bob', app);
    await join(alice, 'one');
    await join(alice, 'two');
    const refusal = await alice.exception('room:join', { room: 'three' });
    t.expectEqual(refusal.message, 'Too many rooms: leave one first', "the exception for alice's third room:join");
    t.expectEqual(
      await alice.ack('room:join', { room: 'two' }),
      { room: 'two', members: 1 },
      'the ack of room:join of a room alice is already in',
    );
    t.expectEqual(
      await bob.ack('room:join', { room: 'three' }),
      { room: 'three', members: 1 },
      "the ack of bob's room:join of the room alice was refused",
    );
    await alice.ack('room:leave', { room: 'one' });
    t.expectEqual(
      await alice.ack('room:join', { room: 'three' }),
      { room: 'three', members: 2 },
      'the ack of room:join after alice left a room',
    );
  },
);

// ── Task 4 · messages ────────────────────────────────────────────────────────────────────────────────────────────────

check(
  'a message reaches every member of the room once, the sender included',
  {
    task: 4,
    hint: [
      `Handle message:send: emit message:new to the room, so that every socket in it gets it once, the sender's too, and acknowledge with { id }. ${DOCS.broadcasting}`,
      'this.server.to(room).emit(…) reaches every socket in the room, the sender included; client.to(room).emit(…) skips the sender, and emitting twice delivers twice.',
      "@WebSocketServer() server: Namespace; // the /chat namespace, set by Nest\n…\nthis.server.to(room).emit('message:new', message);\nreturn { id: message.id };",
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    const ack = await alice.ack('message:send', { room: 'lobby', text: 'hello' });
    const id = ack?.id;
    t.expectEqual(Object.keys(ack ?? {}), ['id'], 'the fields of the ack of message:send');
    t.expect(
      typeof id === 'string' && id.length > 0,
      `Expected the ack of message:send to be { id } with a string id, but it was ${JSON.stringify(ack)}.`,
    );
    for (const member of [alice, bob]) {
      await member.next('message:new', { where: (message) => message?.id === id, what: `with the id ${id}` });
      await member.settle();
      const copies = member.received('message:new').filter((message) => message?.id === id).length;
      t.expectEqual(copies, 1, `the number of copies of the message ${member.name} received`);
    }
  },
);

check(
  'message:new carries id, room, text, sender id and an ISO time',
  {
    task: 4,
    hint: [
      `The message:new payload is { id, room, text, from, at } (see the README's wire contract); the ack's id is the message's id. ${DOCS.emitting}`,
      'randomUUID() from node:crypto for a new id per message, client.id for from, new Date().toISOString() for at.',
      'const message: ChatMessage = { id: randomUUID(), room, text, from: client.id, at: new Date().toISOString() };',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    await join(alice, 'lobby');
    const first = await alice.ack('message:send', { room: 'lobby', text: 'hello there' });
    const message = await alice.next('message:new');
    t.expectEqual(Object.keys(message ?? {}).sort(), ['at', 'from', 'id', 'room', 'text'], 'the fields of message:new');
    t.expectEqual(message.id, first?.id, 'the id of message:new (the same as the ack of message:send)');
    t.expectEqual(message.room, 'lobby', 'message:new.room');
    t.expectEqual(message.text, 'hello there', 'message:new.text');
    t.expectEqual(message.from, alice.id, "message:new.from (alice's socket id)");
    t.expect(
      isIsoTime(message.at),
      `Expected message:new.at to be an ISO-8601 time like ${new Date().toISOString()}, but it was ${JSON.stringify(message.at)}.`,
    );
    const second = await alice.ack('message:send', { room: 'lobby', text: 'hello there' });
    t.expect(
      second?.id !== first?.id,
      `Expected every message to get a new id, even with the same text, but two messages both had ${first?.id}.`,
    );
  },
);

check(
  'a message does not reach a client outside the room',
  {
    task: 4,
    hint: [
      `Send message:new to the room only, not to the whole namespace. ${DOCS.broadcasting}`,
      'this.server.emit(…) broadcasts to every socket of the namespace, whatever rooms they joined; this.server.to(room).emit(…) only to the room.',
      "@WebSocketServer() server: Namespace; // the /chat namespace, set by Nest\n…\nthis.server.to(room).emit('message:new', message);",
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
    task: 4,
    hint: [
      `A room broadcast reaches the sockets in the room when it is sent: make sure the message goes through the room, not to a list you keep yourself. ${DOCS.rooms}`,
      "Broadcast with this.server.to(room).emit(…); room:leave's client.leave(room) then takes the socket out of it.",
      "@WebSocketServer() server: Namespace; // the /chat namespace, set by Nest\n…\nthis.server.to(room).emit('message:new', message); // in message:send\nawait client.leave(room); // in room:leave",
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
    task: 4,
    hint: [
      `In message:send, refuse a sender whose socket is not in the room, with an exception the client receives as its exception event. ${DOCS.filters}`,
      "client.rooms is the Set of rooms the socket is in; throw new WsException('Join the room first') (from @nestjs/websockets) when it lacks the room.",
      "if (!client.rooms.has(room)) {\n  throw new WsException('Join the room first');\n}",
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(bob, 'lobby');
    const refusal = await alice.exception('message:send', { room: 'lobby', text: 'let me in' });
    t.expectEqual(refusal.status, 'error', 'exception.status');
    t.expectEqual(refusal.message, 'Join the room first', 'exception.message');
    await join(alice, 'kitchen');
    await alice.ack('room:leave', { room: 'kitchen' });
    const afterLeaving = await alice.exception('message:send', { room: 'kitchen', text: 'still here?' });
    t.expectEqual(
      afterLeaving.message,
      'Join the room first',
      'exception.message of a message to a room alice has left',
    );
    await bob.settle();
    t.expectEqual(bob.received('message:new'), [], 'the messages the room received from a non-member');
  },
);

check(
  'message:send takes only room and text from the client: a from, id or at it sends along is ignored',
  {
    task: 4,
    hint: [
      `Every field of a message but room and text is the server's: a client that could set from would speak as anyone. ${DOCS.validation}`,
      "Build message:new from the validated room and text only, with id, from and at from the server; WsValidationPipe's whitelist drops the fields the DTO does not declare. Never spread the payload into the message.",
      'const message: ChatMessage = { id: randomUUID(), room, text, from: client.id, at: new Date().toISOString() };',
    ],
  },
  async (t) => {
    const [, alice, bob] = await chatWith(t, 'alice', 'bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    const forged = {
      room: 'lobby',
      text: 'hi',
      from: 'system',
      id: 'chosen-id',
      at: '1999-12-31T23:59:59.000Z',
      instance: 'elsewhere',
    };
    const reply = await alice.ack('message:send', forged);
    t.expect(
      typeof reply?.id === 'string',
      `Expected message:send with a from, id, at and instance along to be accepted (the server keeps only room and text), but the ack was ${formatValue(reply)}.${unknownFieldNote(reply?.error)}`,
    );
    const { id } = reply;
    const message = await bob.next('message:new', { what: "for alice's message" });
    t.expectEqual(
      Object.keys(message ?? {}).sort(),
      ['at', 'from', 'id', 'room', 'text'],
      'the fields of the message:new bob received',
    );
    t.expectEqual(message?.from, alice.id, 'message:new.from (alice\'s socket id) when alice sent from: "system"');
    t.expect(
      message?.id === id && id !== forged.id,
      `Expected the server's own id, but message:new.id was ${formatValue(message?.id)}.`,
    );
    t.expect(message?.at !== forged.at, "Expected the server's time in message:new.at, not the one alice sent.");
  },
);

// ── Task 5 · presence ────────────────────────────────────────────────────────────────────────────────────────────────

/** The gateway's presence, in a sketch: through the provided announcer, never an emit of its own. */
const PRESENCE_SKETCH =
  'constructor(private readonly presence: PresenceAnnouncer, …) {} // src/chat/presence-announcer.ts, provided\n@WebSocketServer() server: Namespace; // the /chat namespace, set by Nest\n…\nafterInit(server: Namespace): void {\n  this.presence.attach(server);\n}\nhandleConnection(client: Socket): void {\n  this.presence.welcome(client.id);\n  this.presence.announce(() => this.server.sockets.size);\n}\n// and the same announce in handleDisconnect()';

check(
  'presence counts clients up as they connect and down as they leave',
  {
    task: 5,
    hint: [
      `Use the gateway's lifecycle hooks: hand the provided PresenceAnnouncer the count whenever a client connects or leaves, and it tells every socket of the namespace presence { online }. ${DOCS.gateways}`,
      'Implement OnGatewayInit (afterInit: attach the announcer to the server), OnGatewayConnection (handleConnection: welcome(client.id), then announce) and OnGatewayDisconnect (handleDisconnect: announce); this.server.sockets is the Map of connected sockets.',
      PRESENCE_SKETCH,
    ],
  },
  async (t) => {
    const app = await t.app();
    const alice = await connectToChat(t, 'alice', app);
    t.expectEqual(await alice.next('presence'), { online: 1 }, 'the presence alice received when she connected');
    const bob = await connectToChat(t, 'bob', app);
    t.expectEqual(await alice.next('presence'), { online: 2 }, 'the presence alice received when bob connected');
    t.expectEqual(await bob.next('presence'), { online: 2 }, 'the presence bob received when he connected');
    bob.close();
    t.expectEqual(await alice.next('presence'), { online: 1 }, 'the presence alice received when bob left');
  },
);

check(
  'presence counts sockets, not the rooms they joined',
  {
    task: 5,
    hint: [
      `Count the connected sockets of the namespace; rooms are another map, which also holds a private room per socket. ${DOCS.serverInstance}`,
      'this.server.sockets.size is the number of connected sockets; this.server.adapter.rooms.size counts rooms (each socket has its own, plus every named one). Hand the announcer a function that reads the first.',
      'constructor(private readonly presence: PresenceAnnouncer, …) {} // provided\n@WebSocketServer() server: Namespace; // the /chat namespace, set by Nest\n…\nthis.presence.announce(() => this.server.sockets.size); // not this.server.adapter.rooms.size',
    ],
  },
  async (t) => {
    const app = await t.app();
    const alice = await connectToChat(t, 'alice', app);
    t.expectEqual(await alice.next('presence'), { online: 1 }, 'the presence alice received when she connected');
    const bob = await connectToChat(t, 'bob', app);
    t.expectEqual(await alice.next('presence'), { online: 2 }, 'the presence alice received when bob connected');
    for (const member of [alice, bob]) {
      await join(member, 'lobby');
      await join(member, 'kitchen');
    }
    const carol = await connectToChat(t, 'carol', app);
    t.expectEqual(
      await carol.next('presence'),
      { online: 3 },
      'the presence carol received when she connected (alice and bob are in two rooms each)',
    );
    t.expectEqual(await alice.next('presence'), { online: 3 }, 'the presence alice received when carol connected');
    carol.close();
    t.expectEqual(await alice.next('presence'), { online: 2 }, 'the presence alice received when carol left');
  },
);

/** Lesson 1's ANNOUNCE_EVERY_MS (src/chat/presence-announcer.ts): the shortest time between two presence events. */
const ANNOUNCE_EVERY_MS = 250;
const BURST = 9;
/** How long after a connection its change may reach the announcer: a busy machine runs the handlers late; room to spare. */
const GATHERING_MS = 100;

check(
  `a burst of ${BURST} connections reaches a connected client as one presence per ${ANNOUNCE_EVERY_MS} ms, the last with the full count`,
  {
    task: 5,
    hint: [
      `Each presence is a frame to every socket: told one by one, a burst of N connections (a restart's reconnect herd) costs N² frames. The provided PresenceAnnouncer (src/chat/presence-announcer.ts) tells at most one count every ANNOUNCE_EVERY_MS (250 ms): every presence must go through it. ${DOCS.broadcasting}`,
      'Emit no presence yourself (no this.server.emit of it): inject PresenceAnnouncer, attach it to the server in afterInit, and in handleConnection and handleDisconnect call announce(() => …) with a function that gives the count; it reads the count again when its interval ends.',
      PRESENCE_SKETCH,
    ],
  },
  async (t) => {
    const app = await t.app();
    const alice = await connectToChat(t, 'alice', app);
    // Her own connection was told at once, and opened an interval: the burst's first changes wait for its end.
    t.expectEqual(await alice.next('presence'), { online: 1 }, 'the presence alice received when she connected');
    const window = t.stopwatch();
    await Promise.all(Array.from({ length: BURST }, (_, index) => connectToChat(t, `guest #${index}`, app)));
    const connected = window.wall();
    t.note(`${BURST} connections, all connected ${connected} ms after alice heard her own presence`);
    await alice.next('presence', {
      where: (p: any) => p?.online === 1 + BURST,
      what: `with online: ${1 + BURST} (alice and the ${BURST} of the burst)`,
    });
    // Whatever the server sent alice before the answer to a ping has arrived: nothing is left on the way.
    await alice.settle();
    const heard = alice.received('presence').slice(1);
    // One at the end of each interval the burst's changes fell in: one when it fitted in the first (on an idle machine).
    const allowed = Math.floor((connected + GATHERING_MS * t.deadlineScale) / ANNOUNCE_EVERY_MS) + 1;
    t.note(`after her own, alice heard: ${formatValue(heard)}`);
    t.expect(
      heard.length <= allowed,
      `Expected alice to hear the burst of ${BURST} connections (all connected within ${connected} ms of her own presence) as at most ${allowed} presence event(s), one at the end of each ${ANNOUNCE_EVERY_MS} ms interval it fell in, ` +
        `but she heard ${heard.length}: ${formatValue(heard)}. Every connection reached every socket: hand the count to the announcer instead of emitting it.`,
    );
    t.expectEqual(
      heard.at(-1),
      { online: 1 + BURST },
      'the last presence alice received, once the burst had connected',
    );
  },
);

// ── Task 6 · the validation pipe ─────────────────────────────────────────────────────────────────────────────────────

check(
  'a payload that breaks a rule is refused with the words of that rule, not "Internal server error"',
  {
    task: 6,
    hint: [
      `WsValidationPipe must turn a broken rule into a WsException carrying that rule's message: as it is, Nest's ValidationPipe throws HTTP's BadRequestException, which a gateway reports as "Internal server error". The starter's RoomDto already has a type rule on room to try it with. ${DOCS.pipes}`,
      "WsValidationPipe already extends ValidationPipe: give it a constructor that passes its options to super(…): transform, whitelist, stopAtFirstError, and an exceptionFactory that receives the ValidationError[] and returns a WsException with one message (a ValidationError's constraints map each broken rule's name to its message).",
      "constructor() {\n  super({\n    transform: true,\n    whitelist: true,\n    stopAtFirstError: true,\n    exceptionFactory: (errors: ValidationError[]) =>\n      new WsException(Object.values(errors[0]?.constraints ?? {})[0] ?? 'The payload is not valid'),\n  });\n}",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    for (const payload of [{ room: 42 }, {}]) {
      const refusal = await alice.exception('room:join', payload);
      t.expect(
        typeof refusal.message === 'string' &&
          /room/i.test(refusal.message) &&
          refusal.message !== 'Internal server error',
        `Expected the exception for room:join with ${JSON.stringify(payload)} to carry the message of the rule room broke (one message, about room), but it was ${formatValue(refusal.message)}.`,
      );
    }
    const both = await alice.exception('message:send', {});
    t.expect(
      typeof both.message === 'string' && /room/i.test(both.message) !== /text/i.test(both.message),
      `Expected the exception for message:send with {} (room and text both missing) to carry one rule's message, about one field, but it was ${formatValue(both.message)}.`,
    );
    t.expectEqual(
      await alice.ack('room:join', { room: 'lobby', from: 'someone else' }),
      { room: 'lobby', members: 1 },
      'the ack of room:join with a valid room and a field that has no rule',
    );
  },
);

// ── Task 7 · the payload's shape first ───────────────────────────────────────────────────────────────────────────────

check(
  'a payload that is not an object is refused with what arrived instead',
  {
    task: 7,
    hint: [
      `A payload that is not an object never reaches the rules: the provided PayloadShapePipe (payload-shape.pipe.ts) refuses it with a WsException that says an object was expected and what arrived. WsValidationPipe must let it look at every payload first. ${DOCS.pipes}`,
      "Override transform(value, metadata) in WsValidationPipe: hand the raw value to a PayloadShapePipe's transform, which throws for a payload of the wrong shape, and pass what it returns on to super.transform(…, metadata).",
      'private readonly shape = new PayloadShapePipe();\n\noverride async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {\n  return super.transform(this.shape.transform(value), metadata);\n}',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const notObjects: [unknown, RegExp, string][] = [
      ['lobby', /string|"lobby"/i, 'a string'],
      [null, /null/i, 'null'],
      [[1, 2], /array/i, 'an array'],
      [undefined, /nothing|undefined|no payload|empty/i, 'nothing'],
    ];
    for (const [payload, arrived, what] of notObjects) {
      const refusal = await alice.exception('room:join', payload);
      t.expect(
        mentions(refusal.message, /object/i) && mentions(refusal.message, arrived),
        `Expected the exception for ${what} (not an object) to say that an object was expected and that ${what} arrived, but it said ${JSON.stringify(refusal.message)}.`,
      );
    }
  },
);

check(
  'a payload nested more than 8 levels deep is refused before it is validated',
  {
    task: 7,
    hint: [
      `class-transformer walks every level of a payload, even of the fields the whitelist drops: a few thousand levels overflow its stack, and every such event ends in 'Internal server error' and a stack trace in the log. The provided PayloadShapePipe refuses deep payloads; WsValidationPipe must run it before it validates. ${DOCS.pipes}`,
      'In WsValidationPipe.transform, give the raw value to PayloadShapePipe first and call super.transform only with what it lets through: it throws a WsException for a payload nested more than 8 levels deep, and looks no deeper than that.',
      'private readonly shape = new PayloadShapePipe();\n\noverride async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {\n  return super.transform(this.shape.transform(value), metadata); // the shape first, then the rules\n}',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const nested = (depth: number): unknown => {
      let value: unknown = 'bottom';
      for (let level = 1; level < depth; level++) value = { a: value };
      return value;
    };
    t.expectEqual(
      await alice.ack('room:join', { room: 'lobby', extra: nested(8) }),
      { room: 'lobby', members: 1 },
      'the ack of room:join with an unknown field 8 levels deep (the payload is the first)',
    );
    for (const [payload, what] of [
      [{ room: 'lobby', extra: nested(9) }, 'an object 9 levels deep'],
      [{ room: 'lobby', extra: nested(2000) }, 'an object 2000 levels deep'],
      [{ room: 'lobby', extra: [[[[[[[[['deep']]]]]]]]] }, 'arrays 10 levels deep'],
    ] as const) {
      const refusal = await alice.exception('room:join', payload);
      t.expectEqual(
        refusal.message,
        'The payload is nested more than 8 levels deep',
        `the exception for room:join with ${what}`,
      );
    }
  },
);

check(
  'a refused payload is described by its type and size, never sent back',
  {
    task: 7,
    hint: [
      `Say what arrived by type and size ("a string of 9000 characters"), never by value: the client already has it, and a value sent back costs as much as it weighs and may hold a secret. The provided PayloadShapePipe describes it so; the payload must reach it before anything that could quote it. ${DOCS.pipes}`,
      'In WsValidationPipe.transform, hand every raw value to PayloadShapePipe before super.transform, and add no message of your own that quotes the value (no JSON.stringify of it).',
      'private readonly shape = new PayloadShapePipe();\n\noverride async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {\n  return super.transform(this.shape.transform(value), metadata);\n}',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    // What is not an object is described by its type and size; an object's broken rule speaks for itself.
    const payloads: [unknown, string, RegExp?][] = [
      ['s3cr3t-'.repeat(1200), 'a string of 8400 characters', /string.*8400|8400.*string/i],
      [Array.from({ length: 1000 }, () => 's3cr3t'), 'an array of 1000 strings', /array.*1000|1000.*array/i],
      [123456789, 'a number', /number/i],
      [{ room: ['s3cr3t'] }, 'an object whose room is an array'],
      [{ room: 123456789 }, 'an object whose room is a number'],
    ];
    for (const [payload, what, described] of payloads) {
      const { message } = await alice.exception('room:join', payload);
      const said = JSON.stringify(message ?? '');
      t.expect(
        !said.includes('s3cr3t') && !said.includes('123456789'),
        `Expected the exception's message for ${what} to describe it without its value, but it was ${formatValue(message)}.`,
      );
      t.expect(said.length < 200, `Expected a short message for ${what}, but it held ${said.length} characters.`);
      if (described)
        t.expect(
          described.test(said),
          `Expected the exception's message for ${what} (not an object) to say what arrived by type and size, but it was ${formatValue(message)}.`,
        );
    }
  },
);

check(
  'the server keeps serving a client after a malformed payload',
  {
    task: 7,
    hint: [
      `Bad input must end as a WsException for that one event, never as an error that escapes a handler. ${DOCS.filters}`,
      'Let WsValidationPipe refuse what is not an object (through PayloadShapePipe) before any handler destructures it; after the exception event the same socket must still be connected and answered.',
      "@MessageBody(WsValidationPipe) on every handler's payload, and the shape check at the top of the pipe's transform().",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    alice.emit('room:join', 'not an object');
    alice.emit('message:send', { room: 7 });
    alice.emit('message:send');
    t.expectEqual(await alice.ack('ping'), 'pong', 'the ack of ping after three malformed payloads');
    t.expectEqual(
      await alice.ack('room:join', { room: 'lobby' }),
      { room: 'lobby', members: 1 },
      'the ack of a valid room:join afterwards',
    );
  },
);

// ── Task 8 · the rules of a payload ──────────────────────────────────────────────────────────────────────────────────

check(
  'room names of a-z, 0-9 and hyphens, 1 to 32 characters, are accepted; any other is refused with the naming rule',
  {
    task: 8,
    hint: [
      `Give RoomDto's room a rule that allows lower-case letters, digits and "-", from 1 to 32 characters, with ROOM_NAME_RULE as its message; WsValidationPipe (task 6) sends a broken rule's message to the client. ${DOCS.validation}`,
      "class-validator's @Matches(regex, { message: ROOM_NAME_RULE }), with a regular expression anchored at both ends (^…$) whose character class holds a-z, 0-9 and -, and a {1,32} length. Put it above the given @IsString, so the type rule is checked first.",
      '@Matches(/^[a-z0-9-]{1,32}$/, { message: ROOM_NAME_RULE })\n@IsString({ message: \'room must be a string, like "lobby"\' })\nroom: string;',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    for (const room of ['Lobby', '', 'a'.repeat(33), 'hello world', 'café', 'lob_by', 'lob.by', 'lobby\n']) {
      const refusal = await alice.exception('room:join', { room });
      t.expectEqual(refusal.message, ROOM_RULE, `the exception message for the room name ${JSON.stringify(room)}`);
    }
    for (const event of ['room:leave', 'message:send']) {
      const refusal = await alice.exception(event, { room: 'Lobby', text: 'hi' });
      t.expectEqual(refusal.message, ROOM_RULE, `the exception message of ${event} for the room name "Lobby"`);
    }
    for (const room of ['team-1', 'a', '7', 'x-y-z', 'a'.repeat(32)]) {
      const ack = await alice.ack('room:join', { room });
      // The name was accepted: an ack of another shape is task 2's room:join, not the naming rule.
      await t.needs(2, () =>
        t.expectEqual(ack, { room, members: 1 }, `the ack of room:join for the room name ${JSON.stringify(room)}`),
      );
    }
  },
);

check(
  'messages of 1 to 500 characters are accepted; empty and over-long ones are refused',
  {
    task: 8,
    hint: [
      `Give SendMessageDto's text a length rule of 1 to 500 characters whose message states the rule, counted after trimming. ${DOCS.validation}`,
      "class-validator's @Length(1, 500, { message }) above the given @IsString, and class-transformer's @Transform to trim first (WsValidationPipe's transform: true applies it).",
      "@Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))\n@Length(1, 500, { message: 'Messages are 1–500 characters' })\n@IsString({ message: 'text must be a string' })\ntext: string;",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    await join(alice, 'lobby');
    for (const text of ['', '    ', 'x'.repeat(501)]) {
      const refusal = await alice.exception('message:send', { room: 'lobby', text });
      t.expect(
        mentions(refusal.message, TEXT_RULE),
        `Expected the exception for a ${text.length}-character text to state the 1–500 character rule, but it said ${JSON.stringify(refusal.message)}.`,
      );
    }
    for (const text of ['x', 'x'.repeat(500)]) {
      const ack = await alice.ack('message:send', { room: 'lobby', text });
      t.expect(
        typeof ack?.id === 'string',
        `Expected a ${text.length}-character message to be accepted with { id }, but the ack was ${formatValue(ack)}.`,
      );
    }
    await alice.settle();
    t.expectEqual(
      alice.received('message:new').length,
      2,
      'the number of messages broadcast (only the two accepted ones)',
    );
  },
);

check(
  'message texts are trimmed before they are checked and sent',
  {
    task: 8,
    hint: [
      `Trim the text in the DTO, before its length is checked, so that the room receives the trimmed text. ${DOCS.validation}`,
      "class-transformer's @Transform on text; WsValidationPipe's transform: true hands the handler the transformed DTO.",
      "@Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    await join(alice, 'lobby');
    const { id } = await alice.ack('message:send', { room: 'lobby', text: '  hello there \n' });
    const message = await alice.next('message:new', { where: (m) => m?.id === id, what: `with the id ${id}` });
    t.expectEqual(message.text, 'hello there', 'message:new.text of "  hello there \\n" (trimmed)');
    const long = await alice.ack('message:send', { room: 'lobby', text: `  ${'y'.repeat(500)}  ` });
    t.expect(
      typeof long?.id === 'string',
      `Expected a 500-character text with spaces around it to be accepted (the spaces do not count), but the ack was ${formatValue(long)}.`,
    );
  },
);

check(
  'a missing field, or one that is not a string, hears its type rule first',
  {
    task: 8,
    hint: [
      `A field of the wrong type breaks several rules at once; the client should hear the type rule the starter gives each field. Decorators on a property apply from the bottom up, and with stopAtFirstError the one nearest the property is checked first. ${DOCS.validation}`,
      'Keep the given @IsString({ message }) nearest the property, under the rules you add (@Matches on room, @Length on text), and @Transform above them all.',
      '@Matches(/^[a-z0-9-]{1,32}$/, { message: ROOM_NAME_RULE })\n@IsString({ message: \'room must be a string, like "lobby"\' })\nroom: string;',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const wrongTypes: [string, unknown, string][] = [
      ['room:join', { room: 42 }, 'room'],
      ['room:join', {}, 'room'],
      ['message:send', { room: 'lobby', text: { bold: true } }, 'text'],
      ['message:send', { room: 'lobby' }, 'text'],
    ];
    for (const [event, payload, field] of wrongTypes) {
      const refusal = await alice.exception(event, payload);
      t.expect(
        typeof refusal.message === 'string' && refusal.message.includes(field) && /string/i.test(refusal.message),
        `Expected the exception for ${JSON.stringify(payload)} on '${event}' to name the field (${field}) and say that a string is expected, but it said ${JSON.stringify(refusal.message)}.`,
      );
      t.expect(
        !String(refusal.message).includes(ROOM_RULE) && !TEXT_RULE.test(String(refusal.message)),
        `Expected the exception for ${JSON.stringify(payload)} on '${event}' to carry the type rule alone (one message: the first rule broken), but it said ${JSON.stringify(refusal.message)}.`,
      );
    }
  },
);

check(
  "a broken rule's message never quotes the value",
  {
    task: 8,
    hint: [
      `A rule's message can quote what the client sent: class-validator fills in $value when a message asks for it. Name the rule, never the value: the client already has it, and it may hold a secret. ${DOCS.validation}`,
      'Write each { message } of @Matches and @Length as fixed words ($property and $constraint1 are harmless; $value is not).',
      "@Length(1, 500, { message: 'Messages are 1–500 characters (spaces at either end do not count)' })",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const broken: [string, unknown, string][] = [
      ['message:send', { room: 'lobby', text: 's3cr3t-'.repeat(100) }, 'a text of 700 characters'],
      ['room:join', { room: 's3cr3t-'.repeat(20) }, 'a room name of 140 characters'],
    ];
    for (const [event, payload, what] of broken) {
      const { message } = await alice.exception(event, payload);
      t.expect(
        !JSON.stringify(message ?? '').includes('s3cr3t'),
        `Expected the rule's message for ${what} to name the rule without the value, but it was ${formatValue(message)}.`,
      );
    }
  },
);

// ── Task 9 · failures that answer ────────────────────────────────────────────────────────────────────────────────────

check(
  'a refused event that asked for an ack gets { error } as its ack, after the exception event',
  {
    task: 9,
    hint: [
      `A handler that throws sends no acknowledgement, so a client awaiting emitWithAck waits forever. Write a gateway-scoped exception filter that answers the ack too, and bind it to ChatGateway. ${DOCS.filters}`,
      '@Catch() class … extends BaseWsExceptionFilter; in catch(exception, host) call super.catch(exception, host) first (the exception event), then the ack callback, host.getArgByIndex(2) when it is a function. Bind it with @UseFilters(…) on the gateway class.',
      "constructor() {\n  super({ includeCause: false }); // the payload never goes back\n}\noverride catch(exception: unknown, host: ArgumentsHost): void {\n  super.catch(exception, host);\n  const ack = host.getArgByIndex(2);\n  if (typeof ack === 'function') ack({ error: exception instanceof WsException ? exception.message : 'Internal server error' });\n}",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const cases: [string, unknown, string][] = [
      ['message:send', { room: 'lobby', text: 'let me in' }, 'a message to a room alice has not joined'],
      ['room:join', { room: 'Not Valid' }, 'a bad room name'],
      ['room:join', 'lobby', 'a payload that is not an object'],
    ];
    for (const [event, payload, what] of cases) {
      const failed = await alice.ackAndException(event, payload);
      t.expect(
        failed.acked,
        `Expected an acknowledgement of '${event}' for ${what} (the client asked for one), but none came within 1000 ms.`,
      );
      t.expectEqual(
        failed.ack,
        { error: failed.exception.message },
        `the ack of '${event}' for ${what} (the exception event's message under "error")`,
      );
      t.expectEqual(
        failed.order,
        ['exception', 'ack'],
        `the order in which alice received the answers to '${event}' for ${what}`,
      );
    }
  },
);

check(
  'the exception event carries status and message only, not the payload it refused',
  {
    task: 9,
    hint: [
      `Nest's filter echoes the refused event and its payload back as "cause"; your filter must leave it out (the README says why). ${DOCS.filters}`,
      'BaseWsExceptionFilter takes options in its constructor: includeCause (default true) decides whether cause is sent.',
      'constructor() {\n  super({ includeCause: false });\n}',
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const secret = 'hunter2-do-not-echo';
    const refused: [string, unknown][] = [
      ['room:join', { room: 'Not Valid', password: secret }],
      ['message:send', { room: 'lobby', text: secret }],
    ];
    for (const [event, payload] of refused) {
      const refusal = await alice.exception(event, payload);
      t.expectEqual(
        Object.keys(refusal ?? {}).sort(),
        ['message', 'status'],
        `the fields of the exception event for '${event}'`,
      );
      t.expect(
        !JSON.stringify(refusal).includes(secret),
        `Expected the exception event for '${event}' not to send the payload back, but it did: ${formatValue(refusal)}.`,
      );
    }
  },
);

check(
  'a refused event sent without an ack still gets the exception event, and the filter does not fail',
  {
    task: 9,
    alone: "it expects no error line from the app, and another check's app could print one",
    hint: [
      `Your filter must still send the exception event when the client asked for no acknowledgement, and must not fail itself: there is then no callback to call. ${DOCS.filters}`,
      'Call super.catch(exception, host) before anything else, and call the ack only when host.getArgByIndex(2) is a function.',
      "super.catch(exception, host);\nconst ack = host.getArgByIndex(2);\nif (typeof ack === 'function') ack({ error: … });",
    ],
  },
  async (t) => {
    const [, alice] = await chatWith(t, 'alice');
    const mark = t.transcript.mark();
    alice.emit('message:send', { room: 'lobby', text: 'no ack wanted' });
    const refusal = await alice.next<ServerException>('exception', { what: "for 'message:send' sent without an ack" });
    t.expectEqual(refusal?.message, 'Join the room first', 'exception.message');
    alice.emit('room:join', { room: 'Not Valid' });
    const invalid = await alice.next<ServerException>('exception', { what: "for 'room:join' sent without an ack" });
    t.expectEqual(invalid?.message, ROOM_RULE, 'exception.message for a bad room name');
    t.expectEqual(await alice.ack('ping'), 'pong', 'the ack of ping afterwards');
    const errors = t.appLog(mark).filter((line) => /ERROR|Error/.test(line));
    t.expect(
      errors.length === 0,
      `Expected the app to log no error while it refused two events sent without an ack, but it logged: ${errors.join(' / ')}.`,
    );
  },
);

check(
  "a handler that fails unexpectedly answers 'Internal server error', and keeps the error's text inside",
  {
    task: 9,
    hint: [
      `A plain Error is a bug, not a refusal: the client learns only that something failed, and the details stay in the server's log. A filter that catches only WsException leaves such an event unacknowledged. ${DOCS.filters}`,
      "@Catch() with no arguments catches everything; BaseWsExceptionFilter's super.catch sends 'Internal server error' for anything that is not a WsException; the ack must say the same.",
      "@Catch()\nexport class WsExceptionFilter extends BaseWsExceptionFilter {\n  override catch(exception: unknown, host: ArgumentsHost): void {\n    super.catch(exception, host); // 'Internal server error' for anything but a WsException\n    const ack = host.getArgByIndex(2);\n    if (typeof ack === 'function') ack({ error: exception instanceof WsException ? exception.message : 'Internal server error' });\n  }\n}",
    ],
  },
  async (t) => {
    const [app, alice] = await chatWith(t, 'alice');
    const serverSide = await serverSocketOf(t, app, alice);
    serverSide.join = () => {
      throw new Error('connection to db-7.internal:5432 lost, password=hunter2');
    };
    t.note("alice's socket on the server now throws a plain Error when it joins a room");
    const failed = await alice.ackAndException('room:join', { room: 'lobby' });
    t.expectEqual(
      failed.exception?.message,
      'Internal server error',
      "the exception event's message for a handler that threw a plain Error",
    );
    t.expect(
      failed.acked,
      "Expected an acknowledgement of 'room:join' whose handler threw a plain Error (the client asked for one), but none came within 1000 ms.",
    );
    t.expectEqual(
      failed.ack,
      { error: 'Internal server error' },
      'the ack of room:join whose handler threw a plain Error',
    );
    t.expect(
      !JSON.stringify([failed.exception, failed.ack]).includes('hunter2'),
      "Expected the error's own text to stay on the server, but the client received it.",
    );
  },
);

// ── Task 10 · announcements from a service ───────────────────────────────────────────────────────────────────────────

check(
  'AnnouncementsService.announce(room, text) reaches everyone in the room as a message from system',
  {
    task: 10,
    hint: [
      `AnnouncementsService (ChatModule already provides it) needs an announce(room, text) method that broadcasts through the gateway's server and returns { id }. ${DOCS.providers}`,
      "Mark the service @Injectable() and inject ChatGateway in its constructor; in announce, build the message with from: 'system', emit message:new to the room through the gateway's @WebSocketServer() property at the time of sending (it is undefined in any constructor), and return its id.",
      "constructor(private readonly chat: ChatGateway) {}\n\nannounce(room: string, text: string) {\n  const message = { id: randomUUID(), room, text, from: 'system', at: new Date().toISOString() };\n  this.chat.server.to(room).emit('message:new', message);\n  return { id: message.id };\n}",
    ],
  },
  async (t) => {
    const [app, alice, bob, carol] = await chatWith(t, 'alice', 'bob', 'carol');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await join(carol, 'kitchen');
    const { AnnouncementsService } = await t.appModule<{ AnnouncementsService: new () => { announce?: unknown } }>(
      'chat/announcements.service.ts',
    );
    const service = app.nest.get(AnnouncementsService, { strict: false });
    t.expect(
      typeof service?.announce === 'function',
      'Expected the AnnouncementsService that ChatModule provides to have an announce(room, text) method, but it has none.',
    );
    const announce = (text: string): any => {
      try {
        return (service.announce as (room: string, text: string) => unknown).call(service, 'lobby', text);
      } catch (error) {
        return t.fail(
          `Expected announce('lobby', ${JSON.stringify(text)}) to send the announcement, but it threw ${formatValue(String(error))}.`,
        );
      }
    };
    const reply = announce('Server restarts at noon');
    t.expectEqual(Object.keys(reply ?? {}), ['id'], "the fields of what announce('lobby', …) returned");
    const id = reply.id;
    t.expect(
      typeof id === 'string' && id.length > 0,
      `Expected announce to return { id } with a string id, but it returned ${formatValue(reply)}.`,
    );
    for (const member of [alice, bob]) {
      const message = await member.next('message:new', {
        where: (m) => m?.id === id,
        what: `with the id ${id}`,
        within: 1500,
      });
      t.expect(
        message?.text !== '  Server restarts at noon  ',
        `Expected the announcement's text cut to 'Server restarts at noon', but ${member.name} received it as sent, '  Server restarts at noon  ': ` +
          "the body reached the route without going through a ValidationPipe with transform: true, so AnnouncementDto's rules and trimming never ran. A route has no pipe unless you give it one.",
      );
      const { at: _at, ...withoutTime } = message ?? {};
      t.expectEqual(
        withoutTime,
        { id, room: 'lobby', text: 'Server restarts at noon', from: 'system' },
        `the message:new ${member.name} received, its time aside`,
      );
      t.expect(
        isIsoTime(message.at),
        `Expected message:new.at to be an ISO-8601 time, but it was ${JSON.stringify(message.at)}.`,
      );
    }
    await carol.settle();
    t.expectEqual(carol.received('message:new'), [], 'the messages carol (in another room) received');
    const again = announce('Server restarts at noon');
    t.expect(again?.id !== id, `Expected every announcement to get a new id, but two both had ${id}.`);
  },
);

// ── Task 11 · the announcements route ────────────────────────────────────────────────────────────────────────────────

check(
  'POST /rooms/:room/announcements answers 201 { id } and reaches everyone in the room as a message from system',
  {
    task: 11,
    hint: [
      `POST /rooms/:room/announcements needs a controller (ChatModule already serves AnnouncementsController) whose route hands the room and the text to AnnouncementsService.announce (task 10) and answers with its { id }. ${DOCS.controllers}`,
      "@Controller('rooms/:room/announcements') on the class, AnnouncementsService injected in its constructor, and a @Post() method that takes the room from @Param() and the text from @Body() and returns what announce returns (Nest answers a POST with 201). The DTOs' rules and their trimming run only through a ValidationPipe with transform on the route: a route has none unless you give it one.",
      "@Controller('rooms/:room/announcements')\nexport class AnnouncementsController {\n  constructor(private readonly announcements: AnnouncementsService) {}\n\n  @Post()\n  @UsePipes(new ValidationPipe({ transform: true, whitelist: true }))\n  announce(@Param() { room }: RoomDto, @Body() { text }: AnnouncementDto): { id: string } {\n    return this.announcements.announce(room, text);\n  }\n}",
    ],
  },
  async (t) => {
    const [app, alice, bob, carol] = await chatWith(t, 'alice', 'bob', 'carol');
    await join(alice, 'lobby');
    await join(bob, 'lobby');
    await join(carol, 'kitchen');
    const reply = await t.request(app, '/rooms/lobby/announcements', { json: { text: '  Server restarts at noon  ' } });
    t.expectEqual(reply.status, 201, 'the status of POST /rooms/lobby/announcements');
    t.expectEqual(Object.keys(reply.body ?? {}), ['id'], 'the fields of the response body');
    const id = reply.body?.id;
    t.expect(
      typeof id === 'string' && id.length > 0,
      `Expected the response to be { id } with a string id, but it was ${reply.text}.`,
    );
    for (const member of [alice, bob]) {
      const message = await member.next('message:new', {
        where: (m) => m?.id === id,
        what: `with the id ${id}`,
        within: 1500,
      });
      t.expect(
        message?.text !== '  Server restarts at noon  ',
        `Expected the announcement's text cut to 'Server restarts at noon', but ${member.name} received it as sent, '  Server restarts at noon  ': ` +
          "the body reached the route without going through a ValidationPipe with transform: true, so AnnouncementDto's rules and trimming never ran. A route has no pipe unless you give it one.",
      );
      const { at: _at, ...withoutTime } = message ?? {};
      t.expectEqual(
        withoutTime,
        { id, room: 'lobby', text: 'Server restarts at noon', from: 'system' },
        `the message:new ${member.name} received, its time aside`,
      );
      t.expect(
        isIsoTime(message.at),
        `Expected message:new.at to be an ISO-8601 time, but it was ${JSON.stringify(message.at)}.`,
      );
    }
    await carol.settle();
    t.expectEqual(carol.received('message:new'), [], 'the messages carol (in another room) received');
    const again = await t.request(app, '/rooms/lobby/announcements', { json: { text: 'Server restarts at noon' } });
    t.expect(again.body?.id !== id, `Expected every announcement to get a new id, but two both had ${id}.`);
  },
);

check(
  'an announcement with a bad body is refused with 400 and the rule',
  {
    task: 11,
    hint: [
      `Validate the body against a DTO with the same text rule as a message; over HTTP, Nest's ValidationPipe answers 400 by itself. ${DOCS.validation}`,
      '@Body() typed with AnnouncementDto, its text with @Transform (trim), @IsString({ message }) and @Length(1, 500, { message }), and ValidationPipe({ transform: true }) on the route (@UsePipes or @Body(pipe)).',
      '@Post()\n@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))\nannounce(@Param() { room }: RoomDto, @Body() { text }: AnnouncementDto) { … }',
    ],
  },
  async (t) => {
    const [app, alice] = await chatWith(t, 'alice');
    await join(alice, 'lobby');
    const path = '/rooms/lobby/announcements';
    const badLength: [string, unknown][] = [
      ['an empty text', { text: '' }],
      ['a text of spaces', { text: '    ' }],
      ['a 501-character text', { text: 'x'.repeat(501) }],
    ];
    for (const [what, json] of badLength) {
      const reply = await t.request(app, path, { json });
      t.expectEqual(reply.status, 400, `the status for ${what}`);
      t.expect(
        mentions(reply.body?.message, TEXT_RULE),
        `Expected the 400 for ${what} to state the 1–500 character rule, but the body was ${reply.text}.`,
      );
    }
    const notStrings: [string, unknown][] = [
      ['no text', {}],
      ['a number as text', { text: 42 }],
    ];
    for (const [what, json] of notStrings) {
      const reply = await t.request(app, path, { json });
      t.expectEqual(reply.status, 400, `the status for ${what}`);
      t.expect(
        mentions(reply.body?.message, /string/i),
        `Expected the 400 for ${what} to say that text must be a string, but the body was ${reply.text}.`,
      );
    }
    const malformed: [string, string][] = [
      ['an array as body', '[{"text":"hi"}]'],
      ['a JSON string as body', '"hello"'],
      ['a body that is not JSON', 'hello'],
    ];
    for (const [what, rawBody] of malformed) {
      const reply = await t.request(app, path, { rawBody });
      t.expectEqual(reply.status, 400, `the status for ${what}`);
    }
    const secret = await t.request(app, path, { json: { text: 's3cr3t-'.repeat(100) } });
    t.expectEqual(secret.status, 400, 'the status for a 700-character text');
    t.expect(
      !secret.text.includes('s3cr3t'),
      `Expected the 400 for a 700-character text to state the rule without quoting the text, but the body was ${formatValue(secret.text)}.`,
    );
    for (const text of ['x', ` ${'z'.repeat(500)} `]) {
      const reply = await t.request(app, path, { json: { text } });
      t.expectEqual(
        reply.status,
        201,
        `the status for a ${text.trim().length}-character text${text.length > 500 ? ' with spaces around it' : ''}`,
      );
    }
    await alice.settle();
    t.expectEqual(
      alice.received('message:new').length,
      2,
      'the number of announcements broadcast (only the two accepted ones)',
    );
  },
);

check(
  'an announcement to a bad room name is refused with 400 and the naming rule',
  {
    task: 11,
    hint: [
      `Validate the :room route parameter with the same naming rule as room:join. ${DOCS.validation}`,
      '@Param() typed with RoomDto (its @Matches rule), with ValidationPipe on the route: the route parameters arrive as an object { room }.',
      'announce(@Param() { room }: RoomDto, @Body() { text }: AnnouncementDto) { … }',
    ],
  },
  async (t) => {
    const [app, member] = await chatWith(t, 'dana');
    for (const room of ['Lobby', 'lob_by', 'a'.repeat(33), 'hello%20world', 'S3cr3t-Room']) {
      const reply = await t.request(app, `/rooms/${room}/announcements`, { json: { text: 'hi' } });
      const name = JSON.stringify(decodeURIComponent(room));
      t.expectEqual(reply.status, 400, `the status for the room name ${name}`);
      t.expect(
        mentions(reply.body?.message, /Room names are 1–32 characters/),
        `Expected the 400 for ${name} to state the naming rule, but the body was ${reply.text}.`,
      );
      t.expect(
        !reply.text.includes(decodeURIComponent(room)),
        `Expected the 400 for ${name} to state the rule without quoting the name, but the body was ${reply.text}.`,
      );
    }
    await join(member, 'team-1');
    const reply = await t.request(app, '/rooms/team-1/announcements', { json: { text: 'hi team' } });
    t.expectEqual(reply.status, 201, 'the status for the room name "team-1"');
    const message = await member.next('message:new', { what: 'for the announcement to team-1', within: 1500 });
    t.expectEqual(message?.room, 'team-1', 'message:new.room');
  },
);
