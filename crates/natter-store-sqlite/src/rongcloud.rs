//! The rongcloud_portraits, rongcloud_bans and rongcloud_whitelists tables.
//!
//! A timed ban writes the shared ban flag (`users.activated`) and its deadline in one transaction, so that
//! no reader sees a ban without its deadline or a deadline for a user who is not banned by it. Every write
//! transaction starts with a write statement, which takes SQLite's write lock at once: a transaction that
//! read first could fail to upgrade its snapshot when another writer commits in between.

use crate::{SqliteStore, backend};
use natter_core::UserName;
use natter_store::{LiftedBan, RongCloudStore, StoreError, StoreResult, TimedBan};
use sqlx::Row;

fn stored_name(username: String) -> StoreResult<UserName> {
    UserName::lookup(&username)
        .ok_or_else(|| StoreError::Backend(format!("stored user id {username:?} is invalid")))
}

#[async_trait::async_trait]
impl RongCloudStore for SqliteStore {
    async fn rongcloud_portrait(&self, user_id: i64) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT portrait_uri FROM rongcloud_portraits WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    async fn set_rongcloud_portrait(&self, user_id: i64, portrait_uri: Option<&str>) -> StoreResult<()> {
        let query = match portrait_uri {
            Some(portrait_uri) => sqlx::query(
                "INSERT INTO rongcloud_portraits (user_id, portrait_uri) VALUES (?, ?) \
                 ON CONFLICT (user_id) DO UPDATE SET portrait_uri = excluded.portrait_uri",
            )
            .bind(user_id)
            .bind(portrait_uri),
            None => sqlx::query("DELETE FROM rongcloud_portraits WHERE user_id = ?").bind(user_id),
        };
        query.execute(&self.pool).await.map_err(backend)?;
        Ok(())
    }

    async fn ban_users_until(
        &self,
        app_id: i64,
        user_ids: &[i64],
        until_ms: i64,
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        for user_id in user_ids {
            // `tokens_valid_after_ms` stays: a timed ban refuses tokens while it holds (the flag) and lets
            // them work again when it lifts.
            let banned =
                sqlx::query("UPDATE users SET activated = 0, modified_ms = ? WHERE id = ? AND app_id = ?")
                    .bind(now_ms)
                    .bind(user_id)
                    .bind(app_id)
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
            if banned.rows_affected() == 0 {
                continue;
            }
            sqlx::query(
                "INSERT INTO rongcloud_bans (user_id, until_ms) VALUES (?, ?) \
                 ON CONFLICT (user_id) DO UPDATE SET until_ms = excluded.until_ms",
            )
            .bind(user_id)
            .bind(until_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        // `activated` changed: the cached users are stale.
        self.caches.users.clear();
        Ok(())
    }

    async fn lift_bans(&self, app_id: i64, user_ids: &[i64], now_ms: i64) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        for user_id in user_ids {
            // Only a user of this app: the deadline row has no app of its own.
            sqlx::query(
                "DELETE FROM rongcloud_bans WHERE user_id = ? AND user_id IN (SELECT id FROM users WHERE app_id = ?)",
            )
            .bind(user_id)
            .bind(app_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            sqlx::query(
                "UPDATE users SET activated = 1, modified_ms = ? WHERE id = ? AND app_id = ? AND activated = 0",
            )
            .bind(now_ms)
            .bind(user_id)
            .bind(app_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        // `activated` changed: the cached users are stale.
        self.caches.users.clear();
        Ok(())
    }

    async fn timed_bans(&self, app_id: i64) -> StoreResult<Vec<TimedBan>> {
        let rows = sqlx::query(
            "SELECT users.username, rongcloud_bans.until_ms \
             FROM rongcloud_bans JOIN users ON users.id = rongcloud_bans.user_id \
             WHERE users.app_id = ? AND users.activated = 0 \
             ORDER BY rongcloud_bans.until_ms, users.username",
        )
        .bind(app_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(TimedBan {
                    username: stored_name(row.try_get("username").map_err(backend)?)?,
                    until_ms: row.try_get("until_ms").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn lift_expired_bans(&self, now_ms: i64) -> StoreResult<Vec<LiftedBan>> {
        let mut transaction = self.begin_write().await?;
        let expired: Vec<i64> =
            sqlx::query_scalar("DELETE FROM rongcloud_bans WHERE until_ms <= ? RETURNING user_id")
                .bind(now_ms)
                .fetch_all(&mut *transaction)
                .await
                .map_err(backend)?;
        let mut lifted = Vec::with_capacity(expired.len());
        for user_id in expired {
            // A user unbanned meanwhile (through either door) has nothing left to lift.
            let row = sqlx::query(
                "UPDATE users SET activated = 1, modified_ms = ? WHERE id = ? AND activated = 0 \
                 RETURNING app_id, username",
            )
            .bind(now_ms)
            .bind(user_id)
            .fetch_optional(&mut *transaction)
            .await
            .map_err(backend)?;
            if let Some(row) = row {
                lifted.push(LiftedBan {
                    app_id: row.try_get("app_id").map_err(backend)?,
                    username: stored_name(row.try_get("username").map_err(backend)?)?,
                });
            }
        }
        transaction.commit().await.map_err(backend)?;
        self.caches.users.clear();
        Ok(lifted)
    }

    async fn next_ban_deadline(&self) -> StoreResult<Option<i64>> {
        sqlx::query_scalar("SELECT MIN(until_ms) FROM rongcloud_bans")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn whitelist_add(
        &self,
        owner_id: i64,
        user_ids: &[i64],
        max_users: u32,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let mut transaction = self.begin_write().await?;
        let mut inserted = false;
        for user_id in user_ids {
            let result = sqlx::query(
                "INSERT OR IGNORE INTO rongcloud_whitelists (owner_id, allowed_id, created_ms) VALUES (?, ?, ?)",
            )
            .bind(owner_id)
            .bind(user_id)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            inserted |= result.rows_affected() > 0;
        }
        if inserted {
            let count: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM rongcloud_whitelists WHERE owner_id = ?")
                    .bind(owner_id)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(backend)?;
            if count > i64::from(max_users) {
                transaction.rollback().await.map_err(backend)?;
                return Ok(false);
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn whitelist_remove(&self, owner_id: i64, user_ids: &[i64]) -> StoreResult<u64> {
        let mut transaction = self.begin_write().await?;
        let mut removed = 0;
        for user_id in user_ids {
            removed += sqlx::query("DELETE FROM rongcloud_whitelists WHERE owner_id = ? AND allowed_id = ?")
                .bind(owner_id)
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?
                .rows_affected();
        }
        transaction.commit().await.map_err(backend)?;
        Ok(removed)
    }

    async fn whitelist(&self, owner_id: i64) -> StoreResult<Vec<UserName>> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT users.username FROM rongcloud_whitelists \
             JOIN users ON users.id = rongcloud_whitelists.allowed_id \
             WHERE rongcloud_whitelists.owner_id = ? ORDER BY rongcloud_whitelists.id",
        )
        .bind(owner_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        names.into_iter().map(stored_name).collect()
    }
}
