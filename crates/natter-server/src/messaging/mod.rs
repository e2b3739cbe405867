//! The message pipeline. Every way in (msync from the SDKs, REST from app servers) ends in
//! [`Messaging::submit`]: the message is validated against the rules of its conversation, persisted by
//! the group-commit writer (which gives it its id), and only then acknowledged and announced to the
//! recipients' devices. A refusal is a [`NatterError`] whose msync rendering is the reply that makes the
//! official SDK report the documented code.

pub(crate) mod convert;
mod cursors;
pub mod mailbox;
// Messages for online devices only (RongCloud status messages): they bypass the writer and the store.
pub(crate) mod online;
mod recent;
mod writer;

use crate::sessions::SessionRegistry;
use crate::store_error;
use governor::{DefaultKeyedRateLimiter, Quota};
use mailbox::{QueueRef, RoomPresence};
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::ChatRoomId;
use natter_core::{App, GroupId, IdGenerator, UserName};
use natter_msync::pb::{self, message_body::Type as BodyType};
use natter_store::{
    ChatType, GroupSendRefusal, MessageEffect, MessageKind, MuteScope, MuteUntil, NewMessage, RoomFlag,
    Store, StoredMessage,
};
use prost::Message as _;
use std::num::NonZeroU32;
use std::sync::Arc;

/// Settings of the message pipeline (`[messages]` in the configuration).
#[derive(Clone, Debug)]
pub struct MessagingConfig {
    /// How long after sending a message its sender may recall it, in seconds (the vendor's default: 2 min).
    pub recall_window_secs: u64,
    /// Largest encoded message body, in bytes (the vendor's limit: 5 KB for body and ext).
    pub max_message_bytes: usize,
    /// Only contacts may message each other one-to-one.
    pub contact_only: bool,
    /// How many times one message may be edited.
    pub edit_limit: u32,
    /// Messages per second into one group (the vendor's 20/s).
    pub group_messages_per_sec: u32,
    /// Messages per second into one chat room (the vendor's 100/s).
    pub room_messages_per_sec: u32,
    /// Targeted (定向) REST sends per second per app, to groups and to rooms each (the vendor's 100/s).
    pub targeted_messages_per_sec: u32,
    /// The broadcast endpoints (§5.6–5.8) are on. The vendor switches them on per app on request.
    pub broadcast_enabled: bool,
}

impl Default for MessagingConfig {
    fn default() -> MessagingConfig {
        MessagingConfig {
            recall_window_secs: 120,
            max_message_bytes: 5 * 1024,
            contact_only: false,
            edit_limit: 10,
            group_messages_per_sec: 20,
            room_messages_per_sec: 100,
            targeted_messages_per_sec: 100,
            broadcast_enabled: false,
        }
    }
}

/// Where a message goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    User(UserName),
    Group(GroupId),
    Room(ChatRoomId),
}

impl Target {
    fn conversation(&self, sender: &UserName) -> String {
        match self {
            Target::User(peer) => natter_store::chat_conversation(sender.as_str(), peer.as_str()),
            Target::Group(id) => natter_store::group_conversation(id.get()),
            Target::Room(id) => natter_store::room_conversation(id.as_str()),
        }
    }

    fn chat_type(&self) -> ChatType {
        match self {
            Target::User(_) => ChatType::Chat,
            Target::Group(_) => ChatType::Group,
            Target::Room(_) => ChatType::Room,
        }
    }

    fn name(&self) -> String {
        match self {
            Target::User(name) => name.as_str().to_owned(),
            Target::Group(id) => id.to_string(),
            Target::Room(id) => id.as_str().to_owned(),
        }
    }
}

/// Who is sending, and how much the rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A user's device: every rule applies.
    Device { resource: &'a str },
    /// The app's server through REST: it speaks for the app, so mutes, blocklists and membership do not
    /// stop it (the vendor's server-side sends behave so).
    AppServer,
}

impl Origin<'_> {
    fn resource(&self) -> &str {
        match self {
            Origin::Device { resource } => resource,
            Origin::AppServer => "",
        }
    }
}

