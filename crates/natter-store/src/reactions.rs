//! Message reactions (消息表情回复, users-messages §8): which users added which reaction to which message.
//!
//! A reaction is keyed by (message id, reaction text); its row id is its `reactionId`. Users are kept by
//! ID as text, in the order they added the reaction (the detail list's order and cursor).

use crate::StoreResult;

/// How [`ReactionStore::add_reaction`] ended. Only `Added` wrote anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReactionAdd {
    Added(ReactionAdded),
    /// The user already added this reaction to this message.
    AlreadyAdded,
    /// The message has `max_reactions` distinct reactions already and this one is new.
    LimitReached,
}

/// A reaction as one user's add left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionAdded {
    /// The id of this user's add (unique per add).
    pub add_id: i64,
    /// The reaction's id on this message.
    pub reaction_id: i64,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// One reaction of a message, summarised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionSummary {
    pub message_id: u64,
    pub reaction_id: i64,
    pub reaction: String,
    /// How many users added it.
    pub count: u64,
    /// Whether the asking user is one of them.
    pub state: bool,
    /// The first users who added it (up to the number asked for), in add order.
    pub users: Vec<String>,
}

/// A page of the users who added one reaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionUsers {
    pub reaction_id: i64,
    pub count: u64,
    /// Whether the asking user added it.
    pub state: bool,
    /// `(add id, user)` in add order; the add id is the paging cursor.
    pub users: Vec<(i64, String)>,
}

/// Reactions, scoped to one app.
#[async_trait::async_trait]
pub trait ReactionStore: Send + Sync + std::fmt::Debug {
    /// `username` adds `reaction` to message `message_id`, unless it did already or the message would
    /// have more than `max_reactions` distinct reactions.
    async fn add_reaction(
        &self,
        app_id: i64,
        message_id: u64,
        reaction: &str,
        username: &str,
        max_reactions: u32,
        now_ms: i64,
    ) -> StoreResult<ReactionAdd>;

    /// `username` takes its `reaction` off message `message_id`; `false` (nothing written) when it had not
    /// added it. A reaction nobody has any more is gone.
    async fn remove_reaction(
        &self,
        app_id: i64,
        message_id: u64,
        reaction: &str,
        username: &str,
    ) -> StoreResult<bool>;

    /// The reactions of each of `message_ids`, each with its first `first_users` users and whether
    /// `username` added it; ordered by message as given, then by reaction creation.
    async fn reactions_of(
        &self,
        app_id: i64,
        message_ids: &[u64],
        username: &str,
        first_users: u32,
    ) -> StoreResult<Vec<ReactionSummary>>;

    /// Up to `limit` users who added `reaction` to `message_id` after add id `after` (from the first when
    /// `None`); `None` when the message has no such reaction.
    async fn reaction_users(
        &self,
        app_id: i64,
        message_id: u64,
        reaction: &str,
        username: &str,
        after: Option<i64>,
        limit: u32,
    ) -> StoreResult<Option<ReactionUsers>>;
}
