//! Messages sent by app servers (reference users-messages §5): to users, groups and chat rooms
//! (§5.1, §5.2, §5.4), targeted (定向) sends to some members of a group or room (§5.3, §5.5), recall (§5.9),
//! and the broadcast endpoints (§5.6–§5.8), off unless the app's server
//! enables them (`messages.broadcast_enabled`), as the vendor's are off until sales switches them on.
//!
//! Every send goes through the message pipeline ([`Messaging::submit`](crate::messaging::Messaging::submit))
//! with `Origin::AppServer`, one submission per target, so a REST message is stored, queued, roamed and
//! delivered exactly as an SDK-sent one.

use super::auth::Authenticated;
use super::envelope::Envelope;
use super::{EasemobError, EasemobJson};
use crate::AppState;
use crate::messaging::convert::{RestType, content_from_rest, ext_to_key_values};
use crate::messaging::{MessagingConfig, Origin, Submission, Target};
use crate::store_error;
use axum::Router;
use axum::extract::State;
use axum::routing::post;
use governor::{DefaultKeyedRateLimiter, Quota};
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::ChatRoomId;
use natter_core::{GroupId, UserName};
use natter_msync::pb::{self, message_body::Type as BodyType};
use natter_store::{ChatType, MessageKind};
use prost::Message as _;
use serde_json::{Map, Value, json};
use std::num::NonZeroU32;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/{org}/{app}/messages/users", post(send_to_users))
        .route("/{org}/{app}/messages/chatgroups", post(send_to_groups))
        .route("/{org}/{app}/messages/chatrooms", post(send_to_rooms))
        .route(
            "/{org}/{app}/messages/chatgroups/users",
            post(send_targeted_to_group),
        )
        .route(
            "/{org}/{app}/messages/chatrooms/users",
            post(send_targeted_to_room),
        )
        // Decision (reference §13.2): the endpoint pages' `msg_recall` is the path, and the reply names it;
        // the rate tables' `/messages/recall` is served too, for clients written from those tables.
        .route("/{org}/{app}/messages/msg_recall", post(recall))
        .route("/{org}/{app}/messages/recall", post(recall))
        .route("/{org}/{app}/messages/batch_recall", post(batch_recall))
        .route(
            "/{org}/{app}/messages/chatrooms/broadcast",
            post(broadcast_to_rooms),
        )
        .route("/{org}/{app}/messages/broadcast", post(broadcast_to_all))
        .route("/{org}/{app}/messages/users/broadcast", post(broadcast_to_online))
}

/// The sender of a send or recall that names none (§5.0).
const DEFAULT_SENDER: &str = "admin";
/// One-to-one messages per minute per app through REST (§5.1: 6000, each recipient counts).
const CHAT_MESSAGES_PER_MINUTE: u32 = 6000;

/// The per-app message quotas of REST sends (§5.1, §5.2, §5.4), answered with 403 `message send reach
/// limit`. The group and room rates are the pipeline's settings (`group_messages_per_sec`,
/// `room_messages_per_sec`), which the vendor documents with the same numbers per App Key.
#[derive(Debug)]
pub(crate) struct SendQuotas {
    chat: DefaultKeyedRateLimiter<i64>,
    group: DefaultKeyedRateLimiter<i64>,
    room: DefaultKeyedRateLimiter<i64>,
    /// Targeted sends to groups and to rooms, each `messages.targeted_messages_per_sec` (§5.3, §5.5, §11:
    /// 100 a second). They do not draw on the group and room quotas.
    targeted_group: DefaultKeyedRateLimiter<i64>,
    targeted_room: DefaultKeyedRateLimiter<i64>,
    /// Broadcasts, per kind (rooms, all users, online users): the short quota and the daily one, per app
    /// (§5.6–5.8).
    broadcasts: [(DefaultKeyedRateLimiter<i64>, DefaultKeyedRateLimiter<i64>); 3],
}

/// `count` per `period`, as a bucket of `count` refilled evenly over the period.
fn quota(count: u32, period: std::time::Duration) -> DefaultKeyedRateLimiter<i64> {
    let count = NonZeroU32::new(count.max(1)).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(period / count.get())
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(count);
    DefaultKeyedRateLimiter::keyed(quota)
}

fn per_second(count: u32) -> DefaultKeyedRateLimiter<i64> {
    DefaultKeyedRateLimiter::keyed(Quota::per_second(
        NonZeroU32::new(count.max(1)).unwrap_or(NonZeroU32::MIN),
    ))
}

