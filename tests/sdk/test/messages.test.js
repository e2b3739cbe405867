'use strict';
// One-to-one messages through the msync gateway with the official SDKs: both ways, offline delivery at the
// next login, read and channel acks, and a recall within the window.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, TEST_TIMEOUT_MS, DECIMAL_ID } = require('../lib');

const env = useServer();

/** What the SDK's onTextMessage reports for a 1:1 text (em.js `it`, case TEXT). */
function assertText(message, { from, to, msg, id }) {
  assert.equal(message.type, 'txt');
  assert.equal(message.chatType, 'singleChat');
  assert.equal(message.from, from);
  assert.equal(message.to, to);
  assert.equal(message.msg, msg);
  if (id !== undefined) assert.equal(message.id, id);
  assert.match(message.id, DECIMAL_ID);
  assert.equal(typeof message.time, 'number');
  assert.ok(Math.abs(message.time - Date.now()) < 60000, `message time ${message.time} is the server's now`);
}

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('one-to-one text, both ways', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);

      const sent = await a.sendText(bob.name, `hello bob from ${sdkName}`, 'singleChat', { ext: { k: 'v', n: 3 } });
      assert.match(sent.serverMsgId, DECIMAL_ID);
      assert.equal(typeof sent.localMsgId, 'string');
      const received = await b.waitForText(`hello bob from ${sdkName}`);
      assertText(received, { from: alice.name, to: bob.name, msg: `hello bob from ${sdkName}`, id: sent.serverMsgId });
      assert.deepEqual(received.ext, { k: 'v', n: 3 });

      const reply = await b.sendText(alice.name, `hi alice from ${sdkName}`);
      assert.match(reply.serverMsgId, DECIMAL_ID);
      assert.notEqual(reply.serverMsgId, sent.serverMsgId);
      const back = await a.waitForText(`hi alice from ${sdkName}`);
      assertText(back, { from: bob.name, to: alice.name, msg: `hi alice from ${sdkName}`, id: reply.serverMsgId });
      assert.deepEqual(back.ext, {});

      assert.deepEqual(a.events('onError'), []);
      assert.deepEqual(b.events('onError'), []);
    });

    test('several texts arrive in order', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);
      const ids = [];
      for (let i = 1; i <= 3; i++) ids.push((await a.sendText(bob.name, `burst ${i}`)).serverMsgId);
      await b.waitForText('burst 3');
      await b.waitForText('burst 2');
      await b.waitForText('burst 1');
      const order = b.events('onTextMessage').filter((m) => m.msg.startsWith('burst ')).map((m) => m.id);
      assert.deepEqual(order, ids);
    });

    test('a message sent while the recipient is offline arrives at its next login', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const sent = await a.sendText(bob.name, 'while you were away');
      assert.match(sent.serverMsgId, DECIMAL_ID);

      const b = await env.connect(t, sdkName, bob);
      const received = await b.waitForText('while you were away');
      assertText(received, { from: alice.name, to: bob.name, msg: 'while you were away', id: sent.serverMsgId });
      // Pulled once: delivered exactly once.
      assert.equal(b.events('onTextMessage').filter((m) => m.id === sent.serverMsgId).length, 1);
    });

    test('an offline message is not delivered again at the login after', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      await a.sendText(bob.name, 'only once');
      const first = await env.connect(t, sdkName, bob);
      await first.waitForText('only once');
      await first.close();
      // The next login's sync ends with the offline pull finished and nothing pulled again; a marker sent
      // after that login arrives through the same queue, so its arrival bounds the wait.
      const second = await env.connect(t, sdkName, bob);
      await a.sendText(bob.name, 'marker');
      await second.waitForText('marker');
      assert.deepEqual(second.events('onTextMessage').map((m) => m.msg), ['marker']);
    });

    test('read ack and channel ack reach the sender', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);
      const sent = await a.sendText(bob.name, 'please read');
      await b.waitForText('please read');

      const readAck = b.sdk.message.create({ type: 'read', chatType: 'singleChat', to: alice.name, id: sent.serverMsgId });
      const readSent = await b.send(readAck);
      assert.match(readSent.serverMsgId, DECIMAL_ID);
      const read = await a.waitFor('onReadMessage', (m) => m.mid === sent.serverMsgId);
      assert.equal(read.type, 'read');
      assert.equal(read.from, bob.name);
      assert.equal(read.to, alice.name);

      const channelAck = b.sdk.message.create({ type: 'channel', chatType: 'singleChat', to: alice.name });
      const channelSent = await b.send(channelAck);
      assert.match(channelSent.serverMsgId, DECIMAL_ID);
      const channel = await a.waitFor('onChannelMessage', (m) => m.from === bob.name);
      assert.equal(channel.type, 'channel');
      assert.equal(channel.chatType, 'singleChat');
      assert.equal(channel.to, alice.name);
    });

    test('recall within the window: the recipient gets onRecallMessage', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);
      const sent = await a.sendText(bob.name, 'oops');
      await b.waitForText('oops');

      const recalled = await a.recall(sent.serverMsgId, bob.name);
      assert.match(recalled.serverMsgId, DECIMAL_ID);
      const notice = await b.waitFor('onRecallMessage', (m) => m.mid === sent.serverMsgId);
      assert.equal(notice.from, alice.name);
      assert.equal(notice.to, bob.name);
      assert.equal(notice.mid, sent.serverMsgId);
    });

    test('recall of a message the recipient has not pulled yet: it learns of the recall at login', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const sent = await a.sendText(bob.name, 'never mind');
      await a.recall(sent.serverMsgId, bob.name);
      const b = await env.connect(t, sdkName, bob);
      const notice = await b.waitFor('onRecallMessage', (m) => m.mid === sent.serverMsgId);
      assert.equal(notice.from, alice.name);
    });
  });
}
