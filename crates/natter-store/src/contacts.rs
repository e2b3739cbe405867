//! The relationships aggregate: contacts (好友), pending contact requests, and blocklists (黑名单).
//!
//! Users are named by their row id ([`natter_core::User::id`]): the caller has already resolved them
//! within one app, so a relationship never crosses apps. Deleting a user removes every relationship it
//! is part of, on either side.

use crate::StoreResult;
use natter_core::UserName;

/// A contact of a user, as that user sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// Position in the owner's list: a larger id was added later. Paging cursors carry it.
    pub id: i64,
    pub username: UserName,
    /// The owner's own note about this contact; each side of a contact has its own.
    pub remark: Option<String>,
    pub created_ms: i64,
}

/// A user on someone's blocklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockedUser {
    /// Position in the owner's blocklist: a larger id was blocked later. Paging cursors carry it.
    pub id: i64,
    pub username: UserName,
    pub created_ms: i64,
}

/// How an attempt to make two users contacts ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactAdd {
    /// They are contacts now, and were not before.
    Added,
    /// They were contacts already; nothing changed.
    AlreadyContacts,
    /// The owner (the inviter, the importer) has no room left; nothing was written.
    OwnerFull,
    /// The friend (the invitee) has no room left; nothing was written.
    FriendFull,
}

impl ContactAdd {
    /// Whether the two users are contacts after the call.
    pub fn are_contacts(self) -> bool {
        matches!(self, ContactAdd::Added | ContactAdd::AlreadyContacts)
    }
}

/// Contacts, contact requests and blocklists.
///
/// Contacts are mutual, as the vendor's server-side add is: making A a contact of B makes B a contact
/// of A in the same write, and removing either side removes both. Each side keeps its own remark.
#[async_trait::async_trait]
pub trait ContactStore: Send + Sync + std::fmt::Debug {
    /// Makes `owner_id` and `friend_id` contacts of each other, unless either would then have more than
    /// `max_contacts` contacts (then nothing is written). Pending requests between the two are settled.
    async fn add_contact(
        &self,
        owner_id: i64,
        friend_id: i64,
        max_contacts: u32,
        now_ms: i64,
    ) -> StoreResult<ContactAdd>;

    /// Removes the contact in both directions, with both remarks. `false` if they were not contacts.
    async fn remove_contact(&self, owner_id: i64, friend_id: i64) -> StoreResult<bool>;

    /// Removes every contact of `user_id`, in both directions; returns how many contacts it had.
    /// The blocklist and pending requests are left alone.
    async fn remove_all_contacts(&self, user_id: i64) -> StoreResult<u64>;

    /// Sets (or, with `None`, clears) the owner's remark on a contact. `false` if they are not contacts.
    async fn set_contact_remark(
        &self,
        owner_id: i64,
        friend_id: i64,
        remark: Option<&str>,
    ) -> StoreResult<bool>;

    /// Up to `limit` contacts of `owner_id` added before the one with position `before_id` (from the
    /// newest when `None`), newest first.
    async fn list_contacts(
        &self,
        owner_id: i64,
        before_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<Contact>>;

    /// How many contacts `owner_id` has.
    async fn count_contacts(&self, owner_id: i64) -> StoreResult<u64>;

    /// Records (or renews, with the new reason) a request from `requester_id` to become a contact of
    /// `target_id`.
    async fn request_contact(
        &self,
        requester_id: i64,
        target_id: i64,
        reason: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<()>;

    /// Accepts the pending request of `requester_id` to `target_id`: `None` if there is none. Otherwise
    /// as [`ContactStore::add_contact`] with the requester as owner; a refusal keeps the request pending.
    async fn accept_contact_request(
        &self,
        requester_id: i64,
        target_id: i64,
        max_contacts: u32,
        now_ms: i64,
    ) -> StoreResult<Option<ContactAdd>>;

    /// Drops the pending request of `requester_id` to `target_id`; `false` if there was none.
    async fn decline_contact_request(&self, requester_id: i64, target_id: i64) -> StoreResult<bool>;

    /// Puts every user of `blocked_ids` on `owner_id`'s blocklist (users already on it stay where they
    /// are). `false`, and nothing written, if the list would then hold more than `max_blocked` users.
    async fn block_users(
        &self,
        owner_id: i64,
        blocked_ids: &[i64],
        max_blocked: u32,
        now_ms: i64,
    ) -> StoreResult<bool>;

    /// Takes every user of `blocked_ids` off `owner_id`'s blocklist; returns how many were on it.
    async fn unblock_users(&self, owner_id: i64, blocked_ids: &[i64]) -> StoreResult<u64>;

    /// Up to `limit` users of `owner_id`'s blocklist blocked before position `before_id` (from the newest
    /// when `None`), newest first.
    async fn list_blocked(
        &self,
        owner_id: i64,
        before_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<BlockedUser>>;

    /// Whether `owner_id` has `blocked_id` on its blocklist.
    async fn is_blocked(&self, owner_id: i64, blocked_id: i64) -> StoreResult<bool>;

    /// Whether the two users are contacts (one indexed read; the message pipeline asks it per message
    /// when contact-only messaging is on).
    async fn is_contact(&self, owner_id: i64, friend_id: i64) -> StoreResult<bool>;
}
