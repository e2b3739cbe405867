//! Offline-push settings (reference §9, limits §10): device bindings, push nicknames, display style,
//! push mode and do-not-disturb per conversation, preferred language, push templates and the receiver's
//! template, plus the legacy user-entity fields of `PUT /users/{username}` that the Web SDK still sends.
//!
//! The settings are stored and read back here; delivering pushes (APNs, FCM) reads them later.
//!
//! Authorization: an app token, or the user's own token for the per-user endpoints (the Web SDK and the
//! newer examples use user tokens; the older pages use app tokens, reference §13.22: both are accepted).
//! Templates and the batch nickname call are app-wide, so they take an app token only.

use super::EasemobJson;
use super::auth::Authenticated;
use super::envelope::{Envelope, user_entity};
use crate::AppState;
use axum::Router;
use axum::extract::{FromRequest, Path, Request, State};
use axum::routing::{get, post, put};
use natter_codes::{ErrorKind, NatterError};
use natter_core::user::MAX_NICKNAME_CHARS;
use natter_core::{User, UserName};
use natter_store::{
    ConversationPush, ConversationPushUpdate, PushBinding, PushChatType, PushMode, PushTemplate,
    QuietInterval, StoreError, UserPushSettings, UserPushUpdate,
};
use serde_json::{Map, Value, json};

/// The most items one batch push-nickname call may carry (§9.4).
const MAX_BATCH_NICKNAMES: usize = 50;
/// The longest one-shot do-not-disturb, in ms: 7 days (§9.6).
const MAX_IGNORE_DURATION_MS: i64 = 604_800_000;
/// The longest template name, in characters (§9.9).
const MAX_TEMPLATE_NAME_CHARS: usize = 64;
/// The prefix of the legacy per-group mute keys of the user entity (§9.11).
const IGNORE_GROUP_PREFIX: &str = "notification_ignore_";

type Reply = Result<Envelope, super::EasemobError>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        // `GET` and `DELETE` on this path live in users.rs; axum merges the methods of one path.
        .route("/{org}/{app}/users/{username}", put(update_user))
        .route(
            "/{org}/{app}/users/{username}/push/binding",
            put(bind).get(bindings),
        )
        .route("/{org}/{app}/push/nickname", put(batch_nicknames))
        .route(
            "/{org}/{app}/users/{username}/notification/language",
            put(set_language).get(get_language),
        )
        .route(
            "/{org}/{app}/users/{username}/notification/template",
            put(set_receiver_template).get(get_receiver_template),
        )
        .route(
            "/{org}/{app}/users/{username}/notification/{chattype}/{key}",
            put(set_conversation).get(get_conversation),
        )
        // The Web SDK's `getSilentModeForConversations` and `getSilentModeRemindTypeConversations`
        // (SDK-REST §3.12); `mute/type` is a static path, so it wins over `{chattype}/{key}`.
        .route(
            "/{org}/{app}/users/{username}/notification",
            get(get_conversations),
        )
        .route(
            "/{org}/{app}/users/{username}/notification/mute/type",
            get(remind_type_conversations),
        )
        .route("/{org}/{app}/notification/template", post(create_template))
        .route(
            "/{org}/{app}/notification/template/{name}",
            put(modify_template).get(get_template).delete(delete_template),
        )
}

fn server_error(error: StoreError) -> NatterError {
    NatterError::new(ErrorKind::PushServerError).with_detail(error.to_string())
}

fn invalid(parameter: &str) -> NatterError {
    NatterError::new(ErrorKind::PushParameterInvalid).with_param(parameter)
}

fn user_missing() -> NatterError {
    NatterError::new(ErrorKind::PushUserNotFound)
}

fn template_missing(name: &str) -> NatterError {
    NatterError::new(ErrorKind::PushTemplateNotFound).with_param(name)
}

/// The user a per-user endpoint addresses, after checking that the caller may act for it.
async fn target_user(
    state: &AppState,
    authenticated: &Authenticated,
    username: &str,
) -> Result<User, NatterError> {
    authenticated.caller.require_app_or_self(username)?;
    let Some(name) = UserName::lookup(username) else {
        return Err(user_missing());
    };
    state
        .store
        .user_by_name(authenticated.context.app.id, &name)
        .await
        .map_err(server_error)?
        .ok_or_else(user_missing)
}

