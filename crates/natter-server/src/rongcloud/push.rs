//! Pushes at the RongCloud door, JSON bodies: `/push.json` (广播推送: a notification to every user, to tags,
//! to a package or to listed users, with an optional in-app message; rc-server-sdk's `Push.push` and
//! `Push.broadcast`, rongcloud 2.0.1's `Push.broadcastPush`) and `/push/user.json` (不落地通知: a notification
//! to listed users, no message).
//!
//! Natter has no APNs or FCM sender yet. An accepted push is validated field by field, kept by the store
//! ([`natter_store::RongCloudPushStore`]: the request as validated, how many users its audience selected)
//! for the sender to come, and answered `{"code":200,"id":…}`. The in-app part of a `/push.json`
//! (`fromuserid` with `message`) is delivered now: one system message per selected user, through the message
//! pipeline, exactly as `/message/broadcast.json` sends (`rc:conversationType: SYSTEM`; the notification's
//! alert is its push text, `em_apns_ext.em_push_content`).
//!
//! Decisions (codes from seed 000):
//! - Shapes: a missing required member, a member of the wrong JSON type, an empty string where a text is
//!   required, a list too long and an unknown enumerated value are 1001 (请求参数错误); `null` is "not given";
//!   members no API documents are ignored. A body that is not a JSON object is 1001.
//! - `platform`: 1 or 2 of `ios` and `android` (any case). Any other platform is 1032 (推送类型不支持).
//!   It is stored for the push sender; it does not narrow the in-app message (RongCloud: a user signed in on
//!   the Web gets the message too).
//! - `audience` (`/push.json`): `is_to_all` (a boolean) is required. `true` selects every user and ignores
//!   the other conditions (which must still be well-formed); otherwise `userid` (1 to 1000 users, each
//!   existing: 1003) wins over the rest, and `tag` (every tag), `tag_or` (one of them) and `packageName`
//!   (users with a push binding of that certificate: the Easemob door's `notifier_name`) combine with AND.
//!   Tags are at most 20 per condition, each 1 to 40 bytes (the user tag limit); `packageName` 1 to 64
//!   characters (rc-server-sdk's check). No condition at all is 1001.
//! - `notification`: required. `/push.json` needs an alert for each platform of `platform`: the platform's
//!   own `alert`, else the top-level `alert`; `/push/user.json` needs `pushContent`. A title is at most 50
//!   characters and each platform's notification (the top level plus that platform's member, as JSON) at
//!   most 4096 bytes, APNs' and FCM's payload limit; longer is 1030 (推送内容过长). An app sensitive word
//!   without a replacement in a title or alert is 1031 (推送内容包含敏感词); one with a replacement is
//!   replaced. iOS `badge` is an integer up to 9999, `contentAvailable` and `forceShowPushContent` 0 or 1,
//!   `interruption-level` one of APNs' four, `extras` a JSON object, the Huawei and Honor `image` an https
//!   URL, their `importance` `NORMAL` or `LOW`, Huawei's `category` capital letters, vivo's
//!   `classification` `0` or `1`.
//! - `message` (`/push.json`): an object with `objectName` (1 to 32 characters) and `content`, checked and
//!   converted as `/message/broadcast.json` does (1022 too long, 1023 sensitive words); it needs
//!   `fromuserid`, a valid user ID that need not be registered (a system sender) but must not be banned
//!   (1005). rc-server-sdk 3.2.0 sends `content` percent-encoded (`urllib.parse.quote(json.dumps(…))`):
//!   a content that is not JSON but decodes to JSON is read decoded, and a JSON string inside is its text.
//!   The sender does not get its own message.
//! - Users (`/push/user.json`): `userIds`, 1 to 100, each existing (1003).
//! - Rates (1037, 频率限制), per app: `/push.json` 2 an hour (RongCloud's documented limit, shared by all its
//!   kinds), `/push/user.json` 100 recipients a second. RongCloud's daily cap (3) is not applied, as for
//!   `/message/broadcast.json`.

