//! Presence subscription (在线状态订阅, users-messages §7; the Web SDK's `publishPresence`,
//! `subscribePresence`, `unsubscribePresence`, `getSubscribedPresenceList`, `getPresenceStatus`, SDK-REST
//! §3.11): publishing a status per device, subscribing to other users' presence for a time, reading it,
//! and the online-member count of a group (§7.4).
//!
//! Replies have no envelope: the body is `{"result": …}`. An app token may act for any user; a user token
//! only for itself (the SDK's calls).
//!
//! Decisions where the reference leaves room:
//! - A device's status is what was last published for it; a connected device that never published one is
//!   `"1"` (online), from the session registry. Published statuses are kept as published: that a device
//!   goes to `"0"` when its connection ends, and the live notices to subscribers (the SDK's
//!   `onPresenceStatusChange`), belong to the msync gateway and are not sent by these endpoints.
//! - `last_time` and `expiry` are strings of Unix seconds, as the examples show (§13.11); `totalnum` too.
//! - §7.3 lists each named user that exists, subscribed or not; an unknown `{username}` gives `[]` (the
//!   documented case). §7.2 answers the same items with the subscription's `expiry`.
//! - An `expiry` over 30 days is cut to 30 days (the documented maximum has no error row); a non-numeric
//!   or non-positive one is 400 `illegal_argument`.
//! - A user has at most 3,000 subscriptions: a new one beyond that replaces the one that ends soonest, as
//!   documented. The 3,000-subscriber cap per target has no documented refusal and is not enforced.
//! - §7.5's body is a bare array (the documented example, and what the SDK sends), `{"usernames": […]}` or
//!   `{"users": […]}` (the field table): all three are taken (§13.14).
//! - Sublist paging: `pageNum` from 1, `pageSize` within [1,500] (values outside are clamped); the order
//!   is the order the subscriptions were first made.
//! - §7.4 type `0` asks about a super-community server, which Natter does not have: its count is 0. The
//!   group count needs an app token and a group that exists (`grpID XX does not exist!` otherwise).

use super::auth::Authenticated;
use super::users::find_user;
use super::{AppContext, EasemobError, EasemobJson, EasemobQuery};
use crate::{AppState, store_error};
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::{User, UserName};
use natter_store::Presence;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The largest presence description, in bytes (§7.1).
const MAX_EXT_BYTES: usize = 1024;
/// The most user IDs one call names (§7.2, §7.3, §7.5).
const MAX_USERS_PER_CALL: usize = 100;
/// The longest subscription, in seconds (§7).
const MAX_EXPIRY_SECS: i64 = 2_592_000;
/// The most subscriptions one user holds (§7).
const MAX_SUBSCRIPTIONS: u32 = 3_000;
/// The largest sublist page (§7.6).
const MAX_SUBLIST_PAGE: u32 = 500;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/users/{username}/presence/{resource}/{status}",
            post(publish),
        )
        .route("/{org}/{app}/users/{username}/presence/{expiry}", post(subscribe))
        .route("/{org}/{app}/users/{username}/presence/sublist", get(sublist))
        .route(
            "/{org}/{app}/users/{username}/presence",
            post(query).delete(unsubscribe),
        )
        .route(
            "/{org}/{app}/presence/online/{group_id}/type/{query_type}",
            get(group_online_count),
        )
}

/// The `{"result": …}` reply.
fn result(value: Value) -> Json<Value> {
    Json(json!({ "result": value }))
}

fn require_enabled(state: &AppState) -> Result<(), NatterError> {
    if state.config.services.presence {
        Ok(())
    } else {
        Err(NatterError::new(ErrorKind::PresenceNotEnabled))
    }
}

/// The user `{username}` names, for a caller allowed to act for it; 404 when there is none.
async fn acting_user(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
) -> Result<User, NatterError> {
    authenticated.caller.require_app_or_self(username)?;
    find_user(state, &authenticated.context, username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound))
}

