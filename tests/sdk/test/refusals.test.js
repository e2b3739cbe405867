'use strict';
// Every refusal of a send, as the official SDKs report it: the msync ack (FAIL / PERMISSION_DENIED /
// USER_MUTED + reason) and the SDK code it maps to (ERRORS.md §1.4). The set-up is done over REST.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, rejectionOf, TEST_TIMEOUT_MS, DECIMAL_ID } = require('../lib');

const env = useServer();
/** Ids no group or room has. */
const MISSING_ID = '999999999999999';

/** A refused message send: `{type, message, data:{id:<local id>, mid}}` (§1.4 "Details"). */
function assertRefused(error, type, message) {
  assert.equal(error.type, type, `type ${error.type} (${error.message ?? error.reason})`);
  assert.equal(error.message, message);
  assert.equal(typeof error.data.id, 'string');
}

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('not a group member: 602', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, carol, bob] = await env.users(3);
      const groupId = await env.server.createGroup(owner, [carol]);
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(b.sendText(groupId, 'let me in', 'groupChat'));
      // FAIL + "not in group or chatroom".
      assertRefused(error, 602, 'not in group or chatroom');
    });

    test('the group does not exist: 605', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [bob] = await env.users(1);
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(b.sendText(MISSING_ID, 'anyone?', 'groupChat'));
      // FAIL + "group not found".
      assertRefused(error, 605, 'group not found');
    });

    test('the chat room does not exist: 705, for a message and for a join', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [bob] = await env.users(1);
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(b.sendText(MISSING_ID, 'anyone?', 'chatRoom'));
      // FAIL + a reason containing "grpID" and "does not exist!"; the SDK replaces the message.
      assertRefused(error, 705, 'The chat room dose not exist.');
      const joinError = await rejectionOf(b.joinRoom(MISSING_ID));
      // Join/leave rejections are {type, message, data:""} (§1.4 "Details").
      assert.deepEqual({ ...joinError }, { type: 705, message: 'The chat room dose not exist.', data: '' });
    });

    test('not in the chat room: the ack says "not in group or chatroom", which the SDK reports as 602', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      // The SDK has no msync path to 702 (that code comes only from REST, §2.2); a room message from a
      // non-member gets the same FAIL reason as a group one and so the same code (§1.4 table).
      const [owner, bob] = await env.users(2);
      const roomId = await env.server.createRoom(owner);
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(b.sendText(roomId, 'not joined', 'chatRoom'));
      assertRefused(error, 602, 'not in group or chatroom');
    });

    test('left the chat room: 602 again', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob] = await env.users(2);
      const roomId = await env.server.createRoom(owner);
      const b = await env.connect(t, sdkName, bob);
      await b.joinRoom(roomId);
      await b.sendText(roomId, 'while in', 'chatRoom');
      await b.leaveRoom(roomId);
      const error = await rejectionOf(b.sendText(roomId, 'after leaving', 'chatRoom'));
      assertRefused(error, 602, 'not in group or chatroom');
    });

    test('muted in a group: 507', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob] = await env.users(2);
      const groupId = await env.server.createGroup(owner, [bob]);
      await env.server.rest('POST', `/chatgroups/${groupId}/mute`, { usernames: [bob.name], mute_duration: 600000 });
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(b.sendText(groupId, 'shh', 'groupChat'));
      // USER_MUTED (15): the one rejection without a message (§1.4).
      assert.deepEqual({ ...error }, { type: 507, reason: 'you were muted' });
    });

    test('muted in a chat room: 507', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob] = await env.users(2);
      const roomId = await env.server.createRoom(owner, [bob]);
      await env.server.rest('POST', `/chatrooms/${roomId}/mute`, { usernames: [bob.name], mute_duration: 600000 });
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(b.sendText(roomId, 'shh', 'chatRoom'));
      assert.deepEqual({ ...error }, { type: 507, reason: 'you were muted' });
    });

    test('muted globally: 219', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      await env.server.rest('POST', '/mutes', { username: bob.name, chat: 600 });
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(b.sendText(alice.name, 'shh'));
      // PERMISSION_DENIED (7) + "user is mute".
      assertRefused(error, 219, 'user is mute');
    });

    test('an all-muted chat room refuses members not on the allowlist: 506; the allowlisted may speak', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob, carol] = await env.users(3);
      const roomId = await env.server.createRoom(owner, [bob, carol]);
      await env.server.rest('POST', `/chatrooms/${roomId}/ban`);
      await env.server.rest('POST', `/chatrooms/${roomId}/white/users/${carol.name}`);
      const b = await env.connect(t, sdkName, bob);
      const c = await env.connect(t, sdkName, carol);
      const error = await rejectionOf(b.sendText(roomId, 'quiet room', 'chatRoom'));
      // FAIL + "not in group or chatroom white list".
      assertRefused(error, 506, 'not in group or chatroom white list');
      const allowed = await c.sendText(roomId, 'allowlisted', 'chatRoom');
      assert.match(allowed.serverMsgId, DECIMAL_ID);
    });

    test('blocked by the recipient: 603', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      await env.server.rest('POST', `/users/${bob.name}/blocks/users`, { usernames: [alice.name] });
      const a = await env.connect(t, sdkName, alice);
      const error = await rejectionOf(a.sendText(bob.name, 'hello?'));
      // FAIL + "blocked".
      assertRefused(error, 603, 'blocked');
    });

    test('a message over the size limit: 511', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      // Messages are capped at 5 KB (reference §5.0, §10); 10 KiB of text is over it whatever is counted.
      const error = await rejectionOf(a.sendText(bob.name, 'x'.repeat(10 * 1024)));
      // PERMISSION_DENIED (7) + "Sorry, data is too large".
      assertRefused(error, 511, 'Sorry, data is too large');
    });
  });
}
