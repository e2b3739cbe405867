//! The RongCloud door's pushes over real HTTP with signed JSON requests: `/push.json` (every user, listed
//! users, tags, package names, with and without an in-app message) and `/push/user.json`, each accepted push
//! read back from the store and each in-app message from the recipients' conversations; every refusal is the
//! exact seed-000 body with its HTTP status. Also the SMS paths, which answer 1039.

use crate::TestServer;
use crate::rongcloud::{post, post_json, rongcloud_error, success};
use natter_core::{NewUser, UserName};
use natter_msync::pb;
use natter_store::{PushBinding, RongCloudPush, RongCloudPushKind};
use prost::Message as _;
use serde_json::{Value, json};

/// A server whose app holds the users named (made in the store: no password hashing).
async fn server(users: &[&str]) -> TestServer {
    let server = TestServer::start().await;
    let users = users
        .iter()
        .map(|name| NewUser {
            username: UserName::lookup(name).expect("valid id"),
            uuid: format!("uuid-{name}"),
            password_hash: "not-a-hash".into(),
            nickname: None,
            created_ms: 1_700_000_000_000,
        })
        .collect();
    server
        .state
        .store
        .create_users(server.app.id, users)
        .await
        .expect("users");
    server
}

async fn user_id(server: &TestServer, name: &str) -> i64 {
    server
        .state
        .store
        .user_by_name(server.app.id, &UserName::lookup(name).expect("id"))
        .await
        .expect("read")
        .expect("user")
        .id
}

/// Asserts a push reply (`code`, `id`, `requestId` and nothing else) and returns the stored push.
async fn accepted(server: &TestServer, response: reqwest::Response) -> RongCloudPush {
    let body = success(response).await;
    assert_eq!(body.as_object().map(|object| object.len()), Some(3), "{body}");
    let id = body["id"].as_str().expect("an id");
    assert_eq!(id.len(), 22, "{id}");
    assert!(id.bytes().all(|byte| byte.is_ascii_alphanumeric()), "{id}");
    server
        .state
        .store
        .rongcloud_push(server.app.id, id)
        .await
        .expect("read")
        .expect("the push is stored under its id")
}

fn request(push: &RongCloudPush) -> Value {
    serde_json::from_str(&push.request).expect("the stored request is JSON")
}

/// The messages `from` sent `to` (one-to-one history, oldest first).
async fn messages(server: &TestServer, from: &str, to: &str) -> Vec<pb::MessageBody> {
    let mut history = server
        .state
        .store
        .history(
            server.app.id,
            &natter_store::chat_conversation(from, to),
            None,
            natter_store::Direction::Older,
            100,
        )
        .await
        .expect("history");
    history.sort_by_key(|message| message.id);
    history
        .iter()
        .map(|message| pb::MessageBody::decode(message.body.as_slice()).expect("a body"))
        .collect()
}

fn ext_text(body: &pb::MessageBody, key: &str) -> Option<String> {
    body.ext
        .iter()
        .find(|entry| entry.key.as_deref() == Some(key))
        .and_then(|entry| match &entry.value {
            Some(pb::key_value::Value::StringValue(text)) => Some(text.clone()),
            _ => None,
        })
}

/// A `/push.json` body to every user.
fn to_all() -> Value {
    json!({
        "platform": ["ios", "android"],
        "audience": {"is_to_all": true},
        "notification": {"alert": "hello everyone"}
    })
}

/// `to_all()` with `path` (`a.b`) set to `value` (`null` removes it).
fn with(mut body: Value, path: &str, value: Value) -> Value {
    let mut keys: Vec<&str> = path.split('.').collect();
    let last = keys.pop().expect("a key");
    let mut target = &mut body;
    for key in keys {
        target = target
            .as_object_mut()
            .expect("an object")
            .entry(key)
            .or_insert_with(|| json!({}));
    }
    let object = target.as_object_mut().expect("an object");
    if value.is_null() {
        object.remove(last);
    } else {
        object.insert(last.to_string(), value);
    }
    body
}