fn object(body: &Value) -> Result<&Map<String, Value>, NatterError> {
    body.as_object().ok_or_else(|| invalid("request body"))
}

/// A field the client may omit: `None` when absent or `null`.
fn present<'a>(body: &'a Map<String, Value>, field: &str) -> Option<&'a Value> {
    body.get(field).filter(|value| !value.is_null())
}

fn required_string<'a>(body: &'a Map<String, Value>, field: &str) -> Result<&'a str, NatterError> {
    present(body, field)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(field))
}

fn optional_string<'a>(body: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, NatterError> {
    present(body, field)
        .map(|value| value.as_str().ok_or_else(|| invalid(field)))
        .transpose()
}

/// An integer sent as a JSON number or as a decimal string (the vendor's examples send `"1"`).
fn lenient_integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn binding_entity(binding: &PushBinding) -> Value {
    json!({
        "device_id": binding.device_id,
        "device_token": binding.device_token,
        "notifier_name": binding.notifier_name,
    })
}

/// Binds, or unbinds, as §9.1 says: an empty `notifier_name` unbinds the device from every certificate,
/// an empty `device_token` unbinds this device and certificate. Returns the binding written, if any.
async fn apply_binding(
    state: &AppState,
    user: &User,
    device_id: &str,
    notifier_name: &str,
    device_token: &str,
) -> Result<Option<PushBinding>, NatterError> {
    if notifier_name.is_empty() {
        state
            .store
            .unbind_push_device(user.id, device_id)
            .await
            .map_err(server_error)?;
        return Ok(None);
    }
    if device_token.is_empty() {
        state
            .store
            .unbind_push(user.id, device_id, notifier_name)
            .await
            .map_err(server_error)?;
        return Ok(None);
    }
    let binding = PushBinding {
        device_id: device_id.to_string(),
        notifier_name: notifier_name.to_string(),
        device_token: device_token.to_string(),
        updated_ms: crate::now_ms(),
    };
    let bound = state
        .store
        .bind_push(user.id, binding)
        .await
        .map_err(server_error)?
        .ok_or_else(user_missing)?;
    tracing::info!(user = %user.username, device = device_id, notifier = notifier_name, "bound push token");
    Ok(Some(bound))
}

/// `PUT /users/{username}/push/binding` (§9.1): `entities` holds the binding, `[]` after an unbind.
async fn bind(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let body = object(&body)?;
    let device_id = required_string(body, "device_id")?;
    if device_id.is_empty() {
        return Err(invalid("device_id").into());
    }
    let notifier_name = required_string(body, "notifier_name")?;
    let device_token = required_string(body, "device_token")?;
    let bound = apply_binding(&state, &user, device_id, notifier_name, device_token).await?;
    Ok(Envelope::bare(&authenticated.context, "put").entities(bound.iter().map(binding_entity).collect()))
}

/// `GET /users/{username}/push/binding` (§9.2).
async fn bindings(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let bindings = state.store.push_bindings(user.id).await.map_err(server_error)?;
    Ok(Envelope::bare(&authenticated.context, "get").entities(bindings.iter().map(binding_entity).collect()))
}

/// Adds the push keys a user entity shows only when set (§0.3, §9.11): `notification_display_style`,
/// `notification_no_disturbing[_start|_end]`, `notification_ignore_<groupId>`, and the `notifier_name`
/// and `device_token` of the user's newest binding. `GET /users/{username}` calls this.
pub(crate) async fn decorate_user_entity(
    state: &AppState,
    user: &User,
    entity: &mut Value,
) -> Result<(), NatterError> {
    let settings = state
        .store
        .user_push_settings(user.id)
        .await
        .map_err(server_error)?;
    let bindings = state.store.push_bindings(user.id).await.map_err(server_error)?;
    add_push_keys(entity, &settings, bindings.last());
    Ok(())
}