use super::call::Call;
use super::messages::{self, Job, Limiter, Options, Words};
use super::reply::{Reply, Success};
use super::users::existing_user;
use crate::AppState;
use crate::messaging::Target;
use axum::Router;
use axum::extract::State;
use governor::Quota;
use natter_codes::{ErrorKind, NatterError};
use natter_core::{App, User, UserName};
use natter_msync::pb::message_body::Type as BodyType;
use natter_store::{PushAudience, RongCloudPush, RongCloudPushKind, SensitiveWord};
use serde_json::{Map, Value, json};

/// The platforms a push goes to.
const PLATFORMS: [&str; 2] = ["ios", "android"];
/// Tags per condition, and the longest tag in bytes (a user's tags have the same limits).
const MAX_TAGS: usize = 20;
const MAX_TAG_BYTES: usize = 40;
/// `userid` of `/push.json` and `userIds` of `/push/user.json`, at most.
const MAX_AUDIENCE_USERS: usize = 1000;
const MAX_PUSH_USERS: usize = 100;
const MAX_PACKAGE_CHARS: usize = 64;
const MAX_TITLE_CHARS: usize = 50;
/// The largest notification per platform, in bytes: APNs' and FCM's payload limit.
const MAX_PAYLOAD_BYTES: usize = 4096;
const MAX_BADGE: i64 = 9999;
/// `/push.json` calls per hour and `/push/user.json` recipients per second, per app.
const PUSHES_PER_HOUR: u32 = 2;
const PUSH_USERS_PER_SECOND: u32 = 100;
/// APNs' `interruption-level` values.
const INTERRUPTION_LEVELS: [&str; 4] = ["passive", "active", "time-sensitive", "critical"];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/push.json", super::endpoint(push))
        .route("/push/user.json", super::endpoint(push_user))
}

/// The per-app push quotas.
#[derive(Debug)]
pub(crate) struct Quotas {
    audience: Limiter,
    users: Limiter,
}

fn quotas(state: &AppState) -> &Quotas {
    state.rongcloud.push_quotas.get_or_init(|| Quotas {
        audience: Limiter::keyed(Quota::per_hour(messages::at_least_one(PUSHES_PER_HOUR))),
        users: Limiter::keyed(Quota::per_second(messages::at_least_one(PUSH_USERS_PER_SECOND))),
    })
}

fn invalid(description: impl Into<String>) -> NatterError {
    NatterError::invalid_parameter(description)
}

/// A JSON object of the body, read member by member; `path` names it in refusals (`notification.ios`).
#[derive(Clone, Copy, Debug)]
struct Object<'a> {
    path: &'a str,
    members: &'a Map<String, Value>,
}

impl<'a> Object<'a> {
    fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// A member; `null` is not given.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.members.get(key).filter(|value| !value.is_null())
    }

    fn string(&self, key: &str) -> Result<Option<&'a str>, NatterError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(invalid(format!("{} must be a string", self.name(key)))),
        }
    }

    /// A string that, when given, is not empty.
    fn text(&self, key: &str) -> Result<Option<&'a str>, NatterError> {
        match self.string(key)? {
            Some("") => Err(invalid(format!("{} must not be empty", self.name(key)))),
            other => Ok(other),
        }
    }

    fn required_text(&self, key: &str) -> Result<&'a str, NatterError> {
        self.text(key)?
            .ok_or_else(|| invalid(format!("{} is required", self.name(key))))
    }

    /// An integer: a JSON integer, or a decimal string of one (the SDKs' callers pass either).
    fn integer(&self, key: &str) -> Result<Option<i64>, NatterError> {
        let value = match self.get(key) {
            None => return Ok(None),
            Some(Value::Number(number)) => number.as_i64(),
            Some(Value::String(text)) => text.trim().parse().ok(),
            Some(_) => None,
        };
        value
            .map(Some)
            .ok_or_else(|| invalid(format!("{} must be an integer", self.name(key))))
    }

    /// A 0-or-1 switch.
    fn switch(&self, key: &str) -> Result<Option<i64>, NatterError> {
        match self.integer(key)? {
            Some(value) if value != 0 && value != 1 => {
                Err(invalid(format!("{} must be 0 or 1", self.name(key))))
            }
            other => Ok(other),
        }
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>, NatterError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(_) => Err(invalid(format!("{} must be true or false", self.name(key)))),
        }
    }

    fn object(&self, key: &str, path: &'a str) -> Result<Option<Object<'a>>, NatterError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(members)) => Ok(Some(Object { path, members })),
            Some(_) => Err(invalid(format!("{} must be an object", self.name(key)))),
        }
    }

    /// A list of non-empty strings, at most `max`; an empty list is not given.
    fn strings(&self, key: &str, max: usize) -> Result<Vec<&'a str>, NatterError> {
        let items = match self.get(key) {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(invalid(format!("{} must be a list", self.name(key)))),
        };
        if items.len() > max {
            return Err(invalid(format!("{} holds at most {max} entries", self.name(key)))
                .with_detail(format!("{} given", items.len())));
        }
        items
            .iter()
            .map(|item| match item {
                Value::String(text) if !text.is_empty() => Ok(text.as_str()),
                _ => Err(invalid(format!(
                    "each entry of {} must be a non-empty string",
                    self.name(key)
                ))),
            })
            .collect()
    }

    /// Copies a validated member into `into` under the same key.
    fn copy(&self, key: &str, into: &mut Map<String, Value>) {
        if let Some(value) = self.get(key) {
            into.insert(key.to_owned(), value.clone());
        }
    }
}

