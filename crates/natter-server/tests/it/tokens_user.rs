//! User tokens over real HTTP (reference §1.2, §1.3): the `password` and `inherit` grants, `ttl`, the SDK's
//! `GET /sdk/users/{me}/token/expires`, and how a missing, malformed, foreign or expired token is refused.

use crate::users::{app_token, call, now_ms, ok_json, register, user_token};
use crate::{KEY, TestServer, easemob_error};
use natter_server::TokenSigner;
use natter_server::token::{Claims, Subject};
use reqwest::Method;
use serde_json::{Value, json};

/// The vendor's default user-token lifetime when the request has no `ttl`: 60 days.
const DEFAULT_TTL_SECS: i64 = 60 * 24 * 3600;

async fn token_request(server: &TestServer, bearer: Option<&str>, body: Value) -> reqwest::Response {
    call(server, Method::POST, "/acme/chat/token", bearer, Some(body)).await
}

fn inherit(username: &str, auto_create: Option<Value>) -> Value {
    let mut body = json!({"grant_type":"inherit","username":username});
    if let Some(auto_create) = auto_create {
        body["autoCreateUser"] = auto_create;
    }
    body
}

/// Asserts the documented user-token reply `{access_token, expires_in, user}` and returns it.
fn assert_user_token_reply(server: &TestServer, body: &Value, username: &str, ttl_secs: i64) -> Claims {
    let keys: Vec<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec!["access_token", "expires_in", "user"], "{body}");
    assert_eq!(body["expires_in"], ttl_secs, "{body}");
    let user = &body["user"];
    assert_eq!(user["type"], "user", "{body}");
    assert_eq!(user["username"], username, "{body}");
    assert_eq!(user["activated"], true, "{body}");
    assert!(
        user["uuid"].is_string() && user["created"].is_i64() && user["modified"].is_i64(),
        "{body}"
    );
    let token = body["access_token"].as_str().expect("access_token");
    assert!(token.starts_with("YWMt"), "{token}");
    let claims = server
        .signer
        .verify(token, 0)
        .expect("a token this server signed");
    assert_eq!(claims.app_id, server.app.id);
    assert_eq!(claims.subject, Subject::User(username.to_string()));
    claims
}

async fn expiry(server: &TestServer, username: &str, token: &str) -> reqwest::Response {
    call(
        server,
        Method::GET,
        &format!("/acme/chat/sdk/users/{username}/token/expires"),
        Some(token),
        None,
    )
    .await
}

// ---------------------------------------------------------------------------------------------------------
// §1.2 password grant

#[tokio::test]
async fn the_password_grant_issues_a_user_token_with_the_user_entity() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    let registered = register(&server, &app, &[("alice", "secret")]).await;

    // The SDK's `open({user, pwd})` also sends a `timestamp`; unknown fields are ignored.
    let before = now_ms();
    let body = ok_json(
        token_request(
            &server,
            None,
            json!({"grant_type":"password","username":"Alice","password":"secret","timestamp":before}),
        )
        .await,
    )
    .await;
    let after = now_ms();
    let claims = assert_user_token_reply(&server, &body, "alice", DEFAULT_TTL_SECS);
    assert_eq!(body["user"], registered["entities"][0]);
    let expires = claims.expires_ms.expect("expires");
    assert!(
        (before + DEFAULT_TTL_SECS * 1000..=after + DEFAULT_TTL_SECS * 1000).contains(&expires),
        "{expires}"
    );
    // The token works for the user's own calls.
    let token = body["access_token"].as_str().expect("token");
    ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(token), None).await).await;
}

#[tokio::test]
async fn the_password_grant_refuses_a_wrong_password_and_an_unknown_user() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    register(&server, &app, &[("alice", "secret")]).await;
    let wrong = [
        json!({"grant_type":"password","username":"alice","password":"Secret"}),
        json!({"grant_type":"password","username":"alice","password":""}),
        json!({"grant_type":"password","username":"alice"}),
    ];
    for body in wrong {
        easemob_error(
            token_request(&server, None, body).await,
            400,
            "invalid_grant",
            "invalid password",
        )
        .await;
    }
    let unknown = [
        json!({"grant_type":"password","username":"bob","password":"secret"}),
        json!({"grant_type":"password","username":"not legal","password":"secret"}),
        json!({"grant_type":"password","password":"secret"}),
    ];
    for body in unknown {
        easemob_error(
            token_request(&server, None, body).await,
            404,
            "invalid_grant",
            "user not found",
        )
        .await;
    }
}

