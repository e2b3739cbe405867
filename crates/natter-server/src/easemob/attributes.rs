//! User attributes (用户属性, §3): `PUT`/`GET`/`DELETE /{org}/{app}/metadata/user/{username}`,
//! `POST /metadata/user/get` (batch) and `GET /metadata/user/capacity`.
//!
//! Replies are the bare `{timestamp, data, duration}` the reference documents for this service, not the
//! full envelope. Sizes are counted as `natter_store::attributes` describes: UTF-8 bytes of name plus
//! value, summed over what is stored.

use super::auth::{Authenticated, Caller};
use super::form::EasemobForm;
use super::{AppContext, EasemobError, EasemobJson};
use crate::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, Uri, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use natter_codes::{ErrorKind, NatterError};
use natter_core::UserName;
use natter_store::{AttributeSettings, AttributeWrite};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};

/// The largest set body: "请求 body 为 x-www-form-urlencoded 类型，长度不得超过 4 KB" (userprofile.md).
/// A longer body gets the generic 413.
const MAX_SET_BODY_BYTES: usize = 4 * 1024;

/// The most users one batch query may name.
const MAX_BATCH_TARGETS: usize = 100;

/// The documented length limits of the attributes the client SDKs read, in characters (Unicode scalar
/// values). Other names (`ext`, `gender`, custom keys) are bounded only by the per-user budget; `gender`'s
/// `0`/`1`/`2` is a client convention with no documented error, so any value is stored.
const FIELD_LIMITS: &[(&str, usize)] = &[
    ("nickname", 64),
    ("avatarurl", 256),
    ("phone", 32),
    ("mail", 64),
    ("sign", 256),
    ("birth", 64),
];

pub(crate) fn routes() -> Router<AppState> {
    // `get` and `capacity` are static segments, so matchit prefers them over `{username}`. They still
    // answer the per-user methods they do not document, for the users named `get` and `capacity`;
    // `GET …/capacity` is the capacity query, as on the vendor's server.
    //
    // The set body is capped at 4 KB; the layer closest to the handler wins over the router-wide limit.
    let set = set_attributes.layer(DefaultBodyLimit::max(MAX_SET_BODY_BYTES));
    Router::new()
        .route(
            "/{org}/{app}/metadata/user/get",
            post(batch_get)
                .get(get_attributes)
                .put(set.clone())
                .delete(delete_attributes),
        )
        .route(
            "/{org}/{app}/metadata/user/capacity",
            get(capacity).put(set.clone()).delete(delete_attributes),
        )
        .route(
            "/{org}/{app}/metadata/user/{username}",
            put(set).get(get_attributes).delete(delete_attributes),
        )
}

/// The `{timestamp, data, duration}` reply of every attribute endpoint.
struct MetadataReply {
    data: Value,
    started: std::time::Instant,
}

impl MetadataReply {
    fn new(context: &AppContext, data: Value) -> MetadataReply {
        MetadataReply {
            data,
            started: context.started,
        }
    }
}

impl IntoResponse for MetadataReply {
    fn into_response(self) -> Response {
        let duration = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        axum::Json(json!({
            "timestamp": crate::now_ms(),
            "data": self.data,
            "duration": duration,
        }))
        .into_response()
    }
}

/// The user ID a per-user route addresses: the `{username}` segment, or the static last segment
/// (`get`, `capacity`) when one of those routes serves a per-user method.
fn target_username(params: &HashMap<String, String>, uri: &Uri) -> String {
    match params.get("username") {
        Some(username) => username.clone(),
        None => uri.path().rsplit('/').next().unwrap_or_default().to_string(),
    }
}

/// An app token, or the token of the addressed user; anyone else gets 401 `metadata_error`.
fn require_app_or_owner(caller: &Caller, username: &str) -> Result<(), NatterError> {
    match caller {
        Caller::App => Ok(()),
        Caller::User(user) if Some(&user.username) == UserName::lookup(username).as_ref() => Ok(()),
        Caller::User(user) => Err(NatterError::new(ErrorKind::UserMetadataAuth).with_detail(format!(
            "user {} addressing the attributes of {username}",
            user.username
        ))),
    }
}

/// The app's settings, or 403 when its attribute service is off.
async fn enabled_settings(state: &AppState, context: &AppContext) -> Result<AttributeSettings, NatterError> {
    let settings = state
        .store
        .attribute_settings(context.app.id)
        .await
        .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
    if !settings.enabled {
        return Err(NatterError::new(ErrorKind::UserMetadataDisabled).with_param(context.app.key.to_string()));
    }
    Ok(settings)
}

