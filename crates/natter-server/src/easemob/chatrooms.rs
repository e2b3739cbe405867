//! Chat rooms (聊天室, reference groups-chatrooms §5–§7): super admins, rooms, announcements, members,
//! admins, mutes and mute-all, allow- and blocklists, custom attributes (KV); and the REST room calls of
//! the Web SDK (msync SDK-REST.md §3.10), which carry a user token and are held to the room's roles.
//!
//! An app token may do everything. A user token may do what the room's roles allow it
//! (`natter_core::chatroom::user_may`); a refusal is 403 with `error_code` 60002, which the Web SDK
//! reports as 603 PERMISSION_DENIED. Room refusals keep the texts that make the SDK report the CHATROOM_*
//! codes on these URLs (ERRORS.md §2.2): 705 for `grpID X does not exist!` / `do not find this group:X`,
//! 702 for `… are not members of this group!`, 704 for `group member list is full!`.
//!
//! Decision (reference §8.4, §8.10): where the docs give a per-user result shape (remove, block and allow
//! batches) a user it does not apply to gets `result: false` with a reason, and the documented 400/403
//! "not members" reply comes only when it applies to nobody; mute, whose page has no per-user failure
//! shape, refuses the whole call if one user is not in the room.

use super::auth::{Authenticated, Caller};
use super::envelope::{Envelope, decode_cursor, encode_cursor};
use super::{AppContext, EasemobError, EasemobJson, EasemobQuery};
use crate::AppState;
use crate::store_error;
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use natter_codes::{ErrorKind, NatterError};
use natter_core::UserName;
use natter_core::chatroom::{
    self, AttributeProblem, ChatRoom, ChatRoomId, ChatRoomLimits, ChatRoomRole, MuteDuration, NewChatRoom,
    RoomAction, user_may,
};
use natter_store::{
    AddMembers, AttributeOutcome, ChatRoomStore, CreateRoom, MuteUntil, RoomRelation, RoomUpdate, SetAdmin,
    TransferOwner, UpdateRoom,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// `GET /users/{u}/joined_chatrooms` without paging returns this many, the most recently joined.
const JOINED_WITHOUT_PAGING: u32 = 500;
/// Members listed in a room's details (the group page's figure; rooms document none).
const MAX_DETAIL_AFFILIATIONS: u32 = 10_000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/chatrooms", post(create_room).get(list_rooms))
        .route(
            "/{org}/{app}/chatrooms/super_admin",
            post(add_super_admin).get(list_super_admins),
        )
        .route(
            "/{org}/{app}/chatrooms/super_admin/{superadmin}",
            delete(remove_super_admin),
        )
        .route(
            "/{org}/{app}/users/{username}/joined_chatrooms",
            get(joined_rooms),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}",
            get(room_details).put(modify_room).delete(destroy_room),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/announcement",
            get(get_announcement).post(set_announcement),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/users",
            get(list_members).post(add_members),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/users/{username}",
            post(add_member).delete(remove_members),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/admin",
            get(list_admins).post(add_admin),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/admin/{username}",
            delete(remove_admin),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/mute",
            get(list_mutes).post(mute_members),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/mute/{username}",
            delete(unmute_members),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/ban",
            post(mute_all).delete(unmute_all),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/white/users",
            get(allowlist).post(allow_users),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/white/users/{username}",
            get(is_allowed).post(allow_user).delete(disallow_users),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/blocks/users",
            get(blocklist).post(block_users),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/blocks/users/{username}",
            post(block_user).delete(unblock_users),
        )
        .route("/{org}/{app}/chatrooms/{chatroom_id}/tag/mute", put(tag_mute))
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/users/{username}/tag",
            put(set_tags).get(get_tags),
        )
        .route(
            "/{org}/{app}/sdk/chatrooms/{chatroom_id}/mute/{username}",
            get(is_muted),
        )
        .route(
            "/{org}/{app}/metadata/chatroom/{chatroom_id}",
            post(get_attributes),
        )
        .route(
            "/{org}/{app}/metadata/chatroom/{chatroom_id}/user/{username}",
            put(set_attributes).delete(delete_attributes),
        )
        .route(
            "/{org}/{app}/metadata/chatroom/{chatroom_id}/user/{username}/forced",
            put(force_set_attributes).delete(force_delete_attributes),
        )
}

type Reply = Result<Envelope, EasemobError>;

fn error(kind: ErrorKind, params: &[&str]) -> NatterError {
    params
        .iter()
        .fold(NatterError::new(kind), |error, param| error.with_param(*param))
}

/// The users of a path segment: `u1,u2` (`%2C` arrives decoded), blanks dropped.
fn split_names(segment: &str) -> Vec<String> {
    segment
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// The `[a, b]` of the "not members" texts, as the vendor's Java lists print.
fn listed(names: &[&UserName]) -> String {
    names
        .iter()
        .map(|name| name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An integer field, sent as a number or a decimal string.
fn int_field(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A JSON body that must be an object.
fn object(body: &Value) -> Result<&Map<String, Value>, NatterError> {
    body.as_object()
        .ok_or_else(|| NatterError::invalid_parameter("this is an invalid request."))
}

/// A required string field: absent or null is the documented `X must be provided`.
fn required_text<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<&'a str, NatterError> {
    match fields.get(name) {
        None | Some(Value::Null) => Err(error(ErrorKind::ChatRoomFieldMissing, &[name])),
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(NatterError::invalid_parameter(format!("{name} must be a string"))),
    }
}

/// A required array of user IDs (`usernames`): absent is `X must be provided`.
fn required_names(fields: &Map<String, Value>, name: &str) -> Result<Vec<String>, NatterError> {
    match fields.get(name) {
        None | Some(Value::Null) => Err(error(ErrorKind::ChatRoomFieldMissing, &[name])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_string).ok_or_else(|| {
                    NatterError::invalid_parameter(format!("{name} must be an array of strings"))
                })
            })
            .collect(),
        Some(_) => Err(NatterError::invalid_parameter(format!(
            "{name} must be an array of strings"
        ))),
    }
}

/// A user ID of a request: one that cannot be valid names nobody, and gets the room pages' 404.
fn user_name(text: &str) -> Result<UserName, NatterError> {
    UserName::lookup(text).ok_or_else(|| error(ErrorKind::ChatRoomUserNotFound, &[text]))
}

/// User IDs, normalised, repeats dropped, order kept.
fn user_names(texts: &[String]) -> Result<Vec<UserName>, NatterError> {
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(texts.len());
    for text in texts {
        let name = user_name(text)?;
        if seen.insert(name.clone()) {
            names.push(name);
        }
    }
    Ok(names)
}

/// A paging number: absent → `default`; above `max` → `max`; not a number in range → 400.
fn page_number(
    value: Option<&str>,
    name: &str,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, NatterError> {
    match value.map(str::trim) {
        None | Some("") => Ok(default),
        Some(text) => match text.parse::<i64>() {
            Ok(number) if number >= i64::from(min) => {
                Ok(u32::try_from(number.min(i64::from(max))).unwrap_or(max))
            }
            _ => Err(NatterError::invalid_parameter(format!(
                "{name} must be a number of at least {min}"
            ))),
        },
    }
}

/// The `params` echo of a GET: each query value as a one-string array.
fn with_params(envelope: Envelope, params: &[(&str, &Option<String>)]) -> Envelope {
    let mut echo = Map::new();
    for (name, value) in params {
        if let Some(value) = value {
            echo.insert((*name).to_string(), json!([value]));
        }
    }
    if echo.is_empty() {
        envelope
    } else {
        envelope.set("params", Value::Object(echo))
    }
}

/// A room id of a path: one that cannot be an id names no room.
fn room_id(text: &str, not_found: ErrorKind) -> Result<ChatRoomId, NatterError> {
    ChatRoomId::parse(text).ok_or_else(|| error(not_found, &[text]))
}

async fn load_room(
    state: &AppState,
    context: &AppContext,
    text: &str,
    not_found: ErrorKind,
) -> Result<ChatRoom, NatterError> {
    let id = room_id(text, not_found)?;
    state
        .store
        .room(context.app.id, &id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| error(not_found, &[text]))
}

/// The caller's standing in a room: `None` for an app token, which is above every role rule.
struct Standing(Option<RoomRelation>);

impl Standing {
    fn allows(&self, action: RoomAction) -> bool {
        match &self.0 {
            None => true,
            Some(relation) => user_may(relation.role, relation.blocked, action),
        }
    }

    fn require(&self, action: RoomAction) -> Result<(), NatterError> {
        if self.allows(action) {
            return Ok(());
        }
        let who = self
            .0
            .as_ref()
            .map(|relation| relation.username.to_string())
            .unwrap_or_default();
        Err(NatterError::new(ErrorKind::ChatRoomPermissionDenied)
            .with_detail(format!("user {who} may not {action:?} in this room")))
    }

    /// The caller's own user ID, for a user token.
    fn user(&self) -> Option<&UserName> {
        self.0.as_ref().map(|relation| &relation.username)
    }
}

async fn standing(
    state: &AppState,
    authenticated: &Authenticated,
    room: &ChatRoom,
) -> Result<Standing, NatterError> {
    let Caller::User(user) = &authenticated.caller else {
        return Ok(Standing(None));
    };
    let relations = state
        .store
        .relations(
            authenticated.context.app.id,
            &room.id,
            std::slice::from_ref(&user.username),
            crate::now_ms(),
        )
        .await
        .map_err(store_error)?;
    Ok(Standing(relations.into_iter().next()))
}

/// Where each named user stands in the room; a user who does not exist is the documented 404.
async fn relations_of(
    state: &AppState,
    context: &AppContext,
    room: &ChatRoom,
    names: &[UserName],
) -> Result<Vec<RoomRelation>, NatterError> {
    let relations = state
        .store
        .relations(context.app.id, &room.id, names, crate::now_ms())
        .await
        .map_err(store_error)?;
    if let Some(missing) = relations.iter().find(|relation| !relation.exists) {
        return Err(error(
            ErrorKind::ChatRoomUserNotFound,
            &[missing.username.as_str()],
        ));
    }
    Ok(relations)
}

/// The room's limits for this app.
async fn limits(state: &AppState, context: &AppContext) -> Result<ChatRoomLimits, NatterError> {
    state
        .store
        .chatroom_limits(context.app.id)
        .await
        .map_err(store_error)
}

fn is_v3(version: &Option<String>) -> bool {
    version.as_deref() == Some("v3")
}

#[derive(Debug, Deserialize)]
struct VersionQuery {
    version: Option<String>,
}

// ---- Super admins (§5)

/// `POST /chatrooms/super_admin`: one user per call.
async fn add_super_admin(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let text = required_text(object(&body)?, "superadmin")?;
    let name = user_name(text)?;
    if !state
        .store
        .add_super_admin(context.app.id, &name, crate::now_ms())
        .await
        .map_err(store_error)?
    {
        return Err(error(ErrorKind::ChatRoomUserNotFound, &[text]).into());
    }
    tracing::info!(app = %context.app.key, user = %name, "added chat room super admin");
    // `result` is documented as a Bool but shown as "success"; the example wins.
    Ok(Envelope::new(context, "post")
        .entities(Vec::new())
        .data(json!({"result": "success", "resource": ""})))
}

#[derive(Debug, Deserialize)]
struct NumberedPage {
    pagenum: Option<String>,
    pagesize: Option<String>,
}

/// `GET /chatrooms/super_admin?pagenum&pagesize`: `pagesize` [1, 1000], 10 by default.
async fn list_super_admins(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobQuery(page): EasemobQuery<NumberedPage>,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let size = page_number(page.pagesize.as_deref(), "pagesize", 10, 1, 1000)?;
    let number = page_number(page.pagenum.as_deref(), "pagenum", 1, 1, u32::MAX)?;
    let offset = (number - 1).saturating_mul(size);
    let names = state
        .store
        .super_admins(context.app.id, offset, size)
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = names.iter().map(|name| json!(name.as_str())).collect();
    let count = data.len();
    let envelope = Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data))
        .count(count);
    Ok(with_params(
        envelope,
        &[("pagesize", &page.pagesize), ("pagenum", &page.pagenum)],
    ))
}

