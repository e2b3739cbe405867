'use strict';
// A recall after the window: this file's server allows recalls for one second only
// (`NATTER_MESSAGES__RECALL_WINDOW_SECS=1`), so a recall two seconds later is refused with 504.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, rejectionOf, pause, TEST_TIMEOUT_MS } = require('../lib');

const env = useServer({ env: { NATTER_MESSAGES__RECALL_WINDOW_SECS: '1' } });

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('recall too late: 504, and the recipient is not told', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);
      const sent = await a.sendText(bob.name, 'too late to take back');
      await b.waitForText('too late to take back');
      // Let the one-second window pass.
      await pause(2100);
      const error = await rejectionOf(a.recall(sent.serverMsgId, bob.name));
      // FAIL + "exceed recall time limit" (§1.4).
      assert.equal(error.type, 504);
      assert.equal(error.message, 'exceed recall time limit');
      // The refusal is settled before anything is routed; a later message arriving bounds the check.
      await a.sendText(bob.name, 'after the refused recall');
      await b.waitForText('after the refused recall');
      assert.deepEqual(b.events('onRecallMessage'), []);
    });

    test('recall inside the window still works on this server', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);
      const sent = await a.sendText(bob.name, 'quick recall');
      await a.recall(sent.serverMsgId, bob.name);
      const notice = await b.waitFor('onRecallMessage', (m) => m.mid === sent.serverMsgId);
      assert.equal(notice.from, alice.name);
    });
  });
}
