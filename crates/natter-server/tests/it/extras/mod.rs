//! The endpoints the REST coverage audit (`coverage.rs`) found missing and that were built after it: batch
//! recall, presence subscriptions, reactions, the SDK's conversation pins and marks, chat-room shared
//! files and the smaller SDK calls. One fixture for all of them: a server whose app holds alice, bob,
//! carol and dave.

mod conversations;
mod history;
mod presence;
mod push;
mod reactions;
mod recall;
mod room_files;

use crate::TestServer;
use natter_core::{NewUser, UserName};
use natter_server::ServerConfig;
use natter_server::token::{Claims, Subject};
use natter_store::UserStore;
use natter_store_sqlite::SqliteStore;
use reqwest::{Method, Response};
use serde_json::{Value, json};

pub(crate) use crate::groups::ok;

pub(crate) struct Fixture {
    pub(crate) server: TestServer,
    pub(crate) store: SqliteStore,
    pub(crate) app_token: String,
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

impl Fixture {
    pub(crate) async fn new() -> Fixture {
        Fixture::with(ServerConfig::default()).await
    }

    pub(crate) async fn with(config: ServerConfig) -> Fixture {
        let server = TestServer::start_with(config).await;
        let store = SqliteStore::open(&server._directory.path().join("natter.db"))
            .await
            .expect("second handle");
        let users = ["alice", "bob", "carol", "dave"]
            .iter()
            .map(|name| NewUser {
                username: UserName::lookup(name).expect("valid id"),
                uuid: format!("uuid-{name}"),
                password_hash: "not-a-hash".into(),
                nickname: None,
                created_ms: 1_700_000_000_000,
            })
            .collect();
        store.create_users(server.app.id, users).await.expect("users");
        let app_token = server.signer.issue(&Claims {
            app_id: server.app.id,
            subject: Subject::App,
            issued_ms: now_ms(),
            expires_ms: None,
        });
        Fixture {
            server,
            store,
            app_token,
        }
    }

    pub(crate) fn token(&self, user: &str) -> String {
        self.server.signer.issue(&Claims {
            app_id: self.server.app.id,
            subject: Subject::User(user.to_string()),
            issued_ms: now_ms(),
            expires_ms: None,
        })
    }

    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Response {
        let mut request = self
            .server
            .http
            .request(method, self.server.url(&format!("/acme/chat{path}")))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    pub(crate) async fn app(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.call(method, path, &self.app_token, body).await
    }

    pub(crate) async fn as_user(
        &self,
        user: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        self.call(method, path, &self.token(user), body).await
    }

    /// Sends a text through REST and returns its id.
    pub(crate) async fn text(&self, from: &str, to: &str, text: &str) -> String {
        let reply = ok(self
            .app(
                Method::POST,
                "/messages/users",
                Some(json!({"from": from, "to": [to], "type": "txt", "body": {"msg": text}})),
            )
            .await)
        .await;
        reply["data"][to].as_str().expect("an id").to_string()
    }

    /// Sends a text to a group through REST and returns its id.
    pub(crate) async fn group_text(&self, from: &str, group: &str, text: &str) -> String {
        let reply = ok(self
            .app(
                Method::POST,
                "/messages/chatgroups",
                Some(json!({"from": from, "to": [group], "type": "txt", "body": {"msg": text}})),
            )
            .await)
        .await;
        reply["data"][group].as_str().expect("an id").to_string()
    }

    pub(crate) async fn group(&self, owner: &str, members: &[&str]) -> String {
        let body = json!({"groupname": "g", "description": "d", "public": true, "maxusers": 200,
                          "owner": owner, "members": members});
        let reply = ok(self.app(Method::POST, "/chatgroups", Some(body)).await).await;
        reply["data"]["groupid"].as_str().expect("groupid").to_string()
    }

    pub(crate) async fn room(&self, owner: &str, members: &[&str]) -> String {
        let body = json!({"name": "lobby", "description": "a room", "owner": owner, "members": members});
        let reply = ok(self.app(Method::POST, "/chatrooms", Some(body)).await).await;
        reply["data"]["id"].as_str().expect("id").to_string()
    }
}
