//! Threads (子区, groups-chatrooms §4 T1–T9) and the Web SDK's own thread calls (SDK-REST §3.9: join, quit,
//! detail, remove one member, a group's threads).
//!
//! Decision: an app token gets the documented rows. A user token is the Web SDK, whose mapper (ERRORS.md
//! §2.2) only reports 1300 THREAD_NOT_EXIST / 1301 THREAD_ALREADY_EXIST for `error_code` 40011 / 40003;
//! those two refusals carry the coded rows for user tokens instead of the documented texts (which would
//! give 17 and 603).
//! Decision: Natter has no per-app thread switch, so `thread not open.` is never answered; and messages
//! are looked up inside the caller's app, so a message of another app is `msg not exist.` rather than
//! `msg not belong to app.`. Natter's messages never sit in a thread, so `thread not nested.` never fires.

use super::auth::{Authenticated, Caller};
use super::envelope::{Envelope, decode_cursor, encode_cursor};
use super::groups::{Pairs, body_object};
use super::users::find_user;
use super::{AppContext, EasemobError, EasemobJson};
use crate::{AppState, store_error};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::{GroupId, GroupRole, User};
use natter_store::{NewThread, Thread, ThreadCreate, ThreadJoin, ThreadPage, group_conversation};
use serde_json::{Map, Value, json};

/// The documented default quotas (§1.3).
const APP_THREAD_LIMIT: u64 = 100_000;
const USER_THREAD_LIMIT: u64 = 100_000;
/// Thread names: at most 64 characters (§1.3).
const MAX_NAME_CHARS: usize = 64;
/// List pages: [1,50], default 50.
const MAX_PAGE: u32 = 50;
/// Batch join and leave: at most 10 users.
const MAX_BATCH: usize = 10;

type ThreadPath = Path<(String, String, String)>;
type ThreadUserPath = Path<(String, String, String, String)>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/thread", post(create_thread).get(list_threads))
        .route(
            "/{org}/{app}/thread/{thread_id}",
            get(thread_detail).put(rename_thread).delete(delete_thread),
        )
        .route(
            "/{org}/{app}/thread/{thread_id}/users",
            get(list_members).post(add_members).delete(remove_members),
        )
        .route(
            "/{org}/{app}/thread/{thread_id}/users/{username}",
            delete(remove_member),
        )
        .route(
            "/{org}/{app}/thread/{thread_id}/user/{username}/join",
            post(join_self),
        )
        .route(
            "/{org}/{app}/thread/{thread_id}/user/{username}/quit",
            delete(quit_self),
        )
        .route("/{org}/{app}/threads/user/{username}", get(user_threads))
        .route("/{org}/{app}/threads/chatgroups/{group_id}", get(group_threads))
        .route(
            "/{org}/{app}/threads/chatgroups/{group_id}/user/{username}",
            get(user_group_threads),
        )
}

// ---- Shapes

/// The thread envelope: no `application`, `path` or `entities` (T1–T9 examples).
fn envelope(context: &AppContext, action: &str) -> Envelope {
    Envelope::bare(context, action)
        .set("applicationName", json!(context.app.key.app.as_str()))
        .set("organization", json!(context.app.key.org.as_str()))
        .set("uri", json!(context.uri))
}

/// A thread as T5 lists it (`msgId`, `groupId` as strings).
fn thread_entity(thread: &Thread) -> Value {
    json!({
        "name": thread.name,
        "owner": thread.owner.as_str(),
        "id": thread.thread_id.to_string(),
        "msgId": thread.msg_id.to_string(),
        "groupId": thread.group_id.get().to_string(),
        "created": thread.created_ms,
    })
}

/// The SDK's thread detail (`getChatThreadDetail`, `joinChatThread`): the T5 entity plus
/// `affiliations_count`.
fn thread_detail_value(thread: &Thread) -> Value {
    let mut value = thread_entity(thread);
    if let Some(object) = value.as_object_mut() {
        object.insert("affiliations_count".into(), json!(thread.member_count));
    }
    value
}

/// `properties.cursor`: the last item's position; on an empty page, the cursor that was sent (the docs:
/// "the last page still returns cursor").
fn properties(last: Option<i64>, sent: Option<&str>) -> Value {
    match (last, sent) {
        (Some(position), _) => json!({ "cursor": encode_cursor(position) }),
        (None, Some(cursor)) => json!({ "cursor": cursor }),
        (None, None) => json!({}),
    }
}

// ---- Inputs

fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.is_empty() && *value != "undefined" && *value != "null")
}

