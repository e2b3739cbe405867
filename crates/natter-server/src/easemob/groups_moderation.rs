//! Group bans (G2–G3), announcements (G10–G11), the blocklist (M10–M14), mutes and mute-all
//! (M15–M19) and the allowlist (M20–M23), with the Web SDK's calls on them (SDK-REST §3.7–§3.8: user
//! tokens, `version=v3`, and the SDK-only `isInGroupMutelist` / `isInGroupAllowlist`).
//!
//! App tokens may do everything; disabling and enabling a group is theirs alone. A user token acts by
//! its role (`natter_core::group::authorize`): the owner and admins read the three lists, set the
//! announcement and mute-all, and mute, block or allowlist members; an admin acts on plain members only,
//! and nobody on the owner (`forbidden operation on group owner!`). A disabled group is read-only for
//! user tokens (`can not operate this group, reason: group is disabled`, the SDK's 608).
//!
//! Decision (reference M12, M22, M14, M23 show per-user results): a batch reports each user it does not
//! apply to as `result: false` with a `reason`, and is refused with the documented 403 (`users [..] are
//! not members of this group!`) only when it applies to nobody. Mute, whose page shows no per-user
//! failure, refuses the whole call when one user is not a member, as chat rooms do.

use super::auth::{Authenticated, Caller};
use super::envelope::Envelope;
use super::groups::{
    GroupPath, GroupUserPath, Pairs, body_object, integer_field, load_group, names_field, not_found, wants_v3,
};
use super::{AppContext, EasemobError, EasemobJson};
use crate::AppState;
use crate::store_error;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::MuteDuration;
use natter_core::group::{
    self, GroupOperation, MAX_ALLOW_BATCH, MAX_BLOCK_BATCH, MAX_DISALLOW_BATCH, MAX_MUTE_BATCH,
    MAX_UNBLOCK_BATCH, MAX_UNMUTE_BATCH,
};
use natter_core::{Group, GroupRole, User, UserName};
use natter_store::{GroupRelation, MuteUntil};
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/chatgroups/{group_id}/disable", post(disable_group))
        .route("/{org}/{app}/chatgroups/{group_id}/enable", post(enable_group))
        .route(
            "/{org}/{app}/chatgroups/{group_id}/announcement",
            get(get_announcement).post(set_announcement),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/blocks/users",
            get(blocklist).post(block_users),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/blocks/users/{username}",
            post(block_user).delete(unblock_users),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/mute",
            get(mute_list).post(mute_members),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/mute/{username}",
            delete(unmute_members),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/ban",
            post(mute_all).delete(unmute_all),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/white/users",
            get(allowlist).post(allow_users),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/white/users/{username}",
            get(is_allowed).post(allow_user).delete(disallow_users),
        )
        .route(
            "/{org}/{app}/sdk/chatgroups/{group_id}/mute/{username}",
            get(is_muted),
        )
}

type Reply = Result<Envelope, EasemobError>;

// ---- Who is asking, and about whom

/// The caller's standing in a group: an app token (`user: None`) may do everything.
struct Standing<'a> {
    user: Option<&'a User>,
    role: Option<GroupRole>,
}

impl Standing<'_> {
    fn require(&self, group: &Group, operation: GroupOperation) -> Result<(), NatterError> {
        match self.user {
            None => Ok(()),
            Some(user) => group::authorize(self.role, operation, group, &user.username),
        }
    }
}

/// Reads the caller's role once, so that per-target checks cost no further query.
async fn standing<'a>(
    state: &AppState,
    context: &AppContext,
    caller: &'a Caller,
    group: &Group,
) -> Result<Standing<'a>, NatterError> {
    match caller {
        Caller::App => Ok(Standing {
            user: None,
            role: None,
        }),
        Caller::User(user) => Ok(Standing {
            user: Some(user),
            role: state
                .store
                .member_role(context.app.id, group.id, user.id)
                .await
                .map_err(store_error)?,
        }),
    }
}

/// One user a call names, as written (lower-cased when it is a valid ID), and where it stands.
struct Target {
    name: String,
    relation: Option<GroupRelation>,
}

impl Target {
    fn user_id(&self) -> Option<i64> {
        self.relation.as_ref().and_then(|relation| relation.user_id)
    }

    fn role(&self) -> Option<GroupRole> {
        self.relation.as_ref().and_then(|relation| relation.role)
    }