/// `DELETE /chatrooms/super_admin/{superAdmin}`. Removing a user who is no super admin succeeds.
async fn remove_super_admin(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let user = super::users::find_user(&state, context, &username)
        .await?
        .ok_or_else(|| error(ErrorKind::ChatRoomUserNotFound, &[&username]))?;
    state
        .store
        .remove_super_admin(context.app.id, &user.username)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, user = %user.username, "removed chat room super admin");
    Ok(Envelope::new(context, "delete")
        .entities(Vec::new())
        .data(json!({"newSuperAdmin": user.username.as_str(), "resource": ""}))
        .set("properties", json!({})))
}

// ---- Rooms (§6)

/// `POST /chatrooms`. With a user token only a super admin may create, and only a room it owns.
async fn create_room(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let context = &authenticated.context;
    let fields = object(&body)?;
    let caller_name = match &authenticated.caller {
        Caller::App => None,
        Caller::User(user) => {
            if !state
                .store
                .is_super_admin(context.app.id, &user.username)
                .await
                .map_err(store_error)?
            {
                return Err(NatterError::new(ErrorKind::ChatRoomPermissionDenied)
                    .with_detail(format!("{} is no super admin", user.username))
                    .into());
            }
            Some(user.username.clone())
        }
    };
    let name = required_text(fields, "name")?;
    let description = required_text(fields, "description")?;
    let owner_text = match (fields.get("owner"), &caller_name) {
        (None | Some(Value::Null), Some(caller)) => caller.as_str(),
        _ => required_text(fields, "owner")?,
    };
    let owner = user_name(owner_text)?;
    if caller_name.as_ref().is_some_and(|caller| caller != &owner) {
        return Err(NatterError::new(ErrorKind::ChatRoomPermissionDenied)
            .with_detail("a super admin creates rooms it owns")
            .into());
    }
    if name.chars().count() > chatroom::MAX_NAME_CHARS {
        return Err(error(
            ErrorKind::ChatRoomNameTooLong,
            &[&chatroom::MAX_NAME_CHARS.to_string()],
        )
        .into());
    }
    if description.chars().count() > chatroom::MAX_DESCRIPTION_CHARS {
        return Err(error(
            ErrorKind::ChatRoomDescriptionTooLong,
            &[&chatroom::MAX_DESCRIPTION_CHARS.to_string()],
        )
        .into());
    }
    let limits = limits(&state, context).await?;
    let max_members = match fields.get("maxusers") {
        None | Some(Value::Null) => limits.default_max_members,
        Some(value) => max_users(value, &limits)?,
    };
    let custom = match fields.get("custom") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(custom)) if custom.len() <= chatroom::MAX_CUSTOM_BYTES => custom.clone(),
        Some(Value::String(_)) => {
            return Err(NatterError::invalid_parameter(format!(
                "custom cannot exceed to {}",
                chatroom::MAX_CUSTOM_BYTES
            ))
            .into());
        }
        Some(_) => return Err(NatterError::invalid_parameter("custom must be a string").into()),
    };
    // Decision: `members: []` is accepted (the docs want at least one element if present, but the Web SDK
    // sends an empty array when the app gives none).
    let members = match fields.get("members") {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => user_names(&required_names(fields, "members")?)?,
    };
    let members: Vec<UserName> = members.into_iter().filter(|member| member != &owner).collect();
    if members.len() + 1 > max_members as usize {
        return Err(NatterError::new(ErrorKind::ChatRoomMembersTooMany).into());
    }
    // Decision: custom ids (`roomid`) need no activation here; Natter has no console to activate them in.
    let custom_id = match fields.get("roomid") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(
            ChatRoomId::parse(text)
                .ok_or_else(|| NatterError::invalid_parameter("group ID illegal, please check it"))?,
        ),
        Some(_) => return Err(NatterError::invalid_parameter("roomid must be a string").into()),
    };
    let now = crate::now_ms();
    // A generated id can only collide with a custom one that happens to be the same number: try again.
    for _ in 0..3 {
        let id = custom_id
            .clone()
            .unwrap_or_else(|| ChatRoomId::generated(state.ids.next(now)));
        let room = NewChatRoom {
            id: id.clone(),
            name: name.to_string(),
            description: description.to_string(),
            custom: custom.clone(),
            max_members,
            owner: owner.clone(),
            members: members.clone(),
            created_ms: now,
        };
        match state
            .store
            .create_room(context.app.id, &room, limits)
            .await
            .map_err(store_error)?
        {
            CreateRoom::Created(created) => {
                let room = created;
                tracing::info!(app = %context.app.key, room = %room.id, owner = %room.owner, "created chat room");
                let mut present = members.clone();
                present.push(room.owner.clone());
                state.messaging.members_joined(context.app.id, &room.id, &present);
                return Ok(Envelope::new(context, "post")
                    .entities(Vec::new())
                    .data(json!({"id": room.id.as_str()})));
            }
            CreateRoom::IdTaken if custom_id.is_none() => continue,
            CreateRoom::IdTaken => return Err(error(ErrorKind::ChatRoomIdTaken, &[id.as_str()]).into()),
            CreateRoom::AppQuotaExceeded => {
                return Err(error(ErrorKind::ChatRoomAppQuota, &[&context.app.key.to_string()]).into());
            }
            CreateRoom::UserMissing(user) => {
                return Err(error(ErrorKind::ChatRoomUserNotFound, &[user.as_str()]).into());
            }
            CreateRoom::UserQuotaExceeded(user) => {
                return Err(error(ErrorKind::ChatRoomUserQuota, &[user.as_str()]).into());
            }
        }
    }
    Err(NatterError::new(ErrorKind::Internal)
        .with_detail("no free room id after three tries")
        .into())
}

/// A `maxusers` value: 1 up to the app's cap.
fn max_users(value: &Value, limits: &ChatRoomLimits) -> Result<u32, NatterError> {
    let invalid = || {
        NatterError::invalid_parameter(format!(
            "maxusers must be between 1 and {}",
            limits.max_members_cap
        ))
    };
    let number = int_field(value).ok_or_else(invalid)?;
    if number > i64::from(limits.max_members_cap) {
        return Err(error(
            ErrorKind::ChatRoomMaxUsersTooLarge,
            &[&limits.max_members_cap.to_string()],
        ));
    }
    u32::try_from(number)
        .ok()
        .filter(|number| *number >= 1)
        .ok_or_else(invalid)
}

