import { createLog, h, post, shortToken, show } from './dom.js';

/**
 * The Playground tab: live clients talking to the app the course runs.
 * Socket.IO clients side by side (connect with or without a login, join a
 * room, send a message, emit any event with a JSON payload and see its
 * acknowledgement), an EventSource panel with a form that publishes, and each
 * instance's readiness. What a lesson offers is read from its README.
 * HTTP goes through the course site's relay (`/relay/N/<instance>/…`), so it
 * does not depend on the app's CORS; Socket.IO talks to the app directly.
 */
export function setupPlayground(/** @type {any} */ config) {
  const root = /** @type {HTMLElement} */ (document.getElementById('playground'));
  const play = config.playground;
  const lesson = config.lesson.number;
  if (!play.ports.length) {
    root.append(
      h('p', { class: 'note' }, [
        'No app of this lesson is running here. Start it with ',
        h('code', { text: `npm run lesson ${lesson}` }),
        ' (or ',
        h('code', { text: `npm run lesson ${lesson} -- --solution` }),
        '); its lesson page then talks to it.',
      ]),
    );
    return;
  }
  const instanceName = (/** @type {number} */ index) => (play.ports.length > 1 ? `${String.fromCharCode(65 + index)} (port ${play.ports[index]})` : `port ${play.ports[index]}`);
  const relay = (/** @type {number} */ instance, /** @type {string} */ target) => `/relay/${lesson}/${instance}${target}`;

  /** Logs in through the app's POST /auth/login; the password of the seed users is `<name>-secret`. */
  async function login(/** @type {string} */ user, /** @type {number} */ instance, /** @type {ReturnType<typeof createLog>} */ log) {
    log.add('→', `POST /auth/login as ${user}`);
    const { status, body } = await post(relay(instance, '/auth/login'), { username: user, password: `${user}-secret` });
    if (status >= 300 || !body?.accessToken) {
      log.add('✗', `login answered ${status} ${show(body)}`, 'error');
      return undefined;
    }
    log.add('←', `${status} token ${shortToken(body.accessToken)}${body.expiresIn ? ` (expires in ${body.expiresIn} s)` : ''}`);
    return /** @type {string} */ (body.accessToken);
  }

  const intro = h('p', { class: 'dim intro' }, [
    'Talking to the app at ',
    ...play.ports.flatMap((/** @type {number} */ port, /** @type {number} */ index) => [index > 0 ? ', ' : '', h('code', { text: `${location.protocol}//${location.hostname}:${port}` })]),
    config.solution ? ' (the reference solution).' : ' (your code; it restarts when you save).',
  ]);
  root.append(intro);
  if (play.health) root.append(healthPanel());
  if (play.sockets) {
    const pair = h('div', { class: 'clients' });
    const defaults = [play.login ? 'alice' : '', play.login ? 'bob' : ''];
    pair.append(socketClient('A', defaults[0], 0, 'alice'), socketClient('B', defaults[1], play.ports.length > 1 ? 1 : 0, 'bob'));
    root.append(pair);
  }
  if (play.sse) root.append(ssePanel(), publishPanel());

  /** @param {string} name @param {string} user @param {number} instance @param {string} nickname */
  function socketClient(name, user, instance, nickname) {
    const log = createLog(`Client ${name} log`);
    /** @type {any} */
    let socket;
    const state = h('span', { class: 'state', text: 'disconnected' });
    const userSelect = /** @type {HTMLSelectElement} */ (
      h('select', { 'aria-label': `Client ${name}: log in as` }, [
        ...play.users.map((/** @type {string} */ value) => h('option', { value, text: value, selected: value === user })),
        h('option', { value: '', text: 'no token', selected: user === '' }),
      ])
    );
    const instanceSelect = /** @type {HTMLSelectElement} */ (
      h('select', { 'aria-label': `Client ${name}: instance` }, play.ports.map((/** @type {number} */ _port, /** @type {number} */ index) => h('option', { value: index, text: `${String.fromCharCode(65 + index)} · ${play.ports[index]}`, selected: index === instance })))
    );
    const connectButton = /** @type {HTMLButtonElement} */ (h('button', { class: 'primary', text: 'Connect' }));
    const disconnectButton = /** @type {HTMLButtonElement} */ (h('button', { text: 'Disconnect', disabled: true }));
    const room = /** @type {HTMLInputElement} */ (h('input', { value: 'lobby', 'aria-label': `Client ${name}: room`, size: 8 }));
    const text = /** @type {HTMLInputElement} */ (h('input', { value: `hello from ${play.login ? user || nickname : nickname}`, 'aria-label': `Client ${name}: message` }));
    const eventName = /** @type {HTMLInputElement} */ (h('input', { value: play.login ? 'whoami' : 'ping', 'aria-label': `Client ${name}: event name` }));
    const payload = /** @type {HTMLTextAreaElement} */ (h('textarea', { rows: 2, 'aria-label': `Client ${name}: JSON payload`, placeholder: '{ "room": "lobby" }  (empty: no payload)' }));
    userSelect.addEventListener('change', () => {
      text.value = `hello from ${userSelect.value || nickname}`;
    });

    const setConnected = (/** @type {boolean} */ connected, /** @type {string} */ label) => {
      state.textContent = label;
      state.className = `state ${connected ? 'on' : ''}`;
      connectButton.disabled = connected;
      disconnectButton.disabled = !connected && !socket;
    };

    connectButton.addEventListener('click', async () => {
      socket?.close();
      const index = Number(instanceSelect.value);
      const who = userSelect.value;
      let token;
      if (play.login && who) {
        token = await login(who, index, log).catch((error) => log.add('✗', String(error), 'error'));
        if (!token) return;
      }
      const url = `${location.protocol}//${location.hostname}:${play.ports[index]}${play.namespace}`;
      log.add('→', `connect ${url}${token ? ` with auth.token ${shortToken(token)}` : play.login ? ' without a token' : ''}`);
      // @ts-ignore the socket.io-client browser bundle defines io
      socket = window.io(url, { transports: ['websocket'], auth: token ? { token } : {}, reconnectionAttempts: 5 });
      setConnected(false, 'connecting…');
      socket.on('connect', () => {
        log.add('←', `connect (socket id ${socket.id})`, 'good');
        setConnected(true, play.login ? `connected as ${who || 'nobody'}` : 'connected');
      });
      socket.on('connect_error', (/** @type {any} */ error) => {
        log.add('✗', `connect_error: ${error.message}${error.data !== undefined ? ` ${show(error.data)}` : ''}${socket.active ? ' (retrying)' : ' (refused: no retry)'}`, 'error');
        setConnected(false, socket.active ? 'retrying…' : 'refused');
      });
      socket.on('disconnect', (/** @type {string} */ reason) => {
        log.add('·', `disconnect: ${reason}`, 'warn');
        setConnected(false, 'disconnected');
      });
      socket.onAny((/** @type {string} */ event, /** @type {unknown[]} */ ...args) => log.add('←', `${event} ${args.map(show).join(' ')}`));
      socket.io.on('reconnect_attempt', (/** @type {number} */ attempt) => log.add('·', `reconnect attempt ${attempt}`));
    });
    disconnectButton.addEventListener('click', () => {
      if (!socket) return;
      log.add('→', 'disconnect');
      socket.close();
      socket = undefined;
      setConnected(false, 'disconnected');
    });

    /** Emits with an acknowledgement and logs both. @param {string} event @param {unknown[]} args */
    async function emit(event, args) {
      if (!socket?.connected) {
        log.add('✗', `not connected: ${event} not sent`, 'error');
        return;
      }
      log.add('→', `${event} ${args.map(show).join(' ')}`);
      try {
        const ack = await socket.timeout(5000).emitWithAck(event, ...args);
        log.add('←', `ack ${show(ack)}`, 'ack');
      } catch {
        log.add('·', `no ack for ${event} within 5 s`, 'warn');
      }
    }

    const form = (/** @type {string} */ label, /** @type {(HTMLElement | string)[]} */ fields, /** @type {() => void} */ submit) => {
      const element = h('form', { class: 'row', 'aria-label': `Client ${name}: ${label}` }, fields);
      element.addEventListener('submit', (event) => {
        event.preventDefault();
        submit();
      });
      return element;
    };
    const joinForm = form('join a room', [h('label', { class: 'grow' }, ['Room ', room]), h('button', { type: 'submit', text: 'Join' })], () => void emit('room:join', [{ room: room.value }]));
    const sendForm = form('send a message', [h('label', { class: 'grow' }, ['Message ', text]), h('button', { type: 'submit', text: 'Send' })], () => void emit('message:send', [{ room: room.value, text: text.value }]));
    const emitForm = form('emit any event', [h('label', {}, ['Event ', eventName]), h('label', { class: 'grow' }, ['Payload ', payload]), h('button', { type: 'submit', text: 'Emit' })], () => {
      const raw = payload.value.trim();
      if (!raw) return void emit(eventName.value, []);
      try {
        void emit(eventName.value, [JSON.parse(raw)]);
      } catch (error) {
        log.add('✗', `the payload is not JSON: ${error instanceof Error ? error.message : error}`, 'error');
      }
    });
    const controls = [h('label', {}, ['As ', userSelect])];
    if (play.ports.length > 1) controls.push(h('label', {}, ['On ', instanceSelect]));
    return h('section', { class: 'client', 'aria-label': `Client ${name}` }, [
      h('h3', {}, [`Client ${name} `, state]),
      ...(play.login || play.ports.length > 1 ? [h('div', { class: 'row' }, play.login ? controls : controls.slice(1))] : []),
      h('div', { class: 'row' }, [connectButton, disconnectButton]),
      joinForm,
      sendForm,
      h('details', { class: 'emit' }, [h('summary', { text: 'Emit any event' }), emitForm]),
      h('div', { class: 'log-bar' }, [h('span', { class: 'dim', text: 'Log' }), clearButton(log)]),
      log.element,
    ]);
  }

  function healthPanel() {
    const items = play.ports.map((/** @type {number} */ _port, /** @type {number} */ index) => h('li', { class: 'health-item', text: `${instanceName(index)}: not asked yet` }));
    const refresh = h('button', { text: 'Check readiness' });
    const check = async () => {
      await Promise.all(
        items.map(async (/** @type {HTMLElement} */ item, /** @type {number} */ index) => {
          for (const target of ['/health/ready', '/health']) {
            try {
              const response = await fetch(relay(index, target));
              if (response.status === 404 && target === '/health/ready') continue;
              const body = await response.text();
              const ok = response.status === 200;
              item.textContent = `${instanceName(index)}: ${ok ? 'ready' : 'not ready'} · GET ${target} → ${response.status} ${healthSummary(body)}`;
              item.className = `health-item ${ok ? 'good' : 'bad'}`;
            } catch (error) {
              item.textContent = `${instanceName(index)}: no answer (${error instanceof Error ? error.message : error})`;
              item.className = 'health-item bad';
            }
            return;
          }
        }),
      );
    };
    refresh.addEventListener('click', () => void check());
    document.addEventListener('tab-shown', (event) => {
      if (/** @type {CustomEvent} */ (event).detail === 'tab-playground') void check();
    });
    return h('section', { class: 'health', 'aria-label': 'Readiness' }, [h('h3', { text: 'Readiness' }), h('ul', { role: 'status' }, items), refresh]);
  }

  function ssePanel() {
    const log = createLog('Notification stream log');
    const user = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': 'Stream: log in as' }, play.users.map((/** @type {string} */ value) => h('option', { value, text: value }))));
    const resume = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', checked: true }));
    const state = h('span', { class: 'state', text: 'closed' });
    const lastId = h('span', { class: 'last-id', text: 'lastEventId: none' });
    const connect = /** @type {HTMLButtonElement} */ (h('button', { class: 'primary', text: 'Connect' }));
    const disconnect = /** @type {HTMLButtonElement} */ (h('button', { text: 'Disconnect', disabled: true }));
    /** @type {EventSource | undefined} */
    let source;
    /** @type {string | undefined} */
    let lastEventId;
    let token = '';
    let wanted = false;
    const base = play.streamPath.replace(/\/stream$/, '');
    const readyStates = ['connecting', 'open', 'closed'];
    const setState = () => {
      state.textContent = source ? readyStates[source.readyState] : 'closed';
      state.className = `state ${source?.readyState === 1 ? 'on' : ''}`;
      connect.disabled = wanted;
      disconnect.disabled = !wanted;
    };

    const open = async () => {
      if (!token) token = (await login(user.value, 0, log)) ?? '';
      if (!token) return stop();
      log.add('→', `POST ${base}/ticket (Authorization: Bearer ${shortToken(token)})`);
      const ticket = await post(relay(0, `${base}/ticket`), undefined, { authorization: `Bearer ${token}` });
      if (ticket.status >= 300 || !ticket.body?.ticket) {
        log.add('✗', `ticket answered ${ticket.status} ${show(ticket.body)}`, 'error');
        token = '';
        return stop();
      }
      log.add('←', `${ticket.status} ticket ${shortToken(ticket.body.ticket)} (valid ${ticket.body.expiresIn ?? '?'} s, once)`);
      const query = new URLSearchParams({ ticket: ticket.body.ticket });
      if (lastEventId) query.set('lastEventId', lastEventId);
      log.add('→', `new EventSource(${play.streamPath}?ticket=…${lastEventId ? `&lastEventId=${lastEventId}` : ''})`);
      const stream = new EventSource(relay(0, `${play.streamPath}?${query}`));
      source = stream;
      setState();
      stream.onopen = () => {
        log.add('←', 'open', 'good');
        setState();
      };
      const onEvent = (/** @type {MessageEvent} */ event) => {
        if (event.lastEventId) {
          lastEventId = event.lastEventId;
          lastId.textContent = `lastEventId: ${lastEventId}`;
        }
        log.add('←', `${event.type}${event.lastEventId ? ` id ${event.lastEventId}` : ''} ${event.data}`);
      };
      stream.addEventListener('notification', onEvent);
      stream.addEventListener('message', onEvent);
      stream.onerror = () => {
        if (source !== stream) return;
        log.add('·', `error, readyState ${readyStates[stream.readyState]}${stream.readyState === 0 ? ' (the browser retries with Last-Event-ID)' : ''}`, 'warn');
        setState();
        if (stream.readyState === 2 && wanted && resume.checked) {
          log.add('·', 'the stream is closed (a spent ticket gets 401): new ticket in 1 s, resuming after the last id');
          setTimeout(() => wanted && source === stream && void open(), 1000);
        }
      };
    };
    const stop = () => {
      wanted = false;
      source?.close();
      source = undefined;
      setState();
    };
    connect.addEventListener('click', () => {
      wanted = true;
      token = '';
      setState();
      void open();
    });
    disconnect.addEventListener('click', () => {
      log.add('→', 'close()');
      stop();
    });
    user.addEventListener('change', () => {
      token = '';
      lastEventId = undefined;
      lastId.textContent = 'lastEventId: none';
    });
    return h('section', { class: 'client sse', 'aria-label': 'Notification stream' }, [
      h('h3', {}, ['EventSource ', state]),
      h('div', { class: 'row' }, [h('label', {}, ['As ', user]), connect, disconnect]),
      h('div', { class: 'row' }, [h('label', {}, [resume, ' Resume with a new ticket when the stream closes']), lastId]),
      h('div', { class: 'log-bar' }, [h('span', { class: 'dim', text: 'Log' }), clearButton(log)]),
      log.element,
    ]);
  }

  function publishPanel() {
    const log = createLog('Publish log');
    const base = play.streamPath.replace(/\/stream$/, '');
    const sender = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': 'Publish as' }, play.users.map((/** @type {string} */ value) => h('option', { value, text: value, selected: value === 'carol' }))));
    const to = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': 'Publish to' }, [h('option', { value: '', text: 'everyone' }), ...play.users.map((/** @type {string} */ value) => h('option', { value, text: value }))]));
    const title = /** @type {HTMLInputElement} */ (h('input', { value: 'Deploy done', 'aria-label': 'Title' }));
    const body = /** @type {HTMLInputElement} */ (h('input', { value: 'v1.4 is live', 'aria-label': 'Body' }));
    /** @type {Map<string, string>} */
    const tokens = new Map();
    const form = h('form', { class: 'publish', 'aria-label': 'Publish a notification form' }, [
      h('div', { class: 'row' }, [h('label', {}, ['As ', sender]), h('label', {}, ['To ', to])]),
      h('div', { class: 'row' }, [h('label', { class: 'grow' }, ['Title ', title])]),
      h('div', { class: 'row' }, [h('label', { class: 'grow' }, ['Body ', body]), h('button', { type: 'submit', class: 'primary', text: 'Publish' })]),
    ]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      let token = tokens.get(sender.value);
      if (!token) {
        token = await login(sender.value, 0, log);
        if (!token) return;
        tokens.set(sender.value, token);
      }
      const notification = { ...(to.value ? { to: to.value } : {}), title: title.value, body: body.value };
      log.add('→', `POST ${base} ${show(notification)}`);
      const answer = await post(relay(0, base), notification, { authorization: `Bearer ${token}` });
      log.add(answer.status < 300 ? '←' : '✗', `${answer.status} ${show(answer.body)}`, answer.status < 300 ? 'ack' : 'error');
      if (answer.status === 401) tokens.delete(sender.value);
    });
    return h('section', { class: 'client', 'aria-label': 'Publish a notification' }, [h('h3', { text: 'Publish a notification' }), form, log.element]);
  }
}

/**
 * A health answer in a few words: terminus's `{ status, info, error }` as
 * `ok · redis up`, another JSON body shortened, as it came.
 * @param {string} body
 */
function healthSummary(body) {
  try {
    const value = JSON.parse(body);
    if (value && typeof value.status === 'string' && (value.info || value.error || value.details)) {
      const parts = Object.entries({ ...value.info, ...value.error }).map(([key, indicator]) => `${key} ${/** @type {any} */ (indicator)?.status ?? '?'}`);
      return [value.status, ...parts].join(' · ');
    }
  } catch {
    // not JSON: shown as it came
  }
  return body.length > 120 ? `${body.slice(0, 119)}…` : body;
}

/** @param {ReturnType<typeof createLog>} log */
function clearButton(log) {
  const button = h('button', { class: 'small', text: 'Clear log' });
  button.addEventListener('click', () => log.clear());
  return button;
}
