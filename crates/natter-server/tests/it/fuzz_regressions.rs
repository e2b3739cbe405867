//! Bugs the schemathesis run (`tests/python/test_schemathesis.py`) found, each pinned over real HTTP so it
//! stays fixed without the fuzzer.

use crate::users::{app_token, call, ok_json, register};
use crate::{TestServer, easemob_error};
use reqwest::Method;
use serde_json::json;

/// A repeated query parameter got axum's plain-text 400 (`Failed to deserialize query string: duplicate
/// field`). It now reads as its first value, as the vendor's controllers bind it.
#[tokio::test]
async fn a_repeated_query_parameter_reads_as_its_first_value() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(
        &server,
        &token,
        &[("dup1", "pw-1"), ("dup2", "pw-2"), ("dup3", "pw-3")],
    )
    .await;

    let page = ok_json(
        call(
            &server,
            Method::GET,
            "/acme/chat/users?limit=2&limit=50",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(page["count"], 2, "{page}");
    assert_eq!(page["params"]["limit"], json!(["2"]), "{page}");

    let mutes = ok_json(
        call(
            &server,
            Method::GET,
            "/acme/chat/mutes?pageSize=5&pageSize=5",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert!(mutes["data"]["data"].is_array(), "{mutes}");

    // The first value decides, also when it is the bad one: the endpoint's own JSON refusal.
    let response = call(
        &server,
        Method::DELETE,
        "/acme/chat/users?limit=null&limit=1",
        Some(&token),
        None,
    )
    .await;
    easemob_error(
        response,
        400,
        "illegal_argument",
        "limit must be a number between 1 and 100",
    )
    .await;
    let response = call(
        &server,
        Method::GET,
        "/acme/chat/mutes?pageNum=x&pageNum=1",
        Some(&token),
        None,
    )
    .await;
    easemob_error(
        response,
        400,
        "illegal_argument",
        "pageNum must be a number between 1 and 4294967295",
    )
    .await;
}

/// Concurrent `POST /mutes` failed with a 500 (`database is locked`): the store read the user in a
/// deferred transaction and then wrote, and SQLite refuses to upgrade such a snapshot once another
/// connection has written. Every one of a burst of concurrent mutes must succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_mutes_all_succeed() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    let names: Vec<String> = (0..8).map(|index| format!("mute{index}")).collect();
    let users: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), "pw-1")).collect();
    register(&server, &token, &users).await;

    let mut requests = tokio::task::JoinSet::new();
    for round in 0..6 {
        for name in &names {
            let http = server.http.clone();
            let url = server.url("/acme/chat/mutes");
            let token = token.clone();
            let body = json!({"username": name, "chat": 60 + round, "groupchat": -1, "chatroom": 0});
            requests.spawn(async move {
                let response = http
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .expect("mute");
                let status = response.status().as_u16();
                (status, response.text().await.expect("body"))
            });
        }
    }
    while let Some(outcome) = requests.join_next().await {
        let (status, body) = outcome.expect("task");
        assert_eq!(status, 200, "{body}");
    }
    let one = ok_json(call(&server, Method::GET, "/acme/chat/mutes/mute3", Some(&token), None).await).await;
    assert_eq!(one["data"]["groupchat"], -1, "{one}");
}