#[derive(Debug, Deserialize)]
struct RoomListQuery {
    limit: Option<String>,
    cursor: Option<String>,
    pagenum: Option<String>,
    pagesize: Option<String>,
}

/// A room as the list endpoints show it.
fn room_summary(room: &ChatRoom) -> Value {
    json!({
        "id": room.id.as_str(),
        "name": room.name,
        "owner": room.owner.as_str(),
        "affiliations_count": room.member_count,
        "disabled": false,
    })
}

/// `GET /chatrooms?limit&cursor`, or `?pagenum&pagesize` (reference §9, and the SDK's `getChatRooms`).
/// Any user may list rooms: the SDK does before joining one.
async fn list_rooms(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<RoomListQuery>,
) -> Reply {
    let context = &authenticated.context;
    let numbered = query.pagenum.is_some() || query.pagesize.is_some();
    let (rooms, next) = if numbered {
        let size = page_number(query.pagesize.as_deref(), "pagesize", 10, 1, 1000)?;
        let number = page_number(query.pagenum.as_deref(), "pagenum", 1, 1, u32::MAX)?;
        let offset = (number - 1).saturating_mul(size);
        (
            state
                .store
                .list_rooms(context.app.id, None, offset, size)
                .await
                .map_err(store_error)?,
            None,
        )
    } else {
        let limit = page_number(query.limit.as_deref(), "limit", 10, 1, 1000)?;
        let after = match query.cursor.as_deref().filter(|cursor| !cursor.is_empty()) {
            Some(cursor) => Some(decode_cursor(cursor)?),
            None => None,
        };
        let mut rooms = state
            .store
            .list_rooms(context.app.id, after, 0, limit + 1)
            .await
            .map_err(store_error)?;
        let next = if rooms.len() > limit as usize {
            rooms.truncate(limit as usize);
            rooms.last().map(|room| encode_cursor(room.seq))
        } else {
            None
        };
        (rooms, next)
    };
    let data: Vec<Value> = rooms.iter().map(room_summary).collect();
    let count = data.len();
    let envelope = Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data))
        .count(count)
        .set("properties", json!({}))
        .cursor(next);
    Ok(with_params(
        envelope,
        &[
            ("limit", &query.limit),
            ("cursor", &query.cursor),
            ("pagesize", &query.pagesize),
            ("pagenum", &query.pagenum),
        ],
    ))
}

#[derive(Debug, Deserialize)]
struct JoinedQuery {
    pagenum: Option<String>,
    pagesize: Option<String>,
    detail: Option<String>,
}

/// The rich, string-typed item of `joined_chatrooms?detail=true` (reference §9) that the Web SDK's
/// `getJoinedChatRooms` reads: it splits `owner` on `"{appKey}_"`.
fn joined_detail(context: &AppContext, room: &ChatRoom) -> Value {
    let app_key = context.app.key.to_string();
    json!({
        "id": room.id.as_str(),
        "title": room.name,
        "owner": format!("{app_key}_{}", room.owner),
        "description": room.description,
        "max_users": room.max_members.to_string(),
        "affiliations_count": room.member_count.to_string(),
        "members_only": "false",
        "allow_user_invites": "false",
        "invite_need_confirm": "false",
        "public": "true",
        "mute": room.mute_all.to_string(),
        "mute_duration": "0",
        "scale": "normal",
        "type": "chatroom",
        "created": room.created_ms.to_string(),
        "last_modified": room.created_ms.to_string(),
        "custom": room.custom,
        "disabled": "false",
        "appkey": app_key,
    })
}

/// `GET /users/{username}/joined_chatrooms?pagenum&pagesize[&detail=true]`: the user's token or an app
/// token. Without paging, the 500 most recently joined.
async fn joined_rooms(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobQuery(query): EasemobQuery<JoinedQuery>,
) -> Reply {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let user = super::users::find_user(&state, context, &username)
        .await?
        .ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    let (offset, limit) = if query.pagenum.is_none() && query.pagesize.is_none() {
        (0, JOINED_WITHOUT_PAGING)
    } else {
        let size = page_number(query.pagesize.as_deref(), "pagesize", 1000, 1, 1000)?;
        let number = page_number(query.pagenum.as_deref(), "pagenum", 1, 1, u32::MAX)?;
        ((number - 1).saturating_mul(size), size)
    };
    let rooms = state
        .store
        .joined_rooms(context.app.id, &user.username, offset, limit)
        .await
        .map_err(store_error)?;
    let detail = query.detail.as_deref() == Some("true");
    let data: Vec<Value> = rooms
        .iter()
        .map(|room| {
            if detail {
                joined_detail(context, room)
            } else {
                // `disabled` is a string in the documented example.
                json!({"id": room.id.as_str(), "name": room.name, "disabled": "false"})
            }
        })
        .collect();
    let count = data.len();
    let envelope = Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data))
        .count(count)
        .set("properties", json!({}));
    Ok(with_params(
        envelope,
        &[("pagesize", &query.pagesize), ("pagenum", &query.pagenum)],
    ))
}

/// The details of one room (R4), with up to 10,000 members.
async fn room_detail(state: &AppState, context: &AppContext, room: &ChatRoom) -> Result<Value, NatterError> {
    let members = ChatRoomStore::room_members_of(
        &*state.store,
        context.app.id,
        &room.id,
        None,
        0,
        MAX_DETAIL_AFFILIATIONS,
    )
    .await
    .map_err(store_error)?;
    // Admins are listed as members (reference §8.9, Easemob pages).
    let affiliations: Vec<Value> = members
        .iter()
        .map(|member| match member.role {
            ChatRoomRole::Owner => json!({"owner": member.username.as_str()}),
            _ => json!({"member": member.username.as_str()}),
        })
        .collect();
    Ok(json!({
        "id": room.id.as_str(),
        "name": room.name,
        "description": room.description,
        "membersonly": false,
        "allowinvites": false,
        "maxusers": room.max_members,
        "owner": room.owner.as_str(),
        "created": room.created_ms,
        "custom": room.custom,
        "affiliations_count": room.member_count,
        "affiliations": affiliations,
        "public": true,
        "mute": room.mute_all,
    }))
}

/// `GET /chatrooms/{id}` or `/chatrooms/{id1},{id2}` (up to 100).
///
/// Decision (reference §8.15): one id gets `data` as the documented object; several get an array in the
/// order asked, and one unknown id refuses the call with the documented 404. Users on a room's blocklist
/// may not see it.
async fn room_details(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, ids)): Path<(String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let texts = split_names(&ids);
    if texts.len() > chatroom::MAX_DETAILS_BATCH {
        return Err(NatterError::invalid_parameter(format!(
            "chatroom ids size is more than max limit : {}",
            chatroom::MAX_DETAILS_BATCH
        ))
        .into());
    }
    if texts.is_empty() {
        return Err(error(ErrorKind::ChatRoomLookupNotFound, &[&ids]).into());
    }
    let mut details = Vec::with_capacity(texts.len());
    for text in &texts {
        let room = load_room(&state, context, text, ErrorKind::ChatRoomLookupNotFound).await?;
        standing(&state, &authenticated, &room)
            .await?
            .require(RoomAction::View)?;
        details.push(room_detail(&state, context, &room).await?);
    }
    let data = if ids.contains(',') {
        Value::Array(details)
    } else {
        details.pop().unwrap_or(Value::Null)
    };
    Ok(Envelope::new(context, "get").entities(Vec::new()).data(data))
}

