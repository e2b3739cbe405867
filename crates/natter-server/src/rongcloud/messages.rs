//! Messages at the RongCloud door: `/message/{private,system}/publish.json`, their templates
//! (`publish_template.json`, JSON bodies), `/message/group/publish.json`, `/message/chatroom/publish.json`,
//! the broadcasts (`/message/broadcast.json` to every user, `/message/chatroom/broadcast.json` to every
//! room), `/message/recall.json`, and the history-file calls (`/message/history.json`,
//! `/message/history/delete.json`).
//!
//! Every message goes through the message pipeline with `Origin::AppServer`, one submission per recipient,
//! group or room, so it is stored, queued and delivered to the recipients' msync devices (the official Web
//! SDK) exactly as an Easemob REST send. The content is converted by [`super::content`]. A call with several
//! targets validates all of them first (any missing one refuses the whole call, and nothing is sent), then
//! sends to the first alone (a refusal that would hit every target, such as a body over the pipeline's
//! size limit, refuses the call) and to the rest concurrently, so the group-commit writer batches them.
//! Replies name each message: `messageUIDs: [{"userId"|"groupId"|"chatroomId": …, "messageUID": …}]`,
//! the decimal message id, which `/message/recall.json` takes back.
//!
//! Decisions:
//! - Senders: `fromUserId` of a one-to-one, group or room message must be a registered user (1003, 用户不存在:
//!   the message would come from nobody the recipient can answer). A system message or a broadcast comes
//!   from a system sender that need not be registered (RongCloud's system accounts are plain IDs), but must
//!   be a valid user ID (1001). A banned sender (`/user/block.json`, or the Easemob ban) is 1005 (用户被封禁).
//! - Recipients: every `toUserId` must exist (1003). At most 1000 per one-to-one call and 100 per system call
//!   (the vendor's limits), 3 groups, 10 rooms; more is 1001.
//! - Rules: the app server speaks for the app, so membership, gags and mute-all do not stop it (RongCloud:
//!   "通过 Server API 非群成员也可以向群组中发送消息"). The blacklist applies when `verifyBlacklist=1`: a recipient
//!   who blacklisted the sender is skipped (not named in `messageUIDs`), and a call whose every recipient did
//!   so is 2011 (用户被拉黑).
//! - Content: at most 128 KB (the vendor's limit), else 1022 (消息内容过长); the stored body must also fit the
//!   pipeline's `messages.max_message_bytes` (5 KB by default, the Easemob limit), else 1022 as well.
//!   Sensitive words are checked here (the pipeline filters devices only): a word without a replacement
//!   refuses the message with 1023 (消息内容包含敏感词), one with a replacement is replaced.
//! - Rates (1037, 频率限制), per app, besides the door's request quota: one-to-one 6000 recipients a minute,
//!   system 100 recipients a second, groups and rooms the pipeline's `group_messages_per_sec` and
//!   `room_messages_per_sec` (the vendor's 20 and 100), broadcasts 2 an hour (rc-server-sdk's documented
//!   limit; a broadcast writes one message per user).
//! - System messages and broadcasts are one-to-one messages from the sender, marked `rc:conversationType:
//!   SYSTEM` in `ext`: the Easemob SDKs have no system conversation.
//! - `pushContent` becomes `ext.em_apns_ext.em_push_content` and `disablePush` `ext.em_ignore_notification`,
//!   the Easemob SDKs' keys; group `isMentioned=1` with a `mentionedInfo` becomes `ext.em_at_list` (`"ALL"`
//!   or the user IDs). `pushData`, `count`, `contentAvailable`, `expansion`, `os` and `pushExt` have no
//!   effect. `isPersisted=0` is not honoured (the pipeline stores every message), nor `isIncludeSender=0`
//!   (the sender's own devices always see what it sent, as for every Easemob send).
//! - Directed group messages (群定向消息, `toUserId` with `toGroupId`) are the pipeline's targeted messages:
//!   only the listed users who are members of the group receive them (and the sender's own devices, as
//!   for every group message), they are not in the group's history. rc-server-sdk's `send_direction` says
//!   `toUserId` applies only with one `toGroupId`, so several groups with `toUserId` are 1001; every
//!   `toUserId` must be a user (1003), at most 1000 (the one-to-one limit: the vendor documents none);
//!   a listed non-member is left out without a refusal.
//! - Recall: `messageUID` names a message of `fromUserId` in the conversation `conversationType` (1
//!   one-to-one, 3 group, 4 room, 6 system) and `targetId` describe; anything else is 1019 (消息不存在).
//!   RongCloud recalls have no time limit, so the pipeline's recall window is forced open. `sentTime` is
//!   required (the SDKs send it) but not matched: the message id names the message.
//! - History files: Natter writes no hourly history files, so `/message/history.json` answers the
//!   documented "no messages that hour" reply, `{"code":200,"url":"","date":…}`, and `/message/history/
//!   delete.json` has nothing to delete (`{"code":200}`); both still check `date` (`YYYYMMDDHH`, 1001).

