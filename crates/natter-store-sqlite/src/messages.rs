//! The messages, conversation_heads, user_conversations and queue_cursors tables.

use crate::{SqliteStore, backend};
use natter_store::{
    ChatType, ConversationSummary, CursorAdvance, Direction, MessageEffect, MessageKind, MessageStore,
    NewMessage, StoreError, StoreResult, StoredMessage, UnreadQueue,
};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// Message ids are `ms << 16 | sequence` (natter_core::IdGenerator): this many bits below the time.
const ID_TIME_SHIFT: u32 = 16;

pub(crate) fn to_db(id: u64) -> i64 {
    // Ids are below 2^63 (the generator's time part fits until the year 10889).
    i64::try_from(id).unwrap_or(i64::MAX)
}

pub(crate) fn from_db(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}

fn kind_to_db(kind: MessageKind) -> i64 {
    match kind {
        MessageKind::Message => 0,
        MessageKind::Signal => KIND_SIGNAL,
    }
}

/// The `kind` of a signal row.
const KIND_SIGNAL: i64 = 1;
/// The `kind` of an imported message (`messages_admin.rs`): history, but in no queue, so no device is
/// told of it and no count includes it. It reads back as a [`MessageKind::Message`].
pub(crate) const KIND_IMPORTED: i64 = 2;

fn chat_type_from(text: &str) -> StoreResult<ChatType> {
    ChatType::parse(text).ok_or_else(|| StoreError::Backend(format!("stored chat type {text:?}")))
}

pub(crate) const MESSAGE_COLUMNS: &str = "id, conversation, chat_type, kind, from_user, from_resource, to_target, body, \
                               created_ms, recalled, edit_count";

pub(crate) fn message_from_row(row: &SqliteRow) -> StoreResult<StoredMessage> {
    let chat_type: String = row.try_get("chat_type").map_err(backend)?;
    let kind: i64 = row.try_get("kind").map_err(backend)?;
    let edit_count: i64 = row.try_get("edit_count").map_err(backend)?;
    Ok(StoredMessage {
        id: from_db(row.try_get("id").map_err(backend)?),
        conversation: row.try_get("conversation").map_err(backend)?,
        chat_type: chat_type_from(&chat_type)?,
        kind: if kind == KIND_SIGNAL {
            MessageKind::Signal
        } else {
            MessageKind::Message
        },
        from_user: row.try_get("from_user").map_err(backend)?,
        from_resource: row.try_get("from_resource").map_err(backend)?,
        to: row.try_get("to_target").map_err(backend)?,
        body: row.try_get("body").map_err(backend)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        recalled: row.try_get::<i64, _>("recalled").map_err(backend)? != 0,
        edit_count: u32::try_from(edit_count).unwrap_or(0),
    })
}

/// Upserts one user's side of a 1:1 conversation for a new row.
async fn touch_user_conversation(
    connection: &mut sqlx::SqliteConnection,
    message: &NewMessage,
    user: &str,
    peer: &str,
    incoming: bool,
) -> StoreResult<()> {
    let id = to_db(message.id);
    let last_message = (message.kind == MessageKind::Message).then_some(id);
    sqlx::query(
        "INSERT INTO user_conversations (app_id, username, conversation, chat_type, peer, last_id, last_in_id, \
                                         last_message_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (app_id, username, conversation) DO UPDATE SET
             last_id = max(last_id, excluded.last_id),
             last_in_id = max(last_in_id, excluded.last_in_id),
             last_message_id = coalesce(max(last_message_id, excluded.last_message_id), last_message_id,
                                        excluded.last_message_id)",
    )
    .bind(message.app_id)
    .bind(user)
    .bind(&message.conversation)
    .bind(message.chat_type.as_str())
    .bind(peer)
    .bind(id)
    .bind(if incoming { id } else { 0 })
    .bind(last_message)
    .execute(&mut *connection)
    .await
    .map_err(backend)?;
    Ok(())
}

