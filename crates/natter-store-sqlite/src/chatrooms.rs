//! The chat-room tables: `chatrooms`, `chatroom_members`, `chatroom_mutes`, `chatroom_allowlist`,
//! `chatroom_blocklist`, `chatroom_super_admins`, `chatroom_attributes`, `chatroom_settings`.
//!
//! Every write that checks before it writes (quotas, capacity, key ownership) runs in one
//! `BEGIN IMMEDIATE` transaction: it takes SQLite's write lock before it reads, so two concurrent adds
//! cannot both see the last free seat. Membership lookups go through the unique (room, user) index.

use crate::{SqliteStore, backend};
use natter_core::UserName;
use natter_core::chatroom::{ChatRoom, ChatRoomId, ChatRoomLimits, ChatRoomRole, MAX_ADMINS, NewChatRoom};
use natter_store::{
    AddMembers, AttributeOutcome, ChatRoomStore, CreateRoom, MuteUntil, RoomMember, RoomRelation, RoomUpdate,
    SetAdmin, StoreError, StoreResult, TransferOwner, UpdateRoom,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use std::collections::{BTreeMap, HashSet};

const FOREVER: i64 = -1;
const ROLE_MEMBER: i64 = 0;
const ROLE_ADMIN: i64 = 1;
const ROLE_OWNER: i64 = 2;

/// The columns of a [`ChatRoom`], for `FROM chatrooms r JOIN users o ON o.id = r.owner_id`.
const ROOM_COLUMNS: &str = "r.id AS seq, r.room_id, r.name, r.description, r.announcement, r.custom, \
                            r.max_members, o.username AS owner, r.created_ms, r.mute_all, r.member_count";

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn to_u32(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn stored_name(text: &str) -> StoreResult<UserName> {
    UserName::lookup(text).ok_or_else(|| StoreError::Backend(format!("stored user id {text:?} is invalid")))
}

fn role_from(value: i64) -> StoreResult<ChatRoomRole> {
    match value {
        ROLE_MEMBER => Ok(ChatRoomRole::Member),
        ROLE_ADMIN => Ok(ChatRoomRole::Admin),
        ROLE_OWNER => Ok(ChatRoomRole::Owner),
        other => Err(StoreError::Backend(format!("stored room role {other}"))),
    }
}

fn until_from(until_ms: i64) -> MuteUntil {
    if until_ms == FOREVER {
        MuteUntil::Forever
    } else {
        MuteUntil::At(until_ms)
    }
}

fn until_to(until: MuteUntil) -> i64 {
    match until {
        MuteUntil::Forever => FOREVER,
        // A deadline of -1 would read as "forever"; anything that far back has expired anyway.
        MuteUntil::At(at) => at.max(0),
    }
}

fn room_from_row(row: &SqliteRow) -> StoreResult<ChatRoom> {
    let room_id: String = row.try_get("room_id").map_err(backend)?;
    let owner: String = row.try_get("owner").map_err(backend)?;
    Ok(ChatRoom {
        seq: row.try_get("seq").map_err(backend)?,
        id: ChatRoomId::parse(&room_id)
            .ok_or_else(|| StoreError::Backend(format!("stored room id {room_id:?} is invalid")))?,
        name: row.try_get("name").map_err(backend)?,
        description: row.try_get("description").map_err(backend)?,
        announcement: row.try_get("announcement").map_err(backend)?,
        custom: row.try_get("custom").map_err(backend)?,
        max_members: to_u32(row.try_get("max_members").map_err(backend)?),
        owner: stored_name(&owner)?,
        created_ms: row.try_get("created_ms").map_err(backend)?,
        mute_all: row.try_get("mute_all").map_err(backend)?,
        member_count: to_u64(row.try_get("member_count").map_err(backend)?),
    })
}

/// A room's row: its row id, owner, capacity and size.
struct RoomRow {
    row_id: i64,
    owner_id: i64,
    max_members: i64,
    member_count: i64,
}

async fn room_row(
    connection: &mut SqliteConnection,
    app_id: i64,
    id: &ChatRoomId,
) -> StoreResult<Option<RoomRow>> {
    let row = sqlx::query(
        "SELECT id, owner_id, max_members, member_count FROM chatrooms WHERE app_id = ? AND room_id = ?",
    )
    .bind(app_id)
    .bind(id.as_str())
    .fetch_optional(&mut *connection)
    .await
    .map_err(backend)?;
    row.map(|row| {
        Ok(RoomRow {
            row_id: row.try_get("id").map_err(backend)?,
            owner_id: row.try_get("owner_id").map_err(backend)?,
            max_members: row.try_get("max_members").map_err(backend)?,
            member_count: row.try_get("member_count").map_err(backend)?,
        })
    })
    .transpose()
}

async fn user_id(
    connection: &mut SqliteConnection,
    app_id: i64,
    username: &UserName,
) -> StoreResult<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM users WHERE app_id = ? AND username = ?")
        .bind(app_id)
        .bind(username.as_str())
        .fetch_optional(&mut *connection)
        .await
        .map_err(backend)
}

async fn member_role(connection: &mut SqliteConnection, room: i64, user: i64) -> StoreResult<Option<i64>> {
    sqlx::query_scalar("SELECT role FROM chatroom_members WHERE room_id = ? AND user_id = ?")
        .bind(room)
        .bind(user)
        .fetch_optional(&mut *connection)
        .await
        .map_err(backend)
}

async fn rooms_of_user(connection: &mut SqliteConnection, user: i64) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM chatroom_members WHERE user_id = ?")
        .bind(user)
        .fetch_one(&mut *connection)
        .await
        .map_err(backend)
}