    fn allowed(&self) -> bool {
        self.relation.as_ref().is_some_and(|relation| relation.allowed)
    }

    fn blocked(&self) -> bool {
        self.relation.as_ref().is_some_and(|relation| relation.blocked)
    }
}

/// Where each of `names` stands in `group`, in one store call. A name that is no valid user ID names
/// nobody.
async fn targets(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    names: &[String],
) -> Result<Vec<Target>, NatterError> {
    let valid: Vec<UserName> = names.iter().filter_map(|name| UserName::lookup(name)).collect();
    let mut relations = state
        .store
        .group_relations(context.app.id, group.id, &valid, crate::now_ms())
        .await
        .map_err(store_error)?
        .into_iter();
    Ok(names
        .iter()
        .map(|name| match UserName::lookup(name) {
            Some(username) => Target {
                name: username.to_string(),
                relation: relations.next().filter(|relation| relation.user_id.is_some()),
            },
            None => Target {
                name: name.clone(),
                relation: None,
            },
        })
        .collect())
}

/// The user IDs of a path segment (`u1,u2`; the SDK's `%2C` arrives decoded), without blanks and
/// repeats (IDs are case-insensitive).
fn split_names(segment: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in segment.split(',').map(str::trim).filter(|name| !name.is_empty()) {
        if !names.iter().any(|known| known.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    names
}

fn not_members(names: &[&str]) -> NatterError {
    NatterError::new(ErrorKind::GroupNotMembers).with_param(names.join(", "))
}

/// A per-user result of the block- and allowlist calls (M11–M14, M21–M23).
fn list_item(action: &str, user: &str, group: &Group, reason: Option<String>) -> Value {
    let mut item = json!({
        "result": reason.is_none(),
        "action": action,
        "user": user,
        "groupid": group.id.to_string(),
    });
    if let (Some(reason), Some(fields)) = (reason, item.as_object_mut()) {
        fields.insert("reason".into(), json!(reason));
    }
    item
}

/// The `data` of a one-user call: the documented object, or with `version=v3` a one-item array (the
/// Web SDK 4.21.1 reads `data[0]`, SDK-REST §4 row 3).
fn single(item: Value, v3: bool) -> Value {
    if v3 { Value::Array(vec![item]) } else { item }
}

fn not_in_group(target: &Target, group: &Group) -> String {
    format!("user: {} doesn't exist in group: {}", target.name, group.id)
}

/// Every target must be one the caller may act on (an admin: plain members only); the owner, who is
/// never a target, is skipped here and handled by each call.
fn require_manage(standing: &Standing<'_>, group: &Group, targets: &[Target]) -> Result<(), NatterError> {
    for target in targets {
        if let Some(role) = target.role().filter(|role| *role != GroupRole::Owner) {
            standing.require(group, GroupOperation::ManageMember(role))?;
        }
    }
    Ok(())
}

// ---- Ban (G2, G3)

async fn set_disabled(
    state: &AppState,
    authenticated: &Authenticated,
    group_id: &str,
    disabled: bool,
) -> Reply {
    // Banning is the app's: the SDK has no such call, and a group's owner must not lift the app's ban.
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let group = load_group(state, context, group_id).await?;
    if !state
        .store
        .set_group_disabled(context.app.id, group.id, disabled, crate::now_ms())
        .await
        .map_err(store_error)?
    {
        return Err(not_found(group_id).into());
    }
    tracing::info!(app = %context.app.key, group = %group.id, disabled, "set group disabled");
    Ok(Envelope::new(context, "post")
        .entities(Vec::new())
        .set("properties", json!({}))
        .data(json!({ "disabled": disabled })))
}

/// `POST /chatgroups/{id}/disable` (G2): nobody sends, and user tokens manage nothing, until enabled.
async fn disable_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    set_disabled(&state, &authenticated, &group_id, true).await
}

/// `POST /chatgroups/{id}/enable` (G3).
async fn enable_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    set_disabled(&state, &authenticated, &group_id, false).await
}

// ---- Announcement (G10, G11)

/// `GET /chatgroups/{id}/announcement` (G10; the SDK's `fetchGroupAnnouncement`): members, and anyone
/// for a public group.
async fn get_announcement(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    standing(&state, &context, &caller, &group)
        .await?
        .require(&group, GroupOperation::ViewAnnouncement)?;
    let announcement = state
        .store
        .group_announcement(context.app.id, group.id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| not_found(&group_id))?;
    Ok(Envelope::new(&context, "get")
        .entities(Vec::new())
        .data(json!({ "announcement": announcement })))
}