impl SendQuotas {
    pub(crate) fn new(config: &MessagingConfig) -> SendQuotas {
        SendQuotas {
            chat: DefaultKeyedRateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(CHAT_MESSAGES_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            )),
            group: per_second(config.group_messages_per_sec),
            room: per_second(config.room_messages_per_sec),
            targeted_group: per_second(config.targeted_messages_per_sec),
            targeted_room: per_second(config.targeted_messages_per_sec),
            broadcasts: {
                use std::time::Duration;
                const MINUTE: Duration = Duration::from_secs(60);
                const DAY: Duration = Duration::from_secs(24 * 3600);
                [
                    // §5.6: 10 a minute, 100 a day.
                    (quota(10, MINUTE), quota(100, DAY)),
                    // §5.7: 1 per 30 minutes, 3 a day.
                    (quota(1, 30 * MINUTE), quota(3, DAY)),
                    // §5.8: 1 a minute, 50 a day.
                    (quota(1, MINUTE), quota(50, DAY)),
                ]
            },
        }
    }

    /// Whether a broadcast of `scope` may go out now, by its documented quotas.
    fn allow_broadcast(&self, app_id: i64, scope: BroadcastScope) -> Result<(), NatterError> {
        let (short, daily) = &self.broadcasts[scope as usize];
        if short.check_key(&app_id).is_err() {
            return Err(NatterError::new(ErrorKind::BroadcastRateLimited));
        }
        if daily.check_key(&app_id).is_err() {
            return Err(NatterError::new(scope.daily_refusal()));
        }
        Ok(())
    }

    fn allow(&self, app_id: i64, scope: Scope) -> bool {
        let limiter = match scope {
            Scope::Users => &self.chat,
            Scope::Groups => &self.group,
            Scope::Rooms => &self.room,
        };
        limiter.check_key(&app_id).is_ok()
    }

    /// Whether a targeted send into a group (`Scope::Groups`) or a room may go out now.
    fn allow_targeted(&self, app_id: i64, scope: Scope) -> bool {
        let limiter = match scope {
            Scope::Rooms => &self.targeted_room,
            Scope::Users | Scope::Groups => &self.targeted_group,
        };
        limiter.check_key(&app_id).is_ok()
    }
}

/// Which of the three send endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Users,
    Groups,
    Rooms,
}

impl Scope {
    fn path(self) -> &'static str {
        match self {
            Scope::Users => "/messages/users",
            Scope::Groups => "/messages/chatgroups",
            Scope::Rooms => "/messages/chatrooms",
        }
    }

    /// Most targets per call, and the refusal past it (§5.1, §5.2, §5.4).
    fn limit(self) -> (usize, ErrorKind) {
        match self {
            Scope::Users => (600, ErrorKind::MessageTooManyUsers),
            Scope::Groups => (3, ErrorKind::MessageTooManyGroups),
            Scope::Rooms => (10, ErrorKind::MessageTooManyRooms),
        }
    }
}

/// The send and recall tables document `invalid_request_body` for a body that is not JSON or has fields of
/// the wrong types, where the other endpoints answer `json_parse`; content-type and size refusals stay.
fn message_body(body: Result<EasemobJson<Value>, EasemobError>) -> Result<Map<String, Value>, NatterError> {
    match body {
        Ok(EasemobJson(Value::Object(fields))) => Ok(fields),
        Ok(EasemobJson(_)) => {
            Err(NatterError::new(ErrorKind::RequestBodyInvalid).with_detail("not an object"))
        }
        Err(EasemobError(error))
            if matches!(error.kind, ErrorKind::JsonParse | ErrorKind::InvalidParameter) =>
        {
            Err(NatterError::new(ErrorKind::RequestBodyInvalid).with_detail(format!("{error}")))
        }
        Err(EasemobError(error)) => Err(error),
    }
}

fn invalid(detail: &str) -> NatterError {
    NatterError::new(ErrorKind::RequestBodyInvalid).with_detail(detail.to_owned())
}

/// An optional boolean field.
fn flag(fields: &Map<String, Value>, key: &str) -> Result<Option<bool>, NatterError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(value)) => Ok(Some(*value)),
        Some(_) => Err(invalid(key)),
    }
}

/// A send, checked.
#[derive(Debug)]
struct SendRequest {
    from: UserName,
    to: Vec<String>,
    body: pb::MessageBody,
    online_only: bool,
}

