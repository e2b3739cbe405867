//! A connected device's mailbox: the queues with news for it, coalesced, and a wake-up for its
//! connection task. Delivery never blocks on a slow device and never copies a message per recipient: it
//! only marks the queue; the device pulls the messages itself (NOTICE, then SYNC).
//!
//! The one exception is a message for online devices only (a RongCloud status message): it is never
//! stored, so there is nothing to pull from the store. The mailbox holds it instead, in its online-only
//! list, announced as the queue [`ONLINE_ONLY_QUEUE`]; it lives as long as the connection does.

use natter_msync::pb;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// The queue name online-only messages are announced and pulled under. Not a possible user ID (`#`), so it
/// never hides a conversation.
pub const ONLINE_ONLY_QUEUE: &str = "natter#online";
/// Online-only messages one device holds at most: past that the oldest go (a device that does not pull
/// must not grow without bound; a status is superseded by the next one anyway).
const MAX_ONLINE_ONLY: usize = 256;

/// A device's online-only messages, each numbered in the order it came (the pull's `next_key`).
#[derive(Debug, Default)]
struct OnlineOnly {
    messages: VecDeque<(u64, pb::Meta)>,
    last_number: u64,
    /// Handed to the device in a pull, up to this number; acknowledged ones are removed.
    sent: u64,
}

/// Which queue of a device has news: the JID name the SDK will pull (the peer user, or the group or
/// room id) and its kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum QueueRef {
    /// A 1:1 conversation with this peer.
    Chat(String),
    Group(String),
    Room(String),
}

impl QueueRef {
    /// The JID name of the queue.
    pub fn name(&self) -> &str {
        match self {
            QueueRef::Chat(name) | QueueRef::Group(name) | QueueRef::Room(name) => name,
        }
    }
}

/// What a connection task must do next.
#[derive(Debug, Default)]
pub struct Pending {
    /// Queues to announce with NOTICE, each once however many messages arrived.
    pub notices: Vec<QueueRef>,
}

/// One device's mailbox.
#[derive(Debug, Default)]
pub struct Mailbox {
    pending: Mutex<HashMap<QueueRef, ()>>,
    wake: Notify,
    /// What the device that displaced this one said about itself (its Provision `reason`, the SDK's
    /// `loginInfoCustomExt`), relayed in the kick notice (ERRORS.md §1.2, 206).
    kick_note: Mutex<Option<String>>,
    online_only: Mutex<OnlineOnly>,
}

impl Mailbox {
    pub fn new() -> Arc<Mailbox> {
        Arc::new(Mailbox::default())
    }

    /// Marks a queue as having news and wakes the connection.
    pub fn notify(&self, queue: QueueRef) {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(queue, ());
        self.wake.notify_one();
    }

    /// Takes everything pending.
    pub fn take(&self) -> Pending {
        let mut pending = self
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Pending {
            notices: pending.drain().map(|(queue, ())| queue).collect(),
        }
    }

    /// Leaves the note for the kick that follows.
    pub fn set_kick_note(&self, note: String) {
        *self
            .kick_note
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(note);
    }

