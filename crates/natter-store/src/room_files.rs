//! Chat-room shared files (the Web SDK's `uploadChatRoomSharedFile`, `getChatRoomSharedFilelist`,
//! `deleteChatRoomSharedFile`, SDK-REST §3.10): the metadata of each file a room shares, as
//! [`crate::GroupFileStore`] keeps it for groups. The bytes live outside the database; a row that goes
//! (deleted, expired, or with its room) leaves its `path_key` on the same work list as group files
//! ([`crate::GroupFileStore::group_file_debris`]), in the same transaction.

use crate::StoreResult;
use natter_core::chatroom::ChatRoomId;

/// A room's shared file as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomFile {
    pub app_id: i64,
    pub room_id: ChatRoomId,
    /// The file's id (a hyphenated UUID), the last segment of its URL.
    pub file_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    /// The uploading user's ID; `None` when an app token uploaded.
    pub owner: Option<String>,
    pub created_ms: i64,
    /// Where the bytes are, relative to the server's files directory.
    pub path_key: String,
}

/// How a [`RoomFileStore::create_room_file`] call ended. Every outcome but `Created` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomFileCreate {
    Created(RoomFile),
    /// There is no such room (it may have been destroyed during the upload).
    NoRoom,
    /// The room holds its most files already.
    RoomFull,
}

/// Shared files of chat rooms. Every call but the sweep's is scoped to one app (`app_id`).
#[async_trait::async_trait]
pub trait RoomFileStore: Send + Sync + std::fmt::Debug {
    /// Records a file of room `file.room_id`, unless the room has `max_files` files already.
    async fn create_room_file(&self, file: RoomFile, max_files: u32) -> StoreResult<RoomFileCreate>;

    /// Up to `limit` of the room's files created after `created_after_ms`, newest first, skipping the
    /// first `offset`.
    async fn room_files(
        &self,
        app_id: i64,
        room_id: &ChatRoomId,
        created_after_ms: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<RoomFile>>;

    /// The room's file `file_id`.
    async fn room_file(
        &self,
        app_id: i64,
        room_id: &ChatRoomId,
        file_id: &str,
    ) -> StoreResult<Option<RoomFile>>;

    /// Deletes the room's file `file_id` and queues its bytes for deletion; the file as it was, or `None`.
    async fn delete_room_file(
        &self,
        app_id: i64,
        room_id: &ChatRoomId,
        file_id: &str,
    ) -> StoreResult<Option<RoomFile>>;

    /// Deletes up to `limit` room files of every app created before `created_before_ms` (oldest first)
    /// and queues their bytes for deletion; returns how many went.
    async fn expire_room_files(&self, created_before_ms: i64, limit: u32) -> StoreResult<u64>;
}
