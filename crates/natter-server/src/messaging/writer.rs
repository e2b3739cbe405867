//! Group commit: one task writes messages in batches, one transaction (one fsync) per batch, so that a
//! message is on disk before it is acknowledged without an fsync per message.
//!
//! It is also the only task that writes queue cursors (the acknowledgements gathered by `cursors.rs`),
//! between message batches: two writers fought over SQLite's write lock, and the loser slept in SQLite's
//! busy handler for milliseconds at a time (BENCHMARKS.md, the `group` profile).
//!
//! The writer also assigns the message ids, in the order it commits them. That makes the timelines
//! append-only in id order: a reader that has seen id N will never later see a smaller id appear in the
//! same conversation, so queue cursors can simply move forward.

use super::cursors::{Cursors, GATHER};
use super::recent::Recent;
use natter_core::IdGenerator;
use natter_store::{NewMessage, Store, StoreError};
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
    pub(crate) fn spawn(
        store: Arc<dyn Store>,
        ids: Arc<IdGenerator>,
        recent: Arc<Recent>,
        cursors: Arc<Cursors>,
    ) -> Writer {
        let (jobs, receiver) = mpsc::channel(8 * MAX_BATCH);
        tokio::spawn(run(store, ids, recent, cursors, receiver));
        Writer { jobs }
    }

    /// Hands `message` to the writer (its `id` and `created_ms` are assigned there), in the order of the
    /// calls; the receipt resolves once the batch holding it is committed. A message handed over is
    /// written even if nobody waits for its receipt.
    pub(crate) async fn enqueue(&self, message: NewMessage) -> Result<Receipt, StoreError> {
        let (done, receipt) = oneshot::channel();
        self.jobs
            .send(Job { message, done })
            .await
            .map_err(|_| StoreError::Backend("message writer stopped".to_owned()))?;
        Ok(Receipt(receipt))
    }
}

/// The id and time of an enqueued message, once its batch is committed.
#[derive(Debug)]
pub(crate) struct Receipt(oneshot::Receiver<Result<(u64, i64), StoreError>>);

impl Receipt {
    pub(crate) async fn wait(self) -> Result<(u64, i64), StoreError> {
        self.0
            .await
            .map_err(|_| StoreError::Backend("message writer stopped".to_owned()))?
    }
}

async fn run(
    store: Arc<dyn Store>,
    ids: Arc<IdGenerator>,
    recent: Arc<Recent>,
    cursors: Arc<Cursors>,
    mut receiver: mpsc::Receiver<Job>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    // When the gathered acknowledgements are due to be written: GATHER after the first one since the last
    // flush.
    let mut flush_at: Option<tokio::time::Instant> = None;
    loop {
        tokio::select! {
            received = receiver.recv_many(&mut jobs, MAX_BATCH) => {
                if received == 0 {
                    break;
                }
                write_batch(&store, &ids, &recent, &mut jobs).await;
            }
            () = cursors.woken(), if flush_at.is_none() => {
                flush_at = Some(tokio::time::Instant::now() + GATHER);
            }
            () = sleep_until(flush_at), if flush_at.is_some() => {
                flush_at = None;
                cursors.flush(&store).await;
            }
        }
    }
    cursors.flush(&store).await;
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

async fn write_batch(store: &Arc<dyn Store>, ids: &IdGenerator, recent: &Recent, jobs: &mut Vec<Job>) {
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
        // Before any reply: the deliveries that follow the replies find the messages in memory, so a
        // recipient's pulls (the one that fetches and the acknowledging one at the head) read no store.
        Ok(()) => {
            for message in &batch {
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