async fn is_listed(
    connection: &mut SqliteConnection,
    table: &str,
    room: i64,
    user: i64,
) -> StoreResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM {table} WHERE room_id = ? AND user_id = ?"
    ))
    .bind(room)
    .bind(user)
    .fetch_optional(&mut *connection)
    .await
    .map_err(backend)?;
    Ok(found.is_some())
}

/// Takes a user out of a room (not its owner), with what goes with membership. `true` if it was in.
async fn remove_member(connection: &mut SqliteConnection, room: i64, user: i64) -> StoreResult<bool> {
    let removed = sqlx::query("DELETE FROM chatroom_members WHERE room_id = ? AND user_id = ? AND role != ?")
        .bind(room)
        .bind(user)
        .bind(ROLE_OWNER)
        .execute(&mut *connection)
        .await
        .map_err(backend)?
        .rows_affected()
        > 0;
    if removed {
        sqlx::query("DELETE FROM chatroom_allowlist WHERE room_id = ? AND user_id = ?")
            .bind(room)
            .bind(user)
            .execute(&mut *connection)
            .await
            .map_err(backend)?;
        sqlx::query("DELETE FROM chatroom_attributes WHERE room_id = ? AND owner_id = ? AND auto_delete = 1")
            .bind(room)
            .bind(user)
            .execute(&mut *connection)
            .await
            .map_err(backend)?;
    }
    Ok(removed)
}

async fn names_of(connection: &mut SqliteConnection, sql: &str, room: i64) -> StoreResult<Vec<UserName>> {
    let names: Vec<String> = sqlx::query_scalar(sql)
        .bind(room)
        .fetch_all(&mut *connection)
        .await
        .map_err(backend)?;
    names.iter().map(|name| stored_name(name)).collect()
}

impl SqliteStore {
    async fn chatroom_connection(&self) -> StoreResult<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
        self.pool.acquire().await.map_err(backend)
    }

    async fn chatroom_transaction(&self) -> StoreResult<sqlx::Transaction<'_, sqlx::Sqlite>> {
        self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)
    }

    /// The names of a room's list (`sql` selects `username` for `room_id = ?`); empty without the room.
    async fn chatroom_names(&self, app_id: i64, id: &ChatRoomId, sql: &str) -> StoreResult<Vec<UserName>> {
        let mut connection = self.chatroom_connection().await?;
        let Some(room) = room_row(&mut connection, app_id, id).await? else {
            return Ok(Vec::new());
        };
        names_of(&mut connection, sql, room.row_id).await
    }
}

