//! Chat files (reference users-messages §6, SDK-REST §3.13, ERRORS.md §2.6): `POST /{org}/{app}/chatfiles`
//! (multipart field `file`), `GET /{org}/{app}/chatfiles/{uuid}` (the bytes, or with `thumbnail: true` a
//! thumbnail of an image), and the sweep that deletes expired files.
//!
//! The bytes live on disk at `<dir>/<app_id>/<uuid>`; the metadata in the store ([`natter_store::FileStore`]).
//! An upload is streamed into `<dir>/.tmp/` and renamed into place only when complete, so a reader never
//! sees a partial file, and the metadata row is written only after the rename.
//!
//! Decisions where the references leave room (reference §6, SDK-REST §3.13):
//! - Upload needs a token (app or user): the docs mark `Authorization` optional, but the SDK always sends
//!   one, and an open upload endpoint on a self-hosted server is a free file host. No token is the
//!   documented 401 "expired access token" (token expired or missing).
//! - Download needs no token, since the SDK's own attachment URLs are loaded by plain `<img>` requests
//!   without `Authorization` (SDK-REST §3.13). A token that is sent must be valid (401 otherwise, §6.3).
//!   A restricted file (uploaded with `restrict-access: true`, as the SDK always does) needs its
//!   `share-secret`, as a header or as the `share-secret` query parameter the SDK appends; an app token may
//!   read it without. Anything else is 403 `chatfile no permission` (the SDK's 222). The tip of §6.2 that
//!   also asks for the user's token is not followed: the SDK's `<img>` loads could not satisfy it.
//! - `thumbnail: true` is read as a header (§6.3) or a query parameter (the SDK's `&thumbnail=true`). The
//!   box is the upload's `thumbnail-width` × `thumbnail-height` (headers, query or multipart fields, as the
//!   SDK sends them), 170 × 170 by default; images of at most 10 KB are their own thumbnail (§6.1). A
//!   JPEG's thumbnail is a JPEG, every other image's a PNG. A file that is not an image answers with
//!   itself. The thumbnail is made on first request and kept beside the file.
//! - Expiry: a file older than the configured storage time (7 days by default) answers 404
//!   `file_expired` (the SDK's 223). The sweep deletes its bytes and keeps the row as a tombstone for
//!   [`FilesConfig::tombstone_retention`], so the answer stays "expired" rather than "no such file".
//! - The size limit is 10 MiB by default (the vendor's "10 MB"); over it the upload is 413 `file exceeding
//!   maximum limit`. The SDK's part upload (`/sdk/chatfiles/part-upload`, for files over 7.5 MB) is not
//!   offered: its init failing makes the SDK fall back to this single upload (ERRORS.md §2.6).
//! - `chat-type` and `chat-target` (the SDK's query) are accepted and not used.

