//! The msync gateway over a real WebSocket, with a minimal client speaking the SDK's frames: login
//! refusals, 1:1 delivery with NOTICE/SYNC/next_key, offline queues kept until acknowledged, and the
//! robustness rules (frames before PROVISION, garbage, truncations, oversized frames).

use crate::TestServer;
use crate::users::{app_token, register, user_token};
use futures_util::{SinkExt, StreamExt};
use natter_msync::jid;
use natter_msync::pb::{self, m_sync::Command, meta::NameSpace};
use prost::Message as _;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const WAIT: Duration = Duration::from_secs(5);

/// A raw msync connection.
pub(crate) struct Client {
    socket: Socket,
    user: String,
    next_meta_id: u64,
}

fn frame(
    command: Command,
    payload: &impl prost::Message,
    guid: Option<pb::Jid>,
    auth: Option<String>,
) -> Vec<u8> {
    pb::MSync {
        command: Some(command as i32),
        guid,
        auth,
        payload: Some(payload.encode_to_vec()),
        ..pb::MSync::default()
    }
    .encode_to_vec()
}

impl Client {
    pub(crate) async fn open(server: &TestServer) -> Socket {
        let url = format!("{}/websocket", server.base_url.replacen("http", "ws", 1));
        let (socket, _) = tokio_tungstenite::connect_async(url).await.expect("websocket");
        socket
    }

    /// Connects and sends PROVISION with `token`; returns the client and the server's Provision reply.
    pub(crate) async fn login(
        server: &TestServer,
        user: &str,
        token: &str,
        resource: &str,
    ) -> (Client, pb::Provision) {
        let mut socket = Client::open(server).await;
        let provision = pb::Provision {
            resource: Some(resource.to_owned()),
            session_id: Some("1:".to_owned()),
            ..pb::Provision::default()
        };
        let guid = jid::user("acme#chat", user, Some(resource));
        let bytes = frame(
            Command::Provision,
            &provision,
            Some(guid),
            Some(format!("$t${token}")),
        );
        socket.send(Message::Binary(bytes.into())).await.expect("send");
        let mut client = Client {
            socket,
            user: user.to_owned(),
            next_meta_id: 1,
        };
        let reply = client.expect(Command::Provision).await;
        (
            client,
            pb::Provision::decode(reply.payload.as_deref().unwrap_or_default()).expect("provision"),
        )
    }

    pub(crate) async fn next(&mut self) -> Option<pb::MSync> {
        loop {
            match tokio::time::timeout(WAIT, self.socket.next())
                .await
                .expect("a frame in time")
            {
                Some(Ok(Message::Binary(bytes))) => {
                    return Some(pb::MSync::decode(bytes.as_ref()).expect("msync"));
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(_)) | Some(Err(_)) | None => return None,
            }
        }
    }

    pub(crate) async fn expect(&mut self, command: Command) -> pb::MSync {
        let frame = self.next().await.expect("connection open");
        assert_eq!(frame.command, Some(command as i32), "{frame:?}");
        frame
    }

    pub(crate) async fn send(&mut self, command: Command, payload: &impl prost::Message) {
        let bytes = frame(command, payload, None, None);
        self.socket
            .send(Message::Binary(bytes.into()))
            .await
            .expect("send");
    }

    pub(crate) async fn unread(&mut self) -> pb::CommUnreadDl {
        self.send(Command::Unread, &pb::CommUnreadUl::default()).await;
        let reply = self.expect(Command::Unread).await;
        pb::CommUnreadDl::decode(reply.payload.as_deref().unwrap_or_default()).expect("unread")
    }

    /// Sends LOGOUT and waits for its echo (the server has forgotten the device by then).
    pub(crate) async fn logout(&mut self) {
        let logout = pb::Logout {
            reason: Some("inner:logout".to_owned()),
            ..pb::Logout::default()
        };
        self.send(Command::Logout, &logout).await;
        self.expect(Command::Logout).await;
    }

