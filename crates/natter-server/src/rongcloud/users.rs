//! The user endpoints: `/user/getToken.json`, `/user/refresh.json`, `/user/info.json`,
//! `/user/checkOnline.json`.
//!
//! The users are the app's one user base, the same the Easemob door registers: a user made by getToken
//! logs in through either door, and a user registered through `/users` can get a RongCloud token.
//!
//! Decision (user IDs): RongCloud takes letters, digits and `+ = - _` (64 bytes at most) and tells `Alice`
//! from `alice`; the Easemob door takes letters, digits and `_ - .` and lower-cases them. One user base
//! needs one rule, so a RongCloud `userId` follows the Easemob one: `Alice` is the user `alice`, and every
//! reply names the stored (lower-case) ID. `+` and `=` are refused (1001): rc-server-sdk sends them raw, so
//! a `+` arrives as a space anyway. `.` is accepted.
//!
//! Decision (names): `name` is the push nickname the Easemob door keeps (both vendors document it as the
//! name shown in push notifications), so it is at most 100 characters as well as RongCloud's 128 bytes.
//! `portraitUri` (1024 bytes at most) is kept by the RongCloud store. An empty `name` or `portraitUri`
//! means "not given": the SDK sends `name=` for an argument left at its default.

use super::call::Call;
use super::reply::{Reply, RongCloudError, Success};
use crate::AppState;
use crate::store_error;
use crate::token::{Claims, Subject};
use axum::Router;
use axum::extract::State;
use natter_codes::{ErrorKind, NatterError};
use natter_core::user::validate_nickname;
use natter_core::{App, NewUser, User, UserName, UsernameContext};

/// The longest `name`, in bytes (RongCloud's limit; the nickname's 100 characters also apply).
const MAX_NAME_BYTES: usize = 128;
/// The longest `portraitUri`, in bytes.
const MAX_PORTRAIT_BYTES: usize = 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/user/getToken.json", super::endpoint(get_token))
        .route("/user/refresh.json", super::endpoint(refresh))
        .route("/user/info.json", super::endpoint(info))
        .route("/user/checkOnline.json", super::endpoint(check_online))
}

/// The existing user a parameter names: 1003 if there is none (an ID that cannot be valid names nobody).
pub(crate) async fn existing_user(state: &AppState, app: &App, user_id: &str) -> Result<User, NatterError> {
    let not_found = || NatterError::new(ErrorKind::UserNotFound).with_detail(format!("no user {user_id:?}"));
    let username = UserName::lookup(user_id).ok_or_else(not_found)?;
    state
        .store
        .user_by_name(app.id, &username)
        .await
        .map_err(store_error)?
        .ok_or_else(not_found)
}

/// The existing users of a repeated parameter (`userId=a&userId=b`): 1 to `max` of them, every one of them
/// existing (1003 for the first that does not), without repeats.
pub(crate) async fn existing_users(
    state: &AppState,
    call: &Call,
    key: &str,
    max: usize,
) -> Result<Vec<User>, NatterError> {
    let ids = call.params.all(key);
    if ids.is_empty() {
        return Err(NatterError::invalid_parameter(format!("{key} is required")));
    }
    if ids.len() > max {
        return Err(NatterError::invalid_parameter(format!("at most {max} {key}"))
            .with_detail(format!("{} given", ids.len())));
    }
    let mut users: Vec<User> = Vec::with_capacity(ids.len());
    for id in ids {
        let user = existing_user(state, &call.app, id).await?;
        // `Alice` and `alice` are one user.
        if !users.iter().any(|known| known.id == user.id) {
            users.push(user);
        }
    }
    Ok(users)
}

/// `name`, if given: at most 128 bytes and 100 characters.
fn name_param(call: &Call) -> Result<Option<&str>, NatterError> {
    let Some(name) = call.params.given("name") else {
        return Ok(None);
    };
    if name.len() > MAX_NAME_BYTES {
        return Err(
            NatterError::new(ErrorKind::NicknameTooLong).with_detail(format!("name of {} bytes", name.len()))
        );
    }
    validate_nickname(name)?;
    Ok(Some(name))
}

/// `portraitUri`, if given: at most 1024 bytes.
fn portrait_param(call: &Call) -> Result<Option<&str>, NatterError> {
    let Some(portrait) = call.params.given("portraitUri") else {
        return Ok(None);
    };
    if portrait.len() > MAX_PORTRAIT_BYTES {
        return Err(NatterError::invalid_parameter(
            "portraitUri is longer than 1024 bytes",
        ));
    }
    Ok(Some(portrait))
}

/// Applies the given `name` and `portraitUri` to a user.
async fn update_profile(
    state: &AppState,
    app: &App,
    user: User,
    name: Option<&str>,
    portrait: Option<&str>,
) -> Result<User, NatterError> {
    let user = match name {
        Some(name) if user.nickname.as_deref() != Some(name) => state
            .store
            .set_nickname(app.id, &user.username, Some(name), crate::now_ms())
            .await
            .map_err(store_error)?
            // Deleted between the read and the write.
            .ok_or_else(|| NatterError::new(ErrorKind::UserNotFound))?,
        _ => user,
    };
    if let Some(portrait) = portrait {
        state
            .store
            .set_rongcloud_portrait(user.id, Some(portrait))
            .await
            .map_err(store_error)?;
    }
    Ok(user)
}

