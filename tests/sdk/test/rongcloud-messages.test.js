'use strict';
// Messages sent through the RongCloud Server API door (signed form posts, as rc-server-sdk sends them) reach
// the official Web SDKs over msync: an RC:TxtMsg arrives as onTextMessage (one-to-one and group), a custom
// objectName as onCustomMessage, and /message/recall.json as onRecallMessage.

const crypto = require('node:crypto');
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, TEST_TIMEOUT_MS, DECIMAL_ID } = require('../lib');

const env = useServer();
let nonce = 0;

/**
 * A signed RongCloud call: `Signature = hex(SHA1(secret + nonce + timestamp))`, timestamp in seconds.
 * Resolves {status, body}.
 */
async function rongcloud(path, params) {
  const { rongcloud_app_key: key, rongcloud_app_secret: secret } = env.server.app;
  const nonceText = `${process.pid}${++nonce}${Date.now()}`;
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
  return { status: response.status, body: await response.json() };
}

async function publish(path, params) {
  const { status, body } = await rongcloud(path, params);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.code, 200, JSON.stringify(body));
  return body.messageUIDs;
}

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('an RC:TxtMsg to a user arrives as onTextMessage', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob] = await env.users(2);
      const b = await env.connect(t, sdkName, bob);
      const text = `hello from the RongCloud door (${sdkName})`;
      const uids = await publish('/message/private/publish.json', [
        ['fromUserId', alice.name],
        ['toUserId', bob.name],
        ['objectName', 'RC:TxtMsg'],
        ['content', JSON.stringify({ content: text, extra: 'extra data' })],
      ]);
      assert.equal(uids.length, 1);
      assert.equal(uids[0].userId, bob.name);
      assert.match(uids[0].messageUID, DECIMAL_ID);
      const received = await b.waitForText(text);
      assert.equal(received.type, 'txt');
      assert.equal(received.chatType, 'singleChat');
      assert.equal(received.from, alice.name);
      assert.equal(received.to, bob.name);
      assert.equal(received.id, uids[0].messageUID);
      assert.equal(received.ext['rc:objectName'], 'RC:TxtMsg');
      assert.equal(received.ext.extra, 'extra data');

      // The recall through the same door reaches the device.
      await publish('/message/recall.json', [
        ['fromUserId', alice.name],
        ['conversationType', '1'],
        ['targetId', bob.name],
        ['messageUID', uids[0].messageUID],
        ['sentTime', String(Date.now())],
      ]);
      const notice = await b.waitFor('onRecallMessage', (m) => m.mid === uids[0].messageUID);
      assert.equal(notice.from, alice.name);
      assert.deepEqual(b.events('onError'), []);
    });

    test('group and custom messages arrive too', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob] = await env.users(2);
      const groupId = await env.server.createGroup(owner, [bob]);
      const b = await env.connect(t, sdkName, bob);
      const text = `group hello (${sdkName})`;
      // A group made through the Easemob door is named by its Easemob id at the RongCloud door.
      const uids = await publish('/message/group/publish.json', [
        ['fromUserId', owner.name],
        ['toGroupId', groupId],
        ['objectName', 'RC:TxtMsg'],
        ['content', JSON.stringify({ content: text })],
      ]);
      const received = await b.waitForText(text);
      assert.equal(received.chatType, 'groupChat');
      assert.equal(received.from, owner.name);
      assert.equal(received.to, groupId);
      assert.equal(received.id, uids[0].messageUID);

      await publish('/message/private/publish.json', [
        ['fromUserId', owner.name],
        ['toUserId', bob.name],
        ['objectName', 'App:Card'],
        ['content', JSON.stringify({ title: `card for ${sdkName}` })],
      ]);
      const custom = await b.waitFor('onCustomMessage', (m) => m.customEvent === 'App:Card');
      assert.equal(custom.from, owner.name);
      assert.equal(custom.customExts.title, `card for ${sdkName}`);
    });
  });
}