/// `POST /chatgroups/{id}/announcement` `{"announcement"}` (G11; `updateGroupAnnouncement`): owner
/// and admins; at most 512 characters; an empty text clears it.
async fn set_announcement(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let announcement = match body_object(&body)?.get("announcement") {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::GroupAnnouncementMissing).into()),
        Some(Value::String(text)) => text.clone(),
        Some(_) => return Err(NatterError::invalid_parameter("announcement must be a string").into()),
    };
    group::validate_announcement(&announcement)?;
    let group = load_group(&state, &context, &group_id).await?;
    standing(&state, &context, &caller, &group)
        .await?
        .require(&group, GroupOperation::Moderate)?;
    if !state
        .store
        .set_group_announcement(context.app.id, group.id, &announcement, crate::now_ms())
        .await
        .map_err(store_error)?
    {
        return Err(not_found(&group_id).into());
    }
    Ok(Envelope::new(&context, "post")
        .entities(Vec::new())
        .data(json!({ "id": group.id.to_string(), "result": true })))
}

// ---- Blocklist (M10–M14)

/// `GET /chatgroups/{id}/blocks/users` (M10; `getGroupBlocklist`): owner and admins.
async fn blocklist(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    standing(&state, &context, &caller, &group)
        .await?
        .require(&group, GroupOperation::ViewModeration)?;
    let names = state
        .store
        .group_blocklist(context.app.id, group.id)
        .await
        .map_err(store_error)?;
    let names: Vec<&str> = names.iter().map(UserName::as_str).collect();
    Ok(Envelope::new(&context, "get")
        .entities(Vec::new())
        .count(names.len())
        .data(json!(names)))
}

/// Blocks the members among `names`: one result per name. `single`: the one-user call, whose
/// refusals (not a member, the owner) are the call's.
async fn block(
    state: &AppState,
    authenticated: &Authenticated,
    group_id: &str,
    names: &[String],
    single_user: bool,
) -> Result<Vec<Value>, NatterError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(state, context, group_id).await?;
    let standing = standing(state, context, caller, &group).await?;
    standing.require(&group, GroupOperation::Moderate)?;
    let targets = targets(state, context, &group, names).await?;
    let is_owner = |target: &Target| target.role() == Some(GroupRole::Owner);
    if single_user && targets.iter().any(is_owner) {
        return Err(NatterError::new(ErrorKind::GroupOwnerProtected));
    }
    let blockable: Vec<i64> = targets
        .iter()
        .filter(|target| target.role().is_some() && !is_owner(target))
        .filter_map(Target::user_id)
        .collect();
    if blockable.is_empty() {
        let strangers: Vec<&str> = targets
            .iter()
            .filter(|target| target.role().is_none())
            .map(|target| target.name.as_str())
            .collect();
        if strangers.is_empty() {
            return Err(NatterError::new(ErrorKind::GroupOwnerProtected));
        }
        return Err(not_members(&strangers));
    }
    require_manage(&standing, &group, &targets)?;
    let blocked = state
        .store
        .block_group_members(context.app.id, group.id, &blockable, crate::now_ms())
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, group = %group.id, users = blocked.len(), "blocked group members");
    Ok(targets
        .iter()
        .map(|target| {
            let reason = match target.role() {
                None => Some(not_in_group(target, &group)),
                Some(GroupRole::Owner) => Some("forbidden operation on group owner!".to_string()),
                Some(_) if target.user_id().is_some_and(|id| blocked.contains(&id)) => None,
                // A concurrent call took the user out first.
                Some(_) => Some(not_in_group(target, &group)),
            };
            list_item("add_blocks", &target.name, &group, reason)
        })
        .collect())
}

/// `POST /chatgroups/{id}/blocks/users/{username}` (M11; `blockGroupMember`).
async fn block_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
    Query(pairs): Pairs,
) -> Reply {
    let mut items = block(&state, &authenticated, &group_id, &[username], true).await?;
    let item = items.pop().unwrap_or(Value::Null);
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(single(item, wants_v3(&pairs))))
}

