//! The chatfiles table: metadata of uploaded files (the bytes are on disk, written by the server).

use crate::{SqliteStore, backend};
use natter_store::{ChatFile, FileStore, NewChatFile, StoreError, StoreResult};
use sqlx::Row;

const COLUMNS: &str = "app_id, uuid, share_secret, restricted, filename, content_type, size_bytes, owner, \
                       thumbnail_width, thumbnail_height, created_ms, path_key, swept";

fn file_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<ChatFile> {
    let size: i64 = row.try_get("size_bytes").map_err(backend)?;
    let width: i64 = row.try_get("thumbnail_width").map_err(backend)?;
    let height: i64 = row.try_get("thumbnail_height").map_err(backend)?;
    let out_of_range = |column: &str, value: i64| StoreError::Backend(format!("stored {column} {value}"));
    Ok(ChatFile {
        app_id: row.try_get("app_id").map_err(backend)?,
        uuid: row.try_get("uuid").map_err(backend)?,
        share_secret: row.try_get("share_secret").map_err(backend)?,
        restricted: row.try_get("restricted").map_err(backend)?,
        filename: row.try_get("filename").map_err(backend)?,
        content_type: row.try_get("content_type").map_err(backend)?,
        size_bytes: u64::try_from(size).map_err(|_| out_of_range("size_bytes", size))?,
        owner: row.try_get("owner").map_err(backend)?,
        thumbnail_width: u32::try_from(width).map_err(|_| out_of_range("thumbnail_width", width))?,
        thumbnail_height: u32::try_from(height).map_err(|_| out_of_range("thumbnail_height", height))?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        path_key: row.try_get("path_key").map_err(backend)?,
        swept: row.try_get("swept").map_err(backend)?,
    })
}

#[async_trait::async_trait]
impl FileStore for SqliteStore {
    async fn create_file(&self, file: NewChatFile) -> StoreResult<ChatFile> {
        let size = i64::try_from(file.size_bytes)
            .map_err(|_| StoreError::Backend(format!("file size {} out of range", file.size_bytes)))?;
        sqlx::query(
            "INSERT INTO chatfiles (app_id, uuid, share_secret, restricted, filename, content_type, \
             size_bytes, owner, thumbnail_width, thumbnail_height, created_ms, path_key) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(file.app_id)
        .bind(&file.uuid)
        .bind(&file.share_secret)
        .bind(file.restricted)
        .bind(&file.filename)
        .bind(&file.content_type)
        .bind(size)
        .bind(&file.owner)
        .bind(i64::from(file.thumbnail_width))
        .bind(i64::from(file.thumbnail_height))
        .bind(file.created_ms)
        .bind(&file.path_key)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(ChatFile {
            app_id: file.app_id,
            uuid: file.uuid,
            share_secret: file.share_secret,
            restricted: file.restricted,
            filename: file.filename,
            content_type: file.content_type,
            size_bytes: file.size_bytes,
            owner: file.owner,
            thumbnail_width: file.thumbnail_width,
            thumbnail_height: file.thumbnail_height,
            created_ms: file.created_ms,
            path_key: file.path_key,
            swept: false,
        })
    }

    async fn file_by_uuid(&self, app_id: i64, uuid: &str) -> StoreResult<Option<ChatFile>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM chatfiles WHERE app_id = ? AND uuid = ?"
        ))
        .bind(app_id)
        .bind(uuid)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(file_from_row).transpose()
    }

    async fn files_to_sweep(&self, created_before_ms: i64, limit: u32) -> StoreResult<Vec<ChatFile>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM chatfiles WHERE swept = 0 AND created_ms < ? \
             ORDER BY created_ms, app_id, uuid LIMIT ?"
        ))
        .bind(created_before_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(file_from_row).collect()
    }

    async fn mark_file_swept(&self, app_id: i64, uuid: &str) -> StoreResult<bool> {
        let result = sqlx::query("UPDATE chatfiles SET swept = 1 WHERE app_id = ? AND uuid = ?")
            .bind(app_id)
            .bind(uuid)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn purge_swept_files(&self, created_before_ms: i64) -> StoreResult<u64> {
        let result = sqlx::query("DELETE FROM chatfiles WHERE swept = 1 AND created_ms < ?")
            .bind(created_before_ms)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected())
    }
}
