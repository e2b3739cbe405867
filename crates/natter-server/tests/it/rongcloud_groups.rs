//! The RongCloud door's groups, chat rooms, user tags, conversation do-not-disturb and sensitive words over
//! real HTTP, with signed requests: every endpoint's success shape and error rows (seed 000's codes and
//! statuses), and what the Easemob door sees of the same groups, rooms and settings.

use crate::TestServer;
use crate::rongcloud::{get_token, post, rongcloud_error, success};
use crate::users::app_token;
use natter_store::{GroupStore, RongCloudSettingsStore};
use natter_store_sqlite::SqliteStore;
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

/// A second handle on the server's database, for limits and for what no endpoint shows.
async fn store(server: &TestServer) -> SqliteStore {
    SqliteStore::open(&server._directory.path().join("natter.db"))
        .await
        .expect("second handle")
}

async fn users(server: &TestServer, ids: &[&str]) {
    for id in ids {
        get_token(server, &format!("userId={id}")).await;
    }
}

/// A signed JSON post (the tag endpoints), as rc-server-sdk sends it.
async fn post_json(server: &TestServer, path: &str, body: &Value) -> reqwest::Response {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let nonce = format!(
        "json{}{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
        .to_string();
    let digest = Sha1::new()
        .chain_update(b"rcsecret")
        .chain_update(nonce.as_bytes())
        .chain_update(timestamp.as_bytes())
        .finalize();
    let signature: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    server
        .http
        .post(server.url(path))
        .header("App-Key", "rckey")
        .header("Nonce", nonce)
        .header("Timestamp", timestamp)
        .header("Signature", signature)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn ok(server: &TestServer, path: &str, body: &str) -> Value {
    success(post(server, path, body).await).await
}

/// The member IDs `/group/user/query.json` lists.
async fn group_members(server: &TestServer, group: &str) -> Vec<String> {
    let body = ok(server, "/group/user/query.json", &format!("groupId={group}")).await;
    body["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|user| user["id"].as_str().expect("id").to_string())
        .collect()
}

/// The `(id, name)` pairs `/user/group/query.json` lists.
async fn groups_of(server: &TestServer, user: &str) -> Vec<(String, String)> {
    let body = ok(server, "/user/group/query.json", &format!("userId={user}")).await;
    body["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|group| {
            (
                group["id"].as_str().expect("id").to_string(),
                group["name"].as_str().expect("name").to_string(),
            )
        })
        .collect()
}

/// A user's groups through the Easemob door: `(id, name, owner)`.
async fn easemob_groups(server: &TestServer, token: &str, user: &str) -> Vec<(String, String, String)> {
    let response = server
        .http
        .get(server.url(&format!("/acme/chat/chatgroups/user/{user}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("json");
    body["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|group| {
            let text = |key: &str| group[key].as_str().expect(key).to_string();
            (text("id"), text("name"), text("owner"))
        })
        .collect()
}

async fn easemob_get(server: &TestServer, token: &str, path: &str) -> Value {
    let response = server
        .http
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.json().await.expect("json")
}

// ---- Groups

#[tokio::test]
async fn create_makes_the_first_user_owner_of_a_group_both_doors_see() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3"]).await;
    ok(
        &server,
        "/group/create.json",
        "userId=u1&userId=U2&groupId=g_1&groupName=Demo Group",
    )
    .await;
    assert_eq!(group_members(&server, "g_1").await, ["u1", "u2"]);
    assert_eq!(
        groups_of(&server, "u2").await,
        [("g_1".to_string(), "Demo Group".to_string())]
    );
    assert!(groups_of(&server, "u3").await.is_empty());

    let token = app_token(&server).await;
    let seen = easemob_groups(&server, &token, "u2").await;
    assert_eq!(seen.len(), 1);
    let (easemob_id, name, owner) = &seen[0];
    assert!(
        easemob_id.parse::<u64>().is_ok(),
        "a generated Easemob id: {easemob_id}"
    );
    assert_eq!((name.as_str(), owner.as_str()), ("Demo Group", "u1"));

    // Ids are case-sensitive: G_1 is another group.
    ok(
        &server,
        "/group/create.json",
        "userId=u3&groupId=G_1&groupName=Other",
    )
    .await;
    assert_eq!(group_members(&server, "G_1").await, ["u3"]);
    assert_eq!(group_members(&server, "g_1").await, ["u1", "u2"]);
}

#[tokio::test]
async fn create_refusals_are_seed_000_rows() {
    let server = TestServer::start().await;
    users(&server, &["u1"]).await;
    ok(&server, "/group/create.json", "userId=u1&groupId=g1&groupName=G").await;
    let cases: [(&str, u16, i64, &str); 7] = [
        ("userId=u1&groupId=g1&groupName=G", 400, 1013, "群组已存在"),
        ("userId=ghost&groupId=g2&groupName=G", 404, 1003, "用户不存在"),
        ("groupId=g2&groupName=G", 400, 1001, "请求参数错误"),
        ("userId=u1&groupName=G", 400, 1001, "请求参数错误"),
        ("userId=u1&groupId=g2", 400, 1001, "请求参数错误"),
        ("userId=u1&groupId=a b&groupName=G", 400, 1001, "请求参数错误"),
        ("userId=u1&groupId=g2&groupName=", 400, 1001, "请求参数错误"),
    ];
    for (body, status, code, message) in cases {
        rongcloud_error(
            post(&server, "/group/create.json", body).await,
            status,
            code,
            message,
        )
        .await;
    }
    let long = format!("userId=u1&groupId={}&groupName=G", "x".repeat(65));
    rongcloud_error(
        post(&server, "/group/create.json", &long).await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    let long = format!("userId=u1&groupId=g3&groupName={}", "名".repeat(129));
    rongcloud_error(
        post(&server, "/group/create.json", &long).await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    assert!(
        groups_of(&server, "u1").await.len() == 1,
        "the refusals made nothing"
    );
}

#[tokio::test]
async fn an_easemob_group_is_named_by_its_easemob_id() {
    let server = TestServer::start().await;
    users(&server, &["owner", "guest"]).await;
    let token = app_token(&server).await;
    let response = server
        .http
        .post(server.url("/acme/chat/chatgroups"))
        .bearer_auth(&token)
        .json(&json!({"groupname": "Easemob Group", "owner": "owner", "public": true, "desc": ""}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("json");
    let id = body["data"]["groupid"].as_str().expect("groupid").to_string();
    ok(
        &server,
        "/group/join.json",
        &format!("userId=guest&groupId={id}&groupName=x"),
    )
    .await;
    assert_eq!(group_members(&server, &id).await, ["owner", "guest"]);
    assert_eq!(
        groups_of(&server, "guest").await,
        [(id.clone(), "Easemob Group".to_string())]
    );

    // A group made here answers to its RongCloud id only, not to its Easemob id.
    ok(
        &server,
        "/group/create.json",
        "userId=owner&groupId=rc&groupName=R",
    )
    .await;
    let easemob_id = easemob_groups(&server, &token, "owner")
        .await
        .into_iter()
        .find(|(_, name, _)| name == "R")
        .map(|(id, _, _)| id)
        .expect("the RongCloud group");
    rongcloud_error(
        post(
            &server,
            "/group/user/query.json",
            &format!("groupId={easemob_id}"),
        )
        .await,
        404,
        1012,
        "群组不存在",
    )
    .await;
}

#[tokio::test]
async fn join_and_quit() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3"]).await;
    ok(&server, "/group/create.json", "userId=u1&groupId=g&groupName=G").await;
    ok(
        &server,
        "/group/join.json",
        "userId=u2&userId=u3&groupId=g&groupName=G",
    )
    .await;
    assert_eq!(group_members(&server, "g").await, ["u1", "u2", "u3"]);
    // Some already in: the others join.
    ok(&server, "/group/quit.json", "userId=u3&groupId=g").await;
    ok(
        &server,
        "/group/join.json",
        "userId=u2&userId=u3&groupId=g&groupName=G",
    )
    .await;
    assert_eq!(group_members(&server, "g").await, ["u1", "u2", "u3"]);

    let refusals: [(&str, &str, u16, i64, &str); 6] = [
        (
            "/group/join.json",
            "userId=u2&groupId=g&groupName=G",
            400,
            1010,
            "用户已加入群组",
        ),
        (
            "/group/join.json",
            "userId=u2&groupId=nope&groupName=G",
            404,
            1012,
            "群组不存在",
        ),
        (
            "/group/join.json",
            "userId=ghost&groupId=g&groupName=G",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/group/join.json",
            "groupId=g&groupName=G",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/group/quit.json",
            "userId=u2&groupId=nope",
            404,
            1012,
            "群组不存在",
        ),
        ("/group/quit.json", "groupId=g", 400, 1001, "请求参数错误"),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
    ok(&server, "/group/quit.json", "userId=u2&groupId=g").await;
    rongcloud_error(
        post(&server, "/group/quit.json", "userId=u2&groupId=g").await,
        400,
        1011,
        "用户未加入群组",
    )
    .await;
    assert_eq!(group_members(&server, "g").await, ["u1", "u3"]);
}

#[tokio::test]
async fn a_user_on_the_group_blocklist_cannot_join_2008() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2"]).await;
    ok(
        &server,
        "/group/create.json",
        "userId=u1&userId=u2&groupId=g&groupName=G",
    )
    .await;
    let token = app_token(&server).await;
    let (easemob_id, _, _) = easemob_groups(&server, &token, "u2").await.remove(0);
    let response = server
        .http
        .post(server.url(&format!("/acme/chat/chatgroups/{easemob_id}/blocks/users/u2")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(group_members(&server, "g").await, ["u1"], "blocking took u2 out");
    rongcloud_error(
        post(&server, "/group/join.json", "userId=u2&groupId=g&groupName=G").await,
        403,
        2008,
        "用户被踢出群组",
    )
    .await;
}

#[tokio::test]
async fn when_the_owner_quits_the_next_member_owns_and_the_last_one_out_dissolves() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3"]).await;
    let token = app_token(&server).await;
    ok(
        &server,
        "/group/create.json",
        "userId=u1&userId=u2&userId=u3&groupId=g&groupName=G",
    )
    .await;
    ok(&server, "/group/quit.json", "userId=u1&groupId=g").await;
    assert_eq!(group_members(&server, "g").await, ["u2", "u3"]);
    assert_eq!(
        easemob_groups(&server, &token, "u3").await[0].2,
        "u2",
        "u2 joined first after u1"
    );
    ok(&server, "/group/quit.json", "userId=u2&userId=u3&groupId=g").await;
    rongcloud_error(
        post(&server, "/group/user/query.json", "groupId=g").await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    assert!(easemob_groups(&server, &token, "u3").await.is_empty());
}

#[tokio::test]
async fn dismiss_refresh_and_the_user_s_groups() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2"]).await;
    ok(
        &server,
        "/group/create.json",
        "userId=u1&groupId=g1&groupName=One",
    )
    .await;
    ok(
        &server,
        "/group/create.json",
        "userId=u1&groupId=g2&groupName=Two",
    )
    .await;
    ok(&server, "/group/refresh.json", "groupId=g1&groupName=First Group").await;
    assert_eq!(
        groups_of(&server, "u1").await,
        [
            ("g1".to_string(), "First Group".to_string()),
            ("g2".to_string(), "Two".to_string())
        ]
    );
    // Any existing user may dismiss (RongCloud's rule).
    ok(&server, "/group/dismiss.json", "userId=u2&groupId=g2").await;
    assert_eq!(groups_of(&server, "u1").await.len(), 1);
    let refusals: [(&str, &str, u16, i64, &str); 7] = [
        (
            "/group/dismiss.json",
            "userId=u1&groupId=g2",
            404,
            1012,
            "群组不存在",
        ),
        (
            "/group/dismiss.json",
            "userId=ghost&groupId=g1",
            404,
            1003,
            "用户不存在",
        ),
        ("/group/dismiss.json", "groupId=g1", 400, 1001, "请求参数错误"),
        (
            "/group/refresh.json",
            "groupId=g2&groupName=X",
            404,
            1012,
            "群组不存在",
        ),
        ("/group/refresh.json", "groupId=g1", 400, 1001, "请求参数错误"),
        ("/group/user/query.json", "groupId=g2", 404, 1012, "群组不存在"),
        ("/user/group/query.json", "userId=ghost", 404, 1003, "用户不存在"),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
}

#[tokio::test]
async fn sync_makes_the_user_s_groups_exactly_those_listed() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2"]).await;
    ok(
        &server,
        "/group/create.json",
        "userId=u2&userId=u1&groupId=keep&groupName=Keep",
    )
    .await;
    ok(
        &server,
        "/group/create.json",
        "userId=u2&userId=u1&groupId=drop&groupName=Drop",
    )
    .await;
    ok(
        &server,
        "/group/create.json",
        "userId=u2&groupId=join&groupName=Join",
    )
    .await;
    ok(
        &server,
        "/group/sync.json",
        "userId=u1&group[keep]=Renamed&group[join]=Join&group[new]=New Group",
    )
    .await;
    let mut mine: Vec<String> = groups_of(&server, "u1")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    mine.sort();
    assert_eq!(mine, ["join", "keep", "new"]);
    assert_eq!(group_members(&server, "drop").await, ["u2"], "u1 quit drop");
    assert_eq!(
        group_members(&server, "new").await,
        ["u1"],
        "new was made with u1 as owner"
    );
    let names: Vec<String> = groups_of(&server, "u1")
        .await
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    assert!(
        names.contains(&"Keep".to_string()),
        "an existing group keeps its name: {names:?}"
    );

    // No group at all: the user leaves every group.
    ok(&server, "/group/sync.json", "userId=u1").await;
    assert!(groups_of(&server, "u1").await.is_empty());
    rongcloud_error(
        post(&server, "/group/user/query.json", "groupId=new").await,
        404,
        1012,
        "群组不存在",
    )
    .await;
    rongcloud_error(
        post(&server, "/group/sync.json", "userId=ghost&group[a]=A").await,
        404,
        1003,
        "用户不存在",
    )
    .await;
    rongcloud_error(
        post(&server, "/group/sync.json", "userId=u1&group[a b]=A").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
}

#[tokio::test]
async fn a_full_group_is_1015_and_the_group_quota_1038() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3"]).await;
    let handle = store(&server).await;
    let mut limits = handle.group_settings(server.app.id).await.expect("limits");
    limits.max_users_per_group = 2;
    limits.max_groups_per_user = 1;
    handle
        .set_group_settings(server.app.id, limits)
        .await
        .expect("set");
    ok(
        &server,
        "/group/create.json",
        "userId=u1&userId=u2&groupId=g&groupName=G",
    )
    .await;
    rongcloud_error(
        post(&server, "/group/join.json", "userId=u3&groupId=g&groupName=G").await,
        400,
        1015,
        "群组已满员",
    )
    .await;
    rongcloud_error(
        post(
            &server,
            "/group/create.json",
            "userId=u1&userId=u2&userId=u3&groupId=h&groupName=H",
        )
        .await,
        400,
        1015,
        "群组已满员",
    )
    .await;
    rongcloud_error(
        post(&server, "/group/create.json", "userId=u1&groupId=h&groupName=H").await,
        403,
        1038,
        "配额超限",
    )
    .await;
}

#[tokio::test]
async fn member_gags_are_the_group_mutes() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3"]).await;
    ok(
        &server,
        "/group/create.json",
        "userId=u1&userId=u2&groupId=g&groupName=G",
    )
    .await;
    ok(
        &server,
        "/group/user/gag/add.json",
        "userId=u2&groupId=g&minute=10",
    )
    .await;
    let body = ok(&server, "/group/user/gag/list.json", "groupId=g").await;
    let gagged = body["users"].as_array().expect("users");
    assert_eq!(gagged.len(), 1, "{body}");
    assert_eq!(
        (gagged[0]["userId"].as_str(), gagged[0]["id"].as_str()),
        (Some("u2"), Some("u2"))
    );
    let time = gagged[0]["time"].as_str().expect("time");
    assert_eq!(time.len(), 19, "{time}");

    // The Easemob door's mute list shows it too.
    let token = app_token(&server).await;
    let (easemob_id, _, _) = easemob_groups(&server, &token, "u2").await.remove(0);
    let mutes = easemob_get(
        &server,
        &token,
        &format!("/acme/chat/chatgroups/{easemob_id}/mute"),
    )
    .await;
    assert!(mutes.to_string().contains("u2"), "{mutes}");

    // minute=0 is until lifted.
    ok(
        &server,
        "/group/user/gag/add.json",
        "userId=u1&groupId=g&minute=0",
    )
    .await;
    let body = ok(&server, "/group/user/gag/list.json", "groupId=g").await;
    let forever = body["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|user| user["userId"] == "u1")
        .map(|user| user["time"].clone());
    assert_eq!(forever, Some(json!("9999-12-31 23:59:59")));

    ok(
        &server,
        "/group/user/gag/rollback.json",
        "userId=u2&userId=u1&groupId=g",
    )
    .await;
    let body = ok(&server, "/group/user/gag/list.json", "groupId=g").await;
    assert_eq!(body["users"], json!([]));

    let refusals: [(&str, &str, u16, i64, &str); 6] = [
        (
            "/group/user/gag/add.json",
            "userId=u3&groupId=g&minute=5",
            400,
            1011,
            "用户未加入群组",
        ),
        (
            "/group/user/gag/add.json",
            "userId=u2&groupId=nope&minute=5",
            404,
            1012,
            "群组不存在",
        ),
        (
            "/group/user/gag/add.json",
            "userId=u2&groupId=g&minute=43201",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/group/user/gag/add.json",
            "userId=u2&groupId=g",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/group/user/gag/add.json",
            "userId=ghost&groupId=g&minute=5",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/group/user/gag/list.json",
            "groupId=nope",
            404,
            1012,
            "群组不存在",
        ),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
    let many: String = (0..21).map(|index| format!("userId=u{index}&")).collect();
    rongcloud_error(
        post(
            &server,
            "/group/user/gag/add.json",
            &format!("{many}groupId=g&minute=5"),
        )
        .await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
}

#[tokio::test]
async fn a_gag_without_a_group_is_the_global_group_mute() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2"]).await;
    ok(&server, "/group/user/gag/add.json", "userId=u1&minute=30").await;
    let body = ok(&server, "/group/user/gag/list.json", "").await;
    let listed: Vec<&str> = body["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|user| user["userId"].as_str())
        .collect();
    assert_eq!(listed, ["u1"]);
    // The Easemob door's global mute of the same user.
    let token = app_token(&server).await;
    let mute = easemob_get(&server, &token, "/acme/chat/mutes/u1").await;
    assert!(
        mute["data"]["groupchat"].as_i64().is_some_and(|until| until > 0),
        "{mute}"
    );
    ok(&server, "/group/user/gag/rollback.json", "userId=u1").await;
    assert_eq!(
        ok(&server, "/group/user/gag/list.json", "").await["users"],
        json!([])
    );
}

#[tokio::test]
async fn mute_all_and_its_whitelist() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3"]).await;
    ok(
        &server,
        "/group/create.json",
        "userId=u1&userId=u2&groupId=a&groupName=A",
    )
    .await;
    ok(&server, "/group/create.json", "userId=u1&groupId=b&groupName=B").await;
    ok(&server, "/group/ban/add.json", "groupId=a&groupId=b").await;
    let body = ok(&server, "/group/ban/query.json", "").await;
    assert_eq!(
        body["groupinfo"],
        json!([{"groupId": "a", "stat": 1}, {"groupId": "b", "stat": 1}])
    );
    ok(&server, "/group/ban/rollback.json", "groupId=b").await;
    let body = ok(&server, "/group/ban/query.json", "groupId=a&groupId=b").await;
    assert_eq!(
        body["groupinfo"],
        json!([{"groupId": "a", "stat": 1}, {"groupId": "b", "stat": 0}])
    );
    let token = app_token(&server).await;
    let (easemob_id, _, _) = easemob_groups(&server, &token, "u2").await.remove(0);
    let details = easemob_get(&server, &token, &format!("/acme/chat/chatgroups/{easemob_id}")).await;
    assert_eq!(details["data"][0]["mute"], true, "{details}");

    ok(
        &server,
        "/group/user/ban/whitelist/add.json",
        "userId=u2&groupId=a",
    )
    .await;
    let body = ok(&server, "/group/user/ban/whitelist/query.json", "groupId=a").await;
    assert_eq!(body["userIds"], json!(["u2"]));
    ok(
        &server,
        "/group/user/ban/whitelist/rollback.json",
        "userId=u2&groupId=a",
    )
    .await;
    let body = ok(&server, "/group/user/ban/whitelist/query.json", "groupId=a").await;
    assert_eq!(body["userIds"], json!([]));

    let refusals: [(&str, &str, u16, i64, &str); 6] = [
        (
            "/group/ban/add.json",
            "groupId=a&groupId=nope",
            404,
            1012,
            "群组不存在",
        ),
        ("/group/ban/add.json", "", 400, 1001, "请求参数错误"),
        ("/group/ban/query.json", "groupId=nope", 404, 1012, "群组不存在"),
        (
            "/group/user/ban/whitelist/add.json",
            "userId=u3&groupId=a",
            400,
            1011,
            "用户未加入群组",
        ),
        (
            "/group/user/ban/whitelist/add.json",
            "userId=u2&groupId=nope",
            404,
            1012,
            "群组不存在",
        ),
        (
            "/group/user/ban/whitelist/query.json",
            "",
            400,
            1001,
            "请求参数错误",
        ),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
}

// ---- Chat rooms

/// The `chrmId`s `/chatroom/query.json` answers.
async fn queried_rooms(server: &TestServer, body: &str) -> Vec<(String, String)> {
    let body = ok(server, "/chatroom/query.json", body).await;
    body["chatRooms"]
        .as_array()
        .expect("chatRooms")
        .iter()
        .map(|room| {
            assert_eq!(room["chrmId"], room["chatroomId"]);
            assert_eq!(room["time"].as_str().map(str::len), Some(19), "{room}");
            (
                room["chrmId"].as_str().expect("id").to_string(),
                room["name"].as_str().expect("name").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn rooms_are_created_queried_and_destroyed_and_the_easemob_door_sees_them() {
    let server = TestServer::start().await;
    ok(
        &server,
        "/chatroom/create.json",
        "chatroom[room1]=Demo Room&chatroom[R_2]=Second",
    )
    .await;
    assert_eq!(
        queried_rooms(&server, "chatroomId=room1&chatroomId=R_2&chatroomId=nope").await,
        [
            ("room1".to_string(), "Demo Room".to_string()),
            ("R_2".to_string(), "Second".to_string())
        ]
    );
    // room1 is a valid Easemob room id: the same room there, owned by the app's room keeper.
    let token = app_token(&server).await;
    let details = easemob_get(&server, &token, "/acme/chat/chatrooms/room1").await;
    assert_eq!(details["data"]["name"], "Demo Room", "{details}");
    assert_eq!(details["data"]["owner"], "rongcloud-chatrooms", "{details}");

    rongcloud_error(
        post(&server, "/chatroom/create.json", "chatroom[room1]=Again").await,
        400,
        1017,
        "聊天室已存在",
    )
    .await;
    rongcloud_error(
        post(&server, "/chatroom/create.json", "chatroom[a b]=x").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post(&server, "/chatroom/create.json", "").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post(&server, "/chatroom/query.json", "chatroomId=nope").await,
        404,
        1016,
        "聊天室不存在",
    )
    .await;
    rongcloud_error(
        post(&server, "/chatroom/query.json", "").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post(
            &server,
            "/chatroom/destroy.json",
            "chatroomId=room1&chatroomId=nope",
        )
        .await,
        404,
        1016,
        "聊天室不存在",
    )
    .await;
    assert_eq!(
        queried_rooms(&server, "chatroomId=room1").await.len(),
        1,
        "a refused destroy destroys nothing"
    );
    ok(
        &server,
        "/chatroom/destroy.json",
        "chatroomId=room1&chatroomId=R_2",
    )
    .await;
    rongcloud_error(
        post(&server, "/chatroom/query.json", "chatroomId=room1&chatroomId=R_2").await,
        404,
        1016,
        "聊天室不存在",
    )
    .await;
    // The id is free again.
    ok(&server, "/chatroom/create.json", "chatroom[room1]=Back").await;
}

#[tokio::test]
async fn members_join_and_are_listed_without_the_keeper() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3", "u4"]).await;
    ok(&server, "/chatroom/create.json", "chatroom[Live]=Live").await;
    ok(
        &server,
        "/chatroom/join.json",
        "userId=u1&userId=u2&chatroomId=Live",
    )
    .await;
    ok(&server, "/chatroom/join.json", "userId=u3&chatroomId=Live").await;

    let body = ok(
        &server,
        "/chatroom/user/query.json",
        "chatroomId=Live&count=10&order=1",
    )
    .await;
    assert_eq!(body["total"], 3, "{body}");
    let ids: Vec<&str> = body["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|user| user["id"].as_str())
        .collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
    let body = ok(
        &server,
        "/chatroom/user/query.json",
        "chatroomId=Live&count=2&order=2",
    )
    .await;
    let ids: Vec<&str> = body["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|user| user["id"].as_str())
        .collect();
    assert_eq!(ids, ["u3", "u2"]);

    let body = ok(&server, "/chatroom/user/exist.json", "chatroomId=Live&userId=u1").await;
    assert_eq!(body["isInChrm"], true);
    let body = ok(&server, "/chatroom/user/exist.json", "chatroomId=Live&userId=u4").await;
    assert_eq!(body["isInChrm"], false);
    let body = ok(
        &server,
        "/chatroom/users/exist.json",
        "chatroomId=Live&userId=u1&userId=u4",
    )
    .await;
    assert_eq!(
        body["result"],
        json!([{"userId": "u1", "isInChrm": 1}, {"userId": "u4", "isInChrm": 0}])
    );

    let refusals: [(&str, &str, u16, i64, &str); 8] = [
        (
            "/chatroom/join.json",
            "userId=u1&chatroomId=nope",
            404,
            1016,
            "聊天室不存在",
        ),
        (
            "/chatroom/join.json",
            "userId=ghost&chatroomId=Live",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/chatroom/user/query.json",
            "chatroomId=Live&count=0&order=1",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/chatroom/user/query.json",
            "chatroomId=Live&count=501&order=1",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/chatroom/user/query.json",
            "chatroomId=Live&count=5&order=3",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/chatroom/user/query.json",
            "chatroomId=nope&count=5&order=1",
            404,
            1016,
            "聊天室不存在",
        ),
        (
            "/chatroom/user/exist.json",
            "chatroomId=Live&userId=ghost",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/chatroom/users/exist.json",
            "chatroomId=nope&userId=u1",
            404,
            1016,
            "聊天室不存在",
        ),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
}

#[tokio::test]
async fn gags_blocks_and_global_bans() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2"]).await;
    ok(&server, "/chatroom/create.json", "chatroom[r1]=R").await;
    ok(
        &server,
        "/chatroom/join.json",
        "userId=u1&userId=u2&chatroomId=r1",
    )
    .await;

    ok(
        &server,
        "/chatroom/user/gag/add.json",
        "userId=u1&chatroomId=r1&minute=5",
    )
    .await;
    let body = ok(&server, "/chatroom/user/gag/list.json", "chatroomId=r1").await;
    assert_eq!(body["users"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(body["users"][0]["userId"], "u1");
    ok(
        &server,
        "/chatroom/user/gag/rollback.json",
        "userId=u1&chatroomId=r1",
    )
    .await;
    assert_eq!(
        ok(&server, "/chatroom/user/gag/list.json", "chatroomId=r1").await["users"],
        json!([])
    );

    // A block takes the user out and keeps it out until lifted.
    ok(
        &server,
        "/chatroom/user/block/add.json",
        "userId=u2&chatroomId=r1&minute=5",
    )
    .await;
    let body = ok(&server, "/chatroom/user/block/list.json", "chatroomId=r1").await;
    assert_eq!(body["users"][0]["userId"], "u2", "{body}");
    assert_ne!(
        body["users"][0]["time"], "9999-12-31 23:59:59",
        "a timed block has its deadline"
    );
    assert_eq!(
        ok(&server, "/chatroom/user/exist.json", "chatroomId=r1&userId=u2").await["isInChrm"],
        false
    );
    rongcloud_error(
        post(&server, "/chatroom/join.json", "userId=u2&chatroomId=r1").await,
        403,
        2009,
        "用户被踢出聊天室",
    )
    .await;
    ok(
        &server,
        "/chatroom/user/block/rollback.json",
        "userId=u2&chatroomId=r1",
    )
    .await;
    assert_eq!(
        ok(&server, "/chatroom/user/block/list.json", "chatroomId=r1").await["users"],
        json!([])
    );
    ok(&server, "/chatroom/join.json", "userId=u2&chatroomId=r1").await;

    // The global ban is the users' chatroom mute.
    ok(&server, "/chatroom/user/ban/add.json", "userId=u1&minute=60").await;
    let body = ok(&server, "/chatroom/user/ban/query.json", "").await;
    assert_eq!(body["users"].as_array().map(Vec::len), Some(1), "{body}");
    let token = app_token(&server).await;
    let mute = easemob_get(&server, &token, "/acme/chat/mutes/u1").await;
    assert!(
        mute["data"]["chatroom"].as_i64().is_some_and(|until| until > 0),
        "{mute}"
    );
    ok(&server, "/chatroom/user/ban/remove.json", "userId=u1").await;
    assert_eq!(
        ok(&server, "/chatroom/user/ban/query.json", "").await["users"],
        json!([])
    );

    let refusals: [(&str, &str, u16, i64, &str); 7] = [
        (
            "/chatroom/user/gag/add.json",
            "userId=u1&chatroomId=r1&minute=0",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/chatroom/user/gag/add.json",
            "userId=u1&chatroomId=nope&minute=5",
            404,
            1016,
            "聊天室不存在",
        ),
        (
            "/chatroom/user/gag/list.json",
            "chatroomId=nope",
            404,
            1016,
            "聊天室不存在",
        ),
        (
            "/chatroom/user/block/add.json",
            "userId=ghost&chatroomId=r1&minute=5",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/chatroom/user/block/add.json",
            "userId=u1&chatroomId=r1&minute=43201",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/chatroom/user/ban/add.json",
            "userId=u1",
            400,
            1001,
            "请求参数错误",
        ),
        ("/chatroom/user/ban/remove.json", "", 400, 1001, "请求参数错误"),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
}

#[tokio::test]
async fn a_timed_block_lifts_itself() {
    let server = TestServer::start().await;
    users(&server, &["u1"]).await;
    ok(&server, "/chatroom/create.json", "chatroom[r1]=R").await;
    ok(
        &server,
        "/chatroom/user/block/add.json",
        "userId=u1&chatroomId=r1&minute=1",
    )
    .await;
    // Move the deadline into the past, as if the minute were over, and wake the task with another block.
    let options =
        sqlx::sqlite::SqliteConnectOptions::new().filename(server._directory.path().join("natter.db"));
    let outside = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("open");
    sqlx::query("UPDATE rongcloud_chatroom_blocks SET until_ms = 1")
        .execute(&outside)
        .await
        .expect("update");
    users(&server, &["u2"]).await;
    ok(
        &server,
        "/chatroom/user/block/add.json",
        "userId=u2&chatroomId=r1&minute=30",
    )
    .await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let body = ok(&server, "/chatroom/user/block/list.json", "chatroomId=r1").await;
        let blocked: Vec<&str> = body["users"]
            .as_array()
            .expect("users")
            .iter()
            .filter_map(|user| user["userId"].as_str())
            .collect();
        if blocked == ["u2"] {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "u1's block was not lifted: {body}"
        );
        tokio::task::yield_now().await;
    }
    ok(&server, "/chatroom/join.json", "userId=u1&chatroomId=r1").await;
}

#[tokio::test]
async fn the_user_whitelist_is_the_room_allowlist_and_the_switches() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2"]).await;
    ok(&server, "/chatroom/create.json", "chatroom[r1]=R&chatroom[r2]=S").await;
    ok(&server, "/chatroom/join.json", "userId=u1&chatroomId=r1").await;
    ok(
        &server,
        "/chatroom/user/whitelist/add.json",
        "chatroomId=r1&userId=u1",
    )
    .await;
    assert_eq!(
        ok(&server, "/chatroom/user/whitelist/query.json", "chatroomId=r1").await["users"],
        json!(["u1"])
    );
    let token = app_token(&server).await;
    let allowed = easemob_get(&server, &token, "/acme/chat/chatrooms/r1/white/users").await;
    assert!(allowed["data"].to_string().contains("u1"), "{allowed}");
    ok(
        &server,
        "/chatroom/user/whitelist/remove.json",
        "chatroomId=r1&userId=u1",
    )
    .await;
    assert_eq!(
        ok(&server, "/chatroom/user/whitelist/query.json", "chatroomId=r1").await["users"],
        json!([])
    );

    ok(&server, "/chatroom/keepalive/add.json", "chatroomId=r2").await;
    ok(&server, "/chatroom/keepalive/add.json", "chatroomId=r1").await;
    assert_eq!(
        ok(&server, "/chatroom/keepalive/query.json", "").await["chatroomIds"],
        json!(["r1", "r2"])
    );
    ok(&server, "/chatroom/keepalive/remove.json", "chatroomId=r1").await;
    assert_eq!(
        ok(&server, "/chatroom/keepalive/query.json", "").await["chatroomIds"],
        json!(["r2"])
    );

    ok(
        &server,
        "/chatroom/message/stopDistribution.json",
        "chatroomId=r1",
    )
    .await;
    let handle = store(&server).await;
    let room = natter_core::chatroom::ChatRoomId::parse("r1").expect("id");
    let stopped = natter_store::RongCloudGroupStore::room_flag(
        &handle,
        server.app.id,
        &room,
        natter_store::RoomFlag::DistributionStopped,
    );
    assert!(stopped.await.expect("read"));
    ok(
        &server,
        "/chatroom/message/resumeDistribution.json",
        "chatroomId=r1",
    )
    .await;
    let resumed = natter_store::RongCloudGroupStore::room_flag(
        &handle,
        server.app.id,
        &room,
        natter_store::RoomFlag::DistributionStopped,
    );
    assert!(!resumed.await.expect("read"));

    let refusals: [(&str, &str, u16, i64, &str); 6] = [
        (
            "/chatroom/user/whitelist/add.json",
            "chatroomId=nope&userId=u1",
            404,
            1016,
            "聊天室不存在",
        ),
        (
            "/chatroom/user/whitelist/add.json",
            "chatroomId=r1&userId=u1&userId=u2&userId=a&userId=b&userId=c&userId=d",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/chatroom/user/whitelist/add.json",
            "chatroomId=r1&userId=ghost",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/chatroom/keepalive/add.json",
            "chatroomId=nope",
            404,
            1016,
            "聊天室不存在",
        ),
        (
            "/chatroom/message/stopDistribution.json",
            "chatroomId=nope",
            404,
            1016,
            "聊天室不存在",
        ),
        (
            "/chatroom/message/resumeDistribution.json",
            "",
            400,
            1001,
            "请求参数错误",
        ),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
}

#[tokio::test]
async fn message_type_whitelist_and_priorities() {
    let server = TestServer::start().await;
    ok(
        &server,
        "/chatroom/whitelist/add.json",
        "objectnames=RC:TxtMsg&objectnames=RC:ImgMsg",
    )
    .await;
    let body = ok(&server, "/chatroom/whitelist/query.json", "").await;
    assert_eq!(body["objectNames"], json!(["RC:TxtMsg", "RC:ImgMsg"]));
    assert_eq!(body["whitlistMsgType"], body["objectNames"]);
    ok(
        &server,
        "/chatroom/whitelist/delete.json",
        "objectnames=RC:TxtMsg",
    )
    .await;
    assert_eq!(
        ok(&server, "/chatroom/whitelist/query.json", "").await["objectNames"],
        json!(["RC:ImgMsg"])
    );

    ok(
        &server,
        "/chatroom/message/priority/add.json",
        "objectName=RC:VcMsg",
    )
    .await;
    assert_eq!(
        ok(&server, "/chatroom/message/priority/query.json", "").await["objectNames"],
        json!(["RC:VcMsg"])
    );
    ok(
        &server,
        "/chatroom/message/priority/remove.json",
        "objectName=RC:VcMsg",
    )
    .await;
    assert_eq!(
        ok(&server, "/chatroom/message/priority/query.json", "").await["objectNames"],
        json!([])
    );

    let six: String = (0..6).map(|index| format!("objectName=T:{index}&")).collect();
    rongcloud_error(
        post(&server, "/chatroom/message/priority/add.json", &six).await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post(&server, "/chatroom/whitelist/add.json", "").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    let long = format!("objectnames={}", "x".repeat(33));
    rongcloud_error(
        post(&server, "/chatroom/whitelist/add.json", &long).await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    // 20 types at most on a list.
    for batch in 0..4 {
        let five: String = (0..5)
            .map(|index| format!("objectName=T:{batch}{index}&"))
            .collect();
        ok(&server, "/chatroom/message/priority/add.json", &five).await;
    }
    rongcloud_error(
        post(
            &server,
            "/chatroom/message/priority/add.json",
            "objectName=One:More",
        )
        .await,
        403,
        1038,
        "配额超限",
    )
    .await;
}

// ---- Tags, conversation do-not-disturb, sensitive words

#[tokio::test]
async fn user_tags() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2", "u3"]).await;
    success(
        post_json(
            &server,
            "/user/tag/set.json",
            &json!({"userId": "u1", "tags": ["帅哥", "北京"]}),
        )
        .await,
    )
    .await;
    success(
        post_json(
            &server,
            "/user/tag/batch/set.json",
            &json!({"userIds": ["u2", "u3"], "tags": ["x"]}),
        )
        .await,
    )
    .await;
    let body = ok(&server, "/user/tags/get.json", "userIds=u1&userIds=u2&userIds=u3").await;
    assert_eq!(
        body["result"],
        json!({"u1": ["帅哥", "北京"], "u2": ["x"], "u3": ["x"]})
    );
    // A set replaces, and no tags clears.
    success(
        post_json(
            &server,
            "/user/tag/set.json",
            &json!({"userId": "u2", "tags": []}),
        )
        .await,
    )
    .await;
    assert_eq!(
        ok(&server, "/user/tags/get.json", "userIds=u2").await["result"],
        json!({"u2": []})
    );

    let too_many: Vec<String> = (0..21).map(|index| format!("t{index}")).collect();
    rongcloud_error(
        post_json(
            &server,
            "/user/tag/set.json",
            &json!({"userId": "u1", "tags": too_many}),
        )
        .await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post_json(
            &server,
            "/user/tag/set.json",
            &json!({"userId": "u1", "tags": ["x".repeat(41)]}),
        )
        .await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post_json(
            &server,
            "/user/tag/set.json",
            &json!({"userId": "ghost", "tags": ["a"]}),
        )
        .await,
        404,
        1003,
        "用户不存在",
    )
    .await;
    rongcloud_error(
        post(&server, "/user/tags/get.json", "").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    let handle = store(&server).await;
    let u1 = natter_store::UserStore::user_by_name(
        &handle,
        server.app.id,
        &natter_core::UserName::lookup("u1").expect("id"),
    )
    .await
    .expect("read")
    .expect("u1");
    assert_eq!(
        handle.user_tags(u1.id).await.expect("tags"),
        ["帅哥", "北京"],
        "a refused set changes nothing"
    );
}

#[tokio::test]
async fn conversation_do_not_disturb_is_the_easemob_push_setting() {
    let server = TestServer::start().await;
    users(&server, &["u1", "u2"]).await;
    ok(&server, "/group/create.json", "userId=u1&groupId=g&groupName=G").await;
    let muted = |body: Value| body["isMuted"].clone();
    assert_eq!(
        muted(
            ok(
                &server,
                "/conversation/notification/get.json",
                "conversationType=1&userId=u1&targetId=u2"
            )
            .await
        ),
        0
    );
    ok(
        &server,
        "/conversation/notification/set.json",
        "conversationType=1&userId=u1&targetId=u2&isMuted=1",
    )
    .await;
    assert_eq!(
        muted(
            ok(
                &server,
                "/conversation/notification/get.json",
                "conversationType=1&userId=u1&targetId=u2"
            )
            .await
        ),
        1
    );
    // The Easemob door's per-conversation setting of the same user.
    let token = app_token(&server).await;
    let setting = easemob_get(&server, &token, "/acme/chat/users/u1/notification/user/u2").await;
    assert_eq!(setting["data"]["type"], "NONE", "{setting}");
    ok(
        &server,
        "/conversation/notification/set.json",
        "conversationType=1&userId=u1&targetId=u2&isMuted=0",
    )
    .await;
    assert_eq!(
        muted(
            ok(
                &server,
                "/conversation/notification/get.json",
                "conversationType=1&userId=u1&targetId=u2"
            )
            .await
        ),
        0
    );

    // rc-server-sdk 3.2.0 sends the user as `requestId`.
    ok(
        &server,
        "/conversation/notification/set.json",
        "conversationType=3&requestId=u1&targetId=g&isMuted=1",
    )
    .await;
    assert_eq!(
        muted(
            ok(
                &server,
                "/conversation/notification/get.json",
                "conversationType=3&requestId=u1&targetId=g"
            )
            .await
        ),
        1
    );
    // Other conversation types are kept apart.
    ok(
        &server,
        "/conversation/notification/set.json",
        "conversationType=6&userId=u1&targetId=system&isMuted=1",
    )
    .await;
    assert_eq!(
        muted(
            ok(
                &server,
                "/conversation/notification/get.json",
                "conversationType=6&userId=u1&targetId=system"
            )
            .await
        ),
        1
    );
    assert_eq!(
        muted(
            ok(
                &server,
                "/conversation/notification/get.json",
                "conversationType=7&userId=u1&targetId=system"
            )
            .await
        ),
        0
    );

    let refusals: [(&str, &str, u16, i64, &str); 7] = [
        (
            "/conversation/notification/set.json",
            "conversationType=1&userId=u1&targetId=u2&isMuted=2",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/conversation/notification/set.json",
            "conversationType=1&userId=u1&targetId=u2",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/conversation/notification/set.json",
            "conversationType=0&userId=u1&targetId=u2&isMuted=1",
            400,
            1001,
            "请求参数错误",
        ),
        (
            "/conversation/notification/set.json",
            "conversationType=1&userId=ghost&targetId=u2&isMuted=1",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/conversation/notification/set.json",
            "conversationType=1&userId=u1&targetId=ghost&isMuted=1",
            404,
            1003,
            "用户不存在",
        ),
        (
            "/conversation/notification/set.json",
            "conversationType=3&userId=u1&targetId=nope&isMuted=1",
            404,
            1012,
            "群组不存在",
        ),
        (
            "/conversation/notification/get.json",
            "conversationType=1&targetId=u2",
            400,
            1001,
            "请求参数错误",
        ),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
}

#[tokio::test]
async fn sensitive_words_are_kept_per_app_for_the_message_pipeline() {
    let server = TestServer::start().await;
    ok(&server, "/sensitiveword/add.json", "word=黄赌毒&replaceWord=***").await;
    ok(&server, "/sensitiveword/add.json", "word=qqq").await;
    ok(&server, "/wordfilter/add.json", "word=money").await;
    let body = ok(&server, "/sensitiveword/list.json", "type=2").await;
    assert_eq!(
        body["words"],
        json!([
            {"type": "0", "word": "黄赌毒", "replaceWord": "***"},
            {"type": "1", "word": "qqq", "replaceWord": ""},
            {"type": "1", "word": "money", "replaceWord": ""},
        ])
    );
    let blocked = ok(&server, "/sensitiveword/list.json", "").await;
    assert_eq!(
        blocked["words"].as_array().map(Vec::len),
        Some(2),
        "type 1 by default: {blocked}"
    );
    let replaced = ok(&server, "/sensitiveword/list.json", "type=0").await;
    assert_eq!(replaced["words"][0]["word"], "黄赌毒");
    assert_eq!(
        ok(&server, "/wordfilter/list.json", "").await["words"],
        body["words"]
    );

    let handle = store(&server).await;
    let words = handle.sensitive_words(server.app.id).await.expect("words");
    assert_eq!(words.len(), 3);
    assert_eq!(words[0].replacement.as_deref(), Some("***"));

    // rc-server-sdk 3.2.0 deletes one word as `['word']`.
    ok(&server, "/sensitiveword/delete.json", "word=['qqq']").await;
    ok(&server, "/wordfilter/delete.json", "word=money").await;
    ok(&server, "/sensitiveword/delete.json", "word=never-added").await;
    // A fresh handle: a store caches the words it read, and only its own writes invalidate them.
    let handle = store(&server).await;
    assert_eq!(
        handle.sensitive_words(server.app.id).await.expect("words").len(),
        1
    );
    ok(&server, "/sensitiveword/add.json", "word=a").await;
    ok(
        &server,
        "/sensitiveword/batch/delete.json",
        "words=黄赌毒&words=a",
    )
    .await;
    let handle = store(&server).await;
    assert!(
        handle
            .sensitive_words(server.app.id)
            .await
            .expect("words")
            .is_empty()
    );

    let refusals: [(&str, &str, u16, i64, &str); 5] = [
        ("/sensitiveword/add.json", "", 400, 1001, "请求参数错误"),
        (
            "/sensitiveword/add.json",
            "word=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            400,
            1001,
            "请求参数错误",
        ),
        ("/sensitiveword/list.json", "type=3", 400, 1001, "请求参数错误"),
        ("/sensitiveword/batch/delete.json", "", 400, 1001, "请求参数错误"),
        ("/sensitiveword/delete.json", "", 400, 1001, "请求参数错误"),
    ];
    for (path, body, status, code, message) in refusals {
        rongcloud_error(post(&server, path, body).await, status, code, message).await;
    }
    for index in 0..50 {
        ok(&server, "/sensitiveword/add.json", &format!("word=w{index}")).await;
    }
    rongcloud_error(
        post(&server, "/sensitiveword/add.json", "word=one-more").await,
        403,
        1038,
        "配额超限",
    )
    .await;
    // Replacing the replacement of a word the app has is no new word.
    ok(&server, "/sensitiveword/add.json", "word=w0&replaceWord=*").await;
}