    /// The note left for this device's kick, if any.
    pub fn take_kick_note(&self) -> Option<String> {
        self.kick_note
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// Hands the device a message that is stored nowhere, and announces it as [`ONLINE_ONLY_QUEUE`].
    pub fn push_online_only(&self, meta: pb::Meta) {
        {
            let mut online = self
                .online_only
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if online.messages.len() >= MAX_ONLINE_ONLY {
                online.messages.pop_front();
            }
            online.last_number += 1;
            let number = online.last_number;
            online.messages.push_back((number, meta));
        }
        self.notify(QueueRef::Chat(ONLINE_ONLY_QUEUE.to_owned()));
    }

    /// A pull of [`ONLINE_ONLY_QUEUE`]: forgets what the device acknowledged (up to `key`), then returns
    /// what it was not handed yet and the number to acknowledge it with.
    pub fn pull_online_only(&self, key: Option<u64>) -> (Vec<pb::Meta>, Option<u64>) {
        let mut online = self
            .online_only
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(key) = key {
            online.messages.retain(|(number, _)| *number > key);
        }
        let sent = online.sent;
        let metas: Vec<pb::Meta> = online
            .messages
            .iter()
            .filter(|(number, _)| *number > sent)
            .map(|(_, meta)| meta.clone())
            .collect();
        if metas.is_empty() {
            return (metas, None);
        }
        online.sent = online.last_number;
        (metas, Some(online.last_number))
    }

    /// Waits until something is pending (returns at once if something already is).
    pub async fn wait(&self) {
        self.wake.notified().await;
    }
}

/// A device present in a room: its mailbox, and the id its room queue starts after.
#[derive(Debug)]
struct Presence {
    mailbox: Arc<Mailbox>,
    floor: u64,
}

type Rooms = HashMap<(i64, String), HashMap<(String, String), Presence>>;

/// Who is present in which chat room: room messages go to present devices only. A device is present
/// once it joined over msync, or, while online, once it was made a member through REST.
#[derive(Debug, Default)]
pub struct RoomPresence {
    rooms: Mutex<Rooms>,
}

impl RoomPresence {
    fn with<T>(&self, action: impl FnOnce(&mut Rooms) -> T) -> T {
        let mut rooms = self
            .rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        action(&mut rooms)
    }

    /// Makes the device present from now on (its room queue starts at `floor`); a device already
    /// present keeps its place.
    pub fn join(
        &self,
        app_id: i64,
        room: &str,
        user: &str,
        resource: &str,
        mailbox: Arc<Mailbox>,
        floor: u64,
    ) {
        self.with(|rooms| {
            rooms
                .entry((app_id, room.to_owned()))
                .or_default()
                .entry((user.to_owned(), resource.to_owned()))
                .or_insert(Presence { mailbox, floor });
        });
    }

    /// Where the device's room queue starts, if it is present.
    pub fn floor(&self, app_id: i64, room: &str, user: &str, resource: &str) -> Option<u64> {
        self.with(|rooms| {
            rooms
                .get(&(app_id, room.to_owned()))
                .and_then(|present| present.get(&(user.to_owned(), resource.to_owned())))
                .map(|presence| presence.floor)
        })
    }

    pub fn leave(&self, app_id: i64, room: &str, user: &str, resource: &str) {
        self.with(|rooms| {
            let key = (app_id, room.to_owned());
            if let Some(present) = rooms.get_mut(&key) {
                present.remove(&(user.to_owned(), resource.to_owned()));
                if present.is_empty() {
                    rooms.remove(&key);
                }
            }
        });
    }

    /// Whether this device is present in the room.
    pub fn is_present(&self, app_id: i64, room: &str, user: &str, resource: &str) -> bool {
        self.floor(app_id, room, user, resource).is_some()
    }

    /// Forgets the device in every room (its connection closed).
    pub fn leave_everywhere(&self, app_id: i64, user: &str, resource: &str) {
        let device = (user.to_owned(), resource.to_owned());
        self.with(|rooms| {
            rooms.retain(|(room_app, _), present| {
                if *room_app == app_id {
                    present.remove(&device);
                }
                !present.is_empty()
            });
        });
    }

    /// Forgets a room (it was deleted).
    pub fn remove_room(&self, app_id: i64, room: &str) {
        self.with(|rooms| {
            rooms.remove(&(app_id, room.to_owned()));
        });
    }

    /// Removes every device of `user` from the room (the user left or was removed).
    pub fn remove_user(&self, app_id: i64, room: &str, user: &str) {
        self.with(|rooms| {
            if let Some(present) = rooms.get_mut(&(app_id, room.to_owned())) {
                present.retain(|(name, _), _| name != user);
            }
        });
    }

    /// Marks the room's queue on every present device except `except` (the sending device).
    pub fn notify_all(&self, app_id: i64, room: &str, except: Option<(&str, &str)>) {
        self.notify_users(app_id, room, |_| true, except);
    }

