//! Targeted (定向) messages over real HTTP and raw msync connections: the REST sends to some members of a
//! group or room (reference users-messages §5.3, §5.5) and RongCloud's directed group messages
//! (`/message/group/publish.json` with `toUserId`). A listed member's device is told and pulls it; a member
//! who is not listed pulls nothing; it is absent from roaming, the conversation list and the unread counts;
//! each documented refusal.

use crate::groups::ok;
use crate::msync::Client;
use crate::rongcloud::{post, rongcloud_error, success};
use crate::{TestServer, easemob_error};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use natter_core::{NewUser, UserName};
use natter_msync::jid;
use natter_msync::pb::{self, m_sync::Command};
use natter_server::ServerConfig;
use natter_server::token::{Claims, Subject};
use prost::Message as _;
use reqwest::{Method, Response};
use serde_json::{Value, json};

const APP_KEY: &str = "acme#chat";

fn now_ms() -> i64 {
    crate::users::now_ms()
}

struct Fixture {
    server: TestServer,
    app_token: String,
}

impl Fixture {
    async fn new() -> Fixture {
        Fixture::with(ServerConfig::default()).await
    }

    /// A server with `config` whose app holds alice, bob, carol, dave and erin (made in the store).
    async fn with(config: ServerConfig) -> Fixture {
        let server = TestServer::start_with(config).await;
        let users = ["alice", "bob", "carol", "dave", "erin"]
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
        let app_token = server.signer.issue(&Claims {
            app_id: server.app.id,
            subject: Subject::App,
            issued_ms: now_ms(),
            expires_ms: None,
        });
        Fixture { server, app_token }
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

    /// A logged-in raw msync device of `user` that has sent its first UNREAD.
    async fn device(&self, user: &str) -> Client {
        let (mut client, reply) = Client::login(&self.server, user, &self.token(user), "web").await;
        assert_eq!(reply.status.and_then(|status| status.error_code), Some(0));
        client.unread().await;
        client
    }

    /// A REST send to `path` that must succeed for `target`; returns the message id.
    async fn send_ok(&self, path: &str, body: Value, target: &str) -> u64 {
        let reply = ok(self.app(Method::POST, path, Some(body)).await).await;
        reply["data"][target]
            .as_str()
            .unwrap_or_else(|| panic!("a message id for {target}: {reply}"))
            .parse()
            .expect("a decimal id")
    }

    /// The ids of a conversation's roaming page for `user` (newest first).
    async fn roaming_ids(&self, user: &str, conference: &str) -> Vec<u64> {
        let page = ok(self
            .as_user(
                user,
                Method::POST,
                &format!("/users/{user}/messageroaming"),
                Some(
                    json!({"queue": format!("{conference}@conference.easemob.com"), "start": -1,
                            "pull_number": 50, "is_positive": false}),
                ),
            )
            .await)
        .await;
        page["data"]["msgs"]
            .as_array()
            .expect("msgs")
            .iter()
            .map(|item| {
                let bytes = STANDARD
                    .decode(item["msg"].as_str().expect("msg"))
                    .expect("base64");
                pb::Meta::decode(bytes.as_slice())
                    .expect("a Meta")
                    .id
                    .expect("id")
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

    /// The stored recipients of a message.
    async fn recipients(&self, id: u64) -> Option<Vec<String>> {
        self.server
            .state
            .store
            .message(self.server.app.id, id)
            .await
            .expect("read")
            .expect("stored")
            .recipients
    }
}

/// Pulls a group's or room's queue (a conference JID), optionally acknowledging up to `key`.
async fn pull_conference(client: &mut Client, id: &str, key: Option<u64>) -> pb::CommSyncDl {
    let upload = pb::CommSyncUl {
        queue: Some(jid::conference(APP_KEY, id)),
        key,
        ..pb::CommSyncUl::default()
    };
    client.send(Command::Sync, &upload).await;
    client.sync_reply().await
}

/// Pulls a conference queue until its end, acknowledging each page; returns every meta pulled.
async fn drain_conference(client: &mut Client, id: &str) -> Vec<pb::Meta> {
    let mut metas = Vec::new();
    let mut key = None;
    loop {
        let page = pull_conference(client, id, key).await;
        metas.extend(page.metas.iter().cloned());
        if page.is_last == Some(true) {
            return metas;
        }
        key = page.next_key;
        assert!(key.is_some(), "a page that is not the last names its next_key");
    }
}

/// The queue named by the next NOTICE, skipping other frames.
async fn next_notice(client: &mut Client) -> String {
    loop {
        let frame = client.next().await.expect("connection open");
        if frame.command == Some(Command::Notice as i32) {
            let notice =
                pb::CommNotice::decode(frame.payload.as_deref().unwrap_or_default()).expect("notice");
            return notice
                .queue
                .as_ref()
                .map(jid::name)
                .unwrap_or_default()
                .to_owned();
        }
    }
}

fn text_of(meta: &pb::Meta) -> String {
    let body = pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default()).expect("body");
    body.contents[0].text.clone().unwrap_or_default()
}

fn texts(metas: &[pb::Meta]) -> Vec<String> {
    metas.iter().map(text_of).collect()
}

fn targeted(from: &str, to: &str, users: Value, text: &str) -> Value {
    json!({"from": from, "to": [to], "users": users, "type": "txt", "body": {"msg": text}})
}

#[tokio::test]
async fn a_targeted_group_message_reaches_only_the_listed_members() {
    let fx = Fixture::new().await;
    // dave is not a member: listed or not, he gets nothing.
    let group = fx.group("alice", &["bob", "carol"]).await;
    let mut alice = fx.device("alice").await;
    let mut bob = fx.device("bob").await;
    let mut carol = fx.device("carol").await;
    let mut dave = fx.device("dave").await;

    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups/users",
            Some(targeted(
                "alice",
                &group,
                json!(["bob", "dave", "Bob"]),
                "for bob",
            )),
        )
        .await)
    .await;
    // The documented example's path.
    assert_eq!(reply["path"], "/messages/chatgroups");
    assert_eq!(reply["action"], "post");
    let id: u64 = reply["data"][&group]
        .as_str()
        .expect("a message id")
        .parse()
        .expect("decimal");
    assert_eq!(
        fx.recipients(id).await,
        Some(vec!["bob".to_owned()]),
        "the non-member is left out; a repeated name counts once"
    );

    // The listed member is told of the group queue and pulls the message as a group message of the group.
    assert_eq!(next_notice(&mut bob).await, group);
    let page = pull_conference(&mut bob, &group, None).await;
    assert_eq!(texts(&page.metas), ["for bob"]);
    let meta = &page.metas[0];
    assert_eq!(meta.id, Some(id));
    let to = meta.to.as_ref().expect("to");
    assert_eq!(
        (to.name.as_deref(), to.domain.as_deref()),
        (Some(group.as_str()), Some("conference.easemob.com"))
    );
    let body = pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default()).expect("body");
    assert_eq!(body.r#type, Some(pb::message_body::Type::Groupchat as i32));
    assert_eq!(
        body.to.as_ref().and_then(|to| to.name.as_deref()),
        Some(group.as_str())
    );
    assert_eq!(
        body.from.as_ref().and_then(|from| from.name.as_deref()),
        Some("alice")
    );
    let last = pull_conference(&mut bob, &group, page.next_key).await;
    assert_eq!(last.is_last, Some(true));

    // Synced to the sender: alice's device is told and gets it.
    assert_eq!(next_notice(&mut alice).await, group);
    assert_eq!(texts(&drain_conference(&mut alice, &group).await), ["for bob"]);

    // A member who is not listed pulls nothing, then only the ordinary message that follows.
    assert!(drain_conference(&mut carol, &group).await.is_empty());
    // Dave, listed but no member, is told of nothing and pulls nothing from the group queue.
    assert!(drain_conference(&mut dave, &group).await.is_empty());
    assert!(dave.unread().await.unread.is_empty());
    let all = fx
        .send_ok(
            "/messages/chatgroups",
            json!({"from": "alice", "to": [group], "type": "txt", "body": {"msg": "for all"}}),
            &group,
        )
        .await;
    assert_eq!(next_notice(&mut carol).await, group);
    let carol_got = drain_conference(&mut carol, &group).await;
    assert_eq!(texts(&carol_got), ["for all"]);
    assert_eq!(carol_got[0].id, Some(all));
    // Bob gets the ordinary one too, once.
    assert_eq!(next_notice(&mut bob).await, group);
    assert_eq!(texts(&drain_conference(&mut bob, &group).await), ["for all"]);

    // Not roamed: the group's history holds the ordinary message only, for every member.
    for user in ["alice", "bob", "carol"] {
        assert_eq!(fx.roaming_ids(user, &group).await, vec![all], "{user}");
    }

    // Not in the conversation list: the group's last message and unread count are the ordinary one's.
    let reply = ok(fx
        .as_user(
            "bob",
            Method::GET,
            "/sdk/user/bob/user_channels/list?&limit=20&cursor=&need_mark=true&needEmptySession=false&_v=1",
            None,
        )
        .await)
    .await;
    let infos = reply["data"]["channel_infos"].as_array().expect("channel_infos");
    assert_eq!(infos.len(), 1, "{reply}");
    assert_eq!(infos[0]["session_to"], group);
    assert_eq!(infos[0]["meta"]["id"], all.to_string());
    assert_eq!(infos[0]["unread_num"], 1, "the targeted message is not unread");
}

#[tokio::test]
async fn an_offline_listed_member_gets_it_at_login_and_nobody_else_is_told() {
    let fx = Fixture::new().await;
    let group = fx.group("alice", &["bob", "carol"]).await;
    let only = fx.group("alice", &["bob", "carol"]).await;
    // Nothing but targeted messages in `only`: it has no conversation head at all.
    let first = fx
        .send_ok(
            "/messages/chatgroups/users",
            targeted("alice", &only, json!(["bob"]), "only one"),
            &only,
        )
        .await;
    let second = fx
        .send_ok(
            "/messages/chatgroups/users",
            targeted("alice", &group, json!("carol"), "for carol"),
            &group,
        )
        .await;
    assert_eq!(fx.recipients(second).await, Some(vec!["carol".to_owned()]));
    assert_eq!(fx.offline_count("bob").await, json!(1));
    assert_eq!(fx.offline_count("carol").await, json!(1));

    let (mut bob, _) = Client::login(&fx.server, "bob", &fx.token("bob"), "phone").await;
    let unread = bob.unread().await;
    assert_eq!(
        unread
            .unread
            .iter()
            .map(|queue| (queue.queue.as_ref().map(jid::name).unwrap_or_default(), queue.n))
            .collect::<Vec<_>>(),
        vec![(only.as_str(), Some(1))],
        "{unread:?}"
    );
    let got = drain_conference(&mut bob, &only).await;
    assert_eq!(got.iter().map(|meta| meta.id).collect::<Vec<_>>(), [Some(first)]);
    assert!(drain_conference(&mut bob, &group).await.is_empty());
    // Acknowledged: gone from the offline queue.
    fx.server.state.messaging.flush().await;
    assert_eq!(fx.offline_count("bob").await, json!(0));

    let (mut carol, _) = Client::login(&fx.server, "carol", &fx.token("carol"), "phone").await;
    let unread = carol.unread().await;
    assert_eq!(unread.unread.len(), 1, "{unread:?}");
    assert_eq!(
        unread.unread[0].queue.as_ref().map(jid::name),
        Some(group.as_str())
    );
    assert_eq!(texts(&drain_conference(&mut carol, &group).await), ["for carol"]);
    assert!(drain_conference(&mut carol, &only).await.is_empty());
    // Neither group is in anyone's conversation list: they hold no ordinary message.
    for user in ["alice", "bob", "carol"] {
        let reply = ok(fx
            .as_user(
                user,
                Method::GET,
                &format!(
                    "/sdk/user/{user}/user_channels/list?&limit=20&cursor=&need_mark=true&needEmptySession=false&_v=1"
                ),
                None,
            )
            .await)
        .await;
        assert_eq!(reply["data"]["channel_infos"], json!([]), "{user}: {reply}");
    }
}

#[tokio::test]
async fn a_recall_of_a_targeted_message_reaches_its_recipients_only() {
    let fx = Fixture::new().await;
    let group = fx.group("alice", &["bob", "carol"]).await;
    let mut bob = fx.device("bob").await;
    let mut carol = fx.device("carol").await;
    let id = fx
        .send_ok(
            "/messages/chatgroups/users",
            targeted("alice", &group, json!(["bob"]), "oops"),
            &group,
        )
        .await;
    assert_eq!(next_notice(&mut bob).await, group);
    assert_eq!(texts(&drain_conference(&mut bob, &group).await), ["oops"]);
    let recall = ok(fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": id.to_string(), "to": group, "chat_type": "groupchat", "from": "alice"})),
        )
        .await)
    .await;
    assert_eq!(recall["data"]["recalled"], "yes");
    assert_eq!(next_notice(&mut bob).await, group);
    let got = drain_conference(&mut bob, &group).await;
    assert_eq!(got.len(), 1);
    let body = pb::MessageBody::decode(got[0].payload.as_deref().unwrap_or_default()).expect("body");
    assert_eq!(body.r#type, Some(pb::message_body::Type::Recall as i32));
    assert_eq!(body.ack_message_id, Some(id));
    let recall_id = got[0].id.expect("id");
    assert_eq!(fx.recipients(recall_id).await, Some(vec!["bob".to_owned()]));
    // Carol never learns of the message, nor of its recall.
    assert!(drain_conference(&mut carol, &group).await.is_empty());
}

#[tokio::test]
async fn a_targeted_room_message_reaches_only_the_listed_present_members() {
    let fx = Fixture::new().await;
    // Members made at creation while online are present in the room.
    let mut bob = fx.device("bob").await;
    let mut carol = fx.device("carol").await;
    let room = fx.room("alice", &["bob", "carol"]).await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatrooms/users",
            Some(
                json!({"from": "alice", "to": [room], "users": ["bob", "erin"], "type": "txt",
                        "body": {"msg": "psst"}, "chatroom_msg_level": "high"}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["path"], "/messages/chatrooms");
    let id: u64 = reply["data"][&room]
        .as_str()
        .expect("an id")
        .parse()
        .expect("decimal");
    assert_eq!(fx.recipients(id).await, Some(vec!["bob".to_owned()]));
    assert_eq!(next_notice(&mut bob).await, room);
    let got = drain_conference(&mut bob, &room).await;
    assert_eq!(texts(&got), ["psst"]);
    let body = pb::MessageBody::decode(got[0].payload.as_deref().unwrap_or_default()).expect("body");
    assert_eq!(body.r#type, Some(pb::message_body::Type::Chatroom as i32));

    assert!(drain_conference(&mut carol, &room).await.is_empty());
    let all = fx
        .send_ok(
            "/messages/chatrooms",
            json!({"from": "alice", "to": [room], "type": "txt", "body": {"msg": "hello room"}}),
            &room,
        )
        .await;
    assert_eq!(next_notice(&mut carol).await, room);
    assert_eq!(texts(&drain_conference(&mut carol, &room).await), ["hello room"]);
    assert_eq!(fx.roaming_ids("bob", &room).await, vec![all], "not roamed");
}

#[tokio::test]
async fn targeted_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let group = fx.group("alice", &["bob"]).await;
    let other = fx.group("alice", &["bob"]).await;
    let room = fx.room("alice", &["bob"]).await;
    let valid = targeted("alice", &group, json!(["bob"]), "hi");
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = valid.clone();
        body.as_object_mut().expect("object").remove(key);
        body
    };
    let twenty_one: Vec<String> = (0..21).map(|index| format!("u{index}")).collect();
    let cases = [
        (without("users"), "param users can't be empty"),
        (with("users", json!([])), "param users can't be empty"),
        (with("users", json!(null)), "param users can't be empty"),
        (with("users", json!([""])), "param users can't be empty"),
        (
            with("to", json!([group, other])),
            "params to's size can't exceed limit 3",
        ),
        (
            with("to", json!([group, other, "1", "2"])),
            "params to's size can't exceed limit 3",
        ),
        (with("to", json!([])), "param to can't be empty"),
        (with("from", json!("")), "param from can't be empty"),
        (without("type"), "param type can't be empty"),
        (with("body", json!({})), "param body can't be empty"),
        (with("ext", Value::Null), "param ext must be JSONObject"),
        (with("ext", json!([1])), "param ext must be JSONObject"),
    ];
    for (body, description) in cases {
        let response = fx
            .app(Method::POST, "/messages/chatgroups/users", Some(body.clone()))
            .await;
        let error = easemob_error(response, 400, "message_send_error", description).await;
        assert_eq!(error["exception"], "MessageSendException", "{body}");
    }
    // The room send counts its `to` against the room text.
    let response = fx
        .app(
            Method::POST,
            "/messages/chatrooms/users",
            Some(json!({"to": [room, "123"], "users": ["bob"], "type": "txt", "body": {"msg": "x"}})),
        )
        .await;
    easemob_error(
        response,
        400,
        "message_send_error",
        "params to's size can't exceed limit 10",
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/messages/chatrooms/users",
            Some(json!({"to": [room], "users": [], "type": "txt", "body": {"msg": "x"}})),
        )
        .await;
    easemob_error(response, 400, "message_send_error", "param users can't be empty").await;
    // Bad JSON, fields of the wrong types, and more than 20 users: the 5.1 list's bad-body row.
    let invalid = "Request body is invalid. Please check body is correct.";
    for body in [
        with("users", json!(twenty_one)),
        with("users", json!([{"name": "bob"}])),
        with("users", json!(7)),
        with("type", json!("html")),
    ] {
        let response = fx
            .app(Method::POST, "/messages/chatgroups/users", Some(body))
            .await;
        easemob_error(response, 400, "invalid_request_body", invalid).await;
    }
    let response = fx
        .server
        .http
        .post(fx.server.url("/acme/chat/messages/chatgroups/users"))
        .bearer_auth(&fx.app_token)
        .header("content-type", "application/json")
        .body("{\"to\": [")
        .send()
        .await
        .expect("request");
    easemob_error(response, 400, "invalid_request_body", invalid).await;
    // Body and ext over 5 KB.
    let response = fx
        .app(
            Method::POST,
            "/messages/chatgroups/users",
            Some(with("body", json!({"msg": "x".repeat(6 * 1024)}))),
        )
        .await;
    easemob_error(response, 400, "message_send_error", "message is too large").await;
    // An app token is needed.
    let response = fx
        .as_user(
            "alice",
            Method::POST,
            "/messages/chatgroups/users",
            Some(valid.clone()),
        )
        .await;
    assert_eq!(response.status().as_u16(), 401);
    // POST only.
    let response = fx.app(Method::GET, "/messages/chatgroups/users", None).await;
    assert_eq!(response.status().as_u16(), 405);
    // A group that does not exist: the reply names the refusal for it, as for ordinary group sends.
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatgroups/users",
            Some(with("to", json!(["424242"]))),
        )
        .await)
    .await;
    let refusal = reply["data"]["424242"].as_str().expect("a refusal text");
    assert!(refusal.parse::<u64>().is_err(), "{reply}");
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatrooms/users",
            Some(json!({"to": ["424242"], "users": ["bob"], "type": "txt", "body": {"msg": "x"}})),
        )
        .await)
    .await;
    assert!(
        reply["data"]["424242"]
            .as_str()
            .is_some_and(|text| text.parse::<u64>().is_err()),
        "{reply}"
    );
    // None of the refused calls stored anything.
    assert!(fx.roaming_ids("bob", &group).await.is_empty());
    assert!(
        fx.server
            .state
            .store
            .messages_after(
                fx.server.app.id,
                &natter_store::group_conversation(group.parse().expect("id")),
                0,
                10
            )
            .await
            .expect("timeline")
            .is_empty()
    );
}