fn parse_send(fields: &Map<String, Value>, scope: Scope) -> Result<SendRequest, NatterError> {
    let from = match fields.get("from") {
        None | Some(Value::Null) => DEFAULT_SENDER.to_owned(),
        Some(Value::String(text)) if text.is_empty() => {
            return Err(NatterError::new(ErrorKind::MessageFromEmpty));
        }
        Some(Value::String(text)) => text.clone(),
        Some(_) => return Err(invalid("from")),
    };
    // The sender's existence is not checked (§5.0), but it must be a name a user could have.
    let from = UserName::lookup(&from).ok_or_else(|| invalid("from is not a user ID"))?;
    let mut to: Vec<String> = Vec::new();
    match fields.get("to") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let target = match item {
                    Value::String(text) => text.clone(),
                    // Group and room ids are numbers; an app may send them unquoted.
                    Value::Number(number) => number.to_string(),
                    _ => return Err(invalid("to")),
                };
                if !to.contains(&target) {
                    to.push(target);
                }
            }
        }
        // One target as a plain string reads as a list of one.
        Some(Value::String(text)) if !text.is_empty() => to.push(text.clone()),
        Some(Value::String(_)) => {}
        Some(_) => return Err(invalid("to")),
    }
    if to.is_empty() {
        return Err(NatterError::new(ErrorKind::MessageToEmpty));
    }
    let (limit, too_many) = scope.limit();
    if to.len() > limit {
        return Err(NatterError::new(too_many));
    }
    let kind = match fields.get("type") {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::MessageTypeEmpty)),
        Some(Value::String(text)) if text.is_empty() => {
            return Err(NatterError::new(ErrorKind::MessageTypeEmpty));
        }
        Some(Value::String(text)) => RestType::parse(text).ok_or_else(|| invalid("unknown type"))?,
        Some(_) => return Err(invalid("type")),
    };
    let body = match fields.get("body") {
        None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::MessageBodyEmpty)),
        Some(Value::Object(body)) if body.is_empty() => {
            return Err(NatterError::new(ErrorKind::MessageBodyEmpty));
        }
        Some(Value::Object(body)) => body,
        Some(_) => return Err(invalid("body")),
    };
    let ext = match fields.get("ext") {
        None => Map::new(),
        Some(Value::Object(ext)) => ext.clone(),
        // `null` included: "must not be null" (§5.0).
        Some(_) => return Err(NatterError::new(ErrorKind::MessageExtNotObject)),
    };
    let content = content_from_rest(kind, body)?;
    // Decision: `sync_device` is read but cannot be turned off. Queues are read from the conversation's
    // timeline (fan-out on read), so the sender's devices see a sent message in that conversation whatever
    // the flag says; the vendor's default for groups is the same ("always synced").
    flag(fields, "sync_device")?;
    let online_only = match fields.get("routetype") {
        None | Some(Value::Null) => false,
        Some(Value::String(text)) if text == "ROUTE_ONLINE" => true,
        Some(_) => return Err(invalid("routetype")),
    };
    let need_group_ack = flag(fields, "need_group_ack")?.unwrap_or(false);
    match fields.get("chatroom_msg_level") {
        None | Some(Value::Null) => {}
        Some(Value::String(level)) if matches!(level.as_str(), "high" | "normal" | "low") => {}
        Some(_) => return Err(invalid("chatroom_msg_level")),
    }
    // Accepted for compatibility, without effect here: per-user roaming filters and callback routing.
    match fields.get("roam_ignore_users") {
        None | Some(Value::Null) | Some(Value::Array(_)) => {}
        Some(_) => return Err(invalid("roam_ignore_users")),
    }
    match fields.get("env") {
        None | Some(Value::Null) | Some(Value::String(_)) => {}
        Some(_) => return Err(invalid("env")),
    }
    Ok(SendRequest {
        from,
        to,
        body: pb::MessageBody {
            contents: vec![content],
            ext: ext_to_key_values(&ext),
            msg_config: need_group_ack.then_some(pb::message_body::MessageConfig {
                allow_group_ack: Some(true),
            }),
            ..pb::MessageBody::default()
        },
        online_only,
    })
}

/// Refusals that concern the whole call rather than one target: when nothing was sent yet, the call
/// answers them as its error; after a target got its message, the rest report them per target.
fn is_call_level(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::MessageTooLarge | ErrorKind::MessageRateLimited | ErrorKind::Internal
    )
}

/// Sends to one target; returns the new message's id.
async fn send_one(
    state: &AppState,
    app: &natter_core::App,
    request: &SendRequest,
    scope: Scope,
    text: &str,
) -> Result<u64, NatterError> {
    let target = match scope {
        Scope::Users => Target::User(
            UserName::lookup(text).ok_or_else(|| NatterError::new(ErrorKind::MessageRecipientNotFound))?,
        ),
        Scope::Groups => Target::Group(
            GroupId::parse(text)
                .ok_or_else(|| NatterError::new(ErrorKind::GroupNotFound).with_param(text))?,
        ),
        Scope::Rooms => Target::Room(
            ChatRoomId::parse(text)
                .ok_or_else(|| NatterError::new(ErrorKind::ChatRoomNotFound).with_param(text))?,
        ),
    };
    if !state.message_quotas.allow(app.id, scope) {
        return Err(NatterError::new(ErrorKind::MessageRateLimited));
    }
    if let Target::User(peer) = &target
        && request.online_only
        && !state.sessions.is_online(app.id, peer)
    {
        // `ROUTE_ONLINE` (§5.1): a recipient without an online device does not get the message, now or
        // later, so nothing is stored. The reply still names a message id, as the vendor's does.
        state
            .store
            .user_by_name(app.id, peer)
            .await
            .map_err(store_error)?
            .ok_or_else(|| NatterError::new(ErrorKind::MessageRecipientNotFound))?;
        return Ok(state.ids.next(crate::now_ms()));
    }
    // The SDK reads the chat type from the stored body's `type`, as its own sends set it.
    let body = pb::MessageBody {
        r#type: Some(match scope {
            Scope::Users => BodyType::Chat,
            Scope::Groups => BodyType::Groupchat,
            Scope::Rooms => BodyType::Chatroom,
        } as i32),
        ..request.body.clone()
    };
    let accepted = state
        .messaging
        .submit(Submission {
            app,
            sender: &request.from,
            origin: Origin::AppServer,
            target,
            body,
            force: false,
        })
        .await
        .map_err(|error| match error.kind {
            ErrorKind::GroupNotFound | ErrorKind::ChatRoomNotFound if error.params.is_empty() => {
                error.with_param(text)
            }
            _ => error,
        })?;
    Ok(accepted.id)
}

