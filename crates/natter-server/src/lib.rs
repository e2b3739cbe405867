//! Natter's network edge: the Easemob / Agora Chat REST dialect, health, and the HTTP plumbing that makes
//! every failure come out as the dialect's own JSON error body.
//!
//! This is the only crate that knows axum. It never names a concrete storage backend: handlers see
//! `Arc<dyn …Store>`, chosen by the binary.

pub mod easemob;
mod health;
pub mod messaging;
pub mod msync;
mod openapi;
mod password;
pub mod rate_limit;
pub mod rongcloud;
pub mod sessions;
pub mod token;

use axum::Router;
use axum::ServiceExt;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use natter_store::Store;
use std::sync::Arc;
use tower_http::cors::CorsLayer;
use tower_http::normalize_path::NormalizePath;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use token::TokenSigner;

/// Settings of the HTTP edge.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted, in bytes; larger ones get the dialect's 413.
    pub max_body_bytes: usize,
    /// Lifetime of an app token when the request gives no `ttl`, in seconds (0 = no expiry).
    pub default_app_token_ttl_secs: u64,
    /// Lifetime of a user token when the request gives no `ttl`, in seconds (0 = no expiry).
    pub default_user_token_ttl_secs: u64,
    /// Request quotas per app and endpoint group.
    pub rate_limits: rate_limit::RateLimits,
    /// The RongCloud door: signature window, replay cache, token lifetime.
    pub rongcloud: rongcloud::RongCloudConfig,
    /// The message pipeline: recall window, size limit, contact-only messaging, send rates.
    pub messages: messaging::MessagingConfig,
    /// The msync gateway: multi-device rules, idle timeout, frame size.
    pub msync: msync::MsyncConfig,
    /// Chat files: where they live, size limit, storage time, thumbnails.
    pub files: easemob::files::FilesConfig,
    /// Easemob services that the vendor switches on per app (presence, reactions…); all on by default.
    pub services: easemob::Services,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            max_body_bytes: 5 * 1024 * 1024,
            default_app_token_ttl_secs: 60 * 24 * 3600,
            // The vendor's default for user tokens: 60 days.
            default_user_token_ttl_secs: 60 * 24 * 3600,
            rate_limits: rate_limit::RateLimits::default(),
            rongcloud: rongcloud::RongCloudConfig::default(),
            messages: messaging::MessagingConfig::default(),
            msync: msync::MsyncConfig::default(),
            files: easemob::files::FilesConfig::default(),
            services: easemob::Services::default(),
        }
    }
}

/// Everything a handler may use, passed explicitly through axum `State`.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub tokens: Arc<TokenSigner>,
    pub config: Arc<ServerConfig>,
    pub rate_limiters: Arc<rate_limit::RateLimiters>,
    /// Connected devices, shared by the REST API and the msync gateway.
    pub sessions: Arc<sessions::SessionRegistry>,
    /// Ids of groups, chat rooms, threads and messages.
    pub ids: Arc<natter_core::IdGenerator>,
    /// The RongCloud door's replay cache and ban-expiry wake-ups.
    pub rongcloud: Arc<rongcloud::RongCloudState>,
    /// Chat files' runtime state (the bound on concurrent thumbnail work).
    pub files: Arc<easemob::files::FilesState>,
    /// The message pipeline and chat-room presence.
    pub messaging: Arc<messaging::Messaging>,
    /// The per-app message quotas of REST sends.
    pub(crate) message_quotas: Arc<easemob::messages::SendQuotas>,
}

impl AppState {
    /// The state for `config`, with fresh rate limiters. Starts the message writer task, so it must be
    /// called inside a Tokio runtime.
    pub fn new(store: Arc<dyn Store>, tokens: Arc<TokenSigner>, config: ServerConfig) -> AppState {
        let rate_limiters = Arc::new(rate_limit::RateLimiters::new(config.rate_limits.clone()));
        let files = Arc::new(easemob::files::FilesState::new(&config.files));
        let sessions: Arc<sessions::SessionRegistry> = Arc::default();
        let ids: Arc<natter_core::IdGenerator> = Arc::default();
        let messaging = Arc::new(messaging::Messaging::start(
            Arc::clone(&store),
            Arc::clone(&ids),
            Arc::clone(&sessions),
            config.messages.clone(),
        ));
        let message_quotas = Arc::new(easemob::messages::SendQuotas::new(&config.messages));
        AppState {
            store,
            tokens,
            config: Arc::new(config),
            rate_limiters,
            sessions,
            ids,
            rongcloud: Arc::default(),
            files,
            messaging,
            message_quotas,
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole HTTP surface, with its layers: request ids, a tracing span per request, CORS on every
/// response (the Web SDK runs in browsers), and the body limit.
pub fn router(state: AppState) -> Router {
    let max_body_bytes = state.config.max_body_bytes;
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
        let request_id = request
            .headers()
            .get(&REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        tracing::info_span!("http", method = %request.method(), path = %request.uri().path(), request_id)
    });
    Router::new()
        .merge(health::routes())
        .merge(msync::routes())
        .merge(openapi::routes())
        .merge(easemob::routes())
        .merge(rongcloud::routes())
        .fallback(rongcloud::not_found)
        .method_not_allowed_fallback(easemob::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::enforce,
        ))
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(CorsLayer::permissive())
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// A store failure as the internal error it is: the store's text goes to the log, never to the wire.
pub(crate) fn store_error(error: natter_store::StoreError) -> natter_codes::NatterError {
    natter_codes::NatterError::new(natter_codes::ErrorKind::Internal).with_detail(error.to_string())
}

/// A fresh random UUID, in the vendor's hyphenated form.
pub(crate) fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Current time in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Serves the HTTP surface on `listener` until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Trailing slashes are trimmed before routing: official clients call `/users/{u}/contacts/users/` and
    // `/chatgroups/`, which name the same resources as without the slash.
    rongcloud::spawn_background(&state);
    easemob::files::spawn_sweeper(&state);
    let messaging = Arc::clone(&state.messaging);
    let service = NormalizePath::trim_trailing_slash(router(state));
    let served = axum::serve(
        listener,
        ServiceExt::<axum::extract::Request>::into_make_service(service),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    // Acknowledgements still in memory reach the store before the process ends.
    messaging.flush().await;
    served
}
