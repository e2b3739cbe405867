//! Batch recall (users-messages §5.10) and the rate tables' spellings of recall and change password
//! (§13.1, §13.2).

use super::{Fixture, ok};
use crate::easemob_error;
use natter_store::MessageStore;
use reqwest::Method;
use serde_json::{Value, json};

async fn recalled(fx: &Fixture, id: &str) -> bool {
    fx.store
        .message(fx.server.app.id, id.parse().expect("numeric id"))
        .await
        .expect("read")
        .expect("stored")
        .recalled
}

#[tokio::test]
async fn a_batch_recall_recalls_each_message_and_reports_each_refusal() {
    let fx = Fixture::new().await;
    let first = fx.text("alice", "bob", "one").await;
    let second = fx.text("bob", "alice", "two").await;
    let group = fx.group("alice", &["bob"]).await;
    let third = fx.group_text("bob", &group, "three").await;
    let body = json!({
        "recallMessageExtensionInfo": "cleanup",
        "msgs": [
            {"msg_id": first, "to": "bob", "from": "alice", "chat_type": "chat", "force": false, "sync_device": true},
            {"msg_id": second, "to": "alice", "chat_type": "chat"},
            {"msg_id": third, "to": group, "chat_type": "groupchat", "force": true},
            {"msg_id": "12345", "to": "bob", "chat_type": "chat"},
            {"msg_id": first, "to": "ghost", "chat_type": "chat"},
        ],
    });
    let reply = ok(fx.app(Method::POST, "/messages/batch_recall", Some(body)).await).await;
    assert_eq!(reply["path"], "/messages/batch_recall");
    assert_eq!(reply["action"], "post");
    let data = reply["data"].as_array().expect("an array");
    assert_eq!(data.len(), 5);
    assert_eq!(
        data[0],
        json!({"recalled": "yes", "chattype": "chat", "from": "alice", "to": "bob", "msg_id": first})
    );
    assert_eq!(data[1]["from"], "admin");
    assert_eq!(data[1]["recalled"], "yes");
    assert_eq!(data[2]["chattype"], "groupchat");
    assert_eq!(data[2]["recalled"], "yes");
    assert_eq!(
        data[3],
        json!({"recalled": "no", "chattype": "chat", "from": "admin", "to": "bob", "msg_id": "12345",
               "reason": "not_found msg"})
    );
    assert_eq!(data[4]["recalled"], "no");
    assert_eq!(data[4]["reason"], "can't find msg to");
    for id in [&first, &second, &third] {
        assert!(recalled(&fx, id).await, "{id} recalled");
    }
}

#[tokio::test]
async fn batch_recall_request_errors_refuse_the_whole_batch() {
    let fx = Fixture::new().await;
    let id = fx.text("alice", "bob", "keep").await;
    let item = json!({"msg_id": id, "to": "bob", "chat_type": "chat"});
    let cases: Vec<(Value, u16, &str, &str)> = vec![
        (
            json!({}),
            400,
            "message_recall_error",
            "param msg_id can't be empty",
        ),
        (
            json!({"msgs": []}),
            400,
            "message_recall_error",
            "param msg_id can't be empty",
        ),
        (
            json!({"msgs": [item, {"to": "bob", "chat_type": "chat"}]}),
            400,
            "message_recall_error",
            "param msg_id can't be empty",
        ),
        (
            json!({"msgs": [item, {"msg_id": "1", "chat_type": "chat"}]}),
            400,
            "message_recall_error",
            "param to can't be empty",
        ),
        (
            json!({"msgs": [item, {"msg_id": "1", "to": "bob"}]}),
            400,
            "message_recall_error",
            "param chat_type can't be empty",
        ),
        (
            json!({"msgs": [item, {"msg_id": "1", "to": "bob", "chat_type": "chat", "force": null}]}),
            400,
            "message_recall_error",
            "param force can't be empty",
        ),
        (
            json!({"msgs": vec![item.clone(); 31]}),
            400,
            "illegal_argument",
            "param msgs's size can't exceed limit 30",
        ),
        (
            json!({"msgs": "no"}),
            400,
            "invalid_request_body",
            "Request body is invalid. Please check body is correct.",
        ),
        (
            json!({"msgs": [item], "recallMessageExtensionInfo": 5}),
            400,
            "invalid_request_body",
            "Request body is invalid. Please check body is correct.",
        ),
    ];
    for (body, status, error, description) in cases {
        let response = fx.app(Method::POST, "/messages/batch_recall", Some(body)).await;
        easemob_error(response, status, error, description).await;
    }
    assert!(!recalled(&fx, &id).await, "no refused batch recalled anything");
    let response = fx
        .as_user(
            "alice",
            Method::POST,
            "/messages/batch_recall",
            Some(json!({"msgs": [{"msg_id": id, "to": "bob", "chat_type": "chat"}]})),
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
async fn the_rate_tables_spellings_are_served() {
    let fx = Fixture::new().await;
    let id = fx.text("alice", "bob", "oops").await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/messages/recall",
            Some(json!({"msg_id": id, "to": "bob", "chat_type": "chat"})),
        )
        .await)
    .await;
    assert_eq!(reply["path"], "/messages/msg_recall");
    assert!(recalled(&fx, &id).await);
    let reply = ok(fx
        .app(
            Method::POST,
            "/users/alice/password",
            Some(json!({"newpassword": "secret-2"})),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "set user password");
}
