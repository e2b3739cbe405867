//! `POST /{org}/{app}/token`: app tokens (`client_credentials`) and user tokens (`password`, `inherit`),
//! and the SDK's token-expiry query.

use super::envelope::user_entity;
use super::{AppContext, EasemobError, EasemobJson};
use crate::AppState;
use crate::store_error;
use crate::token::{Claims, Subject};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use natter_codes::{ErrorKind, NatterError};
use natter_core::{NewUser, User, UserName, UsernameContext};
use serde::Deserialize;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

/// The token request body. `ttl` arrives as a number or, in the vendor's own examples, a string.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenRequest {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    username: Option<String>,
    password: Option<String>,
    #[serde(rename = "autoCreateUser")]
    auto_create_user: Option<Value>,
    ttl: Option<Value>,
}

/// The longest `ttl` accepted, in seconds (100 years): larger values are surely mistakes.
const MAX_TTL_SECS: u64 = 100 * 365 * 24 * 3600;

fn parse_ttl(ttl: Option<&Value>, default_secs: u64) -> Result<u64, NatterError> {
    let invalid = || NatterError::invalid_parameter("ttl must be a non-negative number of seconds");
    let secs = match ttl {
        None | Some(Value::Null) => return Ok(default_secs),
        Some(Value::Number(number)) => number.as_u64().ok_or_else(invalid)?,
        Some(Value::String(text)) => text.trim().parse::<u64>().map_err(|_| invalid())?,
        Some(_) => return Err(invalid()),
    };
    if secs > MAX_TTL_SECS {
        return Err(invalid());
    }
    Ok(secs)
}

fn secrets_match(given: &str, stored: &str) -> bool {
    given.as_bytes().ct_eq(stored.as_bytes()).into()
}

/// Signs a token for `subject` valid `ttl_secs` (0 = forever) from now.
fn issue(state: &AppState, app_id: i64, subject: Subject, ttl_secs: u64) -> String {
    let issued_ms = crate::now_ms();
    let expires_ms = (ttl_secs > 0)
        .then(|| issued_ms.saturating_add(i64::try_from(ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX)));
    state.tokens.issue(&Claims {
        app_id,
        subject,
        issued_ms,
        expires_ms,
    })
}

/// `POST /{org}/{app}/token`: `client_credentials` (app token), `password` and `inherit` (user tokens).
pub(crate) async fn issue_token(
    State(state): State<AppState>,
    context: AppContext,
    headers: HeaderMap,
    EasemobJson(request): EasemobJson<TokenRequest>,
) -> Result<Json<Value>, EasemobError> {
    match request.grant_type.as_deref() {
        Some("client_credentials") => app_token(&state, &context, request),
        Some("password") => password_token(&state, &context, request).await,
        Some("inherit") => inherit_token(&state, &context, &headers, request).await,
        Some(other) => Err(NatterError::invalid_parameter("this is an invalid request.")
            .with_detail(format!("unsupported grant_type {other:?}"))
            .into()),
        None => Err(NatterError::invalid_parameter("this is an invalid request.")
            .with_detail("no grant_type")
            .into()),
    }
}

fn app_token(
    state: &AppState,
    context: &AppContext,
    request: TokenRequest,
) -> Result<Json<Value>, EasemobError> {
    let app = &context.app;
    let client_id = request
        .client_id
        .filter(|id| !id.is_empty())
        .ok_or(NatterError::from(ErrorKind::ClientIdMissing))?;
    let client_secret = request
        .client_secret
        .filter(|secret| !secret.is_empty())
        .ok_or(NatterError::from(ErrorKind::ClientSecretMissing))?;
    if !secrets_match(&client_id, &app.client_id) {
        return Err(NatterError::from(ErrorKind::ClientIdMismatch).into());
    }
    if !secrets_match(&client_secret, &app.client_secret) {
        return Err(NatterError::from(ErrorKind::ClientSecretMismatch).into());
    }
    let ttl_secs = parse_ttl(request.ttl.as_ref(), state.config.default_app_token_ttl_secs)?;
    let token = issue(state, app.id, Subject::App, ttl_secs);
    tracing::info!(app = %app.key, ttl_secs, "issued app token");
    Ok(Json(
        json!({"access_token": token, "expires_in": ttl_secs, "application": app.uuid}),
    ))
}

fn user_token_reply(state: &AppState, context: &AppContext, user: &User, ttl_secs: u64) -> Json<Value> {
    let token = issue(
        state,
        context.app.id,
        Subject::User(user.username.as_str().to_string()),
        ttl_secs,
    );
    tracing::info!(app = %context.app.key, user = %user.username, ttl_secs, "issued user token");
    Json(json!({"access_token": token, "expires_in": ttl_secs, "user": user_entity(user)}))
}

