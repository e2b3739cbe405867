//! The offline-push settings aggregate (reference §9): device bindings, per-user settings (display style,
//! language, receiver template, the legacy user-entity fields), per-conversation push modes and
//! do-not-disturb, and the app's push templates.
//!
//! These are stored and read back; delivering a push to APNs/FCM reads them later. Every per-user row
//! belongs to a user (`users.id`) and goes with it; templates belong to the app.

use crate::StoreResult;

/// One device's push registration: which certificate (`notifier_name`, as configured in the console)
/// pushes to which token on which device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushBinding {
    pub device_id: String,
    pub notifier_name: String,
    pub device_token: String,
    /// When the binding was last written (Unix ms): the newest one is the user entity's
    /// `notifier_name` / `device_token`.
    pub updated_ms: i64,
}

/// Whether a conversation setting is about a 1:1 peer or a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PushChatType {
    User,
    ChatGroup,
}

impl PushChatType {
    /// The path segment (`user`, `chatgroup`) and the stored value.
    pub const fn as_str(self) -> &'static str {
        match self {
            PushChatType::User => "user",
            PushChatType::ChatGroup => "chatgroup",
        }
    }

    /// Reads a path segment; anything but the two documented values is `None`.
    pub fn parse(value: &str) -> Option<PushChatType> {
        match value {
            "user" => Some(PushChatType::User),
            "chatgroup" => Some(PushChatType::ChatGroup),
            _ => None,
        }
    }
}

/// Which messages of a conversation push (`type`). `DEFAULT` ("follow the app setting") is the absence
/// of a mode, so it is not a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PushMode {
    /// Every message.
    All,
    /// Only messages that @mention the user.
    At,
    /// No message.
    None,
}

impl PushMode {
    pub const fn as_str(self) -> &'static str {
        match self {
            PushMode::All => "ALL",
            PushMode::At => "AT",
            PushMode::None => "NONE",
        }
    }

    /// Reads the stored (and wire) value; case-sensitive, as the vendor's bodies are.
    pub fn parse(value: &str) -> Option<PushMode> {
        match value {
            "ALL" => Some(PushMode::All),
            "AT" => Some(PushMode::At),
            "NONE" => Some(PushMode::None),
            _ => None,
        }
    }
}

/// A daily do-not-disturb window, in minutes after midnight. `start == end` means all day; `end < start`
/// spans midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuietInterval {
    pub start_minute: u16,
    pub end_minute: u16,
}

impl QuietInterval {
    /// Minutes in a day; minute values run from 0 to one less.
    pub const MINUTES_PER_DAY: u16 = 24 * 60;

    /// Reads `H:MM-H:MM` (hours 0–23, minutes 0–59, one or two digits each: the Web SDK sends `8:30-18:45`
    /// unpadded although the docs write `HH:MM`).
    pub fn parse(value: &str) -> Option<QuietInterval> {
        let (start, end) = value.split_once('-')?;
        Some(QuietInterval {
            start_minute: parse_clock(start)?,
            end_minute: parse_clock(end)?,
        })
    }

    /// Whether `minute_of_day` falls inside the window (the end minute is outside it).
    pub fn contains(self, minute_of_day: u16) -> bool {
        match self.start_minute.cmp(&self.end_minute) {
            std::cmp::Ordering::Equal => true,
            std::cmp::Ordering::Less => (self.start_minute..self.end_minute).contains(&minute_of_day),
            std::cmp::Ordering::Greater => {
                minute_of_day >= self.start_minute || minute_of_day < self.end_minute
            }
        }
    }
}

fn parse_clock(value: &str) -> Option<u16> {
    let (hours, minutes) = value.split_once(':')?;
    let digits = |text: &str| (1..=2).contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(hours) || !digits(minutes) {
        return None;
    }
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// The canonical `HH:MM-HH:MM` form, zero-padded as the docs write it.
impl std::fmt::Display for QuietInterval {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{:02}:{:02}-{:02}:{:02}",
            self.start_minute / 60,
            self.start_minute % 60,
            self.end_minute / 60,
            self.end_minute % 60
        )
    }
}

/// A user's push setting for one conversation, or (chat type `user`, key = the user itself) for the
/// whole app. Absent fields are unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConversationPush {
    pub mode: Option<PushMode>,
    /// App level only.
    pub ignore_interval: Option<QuietInterval>,
    /// Do not disturb until this instant (Unix ms). Stored as an end time because `ignoreDuration` is
    /// one-shot and starts when it is set.
    pub ignore_until_ms: Option<i64>,
}

/// A change to a [`ConversationPush`]: `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConversationPushUpdate {
    pub mode: Option<Option<PushMode>>,
    pub ignore_interval: Option<Option<QuietInterval>>,
    pub ignore_until_ms: Option<Option<i64>>,
}

/// A user's own push settings (everything but bindings and conversation settings).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserPushSettings {
    /// `notification_display_style`: 0 (a generic text) or 1 (sender and message text).
    pub display_style: Option<u8>,
    /// The preferred push language (`translationLanguage`).
    pub language: Option<String>,
    /// The receiver's template (§9.10).
    pub template_name: Option<String>,
    /// Legacy user-entity DND (§9.11): `notification_no_disturbing`.
    pub legacy_no_disturbing: Option<bool>,
    /// Legacy `notification_no_disturbing_start`, an hour as the client sent it (`"8"`).
    pub legacy_no_disturbing_start: Option<String>,
    /// Legacy `notification_no_disturbing_end`.
    pub legacy_no_disturbing_end: Option<String>,
    /// Groups whose pushes the user switched off with the legacy `notification_ignore_<groupId>`,
    /// in ascending order.
    pub ignored_groups: Vec<String>,
}