/// The three sends: every target gets its own message; `data` maps each target to its message id, or,
/// for a target that was refused (no such user, group or room), to the refusal's text.
///
/// Decision: the docs show only successes (`{"user2":"1029457500870543736"}`) and say targets are "not
/// validated"; the pipeline refuses recipients that do not exist, so their entry says why instead of
/// naming a message nobody can receive.
async fn send(
    state: AppState,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
    scope: Scope,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    caller.require_app()?;
    let fields = message_body(body)?;
    let request = parse_send(&fields, scope)?;
    let mut data = Map::new();
    let mut sent_any = false;
    for target in &request.to {
        match send_one(&state, &context.app, &request, scope, target).await {
            Ok(id) => {
                sent_any = true;
                data.insert(target.clone(), json!(id.to_string()));
            }
            Err(error) if !sent_any && is_call_level(error.kind) => return Err(error.into()),
            Err(error) => {
                tracing::info!(target = %target, error = %error, "message target refused");
                data.insert(target.clone(), json!(error.to_rest().description));
            }
        }
    }
    Ok(Envelope::new(&context, "post")
        .set("path", json!(scope.path()))
        .data(Value::Object(data)))
}

async fn send_to_users(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    send(state, authenticated, body, Scope::Users).await
}

async fn send_to_groups(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    send(state, authenticated, body, Scope::Groups).await
}

async fn send_to_rooms(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    send(state, authenticated, body, Scope::Rooms).await
}

/// Most `users` of one targeted send (§5.3, §5.5: "≤ 20").
const MAX_TARGETED_USERS: usize = 20;

/// `users` of a targeted send: missing, `[]` or only empty names answer `param users can't be empty`.
///
/// Decisions: the docs give no refusal for more than 20 users, so that is the 5.1 list's bad-body row
/// (`invalid_request_body`), as for any field out of its documented shape; an item that cannot be a user
/// ID is nobody's, so it is left out like a non-member (see [`Messaging::submit_targeted`]). As for `to`,
/// a plain string is a list of one, a number is its text, and a repeated name counts once.
///
/// [`Messaging::submit_targeted`]: crate::messaging::Messaging::submit_targeted
fn parse_users(fields: &Map<String, Value>) -> Result<Vec<UserName>, NatterError> {
    let items: Vec<Value> = match fields.get("users") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(Value::String(text)) => vec![Value::String(text.clone())],
        Some(_) => return Err(invalid("users")),
    };
    let mut names: Vec<String> = Vec::with_capacity(items.len());
    for item in &items {
        let name = match item {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            _ => return Err(invalid("users")),
        };
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return Err(NatterError::new(ErrorKind::MessageUsersEmpty));
    }
    if names.len() > MAX_TARGETED_USERS {
        return Err(invalid("users holds more than 20 members"));
    }
    Ok(names.iter().filter_map(|name| UserName::lookup(name)).collect())
}

/// Sends the targeted message of `request` to its one group or room; returns the new message's id.
async fn send_targeted_one(
    state: &AppState,
    app: &natter_core::App,
    request: &SendRequest,
    users: &[UserName],
    scope: Scope,
    text: &str,
) -> Result<u64, NatterError> {
    let (target, body_type) = match scope {
        Scope::Rooms => (
            Target::Room(
                ChatRoomId::parse(text)
                    .ok_or_else(|| NatterError::new(ErrorKind::ChatRoomNotFound).with_param(text))?,
            ),
            BodyType::Chatroom,
        ),
        Scope::Users | Scope::Groups => (
            Target::Group(
                GroupId::parse(text)
                    .ok_or_else(|| NatterError::new(ErrorKind::GroupNotFound).with_param(text))?,
            ),
            BodyType::Groupchat,
        ),
    };
    if !state.message_quotas.allow_targeted(app.id, scope) {
        return Err(NatterError::new(ErrorKind::MessageRateLimited));
    }
    let accepted = state
        .messaging
        .submit_targeted(
            Submission {
                app,
                sender: &request.from,
                origin: Origin::AppServer,
                target,
                body: pb::MessageBody {
                    r#type: Some(body_type as i32),
                    ..request.body.clone()
                },
                force: false,
            },
            users,
        )
        .await
        .map_err(|error| match error.kind {
            ErrorKind::GroupNotFound | ErrorKind::ChatRoomNotFound if error.params.is_empty() => {
                error.with_param(text)
            }
            _ => error,
        })?;
    Ok(accepted.id)
}

