//! PROVISION: who the connection is. The token (`MSync.auth` = `"$t$" + token`, or the Provision's
//! `auth_token` JSON) must be a valid user token of the app named by the JID, for the JID's user; the
//! user must exist and not be banned; the device limits apply. The reply echoes the resource and
//! session, and carries the token's absolute expiry so that the SDK's token events fire (ERRORS.md §1.3).

use crate::AppState;
use crate::sessions::DisconnectReason;
use crate::token::Subject;
use natter_codes::{ErrorKind, NatterError};
use natter_core::{App, AppKey, UserName};
use natter_msync::frame::Frame;
use natter_msync::pb;

/// `Status.ErrorCode` RESOURCE_CHANGED: in the SDK's JavaScript enum, absent from its .proto.
const RESOURCE_CHANGED: i32 = 20;

/// A successful login.
#[derive(Clone, Debug)]
pub(crate) struct Login {
    pub(crate) app: App,
    /// `org#app`, as JIDs carry it.
    pub(crate) app_key: String,
    pub(crate) user: UserName,
    pub(crate) resource: String,
    pub(crate) device_uuid: String,
    pub(crate) device_name: String,
    /// The reply to send.
    pub(crate) reply: pb::Provision,
    /// Message ids below this were sent before this connection existed.
    pub(crate) started_id: u64,
}

fn refusal(error: &NatterError) -> pb::Provision {
    pb::Provision {
        status: Some(super::status(Some(error))),
        ..pb::Provision::default()
    }
}

/// A refusal with a raw `Status.ErrorCode` and no reason (codes no error kind renders).
fn refusal_code(code: i32) -> pb::Provision {
    pb::Provision {
        status: Some(pb::Status {
            error_code: Some(code),
            reason: Some(String::new()),
            ..pb::Status::default()
        }),
        ..pb::Provision::default()
    }
}

/// The token the client presents, without the SDK's `$t$` prefix.
fn presented_token(frame: &Frame, provision: &pb::Provision) -> Option<String> {
    let from_json = provision.auth_token.as_deref().and_then(|text| {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|value| {
                value
                    .get("token")
                    .and_then(|token| token.as_str().map(str::to_owned))
            })
    });
    let raw = frame
        .msync
        .auth
        .clone()
        .filter(|auth| !auth.is_empty())
        .or(from_json)
        .or_else(|| {
            provision
                .password
                .clone()
                .filter(|password| password.starts_with("$t$"))
        })?;
    Some(raw.strip_prefix("$t$").unwrap_or(&raw).to_owned())
}

