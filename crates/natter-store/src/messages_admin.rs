//! What app servers do to history besides sending: importing messages (reference users-messages §5.14,
//! §5.15) and hiding roaming messages from one user (§5.12, one-sided deletion).
//!
//! An imported message is history only: it is in the conversation's timeline for roaming, but it is not
//! in any queue (no device is told of it, no offline or unread count includes it), and it touches neither
//! the conversation heads nor the users' conversation lists ("import does not create the conversation").
//! A hidden message is gone from one user's roaming; the other participants still read it.

use crate::{Direction, NewMessage, StoreResult, StoredMessage};

/// Imports and per-user roaming deletions.
#[async_trait::async_trait]
pub trait MessageAdminStore: Send + Sync + std::fmt::Debug {
    /// Writes an imported message (its `id` is ignored, its `effect` must be `None`) with an id derived
    /// from `created_ms` (`created_ms << 16 | sequence`) that no other message of the app holds. Returns
    /// the id. Sequences are taken from the top down, so that the live id generator, which counts up from
    /// 0 within a millisecond, does not meet them. `Conflict` when that millisecond has no free id left.
    async fn import_message(&self, message: NewMessage) -> StoreResult<u64>;

    /// Hides these messages of `conversation` from `user`'s roaming (ids of other conversations are
    /// ignored).
    async fn hide_messages(
        &self,
        app_id: i64,
        user: &str,
        conversation: &str,
        ids: &[u64],
    ) -> StoreResult<()>;

    /// Hides every message up to and including `through_id` from `user`'s roaming, in `conversation` or,
    /// with `None`, in all of the user's conversations. Never moves back.
    async fn hide_messages_through(
        &self,
        app_id: i64,
        user: &str,
        conversation: Option<&str>,
        through_id: u64,
    ) -> StoreResult<()>;

    /// [`MessageStore::history`](crate::MessageStore::history) as `user` sees it: without the messages
    /// hidden from that user.
    async fn roaming_history(
        &self,
        app_id: i64,
        user: &str,
        conversation: &str,
        cursor: Option<u64>,
        direction: Direction,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>>;
}
