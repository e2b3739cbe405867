//! Threads (子区, reference groups-chatrooms §4): a thread hangs off one group message, has an owner, a
//! name and members. Destroying the group destroys its threads; leaving the group leaves its threads.
//!
//! Pages are keyed by positions: a thread's position is its creation order in the app, a membership's
//! position is its join order. Callers turn positions into opaque cursors.

use crate::StoreResult;
use natter_core::{GroupId, UserName};

/// A thread as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    /// The public ID (a decimal u64 from the id generator).
    pub thread_id: u64,
    pub group_id: GroupId,
    /// The ID of the parent group message.
    pub msg_id: u64,
    pub name: String,
    pub owner: UserName,
    pub created_ms: i64,
    /// How many members the thread has (the owner included while they stay).
    pub member_count: u64,
}

/// A thread to create; its owner becomes its first member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewThread {
    pub thread_id: u64,
    pub group_id: GroupId,
    pub msg_id: u64,
    pub name: String,
    pub owner_id: i64,
    pub created_ms: i64,
    /// The app's thread quota (100,000 by default, §1.3).
    pub app_limit: u64,
    /// How many threads one user may join (100,000 by default, §1.3).
    pub user_limit: u64,
}

/// What creating a thread did. Nothing is written unless `Created`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThreadCreate {
    Created(Thread),
    /// No group with that ID in the app.
    GroupMissing,
    /// The parent message already has a thread.
    MessageTaken,
    /// The app has `app_limit` threads.
    AppFull,
    /// The owner has joined `user_limit` threads.
    UserFull,
}

/// What a batch join did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThreadJoin {
    /// One flag per user, in order: `true` when they joined now, `false` when they were already in.
    Joined(Vec<bool>),
    /// No thread with that ID; nothing written.
    ThreadMissing,
    /// The user (by index in the request) has joined `user_limit` threads; nothing written.
    UserFull(usize),
}

/// One page request: `after` is the position the previous page ended at (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreadPage {
    pub after: Option<i64>,
    pub limit: u32,
    /// Newest first (the documented default).
    pub descending: bool,
}

/// Storage of threads and their members.
#[async_trait::async_trait]
pub trait ThreadStore: Send + Sync + std::fmt::Debug {
    /// Creates a thread with its owner as a member, inside the quotas.
    async fn create_thread(&self, app_id: i64, thread: NewThread) -> StoreResult<ThreadCreate>;

    /// The thread `thread_id` of the app.
    async fn thread(&self, app_id: i64, thread_id: u64) -> StoreResult<Option<Thread>>;

    /// Renames a thread; `false` when there is none.
    async fn rename_thread(&self, app_id: i64, thread_id: u64, name: &str) -> StoreResult<bool>;

    /// Deletes a thread and its memberships; `false` when there is none.
    async fn delete_thread(&self, app_id: i64, thread_id: u64) -> StoreResult<bool>;

    /// The app's threads by creation order, each with its position.
    async fn list_threads(&self, app_id: i64, page: ThreadPage) -> StoreResult<Vec<(i64, Thread)>>;

    /// The threads `user_id` is a member of (of one group when `group` is given), by join order, each
    /// with the position of the membership.
    async fn user_threads(
        &self,
        app_id: i64,
        user_id: i64,
        group: Option<GroupId>,
        page: ThreadPage,
    ) -> StoreResult<Vec<(i64, Thread)>>;

    /// The members of a thread by join order (oldest first), each with its position; `None` when there is
    /// no such thread.
    async fn thread_members(
        &self,
        app_id: i64,
        thread_id: u64,
        after: Option<i64>,
        limit: u32,
    ) -> StoreResult<Option<Vec<(i64, UserName)>>>;

    /// Adds users to a thread, all or nothing with respect to the per-user quota.
    async fn join_thread(
        &self,
        app_id: i64,
        thread_id: u64,
        user_ids: &[i64],
        now_ms: i64,
        user_limit: u64,
    ) -> StoreResult<ThreadJoin>;

    /// Removes users from a thread: one flag per user, `true` when they were a member. `None` when there
    /// is no such thread.
    async fn leave_thread(
        &self,
        app_id: i64,
        thread_id: u64,
        user_ids: &[i64],
    ) -> StoreResult<Option<Vec<bool>>>;
}
