//! Chat rooms (聊天室) at the RongCloud door: `/chatroom/{create,destroy,query,join}.json`, members
//! (`/chatroom/user/query.json`, `/chatroom/user/exist.json`, `/chatroom/users/exist.json`), gags, blocks,
//! global bans, the user whitelist, keep-alive, message distribution, and the app's message-type lists
//! (whitelist, low priority); and the task that lifts timed blocks.
//!
//! They are the app's rooms, the ones the Easemob door serves. A room made here is the Easemob room with
//! the same id when the RongCloud id is also a valid Easemob room id (`a-z 0-9`) that is free, else one with
//! a generated id; either way the RongCloud store keeps the RongCloud id. A room made through the Easemob
//! door is named here by its Easemob id. Gags are the room's member mutes, blocks its blocklist (with a
//! deadline kept here), the global ban the users' `chatroom` mute, the user whitelist its allowlist.
//!
//! Decision (owners): a RongCloud room has no owner and an Easemob room must have one, so the rooms this
//! door creates are owned by one user per app, the room keeper (`rongcloud-chatrooms`, or that name with a
//! suffix if the app has such a user already), made on the first room create with a random password
//! nobody knows. The keeper is not listed among a room's users here. It counts as one of the app's users;
//! deleting it through the Easemob door would destroy the rooms it owns. The keeper's own room quota does
//! not apply to the rooms it keeps.
//!
//! Decisions (RongCloud rules): an id that names a room already is 1017 (聊天室已存在) and creates nothing;
//! destroying any room that does not exist is 1016 and destroys nothing; a query answers the rooms that
//! exist, and 1016 when none does. A blocked user cannot join (2009, 用户被踢出聊天室).

use super::call::Call;
use super::groups::global_mutes;
use super::ids;
use super::reply::{Reply, Success};
use super::users::{existing_user, existing_users};
use crate::AppState;
use axum::Router;
use axum::extract::State;
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::{ChatRoom, ChatRoomId, ChatRoomLimits, MAX_NAME_CHARS, NewChatRoom};
use natter_core::{App, NewUser, User, UserName, UsernameContext};
use natter_store::{
    AddMembers, CreateRoom, MessageTypeList, MuteScope, MuteUntil, RoomFlag, Store, StoreError,
};
use serde_json::{Value, json};
use std::sync::Weak;
use std::time::Duration;

