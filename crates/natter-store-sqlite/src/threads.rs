//! The threads and thread_members tables (子区, migration 0015).

use crate::{SqliteStore, backend};
use natter_core::{GroupId, UserName};
use natter_store::{
    NewThread, StoreError, StoreResult, Thread, ThreadCreate, ThreadJoin, ThreadPage, ThreadStore,
};
use sqlx::Row;

/// The columns of a thread, `t` being the threads row and `g` its group.
const COLUMNS: &str = "t.id AS position, t.thread_id, g.group_id, t.msg_id, t.name, t.owner_name, t.created_ms, \
                       (SELECT COUNT(*) FROM thread_members m WHERE m.thread_row = t.id) AS member_count";

const THREAD_ROW: &str = "(SELECT id FROM threads WHERE app_id = ? AND thread_id = ?)";

fn out_of_range(column: &str, value: i64) -> StoreError {
    StoreError::Backend(format!("stored {column} {value}"))
}

fn thread_from_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Thread> {
    let thread_id: i64 = row.try_get("thread_id").map_err(backend)?;
    let group_id: i64 = row.try_get("group_id").map_err(backend)?;
    let msg_id: i64 = row.try_get("msg_id").map_err(backend)?;
    let owner: String = row.try_get("owner_name").map_err(backend)?;
    let member_count: i64 = row.try_get("member_count").map_err(backend)?;
    Ok(Thread {
        thread_id: u64::try_from(thread_id).map_err(|_| out_of_range("thread_id", thread_id))?,
        group_id: GroupId::from_i64(group_id).ok_or_else(|| out_of_range("group_id", group_id))?,
        msg_id: u64::try_from(msg_id).map_err(|_| out_of_range("msg_id", msg_id))?,
        name: row.try_get("name").map_err(backend)?,
        owner: UserName::lookup(&owner)
            .ok_or_else(|| StoreError::Backend(format!("stored owner {owner}")))?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        member_count: u64::try_from(member_count).map_err(|_| out_of_range("member_count", member_count))?,
    })
}

fn positioned(rows: &[sqlx::sqlite::SqliteRow]) -> StoreResult<Vec<(i64, Thread)>> {
    rows.iter()
        .map(|row| Ok((row.try_get("position").map_err(backend)?, thread_from_row(row)?)))
        .collect()
}

/// An id as SQLite stores it; ids from the generator stay below 2^63.
fn stored_id(id: u64) -> StoreResult<i64> {
    i64::try_from(id).map_err(|_| StoreError::Backend(format!("id {id} out of range")))
}

/// `AND <column> < ?` / `> ?` and the ORDER BY of a page.
fn page_clauses(column: &str, page: ThreadPage) -> (String, String) {
    let (comparison, order) = if page.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let after = match page.after {
        Some(_) => format!(" AND {column} {comparison} ?"),
        None => String::new(),
    };
    (after, format!(" ORDER BY {column} {order} LIMIT ?"))
}

async fn joined_count(connection: &mut sqlx::SqliteConnection, user_id: i64) -> StoreResult<u64> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM thread_members WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(&mut *connection)
        .await
        .map_err(backend)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

#[async_trait::async_trait]
impl ThreadStore for SqliteStore {
    async fn create_thread(&self, app_id: i64, thread: NewThread) -> StoreResult<ThreadCreate> {
        let mut transaction = self.begin_write().await?;
        let group_row: Option<i64> =
            sqlx::query_scalar("SELECT id FROM chat_groups WHERE app_id = ? AND group_id = ?")
                .bind(app_id)
                .bind(thread.group_id.as_i64())
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
        let Some(group_row) = group_row else {
            return Ok(ThreadCreate::GroupMissing);
        };
        let msg_id = stored_id(thread.msg_id)?;
        let taken: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM threads WHERE app_id = ? AND msg_id = ?)")
                .bind(app_id)
                .bind(msg_id)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
        if taken {
            return Ok(ThreadCreate::MessageTaken);
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM threads WHERE app_id = ?")
            .bind(app_id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        if u64::try_from(count).unwrap_or(0) >= thread.app_limit {
            return Ok(ThreadCreate::AppFull);
        }
        if joined_count(&mut transaction, thread.owner_id).await? >= thread.user_limit {
            return Ok(ThreadCreate::UserFull);
        }
        let row_id: i64 = sqlx::query_scalar(
            "INSERT INTO threads (app_id, thread_id, group_row, msg_id, name, owner_name, created_ms) \
             VALUES (?, ?, ?, ?, ?, (SELECT username FROM users WHERE id = ?), ?) RETURNING id",
        )
        .bind(app_id)
        .bind(stored_id(thread.thread_id)?)
        .bind(group_row)
        .bind(msg_id)
        .bind(&thread.name)
        .bind(thread.owner_id)
        .bind(thread.created_ms)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        sqlx::query("INSERT INTO thread_members (thread_row, user_id, joined_ms) VALUES (?, ?, ?)")
            .bind(row_id)
            .bind(thread.owner_id)
            .bind(thread.created_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM threads t JOIN chat_groups g ON g.id = t.group_row WHERE t.id = ?"
        ))
        .bind(row_id)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        let created = thread_from_row(&row)?;
        transaction.commit().await.map_err(backend)?;
        Ok(ThreadCreate::Created(created))
    }

