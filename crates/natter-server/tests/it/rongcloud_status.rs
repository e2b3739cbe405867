//! The RongCloud door's status messages (`/statusmessage/{private,group}/publish.json`) and discussion
//! messages (`/message/discussion/publish.json`) over real HTTP with signed requests. Status messages are
//! watched arrive on raw msync devices that are online, and checked absent from the store, the unread list
//! and the queues of a device that connects later; every refusal is the exact seed-000 body.

use crate::TestServer;
use crate::msync::Client;
use crate::rongcloud::{post, rongcloud_error, success};
use crate::users::{app_token, register, user_token};
use natter_msync::jid;
use natter_msync::pb::{self, m_sync::Command, meta::NameSpace};
use natter_store::{ChatType, Direction, MessageKind};
use prost::Message as _;
use serde_json::{Value, json};

/// The queue online-only messages are announced and pulled under.
const ONLINE: &str = "natter#online";

/// A server whose app holds `names`, each with password `pw`; returns their user tokens too.
async fn server_with_users(names: &[&str]) -> (TestServer, Vec<String>) {
    let server = TestServer::start().await;
    let admin = app_token(&server).await;
    let pairs: Vec<(&str, &str)> = names.iter().map(|name| (*name, "pw")).collect();
    register(&server, &admin, &pairs).await;
    let mut tokens = Vec::new();
    for name in names {
        tokens.push(user_token(&server, name, "pw").await);
    }
    (server, tokens)
}

/// A device of `user`, logged in and past its first UNREAD.
async fn online(server: &TestServer, user: &str, token: &str) -> Client {
    let (mut client, _) = Client::login(server, user, token, &format!("web_{user}")).await;
    client.unread().await;
    client
}

/// `content` as rc-server-sdk sends it: percent-encoded JSON.
fn content(value: &Value) -> String {
    value
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
    content(&json!({"content": message, "extra": ""}))
}

/// Asserts the status endpoints' reply: `{"code":200,"requestId":…}` and nothing else.
async fn plain_success(response: reqwest::Response) {
    let body = success(response).await;
    let mut keys: Vec<&str> = body
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "requestId"], "{body}");
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

/// Waits for the online-only NOTICE, pulls the queue, acknowledges it, and returns what it held.
async fn pull_online(client: &mut Client) -> Vec<pb::Meta> {
    assert_eq!(next_notice(client).await, ONLINE);
    let page = client.pull(ONLINE, None).await;
    assert_eq!(page.queue.as_ref().map(jid::name), Some(ONLINE));
    assert!(!page.metas.is_empty(), "{page:?}");
    assert_ne!(page.is_last, Some(true), "metas and is_last never come together");
    let last = client.pull(ONLINE, page.next_key).await;
    assert!(last.metas.is_empty(), "acknowledged: {last:?}");
    assert_eq!(last.is_last, Some(true));
    page.metas
}

fn body_of(meta: &pb::Meta) -> pb::MessageBody {
    pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default()).expect("a MessageBody")
}

fn text_of(meta: &pb::Meta) -> String {
    body_of(meta).contents[0].text.clone().unwrap_or_default()
}

/// Whether the body carries `ext."rc:statusMessage": true`.
fn is_marked_status(body: &pb::MessageBody) -> bool {
    body.ext.iter().any(|entry| {
        entry.key.as_deref() == Some("rc:statusMessage")
            && entry.value == Some(pb::key_value::Value::VarintValue(1))
    })
}

async fn stored_count(server: &TestServer, conversation: &str) -> usize {
    server
        .state
        .store
        .history(server.app.id, conversation, None, Direction::Older, 100)
        .await
        .expect("history")
        .len()
}

async fn private_status(server: &TestServer, params: &str) -> reqwest::Response {
    post(server, "/statusmessage/private/publish.json", params).await
}

async fn group_status(server: &TestServer, params: &str) -> reqwest::Response {
    post(server, "/statusmessage/group/publish.json", params).await
}

/// The Easemob id of the group the RongCloud door made as `rongcloud_id`.
async fn group_id(server: &TestServer, rongcloud_id: &str) -> u64 {
    server
        .state
        .store
        .rongcloud_group(server.app.id, rongcloud_id)
        .await
        .expect("read")
        .expect("the group exists")
        .get()
}