/// `POST /chatgroups/{id}/blocks/users` `{"usernames"}` (M12; `blockGroupMembers`): up to 100.
async fn block_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let names = names_field(body_object(&body)?, "usernames")?;
    if names.len() > MAX_BLOCK_BATCH {
        return Err(NatterError::new(ErrorKind::GroupBlockTooMany).into());
    }
    let items = block(&state, &authenticated, &group_id, &names, false).await?;
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(Value::Array(items)))
}

/// `DELETE /chatgroups/{id}/blocks/users/{username}` (M13; one: an object, `version=v3` an array) and
/// `/blocks/users/{u1},{u2}` (M14, up to 60: an array). Owner and admins; the users may join again.
async fn unblock_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, usernames)): GroupUserPath,
    Query(pairs): Pairs,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let names = split_names(&usernames);
    if names.len() > MAX_UNBLOCK_BATCH {
        return Err(NatterError::new(ErrorKind::GroupUnblockTooMany).into());
    }
    let group = load_group(&state, &context, &group_id).await?;
    standing(&state, &context, &caller, &group)
        .await?
        .require(&group, GroupOperation::Moderate)?;
    let targets = targets(&state, &context, &group, &names).await?;
    let ids: Vec<i64> = targets
        .iter()
        .filter(|target| target.blocked())
        .filter_map(Target::user_id)
        .collect();
    let unblocked = if ids.is_empty() {
        Vec::new()
    } else {
        state
            .store
            .unblock_group_users(context.app.id, group.id, &ids)
            .await
            .map_err(store_error)?
    };
    if unblocked.is_empty() {
        let names: Vec<&str> = targets.iter().map(|target| target.name.as_str()).collect();
        return Err(not_members(&names).into());
    }
    tracing::info!(app = %context.app.key, group = %group.id, users = unblocked.len(), "unblocked group users");
    let mut items: Vec<Value> = targets
        .iter()
        .map(|target| {
            let reason = (!target.user_id().is_some_and(|id| unblocked.contains(&id))).then(|| {
                format!(
                    "user: {} doesn't exist in blacklist of group: {}",
                    target.name, group.id
                )
            });
            list_item("remove_blocks", &target.name, &group, reason)
        })
        .collect();
    let data = if usernames.contains(',') {
        Value::Array(items)
    } else {
        single(items.pop().unwrap_or(Value::Null), wants_v3(&pairs))
    };
    Ok(Envelope::new(&context, "delete").entities(Vec::new()).data(data))
}

// ---- Mutes (M15–M19)

/// A mute's `expire`: Unix ms, or -1 for a mute until lifted.
fn expire(until: MuteUntil) -> i64 {
    match until {
        MuteUntil::Forever => -1,
        MuteUntil::At(at) => at,
    }
}

