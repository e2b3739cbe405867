'use strict';
// Contact-only messaging (messages.contact_only): a 1:1 message to someone who is not a contact is refused
// with FAIL "nonroster", which the SDK reports as 221 USER_NOT_FRIEND with the message "not contact"
// (ERRORS.md §1.4); once they are contacts (REST §4.1) the message goes through. Also 702 from the SDK's own
// REST call: allowlisting a non-member of a chat room (403 "… are not members of this group!" on a URL
// without `chatgroups`, ERRORS.md §2.2).

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, rejectionOf, TEST_TIMEOUT_MS, DECIMAL_ID } = require('../lib');

const env = useServer({ env: { NATTER_MESSAGES__CONTACT_ONLY: 'true' } });

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('not a contact: 221, then a contact: delivered', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const a = await env.connect(t, sdkName, alice);
      const b = await env.connect(t, sdkName, bob);
      const error = await rejectionOf(a.sendText(bob.name, 'hello stranger'));
      assert.equal(error.type, 221, `type ${error.type} (${error.message})`);
      assert.equal(error.message, 'not contact');
      await env.server.rest('POST', `/users/${alice.name}/contacts/users/${bob.name}`);
      const sent = await a.sendText(bob.name, 'hello friend');
      assert.match(sent.serverMsgId, DECIMAL_ID);
      const received = await b.waitForText('hello friend');
      assert.equal(received.id, sent.serverMsgId);
    });

    test('allowlisting a non-member of a chat room through the SDK: 702', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, member, stranger] = await env.users(3);
      const roomId = await env.server.createRoom(owner, [member]);
      const o = await env.connect(t, sdkName, owner);
      const error = await rejectionOf(o.conn.addUsersToChatRoomAllowlist({ chatRoomId: roomId, users: [stranger.name] }));
      assert.equal(error.type, 702, `type ${error.type} (${error.message})`);
    });
  });
}
