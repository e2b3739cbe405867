'use strict';
// Group messages with the official SDKs: a group created over REST (G1), a text fanned out to its members,
// and a group recall.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, TEST_TIMEOUT_MS, DECIMAL_ID } = require('../lib');

const env = useServer();

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('a group text reaches all three members', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob, carol, dave] = await env.users(4);
      const groupId = await env.server.createGroup(owner, [bob, carol, dave]);
      const sender = await env.connect(t, sdkName, owner);
      const members = [];
      for (const member of [bob, carol, dave]) members.push(await env.connect(t, sdkName, member));

      const text = `hello group ${groupId} via ${sdkName}`;
      const sent = await sender.sendText(groupId, text, 'groupChat');
      assert.match(sent.serverMsgId, DECIMAL_ID);
      for (const member of members) {
        const received = await member.waitForText(text);
        assert.equal(received.chatType, 'groupChat');
        assert.equal(received.type, 'txt');
        // The SDK takes from/to from MessageBody.from/to (em.js `nt`/`ot`): the sender and the group id.
        assert.equal(received.from, owner.name);
        assert.equal(received.to, groupId);
        assert.equal(received.id, sent.serverMsgId);
        assert.equal(received.msg, text);
      }
    });

    test('a member replies to the group; the owner and the others receive it', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob, carol] = await env.users(3);
      const groupId = await env.server.createGroup(owner, [bob, carol]);
      const o = await env.connect(t, sdkName, owner);
      const b = await env.connect(t, sdkName, bob);
      const c = await env.connect(t, sdkName, carol);
      const sent = await b.sendText(groupId, 'reply from bob', 'groupChat');
      for (const client of [o, c]) {
        const received = await client.waitForText('reply from bob');
        assert.equal(received.from, bob.name);
        assert.equal(received.to, groupId);
        assert.equal(received.id, sent.serverMsgId);
      }
    });

    test('a member offline at send time gets the group text at login', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob] = await env.users(2);
      const groupId = await env.server.createGroup(owner, [bob]);
      const o = await env.connect(t, sdkName, owner);
      const sent = await o.sendText(groupId, 'for later', 'groupChat');
      const b = await env.connect(t, sdkName, bob);
      const received = await b.waitForText('for later');
      assert.equal(received.chatType, 'groupChat');
      assert.equal(received.to, groupId);
      assert.equal(received.id, sent.serverMsgId);
    });

    test('a group recall reaches the members', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob] = await env.users(2);
      const groupId = await env.server.createGroup(owner, [bob]);
      const o = await env.connect(t, sdkName, owner);
      const b = await env.connect(t, sdkName, bob);
      const sent = await o.sendText(groupId, 'take it back', 'groupChat');
      await b.waitForText('take it back');
      const recalled = await o.recall(sent.serverMsgId, groupId, 'groupChat');
      assert.match(recalled.serverMsgId, DECIMAL_ID);
      const notice = await b.waitFor('onRecallMessage', (m) => m.mid === sent.serverMsgId);
      assert.equal(notice.from, owner.name);
      assert.equal(notice.to, groupId);
    });
  });
}
