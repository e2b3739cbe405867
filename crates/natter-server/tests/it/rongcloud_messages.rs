//! The RongCloud door's message endpoints over real HTTP with signed requests: one-to-one, system, group and
//! chat room messages, the templates (JSON bodies), the broadcasts, recall and the history-file calls. Each
//! success is read back from the store (and once through the Easemob door's roaming), each refusal is the
//! exact seed-000 body with its HTTP status.

use crate::TestServer;
use crate::rongcloud::{post, rongcloud_error, success};
use crate::users::app_token;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use natter_core::{NewUser, UserName};
use natter_msync::pb;
use natter_msync::pb::message_body::content::Type as ContentType;
use natter_server::ServerConfig;
use natter_store::{ChatType, MessageKind, StoredMessage};
use prost::Message as _;
use serde_json::{Map, Value, json};
use sha1::{Digest, Sha1};

/// A server whose app holds the users named (made in the store: no password hashing).
async fn server_with(config: ServerConfig, users: &[&str]) -> TestServer {
    let server = TestServer::start_with(config).await;
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

async fn server(users: &[&str]) -> TestServer {
    server_with(ServerConfig::default(), users).await
}

/// `content` for a form body: percent-encoded JSON, as rc-server-sdk sends it.
fn encoded(content: &Value) -> String {
    content
        .to_string()
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn text(message: &str) -> String {
    encoded(&json!({"content": message, "extra": "x"}))
}

/// A signed JSON post (the template endpoints), as rc-server-sdk sends it.
async fn post_json(server: &TestServer, path: &str, body: &Value) -> reqwest::Response {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let nonce = format!(
        "msg{}{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
        .to_string();
    let digest = Sha1::new()
        .chain_update(b"rcsecret")
        .chain_update(nonce.as_bytes())
        .chain_update(timestamp.as_bytes())
        .finalize();
    let signature: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    server
        .http
        .post(server.url(path))
        .header("App-Key", "rckey")
        .header("Nonce", nonce)
        .header("Timestamp", timestamp)
        .header("Signature", signature)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("request")
}

/// The `messageUIDs` of a reply, as (name key value, message id).
fn uids(body: &Value, key: &str) -> Vec<(String, u64)> {
    body["messageUIDs"]
        .as_array()
        .unwrap_or_else(|| panic!("messageUIDs in {body}"))
        .iter()
        .map(|entry| {
            let uid = entry["messageUID"].as_str().expect("messageUID is a string");
            (
                entry[key].as_str().expect("name").to_string(),
                uid.parse().expect("a decimal id"),
            )
        })
        .collect()
}

async fn stored(server: &TestServer, id: u64) -> StoredMessage {
    server
        .state
        .store
        .message(server.app.id, id)
        .await
        .expect("read")
        .expect("the message is stored")
}

fn decode(message: &StoredMessage) -> pb::MessageBody {
    pb::MessageBody::decode(message.body.as_slice()).expect("a MessageBody")
}

/// The `ext` of a body as JSON (the key-value types read back as the SDK reads them).
fn ext(body: &pb::MessageBody) -> Map<String, Value> {
    body.ext
        .iter()
        .map(|entry| {
            let value = match &entry.value {
                Some(pb::key_value::Value::StringValue(text))
                    if entry.r#type == Some(pb::key_value::ValueType::JsonString as i32) =>
                {
                    serde_json::from_str(text).expect("JSON")
                }
                Some(pb::key_value::Value::StringValue(text)) => json!(text),
                Some(pb::key_value::Value::VarintValue(value))
                    if entry.r#type == Some(pb::key_value::ValueType::Bool as i32) =>
                {
                    json!(*value != 0)
                }
                Some(pb::key_value::Value::VarintValue(value)) => json!(value),
                other => panic!("unexpected value {other:?}"),
            };
            (entry.key.clone().unwrap_or_default(), value)
        })
        .collect()
}

fn first_content(body: &pb::MessageBody) -> &pb::message_body::Content {
    body.contents.first().expect("a content")
}

async fn message_count(server: &TestServer, conversation: &str) -> usize {
    server
        .state
        .store
        .history(
            server.app.id,
            conversation,
            None,
            natter_store::Direction::Older,
            100,
        )
        .await
        .expect("history")
        .len()
}

#[tokio::test]
async fn a_text_message_to_a_user_is_stored_as_a_text_content() {
    let server = server(&["alice", "bob", "carol"]).await;
    let body = success(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=Alice&toUserId=bob&toUserId=carol&toUserId=bob&objectName=RC:TxtMsg&content={}&pushContent=New message&disablePush=True",
                text("hello")
            ),
        )
        .await,
    )
    .await;
    let sent = uids(&body, "userId");
    assert_eq!(
        sent.iter().map(|(user, _)| user.as_str()).collect::<Vec<_>>(),
        ["bob", "carol"],
        "one message per recipient, repeats dropped: {body}"
    );
    let message = stored(&server, sent[0].1).await;
    assert_eq!(
        (
            message.chat_type,
            message.kind,
            message.from_user.as_str(),
            message.to.as_str()
        ),
        (ChatType::Chat, MessageKind::Message, "alice", "bob")
    );
    let decoded = decode(&message);
    let content = first_content(&decoded);
    assert_eq!(content.r#type, Some(ContentType::Text as i32));
    assert_eq!(content.text.as_deref(), Some("hello"));
    let ext = ext(&decoded);
    assert_eq!(ext["rc:objectName"], "RC:TxtMsg");
    assert_eq!(ext["extra"], "x");
    assert_eq!(ext["em_apns_ext"], json!({"em_push_content": "New message"}));
    assert_eq!(ext["em_ignore_notification"], true);
    assert_eq!(stored(&server, sent[1].1).await.to, "carol");

    // The Easemob door's roaming reads the same message, as the Web SDK would.
    let roaming: Value = server
        .http
        .post(server.url("/acme/chat/users/bob/messageroaming"))
        .bearer_auth(app_token(&server).await)
        .json(&json!({"queue": "alice"}))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    let metas = roaming["data"]["msgs"].as_array().expect("msgs");
    assert_eq!(metas.len(), 1, "{roaming}");
    let meta = pb::Meta::decode(
        STANDARD
            .decode(metas[0]["msg"].as_str().expect("base64"))
            .expect("base64")
            .as_slice(),
    )
    .expect("a Meta");
    assert_eq!(meta.id, Some(sent[0].1));
    let payload = pb::MessageBody::decode(meta.payload.unwrap_or_default().as_slice()).expect("body");
    assert_eq!(first_content(&payload).text.as_deref(), Some("hello"));
}

#[tokio::test]
async fn senders_and_recipients_must_exist_and_the_sender_not_be_banned() {
    let server = server(&["alice", "bob"]).await;
    let conversation = natter_store::chat_conversation("alice", "bob");
    rongcloud_error(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=nobody&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("hi")
            ),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
    rongcloud_error(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=alice&toUserId=bob&toUserId=ghost&objectName=RC:TxtMsg&content={}",
                text("hi")
            ),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
    assert_eq!(
        message_count(&server, &conversation).await,
        0,
        "one missing recipient sends nothing"
    );
    success(post(&server, "/user/block.json", "userId=alice&minute=10").await).await;
    rongcloud_error(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("hi")
            ),
        )
        .await,
        403,
        1005,
        "用户被封禁",
    )
    .await;
    // A banned system sender too.
    rongcloud_error(
        post(
            &server,
            "/message/system/publish.json",
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("hi")
            ),
        )
        .await,
        403,
        1005,
        "用户被封禁",
    )
    .await;
    assert_eq!(message_count(&server, &conversation).await, 0);
}

