//! What app servers (and, for roaming, users) do to history besides sending: editing a sent message
//! (reference users-messages §5.13), importing one-to-one and group messages (§5.14, §5.15), and deleting
//! roaming messages for one user (§5.12, and the SDK's `removeHistoryMessages` /
//! `deleteAllMessagesAndConversations`, SDK-REST §2.4).
//!
//! An edit travels through the pipeline as an EDIT body (`Origin::AppServer`), so the recipients' devices,
//! roaming and the conversation list see the new content as after an SDK edit. An import writes history
//! only ([`MessageAdminStore::import_message`](natter_store::MessageAdminStore::import_message)): nobody
//! is told, nothing counts as unread. A roaming deletion hides messages from one user's roaming; the
//! other participants still read them.

use super::auth::Authenticated;
use super::envelope::Envelope;
use super::users::find_user;
use super::{EasemobError, EasemobJson, EasemobQuery};
use crate::AppState;
use crate::messaging::convert::{RestType, content_from_rest, ext_to_key_values, rest_type_name};
use crate::messaging::{Origin, Submission, Target};
use crate::store_error;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, post, put};
use axum::{Json, Router};
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::ChatRoomId;
use natter_core::{GroupId, UserName};
use natter_msync::pb::{self, message_body::Type as BodyType};
use natter_store::{ChatType, Direction, MessageKind, NewMessage, StoreError};
use prost::Message as _;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

pub(crate) fn routes() -> Router<AppState> {
    // The documented roaming paths (`/rest/…`, §5.12) and the SDK's (`/sdk/…`, SDK-REST §2.4) differ only
    // in their prefix. Decision (reference §5.12 method note): the `/time` deletions answer the endpoint
    // pages' DELETE and the rate tables' POST, since both name the same call.
    Router::new()
        .route("/{org}/{app}/messages/rewrite/{msg_id}", put(rewrite))
        .route("/{org}/{app}/messages/users/import", post(import_to_user))
        .route("/{org}/{app}/messages/chatgroups/import", post(import_to_group))
        .route(
            "/{org}/{app}/rest/message/roaming/chat/user/{username}",
            delete(delete_chat_messages),
        )
        .route(
            "/{org}/{app}/sdk/message/roaming/chat/user/{username}",
            delete(delete_chat_messages),
        )
        .route(
            "/{org}/{app}/rest/message/roaming/group/user/{username}",
            delete(delete_group_messages),
        )
        .route(
            "/{org}/{app}/sdk/message/roaming/group/user/{username}",
            delete(delete_group_messages),
        )
        .route(
            "/{org}/{app}/rest/message/roaming/chat/user/{username}/time",
            delete(delete_chat_before).post(delete_chat_before),
        )
        .route(
            "/{org}/{app}/sdk/message/roaming/chat/user/{username}/time",
            delete(delete_chat_before).post(delete_chat_before),
        )
        .route(
            "/{org}/{app}/rest/message/roaming/group/user/{username}/time",
            delete(delete_group_before).post(delete_group_before),
        )
        .route(
            "/{org}/{app}/sdk/message/roaming/group/user/{username}/time",
            delete(delete_group_before).post(delete_group_before),
        )
        .route(
            "/{org}/{app}/rest/message/roaming/user/{username}/delete/all",
            post(delete_all),
        )
        .route(
            "/{org}/{app}/sdk/message/roaming/user/{username}/delete/all",
            post(delete_all),
        )
}

/// Bits of a message id below its millisecond (`natter_core::IdGenerator`).
const ID_TIME_SHIFT: u32 = 16;
/// Most ids one roaming deletion may name (§5.12).
const MAX_DELETE_IDS: usize = 50;
/// Conversations read per page while clearing all of a user's conversations.
const CONVERSATION_PAGE: u32 = 100;

fn invalid(detail: &str) -> NatterError {
    NatterError::new(ErrorKind::RequestBodyInvalid).with_detail(detail.to_owned())
}

/// As for sends (§5.1), a body that is not a JSON object, or has fields of the wrong types, is
/// `invalid_request_body`; content-type and size refusals stay.
fn json_body(body: Result<EasemobJson<Value>, EasemobError>) -> Result<Map<String, Value>, NatterError> {
    match body {
        Ok(EasemobJson(Value::Object(fields))) => Ok(fields),
        Ok(EasemobJson(_)) => Err(invalid("not an object")),
        Err(EasemobError(error))
            if matches!(error.kind, ErrorKind::JsonParse | ErrorKind::InvalidParameter) =>
        {
            Err(NatterError::new(ErrorKind::RequestBodyInvalid).with_detail(format!("{error}")))
        }
        Err(EasemobError(error)) => Err(error),
    }
}