    /// Sends UNREAD and skips the replies to earlier frames until its answer comes.
    pub(crate) async fn unread_after_noise(&mut self) -> pb::CommUnreadDl {
        self.send(Command::Unread, &pb::CommUnreadUl::default()).await;
        loop {
            let frame = self.next().await.expect("connection open");
            if frame.command == Some(Command::Unread as i32) {
                return pb::CommUnreadDl::decode(frame.payload.as_deref().unwrap_or_default())
                    .expect("unread");
            }
        }
    }

    /// Sends a text message and returns the ack.
    pub(crate) async fn text(&mut self, to: &str, text: &str) -> pb::CommSyncDl {
        let id = self.next_meta_id;
        self.next_meta_id += 1;
        let body = pb::MessageBody {
            r#type: Some(pb::message_body::Type::Chat as i32),
            from: Some(pb::Jid {
                name: Some(self.user.clone()),
                ..pb::Jid::default()
            }),
            to: Some(pb::Jid {
                name: Some(to.to_owned()),
                ..pb::Jid::default()
            }),
            contents: vec![pb::message_body::Content {
                r#type: Some(pb::message_body::content::Type::Text as i32),
                text: Some(text.to_owned()),
                ..pb::message_body::Content::default()
            }],
            ..pb::MessageBody::default()
        };
        let upload = pb::CommSyncUl {
            meta: Some(pb::Meta {
                id: Some(id),
                to: Some(jid::user("acme#chat", to, None)),
                ns: Some(NameSpace::Chat as i32),
                payload: Some(body.encode_to_vec()),
                ..pb::Meta::default()
            }),
            ..pb::CommSyncUl::default()
        };
        self.send(Command::Sync, &upload).await;
        let ack = self.sync_reply().await;
        assert_eq!(ack.meta_id, Some(id));
        ack
    }

    pub(crate) async fn sync_reply(&mut self) -> pb::CommSyncDl {
        loop {
            let frame = self.next().await.expect("connection open");
            if frame.command == Some(Command::Sync as i32) {
                return pb::CommSyncDl::decode(frame.payload.as_deref().unwrap_or_default()).expect("sync");
            }
        }
    }

    /// Pulls `peer`'s queue, optionally acknowledging up to `key`.
    pub(crate) async fn pull(&mut self, peer: &str, key: Option<u64>) -> pb::CommSyncDl {
        let upload = pb::CommSyncUl {
            queue: Some(jid::user("acme#chat", peer, None)),
            key,
            ..pb::CommSyncUl::default()
        };
        self.send(Command::Sync, &upload).await;
        self.sync_reply().await
    }

    /// The texts of pulled metas.
    pub(crate) fn texts(reply: &pb::CommSyncDl) -> Vec<String> {
        reply
            .metas
            .iter()
            .map(|meta| {
                let body =
                    pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default()).expect("body");
                body.contents[0].text.clone().unwrap_or_default()
            })
            .collect()
    }
}

async fn users(server: &TestServer, names: &[&str]) -> Vec<String> {
    let admin = app_token(server).await;
    let pairs: Vec<(&str, &str)> = names.iter().map(|name| (*name, "pw")).collect();
    register(server, &admin, &pairs).await;
    let mut tokens = Vec::new();
    for name in names {
        tokens.push(user_token(server, name, "pw").await);
    }
    tokens
}

fn status_code(status: &Option<pb::Status>) -> Option<i32> {
    status.as_ref().and_then(|status| status.error_code)
}

