//! The user-attributes aggregate (用户属性, Easemob `metadata/user`): free-form key/value pairs per user,
//! with a size budget per user and per app.
//!
//! How size is counted (the same rule for the per-user limit, the per-app limit and the app's capacity):
//! one attribute weighs the UTF-8 byte length of its name plus the UTF-8 byte length of its value, with
//! nothing added for separators or encoding; a user's size is the sum over its stored attributes, and an
//! app's size is the sum over all of its users. The vendor documents "2 KB per user" and "10 GB per app"
//! without saying how it counts; we read KB and GB as binary (2048 bytes, 10 × 2³⁰ bytes) and count what
//! is stored, not the request body (whose form encoding would inflate non-ASCII text threefold).

use crate::StoreResult;
use natter_core::UserName;
use std::collections::{BTreeMap, HashMap};

/// The default size budget of one user's attributes: 2 KB.
pub const DEFAULT_USER_ATTRIBUTE_BYTES: u64 = 2 * 1024;

/// The default size budget of all user attributes of one app: 10 GB. Raised or lowered per app through
/// [`AttributeSettings::app_limit_bytes`], as the vendor does on request.
pub const DEFAULT_APP_ATTRIBUTE_BYTES: u64 = 10 * 1024 * 1024 * 1024;

/// One user's attributes, by name.
pub type Attributes = BTreeMap<String, String>;

/// The weight of one attribute under the counting rule of this module.
pub fn attribute_bytes(name: &str, value: &str) -> u64 {
    (name.len() + value.len()) as u64
}

/// The per-app switches and budgets of the user-attribute service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttributeSettings {
    /// `false`: every attribute call is refused (the vendor's "service not allow").
    pub enabled: bool,
    /// Budget of one user's attributes, in bytes.
    pub user_limit_bytes: u64,
    /// Budget of the whole app's attributes, in bytes.
    pub app_limit_bytes: u64,
}

impl Default for AttributeSettings {
    fn default() -> AttributeSettings {
        AttributeSettings {
            enabled: true,
            user_limit_bytes: DEFAULT_USER_ATTRIBUTE_BYTES,
            app_limit_bytes: DEFAULT_APP_ATTRIBUTE_BYTES,
        }
    }
}

/// What became of a [`AttributeStore::set_attributes`] call. Every outcome but `Written` wrote nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeWrite {
    /// The pairs are stored.
    Written,
    /// No such user in the app.
    UserMissing,
    /// The user's attributes would weigh `bytes`, over the user budget.
    UserLimitExceeded { bytes: u64 },
    /// The app's attributes would weigh `bytes`, over the app budget.
    AppLimitExceeded { bytes: u64 },
    /// Another writer held the store for longer than the backend waits for it.
    Contended,
}

/// User attributes of an app. Every call is scoped to one app (`app_id`); deleting a user deletes its
/// attributes.
#[async_trait::async_trait]
pub trait AttributeStore: Send + Sync + std::fmt::Debug {
    /// The app's settings; [`AttributeSettings::default`] for an app that has none stored.
    async fn attribute_settings(&self, app_id: i64) -> StoreResult<AttributeSettings>;

    /// Replaces the app's settings.
    async fn set_attribute_settings(&self, app_id: i64, settings: AttributeSettings) -> StoreResult<()>;

    /// Sets `pairs` on the user (other attributes stay as they are), in one atomic step: concurrent calls
    /// for the same user never lose each other's keys. A budget is exceeded when the size after the write
    /// is over the limit *and* larger than before, so a user or app already over a lowered limit may still
    /// shrink. A refused write writes nothing.
    async fn set_attributes(
        &self,
        app_id: i64,
        username: &UserName,
        pairs: &[(String, String)],
        limits: AttributeSettings,
    ) -> StoreResult<AttributeWrite>;

    /// All of the user's attributes; empty for a user without any, or without existence.
    async fn attributes(&self, app_id: i64, username: &UserName) -> StoreResult<Attributes>;

    /// The attributes of several users, only the names in `names` (all when `None`). Users with no
    /// matching attribute are absent from the map.
    async fn attributes_of(
        &self,
        app_id: i64,
        usernames: &[UserName],
        names: Option<&[String]>,
    ) -> StoreResult<HashMap<UserName, Attributes>>;

    /// Deletes all of the user's attributes; `true` when there were any.
    async fn delete_attributes(&self, app_id: i64, username: &UserName) -> StoreResult<bool>;

    /// The size of all of the app's attributes, in bytes.
    async fn attribute_usage(&self, app_id: i64) -> StoreResult<u64>;
}
