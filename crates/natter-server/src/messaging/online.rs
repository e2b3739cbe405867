//! Messages for online devices only (RongCloud status messages, 状态消息): handed to the devices connected
//! now and to nobody else. They skip the writer: nothing is stored, so nothing is queued for an offline
//! device, counted in an unread list, roamed or found in history; a device that connects later never
//! sees them.
//!
//! A message takes the same shape as a stored one (the body's type, `from` and `to` set as
//! [`Messaging::submit`] sets them, the same size limit, the same meta the devices pull), and reaches each
//! device through its mailbox's online-only list ([`super::mailbox::ONLINE_ONLY_QUEUE`]). The conversation
//! rules (membership, mutes, blocklists) are the caller's: the only caller is the app's server.

use super::convert::meta_of;
use super::{Messaging, Target, refusal};
use natter_codes::{ErrorKind, NatterError};
use natter_core::{App, UserName};
use natter_msync::pb::{self, message_body::Type as BodyType};
use natter_store::{ChatType, MessageKind, StoredMessage};
use prost::Message as _;

/// A message for the devices online now.
#[derive(Clone, Debug)]
pub(crate) struct OnlineOnly<'a> {
    pub(crate) app: &'a App,
    pub(crate) sender: &'a UserName,
    /// A user or a group; a chat room is refused (its present devices get every room message already).
    pub(crate) target: Target,
    pub(crate) body: pb::MessageBody,
    /// The message id the devices see: the caller takes it from the app state's id generator, the one the
    /// writer numbers stored messages from, so it never names a stored message.
    pub(crate) id: u64,
    /// The sender's own online devices get it too (RongCloud `isIncludeSender=1`).
    pub(crate) include_sender: bool,
    /// Users who must not get it (group members who blacklisted the sender).
    pub(crate) except: &'a [UserName],
}

impl Messaging {
    /// Hands `message` to the online devices of its recipients; returns how many devices got it (0 when
    /// nobody is online, which is not an error: the message simply reaches nobody).
    pub(crate) async fn deliver_online_only(&self, message: OnlineOnly<'_>) -> Result<usize, NatterError> {
        let OnlineOnly {
            app,
            sender,
            target,
            mut body,
            id,
            include_sender,
            except,
        } = message;
        let (body_type, chat_type) = match &target {
            Target::User(_) => (BodyType::Chat, ChatType::Chat),
            Target::Group(_) => (BodyType::Groupchat, ChatType::Group),
            Target::Room(_) => {
                return Err(NatterError::invalid_parameter(
                    "online-only messages go to users or groups",
                ));
            }
        };
        body.r#type = Some(body_type as i32);
        body.from = Some(pb::Jid {
            name: Some(sender.as_str().to_owned()),
            ..pb::Jid::default()
        });
        body.to = Some(pb::Jid {
            name: Some(target.name()),
            ..pb::Jid::default()
        });
        let encoded = body.encode_to_vec();
        if encoded.len() > self.config.max_message_bytes {
            return Err(refusal(ErrorKind::MessageTooLarge));
        }
        let recipients = match &target {
            Target::User(peer) => vec![peer.clone()],
            Target::Group(group) => self
                .store
                .group_members_of(app.id, *group)
                .await
                .map_err(crate::store_error)?,
            Target::Room(_) => Vec::new(),
        };
        let meta = meta_of(
            &app.key.to_string(),
            &StoredMessage {
                id,
                conversation: target.conversation(sender),
                chat_type,
                kind: MessageKind::Message,
                from_user: sender.as_str().to_owned(),
                from_resource: String::new(),
                to: target.name(),
                body: encoded,
                created_ms: crate::now_ms(),
                recalled: false,
                edit_count: 0,
                recipients: None,
            },
        );
        let mut devices = 0;
        let reached = recipients
            .iter()
            .filter(|user| *user != sender && !except.contains(user))
            .chain(include_sender.then_some(sender));
        for user in reached {
            for (_, mailbox) in self.sessions.mailboxes(app.id, user) {
                mailbox.push_online_only(meta.clone());
                devices += 1;
            }
        }
        Ok(devices)
    }
}
