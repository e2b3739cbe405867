//! RongCloud settings that are neither users nor groups: user tags (用户标签), do-not-disturb of the
//! conversations Easemob push settings have no chat type for, and the app's sensitive words (敏感词), which
//! the message pipeline reads ([`RongCloudSettingsStore::sensitive_words`]).

use crate::StoreResult;

/// One sensitive word of an app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SensitiveWord {
    pub word: String,
    /// `None`: a message with the word is blocked; otherwise the word is replaced by this text.
    pub replacement: Option<String>,
}

/// Tags, conversation mutes and sensitive words. Per-user calls take the user's row id.
#[async_trait::async_trait]
pub trait RongCloudSettingsStore: Send + Sync + std::fmt::Debug {
    /// Replaces the tags of every user of `user_ids` with `tags`, in one write.
    async fn set_user_tags(&self, user_ids: &[i64], tags: &[String]) -> StoreResult<()>;

    /// The user's tags, in the order they were set.
    async fn user_tags(&self, user_id: i64) -> StoreResult<Vec<String>>;

    /// Turns do-not-disturb of one conversation on or off.
    async fn set_conversation_muted(
        &self,
        user_id: i64,
        conversation_type: u8,
        target_id: &str,
        muted: bool,
    ) -> StoreResult<()>;

    /// Whether do-not-disturb of the conversation is on.
    async fn conversation_muted(
        &self,
        user_id: i64,
        conversation_type: u8,
        target_id: &str,
    ) -> StoreResult<bool>;

    /// Adds a word, or replaces the replacement of one the app has. `false`, and nothing written, if a new
    /// word would make the app's list longer than `max_words`.
    async fn put_sensitive_word(&self, app_id: i64, word: SensitiveWord, max_words: u32)
    -> StoreResult<bool>;

    /// Deletes words; returns how many the app had.
    async fn delete_sensitive_words(&self, app_id: i64, words: &[String]) -> StoreResult<u64>;

    /// The app's sensitive words, in the order they were first added: what the message pipeline filters.
    async fn sensitive_words(&self, app_id: i64) -> StoreResult<Vec<SensitiveWord>>;
}