/// The targeted sends (§5.3 groups, §5.5 rooms): one message that only the listed members of the one group
/// or room receive (see [`Messaging::submit_targeted`] for what "only" covers). The body is a 5.2 or 5.4
/// send's, plus `users`; the reply is theirs: `data` maps the target to the message id, or to the refusal's
/// text when the group or room does not exist (as [`send`] does).
///
/// Decisions: `to` takes exactly one id, and more answer the scope's documented count text (reference
/// §13.15: `params to's size can't exceed limit 3` for groups although only one is accepted, `…limit 10`
/// for rooms). The reply's `path` is the one the docs' example shows (`/messages/chatgroups`, and
/// `/messages/chatrooms` for rooms: "200: as 5.4"). `routetype`, `need_group_ack` and `roam_ignore_users`
/// are accepted without effect: a targeted message is not roamed anyway, and online-only delivery is not
/// documented for it.
///
/// [`Messaging::submit_targeted`]: crate::messaging::Messaging::submit_targeted
async fn send_targeted(
    state: AppState,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
    scope: Scope,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    caller.require_app()?;
    let fields = message_body(body)?;
    let request = parse_send(&fields, scope)?;
    if request.to.len() > 1 {
        return Err(NatterError::new(scope.limit().1).into());
    }
    let users = parse_users(&fields)?;
    let mut data = Map::new();
    for target in &request.to {
        match send_targeted_one(&state, &context.app, &request, &users, scope, target).await {
            Ok(id) => {
                data.insert(target.clone(), json!(id.to_string()));
            }
            Err(error) if is_call_level(error.kind) => return Err(error.into()),
            Err(error) => {
                tracing::info!(target = %target, error = %error, "targeted message refused");
                data.insert(target.clone(), json!(error.to_rest().description));
            }
        }
    }
    Ok(Envelope::new(&context, "post")
        .set("path", json!(scope.path()))
        .data(Value::Object(data)))
}

async fn send_targeted_to_group(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    send_targeted(state, authenticated, body, Scope::Groups).await
}

async fn send_targeted_to_room(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    send_targeted(state, authenticated, body, Scope::Rooms).await
}

/// A text (or number) field of the recall body, `None` when missing or empty.
fn recall_text(fields: &Map<String, Value>, key: &str) -> Option<String> {
    match fields.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    }
}

/// A recall request, checked (one of §5.9, or one item of §5.10's `msgs`).
#[derive(Debug)]
struct RecallRequest {
    msg_id: String,
    to: String,
    chat_type: ChatType,
    force: bool,
    /// The recaller as the request named it (`admin` by default), echoed in the reply.
    from_text: String,
    recaller: UserName,
}

/// Checks the fields of one recall. `recallMessageExtensionInfo` is checked by the caller: §5.10 has it
/// once for the whole batch.
fn parse_recall(fields: &Map<String, Value>) -> Result<RecallRequest, NatterError> {
    let msg_id =
        recall_text(fields, "msg_id").ok_or_else(|| NatterError::new(ErrorKind::RecallMsgIdEmpty))?;
    let to = recall_text(fields, "to").ok_or_else(|| NatterError::new(ErrorKind::RecallToEmpty))?;
    let chat_type = recall_text(fields, "chat_type")
        .and_then(|text| ChatType::parse(&text))
        .ok_or_else(|| NatterError::new(ErrorKind::RecallChatTypeEmpty))?;
    let force = match fields.get("force") {
        None => false,
        Some(Value::Bool(force)) => *force,
        Some(Value::String(text)) if text == "true" => true,
        Some(Value::String(text)) if text == "false" => false,
        Some(_) => return Err(NatterError::new(ErrorKind::RecallForceEmpty)),
    };
    flag(fields, "sync_device")?;
    let from_text = recall_text(fields, "from").unwrap_or_else(|| DEFAULT_SENDER.to_owned());
    let recaller = UserName::lookup(&from_text).ok_or_else(|| invalid("from is not a user ID"))?;
    Ok(RecallRequest {
        msg_id,
        to,
        chat_type,
        force,
        from_text,
        recaller,
    })
}

/// `recallMessageExtensionInfo`: optional text.
fn check_extension_info(fields: &Map<String, Value>) -> Result<(), NatterError> {
    match fields.get("recallMessageExtensionInfo") {
        None | Some(Value::Null) | Some(Value::String(_)) => Ok(()),
        Some(_) => Err(invalid("recallMessageExtensionInfo")),
    }
}

/// `POST /messages/msg_recall` (§5.9): the recall travels through the pipeline as a RECALL body naming the
/// message, so the recipients' queues, roaming and the conversation list all drop it.
///
/// Decision (reference §13.5): `force` is optional and defaults to false ([v2]); `null` or `""` get the
/// [new] page's `param force can't be empty`. The recall feature is always on, so `message recall
/// service is unopened` is never sent. As for the SDKs' own recalls, command messages cannot be recalled
/// (the docs: "all message types except cmd"): they answer `not_found msg`.
async fn recall(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    caller.require_app()?;
    let fields = message_body(body)?;
    let request = parse_recall(&fields)?;
    check_extension_info(&fields)?;
    let data = perform_recall(&state, &context, &request).await?;
    Ok(Envelope::new(&context, "post")
        .set("path", json!("/messages/msg_recall"))
        .data(data))
}

/// The most messages one batch recall names (§5.10).
const MAX_BATCH_RECALL: usize = 30;