/// Users one gag, block or ban call names at most (the SDKs' limit).
const MAX_PER_CALL: usize = 20;
/// Users one user-whitelist call names at most (rc-server-sdk: 5).
const MAX_WHITELIST_PER_CALL: usize = 5;
/// Users one join names at most (rongcloud 2.0.1: 50).
const MAX_JOIN_PER_CALL: usize = 50;
/// Users one exists check names at most.
const MAX_EXIST_PER_CALL: usize = 1000;
/// Members one user query lists at most.
const MAX_QUERY_COUNT: i64 = 500;
/// Message types on the app's whitelist, and on its low-priority list, at most (RongCloud: 20), and per call
/// (whitelist 20, low priority 5).
const MAX_MESSAGE_TYPES: u32 = 20;
const MAX_WHITELIST_TYPES_PER_CALL: usize = 20;
const MAX_PRIORITY_TYPES_PER_CALL: usize = 5;
/// The longest message type name (objectName), in characters.
const MAX_OBJECT_NAME_CHARS: usize = 32;
/// The room keeper's user ID, before a suffix.
const KEEPER_NAME: &str = "rongcloud-chatrooms";
/// The expiry task looks again at least this often, and this long after a store failure.
const MAX_IDLE: Duration = Duration::from_secs(60);
const RETRY_AFTER: Duration = Duration::from_secs(5);

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/chatroom/create.json", super::endpoint(create))
        .route("/chatroom/destroy.json", super::endpoint(destroy))
        .route("/chatroom/query.json", super::endpoint(query))
        .route("/chatroom/join.json", super::endpoint(join))
        .route("/chatroom/user/query.json", super::endpoint(user_query))
        .route("/chatroom/user/exist.json", super::endpoint(user_exist))
        .route("/chatroom/users/exist.json", super::endpoint(users_exist))
        .route("/chatroom/user/gag/add.json", super::endpoint(gag_add))
        .route("/chatroom/user/gag/rollback.json", super::endpoint(gag_rollback))
        .route("/chatroom/user/gag/list.json", super::endpoint(gag_list))
        .route("/chatroom/user/block/add.json", super::endpoint(block_add))
        .route(
            "/chatroom/user/block/rollback.json",
            super::endpoint(block_rollback),
        )
        .route("/chatroom/user/block/list.json", super::endpoint(block_list))
        .route("/chatroom/user/ban/add.json", super::endpoint(ban_add))
        .route("/chatroom/user/ban/remove.json", super::endpoint(ban_remove))
        .route("/chatroom/user/ban/query.json", super::endpoint(ban_query))
        .route(
            "/chatroom/user/whitelist/add.json",
            super::endpoint(user_whitelist_add),
        )
        .route(
            "/chatroom/user/whitelist/remove.json",
            super::endpoint(user_whitelist_remove),
        )
        .route(
            "/chatroom/user/whitelist/query.json",
            super::endpoint(user_whitelist_query),
        )
        .route("/chatroom/keepalive/add.json", super::endpoint(keepalive_add))
        .route(
            "/chatroom/keepalive/remove.json",
            super::endpoint(keepalive_remove),
        )
        .route("/chatroom/keepalive/query.json", super::endpoint(keepalive_query))
        .route(
            "/chatroom/message/stopDistribution.json",
            super::endpoint(stop_distribution),
        )
        .route(
            "/chatroom/message/resumeDistribution.json",
            super::endpoint(resume_distribution),
        )
        .route(
            "/chatroom/whitelist/add.json",
            super::endpoint(message_whitelist_add),
        )
        .route(
            "/chatroom/whitelist/delete.json",
            super::endpoint(message_whitelist_delete),
        )
        .route(
            "/chatroom/whitelist/query.json",
            super::endpoint(message_whitelist_query),
        )
        .route(
            "/chatroom/message/priority/add.json",
            super::endpoint(priority_add),
        )
        .route(
            "/chatroom/message/priority/remove.json",
            super::endpoint(priority_remove),
        )
        .route(
            "/chatroom/message/priority/query.json",
            super::endpoint(priority_query),
        )
}

/// 1016 for a RongCloud room id.
fn room_not_found(rongcloud_id: &str) -> NatterError {
    NatterError::new(ErrorKind::ChatRoomNotFound)
        .with_param(rongcloud_id)
        .with_detail(format!("no chat room {rongcloud_id:?}"))
}

/// The room a RongCloud id names: the room the RongCloud door made under this id, else the Easemob room
/// with this id, unless that room has a RongCloud id of its own (one name per room here).
async fn find_room(state: &AppState, app: &App, rongcloud_id: &str) -> Result<Option<ChatRoom>, NatterError> {
    let store = &state.store;
    let id = match store
        .rongcloud_room(app.id, rongcloud_id)
        .await
        .map_err(crate::store_error)?
    {
        Some(id) => id,
        None => {
            let Some(id) = ChatRoomId::parse(rongcloud_id) else {
                return Ok(None);
            };
            let aliases = store
                .rongcloud_room_ids(app.id, std::slice::from_ref(&id))
                .await
                .map_err(crate::store_error)?;
            if aliases.get(&id).is_some_and(|alias| alias != rongcloud_id) {
                return Ok(None);
            }
            id
        }
    };
    store.room(app.id, &id).await.map_err(crate::store_error)
}

/// The room a RongCloud id names, or 1016.
pub(crate) async fn existing_room(
    state: &AppState,
    app: &App,
    rongcloud_id: &str,
) -> Result<ChatRoom, NatterError> {
    find_room(state, app, rongcloud_id)
        .await?
        .ok_or_else(|| room_not_found(rongcloud_id))
}

/// The room of the required `chatroomId`.
async fn room_param(state: &AppState, call: &Call) -> Result<(String, ChatRoom), NatterError> {
    let rongcloud_id = ids::required_id(&call.params, "chatroomId")?;
    let room = existing_room(state, &call.app, rongcloud_id).await?;
    Ok((rongcloud_id.to_string(), room))
}

/// The RongCloud ids of rooms: their RongCloud id, or their Easemob id.
async fn rongcloud_names(
    state: &AppState,
    app: &App,
    rooms: &[ChatRoomId],
) -> Result<Vec<String>, NatterError> {
    let aliases = state
        .store
        .rongcloud_room_ids(app.id, rooms)
        .await
        .map_err(crate::store_error)?;
    Ok(rooms
        .iter()
        .map(|id| aliases.get(id).cloned().unwrap_or_else(|| id.to_string()))
        .collect())
}

