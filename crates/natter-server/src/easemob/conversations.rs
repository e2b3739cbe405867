//! The conversation and roaming calls of the SDKs (SDK-REST §2.2–§2.4): roaming history (`POST
//! /users/{me}/messageroaming`, the Metas in base64), the server conversation list (`GET
//! /sdk/user/{me}/user_channels/list` and the legacy lists), deleting a conversation for one user (the
//! SDK's `/user/{me}/user_channel` and the documented `/users/{u}/user_channel`, §5.11), and the offline
//! count and delivery status (§2.16, §2.17).
//!
//! A user token may read and change only its own user's; an app token any user's.

use super::auth::Authenticated;
use super::envelope::Envelope;
use super::users::find_user;
use super::{EasemobError, EasemobJson, EasemobQuery};
use crate::AppState;
use crate::easemob::auth::Caller;
use crate::messaging::convert::{meta_of, rest_meta, rest_type_name};
use crate::store_error;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::ChatRoomId;
use natter_core::{GroupId, User, UserName};
use natter_msync::jid;
use natter_msync::pb;
use natter_store::{ChatType, ConversationSummary, Direction, StoredMessage};
use prost::Message as _;
use serde::Deserialize;
use serde_json::{Map, Value, json};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/users/{username}/messageroaming", post(roaming))
        .route(
            "/{org}/{app}/sdk/user/{username}/user_channels/list",
            get(channel_list),
        )
        .route(
            "/{org}/{app}/users/{username}/user_channels",
            get(legacy_channels),
        )
        .route(
            "/{org}/{app}/users/{username}/user_channels/page",
            get(legacy_channel_page),
        )
        .route(
            "/{org}/{app}/user/{username}/user_channel",
            delete(delete_channel),
        )
        .route(
            "/{org}/{app}/users/{username}/user_channel",
            delete(delete_channel),
        )
        .route(
            "/{org}/{app}/users/{username}/offline_msg_count",
            get(offline_count),
        )
        .route(
            "/{org}/{app}/users/{username}/offline_msg_status/{msg_id}",
            get(offline_status),
        )
}

/// Roaming page size when the SDK sends none (the deprecated `fetchHistoryMessages`), and the most (the
/// d.ts's maximum).
const DEFAULT_ROAMING_PAGE: u32 = 20;
const MAX_ROAMING_PAGE: u32 = 50;
/// Rows read per store call while filtering a roaming page, and how many a page may examine before it
/// answers with what it found (`is_last: false`, so the SDK asks again from there).
const SCAN_BATCH: u32 = 100;
const SCAN_LIMIT: usize = 2000;
/// Conversation-list page sizes (SDK default 20; the vendor keeps 100 conversations per user).
const DEFAULT_CHANNEL_PAGE: u32 = 20;
pub(super) const MAX_CHANNEL_PAGE: u32 = 100;
/// Bits of a message id below its millisecond (`natter_core::IdGenerator`).
const ID_TIME_SHIFT: u32 = 16;

/// The user the path names, once the caller may act for it.
pub(super) async fn owner(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
) -> Result<User, NatterError> {
    authenticated.caller.require_app_or_self(username)?;
    find_user(state, &authenticated.context, username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound))
}

pub(super) fn app_key(authenticated: &Authenticated) -> String {
    authenticated.context.app.key.to_string()
}

/// What a roaming `queue` names.
#[derive(Debug)]
enum Queue {
    Chat(UserName),
    Group(GroupId),
    Room(ChatRoomId),
    /// Nothing that exists: an empty page.
    Nothing,
}

