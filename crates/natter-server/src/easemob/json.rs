//! A JSON body extractor whose rejections speak the Easemob dialect: 400 `json_parse` for bad JSON,
//! 415 for another content type, 413 for an oversized body.

use super::EasemobError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use natter_codes::{ErrorKind, NatterError};
use serde::de::DeserializeOwned;

/// `Json<T>` for the Easemob door.
#[derive(Debug)]
pub struct EasemobJson<T>(pub T);

impl<S, T> FromRequest<S> for EasemobJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = EasemobError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(EasemobJson(value)),
            Err(rejection) => Err(EasemobError(rejection_to_error(rejection))),
        }
    }
}

fn rejection_to_error(rejection: JsonRejection) -> NatterError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => NatterError::new(ErrorKind::UnsupportedMediaType),
        JsonRejection::JsonSyntaxError(error) => {
            NatterError::new(ErrorKind::JsonParse).with_param(jackson_message(&error.body_text()))
        }
        // Valid JSON of the wrong shape (a string where an object was expected, a field of the wrong type).
        JsonRejection::JsonDataError(error) => NatterError::invalid_parameter(error.body_text()),
        rejection if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            NatterError::new(ErrorKind::PayloadTooLarge)
        }
        rejection => {
            NatterError::invalid_parameter("this is an invalid request.").with_detail(rejection.body_text())
        }
    }
}

/// The parser's message in the vendor's (Jackson's) shape: `<what>\n at [Source: …; line: L, column: C]`.
fn jackson_message(serde_text: &str) -> String {
    // serde_json says "... at line 1 column 23"; axum prefixes it with its own words.
    let text = serde_text
        .rsplit_once(": ")
        .map_or(serde_text, |(_, message)| message);
    match text.rsplit_once(" at line ") {
        Some((what, position)) => {
            let (line, column) = position.split_once(" column ").unwrap_or((position, "0"));
            format!("{what}\n at [Source: request body; line: {line}, column: {column}]")
        }
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::jackson_message;

    #[test]
    fn serde_positions_become_jackson_positions() {
        assert_eq!(
            jackson_message("Failed to parse the request body as JSON: expected `:` at line 1 column 23"),
            "expected `:`\n at [Source: request body; line: 1, column: 23]"
        );
        assert_eq!(jackson_message("EOF while parsing"), "EOF while parsing");
    }
}