fn usernames(users: &[User]) -> Vec<UserName> {
    users.iter().map(|user| user.username.clone()).collect()
}

/// The app's room keeper, made on first use (see the module's decisions).
async fn room_keeper(state: &AppState, app: &App) -> Result<UserName, NatterError> {
    if let Some(keeper) = state
        .store
        .room_keeper(app.id)
        .await
        .map_err(crate::store_error)?
    {
        return Ok(keeper);
    }
    let mut name = UserName::parse(KEEPER_NAME, UsernameContext::Authorized)?;
    if state
        .store
        .user_by_name(app.id, &name)
        .await
        .map_err(crate::store_error)?
        .is_some()
    {
        let suffix: String = crate::new_uuid()
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(8)
            .collect();
        name = UserName::parse(&format!("{KEEPER_NAME}-{suffix}"), UsernameContext::Authorized)?;
    }
    let keeper = NewUser {
        username: name,
        uuid: crate::new_uuid(),
        password_hash: crate::password::NO_PASSWORD.to_owned(),
        nickname: None,
        created_ms: crate::now_ms(),
    };
    let created = match state.store.create_users(app.id, vec![keeper]).await {
        Ok(mut created) => created
            .pop()
            .ok_or_else(|| NatterError::new(ErrorKind::Internal).with_detail("no keeper created"))?,
        Err(StoreError::LimitExceeded(detail)) => {
            return Err(NatterError::new(ErrorKind::UserQuotaExceeded).with_detail(detail));
        }
        Err(error) => return Err(crate::store_error(error)),
    };
    let keeper = state
        .store
        .set_room_keeper(app.id, created.id)
        .await
        .map_err(crate::store_error)?;
    if keeper != created.username {
        // Another request made the app's keeper meanwhile; this one is not needed.
        state
            .store
            .delete_user(app.id, &created.username)
            .await
            .map_err(crate::store_error)?;
    }
    tracing::info!(app = %app.key, keeper = %keeper, "made the RongCloud room keeper");
    Ok(keeper)
}

/// `POST /chatroom/create.json` (`chatroom[<chatroomId>]=<name>` one or more times).
async fn create(State(state): State<AppState>, call: Call) -> Reply {
    let mut wanted: Vec<(&str, &str)> = Vec::new();
    for (rongcloud_id, name) in call.params.bracketed("chatroom") {
        ids::check_id("chatroom[id]", rongcloud_id)?;
        ids::check_name("chatroom[id]", name, MAX_NAME_CHARS)?;
        if !wanted.iter().any(|(known, _)| *known == rongcloud_id) {
            wanted.push((rongcloud_id, name));
        }
    }
    if wanted.is_empty() {
        return Err(NatterError::invalid_parameter("chatroom[id]=name is required").into());
    }
    for (rongcloud_id, _) in &wanted {
        if find_room(&state, &call.app, rongcloud_id).await?.is_some() {
            return Err(NatterError::new(ErrorKind::ChatRoomIdTaken)
                .with_param(*rongcloud_id)
                .into());
        }
    }
    let keeper = room_keeper(&state, &call.app).await?;
    let limits = state.store.chatroom_limits(call.app.id).await?;
    // The keeper keeps every room of the door: the rooms-per-user quota is for people.
    let keeper_limits = ChatRoomLimits {
        max_rooms_per_user: u64::MAX,
        ..limits
    };
    for (rongcloud_id, name) in wanted {
        let now = crate::now_ms();
        let id = match ChatRoomId::parse(rongcloud_id) {
            Some(id) if state.store.room(call.app.id, &id).await?.is_none() => id,
            _ => ChatRoomId::generated(state.ids.next(now)),
        };
        let room = NewChatRoom {
            id,
            name: name.to_string(),
            description: String::new(),
            custom: String::new(),
            max_members: limits.max_members_cap,
            owner: keeper.clone(),
            members: Vec::new(),
            created_ms: now,
        };
        match state
            .store
            .create_rongcloud_room(call.app.id, rongcloud_id, &room, keeper_limits)
            .await
        {
            Ok(CreateRoom::Created(room)) => {
                tracing::info!(app = %call.app.key, room = %room.id, rongcloud_id, "created chat room (RongCloud)");
            }
            Ok(CreateRoom::IdTaken) | Err(StoreError::Conflict(_)) => {
                return Err(NatterError::new(ErrorKind::ChatRoomIdTaken)
                    .with_param(rongcloud_id)
                    .into());
            }
            Ok(CreateRoom::AppQuotaExceeded) => {
                return Err(NatterError::new(ErrorKind::ChatRoomAppQuota)
                    .with_param(call.app.key.to_string())
                    .into());
            }
            Ok(CreateRoom::UserQuotaExceeded(user)) => {
                return Err(NatterError::new(ErrorKind::ChatRoomUserQuota)
                    .with_param(user.as_str())
                    .into());
            }
            Ok(CreateRoom::UserMissing(user)) => {
                return Err(NatterError::new(ErrorKind::Internal)
                    .with_detail(format!("the room keeper {user} is gone"))
                    .into());
            }
            Err(error) => return Err(crate::store_error(error).into()),
        }
    }
    Ok(Success::new())
}

