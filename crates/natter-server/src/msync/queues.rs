//! A connection's view of its queues: where it stands in each conversation, the pulls (SYNC with
//! `queue` and `key`), the offline list for the first UNREAD, chat-room presence, and kick notices.
//!
//! A queue is the part of a conversation's timeline after the user's cursor. The connection keeps its
//! own position per queue (so two devices online at once both get everything) and moves the stored
//! cursor when the client acknowledges a page (SYNC with `key`), which is what removes the entries from
//! the user's offline queue. Chat-room positions live only here: rooms have no offline queue.

use super::provision::Login;
use crate::AppState;
use crate::messaging::mailbox::{Mailbox, QueueRef};
use crate::sessions::DisconnectReason;
use crate::store_error;
use natter_codes::{ErrorKind, NatterError};
use natter_core::UserName;
use natter_core::chatroom::ChatRoomId;
use natter_msync::jid;
use natter_msync::pb::{self, meta::NameSpace, muc_body::Operation, statistics_body::Operation as Kick};
use natter_store::{AddMembers, ChatType, MuteUntil, StoredMessage};
use prost::Message as _;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Most messages per pull reply.
const PAGE: u32 = 50;
/// The name of the queue kick notices are delivered through (ERRORS.md §1.2 uses "admin" as its example).
/// Not a possible user ID (`#`), so it never hides a conversation: REST messages come from `admin`.
const SYSTEM_QUEUE: &str = "natter#system";

#[derive(Clone, Copy, Debug, Default)]
struct Position {
    /// Acknowledged by this device (or, at login, by any device of the user).
    acked: u64,
    /// Sent to this device in a pull reply, not yet acknowledged.
    sent: u64,
}

/// The result of a pull.
pub(crate) struct Pulled {
    pub(crate) reply: pb::CommSyncDl,
    /// The reply carries a kick notice: the connection must close shortly.
    pub(crate) kick_delivered: bool,
}

pub(crate) struct Queues {
    state: AppState,
    app_id: i64,
    app_key: String,
    user: UserName,
    resource: String,
    started_id: u64,
    mailbox: Arc<Mailbox>,
    positions: HashMap<String, Position>,
    /// Rooms this device joined.
    rooms: HashSet<String>,
    /// Kick notices waiting to be pulled.
    system: Vec<pb::Meta>,
}

fn ok() -> pb::Status {
    super::status(None)
}

impl Queues {
    pub(crate) fn new(state: &AppState, login: &Login, mailbox: Arc<Mailbox>) -> Queues {
        Queues {
            state: state.clone(),
            app_id: login.app.id,
            app_key: login.app_key.clone(),
            user: login.user.clone(),
            resource: login.resource.clone(),
            started_id: login.started_id,
            mailbox,
            positions: HashMap::new(),
            rooms: HashSet::new(),
            system: Vec::new(),
        }
    }

    /// The JID the SDK pulls for a queue with news.
    pub(crate) fn queue_jid(&self, queue: &QueueRef) -> pb::Jid {
        match queue {
            QueueRef::Chat(peer) => jid::user(&self.app_key, peer, None),
            QueueRef::Group(id) | QueueRef::Room(id) => jid::conference(&self.app_key, id),
        }
    }

    pub(crate) fn in_room(&self, room: &str) -> bool {
        self.rooms.contains(room)
    }

    /// The queues with messages waiting from before this connection (the first UNREAD's list).
    pub(crate) async fn unread(&self) -> Vec<pb::MetaQueue> {
        // Acknowledgements of a previous connection may still be in memory: written first, so that the
        // list does not name queues that were emptied.
        self.state.messaging.flush().await;
        match self
            .state
            .store
            .unread_queues(self.app_id, self.user.as_str(), 100)
            .await
        {
            Ok(queues) => queues
                .into_iter()
                .map(|queue| pb::MetaQueue {
                    queue: Some(match queue.chat_type {
                        ChatType::Chat => jid::user(&self.app_key, &queue.peer, None),
                        ChatType::Group | ChatType::Room => jid::conference(&self.app_key, &queue.peer),
                    }),
                    n: Some(queue.count),
                })
                .collect(),
            Err(error) => {
                // Nothing is lost: the queues stay, and the next NOTICE or login lists them.
                tracing::error!(%error, "unread queues not read");
                Vec::new()
            }
        }
    }

