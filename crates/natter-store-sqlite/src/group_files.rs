//! The group_files table of migration 0017: metadata of group shared files (the bytes are on disk,
//! written by the server), and `group_file_debris`, the bytes left to delete, filled by a trigger.

use crate::groups::GROUP_ROW;
use crate::{SqliteStore, backend};
use natter_core::GroupId;
use natter_store::{GroupFile, GroupFileCreate, GroupFileStore, StoreError, StoreResult};
use sqlx::Row;

/// The columns of [`file_from_row`], `f` being group_files and `g` its chat_groups row.
const COLUMNS: &str = "g.app_id, g.group_id, f.file_id, f.file_name, f.content_type, f.size_bytes, f.owner, \
                       f.created_ms, f.path_key";

fn file_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<GroupFile> {
    let size: i64 = row.try_get("size_bytes").map_err(backend)?;
    let group: i64 = row.try_get("group_id").map_err(backend)?;
    Ok(GroupFile {
        app_id: row.try_get("app_id").map_err(backend)?,
        group_id: GroupId::from_i64(group)
            .ok_or_else(|| StoreError::Backend(format!("stored group id {group}")))?,
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
impl GroupFileStore for SqliteStore {
    async fn create_group_file(&self, file: GroupFile, max_files: u32) -> StoreResult<GroupFileCreate> {
        let size = i64::try_from(file.size_bytes)
            .map_err(|_| StoreError::Backend(format!("file size {} out of range", file.size_bytes)))?;
        // One write transaction: the count and the insert see the same group, and a concurrent upload
        // waits for the write lock instead of slipping past the limit.
        let mut transaction = self.begin_write().await?;
        let group_row: Option<i64> =
            sqlx::query_scalar("SELECT id FROM chat_groups WHERE app_id = ? AND group_id = ?")
                .bind(file.app_id)
                .bind(file.group_id.as_i64())
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
        let Some(group_row) = group_row else {
            return Ok(GroupFileCreate::NoGroup);
        };
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_files WHERE group_row = ?")
            .bind(group_row)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        if count >= i64::from(max_files) {
            return Ok(GroupFileCreate::GroupFull);
        }
        sqlx::query(
            "INSERT INTO group_files (group_row, file_id, file_name, content_type, size_bytes, owner, \
             created_ms, path_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(group_row)
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
        Ok(GroupFileCreate::Created(file))
    }

    async fn group_files(
        &self,
        app_id: i64,
        group_id: GroupId,
        created_after_ms: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<GroupFile>> {
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM group_files f JOIN chat_groups g ON g.id = f.group_row \
             WHERE f.group_row = {GROUP_ROW} AND f.created_ms > ? ORDER BY f.id DESC LIMIT ? OFFSET ?"
        ))
        .bind(app_id)
        .bind(group_id.as_i64())
        .bind(created_after_ms)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(file_from_row).collect()
    }

    async fn group_file(
        &self,
        app_id: i64,
        group_id: GroupId,
        file_id: &str,
    ) -> StoreResult<Option<GroupFile>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM group_files f JOIN chat_groups g ON g.id = f.group_row \
             WHERE f.group_row = {GROUP_ROW} AND f.file_id = ?"
        ))
        .bind(app_id)
        .bind(group_id.as_i64())
        .bind(file_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(file_from_row).transpose()
    }

    async fn delete_group_file(
        &self,
        app_id: i64,
        group_id: GroupId,
        file_id: &str,
    ) -> StoreResult<Option<GroupFile>> {
        let mut transaction = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM group_files f JOIN chat_groups g ON g.id = f.group_row \
             WHERE f.group_row = {GROUP_ROW} AND f.file_id = ?"
        ))
        .bind(app_id)
        .bind(group_id.as_i64())
        .bind(file_id)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        let Some(file) = row.as_ref().map(file_from_row).transpose()? else {
            return Ok(None);
        };
        // The trigger puts the bytes on the debris list in this transaction.
        sqlx::query("DELETE FROM group_files WHERE file_id = ?")
            .bind(file_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(Some(file))
    }

    async fn expire_group_files(&self, created_before_ms: i64, limit: u32) -> StoreResult<u64> {
        let result = sqlx::query(
            "DELETE FROM group_files WHERE id IN \
             (SELECT id FROM group_files WHERE created_ms < ? ORDER BY created_ms, id LIMIT ?)",
        )
        .bind(created_before_ms)
        .bind(limit)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(result.rows_affected())
    }

    async fn group_file_debris(&self, limit: u32) -> StoreResult<Vec<String>> {
        sqlx::query_scalar("SELECT path_key FROM group_file_debris ORDER BY path_key LIMIT ?")
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)
    }

    async fn clear_group_file_debris(&self, path_keys: &[String]) -> StoreResult<()> {
        if path_keys.is_empty() {
            return Ok(());
        }
        let mut transaction = self.begin_write().await?;
        for path_key in path_keys {
            sqlx::query("DELETE FROM group_file_debris WHERE path_key = ?")
                .bind(path_key)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(())
    }
}