/// The content type as Spring prints it in its 415 text: parameters joined by `;` without spaces, and
/// `application/octet-stream` for a request that names none.
fn spring_media_type(headers: &HeaderMap) -> String {
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return "application/octet-stream".to_string();
    };
    String::from_utf8_lossy(value.as_bytes())
        .split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(";")
}

/// The pairs to set: the first value of a name given twice (as Spring's `@RequestParam Map` binds a
/// repeated parameter), and no pair without a name.
fn distinct_pairs(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    pairs
        .into_iter()
        .filter(|(name, _)| !name.is_empty() && seen.insert(name.clone()))
        .collect()
}

/// Refuses a documented attribute that is longer than its field.
fn check_field_lengths(pairs: &[(String, String)]) -> Result<(), NatterError> {
    for (name, value) in pairs {
        let limit = FIELD_LIMITS
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, limit)| *limit);
        if let Some(limit) = limit {
            let length = value.chars().count();
            if length > limit {
                return Err(NatterError::new(ErrorKind::UserMetadataColumnLimit)
                    .with_detail(format!("{name} has {length} characters, the limit is {limit}")));
            }
        }
    }
    Ok(())
}

/// `PUT /metadata/user/{username}` with a form body: sets the given pairs, keeps the user's others.
async fn set_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(params): Path<HashMap<String, String>>,
    uri: Uri,
    headers: HeaderMap,
    form: Result<EasemobForm<Vec<(String, String)>>, EasemobError>,
) -> Result<MetadataReply, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let username = target_username(&params, &uri);
    require_app_or_owner(&caller, &username)?;
    let settings = enabled_settings(&state, &context).await?;
    let pairs = match form {
        Ok(EasemobForm(pairs)) => distinct_pairs(pairs),
        Err(EasemobError(error)) if error.kind == ErrorKind::UnsupportedMediaType => {
            return Err(NatterError::new(ErrorKind::UserMetadataFormRequired)
                .with_param(spring_media_type(&headers))
                .into());
        }
        Err(error) => return Err(error),
    };
    check_field_lengths(&pairs)?;
    let user_missing =
        || NatterError::new(ErrorKind::UserNotFound).with_detail(format!("no user {username}"));
    let name = UserName::lookup(&username).ok_or_else(user_missing)?;
    let outcome = state
        .store
        .set_attributes(context.app.id, &name, &pairs, settings)
        .await
        .map_err(|error| {
            NatterError::new(ErrorKind::UserMetadataUpdateFailed).with_detail(error.to_string())
        })?;
    match outcome {
        AttributeWrite::Written => {}
        AttributeWrite::UserMissing => return Err(user_missing().into()),
        AttributeWrite::UserLimitExceeded { bytes } => {
            return Err(NatterError::new(ErrorKind::UserMetadataUserLimit)
                .with_detail(format!(
                    "{bytes} bytes, the limit is {}",
                    settings.user_limit_bytes
                ))
                .into());
        }
        AttributeWrite::AppLimitExceeded { bytes } => {
            return Err(NatterError::new(ErrorKind::UserMetadataAppLimit)
                .with_detail(format!(
                    "{bytes} bytes, the limit is {}",
                    settings.app_limit_bytes
                ))
                .into());
        }
        // Writers of one user are serialised; this is a writer that waited out the store's lock
        // timeout (another process holding the database), the vendor's "concurrent updates" case.
        AttributeWrite::Contended => {
            return Err(NatterError::new(ErrorKind::UserMetadataConflict)
                .with_param("update userMetadata")
                .with_param("updates")
                .into());
        }
    }
    let data: Map<String, Value> = pairs
        .into_iter()
        .map(|(name, value)| (name, Value::String(value)))
        .collect();
    Ok(MetadataReply::new(&context, Value::Object(data)))
}

/// `GET /metadata/user/{username}`: all of the user's attributes; `{}` for an unknown user.
async fn get_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(params): Path<HashMap<String, String>>,
    uri: Uri,
) -> Result<MetadataReply, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let username = target_username(&params, &uri);
    require_app_or_owner(&caller, &username)?;
    enabled_settings(&state, &context).await?;
    let Some(name) = UserName::lookup(&username) else {
        return Ok(MetadataReply::new(&context, json!({})));
    };
    let attributes = state
        .store
        .attributes(context.app.id, &name)
        .await
        .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
    Ok(MetadataReply::new(&context, json!(attributes)))
}

/// Reads a list of strings from the batch body; `None` when absent or null.
fn string_list(body: &Map<String, Value>, field: &str) -> Result<Option<Vec<String>>, NatterError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_string).ok_or_else(|| {
                    NatterError::invalid_parameter(format!("{field} must be a list of strings"))
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(NatterError::invalid_parameter(format!(
            "{field} must be a list of strings"
        ))),
    }
}

