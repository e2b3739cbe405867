//! The msync protocol spoken by the official Easemob / Agora Chat SDKs: the SDK's own protobuf schema
//! (package `easemob.pb`), one-frame-one-message framing with size limits, and JID helpers.
//!
//! No IO here: the gateway in natter-server owns sockets and sessions.

pub mod frame;
pub mod jid;

/// The generated protobuf types of `proto/msync.proto`.
#[allow(missing_docs, missing_debug_implementations, unreachable_pub, clippy::all)]
pub mod pb {
    include!(concat!(env!("OUT_DIR"), "/easemob.pb.rs"));
}
