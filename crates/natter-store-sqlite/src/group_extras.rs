//! The group tables of migration 0013: announcements, `group_mutes`, `group_allowlist`,
//! `group_blocklist`, `group_member_attributes`, and the one-query send check of the message pipeline.
//!
//! The `GroupStore` impl (groups.rs) hands these calls over to the methods here, so that the older
//! group code and this one each stay readable.

use crate::groups::{GROUP_ROW, lock_group, stored_name};
use crate::{SqliteStore, backend};
use natter_core::{GroupId, GroupRole, UserName};
use natter_store::{
    GroupRelation, GroupSendCheck, MemberAttributes, MemberAttributesPut, MuteUntil, StoreResult,
};
use sqlx::Row;

/// The stored form of a mute's end: -1 for "until lifted".
fn until_to_ms(until: MuteUntil) -> i64 {
    match until {
        MuteUntil::Forever => -1,
        MuteUntil::At(at) => at,
    }
}

fn ms_to_until(ms: i64) -> MuteUntil {
    if ms < 0 {
        MuteUntil::Forever
    } else {
        MuteUntil::At(ms)
    }
}

/// A mute row in force at the bound `now`: until lifted, or ending after it.
const MUTE_IN_FORCE: &str = "(mu.until_ms = -1 OR mu.until_ms > ?)";

/// The send check: one statement, every step a unique-index lookup: chat_groups (app_id, group_id), users
/// (app_id, username), then (group_row, user_id) in members, mutes and allowlist. Binds: username, now,
/// app id, group id.
fn send_check_sql() -> String {
    format!(
        "SELECT g.disabled, g.mute_all, m.role, mu.until_ms, a.user_id IS NOT NULL AS allowed \
         FROM chat_groups g \
         LEFT JOIN users u ON u.app_id = g.app_id AND u.username = ? \
         LEFT JOIN group_members m ON m.group_row = g.id AND m.user_id = u.id \
         LEFT JOIN group_mutes mu ON mu.group_row = g.id AND mu.user_id = u.id AND {MUTE_IN_FORCE} \
         LEFT JOIN group_allowlist a ON a.group_row = g.id AND a.user_id = u.id \
         WHERE g.app_id = ? AND g.group_id = ?"
    )
}