use super::auth::{self, Authenticated, Caller};
use super::envelope::Envelope;
use super::{AppContext, EasemobError, EasemobQuery};
use crate::{AppState, store_error};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use natter_codes::{ErrorKind, NatterError};
use natter_store::{ChatFile, NewChatFile, Store};
use serde::Deserialize;
use serde_json::json;
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// The vendor's default attachment limit, "10 MB" (reference §10), read as MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The vendor's default storage time (reference §6.1).
pub const DEFAULT_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);
/// The vendor's default thumbnail box, per side (reference §6.1).
pub const DEFAULT_THUMBNAIL_SIZE: u32 = 170;
/// Images up to this size are their own thumbnail (reference §6.1: "≤ 10 KB").
const THUMBNAIL_ORIGINAL_MAX_BYTES: u64 = 10 * 1024;
/// The largest thumbnail box an upload may ask for, per side.
const MAX_THUMBNAIL_SIZE: u32 = 2048;
/// What an upload may carry besides the file (text fields, part headers), in bytes.
const MULTIPART_OVERHEAD_BYTES: u64 = 64 * 1024;
/// A text field longer than this (`thumbnail-width`, …) is ignored.
const MAX_TEXT_FIELD_BYTES: usize = 64;
/// Parts read per upload; a body with more is not an SDK's.
const MAX_PARTS: usize = 32;
/// Longest stored file name and content type, in characters.
const MAX_NAME_CHARS: usize = 255;
/// Decoding limits of a thumbnail's source: a small file may still claim huge dimensions.
const MAX_DECODE_SIDE: u32 = 12_000;
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
/// Files handed to the sweep per store call.
const SWEEP_BATCH: u32 = 200;
/// A temporary file older than this is debris of a crashed upload.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Settings of chat files.
#[derive(Clone, Debug)]
pub struct FilesConfig {
    /// Where the bytes live: `<dir>/<app_id>/<uuid>`, temporaries in `<dir>/.tmp`.
    pub dir: PathBuf,
    /// The largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// How long a file is kept after its upload; `None` keeps files forever. Zero expires every file at
    /// once (tests use it).
    pub expiry: Option<Duration>,
    /// How often the sweep deletes the bytes of expired files.
    pub sweep_interval: Duration,
    /// How long an expired file still answers "expired" (after that: "no such file").
    pub tombstone_retention: Duration,
    /// The thumbnail box, per side, when the upload names none.
    pub thumbnail_size: u32,
    /// Thumbnails made at the same time, at most (decoding is CPU and memory heavy).
    pub thumbnail_concurrency: usize,
}

impl Default for FilesConfig {
    fn default() -> FilesConfig {
        FilesConfig {
            dir: PathBuf::from("natter-data").join("files"),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            expiry: Some(DEFAULT_EXPIRY),
            sweep_interval: Duration::from_secs(3600),
            tombstone_retention: Duration::from_secs(30 * 24 * 3600),
            thumbnail_size: DEFAULT_THUMBNAIL_SIZE,
            thumbnail_concurrency: 2,
        }
    }
}

impl FilesConfig {
    /// Whether a file uploaded at `created_ms` is past its storage time at `now_ms`.
    pub fn is_expired(&self, created_ms: i64, now_ms: i64) -> bool {
        self.expiry
            .is_some_and(|expiry| i128::from(now_ms) - i128::from(created_ms) >= expiry.as_millis() as i128)
    }

    fn temp_dir(&self) -> PathBuf {
        self.dir.join(".tmp")
    }
}

/// Runtime state of chat files: the bound on concurrent thumbnail work.
#[derive(Debug)]
pub struct FilesState {
    thumbnails: tokio::sync::Semaphore,
}

impl FilesState {
    pub fn new(config: &FilesConfig) -> FilesState {
        FilesState {
            thumbnails: tokio::sync::Semaphore::new(config.thumbnail_concurrency.max(1)),
        }
    }
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/chatfiles",
            // The global body limit (5 MiB) would refuse files the file limit allows; the upload handler
            // bounds the body itself, from the configured file limit.
            post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/{org}/{app}/chatfiles/{uuid}", get(download))
}

const SHARE_SECRET: HeaderName = HeaderName::from_static("share-secret");
const RESTRICT_ACCESS: HeaderName = HeaderName::from_static("restrict-access");
const THUMBNAIL: HeaderName = HeaderName::from_static("thumbnail");
const THUMBNAIL_WIDTH: HeaderName = HeaderName::from_static("thumbnail-width");
const THUMBNAIL_HEIGHT: HeaderName = HeaderName::from_static("thumbnail-height");

/// The upload's query: the part-upload's `restrict-access`, the SDK's chat type and target.
#[derive(Debug, Deserialize)]
struct UploadQuery {
    #[serde(rename = "restrict-access")]
    restrict_access: Option<String>,
    #[serde(rename = "thumbnail-width")]
    thumbnail_width: Option<String>,
    #[serde(rename = "thumbnail-height")]
    thumbnail_height: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DownloadQuery {
    #[serde(rename = "share-secret")]
    share_secret: Option<String>,
    thumbnail: Option<String>,
}

fn header_text<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
}