/// The body of a push endpoint: a JSON object.
fn body(call: &Call) -> Result<Object<'_>, NatterError> {
    match &call.json {
        Some(Value::Object(members)) => Ok(Object { path: "", members }),
        _ => Err(invalid("the body must be a JSON object")),
    }
}

/// `platform`: 1 or 2 of `ios` and `android`, lower-cased, without repeats.
fn platforms(body: Object<'_>) -> Result<Vec<&'static str>, NatterError> {
    let items = match body.get("platform") {
        None => return Err(invalid("platform is required")),
        Some(Value::Array(items)) if (1..=PLATFORMS.len()).contains(&items.len()) => items,
        Some(Value::Array(_)) => return Err(invalid("platform holds 1 or 2 platforms")),
        Some(_) => return Err(invalid("platform must be a list")),
    };
    let mut platforms = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(name) = item else {
            return Err(invalid("each platform must be a string"));
        };
        let platform = PLATFORMS
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                NatterError::new(ErrorKind::PushPlatformUnsupported)
                    .with_param("platform")
                    .with_detail(format!("platform {name:?}"))
            })?;
        if !platforms.contains(platform) {
            platforms.push(*platform);
        }
    }
    Ok(platforms)
}

fn title(object: Object<'_>, into: &mut Map<String, Value>) -> Result<(), NatterError> {
    if let Some(title) = object.string("title")? {
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(NatterError::new(ErrorKind::PushContentTooLong)
                .with_param(object.name("title"))
                .with_detail(format!("{} characters", title.chars().count())));
        }
        into.insert("title".to_owned(), json!(title));
    }
    Ok(())
}

fn extras(object: Object<'_>, into: &mut Map<String, Value>) -> Result<(), NatterError> {
    match object.get("extras") {
        None => Ok(()),
        Some(extras @ Value::Object(_)) => {
            into.insert("extras".to_owned(), extras.clone());
            Ok(())
        }
        Some(_) => Err(invalid(format!("{} must be an object", object.name("extras")))),
    }
}

/// A member that is one of `allowed`.
fn one_of(
    object: Object<'_>,
    key: &str,
    allowed: &[&str],
    into: &mut Map<String, Value>,
) -> Result<(), NatterError> {
    if let Some(value) = object.string(key)? {
        if !allowed.contains(&value) {
            return Err(invalid(format!(
                "{} must be one of {}",
                object.name(key),
                allowed.join(", ")
            )));
        }
        into.insert(key.to_owned(), json!(value));
    }
    Ok(())
}

/// Plain string members, copied as they are.
fn strings_of(object: Object<'_>, keys: &[&str], into: &mut Map<String, Value>) -> Result<(), NatterError> {
    for key in keys {
        if object.string(key)?.is_some() {
            object.copy(key, into);
        }
    }
    Ok(())
}

/// The Huawei and Honor notification icon: an https URL.
fn https_image(object: Object<'_>, key: &str, into: &mut Map<String, Value>) -> Result<(), NatterError> {
    if let Some(url) = object.string(key)? {
        if !url
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
            || url.len() <= 8
        {
            return Err(invalid(format!("{} must be an https URL", object.name(key))));
        }
        into.insert(key.to_owned(), json!(url));
    }
    Ok(())
}

