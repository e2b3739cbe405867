//! Global mute (§2.18) over HTTP: set, get one, list, lift, and the documented refusals.

use crate::users::app_token;
use crate::{TestServer, easemob_error};
use serde_json::{Value, json};

async fn register(server: &TestServer, token: &str, names: &[&str]) {
    let users: Vec<Value> = names
        .iter()
        .map(|name| json!({"username": name, "password": "pw"}))
        .collect();
    let response = server
        .http
        .post(server.url("/acme/chat/users"))
        .bearer_auth(token)
        .json(&users)
        .send()
        .await
        .expect("register");
    assert_eq!(response.status(), 200);
}

async fn mute(server: &TestServer, token: &str, body: Value) -> reqwest::Response {
    server
        .http
        .post(server.url("/acme/chat/mutes"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("mute")
}

async fn get(server: &TestServer, token: &str, path: &str) -> Value {
    let response = server
        .http
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

#[tokio::test]
async fn set_get_list_and_lift() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &["zs1", "zs2"]).await;

    let response = mute(
        &server,
        &token,
        json!({"username":"zs1","chat":600,"groupchat":-1}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["action"], "post");
    assert_eq!(body["data"], json!({"result":"ok"}));
    assert_eq!(body["path"], "/mutes");
    assert_eq!(body["organization"], "acme");
    assert_eq!(body["applicationName"], "chat");
    assert!(
        mute(&server, &token, json!({"username":"zs2","chatroom":60}))
            .await
            .status()
            .is_success()
    );

    let one = get(&server, &token, "/acme/chat/mutes/zs1").await;
    let data = &one["data"];
    assert_eq!(data["userid"], "acme#chat_zs1");
    assert!(
        (599..=600).contains(&data["chat"].as_i64().expect("chat")),
        "{data}"
    );
    assert_eq!(data["groupchat"], -1);
    assert_eq!(data["chatroom"], 0);
    let unixtime = data["unixtime"].as_i64().expect("unixtime");
    assert!(
        unixtime > 1_600_000_000 && unixtime < 100_000_000_000,
        "seconds, not ms: {unixtime}"
    );

    let listed = get(&server, &token, "/acme/chat/mutes?pageNum=1&pageSize=50").await;
    let items = listed["data"]["data"].as_array().expect("items");
    assert_eq!(items.len(), 3, "one item per (user, scope): {items:?}");
    assert!(
        items
            .iter()
            .any(|item| item["username"] == "zs2" && item["chatroom"].as_i64().is_some())
    );
    let second_page = get(&server, &token, "/acme/chat/mutes?pageNum=2&pageSize=2").await;
    assert_eq!(second_page["data"]["data"].as_array().expect("items").len(), 1);

    // 0 lifts one scope; an empty change succeeds and changes nothing.
    assert!(
        mute(&server, &token, json!({"username":"zs1","groupchat":0}))
            .await
            .status()
            .is_success()
    );
    assert!(
        mute(&server, &token, json!({"username":"zs1"}))
            .await
            .status()
            .is_success()
    );
    let one = get(&server, &token, "/acme/chat/mutes/zs1").await;
    assert_eq!(one["data"]["groupchat"], 0);
    assert!(one["data"]["chat"].as_i64().expect("chat") > 0);
}

#[tokio::test]
async fn refusals_are_documented() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &["zs1"]).await;

    let response = mute(&server, &token, json!({"username":"nobody","chat":60})).await;
    easemob_error(
        response,
        400,
        "required_property_not_found",
        "Entity user requires a property named username",
    )
    .await;
    let response = server
        .http
        .get(server.url("/acme/chat/mutes/nobody"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    easemob_error(
        response,
        400,
        "required_property_not_found",
        "Entity user requires a property named username",
    )
    .await;

    for bad in [
        json!({"username":"zs1","chat":-2}),
        json!({"username":"zs1","chat":"60"}),
        json!({"username":"zs1","chatroom":2_147_483_648_i64}),
    ] {
        let response = mute(&server, &token, bad).await;
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.json::<Value>().await.expect("json")["error"],
            "illegal_argument"
        );
    }
    let response = server
        .http
        .get(server.url("/acme/chat/mutes?pageSize=51"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 400);

    let response = server
        .http
        .post(server.url("/acme/chat/mutes"))
        .json(&json!({"username":"zs1","chat":1}))
        .send()
        .await
        .expect("post");
    easemob_error(
        response,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
}
