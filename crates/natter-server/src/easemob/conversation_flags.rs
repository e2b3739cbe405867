//! The SDK's conversation pins and marks (SDK-REST §2.3, §2.4; `pinConversation`,
//! `getServerPinnedConversations`, `addConversationMark`, `removeConversationMark`,
//! `getServerConversationsByFilter`): `POST|DELETE /sdk/user/{me}/user_channel/top`, `POST|DELETE
//! /sdk/user/{me}/user_channels/mark`, `GET /sdk/user/{me}/user_channels/mark/search`, and the pinned list
//! of `GET …/user_channels/list?is_top=true` (`conversations.rs`). Every conversation list item carries the
//! user's `is_top`, `update_top_status_time` and `marks`.
//!
//! Flags are the user's own (the other side of a conversation does not see them) and need no message: a
//! conversation may be pinned or marked before anything was said in it, and then lists with an empty
//! `meta` and no unread messages.
//!
//! Decisions where nothing is documented:
//! - Pin replies `data: {"is_top", "update_top_status_time"}` (what the SDK reads); unpinning answers the
//!   time of the unpin. `type` is `chat` or `groupChat`/`groupchat`; `to` must be a user ID or group ID
//!   in form (else 400 `illegal_argument`).
//! - Marks are `mark_0` … `mark_19`: no `mark` is `param mark must be not empty, please check!`, another
//!   value `param mark illegal, please check it!` (the texts the SDK maps to -3). `targets` entries that
//!   name no conversation are answered in `data.ignore` (the field the SDK logs) and change nothing.
//! - The pinned and marked lists are paged with an offset cursor (`""` on the last page); the pinned list
//!   is most recently pinned first, the marked one in the conversation list's order, conversations
//!   without messages last.
//!
//! Pinned messages (置顶消息, `pinMessage`, `unpinMessage`, `getServerPinnedMessages`): `POST|DELETE|GET
//! /sdk/user/{me}/user_channel/pin`. A pin belongs to the conversation, so every member sees it; a group's
//! pins need a member (403 `users [u] are not members of this group!`). `pin_msg_id` must name a message
//! of that conversation that is neither a signal nor recalled, else `param pin_msg_id illegal, please check
//! it!` (the SDK's -3); unpinning a message that is not pinned is 404 `user session pin message not exist`
//! (the SDK's 51). The list is newest pin first, `msg_infos[].{message, pin_opt_at, pin_operator}` with
//! `message` in the conversation list's JSON form (its `payload` a string), offset-paged (`limit` default
//! 10, at most 50); pinned messages that were recalled or are gone are left out. Pin changes are not yet
//! announced to the other members over msync (the gateway's part).

use super::auth::Authenticated;
use super::conversations::{MAX_CHANNEL_PAGE, app_key, channel_info, owner};
use super::envelope::Envelope;
use super::{EasemobError, EasemobJson, EasemobQuery};
use crate::{AppState, store_error};
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::{GroupId, User, UserName};
use natter_store::{ChatType, ConversationFlags, ConversationSummary};
use prost::Message as _;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Marks `mark_0` … `mark_19`.
const MARKS: u8 = 20;
/// Page size of the marked list when the SDK sends none.
const DEFAULT_MARKED_PAGE: u32 = 10;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/sdk/user/{username}/user_channel/top",
            post(pin).delete(unpin),
        )
        .route(
            "/{org}/{app}/sdk/user/{username}/user_channels/mark",
            post(add_mark).delete(remove_mark),
        )
        .route(
            "/{org}/{app}/sdk/user/{username}/user_channels/mark/search",
            get(marked_list),
        )
        .route(
            "/{org}/{app}/sdk/user/{username}/user_channel/pin",
            post(pin_message).delete(unpin_message).get(pinned_messages),
        )
}

/// Page size of the pinned-message list when the SDK sends none, and the most.
const DEFAULT_PINNED_PAGE: u32 = 10;
const MAX_PINNED_PAGE: u32 = 50;