fn is_true(value: Option<&str>) -> bool {
    value.is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

/// A thumbnail side as sent; anything but a positive integer (up to the cap) is ignored.
fn thumbnail_side(value: Option<&str>) -> Option<u32> {
    value
        .and_then(|value| value.trim().parse::<u32>().ok())
        .filter(|side| (1..=MAX_THUMBNAIL_SIZE).contains(side))
}

pub(super) fn io_error(what: &str, error: std::io::Error) -> NatterError {
    NatterError::new(ErrorKind::Internal).with_detail(format!("{what}: {error}"))
}

/// A fresh share secret: 32 random bytes, base64url (the vendor's are of that alphabet and length).
fn new_share_secret() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// A temporary file that is deleted unless it is renamed into place.
pub(super) struct TempFile {
    path: PathBuf,
    kept: bool,
}

impl TempFile {
    async fn create(config: &FilesConfig) -> Result<(TempFile, tokio::fs::File), NatterError> {
        let dir = config.temp_dir();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|error| io_error("creating the temporary directory", error))?;
        let path = dir.join(format!("upload-{}", crate::new_uuid()));
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(|error| io_error("creating a temporary file", error))?;
        Ok((TempFile { path, kept: false }, file))
    }

    /// Renames the file to `target` (same file system, so atomic): it appears whole or not at all.
    pub(super) async fn persist(mut self, target: &FsPath) -> Result<(), NatterError> {
        tokio::fs::rename(&self.path, target)
            .await
            .map_err(|error| io_error("moving an upload into place", error))?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            // A refused or broken upload leaves nothing behind; a crash leaves debris the sweep removes.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The `file` part once it is on disk.
pub(super) struct Received {
    pub(super) temp: TempFile,
    pub(super) size: u64,
    pub(super) filename: String,
    pub(super) content_type: Option<String>,
    /// The first bytes, to recognise an image whose part has no useful content type.
    pub(super) head: Vec<u8>,
}

/// What the multipart body held.
#[derive(Default)]
pub(super) struct UploadParts {
    pub(super) file: Option<Received>,
    restrict_access: Option<String>,
    thumbnail_width: Option<String>,
    thumbnail_height: Option<String>,
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> NatterError {
    let detail = error.body_text();
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        NatterError::new(ErrorKind::FileTooLarge).with_detail(detail)
    } else {
        // A body that is not well-formed multipart carries no file the server could read.
        NatterError::new(ErrorKind::FileMissing).with_detail(detail)
    }
}

/// Reads every part: the first `file` part is streamed to a temporary file, small text fields are kept,
/// anything else is read and dropped. Every byte counts against the limit.
async fn read_parts(multipart: &mut Multipart, config: &FilesConfig) -> Result<UploadParts, NatterError> {
    let mut parts = UploadParts::default();
    let mut other_bytes: u64 = 0;
    let mut count = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        count += 1;
        if count > MAX_PARTS {
            break;
        }
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" && parts.file.is_none() {
            let filename = field
                .file_name()
                .filter(|name| !name.is_empty())
                .unwrap_or("file")
                .chars()
                .take(MAX_NAME_CHARS)
                .collect();
            let content_type = field.content_type().map(str::to_string);
            let (temp, mut file) = TempFile::create(config).await?;
            let mut size: u64 = 0;
            let mut head = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                size += chunk.len() as u64;
                if size > config.max_file_bytes {
                    return Err(NatterError::new(ErrorKind::FileTooLarge)
                        .with_detail(format!("more than {} bytes", config.max_file_bytes)));
                }
                if head.len() < 64 {
                    head.extend(chunk.iter().take(64 - head.len()));
                }
                file.write_all(&chunk)
                    .await
                    .map_err(|error| io_error("writing an upload", error))?;
            }
            file.flush()
                .await
                .map_err(|error| io_error("writing an upload", error))?;
            file.sync_all()
                .await
                .map_err(|error| io_error("syncing an upload", error))?;
            parts.file = Some(Received {
                temp,
                size,
                filename,
                content_type,
                head,
            });
            continue;
        }
        let mut text = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            other_bytes += chunk.len() as u64;
            if other_bytes > MULTIPART_OVERHEAD_BYTES {
                return Err(
                    NatterError::new(ErrorKind::FileTooLarge).with_detail("too much besides the file")
                );
            }
            if text.len() <= MAX_TEXT_FIELD_BYTES {
                text.extend_from_slice(&chunk);
            }
        }
        let value = (text.len() <= MAX_TEXT_FIELD_BYTES)
            .then(|| String::from_utf8(text).ok())
            .flatten();
        match name.as_str() {
            "restrict-access" => parts.restrict_access = value,
            "thumbnail-width" => parts.thumbnail_width = value,
            "thumbnail-height" => parts.thumbnail_height = value,
            _ => {}
        }
    }
    Ok(parts)
}

