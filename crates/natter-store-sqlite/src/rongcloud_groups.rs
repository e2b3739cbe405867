//! The tables of the RongCloud door's groups and chat rooms: `rongcloud_group_ids`,
//! `rongcloud_chatroom_ids`, `rongcloud_room_keepers`, `rongcloud_chatroom_blocks`,
//! `rongcloud_chatroom_flags`, `rongcloud_chatroom_message_types`.
//!
//! The groups and rooms themselves are written through the group and room stores of this backend; what
//! this module writes to their tables directly (a RongCloud quit, the lifting of a timed block) runs in one
//! `BEGIN IMMEDIATE` transaction, as theirs do.

use crate::{SqliteStore, backend};
use natter_core::chatroom::{ChatRoomId, ChatRoomLimits, NewChatRoom};
use natter_core::{GroupId, GroupLimits, UserName};
use natter_store::{
    ChatRoomStore, CreateRoom, GroupCreate, GroupQuit, GroupStore, LiftedRoomBlock, MessageTypeList,
    NewGroup, RongCloudGroupStore, RoomFlag, StoreError, StoreResult,
};
use sqlx::Row;
use std::collections::HashMap;

fn stored_name(text: &str) -> StoreResult<UserName> {
    UserName::lookup(text).ok_or_else(|| StoreError::Backend(format!("stored user id {text:?} is invalid")))
}

fn stored_group_id(value: i64) -> StoreResult<GroupId> {
    GroupId::from_i64(value).ok_or_else(|| StoreError::Backend(format!("stored group id {value} is invalid")))
}

fn stored_room_id(text: &str) -> StoreResult<ChatRoomId> {
    ChatRoomId::parse(text).ok_or_else(|| StoreError::Backend(format!("stored room id {text:?} is invalid")))
}

/// The column of a [`RoomFlag`]: a fixed name, never caller input.
const fn flag_column(flag: RoomFlag) -> &'static str {
    match flag {
        RoomFlag::KeepAlive => "keepalive",
        RoomFlag::DistributionStopped => "distribution_stopped",
    }
}

/// The row id of a room, in SQL: binds app id, room id.
const ROOM_ROW: &str = "(SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?)";

impl SqliteStore {
    async fn room_row_id(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Option<i64>> {
        sqlx::query_scalar("SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?")
            .bind(app_id)
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }
}

#[async_trait::async_trait]
impl RongCloudGroupStore for SqliteStore {
    async fn rongcloud_group(&self, app_id: i64, rongcloud_id: &str) -> StoreResult<Option<GroupId>> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT g.group_id FROM rongcloud_group_ids r JOIN chat_groups g ON g.id = r.group_row \
             WHERE r.app_id = ? AND r.rongcloud_id = ?",
        )
        .bind(app_id)
        .bind(rongcloud_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        id.map(stored_group_id).transpose()
    }

    async fn rongcloud_group_ids(
        &self,
        app_id: i64,
        ids: &[GroupId],
    ) -> StoreResult<HashMap<GroupId, String>> {
        let mut found = HashMap::with_capacity(ids.len());
        for &id in ids {
            let name: Option<String> = sqlx::query_scalar(
                "SELECT r.rongcloud_id FROM rongcloud_group_ids r JOIN chat_groups g ON g.id = r.group_row \
                 WHERE g.app_id = ? AND g.group_id = ?",
            )
            .bind(app_id)
            .bind(id.as_i64())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
            if let Some(name) = name {
                found.insert(id, name);
            }
        }
        Ok(found)
    }

    async fn create_rongcloud_group(
        &self,
        app_id: i64,
        rongcloud_id: &str,
        group: NewGroup,
        limits: &GroupLimits,
    ) -> StoreResult<GroupCreate> {
        if self.rongcloud_group(app_id, rongcloud_id).await?.is_some() {
            return Err(StoreError::Conflict(format!("RongCloud group {rongcloud_id:?}")));
        }
        let id = group.id;
        let outcome = self.create_group(app_id, group, limits).await?;
        if !matches!(outcome, GroupCreate::Created(_)) {
            return Ok(outcome);
        }
        let mapped = sqlx::query(
            "INSERT INTO rongcloud_group_ids (group_row, app_id, rongcloud_id) \
             SELECT id, app_id, ? FROM chat_groups WHERE app_id = ? AND group_id = ?",
        )
        .bind(rongcloud_id)
        .bind(app_id)
        .bind(id.as_i64())
        .execute(&self.pool)
        .await
        .map_err(backend);
        if let Err(error) = mapped {
            // Another request mapped the same RongCloud id meanwhile: undo this group, report the conflict.
            self.delete_group(app_id, id).await?;
            return Err(error);
        }
        Ok(outcome)
    }