    /// Queues a kick notice; returns the NOTICE to send, or `None` when the reason has no notice (a ban
    /// just closes the connection).
    pub(crate) fn queue_kick(&mut self, reason: DisconnectReason) -> Option<pb::CommNotice> {
        let operation = match reason {
            DisconnectReason::UserRemoved => Kick::UserRemoved,
            DisconnectReason::LoginElsewhere => Kick::UserLoginAnotherDevice,
            DisconnectReason::PasswordChanged => Kick::UserKickedByChangePassword,
            DisconnectReason::ForcedLogout => Kick::UserKickedByOtherDevice,
            DisconnectReason::UserBanned => return None,
        };
        let body = pb::StatisticsBody {
            operation: Some(operation as i32),
            reason: if reason == DisconnectReason::LoginElsewhere {
                self.mailbox.take_kick_note()
            } else {
                None
            },
            ..pb::StatisticsBody::default()
        };
        let now = u64::try_from(crate::now_ms()).unwrap_or(0);
        self.system.push(pb::Meta {
            id: Some(now << 16),
            from: Some(jid::user(&self.app_key, SYSTEM_QUEUE, None)),
            to: Some(jid::user(&self.app_key, self.user.as_str(), Some(&self.resource))),
            timestamp: Some(now),
            ns: Some(NameSpace::Statistic as i32),
            payload: Some(body.encode_to_vec()),
            ..pb::Meta::default()
        });
        Some(pb::CommNotice {
            queue: Some(jid::user(&self.app_key, SYSTEM_QUEUE, None)),
        })
    }

    /// Answers a pull of `queue`, first acknowledging everything up to `key`.
    pub(crate) async fn pull(&mut self, queue: pb::Jid, key: Option<u64>) -> Pulled {
        let name = jid::name(&queue).to_owned();
        if !jid::is_conference(&queue) && name == SYSTEM_QUEUE {
            return self.pull_system(queue, key);
        }
        if !jid::is_conference(&queue) && name == crate::messaging::mailbox::ONLINE_ONLY_QUEUE {
            return self.pull_online_only(queue, key);
        }
        let (conversation, chat_type) = if jid::is_conference(&queue) {
            if self.rooms.contains(&name) || self.room_floor(&name).is_some() {
                (natter_store::room_conversation(&name), ChatType::Room)
            } else {
                match name.parse::<u64>() {
                    Ok(id) => (natter_store::group_conversation(id), ChatType::Group),
                    Err(_) => return self.empty(queue),
                }
            }
        } else {
            (
                natter_store::chat_conversation(self.user.as_str(), &name),
                ChatType::Chat,
            )
        };
        match self
            .pull_conversation(&conversation, chat_type, &name, &queue, key)
            .await
        {
            Ok(reply) => Pulled {
                reply,
                kick_delivered: false,
            },
            Err(error) => {
                tracing::error!(kind = ?error.kind, detail = error.detail.as_deref().unwrap_or(""), "pull failed");
                Pulled {
                    reply: pb::CommSyncDl {
                        status: Some(pb::Status {
                            error_code: Some(1),
                            reason: Some(String::new()),
                            ..pb::Status::default()
                        }),
                        queue: Some(queue),
                        ..pb::CommSyncDl::default()
                    },
                    kick_delivered: false,
                }
            }
        }
    }

    fn empty(&self, queue: pb::Jid) -> Pulled {
        Pulled {
            reply: last_page(queue),
            kick_delivered: false,
        }
    }

    fn pull_system(&mut self, queue: pb::Jid, key: Option<u64>) -> Pulled {
        if let Some(key) = key {
            self.system.retain(|meta| meta.id.unwrap_or(0) > key);
        }
        if self.system.is_empty() {
            return self.empty(queue);
        }
        let next_key = self.system.iter().filter_map(|meta| meta.id).max();
        Pulled {
            reply: pb::CommSyncDl {
                status: Some(ok()),
                queue: Some(queue),
                metas: self.system.clone(),
                next_key,
                timestamp: Some(u64::try_from(crate::now_ms()).unwrap_or(0)),
                ..pb::CommSyncDl::default()
            },
            kick_delivered: true,
        }
    }

    /// The device's online-only messages (status messages), which live in its mailbox, not in the store.
    fn pull_online_only(&self, queue: pb::Jid, key: Option<u64>) -> Pulled {
        let (metas, next_key) = self.mailbox.pull_online_only(key);
        if metas.is_empty() {
            return self.empty(queue);
        }
        // As for stored queues: `next_key` without `is_last`, the acknowledging pull ends the exchange.
        Pulled {
            reply: pb::CommSyncDl {
                status: Some(ok()),
                queue: Some(queue),
                metas,
                next_key,
                timestamp: Some(u64::try_from(crate::now_ms()).unwrap_or(0)),
                ..pb::CommSyncDl::default()
            },
            kick_delivered: false,
        }
    }