/// The conversation (`type`, `to`) names for `me`, once `me` may see it.
async fn pin_conversation(
    state: &AppState,
    authenticated: &Authenticated,
    me: &User,
    chat_type: &str,
    to: Option<String>,
) -> Result<String, NatterError> {
    let to = to.ok_or_else(|| NatterError::invalid_parameter("to must be provided"))?;
    let conversation = conversation_key(me, chat_type, &to)
        .ok_or_else(|| NatterError::invalid_parameter("type or to is illegal"))?;
    if let (Some(group), super::auth::Caller::User(_)) = (GroupId::parse(&to), &authenticated.caller)
        && !chat_type.eq_ignore_ascii_case("chat")
    {
        let member = state
            .store
            .is_group_member(authenticated.context.app.id, group, &me.username)
            .await
            .map_err(store_error)?;
        if !member {
            return Err(NatterError::new(ErrorKind::GroupNotMembers).with_param(me.username.as_str()));
        }
    }
    Ok(conversation)
}

#[derive(Debug, Deserialize)]
struct PinMessageBody {
    #[serde(rename = "type")]
    chat_type: Option<String>,
    to: Option<Value>,
    pin_msg_id: Option<Value>,
}

/// The message id of `pin_msg_id`, when it names a message of `conversation` that may be pinned.
async fn pinnable(
    state: &AppState,
    app_id: i64,
    conversation: &str,
    pin_msg_id: Option<&Value>,
) -> Result<u64, NatterError> {
    let illegal = || NatterError::new(ErrorKind::PinMessageIdIllegal);
    let id = text_of(pin_msg_id)
        .and_then(|text| text.parse::<u64>().ok())
        .ok_or_else(illegal)?;
    let message = state
        .store
        .message(app_id, id)
        .await
        .map_err(store_error)?
        .ok_or_else(illegal)?;
    if message.conversation != conversation
        || message.kind != natter_store::MessageKind::Message
        || message.recalled
    {
        return Err(illegal());
    }
    Ok(id)
}

/// `POST /sdk/user/{me}/user_channel/pin` with `{"to","type","pin_msg_id"}`.
async fn pin_message(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<PinMessageBody>,
) -> Result<Envelope, EasemobError> {
    let me = owner(&state, &authenticated, &username).await?;
    let chat_type = body.chat_type.unwrap_or_default();
    let conversation =
        pin_conversation(&state, &authenticated, &me, &chat_type, text_of(body.to.as_ref())).await?;
    let app_id = authenticated.context.app.id;
    let id = pinnable(&state, app_id, &conversation, body.pin_msg_id.as_ref()).await?;
    let now = crate::now_ms();
    state
        .store
        .pin_message(app_id, &conversation, id, me.username.as_str(), now)
        .await
        .map_err(store_error)?;
    Ok(Envelope::new(&authenticated.context, "post").data(json!({
        "pin_msg_id": id.to_string(),
        "pin_opt_at": now,
        "pin_operator": me.username.as_str(),
    })))
}

/// `DELETE /sdk/user/{me}/user_channel/pin` with the same body.
async fn unpin_message(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<PinMessageBody>,
) -> Result<Envelope, EasemobError> {
    let me = owner(&state, &authenticated, &username).await?;
    let chat_type = body.chat_type.unwrap_or_default();
    let conversation =
        pin_conversation(&state, &authenticated, &me, &chat_type, text_of(body.to.as_ref())).await?;
    let id = text_of(body.pin_msg_id.as_ref())
        .and_then(|text| text.parse::<u64>().ok())
        .ok_or_else(|| NatterError::new(ErrorKind::PinMessageIdIllegal))?;
    let removed = state
        .store
        .unpin_message(authenticated.context.app.id, &conversation, id)
        .await
        .map_err(store_error)?;
    if !removed {
        return Err(NatterError::new(ErrorKind::PinMessageNotFound).into());
    }
    Ok(Envelope::new(&authenticated.context, "delete").data(json!({"pin_msg_id": id.to_string()})))
}