    /// Marks the room's queue on the present devices of the users `wanted` accepts (a targeted message's
    /// recipients), except `except` (the sending device).
    pub fn notify_users(
        &self,
        app_id: i64,
        room: &str,
        wanted: impl Fn(&str) -> bool,
        except: Option<(&str, &str)>,
    ) {
        let mailboxes: Vec<Arc<Mailbox>> = self.with(|rooms| {
            rooms
                .get(&(app_id, room.to_owned()))
                .map(|present| {
                    present
                        .iter()
                        .filter(|((user, resource), _)| {
                            wanted(user) && except != Some((user.as_str(), resource.as_str()))
                        })
                        .map(|(_, presence)| Arc::clone(&presence.mailbox))
                        .collect()
                })
                .unwrap_or_default()
        });
        for mailbox in mailboxes {
            mailbox.notify(QueueRef::Room(room.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn notices_coalesce_and_wake_the_connection() {
        let mailbox = Mailbox::new();
        mailbox.notify(QueueRef::Chat("bob".into()));
        mailbox.notify(QueueRef::Chat("bob".into()));
        mailbox.notify(QueueRef::Group("7".into()));
        mailbox.wait().await;
        let mut notices = mailbox.take().notices;
        notices.sort_by(|a, b| a.name().cmp(b.name()));
        assert_eq!(
            notices,
            vec![QueueRef::Group("7".into()), QueueRef::Chat("bob".into())]
        );
        assert!(mailbox.take().notices.is_empty());
    }

    #[test]
    fn room_presence_notifies_everyone_but_the_sender() {
        let presence = RoomPresence::default();
        let alice = Mailbox::new();
        let bob = Mailbox::new();
        presence.join(1, "r1", "alice", "web", Arc::clone(&alice), 5);
        presence.join(1, "r1", "bob", "web", Arc::clone(&bob), 7);
        assert_eq!(presence.floor(1, "r1", "bob", "web"), Some(7));
        presence.notify_all(1, "r1", Some(("alice", "web")));
        assert!(alice.take().notices.is_empty());
        assert_eq!(bob.take().notices, vec![QueueRef::Room("r1".into())]);
        presence.leave(1, "r1", "bob", "web");
        assert!(!presence.is_present(1, "r1", "bob", "web"));
        assert!(presence.is_present(1, "r1", "alice", "web"));
    }

    #[test]
    fn online_only_messages_are_handed_once_and_forgotten_when_acknowledged() {
        let mailbox = Mailbox::new();
        let meta = |id: u64| pb::Meta {
            id: Some(id),
            ..pb::Meta::default()
        };
        assert_eq!(mailbox.pull_online_only(None), (Vec::new(), None));
        mailbox.push_online_only(meta(10));
        mailbox.push_online_only(meta(11));
        assert_eq!(
            mailbox.take().notices,
            vec![QueueRef::Chat(ONLINE_ONLY_QUEUE.into())]
        );
        let (metas, key) = mailbox.pull_online_only(None);
        assert_eq!(metas, vec![meta(10), meta(11)]);
        assert_eq!(key, Some(2));
        // Handed already: a second pull without an acknowledgement does not repeat them.
        assert_eq!(mailbox.pull_online_only(None), (Vec::new(), None));
        mailbox.push_online_only(meta(12));
        assert_eq!(mailbox.pull_online_only(key), (vec![meta(12)], Some(3)));
        assert_eq!(mailbox.pull_online_only(Some(3)), (Vec::new(), None));
        assert!(mailbox.online_only.lock().expect("lock").messages.is_empty());
    }

    #[test]
    fn a_device_that_never_pulls_keeps_only_the_newest_online_only_messages() {
        let mailbox = Mailbox::new();
        for id in 0..(MAX_ONLINE_ONLY as u64 + 10) {
            mailbox.push_online_only(pb::Meta {
                id: Some(id),
                ..pb::Meta::default()
            });
        }
        let (metas, _) = mailbox.pull_online_only(None);
        assert_eq!(metas.len(), MAX_ONLINE_ONLY);
        assert_eq!(metas[0].id, Some(10));
    }
}
