'use strict';
// The browser globals the official Web SDKs need in Node (msync PROTOCOL.md, "Connecting an official SDK").
// Without `window.WebSocket` the SDKs take their mini-program code path, which `ws` does not support.
// Loaded before either SDK bundle is required.

globalThis.self = globalThis;
globalThis.window = globalThis;
// `ws` itself, plus one thing a browser does: an `error` nobody listens to is harmless. The SDK's web path
// sets only onopen/onclose/onmessage, so a refused upgrade would otherwise crash Node with an unhandled
// 'error' event before the SDK sees the close that follows it.
const NodeWebSocket = require('ws');
class BrowserWebSocket extends NodeWebSocket {
  constructor(...args) {
    super(...args);
    this.on('error', () => {});
    // NATTER_SDK_TRACE: lib/trace.js sets a tracer that prints every frame each way.
    const tracer = BrowserWebSocket.tracer;
    if (tracer) {
      this.on('message', (data) => tracer('S->C', data));
      const send = this.send.bind(this);
      this.send = (data, ...rest) => {
        tracer('C->S', data);
        return send(data, ...rest);
      };
    }
  }
}
BrowserWebSocket.tracer = null;
globalThis.WebSocket = BrowserWebSocket;
globalThis.XMLHttpRequest = require('xhr2');
// Node 21+ defines a read-only `navigator`; defineProperty replaces it on every version.
Object.defineProperty(globalThis, 'navigator', {
  value: { userAgent: 'node' },
  configurable: true,
  writable: true,
});
globalThis.document = { hidden: false, addEventListener() {} };
// Page-level listeners are kept, so the harness can "unload the page" when a test file is done: the SDKs'
// data-report timer (a 60 s setInterval per connection) is cleared only on `beforeunload`, and would keep
// Node from exiting.
const pageListeners = [];
globalThis.addEventListener = (type, listener) => {
  pageListeners.push({ type, listener });
};
globalThis.removeEventListener = (type, listener) => {
  const index = pageListeners.findIndex((entry) => entry.type === type && entry.listener === listener);
  if (index >= 0) pageListeners.splice(index, 1);
};

/** Fires the `beforeunload` and `unload` listeners once, as a browser does when the page goes away. */
function unloadPage() {
  const leaving = pageListeners.filter((entry) => entry.type === 'beforeunload' || entry.type === 'unload');
  for (const entry of leaving) {
    pageListeners.splice(pageListeners.indexOf(entry), 1);
    try {
      entry.listener.call(globalThis, { type: entry.type });
    } catch {
      // A listener that fails on unload leaves nothing the harness could clean up.
    }
  }
}

module.exports = { unloadPage, BrowserWebSocket };