/// `limit` in [1,50] (default 50), `cursor`, `sort` (default `desc`).
fn page(pairs: &[(String, String)]) -> Result<(ThreadPage, Option<&str>), NatterError> {
    let limit = match query_value(pairs, "limit") {
        None => MAX_PAGE,
        Some(text) => text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|limit| (1..=MAX_PAGE).contains(limit))
            .ok_or_else(|| NatterError::new(ErrorKind::ThreadPageTooLarge))?,
    };
    let cursor = query_value(pairs, "cursor");
    let after = cursor.map(decode_cursor).transpose()?;
    // Anything but `asc` is the default order, as the vendor's enum binding falls back.
    let descending = !query_value(pairs, "sort").is_some_and(|sort| sort.eq_ignore_ascii_case("asc"));
    Ok((
        ThreadPage {
            after,
            limit,
            descending,
        },
        cursor,
    ))
}

/// An ID field sent as a string or (as the T1 example does) a JSON number.
fn id_field(body: &Map<String, Value>, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Number(number) => number.as_u64().map(|id| id.to_string()),
        _ => None,
    }
}

fn unreadable(detail: &str) -> NatterError {
    NatterError::new(ErrorKind::ThreadBodyUnreadable).with_detail(detail.to_string())
}

/// A thread name: present, a string, at most 64 characters.
fn name_field(body: &Map<String, Value>) -> Result<String, NatterError> {
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| unreadable("name is required"))?;
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NatterError::new(ErrorKind::ThreadNameTooLong));
    }
    Ok(name.to_string())
}

/// `usernames`: 1…10 user IDs.
fn usernames(body: &Value) -> Result<Vec<String>, NatterError> {
    let list = body
        .get("usernames")
        .and_then(Value::as_array)
        .filter(|list| !list.is_empty())
        .ok_or_else(|| unreadable("usernames is required"))?;
    if list.len() > MAX_BATCH {
        return Err(NatterError::new(ErrorKind::ThreadMembersTooMany));
    }
    list.iter()
        .map(|item| {
            item.as_str()
                .map(str::to_string)
                .ok_or_else(|| unreadable("usernames must be strings"))
        })
        .collect()
}

// ---- Lookups

fn not_found(caller: &Caller) -> NatterError {
    match caller {
        Caller::App => NatterError::new(ErrorKind::ThreadNotFound),
        Caller::User(_) => NatterError::new(ErrorKind::ThreadNotFoundCoded),
    }
}

async fn load_thread(state: &AppState, auth: &Authenticated, text: &str) -> Result<Thread, NatterError> {
    let Some(id) = text.trim().parse::<u64>().ok() else {
        return Err(not_found(&auth.caller));
    };
    state
        .store
        .thread(auth.context.app.id, id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| not_found(&auth.caller))
}

/// The user a path or body names; a missing one is the generic `Service resource not found` (§0.5).
async fn require_user(state: &AppState, context: &AppContext, username: &str) -> Result<User, NatterError> {
    find_user(state, context, username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound).with_detail(format!("no user {username}")))
}

async fn role_in(
    state: &AppState,
    context: &AppContext,
    group: GroupId,
    user: &User,
) -> Result<Option<GroupRole>, NatterError> {
    state
        .store
        .member_role(context.app.id, group, user.id)
        .await
        .map_err(store_error)
}

/// A user token may manage a thread it owns, or one in a group it owns or administers.
async fn require_manager(state: &AppState, auth: &Authenticated, thread: &Thread) -> Result<(), NatterError> {
    let Caller::User(user) = &auth.caller else {
        return Ok(());
    };
    if user.username == thread.owner {
        return Ok(());
    }
    match role_in(state, &auth.context, thread.group_id, user).await? {
        Some(GroupRole::Owner | GroupRole::Admin) => Ok(()),
        _ => Err(NatterError::new(ErrorKind::GroupPermissionDenied)
            .with_detail("not the thread's owner or a group admin")),
    }
}

/// Users joining a thread must be members of its group: leaving the group leaves its threads (§1.3), so a
/// thread member outside the group could not exist for long. Not documented for T8; `user not in group.` is
/// T1's text for the same situation.
async fn require_members(
    state: &AppState,
    context: &AppContext,
    thread: &Thread,
    names: &[String],
) -> Result<Vec<User>, NatterError> {
    let mut users = Vec::with_capacity(names.len());
    for name in names {
        let user = require_user(state, context, name).await?;
        if role_in(state, context, thread.group_id, &user).await?.is_none() {
            return Err(NatterError::new(ErrorKind::ThreadOwnerNotInGroup));
        }
        users.push(user);
    }
    Ok(users)
}