use super::call::Call;
use super::chatrooms::existing_room;
use super::content::{self, Converted};
use super::form::Params;
use super::groups::existing_group;
use super::ids;
use super::reply::{Reply, Success};
use super::users::{existing_user, existing_users};
use crate::AppState;
use crate::messaging::convert::{ext_to_key_values, key_values_to_ext};
use crate::messaging::{Accepted, MessagingConfig, Origin, Submission, Target};
use axum::Router;
use axum::extract::State;
use governor::{DefaultKeyedRateLimiter, Quota};
use natter_codes::{ErrorKind, NatterError};
use natter_core::{App, User, UserName, UsernameContext};
use natter_msync::pb::{self, message_body::Type as BodyType};
use natter_store::SensitiveWord;
use serde_json::{Map, Value, json};
use std::num::NonZeroU32;

/// The longest `content`, in bytes (RongCloud: 单条消息最大 128k).
const MAX_CONTENT_BYTES: usize = 128 * 1024;
/// The longest `objectName`, in characters.
pub(super) const MAX_OBJECT_NAME_CHARS: usize = 32;
/// Recipients of one one-to-one call, of one system call, groups and rooms of one call.
const MAX_PRIVATE_RECIPIENTS: usize = 1000;
const MAX_SYSTEM_RECIPIENTS: usize = 100;
const MAX_GROUPS: usize = 3;
const MAX_ROOMS: usize = 10;
/// One-to-one recipients per minute, system recipients per second, broadcasts per hour, per app.
const PRIVATE_PER_MINUTE: u32 = 6000;
const SYSTEM_PER_SECOND: u32 = 100;
const BROADCASTS_PER_HOUR: u32 = 2;
/// Submissions in flight at once for one call, and users or rooms read per page by a broadcast.
const CONCURRENT_SENDS: usize = 100;
pub(super) const BROADCAST_PAGE: u32 = 500;
/// The `ext` marker of system messages and broadcasts.
const CONVERSATION_TYPE_KEY: &str = "rc:conversationType";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/message/private/publish.json", super::endpoint(private_publish))
        .route(
            "/message/private/publish_template.json",
            super::endpoint(private_template),
        )
        .route("/message/system/publish.json", super::endpoint(system_publish))
        .route(
            "/message/system/publish_template.json",
            super::endpoint(system_template),
        )
        .route("/message/group/publish.json", super::endpoint(group_publish))
        .route(
            "/message/chatroom/publish.json",
            super::endpoint(chatroom_publish),
        )
        .route("/message/broadcast.json", super::endpoint(broadcast))
        .route(
            "/message/chatroom/broadcast.json",
            super::endpoint(chatroom_broadcast),
        )
        .route("/message/recall.json", super::endpoint(recall))
        .route("/message/history.json", super::endpoint(history))
        .route("/message/history/delete.json", super::endpoint(history_delete))
}

pub(super) type Limiter = DefaultKeyedRateLimiter<i64>;

/// The per-app message quotas of this door (see the module's decisions).
#[derive(Debug)]
pub(crate) struct Quotas {
    private: Limiter,
    system: Limiter,
    group: Limiter,
    room: Limiter,
    broadcast: Limiter,
}

pub(super) fn at_least_one(count: u32) -> NonZeroU32 {
    NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN)
}

impl Quotas {
    fn new(config: &MessagingConfig) -> Quotas {
        Quotas {
            private: Limiter::keyed(Quota::per_minute(at_least_one(PRIVATE_PER_MINUTE))),
            system: Limiter::keyed(Quota::per_second(at_least_one(SYSTEM_PER_SECOND))),
            group: Limiter::keyed(Quota::per_second(at_least_one(config.group_messages_per_sec))),
            room: Limiter::keyed(Quota::per_second(at_least_one(config.room_messages_per_sec))),
            broadcast: Limiter::keyed(Quota::per_hour(at_least_one(BROADCASTS_PER_HOUR))),
        }
    }
}

fn quotas(state: &AppState) -> &Quotas {
    state
        .rongcloud
        .message_quotas
        .get_or_init(|| Quotas::new(&state.config.messages))
}

/// Takes `count` messages from an app's quota, or refuses with 1037 (a call larger than the whole quota too).
pub(super) fn take(limiter: &Limiter, app: &App, count: usize, what: &str) -> Result<(), NatterError> {
    let Some(count) = NonZeroU32::new(u32::try_from(count).unwrap_or(u32::MAX)) else {
        return Ok(());
    };
    match limiter.check_key_n(&app.id, count) {
        Ok(Ok(())) => Ok(()),
        _ => Err(NatterError::new(ErrorKind::RateLimited)
            .with_detail(format!("{what} quota of app {} spent ({count} asked)", app.key))),
    }
}

