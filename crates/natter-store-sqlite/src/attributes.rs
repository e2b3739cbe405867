//! The user-attribute tables: `user_attributes`, `user_attribute_settings`, `user_attribute_usage`.
//!
//! A write runs in one `BEGIN IMMEDIATE` transaction: it takes SQLite's write lock before it reads the
//! sizes it checks, so two concurrent writers for one user run one after the other and neither loses the
//! other's keys. (A deferred `BEGIN` would read first and then fail to upgrade with `SQLITE_BUSY`.) A
//! writer that cannot get the lock within the busy timeout reports [`AttributeWrite::Contended`].

use crate::{SqliteStore, backend};
use natter_core::UserName;
use natter_store::{
    AttributeSettings, AttributeStore, AttributeWrite, Attributes, StoreResult, attribute_bytes,
};
use sqlx::Row;
use std::collections::HashMap;

/// SQLite's primary result codes for "the database is locked by another connection".
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;

/// Whether `error` means another connection held the lock for longer than the busy timeout.
fn is_contention(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(database) = error else {
        return false;
    };
    // sqlx reports the extended code; its low byte is the primary code (517 BUSY_SNAPSHOT → 5).
    database
        .code()
        .and_then(|code| code.parse::<i64>().ok())
        .is_some_and(|code| matches!(code & 0xff, SQLITE_BUSY | SQLITE_LOCKED))
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl SqliteStore {
    /// The body of [`AttributeStore::set_attributes`]; dropping the transaction on an early return rolls
    /// back whatever it wrote.
    async fn write_attributes(
        &self,
        app_id: i64,
        username: &UserName,
        pairs: &[(String, String)],
        limits: AttributeSettings,
    ) -> Result<AttributeWrite, sqlx::Error> {
        let mut transaction = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let user_id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE app_id = ? AND username = ?")
                .bind(app_id)
                .bind(username.as_str())
                .fetch_optional(&mut *transaction)
                .await?;
        let Some(user_id) = user_id else {
            return Ok(AttributeWrite::UserMissing);
        };
        let user_total = "SELECT COALESCE(SUM(bytes), 0) FROM user_attributes WHERE user_id = ?";
        let app_total = "SELECT COALESCE((SELECT bytes FROM user_attribute_usage WHERE app_id = ?), 0)";
        let user_before: i64 = sqlx::query_scalar(user_total)
            .bind(user_id)
            .fetch_one(&mut *transaction)
            .await?;
        let app_before: i64 = sqlx::query_scalar(app_total)
            .bind(app_id)
            .fetch_one(&mut *transaction)
            .await?;
        for (name, value) in pairs {
            sqlx::query(
                "INSERT INTO user_attributes (user_id, app_id, name, value, bytes) VALUES (?, ?, ?, ?, ?) \
                 ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value, bytes = excluded.bytes",
            )
            .bind(user_id)
            .bind(app_id)
            .bind(name)
            .bind(value)
            .bind(to_i64(attribute_bytes(name, value)))
            .execute(&mut *transaction)
            .await?;
        }
        let user_after: i64 = sqlx::query_scalar(user_total)
            .bind(user_id)
            .fetch_one(&mut *transaction)
            .await?;
        let app_after: i64 = sqlx::query_scalar(app_total)
            .bind(app_id)
            .fetch_one(&mut *transaction)
            .await?;
        if user_after > to_i64(limits.user_limit_bytes) && user_after > user_before {
            return Ok(AttributeWrite::UserLimitExceeded {
                bytes: to_u64(user_after),
            });
        }
        if app_after > to_i64(limits.app_limit_bytes) && app_after > app_before {
            return Ok(AttributeWrite::AppLimitExceeded {
                bytes: to_u64(app_after),
            });
        }
        transaction.commit().await?;
        Ok(AttributeWrite::Written)
    }
}

#[async_trait::async_trait]
impl AttributeStore for SqliteStore {
    async fn attribute_settings(&self, app_id: i64) -> StoreResult<AttributeSettings> {
        let row = sqlx::query(
            "SELECT enabled, user_limit_bytes, app_limit_bytes FROM user_attribute_settings WHERE app_id = ?",
        )
        .bind(app_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(AttributeSettings::default());
        };
        Ok(AttributeSettings {
            enabled: row.try_get("enabled").map_err(backend)?,
            user_limit_bytes: to_u64(row.try_get("user_limit_bytes").map_err(backend)?),
            app_limit_bytes: to_u64(row.try_get("app_limit_bytes").map_err(backend)?),
        })
    }

    async fn set_attribute_settings(&self, app_id: i64, settings: AttributeSettings) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO user_attribute_settings (app_id, enabled, user_limit_bytes, app_limit_bytes) \
             VALUES (?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET enabled = excluded.enabled, \
             user_limit_bytes = excluded.user_limit_bytes, app_limit_bytes = excluded.app_limit_bytes",
        )
        .bind(app_id)
        .bind(settings.enabled)
        .bind(to_i64(settings.user_limit_bytes))
        .bind(to_i64(settings.app_limit_bytes))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn set_attributes(
        &self,
        app_id: i64,
        username: &UserName,
        pairs: &[(String, String)],
        limits: AttributeSettings,
    ) -> StoreResult<AttributeWrite> {
        match self.write_attributes(app_id, username, pairs, limits).await {
            Ok(outcome) => Ok(outcome),
            Err(error) if is_contention(&error) => {
                tracing::info!(%error, "user attributes: write lock not obtained");
                Ok(AttributeWrite::Contended)
            }
            Err(error) => Err(backend(error)),
        }
    }

    async fn attributes(&self, app_id: i64, username: &UserName) -> StoreResult<Attributes> {
        let rows = sqlx::query(
            "SELECT a.name, a.value FROM user_attributes a JOIN users u ON u.id = a.user_id \
             WHERE u.app_id = ? AND u.username = ?",
        )
        .bind(app_id)
        .bind(username.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("name").map_err(backend)?,
                    row.try_get("value").map_err(backend)?,
                ))
            })
            .collect()
    }

    async fn attributes_of(
        &self,
        app_id: i64,
        usernames: &[UserName],
        names: Option<&[String]>,
    ) -> StoreResult<HashMap<UserName, Attributes>> {
        if usernames.is_empty() || names.is_some_and(<[String]>::is_empty) {
            return Ok(HashMap::new());
        }
        let placeholders = |count: usize| vec!["?"; count].join(", ");
        let mut sql = format!(
            "SELECT u.username, a.name, a.value FROM user_attributes a JOIN users u ON u.id = a.user_id \
             WHERE u.app_id = ? AND u.username IN ({})",
            placeholders(usernames.len())
        );
        if let Some(names) = names {
            sql.push_str(&format!(" AND a.name IN ({})", placeholders(names.len())));
        }
        let mut query = sqlx::query(&sql).bind(app_id);
        for username in usernames {
            query = query.bind(username.as_str());
        }
        for name in names.unwrap_or_default() {
            query = query.bind(name);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(backend)?;
        let mut found: HashMap<UserName, Attributes> = HashMap::new();
        for row in &rows {
            let username: String = row.try_get("username").map_err(backend)?;
            let Some(username) = UserName::lookup(&username) else {
                continue;
            };
            found.entry(username).or_default().insert(
                row.try_get("name").map_err(backend)?,
                row.try_get("value").map_err(backend)?,
            );
        }
        Ok(found)
    }

    async fn delete_attributes(&self, app_id: i64, username: &UserName) -> StoreResult<bool> {
        let result = sqlx::query(
            "DELETE FROM user_attributes WHERE user_id = \
             (SELECT id FROM users WHERE app_id = ? AND username = ?)",
        )
        .bind(app_id)
        .bind(username.as_str())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn attribute_usage(&self, app_id: i64) -> StoreResult<u64> {
        let bytes: Option<i64> =
            sqlx::query_scalar("SELECT bytes FROM user_attribute_usage WHERE app_id = ?")
                .bind(app_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(bytes.map_or(0, to_u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use natter_core::{AppKey, NewApp, NewUser};
    use natter_store::{AppStore, UserStore};
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
    use std::time::Duration;

    /// A store whose writers give up on the lock after 50 ms, and the file it opened.
    async fn impatient_store(directory: &tempfile::TempDir) -> (SqliteStore, SqliteConnectOptions) {
        let options = SqliteConnectOptions::new()
            .filename(directory.path().join("natter.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_millis(50));
        let store = SqliteStore::connect(options.clone()).await.expect("open");
        (store, options)
    }

    #[tokio::test]
    async fn a_writer_that_cannot_get_the_lock_reports_contention_and_writes_nothing() {
        let directory = tempfile::tempdir().expect("temp dir");
        let (store, options) = impatient_store(&directory).await;
        let app = store
            .create_app(NewApp {
                key: AppKey::parse("org#app").expect("key"),
                uuid: "u".into(),
                client_id: "c".into(),
                client_secret: "s".into(),
                rongcloud_app_key: "k".into(),
                rongcloud_app_secret: "r".into(),
                registration_open: false,
                max_users: 0,
                created_at_ms: 1,
            })
            .await
            .expect("app");
        let alice = UserName::lookup("alice").expect("name");
        store
            .create_users(
                app.id,
                vec![NewUser {
                    username: alice.clone(),
                    uuid: "ua".into(),
                    password_hash: "h".into(),
                    nickname: None,
                    created_ms: 1,
                }],
            )
            .await
            .expect("user");

        // Another connection (another process, in production) holds the write lock.
        let holder = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .expect("second pool");
        let lock = holder.begin_with("BEGIN IMMEDIATE").await.expect("hold the lock");
        let pairs = [("nickname".to_string(), "Al".to_string())];
        let outcome = store
            .set_attributes(app.id, &alice, &pairs, AttributeSettings::default())
            .await
            .expect("no backend error");
        assert_eq!(outcome, AttributeWrite::Contended);
        drop(lock);

        assert!(store.attributes(app.id, &alice).await.expect("read").is_empty());
        let outcome = store
            .set_attributes(app.id, &alice, &pairs, AttributeSettings::default())
            .await
            .expect("write");
        assert_eq!(outcome, AttributeWrite::Written, "the lock is free again");
    }
}