fn add_push_keys(entity: &mut Value, settings: &UserPushSettings, newest: Option<&PushBinding>) {
    let Some(object) = entity.as_object_mut() else {
        return;
    };
    if let Some(style) = settings.display_style {
        object.insert("notification_display_style".into(), json!(style));
    }
    if let Some(no_disturbing) = settings.legacy_no_disturbing {
        object.insert("notification_no_disturbing".into(), json!(no_disturbing));
    }
    if let Some(start) = &settings.legacy_no_disturbing_start {
        object.insert("notification_no_disturbing_start".into(), json!(start));
    }
    if let Some(end) = &settings.legacy_no_disturbing_end {
        object.insert("notification_no_disturbing_end".into(), json!(end));
    }
    for group in &settings.ignored_groups {
        object.insert(format!("{IGNORE_GROUP_PREFIX}{group}"), json!(true));
    }
    if let Some(binding) = newest {
        object.insert("notifier_name".into(), json!(binding.notifier_name));
        object.insert("device_token".into(), json!(binding.device_token));
    }
}

/// What a `PUT /users/{username}` body asks for, validated before anything is written.
#[derive(Debug, Default)]
struct UserChanges {
    nickname: Option<Option<String>>,
    settings: UserPushUpdate,
    /// `(device_id, notifier_name, device_token)`.
    binding: Option<(String, String, String)>,
}

impl UserChanges {
    fn touches_settings(&self) -> bool {
        let update = &self.settings;
        update.display_style.is_some()
            || update.legacy_no_disturbing.is_some()
            || update.legacy_no_disturbing_start.is_some()
            || update.legacy_no_disturbing_end.is_some()
            || !update.ignore_groups.is_empty()
    }
}

/// A legacy DND hour: `"8"` or `8`, 0–23; `""` clears it. Kept as the client wrote the number.
fn legacy_hour(fields: &Map<String, Value>, field: &str) -> Result<Option<Option<String>>, NatterError> {
    let Some(value) = fields.get(field) else {
        return Ok(None);
    };
    match value {
        Value::Null => Ok(Some(None)),
        Value::String(text) if text.is_empty() => Ok(Some(None)),
        value => match lenient_integer(value) {
            Some(hour) if (0..24).contains(&hour) => Ok(Some(Some(hour.to_string()))),
            _ => Err(invalid(field)),
        },
    }
}

/// Reads the keys of a `PUT /users/{username}` body (§9.3 `nickname`, §9.5 `notification_display_style`,
/// §9.11 legacy fields, and the Web SDK's `device_id`/`device_token`/`notifier_name` upload). Unknown
/// keys are ignored, as the user entity's other properties are not set here.
fn user_changes(fields: &Map<String, Value>) -> Result<UserChanges, NatterError> {
    let mut changes = UserChanges::default();
    if let Some(value) = fields.get("nickname") {
        changes.nickname = Some(match value {
            Value::Null => None,
            Value::String(nickname) if nickname.is_empty() => None,
            // Decision: the §9 table's text for an illegal value, not registration's `NICKNAME_TOO_LONG`.
            Value::String(nickname) if nickname.chars().count() > MAX_NICKNAME_CHARS => {
                return Err(invalid("nickname"));
            }
            Value::String(nickname) => Some(nickname.clone()),
            _ => return Err(invalid("nickname")),
        });
    }
    if let Some(value) = present(fields, "notification_display_style") {
        match lenient_integer(value) {
            Some(style @ (0 | 1)) => changes.settings.display_style = Some(u8::try_from(style).ok()),
            _ => return Err(invalid("notification_display_style")),
        }
    }
    if let Some(value) = present(fields, "notification_no_disturbing") {
        let no_disturbing = value
            .as_bool()
            .ok_or_else(|| invalid("notification_no_disturbing"))?;
        changes.settings.legacy_no_disturbing = Some(Some(no_disturbing));
    }
    changes.settings.legacy_no_disturbing_start = legacy_hour(fields, "notification_no_disturbing_start")?;
    changes.settings.legacy_no_disturbing_end = legacy_hour(fields, "notification_no_disturbing_end")?;
    for (key, value) in fields {
        let Some(group) = key.strip_prefix(IGNORE_GROUP_PREFIX) else {
            continue;
        };
        let ignored = value.as_bool().ok_or_else(|| invalid(key))?;
        if group.is_empty() {
            return Err(invalid(key));
        }
        // Decision: `false` removes the key rather than storing `false`; "only if set" reads the same.
        changes.settings.ignore_groups.push((group.to_string(), ignored));
    }
    if ["device_id", "device_token", "notifier_name"]
        .iter()
        .any(|field| fields.contains_key(*field))
    {
        // Legacy clients bound one token per user, without a device ID: theirs is the device "".
        let device_id = optional_string(fields, "device_id")?.unwrap_or_default();
        let notifier_name = required_string(fields, "notifier_name")?;
        let device_token = required_string(fields, "device_token")?;
        changes.binding = Some((
            device_id.to_string(),
            notifier_name.to_string(),
            device_token.to_string(),
        ));
    }
    Ok(changes)
}