#[tokio::test]
async fn user_token_ttls_are_seconds_numbers_or_strings_and_zero_is_forever() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    register(&server, &app, &[("alice", "pw")]).await;
    let password = |ttl: Value| json!({"grant_type":"password","username":"alice","password":"pw","ttl":ttl});

    let before = now_ms();
    let body = ok_json(token_request(&server, None, password(json!("1024000"))).await).await;
    let after = now_ms();
    let claims = assert_user_token_reply(&server, &body, "alice", 1_024_000);
    let expires = claims.expires_ms.expect("expires");
    assert!((before + 1_024_000_000..=after + 1_024_000_000).contains(&expires));

    let body = ok_json(token_request(&server, None, password(json!(60))).await).await;
    let claims = assert_user_token_reply(&server, &body, "alice", 60);
    assert_eq!(claims.expires_ms.map(|at| at - claims.issued_ms), Some(60_000));

    let body = ok_json(token_request(&server, None, password(json!(0))).await).await;
    let claims = assert_user_token_reply(&server, &body, "alice", 0);
    assert_eq!(claims.expires_ms, None);

    // The inherit grant reads `ttl` the same way.
    let body = ok_json(
        token_request(
            &server,
            Some(&app),
            json!({"grant_type":"inherit","username":"alice","ttl":"120"}),
        )
        .await,
    )
    .await;
    let claims = assert_user_token_reply(&server, &body, "alice", 120);
    assert_eq!(claims.expires_ms.map(|at| at - claims.issued_ms), Some(120_000));

    for ttl in [json!(-1), json!("soon"), json!(1.5), json!([60])] {
        easemob_error(
            token_request(&server, None, password(ttl)).await,
            400,
            "illegal_argument",
            "ttl must be a non-negative number of seconds",
        )
        .await;
    }
}

// ---------------------------------------------------------------------------------------------------------
// §1.3 inherit grant

#[tokio::test]
async fn the_inherit_grant_needs_the_app_token() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    register(&server, &app, &[("alice", "pw")]).await;

    let body = ok_json(token_request(&server, Some(&app), inherit("alice", Some(json!(false)))).await).await;
    let claims = assert_user_token_reply(&server, &body, "alice", DEFAULT_TTL_SECS);
    assert!(claims.expires_ms.is_some());
    let alice = body["access_token"].as_str().expect("token").to_string();
    ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&alice), None).await).await;

    // No token: the expired/missing text that every other token-protected call gives (§0.6).
    easemob_error(
        token_request(&server, None, inherit("alice", Some(json!(true)))).await,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
    // A user token is not an app token.
    easemob_error(
        token_request(&server, Some(&alice), inherit("alice", Some(json!(true)))).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    easemob_error(
        token_request(&server, Some("not-a-token"), inherit("alice", None)).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
}

#[tokio::test]
async fn the_inherit_grant_creates_the_user_only_with_auto_create_user() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    for auto_create in [None, Some(json!(false)), Some(json!("false"))] {
        easemob_error(
            token_request(&server, Some(&app), inherit("newbie", auto_create)).await,
            404,
            "invalid_grant",
            "user not found",
        )
        .await;
    }
    let users = ok_json(call(&server, Method::GET, "/acme/chat/users", Some(&app), None).await).await;
    assert_eq!(users["count"], 0, "nobody was created");

    let created =
        ok_json(token_request(&server, Some(&app), inherit("NewBie", Some(json!(true)))).await).await;
    assert_user_token_reply(&server, &created, "newbie", DEFAULT_TTL_SECS);
    let shown = ok_json(call(&server, Method::GET, "/acme/chat/users/newbie", Some(&app), None).await).await;
    assert_eq!(shown["entities"][0], created["user"]);
    // Asking again (the string form of the flag too) returns the same user, not a second one.
    let again =
        ok_json(token_request(&server, Some(&app), inherit("newbie", Some(json!("true")))).await).await;
    assert_eq!(again["user"]["uuid"], created["user"]["uuid"]);
    let users = ok_json(call(&server, Method::GET, "/acme/chat/users", Some(&app), None).await).await;
    assert_eq!(users["count"], 1);
    // The created user has no password anyone knows.
    easemob_error(
        token_request(
            &server,
            None,
            json!({"grant_type":"password","username":"newbie","password":""}),
        )
        .await,
        400,
        "invalid_grant",
        "invalid password",
    )
    .await;
}

#[tokio::test]
async fn the_inherit_grant_refuses_illegal_user_ids_when_creating() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    for (username, description) in [
        ("a b", "username [a b] is not legal"),
        ("x@y", "username [x@y] is not legal"),
        ("", "username [] is not legal"),
    ] {
        easemob_error(
            token_request(&server, Some(&app), inherit(username, Some(json!(true)))).await,
            400,
            "illegal_argument",
            description,
        )
        .await;
    }
    easemob_error(
        token_request(&server, Some(&app), inherit(&"z".repeat(65), Some(json!(true)))).await,
        400,
        "illegal_argument",
        "USERNAME_TOO_LONG",
    )
    .await;
    // Without autoCreateUser such an ID simply names nobody.
    easemob_error(
        token_request(&server, Some(&app), inherit("a b", None)).await,
        404,
        "invalid_grant",
        "user not found",
    )
    .await;
    let users = ok_json(call(&server, Method::GET, "/acme/chat/users", Some(&app), None).await).await;
    assert_eq!(users["count"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_inherit_grants_create_one_user() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let request = server
            .http
            .post(server.url("/acme/chat/token"))
            .bearer_auth(&app)
            .json(&inherit("crowd", Some(json!(true))));
        tasks.spawn(async move {
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.expect("json"))
        });
    }
    let mut uuids = std::collections::BTreeSet::new();
    while let Some(result) = tasks.join_next().await {
        let (status, body) = result.expect("task");
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["user"]["username"], "crowd", "{body}");
        uuids.insert(body["user"]["uuid"].as_str().expect("uuid").to_string());
    }
    assert_eq!(uuids.len(), 1, "every grant names the same user: {uuids:?}");
    let users = ok_json(call(&server, Method::GET, "/acme/chat/users", Some(&app), None).await).await;
    assert_eq!(users["count"], 1);
    assert_eq!(
        users["entities"][0]["uuid"],
        uuids.iter().next().expect("one").as_str()
    );
}