#[tokio::test]
async fn login_echoes_resource_and_session_and_carries_the_absolute_token_expiry() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice"]).await;
    let (mut alice, reply) = Client::login(&server, "alice", &tokens[0], "web_1").await;
    assert_eq!(status_code(&reply.status), Some(0));
    assert_eq!(reply.resource.as_deref(), Some("web_1"));
    assert_eq!(reply.session_id.as_deref(), Some("1:"));
    let expiry: serde_json::Value =
        serde_json::from_str(reply.auth_token.as_deref().expect("auth_token")).expect("json");
    let expires_in = expiry["expires_in"].as_i64().expect("expires_in");
    assert!(
        expires_in > crate::users::now_ms() + 24 * 3600 * 1000,
        "epoch ms, not a duration: {expires_in}"
    );
    let unread = alice.unread().await;
    assert_eq!(status_code(&unread.status), Some(0));
    assert!(
        unread
            .timestamp
            .is_some_and(|timestamp| timestamp > 1_600_000_000_000)
    );
    assert!(server.sessions.is_online(
        server.app.id,
        &natter_core::UserName::lookup("alice").expect("name")
    ));
}

#[tokio::test]
async fn bad_tokens_are_refused_with_the_sdk_reasons_and_the_socket_closed() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice", "bob"]).await;
    let (mut client, reply) = Client::login(&server, "alice", "YWMtnot-a-token", "web").await;
    let status = reply.status.expect("status");
    assert_eq!(status.error_code, Some(1));
    assert_eq!(
        status.reason.as_deref(),
        Some("Sorry, token or password does not match login info")
    );
    assert!(client.next().await.is_none(), "closed after a failed provision");
    // Bob's token does not log in as alice.
    let (_, reply) = Client::login(&server, "alice", &tokens[1], "web").await;
    assert_eq!(
        reply.status.and_then(|status| status.reason).as_deref(),
        Some("Sorry, token or password does not match login info")
    );
}

#[tokio::test]
async fn a_message_is_noticed_pulled_and_acknowledged() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice", "bob"]).await;
    let (mut alice, _) = Client::login(&server, "alice", &tokens[0], "web_a").await;
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "web_b").await;
    alice.unread().await;
    bob.unread().await;
    let ack = alice.text("bob", "hello bob").await;
    assert_eq!(status_code(&ack.status), Some(0));
    let server_id = ack.server_id.expect("server_id");
    let notice = bob.expect(Command::Notice).await;
    let notice = pb::CommNotice::decode(notice.payload.as_deref().unwrap_or_default()).expect("notice");
    assert_eq!(notice.queue.as_ref().map(jid::name), Some("alice"));
    let page = bob.pull("alice", None).await;
    assert_eq!(Client::texts(&page), vec!["hello bob"]);
    assert_eq!(page.metas[0].id, Some(server_id));
    assert_eq!(
        page.metas[0]
            .from
            .as_ref()
            .and_then(|from| from.client_resource.as_deref()),
        Some("web_a")
    );
    assert_eq!(page.queue.as_ref().map(jid::name), Some("alice"));
    assert_eq!(page.next_key, Some(server_id));
    assert_ne!(page.is_last, Some(true), "metas and is_last never come together");
    let last = bob.pull("alice", page.next_key).await;
    assert!(last.metas.is_empty());
    assert_eq!(last.is_last, Some(true));
}

#[tokio::test]
async fn offline_messages_wait_until_acknowledged() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice", "bob"]).await;
    let (mut alice, _) = Client::login(&server, "alice", &tokens[0], "web_a").await;
    alice.unread().await;
    for text in ["one", "two", "three"] {
        let ack = alice.text("bob", text).await;
        assert_eq!(status_code(&ack.status), Some(0));
    }
    // Bob logs in, learns of the queue, pulls, and leaves without acknowledging.
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "phone").await;
    let unread = bob.unread().await;
    assert_eq!(unread.unread.len(), 1, "{unread:?}");
    assert_eq!(unread.unread[0].queue.as_ref().map(jid::name), Some("alice"));
    assert_eq!(unread.unread[0].n, Some(3));
    let page = bob.pull("alice", None).await;
    assert_eq!(Client::texts(&page), vec!["one", "two", "three"]);
    drop(bob);
    // Not acknowledged: the next login gets them again, and acknowledges them.
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "phone").await;
    assert_eq!(bob.unread().await.unread.len(), 1);
    let page = bob.pull("alice", None).await;
    assert_eq!(Client::texts(&page).len(), 3);
    let last = bob.pull("alice", page.next_key).await;
    assert_eq!(last.is_last, Some(true));
    drop(bob);
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "phone").await;
    assert!(
        bob.unread().await.unread.is_empty(),
        "acknowledged entries are gone from the queue"
    );
}

