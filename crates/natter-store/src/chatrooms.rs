//! The chat-room aggregate (聊天室): rooms, their members and roles, mutes, allow- and blocklists, super
//! admins, custom attributes (KV), and each app's room limits.
//!
//! Membership is what the REST API stores (the msync gateway's presence in a room comes on top of it).
//! [`ChatRoomStore::is_room_member`] and [`ChatRoomStore::room_members_of`] are on the delivery path of every room
//! message: backends answer them from an index on (room, user), never by scanning a room.
//!
//! Deleting a user removes its memberships, mutes, list entries and attributes, and dissolves the rooms
//! it owns (users-messages reference §2.6).

use crate::{MuteUntil, StoreResult};
use natter_core::UserName;
use natter_core::chatroom::{ChatRoom, ChatRoomId, ChatRoomLimits, ChatRoomRole, NewChatRoom};
use std::collections::BTreeMap;

/// One member of a room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomMember {
    pub username: UserName,
    pub role: ChatRoomRole,
    /// When the user joined (or was added), Unix ms.
    pub joined_ms: i64,
    /// Join order: pass the last one back to [`ChatRoomStore::room_members_of`] for the next page.
    pub cursor: i64,
}

/// Where a user stands in a room, as one read: what the handlers decide per-user results from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomRelation {
    pub username: UserName,
    /// The user exists in the app.
    pub exists: bool,
    /// Its role, when it is a member.
    pub role: Option<ChatRoomRole>,
    /// Its mute, when one is in force at the time asked about.
    pub muted: Option<MuteUntil>,
    pub allowed: bool,
    pub blocked: bool,
}

/// What became of [`ChatRoomStore::create_room`]. Every outcome but `Created` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateRoom {
    Created(ChatRoom),
    /// Another room of the app has this id.
    IdTaken,
    /// The app holds `max_rooms_per_app` rooms.
    AppQuotaExceeded,
    /// The owner or a member does not exist.
    UserMissing(UserName),
    /// The owner or a member is in `max_rooms_per_user` rooms.
    UserQuotaExceeded(UserName),
}

/// What became of [`ChatRoomStore::add_members`]. Every outcome but `Added` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddMembers {
    /// Everyone asked for is a member now; these were not before.
    Added(Vec<UserName>),
    RoomMissing,
    UserMissing(UserName),
    /// The user is on the room's blocklist.
    Blocked(UserName),
    /// The room would have more than `maxusers` members.
    Full,
    /// The user is in `max_rooms_per_user` rooms.
    UserQuotaExceeded(UserName),
}

/// The changeable fields of a room; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoomUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub max_members: Option<u32>,
}

/// What became of [`ChatRoomStore::update_room`]. Every outcome but `Updated` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateRoom {
    Updated(ChatRoom),
    RoomMissing,
    /// The new `maxusers` is below the number of members.
    BelowMemberCount,
}

/// What became of [`ChatRoomStore::transfer_owner`]. Every outcome but `Transferred` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferOwner {
    Transferred,
    RoomMissing,
    UserMissing,
    NotMember,
    SameOwner,
}

/// What became of [`ChatRoomStore::set_admin`]. Every outcome but `Changed`/`Unchanged` wrote nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetAdmin {
    /// The role changed.
    Changed,
    /// The user already had (or lacked) the admin role.
    Unchanged,
    NotMember,
    /// The owner's role is not changed this way.
    IsOwner,
    /// The room has [`natter_core::chatroom::MAX_ADMINS`] admins.
    TooMany,
}

/// The outcome of one key of an attribute write or delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeOutcome {
    /// Written, or deleted.
    Done,
    /// The key belongs to another user and the call was not forced.
    OwnedByOther,
    /// The room holds the most keys allowed (a new key only).
    RoomFull,
    /// Delete only: no such key.
    Absent,
}

/// Chat rooms of an app. Every call is scoped to one app (`app_id`); ids and user IDs of other apps name
/// nothing. Calls on a room that does not exist read as empty and write nothing.
#[async_trait::async_trait]
pub trait ChatRoomStore: Send + Sync + std::fmt::Debug {
    /// The app's room limits; [`ChatRoomLimits::default`] for an app that has none stored.
    async fn chatroom_limits(&self, app_id: i64) -> StoreResult<ChatRoomLimits>;

    /// Replaces the app's room limits.
    async fn set_chatroom_limits(&self, app_id: i64, limits: ChatRoomLimits) -> StoreResult<()>;

    /// Creates a room with its owner and members, in one atomic step that checks `limits` (rooms per app,
    /// rooms per user) against what is stored at that moment. `maxusers` is the caller's to check.
    async fn create_room(
        &self,
        app_id: i64,
        room: &NewChatRoom,
        limits: ChatRoomLimits,
    ) -> StoreResult<CreateRoom>;