/// User IDs of a list, each as text (numbers are taken as IDs too), in order and without repeats.
fn names_of(items: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let name = match item {
            Value::String(text) => text.trim().to_string(),
            Value::Number(number) => number.to_string(),
            _ => continue,
        };
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `usernames` of an object body, `None` when missing or not a list.
fn usernames_field(fields: &Map<String, Value>, key: &str) -> Option<Vec<String>> {
    match fields.get(key) {
        Some(Value::Array(items)) => Some(names_of(items)),
        _ => None,
    }
}

fn seconds_text(ms: i64) -> String {
    (ms.max(0) / 1000).to_string()
}

/// One presence item: `uid`, `last_time`, `ext`, `status` (and `expiry` for subscriptions).
fn presence_item(
    state: &AppState,
    context: &AppContext,
    username: &str,
    stored: Option<&Presence>,
    expiry_ms: Option<i64>,
) -> Value {
    let mut statuses: BTreeMap<String, String> = stored
        .map(|presence| presence.statuses.iter().cloned().collect())
        .unwrap_or_default();
    if let Some(name) = UserName::lookup(username) {
        for device in state.sessions.devices(context.app.id, &name) {
            statuses.entry(device.resource).or_insert_with(|| "1".to_string());
        }
    }
    let mut item = Map::new();
    item.insert("uid".into(), json!(username));
    item.insert(
        "last_time".into(),
        json!(seconds_text(stored.map_or(0, |presence| presence.last_ms))),
    );
    if let Some(expiry_ms) = expiry_ms {
        item.insert("expiry".into(), json!(seconds_text(expiry_ms)));
    }
    item.insert(
        "ext".into(),
        json!(stored.map_or("", |presence| presence.ext.as_str())),
    );
    item.insert("status".into(), json!(statuses));
    Value::Object(item)
}

/// The presence items of `names` that are users of the app, in the order named.
async fn presence_items(
    state: &AppState,
    context: &AppContext,
    names: &[String],
    expiry_ms: Option<i64>,
) -> Result<Vec<Value>, NatterError> {
    let mut existing = Vec::with_capacity(names.len());
    for name in names {
        if let Some(user) = find_user(state, context, name).await? {
            existing.push(user.username.as_str().to_string());
        }
    }
    let stored = state
        .store
        .presences(context.app.id, &existing)
        .await
        .map_err(store_error)?;
    Ok(existing
        .iter()
        .map(|name| {
            let presence = stored.iter().find(|presence| &presence.username == name);
            presence_item(state, context, name, presence, expiry_ms)
        })
        .collect())
}

#[derive(Debug, Deserialize)]
struct PublishBody {
    ext: Option<Value>,
}

/// `POST /users/{username}/presence/{resource}/{status}` (§7.1): `{"ext": String}`.
async fn publish(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username, resource, status)): Path<(String, String, String, String, String)>,
    EasemobJson(body): EasemobJson<PublishBody>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let user = acting_user(&state, &authenticated, &username).await?;
    let ext = match body.ext {
        Some(Value::String(text)) => text,
        Some(Value::Null) | None => return Err(NatterError::new(ErrorKind::PresenceExtNull).into()),
        Some(other) => other.to_string(),
    };
    if ext.len() > MAX_EXT_BYTES {
        return Err(NatterError::new(ErrorKind::PresenceExtTooBig).into());
    }
    // "0" offline, "1" online, any other number a custom status.
    if status.is_empty() || !status.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(NatterError::invalid_parameter("status must be a number").into());
    }
    state
        .store
        .publish_presence(
            authenticated.context.app.id,
            user.id,
            &resource,
            &status,
            &ext,
            crate::now_ms(),
        )
        .await
        .map_err(store_error)?;
    Ok(result(json!("ok")))
}

#[derive(Debug, Deserialize)]
struct UsernamesBody {
    usernames: Option<Value>,
}

fn listed(body: &UsernamesBody) -> Option<Vec<String>> {
    match &body.usernames {
        Some(Value::Array(items)) => Some(names_of(items)),
        _ => None,
    }
}

/// `POST /users/{username}/presence/{expiry}` (§7.2): subscribes to `usernames` for `expiry` seconds and
/// answers their presence.
async fn subscribe(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username, expiry)): Path<(String, String, String, String)>,
    EasemobJson(body): EasemobJson<UsernamesBody>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let user = acting_user(&state, &authenticated, &username).await?;
    let expiry_secs = expiry
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|secs| *secs > 0)
        .ok_or_else(|| NatterError::invalid_parameter("expiry must be a positive number of seconds"))?
        .min(MAX_EXPIRY_SECS);
    let targets = listed(&body)
        .filter(|names| !names.is_empty())
        .ok_or_else(|| NatterError::new(ErrorKind::PresenceUsernamesEmpty))?;
    if targets.len() > MAX_USERS_PER_CALL {
        return Err(NatterError::new(ErrorKind::PresenceTooManySubscriptions).into());
    }
    if targets
        .iter()
        .any(|target| UserName::lookup(target).as_ref() == Some(&user.username))
    {
        return Err(NatterError::new(ErrorKind::PresenceSubscribeSelf).into());
    }
    let context = &authenticated.context;
    let now = crate::now_ms();
    let expiry_ms = now.saturating_add(expiry_secs.saturating_mul(1000));
    state
        .store
        .subscribe_presence(
            context.app.id,
            user.id,
            &targets,
            expiry_ms,
            now,
            MAX_SUBSCRIPTIONS,
        )
        .await
        .map_err(store_error)?;
    let items = presence_items(&state, context, &targets, Some(expiry_ms)).await?;
    Ok(result(Value::Array(items)))
}