/// `PUT /users/{username}`: push nickname (§9.3), display style (§9.5), the legacy fields (§9.11), and
/// the Web SDK's `uploadPushToken`/`unbindPushToken`, which read `entities[0]`. The reply is the user
/// entity with its push keys.
async fn update_user(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let mut user = target_user(&state, &authenticated, &username).await?;
    let body = object(&body)?;
    // The Web SDK's `blockGroup` wraps its keys in `{"entities":[{…}]}`; read those as top-level keys.
    let mut fields = body.clone();
    if let Some(Value::Array(entities)) = fields.remove("entities") {
        for entity in entities {
            let Value::Object(entity) = entity else {
                return Err(invalid("entities").into());
            };
            fields.extend(entity);
        }
    }
    let changes = user_changes(&fields)?;
    if let Some(nickname) = &changes.nickname {
        user = state
            .store
            .set_nickname(user.app_id, &user.username, nickname.as_deref(), crate::now_ms())
            .await
            .map_err(server_error)?
            .ok_or_else(user_missing)?;
    }
    if changes.touches_settings() {
        state
            .store
            .update_user_push_settings(user.id, changes.settings)
            .await
            .map_err(server_error)?
            .ok_or_else(user_missing)?;
    }
    if let Some((device_id, notifier_name, device_token)) = &changes.binding {
        apply_binding(&state, &user, device_id, notifier_name, device_token).await?;
    }
    let mut entity = user_entity(&user);
    decorate_user_entity(&state, &user, &mut entity).await?;
    tracing::info!(user = %user.username, "updated user push fields");
    Ok(Envelope::new(&authenticated.context, "put").entities(vec![entity]))
}

/// The batch nickname body as sent, read after its raw bytes: an empty body is the documented "empty
/// request body" error, not a JSON parse error.
async fn batch_body(state: &AppState, request: Request) -> Result<Value, NatterError> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, state.config.max_body_bytes)
        .await
        .map_err(|_| NatterError::new(ErrorKind::PayloadTooLarge))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(NatterError::new(ErrorKind::PushNicknamesEmpty));
    }
    let request = Request::from_parts(parts, axum::body::Body::from(bytes));
    let EasemobJson(value) = EasemobJson::<Value>::from_request(request, state)
        .await
        .map_err(|error| error.0)?;
    Ok(value)
}

