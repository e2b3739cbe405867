//! User tags (`/user/tag/set.json`, `/user/tag/batch/set.json`, `/user/tags/get.json`), conversation
//! do-not-disturb (`/conversation/notification/{set,get}.json`) and sensitive words (`/sensitiveword/…`,
//! and rongcloud 2.0.1's older `/wordfilter/…` names of the same list).
//!
//! Decisions:
//! - Tags replace the user's tags; a set without tags clears them (an empty JSON array sends nothing).
//!   At most 20 tags per user, each 1 to 40 bytes (RongCloud's limits).
//! - Do-not-disturb of a one-to-one conversation (`conversationType` 1) or a group (3) is the Easemob door's
//!   per-conversation push setting: muted is push mode `NONE` (or a do-not-disturb period in force), and
//!   unmuting clears both. Other conversation types are kept by the RongCloud store alone. rc-server-sdk
//!   3.2.0 sends the user as `requestId` (a bug of its template); `userId` is read first, then that.
//! - Sensitive words: at most 50 per app (RongCloud's default), each word and replacement 1 to 32 characters.
//!   Adding a word the app has replaces its replacement. rc-server-sdk 3.2.0 deletes one word as
//!   `word=['w']` (it prints the Python list): a value of that shape, which no word can have, means `w`.

use super::call::Call;
use super::groups::existing_group;
use super::reply::{Reply, Success};
use super::users::{existing_user, existing_users};
use crate::AppState;
use axum::Router;
use axum::extract::State;
use natter_codes::{ErrorKind, NatterError};
use natter_store::{ConversationPushUpdate, PushChatType, PushMode, SensitiveWord};
use serde_json::{Map, Value, json};

/// Tags per user at most, and the longest tag in bytes.
const MAX_TAGS: usize = 20;
const MAX_TAG_BYTES: usize = 40;
/// Users one tag set (batch) or get names at most.
const MAX_TAG_USERS: usize = 1000;
const MAX_TAG_GET_USERS: usize = 50;
/// Sensitive words per app, the longest word or replacement in characters, and words per batch delete.
const MAX_WORDS: u32 = 50;
const MAX_WORD_CHARS: usize = 32;
const MAX_WORDS_PER_DELETE: usize = 50;
/// The conversation types (会话类型) of RongCloud: 1 one-to-one, 3 group, the others kept here alone.
const PRIVATE: u8 = 1;
const GROUP: u8 = 3;
const MAX_CONVERSATION_TYPE: i64 = 10;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/user/tag/set.json", super::endpoint(tag_set))
        .route("/user/tag/batch/set.json", super::endpoint(tag_batch_set))
        .route("/user/tags/get.json", super::endpoint(tags_get))
        .route(
            "/conversation/notification/set.json",
            super::endpoint(notification_set),
        )
        .route(
            "/conversation/notification/get.json",
            super::endpoint(notification_get),
        )
        .route("/sensitiveword/add.json", super::endpoint(word_add))
        .route("/sensitiveword/delete.json", super::endpoint(word_delete))
        .route(
            "/sensitiveword/batch/delete.json",
            super::endpoint(word_batch_delete),
        )
        .route("/sensitiveword/list.json", super::endpoint(word_list))
        .route("/wordfilter/add.json", super::endpoint(word_add))
        .route("/wordfilter/delete.json", super::endpoint(word_delete))
        .route("/wordfilter/list.json", super::endpoint(wordfilter_list))
}

/// `tags`: 0 to 20 of 1 to 40 bytes, without repeats.
fn tags(call: &Call) -> Result<Vec<String>, NatterError> {
    let tags = call.params.all("tags");
    if tags.len() > MAX_TAGS {
        return Err(NatterError::invalid_parameter(format!("at most {MAX_TAGS} tags")));
    }
    tags.into_iter()
        .map(|tag| {
            if tag.len() > MAX_TAG_BYTES || tag.chars().any(char::is_control) {
                Err(NatterError::invalid_parameter(format!(
                    "a tag is at most {MAX_TAG_BYTES} bytes"
                )))
            } else {
                Ok(tag.to_string())
            }
        })
        .collect()
}

/// `POST /user/tag/set.json` (JSON `{"userId","tags":[…]}`).
async fn tag_set(State(state): State<AppState>, call: Call) -> Reply {
    let user = existing_user(&state, &call.app, call.params.required("userId")?).await?;
    let tags = tags(&call)?;
    state.store.set_user_tags(&[user.id], &tags).await?;
    Ok(Success::new())
}

/// `POST /user/tag/batch/set.json` (JSON `{"userIds":[…],"tags":[…]}`, up to 1000 users).
async fn tag_batch_set(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userIds", MAX_TAG_USERS).await?;
    let tags = tags(&call)?;
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    state.store.set_user_tags(&ids, &tags).await?;
    Ok(Success::new())
}