async fn resolve_queue(state: &AppState, app_id: i64, queue: &str) -> Result<Queue, NatterError> {
    let (name, domain) = queue.split_once('@').unwrap_or((queue, jid::USER_DOMAIN));
    if !domain.starts_with("conference.") {
        return Ok(UserName::lookup(name).map_or(Queue::Nothing, Queue::Chat));
    }
    // Groups and chat rooms share the conference domain; group ids are numbers, so a number is a group
    // when one exists with it.
    if let Some(id) = GroupId::parse(name)
        && state
            .store
            .group(app_id, id)
            .await
            .map_err(store_error)?
            .is_some()
    {
        return Ok(Queue::Group(id));
    }
    if let Some(id) = ChatRoomId::parse(name)
        && state
            .store
            .room(app_id, &id)
            .await
            .map_err(store_error)?
            .is_some()
    {
        return Ok(Queue::Room(id));
    }
    Ok(Queue::Nothing)
}

/// A whole number sent as a JSON number or a string; `-1`, `""`, `null` and the SDK's literal
/// `"undefined"` mean "not given".
fn optional_number(value: Option<&Value>, name: &str) -> Result<Option<u64>, NatterError> {
    let bad = || NatterError::invalid_parameter(format!("{name} is invalid"));
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => match (number.as_u64(), number.as_i64()) {
            (Some(value), _) => Ok(Some(value)),
            (None, Some(negative)) if negative < 0 => Ok(None),
            _ => Err(bad()),
        },
        Some(Value::String(text)) => match text.trim() {
            "" | "-1" | "undefined" | "null" => Ok(None),
            text => text.parse::<u64>().map(Some).map_err(|_| bad()),
        },
        Some(_) => Err(bad()),
    }
}

fn optional_flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(flag)) => *flag,
        Some(Value::String(text)) => text == "true",
        _ => false,
    }
}

/// The filters of `searchOptions` (SDK-REST §2.2.1).
#[derive(Debug, Default)]
struct RoamingFilter {
    types: Vec<String>,
    sender: Option<String>,
    start_ms: Option<u64>,
    end_ms: Option<u64>,
}

impl RoamingFilter {
    fn matches(&self, message: &StoredMessage, body: &pb::MessageBody) -> bool {
        let created = u64::try_from(message.created_ms).unwrap_or(0);
        if self.start_ms.is_some_and(|start| created < start) || self.end_ms.is_some_and(|end| created > end)
        {
            return false;
        }
        if self
            .sender
            .as_ref()
            .is_some_and(|sender| *sender != message.from_user)
        {
            return false;
        }
        self.types.is_empty() || self.types.iter().any(|kind| kind == rest_type_name(body))
    }
}

