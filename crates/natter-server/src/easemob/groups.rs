//! Groups (群组, groups-chatrooms §2) and group members (§3): create, details, lists, modify, transfer,
//! dissolve, members, admins, and the Web SDK's own calls (SDK-REST §3.6–§3.7: joined groups, public
//! groups, invite, apply, quit and their answers), with the owner / admin / member rules for user tokens.
//!
//! An app token may do everything under its app. A user token acts as one user: the rules of
//! [`natter_core::group::authorize`] decide, and refusals carry the texts that make the Web SDK report
//! its documented codes (602 not a member, 603 permission denied, 605 no group, 606 full, 607 too many).
//! easemob-websdk 4.21.1 appends `version=v3` to most of these calls and then reads other keys
//! (`id`/`name` for `groupid`/`groupname`); each reply that differs says so.

use super::auth::{Authenticated, Caller};
use super::envelope::{Envelope, decode_cursor, encode_cursor};
use super::users::find_user;
use super::{AppContext, EasemobError, EasemobJson};
use crate::AppState;
use crate::store_error;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::group::{
    self, GroupOperation, MAX_BATCH_ADD, MAX_BATCH_REMOVE, MAX_DETAILS_IDS, MAX_DETAILS_MEMBERS,
};
use natter_core::{Group, GroupId, GroupLimits, GroupMember, GroupRole, User, UserName};
use natter_store::{
    GroupCreate, GroupRequestKind, GroupStore, GroupUpdate, GroupUpdateOutcome, MembersAdd, NewGroup,
    RoleChange,
};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};

pub(super) type GroupPath = Path<(String, String, String)>;
pub(super) type GroupUserPath = Path<(String, String, String, String)>;
/// Query strings as pairs: the SDK appends `resource`, `version`, `_v` and literal `undefined`s.
pub(super) type Pairs = Query<Vec<(String, String)>>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/chatgroups", post(create_group).get(list_groups))
        .route("/{org}/{app}/publicchatgroups", get(list_public_groups))
        .route(
            "/{org}/{app}/chatgroups/{group_id}",
            get(group_details).put(modify_group).delete(destroy_group),
        )
        .route("/{org}/{app}/chatgroups/user/{username}", get(user_groups))
        .route(
            "/{org}/{app}/chatgroups/user/{username}/joined_count",
            get(joined_count),
        )
        .route(
            "/{org}/{app}/users/{username}/joined_chatgroups",
            get(joined_chatgroups),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/user/{username}/is_joined",
            get(is_joined).post(is_joined),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/users",
            get(list_members).post(add_members),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/users/{username}",
            post(add_member).delete(remove_members),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/admin",
            get(list_admins).post(add_admin),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/admin/{username}",
            delete(remove_admin),
        )
        .route("/{org}/{app}/chatgroups/{group_id}/quit", delete(quit_group))
        .route("/{org}/{app}/chatgroups/{group_id}/invite", post(invite))
        .route(
            "/{org}/{app}/chatgroups/{group_id}/invite_verify",
            post(answer_invitation),
        )
        .route("/{org}/{app}/chatgroups/{group_id}/apply", post(apply))
        .route(
            "/{org}/{app}/chatgroups/{group_id}/apply_verify",
            post(answer_application),
        )
}

// ---- Query strings

/// The first value of `key`; the SDK's literal `undefined` and `null` and empty values count as absent.
fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.is_empty() && *value != "undefined" && *value != "null")
}

fn query_flag(pairs: &[(String, String)], key: &str) -> bool {
    query_value(pairs, key).is_some_and(|value| value.eq_ignore_ascii_case("true"))
}

/// easemob-websdk 4.21.1 asks for the v3 reply shapes with `version=v3` (SDK-REST §0 item 5).
pub(super) fn wants_v3(pairs: &[(String, String)]) -> bool {
    query_value(pairs, "version").is_some_and(|version| version.eq_ignore_ascii_case("v3"))
}

/// `params`: the echo of the query, each value an array of strings (§0.3); absent without a query.
pub(super) fn with_params(envelope: Envelope, pairs: &[(String, String)]) -> Envelope {
    let mut params = Map::new();
    for (name, value) in pairs {
        params.entry(name.clone()).or_insert_with(|| json!([value]));
    }
    if params.is_empty() {
        envelope
    } else {
        envelope.set("params", Value::Object(params))
    }
}

/// A paging number: absent → `default`; above `max` → `max` (as documented for every page size);
/// below `min` or not a number → 400.
pub(super) fn page_number(
    pairs: &[(String, String)],
    key: &str,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, NatterError> {
    match query_value(pairs, key) {
        None => Ok(default),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(value) if value >= i64::from(min) => {
                Ok(u32::try_from(value.min(i64::from(max))).unwrap_or(max))
            }
            _ => Err(NatterError::invalid_parameter(format!(
                "{key} must be a number of at least {min}"
            ))),
        },
    }
}

// ---- Lookups and permissions

pub(super) fn not_found(text: &str) -> NatterError {
    NatterError::new(ErrorKind::GroupNotFound).with_param(text)
}

/// The group a path names, or the documented 404 (`grpID XX does not exist!`).
pub(super) async fn load_group(
    state: &AppState,
    context: &AppContext,
    text: &str,
) -> Result<Group, NatterError> {
    let id = GroupId::parse(text).ok_or_else(|| not_found(text))?;
    state
        .store
        .group(context.app.id, id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| not_found(text))
}

/// The user a path or body names, or the group dialect's 404 (`username XX doesn't exist!`).
async fn require_user(state: &AppState, context: &AppContext, username: &str) -> Result<User, NatterError> {
    find_user(state, context, username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::GroupUserNotFound).with_param(username))
}

/// The users of `names`, in order; the first one missing is the documented 404.
async fn require_users(
    state: &AppState,
    context: &AppContext,
    names: &[String],
) -> Result<Vec<User>, NatterError> {
    let mut users = Vec::with_capacity(names.len());
    for name in names {
        users.push(require_user(state, context, name).await?);
    }
    Ok(users)
}

async fn role_of(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    user_id: i64,
) -> Result<Option<GroupRole>, NatterError> {
    state
        .store
        .member_role(context.app.id, group.id, user_id)
        .await
        .map_err(store_error)
}

/// App tokens may do everything; a user token what its role in `group` allows.
async fn authorize(
    state: &AppState,
    context: &AppContext,
    caller: &Caller,
    group: &Group,
    operation: GroupOperation,
) -> Result<(), NatterError> {
    match caller {
        Caller::App => Ok(()),
        Caller::User(user) => {
            let role = role_of(state, context, group, user.id).await?;
            group::authorize(role, operation, group, &user.username)
        }
    }
}

