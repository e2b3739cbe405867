//! Storage traits per aggregate, the one error type they return, and the conformance suite every backend
//! runs (feature `testing`). Handlers see `Arc<dyn …Store>`; the backend is chosen once, in the binary.

mod apps;
mod attributes;
mod chatrooms;
#[cfg(feature = "testing")]
pub mod conformance;
mod contacts;
mod files;
mod group_files;
mod groups;
mod messages;
mod messages_admin;
mod mutes;
mod push;
mod rongcloud;
mod rongcloud_groups;
mod rongcloud_settings;
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
pub use files::{ChatFile, FileStore, NewChatFile};
pub use group_files::{GroupFile, GroupFileCreate, GroupFileStore};
pub use groups::{
    GroupCreate, GroupRelation, GroupRequestKind, GroupSendCheck, GroupSendRefusal, GroupStore, GroupUpdate,
    GroupUpdateOutcome, MemberAttributes, MemberAttributesPut, MembersAdd, NewGroup, RoleChange,
};
pub use messages::{
    ChatSendCheck, ChatType, ConversationSummary, CursorAdvance, Direction, MessageEffect, MessageKind,
    MessageStore, NewMessage, StoredMessage, UnreadQueue, chat_conversation, group_conversation,
    room_conversation,
};
pub use messages_admin::MessageAdminStore;
pub use mutes::{Mute, MuteScope, MuteStore, MuteUntil};
pub use push::{
    ConversationPush, ConversationPushUpdate, PushBinding, PushChatType, PushMode, PushStore, PushTemplate,
    QuietInterval, UserPushSettings, UserPushUpdate,
};
pub use rongcloud::{LiftedBan, RongCloudStore, TimedBan};
pub use rongcloud_groups::{GroupQuit, LiftedRoomBlock, MessageTypeList, RongCloudGroupStore, RoomFlag};
pub use rongcloud_settings::{RongCloudSettingsStore, SensitiveWord};
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
    + ChatRoomStore
    + GroupStore
    + FileStore
    + GroupFileStore
    + MessageStore
    + MessageAdminStore
    + ThreadStore
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
        + ChatRoomStore
        + GroupStore
        + FileStore
        + GroupFileStore
        + MessageStore
        + MessageAdminStore
        + ThreadStore,
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
