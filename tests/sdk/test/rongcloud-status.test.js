'use strict';
// RongCloud status messages (/statusmessage/{private,group}/publish.json, signed form posts as rc-server-sdk
// sends them) reach the official Web SDKs that are online, as ordinary text messages marked
// `ext['rc:statusMessage']`, and nobody else: a device that logs in afterwards gets the offline messages
// sent around them, never the status messages.

const crypto = require('node:crypto');
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { SDKS, useServer, TEST_TIMEOUT_MS } = require('../lib');

const env = useServer();
let nonce = 0;

/** A signed RongCloud call (`Signature = hex(SHA1(secret + nonce + timestamp))`); resolves {status, body}. */
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

async function ok(path, params) {
  const { status, body } = await rongcloud(path, params);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.code, 200, JSON.stringify(body));
  return body;
}

const textContent = (text) => JSON.stringify({ content: text, extra: '' });

for (const sdkName of SDKS) {
  describe(sdkName, () => {
    test('a status message reaches the online device only', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [alice, bob, carol] = await env.users(3);
      const b = await env.connect(t, sdkName, bob);
      const status = `typing (${sdkName})`;
      const reply = await ok('/statusmessage/private/publish.json', [
        ['fromUserId', alice.name],
        ['toUserId', bob.name],
        ['toUserId', carol.name],
        ['objectName', 'RC:TxtMsg'],
        ['content', textContent(status)],
      ]);
      assert.deepEqual(Object.keys(reply).sort(), ['code', 'requestId']);
      const received = await b.waitForText(status);
      assert.equal(received.chatType, 'singleChat');
      assert.equal(received.from, alice.name);
      assert.equal(received.to, bob.name);
      assert.equal(received.ext['rc:statusMessage'], true);

      // Carol was offline: an ordinary message sent after the status is waiting for her, the status is not.
      const after = `after the status (${sdkName})`;
      await ok('/message/private/publish.json', [
        ['fromUserId', alice.name],
        ['toUserId', carol.name],
        ['objectName', 'RC:TxtMsg'],
        ['content', textContent(after)],
      ]);
      const c = await env.connect(t, sdkName, carol);
      await c.waitForText(after);
      assert.deepEqual(c.events('onTextMessage').map((message) => message.msg), [after]);
      assert.deepEqual(b.events('onError'), []);
    });

    test('a group status message reaches the online members', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const [owner, bob] = await env.users(2);
      const groupId = await env.server.createGroup(owner, [bob]);
      const b = await env.connect(t, sdkName, bob);
      const status = `group typing (${sdkName})`;
      await ok('/statusmessage/group/publish.json', [
        ['fromUserId', owner.name],
        ['toGroupId', groupId],
        ['objectName', 'RC:TxtMsg'],
        ['content', textContent(status)],
      ]);
      const received = await b.waitForText(status);
      assert.equal(received.chatType, 'groupChat');
      assert.equal(received.from, owner.name);
      assert.equal(received.to, groupId);
      assert.equal(received.ext['rc:statusMessage'], true);
    });
  });
}