/// The user a user token acts for; the calls that act for "me" (quit, apply) have no meaning for an
/// app token.
fn acting_user(caller: &Caller) -> Result<&User, NatterError> {
    match caller {
        Caller::User(user) => Ok(user),
        Caller::App => {
            Err(NatterError::new(ErrorKind::GroupPermissionDenied).with_detail("a user token is required"))
        }
    }
}

// ---- Bodies

pub(super) fn body_object(body: &Value) -> Result<&Map<String, Value>, NatterError> {
    body.as_object()
        .ok_or_else(|| NatterError::invalid_parameter("this is an invalid request."))
}

/// An optional string field; `null` counts as absent.
fn string_field<'a>(body: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, NatterError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(NatterError::invalid_parameter(format!("{key} must be a string"))),
    }
}

/// An optional boolean field; the strings `true`/`false` are read too (form-minded clients send them).
fn bool_field(body: &Map<String, Value>, key: &str) -> Result<Option<bool>, NatterError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(Value::String(text)) if text.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(text)) if text.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(NatterError::invalid_parameter(format!("{key} must be a boolean"))),
    }
}

/// An optional integer field, as a number or a numeric string.
pub(super) fn integer_field(body: &Map<String, Value>, key: &str) -> Result<Option<i64>, NatterError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => number
            .as_i64()
            .map(Some)
            .ok_or_else(|| NatterError::invalid_parameter(format!("{key} must be an integer"))),
        Some(Value::String(text)) => text
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| NatterError::invalid_parameter(format!("{key} must be an integer"))),
        Some(_) => Err(NatterError::invalid_parameter(format!(
            "{key} must be an integer"
        ))),
    }
}

/// A required array of user IDs (`usernames`), in order, without repeats (case-insensitively).
pub(super) fn names_field(body: &Map<String, Value>, key: &str) -> Result<Vec<String>, NatterError> {
    let missing = || NatterError::new(ErrorKind::GroupFieldMissing).with_param(key);
    let list = body.get(key).and_then(Value::as_array).ok_or_else(missing)?;
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(list.len());
    for item in list {
        let name = item
            .as_str()
            .ok_or_else(|| NatterError::invalid_parameter(format!("{key} must be strings")))?;
        if seen.insert(name.to_ascii_lowercase()) {
            names.push(name.to_string());
        }
    }
    if names.is_empty() {
        return Err(missing());
    }
    Ok(names)
}

/// A required user ID field (`newadmin`, `applicant`, `invitee`).
fn name_field(body: &Map<String, Value>, key: &str) -> Result<String, NatterError> {
    match string_field(body, key)? {
        Some(name) if !name.is_empty() => Ok(name.to_string()),
        _ => Err(NatterError::new(ErrorKind::GroupFieldMissing).with_param(key)),
    }
}

// ---- Reply shapes

/// The owner as the list of all groups shows it: `{org}#{app}_{user}` (G5).
fn qualified(context: &AppContext, username: &UserName) -> String {
    format!("{}_{username}", context.app.key)
}

/// A group's details (G8).
fn detail_item(group: &Group, members: &[GroupMember], joined_time: bool) -> Value {
    let affiliations: Vec<Value> = members
        .iter()
        .map(|member| {
            // Admins appear as `member` (Easemob G8; the SDK's GroupAffiliation has only the two keys).
            let key = if member.role == GroupRole::Owner {
                "owner"
            } else {
                "member"
            };
            let mut item = Map::new();
            item.insert(key.into(), json!(member.username.as_str()));
            if joined_time {
                item.insert("joined_time".into(), json!(member.joined_ms));
            }
            Value::Object(item)
        })
        .collect();
    json!({
        "id": group.id.to_string(),
        "name": group.name,
        "avatar": group.avatar,
        "description": group.description,
        "membersonly": group.members_only,
        "allowinvites": group.allow_invites,
        "invite_need_confirm": group.invite_need_confirm,
        "maxusers": group.max_users,
        "owner": group.owner.as_str(),
        "created": group.created_ms,
        "custom": group.custom,
        "mute": group.mute_all,
        "affiliations_count": group.member_count,
        "disabled": group.disabled,
        "affiliations": affiliations,
        "public": group.public,
    })
}

/// A group as a user's group list shows it (G6 `entities`).
fn joined_entity(group: &Group, role: GroupRole, with_count: bool, with_role: bool) -> Value {
    let mut entity = json!({
        "name": group.name,
        "avatar": group.avatar,
        "owner": group.owner.as_str(),
        "id": group.id.to_string(),
        "groupId": group.id.to_string(),
        "description": group.description,
        "disabled": group.disabled,
        "public": group.public,
        "allowinvites": group.allow_invites,
        "membersonly": group.members_only,
        "maxusers": group.max_users,
        "created": group.created_ms,
    });
    if let Some(object) = entity.as_object_mut() {
        // The SDK's `needAffiliations` / `needRole` (SDK-REST §3.6).
        if with_count {
            object.insert("affiliations_count".into(), json!(group.member_count));
        }
        if with_role {
            object.insert("permission".into(), json!(role.as_str()));
        }
    }
    entity
}

// ---- Groups (§2)

