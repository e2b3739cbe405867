//! natter-server integration tests: a real server on 127.0.0.1:0 over a temporary SQLite file, driven
//! over real sockets with an HTTP client.

mod attributes;
mod chatrooms;
mod contacts;
mod coverage;
mod errors;
mod extras;
mod files;
mod fuzz_regressions;
mod group_files;
mod groups;
mod groups_extras;
mod messages;
mod messages_admin;
mod messages_targeted;
mod msync;
mod mutes;
mod openapi;
mod presence;
mod push;
mod rongcloud;
mod rongcloud_groups;
mod rongcloud_messages;
mod rongcloud_push;
mod rongcloud_status;
mod threads;
mod token;
mod tokens_user;
mod users;

use natter_core::{App, AppKey, NewApp};
use natter_server::{AppState, ServerConfig, TokenSigner};
use natter_store::AppStore;
use std::sync::Arc;

/// A running server and what tests need to talk to it.
pub(crate) struct TestServer {
    pub(crate) base_url: String,
    pub(crate) app: App,
    pub(crate) signer: Arc<TokenSigner>,
    /// The server's registry of connected devices (what the msync gateway fills).
    pub(crate) sessions: Arc<natter_server::sessions::SessionRegistry>,
    pub(crate) http: reqwest::Client,
    /// The running server's state (its store and configuration), for checks behind the HTTP surface.
    pub(crate) state: AppState,
    _directory: tempfile::TempDir,
}

pub(crate) const KEY: [u8; natter_server::token::KEY_LEN] = [7; natter_server::token::KEY_LEN];

impl TestServer {
    pub(crate) async fn start() -> TestServer {
        TestServer::start_with(ServerConfig::default()).await
    }

    /// A server whose app has open registration (`POST /users` without a token).
    pub(crate) async fn start_open_registration() -> TestServer {
        TestServer::start_app(ServerConfig::default(), true).await
    }

    pub(crate) async fn start_with(config: ServerConfig) -> TestServer {
        TestServer::start_app(config, false).await
    }

    async fn start_app(mut config: ServerConfig, registration_open: bool) -> TestServer {
        let directory = tempfile::tempdir().expect("temp dir");
        // Uploaded files go to the temporary directory too, never to the working directory.
        config.files.dir = directory.path().join("files");
        let store = natter_store_sqlite::SqliteStore::open(&directory.path().join("natter.db"))
            .await
            .expect("store");
        let app = store
            .create_app(NewApp {
                key: AppKey::parse("acme#chat").expect("key"),
                uuid: "8be024f0-e978-11e8-b697-5d598d5f8402".into(),
                client_id: "YXA6client".into(),
                client_secret: "YXA6secret".into(),
                rongcloud_app_key: "rckey".into(),
                rongcloud_app_secret: "rcsecret".into(),
                registration_open,
                max_users: 0,
                created_at_ms: 1,
            })
            .await
            .expect("create app");
        let signer = Arc::new(TokenSigner::new(KEY));
        let state = AppState::new(Arc::new(store), signer.clone(), config);
        let sessions = state.sessions.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(natter_server::serve(
            listener,
            state.clone(),
            std::future::pending(),
        ));
        TestServer {
            base_url,
            app,
            signer,
            sessions,
            http: reqwest::Client::new(),
            state,
            _directory: directory,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// Asserts the Easemob error envelope and returns the body.
pub(crate) async fn easemob_error(
    response: reqwest::Response,
    status: u16,
    error: &str,
    description: &str,
) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    assert!(
        content_type.starts_with("application/json"),
        "content type {content_type:?}"
    );
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_description"], description, "{body}");
    assert!(body["exception"].is_string(), "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|timestamp| timestamp > 1_600_000_000_000),
        "{body}"
    );
    assert!(body["duration"].is_i64(), "{body}");
    body
}
