//! Chat files over real HTTP (reference users-messages §6, SDK-REST §3.13, ERRORS.md §2.6): multipart upload
//! with app and user tokens, download with and without the share secret, thumbnails of real images, the size
//! limit, unknown and expired files, and the sweep that deletes expired bytes from disk.

use crate::{TestServer, easemob_error};
use natter_core::{NewUser, UserName};
use natter_server::ServerConfig;
use natter_server::easemob::files::{FilesConfig, sweep_expired_files};
use natter_server::token::{Claims, Subject};
use reqwest::Response;
use serde_json::Value;
use std::io::Cursor;
use std::path::PathBuf;
use std::time::Duration;

const BOUNDARY: &str = "natter-test-boundary-7MA4YWxkTrZu0gW";

/// One part of a hand-built multipart body (so that odd bodies can be sent too).
struct Part<'a> {
    name: &'a str,
    filename: Option<&'a str>,
    content_type: Option<&'a str>,
    bytes: &'a [u8],
}

fn file_part<'a>(filename: &'a str, content_type: Option<&'a str>, bytes: &'a [u8]) -> Part<'a> {
    Part {
        name: "file",
        filename: Some(filename),
        content_type,
        bytes,
    }
}

fn text_part<'a>(name: &'a str, value: &'a str) -> Part<'a> {
    Part {
        name,
        filename: None,
        content_type: None,
        bytes: value.as_bytes(),
    }
}

fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", part.name);
        if let Some(filename) = part.filename {
            disposition.push_str(&format!("; filename=\"{filename}\""));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = part.content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(part.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Deterministic bytes that do not compress (a xorshift stream).
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

/// A real `width`×`height` image of noise, encoded as `format`.
fn noise_image(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let pixels = noise(
        (width * height * 3) as usize,
        u64::from(width) * 31 + u64::from(height),
    );
    let picture = image::RgbImage::from_raw(width, height, pixels).expect("pixel buffer");
    let mut encoded = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut encoded, format)
        .expect("encode");
    encoded.into_inner()
}

struct Fixture {
    server: TestServer,
    app_token: String,
}

impl Fixture {
    async fn start() -> Fixture {
        Fixture::start_with(ServerConfig::default()).await
    }

    async fn start_with(config: ServerConfig) -> Fixture {
        let server = TestServer::start_with(config).await;
        let users = ["alice", "bob"]
            .iter()
            .map(|name| NewUser {
                username: UserName::lookup(name).expect("user id"),
                uuid: format!("uuid-{name}"),
                password_hash: "not-a-real-hash".into(),
                nickname: None,
                created_ms: 1,
            })
            .collect();
        server
            .state
            .store
            .create_users(server.app.id, users)
            .await
            .expect("create users");
        let app_token = token(&server, Subject::App);
        Fixture { server, app_token }
    }

    fn user_token(&self, name: &str) -> String {
        token(&self.server, Subject::User(name.to_string()))
    }

    fn files_dir(&self) -> PathBuf {
        self.server.state.config.files.dir.clone()
    }

    /// `POST /chatfiles` with `body` as multipart, a token and extra headers.
    async fn upload_raw(
        &self,
        token: Option<&str>,
        headers: &[(&str, &str)],
        query: &str,
        body: Vec<u8>,
    ) -> Response {
        let mut request = self
            .server
            .http
            .post(self.server.url(&format!("/acme/chat/chatfiles{query}")))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request")
    }

    /// Uploads one file with the app token and returns the entity.
    async fn upload(&self, filename: &str, content_type: Option<&str>, bytes: &[u8]) -> Value {
        let response = self
            .upload_raw(
                Some(&self.app_token),
                &[],
                "",
                multipart(&[file_part(filename, content_type, bytes)]),
            )
            .await;
        uploaded(response).await
    }

    /// `GET /chatfiles/{uuid}` (plus `query`) with a token and extra headers.
    async fn download(
        &self,
        uuid: &str,
        query: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut request = self
            .server
            .http
            .get(self.server.url(&format!("/acme/chat/chatfiles/{uuid}{query}")));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request")
    }
}

fn token(server: &TestServer, subject: Subject) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    server.signer.issue(&Claims {
        app_id: server.app.id,
        subject,
        issued_ms: now,
        expires_ms: None,
    })
}