/// `PUT /chatrooms/{id}`: `name` (or the SDK's `groupname`), `description`, `maxusers` (owner and admins);
/// `newowner` transfers the room (the owner). Any other field refuses the call.
async fn modify_room(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let context = &authenticated.context;
    let fields = object(&body)?;
    let unknown: Vec<&str> = fields
        .keys()
        .map(String::as_str)
        .filter(|key| {
            !matches!(
                *key,
                "name" | "groupname" | "description" | "maxusers" | "newowner"
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(error(ErrorKind::ChatRoomFieldInvalid, &[&unknown.join(", ")]).into());
    }
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(&state, &authenticated, &room).await?;
    let present = |name: &str| fields.get(name).is_some_and(|value| !value.is_null());
    let mut update = RoomUpdate::default();
    for key in ["name", "groupname"] {
        if present(key) {
            let name = required_text(fields, key)?;
            if name.chars().count() > chatroom::MAX_NAME_CHARS {
                return Err(error(
                    ErrorKind::ChatRoomNameTooLong,
                    &[&chatroom::MAX_NAME_CHARS.to_string()],
                )
                .into());
            }
            update.name = Some(name.to_string());
        }
    }
    if present("description") {
        let description = required_text(fields, "description")?;
        if description.chars().count() > chatroom::MAX_DESCRIPTION_CHARS {
            return Err(error(
                ErrorKind::ChatRoomDescriptionTooLong,
                &[&chatroom::MAX_DESCRIPTION_CHARS.to_string()],
            )
            .into());
        }
        update.description = Some(description.to_string());
    }
    if let Some(value) = fields.get("maxusers").filter(|value| !value.is_null()) {
        update.max_members = Some(max_users(value, &limits(&state, context).await?)?);
    }
    let changes_fields = update != RoomUpdate::default();
    if changes_fields || !present("newowner") {
        standing.require(RoomAction::Moderate)?;
    }
    if update
        .max_members
        .is_some_and(|max| u64::from(max) < room.member_count)
    {
        return Err(NatterError::new(ErrorKind::ChatRoomMembersTooMany).into());
    }
    let mut data = Map::new();
    // The transfer first: it has the most ways to fail, and a refused call should change nothing.
    if present("newowner") {
        standing.require(RoomAction::Own)?;
        let text = required_text(fields, "newowner")?;
        let new_owner = user_name(text)?;
        match state
            .store
            .transfer_owner(context.app.id, &room.id, &new_owner)
            .await
            .map_err(store_error)?
        {
            TransferOwner::Transferred => {
                tracing::info!(app = %context.app.key, room = %room.id, owner = %new_owner, "transferred chat room");
            }
            TransferOwner::RoomMissing => return Err(error(ErrorKind::ChatRoomNotFound, &[&id]).into()),
            TransferOwner::UserMissing => return Err(error(ErrorKind::ChatRoomUserNotFound, &[text]).into()),
            TransferOwner::SameOwner => {
                return Err(NatterError::new(ErrorKind::ChatRoomOwnerUnchanged).into());
            }
            TransferOwner::NotMember => {
                return Err(error(
                    ErrorKind::ChatRoomNewOwnerNotMember,
                    &[new_owner.as_str(), room.id.as_str()],
                )
                .into());
            }
        }
        data.insert("newowner".into(), json!(true));
    }
    if changes_fields {
        match state
            .store
            .update_room(context.app.id, &room.id, &update)
            .await
            .map_err(store_error)?
        {
            UpdateRoom::Updated(_) => {}
            UpdateRoom::RoomMissing => return Err(error(ErrorKind::ChatRoomNotFound, &[&id]).into()),
            UpdateRoom::BelowMemberCount => {
                return Err(NatterError::new(ErrorKind::ChatRoomMembersTooMany).into());
            }
        }
        // The documented reply names the name field `groupname`.
        if update.name.is_some() {
            data.insert("groupname".into(), json!(true));
        }
        if update.description.is_some() {
            data.insert("description".into(), json!(true));
        }
        if update.max_members.is_some() {
            data.insert("maxusers".into(), json!(true));
        }
        tracing::info!(app = %context.app.key, room = %room.id, ?update, "modified chat room");
    }
    Ok(Envelope::new(context, "put")
        .entities(Vec::new())
        .data(Value::Object(data)))
}

/// `DELETE /chatrooms/{id}`: the owner, or an app token.
async fn destroy_room(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::Own)?;
    if !state
        .store
        .delete_room(context.app.id, &room.id)
        .await
        .map_err(store_error)?
    {
        return Err(error(ErrorKind::ChatRoomNotFound, &[&id]).into());
    }
    tracing::info!(app = %context.app.key, room = %room.id, "destroyed chat room");
    Ok(Envelope::new(context, "delete")
        .entities(Vec::new())
        .data(json!({"success": true, "id": room.id.as_str()})))
}

/// `GET /chatrooms/{id}/announcement`: everyone but the blocklisted.
async fn get_announcement(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::View)?;
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(json!({"announcement": room.announcement})))
}

/// `POST /chatrooms/{id}/announcement`: owner and admins; at most 512 characters.
async fn set_announcement(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::Moderate)?;
    let Some(announcement) = body.get("announcement").and_then(Value::as_str) else {
        return Err(NatterError::new(ErrorKind::ChatRoomAnnouncementMissing).into());
    };
    if announcement.chars().count() > chatroom::MAX_ANNOUNCEMENT_CHARS {
        return Err(NatterError::new(ErrorKind::ChatRoomAnnouncementTooLong).into());
    }
    if !state
        .store
        .set_announcement(context.app.id, &room.id, announcement)
        .await
        .map_err(store_error)?
    {
        return Err(error(ErrorKind::ChatRoomNotFound, &[&id]).into());
    }
    tracing::info!(app = %context.app.key, room = %room.id, "set chat room announcement");
    Ok(Envelope::new(context, "post")
        .entities(Vec::new())
        .data(json!({"id": room.id.as_str(), "result": true})))
}

// ---- Members (§7)

#[derive(Debug, Deserialize)]
struct MemberQuery {
    pagenum: Option<String>,
    pagesize: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
    joined_time: Option<String>,
}

/// `GET /chatrooms/{id}/users?pagenum&pagesize` (documented: `{owner}`/`{member}` items), or
/// `?cursor&limit&joined_time=true` (the SDK's `getChatRoomMembers`: `owner`/`admin`/`member` items with
/// `joined_time`, and the next page's `cursor` at the top). Members only, with a user token.
async fn list_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobQuery(query): EasemobQuery<MemberQuery>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomLookupNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::ViewMembers)?;
    let cursor_mode = query.cursor.is_some() || query.limit.is_some();
    let joined_time = query.joined_time.as_deref() == Some("true");
    let (members, next) = if cursor_mode {
        let limit = page_number(query.limit.as_deref(), "limit", 50, 1, 1000)?;
        // The SDK sends `cursor=undefined` (or `null`) for the first page.
        let after = match query.cursor.as_deref() {
            None | Some("" | "undefined" | "null") => None,
            Some(cursor) => Some(decode_cursor(cursor)?),
        };
        let mut members =
            ChatRoomStore::room_members_of(&*state.store, context.app.id, &room.id, after, 0, limit + 1)
                .await
                .map_err(store_error)?;
        let next = if members.len() > limit as usize {
            members.truncate(limit as usize);
            members.last().map(|member| encode_cursor(member.cursor))
        } else {
            None
        };
        (members, next)
    } else {
        // The documented range is [0, 1000]; 0 reads as the default.
        let size = match page_number(query.pagesize.as_deref(), "pagesize", 1000, 0, 1000)? {
            0 => 1000,
            size => size,
        };
        let number = page_number(query.pagenum.as_deref(), "pagenum", 1, 1, u32::MAX)?;
        let offset = (number - 1).saturating_mul(size);
        (
            ChatRoomStore::room_members_of(&*state.store, context.app.id, &room.id, None, offset, size)
                .await
                .map_err(store_error)?,
            None,
        )
    };
    let data: Vec<Value> = members
        .iter()
        .map(|member| {
            let role = match member.role {
                ChatRoomRole::Owner => "owner",
                ChatRoomRole::Admin if cursor_mode => "admin",
                _ => "member",
            };
            let mut item = Map::new();
            item.insert(role.into(), json!(member.username.as_str()));
            if joined_time {
                item.insert("joined_time".into(), json!(member.joined_ms));
            }
            Value::Object(item)
        })
        .collect();
    let count = data.len();
    let envelope = Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data))
        .count(count)
        .cursor(next);
    Ok(with_params(
        envelope,
        &[
            ("pagesize", &query.pagesize),
            ("pagenum", &query.pagenum),
            ("limit", &query.limit),
            ("cursor", &query.cursor),
        ],
    ))
}

/// Adds users (owner and admins, or an app token), mapping the store's refusals to the documented replies.
async fn add_to_room(
    state: &AppState,
    authenticated: &Authenticated,
    room: &ChatRoom,
    names: &[UserName],
) -> Result<(), NatterError> {
    let context = &authenticated.context;
    let limits = limits(state, context).await?;
    let outcome = state
        .store
        .add_members(context.app.id, &room.id, names, limits, crate::now_ms())
        .await
        .map_err(store_error)?;
    match outcome {
        AddMembers::Added(added) => {
            tracing::info!(app = %context.app.key, room = %room.id, added = added.len(), "added chat room members");
            state.messaging.members_joined(context.app.id, &room.id, &added);
            Ok(())
        }
        AddMembers::RoomMissing => Err(error(ErrorKind::ChatRoomNotFound, &[room.id.as_str()])),
        AddMembers::UserMissing(user) => Err(error(ErrorKind::ChatRoomUserNotFound, &[user.as_str()])),
        AddMembers::Blocked(user) => Err(NatterError::new(ErrorKind::ChatRoomUserBlocked)
            .with_detail(format!("{user} is on the blocklist of room {}", room.id))),
        AddMembers::Full => Err(NatterError::new(ErrorKind::ChatRoomFull)),
        AddMembers::UserQuotaExceeded(user) => Err(error(ErrorKind::ChatRoomJoinQuota, &[user.as_str()])),
    }
}

/// `POST /chatrooms/{id}/users/{username}`: a user already in the room is added again, successfully.
async fn add_member(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::Moderate)?;
    let name = user_name(&username)?;
    add_to_room(&state, &authenticated, &room, std::slice::from_ref(&name)).await?;
    Ok(Envelope::new(context, "post").entities(Vec::new()).data(json!({
        "result": true,
        "action": "add_member",
        "id": room.id.as_str(),
        "user": name.as_str(),
    })))
}