/// The `ios` member. `/push.json` takes a `title` and an `alert` there, `/push/user.json` neither.
fn ios(object: Object<'_>, with_texts: bool) -> Result<Value, NatterError> {
    let mut out = Map::new();
    if with_texts {
        title(object, &mut out)?;
        if let Some(alert) = object.text("alert")? {
            out.insert("alert".to_owned(), json!(alert));
        }
    }
    if let Some(flag) = object.switch("contentAvailable")? {
        out.insert("contentAvailable".to_owned(), json!(flag));
    }
    if let Some(badge) = object.integer("badge")? {
        if badge > MAX_BADGE {
            return Err(invalid(format!(
                "{} is at most {MAX_BADGE}",
                object.name("badge")
            )));
        }
        out.insert("badge".to_owned(), json!(badge));
    }
    strings_of(
        object,
        &["thread-id", "apns-collapse-id", "category", "richMediaUri"],
        &mut out,
    )?;
    one_of(object, "interruption-level", &INTERRUPTION_LEVELS, &mut out)?;
    extras(object, &mut out)?;
    Ok(Value::Object(out))
}

/// The `android` member: its vendors' options, and (`/push.json`) an `alert`.
fn android(object: Object<'_>, with_alert: bool) -> Result<Value, NatterError> {
    let mut out = Map::new();
    if with_alert && let Some(alert) = object.text("alert")? {
        out.insert("alert".to_owned(), json!(alert));
    }
    let vendor = |key: &'static str, path: &'static str| object.object(key, path);
    if let Some(honor) = vendor("honor", "notification.android.honor")? {
        let mut member = Map::new();
        one_of(honor, "importance", &["NORMAL", "LOW"], &mut member)?;
        https_image(honor, "image", &mut member)?;
        out.insert("honor".to_owned(), Value::Object(member));
    }
    if let Some(hw) = vendor("hw", "notification.android.hw")? {
        let mut member = Map::new();
        strings_of(hw, &["channelId"], &mut member)?;
        one_of(hw, "importance", &["NORMAL", "LOW"], &mut member)?;
        https_image(hw, "image", &mut member)?;
        if let Some(category) = hw.string("category")? {
            if category.is_empty() || !category.bytes().all(|byte| byte.is_ascii_uppercase()) {
                return Err(invalid(
                    "notification.android.hw.category must be capital letters",
                ));
            }
            member.insert("category".to_owned(), json!(category));
        }
        out.insert("hw".to_owned(), Value::Object(member));
    }
    if let Some(mi) = vendor("mi", "notification.android.mi")? {
        let mut member = Map::new();
        strings_of(mi, &["channelId", "large_icon_uri"], &mut member)?;
        out.insert("mi".to_owned(), Value::Object(member));
    }
    if let Some(oppo) = vendor("oppo", "notification.android.oppo")? {
        let mut member = Map::new();
        strings_of(oppo, &["channelId"], &mut member)?;
        out.insert("oppo".to_owned(), Value::Object(member));
    }
    if let Some(vivo) = vendor("vivo", "notification.android.vivo")? {
        let mut member = Map::new();
        one_of(vivo, "classification", &["0", "1"], &mut member)?;
        strings_of(vivo, &["category"], &mut member)?;
        out.insert("vivo".to_owned(), Value::Object(member));
    }
    if let Some(fcm) = vendor("fcm", "notification.android.fcm")? {
        let mut member = Map::new();
        strings_of(fcm, &["channelId", "collapse_key", "imageUrl"], &mut member)?;
        out.insert("fcm".to_owned(), Value::Object(member));
    }
    extras(object, &mut out)?;
    Ok(Value::Object(out))
}

/// Which endpoint's notification: `/push.json` (alerts per platform) or `/push/user.json` (`pushContent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Audience,
    Users,
}

