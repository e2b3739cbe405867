//! The conversation_flags table of migration 0020: the SDK's pinned conversations and marks.

use crate::{SqliteStore, backend};
use natter_store::{ConversationFlagStore, ConversationFlags, PinnedMessage, StoreError, StoreResult};
use sqlx::Row;

#[async_trait::async_trait]
impl ConversationFlagStore for SqliteStore {
    async fn set_pinned(
        &self,
        app_id: i64,
        username: &str,
        conversation: &str,
        pinned_ms: Option<i64>,
    ) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO conversation_flags (app_id, username, conversation, pinned_ms) VALUES (?, ?, ?, ?) \
             ON CONFLICT (app_id, username, conversation) DO UPDATE SET pinned_ms = excluded.pinned_ms",
        )
        .bind(app_id)
        .bind(username)
        .bind(conversation)
        .bind(pinned_ms)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        clear_empty(&mut transaction, app_id, username).await?;
        transaction.commit().await.map_err(backend)
    }

    async fn set_mark(
        &self,
        app_id: i64,
        username: &str,
        conversations: &[String],
        mark: u8,
        on: bool,
    ) -> StoreResult<()> {
        let bit = 1i64 << (mark % 32);
        let mut transaction = self.begin_write().await?;
        for conversation in conversations {
            let sql = if on {
                "INSERT INTO conversation_flags (app_id, username, conversation, marks) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (app_id, username, conversation) DO UPDATE SET marks = marks | excluded.marks"
            } else {
                "INSERT INTO conversation_flags (app_id, username, conversation, marks) VALUES (?, ?, ?, 0) \
                 ON CONFLICT (app_id, username, conversation) DO UPDATE SET marks = marks & ~?4"
            };
            sqlx::query(sql)
                .bind(app_id)
                .bind(username)
                .bind(conversation)
                .bind(bit)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        clear_empty(&mut transaction, app_id, username).await?;
        transaction.commit().await.map_err(backend)
    }

    async fn conversation_flags(&self, app_id: i64, username: &str) -> StoreResult<Vec<ConversationFlags>> {
        sqlx::query(
            "SELECT conversation, pinned_ms, marks FROM conversation_flags WHERE app_id = ? AND username = ? \
             ORDER BY conversation",
        )
        .bind(app_id)
        .bind(username)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            let marks: i64 = row.try_get("marks").map_err(backend)?;
            Ok(ConversationFlags {
                conversation: row.try_get("conversation").map_err(backend)?,
                pinned_ms: row.try_get("pinned_ms").map_err(backend)?,
                marks: u32::try_from(marks).unwrap_or(0),
            })
        })
        .collect()
    }

    async fn pin_message(
        &self,
        app_id: i64,
        conversation: &str,
        message_id: u64,
        operator: &str,
        pinned_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO pinned_messages (app_id, conversation, message_id, operator, pinned_ms) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_id, conversation, message_id) \
             DO UPDATE SET operator = excluded.operator, pinned_ms = excluded.pinned_ms",
        )
        .bind(app_id)
        .bind(conversation)
        .bind(message_key(message_id)?)
        .bind(operator)
        .bind(pinned_ms)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn unpin_message(&self, app_id: i64, conversation: &str, message_id: u64) -> StoreResult<bool> {
        let removed = sqlx::query(
            "DELETE FROM pinned_messages WHERE app_id = ? AND conversation = ? AND message_id = ?",
        )
        .bind(app_id)
        .bind(conversation)
        .bind(message_key(message_id)?)
        .execute(&self.pool)
        .await
        .map_err(backend)?
        .rows_affected();
        Ok(removed > 0)
    }

    async fn pinned_messages(
        &self,
        app_id: i64,
        conversation: &str,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<PinnedMessage>> {
        sqlx::query(
            "SELECT message_id, operator, pinned_ms FROM pinned_messages WHERE app_id = ? AND conversation = ? \
             ORDER BY pinned_ms DESC, message_id DESC LIMIT ? OFFSET ?",
        )
        .bind(app_id)
        .bind(conversation)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            let message_id: i64 = row.try_get("message_id").map_err(backend)?;
            Ok(PinnedMessage {
                message_id: u64::try_from(message_id)
                    .map_err(|_| StoreError::Backend(format!("stored message id {message_id}")))?,
                operator: row.try_get("operator").map_err(backend)?,
                pinned_ms: row.try_get("pinned_ms").map_err(backend)?,
            })
        })
        .collect()
    }
}

fn message_key(message_id: u64) -> StoreResult<i64> {
    i64::try_from(message_id)
        .map_err(|_| StoreError::Backend(format!("message id {message_id} out of range")))
}

/// A row with no flag left says nothing: it goes.
async fn clear_empty(
    transaction: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    app_id: i64,
    username: &str,
) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM conversation_flags WHERE app_id = ? AND username = ? AND pinned_ms IS NULL AND marks = 0",
    )
    .bind(app_id)
    .bind(username)
    .execute(&mut **transaction)
    .await
    .map_err(backend)?;
    Ok(())
}