#[async_trait::async_trait]
impl MessageStore for SqliteStore {
    async fn append_messages(&self, batch: &[NewMessage]) -> StoreResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut transaction = self.begin_write().await?;
        for message in batch {
            sqlx::query(
                "INSERT INTO messages (app_id, id, conversation, chat_type, kind, from_user, from_resource, \
                                       to_target, body, created_ms)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(message.app_id)
            .bind(to_db(message.id))
            .bind(&message.conversation)
            .bind(message.chat_type.as_str())
            .bind(kind_to_db(message.kind))
            .bind(&message.from_user)
            .bind(&message.from_resource)
            .bind(&message.to)
            .bind(&message.body)
            .bind(message.created_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            match &message.effect {
                Some(MessageEffect::Recall { message_id }) => {
                    sqlx::query("UPDATE messages SET recalled = 1, body = x'' WHERE app_id = ? AND id = ?")
                        .bind(message.app_id)
                        .bind(to_db(*message_id))
                        .execute(&mut *transaction)
                        .await
                        .map_err(backend)?;
                }
                Some(MessageEffect::Edit { message_id, body }) => {
                    sqlx::query(
                        "UPDATE messages SET body = ?, edit_count = edit_count + 1 WHERE app_id = ? AND id = ?",
                    )
                    .bind(body)
                    .bind(message.app_id)
                    .bind(to_db(*message_id))
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
                }
                None => {}
            }
            let last_message = (message.kind == MessageKind::Message).then_some(to_db(message.id));
            sqlx::query(
                "INSERT INTO conversation_heads (app_id, conversation, last_id, last_message_id) VALUES (?, ?, ?, ?)
                 ON CONFLICT (app_id, conversation) DO UPDATE SET
                     last_id = max(last_id, excluded.last_id),
                     last_message_id = coalesce(max(last_message_id, excluded.last_message_id), last_message_id,
                                                excluded.last_message_id)",
            )
            .bind(message.app_id)
            .bind(&message.conversation)
            .bind(to_db(message.id))
            .bind(last_message)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            if message.chat_type == ChatType::Chat {
                touch_user_conversation(&mut transaction, message, &message.from_user, &message.to, false)
                    .await?;
                if message.to != message.from_user {
                    touch_user_conversation(&mut transaction, message, &message.to, &message.from_user, true)
                        .await?;
                }
            }
        }
        transaction.commit().await.map_err(backend)
    }

    async fn message(&self, app_id: i64, id: u64) -> StoreResult<Option<StoredMessage>> {
        let row = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE app_id = ? AND id = ?"
        ))
        .bind(app_id)
        .bind(to_db(id))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(message_from_row).transpose()
    }

    async fn messages_after(
        &self,
        app_id: i64,
        conversation: &str,
        after_id: u64,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>> {
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE app_id = ? AND conversation = ? AND id > ? AND kind <> 2
             ORDER BY id LIMIT ?"
        ))
        .bind(app_id)
        .bind(conversation)
        .bind(to_db(after_id))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(message_from_row).collect()
    }

    async fn queue_cursor(&self, app_id: i64, user: &str, conversation: &str) -> StoreResult<Option<u64>> {
        let acked: Option<i64> = sqlx::query_scalar(
            "SELECT acked_id FROM queue_cursors WHERE app_id = ? AND username = ? AND conversation = ?",
        )
        .bind(app_id)
        .bind(user)
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(acked.map(from_db))
    }

    async fn advance_cursor(
        &self,
        app_id: i64,
        user: &str,
        conversation: &str,
        acked_id: u64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO queue_cursors (app_id, username, conversation, acked_id) VALUES (?, ?, ?, ?)
             ON CONFLICT (app_id, username, conversation) DO UPDATE SET acked_id = max(acked_id, excluded.acked_id)",
        )
        .bind(app_id)
        .bind(user)
        .bind(conversation)
        .bind(to_db(acked_id))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn advance_cursors(&self, cursors: &[CursorAdvance]) -> StoreResult<()> {
        if cursors.is_empty() {
            return Ok(());
        }
        let mut transaction = self.begin_write().await?;
        for cursor in cursors {
            sqlx::query(
                "INSERT INTO queue_cursors (app_id, username, conversation, acked_id) VALUES (?, ?, ?, ?)
                 ON CONFLICT (app_id, username, conversation) DO UPDATE SET acked_id = max(acked_id, excluded.acked_id)",
            )
            .bind(cursor.app_id)
            .bind(&cursor.user)
            .bind(&cursor.conversation)
            .bind(to_db(cursor.acked_id))
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)
    }

    async fn unread_queues(
        &self,
        app_id: i64,
        user: &str,
        count_limit: u32,
    ) -> StoreResult<Vec<UnreadQueue>> {
        // 1:1 conversations whose newest incoming row is past the cursor, then groups whose head is past the
        // cursor (or, without one, past the join). The counts leave out the user's own messages: those are
        // the user's, not waiting for the user.
        let rows = sqlx::query(
            "SELECT uc.conversation AS conversation, uc.chat_type AS chat_type, uc.peer AS peer,
                    coalesce(qc.acked_id, 0) AS floor
             FROM user_conversations uc
             LEFT JOIN queue_cursors qc
                 ON qc.app_id = uc.app_id AND qc.username = uc.username AND qc.conversation = uc.conversation
             WHERE uc.app_id = ? AND uc.username = ? AND uc.chat_type = 'chat'
               AND uc.last_in_id > coalesce(qc.acked_id, 0)
             UNION ALL
             SELECT h.conversation, 'groupchat', CAST(g.group_id AS TEXT),
                    coalesce(qc.acked_id, m.joined_ms << 16)
             FROM users u
             JOIN group_members m ON m.user_id = u.id
             JOIN chat_groups g ON g.id = m.group_row
             JOIN conversation_heads h ON h.app_id = g.app_id AND h.conversation = 'g:' || g.group_id
             LEFT JOIN queue_cursors qc
                 ON qc.app_id = u.app_id AND qc.username = u.username AND qc.conversation = h.conversation
             WHERE u.app_id = ? AND u.username = ? AND h.last_id > coalesce(qc.acked_id, m.joined_ms << 16)",
        )
        .bind(app_id)
        .bind(user)
        .bind(app_id)
        .bind(user)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut queues = Vec::with_capacity(rows.len());
        for row in rows {
            let conversation: String = row.try_get("conversation").map_err(backend)?;
            let floor: i64 = row.try_get("floor").map_err(backend)?;
            let count: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM (SELECT 1 FROM messages
                  WHERE app_id = ? AND conversation = ? AND id > ? AND from_user <> ? AND kind <> 2 LIMIT ?)",
            )
            .bind(app_id)
            .bind(&conversation)
            .bind(floor)
            .bind(user)
            .bind(i64::from(count_limit))
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
            if count == 0 {
                continue;
            }
            let chat_type: String = row.try_get("chat_type").map_err(backend)?;
            queues.push(UnreadQueue {
                conversation,
                chat_type: chat_type_from(&chat_type)?,
                peer: row.try_get("peer").map_err(backend)?,
                count: u32::try_from(count).unwrap_or(u32::MAX),
            });
        }
        Ok(queues)
    }

    async fn group_queue_floor(&self, app_id: i64, user: &str, group_id: u64) -> StoreResult<Option<u64>> {
        let joined: Option<i64> = sqlx::query_scalar(
            "SELECT m.joined_ms FROM group_members m
             JOIN chat_groups g ON g.id = m.group_row
             JOIN users u ON u.id = m.user_id
             WHERE g.app_id = ? AND g.group_id = ? AND u.username = ?",
        )
        .bind(app_id)
        .bind(to_db(group_id))
        .bind(user)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(joined.map(|ms| from_db(ms) << ID_TIME_SHIFT))
    }

    async fn history(
        &self,
        app_id: i64,
        conversation: &str,
        cursor: Option<u64>,
        direction: Direction,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>> {
        let (comparison, order, default_cursor) = match direction {
            Direction::Older => ("<", "DESC", i64::MAX),
            Direction::Newer => (">", "ASC", 0),
        };
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages
             WHERE app_id = ? AND conversation = ? AND id {comparison} ? AND kind IN (0, 2) AND recalled = 0
             ORDER BY id {order} LIMIT ?"
        ))
        .bind(app_id)
        .bind(conversation)
        .bind(cursor.map_or(default_cursor, to_db))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(message_from_row).collect()
    }

    async fn conversations(
        &self,
        app_id: i64,
        user: &str,
        before_last_id: Option<u64>,
        limit: u32,
    ) -> StoreResult<Vec<ConversationSummary>> {
        let rows = sqlx::query(
            "SELECT conversation, chat_type, peer, last_id, last_message_id, read_id FROM (
                 SELECT conversation, chat_type, peer, last_id, last_message_id, read_id
                 FROM user_conversations
                 WHERE app_id = ? AND username = ? AND chat_type = 'chat'
                 UNION ALL
                 SELECT h.conversation, 'groupchat' AS chat_type, CAST(g.group_id AS TEXT) AS peer,
                        h.last_id, h.last_message_id,
                        max(coalesce(uc.read_id, 0), m.joined_ms << 16) AS read_id
                 FROM users u
                 JOIN group_members m ON m.user_id = u.id
                 JOIN chat_groups g ON g.id = m.group_row
                 JOIN conversation_heads h ON h.app_id = g.app_id AND h.conversation = 'g:' || g.group_id
                 LEFT JOIN user_conversations uc
                     ON uc.app_id = u.app_id AND uc.username = u.username AND uc.conversation = h.conversation
                 WHERE u.app_id = ? AND u.username = ? AND h.last_id > coalesce(uc.hidden_until_id, 0)
             )
             WHERE last_id < ?
             ORDER BY last_id DESC LIMIT ?",
        )
        .bind(app_id)
        .bind(user)
        .bind(app_id)
        .bind(user)
        .bind(before_last_id.map_or(i64::MAX, to_db))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut summaries = Vec::with_capacity(rows.len());
        for row in rows {
            let conversation: String = row.try_get("conversation").map_err(backend)?;
            let chat_type: String = row.try_get("chat_type").map_err(backend)?;
            let last_message_id: Option<i64> = row.try_get("last_message_id").map_err(backend)?;
            let read_id: i64 = row.try_get("read_id").map_err(backend)?;
            let last_message = match last_message_id {
                Some(id) => self
                    .message(app_id, from_db(id))
                    .await?
                    .filter(|message| !message.recalled),
                None => None,
            };
            let unread: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM (SELECT 1 FROM messages
                  WHERE app_id = ? AND conversation = ? AND id > ? AND kind = 0 AND recalled = 0
                    AND from_user <> ? LIMIT 100)",
            )
            .bind(app_id)
            .bind(&conversation)
            .bind(read_id)
            .bind(user)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
            summaries.push(ConversationSummary {
                conversation,
                chat_type: chat_type_from(&chat_type)?,
                peer: row.try_get("peer").map_err(backend)?,
                last_message,
                unread: u32::try_from(unread).unwrap_or(0),
                last_id: from_db(row.try_get("last_id").map_err(backend)?),
            });
        }
        Ok(summaries)
    }

    async fn mark_read(&self, app_id: i64, user: &str, conversation: &str, read_id: u64) -> StoreResult<()> {
        let (chat_type, peer) = match conversation.split_once(':') {
            Some(("g", group)) => ("groupchat", group.to_owned()),
            Some(("r", room)) => ("chatroom", room.to_owned()),
            _ => {
                let peer = conversation
                    .strip_prefix("c:")
                    .and_then(|pair| pair.split_once(':'))
                    .map(|(a, b)| if a == user { b } else { a })
                    .unwrap_or_default()
                    .to_owned();
                ("chat", peer)
            }
        };
        sqlx::query(
            "INSERT INTO user_conversations (app_id, username, conversation, chat_type, peer, read_id)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (app_id, username, conversation) DO UPDATE SET read_id = max(read_id, excluded.read_id)",
        )
        .bind(app_id)
        .bind(user)
        .bind(conversation)
        .bind(chat_type)
        .bind(peer)
        .bind(to_db(read_id))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn delete_conversation(&self, app_id: i64, user: &str, conversation: &str) -> StoreResult<bool> {
        if conversation.starts_with("c:") {
            let deleted = sqlx::query(
                "DELETE FROM user_conversations WHERE app_id = ? AND username = ? AND conversation = ?",
            )
            .bind(app_id)
            .bind(user)
            .bind(conversation)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
            return Ok(deleted.rows_affected() > 0);
        }
        let head: Option<i64> = sqlx::query_scalar(
            "SELECT last_id FROM conversation_heads WHERE app_id = ? AND conversation = ?",
        )
        .bind(app_id)
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(head) = head else {
            return Ok(false);
        };
        let peer = conversation.get(2..).unwrap_or_default();
        sqlx::query(
            "INSERT INTO user_conversations (app_id, username, conversation, chat_type, peer, read_id, hidden_until_id)
             VALUES (?, ?, ?, 'groupchat', ?, ?, ?)
             ON CONFLICT (app_id, username, conversation) DO UPDATE SET
                 read_id = max(read_id, excluded.read_id), hidden_until_id = excluded.hidden_until_id",
        )
        .bind(app_id)
        .bind(user)
        .bind(conversation)
        .bind(peer)
        .bind(head)
        .bind(head)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(true)
    }

    async fn offline_count(&self, app_id: i64, user: &str) -> StoreResult<u64> {
        let queues = self.unread_queues(app_id, user, 10_000).await?;
        Ok(queues.iter().map(|queue| u64::from(queue.count)).sum())
    }
}