async fn join(
    state: &AppState,
    auth: &Authenticated,
    thread: &Thread,
    users: &[User],
) -> Result<(), NatterError> {
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    match state
        .store
        .join_thread(
            auth.context.app.id,
            thread.thread_id,
            &ids,
            crate::now_ms(),
            USER_THREAD_LIMIT,
        )
        .await
        .map_err(store_error)?
    {
        ThreadJoin::Joined(_) => Ok(()),
        ThreadJoin::ThreadMissing => Err(not_found(&auth.caller)),
        ThreadJoin::UserFull(_) => Err(NatterError::new(ErrorKind::ThreadUserQuota)),
    }
}

// ---- Handlers

/// T1. The owner must be a member of the group; the message a message of that group.
async fn create_thread(
    State(state): State<AppState>,
    auth: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let context = &auth.context;
    let body = body_object(&body).map_err(|_| unreadable("body is not an object"))?;
    let group_text = id_field(body, "group_id").ok_or_else(|| unreadable("group_id is required"))?;
    let msg_text = id_field(body, "msg_id").ok_or_else(|| unreadable("msg_id is required"))?;
    let owner = body
        .get("owner")
        .and_then(Value::as_str)
        .filter(|owner| !owner.is_empty())
        .ok_or_else(|| unreadable("owner is required"))?;
    let name = name_field(body)?;
    auth.caller.require_app_or_self(owner)?;
    let group_missing = || NatterError::new(ErrorKind::ThreadGroupNotFound);
    let group_id = GroupId::parse(&group_text).ok_or_else(group_missing)?;
    if state
        .store
        .group(context.app.id, group_id)
        .await
        .map_err(store_error)?
        .is_none()
    {
        return Err(group_missing().into());
    }
    let owner = find_user(&state, context, owner)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::ThreadOwnerNotInGroup))?;
    if role_in(&state, context, group_id, &owner).await?.is_none() {
        return Err(NatterError::new(ErrorKind::ThreadOwnerNotInGroup).into());
    }
    let message_missing = || NatterError::new(ErrorKind::ThreadMessageNotFound);
    let msg_id = msg_text.parse::<u64>().map_err(|_| message_missing())?;
    let message = state
        .store
        .message(context.app.id, msg_id)
        .await
        .map_err(store_error)?
        .ok_or_else(message_missing)?;
    if message.conversation != group_conversation(group_id.get()) {
        let kind = if message.conversation.starts_with("g:") {
            ErrorKind::ThreadMessageNotInGroup
        } else {
            ErrorKind::ThreadNotOnGroupMessage
        };
        return Err(NatterError::new(kind).into());
    }
    let now = crate::now_ms();
    let created = state
        .store
        .create_thread(
            context.app.id,
            NewThread {
                thread_id: state.ids.next(now),
                group_id,
                msg_id,
                name,
                owner_id: owner.id,
                created_ms: now,
                app_limit: APP_THREAD_LIMIT,
                user_limit: USER_THREAD_LIMIT,
            },
        )
        .await
        .map_err(store_error)?;
    let thread = match created {
        ThreadCreate::Created(thread) => thread,
        ThreadCreate::GroupMissing => return Err(group_missing().into()),
        ThreadCreate::MessageTaken => {
            let kind = match auth.caller {
                Caller::App => ErrorKind::ThreadAlreadyCreated,
                Caller::User(_) => ErrorKind::ThreadAlreadyCreatedCoded,
            };
            return Err(NatterError::new(kind).into());
        }
        ThreadCreate::AppFull => return Err(NatterError::new(ErrorKind::ThreadAppQuota).into()),
        ThreadCreate::UserFull => return Err(NatterError::new(ErrorKind::ThreadUserQuota).into()),
    };
    Ok(envelope(context, "post").data(json!({ "thread_id": thread.thread_id.to_string() })))
}

/// The SDK's `getChatThreadDetail`.
async fn thread_detail(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id)): ThreadPath,
) -> Result<Envelope, EasemobError> {
    let thread = load_thread(&state, &auth, &thread_id).await?;
    Ok(envelope(&auth.context, "get").data(thread_detail_value(&thread)))
}

