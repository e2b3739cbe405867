//! The user system over real HTTP (reference §2.1–2.10): registration (open, authorized, batch), get, list,
//! delete, password change, ban and unban, with their documented envelopes and error rows.

use crate::{TestServer, easemob_error};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The app token of the test app (`client_credentials`).
pub(crate) async fn app_token(server: &TestServer) -> String {
    let body = ok_json(
        server
            .http
            .post(server.url("/acme/chat/token"))
            .json(&json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret"}))
            .send()
            .await
            .expect("request"),
    )
    .await;
    body["access_token"].as_str().expect("access_token").to_string()
}

/// A user token by password (`grant_type=password`).
pub(crate) async fn user_token(server: &TestServer, username: &str, password: &str) -> String {
    let body = ok_json(
        server
            .http
            .post(server.url("/acme/chat/token"))
            .json(&json!({"grant_type":"password","username":username,"password":password}))
            .send()
            .await
            .expect("request"),
    )
    .await;
    body["access_token"].as_str().expect("access_token").to_string()
}

/// Sends `method path` with an optional bearer token and an optional JSON body.
pub(crate) async fn call(
    server: &TestServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = server.http.request(method, server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request")
}

/// Asserts a 200 JSON reply and returns its body.
pub(crate) async fn ok_json(response: reqwest::Response) -> Value {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("application/json"), "{content_type:?}");
    body
}

/// Registers users with the app token; every one must be created.
pub(crate) async fn register(server: &TestServer, token: &str, users: &[(&str, &str)]) -> Value {
    let body: Vec<Value> = users
        .iter()
        .map(|(username, password)| json!({"username": username, "password": password}))
        .collect();
    let reply = ok_json(
        call(
            server,
            Method::POST,
            "/acme/chat/users",
            Some(token),
            Some(json!(body)),
        )
        .await,
    )
    .await;
    assert_eq!(
        reply["entities"].as_array().map(Vec::len),
        Some(users.len()),
        "{reply}"
    );
    reply
}

/// The wall clock in Unix ms, as the server reads it.
pub(crate) fn now_ms() -> i64 {
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(elapsed.as_millis()).expect("fits")
}

fn keys(body: &Value) -> BTreeSet<&str> {
    body.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

/// The full envelope (§0.3, §2.1): app identity, `path` = the resource, `uri` = the request URL.
fn assert_envelope(server: &TestServer, body: &Value, action: &str, uri_path: &str) {
    assert_eq!(body["action"], action, "{body}");
    assert_eq!(body["application"], server.app.uuid, "{body}");
    assert_eq!(body["path"], "/users", "{body}");
    assert_eq!(body["uri"], format!("{}{uri_path}", server.base_url), "{body}");
    assert_eq!(body["organization"], "acme", "{body}");
    assert_eq!(body["applicationName"], "chat", "{body}");
    assert_timing(body);
}

fn assert_timing(body: &Value) {
    let now = now_ms();
    let timestamp = body["timestamp"].as_i64().expect("timestamp");
    assert!(timestamp <= now && timestamp > now - 60_000, "{body}");
    assert!(body["duration"].as_u64().is_some(), "{body}");
}

/// A user entity (§0.3): `uuid`, `type`, `created`, `modified`, `username`, `activated`, `nickname` if set.
fn assert_user(entity: &Value, username: &str, activated: bool, nickname: Option<&str>) {
    assert_eq!(entity["type"], "user", "{entity}");
    assert_eq!(entity["username"], username, "{entity}");
    assert_eq!(entity["activated"], activated, "{entity}");
    let uuid = entity["uuid"].as_str().expect("uuid");
    assert!(uuid::Uuid::parse_str(uuid).is_ok(), "{uuid}");
    let created = entity["created"].as_i64().expect("created");
    let modified = entity["modified"].as_i64().expect("modified");
    assert!(created > 1_600_000_000_000 && modified >= created, "{entity}");
    match nickname {
        Some(nickname) => assert_eq!(entity["nickname"], nickname, "{entity}"),
        None => assert!(entity.get("nickname").is_none(), "{entity}"),
    }
    let mut expected = set(&["uuid", "type", "created", "modified", "username", "activated"]);
    if nickname.is_some() {
        expected.insert("nickname");
    }
    assert_eq!(keys(entity), expected, "{entity}");
}

fn usernames(body: &Value) -> Vec<String> {
    body["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|entity| entity["username"].as_str().expect("username").to_string())
        .collect()
}

/// Every user of the app, oldest first, read through the paged list.
async fn all_usernames(server: &TestServer, token: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/acme/chat/users?limit=100&cursor={cursor}"),
            None => "/acme/chat/users?limit=100".to_string(),
        };
        let body = ok_json(call(server, Method::GET, &path, Some(token), None).await).await;
        names.extend(usernames(&body));
        match body["cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return names,
        }
    }
}

const DUPLICATE: &str = "duplicate_unique_property_exists";

fn duplicate_text(server: &TestServer, username: &str) -> String {
    format!(
        "Application {} Entity user requires that property named username be unique, value of {username} exists",
        server.app.uuid
    )
}

// ---------------------------------------------------------------------------------------------------------
// §2.1 open registration

#[tokio::test]
async fn open_registration_creates_a_user_without_a_token() {
    let server = TestServer::start_open_registration().await;
    let response = call(
        &server,
        Method::POST,
        "/acme/chat/users",
        None,
        Some(json!({"username":"User1","password":"123","nickname":"testuser"})),
    )
    .await;
    let body = ok_json(response).await;
    assert_envelope(&server, &body, "post", "/acme/chat/users");
    // The documented example has exactly these fields: no `data`, `count` or `cursor` for one object.
    assert_eq!(
        keys(&body),
        set(&[
            "action",
            "application",
            "path",
            "uri",
            "entities",
            "timestamp",
            "duration",
            "organization",
            "applicationName"
        ])
    );
    let entities = body["entities"].as_array().expect("entities");
    assert_eq!(entities.len(), 1);
    // Mixed case is stored and returned lower-cased (§2.0, §13.4).
    assert_user(&entities[0], "user1", true, Some("testuser"));
    assert_eq!(entities[0]["created"], entities[0]["modified"]);

    let plain = ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            None,
            Some(json!({"username":"user2","password":"123"})),
        )
        .await,
    )
    .await;
    assert_user(&plain["entities"][0], "user2", true, None);

    // The user can log in with the password it registered.
    let token = user_token(&server, "user1", "123").await;
    let own = ok_json(call(&server, Method::GET, "/acme/chat/users/user1", Some(&token), None).await).await;
    assert_eq!(own["entities"][0]["uuid"], entities[0]["uuid"]);
}

