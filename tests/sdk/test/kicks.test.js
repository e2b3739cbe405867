'use strict';
// Server-initiated kicks of a connected SDK (ERRORS.md §1.2): a STATISTIC meta with the operation, then the
// server closes the socket. Triggered over REST: deleting the user (207), forced logout (217) and a
// password change (216).

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, rejectionOf, TEST_TIMEOUT_MS } = require('../lib');

const env = useServer();

/**
 * The kick as the SDK reports it: legacy and eventHandler onError with {type, message}, then, once the
 * server closes the socket, onDisconnected with the same error and no reconnect; later sends are 39.
 */
async function assertKicked(client, type, message, peer) {
  const reported = await client.waitFor('onError', (e) => e.type === type);
  assert.equal(reported.message, message);
  const legacy = await client.waitFor('legacy.onError', (e) => e.type === type);
  assert.equal(legacy.message, message);
  const disconnected = await client.waitFor('onDisconnected');
  assert.equal(disconnected.type, type);
  assert.equal(disconnected.message, message);
  assert.equal(client.conn.isOpened(), false);
  assert.deepEqual(client.events('onReconnecting'), []);
  const error = await rejectionOf(client.sendText(peer.name, 'after the kick'));
  assert.equal(error.type, 39);
  assert.equal(error.message, 'not login');
}

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('deleting the user kicks it: 207', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      await env.server.rest('DELETE', `/users/${alice.name}`);
      await assertKicked(a, 207, 'user has been removed', bob);
    });

    test('forced logout over REST kicks every device: 217', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const forced = await env.server.rest('GET', `/users/${alice.name}/disconnect`);
      assert.equal(forced.data.result, true);
      await assertKicked(a, 217, 'the user was kicked by other device', bob);
    });

    test('a password change kicks the user: 216, and the old password no longer logs in', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      await env.server.rest('PUT', `/users/${alice.name}/password`, { newpassword: 'a-new-password' });
      await assertKicked(a, 216, 'the user was kicked by changing password', bob);
      const again = env.client(t, sdkName, alice);
      const refused = await rejectionOf(again.conn.open({ user: alice.name, pwd: alice.pwd }));
      assert.equal(refused.type, 1);
      assert.equal(refused.message, 'invalid password');
      await again.open({ pwd: 'a-new-password' });
    });

    test('a kick of one user leaves the others connected', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);
      await env.server.rest('GET', `/users/${alice.name}/disconnect`);
      await a.waitFor('onDisconnected');
      const sent = await b.sendText(alice.name, 'still here');
      assert.ok(sent.serverMsgId);
      assert.equal(b.conn.isOpened(), true);
      assert.deepEqual(b.events('onError'), []);
    });
  });
}
