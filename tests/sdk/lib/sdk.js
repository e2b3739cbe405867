'use strict';
// SDK connections for the tests: either official Web SDK, unmodified, pointed at a natter server, with
// every event it reports recorded so a test can wait for one (bounded) or assert on what was reported.

require('./shims');
const { APP_KEY } = require('./server');

const SDKS = ['easemob-websdk', 'agora-chat'];
/** Every wait in the harness is bounded by this unless a test says otherwise: a failure fails in seconds. */
const WAIT_MS = 10000;

const loaded = new Map();
/** The SDK module (`websdk` with `connection`, `message`, `logger`, …); agora-chat exports it as `default`. */
function loadSdk(name) {
  if (!loaded.has(name)) {
    const module = require(name);
    const sdk = module.connection ? module : module.default;
    // The SDK logs every frame to the console; NATTER_SDK_DEBUG=1 keeps that.
    if (!process.env.NATTER_SDK_DEBUG) sdk.logger.disableAll();
    // Both SDKs embed the same schema (agora-chat's is a subset), so the first one loaded decodes for both.
    if (process.env.NATTER_SDK_TRACE && loaded.size === 0) require('./trace').install(sdk.connection.prototype.root);
    loaded.set(name, sdk);
  }
  return loaded.get(name);
}

// The events recorded: new-style `addEventHandler` ones, and the legacy `listen()` error/close channel,
// which the SDK uses for some errors only (ERRORS.md intro and E17).
const EVENTS = [
  'onConnected', 'onDisconnected', 'onReconnecting', 'onError', 'onTextMessage', 'onCustomMessage', 'onCmdMessage',
  'onRecallMessage', 'onReadMessage', 'onDeliveredMessage', 'onChannelMessage', 'onReceivedMessage', 'onChatroomEvent',
  'onGroupEvent', 'onTokenWillExpire', 'onTokenExpired', 'onOfflineMessageSyncStart', 'onOfflineMessageSyncFinish',
];
const LEGACY_EVENTS = ['onError', 'onClosed'];

/** The harness's own timeout, told apart from whatever the SDK rejects with. */
class HarnessTimeout extends Error {}

/** Rejects after `ms` with a message naming what did not happen; clears its timer either way. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HarnessTimeout(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

/** The rejection value of `promise`; fails if it resolves or does not settle within `ms`. */
async function rejectionOf(promise, ms = WAIT_MS, what = 'the call to be refused') {
  let outcome;
  try {
    const value = await withTimeout(promise, ms, what);
    outcome = { resolved: value };
  } catch (error) {
    if (error instanceof HarnessTimeout) throw error;
    return error;
  }
  throw new Error(`expected a rejection (${what}), but it resolved with ${JSON.stringify(outcome.resolved)}`);
}

class Client {
  constructor(server, sdkName, user, { deviceId } = {}) {
    this.server = server;
    this.sdkName = sdkName;
    this.user = user;
    this.sdk = loadSdk(sdkName);
    const options = {
      appKey: APP_KEY,
      isHttpDNS: false,
      url: server.wsUrl,
      apiUrl: server.baseUrl,
      https: false,
      delivery: false,
    };
    if (deviceId) options.deviceId = deviceId;
    this.conn = new this.sdk.connection(options);
    this.log = [];
    this.waiters = new Set();
    const handlers = {};
    for (const name of EVENTS) handlers[name] = (data) => this.record(name, data);
    this.conn.addEventHandler('natter-sdk-tests', handlers);
    const legacy = {};
    for (const name of LEGACY_EVENTS) legacy[name] = (data) => this.record(`legacy.${name}`, data);
    this.conn.listen(legacy);
    server.clients.add(this);
  }

  record(name, data) {
    const entry = { name, data, at: Date.now() };
    this.log.push(entry);
    for (const waiter of [...this.waiters]) {
      if (waiter.name === name && waiter.test(data)) {
        this.waiters.delete(waiter);
        waiter.resolve(data);
      }
    }
  }

  /** `open()` with the user's password, or with `{accessToken}`; resolves what the SDK resolves. */
  open(credentials = { pwd: this.user.pwd }, ms = WAIT_MS) {
    return withTimeout(this.conn.open({ user: this.user.name, ...credentials }), ms, `${this.sdkName} open() of ${this.user.name}`);
  }