/// `PUT /push/nickname` (§9.4): up to 50 `{username, push_nickname}`. Every item is checked before any
/// is written. Decision: a user ID that names nobody is skipped (the reply's `entities` lists the users
/// whose nickname was set); the reference documents no error for it.
async fn batch_nicknames(
    State(state): State<AppState>,
    authenticated: Authenticated,
    request: Request,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let body = batch_body(&state, request).await?;
    let items = match &body {
        Value::Null => return Err(NatterError::new(ErrorKind::PushNicknamesEmpty).into()),
        Value::Array(items) if items.is_empty() => {
            return Err(NatterError::new(ErrorKind::PushNicknamesEmpty).into());
        }
        Value::Array(items) => items,
        _ => return Err(invalid("request body").into()),
    };
    if items.len() > MAX_BATCH_NICKNAMES {
        return Err(NatterError::new(ErrorKind::PushNicknamesTooMany).into());
    }
    let mut wanted = Vec::with_capacity(items.len());
    for item in items {
        let item = item.as_object().ok_or_else(|| invalid("request body"))?;
        let username = required_string(item, "username")?;
        let nickname = required_string(item, "push_nickname")?;
        if nickname.chars().count() > MAX_NICKNAME_CHARS {
            return Err(NatterError::new(ErrorKind::PushNicknameLengthExceeded)
                .with_param(username)
                .into());
        }
        wanted.push((username, nickname));
    }
    let now = crate::now_ms();
    let mut entities = Vec::with_capacity(wanted.len());
    for (username, nickname) in wanted {
        let Some(name) = UserName::lookup(username) else {
            continue;
        };
        let stored = Some(nickname).filter(|nickname| !nickname.is_empty());
        let updated = state
            .store
            .set_nickname(context.app.id, &name, stored, now)
            .await
            .map_err(server_error)?;
        if updated.is_some() {
            entities.push(json!({"push_nickname": nickname, "username": name.as_str()}));
        }
    }
    tracing::info!(app = %context.app.key, count = entities.len(), "set push nicknames");
    Ok(Envelope::new(context, "put").entities(entities))
}

/// A conversation path: its chat type (a wrong one is a wrong path, §9's 404 row) and its key, a user
/// ID lower-cased as user IDs are, or a group ID as given.
fn conversation_target(chattype: &str, key: &str) -> Result<(PushChatType, String), NatterError> {
    let chat_type = PushChatType::parse(chattype).ok_or_else(|| {
        NatterError::new(ErrorKind::RouteNotFound).with_detail(format!("push chat type {chattype:?}"))
    })?;
    let key = match chat_type {
        PushChatType::User => UserName::lookup(key).ok_or_else(|| invalid("key"))?.to_string(),
        PushChatType::ChatGroup => key.to_string(),
    };
    Ok((chat_type, key))
}

/// The `data` of §9.6/§9.7. `type` is always present: `DEFAULT` for a conversation that follows the app,
/// `ALL` for an app level never set (every message pushes). `ignoreDuration` is the end of the one-shot
/// DND, as the vendor returns it (absolute Unix ms), and only while it lasts.
fn conversation_data(setting: &ConversationPush, app_level: bool, now_ms: i64) -> Value {
    let mut data = Map::new();
    let mode = match setting.mode {
        Some(mode) => mode.as_str(),
        None if app_level => PushMode::All.as_str(),
        None => "DEFAULT",
    };
    data.insert("type".into(), json!(mode));
    if let Some(until) = setting.ignore_until_ms.filter(|until| *until > now_ms) {
        data.insert("ignoreDuration".into(), json!(until));
    }
    if let Some(interval) = setting.ignore_interval {
        data.insert("ignoreInterval".into(), json!(interval.to_string()));
    }
    Value::Object(data)
}

fn conversation_update(
    body: &Map<String, Value>,
    app_level: bool,
    now_ms: i64,
) -> Result<ConversationPushUpdate, NatterError> {
    let mut update = ConversationPushUpdate::default();
    if let Some(value) = present(body, "type") {
        update.mode = Some(match value.as_str() {
            // DEFAULT means "follow the app setting", which the app setting itself cannot do.
            Some("DEFAULT") if app_level => return Err(invalid("type")),
            Some("DEFAULT") => None,
            Some(mode) => Some(PushMode::parse(mode).ok_or_else(|| invalid("type"))?),
            None => return Err(invalid("type")),
        });
    }
    if let Some(value) = present(body, "ignoreInterval") {
        update.ignore_interval = Some(match value.as_str() {
            Some("") => None,
            // A daily window exists at the app level only.
            Some(_) if !app_level => return Err(invalid("ignoreInterval")),
            Some(interval) => Some(QuietInterval::parse(interval).ok_or_else(|| invalid("ignoreInterval"))?),
            None => return Err(invalid("ignoreInterval")),
        });
    }
    if let Some(value) = present(body, "ignoreDuration") {
        update.ignore_until_ms = Some(match lenient_integer(value) {
            Some(0) => None,
            Some(duration) if (1..=MAX_IGNORE_DURATION_MS).contains(&duration) => Some(now_ms + duration),
            _ => return Err(invalid("ignoreDuration")),
        });
    }
    Ok(update)
}