    async fn room(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Option<ChatRoom>>;

    /// Rooms in creation order: those created after the one with `seq` `after` (from the first when
    /// `None`), skipping `offset`, at most `limit`.
    async fn list_rooms(
        &self,
        app_id: i64,
        after: Option<i64>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<ChatRoom>>;

    /// How many rooms the app holds.
    async fn count_rooms(&self, app_id: i64) -> StoreResult<u64>;

    /// The rooms the user is in (owned ones included), most recently joined first, `offset`/`limit` paged.
    async fn joined_rooms(
        &self,
        app_id: i64,
        username: &UserName,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<ChatRoom>>;

    async fn update_room(&self, app_id: i64, id: &ChatRoomId, update: &RoomUpdate)
    -> StoreResult<UpdateRoom>;

    /// Makes a member the owner; the old owner stays, as a plain member.
    async fn transfer_owner(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        new_owner: &UserName,
    ) -> StoreResult<TransferOwner>;

    /// Destroys a room and everything in it; `false` when there was none.
    async fn delete_room(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<bool>;

    /// `false` when there is no such room.
    async fn set_announcement(&self, app_id: i64, id: &ChatRoomId, announcement: &str) -> StoreResult<bool>;

    /// Turns mute-all on or off; `false` when there is no such room.
    async fn set_mute_all(&self, app_id: i64, id: &ChatRoomId, on: bool) -> StoreResult<bool>;

    /// Whether the user is in the room (the owner is). One indexed lookup.
    async fn is_room_member(&self, app_id: i64, id: &ChatRoomId, username: &UserName) -> StoreResult<bool>;

    /// The user's role, when it is a member.
    async fn role_of(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        username: &UserName,
    ) -> StoreResult<Option<ChatRoomRole>>;

    /// Where each of `usernames` stands in the room at `now_ms`, in the order given.
    async fn relations(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        now_ms: i64,
    ) -> StoreResult<Vec<RoomRelation>>;

    /// Members in join order: those after `after` (a [`RoomMember::cursor`]; from the first when `None`),
    /// skipping `offset`, at most `limit`. Keyset paging: a page costs its size, not its position.
    async fn room_members_of(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        after: Option<i64>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<RoomMember>>;

    /// Adds every user, or none, checking `maxusers`, the blocklist and `limits.max_rooms_per_user` in one
    /// atomic step. Users already in the room count as added.
    async fn add_members(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        limits: ChatRoomLimits,
        now_ms: i64,
    ) -> StoreResult<AddMembers>;

    /// Removes the users (never the owner) from the room: their admin role and allowlist entry go with the
    /// membership, and so do their attributes set with auto-delete. Their mutes stay (a user who leaves
    /// and comes back is still muted). Returns those who were members.
    async fn remove_members(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
    ) -> StoreResult<Vec<UserName>>;

    /// Gives (`true`) or takes the admin role.
    async fn set_admin(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        username: &UserName,
        admin: bool,
    ) -> StoreResult<SetAdmin>;

    /// The room's admins, in the order they joined.
    async fn admins(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Vec<UserName>>;

    /// Mutes the users until `until`, or lifts their mutes (`None`). Users who do not exist are skipped.
    async fn set_room_mutes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        until: Option<MuteUntil>,
    ) -> StoreResult<()>;

    /// The mutes in force at `now_ms`: a timed mute that has run out is not returned.
    async fn room_mutes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        now_ms: i64,
    ) -> StoreResult<Vec<(UserName, MuteUntil)>>;

    /// Puts the users on (`true`) or takes them off the allowlist. Users who do not exist are skipped.
    async fn set_allowed(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
        allowed: bool,
    ) -> StoreResult<()>;

    async fn allowlist(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Vec<UserName>>;

    /// Puts the users on the blocklist and out of the room (as [`ChatRoomStore::remove_members`] does);
    /// the owner is never blocked.
    async fn block(&self, app_id: i64, id: &ChatRoomId, usernames: &[UserName]) -> StoreResult<()>;

    /// Takes the users off the blocklist; returns those who were on it.
    async fn unblock(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        usernames: &[UserName],
    ) -> StoreResult<Vec<UserName>>;

    async fn blocklist(&self, app_id: i64, id: &ChatRoomId) -> StoreResult<Vec<UserName>>;

    /// Makes the user a super admin (超级管理员, may create rooms with a user token); `false` when the
    /// user does not exist.
    async fn add_super_admin(&self, app_id: i64, username: &UserName, now_ms: i64) -> StoreResult<bool>;

    /// `true` when the user was a super admin.
    async fn remove_super_admin(&self, app_id: i64, username: &UserName) -> StoreResult<bool>;

    /// Super admins in the order they were made, `offset`/`limit` paged.
    async fn super_admins(&self, app_id: i64, offset: u32, limit: u32) -> StoreResult<Vec<UserName>>;

    async fn is_super_admin(&self, app_id: i64, username: &UserName) -> StoreResult<bool>;

    /// Sets attribute pairs on behalf of `owner`, in one atomic step: a key owned by another user is
    /// refused unless `forced` (which takes it over), and a new key is refused once the room holds
    /// `max_keys`. Returns one outcome per pair, in order.
    #[allow(clippy::too_many_arguments)]
    async fn set_room_attributes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        owner: &UserName,
        pairs: &[(String, String)],
        auto_delete: bool,
        forced: bool,
        max_keys: usize,
    ) -> StoreResult<Vec<AttributeOutcome>>;

    /// The room's attributes, only `keys` when given.
    async fn room_attributes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        keys: Option<&[String]>,
    ) -> StoreResult<BTreeMap<String, String>>;

    /// Deletes keys on behalf of `owner`: keys of other users only when `forced`. One outcome per key.
    async fn delete_room_attributes(
        &self,
        app_id: i64,
        id: &ChatRoomId,
        owner: &UserName,
        keys: &[String],
        forced: bool,
    ) -> StoreResult<Vec<AttributeOutcome>>;
}