    /// Where this connection's position in a queue starts; `None` when the user may not read it (a group
    /// the user is not a member of: the queue name alone must not open a group's timeline).
    async fn initial_position(
        &self,
        conversation: &str,
        chat_type: ChatType,
        name: &str,
    ) -> Result<Option<u64>, NatterError> {
        let store = &self.state.store;
        let user = self.user.as_str();
        let cursor = self
            .state
            .messaging
            .queue_position(self.app_id, user, conversation)
            .await?;
        Ok(match chat_type {
            ChatType::Chat => Some(cursor.unwrap_or(0)),
            ChatType::Group => {
                let floor = match name.parse::<u64>() {
                    Ok(id) => store
                        .group_queue_floor(self.app_id, user, id)
                        .await
                        .map_err(store_error)?,
                    Err(_) => None,
                };
                floor.map(|floor| cursor.unwrap_or(floor))
            }
            ChatType::Room => {
                Some(cursor.unwrap_or_else(|| self.room_floor(name).unwrap_or(self.started_id)))
            }
        })
    }

    fn room_floor(&self, room: &str) -> Option<u64> {
        self.state
            .messaging
            .rooms
            .floor(self.app_id, room, self.user.as_str(), &self.resource)
    }

    async fn pull_conversation(
        &mut self,
        conversation: &str,
        chat_type: ChatType,
        name: &str,
        queue: &pb::Jid,
        key: Option<u64>,
    ) -> Result<pb::CommSyncDl, NatterError> {
        let mut position = match self.positions.get(conversation) {
            Some(position) => *position,
            None => match self.initial_position(conversation, chat_type, name).await? {
                Some(acked) => Position { acked, sent: acked },
                // Not a member: an empty queue, and no position kept, so a later join is seen.
                None => return Ok(last_page(queue.clone())),
            },
        };
        if let Some(key) = key
            && key > position.acked
        {
            position.acked = key;
            if chat_type != ChatType::Room {
                self.state
                    .messaging
                    .acknowledge(self.app_id, self.user.as_str(), conversation, key);
            }
        }
        let start = position.acked.max(position.sent);
        let page = self
            .state
            .messaging
            .messages_after(self.app_id, conversation, start, PAGE)
            .await?;
        let now = u64::try_from(crate::now_ms()).unwrap_or(0);
        let Some(last) = page.last().map(|message| message.id) else {
            self.positions.insert(conversation.to_owned(), position);
            return Ok(last_page(queue.clone()));
        };
        position.sent = last;
        self.positions.insert(conversation.to_owned(), position);
        let metas = page
            .iter()
            .filter(|message| self.wants(message))
            .map(|message| self.meta_of(message))
            .collect();
        // `next_key` without `is_last`: the client acknowledges with it and pulls again, and the empty
        // reply to that pull ends the exchange (the SDK mishandles metas together with is_last).
        Ok(pb::CommSyncDl {
            status: Some(ok()),
            queue: Some(queue.clone()),
            metas,
            next_key: Some(last),
            timestamp: Some(now),
            ..pb::CommSyncDl::default()
        })
    }

    /// Whether this device should receive a stored message: not the ones it sent itself, not the user's
    /// own messages from before this connection (those are history, not news), and not a targeted (定向)
    /// message that does not list the user. The queue's position still moves past a skipped one.
    fn wants(&self, message: &StoredMessage) -> bool {
        if message.from_user != self.user.as_str() {
            return message
                .recipients
                .as_ref()
                .is_none_or(|recipients| recipients.iter().any(|name| name == self.user.as_str()));
        }
        message.from_resource != self.resource && message.id >= self.started_id
    }

    fn meta_of(&self, message: &StoredMessage) -> pb::Meta {
        crate::messaging::convert::meta_of(&self.app_key, message)
    }

    /// A chat-room join or leave (ns MUC). Returns the metas of the ack (the join's room info).
    pub(crate) async fn muc(&mut self, meta: &pb::Meta) -> Result<Vec<pb::Meta>, NatterError> {
        let body = pb::MucBody::decode(meta.payload.as_deref().unwrap_or_default())
            .map_err(|error| NatterError::invalid_parameter("MUCBody").with_detail(error.to_string()))?;
        let room_name = body
            .muc_id
            .as_ref()
            .map(|muc| jid::name(muc).to_owned())
            .or_else(|| meta.to.as_ref().map(|to| jid::name(to).to_owned()))
            .unwrap_or_default();
        let room_id =
            ChatRoomId::parse(&room_name).ok_or_else(|| NatterError::new(ErrorKind::ChatRoomNotFound))?;
        let operation = body.operation.and_then(|raw| Operation::try_from(raw).ok());
        match operation {
            Some(Operation::Join) => self.join(&room_id, meta).await,
            Some(Operation::Leave) => {
                self.leave(&room_id).await?;
                Ok(Vec::new())
            }
            _ => Err(NatterError::invalid_parameter("operation").with_detail("unsupported MUC operation")),
        }
    }