/// An optional text field (numbers read as their text).
fn optional_text(fields: &Map<String, Value>, key: &str) -> Result<Option<String>, NatterError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(_) => Err(invalid(key)),
    }
}

fn optional_flag(fields: &Map<String, Value>, key: &str) -> Result<Option<bool>, NatterError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(value)) => Ok(Some(*value)),
        Some(_) => Err(invalid(key)),
    }
}

/// The REST type named by an edit or an import: the eight types, and the [new] edit example's `image`.
fn rest_type(text: &str) -> Option<RestType> {
    if text == "image" {
        return Some(RestType::Img);
    }
    RestType::parse(text)
}

fn type_name(kind: RestType) -> &'static str {
    match kind {
        RestType::Txt => "txt",
        RestType::Img => "img",
        RestType::Loc => "loc",
        RestType::Audio => "audio",
        RestType::Video => "video",
        RestType::File => "file",
        RestType::Cmd => "cmd",
        RestType::Custom => "custom",
    }
}

// ---- §5.13 edit ----

/// `PUT /messages/rewrite/{msg_id}` (§5.13).
///
/// Decisions: the feature is always on, so `The rewrite message feature is not open.` is never sent; the
/// pipeline's writer applies edits one at a time, so two edits never conflict (no 409), and a missing
/// message answers the `message_rewrite_error` form of 404 (the table also lists the same text under
/// `MessageUnavailableException`). `new_msg.type` must be the message's own type: txt and custom change
/// their content, the other editable types only `ext` ([new]); cmd, or another type than the message's,
/// is `not supported for modification`. `user` names the editor: when given, it must be the message's
/// sender (401 `not authorized`); without it the app server edits any message.
async fn rewrite(
    State(state): State<AppState>,
    Path((_, _, msg_id)): Path<(String, String, String)>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    caller.require_app()?;
    let id = msg_id
        .parse::<u64>()
        .map_err(|_| NatterError::new(ErrorKind::EditMessageIdInvalid))?;
    let fields = json_body(body)?;
    let new_msg = match fields.get("new_msg") {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::EditNewMsgMissing).into()),
        Some(Value::Object(new_msg)) => new_msg,
        Some(_) => return Err(invalid("new_msg").into()),
    };
    let editor = optional_text(&fields, "user")?;
    let new_ext = match fields.get("new_ext") {
        None | Some(Value::Null) => None,
        Some(Value::Object(ext)) => Some(ext),
        Some(_) => return Err(invalid("new_ext").into()),
    };
    let combine = optional_flag(&fields, "is_combine_ext")?.unwrap_or(true);
    let unsupported = || NatterError::new(ErrorKind::EditTypeUnsupported);
    let kind = match new_msg.get("type") {
        Some(Value::String(text)) => rest_type(text).ok_or_else(unsupported)?,
        None | Some(Value::Null) => return Err(invalid("new_msg.type is required").into()),
        Some(_) => return Err(invalid("new_msg.type").into()),
    };
    let app = &context.app;
    let not_found = || NatterError::new(ErrorKind::EditMessageNotFound);
    let original = state
        .store
        .message(app.id, id)
        .await
        .map_err(store_error)?
        .filter(|message| message.kind == MessageKind::Message && !message.recalled)
        .ok_or_else(not_found)?;
    let original_body = pb::MessageBody::decode(original.body.as_slice())
        .map_err(|error| NatterError::new(ErrorKind::EditInternal).with_detail(error.to_string()))?;
    let original_type = rest_type_name(&original_body);
    if kind == RestType::Cmd || original_type != type_name(kind) {
        return Err(unsupported().into());
    }
    if editor
        .as_deref()
        .is_some_and(|editor| editor != original.from_user)
    {
        return Err(NatterError::new(ErrorKind::EditNotPermitted).into());
    }
    let contents = match kind {
        RestType::Txt | RestType::Custom => vec![content_from_rest(kind, new_msg)?],
        _ => original_body.contents.clone(),
    };
    let (ext, scope) = match new_ext {
        None => (Vec::new(), pb::message_body::EditScope::Body),
        Some(new_ext) => {
            let new_entries = ext_to_key_values(new_ext);
            let mut ext: Vec<pb::KeyValue> = if combine {
                original_body
                    .ext
                    .iter()
                    .filter(|entry| !new_entries.iter().any(|new| new.key == entry.key))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            ext.extend(new_entries);
            (ext, pb::message_body::EditScope::BodyAndExt)
        }
    };
    // The edit is sent in the message's own conversation, as its sender, so the pipeline finds it there.
    let sender = UserName::lookup(&original.from_user).ok_or_else(not_found)?;
    let target = match original.chat_type {
        ChatType::Chat => Target::User(UserName::lookup(&original.to).ok_or_else(not_found)?),
        ChatType::Group => Target::Group(GroupId::parse(&original.to).ok_or_else(not_found)?),
        ChatType::Room => Target::Room(ChatRoomId::parse(&original.to).ok_or_else(not_found)?),
    };
    state
        .messaging
        .submit(Submission {
            app,
            sender: &sender,
            origin: Origin::AppServer,
            target,
            body: pb::MessageBody {
                r#type: Some(BodyType::Edit as i32),
                edit_message_id: Some(id),
                edit_scope: Some(scope as i32),
                contents,
                ext,
                ..pb::MessageBody::default()
            },
            force: false,
        })
        .await
        .map_err(|error| match error.kind {
            // The conversation is gone (a deleted peer, group or room): so is the message, for editing.
            ErrorKind::MessageRecipientNotFound | ErrorKind::GroupNotFound | ErrorKind::ChatRoomNotFound => {
                not_found()
            }
            ErrorKind::Internal => NatterError::new(ErrorKind::EditInternal).with_detail(format!("{error}")),
            _ => error,
        })?;
    Ok(Envelope::new(&context, "put")
        .set("path", json!(format!("/messages/rewrite/{id}")))
        .data(json!("success")))
}