/// The validated `notification`, with only the members the API documents.
fn notification(body: Object<'_>, form: Form) -> Result<Map<String, Value>, NatterError> {
    let notification = body
        .object("notification", "notification")?
        .ok_or_else(|| invalid("notification is required"))?;
    let mut out = Map::new();
    title(notification, &mut out)?;
    match form {
        Form::Audience => {
            if let Some(alert) = notification.text("alert")? {
                out.insert("alert".to_owned(), json!(alert));
            }
            if let Some(flag) = notification.switch("forceShowPushContent")? {
                out.insert("forceShowPushContent".to_owned(), json!(flag));
            }
        }
        Form::Users => {
            let content = notification.required_text("pushContent")?;
            out.insert("pushContent".to_owned(), json!(content));
        }
    }
    if let Some(object) = notification.object("ios", "notification.ios")? {
        out.insert("ios".to_owned(), ios(object, form == Form::Audience)?);
    }
    if let Some(object) = notification.object("android", "notification.android")? {
        out.insert("android".to_owned(), android(object, form == Form::Audience)?);
    }
    Ok(out)
}

/// A platform's alert: its own, else the top-level one.
fn alert_for<'a>(notification: &'a Map<String, Value>, platform: &str) -> Option<&'a str> {
    notification
        .get(platform)
        .and_then(|member| member.get("alert"))
        .or_else(|| notification.get("alert"))
        .and_then(Value::as_str)
}

/// 1030 when a platform's notification (the top level with that platform's member) exceeds the payload limit.
fn check_payload(notification: &Map<String, Value>, platform: &str) -> Result<(), NatterError> {
    let mut payload = notification.clone();
    payload.retain(|key, _| key == platform || !PLATFORMS.contains(&key.as_str()));
    let bytes = Value::Object(payload).to_string().len();
    if bytes > MAX_PAYLOAD_BYTES {
        return Err(NatterError::new(ErrorKind::PushContentTooLong)
            .with_param("notification")
            .with_detail(format!("the {platform} notification is {bytes} bytes")));
    }
    Ok(())
}

/// Applies the app's sensitive words to one text: 1031 for a word without a replacement.
fn filter_text(words: &[SensitiveWord], text: &mut String) -> Result<(), NatterError> {
    for word in words.iter().filter(|word| !word.word.is_empty()) {
        if !text.contains(word.word.as_str()) {
            continue;
        }
        match &word.replacement {
            None => {
                return Err(NatterError::new(ErrorKind::PushSensitiveWords)
                    .with_detail(format!("the push text holds {:?}", word.word)));
            }
            Some(replacement) => *text = text.replace(word.word.as_str(), replacement),
        }
    }
    Ok(())
}

/// The sensitive words of the notification's titles and alerts.
async fn filter_notification(
    state: &AppState,
    app: &App,
    notification: &mut Map<String, Value>,
) -> Result<(), NatterError> {
    let words = state
        .store
        .sensitive_words(app.id)
        .await
        .map_err(crate::store_error)?;
    if words.is_empty() {
        return Ok(());
    }
    const TEXTS: [&str; 3] = ["title", "alert", "pushContent"];
    let filter = |members: &mut Map<String, Value>| -> Result<(), NatterError> {
        for key in TEXTS {
            if let Some(Value::String(text)) = members.get_mut(key) {
                filter_text(&words, text)?;
            }
        }
        Ok(())
    };
    filter(notification)?;
    for platform in PLATFORMS {
        if let Some(Value::Object(members)) = notification.get_mut(platform) {
            filter(members)?;
        }
    }
    Ok(())
}

/// The whole notification check of one endpoint: shape, alerts, sensitive words, sizes.
async fn checked_notification(
    state: &AppState,
    app: &App,
    body: Object<'_>,
    form: Form,
    platforms: &[&str],
) -> Result<Map<String, Value>, NatterError> {
    let mut notification = notification(body, form)?;
    if form == Form::Audience {
        for platform in platforms {
            if alert_for(&notification, platform).is_none() {
                return Err(invalid(format!(
                    "notification.alert (or notification.{platform}.alert) is required"
                )));
            }
        }
    }
    filter_notification(state, app, &mut notification).await?;
    for platform in platforms {
        check_payload(&notification, platform)?;
    }
    Ok(notification)
}

/// Percent-decodes `text` when every `%` starts an escape; `None` otherwise or for text that is not UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    let raw = text.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut index = 0;
    while index < raw.len() {
        if raw[index] == b'%' {
            let hex = raw.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            bytes.push(raw[index]);
            index += 1;
        }
    }
    String::from_utf8(bytes).ok()
}