/// `grant_type=password`: the SDK's `open({user, pwd})`.
async fn password_token(
    state: &AppState,
    context: &AppContext,
    request: TokenRequest,
) -> Result<Json<Value>, EasemobError> {
    let ttl_secs = parse_ttl(request.ttl.as_ref(), state.config.default_user_token_ttl_secs)?;
    let username = request
        .username
        .as_deref()
        .and_then(UserName::lookup)
        .ok_or(NatterError::new(ErrorKind::LoginUserNotFound))?;
    let user = state
        .store
        .user_by_name(context.app.id, &username)
        .await
        .map_err(store_error)?
        .ok_or(NatterError::new(ErrorKind::LoginUserNotFound))?;
    let password = request.password.unwrap_or_default();
    if !crate::password::verify(password, user.password_hash.clone()).await? {
        return Err(NatterError::new(ErrorKind::InvalidPassword).into());
    }
    if !user.activated {
        return Err(NatterError::new(ErrorKind::UserBanned).into());
    }
    Ok(user_token_reply(state, context, &user, ttl_secs))
}

/// `grant_type=inherit`: a user token issued on the app's authority (needs the app token), optionally
/// creating the user (`autoCreateUser`).
async fn inherit_token(
    state: &AppState,
    context: &AppContext,
    headers: &HeaderMap,
    request: TokenRequest,
) -> Result<Json<Value>, EasemobError> {
    // No token: the "expired or missing" text every other token-protected call gives (§0.6). The §1.3
    // table also lists `Unable to authenticate (OAuth)`; one answer for one cause keeps clients simple.
    let token = super::auth::bearer_from_headers(headers)
        .ok_or_else(|| NatterError::new(ErrorKind::TokenExpired).with_detail("no token"))?;
    super::auth::authenticate(state, context, token)
        .await?
        .require_app()?;
    let ttl_secs = parse_ttl(request.ttl.as_ref(), state.config.default_user_token_ttl_secs)?;
    let auto_create = matches!(request.auto_create_user, Some(Value::Bool(true)))
        || matches!(&request.auto_create_user, Some(Value::String(text)) if text == "true");
    let raw_name = request.username.unwrap_or_default();
    let username = if auto_create {
        UserName::parse(&raw_name, UsernameContext::Authorized)?
    } else {
        UserName::lookup(&raw_name).ok_or(NatterError::new(ErrorKind::LoginUserNotFound))?
    };
    let existing = state
        .store
        .user_by_name(context.app.id, &username)
        .await
        .map_err(store_error)?;
    let user = match existing {
        Some(user) => user,
        None if !auto_create => return Err(NatterError::new(ErrorKind::LoginUserNotFound).into()),
        None => {
            // A user created this way logs in by token only: it has no password at all.
            let password_hash = crate::password::NO_PASSWORD.to_owned();
            let new_user = NewUser {
                username: username.clone(),
                uuid: crate::new_uuid(),
                password_hash,
                nickname: None,
                created_ms: crate::now_ms(),
            };
            match state.store.create_users(context.app.id, vec![new_user]).await {
                Ok(mut created) => created.pop().ok_or(NatterError::new(ErrorKind::Internal))?,
                // Auto-creating would go over the plan's user quota (§1.3): 429 `resource_limited`.
                Err(natter_store::StoreError::LimitExceeded(detail)) => {
                    return Err(NatterError::new(ErrorKind::UserQuotaExceeded)
                        .with_detail(detail)
                        .into());
                }
                // Another request created the same user meanwhile: no error if it exists now (§1.3).
                Err(natter_store::StoreError::Conflict(_)) => state
                    .store
                    .user_by_name(context.app.id, &username)
                    .await
                    .map_err(store_error)?
                    .ok_or(NatterError::new(ErrorKind::UserCreateConflict))?,
                Err(error) => return Err(store_error(error).into()),
            }
        }
    };
    if !user.activated {
        return Err(NatterError::new(ErrorKind::UserBanned).into());
    }
    Ok(user_token_reply(state, context, &user, ttl_secs))
}

/// `GET /sdk/users/{me}/token/expires` (SDK-only): the absolute expiry of the bearer token, in epoch ms.
/// The SDK's `renewToken()` re-arms its expiry timers from it (SDK-REST §2.1).
pub(crate) async fn token_expiry(
    authenticated: super::auth::Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Json<Value>, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let expires_ms = match authenticated.claims.expires_ms {
        Some(expiry) => expiry,
        // A token without expiry: a time far enough ahead that the SDK never fires its timers.
        None => crate::now_ms().saturating_add(i64::try_from(MAX_TTL_SECS * 1000).unwrap_or(i64::MAX)),
    };
    Ok(Json(json!({"expire_timestamp": expires_ms})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_takes_numbers_and_numeric_strings() {
        assert_eq!(parse_ttl(None, 9).ok(), Some(9));
        assert_eq!(parse_ttl(Some(&json!(0)), 9).ok(), Some(0));
        assert_eq!(parse_ttl(Some(&json!("1024000")), 9).ok(), Some(1_024_000));
        assert!(parse_ttl(Some(&json!(-1)), 9).is_err());
        assert!(parse_ttl(Some(&json!("soon")), 9).is_err());
        assert!(parse_ttl(Some(&json!(MAX_TTL_SECS + 1)), 9).is_err());
    }
}
