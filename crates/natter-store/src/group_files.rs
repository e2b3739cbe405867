//! Group shared files (群文件, reference groups-chatrooms G12–G15): the metadata of each file a group
//! shares. The bytes live outside the database (the server keeps them on disk under the row's
//! `path_key`).
//!
//! A file's row goes when the file is deleted, when it expires, or with its group (dissolving a group,
//! however it is dissolved, deletes its files). Every row that goes leaves its `path_key` in a work list
//! of bytes to delete ([`GroupFileStore::group_file_debris`]), written in the same transaction, so that
//! no way of deleting a group can leave bytes behind that nobody knows about: the server deletes the
//! bytes and then clears the entries.

use crate::StoreResult;
use natter_core::GroupId;

/// A shared file as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupFile {
    pub app_id: i64,
    pub group_id: GroupId,
    /// The file's id (a hyphenated UUID), the last segment of its URL.
    pub file_id: String,
    /// The name the uploader gave (the multipart part's filename).
    pub file_name: String,
    /// The MIME type the bytes are served with.
    pub content_type: String,
    pub size_bytes: u64,
    /// The uploading user's ID; `None` when an app token uploaded.
    pub owner: Option<String>,
    pub created_ms: i64,
    /// Where the bytes are, relative to the server's files directory.
    pub path_key: String,
}

/// How a [`GroupFileStore::create_group_file`] call ended. Every outcome but `Created` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupFileCreate {
    Created(GroupFile),
    /// There is no such group (it may have been dissolved during the upload).
    NoGroup,
    /// The group holds its most files already.
    GroupFull,
}

/// Shared files of groups. Every call but the sweep's is scoped to one app (`app_id`).
#[async_trait::async_trait]
pub trait GroupFileStore: Send + Sync + std::fmt::Debug {
    /// Records a file of group `file.group_id`, unless the group has `max_files` files already. The same
    /// `file_id` twice is a [`crate::StoreError::Conflict`], and writes nothing.
    async fn create_group_file(&self, file: GroupFile, max_files: u32) -> StoreResult<GroupFileCreate>;

    /// Up to `limit` of the group's files created after `created_after_ms` (older ones are expired),
    /// newest first, skipping the first `offset`.
    async fn group_files(
        &self,
        app_id: i64,
        group_id: GroupId,
        created_after_ms: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<GroupFile>>;

    /// The group's file `file_id`.
    async fn group_file(
        &self,
        app_id: i64,
        group_id: GroupId,
        file_id: &str,
    ) -> StoreResult<Option<GroupFile>>;

    /// Deletes the group's file `file_id` and queues its bytes for deletion; the file as it was, or
    /// `None` if there was none.
    async fn delete_group_file(
        &self,
        app_id: i64,
        group_id: GroupId,
        file_id: &str,
    ) -> StoreResult<Option<GroupFile>>;

    /// Deletes up to `limit` files of every app created before `created_before_ms` (oldest first) and
    /// queues their bytes for deletion; returns how many went.
    async fn expire_group_files(&self, created_before_ms: i64, limit: u32) -> StoreResult<u64>;

    /// Up to `limit` path keys of bytes whose rows are gone, across apps: the deletion work list.
    async fn group_file_debris(&self, limit: u32) -> StoreResult<Vec<String>>;

    /// Takes `path_keys` off the work list, once their bytes are deleted.
    async fn clear_group_file_debris(&self, path_keys: &[String]) -> StoreResult<()>;
}
