//! The chatroom_files table of migration 0021: metadata of chat-room shared files; deleted rows leave
//! their bytes on group_file_debris (0017) through a trigger.

use crate::{SqliteStore, backend};
use natter_core::chatroom::ChatRoomId;
use natter_store::{RoomFile, RoomFileCreate, RoomFileStore, StoreError, StoreResult};
use sqlx::Row;

/// The columns of [`file_from_row`], `f` being chatroom_files and `r` its chatrooms row.
const COLUMNS: &str = "r.app_id, r.room_id, f.file_id, f.file_name, f.content_type, f.size_bytes, f.owner, \
                       f.created_ms, f.path_key";
/// The room row of (app_id, room_id), as bound in that order.
const ROOM_ROW: &str = "(SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?)";

fn file_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<RoomFile> {
    let size: i64 = row.try_get("size_bytes").map_err(backend)?;
    let room: String = row.try_get("room_id").map_err(backend)?;
    Ok(RoomFile {
        app_id: row.try_get("app_id").map_err(backend)?,
        room_id: ChatRoomId::parse(&room)
            .ok_or_else(|| StoreError::Backend(format!("stored room id {room:?}")))?,
        file_id: row.try_get("file_id").map_err(backend)?,
        file_name: row.try_get("file_name").map_err(backend)?,
        content_type: row.try_get("content_type").map_err(backend)?,
        size_bytes: u64::try_from(size).map_err(|_| StoreError::Backend(format!("stored size {size}")))?,
        owner: row.try_get("owner").map_err(backend)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        path_key: row.try_get("path_key").map_err(backend)?,
    })
}

#[async_trait::async_trait]
impl RoomFileStore for SqliteStore {
    async fn create_room_file(&self, file: RoomFile, max_files: u32) -> StoreResult<RoomFileCreate> {
        let size = i64::try_from(file.size_bytes)
            .map_err(|_| StoreError::Backend(format!("file size {} out of range", file.size_bytes)))?;
        // One write transaction: the count and the insert see the same room.
        let mut transaction = self.begin_write().await?;
        let room_row: Option<i64> =
            sqlx::query_scalar("SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?")
                .bind(file.app_id)
                .bind(file.room_id.as_str())
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
        let Some(room_row) = room_row else {
            return Ok(RoomFileCreate::NoRoom);
        };
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chatroom_files WHERE room_row = ?")
            .bind(room_row)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        if count >= i64::from(max_files) {
            return Ok(RoomFileCreate::RoomFull);
        }
        sqlx::query(
            "INSERT INTO chatroom_files (room_row, file_id, file_name, content_type, size_bytes, owner, \
             created_ms, path_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(room_row)
        .bind(&file.file_id)
        .bind(&file.file_name)
        .bind(&file.content_type)
        .bind(size)
        .bind(&file.owner)
        .bind(file.created_ms)
        .bind(&file.path_key)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(RoomFileCreate::Created(file))
    }

    async fn room_files(
        &self,
        app_id: i64,
        room_id: &ChatRoomId,
        created_after_ms: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<RoomFile>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM chatroom_files f JOIN chatrooms r ON r.id = f.room_row \
             WHERE f.room_row = {ROOM_ROW} AND f.created_ms > ? ORDER BY f.id DESC LIMIT ? OFFSET ?"
        ))
        .bind(app_id)
        .bind(room_id.as_str())
        .bind(created_after_ms)
        .bind(limit)
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(file_from_row).collect()
    }

    async fn room_file(
        &self,
        app_id: i64,
        room_id: &ChatRoomId,
        file_id: &str,
    ) -> StoreResult<Option<RoomFile>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM chatroom_files f JOIN chatrooms r ON r.id = f.room_row \
             WHERE f.room_row = {ROOM_ROW} AND f.file_id = ?"
        ))
        .bind(app_id)
        .bind(room_id.as_str())
        .bind(file_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(file_from_row).transpose()
    }

    async fn delete_room_file(
        &self,
        app_id: i64,
        room_id: &ChatRoomId,
        file_id: &str,
    ) -> StoreResult<Option<RoomFile>> {
        let mut transaction = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM chatroom_files f JOIN chatrooms r ON r.id = f.room_row \
             WHERE f.room_row = {ROOM_ROW} AND f.file_id = ?"
        ))
        .bind(app_id)
        .bind(room_id.as_str())
        .bind(file_id)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        let Some(file) = row.as_ref().map(file_from_row).transpose()? else {
            return Ok(None);
        };
        // The trigger puts the bytes on the debris list in this transaction.
        sqlx::query("DELETE FROM chatroom_files WHERE file_id = ?")
            .bind(file_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(Some(file))
    }

    async fn expire_room_files(&self, created_before_ms: i64, limit: u32) -> StoreResult<u64> {
        let result = sqlx::query(
            "DELETE FROM chatroom_files WHERE id IN \
             (SELECT id FROM chatroom_files WHERE created_ms < ? ORDER BY created_ms, id LIMIT ?)",
        )
        .bind(created_before_ms)
        .bind(limit)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(result.rows_affected())
    }
}
