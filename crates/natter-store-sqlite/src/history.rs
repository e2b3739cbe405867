//! The history export's read of the messages table (migration 0011): an id span of one app, through the
//! table's primary key (app_id, id).

use crate::messages::{MESSAGE_COLUMNS, message_from_row};
use crate::{SqliteStore, backend};
use natter_store::{MessageHistoryStore, StoreError, StoreResult, StoredMessage};

fn key(id: u64) -> StoreResult<i64> {
    i64::try_from(id).map_err(|_| StoreError::Backend(format!("message id {id} out of range")))
}

#[async_trait::async_trait]
impl MessageHistoryStore for SqliteStore {
    async fn messages_in_span(
        &self,
        app_id: i64,
        from_id: u64,
        to_id: u64,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>> {
        // Kinds 0 (message) and 3 (targeted): signals (1) are not messages, imported history (2) was not
        // sent then.
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE app_id = ? AND id >= ? AND id < ? \
             AND kind IN (0, 3) AND recalled = 0 ORDER BY id LIMIT ?"
        ))
        .bind(app_id)
        .bind(key(from_id)?)
        .bind(key(to_id.min(i64::MAX as u64))?)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(message_from_row).collect()
    }
}