#[tokio::test]
async fn a_private_status_reaches_online_devices_only_and_is_never_stored() {
    let (server, tokens) = server_with_users(&["alice", "bob", "carol"]).await;
    let mut alice = online(&server, "alice", &tokens[0]).await;
    let mut bob = online(&server, "bob", &tokens[1]).await;
    // Carol is offline.
    plain_success(
        private_status(
            &server,
            &format!(
                "fromUserId=alice&toUserId=bob&toUserId=carol&objectName=RC:TxtMsg&content={}",
                text("typing")
            ),
        )
        .await,
    )
    .await;
    let metas = pull_online(&mut bob).await;
    assert_eq!(metas.len(), 1);
    let meta = &metas[0];
    assert_eq!(meta.ns, Some(NameSpace::Chat as i32));
    assert_eq!(meta.from.as_ref().map(jid::name), Some("alice"));
    assert_eq!(meta.to.as_ref().map(jid::name), Some("bob"));
    assert_eq!(text_of(meta), "typing");
    let body = body_of(meta);
    assert_eq!(body.r#type, Some(pb::message_body::Type::Chat as i32));
    assert!(is_marked_status(&body), "{body:?}");
    let id = meta.id.expect("an id");
    assert!(
        server
            .state
            .store
            .message(server.app.id, id)
            .await
            .expect("read")
            .is_none(),
        "a status message is not stored"
    );
    assert_eq!(
        stored_count(&server, &natter_store::chat_conversation("alice", "bob")).await,
        0
    );

    // The sender's own device got nothing: with isIncludeSender=1 the next status reaches it, alone.
    plain_success(
        private_status(
            &server,
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}&isIncludeSender=1",
                text("stopped typing")
            ),
        )
        .await,
    )
    .await;
    let own: Vec<String> = pull_online(&mut alice).await.iter().map(text_of).collect();
    assert_eq!(own, ["stopped typing"]);
    let to_bob: Vec<String> = pull_online(&mut bob).await.iter().map(text_of).collect();
    assert_eq!(to_bob, ["stopped typing"]);

    // Carol connects later: nothing waits for her, not in the unread list and not in any queue.
    let (mut carol, _) = Client::login(&server, "carol", &tokens[2], "web_carol").await;
    assert!(carol.unread().await.unread.is_empty());
    let page = carol.pull(ONLINE, None).await;
    assert!(page.metas.is_empty());
    assert_eq!(page.is_last, Some(true));
    let page = carol.pull("alice", None).await;
    assert!(page.metas.is_empty(), "{page:?}");
    assert_eq!(
        stored_count(&server, &natter_store::chat_conversation("alice", "carol")).await,
        0
    );
}

#[tokio::test]
async fn a_private_status_honours_the_blacklist_when_asked() {
    let (server, tokens) = server_with_users(&["alice", "bob", "carol"]).await;
    let mut bob = online(&server, "bob", &tokens[1]).await;
    let mut carol = online(&server, "carol", &tokens[2]).await;
    success(
        post(
            &server,
            "/user/blacklist/add.json",
            "userId=bob&blackUserId=alice",
        )
        .await,
    )
    .await;
    let status = |to: &'static str, message: &'static str| {
        let server = &server;
        async move {
            private_status(
                server,
                &format!(
                    "fromUserId=alice{to}&objectName=RC:TxtMsg&content={}&verifyBlacklist=1",
                    text(message)
                ),
            )
            .await
        }
    };
    rongcloud_error(status("&toUserId=bob", "one").await, 403, 2011, "用户被拉黑").await;
    plain_success(status("&toUserId=bob&toUserId=carol", "two").await).await;
    let to_carol: Vec<String> = pull_online(&mut carol).await.iter().map(text_of).collect();
    assert_eq!(to_carol, ["two"]);
    // Without verifyBlacklist the blacklist does not apply (as for /message/private/publish.json), and
    // Bob's queue holds only this one: "one" and "two" never reached him.
    plain_success(
        private_status(
            &server,
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("three")
            ),
        )
        .await,
    )
    .await;
    let to_bob: Vec<String> = pull_online(&mut bob).await.iter().map(text_of).collect();
    assert_eq!(to_bob, ["three"]);
}

