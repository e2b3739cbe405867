//! Uploaded files (chatfiles, reference users-messages §6): the metadata of each upload. The bytes live
//! outside the database (the server keeps them on disk under the row's `path_key`); a row says where they
//! are, who may read them, and when they expire.
//!
//! When a file expires, the sweep deletes its bytes and marks the row swept; the row stays a while longer
//! as a tombstone, so that a download answers "expired" (the SDK's 223) rather than "no such file".

use crate::StoreResult;

/// A file as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatFile {
    pub app_id: i64,
    /// The file's UUID (hyphenated), the last segment of its download URL.
    pub uuid: String,
    /// The secret a download of a restricted file must present.
    pub share_secret: String,
    /// Whether downloads need the share secret (`restrict-access: true` at upload).
    pub restricted: bool,
    /// The file name the uploader gave (the multipart part's filename).
    pub filename: String,
    /// The MIME type the bytes are served with.
    pub content_type: String,
    pub size_bytes: u64,
    /// The uploading user; `None` when an app token uploaded.
    pub owner: Option<String>,
    /// The box its thumbnail must fit (`thumbnail-width` × `thumbnail-height`), in pixels.
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    pub created_ms: i64,
    /// Where the bytes are, relative to the server's files directory (`<app_id>/<uuid>`).
    pub path_key: String,
    /// The sweep has deleted the bytes: the row is a tombstone of an expired file.
    pub swept: bool,
}

/// A file to record: everything but `swept`, which starts false.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewChatFile {
    pub app_id: i64,
    pub uuid: String,
    pub share_secret: String,
    pub restricted: bool,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub owner: Option<String>,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    pub created_ms: i64,
    pub path_key: String,
}

/// The metadata of uploaded files.
#[async_trait::async_trait]
pub trait FileStore: Send + Sync + std::fmt::Debug {
    /// Records an upload. The same UUID twice in one app is a `Conflict`, and writes nothing.
    async fn create_file(&self, file: NewChatFile) -> StoreResult<ChatFile>;

    /// The file `uuid` of the app, swept or not.
    async fn file_by_uuid(&self, app_id: i64, uuid: &str) -> StoreResult<Option<ChatFile>>;

    /// Files of every app created before `created_before_ms` whose bytes are not swept yet, oldest
    /// first, at most `limit`. The sweep's work list: it runs across apps.
    async fn files_to_sweep(&self, created_before_ms: i64, limit: u32) -> StoreResult<Vec<ChatFile>>;

    /// Marks the file's bytes as deleted. `false` when there is no such file.
    async fn mark_file_swept(&self, app_id: i64, uuid: &str) -> StoreResult<bool>;

    /// Deletes the rows of swept files created before `created_before_ms` (tombstones past their
    /// keeping time), across apps; returns how many. Unswept rows are never deleted here.
    async fn purge_swept_files(&self, created_before_ms: i64) -> StoreResult<u64>;
}