/// A change to [`UserPushSettings`]: `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserPushUpdate {
    pub display_style: Option<Option<u8>>,
    pub language: Option<Option<String>>,
    pub template_name: Option<Option<String>>,
    pub legacy_no_disturbing: Option<Option<bool>>,
    pub legacy_no_disturbing_start: Option<Option<String>>,
    pub legacy_no_disturbing_end: Option<Option<String>>,
    /// `(group id, ignored)`: `true` adds the group, `false` removes it.
    pub ignore_groups: Vec<(String, bool)>,
}

/// An app's push template (§9.9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushTemplate {
    pub name: String,
    pub title_pattern: String,
    pub content_pattern: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// Push settings. Per-user calls take the user's row id (`User::id`); a write for a user that does not
/// exist (deleted meanwhile) returns `None` and writes nothing. Deleting a user deletes its settings.
#[async_trait::async_trait]
pub trait PushStore: Send + Sync + std::fmt::Debug {
    /// Creates or replaces the binding of (`device_id`, `notifier_name`) with `device_token`.
    async fn bind_push(&self, user_id: i64, binding: PushBinding) -> StoreResult<Option<PushBinding>>;

    /// Removes the binding of this device and certificate; returns how many were removed.
    async fn unbind_push(&self, user_id: i64, device_id: &str, notifier_name: &str) -> StoreResult<u64>;

    /// Removes every binding of this device; returns how many were removed.
    async fn unbind_push_device(&self, user_id: i64, device_id: &str) -> StoreResult<u64>;

    /// The user's bindings, oldest write first.
    async fn push_bindings(&self, user_id: i64) -> StoreResult<Vec<PushBinding>>;

    /// The user's own settings (all unset for a user that never set any).
    async fn user_push_settings(&self, user_id: i64) -> StoreResult<UserPushSettings>;

    /// Applies `update` atomically and returns the result.
    async fn update_user_push_settings(
        &self,
        user_id: i64,
        update: UserPushUpdate,
    ) -> StoreResult<Option<UserPushSettings>>;

    /// The setting for one conversation (all unset when never set).
    async fn conversation_push(
        &self,
        user_id: i64,
        chat_type: PushChatType,
        key: &str,
    ) -> StoreResult<ConversationPush>;

    /// The user's conversations whose push mode is set (the app level, key `app_level_key`, left out),
    /// ordered by chat type then key, `limit` of them after skipping `offset`.
    async fn conversation_push_modes(
        &self,
        user_id: i64,
        app_level_key: &str,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<(PushChatType, String, PushMode)>>;

    /// Applies `update` atomically and returns the result.
    async fn update_conversation_push(
        &self,
        user_id: i64,
        chat_type: PushChatType,
        key: &str,
        update: ConversationPushUpdate,
    ) -> StoreResult<Option<ConversationPush>>;

    /// Creates a template, or replaces the patterns of the one with this name (keeping its creation time).
    async fn put_push_template(&self, app_id: i64, template: PushTemplate) -> StoreResult<PushTemplate>;

    /// The template with this name (names are case-sensitive).
    async fn push_template(&self, app_id: i64, name: &str) -> StoreResult<Option<PushTemplate>>;

    /// Changes the given patterns of an existing template; `None` if there is none with this name.
    async fn update_push_template(
        &self,
        app_id: i64,
        name: &str,
        title_pattern: Option<String>,
        content_pattern: Option<String>,
        now_ms: i64,
    ) -> StoreResult<Option<PushTemplate>>;

    /// Deletes a template and returns it as it was.
    async fn delete_push_template(&self, app_id: i64, name: &str) -> StoreResult<Option<PushTemplate>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_padded_and_unpadded_and_print_padded() {
        let interval = QuietInterval::parse("8:30-18:45").expect("unpadded");
        assert_eq!((interval.start_minute, interval.end_minute), (510, 1125));
        assert_eq!(interval.to_string(), "08:30-18:45");
        assert_eq!(
            QuietInterval::parse("21:30-08:00").map(|interval| interval.to_string()),
            Some("21:30-08:00".to_string())
        );
        for bad in [
            "",
            "24:00-08:00",
            "08:60-09:00",
            "8-9",
            "08:00",
            "08:00-09:00-10:00",
            "a:00-09:00",
            "+8:00-09:00",
            "008:00-09:00",
            "08:00 - 09:00",
        ] {
            assert_eq!(QuietInterval::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn intervals_span_midnight_and_equal_ends_mean_all_day() {
        let night = QuietInterval::parse("21:30-08:00").expect("night");
        assert!(night.contains(22 * 60) && night.contains(7 * 60) && !night.contains(12 * 60));
        assert!(!night.contains(8 * 60), "the end minute is outside");
        let day = QuietInterval::parse("09:00-17:00").expect("day");
        assert!(day.contains(9 * 60) && !day.contains(17 * 60) && !day.contains(3 * 60));
        let all = QuietInterval::parse("10:00-10:00").expect("all day");
        assert!(all.contains(0) && all.contains(QuietInterval::MINUTES_PER_DAY - 1));
    }

    #[test]
    fn modes_and_chat_types_are_case_sensitive() {
        assert_eq!(PushMode::parse("AT"), Some(PushMode::At));
        assert_eq!(PushMode::parse("at"), None);
        assert_eq!(PushMode::parse("DEFAULT"), None);
        assert_eq!(PushChatType::parse("chatgroup"), Some(PushChatType::ChatGroup));
        assert_eq!(PushChatType::parse("group"), None);
    }
}