#[tokio::test]
async fn open_registration_refuses_each_bad_field_with_its_documented_row() {
    let server = TestServer::start_open_registration().await;
    let register = |body: Value| call(&server, Method::POST, "/acme/chat/users", None, Some(body));
    let long_name = "a".repeat(65);
    let cases = [
        (
            json!({"username":"a b","password":"1"}),
            "username a b is not legal",
        ),
        (
            json!({"username":"ali@ce","password":"1"}),
            "username ali@ce is not legal",
        ),
        (json!({"username":"","password":"1"}), "username  is not legal"),
        (
            json!({"username":"名字","password":"1"}),
            "username 名字 is not legal",
        ),
        (
            json!({"username":123,"password":"1"}),
            "username 123 is not legal",
        ),
        (json!({"username":long_name,"password":"1"}), "USERNAME_TOO_LONG"),
        (json!({"username":"bob"}), "password or pin must provided"),
        (
            json!({"username":"bob","password":""}),
            "password or pin must provided",
        ),
        (
            json!({"username":"bob","password":null}),
            "password or pin must provided",
        ),
        (
            json!({"username":"bob","password":"1","nickname":"n".repeat(101)}),
            "NICKNAME_TOO_LONG",
        ),
        (
            json!({"password":"1"}),
            "Entity user requires a property named username",
        ),
    ];
    for (body, description) in cases {
        easemob_error(register(body.clone()).await, 400, "illegal_argument", description).await;
    }
    // The limits themselves are allowed: 64 bytes of user ID, 100 characters of nickname.
    let longest = "b".repeat(64);
    let body =
        ok_json(register(json!({"username":longest,"password":"1","nickname":"昵".repeat(100)})).await).await;
    assert_eq!(body["entities"][0]["username"], longest);

    // An existing user (any case) is the documented duplicate row, naming the app by its UUID.
    ok_json(register(json!({"username":"taken","password":"1"})).await).await;
    easemob_error(
        register(json!({"username":"TAKEN","password":"2"})).await,
        400,
        DUPLICATE,
        &duplicate_text(&server, "taken"),
    )
    .await;

    let token = app_token(&server).await;
    assert_eq!(
        all_usernames(&server, &token).await,
        vec![longest, "taken".to_string()]
    );
}