/// `POST /chatrooms/{id}/users` `{"usernames": […]}`: up to 100, all or none.
async fn add_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let context = &authenticated.context;
    let texts = required_names(object(&body)?, "usernames")?;
    if texts.len() > chatroom::MAX_ADD_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomAddTooMany).into());
    }
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::Moderate)?;
    let names = user_names(&texts)?;
    add_to_room(&state, &authenticated, &room, &names).await?;
    let added: Vec<&str> = names.iter().map(UserName::as_str).collect();
    Ok(Envelope::new(context, "post").entities(Vec::new()).data(json!({
        "newmembers": added,
        "action": "add_member",
        "id": room.id.as_str(),
    })))
}

/// The users of a batch that the caller may manage, checked one by one: an admin acts on plain members
/// only, the owner on everyone but itself.
fn require_manage(standing: &Standing, relations: &[RoomRelation]) -> Result<(), NatterError> {
    for relation in relations {
        standing.require(RoomAction::ManageUser(relation.role))?;
    }
    Ok(())
}

/// `DELETE /chatrooms/{id}/users/{username}` (one, C4) or `/users/{u1},{u2}` (up to 60, C5).
async fn remove_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, usernames)): Path<(String, String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let texts = split_names(&usernames);
    let batch = usernames.contains(',');
    if texts.len() > chatroom::MAX_REMOVE_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomKickTooMany).into());
    }
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(&state, &authenticated, &room).await?;
    standing.require(RoomAction::Moderate)?;
    let names = user_names(&texts)?;
    let relations = relations_of(&state, context, &room, &names).await?;
    require_manage(&standing, &relations)?;
    let (members, strangers): (Vec<&RoomRelation>, Vec<&RoomRelation>) =
        relations.iter().partition(|relation| relation.role.is_some());
    if members.is_empty() {
        let names: Vec<&UserName> = strangers.iter().map(|relation| &relation.username).collect();
        return Err(error(ErrorKind::ChatRoomNotMembers, &[&listed(&names)]).into());
    }
    if !batch
        && members
            .iter()
            .any(|relation| relation.role == Some(ChatRoomRole::Owner))
    {
        return Err(NatterError::new(ErrorKind::ChatRoomOwnerProtected).into());
    }
    let targets: Vec<UserName> = members
        .iter()
        .filter(|relation| relation.role != Some(ChatRoomRole::Owner))
        .map(|relation| relation.username.clone())
        .collect();
    let removed = state
        .store
        .remove_members(context.app.id, &room.id, &targets)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, room = %room.id, removed = removed.len(), "removed chat room members");
    state.messaging.members_left(context.app.id, &room.id, &removed);
    let item = |relation: &RoomRelation| {
        let mut item = json!({"result": true, "action": "remove_member", "user": relation.username.as_str(), "id": room.id.as_str()});
        let reason = match relation.role {
            None => Some(format!(
                "user: {} doesn't exist in group: {}",
                relation.username, room.id
            )),
            Some(ChatRoomRole::Owner) => Some("forbidden operation on group owner!".to_string()),
            Some(_) if !removed.contains(&relation.username) => Some(format!(
                "user: {} doesn't exist in group: {}",
                relation.username, room.id
            )),
            Some(_) => None,
        };
        if let (Some(reason), Some(fields)) = (reason, item.as_object_mut()) {
            fields.insert("result".into(), json!(false));
            fields.insert("reason".into(), json!(reason));
        }
        item
    };
    let data = if batch {
        Value::Array(relations.iter().map(item).collect())
    } else {
        relations.first().map(item).unwrap_or(Value::Null)
    };
    Ok(Envelope::new(context, "delete").entities(Vec::new()).data(data))
}

// ---- Admins

/// `GET /chatrooms/{id}/admin`: members, with a user token.
async fn list_admins(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::ViewMembers)?;
    let admins = state
        .store
        .admins(context.app.id, &room.id)
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = admins.iter().map(|name| json!(name.as_str())).collect();
    let count = data.len();
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data))
        .count(count))
}

/// `POST /chatrooms/{id}/admin` `{"newadmin"}`: the owner appoints a member; at most 99 admins.
async fn add_admin(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let context = &authenticated.context;
    let text = required_text(object(&body)?, "newadmin")?;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::Own)?;
    let name = user_name(text)?;
    relations_of(&state, context, &room, std::slice::from_ref(&name)).await?;
    match state
        .store
        .set_admin(context.app.id, &room.id, &name, true)
        .await
        .map_err(store_error)?
    {
        SetAdmin::Changed | SetAdmin::Unchanged => {}
        SetAdmin::NotMember => {
            return Err(error(
                ErrorKind::ChatRoomAdminNotMember,
                &[name.as_str(), room.id.as_str()],
            )
            .into());
        }
        SetAdmin::IsOwner => return Err(NatterError::new(ErrorKind::ChatRoomOwnerProtected).into()),
        SetAdmin::TooMany => return Err(NatterError::new(ErrorKind::ChatRoomAdminsFull).into()),
    }
    tracing::info!(app = %context.app.key, room = %room.id, admin = %name, "added chat room admin");
    Ok(Envelope::new(context, "post")
        .entities(Vec::new())
        .data(json!({"result": "success", "newadmin": name.as_str()})))
}

/// `DELETE /chatrooms/{id}/admin/{oldadmin}`: the owner.
async fn remove_admin(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::Own)?;
    let name = user_name(&username)?;
    relations_of(&state, context, &room, std::slice::from_ref(&name)).await?;
    match state
        .store
        .set_admin(context.app.id, &room.id, &name, false)
        .await
        .map_err(store_error)?
    {
        SetAdmin::Changed => {}
        SetAdmin::Unchanged | SetAdmin::NotMember | SetAdmin::IsOwner | SetAdmin::TooMany => {
            return Err(error(ErrorKind::ChatRoomNotAdmin, &[name.as_str(), room.id.as_str()]).into());
        }
    }
    tracing::info!(app = %context.app.key, room = %room.id, admin = %name, "removed chat room admin");
    Ok(Envelope::new(context, "delete")
        .entities(Vec::new())
        .data(json!({"result": "success", "oldadmin": name.as_str()})))
}

// ---- Mutes

/// A mute's `expire`: Unix ms, or -1 for a mute until lifted.
fn expire(until: MuteUntil) -> i64 {
    match until {
        MuteUntil::Forever => -1,
        MuteUntil::At(at) => at,
    }
}

/// `GET /chatrooms/{id}/mute`: the mutes in force now (a timed mute lifts itself). Owner and admins.
async fn list_mutes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::ViewModeration)?;
    let mutes = state
        .store
        .room_mutes(context.app.id, &room.id, crate::now_ms())
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = mutes
        .iter()
        .map(|(user, until)| json!({"expire": expire(*until), "user": user.as_str()}))
        .collect();
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `POST /chatrooms/{id}/mute` `{"usernames", "mute_duration"}`: up to 100 members, for `mute_duration`
/// ms (`-1` until lifted, `0` lifts). The owner mutes anyone else, an admin plain members.
async fn mute_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let context = &authenticated.context;
    let fields = object(&body)?;
    let texts = required_names(fields, "usernames")?;
    if texts.len() > chatroom::MAX_MUTE_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomMuteTooMany).into());
    }
    let duration = match fields.get("mute_duration") {
        None | Some(Value::Null) => {
            return Err(error(ErrorKind::ChatRoomFieldMissing, &["mute_duration"]).into());
        }
        Some(value) => int_field(value).and_then(MuteDuration::from_ms).ok_or_else(|| {
            NatterError::invalid_parameter("mute_duration must be -1, 0 or a number of milliseconds")
        })?,
    };
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(&state, &authenticated, &room).await?;
    standing.require(RoomAction::Moderate)?;
    let names = user_names(&texts)?;
    let relations = relations_of(&state, context, &room, &names).await?;
    let strangers: Vec<&UserName> = relations
        .iter()
        .filter(|relation| relation.role.is_none())
        .map(|relation| &relation.username)
        .collect();
    if !strangers.is_empty() {
        return Err(error(ErrorKind::ChatRoomNotMembers, &[&listed(&strangers)]).into());
    }
    if relations
        .iter()
        .any(|relation| relation.role == Some(ChatRoomRole::Owner))
    {
        return Err(NatterError::new(ErrorKind::ChatRoomOwnerProtected).into());
    }
    require_manage(&standing, &relations)?;
    let now = crate::now_ms();
    let until = match duration {
        MuteDuration::Lift => None,
        MuteDuration::Forever => Some(MuteUntil::Forever),
        MuteDuration::For(ms) => Some(MuteUntil::At(now.saturating_add(ms))),
    };
    state
        .store
        .set_room_mutes(context.app.id, &room.id, &names, until)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, room = %room.id, users = names.len(), ?until, "muted chat room members");
    let expire = until.map_or(0, expire);
    let data: Vec<Value> = names
        .iter()
        .map(|name| json!({"result": true, "expire": expire, "user": name.as_str()}))
        .collect();
    Ok(Envelope::new(context, "post")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `DELETE /chatrooms/{id}/mute/{m1},{m2}`: up to 60.
async fn unmute_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, usernames)): Path<(String, String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let texts = split_names(&usernames);
    if texts.len() > chatroom::MAX_UNMUTE_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomUnmuteTooMany).into());
    }
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(&state, &authenticated, &room).await?;
    standing.require(RoomAction::Moderate)?;
    let names = user_names(&texts)?;
    let relations = relations_of(&state, context, &room, &names).await?;
    require_manage(&standing, &relations)?;
    state
        .store
        .set_room_mutes(context.app.id, &room.id, &names, None)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, room = %room.id, users = names.len(), "unmuted chat room members");
    let data: Vec<Value> = names
        .iter()
        .map(|name| json!({"result": true, "user": name.as_str()}))
        .collect();
    Ok(Envelope::new(context, "delete")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `GET /sdk/chatrooms/{id}/mute/{username}` (SDK-only `isInChatRoomMutelist`): whether the user is muted
/// now. The user itself, or an app token.
async fn is_muted(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
) -> Reply {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    let name = user_name(&username)?;
    let relations = relations_of(&state, context, &room, std::slice::from_ref(&name)).await?;
    let muted = relations.first().is_some_and(|relation| relation.muted.is_some());
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(json!(muted)))
}

