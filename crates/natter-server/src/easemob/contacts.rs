//! User relationships (§4): contacts (好友) and blocklists (黑名单). The server-side API (app token), and
//! the calls the official SDKs make with a user token (SDK-REST §3.3): contact requests, accept and
//! decline, the remark and paged list under `/users/…`, and `/sdk/user/{me}/blocks`.
//!
//! Contacts are mutual, as the vendor's server-side add is ("the add is two-way"): once two users are
//! contacts, each is in the other's list, with a remark of its own. A blocklist is one-way, and blocking a
//! contact keeps the contact.
//!
//! Who may call: an app token everything; a user token only the paths the SDK calls, and there only for its
//! own user (`{username}` in the path is the token's user).

use super::auth::Authenticated;
use super::envelope::{Envelope, decode_cursor, encode_cursor, user_entity};
use super::users::find_user;
use super::{AppContext, EasemobError, EasemobJson};
use crate::AppState;
use crate::store_error;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, post, put};
use natter_codes::{ErrorKind, NatterError};
use natter_core::{User, UserName};
use natter_store::ContactAdd;
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// The most contacts one user may have: the vendor's free plan (§4, §10). One limit for every app.
pub(crate) const MAX_CONTACTS_PER_USER: u32 = 100;
/// The most users on one user's blocklist.
pub(crate) const MAX_BLOCKED_PER_USER: u32 = 500;
/// The longest contact remark, in characters.
const MAX_REMARK_CHARS: usize = 100;
/// Page size of the paged contact list: default and maximum.
const DEFAULT_CONTACT_PAGE: u32 = 10;
const MAX_CONTACT_PAGE: u32 = 50;
/// The most users one import may name.
const MAX_IMPORT: usize = 10;
/// The most users one contact or blocklist check may name.
const MAX_CHECK_LIST: usize = 100;
/// The largest blocklist page.
const MAX_BLOCK_PAGE: u32 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        // Server-side (§4.1, §4.2) and the SDK's remark (PUT, plural `/users/`).
        .route(
            "/{org}/{app}/users/{username}/contacts/users/{friend}",
            post(add_contact).delete(remove_contact).put(set_remark_sdk),
        )
        .route("/{org}/{app}/users/{username}/contacts/users", get(all_contacts))
        .route("/{org}/{app}/users/{username}/contacts", get(paged_contacts_sdk))
        .route("/{org}/{app}/user/{username}/contacts", get(paged_contacts))
        .route(
            "/{org}/{app}/user/{username}/contacts/users/{friend}",
            put(set_remark),
        )
        .route("/{org}/{app}/contacts/check", post(check_contacts))
        .route(
            "/{org}/{app}/contacts/users/{username}",
            delete(remove_all_contacts),
        )
        .route(
            "/{org}/{app}/users/{username}/contacts/import",
            post(import_contacts),
        )
        .route("/{org}/{app}/users/{username}/contacts/apply", post(apply))
        .route(
            "/{org}/{app}/users/{username}/contacts/accept/users/{from}",
            post(accept),
        )
        .route(
            "/{org}/{app}/users/{username}/contacts/decline/users/{from}",
            post(decline),
        )
        .route(
            "/{org}/{app}/users/{username}/blocks/users",
            post(block_users).get(list_blocked),
        )
        .route(
            "/{org}/{app}/users/{username}/blocks/users/{blocked}",
            delete(unblock_user),
        )
        .route("/{org}/{app}/blocks/check", post(check_blocked))
        .route(
            "/{org}/{app}/sdk/user/{username}/blocks",
            post(block_users_sdk).delete(unblock_users_sdk),
        )
}

type UserPath = Path<(String, String, String)>;
type PairPath = Path<(String, String, String, String)>;
/// Query strings as pairs: the SDK appends `resource`, `_v` and literal `undefined`s, and a struct
/// extractor would answer a repeated key with a plain-text rejection.
type Pairs = Query<Vec<(String, String)>>;