/// `objectName` and `content`, checked: 1 to 32 characters; at most 128 KB (1022).
pub(super) fn payload(params: &Params) -> Result<(&str, &str), NatterError> {
    let object_name = params.required("objectName")?;
    if object_name.chars().count() > MAX_OBJECT_NAME_CHARS {
        return Err(NatterError::invalid_parameter(format!(
            "objectName is longer than {MAX_OBJECT_NAME_CHARS} characters"
        )));
    }
    let content = params.required("content")?;
    check_content_size(content)?;
    Ok((object_name, content))
}

pub(super) fn check_content_size(content: &str) -> Result<(), NatterError> {
    if content.len() > MAX_CONTENT_BYTES {
        return Err(NatterError::new(ErrorKind::MessageTooLarge)
            .with_detail(format!("content of {} bytes", content.len())));
    }
    Ok(())
}

fn refuse_banned(user: &User) -> Result<(), NatterError> {
    if user.activated {
        Ok(())
    } else {
        Err(NatterError::new(ErrorKind::UserBanned).with_detail(format!("{} is banned", user.username)))
    }
}

/// The sender of a one-to-one, group or room message: a registered user that is not banned.
pub(super) async fn registered_sender(state: &AppState, call: &Call) -> Result<User, NatterError> {
    let user = existing_user(state, &call.app, call.params.required("fromUserId")?).await?;
    refuse_banned(&user)?;
    Ok(user)
}

/// The sender of a system message or a broadcast: any valid user ID; if it is a user, one not banned.
async fn system_sender(state: &AppState, call: &Call) -> Result<(UserName, Option<User>), NatterError> {
    system_sender_id(state, &call.app, call.params.required("fromUserId")?).await
}

/// The same for a sender ID given apart (the push body's `fromuserid`).
pub(super) async fn system_sender_id(
    state: &AppState,
    app: &App,
    id: &str,
) -> Result<(UserName, Option<User>), NatterError> {
    let name = UserName::parse(id, UsernameContext::Authorized)?;
    let user = state
        .store
        .user_by_name(app.id, &name)
        .await
        .map_err(crate::store_error)?;
    if let Some(user) = &user {
        refuse_banned(user)?;
    }
    Ok((name, user))
}

/// What a message carries besides its content.
#[derive(Clone, Debug, Default)]
pub(super) struct Options {
    push_content: Option<String>,
    disable_push: bool,
    /// A system message or broadcast.
    system: bool,
    /// A group message that mentions (`isMentioned=1`): its `mentionedInfo` becomes `em_at_list`.
    mentioned: bool,
}

impl Options {
    /// A system message with this push text: a push's in-app message (push.rs).
    pub(super) fn system(push_content: Option<String>) -> Options {
        Options {
            push_content,
            system: true,
            ..Options::default()
        }
    }

    fn read(params: &Params) -> Result<Options, NatterError> {
        Ok(Options {
            push_content: params.given("pushContent").map(str::to_owned),
            disable_push: params.flag("disablePush")?.unwrap_or(false),
            system: false,
            mentioned: false,
        })
    }
}

/// The app's sensitive words, read once per call and only when the message has text to check.
#[derive(Debug, Default)]
pub(super) struct Words(Option<Vec<SensitiveWord>>);

impl Words {
    async fn check(
        &mut self,
        state: &AppState,
        app: &App,
        content: &mut pb::message_body::Content,
    ) -> Result<(), NatterError> {
        let Some(text) = content.text.as_mut().filter(|text| !text.is_empty()) else {
            return Ok(());
        };
        if self.0.is_none() {
            self.0 = Some(
                state
                    .store
                    .sensitive_words(app.id)
                    .await
                    .map_err(crate::store_error)?,
            );
        }
        for word in self.0.iter().flatten().filter(|word| !word.word.is_empty()) {
            if !text.contains(word.word.as_str()) {
                continue;
            }
            match &word.replacement {
                None => {
                    return Err(NatterError::new(ErrorKind::MessageSensitiveWords)
                        .with_detail(format!("the text holds {:?}", word.word)));
                }
                Some(replacement) => *text = text.replace(word.word.as_str(), replacement),
            }
        }
        Ok(())
    }
}

/// `ext.em_at_list` of a mentioning group message: `"ALL"` (`mentionedInfo.type` 1) or the user IDs (2).
fn at_list(mentioned_info: &Value) -> Option<Value> {
    match mentioned_info.get("type").and_then(Value::as_i64) {
        Some(1) => Some(json!("ALL")),
        Some(2) => {
            let users: Vec<Value> = mentioned_info
                .get("userIdList")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|id| UserName::lookup(id).map_or_else(|| json!(id), |name| json!(name.as_str())))
                .collect();
            Some(Value::Array(users))
        }
        _ => None,
    }
}