/// `PUT /users/{username}/notification/{chattype}/{key}` (§9.6). Only the fields sent change (the Web
/// SDK sends one at a time).
async fn set_conversation(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username, chattype, key)): Path<(String, String, String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let (chat_type, key) = conversation_target(&chattype, &key)?;
    let app_level = chat_type == PushChatType::User && key == user.username.as_str();
    let now = crate::now_ms();
    let update = conversation_update(object(&body)?, app_level, now)?;
    let setting = state
        .store
        .update_conversation_push(user.id, chat_type, &key, update)
        .await
        .map_err(server_error)?
        .ok_or_else(user_missing)?;
    tracing::info!(user = %user.username, chat_type = chat_type.as_str(), key, "set push mode");
    Ok(Envelope::new(&authenticated.context, "put").data(conversation_data(&setting, app_level, now)))
}

/// `GET /users/{username}/notification/{chattype}/{key}` (§9.7).
async fn get_conversation(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username, chattype, key)): Path<(String, String, String, String, String)>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let (chat_type, key) = conversation_target(&chattype, &key)?;
    let app_level = chat_type == PushChatType::User && key == user.username.as_str();
    let setting = state
        .store
        .conversation_push(user.id, chat_type, &key)
        .await
        .map_err(server_error)?;
    Ok(
        Envelope::new(&authenticated.context, "get").data(conversation_data(
            &setting,
            app_level,
            crate::now_ms(),
        )),
    )
}

/// The most conversations one batch do-not-disturb query names, per chat type (the SDK's limit is 20 in all;
/// a larger list is cut, not refused, since no refusal is documented).
const MAX_BATCH_CONVERSATIONS: usize = 20;
/// Page size of the remind-type list when the SDK sends none, and the most.
const DEFAULT_REMIND_PAGE: u32 = 10;
const MAX_REMIND_PAGE: u32 = 100;

/// `GET /users/{username}/notification?user=a,b&group=g1,g2` (the Web SDK's
/// `getSilentModeForConversations`): §9.7's `data` for each conversation named, as `{"user": {id: …},
/// "group": {id: …}}`. The user itself under `user` is the app level. IDs that are not IDs are left out.
async fn get_conversations(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    super::EasemobQuery(query): super::EasemobQuery<std::collections::HashMap<String, String>>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let now = crate::now_ms();
    let ids = |name: &str| -> Vec<String> {
        query
            .get(name)
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty() && *id != "undefined" && *id != "null")
                    .take(MAX_BATCH_CONVERSATIONS)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut users = Map::new();
    for id in ids("user") {
        let Some(peer) = UserName::lookup(&id) else {
            continue;
        };
        let setting = state
            .store
            .conversation_push(user.id, PushChatType::User, peer.as_str())
            .await
            .map_err(server_error)?;
        let app_level = peer == user.username;
        users.insert(id, conversation_data(&setting, app_level, now));
    }
    let mut groups = Map::new();
    for id in ids("group") {
        let setting = state
            .store
            .conversation_push(user.id, PushChatType::ChatGroup, &id)
            .await
            .map_err(server_error)?;
        groups.insert(id, conversation_data(&setting, false, now));
    }
    Ok(Envelope::new(&authenticated.context, "get").data(json!({"user": users, "group": groups})))
}

