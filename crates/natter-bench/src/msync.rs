//! A raw msync client: a WebSocket from a chosen loopback source address, the SDK's PROVISION and
//! UNREAD, and the frames of the message exchange (send, NOTICE, pull, acknowledge).

use crate::target::Target;
use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use natter_msync::jid;
use natter_msync::pb::{self, m_sync::Command, meta::NameSpace};
use prost::Message as _;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

pub type Socket = WebSocketStream<TcpStream>;

/// How long one login (TCP, upgrade, PROVISION, UNREAD) may take.
const LOGIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Small client buffers: with tens of thousands of connections in one process, tungstenite's default
/// 128 KiB read buffer per socket would be gigabytes.
fn client_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_message_size(Some(1 << 20))
        .max_frame_size(Some(1 << 20))
}

/// Opens the WebSocket, binding the TCP socket to `source` first (one loopback source address gives only
/// ~28k ephemeral ports towards one server port).
pub async fn open(target: &Target, source: Option<IpAddr>) -> anyhow::Result<Socket> {
    let socket = match target.addr {
        SocketAddr::V4(_) => TcpSocket::new_v4(),
        SocketAddr::V6(_) => TcpSocket::new_v6(),
    }
    .context("creating a TCP socket")?;
    if let Some(source) = source {
        socket
            .bind(SocketAddr::new(source, 0))
            .with_context(|| format!("binding the source address {source}"))?;
    }
    socket.set_nodelay(true).context("TCP_NODELAY")?;
    let stream = socket
        .connect(target.addr)
        .await
        .with_context(|| format!("connecting to {}", target.addr))?;
    let (socket, _) =
        tokio_tungstenite::client_async_with_config(target.ws.as_str(), stream, Some(client_config()))
            .await
            .context("WebSocket upgrade")?;
    Ok(socket)
}

/// One client frame.
pub fn frame(command: Command, payload: &impl prost::Message) -> Message {
    Message::Binary(
        pb::MSync {
            command: Some(command as i32),
            payload: Some(payload.encode_to_vec()),
            ..pb::MSync::default()
        }
        .encode_to_vec()
        .into(),
    )
}

/// The next binary frame, decoded; `None` when the connection ended.
pub async fn next(socket: &mut Socket) -> Option<anyhow::Result<pb::MSync>> {
    loop {
        match socket.next().await? {
            Ok(Message::Binary(bytes)) => {
                return Some(pb::MSync::decode(bytes.as_ref()).context("undecodable msync frame"));
            }
            Ok(Message::Close(_)) => return None,
            Ok(_) => continue,
            Err(error) => return Some(Err(error).context("WebSocket read")),
        }
    }
}

/// Reads frames until one of `command` arrives.
async fn expect(socket: &mut Socket, command: Command) -> anyhow::Result<pb::MSync> {
    loop {
        let frame = next(socket)
            .await
            .with_context(|| format!("connection closed while waiting for {command:?}"))??;
        if frame.command == Some(command as i32) {
            return Ok(frame);
        }
    }
}

/// An authenticated connection, as the SDK makes it: PROVISION with the token, then the first UNREAD.
pub async fn login(
    target: &Target,
    source: Option<IpAddr>,
    user: &str,
    token: &str,
    resource: &str,
) -> anyhow::Result<Socket> {
    tokio::time::timeout(LOGIN_TIMEOUT, login_inner(target, source, user, token, resource))
        .await
        .with_context(|| format!("login of {user} took over {LOGIN_TIMEOUT:?}"))?
}

