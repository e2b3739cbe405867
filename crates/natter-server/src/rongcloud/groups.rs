//! Groups (群组) at the RongCloud door: `/group/{create,join,quit,dismiss,refresh,sync}.json`,
//! `/group/user/query.json`, `/user/group/query.json`, member gags (`/group/user/gag/…`), mute-all
//! (`/group/ban/…`) and its whitelist (`/group/user/ban/whitelist/…`).
//!
//! They are the app's groups, the ones the Easemob door serves: a group made here has an Easemob id too
//! (generated) and the RongCloud id the caller chose (kept by the RongCloud store); a group made through the
//! Easemob door is named here by its Easemob id. A gag is the group's member mute, mute-all the group's
//! mute-all and the whitelist its allowlist, so both doors see and enforce the same.
//!
//! Decisions (RongCloud groups have no owner, Easemob groups must have one):
//! - `/group/create.json` makes the first `userId` the owner and the others members. The group is private
//!   (no one applies to join), takes no invitations, and holds as many members as the app's plan allows
//!   (RongCloud: 3000). An id that names a group already is 1013 (群组已存在).
//! - `/group/join.json` on a group that does not exist is 1012 (RongCloud's create is the way to make one);
//!   when every user named is a member already it is 1010, otherwise the others join. `groupName` is not
//!   used (`/group/refresh.json` renames).
//! - `/group/quit.json` of users none of whom is a member is 1011. When the owner leaves, the member who
//!   joined first after it becomes the owner; when nobody is left the group is dissolved.
//! - `/group/dismiss.json` takes any existing user (RongCloud: "非群组创建者也可以解散群组").
//! - `/group/sync.json` makes the user's groups exactly those listed (RongCloud: "每次同步是全量群组数据"):
//!   listed groups that do not exist are created with the user as owner, the user joins the listed groups
//!   it is not in, and quits the groups it is in that are not listed.
//! - A gag without `groupId` is the user's global group mute (the Easemob door's `groupchat` mute);
//!   `minute=0` gags until lifted (rc-server-sdk's documented 0 = 永久). Only members are gagged (1011);
//!   a gag outlives the membership, as the Easemob door's mute does.
//! - The gag whitelist is the group's allowlist, which holds members only (1011 for others).

use super::call::Call;
use super::ids;
use super::reply::{Reply, Success};
use super::users::{existing_user, existing_users};
use crate::AppState;
use axum::Router;
use axum::extract::State;
use natter_codes::{ErrorKind, NatterError};
use natter_core::{App, Group, GroupId, GroupLimits, User};
use natter_store::{
    GroupCreate, GroupQuit, GroupUpdate, GroupUpdateOutcome, MembersAdd, MuteScope, MuteUntil, NewGroup,
    StoreError,
};
use serde_json::{Value, json};

/// Users one create, join or quit names at most (rc-server-sdk's limit).
const MAX_MEMBERS_PER_CALL: usize = 1000;
/// Users one gag or whitelist call names at most, and groups one ban call.
const MAX_PER_GAG_CALL: usize = 20;
/// The longest group name, in characters (the Easemob door's limit; RongCloud's is 128 too).
const MAX_NAME_CHARS: usize = natter_core::group::MAX_NAME_CHARS;
/// Members read per page when a list is read whole.
const PAGE: u32 = 1000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/group/create.json", super::endpoint(create))
        .route("/group/join.json", super::endpoint(join))
        .route("/group/quit.json", super::endpoint(quit))
        .route("/group/dismiss.json", super::endpoint(dismiss))
        .route("/group/refresh.json", super::endpoint(refresh))
        .route("/group/sync.json", super::endpoint(sync))
        .route("/group/user/query.json", super::endpoint(members))
        .route("/user/group/query.json", super::endpoint(user_groups))
        .route("/group/user/gag/add.json", super::endpoint(gag_add))
        .route("/group/user/gag/rollback.json", super::endpoint(gag_rollback))
        .route("/group/user/gag/list.json", super::endpoint(gag_list))
        .route("/group/ban/add.json", super::endpoint(ban_add))
        .route("/group/ban/rollback.json", super::endpoint(ban_rollback))
        .route("/group/ban/query.json", super::endpoint(ban_query))
        .route(
            "/group/user/ban/whitelist/add.json",
            super::endpoint(whitelist_add),
        )
        .route(
            "/group/user/ban/whitelist/rollback.json",
            super::endpoint(whitelist_rollback),
        )
        .route(
            "/group/user/ban/whitelist/query.json",
            super::endpoint(whitelist_query),
        )
}