/// Checks the PROVISION; on failure returns the reply to send before closing.
pub(crate) async fn provision(state: &AppState, frame: &Frame) -> Result<Login, pb::Provision> {
    let provision: pb::Provision = frame.payload("Provision").map_err(|error| {
        refusal(&NatterError::invalid_parameter("provision").with_detail(error.to_string()))
    })?;
    let guid = frame.msync.guid.clone().unwrap_or_default();
    let failed = |kind: ErrorKind, detail: &str| {
        tracing::info!(?kind, detail, "msync login refused");
        refusal(&NatterError::new(kind))
    };
    let app_key_text = guid.app_key.clone().unwrap_or_default();
    let app_key = AppKey::parse(&app_key_text).map_err(|_| failed(ErrorKind::AuthFailed, "bad app key"))?;
    let app = state
        .store
        .app_by_key(&app_key)
        .await
        .map_err(|error| refusal(&crate::store_error(error)))?
        .ok_or_else(|| failed(ErrorKind::AuthFailed, "unknown app"))?;
    let username = UserName::lookup(guid.name.as_deref().unwrap_or_default())
        .ok_or_else(|| failed(ErrorKind::UserNotFound, "bad user name"))?;
    let token =
        presented_token(frame, &provision).ok_or_else(|| failed(ErrorKind::InvalidPassword, "no token"))?;
    let claims = match state.tokens.verify(&token, crate::now_ms()) {
        Ok(claims) => claims,
        Err(error) if error.kind == ErrorKind::TokenExpired => {
            return Err(failed(ErrorKind::TokenExpired, "token expired"));
        }
        Err(_) => return Err(failed(ErrorKind::InvalidPassword, "token not valid")),
    };
    let token_user = match &claims.subject {
        Subject::User(name) => UserName::lookup(name),
        Subject::App => None,
    };
    if claims.app_id != app.id || token_user.as_ref() != Some(&username) {
        return Err(failed(ErrorKind::InvalidPassword, "token of another user or app"));
    }
    let user = state
        .store
        .user_by_name(app.id, &username)
        .await
        .map_err(|error| refusal(&crate::store_error(error)))?
        .ok_or_else(|| failed(ErrorKind::UserNotFound, "user deleted"))?;
    if !user.activated {
        return Err(failed(ErrorKind::UserBanned, "user banned"));
    }
    if claims.issued_ms < user.tokens_valid_after_ms.max(user.created_ms) {
        return Err(failed(ErrorKind::InvalidPassword, "token revoked"));
    }
    let resource = provision
        .resource
        .clone()
        .filter(|resource| !resource.is_empty())
        .or_else(|| guid.client_resource.clone())
        .unwrap_or_else(crate::new_uuid);
    let others: Vec<String> = state
        .sessions
        .devices(app.id, &username)
        .into_iter()
        .map(|device| device.resource)
        .filter(|other| *other != resource)
        .collect();
    let msync = &state.config.msync;
    let device = provision.device_uuid.clone().unwrap_or_default();
    if !msync.multi_device && !msync.kick_other_devices {
        // The first device keeps the account. A device logged in by hand becomes the user's device; an
        // automatic login (a reconnect) of any other device is refused as a device change.
        let manual = provision.is_manual_login.unwrap_or(true);
        let last_manual = state.sessions.last_manual_device(app.id, &username);
        let code = if !others.is_empty() {
            Some(pb::status::ErrorCode::BindAnotherDevice as i32)
        } else if !manual && last_manual.as_ref().is_some_and(|last| *last != device) {
            // RESOURCE_CHANGED is 20 in the SDK's enum but not in its embedded schema (ERRORS.md §1.1).
            Some(RESOURCE_CHANGED)
        } else {
            None
        };
        if let Some(code) = code {
            tracing::info!(code, "msync login refused: another device holds the account");
            return Err(refusal_code(code));
        }
        if manual {
            state.sessions.set_last_manual_device(app.id, &username, &device);
        }
    } else if !msync.multi_device {
        // One device at a time: the new login wins, the others are told why (SDK 206).
        let note = provision.reason.clone().filter(|reason| !reason.is_empty());
        for (other, mailbox) in state.sessions.mailboxes(app.id, &username) {
            if other != resource
                && let Some(note) = &note
            {
                mailbox.set_kick_note(note.clone());
            }
        }
        for other in &others {
            state
                .sessions
                .disconnect(app.id, &username, other, DisconnectReason::LoginElsewhere);
        }
    } else if others.len() >= msync.max_devices {
        tracing::info!(devices = others.len(), "msync login refused: too many devices");
        // TOO_MANY_DEVICES (13): the SDK reports 214 USER_LOGIN_TOO_MANY_DEVICES (ERRORS.md §1.1).
        return Err(refusal_code(pb::status::ErrorCode::TooManyDevices as i32));
    }
    let auth_token = claims
        .expires_ms
        .map(|expires_ms| serde_json::json!({ "expires_in": expires_ms }).to_string());
    let reply = pb::Provision {
        status: Some(super::status(None)),
        resource: Some(resource.clone()),
        session_id: provision.session_id.clone(),
        auth_token,
        ..pb::Provision::default()
    };
    let now_ms = crate::now_ms();
    Ok(Login {
        app_key: app.key.to_string(),
        app,
        user: username,
        device_uuid: provision.device_uuid.clone().unwrap_or_default(),
        device_name: provision.device_name.clone().unwrap_or_default(),
        resource,
        reply,
        started_id: u64::try_from(now_ms).unwrap_or(0) << 16,
    })
}
