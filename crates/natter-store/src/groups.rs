//! The groups aggregate (群组): groups, their members with roles, pending invitations and join
//! applications, and the per-app group limits.
//!
//! Groups are named by `(app_id, GroupId)`; users by their row id ([`natter_core::User::id`]) for writes,
//! as the caller has resolved them within the app. The owner is a member with the owner role, so member
//! counts and membership checks need no special case. Deleting a user removes its memberships, and
//! dissolves the groups it owns (reference groups-chatrooms §2.6).

use crate::{MuteUntil, StoreResult};
use natter_core::{Group, GroupId, GroupLimits, GroupMember, GroupRole, UserName};
use std::collections::BTreeMap;

/// A group to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGroup {
    pub id: GroupId,
    /// Row id of the owner.
    pub owner_id: i64,
    pub name: String,
    pub description: String,
    pub avatar: String,
    pub custom: String,
    pub public: bool,
    pub members_only: bool,
    pub allow_invites: bool,
    pub invite_need_confirm: bool,
    pub max_users: u32,
    /// Row ids of the first members besides the owner, without repeats and without the owner.
    pub member_ids: Vec<i64>,
    pub created_ms: i64,
}

/// How a [`GroupStore::create_group`] call ended. Every outcome but `Created` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupCreate {
    Created(Group),
    /// The app holds `max_groups_per_app` groups already.
    AppFull,
    /// This user (row id) would belong to more than `max_groups_per_user` groups.
    UserFull(i64),
    /// Owner and members are more than the group's `max_users`.
    TooManyMembers,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub avatar: Option<String>,
    pub custom: Option<String>,
    pub public: Option<bool>,
    pub members_only: Option<bool>,
    pub allow_invites: Option<bool>,
    pub invite_need_confirm: Option<bool>,
    pub max_users: Option<u32>,
}

/// How a [`GroupStore::update_group`] call ended. Every outcome but `Updated` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupUpdateOutcome {
    Updated(Group),
    NoGroup,
    /// The new `max_users` is below the current member count.
    MaxUsersBelowMembers,
}

/// How a [`GroupStore::add_group_members`] call ended. Every outcome but `Added` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MembersAdd {
    /// Row ids of the users who were not members and are now, in the order given. Users who were
    /// members already stay as they were.
    Added(Vec<i64>),
    NoGroup,
    /// The group would have more than its `max_users` members.
    GroupFull,
    /// This user (row id) would belong to more than `max_groups_per_user` groups.
    UserFull(i64),
    /// This user (row id) is on the group's blocklist: it cannot join until taken off.
    Blocked(i64),
}

/// How a [`GroupStore::set_member_role`] call ended. Every outcome but `Changed` wrote nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleChange {
    Changed,
    /// The member had that role already.
    Unchanged,
    NotMember,
    /// The owner's role is changed only by a transfer.
    Owner,
    /// The group has `max_admins` admins already.
    AdminsFull,
}

/// Which kind of pending request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupRequestKind {
    /// An owner, admin or member invited the user; the user's answer is awaited.
    Invitation,
    /// The user applied to join; an owner's or admin's answer is awaited.
    Application,
}

impl GroupRequestKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupRequestKind::Invitation => "invite",
            GroupRequestKind::Application => "apply",
        }
    }
}

/// Where one user stands in a group, as one read: what the handlers decide per-user results from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRelation {
    pub username: UserName,
    /// The user's row id, when it exists in the app.
    pub user_id: Option<i64>,
    /// Its role, when it is a member.
    pub role: Option<GroupRole>,
    /// Its mute, when one is in force at the time asked about (mutes outlive membership).
    pub muted: Option<MuteUntil>,
    /// On the allowlist (members only: leaving takes a user off it).
    pub allowed: bool,
    /// On the blocklist (never a member at the same time).
    pub blocked: bool,
}