/// 1012 for a RongCloud group id.
pub(crate) fn group_not_found(rongcloud_id: &str) -> NatterError {
    NatterError::new(ErrorKind::GroupNotFound)
        .with_param(rongcloud_id)
        .with_detail(format!("no group {rongcloud_id:?}"))
}

/// The group a RongCloud id names: the group the RongCloud door made under this id, else the Easemob group
/// with this (decimal) id, unless that group has a RongCloud id of its own (one name per group here).
pub(crate) async fn find_group(
    state: &AppState,
    app: &App,
    rongcloud_id: &str,
) -> Result<Option<Group>, NatterError> {
    let store = &state.store;
    let id = match store
        .rongcloud_group(app.id, rongcloud_id)
        .await
        .map_err(crate::store_error)?
    {
        Some(id) => id,
        None => {
            let Some(id) = GroupId::parse(rongcloud_id) else {
                return Ok(None);
            };
            let aliases = store
                .rongcloud_group_ids(app.id, &[id])
                .await
                .map_err(crate::store_error)?;
            if aliases.contains_key(&id) {
                return Ok(None);
            }
            id
        }
    };
    store.group(app.id, id).await.map_err(crate::store_error)
}

/// The group a RongCloud id names, or 1012.
pub(crate) async fn existing_group(
    state: &AppState,
    app: &App,
    rongcloud_id: &str,
) -> Result<Group, NatterError> {
    find_group(state, app, rongcloud_id)
        .await?
        .ok_or_else(|| group_not_found(rongcloud_id))
}

/// The RongCloud ids of groups: their RongCloud id, or their Easemob id.
async fn rongcloud_names(
    state: &AppState,
    app: &App,
    groups: &[GroupId],
) -> Result<Vec<String>, NatterError> {
    let aliases = state
        .store
        .rongcloud_group_ids(app.id, groups)
        .await
        .map_err(crate::store_error)?;
    Ok(groups
        .iter()
        .map(|id| aliases.get(id).cloned().unwrap_or_else(|| id.to_string()))
        .collect())
}

fn user_ids(users: &[User]) -> Vec<i64> {
    users.iter().map(|user| user.id).collect()
}

