//! The RongCloud Server API (融云 Server API), Natter's second front door: signed `POST`s of form (or JSON)
//! parameters to `/user/getToken.json` and the like, answered `{"code":200, …}` or, on failure,
//! `{"code","errorMessage","requestId"}` with the HTTP status the catalog gives the code (seed 000).
//!
//! It serves the same apps and users as the Easemob door: an app's `rongcloud_app_key` and
//! `rongcloud_app_secret` sign its requests, and its users, bans and blocklists are the ones the Easemob
//! door sees.
//!
//! Layout: `call` (the extractor every endpoint takes: signature, app, rate limit, parameters),
//! `signature` (headers, freshness, replay), `form` (lenient parameters), `reply` (bodies and request ids),
//! then one module per API area with its own `routes()`: `users`, `bans`, `lists`, `groups`, `chatrooms`,
//! `settings` (tags, conversation do-not-disturb, sensitive words; `ids` holds what the last three share),
//! `messages` (publish, templates, broadcasts, recall, history; `content` converts RongCloud contents),
//! `status` (status messages, for online devices only), `discussions` (a discussion is a group), `push`
//! (`/push.json`, `/push/user.json`: stored for the push sender to come, their in-app message delivered) and
//! `sms` (rongcloud 2.0.1's SMS calls, refused: Natter has no SMS carrier).

mod bans;
mod call;
mod chatrooms;
mod content;
mod discussions;
mod form;
mod groups;
mod ids;
mod lists;
mod messages;
mod push;
mod reply;
mod settings;
mod signature;
mod sms;
mod status;
mod time;
mod users;

use crate::AppState;
use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use natter_codes::{ErrorKind, NatterError};
use std::sync::Arc;
use std::time::Duration;

/// Settings of the RongCloud door.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RongCloudConfig {
    /// How far a request's `Timestamp` may be from the server's clock, either way.
    pub signature_window: Duration,
    /// The most recent (nonce, timestamp) pairs remembered per app against replays.
    pub nonce_cache_per_app: usize,
    /// Lifetime of the tokens `/user/getToken.json` issues, in seconds; 0 = no expiry, RongCloud's default
    /// (a token still ends with a password change or a permanent ban, as at the Easemob door).
    pub token_ttl_secs: u64,
}

impl Default for RongCloudConfig {
    fn default() -> RongCloudConfig {
        RongCloudConfig {
            signature_window: Duration::from_secs(5 * 60),
            nonce_cache_per_app: 100_000,
            token_ttl_secs: 0,
        }
    }
}

/// What the RongCloud door keeps in memory, in [`AppState`].
#[derive(Debug, Default)]
pub struct RongCloudState {
    nonces: signature::NonceCache,
    /// Woken when a timed ban is added, so that the expiry task reads the earliest deadline again.
    bans_changed: tokio::sync::Notify,
    /// Woken when a timed chat room block is added, for the task that lifts them.
    room_blocks_changed: tokio::sync::Notify,
    /// The message endpoints' per-app quotas, made on first use from the pipeline's settings.
    message_quotas: std::sync::OnceLock<messages::Quotas>,
    /// The push endpoints' per-app quotas.
    push_quotas: std::sync::OnceLock<push::Quotas>,
}

/// The areas of the RongCloud API: the first segment of each of its paths.
const AREAS: &[&str] = &[
    "user",
    "message",
    "statusmessage",
    "group",
    "chatroom",
    "conversation",
    "sensitiveword",
    "wordfilter",
    "push.json",
    "push",
    // rongcloud 2.0.1's SMS calls (sms.rs): one segment, so never an Easemob `/{org}/{app}/…` path.
    "sendCode.json",
    "verifyCode.json",
    "getImgCode.json",
];

/// Whether a path is the RongCloud door's (`/user/….json`, `/push.json`): an Easemob path starts with an
/// org and an app and never ends in `.json` where these areas are.
pub(crate) fn is_rongcloud_path(path: &str) -> bool {
    let path = path.trim_start_matches('/');
    let area = path.split('/').next().unwrap_or("");
    path.ends_with(".json") && AREAS.contains(&area)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(users::routes())
        .merge(bans::routes())
        .merge(lists::routes())
        .merge(groups::routes())
        .merge(chatrooms::routes())
        .merge(settings::routes())
        .merge(messages::routes())
        .merge(status::routes())
        .merge(discussions::routes())
        .merge(push::routes())
        .merge(sms::routes())
        .route_layer(axum::middleware::from_fn(reply::render))
}

/// A RongCloud endpoint: `POST` only, any other method gets the RongCloud 404 body.
fn endpoint<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    post(handler).fallback(reply::wrong_method)
}

/// The fallback for paths no route matches: the RongCloud 404 body for RongCloud paths (an endpoint not
/// built yet), the Easemob one for every other path.
pub(crate) async fn not_found(request: Request) -> Response {
    let path = request.uri().path().to_string();
    if is_rongcloud_path(&path) {
        let error =
            NatterError::new(ErrorKind::RouteNotFound).with_detail(format!("no RongCloud API {path}"));
        return reply::error_response(&error, &reply::request_id(request.headers()));
    }
    crate::easemob::not_found(request.uri().clone())
        .await
        .into_response()
}

/// Starts the door's background work: lifting timed bans when their time is up. It ends by itself once the
/// state is dropped.
pub(crate) fn spawn_background(state: &AppState) {
    tokio::spawn(bans::lift_expired_bans(
        Arc::downgrade(&state.store),
        Arc::downgrade(&state.rongcloud),
    ));
    tokio::spawn(chatrooms::lift_expired_blocks(
        Arc::downgrade(&state.store),
        Arc::downgrade(&state.rongcloud),
    ));
}

#[cfg(test)]
mod tests {
    use super::is_rongcloud_path;

    #[test]
    fn rongcloud_paths_are_told_from_easemob_ones() {
        assert!(is_rongcloud_path("/user/getToken.json"));
        assert!(is_rongcloud_path("/user/block/query.json"));
        assert!(is_rongcloud_path("/group/create.json"));
        assert!(is_rongcloud_path("/push.json"));
        assert!(is_rongcloud_path("/push/user.json"));
        assert!(is_rongcloud_path("/sendCode.json"));
        assert!(!is_rongcloud_path("/user/chat/users"), "org `user`, app `chat`");
        assert!(
            !is_rongcloud_path("/acme/chat/users/bob.json"),
            "a user ID ending in .json"
        );
        assert!(!is_rongcloud_path("/health"));
    }
}
