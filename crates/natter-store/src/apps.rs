//! The apps (tenants) aggregate.

use crate::StoreResult;
use natter_core::{App, AppKey, NewApp};

/// Apps: created by operators (`natter app create`), read on every request to resolve `/{org}/{app}`.
#[async_trait::async_trait]
pub trait AppStore: Send + Sync + std::fmt::Debug {
    /// Stores a new app. An App Key, client id or RongCloud app key already in use is a
    /// [`crate::StoreError::Conflict`], and nothing is written.
    async fn create_app(&self, app: NewApp) -> StoreResult<App>;

    /// The app with this App Key, if any.
    async fn app_by_key(&self, key: &AppKey) -> StoreResult<Option<App>>;

    /// The app whose RongCloud `App-Key` is `rongcloud_app_key`, if any.
    async fn app_by_rongcloud_key(&self, rongcloud_app_key: &str) -> StoreResult<Option<App>>;

    /// Every app, oldest first.
    async fn list_apps(&self) -> StoreResult<Vec<App>>;
}
