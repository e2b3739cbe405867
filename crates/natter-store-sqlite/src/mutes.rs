//! The user_mutes table.

use crate::{SqliteStore, backend};
use natter_core::UserName;
use natter_store::{Mute, MuteScope, MuteStore, MuteUntil, StoreError, StoreResult};
use sqlx::Row;

const FOREVER: i64 = -1;

fn scope_from(text: &str) -> StoreResult<MuteScope> {
    MuteScope::ALL
        .into_iter()
        .find(|scope| scope.as_str() == text)
        .ok_or_else(|| StoreError::Backend(format!("stored mute scope {text:?}")))
}

fn mute_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Mute> {
    let username: String = row.try_get("username").map_err(backend)?;
    let scope: String = row.try_get("scope").map_err(backend)?;
    let until_ms: i64 = row.try_get("until_ms").map_err(backend)?;
    Ok(Mute {
        username: UserName::lookup(&username)
            .ok_or_else(|| StoreError::Backend(format!("stored user {username:?}")))?,
        scope: scope_from(&scope)?,
        until: if until_ms == FOREVER {
            MuteUntil::Forever
        } else {
            MuteUntil::At(until_ms)
        },
    })
}

#[async_trait::async_trait]
impl MuteStore for SqliteStore {
    async fn set_mutes(
        &self,
        app_id: i64,
        username: &UserName,
        changes: &[(MuteScope, Option<MuteUntil>)],
    ) -> StoreResult<bool> {
        // IMMEDIATE: the transaction reads the user, then writes. A deferred one would hold a read snapshot
        // that SQLite cannot upgrade once another connection has written (SQLITE_BUSY at once, no busy
        // wait): two concurrent mutes would fail with a 500.
        let mut transaction = self.begin_write().await?;
        let user_id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE app_id = ? AND username = ?")
                .bind(app_id)
                .bind(username.as_str())
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
        let Some(user_id) = user_id else {
            return Ok(false);
        };
        for (scope, until) in changes {
            match until {
                None => {
                    sqlx::query("DELETE FROM user_mutes WHERE user_id = ? AND scope = ?")
                        .bind(user_id)
                        .bind(scope.as_str())
                        .execute(&mut *transaction)
                        .await
                        .map_err(backend)?;
                }
                Some(until) => {
                    let until_ms = match until {
                        MuteUntil::Forever => FOREVER,
                        MuteUntil::At(at) => *at,
                    };
                    sqlx::query(
                        "INSERT INTO user_mutes (user_id, scope, until_ms) VALUES (?, ?, ?) \
                         ON CONFLICT (user_id, scope) DO UPDATE SET until_ms = excluded.until_ms",
                    )
                    .bind(user_id)
                    .bind(scope.as_str())
                    .bind(until_ms)
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
                }
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn user_mutes(&self, app_id: i64, username: &UserName, now_ms: i64) -> StoreResult<Vec<Mute>> {
        let rows = sqlx::query(
            "SELECT u.username, m.scope, m.until_ms FROM user_mutes m JOIN users u ON u.id = m.user_id \
             WHERE u.app_id = ? AND u.username = ? AND (m.until_ms = -1 OR m.until_ms > ?) ORDER BY m.scope",
        )
        .bind(app_id)
        .bind(username.as_str())
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(mute_from_row).collect()
    }

    async fn list_mutes(&self, app_id: i64, now_ms: i64, offset: u32, limit: u32) -> StoreResult<Vec<Mute>> {
        let rows = sqlx::query(
            "SELECT u.username, m.scope, m.until_ms FROM user_mutes m JOIN users u ON u.id = m.user_id \
             WHERE u.app_id = ? AND (m.until_ms = -1 OR m.until_ms > ?) ORDER BY u.id, m.scope LIMIT ? OFFSET ?",
        )
        .bind(app_id)
        .bind(now_ms)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(mute_from_row).collect()
    }
}
