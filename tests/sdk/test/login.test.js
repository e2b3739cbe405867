'use strict';
// Logging in with the official SDKs: password (REST token, then msync Provision) and token, and every
// refusal the SDK reports at login (ERRORS.md §1.1 for Provision replies, §2.3 for the REST token call).

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, rejectionOf, pause, TEST_TIMEOUT_MS } = require('../lib');

const env = useServer();

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('password login fetches a token over REST and connects', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const client = env.client(t, sdkName, alice);
      const opened = await client.open({ pwd: alice.pwd });
      assert.equal(typeof opened.accessToken, 'string');
      assert.ok(opened.accessToken.length > 0);
      assert.equal(client.conn.context.accessToken, opened.accessToken);
      await client.waitFor('onConnected');
      assert.equal(client.conn.isOpened(), true);
      // The token the SDK fetched is a working user token.
      const me = await env.server.rest('GET', `/users/${alice.name}`, undefined, opened.accessToken);
      assert.equal(me.entities[0].username, alice.name);
      assert.deepEqual(client.events('onError'), []);
    });

    test('token login connects without the password', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const token = await env.server.userToken(alice);
      const client = env.client(t, sdkName, alice);
      const opened = await client.open({ accessToken: token });
      assert.deepEqual(opened, { accessToken: token });
      await client.waitFor('onConnected');
      assert.equal(client.conn.isOpened(), true);
      assert.deepEqual(client.events('onError'), []);
    });

    test('a wrong password is refused by the token call: type 1 wrapping 17', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const client = env.client(t, sdkName, alice);
      const error = await rejectionOf(client.conn.open({ user: alice.name, pwd: 'not-the-password' }));
      // POST /token answers 400 invalid_grant "invalid password"; the SDK wraps the REST error (§2.3).
      assert.equal(error.type, 1);
      assert.equal(error.message, 'invalid password');
      assert.equal(error.data.type, 17);
      // Only the legacy listen() channel reports it (§2.3).
      assert.deepEqual(client.events('legacy.onError').map((e) => e.type), [1]);
      assert.deepEqual(client.events('onError'), []);
      assert.equal(client.conn.isOpened(), false);
    });

    test('an unknown user is refused by the token call: type 1 wrapping 204', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const client = env.client(t, sdkName, { name: 'nobody-here', pwd: 'whatever' });
      const error = await rejectionOf(client.conn.open({ user: 'nobody-here', pwd: 'whatever' }));
      // 404 invalid_grant "user not found" (§2.3).
      assert.equal(error.type, 1);
      assert.equal(error.message, 'user not found');
      assert.equal(error.data.type, 204);
    });

    test('a banned user is refused by the token call: type 1 wrapping 17', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      await env.server.rest('POST', `/users/${alice.name}/deactivate`);
      const client = env.client(t, sdkName, alice);
      const error = await rejectionOf(client.conn.open({ user: alice.name, pwd: alice.pwd }));
      // 400 invalid_grant "user not activated": a 400 with a description no rule knows is 17 (§2.2).
      assert.equal(error.type, 1);
      assert.equal(error.message, 'user not activated');
      assert.equal(error.data.type, 17);
    });

    test('a banned user with a valid token is refused by Provision: type 2 Auth failed', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const token = await env.server.userToken(alice);
      await env.server.rest('POST', `/users/${alice.name}/deactivate`);
      const client = env.client(t, sdkName, alice);
      const error = await rejectionOf(client.conn.open({ user: alice.name, accessToken: token }));
      // UNAUTHORIZED (any reason), or FAIL with a reason the SDK does not know: 2 "Auth failed" (§1.1).
      assert.equal(error.type, 2);
      assert.equal(error.message, 'Auth failed');
      const reported = await client.waitFor('onError');
      assert.equal(reported.type, 2);
    });

    test('an invalid token is refused by Provision: 28 INVALID_TOKEN', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const client = env.client(t, sdkName, alice);
      const error = await rejectionOf(client.conn.open({ user: alice.name, accessToken: 'YWMtnot-a-real-token' }));
      // FAIL + "Sorry, token or password does not match login info" (§1.1).
      assert.equal(error.type, 28);
      assert.equal(error.message, 'INVALID_TOKEN');
      // The eventHandler channel reports it once, the legacy one not at all (§1.1).
      const reported = await client.waitFor('onError');
      assert.equal(reported.type, 28);
      assert.deepEqual(client.events('onError').map((e) => e.type), [28]);
      assert.deepEqual(client.events('legacy.onError'), []);
      // The server closes the socket after a failed Provision; the SDK then reports the same error (§1.1, §3).
      const disconnected = await client.waitFor('onDisconnected');
      assert.equal(disconnected.type, 28);
      assert.equal(client.conn.isOpened(), false);
    });

    test('an expired token is refused by Provision: 56 token expired', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const token = await env.server.userToken(alice, 1);
      // The token lives one second; wait it out (the only wall-clock wait this file makes).
      await pause(2100);
      const client = env.client(t, sdkName, alice);
      const error = await rejectionOf(client.conn.open({ user: alice.name, accessToken: token }));
      // FAIL + "Sorry, token expired" (§1.1, §1.3).
      assert.equal(error.type, 56);
      assert.equal(error.message, 'Sorry, token expired');
      const reported = await client.waitFor('onError');
      assert.equal(reported.type, 56);
    });

    test('close() after login disconnects', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const client = await env.connect(t, sdkName, alice);
      client.conn.close();
      await client.waitFor('onDisconnected');
      assert.equal(client.conn.isOpened(), false);
    });
  });
}