/// A message to submit.
#[derive(Clone, Debug)]
pub struct Submission<'a> {
    pub app: &'a App,
    pub sender: &'a UserName,
    pub origin: Origin<'a>,
    pub target: Target,
    pub body: pb::MessageBody,
    /// Recall even after the recall window (REST `force`).
    pub force: bool,
}

/// A persisted message's id and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub id: u64,
    pub timestamp_ms: i64,
}

/// A checked message in the writer's queue, with what its announcement needs after the commit.
#[derive(Debug)]
struct Enqueued {
    receipt: writer::Receipt,
    app: App,
    sender: UserName,
    resource: String,
    target: Target,
    recipients: Option<Vec<String>>,
    channel_ack: bool,
}

type RoomLimiter = DefaultKeyedRateLimiter<(i64, String)>;

/// The pipeline, shared by the gateway and the REST handlers.
#[derive(Debug)]
pub struct Messaging {
    store: Arc<dyn Store>,
    sessions: Arc<SessionRegistry>,
    writer: writer::Writer,
    config: MessagingConfig,
    /// Who is present in which chat room (joined over msync on a connected device).
    pub rooms: RoomPresence,
    /// Acknowledged queue positions not yet written.
    cursors: Arc<cursors::Cursors>,
    /// The newest messages of group and room timelines.
    recent: Arc<recent::Recent>,
    group_rate: RoomLimiter,
    room_rate: RoomLimiter,
}

fn limiter(per_second: u32) -> RoomLimiter {
    let rate = NonZeroU32::new(per_second.max(1)).unwrap_or(NonZeroU32::MIN);
    DefaultKeyedRateLimiter::keyed(Quota::per_second(rate))
}

fn refusal(kind: ErrorKind) -> NatterError {
    NatterError::new(kind)
}

impl Messaging {
    /// Starts the pipeline (its writer task runs on the current runtime).
    pub fn start(
        store: Arc<dyn Store>,
        ids: Arc<IdGenerator>,
        sessions: Arc<SessionRegistry>,
        config: MessagingConfig,
    ) -> Messaging {
        let cursors: Arc<cursors::Cursors> = Arc::default();
        let recent: Arc<recent::Recent> = Arc::default();
        Messaging {
            writer: writer::Writer::spawn(Arc::clone(&store), ids, Arc::clone(&recent), Arc::clone(&cursors)),
            cursors,
            recent,
            group_rate: limiter(config.group_messages_per_sec),
            room_rate: limiter(config.room_messages_per_sec),
            store,
            sessions,
            config,
            rooms: RoomPresence::default(),
        }
    }

    pub fn config(&self) -> &MessagingConfig {
        &self.config
    }

    /// Where the user's queue in `conversation` stands: everything up to it was acknowledged.
    pub(crate) async fn queue_position(
        &self,
        app_id: i64,
        user: &str,
        conversation: &str,
    ) -> Result<Option<u64>, NatterError> {
        let stored = self
            .store
            .queue_cursor(app_id, user, conversation)
            .await
            .map_err(store_error)?;
        let pending = self.cursors.pending(app_id, user, conversation);
        Ok(stored.max(pending))
    }

    /// A device acknowledged the queue up to `acked_id`.
    pub(crate) fn acknowledge(&self, app_id: i64, user: &str, conversation: &str, acked_id: u64) {
        self.cursors.advance(app_id, user, conversation, acked_id);
    }

    /// Writes the pending acknowledgements now (at shutdown).
    pub async fn flush(&self) {
        self.cursors.flush(&self.store).await;
    }

    /// Up to `limit` messages of `conversation` after `start`, from memory when the recent timeline holds
    /// them all, else from the store.
    pub(crate) async fn messages_after(
        &self,
        app_id: i64,
        conversation: &str,
        start: u64,
        limit: u32,
    ) -> Result<Vec<StoredMessage>, NatterError> {
        if let Some(page) = self.recent.after(app_id, conversation, start, limit as usize) {
            return Ok(page);
        }
        self.store
            .messages_after(app_id, conversation, start, limit)
            .await
            .map_err(store_error)
    }

