//! The SDK's conversation pins and marks (SDK-REST §2.3, §2.4): pin and unpin, the pinned list, marks on
//! and off, the marked list, the flags on every list item, and the refusals the SDK maps.

use super::{Fixture, ok};
use crate::easemob_error;
use reqwest::Method;
use serde_json::{Value, json};

fn infos(reply: &Value) -> Vec<Value> {
    reply["data"]["channel_infos"]
        .as_array()
        .expect("channel_infos")
        .clone()
}

fn peers(reply: &Value) -> Vec<String> {
    infos(reply)
        .iter()
        .map(|info| info["session_to"].as_str().expect("session_to").to_string())
        .collect()
}

#[tokio::test]
async fn pinned_conversations_list_first_pinned_last() {
    let fx = Fixture::new().await;
    fx.text("bob", "alice", "hi").await;
    let group = fx.group("carol", &["alice"]).await;
    fx.group_text("carol", &group, "hello").await;

    let reply = ok(fx
        .as_user(
            "alice",
            Method::POST,
            "/sdk/user/alice/user_channel/top?resource=web_1",
            Some(json!({"type": "chat", "to": "bob"})),
        )
        .await)
    .await;
    assert_eq!(reply["data"]["is_top"], true);
    let pinned_at = reply["data"]["update_top_status_time"].as_i64().expect("a time");
    ok(fx
        .as_user(
            "alice",
            Method::POST,
            "/sdk/user/alice/user_channel/top",
            Some(json!({"type": "groupChat", "to": group})),
        )
        .await)
    .await;
    // A conversation without messages may be pinned too.
    ok(fx
        .as_user(
            "alice",
            Method::POST,
            "/sdk/user/alice/user_channel/top",
            Some(json!({"type": "chat", "to": "dave"})),
        )
        .await)
    .await;

    // The full list carries the flags; the pinned list is most recently pinned first.
    let list = ok(fx
        .as_user(
            "alice",
            Method::GET,
            "/sdk/user/alice/user_channels/list?&limit=20&cursor=&need_mark=true",
            None,
        )
        .await)
    .await;
    let bob = infos(&list)
        .into_iter()
        .find(|info| info["session_to"] == "bob")
        .expect("bob's conversation");
    assert_eq!(bob["is_top"], true);
    assert_eq!(bob["update_top_status_time"], pinned_at);
    let pinned = ok(fx
        .as_user(
            "alice",
            Method::GET,
            "/sdk/user/alice/user_channels/list?&limit=2&cursor=&is_top=true&need_mark=true",
            None,
        )
        .await)
    .await;
    assert_eq!(peers(&pinned), ["dave", group.as_str()]);
    let dave = &infos(&pinned)[0];
    assert_eq!(dave["meta"], json!({}));
    assert_eq!(dave["unread_num"], 0);
    assert_eq!(dave["session_type"], "chat");
    assert_eq!(infos(&pinned)[1]["session_type"], "groupchat");
    let cursor = pinned["data"]["cursor"].as_str().expect("cursor").to_string();
    assert!(!cursor.is_empty());
    let rest = ok(fx
        .as_user(
            "alice",
            Method::GET,
            &format!("/sdk/user/alice/user_channels/list?&limit=2&cursor={cursor}&is_top=true"),
            None,
        )
        .await)
    .await;
    assert_eq!(peers(&rest), ["bob"]);
    assert_eq!(rest["data"]["cursor"], "");
    // Pins are the user's own.
    let bobs = ok(fx
        .as_user(
            "bob",
            Method::GET,
            "/sdk/user/bob/user_channels/list?&limit=10&is_top=true",
            None,
        )
        .await)
    .await;
    assert!(infos(&bobs).is_empty());

    // Unpinning.
    let reply = ok(fx
        .as_user(
            "alice",
            Method::DELETE,
            "/sdk/user/alice/user_channel/top?type=chat&to=bob&resource=r",
            None,
        )
        .await)
    .await;
    assert_eq!(reply["data"]["is_top"], false);
    let pinned = ok(fx
        .as_user(
            "alice",
            Method::GET,
            "/sdk/user/alice/user_channels/list?limit=10&is_top=true",
            None,
        )
        .await)
    .await;
    assert_eq!(peers(&pinned), ["dave", group.as_str()]);
    let response = fx
        .as_user(
            "alice",
            Method::POST,
            "/sdk/user/alice/user_channel/top",
            Some(json!({"type": "chatroom", "to": "1"})),
        )
        .await;
    easemob_error(response, 400, "illegal_argument", "type or to is illegal").await;
}