/// The rooms of a repeated `chatroomId` (at least one), every one existing (1016 for the first that does
/// not).
async fn named_rooms(state: &AppState, call: &Call) -> Result<Vec<(String, ChatRoom)>, NatterError> {
    let mut rooms = Vec::new();
    for rongcloud_id in ids::ids(&call.params, "chatroomId", 1, usize::MAX)? {
        rooms.push((
            rongcloud_id.to_string(),
            existing_room(state, &call.app, rongcloud_id).await?,
        ));
    }
    Ok(rooms)
}

/// `POST /chatroom/destroy.json` (`chatroomId` one or more times).
async fn destroy(State(state): State<AppState>, call: Call) -> Reply {
    let rooms = named_rooms(&state, &call).await?;
    for (rongcloud_id, room) in &rooms {
        if !state.store.delete_room(call.app.id, &room.id).await? {
            return Err(room_not_found(rongcloud_id).into());
        }
        tracing::info!(app = %call.app.key, room = %room.id, "destroyed chat room (RongCloud)");
    }
    Ok(Success::new())
}

/// `POST /chatroom/query.json` (`chatroomId` one or more times): `chatRooms: [{"chrmId","name","time"}]`
/// for the rooms that exist. `chatroomId` repeats `chrmId`: rc-server-sdk documents both spellings.
async fn query(State(state): State<AppState>, call: Call) -> Reply {
    let mut found = Vec::new();
    for rongcloud_id in ids::ids(&call.params, "chatroomId", 1, usize::MAX)? {
        if let Some(room) = find_room(&state, &call.app, rongcloud_id).await? {
            found.push(json!({
                "chrmId": rongcloud_id,
                "chatroomId": rongcloud_id,
                "name": room.name,
                "time": super::time::format_ms(room.created_ms),
            }));
        }
    }
    if found.is_empty() {
        let first = call.params.all("chatroomId").first().copied().unwrap_or_default();
        return Err(room_not_found(first).into());
    }
    Ok(Success::new().with("chatRooms", found))
}

/// `POST /chatroom/join.json` (`userId` 1 to 50 times, `chatroomId`; rongcloud 2.0.1).
async fn join(State(state): State<AppState>, call: Call) -> Reply {
    let (rongcloud_id, room) = room_param(&state, &call).await?;
    let users = existing_users(&state, &call, "userId", MAX_JOIN_PER_CALL).await?;
    let limits = state.store.chatroom_limits(call.app.id).await?;
    let outcome = state
        .store
        .add_members(call.app.id, &room.id, &usernames(&users), limits, crate::now_ms())
        .await?;
    match outcome {
        AddMembers::Added(added) => {
            tracing::info!(app = %call.app.key, room = %room.id, count = added.len(), "joined chat room (RongCloud)");
            Ok(Success::new())
        }
        AddMembers::RoomMissing => Err(room_not_found(&rongcloud_id).into()),
        AddMembers::UserMissing(user) => Err(NatterError::new(ErrorKind::UserNotFound)
            .with_detail(format!("no user {user}"))
            .into()),
        AddMembers::Blocked(user) => Err(NatterError::new(ErrorKind::ChatRoomUserBlocked)
            .with_detail(format!("{user} is blocked from {}", room.id))
            .into()),
        AddMembers::Full => Err(NatterError::new(ErrorKind::ChatRoomFull).into()),
        AddMembers::UserQuotaExceeded(user) => Err(NatterError::new(ErrorKind::ChatRoomJoinQuota)
            .with_param(user.as_str())
            .into()),
    }
}