fn names(users: &[User]) -> String {
    users
        .iter()
        .map(|user| user.username.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The user ID of row id `user_id` among `users`, for an error text.
fn user_named(users: &[User], user_id: i64) -> String {
    users
        .iter()
        .find(|user| user.id == user_id)
        .map_or_else(|| user_id.to_string(), |user| user.username.to_string())
}

/// Makes a group `rongcloud_id` with `owner` and `members`.
async fn create_group(
    state: &AppState,
    app: &App,
    rongcloud_id: &str,
    name: &str,
    owner: &User,
    members: &[User],
) -> Result<Group, NatterError> {
    let limits: GroupLimits = state
        .store
        .group_settings(app.id)
        .await
        .map_err(crate::store_error)?;
    let member_ids: Vec<i64> = members
        .iter()
        .map(|user| user.id)
        .filter(|&id| id != owner.id)
        .collect();
    let now = crate::now_ms();
    let id = GroupId::new(state.ids.next(now))
        .ok_or_else(|| NatterError::new(ErrorKind::Internal).with_detail("group id out of range"))?;
    let group = NewGroup {
        id,
        owner_id: owner.id,
        name: name.to_string(),
        description: String::new(),
        avatar: String::new(),
        custom: String::new(),
        public: false,
        members_only: false,
        allow_invites: false,
        invite_need_confirm: false,
        max_users: limits.max_users_per_group,
        member_ids,
        created_ms: now,
    };
    let everyone: Vec<User> = std::iter::once(owner.clone())
        .chain(members.iter().cloned())
        .collect();
    match state
        .store
        .create_rongcloud_group(app.id, rongcloud_id, group, &limits)
        .await
    {
        Ok(GroupCreate::Created(group)) => {
            tracing::info!(app = %app.key, group = %group.id, rongcloud_id, owner = %group.owner, "created group (RongCloud)");
            Ok(group)
        }
        Ok(GroupCreate::AppFull) => {
            Err(NatterError::new(ErrorKind::GroupAppQuota).with_param(app.key.to_string()))
        }
        Ok(GroupCreate::UserFull(user_id)) => {
            Err(NatterError::new(ErrorKind::GroupUserQuota).with_param(user_named(&everyone, user_id)))
        }
        Ok(GroupCreate::TooManyMembers) => Err(NatterError::new(ErrorKind::GroupMembersTooMany)),
        Err(StoreError::Conflict(detail)) => Err(NatterError::new(ErrorKind::GroupIdTaken)
            .with_param(rongcloud_id)
            .with_detail(detail)),
        Err(error) => Err(crate::store_error(error)),
    }
}

/// Adds users to a group; the ones already in stay. Returns the row ids added.
async fn add_members(
    state: &AppState,
    app: &App,
    group: &Group,
    users: &[User],
) -> Result<Vec<i64>, NatterError> {
    let limits = state
        .store
        .group_settings(app.id)
        .await
        .map_err(crate::store_error)?;
    let outcome = state
        .store
        .add_group_members(app.id, group.id, &user_ids(users), &limits, crate::now_ms())
        .await
        .map_err(crate::store_error)?;
    match outcome {
        MembersAdd::Added(added) => Ok(added),
        MembersAdd::NoGroup => {
            Err(NatterError::new(ErrorKind::GroupNotFound).with_param(group.id.to_string()))
        }
        MembersAdd::GroupFull => Err(NatterError::new(ErrorKind::GroupFull)),
        MembersAdd::UserFull(user_id) => {
            Err(NatterError::new(ErrorKind::GroupUserQuota).with_param(user_named(users, user_id)))
        }
        MembersAdd::Blocked(user_id) => {
            Err(NatterError::new(ErrorKind::GroupUserBlocked).with_detail(format!(
                "{} is on the blocklist of {}",
                user_named(users, user_id),
                group.id
            )))
        }
    }
}

/// `groupName`, required, at most 128 characters.
fn group_name(call: &Call) -> Result<&str, NatterError> {
    ids::check_name("groupName", call.params.required("groupName")?, MAX_NAME_CHARS)
}

/// `POST /group/create.json` (`userId` 1 to 1000 times, `groupId`, `groupName`).
async fn create(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let name = group_name(&call)?;
    let users = existing_users(&state, &call, "userId", MAX_MEMBERS_PER_CALL).await?;
    if find_group(&state, &call.app, rongcloud_id).await?.is_some() {
        return Err(NatterError::new(ErrorKind::GroupIdTaken)
            .with_param(rongcloud_id)
            .into());
    }
    let (owner, members) = users
        .split_first()
        .ok_or_else(|| NatterError::invalid_parameter("userId is required"))?;
    create_group(&state, &call.app, rongcloud_id, name, owner, members).await?;
    Ok(Success::new())
}

/// `POST /group/join.json` (`userId` 1 to 1000 times, `groupId`, `groupName` unused).
async fn join(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    if let Some(name) = call.params.given("groupName") {
        ids::check_name("groupName", name, MAX_NAME_CHARS)?;
    }
    let users = existing_users(&state, &call, "userId", MAX_MEMBERS_PER_CALL).await?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    let added = add_members(&state, &call.app, &group, &users).await?;
    if added.is_empty() {
        return Err(NatterError::new(ErrorKind::GroupMembersAlreadyIn)
            .with_param(names(&users))
            .with_param(rongcloud_id)
            .into());
    }
    tracing::info!(app = %call.app.key, group = %group.id, count = added.len(), "joined group (RongCloud)");
    Ok(Success::new())
}

/// Takes users out of a group (see the module's decisions). Returns how many left.
async fn leave(state: &AppState, app: &App, group: &Group, users: &[User]) -> Result<usize, NatterError> {
    let outcome = state
        .store
        .quit_rongcloud_group(app.id, group.id, &user_ids(users), crate::now_ms())
        .await
        .map_err(crate::store_error)?;
    match outcome {
        GroupQuit::Removed(removed) => Ok(removed.len()),
        GroupQuit::Dissolved(removed) => {
            tracing::info!(app = %app.key, group = %group.id, "the last members left: group dissolved (RongCloud)");
            Ok(removed.len())
        }
        GroupQuit::NoGroup => {
            Err(NatterError::new(ErrorKind::GroupNotFound).with_param(group.id.to_string()))
        }
    }
}

/// `POST /group/quit.json` (`userId` 1 to 1000 times, `groupId`).
async fn quit(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let users = existing_users(&state, &call, "userId", MAX_MEMBERS_PER_CALL).await?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    if leave(&state, &call.app, &group, &users).await? == 0 {
        return Err(NatterError::new(ErrorKind::GroupNotMembers)
            .with_param(names(&users))
            .into());
    }
    Ok(Success::new())
}

/// `POST /group/dismiss.json` (`userId`, `groupId`).
async fn dismiss(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    if !state.store.delete_group(call.app.id, group.id).await? {
        return Err(group_not_found(rongcloud_id).into());
    }
    tracing::info!(app = %call.app.key, group = %group.id, by = %user.username, "dismissed group (RongCloud)");
    Ok(Success::new())
}

/// `POST /group/refresh.json` (`groupId`, `groupName`): renames the group.
async fn refresh(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let name = group_name(&call)?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    let update = GroupUpdate {
        name: Some(name.to_string()),
        ..GroupUpdate::default()
    };
    match state
        .store
        .update_group(call.app.id, group.id, update, crate::now_ms())
        .await?
    {
        GroupUpdateOutcome::Updated(_) => Ok(Success::new()),
        GroupUpdateOutcome::NoGroup => Err(group_not_found(rongcloud_id).into()),
        // Only the name changes.
        GroupUpdateOutcome::MaxUsersBelowMembers => Err(NatterError::new(ErrorKind::Internal)
            .with_detail("a rename changed maxusers")
            .into()),
    }
}

/// `POST /group/sync.json` (`userId`, `group[<groupId>]=<groupName>` any number of times).
async fn sync(State(state): State<AppState>, call: Call) -> Reply {
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let mut listed: Vec<(&str, &str)> = Vec::new();
    for (rongcloud_id, name) in call.params.bracketed("group") {
        ids::check_id("group[id]", rongcloud_id)?;
        ids::check_name("group[id]", name, MAX_NAME_CHARS)?;
        if !listed.iter().any(|(known, _)| *known == rongcloud_id) {
            listed.push((rongcloud_id, name));
        }
    }
    let mut kept: Vec<GroupId> = Vec::with_capacity(listed.len());
    for (rongcloud_id, name) in listed {
        let group = match find_group(&state, &call.app, rongcloud_id).await? {
            Some(group) => {
                // The name of a group that exists is kept (RongCloud: 如群 Id 已经存在，则不会刷新对应群组名称).
                add_members(&state, &call.app, &group, std::slice::from_ref(&user)).await?;
                group
            }
            None => create_group(&state, &call.app, rongcloud_id, name, &user, &[]).await?,
        };
        kept.push(group.id);
    }
    let total = state.store.count_user_groups(call.app.id, user.id).await?;
    let joined = state
        .store
        .user_groups(call.app.id, user.id, 0, u32::try_from(total).unwrap_or(u32::MAX))
        .await?;
    for (group, _) in joined.iter().filter(|(group, _)| !kept.contains(&group.id)) {
        leave(&state, &call.app, group, std::slice::from_ref(&user)).await?;
    }
    tracing::info!(app = %call.app.key, user = %user.username, groups = kept.len(), "synced user groups (RongCloud)");
    Ok(Success::new())
}

/// `POST /group/user/query.json` (`groupId`): `users: [{"id"}]`, in join order (the owner first).
async fn members(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    let mut users: Vec<Value> = Vec::new();
    let mut after = None;
    loop {
        let page = state
            .store
            .list_members(call.app.id, group.id, after, 0, PAGE)
            .await?;
        users.extend(page.iter().map(|member| json!({"id": member.username.as_str()})));
        match page.last() {
            Some(last) if page.len() == PAGE as usize => after = Some(last.position),
            _ => break,
        }
    }
    Ok(Success::new().with("users", users))
}

/// `POST /user/group/query.json` (`userId`): `groups: [{"id","name"}]`, in the order the user joined them.
async fn user_groups(State(state): State<AppState>, call: Call) -> Reply {
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let total = state.store.count_user_groups(call.app.id, user.id).await?;
    let joined = state
        .store
        .user_groups(call.app.id, user.id, 0, u32::try_from(total).unwrap_or(u32::MAX))
        .await?;
    let group_ids: Vec<GroupId> = joined.iter().map(|(group, _)| group.id).collect();
    let names = rongcloud_names(&state, &call.app, &group_ids).await?;
    let groups: Vec<Value> = joined
        .iter()
        .zip(names)
        .map(|((group, _), id)| json!({"id": id, "name": group.name}))
        .collect();
    Ok(Success::new().with("groups", groups))
}

/// `{"time","userId","id"}` of a gag: `userId` is what rc-server-sdk documents, `id` what the vendor's
/// Java SDK reads.
fn gag_entry(username: &str, until: MuteUntil) -> Value {
    json!({"time": ids::format_until(until), "userId": username, "id": username})
}

/// The members among `users`, or 1011 naming those who are not.
async fn require_members(
    state: &AppState,
    app: &App,
    group: &Group,
    users: &[User],
) -> Result<(), NatterError> {
    let usernames: Vec<_> = users.iter().map(|user| user.username.clone()).collect();
    let relations = state
        .store
        .group_relations(app.id, group.id, &usernames, crate::now_ms())
        .await
        .map_err(crate::store_error)?;
    let outsiders: Vec<&str> = relations
        .iter()
        .filter(|relation| relation.role.is_none())
        .map(|relation| relation.username.as_str())
        .collect();
    if !outsiders.is_empty() {
        return Err(NatterError::new(ErrorKind::GroupNotMembers).with_param(outsiders.join(",")));
    }
    Ok(())
}

/// `POST /group/user/gag/add.json` (`userId` 1 to 20 times, `groupId` optional, `minute` 0 to 43200).
async fn gag_add(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_GAG_CALL).await?;
    let minutes = ids::minutes(&call.params, 0)?;
    let now = crate::now_ms();
    let until = if minutes == 0 {
        MuteUntil::Forever
    } else {
        ids::until_after(now, minutes)
    };
    match call.params.given("groupId") {
        Some(rongcloud_id) => {
            let group = existing_group(&state, &call.app, ids::check_id("groupId", rongcloud_id)?).await?;
            require_members(&state, &call.app, &group, &users).await?;
            state
                .store
                .set_group_mutes(call.app.id, group.id, &user_ids(&users), Some(until))
                .await?;
        }
        None => {
            for user in &users {
                state
                    .store
                    .set_mutes(
                        call.app.id,
                        &user.username,
                        &[(MuteScope::GroupChat, Some(until))],
                    )
                    .await?;
            }
        }
    }
    tracing::info!(app = %call.app.key, count = users.len(), minutes, "gagged group members (RongCloud)");
    Ok(Success::new())
}

/// `POST /group/user/gag/rollback.json` (`userId` 1 to 20 times, `groupId` optional).
async fn gag_rollback(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_PER_GAG_CALL).await?;
    match call.params.given("groupId") {
        Some(rongcloud_id) => {
            let group = existing_group(&state, &call.app, ids::check_id("groupId", rongcloud_id)?).await?;
            state
                .store
                .set_group_mutes(call.app.id, group.id, &user_ids(&users), None)
                .await?;
        }
        None => {
            for user in &users {
                state
                    .store
                    .set_mutes(call.app.id, &user.username, &[(MuteScope::GroupChat, None)])
                    .await?;
            }
        }
    }
    Ok(Success::new())
}

