//! Messages and the offline queues built on them.
//!
//! A message is written once, in its conversation's timeline (`conversation` key: `c:{a}:{b}` for a 1:1
//! pair with `a < b`, `g:{group id}`, `r:{room id}`). Queues are not copies: a user's queue for a
//! conversation is the part of its timeline after the user's cursor, so a group message is one row however
//! many members the group has (fan-out on read). A pull that the client acknowledges moves the cursor; the
//! entries before it are gone from the queue.
//!
//! A targeted (定向) message is a row of its group's or room's timeline too, with its `recipients`: the
//! pulls of everyone else skip it (the gateway filters), and history, conversation lists and unread counts
//! leave it out; only the listed users' offline queues (`unread_queues`) include it.

use crate::StoreResult;

/// The kind of conversation a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChatType {
    Chat,
    Group,
    Room,
}

impl ChatType {
    pub const fn as_str(self) -> &'static str {
        match self {
            ChatType::Chat => "chat",
            ChatType::Group => "groupchat",
            ChatType::Room => "chatroom",
        }
    }

    pub fn parse(text: &str) -> Option<ChatType> {
        match text {
            "chat" => Some(ChatType::Chat),
            "groupchat" => Some(ChatType::Group),
            "chatroom" => Some(ChatType::Room),
            _ => None,
        }
    }
}

/// The conversation key of a 1:1 pair: the same for both sides.
pub fn chat_conversation(a: &str, b: &str) -> String {
    if a <= b {
        format!("c:{a}:{b}")
    } else {
        format!("c:{b}:{a}")
    }
}

/// The conversation key of a group.
pub fn group_conversation(group_id: u64) -> String {
    format!("g:{group_id}")
}

/// The conversation key of a chat room.
pub fn room_conversation(room_id: &str) -> String {
    format!("r:{room_id}")
}

/// What a message row is: a message the user sees, or a signal about one (acks, recalls, edits). Signals
/// travel through the same queues but are not history and do not count as unread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    Message,
    Signal,
}

/// A message to persist.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMessage {
    pub app_id: i64,
    /// Time-ordered and unique per app (natter_core::IdGenerator).
    pub id: u64,
    pub conversation: String,
    pub chat_type: ChatType,
    pub kind: MessageKind,
    pub from_user: String,
    /// The sending device's resource ("" when sent through REST).
    pub from_resource: String,
    /// The recipient: a user name, or the group or room id.
    pub to: String,
    /// The encoded msync `MessageBody`: the one lossless form every dialect converts from.
    pub body: Vec<u8>,
    pub created_ms: i64,
    /// For a recall or an edit: the id of the message it changes, applied in the same transaction.
    pub effect: Option<MessageEffect>,
    /// A targeted (定向) message, or a signal about one: only these users (and the sender) receive it, and
    /// it is not history (no roaming, no conversation-list entry, no unread count). `None`: everyone in
    /// the conversation. Names are user IDs (never a comma in them).
    pub recipients: Option<Vec<String>>,
}

/// What a signal does to an earlier message when it is persisted.
#[derive(Clone, Debug, PartialEq)]
pub enum MessageEffect {
    /// The message is withdrawn: its body is dropped from history.
    Recall { message_id: u64 },
    /// The message's body is replaced.
    Edit { message_id: u64, body: Vec<u8> },
}

/// A persisted message.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMessage {
    pub id: u64,
    pub conversation: String,
    pub chat_type: ChatType,
    pub kind: MessageKind,
    pub from_user: String,
    pub from_resource: String,
    pub to: String,
    pub body: Vec<u8>,
    pub created_ms: i64,
    pub recalled: bool,
    pub edit_count: u32,
    /// Who alone receives a targeted message besides its sender ([`NewMessage::recipients`]).
    pub recipients: Option<Vec<String>>,
}

/// A conversation with messages waiting in a user's queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadQueue {
    pub conversation: String,
    pub chat_type: ChatType,
    /// The peer user name, or the group id.
    pub peer: String,
    /// How many messages wait (capped by the caller's limit).
    pub count: u32,
}

/// One row of a user's conversation list.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversationSummary {
    pub conversation: String,
    pub chat_type: ChatType,
    pub peer: String,
    /// The newest message (not a signal), if any remains.
    pub last_message: Option<StoredMessage>,
    /// Messages from others after the user's last read acknowledgement.
    pub unread: u32,
    /// Sort key: the newest activity in the conversation.
    pub last_id: u64,
}

