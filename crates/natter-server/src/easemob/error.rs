//! Rendering a [`NatterError`] as the Easemob REST error body:
//! `{"error","exception","timestamp","duration","error_description"[,"error_code"]}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use natter_codes::NatterError;
use serde::Serialize;

/// A domain error on its way out through the Easemob door.
#[derive(Debug)]
pub struct EasemobError(pub NatterError);

impl From<NatterError> for EasemobError {
    fn from(error: NatterError) -> EasemobError {
        EasemobError(error)
    }
}

impl From<natter_store::StoreError> for EasemobError {
    fn from(error: natter_store::StoreError) -> EasemobError {
        EasemobError(crate::store_error(error))
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    exception: &'a str,
    timestamp: i64,
    duration: i64,
    error_description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<u32>,
    /// The presence endpoints' refusal also carries its text as `result`, the field the Web SDK reads to
    /// report 505 (ERRORS.md §2.2: `result` == `the app not open presence`).
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'a str>,
}

impl IntoResponse for EasemobError {
    fn into_response(self) -> Response {
        let rendered = self.0.to_rest();
        if rendered.status >= 500 {
            tracing::error!(error = %self.0, "request failed");
        } else {
            tracing::info!(error = %self.0, status = rendered.status, "request refused");
        }
        let status = StatusCode::from_u16(rendered.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = Body {
            error: rendered.error,
            exception: rendered.exception,
            timestamp: crate::now_ms(),
            duration: 0,
            error_description: &rendered.description,
            error_code: rendered.error_code,
            result: (self.0.kind == natter_codes::ErrorKind::PresenceNotEnabled)
                .then_some(rendered.description.as_str()),
        };
        (status, Json(body)).into_response()
    }
}