// ---------------------------------------------------------------------------------------------------------
// §2.2 / §2.3 authorized registration

#[tokio::test]
async fn authorized_registration_needs_an_app_token() {
    let server = TestServer::start().await;
    easemob_error(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            None,
            Some(json!({"username":"alice","password":"1"})),
        )
        .await,
        401,
        "unauthorized",
        "registration is not open, please contact the app admin",
    )
    .await;

    let token = app_token(&server).await;
    register(&server, &token, &[("alice", "1")]).await;
    // A user token is not an app token (§0.6: corrupt access token), in either registration mode.
    let alice = user_token(&server, "alice", "1").await;
    easemob_error(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&alice),
            Some(json!({"username":"mallory","password":"1"})),
        )
        .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let open = TestServer::start_open_registration().await;
    let open_token = app_token(&open).await;
    register(&open, &open_token, &[("alice", "1")]).await;
    let open_alice = user_token(&open, "alice", "1").await;
    easemob_error(
        call(
            &open,
            Method::POST,
            "/acme/chat/users",
            Some(&open_alice),
            Some(json!({"username":"mallory","password":"1"})),
        )
        .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    assert_eq!(all_usernames(&server, &token).await, vec!["alice"]);
    assert_eq!(all_usernames(&open, &open_token).await, vec!["alice"]);
}

#[tokio::test]
async fn authorized_registration_takes_an_object_or_an_array() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    let object = ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(json!({"username":"solo","password":"1","nickname":"Solo"})),
        )
        .await,
    )
    .await;
    assert_envelope(&server, &object, "post", "/acme/chat/users");
    assert!(object.get("data").is_none(), "{object}");
    assert_user(&object["entities"][0], "solo", true, Some("Solo"));

    // The documented single-user example is an array of one; an array gets the batch reply (`data: []`).
    let one = ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(json!([{"username":"user1","password":"123"}])),
        )
        .await,
    )
    .await;
    assert_envelope(&server, &one, "post", "/acme/chat/users");
    assert_eq!(one["data"], json!([]));
    assert_user(&one["entities"][0], "user1", true, None);

    let batch = ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(json!([
                {"username":"user2","password":"123"},
                {"username":"User3","password":"456","nickname":"three"},
                {"username":"user4","password":"789"}
            ])),
        )
        .await,
    )
    .await;
    assert_envelope(&server, &batch, "post", "/acme/chat/users");
    assert_eq!(batch["data"], json!([]));
    assert_eq!(usernames(&batch), vec!["user2", "user3", "user4"]);
    assert_user(&batch["entities"][1], "user3", true, Some("three"));
    // Each batch member has its own password.
    user_token(&server, "user3", "456").await;
    user_token(&server, "user4", "789").await;
    assert_eq!(
        all_usernames(&server, &token).await,
        vec!["solo", "user1", "user2", "user3", "user4"]
    );
}