    /// Makes the online devices of new room members present, so that they receive the room's messages
    /// without joining over msync (members added through REST).
    pub fn members_joined(&self, app_id: i64, room: &ChatRoomId, members: &[UserName]) {
        let floor = u64::try_from(crate::now_ms()).unwrap_or(0) << 16;
        for member in members {
            for (resource, mailbox) in self.sessions.mailboxes(app_id, member) {
                self.rooms
                    .join(app_id, room.as_str(), member.as_str(), &resource, mailbox, floor);
            }
        }
    }

    /// Room members removed through REST stop receiving its messages.
    pub fn members_left(&self, app_id: i64, room: &ChatRoomId, members: &[UserName]) {
        for member in members {
            self.rooms.remove_user(app_id, room.as_str(), member.as_str());
        }
    }

    /// Validates, persists and delivers one message; returns its id once it is on disk.
    pub async fn submit(&self, submission: Submission<'_>) -> Result<Accepted, NatterError> {
        self.submit_to(submission, None).await
    }

    /// A targeted (定向) message: a group or room message that only `users` receive (and the sender's own
    /// devices, as for any group message). It is a row of the group's or room's timeline that names its
    /// recipients: the gateway's pulls skip it for everyone else, and history, the conversation list and the
    /// unread counts leave it out (the store's side). Of `users`, only those who are members of the group
    /// or room when it is sent get it; the others are left out without a refusal (the docs ask for "member
    /// IDs" and document no error for others), so a targeted send never tells who is a member.
    pub async fn submit_targeted(
        &self,
        submission: Submission<'_>,
        users: &[UserName],
    ) -> Result<Accepted, NatterError> {
        if matches!(submission.target, Target::User(_)) {
            return Err(NatterError::new(ErrorKind::Internal).with_detail("a targeted one-to-one message"));
        }
        self.submit_to(submission, Some(users)).await
    }

    /// [`Messaging::submit`], for everyone in the conversation (`targeted` is `None`) or for the members
    /// among `targeted` only.
    async fn submit_to(
        &self,
        submission: Submission<'_>,
        targeted: Option<&[UserName]>,
    ) -> Result<Accepted, NatterError> {
        let enqueued = self.enqueue_to(submission, targeted).await?;
        self.complete(enqueued).await
    }

    /// [`Messaging::submit`] for a device's connection, which goes on reading while the message commits:
    /// the checks run and the message joins the writer's queue now, in the order of the calls (so a
    /// connection's messages keep their order); the returned task resolves at the commit, after the
    /// announcement, and runs to the end even if nobody awaits it (the sender's connection closed).
    pub(crate) async fn submit_pipelined(
        self: &Arc<Self>,
        submission: Submission<'_>,
    ) -> Result<tokio::task::JoinHandle<Result<Accepted, NatterError>>, NatterError> {
        let enqueued = self.enqueue_to(submission, None).await?;
        let this = Arc::clone(self);
        Ok(tokio::spawn(async move { this.complete(enqueued).await }))
    }