// ---------------------------------------------------------------------------------------------------------
// SDK-REST §2.1 token expiry

#[tokio::test]
async fn token_expiry_is_the_absolute_expiry_in_epoch_ms() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    register(&server, &app, &[("alice", "pw"), ("bob", "pw")]).await;

    let before = now_ms();
    let body = ok_json(
        token_request(
            &server,
            None,
            json!({"grant_type":"password","username":"alice","password":"pw","ttl":3600}),
        )
        .await,
    )
    .await;
    let after = now_ms();
    let token = body["access_token"].as_str().expect("token").to_string();
    let claims = server.signer.verify(&token, 0).expect("valid");

    let reply = ok_json(expiry(&server, "alice", &token).await).await;
    let expire = reply["expire_timestamp"].as_i64().expect("an integer");
    assert_eq!(Some(expire), claims.expires_ms);
    // Milliseconds, not seconds: the SDK would otherwise expire the session at once.
    assert!(
        (before + 3_600_000..=after + 3_600_000).contains(&expire),
        "{reply}"
    );

    // The default lifetime: 60 days ahead.
    let default = user_token(&server, "alice", "pw").await;
    let reply = ok_json(expiry(&server, "alice", &default).await).await;
    let expire = reply["expire_timestamp"].as_i64().expect("an integer");
    assert!(expire >= after + DEFAULT_TTL_SECS * 1000 && expire <= now_ms() + DEFAULT_TTL_SECS * 1000);

    // A token that never expires reports a time far ahead, so the SDK never fires its expiry timers.
    let forever = ok_json(
        token_request(
            &server,
            None,
            json!({"grant_type":"password","username":"alice","password":"pw","ttl":0}),
        )
        .await,
    )
    .await;
    let forever = forever["access_token"].as_str().expect("token");
    let reply = ok_json(expiry(&server, "alice", forever).await).await;
    let fifty_years_ms = 50 * 365 * 24 * 3600 * 1000_i64;
    assert!(reply["expire_timestamp"].as_i64().expect("integer") > now_ms() + fifty_years_ms);

    // Only for the token's own user (or with the app token).
    easemob_error(
        expiry(&server, "bob", &token).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    ok_json(expiry(&server, "alice", &app).await).await;
    easemob_error(
        call(
            &server,
            Method::GET,
            "/acme/chat/sdk/users/alice/token/expires",
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

// ---------------------------------------------------------------------------------------------------------
// §0.6 token errors

#[tokio::test]
async fn missing_malformed_foreign_and_expired_tokens_are_refused() {
    let server = TestServer::start().await;
    let app = app_token(&server).await;
    register(&server, &app, &[("alice", "pw")]).await;
    let now = now_ms();
    let sign = |signer: &TokenSigner, app_id: i64, subject: Subject, expires_ms: Option<i64>| {
        signer.issue(&Claims {
            app_id,
            subject,
            // Not before alice was created: a token older than its user is void (it was a deleted
            // namesake's), which is not what these cases are about.
            issued_ms: now,
            expires_ms,
        })
    };
    let alice = || Subject::User("alice".into());
    // The server's key, held apart from the server: what it signs is what the server would sign.
    let server_key = TokenSigner::new(KEY);
    let other_key = TokenSigner::new([9; natter_server::token::KEY_LEN]);
    let expired = "Unable to authenticate due to expired access token";
    let corrupt = "Unable to authenticate due to corrupt access token";
    let cases: Vec<(Option<String>, u16, &str, &str)> = vec![
        (None, 401, "unauthorized", expired),
        (Some("garbage".into()), 401, "auth_bad_access_token", corrupt),
        (Some("YWMt".into()), 401, "auth_bad_access_token", corrupt),
        (Some("YWMt!!!!".into()), 401, "auth_bad_access_token", corrupt),
        (
            Some(app.replacen("YWMt", "YWMx", 1)),
            401,
            "auth_bad_access_token",
            corrupt,
        ),
        // Well-formed, but not signed by this server.
        (
            Some(sign(&other_key, server.app.id, Subject::App, None)),
            401,
            "auth_bad_access_token",
            "Unable to authenticate",
        ),
        // Signed by this server for another app.
        (
            Some(sign(&server_key, server.app.id + 1, Subject::App, None)),
            401,
            "auth_bad_access_token",
            corrupt,
        ),
        (
            Some(sign(&server_key, server.app.id + 1, alice(), None)),
            401,
            "auth_bad_access_token",
            corrupt,
        ),
        // Expired, app or user.
        (
            Some(sign(
                &server.signer,
                server.app.id,
                Subject::App,
                Some(now - 1_000),
            )),
            401,
            "unauthorized",
            expired,
        ),
        (
            Some(sign(&server_key, server.app.id, alice(), Some(now - 1))),
            401,
            "unauthorized",
            expired,
        ),
        // A valid signature for a user who does not exist.
        (
            Some(sign(
                &server.signer,
                server.app.id,
                Subject::User("ghost".into()),
                None,
            )),
            401,
            "unauthorized",
            "Unable to authenticate (OAuth)",
        ),
    ];
    for path in [
        "/acme/chat/users/alice",
        "/acme/chat/users",
        "/acme/chat/sdk/users/alice/token/expires",
    ] {
        for (token, status, error, description) in &cases {
            let response = call(&server, Method::GET, path, token.as_deref(), None).await;
            easemob_error(response, *status, error, description).await;
        }
    }
    // Another scheme than Bearer is no token at all.
    let response = server
        .http
        .get(server.url("/acme/chat/users/alice"))
        .header("authorization", format!("Basic {app}"))
        .send()
        .await
        .expect("request");
    easemob_error(response, 401, "unauthorized", expired).await;

    // The same tokens, still valid, are accepted: the refusals above are about the token alone.
    let fresh = sign(&server_key, server.app.id, alice(), Some(now + 60_000));
    ok_json(call(&server, Method::GET, "/acme/chat/users/alice", Some(&fresh), None).await).await;
    let fresh_app = sign(&server_key, server.app.id, Subject::App, Some(now + 60_000));
    ok_json(call(&server, Method::GET, "/acme/chat/users", Some(&fresh_app), None).await).await;
    // The inherit grant reads its app token the same way.
    let expired_app = sign(&server_key, server.app.id, Subject::App, Some(now - 1_000));
    easemob_error(
        token_request(&server, Some(&expired_app), inherit("alice", None)).await,
        401,
        "unauthorized",
        expired,
    )
    .await;
}