/// The user named in a path: the documented 404 if there is none.
async fn require_user(state: &AppState, context: &AppContext, username: &str) -> Result<User, NatterError> {
    find_user(state, context, username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound).with_detail(format!("no user {username}")))
}

fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
        // The SDK concatenates unset options as the literal strings `undefined` and `null`.
        .filter(|value| !value.is_empty() && *value != "undefined" && *value != "null")
}

fn query_flag(pairs: &[(String, String)], key: &str) -> bool {
    query_value(pairs, key).is_some_and(|value| value.eq_ignore_ascii_case("true"))
}

fn cursor_param(pairs: &[(String, String)]) -> Result<Option<i64>, NatterError> {
    query_value(pairs, "cursor").map(decode_cursor).transpose()
}

fn invalid_request() -> NatterError {
    NatterError::invalid_parameter("this is an invalid request.")
}

/// `{"usernames": [String, …]}`, non-empty, in the order given without repeats.
fn usernames_field(body: &Value) -> Result<Vec<String>, NatterError> {
    let list = body
        .get("usernames")
        .and_then(Value::as_array)
        .ok_or_else(invalid_request)?;
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(list.len());
    for item in list {
        let name = item.as_str().ok_or_else(invalid_request)?;
        if seen.insert(name.to_ascii_lowercase()) {
            names.push(name.to_string());
        }
    }
    if names.is_empty() {
        return Err(invalid_request());
    }
    Ok(names)
}

/// The envelope `path` the vendor reports for a user's relationship resource (`/users/{uuid}/contacts`).
fn owner_path(owner: &User, resource: &str) -> Value {
    json!(format!("/users/{}/{resource}", owner.uuid))
}

/// The `contacts` limit's outcome as the documented refusal of a direct add (§4.1).
fn direct_add_result(outcome: ContactAdd, owner: &User, friend: &User) -> Result<(), NatterError> {
    match outcome {
        ContactAdd::Added | ContactAdd::AlreadyContacts => Ok(()),
        ContactAdd::OwnerFull | ContactAdd::FriendFull => {
            Err(NatterError::new(ErrorKind::ContactLimitExceeded)
                .with_detail(format!("{} + {}: {outcome:?}", owner.username, friend.username)))
        }
    }
}

/// `POST /users/{owner}/contacts/users/{friend}` (§4.1): makes the two users contacts of each other.
async fn add_contact(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner, friend)): PairPath,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let owner = require_user(&state, context, &owner).await?;
    let friend = require_user(&state, context, &friend).await?;
    if owner.id == friend.id {
        return Err(invalid_request()
            .with_detail("a user cannot be its own contact")
            .into());
    }
    let outcome = state
        .store
        .add_contact(owner.id, friend.id, MAX_CONTACTS_PER_USER, crate::now_ms())
        .await
        .map_err(store_error)?;
    direct_add_result(outcome, &owner, &friend)?;
    // msync hook: tell both users' devices (ROSTER notice: added) once the gateway exists.
    tracing::info!(app = %context.app.key, owner = %owner.username, friend = %friend.username, ?outcome, "added contact");
    Ok(Envelope::new(context, "post")
        .set("path", owner_path(&owner, "contacts"))
        .entities(vec![user_entity(&friend)]))
}

/// `DELETE /users/{owner}/contacts/users/{friend}` (§4.2; the SDK's `deleteContact`): removes the contact
/// on both sides. Removing a user who is not a contact succeeds and changes nothing.
async fn remove_contact(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner, friend)): PairPath,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&owner)?;
    let context = &authenticated.context;
    let owner = require_user(&state, context, &owner).await?;
    let friend = require_user(&state, context, &friend).await?;
    let removed = state
        .store
        .remove_contact(owner.id, friend.id)
        .await
        .map_err(store_error)?;
    // msync hook: tell both users' devices (ROSTER notice: removed) once the gateway exists.
    tracing::info!(app = %context.app.key, owner = %owner.username, friend = %friend.username, removed, "removed contact");
    Ok(Envelope::new(context, "delete")
        .set("path", owner_path(&owner, "contacts"))
        .entities(vec![user_entity(&friend)]))
}

