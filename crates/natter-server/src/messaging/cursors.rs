//! Queue acknowledgements, coalesced: a device acknowledges every page it pulls, and in a busy group every
//! member does so for every message. The cursors move in memory at once and reach the store in one
//! transaction every few milliseconds, written by the message writer task between its batches
//! (`writer.rs`), so acknowledgements never queue behind each other, or behind messages, for SQLite's
//! write lock.
//!
//! Delaying the write only delays the removal from the offline queue: if the server stops before a flush,
//! the messages are delivered again at the next login (at least once), never lost.

use natter_store::{CursorAdvance, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// How long acknowledgements gather before a flush.
pub(crate) const GATHER: Duration = Duration::from_millis(20);

type Key = (i64, String, String);

#[derive(Debug, Default)]
pub(crate) struct Cursors {
    pending: Mutex<HashMap<Key, u64>>,
    wake: Notify,
}

impl Cursors {
    fn with<T>(&self, action: impl FnOnce(&mut HashMap<Key, u64>) -> T) -> T {
        let mut pending = self
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        action(&mut pending)
    }

    /// Moves a cursor forward (never back).
    pub(crate) fn advance(&self, app_id: i64, user: &str, conversation: &str, acked_id: u64) {
        self.with(|pending| {
            let slot = pending
                .entry((app_id, user.to_owned(), conversation.to_owned()))
                .or_insert(acked_id);
            *slot = (*slot).max(acked_id);
        });
        self.wake.notify_one();
    }

    /// The not yet flushed position, if any.
    pub(crate) fn pending(&self, app_id: i64, user: &str, conversation: &str) -> Option<u64> {
        self.with(|pending| {
            pending
                .get(&(app_id, user.to_owned(), conversation.to_owned()))
                .copied()
        })
    }

    /// Writes every pending cursor. On failure they stay pending for the next flush.
    pub(crate) async fn flush(&self, store: &Arc<dyn Store>) {
        let batch: Vec<CursorAdvance> = self.with(|pending| {
            pending
                .iter()
                .map(|((app_id, user, conversation), acked_id)| CursorAdvance {
                    app_id: *app_id,
                    user: user.clone(),
                    conversation: conversation.clone(),
                    acked_id: *acked_id,
                })
                .collect()
        });
        if batch.is_empty() {
            return;
        }
        match store.advance_cursors(&batch).await {
            Ok(()) => self.with(|pending| {
                for advance in &batch {
                    let key = (advance.app_id, advance.user.clone(), advance.conversation.clone());
                    // Only what was written: a later advance of the same cursor stays pending.
                    if pending.get(&key) == Some(&advance.acked_id) {
                        pending.remove(&key);
                    }
                }
            }),
            Err(error) => {
                tracing::error!(%error, cursors = batch.len(), "queue cursors not written; retrying")
            }
        }
    }

    /// Resolves at the first acknowledgement since the last call (the writer task then flushes GATHER
    /// later: `writer.rs`).
    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }
}