#[derive(Debug, Deserialize)]
struct PinnedQuery {
    to: Option<String>,
    #[serde(rename = "type")]
    chat_type: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// `GET /sdk/user/{me}/user_channel/pin?to=&type=&limit=&cursor=`.
async fn pinned_messages(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<PinnedQuery>,
) -> Result<Envelope, EasemobError> {
    let me = owner(&state, &authenticated, &username).await?;
    let chat_type = query.chat_type.unwrap_or_default();
    let to = query.to.map(Value::String);
    let conversation =
        pin_conversation(&state, &authenticated, &me, &chat_type, text_of(to.as_ref())).await?;
    let limit = query
        .limit
        .as_deref()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .unwrap_or(DEFAULT_PINNED_PAGE)
        .clamp(1, MAX_PINNED_PAGE);
    let offset = match query.cursor.as_deref().map(str::trim) {
        None | Some("" | "undefined" | "null") => 0,
        Some(text) => text
            .parse::<u64>()
            .map_err(|_| NatterError::invalid_parameter("cursor is invalid"))?,
    };
    let app_id = authenticated.context.app.id;
    let mut pins = state
        .store
        .pinned_messages(app_id, &conversation, offset, limit + 1)
        .await
        .map_err(store_error)?;
    let more = pins.len() > limit as usize;
    pins.truncate(limit as usize);
    let mut infos = Vec::with_capacity(pins.len());
    for pin in &pins {
        let Some(message) = state
            .store
            .message(app_id, pin.message_id)
            .await
            .map_err(store_error)?
        else {
            continue;
        };
        if message.recalled {
            continue;
        }
        let body = natter_msync::pb::MessageBody::decode(message.body.as_slice()).unwrap_or_default();
        infos.push(json!({
            "message": crate::messaging::convert::rest_meta(&message, &body),
            "pin_opt_at": pin.pinned_ms,
            "pin_operator": pin.operator,
        }));
    }
    let cursor = if more {
        (offset + u64::from(limit)).to_string()
    } else {
        String::new()
    };
    Ok(Envelope::new(&authenticated.context, "get").data(json!({"msg_infos": infos, "cursor": cursor})))
}

/// `["mark_0", …]` of a mark set.
pub(super) fn mark_names(marks: u32) -> Vec<String> {
    (0..MARKS)
        .filter(|mark| marks & (1 << mark) != 0)
        .map(|mark| format!("mark_{mark}"))
        .collect()
}

/// The user's flags, by conversation key.
pub(super) async fn flags_of(
    state: &AppState,
    authenticated: &Authenticated,
    me: &User,
) -> Result<HashMap<String, ConversationFlags>, NatterError> {
    Ok(state
        .store
        .conversation_flags(authenticated.context.app.id, me.username.as_str())
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|flags| (flags.conversation.clone(), flags))
        .collect())
}

/// The conversation key of (`type`, `to`) for `me`, `None` when `to` is not an ID of that kind.
fn conversation_key(me: &User, chat_type: &str, to: &str) -> Option<String> {
    match chat_type {
        "chat" => UserName::lookup(to)
            .map(|peer| natter_store::chat_conversation(me.username.as_str(), peer.as_str())),
        kind if kind.eq_ignore_ascii_case("groupchat") => {
            GroupId::parse(to).map(|id| natter_store::group_conversation(id.get()))
        }
        _ => None,
    }
}

/// A list entry for a flagged conversation that has no message: its peer read back from the key.
fn empty_summary(me: &User, conversation: &str) -> Option<ConversationSummary> {
    let (chat_type, peer) = if let Some(pair) = conversation.strip_prefix("c:") {
        let (first, second) = pair.split_once(':')?;
        let peer = if first == me.username.as_str() {
            second
        } else {
            first
        };
        (ChatType::Chat, peer.to_string())
    } else {
        (ChatType::Group, conversation.strip_prefix("g:")?.to_string())
    };
    Some(ConversationSummary {
        conversation: conversation.to_string(),
        chat_type,
        peer,
        last_message: None,
        unread: 0,
        last_id: 0,
    })
}

/// The user's conversations (the vendor keeps at most 100), by key.
async fn summaries(
    state: &AppState,
    authenticated: &Authenticated,
    me: &User,
) -> Result<Vec<ConversationSummary>, NatterError> {
    state
        .store
        .conversations(
            authenticated.context.app.id,
            me.username.as_str(),
            None,
            MAX_CHANNEL_PAGE,
        )
        .await
        .map_err(store_error)
}