/// The MIME type to serve a file with: the part's own, unless it is missing, generic or not a valid header
/// value, in which case an image is recognised by its first bytes.
pub(super) fn content_type_of(declared: Option<&str>, head: &[u8]) -> String {
    let declared = declared
        .map(str::trim)
        .filter(|value| !value.is_empty() && value.len() <= MAX_NAME_CHARS)
        .filter(|value| !value.eq_ignore_ascii_case("application/octet-stream"))
        .filter(|value| HeaderValue::from_str(value).is_ok());
    if let Some(declared) = declared {
        return declared.to_string();
    }
    match image::guess_format(head) {
        Ok(format) if thumbnail_format(format).is_some() => format.to_mime_type().to_string(),
        _ => "application/octet-stream".to_string(),
    }
}

/// The image formats thumbnails are made of, and the format of their thumbnail.
fn thumbnail_format(source: image::ImageFormat) -> Option<image::ImageFormat> {
    use image::ImageFormat;
    match source {
        // JPEG has no alpha channel; its thumbnail stays a JPEG (smaller than a PNG of a photo).
        ImageFormat::Jpeg => Some(ImageFormat::Jpeg),
        ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP => Some(ImageFormat::Png),
        _ => None,
    }
}

async fn upload(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobQuery(query): EasemobQuery<UploadQuery>,
    request: Request,
) -> Result<Envelope, EasemobError> {
    let config = &state.config.files;
    let headers = request.headers().clone();
    let parts = receive_upload(&state, request).await?;
    let Some(received) = parts.file else {
        return Err(NatterError::new(ErrorKind::FileMissing).into());
    };

    let restricted = is_true(header_text(&headers, &RESTRICT_ACCESS))
        || is_true(query.restrict_access.as_deref())
        || is_true(parts.restrict_access.as_deref());
    let side = |header: &HeaderName, query: &Option<String>, field: &Option<String>| {
        thumbnail_side(header_text(&headers, header))
            .or_else(|| thumbnail_side(query.as_deref()))
            .or_else(|| thumbnail_side(field.as_deref()))
            .unwrap_or(config.thumbnail_size)
    };
    let thumbnail_width = side(&THUMBNAIL_WIDTH, &query.thumbnail_width, &parts.thumbnail_width);
    let thumbnail_height = side(
        &THUMBNAIL_HEIGHT,
        &query.thumbnail_height,
        &parts.thumbnail_height,
    );

    let context = &authenticated.context;
    let uuid = crate::new_uuid();
    let path_key = format!("{}/{uuid}", context.app.id);
    let app_dir = config.dir.join(context.app.id.to_string());
    tokio::fs::create_dir_all(&app_dir)
        .await
        .map_err(|error| io_error("creating the app's file directory", error))?;
    let target = config.dir.join(&path_key);
    received.temp.persist(&target).await?;
    let new_file = NewChatFile {
        app_id: context.app.id,
        uuid: uuid.clone(),
        share_secret: new_share_secret(),
        restricted,
        filename: received.filename,
        content_type: content_type_of(received.content_type.as_deref(), &received.head),
        size_bytes: received.size,
        owner: match &authenticated.caller {
            Caller::App => None,
            Caller::User(user) => Some(user.username.as_str().to_string()),
        },
        thumbnail_width,
        thumbnail_height,
        created_ms: crate::now_ms(),
        path_key,
    };
    let file = match state.store.create_file(new_file).await {
        Ok(file) => file,
        Err(error) => {
            let _ = tokio::fs::remove_file(&target).await;
            return Err(store_error(error).into());
        }
    };
    tracing::info!(uuid = %file.uuid, size = file.size_bytes, restricted, "file uploaded");
    Ok(Envelope::new(context, "post").entities(vec![json!({
        "uuid": file.uuid,
        "type": "chatfile",
        "share-secret": file.share_secret,
        // What the SDK reads into the message body (SDK-REST §3.13).
        "file-metadata": {
            "content-type": file.content_type,
            "content-length": file.size_bytes,
        },
    })]))
}