#[tokio::test]
async fn a_push_to_every_user_is_stored_as_validated_with_its_id() {
    let server = server(&["alice", "bob", "carol"]).await;
    let body = json!({
        "platform": ["iOS", "ANDROID"],
        "audience": {"is_to_all": true, "tag": ["ignored"]},
        "notification": {
            "alert": "hello",
            "title": "News",
            "ios": {"badge": 3, "contentAvailable": 1, "extras": {"k": "v"}, "interruption-level": "active"},
            "android": {"alert": "hello android", "hw": {"importance": "LOW", "image": "https://e.com/i.png"}},
            "undocumented": "dropped"
        }
    });
    let push = accepted(&server, post_json(&server, "/push.json", &body).await).await;
    assert_eq!(push.kind, RongCloudPushKind::Audience);
    assert_eq!((push.recipients, push.messages), (3, 0));
    assert_eq!(
        request(&push),
        json!({
            "platform": ["ios", "android"],
            "audience": {"is_to_all": true, "tag": ["ignored"]},
            "notification": {
                "alert": "hello",
                "title": "News",
                "ios": {"badge": 3, "contentAvailable": 1, "extras": {"k": "v"}, "interruption-level": "active"},
                "android": {"alert": "hello android", "hw": {"importance": "LOW", "image": "https://e.com/i.png"}}
            }
        })
    );
    assert!(
        messages(&server, "alice", "bob").await.is_empty(),
        "a notification alone writes no message"
    );
    // Another push has another id.
    let second = accepted(&server, post_json(&server, "/push.json", &to_all()).await).await;
    assert_ne!(second.push_id, push.push_id);
}