/// `GET /chatgroups/{id}/mute` (M15; `getGroupMuteList`): the mutes in force now (a timed mute lifts
/// itself). Owner and admins.
async fn mute_list(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    standing(&state, &context, &caller, &group)
        .await?
        .require(&group, GroupOperation::ViewModeration)?;
    let mutes = state
        .store
        .group_mutes(context.app.id, group.id, crate::now_ms())
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = mutes
        .iter()
        .map(|(user, until)| json!({ "expire": expire(*until), "user": user.as_str() }))
        .collect();
    Ok(Envelope::new(&context, "get")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `POST /chatgroups/{id}/mute` `{"usernames", "mute_duration"}` (M16; `muteGroupMember`): up to 100
/// members for `mute_duration` ms (`-1` until lifted, `0` lifts). `expire` is the end in Unix ms (`-1`
/// until lifted, `0` for a lift). The owner cannot be muted.
async fn mute_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let fields = body_object(&body)?;
    let names = names_field(fields, "usernames")?;
    if names.len() > MAX_MUTE_BATCH {
        return Err(NatterError::new(ErrorKind::GroupMuteTooMany).into());
    }
    let duration = match integer_field(fields, "mute_duration")? {
        None => {
            return Err(NatterError::new(ErrorKind::GroupFieldMissing)
                .with_param("mute_duration")
                .into());
        }
        Some(ms) => MuteDuration::from_ms(ms).ok_or_else(|| {
            NatterError::invalid_parameter("mute_duration must be -1, 0 or a number of milliseconds")
        })?,
    };
    let group = load_group(&state, &context, &group_id).await?;
    let standing = standing(&state, &context, &caller, &group).await?;
    standing.require(&group, GroupOperation::Moderate)?;
    let targets = targets(&state, &context, &group, &names).await?;
    let strangers: Vec<&str> = targets
        .iter()
        .filter(|target| target.role().is_none())
        .map(|target| target.name.as_str())
        .collect();
    if !strangers.is_empty() {
        return Err(not_members(&strangers).into());
    }
    if targets
        .iter()
        .any(|target| target.role() == Some(GroupRole::Owner))
    {
        return Err(NatterError::new(ErrorKind::GroupOwnerProtected).into());
    }
    require_manage(&standing, &group, &targets)?;
    let now = crate::now_ms();
    let until = match duration {
        MuteDuration::Lift => None,
        MuteDuration::Forever => Some(MuteUntil::Forever),
        MuteDuration::For(ms) => Some(MuteUntil::At(now.saturating_add(ms))),
    };
    let ids: Vec<i64> = targets.iter().filter_map(Target::user_id).collect();
    state
        .store
        .set_group_mutes(context.app.id, group.id, &ids, until)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, group = %group.id, users = ids.len(), ?until, "muted group members");
    let expire = until.map_or(0, expire);
    let data: Vec<Value> = targets
        .iter()
        .map(|target| json!({ "result": true, "expire": expire, "user": target.name }))
        .collect();
    Ok(Envelope::new(&context, "post")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `DELETE /chatgroups/{id}/mute/{m1},{m2}` (M17; `unmuteGroupMember`): up to 60. A user that does not
/// exist gets `result: false`; everyone else is unmuted, muted or not (also after leaving the group).
async fn unmute_members(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, usernames)): GroupUserPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let names = split_names(&usernames);
    if names.len() > MAX_UNMUTE_BATCH {
        return Err(NatterError::new(ErrorKind::GroupUnmuteTooMany).into());
    }
    let group = load_group(&state, &context, &group_id).await?;
    let standing = standing(&state, &context, &caller, &group).await?;
    standing.require(&group, GroupOperation::Moderate)?;
    let targets = targets(&state, &context, &group, &names).await?;
    require_manage(&standing, &group, &targets)?;
    let ids: Vec<i64> = targets.iter().filter_map(Target::user_id).collect();
    state
        .store
        .set_group_mutes(context.app.id, group.id, &ids, None)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, group = %group.id, users = ids.len(), "unmuted group members");
    let data: Vec<Value> = targets
        .iter()
        .map(|target| json!({ "result": target.user_id().is_some(), "user": target.name }))
        .collect();
    Ok(Envelope::new(&context, "delete")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `GET /sdk/chatgroups/{id}/mute/{username}` (SDK-only `isInGroupMutelist`): whether the user is
/// muted now. The user itself, or an app token.
async fn is_muted(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
) -> Reply {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let group = load_group(&state, context, &group_id).await?;
    let targets = targets(&state, context, &group, &[username]).await?;
    let muted = targets.first().is_some_and(|target| {
        target
            .relation
            .as_ref()
            .is_some_and(|relation| relation.muted.is_some())
    });
    Ok(Envelope::new(context, "get")
        .entities(Vec::new())
        .data(json!(muted)))
}

async fn set_mute_all(state: &AppState, authenticated: &Authenticated, group_id: &str, on: bool) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(state, context, group_id).await?;
    standing(state, context, caller, &group)
        .await?
        .require(&group, GroupOperation::Moderate)?;
    if !state
        .store
        .set_group_mute_all(context.app.id, group.id, on, crate::now_ms())
        .await
        .map_err(store_error)?
    {
        return Err(not_found(group_id).into());
    }
    tracing::info!(app = %context.app.key, group = %group.id, on, "set group mute-all");
    Ok(Envelope::new(context, if on { "post" } else { "delete" })
        .entities(Vec::new())
        .data(json!({ "mute": on })))
}

/// `POST /chatgroups/{id}/ban` (M18; `disableSendGroupMsg`): mute-all, until lifted. The mute list is
/// left as it is; the owner, admins and the allowlist still send. Owner and admins.
async fn mute_all(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    set_mute_all(&state, &authenticated, &group_id, true).await
}

/// `DELETE /chatgroups/{id}/ban` (M19; `enableSendGroupMsg`).
async fn unmute_all(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    set_mute_all(&state, &authenticated, &group_id, false).await
}