/// `POST /group/user/gag/list.json` (`groupId` optional): `users: [{"time","userId","id"}]`; without a
/// group, the users gagged in every group.
async fn gag_list(State(state): State<AppState>, call: Call) -> Reply {
    let now = crate::now_ms();
    let users: Vec<Value> = match call.params.given("groupId") {
        Some(rongcloud_id) => {
            let group = existing_group(&state, &call.app, ids::check_id("groupId", rongcloud_id)?).await?;
            state
                .store
                .group_mutes(call.app.id, group.id, now)
                .await?
                .iter()
                .map(|(username, until)| gag_entry(username.as_str(), *until))
                .collect()
        }
        None => global_mutes(&state, &call.app, MuteScope::GroupChat, now)
            .await?
            .iter()
            .map(|(username, until)| gag_entry(username, *until))
            .collect(),
    };
    Ok(Success::new().with("users", users))
}

/// Every global mute of one scope in force at `now_ms`.
pub(crate) async fn global_mutes(
    state: &AppState,
    app: &App,
    scope: MuteScope,
    now_ms: i64,
) -> Result<Vec<(String, MuteUntil)>, NatterError> {
    let mut found = Vec::new();
    let mut offset = 0;
    loop {
        let page = state
            .store
            .list_mutes(app.id, now_ms, offset, PAGE)
            .await
            .map_err(crate::store_error)?;
        found.extend(
            page.iter()
                .filter(|mute| mute.scope == scope)
                .map(|mute| (mute.username.as_str().to_string(), mute.until)),
        );
        if page.len() < PAGE as usize {
            return Ok(found);
        }
        offset += PAGE;
    }
}