async fn login_inner(
    target: &Target,
    source: Option<IpAddr>,
    user: &str,
    token: &str,
    resource: &str,
) -> anyhow::Result<Socket> {
    let mut socket = open(target, source).await?;
    let provision = pb::Provision {
        resource: Some(resource.to_owned()),
        session_id: Some("1:".to_owned()),
        device_name: Some("natter-bench".to_owned()),
        ..pb::Provision::default()
    };
    let hello = pb::MSync {
        command: Some(Command::Provision as i32),
        guid: Some(jid::user(&target.app_key, user, Some(resource))),
        auth: Some(format!("$t${token}")),
        payload: Some(provision.encode_to_vec()),
        ..pb::MSync::default()
    };
    socket
        .send(Message::Binary(hello.encode_to_vec().into()))
        .await
        .context("sending PROVISION")?;
    let reply = expect(&mut socket, Command::Provision).await?;
    let reply =
        pb::Provision::decode(reply.payload.as_deref().unwrap_or_default()).context("Provision reply")?;
    let status = reply.status.unwrap_or_default();
    if status.error_code != Some(0) {
        bail!(
            "login of {user} refused: code {:?} {:?}",
            status.error_code,
            status.reason.unwrap_or_default()
        );
    }
    socket
        .send(frame(Command::Unread, &pb::CommUnreadUl::default()))
        .await
        .context("sending UNREAD")?;
    expect(&mut socket, Command::Unread).await?;
    Ok(socket)
}

/// Where a message goes.
#[derive(Debug, Clone)]
pub enum Destination {
    User(String),
    Group(String),
    Room(String),
}

impl Destination {
    fn jid(&self, app_key: &str) -> pb::Jid {
        match self {
            Destination::User(name) => jid::user(app_key, name, None),
            Destination::Group(id) | Destination::Room(id) => jid::conference(app_key, id),
        }
    }

    fn body_type(&self) -> pb::message_body::Type {
        match self {
            Destination::User(_) => pb::message_body::Type::Chat,
            Destination::Group(_) => pb::message_body::Type::Groupchat,
            Destination::Room(_) => pb::message_body::Type::Chatroom,
        }
    }

    fn name(&self) -> &str {
        match self {
            Destination::User(name) | Destination::Group(name) | Destination::Room(name) => name,
        }
    }
}

/// A text message meta (SYNC CommSyncUL{meta}); the client's `meta_id` comes back in the ack.
pub fn text_message(app_key: &str, from: &str, to: &Destination, meta_id: u64, text: String) -> Message {
    let body = pb::MessageBody {
        r#type: Some(to.body_type() as i32),
        from: Some(pb::Jid {
            name: Some(from.to_owned()),
            ..pb::Jid::default()
        }),
        to: Some(pb::Jid {
            name: Some(to.name().to_owned()),
            ..pb::Jid::default()
        }),
        contents: vec![pb::message_body::Content {
            r#type: Some(pb::message_body::content::Type::Text as i32),
            text: Some(text),
            ..pb::message_body::Content::default()
        }],
        ..pb::MessageBody::default()
    };
    let upload = pb::CommSyncUl {
        meta: Some(pb::Meta {
            id: Some(meta_id),
            to: Some(to.jid(app_key)),
            ns: Some(NameSpace::Chat as i32),
            payload: Some(body.encode_to_vec()),
            ..pb::Meta::default()
        }),
        ..pb::CommSyncUl::default()
    };
    frame(Command::Sync, &upload)
}

/// A pull of `queue` (SYNC CommSyncUL{queue, key}); `key` acknowledges everything up to it.
pub fn pull(queue: &pb::Jid, key: Option<u64>) -> Message {
    frame(
        Command::Sync,
        &pb::CommSyncUl {
            queue: Some(queue.clone()),
            key,
            ..pb::CommSyncUl::default()
        },
    )
}

/// The heartbeat the SDK sends when idle.
pub fn heartbeat() -> Message {
    frame(Command::Unread, &pb::CommUnreadUl::default())
}

/// The first text of a delivered meta's body.
pub fn meta_text(meta: &pb::Meta) -> Option<String> {
    let body = pb::MessageBody::decode(meta.payload.as_deref()?).ok()?;
    body.contents.into_iter().next()?.text
}
