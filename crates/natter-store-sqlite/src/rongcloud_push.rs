//! The `rongcloud_pushes` table, and push audiences over `rongcloud_user_tags` and `push_bindings`.

use crate::users::{USER_COLUMNS, user_from_row};
use crate::{SqliteStore, backend};
use natter_core::User;
use natter_store::{
    PushAudience, RongCloudPush, RongCloudPushKind, RongCloudPushStore, StoreError, StoreResult,
};
use sqlx::Row;

/// `?, ?, …` for `count` values.
fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}

#[async_trait::async_trait]
impl RongCloudPushStore for SqliteStore {
    async fn record_rongcloud_push(&self, app_id: i64, push: RongCloudPush) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO rongcloud_pushes \
             (app_id, push_id, kind, request, recipients, messages, created_ms) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(app_id)
        .bind(&push.push_id)
        .bind(push.kind.as_str())
        .bind(&push.request)
        .bind(i64::try_from(push.recipients).unwrap_or(i64::MAX))
        .bind(i64::try_from(push.messages).unwrap_or(i64::MAX))
        .bind(push.created_ms)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn rongcloud_push(&self, app_id: i64, push_id: &str) -> StoreResult<Option<RongCloudPush>> {
        let row = sqlx::query(
            "SELECT push_id, kind, request, recipients, messages, created_ms FROM rongcloud_pushes \
             WHERE app_id = ? AND push_id = ?",
        )
        .bind(app_id)
        .bind(push_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let kind: String = row.try_get("kind").map_err(backend)?;
        let recipients: i64 = row.try_get("recipients").map_err(backend)?;
        let messages: i64 = row.try_get("messages").map_err(backend)?;
        Ok(Some(RongCloudPush {
            push_id: row.try_get("push_id").map_err(backend)?,
            kind: RongCloudPushKind::parse(&kind)
                .ok_or_else(|| StoreError::Backend(format!("stored push kind {kind:?} is invalid")))?,
            request: row.try_get("request").map_err(backend)?,
            recipients: u64::try_from(recipients).unwrap_or(0),
            messages: u64::try_from(messages).unwrap_or(0),
            created_ms: row.try_get("created_ms").map_err(backend)?,
        }))
    }

    async fn push_audience(
        &self,
        app_id: i64,
        audience: &PushAudience,
        after_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<User>> {
        let mut all_tags = audience.all_tags.clone();
        all_tags.sort();
        all_tags.dedup();
        let mut sql = format!("SELECT {USER_COLUMNS} FROM users WHERE app_id = ? AND id > ?");
        if !all_tags.is_empty() {
            sql.push_str(&format!(
                " AND id IN (SELECT user_id FROM rongcloud_user_tags WHERE tag IN ({}) \
                 GROUP BY user_id HAVING COUNT(DISTINCT tag) = ?)",
                placeholders(all_tags.len())
            ));
        }
        if !audience.any_tags.is_empty() {
            sql.push_str(&format!(
                " AND id IN (SELECT user_id FROM rongcloud_user_tags WHERE tag IN ({}))",
                placeholders(audience.any_tags.len())
            ));
        }
        if audience.notifier_name.is_some() {
            sql.push_str(" AND id IN (SELECT user_id FROM push_bindings WHERE notifier_name = ?)");
        }
        sql.push_str(" ORDER BY id LIMIT ?");
        let mut query = sqlx::query(&sql).bind(app_id).bind(after_id.unwrap_or(0));
        if !all_tags.is_empty() {
            for tag in &all_tags {
                query = query.bind(tag);
            }
            query = query.bind(i64::try_from(all_tags.len()).unwrap_or(i64::MAX));
        }
        for tag in &audience.any_tags {
            query = query.bind(tag);
        }
        if let Some(notifier_name) = &audience.notifier_name {
            query = query.bind(notifier_name);
        }
        let rows = query.bind(limit).fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(user_from_row).collect()
    }
}
