//! Chat-room shared files (SDK-REST §3.10): upload, list, download and delete over real HTTP, the member,
//! uploader and owner/admin rules, the 413 over the file limit, and the files going with their room.

use super::{Fixture, ok};
use crate::easemob_error;
use natter_server::ServerConfig;
use reqwest::{Method, Response};
use serde_json::Value;

const BOUNDARY: &str = "natter-room-files-boundary";

fn multipart(filename: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
    body.extend_from_slice(
        format!("Content-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n").as_bytes(),
    );
    body.extend_from_slice(b"Content-Type: text/plain\r\n\r\n");
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(fx: &Fixture, room: &str, token: &str, filename: &str, bytes: &[u8]) -> Response {
    fx.server
        .http
        .post(
            fx.server
                .url(&format!("/acme/chat/chatrooms/{room}/share_files?resource=web_1")),
        )
        .bearer_auth(token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("restrict-access", "true")
        .body(multipart(filename, bytes))
        .send()
        .await
        .expect("request")
}

async fn download(fx: &Fixture, room: &str, file: &str, token: &str) -> Response {
    fx.server
        .http
        .get(
            fx.server
                .url(&format!("/acme/chat/chatrooms/{room}/share_files/{file}")),
        )
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

fn file_ids(reply: &Value) -> Vec<String> {
    reply["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|file| file["file_id"].as_str().expect("file_id").to_string())
        .collect()
}

#[tokio::test]
async fn members_share_files_in_a_room() {
    let fx = Fixture::new().await;
    let room = fx.room("alice", &["bob", "carol"]).await;
    let reply = ok(upload(&fx, &room, &fx.token("bob"), "notes.txt", b"hello room").await).await;
    assert_eq!(reply["action"], "post");
    let data = &reply["data"];
    assert_eq!(data["chatroom_id"], room.as_str());
    assert_eq!(data["file_name"], "notes.txt");
    assert_eq!(data["file_size"], 10);
    let first = data["file_id"].as_str().expect("file_id").to_string();
    assert!(
        data["file_url"]
            .as_str()
            .is_some_and(|url| url.ends_with(&format!("/chatrooms/{room}/share_files/{first}"))),
        "{data}"
    );
    let second =
        ok(upload(&fx, &room, &fx.app_token, "admin.txt", b"from the app").await).await["data"]["file_id"]
            .as_str()
            .expect("id")
            .to_string();

    // Newest first; paged; the app's upload has no owner.
    let list = ok(fx
        .as_user(
            "carol",
            Method::GET,
            &format!("/chatrooms/{room}/share_files"),
            None,
        )
        .await)
    .await;
    assert_eq!(file_ids(&list), [second.clone(), first.clone()]);
    assert_eq!(list["data"][0]["file_owner"], "");
    assert_eq!(list["data"][1]["file_owner"], "bob");
    let page = ok(fx
        .app(
            Method::GET,
            &format!("/chatrooms/{room}/share_files?pagenum=2&pagesize=1"),
            None,
        )
        .await)
    .await;
    assert_eq!(file_ids(&page), std::slice::from_ref(&first));
    assert_eq!(page["params"]["pagesize"][0], "1");

    let response = download(&fx, &room, &first, &fx.token("carol")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), b"hello room");

    // Not a member: dave may not see, upload or download.
    let path = format!("/chatrooms/{room}/share_files");
    let refused = |response| {
        easemob_error(
            response,
            403,
            "forbidden_op",
            "users [dave] are not members of this group!",
        )
    };
    refused(fx.as_user("dave", Method::GET, &path, None).await).await;
    refused(upload(&fx, &room, &fx.token("dave"), "x.txt", b"x").await).await;
    refused(download(&fx, &room, &first, &fx.token("dave")).await).await;
    // carol is a member but not the uploader, owner or admin.
    let delete_path = format!("/chatrooms/{room}/share_files/{first}");
    let response = fx.as_user("carol", Method::DELETE, &delete_path, None).await;
    easemob_error(response, 403, "forbidden_op", "permission denied (60002)").await;
    // The uploader deletes its own; the owner deletes any.
    let reply = ok(fx.as_user("bob", Method::DELETE, &delete_path, None).await).await;
    assert_eq!(reply["data"]["result"], true);
    assert_eq!(reply["data"]["file_id"], first.as_str());
    let response = download(&fx, &room, &first, &fx.app_token).await;
    easemob_error(response, 404, "entity_not_found", "file may not exists").await;
    ok(fx
        .as_user(
            "alice",
            Method::DELETE,
            &format!("/chatrooms/{room}/share_files/{second}"),
            None,
        )
        .await)
    .await;
    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert!(file_ids(&list).is_empty());

    // Unknown rooms, files, and a body without a file.
    let response = fx.app(Method::GET, "/chatrooms/999/share_files", None).await;
    easemob_error(response, 404, "resource_not_found", "grpID 999 does not exist!").await;
    let response = fx
        .server
        .http
        .post(fx.server.url(&format!("/acme/chat/chatrooms/{room}/share_files")))
        .bearer_auth(&fx.app_token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--{BOUNDARY}--\r\n"
        ))
        .send()
        .await
        .expect("request");
    easemob_error(response, 400, "illegal_argument", "file must be provided.").await;
}

#[tokio::test]
async fn room_files_have_the_file_limit_and_go_with_the_room() {
    let mut config = ServerConfig::default();
    config.files.max_file_bytes = 16;
    let fx = Fixture::with(config).await;
    let room = fx.room("alice", &["bob"]).await;
    let response = upload(&fx, &room, &fx.token("bob"), "big.txt", &[b'x'; 17]).await;
    easemob_error(
        response,
        413,
        "file exceeding maximum limit",
        "the file size exceeds the maximum limit.",
    )
    .await;
    let reply = ok(upload(&fx, &room, &fx.token("bob"), "small.txt", &[b'x'; 16]).await).await;
    let file = reply["data"]["file_id"].as_str().expect("id").to_string();
    let on_disk = fx
        .server
        ._directory
        .path()
        .join("files")
        .join(fx.server.app.id.to_string())
        .join("room_files")
        .join(&file);
    assert!(on_disk.exists(), "{}", on_disk.display());
    ok(fx.app(Method::DELETE, &format!("/chatrooms/{room}"), None).await).await;
    // The room's destruction left the bytes to the sweep, which deletes them.
    let report = natter_server::easemob::group_files::sweep_group_files(
        fx.server.state.store.as_ref(),
        &fx.server.state.config.files,
        super::now_ms(),
    )
    .await
    .expect("sweep");
    assert!(report.deleted >= 1, "{report:?}");
    assert!(!on_disk.exists());
}