#[async_trait::async_trait]
impl ChatRoomStore for SqliteStore {
    async fn chatroom_limits(&self, app_id: i64) -> StoreResult<ChatRoomLimits> {
        let row = sqlx::query(
            "SELECT max_rooms_per_app, max_rooms_per_user, max_members_cap, default_max_members \
             FROM chatroom_settings WHERE app_id = ?",
        )
        .bind(app_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(ChatRoomLimits::default());
        };
        Ok(ChatRoomLimits {
            max_rooms_per_app: to_u64(row.try_get("max_rooms_per_app").map_err(backend)?),
            max_rooms_per_user: to_u64(row.try_get("max_rooms_per_user").map_err(backend)?),
            max_members_cap: to_u32(row.try_get("max_members_cap").map_err(backend)?),
            default_max_members: to_u32(row.try_get("default_max_members").map_err(backend)?),
        })
    }

    async fn set_chatroom_limits(&self, app_id: i64, limits: ChatRoomLimits) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO chatroom_settings (app_id, max_rooms_per_app, max_rooms_per_user, max_members_cap, \
             default_max_members) VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_id) DO UPDATE SET \
             max_rooms_per_app = excluded.max_rooms_per_app, max_rooms_per_user = excluded.max_rooms_per_user, \
             max_members_cap = excluded.max_members_cap, default_max_members = excluded.default_max_members",
        )
        .bind(app_id)
        .bind(to_i64(limits.max_rooms_per_app))
        .bind(to_i64(limits.max_rooms_per_user))
        .bind(i64::from(limits.max_members_cap))
        .bind(i64::from(limits.default_max_members))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn create_room(
        &self,
        app_id: i64,
        room: &NewChatRoom,
        limits: ChatRoomLimits,
    ) -> StoreResult<CreateRoom> {
        let mut transaction = self.chatroom_transaction().await?;
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM chatrooms WHERE app_id = ? AND room_id = ?")
                .bind(app_id)
                .bind(room.id.as_str())
                .fetch_optional(&mut *transaction)
                .await
                .map_err(backend)?;
        if taken.is_some() {
            return Ok(CreateRoom::IdTaken);
        }
        let rooms: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chatrooms WHERE app_id = ?")
            .bind(app_id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        if to_u64(rooms) >= limits.max_rooms_per_app {
            return Ok(CreateRoom::AppQuotaExceeded);
        }
        let mut people = Vec::with_capacity(room.members.len() + 1);
        let mut seen = HashSet::new();
        for (username, role) in std::iter::once((&room.owner, ROLE_OWNER))
            .chain(room.members.iter().map(|member| (member, ROLE_MEMBER)))
        {
            if !seen.insert(username) {
                continue;
            }
            let Some(id) = user_id(&mut transaction, app_id, username).await? else {
                return Ok(CreateRoom::UserMissing(username.clone()));
            };
            people.push((username, id, role));
        }
        for (username, id, _) in &people {
            if to_u64(rooms_of_user(&mut transaction, *id).await?) >= limits.max_rooms_per_user {
                return Ok(CreateRoom::UserQuotaExceeded((*username).clone()));
            }
        }
        let owner_id = people.first().map(|(_, id, _)| *id).unwrap_or_default();
        let row_id: i64 = sqlx::query_scalar(
            "INSERT INTO chatrooms (app_id, room_id, name, description, custom, max_members, owner_id, created_ms) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(app_id)
        .bind(room.id.as_str())
        .bind(&room.name)
        .bind(&room.description)
        .bind(&room.custom)
        .bind(i64::from(room.max_members))
        .bind(owner_id)
        .bind(room.created_ms)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        for (_, id, role) in &people {
            sqlx::query(
                "INSERT INTO chatroom_members (room_id, user_id, role, joined_ms) VALUES (?, ?, ?, ?)",
            )
            .bind(row_id)
            .bind(id)
            .bind(role)
            .bind(room.created_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        let row = sqlx::query(&format!(
            "SELECT {ROOM_COLUMNS} FROM chatrooms r JOIN users o ON o.id = r.owner_id WHERE r.id = ?"
        ))
        .bind(row_id)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        let created = room_from_row(&row)?;
        transaction.commit().await.map_err(backend)?;
        Ok(CreateRoom::Created(created))
    }

    async fn room(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Option<ChatRoom>> {
        let row = sqlx::query(&format!(
            "SELECT {ROOM_COLUMNS} FROM chatrooms r JOIN users o ON o.id = r.owner_id \
             WHERE r.app_id = ? AND r.room_id = ?"
        ))
        .bind(app_id)
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(room_from_row).transpose()
    }

    async fn list_rooms(
        &self,
        app_id: i64,
        after: Option<i64>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<ChatRoom>> {
        let rows = sqlx::query(&format!(
            "SELECT {ROOM_COLUMNS} FROM chatrooms r JOIN users o ON o.id = r.owner_id \
             WHERE r.app_id = ? AND r.id > ? ORDER BY r.id LIMIT ? OFFSET ?"
        ))
        .bind(app_id)
        .bind(after.unwrap_or(0))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(room_from_row).collect()
    }

    async fn count_rooms(&self, app_id: i64) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chatrooms WHERE app_id = ?")
            .bind(app_id)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(to_u64(count))
    }

    async fn joined_rooms(
        &self,
        app_id: i64,
        username: &UserName,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<ChatRoom>> {
        let rows = sqlx::query(&format!(
            "SELECT {ROOM_COLUMNS} FROM chatroom_members m JOIN chatrooms r ON r.id = m.room_id \
             JOIN users o ON o.id = r.owner_id \
             WHERE m.user_id = (SELECT id FROM users WHERE app_id = ? AND username = ?) \
             ORDER BY m.id DESC LIMIT ? OFFSET ?"
        ))
        .bind(app_id)
        .bind(username.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(room_from_row).collect()
    }

    async fn update_room(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        update: &RoomUpdate,
    ) -> StoreResult<UpdateRoom> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(UpdateRoom::RoomMissing);
        };
        if update
            .max_members
            .is_some_and(|max| i64::from(max) < room.member_count)
        {
            return Ok(UpdateRoom::BelowMemberCount);
        }
        sqlx::query(
            "UPDATE chatrooms SET name = COALESCE(?, name), description = COALESCE(?, description), \
             max_members = COALESCE(?, max_members) WHERE id = ?",
        )
        .bind(&update.name)
        .bind(&update.description)
        .bind(update.max_members.map(i64::from))
        .bind(room.row_id)
        .execute(&mut *transaction)
        .await
        .map_err(backend)?;
        let row = sqlx::query(&format!(
            "SELECT {ROOM_COLUMNS} FROM chatrooms r JOIN users o ON o.id = r.owner_id WHERE r.id = ?"
        ))
        .bind(room.row_id)
        .fetch_one(&mut *transaction)
        .await
        .map_err(backend)?;
        let updated = room_from_row(&row)?;
        transaction.commit().await.map_err(backend)?;
        Ok(UpdateRoom::Updated(updated))
    }

    async fn transfer_owner(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        new_owner: &UserName,
    ) -> StoreResult<TransferOwner> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(TransferOwner::RoomMissing);
        };
        let Some(user) = user_id(&mut transaction, app_id, new_owner).await? else {
            return Ok(TransferOwner::UserMissing);
        };
        if user == room.owner_id {
            return Ok(TransferOwner::SameOwner);
        }
        if member_role(&mut transaction, room.row_id, user).await?.is_none() {
            return Ok(TransferOwner::NotMember);
        }
        for (member, role) in [(room.owner_id, ROLE_MEMBER), (user, ROLE_OWNER)] {
            sqlx::query("UPDATE chatroom_members SET role = ? WHERE room_id = ? AND user_id = ?")
                .bind(role)
                .bind(room.row_id)
                .bind(member)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
        }
        sqlx::query("UPDATE chatrooms SET owner_id = ? WHERE id = ?")
            .bind(user)
            .bind(room.row_id)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(TransferOwner::Transferred)
    }

    async fn delete_room(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<bool> {
        let deleted = sqlx::query("DELETE FROM chatrooms WHERE app_id = ? AND room_id = ?")
            .bind(app_id)
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn set_announcement(&self, app_id: i64, id: &ChatRoomId, announcement: &str) -> StoreResult<bool> {
        let updated = sqlx::query("UPDATE chatrooms SET announcement = ? WHERE app_id = ? AND room_id = ?")
            .bind(announcement)
            .bind(app_id)
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn set_mute_all(&self, app_id: i64, id: &ChatRoomId, on: bool) -> StoreResult<bool> {
        let updated = sqlx::query("UPDATE chatrooms SET mute_all = ? WHERE app_id = ? AND room_id = ?")
            .bind(on)
            .bind(app_id)
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn is_room_member(&self, app_id: i64, id: &ChatRoomId, username: &UserName) -> StoreResult<bool> {
        Ok(self.role_of(app_id, id, username).await?.is_some())
    }

    async fn role_of(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        username: &UserName,
    ) -> StoreResult<Option<ChatRoomRole>> {
        // Three unique-index lookups: the room by (app, id), the user by (app, name), the membership by
        // (room, user). Nothing here grows with the room's size.
        let role: Option<i64> = sqlx::query_scalar(
            "SELECT m.role FROM chatroom_members m \
             WHERE m.room_id = (SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?) \
             AND m.user_id = (SELECT id FROM users WHERE app_id = ? AND username = ?)",
        )
        .bind(app_id)
        .bind(id.as_str())
        .bind(app_id)
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        role.map(role_from).transpose()
    }

    async fn relations(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        now_ms: i64,
    ) -> StoreResult<Vec<RoomRelation>> {
        let mut connection = self.chatroom_connection().await?;
        let room = room_row(&mut connection, app_id, id).await?;
        let mut relations = Vec::with_capacity(usernames.len());
        for username in usernames {
            let mut relation = RoomRelation {
                username: username.clone(),
                exists: false,
                role: None,
                muted: None,
                allowed: false,
                blocked: false,
            };
            if let Some(user) = user_id(&mut connection, app_id, username).await? {
                relation.exists = true;
                if let Some(room) = &room {
                    relation.role = member_role(&mut connection, room.row_id, user)
                        .await?
                        .map(role_from)
                        .transpose()?;
                    let until: Option<i64> = sqlx::query_scalar(
                        "SELECT until_ms FROM chatroom_mutes WHERE room_id = ? AND user_id = ? \
                         AND (until_ms = -1 OR until_ms > ?)",
                    )
                    .bind(room.row_id)
                    .bind(user)
                    .bind(now_ms)
                    .fetch_optional(&mut *connection)
                    .await
                    .map_err(backend)?;
                    relation.muted = until.map(until_from);
                    relation.allowed =
                        is_listed(&mut connection, "chatroom_allowlist", room.row_id, user).await?;
                    relation.blocked =
                        is_listed(&mut connection, "chatroom_blocklist", room.row_id, user).await?;
                }
            }
            relations.push(relation);
        }
        Ok(relations)
    }

    async fn room_members_of(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        after: Option<i64>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<RoomMember>> {
        let rows = sqlx::query(
            "SELECT m.id, u.username, m.role, m.joined_ms FROM chatroom_members m \
             JOIN users u ON u.id = m.user_id \
             WHERE m.room_id = (SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?) AND m.id > ? \
             ORDER BY m.id LIMIT ? OFFSET ?",
        )
        .bind(app_id)
        .bind(id.as_str())
        .bind(after.unwrap_or(0))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let username: String = row.try_get("username").map_err(backend)?;
                Ok(RoomMember {
                    username: stored_name(&username)?,
                    role: role_from(row.try_get("role").map_err(backend)?)?,
                    joined_ms: row.try_get("joined_ms").map_err(backend)?,
                    cursor: row.try_get("id").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn add_members(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        limits: ChatRoomLimits,
        now_ms: i64,
    ) -> StoreResult<AddMembers> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(AddMembers::RoomMissing);
        };
        let mut newcomers = Vec::new();
        let mut seen = HashSet::new();
        for username in usernames {
            if !seen.insert(username) {
                continue;
            }
            let Some(user) = user_id(&mut transaction, app_id, username).await? else {
                return Ok(AddMembers::UserMissing(username.clone()));
            };
            if member_role(&mut transaction, room.row_id, user).await?.is_some() {
                continue;
            }
            if is_listed(&mut transaction, "chatroom_blocklist", room.row_id, user).await? {
                return Ok(AddMembers::Blocked(username.clone()));
            }
            newcomers.push((username, user));
        }
        if room.member_count + i64::try_from(newcomers.len()).unwrap_or(i64::MAX) > room.max_members {
            return Ok(AddMembers::Full);
        }
        for (username, user) in &newcomers {
            if to_u64(rooms_of_user(&mut transaction, *user).await?) >= limits.max_rooms_per_user {
                return Ok(AddMembers::UserQuotaExceeded((*username).clone()));
            }
        }
        for (_, user) in &newcomers {
            sqlx::query(
                "INSERT INTO chatroom_members (room_id, user_id, role, joined_ms) VALUES (?, ?, ?, ?)",
            )
            .bind(room.row_id)
            .bind(user)
            .bind(ROLE_MEMBER)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(AddMembers::Added(
            newcomers
                .into_iter()
                .map(|(username, _)| username.clone())
                .collect(),
        ))
    }

    async fn remove_members(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
    ) -> StoreResult<Vec<UserName>> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(Vec::new());
        };
        let mut removed = Vec::new();
        for username in usernames {
            if let Some(user) = user_id(&mut transaction, app_id, username).await?
                && remove_member(&mut transaction, room.row_id, user).await?
            {
                removed.push(username.clone());
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(removed)
    }

    async fn set_admin(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        username: &UserName,
        admin: bool,
    ) -> StoreResult<SetAdmin> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(SetAdmin::NotMember);
        };
        let Some(user) = user_id(&mut transaction, app_id, username).await? else {
            return Ok(SetAdmin::NotMember);
        };
        let role = match member_role(&mut transaction, room.row_id, user).await? {
            None => return Ok(SetAdmin::NotMember),
            Some(ROLE_OWNER) => return Ok(SetAdmin::IsOwner),
            Some(role) => role,
        };
        let wanted = if admin { ROLE_ADMIN } else { ROLE_MEMBER };
        if role == wanted {
            return Ok(SetAdmin::Unchanged);
        }
        if admin {
            let admins: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM chatroom_members WHERE room_id = ? AND role = ?")
                    .bind(room.row_id)
                    .bind(ROLE_ADMIN)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(backend)?;
            if to_u64(admins) >= MAX_ADMINS as u64 {
                return Ok(SetAdmin::TooMany);
            }
        }
        sqlx::query("UPDATE chatroom_members SET role = ? WHERE room_id = ? AND user_id = ?")
            .bind(wanted)
            .bind(room.row_id)
            .bind(user)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
        transaction.commit().await.map_err(backend)?;
        Ok(SetAdmin::Changed)
    }

    async fn admins(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Vec<UserName>> {
        self.chatroom_names(
            app_id,
            id,
            "SELECT u.username FROM chatroom_members m JOIN users u ON u.id = m.user_id \
             WHERE m.room_id = ? AND m.role = 1 ORDER BY m.id",
        )
        .await
    }

    async fn set_room_mutes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        until: Option<MuteUntil>,
    ) -> StoreResult<()> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(());
        };
        for username in usernames {
            let Some(user) = user_id(&mut transaction, app_id, username).await? else {
                continue;
            };
            let query = match until {
                None => sqlx::query("DELETE FROM chatroom_mutes WHERE room_id = ? AND user_id = ?")
                    .bind(room.row_id)
                    .bind(user),
                Some(until) => sqlx::query(
                    "INSERT INTO chatroom_mutes (room_id, user_id, until_ms) VALUES (?, ?, ?) \
                     ON CONFLICT (room_id, user_id) DO UPDATE SET until_ms = excluded.until_ms",
                )
                .bind(room.row_id)
                .bind(user)
                .bind(until_to(until)),
            };
            query.execute(&mut *transaction).await.map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn room_mutes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        now_ms: i64,
    ) -> StoreResult<Vec<(UserName, MuteUntil)>> {
        let rows = sqlx::query(
            "SELECT u.username, m.until_ms FROM chatroom_mutes m JOIN users u ON u.id = m.user_id \
             WHERE m.room_id = (SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?) \
             AND (m.until_ms = -1 OR m.until_ms > ?) ORDER BY u.username",
        )
        .bind(app_id)
        .bind(id.as_str())
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let username: String = row.try_get("username").map_err(backend)?;
                Ok((
                    stored_name(&username)?,
                    until_from(row.try_get("until_ms").map_err(backend)?),
                ))
            })
            .collect()
    }

    async fn set_allowed(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        allowed: bool,
    ) -> StoreResult<()> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(());
        };
        let now_ms = now_ms();
        for username in usernames {
            let Some(user) = user_id(&mut transaction, app_id, username).await? else {
                continue;
            };
            let query = if allowed {
                sqlx::query(
                    "INSERT INTO chatroom_allowlist (room_id, user_id, added_ms) VALUES (?, ?, ?) \
                     ON CONFLICT (room_id, user_id) DO NOTHING",
                )
                .bind(room.row_id)
                .bind(user)
                .bind(now_ms)
            } else {
                sqlx::query("DELETE FROM chatroom_allowlist WHERE room_id = ? AND user_id = ?")
                    .bind(room.row_id)
                    .bind(user)
            };
            query.execute(&mut *transaction).await.map_err(backend)?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn allowlist(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Vec<UserName>> {
        self.chatroom_names(
            app_id,
            id,
            "SELECT u.username FROM chatroom_allowlist a JOIN users u ON u.id = a.user_id \
             WHERE a.room_id = ? ORDER BY a.added_ms, u.username",
        )
        .await
    }

    async fn block(&self, app_id: i64, id: &ChatRoomId, usernames: &[UserName]) -> StoreResult<()> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(());
        };
        let now_ms = now_ms();
        for username in usernames {
            let Some(user) = user_id(&mut transaction, app_id, username).await? else {
                continue;
            };
            if user == room.owner_id {
                continue;
            }
            sqlx::query(
                "INSERT INTO chatroom_blocklist (room_id, user_id, added_ms) VALUES (?, ?, ?) \
                 ON CONFLICT (room_id, user_id) DO NOTHING",
            )
            .bind(room.row_id)
            .bind(user)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await
            .map_err(backend)?;
            remove_member(&mut transaction, room.row_id, user).await?;
        }
        transaction.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn unblock(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
    ) -> StoreResult<Vec<UserName>> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(Vec::new());
        };
        let mut unblocked = Vec::new();
        for username in usernames {
            let Some(user) = user_id(&mut transaction, app_id, username).await? else {
                continue;
            };
            let deleted = sqlx::query("DELETE FROM chatroom_blocklist WHERE room_id = ? AND user_id = ?")
                .bind(room.row_id)
                .bind(user)
                .execute(&mut *transaction)
                .await
                .map_err(backend)?;
            if deleted.rows_affected() > 0 {
                unblocked.push(username.clone());
            }
        }
        transaction.commit().await.map_err(backend)?;
        Ok(unblocked)
    }

    async fn blocklist(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Vec<UserName>> {
        self.chatroom_names(
            app_id,
            id,
            "SELECT u.username FROM chatroom_blocklist b JOIN users u ON u.id = b.user_id \
             WHERE b.room_id = ? ORDER BY b.added_ms, u.username",
        )
        .await
    }

    async fn add_super_admin(&self, app_id: i64, username: &UserName, now_ms: i64) -> StoreResult<bool> {
        let inserted = sqlx::query(
            "INSERT INTO chatroom_super_admins (user_id, app_id, added_ms) \
             SELECT id, app_id, ? FROM users WHERE app_id = ? AND username = ? \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(now_ms)
        .bind(app_id)
        .bind(username.as_str())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if inserted.rows_affected() > 0 {
            return Ok(true);
        }
        let mut connection = self.chatroom_connection().await?;
        Ok(user_id(&mut connection, app_id, username).await?.is_some())
    }

    async fn remove_super_admin(&self, app_id: i64, username: &UserName) -> StoreResult<bool> {
        let deleted = sqlx::query(
            "DELETE FROM chatroom_super_admins \
             WHERE user_id = (SELECT id FROM users WHERE app_id = ? AND username = ?)",
        )
        .bind(app_id)
        .bind(username.as_str())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn super_admins(&self, app_id: i64, offset: u32, limit: u32) -> StoreResult<Vec<UserName>> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT u.username FROM chatroom_super_admins s JOIN users u ON u.id = s.user_id \
             WHERE s.app_id = ? ORDER BY s.added_ms, u.id LIMIT ? OFFSET ?",
        )
        .bind(app_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        names.iter().map(|name| stored_name(name)).collect()
    }

    async fn is_super_admin(&self, app_id: i64, username: &UserName) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM chatroom_super_admins \
             WHERE user_id = (SELECT id FROM users WHERE app_id = ? AND username = ?)",
        )
        .bind(app_id)
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(found.is_some())
    }

    async fn set_room_attributes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        owner: &UserName,
        pairs: &[(String, String)],
        auto_delete: bool,
        forced: bool,
        max_keys: usize,
    ) -> StoreResult<Vec<AttributeOutcome>> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(Vec::new());
        };
        let Some(user) = user_id(&mut transaction, app_id, owner).await? else {
            return Ok(Vec::new());
        };
        let mut keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chatroom_attributes WHERE room_id = ?")
            .bind(room.row_id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(backend)?;
        let mut outcomes = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT owner_id FROM chatroom_attributes WHERE room_id = ? AND key = ?")
                    .bind(room.row_id)
                    .bind(key)
                    .fetch_optional(&mut *transaction)
                    .await
                    .map_err(backend)?;
            let outcome = match current {
                Some(current) if current != user && !forced => AttributeOutcome::OwnedByOther,
                None if to_u64(keys) >= max_keys as u64 => AttributeOutcome::RoomFull,
                _ => {
                    sqlx::query(
                        "INSERT INTO chatroom_attributes (room_id, key, value, owner_id, auto_delete) \
                         VALUES (?, ?, ?, ?, ?) ON CONFLICT (room_id, key) DO UPDATE SET \
                         value = excluded.value, owner_id = excluded.owner_id, auto_delete = excluded.auto_delete",
                    )
                    .bind(room.row_id)
                    .bind(key)
                    .bind(value)
                    .bind(user)
                    .bind(auto_delete)
                    .execute(&mut *transaction)
                    .await
                    .map_err(backend)?;
                    if current.is_none() {
                        keys += 1;
                    }
                    AttributeOutcome::Done
                }
            };
            outcomes.push(outcome);
        }
        transaction.commit().await.map_err(backend)?;
        Ok(outcomes)
    }

    async fn room_attributes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        keys: Option<&[String]>,
    ) -> StoreResult<BTreeMap<String, String>> {
        let rows = sqlx::query(
            "SELECT key, value FROM chatroom_attributes \
             WHERE room_id = (SELECT id FROM chatrooms WHERE app_id = ? AND room_id = ?) ORDER BY key",
        )
        .bind(app_id)
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        // A room holds at most 100 keys: filtering here is cheaper than building an IN list.
        let wanted: Option<HashSet<&str>> = keys.map(|keys| keys.iter().map(String::as_str).collect());
        let mut attributes = BTreeMap::new();
        for row in rows {
            let key: String = row.try_get("key").map_err(backend)?;
            if wanted.as_ref().is_none_or(|wanted| wanted.contains(key.as_str())) {
                attributes.insert(key, row.try_get("value").map_err(backend)?);
            }
        }
        Ok(attributes)
    }

    async fn delete_room_attributes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        owner: &UserName,
        keys: &[String],
        forced: bool,
    ) -> StoreResult<Vec<AttributeOutcome>> {
        let mut transaction = self.chatroom_transaction().await?;
        let Some(room) = room_row(&mut transaction, app_id, id).await? else {
            return Ok(Vec::new());
        };
        let user = user_id(&mut transaction, app_id, owner).await?;
        let mut outcomes = Vec::with_capacity(keys.len());
        for key in keys {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT owner_id FROM chatroom_attributes WHERE room_id = ? AND key = ?")
                    .bind(room.row_id)
                    .bind(key)
                    .fetch_optional(&mut *transaction)
                    .await
                    .map_err(backend)?;
            let outcome = match current {
                None => AttributeOutcome::Absent,
                Some(current) if Some(current) != user && !forced => AttributeOutcome::OwnedByOther,
                Some(_) => {
                    sqlx::query("DELETE FROM chatroom_attributes WHERE room_id = ? AND key = ?")
                        .bind(room.row_id)
                        .bind(key)
                        .execute(&mut *transaction)
                        .await
                        .map_err(backend)?;
                    AttributeOutcome::Done
                }
            };
            outcomes.push(outcome);
        }
        transaction.commit().await.map_err(backend)?;
        Ok(outcomes)
    }
}

/// Wall-clock Unix ms, for the order of list entries (never for a rule: rules take `now` from the caller).
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
