//! The msync gateway at `/websocket`: one task per connection, speaking the official SDKs' protocol
//! (reference msync/PROTOCOL.md, ERRORS.md). A connection must PROVISION first; after that it pulls its
//! queues (SYNC), sends metas (messages, chat-room joins, statistics) and heartbeats (UNREAD).
//!
//! Nothing the client sends can crash the task: a frame that does not decode is answered with a status,
//! an oversized one closes the socket, and every store failure becomes a status reply.

mod provision;
mod queues;

use crate::AppState;
use crate::easemob::EasemobError;
use crate::messaging::mailbox::Mailbox;
use crate::messaging::{Origin, Submission, Target};
use crate::sessions::{DeviceInfo, DisconnectReason};
use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::ChatRoomId;
use natter_core::{App, GroupId, UserName};
use natter_msync::frame;
use natter_msync::jid;
use natter_msync::pb::{self, m_sync::Command, meta::NameSpace};
use prost::Message as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{Instant, timeout_at};

/// Settings of the gateway (`[msync]` in the configuration).
#[derive(Clone, Debug)]
pub struct MsyncConfig {
    /// Several devices of one user may be connected at once; when off, a new login kicks the others
    /// (SDK 206).
    pub multi_device: bool,
    /// With multi-device off: the newest login wins and kicks the others (206), or, when `false`, the first
    /// device keeps the account and a second one is refused (BIND_ANOTHER_DEVICE, native SDK 213); an
    /// automatic re-login of a device other than the last one logged in by hand is then refused too
    /// (RESOURCE_CHANGED, SDK 220).
    pub kick_other_devices: bool,
    /// Most devices connected at once per user; one more is refused (SDK 214).
    pub max_devices: usize,
    /// A connection with no inbound frame for this long is closed. The SDK pings every 30–60 s when
    /// idle, so this must exceed 60 s (ERRORS.md §3).
    pub idle_timeout_secs: u64,
    /// Largest inbound frame, in bytes; a larger one closes the connection.
    pub max_frame_bytes: usize,
}

impl Default for MsyncConfig {
    fn default() -> MsyncConfig {
        MsyncConfig {
            multi_device: true,
            kick_other_devices: true,
            max_devices: 4,
            idle_timeout_secs: 120,
            max_frame_bytes: 64 * 1024,
        }
    }
}

/// How long a client has to send its PROVISION (the SDK itself gives up after 10 s).
const PROVISION_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kicked device has to pull its kick notice before the socket is closed anyway.
const KICK_GRACE: Duration = Duration::from_secs(2);
/// After the kick notice was pulled, a short pause so the SDK handles it before the close.
const KICK_CLOSE_DELAY: Duration = Duration::from_millis(200);

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/websocket", get(upgrade))
}

async fn upgrade(
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    State(state): State<AppState>,
) -> Response {
    // A plain HTTP request to the gateway gets the JSON error body like every other failure.
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            return EasemobError::from(
                NatterError::invalid_parameter("websocket upgrade required")
                    .with_detail(rejection.body_text()),
            )
            .into_response();
        }
    };
    let max_frame = state.config.msync.max_frame_bytes;
    // Small buffers: an idle connection must cost kilobytes, not tungstenite's default 128 KiB read
    // buffer. Frames are small (a message is at most a few KB).
    upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_message_size(max_frame)
        .max_frame_size(max_frame)
        .on_upgrade(move |socket| connection(socket, state))
}

/// An encoded server frame.
fn frame_bytes(command: Command, payload: &impl prost::Message) -> Message {
    Message::Binary(frame::encode(command, payload).into())
}

/// The `Status` of a reply: OK, or the msync rendering of the error (the one place it is built).
pub(super) fn status(error: Option<&NatterError>) -> pb::Status {
    match error {
        None => pb::Status {
            error_code: Some(0),
            ..pb::Status::default()
        },
        Some(error) => {
            let rendered = error.to_msync();
            pb::Status {
                error_code: Some(i32::try_from(rendered.error_code).unwrap_or(1)),
                reason: Some(rendered.reason),
                ..pb::Status::default()
            }
        }
    }
}