#[tokio::test]
async fn the_targeted_quota_is_403_message_send_reach_limit() {
    let mut config = ServerConfig::default();
    config.messages.targeted_messages_per_sec = 1;
    let fx = Fixture::with(config).await;
    let group = fx.group("alice", &["bob"]).await;
    let room = fx.room("alice", &["bob"]).await;
    let body = targeted("alice", &group, json!(["bob"]), "x");
    fx.send_ok("/messages/chatgroups/users", body.clone(), &group)
        .await;
    let response = fx
        .app(Method::POST, "/messages/chatgroups/users", Some(body))
        .await;
    let error = easemob_error(response, 403, "message_send_error", "message send reach limit").await;
    assert_eq!(error["exception"], "MessageSendException");
    // Rooms have their own quota, and ordinary group sends are not counted against it.
    let room_body = json!({"to": [room], "users": ["bob"], "type": "txt", "body": {"msg": "x"}});
    fx.send_ok("/messages/chatrooms/users", room_body.clone(), &room)
        .await;
    let response = fx
        .app(Method::POST, "/messages/chatrooms/users", Some(room_body))
        .await;
    easemob_error(response, 403, "message_send_error", "message send reach limit").await;
    fx.send_ok(
        "/messages/chatgroups",
        json!({"to": [group], "type": "txt", "body": {"msg": "ordinary"}}),
        &group,
    )
    .await;
}