// ---- §5.14 / §5.15 import ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ImportScope {
    User,
    Group,
}

/// The import body (§5.14). The example sends no Content-Type, so the body is read as JSON whatever the
/// header says; anything that is not a JSON object is `invalid_request_body`.
fn import_fields(body: &Bytes) -> Result<Map<String, Value>, NatterError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(invalid("not an object")),
        Err(error) => Err(invalid(&error.to_string())),
    }
}

/// `POST /messages/users/import` and `/messages/chatgroups/import` (§5.14, §5.15): the message is
/// written to the conversation's history with `msg_timestamp` as its time and an id of that
/// millisecond, without delivery, queues or conversation-list rows.
///
/// Decisions: `from` and `target` are required ([v2] table), and their absence is
/// `invalid_request_body`; a target user or group that does not exist is the sends' 404
/// `service_resource_not_found` / the group's `not found`. `msg_timestamp` `0` or below 1000 is
/// `invalid_request_body` ([new]); the [new] rule "later than the last import of the conversation" is
/// not enforced (no documented refusal exists, and ids order imports by time anyway). `need_download` is
/// accepted but attachments are not fetched: the message keeps the given URL. `is_ack_read` ([v2] only)
/// has no effect, as imports never count as unread. The group reply's `path` is the real path, not the
/// example's copied `/messages/users/import`.
async fn import(
    state: AppState,
    authenticated: Authenticated,
    body: Bytes,
    scope: ImportScope,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    caller.require_app()?;
    let fields = import_fields(&body)?;
    let app = &context.app;
    let from = optional_text(&fields, "from")?.ok_or_else(|| invalid("from is required"))?;
    let from = UserName::lookup(&from).ok_or_else(|| invalid("from is not a user ID"))?;
    let target = optional_text(&fields, "target")?.ok_or_else(|| invalid("target is required"))?;
    let kind = match fields.get("type") {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::ImportTypeEmpty).into()),
        Some(Value::String(text)) if text.is_empty() => {
            return Err(NatterError::new(ErrorKind::ImportTypeEmpty).into());
        }
        Some(Value::String(text)) => rest_type(text).ok_or_else(|| invalid("unknown type"))?,
        Some(_) => return Err(invalid("type").into()),
    };
    let content_body = match fields.get("body") {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::ImportBodyEmpty).into()),
        Some(Value::Object(body)) if body.is_empty() => {
            return Err(NatterError::new(ErrorKind::ImportBodyEmpty).into());
        }
        Some(Value::Object(body)) => body,
        Some(_) => return Err(invalid("body").into()),
    };
    let ext = match fields.get("ext") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(ext)) => ext.clone(),
        Some(_) => return Err(invalid("ext").into()),
    };
    let created_ms = match fields.get("msg_timestamp") {
        None | Some(Value::Null) => crate::now_ms(),
        Some(value) => value
            .as_i64()
            .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
            .filter(|ms| *ms >= 1000)
            .ok_or_else(|| invalid("msg_timestamp"))?,
    };
    optional_flag(&fields, "need_download")?;
    optional_flag(&fields, "is_ack_read")?;
    let content = content_from_rest(kind, content_body)?;
    let (conversation, chat_type, body_type, to) = match scope {
        ImportScope::User => {
            let peer = UserName::lookup(&target)
                .ok_or_else(|| NatterError::new(ErrorKind::MessageRecipientNotFound))?;
            state
                .store
                .user_by_name(app.id, &peer)
                .await
                .map_err(store_error)?
                .ok_or_else(|| NatterError::new(ErrorKind::MessageRecipientNotFound))?;
            (
                natter_store::chat_conversation(from.as_str(), peer.as_str()),
                ChatType::Chat,
                BodyType::Chat,
                peer.as_str().to_owned(),
            )
        }
        ImportScope::Group => {
            let missing = || NatterError::new(ErrorKind::GroupNotFound).with_param(&target);
            let id = GroupId::parse(&target).ok_or_else(missing)?;
            state
                .store
                .group(app.id, id)
                .await
                .map_err(store_error)?
                .ok_or_else(missing)?;
            (
                natter_store::group_conversation(id.get()),
                ChatType::Group,
                BodyType::Groupchat,
                id.to_string(),
            )
        }
    };
    // The stored body is what an SDK send stores: it names its type, sender and recipient.
    let body = pb::MessageBody {
        r#type: Some(body_type as i32),
        from: Some(pb::Jid {
            name: Some(from.as_str().to_owned()),
            ..pb::Jid::default()
        }),
        to: Some(pb::Jid {
            name: Some(to.clone()),
            ..pb::Jid::default()
        }),
        contents: vec![content],
        ext: ext_to_key_values(&ext),
        ..pb::MessageBody::default()
    }
    .encode_to_vec();
    if body.len() > state.messaging.config().max_message_bytes {
        return Err(NatterError::new(ErrorKind::MessageTooLarge).into());
    }
    let id = state
        .store
        .import_message(NewMessage {
            app_id: app.id,
            id: 0,
            conversation,
            chat_type,
            kind: MessageKind::Message,
            from_user: from.as_str().to_owned(),
            from_resource: String::new(),
            to,
            body,
            created_ms,
            effect: None,
            recipients: None,
        })
        .await
        .map_err(|error| match error {
            // Every id of that millisecond is taken: the vendor's "import in order" rule, in effect.
            StoreError::Conflict(detail) => invalid(&detail),
            error => store_error(error),
        })?;
    let path = match scope {
        ImportScope::User => "/messages/users/import",
        ImportScope::Group => "/messages/chatgroups/import",
    };
    Ok(Envelope::new(&context, "post")
        .set("path", json!(path))
        .entities(Vec::new())
        .data(json!({"msg_id": id.to_string()})))
}

