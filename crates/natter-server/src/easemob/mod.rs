//! The Easemob / Agora Chat REST dialect: `/{org}/{app}/…`, its envelopes and its error bodies.

mod app;
mod attributes;
pub mod auth;
mod chatrooms;
mod contacts;
mod conversation_flags;
mod conversations;
pub mod envelope;
mod error;
pub mod files;
mod form;
pub mod group_files;
mod groups;
mod groups_attributes;
mod groups_moderation;
mod history;
mod json;
pub(crate) mod messages;
mod messages_admin;
mod mutes;
mod presence;
mod presence_subscriptions;
mod push;
mod query;
mod reactions;
mod room_files;
mod threads;
mod token;
mod users;

use crate::AppState;
use axum::Router;
use axum::http::Uri;
use axum::routing::{get, post};
use natter_codes::{ErrorKind, NatterError};

pub use app::AppContext;
pub use error::EasemobError;
pub use form::EasemobForm;
pub use json::EasemobJson;
pub use query::EasemobQuery;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/token", post(token::issue_token))
        .route(
            "/{org}/{app}/sdk/users/{username}/token/expires",
            get(token::token_expiry),
        )
        .merge(users::routes())
        .merge(attributes::routes())
        .merge(contacts::routes())
        .merge(mutes::routes())
        .merge(presence::routes())
        .merge(presence_subscriptions::routes())
        .merge(push::routes())
        .merge(chatrooms::routes())
        .merge(groups::routes())
        .merge(groups_moderation::routes())
        .merge(groups_attributes::routes())
        .merge(group_files::routes())
        .merge(room_files::routes())
        .merge(files::routes())
        .merge(messages::routes())
        .merge(messages_admin::routes())
        .merge(history::routes())
        .merge(conversations::routes())
        .merge(conversation_flags::routes())
        .merge(threads::routes())
        .merge(reactions::routes())
}

/// The services the vendor's console or sales switch on per app. A self-hosted server has them all on; an
/// operator may switch one off, and its endpoints then answer the documented "not open" row.
#[derive(Clone, Debug)]
pub struct Services {
    /// Presence subscription (在线状态订阅, users-messages §7.1–7.3, 7.5, 7.6).
    pub presence: bool,
    /// The group online-member count (§7.4).
    pub group_online_count: bool,
    /// Message reactions (§8).
    pub reactions: bool,
}

impl Default for Services {
    fn default() -> Services {
        Services {
            presence: true,
            group_online_count: true,
            reactions: true,
        }
    }
}

/// Fallback for paths no route matches: the dialect's 404 body, never an empty or HTML reply.
pub(crate) async fn not_found(uri: Uri) -> EasemobError {
    EasemobError(
        NatterError::new(ErrorKind::RouteNotFound).with_detail(format!("no route for {}", uri.path())),
    )
}

/// Fallback for a known path with the wrong method: the dialect's 405 body.
pub(crate) async fn method_not_allowed() -> EasemobError {
    EasemobError(NatterError::new(ErrorKind::MethodNotAllowed))
}