/// Creates a user that logs in by token only: its password is random and known to nobody.
async fn create_user(
    state: &AppState,
    app: &App,
    username: &UserName,
    name: Option<&str>,
) -> Result<User, NatterError> {
    // RongCloud users log in by token only: no password.
    let new_user = NewUser {
        username: username.clone(),
        uuid: crate::new_uuid(),
        password_hash: crate::password::NO_PASSWORD.to_owned(),
        nickname: name.map(str::to_string),
        created_ms: crate::now_ms(),
    };
    match state.store.create_users(app.id, vec![new_user]).await {
        Ok(mut created) => created
            .pop()
            .ok_or_else(|| NatterError::new(ErrorKind::Internal).with_detail("no user created")),
        // The app's user quota: RongCloud's 配额超限.
        Err(natter_store::StoreError::LimitExceeded(detail)) => {
            Err(NatterError::new(ErrorKind::UserQuotaExceeded).with_detail(detail))
        }
        // Another request created the same user meanwhile: it exists now, which is what was asked.
        Err(natter_store::StoreError::Conflict(_)) => state
            .store
            .user_by_name(app.id, username)
            .await
            .map_err(store_error)?
            .ok_or_else(|| NatterError::new(ErrorKind::UserCreateConflict)),
        Err(error) => Err(store_error(error)),
    }
}

/// A user token for the RongCloud client SDK. It is the same signed token the Easemob door issues (so one
/// token works at every door), whose alphabet (`YWMt` + base64url) has no `@`: RongCloud's client SDK
/// reads what follows an `@` as the address of a navigation server.
fn user_token(state: &AppState, app: &App, user: &User) -> String {
    let issued_ms = crate::now_ms();
    let ttl_secs = state.config.rongcloud.token_ttl_secs;
    let expires_ms = (ttl_secs > 0)
        .then(|| issued_ms.saturating_add(i64::try_from(ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX)));
    state.tokens.issue(&Claims {
        app_id: app.id,
        subject: Subject::User(user.username.as_str().to_string()),
        issued_ms,
        expires_ms,
    })
}

/// `POST /user/getToken.json` (`userId`, `name`, `portraitUri`): registers the user, or updates the name
/// and portrait of an existing one, and returns a new token. Earlier tokens stay valid, as RongCloud's do.
/// A banned user gets 1005 and nothing is changed.
async fn get_token(State(state): State<AppState>, call: Call) -> Reply {
    let username = UserName::parse(call.params.required("userId")?, UsernameContext::Authorized)?;
    let name = name_param(&call)?;
    let portrait = portrait_param(&call)?;
    let existing = state.store.user_by_name(call.app.id, &username).await?;
    let user = match existing {
        Some(user) if !user.activated => {
            return Err(NatterError::new(ErrorKind::UserBanned)
                .with_detail(format!("{} is banned", user.username))
                .into());
        }
        Some(user) => update_profile(&state, &call.app, user, name, portrait).await?,
        None => {
            let user = create_user(&state, &call.app, &username, name).await?;
            tracing::info!(app = %call.app.key, user = %user.username, "registered user (RongCloud)");
            update_profile(&state, &call.app, user, name, portrait).await?
        }
    };
    let token = user_token(&state, &call.app, &user);
    tracing::info!(app = %call.app.key, user = %user.username, "issued user token (RongCloud)");
    Ok(Success::new()
        .with("userId", user.username.as_str())
        .with("token", token))
}

/// `POST /user/refresh.json` (`userId`, optional `name`, `portraitUri`): updates what is given.
async fn refresh(State(state): State<AppState>, call: Call) -> Reply {
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let name = name_param(&call)?;
    let portrait = portrait_param(&call)?;
    update_profile(&state, &call.app, user, name, portrait).await?;
    Ok(Success::new())
}

/// `POST /user/info.json` (`userId`): `userName`, `userPortrait`, `createTime`.
async fn info(State(state): State<AppState>, call: Call) -> Reply {
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let portrait = state.store.rongcloud_portrait(user.id).await?;
    Ok(Success::new()
        .with("userName", user.nickname.unwrap_or_default())
        .with("userPortrait", portrait.unwrap_or_default())
        .with("createTime", super::time::format_ms(user.created_ms)))
}

/// `POST /user/checkOnline.json` (`userId`): `status` `"1"` while the user has a connected device, else `"0"`.
async fn check_online(State(state): State<AppState>, call: Call) -> Result<Success, RongCloudError> {
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let online = state.sessions.is_online(call.app.id, &user.username);
    Ok(Success::new().with("status", if online { "1" } else { "0" }))
}