/// Asserts the documented upload reply and returns `entities[0]`.
async fn uploaded(response: Response) -> Value {
    assert_eq!(response.status().as_u16(), 200, "status");
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["action"], "post", "{body}");
    assert_eq!(
        body["application"], "8be024f0-e978-11e8-b697-5d598d5f8402",
        "{body}"
    );
    assert_eq!(body["path"], "/chatfiles", "{body}");
    assert!(
        body["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("/acme/chat/chatfiles")),
        "{body}"
    );
    assert_eq!(body["organization"], "acme", "{body}");
    assert_eq!(body["applicationName"], "chat", "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|timestamp| timestamp > 1_600_000_000_000)
    );
    assert!(body["duration"].is_u64(), "{body}");
    let entities = body["entities"].as_array().expect("entities");
    assert_eq!(entities.len(), 1, "{body}");
    let entity = entities[0].clone();
    assert_eq!(entity["type"], "chatfile", "{body}");
    let uuid = entity["uuid"].as_str().expect("uuid");
    assert_eq!(uuid.len(), 36, "a hyphenated UUID: {uuid}");
    assert!(
        entity["share-secret"]
            .as_str()
            .is_some_and(|secret| secret.len() >= 20),
        "{body}"
    );
    assert!(entity["file-metadata"]["content-type"].is_string(), "{body}");
    assert!(entity["file-metadata"]["content-length"].is_u64(), "{body}");
    entity
}

fn uuid_of(entity: &Value) -> String {
    entity["uuid"].as_str().expect("uuid").to_string()
}

fn secret_of(entity: &Value) -> String {
    entity["share-secret"].as_str().expect("share-secret").to_string()
}

fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Asserts a 200 download and returns its bytes.
async fn bytes(response: Response) -> Vec<u8> {
    assert_eq!(response.status().as_u16(), 200, "status");
    response.bytes().await.expect("body").to_vec()
}

#[tokio::test]
async fn an_upload_downloads_byte_for_byte() {
    let fixture = Fixture::start().await;
    let original = noise(300 * 1024, 1);
    let entity = fixture
        .upload("report.pdf", Some("application/pdf"), &original)
        .await;
    assert_eq!(entity["file-metadata"]["content-type"], "application/pdf");
    assert_eq!(entity["file-metadata"]["content-length"], original.len() as u64);

    // Not restricted: anyone with the URL may read it, as a plain `<img>` or link does (no token).
    let response = fixture.download(&uuid_of(&entity), "", None, &[]).await;
    assert_eq!(header(&response, "content-type"), "application/pdf");
    assert_eq!(header(&response, "content-length"), original.len().to_string());
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&response, "content-disposition"),
        "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
    );
    assert_eq!(bytes(response).await, original, "the bytes are the uploaded ones");

    // On disk under `<files>/<app_id>/<uuid>`, and nothing left among the temporaries.
    let stored = fixture
        .files_dir()
        .join(fixture.server.app.id.to_string())
        .join(uuid_of(&entity));
    assert_eq!(std::fs::read(&stored).expect("stored bytes"), original);
    assert_eq!(
        std::fs::read_dir(fixture.files_dir().join(".tmp"))
            .expect("temporaries")
            .count(),
        0
    );

    // A second upload is another file with another secret.
    let again = fixture
        .upload("report.pdf", Some("application/pdf"), &original)
        .await;
    assert_ne!(uuid_of(&again), uuid_of(&entity));
    assert_ne!(secret_of(&again), secret_of(&entity));
}

