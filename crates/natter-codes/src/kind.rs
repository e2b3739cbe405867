//! The domain error kind that every layer returns, and its rendering in each dialect.
//! (First cut: filled in by the foundation issue.)

/// What went wrong, independent of the door the request came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Something failed inside Natter; the detail is in the log, never on the wire.
    Internal,
}

/// An Easemob REST error reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

/// An msync `Status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsyncStatus {
    pub error_code: i32,
    pub reason: String,
}

/// A domain error: its kind and, where the wire text carries values, the rendered text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?}")]
pub struct NatterError {
    pub kind: ErrorKind,
}
