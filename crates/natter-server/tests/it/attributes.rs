//! User attributes over real HTTP (reference §3): set (form body), get, batch get, capacity and delete,
//! their `{timestamp, data, duration}` replies, the size rules and every documented error row.

use crate::{TestServer, easemob_error};
use natter_core::{NewUser, UserName};
use natter_server::token::{Claims, Subject};
use natter_store::{AttributeSettings, AttributeStore, UserStore};
use natter_store_sqlite::SqliteStore;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use std::path::PathBuf;

const FORM: &str = "application/x-www-form-urlencoded";

/// A running server, a second handle on its database (as `natter app …` would open), and an app token.
struct Fixture {
    server: TestServer,
    store: SqliteStore,
    app_token: String,
}

impl Fixture {
    /// A server with the users `alice`, `bob` and `carol`.
    async fn start() -> Fixture {
        let server = TestServer::start().await;
        let store = SqliteStore::open(&database_path(&server))
            .await
            .expect("second handle");
        let fixture = Fixture {
            app_token: token(&server, Subject::App),
            server,
            store,
        };
        fixture.create_users(&["alice", "bob", "carol"]).await;
        fixture
    }

    async fn create_users(&self, names: &[&str]) {
        let users = names
            .iter()
            .map(|name| NewUser {
                username: UserName::lookup(name).expect("user id"),
                uuid: format!("uuid-{name}"),
                password_hash: "not-a-real-hash".into(),
                nickname: None,
                created_ms: 1,
            })
            .collect();
        self.store
            .create_users(self.server.app.id, users)
            .await
            .expect("create users");
    }

    fn user_token(&self, name: &str) -> String {
        token(&self.server, Subject::User(name.to_string()))
    }

    fn url(&self, path: &str) -> String {
        self.server.url(&format!("/acme/chat/metadata/user/{path}"))
    }

    /// `PUT metadata/user/{user}` with a form body.
    async fn set(&self, user: &str, token: &str, form: &str) -> Response {
        self.server
            .http
            .put(self.url(user))
            .bearer_auth(token)
            .header("content-type", FORM)
            .body(form.to_string())
            .send()
            .await
            .expect("request")
    }

    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Response {
        let mut request = self
            .server
            .http
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    async fn get(&self, user: &str, token: &str) -> Response {
        self.call(Method::GET, user, token, None).await
    }

    async fn batch(&self, token: &str, body: Value) -> Response {
        self.call(Method::POST, "get", token, Some(body)).await
    }

    async fn capacity(&self, token: &str) -> Response {
        self.call(Method::GET, "capacity", token, None).await
    }

    async fn delete(&self, user: &str, token: &str) -> Response {
        self.call(Method::DELETE, user, token, None).await
    }

    async fn settings(&self, settings: AttributeSettings) {
        self.store
            .set_attribute_settings(self.server.app.id, settings)
            .await
            .expect("settings");
    }
}

fn database_path(server: &TestServer) -> PathBuf {
    server._directory.path().join("natter.db")
}

fn token(server: &TestServer, subject: Subject) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    server.signer.issue(&Claims {
        app_id: server.app.id,
        subject,
        issued_ms: now,
        expires_ms: None,
    })
}

/// Asserts the attribute reply `{timestamp, data, duration}` (and nothing else) and returns `data`.
async fn data(response: Response) -> Value {
    assert_eq!(response.status().as_u16(), 200, "status");
    let body: Value = response.json().await.expect("a JSON body");
    let object = body.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["data", "duration", "timestamp"], "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|ms| ms > 1_600_000_000_000),
        "{body}"
    );
    assert!(body["duration"].is_u64(), "{body}");
    body["data"].clone()
}