/// `POST /chatgroups` (G1; the SDK's `createGroup`).
///
/// The SDK sends `desc` and `approval` where the docs say `description` and `membersonly`; both are
/// read. A user token creates groups it owns only. Decisions: a custom `groupid` (a feature the vendor
/// activates on request) is not offered, and the field is ignored; members given with a user token
/// to a group whose invitees must confirm (`invite_need_confirm`) are invited, not added, as the SDK's
/// option says; with an app token they are added (server-side creation).
async fn create_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let body = body_object(&body)?;
    let owner_name = match string_field(body, "owner")? {
        Some(owner) if !owner.is_empty() => owner.to_string(),
        _ => {
            return Err(NatterError::new(ErrorKind::GroupFieldMissing)
                .with_param("owner")
                .into());
        }
    };
    let public = match body.get("public") {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::GroupPublicMissing).into()),
        _ => bool_field(body, "public")?.unwrap_or(false),
    };
    if let Caller::User(user) = &caller
        && UserName::lookup(&owner_name).as_ref() != Some(&user.username)
    {
        return Err(NatterError::new(ErrorKind::GroupPermissionDenied)
            .with_detail(format!("{} creating a group for {owner_name}", user.username))
            .into());
    }
    let name = string_field(body, "groupname")?.unwrap_or_default().to_string();
    let description = match string_field(body, "description")? {
        Some(description) => description.to_string(),
        None => string_field(body, "desc")?.unwrap_or_default().to_string(),
    };
    let avatar = string_field(body, "avatar")?.unwrap_or_default().to_string();
    let custom = string_field(body, "custom")?.unwrap_or_default().to_string();
    group::validate_name(&name)?;
    group::validate_description(&description)?;
    group::validate_avatar(&avatar)?;
    group::validate_custom(&custom)?;
    let members_only = match bool_field(body, "membersonly")? {
        Some(flag) => flag,
        None => bool_field(body, "approval")?.unwrap_or(false),
    };
    // On create, `allowinvites` is honoured for private groups only (G1); `membersonly` means something
    // for public groups only.
    let allow_invites = !public && bool_field(body, "allowinvites")?.unwrap_or(false);
    let members_only = public && members_only;
    let invite_need_confirm = bool_field(body, "invite_need_confirm")?.unwrap_or(true);
    let member_names = match body.get("members") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) if items.is_empty() => Vec::new(),
        Some(_) => names_field(body, "members")?,
    };

    let limits = state
        .store
        .group_settings(context.app.id)
        .await
        .map_err(store_error)?;
    let max_users = match integer_field(body, "maxusers")? {
        Some(max_users) => group::validate_max_users(max_users, &limits)?,
        None => limits.default_max_users(),
    };
    let owner = require_user(&state, &context, &owner_name).await?;
    let mut members = Vec::new();
    for user in require_users(&state, &context, &member_names).await? {
        if user.id != owner.id && !members.iter().any(|member: &User| member.id == user.id) {
            members.push(user);
        }
    }
    if members.len() as u64 + 1 > u64::from(max_users) {
        return Err(NatterError::new(ErrorKind::GroupMembersTooMany).into());
    }
    let invite_instead = matches!(caller, Caller::User(_)) && invite_need_confirm;
    let now = crate::now_ms();
    let id = GroupId::new(state.ids.next(now))
        .ok_or_else(|| NatterError::new(ErrorKind::Internal).with_detail("group id out of range"))?;
    let new_group = NewGroup {
        id,
        owner_id: owner.id,
        name,
        description,
        avatar,
        custom,
        public,
        members_only,
        allow_invites,
        invite_need_confirm,
        max_users,
        member_ids: if invite_instead {
            Vec::new()
        } else {
            members.iter().map(|user| user.id).collect()
        },
        created_ms: now,
    };
    let created = match state.store.create_group(context.app.id, new_group, &limits).await {
        Ok(GroupCreate::Created(created)) => created,
        Ok(GroupCreate::AppFull) => {
            return Err(NatterError::new(ErrorKind::GroupAppQuota)
                .with_param(context.app.key.to_string())
                .into());
        }
        Ok(GroupCreate::UserFull(user_id)) => {
            let name = if user_id == owner.id {
                owner.username.clone()
            } else {
                members
                    .iter()
                    .find(|member| member.id == user_id)
                    .map_or_else(|| owner.username.clone(), |member| member.username.clone())
            };
            return Err(NatterError::new(ErrorKind::GroupUserQuota)
                .with_param(name.as_str())
                .into());
        }
        Ok(GroupCreate::TooManyMembers) => {
            return Err(NatterError::new(ErrorKind::GroupMembersTooMany).into());
        }
        Err(error) => return Err(store_error(error).into()),
    };
    if invite_instead {
        for member in &members {
            state
                .store
                .put_group_request(
                    context.app.id,
                    created.id,
                    GroupRequestKind::Invitation,
                    member.id,
                    None,
                    now,
                )
                .await
                .map_err(store_error)?;
        }
    }
    tracing::info!(app = %context.app.key, group = %created.id, owner = %created.owner, "created group");
    Ok(Envelope::new(&context, "post")
        .entities(Vec::new())
        .data(json!({ "groupid": created.id.to_string() })))
}

/// `limit` of the group lists: [1, 1000], default 10 (G5).
fn list_limit(pairs: &[(String, String)]) -> Result<u32, NatterError> {
    page_number(pairs, "limit", 10, 1, 1000)
}

fn list_cursor(pairs: &[(String, String)]) -> Result<Option<GroupId>, NatterError> {
    query_value(pairs, "cursor")
        .map(|cursor| {
            decode_cursor(cursor)
                .ok()
                .and_then(GroupId::from_i64)
                .ok_or_else(|| NatterError::invalid_parameter("cursor is invalid"))
        })
        .transpose()
}

/// A page of groups, newest first, and the cursor of the next page.
async fn group_page(
    state: &AppState,
    context: &AppContext,
    pairs: &[(String, String)],
    public_only: bool,
) -> Result<(Vec<Group>, Option<String>), NatterError> {
    let limit = list_limit(pairs)?;
    let before = list_cursor(pairs)?;
    let mut groups = state
        .store
        .list_groups(context.app.id, before, limit + 1, public_only)
        .await
        .map_err(store_error)?;
    let has_more = groups.len() > limit as usize;
    groups.truncate(limit as usize);
    let cursor = has_more
        .then(|| groups.last().map(|group| encode_cursor(group.id.as_i64())))
        .flatten();
    Ok((groups, cursor))
}

/// `GET /chatgroups?limit&cursor` (G5): every group of the app, newest first. App tokens only.
async fn list_groups(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let (groups, cursor) = group_page(&state, context, &pairs, false).await?;
    let data: Vec<Value> = groups
        .iter()
        .map(|group| {
            json!({
                "owner": qualified(context, &group.owner),
                "groupid": group.id.to_string(),
                "affiliations": group.member_count,
                "type": "group",
                "lastModified": group.modified_ms.to_string(),
                "groupname": group.name,
            })
        })
        .collect();
    Ok(with_params(Envelope::new(context, "get"), &pairs)
        .entities(Vec::new())
        .count(data.len())
        .data(Value::Array(data))
        .cursor(cursor))
}

/// `GET /publicchatgroups?limit&cursor` (the SDK's `getPublicGroups`): public groups, newest first,
/// for any token of the app. `version=v3` gets `id`/`name`, otherwise `groupid`/`groupname`.
async fn list_public_groups(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let context = &authenticated.context;
    let (groups, cursor) = group_page(&state, context, &pairs, true).await?;
    let v3 = wants_v3(&pairs);
    let data: Vec<Value> = groups
        .iter()
        .map(|group| {
            if v3 {
                json!({ "id": group.id.to_string(), "name": group.name })
            } else {
                json!({ "groupid": group.id.to_string(), "groupname": group.name })
            }
        })
        .collect();
    Ok(with_params(Envelope::new(context, "get"), &pairs)
        .entities(Vec::new())
        .count(data.len())
        .data(Value::Array(data))
        .cursor(cursor))
}