/// What the message pipeline needs to decide whether a user may send to a group, read in one indexed
/// query ([`GroupStore::group_send_check`]) whatever the group's size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupSendCheck {
    /// The group exists; every other field is its default when it does not.
    pub exists: bool,
    /// The app disabled the group (G2): nobody sends.
    pub disabled: bool,
    pub is_member: bool,
    /// The sender's role, when it is a member.
    pub role: Option<GroupRole>,
    /// The sender's mute in force at the time asked about: `None` not muted (or the mute ran out),
    /// `Some(-1)` until lifted, else its end in Unix ms.
    pub muted_until_ms: Option<i64>,
    /// Mute-all (全员禁言) is on: only the owner, admins and the allowlist send.
    pub mute_all: bool,
    /// On the group's allowlist (explicitly; owner and admins are allowed without being on it).
    pub on_allowlist: bool,
}

/// Why a user may not send to a group, from a [`GroupSendCheck`], most basic reason first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupSendRefusal {
    NoGroup,
    Disabled,
    NotMember,
    /// Muted in this group: a member mute holds even for the allowlisted (§1.5).
    Muted,
    /// Mute-all, and the sender is neither owner, admin nor allowlisted.
    MuteAll,
}

impl GroupSendCheck {
    /// `None` when the user may send; otherwise the first reason it may not (reference §1.5).
    pub fn refusal(&self) -> Option<GroupSendRefusal> {
        if !self.exists {
            return Some(GroupSendRefusal::NoGroup);
        }
        if self.disabled {
            return Some(GroupSendRefusal::Disabled);
        }
        if !self.is_member {
            return Some(GroupSendRefusal::NotMember);
        }
        if self.muted_until_ms.is_some() {
            return Some(GroupSendRefusal::Muted);
        }
        let privileged = self.role.is_some_and(GroupRole::manages) || self.on_allowlist;
        if self.mute_all && !privileged {
            return Some(GroupSendRefusal::MuteAll);
        }
        None
    }
}

/// A member's custom attributes (群成员自定义属性), key to value.
pub type MemberAttributes = BTreeMap<String, String>;

/// How a [`GroupStore::put_member_attributes`] call ended. Every outcome but `Updated` wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberAttributesPut {
    /// The member's attributes after the change.
    Updated(MemberAttributes),
    NoGroup,
    NotMember,
    /// The member's attributes would weigh more than the limit given.
    TooLarge,
}

/// Groups of an app. Every call is scoped to one app (`app_id`): apps never see each other's groups.
#[async_trait::async_trait]
pub trait GroupStore: Send + Sync + std::fmt::Debug {
    /// The app's group limits; [`GroupLimits::default`] for an app that has none stored.
    async fn group_settings(&self, app_id: i64) -> StoreResult<GroupLimits>;

    /// Replaces the app's group limits.
    async fn set_group_settings(&self, app_id: i64, limits: GroupLimits) -> StoreResult<()>;

    /// Creates a group with its owner and first members, within `limits` (the app's group count, each
    /// member's group count) and `group.max_users`. An id the app uses already is a
    /// [`crate::StoreError::Conflict`].
    async fn create_group(
        &self,
        app_id: i64,
        group: NewGroup,
        limits: &GroupLimits,
    ) -> StoreResult<GroupCreate>;

    /// The group with this id.
    async fn group(&self, app_id: i64, id: GroupId) -> StoreResult<Option<Group>>;

    /// The groups of `ids` that exist, in no particular order.
    async fn groups(&self, app_id: i64, ids: &[GroupId]) -> StoreResult<Vec<Group>>;

    /// Up to `limit` groups created before the group `before` (from the newest when `None`), newest
    /// first; only public ones when `public_only`.
    async fn list_groups(
        &self,
        app_id: i64,
        before: Option<GroupId>,
        limit: u32,
        public_only: bool,
    ) -> StoreResult<Vec<Group>>;

    /// How many groups the app has.
    async fn count_groups(&self, app_id: i64) -> StoreResult<u64>;