async fn import_to_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Bytes,
) -> Result<Envelope, EasemobError> {
    import(state, authenticated, body, ImportScope::User).await
}

async fn import_to_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Bytes,
) -> Result<Envelope, EasemobError> {
    import(state, authenticated, body, ImportScope::Group).await
}

// ---- §5.12 roaming deletion ----

/// The reply of every roaming deletion (§5.12): no standard envelope.
fn deleted() -> Response {
    Json(json!({"requestStatusCode": "ok", "timestamp": crate::now_ms()})).into_response()
}

fn bad_request() -> NatterError {
    NatterError::new(ErrorKind::RoamingDeleteBadRequest)
}

/// The user the path names, once the caller may act for it (an app token, or the user's own).
async fn roaming_owner(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
) -> Result<UserName, NatterError> {
    authenticated.caller.require_app_or_self(username)?;
    let user = find_user(state, &authenticated.context, username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound))?;
    Ok(user.username)
}

fn query_value<'a>(query: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    query
        .get(key)
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
}

/// `isNotify` (default true). Decision: read and checked, without effect: the deletion is not pushed to
/// the owner's devices, whose local store the SDK call already changed, and other devices read roaming
/// afresh.
fn check_notify(query: &HashMap<String, String>) -> Result<(), NatterError> {
    match query_value(query, "isNotify") {
        None | Some("true") | Some("false") => Ok(()),
        Some(_) => Err(bad_request()),
    }
}

