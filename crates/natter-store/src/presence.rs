//! Presence (在线状态订阅, users-messages §7): the status each user published per device, with one
//! description (`ext`) per user, and who subscribed to whose presence until when.
//!
//! Subscribers are users (their rows go with them); subscription targets are user IDs as text, as the
//! vendor accepts them without checking that they exist.

use crate::StoreResult;

/// What a user published: the description and the status of each of its devices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presence {
    pub username: String,
    /// The latest description published from any device (`""` when none).
    pub ext: String,
    /// When the user last published, Unix ms (0 when never).
    pub last_ms: i64,
    /// `(resource, status)` pairs, by resource.
    pub statuses: Vec<(String, String)>,
}

/// One subscription in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresenceSubscription {
    pub target: String,
    /// When it ends, Unix ms.
    pub expiry_ms: i64,
}

/// Published presences and subscriptions, scoped to one app.
#[async_trait::async_trait]
pub trait PresenceStore: Send + Sync + std::fmt::Debug {
    /// Records that `user_id` (a user row of `app_id`) has `status` on `resource`, and that its
    /// description is now `ext`.
    async fn publish_presence(
        &self,
        app_id: i64,
        user_id: i64,
        resource: &str,
        status: &str,
        ext: &str,
        now_ms: i64,
    ) -> StoreResult<()>;

    /// The published presence of each of `usernames` that published one, in no particular order.
    async fn presences(&self, app_id: i64, usernames: &[String]) -> StoreResult<Vec<Presence>>;

    /// Subscribes `subscriber_id` to each of `targets` until `expiry_ms` (an existing subscription gets
    /// the new expiry). Subscriptions that ended by `now_ms` are dropped first; when the subscriber would
    /// then have more than `max_subscriptions`, the ones that end soonest make room (never one of
    /// `targets`).
    async fn subscribe_presence(
        &self,
        app_id: i64,
        subscriber_id: i64,
        targets: &[String],
        expiry_ms: i64,
        now_ms: i64,
        max_subscriptions: u32,
    ) -> StoreResult<()>;

    /// Ends the subscriptions of `subscriber_id` to `targets` (unknown ones are ignored).
    async fn unsubscribe_presence(
        &self,
        app_id: i64,
        subscriber_id: i64,
        targets: &[String],
    ) -> StoreResult<()>;

    /// The subscriber's subscriptions in force at `now_ms`: how many, and `limit` of them after skipping
    /// `offset`, in the order they were first made.
    async fn presence_subscriptions(
        &self,
        app_id: i64,
        subscriber_id: i64,
        now_ms: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<(u64, Vec<PresenceSubscription>)>;
}
