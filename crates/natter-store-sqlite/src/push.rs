//! The offline-push tables (migration 0006): bindings, per-user settings, ignored groups, conversation
//! settings and templates.

use crate::{SqliteStore, backend};
use natter_store::{
    ConversationPush, ConversationPushUpdate, PushBinding, PushChatType, PushMode, PushStore, PushTemplate,
    QuietInterval, StoreError, StoreResult, UserPushSettings, UserPushUpdate,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqliteConnection, Transaction};

const TEMPLATE_COLUMNS: &str = "name, title_pattern, content_pattern, created_ms, updated_ms";

/// A write that named a user row that is gone (deleted meanwhile) breaks the foreign key: the trait
/// reports that as `None`, not as a backend failure.
fn is_missing_user(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(database) if database.is_foreign_key_violation())
}

fn binding_from_row(row: &SqliteRow) -> StoreResult<PushBinding> {
    Ok(PushBinding {
        device_id: row.try_get("device_id").map_err(backend)?,
        notifier_name: row.try_get("notifier_name").map_err(backend)?,
        device_token: row.try_get("device_token").map_err(backend)?,
        updated_ms: row.try_get("updated_ms").map_err(backend)?,
    })
}

fn template_from_row(row: &SqliteRow) -> StoreResult<PushTemplate> {
    Ok(PushTemplate {
        name: row.try_get("name").map_err(backend)?,
        title_pattern: row.try_get("title_pattern").map_err(backend)?,
        content_pattern: row.try_get("content_pattern").map_err(backend)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        updated_ms: row.try_get("updated_ms").map_err(backend)?,
    })
}

fn conversation_from_row(row: &SqliteRow) -> StoreResult<ConversationPush> {
    let mode: Option<String> = row.try_get("mode").map_err(backend)?;
    let interval: Option<String> = row.try_get("ignore_interval").map_err(backend)?;
    Ok(ConversationPush {
        mode: mode
            .map(|mode| {
                PushMode::parse(&mode)
                    .ok_or_else(|| StoreError::Backend(format!("stored push mode {mode:?}")))
            })
            .transpose()?,
        ignore_interval: interval
            .map(|interval| {
                QuietInterval::parse(&interval)
                    .ok_or_else(|| StoreError::Backend(format!("stored quiet interval {interval:?}")))
            })
            .transpose()?,
        ignore_until_ms: row.try_get("ignore_until_ms").map_err(backend)?,
    })
}

async fn user_exists(transaction: &mut Transaction<'_, Sqlite>, user_id: i64) -> StoreResult<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = ?")
        .bind(user_id)
        .fetch_optional(&mut **transaction)
        .await
        .map_err(backend)?;
    Ok(found.is_some())
}

/// `CASE WHEN <change it> THEN <new> ELSE <old> END`, so that one statement applies a partial update.
fn keep_or_set(column: &str) -> String {
    format!("{column} = CASE WHEN ? THEN ? ELSE {column} END")
}

async fn read_user_settings(
    connection: &mut SqliteConnection,
    user_id: i64,
) -> StoreResult<UserPushSettings> {
    let row = sqlx::query(
        "SELECT display_style, language, template_name, legacy_no_disturbing, legacy_no_disturbing_start, \
         legacy_no_disturbing_end FROM push_user_settings WHERE user_id = ?",
    )
    .bind(user_id)
    .fetch_optional(&mut *connection)
    .await
    .map_err(backend)?;
    let ignored_groups: Vec<String> =
        sqlx::query_scalar("SELECT group_id FROM push_ignored_groups WHERE user_id = ? ORDER BY group_id")
            .bind(user_id)
            .fetch_all(&mut *connection)
            .await
            .map_err(backend)?;
    let mut settings = UserPushSettings {
        ignored_groups,
        ..UserPushSettings::default()
    };
    if let Some(row) = row {
        let display_style: Option<i64> = row.try_get("display_style").map_err(backend)?;
        settings.display_style = display_style
            .map(|style| {
                u8::try_from(style).map_err(|_| StoreError::Backend(format!("stored display style {style}")))
            })
            .transpose()?;
        settings.language = row.try_get("language").map_err(backend)?;
        settings.template_name = row.try_get("template_name").map_err(backend)?;
        settings.legacy_no_disturbing = row.try_get("legacy_no_disturbing").map_err(backend)?;
        settings.legacy_no_disturbing_start = row.try_get("legacy_no_disturbing_start").map_err(backend)?;
        settings.legacy_no_disturbing_end = row.try_get("legacy_no_disturbing_end").map_err(backend)?;
    }
    Ok(settings)
}