#[tokio::test]
async fn content_types_come_from_the_part_or_the_image_signature() {
    let fixture = Fixture::start().await;
    let png = noise_image(8, 8, image::ImageFormat::Png);
    let sniffed = fixture.upload("pic", None, &png).await;
    assert_eq!(sniffed["file-metadata"]["content-type"], "image/png");
    let generic = fixture
        .upload("pic.png", Some("application/octet-stream"), &png)
        .await;
    assert_eq!(generic["file-metadata"]["content-type"], "image/png");
    let response = fixture.download(&uuid_of(&generic), "", None, &[]).await;
    assert_eq!(header(&response, "content-type"), "image/png");
    assert!(
        header(&response, "content-disposition").starts_with("inline;"),
        "media are shown in place"
    );
    let unknown = fixture.upload("data.bin", None, b"\x00\x01 not an image").await;
    assert_eq!(
        unknown["file-metadata"]["content-type"],
        "application/octet-stream"
    );
    let empty = fixture.upload("empty.txt", Some("text/plain"), b"").await;
    assert_eq!(empty["file-metadata"]["content-length"], 0);
    assert_eq!(
        bytes(fixture.download(&uuid_of(&empty), "", None, &[]).await).await,
        b""
    );
}

#[tokio::test]
async fn the_sdk_upload_is_restricted_and_needs_the_share_secret() {
    let fixture = Fixture::start().await;
    let alice = fixture.user_token("alice");
    let original = noise(64 * 1024, 2);
    // What the Web SDK sends (SDK-REST §3.13): user token, `restrict-access: true`, the chat query.
    let response = fixture
        .upload_raw(
            Some(&alice),
            &[("restrict-access", "true"), ("accept", "*/*")],
            "?chat-type=CHAT&chat-target=bob",
            multipart(&[file_part("voice.amr", Some("audio/amr"), &original)]),
        )
        .await;
    let entity = uploaded(response).await;
    let uuid = uuid_of(&entity);
    let secret = secret_of(&entity);

    let refused = |response| easemob_error(response, 403, "forbidden_op", "chatfile no permission");
    refused(fixture.download(&uuid, "", None, &[]).await).await;
    refused(
        fixture
            .download(&uuid, "", None, &[("share-secret", "wrong")])
            .await,
    )
    .await;
    refused(fixture.download(&uuid, "?share-secret=wrong", None, &[]).await).await;
    // A user token is no substitute for the secret, not even the uploader's.
    refused(fixture.download(&uuid, "", Some(&alice), &[]).await).await;
    refused(
        fixture
            .download(&uuid, "", Some(&fixture.user_token("bob")), &[])
            .await,
    )
    .await;

    // The secret as a header (the SDK's download), as the query of the SDK's attachment URLs, or with a
    // user token beside it.
    let header_secret = [("share-secret", secret.as_str())];
    assert_eq!(
        bytes(fixture.download(&uuid, "", None, &header_secret).await).await,
        original
    );
    let query = format!("?em-redirect=true&share-secret={secret}");
    assert_eq!(
        bytes(fixture.download(&uuid, &query, None, &[]).await).await,
        original
    );
    let bob = fixture.user_token("bob");
    assert_eq!(
        bytes(fixture.download(&uuid, "", Some(&bob), &header_secret).await).await,
        original
    );
    // The app token may read every file of its app.
    assert_eq!(
        bytes(fixture.download(&uuid, "", Some(&fixture.app_token), &[]).await).await,
        original
    );
}

#[tokio::test]
async fn restrict_access_may_also_come_as_query_or_field() {
    let fixture = Fixture::start().await;
    for (query, parts) in [
        ("?restrict-access=true", vec![]),
        ("", vec![text_part("restrict-access", "true")]),
    ] {
        let mut all = parts;
        all.push(file_part("a.txt", Some("text/plain"), b"secret words"));
        let entity = uploaded(
            fixture
                .upload_raw(Some(&fixture.app_token), &[], query, multipart(&all))
                .await,
        )
        .await;
        easemob_error(
            fixture.download(&uuid_of(&entity), "", None, &[]).await,
            403,
            "forbidden_op",
            "chatfile no permission",
        )
        .await;
    }
    // `restrict-access: false` is an open file.
    let open = uploaded(
        fixture
            .upload_raw(
                Some(&fixture.app_token),
                &[("restrict-access", "false")],
                "",
                multipart(&[file_part("b.txt", Some("text/plain"), b"open words")]),
            )
            .await,
    )
    .await;
    assert_eq!(
        bytes(fixture.download(&uuid_of(&open), "", None, &[]).await).await,
        b"open words"
    );
}

