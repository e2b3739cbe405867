//! Message reactions (消息表情回复, users-messages §8; the Web SDK's `addReaction`, `deleteReaction`,
//! `getReactionList`, `getReactionDetail`, SDK-REST §3.5): add, list by message, remove, and the users of
//! one reaction, paged.
//!
//! Replies are `{"requestStatusCode":"ok","timestamp":…[,"data":…]}`, without the usual envelope. An app
//! token may act for any user; a user token only for itself.
//!
//! Rules and decisions where the reference leaves room:
//! - Only 1:1 and group messages take reactions (§8 scope). The reacting user must be a party: the sender
//!   or recipient of a 1:1 message, a member of the group of a group message. Anything else (a chat-room
//!   message, a signal, an unknown or malformed id, a non-party) is `the user operation is illegal!`.
//! - At most 20 distinct reactions per message (`The quantity has exceeded the limit!`), a reaction id of 1
//!   to 128 characters, once per user (`the user is already operation this message`, the SDK's 1101).
//! - Add's timestamps are `createdAt`/`updatedAt` as in the example (§13.13), ISO-8601 UTC instants.
//! - The list by message ids takes `msgIdList` comma-separated (≤ 20); every id asked gets an item, with an
//!   empty `reactionList` when it has none (the SDK reads `reactionList` of each item). `userList` holds
//!   the first 3 users. For `groupchat`, only messages of `groupId` are answered; `groupId` may not be
//!   missing, empty, or the SDK's literal `null`/`undefined`.
//! - Detail: `limit` (or the SDK's `pageSize`) within [1,50], default 50; `cursor` (or the SDK's
//!   `currentPage`) is the previous page's `cursor`, absent on the last page. A reaction the message does
//!   not have answers `count` 0 and an empty `userList`.
//! - Reactions are not yet announced to the message's other parties over msync (the SDK's
//!   `onReactionChange`) nor carried in roaming's `meta.reaction`: those belong to the gateway and the
//!   roaming encoder. They stay with the message (the vendor keeps them 7 days).

use super::EasemobError;
use super::EasemobQuery;
use super::auth::Authenticated;
use super::json::EasemobJson;
use crate::{AppState, store_error};
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::{GroupId, UserName};
use natter_store::{ChatType, MessageKind, ReactionAdd, StoredMessage};
use serde::Deserialize;
use serde_json::{Value, json};

/// Distinct reactions one message may carry (§8).
const MAX_REACTIONS: u32 = 20;
/// The longest reaction id, in characters (§8).
const MAX_REACTION_CHARS: usize = 128;
/// Messages one list call may name (§8.2).
const MAX_LIST_MESSAGES: usize = 20;
/// Users shown in a summary's `userList` (§8.2).
const SUMMARY_USERS: u32 = 3;
/// The largest (and default) detail page (§8.4).
const MAX_DETAIL_PAGE: u32 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/reaction/user/{username}",
            post(add).get(list).delete(remove),
        )
        .route("/{org}/{app}/reaction/user/{username}/detail", get(detail))
}

/// The reactions' reply shape.
fn reply(data: Option<Value>) -> Json<Value> {
    let mut body = json!({"requestStatusCode": "ok", "timestamp": crate::now_ms()});
    if let (Some(data), Some(object)) = (data, body.as_object_mut()) {
        object.insert("data".into(), data);
    }
    Json(body)
}

/// An ISO-8601 UTC instant with milliseconds (`2022-02-24T10:57:43.138Z`).
fn instant(unix_ms: i64) -> String {
    let seconds = unix_ms.div_euclid(1000);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count since 1970-01-01.
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60,
        unix_ms.rem_euclid(1000)
    )
}

fn require_enabled(state: &AppState) -> Result<(), NatterError> {
    if state.config.services.reactions {
        Ok(())
    } else {
        Err(NatterError::new(ErrorKind::ReactionNotEnabled))
    }
}

fn illegal() -> NatterError {
    NatterError::new(ErrorKind::ReactionIllegalOperation)
}

/// A reaction id as given: 1 to 128 characters.
fn reaction_text(text: Option<&str>) -> Result<String, NatterError> {
    match text {
        Some(text) if !text.is_empty() && text.chars().count() <= MAX_REACTION_CHARS => Ok(text.to_string()),
        Some(_) => Err(NatterError::invalid_parameter(
            "message must be 1 to 128 characters",
        )),
        None => Err(NatterError::invalid_parameter("message must be provided")),
    }
}

