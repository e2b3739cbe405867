//! The groups aggregate (群组): groups, their members with roles, pending invitations and join
//! applications, and the per-app group limits.
//!
//! Groups are named by `(app_id, GroupId)`; users by their row id ([`natter_core::User::id`]) for writes,
//! as the caller has resolved them within the app. The owner is a member with the owner role, so member
//! counts and membership checks need no special case. Deleting a user removes its memberships, and
//! dissolves the groups it owns (reference groups-chatrooms §2.6).

use crate::StoreResult;
use natter_core::{Group, GroupId, GroupLimits, GroupMember, GroupRole, UserName};

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

    /// Makes member `new_owner_id` the owner and the old owner a plain member. `false` (nothing written)
    /// if there is no such group or `new_owner_id` is not a member.
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
}