/// `content` for a RongCloud form body: percent-encoded JSON, as rc-server-sdk sends it.
fn rongcloud_text(text: &str) -> String {
    json!({"content": text, "extra": ""})
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

#[tokio::test]
async fn a_rongcloud_directed_group_message_reaches_only_the_named_members() {
    let fx = Fixture::new().await;
    success(
        post(
            &fx.server,
            "/group/create.json",
            "userId=alice&userId=bob&userId=carol&groupId=g_1&groupName=Demo Group",
        )
        .await,
    )
    .await;
    let group = fx
        .server
        .state
        .store
        .rongcloud_group(fx.server.app.id, "g_1")
        .await
        .expect("read")
        .expect("g_1 exists")
        .to_string();
    let mut bob = fx.device("bob").await;
    let mut carol = fx.device("carol").await;
    // As rc-server-sdk's send_direction sends it: toUserId repeated after toGroupId.
    let body = success(
        post(
            &fx.server,
            "/message/group/publish.json",
            &format!(
                "fromUserId=alice&toGroupId=g_1&toUserId=bob&toUserId=dave&objectName=RC:TxtMsg&content={}",
                rongcloud_text("directed")
            ),
        )
        .await,
    )
    .await;
    let uids = body["messageUIDs"].as_array().expect("messageUIDs");
    assert_eq!(uids.len(), 1, "{body}");
    assert_eq!(uids[0]["groupId"], "g_1");
    let id: u64 = uids[0]["messageUID"]
        .as_str()
        .expect("a string")
        .parse()
        .expect("decimal");
    assert_eq!(
        fx.recipients(id).await,
        Some(vec!["bob".to_owned()]),
        "dave is no member"
    );
    assert_eq!(next_notice(&mut bob).await, group);
    assert_eq!(texts(&drain_conference(&mut bob, &group).await), ["directed"]);
    assert!(drain_conference(&mut carol, &group).await.is_empty());
    assert!(fx.roaming_ids("bob", &group).await.is_empty(), "not roamed");

    // Several groups with toUserId: 1001; a toUserId that is nobody: 1003; the group must exist: 1012.
    success(
        post(
            &fx.server,
            "/group/create.json",
            "userId=alice&groupId=g_2&groupName=Other",
        )
        .await,
    )
    .await;
    let hi = rongcloud_text("hi");
    rongcloud_error(
        post(
            &fx.server,
            "/message/group/publish.json",
            &format!(
                "fromUserId=alice&toGroupId=g_1&toGroupId=g_2&toUserId=bob&objectName=RC:TxtMsg&content={hi}"
            ),
        )
        .await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post(
            &fx.server,
            "/message/group/publish.json",
            &format!("fromUserId=alice&toGroupId=g_1&toUserId=ghost&objectName=RC:TxtMsg&content={hi}"),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
    rongcloud_error(
        post(
            &fx.server,
            "/message/group/publish.json",
            &format!("fromUserId=alice&toGroupId=g_9&toUserId=bob&objectName=RC:TxtMsg&content={hi}"),
        )
        .await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    assert!(
        drain_conference(&mut bob, &group).await.is_empty(),
        "refused calls sent nothing"
    );
}