#[tokio::test]
async fn authorized_registration_errors_use_the_bracketed_wording() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    let register = |body: Value| {
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(body),
        )
    };
    let cases = [
        (
            json!({"username":"a b","password":"1"}),
            "username [a b] is not legal",
        ),
        (
            json!([{"username":"a#b","password":"1"}]),
            "username [a#b] is not legal",
        ),
        (
            json!([{"username":true,"password":"1"}]),
            "username [true] is not legal",
        ),
        (
            json!({"username":"x".repeat(65),"password":"1"}),
            "USERNAME_TOO_LONG",
        ),
        (json!([{"username":"bob"}]), "password or pin must provided"),
        (
            json!({"username":"bob","password":""}),
            "password or pin must provided",
        ),
        (
            json!([{"username":"bob","password":"1","nickname":"n".repeat(101)}]),
            "NICKNAME_TOO_LONG",
        ),
        (
            json!([{"password":"1"}]),
            "Entity user requires a property named username",
        ),
        // Neither an object nor a non-empty array of objects.
        (json!([]), "this is an invalid request."),
        (json!("alice"), "this is an invalid request."),
        (json!(["alice"]), "this is an invalid request."),
    ];
    for (body, description) in cases {
        easemob_error(register(body.clone()).await, 400, "illegal_argument", description).await;
    }
    // One bad member refuses the whole batch: nothing is created.
    easemob_error(
        register(json!([
            {"username":"good1","password":"1"},
            {"username":"bad one","password":"1"}
        ]))
        .await,
        400,
        "illegal_argument",
        "username [bad one] is not legal",
    )
    .await;
    assert!(all_usernames(&server, &token).await.is_empty());
}

