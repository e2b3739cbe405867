//! The SMS API rongcloud 2.0.1 calls (`/sendCode.json`, `/verifyCode.json`, `/getImgCode.json`, on its
//! separate `sms_host`): sending verification codes needs an SMS carrier, which Natter does not have. A
//! signed call is answered 1039 (服务不可用, HTTP 503) rather than "no such API", so that an app pointing
//! `sms_host` at Natter learns that the service is missing, not that it mistyped a path.

use super::call::Call;
use super::reply::Reply;
use crate::AppState;
use axum::Router;
use axum::routing::any;
use natter_codes::{ErrorKind, NatterError};

pub(crate) fn routes() -> Router<AppState> {
    // `getImgCode` is a GET in the SDK, the others POSTs: any method gets the same answer.
    Router::new()
        .route("/sendCode.json", any(not_provided))
        .route("/verifyCode.json", any(not_provided))
        .route("/getImgCode.json", any(not_provided))
}

/// Verifies the signature (1002 first, as everywhere), then refuses.
async fn not_provided(call: Call) -> Reply {
    Err(NatterError::new(ErrorKind::ServiceNotProvided)
        .with_detail(format!("app {} asked for the SMS API", call.app.key))
        .into())
}
