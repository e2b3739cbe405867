'use strict';
// Nothing acknowledged to a sender is lost: messages whose send() resolved survive a kill -9 of the server
// between the acknowledgement and the recipient's login, and reach the recipient after the restart.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, TEST_TIMEOUT_MS } = require('../lib');
const { startServer } = require('../lib/server');
const sdk = require('../lib/sdk');

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (server) await server.stop();
});

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('acknowledged messages survive kill -9 and are delivered after the restart', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await server.users(2);
      const sender = new sdk.Client(server, sdkName, alice);
      t.after(() => sender.close());
      await sender.open();
      const texts = [1, 2, 3].map((n) => `durable ${n} via ${sdkName}`);
      const acked = [];
      for (const text of texts) acked.push(await sender.sendText(bob.name, text));
      // The acks are in: kill the server before anyone could receive them.
      await server.crash();
      sender.close();
      await server.restart();
      const receiver = new sdk.Client(server, sdkName, bob);
      t.after(() => receiver.close());
      await receiver.open();
      for (const [index, text] of texts.entries()) {
        const received = await receiver.waitForText(text);
        assert.equal(received.id, acked[index].serverMsgId);
        assert.equal(received.from, alice.name);
      }
    });
  });
}