/// `POST /users/{me}/messageroaming`: a page of a conversation's history, each message the base64 of the
/// `Meta` msync delivers it in; newest first unless `is_positive`. `next_key` is the id of the page's last
/// message and `start` is exclusive, so paging yields no duplicates (§2.2.3); `is_last` is true whenever
/// nothing more exists, so the deprecated `fetchHistoryMessages` loop ends (§2.2.5).
async fn roaming(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let me = owner(&state, &authenticated, &username).await?;
    let app_id = authenticated.context.app.id;
    let fields = body.as_object().cloned().unwrap_or_default();
    let queue = match fields.get("queue") {
        Some(Value::String(queue)) if !queue.is_empty() => queue.clone(),
        _ => return Err(NatterError::invalid_parameter("queue must be provided").into()),
    };
    let start = optional_number(fields.get("start"), "start")?;
    let limit = optional_number(fields.get("pull_number"), "pull_number")?
        .map_or(DEFAULT_ROAMING_PAGE, |count| {
            u32::try_from(count).unwrap_or(MAX_ROAMING_PAGE)
        })
        .clamp(1, MAX_ROAMING_PAGE) as usize;
    let newer = optional_flag(fields.get("is_positive"));
    let types = match fields.get("msgType") {
        Some(Value::String(list)) => list
            .split(',')
            .map(str::trim)
            .filter(|kind| !kind.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    let filter = RoamingFilter {
        types,
        sender: match fields.get("userId") {
            Some(Value::String(sender)) if !sender.is_empty() => {
                Some(UserName::lookup(sender).map_or_else(|| sender.clone(), |name| name.as_str().to_owned()))
            }
            _ => None,
        },
        start_ms: optional_number(fields.get("startTime"), "startTime")?,
        end_ms: optional_number(fields.get("endTime"), "endTime")?,
    };
    let conversation = match resolve_queue(&state, app_id, &queue).await? {
        Queue::Chat(peer) => Some(natter_store::chat_conversation(
            me.username.as_str(),
            peer.as_str(),
        )),
        Queue::Group(id) => {
            if matches!(authenticated.caller, Caller::User(_))
                && !state
                    .store
                    .is_group_member(app_id, id, &me.username)
                    .await
                    .map_err(store_error)?
            {
                return Err(NatterError::new(ErrorKind::GroupNotMembers)
                    .with_param(me.username.as_str())
                    .into());
            }
            Some(natter_store::group_conversation(id.get()))
        }
        Queue::Room(id) => {
            if matches!(authenticated.caller, Caller::User(_))
                && !state
                    .store
                    .is_room_member(app_id, &id, &me.username)
                    .await
                    .map_err(store_error)?
            {
                return Err(NatterError::new(ErrorKind::ChatRoomNotMembers)
                    .with_param(me.username.as_str())
                    .into());
            }
            Some(natter_store::room_conversation(id.as_str()))
        }
        Queue::Nothing => None,
    };
    let page = match conversation {
        Some(conversation) => {
            read_page(
                &state,
                app_id,
                me.username.as_str(),
                &conversation,
                start,
                newer,
                limit,
                &filter,
            )
            .await?
        }
        None => RoamingPage::default(),
    };
    let key = app_key(&authenticated);
    let msgs: Vec<Value> = page
        .messages
        .iter()
        .map(|message| json!({"msg": STANDARD.encode(meta_of(&key, message).encode_to_vec())}))
        .collect();
    let mut data = Map::new();
    data.insert("msgs".into(), Value::Array(msgs));
    if let Some(next_key) = page.next_key {
        data.insert("next_key".into(), json!(next_key.to_string()));
    }
    data.insert("is_last".into(), json!(page.is_last));
    Ok(Envelope::new(&authenticated.context, "post").data(Value::Object(data)))
}

#[derive(Debug)]
struct RoamingPage {
    messages: Vec<StoredMessage>,
    next_key: Option<u64>,
    is_last: bool,
}

impl Default for RoamingPage {
    fn default() -> RoamingPage {
        RoamingPage {
            messages: Vec::new(),
            next_key: None,
            is_last: true,
        }
    }
}

/// Reads forward from `start` (exclusive) until `limit` messages match, the history ends, the time
/// window is left, or [`SCAN_LIMIT`] rows were examined. Messages `user` deleted from its roaming
/// (`messages_admin.rs`, §5.12) are left out.
#[allow(clippy::too_many_arguments)]
async fn read_page(
    state: &AppState,
    app_id: i64,
    user: &str,
    conversation: &str,
    start: Option<u64>,
    newer: bool,
    limit: usize,
    filter: &RoamingFilter,
) -> Result<RoamingPage, NatterError> {
    let direction = if newer { Direction::Newer } else { Direction::Older };
    // Ids are `ms << 16 | sequence`, so the time window is also an id window: start at its edge.
    let mut cursor = if newer {
        let floor = filter.start_ms.map(|ms| (ms << ID_TIME_SHIFT).saturating_sub(1));
        match (start, floor) {
            (Some(start), Some(floor)) => Some(start.max(floor)),
            (start, floor) => start.or(floor),
        }
    } else {
        let ceiling = filter.end_ms.map(|ms| (ms.saturating_add(1)) << ID_TIME_SHIFT);
        match (start, ceiling) {
            (Some(start), Some(ceiling)) => Some(start.min(ceiling)),
            (start, ceiling) => start.or(ceiling),
        }
    };
    let mut matched: Vec<StoredMessage> = Vec::new();
    let mut examined = 0usize;
    let mut exhausted = false;
    'scan: loop {
        let batch = state
            .store
            .roaming_history(app_id, user, conversation, cursor, direction, SCAN_BATCH)
            .await
            .map_err(store_error)?;
        let full = batch.len() == SCAN_BATCH as usize;
        for message in batch {
            cursor = Some(message.id);
            examined += 1;
            let created = u64::try_from(message.created_ms).unwrap_or(0);
            let past_window = if newer {
                filter.end_ms.is_some_and(|end| created > end)
            } else {
                filter.start_ms.is_some_and(|start| created < start)
            };
            if past_window {
                exhausted = true;
                break 'scan;
            }
            let body = pb::MessageBody::decode(message.body.as_slice()).unwrap_or_default();
            if filter.matches(&message, &body) {
                matched.push(message);
                // One past the page tells whether another page exists.
                if matched.len() > limit {
                    break 'scan;
                }
            }
        }
        if !full {
            exhausted = true;
            break;
        }
        if examined >= SCAN_LIMIT {
            break;
        }
    }
    if matched.len() > limit {
        matched.truncate(limit);
        let next_key = matched.last().map(|message| message.id);
        return Ok(RoamingPage {
            messages: matched,
            next_key,
            is_last: false,
        });
    }
    let next_key = if exhausted {
        matched.last().map(|message| message.id)
    } else {
        // The scan stopped early: continue after the last row examined.
        cursor
    };
    Ok(RoamingPage {
        messages: matched,
        next_key,
        is_last: exhausted,
    })
}

/// One `channel_infos` entry (SDK-REST §2.3.2).
/// One `channel_infos` item; `flags` are the user's pin and marks of it (`conversation_flags.rs`).
pub(super) fn channel_info(
    key: &str,
    summary: &ConversationSummary,
    flags: Option<&natter_store::ConversationFlags>,
) -> Value {
    let (domain, session_type) = match summary.chat_type {
        ChatType::Chat => (jid::USER_DOMAIN, "chat"),
        ChatType::Group => (jid::CONFERENCE_DOMAIN, "groupchat"),
        ChatType::Room => (jid::CONFERENCE_DOMAIN, "chatroom"),
    };
    let meta = summary.last_message.as_ref().map_or_else(
        || json!({}),
        |message| {
            let body = pb::MessageBody::decode(message.body.as_slice()).unwrap_or_default();
            rest_meta(message, &body)
        },
    );
    json!({
        "channel_id": format!("{key}_{}@{domain}", summary.peer),
        "session_to": summary.peer,
        "session_type": session_type,
        "unread_num": summary.unread,
        "is_top": flags.is_some_and(|flags| flags.pinned_ms.is_some()),
        "update_top_status_time": flags.and_then(|flags| flags.pinned_ms).unwrap_or(0),
        "marks": flags.map_or_else(Vec::new, |flags| super::conversation_flags::mark_names(flags.marks)),
        "meta": meta,
    })
}

/// Query of the conversation lists; values are read leniently (the SDK sends `undefined` for unset ones).
#[derive(Debug, Deserialize)]
struct ChannelQuery {
    limit: Option<String>,
    cursor: Option<String>,
    is_top: Option<String>,
    #[serde(rename = "pageNum")]
    page_num: Option<String>,
    #[serde(rename = "pageSize")]
    page_size: Option<String>,
}

fn page_size(text: Option<&str>, default: u32) -> u32 {
    text.and_then(|text| text.trim().parse::<u32>().ok())
        .unwrap_or(default)
        .clamp(1, MAX_CHANNEL_PAGE)
}

/// `GET /sdk/user/{me}/user_channels/list`: the conversations, newest activity first; `cursor` is the
/// activity id of the page's last conversation ("" on the last page). With `is_top=true`, the pinned ones
/// (`conversation_flags.rs`), most recently pinned first.
///
/// Decision: REST-sent one-to-one messages appear in the list (the vendor's console switch "write REST
/// messages to the conversation list" on): a conversation's timeline is one, whoever wrote to it.
async fn channel_list(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<ChannelQuery>,
) -> Result<Envelope, EasemobError> {
    let me = owner(&state, &authenticated, &username).await?;
    let limit = page_size(query.limit.as_deref(), DEFAULT_CHANNEL_PAGE);
    let before = match query.cursor.as_deref().map(str::trim) {
        None | Some("" | "undefined" | "null") => None,
        Some(text) => Some(
            text.parse::<u64>()
                .map_err(|_| NatterError::invalid_parameter("cursor is invalid"))?,
        ),
    };
    if query.is_top.as_deref() == Some("true") {
        return Ok(super::conversation_flags::pinned_list(&state, &authenticated, &me, before, limit).await?);
    }
    let rows = state
        .store
        .conversations(authenticated.context.app.id, me.username.as_str(), before, limit)
        .await
        .map_err(store_error)?;
    let cursor = match rows.last() {
        Some(last) if rows.len() == limit as usize => last.last_id.to_string(),
        _ => String::new(),
    };
    let key = app_key(&authenticated);
    let flags = super::conversation_flags::flags_of(&state, &authenticated, &me).await?;
    let infos: Vec<Value> = rows
        .iter()
        .map(|row| channel_info(&key, row, flags.get(&row.conversation)))
        .collect();
    Ok(Envelope::new(&authenticated.context, "get").data(json!({
        "cursor": cursor,
        "channel_infos": infos,
    })))
}

/// The legacy lists (`getConversationlist`, `getSessionList`, SDK-REST §2.3.5): the same entries, all
/// at once or by page number.
async fn legacy_list(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
    skip: usize,
    take: u32,
) -> Result<Envelope, NatterError> {
    let me = owner(state, authenticated, username).await?;
    let wanted = u32::try_from(skip)
        .unwrap_or(u32::MAX)
        .saturating_add(take)
        .min(MAX_CHANNEL_PAGE);
    let rows = state
        .store
        .conversations(authenticated.context.app.id, me.username.as_str(), None, wanted)
        .await
        .map_err(store_error)?;
    let key = app_key(authenticated);
    let flags = super::conversation_flags::flags_of(state, authenticated, &me).await?;
    let infos: Vec<Value> = rows
        .iter()
        .skip(skip)
        .map(|row| channel_info(&key, row, flags.get(&row.conversation)))
        .collect();
    Ok(Envelope::new(&authenticated.context, "get").data(json!({"channel_infos": infos})))
}

async fn legacy_channels(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
) -> Result<Envelope, EasemobError> {
    Ok(legacy_list(&state, &authenticated, &username, 0, MAX_CHANNEL_PAGE).await?)
}

async fn legacy_channel_page(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<ChannelQuery>,
) -> Result<Envelope, EasemobError> {
    let size = page_size(query.page_size.as_deref(), 10);
    let number = query
        .page_num
        .as_deref()
        .and_then(|text| text.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let skip = (number - 1).saturating_mul(size as usize);
    Ok(legacy_list(&state, &authenticated, &username, skip, size).await?)
}

/// `DELETE /users/{u}/user_channel` (§5.11) and the SDK's `/user/{me}/user_channel`: removes a
/// conversation from the user's list; the other side keeps it. The SDK sends `type` `groupChat`, the docs
/// `groupchat`: both are read.
///
/// Decision: `delete_roam` is required as documented but removes nothing more: history is one timeline
/// per conversation, shared by its members, and the store keeps no per-user roaming deletions yet. A
/// conversation that is not in the list is deleted all the same (`{"result":"ok"}`). The body is read as
/// JSON whatever its `Content-Type` says (the docs leave open whether this DELETE needs one, §12).
async fn delete_channel(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    body: Result<Bytes, BytesRejection>,
) -> Result<Envelope, EasemobError> {
    let me = owner(&state, &authenticated, &username).await?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            NatterError::new(ErrorKind::PayloadTooLarge)
        } else {
            NatterError::new(ErrorKind::RequestBodyInvalid).with_detail(rejection.body_text())
        }
    })?;
    let fields = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(fields)) => fields,
        Ok(_) => return Err(NatterError::new(ErrorKind::RequestBodyInvalid).into()),
        Err(error) => {
            return Err(NatterError::new(ErrorKind::RequestBodyInvalid)
                .with_detail(error.to_string())
                .into());
        }
    };
    let channel = match fields.get("channel") {
        Some(Value::String(channel)) if !channel.is_empty() => channel.clone(),
        Some(Value::Number(number)) => number.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => {
            return Err(NatterError::new(ErrorKind::ConversationChannelEmpty).into());
        }
        Some(_) => return Err(NatterError::new(ErrorKind::RequestBodyInvalid).into()),
    };
    let chat_type = match fields.get("type") {
        Some(Value::String(kind)) if kind == "chat" => ChatType::Chat,
        Some(Value::String(kind)) if kind.eq_ignore_ascii_case("groupchat") => ChatType::Group,
        _ => return Err(NatterError::new(ErrorKind::ConversationTypeEmpty).into()),
    };
    match fields.get("delete_roam") {
        Some(Value::Bool(_)) => {}
        None | Some(Value::Null) => {
            return Err(NatterError::new(ErrorKind::ConversationDeleteRoamNull).into());
        }
        Some(_) => return Err(NatterError::new(ErrorKind::RequestBodyInvalid).into()),
    }
    let conversation = match chat_type {
        ChatType::Chat => UserName::lookup(&channel)
            .map(|peer| natter_store::chat_conversation(me.username.as_str(), peer.as_str())),
        _ => GroupId::parse(&channel).map(|id| natter_store::group_conversation(id.get())),
    };
    if let Some(conversation) = conversation {
        state
            .store
            .delete_conversation(authenticated.context.app.id, me.username.as_str(), &conversation)
            .await
            .map_err(store_error)?;
    }
    Ok(Envelope::new(&authenticated.context, "delete")
        .set("path", json!("/users/user_channel"))
        .entities(Vec::new())
        .data(json!({"result": "ok"})))
}