/// `GET /chatgroups/{id}[,{id}…]` (G8; the SDK's `getGroupInfo`, which adds `joined_time=true`).
///
/// Decision: the per-item shape of a missing id among several is not documented beyond "group id
/// doesn't exist"; such an id comes back as `{"id": …, "error": "group id doesn't exist"}` in its place.
/// When no id exists the reply is the documented 404. A user token reads public groups and the groups
/// it belongs to.
async fn group_details(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, ids)): GroupPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let requested: Vec<&str> = ids
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .collect();
    if requested.len() > MAX_DETAILS_IDS {
        return Err(NatterError::invalid_parameter(format!(
            "group ids size is more than max limit : {MAX_DETAILS_IDS}"
        ))
        .into());
    }
    let parsed: Vec<GroupId> = requested.iter().filter_map(|id| GroupId::parse(id)).collect();
    let found: HashMap<GroupId, Group> = state
        .store
        .groups(context.app.id, &parsed)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|group| (group.id, group))
        .collect();
    if found.is_empty() {
        return Err(not_found(requested.first().copied().unwrap_or(ids.as_str())).into());
    }
    let joined_time = query_flag(&pairs, "joined_time");
    let mut data = Vec::with_capacity(requested.len());
    for id in &requested {
        let Some(group) = GroupId::parse(id).and_then(|id| found.get(&id)) else {
            data.push(json!({ "id": id, "error": "group id doesn't exist" }));
            continue;
        };
        authorize(&state, &context, &caller, group, GroupOperation::ViewDetails).await?;
        let members = state
            .store
            .list_members(context.app.id, group.id, None, 0, MAX_DETAILS_MEMBERS)
            .await
            .map_err(store_error)?;
        data.push(detail_item(group, &members, joined_time));
    }
    Ok(with_params(Envelope::new(&context, "get"), &pairs)
        .entities(Vec::new())
        .set("properties", json!({}))
        .count(data.len())
        .data(Value::Array(data)))
}

/// The fields `PUT /chatgroups/{id}` may change (G4), besides `newowner` (M9).
const MODIFIABLE: [&str; 9] = [
    "groupname",
    "avatar",
    "description",
    "maxusers",
    "membersonly",
    "allowinvites",
    "invite_need_confirm",
    "custom",
    "public",
];

fn group_update(
    body: &Map<String, Value>,
    limits: &GroupLimits,
) -> Result<(GroupUpdate, Map<String, Value>), NatterError> {
    let mut update = GroupUpdate::default();
    let mut changed = Map::new();
    for key in MODIFIABLE {
        if !body.contains_key(key) || body.get(key) == Some(&Value::Null) {
            continue;
        }
        match key {
            "groupname" => {
                let name = string_field(body, key)?.unwrap_or_default();
                group::validate_name(name)?;
                update.name = Some(name.to_string());
            }
            "description" => {
                let description = string_field(body, key)?.unwrap_or_default();
                group::validate_description(description)?;
                update.description = Some(description.to_string());
            }
            "avatar" => {
                let avatar = string_field(body, key)?.unwrap_or_default();
                group::validate_avatar(avatar)?;
                update.avatar = Some(avatar.to_string());
            }
            "custom" => {
                let custom = string_field(body, key)?.unwrap_or_default();
                group::validate_custom(custom)?;
                update.custom = Some(custom.to_string());
            }
            "maxusers" => {
                let max_users = integer_field(body, key)?.unwrap_or_default();
                update.max_users = Some(group::validate_max_users(max_users, limits)?);
            }
            "membersonly" => update.members_only = bool_field(body, key)?,
            "allowinvites" => update.allow_invites = bool_field(body, key)?,
            "invite_need_confirm" => update.invite_need_confirm = bool_field(body, key)?,
            _ => update.public = bool_field(body, key)?,
        }
        changed.insert(key.to_string(), json!(true));
    }
    Ok((update, changed))
}

/// `PUT /chatgroups/{id}`: modify (G4; the SDK's `modifyGroup`) and, with `newowner`, transfer (M9;
/// `changeGroupOwner`). Fields outside G4's list are refused with `some of [f] are not valid fields`.
/// Owners and admins may modify; only the owner may transfer.
async fn modify_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let body = body_object(&body)?;
    let invalid: Vec<&str> = body
        .keys()
        .map(String::as_str)
        .filter(|key| *key != "newowner" && !MODIFIABLE.contains(key))
        .collect();
    if !invalid.is_empty() {
        return Err(NatterError::new(ErrorKind::GroupFieldInvalid)
            .with_param(invalid.join(", "))
            .into());
    }
    let group = load_group(&state, &context, &group_id).await?;
    let limits = state
        .store
        .group_settings(context.app.id)
        .await
        .map_err(store_error)?;
    let (update, mut changed) = group_update(body, &limits)?;
    let new_owner = match body.get("newowner") {
        None | Some(Value::Null) => None,
        Some(_) => Some(name_field(body, "newowner")?),
    };
    if !changed.is_empty() {
        authorize(&state, &context, &caller, &group, GroupOperation::Modify).await?;
    }
    let now = crate::now_ms();
    if let Some(new_owner) = &new_owner {
        authorize(
            &state,
            &context,
            &caller,
            &group,
            GroupOperation::TransferOwnership,
        )
        .await?;
        let not_member = || {
            NatterError::new(ErrorKind::GroupNewOwnerNotMember)
                .with_param(new_owner.as_str())
                .with_param(group.id.to_string())
        };
        let user = find_user(&state, &context, new_owner)
            .await?
            .ok_or_else(not_member)?;
        if user.username == group.owner {
            return Err(NatterError::new(ErrorKind::GroupOwnerUnchanged).into());
        }
        if !state
            .store
            .transfer_ownership(context.app.id, group.id, user.id, now)
            .await
            .map_err(store_error)?
        {
            return Err(not_member().into());
        }
        tracing::info!(app = %context.app.key, group = %group.id, owner = %user.username, "transferred group");
        changed.insert("newowner".into(), json!(true));
    }
    if changed.len() > usize::from(new_owner.is_some()) {
        match state
            .store
            .update_group(context.app.id, group.id, update, now)
            .await
            .map_err(store_error)?
        {
            GroupUpdateOutcome::Updated(_) => {}
            GroupUpdateOutcome::NoGroup => return Err(not_found(&group_id).into()),
            // The group has more members than the new `maxusers` allows.
            GroupUpdateOutcome::MaxUsersBelowMembers => {
                return Err(NatterError::new(ErrorKind::GroupMembersTooMany).into());
            }
        }
    }
    Ok(Envelope::new(&context, "put")
        .entities(Vec::new())
        .set("properties", json!({}))
        .data(Value::Object(changed)))
}