/// `POST /messages/batch_recall` (§5.10): up to 30 recalls, each with §5.9's fields and rules.
///
/// Decisions where the reference is silent ("errors: see single recall"; per-item failures are not
/// documented): a request error (no `msgs`, more than 30, an item without `msg_id`, `to` or `chat_type`)
/// refuses the whole batch before anything is recalled, with §5.9's text; a recall that fails on its
/// message (not found, too late, unknown target) does not stop the others: its item says `"recalled":
/// "no"` and carries the single recall's `error_description` as `reason`, the key the vendor's batch
/// replies use elsewhere (groups-chatrooms C5). The `data` items keep the request's order.
async fn batch_recall(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    caller.require_app()?;
    let fields = message_body(body)?;
    check_extension_info(&fields)?;
    let items = match fields.get("msgs") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            return Err(NatterError::new(ErrorKind::RecallMsgIdEmpty)
                .with_detail("no msgs")
                .into());
        }
        Some(_) => return Err(invalid("msgs is not an array").into()),
    };
    if items.len() > MAX_BATCH_RECALL {
        return Err(NatterError::invalid_parameter(format!(
            "param msgs's size can't exceed limit {MAX_BATCH_RECALL}"
        ))
        .into());
    }
    let mut requests = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(item) = item else {
            return Err(invalid("a msgs item is not an object").into());
        };
        requests.push(parse_recall(item)?);
    }
    let mut data = Vec::with_capacity(requests.len());
    for request in &requests {
        match perform_recall(&state, &context, request).await {
            Ok(item) => data.push(item),
            Err(error) if error.kind == ErrorKind::Internal || error.kind == ErrorKind::RecallInternal => {
                return Err(error.into());
            }
            Err(error) => {
                tracing::debug!(msg_id = %request.msg_id, %error, "batch recall item refused");
                data.push(json!({
                    "recalled": "no",
                    "chattype": request.chat_type.as_str(),
                    "from": request.from_text,
                    "to": request.to,
                    "msg_id": request.msg_id,
                    "reason": error.to_rest().description,
                }));
            }
        }
    }
    Ok(Envelope::new(&context, "post")
        .set("path", json!("/messages/batch_recall"))
        .data(Value::Array(data)))
}

/// Recalls one message; the reply's `data` item.
async fn perform_recall(
    state: &AppState,
    context: &super::AppContext,
    request: &RecallRequest,
) -> Result<Value, NatterError> {
    let RecallRequest {
        msg_id,
        to,
        chat_type,
        force,
        from_text,
        recaller,
    } = request;
    let (chat_type, force) = (*chat_type, *force);
    let app = &context.app;
    let store = &state.store;
    let target_missing = || NatterError::new(ErrorKind::RecallTargetNotFound);
    let target = match chat_type {
        ChatType::Chat => {
            let peer = UserName::lookup(to).ok_or_else(target_missing)?;
            store
                .user_by_name(app.id, &peer)
                .await
                .map_err(store_error)?
                .ok_or_else(target_missing)?;
            Target::User(peer)
        }
        ChatType::Group => {
            let id = GroupId::parse(to).ok_or_else(target_missing)?;
            store
                .group(app.id, id)
                .await
                .map_err(store_error)?
                .ok_or_else(target_missing)?;
            Target::Group(id)
        }
        ChatType::Room => {
            let id = ChatRoomId::parse(to).ok_or_else(target_missing)?;
            store
                .room(app.id, &id)
                .await
                .map_err(store_error)?
                .ok_or_else(target_missing)?;
            Target::Room(id)
        }
    };
    let not_found = || NatterError::new(ErrorKind::RecallMessageNotFound);
    let id = msg_id.parse::<u64>().map_err(|_| not_found())?;
    let original = store
        .message(app.id, id)
        .await
        .map_err(store_error)?
        .ok_or_else(not_found)?;
    let is_command = pb::MessageBody::decode(original.body.as_slice()).is_ok_and(|body| {
        body.contents.first().and_then(|content| content.r#type)
            == Some(pb::message_body::content::Type::Command as i32)
    });
    if original.kind != MessageKind::Message || is_command {
        return Err(not_found());
    }
    // A one-to-one conversation is keyed by its two users: the recall is sent in it as the participant
    // that is not `to`, whoever the recaller is (the pipeline lets the app server recall any message).
    let sender = match &target {
        Target::User(peer) if original.chat_type == ChatType::Chat => {
            if original.to == peer.as_str() {
                UserName::lookup(&original.from_user).unwrap_or_else(|| recaller.clone())
            } else if original.from_user == peer.as_str() {
                UserName::lookup(&original.to).unwrap_or_else(|| recaller.clone())
            } else {
                recaller.clone()
            }
        }
        _ => recaller.clone(),
    };
    state
        .messaging
        .submit(Submission {
            app,
            sender: &sender,
            origin: Origin::AppServer,
            target,
            body: pb::MessageBody {
                r#type: Some(BodyType::Recall as i32),
                ack_message_id: Some(id),
                ..pb::MessageBody::default()
            },
            force,
        })
        .await
        .map_err(|error| match error.kind {
            ErrorKind::MessageRecipientNotFound | ErrorKind::GroupNotFound | ErrorKind::ChatRoomNotFound => {
                target_missing()
            }
            ErrorKind::Internal => {
                NatterError::new(ErrorKind::RecallInternal).with_detail(format!("{error}"))
            }
            _ => error,
        })?;
    Ok(json!({
        "recalled": "yes",
        "chattype": chat_type.as_str(),
        "from": from_text,
        "to": to,
        "msg_id": msg_id,
    }))
}

/// Which broadcast (§5.6 all rooms with members, §5.7 all users, §5.8 online users).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BroadcastScope {
    Rooms = 0,
    AllUsers = 1,
    OnlineUsers = 2,
}