impl SqliteStore {
    pub(crate) async fn group_flag(
        &self,
        app_id: i64,
        id: GroupId,
        column: GroupFlag,
        on: bool,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let sql = match column {
            GroupFlag::Disabled => {
                "UPDATE chat_groups SET disabled = ?, modified_ms = ? WHERE app_id = ? AND group_id = ?"
            }
            GroupFlag::MuteAll => {
                "UPDATE chat_groups SET mute_all = ?, modified_ms = ? WHERE app_id = ? AND group_id = ?"
            }
        };
        let result = sqlx::query(sql)
            .bind(on)
            .bind(now_ms)
            .bind(app_id)
            .bind(id.as_i64())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    pub(crate) async fn read_announcement(&self, app_id: i64, id: GroupId) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT announcement FROM chat_groups WHERE app_id = ? AND group_id = ?")
            .bind(app_id)
            .bind(id.as_i64())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    pub(crate) async fn write_announcement(
        &self,
        app_id: i64,
        id: GroupId,
        announcement: &str,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE chat_groups SET announcement = ?, modified_ms = ? WHERE app_id = ? AND group_id = ?",
        )
        .bind(announcement)
        .bind(now_ms)
        .bind(app_id)
        .bind(id.as_i64())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    pub(crate) async fn read_relations(
        &self,
        app_id: i64,
        id: GroupId,
        usernames: &[UserName],
        now_ms: i64,
    ) -> StoreResult<Vec<GroupRelation>> {
        let sql = format!(
            "SELECT u.id AS user_id, \
             (SELECT role FROM group_members WHERE group_row = g.id AND user_id = u.id) AS role, \
             (SELECT mu.until_ms FROM group_mutes mu WHERE mu.group_row = g.id AND mu.user_id = u.id \
              AND {MUTE_IN_FORCE}) AS until_ms, \
             EXISTS (SELECT 1 FROM group_allowlist WHERE group_row = g.id AND user_id = u.id) AS allowed, \
             EXISTS (SELECT 1 FROM group_blocklist WHERE group_row = g.id AND user_id = u.id) AS blocked \
             FROM users u JOIN chat_groups g ON g.app_id = u.app_id \
             WHERE u.app_id = ? AND u.username = ? AND g.group_id = ?"
        );
        let mut relations = Vec::with_capacity(usernames.len());
        for username in usernames {
            let row = sqlx::query(&sql)
                .bind(now_ms)
                .bind(app_id)
                .bind(username.as_str())
                .bind(id.as_i64())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
            let relation = match row {
                None => GroupRelation {
                    username: username.clone(),
                    user_id: None,
                    role: None,
                    muted: None,
                    allowed: false,
                    blocked: false,
                },
                Some(row) => {
                    let role: Option<String> = row.try_get("role").map_err(backend)?;
                    let until: Option<i64> = row.try_get("until_ms").map_err(backend)?;
                    GroupRelation {
                        username: username.clone(),
                        user_id: Some(row.try_get("user_id").map_err(backend)?),
                        role: role.as_deref().and_then(GroupRole::parse),
                        muted: until.map(ms_to_until),
                        allowed: row.try_get("allowed").map_err(backend)?,
                        blocked: row.try_get("blocked").map_err(backend)?,
                    }
                }
            };
            relations.push(relation);
        }
        Ok(relations)
    }

    pub(crate) async fn send_check(
        &self,
        app_id: i64,
        id: GroupId,
        username: &UserName,
        now_ms: i64,
    ) -> StoreResult<GroupSendCheck> {
        let row = sqlx::query(&send_check_sql())
            .bind(username.as_str())
            .bind(now_ms)
            .bind(app_id)
            .bind(id.as_i64())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        let Some(row) = row else {
            return Ok(GroupSendCheck::default());
        };
        let role: Option<String> = row.try_get("role").map_err(backend)?;
        let role = role.as_deref().and_then(GroupRole::parse);
        Ok(GroupSendCheck {
            exists: true,
            disabled: row.try_get("disabled").map_err(backend)?,
            is_member: role.is_some(),
            role,
            muted_until_ms: row.try_get("until_ms").map_err(backend)?,
            mute_all: row.try_get("mute_all").map_err(backend)?,
            on_allowlist: row.try_get("allowed").map_err(backend)?,
        })
    }

    /// The user IDs of one of the list tables, in the order they were added.
    pub(crate) async fn read_user_list(
        &self,
        app_id: i64,
        id: GroupId,
        list: GroupList,
    ) -> StoreResult<Vec<UserName>> {
        let table = match list {
            GroupList::Blocklist => "group_blocklist",
            GroupList::Allowlist => "group_allowlist",
        };
        let sql = format!(
            "SELECT u.username FROM {table} l JOIN users u ON u.id = l.user_id \
             WHERE l.group_row = {GROUP_ROW} ORDER BY l.id"
        );
        let rows = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|row| stored_name(row, "username")).collect()
    }