// ---- Allowlist (M20–M23)

/// `GET /chatgroups/{id}/white/users` (M20; `getGroupAllowlist`): the users put on it. Decision: the
/// owner and admins, allowed by their role (§1.5), are not listed unless put on it.
async fn allowlist(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    standing(&state, &context, &caller, &group)
        .await?
        .require(&group, GroupOperation::ViewModeration)?;
    let names = state
        .store
        .group_allowlist(context.app.id, group.id)
        .await
        .map_err(store_error)?;
    let names: Vec<&str> = names.iter().map(UserName::as_str).collect();
    Ok(Envelope::new(&context, "get")
        .entities(Vec::new())
        .count(names.len())
        .data(json!(names)))
}

/// Puts the members among `names` on the allowlist: one result per name; none a member is the 403.
async fn allow(
    state: &AppState,
    authenticated: &Authenticated,
    group_id: &str,
    names: &[String],
) -> Result<Vec<Value>, NatterError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(state, context, group_id).await?;
    let standing = standing(state, context, caller, &group).await?;
    standing.require(&group, GroupOperation::Moderate)?;
    let targets = targets(state, context, &group, names).await?;
    let members: Vec<i64> = targets
        .iter()
        .filter(|target| target.role().is_some())
        .filter_map(Target::user_id)
        .collect();
    if members.is_empty() {
        let names: Vec<&str> = targets.iter().map(|target| target.name.as_str()).collect();
        return Err(not_members(&names));
    }
    require_manage(&standing, &group, &targets)?;
    state
        .store
        .set_group_allowed(context.app.id, group.id, &members, true, crate::now_ms())
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, group = %group.id, users = members.len(), "allowlisted group members");
    Ok(targets
        .iter()
        .map(|target| {
            let reason = target.role().is_none().then(|| not_in_group(target, &group));
            list_item("add_user_whitelist", &target.name, &group, reason)
        })
        .collect())
}

/// `POST /chatgroups/{id}/white/users/{username}` (M21): owner and admins; one member.
async fn allow_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
    Query(pairs): Pairs,
) -> Reply {
    let mut items = allow(&state, &authenticated, &group_id, &[username]).await?;
    let item = items.pop().unwrap_or(Value::Null);
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(single(item, wants_v3(&pairs))))
}

/// `POST /chatgroups/{id}/white/users` `{"usernames"}` (M22; `addUsersToGroupAllowlist`): up to 100.
async fn allow_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let names = names_field(body_object(&body)?, "usernames")?;
    if names.len() > MAX_ALLOW_BATCH {
        return Err(NatterError::new(ErrorKind::GroupAllowTooMany).into());
    }
    let items = allow(&state, &authenticated, &group_id, &names).await?;
    Ok(Envelope::new(&authenticated.context, "post")
        .entities(Vec::new())
        .data(Value::Array(items)))
}