#[tokio::test]
async fn a_group_status_reaches_the_online_members_but_the_sender() {
    let (server, tokens) = server_with_users(&["alice", "bob", "carol", "dave"]).await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=alice&userId=bob&userId=carol&userId=dave&groupId=team&groupName=Team",
        )
        .await,
    )
    .await;
    let team = group_id(&server, "team").await;
    let mut alice = online(&server, "alice", &tokens[0]).await;
    let mut bob = online(&server, "bob", &tokens[1]).await;
    let mut carol = online(&server, "carol", &tokens[2]).await;
    // Dave is offline; Carol blacklists Alice.
    success(
        post(
            &server,
            "/user/blacklist/add.json",
            "userId=carol&blackUserId=alice",
        )
        .await,
    )
    .await;
    plain_success(
        group_status(
            &server,
            &format!(
                "fromUserId=alice&toGroupId=team&objectName=App:Typing&content={}&verifyBlacklist=1",
                content(&json!({"typing": true}))
            ),
        )
        .await,
    )
    .await;
    let metas = pull_online(&mut bob).await;
    assert_eq!(metas.len(), 1);
    let meta = &metas[0];
    assert_eq!(meta.from.as_ref().map(jid::name), Some("alice"));
    let to = meta.to.as_ref().expect("to");
    assert!(jid::is_conference(to), "{to:?}");
    assert_eq!(jid::name(to), team.to_string());
    let body = body_of(meta);
    assert_eq!(body.r#type, Some(pb::message_body::Type::Groupchat as i32));
    assert_eq!(
        body.contents[0].r#type,
        Some(pb::message_body::content::Type::Custom as i32)
    );
    assert_eq!(body.contents[0].custom_event.as_deref(), Some("App:Typing"));
    assert!(is_marked_status(&body), "{body:?}");

    // Carol (who blacklisted the sender) and Alice (the sender) got nothing: the next status, without
    // verifyBlacklist and including the sender, is the only one their queues hold.
    plain_success(
        group_status(
            &server,
            &format!(
                "fromUserId=alice&toGroupId=team&objectName=RC:TxtMsg&content={}&isIncludeSender=1",
                text("left")
            ),
        )
        .await,
    )
    .await;
    for client in [&mut carol, &mut alice, &mut bob] {
        let texts: Vec<String> = pull_online(client).await.iter().map(text_of).collect();
        assert_eq!(texts, ["left"]);
    }
    assert_eq!(
        stored_count(&server, &natter_store::group_conversation(team)).await,
        0,
        "status messages are not stored"
    );
    let (mut dave, _) = Client::login(&server, "dave", &tokens[3], "web_dave").await;
    assert!(dave.unread().await.unread.is_empty());
    let page = dave.pull(ONLINE, None).await;
    assert!(page.metas.is_empty());
}

