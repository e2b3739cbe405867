//! The group tables: `chat_groups`, `group_members`, `group_requests`, `group_settings`.
//!
//! Every limited write starts by writing (the group row, or the new member rows) and counts afterwards,
//! rolling back when a limit is crossed. Writing first takes SQLite's write lock at the first statement,
//! so two concurrent adds queue on the busy timeout instead of both reading a count below the limit.

use crate::group_extras::{GroupFlag, GroupList};
use crate::{SqliteStore, backend};
use natter_core::{Group, GroupId, GroupLimits, GroupMember, GroupRole, UserName};
use natter_store::{
    GroupCreate, GroupRelation, GroupRequestKind, GroupSendCheck, GroupStore, GroupUpdate,
    GroupUpdateOutcome, MemberAttributes, MemberAttributesPut, MembersAdd, MuteUntil, NewGroup, RoleChange,
    StoreError, StoreResult,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

/// A group row with its owner's user ID: `SELECT {GROUP_COLUMNS} FROM {GROUP_FROM}`.
const GROUP_COLUMNS: &str = "g.group_id, g.name, g.description, g.avatar, g.custom, g.public, g.members_only, \
     g.allow_invites, g.invite_need_confirm, g.max_users, g.member_count, g.disabled, g.mute_all, g.created_ms, \
     g.modified_ms, o.username AS owner";
const GROUP_FROM: &str = "chat_groups g JOIN users o ON o.id = g.owner_id";

pub(crate) fn stored_name(row: &SqliteRow, column: &str) -> StoreResult<UserName> {
    let username: String = row.try_get(column).map_err(backend)?;
    UserName::lookup(&username)
        .ok_or_else(|| StoreError::Backend(format!("stored user id {username:?} is invalid")))
}

fn stored_role(row: &SqliteRow) -> StoreResult<GroupRole> {
    let role: String = row.try_get("role").map_err(backend)?;
    GroupRole::parse(&role)
        .ok_or_else(|| StoreError::Backend(format!("stored group role {role:?} is invalid")))
}

fn group_from_row(row: &SqliteRow) -> StoreResult<Group> {
    let id: i64 = row.try_get("group_id").map_err(backend)?;
    let max_users: i64 = row.try_get("max_users").map_err(backend)?;
    let member_count: i64 = row.try_get("member_count").map_err(backend)?;
    Ok(Group {
        id: GroupId::from_i64(id)
            .ok_or_else(|| StoreError::Backend(format!("stored group id {id} is invalid")))?,
        name: row.try_get("name").map_err(backend)?,
        description: row.try_get("description").map_err(backend)?,
        avatar: row.try_get("avatar").map_err(backend)?,
        custom: row.try_get("custom").map_err(backend)?,
        public: row.try_get("public").map_err(backend)?,
        members_only: row.try_get("members_only").map_err(backend)?,
        allow_invites: row.try_get("allow_invites").map_err(backend)?,
        invite_need_confirm: row.try_get("invite_need_confirm").map_err(backend)?,
        max_users: u32::try_from(max_users).unwrap_or(0),
        owner: stored_name(row, "owner")?,
        member_count: u64::try_from(member_count).unwrap_or(0),
        disabled: row.try_get("disabled").map_err(backend)?,
        mute_all: row.try_get("mute_all").map_err(backend)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        modified_ms: row.try_get("modified_ms").map_err(backend)?,
    })
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// The locked group row: a no-op write that takes the write lock and returns what limits need.
pub(crate) struct Locked {
    pub(crate) row_id: i64,
    max_users: i64,
    owner_id: i64,
}

pub(crate) async fn lock_group(
    transaction: &mut Transaction<'_, Sqlite>,
    app_id: i64,
    id: GroupId,
) -> StoreResult<Option<Locked>> {
    let row = sqlx::query(
        "UPDATE chat_groups SET modified_ms = modified_ms WHERE app_id = ? AND group_id = ? \
         RETURNING id, max_users, owner_id",
    )
    .bind(app_id)
    .bind(id.as_i64())
    .fetch_optional(&mut **transaction)
    .await
    .map_err(backend)?;
    row.map(|row| {
        Ok(Locked {
            row_id: row.try_get("id").map_err(backend)?,
            max_users: row.try_get("max_users").map_err(backend)?,
            owner_id: row.try_get("owner_id").map_err(backend)?,
        })
    })
    .transpose()
}

async fn member_count(transaction: &mut Transaction<'_, Sqlite>, row_id: i64) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT member_count FROM chat_groups WHERE id = ?")
        .bind(row_id)
        .fetch_one(&mut **transaction)
        .await
        .map_err(backend)
}

async fn groups_of_user(transaction: &mut Transaction<'_, Sqlite>, user_id: i64) -> StoreResult<u64> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_members WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(&mut **transaction)
        .await
        .map_err(backend)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The first of `user_ids` who belongs to more groups than `limits` allow.
async fn first_over_quota(
    transaction: &mut Transaction<'_, Sqlite>,
    user_ids: &[i64],
    limits: &GroupLimits,
) -> StoreResult<Option<i64>> {
    for &user_id in user_ids {
        if groups_of_user(transaction, user_id).await? > u64::from(limits.max_groups_per_user) {
            return Ok(Some(user_id));
        }
    }
    Ok(None)
}

async fn insert_member(
    transaction: &mut Transaction<'_, Sqlite>,
    row_id: i64,
    user_id: i64,
    role: GroupRole,
    now_ms: i64,
) -> StoreResult<bool> {
    let result = sqlx::query(
        "INSERT OR IGNORE INTO group_members (group_row, user_id, role, joined_ms) VALUES (?, ?, ?, ?)",
    )
    .bind(row_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(now_ms)
    .execute(&mut **transaction)
    .await
    .map_err(backend)?;
    Ok(result.rows_affected() > 0)
}

/// The row id of a group, for the read-only calls.
pub(crate) const GROUP_ROW: &str = "(SELECT id FROM chat_groups WHERE app_id = ? AND group_id = ?)";

impl SqliteStore {
    async fn read_group(&self, app_id: i64, id: GroupId) -> StoreResult<Option<Group>> {
        let sql = format!("SELECT {GROUP_COLUMNS} FROM {GROUP_FROM} WHERE g.app_id = ? AND g.group_id = ?");
        let row = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(group_from_row).transpose()
    }
}

#[async_trait::async_trait]
impl GroupStore for SqliteStore {
    async fn group_settings(&self, app_id: i64) -> StoreResult<GroupLimits> {
        let row = sqlx::query(
            "SELECT max_users_per_group, max_groups_per_user, max_groups_per_app, max_admins \
             FROM group_settings WHERE app_id = ?",
        )
        .bind(app_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(GroupLimits::default());
        };
        let number = |column: &str| -> StoreResult<u32> {
            let value: i64 = row.try_get(column).map_err(backend)?;
            Ok(u32::try_from(value).unwrap_or(u32::MAX))
        };
        let per_app: Option<i64> = row.try_get("max_groups_per_app").map_err(backend)?;
        Ok(GroupLimits {
            max_users_per_group: number("max_users_per_group")?,
            max_groups_per_user: number("max_groups_per_user")?,
            max_groups_per_app: per_app.map(|value| u64::try_from(value).unwrap_or(0)),
            max_admins: number("max_admins")?,
        })
    }

    async fn set_group_settings(&self, app_id: i64, limits: GroupLimits) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO group_settings (app_id, max_users_per_group, max_groups_per_user, max_groups_per_app, \
             max_admins) VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET \
             max_users_per_group = excluded.max_users_per_group, max_groups_per_user = excluded.max_groups_per_user, \
             max_groups_per_app = excluded.max_groups_per_app, max_admins = excluded.max_admins",
        )
        .bind(app_id)
        .bind(i64::from(limits.max_users_per_group))
        .bind(i64::from(limits.max_groups_per_user))
        .bind(limits.max_groups_per_app.map(to_i64))
        .bind(i64::from(limits.max_admins))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn create_group(
        &self,
        app_id: i64,
        group: NewGroup,
        limits: &GroupLimits,
    ) -> StoreResult<GroupCreate> {
        if group.member_ids.len() as u64 + 1 > u64::from(group.max_users) {
            return Ok(GroupCreate::TooManyMembers);
        }
        let mut transaction = self.begin_write().await?;
        let row_id: i64 = sqlx::query_scalar(
            "INSERT INTO chat_groups (app_id, group_id, owner_id, name, description, avatar, custom, public, \
             members_only, allow_invites, invite_need_confirm, max_users, created_ms, modified_ms) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(app_id)
        .bind(group.id.as_i64())
        .bind(group.owner_id)
        .bind(&group.name)
        .bind(&group.description)
        .bind(&group.avatar)
        .bind(&group.custom)
        .bind(group.public)
        .bind(group.members_only)
        .bind(group.allow_invites)
        .bind(group.invite_need_confirm)
        .bind(i64::from(group.max_users))
        .bind(group.created_ms)
        .bind(group.created_ms)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        if let Some(max_groups) = limits.max_groups_per_app {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chat_groups WHERE app_id = ?")
                .bind(app_id)
                .fetch_one(&mut *transaction)
                .await
                .map_err(backend)?;
            if u64::try_from(count).unwrap_or(0) > max_groups {
                transaction.rollback().await.map_err(backend)?;
                return Ok(GroupCreate::AppFull);
            }
        }
        insert_member(
            &mut transaction,
            row_id,
            group.owner_id,
            GroupRole::Owner,
            group.created_ms,
        )
        .await?;
        for &member_id in &group.member_ids {
            insert_member(
                &mut transaction,
                row_id,
                member_id,
                GroupRole::Member,
                group.created_ms,
            )
            .await?;
        }
        let mut everyone = vec![group.owner_id];
        everyone.extend_from_slice(&group.member_ids);
        if let Some(user_id) = first_over_quota(&mut transaction, &everyone, limits).await? {
            transaction.rollback().await.map_err(backend)?;
            return Ok(GroupCreate::UserFull(user_id));
        }
        transaction.commit().await.map_err(backend)?;
        let created = self
            .read_group(app_id, group.id)
            .await?
            .ok_or_else(|| StoreError::Backend("a created group is gone".into()))?;
        Ok(GroupCreate::Created(created))
    }

    async fn group(&self, app_id: i64, id: GroupId) -> StoreResult<Option<Group>> {
        self.read_group(app_id, id).await
    }

    async fn groups(&self, app_id: i64, ids: &[GroupId]) -> StoreResult<Vec<Group>> {
        let mut found = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(group) = self.read_group(app_id, id).await? {
                found.push(group);
            }
        }
        Ok(found)
    }

    async fn list_groups(
        &self,
        app_id: i64,
        before: Option<GroupId>,
        limit: u32,
        public_only: bool,
    ) -> StoreResult<Vec<Group>> {
        let sql = format!(
            "SELECT {GROUP_COLUMNS} FROM {GROUP_FROM} WHERE g.app_id = ? AND (? IS NULL OR g.group_id < ?) AND (? = 0 OR g.public = 1) \
             ORDER BY g.group_id DESC LIMIT ?"
        );
        let before = before.map(GroupId::as_i64);
        let rows = sqlx::query(&sql)
            .bind(app_id)
            .bind(before)
            .bind(before)
            .bind(public_only)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(group_from_row).collect()
    }

    async fn count_groups(&self, app_id: i64) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chat_groups WHERE app_id = ?")
            .bind(app_id)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn user_groups(
        &self,
        app_id: i64,
        user_id: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<(Group, GroupRole)>> {
        let sql = format!(
            "SELECT m.role, {GROUP_COLUMNS} FROM {GROUP_FROM} JOIN group_members m ON m.group_row = g.id \
             WHERE m.user_id = ? AND g.app_id = ? ORDER BY m.id LIMIT ? OFFSET ?"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .bind(app_id)
            .bind(i64::from(limit))
            .bind(to_i64(offset))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|row| Ok((group_from_row(row)?, stored_role(row)?)))
            .collect()
    }

    async fn count_user_groups(&self, app_id: i64, user_id: i64) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM group_members m JOIN chat_groups g ON g.id = m.group_row \
             WHERE m.user_id = ? AND g.app_id = ?",
        )
        .bind(user_id)
        .bind(app_id)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn update_group(
        &self,
        app_id: i64,
        id: GroupId,
        update: GroupUpdate,
        now_ms: i64,
    ) -> StoreResult<GroupUpdateOutcome> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(GroupUpdateOutcome::NoGroup);
        };
        if let Some(max_users) = update.max_users
            && i64::from(max_users) < member_count(&mut transaction, locked.row_id).await?
        {
            transaction.rollback().await.map_err(backend)?;
            return Ok(GroupUpdateOutcome::MaxUsersBelowMembers);
        }
        sqlx::query(
            "UPDATE chat_groups SET name = COALESCE(?, name), description = COALESCE(?, description), \
             avatar = COALESCE(?, avatar), custom = COALESCE(?, custom), public = COALESCE(?, public), \
             members_only = COALESCE(?, members_only), allow_invites = COALESCE(?, allow_invites), \
             invite_need_confirm = COALESCE(?, invite_need_confirm), max_users = COALESCE(?, max_users), \
             modified_ms = ? WHERE id = ?",
        )
        .bind(update.name)
        .bind(update.description)
        .bind(update.avatar)
        .bind(update.custom)
        .bind(update.public)
        .bind(update.members_only)
        .bind(update.allow_invites)
        .bind(update.invite_need_confirm)
        .bind(update.max_users.map(i64::from))
        .bind(now_ms)
        .bind(locked.row_id)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        match self.read_group(app_id, id).await? {
            Some(group) => Ok(GroupUpdateOutcome::Updated(group)),
            None => Ok(GroupUpdateOutcome::NoGroup),
        }
    }

    async fn delete_group(&self, app_id: i64, id: GroupId) -> StoreResult<bool> {
        let result = sqlx::query("DELETE FROM chat_groups WHERE app_id = ? AND group_id = ?")
            .bind(app_id)
            .bind(id.as_i64())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn member_role(&self, app_id: i64, id: GroupId, user_id: i64) -> StoreResult<Option<GroupRole>> {
        let sql = format!("SELECT role FROM group_members WHERE group_row = {GROUP_ROW} AND user_id = ?");
        let row = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(stored_role).transpose()
    }

    async fn is_group_member(&self, app_id: i64, id: GroupId, username: &UserName) -> StoreResult<bool> {
        // Three unique-index lookups: (app_id, group_id), (app_id, username), (group_row, user_id).
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_row = {GROUP_ROW} \
             AND user_id = (SELECT id FROM users WHERE app_id = ? AND username = ?))"
        );
        sqlx::query_scalar(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .bind(app_id)
            .bind(username.as_str())
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn group_members_of(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>> {
        let sql = format!(
            "SELECT u.username FROM group_members m JOIN users u ON u.id = m.user_id \
             WHERE m.group_row = {GROUP_ROW} ORDER BY m.id"
        );
        let rows = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|row| stored_name(row, "username")).collect()
    }

    async fn list_members(
        &self,
        app_id: i64,
        id: GroupId,
        after: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<GroupMember>> {
        let sql = format!(
            "SELECT m.id, m.role, m.joined_ms, u.username FROM group_members m JOIN users u ON u.id = m.user_id \
             WHERE m.group_row = {GROUP_ROW} AND (? IS NULL OR m.id > ?) ORDER BY m.id LIMIT ? OFFSET ?"
        );
        let offset = if after.is_some() { 0 } else { to_i64(offset) };
        let rows = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .bind(after)
            .bind(after)
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(GroupMember {
                    position: row.try_get("id").map_err(backend)?,
                    username: stored_name(row, "username")?,
                    role: stored_role(row)?,
                    joined_ms: row.try_get("joined_ms").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn group_admins(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>> {
        let sql = format!(
            "SELECT u.username FROM group_members m JOIN users u ON u.id = m.user_id \
             WHERE m.group_row = {GROUP_ROW} AND m.role = 'admin' ORDER BY m.id"
        );
        let rows = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|row| stored_name(row, "username")).collect()
    }

    async fn add_group_members(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        limits: &GroupLimits,
        now_ms: i64,
    ) -> StoreResult<MembersAdd> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(MembersAdd::NoGroup);
        };
        // A blocklisted user joins again only once unblocked (M10).
        for &user_id in user_ids {
            let blocked: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM group_blocklist WHERE group_row = ? AND user_id = ?)",
            )
            .bind(locked.row_id)
            .bind(user_id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
            if blocked {
                transaction.rollback().await.map_err(backend)?;
                return Ok(MembersAdd::Blocked(user_id));
            }
        }
        let mut added = Vec::new();
        for &user_id in user_ids {
            if insert_member(
                &mut transaction,
                locked.row_id,
                user_id,
                GroupRole::Member,
                now_ms,
            )
            .await?
            {
                added.push(user_id);
            }
        }
        if !added.is_empty() && member_count(&mut transaction, locked.row_id).await? > locked.max_users {
            transaction.rollback().await.map_err(backend)?;
            return Ok(MembersAdd::GroupFull);
        }
        if let Some(user_id) = first_over_quota(&mut transaction, &added, limits).await? {
            transaction.rollback().await.map_err(backend)?;
            return Ok(MembersAdd::UserFull(user_id));
        }
        for &user_id in &added {
            sqlx::query("DELETE FROM group_requests WHERE group_row = ? AND user_id = ?")
                .bind(locked.row_id)
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(MembersAdd::Added(added))
    }

    async fn remove_group_members(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
    ) -> StoreResult<Vec<i64>> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(Vec::new());
        };
        let mut removed = Vec::new();
        for &user_id in user_ids {
            let result = sqlx::query(
                "DELETE FROM group_members WHERE group_row = ? AND user_id = ? AND role <> 'owner'",
            )
            .bind(locked.row_id)
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            if result.rows_affected() > 0 {
                removed.push(user_id);
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(removed)
    }

    async fn set_member_role(
        &self,
        app_id: i64,
        id: GroupId,
        user_id: i64,
        role: GroupRole,
        max_admins: u32,
        now_ms: i64,
    ) -> StoreResult<RoleChange> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(RoleChange::NotMember);
        };
        let current: Option<String> =
            sqlx::query_scalar("SELECT role FROM group_members WHERE group_row = ? AND user_id = ?")
                .bind(locked.row_id)
                .bind(user_id)
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
        let outcome = match current.as_deref().and_then(GroupRole::parse) {
            None => RoleChange::NotMember,
            Some(GroupRole::Owner) => RoleChange::Owner,
            Some(current) if current == role => RoleChange::Unchanged,
            Some(_) if role == GroupRole::Owner => RoleChange::Owner,
            Some(_) => {
                if role == GroupRole::Admin {
                    let admins: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM group_members WHERE group_row = ? AND role = 'admin'",
                    )
                    .bind(locked.row_id)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(backend)?;
                    if admins >= i64::from(max_admins) {
                        transaction.rollback().await.map_err(backend)?;
                        return Ok(RoleChange::AdminsFull);
                    }
                }
                sqlx::query("UPDATE group_members SET role = ? WHERE group_row = ? AND user_id = ?")
                    .bind(role.as_str())
                    .bind(locked.row_id)
                    .bind(user_id)
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
                sqlx::query("UPDATE chat_groups SET modified_ms = ? WHERE id = ?")
                    .bind(now_ms)
                    .bind(locked.row_id)
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
                RoleChange::Changed
            }
        };
        if outcome == RoleChange::Changed {
            transaction.commit().await.map_err(backend)?;
        } else {
            transaction.rollback().await.map_err(backend)?;
        }
        Ok(outcome)
    }

    async fn transfer_ownership(
        &self,
        app_id: i64,
        id: GroupId,
        new_owner_id: i64,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let mut transaction = self.begin_write().await?;
        let Some(locked) = lock_group(&mut transaction, app_id, id).await? else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(false);
        };
        let promoted =
            sqlx::query("UPDATE group_members SET role = 'owner' WHERE group_row = ? AND user_id = ?")
                .bind(locked.row_id)
                .bind(new_owner_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        if promoted.rows_affected() == 0 {
            transaction.rollback().await.map_err(backend)?;
            return Ok(false);
        }
        if locked.owner_id != new_owner_id {
            sqlx::query("UPDATE group_members SET role = 'member' WHERE group_row = ? AND user_id = ?")
                .bind(locked.row_id)
                .bind(locked.owner_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        sqlx::query("UPDATE chat_groups SET owner_id = ?, modified_ms = ? WHERE id = ?")
            .bind(new_owner_id)
            .bind(now_ms)
            .bind(locked.row_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        // The owner cannot be muted (§1.5): a mute of the new owner ends with the transfer.
        sqlx::query("DELETE FROM group_mutes WHERE group_row = ? AND user_id = ?")
            .bind(locked.row_id)
            .bind(new_owner_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn put_group_request(
        &self,
        app_id: i64,
        id: GroupId,
        kind: GroupRequestKind,
        user_id: i64,
        message: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<bool> {
        // The WHERE clause also keeps SQLite from reading ON CONFLICT as a join constraint.
        let result = sqlx::query(
            "INSERT INTO group_requests (group_row, user_id, kind, message, created_ms) \
             SELECT id, ?, ?, ?, ? FROM chat_groups WHERE app_id = ? AND group_id = ? \
             ON CONFLICT (group_row, user_id, kind) DO UPDATE SET message = excluded.message, \
             created_ms = excluded.created_ms",
        )
        .bind(user_id)
        .bind(kind.as_str())
        .bind(message)
        .bind(now_ms)
        .bind(app_id)
        .bind(id.as_i64())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn take_group_request(
        &self,
        app_id: i64,
        id: GroupId,
        kind: GroupRequestKind,
        user_id: i64,
    ) -> StoreResult<bool> {
        let sql =
            format!("DELETE FROM group_requests WHERE group_row = {GROUP_ROW} AND user_id = ? AND kind = ?");
        let result = sqlx::query(&sql)
            .bind(app_id)
            .bind(id.as_i64())
            .bind(user_id)
            .bind(kind.as_str())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected() > 0)
    }

    async fn set_group_disabled(
        &self,
        app_id: i64,
        id: GroupId,
        disabled: bool,
        now_ms: i64,
    ) -> StoreResult<bool> {
        self.group_flag(app_id, id, GroupFlag::Disabled, disabled, now_ms)
            .await
    }

    async fn set_group_mute_all(&self, app_id: i64, id: GroupId, on: bool, now_ms: i64) -> StoreResult<bool> {
        self.group_flag(app_id, id, GroupFlag::MuteAll, on, now_ms).await
    }

    async fn group_announcement(&self, app_id: i64, id: GroupId) -> StoreResult<Option<String>> {
        self.read_announcement(app_id, id).await
    }

    async fn set_group_announcement(
        &self,
        app_id: i64,
        id: GroupId,
        announcement: &str,
        now_ms: i64,
    ) -> StoreResult<bool> {
        self.write_announcement(app_id, id, announcement, now_ms).await
    }

    async fn group_relations(
        &self,
        app_id: i64,
        id: GroupId,
        usernames: &[UserName],
        now_ms: i64,
    ) -> StoreResult<Vec<GroupRelation>> {
        self.read_relations(app_id, id, usernames, now_ms).await
    }

    async fn group_send_check(
        &self,
        app_id: i64,
        id: GroupId,
        username: &UserName,
        now_ms: i64,
    ) -> StoreResult<GroupSendCheck> {
        self.send_check(app_id, id, username, now_ms).await
    }

    async fn group_blocklist(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>> {
        self.read_user_list(app_id, id, GroupList::Blocklist).await
    }

    async fn block_group_members(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        now_ms: i64,
    ) -> StoreResult<Vec<i64>> {
        self.block_members(app_id, id, user_ids, now_ms).await
    }

    async fn unblock_group_users(&self, app_id: i64, id: GroupId, user_ids: &[i64]) -> StoreResult<Vec<i64>> {
        self.unblock_users(app_id, id, user_ids).await
    }

    async fn group_mutes(
        &self,
        app_id: i64,
        id: GroupId,
        now_ms: i64,
    ) -> StoreResult<Vec<(UserName, MuteUntil)>> {
        self.read_mutes(app_id, id, now_ms).await
    }

    async fn set_group_mutes(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        until: Option<MuteUntil>,
    ) -> StoreResult<()> {
        self.write_mutes(app_id, id, user_ids, until).await
    }

    async fn group_allowlist(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>> {
        self.read_user_list(app_id, id, GroupList::Allowlist).await
    }

    async fn set_group_allowed(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        allowed: bool,
        now_ms: i64,
    ) -> StoreResult<Vec<i64>> {
        self.write_allowed(app_id, id, user_ids, allowed, now_ms).await
    }

    async fn put_member_attributes(
        &self,
        app_id: i64,
        id: GroupId,
        user_id: i64,
        changes: &MemberAttributes,
        max_bytes: usize,
    ) -> StoreResult<MemberAttributesPut> {
        self.write_member_attributes(app_id, id, user_id, changes, max_bytes)
            .await
    }

    async fn member_attributes(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        keys: &[String],
    ) -> StoreResult<Vec<(i64, MemberAttributes)>> {
        self.read_member_attributes(app_id, id, user_ids, keys).await
    }
}
