//! Imported messages (kind 2 rows of `messages`) and one-sided roaming deletions (`roaming_hidden_messages`,
//! `roaming_floors`, migration 0016).

use crate::messages::{KIND_IMPORTED, MESSAGE_COLUMNS, from_db, message_from_row, to_db};
use crate::{SqliteStore, backend};
use natter_store::{Direction, MessageAdminStore, NewMessage, StoreError, StoreResult, StoredMessage};

/// Message ids are `ms << 16 | sequence` (natter_core::IdGenerator).
const ID_TIME_SHIFT: u32 = 16;
const SEQUENCE_MASK: u64 = (1 << ID_TIME_SHIFT) - 1;
/// The `conversation` of a floor that covers all of a user's conversations.
const ALL_CONVERSATIONS: &str = "*";

#[async_trait::async_trait]
impl MessageAdminStore for SqliteStore {
    async fn import_message(&self, message: NewMessage) -> StoreResult<u64> {
        let millisecond = u64::try_from(message.created_ms)
            .map_err(|_| StoreError::Backend(format!("import time {}", message.created_ms)))?;
        let base = millisecond << ID_TIME_SHIFT;
        let mut transaction = self.begin_write().await?;
        // The lowest id taken in this millisecond from the top: the next one below it is free unless the
        // live generator got there (then the insert's conflict says so).
        let lowest: Option<i64> = sqlx::query_scalar(
            "SELECT min(id) FROM messages WHERE app_id = ? AND id BETWEEN ? AND ? AND kind = ?",
        )
        .bind(message.app_id)
        .bind(to_db(base))
        .bind(to_db(base | SEQUENCE_MASK))
        .bind(KIND_IMPORTED)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        let id = match lowest.map(from_db) {
            None => base | SEQUENCE_MASK,
            Some(lowest) if lowest > base => lowest - 1,
            Some(_) => {
                return Err(StoreError::Conflict(format!(
                    "no free message id in millisecond {millisecond}"
                )));
            }
        };
        sqlx::query(
            "INSERT INTO messages (app_id, id, conversation, chat_type, kind, from_user, from_resource, \
                                   to_target, body, created_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(message.app_id)
        .bind(to_db(id))
        .bind(&message.conversation)
        .bind(message.chat_type.as_str())
        .bind(KIND_IMPORTED)
        .bind(&message.from_user)
        .bind(&message.from_resource)
        .bind(&message.to)
        .bind(&message.body)
        .bind(message.created_ms)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn hide_messages(
        &self,
        app_id: i64,
        user: &str,
        conversation: &str,
        ids: &[u64],
    ) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut transaction = self.begin_write().await?;
        for id in ids {
            // Only ids of this conversation: a list naming another conversation's message hides nothing there.
            sqlx::query(
                "INSERT OR IGNORE INTO roaming_hidden_messages (app_id, username, message_id, conversation)
                 SELECT app_id, ?, id, conversation FROM messages WHERE app_id = ? AND id = ? AND conversation = ?",
            )
            .bind(user)
            .bind(app_id)
            .bind(to_db(*id))
            .bind(conversation)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)
    }

    async fn hide_messages_through(
        &self,
        app_id: i64,
        user: &str,
        conversation: Option<&str>,
        through_id: u64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO roaming_floors (app_id, username, conversation, hidden_through_id) VALUES (?, ?, ?, ?)
             ON CONFLICT (app_id, username, conversation) DO UPDATE SET
                 hidden_through_id = max(hidden_through_id, excluded.hidden_through_id)",
        )
        .bind(app_id)
        .bind(user)
        .bind(conversation.unwrap_or(ALL_CONVERSATIONS))
        .bind(to_db(through_id))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn roaming_history(
        &self,
        app_id: i64,
        user: &str,
        conversation: &str,
        cursor: Option<u64>,
        direction: Direction,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>> {
        let floor: Option<i64> = sqlx::query_scalar(
            "SELECT max(hidden_through_id) FROM roaming_floors
             WHERE app_id = ? AND username = ? AND conversation IN (?, ?)",
        )
        .bind(app_id)
        .bind(user)
        .bind(conversation)
        .bind(ALL_CONVERSATIONS)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        let floor = floor.unwrap_or(0);
        let (comparison, order, default_cursor) = match direction {
            Direction::Older => ("<", "DESC", i64::MAX),
            Direction::Newer => (">", "ASC", 0),
        };
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m
             WHERE m.app_id = ? AND m.conversation = ? AND m.id {comparison} ? AND m.id > ?
               AND m.kind IN (0, 2) AND m.recalled = 0
               AND NOT EXISTS (SELECT 1 FROM roaming_hidden_messages h
                               WHERE h.app_id = m.app_id AND h.username = ? AND h.message_id = m.id)
             ORDER BY m.id {order} LIMIT ?"
        ))
        .bind(app_id)
        .bind(conversation)
        .bind(cursor.map_or(default_cursor, to_db))
        .bind(floor)
        .bind(user)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(message_from_row).collect()
    }
}