#[tokio::test]
async fn frames_before_provision_are_answered_then_closed() {
    let server = TestServer::start().await;
    let mut socket = Client::open(&server).await;
    let bytes = frame(Command::Unread, &pb::CommUnreadUl::default(), None, None);
    socket.send(Message::Binary(bytes.into())).await.expect("send");
    let mut client = Client {
        socket,
        user: String::new(),
        next_meta_id: 1,
    };
    let reply = client.expect(Command::Provision).await;
    let provision = pb::Provision::decode(reply.payload.as_deref().unwrap_or_default()).expect("provision");
    assert_eq!(status_code(&provision.status), Some(2));
    assert!(client.next().await.is_none());
    // Garbage as the first frame: closed.
    let mut socket = Client::open(&server).await;
    socket
        .send(Message::Binary(vec![0xff; 7].into()))
        .await
        .expect("send");
    let mut client = Client {
        socket,
        user: String::new(),
        next_meta_id: 1,
    };
    assert!(client.next().await.is_none());
}

#[tokio::test]
async fn garbage_truncated_and_oversized_frames_get_a_status_or_a_close_never_a_crash() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice", "bob"]).await;
    let (mut alice, _) = Client::login(&server, "alice", &tokens[0], "web").await;
    alice.unread().await;
    // Garbage after login: a status, and the connection lives on.
    alice
        .socket
        .send(Message::Binary(vec![0x0a, 0xff, 0xff, 0xff].into()))
        .await
        .expect("send");
    let reply = alice.sync_reply().await;
    assert_eq!(
        status_code(&reply.status),
        Some(pb::status::ErrorCode::PbParserError as i32)
    );
    assert_eq!(status_code(&alice.unread().await.status), Some(0));
    // Every truncation of a valid message frame: a reply or nothing, and the connection still answers.
    let body = pb::MessageBody {
        r#type: Some(pb::message_body::Type::Chat as i32),
        contents: vec![pb::message_body::Content {
            text: Some("x".repeat(40)),
            ..Default::default()
        }],
        ..pb::MessageBody::default()
    };
    let upload = pb::CommSyncUl {
        meta: Some(pb::Meta {
            id: Some(99),
            to: Some(jid::user("acme#chat", "bob", None)),
            ns: Some(NameSpace::Chat as i32),
            payload: Some(body.encode_to_vec()),
            ..pb::Meta::default()
        }),
        ..pb::CommSyncUl::default()
    };
    let whole = frame(Command::Sync, &upload, None, None);
    for cut in 1..whole.len() {
        alice
            .socket
            .send(Message::Binary(whole[..cut].to_vec().into()))
            .await
            .expect("send");
    }
    assert_eq!(
        status_code(&alice.unread_after_noise().await.status),
        Some(0),
        "still serving after truncations"
    );
    // Oversized: the connection is closed, and the server serves new ones.
    let huge = vec![0u8; 1024 * 1024];
    let _ = alice.socket.send(Message::Binary(huge.into())).await;
    // Replies already in flight may still arrive; then the close.
    while let Some(Ok(Message::Binary(_))) = tokio::time::timeout(WAIT, alice.socket.next())
        .await
        .expect("closed in time")
    {}
    let (mut again, reply) = Client::login(&server, "alice", &tokens[0], "web").await;
    assert_eq!(status_code(&reply.status), Some(0));
    assert_eq!(status_code(&again.unread().await.status), Some(0));
}

