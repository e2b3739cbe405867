//! Group shared files over real HTTP (groups-chatrooms G12–G15; the Web SDK's shared-file calls with user
//! tokens, SDK-REST §3.8): every success shape, each documented error row and the choices for the
//! undocumented ones (oversize, unknown file, not multipart), the member / uploader / owner-admin rules,
//! bytes downloaded equal to bytes uploaded, and the bytes on disk going with the file and with its group.
//! Expiry is tested with a zero storage time and an explicit sweep: nothing sleeps.

use crate::groups::{Fixture, ok, refused};
use crate::{TestServer, easemob_error};
use natter_server::ServerConfig;
use natter_server::easemob::group_files::{GroupSweepReport, sweep_group_files};
use natter_server::token::{Claims, Subject};
use natter_store_sqlite::SqliteStore;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;

const BOUNDARY: &str = "natter-group-files-boundary-7MA4YWxkTrZu";

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

/// One multipart part: name, filename, content type, bytes.
type Part<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

/// A multipart body of `parts`.
fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, content_type, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
        if let Some(filename) = filename {
            disposition.push_str(&format!("; filename=\"{filename}\""));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Deterministic bytes that are not text (a xorshift stream).
fn noise(length: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// A fixture over a server with `config`: the same helpers as the group tests.
async fn fixture_with(config: ServerConfig, names: &[&str]) -> Fixture {
    let server = TestServer::start_with(config).await;
    let store = SqliteStore::open(&server._directory.path().join("natter.db"))
        .await
        .expect("second handle");
    let app_token = server.signer.issue(&Claims {
        app_id: server.app.id,
        subject: Subject::App,
        issued_ms: now_ms(),
        expires_ms: None,
    });
    let fixture = Fixture {
        server,
        store,
        app_token,
    };
    fixture.create_users(names).await;
    fixture
}

/// ann owns a private group; bob is its admin; cat and dan are members; eve is not.
async fn setup_with(config: ServerConfig) -> (Fixture, String) {
    let fixture = fixture_with(config, &["ann", "bob", "cat", "dan", "eve"]).await;
    let group = fixture
        .group(json!({"groupname": "g", "public": true, "owner": "ann", "members": ["bob", "cat", "dan"]}))
        .await;
    ok(fixture
        .app(
            Method::POST,
            &format!("/chatgroups/{group}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    (fixture, group)
}

async fn setup() -> (Fixture, String) {
    setup_with(ServerConfig::default()).await
}

fn files_path(group: &str) -> String {
    format!("/acme/chat/chatgroups/{group}/share_files")
}

/// `POST …/share_files` with a raw body and content type, as `token`.
async fn upload_raw(
    fx: &Fixture,
    group: &str,
    token: Option<&str>,
    content_type: &str,
    body: Vec<u8>,
) -> Response {
    let mut request = fx
        .server
        .http
        .post(
            fx.server
                .url(&format!("{}?resource=webim_random_web_1", files_path(group))),
        )
        // What the SDK sends with its uploads (SDK-REST §3.8).
        .header("restrict-access", "true")
        .header("accept", "*/*")
        .header("content-type", content_type)
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request")
}

/// Uploads one file as `token` and returns the reply.
async fn upload_as(
    fx: &Fixture,
    group: &str,
    token: &str,
    filename: &str,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Response {
    let body = multipart(&[
        ("file", Some(filename), content_type, bytes),
        ("thumbnail-width", None, None, b"120"),
    ]);
    upload_raw(
        fx,
        group,
        Some(token),
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        body,
    )
    .await
}

/// Uploads as `user` (or the app token) and returns the reply's `data`.
async fn upload(fx: &Fixture, group: &str, user: Option<&str>, filename: &str, bytes: &[u8]) -> Value {
    let token = match user {
        Some(user) => fx.user_token(user),
        None => fx.app_token.clone(),
    };
    let reply = ok(upload_as(fx, group, &token, filename, Some("text/plain"), bytes).await).await;
    reply["data"].clone()
}

async fn download(fx: &Fixture, group: &str, file: &str, token: &str) -> Response {
    fx.server
        .http
        .get(fx.server.url(&format!("{}/{file}", files_path(group))))
        .bearer_auth(token)
        .header("x-requested-with", "XMLHttpRequest")
        .header("share-secret", "whatever-the-message-carried")
        .send()
        .await
        .expect("request")
}

fn on_disk(fx: &Fixture, file: &str) -> PathBuf {
    fx.server
        .state
        .config
        .files
        .dir
        .join(fx.server.app.id.to_string())
        .join("share_files")
        .join(file)
}

async fn list(fx: &Fixture, group: &str, user: &str, query: &str) -> Value {
    ok(fx
        .as_user(
            user,
            Method::GET,
            &format!("/chatgroups/{group}/share_files{query}"),
            None,
        )
        .await)
    .await
}

fn file_ids(reply: &Value) -> Vec<String> {
    reply["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|item| item["file_id"].as_str().expect("file_id").to_string())
        .collect()
}

fn not_members(user: &str) -> String {
    format!("users [{user}] are not members of this group!")
}

#[tokio::test]
async fn members_upload_list_and_download_what_was_uploaded() {
    let (fx, group) = setup().await;
    let text = b"Hello world\n".to_vec();
    let reply = ok(upload_as(
        &fx,
        &group,
        &fx.user_token("cat"),
        "notes.txt",
        Some("text/plain"),
        &text,
    )
    .await)
    .await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["entities"], json!([]));
    assert_eq!(reply["organization"], "acme");
    assert_eq!(reply["applicationName"], "chat");
    assert!(
        reply["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with(&format!("/acme/chat/chatgroups/{group}/share_files"))),
        "{reply}"
    );
    let data = &reply["data"];
    let first = data["file_id"].as_str().expect("file_id").to_string();
    assert_eq!(first.len(), 36, "a hyphenated UUID: {first}");
    assert_eq!(data["group_id"], group.as_str());
    assert_eq!(data["file_name"], "notes.txt");
    assert_eq!(data["file_size"], text.len());
    assert!(data["created"].as_i64().is_some_and(|ms| ms > 1_600_000_000_000));
    assert!(
        data["file_url"]
            .as_str()
            .is_some_and(|url| url.starts_with("http://")
                && url.ends_with(&format!("/acme/chat/chatgroups/{group}/share_files/{first}"))),
        "{data}"
    );
    assert_eq!(std::fs::read(on_disk(&fx, &first)).expect("bytes on disk"), text);

    // An app token uploads too (no user: `file_owner` is empty); binary bytes come back unchanged.
    let binary = noise(300_000, 7);
    let reply = ok(upload_as(
        &fx,
        &group,
        &fx.app_token,
        "photo.png",
        Some("image/png"),
        &binary,
    )
    .await)
    .await;
    let second = reply["data"]["file_id"].as_str().expect("file_id").to_string();
    assert_eq!(reply["data"]["file_size"], binary.len());

    // The list: every member, newest first, the documented items; no params without a query.
    let all = list(&fx, &group, "dan", "").await;
    assert_eq!(all["action"], "get");
    assert_eq!(all["entities"], json!([]));
    assert!(all.get("params").is_none(), "{all}");
    assert_eq!(file_ids(&all), [second.as_str(), first.as_str()]);
    let item = &all["data"][1];
    assert_eq!(item["file_name"], "notes.txt");
    assert_eq!(item["file_owner"], "cat");
    assert_eq!(item["file_size"], text.len());
    assert_eq!(item["created"], data["created"]);
    assert_eq!(all["data"][0]["file_owner"], "");

    // Paging as the SDK asks for it (pagenum, pagesize, version=v3, the cache buster).
    let page = list(
        &fx,
        &group,
        "ann",
        "?pagenum=1&pagesize=1&version=v3&_v=1700000000000",
    )
    .await;
    assert_eq!(file_ids(&page), [second.as_str()]);
    assert_eq!(page["params"]["pagesize"], json!(["1"]));
    assert_eq!(page["params"]["pagenum"], json!(["1"]));
    let page = list(&fx, &group, "ann", "?pagenum=2&pagesize=1").await;
    assert_eq!(file_ids(&page), [first.as_str()]);
    assert!(file_ids(&list(&fx, &group, "ann", "?pagenum=3&pagesize=1").await).is_empty());
    // Over 1000 is 1000; the SDK's literal `undefined` is absent.
    let clamped = list(&fx, &group, "ann", "?pagesize=5000&pagenum=undefined").await;
    assert_eq!(file_ids(&clamped).len(), 2);
    for query in ["?pagenum=0", "?pagesize=0", "?pagesize=many"] {
        let response = fx
            .as_user(
                "ann",
                Method::GET,
                &format!("/chatgroups/{group}/share_files{query}"),
                None,
            )
            .await;
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"], "illegal_argument", "{query}: {body}");
    }
    // The app token lists too.
    let by_app = ok(fx
        .app(Method::GET, &format!("/chatgroups/{group}/share_files"), None)
        .await)
    .await;
    assert_eq!(file_ids(&by_app).len(), 2);

    // Downloads: the bytes as uploaded, with the content type they came with.
    let response = download(&fx, &group, &first, &fx.user_token("dan")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/plain");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .is_ok_and(|value| value.starts_with("attachment") && value.contains("notes.txt"))
    );
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), text.as_slice());
    let response = download(&fx, &group, &second, &fx.app_token).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), binary.as_slice());
}

#[tokio::test]
async fn uploaders_delete_their_own_files_and_the_owner_and_admins_any() {
    let (fx, group) = setup().await;
    let by_cat = upload(&fx, &group, Some("cat"), "cat.txt", b"cat").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    let by_dan = upload(&fx, &group, Some("dan"), "dan.txt", b"dan").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    let by_app = upload(&fx, &group, None, "app.txt", b"app").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    let delete = |user: &'static str, file: String| {
        let fx = &fx;
        let group = group.clone();
        async move {
            fx.as_user(
                user,
                Method::DELETE,
                &format!("/chatgroups/{group}/share_files/{file}?resource=webim_random_web_1"),
                None,
            )
            .await
        }
    };

    // A member may not delete another member's file (the SDK's 603), nor the app's.
    for file in [&by_cat, &by_app] {
        refused(
            delete("dan", file.clone()).await,
            403,
            "forbidden_op",
            "permission denied (60002)",
            603,
        )
        .await;
    }
    assert!(on_disk(&fx, &by_cat).exists());

    // Its own: the documented reply, and the bytes are gone at once.
    let reply = ok(delete("cat", by_cat.clone()).await).await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(reply["entities"], json!([]));
    assert_eq!(
        reply["data"],
        json!({"group_id": group, "file_id": by_cat, "result": true})
    );
    assert!(
        reply["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with(&format!("/share_files/{by_cat}"))),
        "{reply}"
    );
    assert!(!on_disk(&fx, &by_cat).exists(), "bytes deleted with the file");
    // Gone: download and a second delete are the unknown-file 404.
    easemob_error(
        download(&fx, &group, &by_cat, &fx.user_token("cat")).await,
        404,
        "entity_not_found",
        "file may not exists",
    )
    .await;
    easemob_error(
        delete("cat", by_cat.clone()).await,
        404,
        "entity_not_found",
        "file may not exists",
    )
    .await;

    // The admin deletes the app's file, the owner a member's.
    ok(delete("bob", by_app.clone()).await).await;
    ok(delete("ann", by_dan.clone()).await).await;
    assert!(!on_disk(&fx, &by_app).exists());
    assert!(!on_disk(&fx, &by_dan).exists());
    assert!(file_ids(&list(&fx, &group, "cat", "").await).is_empty());

    // The app token deletes anything.
    let again = upload(&fx, &group, Some("cat"), "again.txt", b"again").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    ok(fx
        .app(
            Method::DELETE,
            &format!("/chatgroups/{group}/share_files/{again}"),
            None,
        )
        .await)
    .await;
    assert!(!on_disk(&fx, &again).exists());
}

#[tokio::test]
async fn non_members_and_disabled_groups_are_refused() {
    let (fx, group) = setup().await;
    let file = upload(&fx, &group, Some("cat"), "cat.txt", b"cat").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    let eve = fx.user_token("eve");
    let refusal = not_members("eve");

    // eve is not a member (of a public group, even): nothing about its files (the SDK's 602).
    refused(
        fx.as_user(
            "eve",
            Method::GET,
            &format!("/chatgroups/{group}/share_files"),
            None,
        )
        .await,
        403,
        "forbidden_op",
        &refusal,
        602,
    )
    .await;
    refused(
        upload_as(&fx, &group, &eve, "eve.txt", None, b"eve").await,
        403,
        "forbidden_op",
        &refusal,
        602,
    )
    .await;
    refused(
        download(&fx, &group, &file, &eve).await,
        403,
        "forbidden_op",
        &refusal,
        602,
    )
    .await;
    for target in [file.as_str(), "no-such-file"] {
        refused(
            fx.as_user(
                "eve",
                Method::DELETE,
                &format!("/chatgroups/{group}/share_files/{target}"),
                None,
            )
            .await,
            403,
            "forbidden_op",
            &refusal,
            602,
        )
        .await;
    }
    assert_eq!(
        file_ids(&list(&fx, &group, "cat", "").await),
        [file.as_str()],
        "nothing was stored"
    );

    // A disabled group is read-only for user tokens (the SDK's 608), the owner included.
    ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/disable"), None)
        .await)
    .await;
    let disabled = "can not operate this group, reason: group is disabled";
    refused(
        upload_as(&fx, &group, &fx.user_token("ann"), "x.txt", None, b"x").await,
        403,
        "forbidden_op",
        disabled,
        608,
    )
    .await;
    refused(
        fx.as_user(
            "cat",
            Method::DELETE,
            &format!("/chatgroups/{group}/share_files/{file}"),
            None,
        )
        .await,
        403,
        "forbidden_op",
        disabled,
        608,
    )
    .await;
    assert_eq!(file_ids(&list(&fx, &group, "dan", "").await), [file.as_str()]);
    let response = download(&fx, &group, &file, &fx.user_token("dan")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), b"cat");
    // The app token still writes.
    upload(&fx, &group, None, "app.txt", b"app").await;
}

#[tokio::test]
async fn documented_and_chosen_errors() {
    let mut config = ServerConfig::default();
    config.files.max_file_bytes = 1024;
    let (fx, group) = setup_with(config).await;
    let cat = fx.user_token("cat");
    let multipart_type = format!("multipart/form-data; boundary={BOUNDARY}");

    // No such group, on all four endpoints: the documented 404 (the SDK's 605).
    for missing in ["12345", "not-a-group"] {
        let description = format!("grpID {missing} does not exist!");
        refused(
            fx.app(Method::GET, &format!("/chatgroups/{missing}/share_files"), None)
                .await,
            404,
            "RestGroupFeignException",
            &description,
            605,
        )
        .await;
        refused(
            upload_as(&fx, missing, &fx.app_token, "a.txt", None, b"a").await,
            404,
            "RestGroupFeignException",
            &description,
            605,
        )
        .await;
        refused(
            download(&fx, missing, "some-file", &fx.app_token).await,
            404,
            "RestGroupFeignException",
            &description,
            605,
        )
        .await;
        refused(
            fx.app(
                Method::DELETE,
                &format!("/chatgroups/{missing}/share_files/some-file"),
                None,
            )
            .await,
            404,
            "RestGroupFeignException",
            &description,
            605,
        )
        .await;
    }

    // No `file` part: the documented 400; a body that is not multipart at all: 415.
    let body = easemob_error(
        upload_raw(
            &fx,
            &group,
            Some(&cat),
            &multipart_type,
            multipart(&[("thumbnail-width", None, None, b"100")]),
        )
        .await,
        400,
        "IllegalArgumentException",
        "file must be provided.",
    )
    .await;
    assert_eq!(body["exception"], "IllegalArgumentException");
    easemob_error(
        upload_raw(&fx, &group, Some(&cat), &multipart_type, b"garbage".to_vec()).await,
        400,
        "IllegalArgumentException",
        "file must be provided.",
    )
    .await;
    easemob_error(
        upload_raw(&fx, &group, Some(&cat), "application/json", b"{}".to_vec()).await,
        415,
        "web_application",
        "Unsupported Media Type",
    )
    .await;

    // Over the file limit (1 KiB here): the chat files' 413, and nothing stored or left on disk.
    easemob_error(
        upload_as(&fx, &group, &cat, "big.bin", None, &noise(1025, 3)).await,
        413,
        "file exceeding maximum limit",
        "the file size exceeds the maximum limit.",
    )
    .await;
    assert!(file_ids(&list(&fx, &group, "cat", "").await).is_empty());
    let share_files = on_disk(&fx, "x");
    let leftovers = std::fs::read_dir(share_files.parent().expect("directory"))
        .map(|entries| entries.count())
        .unwrap_or(0);
    assert_eq!(leftovers, 0, "no bytes of a refused upload");
    let at_limit = noise(1024, 4);
    let reply = ok(upload_as(&fx, &group, &cat, "fits.bin", None, &at_limit).await).await;
    let fits = reply["data"]["file_id"].as_str().expect("id").to_string();
    let response = download(&fx, &group, &fits, &cat).await;
    assert_eq!(response.headers()["content-type"], "application/octet-stream");
    assert_eq!(
        response.bytes().await.expect("bytes").as_ref(),
        at_limit.as_slice()
    );

    // An unknown file of an existing group: the chat files' 404.
    for method in [Method::GET, Method::DELETE] {
        easemob_error(
            fx.as_user(
                "cat",
                method,
                &format!("/chatgroups/{group}/share_files/0f0e0d0c-0000-4000-8000-000000000000"),
                None,
            )
            .await,
            404,
            "entity_not_found",
            "file may not exists",
        )
        .await;
    }

    // No token: the common 401, before anything is read.
    easemob_error(
        fx.server
            .http
            .get(fx.server.url(&files_path(&group)))
            .send()
            .await
            .expect("request"),
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
    easemob_error(
        upload_raw(
            &fx,
            &group,
            None,
            &multipart_type,
            multipart(&[("file", Some("a"), None, b"a")]),
        )
        .await,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
}

#[tokio::test]
async fn a_dissolved_group_takes_its_files_and_their_bytes() {
    let (fx, group) = setup().await;
    let first = upload(&fx, &group, Some("cat"), "a.txt", b"a").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    let second = upload(&fx, &group, None, "b.txt", b"b").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    assert!(on_disk(&fx, &first).exists() && on_disk(&fx, &second).exists());

    ok(fx
        .as_user("ann", Method::DELETE, &format!("/chatgroups/{group}"), None)
        .await)
    .await;
    assert!(!on_disk(&fx, &first).exists(), "bytes go with the group");
    assert!(!on_disk(&fx, &second).exists());
    let description = format!("grpID {group} does not exist!");
    refused(
        download(&fx, &group, &first, &fx.app_token).await,
        404,
        "RestGroupFeignException",
        &description,
        605,
    )
    .await;
    refused(
        fx.app(Method::GET, &format!("/chatgroups/{group}/share_files"), None)
            .await,
        404,
        "RestGroupFeignException",
        &description,
        605,
    )
    .await;
    refused(
        fx.app(
            Method::DELETE,
            &format!("/chatgroups/{group}/share_files/{first}"),
            None,
        )
        .await,
        404,
        "RestGroupFeignException",
        &description,
        605,
    )
    .await;
    refused(
        upload_as(&fx, &group, &fx.app_token, "c.txt", None, b"c").await,
        404,
        "RestGroupFeignException",
        &description,
        605,
    )
    .await;

    // A group dissolved another way (its owner deleted) leaves the bytes to the sweep.
    let other = fx
        .group(json!({"groupname": "h", "public": false, "owner": "dan", "members": ["eve"]}))
        .await;
    let third = upload(&fx, &other, Some("eve"), "c.txt", b"c").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    ok(fx.app(Method::DELETE, "/users/dan", None).await).await;
    refused(
        fx.app(Method::GET, &format!("/chatgroups/{other}/share_files"), None)
            .await,
        404,
        "RestGroupFeignException",
        &format!("grpID {other} does not exist!"),
        605,
    )
    .await;
    let report = sweep_group_files(
        fx.server.state.store.as_ref(),
        &fx.server.state.config.files,
        now_ms(),
    )
    .await
    .expect("sweep");
    assert_eq!(
        report,
        GroupSweepReport {
            expired: 0,
            deleted: 1
        }
    );
    assert!(!on_disk(&fx, &third).exists());
}

#[tokio::test]
async fn expired_files_leave_the_list_and_the_sweep_deletes_them() {
    let mut config = ServerConfig::default();
    // Zero storage time: every file is expired as soon as it is stored.
    config.files.expiry = Some(Duration::ZERO);
    let (fx, group) = setup_with(config).await;
    let file = upload(&fx, &group, Some("cat"), "a.txt", b"a").await["file_id"]
        .as_str()
        .expect("id")
        .to_string();
    assert!(file_ids(&list(&fx, &group, "cat", "").await).is_empty());
    easemob_error(
        download(&fx, &group, &file, &fx.user_token("cat")).await,
        404,
        "file_expired",
        &format!("file {file} is expired"),
    )
    .await;
    assert!(on_disk(&fx, &file).exists(), "kept until the sweep");

    let report = sweep_group_files(
        fx.server.state.store.as_ref(),
        &fx.server.state.config.files,
        now_ms(),
    )
    .await
    .expect("sweep");
    assert_eq!(
        report,
        GroupSweepReport {
            expired: 1,
            deleted: 1
        }
    );
    assert!(!on_disk(&fx, &file).exists());
    easemob_error(
        download(&fx, &group, &file, &fx.user_token("cat")).await,
        404,
        "entity_not_found",
        "file may not exists",
    )
    .await;
    let again = sweep_group_files(
        fx.server.state.store.as_ref(),
        &fx.server.state.config.files,
        now_ms(),
    )
    .await
    .expect("sweep");
    assert_eq!(again, GroupSweepReport::default());
}