/// Which end of the timeline a history page starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Newest first, ids below the cursor.
    Older,
    /// Oldest first, ids above the cursor.
    Newer,
}

/// What the message pipeline needs to decide whether a user may message another 1:1, read in one query
/// ([`MessageStore::chat_send_check`]) instead of one per rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChatSendCheck {
    /// The recipient's user id, `None` when there is no such user.
    pub recipient_id: Option<i64>,
    /// The sender's user id, `None` when there is no such user.
    pub sender_id: Option<i64>,
    /// The recipient has the sender on its blocklist.
    pub blocked: bool,
    /// The sender has the recipient as a contact.
    pub contact: bool,
    /// The sender is muted app-wide for 1:1 messages (`chat` scope) at the time asked about.
    pub muted: bool,
}

/// One queue cursor to move forward.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorAdvance {
    pub app_id: i64,
    pub user: String,
    pub conversation: String,
    pub acked_id: u64,
}

/// Messages, conversations and queue cursors.
#[async_trait::async_trait]
pub trait MessageStore: Send + Sync + std::fmt::Debug {
    /// Persists a batch in one transaction (group commit): the messages, their effects, the conversation
    /// heads and both sides' 1:1 conversation rows. All or nothing.
    async fn append_messages(&self, batch: &[NewMessage]) -> StoreResult<()>;

    /// One message by id.
    async fn message(&self, app_id: i64, id: u64) -> StoreResult<Option<StoredMessage>>;

    /// Up to `limit` messages of `conversation` with ids above `after_id`, oldest first.
    async fn messages_after(
        &self,
        app_id: i64,
        conversation: &str,
        after_id: u64,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>>;

    /// The user's queue cursor in a conversation: everything up to it has been acknowledged.
    async fn queue_cursor(&self, app_id: i64, user: &str, conversation: &str) -> StoreResult<Option<u64>>;

    /// Moves the cursor forward to `acked_id` (never back).
    async fn advance_cursor(
        &self,
        app_id: i64,
        user: &str,
        conversation: &str,
        acked_id: u64,
    ) -> StoreResult<()>;

    /// Moves many cursors forward (never back) in one transaction.
    async fn advance_cursors(&self, cursors: &[CursorAdvance]) -> StoreResult<()>;

    /// Whether both users exist, the recipient blocks the sender, the sender has the recipient as a contact,
    /// and the sender's app-wide `chat` mute is in force at `now_ms`: every rule of a 1:1 send, at once.
    async fn chat_send_check(
        &self,
        app_id: i64,
        sender: &str,
        recipient: &str,
        now_ms: i64,
    ) -> StoreResult<ChatSendCheck>;

    /// The user's 1:1 and group conversations with messages from others after the cursor. For a group
    /// without a cursor, the queue starts when the user joined; for a 1:1 conversation, at the beginning.
    /// Targeted messages count only for the users they list.
    async fn unread_queues(&self, app_id: i64, user: &str, count_limit: u32)
    -> StoreResult<Vec<UnreadQueue>>;

    /// Where a user's queue in a group starts when the user has no cursor yet: the id floor of the join.
    async fn group_queue_floor(&self, app_id: i64, user: &str, group_id: u64) -> StoreResult<Option<u64>>;

    /// A history page of a conversation (messages only, recalled ones left out), for roaming.
    async fn history(
        &self,
        app_id: i64,
        conversation: &str,
        cursor: Option<u64>,
        direction: Direction,
        limit: u32,
    ) -> StoreResult<Vec<StoredMessage>>;

    /// The user's conversations, newest activity first, paged by `before_last_id`.
    async fn conversations(
        &self,
        app_id: i64,
        user: &str,
        before_last_id: Option<u64>,
        limit: u32,
    ) -> StoreResult<Vec<ConversationSummary>>;

    /// Marks the user's side of a conversation read up to `read_id`.
    async fn mark_read(&self, app_id: i64, user: &str, conversation: &str, read_id: u64) -> StoreResult<()>;

    /// Removes a conversation from the user's list (the other side keeps it). Returns whether it existed.
    async fn delete_conversation(&self, app_id: i64, user: &str, conversation: &str) -> StoreResult<bool>;

    /// How many messages wait in the user's queues (the REST offline count).
    async fn offline_count(&self, app_id: i64, user: &str) -> StoreResult<u64>;
}
