//! The users table.

use crate::{SqliteStore, backend};
use natter_core::{NewUser, User, UserName};
use natter_store::{StoreError, StoreResult, UserStore};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

// Shared with the push audience query (rongcloud_push.rs), which reads whole users too.
pub(crate) const USER_COLUMNS: &str = "id, app_id, username, uuid, password_hash, activated, nickname, created_ms, \
                            modified_ms, tokens_valid_after_ms";

pub(crate) fn user_from_row(row: &SqliteRow) -> StoreResult<User> {
    let username: String = row.try_get("username").map_err(backend)?;
    Ok(User {
        id: row.try_get("id").map_err(backend)?,
        app_id: row.try_get("app_id").map_err(backend)?,
        username: UserName::lookup(&username)
            .ok_or_else(|| StoreError::Backend(format!("stored user id {username:?} is invalid")))?,
        uuid: row.try_get("uuid").map_err(backend)?,
        password_hash: row.try_get("password_hash").map_err(backend)?,
        activated: row.try_get("activated").map_err(backend)?,
        nickname: row.try_get("nickname").map_err(backend)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        modified_ms: row.try_get("modified_ms").map_err(backend)?,
        tokens_valid_after_ms: row.try_get("tokens_valid_after_ms").map_err(backend)?,
    })
}

impl SqliteStore {
    async fn update_user(
        &self,
        sql_set: &str,
        app_id: i64,
        username: &UserName,
        bind: UpdateBind<'_>,
    ) -> StoreResult<Option<User>> {
        let sql =
            format!("UPDATE users SET {sql_set} WHERE app_id = ? AND username = ? RETURNING {USER_COLUMNS}");
        let query = sqlx::query(&sql);
        let query = match bind {
            UpdateBind::Password { hash, now_ms } => query.bind(hash).bind(now_ms).bind(now_ms),
            UpdateBind::Activated { activated, now_ms } => {
                query.bind(activated).bind(now_ms).bind(activated).bind(now_ms)
            }
            UpdateBind::Nickname { nickname, now_ms } => query.bind(nickname).bind(now_ms),
        };
        let row = query
            .bind(app_id)
            .bind(username.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        self.caches
            .users
            .invalidate(&(app_id, username.as_str().to_owned()));
        row.as_ref().map(user_from_row).transpose()
    }
}

enum UpdateBind<'a> {
    Password { hash: &'a str, now_ms: i64 },
    Activated { activated: bool, now_ms: i64 },
    Nickname { nickname: Option<&'a str>, now_ms: i64 },
}

#[async_trait::async_trait]
impl UserStore for SqliteStore {
    async fn create_users(&self, app_id: i64, users: Vec<NewUser>) -> StoreResult<Vec<User>> {
        let mut transaction = self.begin_write().await?;
        let mut created = Vec::with_capacity(users.len());
        let sql = format!(
            "INSERT INTO users (app_id, username, uuid, password_hash, nickname, created_ms, modified_ms) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {USER_COLUMNS}"
        );
        for user in users {
            let row = sqlx::query(&sql)
                .bind(app_id)
                .bind(user.username.as_str())
                .bind(&user.uuid)
                .bind(&user.password_hash)
                .bind(&user.nickname)
                .bind(user.created_ms)
                .bind(user.created_ms)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
            created.push(user_from_row(&row)?);
        }
        // The quota is checked after the inserts, inside the write lock: concurrent registrations cannot
        // both slip under it.
        let (max_users, count): (i64, i64) = sqlx::query_as(
            "SELECT a.max_users, (SELECT COUNT(*) FROM users WHERE app_id = a.id) FROM apps a WHERE a.id = ?",
        )
        .bind(app_id)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        if max_users > 0 && count > max_users {
            return Err(StoreError::LimitExceeded(format!(
                "app {app_id} allows {max_users} users"
            )));
        }
        // Dropping the transaction on an error above rolls the whole batch back.
        transaction.commit().await.map_err(backend)?;
        Ok(created)
    }

    async fn user_by_name(&self, app_id: i64, username: &UserName) -> StoreResult<Option<User>> {
        // Read by nearly every REST call and token grant: cached (cache.rs says when that is safe).
        self.caches
            .users
            .get_or_load((app_id, username.as_str().to_owned()), async {
                let row = sqlx::query(&format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE app_id = ? AND username = ?"
                ))
                .bind(app_id)
                .bind(username.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
                row.as_ref().map(user_from_row).transpose()
            })
            .await
    }

    async fn list_users(&self, app_id: i64, after_id: Option<i64>, limit: u32) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE app_id = ? AND id > ? ORDER BY id LIMIT ?"
        ))
        .bind(app_id)
        .bind(after_id.unwrap_or(0))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(user_from_row).collect()
    }

    async fn delete_user(&self, app_id: i64, username: &UserName) -> StoreResult<Option<User>> {
        let row = sqlx::query(&format!(
            "DELETE FROM users WHERE app_id = ? AND username = ? RETURNING {USER_COLUMNS}"
        ))
        .bind(app_id)
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        self.caches
            .users
            .invalidate(&(app_id, username.as_str().to_owned()));
        row.as_ref().map(user_from_row).transpose()
    }

    async fn delete_oldest_users(&self, app_id: i64, limit: u32) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(&format!(
            "DELETE FROM users WHERE id IN (SELECT id FROM users WHERE app_id = ? ORDER BY id LIMIT ?) \
             RETURNING {USER_COLUMNS}"
        ))
        .bind(app_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        self.caches.users.clear();
        let mut users = rows.iter().map(user_from_row).collect::<StoreResult<Vec<_>>>()?;
        users.sort_by_key(|user| user.id);
        Ok(users)
    }

    async fn set_password(
        &self,
        app_id: i64,
        username: &UserName,
        password_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<User>> {
        self.update_user(
            "password_hash = ?, modified_ms = ?, tokens_valid_after_ms = ?",
            app_id,
            username,
            UpdateBind::Password {
                hash: password_hash,
                now_ms,
            },
        )
        .await
    }

    async fn set_activated(
        &self,
        app_id: i64,
        username: &UserName,
        activated: bool,
        now_ms: i64,
    ) -> StoreResult<Option<User>> {
        self.update_user(
            "activated = ?, modified_ms = ?, \
             tokens_valid_after_ms = CASE WHEN ? THEN tokens_valid_after_ms ELSE ? END",
            app_id,
            username,
            UpdateBind::Activated { activated, now_ms },
        )
        .await
    }

    async fn set_nickname(
        &self,
        app_id: i64,
        username: &UserName,
        nickname: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<Option<User>> {
        self.update_user(
            "nickname = ?, modified_ms = ?",
            app_id,
            username,
            UpdateBind::Nickname { nickname, now_ms },
        )
        .await
    }

    async fn count_users(&self, app_id: i64) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE app_id = ?")
            .bind(app_id)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
