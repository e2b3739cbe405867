//! The RongCloud door over real HTTP: signatures (both header spellings, seconds and milliseconds,
//! freshness, replays), the exact seed-000 error bodies and statuses, and the user, ban, blacklist and
//! whitelist endpoints, checked against what the Easemob door sees of the same users.

use crate::TestServer;
use crate::users::app_token;
use natter_server::ServerConfig;
use natter_server::sessions::DeviceInfo;
use natter_store::RongCloudStore;
use natter_store_sqlite::SqliteStore;
use serde_json::{Value, json};
use sha1::{Digest, Sha1};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const APP_KEY: &str = "rckey";
const SECRET: &str = "rcsecret";

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

fn sign(secret: &str, nonce: &str, timestamp: &str) -> String {
    let digest = Sha1::new()
        .chain_update(secret.as_bytes())
        .chain_update(nonce.as_bytes())
        .chain_update(timestamp.as_bytes())
        .finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A nonce no other request of this test binary used.
fn fresh_nonce() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{}{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The signature headers of one request.
#[derive(Clone, Debug)]
struct Headers {
    app_key: String,
    nonce: String,
    timestamp: String,
    signature: String,
    /// `rc-app-key` … (rongcloud 2.0.1) instead of `App-Key` … (rc-server-sdk 3.2.0).
    prefixed: bool,
}

impl Headers {
    /// Correct headers, timestamp in seconds.
    fn valid() -> Headers {
        Headers::at_ms(now_ms(), false)
    }

    /// Correct headers for a timestamp, in seconds (`false`) or milliseconds (`true`, with `rc-` names).
    fn at_ms(timestamp_ms: i64, milliseconds: bool) -> Headers {
        let nonce = fresh_nonce();
        let timestamp = if milliseconds {
            timestamp_ms.to_string()
        } else {
            (timestamp_ms / 1000).to_string()
        };
        Headers {
            app_key: APP_KEY.into(),
            signature: sign(SECRET, &nonce, &timestamp),
            nonce,
            timestamp,
            prefixed: milliseconds,
        }
    }
}

async fn post_with(server: &TestServer, path: &str, body: &str, headers: &Headers) -> reqwest::Response {
    let names = if headers.prefixed {
        ["rc-app-key", "rc-nonce", "rc-timestamp", "rc-signature"]
    } else {
        ["App-Key", "Nonce", "Timestamp", "Signature"]
    };
    server
        .http
        .post(server.url(path))
        .header(names[0], &headers.app_key)
        .header(names[1], &headers.nonce)
        .header(names[2], &headers.timestamp)
        .header(names[3], &headers.signature)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .expect("request")
}

/// A correctly signed form post.
pub(crate) async fn post(server: &TestServer, path: &str, body: &str) -> reqwest::Response {
    post_with(server, path, body, &Headers::valid()).await
}

/// A correctly signed JSON post (the push endpoints), with rc-server-sdk's headers.
pub(crate) async fn post_json(server: &TestServer, path: &str, body: &Value) -> reqwest::Response {
    let headers = Headers::valid();
    server
        .http
        .post(server.url(path))
        .header("App-Key", &headers.app_key)
        .header("Nonce", &headers.nonce)
        .header("Timestamp", &headers.timestamp)
        .header("Signature", &headers.signature)
        .json(body)
        .send()
        .await
        .expect("request")
}

fn request_id_header(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .expect("an X-Request-ID header")
        .to_string()
}

/// Asserts a success: HTTP 200, `code` 200, the request id in the body and the header; returns the body.
pub(crate) async fn success(response: reqwest::Response) -> Value {
    assert_eq!(response.status().as_u16(), 200, "status");
    let request_id = request_id_header(&response);
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["code"], 200, "{body}");
    assert_eq!(body["requestId"], request_id.as_str(), "{body}");
    body
}

/// Asserts the exact seed-000 error body `{"code","errorMessage","requestId"}` and the HTTP status.
pub(crate) async fn rongcloud_error(response: reqwest::Response, status: u16, code: i64, message: &str) {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    assert!(
        content_type.starts_with("application/json"),
        "content type {content_type:?}"
    );
    let request_id = request_id_header(&response);
    assert!(!request_id.is_empty());
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(
        body,
        json!({"code": code, "errorMessage": message, "requestId": request_id})
    );
}

async fn signature_failed(response: reqwest::Response) {
    rongcloud_error(response, 401, 1002, "签名验证失败").await;
}

pub(crate) async fn get_token(server: &TestServer, body: &str) -> Value {
    success(post(server, "/user/getToken.json", body).await).await
}

/// The user as the Easemob door reports it (`GET /users/{u}` with `token`).
async fn easemob_user(server: &TestServer, token: &str, username: &str) -> reqwest::Response {
    server
        .http
        .get(server.url(&format!("/acme/chat/users/{username}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn get_token_registers_the_user_for_both_doors() {
    let server = TestServer::start().await;
    let body = get_token(
        &server,
        "userId=Alice&name=Alice Liddell&portraitUri=http://example.com/a.png",
    )
    .await;
    assert_eq!(body["userId"], "alice", "the stored, lower-cased ID");
    let token = body["token"].as_str().expect("token");
    assert!(!token.contains('@'), "{token}");
    assert_eq!(body.as_object().map(|object| object.len()), Some(4), "{body}");

    // The same user, with its name as push nickname, through the Easemob door and with the RongCloud token.
    let response = easemob_user(&server, token, "alice").await;
    assert_eq!(response.status().as_u16(), 200);
    let easemob: Value = response.json().await.expect("json");
    assert_eq!(easemob["entities"][0]["username"], "alice");
    assert_eq!(easemob["entities"][0]["nickname"], "Alice Liddell");

    let info = success(post(&server, "/user/info.json", "userId=alice").await).await;
    assert_eq!(info["userName"], "Alice Liddell", "raw spaces in the form body");
    assert_eq!(info["userPortrait"], "http://example.com/a.png");
    let created = info["createTime"].as_str().expect("createTime");
    assert_eq!(created.len(), 19, "{created}");
    assert_eq!(&created[4..5], "-");
    assert_eq!(&created[10..11], " ");

    // Again: the same user, a new token, the profile updated where given; the first token still works.
    let again = get_token(&server, "userId=alice&name=Alice&portraitUri=").await;
    assert_eq!(again["userId"], "alice");
    assert_ne!(again["token"], body["token"]);
    let info = success(post(&server, "/user/info.json", "userId=ALICE").await).await;
    assert_eq!(
        (info["userName"].as_str(), info["userPortrait"].as_str()),
        (Some("Alice"), Some("http://example.com/a.png"))
    );
    assert_eq!(easemob_user(&server, token, "alice").await.status().as_u16(), 200);
}

#[tokio::test]
async fn an_easemob_user_gets_a_rongcloud_token_and_refresh_updates_the_profile() {
    let server = TestServer::start().await;
    let registered = server
        .http
        .post(server.url("/acme/chat/users"))
        .bearer_auth(app_token(&server).await)
        .json(&json!({"username": "bob", "password": "pw", "nickname": "Bobby"}))
        .send()
        .await
        .expect("register");
    assert_eq!(registered.status().as_u16(), 200);
    let info = success(post(&server, "/user/info.json", "userId=bob").await).await;
    assert_eq!(
        (info["userName"].as_str(), info["userPortrait"].as_str()),
        (Some("Bobby"), Some(""))
    );
    assert_eq!(
        get_token(&server, "userId=bob&name=&portraitUri=").await["userId"],
        "bob"
    );

    success(
        post(
            &server,
            "/user/refresh.json",
            "userId=bob&name=Robert&portraitUri=http://x/b.png",
        )
        .await,
    )
    .await;
    success(post(&server, "/user/refresh.json", "userId=bob&name=&portraitUri=").await).await;
    let info = success(post(&server, "/user/info.json", "userId=bob").await).await;
    assert_eq!(
        (info["userName"].as_str(), info["userPortrait"].as_str()),
        (Some("Robert"), Some("http://x/b.png"))
    );
    rongcloud_error(
        post(&server, "/user/refresh.json", "userId=nobody&name=X").await,
        404,
        1003,
        "用户不存在",
    )
    .await;
}

#[tokio::test]
async fn a_bad_signature_an_unknown_key_and_missing_headers_are_1002() {
    let server = TestServer::start().await;
    let mut headers = Headers::valid();
    headers.signature = sign("wrong secret", &headers.nonce, &headers.timestamp);
    signature_failed(post_with(&server, "/user/getToken.json", "userId=u1", &headers).await).await;

    let mut headers = Headers::valid();
    headers.app_key = "nokey".into();
    headers.signature = sign(SECRET, &headers.nonce, &headers.timestamp);
    signature_failed(post_with(&server, "/user/getToken.json", "userId=u1", &headers).await).await;

    let mut headers = Headers::valid();
    headers.timestamp = "yesterday".into();
    headers.signature = sign(SECRET, &headers.nonce, &headers.timestamp);
    signature_failed(post_with(&server, "/user/getToken.json", "userId=u1", &headers).await).await;

    let unsigned = server
        .http
        .post(server.url("/user/getToken.json"))
        .body("userId=u1")
        .send()
        .await
        .expect("request");
    signature_failed(unsigned).await;
    let mut headers = Headers::valid();
    headers.nonce = String::new();
    signature_failed(post_with(&server, "/user/getToken.json", "userId=u1", &headers).await).await;
    // Nothing was registered by the refused requests.
    rongcloud_error(
        post(&server, "/user/info.json", "userId=u1").await,
        404,
        1003,
        "用户不存在",
    )
    .await;
}

#[tokio::test]
async fn timestamps_in_seconds_and_milliseconds_within_the_window_only() {
    let server = TestServer::start().await;
    // rongcloud 2.0.1's spelling: rc- headers, milliseconds.
    let body = success(
        post_with(
            &server,
            "/user/getToken.json",
            "userId=u1",
            &Headers::at_ms(now_ms(), true),
        )
        .await,
    )
    .await;
    assert_eq!(body["userId"], "u1");
    success(
        post_with(
            &server,
            "/user/info.json",
            "userId=u1",
            &Headers::at_ms(now_ms() - 60_000, false),
        )
        .await,
    )
    .await;
    // Stale (ten minutes old) and too far ahead, in either unit.
    for (offset, milliseconds) in [
        (-600_000, false),
        (-600_000, true),
        (600_000, false),
        (600_000, true),
    ] {
        let headers = Headers::at_ms(now_ms() + offset, milliseconds);
        signature_failed(post_with(&server, "/user/info.json", "userId=u1", &headers).await).await;
    }
}

#[tokio::test]
async fn the_window_is_configurable() {
    let mut config = ServerConfig::default();
    config.rongcloud.signature_window = Duration::from_secs(20);
    let server = TestServer::start_with(config).await;
    let headers = Headers::at_ms(now_ms() - 60_000, false);
    signature_failed(post_with(&server, "/user/getToken.json", "userId=u1", &headers).await).await;
    success(post(&server, "/user/getToken.json", "userId=u1").await).await;
}

#[tokio::test]
async fn a_replayed_request_is_refused() {
    let server = TestServer::start().await;
    let headers = Headers::valid();
    success(post_with(&server, "/user/getToken.json", "userId=u1", &headers).await).await;
    signature_failed(post_with(&server, "/user/getToken.json", "userId=u1", &headers).await).await;
    signature_failed(post_with(&server, "/user/info.json", "userId=u1", &headers).await).await;
    // The same nonce with another (signed) timestamp is another request.
    let mut later = headers.clone();
    later.timestamp = (headers.timestamp.parse::<i64>().expect("seconds") + 1).to_string();
    later.signature = sign(SECRET, &later.nonce, &later.timestamp);
    success(post_with(&server, "/user/info.json", "userId=u1", &later).await).await;
}

#[tokio::test]
async fn a_refused_signature_does_not_use_up_the_nonce() {
    let server = TestServer::start().await;
    let good = Headers::valid();
    let mut forged = good.clone();
    forged.signature = sign("guess", &good.nonce, &good.timestamp);
    signature_failed(post_with(&server, "/user/getToken.json", "userId=u1", &forged).await).await;
    success(post_with(&server, "/user/getToken.json", "userId=u1", &good).await).await;
}

#[tokio::test]
async fn missing_and_invalid_parameters_are_1001() {
    let server = TestServer::start().await;
    let invalid = [
        ("/user/getToken.json", ""),
        ("/user/getToken.json", "userId="),
        ("/user/getToken.json", "name=x"),
        // rc-server-sdk sends `+` raw, which a form reads as a space: never a legal ID.
        ("/user/getToken.json", "userId=a+b"),
        ("/user/getToken.json", "userId=a%3Db"),
        ("/user/info.json", "id=u1"),
        ("/user/checkOnline.json", ""),
        ("/user/block.json", "minute=10"),
    ];
    for (path, body) in invalid {
        rongcloud_error(post(&server, path, body).await, 400, 1001, "请求参数错误").await;
    }
    let long_name = format!("userId=u1&name={}", "n".repeat(101));
    rongcloud_error(
        post(&server, "/user/getToken.json", &long_name).await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    let long_id = format!("userId={}", "u".repeat(65));
    rongcloud_error(
        post(&server, "/user/getToken.json", &long_id).await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    get_token(&server, "userId=u1").await;
    for body in [
        "userId=u1",
        "userId=u1&minute=0",
        "userId=u1&minute=43201",
        "userId=u1&minute=ten",
    ] {
        rongcloud_error(
            post(&server, "/user/block.json", body).await,
            400,
            1001,
            "请求参数错误",
        )
        .await;
    }
}

#[tokio::test]
async fn unknown_users_are_1003() {
    let server = TestServer::start().await;
    get_token(&server, "userId=u1").await;
    let unknown = [
        ("/user/info.json", "userId=ghost"),
        ("/user/refresh.json", "userId=ghost"),
        ("/user/checkOnline.json", "userId=ghost"),
        ("/user/block.json", "userId=u1&userId=ghost&minute=5"),
        ("/user/unblock.json", "userId=ghost"),
        ("/user/blacklist/add.json", "userId=ghost&blackUserId=u1"),
        ("/user/blacklist/add.json", "userId=u1&blackUserId=ghost"),
        ("/user/blacklist/query.json", "userId=ghost"),
        ("/user/whitelist/add.json", "userId=u1&whiteUserId=ghost"),
        ("/user/whitelist/query.json", "userId=ghost"),
        ("/user/info.json", "userId=not legal!"),
    ];
    for (path, body) in unknown {
        rongcloud_error(post(&server, path, body).await, 404, 1003, "用户不存在").await;
    }
    // The block naming an unknown user banned nobody.
    let bans = success(post(&server, "/user/block/query.json", "").await).await;
    assert_eq!(bans["users"], json!([]));
}

#[tokio::test]
async fn a_banned_user_is_1005_at_get_token_and_refused_by_the_easemob_door() {
    let server = TestServer::start().await;
    let token = get_token(&server, "userId=u1").await["token"]
        .as_str()
        .expect("token")
        .to_string();
    get_token(&server, "userId=u2").await;
    let mut kicked = server
        .sessions
        .register(server.app.id, &"u1".parse_user(), device());
    let before = now_ms();
    success(post(&server, "/user/block.json", "userId=u1&userId=U1&minute=10").await).await;
    assert_eq!(
        kicked.try_recv().ok(),
        Some(natter_server::sessions::DisconnectReason::UserBanned)
    );

    rongcloud_error(
        post(&server, "/user/getToken.json", "userId=u1&name=New").await,
        403,
        1005,
        "用户被封禁",
    )
    .await;
    let info = success(post(&server, "/user/info.json", "userId=u1").await).await;
    assert_eq!(info["userName"], "", "the refused getToken changed nothing");
    assert_eq!(
        easemob_user(&server, &token, "u1").await.status().as_u16(),
        401,
        "the ban holds at every door"
    );

    let bans = success(post(&server, "/user/block/query.json", "").await).await;
    let users = bans["users"].as_array().expect("users");
    assert_eq!(users.len(), 1, "{bans}");
    assert_eq!(users[0]["userId"], "u1");
    let end = parse_utc(users[0]["blockEndTime"].as_str().expect("blockEndTime"));
    assert!(
        (before / 1000 + 600 - 1..=now_ms() / 1000 + 600).contains(&end),
        "ten minutes from the block"
    );

    // Unblocking lifts the ban; the token issued before it works again (a timed ban voids no token).
    success(post(&server, "/user/unblock.json", "userId=u1").await).await;
    assert_eq!(easemob_user(&server, &token, "u1").await.status().as_u16(), 200);
    assert_eq!(
        success(post(&server, "/user/block/query.json", "").await).await["users"],
        json!([])
    );
    success(post(&server, "/user/unblock.json", "userId=u2").await).await;
}

#[tokio::test]
async fn a_timed_ban_lifts_itself() {
    let server = TestServer::start().await;
    get_token(&server, "userId=u1").await;
    get_token(&server, "userId=u2").await;
    success(post(&server, "/user/block.json", "userId=u1&minute=30").await).await;
    // Move u1's deadline into the past from outside (as another process would), then wake the expiry task
    // with a ban of another user.
    let store = SqliteStore::open(&server._directory.path().join("natter.db"))
        .await
        .expect("second handle");
    let u1 = get_user_id(&store, server.app.id, "u1").await;
    store
        .ban_users_until(server.app.id, &[u1], now_ms() - 1, now_ms())
        .await
        .expect("past deadline");
    success(post(&server, "/user/block.json", "userId=u2&minute=30").await).await;
    tokio::time::timeout(Duration::from_secs(10), async {
        while store.timed_bans(server.app.id).await.expect("bans").len() != 1 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the ban lifts within the timeout");
    let bans = success(post(&server, "/user/block/query.json", "").await).await;
    assert_eq!(bans["users"].as_array().map(Vec::len), Some(1), "{bans}");
    assert_eq!(bans["users"][0]["userId"], "u2");
    let token = get_token(&server, "userId=u1").await;
    assert_eq!(token["userId"], "u1", "no longer banned");
}

#[tokio::test]
async fn check_online_reads_the_session_registry() {
    let server = TestServer::start().await;
    get_token(&server, "userId=u1").await;
    let status = success(post(&server, "/user/checkOnline.json", "userId=u1").await).await;
    assert_eq!(status["status"], "0");
    let _connection = server
        .sessions
        .register(server.app.id, &"u1".parse_user(), device());
    let status = success(post(&server, "/user/checkOnline.json", "userId=U1").await).await;
    assert_eq!(status["status"], "1");
}

#[tokio::test]
async fn the_blacklist_is_the_easemob_blocklist() {
    let server = TestServer::start().await;
    for user in ["u1", "u2", "u3"] {
        get_token(&server, &format!("userId={user}")).await;
    }
    success(
        post(
            &server,
            "/user/blacklist/add.json",
            "userId=u1&blackUserId=u2&blackUserId=u3",
        )
        .await,
    )
    .await;
    success(post(&server, "/user/blacklist/add.json", "userId=u1&blackUserId=u2").await).await;
    let list = success(post(&server, "/user/blacklist/query.json", "userId=u1").await).await;
    assert_eq!(list["users"], json!(["u2", "u3"]));
    assert_eq!(
        success(post(&server, "/user/blacklist/query.json", "userId=u2").await).await["users"],
        json!([])
    );

    let easemob: Value = server
        .http
        .get(server.url("/acme/chat/users/u1/blocks/users"))
        .bearer_auth(app_token(&server).await)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let mut blocked: Vec<&str> = easemob["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    blocked.sort_unstable();
    assert_eq!(blocked, ["u2", "u3"], "{easemob}");

    success(post(&server, "/user/blacklist/remove.json", "userId=u1&blackUserId=u3").await).await;
    success(post(&server, "/user/blacklist/remove.json", "userId=u1&blackUserId=u3").await).await;
    assert_eq!(
        success(post(&server, "/user/blacklist/query.json", "userId=u1").await).await["users"],
        json!(["u2"])
    );
    rongcloud_error(
        post(&server, "/user/blacklist/add.json", "userId=u1&blackUserId=U1").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    let too_many: String = (0..21).map(|index| format!("&blackUserId=x{index}")).collect();
    rongcloud_error(
        post(
            &server,
            "/user/blacklist/add.json",
            &format!("userId=u1{too_many}"),
        )
        .await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
}

#[tokio::test]
async fn whitelists_are_kept_per_user() {
    let server = TestServer::start().await;
    for user in ["u1", "u2", "u3"] {
        get_token(&server, &format!("userId={user}")).await;
    }
    success(
        post(
            &server,
            "/user/whitelist/add.json",
            "userId=u1&whiteUserId=u3&whiteUserId=u2",
        )
        .await,
    )
    .await;
    assert_eq!(
        success(post(&server, "/user/whitelist/query.json", "userId=u1").await).await["users"],
        json!(["u3", "u2"])
    );
    assert_eq!(
        success(post(&server, "/user/whitelist/query.json", "userId=u3").await).await["users"],
        json!([])
    );
    success(post(&server, "/user/whitelist/remove.json", "userId=u1&whiteUserId=u3").await).await;
    assert_eq!(
        success(post(&server, "/user/whitelist/query.json", "userId=u1").await).await["users"],
        json!(["u2"])
    );
    rongcloud_error(
        post(&server, "/user/whitelist/add.json", "userId=u1").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
    rongcloud_error(
        post(&server, "/user/whitelist/add.json", "userId=u1&whiteUserId=u1").await,
        400,
        1001,
        "请求参数错误",
    )
    .await;
}

#[tokio::test]
async fn a_full_blacklist_is_1038() {
    let server = TestServer::start().await;
    let store = SqliteStore::open(&server._directory.path().join("natter.db"))
        .await
        .expect("second handle");
    get_token(&server, "userId=owner").await;
    let others: Vec<natter_core::NewUser> = (0..501)
        .map(|index| natter_core::NewUser {
            username: format!("x{index}").parse_user(),
            uuid: format!("uuid-x{index}"),
            password_hash: "not-a-hash".into(),
            nickname: None,
            created_ms: 1,
        })
        .collect();
    let created = natter_store::UserStore::create_users(&store, server.app.id, others)
        .await
        .expect("users");
    let owner = get_user_id(&store, server.app.id, "owner").await;
    let first_500: Vec<i64> = created[..500].iter().map(|user| user.id).collect();
    assert!(
        natter_store::ContactStore::block_users(&store, owner, &first_500, 500, 1)
            .await
            .expect("block")
    );
    rongcloud_error(
        post(
            &server,
            "/user/blacklist/add.json",
            "userId=owner&blackUserId=x500",
        )
        .await,
        403,
        1038,
        "配额超限",
    )
    .await;
}

#[tokio::test]
async fn json_bodies_and_query_strings_are_read_too() {
    let server = TestServer::start().await;
    let headers = Headers::valid();
    let response = server
        .http
        .post(server.url("/user/getToken.json"))
        .header("App-Key", &headers.app_key)
        .header("Nonce", &headers.nonce)
        .header("Timestamp", &headers.timestamp)
        .header("Signature", &headers.signature)
        .json(&json!({"userId": "j1", "name": "Jay"}))
        .send()
        .await
        .expect("request");
    assert_eq!(success(response).await["userId"], "j1");
    let info = success(post(&server, "/user/info.json?userId=j1", "").await).await;
    assert_eq!(info["userName"], "Jay");
    let headers = Headers::valid();
    let broken = server
        .http
        .post(server.url("/user/info.json"))
        .header("App-Key", &headers.app_key)
        .header("Nonce", &headers.nonce)
        .header("Timestamp", &headers.timestamp)
        .header("Signature", &headers.signature)
        .header("content-type", "application/json")
        .body("{\"userId\":")
        .send()
        .await
        .expect("request");
    rongcloud_error(broken, 400, 1001, "请求参数错误").await;
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_rongcloud_dialect() {
    let server = TestServer::start().await;
    rongcloud_error(
        post(&server, "/group/nosuch.json", "userId=u1&groupId=g&groupName=G").await,
        404,
        1001,
        "请求参数错误",
    )
    .await;
    let get = server
        .http
        .get(server.url("/user/getToken.json"))
        .send()
        .await
        .expect("request");
    rongcloud_error(get, 404, 1001, "请求参数错误").await;
    // Easemob paths keep their own dialect.
    let easemob = server
        .http
        .get(server.url("/acme/chat/nothing/here"))
        .send()
        .await
        .expect("request");
    assert_eq!(easemob.status().as_u16(), 404);
    let body: Value = easemob.json().await.expect("json");
    assert_eq!(body["error_description"], "url is invalid");
}

#[tokio::test]
async fn the_request_id_the_client_sends_is_the_one_reported() {
    let server = TestServer::start().await;
    let headers = Headers::valid();
    let response = server
        .http
        .post(server.url("/user/info.json"))
        .header("App-Key", &headers.app_key)
        .header("Nonce", &headers.nonce)
        .header("Timestamp", &headers.timestamp)
        .header("Signature", &headers.signature)
        .header("X-Request-ID", "trace-42")
        .body("userId=ghost")
        .send()
        .await
        .expect("request");
    assert_eq!(request_id_header(&response), "trace-42");
    rongcloud_error(response, 404, 1003, "用户不存在").await;
}

#[tokio::test]
async fn an_internal_error_leaks_no_detail() {
    let server = TestServer::start().await;
    get_token(&server, "userId=u1").await;
    let options =
        sqlx::sqlite::SqliteConnectOptions::new().filename(server._directory.path().join("natter.db"));
    let outside = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("open");
    sqlx::query("DROP TABLE rongcloud_portraits")
        .execute(&outside)
        .await
        .expect("drop");
    let response = post(&server, "/user/info.json", "userId=u1").await;
    rongcloud_error(response, 500, 1000, "内部服务器错误").await;
}

#[tokio::test]
async fn the_rongcloud_door_has_its_own_rate_limit() {
    let mut config = ServerConfig::default();
    config.rate_limits.users = 2;
    config.rate_limits.period = Duration::from_secs(3600);
    let server = TestServer::start_with(config).await;
    success(post(&server, "/user/getToken.json", "userId=u1").await).await;
    success(post(&server, "/user/info.json", "userId=u1").await).await;
    rongcloud_error(
        post(&server, "/user/info.json", "userId=u1").await,
        429,
        1037,
        "频率限制",
    )
    .await;
    // The same app's Easemob requests count apart.
    let response = easemob_user(&server, &app_token(&server).await, "u1").await;
    assert_eq!(response.status().as_u16(), 200);
}

fn device() -> DeviceInfo {
    DeviceInfo {
        resource: "web_1".into(),
        device_uuid: "uuid-1".into(),
        device_name: "webim".into(),
    }
}

async fn get_user_id(store: &SqliteStore, app_id: i64, name: &str) -> i64 {
    natter_store::UserStore::user_by_name(store, app_id, &name.parse_user())
        .await
        .expect("user")
        .expect("present")
        .id
}

/// Reads `YYYY-MM-DD HH:MM:SS` (UTC) as Unix seconds (Howard Hinnant's `days_from_civil`).
fn parse_utc(text: &str) -> i64 {
    let number = |range: std::ops::Range<usize>| text[range].parse::<i64>().expect("a number");
    assert_eq!(text.len(), 19, "{text}");
    assert_eq!(
        (
            &text[4..5],
            &text[7..8],
            &text[10..11],
            &text[13..14],
            &text[16..17]
        ),
        ("-", "-", " ", ":", ":")
    );
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    days * 86_400 + number(11..13) * 3600 + number(14..16) * 60 + number(17..19)
}

trait ParseUser {
    fn parse_user(&self) -> natter_core::UserName;
}

impl ParseUser for str {
    fn parse_user(&self) -> natter_core::UserName {
        natter_core::UserName::lookup(self).expect("valid user id")
    }
}