/// One page of `entries` from offset `from`, as the conversation list's `data`.
fn page(
    authenticated: &Authenticated,
    entries: &[(ConversationSummary, &ConversationFlags)],
    from: usize,
    limit: u32,
) -> Envelope {
    let key = app_key(authenticated);
    let end = from.saturating_add(limit as usize).min(entries.len());
    let infos: Vec<Value> = entries
        .get(from..end)
        .unwrap_or_default()
        .iter()
        .map(|(summary, flags)| channel_info(&key, summary, Some(flags)))
        .collect();
    let cursor = if end < entries.len() {
        end.to_string()
    } else {
        String::new()
    };
    Envelope::new(&authenticated.context, "get").data(json!({"cursor": cursor, "channel_infos": infos}))
}

/// The pinned conversations, most recently pinned first, from offset `from`.
pub(super) async fn pinned_list(
    state: &AppState,
    authenticated: &Authenticated,
    me: &User,
    from: Option<u64>,
    limit: u32,
) -> Result<Envelope, NatterError> {
    let flags = flags_of(state, authenticated, me).await?;
    let mut pinned: Vec<&ConversationFlags> =
        flags.values().filter(|flags| flags.pinned_ms.is_some()).collect();
    pinned.sort_by(|a, b| {
        b.pinned_ms
            .cmp(&a.pinned_ms)
            .then(a.conversation.cmp(&b.conversation))
    });
    let mut by_key: HashMap<String, ConversationSummary> = summaries(state, authenticated, me)
        .await?
        .into_iter()
        .map(|summary| (summary.conversation.clone(), summary))
        .collect();
    let entries: Vec<(ConversationSummary, &ConversationFlags)> = pinned
        .into_iter()
        .filter_map(|flags| {
            let summary = by_key
                .remove(&flags.conversation)
                .or_else(|| empty_summary(me, &flags.conversation))?;
            Some((summary, flags))
        })
        .collect();
    let from = usize::try_from(from.unwrap_or(0)).unwrap_or(usize::MAX);
    Ok(page(authenticated, &entries, from, limit))
}

#[derive(Debug, Deserialize)]
struct PinBody {
    #[serde(rename = "type")]
    chat_type: Option<String>,
    to: Option<Value>,
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    }
}

async fn set_pin(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
    chat_type: Option<&str>,
    to: Option<String>,
    pinned: bool,
) -> Result<Envelope, NatterError> {
    let me = owner(state, authenticated, username).await?;
    let to = to.ok_or_else(|| NatterError::invalid_parameter("to must be provided"))?;
    let conversation = conversation_key(&me, chat_type.unwrap_or(""), &to)
        .ok_or_else(|| NatterError::invalid_parameter("type or to is illegal"))?;
    let now = crate::now_ms();
    state
        .store
        .set_pinned(
            authenticated.context.app.id,
            me.username.as_str(),
            &conversation,
            pinned.then_some(now),
        )
        .await
        .map_err(store_error)?;
    Ok(
        Envelope::new(&authenticated.context, if pinned { "post" } else { "delete" })
            .data(json!({"is_top": pinned, "update_top_status_time": now})),
    )
}

/// `POST /sdk/user/{me}/user_channel/top` with `{"type","to"}`: pins the conversation.
async fn pin(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<PinBody>,
) -> Result<Envelope, EasemobError> {
    let to = text_of(body.to.as_ref());
    Ok(set_pin(
        &state,
        &authenticated,
        &username,
        body.chat_type.as_deref(),
        to,
        true,
    )
    .await?)
}

#[derive(Debug, Deserialize)]
struct UnpinQuery {
    #[serde(rename = "type")]
    chat_type: Option<String>,
    to: Option<String>,
}

/// `DELETE /sdk/user/{me}/user_channel/top?type=&to=`: unpins it.
async fn unpin(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<UnpinQuery>,
) -> Result<Envelope, EasemobError> {
    let to = query.to.map(Value::String);
    let to = text_of(to.as_ref());
    Ok(set_pin(
        &state,
        &authenticated,
        &username,
        query.chat_type.as_deref(),
        to,
        false,
    )
    .await?)
}