/// Reads a multipart upload (chat files, group shared files): the `file` part streamed to a temporary
/// file within the file limit, the small text fields kept. Not multipart: 415; not readable: no file.
pub(super) async fn receive_upload(state: &AppState, request: Request) -> Result<UploadParts, NatterError> {
    let config = &state.config.files;
    if !is_multipart(request.headers()) {
        return Err(
            NatterError::new(ErrorKind::UnsupportedMediaType).with_detail("an upload is multipart/form-data")
        );
    }
    // The upload routes have no default body limit (the file limit may exceed it): bound the body here.
    let limit =
        usize::try_from(config.max_file_bytes.saturating_add(MULTIPART_OVERHEAD_BYTES)).unwrap_or(usize::MAX);
    let (request_parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    let mut multipart = Multipart::from_request(Request::from_parts(request_parts, body), state)
        .await
        .map_err(|rejection| NatterError::new(ErrorKind::FileMissing).with_detail(rejection.body_text()))?;
    read_parts(&mut multipart, config).await
}

fn is_multipart(headers: &HeaderMap) -> bool {
    header_text(headers, &CONTENT_TYPE).is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("multipart/form-data"))
    })
}

async fn download(
    State(state): State<AppState>,
    context: AppContext,
    // `AppContext` has read the same path, so this cannot fail; a failure would still be the dialect's 404.
    path: Result<Path<(String, String, String)>, axum::extract::rejection::PathRejection>,
    EasemobQuery(query): EasemobQuery<DownloadQuery>,
    headers: HeaderMap,
) -> Result<Response, EasemobError> {
    let config = &state.config.files;
    let Ok(Path((_org, _app, uuid))) = path else {
        return Err(NatterError::new(ErrorKind::FileNotFound).into());
    };
    let caller = match auth::bearer_from_headers(&headers) {
        Some(token) => Some(auth::authenticate(&state, &context, token).await?),
        None => None,
    };
    let not_found = || NatterError::new(ErrorKind::FileNotFound).with_detail(format!("no file {uuid}"));
    let file = state
        .store
        .file_by_uuid(context.app.id, &uuid)
        .await
        .map_err(store_error)?
        .ok_or_else(not_found)?;
    if file.restricted && !matches!(caller, Some(Caller::App)) {
        let presented = header_text(&headers, &SHARE_SECRET).or(query.share_secret.as_deref());
        let matches = presented.is_some_and(|secret| {
            subtle::ConstantTimeEq::ct_eq(secret.as_bytes(), file.share_secret.as_bytes()).into()
        });
        if !matches {
            return Err(NatterError::new(ErrorKind::FileNoPermission)
                .with_detail(format!("file {uuid} without its share secret"))
                .into());
        }
    }
    if file.swept || config.is_expired(file.created_ms, crate::now_ms()) {
        return Err(NatterError::new(ErrorKind::FileExpired)
            .with_param(uuid.as_str())
            .into());
    }
    let original = config.dir.join(&file.path_key);
    let wants_thumbnail = is_true(header_text(&headers, &THUMBNAIL)) || is_true(query.thumbnail.as_deref());
    if wants_thumbnail && let Some((path, content_type)) = thumbnail(&state, &file, &original).await? {
        return serve(&path, content_type, &file.filename, &file.uuid).await;
    }
    serve(&original, &file.content_type, &file.filename, &file.uuid).await
}