    /// The checks of [`Messaging::submit`], then the hand-over to the writer.
    async fn enqueue_to(
        &self,
        submission: Submission<'_>,
        targeted: Option<&[UserName]>,
    ) -> Result<Enqueued, NatterError> {
        let Submission {
            app,
            sender,
            origin,
            target,
            mut body,
            force,
        } = submission;
        let body_type = body
            .r#type
            .and_then(|raw| BodyType::try_from(raw).ok())
            .unwrap_or(match &target {
                Target::User(_) => BodyType::Chat,
                Target::Group(_) => BodyType::Groupchat,
                Target::Room(_) => BodyType::Chatroom,
            });
        // The stored body names its type, whatever the sender left out (the REST and RongCloud doors read it).
        body.r#type = Some(body_type as i32);
        // The sender is who the connection (or the REST call) says, whatever the body claims.
        body.from = Some(pb::Jid {
            name: Some(sender.as_str().to_owned()),
            ..pb::Jid::default()
        });
        body.to = Some(pb::Jid {
            name: Some(target.name()),
            ..pb::Jid::default()
        });
        let conversation = target.conversation(sender);
        let now_ms = crate::now_ms();
        // A recall or an edit of a targeted message is targeted at the same users: nobody else may learn of
        // it, not even its id.
        let mut inherited_recipients = None;
        let (kind, effect) = match body_type {
            BodyType::Recall => {
                let original = self
                    .recall_target(app, sender, &origin, &conversation, &body, force, now_ms)
                    .await?;
                inherited_recipients.clone_from(&original.recipients);
                (
                    MessageKind::Signal,
                    Some(MessageEffect::Recall {
                        message_id: original.id,
                    }),
                )
            }
            BodyType::Edit => {
                let (original, edited) = self
                    .edit_target(app, sender, &origin, &conversation, &body)
                    .await?;
                inherited_recipients.clone_from(&original.recipients);
                (
                    MessageKind::Signal,
                    Some(MessageEffect::Edit {
                        message_id: original.id,
                        body: edited,
                    }),
                )
            }
            BodyType::ReadAck | BodyType::DeliverAck | BodyType::ChannelAck => (MessageKind::Signal, None),
            BodyType::Normal | BodyType::Chat | BodyType::Groupchat | BodyType::Chatroom => {
                (MessageKind::Message, None)
            }
        };
        if kind == MessageKind::Message && matches!(origin, Origin::Device { .. }) {
            self.filter_sensitive_words(app, &mut body).await?;
        }
        let encoded = body.encode_to_vec();
        if encoded.len() > self.config.max_message_bytes {
            return Err(refusal(ErrorKind::MessageTooLarge));
        }
        self.check_target(app, sender, &origin, &target, kind, now_ms)
            .await?;
        let recipients = match targeted {
            Some(users) => Some(self.members_among(app, &target, users, now_ms).await?),
            None => inherited_recipients,
        };
        let message = NewMessage {
            app_id: app.id,
            id: 0,
            conversation,
            chat_type: target.chat_type(),
            kind,
            from_user: sender.as_str().to_owned(),
            from_resource: origin.resource().to_owned(),
            to: target.name(),
            body: encoded,
            created_ms: 0,
            effect,
            recipients,
        };
        // The writer takes the message; the recipients stay for the delivery after the commit.
        let recipients = message.recipients.clone();
        let receipt = self.writer.enqueue(message).await.map_err(store_error)?;
        Ok(Enqueued {
            receipt,
            app: app.clone(),
            sender: sender.clone(),
            resource: origin.resource().to_owned(),
            target,
            recipients,
            channel_ack: body_type == BodyType::ChannelAck,
        })
    }

    /// Waits for an enqueued message's commit, then announces it.
    async fn complete(&self, enqueued: Enqueued) -> Result<Accepted, NatterError> {
        let Enqueued {
            receipt,
            app,
            sender,
            resource,
            target,
            recipients,
            channel_ack,
        } = enqueued;
        let (id, timestamp_ms) = receipt.wait().await.map_err(store_error)?;
        if channel_ack {
            // A channel ack says "I have read this conversation": it moves the sender's read mark.
            if let Err(error) = self
                .store
                .mark_read(app.id, sender.as_str(), &target.conversation(&sender), id)
                .await
            {
                tracing::warn!(%error, "read mark not moved");
            }
        }
        self.deliver(&app, &sender, &resource, &target, recipients.as_deref())
            .await;
        Ok(Accepted { id, timestamp_ms })
    }