/// The stored body of one message: the converted content, checked for sensitive words, and its `ext`.
pub(super) async fn message_body(
    state: &AppState,
    app: &App,
    words: &mut Words,
    kind: BodyType,
    (object_name, content): (&str, &str),
    options: &Options,
) -> Result<pb::MessageBody, NatterError> {
    let Converted {
        content: mut converted,
        mut ext,
    } = content::from_rongcloud(object_name, content)?;
    words.check(state, app, &mut converted).await?;
    let mut extras = Map::new();
    if options.system {
        extras.insert(CONVERSATION_TYPE_KEY.to_owned(), json!("SYSTEM"));
    }
    if let Some(push_content) = &options.push_content {
        extras.insert("em_apns_ext".to_owned(), json!({"em_push_content": push_content}));
    }
    if options.disable_push {
        extras.insert("em_ignore_notification".to_owned(), json!(true));
    }
    if options.mentioned
        && let Some(list) = key_values_to_ext(&ext).get("rc:mentionedInfo").and_then(at_list)
    {
        extras.insert("em_at_list".to_owned(), list);
    }
    ext.extend(ext_to_key_values(&extras));
    Ok(pb::MessageBody {
        r#type: Some(kind as i32),
        contents: vec![converted],
        ext,
        ..pb::MessageBody::default()
    })
}

/// One message to send: where, and its body.
pub(super) type Job = (Target, pb::MessageBody);

async fn submit_one(
    state: &AppState,
    app: &App,
    sender: &UserName,
    (target, body): Job,
) -> Result<Accepted, NatterError> {
    state
        .messaging
        .submit(Submission {
            app,
            sender,
            origin: Origin::AppServer,
            target,
            body,
            force: false,
        })
        .await
}

/// Sends every job: the first alone (its refusal refuses the call), the rest concurrently. Returns each
/// job's message, `None` for one refused after the first was sent (logged).
pub(super) async fn submit_all(
    state: &AppState,
    app: &App,
    sender: &UserName,
    jobs: Vec<Job>,
) -> Result<Vec<Option<Accepted>>, NatterError> {
    let mut jobs = jobs.into_iter();
    let Some(first) = jobs.next() else {
        return Ok(Vec::new());
    };
    let mut accepted = vec![Some(submit_one(state, app, sender, first).await?)];
    let rest: Vec<Job> = jobs.collect();
    for chunk in rest.chunks(CONCURRENT_SENDS) {
        // Spawned, so that a call cut short by its client still sends what it validated.
        let mut tasks = tokio::task::JoinSet::new();
        for (index, job) in chunk.iter().cloned().enumerate() {
            let (state, app, sender) = (state.clone(), app.clone(), sender.clone());
            tasks.spawn(async move { (index, submit_one(&state, &app, &sender, job).await) });
        }
        let mut results: Vec<Option<Accepted>> = vec![None; chunk.len()];
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok((index, Ok(message))) => results[index] = Some(message),
                Ok((index, Err(error))) => {
                    tracing::warn!(%error, app = %app.key, target = ?chunk[index].0, "message target refused");
                }
                Err(error) => tracing::error!(%error, "message submission task failed"),
            }
        }
        accepted.extend(results);
    }
    Ok(accepted)
}

/// `messageUIDs`: `[{key: name, "messageUID": id}]` for every target that got its message.
fn message_uids(key: &str, names: &[String], accepted: &[Option<Accepted>]) -> Value {
    Value::Array(
        names
            .iter()
            .zip(accepted)
            .filter_map(|(name, message)| {
                message.map(|message| json!({key: name, "messageUID": message.id.to_string()}))
            })
            .collect(),
    )
}

/// The recipients that did not blacklist the sender (`verifyBlacklist=1`); 2011 when none is left.
pub(super) async fn without_blockers(
    state: &AppState,
    sender: &User,
    recipients: Vec<User>,
) -> Result<Vec<User>, NatterError> {
    let mut kept = Vec::with_capacity(recipients.len());
    for recipient in recipients {
        let blocks = state
            .store
            .is_blocked(recipient.id, sender.id)
            .await
            .map_err(crate::store_error)?;
        if blocks {
            tracing::info!(sender = %sender.username, recipient = %recipient.username, "recipient blacklists the sender");
        } else {
            kept.push(recipient);
        }
    }
    if kept.is_empty() {
        return Err(NatterError::new(ErrorKind::MessageBlocked)
            .with_detail(format!("every recipient blacklists {}", sender.username)));
    }
    Ok(kept)
}

fn usernames(users: &[User]) -> Vec<String> {
    users
        .iter()
        .map(|user| user.username.as_str().to_owned())
        .collect()
}