#[tokio::test]
async fn sensitive_words_refuse_or_replace_over_msync() {
    use natter_store::SensitiveWord;
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice", "bob"]).await;
    let store = &server.state.store;
    store
        .put_sensitive_word(
            server.app.id,
            SensitiveWord {
                word: "forbidden".into(),
                replacement: None,
            },
            50,
        )
        .await
        .expect("word");
    store
        .put_sensitive_word(
            server.app.id,
            SensitiveWord {
                word: "darn".into(),
                replacement: Some("***".into()),
            },
            50,
        )
        .await
        .expect("word");
    let (mut alice, _) = Client::login(&server, "alice", &tokens[0], "web").await;
    alice.unread().await;
    let refused = alice.text("bob", "a forbidden thing").await;
    let status = refused.status.expect("status");
    // PERMISSION_DENIED + "sensitive words": the Web SDK reports 501 (ERRORS.md §1.4).
    assert_eq!(status.error_code, Some(7));
    assert_eq!(status.reason.as_deref(), Some("sensitive words"));
    assert_eq!(refused.server_id, None);
    let replaced = alice.text("bob", "oh darn it").await;
    assert_eq!(status_code(&replaced.status), Some(0));
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "web").await;
    bob.unread().await;
    let page = bob.pull("alice", None).await;
    assert_eq!(
        Client::texts(&page),
        vec!["oh *** it"],
        "only the replaced message was sent"
    );
}

/// A MessageBody of `kind` to a conference JID (`to_group`) or a user.
fn meta(id: u64, to: pb::Jid, body: &pb::MessageBody) -> pb::CommSyncUl {
    pb::CommSyncUl {
        meta: Some(pb::Meta {
            id: Some(id),
            to: Some(to),
            ns: Some(NameSpace::Chat as i32),
            payload: Some(body.encode_to_vec()),
            ..pb::Meta::default()
        }),
        ..pb::CommSyncUl::default()
    }
}

fn text_body(kind: pb::message_body::Type, text: &str) -> pb::MessageBody {
    pb::MessageBody {
        r#type: Some(kind as i32),
        contents: vec![pb::message_body::Content {
            r#type: Some(pb::message_body::content::Type::Text as i32),
            text: Some(text.to_owned()),
            ..pb::message_body::Content::default()
        }],
        ..pb::MessageBody::default()
    }
}