#[tokio::test]
async fn status_refusals_are_seed_000_rows() {
    let (server, _) = server_with_users(&["alice", "bob"]).await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=alice&userId=bob&groupId=team&groupName=T",
        )
        .await,
    )
    .await;
    let hi = text("hi");
    let private = "/statusmessage/private/publish.json";
    let group = "/statusmessage/group/publish.json";
    let many: String = (0..1001).map(|index| format!("&toUserId=u{index}")).collect();
    for (path, body) in [
        (private, format!("toUserId=bob&objectName=RC:TxtMsg&content={hi}")),
        (
            private,
            format!("fromUserId=alice&objectName=RC:TxtMsg&content={hi}"),
        ),
        (private, format!("fromUserId=alice&toUserId=bob&content={hi}")),
        (
            private,
            "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg".to_string(),
        ),
        (
            private,
            format!(
                "fromUserId=alice&toUserId=bob&objectName={}&content={hi}",
                "X".repeat(33)
            ),
        ),
        (
            private,
            "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content=not-json".to_string(),
        ),
        (
            private,
            format!("fromUserId=alice&objectName=RC:TxtMsg&content={hi}{many}"),
        ),
        (
            private,
            format!("fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={hi}&verifyBlacklist=maybe"),
        ),
        (
            private,
            format!("fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={hi}&isIncludeSender=maybe"),
        ),
        (
            group,
            format!("fromUserId=alice&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            group,
            format!(
                "fromUserId=alice&toGroupId=a&toGroupId=b&toGroupId=c&toGroupId=d&objectName=RC:TxtMsg&content={hi}"
            ),
        ),
        (
            group,
            format!("fromUserId=alice&toGroupId=bad id&objectName=RC:TxtMsg&content={hi}"),
        ),
        (group, format!("toGroupId=team&objectName=RC:TxtMsg&content={hi}")),
    ] {
        rongcloud_error(post(&server, path, &body).await, 400, 1001, "请求参数错误").await;
    }
    for (path, body) in [
        (
            private,
            format!("fromUserId=nobody&toUserId=bob&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            private,
            format!("fromUserId=alice&toUserId=bob&toUserId=ghost&objectName=RC:TxtMsg&content={hi}"),
        ),
        (
            group,
            format!("fromUserId=nobody&toGroupId=team&objectName=RC:TxtMsg&content={hi}"),
        ),
    ] {
        rongcloud_error(post(&server, path, &body).await, 404, 1003, "用户不存在").await;
    }
    rongcloud_error(
        group_status(
            &server,
            &format!("fromUserId=alice&toGroupId=team&toGroupId=nogroup&objectName=RC:TxtMsg&content={hi}"),
        )
        .await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    // Over the vendor's 128 KB, and within it but over the pipeline's stored-body limit (5 KB).
    for large in [text(&"a".repeat(128 * 1024)), text(&"a".repeat(6 * 1024))] {
        rongcloud_error(
            private_status(
                &server,
                &format!("fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={large}"),
            )
            .await,
            400,
            1022,
            "消息内容过长",
        )
        .await;
        rongcloud_error(
            group_status(
                &server,
                &format!("fromUserId=alice&toGroupId=team&objectName=RC:TxtMsg&content={large}"),
            )
            .await,
            400,
            1022,
            "消息内容过长",
        )
        .await;
    }
    success(post(&server, "/sensitiveword/add.json", "word=forbidden").await).await;
    for (path, target) in [(private, "toUserId=bob"), (group, "toGroupId=team")] {
        rongcloud_error(
            post(
                &server,
                path,
                &format!(
                    "fromUserId=alice&{target}&objectName=RC:TxtMsg&content={}",
                    text("a forbidden word")
                ),
            )
            .await,
            400,
            1023,
            "消息内容包含敏感词",
        )
        .await;
    }
    success(post(&server, "/user/block.json", "userId=alice&minute=10").await).await;
    for (path, target) in [(private, "toUserId=bob"), (group, "toGroupId=team")] {
        rongcloud_error(
            post(
                &server,
                path,
                &format!("fromUserId=alice&{target}&objectName=RC:TxtMsg&content={hi}"),
            )
            .await,
            403,
            1005,
            "用户被封禁",
        )
        .await;
    }
    // Status messages are POST only, as every endpoint of the door.
    for path in [private, group, "/message/discussion/publish.json"] {
        let get = server.http.get(server.url(path)).send().await.expect("request");
        rongcloud_error(get, 404, 1001, "请求参数错误").await;
    }
}

#[tokio::test]
async fn a_sensitive_word_with_a_replacement_is_replaced_in_a_status() {
    let (server, tokens) = server_with_users(&["alice", "bob"]).await;
    let mut bob = online(&server, "bob", &tokens[1]).await;
    success(post(&server, "/sensitiveword/add.json", "word=darn&replaceWord=***").await).await;
    plain_success(
        private_status(
            &server,
            &format!(
                "fromUserId=alice&toUserId=bob&objectName=RC:TxtMsg&content={}",
                text("darn it")
            ),
        )
        .await,
    )
    .await;
    let texts: Vec<String> = pull_online(&mut bob).await.iter().map(text_of).collect();
    assert_eq!(texts, ["*** it"]);
}

#[tokio::test]
async fn a_discussion_message_is_a_group_message_of_the_group_the_id_names() {
    let (server, tokens) = server_with_users(&["alice", "bob", "carol"]).await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=alice&userId=bob&groupId=talk&groupName=Talk",
        )
        .await,
    )
    .await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=carol&groupId=other&groupName=O",
        )
        .await,
    )
    .await;
    let talk = group_id(&server, "talk").await;
    let other = group_id(&server, "other").await;
    let mut bob = online(&server, "bob", &tokens[1]).await;
    // A `toGroupId` of the caller's is dropped: only the discussion gets the message.
    let body = success(
        post(
            &server,
            "/message/discussion/publish.json",
            &format!(
                "fromUserId=alice&toDiscussionId=talk&toGroupId=other&objectName=RC:TxtMsg&content={}&pushContent=push&isPersisted=1&isCounted=1&isIncludeSender=0",
                text("discuss")
            ),
        )
        .await,
    )
    .await;
    let entries = body["messageUIDs"].as_array().expect("messageUIDs");
    assert_eq!(entries.len(), 1, "{body}");
    assert_eq!(entries[0]["discussionId"], "talk", "{body}");
    assert!(entries[0].get("groupId").is_none(), "{body}");
    let id: u64 = entries[0]["messageUID"]
        .as_str()
        .expect("a string")
        .parse()
        .expect("a decimal id");
    let message = server
        .state
        .store
        .message(server.app.id, id)
        .await
        .expect("read")
        .expect("stored, as a group message is");
    assert_eq!(
        (
            message.chat_type,
            message.kind,
            message.from_user.as_str(),
            message.to.clone()
        ),
        (ChatType::Group, MessageKind::Message, "alice", talk.to_string())
    );
    assert_eq!(
        stored_count(&server, &natter_store::group_conversation(other)).await,
        0
    );
    // Delivered as a group message: Bob is noticed on the group's queue and pulls it.
    assert_eq!(next_notice(&mut bob).await, talk.to_string());
    let upload = pb::CommSyncUl {
        queue: Some(jid::conference("acme#chat", &talk.to_string())),
        ..pb::CommSyncUl::default()
    };
    bob.send(Command::Sync, &upload).await;
    let page = bob.sync_reply().await;
    assert_eq!(Client::texts(&page), ["discuss"]);
    assert_eq!(page.metas[0].id, Some(id));

    // Recalled as the group message it is (conversationType 3).
    success(
        post(
            &server,
            "/message/recall.json",
            &format!(
                "fromUserId=alice&conversationType=3&targetId=talk&messageUID={id}&sentTime=1700000000000"
            ),
        )
        .await,
    )
    .await;
    assert!(
        server
            .state
            .store
            .message(server.app.id, id)
            .await
            .expect("read")
            .expect("kept, marked")
            .recalled
    );
}