/// The one-to-one conversation of `me` with the `userId` peer.
fn chat_conversation_of(me: &UserName, query: &HashMap<String, String>) -> Result<String, NatterError> {
    let peer = query_value(query, "userId").ok_or_else(bad_request)?;
    let peer = UserName::lookup(peer).ok_or_else(bad_request)?;
    Ok(natter_store::chat_conversation(me.as_str(), peer.as_str()))
}

/// The group or chat-room conversation `groupId` names (§5.12 e: either; the SDK sends rooms there too).
async fn group_conversation_of(
    state: &AppState,
    app_id: i64,
    query: &HashMap<String, String>,
) -> Result<String, NatterError> {
    let target = query_value(query, "groupId").ok_or_else(bad_request)?;
    if let Some(id) = GroupId::parse(target)
        && state
            .store
            .group(app_id, id)
            .await
            .map_err(store_error)?
            .is_some()
    {
        return Ok(natter_store::group_conversation(id.get()));
    }
    if let Some(id) = ChatRoomId::parse(target)
        && state
            .store
            .room(app_id, &id)
            .await
            .map_err(store_error)?
            .is_some()
    {
        return Ok(natter_store::room_conversation(id.as_str()));
    }
    // A group that no longer exists still has history: the deletion applies to its timeline.
    GroupId::parse(target)
        .map(|id| natter_store::group_conversation(id.get()))
        .ok_or_else(bad_request)
}

/// `msgIdList`: comma-separated ids, at most 50.
fn message_ids(query: &HashMap<String, String>) -> Result<Vec<u64>, NatterError> {
    let list = query_value(query, "msgIdList").ok_or_else(bad_request)?;
    let ids = list
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| id.parse::<u64>().map_err(|_| bad_request()))
        .collect::<Result<Vec<u64>, NatterError>>()?;
    if ids.is_empty() {
        return Err(bad_request());
    }
    if ids.len() > MAX_DELETE_IDS {
        return Err(NatterError::new(ErrorKind::RoamingDeleteTooMany));
    }
    Ok(ids)
}

/// `delTime`: everything at or before this millisecond goes.
fn through_id(query: &HashMap<String, String>) -> Result<u64, NatterError> {
    let ms = query_value(query, "delTime")
        .and_then(|text| text.parse::<u64>().ok())
        .ok_or_else(bad_request)?;
    Ok(ms
        .checked_shl(ID_TIME_SHIFT)
        .filter(|id| id >> ID_TIME_SHIFT == ms)
        .map_or(u64::MAX >> 1, |id| id | ((1 << ID_TIME_SHIFT) - 1)))
}

/// "If a conversation's roaming is fully cleared, the conversation is removed from the user's server
/// conversation list" (§5.12).
async fn drop_conversation_if_cleared(
    state: &AppState,
    app_id: i64,
    me: &UserName,
    conversation: &str,
) -> Result<(), NatterError> {
    let left = state
        .store
        .roaming_history(app_id, me.as_str(), conversation, None, Direction::Older, 1)
        .await
        .map_err(store_error)?;
    if left.is_empty() {
        state
            .store
            .delete_conversation(app_id, me.as_str(), conversation)
            .await
            .map_err(store_error)?;
    }
    Ok(())
}

async fn hide_by_ids(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
    query: &HashMap<String, String>,
    group: bool,
) -> Result<(), NatterError> {
    let me = roaming_owner(state, authenticated, username).await?;
    let app_id = authenticated.context.app.id;
    let conversation = if group {
        group_conversation_of(state, app_id, query).await?
    } else {
        chat_conversation_of(&me, query)?
    };
    let ids = message_ids(query)?;
    check_notify(query)?;
    state
        .store
        .hide_messages(app_id, me.as_str(), &conversation, &ids)
        .await
        .map_err(store_error)?;
    drop_conversation_if_cleared(state, app_id, &me, &conversation).await
}

