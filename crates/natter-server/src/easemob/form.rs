//! A form body extractor (`application/x-www-form-urlencoded`) whose rejections speak the Easemob dialect:
//! 415 for another content type, 413 for an oversized body, 400 for a body that does not fit `T`.
//!
//! An endpoint with its own documented 415 (user attributes) takes `Result<EasemobForm<T>, EasemobError>`
//! and replaces the generic one.

use super::EasemobError;
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use natter_codes::{ErrorKind, NatterError};
use serde::de::DeserializeOwned;

/// `Form<T>` for the Easemob door. `T = Vec<(String, String)>` keeps every pair, in order, duplicates
/// included.
#[derive(Debug)]
pub struct EasemobForm<T>(pub T);

impl<S, T> FromRequest<S> for EasemobForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = EasemobError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(EasemobForm(value)),
            Err(rejection) => Err(EasemobError(rejection_to_error(rejection))),
        }
    }
}

fn rejection_to_error(rejection: FormRejection) -> NatterError {
    match rejection {
        FormRejection::InvalidFormContentType(_) => NatterError::new(ErrorKind::UnsupportedMediaType),
        rejection if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            NatterError::new(ErrorKind::PayloadTooLarge)
        }
        // Well-formed pairs that do not fit `T` (a field of the wrong type, a missing field).
        FormRejection::FailedToDeserializeForm(error) => NatterError::invalid_parameter(error.body_text()),
        FormRejection::FailedToDeserializeFormBody(error) => {
            NatterError::invalid_parameter(error.body_text())
        }
        rejection => {
            NatterError::invalid_parameter("this is an invalid request.").with_detail(rejection.body_text())
        }
    }
}