/// `GET /users/{u}/offline_msg_count` (§2.16): messages waiting in the user's queues.
///
/// Decision (reference §13.11): the count is a JSON number, as in the example (the field table says "0").
async fn offline_count(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
) -> Result<Envelope, EasemobError> {
    let user = owner(&state, &authenticated, &username).await?;
    let count = state
        .store
        .offline_count(authenticated.context.app.id, user.username.as_str())
        .await
        .map_err(store_error)?;
    let mut data = Map::new();
    data.insert(user.username.as_str().to_owned(), json!(count));
    Ok(Envelope::new(&authenticated.context, "get")
        .entities(Vec::new())
        .data(Value::Object(data))
        .count(0))
}

/// `GET /users/{u}/offline_msg_status/{msg_id}` (§2.17): `delivered` once one of the user's devices has
/// acknowledged the message (its queue cursor in the message's conversation is at or past it),
/// `undelivered` otherwise, an unknown message id included.
async fn offline_status(
    State(state): State<AppState>,
    Path((_, _, username, msg_id)): Path<(String, String, String, String)>,
    authenticated: Authenticated,
) -> Result<Envelope, EasemobError> {
    let user = owner(&state, &authenticated, &username).await?;
    let app_id = authenticated.context.app.id;
    let message = match msg_id.parse::<u64>() {
        Ok(id) => state.store.message(app_id, id).await.map_err(store_error)?,
        Err(_) => None,
    };
    let delivered = match &message {
        // The pipeline's position counts acknowledgements it has not written to the store yet.
        Some(message) => state
            .messaging
            .queue_position(app_id, user.username.as_str(), &message.conversation)
            .await?
            .is_some_and(|cursor| cursor >= message.id),
        None => false,
    };
    let mut data = Map::new();
    data.insert(msg_id, json!(if delivered { "delivered" } else { "undelivered" }));
    Ok(Envelope::new(&authenticated.context, "get")
        .entities(Vec::new())
        .data(Value::Object(data))
        .count(0))
}