    async fn thread(&self, app_id: i64, thread_id: u64) -> StoreResult<Option<Thread>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM threads t JOIN chat_groups g ON g.id = t.group_row \
             WHERE t.app_id = ? AND t.thread_id = ?"
        ))
        .bind(app_id)
        .bind(stored_id(thread_id)?)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(thread_from_row).transpose()
    }

    async fn rename_thread(&self, app_id: i64, thread_id: u64, name: &str) -> StoreResult<bool> {
        let result = sqlx::query("UPDATE threads SET name = ? WHERE app_id = ? AND thread_id = ?")
            .bind(name)
            .bind(app_id)
            .bind(stored_id(thread_id)?)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn delete_thread(&self, app_id: i64, thread_id: u64) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM threads WHERE app_id = ? AND thread_id = ?")
            .bind(app_id)
            .bind(stored_id(thread_id)?)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn list_threads(&self, app_id: i64, page: ThreadPage) -> StoreResult<Vec<(i64, Thread)>> {
        let (after, order) = page_clauses("t.id", page);
        let sql = format!(
            "SELECT {COLUMNS} FROM threads t JOIN chat_groups g ON g.id = t.group_row \
             WHERE t.app_id = ?{after}{order}"
        );
        let mut query = sqlx::query(&sql).bind(app_id);
        if let Some(position) = page.after {
            query = query.bind(position);
        }
        let rows = query
            .bind(i64::from(page.limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        positioned(&rows)
    }

    async fn user_threads(
        &self,
        app_id: i64,
        user_id: i64,
        group: Option<GroupId>,
        page: ThreadPage,
    ) -> StoreResult<Vec<(i64, Thread)>> {
        let (after, order) = page_clauses("j.id", page);
        let in_group = if group.is_some() {
            " AND g.group_id = ?"
        } else {
            ""
        };
        // `position` is the membership's row id here: the list is by join time (T5).
        let columns = COLUMNS.replacen("t.id AS position", "j.id AS position", 1);
        let sql = format!(
            "SELECT {columns} FROM thread_members j JOIN threads t ON t.id = j.thread_row \
             JOIN chat_groups g ON g.id = t.group_row \
             WHERE t.app_id = ? AND j.user_id = ?{in_group}{after}{order}"
        );
        let mut query = sqlx::query(&sql).bind(app_id).bind(user_id);
        if let Some(group) = group {
            query = query.bind(group.as_i64());
        }
        if let Some(position) = page.after {
            query = query.bind(position);
        }
        let rows = query
            .bind(i64::from(page.limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        positioned(&rows)
    }

    async fn thread_members(
        &self,
        app_id: i64,
        thread_id: u64,
        after: Option<i64>,
        limit: u32,
    ) -> StoreResult<Option<Vec<(i64, UserName)>>> {
        let thread_id = stored_id(thread_id)?;
        let row: Option<i64> =
            sqlx::query_scalar("SELECT id FROM threads WHERE app_id = ? AND thread_id = ?")
                .bind(app_id)
                .bind(thread_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        let Some(thread_row) = row else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT m.id, u.username FROM thread_members m JOIN users u ON u.id = m.user_id \
             WHERE m.thread_row = ? AND m.id > ? ORDER BY m.id LIMIT ?",
        )
        .bind(thread_row)
        .bind(after.unwrap_or(0))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let name: String = row.try_get("username").map_err(backend)?;
                let name = UserName::lookup(&name)
                    .ok_or_else(|| StoreError::Backend(format!("stored name {name}")))?;
                Ok((row.try_get("id").map_err(backend)?, name))
            })
            .collect::<StoreResult<Vec<_>>>()
            .map(Some)
    }

    async fn join_thread(
        &self,
        app_id: i64,
        thread_id: u64,
        user_ids: &[i64],
        now_ms: i64,
        user_limit: u64,
    ) -> StoreResult<ThreadJoin> {
        let mut transaction = self.begin_write().await?;
        let row: Option<i64> = sqlx::query_scalar(&format!("SELECT {THREAD_ROW}"))
            .bind(app_id)
            .bind(stored_id(thread_id)?)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        let Some(thread_row) = row else {
            return Ok(ThreadJoin::ThreadMissing);
        };
        let mut joined = Vec::with_capacity(user_ids.len());
        for (index, user_id) in user_ids.iter().enumerate() {
            let member: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM thread_members WHERE thread_row = ? AND user_id = ?)",
            )
            .bind(thread_row)
            .bind(user_id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
            if member {
                joined.push(false);
                continue;
            }
            if joined_count(&mut transaction, *user_id).await? >= user_limit {
                // Dropping the transaction rolls back the users joined before this one.
                return Ok(ThreadJoin::UserFull(index));
            }
            sqlx::query("INSERT INTO thread_members (thread_row, user_id, joined_ms) VALUES (?, ?, ?)")
                .bind(thread_row)
                .bind(user_id)
                .bind(now_ms)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            joined.push(true);
        }
        transaction.commit().await.map_err(backend)?;
        Ok(ThreadJoin::Joined(joined))
    }

    async fn leave_thread(
        &self,
        app_id: i64,
        thread_id: u64,
        user_ids: &[i64],
    ) -> StoreResult<Option<Vec<bool>>> {
        let mut transaction = self.begin_write().await?;
        let row: Option<i64> = sqlx::query_scalar(&format!("SELECT {THREAD_ROW}"))
            .bind(app_id)
            .bind(stored_id(thread_id)?)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        let Some(thread_row) = row else {
            return Ok(None);
        };
        let mut left = Vec::with_capacity(user_ids.len());
        for user_id in user_ids {
            let result = sqlx::query("DELETE FROM thread_members WHERE thread_row = ? AND user_id = ?")
                .bind(thread_row)
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            left.push(result.rows_affected() > 0);
        }
        transaction.commit().await.map_err(backend)?;
        Ok(Some(left))
    }
}
