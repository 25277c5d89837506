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
export function setupPlayground(/** @type {import('./page-config.js').PageConfig} */ config) {
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
  const userLabel = (/** @type {string} */ user) => (play.admins.includes(user) ? `${user} (admin)` : user);
  const instanceName = (/** @type {number} */ index) =>
    play.ports.length > 1
      ? `${String.fromCharCode(65 + index)} (port ${play.ports[index]})`
      : `port ${play.ports[index]}`;
  const relay = (/** @type {number} */ instance, /** @type {string} */ target) =>
    `/relay/${lesson}/${instance}${target}`;

  /**
   * Turns a button off; the keyboard's focus, when it was there, moves on to `next`
   * instead of falling back to the page.
   * @param {HTMLButtonElement} button @param {boolean} disabled @param {HTMLElement} next
   */
  const setDisabled = (button, disabled, next) => {
    const hadFocus = document.activeElement === button;
    button.disabled = disabled;
    if (disabled && hadFocus) next.focus();
  };

  /** Logs in through the app's login route (lesson.json: routes.login) with the seed user's password. */
  async function login(
    /** @type {string} */ user,
    /** @type {number} */ instance,
    /** @type {ReturnType<typeof createLog>} */ log,
  ) {
    log.add('→', `POST ${play.loginPath} as ${user}`);
    const { status, body } = await post(relay(instance, play.loginPath), {
      username: user,
      password: play.passwords[user] ?? '',
    });
    if (status >= 300 || !body?.accessToken) {
      log.add('✗', `login answered ${status} ${show(body)}`, 'error');
      return undefined;
    }
    log.add(
      '←',
      `${status} token ${shortToken(body.accessToken)}${body.expiresIn ? ` (expires in ${body.expiresIn} s)` : ''}`,
    );
    return /** @type {string} */ (body.accessToken);
  }

  const intro = h('p', { class: 'dim intro' }, [
    'Talking to the app at ',
    ...play.ports.flatMap((/** @type {number} */ port, /** @type {number} */ index) => [
      index > 0 ? ', ' : '',
      h('code', { text: `${location.protocol}//${location.hostname}:${port}` }),
    ]),
    config.solution ? ' (the reference solution).' : ' (your code; it restarts when you save).',
  ]);
  root.append(intro);
  if (play.health) root.append(healthPanel());
  if (play.sockets) {
    const pair = h('div', { class: 'clients' });
    const defaults = [play.login ? 'alice' : '', play.login ? 'bob' : ''];
    pair.append(
      socketClient('A', defaults[0], 0, 'alice'),
      socketClient('B', defaults[1], play.ports.length > 1 ? 1 : 0, 'bob'),
    );
    root.append(pair);
  }
  // The stream and the publish form side by side: what is published shows up next to it.
  if (play.sse) root.append(h('div', { class: 'clients' }, [publishPanel(), ssePanel()]));

  /** @param {string} name @param {string} user @param {number} instance @param {string} nickname */
  function socketClient(name, user, instance, nickname) {
    const log = createLog(`Client ${name} log`);
    /** @type {any} */
    let socket;
    const state = h('span', { class: 'state', text: 'disconnected' });
    const userSelect = /** @type {HTMLSelectElement} */ (
      h('select', { 'aria-label': `Client ${name}: log in as` }, [
        ...play.users.map((value) => h('option', { value, text: userLabel(value), selected: value === user })),
        h('option', { value: '', text: 'no token', selected: user === '' }),
      ])
    );
    const instanceSelect = /** @type {HTMLSelectElement} */ (
      h(
        'select',
        { 'aria-label': `Client ${name}: instance` },
        play.ports.map((/** @type {number} */ _port, /** @type {number} */ index) =>
          h('option', {
            value: index,
            text: `${String.fromCharCode(65 + index)} · ${play.ports[index]}`,
            selected: index === instance,
          }),
        ),
      )
    );
    // Each client's buttons are named for it: "Client A: Connect", not a second "Connect".
    const named = (/** @type {string} */ label, /** @type {Record<string, string | boolean>} */ attributes = {}) =>
      /** @type {HTMLButtonElement} */ (
        h('button', { text: label, 'aria-label': `Client ${name}: ${label}`, ...attributes })
      );
    const connectButton = named('Connect', { class: 'primary' });
    const disconnectButton = named('Disconnect', { disabled: true });
    const refreshButton = named('Refresh token', { disabled: true });
    /** @type {string} */
    let connectedAs = '';
    const room = /** @type {HTMLInputElement} */ (
      h('input', { value: 'lobby', 'aria-label': `Client ${name}: room`, size: 8 })
    );
    const text = /** @type {HTMLInputElement} */ (
      h('input', {
        value: `hello from ${play.login ? user || nickname : nickname}`,
        'aria-label': `Client ${name}: message`,
      })
    );
    const eventName = /** @type {HTMLInputElement} */ (
      h('input', { value: play.login ? 'whoami' : 'ping', 'aria-label': `Client ${name}: event name` })
    );
    const payload = /** @type {HTMLTextAreaElement} */ (
      h('textarea', {
        rows: 2,
        'aria-label': `Client ${name}: JSON payload`,
        placeholder: '{ "room": "lobby" }  (empty: no payload)',
      })
    );
    userSelect.addEventListener('change', () => {
      text.value = `hello from ${userSelect.value || nickname}`;
    });

    const setConnected = (/** @type {boolean} */ connected, /** @type {string} */ label) => {
      state.textContent = label;
      state.className = `state ${connected ? 'on' : ''}`;
      setDisabled(connectButton, connected, disconnectButton);
      setDisabled(disconnectButton, !connected && !socket, connectButton);
      setDisabled(refreshButton, !connected || !connectedAs, connectButton);
    };

    /**
     * Why a connection failed, in the learner's terms: "websocket error" says
     * nothing, so ask the app (through the relay) whether Socket.IO answers at all.
     * @param {any} error @param {number} index
     */
    async function explain(error, index) {
      if (/invalid namespace/i.test(error.message))
        return `no gateway on ${play.namespace} yet: does the gateway's decorator name this namespace?`;
      if (!/websocket error|xhr poll error|timeout/i.test(error.message)) return undefined;
      const probe = await fetch(relay(index, '/socket.io/?EIO=4&transport=polling')).catch(() => undefined);
      if (!probe || probe.status === 502)
        return `no app answers on port ${play.ports[index]}: is npm run lesson ${lesson} still running, and did the app start?`;
      if (probe.status === 404) return `no Socket.IO server on this port yet: is the class a gateway?`;
      return undefined;
    }

    connectButton.addEventListener('click', async () => {
      socket?.close();
      const index = Number(instanceSelect.value);
      const who = userSelect.value;
      let token;
      if (play.login && who) {
        token = await login(who, index, log).catch((error) => log.add('✗', String(error), 'error'));
        if (!token) return;
      }
      connectedAs = play.login ? who : '';
      const url = `${location.protocol}//${location.hostname}:${play.ports[index]}${play.namespace}`;
      log.add(
        '→',
        `connect ${url}${token ? ` with auth.token ${shortToken(token)}` : play.login ? ' without a token' : ''}`,
      );
      // @ts-expect-error the socket.io-client browser bundle defines io
      socket = window.io(url, { transports: ['websocket'], auth: token ? { token } : {}, reconnectionAttempts: 5 });
      setConnected(false, 'connecting…');
      socket.on('connect', () => {
        log.add('←', `connect (socket id ${socket.id})`, 'good');
        setConnected(true, play.login ? `connected as ${who || 'nobody'}` : 'connected');
      });
      const current = socket;
      socket.on('connect_error', async (/** @type {any} */ error) => {
        const why = await explain(error, index);
        if (socket !== current) return;
        if (why) {
          // Retrying cannot help until the code changes: stop, and say what is missing.
          socket.close();
          log.add('✗', `connect_error: ${error.message}: ${why}`, 'error');
          setConnected(false, 'no gateway');
          return;
        }
        log.add(
          '✗',
          `connect_error: ${error.message}${error.data !== undefined ? ` ${show(error.data)}` : ''}${socket.active ? ' (retrying)' : ' (refused: no retry)'}`,
          'error',
        );
        setConnected(false, socket.active ? 'retrying…' : 'refused');
      });
      socket.on('disconnect', (/** @type {string} */ reason) => {
        log.add('·', `disconnect: ${reason}`, 'warn');
        setConnected(false, 'disconnected');
      });
      socket.onAny((/** @type {string} */ event, /** @type {unknown[]} */ ...args) =>
        log.add('←', `${event} ${args.map(show).join(' ')}`),
      );
      socket.io.on('reconnect_attempt', (/** @type {number} */ attempt) =>
        log.add('·', `reconnect attempt ${attempt}`),
      );
    });
    disconnectButton.addEventListener('click', () => {
      if (!socket) return;
      log.add('→', 'disconnect');
      socket.close();
      socket = undefined;
      setConnected(false, 'disconnected');
    });
    // auth:refresh: log in again as the same user and hand the socket the new token.
    refreshButton.addEventListener('click', async () => {
      if (!socket?.connected || !connectedAs) return;
      const fresh = await login(connectedAs, Number(instanceSelect.value), log).catch((error) =>
        log.add('✗', String(error), 'error'),
      );
      if (fresh) await emit('auth:refresh', [{ token: fresh }], `{ token: ${shortToken(fresh)} }`);
    });

    /** Emits with an acknowledgement and logs both. @param {string} event @param {unknown[]} args @param {string} [shown] the arguments as logged */
    async function emit(event, args, shown = args.map(show).join(' ')) {
      if (!socket?.connected) {
        log.add('✗', `not connected: ${event} not sent`, 'error');
        return;
      }
      log.add('→', `${event} ${shown}`);
      try {
        const ack = await socket.timeout(5000).emitWithAck(event, ...args);
        log.add('←', `ack ${show(ack)}`, 'ack');
      } catch {
        log.add('·', `no ack for ${event} within 5 s`, 'warn');
      }
    }

    const form = (
      /** @type {string} */ label,
      /** @type {(HTMLElement | string)[]} */ fields,
      /** @type {() => void} */ submit,
    ) => {
      const element = h('form', { class: 'row', 'aria-label': `Client ${name}: ${label}` }, fields);
      element.addEventListener('submit', (event) => {
        event.preventDefault();
        submit();
      });
      return element;
    };
    const joinForm = form(
      'join a room',
      [h('label', { class: 'grow' }, ['Room ', room]), named('Join', { type: 'submit' })],
      () => void emit('room:join', [{ room: room.value }]),
    );
    const sendForm = form(
      'send a message',
      [h('label', { class: 'grow' }, ['Message ', text]), named('Send', { type: 'submit' })],
      () => void emit('message:send', [{ room: room.value, text: text.value }]),
    );
    const emitForm = form(
      'emit any event',
      [
        h('label', {}, ['Event ', eventName]),
        h('label', { class: 'grow' }, ['Payload ', payload]),
        named('Emit', { type: 'submit' }),
      ],
      () => {
        const raw = payload.value.trim();
        if (!raw) return void emit(eventName.value, []);
        try {
          void emit(eventName.value, [JSON.parse(raw)]);
        } catch (error) {
          log.add('✗', `the payload is not JSON: ${error instanceof Error ? error.message : error}`, 'error');
        }
      },
    );
    const controls = [h('label', {}, ['As ', userSelect])];
    if (play.ports.length > 1) controls.push(h('label', {}, ['On ', instanceSelect]));
    return h('section', { class: 'client', 'aria-label': `Client ${name}` }, [
      h('h3', {}, [`Client ${name} `, state]),
      ...(play.login || play.ports.length > 1
        ? [h('div', { class: 'row' }, play.login ? controls : controls.slice(1))]
        : []),
      h('div', { class: 'row' }, [connectButton, disconnectButton, ...(play.refresh ? [refreshButton] : [])]),
      joinForm,
      sendForm,
      h('details', { class: 'emit' }, [h('summary', { text: 'Emit any event' }), emitForm]),
      h('div', { class: 'log-bar' }, [
        h('span', { class: 'dim', text: 'Log' }),
        clearButton(log, `Client ${name}: Clear log`),
      ]),
      log.element,
    ]);
  }

  function healthPanel() {
    const items = play.ports.map((/** @type {number} */ _port, /** @type {number} */ index) =>
      h('li', { class: 'health-item', text: `${instanceName(index)}: not asked yet` }),
    );
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
    // Asked when the tab is shown (a page opened on #playground too), then every few seconds while it is.
    /** @type {ReturnType<typeof setInterval> | undefined} */
    let timer;
    document.addEventListener('tab-shown', (event) => {
      clearInterval(timer);
      timer = undefined;
      if (/** @type {CustomEvent} */ (event).detail !== 'tab-playground') return;
      void check();
      timer = setInterval(() => {
        if (!document.hidden) void check();
      }, HEALTH_EVERY_MS);
    });
    return h('section', { class: 'health', 'aria-label': 'Readiness' }, [
      h('h3', { text: 'Readiness' }),
      h('ul', { class: 'health-list' }, items),
      refresh,
    ]);
  }

  function ssePanel() {
    const log = createLog('Notification stream log');
    const user = /** @type {HTMLSelectElement} */ (
      h(
        'select',
        { 'aria-label': 'Stream: log in as' },
        play.users.map((value) => h('option', { value, text: userLabel(value) })),
      )
    );
    const resume = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', checked: true }));
    const state = h('span', { class: 'state', text: 'closed' });
    const lastId = h('span', { class: 'last-id', text: 'lastEventId: none' });
    const connect = /** @type {HTMLButtonElement} */ (
      h('button', { class: 'primary', text: 'Connect', 'aria-label': 'Stream: Connect' })
    );
    const disconnect = /** @type {HTMLButtonElement} */ (
      h('button', { text: 'Disconnect', disabled: true, 'aria-label': 'Stream: Disconnect' })
    );
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
      setDisabled(connect, wanted, disconnect);
      setDisabled(disconnect, !wanted, connect);
    };

    /**
     * A request to the app that waits out a restart (every save restarts it):
     * the relay answers 502 while nothing listens. Gives up after a minute.
     * @param {() => Promise<{ status: number, body: any }>} ask
     */
    const whileRestarting = async (ask) => {
      const until = Date.now() + 60_000;
      let said = false;
      for (;;) {
        const answer = await ask().catch(() => ({ status: 0, body: undefined }));
        if ((answer.status !== 502 && answer.status !== 0) || Date.now() > until || !wanted) return answer;
        if (!said) log.add('·', 'the app does not answer (restarting after a save?): waiting for it', 'warn');
        said = true;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };

    const open = async (/** @type {boolean} */ resuming = false) => {
      const askTicket = () => post(relay(0, `${base}/ticket`), undefined, { authorization: `Bearer ${token}` });
      if (!token) {
        // Any answer from the app (a 404 too) says it is up again.
        if (resuming)
          await whileRestarting(() =>
            fetch(relay(0, '/')).then((answer) => ({ status: answer.status, body: undefined })),
          );
        token = (await login(user.value, 0, log)) ?? '';
      }
      if (!token) return stop();
      log.add('→', `POST ${base}/ticket (Authorization: Bearer ${shortToken(token)})`);
      let ticket = await whileRestarting(askTicket);
      if (ticket.status === 401 && resuming) {
        // A restarted app may no longer accept the old token: log in again once.
        log.add('·', `ticket answered 401: logging in again as ${user.value}`, 'warn');
        token = (await login(user.value, 0, log)) ?? '';
        if (!token) return stop();
        ticket = await whileRestarting(askTicket);
      }
      if (ticket.status >= 300 || !ticket.body?.ticket) {
        log.add('✗', `ticket answered ${ticket.status} ${show(ticket.body)}`, 'error');
        token = '';
        return stop();
      }
      if (!wanted) return;
      log.add(
        '←',
        `${ticket.status} ticket ${shortToken(ticket.body.ticket)} (valid ${ticket.body.expiresIn ?? '?'} s, once)`,
      );
      const query = new URLSearchParams({ ticket: ticket.body.ticket });
      if (lastEventId) query.set('lastEventId', lastEventId);
      log.add('→', `new EventSource(${play.streamPath}?ticket=…${lastEventId ? `&lastEventId=${lastEventId}` : ''})`);
      const stream = new EventSource(relay(0, `${play.streamPath}?${query}`));
      source = stream;
      setState();
      stream.onopen = () => {
        log.add(
          '←',
          resuming ? `open: resumed${lastEventId ? ` after id ${lastEventId}` : ''} with a new ticket` : 'open',
          'good',
        );
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
        log.add(
          '·',
          `error, readyState ${readyStates[stream.readyState]}${stream.readyState === 0 ? ' (the browser retries with Last-Event-ID)' : ''}`,
          'warn',
        );
        setState();
        if (stream.readyState === 2 && wanted && resume.checked) {
          // The browser's own retry reuses the URL, whose ticket is spent (or the app was restarting): take a new one.
          log.add(
            '·',
            `the stream closed (the app restarted, or a retry with a spent ticket): a new ticket, resuming${lastEventId ? ` after id ${lastEventId}` : ''}`,
          );
          setTimeout(() => wanted && source === stream && void open(true), 300);
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
      h('div', { class: 'row' }, [
        h('label', {}, [resume, ' Resume with a new ticket when the stream closes']),
        lastId,
      ]),
      h('div', { class: 'log-bar' }, [h('span', { class: 'dim', text: 'Log' }), clearButton(log, 'Stream: Clear log')]),
      log.element,
    ]);
  }

  function publishPanel() {
    const log = createLog('Publish log');
    const base = play.streamPath.replace(/\/stream$/, '');
    const sender = /** @type {HTMLSelectElement} */ (
      h(
        'select',
        { 'aria-label': 'Publish as' },
        play.users.map((value) => h('option', { value, text: userLabel(value), selected: value === 'carol' })),
      )
    );
    const to = /** @type {HTMLSelectElement} */ (
      h('select', { 'aria-label': 'Publish to' }, [
        h('option', { value: '', text: 'everyone' }),
        ...play.users.map((value) => h('option', { value, text: value })),
      ])
    );
    const title = /** @type {HTMLInputElement} */ (h('input', { value: 'Deploy done', 'aria-label': 'Title' }));
    const body = /** @type {HTMLInputElement} */ (h('input', { value: 'v1.4 is live', 'aria-label': 'Body' }));
    /** @type {Map<string, string>} */
    const tokens = new Map();
    const form = h('form', { class: 'publish', 'aria-label': 'Publish a notification form' }, [
      h('div', { class: 'row' }, [h('label', {}, ['As ', sender]), h('label', {}, ['To ', to])]),
      h('div', { class: 'row' }, [h('label', { class: 'grow' }, ['Title ', title])]),
      h('div', { class: 'row' }, [
        h('label', { class: 'grow' }, ['Body ', body]),
        h('button', { type: 'submit', class: 'primary', text: 'Publish' }),
      ]),
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
      log.add(
        answer.status < 300 ? '←' : '✗',
        `${answer.status} ${show(answer.body)}`,
        answer.status < 300 ? 'ack' : 'error',
      );
      if (answer.status === 401) tokens.delete(sender.value);
    });
    return h('section', { class: 'client', 'aria-label': 'Publish a notification' }, [
      h('h3', { text: 'Publish a notification' }),
      form,
      log.element,
    ]);
  }
}

const HEALTH_EVERY_MS = 5000;

/**
 * A health answer in a few words: terminus's `{ status, info, error }` as
 * `ok · redis up`, another JSON body shortened, as it came.
 * @param {string} body
 */
function healthSummary(body) {
  try {
    const value = JSON.parse(body);
    if (value && typeof value.status === 'string' && (value.info || value.error || value.details)) {
      const parts = Object.entries({ ...value.info, ...value.error }).map(
        ([key, indicator]) => `${key} ${/** @type {any} */ (indicator)?.status ?? '?'}`,
      );
      return [value.status, ...parts].join(' · ');
    }
  } catch {
    // not JSON: shown as it came
  }
  return body.length > 120 ? `${body.slice(0, 119)}…` : body;
}

/** @param {ReturnType<typeof createLog>} log @param {string} name */
function clearButton(log, name) {
  const button = h('button', { class: 'small', text: 'Clear log', 'aria-label': name });
  button.addEventListener('click', () => log.clear());
  return button;
}