#[async_trait::async_trait]
impl PushStore for SqliteStore {
    async fn bind_push(&self, user_id: i64, binding: PushBinding) -> StoreResult<Option<PushBinding>> {
        let result = sqlx::query(
            "INSERT INTO push_bindings (user_id, device_id, notifier_name, device_token, updated_ms) \
             VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (user_id, device_id, notifier_name) \
             DO UPDATE SET device_token = excluded.device_token, updated_ms = excluded.updated_ms \
             RETURNING device_id, notifier_name, device_token, updated_ms",
        )
        .bind(user_id)
        .bind(&binding.device_id)
        .bind(&binding.notifier_name)
        .bind(&binding.device_token)
        .bind(binding.updated_ms)
        .fetch_one(&self.pool)
        .await;
        match result {
            Ok(row) => binding_from_row(&row).map(Some),
            Err(error) if is_missing_user(&error) => Ok(None),
            Err(error) => Err(backend(error)),
        }
    }

    async fn unbind_push(&self, user_id: i64, device_id: &str, notifier_name: &str) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM push_bindings WHERE user_id = ? AND device_id = ? AND notifier_name = ?",
        )
        .bind(user_id)
        .bind(device_id)
        .bind(notifier_name)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected())
    }

    async fn unbind_push_device(&self, user_id: i64, device_id: &str) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM push_bindings WHERE user_id = ? AND device_id = ?")
            .bind(user_id)
            .bind(device_id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected())
    }

    async fn push_bindings(&self, user_id: i64) -> StoreResult<Vec<PushBinding>> {
        // The rowid breaks ties between writes of the same millisecond: first written, first listed.
        let rows = sqlx::query(
            "SELECT device_id, notifier_name, device_token, updated_ms FROM push_bindings \
             WHERE user_id = ? ORDER BY updated_ms, rowid",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(binding_from_row).collect()
    }

    async fn user_push_settings(&self, user_id: i64) -> StoreResult<UserPushSettings> {
        let mut connection = self.pool.acquire().await.map_err(backend)?;
        read_user_settings(&mut connection, user_id).await
    }

    async fn update_user_push_settings(
        &self,
        user_id: i64,
        update: UserPushUpdate,
    ) -> StoreResult<Option<UserPushSettings>> {
        let mut transaction = self.begin_write().await?;
        if !user_exists(&mut transaction, user_id).await? {
            return Ok(None);
        }
        sqlx::query("INSERT INTO push_user_settings (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING")
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        let sql = format!(
            "UPDATE push_user_settings SET {}, {}, {}, {}, {}, {} WHERE user_id = ?",
            keep_or_set("display_style"),
            keep_or_set("language"),
            keep_or_set("template_name"),
            keep_or_set("legacy_no_disturbing"),
            keep_or_set("legacy_no_disturbing_start"),
            keep_or_set("legacy_no_disturbing_end"),
        );
        sqlx::query(&sql)
            .bind(update.display_style.is_some())
            .bind(update.display_style.flatten().map(i64::from))
            .bind(update.language.is_some())
            .bind(update.language.flatten())
            .bind(update.template_name.is_some())
            .bind(update.template_name.flatten())
            .bind(update.legacy_no_disturbing.is_some())
            .bind(update.legacy_no_disturbing.flatten())
            .bind(update.legacy_no_disturbing_start.is_some())
            .bind(update.legacy_no_disturbing_start.flatten())
            .bind(update.legacy_no_disturbing_end.is_some())
            .bind(update.legacy_no_disturbing_end.flatten())
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        for (group_id, ignored) in &update.ignore_groups {
            let sql = if *ignored {
                "INSERT INTO push_ignored_groups (user_id, group_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
            } else {
                "DELETE FROM push_ignored_groups WHERE user_id = ? AND group_id = ?"
            };
            sqlx::query(sql)
                .bind(user_id)
                .bind(group_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        let settings = read_user_settings(&mut transaction, user_id).await?;
        transaction.commit().await.map_err(backend)?;
        Ok(Some(settings))
    }

    async fn conversation_push(
        &self,
        user_id: i64,
        chat_type: PushChatType,
        key: &str,
    ) -> StoreResult<ConversationPush> {
        let row = sqlx::query(
            "SELECT mode, ignore_interval, ignore_until_ms FROM push_conversations \
             WHERE user_id = ? AND chat_type = ? AND conversation_key = ?",
        )
        .bind(user_id)
        .bind(chat_type.as_str())
        .bind(key)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref()
            .map(conversation_from_row)
            .transpose()
            .map(Option::unwrap_or_default)
    }

    async fn conversation_push_modes(
        &self,
        user_id: i64,
        app_level_key: &str,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<(PushChatType, String, PushMode)>> {
        let rows = sqlx::query(
            "SELECT chat_type, conversation_key, mode FROM push_conversations \
             WHERE user_id = ? AND mode IS NOT NULL AND NOT (chat_type = 'user' AND conversation_key = ?) \
             ORDER BY chat_type DESC, conversation_key LIMIT ? OFFSET ?",
        )
        .bind(user_id)
        .bind(app_level_key)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut modes = Vec::with_capacity(rows.len());
        for row in rows {
            let chat_type: String = row.try_get("chat_type").map_err(backend)?;
            let key: String = row.try_get("conversation_key").map_err(backend)?;
            let mode: String = row.try_get("mode").map_err(backend)?;
            let chat_type = PushChatType::parse(&chat_type)
                .ok_or_else(|| StoreError::Backend(format!("stored push chat type {chat_type:?}")))?;
            let mode = PushMode::parse(&mode)
                .ok_or_else(|| StoreError::Backend(format!("stored push mode {mode:?}")))?;
            modes.push((chat_type, key, mode));
        }
        Ok(modes)
    }

    async fn update_conversation_push(
        &self,
        user_id: i64,
        chat_type: PushChatType,
        key: &str,
        update: ConversationPushUpdate,
    ) -> StoreResult<Option<ConversationPush>> {
        let mut transaction = self.begin_write().await?;
        if !user_exists(&mut transaction, user_id).await? {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO push_conversations (user_id, chat_type, conversation_key) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(chat_type.as_str())
        .bind(key)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        let sql = format!(
            "UPDATE push_conversations SET {}, {}, {} WHERE user_id = ? AND chat_type = ? AND conversation_key = ? \
             RETURNING mode, ignore_interval, ignore_until_ms",
            keep_or_set("mode"),
            keep_or_set("ignore_interval"),
            keep_or_set("ignore_until_ms"),
        );
        let row = sqlx::query(&sql)
            .bind(update.mode.is_some())
            .bind(update.mode.flatten().map(PushMode::as_str))
            .bind(update.ignore_interval.is_some())
            .bind(
                update
                    .ignore_interval
                    .flatten()
                    .map(|interval| interval.to_string()),
            )
            .bind(update.ignore_until_ms.is_some())
            .bind(update.ignore_until_ms.flatten())
            .bind(user_id)
            .bind(chat_type.as_str())
            .bind(key)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        let setting = conversation_from_row(&row)?;
        transaction.commit().await.map_err(backend)?;
        Ok(Some(setting))
    }

    async fn put_push_template(&self, app_id: i64, template: PushTemplate) -> StoreResult<PushTemplate> {
        let row = sqlx::query(&format!(
            "INSERT INTO push_templates (app_id, name, title_pattern, content_pattern, created_ms, updated_ms) \
             VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT (app_id, name) DO UPDATE SET title_pattern = excluded.title_pattern, \
             content_pattern = excluded.content_pattern, updated_ms = excluded.updated_ms \
             RETURNING {TEMPLATE_COLUMNS}"
        ))
        .bind(app_id)
        .bind(&template.name)
        .bind(&template.title_pattern)
        .bind(&template.content_pattern)
        .bind(template.created_ms)
        .bind(template.updated_ms)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        template_from_row(&row)
    }

    async fn push_template(&self, app_id: i64, name: &str) -> StoreResult<Option<PushTemplate>> {
        let row = sqlx::query(&format!(
            "SELECT {TEMPLATE_COLUMNS} FROM push_templates WHERE app_id = ? AND name = ?"
        ))
        .bind(app_id)
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(template_from_row).transpose()
    }

    async fn update_push_template(
        &self,
        app_id: i64,
        name: &str,
        title_pattern: Option<String>,
        content_pattern: Option<String>,
        now_ms: i64,
    ) -> StoreResult<Option<PushTemplate>> {
        let row = sqlx::query(&format!(
            "UPDATE push_templates SET title_pattern = COALESCE(?, title_pattern), \
             content_pattern = COALESCE(?, content_pattern), updated_ms = ? \
             WHERE app_id = ? AND name = ? RETURNING {TEMPLATE_COLUMNS}"
        ))
        .bind(title_pattern)
        .bind(content_pattern)
        .bind(now_ms)
        .bind(app_id)
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(template_from_row).transpose()
    }

    async fn delete_push_template(&self, app_id: i64, name: &str) -> StoreResult<Option<PushTemplate>> {
        let row = sqlx::query(&format!(
            "DELETE FROM push_templates WHERE app_id = ? AND name = ? RETURNING {TEMPLATE_COLUMNS}"
        ))
        .bind(app_id)
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(template_from_row).transpose()
    }
}