/// `DELETE /chatgroups/{id}/white/users/{u1},{u2}` (M23; `removeGroupAllowlistMember`): up to 60;
/// `data` is always an array (the SDK reads `data[0]` for one user). None on the list is the 403.
async fn disallow_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, usernames)): GroupUserPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let names = split_names(&usernames);
    if names.len() > MAX_DISALLOW_BATCH {
        return Err(NatterError::new(ErrorKind::GroupDisallowTooMany).into());
    }
    let group = load_group(&state, &context, &group_id).await?;
    let standing = standing(&state, &context, &caller, &group).await?;
    standing.require(&group, GroupOperation::Moderate)?;
    let targets = targets(&state, &context, &group, &names).await?;
    let listed: Vec<i64> = targets
        .iter()
        .filter(|target| target.allowed())
        .filter_map(Target::user_id)
        .collect();
    if listed.is_empty() {
        let names: Vec<&str> = targets.iter().map(|target| target.name.as_str()).collect();
        return Err(not_members(&names).into());
    }
    require_manage(&standing, &group, &targets)?;
    let removed = state
        .store
        .set_group_allowed(context.app.id, group.id, &listed, false, crate::now_ms())
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, group = %group.id, users = removed.len(), "un-allowlisted group members");
    let data: Vec<Value> = targets
        .iter()
        .map(|target| {
            let reason = (!target.user_id().is_some_and(|id| removed.contains(&id))).then(|| {
                format!(
                    "user: {} doesn't exist in whitelist of group: {}",
                    target.name, group.id
                )
            });
            list_item("remove_user_whitelist", &target.name, &group, reason)
        })
        .collect();
    Ok(Envelope::new(&context, "delete")
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `GET /chatgroups/{id}/white/users/{username}` (SDK-only `isInGroupAllowlist`): `{member, white}`. A
/// member may ask about itself; the owner and admins about anyone.
async fn is_allowed(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, username)): GroupUserPath,
) -> Reply {
    let Authenticated { context, caller, .. } = authenticated;
    let group = load_group(&state, &context, &group_id).await?;
    let standing = standing(&state, &context, &caller, &group).await?;
    let asks_for_itself = standing
        .user
        .is_some_and(|user| UserName::lookup(&username).as_ref() == Some(&user.username));
    if asks_for_itself {
        standing.require(&group, GroupOperation::ListMembers)?;
    } else {
        standing.require(&group, GroupOperation::ViewModeration)?;
    }
    let targets = targets(&state, &context, &group, &[username]).await?;
    let (member, white) = targets
        .first()
        .map(|target| (target.name.clone(), target.allowed()))
        .unwrap_or_default();
    Ok(Envelope::new(&context, "get")
        .entities(Vec::new())
        .data(json!({ "member": member, "white": white })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_lists_split_on_commas_without_blanks_or_repeats() {
        assert_eq!(split_names("a,b, ,A,c"), vec!["a", "b", "c"]);
        assert_eq!(split_names("solo"), vec!["solo"]);
        assert!(split_names(",,").is_empty());
    }

    /// The Web SDK's REST error mapper (ERRORS.md §2.2), the branches these replies can reach; none of
    /// them depends on the URL naming `chatgroups`.
    fn web_sdk_reading(status: u16, description: &str, error_code: Option<u32>) -> i64 {
        match (status, error_code) {
            (400, Some(60005)) => 609,
            (400, Some(60010))
                if description.contains("exceeds chatgroup user metadata single value limit") =>
            {
                50
            }
            (400, Some(60010)) => 52,
            (403, Some(40005 | 40007 | 91002 | 91101)) => 50,
            (403, Some(60002)) => 603,
            (403, _) if description.contains("can not operate this group, reason: group is disabled") => 608,
            (403, _) => 603,
            (404, _)
                if description.contains("do not find this group")
                    || description.contains("does not exist") =>
            {
                605
            }
            _ => 17,
        }
    }

    #[test]
    fn every_new_group_kind_declares_the_code_the_sdk_reads_from_its_reply() {
        let kinds = [
            ErrorKind::GroupDisabled,
            ErrorKind::GroupAnnouncementMissing,
            ErrorKind::GroupAnnouncementTooLong,
            ErrorKind::GroupUserBlocked,
            ErrorKind::GroupBlockTooMany,
            ErrorKind::GroupUnblockTooMany,
            ErrorKind::GroupMuteTooMany,
            ErrorKind::GroupUnmuteTooMany,
            ErrorKind::GroupAllowTooMany,
            ErrorKind::GroupDisallowTooMany,
            ErrorKind::GroupMemberAttributeKeyTooLong,
            ErrorKind::GroupMemberAttributeValueTooLong,
            ErrorKind::GroupMemberAttributesTooLarge,
            ErrorKind::GroupMemberAttributeNotMembers,
            ErrorKind::GroupMemberAttributeBatchTooLarge,
            ErrorKind::GroupMemberAttributeGroupNotFound,
            ErrorKind::GroupMemberAttributeNotInGroup,
            ErrorKind::GroupMemberAttributeTooManyTargets,
            ErrorKind::GroupMemberAttributeNoPermission,
        ];
        for kind in kinds {
            let params = kind
                .easemob()
                .template
                .map_or(0, |template| template.matches("{}").count());
            let rest = (0..params)
                .fold(NatterError::new(kind), |error, _| error.with_param("u1"))
                .to_rest();
            let read = web_sdk_reading(rest.status, &rest.description, rest.error_code);
            assert_eq!(kind.web_sdk_code(), read, "{kind:?}: {rest:?}");
        }
    }

    #[test]
    fn one_user_replies_are_arrays_for_v3() {
        let item = json!({"result": true});
        assert_eq!(single(item.clone(), false), item);
        assert_eq!(single(item.clone(), true), json!([item]));
    }
}
