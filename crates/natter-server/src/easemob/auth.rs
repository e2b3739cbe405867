//! Who is calling: the bearer token of an Easemob REST request, checked against the addressed app.

use super::{AppContext, EasemobError};
use crate::AppState;
use crate::token::{Claims, Subject};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use natter_codes::{ErrorKind, NatterError};
use natter_core::{User, UserName};

/// A verified caller of an app's API.
#[derive(Clone, Debug)]
pub enum Caller {
    /// An app token: may do everything under its app.
    App,
    /// A user token: may do what the SDK does on that user's behalf.
    User(User),
}

impl Caller {
    /// Refuses anything but an app token, as the vendor does ("a user token used where an app token is
    /// required": 401 corrupt access token).
    pub fn require_app(&self) -> Result<(), NatterError> {
        match self {
            Caller::App => Ok(()),
            Caller::User(_) => {
                Err(NatterError::new(ErrorKind::TokenCorrupt).with_detail("app token required"))
            }
        }
    }

    /// An app token, or the token of `username` itself.
    pub fn require_app_or_self(&self, username: &str) -> Result<(), NatterError> {
        match self {
            Caller::App => Ok(()),
            Caller::User(user) if Some(&user.username) == UserName::lookup(username).as_ref() => Ok(()),
            Caller::User(user) => Err(NatterError::new(ErrorKind::TokenCorrupt)
                .with_detail(format!("user {} acting for {username}", user.username))),
        }
    }
}

/// The bearer token's text, if the request carries one.
pub(crate) fn bearer(parts: &Parts) -> Option<&str> {
    bearer_from_headers(&parts.headers)
}

/// The bearer token's text in `headers`, if any.
pub(crate) fn bearer_from_headers(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?;
    Some(token.trim()).filter(|token| !token.is_empty())
}

/// Checks `token` for `context`'s app and returns the caller.
pub(crate) async fn authenticate(
    state: &AppState,
    context: &AppContext,
    token: &str,
) -> Result<Caller, NatterError> {
    authenticate_with_claims(state, context, token)
        .await
        .map(|(caller, _)| caller)
}

/// Like [`authenticate`], also returning what the token says.
pub(crate) async fn authenticate_with_claims(
    state: &AppState,
    context: &AppContext,
    token: &str,
) -> Result<(Caller, Claims), NatterError> {
    let claims = state.tokens.verify(token, crate::now_ms())?;
    if claims.app_id != context.app.id {
        return Err(NatterError::new(ErrorKind::TokenCorrupt).with_detail("token of another app"));
    }
    let caller = match &claims.subject {
        Subject::App => Caller::App,
        Subject::User(name) => {
            let username = UserName::lookup(name).ok_or_else(|| NatterError::new(ErrorKind::TokenCorrupt))?;
            let user = state
                .store
                .user_by_name(context.app.id, &username)
                .await
                .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
            match user {
                // A token issued before a password change or a ban is void, and so is one issued before
                // the user was created: it belonged to a deleted user who had the same ID.
                Some(user)
                    if user.activated
                        && claims.issued_ms >= user.tokens_valid_after_ms.max(user.created_ms) =>
                {
                    Caller::User(user)
                }
                Some(_) => return Err(NatterError::new(ErrorKind::AuthFailed).with_detail("token revoked")),
                None => {
                    return Err(
                        NatterError::new(ErrorKind::AuthFailed).with_detail("token of a deleted user")
                    );
                }
            }
        }
    };
    Ok((caller, claims))
}

/// The addressed app and an authenticated caller: the extractor of every token-protected endpoint.
#[derive(Clone, Debug)]
pub struct Authenticated {
    pub context: AppContext,
    pub caller: Caller,
    pub claims: Claims,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = EasemobError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = AppContext::from_request_parts(parts, state).await?;
        let token =
            bearer(parts).ok_or_else(|| NatterError::new(ErrorKind::TokenExpired).with_detail("no token"))?;
        let (caller, claims) = authenticate_with_claims(state, &context, token).await?;
        Ok(Authenticated {
            context,
            caller,
            claims,
        })
    }
}

/// Like [`Authenticated`], but a request without a token is let through as `None` (open registration).
#[derive(Clone, Debug)]
pub struct MaybeAuthenticated {
    pub context: AppContext,
    pub caller: Option<Caller>,
}

impl FromRequestParts<AppState> for MaybeAuthenticated {
    type Rejection = EasemobError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = AppContext::from_request_parts(parts, state).await?;
        let caller = match bearer(parts) {
            Some(token) => Some(authenticate(state, &context, token).await?),
            None => None,
        };
        Ok(MaybeAuthenticated { context, caller })
    }
}