/// The `check_list` of a check body: 1..=100 strings.
fn check_body(body: &Value) -> Result<(String, Vec<String>), NatterError> {
    let username = body
        .get("username")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| NatterError::new(ErrorKind::RelationCheckUsernameBlank))?;
    let list = body
        .get("check_list")
        .and_then(Value::as_array)
        .filter(|list| (1..=MAX_CHECK_LIST).contains(&list.len()))
        .ok_or_else(|| NatterError::new(ErrorKind::RelationCheckListSize))?;
    let names = list
        .iter()
        .map(|item| item.as_str().map(str::to_string).ok_or_else(invalid_request))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((username.to_string(), names))
}

/// The subject of a check, if it exists: a banned user is refused (§4.3 "app or user banned").
async fn check_subject(
    state: &AppState,
    context: &AppContext,
    username: &str,
) -> Result<Option<User>, NatterError> {
    let user = find_user(state, context, username).await?;
    if let Some(user) = &user
        && !user.activated
    {
        return Err(NatterError::new(ErrorKind::ContactOperationNotAllowed)
            .with_detail(format!("user {} is banned", user.username)));
    }
    Ok(user)
}

/// One `{username, relation}` entity per checked name, in the order asked.
fn relations(names: &[String], related: &HashSet<UserName>, yes: &str, no: &str) -> Vec<Value> {
    names
        .iter()
        .map(|name| {
            let normalized = UserName::lookup(name);
            let relation = if normalized.as_ref().is_some_and(|name| related.contains(name)) {
                yes
            } else {
                no
            };
            let shown = normalized.map_or_else(|| name.clone(), |name| name.as_str().to_string());
            json!({"username": shown, "relation": relation})
        })
        .collect()
}

/// `POST /contacts/check` (§4.3): which of `check_list` are contacts of `username`. A user that does not
/// exist has no contacts: every entry is `not_friend`.
async fn check_contacts(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let (username, names) = check_body(&body)?;
    let contacts: HashSet<UserName> = match check_subject(&state, context, &username).await? {
        Some(user) => state
            .store
            .list_contacts(user.id, None, u32::MAX)
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|contact| contact.username)
            .collect(),
        None => HashSet::new(),
    };
    Ok(Envelope::new(context, "post")
        .set("path", json!("/contacts/check"))
        .entities(relations(&names, &contacts, "friend", "not_friend")))
}

/// `DELETE /contacts/users/{username}` (§4.4): removes every contact of the user, on both sides, with
/// the remarks. The blocklist is kept.
async fn remove_all_contacts(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): UserPath,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let user = check_subject(&state, context, &username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound))?;
    let removed = state
        .store
        .remove_all_contacts(user.id)
        .await
        .map_err(store_error)?;
    // msync hook: tell the user's and each former contact's devices once the gateway exists.
    tracing::info!(app = %context.app.key, user = %user.username, removed, "removed all contacts");
    Ok(Envelope::new(context, "delete")
        .set("path", json!(format!("/contacts/users/{}", user.username)))
        .entities(Vec::new()))
}

/// Sets the owner's remark on a contact: `{"remark": String}`, at most 100 characters; `""` clears it.
async fn update_remark(
    state: &AppState,
    context: &AppContext,
    owner: &str,
    friend: &str,
    body: &Value,
) -> Result<Envelope, NatterError> {
    let remark = body
        .get("remark")
        .and_then(Value::as_str)
        .ok_or_else(invalid_request)?;
    if remark.chars().count() > MAX_REMARK_CHARS {
        return Err(NatterError::new(ErrorKind::ContactRemarkTooLong));
    }
    let owner = require_user(state, context, owner).await?;
    let friend = require_user(state, context, friend).await?;
    let remark = Some(remark).filter(|remark| !remark.is_empty());
    let updated = state
        .store
        .set_contact_remark(owner.id, friend.id, remark)
        .await
        .map_err(store_error)?;
    if !updated {
        return Err(
            NatterError::new(ErrorKind::ContactRemarkNotFriends).with_detail(format!(
                "{} and {} are not contacts",
                owner.username, friend.username
            )),
        );
    }
    // msync hook: sync the remark to the owner's other devices once the gateway exists.
    Ok(Envelope::bare(context, "put")
        .set("status", json!("ok"))
        .set("uri", json!(context.uri)))
}