/// Streams the file at `path` as `filename`; `id` names it in the log.
pub(super) async fn serve(
    path: &FsPath,
    content_type: &str,
    filename: &str,
    id: &str,
) -> Result<Response, EasemobError> {
    let opened = match tokio::fs::File::open(path).await {
        Ok(opened) => opened,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            // The row is there but the bytes are not (removed by hand, or a half-restored backup).
            tracing::warn!(id, path = %path.display(), "file bytes missing");
            return Err(NatterError::new(ErrorKind::FileNotFound).into());
        }
        Err(error) => return Err(io_error("opening a file", error).into()),
    };
    let length = opened
        .metadata()
        .await
        .map_err(|error| io_error("reading a file's size", error))?
        .len();
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(opened));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    // The bytes are the uploader's: never let a browser guess them into HTML, and offer anything but media
    // as a download rather than a page of this origin.
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(disposition) = HeaderValue::from_str(&content_disposition(content_type, filename)) {
        headers.insert(CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}

/// `inline` for media (the SDK shows them in place), `attachment` for the rest; the name both as an ASCII
/// fallback and in RFC 5987 form.
fn content_disposition(content_type: &str, filename: &str) -> String {
    let inline = ["image/", "audio/", "video/"]
        .iter()
        .any(|prefix| content_type.to_ascii_lowercase().starts_with(prefix));
    let ascii: String = filename
        .chars()
        .map(|character| match character {
            ' '..='~' if character != '"' && character != '\\' => character,
            _ => '_',
        })
        .collect();
    let mut encoded = String::new();
    for byte in filename.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                encoded.push(char::from(byte))
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Where the thumbnail of `file` is (made now if needed), and its MIME type; `None` when the file is its
/// own thumbnail (not an image, small enough, or not decodable).
async fn thumbnail(
    state: &AppState,
    file: &ChatFile,
    original: &FsPath,
) -> Result<Option<(PathBuf, &'static str)>, NatterError> {
    if file.size_bytes <= THUMBNAIL_ORIGINAL_MAX_BYTES {
        return Ok(None);
    }
    let Some(source_format) = sniff(original).await else {
        return Ok(None);
    };
    let Some(format) = thumbnail_format(source_format) else {
        return Ok(None);
    };
    let cached = thumbnail_path(original, format);
    if tokio::fs::try_exists(&cached).await.unwrap_or(false) {
        return Ok(Some((cached, format.to_mime_type())));
    }
    let _permit = state
        .files
        .thumbnails
        .acquire()
        .await
        .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
    let job = ThumbnailJob {
        original: original.to_path_buf(),
        cached: cached.clone(),
        temp_dir: state.config.files.temp_dir(),
        width: file.thumbnail_width,
        height: file.thumbnail_height,
        format,
    };
    let made = tokio::task::spawn_blocking(move || job.run())
        .await
        .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
    match made {
        Ok(true) => Ok(Some((cached, format.to_mime_type()))),
        Ok(false) => Ok(None),
        Err(error) => {
            // An image the decoder refuses (corrupt, too large, an unsupported variant) is served as is.
            tracing::info!(uuid = %file.uuid, %error, "no thumbnail");
            Ok(None)
        }
    }
}

/// The image format of the file at `path`, from its first bytes.
async fn sniff(path: &FsPath) -> Option<image::ImageFormat> {
    use tokio::io::AsyncReadExt;
    let mut opened = tokio::fs::File::open(path).await.ok()?;
    let mut head = vec![0; 64];
    let mut filled = 0;
    while filled < head.len() {
        let read = opened.read(&mut head[filled..]).await.ok()?;
        if read == 0 {
            break;
        }
        filled += read;
    }
    head.truncate(filled);
    image::guess_format(&head).ok()
}

/// The cached thumbnail beside `original`: `<uuid>.thumb.png` or `<uuid>.thumb.jpg`.
fn thumbnail_path(original: &FsPath, format: image::ImageFormat) -> PathBuf {
    let extension = if format == image::ImageFormat::Jpeg {
        "jpg"
    } else {
        "png"
    };
    let mut name = original.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".thumb.{extension}"));
    original.with_file_name(name)
}