    async fn quit_rongcloud_group(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        now_ms: i64,
    ) -> StoreResult<GroupQuit> {
        let mut transaction = self.begin_write().await?;
        // A no-op write first: it takes the write lock before anything is read.
        let row = sqlx::query(
            "UPDATE chat_groups SET modified_ms = modified_ms WHERE app_id = ? AND group_id = ? \
             RETURNING id, owner_id",
        )
        .bind(app_id)
        .bind(id.as_i64())
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            transaction.rollback().await.map_err(backend)?;
            return Ok(GroupQuit::NoGroup);
        };
        let group_row: i64 = row.try_get("id").map_err(backend)?;
        let owner_id: i64 = row.try_get("owner_id").map_err(backend)?;
        let members: Vec<i64> =
            sqlx::query_scalar("SELECT user_id FROM group_members WHERE group_row = ? ORDER BY id")
                .bind(group_row)
                .fetch_all(&mut *transaction)
                .await
                .map_err(backend)?;
        let mut leaving = Vec::new();
        for &user_id in user_ids {
            if members.contains(&user_id) && !leaving.contains(&user_id) {
                leaving.push(user_id);
            }
        }
        let Some(&successor) = members.iter().find(|member| !leaving.contains(member)) else {
            sqlx::query("DELETE FROM chat_groups WHERE id = ?")
                .bind(group_row)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            transaction.commit().await.map_err(backend)?;
            return Ok(GroupQuit::Dissolved(leaving));
        };
        if leaving.contains(&owner_id) {
            sqlx::query("UPDATE group_members SET role = 'owner' WHERE group_row = ? AND user_id = ?")
                .bind(group_row)
                .bind(successor)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            sqlx::query("UPDATE chat_groups SET owner_id = ? WHERE id = ?")
                .bind(successor)
                .bind(group_row)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        for &user_id in &leaving {
            sqlx::query("DELETE FROM group_members WHERE group_row = ? AND user_id = ?")
                .bind(group_row)
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        if !leaving.is_empty() {
            sqlx::query("UPDATE chat_groups SET modified_ms = ? WHERE id = ?")
                .bind(now_ms)
                .bind(group_row)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(GroupQuit::Removed(leaving))
    }

    async fn muted_group_ids(&self, app_id: i64) -> StoreResult<Vec<GroupId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT group_id FROM chat_groups WHERE app_id = ? AND mute_all = 1 ORDER BY id",
        )
        .bind(app_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        ids.into_iter().map(stored_group_id).collect()
    }

    async fn rongcloud_room(&self, app_id: i64, rongcloud_id: &str) -> StoreResult<Option<ChatRoomId>> {
        let id: Option<String> = sqlx::query_scalar(
            "SELECT c.room_id FROM rongcloud_chatroom_ids r JOIN chatrooms c ON c.id = r.room_row \
             WHERE r.app_id = ? AND r.rongcloud_id = ?",
        )
        .bind(app_id)
        .bind(rongcloud_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        id.as_deref().map(stored_room_id).transpose()
    }

    async fn rongcloud_room_ids(
        &self,
        app_id: i64,
        ids: &[ChatRoomId],
    ) -> StoreResult<HashMap<ChatRoomId, String>> {
        let mut found = HashMap::with_capacity(ids.len());
        for id in ids {
            let name: Option<String> = sqlx::query_scalar(
                "SELECT r.rongcloud_id FROM rongcloud_chatroom_ids r JOIN chatrooms c ON c.id = r.room_row \
                 WHERE c.app_id = ? AND c.room_id = ?",
            )
            .bind(app_id)
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
            if let Some(name) = name {
                found.insert(id.clone(), name);
            }
        }
        Ok(found)
    }

    async fn create_rongcloud_room(
        &self,
        app_id: i64,
        rongcloud_id: &str,
        room: &NewChatRoom,
        limits: ChatRoomLimits,
    ) -> StoreResult<CreateRoom> {
        if self.rongcloud_room(app_id, rongcloud_id).await?.is_some() {
            return Err(StoreError::Conflict(format!("RongCloud room {rongcloud_id:?}")));
        }
        let outcome = self.create_room(app_id, room, limits).await?;
        if !matches!(outcome, CreateRoom::Created(_)) {
            return Ok(outcome);
        }
        let mapped = sqlx::query(&format!(
            "INSERT INTO rongcloud_chatroom_ids (room_row, app_id, rongcloud_id) VALUES ({ROOM_ROW}, ?, ?)"
        ))
        .bind(app_id)
        .bind(room.id.as_str())
        .bind(app_id)
        .bind(rongcloud_id)
        .execute(&self.pool)
        .await
        .map_err(backend);
        if let Err(error) = mapped {
            // Another request mapped the same RongCloud id meanwhile: undo this room, report the conflict.
            self.delete_room(app_id, &room.id).await?;
            return Err(error);
        }
        Ok(outcome)
    }

    async fn room_keeper(&self, app_id: i64) -> StoreResult<Option<UserName>> {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT u.username FROM rongcloud_room_keepers k JOIN users u ON u.id = k.user_id WHERE k.app_id = ?",
        )
        .bind(app_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        name.as_deref().map(stored_name).transpose()
    }

    async fn set_room_keeper(&self, app_id: i64, user_id: i64) -> StoreResult<UserName> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO rongcloud_room_keepers (app_id, user_id) \
             SELECT app_id, id FROM users WHERE id = ? AND app_id = ? ON CONFLICT (app_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(app_id)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        let keeper: Option<String> = sqlx::query_scalar(
            "SELECT u.username FROM rongcloud_room_keepers k JOIN users u ON u.id = k.user_id WHERE k.app_id = ?",
        )
        .bind(app_id)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        let keeper = keeper
            .ok_or_else(|| StoreError::Backend(format!("user {user_id} is not a user of app {app_id}")))?;
        stored_name(&keeper)
    }

    async fn block_room_users_until(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        until_ms: i64,
    ) -> StoreResult<bool> {
        if self.room_row_id(app_id, id).await?.is_none() {
            return Ok(false);
        }
        self.block(app_id, id, usernames).await?;
        let mut transaction = self.begin_write().await?;
        for username in usernames {
            // Only users the block took (the owner never is).
            sqlx::query(&format!(
                "INSERT INTO rongcloud_chatroom_blocks (room_row, user_id, until_ms) \
                 SELECT b.room_id, b.user_id, ? FROM chatroom_blocklist b JOIN users u ON u.id = b.user_id \
                 WHERE b.room_id = {ROOM_ROW} AND u.app_id = ? AND u.username = ? \
                 ON CONFLICT (room_row, user_id) DO UPDATE SET until_ms = excluded.until_ms"
            ))
            .bind(until_ms)
            .bind(app_id)
            .bind(id.as_str())
            .bind(app_id)
            .bind(username.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn forget_room_block_deadlines(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
    ) -> StoreResult<()> {
        let mut transaction = self.begin_write().await?;
        for username in usernames {
            sqlx::query(&format!(
                "DELETE FROM rongcloud_chatroom_blocks WHERE room_row = {ROOM_ROW} \
                 AND user_id = (SELECT id FROM users WHERE app_id = ? AND username = ?)"
            ))
            .bind(app_id)
            .bind(id.as_str())
            .bind(app_id)
            .bind(username.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)
    }

    async fn room_block_deadlines(
        &self,
        app_id: i64,
        id: &ChatRoomId,
    ) -> StoreResult<HashMap<UserName, i64>> {
        let rows = sqlx::query(&format!(
            "SELECT u.username, d.until_ms FROM rongcloud_chatroom_blocks d JOIN users u ON u.id = d.user_id \
             WHERE d.room_row = {ROOM_ROW}"
        ))
        .bind(app_id)
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let username: String = row.try_get("username").map_err(backend)?;
                Ok((stored_name(&username)?, row.try_get("until_ms").map_err(backend)?))
            })
            .collect()
    }

    async fn lift_expired_room_blocks(&self, now_ms: i64) -> StoreResult<Vec<LiftedRoomBlock>> {
        let mut transaction = self.begin_write().await?;
        // Deleting first takes the write lock; the deleted rows say which blocks to lift.
        let due = sqlx::query(
            "DELETE FROM rongcloud_chatroom_blocks WHERE until_ms <= ? RETURNING room_row, user_id",
        )
        .bind(now_ms)
        .fetch_all(&mut *transaction)
        .await
        .map_err(backend)?;
        let mut lifted = Vec::with_capacity(due.len());
        for row in &due {
            let room_row: i64 = row.try_get("room_row").map_err(backend)?;
            let user_id: i64 = row.try_get("user_id").map_err(backend)?;
            let removed = sqlx::query("DELETE FROM chatroom_blocklist WHERE room_id = ? AND user_id = ?")
                .bind(room_row)
                .bind(user_id)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            if removed.rows_affected() == 0 {
                continue;
            }
            let names = sqlx::query(
                "SELECT c.app_id, c.room_id, u.username FROM chatrooms c, users u WHERE c.id = ? AND u.id = ?",
            )
            .bind(room_row)
            .bind(user_id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
            let room: String = names.try_get("room_id").map_err(backend)?;
            let username: String = names.try_get("username").map_err(backend)?;
            lifted.push(LiftedRoomBlock {
                app_id: names.try_get("app_id").map_err(backend)?,
                room: stored_room_id(&room)?,
                username: stored_name(&username)?,
            });
        }
        transaction.commit().await.map_err(backend)?;
        Ok(lifted)
    }

    async fn next_room_block_deadline(&self) -> StoreResult<Option<i64>> {
        sqlx::query_scalar("SELECT MIN(until_ms) FROM rongcloud_chatroom_blocks")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn set_room_flag(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        flag: RoomFlag,
        on: bool,
    ) -> StoreResult<bool> {
        let column = flag_column(flag);
        let Some(room_row) = self.room_row_id(app_id, id).await? else {
            return Ok(false);
        };
        sqlx::query(&format!(
            "INSERT INTO rongcloud_chatroom_flags (room_row, {column}) VALUES (?, ?) \
             ON CONFLICT (room_row) DO UPDATE SET {column} = excluded.{column}"
        ))
        .bind(room_row)
        .bind(on)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(true)
    }

    async fn room_flag(&self, app_id: i64, id: &ChatRoomId, flag: RoomFlag) -> StoreResult<bool> {
        let column = flag_column(flag);
        let on: Option<bool> = sqlx::query_scalar(&format!(
            "SELECT {column} FROM rongcloud_chatroom_flags WHERE room_row = {ROOM_ROW}"
        ))
        .bind(app_id)
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(on.unwrap_or(false))
    }

    async fn rooms_with_flag(&self, app_id: i64, flag: RoomFlag) -> StoreResult<Vec<ChatRoomId>> {
        let column = flag_column(flag);
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT c.room_id FROM rongcloud_chatroom_flags f JOIN chatrooms c ON c.id = f.room_row \
             WHERE c.app_id = ? AND f.{column} = 1 ORDER BY c.id"
        ))
        .bind(app_id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        ids.iter().map(|id| stored_room_id(id)).collect()
    }

    async fn add_message_types(
        &self,
        app_id: i64,
        list: MessageTypeList,
        object_names: &[String],
        max: u32,
    ) -> StoreResult<bool> {
        let mut transaction = self.begin_write().await?;
        for object_name in object_names {
            sqlx::query(
                "INSERT INTO rongcloud_chatroom_message_types (app_id, list, object_name) VALUES (?, ?, ?) \
                 ON CONFLICT (app_id, list, object_name) DO NOTHING",
            )
            .bind(app_id)
            .bind(list.as_str())
            .bind(object_name)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM rongcloud_chatroom_message_types WHERE app_id = ? AND list = ?",
        )
        .bind(app_id)
        .bind(list.as_str())
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        if count > i64::from(max) {
            transaction.rollback().await.map_err(backend)?;
            return Ok(false);
        }
        transaction.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn remove_message_types(
        &self,
        app_id: i64,
        list: MessageTypeList,
        object_names: &[String],
    ) -> StoreResult<u64> {
        let mut transaction = self.begin_write().await?;
        let mut removed = 0;
        for object_name in object_names {
            removed += sqlx::query(
                "DELETE FROM rongcloud_chatroom_message_types WHERE app_id = ? AND list = ? AND object_name = ?",
            )
            .bind(app_id)
            .bind(list.as_str())
            .bind(object_name)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?
            .rows_affected();
        }
        transaction.commit().await.map_err(backend)?;
        Ok(removed)
    }

    async fn message_types(&self, app_id: i64, list: MessageTypeList) -> StoreResult<Vec<String>> {
        sqlx::query_scalar(
            "SELECT object_name FROM rongcloud_chatroom_message_types WHERE app_id = ? AND list = ? ORDER BY id",
        )
        .bind(app_id)
        .bind(list.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)
    }
}
