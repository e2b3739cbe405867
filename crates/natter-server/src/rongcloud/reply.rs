//! RongCloud reply bodies: `{"code":200, …}` on success, `{"code","errorMessage","requestId"}` with the
//! catalog's HTTP status on failure, and the request id in both.
//!
//! Handlers and extractors do not know the request id, so they return a [`Success`] or a [`RongCloudError`]
//! that travels in the response's extensions; [`render`], the layer around every RongCloud route, writes
//! the body with the id of the request (the `x-request-id` the edge assigned, which it also echoes as the
//! `X-Request-ID` response header). A 5xx body says 内部服务器错误 and nothing else; the detail goes to the
//! log under the same request id.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use natter_codes::{ErrorKind, NatterError};
use serde_json::{Map, Value};

/// A successful reply's fields besides `code` and `requestId`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Success(Map<String, Value>);

impl Success {
    /// `{"code":200}`.
    pub(crate) fn new() -> Success {
        Success::default()
    }

    /// Adds a field.
    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Success {
        self.0.insert(key.to_string(), value.into());
        self
    }

    /// A field, to adjust (the discussion endpoint renames the keys of a group reply's `messageUIDs`).
    pub(crate) fn field_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.get_mut(key)
    }
}

/// A domain error on its way out through the RongCloud door.
#[derive(Clone, Debug)]
pub(crate) struct RongCloudError(pub(crate) NatterError);

impl From<NatterError> for RongCloudError {
    fn from(error: NatterError) -> RongCloudError {
        RongCloudError(error)
    }
}

impl From<ErrorKind> for RongCloudError {
    fn from(kind: ErrorKind) -> RongCloudError {
        RongCloudError(NatterError::new(kind))
    }
}

impl From<natter_store::StoreError> for RongCloudError {
    fn from(error: natter_store::StoreError) -> RongCloudError {
        RongCloudError(crate::store_error(error))
    }
}

/// What a RongCloud handler returns.
pub(crate) type Reply = Result<Success, RongCloudError>;

/// A reply waiting for its request id, in the response's extensions.
#[derive(Clone, Debug)]
enum Pending {
    Success(Success),
    Failure(RongCloudError),
}

impl IntoResponse for Success {
    fn into_response(self) -> Response {
        let mut response = StatusCode::OK.into_response();
        response.extensions_mut().insert(Pending::Success(self));
        response
    }
}

impl IntoResponse for RongCloudError {
    fn into_response(self) -> Response {
        let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
        response.extensions_mut().insert(Pending::Failure(self));
        response
    }
}

/// The id the edge gave this request (`SetRequestIdLayer`), or a fresh one if it has none it can print.
pub(crate) fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(crate::REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| !id.is_empty())
        .map_or_else(crate::new_uuid, str::to_string)
}

/// The success body.
fn success_response(success: Success, request_id: &str) -> Response {
    let mut body = Map::with_capacity(success.0.len() + 2);
    body.insert("code".into(), Value::from(200));
    body.extend(success.0);
    body.insert("requestId".into(), Value::from(request_id));
    (StatusCode::OK, Json(Value::Object(body))).into_response()
}

/// The error body, with the catalog's code, text and HTTP status.
pub(crate) fn error_response(error: &NatterError, request_id: &str) -> Response {
    let rendered = error.to_rongcloud();
    if rendered.http_status >= 500 {
        tracing::error!(%error, request_id, "request failed");
    } else {
        tracing::info!(%error, code = rendered.code, request_id, "request refused");
    }
    let status = StatusCode::from_u16(rendered.http_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::json!({
        "code": rendered.code,
        "errorMessage": rendered.error_message,
        "requestId": request_id,
    });
    (status, Json(body)).into_response()
}

/// The layer around every RongCloud route: writes the pending reply's body with the request id.
pub(crate) async fn render(request: Request, next: Next) -> Response {
    let request_id = request_id(request.headers());
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<Pending>() {
        Some(Pending::Success(success)) => success_response(success, &request_id),
        Some(Pending::Failure(RongCloudError(error))) => error_response(&error, &request_id),
        // Every RongCloud handler answers through `Pending`; anything else passes unchanged.
        None => response,
    }
}

/// A RongCloud path with a method it does not take: every endpoint is `POST`.
pub(crate) async fn wrong_method() -> RongCloudError {
    RongCloudError(NatterError::new(ErrorKind::MethodNotAllowed))
}