/// `POST /user/tags/get.json` (`userIds` 1 to 50 times): `result: {"<userId>": [tags]}`.
async fn tags_get(State(state): State<AppState>, call: Call) -> Reply {
    let users = existing_users(&state, &call, "userIds", MAX_TAG_GET_USERS).await?;
    let mut result = Map::new();
    for user in &users {
        let tags = state.store.user_tags(user.id).await?;
        result.insert(user.username.as_str().to_string(), json!(tags));
    }
    Ok(Success::new().with("result", Value::Object(result)))
}

/// Where one conversation's do-not-disturb lives.
enum Conversation {
    /// The Easemob door's push setting of this chat type and key.
    Push(PushChatType, String),
    /// The RongCloud store's, of this type and target.
    Other(u8, String),
}

/// The user (`userId`, or rc-server-sdk's `requestId`) and the conversation of a notification call.
async fn conversation(
    state: &AppState,
    call: &Call,
) -> Result<(natter_core::User, Conversation), NatterError> {
    let conversation_type = call
        .params
        .integer("conversationType")?
        .ok_or_else(|| NatterError::invalid_parameter("conversationType is required"))?;
    if !(1..=MAX_CONVERSATION_TYPE).contains(&conversation_type) {
        return Err(NatterError::invalid_parameter(
            "conversationType is not a conversation type",
        ));
    }
    let user_id = call
        .params
        .given("userId")
        .or_else(|| call.params.given("requestId"))
        .ok_or_else(|| NatterError::invalid_parameter("userId is required"))?;
    let user = existing_user(state, &call.app, user_id).await?;
    let target = call.params.required("targetId")?;
    let conversation_type = u8::try_from(conversation_type).unwrap_or(0);
    let conversation = match conversation_type {
        PRIVATE => {
            let peer = existing_user(state, &call.app, target).await?;
            if peer.id == user.id {
                return Err(NatterError::invalid_parameter("targetId names userId itself"));
            }
            Conversation::Push(PushChatType::User, peer.username.as_str().to_string())
        }
        GROUP => {
            let group = existing_group(state, &call.app, super::ids::check_id("targetId", target)?).await?;
            Conversation::Push(PushChatType::ChatGroup, group.id.to_string())
        }
        other => {
            if target.chars().count() > super::ids::MAX_ID_CHARS {
                return Err(NatterError::invalid_parameter("targetId is too long"));
            }
            Conversation::Other(other, target.to_string())
        }
    };
    Ok((user, conversation))
}

/// `POST /conversation/notification/set.json` (`conversationType`, `userId`/`requestId`, `targetId`,
/// `isMuted` 0 or 1).
async fn notification_set(State(state): State<AppState>, call: Call) -> Reply {
    let (user, conversation) = conversation(&state, &call).await?;
    let muted = match call.params.integer("isMuted")? {
        Some(0) => false,
        Some(1) => true,
        _ => return Err(NatterError::invalid_parameter("isMuted must be 0 or 1").into()),
    };
    match conversation {
        Conversation::Push(chat_type, key) => {
            let current = state.store.conversation_push(user.id, chat_type, &key).await?;
            let update = if muted {
                ConversationPushUpdate {
                    mode: Some(Some(PushMode::None)),
                    ..ConversationPushUpdate::default()
                }
            } else {
                // Unmuting leaves an `AT` or `ALL` mode as it is: only `NONE` and a period mute.
                ConversationPushUpdate {
                    mode: (current.mode == Some(PushMode::None)).then_some(None),
                    ignore_until_ms: Some(None),
                    ..ConversationPushUpdate::default()
                }
            };
            if state
                .store
                .update_conversation_push(user.id, chat_type, &key, update)
                .await?
                .is_none()
            {
                return Err(NatterError::new(ErrorKind::UserNotFound).into());
            }
        }
        Conversation::Other(conversation_type, target) => {
            state
                .store
                .set_conversation_muted(user.id, conversation_type, &target, muted)
                .await?;
        }
    }
    Ok(Success::new())
}

/// `POST /conversation/notification/get.json` (`conversationType`, `userId`/`requestId`, `targetId`):
/// `isMuted` 0 or 1.
async fn notification_get(State(state): State<AppState>, call: Call) -> Reply {
    let (user, conversation) = conversation(&state, &call).await?;
    let muted = match conversation {
        Conversation::Push(chat_type, key) => {
            let setting = state.store.conversation_push(user.id, chat_type, &key).await?;
            setting.mode == Some(PushMode::None)
                || setting
                    .ignore_until_ms
                    .is_some_and(|until| until > crate::now_ms())
        }
        Conversation::Other(conversation_type, target) => {
            state
                .store
                .conversation_muted(user.id, conversation_type, &target)
                .await?
        }
    };
    Ok(Success::new().with("isMuted", i32::from(muted)))
}