/// T2.
async fn rename_thread(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id)): ThreadPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let body = body_object(&body).map_err(|_| unreadable("body is not an object"))?;
    let name = name_field(body)?;
    let thread = load_thread(&state, &auth, &thread_id).await?;
    require_manager(&state, &auth, &thread).await?;
    if !state
        .store
        .rename_thread(auth.context.app.id, thread.thread_id, &name)
        .await
        .map_err(store_error)?
    {
        return Err(not_found(&auth.caller).into());
    }
    Ok(envelope(&auth.context, "put").data(json!({ "name": name })))
}

/// T3.
async fn delete_thread(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id)): ThreadPath,
) -> Result<Envelope, EasemobError> {
    let thread = load_thread(&state, &auth, &thread_id).await?;
    require_manager(&state, &auth, &thread).await?;
    if !state
        .store
        .delete_thread(auth.context.app.id, thread.thread_id)
        .await
        .map_err(store_error)?
    {
        return Err(not_found(&auth.caller).into());
    }
    Ok(envelope(&auth.context, "delete").data(json!({ "status": "ok" })))
}

/// T4: the app's threads, `entities: [{"id"}]`. App tokens only.
async fn list_threads(
    State(state): State<AppState>,
    auth: Authenticated,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    auth.caller.require_app()?;
    let (page, sent) = page(&pairs)?;
    let items = state
        .store
        .list_threads(auth.context.app.id, page)
        .await
        .map_err(store_error)?;
    let last = items.last().map(|(position, _)| *position);
    let entities = items
        .iter()
        .map(|(_, thread)| json!({ "id": thread.thread_id.to_string() }))
        .collect();
    Ok(envelope(&auth.context, "get")
        .entities(entities)
        .set("properties", properties(last, sent)))
}

async fn threads_page(
    state: &AppState,
    auth: &Authenticated,
    user: Option<&User>,
    group: Option<GroupId>,
    pairs: &[(String, String)],
) -> Result<Envelope, NatterError> {
    let (page, sent) = page(pairs)?;
    let items = match user {
        Some(user) => state
            .store
            .user_threads(auth.context.app.id, user.id, group, page)
            .await
            .map_err(store_error)?,
        None => {
            // A group's threads (SDK `getChatThreads`): the app's threads filtered by group, by creation.
            let group = group.ok_or_else(|| NatterError::new(ErrorKind::Internal))?;
            group_threads_page(state, auth, group, page).await?
        }
    };
    let last = items.last().map(|(position, _)| *position);
    let entities = items.iter().map(|(_, thread)| thread_entity(thread)).collect();
    Ok(envelope(&auth.context, "get")
        .entities(entities)
        .set("properties", properties(last, sent)))
}

/// A page of one group's threads. The store lists by app; pages are read until `limit` threads of the
/// group are found or the app's threads run out.
async fn group_threads_page(
    state: &AppState,
    auth: &Authenticated,
    group: GroupId,
    page: ThreadPage,
) -> Result<Vec<(i64, Thread)>, NatterError> {
    let mut found = Vec::new();
    let mut after = page.after;
    loop {
        let batch = state
            .store
            .list_threads(
                auth.context.app.id,
                ThreadPage {
                    after,
                    limit: MAX_PAGE,
                    ..page
                },
            )
            .await
            .map_err(store_error)?;
        let exhausted = batch.len() < MAX_PAGE as usize;
        for (position, thread) in batch {
            after = Some(position);
            if thread.group_id == group {
                found.push((position, thread));
                if found.len() == page.limit as usize {
                    return Ok(found);
                }
            }
        }
        if exhausted {
            return Ok(found);
        }
    }
}

/// T5.
async fn user_threads(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, username)): ThreadPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    auth.caller.require_app_or_self(&username)?;
    let user = require_user(&state, &auth.context, &username).await?;
    Ok(threads_page(&state, &auth, Some(&user), None, &pairs).await?)
}

/// T6. An unknown group has no threads for anyone: an empty page.
async fn user_group_threads(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, group_id, username)): ThreadUserPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    auth.caller.require_app_or_self(&username)?;
    let user = require_user(&state, &auth.context, &username).await?;
    let group = GroupId::parse(&group_id).ok_or_else(|| NatterError::new(ErrorKind::ThreadGroupNotFound))?;
    Ok(threads_page(&state, &auth, Some(&user), Some(group), &pairs).await?)
}