/// `PUT /user/{owner}/contacts/users/{friend}` (§4.5, singular `/user/`).
async fn set_remark(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner, friend)): PairPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    Ok(update_remark(&state, &authenticated.context, &owner, &friend, &body).await?)
}

/// `PUT /users/{me}/contacts/users/{peer}?resource=` (the SDK's `setContactRemark`).
async fn set_remark_sdk(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner, friend)): PairPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&owner)?;
    Ok(update_remark(&state, &authenticated.context, &owner, &friend, &body).await?)
}

/// The paged list's `limit`: absent → 10, above 50 → the documented 400, not a positive number → 400.
fn contact_page_limit(pairs: &[(String, String)]) -> Result<u32, NatterError> {
    // Decision (reference §13.20): the endpoint page names it `limit`, the [v2] overview `pageSize`;
    // both are read, `limit` first.
    let Some(text) = query_value(pairs, "limit").or_else(|| query_value(pairs, "pageSize")) else {
        return Ok(DEFAULT_CONTACT_PAGE);
    };
    match text.trim().parse::<i64>() {
        Ok(limit) if limit > i64::from(MAX_CONTACT_PAGE) => {
            Err(NatterError::new(ErrorKind::ContactPageTooLarge))
        }
        Ok(limit) if limit >= 1 => Ok(u32::try_from(limit).unwrap_or(DEFAULT_CONTACT_PAGE)),
        _ => Err(invalid_request().with_detail(format!("contact page limit {text:?}"))),
    }
}

fn contact_item(contact: &natter_store::Contact, with_remark: bool) -> Value {
    let mut item = Map::new();
    if with_remark {
        item.insert("remark".into(), json!(contact.remark));
    }
    item.insert("username".into(), json!(contact.username.as_str()));
    Value::Object(item)
}

/// The paged contact list, newest first. `data.cursor` is there when a next page is: the SDK reads it
/// (`getContactsWithCursor`), though the server docs do not show it (§4.6).
async fn contact_page(
    state: &AppState,
    context: &AppContext,
    username: &str,
    pairs: &[(String, String)],
) -> Result<Envelope, NatterError> {
    let limit = contact_page_limit(pairs)?;
    let before = cursor_param(pairs)?;
    let with_remark = query_flag(pairs, "needReturnRemark");
    let user = require_user(state, context, username).await?;
    let mut contacts = state
        .store
        .list_contacts(user.id, before, limit + 1)
        .await
        .map_err(store_error)?;
    let has_more = contacts.len() > limit as usize;
    contacts.truncate(limit as usize);
    let mut data = Map::new();
    data.insert(
        "contacts".into(),
        Value::Array(
            contacts
                .iter()
                .map(|contact| contact_item(contact, with_remark))
                .collect(),
        ),
    );
    if let (true, Some(last)) = (has_more, contacts.last()) {
        data.insert("cursor".into(), json!(encode_cursor(last.id)));
    }
    Ok(Envelope::bare(context, "get")
        .set("uri", json!(context.uri))
        .entities(Vec::new())
        .count(contacts.len())
        .data(Value::Object(data)))
}

/// `GET /user/{username}/contacts?limit&cursor&needReturnRemark` (§4.6, singular `/user/`).
async fn paged_contacts(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): UserPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    Ok(contact_page(&state, &authenticated.context, &username, &pairs).await?)
}

/// `GET /users/{me}/contacts?needReturnRemark=true&limit=&cursor=` (the SDK's `getContactsWithCursor`).
async fn paged_contacts_sdk(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): UserPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    Ok(contact_page(&state, &authenticated.context, &username, &pairs).await?)
}