/// `POST /message/private/publish.json` (`fromUserId`, `toUserId` 1 to 1000 times, `objectName`, `content`,
/// `pushContent`, `verifyBlacklist`, `disablePush`, …): one message per recipient.
async fn private_publish(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let sender = registered_sender(&state, &call).await?;
    let mut recipients = existing_users(&state, &call, "toUserId", MAX_PRIVATE_RECIPIENTS).await?;
    if call.params.flag("verifyBlacklist")?.unwrap_or(false) {
        recipients = without_blockers(&state, &sender, recipients).await?;
    }
    let options = Options::read(&call.params)?;
    let body = message_body(
        &state,
        &call.app,
        &mut Words::default(),
        BodyType::Chat,
        payload,
        &options,
    )
    .await?;
    take(&quotas(&state).private, &call.app, recipients.len(), "one-to-one")?;
    let jobs = recipients
        .iter()
        .map(|recipient| (Target::User(recipient.username.clone()), body.clone()))
        .collect();
    let accepted = submit_all(&state, &call.app, &sender.username, jobs).await?;
    Ok(Success::new().with(
        "messageUIDs",
        message_uids("userId", &usernames(&recipients), &accepted),
    ))
}

/// `POST /message/system/publish.json` (`fromUserId`, `toUserId` 1 to 100 times, `objectName`, `content`,
/// `pushContent`, `disablePush`, …): one system message per recipient.
async fn system_publish(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let (sender, _) = system_sender(&state, &call).await?;
    let recipients = existing_users(&state, &call, "toUserId", MAX_SYSTEM_RECIPIENTS).await?;
    let options = Options {
        system: true,
        ..Options::read(&call.params)?
    };
    let body = message_body(
        &state,
        &call.app,
        &mut Words::default(),
        BodyType::Chat,
        payload,
        &options,
    )
    .await?;
    take(&quotas(&state).system, &call.app, recipients.len(), "system")?;
    let jobs = recipients
        .iter()
        .map(|recipient| (Target::User(recipient.username.clone()), body.clone()))
        .collect();
    let accepted = submit_all(&state, &call.app, &sender, jobs).await?;
    Ok(Success::new().with(
        "messageUIDs",
        message_uids("userId", &usernames(&recipients), &accepted),
    ))
}

/// A template's placeholders for one recipient: a JSON object of texts (`{"{name}":"Tom"}`).
fn substitutions(text: &str) -> Result<Vec<(String, String)>, NatterError> {
    let invalid = || NatterError::invalid_parameter("each values entry must be an object of strings");
    let Ok(Value::Object(members)) = serde_json::from_str::<Value>(text) else {
        return Err(invalid());
    };
    members
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(text) => Ok((key, text)),
            Value::Number(number) => Ok((key, number.to_string())),
            _ => Err(invalid()),
        })
        .collect()
}

fn fill_text(text: &str, substitutions: &[(String, String)]) -> String {
    substitutions
        .iter()
        .filter(|(placeholder, _)| !placeholder.is_empty())
        .fold(text.to_owned(), |text, (placeholder, value)| {
            text.replace(placeholder.as_str(), value)
        })
}

/// Fills the texts inside a JSON value, so that a value with quotes cannot break the JSON around it.
fn fill_json(value: &mut Value, substitutions: &[(String, String)]) {
    match value {
        Value::String(text) => *text = fill_text(text, substitutions),
        Value::Array(items) => items.iter_mut().for_each(|item| fill_json(item, substitutions)),
        Value::Object(members) => members
            .values_mut()
            .for_each(|member| fill_json(member, substitutions)),
        _ => {}
    }
}

/// A template's content for one recipient: a JSON content filled inside its texts, any other text as text.
fn fill_content(template: &str, substitutions: &[(String, String)]) -> String {
    match serde_json::from_str::<Value>(template) {
        Ok(mut value) => {
            fill_json(&mut value, substitutions);
            value.to_string()
        }
        Err(_) => fill_text(template, substitutions),
    }
}