/// Every cached thumbnail name of `original`.
fn thumbnail_paths(original: &FsPath) -> [PathBuf; 2] {
    [
        thumbnail_path(original, image::ImageFormat::Jpeg),
        thumbnail_path(original, image::ImageFormat::Png),
    ]
}

/// Making one thumbnail, on a blocking thread.
struct ThumbnailJob {
    original: PathBuf,
    cached: PathBuf,
    temp_dir: PathBuf,
    width: u32,
    height: u32,
    format: image::ImageFormat,
}

impl ThumbnailJob {
    /// Writes the thumbnail to `cached` (through a temporary file) and returns `true`; `false` when the
    /// image already fits the box, so that it is its own thumbnail.
    fn run(self) -> Result<bool, image::ImageError> {
        let mut reader = image::ImageReader::open(&self.original)?.with_guessed_format()?;
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_DECODE_SIDE);
        limits.max_image_height = Some(MAX_DECODE_SIDE);
        limits.max_alloc = Some(MAX_DECODE_ALLOC);
        reader.limits(limits);
        let decoded = reader.decode()?;
        if decoded.width() <= self.width && decoded.height() <= self.height {
            return Ok(false);
        }
        let small = decoded.thumbnail(self.width, self.height);
        let small = if self.format == image::ImageFormat::Jpeg {
            image::DynamicImage::ImageRgb8(small.to_rgb8())
        } else {
            small
        };
        std::fs::create_dir_all(&self.temp_dir)?;
        let temp = self.temp_dir.join(format!("thumb-{}", crate::new_uuid()));
        let written = small.save_with_format(&temp, self.format).and_then(|()| {
            std::fs::rename(&temp, &self.cached)?;
            Ok(())
        });
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written.map(|()| true)
    }
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Expired files whose bytes were deleted.
    pub swept: u64,
    /// Tombstones purged from the store.
    pub purged: u64,
    /// Temporary files of interrupted uploads removed.
    pub stale_temporaries: u64,
}

/// Deletes the bytes (and thumbnails) of every file expired at `now_ms`, purges old tombstones, and removes
/// temporaries of uploads that never finished.
pub async fn sweep_expired_files(
    store: &dyn Store,
    config: &FilesConfig,
    now_ms: i64,
) -> Result<SweepReport, NatterError> {
    let mut report = SweepReport {
        stale_temporaries: remove_stale_temporaries(&config.temp_dir()).await,
        ..SweepReport::default()
    };
    let Some(expiry) = config.expiry else {
        return Ok(report);
    };
    let expiry_ms = i64::try_from(expiry.as_millis()).unwrap_or(i64::MAX);
    // "Expired" is `age >= expiry`, so everything created up to and including the cutoff goes.
    let cutoff = now_ms.saturating_sub(expiry_ms).saturating_add(1);
    loop {
        let due = store
            .files_to_sweep(cutoff, SWEEP_BATCH)
            .await
            .map_err(store_error)?;
        let batch = due.len();
        for file in due {
            let original = config.dir.join(&file.path_key);
            for path in std::iter::once(original.clone()).chain(thumbnail_paths(&original)) {
                match tokio::fs::remove_file(&path).await {
                    Ok(()) => {}
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(error) => return Err(io_error("deleting an expired file", error)),
                }
            }
            store
                .mark_file_swept(file.app_id, &file.uuid)
                .await
                .map_err(store_error)?;
            report.swept += 1;
        }
        if batch < SWEEP_BATCH as usize {
            break;
        }
    }
    let retention_ms = i64::try_from(config.tombstone_retention.as_millis()).unwrap_or(i64::MAX);
    report.purged = store
        .purge_swept_files(cutoff.saturating_sub(retention_ms))
        .await
        .map_err(store_error)?;
    Ok(report)
}