/// The SDK's `getChatThreads`: a group's threads; user tokens must be members of the group.
async fn group_threads(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, group_id)): ThreadPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let group = GroupId::parse(&group_id).ok_or_else(|| NatterError::new(ErrorKind::ThreadGroupNotFound))?;
    if state
        .store
        .group(auth.context.app.id, group)
        .await
        .map_err(store_error)?
        .is_none()
    {
        return Err(NatterError::new(ErrorKind::ThreadGroupNotFound).into());
    }
    if let Caller::User(user) = &auth.caller
        && role_in(&state, &auth.context, group, user).await?.is_none()
    {
        return Err(NatterError::new(ErrorKind::ThreadOwnerNotInGroup).into());
    }
    Ok(threads_page(&state, &auth, None, Some(group), &pairs).await?)
}

/// T7: `data.affiliations`, oldest member first.
async fn list_members(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id)): ThreadPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let (page, sent) = page(&pairs)?;
    let thread = load_thread(&state, &auth, &thread_id).await?;
    let members = state
        .store
        .thread_members(auth.context.app.id, thread.thread_id, page.after, page.limit)
        .await
        .map_err(store_error)?
        .ok_or_else(|| not_found(&auth.caller))?;
    let last = members.last().map(|(position, _)| *position);
    let names: Vec<&str> = members.iter().map(|(_, name)| name.as_str()).collect();
    Ok(envelope(&auth.context, "get")
        .data(json!({ "affiliations": names }))
        .set("properties", properties(last, sent)))
}

/// T8. App tokens only: users join for themselves through `…/user/{me}/join`.
async fn add_members(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id)): ThreadPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    auth.caller.require_app()?;
    let names = usernames(&body)?;
    let thread = load_thread(&state, &auth, &thread_id).await?;
    let users = require_members(&state, &auth.context, &thread, &names).await?;
    join(&state, &auth, &thread, &users).await?;
    Ok(envelope(&auth.context, "post").data(json!({ "status": "ok" })))
}

/// T9: per-user results in `entities`; `result` is whether the user was a member.
async fn remove_members(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id)): ThreadPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    auth.caller.require_app()?;
    let names = usernames(&body)?;
    let thread = load_thread(&state, &auth, &thread_id).await?;
    let entities = leave(&state, &auth, &thread, &names).await?;
    Ok(envelope(&auth.context, "delete").entities(entities))
}

/// Removes `names` (unknown users just get `result: false`).
async fn leave(
    state: &AppState,
    auth: &Authenticated,
    thread: &Thread,
    names: &[String],
) -> Result<Vec<Value>, NatterError> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        ids.push(find_user(state, &auth.context, name).await?.map(|user| user.id));
    }
    let known: Vec<i64> = ids.iter().flatten().copied().collect();
    let mut left = state
        .store
        .leave_thread(auth.context.app.id, thread.thread_id, &known)
        .await
        .map_err(store_error)?
        .ok_or_else(|| not_found(&auth.caller))?
        .into_iter();
    Ok(names
        .iter()
        .zip(ids)
        .map(|(name, id)| {
            let result = id.is_some() && left.next().unwrap_or(false);
            json!({ "result": result, "user": name })
        })
        .collect())
}

/// The SDK's `removeChatThreadMember`: the thread's owner or a group owner/admin removes one user.
async fn remove_member(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id, username)): ThreadUserPath,
) -> Result<Envelope, EasemobError> {
    let thread = load_thread(&state, &auth, &thread_id).await?;
    require_manager(&state, &auth, &thread).await?;
    let entities = leave(&state, &auth, &thread, &[username]).await?;
    Ok(envelope(&auth.context, "delete").entities(entities))
}

/// The SDK's `joinChatThread`: `data.detail` is the thread.
async fn join_self(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id, username)): ThreadUserPath,
) -> Result<Envelope, EasemobError> {
    auth.caller.require_app_or_self(&username)?;
    let thread = load_thread(&state, &auth, &thread_id).await?;
    let users = require_members(&state, &auth.context, &thread, &[username]).await?;
    join(&state, &auth, &thread, &users).await?;
    let thread = load_thread(&state, &auth, &thread_id).await?;
    Ok(envelope(&auth.context, "post").data(json!({ "detail": thread_detail_value(&thread) })))
}

/// The SDK's `leaveChatThread`.
async fn quit_self(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((_, _, thread_id, username)): ThreadUserPath,
) -> Result<Envelope, EasemobError> {
    auth.caller.require_app_or_self(&username)?;
    let thread = load_thread(&state, &auth, &thread_id).await?;
    let entities = leave(&state, &auth, &thread, &[username]).await?;
    let result = entities
        .first()
        .and_then(|entity| entity["result"].as_bool())
        .unwrap_or(false);
    Ok(envelope(&auth.context, "delete").data(json!({ "result": result })))
}