async fn set_mute_all(state: &AppState, authenticated: &Authenticated, id: &str, on: bool) -> Reply {
    let context = &authenticated.context;
    let room = load_room(state, context, id, ErrorKind::ChatRoomNotFound).await?;
    standing(state, authenticated, &room)
        .await?
        .require(RoomAction::Moderate)?;
    if !state
        .store
        .set_mute_all(context.app.id, &room.id, on)
        .await
        .map_err(store_error)?
    {
        return Err(error(ErrorKind::ChatRoomNotFound, &[id]).into());
    }
    tracing::info!(app = %context.app.key, room = %room.id, on, "set chat room mute-all");
    // The documented mute-all reply says `"action":"put"` although the method is POST (reference §8.11).
    let action = if on { "put" } else { "delete" };
    Ok(Envelope::new(context, action)
        .entities(Vec::new())
        .data(json!({"mute": on})))
}

/// `POST /chatrooms/{id}/ban`: mute-all, until lifted. Owner and admins.
async fn mute_all(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    set_mute_all(&state, &authenticated, &id, true).await
}

/// `DELETE /chatrooms/{id}/ban`.
async fn unmute_all(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    set_mute_all(&state, &authenticated, &id, false).await
}

// ---- Allowlist

/// `GET /chatrooms/{id}/white/users`: owner and admins.
async fn allowlist(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::ViewModeration)?;
    let names = state
        .store
        .allowlist(context.app.id, &room.id)
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = names.iter().map(|name| json!(name.as_str())).collect();
    let count = data.len();
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data))
        .count(count))
}

/// A per-user result of the allow- and blocklist calls.
fn list_item(action: &str, user: &UserName, room: &ChatRoom, reason: Option<String>) -> Value {
    let mut item = json!({"result": reason.is_none(), "action": action, "user": user.as_str(), "chatroomid": room.id.as_str()});
    if let (Some(reason), Some(fields)) = (reason, item.as_object_mut()) {
        fields.insert("reason".into(), json!(reason));
    }
    item
}

/// The reply `data` of a single-user call: the documented object, or with `version=v3` a one-item array
/// (the Web SDK 4.21.1 reads `data[0]`, SDK-REST.md §0.5).
fn single(item: Value, v3: bool) -> Value {
    if v3 { Value::Array(vec![item]) } else { item }
}

/// Puts members on the allowlist: non-members get a `result: false` item; none at all the 403.
async fn allow(
    state: &AppState,
    authenticated: &Authenticated,
    id: &str,
    texts: &[String],
) -> Result<(ChatRoom, Vec<Value>), NatterError> {
    let context = &authenticated.context;
    let room = load_room(state, context, id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(state, authenticated, &room).await?;
    standing.require(RoomAction::Moderate)?;
    let names = user_names(texts)?;
    let relations = relations_of(state, context, &room, &names).await?;
    require_manage(&standing, &relations)?;
    let members: Vec<UserName> = relations
        .iter()
        .filter(|relation| relation.role.is_some())
        .map(|relation| relation.username.clone())
        .collect();
    if members.is_empty() {
        let names: Vec<&UserName> = relations.iter().map(|relation| &relation.username).collect();
        return Err(error(ErrorKind::ChatRoomNotMembersForbidden, &[&listed(&names)]));
    }
    state
        .store
        .set_allowed(context.app.id, &room.id, &members, true)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, room = %room.id, users = members.len(), "allowlisted chat room members");
    let items = relations
        .iter()
        .map(|relation| {
            let reason = relation.role.is_none().then(|| {
                format!(
                    "user: {} doesn't exist in chatroom: {}",
                    relation.username, room.id
                )
            });
            list_item("add_user_whitelist", &relation.username, &room, reason)
        })
        .collect();
    Ok((room, items))
}

/// `POST /chatrooms/{id}/white/users/{username}`.
async fn allow_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
    EasemobQuery(query): EasemobQuery<VersionQuery>,
) -> Reply {
    let (_, mut items) = allow(&state, &authenticated, &id, &[username]).await?;
    let item = items.pop().unwrap_or(Value::Null);
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(single(item, is_v3(&query.version))))
}

/// `POST /chatrooms/{id}/white/users` `{"usernames"}`: up to 100.
async fn allow_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let texts = required_names(object(&body)?, "usernames")?;
    if texts.len() > chatroom::MAX_ALLOW_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomAllowTooMany).into());
    }
    let (_, items) = allow(&state, &authenticated, &id, &texts).await?;
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(Value::Array(items)))
}

/// `DELETE /chatrooms/{id}/white/users/{u1},{u2}`: up to 60; `data` is always an array.
async fn disallow_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, usernames)): Path<(String, String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let texts = split_names(&usernames);
    if texts.len() > chatroom::MAX_DISALLOW_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomDisallowTooMany).into());
    }
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(&state, &authenticated, &room).await?;
    standing.require(RoomAction::Moderate)?;
    let names = user_names(&texts)?;
    let relations = relations_of(&state, context, &room, &names).await?;
    require_manage(&standing, &relations)?;
    if relations.iter().all(|relation| relation.role.is_none()) {
        let names: Vec<&UserName> = relations.iter().map(|relation| &relation.username).collect();
        return Err(error(ErrorKind::ChatRoomNotMembers, &[&listed(&names)]).into());
    }
    state
        .store
        .set_allowed(context.app.id, &room.id, &names, false)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, room = %room.id, users = names.len(), "un-allowlisted chat room members");
    let data: Vec<Value> = relations
        .iter()
        .map(|relation| {
            let reason = relation.role.is_none().then(|| {
                format!(
                    "user: {} doesn't exist in chatroom: {}",
                    relation.username, room.id
                )
            });
            list_item("remove_user_whitelist", &relation.username, &room, reason)
        })
        .collect();
    Ok(Envelope::new(context, "delete")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `GET /chatrooms/{id}/white/users/{username}` (SDK-only `isInChatRoomAllowlist`): `{member, white}`. A
/// member may ask about itself; owner and admins about anyone.
async fn is_allowed(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(&state, &authenticated, &room).await?;
    let name = user_name(&username)?;
    let asks_for_itself = standing.user() == Some(&name);
    if !(asks_for_itself && standing.allows(RoomAction::ViewMembers)) {
        standing.require(RoomAction::ViewModeration)?;
    }
    let relations = relations_of(&state, context, &room, std::slice::from_ref(&name)).await?;
    let white = relations.first().is_some_and(|relation| relation.allowed);
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(json!({"member": name.as_str(), "white": white})))
}

// ---- Blocklist

/// `GET /chatrooms/{id}/blocks/users`: owner and admins.
async fn blocklist(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Reply {
    let context = &authenticated.context;
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::ViewModeration)?;
    let names = state
        .store
        .blocklist(context.app.id, &room.id)
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = names.iter().map(|name| json!(name.as_str())).collect();
    let count = data.len();
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(Value::Array(data))
        .count(count))
}