/// `GET /users/{username}/notification/mute/type?limit=&cursor=` (the Web SDK's
/// `getSilentModeRemindTypeConversations`): the conversations whose push mode is set, as
/// `data: [{"user"|"group": id, "value": mode}]`, with a top-level `cursor` (an offset) while more remain.
async fn remind_type_conversations(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    super::EasemobQuery(query): super::EasemobQuery<std::collections::HashMap<String, String>>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let limit = query
        .get("limit")
        .and_then(|text| text.trim().parse::<u32>().ok())
        .unwrap_or(DEFAULT_REMIND_PAGE)
        .clamp(1, MAX_REMIND_PAGE);
    let offset = match query.get("cursor").map(|text| text.trim()) {
        None | Some("" | "undefined" | "null") => 0,
        Some(text) => text.parse::<u64>().map_err(|_| invalid("cursor"))?,
    };
    let mut modes = state
        .store
        .conversation_push_modes(user.id, user.username.as_str(), offset, limit + 1)
        .await
        .map_err(server_error)?;
    let more = modes.len() > limit as usize;
    modes.truncate(limit as usize);
    let items: Vec<Value> = modes
        .iter()
        .map(|(chat_type, key, mode)| {
            let kind = match chat_type {
                PushChatType::User => "user",
                PushChatType::ChatGroup => "group",
            };
            json!({ kind: key, "value": mode.as_str() })
        })
        .collect();
    let envelope = Envelope::new(&authenticated.context, "get").data(Value::Array(items));
    Ok(envelope.cursor(more.then(|| (offset + u64::from(limit)).to_string())))
}

/// `PUT /users/{username}/notification/language` (§9.8): `""` means no translation.
async fn set_language(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let language = required_string(object(&body)?, "translationLanguage")?;
    let update = UserPushUpdate {
        language: Some(Some(language.to_string()).filter(|language| !language.is_empty())),
        ..UserPushUpdate::default()
    };
    let settings = state
        .store
        .update_user_push_settings(user.id, update)
        .await
        .map_err(server_error)?
        .ok_or_else(user_missing)?;
    Ok(Envelope::new(&authenticated.context, "put")
        .data(json!({"language": settings.language.unwrap_or_default()})))
}

/// `GET /users/{username}/notification/language` (§9.8). Decision (§13.21): the example's
/// `"action":"put"` is a copy of the PUT's; a GET answers `"get"` as every other GET does. Unset is `""`.
async fn get_language(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let settings = state
        .store
        .user_push_settings(user.id)
        .await
        .map_err(server_error)?;
    Ok(Envelope::new(&authenticated.context, "get")
        .data(json!({"language": settings.language.unwrap_or_default()})))
}

/// `PUT /users/{username}/notification/template` (§9.10): the template must exist in the app; `""`
/// clears the choice.
async fn set_receiver_template(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let name = required_string(object(&body)?, "templateName")?;
    if !name.is_empty()
        && state
            .store
            .push_template(user.app_id, name)
            .await
            .map_err(server_error)?
            .is_none()
    {
        return Err(template_missing(name).into());
    }
    let update = UserPushUpdate {
        template_name: Some(Some(name.to_string()).filter(|name| !name.is_empty())),
        ..UserPushUpdate::default()
    };
    let settings = state
        .store
        .update_user_push_settings(user.id, update)
        .await
        .map_err(server_error)?
        .ok_or_else(user_missing)?;
    Ok(Envelope::new(&authenticated.context, "put")
        .data(json!({"templateName": settings.template_name.unwrap_or_default()})))
}

/// `GET /users/{username}/notification/template`. Its reply is not documented (§12); it mirrors the PUT's
/// `data`, with `""` when no template is chosen.
async fn get_receiver_template(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, username)): Path<(String, String, String)>,
) -> Reply {
    let user = target_user(&state, &authenticated, &username).await?;
    let settings = state
        .store
        .user_push_settings(user.id)
        .await
        .map_err(server_error)?;
    Ok(Envelope::new(&authenticated.context, "get")
        .data(json!({"templateName": settings.template_name.unwrap_or_default()})))
}

fn template_data(template: &PushTemplate) -> Value {
    json!({
        "name": template.name,
        "createAt": template.created_ms,
        "updateAt": template.updated_ms,
        "title_pattern": template.title_pattern,
        "content_pattern": template.content_pattern,
    })
}

