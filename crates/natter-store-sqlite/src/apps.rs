//! The apps table.

use crate::{SqliteStore, backend};
use natter_core::{App, AppKey, AppName, NewApp, OrgName};
use natter_store::{AppStore, StoreError, StoreResult};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

const APP_COLUMNS: &str = "id, org, app, uuid, client_id, client_secret, rongcloud_app_key, \
                           rongcloud_app_secret, registration_open, max_users, created_at_ms";

fn app_from_row(row: &SqliteRow) -> StoreResult<App> {
    let corrupt =
        |error: natter_core::app::NameError| StoreError::Backend(format!("stored app name: {error}"));
    Ok(App {
        id: row.try_get("id").map_err(backend)?,
        key: AppKey {
            org: OrgName::parse(row.try_get::<String, _>("org").map_err(backend)?).map_err(corrupt)?,
            app: AppName::parse(row.try_get::<String, _>("app").map_err(backend)?).map_err(corrupt)?,
        },
        uuid: row.try_get("uuid").map_err(backend)?,
        client_id: row.try_get("client_id").map_err(backend)?,
        client_secret: row.try_get("client_secret").map_err(backend)?,
        rongcloud_app_key: row.try_get("rongcloud_app_key").map_err(backend)?,
        rongcloud_app_secret: row.try_get("rongcloud_app_secret").map_err(backend)?,
        registration_open: row.try_get("registration_open").map_err(backend)?,
        max_users: u64::try_from(row.try_get::<i64, _>("max_users").map_err(backend)?).unwrap_or(0),
        created_at_ms: row.try_get("created_at_ms").map_err(backend)?,
    })
}

#[async_trait::async_trait]
impl AppStore for SqliteStore {
    async fn create_app(&self, app: NewApp) -> StoreResult<App> {
        let row = sqlx::query(&format!(
            "INSERT INTO apps (org, app, uuid, client_id, client_secret, rongcloud_app_key, \
             rongcloud_app_secret, registration_open, max_users, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             RETURNING {APP_COLUMNS}"
        ))
        .bind(app.key.org.as_str())
        .bind(app.key.app.as_str())
        .bind(&app.uuid)
        .bind(&app.client_id)
        .bind(&app.client_secret)
        .bind(&app.rongcloud_app_key)
        .bind(&app.rongcloud_app_secret)
        .bind(app.registration_open)
        .bind(i64::try_from(app.max_users).unwrap_or(i64::MAX))
        .bind(app.created_at_ms)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        app_from_row(&row)
    }

    async fn app_by_key(&self, key: &AppKey) -> StoreResult<Option<App>> {
        // Every REST call looks its app up; app rows are never updated, so a found app stays valid. A miss
        // is not cached: `natter app create` may add the app from another process.
        let name = format!("{}#{}", key.org.as_str(), key.app.as_str());
        self.caches
            .apps
            .get_or_load(name, async {
                let row = sqlx::query(&format!(
                    "SELECT {APP_COLUMNS} FROM apps WHERE org = ? AND app = ?"
                ))
                .bind(key.org.as_str())
                .bind(key.app.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
                row.as_ref().map(app_from_row).transpose()
            })
            .await
    }

    async fn app_by_rongcloud_key(&self, rongcloud_app_key: &str) -> StoreResult<Option<App>> {
        self.caches
            .rongcloud_apps
            .get_or_load(rongcloud_app_key.to_owned(), async {
                let row = sqlx::query(&format!(
                    "SELECT {APP_COLUMNS} FROM apps WHERE rongcloud_app_key = ?"
                ))
                .bind(rongcloud_app_key)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
                row.as_ref().map(app_from_row).transpose()
            })
            .await
    }

    async fn list_apps(&self) -> StoreResult<Vec<App>> {
        let rows = sqlx::query(&format!("SELECT {APP_COLUMNS} FROM apps ORDER BY id"))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(app_from_row).collect()
    }
}