/// `DELETE /chatgroups/{id}` (G9; the SDK's `destroyGroup`): owners only. `version=v3` gets the SDK's
/// `{id, success}`, otherwise the documented `{success, groupid}`.
async fn destroy_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::Destroy).await?;
    if !state
        .store
        .delete_group(context.app.id, group.id)
        .await
        .map_err(store_error)?
    {
        return Err(not_found(&group_id).into());
    }
    tracing::info!(app = %context.app.key, group = %group.id, "dissolved group");
    // Its shared files went with it (G9: they "can no longer be downloaded"); their bytes go now.
    super::group_files::delete_debris_logged(&state).await;
    let data = if wants_v3(&pairs) {
        json!({ "id": group.id.to_string(), "success": true })
    } else {
        json!({ "success": true, "groupid": group.id.to_string() })
    };
    Ok(Envelope::new(&context, "delete").entities(Vec::new()).data(data))
}

/// The user whose groups a path names: an app token, or the user itself; the generic 404 if missing.
async fn path_user(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
) -> Result<User, NatterError> {
    authenticated.caller.require_app_or_self(username)?;
    find_user(state, &authenticated.context, username)
        .await?
        .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound))
}

/// `GET /chatgroups/user/{username}?pagesize&pagenum` (G6; the SDK's `getJoinedGroups` with
/// `needAffiliations`/`needRole`): results in `entities`, the total in `total`. `pagesize` [1,20],
/// default 5; `pagenum` counts from 0, as documented.
async fn user_groups(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): GroupPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let user = path_user(&state, &authenticated, &username).await?;
    let context = &authenticated.context;
    let page_size = page_number(&pairs, "pagesize", 5, 1, 20)?;
    let page = page_number(&pairs, "pagenum", 0, 0, u32::MAX)?;
    let total = state
        .store
        .count_user_groups(context.app.id, user.id)
        .await
        .map_err(store_error)?;
    let groups = state
        .store
        .user_groups(
            context.app.id,
            user.id,
            u64::from(page) * u64::from(page_size),
            page_size,
        )
        .await
        .map_err(store_error)?;
    let with_count = query_flag(&pairs, "needAffiliations");
    let with_role = query_flag(&pairs, "needRole");
    let entities = groups
        .iter()
        .map(|(group, role)| joined_entity(group, *role, with_count, with_role))
        .collect();
    Ok(with_params(Envelope::new(context, "get"), &pairs)
        .entities(entities)
        .set("total", json!(total)))
}

/// `GET /chatgroups/user/{username}/joined_count` (the SDK's `getJoinedGroupsCount`): `data` is the number.
async fn joined_count(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): GroupPath,
) -> Result<Envelope, EasemobError> {
    let user = path_user(&state, &authenticated, &username).await?;
    let context = &authenticated.context;
    let total = state
        .store
        .count_user_groups(context.app.id, user.id)
        .await
        .map_err(store_error)?;
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(json!(total)))
}

/// `GET /users/{username}/joined_chatgroups[?pagenum&pagesize]` (the SDK's `getGroup` and
/// `getJoinedGroups`, and `ease-restapi`'s `pickup_user_group`). `uri` names `joined_chatgroups`,
/// which the SDK checks. Without `pagesize` every group comes back; with it, pages count from 0
/// (the SDK sends `pagenum=0`). `version=v3` gets `{id, name, disabled, permission}` items (what 4.21.1
/// maps), otherwise `{groupid, groupname}` (what agora-chat and the d.ts expect).
async fn joined_chatgroups(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): GroupPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let user = path_user(&state, &authenticated, &username).await?;
    let context = &authenticated.context;
    let (offset, limit) = match query_value(&pairs, "pagesize") {
        None => (0, u32::MAX),
        Some(_) => {
            let page_size = page_number(&pairs, "pagesize", 20, 1, 1000)?;
            let page = page_number(&pairs, "pagenum", 0, 0, u32::MAX)?;
            (u64::from(page) * u64::from(page_size), page_size)
        }
    };
    let groups = state
        .store
        .user_groups(context.app.id, user.id, offset, limit)
        .await
        .map_err(store_error)?;
    let v3 = wants_v3(&pairs);
    let data: Vec<Value> = groups
        .iter()
        .map(|(group, role)| {
            if v3 {
                json!({
                    "id": group.id.to_string(),
                    "name": group.name,
                    "disabled": group.disabled,
                    "permission": role.as_str(),
                })
            } else {
                json!({ "groupid": group.id.to_string(), "groupname": group.name })
            }
        })
        .collect();
    Ok(with_params(Envelope::new(context, "get"), &pairs)
        .entities(Vec::new())
        .count(data.len())
        .data(Value::Array(data)))
}

/// `GET /chatgroups/{id}/user/{username}/is_joined` (G7; POST in the rate table, so both): `data` is
/// whether the user is a member. A group that does not exist has no members.
async fn is_joined(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let joined = match (GroupId::parse(&group_id), UserName::lookup(&username)) {
        (Some(id), Some(name)) => GroupStore::is_group_member(&*state.store, context.app.id, id, &name)
            .await
            .map_err(store_error)?,
        _ => false,
    };
    Ok(Envelope::new(context, "get").data(json!(joined)))
}

// ---- Members (§3)

/// `GET /chatgroups/{id}/users` (M1; the SDK's `listGroupMembers` and `getGroupMembers`).
///
/// With `pagenum`/`pagesize` (or neither): pages from 1 of up to 1000 (default 1000), items
/// `{"owner": id}` / `{"member": id}` (admins are members, as Easemob documents), `joined_time` on
/// request. With `limit`/`cursor` and no `pagenum`/`pagesize` (the SDK's cursor mode, undocumented):
/// items keyed `owner`/`admin`/`member` with `joined_time`, and a top-level `cursor` while there is a
/// next page. A user token must be a member.
async fn list_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    // M1 words a missing group its own way (`do not find this group:XX`).
    let group = load_group(&state, &context, &group_id)
        .await
        .map_err(|error| match error.kind {
            ErrorKind::GroupNotFound => {
                NatterError::new(ErrorKind::GroupNotFoundLookup).with_param(group_id.as_str())
            }
            _ => error,
        })?;
    authorize(&state, &context, &caller, &group, GroupOperation::ListMembers).await?;
    let paged = query_value(&pairs, "pagenum").is_some() || query_value(&pairs, "pagesize").is_some();
    let cursor_mode =
        !paged && (query_value(&pairs, "limit").is_some() || query_value(&pairs, "cursor").is_some());
    let envelope = with_params(Envelope::new(&context, "get"), &pairs).entities(Vec::new());
    if cursor_mode {
        let limit = page_number(&pairs, "limit", 50, 1, 1000)?;
        let after = query_value(&pairs, "cursor").map(decode_cursor).transpose()?;
        let mut members = state
            .store
            .list_members(context.app.id, group.id, after, 0, limit + 1)
            .await
            .map_err(store_error)?;
        let has_more = members.len() > limit as usize;
        members.truncate(limit as usize);
        let cursor = has_more
            .then(|| members.last().map(|member| encode_cursor(member.position)))
            .flatten();
        let data: Vec<Value> = members
            .iter()
            .map(|member| {
                let mut item = Map::new();
                item.insert(member.role.as_str().into(), json!(member.username.as_str()));
                item.insert("joined_time".into(), json!(member.joined_ms));
                Value::Object(item)
            })
            .collect();
        return Ok(envelope.count(data.len()).data(Value::Array(data)).cursor(cursor));
    }
    let page = page_number(&pairs, "pagenum", 1, 1, u32::MAX)?;
    let page_size = page_number(&pairs, "pagesize", 1000, 1, 1000)?;
    let joined_time = query_flag(&pairs, "joined_time");
    let members = state
        .store
        .list_members(
            context.app.id,
            group.id,
            None,
            u64::from(page - 1) * u64::from(page_size),
            page_size,
        )
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = members
        .iter()
        .map(|member| {
            let key = if member.role == GroupRole::Owner {
                "owner"
            } else {
                "member"
            };
            let mut item = Map::new();
            item.insert(key.into(), json!(member.username.as_str()));
            if joined_time {
                item.insert("joined_time".into(), json!(member.joined_ms));
            }
            Value::Object(item)
        })
        .collect();
    Ok(envelope.count(data.len()).data(Value::Array(data)))
}