/// A word or replacement: 1 to 32 characters, no control characters.
fn check_word<'a>(key: &str, word: &'a str) -> Result<&'a str, NatterError> {
    if word.chars().count() > MAX_WORD_CHARS || word.chars().any(char::is_control) {
        return Err(NatterError::invalid_parameter(format!(
            "{key} must be at most {MAX_WORD_CHARS} characters"
        )));
    }
    Ok(word)
}

/// A word of a delete: `['w']`, rc-server-sdk 3.2.0's rendering of a one-word list, is `w`.
fn deleted_word(word: &str) -> &str {
    word.strip_prefix("['")
        .and_then(|rest| rest.strip_suffix("']"))
        .filter(|inner| !inner.is_empty() && !inner.contains('\''))
        .unwrap_or(word)
}

/// `POST /sensitiveword/add.json` and `/wordfilter/add.json` (`word`, `replaceWord` optional).
async fn word_add(State(state): State<AppState>, call: Call) -> Reply {
    let word = check_word("word", call.params.required("word")?)?;
    let replacement = call
        .params
        .given("replaceWord")
        .map(|replacement| check_word("replaceWord", replacement))
        .transpose()?;
    let entry = SensitiveWord {
        word: word.to_string(),
        replacement: replacement.map(str::to_string),
    };
    if !state
        .store
        .put_sensitive_word(call.app.id, entry, MAX_WORDS)
        .await?
    {
        return Err(NatterError::new(ErrorKind::RongCloudListFull)
            .with_detail(format!("more than {MAX_WORDS} sensitive words"))
            .into());
    }
    tracing::info!(app = %call.app.key, "added a sensitive word");
    Ok(Success::new())
}

/// `POST /sensitiveword/delete.json` and `/wordfilter/delete.json` (`word`). A word the app does not have
/// is deleted already: 200.
async fn word_delete(State(state): State<AppState>, call: Call) -> Reply {
    let word = check_word("word", deleted_word(call.params.required("word")?))?;
    state
        .store
        .delete_sensitive_words(call.app.id, &[word.to_string()])
        .await?;
    Ok(Success::new())
}

/// `POST /sensitiveword/batch/delete.json` (`words` 1 to 50 times).
async fn word_batch_delete(State(state): State<AppState>, call: Call) -> Reply {
    let words = call.params.all("words");
    if words.is_empty() {
        return Err(NatterError::invalid_parameter("words is required").into());
    }
    if words.len() > MAX_WORDS_PER_DELETE {
        return Err(NatterError::invalid_parameter(format!("at most {MAX_WORDS_PER_DELETE} words")).into());
    }
    let words = words
        .into_iter()
        .map(|word| check_word("words", deleted_word(word)).map(str::to_string))
        .collect::<Result<Vec<_>, _>>()?;
    state.store.delete_sensitive_words(call.app.id, &words).await?;
    Ok(Success::new())
}

/// The app's words of `kind` (0 replaced, 1 blocked, 2 all) as `{"type","word","replaceWord"}`.
async fn words(state: &AppState, call: &Call, kind: i64) -> Result<Vec<Value>, NatterError> {
    let words = state
        .store
        .sensitive_words(call.app.id)
        .await
        .map_err(crate::store_error)?;
    Ok(words
        .iter()
        .filter(|word| match kind {
            0 => word.replacement.is_some(),
            1 => word.replacement.is_none(),
            _ => true,
        })
        .map(|word| {
            let word_type = if word.replacement.is_some() { "0" } else { "1" };
            json!({
                "type": word_type,
                "word": word.word,
                "replaceWord": word.replacement.as_deref().unwrap_or(""),
            })
        })
        .collect())
}

/// `POST /sensitiveword/list.json` (`type`: 0 replaced words, 1 blocked words (the default), 2 all):
/// `words: [{"type","word","replaceWord"}]`, in the order they were added.
async fn word_list(State(state): State<AppState>, call: Call) -> Reply {
    let kind = call.params.integer("type")?.unwrap_or(1);
    if !(0..=2).contains(&kind) {
        return Err(NatterError::invalid_parameter("type must be 0, 1 or 2").into());
    }
    Ok(Success::new().with("words", words(&state, &call, kind).await?))
}

/// `POST /wordfilter/list.json` (rongcloud 2.0.1): every word, in `/sensitiveword/list.json`'s shape.
async fn wordfilter_list(State(state): State<AppState>, call: Call) -> Reply {
    Ok(Success::new().with("words", words(&state, &call, 2).await?))
}

#[cfg(test)]
mod tests {
    use super::deleted_word;

    #[test]
    fn a_python_list_of_one_word_is_that_word() {
        assert_eq!(deleted_word("['money']"), "money");
        assert_eq!(deleted_word("['黄赌毒']"), "黄赌毒");
        assert_eq!(deleted_word("money"), "money");
        assert_eq!(deleted_word("['a', 'b']"), "['a', 'b']", "two words are not one");
        assert_eq!(deleted_word("['']"), "['']");
    }
}
