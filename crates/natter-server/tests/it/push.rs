//! Offline-push settings over real HTTP (reference §9, limits §10): bindings, push nicknames, display
//! style, the legacy user-entity fields, push mode and do-not-disturb, language, templates, and each
//! documented error row.

use crate::{TestServer, easemob_error};
use natter_server::token::{Claims, Subject};
use reqwest::Method;
use serde_json::{Value, json};

const USER_MISSING: (u16, &str, &str) = (
    400,
    "RequiredPropertyNotFoundException",
    "Entity user requires a property named username",
);

/// A server with an app token and registered users.
struct Fixture {
    server: TestServer,
    app_token: String,
}

impl Fixture {
    async fn start(users: &[&str]) -> Fixture {
        // The push-template quota is 10/s; these tests make more calls than that in a second and test the
        // settings, not the limiter.
        let mut config = natter_server::ServerConfig::default();
        config.rate_limits.enabled = false;
        let server = TestServer::start_with(config).await;
        let reply = server
            .http
            .post(server.url("/acme/chat/token"))
            .json(&json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret"}))
            .send()
            .await
            .expect("token request");
        assert_eq!(reply.status(), 200);
        let app_token = reply.json::<Value>().await.expect("token JSON")["access_token"]
            .as_str()
            .expect("access_token")
            .to_string();
        let fixture = Fixture { server, app_token };
        if !users.is_empty() {
            fixture.register(users).await;
        }
        fixture
    }

    async fn register(&self, users: &[&str]) {
        let body: Vec<Value> = users
            .iter()
            .map(|name| json!({"username": name, "password": "secret"}))
            .collect();
        let app_token = self.app_token.clone();
        let reply = ok(self
            .send(Method::POST, "/acme/chat/users", &app_token, Some(json!(body)))
            .await)
        .await;
        assert_eq!(reply["entities"].as_array().map(Vec::len), Some(users.len()));
    }

    /// A user token this server signed, as `grant_type=password` would issue it.
    fn user_token(&self, username: &str) -> String {
        self.server.signer.issue(&Claims {
            app_id: self.server.app.id,
            subject: Subject::User(username.to_string()),
            issued_ms: now_ms(),
            expires_ms: None,
        })
    }

    async fn send(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> reqwest::Response {
        let mut request = self
            .server
            .http
            .request(method, self.server.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    async fn put(&self, path: &str, token: &str, body: Value) -> reqwest::Response {
        self.send(Method::PUT, path, token, Some(body)).await
    }

    async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.send(Method::GET, path, token, None).await
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

/// Asserts a 200 JSON reply and returns its body.
async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status, 200, "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|at| at > 1_600_000_000_000),
        "{body}"
    );
    assert!(body["duration"].is_i64(), "{body}");
    body
}

async fn refused(response: reqwest::Response, (status, error, description): (u16, &str, &str)) -> Value {
    easemob_error(response, status, error, description).await
}

fn invalid(parameter: &str) -> (u16, &'static str, String) {
    (
        400,
        "IllegalArgumentException",
        format!("parameters is invalid : {parameter}"),
    )
}

async fn refused_invalid(response: reqwest::Response, parameter: &str) {
    let (status, error, description) = invalid(parameter);
    refused(response, (status, error, &description)).await;
}

/// The full envelope's echo fields.
fn assert_full_envelope(body: &Value, action: &str, path: &str, uri_ends_with: &str) {
    assert_eq!(body["action"], action, "{body}");
    assert_eq!(body["path"], path, "{body}");
    assert_eq!(
        body["application"], "8be024f0-e978-11e8-b697-5d598d5f8402",
        "{body}"
    );
    assert_eq!(body["organization"], "acme", "{body}");
    assert_eq!(body["applicationName"], "chat", "{body}");
    let uri = body["uri"].as_str().expect("uri");
    assert!(
        uri.starts_with("http://") && uri.ends_with(uri_ends_with),
        "{uri}"
    );
}

fn keys(body: &Value) -> Vec<&str> {
    body.as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn bindings_are_bound_listed_and_unbound_per_device_and_certificate() {
    let fixture = Fixture::start(&["alice", "bob"]).await;
    let alice = fixture.user_token("alice");
    let path = "/acme/chat/users/alice/push/binding";

    let bound = ok(fixture
        .put(
            path,
            &alice,
            json!({"device_id":"8ce08cad-9369-4bdd-86c8-695a0d247cda","device_token":"BAEAAAAAB","notifier_name":"104410638"}),
        )
        .await)
    .await;
    // The documented reply: action, entities, timestamp, duration, nothing else.
    assert_eq!(
        keys(&bound),
        ["action", "duration", "entities", "timestamp"],
        "{bound}"
    );
    assert_eq!(bound["action"], "put");
    assert_eq!(
        bound["entities"],
        json!([{"device_id":"8ce08cad-9369-4bdd-86c8-695a0d247cda","device_token":"BAEAAAAAB","notifier_name":"104410638"}])
    );
    // A second certificate on the same device, another device, and a new token for the first pair.
    for (device, notifier, token) in [
        ("8ce08cad-9369-4bdd-86c8-695a0d247cda", "fcm", "fcm-token"),
        ("ipad", "apns", "apns-token"),
        ("8ce08cad-9369-4bdd-86c8-695a0d247cda", "104410638", "BAEAAAAAC"),
    ] {
        ok(fixture
            .put(
                path,
                &fixture.app_token,
                json!({"device_id":device,"device_token":token,"notifier_name":notifier}),
            )
            .await)
        .await;
    }
    let listed = ok(fixture.get(path, &fixture.app_token).await).await;
    assert_eq!(
        keys(&listed),
        ["action", "duration", "entities", "timestamp"],
        "{listed}"
    );
    assert_eq!(listed["action"], "get");
    let triples: Vec<String> = listed["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|entity| {
            format!(
                "{}/{}/{}",
                entity["device_id"].as_str().unwrap_or("?"),
                entity["notifier_name"].as_str().unwrap_or("?"),
                entity["device_token"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert_eq!(
        triples,
        [
            "8ce08cad-9369-4bdd-86c8-695a0d247cda/fcm/fcm-token",
            "ipad/apns/apns-token",
            "8ce08cad-9369-4bdd-86c8-695a0d247cda/104410638/BAEAAAAAC",
        ]
    );
    assert_eq!(
        ok(fixture
            .get("/acme/chat/users/bob/push/binding", &fixture.app_token)
            .await)
        .await["entities"],
        json!([]),
        "bindings are per user"
    );

    // An empty token unbinds this device and certificate only.
    let unbound = ok(fixture
        .put(
            path,
            &alice,
            json!({"device_id":"8ce08cad-9369-4bdd-86c8-695a0d247cda","device_token":"","notifier_name":"fcm"}),
        )
        .await)
    .await;
    assert_eq!(unbound["entities"], json!([]));
    assert_eq!(
        ok(fixture.get(path, &alice).await).await["entities"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // An empty certificate name unbinds the device from everything.
    let unbound = ok(fixture
        .put(
            path,
            &alice,
            json!({"device_id":"8ce08cad-9369-4bdd-86c8-695a0d247cda","device_token":"x","notifier_name":""}),
        )
        .await)
    .await;
    assert_eq!(unbound["entities"], json!([]));
    assert_eq!(
        ok(fixture.get(path, &alice).await).await["entities"],
        json!([{"device_id":"ipad","device_token":"apns-token","notifier_name":"apns"}])
    );
}

#[tokio::test]
async fn binding_refusals_are_the_documented_rows() {
    let fixture = Fixture::start(&["alice", "bob"]).await;
    let alice = fixture.user_token("alice");
    let path = "/acme/chat/users/alice/push/binding";
    let full = json!({"device_id":"d","device_token":"t","notifier_name":"n"});
    for (field, bad) in [
        ("device_id", Value::Null),
        ("device_id", json!("")),
        ("device_token", json!(7)),
        ("notifier_name", json!(["n"])),
    ] {
        let mut body = full.clone();
        if bad.is_null() {
            if let Some(object) = body.as_object_mut() {
                object.remove(field);
            }
        } else {
            body[field] = bad;
        }
        refused_invalid(fixture.put(path, &alice, body).await, field).await;
    }
    refused_invalid(
        fixture.put(path, &alice, json!([full.clone()])).await,
        "request body",
    )
    .await;
    assert_eq!(
        ok(fixture.get(path, &alice).await).await["entities"],
        json!([]),
        "a refused bind writes nothing"
    );

    // A user that does not exist (app token), and the §0.6 token rows.
    refused(
        fixture
            .put(
                "/acme/chat/users/nobody/push/binding",
                &fixture.app_token,
                full.clone(),
            )
            .await,
        USER_MISSING,
    )
    .await;
    refused(
        fixture
            .get("/acme/chat/users/nobody/push/binding", &fixture.app_token)
            .await,
        USER_MISSING,
    )
    .await;
    refused(
        fixture
            .put("/acme/chat/users/bob/push/binding", &alice, full.clone())
            .await,
        (
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token",
        ),
    )
    .await;
    let anonymous = fixture
        .server
        .http
        .get(fixture.server.url(path))
        .send()
        .await
        .expect("request");
    refused(
        anonymous,
        (
            401,
            "unauthorized",
            "Unable to authenticate due to expired access token",
        ),
    )
    .await;
    refused(
        fixture
            .get("/acme/nochat/users/alice/push/binding", &fixture.app_token)
            .await,
        (
            404,
            "organization_application_not_found",
            "Could not find application for acme/nochat from URI: acme/nochat/users/alice/push/binding",
        ),
    )
    .await;
    // §9's wrong-path row.
    refused(
        fixture.get("/acme/chat/users/alice/push/bindings", &alice).await,
        (404, "请求路径不存在", "url is invalid"),
    )
    .await;
}

#[tokio::test]
async fn put_user_sets_nickname_display_style_and_the_legacy_fields() {
    let fixture = Fixture::start(&["alice"]).await;
    let alice = fixture.user_token("alice");
    let path = "/acme/chat/users/alice";

    // §9.3: the push nickname is the user entity's `nickname`.
    let named = ok(fixture
        .put(path, &fixture.app_token, json!({"nickname":"testuser"}))
        .await)
    .await;
    assert_full_envelope(&named, "put", "/users", "/acme/chat/users/alice");
    let entity = &named["entities"][0];
    assert_eq!(
        (
            &entity["type"],
            &entity["username"],
            &entity["nickname"],
            &entity["activated"]
        ),
        (&json!("user"), &json!("alice"), &json!("testuser"), &json!(true))
    );
    for key in ["notification_display_style", "notifier_name", "device_token"] {
        assert!(
            entity.get(key).is_none(),
            "{key} is shown only when set: {entity}"
        );
    }
    // §9.5, with the example's string value.
    let styled = ok(fixture
        .put(path, &alice, json!({"notification_display_style":"1"}))
        .await)
    .await;
    assert_eq!(styled["entities"][0]["notification_display_style"], 1);
    assert_eq!(styled["entities"][0]["nickname"], "testuser", "untouched");
    let styled = ok(fixture
        .put(path, &alice, json!({"notification_display_style":0}))
        .await)
    .await;
    assert_eq!(styled["entities"][0]["notification_display_style"], 0);

    // The Web SDK's uploadPushToken: `entities[0]` shows the binding, which §9.2 lists.
    let uploaded = ok(fixture
        .put(
            &format!("{path}?resource=webim_random_web_1"),
            &alice,
            json!({"device_id":"webim_random_web_1","device_token":"tok-1","notifier_name":"2882303761517426801"}),
        )
        .await)
    .await;
    let entity = &uploaded["entities"][0];
    assert_eq!(
        (&entity["notifier_name"], &entity["device_token"]),
        (&json!("2882303761517426801"), &json!("tok-1"))
    );
    assert_eq!(
        ok(fixture.get("/acme/chat/users/alice/push/binding", &alice).await).await["entities"],
        json!([{"device_id":"webim_random_web_1","device_token":"tok-1","notifier_name":"2882303761517426801"}])
    );

    // The Web SDK's blockGroup wraps the legacy key in `entities`; the legacy DND fields (§9.11).
    let blocked = ok(fixture
        .put(
            path,
            &alice,
            json!({"entities":[{"notification_ignore_1234567890":true}]}),
        )
        .await)
    .await;
    assert_eq!(blocked["entities"][0]["notification_ignore_1234567890"], true);
    let legacy = ok(fixture
        .put(
            path,
            &fixture.app_token,
            json!({"notification_no_disturbing":true,"notification_no_disturbing_start":"8","notification_no_disturbing_end":18}),
        )
        .await)
    .await;
    let entity = &legacy["entities"][0];
    assert_eq!(
        (
            &entity["notification_no_disturbing"],
            &entity["notification_no_disturbing_start"],
            &entity["notification_no_disturbing_end"],
            &entity["notification_ignore_1234567890"],
        ),
        (&json!(true), &json!("8"), &json!("18"), &json!(true))
    );
    let unblocked = ok(fixture
        .put(path, &alice, json!({"notification_ignore_1234567890":false}))
        .await)
    .await;
    assert!(
        unblocked["entities"][0]
            .get("notification_ignore_1234567890")
            .is_none()
    );

    // unbindPushToken: an empty token; the entity no longer shows a binding.
    let unbound = ok(fixture
        .put(
            path,
            &alice,
            json!({"device_id":"webim_random_web_1","device_token":"","notifier_name":"2882303761517426801"}),
        )
        .await)
    .await;
    assert!(unbound["entities"][0].get("device_token").is_none(), "{unbound}");
    // An empty nickname clears it; 100 characters of any script are allowed.
    let long = "推".repeat(100);
    let named = ok(fixture.put(path, &alice, json!({"nickname": long})).await).await;
    assert_eq!(named["entities"][0]["nickname"], long);
    let cleared = ok(fixture.put(path, &alice, json!({"nickname":""})).await).await;
    assert!(cleared["entities"][0].get("nickname").is_none());

    // The GET and DELETE of users.rs still answer on the path this module adds PUT to.
    let got = ok(fixture.get(path, &fixture.app_token).await).await;
    assert_eq!(got["entities"][0]["username"], "alice");
    let wrong_method = fixture
        .send(Method::POST, path, &fixture.app_token, Some(json!({})))
        .await;
    refused(
        wrong_method,
        (
            405,
            "unsupported_service_operation",
            "Service operation not supported",
        ),
    )
    .await;
}

#[tokio::test]
async fn put_user_refusals_are_the_documented_rows() {
    let fixture = Fixture::start(&["alice", "bob"]).await;
    let alice = fixture.user_token("alice");
    let path = "/acme/chat/users/alice";
    let cases = [
        (json!({"nickname": "n".repeat(101)}), "nickname"),
        (json!({"nickname": 5}), "nickname"),
        (
            json!({"notification_display_style": 2}),
            "notification_display_style",
        ),
        (
            json!({"notification_display_style": "one"}),
            "notification_display_style",
        ),
        (
            json!({"notification_no_disturbing": "yes"}),
            "notification_no_disturbing",
        ),
        (
            json!({"notification_no_disturbing_start": "24"}),
            "notification_no_disturbing_start",
        ),
        (json!({"notification_ignore_42": 1}), "notification_ignore_42"),
        (json!({"device_id": "d", "device_token": "t"}), "notifier_name"),
        (json!({"entities": ["x"]}), "entities"),
        (json!("nickname"), "request body"),
    ];
    for (body, parameter) in cases {
        refused_invalid(fixture.put(path, &alice, body).await, parameter).await;
    }
    // A refused body writes nothing, not even its valid keys.
    refused_invalid(
        fixture
            .put(
                path,
                &alice,
                json!({"nickname":"kept?","notification_display_style":9}),
            )
            .await,
        "notification_display_style",
    )
    .await;
    let entity = ok(fixture.get(path, &fixture.app_token).await).await["entities"][0].clone();
    assert!(entity.get("nickname").is_none(), "{entity}");

    refused(
        fixture
            .put(
                "/acme/chat/users/nobody",
                &fixture.app_token,
                json!({"nickname":"x"}),
            )
            .await,
        USER_MISSING,
    )
    .await;
    refused(
        fixture
            .put("/acme/chat/users/bob", &alice, json!({"nickname":"x"}))
            .await,
        (
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token",
        ),
    )
    .await;
}

#[tokio::test]
async fn batch_nicknames_set_up_to_fifty() {
    let fixture = Fixture::start(&["user1", "user2"]).await;
    let path = "/acme/chat/push/nickname";
    let reply = ok(fixture
        .put(
            path,
            &fixture.app_token,
            json!([
                {"username":"user1","push_nickname":"推送昵称-1"},
                {"username":"User2","push_nickname":"推送昵称-2"},
                {"username":"ghost","push_nickname":"nobody"},
            ]),
        )
        .await)
    .await;
    assert_full_envelope(&reply, "put", "/push", "/acme/chat/push/nickname");
    assert_eq!(
        reply["entities"],
        json!([
            {"push_nickname":"推送昵称-1","username":"user1"},
            {"push_nickname":"推送昵称-2","username":"user2"},
        ]),
        "a user ID that names nobody is skipped"
    );
    let user2 = ok(fixture.get("/acme/chat/users/user2", &fixture.app_token).await).await;
    assert_eq!(user2["entities"][0]["nickname"], "推送昵称-2");

    // Exactly 50 is fine; 100 characters too.
    let fifty: Vec<Value> = (0..50)
        .map(|_| json!({"username":"user1","push_nickname":"n".repeat(100)}))
        .collect();
    ok(fixture.put(path, &fixture.app_token, json!(fifty)).await).await;
}

#[tokio::test]
async fn batch_nickname_refusals_are_the_documented_rows() {
    let fixture = Fixture::start(&["user1", "user2"]).await;
    let path = "/acme/chat/push/nickname";
    let empty = (
        400,
        "illegal_argument",
        "put user push nicknames illegal empty request body",
    );
    refused(fixture.put(path, &fixture.app_token, json!([])).await, empty).await;
    let no_body = fixture
        .server
        .http
        .put(fixture.server.url(path))
        .bearer_auth(&fixture.app_token)
        .header("content-type", "application/json")
        .send()
        .await
        .expect("request");
    refused(no_body, empty).await;
    let too_many: Vec<Value> = (0..51)
        .map(|_| json!({"username":"user1","push_nickname":"n"}))
        .collect();
    refused(
        fixture.put(path, &fixture.app_token, json!(too_many)).await,
        (
            400,
            "illegal_argument",
            "put user push nicknames exceeds the limit",
        ),
    )
    .await;
    refused(
        fixture
            .put(
                path,
                &fixture.app_token,
                json!([
                    {"username":"user1","push_nickname":"fine"},
                    {"username":"user2","push_nickname":"n".repeat(101)},
                ]),
            )
            .await,
        (
            400,
            "illegal_argument",
            "user2 push nickname length exceeds the limit",
        ),
    )
    .await;
    let user1 = ok(fixture.get("/acme/chat/users/user1", &fixture.app_token).await).await;
    assert!(
        user1["entities"][0].get("nickname").is_none(),
        "a refused batch writes nothing"
    );
    refused_invalid(
        fixture
            .put(path, &fixture.app_token, json!([{"username":"user1"}]))
            .await,
        "push_nickname",
    )
    .await;
    refused_invalid(
        fixture
            .put(
                path,
                &fixture.app_token,
                json!({"username":"user1","push_nickname":"n"}),
            )
            .await,
        "request body",
    )
    .await;

    // An app-wide call: a user token is refused; the token of a deleted user is the §9.4 401 row.
    let user1_token = fixture.user_token("user1");
    refused(
        fixture
            .put(
                path,
                &user1_token,
                json!([{"username":"user1","push_nickname":"n"}]),
            )
            .await,
        (
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token",
        ),
    )
    .await;
    ok(fixture
        .send(Method::DELETE, "/acme/chat/users/user1", &fixture.app_token, None)
        .await)
    .await;
    refused(
        fixture
            .put(
                path,
                &user1_token,
                json!([{"username":"user2","push_nickname":"n"}]),
            )
            .await,
        (401, "unauthorized", "Unable to authenticate (OAuth)"),
    )
    .await;
}

#[tokio::test]
async fn push_mode_and_do_not_disturb_per_app_and_per_conversation() {
    let fixture = Fixture::start(&["alice", "bob"]).await;
    let alice = fixture.user_token("alice");
    let app_level = "/acme/chat/users/alice/notification/user/alice";

    let fresh = ok(fixture.get(app_level, &alice).await).await;
    assert_full_envelope(&fresh, "get", "/users", app_level);
    assert_eq!(fresh["data"], json!({"type":"ALL"}));
    assert_eq!(
        ok(fixture
            .get("/acme/chat/users/alice/notification/chatgroup/1234", &alice)
            .await)
        .await["data"],
        json!({"type":"DEFAULT"})
    );

    // The documented example: `ignoreDuration` comes back as the absolute end time.
    let before = now_ms();
    let set = ok(fixture
        .put(
            app_level,
            &fixture.app_token,
            json!({"type":"NONE","ignoreDuration":86400000,"ignoreInterval":"21:30-08:00"}),
        )
        .await)
    .await;
    let after = now_ms();
    assert_full_envelope(&set, "put", "/users", app_level);
    assert_eq!(set["data"]["type"], "NONE");
    assert_eq!(set["data"]["ignoreInterval"], "21:30-08:00");
    let until = set["data"]["ignoreDuration"].as_i64().expect("end time");
    assert!(
        (before + 86_400_000..=after + 86_400_000).contains(&until),
        "{until}"
    );
    // The Web SDK sends one field at a time, unpadded; the others stay.
    let set = ok(fixture
        .put(app_level, &alice, json!({"ignoreInterval":"8:30-18:45"}))
        .await)
    .await;
    assert_eq!(
        set["data"],
        json!({"type":"NONE","ignoreDuration":until,"ignoreInterval":"08:30-18:45"})
    );
    let set = ok(fixture.put(app_level, &alice, json!({"ignoreDuration":0})).await).await;
    assert_eq!(set["data"], json!({"type":"NONE","ignoreInterval":"08:30-18:45"}));
    let set = ok(fixture
        .put(app_level, &alice, json!({"ignoreInterval":"","type":"AT"}))
        .await)
    .await;
    assert_eq!(set["data"], json!({"type":"AT"}));
    // The upper bound is allowed; the key of the app level is a user ID, so case does not matter.
    let set = ok(fixture
        .put(
            "/acme/chat/users/alice/notification/user/ALICE",
            &alice,
            json!({"ignoreDuration":"604800000"}),
        )
        .await)
    .await;
    assert_eq!(set["data"]["type"], "AT");
    assert!(
        set["data"]["ignoreDuration"]
            .as_i64()
            .is_some_and(|end| end >= before + 604_800_000)
    );
    assert_eq!(
        ok(fixture.get(app_level, &alice).await).await["data"],
        set["data"]
    );

    // A conversation setting overrides the app; DEFAULT clears it again.
    let group = "/acme/chat/users/alice/notification/chatgroup/1234";
    let set = ok(fixture
        .put(group, &alice, json!({"type":"NONE","ignoreDuration":3600000}))
        .await)
    .await;
    assert_eq!(set["data"]["type"], "NONE");
    assert!(set["data"]["ignoreDuration"].is_i64());
    assert_eq!(
        ok(fixture.get(group, &fixture.app_token).await).await["data"],
        set["data"]
    );
    let peer = "/acme/chat/users/alice/notification/user/bob";
    ok(fixture.put(peer, &alice, json!({"type":"AT"})).await).await;
    assert_eq!(
        ok(fixture.get(peer, &alice).await).await["data"],
        json!({"type":"AT"})
    );
    let cleared = ok(fixture.put(peer, &alice, json!({"type":"DEFAULT"})).await).await;
    assert_eq!(cleared["data"], json!({"type":"DEFAULT"}));
    // Settings are the caller's own: bob's view of the same conversations is untouched.
    let bob = fixture.user_token("bob");
    assert_eq!(
        ok(fixture
            .get("/acme/chat/users/bob/notification/chatgroup/1234", &bob)
            .await)
        .await["data"],
        json!({"type":"DEFAULT"})
    );
    assert_eq!(
        ok(fixture
            .get("/acme/chat/users/bob/notification/user/bob", &bob)
            .await)
        .await["data"],
        json!({"type":"ALL"})
    );
}

#[tokio::test]
async fn push_mode_refusals_are_the_documented_rows() {
    let fixture = Fixture::start(&["alice", "bob"]).await;
    let alice = fixture.user_token("alice");
    let app_level = "/acme/chat/users/alice/notification/user/alice";
    let group = "/acme/chat/users/alice/notification/chatgroup/1234";
    let cases = [
        (app_level, json!({"type":"DEFAULT"}), "type"),
        (app_level, json!({"type":"all"}), "type"),
        (app_level, json!({"type":1}), "type"),
        (group, json!({"ignoreInterval":"21:30-08:00"}), "ignoreInterval"),
        (
            app_level,
            json!({"ignoreInterval":"24:00-08:00"}),
            "ignoreInterval",
        ),
        (
            app_level,
            json!({"ignoreInterval":"21:60-08:00"}),
            "ignoreInterval",
        ),
        (app_level, json!({"ignoreInterval":"21:30"}), "ignoreInterval"),
        (
            app_level,
            json!({"ignoreInterval":"21:30-08:00,12:00-13:00"}),
            "ignoreInterval",
        ),
        (app_level, json!({"ignoreDuration":604800001}), "ignoreDuration"),
        (app_level, json!({"ignoreDuration":-1}), "ignoreDuration"),
        (app_level, json!({"ignoreDuration":"soon"}), "ignoreDuration"),
        (app_level, json!({"ignoreDuration":1.5}), "ignoreDuration"),
        (app_level, json!(["NONE"]), "request body"),
        (
            "/acme/chat/users/alice/notification/user/not%20a%20user",
            json!({"type":"AT"}),
            "key",
        ),
    ];
    for (path, body, parameter) in cases {
        refused_invalid(fixture.put(path, &alice, body).await, parameter).await;
    }
    assert_eq!(
        ok(fixture.get(app_level, &alice).await).await["data"],
        json!({"type":"ALL"}),
        "refused settings write nothing"
    );
    // A chat type other than `user` and `chatgroup` is a wrong path.
    for method in [Method::GET, Method::PUT] {
        refused(
            fixture
                .send(
                    method,
                    "/acme/chat/users/alice/notification/group/1234",
                    &alice,
                    Some(json!({"type":"AT"})),
                )
                .await,
            (404, "请求路径不存在", "url is invalid"),
        )
        .await;
    }
    refused(
        fixture
            .get(
                "/acme/chat/users/nobody/notification/user/nobody",
                &fixture.app_token,
            )
            .await,
        USER_MISSING,
    )
    .await;
    refused(
        fixture
            .put(
                "/acme/chat/users/nobody/notification/chatgroup/1",
                &fixture.app_token,
                json!({"type":"AT"}),
            )
            .await,
        USER_MISSING,
    )
    .await;
    refused(
        fixture
            .get("/acme/chat/users/bob/notification/user/bob", &alice)
            .await,
        (
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token",
        ),
    )
    .await;
}

#[tokio::test]
async fn preferred_language_is_set_read_and_cleared() {
    let fixture = Fixture::start(&["alice"]).await;
    let alice = fixture.user_token("alice");
    let path = "/acme/chat/users/alice/notification/language";
    let fresh = ok(fixture.get(path, &alice).await).await;
    assert_eq!(fresh["data"], json!({"language":""}));
    let set = ok(fixture
        .put(path, &alice, json!({"translationLanguage":"EU"}))
        .await)
    .await;
    assert_full_envelope(&set, "put", "/users", path);
    assert_eq!(set["data"], json!({"language":"EU"}));
    let read = ok(fixture.get(path, &fixture.app_token).await).await;
    assert_eq!(read["action"], "get");
    assert_eq!(read["data"], json!({"language":"EU"}));
    let cleared = ok(fixture.put(path, &alice, json!({"translationLanguage":""})).await).await;
    assert_eq!(cleared["data"], json!({"language":""}));
    assert_eq!(
        ok(fixture.get(path, &alice).await).await["data"],
        json!({"language":""})
    );

    for body in [
        json!({}),
        json!({"translationLanguage": 1}),
        json!({"language":"EU"}),
    ] {
        refused_invalid(fixture.put(path, &alice, body).await, "translationLanguage").await;
    }
    refused(
        fixture
            .put(
                "/acme/chat/users/nobody/notification/language",
                &fixture.app_token,
                json!({"translationLanguage":"EU"}),
            )
            .await,
        USER_MISSING,
    )
    .await;
}

#[tokio::test]
async fn templates_are_created_read_modified_and_deleted() {
    let fixture = Fixture::start(&[]).await;
    let token = fixture.app_token.clone();
    let before = now_ms();
    let created = ok(fixture
        .send(
            Method::POST,
            "/acme/chat/notification/template",
            &token,
            Some(json!({"name":"test7","title_pattern":"你好,{0}","content_pattern":"推送测试,{0}"})),
        )
        .await)
    .await;
    assert_full_envelope(
        &created,
        "post",
        "/notification",
        "/acme/chat/notification/template",
    );
    let data = &created["data"];
    assert_eq!(
        (&data["name"], &data["title_pattern"], &data["content_pattern"]),
        (&json!("test7"), &json!("你好,{0}"), &json!("推送测试,{0}"))
    );
    let created_at = data["createAt"].as_i64().expect("createAt");
    assert!(created_at >= before);
    assert_eq!(data["updateAt"], created_at);
    assert_eq!(keys(data).len(), 5, "{data}");

    let path = "/acme/chat/notification/template/test7";
    let read = ok(fixture.get(path, &token).await).await;
    assert_eq!(read["action"], "get");
    assert_eq!(&read["data"], data);
    let modified = ok(fixture
        .put(path, &token, json!({"content_pattern":"{$fromNickname}: {$msg}"}))
        .await)
    .await;
    assert_eq!(modified["action"], "put");
    assert_eq!(modified["data"]["title_pattern"], "你好,{0}");
    assert_eq!(modified["data"]["content_pattern"], "{$fromNickname}: {$msg}");
    assert_eq!(modified["data"]["createAt"], created_at);
    // Creating an existing name replaces its patterns and keeps its creation time.
    let again = ok(fixture
        .send(
            Method::POST,
            "/acme/chat/notification/template",
            &token,
            Some(json!({"name":"test7","title_pattern":"t2","content_pattern":"c2"})),
        )
        .await)
    .await;
    assert_eq!(
        (&again["data"]["title_pattern"], &again["data"]["createAt"]),
        (&json!("t2"), &json!(created_at))
    );
    // `default` and 64 characters are valid names; names are case-sensitive.
    for name in ["default".to_string(), "A".repeat(64)] {
        ok(fixture
            .send(
                Method::POST,
                "/acme/chat/notification/template",
                &token,
                Some(json!({"name":name,"title_pattern":"t","content_pattern":"c"})),
            )
            .await)
        .await;
    }
    refused(
        fixture
            .get("/acme/chat/notification/template/TEST7", &token)
            .await,
        (400, "EntityNotFoundException", "TEST7 template is not exist"),
    )
    .await;

    let deleted = ok(fixture.send(Method::DELETE, path, &token, None).await).await;
    assert_eq!(deleted["action"], "delete");
    assert_eq!(deleted["data"]["name"], "test7");
    assert_eq!(deleted["data"]["title_pattern"], "t2");
    let missing = (400, "EntityNotFoundException", "test7 template is not exist");
    refused(fixture.get(path, &token).await, missing).await;
    refused(fixture.send(Method::DELETE, path, &token, None).await, missing).await;
    refused(
        fixture.put(path, &token, json!({"title_pattern":"x"})).await,
        missing,
    )
    .await;
}

#[tokio::test]
async fn template_refusals_are_the_documented_rows() {
    let fixture = Fixture::start(&["alice"]).await;
    let token = fixture.app_token.clone();
    let cases = [
        (json!({"title_pattern":"t","content_pattern":"c"}), "name"),
        (
            json!({"name":"a-b","title_pattern":"t","content_pattern":"c"}),
            "name",
        ),
        (
            json!({"name":"名字","title_pattern":"t","content_pattern":"c"}),
            "name",
        ),
        (
            json!({"name":"","title_pattern":"t","content_pattern":"c"}),
            "name",
        ),
        (
            json!({"name":"a".repeat(65),"title_pattern":"t","content_pattern":"c"}),
            "name",
        ),
        (json!({"name":"ok","content_pattern":"c"}), "title_pattern"),
        (
            json!({"name":"ok","title_pattern":"t","content_pattern":3}),
            "content_pattern",
        ),
        (json!(["ok"]), "request body"),
    ];
    for (body, parameter) in cases {
        let response = fixture
            .send(
                Method::POST,
                "/acme/chat/notification/template",
                &token,
                Some(body),
            )
            .await;
        refused_invalid(response, parameter).await;
    }
    refused(
        fixture.get("/acme/chat/notification/template/ok", &token).await,
        (400, "EntityNotFoundException", "ok template is not exist"),
    )
    .await;
    // App-wide: a user token is refused. A wrong path is §9's 404 row.
    let alice = fixture.user_token("alice");
    refused(
        fixture
            .send(
                Method::POST,
                "/acme/chat/notification/template",
                &alice,
                Some(json!({"name":"ok","title_pattern":"t","content_pattern":"c"})),
            )
            .await,
        (
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token",
        ),
    )
    .await;
    refused(
        fixture.get("/acme/chat/notification/templates/ok", &token).await,
        (404, "请求路径不存在", "url is invalid"),
    )
    .await;
}

#[tokio::test]
async fn the_receiver_template_must_exist_and_is_read_back() {
    let fixture = Fixture::start(&["alice"]).await;
    let alice = fixture.user_token("alice");
    let path = "/acme/chat/users/alice/notification/template";
    refused(
        fixture.put(path, &alice, json!({"templateName":"hxtest"})).await,
        (400, "EntityNotFoundException", "hxtest template is not exist"),
    )
    .await;
    assert_eq!(
        ok(fixture.get(path, &alice).await).await["data"],
        json!({"templateName":""})
    );
    ok(fixture
        .send(
            Method::POST,
            "/acme/chat/notification/template",
            &fixture.app_token,
            Some(json!({"name":"hxtest","title_pattern":"t","content_pattern":"c"})),
        )
        .await)
    .await;
    let set = ok(fixture.put(path, &alice, json!({"templateName":"hxtest"})).await).await;
    assert_full_envelope(&set, "put", "/users", path);
    assert_eq!(set["data"], json!({"templateName":"hxtest"}));
    let read = ok(fixture.get(path, &fixture.app_token).await).await;
    assert_eq!(
        (&read["action"], &read["data"]),
        (&json!("get"), &json!({"templateName":"hxtest"}))
    );
    let cleared = ok(fixture.put(path, &alice, json!({"templateName":""})).await).await;
    assert_eq!(cleared["data"], json!({"templateName":""}));

    refused_invalid(
        fixture.put(path, &alice, json!({"template":"hxtest"})).await,
        "templateName",
    )
    .await;
    refused(
        fixture
            .put(
                "/acme/chat/users/nobody/notification/template",
                &fixture.app_token,
                json!({"templateName":"hxtest"}),
            )
            .await,
        USER_MISSING,
    )
    .await;
}

#[tokio::test]
async fn deleting_a_user_deletes_its_push_settings() {
    let fixture = Fixture::start(&["alice"]).await;
    let token = fixture.app_token.clone();
    ok(fixture
        .put(
            "/acme/chat/users/alice/push/binding",
            &token,
            json!({"device_id":"d","device_token":"t","notifier_name":"n"}),
        )
        .await)
    .await;
    ok(fixture
        .put(
            "/acme/chat/users/alice",
            &token,
            json!({"notification_display_style":1,"notification_ignore_9":true}),
        )
        .await)
    .await;
    ok(fixture
        .put(
            "/acme/chat/users/alice/notification/user/alice",
            &token,
            json!({"type":"NONE"}),
        )
        .await)
    .await;
    ok(fixture
        .put(
            "/acme/chat/users/alice/notification/language",
            &token,
            json!({"translationLanguage":"EU"}),
        )
        .await)
    .await;

    ok(fixture
        .send(Method::DELETE, "/acme/chat/users/alice", &token, None)
        .await)
    .await;
    fixture.register(&["alice"]).await;
    assert_eq!(
        ok(fixture.get("/acme/chat/users/alice/push/binding", &token).await).await["entities"],
        json!([])
    );
    assert_eq!(
        ok(fixture
            .get("/acme/chat/users/alice/notification/user/alice", &token)
            .await)
        .await["data"],
        json!({"type":"ALL"})
    );
    assert_eq!(
        ok(fixture
            .get("/acme/chat/users/alice/notification/language", &token)
            .await)
        .await["data"],
        json!({"language":""})
    );
    let entity =
        ok(fixture.put("/acme/chat/users/alice", &token, json!({})).await).await["entities"][0].clone();
    for key in [
        "notification_display_style",
        "notification_ignore_9",
        "notifier_name",
        "device_token",
    ] {
        assert!(entity.get(key).is_none(), "{key}: {entity}");
    }
}

#[tokio::test]
async fn store_failures_are_the_documented_5xx_without_detail() {
    let fixture = Fixture::start(&["alice"]).await;
    // Break the store from outside, as another process (or a damaged file) would.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(fixture.server._directory.path().join("natter.db"));
    let outside = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("outside connection");
    for table in ["push_bindings", "push_conversations", "push_templates"] {
        sqlx::query(&format!("DROP TABLE {table}"))
            .execute(&outside)
            .await
            .expect("break the store");
    }
    let token = fixture.app_token.clone();
    let responses = [
        fixture.get("/acme/chat/users/alice/push/binding", &token).await,
        fixture
            .put(
                "/acme/chat/users/alice/push/binding",
                &token,
                json!({"device_id":"d","device_token":"t","notifier_name":"n"}),
            )
            .await,
        fixture
            .get("/acme/chat/users/alice/notification/user/alice", &token)
            .await,
        fixture.get("/acme/chat/notification/template/any", &token).await,
    ];
    for response in responses {
        let body = refused(response, (500, "服务器内部错误", "")).await;
        assert!(!body.to_string().contains("push_"), "no detail leaks: {body}");
    }
}

#[tokio::test]
async fn get_user_shows_the_push_keys_only_once_set() {
    let fixture = Fixture::start(&["alice"]).await;
    let token = fixture.app_token.clone();
    let before = ok(fixture.get("/acme/chat/users/alice", &token).await).await;
    let entity = &before["entities"][0];
    for key in [
        "notifier_name",
        "device_token",
        "notification_display_style",
        "nickname",
    ] {
        assert!(entity.get(key).is_none(), "{key} before it is set: {entity}");
    }
    ok(fixture
        .put(
            "/acme/chat/users/alice",
            &token,
            json!({"device_id":"d1","device_token":"BAEAAAAAB","notifier_name":"104410638","notification_display_style":1,"nickname":"Al"}),
        )
        .await)
    .await;
    let after = ok(fixture.get("/acme/chat/users/alice", &token).await).await;
    let entity = &after["entities"][0];
    assert_eq!(entity["notifier_name"], "104410638", "{entity}");
    assert_eq!(entity["device_token"], "BAEAAAAAB", "{entity}");
    assert_eq!(entity["notification_display_style"], 1, "{entity}");
    assert_eq!(entity["nickname"], "Al", "{entity}");
}
