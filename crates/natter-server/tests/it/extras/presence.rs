//! Presence subscription (users-messages §7): publish, subscribe, query, sublist, unsubscribe and the group
//! online count, their `{"result": …}` replies and every documented error row.

use super::Fixture;
use crate::easemob_error;
use natter_core::UserName;
use natter_server::ServerConfig;
use natter_server::sessions::DeviceInfo;
use reqwest::{Method, Response};
use serde_json::{Value, json};

fn device(resource: &str) -> DeviceInfo {
    DeviceInfo {
        resource: resource.into(),
        device_uuid: format!("uuid-{resource}"),
        device_name: "webim".into(),
    }
}

/// A `{"result": …}` reply (no envelope) and its `result`.
async fn result(response: Response) -> Value {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, 200, "{body}");
    let object = body.as_object().expect("an object");
    assert_eq!(object.keys().collect::<Vec<_>>(), ["result"], "{body}");
    body["result"].clone()
}

#[tokio::test]
async fn published_presence_is_read_by_subscribers() {
    let fx = Fixture::new().await;
    let app = fx.server.app.id;
    let _bob_phone =
        fx.server
            .sessions
            .register(app, &UserName::lookup("bob").expect("id"), device("android_9"));
    // bob publishes a custom status from the web; his phone is connected and never published.
    let reply = fx
        .as_user(
            "bob",
            Method::POST,
            "/users/bob/presence/web_1/5",
            Some(json!({"ext": "in a meeting"})),
        )
        .await;
    assert_eq!(result(reply).await, json!("ok"));
    // alice subscribes to bob and carol for an hour.
    let before = super::now_ms() / 1000;
    let reply = fx
        .as_user(
            "alice",
            Method::POST,
            "/users/alice/presence/3600",
            Some(json!({"usernames": ["bob", "carol", "ghost"]})),
        )
        .await;
    let items = result(reply).await;
    let items = items.as_array().expect("a list");
    assert_eq!(items.len(), 2, "unknown users are left out: {items:?}");
    assert_eq!(items[0]["uid"], "bob");
    assert_eq!(items[0]["ext"], "in a meeting");
    assert_eq!(items[0]["status"], json!({"android_9": "1", "web_1": "5"}));
    let expiry: i64 = items[0]["expiry"]
        .as_str()
        .expect("seconds as text")
        .parse()
        .expect("number");
    assert!((before + 3599..=before + 3601 + 1).contains(&expiry), "{expiry}");
    let last: i64 = items[0]["last_time"]
        .as_str()
        .expect("text")
        .parse()
        .expect("number");
    assert!(last >= before - 1);
    assert_eq!(
        items[1],
        json!({"uid": "carol", "last_time": "0", "expiry": items[1]["expiry"], "ext": "", "status": {}})
    );

    // The query (§7.3) has no expiry, and an unknown `{username}` has nobody's presence.
    let reply = fx
        .as_user(
            "alice",
            Method::POST,
            "/users/alice/presence",
            Some(json!({"usernames": ["bob"]})),
        )
        .await;
    let items = result(reply).await;
    assert!(items[0].get("expiry").is_none(), "{items}");
    assert_eq!(items[0]["status"]["web_1"], "5");
    let reply = fx
        .app(
            Method::POST,
            "/users/ghost/presence",
            Some(json!({"usernames": ["bob"]})),
        )
        .await;
    assert_eq!(result(reply).await, json!([]));

    // Sublist: paged, first-made order, total as text. Default page size is 1. Targets are not checked
    // (as the vendor's): `ghost` is subscribed to, although it has no presence to answer.
    let reply = fx
        .as_user("alice", Method::GET, "/users/alice/presence/sublist", None)
        .await;
    let list = result(reply).await;
    assert_eq!(list["totalnum"], "3");
    assert_eq!(list["sublist"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["sublist"][0]["uid"], "bob");
    let reply = fx
        .as_user(
            "alice",
            Method::GET,
            "/users/alice/presence/sublist?pageNum=2&pageSize=1",
            None,
        )
        .await;
    assert_eq!(result(reply).await["sublist"][0]["uid"], "carol");
    let reply = fx
        .app(
            Method::GET,
            "/users/alice/presence/sublist?pageNum=1&pageSize=9999",
            None,
        )
        .await;
    assert_eq!(result(reply).await["sublist"].as_array().map(Vec::len), Some(3));

    // Unsubscribe with the SDK's bare array, then with the field table's object.
    let reply = fx
        .as_user(
            "alice",
            Method::DELETE,
            "/users/alice/presence",
            Some(json!(["bob"])),
        )
        .await;
    assert_eq!(result(reply).await, json!("ok"));
    let reply = fx
        .app(
            Method::DELETE,
            "/users/alice/presence",
            Some(json!({"users": ["carol", "ghost"]})),
        )
        .await;
    assert_eq!(result(reply).await, json!("ok"));
    let reply = fx
        .app(Method::GET, "/users/alice/presence/sublist?pageSize=10", None)
        .await;
    assert_eq!(result(reply).await, json!({"totalnum": "0", "sublist": []}));
}

/// An expected refusal: status, `error`, `error_description`.
type Refusal = (u16, &'static str, &'static str);

#[tokio::test]
async fn presence_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let illegal = |description: &'static str| (400, "illegal_argument", description);
    let many: Vec<String> = (0..101).map(|index| format!("user{index}")).collect();
    let cases: Vec<(Method, &str, Option<Value>, Refusal)> = vec![
        (
            Method::POST,
            "/users/alice/presence/web_1/1",
            Some(json!({})),
            illegal("ext cannot be null"),
        ),
        (
            Method::POST,
            "/users/alice/presence/web_1/1",
            Some(json!({"ext": null})),
            illegal("ext cannot be null"),
        ),
        (
            Method::POST,
            "/users/alice/presence/web_1/1",
            Some(json!({"ext": "x".repeat(1025)})),
            illegal("ext is too big "),
        ),
        (
            Method::POST,
            "/users/alice/presence/600",
            Some(json!({})),
            illegal("usernames is empty"),
        ),
        (
            Method::POST,
            "/users/alice/presence/600",
            Some(json!({"usernames": []})),
            illegal("usernames is empty"),
        ),
        (
            Method::POST,
            "/users/alice/presence/600",
            Some(json!({"usernames": many})),
            illegal("too many sub presence"),
        ),
        (
            Method::POST,
            "/users/alice/presence/600",
            Some(json!({"usernames": ["bob", "alice"]})),
            illegal("you can't sub yourself"),
        ),
        (
            Method::POST,
            "/users/alice/presence",
            Some(json!({"usernames": many})),
            illegal("too many get presences"),
        ),
        (
            Method::DELETE,
            "/users/alice/presence",
            Some(json!({})),
            illegal("usernames cannot be null"),
        ),
        (
            Method::DELETE,
            "/users/alice/presence",
            Some(json!([])),
            illegal("usernames cannot be null"),
        ),
        (
            Method::DELETE,
            "/users/alice/presence",
            Some(json!(many)),
            illegal("too many unsub presences"),
        ),
        (
            Method::GET,
            "/presence/online/1/type/2",
            None,
            illegal("Type must be 0 or 1."),
        ),
        (
            Method::GET,
            "/presence/online/999/type/1",
            None,
            (404, "resource_not_found", "grpID 999 does not exist!"),
        ),
        (
            Method::POST,
            "/users/ghost/presence/web_1/1",
            Some(json!({"ext": ""})),
            (404, "service_resource_not_found", "Service resource not found"),
        ),
    ];
    for (method, path, body, (status, error, description)) in cases {
        let response = fx.app(method, path, body).await;
        easemob_error(response, status, error, description).await;
    }
    // A 1024-byte description is within the limit; a user token acts only for its own user.
    let response = fx
        .app(
            Method::POST,
            "/users/alice/presence/web_1/1",
            Some(json!({"ext": "x".repeat(1024)})),
        )
        .await;
    assert_eq!(result(response).await, json!("ok"));
    let response = fx
        .as_user(
            "bob",
            Method::POST,
            "/users/alice/presence/web_1/1",
            Some(json!({"ext": ""})),
        )
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
}