/// The template endpoints (JSON: `fromUserId`, `toUserId` […], `objectName`, `values` [{placeholder: text}],
/// `content` with the placeholders, `pushContent` […]): recipient `i` gets the content and the push text
/// filled from `values[i]`. `values` has one entry per recipient (1001 otherwise).
async fn template(state: &AppState, call: &Call, system: bool) -> Reply {
    let params = &call.params;
    let object_name = payload(params)?.0;
    let template = params.required("content")?;
    let (sender, sender_user) = if system {
        system_sender(state, call).await?
    } else {
        let user = registered_sender(state, call).await?;
        (user.username.clone(), Some(user))
    };
    let to: Vec<&str> = params.every("toUserId");
    let max = if system {
        MAX_SYSTEM_RECIPIENTS
    } else {
        MAX_PRIVATE_RECIPIENTS
    };
    if to.is_empty() || to.iter().any(|id| id.is_empty()) {
        return Err(NatterError::invalid_parameter("toUserId is required").into());
    }
    if to.len() > max {
        return Err(NatterError::invalid_parameter(format!("at most {max} toUserId")).into());
    }
    let values = params.every("values");
    if values.len() != to.len() {
        return Err(
            NatterError::invalid_parameter("values must have one entry per toUserId")
                .with_detail(format!("{} values for {} recipients", values.len(), to.len()))
                .into(),
        );
    }
    let push = params.every("pushContent");
    let mut recipients = Vec::with_capacity(to.len());
    for (index, id) in to.iter().enumerate() {
        recipients.push((index, existing_user(state, &call.app, id).await?));
    }
    if !system
        && params.flag("verifyBlacklist")?.unwrap_or(false)
        && let Some(sender_user) = &sender_user
    {
        let kept = without_blockers(
            state,
            sender_user,
            recipients.iter().map(|(_, user)| user.clone()).collect(),
        )
        .await?;
        recipients.retain(|(_, user)| kept.iter().any(|kept| kept.id == user.id));
    }
    let disable_push = params.flag("disablePush")?.unwrap_or(false);
    let mut words = Words::default();
    let mut jobs = Vec::with_capacity(recipients.len());
    for (index, recipient) in &recipients {
        let filled = substitutions(values[*index])?;
        let content = fill_content(template, &filled);
        check_content_size(&content)?;
        let options = Options {
            push_content: push
                .get(*index)
                .filter(|text| !text.is_empty())
                .map(|text| fill_text(text, &filled)),
            disable_push,
            system,
            mentioned: false,
        };
        let body = message_body(
            state,
            &call.app,
            &mut words,
            BodyType::Chat,
            (object_name, &content),
            &options,
        )
        .await?;
        jobs.push((Target::User(recipient.username.clone()), body));
    }
    let quota = if system {
        &quotas(state).system
    } else {
        &quotas(state).private
    };
    take(
        quota,
        &call.app,
        jobs.len(),
        if system { "system" } else { "one-to-one" },
    )?;
    let names: Vec<String> = recipients
        .iter()
        .map(|(_, user)| user.username.as_str().to_owned())
        .collect();
    let accepted = submit_all(state, &call.app, &sender, jobs).await?;
    Ok(Success::new().with("messageUIDs", message_uids("userId", &names, &accepted)))
}

/// `POST /message/private/publish_template.json`.
async fn private_template(State(state): State<AppState>, call: Call) -> Reply {
    template(&state, &call, false).await
}

/// `POST /message/system/publish_template.json`.
async fn system_template(State(state): State<AppState>, call: Call) -> Reply {
    template(&state, &call, true).await
}

/// `POST /message/group/publish.json` (`fromUserId`, `toGroupId` 1 to 3 times, `objectName`, `content`,
/// `isMentioned`, `pushContent`, …): one message per group, to every member; with `toUserId` (one group
/// only), a directed message to those members alone.
pub(super) async fn group_publish(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let group_ids = ids::ids(&call.params, "toGroupId", 1, MAX_GROUPS)?;
    let directed = !call.params.all("toUserId").is_empty();
    if directed && group_ids.len() > 1 {
        return Err(NatterError::invalid_parameter("toUserId takes one toGroupId").into());
    }
    let sender = registered_sender(&state, &call).await?;
    let directed_to = if directed {
        let users = existing_users(&state, &call, "toUserId", MAX_PRIVATE_RECIPIENTS).await?;
        Some(users.into_iter().map(|user| user.username).collect::<Vec<_>>())
    } else {
        None
    };
    let mut groups = Vec::with_capacity(group_ids.len());
    for id in &group_ids {
        groups.push(existing_group(&state, &call.app, id).await?);
    }
    let options = Options {
        mentioned: call.params.flag("isMentioned")?.unwrap_or(false),
        ..Options::read(&call.params)?
    };
    let body = message_body(
        &state,
        &call.app,
        &mut Words::default(),
        BodyType::Groupchat,
        payload,
        &options,
    )
    .await?;
    take(&quotas(&state).group, &call.app, groups.len(), "group")?;
    let names: Vec<String> = group_ids.iter().map(|id| (*id).to_owned()).collect();
    if let (Some(users), [group]) = (&directed_to, groups.as_slice()) {
        let accepted = state
            .messaging
            .submit_targeted(
                Submission {
                    app: &call.app,
                    sender: &sender.username,
                    origin: Origin::AppServer,
                    target: Target::Group(group.id),
                    body,
                    force: false,
                },
                users,
            )
            .await?;
        return Ok(Success::new().with("messageUIDs", message_uids("groupId", &names, &[Some(accepted)])));
    }
    let jobs = groups
        .iter()
        .map(|group| (Target::Group(group.id), body.clone()))
        .collect();
    let accepted = submit_all(&state, &call.app, &sender.username, jobs).await?;
    Ok(Success::new().with("messageUIDs", message_uids("groupId", &names, &accepted)))
}