#[tokio::test]
async fn set_stores_the_given_pairs_and_keeps_the_others() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    // The documented example.
    let set = fixture
        .set(
            "alice",
            &app,
            "avatarurl=https://www.easemob.com/avatar.png&ext=ext&nickname=nickname",
        )
        .await;
    assert_eq!(
        data(set).await,
        json!({"ext":"ext","nickname":"nickname","avatarurl":"https://www.easemob.com/avatar.png"})
    );
    // The Web SDK's `updateOwnUserInfo`: the user's own token, percent-encoded values, a charset.
    let own = fixture.user_token("alice");
    let response = fixture
        .server
        .http
        .put(fixture.url("alice"))
        .bearer_auth(&own)
        .header("content-type", "application/x-www-form-urlencoded; charset=UTF-8")
        .body("nickname=Al%20ice&sign=%E4%BD%A0%E5%A5%BD&gender=2")
        .send()
        .await
        .expect("request");
    assert_eq!(
        data(response).await,
        json!({"nickname":"Al ice","sign":"你好","gender":"2"}),
        "data holds the pairs of this request only"
    );
    assert_eq!(
        data(fixture.get("alice", &app).await).await,
        json!({"avatarurl":"https://www.easemob.com/avatar.png","ext":"ext","nickname":"Al ice","sign":"你好","gender":"2"})
    );
    // A name given twice keeps its first value; an empty body sets nothing.
    assert_eq!(
        data(fixture.set("alice", &own, "ext=first&ext=second").await).await,
        json!({"ext":"first"})
    );
    assert_eq!(data(fixture.set("alice", &own, "").await).await, json!({}));
    assert_eq!(data(fixture.get("alice", &own).await).await["ext"], "first");
}

#[tokio::test]
async fn the_routes_named_get_and_capacity_also_serve_users_of_those_names() {
    let fixture = Fixture::start().await;
    fixture.create_users(&["get", "capacity"]).await;
    let app = fixture.app_token.clone();
    assert_eq!(
        data(fixture.set("get", &app, "nickname=g").await).await,
        json!({"nickname":"g"})
    );
    assert_eq!(
        data(fixture.get("get", &app).await).await,
        json!({"nickname":"g"})
    );
    assert_eq!(
        data(fixture.set("capacity", &app, "nickname=c").await).await,
        json!({"nickname":"c"})
    );
    // `GET …/capacity` is the app's capacity, as on the vendor's server.
    assert_eq!(data(fixture.capacity(&app).await).await, json!(18));
    assert_eq!(data(fixture.delete("capacity", &app).await).await, json!(true));
    assert_eq!(data(fixture.delete("get", &app).await).await, json!(true));
    assert_eq!(data(fixture.get("get", &app).await).await, json!({}));
}

#[tokio::test]
async fn get_one_user_returns_everything_or_an_empty_object() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    assert_eq!(
        data(fixture.get("alice", &app).await).await,
        json!({}),
        "no attributes yet"
    );
    assert_eq!(
        data(fixture.get("nobody", &app).await).await,
        json!({}),
        "no such user"
    );
    assert_eq!(
        data(fixture.get("Not Valid!", &app).await).await,
        json!({}),
        "no possible user"
    );
    data(fixture.set("alice", &app, "nickname=A&phone=123").await).await;
    assert_eq!(
        data(fixture.get("alice", &fixture.user_token("alice")).await).await,
        json!({"nickname":"A","phone":"123"})
    );
    // User IDs are case-insensitive.
    assert_eq!(data(fixture.get("ALICE", &app).await).await["nickname"], "A");
}