async fn next_frame(socket: &mut WebSocket) -> Option<Result<Vec<u8>, ()>> {
    loop {
        match socket.recv().await? {
            Ok(Message::Binary(bytes)) => return Some(Ok(bytes.to_vec())),
            // Some clients send text frames of base64 or JSON; msync is binary only.
            Ok(Message::Text(_)) => return Some(Err(())),
            Ok(Message::Ping(_) | Message::Pong(_)) => continue,
            Ok(Message::Close(_)) | Err(_) => return None,
        }
    }
}

async fn connection(mut socket: WebSocket, state: AppState) {
    let max_frame = state.config.msync.max_frame_bytes;
    let deadline = Instant::now() + PROVISION_TIMEOUT;
    let first = match timeout_at(deadline, next_frame(&mut socket)).await {
        Ok(Some(Ok(bytes))) => bytes,
        Ok(Some(Err(()))) | Ok(None) | Err(_) => {
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    };
    let frame = match frame::decode(&first, max_frame) {
        Ok(frame) if frame.command == Command::Provision => frame,
        Ok(frame) => {
            // Anything before PROVISION: answered with UNAUTHORIZED, then closed.
            tracing::debug!(command = ?frame.command, "msync frame before provision");
            let reply = pb::Provision {
                status: Some(pb::Status {
                    error_code: Some(2),
                    reason: Some("provision first".to_owned()),
                    ..pb::Status::default()
                }),
                ..pb::Provision::default()
            };
            let _ = socket.send(frame_bytes(Command::Provision, &reply)).await;
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
        Err(error) => {
            tracing::debug!(%error, "undecodable first msync frame");
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    };
    let login = match provision::provision(&state, &frame).await {
        Ok(login) => login,
        Err(reply) => {
            let _ = socket.send(frame_bytes(Command::Provision, &reply)).await;
            // The SDK leaves the socket open after a failed Provision; closing it is ours to do.
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    };
    let mailbox = Mailbox::new();
    let info = DeviceInfo {
        resource: login.resource.clone(),
        device_uuid: login.device_uuid.clone(),
        device_name: login.device_name.clone(),
    };
    let disconnects = state
        .sessions
        .register_live(login.app.id, &login.user, info, Arc::clone(&mailbox));
    if socket
        .send(frame_bytes(Command::Provision, &login.reply))
        .await
        .is_err()
    {
        state
            .sessions
            .unregister_live(login.app.id, &login.user, &login.resource, &mailbox);
        return;
    }
    // A member's online devices are present in its chat rooms: the room's messages reach them whether
    // the membership came from a join over msync or from REST.
    match state.store.joined_rooms(login.app.id, &login.user, 0, 1000).await {
        Ok(rooms) => {
            for room in rooms {
                state.messaging.rooms.join(
                    login.app.id,
                    room.id.as_str(),
                    login.user.as_str(),
                    &login.resource,
                    Arc::clone(&mailbox),
                    login.started_id,
                );
            }
        }
        Err(error) => tracing::error!(%error, "chat rooms of the user not read"),
    }
    let span =
        tracing::info_span!("msync", app = %login.app.key, user = %login.user, resource = %login.resource);
    let _entered = span.enter();
    tracing::info!("device connected");
    let app = login.app.clone();
    let user = login.user.clone();
    let resource = login.resource.clone();
    let mut session = Session {
        queues: queues::Queues::new(&state, &login, Arc::clone(&mailbox)),
        state: state.clone(),
        login,
        mailbox: Arc::clone(&mailbox),
        disconnects,
        kick_deadline: None,
        first_unread_done: false,
        listening: true,
        in_flight: FuturesUnordered::new(),
    };
    session.run(&mut socket).await;
    session.queues.leave_all_rooms();
    state.sessions.unregister_live(app.id, &user, &resource, &mailbox);
    tracing::info!("device disconnected");
}

/// A provisioned connection.
struct Session {
    state: AppState,
    login: provision::Login,
    mailbox: Arc<Mailbox>,
    disconnects: tokio::sync::mpsc::UnboundedReceiver<DisconnectReason>,
    queues: queues::Queues,
    /// Set once a kick was queued: the socket closes at this instant.
    kick_deadline: Option<Instant>,
    first_unread_done: bool,
    /// The disconnect channel is open (its sender lives in the session registry).
    listening: bool,
    /// Sent messages waiting for their commit: each resolves to the ack to send. The connection reads
    /// its next frames meanwhile, so a device with many messages in flight fills the writer's batches
    /// (BENCHMARKS.md: one message per connection at a time was the limit).
    in_flight: FuturesUnordered<Pin<Box<dyn Future<Output = pb::CommSyncDl> + Send + Sync>>>,
}

/// Most sent messages of one connection waiting for their commit; past it the connection stops reading
/// until one is acknowledged.
const MAX_IN_FLIGHT: usize = 64;

enum Step {
    Continue,
    Close,
}

impl Session {
    async fn run(&mut self, socket: &mut WebSocket) {
        let idle = Duration::from_secs(self.state.config.msync.idle_timeout_secs.max(1));
        let max_frame = self.state.config.msync.max_frame_bytes;
        let mut idle_deadline = Instant::now() + idle;
        loop {
            let close_at = self.kick_deadline.unwrap_or(idle_deadline).min(idle_deadline);
            tokio::select! {
                inbound = next_frame(socket), if self.in_flight.len() < MAX_IN_FLIGHT => {
                    let Some(inbound) = inbound else { return };
                    idle_deadline = Instant::now() + idle;
                    let outcome = match inbound {
                        Ok(bytes) => self.handle(&bytes, max_frame).await,
                        Err(()) => Ok((Vec::new(), Step::Continue)),
                    };
                    let (replies, step) = match outcome {
                        Ok(result) => result,
                        Err(error) => {
                            tracing::warn!(%error, "unreadable msync frame");
                            (vec![frame_bytes(Command::Sync, &pb::CommSyncDl {
                                status: Some(pb::Status {
                                    error_code: Some(pb::status::ErrorCode::PbParserError as i32),
                                    reason: Some("bad frame".to_owned()),
                                    ..pb::Status::default()
                                }),
                                ..pb::CommSyncDl::default()
                            })], Step::Continue)
                        }
                    };
                    if matches!(step, Step::Close) {
                        // Gone from the registry before the client hears the LOGOUT reply: a login that
                        // follows it never finds this device still online.
                        self.queues.leave_all_rooms();
                        self.state.sessions.unregister_live(
                            self.login.app.id,
                            &self.login.user,
                            &self.login.resource,
                            &self.mailbox,
                        );
                    }
                    for reply in replies {
                        if socket.send(reply).await.is_err() {
                            return;
                        }
                    }
                    if matches!(step, Step::Close) {
                        let _ = socket.send(Message::Close(None)).await;
                        return;
                    }
                }
                Some(ack) = self.in_flight.next(), if !self.in_flight.is_empty() => {
                    if socket.send(frame_bytes(Command::Sync, &ack)).await.is_err() {
                        return;
                    }
                }
                () = self.mailbox.wait() => {
                    for queue in self.mailbox.take().notices {
                        let notice = pb::CommNotice { queue: Some(self.queues.queue_jid(&queue)) };
                        if socket.send(frame_bytes(Command::Notice, &notice)).await.is_err() {
                            return;
                        }
                    }
                }
                reason = self.disconnects.recv(), if self.listening => {
                    let Some(reason) = reason else {
                        // The registry forgot this device (an order was sent and consumed already):
                        // nothing more will come.
                        self.listening = false;
                        continue;
                    };
                    tracing::info!(?reason, "device disconnected by the server");
                    match self.queues.queue_kick(reason) {
                        Some(notice) => {
                            if socket.send(frame_bytes(Command::Notice, &notice)).await.is_err() {
                                return;
                            }
                            let deadline = Instant::now() + KICK_GRACE;
                            self.kick_deadline = Some(self.kick_deadline.map_or(deadline, |current| current.min(deadline)));
                        }
                        None => {
                            let _ = socket.send(Message::Close(None)).await;
                            return;
                        }
                    }
                }
                () = tokio::time::sleep_until(close_at) => {
                    tracing::info!(kicked = self.kick_deadline.is_some(), "closing msync connection");
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
            }
        }
    }

    /// Handles one inbound frame; returns the replies to send and whether to close afterwards.
    async fn handle(
        &mut self,
        bytes: &[u8],
        max_frame: usize,
    ) -> Result<(Vec<Message>, Step), frame::FrameError> {
        let frame = frame::decode(bytes, max_frame)?;
        match frame.command {
            Command::Unread => Ok((vec![self.unread().await], Step::Continue)),
            Command::Sync => {
                let upload: pb::CommSyncUl = frame.payload("CommSyncUL")?;
                self.sync(upload).await
            }
            Command::Logout => {
                let logout: pb::Logout = frame.payload("Logout")?;
                tracing::info!(reason = logout.reason.as_deref().unwrap_or(""), "client logout");
                // Every message sent before the LOGOUT is acknowledged before its reply.
                let mut replies = Vec::with_capacity(self.in_flight.len() + 1);
                while let Some(ack) = self.in_flight.next().await {
                    replies.push(frame_bytes(Command::Sync, &ack));
                }
                let reply = pb::Logout {
                    session_id: logout.session_id,
                    status: Some(status(None)),
                    ..pb::Logout::default()
                };
                replies.push(frame_bytes(Command::Logout, &reply));
                Ok((replies, Step::Close))
            }
            Command::Provision => {
                // Already provisioned: answer with the same success again (the SDK ignores it).
                Ok((
                    vec![frame_bytes(Command::Provision, &self.login.reply)],
                    Step::Continue,
                ))
            }
            Command::Notice => Ok((Vec::new(), Step::Continue)),
        }
    }

    async fn unread(&mut self) -> Message {
        // The first UNREAD after login lists the queues waiting from before (offline messages); later
        // ones are heartbeats: news since login arrives by NOTICE.
        let unread = if self.first_unread_done {
            Vec::new()
        } else {
            self.first_unread_done = true;
            self.queues.unread().await
        };
        let reply = pb::CommUnreadDl {
            status: Some(status(None)),
            unread,
            timestamp: Some(u64::try_from(crate::now_ms()).unwrap_or(0)),
        };
        frame_bytes(Command::Unread, &reply)
    }

    async fn sync(&mut self, upload: pb::CommSyncUl) -> Result<(Vec<Message>, Step), frame::FrameError> {
        if let Some(meta) = upload.meta {
            // A message's ack comes later, from `in_flight`.
            let replies = self
                .meta(meta)
                .await
                .map(|reply| frame_bytes(Command::Sync, &reply))
                .into_iter()
                .collect();
            return Ok((replies, Step::Continue));
        }
        let Some(queue) = upload.queue else {
            return Ok((
                vec![frame_bytes(
                    Command::Sync,
                    &pb::CommSyncDl {
                        status: Some(status(Some(&NatterError::new(ErrorKind::InvalidParameter)))),
                        ..pb::CommSyncDl::default()
                    },
                )],
                Step::Continue,
            ));
        };
        let pulled = self.queues.pull(queue, upload.key).await;
        if pulled.kick_delivered {
            let deadline = Instant::now() + KICK_CLOSE_DELAY;
            self.kick_deadline = Some(
                self.kick_deadline
                    .map_or(deadline, |current| current.min(deadline)),
            );
        }
        Ok((vec![frame_bytes(Command::Sync, &pulled.reply)], Step::Continue))
    }

    /// Handles a meta the client sends: a message (ns CHAT), a chat-room join or leave (ns MUC), its
    /// statistics (ns STATISTIC). Every tracked meta gets an ack with its `meta_id` and a status: now, or
    /// (`None`) for an accepted message once it is committed, through `in_flight`.
    async fn meta(&mut self, meta: pb::Meta) -> Option<pb::CommSyncDl> {
        let meta_id = meta.id;
        let now = u64::try_from(crate::now_ms()).unwrap_or(0);
        let ack = |status: pb::Status, server_id: Option<u64>, metas: Vec<pb::Meta>| pb::CommSyncDl {
            status: Some(status),
            meta_id,
            server_id,
            metas,
            timestamp: Some(now),
            ..pb::CommSyncDl::default()
        };
        let namespace = meta.ns.and_then(|raw| NameSpace::try_from(raw).ok());
        let reply = match namespace {
            Some(NameSpace::Chat) => match self.message(meta).await {
                Ok(committed) => {
                    self.in_flight.push(Box::pin(async move {
                        let accepted = committed.await.unwrap_or_else(|error| {
                            Err(NatterError::new(ErrorKind::Internal).with_detail(error.to_string()))
                        });
                        let (status, server_id) = match accepted {
                            Ok(accepted) => (status(None), Some(accepted.id)),
                            Err(error) => {
                                tracing::warn!(%error, "message not persisted");
                                (status(Some(&error)), None)
                            }
                        };
                        pb::CommSyncDl {
                            status: Some(status),
                            meta_id,
                            server_id,
                            timestamp: Some(now),
                            ..pb::CommSyncDl::default()
                        }
                    }));
                    return None;
                }
                Err(error) => {
                    tracing::info!(kind = ?error.kind, detail = error.detail.as_deref().unwrap_or(""), "message refused");
                    ack(status(Some(&error)), None, Vec::new())
                }
            },
            Some(NameSpace::Muc) => match self.queues.muc(&meta).await {
                Ok(metas) => ack(status(None), meta_id, metas),
                Err(error) => {
                    tracing::info!(kind = ?error.kind, "chat room operation refused");
                    ack(status(Some(&error)), None, Vec::new())
                }
            },
            // Statistics (and anything else the SDK reports about itself) are acknowledged and dropped.
            Some(NameSpace::Statistic) | None => ack(status(None), meta_id, Vec::new()),
            Some(other) => {
                tracing::debug!(namespace = ?other, "unsupported msync namespace");
                ack(
                    status(Some(
                        &NatterError::new(ErrorKind::Internal).with_detail("unsupported namespace"),
                    )),
                    None,
                    Vec::new(),
                )
            }
        };
        Some(reply)
    }

    /// Checks a sent message and hands it to the writer; the task resolves at its commit.
    async fn message(
        &mut self,
        meta: pb::Meta,
    ) -> Result<tokio::task::JoinHandle<Result<crate::messaging::Accepted, NatterError>>, NatterError> {
        let body = pb::MessageBody::decode(meta.payload.as_deref().unwrap_or_default())
            .map_err(|error| NatterError::invalid_parameter("message body").with_detail(error.to_string()))?;
        let to = meta.to.as_ref().or(body.to.as_ref());
        let target = self.target(to, &body).await?;
        let login = &self.login;
        self.state
            .messaging
            .submit_pipelined(Submission {
                app: &login.app,
                sender: &login.user,
                origin: Origin::Device {
                    resource: &login.resource,
                },
                target,
                body,
                force: false,
            })
            .await
    }

    /// Where a meta goes: a user, or (a conference JID) a group or a chat room.
    async fn target(&self, to: Option<&pb::Jid>, body: &pb::MessageBody) -> Result<Target, NatterError> {
        use pb::message_body::Type;
        let to = to.ok_or_else(|| NatterError::invalid_parameter("to"))?;
        let name = jid::name(to);
        if !jid::is_conference(to) {
            return UserName::lookup(name)
                .map(Target::User)
                .ok_or_else(|| NatterError::new(ErrorKind::MessageRecipientNotFound));
        }
        let body_type = body.r#type.and_then(|raw| Type::try_from(raw).ok());
        let room = match body_type {
            Some(Type::Chatroom) => true,
            Some(Type::Groupchat) => false,
            // Signals name the conference only: a room this device is in, else a group.
            _ => self.queues.in_room(name) || !self.is_group(&self.login.app, name).await?,
        };
        if room {
            ChatRoomId::parse(name)
                .map(Target::Room)
                .ok_or_else(|| NatterError::new(ErrorKind::ChatRoomNotFound))
        } else {
            GroupId::parse(name)
                .map(Target::Group)
                .ok_or_else(|| NatterError::new(ErrorKind::GroupNotFound))
        }
    }

    async fn is_group(&self, app: &App, name: &str) -> Result<bool, NatterError> {
        let Some(id) = GroupId::parse(name) else {
            return Ok(false);
        };
        Ok(self
            .state
            .store
            .group(app.id, id)
            .await
            .map_err(crate::store_error)?
            .is_some())
    }
}
