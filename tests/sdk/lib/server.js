'use strict';
// A fresh `natter serve` per test file: its own data directory, app `acme#chat` created before it starts,
// an app token, and REST helpers for the set-up the SDK tests need (users, groups, rooms, mutes, kicks).

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ORG = 'acme';
const APP = 'chat';
const APP_KEY = `${ORG}#${APP}`;
const START_TIMEOUT_MS = 15000;
const REST_TIMEOUT_MS = 10000;

/**
 * The natter binary: `NATTER_BIN` (relative paths are taken from the repository root), else debug/natter
 * under `CARGO_TARGET_DIR` or the repository's target/ (as tests/python/conftest.py does).
 */
function natterBinary() {
  const explicit = process.env.NATTER_BIN;
  if (explicit) return path.resolve(ROOT, explicit);
  return path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug', 'natter');
}

let userCounter = 0;

class NatterServer {
  constructor({ env = {} } = {}) {
    this.extraEnv = env;
    this.binary = natterBinary();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-sdk-'));
    this.logPath = path.join(this.dataDir, 'natter.log');
    this.clients = new Set();
    this.process = null;
  }

  /** Creates the app, starts `natter serve --listen 127.0.0.1:0`, reads the address, fetches an app token. */
  async start() {
    const created = execFileSync(
      this.binary,
      ['app', 'create', '--org', ORG, '--app', APP, '--data-dir', this.dataDir, '--json'],
      { env: this.childEnv(), encoding: 'utf8', timeout: START_TIMEOUT_MS },
    );
    this.app = JSON.parse(created.trim().split('\n').pop());
    return this.serve();
  }

  /** Kills the server with SIGKILL (no shutdown of any kind) and waits until it is gone. */
  async crash() {
    this.process.kill('SIGKILL');
    await this.exited;
    this.process = null;
  }

  /** Starts `natter serve` again on the same data directory (after `crash()`), on a new port. */
  async restart() {
    return this.serve();
  }

  async serve() {
    const log = fs.openSync(this.logPath, 'a');
    this.process = spawn(
      this.binary,
      ['serve', '--listen', '127.0.0.1:0', '--data-dir', this.dataDir],
      { env: this.childEnv(), stdio: ['ignore', 'pipe', log] },
    );
    fs.closeSync(log);
    this.exited = new Promise((resolve) => this.process.once('exit', resolve));
    // A test process that dies without running its `after` hooks must not leave a server behind.
    const child = this.process;
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    this.exited.then(() => process.removeListener('exit', reap));
    this.baseUrl = await this.readAddress();
    this.host = new URL(this.baseUrl).host;
    this.wsUrl = `ws://${this.host}/websocket`;
    this.appToken = await this.fetchAppToken();
    return this;
  }

  childEnv() {
    const env = { ...process.env, ...this.extraEnv };
    // The harness's own variable is not configuration of the server.
    delete env.NATTER_BIN;
    return env;
  }

  readAddress() {
    const prefix = 'natter listening on ';
    return new Promise((resolve, reject) => {
      const lines = readline.createInterface({ input: this.process.stdout });
      const timer = setTimeout(() => fail(new Error(`natter did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const fail = (error) => {
        clearTimeout(timer);
        lines.close();
        reject(new Error(`${error.message}\n--- ${this.logPath}\n${this.logTail()}`));
      };
      lines.on('line', (line) => {
        if (!line.startsWith(prefix)) return;
        clearTimeout(timer);
        // Keep draining stdout so the child never blocks on a full pipe.
        lines.removeAllListeners('line');
        lines.on('line', () => {});
        resolve(line.slice(prefix.length).trim());
      });
      this.process.once('exit', (code, signal) => fail(new Error(`natter exited (code ${code}, signal ${signal})`)));
      this.process.once('error', fail);
    });
  }

  logTail(lines = 60) {
    try {
      return fs.readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async fetchAppToken() {
    const reply = await this.rest('POST', '/token', {
      grant_type: 'client_credentials',
      client_id: this.app.client_id,
      client_secret: this.app.client_secret,
    }, null);
    return reply.access_token;
  }

  /**
   * One REST call under /acme/chat. `token` defaults to the app token (null: none). Resolves the parsed body
   * of a 200; anything else rejects with the status and body, unless `expect` names the status wanted.
   */
  async rest(method, route, body, token = this.appToken, { expect = 200 } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`${this.baseUrl}/${ORG}/${APP}${route}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REST_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (response.status !== expect) {
      throw new Error(`${method} ${route} -> HTTP ${response.status} (wanted ${expect}): ${text}`);
    }
    return parsed;
  }

  /** Registers `count` users with fresh names; each is `{name, pwd}`. */
  async users(count, label = 'u') {
    const users = [];
    for (let i = 0; i < count; i++) {
      userCounter += 1;
      const name = `${label}${process.pid}x${userCounter}`.toLowerCase();
      users.push({ name, pwd: `pw-${name}` });
    }
    await this.rest('POST', '/users', users.map((user) => ({ username: user.name, password: user.pwd })));
    return users;
  }

  /** A user token by password (`ttl` in seconds, optional). */
  async userToken(user, ttl) {
    const body = { grant_type: 'password', username: user.name, password: user.pwd };
    if (ttl !== undefined) body.ttl = ttl;
    const reply = await this.rest('POST', '/token', body, null);
    return reply.access_token;
  }

  /** G1: a group owned by `owner` with `members` (user objects or names); resolves the group id. */
  async createGroup(owner, members, extra = {}) {
    const reply = await this.rest('POST', '/chatgroups', {
      groupname: `group-${++userCounter}`,
      description: 'natter sdk test group',
      public: true,
      maxusers: 200,
      owner: nameOf(owner),
      members: members.map(nameOf),
      ...extra,
    });
    return String(reply.data.groupid);
  }

  /** R1: a chat room owned by `owner` (members optional); resolves the room id. */
  async createRoom(owner, members = [], extra = {}) {
    const body = {
      name: `room-${++userCounter}`,
      description: 'natter sdk test room',
      maxusers: 200,
      owner: nameOf(owner),
      ...extra,
    };
    if (members.length > 0) body.members = members.map(nameOf);
    const reply = await this.rest('POST', '/chatrooms', body);
    return String(reply.data.id);
  }

  /** Closes every SDK connection made against this server, then stops it and removes its data. */
  async stop() {
    await Promise.allSettled([...this.clients].map((client) => client.close()));
    require('./shims').unloadPage();
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGTERM');
      const killer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(killer);
    }
    if (process.env.NATTER_SDK_KEEP) {
      process.stderr.write(`natter data and log kept in ${this.dataDir}\n`);
    } else {
      fs.rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}

function nameOf(user) {
  return typeof user === 'string' ? user : user.name;
}

/** Starts a server; `env` adds configuration (for example `NATTER_MESSAGES__RECALL_WINDOW_SECS`). */
async function startServer(options = {}) {
  const server = new NatterServer(options);
  try {
    return await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
}

module.exports = { startServer, NatterServer, APP_KEY, ORG, APP, ROOT, natterBinary, nameOf };
