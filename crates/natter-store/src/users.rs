//! The users aggregate.

use crate::StoreResult;
use natter_core::{NewUser, User, UserName};

/// Users of an app. Every call is scoped to one app (`app_id`): apps never see each other's users.
#[async_trait::async_trait]
pub trait UserStore: Send + Sync + std::fmt::Debug {
    /// Creates every user of `users`, or none: a user ID that exists already (or appears twice) is a
    /// [`crate::StoreError::Conflict`], going over the app's `max_users` is a
    /// [`crate::StoreError::LimitExceeded`], and in both cases nothing is written.
    async fn create_users(&self, app_id: i64, users: Vec<NewUser>) -> StoreResult<Vec<User>>;

    /// The user with this ID.
    async fn user_by_name(&self, app_id: i64, username: &UserName) -> StoreResult<Option<User>>;

    /// Up to `limit` users created after the user with row id `after_id` (all, from the oldest, when
    /// `None`), oldest first.
    async fn list_users(&self, app_id: i64, after_id: Option<i64>, limit: u32) -> StoreResult<Vec<User>>;

    /// Deletes a user and returns it as it was.
    async fn delete_user(&self, app_id: i64, username: &UserName) -> StoreResult<Option<User>>;

    /// Deletes the `limit` oldest users and returns them.
    async fn delete_oldest_users(&self, app_id: i64, limit: u32) -> StoreResult<Vec<User>>;

    /// Replaces the password hash and voids every token issued before `now_ms`.
    async fn set_password(
        &self,
        app_id: i64,
        username: &UserName,
        password_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<User>>;

    /// Bans (`false`) or unbans (`true`) a user. A ban voids every token issued before `now_ms`.
    async fn set_activated(
        &self,
        app_id: i64,
        username: &UserName,
        activated: bool,
        now_ms: i64,
    ) -> StoreResult<Option<User>>;

    /// Sets or clears the push nickname.
    async fn set_nickname(
        &self,
        app_id: i64,
        username: &UserName,
        nickname: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<Option<User>>;

    /// How many users the app has.
    async fn count_users(&self, app_id: i64) -> StoreResult<u64>;
}
