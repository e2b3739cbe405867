'use strict';
// Targeted (定向) group messages with the official SDKs: sent through the Easemob REST door
// (`POST /messages/chatgroups/users`, reference users-messages §5.3) and through the RongCloud door (a directed
// `/message/group/publish.json` with `toUserId`). The listed member's SDK fires onTextMessage for a group
// message of that group; the other member's SDK gets nothing: it receives the ordinary group message sent right
// after, and never the targeted one before it (pulls are in id order, so it would have come first).

const crypto = require('node:crypto');
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, TEST_TIMEOUT_MS, DECIMAL_ID } = require('../lib');

const env = useServer();
let nonce = 0;

/** A signed RongCloud form post (`Signature = hex(SHA1(secret + nonce + timestamp))`); resolves the body. */
async function rongcloud(path, params) {
  const { rongcloud_app_key: key, rongcloud_app_secret: secret } = env.server.app;
  const nonceText = `${process.pid}t${++nonce}${Date.now()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto.createHash('sha1').update(secret + nonceText + timestamp).digest('hex');
  const form = new URLSearchParams();
  for (const [name, value] of params) form.append(name, value);
  const response = await fetch(`${env.server.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'App-Key': key,
      Nonce: nonceText,
      Timestamp: timestamp,
      Signature: signature,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: form.toString(),
    signal: AbortSignal.timeout(10000),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.code, 200, JSON.stringify(body));
  return body;
}

/** The texts of every onTextMessage a client recorded. */
function textsOf(client) {
  return client.events('onTextMessage').map((message) => message.msg);
}

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('a REST targeted group message reaches the listed member only', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob, carol] = await env.users(3);
      const groupId = await env.server.createGroup(owner, [bob, carol]);
      const b = await env.connect(t, sdkName, bob);
      const c = await env.connect(t, sdkName, carol);

      const text = `only for bob (${sdkName})`;
      const reply = await env.server.rest('POST', '/messages/chatgroups/users', {
        from: owner.name, to: [groupId], users: [bob.name], type: 'txt', body: { msg: text },
      });
      const id = reply.data[groupId];
      assert.match(id, DECIMAL_ID);
      const received = await b.waitForText(text);
      assert.equal(received.chatType, 'groupChat');
      assert.equal(received.type, 'txt');
      assert.equal(received.from, owner.name);
      assert.equal(received.to, groupId);
      assert.equal(received.id, id);

      const after = `for everyone (${sdkName})`;
      await env.server.rest('POST', '/messages/chatgroups', {
        from: owner.name, to: [groupId], type: 'txt', body: { msg: after },
      });
      await c.waitForText(after);
      await b.waitForText(after);
      assert.deepEqual(textsOf(c), [after], 'carol never got the targeted message');
      assert.deepEqual(textsOf(b), [text, after]);
      assert.deepEqual(c.events('onError'), []);
    });

    test('a RongCloud directed group message reaches the named member only', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob, carol] = await env.users(3);
      const groupId = await env.server.createGroup(owner, [bob, carol]);
      const b = await env.connect(t, sdkName, bob);
      const c = await env.connect(t, sdkName, carol);

      const text = `directed at bob (${sdkName})`;
      // As rc-server-sdk's send_direction sends it; the Easemob group is named by its Easemob id.
      const body = await rongcloud('/message/group/publish.json', [
        ['fromUserId', owner.name],
        ['toGroupId', groupId],
        ['toUserId', bob.name],
        ['objectName', 'RC:TxtMsg'],
        ['content', JSON.stringify({ content: text })],
      ]);
      assert.equal(body.messageUIDs.length, 1);
      const received = await b.waitForText(text);
      assert.equal(received.chatType, 'groupChat');
      assert.equal(received.from, owner.name);
      assert.equal(received.to, groupId);
      assert.equal(received.id, body.messageUIDs[0].messageUID);

      const after = `group hello (${sdkName})`;
      await rongcloud('/message/group/publish.json', [
        ['fromUserId', owner.name],
        ['toGroupId', groupId],
        ['objectName', 'RC:TxtMsg'],
        ['content', JSON.stringify({ content: after })],
      ]);
      await c.waitForText(after);
      await b.waitForText(after);
      assert.deepEqual(textsOf(c), [after], 'carol never got the directed message');
    });
  });
}