/// A 1:1 or group message that `username` is a party to.
async fn reactable_message(
    state: &AppState,
    app_id: i64,
    message_id: &str,
    username: &UserName,
) -> Result<StoredMessage, NatterError> {
    let id = message_id.trim().parse::<u64>().map_err(|_| illegal())?;
    let message = state
        .store
        .message(app_id, id)
        .await
        .map_err(store_error)?
        .ok_or_else(illegal)?;
    if message.kind != MessageKind::Message || message.recalled {
        return Err(illegal());
    }
    let party = match message.chat_type {
        ChatType::Chat => message.from_user == username.as_str() || message.to == username.as_str(),
        ChatType::Group => match GroupId::parse(&message.to) {
            Some(group) => state
                .store
                .is_group_member(app_id, group, username)
                .await
                .map_err(store_error)?,
            None => false,
        },
        ChatType::Room => false,
    };
    if party { Ok(message) } else { Err(illegal()) }
}

/// The user `{username}` names, for a caller allowed to act for it.
fn acting_name(authenticated: &Authenticated, username: &str) -> Result<UserName, NatterError> {
    authenticated.caller.require_app_or_self(username)?;
    UserName::lookup(username).ok_or_else(illegal)
}

#[derive(Debug, Deserialize)]
struct AddBody {
    #[serde(rename = "msgId")]
    msg_id: Option<Value>,
    message: Option<String>,
}

/// `POST /reaction/user/{username}` (§8.1): `{"msgId","message"}`.
async fn add(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<AddBody>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let name = acting_name(&authenticated, &username)?;
    let msg_id = match &body.msg_id {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => return Err(NatterError::invalid_parameter("msgId must be provided").into()),
    };
    let reaction = reaction_text(body.message.as_deref())?;
    let app_id = authenticated.context.app.id;
    let message = reactable_message(&state, app_id, &msg_id, &name).await?;
    let added = state
        .store
        .add_reaction(
            app_id,
            message.id,
            &reaction,
            name.as_str(),
            MAX_REACTIONS,
            crate::now_ms(),
        )
        .await
        .map_err(store_error)?;
    let added = match added {
        ReactionAdd::Added(added) => added,
        ReactionAdd::AlreadyAdded => return Err(NatterError::new(ErrorKind::ReactionAlreadyAdded).into()),
        ReactionAdd::LimitReached => return Err(NatterError::new(ErrorKind::ReactionLimit).into()),
    };
    let group_id = match message.chat_type {
        ChatType::Group => json!(message.to),
        _ => Value::Null,
    };
    Ok(reply(Some(json!({
        "id": added.add_id.to_string(),
        "msgId": msg_id,
        "msgType": message.chat_type.as_str(),
        "groupId": group_id,
        "reaction": reaction,
        "createdAt": instant(added.created_ms),
        "updatedAt": instant(added.updated_ms),
    }))))
}

/// A query value the SDK may send as the literal `null` or `undefined` (SDK-REST §0.6).
fn present(text: Option<&str>) -> Option<&str> {
    text.map(str::trim)
        .filter(|text| !text.is_empty() && *text != "null" && *text != "undefined")
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(rename = "msgIdList")]
    msg_id_list: Option<String>,
    #[serde(rename = "msgType")]
    msg_type: Option<String>,
    #[serde(rename = "groupId")]
    group_id: Option<String>,
}

/// `GET /reaction/user/{username}?msgIdList=&msgType=&groupId=` (§8.2).
async fn list(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobQuery(query): EasemobQuery<ListQuery>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let name = acting_name(&authenticated, &username)?;
    let ids: Vec<String> = present(query.msg_id_list.as_deref())
        .ok_or_else(|| NatterError::invalid_parameter("msgIdList must be provided"))?
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect();
    if ids.len() > MAX_LIST_MESSAGES {
        return Err(NatterError::new(ErrorKind::ReactionTooManyMessages).into());
    }
    let chat_type = present(query.msg_type.as_deref())
        .and_then(ChatType::parse)
        .filter(|chat_type| *chat_type != ChatType::Room)
        .ok_or_else(|| NatterError::invalid_parameter("msgType must be chat or groupchat"))?;
    let group = match chat_type {
        ChatType::Group => Some(
            present(query.group_id.as_deref())
                .ok_or_else(|| NatterError::new(ErrorKind::ReactionGroupIdNull))?
                .to_string(),
        ),
        _ => None,
    };
    let app_id = authenticated.context.app.id;
    // Only ids of messages of the asked kind (and group) are looked up; the others answer no reactions.
    let mut wanted = Vec::with_capacity(ids.len());
    for id in &ids {
        let Ok(number) = id.parse::<u64>() else {
            continue;
        };
        let matches = state
            .store
            .message(app_id, number)
            .await
            .map_err(store_error)?
            .is_some_and(|message| {
                message.chat_type == chat_type && group.as_ref().is_none_or(|group| &message.to == group)
            });
        if matches {
            wanted.push(number);
        }
    }
    let summaries = state
        .store
        .reactions_of(app_id, &wanted, name.as_str(), SUMMARY_USERS)
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = ids
        .iter()
        .map(|id| {
            let reactions: Vec<Value> = summaries
                .iter()
                .filter(|summary| summary.message_id.to_string() == *id)
                .map(|summary| {
                    json!({
                        "reactionId": summary.reaction_id.to_string(),
                        "reaction": summary.reaction,
                        "count": summary.count,
                        "state": summary.state,
                        "userList": summary.users,
                    })
                })
                .collect();
            json!({"msgId": id, "reactionList": reactions})
        })
        .collect();
    Ok(reply(Some(Value::Array(data))))
}