/// `POST /message/chatroom/publish.json` (`fromUserId`, `toChatroomId` 1 to 10 times, `objectName`,
/// `content`): one message per room, to the users present.
async fn chatroom_publish(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let room_ids = ids::ids(&call.params, "toChatroomId", 1, MAX_ROOMS)?;
    let sender = registered_sender(&state, &call).await?;
    let mut rooms = Vec::with_capacity(room_ids.len());
    for id in &room_ids {
        rooms.push(existing_room(&state, &call.app, id).await?);
    }
    let body = message_body(
        &state,
        &call.app,
        &mut Words::default(),
        BodyType::Chatroom,
        payload,
        &Options::default(),
    )
    .await?;
    take(&quotas(&state).room, &call.app, rooms.len(), "chat room")?;
    let jobs = rooms
        .into_iter()
        .map(|room| (Target::Room(room.id), body.clone()))
        .collect();
    let accepted = submit_all(&state, &call.app, &sender.username, jobs).await?;
    let names: Vec<String> = room_ids.iter().map(|id| (*id).to_owned()).collect();
    Ok(Success::new().with("messageUIDs", message_uids("chatroomId", &names, &accepted)))
}

/// `POST /message/broadcast.json` (`fromUserId`, `objectName`, `content`, `pushContent`, …): a system message
/// to every user of the app but the sender, page by page. Answers `{"code":200}` (the SDK's documented
/// reply): there is one message per user, not one id.
async fn broadcast(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let (sender, _) = system_sender(&state, &call).await?;
    let options = Options {
        system: true,
        ..Options::read(&call.params)?
    };
    let body = message_body(
        &state,
        &call.app,
        &mut Words::default(),
        BodyType::Chat,
        payload,
        &options,
    )
    .await?;
    take(&quotas(&state).broadcast, &call.app, 1, "broadcast")?;
    let mut after = None;
    let mut sent = 0_usize;
    loop {
        let page = state
            .store
            .list_users(call.app.id, after, BROADCAST_PAGE)
            .await
            .map_err(crate::store_error)?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.id);
        let jobs: Vec<Job> = page
            .iter()
            .filter(|user| user.username != sender)
            .map(|user| (Target::User(user.username.clone()), body.clone()))
            .collect();
        let accepted = submit_all(&state, &call.app, &sender, jobs).await?;
        sent += accepted.iter().flatten().count();
        if page.len() < BROADCAST_PAGE as usize {
            break;
        }
    }
    tracing::info!(app = %call.app.key, sender = %sender, sent, "broadcast (RongCloud)");
    Ok(Success::new())
}

/// `POST /message/chatroom/broadcast.json` (`fromUserId`, `objectName`, `content`): one message to every
/// room of the app. Answers `{"code":200}`.
async fn chatroom_broadcast(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let sender = registered_sender(&state, &call).await?;
    let body = message_body(
        &state,
        &call.app,
        &mut Words::default(),
        BodyType::Chatroom,
        payload,
        &Options::default(),
    )
    .await?;
    let mut after = None;
    let mut sent = 0_usize;
    loop {
        let page = state
            .store
            .list_rooms(call.app.id, after, 0, BROADCAST_PAGE)
            .await
            .map_err(crate::store_error)?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.seq);
        let count = page.len();
        let jobs: Vec<Job> = page
            .into_iter()
            .map(|room| (Target::Room(room.id), body.clone()))
            .collect();
        let accepted = submit_all(&state, &call.app, &sender.username, jobs).await?;
        sent += accepted.iter().flatten().count();
        if count < BROADCAST_PAGE as usize {
            break;
        }
    }
    tracing::info!(app = %call.app.key, sender = %sender.username, sent, "chat room broadcast (RongCloud)");
    Ok(Success::new())
}