#[tokio::test]
async fn switched_off_presence_answers_not_open() {
    let mut config = ServerConfig::default();
    config.services.presence = false;
    config.services.group_online_count = false;
    let fx = Fixture::with(config).await;
    let calls = [
        (
            Method::POST,
            "/users/alice/presence/web_1/1",
            Some(json!({"ext": ""})),
        ),
        (
            Method::POST,
            "/users/alice/presence/600",
            Some(json!({"usernames": ["bob"]})),
        ),
        (
            Method::POST,
            "/users/alice/presence",
            Some(json!({"usernames": ["bob"]})),
        ),
        (Method::DELETE, "/users/alice/presence", Some(json!(["bob"]))),
        (Method::GET, "/users/alice/presence/sublist", None),
    ];
    for (method, path, body) in calls {
        let response = fx.app(method, path, body).await;
        let body = easemob_error(
            response,
            400,
            "service open exception",
            "the app not open presence",
        )
        .await;
        // The Web SDK reads `result` to report 505.
        assert_eq!(body["result"], "the app not open presence");
    }
    let response = fx.app(Method::GET, "/presence/online/1/type/1", None).await;
    easemob_error(
        response,
        400,
        "service open exception",
        "this appkey not open rest group online service",
    )
    .await;
}

#[tokio::test]
async fn the_group_online_count_counts_connected_members() {
    let fx = Fixture::new().await;
    let group = fx.group("alice", &["bob", "carol"]).await;
    let app = fx.server.app.id;
    let path = format!("/presence/online/{group}/type/1");
    let count = |reply| async { result(reply).await };
    assert_eq!(count(fx.app(Method::GET, &path, None).await).await, json!(0));
    let _alice = fx
        .server
        .sessions
        .register(app, &UserName::lookup("alice").expect("id"), device("web_1"));
    let _alice_phone =
        fx.server
            .sessions
            .register(app, &UserName::lookup("alice").expect("id"), device("ios_2"));
    let _bob = fx
        .server
        .sessions
        .register(app, &UserName::lookup("bob").expect("id"), device("web_3"));
    let _dave = fx
        .server
        .sessions
        .register(app, &UserName::lookup("dave").expect("id"), device("web_4"));
    assert_eq!(
        count(fx.app(Method::GET, &path, None).await).await,
        json!(2),
        "members, once each"
    );
    let super_community = fx
        .app(Method::GET, &format!("/presence/online/{group}/type/0"), None)
        .await;
    assert_eq!(result(super_community).await, json!(0));
    let response = fx.as_user("alice", Method::GET, &path, None).await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
}