/// Adds `users` (none of them members) to `group`, or the documented refusal.
async fn add_users(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    users: &[User],
) -> Result<Vec<User>, NatterError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let limits = state
        .store
        .group_settings(context.app.id)
        .await
        .map_err(store_error)?;
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    match state
        .store
        .add_group_members(context.app.id, group.id, &ids, &limits, crate::now_ms())
        .await
        .map_err(store_error)?
    {
        MembersAdd::Added(added) => Ok(users
            .iter()
            .filter(|user| added.contains(&user.id))
            .cloned()
            .collect()),
        MembersAdd::NoGroup => Err(not_found(&group.id.to_string())),
        MembersAdd::GroupFull => Err(NatterError::new(ErrorKind::GroupFull)),
        MembersAdd::Blocked(user_id) => Err(NatterError::new(ErrorKind::GroupUserBlocked)
            .with_detail(format!("user row {user_id} is on the blocklist of {}", group.id))),
        MembersAdd::UserFull(user_id) => {
            let name = users
                .iter()
                .find(|user| user.id == user_id)
                .map(|user| user.username.to_string())
                .unwrap_or_default();
            Err(NatterError::new(ErrorKind::GroupUserQuota).with_param(name))
        }
    }
}

/// `POST /chatgroups/{id}/users/{username}` (M2): owners and admins.
async fn add_member(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::AddMembers).await?;
    let user = require_user(&state, &context, &username).await?;
    let already = || {
        NatterError::new(ErrorKind::GroupMemberAlreadyIn)
            .with_param(user.username.as_str())
            .with_param(group.id.to_string())
    };
    if role_of(&state, &context, &group, user.id).await?.is_some() {
        return Err(already().into());
    }
    if add_users(&state, &context, &group, std::slice::from_ref(&user))
        .await?
        .is_empty()
    {
        // A concurrent add won.
        return Err(already().into());
    }
    Ok(Envelope::new(&context, "post").entities(Vec::new()).data(json!({
        "result": true,
        "groupid": group.id.to_string(),
        "action": "add_member",
        "user": user.username.as_str(),
    })))
}

/// `POST /chatgroups/{id}/users` `{"usernames": […]}` (M3): up to 100; refused only if every user is a
/// member already. `newmembers` lists the users added.
async fn add_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let names = names_field(body_object(&body)?, "usernames")?;
    if names.len() > MAX_BATCH_ADD {
        return Err(NatterError::new(ErrorKind::GroupMembersTooMany).into());
    }
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::AddMembers).await?;
    let users = require_users(&state, &context, &names).await?;
    let mut newcomers = Vec::new();
    for user in users {
        if role_of(&state, &context, &group, user.id).await?.is_none()
            && !newcomers.iter().any(|u: &User| u.id == user.id)
        {
            newcomers.push(user);
        }
    }
    let added = add_users(&state, &context, &group, &newcomers).await?;
    if added.is_empty() {
        return Err(NatterError::new(ErrorKind::GroupMembersAlreadyIn)
            .with_param(names.join(", "))
            .with_param(group.id.to_string())
            .into());
    }
    let names: Vec<&str> = added.iter().map(|user| user.username.as_str()).collect();
    Ok(Envelope::new(&context, "post").entities(Vec::new()).data(json!({
        "newmembers": names,
        "groupid": group.id.to_string(),
        "action": "add_member",
    })))
}

/// `DELETE /chatgroups/{id}/users/{username}` (M4) and `/users/{u1},{u2},…` (M5, up to 60).
///
/// One user: refused if it is not a member or is the owner. Several: refused if the owner is among them
/// or none is a member; otherwise one result per user, `reason` on those who were not members. Owners
/// remove anyone but themselves; admins remove plain members.
async fn remove_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, usernames)): GroupUserPath,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let mut names: Vec<String> = Vec::new();
    for name in usernames
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        if !names.iter().any(|known| known.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    let batch = usernames.contains(',');
    if names.len() > MAX_BATCH_REMOVE {
        return Err(NatterError::new(ErrorKind::GroupKickTooMany).into());
    }
    let group = load_group(&state, &context, &group_id).await?;
    // Each name with its user and role, if it is a member.
    let mut targets = Vec::with_capacity(names.len());
    for name in &names {
        let member = match find_user(&state, &context, name).await? {
            Some(user) => role_of(&state, &context, &group, user.id)
                .await?
                .map(|role| (user, role)),
            None => None,
        };
        targets.push((name.as_str(), member));
    }
    if targets
        .iter()
        .any(|(_, member)| matches!(member, Some((_, GroupRole::Owner))))
    {
        return Err(NatterError::new(ErrorKind::GroupOwnerProtected).into());
    }
    if targets.iter().all(|(_, member)| member.is_none()) {
        return Err(NatterError::new(ErrorKind::GroupNotMembers)
            .with_param(names.join(", "))
            .into());
    }
    for (_, member) in &targets {
        if let Some((_, role)) = member {
            authorize(
                &state,
                &context,
                &caller,
                &group,
                GroupOperation::RemoveMember(*role),
            )
            .await?;
        }
    }
    let ids: Vec<i64> = targets
        .iter()
        .filter_map(|(_, member)| member.as_ref().map(|(user, _)| user.id))
        .collect();
    let removed = state
        .store
        .remove_group_members(context.app.id, group.id, &ids)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, group = %group.id, count = removed.len(), "removed group members");
    let group_id = group.id.to_string();
    let results: Vec<Value> = targets
        .iter()
        .map(|(name, member)| match member {
            Some((user, _)) if removed.contains(&user.id) => json!({
                "result": true,
                "action": "remove_member",
                "user": user.username.as_str(),
                "groupid": group_id,
            }),
            _ => json!({
                "result": false,
                "action": "remove_member",
                "reason": format!("user {name} doesn't exist."),
                "user": name,
                "groupid": group_id,
            }),
        })
        .collect();
    // One user (no comma in the path) gets one object, as M4 documents; a batch gets the list (M5).
    let data = match (batch, results.as_slice()) {
        (false, [single]) => single.clone(),
        _ => Value::Array(results),
    };
    Ok(Envelope::new(&context, "delete").entities(Vec::new()).data(data))
}