/// `POST /chatroom/user/query.json` (`chatroomId`, `count` 1 to 500, `order` 1 oldest first or 2 newest
/// first): `total` and `users: [{"id","time"}]` (the time each joined), without the room keeper.
async fn user_query(State(state): State<AppState>, call: Call) -> Reply {
    let (_, room) = room_param(&state, &call).await?;
    let count = call
        .params
        .integer("count")?
        .ok_or_else(|| NatterError::invalid_parameter("count is required"))?;
    if !(1..=MAX_QUERY_COUNT).contains(&count) {
        return Err(
            NatterError::invalid_parameter(format!("count must be between 1 and {MAX_QUERY_COUNT}")).into(),
        );
    }
    let newest_first = match call.params.integer("order")? {
        Some(1) => false,
        Some(2) => true,
        _ => return Err(NatterError::invalid_parameter("order must be 1 or 2").into()),
    };
    let keeper = state.store.room_keeper(call.app.id).await?;
    let keeper_inside = match &keeper {
        Some(keeper) => state.store.is_room_member(call.app.id, &room.id, keeper).await?,
        None => false,
    };
    let total = room.member_count.saturating_sub(u64::from(keeper_inside));
    // One more than asked for, in case the keeper is among them.
    let wanted = u32::try_from(count).unwrap_or(500) + 1;
    let offset = if newest_first {
        u32::try_from(room.member_count.saturating_sub(u64::from(wanted))).unwrap_or(u32::MAX)
    } else {
        0
    };
    let mut members = state
        .store
        .room_members_of(call.app.id, &room.id, None, offset, wanted)
        .await?;
    members.retain(|member| Some(&member.username) != keeper.as_ref());
    if newest_first {
        members.reverse();
    }
    let users: Vec<Value> = members
        .iter()
        .take(usize::try_from(count).unwrap_or(500))
        .map(|member| json!({"id": member.username.as_str(), "time": super::time::format_ms(member.joined_ms)}))
        .collect();
    Ok(Success::new().with("total", total).with("users", users))
}

/// `POST /chatroom/user/exist.json` (`chatroomId`, `userId`): `isInChrm`, true or false.
async fn user_exist(State(state): State<AppState>, call: Call) -> Reply {
    let (_, room) = room_param(&state, &call).await?;
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let inside = state
        .store
        .is_room_member(call.app.id, &room.id, &user.username)
        .await?;
    Ok(Success::new().with("isInChrm", inside))
}

/// `POST /chatroom/users/exist.json` (`chatroomId`, `userId` 1 to 1000 times):
/// `result: [{"userId","isInChrm"}]`, `isInChrm` 1 or 0.
async fn users_exist(State(state): State<AppState>, call: Call) -> Reply {
    let (_, room) = room_param(&state, &call).await?;
    let users = existing_users(&state, &call, "userId", MAX_EXIST_PER_CALL).await?;
    let relations = state
        .store
        .relations(call.app.id, &room.id, &usernames(&users), crate::now_ms())
        .await?;
    let result: Vec<Value> = relations
        .iter()
        .map(|relation| json!({"userId": relation.username.as_str(), "isInChrm": i32::from(relation.role.is_some())}))
        .collect();
    Ok(Success::new().with("result", result))
}

/// `{"time","userId","id"}` of a gag, block or ban (see groups' `gag_entry`).
fn entry(username: &str, until: MuteUntil) -> Value {
    json!({"time": ids::format_until(until), "userId": username, "id": username})
}

/// `POST /chatroom/user/gag/add.json` (`userId` 1 to 20 times, `chatroomId`, `minute` 1 to 43200).
async fn gag_add(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_CALL).await?;
    let (_, room) = room_param(&state, &call).await?;
    let minutes = ids::minutes(&call.params, 1)?;
    let until = ids::until_after(crate::now_ms(), minutes);
    state
        .store
        .set_room_mutes(call.app.id, &room.id, &usernames(&users), Some(until))
        .await?;
    Ok(Success::new())
}

/// `POST /chatroom/user/gag/rollback.json` (`userId` 1 to 20 times, `chatroomId`).
async fn gag_rollback(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_CALL).await?;
    let (_, room) = room_param(&state, &call).await?;
    state
        .store
        .set_room_mutes(call.app.id, &room.id, &usernames(&users), None)
        .await?;
    Ok(Success::new())
}