#[tokio::test]
async fn uploads_need_a_valid_token_and_downloads_refuse_a_bad_one() {
    let fixture = Fixture::start().await;
    let body = || multipart(&[file_part("a.txt", Some("text/plain"), b"hello")]);
    easemob_error(
        fixture.upload_raw(None, &[], "", body()).await,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
    easemob_error(
        fixture.upload_raw(Some("YWMtnot-a-token"), &[], "", body()).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    // A user token uploads, and so does the app token.
    let by_user = uploaded(
        fixture
            .upload_raw(Some(&fixture.user_token("bob")), &[], "", body())
            .await,
    )
    .await;
    let by_app = uploaded(
        fixture
            .upload_raw(Some(&fixture.app_token), &[], "", body())
            .await,
    )
    .await;
    assert_ne!(uuid_of(&by_user), uuid_of(&by_app));

    // A download that sends a token gets it checked (§6.3's 401), even for an open file.
    easemob_error(
        fixture
            .download(&uuid_of(&by_app), "", Some("YWMtnot-a-token"), &[])
            .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    assert_eq!(
        bytes(
            fixture
                .download(&uuid_of(&by_app), "", Some(&fixture.user_token("alice")), &[])
                .await
        )
        .await,
        b"hello"
    );
}

#[tokio::test]
async fn an_upload_without_a_file_part_is_refused() {
    let fixture = Fixture::start().await;
    let missing = |response| easemob_error(response, 400, "illegal_argument", "file must be provided.");
    // Only other fields.
    missing(
        fixture
            .upload_raw(
                Some(&fixture.app_token),
                &[],
                "",
                multipart(&[text_part("thumbnail-width", "100"), text_part("note", "hi")]),
            )
            .await,
    )
    .await;
    // A file under another field name.
    missing(
        fixture
            .upload_raw(
                Some(&fixture.app_token),
                &[],
                "",
                multipart(&[Part {
                    name: "attachment",
                    filename: Some("a.txt"),
                    content_type: Some("text/plain"),
                    bytes: b"hello",
                }]),
            )
            .await,
    )
    .await;
    // An empty multipart body, and one that is not multipart at all despite its content type.
    missing(
        fixture
            .upload_raw(
                Some(&fixture.app_token),
                &[],
                "",
                format!("--{BOUNDARY}--\r\n").into_bytes(),
            )
            .await,
    )
    .await;
    missing(
        fixture
            .upload_raw(Some(&fixture.app_token), &[], "", b"just some bytes".to_vec())
            .await,
    )
    .await;
    // A multipart content type without a boundary.
    let response = fixture
        .server
        .http
        .post(fixture.server.url("/acme/chat/chatfiles"))
        .bearer_auth(&fixture.app_token)
        .header("content-type", "multipart/form-data")
        .body(multipart(&[file_part("a.txt", None, b"x")]))
        .send()
        .await
        .expect("request");
    missing(response).await;
    // Not multipart: the dialect's 415.
    let response = fixture
        .server
        .http
        .post(fixture.server.url("/acme/chat/chatfiles"))
        .bearer_auth(&fixture.app_token)
        .header("content-type", "application/json")
        .body("{\"file\":\"x\"}")
        .send()
        .await
        .expect("request");
    easemob_error(response, 415, "web_application", "Unsupported Media Type").await;
}

#[tokio::test]
async fn files_over_the_limit_are_413_and_leave_nothing_behind() {
    let fixture = Fixture::start_with(ServerConfig {
        files: FilesConfig {
            max_file_bytes: 4096,
            ..FilesConfig::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let exactly = noise(4096, 3);
    let entity = fixture.upload("limit.bin", None, &exactly).await;
    assert_eq!(entity["file-metadata"]["content-length"], 4096);

    let over = noise(4097, 4);
    let response = fixture
        .upload_raw(
            Some(&fixture.app_token),
            &[],
            "",
            multipart(&[file_part("over.bin", None, &over)]),
        )
        .await;
    easemob_error(
        response,
        413,
        "file exceeding maximum limit",
        "the file size exceeds the maximum limit.",
    )
    .await;
    // Too much besides the file is refused the same way.
    let padding = "p".repeat(70 * 1024);
    let response = fixture
        .upload_raw(
            Some(&fixture.app_token),
            &[],
            "",
            multipart(&[text_part("padding", &padding), file_part("a.bin", None, b"a")]),
        )
        .await;
    easemob_error(
        response,
        413,
        "file exceeding maximum limit",
        "the file size exceeds the maximum limit.",
    )
    .await;
    // Neither refused upload left a file: one stored file, no temporaries.
    let app_dir = fixture.files_dir().join(fixture.server.app.id.to_string());
    assert_eq!(std::fs::read_dir(app_dir).expect("app dir").count(), 1);
    assert_eq!(
        std::fs::read_dir(fixture.files_dir().join(".tmp"))
            .expect("temporaries")
            .count(),
        0
    );
}

#[tokio::test]
async fn the_file_limit_is_not_the_global_body_limit() {
    // 6 MiB: over the 5 MiB that every other endpoint accepts, under the 10 MiB file default.
    let fixture = Fixture::start().await;
    let large = noise(6 * 1024 * 1024, 5);
    let entity = fixture.upload("large.bin", None, &large).await;
    assert_eq!(entity["file-metadata"]["content-length"], large.len() as u64);
    let downloaded = bytes(fixture.download(&uuid_of(&entity), "", None, &[]).await).await;
    assert!(downloaded == large, "6 MiB round trip");
}

#[tokio::test]
async fn thumbnails_of_real_images_are_smaller_images_cached_on_disk() {
    let fixture = Fixture::start().await;
    let png = noise_image(400, 300, image::ImageFormat::Png);
    assert!(png.len() > 10 * 1024);
    let entity = fixture.upload("photo.png", Some("image/png"), &png).await;
    let uuid = uuid_of(&entity);

    // `thumbnail: true` as a header (§6.3).
    let response = fixture.download(&uuid, "", None, &[("thumbnail", "true")]).await;
    assert_eq!(header(&response, "content-type"), "image/png");
    let thumbnail = bytes(response).await;
    assert!(thumbnail.len() < png.len(), "{} < {}", thumbnail.len(), png.len());
    let decoded = image::load_from_memory(&thumbnail).expect("the thumbnail is an image");
    assert_eq!(
        (decoded.width(), decoded.height()),
        (170, 128),
        "fits the default 170 box, aspect kept"
    );
    let cached = fixture
        .files_dir()
        .join(fixture.server.app.id.to_string())
        .join(format!("{uuid}.thumb.png"));
    assert_eq!(std::fs::read(&cached).expect("cached thumbnail"), thumbnail);

    // The SDK's `&thumbnail=true` query gives the same (cached) bytes; without it, the original.
    assert_eq!(
        bytes(fixture.download(&uuid, "?thumbnail=true", None, &[]).await).await,
        thumbnail
    );
    assert_eq!(
        bytes(fixture.download(&uuid, "", None, &[("thumbnail", "false")]).await).await,
        png
    );
    assert_eq!(bytes(fixture.download(&uuid, "", None, &[]).await).await, png);
}

#[tokio::test]
async fn thumbnail_boxes_formats_and_originals() {
    let fixture = Fixture::start().await;
    // A JPEG's thumbnail is a JPEG; the box comes from the upload's headers.
    let jpeg = noise_image(300, 600, image::ImageFormat::Jpeg);
    assert!(jpeg.len() > 10 * 1024);
    let entity = uploaded(
        fixture
            .upload_raw(
                Some(&fixture.app_token),
                &[("thumbnail-width", "60"), ("thumbnail-height", "80")],
                "",
                multipart(&[file_part("tall.jpg", Some("image/jpeg"), &jpeg)]),
            )
            .await,
    )
    .await;
    let response = fixture
        .download(&uuid_of(&entity), "", None, &[("thumbnail", "true")])
        .await;
    assert_eq!(header(&response, "content-type"), "image/jpeg");
    let decoded = image::load_from_memory(&bytes(response).await).expect("an image");
    assert_eq!((decoded.width(), decoded.height()), (40, 80));

    // The SDK's multipart fields name the box too.
    let square = noise_image(500, 500, image::ImageFormat::Png);
    let entity = uploaded(
        fixture
            .upload_raw(
                Some(&fixture.app_token),
                &[],
                "",
                multipart(&[
                    text_part("thumbnail-width", "50"),
                    text_part("thumbnail-height", "50"),
                    file_part("square.png", Some("image/png"), &square),
                ]),
            )
            .await,
    )
    .await;
    let thumbnail = bytes(
        fixture
            .download(&uuid_of(&entity), "", None, &[("thumbnail", "true")])
            .await,
    )
    .await;
    let decoded = image::load_from_memory(&thumbnail).expect("an image");
    assert_eq!((decoded.width(), decoded.height()), (50, 50));

    // GIF and WebP images get PNG thumbnails.
    for format in [image::ImageFormat::Gif, image::ImageFormat::WebP] {
        let source = noise_image(340, 170, format);
        assert!(source.len() > 10 * 1024, "{format:?}");
        let entity = fixture.upload("anim", None, &source).await;
        assert_eq!(entity["file-metadata"]["content-type"], format.to_mime_type());
        let response = fixture
            .download(&uuid_of(&entity), "", None, &[("thumbnail", "true")])
            .await;
        assert_eq!(header(&response, "content-type"), "image/png", "{format:?}");
        let decoded = image::load_from_memory(&bytes(response).await).expect("an image");
        assert_eq!((decoded.width(), decoded.height()), (170, 85), "{format:?}");
    }

    // An image of at most 10 KB is its own thumbnail (§6.1), and so is one inside the box.
    let small = noise_image(20, 20, image::ImageFormat::Png);
    assert!(small.len() <= 10 * 1024);
    let small_entity = fixture.upload("small.png", Some("image/png"), &small).await;
    assert_eq!(
        bytes(
            fixture
                .download(&uuid_of(&small_entity), "?thumbnail=true", None, &[])
                .await
        )
        .await,
        small
    );
    let inside = noise_image(100, 100, image::ImageFormat::Png);
    assert!(inside.len() > 10 * 1024);
    let inside_entity = fixture.upload("inside.png", Some("image/png"), &inside).await;
    assert_eq!(
        bytes(
            fixture
                .download(&uuid_of(&inside_entity), "?thumbnail=true", None, &[])
                .await
        )
        .await,
        inside
    );

    // Not an image, or an image the decoder refuses: the file itself, never an error.
    let text = noise(20 * 1024, 6);
    let text_entity = fixture.upload("notes.txt", Some("text/plain"), &text).await;
    let response = fixture
        .download(&uuid_of(&text_entity), "", None, &[("thumbnail", "true")])
        .await;
    assert_eq!(header(&response, "content-type"), "text/plain");
    assert_eq!(bytes(response).await, text);
    let mut corrupt = b"\x89PNG\r\n\x1a\n".to_vec();
    corrupt.extend(noise(20 * 1024, 7));
    let corrupt_entity = fixture.upload("broken.png", Some("image/png"), &corrupt).await;
    assert_eq!(
        bytes(
            fixture
                .download(&uuid_of(&corrupt_entity), "?thumbnail=true", None, &[])
                .await
        )
        .await,
        corrupt
    );
}

#[tokio::test]
async fn unknown_files_and_apps_are_404() {
    let fixture = Fixture::start().await;
    for uuid in ["5fd74830-d20f-11e4-a2b6-4356c4bd2e54", "not-a-uuid"] {
        easemob_error(
            fixture.download(uuid, "", None, &[]).await,
            404,
            "entity_not_found",
            "file may not exists",
        )
        .await;
    }
    let response = fixture
        .server
        .http
        .get(
            fixture
                .server
                .url("/acme/nochat/chatfiles/5fd74830-d20f-11e4-a2b6-4356c4bd2e54"),
        )
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 404);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "organization_application_not_found");
}

#[tokio::test]
async fn expired_files_answer_file_expired_and_the_sweep_deletes_their_bytes() {
    // A storage time of zero: every file is expired as soon as it is stored (no clock games, no sleeps).
    let fixture = Fixture::start_with(ServerConfig {
        files: FilesConfig {
            expiry: Some(Duration::ZERO),
            ..FilesConfig::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let png = noise_image(300, 300, image::ImageFormat::Png);
    let entity = fixture.upload("old.png", Some("image/png"), &png).await;
    let uuid = uuid_of(&entity);
    let expired = format!("file {uuid} is expired");
    easemob_error(
        fixture.download(&uuid, "", None, &[]).await,
        404,
        "file_expired",
        &expired,
    )
    .await;
    easemob_error(
        fixture.download(&uuid, "?thumbnail=true", None, &[]).await,
        404,
        "file_expired",
        &expired,
    )
    .await;

    let stored = fixture
        .files_dir()
        .join(fixture.server.app.id.to_string())
        .join(&uuid);
    assert!(stored.exists(), "the bytes stay until the sweep");
    let state = &fixture.server.state;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let report = sweep_expired_files(state.store.as_ref(), &state.config.files, now)
        .await
        .expect("sweep");
    assert_eq!(report.swept, 1);
    assert_eq!(report.purged, 0, "the tombstone is kept");
    assert!(!stored.exists(), "the sweep deleted the bytes");
    // The tombstone still answers "expired" (the SDK's 223), not "no such file".
    easemob_error(
        fixture.download(&uuid, "", None, &[]).await,
        404,
        "file_expired",
        &expired,
    )
    .await;
    let again = sweep_expired_files(state.store.as_ref(), &state.config.files, now)
        .await
        .expect("sweep again");
    assert_eq!(again.swept, 0, "a swept file is not swept twice");

    // Past the tombstone's keeping time the row goes too.
    let later = now + state.config.files.tombstone_retention.as_millis() as i64 + 1;
    let purged = sweep_expired_files(state.store.as_ref(), &state.config.files, later)
        .await
        .expect("purge");
    assert_eq!(purged.purged, 1);
    easemob_error(
        fixture.download(&uuid, "", None, &[]).await,
        404,
        "entity_not_found",
        "file may not exists",
    )
    .await;
}

#[tokio::test]
async fn a_restricted_expired_file_still_needs_its_secret() {
    let fixture = Fixture::start_with(ServerConfig {
        files: FilesConfig {
            expiry: Some(Duration::ZERO),
            ..FilesConfig::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let entity = uploaded(
        fixture
            .upload_raw(
                Some(&fixture.user_token("alice")),
                &[("restrict-access", "true")],
                "",
                multipart(&[file_part("a.txt", Some("text/plain"), b"old")]),
            )
            .await,
    )
    .await;
    let uuid = uuid_of(&entity);
    easemob_error(
        fixture.download(&uuid, "", None, &[]).await,
        403,
        "forbidden_op",
        "chatfile no permission",
    )
    .await;
    let secret = secret_of(&entity);
    easemob_error(
        fixture
            .download(&uuid, "", None, &[("share-secret", secret.as_str())])
            .await,
        404,
        "file_expired",
        &format!("file {uuid} is expired"),
    )
    .await;
}

#[tokio::test]
async fn files_are_kept_until_their_storage_time() {
    // The default storage time (7 days): a fresh file is not swept.
    let fixture = Fixture::start().await;
    let entity = fixture.upload("fresh.txt", Some("text/plain"), b"fresh").await;
    let state = &fixture.server.state;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let report = sweep_expired_files(state.store.as_ref(), &state.config.files, now)
        .await
        .expect("sweep");
    assert_eq!(report.swept, 0);
    assert_eq!(
        bytes(fixture.download(&uuid_of(&entity), "", None, &[]).await).await,
        b"fresh"
    );
    // Seven days on, it is due.
    let week = now + 7 * 24 * 3600 * 1000;
    let report = sweep_expired_files(state.store.as_ref(), &state.config.files, week)
        .await
        .expect("sweep");
    assert_eq!(report.swept, 1);
}