impl BroadcastScope {
    fn path(self) -> &'static str {
        match self {
            BroadcastScope::Rooms => "/messages/chatrooms/broadcast",
            BroadcastScope::AllUsers => "/messages/broadcast",
            BroadcastScope::OnlineUsers => "/messages/users/broadcast",
        }
    }

    /// The refusal past the daily quota. The exceeded-limit error of §5.6 is not documented; §5.7's is
    /// used for rooms too.
    fn daily_refusal(self) -> ErrorKind {
        match self {
            BroadcastScope::Rooms | BroadcastScope::AllUsers => ErrorKind::BroadcastDailyLimit,
            BroadcastScope::OnlineUsers => ErrorKind::OnlineBroadcastDailyLimit,
        }
    }
}

/// A broadcast, checked: its sender and its body.
fn parse_broadcast(
    fields: &Map<String, Value>,
    scope: BroadcastScope,
) -> Result<(UserName, pb::MessageBody), NatterError> {
    if scope == BroadcastScope::AllUsers {
        match fields.get("target_type") {
            None | Some(Value::Null) => return Err(NatterError::new(ErrorKind::BroadcastTargetTypeMissing)),
            Some(Value::String(text)) if text == "users" => {}
            Some(_) => return Err(NatterError::new(ErrorKind::BroadcastTargetTypeNotUsers)),
        }
    }
    let from = match fields.get("from") {
        None | Some(Value::Null) => DEFAULT_SENDER.to_owned(),
        Some(Value::String(text)) if text.is_empty() => {
            return Err(NatterError::new(ErrorKind::BroadcastFromEmpty));
        }
        Some(Value::String(text)) => text.clone(),
        Some(_) => return Err(invalid("from")),
    };
    let from = UserName::lookup(&from).ok_or_else(|| invalid("from is not a user ID"))?;
    // `msg` is the message: its `type`, and that type's body fields beside it (§5.6).
    let Some(Value::Object(msg)) = fields.get("msg") else {
        return Err(invalid("msg"));
    };
    let kind = match msg.get("type") {
        Some(Value::String(text)) => RestType::parse(text).ok_or_else(|| invalid("unknown msg.type"))?,
        _ => return Err(invalid("msg.type")),
    };
    let mut body = msg.clone();
    body.remove("type");
    let ext = match fields.get("ext") {
        None => Map::new(),
        Some(Value::Object(ext)) => ext.clone(),
        Some(_) => return Err(NatterError::new(ErrorKind::BroadcastExtNotObject)),
    };
    match fields.get("chatroom_msg_level") {
        None | Some(Value::Null) => {}
        Some(Value::String(level)) if matches!(level.as_str(), "high" | "normal" | "low") => {}
        Some(_) => return Err(invalid("chatroom_msg_level")),
    }
    let content = content_from_rest(kind, &body)?;
    Ok((
        from,
        pb::MessageBody {
            contents: vec![content],
            ext: ext_to_key_values(&ext),
            ..pb::MessageBody::default()
        },
    ))
}

/// Recipients a broadcast reaches per second at most (§5.7: "≤ 1000 users/s").
const BROADCAST_PER_SECOND: u64 = 1000;

/// The broadcast endpoints. Off unless `messages.broadcast_enabled` (the vendor's default: off, switched
/// on by sales). The reply names a broadcast id at once; the messages go out in the background, each an
/// ordinary message through the pipeline (stored, queued for offline devices, roamed), at most 1,000
/// recipients a second.
async fn broadcast(
    state: AppState,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
    scope: BroadcastScope,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    caller.require_app()?;
    if !state.messaging.config().broadcast_enabled {
        return Err(NatterError::new(ErrorKind::BroadcastNotEnabled).into());
    }
    let fields = message_body(body)?;
    let (from, body) = parse_broadcast(&fields, scope)?;
    state.message_quotas.allow_broadcast(context.app.id, scope)?;
    let broadcast_id = state.ids.next(crate::now_ms());
    let app = context.app.clone();
    let worker = state.clone();
    tokio::spawn(async move {
        let sent = fan_out(&worker, &app, &from, body, scope).await;
        tracing::info!(app = %app.key, broadcast = broadcast_id, ?scope, sent, "broadcast sent");
    });
    Ok(Envelope::new(&context, "post")
        .set("path", json!(scope.path()))
        .data(json!({ "id": broadcast_id })))
}