/// `POST /metadata/user/get` `{"targets":[…],"properties":[…]}`: the named attributes of up to 100 users.
///
/// Any token of the app may ask: the Web SDK's `fetchUserInfoById` sends the user's own. A user with
/// none of the named attributes (or no existence) is left out, so that `data` is `{}` when nothing
/// matches, as documented. Decision: `properties` is required in the newer docs but optional on
/// Agora's page; absent, null or empty, it selects every attribute.
async fn batch_get(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<MetadataReply, EasemobError> {
    let Authenticated { context, .. } = authenticated;
    enabled_settings(&state, &context).await?;
    let Value::Object(body) = body else {
        return Err(NatterError::invalid_parameter("request body must be a JSON object").into());
    };
    let targets = string_list(&body, "targets")?
        .ok_or_else(|| NatterError::invalid_parameter("targets must be provided"))?;
    if targets.len() > MAX_BATCH_TARGETS {
        return Err(NatterError::new(ErrorKind::UserMetadataBatchTooLarge)
            .with_param(MAX_BATCH_TARGETS.to_string())
            .with_detail(format!("{} targets", targets.len()))
            .into());
    }
    let properties = string_list(&body, "properties")?.filter(|properties| !properties.is_empty());

    // The reply is keyed by the IDs as sent, so that `data[id]` works for the caller whatever its case.
    let mut requested: Vec<(String, UserName)> = Vec::new();
    let mut distinct: Vec<UserName> = Vec::new();
    for target in targets {
        let Some(name) = UserName::lookup(&target) else {
            continue;
        };
        if requested.iter().any(|(sent, _)| *sent == target) {
            continue;
        }
        if !distinct.contains(&name) {
            distinct.push(name.clone());
        }
        requested.push((target, name));
    }
    let found = state
        .store
        .attributes_of(context.app.id, &distinct, properties.as_deref())
        .await
        .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
    let mut data = Map::new();
    for (sent, name) in requested {
        if let Some(attributes) = found.get(&name) {
            data.insert(sent, json!(attributes));
        }
    }
    Ok(MetadataReply::new(&context, Value::Object(data)))
}

/// `GET /metadata/user/capacity`: the size of all of the app's attributes, in bytes. App token only.
async fn capacity(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<MetadataReply, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    if let Caller::User(user) = &caller {
        return Err(NatterError::new(ErrorKind::UserMetadataAppTokenRequired)
            .with_detail(format!("user token of {}", user.username))
            .into());
    }
    enabled_settings(&state, &context).await?;
    let bytes = state
        .store
        .attribute_usage(context.app.id)
        .await
        .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
    Ok(MetadataReply::new(&context, json!(bytes)))
}

/// `DELETE /metadata/user/{username}`: deletes all of the user's attributes. `true` also when there were
/// none, or no such user, as documented.
async fn delete_attributes(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(params): Path<HashMap<String, String>>,
    uri: Uri,
) -> Result<MetadataReply, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let username = target_username(&params, &uri);
    require_app_or_owner(&caller, &username)?;
    enabled_settings(&state, &context).await?;
    if let Some(name) = UserName::lookup(&username) {
        let deleted = state
            .store
            .delete_attributes(context.app.id, &name)
            .await
            .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
        tracing::info!(app = %context.app.key, user = %name.as_str(), deleted, "deleted user attributes");
    }
    Ok(MetadataReply::new(&context, json!(true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_printed_the_way_spring_prints_them() {
        let mut headers = HeaderMap::new();
        assert_eq!(spring_media_type(&headers), "application/octet-stream");
        headers.insert(
            CONTENT_TYPE,
            "application/json; charset=UTF-8".parse().expect("header"),
        );
        assert_eq!(spring_media_type(&headers), "application/json;charset=UTF-8");
    }

    #[test]
    fn a_repeated_name_keeps_its_first_value_and_a_nameless_pair_is_dropped() {
        let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
            items
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            distinct_pairs(pairs(&[("a", "1"), ("", "x"), ("b", "2"), ("a", "3")])),
            pairs(&[("a", "1"), ("b", "2")])
        );
    }

    #[test]
    fn field_lengths_count_characters_not_bytes() {
        let nickname = |value: String| vec![("nickname".to_string(), value)];
        assert!(check_field_lengths(&nickname("名".repeat(64))).is_ok());
        let refused = check_field_lengths(&nickname("a".repeat(65))).expect_err("too long");
        assert_eq!(refused.kind, ErrorKind::UserMetadataColumnLimit);
        assert!(check_field_lengths(&[("ext".to_string(), "x".repeat(1000))]).is_ok());
    }
}