    async fn join(&mut self, room_id: &ChatRoomId, meta: &pb::Meta) -> Result<Vec<pb::Meta>, NatterError> {
        let store = &self.state.store;
        let now_ms = crate::now_ms();
        let limits = store.chatroom_limits(self.app_id).await.map_err(store_error)?;
        let already = store
            .is_room_member(self.app_id, room_id, &self.user)
            .await
            .map_err(store_error)?;
        if !already {
            match store
                .add_members(
                    self.app_id,
                    room_id,
                    std::slice::from_ref(&self.user),
                    limits,
                    now_ms,
                )
                .await
                .map_err(store_error)?
            {
                AddMembers::Added(_) => {}
                AddMembers::RoomMissing => return Err(NatterError::new(ErrorKind::ChatRoomNotFound)),
                AddMembers::UserMissing(_) => return Err(NatterError::new(ErrorKind::ChatRoomUserNotFound)),
                AddMembers::Blocked(_) => return Err(NatterError::new(ErrorKind::ChatRoomUserBlocked)),
                AddMembers::Full => return Err(NatterError::new(ErrorKind::ChatRoomFull)),
                AddMembers::UserQuotaExceeded(_) => {
                    return Err(NatterError::new(ErrorKind::ChatRoomUserQuota));
                }
            }
        }
        let room = store
            .room(self.app_id, room_id)
            .await
            .map_err(store_error)?
            .ok_or_else(|| NatterError::new(ErrorKind::ChatRoomNotFound))?;
        let relation = store
            .relations(self.app_id, room_id, std::slice::from_ref(&self.user), now_ms)
            .await
            .map_err(store_error)?
            .into_iter()
            .next();
        let name = room_id.as_str().to_owned();
        // The room's queue starts now: a room has no backlog for newcomers.
        let start = u64::try_from(now_ms).unwrap_or(0) << 16;
        self.positions.insert(
            natter_store::room_conversation(&name),
            Position {
                acked: start,
                sent: start,
            },
        );
        self.rooms.insert(name.clone());
        self.state.messaging.rooms.join(
            self.app_id,
            &name,
            self.user.as_str(),
            &self.resource,
            Arc::clone(&self.mailbox),
            start,
        );
        let mut info = serde_json::json!({
            "is_all_mute": room.mute_all,
            "create_timestamp": room.created_ms,
            "is_in_white_list": relation.as_ref().is_some_and(|relation| relation.allowed),
            "member_count": room.member_count,
        });
        if let Some(muted) = relation.and_then(|relation| relation.muted) {
            info["mute_duration"] = serde_json::json!(match muted {
                MuteUntil::Forever => -1,
                MuteUntil::At(until) => until,
            });
        }
        let chatroom_info = serde_json::json!({ self.user.as_str(): info }).to_string();
        let body = pb::MucBody {
            muc_id: Some(jid::conference(&self.app_key, &name)),
            operation: Some(Operation::Join as i32),
            is_chatroom: Some(true),
            status: Some(pb::muc_body::Status {
                error_code: Some(0),
                chatroom_info: Some(chatroom_info),
                ..pb::muc_body::Status::default()
            }),
            ..pb::MucBody::default()
        };
        Ok(vec![pb::Meta {
            id: meta.id,
            from: Some(jid::conference(&self.app_key, &name)),
            to: Some(jid::user(&self.app_key, self.user.as_str(), Some(&self.resource))),
            timestamp: Some(u64::try_from(now_ms).unwrap_or(0)),
            ns: Some(NameSpace::Muc as i32),
            payload: Some(body.encode_to_vec()),
            ..pb::Meta::default()
        }])
    }

    async fn leave(&mut self, room_id: &ChatRoomId) -> Result<(), NatterError> {
        let store = &self.state.store;
        if store
            .room(self.app_id, room_id)
            .await
            .map_err(store_error)?
            .is_none()
        {
            return Err(NatterError::new(ErrorKind::ChatRoomNotFound));
        }
        store
            .remove_members(self.app_id, room_id, std::slice::from_ref(&self.user))
            .await
            .map_err(store_error)?;
        let name = room_id.as_str();
        self.rooms.remove(name);
        self.positions.remove(&natter_store::room_conversation(name));
        self.state
            .messaging
            .rooms
            .leave(self.app_id, name, self.user.as_str(), &self.resource);
        Ok(())
    }

    /// Forgets this device's room presence (the connection closed).
    pub(crate) fn leave_all_rooms(&mut self) {
        self.rooms.clear();
        self.state
            .messaging
            .rooms
            .leave_everywhere(self.app_id, self.user.as_str(), &self.resource);
    }
}

/// The reply that ends a pull: nothing (more) in the queue.
fn last_page(queue: pb::Jid) -> pb::CommSyncDl {
    pb::CommSyncDl {
        status: Some(ok()),
        queue: Some(queue),
        is_last: Some(true),
        timestamp: Some(u64::try_from(crate::now_ms()).unwrap_or(0)),
        ..pb::CommSyncDl::default()
    }
}