    /// The members of the group or room among `users`, each once, in the order given.
    async fn members_among(
        &self,
        app: &App,
        target: &Target,
        users: &[UserName],
        now_ms: i64,
    ) -> Result<Vec<String>, NatterError> {
        let mut listed: Vec<UserName> = Vec::with_capacity(users.len());
        for user in users {
            if !listed.contains(user) {
                listed.push(user.clone());
            }
        }
        let members: Vec<String> = match target {
            Target::Group(id) => {
                let members = self
                    .store
                    .group_members_of(app.id, *id)
                    .await
                    .map_err(store_error)?;
                listed
                    .iter()
                    .filter(|user| members.contains(user))
                    .map(|user| user.as_str().to_owned())
                    .collect()
            }
            Target::Room(id) => self
                .store
                .relations(app.id, id, &listed, now_ms)
                .await
                .map_err(store_error)?
                .into_iter()
                .filter(|relation| relation.role.is_some())
                .map(|relation| relation.username.as_str().to_owned())
                .collect(),
            Target::User(_) => Vec::new(),
        };
        if members.len() < listed.len() {
            tracing::info!(
                listed = listed.len(),
                members = members.len(),
                "targeted message: listed users who are not members are left out"
            );
        }
        Ok(members)
    }

    /// Announces a persisted message to every device that should pull it; a targeted one (`recipients`)
    /// only to the devices of its recipients and the sender's other devices.
    async fn deliver(
        &self,
        app: &App,
        sender: &UserName,
        resource: &str,
        target: &Target,
        recipients: Option<&[String]>,
    ) {
        // The sender's other devices get their own sent messages too (multi-device).
        let peer_queue = match target {
            Target::User(peer) => QueueRef::Chat(peer.as_str().to_owned()),
            Target::Group(id) => QueueRef::Group(id.to_string()),
            Target::Room(id) => QueueRef::Room(id.as_str().to_owned()),
        };
        if let (Target::Group(_), Some(recipients)) = (target, recipients) {
            for recipient in recipients.iter().filter_map(|name| UserName::lookup(name)) {
                if &recipient == sender {
                    continue;
                }
                for (_, mailbox) in self.sessions.mailboxes(app.id, &recipient) {
                    mailbox.notify(peer_queue.clone());
                }
            }
            self.notify_own_devices(app, sender, resource, &peer_queue);
            return;
        }
        match target {
            Target::User(peer) => {
                for (_, mailbox) in self.sessions.mailboxes(app.id, peer) {
                    mailbox.notify(QueueRef::Chat(sender.as_str().to_owned()));
                }
                if peer != sender {
                    self.notify_own_devices(app, sender, resource, &peer_queue);
                }
            }
            Target::Group(id) => {
                let members = match self.store.group_members_of(app.id, *id).await {
                    Ok(members) => members,
                    Err(error) => {
                        // The message is persisted; members get it at their next pull or login.
                        tracing::error!(%error, group = %id, "group members not read for delivery");
                        return;
                    }
                };
                for member in &members {
                    if member == sender {
                        continue;
                    }
                    for (_, mailbox) in self.sessions.mailboxes(app.id, member) {
                        mailbox.notify(peer_queue.clone());
                    }
                }
                self.notify_own_devices(app, sender, resource, &peer_queue);
            }
            Target::Room(id) => {
                // A room whose distribution was stopped (RongCloud 停止分发) keeps its messages but hands
                // them to nobody.
                match self
                    .store
                    .room_flag(app.id, id, RoomFlag::DistributionStopped)
                    .await
                {
                    Ok(true) => return,
                    Ok(false) => {}
                    Err(error) => tracing::warn!(%error, room = %id, "distribution switch not read"),
                }
                let except = Some((sender.as_str(), resource));
                match recipients {
                    // The sender's present devices too, as for every room message.
                    Some(recipients) => self.rooms.notify_users(
                        app.id,
                        id.as_str(),
                        |user| user == sender.as_str() || recipients.iter().any(|name| name == user),
                        except,
                    ),
                    None => self.rooms.notify_all(app.id, id.as_str(), except),
                }
            }
        }
    }

    fn notify_own_devices(&self, app: &App, sender: &UserName, resource: &str, queue: &QueueRef) {
        for (own_resource, mailbox) in self.sessions.mailboxes(app.id, sender) {
            if own_resource != resource {
                mailbox.notify(queue.clone());
            }
        }
    }

