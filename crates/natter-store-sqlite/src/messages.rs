//! The messages, conversation_heads, user_conversations and queue_cursors tables.

use crate::{SqliteStore, backend};
use natter_store::{
    ChatSendCheck, ChatType, ConversationSummary, CursorAdvance, Direction, MessageEffect, MessageKind,
    MessageStore, NewMessage, StoreError, StoreResult, StoredMessage, UnreadQueue,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use std::collections::BTreeMap;

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
/// The `kind` of a targeted (定向) message (migration 0018): in the listed users' queues, but not history
/// and not counted as unread, which the `kind` filters of those queries say already. It reads back as a
/// [`MessageKind::Message`] with its `recipients`.
const KIND_TARGETED: i64 = 3;

/// The stored `kind` of a new row: a targeted message is marked so; its signals stay signals.
fn stored_kind(message: &NewMessage) -> i64 {
    match (message.kind, &message.recipients) {
        (MessageKind::Message, Some(_)) => KIND_TARGETED,
        (kind, _) => kind_to_db(kind),
    }
}

/// `recipients` as stored: `,bob,carol,`, so that `instr(recipients, ',' || ? || ',')` tests one user. A name
/// with a comma (never a user ID) would make the list ambiguous, so it is refused.
fn recipients_to_db(message: &NewMessage) -> StoreResult<Option<String>> {
    let Some(names) = &message.recipients else {
        return Ok(None);
    };
    if names.iter().any(|name| name.is_empty() || name.contains(',')) {
        return Err(StoreError::Backend(format!("recipient names {names:?}")));
    }
    Ok(Some(format!(",{},", names.join(","))))
}

fn recipients_from_db(stored: Option<String>) -> Option<Vec<String>> {
    stored.map(|list| {
        list.split(',')
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

fn chat_type_from(text: &str) -> StoreResult<ChatType> {
    ChatType::parse(text).ok_or_else(|| StoreError::Backend(format!("stored chat type {text:?}")))
}

pub(crate) const MESSAGE_COLUMNS: &str = "id, conversation, chat_type, kind, from_user, from_resource, to_target, body, \
                               created_ms, recalled, edit_count, recipients";

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
        recipients: recipients_from_db(row.try_get("recipients").map_err(backend)?),
    })
}

/// Rows per multi-row statement: well under SQLite's bound-parameter limit (32,766) at 10 columns a row.
const ROWS_PER_STATEMENT: usize = 256;

/// A batch's effect on one `conversation_heads` row.
#[derive(Default)]
struct HeadChange {
    last_id: i64,
    last_message_id: Option<i64>,
}

/// A batch's effect on one user's side of a 1:1 conversation (`user_conversations`).
struct UserConversationChange {
    chat_type: &'static str,
    peer: String,
    last_id: i64,
    last_in_id: i64,
    last_message_id: Option<i64>,
}

/// Folds a batch into one change per conversation head and per user side, so the batch writes each row once
/// (and in one statement per table) instead of once per message.
#[allow(clippy::type_complexity)]
fn fold_batch<'a>(
    batch: &'a [NewMessage],
) -> (
    BTreeMap<(i64, &'a str), HeadChange>,
    BTreeMap<(i64, &'a str, &'a str), UserConversationChange>,
) {
    let mut heads: BTreeMap<(i64, &'a str), HeadChange> = BTreeMap::new();
    let mut sides: BTreeMap<(i64, &'a str, &'a str), UserConversationChange> = BTreeMap::new();
    for message in batch {
        // A targeted message (or a signal about one) moves no head: it is in no conversation list, and
        // unread_queues finds it for its recipients by its own index (migration 0018).
        if message.recipients.is_some() {
            continue;
        }
        let id = to_db(message.id);
        let visible = (message.kind == MessageKind::Message).then_some(id);
        let head = heads
            .entry((message.app_id, message.conversation.as_str()))
            .or_default();
        head.last_id = head.last_id.max(id);
        head.last_message_id = head.last_message_id.max(visible);
        if message.chat_type != ChatType::Chat {
            continue;
        }
        let mut touch = |user: &'a str, peer: &str, incoming: bool| {
            let side = sides
                .entry((message.app_id, user, message.conversation.as_str()))
                .or_insert_with(|| UserConversationChange {
                    chat_type: message.chat_type.as_str(),
                    peer: peer.to_owned(),
                    last_id: 0,
                    last_in_id: 0,
                    last_message_id: None,
                });
            side.last_id = side.last_id.max(id);
            if incoming {
                side.last_in_id = side.last_in_id.max(id);
            }
            side.last_message_id = side.last_message_id.max(visible);
        };
        touch(&message.from_user, &message.to, false);
        if message.to != message.from_user {
            touch(&message.to, &message.from_user, true);
        }
    }
    (heads, sides)
}

#[async_trait::async_trait]
impl MessageStore for SqliteStore {
    async fn append_messages(&self, batch: &[NewMessage]) -> StoreResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        // Each statement is a round trip to the connection's worker thread, so the batch is written as one
        // multi-row INSERT (per ROWS_PER_STATEMENT rows) and one upsert per table, not four statements a
        // message (BENCHMARKS.md: the round trips, not SQL or fsync, were the cost).
        // Targeted messages' recipient lists (migration 0018), checked before anything is written.
        let recipients = batch
            .iter()
            .map(recipients_to_db)
            .collect::<StoreResult<Vec<_>>>()?;
        let mut transaction = self.begin_write().await?;
        for (chunk, recipients) in batch
            .chunks(ROWS_PER_STATEMENT)
            .zip(recipients.chunks(ROWS_PER_STATEMENT))
        {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO messages (app_id, id, conversation, chat_type, kind, from_user, from_resource, \
                                       to_target, body, created_ms, recipients) ",
            );
            insert.push_values(chunk.iter().zip(recipients), |mut row, (message, recipients)| {
                row.push_bind(message.app_id)
                    .push_bind(to_db(message.id))
                    .push_bind(&message.conversation)
                    .push_bind(message.chat_type.as_str())
                    .push_bind(stored_kind(message))
                    .push_bind(&message.from_user)
                    .push_bind(&message.from_resource)
                    .push_bind(&message.to)
                    .push_bind(&message.body)
                    .push_bind(message.created_ms)
                    .push_bind(recipients.as_deref());
            });
            insert.build().execute(&mut *transaction).await.map_err(backend)?;
        }
        // Effects after the inserts, in batch order: a recall or edit may target a message of this batch.
        for message in batch {
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
        }
        let (heads, sides) = fold_batch(batch);
        let heads: Vec<_> = heads.into_iter().collect();
        for chunk in heads.chunks(ROWS_PER_STATEMENT) {
            let mut upsert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO conversation_heads (app_id, conversation, last_id, last_message_id) ",
            );
            upsert.push_values(chunk, |mut row, ((app_id, conversation), head)| {
                row.push_bind(*app_id)
                    .push_bind(*conversation)
                    .push_bind(head.last_id)
                    .push_bind(head.last_message_id);
            });
            upsert.push(
                " ON CONFLICT (app_id, conversation) DO UPDATE SET
                     last_id = max(last_id, excluded.last_id),
                     last_message_id = coalesce(max(last_message_id, excluded.last_message_id), last_message_id,
                                                excluded.last_message_id)",
            );
            upsert.build().execute(&mut *transaction).await.map_err(backend)?;
        }
        let sides: Vec<_> = sides.into_iter().collect();
        for chunk in sides.chunks(ROWS_PER_STATEMENT) {
            let mut upsert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO user_conversations (app_id, username, conversation, chat_type, peer, last_id, \
                                                 last_in_id, last_message_id) ",
            );
            upsert.push_values(chunk, |mut row, ((app_id, user, conversation), side)| {
                row.push_bind(*app_id)
                    .push_bind(*user)
                    .push_bind(*conversation)
                    .push_bind(side.chat_type)
                    .push_bind(&side.peer)
                    .push_bind(side.last_id)
                    .push_bind(side.last_in_id)
                    .push_bind(side.last_message_id);
            });
            upsert.push(
                " ON CONFLICT (app_id, username, conversation) DO UPDATE SET
                     last_id = max(last_id, excluded.last_id),
                     last_in_id = max(last_in_id, excluded.last_in_id),
                     last_message_id = coalesce(max(last_message_id, excluded.last_message_id), last_message_id,
                                                excluded.last_message_id)",
            );
            upsert.build().execute(&mut *transaction).await.map_err(backend)?;
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
        // One statement per ROWS_PER_STATEMENT cursors: a group message moves hundreds of member cursors.
        let mut transaction = self.begin_write().await?;
        for chunk in cursors.chunks(ROWS_PER_STATEMENT) {
            let mut upsert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO queue_cursors (app_id, username, conversation, acked_id) ",
            );
            upsert.push_values(chunk, |mut row, cursor| {
                row.push_bind(cursor.app_id)
                    .push_bind(&cursor.user)
                    .push_bind(&cursor.conversation)
                    .push_bind(to_db(cursor.acked_id));
            });
            upsert.push(
                " ON CONFLICT (app_id, username, conversation) DO UPDATE SET acked_id = max(acked_id, excluded.acked_id)",
            );
            upsert.build().execute(&mut *transaction).await.map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)
    }

    async fn chat_send_check(
        &self,
        app_id: i64,
        sender: &str,
        recipient: &str,
        now_ms: i64,
    ) -> StoreResult<ChatSendCheck> {
        // Every lookup is on a unique index; one statement is one round trip to the worker thread.
        let row = sqlx::query(
            "SELECT r.id AS recipient_id, s.id AS sender_id,
                    EXISTS (SELECT 1 FROM blocks b WHERE b.owner_id = r.id AND b.blocked_id = s.id) AS blocked,
                    EXISTS (SELECT 1 FROM contacts c WHERE c.owner_id = s.id AND c.friend_id = r.id) AS contact,
                    EXISTS (SELECT 1 FROM user_mutes m WHERE m.user_id = s.id AND m.scope = 'chat'
                                AND (m.until_ms = -1 OR m.until_ms > ?)) AS muted
             FROM (SELECT 1)
             LEFT JOIN users r ON r.app_id = ? AND r.username = ?
             LEFT JOIN users s ON s.app_id = ? AND s.username = ?",
        )
        .bind(now_ms)
        .bind(app_id)
        .bind(recipient)
        .bind(app_id)
        .bind(sender)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(ChatSendCheck {
            recipient_id: row.try_get("recipient_id").map_err(backend)?,
            sender_id: row.try_get("sender_id").map_err(backend)?,
            blocked: row.try_get("blocked").map_err(backend)?,
            contact: row.try_get("contact").map_err(backend)?,
            muted: row.try_get("muted").map_err(backend)?,
        })
    }

    async fn unread_queues(
        &self,
        app_id: i64,
        user: &str,
        count_limit: u32,
    ) -> StoreResult<Vec<UnreadQueue>> {
        // 1:1 conversations whose newest incoming row is past the cursor, then groups whose head is past the
        // cursor (or, without one, past the join). The counts leave out the user's own messages: those are
        // the user's, not waiting for the user. Targeted messages (migration 0018) move no head: a group
        // whose news are only targeted messages for the user is found by their index, and the counts take
        // targeted messages for the user only.
        let rows = sqlx::query(
            "SELECT uc.conversation AS conversation, uc.chat_type AS chat_type, uc.peer AS peer,
                    coalesce(qc.acked_id, 0) AS floor
             FROM user_conversations uc
             LEFT JOIN queue_cursors qc
                 ON qc.app_id = uc.app_id AND qc.username = uc.username AND qc.conversation = uc.conversation
             WHERE uc.app_id = ? AND uc.username = ? AND uc.chat_type = 'chat'
               AND uc.last_in_id > coalesce(qc.acked_id, 0)
             UNION ALL
             SELECT 'g:' || g.group_id, 'groupchat', CAST(g.group_id AS TEXT),
                    coalesce(qc.acked_id, m.joined_ms << 16)
             FROM users u
             JOIN group_members m ON m.user_id = u.id
             JOIN chat_groups g ON g.id = m.group_row
             LEFT JOIN conversation_heads h ON h.app_id = g.app_id AND h.conversation = 'g:' || g.group_id
             LEFT JOIN queue_cursors qc
                 ON qc.app_id = u.app_id AND qc.username = u.username AND qc.conversation = 'g:' || g.group_id
             WHERE u.app_id = ? AND u.username = ?
               AND (h.last_id > coalesce(qc.acked_id, m.joined_ms << 16)
                    OR EXISTS (SELECT 1 FROM messages t
                               WHERE t.app_id = g.app_id AND t.conversation = 'g:' || g.group_id
                                 AND t.recipients IS NOT NULL AND t.id > coalesce(qc.acked_id, m.joined_ms << 16)
                                 AND instr(t.recipients, ',' || u.username || ',') > 0))",
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
                  WHERE app_id = ? AND conversation = ? AND id > ? AND from_user <> ? AND kind <> 2
                    AND (recipients IS NULL OR instr(recipients, ',' || ? || ',') > 0) LIMIT ?)",
            )
            .bind(app_id)
            .bind(&conversation)
            .bind(floor)
            .bind(user)
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