/// `POST /message/recall.json` (`fromUserId`, `conversationType`, `targetId`, `messageUID`, `sentTime`,
/// `isAdmin`, `isDelete`, `extra`): recalls a message of `fromUserId` through the pipeline (a RECALL body),
/// so the recipients' queues, roaming and conversation lists drop it.
async fn recall(State(state): State<AppState>, call: Call) -> Reply {
    let params = &call.params;
    let from = params.required("fromUserId")?;
    let conversation_type = params
        .integer("conversationType")?
        .ok_or_else(|| NatterError::invalid_parameter("conversationType is required"))?;
    let target_id = params.required("targetId")?;
    let uid = params.required("messageUID")?;
    params
        .integer("sentTime")?
        .ok_or_else(|| NatterError::invalid_parameter("sentTime is required"))?;
    let recaller = UserName::parse(from, UsernameContext::Authorized)?;
    let target = match conversation_type {
        1 | 6 => Target::User(existing_user(&state, &call.app, target_id).await?.username),
        3 => Target::Group(
            existing_group(&state, &call.app, ids::check_id("targetId", target_id)?)
                .await?
                .id,
        ),
        4 => Target::Room(
            existing_room(&state, &call.app, ids::check_id("targetId", target_id)?)
                .await?
                .id,
        ),
        other => {
            return Err(
                NatterError::invalid_parameter("conversationType must be 1, 3, 4 or 6")
                    .with_detail(format!("conversationType {other}"))
                    .into(),
            );
        }
    };
    let not_found = || {
        NatterError::new(ErrorKind::RecallMessageNotFound)
            .with_detail(format!("no message {uid:?} of {recaller} in that conversation"))
    };
    let id = uid.trim().parse::<u64>().map_err(|_| not_found())?;
    // The pipeline lets the app server recall anyone's message; RongCloud recalls only the sender's own.
    let original = state
        .store
        .message(call.app.id, id)
        .await?
        .filter(|message| message.from_user == recaller.as_str())
        .ok_or_else(not_found)?;
    state
        .messaging
        .submit(Submission {
            app: &call.app,
            sender: &recaller,
            origin: Origin::AppServer,
            target,
            body: pb::MessageBody {
                r#type: Some(BodyType::Recall as i32),
                ack_message_id: Some(original.id),
                ..pb::MessageBody::default()
            },
            // RongCloud recalls have no time limit.
            force: true,
        })
        .await
        .map_err(|error| match error.kind {
            ErrorKind::RecallMessageNotFound => not_found(),
            _ => error,
        })?;
    tracing::info!(app = %call.app.key, message = id, recaller = %recaller, "recalled (RongCloud)");
    Ok(Success::new())
}

/// Whether `year`-`month`-`day` is a calendar date.
fn is_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `date`: an hour as `YYYYMMDDHH` (`2014010101` is 01:00 to 02:00 on 2014-01-01); 1001 otherwise.
fn date_param(params: &Params) -> Result<&str, NatterError> {
    let date = params.required("date")?;
    let invalid = || NatterError::invalid_parameter("date must be YYYYMMDDHH");
    if date.len() != 10 || !date.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(invalid());
    }
    let field = |range: std::ops::Range<usize>| date[range].parse::<u32>().unwrap_or(u32::MAX);
    if !is_date(field(0..4), field(4..6), field(6..8)) || field(8..10) > 23 {
        return Err(invalid());
    }
    Ok(date)
}

/// `POST /message/history.json` (`date`): the download address of that hour's history file. Natter keeps
/// history in its store, not in hourly files, so there is never a file: the documented empty `url`.
async fn history(call: Call) -> Reply {
    let date = date_param(&call.params)?;
    Ok(Success::new().with("url", "").with("date", date))
}

/// `POST /message/history/delete.json` (`date`): there is no file to delete.
async fn history_delete(call: Call) -> Reply {
    date_param(&call.params)?;
    Ok(Success::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_hours_of_real_days() {
        for valid in ["2014010101", "2024022923", "2000022900", "2023123100"] {
            assert!(
                date_param(&Params::parse_form(format!("date={valid}").as_bytes())).is_ok(),
                "{valid}"
            );
        }
        for invalid in [
            "",
            "201401010",
            "20140101011",
            "2014013201",
            "2023022901",
            "1900022900",
            "2014010124",
            "2014130101",
            "20140101aa",
        ] {
            assert!(
                date_param(&Params::parse_form(format!("date={invalid}").as_bytes())).is_err(),
                "{invalid}"
            );
        }
    }

    #[test]
    fn templates_fill_json_texts_and_plain_text() {
        let values = substitutions(r#"{"{name}":"Tom \"T\"","{score}":90}"#).expect("object");
        let filled = fill_content(r#"{"content":"{name} got {score}","extra":"{name}"}"#, &values);
        let parsed: Value = serde_json::from_str(&filled).expect("still JSON");
        assert_eq!(
            parsed,
            json!({"content": "Tom \"T\" got 90", "extra": "Tom \"T\""})
        );
        assert_eq!(fill_content("hi {name}", &values), "hi Tom \"T\"");
        assert!(substitutions("[1]").is_err());
        assert!(substitutions(r#"{"{a}":{"b":1}}"#).is_err());
    }

    #[test]
    fn mentions_become_the_easemob_at_list() {
        assert_eq!(at_list(&json!({"type": 1})), Some(json!("ALL")));
        assert_eq!(
            at_list(&json!({"type": 2, "userIdList": ["Alice", "bob"]})),
            Some(json!(["alice", "bob"]))
        );
        assert_eq!(at_list(&json!({"type": 3})), None);
    }
}