/// `POST /users/{username}/presence` (§7.3): the presence of up to 100 users.
async fn query(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<UsernamesBody>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    authenticated.caller.require_app_or_self(&username)?;
    let names = listed(&body).ok_or_else(|| NatterError::new(ErrorKind::PresenceUsernamesEmpty))?;
    if names.len() > MAX_USERS_PER_CALL {
        return Err(NatterError::new(ErrorKind::PresenceTooManyQueries).into());
    }
    let context = &authenticated.context;
    if find_user(&state, context, &username).await?.is_none() {
        return Ok(result(json!([])));
    }
    let items = presence_items(&state, context, &names, None).await?;
    Ok(result(Value::Array(items)))
}

/// `DELETE /users/{username}/presence` (§7.5): ends subscriptions.
async fn unsubscribe(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let user = acting_user(&state, &authenticated, &username).await?;
    let missing = || NatterError::new(ErrorKind::PresenceUnsubUsernamesNull);
    let targets = match body {
        Ok(EasemobJson(Value::Array(items))) => names_of(&items),
        Ok(EasemobJson(Value::Object(fields))) => usernames_field(&fields, "usernames")
            .or_else(|| usernames_field(&fields, "users"))
            .ok_or_else(missing)?,
        Ok(EasemobJson(_)) => return Err(missing().into()),
        // No body at all is a call without user IDs.
        Err(EasemobError(error)) if error.kind == ErrorKind::UnsupportedMediaType => {
            return Err(missing().with_detail(format!("{error}")).into());
        }
        Err(error) => return Err(error),
    };
    if targets.is_empty() {
        return Err(missing().into());
    }
    if targets.len() > MAX_USERS_PER_CALL {
        return Err(NatterError::new(ErrorKind::PresenceTooManyUnsubscriptions).into());
    }
    state
        .store
        .unsubscribe_presence(authenticated.context.app.id, user.id, &targets)
        .await
        .map_err(store_error)?;
    Ok(result(json!("ok")))
}

#[derive(Debug, Deserialize)]
struct SublistQuery {
    #[serde(rename = "pageNum")]
    page_num: Option<String>,
    #[serde(rename = "pageSize")]
    page_size: Option<String>,
}

/// `GET /users/{username}/presence/sublist?pageNum=&pageSize=` (§7.6).
async fn sublist(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobQuery(query): EasemobQuery<SublistQuery>,
) -> Result<Json<Value>, EasemobError> {
    require_enabled(&state)?;
    let user = acting_user(&state, &authenticated, &username).await?;
    let number = |text: &Option<String>| text.as_deref().and_then(|text| text.trim().parse::<u64>().ok());
    let page = number(&query.page_num).unwrap_or(1).max(1);
    let size = number(&query.page_size)
        .unwrap_or(1)
        .clamp(1, u64::from(MAX_SUBLIST_PAGE)) as u32;
    let (total, subscriptions) = state
        .store
        .presence_subscriptions(
            authenticated.context.app.id,
            user.id,
            crate::now_ms(),
            (page - 1).saturating_mul(u64::from(size)),
            size,
        )
        .await
        .map_err(store_error)?;
    let list: Vec<Value> = subscriptions
        .iter()
        .map(|entry| json!({"uid": entry.target, "expiry": seconds_text(entry.expiry_ms)}))
        .collect();
    Ok(result(json!({"totalnum": total.to_string(), "sublist": list})))
}

/// `GET /presence/online/{group_id}/type/{query_type}` (§7.4): how many of the group's members have a
/// connected device (custom statuses do not count).
async fn group_online_count(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, query_type)): Path<(String, String, String, String)>,
) -> Result<Json<Value>, EasemobError> {
    authenticated.caller.require_app()?;
    if !state.config.services.group_online_count {
        return Err(NatterError::new(ErrorKind::PresenceGroupOnlineNotEnabled).into());
    }
    match query_type.trim() {
        "1" => {}
        // A super-community server: Natter has none, so none of its members is online.
        "0" => return Ok(result(json!(0))),
        _ => return Err(NatterError::new(ErrorKind::PresenceGroupTypeInvalid).into()),
    }
    let context = &authenticated.context;
    let group = super::groups::load_group(&state, context, &group_id).await?;
    let members = state
        .store
        .group_members_of(context.app.id, group.id)
        .await
        .map_err(store_error)?;
    let online = members
        .iter()
        .filter(|member| state.sessions.is_online(context.app.id, member))
        .count();
    Ok(result(json!(online)))
}
