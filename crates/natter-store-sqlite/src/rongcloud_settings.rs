//! The `rongcloud_user_tags`, `rongcloud_conversation_mutes` and `rongcloud_sensitive_words` tables.

use crate::{SqliteStore, backend};
use natter_store::{RongCloudSettingsStore, SensitiveWord, StoreResult};
use sqlx::Row;

#[async_trait::async_trait]
impl RongCloudSettingsStore for SqliteStore {
    async fn set_user_tags(&self, user_ids: &[i64], tags: &[String]) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        for &user_id in user_ids {
            sqlx::query("DELETE FROM rongcloud_user_tags WHERE user_id = ?")
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            for (position, tag) in tags.iter().enumerate() {
                sqlx::query("INSERT INTO rongcloud_user_tags (user_id, position, tag) VALUES (?, ?, ?)")
                    .bind(user_id)
                    .bind(i64::try_from(position).unwrap_or(i64::MAX))
                    .bind(tag)
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
            }
        }
        transaction.commit().await.map_err(backend)
    }

    async fn user_tags(&self, user_id: i64) -> StoreResult<Vec<String>> {
        sqlx::query_scalar("SELECT tag FROM rongcloud_user_tags WHERE user_id = ? ORDER BY position")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)
    }

    async fn set_conversation_muted(
        &self,
        user_id: i64,
        conversation_type: u8,
        target_id: &str,
        muted: bool,
    ) -> StoreResult<()> {
        let query = if muted {
            sqlx::query(
                "INSERT INTO rongcloud_conversation_mutes (user_id, conversation_type, target_id) \
                 VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            )
        } else {
            sqlx::query(
                "DELETE FROM rongcloud_conversation_mutes \
                 WHERE user_id = ? AND conversation_type = ? AND target_id = ?",
            )
        };
        query
            .bind(user_id)
            .bind(i64::from(conversation_type))
            .bind(target_id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn conversation_muted(
        &self,
        user_id: i64,
        conversation_type: u8,
        target_id: &str,
    ) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM rongcloud_conversation_mutes \
             WHERE user_id = ? AND conversation_type = ? AND target_id = ?",
        )
        .bind(user_id)
        .bind(i64::from(conversation_type))
        .bind(target_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(found.is_some())
    }

    async fn put_sensitive_word(
        &self,
        app_id: i64,
        word: SensitiveWord,
        max_words: u32,
    ) -> StoreResult<bool> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO rongcloud_sensitive_words (app_id, word, replacement) VALUES (?, ?, ?) \
             ON CONFLICT (app_id, word) DO UPDATE SET replacement = excluded.replacement",
        )
        .bind(app_id)
        .bind(&word.word)
        .bind(word.replacement.as_deref())
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM rongcloud_sensitive_words WHERE app_id = ?")
                .bind(app_id)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
        if count > i64::from(max_words) {
            transaction.rollback().await.map_err(backend)?;
            return Ok(false);
        }
        transaction.commit().await.map_err(backend)?;
        self.caches.sensitive_words.invalidate(&app_id);
        Ok(true)
    }

    async fn delete_sensitive_words(&self, app_id: i64, words: &[String]) -> StoreResult<u64> {
        let mut transaction = self.begin_write().await?;
        let mut deleted = 0;
        for word in words {
            deleted += sqlx::query("DELETE FROM rongcloud_sensitive_words WHERE app_id = ? AND word = ?")
                .bind(app_id)
                .bind(word)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?
                .rows_affected();
        }
        transaction.commit().await.map_err(backend)?;
        self.caches.sensitive_words.invalidate(&app_id);
        Ok(deleted)
    }

    async fn sensitive_words(&self, app_id: i64) -> StoreResult<Vec<SensitiveWord>> {
        // Read on every message a device sends; written only through this store, which invalidates it.
        let words = self
            .caches
            .sensitive_words
            .get_or_load(app_id, async {
                let rows = sqlx::query(
                    "SELECT word, replacement FROM rongcloud_sensitive_words WHERE app_id = ? ORDER BY id",
                )
                .bind(app_id)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
                let words = rows
                    .iter()
                    .map(|row| {
                        Ok(SensitiveWord {
                            word: row.try_get("word").map_err(backend)?,
                            replacement: row.try_get("replacement").map_err(backend)?,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                // An app without words is a found (empty) list, cached like any other.
                Ok(Some(std::sync::Arc::new(words)))
            })
            .await?;
        Ok(words.map(|words| words.as_ref().clone()).unwrap_or_default())
    }
}
