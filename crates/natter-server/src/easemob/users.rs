//! The user system (§2): register (open, authorized, batch), get, list, delete, password, ban and unban.

use super::auth::{Authenticated, MaybeAuthenticated};
use super::envelope::{Envelope, decode_cursor, encode_cursor, user_entity};
use super::{AppContext, EasemobError, EasemobJson, EasemobQuery};
use crate::AppState;
use crate::sessions::DisconnectReason;
use crate::store_error;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use natter_codes::{ErrorKind, NatterError};
use natter_core::user::{validate_nickname, validate_password};
use natter_core::{NewUser, User, UserName, UsernameContext};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashSet;

/// The most users one registration call may create.
pub(crate) const MAX_BATCH_REGISTER: usize = 60;
/// Page size bounds of `GET /users` and `DELETE /users`.
const DEFAULT_PAGE: u32 = 10;
const MAX_PAGE: u32 = 100;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/users",
            post(register).get(list_users).delete(delete_oldest),
        )
        .route("/{org}/{app}/users/{username}", get(get_user).delete(delete_user))
        // Decision (reference §13.1): PUT, as the endpoint page says; the rate tables' POST is served too.
        .route(
            "/{org}/{app}/users/{username}/password",
            put(change_password).post(change_password),
        )
        .route("/{org}/{app}/users/{username}/deactivate", post(deactivate))
        .route("/{org}/{app}/users/{username}/activate", post(activate))
}

/// Looks a user up by the ID in a path; an ID that cannot be valid names nobody.
pub(crate) async fn find_user(
    state: &AppState,
    context: &AppContext,
    username: &str,
) -> Result<Option<User>, NatterError> {
    let Some(name) = UserName::lookup(username) else {
        return Ok(None);
    };
    state
        .store
        .user_by_name(context.app.id, &name)
        .await
        .map_err(store_error)
}

/// One registration item, as sent. Fields are read loosely so that each gets its documented error.
#[derive(Debug, Deserialize)]
struct RegisterItem {
    username: Option<Value>,
    password: Option<Value>,
    nickname: Option<Value>,
}

fn text_field(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

struct ValidItem {
    username: UserName,
    password: String,
    nickname: Option<String>,
}

fn validate_item(item: &Value, context: UsernameContext) -> Result<ValidItem, NatterError> {
    let item: RegisterItem = serde_json::from_value(item.clone())
        .map_err(|_| NatterError::invalid_parameter("this is an invalid request."))?;
    let username = match item.username.as_ref() {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::UsernameMissing)),
        Some(Value::String(text)) => UserName::parse(text, context)?,
        // A user ID that is not a JSON string is never legal; it gets the same refusal as an illegal
        // string, in the wording of this registration mode.
        Some(other) => {
            let text = other.to_string();
            return Err(match UserName::parse(&text, context) {
                Err(error) => error,
                Ok(_) => NatterError::new(match context {
                    UsernameContext::OpenRegistration => ErrorKind::UsernameIllegal,
                    UsernameContext::Authorized => ErrorKind::UsernameIllegalBracketed,
                })
                .with_param(text),
            });
        }
    };
    let password = validate_password(text_field(item.password.as_ref()))?.to_string();
    let nickname = match item.nickname.as_ref() {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.is_empty() => None,
        Some(Value::String(text)) => {
            validate_nickname(text)?;
            Some(text.clone())
        }
        Some(_) => return Err(NatterError::invalid_parameter("nickname must be a string")),
    };
    Ok(ValidItem {
        username,
        password,
        nickname,
    })
}