/// `GET /users/{owner}/contacts/users` (§4.7; the SDK's `getContacts`): every contact, newest first, as
/// `data: [names]`. With `needReturnRemark=true` (the SDK's `getAllContacts`) `entities` lists
/// `{username, remark}` too.
async fn all_contacts(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): UserPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let user = require_user(&state, context, &username).await?;
    let contacts = state
        .store
        .list_contacts(user.id, None, u32::MAX)
        .await
        .map_err(store_error)?;
    let entities = if query_flag(&pairs, "needReturnRemark") {
        contacts
            .iter()
            .map(|contact| contact_item(contact, true))
            .collect()
    } else {
        Vec::new()
    };
    let names: Vec<&str> = contacts.iter().map(|contact| contact.username.as_str()).collect();
    Ok(Envelope::bare(context, "get")
        .set("uri", json!(context.uri))
        .entities(entities)
        .data(json!(names))
        .count(contacts.len()))
}

/// `POST /users/{username}/contacts/import?isSendNotice=` (§4.8): adds up to 10 contacts at once. Each
/// name lands in one list: `success` (a contact now, or already), `NotExistFailed` (no such user),
/// `maxLimitFailed` (either side is full) or `UnKnowFailed` (the user itself).
async fn import_contacts(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): UserPath,
    Query(pairs): Pairs,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let names = usernames_field(&body)?;
    if names.len() > MAX_IMPORT {
        return Err(NatterError::new(ErrorKind::ContactImportTooMany).into());
    }
    let owner = require_user(&state, context, &username).await?;
    let count = state.store.count_contacts(owner.id).await.map_err(store_error)?;
    if count >= u64::from(MAX_CONTACTS_PER_USER) {
        return Err(NatterError::new(ErrorKind::ContactInviterFull)
            .with_detail(format!("{} has {count} contacts", owner.username))
            .into());
    }
    // msync hook: with isSendNotice=true, tell both sides' devices of each new contact once the gateway
    // exists. Until then the flag is read and has no effect.
    let _send_notice = query_flag(&pairs, "isSendNotice");
    let now = crate::now_ms();
    let (mut success, mut not_exist, mut max_limit, mut unknown) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for name in names {
        let Some(friend) = find_user(&state, context, &name).await? else {
            not_exist.push(name);
            continue;
        };
        let shown = friend.username.as_str().to_string();
        if friend.id == owner.id {
            unknown.push(shown);
            continue;
        }
        match state
            .store
            .add_contact(owner.id, friend.id, MAX_CONTACTS_PER_USER, now)
            .await
            .map_err(store_error)?
        {
            ContactAdd::Added | ContactAdd::AlreadyContacts => success.push(shown),
            ContactAdd::OwnerFull | ContactAdd::FriendFull => max_limit.push(shown),
        }
    }
    tracing::info!(app = %context.app.key, owner = %owner.username, imported = success.len(), "imported contacts");
    Ok(Envelope::bare(context, "post")
        .set("status", json!("ok"))
        .data(json!({
            "UnKnowFailed": unknown,
            "success": success,
            "NotExistFailed": not_exist,
            "maxLimitFailed": max_limit,
        })))
}