    /// The rules of the conversation: existence, membership, mutes, blocklists, rates.
    async fn check_target(
        &self,
        app: &App,
        sender: &UserName,
        origin: &Origin<'_>,
        target: &Target,
        kind: MessageKind,
        now_ms: i64,
    ) -> Result<(), NatterError> {
        let device = matches!(origin, Origin::Device { .. });
        match target {
            Target::User(peer) => {
                // One query for every rule (BENCHMARKS.md: each store read is a round trip to SQLite's
                // thread); the rules apply in the order they always did.
                let check = self
                    .store
                    .chat_send_check(app.id, sender.as_str(), peer.as_str(), now_ms)
                    .await
                    .map_err(store_error)?;
                let recipient_id = check
                    .recipient_id
                    .ok_or_else(|| refusal(ErrorKind::MessageRecipientNotFound))?;
                if !device || kind == MessageKind::Signal {
                    return Ok(());
                }
                if check.muted {
                    return Err(refusal(ErrorKind::MessageSenderMuted));
                }
                let sender_id = check.sender_id.ok_or_else(|| refusal(ErrorKind::UserNotFound))?;
                if check.blocked {
                    return Err(refusal(ErrorKind::MessageBlocked));
                }
                if self.config.contact_only && recipient_id != sender_id && !check.contact {
                    return Err(refusal(ErrorKind::MessageNotContact));
                }
                Ok(())
            }
            Target::Group(id) => {
                let check = self
                    .store
                    .group_send_check(app.id, *id, sender, now_ms)
                    .await
                    .map_err(store_error)?;
                if !check.exists {
                    return Err(refusal(ErrorKind::GroupNotFound));
                }
                if !device {
                    return Ok(());
                }
                if let Some(why) = check.refusal() {
                    return Err(refusal(match why {
                        GroupSendRefusal::NoGroup => ErrorKind::GroupNotFound,
                        GroupSendRefusal::Disabled => ErrorKind::GroupDisabled,
                        GroupSendRefusal::NotMember => ErrorKind::GroupNotMembers,
                        GroupSendRefusal::Muted => ErrorKind::MessageMemberMuted,
                        GroupSendRefusal::MuteAll => ErrorKind::MessageNotAllowlisted,
                    }));
                }
                if kind == MessageKind::Signal {
                    return Ok(());
                }
                self.check_global_mute(app, sender, MuteScope::GroupChat, now_ms)
                    .await?;
                if self.group_rate.check_key(&(app.id, id.to_string())).is_err() {
                    return Err(refusal(ErrorKind::MessageRateLimited));
                }
                Ok(())
            }
            Target::Room(id) => {
                let room = self
                    .store
                    .room(app.id, id)
                    .await
                    .map_err(store_error)?
                    .ok_or_else(|| refusal(ErrorKind::ChatRoomNotFound))?;
                if !device {
                    return Ok(());
                }
                let relation = self
                    .store
                    .relations(app.id, id, std::slice::from_ref(sender), now_ms)
                    .await
                    .map_err(store_error)?
                    .into_iter()
                    .next();
                let Some(relation) = relation.filter(|relation| relation.role.is_some()) else {
                    return Err(refusal(ErrorKind::ChatRoomNotMembers));
                };
                if relation.muted.is_some() {
                    return Err(refusal(ErrorKind::MessageMemberMuted));
                }
                let moderator = relation.role.is_some_and(|role| role.is_moderator());
                if room.mute_all && !moderator && !relation.allowed {
                    return Err(refusal(ErrorKind::MessageNotAllowlisted));
                }
                if kind == MessageKind::Signal {
                    return Ok(());
                }
                self.check_global_mute(app, sender, MuteScope::ChatRoom, now_ms)
                    .await?;
                if self
                    .room_rate
                    .check_key(&(app.id, id.as_str().to_owned()))
                    .is_err()
                {
                    return Err(refusal(ErrorKind::MessageRateLimited));
                }
                Ok(())
            }
        }
    }

