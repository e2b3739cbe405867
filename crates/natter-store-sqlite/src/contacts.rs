//! The contacts, contact_requests and blocks tables.
//!
//! Every limited write (a new contact, a block) starts with its INSERT and counts afterwards, rolling back
//! when the count is over the limit. Writing first takes SQLite's write lock at the first statement, so
//! two concurrent adds queue on the busy timeout instead of both reading a count below the limit (or
//! failing to upgrade a read snapshot to a write).

use crate::{SqliteStore, backend};
use natter_core::UserName;
use natter_store::{BlockedUser, Contact, ContactAdd, ContactStore, StoreError, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

fn stored_name(row: &SqliteRow) -> StoreResult<UserName> {
    let username: String = row.try_get("username").map_err(backend)?;
    UserName::lookup(&username)
        .ok_or_else(|| StoreError::Backend(format!("stored user id {username:?} is invalid")))
}

fn contact_from_row(row: &SqliteRow) -> StoreResult<Contact> {
    Ok(Contact {
        id: row.try_get("id").map_err(backend)?,
        username: stored_name(row)?,
        remark: row.try_get("remark").map_err(backend)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
    })
}

fn blocked_from_row(row: &SqliteRow) -> StoreResult<BlockedUser> {
    Ok(BlockedUser {
        id: row.try_get("id").map_err(backend)?,
        username: stored_name(row)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
    })
}

async fn count_in(transaction: &mut Transaction<'_, Sqlite>, sql: &str, owner_id: i64) -> StoreResult<u64> {
    let count: i64 = sqlx::query_scalar(sql)
        .bind(owner_id)
        .fetch_one(&mut **transaction)
        .await
        .map_err(backend)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

const COUNT_CONTACTS: &str = "SELECT COUNT(*) FROM contacts WHERE owner_id = ?";
const COUNT_BLOCKED: &str = "SELECT COUNT(*) FROM blocks WHERE owner_id = ?";

/// Inserts the sides of the contact that are missing and checks both counts. The caller commits only
/// when the outcome says the two are contacts; otherwise it rolls back, and nothing is written.
async fn add_in(
    transaction: &mut Transaction<'_, Sqlite>,
    owner_id: i64,
    friend_id: i64,
    max_contacts: u32,
    now_ms: i64,
) -> StoreResult<ContactAdd> {
    let mut inserted = [false; 2];
    for (side, (from, to)) in [(owner_id, friend_id), (friend_id, owner_id)]
        .into_iter()
        .enumerate()
    {
        let result =
            sqlx::query("INSERT OR IGNORE INTO contacts (owner_id, friend_id, created_ms) VALUES (?, ?, ?)")
                .bind(from)
                .bind(to)
                .bind(now_ms)
                .execute(&mut **transaction)
                .await
                .map_err(backend)?;
        inserted[side] = result.rows_affected() > 0;
    }
    if inserted[0] && count_in(transaction, COUNT_CONTACTS, owner_id).await? > u64::from(max_contacts) {
        return Ok(ContactAdd::OwnerFull);
    }
    if inserted[1] && count_in(transaction, COUNT_CONTACTS, friend_id).await? > u64::from(max_contacts) {
        return Ok(ContactAdd::FriendFull);
    }
    // Contacts now: a request either way between them has nothing left to ask.
    sqlx::query(
        "DELETE FROM contact_requests WHERE (requester_id = ? AND target_id = ?) \
         OR (requester_id = ? AND target_id = ?)",
    )
    .bind(owner_id)
    .bind(friend_id)
    .bind(friend_id)
    .bind(owner_id)
    .execute(&mut **transaction)
    .await
    .map_err(backend)?;
    Ok(if inserted == [false, false] {
        ContactAdd::AlreadyContacts
    } else {
        ContactAdd::Added
    })
}

/// Commits when the two users are contacts now, rolls back otherwise.
async fn finish(transaction: Transaction<'_, Sqlite>, outcome: ContactAdd) -> StoreResult<ContactAdd> {
    if outcome.are_contacts() {
        transaction.commit().await.map_err(backend)?;
    } else {
        transaction.rollback().await.map_err(backend)?;
    }
    Ok(outcome)
}

#[async_trait::async_trait]
impl ContactStore for SqliteStore {
    async fn add_contact(
        &self,
        owner_id: i64,
        friend_id: i64,
        max_contacts: u32,
        now_ms: i64,
    ) -> StoreResult<ContactAdd> {
        let mut transaction = self.begin_write().await?;
        let outcome = add_in(&mut transaction, owner_id, friend_id, max_contacts, now_ms).await?;
        finish(transaction, outcome).await
    }

    async fn remove_contact(&self, owner_id: i64, friend_id: i64) -> StoreResult<bool> {
        let result = sqlx::query(
            "DELETE FROM contacts WHERE (owner_id = ? AND friend_id = ?) OR (owner_id = ? AND friend_id = ?)",
        )
        .bind(owner_id)
        .bind(friend_id)
        .bind(friend_id)
        .bind(owner_id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn remove_all_contacts(&self, user_id: i64) -> StoreResult<u64> {
        let mut transaction = self.begin_write().await?;
        let own = sqlx::query("DELETE FROM contacts WHERE owner_id = ?")
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?
            .rows_affected();
        sqlx::query("DELETE FROM contacts WHERE friend_id = ?")
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(own)
    }

    async fn set_contact_remark(
        &self,
        owner_id: i64,
        friend_id: i64,
        remark: Option<&str>,
    ) -> StoreResult<bool> {
        let result = sqlx::query("UPDATE contacts SET remark = ? WHERE owner_id = ? AND friend_id = ?")
            .bind(remark)
            .bind(owner_id)
            .bind(friend_id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn list_contacts(
        &self,
        owner_id: i64,
        before_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<Contact>> {
        let rows = sqlx::query(
            "SELECT contacts.id, users.username, contacts.remark, contacts.created_ms \
             FROM contacts JOIN users ON users.id = contacts.friend_id \
             WHERE contacts.owner_id = ? AND contacts.id < ? ORDER BY contacts.id DESC LIMIT ?",
        )
        .bind(owner_id)
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(contact_from_row).collect()
    }

    async fn count_contacts(&self, owner_id: i64) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar(COUNT_CONTACTS)
            .bind(owner_id)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn request_contact(
        &self,
        requester_id: i64,
        target_id: i64,
        reason: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO contact_requests (requester_id, target_id, reason, created_ms) VALUES (?, ?, ?, ?) \
             ON CONFLICT (requester_id, target_id) DO UPDATE SET reason = excluded.reason, \
             created_ms = excluded.created_ms",
        )
        .bind(requester_id)
        .bind(target_id)
        .bind(reason)
        .bind(now_ms)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn accept_contact_request(
        &self,
        requester_id: i64,
        target_id: i64,
        max_contacts: u32,
        now_ms: i64,
    ) -> StoreResult<Option<ContactAdd>> {
        let mut transaction = self.begin_write().await?;
        let pending = sqlx::query("DELETE FROM contact_requests WHERE requester_id = ? AND target_id = ?")
            .bind(requester_id)
            .bind(target_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?
            .rows_affected();
        if pending == 0 {
            transaction.rollback().await.map_err(backend)?;
            return Ok(None);
        }
        // Rolling back a refused add also restores the request: it stays pending.
        let outcome = add_in(&mut transaction, requester_id, target_id, max_contacts, now_ms).await?;
        finish(transaction, outcome).await.map(Some)
    }

    async fn decline_contact_request(&self, requester_id: i64, target_id: i64) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM contact_requests WHERE requester_id = ? AND target_id = ?")
            .bind(requester_id)
            .bind(target_id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn block_users(
        &self,
        owner_id: i64,
        blocked_ids: &[i64],
        max_blocked: u32,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let mut transaction = self.begin_write().await?;
        let mut inserted = false;
        for blocked_id in blocked_ids {
            let result = sqlx::query(
                "INSERT OR IGNORE INTO blocks (owner_id, blocked_id, created_ms) VALUES (?, ?, ?)",
            )
            .bind(owner_id)
            .bind(blocked_id)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            inserted |= result.rows_affected() > 0;
        }
        if inserted && count_in(&mut transaction, COUNT_BLOCKED, owner_id).await? > u64::from(max_blocked) {
            transaction.rollback().await.map_err(backend)?;
            return Ok(false);
        }
        transaction.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn unblock_users(&self, owner_id: i64, blocked_ids: &[i64]) -> StoreResult<u64> {
        let mut transaction = self.begin_write().await?;
        let mut removed = 0;
        for blocked_id in blocked_ids {
            removed += sqlx::query("DELETE FROM blocks WHERE owner_id = ? AND blocked_id = ?")
                .bind(owner_id)
                .bind(blocked_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?
                .rows_affected();
        }
        transaction.commit().await.map_err(backend)?;
        Ok(removed)
    }

    async fn list_blocked(
        &self,
        owner_id: i64,
        before_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<BlockedUser>> {
        let rows = sqlx::query(
            "SELECT blocks.id, users.username, blocks.created_ms \
             FROM blocks JOIN users ON users.id = blocks.blocked_id \
             WHERE blocks.owner_id = ? AND blocks.id < ? ORDER BY blocks.id DESC LIMIT ?",
        )
        .bind(owner_id)
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(blocked_from_row).collect()
    }

    async fn is_blocked(&self, owner_id: i64, blocked_id: i64) -> StoreResult<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM blocks WHERE owner_id = ? AND blocked_id = ?")
                .bind(owner_id)
                .bind(blocked_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(found.is_some())
    }

    async fn is_contact(&self, owner_id: i64, friend_id: i64) -> StoreResult<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM contacts WHERE owner_id = ? AND friend_id = ?")
                .bind(owner_id)
                .bind(friend_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(found.is_some())
    }
}