/// `POST /users/{me}/contacts/apply?resource=` (the SDK's `addContact`): `{"usernames": [...], "reason"}`.
/// Stores a pending request to each user; a request to someone already a contact is a no-op. Refused,
/// with nothing stored, if a target blocks the requester or either side is full.
async fn apply(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): UserPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let names = usernames_field(&body)?;
    let reason = match body.get("reason") {
        None | Some(Value::Null) => None,
        Some(Value::String(reason)) => Some(reason.as_str()).filter(|reason| !reason.is_empty()),
        Some(_) => return Err(invalid_request().with_detail("reason must be a string").into()),
    };
    let me = require_user(&state, context, &username).await?;
    let mine: HashSet<UserName> = state
        .store
        .list_contacts(me.id, None, u32::MAX)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|contact| contact.username)
        .collect();
    let mut targets = Vec::with_capacity(names.len());
    for name in &names {
        let target = require_user(&state, context, name).await?;
        if target.id == me.id {
            return Err(invalid_request()
                .with_detail("a contact request to oneself")
                .into());
        }
        if mine.contains(&target.username) {
            continue;
        }
        // Blocked users cannot send friend requests (§4.9).
        if state
            .store
            .is_blocked(target.id, me.id)
            .await
            .map_err(store_error)?
        {
            return Err(NatterError::new(ErrorKind::ContactOperationNotAllowed)
                .with_detail(format!("{} blocks {}", target.username, me.username))
                .into());
        }
        if mine.len() >= MAX_CONTACTS_PER_USER as usize {
            return Err(NatterError::new(ErrorKind::ContactInviterFull).into());
        }
        let theirs = state.store.count_contacts(target.id).await.map_err(store_error)?;
        if theirs >= u64::from(MAX_CONTACTS_PER_USER) {
            return Err(NatterError::new(ErrorKind::ContactInviteeFull)
                .with_detail(format!("{} has {theirs} contacts", target.username))
                .into());
        }
        targets.push(target);
    }
    let now = crate::now_ms();
    for target in &targets {
        state
            .store
            .request_contact(me.id, target.id, reason, now)
            .await
            .map_err(store_error)?;
        // msync hook: deliver the ROSTER invite (onContactInvited, with the reason) to the target's devices.
    }
    tracing::info!(app = %context.app.key, from = %me.username, requests = targets.len(), "contact requests");
    Ok(Envelope::new(context, "post")
        .set("path", owner_path(&me, "contacts/apply"))
        .entities(Vec::new())
        .data(json!(
            targets
                .iter()
                .map(|user| user.username.as_str())
                .collect::<Vec<_>>()
        )))
}

/// `POST /users/{me}/contacts/accept/users/{from}?resource=` (the SDK's `acceptContactInvite`): both
/// become contacts. Without a pending request from `from` it is refused.
async fn accept(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username, from)): PairPath,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let me = require_user(&state, context, &username).await?;
    let from = require_user(&state, context, &from).await?;
    let outcome = state
        .store
        .accept_contact_request(from.id, me.id, MAX_CONTACTS_PER_USER, crate::now_ms())
        .await
        .map_err(store_error)?;
    match outcome {
        None => {
            return Err(NatterError::new(ErrorKind::ContactOperationNotAllowed)
                .with_detail(format!(
                    "no contact request from {} to {}",
                    from.username, me.username
                ))
                .into());
        }
        Some(ContactAdd::OwnerFull) => return Err(NatterError::new(ErrorKind::ContactInviterFull).into()),
        Some(ContactAdd::FriendFull) => return Err(NatterError::new(ErrorKind::ContactInviteeFull).into()),
        Some(ContactAdd::Added | ContactAdd::AlreadyContacts) => {}
    }
    // msync hook: tell `from`'s devices (onContactAgreed) and both users' other devices.
    tracing::info!(app = %context.app.key, from = %from.username, to = %me.username, "accepted contact request");
    Ok(Envelope::new(context, "post")
        .set("path", owner_path(&me, "contacts"))
        .entities(vec![user_entity(&from)]))
}

/// `POST /users/{me}/contacts/decline/users/{from}?resource=` (the SDK's `declineContactInvite`): drops
/// the pending request. Without one it is refused, as an accept would be.
async fn decline(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username, from)): PairPath,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let me = require_user(&state, context, &username).await?;
    let from = require_user(&state, context, &from).await?;
    if !state
        .store
        .decline_contact_request(from.id, me.id)
        .await
        .map_err(store_error)?
    {
        return Err(NatterError::new(ErrorKind::ContactOperationNotAllowed)
            .with_detail(format!(
                "no contact request from {} to {}",
                from.username, me.username
            ))
            .into());
    }
    // msync hook: tell `from`'s devices (onContactRefused).
    tracing::info!(app = %context.app.key, from = %from.username, to = %me.username, "declined contact request");
    Ok(Envelope::new(context, "post")
        .set("path", owner_path(&me, "contacts"))
        .entities(vec![user_entity(&from)]))
}

