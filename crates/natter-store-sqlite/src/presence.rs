//! The presence tables of migration 0020: published statuses per device, descriptions, subscriptions.

use crate::{SqliteStore, backend};
use natter_store::{Presence, PresenceStore, PresenceSubscription, StoreResult};
use sqlx::Row;
use std::collections::BTreeMap;

/// `?, ?, …` for an `IN` list of `count` values (callers never pass an empty list).
pub(crate) fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}

#[async_trait::async_trait]
impl PresenceStore for SqliteStore {
    async fn publish_presence(
        &self,
        _app_id: i64,
        user_id: i64,
        resource: &str,
        status: &str,
        ext: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO presence_users (user_id, ext, last_ms) VALUES (?, ?, ?) \
             ON CONFLICT (user_id) DO UPDATE SET ext = excluded.ext, last_ms = excluded.last_ms",
        )
        .bind(user_id)
        .bind(ext)
        .bind(now_ms)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        sqlx::query(
            "INSERT INTO presence_devices (user_id, resource, status) VALUES (?, ?, ?) \
             ON CONFLICT (user_id, resource) DO UPDATE SET status = excluded.status",
        )
        .bind(user_id)
        .bind(resource)
        .bind(status)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)
    }

    async fn presences(&self, app_id: i64, usernames: &[String]) -> StoreResult<Vec<Presence>> {
        if usernames.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT u.username, p.ext, p.last_ms, d.resource, d.status \
             FROM users u JOIN presence_users p ON p.user_id = u.id \
             LEFT JOIN presence_devices d ON d.user_id = u.id \
             WHERE u.app_id = ? AND u.username IN ({}) \
             ORDER BY u.username, d.resource",
            placeholders(usernames.len())
        );
        let mut query = sqlx::query(&sql).bind(app_id);
        for name in usernames {
            query = query.bind(name);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(backend)?;
        let mut presences: BTreeMap<String, Presence> = BTreeMap::new();
        for row in rows {
            let username: String = row.try_get("username").map_err(backend)?;
            let ext: String = row.try_get("ext").map_err(backend)?;
            let last_ms: i64 = row.try_get("last_ms").map_err(backend)?;
            let resource: Option<String> = row.try_get("resource").map_err(backend)?;
            let status: Option<String> = row.try_get("status").map_err(backend)?;
            let presence = presences.entry(username.clone()).or_insert_with(|| Presence {
                username,
                ext,
                last_ms,
                statuses: Vec::new(),
            });
            if let (Some(resource), Some(status)) = (resource, status) {
                presence.statuses.push((resource, status));
            }
        }
        Ok(presences.into_values().collect())
    }

    async fn subscribe_presence(
        &self,
        _app_id: i64,
        subscriber_id: i64,
        targets: &[String],
        expiry_ms: i64,
        now_ms: i64,
        max_subscriptions: u32,
    ) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("DELETE FROM presence_subscriptions WHERE subscriber_id = ? AND expiry_ms <= ?")
            .bind(subscriber_id)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        for target in targets {
            sqlx::query(
                "INSERT INTO presence_subscriptions (subscriber_id, target, expiry_ms) VALUES (?, ?, ?) \
                 ON CONFLICT (subscriber_id, target) DO UPDATE SET expiry_ms = excluded.expiry_ms",
            )
            .bind(subscriber_id)
            .bind(target)
            .bind(expiry_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        // Over the cap, the subscriptions that end soonest (other than the ones just made) make room.
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM presence_subscriptions WHERE subscriber_id = ?")
                .bind(subscriber_id)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
        let excess = count - i64::from(max_subscriptions);
        if excess > 0 && !targets.is_empty() {
            let sql = format!(
                "DELETE FROM presence_subscriptions WHERE id IN ( \
                     SELECT id FROM presence_subscriptions WHERE subscriber_id = ? AND target NOT IN ({}) \
                     ORDER BY expiry_ms, id LIMIT ?)",
                placeholders(targets.len())
            );
            let mut query = sqlx::query(&sql).bind(subscriber_id);
            for target in targets {
                query = query.bind(target);
            }
            query
                .bind(excess)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)
    }

    async fn unsubscribe_presence(
        &self,
        _app_id: i64,
        subscriber_id: i64,
        targets: &[String],
    ) -> StoreResult<()> {
        if targets.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "DELETE FROM presence_subscriptions WHERE subscriber_id = ? AND target IN ({})",
            placeholders(targets.len())
        );
        let mut query = sqlx::query(&sql).bind(subscriber_id);
        for target in targets {
            query = query.bind(target);
        }
        query.execute(&self.pool).await.map_err(backend)?;
        Ok(())
    }

    async fn presence_subscriptions(
        &self,
        _app_id: i64,
        subscriber_id: i64,
        now_ms: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<(u64, Vec<PresenceSubscription>)> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM presence_subscriptions WHERE subscriber_id = ? AND expiry_ms > ?",
        )
        .bind(subscriber_id)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        let rows = sqlx::query(
            "SELECT target, expiry_ms FROM presence_subscriptions WHERE subscriber_id = ? AND expiry_ms > ? \
             ORDER BY id LIMIT ? OFFSET ?",
        )
        .bind(subscriber_id)
        .bind(now_ms)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let subscriptions = rows
            .iter()
            .map(|row| {
                Ok(PresenceSubscription {
                    target: row.try_get("target").map_err(backend)?,
                    expiry_ms: row.try_get("expiry_ms").map_err(backend)?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((u64::try_from(total).unwrap_or(0), subscriptions))
    }
}