/// Removes temporaries older than [`STALE_TEMP`]: an upload in progress keeps writing to its file, so only a
/// crashed one leaves an old one.
async fn remove_stale_temporaries(dir: &FsPath) -> u64 {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return 0;
    };
    let mut removed = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let stale = entry
            .metadata()
            .await
            .ok()
            .and_then(|metadata| metadata.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale && tokio::fs::remove_file(entry.path()).await.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Starts the expiry sweep (chat files and group shared files): at once, then every `sweep_interval`. It ends by itself once the state is
/// dropped.
pub(crate) fn spawn_sweeper(state: &AppState) {
    let store: Weak<dyn Store> = Arc::downgrade(&state.store);
    let config = Arc::downgrade(&state.config);
    tokio::spawn(async move {
        let interval = config
            .upgrade()
            .map(|config| config.files.sweep_interval)
            .unwrap_or(Duration::from_secs(3600))
            .max(Duration::from_secs(1));
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let (Some(store), Some(config)) = (store.upgrade(), config.upgrade()) else {
                return;
            };
            match sweep_expired_files(store.as_ref(), &config.files, crate::now_ms()).await {
                Ok(report) if report != SweepReport::default() => {
                    tracing::info!(?report, "swept expired files");
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "file sweep failed"),
            }
            // Group shared files share the storage time, and the bytes of dissolved groups go here.
            let now_ms = crate::now_ms();
            match super::group_files::sweep_group_files(store.as_ref(), &config.files, now_ms).await {
                Ok(report) if report != super::group_files::GroupSweepReport::default() => {
                    tracing::info!(?report, "swept group files");
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "group file sweep failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_age_at_least_the_storage_time() {
        let config = FilesConfig {
            expiry: Some(Duration::from_secs(10)),
            ..FilesConfig::default()
        };
        assert!(!config.is_expired(1_000, 10_999));
        assert!(config.is_expired(1_000, 11_000));
        let at_once = FilesConfig {
            expiry: Some(Duration::ZERO),
            ..FilesConfig::default()
        };
        assert!(at_once.is_expired(5, 5), "zero expires every file at once");
        let forever = FilesConfig {
            expiry: None,
            ..FilesConfig::default()
        };
        assert!(!forever.is_expired(0, i64::MAX));
    }

    #[test]
    fn dispositions_escape_names() {
        assert_eq!(
            content_disposition("image/png", "a b.png"),
            "inline; filename=\"a b.png\"; filename*=UTF-8''a%20b.png"
        );
        assert_eq!(
            content_disposition("text/html", "x\"é.html"),
            "attachment; filename=\"x__.html\"; filename*=UTF-8''x%22%C3%A9.html"
        );
    }

    #[test]
    fn content_types_fall_back_to_the_image_signature() {
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        assert_eq!(
            content_type_of(Some("image/jpeg"), &png),
            "image/jpeg",
            "the part's own wins"
        );
        assert_eq!(content_type_of(None, &png), "image/png");
        assert_eq!(
            content_type_of(Some("application/octet-stream"), &png),
            "image/png"
        );
        assert_eq!(
            content_type_of(Some("bad\nvalue"), b"text"),
            "application/octet-stream"
        );
    }

    #[test]
    fn thumbnail_sides_are_positive_and_bounded() {
        assert_eq!(thumbnail_side(Some("120")), Some(120));
        assert_eq!(thumbnail_side(Some(" 99 ")), Some(99));
        assert_eq!(thumbnail_side(Some("0")), None);
        assert_eq!(thumbnail_side(Some("99999")), None);
        assert_eq!(thumbnail_side(Some("wide")), None);
        assert_eq!(thumbnail_side(None), None);
    }
}