#[tokio::test]
async fn another_users_token_is_an_auth_error() {
    let fixture = Fixture::start().await;
    let bob = fixture.user_token("bob");
    data(fixture.set("alice", &fixture.app_token, "nickname=A").await).await;
    for response in [
        fixture.set("alice", &bob, "nickname=B").await,
        fixture.get("alice", &bob).await,
        fixture.delete("alice", &bob).await,
    ] {
        easemob_error(response, 401, "metadata_error", "auth error").await;
    }
    assert_eq!(
        data(fixture.get("alice", &fixture.app_token).await).await,
        json!({"nickname":"A"}),
        "nothing changed"
    );
    // No token at all: the cross-cutting 401.
    let response = fixture
        .server
        .http
        .get(fixture.url("alice"))
        .send()
        .await
        .expect("request");
    easemob_error(
        response,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
}

#[tokio::test]
async fn batch_get_returns_the_named_properties_of_the_named_users() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    data(
        fixture
            .set("alice", &app, "nickname=A&avatarurl=a.png&ext=x")
            .await,
    )
    .await;
    data(fixture.set("bob", &app, "nickname=B&mail=b@x").await).await;
    data(fixture.set("carol", &app, "ext=only").await).await;

    // The Web SDK's `fetchUserInfoById` sends a user token.
    let alice = fixture.user_token("alice");
    let found = data(
        fixture
            .batch(
                &alice,
                json!({"targets":["alice","bob","carol","nobody"],"properties":["nickname","avatarurl","mail"]}),
            )
            .await,
    )
    .await;
    assert_eq!(
        found,
        json!({"alice":{"nickname":"A","avatarurl":"a.png"},"bob":{"nickname":"B","mail":"b@x"}}),
        "carol has none of the properties and nobody does not exist: both are left out"
    );
    // Without properties, every attribute; keys are the IDs as sent.
    let all = data(fixture.batch(&app, json!({"targets":["Carol"]})).await).await;
    assert_eq!(all, json!({"Carol":{"ext":"only"}}));
    let all = data(
        fixture
            .batch(&app, json!({"targets":["bob"],"properties":[]}))
            .await,
    )
    .await;
    assert_eq!(all, json!({"bob":{"nickname":"B","mail":"b@x"}}));
    assert_eq!(
        data(
            fixture
                .batch(&app, json!({"targets":[],"properties":["nickname"]}))
                .await
        )
        .await,
        json!({})
    );

    // 100 targets are fine; 101 are the documented 400.
    let hundred: Vec<String> = (0..100).map(|index| format!("user{index}")).collect();
    data(
        fixture
            .batch(&app, json!({"targets":hundred,"properties":["nickname"]}))
            .await,
    )
    .await;
    let too_many: Vec<String> = (0..101).map(|index| format!("user{index}")).collect();
    easemob_error(
        fixture
            .batch(&app, json!({"targets":too_many,"properties":["nickname"]}))
            .await,
        400,
        "BAD_REQUEST",
        "exceed allowed batch size 100",
    )
    .await;

    // Malformed bodies.
    easemob_error(
        fixture.batch(&app, json!({"properties":["nickname"]})).await,
        400,
        "illegal_argument",
        "targets must be provided",
    )
    .await;
    easemob_error(
        fixture.batch(&app, json!({"targets":"alice"})).await,
        400,
        "illegal_argument",
        "targets must be a list of strings",
    )
    .await;
    let response = fixture
        .server
        .http
        .post(fixture.url("get"))
        .bearer_auth(&app)
        .header("content-type", "application/json")
        .body("{\"targets\" [}")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "json_parse");
}

#[tokio::test]
async fn capacity_counts_utf8_bytes_of_names_and_values_and_needs_an_app_token() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    assert_eq!(data(fixture.capacity(&app).await).await, json!(0));
    data(fixture.set("alice", &app, "nickname=%E5%90%8D&ext=12345").await).await;
    data(fixture.set("bob", &app, "phone=1").await).await;
    // nickname(8) + 名(3) + ext(3) + 12345(5) + phone(5) + 1(1)
    assert_eq!(data(fixture.capacity(&app).await).await, json!(25));
    // Replacing a value replaces its weight.
    data(fixture.set("alice", &app, "ext=1").await).await;
    assert_eq!(data(fixture.capacity(&app).await).await, json!(21));
    easemob_error(
        fixture.capacity(&fixture.user_token("alice")).await,
        401,
        "unauthorized",
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn delete_removes_every_attribute_and_always_answers_true() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    data(fixture.set("alice", &app, "nickname=A&ext=e").await).await;
    data(fixture.set("bob", &app, "nickname=B").await).await;
    let alice = fixture.user_token("alice");
    assert_eq!(data(fixture.delete("alice", &alice).await).await, json!(true));
    assert_eq!(data(fixture.get("alice", &app).await).await, json!({}));
    assert_eq!(data(fixture.capacity(&app).await).await, json!(9), "bob's remain");
    assert_eq!(
        data(fixture.delete("alice", &app).await).await,
        json!(true),
        "nothing left"
    );
    assert_eq!(
        data(fixture.delete("nobody", &app).await).await,
        json!(true),
        "no such user"
    );
}

#[tokio::test]
async fn deleting_a_user_deletes_its_attributes() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    data(fixture.set("alice", &app, "nickname=A").await).await;
    let response = fixture
        .server
        .http
        .delete(fixture.server.url("/acme/chat/users/alice"))
        .bearer_auth(&app)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(data(fixture.capacity(&app).await).await, json!(0));
    fixture.create_users(&["alice"]).await;
    assert_eq!(
        data(fixture.get("alice", &app).await).await,
        json!({}),
        "a new user of the same ID starts empty"
    );
}

