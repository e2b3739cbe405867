//! The chat-history export (历史消息记录, users-messages §5.16): every message of an app sent within a span
//! of message ids, across its conversations, for the hourly history files.

use crate::{StoreResult, StoredMessage};

/// Reads an app's messages by id span, whatever their conversation.
#[async_trait::async_trait]
pub trait MessageHistoryStore: Send + Sync + std::fmt::Debug {
    /// Up to `limit` messages with ids in `[from_id, to_id)`, in id order: sent messages (targeted ones
    /// too), not signals, not imported history, not recalled ones.
    async fn messages_in_span(
        &self,
        app_id: i64,
        from_id: u64,
        to_id: u64,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>>;
}
