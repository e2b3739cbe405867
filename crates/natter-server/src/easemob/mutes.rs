//! Global mute (用户全局禁言, §2.18): set, get one, list. A mute lifts itself when its time is up; the
//! message paths consult the same store before accepting a send.
//!
//! Decision: the feature is always on (the vendor's `user_mute is not used for this app` reply is for apps
//! whose console switch is off; Natter has no such switch).

use super::auth::Authenticated;
use super::envelope::Envelope;
use super::{EasemobError, EasemobJson, EasemobQuery};
use crate::AppState;
use crate::store_error;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::UserName;
use natter_store::{Mute, MuteScope, MuteUntil};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The longest mute, in seconds, as documented.
const MAX_MUTE_SECS: i64 = 2_147_483_647;
const MAX_PAGE_SIZE: u32 = 50;
const DEFAULT_PAGE_SIZE: u32 = 10;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/mutes", post(set_mute).get(list_mutes))
        .route("/{org}/{app}/mutes/{username}", get(get_mute))
}

/// A scope's value: seconds > 0 mutes for that long, 0 lifts, -1 mutes until lifted.
fn parse_duration(scope: MuteScope, value: &Value, now_ms: i64) -> Result<Option<MuteUntil>, NatterError> {
    let invalid = || {
        NatterError::invalid_parameter(format!(
            "{} must be -1, 0 or a number of seconds up to {MAX_MUTE_SECS}",
            scope.as_str()
        ))
    };
    let seconds = value.as_i64().ok_or_else(invalid)?;
    match seconds {
        -1 => Ok(Some(MuteUntil::Forever)),
        0 => Ok(None),
        1..=MAX_MUTE_SECS => Ok(Some(MuteUntil::At(now_ms.saturating_add(seconds * 1000)))),
        _ => Err(invalid()),
    }
}

/// Remaining seconds as the API reports them: -1 for until lifted, rounded up otherwise.
fn remaining_secs(until: MuteUntil, now_ms: i64) -> i64 {
    match until {
        MuteUntil::Forever => -1,
        MuteUntil::At(at) => (at - now_ms + 999).max(0) / 1000,
    }
}

#[derive(Debug, Deserialize)]
struct SetMute {
    username: Option<String>,
    chat: Option<Value>,
    groupchat: Option<Value>,
    chatroom: Option<Value>,
}

/// `POST /mutes`. All three scopes may be omitted: the call succeeds and changes nothing.
async fn set_mute(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<SetMute>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let now = crate::now_ms();
    let mut changes = Vec::new();
    for (scope, value) in [
        (MuteScope::Chat, &body.chat),
        (MuteScope::GroupChat, &body.groupchat),
        (MuteScope::ChatRoom, &body.chatroom),
    ] {
        if let Some(value) = value.as_ref().filter(|value| !value.is_null()) {
            changes.push((scope, parse_duration(scope, value, now)?));
        }
    }
    let username = body
        .username
        .as_deref()
        .and_then(UserName::lookup)
        .ok_or(NatterError::new(ErrorKind::MuteUserNotFound))?;
    if !state
        .store
        .set_mutes(context.app.id, &username, &changes)
        .await
        .map_err(store_error)?
    {
        return Err(NatterError::new(ErrorKind::MuteUserNotFound).into());
    }
    tracing::info!(app = %context.app.key, user = %username, ?changes, "set global mute");
    Ok(Envelope::new(context, "post").data(json!({"result": "ok"})))
}

/// `GET /mutes/{username}`: remaining seconds per scope (0 = not muted), `unixtime` in seconds.
async fn get_mute(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let user = super::users::find_user(&state, context, &username)
        .await?
        .ok_or(NatterError::new(ErrorKind::MuteUserNotFound))?;
    let now = crate::now_ms();
    let mutes = state
        .store
        .user_mutes(context.app.id, &user.username, now)
        .await
        .map_err(store_error)?;
    let mut data = Map::new();
    data.insert(
        "userid".into(),
        json!(format!("{}_{}", context.app.key, user.username)),
    );
    for scope in MuteScope::ALL {
        let remaining = mutes
            .iter()
            .find(|mute| mute.scope == scope)
            .map_or(0, |mute| remaining_secs(mute.until, now));
        data.insert(scope.as_str().into(), json!(remaining));
    }
    data.insert("unixtime".into(), json!(now / 1000));
    Ok(Envelope::new(context, "get").data(Value::Object(data)))
}

#[derive(Debug, Deserialize)]
struct MutePage {
    #[serde(rename = "pageNum")]
    page_num: Option<String>,
    #[serde(rename = "pageSize")]
    page_size: Option<String>,
}

fn page_param(value: Option<&str>, default: u32, max: u32, name: &str) -> Result<u32, NatterError> {
    match value {
        None | Some("") => Ok(default),
        Some(text) => match text.trim().parse::<u32>() {
            Ok(number) if (1..=max).contains(&number) => Ok(number),
            _ => Err(NatterError::invalid_parameter(format!(
                "{name} must be a number between 1 and {max}"
            ))),
        },
    }
}

/// `GET /mutes?pageNum&pageSize`: one item per (user, scope) in force; `unixtime` in seconds.
async fn list_mutes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobQuery(page): EasemobQuery<MutePage>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let size = page_param(
        page.page_size.as_deref(),
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
        "pageSize",
    )?;
    let number = page_param(page.page_num.as_deref(), 1, u32::MAX, "pageNum")?;
    let now = crate::now_ms();
    let offset = (number - 1).saturating_mul(size);
    let mutes: Vec<Mute> = state
        .store
        .list_mutes(context.app.id, now, offset, size)
        .await
        .map_err(store_error)?;
    let items: Vec<Value> = mutes
        .iter()
        .map(|mute| json!({"username": mute.username.as_str(), mute.scope.as_str(): remaining_secs(mute.until, now)}))
        .collect();
    Ok(Envelope::new(context, "get").data(json!({"data": items, "unixtime": now / 1000})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_the_documented_rules() {
        assert_eq!(
            parse_duration(MuteScope::Chat, &json!(-1), 0).ok(),
            Some(Some(MuteUntil::Forever))
        );
        assert_eq!(parse_duration(MuteScope::Chat, &json!(0), 0).ok(), Some(None));
        assert_eq!(
            parse_duration(MuteScope::Chat, &json!(60), 1_000).ok(),
            Some(Some(MuteUntil::At(61_000)))
        );
        assert!(parse_duration(MuteScope::Chat, &json!(-2), 0).is_err());
        assert!(parse_duration(MuteScope::Chat, &json!(MAX_MUTE_SECS + 1), 0).is_err());
        assert!(parse_duration(MuteScope::Chat, &json!("10"), 0).is_err());
    }

    #[test]
    fn remaining_time_rounds_up_and_never_goes_negative() {
        assert_eq!(remaining_secs(MuteUntil::Forever, 0), -1);
        assert_eq!(remaining_secs(MuteUntil::At(10_500), 1_000), 10);
        assert_eq!(remaining_secs(MuteUntil::At(10_001), 1_000), 10);
        assert_eq!(remaining_secs(MuteUntil::At(500), 1_000), 0);
    }
}
