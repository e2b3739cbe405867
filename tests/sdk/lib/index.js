'use strict';
// What a test file uses: one natter server for the file (started in `before`, stopped in `after`), and
// SDK connections that are closed when the test that opened them ends.

const { before, after } = require('node:test');
const server = require('./server');
const sdk = require('./sdk');

/** Per-test ceiling: a test that fails must fail well under 20 s instead of hanging the run. */
const TEST_TIMEOUT_MS = 19000;

/**
 * Registers the file's server hooks and returns the handle the tests use. `env` adds configuration to that
 * server (for example `{NATTER_MESSAGES__RECALL_WINDOW_SECS: '1'}`).
 */
function useServer({ env } = {}) {
  const handle = {
    server: null,
    /** `count` fresh registered users. */
    users(count, label) {
      return handle.server.users(count, label);
    },
    /** A connection, not yet opened, closed when test `t` ends. */
    client(t, sdkName, user, options) {
      const client = new sdk.Client(handle.server, sdkName, user, options);
      t.after(() => client.close());
      return client;
    },
    /** A connection logged in with the password (or `credentials`), closed when test `t` ends. */
    async connect(t, sdkName, user, credentials, options) {
      const client = handle.client(t, sdkName, user, options);
      await client.open(credentials);
      return client;
    },
  };
  before(async () => {
    handle.server = await server.startServer({ env });
  });
  after(async () => {
    if (handle.server) await handle.server.stop();
  });
  return handle;
}

/** Waits `ms`; only for what the tests measure in wall time (a token's or a recall window's expiry). */
function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Server message ids are the decimal strings of a u64 (PROTOCOL.md). */
const DECIMAL_ID = /^[1-9][0-9]{0,19}$/;

module.exports = { ...server, ...sdk, useServer, pause, TEST_TIMEOUT_MS, DECIMAL_ID };
