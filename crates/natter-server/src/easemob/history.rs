//! Chat-history files (历史消息记录, users-messages §5.16): `GET /chatmessages/{yyyyMMddHH}` answers a
//! time-limited download URL of the messages sent in that hour; the URL (`…/chatmessages/{time}/file`)
//! answers the file.
//!
//! The file is made when it is downloaded, from the store, so it needs no storage of its own and cannot go
//! stale: messages sent in the hour, in id order (the order they were committed), one JSON record per
//! line, each as §5.16 shows it: `msg_id`, `timestamp`, `direction` (`outgoing`), `to`, `from`,
//! `chat_type`, `payload` `{bodies, ext, from, to}`.
//!
//! Decisions where the reference leaves room:
//! - The hour is UTC ([v2], and the [new] pages' overseas clusters; §13.10).
//! - An hour is served once it is over, for 3 days after (the documented retention): before, or after,
//!   it is 400 `… maybe chat message history is expired or unstored` (a file "not generated yet or past
//!   retention", as the catalog explains the row). An hour in which no message was sent is 404
//!   `storage_object_not_found` (no file). A time that is not `yyyyMMddHH` (or no such date) is 400
//!   `illegal arguments: appkey: …, time: …`. The vendor's files are not real time; these are, so the
//!   24-hour wait the docs recommend is not needed.
//! - Sent messages only: signals (acks, recalls), imported history and recalled messages are not in it;
//!   targeted messages are (they were sent). Deleting conversations or roaming does not change it (§5.16).
//! - The URL holds `Expires` (Unix seconds, 30 minutes on, as in the example) and `Signature`, an
//!   HMAC-SHA256 under the server's token key: it needs no token (the vendor's is an object-store URL).
//!   A bad signature is 403 `chatfile no permission`; an expired URL 404 `file_expired`. Records are
//!   served as `application/octet-stream` (the container format is not documented; this one is plain JSON
//!   lines, uncompressed).
//! - The call itself takes an app token; its rate (10 per minute) is the API's rate limiting's.

use super::auth::Authenticated;
use super::envelope::Envelope;
use super::{AppContext, EasemobError, EasemobQuery};
use crate::messaging::convert::{content_to_rest, key_values_to_ext};
use crate::{AppState, store_error};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use natter_codes::{ErrorKind, NatterError};
use natter_msync::pb;
use natter_store::{Store, StoredMessage};
use prost::Message as _;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// How long a history file is kept after its hour (§5.16: the last 3 days).
const RETENTION_MS: i64 = 3 * 24 * 3600 * 1000;
/// How long a download URL is valid (the example's `Expires` is 30 minutes after the reply).
const URL_LIFETIME_SECS: i64 = 1800;
const HOUR_MS: i64 = 3600 * 1000;
/// Bits of a message id below its millisecond (`natter_core::IdGenerator`).
const ID_TIME_SHIFT: u32 = 16;
/// Messages read per store call while a file streams.
const BATCH: u32 = 500;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/chatmessages/{time}", get(history_url))
        .route("/{org}/{app}/chatmessages/{time}/file", get(history_file))
}

