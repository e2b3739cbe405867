//! Global mutes (用户全局禁言): per user, one deadline for each of 1:1 chat, groups and chat rooms.

use crate::StoreResult;
use natter_core::UserName;

/// Which conversations a global mute covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MuteScope {
    Chat,
    GroupChat,
    ChatRoom,
}

impl MuteScope {
    pub const ALL: [MuteScope; 3] = [MuteScope::Chat, MuteScope::GroupChat, MuteScope::ChatRoom];

    /// The field name the REST API uses.
    pub const fn as_str(self) -> &'static str {
        match self {
            MuteScope::Chat => "chat",
            MuteScope::GroupChat => "groupchat",
            MuteScope::ChatRoom => "chatroom",
        }
    }
}

/// When a mute ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuteUntil {
    /// Until lifted.
    Forever,
    /// Until this instant, Unix ms.
    At(i64),
}

/// One (user, scope) mute that is in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mute {
    pub username: UserName,
    pub scope: MuteScope,
    pub until: MuteUntil,
}

/// Global mutes of an app's users. Expired mutes are never returned: a mute lifts itself.
#[async_trait::async_trait]
pub trait MuteStore: Send + Sync + std::fmt::Debug {
    /// Sets (`Some`) or lifts (`None`) the mute of each scope given; scopes not given are unchanged.
    /// Returns `false` (and writes nothing) when the user does not exist.
    async fn set_mutes(
        &self,
        app_id: i64,
        username: &UserName,
        changes: &[(MuteScope, Option<MuteUntil>)],
    ) -> StoreResult<bool>;

    /// The user's mutes in force at `now_ms`.
    async fn user_mutes(&self, app_id: i64, username: &UserName, now_ms: i64) -> StoreResult<Vec<Mute>>;

    /// Every mute in force at `now_ms`, ordered by user then scope, `offset`/`limit` paged.
    async fn list_mutes(&self, app_id: i64, now_ms: i64, offset: u32, limit: u32) -> StoreResult<Vec<Mute>>;
}
