//! `POST /{org}/{app}/token`: the app token (`grant_type=client_credentials`).
//! The user grants (`password`, `inherit`) arrive with the users API.

use super::{AppContext, EasemobError, EasemobJson};
use crate::AppState;
use crate::token::{Claims, Subject};
use axum::Json;
use axum::extract::State;
use natter_codes::{ErrorKind, NatterError};
use serde::Deserialize;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

/// The token request body. `ttl` arrives as a number or, in the vendor's own examples, a string.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenRequest {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
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

pub(crate) async fn issue_token(
    State(state): State<AppState>,
    context: AppContext,
    EasemobJson(request): EasemobJson<TokenRequest>,
) -> Result<Json<Value>, EasemobError> {
    match request.grant_type.as_deref() {
        Some("client_credentials") => {}
        Some(other) => {
            return Err(NatterError::invalid_parameter("this is an invalid request.")
                .with_detail(format!("unsupported grant_type {other:?}"))
                .into());
        }
        None => return Err(NatterError::invalid_parameter("this is an invalid request.").into()),
    }
    let app = &context.app;
    let client_id = request
        .client_id
        .filter(|id| !id.is_empty())
        .ok_or(ErrorKind::ClientIdMissing)
        .map_err(NatterError::from)?;
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
    let issued_ms = crate::now_ms();
    let expires_ms =
        (ttl_secs > 0).then(|| issued_ms.saturating_add(i64::try_from(ttl_secs * 1000).unwrap_or(i64::MAX)));
    let token = state.tokens.issue(&Claims {
        app_id: app.id,
        subject: Subject::App,
        issued_ms,
        expires_ms,
    });
    tracing::info!(app = %app.key, ttl_secs, "issued app token");
    Ok(Json(
        json!({"access_token": token, "expires_in": ttl_secs, "application": app.uuid}),
    ))
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
