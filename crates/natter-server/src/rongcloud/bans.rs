//! Timed bans (封禁): `/user/block.json`, `/user/unblock.json`, `/user/block/query.json`, and the task that
//! lifts each ban when its time is up.
//!
//! A RongCloud ban is the users' one ban flag, so a banned user is refused at every door (no token, no
//! login); its deadline is kept by the RongCloud store. Unlike an Easemob ban it voids no token: a ban that
//! lifts leaves the user's tokens working, as RongCloud's do. Unblocking lifts any ban, timed or not.

use super::call::Call;
use super::reply::{Reply, Success};
use super::users::existing_users;
use crate::AppState;
use crate::sessions::DisconnectReason;
use axum::Router;
use axum::extract::State;
use natter_codes::NatterError;
use natter_store::Store;
use serde_json::{Value, json};
use std::sync::Weak;
use std::time::Duration;

/// The most users one block or unblock names (the SDK's limit).
const MAX_USERS_PER_CALL: usize = 20;
/// The longest ban, in minutes (30 days).
const MAX_BAN_MINUTES: i64 = 43_200;
/// The expiry task looks again at least this often, whatever it was told.
const MAX_IDLE: Duration = Duration::from_secs(60);
/// After a store failure it waits this long before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(5);

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/user/block.json", super::endpoint(block))
        .route("/user/unblock.json", super::endpoint(unblock))
        .route("/user/block/query.json", super::endpoint(query))
}

/// `POST /user/block.json` (`userId` up to 20 times, `minute` 1 to 43200): bans the users until then,
/// replacing an earlier deadline, and disconnects their devices.
async fn block(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_USERS_PER_CALL).await?;
    let minutes = call
        .params
        .integer("minute")?
        .ok_or_else(|| NatterError::invalid_parameter("minute is required"))?;
    if !(1..=MAX_BAN_MINUTES).contains(&minutes) {
        return Err(NatterError::invalid_parameter(format!(
            "minute must be between 1 and {MAX_BAN_MINUTES}"
        ))
        .into());
    }
    let now_ms = crate::now_ms();
    let until_ms = now_ms.saturating_add(minutes * 60_000);
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    state
        .store
        .ban_users_until(call.app.id, &ids, until_ms, now_ms)
        .await?;
    state.rongcloud.bans_changed.notify_one();
    for user in &users {
        let devices =
            state
                .sessions
                .disconnect_all(call.app.id, &user.username, DisconnectReason::UserBanned);
        tracing::info!(app = %call.app.key, user = %user.username, minutes, devices, "banned user (RongCloud)");
    }
    Ok(Success::new())
}

/// `POST /user/unblock.json` (`userId` up to 20 times): lifts the users' bans.
async fn unblock(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userId", MAX_USERS_PER_CALL).await?;
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    state.store.lift_bans(call.app.id, &ids, crate::now_ms()).await?;
    tracing::info!(app = %call.app.key, count = users.len(), "unbanned users (RongCloud)");
    Ok(Success::new())
}

/// `POST /user/block/query.json`: `users: [{"userId", "blockEndTime"}]`, the soonest deadline first. A user
/// banned without a deadline (through the Easemob door) is not listed: RongCloud bans always have one.
async fn query(State(state): State<AppState>, call: Call) -> Reply {
    let bans = state.store.timed_bans(call.app.id).await?;
    let users: Vec<Value> = bans
        .iter()
        .map(|ban| json!({"userId": ban.username.as_str(), "blockEndTime": super::time::format_ms(ban.until_ms)}))
        .collect();
    Ok(Success::new().with("users", users))
}

/// Lifts every ban whose time is up, then sleeps until the next deadline (or a new ban, or `MAX_IDLE`).
/// Ends once the server's state is gone.
pub(crate) async fn lift_expired_bans(store: Weak<dyn Store>, rongcloud: Weak<super::RongCloudState>) {
    loop {
        let (Some(store_now), Some(rongcloud_now)) = (store.upgrade(), rongcloud.upgrade()) else {
            return;
        };
        let wait = match lift_due(store_now.as_ref()).await {
            Ok(Some(deadline_ms)) => {
                let until = u64::try_from(deadline_ms.saturating_sub(crate::now_ms())).unwrap_or(0);
                Duration::from_millis(until).min(MAX_IDLE)
            }
            Ok(None) => MAX_IDLE,
            Err(error) => {
                tracing::error!(%error, "lifting expired bans failed; trying again");
                RETRY_AFTER
            }
        };
        drop(store_now);
        // A ban added since the deadline was read left a permit (`notify_one`), so this returns at once.
        let _ = tokio::time::timeout(wait, rongcloud_now.bans_changed.notified()).await;
    }
}

/// Lifts the bans that are due and returns the next deadline.
async fn lift_due(store: &dyn Store) -> Result<Option<i64>, natter_store::StoreError> {
    for lifted in store.lift_expired_bans(crate::now_ms()).await? {
        tracing::info!(app_id = lifted.app_id, user = %lifted.username, "ban ended (RongCloud)");
    }
    store.next_ban_deadline().await
}