/// Sends the broadcast to each recipient; returns how many got it.
async fn fan_out(
    state: &AppState,
    app: &natter_core::App,
    from: &UserName,
    body: pb::MessageBody,
    scope: BroadcastScope,
) -> u64 {
    let mut pace = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut sent = 0u64;
    let mut send = async |target: Target, kind: BodyType| {
        if sent > 0 && sent.is_multiple_of(BROADCAST_PER_SECOND) {
            pace.tick().await;
        }
        let submission = Submission {
            app,
            sender: from,
            origin: Origin::AppServer,
            target,
            body: pb::MessageBody {
                r#type: Some(kind as i32),
                ..body.clone()
            },
            force: false,
        };
        match state.messaging.submit(submission).await {
            Ok(_) => sent += 1,
            Err(error) => tracing::info!(%error, "broadcast recipient refused"),
        }
    };
    match scope {
        BroadcastScope::OnlineUsers => {
            for user in state.sessions.online_users(app.id) {
                if &user != from {
                    send(Target::User(user), BodyType::Chat).await;
                }
            }
        }
        BroadcastScope::AllUsers => {
            let mut after = None;
            loop {
                let page = match state.store.list_users(app.id, after, 500).await {
                    Ok(page) => page,
                    Err(error) => {
                        tracing::error!(%error, "broadcast stopped: users not read");
                        break;
                    }
                };
                let Some(last) = page.last().map(|user| user.id) else {
                    break;
                };
                for user in page {
                    if &user.username != from {
                        send(Target::User(user.username), BodyType::Chat).await;
                    }
                }
                after = Some(last);
            }
        }
        BroadcastScope::Rooms => {
            let mut after = None;
            loop {
                let page = match state.store.list_rooms(app.id, after, 0, 500).await {
                    Ok(page) => page,
                    Err(error) => {
                        tracing::error!(%error, "broadcast stopped: rooms not read");
                        break;
                    }
                };
                let Some(last) = page.last().map(|room| room.seq) else {
                    break;
                };
                // "Active" rooms: those with members.
                for room in page.into_iter().filter(|room| room.member_count > 0) {
                    send(Target::Room(room.id), BodyType::Chatroom).await;
                }
                after = Some(last);
            }
        }
    }
    sent
}

async fn broadcast_to_rooms(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    broadcast(state, authenticated, body, BroadcastScope::Rooms).await
}

async fn broadcast_to_all(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    broadcast(state, authenticated, body, BroadcastScope::AllUsers).await
}

async fn broadcast_to_online(
    State(state): State<AppState>,
    authenticated: Authenticated,
    body: Result<EasemobJson<Value>, EasemobError>,
) -> Result<Envelope, EasemobError> {
    broadcast(state, authenticated, body, BroadcastScope::OnlineUsers).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn refusal(value: Value, scope: Scope) -> ErrorKind {
        parse_send(&fields(value), scope).expect_err("refused").kind
    }

    #[test]
    fn send_bodies_get_their_documented_refusals() {
        let ok = json!({"to": ["u2"], "type": "txt", "body": {"msg": "hi"}});
        let request = parse_send(&fields(ok.clone()), Scope::Users).expect("valid");
        assert_eq!(request.from.as_str(), "admin");
        assert_eq!(request.to, ["u2"]);
        let with = |key: &str, value: Value| {
            let mut body = ok.clone();
            body[key] = value;
            body
        };
        assert_eq!(
            refusal(with("from", json!("")), Scope::Users),
            ErrorKind::MessageFromEmpty
        );
        assert_eq!(
            refusal(with("to", json!([])), Scope::Users),
            ErrorKind::MessageToEmpty
        );
        assert_eq!(
            refusal(with("type", json!("")), Scope::Users),
            ErrorKind::MessageTypeEmpty
        );
        assert_eq!(
            refusal(with("type", json!("html")), Scope::Users),
            ErrorKind::RequestBodyInvalid
        );
        assert_eq!(
            refusal(with("body", json!({})), Scope::Users),
            ErrorKind::MessageBodyEmpty
        );
        assert_eq!(
            refusal(with("ext", Value::Null), Scope::Users),
            ErrorKind::MessageExtNotObject
        );
        assert_eq!(
            refusal(with("ext", json!([1])), Scope::Users),
            ErrorKind::MessageExtNotObject
        );
        assert_eq!(
            refusal(with("routetype", json!("ROUTE_ALL")), Scope::Users),
            ErrorKind::RequestBodyInvalid
        );
        assert_eq!(
            refusal(with("sync_device", json!("yes")), Scope::Users),
            ErrorKind::RequestBodyInvalid
        );
        let users: Vec<String> = (0..601).map(|index| format!("u{index}")).collect();
        assert_eq!(
            refusal(with("to", json!(users)), Scope::Users),
            ErrorKind::MessageTooManyUsers
        );
        assert_eq!(
            refusal(with("to", json!(["1", "2", "3", "4"])), Scope::Groups),
            ErrorKind::MessageTooManyGroups
        );
        let rooms: Vec<String> = (0..11).map(|index| index.to_string()).collect();
        assert_eq!(
            refusal(with("to", json!(rooms)), Scope::Rooms),
            ErrorKind::MessageTooManyRooms
        );
        // Repeated targets are one target; 600 distinct users are allowed.
        let users: Vec<String> = (0..600)
            .map(|index| format!("u{index}"))
            .chain(["u0".into()])
            .collect();
        assert_eq!(
            parse_send(&fields(with("to", json!(users))), Scope::Users)
                .expect("600")
                .to
                .len(),
            600
        );
    }
}