#[tokio::test]
async fn setting_attributes_of_a_user_that_does_not_exist_is_a_404() {
    let fixture = Fixture::start().await;
    for user in ["nobody", "Not Valid!"] {
        easemob_error(
            fixture.set(user, &fixture.app_token, "nickname=x").await,
            404,
            "service_resource_not_found",
            "Service resource not found",
        )
        .await;
    }
}

#[tokio::test]
async fn a_field_over_its_length_is_the_column_size_error() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    let column = "size of metadata for this single user exceeds the current mysql column size, {}Bytes";
    for (field, limit) in [
        ("nickname", 64),
        ("avatarurl", 256),
        ("phone", 32),
        ("mail", 64),
        ("sign", 256),
        ("birth", 64),
    ] {
        let at_limit = format!("{field}={}", "a".repeat(limit));
        data(fixture.set("alice", &app, &at_limit).await).await;
        let over = format!("{field}={}&ext=kept-out", "a".repeat(limit + 1));
        easemob_error(fixture.set("alice", &app, &over).await, 403, "FORBIDDEN", column).await;
    }
    // Characters, not bytes: 64 three-byte characters are a valid nickname.
    let chinese = format!("nickname={}", "%E5%90%8D".repeat(64));
    data(fixture.set("bob", &app, &chinese).await).await;
    let stored = data(fixture.get("alice", &app).await).await;
    assert!(
        stored.get("ext").is_none(),
        "a refused set writes nothing: {stored}"
    );
    assert_eq!(stored["nickname"].as_str().map(str::len), Some(64));
}

#[tokio::test]
async fn a_user_over_two_kilobytes_is_refused_and_nothing_is_written() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    let limit = "size of metadata for this single user exceeds the user defined limit, {}Bytes";
    // ext(3) + 2045 = 2048 bytes: exactly the budget.
    data(
        fixture
            .set("alice", &app, &format!("ext={}", "x".repeat(2045)))
            .await,
    )
    .await;
    easemob_error(
        fixture.set("alice", &app, "nickname=A").await,
        403,
        "FORBIDDEN",
        limit,
    )
    .await;
    // Replacing the big value with a smaller one, plus a new key, fits again.
    data(fixture.set("alice", &app, "ext=small&nickname=A").await).await;
    // The form body may not exceed 4 KB (userprofile.md): the generic 413.
    let encoded = "%E5%90%8D".repeat(600);
    assert!(encoded.len() > 4096, "a body over 4 KB");
    let response = fixture.set("bob", &app, &format!("ext={encoded}")).await;
    easemob_error(
        response,
        413,
        "Request Entity Too Large",
        "Request Entity Too Large",
    )
    .await;
    // Sizes are counted after decoding: 400 × "名" is 1200 bytes stored from a 3604-byte body,
    // and 3 + 1200 + 6 + 900 bytes are over the budget.
    let fits = format!("ext={}", "%E5%90%8D".repeat(400));
    data(fixture.set("bob", &app, &fits).await).await;
    let over = format!("custom={}", "%E5%90%8D".repeat(300));
    easemob_error(fixture.set("bob", &app, &over).await, 403, "FORBIDDEN", limit).await;
    let kept = data(fixture.get("bob", &app).await).await;
    assert_eq!(
        kept.as_object().map(|object| object.len()),
        Some(1),
        "only ext: {kept}"
    );
    assert_eq!(
        data(fixture.get("alice", &app).await).await,
        json!({"ext":"small","nickname":"A"})
    );
}

#[tokio::test]
async fn an_app_over_its_budget_is_refused() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    fixture
        .settings(AttributeSettings {
            app_limit_bytes: 20,
            ..AttributeSettings::default()
        })
        .await;
    data(fixture.set("alice", &app, "nickname=123456789012").await).await;
    easemob_error(
        fixture.set("bob", &app, "nickname=1").await,
        403,
        "FORBIDDEN",
        "total size of user metadata for this app exceeds the user defined limit, {}Bytes",
    )
    .await;
    assert_eq!(data(fixture.get("bob", &app).await).await, json!({}));
    assert_eq!(data(fixture.capacity(&app).await).await, json!(20));
}

