//! Storage traits per aggregate, the one error type they return, and the conformance suite every backend
//! runs (feature `testing`). Handlers see `Arc<dyn …Store>`; the backend is chosen once, in the binary.

mod apps;
mod attributes;
mod chatrooms;
#[cfg(feature = "testing")]
pub mod conformance;
mod contacts;
mod conversation_flags;
mod files;
mod group_files;
mod groups;
mod history;
mod messages;
mod messages_admin;
mod mutes;
mod presence;
mod push;
mod reactions;
mod rongcloud;
mod rongcloud_groups;
mod rongcloud_push;
mod rongcloud_settings;
mod room_files;
mod threads;
mod users;

pub use apps::AppStore;
pub use attributes::{
    AttributeSettings, AttributeStore, AttributeWrite, Attributes, DEFAULT_APP_ATTRIBUTE_BYTES,
    DEFAULT_USER_ATTRIBUTE_BYTES, attribute_bytes,
};
pub use chatrooms::{
    AddMembers, AttributeOutcome, ChatRoomStore, CreateRoom, RoomMember, RoomRelation, RoomUpdate, SetAdmin,
    TransferOwner, UpdateRoom,
};
pub use contacts::{BlockedUser, Contact, ContactAdd, ContactStore};
pub use conversation_flags::{ConversationFlagStore, ConversationFlags, PinnedMessage};
pub use files::{ChatFile, FileStore, NewChatFile};
pub use group_files::{GroupFile, GroupFileCreate, GroupFileStore};
pub use groups::{
    GroupCreate, GroupRelation, GroupRequestKind, GroupSendCheck, GroupSendRefusal, GroupStore, GroupUpdate,
    GroupUpdateOutcome, MemberAttributes, MemberAttributesPut, MembersAdd, NewGroup, RoleChange,
};
pub use history::MessageHistoryStore;
pub use messages::{
    ChatSendCheck, ChatType, ConversationSummary, CursorAdvance, Direction, MessageEffect, MessageKind,
    MessageStore, NewMessage, StoredMessage, UnreadQueue, chat_conversation, group_conversation,
    room_conversation,
};
pub use messages_admin::MessageAdminStore;
pub use mutes::{Mute, MuteScope, MuteStore, MuteUntil};
pub use presence::{Presence, PresenceStore, PresenceSubscription};
pub use push::{
    ConversationPush, ConversationPushUpdate, PushBinding, PushChatType, PushMode, PushStore, PushTemplate,
    QuietInterval, UserPushSettings, UserPushUpdate,
};
pub use reactions::{ReactionAdd, ReactionAdded, ReactionStore, ReactionSummary, ReactionUsers};
pub use rongcloud::{LiftedBan, RongCloudStore, TimedBan};
pub use rongcloud_groups::{GroupQuit, LiftedRoomBlock, MessageTypeList, RongCloudGroupStore, RoomFlag};
pub use rongcloud_push::{PushAudience, RongCloudPush, RongCloudPushKind, RongCloudPushStore};
pub use rongcloud_settings::{RongCloudSettingsStore, SensitiveWord};
pub use room_files::{RoomFile, RoomFileCreate, RoomFileStore};
pub use threads::{NewThread, Thread, ThreadCreate, ThreadJoin, ThreadPage, ThreadStore};
pub use users::UserStore;

/// Every aggregate's store: what the server holds. A backend implements each trait; this one is implied.
pub trait Store:
    AppStore
    + UserStore
    + AttributeStore
    + PushStore
    + ContactStore
    + MuteStore
    + RongCloudStore
    + RongCloudGroupStore
    + RongCloudSettingsStore
    + RongCloudPushStore
    + ChatRoomStore
    + GroupStore
    + FileStore
    + GroupFileStore
    + MessageStore
    + MessageAdminStore
    + ThreadStore
    + PresenceStore
    + ReactionStore
    + ConversationFlagStore
    + RoomFileStore
    + MessageHistoryStore
{
}

impl<
    T: AppStore
        + UserStore
        + AttributeStore
        + PushStore
        + ContactStore
        + MuteStore
        + RongCloudStore
        + RongCloudGroupStore
        + RongCloudSettingsStore
        + RongCloudPushStore
        + ChatRoomStore
        + GroupStore
        + FileStore
        + GroupFileStore
        + MessageStore
        + MessageAdminStore
        + ThreadStore
        + PresenceStore
        + ReactionStore
        + ConversationFlagStore
        + RoomFileStore
        + MessageHistoryStore,
> Store for T
{
}

/// What a store reports. Backends map their own errors onto these kinds (by error kind, never by
/// constraint name: SQLite does not report names).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was violated (for example an App Key that already exists).
    #[error("already exists: {0}")]
    Conflict(String),
    /// A quota would be exceeded (for example the app's registered-user limit); nothing is written.
    #[error("limit exceeded: {0}")]
    LimitExceeded(String),
    /// The backend failed; the message is for the log, never for the wire.
    #[error("storage backend: {0}")]
    Backend(String),
}

/// The result of every store call.
pub type StoreResult<T> = Result<T, StoreError>;