/// The owner and the existing users a blocklist body names; any unknown user is the documented 404.
async fn block_targets(
    state: &AppState,
    context: &AppContext,
    owner: &str,
    body: &Value,
) -> Result<(User, Vec<User>), NatterError> {
    let names = usernames_field(body)?;
    let owner = require_user(state, context, owner).await?;
    let mut targets: Vec<User> = Vec::with_capacity(names.len());
    for name in &names {
        let target = require_user(state, context, name).await?;
        if target.id == owner.id {
            return Err(invalid_request().with_detail("a user cannot block itself"));
        }
        if targets.iter().all(|known| known.id != target.id) {
            targets.push(target);
        }
    }
    Ok((owner, targets))
}

fn ids(users: &[User]) -> Vec<i64> {
    users.iter().map(|user| user.id).collect()
}

fn names_of(users: &[User]) -> Value {
    json!(
        users
            .iter()
            .map(|user| user.username.as_str())
            .collect::<Vec<_>>()
    )
}

/// Adds users to a blocklist; `data` lists them (the SDK returns it as `userIds`).
async fn add_blocks(
    state: &AppState,
    context: &AppContext,
    owner: &str,
    body: &Value,
) -> Result<Envelope, NatterError> {
    let (owner, targets) = block_targets(state, context, owner, body).await?;
    let stored = state
        .store
        .block_users(owner.id, &ids(&targets), MAX_BLOCKED_PER_USER, crate::now_ms())
        .await
        .map_err(store_error)?;
    if !stored {
        return Err(NatterError::new(ErrorKind::BlocklistFull).with_detail(format!(
            "{}'s blocklist would pass {MAX_BLOCKED_PER_USER}",
            owner.username
        )));
    }
    // msync hook: sync the blocklist to the owner's other devices once the gateway exists.
    tracing::info!(app = %context.app.key, owner = %owner.username, count = targets.len(), "blocked users");
    Ok(Envelope::new(context, "post")
        .set("path", owner_path(&owner, "blocks"))
        .entities(Vec::new())
        .data(names_of(&targets)))
}

/// `POST /users/{owner}/blocks/users` (§4.9): `{"usernames": [...]}`.
async fn block_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner)): UserPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    Ok(add_blocks(&state, &authenticated.context, &owner, &body).await?)
}

/// `POST /sdk/user/{me}/blocks?resource=` (the SDK's `addUsersToBlocklist`).
async fn block_users_sdk(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner)): UserPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&owner)?;
    Ok(add_blocks(&state, &authenticated.context, &owner, &body).await?)
}

/// `GET /users/{owner}/blocks/users?pageSize&cursor` (§4.10; the SDK's `getBlocklist`), newest first.
///
/// Without `pageSize` the whole list comes back (it holds at most 500, "the latest 500"). A `pageSize`
/// above 50 is read as 50: the docs give the range but no error for leaving it.
async fn list_blocked(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner)): UserPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&owner)?;
    let context = &authenticated.context;
    let limit = match query_value(&pairs, "pageSize") {
        None => MAX_BLOCKED_PER_USER,
        Some(text) => match text.trim().parse::<i64>() {
            Ok(size) if size >= 1 => {
                u32::try_from(size.min(i64::from(MAX_BLOCK_PAGE))).unwrap_or(MAX_BLOCK_PAGE)
            }
            _ => return Err(invalid_request().with_detail(format!("pageSize {text:?}")).into()),
        },
    };
    let before = cursor_param(&pairs)?;
    let owner = require_user(&state, context, &owner).await?;
    let mut blocked = state
        .store
        .list_blocked(owner.id, before, limit + 1)
        .await
        .map_err(store_error)?;
    let has_more = blocked.len() > limit as usize;
    blocked.truncate(limit as usize);
    let cursor = has_more
        .then(|| blocked.last().map(|user| encode_cursor(user.id)))
        .flatten();
    let names: Vec<&str> = blocked.iter().map(|user| user.username.as_str()).collect();
    Ok(Envelope::bare(context, "get")
        .set("uri", json!(context.uri))
        .entities(Vec::new())
        .cursor(cursor)
        .count(blocked.len())
        .data(json!(names)))
}