/// The Unix ms of `yyyyMMddHH` (UTC), or `None` when it is not such an hour.
fn hour_start_ms(time: &str) -> Option<i64> {
    if time.len() != 10 || !time.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let field = |range: std::ops::Range<usize>| time.get(range)?.parse::<i64>().ok();
    let (year, month, day, hour) = (field(0..4)?, field(4..6)?, field(6..8)?, field(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if year < 1970 || !(1..=days_in_month).contains(&day) || hour > 23 {
        return None;
    }
    // Howard Hinnant's `days_from_civil`.
    let shifted_year = if month <= 2 { year - 1 } else { year };
    let era = shifted_year.div_euclid(400);
    let year_of_era = shifted_year.rem_euclid(400);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(days * 86_400_000 + hour * HOUR_MS)
}

fn app_key(context: &AppContext) -> String {
    context.app.key.to_string()
}

/// The hour `time` names, once its file exists: over, and within retention.
fn served_hour(context: &AppContext, time: &str, now_ms: i64) -> Result<i64, NatterError> {
    let error = |kind: ErrorKind| {
        NatterError::new(kind)
            .with_param(app_key(context))
            .with_param(time)
    };
    let start = hour_start_ms(time).ok_or_else(|| error(ErrorKind::HistoryBadTime))?;
    let end = start + HOUR_MS;
    if end > now_ms || now_ms - end > RETENTION_MS {
        return Err(error(ErrorKind::HistoryExpired));
    }
    Ok(start)
}

/// The id span of the messages sent in the hour starting at `start_ms`.
fn id_span(start_ms: i64) -> (u64, u64) {
    let id_of = |ms: i64| u64::try_from(ms).unwrap_or(0) << ID_TIME_SHIFT;
    (id_of(start_ms), id_of(start_ms + HOUR_MS))
}

fn signature(state: &AppState, context: &AppContext, time: &str, expires: i64) -> String {
    state
        .tokens
        .sign_hex(format!("natter-history|{}|{time}|{expires}", context.app.id).as_bytes())
}

/// `GET /chatmessages/{time}` (§5.16): `data: [{"url": …}]`.
async fn history_url(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, time)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let now = crate::now_ms();
    let start = served_hour(context, &time, now)?;
    let (from, to) = id_span(start);
    let any = state
        .store
        .messages_in_span(context.app.id, from, to, 1)
        .await
        .map_err(store_error)?;
    if any.is_empty() {
        return Err(NatterError::new(ErrorKind::HistoryNotFound)
            .with_param(app_key(context))
            .with_param(time.as_str())
            .into());
    }
    let expires = now / 1000 + URL_LIFETIME_SECS;
    let url = format!(
        "{}/file?Expires={expires}&Signature={}",
        context.uri,
        signature(&state, context, &time, expires)
    );
    Ok(Envelope::new(context, "get").data(json!([{ "url": url }])))
}

#[derive(Debug, Deserialize)]
struct FileQuery {
    #[serde(rename = "Expires")]
    expires: Option<String>,
    #[serde(rename = "Signature")]
    signature: Option<String>,
}

/// One record of the file (§5.16), with its line break.
fn record(message: &StoredMessage) -> Bytes {
    let body = pb::MessageBody::decode(message.body.as_slice()).unwrap_or_default();
    let line = json!({
        "msg_id": message.id.to_string(),
        "timestamp": message.created_ms,
        "direction": "outgoing",
        "to": message.to,
        "from": message.from_user,
        "chat_type": message.chat_type.as_str(),
        "payload": {
            "bodies": body.contents.iter().map(content_to_rest).collect::<Vec<_>>(),
            "ext": key_values_to_ext(&body.ext),
            "from": message.from_user,
            "to": message.to,
        },
    });
    Bytes::from(format!("{line}\n"))
}

/// `GET /chatmessages/{time}/file?Expires=&Signature=`: the file, streamed in batches from the store.
async fn history_file(
    State(state): State<AppState>,
    context: AppContext,
    Path((_, _, time)): Path<(String, String, String)>,
    EasemobQuery(query): EasemobQuery<FileQuery>,
) -> Result<Response, EasemobError> {
    let refused = || NatterError::new(ErrorKind::FileNoPermission);
    let expires = query
        .expires
        .as_deref()
        .and_then(|text| text.parse::<i64>().ok())
        .ok_or_else(refused)?;
    let given = query.signature.unwrap_or_default();
    let expected = signature(&state, &context, &time, expires);
    if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(refused().with_detail("bad history signature").into());
    }
    let now = crate::now_ms();
    if now / 1000 > expires {
        return Err(NatterError::new(ErrorKind::FileExpired)
            .with_param(time.as_str())
            .into());
    }
    let start = served_hour(&context, &time, now)?;
    let (from, to) = id_span(start);
    let store: Arc<dyn Store> = Arc::clone(&state.store);
    let app_id = context.app.id;
    // `Some(next id)` while there may be more; each step is one store read.
    let stream = futures_util::stream::unfold(Some(from), move |next| {
        let store = Arc::clone(&store);
        async move {
            let next = next?;
            match store.messages_in_span(app_id, next, to, BATCH).await {
                Ok(messages) => {
                    let following = match messages.last() {
                        Some(last) if messages.len() == BATCH as usize => Some(last.id + 1),
                        _ => None,
                    };
                    let chunk: Vec<u8> = messages
                        .iter()
                        .flat_map(|message| record(message).to_vec())
                        .collect();
                    Some((Ok::<Bytes, std::io::Error>(Bytes::from(chunk)), following))
                }
                Err(error) => {
                    // The status is sent already: the body ends early, and the log says why.
                    tracing::error!(%error, "history file read failed");
                    Some((Err(std::io::Error::other("history read failed")), None))
                }
            }
        }
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{time}.json\"")) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::hour_start_ms;

    #[test]
    fn hours_are_read_as_utc_and_checked() {
        assert_eq!(hour_start_ms("1970010100"), Some(0));
        assert_eq!(hour_start_ms("2018112717"), Some(1_543_338_000_000));
        assert_eq!(hour_start_ms("2024022923"), Some(1_709_247_600_000), "a leap day");
        for bad in [
            "2023022900",
            "2018111324x",
            "201811",
            "2018130100",
            "2018110024",
            "1969123123",
            "２０１８１１２７１７",
        ] {
            assert_eq!(hour_start_ms(bad), None, "{bad}");
        }
    }
}
