//! One WebSocket binary frame carries one `MSync`, with no length prefix (PROTOCOL.md "Framing").
//! Decoding is bounded: a frame over the limit is refused before protobuf sees it, and a payload that
//! does not decode is an error value, never a panic.

use crate::pb::{self, m_sync::Command};
use prost::Message;

/// Why a frame was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FrameError {
    #[error("frame of {size} bytes exceeds the limit of {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("frame is not a valid MSync message: {0}")]
    Malformed(String),
    #[error("unknown msync command {0}")]
    UnknownCommand(i32),
    #[error("payload of {command:?} is not a valid {expected}: {reason}")]
    BadPayload {
        command: Command,
        expected: &'static str,
        reason: String,
    },
}

/// A decoded client frame: the envelope and its command.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub msync: pb::MSync,
    pub command: Command,
}

impl Frame {
    /// Decodes the inner payload as `T`; a missing payload decodes as `T::default()` (the SDK sends
    /// `UNREAD` without one).
    pub fn payload<T: Message + Default>(&self, expected: &'static str) -> Result<T, FrameError> {
        T::decode(self.msync.payload.as_deref().unwrap_or_default()).map_err(|error| FrameError::BadPayload {
            command: self.command,
            expected,
            reason: error.to_string(),
        })
    }
}

/// Decodes one client frame of at most `limit` bytes.
pub fn decode(bytes: &[u8], limit: usize) -> Result<Frame, FrameError> {
    if bytes.len() > limit {
        return Err(FrameError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let msync = pb::MSync::decode(bytes).map_err(|error| FrameError::Malformed(error.to_string()))?;
    let raw = msync.command.unwrap_or(Command::Sync as i32);
    let command = Command::try_from(raw).map_err(|_| FrameError::UnknownCommand(raw))?;
    Ok(Frame { msync, command })
}

/// Encodes a server frame: `command` with `payload` as the inner message.
pub fn encode(command: Command, payload: &impl Message) -> Vec<u8> {
    let msync = pb::MSync {
        command: Some(command as i32),
        payload: Some(payload.encode_to_vec()),
        ..pb::MSync::default()
    };
    msync.encode_to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_provision() {
        let provision = pb::Provision {
            resource: Some("webim_1".to_owned()),
            ..pb::Provision::default()
        };
        let bytes = encode(Command::Provision, &provision);
        let frame = decode(&bytes, 1024).expect("decodes");
        assert_eq!(frame.command, Command::Provision);
        let back: pb::Provision = frame.payload("Provision").expect("payload decodes");
        assert_eq!(back.resource.as_deref(), Some("webim_1"));
    }

    #[test]
    fn refuses_oversized_truncated_and_garbage_frames() {
        let bytes = encode(Command::Sync, &pb::CommSyncUl::default());
        assert!(matches!(decode(&bytes, 1), Err(FrameError::TooLarge { .. })));
        assert!(matches!(
            decode(&[0xff, 0xff, 0xff], 1024),
            Err(FrameError::Malformed(_))
        ));
        let provision = encode(
            Command::Provision,
            &pb::Provision {
                resource: Some("a fairly long resource name".to_owned()),
                ..pb::Provision::default()
            },
        );
        for cut in 1..provision.len() {
            // Every truncation is an error or a frame, never a panic.
            let _ = decode(&provision[..cut], 1024).map(|frame| frame.payload::<pb::Provision>("Provision"));
        }
    }

    #[test]
    fn refuses_unknown_commands() {
        let msync = pb::MSync {
            command: Some(42),
            ..pb::MSync::default()
        };
        assert_eq!(
            decode(&msync.encode_to_vec(), 1024),
            Err(FrameError::UnknownCommand(42))
        );
    }
}