/// A message `content` as the pipeline reads it: JSON as it is; rc-server-sdk's percent-encoded JSON
/// decoded, and if that is a JSON string (`json.dumps` of a text), its text; anything else as it is.
fn message_content(raw: &str) -> String {
    if serde_json::from_str::<Value>(raw).is_ok() || !raw.contains('%') {
        return raw.to_owned();
    }
    let Some(decoded) = percent_decoded(raw) else {
        return raw.to_owned();
    };
    match serde_json::from_str::<Value>(&decoded) {
        Ok(Value::String(text)) => text,
        Ok(_) => decoded,
        Err(_) => raw.to_owned(),
    }
}

/// Who a `/push.json` goes to.
#[derive(Debug)]
enum Audience {
    All,
    Users(Vec<User>),
    Matching(PushAudience),
}

/// `audience`, validated, and its stored form.
async fn audience(state: &AppState, app: &App, body: Object<'_>) -> Result<(Audience, Value), NatterError> {
    let audience = body
        .object("audience", "audience")?
        .ok_or_else(|| invalid("audience is required"))?;
    let is_to_all = audience
        .boolean("is_to_all")?
        .ok_or_else(|| invalid("audience.is_to_all is required"))?;
    let tags = |key: &str| -> Result<Vec<String>, NatterError> {
        let tags = audience.strings(key, MAX_TAGS)?;
        if tags.iter().any(|tag| tag.len() > MAX_TAG_BYTES) {
            return Err(invalid(format!(
                "a tag of audience.{key} is at most {MAX_TAG_BYTES} bytes"
            )));
        }
        let mut unique: Vec<String> = Vec::with_capacity(tags.len());
        for tag in tags {
            if !unique.iter().any(|known| known == tag) {
                unique.push(tag.to_owned());
            }
        }
        Ok(unique)
    };
    let all_tags = tags("tag")?;
    let any_tags = tags("tag_or")?;
    let user_ids = audience.strings("userid", MAX_AUDIENCE_USERS)?;
    let package = audience.string("packageName")?;
    if let Some(package) = package
        && (package.is_empty() || package.chars().count() > MAX_PACKAGE_CHARS)
    {
        return Err(invalid(format!(
            "audience.packageName is 1 to {MAX_PACKAGE_CHARS} characters"
        )));
    }
    let mut stored = Map::new();
    stored.insert("is_to_all".to_owned(), json!(is_to_all));
    if !all_tags.is_empty() {
        stored.insert("tag".to_owned(), json!(all_tags));
    }
    if !any_tags.is_empty() {
        stored.insert("tag_or".to_owned(), json!(any_tags));
    }
    if let Some(package) = package {
        stored.insert("packageName".to_owned(), json!(package));
    }
    if is_to_all {
        return Ok((Audience::All, Value::Object(stored)));
    }
    if !user_ids.is_empty() {
        let mut users: Vec<User> = Vec::with_capacity(user_ids.len());
        for id in user_ids {
            let user = existing_user(state, app, id).await?;
            if !users.iter().any(|known| known.id == user.id) {
                users.push(user);
            }
        }
        let names: Vec<&str> = users.iter().map(|user| user.username.as_str()).collect();
        stored.insert("userid".to_owned(), json!(names));
        return Ok((Audience::Users(users), Value::Object(stored)));
    }
    if all_tags.is_empty() && any_tags.is_empty() && package.is_none() {
        return Err(invalid(
            "audience needs is_to_all, userid, tag, tag_or or packageName",
        ));
    }
    let matching = PushAudience {
        all_tags,
        any_tags,
        notifier_name: package.map(str::to_owned),
    };
    Ok((Audience::Matching(matching), Value::Object(stored)))
}

/// The in-app message of a `/push.json`: the sender and the message body.
#[derive(Debug)]
struct InApp {
    sender: UserName,
    body: natter_msync::pb::MessageBody,
}