#[tokio::test]
async fn logins_over_the_device_limit_are_refused_with_too_many_devices() {
    let config = natter_server::ServerConfig {
        msync: natter_server::msync::MsyncConfig {
            max_devices: 2,
            ..natter_server::msync::MsyncConfig::default()
        },
        ..natter_server::ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let tokens = users(&server, &["alice"]).await;
    let (_first, reply) = Client::login(&server, "alice", &tokens[0], "one").await;
    assert_eq!(status_code(&reply.status), Some(0));
    let (_second, reply) = Client::login(&server, "alice", &tokens[0], "two").await;
    assert_eq!(status_code(&reply.status), Some(0));
    let (mut third, reply) = Client::login(&server, "alice", &tokens[0], "three").await;
    // TOO_MANY_DEVICES: the Web SDK reports 214 USER_LOGIN_TOO_MANY_DEVICES (ERRORS.md §1.1).
    assert_eq!(
        status_code(&reply.status),
        Some(pb::status::ErrorCode::TooManyDevices as i32)
    );
    assert!(third.next().await.is_none(), "closed after the refusal");
    // The same resource again is a reconnect, not a new device.
    let (_again, reply) = Client::login(&server, "alice", &tokens[0], "two").await;
    assert_eq!(status_code(&reply.status), Some(0));
}

#[tokio::test]
async fn group_messages_over_the_group_rate_get_traffic_limit() {
    let config = natter_server::ServerConfig {
        messages: natter_server::messaging::MessagingConfig {
            group_messages_per_sec: 2,
            ..natter_server::messaging::MessagingConfig::default()
        },
        ..natter_server::ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let tokens = users(&server, &["alice", "bob"]).await;
    let admin = app_token(&server).await;
    let created = crate::users::ok_json(
        crate::users::call(
            &server,
            reqwest::Method::POST,
            "/acme/chat/chatgroups",
            Some(&admin),
            Some(
                serde_json::json!({"groupname": "g", "desc": "d", "public": true, "maxusers": 10,
                                    "owner": "alice", "members": ["bob"]}),
            ),
        )
        .await,
    )
    .await;
    let group = created["data"]["groupid"].as_str().expect("groupid").to_owned();
    let (mut alice, _) = Client::login(&server, "alice", &tokens[0], "web").await;
    alice.unread().await;
    let mut statuses = Vec::new();
    for id in 1..=3u64 {
        let body = text_body(pb::message_body::Type::Groupchat, "burst");
        alice
            .send(
                Command::Sync,
                &meta(id, jid::conference("acme#chat", &group), &body),
            )
            .await;
        let ack = alice.sync_reply().await;
        let status = ack.status.expect("status");
        statuses.push((status.error_code, status.reason.unwrap_or_default()));
    }
    assert_eq!(statuses[0].0, Some(0));
    assert_eq!(statuses[1].0, Some(0));
    // PERMISSION_DENIED + "traffic limit": the Web SDK reports 509 (ERRORS.md §1.4).
    assert_eq!(statuses[2], (Some(7), "traffic limit".to_owned()));
    // Bob's queue holds the two accepted messages, and his UNREAD lists the group.
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "web").await;
    let unread = bob.unread().await;
    assert_eq!(unread.unread.len(), 1, "{unread:?}");
    assert_eq!(
        unread.unread[0].queue.as_ref().map(jid::name),
        Some(group.as_str())
    );
    assert_eq!(unread.unread[0].n, Some(2));
}

#[tokio::test]
async fn an_edit_replaces_the_body_and_reaches_the_recipient() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice", "bob"]).await;
    let (mut alice, _) = Client::login(&server, "alice", &tokens[0], "web").await;
    alice.unread().await;
    let sent = alice.text("bob", "first draft").await;
    let original = sent.server_id.expect("server id");
    let mut edit = text_body(pb::message_body::Type::Edit, "final text");
    edit.edit_message_id = Some(original);
    alice
        .send(
            Command::Sync,
            &meta(50, jid::user("acme#chat", "bob", None), &edit),
        )
        .await;
    let ack = alice.sync_reply().await;
    assert_eq!(status_code(&ack.status), Some(0));
    let stored = server
        .state
        .store
        .message(server.app.id, original)
        .await
        .expect("read")
        .expect("message");
    let body = pb::MessageBody::decode(stored.body.as_slice()).expect("body");
    assert_eq!(body.contents[0].text.as_deref(), Some("final text"));
    assert_eq!(stored.edit_count, 1);
    // Someone else's message cannot be edited.
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "web").await;
    bob.unread().await;
    let mut theft = text_body(pb::message_body::Type::Edit, "not mine");
    theft.edit_message_id = Some(original);
    bob.send(
        Command::Sync,
        &meta(51, jid::user("acme#chat", "alice", None), &theft),
    )
    .await;
    let refused = bob.sync_reply().await;
    let status = refused.status.expect("status");
    assert_eq!(
        (status.error_code, status.reason.as_deref()),
        (Some(1), Some("Sorry, You do not have permission"))
    );
    // An unknown message: 1302.
    let mut missing = text_body(pb::message_body::Type::Edit, "x");
    missing.edit_message_id = Some(12345);
    alice
        .send(
            Command::Sync,
            &meta(52, jid::user("acme#chat", "bob", None), &missing),
        )
        .await;
    let refused = alice.sync_reply().await;
    assert_eq!(
        refused.status.and_then(|status| status.reason).as_deref(),
        Some("Sorry, message does not exist")
    );
    // Bob's queue has the message (now edited) and the edit signal.
    let page = bob.pull("alice", None).await;
    let kinds: Vec<Option<i32>> = page
        .metas
        .iter()
        .map(|meta| {
            pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default())
                .expect("body")
                .r#type
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            Some(pb::message_body::Type::Chat as i32),
            Some(pb::message_body::Type::Edit as i32)
        ]
    );
}