/// Blocks members (out of the room, not back until unblocked). The owner is never blocked.
async fn block(
    state: &AppState,
    authenticated: &Authenticated,
    id: &str,
    texts: &[String],
    single_user: bool,
) -> Result<Vec<Value>, NatterError> {
    let context = &authenticated.context;
    let room = load_room(state, context, id, ErrorKind::ChatRoomNotFound).await?;
    let standing = standing(state, authenticated, &room).await?;
    standing.require(RoomAction::Moderate)?;
    let names = user_names(texts)?;
    let relations = relations_of(state, context, &room, &names).await?;
    if single_user
        && relations
            .iter()
            .any(|relation| relation.role == Some(ChatRoomRole::Owner))
    {
        return Err(NatterError::new(ErrorKind::ChatRoomOwnerProtected));
    }
    require_manage(
        &standing,
        &relations
            .iter()
            .filter(|relation| relation.role != Some(ChatRoomRole::Owner))
            .cloned()
            .collect::<Vec<_>>(),
    )?;
    let targets: Vec<UserName> = relations
        .iter()
        .filter(|relation| matches!(relation.role, Some(ChatRoomRole::Member | ChatRoomRole::Admin)))
        .map(|relation| relation.username.clone())
        .collect();
    if targets.is_empty() {
        let strangers: Vec<&UserName> = relations
            .iter()
            .filter(|relation| relation.role.is_none())
            .map(|relation| &relation.username)
            .collect();
        if strangers.is_empty() {
            return Err(NatterError::new(ErrorKind::ChatRoomOwnerProtected));
        }
        return Err(error(
            ErrorKind::ChatRoomNotMembersForbidden,
            &[&listed(&strangers)],
        ));
    }
    state
        .store
        .block(context.app.id, &room.id, &targets)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, room = %room.id, users = targets.len(), "blocked chat room members");
    Ok(relations
        .iter()
        .map(|relation| {
            let reason = match relation.role {
                None => Some(format!(
                    "user: {} doesn't exist in chatroom: {}",
                    relation.username, room.id
                )),
                Some(ChatRoomRole::Owner) => Some("forbidden operation on group owner!".to_string()),
                Some(_) => None,
            };
            list_item("add_blocks", &relation.username, &room, reason)
        })
        .collect())
}

/// `POST /chatrooms/{id}/blocks/users/{username}`.
async fn block_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
    EasemobQuery(query): EasemobQuery<VersionQuery>,
) -> Reply {
    let mut items = block(&state, &authenticated, &id, &[username], true).await?;
    let item = items.pop().unwrap_or(Value::Null);
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(single(item, is_v3(&query.version))))
}

/// `POST /chatrooms/{id}/blocks/users` `{"usernames"}`: up to 60.
async fn block_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let texts = required_names(object(&body)?, "usernames")?;
    if texts.len() > chatroom::MAX_BLOCK_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomBlockTooMany).into());
    }
    let items = block(&state, &authenticated, &id, &texts, false).await?;
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(Value::Array(items)))
}

/// `DELETE /chatrooms/{id}/blocks/users/{username}` (one: object, `version=v3`: array) or
/// `/blocks/users/{u1},{u2}` (up to 60: array).
async fn unblock_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, usernames)): Path<(String, String, String, String)>,
    EasemobQuery(query): EasemobQuery<VersionQuery>,
) -> Reply {
    let context = &authenticated.context;
    let texts = split_names(&usernames);
    if texts.len() > chatroom::MAX_UNBLOCK_BATCH {
        return Err(NatterError::new(ErrorKind::ChatRoomUnblockTooMany).into());
    }
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::Moderate)?;
    let names = user_names(&texts)?;
    let relations = relations_of(&state, context, &room, &names).await?;
    let unblocked = state
        .store
        .unblock(context.app.id, &room.id, &names)
        .await
        .map_err(store_error)?;
    if unblocked.is_empty() {
        let names: Vec<&UserName> = relations.iter().map(|relation| &relation.username).collect();
        return Err(error(ErrorKind::ChatRoomNotMembersForbidden, &[&listed(&names)]).into());
    }
    tracing::info!(app = %context.app.key, room = %room.id, users = unblocked.len(), "unblocked chat room users");
    let mut items: Vec<Value> = names
        .iter()
        .map(|name| {
            let reason = (!unblocked.contains(name))
                .then(|| format!("user: {name} doesn't exist in blacklist of chatroom: {}", room.id));
            list_item("remove_blocks", name, &room, reason)
        })
        .collect();
    let data = if usernames.contains(',') {
        Value::Array(items)
    } else {
        single(items.pop().unwrap_or(Value::Null), is_v3(&query.version))
    };
    Ok(Envelope::new(context, "delete").entities(Vec::new()).data(data))
}

// ---- Tag mute (C14–C16): an activated feature Natter does not have

fn tag_mute_disabled() -> Reply {
    Err(NatterError::new(ErrorKind::ChatRoomTagMuteDisabled).into())
}

/// `PUT /chatrooms/{id}/tag/mute`.
async fn tag_mute(_authenticated: Authenticated) -> Reply {
    tag_mute_disabled()
}

/// `PUT /chatrooms/{id}/users/{username}/tag`.
async fn set_tags(_authenticated: Authenticated) -> Reply {
    tag_mute_disabled()
}

/// `GET /chatrooms/{id}/users/{username}/tag`.
async fn get_tags(_authenticated: Authenticated) -> Reply {
    tag_mute_disabled()
}

// ---- Custom attributes (K1–K5)

/// The reduced reply of the attribute endpoints: `{uri, timestamp, action, data}` (`status` for delete),
/// whose `uri` ends at `metadata/chatroom` as documented.
fn metadata_reply(context: &AppContext, action: &str, status: bool, data: Value) -> Response {
    let uri = match context.uri.find("/metadata/chatroom") {
        Some(at) => &context.uri[..at + "/metadata/chatroom".len()],
        None => context.uri.as_str(),
    };
    let mut body = Map::new();
    body.insert("uri".into(), json!(uri));
    if status {
        body.insert("status".into(), json!("ok"));
    }
    body.insert("timestamp".into(), json!(crate::now_ms()));
    body.insert("action".into(), json!(action));
    body.insert("data".into(), data);
    Json(Value::Object(body)).into_response()
}

/// Why one key failed, in the texts whose fragments the Web SDK maps (ERRORS.md §2.5): `is exceeding
/// maximum limit` (50), `is not Legal` (-3), `is not part of you` (52), `size of metadata for this single
/// chatroom exceeds the user defined limit` (50). The first is the documented example's.
fn attribute_problem(key: &str, problem: AttributeProblem) -> String {
    match problem {
        AttributeProblem::KeyTooLong => {
            format!(
                "properties key '{key}' is exceeding maximum limit {}",
                chatroom::MAX_ATTRIBUTE_KEY_CHARS
            )
        }
        AttributeProblem::KeyIllegal => format!("properties key '{key}' is not Legal"),
        AttributeProblem::ValueTooLong => format!(
            "properties value of key '{key}' is exceeding maximum limit {}",
            chatroom::MAX_ATTRIBUTE_VALUE_CHARS
        ),
    }
}

fn not_yours(key: &str) -> String {
    format!("properties key '{key}' is not part of you")
}

const ROOM_KEYS_FULL: &str = "size of metadata for this single chatroom exceeds the user defined limit";

/// The room, the attribute owner, and whether that owner is in the room, for the attribute calls. A user
/// token may act for itself only.
async fn attribute_target(
    state: &AppState,
    authenticated: &Authenticated,
    id: &str,
    username: &str,
) -> Result<(ChatRoom, Option<UserName>, bool), NatterError> {
    authenticated.caller.require_app_or_self(username)?;
    let context = &authenticated.context;
    let room = load_room(state, context, id, ErrorKind::ChatRoomNotFound).await?;
    let Some(name) = UserName::lookup(username) else {
        return Ok((room, None, false));
    };
    let member = ChatRoomStore::is_room_member(&*state.store, context.app.id, &room.id, &name)
        .await
        .map_err(store_error)?;
    Ok((room, Some(name), member))
}

async fn put_attributes(
    state: AppState,
    authenticated: Authenticated,
    id: String,
    username: String,
    body: Value,
    forced: bool,
) -> Result<Response, EasemobError> {
    let context = &authenticated.context;
    let fields = object(&body)?;
    let pairs = match fields.get("metaData") {
        Some(Value::Object(pairs)) if !pairs.is_empty() => pairs,
        None | Some(Value::Null) | Some(Value::Object(_)) => {
            return Err(error(ErrorKind::ChatRoomFieldMissing, &["metaData"]).into());
        }
        Some(_) => return Err(NatterError::invalid_parameter("metaData must be an object").into()),
    };
    if pairs.len() > chatroom::MAX_ATTRIBUTES_PER_CALL {
        return Err(NatterError::new(ErrorKind::ChatRoomAttributeBatchTooLarge).into());
    }
    let auto_delete = match fields.get("autoDelete") {
        None | Some(Value::Null) => true,
        Some(Value::String(mode)) if mode == "DELETE" => true,
        Some(Value::String(mode)) if mode == "NO_DELETE" => false,
        Some(_) => {
            return Err(NatterError::invalid_parameter("autoDelete must be DELETE or NO_DELETE").into());
        }
    };
    let (room, owner, member) = attribute_target(&state, &authenticated, &id, &username).await?;
    let (Some(owner), true) = (owner, member) else {
        return Err(NatterError::new(ErrorKind::ChatRoomAttributeNotMember).into());
    };
    let mut error_keys = Map::new();
    let mut valid = Vec::new();
    for (key, value) in pairs {
        let Some(text) = value.as_str() else {
            error_keys.insert(
                key.clone(),
                json!(format!("properties value of key '{key}' is not Legal")),
            );
            continue;
        };
        match chatroom::check_attribute(key, text) {
            Ok(()) => valid.push((key.clone(), text.to_string())),
            Err(problem) => {
                error_keys.insert(key.clone(), json!(attribute_problem(key, problem)));
            }
        }
    }
    let outcomes = state
        .store
        .set_room_attributes(
            context.app.id,
            &room.id,
            &owner,
            &valid,
            auto_delete,
            forced,
            chatroom::MAX_ATTRIBUTES_PER_ROOM,
        )
        .await
        .map_err(store_error)?;
    // A plain set whose every key belongs to someone else is refused as documented; a mix is reported
    // key by key.
    if !outcomes.is_empty()
        && error_keys.is_empty()
        && outcomes
            .iter()
            .all(|outcome| *outcome == AttributeOutcome::OwnedByOther)
    {
        return Err(NatterError::new(ErrorKind::ChatRoomAttributeNotOwner).into());
    }
    let mut success_keys = Vec::new();
    for ((key, _), outcome) in valid.iter().zip(&outcomes) {
        match outcome {
            AttributeOutcome::Done => success_keys.push(json!(key)),
            AttributeOutcome::OwnedByOther => {
                error_keys.insert(key.clone(), json!(not_yours(key)));
            }
            AttributeOutcome::RoomFull | AttributeOutcome::Absent => {
                error_keys.insert(key.clone(), json!(ROOM_KEYS_FULL));
            }
        }
    }
    tracing::info!(app = %context.app.key, room = %room.id, user = %owner, forced, set = success_keys.len(), "set chat room attributes");
    let data = json!({"successKeys": success_keys, "errorKeys": error_keys});
    Ok(metadata_reply(context, "put", false, data))
}