#[tokio::test]
async fn missing_and_malformed_parameters_are_1001() {
    let server = server(&["alice", "bob"]).await;
    let hi = text("hi");
    let many: String = (0..1001).map(|index| format!("&toUserId=u{index}")).collect();
    let system_many: String = (0..101).map(|index| format!("&toUserId=u{index}")).collect();
    for (path, body) in [
        (
            "/message/private/publish.json",
            format!("toUserId=bob&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            "/message/private/publish.json",
            format!("fromUserId=alice&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            "/message/private/publish.json",
            format!("fromUserId=alice&toUserId=bob&content={hi}"),
        ),
        (
            "/message/private/publish.json",
            "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg".to_string(),
        ),
        (
            "/message/private/publish.json",
            format!(
                "fromUserId=alice&toUserId=bob&objectName={}&content={hi}",
                "X".repeat(33)
            ),
        ),
        (
            "/message/private/publish.json",
            "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content=not-json".to_string(),
        ),
        (
            "/message/private/publish.json",
            format!("fromUserId=alice&objectName=RC:TxtMsg&content={hi}{many}"),
        ),
        (
            "/message/system/publish.json",
            format!("fromUserId=system&objectName=RC:TxtMsg&content={hi}{system_many}"),
        ),
        (
            "/message/system/publish.json",
            format!("fromUserId=a+b&toUserId=bob&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            "/message/private/publish.json",
            format!("fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={hi}&verifyBlacklist=maybe"),
        ),
        (
            "/message/group/publish.json",
            format!(
                "fromUserId=alice&toGroupId=a&toGroupId=b&toGroupId=c&toGroupId=d&objectName=RC:TxtMsg&content={hi}"
            ),
        ),
        (
            "/message/group/publish.json",
            // A directed message (toUserId) goes to one group only.
            format!(
                "fromUserId=alice&toGroupId=g1&toGroupId=g2&toUserId=bob&objectName=RC:TxtMsg&content={hi}"
            ),
        ),
        (
            "/message/group/publish.json",
            format!("fromUserId=alice&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            "/message/chatroom/publish.json",
            format!("fromUserId=alice&toChatroomId=bad id&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            "/message/broadcast.json",
            format!("objectName=RC:TxtMsg&content={hi}"),
        ),
    ] {
        rongcloud_error(post(&server, path, &body).await, 400, 1001, "请求参数错误").await;
    }
    assert_eq!(
        message_count(&server, &natter_store::chat_conversation("alice", "bob")).await,
        0
    );
}

#[tokio::test]
async fn too_long_content_is_1022() {
    let server = server(&["alice", "bob"]).await;
    // Over the vendor's 128 KB content limit.
    let huge = text(&"a".repeat(128 * 1024));
    rongcloud_error(
        post(
            &server,
            "/message/private/publish.json",
            &format!("fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={huge}"),
        )
        .await,
        400,
        1022,
        "消息内容过长",
    )
    .await;
    // Within it, but over the pipeline's stored-body limit (5 KB by default).
    let large = text(&"a".repeat(6 * 1024));
    rongcloud_error(
        post(
            &server,
            "/message/private/publish.json",
            &format!("fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={large}"),
        )
        .await,
        400,
        1022,
        "消息内容过长",
    )
    .await;
    assert_eq!(
        message_count(&server, &natter_store::chat_conversation("alice", "bob")).await,
        0
    );
}

#[tokio::test]
async fn sensitive_words_refuse_with_1023_or_are_replaced() {
    let server = server(&["alice", "bob"]).await;
    success(post(&server, "/sensitiveword/add.json", "word=forbidden").await).await;
    success(post(&server, "/sensitiveword/add.json", "word=darn&replaceWord=***").await).await;
    rongcloud_error(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("a forbidden word")
            ),
        )
        .await,
        400,
        1023,
        "消息内容包含敏感词",
    )
    .await;
    rongcloud_error(
        post(
            &server,
            "/message/group/publish.json",
            &format!(
                "fromUserId=alice&toGroupId=nogroup&objectName=RC:TxtMsg&content={}",
                text("forbidden")
            ),
        )
        .await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    let body = success(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("oh darn it")
            ),
        )
        .await,
    )
    .await;
    let message = stored(&server, uids(&body, "userId")[0].1).await;
    assert_eq!(
        first_content(&decode(&message)).text.as_deref(),
        Some("oh *** it")
    );
    assert_eq!(
        message_count(&server, &natter_store::chat_conversation("alice", "bob")).await,
        1
    );
}

#[tokio::test]
async fn verify_blacklist_skips_recipients_who_blacklist_the_sender() {
    let server = server(&["alice", "bob", "carol"]).await;
    success(
        post(
            &server,
            "/user/blacklist/add.json",
            "userId=bob&blackUserId=alice",
        )
        .await,
    )
    .await;
    let send = |to: &'static str, verify: bool| {
        let server = &server;
        async move {
            post(
                server,
                "/message/private/publish.json",
                &format!(
                    "fromUserId=alice{to}&objectName=RC:TxtMsg&content={}{}",
                    text("hi"),
                    if verify { "&verifyBlacklist=1" } else { "" }
                ),
            )
            .await
        }
    };
    rongcloud_error(send("&toUserId=bob", true).await, 403, 2011, "用户被拉黑").await;
    let body = success(send("&toUserId=bob&toUserId=carol", true).await).await;
    assert_eq!(
        uids(&body, "userId")
            .iter()
            .map(|(user, _)| user.as_str())
            .collect::<Vec<_>>(),
        ["carol"]
    );
    // Without verifyBlacklist the app server's message goes through.
    let body = success(send("&toUserId=bob", false).await).await;
    assert_eq!(uids(&body, "userId").len(), 1);
}

#[tokio::test]
async fn system_messages_come_from_a_system_sender() {
    let server = server(&["bob", "carol"]).await;
    let body = success(
        post(
            &server,
            "/message/system/publish.json",
            &format!(
                "fromUserId=__system__&toUserId=bob&toUserId=carol&objectName=RC:TxtMsg&content={}",
                text("maintenance tonight")
            ),
        )
        .await,
    )
    .await;
    let sent = uids(&body, "userId");
    assert_eq!(sent.len(), 2, "{body}");
    let message = stored(&server, sent[1].1).await;
    assert_eq!(
        (message.from_user.as_str(), message.to.as_str()),
        ("__system__", "carol")
    );
    let decoded = decode(&message);
    assert_eq!(ext(&decoded)["rc:conversationType"], "SYSTEM");
    assert_eq!(
        first_content(&decoded).text.as_deref(),
        Some("maintenance tonight")
    );
}

#[tokio::test]
async fn custom_and_media_types_keep_their_object_name() {
    let server = server(&["alice", "bob"]).await;
    let send = |object_name: &'static str, content: Value| {
        let server = &server;
        async move {
            let body = success(
                post(
                    server,
                    "/message/private/publish.json",
                    &format!(
                        "fromUserId=alice&toUserId=bob&objectName={object_name}&content={}",
                        encoded(&content)
                    ),
                )
                .await,
            )
            .await;
            decode(&stored(server, uids(&body, "userId")[0].1).await)
        }
    };
    let custom = send("App:Card", json!({"title": "Offer", "price": 9})).await;
    let content = first_content(&custom);
    assert_eq!(content.r#type, Some(ContentType::Custom as i32));
    assert_eq!(content.custom_event.as_deref(), Some("App:Card"));
    let mut exts: Vec<_> = content
        .custom_exts
        .iter()
        .map(|entry| entry.key.clone().unwrap_or_default())
        .collect();
    exts.sort();
    assert_eq!(exts, ["price", "title"]);
    assert_eq!(ext(&custom)["rc:objectName"], "App:Card");

    let image = send(
        "RC:ImgMsg",
        json!({"content": "thumb", "imageUri": "http://example.com/a.png"}),
    )
    .await;
    let content = first_content(&image);
    assert_eq!(content.r#type, Some(ContentType::Image as i32));
    assert_eq!(content.remote_path.as_deref(), Some("http://example.com/a.png"));
    assert_eq!(ext(&image)["rc:content"], "thumb");

    let location = send(
        "RC:LBSMsg",
        json!({"content": "thumb", "latitude": 39.9, "longitude": 116.4, "poi": "Beijing"}),
    )
    .await;
    let content = first_content(&location);
    assert_eq!(
        (content.r#type, content.latitude, content.address.as_deref()),
        (Some(ContentType::Location as i32), Some(39.9), Some("Beijing"))
    );
    rongcloud_error(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:ImgMsg&content={}",
                encoded(&json!({"content": "thumb"}))
            ),
        )
        .await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
}

#[tokio::test]
async fn templates_fill_each_recipient_s_values() {
    let server = server(&["alice", "bob", "carol"]).await;
    let body = success(
        post_json(
            &server,
            "/message/private/publish_template.json",
            &json!({
                "fromUserId": "alice",
                "toUserId": ["bob", "carol"],
                "objectName": "RC:TxtMsg",
                "values": [{"{name}": "Bob", "{score}": "90"}, {"{name}": "Carol", "{score}": "85"}],
                "content": "{\"content\":\"{name}: {score}\",\"extra\":\"\"}",
                "pushContent": ["{name} scored", "{name} scored"],
            }),
        )
        .await,
    )
    .await;
    let sent = uids(&body, "userId");
    assert_eq!(sent.len(), 2, "{body}");
    let carol = decode(&stored(&server, sent[1].1).await);
    assert_eq!(first_content(&carol).text.as_deref(), Some("Carol: 85"));
    assert_eq!(
        ext(&carol)["em_apns_ext"],
        json!({"em_push_content": "Carol scored"})
    );
    let bob = decode(&stored(&server, sent[0].1).await);
    assert_eq!(first_content(&bob).text.as_deref(), Some("Bob: 90"));

    let body = success(
        post_json(
            &server,
            "/message/system/publish_template.json",
            &json!({
                "fromUserId": "system",
                "toUserId": ["bob"],
                "objectName": "RC:TxtMsg",
                "values": [{"{name}": "Bob"}],
                "content": "{\"content\":\"hello {name}\"}",
                "pushContent": [],
            }),
        )
        .await,
    )
    .await;
    let system = decode(&stored(&server, uids(&body, "userId")[0].1).await);
    assert_eq!(first_content(&system).text.as_deref(), Some("hello Bob"));
    assert_eq!(ext(&system)["rc:conversationType"], "SYSTEM");

    rongcloud_error(
        post_json(
            &server,
            "/message/private/publish_template.json",
            &json!({
                "fromUserId": "alice",
                "toUserId": ["bob", "carol"],
                "objectName": "RC:TxtMsg",
                "values": [{"{name}": "Bob"}],
                "content": "{\"content\":\"{name}\"}",
            }),
        )
        .await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post_json(
            &server,
            "/message/private/publish_template.json",
            &json!({
                "fromUserId": "alice",
                "toUserId": ["ghost"],
                "objectName": "RC:TxtMsg",
                "values": [{"{name}": "Bob"}],
                "content": "{\"content\":\"{name}\"}",
            }),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
}

#[tokio::test]
async fn group_and_chat_room_messages_reach_their_conversations() {
    let server = server(&["alice", "bob", "carol"]).await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=alice&userId=bob&groupId=g_1&groupName=Demo Group",
        )
        .await,
    )
    .await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=bob&groupId=g_2&groupName=Other",
        )
        .await,
    )
    .await;
    let mentioned = encoded(&json!({
        "content": "@carol look",
        "mentionedInfo": {"type": 2, "userIdList": ["Carol"]},
    }));
    // Carol is not a member: the app server may still speak in the group.
    let body = success(
        post(
            &server,
            "/message/group/publish.json",
            &format!(
                "fromUserId=carol&toGroupId=g_1&toGroupId=g_2&objectName=RC:TxtMsg&content={mentioned}&isMentioned=1"
            ),
        )
        .await,
    )
    .await;
    let sent = uids(&body, "groupId");
    assert_eq!(
        sent.iter().map(|(group, _)| group.as_str()).collect::<Vec<_>>(),
        ["g_1", "g_2"]
    );
    let group_id = server
        .state
        .store
        .rongcloud_group(server.app.id, "g_1")
        .await
        .expect("read")
        .expect("g_1 exists");
    let message = stored(&server, sent[0].1).await;
    assert_eq!(message.chat_type, ChatType::Group);
    assert_eq!(
        message.conversation,
        natter_store::group_conversation(group_id.get())
    );
    let decoded = decode(&message);
    assert_eq!(decoded.r#type, Some(pb::message_body::Type::Groupchat as i32));
    assert_eq!(ext(&decoded)["em_at_list"], json!(["carol"]));
    rongcloud_error(
        post(
            &server,
            "/message/group/publish.json",
            &format!(
                "fromUserId=alice&toGroupId=g_1&toGroupId=g_9&objectName=RC:TxtMsg&content={}",
                text("hi")
            ),
        )
        .await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    assert_eq!(
        message_count(&server, &natter_store::group_conversation(group_id.get())).await,
        1,
        "a missing group refuses the whole call"
    );

    success(post(&server, "/chatroom/create.json", "chatroom[r_1]=Demo Room").await).await;
    let body = success(
        post(
            &server,
            "/message/chatroom/publish.json",
            &format!(
                "fromUserId=alice&toChatroomId=r_1&objectName=RC:TxtMsg&content={}",
                text("room hi")
            ),
        )
        .await,
    )
    .await;
    let sent = uids(&body, "chatroomId");
    assert_eq!(sent[0].0, "r_1");
    let message = stored(&server, sent[0].1).await;
    assert_eq!(message.chat_type, ChatType::Room);
    assert_eq!(first_content(&decode(&message)).text.as_deref(), Some("room hi"));
    rongcloud_error(
        post(
            &server,
            "/message/chatroom/publish.json",
            &format!(
                "fromUserId=alice&toChatroomId=r_9&objectName=RC:TxtMsg&content={}",
                text("hi")
            ),
        )
        .await,
        404,
        1016,
        "聊天室不存在",
    )
    .await;
    rongcloud_error(
        post(
            &server,
            "/message/chatroom/publish.json",
            &format!(
                "fromUserId=ghost&toChatroomId=r_1&objectName=RC:TxtMsg&content={}",
                text("hi")
            ),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
}

#[tokio::test]
async fn recall_removes_the_sender_s_own_message() {
    let server = server(&["alice", "bob"]).await;
    let body = success(
        post(
            &server,
            "/message/private/publish.json",
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("oops")
            ),
        )
        .await,
    )
    .await;
    let id = uids(&body, "userId")[0].1;
    let recall = |from: &str, conversation_type: &str, target: &str, uid: &str| {
        format!(
            "fromUserId={from}&conversationType={conversation_type}&targetId={target}&messageUID={uid}&sentTime=1700000000000&isAdmin=0&isDelete=0"
        )
    };
    let uid = id.to_string();
    // Only the sender recalls (RongCloud's rule); a wrong conversation names no such message.
    for body in [
        recall("bob", "1", "alice", &uid),
        recall("alice", "1", "alice", &uid),
        recall("alice", "1", "bob", "BS45-IJK8-1234-ABCD"),
        recall("alice", "1", "bob", "99999999"),
    ] {
        rongcloud_error(
            post(&server, "/message/recall.json", &body).await,
            404,
            1019,
            "消息不存在",
        )
        .await;
    }
    for body in [
        recall("alice", "2", "bob", &uid),
        "fromUserId=alice&conversationType=1&targetId=bob&messageUID=1".to_string(),
    ] {
        rongcloud_error(
            post(&server, "/message/recall.json", &body).await,
            400,
            1001,
            "请求参数错误",
        )
        .await;
    }
    rongcloud_error(
        post(
            &server,
            "/message/recall.json",
            &recall("alice", "1", "ghost", &uid),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
    assert!(!stored(&server, id).await.recalled);
    let body = success(
        post(
            &server,
            "/message/recall.json",
            &recall("alice", "1", "bob", &uid),
        )
        .await,
    )
    .await;
    assert_eq!(body.as_object().map(Map::len), Some(2), "{body}");
    assert!(stored(&server, id).await.recalled);
    assert_eq!(
        message_count(&server, &natter_store::chat_conversation("alice", "bob")).await,
        0,
        "history leaves the recalled message out"
    );
    rongcloud_error(
        post(
            &server,
            "/message/recall.json",
            &recall("alice", "1", "bob", &uid),
        )
        .await,
        404,
        1019,
        "消息不存在",
    )
    .await;

    // Group and room messages, and a system sender's message.
    success(
        post(
            &server,
            "/group/create.json",
            "userId=alice&userId=bob&groupId=g_1&groupName=G",
        )
        .await,
    )
    .await;
    let body = success(
        post(
            &server,
            "/message/group/publish.json",
            &format!(
                "fromUserId=bob&toGroupId=g_1&objectName=RC:TxtMsg&content={}",
                text("g")
            ),
        )
        .await,
    )
    .await;
    let group_message = uids(&body, "groupId")[0].1;
    rongcloud_error(
        post(
            &server,
            "/message/recall.json",
            &recall("bob", "3", "g_9", &group_message.to_string()),
        )
        .await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    success(
        post(
            &server,
            "/message/recall.json",
            &recall("bob", "3", "g_1", &group_message.to_string()),
        )
        .await,
    )
    .await;
    assert!(stored(&server, group_message).await.recalled);
    let body = success(
        post(
            &server,
            "/message/system/publish.json",
            &format!(
                "fromUserId=system&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("s")
            ),
        )
        .await,
    )
    .await;
    let system_message = uids(&body, "userId")[0].1;
    success(
        post(
            &server,
            "/message/recall.json",
            &recall("system", "6", "bob", &system_message.to_string()),
        )
        .await,
    )
    .await;
    assert!(stored(&server, system_message).await.recalled);
}

#[tokio::test]
async fn broadcasts_reach_every_user_and_every_room_within_their_quota() {
    let server = server(&["alice", "bob", "carol"]).await;
    let broadcast = format!("fromUserId=alice&objectName=RC:TxtMsg&content={}", text("to all"));
    success(post(&server, "/message/broadcast.json", &broadcast).await).await;
    for user in ["bob", "carol"] {
        assert_eq!(
            message_count(&server, &natter_store::chat_conversation("alice", user)).await,
            1,
            "{user} got the broadcast"
        );
    }
    assert_eq!(
        message_count(&server, &natter_store::chat_conversation("alice", "alice")).await,
        0,
        "not the sender"
    );
    success(post(&server, "/message/broadcast.json", &broadcast).await).await;
    // Two an hour.
    rongcloud_error(
        post(&server, "/message/broadcast.json", &broadcast).await,
        429,
        1037,
        "频率限制",
    )
    .await;

    success(
        post(
            &server,
            "/chatroom/create.json",
            "chatroom[r_1]=One&chatroom[r_2]=Two",
        )
        .await,
    )
    .await;
    success(
        post(
            &server,
            "/message/chatroom/broadcast.json",
            &format!("fromUserId=bob&objectName=RC:TxtMsg&content={}", text("rooms")),
        )
        .await,
    )
    .await;
    for room in ["r_1", "r_2"] {
        let id = server
            .state
            .store
            .rongcloud_room(server.app.id, room)
            .await
            .expect("read")
            .expect("room");
        assert_eq!(
            message_count(&server, &natter_store::room_conversation(id.as_str())).await,
            1,
            "{room}"
        );
    }
    rongcloud_error(
        post(
            &server,
            "/message/chatroom/broadcast.json",
            &format!("fromUserId=ghost&objectName=RC:TxtMsg&content={}", text("rooms")),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
}

#[tokio::test]
async fn group_messages_have_a_rate() {
    let mut config = ServerConfig::default();
    config.messages.group_messages_per_sec = 1;
    let server = server_with(config, &["alice", "bob"]).await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=alice&userId=bob&groupId=g_1&groupName=G",
        )
        .await,
    )
    .await;
    let send = format!(
        "fromUserId=alice&toGroupId=g_1&objectName=RC:TxtMsg&content={}",
        text("hi")
    );
    success(post(&server, "/message/group/publish.json", &send).await).await;
    rongcloud_error(
        post(&server, "/message/group/publish.json", &send).await,
        429,
        1037,
        "频率限制",
    )
    .await;
}

#[tokio::test]
async fn history_files_are_never_there() {
    let server = server(&[]).await;
    let body = success(post(&server, "/message/history.json", "date=2024022923").await).await;
    assert_eq!(body["url"], "");
    assert_eq!(body["date"], "2024022923");
    success(post(&server, "/message/history/delete.json", "date=2014010101").await).await;
    for date in ["", "date=2014013201", "date=201401010", "date=2023022901"] {
        rongcloud_error(
            post(&server, "/message/history.json", date).await,
            400,
            1001,
            "请求参数错误",
        )
        .await;
        rongcloud_error(
            post(&server, "/message/history/delete.json", date).await,
            400,
            1001,
            "请求参数错误",
        )
        .await;
    }
}