async fn hide_before(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
    query: &HashMap<String, String>,
    group: bool,
) -> Result<(), NatterError> {
    let me = roaming_owner(state, authenticated, username).await?;
    let app_id = authenticated.context.app.id;
    let conversation = if group {
        group_conversation_of(state, app_id, query).await?
    } else {
        chat_conversation_of(&me, query)?
    };
    let through = through_id(query)?;
    check_notify(query)?;
    state
        .store
        .hide_messages_through(app_id, me.as_str(), Some(&conversation), through)
        .await
        .map_err(store_error)?;
    drop_conversation_if_cleared(state, app_id, &me, &conversation).await
}

/// `DELETE …/message/roaming/chat/user/{me}?userId=&msgIdList=` (§5.12 a).
async fn delete_chat_messages(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<HashMap<String, String>>,
) -> Result<Response, EasemobError> {
    hide_by_ids(&state, &authenticated, &username, &query, false).await?;
    Ok(deleted())
}

/// `DELETE …/message/roaming/group/user/{me}?groupId=&msgIdList=` (§5.12 b).
async fn delete_group_messages(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<HashMap<String, String>>,
) -> Result<Response, EasemobError> {
    hide_by_ids(&state, &authenticated, &username, &query, true).await?;
    Ok(deleted())
}

/// `DELETE …/message/roaming/chat/user/{me}/time?userId=&delTime=` (§5.12 d).
async fn delete_chat_before(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<HashMap<String, String>>,
) -> Result<Response, EasemobError> {
    hide_before(&state, &authenticated, &username, &query, false).await?;
    Ok(deleted())
}

/// `DELETE …/message/roaming/group/user/{me}/time?groupId=&delTime=` (§5.12 e).
async fn delete_group_before(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<HashMap<String, String>>,
) -> Result<Response, EasemobError> {
    hide_before(&state, &authenticated, &username, &query, true).await?;
    Ok(deleted())
}

/// `POST …/message/roaming/user/{me}/delete/all` (§5.12 c): every roaming message of the user up to now,
/// and every conversation of the user's list.
async fn delete_all(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
) -> Result<Response, EasemobError> {
    let me = roaming_owner(&state, &authenticated, &username).await?;
    let app_id = authenticated.context.app.id;
    let now = u64::try_from(crate::now_ms()).unwrap_or(0);
    state
        .store
        .hide_messages_through(
            app_id,
            me.as_str(),
            None,
            (now << ID_TIME_SHIFT) | ((1 << ID_TIME_SHIFT) - 1),
        )
        .await
        .map_err(store_error)?;
    // Deleting hides each conversation until something newer arrives, so the list empties page by page.
    loop {
        let page = state
            .store
            .conversations(app_id, me.as_str(), None, CONVERSATION_PAGE)
            .await
            .map_err(store_error)?;
        if page.is_empty() {
            break;
        }
        let mut removed_any = false;
        for summary in &page {
            removed_any |= state
                .store
                .delete_conversation(app_id, me.as_str(), &summary.conversation)
                .await
                .map_err(store_error)?;
        }
        if !removed_any || page.len() < CONVERSATION_PAGE as usize {
            break;
        }
    }
    Ok(deleted())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn message_id_lists_are_checked() {
        assert_eq!(
            message_ids(&query(&[("msgIdList", "1, 2,3")])).expect("ids"),
            [1, 2, 3]
        );
        let kind = |pairs: &[(&str, &str)]| message_ids(&query(pairs)).expect_err("refused").kind;
        assert_eq!(kind(&[]), ErrorKind::RoamingDeleteBadRequest);
        assert_eq!(kind(&[("msgIdList", ",")]), ErrorKind::RoamingDeleteBadRequest);
        assert_eq!(kind(&[("msgIdList", "1,x")]), ErrorKind::RoamingDeleteBadRequest);
        let many: Vec<String> = (1..=51).map(|id| id.to_string()).collect();
        assert_eq!(
            kind(&[("msgIdList", &many.join(","))]),
            ErrorKind::RoamingDeleteTooMany
        );
    }

    #[test]
    fn del_time_covers_its_whole_millisecond() {
        assert_eq!(
            through_id(&query(&[("delTime", "5")])).expect("id"),
            (5 << 16) | 0xFFFF
        );
        assert_eq!(
            through_id(&query(&[("delTime", "later")]))
                .expect_err("refused")
                .kind,
            ErrorKind::RoamingDeleteBadRequest
        );
    }
}
