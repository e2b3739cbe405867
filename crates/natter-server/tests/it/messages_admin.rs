//! Editing, importing and one-sided roaming deletion over real HTTP (reference users-messages §5.12–§5.15,
//! SDK-REST §2.4): each success shape, each documented error row that Natter can produce, and the effects
//! read back through the store, roaming and the conversation list.

use crate::groups::ok;
use crate::{TestServer, easemob_error};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use natter_core::{NewUser, UserName};
use natter_msync::pb;
use natter_server::token::{Claims, Subject};
use natter_store::{MessageStore, UserStore};
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
    /// A server whose app holds alice, bob and carol.
    async fn new() -> Fixture {
        let server = TestServer::start().await;
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

    async fn as_user(&self, user: &str, method: Method, path: &str) -> Response {
        self.call(method, path, &self.token(user), None).await
    }

    /// Sends through REST and returns the message id.
    async fn send(&self, from: &str, to: &str, kind: &str, body: Value, ext: Value) -> u64 {
        let reply = ok(self
            .app(
                Method::POST,
                "/messages/users",
                Some(json!({"from": from, "to": [to], "type": kind, "body": body, "ext": ext})),
            )
            .await)
        .await;
        reply["data"][to]
            .as_str()
            .expect("an id")
            .parse()
            .expect("numeric id")
    }

    async fn text(&self, from: &str, to: &str, text: &str) -> u64 {
        self.send(from, to, "txt", json!({"msg": text}), json!({})).await
    }

    async fn stored_body(&self, id: u64) -> (natter_store::StoredMessage, pb::MessageBody) {
        let message = self
            .store
            .message(self.server.app.id, id)
            .await
            .expect("read")
            .expect("stored");
        let body = pb::MessageBody::decode(message.body.as_slice()).expect("a MessageBody");
        (message, body)
    }

    /// The ids and texts of `user`'s roaming in its conversation with `queue`, oldest first.
    async fn roaming(&self, user: &str, queue: &str) -> Vec<(u64, String)> {
        let reply = ok(self
            .call(
                Method::POST,
                &format!("/users/{user}/messageroaming"),
                &self.token(user),
                Some(json!({"queue": queue, "start": -1, "pull_number": 50, "is_positive": true})),
            )
            .await)
        .await;
        reply["data"]["msgs"]
            .as_array()
            .expect("msgs")
            .iter()
            .map(|item| {
                let bytes = STANDARD
                    .decode(item["msg"].as_str().expect("msg"))
                    .expect("base64");
                let meta = pb::Meta::decode(bytes.as_slice()).expect("a Meta");
                let body =
                    pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default()).expect("body");
                (
                    meta.id.expect("id"),
                    body.contents[0].text.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    async fn offline_count(&self, user: &str) -> Value {
        let reply = ok(self
            .app(Method::GET, &format!("/users/{user}/offline_msg_count"), None)
            .await)
        .await;
        reply["data"][user].clone()
    }

    async fn channel_count(&self, user: &str) -> usize {
        let reply = ok(self
            .as_user(
                user,
                Method::GET,
                &format!("/sdk/user/{user}/user_channels/list?limit=20"),
            )
            .await)
        .await;
        reply["data"]["channel_infos"]
            .as_array()
            .expect("channel_infos")
            .len()
    }

    async fn group(&self, owner: &str, members: &[&str]) -> String {
        let body = json!({"groupname": "g", "description": "d", "public": true, "maxusers": 200,
                          "owner": owner, "members": members});
        let reply = ok(self.app(Method::POST, "/chatgroups", Some(body)).await).await;
        reply["data"]["groupid"].as_str().expect("groupid").to_string()
    }
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

// ---- §5.13 ----

#[tokio::test]
async fn an_edit_goes_through_the_pipeline() {
    let fx = Fixture::new().await;
    let id = fx
        .send(
            "alice",
            "bob",
            "txt",
            json!({"msg": "helo"}),
            json!({"keep": "1", "k": "old"}),
        )
        .await;
    let reply = ok(fx
        .app(
            Method::PUT,
            &format!("/messages/rewrite/{id}"),
            Some(
                json!({"user": "alice", "new_msg": {"type": "txt", "msg": "hello"},
                        "new_ext": {"k": "new"}, "is_combine_ext": true}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "put");
    assert_eq!(reply["path"], format!("/messages/rewrite/{id}"));
    assert_eq!(reply["data"], "success");
    assert_eq!(reply["organization"], "acme");
    assert_eq!(reply["applicationName"], "chat");
    let (message, body) = fx.stored_body(id).await;
    assert_eq!(message.edit_count, 1);
    assert_eq!(body.contents[0].text.as_deref(), Some("hello"));
    assert_eq!(ext_text(&body, "k").as_deref(), Some("new"), "merged: new value");
    assert_eq!(
        ext_text(&body, "keep").as_deref(),
        Some("1"),
        "merged: old key kept"
    );
    // The peer's roaming shows the edit.
    assert_eq!(fx.roaming("bob", "alice").await, [(id, "hello".to_string())]);
    // `is_combine_ext: false` replaces the ext; without `new_ext` it stays.
    ok(fx
        .app(
            Method::PUT,
            &format!("/messages/rewrite/{id}"),
            Some(
                json!({"new_msg": {"type": "txt", "msg": "hello!"}, "new_ext": {"only": "x"},
                        "is_combine_ext": false}),
            ),
        )
        .await)
    .await;
    let body = fx.stored_body(id).await.1;
    assert_eq!(ext_text(&body, "only").as_deref(), Some("x"));
    assert_eq!(ext_text(&body, "keep"), None);
    ok(fx
        .app(
            Method::PUT,
            &format!("/messages/rewrite/{id}"),
            Some(json!({"new_msg": {"type": "txt", "msg": "third"}})),
        )
        .await)
    .await;
    let (message, body) = fx.stored_body(id).await;
    assert_eq!(message.edit_count, 3);
    assert_eq!(body.contents[0].text.as_deref(), Some("third"));
    assert_eq!(ext_text(&body, "only").as_deref(), Some("x"));

    // A custom message changes its event; an image only its ext ([new]: `image` names it too).
    let custom = fx
        .send(
            "alice",
            "bob",
            "custom",
            json!({"customEvent": "gift"}),
            json!({}),
        )
        .await;
    ok(fx
        .app(
            Method::PUT,
            &format!("/messages/rewrite/{custom}"),
            Some(json!({"new_msg": {"type": "custom", "customEvent": "rose", "customExts": {"n": "2"}}})),
        )
        .await)
    .await;
    let body = fx.stored_body(custom).await.1;
    assert_eq!(body.contents[0].custom_event.as_deref(), Some("rose"));
    let image_url = "https://example.com/acme/chat/chatfiles/f1";
    let image = fx
        .send(
            "alice",
            "bob",
            "img",
            json!({"url": image_url, "filename": "a.png"}),
            json!({}),
        )
        .await;
    ok(fx
        .app(
            Method::PUT,
            &format!("/messages/rewrite/{image}"),
            Some(json!({"new_msg": {"type": "image"}, "new_ext": {"caption": "sea"}})),
        )
        .await)
    .await;
    let body = fx.stored_body(image).await.1;
    assert_eq!(body.contents[0].remote_path.as_deref(), Some(image_url));
    assert_eq!(ext_text(&body, "caption").as_deref(), Some("sea"));
}

#[tokio::test]
async fn edit_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let id = fx.text("alice", "bob", "hi").await;
    let path = format!("/messages/rewrite/{id}");
    let edit = json!({"new_msg": {"type": "txt", "msg": "edited"}});
    easemob_error(
        fx.app(Method::PUT, "/messages/rewrite/12ab", Some(edit.clone()))
            .await,
        400,
        "InvalidMessageIdException",
        "The provided message ID is not a valid number.",
    )
    .await;
    easemob_error(
        fx.app(Method::PUT, &path, Some(json!({"user": "alice"}))).await,
        400,
        "illegal_argument",
        "new_msg is required",
    )
    .await;
    let not_json = fx
        .server
        .http
        .put(fx.server.url(&format!("/acme/chat{path}")))
        .bearer_auth(&fx.app_token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    easemob_error(
        not_json,
        400,
        "invalid_request_body",
        "Request body is invalid. Please check body is correct.",
    )
    .await;
    easemob_error(
        fx.app(Method::PUT, &path, Some(json!({"new_msg": "text"}))).await,
        400,
        "invalid_request_body",
        "Request body is invalid. Please check body is correct.",
    )
    .await;
    let unsupported = "The message is of a type that is currently not supported for modification.";
    let command = fx
        .send("alice", "bob", "cmd", json!({"action": "ping"}), json!({}))
        .await;
    easemob_error(
        fx.app(
            Method::PUT,
            &format!("/messages/rewrite/{command}"),
            Some(json!({"new_msg": {"type": "cmd", "action": "pong"}})),
        )
        .await,
        400,
        "message_rewrite_error",
        unsupported,
    )
    .await;
    // Another type than the message's.
    easemob_error(
        fx.app(
            Method::PUT,
            &path,
            Some(json!({"new_msg": {"type": "custom", "customEvent": "x"}})),
        )
        .await,
        400,
        "message_rewrite_error",
        unsupported,
    )
    .await;
    easemob_error(
        fx.app(Method::PUT, "/messages/rewrite/12345", Some(edit.clone()))
            .await,
        404,
        "message_rewrite_error",
        "The message is unavailable or has expired.",
    )
    .await;
    easemob_error(
        fx.app(
            Method::PUT,
            &path,
            Some(json!({"user": "bob", "new_msg": {"type": "txt", "msg": "not mine"}})),
        )
        .await,
        401,
        "message_rewrite_error",
        "You are not authorized to edit this message.",
    )
    .await;
    // A user token cannot call the app server's endpoint.
    let by_user = fx
        .call(Method::PUT, &path, &fx.token("alice"), Some(edit.clone()))
        .await;
    assert_eq!(by_user.status().as_u16(), 401);
    // Ten edits, then the limit.
    for _ in 0..10 {
        ok(fx.app(Method::PUT, &path, Some(edit.clone())).await).await;
    }
    easemob_error(
        fx.app(Method::PUT, &path, Some(edit.clone())).await,
        403,
        "message_rewrite_error",
        "The message has reached its edit limit and cannot be modified further.",
    )
    .await;
    assert_eq!(fx.stored_body(id).await.0.edit_count, 10);
    // A recalled message is gone for editing.
    let recalled = fx.text("alice", "bob", "oops").await;
    ok(fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": recalled.to_string(), "to": "bob", "chat_type": "chat", "from": "alice"})),
        )
        .await)
    .await;
    easemob_error(
        fx.app(Method::PUT, &format!("/messages/rewrite/{recalled}"), Some(edit))
            .await,
        404,
        "message_rewrite_error",
        "The message is unavailable or has expired.",
    )
    .await;
}

// ---- §5.14 / §5.15 ----

#[tokio::test]
async fn an_import_is_history_without_delivery_or_unread() {
    let fx = Fixture::new().await;
    let live = fx.text("alice", "bob", "live").await;
    let at = now_ms() - 86_400_000;
    // No Content-Type, as the documented example sends it.
    let reply = fx
        .server
        .http
        .post(fx.server.url("/acme/chat/messages/users/import"))
        .bearer_auth(&fx.app_token)
        .body(
            json!({"from": "carol", "target": "bob", "type": "txt", "body": {"msg": "from the old system"},
                   "ext": {"src": "legacy"}, "msg_timestamp": at, "need_download": false})
            .to_string(),
        )
        .send()
        .await
        .expect("request");
    let reply = ok(reply).await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["path"], "/messages/users/import");
    assert_eq!(reply["entities"], json!([]));
    let id: u64 = reply["data"]["msg_id"]
        .as_str()
        .expect("msg_id")
        .parse()
        .expect("numeric");
    assert_eq!(id >> 16, at as u64, "the id carries msg_timestamp");
    let (message, body) = fx.stored_body(id).await;
    assert_eq!(message.created_ms, at);
    assert_eq!(message.from_user, "carol");
    assert_eq!(body.r#type, Some(pb::message_body::Type::Chat as i32));
    assert_eq!(ext_text(&body, "src").as_deref(), Some("legacy"));
    // Roamed on both sides.
    assert_eq!(
        fx.roaming("bob", "carol").await,
        [(id, "from the old system".to_string())]
    );
    assert_eq!(fx.roaming("carol", "bob").await.len(), 1);
    // Not unread, no conversation: bob's offline count is the live message only, carol has no list row.
    assert_eq!(fx.offline_count("bob").await, 1);
    assert_eq!(fx.channel_count("carol").await, 0);
    assert_eq!(fx.channel_count("bob").await, 1, "alice only");
    // Two imports of the same millisecond get distinct ids of it; a default time is now.
    let again = ok(fx
        .app(
            Method::POST,
            "/messages/users/import",
            Some(
                json!({"from": "carol", "target": "bob", "type": "txt", "body": {"msg": "same ms"},
                        "msg_timestamp": at}),
            ),
        )
        .await)
    .await;
    let second: u64 = again["data"]["msg_id"]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    assert!(second != id && second >> 16 == at as u64);
    let now = ok(fx
        .app(
            Method::POST,
            "/messages/users/import",
            Some(json!({"from": "alice", "target": "bob", "type": "txt", "body": {"msg": "now"}})),
        )
        .await)
    .await;
    let now_id: u64 = now["data"]["msg_id"]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    assert!(now_id > live, "default time is now");
    assert_eq!(fx.offline_count("bob").await, 1, "imports never count");

    // A group import: in the group's roaming, not in the members' unread.
    let group = fx.group("alice", &["bob"]).await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups/import",
            Some(
                json!({"from": "alice", "target": group, "type": "txt", "body": {"msg": "group import"},
                        "msg_timestamp": at}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["path"], "/messages/chatgroups/import");
    let group_id: u64 = reply["data"]["msg_id"]
        .as_str()
        .expect("id")
        .parse()
        .expect("numeric");
    assert_eq!(
        fx.roaming("bob", &format!("{group}@conference.easemob.com"))
            .await,
        [(group_id, "group import".to_string())]
    );
    let body = fx.stored_body(group_id).await.1;
    assert_eq!(body.r#type, Some(pb::message_body::Type::Groupchat as i32));
    assert_eq!(fx.offline_count("bob").await, 1);
}

#[tokio::test]
async fn import_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let import = |body: Value| fx.app(Method::POST, "/messages/users/import", Some(body));
    easemob_error(
        import(json!({"from": "alice", "target": "bob", "type": "txt"})).await,
        400,
        "illegal_argument",
        "message body not allow empty",
    )
    .await;
    easemob_error(
        import(json!({"from": "alice", "target": "bob", "body": {"msg": "x"}})).await,
        400,
        "illegal_argument",
        "type not allow empty",
    )
    .await;
    let invalid = "Request body is invalid. Please check body is correct.";
    for body in [
        json!({"target": "bob", "type": "txt", "body": {"msg": "x"}}),
        json!({"from": "alice", "type": "txt", "body": {"msg": "x"}}),
        json!({"from": "alice", "target": "bob", "type": "html", "body": {"msg": "x"}}),
        json!({"from": "alice", "target": "bob", "type": "txt", "body": {"msg": "x"}, "msg_timestamp": 0}),
        json!({"from": "alice", "target": "bob", "type": "txt", "body": {"text": "x"}}),
        json!(["not", "an", "object"]),
    ] {
        easemob_error(import(body).await, 400, "invalid_request_body", invalid).await;
    }
    let not_json = fx
        .server
        .http
        .post(fx.server.url("/acme/chat/messages/users/import"))
        .bearer_auth(&fx.app_token)
        .body("{")
        .send()
        .await
        .expect("request");
    easemob_error(not_json, 400, "invalid_request_body", invalid).await;
    easemob_error(
        import(json!({"from": "alice", "target": "nobody", "type": "txt", "body": {"msg": "x"}})).await,
        404,
        "service_resource_not_found",
        "Service resource not found",
    )
    .await;
    let group = fx
        .app(
            Method::POST,
            "/messages/chatgroups/import",
            Some(json!({"from": "alice", "target": "999", "type": "txt", "body": {"msg": "x"}})),
        )
        .await;
    assert_eq!(group.status().as_u16(), 404);
}

// ---- §5.12 ----

/// The roaming deletions' reply: `{"requestStatusCode":"ok","timestamp":…}`, no envelope.
async fn deleted(response: Response) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["requestStatusCode"], "ok");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|ms| ms > 1_600_000_000_000)
    );
    assert_eq!(body.as_object().map(|fields| fields.len()), Some(2), "{body}");
}

#[tokio::test]
async fn roaming_deletion_is_one_sided() {
    let fx = Fixture::new().await;
    let one = fx.text("alice", "bob", "one").await;
    let two = fx.text("bob", "alice", "two").await;
    let three = fx.text("alice", "bob", "three").await;
    let texts = |ids: &[(u64, String)]| ids.iter().map(|(id, _)| *id).collect::<Vec<u64>>();

    // By id, documented path, app token.
    deleted(
        fx.app(
            Method::DELETE,
            &format!("/rest/message/roaming/chat/user/alice?userId=bob&msgIdList={one}&isNotify=false"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(texts(&fx.roaming("alice", "bob").await), [two, three]);
    assert_eq!(
        texts(&fx.roaming("bob", "alice").await),
        [one, two, three],
        "the peer keeps it"
    );

    // Up to a time, the SDK's path (with its `&&`), the user's own token.
    let two_ms = fx.stored_body(two).await.0.created_ms;
    deleted(
        fx.as_user(
            "alice",
            Method::DELETE,
            &format!("/sdk/message/roaming/chat/user/alice/time?userId=bob&delTime={two_ms}&&resource=web"),
        )
        .await,
    )
    .await;
    assert_eq!(texts(&fx.roaming("alice", "bob").await), [three]);
    assert_eq!(fx.roaming("bob", "alice").await.len(), 3);
    assert_eq!(fx.channel_count("alice").await, 1);
    // Clearing the rest of the conversation removes it from alice's list, not from bob's.
    deleted(
        fx.as_user(
            "alice",
            Method::DELETE,
            &format!("/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList={three}"),
        )
        .await,
    )
    .await;
    assert!(fx.roaming("alice", "bob").await.is_empty());
    assert_eq!(fx.channel_count("alice").await, 0);
    assert_eq!(fx.channel_count("bob").await, 1);
    // A newer message shows again.
    let four = fx.text("bob", "alice", "four").await;
    assert_eq!(texts(&fx.roaming("alice", "bob").await), [four]);

    // Groups, by id and by time (POST, as the rate tables list it).
    let group = fx.group("alice", &["bob"]).await;
    let queue = format!("{group}@conference.easemob.com");
    let send = |text: &'static str| {
        let fx = &fx;
        let group = group.clone();
        async move {
            let reply = ok(fx
                .app(
                    Method::POST,
                    "/messages/chatgroups",
                    Some(
                        json!({"from": "alice", "to": [group.clone()], "type": "txt", "body": {"msg": text}}),
                    ),
                )
                .await)
            .await;
            reply["data"][&group]
                .as_str()
                .expect("id")
                .parse::<u64>()
                .expect("numeric")
        }
    };
    let g1 = send("g1").await;
    let g2 = send("g2").await;
    deleted(
        fx.as_user(
            "bob",
            Method::DELETE,
            &format!("/sdk/message/roaming/group/user/bob?groupId={group}&msgIdList={g2}"),
        )
        .await,
    )
    .await;
    assert_eq!(texts(&fx.roaming("bob", &queue).await), [g1]);
    assert_eq!(texts(&fx.roaming("alice", &queue).await), [g1, g2]);
    let g1_ms = fx.stored_body(g1).await.0.created_ms;
    deleted(
        fx.app(
            Method::POST,
            &format!("/rest/message/roaming/group/user/alice/time?groupId={group}&delTime={g1_ms}"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(texts(&fx.roaming("alice", &queue).await), [g2]);

    // Everything of one user, and the user's conversations.
    deleted(
        fx.as_user(
            "bob",
            Method::POST,
            "/sdk/message/roaming/user/bob/delete/all?resource=web",
        )
        .await,
    )
    .await;
    assert!(fx.roaming("bob", "alice").await.is_empty());
    assert!(fx.roaming("bob", &queue).await.is_empty());
    assert_eq!(fx.channel_count("bob").await, 0);
    assert_eq!(
        texts(&fx.roaming("alice", "bob").await),
        [four],
        "alice keeps hers"
    );
    assert_eq!(texts(&fx.roaming("alice", &queue).await), [g2]);
}

#[tokio::test]
async fn roaming_deletion_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let id = fx.text("alice", "bob", "one").await;
    let many: Vec<String> = (1..=51).map(|n| n.to_string()).collect();
    for path in [
        format!(
            "/rest/message/roaming/chat/user/alice?userId=bob&msgIdList={}",
            many.join(",")
        ),
        format!(
            "/rest/message/roaming/group/user/alice?groupId=1&msgIdList={}",
            many.join(",")
        ),
    ] {
        easemob_error(
            fx.app(Method::DELETE, &path, None).await,
            400,
            "param exception",
            "delete msg list limit can not greater than 50",
        )
        .await;
    }
    for path in [
        format!("/rest/message/roaming/chat/user/alice?msgIdList={id}"),
        "/rest/message/roaming/chat/user/alice?userId=bob".to_string(),
        "/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList=abc".to_string(),
        format!("/rest/message/roaming/group/user/alice?msgIdList={id}"),
        "/rest/message/roaming/chat/user/alice/time?userId=bob".to_string(),
        "/rest/message/roaming/group/user/alice/time?delTime=5".to_string(),
    ] {
        easemob_error(
            fx.app(Method::DELETE, &path, None).await,
            400,
            "Bad Request",
            "Bad Request",
        )
        .await;
    }
    // Only the user itself or the app: bob cannot delete alice's roaming.
    let other = fx
        .as_user(
            "bob",
            Method::DELETE,
            &format!("/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList={id}"),
        )
        .await;
    assert_eq!(other.status().as_u16(), 401);
    let missing = fx
        .app(Method::POST, "/rest/message/roaming/user/nobody/delete/all", None)
        .await;
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(fx.roaming("alice", "bob").await.len(), 1, "nothing was deleted");
}