/// The groups of a repeated `groupId` (1 to 20), every one existing (1012 for the first that does not).
async fn named_groups(
    state: &AppState,
    call: &Call,
    min: usize,
) -> Result<Vec<(String, Group)>, NatterError> {
    let mut groups = Vec::new();
    for rongcloud_id in ids::ids(&call.params, "groupId", min, MAX_PER_GAG_CALL)? {
        groups.push((
            rongcloud_id.to_string(),
            existing_group(state, &call.app, rongcloud_id).await?,
        ));
    }
    Ok(groups)
}

async fn set_mute_all(state: &AppState, call: &Call, on: bool) -> Reply {
    let groups = named_groups(state, call, 1).await?;
    let now = crate::now_ms();
    for (rongcloud_id, group) in &groups {
        if !state
            .store
            .set_group_mute_all(call.app.id, group.id, on, now)
            .await?
        {
            return Err(group_not_found(rongcloud_id).into());
        }
    }
    tracing::info!(app = %call.app.key, count = groups.len(), on, "group mute-all (RongCloud)");
    Ok(Success::new())
}

/// `POST /group/ban/add.json` (`groupId` 1 to 20 times): turns mute-all on.
async fn ban_add(State(state): State<AppState>, call: Call) -> Reply {
    set_mute_all(&state, &call, true).await
}