/// `POST /chatroom/user/gag/list.json` (`chatroomId`): `users: [{"time","userId","id"}]`.
async fn gag_list(State(state): State<AppState>, call: Call) -> Reply {
    let (_, room) = room_param(&state, &call).await?;
    let mutes = state
        .store
        .room_mutes(call.app.id, &room.id, crate::now_ms())
        .await?;
    let users: Vec<Value> = mutes
        .iter()
        .map(|(user, until)| entry(user.as_str(), *until))
        .collect();
    Ok(Success::new().with("users", users))
}

/// `POST /chatroom/user/block/add.json` (`userId` 1 to 20 times, `chatroomId`, `minute` 1 to 43200): the
/// users leave the room and cannot join again until the time is up.
async fn block_add(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_CALL).await?;
    let (rongcloud_id, room) = room_param(&state, &call).await?;
    let minutes = ids::minutes(&call.params, 1)?;
    let until_ms = crate::now_ms().saturating_add(minutes.saturating_mul(60_000));
    if !state
        .store
        .block_room_users_until(call.app.id, &room.id, &usernames(&users), until_ms)
        .await?
    {
        return Err(room_not_found(&rongcloud_id).into());
    }
    state.rongcloud.room_blocks_changed.notify_one();
    tracing::info!(app = %call.app.key, room = %room.id, count = users.len(), minutes, "blocked chat room users (RongCloud)");
    Ok(Success::new())
}

/// `POST /chatroom/user/block/rollback.json` (`userId` 1 to 20 times, `chatroomId`).
async fn block_rollback(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_CALL).await?;
    let (_, room) = room_param(&state, &call).await?;
    let names = usernames(&users);
    state.store.unblock(call.app.id, &room.id, &names).await?;
    state
        .store
        .forget_room_block_deadlines(call.app.id, &room.id, &names)
        .await?;
    Ok(Success::new())
}

/// `POST /chatroom/user/block/list.json` (`chatroomId`): `users: [{"time","userId","id"}]`. A block made
/// through the Easemob door has no deadline.
async fn block_list(State(state): State<AppState>, call: Call) -> Reply {
    let (_, room) = room_param(&state, &call).await?;
    let blocked = state.store.blocklist(call.app.id, &room.id).await?;
    let deadlines = state.store.room_block_deadlines(call.app.id, &room.id).await?;
    let users: Vec<Value> = blocked
        .iter()
        .map(|user| {
            let until = deadlines
                .get(user)
                .map_or(MuteUntil::Forever, |&until| MuteUntil::At(until));
            entry(user.as_str(), until)
        })
        .collect();
    Ok(Success::new().with("users", users))
}

/// `POST /chatroom/user/ban/add.json` (`userId` 1 to 20 times, `minute` 1 to 43200): the users may not
/// speak in any room (their global `chatroom` mute).
async fn ban_add(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_CALL).await?;
    let minutes = ids::minutes(&call.params, 1)?;
    let until = ids::until_after(crate::now_ms(), minutes);
    for user in &users {
        state
            .store
            .set_mutes(call.app.id, &user.username, &[(MuteScope::ChatRoom, Some(until))])
            .await?;
    }
    Ok(Success::new())
}

/// `POST /chatroom/user/ban/remove.json` (`userId` 1 to 20 times).
async fn ban_remove(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_CALL).await?;
    for user in &users {
        state
            .store
            .set_mutes(call.app.id, &user.username, &[(MuteScope::ChatRoom, None)])
            .await?;
    }
    Ok(Success::new())
}

/// `POST /chatroom/user/ban/query.json`: `users: [{"time","userId","id"}]`.
async fn ban_query(State(state): State<AppState>, call: Call) -> Reply {
    let mutes = global_mutes(&state, &call.app, MuteScope::ChatRoom, crate::now_ms()).await?;
    let users: Vec<Value> = mutes.iter().map(|(user, until)| entry(user, *until)).collect();
    Ok(Success::new().with("users", users))
}

async fn set_user_whitelisted(state: &AppState, call: &Call, allowed: bool) -> Reply {
    let (_, room) = room_param(state, call).await?;
    let users = existing_users(state, call, "userId", MAX_WHITELIST_PER_CALL).await?;
    state
        .store
        .set_allowed(call.app.id, &room.id, &usernames(&users), allowed)
        .await?;
    Ok(Success::new())
}

