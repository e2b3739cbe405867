//! A user's blacklist (黑名单) and whitelist (白名单): `/user/blacklist/{add,remove,query}.json` and
//! `/user/whitelist/{add,remove,query}.json`.
//!
//! The blacklist is the blocklist the Easemob door keeps (`/users/{u}/blocks`): one list per user, whichever
//! door writes it, with the same limit. The whitelist (the user receives one-to-one messages only from the
//! users on it, where the app turns that on) is RongCloud's alone and kept by the RongCloud store.

use super::call::Call;
use super::reply::{Reply, Success};
use super::users::{existing_user, existing_users};
use crate::AppState;
use axum::Router;
use axum::extract::State;
use natter_codes::{ErrorKind, NatterError};
use natter_core::User;

/// The most users one add or remove names (the SDK's limit).
const MAX_USERS_PER_CALL: usize = 20;
/// The most users on one list: the Easemob door's blocklist limit (`easemob::contacts`), so that the one
/// blocklist has one limit whichever door fills it; the whitelist takes the same.
const MAX_USERS_PER_LIST: u32 = 500;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/user/blacklist/add.json", super::endpoint(blacklist_add))
        .route("/user/blacklist/remove.json", super::endpoint(blacklist_remove))
        .route("/user/blacklist/query.json", super::endpoint(blacklist_query))
        .route("/user/whitelist/add.json", super::endpoint(whitelist_add))
        .route("/user/whitelist/remove.json", super::endpoint(whitelist_remove))
        .route("/user/whitelist/query.json", super::endpoint(whitelist_query))
}

/// The owner (`userId`) and the existing users the list parameter names. A user cannot list itself.
async fn owner_and_targets(
    state: &AppState,
    call: &Call,
    key: &str,
) -> Result<(User, Vec<User>), NatterError> {
    let owner = existing_user(state, &call.app, call.params.required("userId")?).await?;
    let targets = existing_users(state, call, key, MAX_USERS_PER_CALL).await?;
    if targets.iter().any(|target| target.id == owner.id) {
        return Err(NatterError::invalid_parameter(format!(
            "{key} names userId itself"
        )));
    }
    Ok((owner, targets))
}

fn ids(users: &[User]) -> Vec<i64> {
    users.iter().map(|user| user.id).collect()
}

fn full(owner: &User, list: &str) -> NatterError {
    NatterError::new(ErrorKind::BlocklistFull).with_detail(format!(
        "{}'s {list} would pass {MAX_USERS_PER_LIST}",
        owner.username
    ))
}

/// `POST /user/blacklist/add.json` (`userId`, `blackUserId` up to 20 times).
async fn blacklist_add(State(state): State<AppState>, call: Call) -> Reply {
    let (owner, targets) = owner_and_targets(&state, &call, "blackUserId").await?;
    if !state
        .store
        .block_users(owner.id, &ids(&targets), MAX_USERS_PER_LIST, crate::now_ms())
        .await?
    {
        return Err(full(&owner, "blacklist").into());
    }
    // msync hook: sync the blocklist to the owner's devices once the gateway exists (as the Easemob door).
    tracing::info!(app = %call.app.key, owner = %owner.username, count = targets.len(), "blacklisted users");
    Ok(Success::new())
}

/// `POST /user/blacklist/remove.json` (`userId`, `blackUserId` up to 20 times). Removing a user who is not
/// on the list succeeds.
async fn blacklist_remove(State(state): State<AppState>, call: Call) -> Reply {
    let (owner, targets) = owner_and_targets(&state, &call, "blackUserId").await?;
    let removed = state.store.unblock_users(owner.id, &ids(&targets)).await?;
    tracing::info!(app = %call.app.key, owner = %owner.username, removed, "unblacklisted users");
    Ok(Success::new())
}

/// `POST /user/blacklist/query.json` (`userId`): `users`, the IDs in the order they were added.
async fn blacklist_query(State(state): State<AppState>, call: Call) -> Reply {
    let owner = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let mut blocked = state
        .store
        .list_blocked(owner.id, None, MAX_USERS_PER_LIST)
        .await?;
    // The store lists newest first (the Easemob pages); RongCloud's list reads in the order of adding.
    blocked.reverse();
    let users: Vec<&str> = blocked.iter().map(|user| user.username.as_str()).collect();
    Ok(Success::new().with("users", users))
}

/// `POST /user/whitelist/add.json` (`userId`, `whiteUserId` up to 20 times).
async fn whitelist_add(State(state): State<AppState>, call: Call) -> Reply {
    let (owner, targets) = owner_and_targets(&state, &call, "whiteUserId").await?;
    if !state
        .store
        .whitelist_add(owner.id, &ids(&targets), MAX_USERS_PER_LIST, crate::now_ms())
        .await?
    {
        return Err(full(&owner, "whitelist").into());
    }
    tracing::info!(app = %call.app.key, owner = %owner.username, count = targets.len(), "whitelisted users");
    Ok(Success::new())
}

/// `POST /user/whitelist/remove.json` (`userId`, `whiteUserId` up to 20 times).
async fn whitelist_remove(State(state): State<AppState>, call: Call) -> Reply {
    let (owner, targets) = owner_and_targets(&state, &call, "whiteUserId").await?;
    let removed = state.store.whitelist_remove(owner.id, &ids(&targets)).await?;
    tracing::info!(app = %call.app.key, owner = %owner.username, removed, "unwhitelisted users");
    Ok(Success::new())
}

/// `POST /user/whitelist/query.json` (`userId`): `users`, in the order they were added.
async fn whitelist_query(State(state): State<AppState>, call: Call) -> Reply {
    let owner = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let allowed = state.store.whitelist(owner.id).await?;
    let users: Vec<&str> = allowed.iter().map(|name| name.as_str()).collect();
    Ok(Success::new().with("users", users))
}
