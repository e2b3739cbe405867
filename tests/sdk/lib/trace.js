'use strict';
// NATTER_SDK_TRACE=1: print every msync frame the SDKs send and receive, decoded with the SDK's own
// protobuf schema, one JSON line per frame on stderr. For debugging the gateway; off by default.

const { BrowserWebSocket } = require('./shims');

const COMMANDS = ['SYNC', 'UNREAD', 'NOTICE', 'PROVISION', 'LOGOUT'];
const BODIES = { 0: 'StatisticsBody', 1: 'MessageBody', 2: 'MUCBody', 3: 'RosterBody' };

function install(root) {
  const type = (name) => root.lookup(`easemob.pb.${name}`);
  const plain = (message) => message.$type.toObject(message, { longs: String, enums: String, bytes: String });
  const meta = (m) => {
    const object = plain(m);
    const body = BODIES[m.ns];
    if (body && m.payload && m.payload.length) {
      try {
        object.payload = plain(type(body).decode(m.payload));
      } catch (error) {
        object.payload = `undecodable ${body}: ${error.message}`;
      }
    }
    if (m.meta && m.meta.length) object.meta = Buffer.from(m.meta).toString();
    return object;
  };
  BrowserWebSocket.tracer = (direction, data) => {
    const frame = { direction, at: Date.now() };
    try {
      const msync = type('MSync').decode(new Uint8Array(data));
      frame.command = COMMANDS[msync.command] ?? msync.command;
      const payload = msync.payload && msync.payload.length ? msync.payload : null;
      const inner = {
        SYNC: direction === 'C->S' ? 'CommSyncUL' : 'CommSyncDL',
        UNREAD: direction === 'C->S' ? null : 'CommUnreadDL',
        NOTICE: 'CommNotice',
        PROVISION: 'Provision',
        LOGOUT: 'Logout',
      }[frame.command];
      if (inner && payload) {
        const decoded = type(inner).decode(payload);
        frame.payload = plain(decoded);
        if (decoded.meta) frame.payload.meta = meta(decoded.meta);
        if (decoded.metas && decoded.metas.length) frame.payload.metas = decoded.metas.map(meta);
      }
      if (msync.guid) frame.guid = plain(msync.guid);
    } catch (error) {
      frame.undecodable = `${error.message} (${data.byteLength ?? data.length} bytes)`;
    }
    process.stderr.write(`${JSON.stringify(frame)}\n`);
  };
}

module.exports = { install };