#[tokio::test]
async fn single_device_without_kicks_keeps_the_first_device_and_refuses_changed_devices() {
    let config = natter_server::ServerConfig {
        msync: natter_server::msync::MsyncConfig {
            multi_device: false,
            kick_other_devices: false,
            ..natter_server::msync::MsyncConfig::default()
        },
        ..natter_server::ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let tokens = users(&server, &["alice"]).await;
    let login = |resource: &'static str, device: &'static str, manual: bool| {
        let server = &server;
        let token = tokens[0].clone();
        async move {
            let mut socket = Client::open(server).await;
            let provision = pb::Provision {
                resource: Some(resource.to_owned()),
                device_uuid: Some(device.to_owned()),
                is_manual_login: Some(manual),
                ..pb::Provision::default()
            };
            let guid = jid::user("acme#chat", "alice", Some(resource));
            let bytes = frame(
                Command::Provision,
                &provision,
                Some(guid),
                Some(format!("$t${token}")),
            );
            socket.send(Message::Binary(bytes.into())).await.expect("send");
            let mut client = Client {
                socket,
                user: "alice".into(),
                next_meta_id: 1,
            };
            let reply = client.expect(Command::Provision).await;
            let reply =
                pb::Provision::decode(reply.payload.as_deref().unwrap_or_default()).expect("provision");
            (client, status_code(&reply.status))
        }
    };
    let (mut first, code) = login("a", "device-a", true).await;
    assert_eq!(code, Some(0));
    // A second device while the first is online: BIND_ANOTHER_DEVICE (native SDK 213).
    let (_, code) = login("b", "device-b", true).await;
    assert_eq!(code, Some(pb::status::ErrorCode::BindAnotherDevice as i32));
    first.logout().await;
    // Device B logs in by hand once A is gone, and becomes the user's device…
    let (mut b, code) = login("b", "device-b", true).await;
    assert_eq!(code, Some(0));
    b.logout().await;
    // …so A's automatic re-login is a device change: RESOURCE_CHANGED (20, SDK 220).
    let (_, code) = login("a", "device-a", false).await;
    assert_eq!(code, Some(20));
}

/// The next NOTICE's queue name, skipping other frames.
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

#[tokio::test]
async fn rest_messages_from_admin_reach_the_device_through_the_admin_queue() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["bob"]).await;
    let admin = app_token(&server).await;
    let (mut bob, _) = Client::login(&server, "bob", &tokens[0], "web").await;
    bob.unread().await;
    let reply = crate::users::ok_json(
        crate::users::call(
            &server,
            reqwest::Method::POST,
            "/acme/chat/messages/users",
            Some(&admin),
            Some(serde_json::json!({"to": ["bob"], "type": "txt", "body": {"msg": "from the server"}})),
        )
        .await,
    )
    .await;
    let id: u64 = reply["data"]["bob"]
        .as_str()
        .expect("message id")
        .parse()
        .expect("decimal");
    assert_eq!(next_notice(&mut bob).await, "admin");
    let page = bob.pull("admin", None).await;
    assert_eq!(Client::texts(&page), vec!["from the server"]);
    assert_eq!(page.metas[0].id, Some(id));
}