  /** The recorded events of one name (legacy ones are `legacy.onError`, `legacy.onClosed`). */
  events(name) {
    return this.log.filter((entry) => entry.name === name).map((entry) => entry.data);
  }

  /** The first event `name` whose data passes `test`, already recorded or still to come, within `ms`. */
  waitFor(name, test = () => true, ms = WAIT_MS) {
    const seen = this.log.find((entry) => entry.name === name && test(entry.data));
    if (seen) return Promise.resolve(seen.data);
    let waiter;
    const arrived = new Promise((resolve) => {
      waiter = { name, test, resolve };
      this.waiters.add(waiter);
    });
    return withTimeout(arrived, ms, `${this.sdkName} ${this.user.name}: event ${name} (${this.describeLog()})`)
      .finally(() => this.waiters.delete(waiter));
  }

  /** The first text message whose text is `msg`. */
  waitForText(msg, ms = WAIT_MS) {
    return this.waitFor('onTextMessage', (message) => message.msg === msg, ms);
  }

  /** The recorded events in order, repeats collapsed (`onError(217) x40`), for failure messages. */
  describeLog() {
    const runs = [];
    for (const entry of this.log) {
      const data = entry.data;
      const label = data && typeof data === 'object' && 'type' in data ? `${entry.name}(${data.type})` : entry.name;
      const last = runs[runs.length - 1];
      if (last && last.label === label) last.count += 1;
      else runs.push({ label, count: 1 });
    }
    if (runs.length === 0) return 'nothing recorded';
    const shown = runs.slice(0, 20).map((run) => (run.count > 1 ? `${run.label} x${run.count}` : run.label));
    if (runs.length > 20) {
      const totals = new Map();
      for (const run of runs) totals.set(run.label, (totals.get(run.label) || 0) + run.count);
      shown.push(`… in all: ${[...totals].map(([label, count]) => `${label} x${count}`).join(', ')}`);
    }
    return `recorded: ${shown.join(', ')}`;
  }

  /** A text message built by the SDK's own `message.create`. */
  text(to, msg, chatType = 'singleChat', extra = {}) {
    return this.sdk.message.create({ type: 'txt', chatType, to, msg, ...extra });
  }

  /** `send()` of a built message, bounded. */
  send(message, ms = WAIT_MS) {
    return withTimeout(this.conn.send(message), ms, `${this.sdkName} send() by ${this.user.name} to ${message.to}`);
  }

  /** Builds and sends a text; resolves the SDK's `{localMsgId, serverMsgId}`. */
  sendText(to, msg, chatType = 'singleChat', extra = {}) {
    return this.send(this.text(to, msg, chatType, extra));
  }

  recall(mid, to, chatType = 'singleChat', ms = WAIT_MS) {
    return withTimeout(this.conn.recallMessage({ mid, to, chatType }), ms, `${this.sdkName} recallMessage(${mid})`);
  }

  joinRoom(roomId, ms = WAIT_MS) {
    return withTimeout(this.conn.joinChatRoom({ roomId }), ms, `${this.sdkName} joinChatRoom(${roomId})`);
  }

  leaveRoom(roomId, ms = WAIT_MS) {
    return withTimeout(this.conn.leaveChatRoom({ roomId }), ms, `${this.sdkName} leaveChatRoom(${roomId})`);
  }

  /** Closes the connection (the SDK sends its LOGOUT where it has one) and forgets it. */
  async close() {
    this.server.clients.delete(this);
    for (const waiter of this.waiters) waiter.resolve(undefined);
    this.waiters.clear();
    try {
      this.conn.close();
    } catch {
      // Closing a connection that never opened throws in some SDK paths; nothing is left to release.
    }
  }
}

/** A connection for `user` with `sdkName`, logged in with the password (or `credentials`). */
async function connect(server, sdkName, user, credentials, options) {
  const client = new Client(server, sdkName, user, options);
  await client.open(credentials);
  return client;
}

module.exports = { SDKS, WAIT_MS, Client, connect, loadSdk, withTimeout, rejectionOf };