#[tokio::test]
async fn a_batch_holds_at_most_sixty_users() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    let batch = |range: std::ops::Range<usize>| {
        json!(
            range
                .map(|index| json!({"username": format!("u{index:03}"), "password": "pw"}))
                .collect::<Vec<_>>()
        )
    };
    easemob_error(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(batch(0..61)),
        )
        .await,
        400,
        "illegal_argument",
        "Request body array size[61] had almost reached or been greater than the upper range value[60]",
    )
    .await;
    assert!(
        all_usernames(&server, &token).await.is_empty(),
        "a refused batch creates nothing"
    );

    let body = ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(batch(0..60)),
        )
        .await,
    )
    .await;
    assert_eq!(body["entities"].as_array().map(Vec::len), Some(60));
    assert_eq!(body["data"], json!([]));
    ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(batch(60..120)),
        )
        .await,
    )
    .await;

    // §2.5: `limit` above 100 returns 100, then the rest; creation order throughout.
    let first = ok_json(
        call(
            &server,
            Method::GET,
            "/acme/chat/users?limit=500",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(first["count"], 100);
    assert_eq!(first["params"], json!({"limit": ["500"]}));
    let cursor = first["cursor"].as_str().expect("a cursor after 100 of 120");
    let second = ok_json(
        call(
            &server,
            Method::GET,
            &format!("/acme/chat/users?limit=500&cursor={cursor}"),
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(second["count"], 20);
    assert!(second.get("cursor").is_none(), "{second}");
    let mut names = usernames(&first);
    names.extend(usernames(&second));
    let expected: Vec<String> = (0..120).map(|index| format!("u{index:03}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn a_batch_with_an_existing_or_repeated_user_creates_nothing() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &[("old", "1")]).await;
    let register = |body: Value| {
        call(
            &server,
            Method::POST,
            "/acme/chat/users",
            Some(&token),
            Some(body),
        )
    };

    // All-or-nothing (seed 001): an existing user fails the batch, and nothing else is created.
    easemob_error(
        register(json!([
            {"username":"new1","password":"1"},
            {"username":"old","password":"1"},
            {"username":"new2","password":"1"}
        ]))
        .await,
        400,
        DUPLICATE,
        &duplicate_text(&server, "old"),
    )
    .await;
    // The same user twice in one body (here differing only in case) is the same refusal.
    easemob_error(
        register(json!([
            {"username":"twin","password":"1"},
            {"username":"new3","password":"1"},
            {"username":"TWIN","password":"2"}
        ]))
        .await,
        400,
        DUPLICATE,
        &duplicate_text(&server, "twin"),
    )
    .await;
    // A single object naming an existing user.
    easemob_error(
        register(json!({"username":"Old","password":"x"})).await,
        400,
        DUPLICATE,
        &duplicate_text(&server, "old"),
    )
    .await;
    assert_eq!(all_usernames(&server, &token).await, vec!["old"]);
    // The existing user's password was not touched.
    user_token(&server, "old", "1").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_registrations_of_one_user_id_create_it_once() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..20 {
        let request = server
            .http
            .post(server.url("/acme/chat/users"))
            .bearer_auth(&token)
            .json(&json!({"username":"racer","password": format!("pw{index}")}));
        tasks.spawn(async move {
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            let body: Value = response.json().await.expect("json");
            (status, body, index)
        });
    }
    let mut winners = Vec::new();
    let expected_duplicate = duplicate_text(&server, "racer");
    while let Some(result) = tasks.join_next().await {
        let (status, body, index) = result.expect("task");
        match status {
            200 => winners.push((index, body)),
            400 => {
                assert_eq!(body["error"], DUPLICATE, "{body}");
                assert_eq!(body["error_description"], expected_duplicate, "{body}");
            }
            other => panic!("unexpected status {other}: {body}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one registration wins");
    let (index, body) = &winners[0];
    assert_eq!(all_usernames(&server, &token).await, vec!["racer"]);
    // The stored user is the winner's: its password logs in.
    let login = ok_json(
        server
            .http
            .post(server.url("/acme/chat/token"))
            .json(&json!({"grant_type":"password","username":"racer","password":format!("pw{index}")}))
            .send()
            .await
            .expect("request"),
    )
    .await;
    assert_eq!(login["user"]["uuid"], body["entities"][0]["uuid"]);
}

// ---------------------------------------------------------------------------------------------------------
// §2.4 get one user

#[tokio::test]
async fn get_one_user_with_the_app_token_or_its_own_token() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &[("alice", "a"), ("bob", "b")]).await;

    let body = ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&token), None).await).await;
    assert_envelope(&server, &body, "get", "/acme/chat/users/alice");
    assert_eq!(body["count"], 1);
    assert_user(&body["entities"][0], "alice", true, None);
    assert!(
        body.get("cursor").is_none() && body.get("data").is_none(),
        "{body}"
    );

    // User IDs are case-insensitive in paths too.
    let upper = ok_json(call(&server, Method::GET, "/acme/chat/users/ALICE", Some(&token), None).await).await;
    assert_eq!(upper["entities"][0]["uuid"], body["entities"][0]["uuid"]);

    let alice = user_token(&server, "alice", "a").await;
    let own = ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&alice), None).await).await;
    assert_eq!(own["entities"][0], body["entities"][0]);
    easemob_error(
        call(&server, Method::GET, "/acme/chat/users/bob", Some(&alice), None).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;

    for missing in ["/acme/chat/users/nobody", "/acme/chat/users/not%20legal"] {
        easemob_error(
            call(&server, Method::GET, missing, Some(&token), None).await,
            404,
            "service_resource_not_found",
            "Service resource not found",
        )
        .await;
    }
    easemob_error(
        call(&server, Method::GET, "/acme/chat/users/alice", None, None).await,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
    easemob_error(
        call(
            &server,
            Method::GET,
            "/acme/other/users/alice",
            Some(&token),
            None,
        )
        .await,
        404,
        "organization_application_not_found",
        "Could not find application for acme/other from URI: acme/other/users/alice",
    )
    .await;
}

// ---------------------------------------------------------------------------------------------------------
// §2.5 list

#[tokio::test]
async fn the_list_pages_by_cursor_in_creation_order_until_the_cursor_disappears() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    let names = ["n1", "n2", "n3", "n4", "n5", "n6", "n7"];
    let users: Vec<(&str, &str)> = names.iter().map(|name| (*name, "pw")).collect();
    register(&server, &token, &users).await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/acme/chat/users?limit=3&cursor={cursor}"),
            None => "/acme/chat/users?limit=3".to_string(),
        };
        let body = ok_json(call(&server, Method::GET, &path, Some(&token), None).await).await;
        pages += 1;
        assert_envelope(&server, &body, "get", "/acme/chat/users");
        // `params` echoes the query, as an object of string arrays.
        let mut params = json!({"limit": ["3"]});
        if let Some(cursor) = &cursor {
            params["cursor"] = json!([cursor]);
        }
        assert_eq!(body["params"], params, "{body}");
        let page = usernames(&body);
        assert_eq!(body["count"], page.len(), "{body}");
        for entity in body["entities"].as_array().expect("entities") {
            assert_user(entity, entity["username"].as_str().expect("name"), true, None);
        }
        seen.extend(page);
        match body["cursor"].as_str() {
            Some(next) => {
                assert_eq!(body["count"], 3);
                cursor = Some(next.to_string());
            }
            None => break,
        }
        assert!(pages < 10, "the cursor never disappeared");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, names);

    // Default limit 10: one page, no cursor, no `params` since none were given.
    let all = ok_json(call(&server, Method::GET, "/acme/chat/users", Some(&token), None).await).await;
    assert_eq!(usernames(&all), names);
    assert_eq!(all["count"], 7);
    assert!(
        all.get("cursor").is_none() && all.get("params").is_none(),
        "{all}"
    );
    // A page that ends exactly at the last user has no cursor either.
    let exact = ok_json(
        call(
            &server,
            Method::GET,
            "/acme/chat/users?limit=7",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(exact["count"], 7);
    assert!(exact.get("cursor").is_none(), "{exact}");
}

#[tokio::test]
async fn the_list_refuses_bad_paging_and_user_tokens() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &[("alice", "a")]).await;
    for query in ["limit=0", "limit=-1", "limit=ten"] {
        easemob_error(
            call(
                &server,
                Method::GET,
                &format!("/acme/chat/users?{query}"),
                Some(&token),
                None,
            )
            .await,
            400,
            "illegal_argument",
            "limit must be a number between 1 and 100",
        )
        .await;
    }
    easemob_error(
        call(
            &server,
            Method::GET,
            "/acme/chat/users?cursor=LTgzXXXX2tB",
            Some(&token),
            None,
        )
        .await,
        400,
        "illegal_argument",
        "cursor is invalid",
    )
    .await;
    let alice = user_token(&server, "alice", "a").await;
    easemob_error(
        call(&server, Method::GET, "/acme/chat/users", Some(&alice), None).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    easemob_error(
        call(&server, Method::GET, "/acme/chat/users", None, None).await,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
}

// ---------------------------------------------------------------------------------------------------------
// §2.6 / §2.7 delete

#[tokio::test]
async fn deleting_one_user_returns_it_and_voids_its_tokens() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &[("alice", "a"), ("bob", "b")]).await;
    let alice = user_token(&server, "alice", "a").await;
    let bob = user_token(&server, "bob", "b").await;
    easemob_error(
        call(
            &server,
            Method::DELETE,
            "/acme/chat/users/alice",
            Some(&bob),
            None,
        )
        .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;

    let body = ok_json(
        call(
            &server,
            Method::DELETE,
            "/acme/chat/users/Alice",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_envelope(&server, &body, "delete", "/acme/chat/users/Alice");
    assert_user(&body["entities"][0], "alice", true, None);
    assert_eq!(body["entities"].as_array().map(Vec::len), Some(1));

    easemob_error(
        call(&server, Method::GET, "/acme/chat/users/alice", Some(&token), None).await,
        404,
        "service_resource_not_found",
        "Service resource not found",
    )
    .await;
    easemob_error(
        call(
            &server,
            Method::DELETE,
            "/acme/chat/users/alice",
            Some(&token),
            None,
        )
        .await,
        404,
        "service_resource_not_found",
        "Service resource not found",
    )
    .await;
    // The deleted user's token is void…
    easemob_error(
        call(&server, Method::GET, "/acme/chat/users/alice", Some(&alice), None).await,
        401,
        "unauthorized",
        "Unable to authenticate (OAuth)",
    )
    .await;
    // …and stays void for a new user who takes the same ID.
    register(&server, &token, &[("alice", "new")]).await;
    easemob_error(
        call(&server, Method::GET, "/acme/chat/users/alice", Some(&alice), None).await,
        401,
        "unauthorized",
        "Unable to authenticate (OAuth)",
    )
    .await;
    assert_eq!(all_usernames(&server, &token).await, vec!["bob", "alice"]);
}

#[tokio::test]
async fn deleting_by_count_removes_the_oldest_users() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(
        &server,
        &token,
        &[("d1", "p"), ("d2", "p"), ("d3", "p"), ("d4", "p"), ("d5", "p")],
    )
    .await;
    register(&server, &token, &[("zed", "p")]).await;
    let zed = user_token(&server, "zed", "p").await;
    easemob_error(
        call(
            &server,
            Method::DELETE,
            "/acme/chat/users?limit=2",
            Some(&zed),
            None,
        )
        .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;

    let body = ok_json(
        call(
            &server,
            Method::DELETE,
            "/acme/chat/users?limit=2",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_envelope(&server, &body, "delete", "/acme/chat/users");
    assert_eq!(body["params"], json!({"limit": ["2"]}));
    assert_eq!(usernames(&body), vec!["d1", "d2"]);
    assert_user(&body["entities"][0], "d1", true, None);
    assert_eq!(
        all_usernames(&server, &token).await,
        vec!["d3", "d4", "d5", "zed"]
    );

    easemob_error(
        call(
            &server,
            Method::DELETE,
            "/acme/chat/users?limit=0",
            Some(&token),
            None,
        )
        .await,
        400,
        "illegal_argument",
        "limit must be a number between 1 and 100",
    )
    .await;
    // No limit: the default 10, so everyone left.
    let rest = ok_json(call(&server, Method::DELETE, "/acme/chat/users", Some(&token), None).await).await;
    assert_eq!(usernames(&rest), vec!["d3", "d4", "d5", "zed"]);
    assert!(rest.get("params").is_none(), "{rest}");
    let empty = ok_json(call(&server, Method::GET, "/acme/chat/users", Some(&token), None).await).await;
    assert_eq!(empty["entities"], json!([]));
    assert_eq!(empty["count"], 0);
    let nothing = ok_json(call(&server, Method::DELETE, "/acme/chat/users", Some(&token), None).await).await;
    assert_eq!(nothing["entities"], json!([]));
}

// ---------------------------------------------------------------------------------------------------------
// §2.8 password

async fn login(server: &TestServer, username: &str, password: &str) -> reqwest::Response {
    server
        .http
        .post(server.url("/acme/chat/token"))
        .json(&json!({"grant_type":"password","username":username,"password":password}))
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn changing_the_password_voids_the_old_password_and_tokens() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &[("alice", "old-pw"), ("bob", "b")]).await;
    let before = user_token(&server, "alice", "old-pw").await;
    let bob = user_token(&server, "bob", "b").await;

    let body = ok_json(
        call(
            &server,
            Method::PUT,
            "/acme/chat/users/alice/password",
            Some(&token),
            Some(json!({"newpassword":"new-pw"})),
        )
        .await,
    )
    .await;
    // The documented reply: `action`, `timestamp` and `duration` only.
    assert_eq!(body["action"], "set user password");
    assert_eq!(keys(&body), set(&["action", "timestamp", "duration"]));
    assert_timing(&body);

    easemob_error(
        login(&server, "alice", "old-pw").await,
        400,
        "invalid_grant",
        "invalid password",
    )
    .await;
    let after = user_token(&server, "alice", "new-pw").await;
    easemob_error(
        call(
            &server,
            Method::GET,
            "/acme/chat/users/alice",
            Some(&before),
            None,
        )
        .await,
        401,
        "unauthorized",
        "Unable to authenticate (OAuth)",
    )
    .await;
    ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&after), None).await).await;
    // Other users' tokens are untouched.
    ok_json(call(&server, Method::GET, "/acme/chat/users/bob", Some(&bob), None).await).await;

    // A user may change its own password with its token (the SDK has no such call, the REST API allows
    // an app token or the user's); that token is then void too.
    ok_json(
        call(
            &server,
            Method::PUT,
            "/acme/chat/users/alice/password",
            Some(&after),
            Some(json!({"newpassword":"third-pw"})),
        )
        .await,
    )
    .await;
    easemob_error(
        call(&server, Method::GET, "/acme/chat/users/alice", Some(&after), None).await,
        401,
        "unauthorized",
        "Unable to authenticate (OAuth)",
    )
    .await;
    user_token(&server, "alice", "third-pw").await;
    // But not someone else's.
    easemob_error(
        call(
            &server,
            Method::PUT,
            "/acme/chat/users/alice/password",
            Some(&bob),
            Some(json!({"newpassword":"hijack"})),
        )
        .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    user_token(&server, "alice", "third-pw").await;
}

#[tokio::test]
async fn password_changes_refuse_a_missing_password_and_an_unknown_user() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &[("alice", "pw")]).await;
    for body in [
        json!({}),
        json!({"newpassword":""}),
        json!({"newpassword":null}),
        json!({"newpassword":7}),
    ] {
        easemob_error(
            call(
                &server,
                Method::PUT,
                "/acme/chat/users/alice/password",
                Some(&token),
                Some(body),
            )
            .await,
            400,
            "illegal_argument",
            "newpassword is required",
        )
        .await;
    }
    for path in [
        "/acme/chat/users/ghost/password",
        "/acme/chat/users/no%20one/password",
    ] {
        easemob_error(
            call(
                &server,
                Method::PUT,
                path,
                Some(&token),
                Some(json!({"newpassword":"x"})),
            )
            .await,
            404,
            "entity_not_found",
            "User null not found",
        )
        .await;
    }
    easemob_error(
        call(
            &server,
            Method::PUT,
            "/acme/chat/users/alice/password",
            None,
            Some(json!({"newpassword":"x"})),
        )
        .await,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
    // Nothing changed.
    user_token(&server, "alice", "pw").await;
}