/// `GET /chatgroups/{id}/admin` (M6): `data` lists the admins. A user token must be a member.
async fn list_admins(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::ListMembers).await?;
    let admins = state
        .store
        .group_admins(context.app.id, group.id)
        .await
        .map_err(store_error)?;
    let names: Vec<&str> = admins.iter().map(UserName::as_str).collect();
    Ok(Envelope::new(&context, "get")
        .entities(Vec::new())
        .count(names.len())
        .data(json!(names)))
}

/// `POST /chatgroups/{id}/admin` `{"newadmin"}` (M7): the owner makes a member an admin, up to 99.
async fn add_admin(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let name = name_field(body_object(&body)?, "newadmin")?;
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::ManageAdmins).await?;
    let not_member = || {
        NatterError::new(ErrorKind::GroupAdminNotMember)
            .with_param(name.as_str())
            .with_param(group.id.to_string())
    };
    let user = find_user(&state, &context, &name).await?.ok_or_else(not_member)?;
    let limits = state
        .store
        .group_settings(context.app.id)
        .await
        .map_err(store_error)?;
    match state
        .store
        .set_member_role(
            context.app.id,
            group.id,
            user.id,
            GroupRole::Admin,
            limits.max_admins,
            crate::now_ms(),
        )
        .await
        .map_err(store_error)?
    {
        RoleChange::Changed | RoleChange::Unchanged => {}
        RoleChange::NotMember => return Err(not_member().into()),
        RoleChange::Owner => return Err(NatterError::new(ErrorKind::GroupOwnerProtected).into()),
        RoleChange::AdminsFull => return Err(NatterError::new(ErrorKind::GroupAdminsFull).into()),
    }
    Ok(Envelope::new(&context, "post")
        .entities(Vec::new())
        .set("properties", json!({}))
        .data(json!({ "result": "success", "newadmin": user.username.as_str() })))
}

/// `DELETE /chatgroups/{id}/admin/{username}` (M8): the owner makes an admin a plain member again.
async fn remove_admin(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::ManageAdmins).await?;
    let not_admin = || {
        NatterError::new(ErrorKind::GroupNotAdmin)
            .with_param(username.as_str())
            .with_param(group.id.to_string())
    };
    let user = find_user(&state, &context, &username)
        .await?
        .ok_or_else(not_admin)?;
    if role_of(&state, &context, &group, user.id).await? != Some(GroupRole::Admin) {
        return Err(not_admin().into());
    }
    match state
        .store
        .set_member_role(
            context.app.id,
            group.id,
            user.id,
            GroupRole::Member,
            0,
            crate::now_ms(),
        )
        .await
        .map_err(store_error)?
    {
        RoleChange::Changed => {}
        _ => return Err(not_admin().into()),
    }
    Ok(Envelope::new(&context, "delete")
        .entities(Vec::new())
        .data(json!({ "result": "success", "oldadmin": user.username.as_str() })))
}

// ---- The SDK's own membership calls (SDK-REST §3.6)

/// `DELETE /chatgroups/{id}/quit` (the SDK's `leaveGroup`): a member leaves; the owner cannot (it
/// transfers or dissolves the group instead). `data` is `{result: true}`.
async fn quit_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let user = acting_user(&caller)?;
    let group = load_group(&state, &context, &group_id).await?;
    match role_of(&state, &context, &group, user.id).await? {
        None => {
            return Err(NatterError::new(ErrorKind::GroupNotMembers)
                .with_param(user.username.as_str())
                .into());
        }
        Some(GroupRole::Owner) => return Err(NatterError::new(ErrorKind::GroupOwnerProtected).into()),
        Some(_) => {}
    }
    state
        .store
        .remove_group_members(context.app.id, group.id, &[user.id])
        .await
        .map_err(store_error)?;
    Ok(Envelope::new(&context, "delete")
        .entities(Vec::new())
        .data(json!({ "result": true })))
}