    pub(crate) async fn block_members(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        now_ms: i64,
    ) -> StoreResult<Vec<i64>> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(Vec::new());
        };
        let mut blocked = Vec::new();
        for &user_id in user_ids {
            // Leaving takes the allowlist entry and the attributes along (trigger of 0013).
            let left = sqlx::query(
                "DELETE FROM group_members WHERE group_row = ? AND user_id = ? AND role <> 'owner'",
            )
            .bind(locked.row_id)
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            if left.rows_affected() == 0 {
                continue;
            }
            sqlx::query(
                "INSERT OR IGNORE INTO group_blocklist (group_row, user_id, added_ms) VALUES (?, ?, ?)",
            )
            .bind(locked.row_id)
            .bind(user_id)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            sqlx::query("DELETE FROM group_requests WHERE group_row = ? AND user_id = ?")
                .bind(locked.row_id)
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            blocked.push(user_id);
        }
        transaction.commit().await.map_err(backend)?;
        Ok(blocked)
    }

    pub(crate) async fn unblock_users(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
    ) -> StoreResult<Vec<i64>> {
        let sql = format!("DELETE FROM group_blocklist WHERE group_row = {GROUP_ROW} AND user_id = ?");
        let mut transaction = self.begin_write().await?;
        let mut unblocked = Vec::new();
        for &user_id in user_ids {
            let result = sqlx::query(&sql)
                .bind(app_id)
                .bind(id.as_i64())
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            if result.rows_affected() > 0 {
                unblocked.push(user_id);
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(unblocked)
    }

    pub(crate) async fn read_mutes(
        &self,
        app_id: i64,
        id: GroupId,
        now_ms: i64,
    ) -> StoreResult<Vec<(UserName, MuteUntil)>> {
        let sql = format!(
            "SELECT u.username, mu.until_ms FROM group_mutes mu JOIN users u ON u.id = mu.user_id \
             WHERE mu.group_row = {GROUP_ROW} AND {MUTE_IN_FORCE} ORDER BY mu.id"
        );
        let rows = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .bind(now_ms)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let until: i64 = row.try_get("until_ms").map_err(backend)?;
                Ok((stored_name(row, "username")?, ms_to_until(until)))
            })
            .collect()
    }

    pub(crate) async fn write_mutes(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        until: Option<MuteUntil>,
    ) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(());
        };
        for &user_id in user_ids {
            let query = match until {
                Some(until) => sqlx::query(
                    "INSERT INTO group_mutes (group_row, user_id, until_ms) VALUES (?, ?, ?) \
                     ON CONFLICT (group_row, user_id) DO UPDATE SET until_ms = excluded.until_ms",
                )
                .bind(locked.row_id)
                .bind(user_id)
                .bind(until_to_ms(until)),
                None => sqlx::query("DELETE FROM group_mutes WHERE group_row = ? AND user_id = ?")
                    .bind(locked.row_id)
                    .bind(user_id),
            };
            query.execute(&mut *transaction).await.map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn write_allowed(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        allowed: bool,
        now_ms: i64,
    ) -> StoreResult<Vec<i64>> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(Vec::new());
        };
        let mut changed = Vec::new();
        for &user_id in user_ids {
            // The WHERE clause keeps non-members off the list (and SQLite from reading ON CONFLICT as a
            // join constraint).
            let query = if allowed {
                sqlx::query(
                    "INSERT INTO group_allowlist (group_row, user_id, added_ms) SELECT ?, ?, ? \
                     WHERE EXISTS (SELECT 1 FROM group_members WHERE group_row = ? AND user_id = ?) \
                     ON CONFLICT (group_row, user_id) DO NOTHING",
                )
                .bind(locked.row_id)
                .bind(user_id)
                .bind(now_ms)
                .bind(locked.row_id)
                .bind(user_id)
            } else {
                sqlx::query("DELETE FROM group_allowlist WHERE group_row = ? AND user_id = ?")
                    .bind(locked.row_id)
                    .bind(user_id)
            };
            if query
                .execute(&mut *transaction)
                .await
                .map_err(backend)?
                .rows_affected()
                > 0
            {
                changed.push(user_id);
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(changed)
    }

    pub(crate) async fn write_member_attributes(
        &self,
        app_id: i64,
        id: GroupId,
        user_id: i64,
        changes: &MemberAttributes,
        max_bytes: usize,
    ) -> StoreResult<MemberAttributesPut> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(MemberAttributesPut::NoGroup);
        };
        let member: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_row = ? AND user_id = ?)",
        )
        .bind(locked.row_id)
        .bind(user_id)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        if !member {
            transaction.rollback().await.map_err(backend)?;
            return Ok(MemberAttributesPut::NotMember);
        }
        let rows =
            sqlx::query("SELECT key, value FROM group_member_attributes WHERE group_row = ? AND user_id = ?")
                .bind(locked.row_id)
                .bind(user_id)
                .fetch_all(&mut *transaction)
                .await
                .map_err(backend)?;
        let mut attributes = MemberAttributes::new();
        for row in &rows {
            attributes.insert(
                row.try_get("key").map_err(backend)?,
                row.try_get("value").map_err(backend)?,
            );
        }
        for (key, value) in changes {
            if value.is_empty() {
                attributes.remove(key);
            } else {
                attributes.insert(key.clone(), value.clone());
            }
        }
        let weight: usize = attributes
            .iter()
            .map(|(key, value)| natter_core::group::member_attribute_bytes(key, value))
            .sum();
        if weight > max_bytes {
            transaction.rollback().await.map_err(backend)?;
            return Ok(MemberAttributesPut::TooLarge);
        }
        for (key, value) in changes {
            let query = if value.is_empty() {
                sqlx::query(
                    "DELETE FROM group_member_attributes WHERE group_row = ? AND user_id = ? AND key = ?",
                )
                .bind(locked.row_id)
                .bind(user_id)
                .bind(key)
            } else {
                sqlx::query(
                    "INSERT INTO group_member_attributes (group_row, user_id, key, value) VALUES (?, ?, ?, ?) \
                     ON CONFLICT (group_row, user_id, key) DO UPDATE SET value = excluded.value",
                )
                .bind(locked.row_id)
                .bind(user_id)
                .bind(key)
                .bind(value)
            };
            query.execute(&mut *transaction).await.map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(MemberAttributesPut::Updated(attributes))
    }

    pub(crate) async fn read_member_attributes(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        keys: &[String],
    ) -> StoreResult<Vec<(i64, MemberAttributes)>> {
        let member_sql = format!(
            "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_row = {GROUP_ROW} AND user_id = ?)"
        );
        let attributes_sql = format!(
            "SELECT key, value FROM group_member_attributes WHERE group_row = {GROUP_ROW} AND user_id = ?"
        );
        let mut found = Vec::new();
        for &user_id in user_ids {
            let member: bool = sqlx::query_scalar(&member_sql)
                .bind(app_id)
                .bind(id.as_i64())
                .bind(user_id)
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
            if !member {
                continue;
            }
            let rows = sqlx::query(&attributes_sql)
                .bind(app_id)
                .bind(id.as_i64())
                .bind(user_id)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
            let mut attributes = MemberAttributes::new();
            for row in &rows {
                let key: String = row.try_get("key").map_err(backend)?;
                if keys.is_empty() || keys.contains(&key) {
                    attributes.insert(key, row.try_get("value").map_err(backend)?);
                }
            }
            found.push((user_id, attributes));
        }
        Ok(found)
    }
}