async fn in_app_message(
    state: &AppState,
    app: &App,
    body: Object<'_>,
    from: Option<&str>,
    push_text: Option<&str>,
) -> Result<Option<(InApp, Value)>, NatterError> {
    let Some(message) = body.object("message", "message")? else {
        return Ok(None);
    };
    let object_name = message.required_text("objectName")?;
    if object_name.chars().count() > messages::MAX_OBJECT_NAME_CHARS {
        return Err(invalid(format!(
            "message.objectName is longer than {} characters",
            messages::MAX_OBJECT_NAME_CHARS
        )));
    }
    let content = message_content(message.required_text("content")?);
    messages::check_content_size(&content)?;
    let from = from.ok_or_else(|| invalid("fromuserid is required with a message"))?;
    let (sender, _) = messages::system_sender_id(state, app, from).await?;
    let options = Options::system(push_text.map(str::to_owned));
    let message_body = messages::message_body(
        state,
        app,
        &mut Words::default(),
        BodyType::Chat,
        (object_name, &content),
        &options,
    )
    .await?;
    let stored = json!({"objectName": object_name, "content": content});
    Ok(Some((
        InApp {
            sender,
            body: message_body,
        },
        stored,
    )))
}

/// One page of the audience after `after` (a user row id); empty at the end.
async fn audience_page(
    state: &AppState,
    app: &App,
    audience: &Audience,
    after: Option<i64>,
) -> Result<Vec<User>, NatterError> {
    match audience {
        Audience::All => state
            .store
            .list_users(app.id, after, messages::BROADCAST_PAGE)
            .await
            .map_err(crate::store_error),
        Audience::Matching(matching) => state
            .store
            .push_audience(app.id, matching, after, messages::BROADCAST_PAGE)
            .await
            .map_err(crate::store_error),
        Audience::Users(users) => Ok(if after.is_none() {
            users.clone()
        } else {
            Vec::new()
        }),
    }
}

/// Walks the audience page by page, sending the in-app message (if any) to each user but the sender.
/// Returns (users selected, messages sent).
async fn deliver(
    state: &AppState,
    app: &App,
    audience: &Audience,
    message: Option<&InApp>,
) -> Result<(u64, u64), NatterError> {
    let (mut recipients, mut sent) = (0_u64, 0_u64);
    let mut after = None;
    loop {
        let page = audience_page(state, app, audience, after).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.id);
        recipients += page.len() as u64;
        if let Some(message) = message {
            let jobs: Vec<Job> = page
                .iter()
                .filter(|user| user.username != message.sender)
                .map(|user| (Target::User(user.username.clone()), message.body.clone()))
                .collect();
            let accepted = messages::submit_all(state, app, &message.sender, jobs).await?;
            sent += accepted.iter().flatten().count() as u64;
        }
        if matches!(audience, Audience::Users(_)) || page.len() < messages::BROADCAST_PAGE as usize {
            break;
        }
    }
    Ok((recipients, sent))
}

/// A fresh push id: 22 characters of `0-9 A-Z a-z` (128 random bits), the shape of RongCloud's ids.
fn new_push_id() -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut value = u128::from_be_bytes(rand::random::<[u8; 16]>());
    let mut id = Vec::with_capacity(22);
    for _ in 0..22 {
        id.push(ALPHABET[(value % 62) as usize]);
        value /= 62;
    }
    String::from_utf8_lossy(&id).into_owned()
}

/// Keeps an accepted push and answers its id.
async fn record(
    state: &AppState,
    app: &App,
    kind: RongCloudPushKind,
    request: Value,
    (recipients, messages): (u64, u64),
) -> Reply {
    let push_id = new_push_id();
    state
        .store
        .record_rongcloud_push(
            app.id,
            RongCloudPush {
                push_id: push_id.clone(),
                kind,
                request: request.to_string(),
                recipients,
                messages,
                created_ms: crate::now_ms(),
            },
        )
        .await?;
    tracing::info!(app = %app.key, push = %push_id, kind = kind.as_str(), recipients, messages, "push accepted (RongCloud)");
    Ok(Success::new().with("id", push_id))
}

