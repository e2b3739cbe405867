//! Group member custom attributes (群成员自定义属性, groups-chatrooms A1–A4) and the Web SDK's
//! `/sdk/metadata/chatgroup/…` forms of them (SDK-REST §3.8: `setGroupMemberAttributes`,
//! `getGroupMembersAttributes`, `getGroupMemberAttributes`).
//!
//! Replies use the reduced metadata envelope (`timestamp`, `data`, `duration`; reference §0.3). Keys are at
//! most 16 bytes, values at most 512 bytes, a member's attributes at most 4 KB; an empty value deletes its
//! key. A user token sets its own attributes as a member, anyone's as the owner or an admin, and reads
//! attributes of a group it belongs to. Attributes belong to the membership: leaving, removal or the
//! blocklist deletes them.
//!
//! Decision: the feature is always on (the vendor's `chatgroup user metadata service not allow` is never
//! sent), as global mute is. The refusals that are not documented carry the `error_code`s the Web SDK
//! reads (ERRORS.md §2.2): 60010 for a permission refusal (52 NO_PERMISSION) and 60005 for the 4 KB
//! budget (609 GROUP_MEMBER_ATTRIBUTES_SET_FAILED).

use super::auth::{Authenticated, Caller};
use super::groups::{GroupPath, GroupUserPath, body_object};
use super::users::find_user;
use super::{AppContext, EasemobError, EasemobJson};
use crate::AppState;
use crate::store_error;
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use natter_codes::{ErrorKind, NatterError};
use natter_core::group::{
    self, MAX_MEMBER_ATTRIBUTE_BATCH, MAX_MEMBER_ATTRIBUTE_TARGETS, MAX_MEMBER_ATTRIBUTES_BYTES,
};
use natter_core::{Group, GroupId, GroupRole, User, UserName};
use natter_store::{MemberAttributes, MemberAttributesPut};
use serde_json::{Map, Value, json};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/metadata/chatgroup/{group_id}/user/{username}",
            put(set_attributes).get(get_attributes),
        )
        .route(
            "/{org}/{app}/metadata/chatgroup/{group_id}/users/batch",
            put(set_attributes_batch),
        )
        .route(
            "/{org}/{app}/metadata/chatgroup/{group_id}/get",
            post(attributes_by_key),
        )
        .route(
            "/{org}/{app}/sdk/metadata/chatgroup/{group_id}/user/{username}",
            put(set_attributes),
        )
        .route(
            "/{org}/{app}/sdk/metadata/chatgroup/{group_id}/get",
            post(attributes_by_key),
        )
}

type Reply = Result<Response, EasemobError>;

/// The reduced envelope of the metadata endpoints: `{timestamp, data, duration}` (A1–A4).
fn metadata_reply(context: &AppContext, data: Value) -> Response {
    Json(json!({
        "timestamp": crate::now_ms(),
        "data": data,
        "duration": context.started.elapsed().as_millis() as u64,
    }))
    .into_response()
}

/// The group a metadata path names, or its own 404 (`group not exists`, A2).
async fn load_group(state: &AppState, context: &AppContext, text: &str) -> Result<Group, NatterError> {
    let missing =
        || NatterError::new(ErrorKind::GroupMemberAttributeGroupNotFound).with_detail(text.to_string());
    let id = GroupId::parse(text).ok_or_else(missing)?;
    state
        .store
        .group(context.app.id, id)
        .await
        .map_err(store_error)?
        .ok_or_else(missing)
}

async fn role_of(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    user: &User,
) -> Result<Option<GroupRole>, NatterError> {
    state
        .store
        .member_role(context.app.id, group.id, user.id)
        .await
        .map_err(store_error)
}

/// A `{key: value}` object of attributes to set, each checked against the key and value limits.
fn attribute_changes(value: Option<&Value>, field: &str) -> Result<MemberAttributes, NatterError> {
    let object = match value {
        Some(Value::Object(object)) => object,
        None | Some(Value::Null) => {
            return Err(NatterError::new(ErrorKind::GroupFieldMissing).with_param(field));
        }
        Some(_) => {
            return Err(NatterError::invalid_parameter(format!(
                "{field} must be an object"
            )));
        }
    };
    let mut changes = MemberAttributes::new();
    for (key, value) in object {
        let Value::String(value) = value else {
            return Err(NatterError::invalid_parameter(format!(
                "{field} values must be strings"
            )));
        };
        group::validate_member_attribute(key, value)?;
        changes.insert(key.clone(), value.clone());
    }
    Ok(changes)
}

fn as_object(attributes: &MemberAttributes) -> Value {
    Value::Object(
        attributes
            .iter()
            .map(|(key, value)| (key.clone(), json!(value)))
            .collect::<Map<String, Value>>(),
    )
}

