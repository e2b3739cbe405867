//! Group commit: one task writes messages in batches, one transaction (one fsync) per batch, so that a
//! message is on disk before it is acknowledged without an fsync per message.
//!
//! The writer also assigns the message ids, in the order it commits them. That makes the timelines
//! append-only in id order: a reader that has seen id N will never later see a smaller id appear in the
//! same conversation, so queue cursors can simply move forward.

use super::recent::Recent;
use natter_core::IdGenerator;
use natter_store::{ChatType, NewMessage, Store, StoreError};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Most messages in one transaction: bounds the latency a large batch adds to its first message.
const MAX_BATCH: usize = 1024;

struct Job {
    message: NewMessage,
    done: oneshot::Sender<Result<(u64, i64), StoreError>>,
}

/// The handle to the writer task.
#[derive(Clone, Debug)]
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Job")
            .field("conversation", &self.message.conversation)
            .finish()
    }
}

impl Writer {
    /// Starts the writer task on the current runtime.
    pub(crate) fn spawn(store: Arc<dyn Store>, ids: Arc<IdGenerator>, recent: Arc<Recent>) -> Writer {
        let (jobs, receiver) = mpsc::channel(8 * MAX_BATCH);
        tokio::spawn(run(store, ids, recent, receiver));
        Writer { jobs }
    }

    /// Persists `message` (its `id` and `created_ms` are assigned here) and returns them once the batch
    /// holding it is committed.
    pub(crate) async fn write(&self, message: NewMessage) -> Result<(u64, i64), StoreError> {
        let (done, receipt) = oneshot::channel();
        self.jobs
            .send(Job { message, done })
            .await
            .map_err(|_| StoreError::Backend("message writer stopped".to_owned()))?;
        receipt
            .await
            .map_err(|_| StoreError::Backend("message writer stopped".to_owned()))?
    }
}

async fn run(
    store: Arc<dyn Store>,
    ids: Arc<IdGenerator>,
    recent: Arc<Recent>,
    mut receiver: mpsc::Receiver<Job>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let now_ms = crate::now_ms();
        let mut batch: Vec<NewMessage> = Vec::with_capacity(jobs.len());
        let mut replies = Vec::with_capacity(jobs.len());
        for job in jobs.drain(..) {
            let mut message = job.message;
            message.id = ids.next(now_ms);
            message.created_ms = IdGenerator::timestamp_ms(message.id);
            replies.push((job.done, message.id, message.created_ms));
            batch.push(message);
        }
        let result = store.append_messages(&batch).await;
        match &result {
            // Before any reply: the deliveries that follow the replies find the group and room messages in
            // memory.
            Ok(()) => {
                for message in batch.iter().filter(|message| message.chat_type != ChatType::Chat) {
                    recent.append(message);
                }
            }
            Err(error) => tracing::error!(%error, messages = batch.len(), "message batch not persisted"),
        }
        for (done, id, created_ms) in replies {
            let reply = match &result {
                Ok(()) => Ok((id, created_ms)),
                Err(error) => Err(StoreError::Backend(error.to_string())),
            };
            // The sender may have gone (its connection closed): the message is persisted all the same.
            let _ = done.send(reply);
        }
    }
}