#[derive(Debug, Deserialize)]
struct RemoveQuery {
    #[serde(rename = "msgId")]
    msg_id: Option<String>,
    message: Option<String>,
}

/// `DELETE /reaction/user/{username}?msgId=&message=` (§8.3).
async fn remove(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobQuery(query): EasemobQuery<RemoveQuery>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let name = acting_name(&authenticated, &username)?;
    let msg_id = present(query.msg_id.as_deref())
        .ok_or_else(|| NatterError::invalid_parameter("msgId must be provided"))?;
    let reaction = reaction_text(query.message.as_deref())?;
    let id = msg_id.parse::<u64>().map_err(|_| illegal())?;
    let removed = state
        .store
        .remove_reaction(authenticated.context.app.id, id, &reaction, name.as_str())
        .await
        .map_err(store_error)?;
    if !removed {
        return Err(illegal().into());
    }
    Ok(reply(None))
}

#[derive(Debug, Deserialize)]
struct DetailQuery {
    #[serde(rename = "msgId")]
    msg_id: Option<String>,
    message: Option<String>,
    limit: Option<String>,
    #[serde(rename = "pageSize")]
    page_size: Option<String>,
    cursor: Option<String>,
    #[serde(rename = "currentPage")]
    current_page: Option<String>,
}

/// `GET /reaction/user/{username}/detail?msgId=&message=&limit=&cursor=` (§8.4).
async fn detail(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobQuery(query): EasemobQuery<DetailQuery>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let name = acting_name(&authenticated, &username)?;
    let limit = match present(query.limit.as_deref()).or(present(query.page_size.as_deref())) {
        None => MAX_DETAIL_PAGE,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|limit| (1..=MAX_DETAIL_PAGE).contains(limit))
            .ok_or_else(|| NatterError::new(ErrorKind::ReactionDetailLimit))?,
    };
    let after = match present(query.cursor.as_deref()).or(present(query.current_page.as_deref())) {
        None => None,
        Some(text) => Some(
            text.parse::<i64>()
                .map_err(|_| NatterError::invalid_parameter("cursor is invalid"))?,
        ),
    };
    let msg_id = present(query.msg_id.as_deref())
        .ok_or_else(|| NatterError::invalid_parameter("msgId must be provided"))?;
    let reaction = reaction_text(query.message.as_deref())?;
    let Ok(id) = msg_id.parse::<u64>() else {
        return Err(illegal().into());
    };
    let page = state
        .store
        .reaction_users(
            authenticated.context.app.id,
            id,
            &reaction,
            name.as_str(),
            after,
            limit + 1,
        )
        .await
        .map_err(store_error)?;
    let Some(mut page) = page else {
        return Ok(reply(Some(json!({
            "reactionId": Value::Null,
            "reaction": reaction,
            "count": 0,
            "state": false,
            "userList": [],
        }))));
    };
    let more = page.users.len() > limit as usize;
    page.users.truncate(limit as usize);
    let mut data = json!({
        "reactionId": page.reaction_id.to_string(),
        "reaction": reaction,
        "count": page.count,
        "state": page.state,
        "userList": page.users.iter().map(|(_, user)| user.as_str()).collect::<Vec<_>>(),
    });
    if let (true, Some((last, _)), Some(object)) = (more, page.users.last(), data.as_object_mut()) {
        object.insert("cursor".into(), json!(last.to_string()));
    }
    Ok(reply(Some(data)))
}

#[cfg(test)]
mod tests {
    use super::instant;

    #[test]
    fn instants_are_iso_8601_utc_with_milliseconds() {
        assert_eq!(instant(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(instant(1_645_700_263_138), "2022-02-24T10:57:43.138Z");
        assert_eq!(instant(951_782_400_999), "2000-02-29T00:00:00.999Z");
    }
}