/// `DELETE /users/{owner}/blocks/users/{blocked}` (§4.11). Unblocking a user who is not blocked succeeds.
async fn unblock_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner, blocked)): PairPath,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let owner = require_user(&state, context, &owner).await?;
    let blocked = require_user(&state, context, &blocked).await?;
    state
        .store
        .unblock_users(owner.id, &[blocked.id])
        .await
        .map_err(store_error)?;
    // msync hook: sync the blocklist to the owner's other devices once the gateway exists.
    tracing::info!(app = %context.app.key, owner = %owner.username, unblocked = %blocked.username, "unblocked user");
    Ok(Envelope::new(context, "delete")
        .set("path", owner_path(&owner, "blocks"))
        .entities(vec![user_entity(&blocked)]))
}

/// `DELETE /sdk/user/{me}/blocks?resource=` with a JSON body `{"usernames": [...]}` (the SDK's
/// `removeUserFromBlocklist`).
async fn unblock_users_sdk(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, owner)): UserPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&owner)?;
    let context = &authenticated.context;
    let (owner, targets) = block_targets(&state, context, &owner, &body).await?;
    state
        .store
        .unblock_users(owner.id, &ids(&targets))
        .await
        .map_err(store_error)?;
    // msync hook: sync the blocklist to the owner's other devices once the gateway exists.
    tracing::info!(app = %context.app.key, owner = %owner.username, count = targets.len(), "unblocked users");
    Ok(Envelope::new(context, "delete")
        .set("path", owner_path(&owner, "blocks"))
        .entities(targets.iter().map(user_entity).collect())
        .data(names_of(&targets)))
}

/// `POST /blocks/check` (§4.12): which of `check_list` are on `username`'s blocklist.
///
/// Decision (reference §13.23): the documented example echoes `"path":"/contacts/check"`, a copy of §4.3;
/// Natter reports the path that was called, `/blocks/check`.
async fn check_blocked(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let (username, names) = check_body(&body)?;
    let blocked: HashSet<UserName> = match check_subject(&state, context, &username).await? {
        Some(user) => state
            .store
            .list_blocked(user.id, None, u32::MAX)
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|blocked| blocked.username)
            .collect(),
        None => HashSet::new(),
    };
    Ok(Envelope::new(context, "post")
        .set("path", json!("/blocks/check"))
        .entities(relations(&names, &blocked, "blacklist", "not_blacklist")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn contact_page_limits_follow_the_documented_range() {
        assert_eq!(contact_page_limit(&pairs(&[])).ok(), Some(10));
        assert_eq!(contact_page_limit(&pairs(&[("limit", "50")])).ok(), Some(50));
        assert_eq!(contact_page_limit(&pairs(&[("pageSize", "3")])).ok(), Some(3));
        assert_eq!(
            contact_page_limit(&pairs(&[("limit", "51")])).map_err(|error| error.kind),
            Err(ErrorKind::ContactPageTooLarge)
        );
        assert_eq!(
            contact_page_limit(&pairs(&[("limit", "0")])).map_err(|error| error.kind),
            Err(ErrorKind::InvalidParameter)
        );
        assert_eq!(
            contact_page_limit(&pairs(&[("limit", "undefined")])).ok(),
            Some(10),
            "the SDK's unset option"
        );
    }

    #[test]
    fn usernames_bodies_are_deduplicated_and_must_be_strings() {
        assert_eq!(
            usernames_field(&json!({"usernames": ["b", "B", "c"]})).ok(),
            Some(vec!["b".to_string(), "c".to_string()])
        );
        assert!(usernames_field(&json!({"usernames": []})).is_err());
        assert!(usernames_field(&json!({"usernames": [1]})).is_err());
        assert!(usernames_field(&json!({"users": ["b"]})).is_err());
    }
}
