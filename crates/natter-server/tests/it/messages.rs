//! Messages over real HTTP: REST sends to users, groups and rooms (reference users-messages §5.1, §5.2,
//! §5.4), recall (§5.9), broadcasts (§5.6–§5.8), the SDK's roaming history and conversation list
//! (SDK-REST §2.2–§2.4), conversation deletion (§5.11), and the offline count and status (§2.16, §2.17):
//! each success shape and each documented error row. Messages are read back from the store and through
//! roaming, whose base64 Metas are decoded with prost.

use crate::groups::ok;
use crate::{TestServer, easemob_error};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use natter_core::{NewUser, UserName};
use natter_msync::pb;
use natter_server::ServerConfig;
use natter_server::token::{Claims, Subject};
use natter_store::{ChatType, MessageKind, MessageStore, NewMessage, UserStore};
use natter_store_sqlite::SqliteStore;
use prost::Message as _;
use reqwest::{Method, Response};
use serde_json::{Value, json};

struct Fixture {
    server: TestServer,
    store: SqliteStore,
    app_token: String,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

impl Fixture {
    async fn new() -> Fixture {
        Fixture::with(ServerConfig::default()).await
    }

    /// A server with `config` whose app holds alice, bob and carol.
    async fn with(config: ServerConfig) -> Fixture {
        let server = TestServer::start_with(config).await;
        let store = SqliteStore::open(&server._directory.path().join("natter.db"))
            .await
            .expect("second handle");
        let users = ["alice", "bob", "carol"]
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

    fn token(&self, user: &str) -> String {
        self.server.signer.issue(&Claims {
            app_id: self.server.app.id,
            subject: Subject::User(user.to_string()),
            issued_ms: now_ms(),
            expires_ms: None,
        })
    }

    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Response {
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

    async fn app(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.call(method, path, &self.app_token, body).await
    }

    async fn as_user(&self, user: &str, method: Method, path: &str, body: Option<Value>) -> Response {
        self.call(method, path, &self.token(user), body).await
    }

    /// Sends a text through REST and returns its id.
    async fn text(&self, from: &str, to: &str, text: &str) -> u64 {
        let reply = ok(self
            .app(
                Method::POST,
                "/messages/users",
                Some(json!({"from": from, "to": [to], "type": "txt", "body": {"msg": text}})),
            )
            .await)
        .await;
        reply["data"][to]
            .as_str()
            .expect("an id")
            .parse()
            .expect("numeric id")
    }

    async fn group(&self, owner: &str, members: &[&str]) -> String {
        let body = json!({"groupname": "g", "description": "d", "public": true, "maxusers": 200,
                          "owner": owner, "members": members});
        let reply = ok(self.app(Method::POST, "/chatgroups", Some(body)).await).await;
        reply["data"]["groupid"].as_str().expect("groupid").to_string()
    }

    async fn room(&self, owner: &str, members: &[&str]) -> String {
        let body = json!({"name": "lobby", "description": "a room", "owner": owner, "members": members});
        let reply = ok(self.app(Method::POST, "/chatrooms", Some(body)).await).await;
        reply["data"]["id"].as_str().expect("id").to_string()
    }

    async fn stored(&self, id: u64) -> (natter_store::StoredMessage, pb::MessageBody) {
        let message = self
            .store
            .message(self.server.app.id, id)
            .await
            .expect("read")
            .expect("stored");
        let body = pb::MessageBody::decode(message.body.as_slice()).expect("a MessageBody");
        (message, body)
    }

    async fn roaming(&self, user: &str, body: Value) -> Value {
        ok(self
            .as_user(
                user,
                Method::POST,
                &format!("/users/{user}/messageroaming"),
                Some(body),
            )
            .await)
        .await
    }
}

fn ext_value(body: &pb::MessageBody, key: &str) -> Option<pb::KeyValue> {
    body.ext
        .iter()
        .find(|entry| entry.key.as_deref() == Some(key))
        .cloned()
}

fn decode_meta(item: &Value) -> pb::Meta {
    let bytes = STANDARD
        .decode(item["msg"].as_str().expect("msg"))
        .expect("standard base64");
    pb::Meta::decode(bytes.as_slice()).expect("a Meta")
}

fn meta_text(meta: &pb::Meta) -> String {
    let body = pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default()).expect("body");
    body.contents[0].text.clone().unwrap_or_default()
}

#[tokio::test]
async fn a_send_to_users_stores_one_message_per_recipient() {
    let fx = Fixture::new().await;
    let body = json!({"from": "alice", "to": ["bob", "carol", "ghost"], "type": "txt",
                      "body": {"msg": "hello"}, "ext": {"k": "v", "n": 7, "obj": {"a": 1}, "flag": true},
                      "sync_device": true});
    let reply = ok(fx.app(Method::POST, "/messages/users", Some(body)).await).await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["path"], "/messages/users");
    assert_eq!(reply["organization"], "acme");
    assert_eq!(reply["applicationName"], "chat");
    assert_eq!(reply["application"], "8be024f0-e978-11e8-b697-5d598d5f8402");
    // A recipient that does not exist gets the refusal's text instead of an id.
    assert_eq!(reply["data"]["ghost"], "Service resource not found");
    let bob: u64 = reply["data"]["bob"]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    let carol: u64 = reply["data"]["carol"]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    assert_ne!(bob, carol);
    let (message, stored) = fx.stored(bob).await;
    assert_eq!(
        (message.from_user.as_str(), message.to.as_str()),
        ("alice", "bob")
    );
    assert_eq!(message.chat_type, ChatType::Chat);
    assert_eq!(message.from_resource, "");
    assert_eq!(stored.r#type, Some(pb::message_body::Type::Chat as i32));
    assert_eq!(stored.contents[0].text.as_deref(), Some("hello"));
    let kv = ext_value(&stored, "n").expect("n");
    assert_eq!(kv.r#type, Some(pb::key_value::ValueType::Int as i32));
    assert_eq!(kv.value, Some(pb::key_value::Value::VarintValue(7)));
    let kv = ext_value(&stored, "obj").expect("obj");
    assert_eq!(kv.r#type, Some(pb::key_value::ValueType::JsonString as i32));
    assert_eq!(
        kv.value,
        Some(pb::key_value::Value::StringValue("{\"a\":1}".into()))
    );
    assert_eq!(
        ext_value(&stored, "flag").and_then(|kv| kv.r#type),
        Some(pb::key_value::ValueType::Bool as i32)
    );

    // Without `from` the sender is `admin`.
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/users",
            Some(json!({"to": ["bob"], "type": "cmd", "body": {"action": "refresh"}})),
        )
        .await)
    .await;
    let id: u64 = reply["data"]["bob"]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    let (message, stored) = fx.stored(id).await;
    assert_eq!(message.from_user, "admin");
    assert_eq!(stored.contents[0].action.as_deref(), Some("refresh"));
}

#[tokio::test]
async fn every_message_type_is_stored_as_the_sdk_sends_it() {
    use pb::message_body::content::Type;
    let fx = Fixture::new().await;
    let cases = [
        ("txt", json!({"msg": "hi"}), Type::Text),
        (
            "img",
            json!({"url": "https://h/acme/chat/chatfiles/u1", "filename": "a.jpg", "secret": "s1",
                       "size": {"width": 480, "height": 720}}),
            Type::Image,
        ),
        (
            "audio",
            json!({"url": "https://h/acme/chat/chatfiles/u2", "filename": "a.amr", "length": 10,
                         "secret": "s2"}),
            Type::Voice,
        ),
        (
            "video",
            json!({"url": "https://h/acme/chat/chatfiles/u3", "filename": "v.mp4", "thumb": "https://h/t",
                         "length": 12, "secret": "s3", "file_length": 4096, "thumb_secret": "ts"}),
            Type::Video,
        ),
        (
            "file",
            json!({"url": "https://h/acme/chat/chatfiles/u4", "filename": "f.pdf", "secret": "s4"}),
            Type::File,
        ),
        (
            "loc",
            json!({"lat": "39.9", "lng": "116.3", "addr": "Beijing"}),
            Type::Location,
        ),
        ("cmd", json!({"action": "sync"}), Type::Command),
        (
            "custom",
            json!({"customEvent": "gift_1", "customExts": {"name": "flower"}}),
            Type::Custom,
        ),
    ];
    for (kind, body, content_type) in cases {
        let reply = ok(fx
            .app(
                Method::POST,
                "/messages/users",
                Some(json!({"from": "alice", "to": ["bob"], "type": kind, "body": body})),
            )
            .await)
        .await;
        let id: u64 = reply["data"]["bob"]
            .as_str()
            .expect("id")
            .parse()
            .expect("numeric");
        let (_, stored) = fx.stored(id).await;
        let content = &stored.contents[0];
        assert_eq!(content.r#type, Some(content_type as i32), "{kind}");
        match kind {
            "img" => {
                assert_eq!(
                    content.remote_path.as_deref(),
                    Some("https://h/acme/chat/chatfiles/u1")
                );
                assert_eq!(content.display_name.as_deref(), Some("a.jpg"));
                assert_eq!(content.secret_key.as_deref(), Some("s1"));
                let size = content.size.as_ref().expect("size");
                assert_eq!((size.width, size.height), (Some(480.0), Some(720.0)));
            }
            "audio" => assert_eq!(content.duration, Some(10)),
            "video" => {
                assert_eq!(content.thumbnail_remote_path.as_deref(), Some("https://h/t"));
                assert_eq!(content.thumbnail_secret_key.as_deref(), Some("ts"));
                assert_eq!((content.duration, content.file_length), (Some(12), Some(4096)));
            }
            "file" => assert_eq!(content.display_name.as_deref(), Some("f.pdf")),
            "loc" => {
                assert_eq!((content.latitude, content.longitude), (Some(39.9), Some(116.3)));
                assert_eq!(content.address.as_deref(), Some("Beijing"));
            }
            "custom" => {
                assert_eq!(content.custom_event.as_deref(), Some("gift_1"));
                assert_eq!(content.custom_exts[0].key.as_deref(), Some("name"));
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn send_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let valid = json!({"from": "alice", "to": ["bob"], "type": "txt", "body": {"msg": "hi"}});
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    let cases = [
        (with("from", json!("")), "param from can't be empty"),
        (with("to", json!([])), "param to can't be empty"),
        (with("type", json!("")), "param type can't be empty"),
        (with("body", json!({})), "param body can't be empty"),
        (with("ext", Value::Null), "param ext must be JSONObject"),
        (with("ext", json!("text")), "param ext must be JSONObject"),
    ];
    for (body, description) in cases {
        let response = fx.app(Method::POST, "/messages/users", Some(body)).await;
        let error = easemob_error(response, 400, "message_send_error", description).await;
        assert_eq!(error["exception"], "MessageSendException");
    }
    let mut body = valid.clone();
    body.as_object_mut().expect("object").remove("type");
    let response = fx.app(Method::POST, "/messages/users", Some(body)).await;
    easemob_error(response, 400, "message_send_error", "param type can't be empty").await;
    let users: Vec<String> = (0..601).map(|index| format!("user{index}")).collect();
    let response = fx
        .app(Method::POST, "/messages/users", Some(with("to", json!(users))))
        .await;
    easemob_error(
        response,
        400,
        "message_send_error",
        "params to's size can't exceed limit 600",
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/messages/chatgroups",
            Some(with("to", json!(["1", "2", "3", "4"]))),
        )
        .await;
    easemob_error(
        response,
        400,
        "message_send_error",
        "params to's size can't exceed limit 3",
    )
    .await;
    let rooms: Vec<String> = (1..=11).map(|index| index.to_string()).collect();
    let response = fx
        .app(
            Method::POST,
            "/messages/chatrooms",
            Some(with("to", json!(rooms))),
        )
        .await;
    easemob_error(
        response,
        400,
        "message_send_error",
        "params to's size can't exceed limit 10",
    )
    .await;

    // Body plus ext over 5 KB: the one documented `error_code` (14007).
    let response = fx
        .app(
            Method::POST,
            "/messages/users",
            Some(with("body", json!({"msg": "x".repeat(6000)}))),
        )
        .await;
    let error = easemob_error(response, 400, "message_send_error", "message is too large").await;
    assert_eq!(error["error_code"], 14007);

    // Not JSON, or fields of the wrong types.
    let invalid = "Request body is invalid. Please check body is correct.";
    let response = fx
        .server
        .http
        .post(fx.server.url("/acme/chat/messages/users"))
        .bearer_auth(&fx.app_token)
        .header("content-type", "application/json")
        .body("{\"to\": [\"bob\"")
        .send()
        .await
        .expect("request");
    easemob_error(response, 400, "invalid_request_body", invalid).await;
    for body in [
        json!(["not", "an", "object"]),
        with("type", json!("html")),
        with("to", json!({"bob": true})),
        with("body", json!({"text": "no msg field"})),
        with("sync_device", json!("yes")),
        with("routetype", json!("ROUTE_EVERYWHERE")),
    ] {
        let response = fx.app(Method::POST, "/messages/users", Some(body)).await;
        easemob_error(response, 400, "invalid_request_body", invalid).await;
    }

    // An app token only; a wrong method is the documented 405.
    let response = fx
        .as_user("alice", Method::POST, "/messages/users", Some(valid.clone()))
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let response = fx
        .server
        .http
        .post(fx.server.url("/acme/chat/messages/users"))
        .json(&valid)
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
    let response = fx.app(Method::GET, "/messages/users", None).await;
    easemob_error(
        response,
        405,
        "unsupported_service_operation",
        "Service operation not supported",
    )
    .await;
}

#[tokio::test]
async fn sends_to_groups_and_rooms_name_each_target() {
    let fx = Fixture::new().await;
    let group = fx.group("alice", &["bob"]).await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups",
            Some(
                json!({"from": "carol", "to": [group, "999"], "type": "txt", "body": {"msg": "to the group"},
                        "need_group_ack": true}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["path"], "/messages/chatgroups");
    assert_eq!(reply["data"]["999"], "grpID 999 does not exist!");
    let id: u64 = reply["data"][&group]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    let (message, stored) = fx.stored(id).await;
    // The app server speaks for the app: carol is no member, and the message is sent all the same.
    assert_eq!(
        (message.chat_type, message.from_user.as_str()),
        (ChatType::Group, "carol")
    );
    assert_eq!(message.to, group);
    assert_eq!(stored.r#type, Some(pb::message_body::Type::Groupchat as i32));
    assert_eq!(
        stored.msg_config.and_then(|config| config.allow_group_ack),
        Some(true)
    );

    let room = fx.room("alice", &["bob"]).await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatrooms",
            Some(
                json!({"to": [room, "nosuchroom"], "type": "txt", "body": {"msg": "to the room"},
                        "chatroom_msg_level": "low"}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["path"], "/messages/chatrooms");
    assert_eq!(reply["data"]["nosuchroom"], "grpID nosuchroom does not exist!");
    let id: u64 = reply["data"][&room]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    let (message, stored) = fx.stored(id).await;
    assert_eq!(
        (message.chat_type, message.from_user.as_str()),
        (ChatType::Room, "admin")
    );
    assert_eq!(stored.r#type, Some(pb::message_body::Type::Chatroom as i32));
}

#[tokio::test]
async fn the_message_quota_is_403_message_send_reach_limit() {
    let mut config = ServerConfig::default();
    config.messages.group_messages_per_sec = 1;
    let fx = Fixture::with(config).await;
    let first = fx.group("alice", &[]).await;
    let second = fx.group("alice", &[]).await;
    let body = json!({"to": [first, second], "type": "txt", "body": {"msg": "x"}});
    let reply = ok(fx
        .app(Method::POST, "/messages/chatgroups", Some(body.clone()))
        .await)
    .await;
    // The first group used the quota; the second reports it.
    assert!(
        reply["data"][&first]
            .as_str()
            .is_some_and(|id| id.parse::<u64>().is_ok()),
        "{reply}"
    );
    assert_eq!(reply["data"][&second], "message send reach limit");
    // A call that can send nothing is refused as a whole.
    let response = fx.app(Method::POST, "/messages/chatgroups", Some(body)).await;
    let error = easemob_error(response, 403, "message_send_error", "message send reach limit").await;
    assert_eq!(error["exception"], "MessageSendException");
}

#[tokio::test]
async fn route_online_stores_nothing_for_a_recipient_without_devices() {
    let fx = Fixture::new().await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/users",
            Some(
                json!({"to": ["bob", "ghost"], "type": "txt", "body": {"msg": "only if online"},
                        "routetype": "ROUTE_ONLINE"}),
            ),
        )
        .await)
    .await;
    let id: u64 = reply["data"]["bob"]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    assert_eq!(reply["data"]["ghost"], "Service resource not found");
    assert!(
        fx.store
            .message(fx.server.app.id, id)
            .await
            .expect("read")
            .is_none()
    );
    let count = ok(fx.app(Method::GET, "/users/bob/offline_msg_count", None).await).await;
    assert_eq!(count["data"]["bob"], 0);
}

#[tokio::test]
async fn broadcasts_are_not_enabled() {
    let fx = Fixture::new().await;
    let body = json!({"msg": {"type": "txt", "msg": "to everyone"}, "target_type": "users"});
    for path in [
        "/messages/chatrooms/broadcast",
        "/messages/broadcast",
        "/messages/users/broadcast",
    ] {
        let response = fx.app(Method::POST, path, Some(body.clone())).await;
        let error = easemob_error(
            response,
            403,
            "forbidden_op",
            "message broadcast service is unopened",
        )
        .await;
        assert_eq!(error["exception"], "EasemobForbiddenOpException");
    }
    let response = fx
        .as_user("alice", Method::POST, "/messages/broadcast", Some(body))
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
}

/// Writes a message as if it had been sent `age_ms` ago (past the recall window).
async fn old_message(fx: &Fixture, age_ms: i64, content_type: pb::message_body::content::Type) -> u64 {
    let created_ms = now_ms() - age_ms;
    let id = (u64::try_from(created_ms).expect("positive") << 16) | 7;
    let body = pb::MessageBody {
        r#type: Some(pb::message_body::Type::Chat as i32),
        contents: vec![pb::message_body::Content {
            r#type: Some(content_type as i32),
            text: Some("old".into()),
            action: Some("act".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    fx.store
        .append_messages(&[NewMessage {
            app_id: fx.server.app.id,
            id,
            conversation: natter_store::chat_conversation("alice", "bob"),
            chat_type: ChatType::Chat,
            kind: MessageKind::Message,
            from_user: "alice".into(),
            from_resource: String::new(),
            to: "bob".into(),
            body: body.encode_to_vec(),
            created_ms,
            effect: None,
            recipients: None,
        }])
        .await
        .expect("append");
    id
}

#[tokio::test]
async fn a_recall_goes_through_the_pipeline() {
    let fx = Fixture::new().await;
    let id = fx.text("alice", "bob", "oops").await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(
                json!({"msg_id": id.to_string(), "to": "bob", "chat_type": "chat", "from": "alice",
                        "force": false, "sync_device": true, "recallMessageExtensionInfo": "why"}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["path"], "/messages/msg_recall");
    assert_eq!(
        reply["data"],
        json!({"recalled": "yes", "chattype": "chat", "from": "alice", "to": "bob", "msg_id": id.to_string()})
    );
    let (message, _) = fx.stored(id).await;
    assert!(message.recalled);
    // The recall itself travels in the conversation as a RECALL signal naming the message.
    let signals = fx
        .store
        .messages_after(
            fx.server.app.id,
            &natter_store::chat_conversation("alice", "bob"),
            id,
            10,
        )
        .await
        .expect("read");
    let recall = pb::MessageBody::decode(signals[0].body.as_slice()).expect("body");
    assert_eq!(recall.r#type, Some(pb::message_body::Type::Recall as i32));
    assert_eq!(recall.ack_message_id, Some(id));
    // Recalled once: gone.
    let again = json!({"msg_id": id.to_string(), "to": "bob", "chat_type": "chat", "force": true});
    let response = fx.app(Method::POST, "/messages/msg_recall", Some(again)).await;
    easemob_error(response, 403, "message_recall_error", "not_found msg").await;

    // The app server may recall in the name of `admin` (the default `from`), and in a group.
    let id = fx.text("bob", "alice", "second").await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": id, "to": "alice", "chat_type": "chat"})),
        )
        .await)
    .await;
    assert_eq!(reply["data"]["from"], "admin");
    assert!(fx.stored(id).await.0.recalled);
    let group = fx.group("alice", &["bob"]).await;
    let sent = ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups",
            Some(json!({"from": "bob", "to": [group], "type": "txt", "body": {"msg": "g"}})),
        )
        .await)
    .await;
    let group_message = sent["data"][&group].as_str().expect("id").to_string();
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": group_message, "to": group, "chat_type": "groupchat", "force": true})),
        )
        .await)
    .await;
    assert_eq!(reply["data"]["chattype"], "groupchat");
}

#[tokio::test]
async fn recall_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let id = fx.text("alice", "bob", "keep").await;
    let valid =
        json!({"msg_id": id.to_string(), "to": "bob", "chat_type": "chat", "from": "alice", "force": false});
    let without = |key: &str| {
        let mut body = valid.clone();
        body.as_object_mut().expect("object").remove(key);
        body
    };
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    let cases = [
        (without("msg_id"), 400, "param msg_id can't be empty"),
        (with("msg_id", json!("")), 400, "param msg_id can't be empty"),
        (without("to"), 400, "param to can't be empty"),
        (without("chat_type"), 400, "param chat_type can't be empty"),
        (
            with("chat_type", json!("private")),
            400,
            "param chat_type can't be empty",
        ),
        (with("force", Value::Null), 400, "param force can't be empty"),
        (with("force", json!("")), 400, "param force can't be empty"),
        (with("to", json!("ghost")), 400, "can't find msg to"),
        (with("msg_id", json!("12345")), 403, "not_found msg"),
        (with("msg_id", json!("not-a-number")), 403, "not_found msg"),
        // The message is in alice and bob's conversation, not in alice and carol's.
        (with("to", json!("carol")), 403, "not_found msg"),
    ];
    for (body, status, description) in cases {
        let response = fx
            .app(Method::POST, "/messages/msg_recall", Some(body.clone()))
            .await;
        easemob_error(response, status, "message_recall_error", description).await;
    }
    let response = fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": "1", "to": "999", "chat_type": "groupchat"})),
        )
        .await;
    easemob_error(response, 400, "message_recall_error", "can't find msg to").await;
    assert!(!fx.stored(id).await.0.recalled, "no refusal recalled the message");

    // Past the 2-minute window only `force` recalls.
    let old = old_message(&fx, 10 * 60 * 1000, pb::message_body::content::Type::Text).await;
    let mut body = with("msg_id", json!(old.to_string()));
    let response = fx
        .app(Method::POST, "/messages/msg_recall", Some(body.clone()))
        .await;
    easemob_error(response, 403, "message_recall_error", "exceed recall time limit").await;
    assert!(!fx.stored(old).await.0.recalled);
    body["force"] = json!(true);
    let reply = ok(fx.app(Method::POST, "/messages/msg_recall", Some(body)).await).await;
    assert_eq!(reply["data"]["recalled"], "yes");
    assert!(fx.stored(old).await.0.recalled);
    // Command messages cannot be recalled.
    let command = old_message(&fx, 1000, pb::message_body::content::Type::Command).await;
    let response = fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": command.to_string(), "to": "bob", "chat_type": "chat", "force": true})),
        )
        .await;
    easemob_error(response, 403, "message_recall_error", "not_found msg").await;
    // An app token only.
    let response = fx
        .as_user("alice", Method::POST, "/messages/msg_recall", Some(valid))
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
async fn roaming_returns_the_metas_of_rest_sends_newest_first() {
    let fx = Fixture::new().await;
    let mut ids = Vec::new();
    for index in 1..=3 {
        ids.push(fx.text("alice", "bob", &format!("hello bob #{index}")).await);
    }
    let with_ext = ok(fx
        .app(
            Method::POST,
            "/messages/users",
            Some(
                json!({"from": "bob", "to": ["alice"], "type": "txt", "body": {"msg": "hi alice"},
                        "ext": {"k": "v3"}}),
            ),
        )
        .await)
    .await;
    ids.push(
        with_ext["data"]["alice"]
            .as_str()
            .expect("id")
            .parse()
            .expect("numeric"),
    );

    let request = json!({"queue": "alice@easemob.com", "start": -1, "pull_number": 2, "is_positive": false,
                         "msgType": "", "end": -1, "startTime": null, "endTime": null, "userId": null});
    let page = fx.roaming("bob", request.clone()).await;
    assert_eq!(page["action"], "post");
    let msgs = page["data"]["msgs"].as_array().expect("msgs");
    assert_eq!(msgs.len(), 2);
    assert_eq!(page["data"]["is_last"], false);
    let newest = decode_meta(&msgs[0]);
    assert_eq!(newest.id, Some(ids[3]));
    assert_eq!(page["data"]["next_key"], ids[2].to_string());
    // The Meta msync delivers: user JIDs with the app key, namespace CHAT, the stored MessageBody.
    let from = newest.from.clone().expect("from");
    assert_eq!(
        (
            from.app_key.as_deref(),
            from.name.as_deref(),
            from.domain.as_deref()
        ),
        (Some("acme#chat"), Some("bob"), Some("easemob.com"))
    );
    let to = newest.to.clone().expect("to");
    assert_eq!(
        (to.name.as_deref(), to.domain.as_deref()),
        (Some("alice"), Some("easemob.com"))
    );
    assert_eq!(newest.ns, Some(pb::meta::NameSpace::Chat as i32));
    let stored = fx.stored(ids[3]).await.0;
    assert_eq!(newest.timestamp, Some(stored.created_ms as u64));
    let body = pb::MessageBody::decode(newest.payload.as_deref().expect("payload")).expect("body");
    assert_eq!(body.r#type, Some(pb::message_body::Type::Chat as i32));
    assert_eq!(body.from.and_then(|jid| jid.name).as_deref(), Some("bob"));
    assert_eq!(body.to.and_then(|jid| jid.name).as_deref(), Some("alice"));
    assert_eq!(body.contents[0].text.as_deref(), Some("hi alice"));
    assert_eq!(
        body.ext,
        vec![pb::KeyValue {
            key: Some("k".into()),
            r#type: Some(pb::key_value::ValueType::String as i32),
            value: Some(pb::key_value::Value::StringValue("v3".into())),
        }]
    );
    assert_eq!(meta_text(&decode_meta(&msgs[1])), "hello bob #3");

    // The next page starts after next_key, sent back as the string it came as.
    let mut next = request.clone();
    next["start"] = page["data"]["next_key"].clone();
    let page = fx.roaming("bob", next).await;
    let texts: Vec<String> = page["data"]["msgs"]
        .as_array()
        .expect("msgs")
        .iter()
        .map(|item| meta_text(&decode_meta(item)))
        .collect();
    assert_eq!(texts, ["hello bob #2", "hello bob #1"]);
    assert_eq!(page["data"]["is_last"], true);

    // Oldest first, from alice's side, with an app token.
    let mut forward = request.clone();
    forward["queue"] = json!("bob@easemob.com");
    forward["is_positive"] = json!(true);
    forward["pull_number"] = json!(10);
    let page = ok(fx
        .app(Method::POST, "/users/alice/messageroaming", Some(forward.clone()))
        .await)
    .await;
    let order: Vec<u64> = page["data"]["msgs"]
        .as_array()
        .expect("msgs")
        .iter()
        .map(|item| decode_meta(item).id.expect("id"))
        .collect();
    assert_eq!(order, ids);
    assert_eq!(page["data"]["is_last"], true);

    // Filters: sender, type, time window.
    let mut filtered = forward.clone();
    filtered["userId"] = json!("bob");
    let page = fx.roaming("alice", filtered).await;
    assert_eq!(page["data"]["msgs"].as_array().map(Vec::len), Some(1));
    let mut filtered = forward.clone();
    filtered["msgType"] = json!("img,cmd");
    let page = fx.roaming("alice", filtered).await;
    assert_eq!(page["data"]["msgs"], json!([]));
    assert_eq!(page["data"]["is_last"], true);
    let end = fx.stored(ids[0]).await.0.created_ms;
    let mut filtered = forward.clone();
    filtered["endTime"] = json!(end);
    let page = fx.roaming("alice", filtered).await;
    let window = page["data"]["msgs"].as_array().expect("msgs");
    assert_eq!(decode_meta(&window[0]).id, Some(ids[0]));
    assert!(
        window
            .iter()
            .all(|item| decode_meta(item).timestamp <= Some(end as u64))
    );
    let mut filtered = forward.clone();
    filtered["startTime"] = json!(end + 1);
    let page = fx.roaming("alice", filtered).await;
    let window = page["data"]["msgs"].as_array().expect("msgs");
    assert!(
        window
            .iter()
            .all(|item| decode_meta(item).timestamp > Some(end as u64))
    );
    assert!(!window.iter().any(|item| decode_meta(item).id == Some(ids[0])));

    // A recalled message leaves the history.
    ok(fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": ids[3].to_string(), "to": "alice", "chat_type": "chat", "force": true})),
        )
        .await)
    .await;
    let page = fx.roaming("bob", request.clone()).await;
    assert_eq!(decode_meta(&page["data"]["msgs"][0]).id, Some(ids[2]));

    // A user reads only its own history.
    let response = fx
        .as_user(
            "carol",
            Method::POST,
            "/users/bob/messageroaming",
            Some(request.clone()),
        )
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let response = fx
        .app(Method::POST, "/users/ghost/messageroaming", Some(request))
        .await;
    easemob_error(
        response,
        404,
        "service_resource_not_found",
        "Service resource not found",
    )
    .await;
}

#[tokio::test]
async fn roaming_of_groups_and_rooms_is_for_members() {
    let fx = Fixture::new().await;
    let group = fx.group("alice", &["bob"]).await;
    let sent = ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups",
            Some(json!({"from": "alice", "to": [group], "type": "txt", "body": {"msg": "hello group"}})),
        )
        .await)
    .await;
    let id: u64 = sent["data"][&group]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    let request = json!({"queue": format!("{group}@conference.easemob.com"), "start": -1, "pull_number": 20,
                         "is_positive": false});
    let page = fx.roaming("bob", request.clone()).await;
    let meta = decode_meta(&page["data"]["msgs"][0]);
    assert_eq!(meta.id, Some(id));
    let to = meta.to.expect("to");
    assert_eq!(
        (to.name.as_deref(), to.domain.as_deref()),
        (Some(group.as_str()), Some("conference.easemob.com"))
    );
    assert_eq!(page["data"]["is_last"], true);
    let response = fx
        .as_user(
            "carol",
            Method::POST,
            "/users/carol/messageroaming",
            Some(request),
        )
        .await;
    easemob_error(
        response,
        403,
        "forbidden_op",
        "users [carol] are not members of this group!",
    )
    .await;

    let room = fx.room("alice", &["bob"]).await;
    let sent = ok(fx
        .app(
            Method::POST,
            "/messages/chatrooms",
            Some(json!({"from": "alice", "to": [room], "type": "txt", "body": {"msg": "hello room"}})),
        )
        .await)
    .await;
    let id: u64 = sent["data"][&room]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    let request = json!({"queue": format!("{room}@conference.easemob.com"), "start": -1});
    let page = fx.roaming("bob", request.clone()).await;
    assert_eq!(decode_meta(&page["data"]["msgs"][0]).id, Some(id));
    let response = fx
        .as_user(
            "carol",
            Method::POST,
            "/users/carol/messageroaming",
            Some(request),
        )
        .await;
    easemob_error(
        response,
        400,
        "forbidden_op",
        "users [carol] are not members of this group!",
    )
    .await;
    // A queue that names nothing has an empty, last page.
    let page = fx
        .roaming(
            "bob",
            json!({"queue": "424242@conference.easemob.com", "start": -1}),
        )
        .await;
    assert_eq!(page["data"]["msgs"], json!([]));
    assert_eq!(page["data"]["is_last"], true);
}

#[tokio::test]
async fn the_conversation_list_shows_the_last_message_of_each_conversation() {
    let fx = Fixture::new().await;
    let chat = fx.text("alice", "bob", "hi bob").await;
    let group = fx.group("alice", &["bob"]).await;
    let sent = ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups",
            Some(json!({"from": "alice", "to": [group], "type": "img",
                        "body": {"url": "https://h/acme/chat/chatfiles/u1", "filename": "a.jpg"}})),
        )
        .await)
    .await;
    let group_message = sent["data"][&group].as_str().expect("id").to_string();
    let reply = ok(fx
        .as_user(
            "bob",
            Method::GET,
            "/sdk/user/bob/user_channels/list?&limit=20&cursor=&need_mark=true&needEmptySession=false&_v=1",
            None,
        )
        .await)
    .await;
    assert_eq!(reply["action"], "get");
    assert_eq!(reply["data"]["cursor"], "");
    let infos = reply["data"]["channel_infos"].as_array().expect("channel_infos");
    assert_eq!(infos.len(), 2, "{reply}");
    // Newest activity first: the group.
    assert_eq!(
        infos[0]["channel_id"],
        format!("acme#chat_{group}@conference.easemob.com")
    );
    assert_eq!(infos[0]["session_to"], group);
    assert_eq!(infos[0]["session_type"], "groupchat");
    assert_eq!(infos[0]["meta"]["id"], group_message);
    assert_eq!(infos[0]["meta"]["to"], format!("{group}@conference.easemob.com"));
    let payload: Value =
        serde_json::from_str(infos[0]["meta"]["payload"].as_str().expect("payload is a string"))
            .expect("JSON");
    assert_eq!(
        payload,
        json!({"bodies": [{"type": "img", "url": "https://h/acme/chat/chatfiles/u1", "filename": "a.jpg"}],
               "ext": {}, "from": "alice", "to": group, "type": "groupchat"})
    );
    let second = &infos[1];
    assert_eq!(
        (
            &second["channel_id"],
            &second["session_to"],
            &second["session_type"],
            &second["unread_num"],
            &second["is_top"],
            &second["update_top_status_time"],
            &second["marks"],
        ),
        (
            &json!("acme#chat_alice@easemob.com"),
            &json!("alice"),
            &json!("chat"),
            &json!(1),
            &json!(false),
            &json!(0),
            &json!([]),
        )
    );
    let meta = &second["meta"];
    assert_eq!(meta["id"], chat.to_string());
    assert_eq!(meta["from"], "alice");
    assert_eq!(meta["to"], "bob@easemob.com");
    assert_eq!(meta["timestamp"], fx.stored(chat).await.0.created_ms);
    let payload: Value = serde_json::from_str(meta["payload"].as_str().expect("string")).expect("JSON");
    assert_eq!(
        payload,
        json!({"bodies": [{"type": "txt", "msg": "hi bob"}], "ext": {}, "from": "alice", "to": "bob", "type": "chat"})
    );

    // Paging: the cursor of a full page leads to the next one.
    let first = ok(fx
        .as_user(
            "bob",
            Method::GET,
            "/sdk/user/bob/user_channels/list?limit=1&cursor=",
            None,
        )
        .await)
    .await;
    let cursor = first["data"]["cursor"].as_str().expect("cursor").to_string();
    assert!(!cursor.is_empty());
    assert_eq!(first["data"]["channel_infos"][0]["session_to"], group);
    let next = ok(fx
        .as_user(
            "bob",
            Method::GET,
            &format!("/sdk/user/bob/user_channels/list?limit=1&cursor={cursor}"),
            None,
        )
        .await)
    .await;
    assert_eq!(next["data"]["channel_infos"][0]["session_to"], "alice");
    // Pinning is not offered: the pinned list is empty.
    let pinned = ok(fx
        .as_user(
            "bob",
            Method::GET,
            "/sdk/user/bob/user_channels/list?limit=10&cursor=&is_top=true",
            None,
        )
        .await)
    .await;
    assert_eq!(pinned["data"], json!({"cursor": "", "channel_infos": []}));
    // The sender's side lists the conversation with nothing unread.
    let alice = ok(fx
        .app(Method::GET, "/sdk/user/alice/user_channels/list", None)
        .await)
    .await;
    let alice_chat = alice["data"]["channel_infos"]
        .as_array()
        .expect("infos")
        .iter()
        .find(|info| info["session_type"] == "chat")
        .cloned()
        .expect("the chat with bob");
    assert_eq!(
        (&alice_chat["session_to"], &alice_chat["unread_num"]),
        (&json!("bob"), &json!(0))
    );

    // The legacy lists have the same entries.
    let legacy = ok(fx
        .as_user("bob", Method::GET, "/users/bob/user_channels", None)
        .await)
    .await;
    assert_eq!(legacy["data"]["channel_infos"], reply["data"]["channel_infos"]);
    let page = ok(fx
        .as_user(
            "bob",
            Method::GET,
            "/users/bob/user_channels/page?pageNum=2&pageSize=1",
            None,
        )
        .await)
    .await;
    assert_eq!(page["data"]["channel_infos"][0]["session_to"], "alice");

    let response = fx
        .as_user("carol", Method::GET, "/sdk/user/bob/user_channels/list", None)
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
async fn a_conversation_is_deleted_for_one_user() {
    let fx = Fixture::new().await;
    fx.text("alice", "bob", "hi").await;
    let group = fx.group("alice", &["bob"]).await;
    ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups",
            Some(json!({"from": "alice", "to": [group], "type": "txt", "body": {"msg": "g"}})),
        )
        .await)
    .await;
    let sessions = |user: &'static str| {
        let fx = &fx;
        async move {
            let reply = ok(fx
                .as_user(
                    user,
                    Method::GET,
                    &format!("/sdk/user/{user}/user_channels/list"),
                    None,
                )
                .await)
            .await;
            reply["data"]["channel_infos"]
                .as_array()
                .expect("infos")
                .iter()
                .map(|info| info["session_to"].as_str().expect("to").to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(sessions("bob").await.len(), 2);
    // The SDK's call: singular `/user/`, `groupChat`.
    let reply = ok(fx
        .as_user(
            "bob",
            Method::DELETE,
            "/user/bob/user_channel?resource=webim_random_web_1",
            Some(json!({"channel": group, "type": "groupChat", "delete_roam": true})),
        )
        .await)
    .await;
    assert_eq!(reply["path"], "/users/user_channel");
    assert_eq!(reply["action"], "delete");
    assert_eq!(reply["entities"], json!([]));
    assert_eq!(reply["data"], json!({"result": "ok"}));
    assert_eq!(sessions("bob").await, ["alice"]);
    // The documented call, with an app token.
    ok(fx
        .app(
            Method::DELETE,
            "/users/bob/user_channel",
            Some(json!({"channel": "alice", "type": "chat", "delete_roam": false})),
        )
        .await)
    .await;
    assert!(sessions("bob").await.is_empty());
    // The other side keeps the conversation.
    assert_eq!(sessions("alice").await.len(), 2);
    // Deleting what is not in the list is fine too, and the body needs no content type.
    let response = fx
        .server
        .http
        .delete(fx.server.url("/acme/chat/users/bob/user_channel"))
        .bearer_auth(&fx.app_token)
        .body(r#"{"channel": "carol", "type": "chat", "delete_roam": true}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(ok(response).await["data"], json!({"result": "ok"}));

    let cases = [
        (
            json!({"type": "chat", "delete_roam": true}),
            "field channel cannot be null or empty",
        ),
        (
            json!({"channel": "", "type": "chat", "delete_roam": true}),
            "field channel cannot be null or empty",
        ),
        (
            json!({"channel": "alice", "delete_roam": true}),
            "field type cannot be null or empty",
        ),
        (
            json!({"channel": "alice", "type": "", "delete_roam": true}),
            "field type cannot be null or empty",
        ),
        (
            json!({"channel": "alice", "type": "chat"}),
            "field delete_roam cannot be null",
        ),
    ];
    for (body, description) in cases {
        let response = fx
            .app(Method::DELETE, "/users/bob/user_channel", Some(body))
            .await;
        easemob_error(response, 400, "illegal_argument", description).await;
    }
    let response = fx
        .server
        .http
        .delete(fx.server.url("/acme/chat/users/bob/user_channel"))
        .bearer_auth(&fx.app_token)
        .header("content-type", "application/json")
        .body("{\"channel\":")
        .send()
        .await
        .expect("request");
    easemob_error(
        response,
        400,
        "invalid_request_body",
        "Request body is invalid. Please check body is correct.",
    )
    .await;
    let response = fx
        .as_user(
            "carol",
            Method::DELETE,
            "/user/bob/user_channel",
            Some(json!({"channel": "alice", "type": "chat", "delete_roam": true})),
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
async fn offline_count_and_delivery_status_follow_the_queue_cursor() {
    let fx = Fixture::new().await;
    let first = fx.text("alice", "bob", "one").await;
    let second = fx.text("alice", "bob", "two").await;
    let reply = ok(fx.app(Method::GET, "/users/bob/offline_msg_count", None).await).await;
    assert_eq!(reply["action"], "get");
    assert_eq!(reply["entities"], json!([]));
    assert_eq!(reply["data"], json!({"bob": 2}));
    assert_eq!(reply["count"], 0);
    // The sender's own messages do not wait for it.
    let reply = ok(fx
        .as_user("alice", Method::GET, "/users/alice/offline_msg_count", None)
        .await)
    .await;
    assert_eq!(reply["data"], json!({"alice": 0}));

    let status = |id: String| {
        let fx = &fx;
        async move {
            let reply = ok(fx
                .app(Method::GET, &format!("/users/bob/offline_msg_status/{id}"), None)
                .await)
            .await;
            assert_eq!(reply["count"], 0);
            reply["data"][&id].as_str().expect("status").to_string()
        }
    };
    assert_eq!(status(first.to_string()).await, "undelivered");
    // A device of bob acknowledges the first message (what a SYNC with `key` does).
    fx.store
        .advance_cursor(
            fx.server.app.id,
            "bob",
            &natter_store::chat_conversation("alice", "bob"),
            first,
        )
        .await
        .expect("advance");
    assert_eq!(status(first.to_string()).await, "delivered");
    assert_eq!(status(second.to_string()).await, "undelivered");
    let reply = ok(fx.app(Method::GET, "/users/bob/offline_msg_count", None).await).await;
    assert_eq!(reply["data"], json!({"bob": 1}));
    fx.store
        .advance_cursor(
            fx.server.app.id,
            "bob",
            &natter_store::chat_conversation("alice", "bob"),
            second,
        )
        .await
        .expect("advance");
    let reply = ok(fx.app(Method::GET, "/users/bob/offline_msg_count", None).await).await;
    assert_eq!(reply["data"], json!({"bob": 0}));
    assert_eq!(status(second.to_string()).await, "delivered");
    assert_eq!(status("123".into()).await, "undelivered");

    let response = fx.app(Method::GET, "/users/ghost/offline_msg_count", None).await;
    easemob_error(
        response,
        404,
        "service_resource_not_found",
        "Service resource not found",
    )
    .await;
    let response = fx
        .as_user("carol", Method::GET, "/users/bob/offline_msg_count", None)
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
}
