//! What the RongCloud door keeps about the app's groups and chat rooms, on top of the groups and rooms
//! themselves ([`crate::GroupStore`], [`crate::ChatRoomStore`]): one app has one set of groups and rooms,
//! whichever door made them.
//!
//! Ids: a RongCloud caller names its groups and rooms (`g_1`, `Room-A`: 1 to 64 characters, case-sensitive),
//! an Easemob group id is a generated number and a room id is lower-case. A group or room made through the
//! RongCloud door keeps its RongCloud id here, mapped to the row the Easemob door sees under its own id; one
//! made through the Easemob door has no mapping and is named at the RongCloud door by its Easemob id.
//!
//! The rest: the user that owns the rooms the RongCloud door creates, deadlines of timed room blocks (the
//! block is the room's blocklist), per-room switches and the app's lists of chat room message types. Group
//! gags, mute-all and its whitelist are the group's own mutes, mute-all and allowlist ([`crate::GroupStore`]).

use crate::{CreateRoom, GroupCreate, NewGroup, StoreResult};
use natter_core::chatroom::{ChatRoomId, ChatRoomLimits, NewChatRoom};
use natter_core::{GroupId, GroupLimits, UserName};
use std::collections::HashMap;

/// How a [`RongCloudGroupStore::quit_rongcloud_group`] call ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupQuit {
    /// Row ids of the users who were members and are not any more, in the order given. When the owner
    /// left, the member who joined first after it became the owner.
    Removed(Vec<i64>),
    /// Nobody would be left: the group was dissolved (members, requests and all).
    Dissolved(Vec<i64>),
    NoGroup,
}

/// A per-room switch of the RongCloud door.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoomFlag {
    /// Kept alive (保活): never destroyed for being idle.
    KeepAlive,
    /// Message distribution stopped (停止分发): messages sent to the room reach nobody else.
    DistributionStopped,
}

/// An app-wide list of chat room message types (`objectName`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageTypeList {
    /// Message types never dropped when the server is under load (消息白名单).
    Whitelist,
    /// Message types dropped first (低级别消息).
    LowPriority,
}

impl MessageTypeList {
    /// The stored value.
    pub const fn as_str(self) -> &'static str {
        match self {
            MessageTypeList::Whitelist => "whitelist",
            MessageTypeList::LowPriority => "low_priority",
        }
    }
}

/// A timed room block whose time is up and that was lifted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiftedRoomBlock {
    pub app_id: i64,
    pub room: ChatRoomId,
    pub username: UserName,
}

/// The RongCloud door's data about groups and chat rooms. Every call is scoped to one app.
#[async_trait::async_trait]
pub trait RongCloudGroupStore: Send + Sync + std::fmt::Debug {
    // ---- Groups.

    /// The group a RongCloud id was mapped to (only groups made through the RongCloud door have one).
    async fn rongcloud_group(&self, app_id: i64, rongcloud_id: &str) -> StoreResult<Option<GroupId>>;

    /// The RongCloud ids of those of `ids` that have one.
    async fn rongcloud_group_ids(
        &self,
        app_id: i64,
        ids: &[GroupId],
    ) -> StoreResult<HashMap<GroupId, String>>;

    /// Creates a group (as [`crate::GroupStore::create_group`]) named `rongcloud_id` at the RongCloud door.
    /// A RongCloud id the app maps already is a [`crate::StoreError::Conflict`], and nothing is written.
    async fn create_rongcloud_group(
        &self,
        app_id: i64,
        rongcloud_id: &str,
        group: NewGroup,
        limits: &GroupLimits,
    ) -> StoreResult<GroupCreate>;

    /// Removes the members of `user_ids` from the group in one step, the owner too: RongCloud groups have
    /// no owner, so when the owner leaves, the longest-standing remaining member takes over, and when
    /// nobody remains the group is dissolved. Users who are not members are skipped.
    async fn quit_rongcloud_group(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        now_ms: i64,
    ) -> StoreResult<GroupQuit>;