/// `POST /users`: one object (open or authorized registration) or an array of up to 60 (authorized).
///
/// Decision: a batch is all-or-nothing. If any user ID exists already, or appears twice, nothing is
/// created and the reply is the documented 400 `duplicate_unique_property_exists` (seed 001). The newer
/// reference pages show partial success with `registerUserFailReason`; the seed's rule loses nothing silently.
/// An ID twice in one body gets the same unique-property text, not the documented `the same user XXX has a
/// different password, the passwords are XXX`: that row echoes passwords into a reply and the logs.
async fn register(
    State(state): State<AppState>,
    authenticated: MaybeAuthenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Result<Envelope, EasemobError> {
    let MaybeAuthenticated { context, caller } = authenticated;
    let username_context = match &caller {
        Some(caller) => {
            caller.require_app()?;
            UsernameContext::Authorized
        }
        None if context.app.registration_open => UsernameContext::OpenRegistration,
        None => return Err(NatterError::new(ErrorKind::RegistrationClosed).into()),
    };
    let (items, is_batch) = match &body {
        Value::Object(_) => (vec![body.clone()], false),
        Value::Array(items) if items.is_empty() => {
            return Err(NatterError::invalid_parameter("this is an invalid request.").into());
        }
        Value::Array(items) => (items.clone(), true),
        _ => return Err(NatterError::invalid_parameter("this is an invalid request.").into()),
    };
    if items.len() > MAX_BATCH_REGISTER {
        return Err(NatterError::new(ErrorKind::BatchTooLarge)
            .with_param(items.len().to_string())
            .with_param(MAX_BATCH_REGISTER.to_string())
            .into());
    }
    let valid = items
        .iter()
        .map(|item| validate_item(item, username_context))
        .collect::<Result<Vec<_>, _>>()?;

    // The app is named by its UUID, as in the vendor's own example body ("Application 4d7e4ba0-… Entity
    // user requires …"); seed 003 prints `null` there, which tells a client nothing.
    let already = |username: &UserName| {
        NatterError::new(ErrorKind::UserAlreadyExists)
            .with_param(context.app.uuid.as_str())
            .with_param(username.as_str())
    };
    let mut seen = HashSet::new();
    for item in &valid {
        if !seen.insert(item.username.clone()) {
            return Err(already(&item.username).into());
        }
        if state
            .store
            .user_by_name(context.app.id, &item.username)
            .await
            .map_err(store_error)?
            .is_some()
        {
            return Err(already(&item.username).into());
        }
    }

    let hashes = crate::password::hash_all(valid.iter().map(|item| item.password.clone()).collect()).await?;
    let now = crate::now_ms();
    let names: Vec<UserName> = valid.iter().map(|item| item.username.clone()).collect();
    let new_users: Vec<NewUser> = valid
        .into_iter()
        .zip(hashes)
        .map(|(item, password_hash)| NewUser {
            username: item.username,
            uuid: crate::new_uuid(),
            password_hash,
            nickname: item.nickname,
            created_ms: now,
        })
        .collect();
    let created = match state.store.create_users(context.app.id, new_users).await {
        Ok(created) => created,
        // The plan's user quota (§2.0): 429 `resource_limited`, nothing written.
        Err(natter_store::StoreError::LimitExceeded(detail)) => {
            return Err(NatterError::new(ErrorKind::UserQuotaExceeded)
                .with_detail(detail)
                .into());
        }
        // Lost a race with a concurrent registration of the same ID: still nothing written. Name the ID
        // that exists now (the first of the batch if the winner is gone again).
        Err(natter_store::StoreError::Conflict(_)) => {
            let mut taken = &names[0];
            for name in &names {
                if state
                    .store
                    .user_by_name(context.app.id, name)
                    .await
                    .map_err(store_error)?
                    .is_some()
                {
                    taken = name;
                    break;
                }
            }
            return Err(already(taken).into());
        }
        Err(error) => return Err(store_error(error).into()),
    };
    tracing::info!(app = %context.app.key, count = created.len(), "registered users");
    let envelope = Envelope::new(&context, "post").entities(created.iter().map(user_entity).collect());
    Ok(if is_batch {
        envelope.data(json!([]))
    } else {
        envelope
    })
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    limit: Option<String>,
    cursor: Option<String>,
}

/// Adds `params`: the echo of the paging query as an object of string arrays
/// (`{"limit":["2"],"cursor":["…"]}`, §0.3), present only when the request had one.
fn with_params(envelope: Envelope, query: &PageQuery) -> Envelope {
    let mut params = serde_json::Map::new();
    if let Some(limit) = &query.limit {
        params.insert("limit".into(), json!([limit]));
    }
    if let Some(cursor) = &query.cursor {
        params.insert("cursor".into(), json!([cursor]));
    }
    if params.is_empty() {
        return envelope;
    }
    envelope.set("params", Value::Object(params))
}

/// Reads `limit`: absent → 10; above 100 → 100 (as documented); not a positive number → 400.
fn page_limit(limit: Option<&str>) -> Result<u32, NatterError> {
    match limit {
        None | Some("") => Ok(DEFAULT_PAGE),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(limit) if limit >= 1 => Ok(u32::try_from(limit.min(i64::from(MAX_PAGE))).unwrap_or(MAX_PAGE)),
            _ => Err(NatterError::invalid_parameter(
                "limit must be a number between 1 and 100",
            )),
        },
    }
}

/// `GET /users?limit&cursor`: creation order, oldest first; the last page has no cursor.
async fn list_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<PageQuery>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let limit = page_limit(query.limit.as_deref())?;
    let after = query
        .cursor
        .as_deref()
        .filter(|cursor| !cursor.is_empty())
        .map(decode_cursor)
        .transpose()?;
    let mut users = state
        .store
        .list_users(context.app.id, after, limit + 1)
        .await
        .map_err(store_error)?;
    let has_more = users.len() > limit as usize;
    users.truncate(limit as usize);
    let cursor = has_more
        .then(|| users.last().map(|user| encode_cursor(user.id)))
        .flatten();
    Ok(with_params(Envelope::new(context, "get"), &query)
        .entities(users.iter().map(user_entity).collect())
        .count(users.len())
        .cursor(cursor))
}