/// The two boolean columns of `chat_groups` that the app switches.
#[derive(Clone, Copy, Debug)]
pub(crate) enum GroupFlag {
    Disabled,
    MuteAll,
}

/// The two user lists of a group.
#[derive(Clone, Copy, Debug)]
pub(crate) enum GroupList {
    Blocklist,
    Allowlist,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The send check is asked for every group message: its plan must look up by index at every step,
    /// never scan a group's members.
    #[tokio::test]
    async fn the_send_check_is_index_lookups_only() {
        let directory = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&directory.path().join("natter.db"))
            .await
            .expect("open");
        let sql = format!("EXPLAIN QUERY PLAN {}", send_check_sql());
        let rows = sqlx::query(&sql)
            .bind("u")
            .bind(0_i64)
            .bind(1_i64)
            .bind(1_i64)
            .fetch_all(&store.pool)
            .await
            .expect("plan");
        let steps: Vec<String> = rows
            .iter()
            .map(|row| row.try_get::<String, _>("detail").expect("detail"))
            .collect();
        assert_eq!(steps.len(), 5, "{steps:?}");
        for step in &steps {
            assert!(
                step.starts_with("SEARCH") && step.contains("INDEX"),
                "not an index lookup: {step} in {steps:?}"
            );
        }
    }
}