    /// The app's sensitive words (the RongCloud door manages the list): a word without a replacement
    /// refuses the message (the SDK's 501); one with a replacement is replaced in the text.
    async fn filter_sensitive_words(&self, app: &App, body: &mut pb::MessageBody) -> Result<(), NatterError> {
        let has_text = body
            .contents
            .iter()
            .any(|content| content.text.as_deref().is_some_and(|text| !text.is_empty()));
        if !has_text {
            return Ok(());
        }
        let words = self.store.sensitive_words(app.id).await.map_err(store_error)?;
        for content in &mut body.contents {
            let Some(text) = content.text.as_mut() else {
                continue;
            };
            for word in words.iter().filter(|word| !word.word.is_empty()) {
                if !text.contains(word.word.as_str()) {
                    continue;
                }
                match &word.replacement {
                    None => return Err(refusal(ErrorKind::MessageSensitiveWords)),
                    Some(replacement) => *text = text.replace(word.word.as_str(), replacement),
                }
            }
        }
        Ok(())
    }

    async fn check_global_mute(
        &self,
        app: &App,
        sender: &UserName,
        scope: MuteScope,
        now_ms: i64,
    ) -> Result<(), NatterError> {
        let mutes = self
            .store
            .user_mutes(app.id, sender, now_ms)
            .await
            .map_err(store_error)?;
        let muted = mutes.iter().any(|mute| {
            mute.scope == scope
                && match mute.until {
                    MuteUntil::Forever => true,
                    MuteUntil::At(until) => until > now_ms,
                }
        });
        if muted {
            return Err(refusal(ErrorKind::MessageSenderMuted));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn recall_target(
        &self,
        app: &App,
        sender: &UserName,
        origin: &Origin<'_>,
        conversation: &str,
        body: &pb::MessageBody,
        force: bool,
        now_ms: i64,
    ) -> Result<StoredMessage, NatterError> {
        let id = body
            .ack_message_id
            .ok_or_else(|| refusal(ErrorKind::RecallMessageNotFound))?;
        let original = self
            .store
            .message(app.id, id)
            .await
            .map_err(store_error)?
            .filter(|message| {
                message.conversation == conversation
                    && message.kind == MessageKind::Message
                    && !message.recalled
                    && (matches!(origin, Origin::AppServer) || message.from_user == sender.as_str())
            })
            .ok_or_else(|| refusal(ErrorKind::RecallMessageNotFound))?;
        let window_ms =
            i64::try_from(self.config.recall_window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        if !force && now_ms.saturating_sub(original.created_ms) > window_ms {
            return Err(refusal(ErrorKind::RecallTooLate));
        }
        Ok(original)
    }

    async fn edit_target(
        &self,
        app: &App,
        sender: &UserName,
        origin: &Origin<'_>,
        conversation: &str,
        body: &pb::MessageBody,
    ) -> Result<(StoredMessage, Vec<u8>), NatterError> {
        let id = body
            .edit_message_id
            .ok_or_else(|| refusal(ErrorKind::EditMessageNotFound))?;
        let original = self
            .store
            .message(app.id, id)
            .await
            .map_err(store_error)?
            .filter(|message| {
                message.conversation == conversation
                    && message.kind == MessageKind::Message
                    && !message.recalled
            })
            .ok_or_else(|| refusal(ErrorKind::EditMessageNotFound))?;
        if matches!(origin, Origin::Device { .. }) && original.from_user != sender.as_str() {
            return Err(refusal(ErrorKind::EditNotPermitted));
        }
        if original.edit_count >= self.config.edit_limit {
            return Err(refusal(ErrorKind::EditLimitReached));
        }
        let mut edited = pb::MessageBody::decode(original.body.as_slice())
            .map_err(|error| NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))?;
        edited.contents.clone_from(&body.contents);
        if body.edit_scope == Some(pb::message_body::EditScope::BodyAndExt as i32) {
            edited.ext.clone_from(&body.ext);
        }
        Ok((original, edited.encode_to_vec()))
    }
}