#[tokio::test]
async fn a_disabled_service_refuses_every_endpoint() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    fixture
        .settings(AttributeSettings {
            enabled: false,
            ..AttributeSettings::default()
        })
        .await;
    let text = "acme#chat user metadata service not allow";
    easemob_error(
        fixture.set("alice", &app, "nickname=A").await,
        403,
        "FORBIDDEN",
        text,
    )
    .await;
    easemob_error(fixture.get("alice", &app).await, 403, "FORBIDDEN", text).await;
    easemob_error(
        fixture
            .batch(&app, json!({"targets":["alice"],"properties":["nickname"]}))
            .await,
        403,
        "FORBIDDEN",
        text,
    )
    .await;
    easemob_error(fixture.capacity(&app).await, 403, "FORBIDDEN", text).await;
    easemob_error(fixture.delete("alice", &app).await, 403, "FORBIDDEN", text).await;
}

#[tokio::test]
async fn a_json_body_is_the_documented_415() {
    let fixture = Fixture::start().await;
    let app = fixture.app_token.clone();
    for (content_type, shown) in [
        (
            Some("application/json;charset=UTF-8"),
            "application/json;charset=UTF-8",
        ),
        (
            Some("application/json; charset=UTF-8"),
            "application/json;charset=UTF-8",
        ),
        (Some("application/json"), "application/json"),
        (None, "application/octet-stream"),
    ] {
        let mut request = fixture
            .server
            .http
            .put(fixture.url("alice"))
            .bearer_auth(&app)
            .body("{\"nickname\":\"A\"}");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.expect("request");
        easemob_error(
            response,
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            &format!("Content-Type '{shown}' is not supported."),
        )
        .await;
    }
    assert_eq!(data(fixture.get("alice", &app).await).await, json!({}));
}

#[tokio::test]
async fn concurrent_writers_of_different_keys_lose_nothing() {
    let fixture = Fixture::start().await;
    let writers = 50;
    let mut tasks = Vec::new();
    for index in 0..writers {
        let request = fixture
            .server
            .http
            .put(fixture.url("alice"))
            .bearer_auth(if index % 2 == 0 {
                fixture.app_token.clone()
            } else {
                fixture.user_token("alice")
            })
            .header("content-type", FORM)
            .body(format!("key{index}=value{index}"));
        tasks.push(tokio::spawn(async move { request.send().await }));
    }
    for task in tasks {
        let response = task.await.expect("task").expect("response");
        assert_eq!(response.status().as_u16(), 200);
    }
    let stored = data(fixture.get("alice", &fixture.app_token).await).await;
    let stored = stored.as_object().expect("object");
    assert_eq!(stored.len(), writers, "{stored:?}");
    for index in 0..writers {
        assert_eq!(stored[&format!("key{index}")], format!("value{index}"));
    }
}

/// Opens the server's database from outside, as another process would.
async fn outside_connection(fixture: &Fixture) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(database_path(&fixture.server));
    sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("outside connection")
}

#[tokio::test]
async fn a_writer_locked_out_past_the_busy_timeout_gets_the_documented_409() {
    let fixture = Fixture::start().await;
    let outside = outside_connection(&fixture).await;
    // Another process holds the write lock for longer than the store waits (10 s).
    let lock = outside.begin_with("BEGIN IMMEDIATE").await.expect("lock");
    let response = fixture.set("alice", &fixture.app_token, "nickname=A").await;
    easemob_error(
        response,
        409,
        "CONFLICT",
        "Failed to update userMetadata. Concurrent updates not allowed",
    )
    .await;
    lock.rollback().await.expect("release");
    assert_eq!(
        data(fixture.get("alice", &fixture.app_token).await).await,
        json!({})
    );
}

#[tokio::test]
async fn store_failures_are_the_documented_500s() {
    let fixture = Fixture::start().await;
    let outside = outside_connection(&fixture).await;
    sqlx::query("DROP TABLE user_attributes")
        .execute(&outside)
        .await
        .expect("break the store");
    easemob_error(
        fixture.set("alice", &fixture.app_token, "nickname=A").await,
        500,
        "INTERNAL_SERVER_ERROR",
        "update metadata failed",
    )
    .await;
    let response = fixture.get("alice", &fixture.app_token).await;
    let body = easemob_error(response, 500, "INTERNAL_SERVER_ERROR", "").await;
    assert!(
        !body.to_string().contains("user_attributes"),
        "no detail leaks: {body}"
    );
}