#[tokio::test]
async fn discussion_refusals_are_seed_000_rows() {
    let (server, _) = server_with_users(&["alice"]).await;
    success(
        post(
            &server,
            "/group/create.json",
            "userId=alice&groupId=talk&groupName=Talk",
        )
        .await,
    )
    .await;
    let hi = text("hi");
    let path = "/message/discussion/publish.json";
    for body in [
        format!("fromUserId=alice&objectName=RC:TxtMsg&content={hi}"),
        format!("fromUserId=alice&toGroupId=talk&objectName=RC:TxtMsg&content={hi}"),
        format!("fromUserId=alice&toDiscussionId=talk&toDiscussionId=more&objectName=RC:TxtMsg&content={hi}"),
        format!("toDiscussionId=talk&objectName=RC:TxtMsg&content={hi}"),
        format!("fromUserId=alice&toDiscussionId=talk&content={hi}"),
        format!("fromUserId=alice&toDiscussionId=bad id&objectName=RC:TxtMsg&content={hi}"),
    ] {
        rongcloud_error(post(&server, path, &body).await, 400, 1001, "请求参数错误").await;
    }
    rongcloud_error(
        post(
            &server,
            path,
            &format!("fromUserId=alice&toDiscussionId=nodiscussion&objectName=RC:TxtMsg&content={hi}"),
        )
        .await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    rongcloud_error(
        post(
            &server,
            path,
            &format!("fromUserId=nobody&toDiscussionId=talk&objectName=RC:TxtMsg&content={hi}"),
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
            path,
            &format!(
                "fromUserId=alice&toDiscussionId=talk&objectName=RC:TxtMsg&content={}",
                text(&"a".repeat(6 * 1024))
            ),
        )
        .await,
        400,
        1022,
        "消息内容过长",
    )
    .await;
    success(post(&server, "/sensitiveword/add.json", "word=forbidden").await).await;
    rongcloud_error(
        post(
            &server,
            path,
            &format!(
                "fromUserId=alice&toDiscussionId=talk&objectName=RC:TxtMsg&content={}",
                text("forbidden")
            ),
        )
        .await,
        400,
        1023,
        "消息内容包含敏感词",
    )
    .await;
    let talk = group_id(&server, "talk").await;
    assert_eq!(
        stored_count(&server, &natter_store::group_conversation(talk)).await,
        0
    );
}
