'use strict';
// Logging in on another device when multi-device is off (`NATTER_MSYNC__MULTI_DEVICE=false` on this file's
// server): the new login succeeds and the old connection is kicked with 206 (ERRORS.md §1.2).

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, rejectionOf, TEST_TIMEOUT_MS } = require('../lib');

const env = useServer({ env: { NATTER_MSYNC__MULTI_DEVICE: 'false' } });

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('a second login kicks the first: 206', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const first = await env.connect(t, sdkName, alice);
      const second = await env.connect(t, sdkName, alice);

      const reported = await first.waitFor('onError', (e) => e.type === 206);
      assert.equal(reported.message, 'the user is already logged on another device');
      const legacy = await first.waitFor('legacy.onError', (e) => e.type === 206);
      assert.equal(legacy.message, 'the user is already logged on another device');
      const disconnected = await first.waitFor('onDisconnected');
      assert.equal(disconnected.type, 206);
      assert.equal(first.conn.isOpened(), false);
      assert.deepEqual(first.events('onReconnecting'), []);
      const refused = await rejectionOf(first.sendText(bob.name, 'from the old device'));
      assert.equal(refused.type, 39);

      // The new device works: it sends, and it receives.
      assert.equal(second.conn.isOpened(), true);
      assert.deepEqual(second.events('onError'), []);
      const b = await env.connect(t, sdkName, bob);
      await second.sendText(bob.name, 'from the new device');
      await b.waitForText('from the new device');
      await b.sendText(alice.name, 'to the new device');
      const received = await second.waitForText('to the new device');
      assert.equal(received.from, bob.name);
    });

    test('the kick carries the new device\'s login extension', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice] = await env.users(1);
      const first = await env.connect(t, sdkName, alice);
      const second = env.client(t, sdkName, alice);
      // The new device's Provision.reason is relayed to the old one as StatisticsBody.reason (§1.2).
      second.conn.setLoginInfoCustomExt('tablet-2');
      await second.open();
      const reported = await first.waitFor('onError', (e) => e.type === 206);
      assert.deepEqual(reported.data, { loginInfoCustomExt: 'tablet-2' });
    });
  });
}