#[tokio::test]
async fn marked_conversations_are_searched_by_mark() {
    let fx = Fixture::new().await;
    fx.text("bob", "alice", "hi").await;
    let group = fx.group("carol", &["alice"]).await;
    fx.group_text("carol", &group, "hello").await;
    let reply = ok(fx
        .as_user(
            "alice",
            Method::POST,
            "/sdk/user/alice/user_channels/mark",
            Some(json!({"mark": "mark_0", "targets": [
                {"to": "bob", "type": "chat"},
                {"to": group, "type": "groupchat"},
                {"to": "", "type": "chat"},
            ]})),
        )
        .await)
    .await;
    assert_eq!(reply["data"]["ignore"], json!([{"to": "", "type": "chat"}]));
    ok(fx
        .as_user(
            "alice",
            Method::POST,
            "/sdk/user/alice/user_channels/mark",
            Some(json!({"mark": "mark_19", "targets": [{"to": "bob", "type": "chat"}]})),
        )
        .await)
    .await;
    let list = ok(fx
        .as_user(
            "alice",
            Method::GET,
            "/sdk/user/alice/user_channels/list?limit=20&need_mark=true",
            None,
        )
        .await)
    .await;
    let bob = infos(&list)
        .into_iter()
        .find(|info| info["session_to"] == "bob")
        .expect("bob");
    assert_eq!(bob["marks"], json!(["mark_0", "mark_19"]));
    let fx = &fx;
    let search = |mark: &'static str| async move {
        ok(fx
            .as_user(
                "alice",
                Method::GET,
                &format!(
                    "/sdk/user/alice/user_channels/mark/search?&limit=10&cursor=&need_mark=true&mark={mark}"
                ),
                None,
            )
            .await)
        .await
    };
    let mut found = peers(&search("mark_0").await);
    found.sort();
    let mut expected = vec!["bob".to_string(), group.clone()];
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(peers(&search("mark_19").await), ["bob"]);
    assert!(peers(&search("mark_5").await).is_empty());
    ok(fx
        .as_user(
            "alice",
            Method::DELETE,
            "/sdk/user/alice/user_channels/mark",
            Some(json!({"mark": "mark_0", "targets": [{"to": "bob", "type": "chat"}]})),
        )
        .await)
    .await;
    assert_eq!(peers(&search("mark_0").await), [group.as_str()]);

    for (mark, description) in [
        (Value::Null, "param mark must be not empty, please check!"),
        (json!(""), "param mark must be not empty, please check!"),
        (json!("mark_20"), "param mark illegal, please check it!"),
        (json!("mark_01"), "param mark illegal, please check it!"),
        (json!("star"), "param mark illegal, please check it!"),
    ] {
        let response = fx
            .as_user(
                "alice",
                Method::POST,
                "/sdk/user/alice/user_channels/mark",
                Some(json!({"mark": mark, "targets": [{"to": "bob", "type": "chat"}]})),
            )
            .await;
        easemob_error(response, 400, "illegal_argument", description).await;
    }
    let response = fx
        .as_user(
            "alice",
            Method::GET,
            "/sdk/user/alice/user_channels/mark/search?mark=mark_x",
            None,
        )
        .await;
    easemob_error(
        response,
        400,
        "illegal_argument",
        "param mark illegal, please check it!",
    )
    .await;
    let response = fx
        .as_user(
            "bob",
            Method::GET,
            "/sdk/user/alice/user_channels/mark/search?mark=mark_0",
            None,
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
async fn pinned_messages_are_shared_by_the_conversation() {
    let fx = Fixture::new().await;
    let first = fx.text("alice", "bob", "remember this").await;
    let second = fx.text("bob", "alice", "and this").await;
    let elsewhere = fx.text("alice", "carol", "not here").await;
    let fx = &fx;
    let pin = |user: &'static str, to: &'static str, id: &str| {
        let body = json!({"to": to, "type": "chat", "pin_msg_id": id});
        let path = format!("/sdk/user/{user}/user_channel/pin?resource=web_1");
        async move { fx.as_user(user, Method::POST, &path, Some(body)).await }
    };
    let reply = ok(pin("alice", "bob", &first).await).await;
    assert_eq!(reply["data"]["pin_operator"], "alice");
    ok(pin("bob", "alice", &second).await).await;

    // Both sides see both pins, newest first, with who pinned them.
    let list = |user: &'static str, peer: &'static str, query: &'static str| async move {
        ok(fx
            .as_user(
                user,
                Method::GET,
                &format!("/sdk/user/{user}/user_channel/pin?to={peer}&type=chat{query}"),
                None,
            )
            .await)
        .await
    };
    let pins = list("alice", "bob", "&limit=10&cursor=").await;
    let infos = pins["data"]["msg_infos"].as_array().expect("msg_infos").clone();
    assert_eq!(infos.len(), 2);
    assert_eq!(infos[0]["message"]["id"], second.as_str());
    assert_eq!(infos[0]["pin_operator"], "bob");
    assert!(infos[0]["pin_opt_at"].as_i64().is_some());
    let payload: Value = serde_json::from_str(
        infos[1]["message"]["payload"]
            .as_str()
            .expect("payload is a string"),
    )
    .expect("json");
    assert_eq!(payload["bodies"][0]["msg"], "remember this");
    assert_eq!(pins["data"]["cursor"], "");
    let page = list("bob", "alice", "&limit=1").await;
    assert_eq!(page["data"]["msg_infos"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["data"]["cursor"], "1");
    let rest = list("bob", "alice", "&limit=1&cursor=1").await;
    assert_eq!(rest["data"]["msg_infos"][0]["message"]["id"], first.as_str());

    // Refusals: a message of another conversation, a malformed id, a pin that is not there.
    for id in [elsewhere.as_str(), "not-a-number", "12345"] {
        let response = pin("alice", "bob", id).await;
        easemob_error(
            response,
            400,
            "illegal_argument",
            "param pin_msg_id illegal, please check it!",
        )
        .await;
    }
    let unpin = |id: &str| {
        let body = json!({"to": "bob", "type": "chat", "pin_msg_id": id});
        async move {
            fx.as_user(
                "alice",
                Method::DELETE,
                "/sdk/user/alice/user_channel/pin",
                Some(body),
            )
            .await
        }
    };
    ok(unpin(&first).await).await;
    let response = unpin(&first).await;
    easemob_error(
        response,
        404,
        "resource_not_found",
        "user session pin message not exist",
    )
    .await;
    let pins = list("bob", "alice", "").await;
    assert_eq!(pins["data"]["msg_infos"].as_array().map(Vec::len), Some(1));

    // A group's pins are its members'.
    let group = fx.group("alice", &["bob"]).await;
    let in_group = fx.group_text("bob", &group, "group news").await;
    let body = json!({"to": group, "type": "groupchat", "pin_msg_id": in_group});
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            "/sdk/user/bob/user_channel/pin",
            Some(body.clone()),
        )
        .await)
    .await;
    let response = fx
        .as_user(
            "dave",
            Method::POST,
            "/sdk/user/dave/user_channel/pin",
            Some(body),
        )
        .await;
    easemob_error(
        response,
        403,
        "forbidden_op",
        "users [dave] are not members of this group!",
    )
    .await;
    let pins = ok(fx
        .as_user(
            "alice",
            Method::GET,
            &format!("/sdk/user/alice/user_channel/pin?to={group}&type=groupchat"),
            None,
        )
        .await)
    .await;
    assert_eq!(pins["data"]["msg_infos"][0]["pin_operator"], "bob");
    // A recalled message leaves the list.
    ok(fx
        .app(
            Method::POST,
            "/messages/msg_recall",
            Some(json!({"msg_id": in_group, "to": group, "chat_type": "groupchat", "force": true})),
        )
        .await)
    .await;
    let pins = ok(fx
        .as_user(
            "alice",
            Method::GET,
            &format!("/sdk/user/alice/user_channel/pin?to={group}&type=groupchat"),
            None,
        )
        .await)
    .await;
    assert_eq!(pins["data"]["msg_infos"], json!([]));
}