#[tokio::test]
async fn broadcasts_are_off_by_default_and_reach_everyone_when_enabled() {
    let body =
        serde_json::json!({"target_type": "users", "from": "news", "msg": {"type": "txt", "msg": "to all"}});
    let off = TestServer::start().await;
    let admin = app_token(&off).await;
    let refused = crate::users::call(
        &off,
        reqwest::Method::POST,
        "/acme/chat/messages/broadcast",
        Some(&admin),
        Some(body.clone()),
    )
    .await;
    crate::easemob_error(
        refused,
        403,
        "forbidden_op",
        "message broadcast service is unopened",
    )
    .await;

    let config = natter_server::ServerConfig {
        messages: natter_server::messaging::MessagingConfig {
            broadcast_enabled: true,
            ..natter_server::messaging::MessagingConfig::default()
        },
        ..natter_server::ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    // Ben registers before Amy: the fan-out goes in registration order, so once Amy has hers, Ben's is in.
    let tokens = users(&server, &["news", "ben", "amy"]).await;
    let admin = app_token(&server).await;
    let (mut amy, _) = Client::login(&server, "amy", &tokens[2], "web").await;
    amy.unread().await;
    let missing = serde_json::json!({"msg": {"type": "txt", "msg": "x"}});
    let refused = crate::users::call(
        &server,
        reqwest::Method::POST,
        "/acme/chat/messages/broadcast",
        Some(&admin),
        Some(missing),
    )
    .await;
    crate::easemob_error(refused, 400, "illegal_argument", "target_type must be provided").await;
    let reply = crate::users::ok_json(
        crate::users::call(
            &server,
            reqwest::Method::POST,
            "/acme/chat/messages/broadcast",
            Some(&admin),
            Some(body.clone()),
        )
        .await,
    )
    .await;
    assert!(reply["data"]["id"].is_u64(), "{reply}");
    // Amy is online: the broadcast arrives like any message from `news`.
    assert_eq!(next_notice(&mut amy).await, "news");
    assert_eq!(Client::texts(&amy.pull("news", None).await), vec!["to all"]);
    // Ben is offline: it waits in his queue.
    let (mut ben, _) = Client::login(&server, "ben", &tokens[1], "web").await;
    let unread = ben.unread().await;
    assert_eq!(
        unread
            .unread
            .iter()
            .map(|queue| queue.queue.as_ref().map(jid::name))
            .collect::<Vec<_>>(),
        vec![Some("news")]
    );
    // One broadcast to all users per 30 minutes.
    let again = crate::users::call(
        &server,
        reqwest::Method::POST,
        "/acme/chat/messages/broadcast",
        Some(&admin),
        Some(body),
    )
    .await;
    crate::easemob_error(again, 429, "", "This request has reached api limit").await;
}

#[tokio::test]
async fn a_device_that_is_not_a_member_pulls_nothing_from_a_group_queue() {
    let server = TestServer::start().await;
    let tokens = users(&server, &["alice", "bob", "mallory"]).await;
    let admin = app_token(&server).await;
    let created = crate::users::ok_json(
        crate::users::call(
            &server,
            reqwest::Method::POST,
            "/acme/chat/chatgroups",
            Some(&admin),
            Some(
                serde_json::json!({"groupname": "g", "desc": "d", "public": true, "maxusers": 10,
                                    "owner": "alice", "members": ["bob"]}),
            ),
        )
        .await,
    )
    .await;
    let group = created["data"]["groupid"].as_str().expect("groupid").to_owned();
    let (mut mallory, _) = Client::login(&server, "mallory", &tokens[2], "web").await;
    mallory.unread().await;
    let (mut bob, _) = Client::login(&server, "bob", &tokens[1], "web").await;
    bob.unread().await;
    let (mut alice, _) = Client::login(&server, "alice", &tokens[0], "web").await;
    alice.unread().await;
    let body = text_body(pb::message_body::Type::Groupchat, "members only");
    alice
        .send(
            Command::Sync,
            &meta(1, jid::conference("acme#chat", &group), &body),
        )
        .await;
    assert_eq!(status_code(&alice.sync_reply().await.status), Some(0));

    let pull = |queue: pb::Jid| pb::CommSyncUl {
        queue: Some(queue),
        ..pb::CommSyncUl::default()
    };
    // The member's device reads it; the outsider who names the group's queue reads an empty, last page.
    bob.send(Command::Sync, &pull(jid::conference("acme#chat", &group)))
        .await;
    assert_eq!(Client::texts(&bob.sync_reply().await), vec!["members only"]);
    mallory
        .send(Command::Sync, &pull(jid::conference("acme#chat", &group)))
        .await;
    let page = mallory.sync_reply().await;
    assert!(page.metas.is_empty(), "{page:?}");
    assert_eq!(page.is_last, Some(true));
}