/// `mark_N` → N, with the SDK's two refusals.
fn mark_number(mark: Option<&Value>) -> Result<u8, NatterError> {
    let text = match mark {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::ConversationMarkEmpty)),
        Some(Value::String(text)) if text.trim().is_empty() => {
            return Err(NatterError::new(ErrorKind::ConversationMarkEmpty));
        }
        Some(Value::String(text)) => text.trim().to_string(),
        Some(other) => other.to_string(),
    };
    text.strip_prefix("mark_")
        .and_then(|number| number.parse::<u8>().ok())
        .filter(|number| *number < MARKS && text == format!("mark_{number}"))
        .ok_or_else(|| NatterError::new(ErrorKind::ConversationMarkIllegal))
}

async fn set_mark(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
    body: Value,
    on: bool,
) -> Result<Envelope, NatterError> {
    let me = owner(state, authenticated, username).await?;
    let mark = mark_number(body.get("mark"))?;
    let targets = match body.get("targets") {
        Some(Value::Array(targets)) => targets.clone(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(NatterError::invalid_parameter("targets must be a list")),
    };
    let mut conversations = Vec::with_capacity(targets.len());
    let mut ignored = Vec::new();
    for target in targets {
        let key = text_of(target.get("to")).and_then(|to| {
            let kind = target.get("type").and_then(Value::as_str).unwrap_or("");
            conversation_key(&me, kind, &to)
        });
        match key {
            Some(key) => conversations.push(key),
            None => ignored.push(target),
        }
    }
    if !conversations.is_empty() {
        state
            .store
            .set_mark(
                authenticated.context.app.id,
                me.username.as_str(),
                &conversations,
                mark,
                on,
            )
            .await
            .map_err(store_error)?;
    }
    Ok(
        Envelope::new(&authenticated.context, if on { "post" } else { "delete" })
            .data(json!({"ignore": ignored})),
    )
}

/// `POST /sdk/user/{me}/user_channels/mark` with `{"mark":"mark_0","targets":[{"to","type"}]}`.
async fn add_mark(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    Ok(set_mark(&state, &authenticated, &username, body, true).await?)
}

/// `DELETE /sdk/user/{me}/user_channels/mark` with the same body.
async fn remove_mark(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    Ok(set_mark(&state, &authenticated, &username, body, false).await?)
}

#[derive(Debug, Deserialize)]
struct MarkedQuery {
    limit: Option<String>,
    cursor: Option<String>,
    mark: Option<String>,
}

/// `GET /sdk/user/{me}/user_channels/mark/search?limit=&cursor=&mark=mark_N`: the conversations with the
/// mark.
async fn marked_list(
    State(state): State<AppState>,
    Path((_, _, username)): Path<(String, String, String)>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<MarkedQuery>,
) -> Result<Envelope, EasemobError> {
    let me = owner(&state, &authenticated, &username).await?;
    let mark = mark_number(query.mark.map(Value::String).as_ref())?;
    let limit = query
        .limit
        .as_deref()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .unwrap_or(DEFAULT_MARKED_PAGE)
        .clamp(1, MAX_CHANNEL_PAGE);
    let from = match query.cursor.as_deref().map(str::trim) {
        None | Some("" | "undefined" | "null") => 0,
        Some(text) => text
            .parse::<usize>()
            .map_err(|_| NatterError::invalid_parameter("cursor is invalid"))?,
    };
    let flags = flags_of(&state, &authenticated, &me).await?;
    let marked: HashMap<&String, &ConversationFlags> = flags
        .iter()
        .filter(|(_, flags)| flags.marks & (1 << mark) != 0)
        .collect();
    let mut entries: Vec<(ConversationSummary, &ConversationFlags)> = Vec::new();
    for summary in summaries(&state, &authenticated, &me).await? {
        if let Some(flags) = marked.get(&summary.conversation) {
            entries.push((summary, flags));
        }
    }
    let mut without_messages: Vec<&&ConversationFlags> = marked
        .values()
        .filter(|flags| {
            !entries
                .iter()
                .any(|(summary, _)| summary.conversation == flags.conversation)
        })
        .collect();
    without_messages.sort_by(|a, b| a.conversation.cmp(&b.conversation));
    for flags in without_messages {
        if let Some(summary) = empty_summary(&me, &flags.conversation) {
            entries.push((summary, flags));
        }
    }
    Ok(page(&authenticated, &entries, from, limit))
}
