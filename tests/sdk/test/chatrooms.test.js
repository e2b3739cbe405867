'use strict';
// Chat rooms with the official SDKs: a room created over REST (R1), joinChatRoom / leaveChatRoom through
// msync (MUCBody, ns=MUC), and a room message received by another joined member.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, TEST_TIMEOUT_MS, DECIMAL_ID } = require('../lib');

const env = useServer();

async function roomDetails(roomId) {
  const reply = await env.server.rest('GET', `/chatrooms/${roomId}`);
  return Array.isArray(reply.data) ? reply.data[0] : reply.data;
}

async function roomMembers(roomId) {
  const details = await roomDetails(roomId);
  return details.affiliations.map((affiliation) => affiliation.member || affiliation.owner);
}

/** joinChatRoom resolves {type:0, data:{action:'apply', id, result:true, user, info}} (ERRORS.md §1.4, E10). */
function assertJoined(joined, roomId, user) {
  assert.equal(joined.type, 0);
  assert.equal(joined.data.action, 'apply');
  assert.equal(joined.data.id, roomId);
  assert.equal(joined.data.result, true);
  assert.equal(joined.data.user, user.name);
}

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('join, a room message to another member, leave', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob, carol] = await env.users(3);
      const roomId = await env.server.createRoom(owner);
      const b = await env.connect(t, sdkName, bob);
      const c = await env.connect(t, sdkName, carol);

      assertJoined(await b.joinRoom(roomId), roomId, bob);
      const joined = await c.joinRoom(roomId);
      assertJoined(joined, roomId, carol);
      // The join ack's metas[0] carries MUCBody.status.chatroom_info for the joining user (§1.4).
      const details = await roomDetails(roomId);
      assert.equal(joined.data.info.memberCount, details.affiliations_count);
      assert.equal(joined.data.info.isAllMembersMuted, false);
      assert.equal(joined.data.info.isInAllowlist, false);
      assert.equal(joined.data.info.muteExpireTimestamp, -1);
      assert.equal(joined.data.info.createTimestamp, details.created);
      const members = await roomMembers(roomId);
      assert.ok(members.includes(bob.name) && members.includes(carol.name), `members ${members}`);

      const text = `room ${roomId} hello via ${sdkName}`;
      const sent = await b.sendText(roomId, text, 'chatRoom');
      assert.match(sent.serverMsgId, DECIMAL_ID);
      const received = await c.waitForText(text);
      assert.equal(received.chatType, 'chatRoom');
      assert.equal(received.from, bob.name);
      assert.equal(received.to, roomId);
      assert.equal(received.id, sent.serverMsgId);
      assert.equal(received.msg, text);

      const left = await c.leaveRoom(roomId);
      assert.deepEqual(left, { type: 0, data: { result: true } });
      assert.ok(!(await roomMembers(roomId)).includes(carol.name));
    });

    test('a member added over REST receives room messages without joining', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob, carol] = await env.users(3);
      const roomId = await env.server.createRoom(owner, [bob, carol]);
      const b = await env.connect(t, sdkName, bob);
      const c = await env.connect(t, sdkName, carol);
      const sent = await b.sendText(roomId, 'members by REST', 'chatRoom');
      const received = await c.waitForText('members by REST');
      assert.equal(received.chatType, 'chatRoom');
      assert.equal(received.id, sent.serverMsgId);
    });
  });
}