/// `POST /chatgroups/{id}/invite` `{"usernames": […]}` (the SDK's `inviteUsersToGroup`): owners and
/// admins invite, members too when the group allows invitations. Invitees must accept when the group
/// says `invite_need_confirm`, otherwise they are added. One `{action: "invite", id, result, user}` per
/// invitee, `reason` on refusals; when every invitee is a member already the call is refused with the
/// text that makes the SDK report 601 GROUP_ALREADY_JOINED.
async fn invite(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let names = names_field(body_object(&body)?, "usernames")?;
    if names.len() > MAX_BATCH_ADD {
        return Err(NatterError::new(ErrorKind::GroupMembersTooMany).into());
    }
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::Invite).await?;
    let gid = group.id.to_string();
    let mut results: Vec<(String, Option<String>)> = Vec::new();
    let mut invitees = Vec::new();
    let mut members = Vec::new();
    for name in &names {
        match find_user(&state, &context, name).await? {
            None => results.push((name.clone(), Some(format!("username {name} doesn't exist!")))),
            Some(user) if role_of(&state, &context, &group, user.id).await?.is_some() => {
                members.push(user.username.to_string());
                results.push((
                    user.username.to_string(),
                    Some(format!("user: {} already in group: {gid}", user.username)),
                ));
            }
            Some(user) => {
                results.push((user.username.to_string(), None));
                invitees.push(user);
            }
        }
    }
    if invitees.is_empty() && members.len() == names.len() {
        return Err(NatterError::new(ErrorKind::GroupInviteAlreadyIn)
            .with_param(members.join(", "))
            .with_param(gid)
            .into());
    }
    let now = crate::now_ms();
    if group.invite_need_confirm {
        for invitee in &invitees {
            state
                .store
                .put_group_request(
                    context.app.id,
                    group.id,
                    GroupRequestKind::Invitation,
                    invitee.id,
                    None,
                    now,
                )
                .await
                .map_err(store_error)?;
        }
    } else {
        add_users(&state, &context, &group, &invitees).await?;
    }
    let data: Vec<Value> = results
        .into_iter()
        .map(|(user, reason)| {
            let mut item = json!({ "action": "invite", "id": gid, "result": reason.is_none(), "user": user });
            if let (Some(reason), Some(object)) = (reason, item.as_object_mut()) {
                object.insert("reason".into(), json!(reason));
            }
            item
        })
        .collect();
    Ok(Envelope::new(&context, "post")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// Accepting a pending request of `kind` for `user`: joins, or gives the request back if joining is
/// refused (full group, quota), so that it can be answered again.
async fn join_by_request(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    user: &User,
    kind: GroupRequestKind,
) -> Result<(), NatterError> {
    match add_users(state, context, group, std::slice::from_ref(user)).await {
        Ok(added) if !added.is_empty() => Ok(()),
        Ok(_) => Err(NatterError::new(ErrorKind::GroupMemberAlreadyIn)
            .with_param(user.username.as_str())
            .with_param(group.id.to_string())),
        Err(error) => {
            state
                .store
                .put_group_request(context.app.id, group.id, kind, user.id, None, crate::now_ms())
                .await
                .map_err(store_error)?;
            Err(error)
        }
    }
}

/// `POST /chatgroups/{id}/invite_verify` `{"invitee", "verifyResult"}` (the SDK's `acceptGroupInvite`
/// and `rejectGroupInvite`): the invitee answers its invitation.
async fn answer_invitation(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let body = body_object(&body)?;
    let invitee = name_field(body, "invitee")?;
    caller.require_app_or_self(&invitee)?;
    let accept = bool_field(body, "verifyResult")?.unwrap_or(false);
    let group = load_group(&state, &context, &group_id).await?;
    let user = require_user(&state, &context, &invitee).await?;
    settle_request(
        &state,
        &context,
        &group,
        &user,
        GroupRequestKind::Invitation,
        accept,
    )
    .await
}

/// `POST /chatgroups/{id}/apply` `{"message"}` (the SDK's `joinGroup`): a user asks to join a public
/// group. Without `membersonly` it joins at once; with it the application waits for an owner or admin.
/// Private groups are joined by invitation only.
async fn apply(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let user = acting_user(&caller)?;
    let message = string_field(body_object(&body)?, "message")?.map(str::to_string);
    let group = load_group(&state, &context, &group_id).await?;
    if role_of(&state, &context, &group, user.id).await?.is_some() {
        return Err(NatterError::new(ErrorKind::GroupMemberAlreadyIn)
            .with_param(user.username.as_str())
            .with_param(group.id.to_string())
            .into());
    }
    if !group.public {
        return Err(NatterError::new(ErrorKind::GroupPermissionDenied)
            .with_detail(format!("{} applied to private group {}", user.username, group.id))
            .into());
    }
    if group.members_only {
        state
            .store
            .put_group_request(
                context.app.id,
                group.id,
                GroupRequestKind::Application,
                user.id,
                message.as_deref(),
                crate::now_ms(),
            )
            .await
            .map_err(store_error)?;
    } else {
        add_users(&state, &context, &group, std::slice::from_ref(user)).await?;
    }
    Ok(Envelope::new(&context, "post").entities(Vec::new()).data(json!({
        "action": "apply",
        "id": group.id.to_string(),
        "result": true,
        "user": user.username.as_str(),
    })))
}

/// `POST /chatgroups/{id}/apply_verify` `{"applicant", "verifyResult", "reason"}` (the SDK's
/// `acceptGroupJoinRequest` and `rejectGroupJoinRequest`): an owner or admin answers an application.
async fn answer_application(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let body = body_object(&body)?;
    let applicant = name_field(body, "applicant")?;
    let accept = bool_field(body, "verifyResult")?.unwrap_or(false);
    let group = load_group(&state, &context, &group_id).await?;
    authorize(&state, &context, &caller, &group, GroupOperation::AddMembers).await?;
    let user = require_user(&state, &context, &applicant).await?;
    settle_request(
        &state,
        &context,
        &group,
        &user,
        GroupRequestKind::Application,
        accept,
    )
    .await
}

/// Answers a pending invitation or application: consumes it (none pending is the permission refusal),
/// joins the user when accepted, and replies with the SDK's `accept_…`/`decline_…` action.
async fn settle_request(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    user: &User,
    kind: GroupRequestKind,
    accept: bool,
) -> Result<Envelope, EasemobError> {
    let (pending, accepted, declined) = match kind {
        GroupRequestKind::Invitation => ("an invitation", "accept_invite", "decline_invite"),
        GroupRequestKind::Application => ("an application", "accept_apply", "decline_apply"),
    };
    if !state
        .store
        .take_group_request(context.app.id, group.id, kind, user.id)
        .await
        .map_err(store_error)?
    {
        return Err(NatterError::new(ErrorKind::GroupPermissionDenied)
            .with_detail(format!(
                "{} has no pending {pending} to {}",
                user.username, group.id
            ))
            .into());
    }
    if accept {
        join_by_request(state, context, group, user, kind).await?;
    }
    Ok(Envelope::new(context, "post").entities(Vec::new()).data(json!({
        "action": if accept { accepted } else { declined },
        "groupid": group.id.to_string(),
        "result": true,
        "user": user.username.as_str(),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn page_numbers_clamp_and_refuse() {
        let query = pairs(&[
            ("limit", "5000"),
            ("pagesize", "0"),
            ("cursor", "undefined"),
            ("x", "ten"),
        ]);
        assert_eq!(page_number(&query, "limit", 10, 1, 1000).ok(), Some(1000));
        assert!(page_number(&query, "pagesize", 5, 1, 20).is_err());
        assert_eq!(page_number(&query, "absent", 7, 1, 20).ok(), Some(7));
        assert!(page_number(&query, "x", 7, 1, 20).is_err());
        assert_eq!(
            query_value(&query, "cursor"),
            None,
            "the SDK's literal undefined is absent"
        );
    }

    #[test]
    fn v3_is_read_from_the_query() {
        assert!(wants_v3(&pairs(&[("version", "v3")])));
        assert!(!wants_v3(&pairs(&[("version", "v1")])));
        assert!(!wants_v3(&[]));
    }

    #[test]
    fn body_fields_are_typed_loosely_but_checked() {
        let body = json!({"a": "true", "b": 3, "c": "12", "d": [1], "e": ["x", "X", "y"], "f": null});
        let body = body.as_object().expect("object");
        assert_eq!(bool_field(body, "a").ok(), Some(Some(true)));
        assert!(bool_field(body, "b").is_err());
        assert_eq!(integer_field(body, "c").ok(), Some(Some(12)));
        assert!(integer_field(body, "d").is_err());
        assert_eq!(
            names_field(body, "e").ok(),
            Some(vec!["x".to_string(), "y".to_string()])
        );
        assert!(names_field(body, "d").is_err());
        assert_eq!(string_field(body, "f").ok(), Some(None));
        assert_eq!(
            names_field(body, "missing")
                .expect_err("missing")
                .to_rest()
                .description,
            "missing must be provided"
        );
    }
}