/// `POST /group/ban/rollback.json` (`groupId` 1 to 20 times): turns mute-all off.
async fn ban_rollback(State(state): State<AppState>, call: Call) -> Reply {
    set_mute_all(&state, &call, false).await
}

/// `POST /group/ban/query.json` (`groupId` 0 to 20 times): `groupinfo: [{"groupId","stat"}]`, `stat` 1 when
/// mute-all is on; without a group, every group whose mute-all is on.
async fn ban_query(State(state): State<AppState>, call: Call) -> Reply {
    let groups = named_groups(&state, &call, 0).await?;
    let info: Vec<Value> = if groups.is_empty() {
        let muted = state.store.muted_group_ids(call.app.id).await?;
        rongcloud_names(&state, &call.app, &muted)
            .await?
            .into_iter()
            .map(|id| json!({"groupId": id, "stat": 1}))
            .collect()
    } else {
        groups
            .iter()
            .map(|(rongcloud_id, group)| json!({"groupId": rongcloud_id, "stat": i32::from(group.mute_all)}))
            .collect()
    };
    Ok(Success::new().with("groupinfo", info))
}

/// `POST /group/user/ban/whitelist/add.json` (`userId` 1 to 20 times, `groupId`).
async fn whitelist_add(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let users = existing_users(&state, &call, "userId", MAX_PER_GAG_CALL).await?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    require_members(&state, &call.app, &group, &users).await?;
    state
        .store
        .set_group_allowed(call.app.id, group.id, &user_ids(&users), true, crate::now_ms())
        .await?;
    Ok(Success::new())
}

/// `POST /group/user/ban/whitelist/rollback.json` (`userId` 1 to 20 times, `groupId`).
async fn whitelist_rollback(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let users = existing_users(&state, &call, "userId", MAX_PER_GAG_CALL).await?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    state
        .store
        .set_group_allowed(call.app.id, group.id, &user_ids(&users), false, crate::now_ms())
        .await?;
    Ok(Success::new())
}

/// `POST /group/user/ban/whitelist/query.json` (`groupId`): `userIds`, in the order they were added.
async fn whitelist_query(State(state): State<AppState>, call: Call) -> Reply {
    let rongcloud_id = ids::required_id(&call.params, "groupId")?;
    let group = existing_group(&state, &call.app, rongcloud_id).await?;
    let allowed = state.store.group_allowlist(call.app.id, group.id).await?;
    let user_ids: Vec<&str> = allowed.iter().map(|name| name.as_str()).collect();
    Ok(Success::new().with("userIds", user_ids))
}