    /// The groups user `user_id` belongs to, with its role in each, in the order it joined them,
    /// `offset`/`limit` paged.
    async fn user_groups(
        &self,
        app_id: i64,
        user_id: i64,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<(Group, GroupRole)>>;

    /// How many groups user `user_id` belongs to.
    async fn count_user_groups(&self, app_id: i64, user_id: i64) -> StoreResult<u64>;

    /// Changes the fields `update` sets. `max_users` may not go below the member count.
    async fn update_group(
        &self,
        app_id: i64,
        id: GroupId,
        update: GroupUpdate,
        now_ms: i64,
    ) -> StoreResult<GroupUpdateOutcome>;

    /// Dissolves the group: members, requests and all. `false` if there was none.
    async fn delete_group(&self, app_id: i64, id: GroupId) -> StoreResult<bool>;

    /// The role of user `user_id` in the group; `None` if it is not a member (or there is no group).
    async fn member_role(&self, app_id: i64, id: GroupId, user_id: i64) -> StoreResult<Option<GroupRole>>;

    /// Whether `username` is a member. Asked for every group message, so backends answer it from an
    /// index on (group, user), whatever the group's size. [`crate::ChatRoomStore`] has a method of the
    /// same name, so on a `dyn Store` call it as `GroupStore::is_group_member(&*store, …)`.
    async fn is_group_member(&self, app_id: i64, id: GroupId, username: &UserName) -> StoreResult<bool>;

    /// Every member's user ID, owner included, in join order (message fan-out). Called as
    /// `GroupStore::group_members_of(&*store, …)` for the same reason as [`GroupStore::is_member`].
    async fn group_members_of(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>>;

    /// Up to `limit` members in join order: those who joined after position `after` when it is given,
    /// else those after the first `offset`.
    async fn list_members(
        &self,
        app_id: i64,
        id: GroupId,
        after: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<GroupMember>>;

    /// The admins' user IDs, in the order they became members.
    async fn group_admins(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>>;

    /// Adds every user of `user_ids` (row ids) who is not a member yet, as a plain member, within the
    /// group's `max_users` and `limits.max_groups_per_user`; settles their pending requests.
    async fn add_group_members(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        limits: &GroupLimits,
        now_ms: i64,
    ) -> StoreResult<MembersAdd>;

    /// Removes every member of `user_ids` except the owner; returns the row ids removed.
    async fn remove_group_members(&self, app_id: i64, id: GroupId, user_ids: &[i64])
    -> StoreResult<Vec<i64>>;

    /// Makes a member an admin or a plain member again, within `max_admins`.
    async fn set_member_role(
        &self,
        app_id: i64,
        id: GroupId,
        user_id: i64,
        role: GroupRole,
        max_admins: u32,
        now_ms: i64,
    ) -> StoreResult<RoleChange>;

    /// Makes member `new_owner_id` the owner and the old owner a plain member, lifting the new owner's
    /// mute (the owner cannot be muted). `false` (nothing written) if there is no such group or
    /// `new_owner_id` is not a member.
    async fn transfer_ownership(
        &self,
        app_id: i64,
        id: GroupId,
        new_owner_id: i64,
        now_ms: i64,
    ) -> StoreResult<bool>;

    /// Records (or renews) a pending request of `kind` for user `user_id` (the invitee or applicant).
    /// `false` if there is no such group.
    async fn put_group_request(
        &self,
        app_id: i64,
        id: GroupId,
        kind: GroupRequestKind,
        user_id: i64,
        message: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<bool>;

    /// Drops the pending request of `kind` for `user_id`; `false` if there was none.
    async fn take_group_request(
        &self,
        app_id: i64,
        id: GroupId,
        kind: GroupRequestKind,
        user_id: i64,
    ) -> StoreResult<bool>;

    // ---- Bans, announcement, lists, member attributes (groups-chatrooms G2–G11, M10–M23, A1–A4)

    /// Disables (G2) or enables (G3) the group; `false` if there is no such group.
    async fn set_group_disabled(
        &self,
        app_id: i64,
        id: GroupId,
        disabled: bool,
        now_ms: i64,
    ) -> StoreResult<bool>;

    /// Turns mute-all on or off (M18, M19); `false` if there is no such group.
    async fn set_group_mute_all(&self, app_id: i64, id: GroupId, on: bool, now_ms: i64) -> StoreResult<bool>;

    /// The announcement (empty until set); `None` if there is no such group.
    async fn group_announcement(&self, app_id: i64, id: GroupId) -> StoreResult<Option<String>>;

    /// Replaces the announcement; `false` if there is no such group.
    async fn set_group_announcement(
        &self,
        app_id: i64,
        id: GroupId,
        announcement: &str,
        now_ms: i64,
    ) -> StoreResult<bool>;

    /// Where each of `usernames` stands in the group at `now_ms`, in the order given. A user who does
    /// not exist comes back with `user_id: None` and nothing else.
    async fn group_relations(
        &self,
        app_id: i64,
        id: GroupId,
        usernames: &[UserName],
        now_ms: i64,
    ) -> StoreResult<Vec<GroupRelation>>;

    /// One indexed read for the message pipeline: whether the group exists and is enabled, whether
    /// `username` is a member, its role, its mute in force at `now_ms`, mute-all, the allowlist. Called
    /// for every group message, so it costs the same in a group of 3,000 as in a group of 3.
    async fn group_send_check(
        &self,
        app_id: i64,
        id: GroupId,
        username: &UserName,
        now_ms: i64,
    ) -> StoreResult<GroupSendCheck>;

    /// The blocklist's user IDs, in the order they were blocked.
    async fn group_blocklist(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>>;

    /// Blocks the members among `user_ids` (row ids; never the owner): they leave the group (with
    /// their admin role, allowlist entry, attributes and pending requests) and cannot join again until
    /// unblocked. Returns the row ids blocked, in the order given.
    async fn block_group_members(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        now_ms: i64,
    ) -> StoreResult<Vec<i64>>;

    /// Takes `user_ids` off the blocklist; returns the row ids that were on it.
    async fn unblock_group_users(&self, app_id: i64, id: GroupId, user_ids: &[i64]) -> StoreResult<Vec<i64>>;

    /// The mutes in force at `now_ms`, in the order they were set: a timed mute that ran out is gone.
    async fn group_mutes(
        &self,
        app_id: i64,
        id: GroupId,
        now_ms: i64,
    ) -> StoreResult<Vec<(UserName, MuteUntil)>>;

    /// Mutes `user_ids` (row ids) until `until`, or lifts their mutes (`None`). A mute outlives the
    /// membership: leaving and joining again before it ends keeps it (§1.5).
    async fn set_group_mutes(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        until: Option<MuteUntil>,
    ) -> StoreResult<()>;

    /// The allowlist's user IDs, in the order they were added.
    async fn group_allowlist(&self, app_id: i64, id: GroupId) -> StoreResult<Vec<UserName>>;

    /// Puts the members among `user_ids` on the allowlist (`true`) or takes `user_ids` off it; returns the
    /// row ids changed (added members, or removed entries), in the order given.
    async fn set_group_allowed(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        allowed: bool,
        now_ms: i64,
    ) -> StoreResult<Vec<i64>>;

    /// Applies `changes` to member `user_id`'s attributes (an empty value deletes its key), unless the
    /// result would weigh more than `max_bytes` (keys and values, in bytes).
    async fn put_member_attributes(
        &self,
        app_id: i64,
        id: GroupId,
        user_id: i64,
        changes: &MemberAttributes,
        max_bytes: usize,
    ) -> StoreResult<MemberAttributesPut>;

    /// The attributes of each member among `user_ids`, only `keys` of them unless `keys` is empty;
    /// non-members are left out. A member without attributes has an empty map.
    async fn member_attributes(
        &self,
        app_id: i64,
        id: GroupId,
        user_ids: &[i64],
        keys: &[String],
    ) -> StoreResult<Vec<(i64, MemberAttributes)>>;
}