/// `POST /push.json` (JSON `platform`, `audience`, `notification`, and `fromuserid` with `message`).
async fn push(State(state): State<AppState>, call: Call) -> Reply {
    let body = body(&call)?;
    let platforms = platforms(body)?;
    // A sender is a user ID even when no message needs it.
    let from = body.text("fromuserid")?;
    if let Some(from) = from {
        UserName::parse(from, natter_core::UsernameContext::Authorized)?;
    }
    let (audience, stored_audience) = audience(&state, &call.app, body).await?;
    let notification = checked_notification(&state, &call.app, body, Form::Audience, &platforms).await?;
    let push_text = notification.get("alert").and_then(Value::as_str).or_else(|| {
        platforms
            .iter()
            .find_map(|platform| alert_for(&notification, platform))
    });
    let message = in_app_message(&state, &call.app, body, from, push_text).await?;
    messages::take(&quotas(&state).audience, &call.app, 1, "push")?;
    let mut request = Map::new();
    request.insert("platform".to_owned(), json!(platforms));
    if let Some(from) = from {
        request.insert("fromuserid".to_owned(), json!(from));
    }
    request.insert("audience".to_owned(), stored_audience);
    let (in_app, stored_message) = message.unzip();
    if let Some(stored_message) = stored_message {
        request.insert("message".to_owned(), stored_message);
    }
    request.insert("notification".to_owned(), Value::Object(notification));
    let counts = deliver(&state, &call.app, &audience, in_app.as_ref()).await?;
    record(
        &state,
        &call.app,
        RongCloudPushKind::Audience,
        Value::Object(request),
        counts,
    )
    .await
}

/// `POST /push/user.json` (JSON `userIds`, `notification` with `pushContent`): a notification only.
async fn push_user(State(state): State<AppState>, call: Call) -> Reply {
    let body = body(&call)?;
    let ids = body.strings("userIds", MAX_PUSH_USERS)?;
    if ids.is_empty() {
        return Err(invalid("userIds is required").into());
    }
    let mut users: Vec<User> = Vec::with_capacity(ids.len());
    for id in ids {
        let user = existing_user(&state, &call.app, id).await?;
        if !users.iter().any(|known| known.id == user.id) {
            users.push(user);
        }
    }
    let notification = checked_notification(&state, &call.app, body, Form::Users, &PLATFORMS).await?;
    messages::take(&quotas(&state).users, &call.app, users.len(), "push to users")?;
    let names: Vec<&str> = users.iter().map(|user| user.username.as_str()).collect();
    let request = json!({"userIds": names, "notification": notification});
    let recipients = users.len() as u64;
    record(
        &state,
        &call.app,
        RongCloudPushKind::Users,
        request,
        (recipients, 0),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_are_read_as_the_sdks_send_them() {
        let json = r#"{"content":"hi","extra":""}"#;
        assert_eq!(message_content(json), json, "JSON as it is");
        assert_eq!(
            message_content("%7B%22content%22%3A%20%22hi%20100%25%22%7D"),
            r#"{"content": "hi 100%"}"#,
            "rc-server-sdk's percent-encoded JSON"
        );
        assert_eq!(
            message_content("%22%7B%5C%22content%5C%22%3A%5C%22hi%5C%22%7D%22"),
            r#"{"content":"hi"}"#,
            "json.dumps of a text: the text"
        );
        assert_eq!(message_content("100% plain"), "100% plain", "a custom text");
        assert_eq!(message_content("%41"), "%41", "decodes to no JSON: as it is");
    }

    #[test]
    fn push_ids_are_22_alphanumerics_and_differ() {
        let (first, second) = (new_push_id(), new_push_id());
        assert_eq!(first.len(), 22);
        assert!(first.bytes().all(|byte| byte.is_ascii_alphanumeric()), "{first}");
        assert_ne!(first, second);
    }

    #[test]
    fn a_platform_s_payload_leaves_the_other_platform_out() {
        let notification: Map<String, Value> = serde_json::from_value(json!({
            "alert": "a",
            "ios": {"extras": {"k": "x".repeat(5000)}},
            "android": {"alert": "b"}
        }))
        .expect("object");
        assert!(check_payload(&notification, "android").is_ok());
        assert_eq!(
            check_payload(&notification, "ios").map_err(|error| error.kind),
            Err(ErrorKind::PushContentTooLong)
        );
        assert_eq!(alert_for(&notification, "android"), Some("b"));
        assert_eq!(alert_for(&notification, "ios"), Some("a"));
    }
}
