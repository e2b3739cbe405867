//! [`Call`]: what every RongCloud endpoint takes. It verifies the signature headers, finds the app, counts
//! the request against the app's rate limit and reads the parameters, refusing in the RongCloud dialect.

use super::form::Params;
use super::reply::RongCloudError;
use super::signature::{self, Refusal};
use crate::AppState;
use crate::rate_limit::EndpointGroup;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use natter_codes::{ErrorKind, NatterError};
use natter_core::App;

/// A verified request of one app: the app and the request's parameters (body, then query string).
#[derive(Clone, Debug)]
pub(crate) struct Call {
    pub(crate) app: App,
    pub(crate) params: Params,
    /// A JSON body as it came: the push endpoints nest objects, which `params` flattens into text.
    pub(crate) json: Option<serde_json::Value>,
}

fn refused(refusal: Refusal) -> RongCloudError {
    RongCloudError(
        NatterError::new(ErrorKind::AuthFailed).with_detail(format!("signature refused: {refusal}")),
    )
}

/// Checks the signature headers of a request: 1002 for every failure, unknown App-Key included.
async fn verify(state: &AppState, headers: &HeaderMap) -> Result<App, RongCloudError> {
    let headers = signature::signature_headers(headers).map_err(refused)?;
    let app = state
        .store
        .app_by_rongcloud_key(headers.app_key)
        .await?
        .ok_or_else(|| {
            RongCloudError(
                NatterError::new(ErrorKind::AuthFailed)
                    .with_detail(format!("unknown App-Key {:?}", headers.app_key)),
            )
        })?;
    let now_ms = crate::now_ms();
    let window_ms = i64::try_from(state.config.rongcloud.signature_window.as_millis()).unwrap_or(i64::MAX);
    let timestamp_ms = signature::timestamp_ms(headers.timestamp).map_err(refused)?;
    if timestamp_ms.abs_diff(now_ms) > window_ms.unsigned_abs() {
        return Err(refused(Refusal::Stale));
    }
    if !signature::signature_matches(&app.rongcloud_app_secret, &headers) {
        return Err(refused(Refusal::BadSignature));
    }
    // A replay of this pair passes the freshness check until timestamp + window, and the timestamp is at
    // most now + window: remembering it for two windows from now covers every replay.
    let forget_at_ms = now_ms.saturating_add(window_ms.saturating_mul(2));
    let capacity = state.config.rongcloud.nonce_cache_per_app;
    if !state.rongcloud.nonces.first_use(
        app.id,
        headers.nonce,
        headers.timestamp,
        now_ms,
        forget_at_ms,
        capacity,
    ) {
        return Err(refused(Refusal::Replayed));
    }
    Ok(app)
}

impl FromRequest<AppState> for Call {
    type Rejection = RongCloudError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let app = verify(state, request.headers()).await?;
        // The RongCloud door has its own quota per app, apart from the same app's Easemob requests.
        if !state.rate_limiters.check(
            &format!("rongcloud:{}", app.rongcloud_app_key),
            EndpointGroup::Users,
        ) {
            return Err(NatterError::new(ErrorKind::RateLimited)
                .with_detail(format!("app {}", app.key))
                .into());
        }
        let query = request
            .uri()
            .query()
            .map(|query| Params::parse_form(query.as_bytes()));
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|content_type| {
                content_type
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/json")
            });
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            let kind = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ErrorKind::PayloadTooLarge
            } else {
                ErrorKind::InvalidParameter
            };
            NatterError::new(kind).with_detail(rejection.body_text())
        })?;
        let (mut params, json) = if is_json && !body.iter().all(u8::is_ascii_whitespace) {
            let value: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|error| NatterError::new(ErrorKind::JsonParse).with_param(error.to_string()))?;
            (Params::from_json(&value)?, Some(value))
        } else {
            (Params::parse_form(&body), None)
        };
        if let Some(query) = query {
            params.extend(query);
        }
        Ok(Call { app, params, json })
    }
}
