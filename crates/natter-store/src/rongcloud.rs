//! What only the RongCloud door keeps about users: the portrait URI, the deadlines of timed bans
//! (`/user/block.json`), and whitelists (白名单).
//!
//! The users themselves, their names (the push nickname), their ban flag and their blocklists are the ones
//! every door shares ([`crate::UserStore`], [`crate::ContactStore`]): one app has one user base. Users are
//! named by row id ([`natter_core::User::id`]) except where a call spans the app; deleting a user removes
//! everything here that names it.

use crate::StoreResult;
use natter_core::UserName;

/// A user banned until a deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedBan {
    pub username: UserName,
    /// When the ban lifts itself, Unix ms.
    pub until_ms: i64,
}

/// A timed ban that has run out and was lifted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiftedBan {
    pub app_id: i64,
    pub username: UserName,
}

/// The RongCloud-only user data.
#[async_trait::async_trait]
pub trait RongCloudStore: Send + Sync + std::fmt::Debug {
    /// The user's portrait URI (`portraitUri`), if one was set.
    async fn rongcloud_portrait(&self, user_id: i64) -> StoreResult<Option<String>>;

    /// Sets (or, with `None`, clears) the user's portrait URI.
    async fn set_rongcloud_portrait(&self, user_id: i64, portrait_uri: Option<&str>) -> StoreResult<()>;

    /// Bans every user of `user_ids` (of app `app_id`) until `until_ms`, replacing earlier deadlines, in one
    /// write. The ban is the shared one (the user is deactivated for every door) but, unlike a permanent
    /// ban, it voids no token: when it lifts, the user's tokens work again, as RongCloud's do.
    async fn ban_users_until(
        &self,
        app_id: i64,
        user_ids: &[i64],
        until_ms: i64,
        now_ms: i64,
    ) -> StoreResult<()>;

    /// Lifts the ban of every user of `user_ids` (timed or permanent) and forgets their deadlines.
    async fn lift_bans(&self, app_id: i64, user_ids: &[i64], now_ms: i64) -> StoreResult<()>;

    /// The app's timed bans that still hold (the user is still banned), soonest deadline first.
    async fn timed_bans(&self, app_id: i64) -> StoreResult<Vec<TimedBan>>;

    /// Lifts every timed ban, of every app, whose deadline is at or before `now_ms`, and returns them. A
    /// deadline whose user was unbanned meanwhile is forgotten without being reported.
    async fn lift_expired_bans(&self, now_ms: i64) -> StoreResult<Vec<LiftedBan>>;

    /// The earliest deadline of any timed ban, of any app.
    async fn next_ban_deadline(&self) -> StoreResult<Option<i64>>;

    /// Puts every user of `user_ids` on `owner_id`'s whitelist (users already on it stay). `false`, and
    /// nothing written, if the list would then hold more than `max_users` users.
    async fn whitelist_add(
        &self,
        owner_id: i64,
        user_ids: &[i64],
        max_users: u32,
        now_ms: i64,
    ) -> StoreResult<bool>;

    /// Takes every user of `user_ids` off `owner_id`'s whitelist; returns how many were on it.
    async fn whitelist_remove(&self, owner_id: i64, user_ids: &[i64]) -> StoreResult<u64>;

    /// `owner_id`'s whitelist, in the order the users were added.
    async fn whitelist(&self, owner_id: i64) -> StoreResult<Vec<UserName>>;
}