#[tokio::test]
async fn the_in_app_message_reaches_each_selected_user_as_a_system_message() {
    let server = server(&["admin1", "vip1", "vip2", "plain"]).await;
    for user in ["admin1", "vip1", "vip2"] {
        success(
            post_json(
                &server,
                "/user/tag/set.json",
                &json!({"userId": user, "tags": ["vip"]}),
            )
            .await,
        )
        .await;
    }
    // rc-server-sdk's Push.broadcast: `content` is urllib.parse.quote(json.dumps(content)).
    let body = json!({
        "platform": ["ios"],
        "fromuserid": "admin1",
        "audience": {"tag": ["vip"], "is_to_all": false},
        "message": {
            "objectName": "RC:TxtMsg",
            "content": "%7B%22content%22%3A%20%22sale%20today%22%2C%20%22extra%22%3A%20%22%22%7D"
        },
        "notification": {"alert": "A sale"}
    });
    let push = accepted(&server, post_json(&server, "/push.json", &body).await).await;
    assert_eq!(
        (push.recipients, push.messages),
        (3, 2),
        "three tagged users, the sender among them, who gets no message"
    );
    assert_eq!(
        request(&push)["message"],
        json!({"objectName": "RC:TxtMsg", "content": r#"{"content": "sale today", "extra": ""}"#})
    );
    for user in ["vip1", "vip2"] {
        let got = messages(&server, "admin1", user).await;
        assert_eq!(got.len(), 1, "{user}");
        let content = got[0].contents.first().expect("a content");
        assert_eq!(content.text.as_deref(), Some("sale today"));
        assert_eq!(
            ext_text(&got[0], "rc:conversationType").as_deref(),
            Some("SYSTEM")
        );
        let apns: Value =
            serde_json::from_str(&ext_text(&got[0], "em_apns_ext").expect("em_apns_ext")).expect("JSON");
        assert_eq!(
            apns,
            json!({"em_push_content": "A sale"}),
            "the alert is the push text"
        );
    }
    assert!(
        messages(&server, "admin1", "plain").await.is_empty(),
        "not tagged"
    );
    assert!(
        messages(&server, "admin1", "admin1").await.is_empty(),
        "not the sender"
    );
}

#[tokio::test]
async fn listed_users_win_over_tags_and_every_user_must_exist() {
    let server = server(&["sender", "ann", "ben"]).await;
    let body = json!({
        "platform": ["android"],
        "fromuserid": "sender",
        "audience": {"userid": ["Ann", "ann"], "tag": ["nobody-has-it"], "is_to_all": false},
        "message": {"objectName": "RC:TxtMsg", "content": r#"{"content":"hi ann"}"#},
        "notification": {"android": {"alert": "hi"}}
    });
    let push = accepted(&server, post_json(&server, "/push.json", &body).await).await;
    assert_eq!((push.recipients, push.messages), (1, 1));
    assert_eq!(request(&push)["audience"]["userid"], json!(["ann"]));
    assert_eq!(messages(&server, "sender", "ann").await.len(), 1);
    assert!(messages(&server, "sender", "ben").await.is_empty());

    let ghost = with(body, "audience.userid", json!(["ben", "ghost"]));
    rongcloud_error(
        post_json(&server, "/push.json", &ghost).await,
        404,
        1003,
        "用户不存在",
    )
    .await;
    assert!(
        messages(&server, "sender", "ben").await.is_empty(),
        "a refused push sends nothing"
    );
}

#[tokio::test]
async fn tags_and_package_names_select_by_and_or_and_push_bindings() {
    // One server per push: `/push.json` has 2 calls an hour.
    let cases: &[(Value, u64)] = &[
        (json!({"tag": ["a", "b"], "is_to_all": false}), 1),
        (json!({"tag_or": ["a", "b"], "is_to_all": false}), 3),
        (json!({"tag_or": ["b"], "tag": ["a"], "is_to_all": false}), 1),
        (json!({"packageName": "com.acme.chat", "is_to_all": false}), 2),
        (
            json!({"packageName": "com.acme.chat", "tag": ["b"], "is_to_all": false}),
            1,
        ),
        (json!({"tag": ["none"], "is_to_all": false}), 0),
    ];
    for (audience, selected) in cases {
        let server = server(&["ab", "a", "b", "none"]).await;
        for (user, tags) in [
            ("ab", json!(["a", "b"])),
            ("a", json!(["a"])),
            ("b", json!(["b"])),
        ] {
            success(
                post_json(
                    &server,
                    "/user/tag/set.json",
                    &json!({"userId": user, "tags": tags}),
                )
                .await,
            )
            .await;
        }
        for user in ["a", "b"] {
            server
                .state
                .store
                .bind_push(
                    user_id(&server, user).await,
                    PushBinding {
                        device_id: "phone".into(),
                        notifier_name: "com.acme.chat".into(),
                        device_token: "token".into(),
                        updated_ms: 1,
                    },
                )
                .await
                .expect("bind")
                .expect("user");
        }
        let body = with(to_all(), "audience", audience.clone());
        let push = accepted(&server, post_json(&server, "/push.json", &body).await).await;
        assert_eq!(push.recipients, *selected, "{audience}");
    }
}

#[tokio::test]
async fn push_refusals_are_the_seed_codes() {
    let server = server(&["alice", "bob"]).await;
    success(post(&server, "/sensitiveword/add.json", "word=badword").await).await;
    let long_text = "x".repeat(5000);
    let message = json!({"objectName": "RC:TxtMsg", "content": r#"{"content":"hi"}"#});
    let cases: Vec<(Value, u16, i64, &str)> = vec![
        // platform
        (with(to_all(), "platform", Value::Null), 400, 1001, "请求参数错误"),
        (with(to_all(), "platform", json!([])), 400, 1001, "请求参数错误"),
        (
            with(to_all(), "platform", json!("ios")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "platform", json!(["ios", "android", "ios"])),
            400,
            1001,
            "请求参数错误",
        ),
        (with(to_all(), "platform", json!([1])), 400, 1001, "请求参数错误"),
        (
            with(to_all(), "platform", json!(["web"])),
            400,
            1032,
            "推送类型不支持",
        ),
        (
            with(to_all(), "platform", json!(["ios", "harmony"])),
            400,
            1032,
            "推送类型不支持",
        ),
        // audience
        (with(to_all(), "audience", Value::Null), 400, 1001, "请求参数错误"),
        (
            with(to_all(), "audience", json!("all")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.is_to_all", Value::Null),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.is_to_all", json!("true")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.is_to_all", json!(false)),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.tag", json!(vec!["t"; 21])),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.tag", json!(["x".repeat(41)])),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.tag_or", json!([""])),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.tag", json!("vip")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.userid", json!(vec!["alice"; 1001])),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.packageName", json!("")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "audience.packageName", json!("p".repeat(65))),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                with(to_all(), "audience.is_to_all", json!(false)),
                "audience.userid",
                json!(["ghost"]),
            ),
            404,
            1003,
            "用户不存在",
        ),
        // notification
        (
            with(to_all(), "notification", Value::Null),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.alert", Value::Null),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.alert", json!("")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.alert", json!(7)),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                with(to_all(), "notification.alert", Value::Null),
                "notification.ios.alert",
                json!("only iOS has one"),
            ),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.ios.alert", json!("")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.ios", json!([])),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.ios.badge", json!(10000)),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.ios.badge", json!("many")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.ios.contentAvailable", json!(2)),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.ios.interruption-level", json!("loud")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.ios.extras", json!("k=v")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.forceShowPushContent", json!(3)),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                to_all(),
                "notification.android.hw.image",
                json!("http://e.com/i.png"),
            ),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.android.hw.category", json!("im")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.android.honor.importance", json!("HIGH")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.android.vivo.classification", json!("2")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.android.fcm", json!(1)),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "notification.title", json!("t".repeat(51))),
            400,
            1030,
            "推送内容过长",
        ),
        (
            with(to_all(), "notification.ios.title", json!("t".repeat(51))),
            400,
            1030,
            "推送内容过长",
        ),
        (
            with(to_all(), "notification.alert", json!(long_text)),
            400,
            1030,
            "推送内容过长",
        ),
        (
            with(to_all(), "notification.android.extras", json!({"k": long_text})),
            400,
            1030,
            "推送内容过长",
        ),
        (
            with(to_all(), "notification.alert", json!("a badword here")),
            400,
            1031,
            "推送内容包含敏感词",
        ),
        (
            with(to_all(), "notification.title", json!("badword")),
            400,
            1031,
            "推送内容包含敏感词",
        ),
        // message and sender
        (
            with(to_all(), "message", message.clone()),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                with(to_all(), "message", json!("hi")),
                "fromuserid",
                json!("alice"),
            ),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                with(to_all(), "message", json!({"objectName": "RC:TxtMsg"})),
                "fromuserid",
                json!("alice"),
            ),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                with(
                    to_all(),
                    "message",
                    json!({"objectName": "X".repeat(33), "content": "x"}),
                ),
                "fromuserid",
                json!("alice"),
            ),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                with(
                    to_all(),
                    "message",
                    json!({"objectName": "RC:TxtMsg", "content": "not an object"}),
                ),
                "fromuserid",
                json!("alice"),
            ),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_all(), "fromuserid", json!("a b")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(
                with(
                    to_all(),
                    "message",
                    json!({"objectName": "RC:TxtMsg", "content": format!(r#"{{"content":"{}"}}"#, "x".repeat(128 * 1024))}),
                ),
                "fromuserid",
                json!("alice"),
            ),
            400,
            1022,
            "消息内容过长",
        ),
        (
            with(
                with(
                    to_all(),
                    "message",
                    json!({"objectName": "RC:TxtMsg", "content": r#"{"content":"badword"}"#}),
                ),
                "fromuserid",
                json!("alice"),
            ),
            400,
            1023,
            "消息内容包含敏感词",
        ),
    ];
    for (body, status, code, text) in cases {
        let response = post_json(&server, "/push.json", &body).await;
        let got = response.status().as_u16();
        assert_eq!(got, status, "{body}");
        rongcloud_error(response, status, code, text).await;
    }
    // A form body is no push.
    rongcloud_error(
        post(&server, "/push.json", "platform=ios&audience=all").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    // A banned sender.
    success(post(&server, "/user/block.json", "userId=alice&minute=10").await).await;
    let banned = with(
        with(to_all(), "message", message.clone()),
        "fromuserid",
        json!("alice"),
    );
    rongcloud_error(
        post_json(&server, "/push.json", &banned).await,
        403,
        1005,
        "用户被封禁",
    )
    .await;
    assert!(
        messages(&server, "alice", "bob").await.is_empty(),
        "no refused push sent its message"
    );
    // None of the refusals spent the quota: two pushes an hour, then 1037.
    accepted(&server, post_json(&server, "/push.json", &to_all()).await).await;
    accepted(&server, post_json(&server, "/push.json", &to_all()).await).await;
    rongcloud_error(
        post_json(&server, "/push.json", &to_all()).await,
        429,
        1037,
        "频率限制",
    )
    .await;
}

#[tokio::test]
async fn sensitive_words_with_a_replacement_are_replaced_in_the_push() {
    let server = server(&["alice"]).await;
    success(post(&server, "/sensitiveword/add.json", "word=darn&replaceWord=***").await).await;
    let body = with(
        with(to_all(), "notification.alert", json!("darn, a sale")),
        "notification.ios.title",
        json!("darn"),
    );
    let push = accepted(&server, post_json(&server, "/push.json", &body).await).await;
    assert_eq!(request(&push)["notification"]["alert"], "***, a sale");
    assert_eq!(request(&push)["notification"]["ios"]["title"], "***");
}

fn to_users(users: &[&str]) -> Value {
    json!({
        "userIds": users,
        "notification": {
            "title": "Hi",
            "pushContent": "you have mail",
            "ios": {"badge": 1, "thread-id": "mail"},
            "android": {"fcm": {"channelId": "mail"}, "extras": {"id": 7}}
        }
    })
}

#[tokio::test]
async fn a_push_to_users_is_stored_and_sends_no_message() {
    let server = server(&["alice", "bob"]).await;
    let push = accepted(
        &server,
        post_json(&server, "/push/user.json", &to_users(&["Alice", "bob", "alice"])).await,
    )
    .await;
    assert_eq!(push.kind, RongCloudPushKind::Users);
    assert_eq!((push.recipients, push.messages), (2, 0));
    assert_eq!(
        request(&push),
        json!({
            "userIds": ["alice", "bob"],
            "notification": {
                "title": "Hi",
                "pushContent": "you have mail",
                "ios": {"badge": 1, "thread-id": "mail"},
                "android": {"fcm": {"channelId": "mail"}, "extras": {"id": 7}}
            }
        })
    );
    assert!(messages(&server, "alice", "bob").await.is_empty());
}

#[tokio::test]
async fn push_to_users_refusals_are_the_seed_codes() {
    let names: Vec<String> = (0..101).map(|index| format!("u{index}")).collect();
    let mut users: Vec<&str> = names.iter().map(String::as_str).collect();
    users.push("bob");
    let server = server(&users).await;
    success(post(&server, "/sensitiveword/add.json", "word=badword").await).await;
    let cases: Vec<(Value, u16, i64, &str)> = vec![
        (
            with(to_users(&["bob"]), "userIds", Value::Null),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_users(&["bob"]), "userIds", json!([])),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_users(&["bob"]), "userIds", json!("bob")),
            400,
            1001,
            "请求参数错误",
        ),
        (to_users(&users[..101]), 400, 1001, "请求参数错误"),
        (to_users(&["bob", "ghost"]), 404, 1003, "用户不存在"),
        (
            with(to_users(&["bob"]), "notification", Value::Null),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_users(&["bob"]), "notification.pushContent", Value::Null),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_users(&["bob"]), "notification.pushContent", json!("")),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_users(&["bob"]), "notification.ios.badge", json!(1.5)),
            400,
            1001,
            "请求参数错误",
        ),
        (
            with(to_users(&["bob"]), "notification.title", json!("t".repeat(51))),
            400,
            1030,
            "推送内容过长",
        ),
        (
            with(
                to_users(&["bob"]),
                "notification.pushContent",
                json!("x".repeat(5000)),
            ),
            400,
            1030,
            "推送内容过长",
        ),
        (
            with(to_users(&["bob"]), "notification.pushContent", json!("badword!")),
            400,
            1031,
            "推送内容包含敏感词",
        ),
    ];
    for (body, status, code, text) in cases {
        rongcloud_error(
            post_json(&server, "/push/user.json", &body).await,
            status,
            code,
            text,
        )
        .await;
    }
    // 100 recipients a second: a full call, then the next recipient waits.
    accepted(
        &server,
        post_json(&server, "/push/user.json", &to_users(&users[..100])).await,
    )
    .await;
    rongcloud_error(
        post_json(&server, "/push/user.json", &to_users(&["bob"])).await,
        429,
        1037,
        "频率限制",
    )
    .await;
}

#[tokio::test]
async fn sms_paths_answer_that_sms_is_not_provided() {
    let server = server(&[]).await;
    for path in ["/sendCode.json", "/verifyCode.json"] {
        rongcloud_error(
            post(&server, path, "mobile=13000000000&templateId=t&region=86").await,
            503,
            1039,
            "服务不可用",
        )
        .await;
    }
    // rongcloud 2.0.1 asks for an image code with a GET; unsigned, the signature is refused first.
    let unsigned = server
        .http
        .get(server.url("/getImgCode.json?appKey=rckey"))
        .send()
        .await
        .expect("request");
    rongcloud_error(unsigned, 401, 1002, "签名验证失败").await;
    // Push Plus (`/push/custom.json`) is no API of either SDK: the RongCloud "no such API" reply.
    rongcloud_error(
        post_json(&server, "/push/custom.json", &to_all()).await,
        404,
        1001,
        "请求参数错误",
    )
    .await;
}