/// `PUT /metadata/chatroom/{id}/user/{username}` `{"metaData": {…}, "autoDelete"}`: up to 10 pairs; keys
/// of other users are refused.
async fn set_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Response, EasemobError> {
    put_attributes(state, authenticated, id, username, body, false).await
}

/// `PUT /metadata/chatroom/{id}/user/{username}/forced`: as the plain set, taking over others' keys.
async fn force_set_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Response, EasemobError> {
    put_attributes(state, authenticated, id, username, body, true).await
}

/// `POST /metadata/chatroom/{id}` `{"keys": […]}`: the named attributes, or all of them when `keys` is
/// absent or empty. Members only, with a user token.
async fn get_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Response, EasemobError> {
    let context = &authenticated.context;
    let keys = match body.get("keys") {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => required_names(object(&body)?, "keys")?,
    };
    let room = load_room(&state, context, &id, ErrorKind::ChatRoomNotFound).await?;
    standing(&state, &authenticated, &room)
        .await?
        .require(RoomAction::ViewMembers)?;
    let wanted = (!keys.is_empty()).then_some(keys.as_slice());
    let attributes = state
        .store
        .room_attributes(context.app.id, &room.id, wanted)
        .await
        .map_err(store_error)?;
    let data: Map<String, Value> = attributes
        .into_iter()
        .map(|(key, value)| (key, json!(value)))
        .collect();
    Ok(metadata_reply(context, "post", false, Value::Object(data)))
}

async fn remove_attributes(
    state: AppState,
    authenticated: Authenticated,
    id: String,
    username: String,
    body: Value,
    forced: bool,
) -> Result<Response, EasemobError> {
    let context = &authenticated.context;
    let keys = required_names(object(&body)?, "keys")?;
    if keys.len() > chatroom::MAX_ATTRIBUTES_PER_CALL {
        return Err(NatterError::new(ErrorKind::ChatRoomAttributeBatchTooLarge).into());
    }
    let (room, owner, member) = attribute_target(&state, &authenticated, &id, &username).await?;
    // The forced delete is the app's clean-up: its page documents no membership rule for the user named.
    let owner = match (owner, member) {
        (Some(owner), true) => owner,
        (Some(owner), false) if forced && matches!(authenticated.caller, Caller::App) => owner,
        _ => return Err(NatterError::new(ErrorKind::ChatRoomAttributeNotMember).into()),
    };
    let mut error_keys = Map::new();
    let mut valid = Vec::new();
    for key in &keys {
        match chatroom::check_attribute_key(key) {
            Ok(()) => valid.push(key.clone()),
            Err(problem) => {
                error_keys.insert(key.clone(), json!(attribute_problem(key, problem)));
            }
        }
    }
    let outcomes = state
        .store
        .delete_room_attributes(context.app.id, &room.id, &owner, &valid, forced)
        .await
        .map_err(store_error)?;
    let mut success_keys = Vec::new();
    for (key, outcome) in valid.iter().zip(&outcomes) {
        match outcome {
            // Decision: deleting a key that is not there succeeds (the docs give no text for it).
            AttributeOutcome::Done | AttributeOutcome::Absent => success_keys.push(json!(key)),
            AttributeOutcome::OwnedByOther | AttributeOutcome::RoomFull => {
                error_keys.insert(key.clone(), json!(not_yours(key)));
            }
        }
    }
    tracing::info!(app = %context.app.key, room = %room.id, user = %owner, forced, deleted = success_keys.len(), "deleted chat room attributes");
    let data = json!({"successKeys": success_keys, "errorKeys": error_keys});
    Ok(metadata_reply(context, "delete", true, data))
}

/// `DELETE /metadata/chatroom/{id}/user/{username}` `{"keys": […]}`: up to 10 of the user's own keys.
async fn delete_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Response, EasemobError> {
    remove_attributes(state, authenticated, id, username, body, false).await
}

/// `DELETE /metadata/chatroom/{id}/user/{username}/forced`: any user's keys.
async fn force_delete_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, id, username)): Path<(String, String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Response, EasemobError> {
    remove_attributes(state, authenticated, id, username, body, true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_lists_split_on_commas_and_drop_blanks() {
        assert_eq!(split_names("a,b, c,,"), ["a", "b", "c"]);
        assert_eq!(split_names("solo"), ["solo"]);
        assert!(split_names("").is_empty());
    }

    #[test]
    fn max_users_stay_within_the_cap() {
        let limits = ChatRoomLimits::default();
        assert_eq!(max_users(&json!(200), &limits).ok(), Some(200));
        assert_eq!(max_users(&json!("300"), &limits).ok(), Some(300));
        assert_eq!(
            max_users(&json!(10_001), &limits).map_err(|error| error.to_rest().description),
            Err("maxUsers cannot exceed 10000".to_string())
        );
        assert!(max_users(&json!(0), &limits).is_err());
        assert!(max_users(&json!("many"), &limits).is_err());
    }

    #[test]
    fn page_numbers_clamp_and_refuse() {
        assert_eq!(page_number(None, "limit", 10, 1, 1000).ok(), Some(10));
        assert_eq!(page_number(Some("5000"), "limit", 10, 1, 1000).ok(), Some(1000));
        assert!(page_number(Some("0"), "limit", 10, 1, 1000).is_err());
        assert!(page_number(Some("x"), "limit", 10, 1, 1000).is_err());
        assert_eq!(page_number(Some("0"), "pagesize", 1000, 0, 1000).ok(), Some(0));
    }

    /// The Web SDK's REST mapper for a URL without `chatgroups` (ERRORS.md §2.2), for room replies.
    fn web_sdk_reading(status: u16, description: &str, error_code: Option<u32>) -> i64 {
        match status {
            400 if description.contains("are not members of this group") => 702,
            403 if matches!(error_code, Some(40005 | 40007 | 91002 | 91101)) => 50,
            403 if error_code == Some(60002) => 603,
            403 if description == "group member list is full!" => 704,
            403 if description.contains("are not members of this group") => 702,
            403 if description.contains("members size is greater than max user size !") => 607,
            403 => 603,
            404 if description.contains("do not find this group")
                || description.contains("does not exist") =>
            {
                705
            }
            404 if description.contains("username") && description.contains("doesn't exist!'") => 204,
            _ => 17,
        }
    }

    #[test]
    fn every_room_kind_declares_the_code_the_sdk_reads_from_its_reply() {
        let room_kinds = ErrorKind::ALL
            .iter()
            .filter(|kind| format!("{kind:?}").starts_with("ChatRoom"));
        let mut checked = 0;
        for &kind in room_kinds {
            // Filled in as the handlers fill it: a user ID, then a room id.
            let params = kind
                .easemob()
                .template
                .map_or(0, |template| template.matches("{}").count());
            let rest = ["u1", "r1"]
                .iter()
                .take(params)
                .fold(NatterError::new(kind), |error, value| error.with_param(*value))
                .to_rest();
            let read = web_sdk_reading(rest.status, &rest.description, rest.error_code);
            assert_eq!(kind.web_sdk_code(), read, "{kind:?}: {rest:?}");
            checked += 1;
        }
        assert!(checked >= 38, "all room kinds are checked ({checked})");
    }

    #[test]
    fn attribute_problems_carry_the_fragments_the_sdk_reads() {
        assert_eq!(
            attribute_problem("key1", AttributeProblem::KeyTooLong),
            "properties key 'key1' is exceeding maximum limit 128"
        );
        assert!(attribute_problem("k y", AttributeProblem::KeyIllegal).contains("is not Legal"));
        assert!(
            attribute_problem("k", AttributeProblem::ValueTooLong).contains("is exceeding maximum limit")
        );
        assert!(not_yours("k").contains("is not part of you"));
    }
}