/// What a user token may set: its own attributes as a member, anyone's as the owner or an admin; in a
/// group the app disabled, nothing. `target` is the member whose attributes change.
async fn require_may_set(
    state: &AppState,
    context: &AppContext,
    caller: &Caller,
    group: &Group,
    target: &UserName,
) -> Result<(), NatterError> {
    let Caller::User(user) = caller else {
        return Ok(());
    };
    if group.disabled {
        return Err(NatterError::new(ErrorKind::GroupDisabled));
    }
    let role = role_of(state, context, group, user).await?;
    let own = &user.username == target;
    if group::may_set_member_attributes(role, own) {
        return Ok(());
    }
    if own {
        // Its own attributes, outside the group: the target is not a member.
        return Err(NatterError::new(ErrorKind::GroupMemberAttributeNotMembers).with_param(target.as_str()));
    }
    Err(
        NatterError::new(ErrorKind::GroupMemberAttributeNoPermission).with_detail(format!(
            "{} may not set attributes of {target} in {}",
            user.username, group.id
        )),
    )
}

/// A user token reads the attributes of a group it belongs to.
async fn require_may_read(
    state: &AppState,
    context: &AppContext,
    caller: &Caller,
    group: &Group,
) -> Result<(), NatterError> {
    let Caller::User(user) = caller else {
        return Ok(());
    };
    if role_of(state, context, group, user).await?.is_none() {
        return Err(NatterError::new(ErrorKind::GroupMemberAttributeNotInGroup)
            .with_detail(format!("{} reading attributes of {}", user.username, group.id)));
    }
    Ok(())
}

/// Applies `changes` to `user`'s attributes, or the refusal of the outcome.
async fn store_attributes(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    user: &User,
    changes: &MemberAttributes,
) -> Result<(), NatterError> {
    match state
        .store
        .put_member_attributes(
            context.app.id,
            group.id,
            user.id,
            changes,
            MAX_MEMBER_ATTRIBUTES_BYTES,
        )
        .await
        .map_err(store_error)?
    {
        MemberAttributesPut::Updated(_) => Ok(()),
        MemberAttributesPut::NoGroup => Err(NatterError::new(ErrorKind::GroupMemberAttributeGroupNotFound)),
        MemberAttributesPut::NotMember => {
            Err(NatterError::new(ErrorKind::GroupMemberAttributeNotMembers)
                .with_param(user.username.as_str()))
        }
        MemberAttributesPut::TooLarge => Err(NatterError::new(ErrorKind::GroupMemberAttributesTooLarge)
            .with_detail(format!("attributes of {} over 4 KB", user.username))),
    }
}

/// `PUT /metadata/chatgroup/{id}/user/{username}` `{"metaData": {…}}` (A1) and the SDK's
/// `PUT /sdk/metadata/chatgroup/{id}/user/{username}` (`setGroupMemberAttributes`). `data` is the
/// attributes the call set, as the doc's example echoes them.
async fn set_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let changes = attribute_changes(body_object(&body)?.get("metaData"), "metaData")?;
    let group = load_group(&state, &context, &group_id).await?;
    let not_member =
        || NatterError::new(ErrorKind::GroupMemberAttributeNotMembers).with_param(username.as_str());
    let user = find_user(&state, &context, &username)
        .await?
        .ok_or_else(not_member)?;
    require_may_set(&state, &context, &caller, &group, &user.username).await?;
    store_attributes(&state, &context, &group, &user, &changes).await?;
    Ok(metadata_reply(&context, as_object(&changes)))
}