    /// The app's groups whose mute-all (全员禁言) is on, oldest first.
    async fn muted_group_ids(&self, app_id: i64) -> StoreResult<Vec<GroupId>>;

    // ---- Chat rooms.

    /// The room a RongCloud id was mapped to (only rooms made through the RongCloud door have one).
    async fn rongcloud_room(&self, app_id: i64, rongcloud_id: &str) -> StoreResult<Option<ChatRoomId>>;

    /// The RongCloud ids of those of `ids` that have one.
    async fn rongcloud_room_ids(
        &self,
        app_id: i64,
        ids: &[ChatRoomId],
    ) -> StoreResult<HashMap<ChatRoomId, String>>;

    /// Creates a room (as [`crate::ChatRoomStore::create_room`]) named `rongcloud_id` at the RongCloud
    /// door. A RongCloud id the app maps already is a [`crate::StoreError::Conflict`], and nothing is
    /// written.
    async fn create_rongcloud_room(
        &self,
        app_id: i64,
        rongcloud_id: &str,
        room: &NewChatRoom,
        limits: ChatRoomLimits,
    ) -> StoreResult<CreateRoom>;

    /// The user that owns the rooms the RongCloud door creates, once there is one.
    async fn room_keeper(&self, app_id: i64) -> StoreResult<Option<UserName>>;

    /// Records user `user_id` (row id) as the app's room keeper unless the app has one; returns the keeper.
    async fn set_room_keeper(&self, app_id: i64, user_id: i64) -> StoreResult<UserName>;

    /// Blocks the users from the room (as [`crate::ChatRoomStore::block`]: out of the room, never its
    /// owner) until `until_ms`, replacing earlier deadlines. `false` when there is no such room.
    async fn block_room_users_until(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        until_ms: i64,
    ) -> StoreResult<bool>;

    /// Forgets the block deadlines of the users (the block itself is lifted through the room store).
    async fn forget_room_block_deadlines(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
    ) -> StoreResult<()>;

    /// The deadlines of the room's timed blocks.
    async fn room_block_deadlines(&self, app_id: i64, id: &ChatRoomId)
    -> StoreResult<HashMap<UserName, i64>>;

    /// Lifts every timed room block, of every app, whose deadline is at or before `now_ms`, and returns
    /// them. A deadline whose block was lifted meanwhile is forgotten without being reported.
    async fn lift_expired_room_blocks(&self, now_ms: i64) -> StoreResult<Vec<LiftedRoomBlock>>;

    /// The earliest deadline of any timed room block, of any app.
    async fn next_room_block_deadline(&self) -> StoreResult<Option<i64>>;

    /// Turns a room switch on or off; `false` when there is no such room.
    async fn set_room_flag(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        flag: RoomFlag,
        on: bool,
    ) -> StoreResult<bool>;

    /// Whether a room switch is on (off for a room that does not exist).
    async fn room_flag(&self, app_id: i64, id: &ChatRoomId, flag: RoomFlag) -> StoreResult<bool>;

    /// The app's rooms with the switch on, oldest first.
    async fn rooms_with_flag(&self, app_id: i64, flag: RoomFlag) -> StoreResult<Vec<ChatRoomId>>;

    /// Adds message types to an app list (those on it stay). `false`, and nothing written, if the list
    /// would then hold more than `max` types.
    async fn add_message_types(
        &self,
        app_id: i64,
        list: MessageTypeList,
        object_names: &[String],
        max: u32,
    ) -> StoreResult<bool>;

    /// Takes message types off an app list; returns how many were on it.
    async fn remove_message_types(
        &self,
        app_id: i64,
        list: MessageTypeList,
        object_names: &[String],
    ) -> StoreResult<u64>;

    /// An app list, in the order the types were added.
    async fn message_types(&self, app_id: i64, list: MessageTypeList) -> StoreResult<Vec<String>>;
}
