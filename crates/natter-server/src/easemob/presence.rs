//! Online status, devices and force logout (§2.11–2.15), answered from the session registry that the
//! msync gateway keeps.

use super::auth::Authenticated;
use super::envelope::Envelope;
use super::{EasemobError, EasemobJson};
use crate::AppState;
use crate::sessions::DisconnectReason;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::UserName;
use serde::Deserialize;
use serde_json::{Value, json};

/// The most users one batch status query may name.
const MAX_BATCH_STATUS: usize = 100;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/users/{username}/status", get(status))
        .route("/{org}/{app}/users/batch/status", post(batch_status))
        .route("/{org}/{app}/users/{username}/resources", get(resources))
        .route("/{org}/{app}/users/{username}/disconnect", get(disconnect_all))
        .route(
            "/{org}/{app}/users/{username}/disconnect/{resource}",
            delete(disconnect_device),
        )
}

fn status_text(state: &AppState, app_id: i64, username: &str) -> &'static str {
    match UserName::lookup(username) {
        Some(name) if state.sessions.is_online(app_id, &name) => "online",
        _ => "offline",
    }
}

/// `GET /users/{username}/status`: `online` or `offline`. IDs are not validated, as in the batch form.
async fn status(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let text = status_text(&state, context.app.id, &username);
    Ok(Envelope::new(context, "get")
        .entities(vec![])
        .data(json!({ username: text }))
        .count(0))
}

#[derive(Debug, Deserialize)]
struct BatchStatus {
    usernames: Option<Vec<Value>>,
}

/// `POST /users/batch/status` with `{"usernames":[…]}`, at most 100; unknown IDs are `offline`.
async fn batch_status(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<BatchStatus>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let usernames = body
        .usernames
        .ok_or_else(|| NatterError::invalid_parameter("usernames cannot be null"))?;
    if usernames.len() > MAX_BATCH_STATUS {
        return Err(NatterError::new(ErrorKind::StatusBatchTooLarge).into());
    }
    let data: Vec<Value> = usernames
        .iter()
        .map(|value| {
            let name = value.as_str().map_or_else(|| value.to_string(), str::to_string);
            let text = status_text(&state, context.app.id, &name);
            json!({ name: text })
        })
        .collect();
    Ok(Envelope::bare(context, "get batch user status").data(Value::Array(data)))
}

/// `GET /users/{username}/resources`: the connected devices.
async fn resources(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let user = super::users::find_user(&state, context, &username)
        .await?
        .ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    let devices: Vec<Value> = state
        .sessions
        .devices(context.app.id, &user.username)
        .into_iter()
        .map(|device| json!({"res": device.resource, "device_uuid": device.device_uuid, "device_name": device.device_name}))
        .collect();
    Ok(Envelope::new(context, "get")
        .entities(vec![])
        .data(Value::Array(devices)))
}

/// `GET /users/{username}/disconnect`: every device of the user is logged out. `result` is whether the
/// order was carried out (a user with no connected device is already offline: `true`).
async fn disconnect_all(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let user = super::users::find_user(&state, context, &username)
        .await?
        .ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    let count = state
        .sessions
        .disconnect_all(context.app.id, &user.username, DisconnectReason::ForcedLogout);
    tracing::info!(app = %context.app.key, user = %user.username, devices = count, "forced logout");
    Ok(Envelope::new(context, "get")
        .entities(vec![])
        .data(json!({"result": true}))
        .count(0))
}

/// `DELETE /users/{username}/disconnect/{resource}`: one device; `result` is whether it was connected.
async fn disconnect_device(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username, resource)): Path<(String, String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let user = super::users::find_user(&state, context, &username)
        .await?
        .ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    let done = state.sessions.disconnect(
        context.app.id,
        &user.username,
        &resource,
        DisconnectReason::ForcedLogout,
    );
    tracing::info!(app = %context.app.key, user = %user.username, %resource, done, "forced logout of one device");
    Ok(Envelope::new(context, "delete")
        .entities(vec![])
        .data(json!({"result": done})))
}