/// `PUT /metadata/chatgroup/{id}/users/batch` `[{"username", "metadata"}, …]` (A2): up to 20 members,
/// each upserted on its own. Every user must be a member, or nothing is written.
///
/// Decision: the documented example names the two lists `updateMetadataFailed:` and
/// `updateMetadataSucceeded:` (with a colon, reference §8.12) and the field table without; both
/// spellings are sent. A failed item is `{username, metadata, message}`.
async fn set_attributes_batch(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let Value::Array(items) = &body else {
        return Err(
            NatterError::invalid_parameter("the body must be an array of {username, metadata}").into(),
        );
    };
    if items.len() > MAX_MEMBER_ATTRIBUTE_BATCH {
        return Err(NatterError::new(ErrorKind::GroupMemberAttributeBatchTooLarge).into());
    }
    let mut requests = Vec::with_capacity(items.len());
    for item in items {
        let fields = body_object(item)?;
        let username = match fields.get("username") {
            Some(Value::String(name)) if !name.is_empty() => name.clone(),
            _ => {
                return Err(NatterError::new(ErrorKind::GroupFieldMissing)
                    .with_param("username")
                    .into());
            }
        };
        let changes = attribute_changes(fields.get("metadata"), "metadata")?;
        requests.push((username, changes));
    }
    let group = load_group(&state, &context, &group_id).await?;
    let mut resolved = Vec::with_capacity(requests.len());
    let mut strangers = Vec::new();
    for (name, changes) in requests {
        match find_user(&state, &context, &name).await? {
            Some(user) if role_of(&state, &context, &group, &user).await?.is_some() => {
                resolved.push((user, changes));
            }
            _ => strangers.push(name),
        }
    }
    if !strangers.is_empty() {
        return Err(NatterError::new(ErrorKind::GroupMemberAttributeNotMembers)
            .with_param(strangers.join(", "))
            .into());
    }
    for (user, _) in &resolved {
        require_may_set(&state, &context, &caller, &group, &user.username).await?;
    }
    let mut succeeded = Vec::new();
    let mut failed = Vec::new();
    for (user, changes) in &resolved {
        let item = json!({ "username": user.username.as_str(), "metadata": as_object(changes) });
        match store_attributes(&state, &context, &group, user, changes).await {
            Ok(()) => succeeded.push(item),
            Err(error) if error.kind == ErrorKind::Internal => return Err(error.into()),
            Err(error) => {
                let mut item = item;
                if let Some(fields) = item.as_object_mut() {
                    fields.insert("message".into(), json!(error.to_rest().description));
                }
                failed.push(item);
            }
        }
    }
    tracing::info!(app = %context.app.key, group = %group.id, users = succeeded.len(), "set group member attributes");
    Ok(metadata_reply(
        &context,
        json!({
            "updateMetadataFailed": failed,
            "updateMetadataSucceeded": succeeded,
            "updateMetadataFailed:": failed,
            "updateMetadataSucceeded:": succeeded,
        }),
    ))
}

/// `GET /metadata/chatgroup/{id}/user/{username}` (A3): every attribute of one member.
async fn get_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    require_may_read(&state, &context, &caller, &group).await?;
    let not_in_group = || {
        NatterError::new(ErrorKind::GroupMemberAttributeNotInGroup)
            .with_detail(format!("{username} is not in {}", group.id))
    };
    let user = find_user(&state, &context, &username)
        .await?
        .ok_or_else(not_in_group)?;
    let found = state
        .store
        .member_attributes(context.app.id, group.id, &[user.id], &[])
        .await
        .map_err(store_error)?;
    let (_, attributes) = found.into_iter().next().ok_or_else(not_in_group)?;
    Ok(metadata_reply(&context, as_object(&attributes)))
}

/// A required array of strings.
fn strings_field(fields: &Map<String, Value>, key: &str, required: bool) -> Result<Vec<String>, NatterError> {
    match fields.get(key) {
        None | Some(Value::Null) if !required => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| NatterError::invalid_parameter(format!("{key} must be strings")))
            })
            .collect(),
        _ => Err(NatterError::new(ErrorKind::GroupFieldMissing).with_param(key)),
    }
}

/// `POST /metadata/chatgroup/{id}/get` `{"targets", "properties"}` (A4) and the SDK's
/// `/sdk/metadata/chatgroup/{id}/get` (`getGroupMembersAttributes`, `getGroupMemberAttributes`): up to
/// 10 members, only `properties` of their attributes (all when empty or absent). `data` maps each member
/// to its attributes; a target that is not a member is left out.
async fn attributes_by_key(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let fields = body_object(&body)?;
    let targets = strings_field(fields, "targets", true)?;
    if targets.len() > MAX_MEMBER_ATTRIBUTE_TARGETS {
        return Err(NatterError::new(ErrorKind::GroupMemberAttributeTooManyTargets).into());
    }
    let keys = strings_field(fields, "properties", false)?;
    let group = load_group(&state, &context, &group_id).await?;
    require_may_read(&state, &context, &caller, &group).await?;
    let mut users: Vec<User> = Vec::with_capacity(targets.len());
    for name in &targets {
        if let Some(user) = find_user(&state, &context, name).await?
            && !users.iter().any(|known| known.id == user.id)
        {
            users.push(user);
        }
    }
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    let found = state
        .store
        .member_attributes(context.app.id, group.id, &ids, &keys)
        .await
        .map_err(store_error)?;
    let mut data = Map::new();
    for (user_id, attributes) in &found {
        if let Some(user) = users.iter().find(|user| user.id == *user_id) {
            data.insert(user.username.to_string(), as_object(attributes));
        }
    }
    Ok(metadata_reply(&context, Value::Object(data)))
}