/// `POST /chatroom/user/whitelist/add.json` (`chatroomId`, `userId` 1 to 5 times): the room's allowlist.
async fn user_whitelist_add(State(state): State<AppState>, call: Call) -> Reply {
    set_user_whitelisted(&state, &call, true).await
}

/// `POST /chatroom/user/whitelist/remove.json` (`chatroomId`, `userId` 1 to 5 times).
async fn user_whitelist_remove(State(state): State<AppState>, call: Call) -> Reply {
    set_user_whitelisted(&state, &call, false).await
}

/// `POST /chatroom/user/whitelist/query.json` (`chatroomId`): `users`, the user IDs.
async fn user_whitelist_query(State(state): State<AppState>, call: Call) -> Reply {
    let (_, room) = room_param(&state, &call).await?;
    let allowed = state.store.allowlist(call.app.id, &room.id).await?;
    let users: Vec<&str> = allowed.iter().map(|user| user.as_str()).collect();
    Ok(Success::new().with("users", users))
}

async fn set_flag(state: &AppState, call: &Call, flag: RoomFlag, on: bool) -> Reply {
    let (rongcloud_id, room) = room_param(state, call).await?;
    if !state.store.set_room_flag(call.app.id, &room.id, flag, on).await? {
        return Err(room_not_found(&rongcloud_id).into());
    }
    tracing::info!(app = %call.app.key, room = %room.id, ?flag, on, "chat room switch (RongCloud)");
    Ok(Success::new())
}

/// `POST /chatroom/keepalive/add.json` (`chatroomId`). Natter never destroys an idle room, so keeping one
/// alive is recorded and listed, and changes nothing else.
async fn keepalive_add(State(state): State<AppState>, call: Call) -> Reply {
    set_flag(&state, &call, RoomFlag::KeepAlive, true).await
}

/// `POST /chatroom/keepalive/remove.json` (`chatroomId`).
async fn keepalive_remove(State(state): State<AppState>, call: Call) -> Reply {
    set_flag(&state, &call, RoomFlag::KeepAlive, false).await
}

/// `POST /chatroom/keepalive/query.json`: `chatroomIds`.
async fn keepalive_query(State(state): State<AppState>, call: Call) -> Reply {
    let rooms = state
        .store
        .rooms_with_flag(call.app.id, RoomFlag::KeepAlive)
        .await?;
    let names = rongcloud_names(&state, &call.app, &rooms).await?;
    Ok(Success::new().with("chatroomIds", names))
}

/// `POST /chatroom/message/stopDistribution.json` (`chatroomId`): the message pipeline delivers the room's
/// messages to nobody until resumed.
async fn stop_distribution(State(state): State<AppState>, call: Call) -> Reply {
    set_flag(&state, &call, RoomFlag::DistributionStopped, true).await
}

/// `POST /chatroom/message/resumeDistribution.json` (`chatroomId`).
async fn resume_distribution(State(state): State<AppState>, call: Call) -> Reply {
    set_flag(&state, &call, RoomFlag::DistributionStopped, false).await
}

/// The message types of a repeated parameter: 1 to `max` names of 1 to 32 characters.
fn object_names(call: &Call, key: &str, max: usize) -> Result<Vec<String>, NatterError> {
    let names = call.params.all(key);
    if names.is_empty() {
        return Err(NatterError::invalid_parameter(format!("{key} is required")));
    }
    if names.len() > max {
        return Err(NatterError::invalid_parameter(format!("at most {max} {key}")));
    }
    names
        .into_iter()
        .map(|name| {
            if name.chars().count() > MAX_OBJECT_NAME_CHARS || name.chars().any(char::is_control) {
                Err(NatterError::invalid_parameter(format!(
                    "{key} must be at most {MAX_OBJECT_NAME_CHARS} characters"
                )))
            } else {
                Ok(name.to_string())
            }
        })
        .collect()
}

async fn add_types(
    state: &AppState,
    call: &Call,
    list: MessageTypeList,
    key: &str,
    per_call: usize,
) -> Reply {
    let names = object_names(call, key, per_call)?;
    if !state
        .store
        .add_message_types(call.app.id, list, &names, MAX_MESSAGE_TYPES)
        .await?
    {
        return Err(NatterError::new(ErrorKind::RongCloudListFull)
            .with_detail(format!(
                "{} would hold more than {MAX_MESSAGE_TYPES}",
                list.as_str()
            ))
            .into());
    }
    Ok(Success::new())
}

