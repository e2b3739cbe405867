//! Per-user conversation flags of the SDK's server conversation list (SDK-REST §2.3, §2.4): pinned
//! (置顶, with the time it was pinned) and the 20 marks (`mark_0` … `mark_19`).
//!
//! Keyed like the conversations themselves, by user ID and conversation key as text, so a flag needs no
//! message to exist: the SDK may pin or mark a conversation before anything was said in it.

use crate::StoreResult;

/// The flags of one of a user's conversations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversationFlags {
    pub conversation: String,
    /// When it was pinned, Unix ms; `None` when not pinned.
    pub pinned_ms: Option<i64>,
    /// Bit `n` set = mark `n`.
    pub marks: u32,
}

/// A message pinned in a conversation (置顶消息): shared by the conversation's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinnedMessage {
    pub message_id: u64,
    /// Who pinned it.
    pub operator: String,
    pub pinned_ms: i64,
}

/// Conversation flags and pinned messages, scoped to one app.
#[async_trait::async_trait]
pub trait ConversationFlagStore: Send + Sync + std::fmt::Debug {
    /// Pins the conversation at `pinned_ms` (`Some`) or unpins it (`None`).
    async fn set_pinned(
        &self,
        app_id: i64,
        username: &str,
        conversation: &str,
        pinned_ms: Option<i64>,
    ) -> StoreResult<()>;

    /// Sets (`on`) or clears mark `mark` (0–19) on each of `conversations`.
    async fn set_mark(
        &self,
        app_id: i64,
        username: &str,
        conversations: &[String],
        mark: u8,
        on: bool,
    ) -> StoreResult<()>;

    /// Every conversation of `username` with a flag set.
    async fn conversation_flags(&self, app_id: i64, username: &str) -> StoreResult<Vec<ConversationFlags>>;

    /// Pins message `message_id` in `conversation` (pinning it again refreshes operator and time).
    async fn pin_message(
        &self,
        app_id: i64,
        conversation: &str,
        message_id: u64,
        operator: &str,
        pinned_ms: i64,
    ) -> StoreResult<()>;

    /// Unpins it; `false` when it was not pinned.
    async fn unpin_message(&self, app_id: i64, conversation: &str, message_id: u64) -> StoreResult<bool>;

    /// The conversation's pinned messages, most recently pinned first, `limit` after skipping `offset`.
    async fn pinned_messages(
        &self,
        app_id: i64,
        conversation: &str,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<PinnedMessage>>;
}
