//! Message reactions (users-messages §8): add, list by message ids, detail with paging, remove, their
//! `{"requestStatusCode":"ok"}` replies and every documented error row.

use super::{Fixture, ok};
use crate::easemob_error;
use natter_server::ServerConfig;
use reqwest::{Method, Response};
use serde_json::{Value, json};

/// A reactions reply: `requestStatusCode` ok, a timestamp, and `data` (or `Null`).
async fn done(response: Response) -> Value {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["requestStatusCode"], "ok", "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|ms| ms > 1_600_000_000_000),
        "{body}"
    );
    body["data"].clone()
}

async fn react(fx: &Fixture, user: &str, msg_id: &str, reaction: &str) -> Response {
    fx.as_user(
        user,
        Method::POST,
        &format!("/reaction/user/{user}"),
        Some(json!({"msgId": msg_id, "message": reaction})),
    )
    .await
}

#[tokio::test]
async fn reactions_are_added_listed_paged_and_removed() {
    let fx = Fixture::new().await;
    let chat = fx.text("alice", "bob", "hi").await;
    let data = done(react(&fx, "bob", &chat, "emoji_40").await).await;
    assert_eq!(data["msgId"], chat.as_str());
    assert_eq!(data["msgType"], "chat");
    assert_eq!(data["groupId"], Value::Null);
    assert_eq!(data["reaction"], "emoji_40");
    assert!(data["id"].is_string());
    let created = data["createdAt"].as_str().expect("an instant");
    assert!(
        created.ends_with('Z') && created.len() == 24 && &created[10..11] == "T",
        "{created}"
    );
    done(react(&fx, "alice", &chat, "emoji_40").await).await;
    done(react(&fx, "alice", &chat, "heart").await).await;

    let group = fx.group("alice", &["bob", "carol", "dave"]).await;
    let in_group = fx.group_text("carol", &group, "hello").await;
    let data = done(react(&fx, "dave", &in_group, "like").await).await;
    assert_eq!(data["msgType"], "groupchat");
    assert_eq!(data["groupId"], group.as_str());
    for user in ["alice", "bob", "carol"] {
        done(react(&fx, user, &in_group, "like").await).await;
    }

    // The list names every id asked, in order, with the first 3 users and the asker's state.
    let path = format!("/reaction/user/bob?msgIdList={chat},12345&msgType=chat&groupId=null");
    let data = done(fx.as_user("bob", Method::GET, &path, None).await).await;
    assert_eq!(data.as_array().map(Vec::len), Some(2));
    assert_eq!(data[0]["msgId"], chat.as_str());
    let list = data[0]["reactionList"].as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["reaction"], "emoji_40");
    assert_eq!(list[0]["count"], 2);
    assert_eq!(list[0]["state"], true);
    assert_eq!(list[0]["userList"], json!(["bob", "alice"]));
    assert!(list[0]["reactionId"].is_string());
    assert_eq!(list[1]["state"], false);
    assert_eq!(data[1], json!({"msgId": "12345", "reactionList": []}));
    let path = format!("/reaction/user/carol?msgIdList={in_group}&msgType=groupchat&groupId={group}");
    let data = done(fx.as_user("carol", Method::GET, &path, None).await).await;
    let like = &data[0]["reactionList"][0];
    assert_eq!(like["count"], 4);
    assert_eq!(
        like["userList"],
        json!(["dave", "alice", "bob"]),
        "the first 3 only"
    );
    // Asked as another group's message, it has none.
    let path = format!("/reaction/user/carol?msgIdList={in_group}&msgType=groupchat&groupId=1");
    let data = done(fx.as_user("carol", Method::GET, &path, None).await).await;
    assert_eq!(data[0]["reactionList"], json!([]));

    // Detail pages follow the add order; the last page has no cursor. The SDK's parameter names work too.
    let base = format!("/reaction/user/dave/detail?msgId={in_group}&message=like");
    let data = done(
        fx.as_user("dave", Method::GET, &format!("{base}&limit=3"), None)
            .await,
    )
    .await;
    assert_eq!(data["userList"], json!(["dave", "alice", "bob"]));
    assert_eq!(
        (data["count"].clone(), data["state"].clone()),
        (json!(4), json!(true))
    );
    let cursor = data["cursor"].as_str().expect("a cursor").to_string();
    let data = done(
        fx.as_user(
            "dave",
            Method::GET,
            &format!("{base}&pageSize=3&currentPage={cursor}"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(data["userList"], json!(["carol"]));
    assert!(data.get("cursor").is_none(), "{data}");
    let data = done(fx.as_user("dave", Method::GET, &base, None).await).await;
    assert_eq!(
        data["userList"].as_array().map(Vec::len),
        Some(4),
        "50 by default"
    );
    let data = done(
        fx.app(
            Method::GET,
            &format!("/reaction/user/dave/detail?msgId={in_group}&message=none"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (data["count"].clone(), data["userList"].clone()),
        (json!(0), json!([]))
    );

    // Remove: the reaction goes when its last user removes it.
    let path = format!("/reaction/user/alice?msgId={chat}&message=heart");
    assert_eq!(
        done(fx.as_user("alice", Method::DELETE, &path, None).await).await,
        Value::Null
    );
    let path = format!("/reaction/user/alice?msgIdList={chat}&msgType=chat");
    let data = done(fx.as_user("alice", Method::GET, &path, None).await).await;
    assert_eq!(data[0]["reactionList"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn reaction_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let chat = fx.text("alice", "bob", "hi").await;
    let bad = |description: &'static str| (400u16, "Bad Request", description);
    // 20 distinct reactions, then the limit.
    for index in 0..20 {
        done(react(&fx, "alice", &chat, &format!("r{index}")).await).await;
    }
    let (status, error, description) = bad("The quantity has exceeded the limit!");
    easemob_error(react(&fx, "bob", &chat, "r20").await, status, error, description).await;
    // An existing reaction is not a new distinct one.
    done(react(&fx, "bob", &chat, "r0").await).await;
    let (status, error, description) = bad("the user is already operation this message");
    easemob_error(react(&fx, "bob", &chat, "r0").await, status, error, description).await;
    // Not a party, no such message, a chat-room message.
    let (status, error, description) = bad("the user operation is illegal!");
    easemob_error(react(&fx, "carol", &chat, "x").await, status, error, description).await;
    easemob_error(
        react(&fx, "carol", "12345", "x").await,
        status,
        error,
        description,
    )
    .await;
    easemob_error(
        react(&fx, "carol", "not-a-number", "x").await,
        status,
        error,
        description,
    )
    .await;
    let room = fx.room("alice", &["bob"]).await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/chatrooms",
            Some(json!({"from": "alice", "to": [room], "type": "txt", "body": {"msg": "r"}})),
        )
        .await)
    .await;
    let in_room = reply["data"][&room].as_str().expect("id").to_string();
    easemob_error(react(&fx, "bob", &in_room, "x").await, status, error, description).await;
    // Removing a reaction the user never added.
    let response = fx
        .as_user(
            "carol",
            Method::DELETE,
            &format!("/reaction/user/carol?msgId={chat}&message=r0"),
            None,
        )
        .await;
    easemob_error(response, status, error, description).await;
    // List limits.
    let many: Vec<String> = (0..21).map(|index| index.to_string()).collect();
    let path = format!("/reaction/user/alice?msgIdList={}&msgType=chat", many.join(","));
    let (status, error, description) = bad("msgIdList exceeds the maximum number limit");
    easemob_error(
        fx.as_user("alice", Method::GET, &path, None).await,
        status,
        error,
        description,
    )
    .await;
    let (status, error, description) = bad("groupId can not be null!");
    for path in [
        format!("/reaction/user/alice?msgIdList={chat}&msgType=groupchat"),
        format!("/reaction/user/alice?msgIdList={chat}&msgType=groupchat&groupId=null"),
    ] {
        easemob_error(
            fx.as_user("alice", Method::GET, &path, None).await,
            status,
            error,
            description,
        )
        .await;
    }
    let (status, error, description) = bad("Limit exceeds the maximum quantity limit");
    for limit in ["0", "51", "many"] {
        let path = format!("/reaction/user/alice/detail?msgId={chat}&message=r0&limit={limit}");
        easemob_error(
            fx.as_user("alice", Method::GET, &path, None).await,
            status,
            error,
            description,
        )
        .await;
    }
    // Another user's token.
    let response = fx
        .as_user(
            "bob",
            Method::POST,
            "/reaction/user/alice",
            Some(json!({"msgId": chat, "message": "z"})),
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
async fn switched_off_reactions_answer_not_open() {
    let mut config = ServerConfig::default();
    config.services.reactions = false;
    let fx = Fixture::with(config).await;
    let chat = fx.text("alice", "bob", "hi").await;
    let calls = [
        (
            Method::POST,
            "/reaction/user/alice".to_string(),
            Some(json!({"msgId": chat, "message": "x"})),
        ),
        (
            Method::GET,
            format!("/reaction/user/alice?msgIdList={chat}&msgType=chat"),
            None,
        ),
        (
            Method::DELETE,
            format!("/reaction/user/alice?msgId={chat}&message=x"),
            None,
        ),
        (
            Method::GET,
            format!("/reaction/user/alice/detail?msgId={chat}&message=x"),
            None,
        ),
    ];
    for (method, path, body) in calls {
        let response = fx.app(method, &path, body).await;
        easemob_error(
            response,
            400,
            "Bad Request",
            "this appKey is not open reaction service!",
        )
        .await;
    }
}