/// A template name: 1–64 of `[a-zA-Z0-9]`. `default` is a valid name: it is the app's default template.
fn valid_template_name(name: &str) -> bool {
    (1..=MAX_TEMPLATE_NAME_CHARS).contains(&name.len())
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

/// `POST /notification/template` (§9.9). Decision: the reference documents no "already exists" error, so
/// creating an existing name replaces its patterns (its `createAt` stays).
async fn create_template(
    State(state): State<AppState>,
    authenticated: Authenticated,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let body = object(&body)?;
    let name = required_string(body, "name")?;
    if !valid_template_name(name) {
        return Err(invalid("name").into());
    }
    let title_pattern = required_string(body, "title_pattern")?;
    let content_pattern = required_string(body, "content_pattern")?;
    let now = crate::now_ms();
    let template = state
        .store
        .put_push_template(
            context.app.id,
            PushTemplate {
                name: name.to_string(),
                title_pattern: title_pattern.to_string(),
                content_pattern: content_pattern.to_string(),
                created_ms: now,
                updated_ms: now,
            },
        )
        .await
        .map_err(server_error)?;
    tracing::info!(app = %context.app.key, template = name, "stored push template");
    Ok(Envelope::new(context, "post").data(template_data(&template)))
}

/// `GET /notification/template/{name}` (§9.9).
async fn get_template(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, name)): Path<(String, String, String)>,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let template = state
        .store
        .push_template(context.app.id, &name)
        .await
        .map_err(server_error)?
        .ok_or_else(|| template_missing(&name))?;
    Ok(Envelope::new(context, "get").data(template_data(&template)))
}

/// `PUT /notification/template/{name}`: listed only in an error table (§9.9, §12). Natter takes the
/// create body's `title_pattern` and `content_pattern` (either may be left out) and answers like GET.
async fn modify_template(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, name)): Path<(String, String, String)>,
    EasemobJson(body): EasemobJson<Value>,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let body = object(&body)?;
    let title_pattern = optional_string(body, "title_pattern")?.map(str::to_string);
    let content_pattern = optional_string(body, "content_pattern")?.map(str::to_string);
    let template = state
        .store
        .update_push_template(
            context.app.id,
            &name,
            title_pattern,
            content_pattern,
            crate::now_ms(),
        )
        .await
        .map_err(server_error)?
        .ok_or_else(|| template_missing(&name))?;
    Ok(Envelope::new(context, "put").data(template_data(&template)))
}

/// `DELETE /notification/template/{name}` (§9.9): answers the deleted template.
async fn delete_template(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, name)): Path<(String, String, String)>,
) -> Reply {
    authenticated.caller.require_app()?;
    let context = &authenticated.context;
    let template = state
        .store
        .delete_push_template(context.app.id, &name)
        .await
        .map_err(server_error)?
        .ok_or_else(|| template_missing(&name))?;
    tracing::info!(app = %context.app.key, template = %name, "deleted push template");
    Ok(Envelope::new(context, "delete").data(template_data(&template)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_failure_is_the_documented_5xx_without_detail() {
        let rendered = server_error(StoreError::Backend("disk I/O error".into())).to_rest();
        assert_eq!(
            (rendered.status, rendered.error, rendered.description.as_str()),
            (500, "服务器内部错误", "")
        );
    }

    #[test]
    fn template_names_are_ascii_alphanumerics_up_to_64() {
        assert!(valid_template_name("default"));
        assert!(valid_template_name("Test7"));
        assert!(valid_template_name(&"a".repeat(64)));
        for bad in ["", "a-b", "a b", "名字", "a_b"] {
            assert!(!valid_template_name(bad), "{bad:?}");
        }
        assert!(!valid_template_name(&"a".repeat(65)));
    }

    #[test]
    fn durations_become_end_times_and_expire_on_read() {
        let body = json!({"ignoreDuration": 86_400_000});
        let update = conversation_update(body.as_object().expect("object"), false, 1_000).expect("valid");
        assert_eq!(update.ignore_until_ms, Some(Some(86_401_000)));
        let setting = ConversationPush {
            ignore_until_ms: Some(86_401_000),
            ..ConversationPush::default()
        };
        assert_eq!(
            conversation_data(&setting, false, 2_000),
            json!({"type": "DEFAULT", "ignoreDuration": 86_401_000})
        );
        assert_eq!(
            conversation_data(&setting, true, 86_401_000),
            json!({"type": "ALL"})
        );
    }
}