/// `DELETE /users?limit`: deletes the `limit` oldest users (test data clean-up).
async fn delete_oldest(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<PageQuery>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let limit = page_limit(query.limit.as_deref())?;
    let deleted = state
        .store
        .delete_oldest_users(context.app.id, limit)
        .await
        .map_err(store_error)?;
    tracing::info!(app = %context.app.key, count = deleted.len(), "deleted the oldest users");
    Ok(with_params(Envelope::new(context, "delete"), &query)
        .entities(deleted.iter().map(user_entity).collect()))
}

/// `GET /users/{username}`: an app token, or the user's own token.
async fn get_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let user = find_user(&state, context, &username)
        .await?
        .ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    // The optional push keys (§0.3) appear on the single-user reply only when set; the paged list keeps
    // the plain entity (two queries per user would make a page of 100 cost 200).
    let mut entity = user_entity(&user);
    super::push::decorate_user_entity(&state, &user, &mut entity).await?;
    Ok(Envelope::new(context, "get").entities(vec![entity]).count(1))
}

/// `DELETE /users/{username}`.
async fn delete_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let name = UserName::lookup(&username).ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    let deleted = state
        .store
        .delete_user(context.app.id, &name)
        .await
        .map_err(store_error)?
        .ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    // Its connected devices are told the account is gone (the SDK reports 207).
    let devices =
        state
            .sessions
            .disconnect_all(context.app.id, &deleted.username, DisconnectReason::UserRemoved);
    tracing::info!(app = %context.app.key, user = %deleted.username, devices, "deleted user");
    Ok(Envelope::new(context, "delete").entities(vec![user_entity(&deleted)]))
}

#[derive(Debug, Deserialize)]
struct NewPassword {
    newpassword: Option<Value>,
}

/// `PUT /users/{username}/password`: no old password; every earlier token of the user becomes void.
async fn change_password(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<NewPassword>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app_or_self(&username)?;
    let context = &authenticated.context;
    let password = match body.newpassword {
        Some(Value::String(password)) if !password.is_empty() => password,
        _ => return Err(NatterError::new(ErrorKind::NewPasswordRequired).into()),
    };
    validate_password(Some(&password))?;
    let name = UserName::lookup(&username).ok_or(NatterError::new(ErrorKind::PasswordChangeUserNotFound))?;
    if state
        .store
        .user_by_name(context.app.id, &name)
        .await
        .map_err(store_error)?
        .is_none()
    {
        return Err(NatterError::new(ErrorKind::PasswordChangeUserNotFound).into());
    }
    let hash = crate::password::hash(password).await?;
    state
        .store
        .set_password(context.app.id, &name, &hash, crate::now_ms())
        .await
        .map_err(store_error)?
        .ok_or(NatterError::new(ErrorKind::PasswordChangeUserNotFound))?;
    // The old password's sessions end (the SDK reports 216).
    let devices = state
        .sessions
        .disconnect_all(context.app.id, &name, DisconnectReason::PasswordChanged);
    tracing::info!(app = %context.app.key, user = %name, devices, "changed password");
    Ok(Envelope::bare(context, "set user password"))
}

async fn set_activated(
    state: &AppState,
    context: &AppContext,
    username: &str,
    activated: bool,
) -> Result<User, NatterError> {
    let name = UserName::lookup(username).ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    let user = state
        .store
        .set_activated(context.app.id, &name, activated, crate::now_ms())
        .await
        .map_err(store_error)?
        .ok_or(NatterError::new(ErrorKind::UserNotFound))?;
    // A ban takes effect at once: the user's connections are closed.
    let devices = if activated {
        0
    } else {
        state
            .sessions
            .disconnect_all(context.app.id, &name, DisconnectReason::UserBanned)
    };
    tracing::info!(app = %context.app.key, user = %name, activated, devices, "changed activation");
    Ok(user)
}

/// `POST /users/{username}/deactivate`: ban. The user's tokens become void at once.
async fn deactivate(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    let user = set_activated(&state, &authenticated.context, &username, false).await?;
    Ok(Envelope::bare(&authenticated.context, "Deactivate user").entities(vec![user_entity(&user)]))
}

/// `POST /users/{username}/activate`: unban.
async fn activate(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Result<Envelope, EasemobError> {
    authenticated.caller.require_app()?;
    set_activated(&state, &authenticated.context, &username, true).await?;
    Ok(Envelope::bare(&authenticated.context, "activate user"))
}

#[cfg(test)]
mod tests {
    use super::page_limit;

    #[test]
    fn page_limits_clamp_and_refuse() {
        assert_eq!(page_limit(None).ok(), Some(10));
        assert_eq!(page_limit(Some("2")).ok(), Some(2));
        assert_eq!(page_limit(Some("500")).ok(), Some(100));
        assert!(page_limit(Some("0")).is_err());
        assert!(page_limit(Some("-3")).is_err());
        assert!(page_limit(Some("ten")).is_err());
    }
}