// ---------------------------------------------------------------------------------------------------------
// §2.9 / §2.10 ban and unban

#[tokio::test]
async fn a_banned_user_cannot_log_in_until_unbanned() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    register(&server, &token, &[("alice", "pw"), ("bob", "b")]).await;
    let before = user_token(&server, "alice", "pw").await;
    let bob = user_token(&server, "bob", "b").await;
    easemob_error(
        call(
            &server,
            Method::POST,
            "/acme/chat/users/alice/deactivate",
            Some(&bob),
            None,
        )
        .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;

    let body = ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users/alice/deactivate",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(body["action"], "Deactivate user");
    assert_eq!(keys(&body), set(&["action", "entities", "timestamp", "duration"]));
    assert_timing(&body);
    assert_user(&body["entities"][0], "alice", false, None);

    easemob_error(
        login(&server, "alice", "pw").await,
        400,
        "invalid_grant",
        "user not activated",
    )
    .await;
    easemob_error(
        server
            .http
            .post(server.url("/acme/chat/token"))
            .bearer_auth(&token)
            .json(&json!({"grant_type":"inherit","username":"alice","autoCreateUser":true}))
            .send()
            .await
            .expect("request"),
        400,
        "invalid_grant",
        "user not activated",
    )
    .await;
    easemob_error(
        call(
            &server,
            Method::GET,
            "/acme/chat/users/alice",
            Some(&before),
            None,
        )
        .await,
        401,
        "unauthorized",
        "Unable to authenticate (OAuth)",
    )
    .await;
    let shown = ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&token), None).await).await;
    assert_eq!(shown["entities"][0]["activated"], false);

    let body = ok_json(
        call(
            &server,
            Method::POST,
            "/acme/chat/users/alice/activate",
            Some(&token),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(body["action"], "activate user");
    assert_eq!(keys(&body), set(&["action", "timestamp", "duration"]));
    assert_timing(&body);

    let after = user_token(&server, "alice", "pw").await;
    ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&after), None).await).await;
    // A token from before the ban stays void: unbanning does not revive it.
    easemob_error(
        call(
            &server,
            Method::GET,
            "/acme/chat/users/alice",
            Some(&before),
            None,
        )
        .await,
        401,
        "unauthorized",
        "Unable to authenticate (OAuth)",
    )
    .await;
    let shown = ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&token), None).await).await;
    assert_eq!(shown["entities"][0]["activated"], true);
}

#[tokio::test]
async fn banning_an_unknown_user_is_not_found() {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    for action in ["deactivate", "activate"] {
        for user in ["ghost", "not%20legal"] {
            easemob_error(
                call(
                    &server,
                    Method::POST,
                    &format!("/acme/chat/users/{user}/{action}"),
                    Some(&token),
                    None,
                )
                .await,
                404,
                "service_resource_not_found",
                "Service resource not found",
            )
            .await;
        }
        easemob_error(
            call(
                &server,
                Method::POST,
                &format!("/acme/chat/users/ghost/{action}"),
                None,
                None,
            )
            .await,
            401,
            "unauthorized",
            "Unable to authenticate due to expired access token",
        )
        .await;
    }
}
