//! The newest messages of each timeline (1:1, group, chat room), kept in memory after their commit, so that
//! the pulls a message causes (one or two per online recipient device) read memory instead of the store.
//!
//! A timeline here is complete above `complete_after`: ids are assigned in commit order and appended here in
//! that order, so every message of the conversation with a larger id is in the deque. A pull that starts at or
//! above that point is served from memory; an older one goes to the store.

use natter_store::{MessageEffect, NewMessage, StoredMessage};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// Messages kept per timeline.
const KEEP_PER_TIMELINE: usize = 256;
/// Timelines kept; past this, one is dropped (its next pulls read the store).
const MAX_TIMELINES: usize = 4096;

#[derive(Debug)]
struct Timeline {
    complete_after: u64,
    messages: VecDeque<Arc<StoredMessage>>,
}

/// The recent timelines, by (app, conversation).
#[derive(Debug, Default)]
pub(crate) struct Recent {
    timelines: Mutex<HashMap<(i64, String), Timeline>>,
}

impl Recent {
    fn with<T>(&self, action: impl FnOnce(&mut HashMap<(i64, String), Timeline>) -> T) -> T {
        let mut timelines = self
            .timelines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        action(&mut timelines)
    }

    /// Records a committed message (in commit order), and applies its effect to a kept original.
    pub(crate) fn append(&self, message: &NewMessage) {
        let stored = Arc::new(StoredMessage {
            id: message.id,
            conversation: message.conversation.clone(),
            chat_type: message.chat_type,
            kind: message.kind,
            from_user: message.from_user.clone(),
            from_resource: message.from_resource.clone(),
            to: message.to.clone(),
            body: message.body.clone(),
            created_ms: message.created_ms,
            recalled: false,
            edit_count: 0,
            // A targeted message keeps its recipients here too: the pulls served from memory filter on them.
            recipients: message.recipients.clone(),
        });
        self.with(|timelines| {
            let key = (message.app_id, message.conversation.clone());
            if !timelines.contains_key(&key)
                && timelines.len() >= MAX_TIMELINES
                && let Some(victim) = timelines.keys().next().cloned()
            {
                timelines.remove(&victim);
            }
            let timeline = timelines.entry(key).or_insert_with(|| Timeline {
                complete_after: message.id.saturating_sub(1),
                messages: VecDeque::with_capacity(16),
            });
            if let Some(effect) = &message.effect {
                apply(timeline, effect);
            }
            timeline.messages.push_back(stored);
            if timeline.messages.len() > KEEP_PER_TIMELINE
                && let Some(evicted) = timeline.messages.pop_front()
            {
                timeline.complete_after = evicted.id;
            }
        });
    }

    /// Up to `limit` messages after `start`, if memory holds all of them; `None` sends the caller to the
    /// store.
    pub(crate) fn after(
        &self,
        app_id: i64,
        conversation: &str,
        start: u64,
        limit: usize,
    ) -> Option<Vec<StoredMessage>> {
        self.with(|timelines| {
            let timeline = timelines.get(&(app_id, conversation.to_owned()))?;
            if start < timeline.complete_after {
                return None;
            }
            let first = timeline.messages.partition_point(|message| message.id <= start);
            Some(
                timeline
                    .messages
                    .range(first..)
                    .take(limit)
                    .map(|message| StoredMessage::clone(message))
                    .collect(),
            )
        })
    }
}

fn apply(timeline: &mut Timeline, effect: &MessageEffect) {
    let (target, change): (u64, &dyn Fn(&mut StoredMessage)) = match effect {
        MessageEffect::Recall { message_id } => (*message_id, &|message: &mut StoredMessage| {
            message.recalled = true;
            message.body.clear();
        }),
        MessageEffect::Edit { message_id, body } => (*message_id, &|message: &mut StoredMessage| {
            message.body.clone_from(body);
            message.edit_count += 1;
        }),
    };
    if let Some(slot) = timeline.messages.iter_mut().find(|message| message.id == target) {
        let mut changed = StoredMessage::clone(slot);
        change(&mut changed);
        *slot = Arc::new(changed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use natter_store::{ChatType, MessageKind};

    fn message(id: u64, effect: Option<MessageEffect>) -> NewMessage {
        NewMessage {
            app_id: 1,
            id,
            conversation: "g:1".into(),
            chat_type: ChatType::Group,
            kind: MessageKind::Message,
            from_user: "alice".into(),
            from_resource: "web".into(),
            to: "1".into(),
            body: vec![1, 2, 3],
            created_ms: 0,
            effect,
            recipients: None,
        }
    }

    #[test]
    fn serves_what_it_holds_completely_and_sends_older_pulls_to_the_store() {
        let recent = Recent::default();
        for id in 100..100 + KEEP_PER_TIMELINE as u64 + 10 {
            recent.append(&message(id, None));
        }
        assert!(
            recent.after(1, "g:1", 100, 5).is_none(),
            "evicted: the store has them"
        );
        let newest = recent
            .after(1, "g:1", 100 + KEEP_PER_TIMELINE as u64 + 7, 50)
            .expect("held");
        assert_eq!(
            newest.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![
                100 + KEEP_PER_TIMELINE as u64 + 8,
                100 + KEEP_PER_TIMELINE as u64 + 9
            ]
        );
        assert!(recent.after(1, "g:2", 0, 5).is_none(), "an unknown timeline");
        assert_eq!(
            recent.after(1, "g:1", u64::MAX - 1, 5).map(|page| page.len()),
            Some(0)
        );
    }

    #[test]
    fn a_timeline_is_complete_from_its_first_message_and_effects_change_the_kept_original() {
        let recent = Recent::default();
        recent.append(&message(10, None));
        assert!(
            recent.after(1, "g:1", 8, 5).is_none(),
            "below the first kept id: unknown"
        );
        assert_eq!(recent.after(1, "g:1", 9, 5).map(|page| page.len()), Some(1));
        recent.append(&message(11, Some(MessageEffect::Recall { message_id: 10 })));
        let page = recent.after(1, "g:1", 9, 5).expect("held");
        assert!(page[0].recalled && page[0].body.is_empty());
    }
}