async fn remove_types(
    state: &AppState,
    call: &Call,
    list: MessageTypeList,
    key: &str,
    per_call: usize,
) -> Reply {
    let names = object_names(call, key, per_call)?;
    state
        .store
        .remove_message_types(call.app.id, list, &names)
        .await?;
    Ok(Success::new())
}

/// `POST /chatroom/whitelist/add.json` (`objectnames` 1 to 20 times): message types never dropped.
async fn message_whitelist_add(State(state): State<AppState>, call: Call) -> Reply {
    add_types(
        &state,
        &call,
        MessageTypeList::Whitelist,
        "objectnames",
        MAX_WHITELIST_TYPES_PER_CALL,
    )
    .await
}

/// `POST /chatroom/whitelist/delete.json` (`objectnames` 1 to 20 times).
async fn message_whitelist_delete(State(state): State<AppState>, call: Call) -> Reply {
    remove_types(
        &state,
        &call,
        MessageTypeList::Whitelist,
        "objectnames",
        MAX_WHITELIST_TYPES_PER_CALL,
    )
    .await
}

/// `POST /chatroom/whitelist/query.json`: `objectNames` (the vendor's Java SDK) and `whitlistMsgType`
/// (rc-server-sdk's documented spelling), the same list.
async fn message_whitelist_query(State(state): State<AppState>, call: Call) -> Reply {
    let names = state
        .store
        .message_types(call.app.id, MessageTypeList::Whitelist)
        .await?;
    Ok(Success::new()
        .with("objectNames", names.clone())
        .with("whitlistMsgType", names))
}

/// `POST /chatroom/message/priority/add.json` (`objectName` 1 to 5 times): low-priority message types.
async fn priority_add(State(state): State<AppState>, call: Call) -> Reply {
    add_types(
        &state,
        &call,
        MessageTypeList::LowPriority,
        "objectName",
        MAX_PRIORITY_TYPES_PER_CALL,
    )
    .await
}

/// `POST /chatroom/message/priority/remove.json` (`objectName` 1 to 5 times).
async fn priority_remove(State(state): State<AppState>, call: Call) -> Reply {
    remove_types(
        &state,
        &call,
        MessageTypeList::LowPriority,
        "objectName",
        MAX_PRIORITY_TYPES_PER_CALL,
    )
    .await
}

/// `POST /chatroom/message/priority/query.json`: `objectNames`.
async fn priority_query(State(state): State<AppState>, call: Call) -> Reply {
    let names = state
        .store
        .message_types(call.app.id, MessageTypeList::LowPriority)
        .await?;
    Ok(Success::new().with("objectNames", names))
}

/// Lifts every timed room block whose time is up, then sleeps until the next deadline (or a new block, or
/// `MAX_IDLE`). Ends once the server's state is gone.
pub(crate) async fn lift_expired_blocks(store: Weak<dyn Store>, rongcloud: Weak<super::RongCloudState>) {
    loop {
        let (Some(store_now), Some(rongcloud_now)) = (store.upgrade(), rongcloud.upgrade()) else {
            return;
        };
        let wait = match lift_due(store_now.as_ref()).await {
            Ok(Some(deadline_ms)) => {
                let until = u64::try_from(deadline_ms.saturating_sub(crate::now_ms())).unwrap_or(0);
                Duration::from_millis(until).min(MAX_IDLE)
            }
            Ok(None) => MAX_IDLE,
            Err(error) => {
                tracing::error!(%error, "lifting expired chat room blocks failed; trying again");
                RETRY_AFTER
            }
        };
        drop(store_now);
        // A block added since the deadline was read left a permit (`notify_one`), so this returns at once.
        let _ = tokio::time::timeout(wait, rongcloud_now.room_blocks_changed.notified()).await;
    }
}

async fn lift_due(store: &dyn Store) -> Result<Option<i64>, natter_store::StoreError> {
    for lifted in store.lift_expired_room_blocks(crate::now_ms()).await? {
        tracing::info!(app_id = lifted.app_id, room = %lifted.room, user = %lifted.username, "chat room block ended (RongCloud)");
    }
    store.next_room_block_deadline().await
}
