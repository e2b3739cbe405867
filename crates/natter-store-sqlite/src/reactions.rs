//! The reaction tables of migration 0020: one row per (message, reaction), one per user who added it.

use crate::presence::placeholders;
use crate::{SqliteStore, backend};
use natter_store::{
    ReactionAdd, ReactionAdded, ReactionStore, ReactionSummary, ReactionUsers, StoreError, StoreResult,
};
use sqlx::Row;

fn message_key(message_id: u64) -> StoreResult<i64> {
    i64::try_from(message_id)
        .map_err(|_| StoreError::Backend(format!("message id {message_id} out of range")))
}

fn count_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

#[async_trait::async_trait]
impl ReactionStore for SqliteStore {
    async fn add_reaction(
        &self,
        app_id: i64,
        message_id: u64,
        reaction: &str,
        username: &str,
        max_reactions: u32,
        now_ms: i64,
    ) -> StoreResult<ReactionAdd> {
        let message = message_key(message_id)?;
        // One write transaction: the distinct-reaction count and the insert see the same message.
        let mut transaction = self.begin_write().await?;
        let existing = sqlx::query(
            "SELECT id, created_ms FROM message_reactions WHERE app_id = ? AND message_id = ? AND reaction = ?",
        )
        .bind(app_id)
        .bind(message)
        .bind(reaction)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        let (reaction_id, created_ms) = match existing {
            Some(row) => {
                let reaction_id: i64 = row.try_get("id").map_err(backend)?;
                let already: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM message_reaction_users WHERE reaction_id = ? AND username = ?",
                )
                .bind(reaction_id)
                .bind(username)
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
                if already.is_some() {
                    return Ok(ReactionAdd::AlreadyAdded);
                }
                sqlx::query("UPDATE message_reactions SET updated_ms = ? WHERE id = ?")
                    .bind(now_ms)
                    .bind(reaction_id)
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
                (reaction_id, row.try_get("created_ms").map_err(backend)?)
            }
            None => {
                let distinct: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM message_reactions WHERE app_id = ? AND message_id = ?",
                )
                .bind(app_id)
                .bind(message)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
                if distinct >= i64::from(max_reactions) {
                    return Ok(ReactionAdd::LimitReached);
                }
                let reaction_id: i64 = sqlx::query_scalar(
                    "INSERT INTO message_reactions (app_id, message_id, reaction, created_ms, updated_ms) \
                     VALUES (?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(app_id)
                .bind(message)
                .bind(reaction)
                .bind(now_ms)
                .bind(now_ms)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
                (reaction_id, now_ms)
            }
        };
        let add_id: i64 = sqlx::query_scalar(
            "INSERT INTO message_reaction_users (reaction_id, username, created_ms) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(reaction_id)
        .bind(username)
        .bind(now_ms)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(ReactionAdd::Added(ReactionAdded {
            add_id,
            reaction_id,
            created_ms,
            updated_ms: now_ms,
        }))
    }

    async fn remove_reaction(
        &self,
        app_id: i64,
        message_id: u64,
        reaction: &str,
        username: &str,
    ) -> StoreResult<bool> {
        let message = message_key(message_id)?;
        let mut transaction = self.begin_write().await?;
        let reaction_id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM message_reactions WHERE app_id = ? AND message_id = ? AND reaction = ?",
        )
        .bind(app_id)
        .bind(message)
        .bind(reaction)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        let Some(reaction_id) = reaction_id else {
            return Ok(false);
        };
        let removed =
            sqlx::query("DELETE FROM message_reaction_users WHERE reaction_id = ? AND username = ?")
                .bind(reaction_id)
                .bind(username)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?
                .rows_affected();
        if removed == 0 {
            return Ok(false);
        }
        sqlx::query(
            "DELETE FROM message_reactions WHERE id = ? \
             AND NOT EXISTS (SELECT 1 FROM message_reaction_users WHERE reaction_id = ?)",
        )
        .bind(reaction_id)
        .bind(reaction_id)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn reactions_of(
        &self,
        app_id: i64,
        message_ids: &[u64],
        username: &str,
        first_users: u32,
    ) -> StoreResult<Vec<ReactionSummary>> {
        if message_ids.is_empty() {
            return Ok(Vec::new());
        }
        let keys = message_ids
            .iter()
            .map(|id| message_key(*id))
            .collect::<StoreResult<Vec<_>>>()?;
        let sql = format!(
            "SELECT r.id, r.message_id, r.reaction, \
                 (SELECT COUNT(*) FROM message_reaction_users WHERE reaction_id = r.id) AS count, \
                 EXISTS (SELECT 1 FROM message_reaction_users WHERE reaction_id = r.id AND username = ?) AS mine \
             FROM message_reactions r WHERE r.app_id = ? AND r.message_id IN ({}) ORDER BY r.id",
            placeholders(keys.len())
        );
        let mut query = sqlx::query(&sql).bind(username).bind(app_id);
        for key in &keys {
            query = query.bind(key);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(backend)?;
        let mut summaries = Vec::with_capacity(rows.len());
        for row in rows {
            let reaction_id: i64 = row.try_get("id").map_err(backend)?;
            let message: i64 = row.try_get("message_id").map_err(backend)?;
            let users: Vec<String> = sqlx::query_scalar(
                "SELECT username FROM message_reaction_users WHERE reaction_id = ? ORDER BY id LIMIT ?",
            )
            .bind(reaction_id)
            .bind(i64::from(first_users))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
            summaries.push(ReactionSummary {
                message_id: u64::try_from(message).unwrap_or(0),
                reaction_id,
                reaction: row.try_get("reaction").map_err(backend)?,
                count: count_of(row.try_get("count").map_err(backend)?),
                state: row.try_get("mine").map_err(backend)?,
                users,
            });
        }
        // Messages in the order asked for, reactions within each in creation order.
        summaries.sort_by_key(|summary| {
            message_ids
                .iter()
                .position(|id| *id == summary.message_id)
                .unwrap_or(usize::MAX)
        });
        Ok(summaries)
    }

    async fn reaction_users(
        &self,
        app_id: i64,
        message_id: u64,
        reaction: &str,
        username: &str,
        after: Option<i64>,
        limit: u32,
    ) -> StoreResult<Option<ReactionUsers>> {
        let message = message_key(message_id)?;
        let row = sqlx::query(
            "SELECT r.id, \
                 (SELECT COUNT(*) FROM message_reaction_users WHERE reaction_id = r.id) AS count, \
                 EXISTS (SELECT 1 FROM message_reaction_users WHERE reaction_id = r.id AND username = ?) AS mine \
             FROM message_reactions r WHERE r.app_id = ? AND r.message_id = ? AND r.reaction = ?",
        )
        .bind(username)
        .bind(app_id)
        .bind(message)
        .bind(reaction)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let reaction_id: i64 = row.try_get("id").map_err(backend)?;
        let users = sqlx::query(
            "SELECT id, username FROM message_reaction_users WHERE reaction_id = ? AND id > ? ORDER BY id LIMIT ?",
        )
        .bind(reaction_id)
        .bind(after.unwrap_or(0))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| Ok((row.try_get("id").map_err(backend)?, row.try_get("username").map_err(backend)?)))
        .collect::<StoreResult<Vec<(i64, String)>>>()?;
        Ok(Some(ReactionUsers {
            reaction_id,
            count: count_of(row.try_get("count").map_err(backend)?),
            state: row.try_get("mine").map_err(backend)?,
            users,
        }))
    }
}
