//! One msync connection under message load, and the run that drives many of them.
//!
//! A connection task owns its socket. As a sender it keeps up to `window` messages in flight (optionally
//! paced to a fixed rate); as a receiver it answers each NOTICE the way the SDK does: pull the queue,
//! acknowledge the page with its `next_key`, pull again until the empty `is_last` reply. The send time
//! travels in the message text (`{run tag}:{microseconds}:padding`), so latency is measured where the
//! message arrives; the ack latency rides in the client's `meta_id` (`microseconds << 12 | seq`).

use crate::msync::{self, Destination, Socket};
use crate::progress::Progress;
use crate::stats::Latency;
use crate::target::Target;
use futures_util::{SinkExt, StreamExt};
use natter_msync::pb::{self, m_sync::Command};
use prost::Message as _;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// Bits of `meta_id` below the send time (a per-connection sequence, so ids stay unique).
const SEQ_BITS: u32 = 12;

/// Microseconds since the run started; shared by every task so send and receive times compare.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    origin: Instant,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            origin: Instant::now(),
        }
    }

    pub fn us_of(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.origin).as_micros()).unwrap_or(u64::MAX)
    }

    pub fn now_us(&self) -> u64 {
        self.us_of(Instant::now())
    }
}

/// Live counters of a run, read by the progress bar and the orchestration.
#[derive(Debug, Default)]
pub struct Counters {
    pub sent: AtomicU64,
    pub acked: AtomicU64,
    pub refused: AtomicU64,
    pub delivered: AtomicU64,
    /// Microseconds (run clock) of the latest delivery.
    pub last_delivery_us: AtomicU64,
    /// Senders that finished their sending phase.
    pub senders_done: AtomicU64,
    /// Connections that ended before the run did.
    pub dropped: AtomicU64,
    /// The first refusal or connection error, for the report.
    pub first_error: Mutex<Option<String>>,
}

impl Counters {
    fn note_error(&self, error: String) {
        let mut first = self
            .first_error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if first.is_none() {
            *first = Some(error);
        }
    }

    pub fn first_error(&self) -> Option<String> {
        self.first_error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// What a sending connection sends.
#[derive(Debug, Clone)]
pub struct SendPlan {
    pub to: Destination,
    /// Most messages sent and not yet acknowledged.
    pub window: usize,
    /// Time between two sends, for a fixed rate; `None` sends whenever the window allows.
    pub period: Option<Duration>,
    /// The first send (staggers paced senders).
    pub first_at: Instant,
    /// No send after this instant.
    pub until: Instant,
    /// No more than this many messages.
    pub max_messages: u64,
    /// Bytes of message text.
    pub size: usize,
}

/// One connection of a run.
#[derive(Debug)]
pub struct Peer {
    pub socket: Socket,
    pub user: String,
    pub plan: Option<SendPlan>,
}

/// What a connection measured.
#[derive(Debug, Default)]
pub struct PeerOutcome {
    pub ack: Latency,
    pub delivery: Latency,
}

#[derive(Debug)]
struct QueueState {
    jid: pb::Jid,
    key: Option<u64>,
    pulling: bool,
    /// A NOTICE came while a pull was running: pull again after it.
    again: bool,
}

/// The text of a message: the run tag, the send time, and padding up to `size` bytes.
fn message_text(tag: &str, send_us: u64, size: usize) -> String {
    let mut text = format!("{tag}:{send_us}:");
    while text.len() < size {
        text.push('x');
    }
    text
}

/// The send time of a delivered message of this run.
fn sent_at(tag: &str, text: &str) -> Option<u64> {
    let mut parts = text.splitn(3, ':');
    if parts.next()? != tag {
        return None;
    }
    parts.next()?.parse().ok()
}

struct Connection<'a> {
    socket: Socket,
    app_key: &'a str,
    user: String,
    tag: &'a str,
    clock: Clock,
    counters: &'a Counters,
    queues: HashMap<String, QueueState>,
    outcome: PeerOutcome,
    in_flight: usize,
}

impl Connection<'_> {
    /// Handles one inbound frame; `Err` when the connection must end.
    async fn handle(&mut self, frame: pb::MSync) -> Result<(), String> {
        match frame.command.and_then(|raw| Command::try_from(raw).ok()) {
            Some(Command::Notice) => {
                let notice = pb::CommNotice::decode(frame.payload.as_deref().unwrap_or_default())
                    .map_err(|error| format!("bad NOTICE: {error}"))?;
                let Some(queue) = notice.queue else { return Ok(()) };
                let name = queue.name.clone().unwrap_or_default();
                let state = self.queues.entry(name).or_insert_with(|| QueueState {
                    jid: queue,
                    key: None,
                    pulling: false,
                    again: false,
                });
                if state.pulling {
                    state.again = true;
                    return Ok(());
                }
                state.pulling = true;
                let request = msync::pull(&state.jid, state.key);
                self.send(request).await
            }
            Some(Command::Sync) | None => {
                let reply = pb::CommSyncDl::decode(frame.payload.as_deref().unwrap_or_default())
                    .map_err(|error| format!("bad CommSyncDL: {error}"))?;
                if let Some(meta_id) = reply.meta_id {
                    self.acked(meta_id, &reply);
                    return Ok(());
                }
                self.pulled(reply).await
            }
            _ => Ok(()),
        }
    }

    fn acked(&mut self, meta_id: u64, reply: &pb::CommSyncDl) {
        self.in_flight = self.in_flight.saturating_sub(1);
        let status = reply.status.clone().unwrap_or_default();
        if status.error_code == Some(0) {
            self.counters.acked.fetch_add(1, Ordering::Relaxed);
            let sent_us = meta_id >> SEQ_BITS;
            self.outcome
                .ack
                .record_us(self.clock.now_us().saturating_sub(sent_us));
        } else {
            self.counters.refused.fetch_add(1, Ordering::Relaxed);
            self.counters.note_error(format!(
                "send refused: code {:?} {:?}",
                status.error_code,
                status.reason.unwrap_or_default()
            ));
        }
    }

    async fn pulled(&mut self, reply: pb::CommSyncDl) -> Result<(), String> {
        let name = reply
            .queue
            .as_ref()
            .and_then(|queue| queue.name.clone())
            .unwrap_or_default();
        let now_us = self.clock.now_us();
        let mut delivered = 0;
        for meta in &reply.metas {
            if let Some(sent_us) = msync::meta_text(meta).and_then(|text| sent_at(self.tag, &text)) {
                delivered += 1;
                self.outcome.delivery.record_us(now_us.saturating_sub(sent_us));
            }
        }
        if delivered > 0 {
            self.counters.delivered.fetch_add(delivered, Ordering::Relaxed);
            self.counters
                .last_delivery_us
                .fetch_max(now_us, Ordering::Relaxed);
        }
        let Some(state) = self.queues.get_mut(&name) else {
            return Ok(());
        };
        let ok = reply.status.as_ref().and_then(|status| status.error_code) == Some(0);
        if ok && (!reply.metas.is_empty() || reply.next_key.is_some()) {
            // A page: acknowledge it and ask for the next one.
            state.key = reply.next_key.or(state.key);
            let request = msync::pull(&state.jid, state.key);
            return self.send(request).await;
        }
        if !ok {
            self.counters
                .note_error(format!("pull failed: {:?}", reply.status));
        }
        state.pulling = false;
        if state.again {
            state.again = false;
            state.pulling = true;
            let request = msync::pull(&state.jid, state.key);
            return self.send(request).await;
        }
        Ok(())
    }

    async fn send(&mut self, message: tokio_tungstenite::tungstenite::Message) -> Result<(), String> {
        self.socket
            .send(message)
            .await
            .map_err(|error| format!("send failed: {error}"))
    }
}

/// Runs one connection until `stop` turns true.
pub async fn run_peer(
    peer: Peer,
    app_key: &str,
    tag: &str,
    clock: Clock,
    counters: &Counters,
    mut stop: watch::Receiver<bool>,
) -> PeerOutcome {
    let Peer { socket, user, plan } = peer;
    let mut connection = Connection {
        socket,
        app_key,
        user,
        tag,
        clock,
        counters,
        queues: HashMap::new(),
        outcome: PeerOutcome::default(),
        in_flight: 0,
    };
    let mut sending = plan.is_some();
    let mut sent: u64 = 0;
    let mut next_at = plan.as_ref().map_or_else(Instant::now, |plan| plan.first_at);
    loop {
        if let Some(plan) = &plan
            && sending
            && (sent >= plan.max_messages || Instant::now() >= plan.until)
        {
            sending = false;
            counters.senders_done.fetch_add(1, Ordering::Relaxed);
        }
        let can_send = sending
            && plan
                .as_ref()
                .is_some_and(|plan| connection.in_flight < plan.window);
        let paced = plan.as_ref().and_then(|plan| plan.period).is_some();
        tokio::select! {
            biased;
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
            frame = msync::next(&mut connection.socket) => {
                let outcome = match frame {
                    Some(Ok(frame)) => connection.handle(frame).await,
                    Some(Err(error)) => Err(format!("{error:#}")),
                    None => Err("closed by the server".to_owned()),
                };
                if let Err(error) = outcome {
                    counters.dropped.fetch_add(1, Ordering::Relaxed);
                    counters.note_error(format!("{}: {error}", connection.user));
                    if sending {
                        counters.senders_done.fetch_add(1, Ordering::Relaxed);
                    }
                    return connection.outcome;
                }
            }
            () = tokio::time::sleep_until(next_at), if can_send && paced => {
                if let Some(plan) = &plan {
                    let message = next_message(&connection, plan, next_at, sent);
                    if connection.send(message).await.is_err() {
                        counters.dropped.fetch_add(1, Ordering::Relaxed);
                        counters.senders_done.fetch_add(1, Ordering::Relaxed);
                        return connection.outcome;
                    }
                    connection.in_flight += 1;
                    sent += 1;
                    counters.sent.fetch_add(1, Ordering::Relaxed);
                    next_at += plan.period.unwrap_or_default();
                }
            }
            () = std::future::ready(()), if can_send && !paced => {
                if let Some(plan) = &plan {
                    let message = next_message(&connection, plan, Instant::now(), sent);
                    if connection.send(message).await.is_err() {
                        counters.dropped.fetch_add(1, Ordering::Relaxed);
                        counters.senders_done.fetch_add(1, Ordering::Relaxed);
                        return connection.outcome;
                    }
                    connection.in_flight += 1;
                    sent += 1;
                    counters.sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
    let _ = connection.socket.close(None).await;
    connection.outcome
}

/// The next message; paced senders stamp the time it was due, not the time it went out, so a sender
/// held back by its window still counts the wait (no coordinated omission).
fn next_message(
    connection: &Connection<'_>,
    plan: &SendPlan,
    due: Instant,
    sequence: u64,
) -> tokio_tungstenite::tungstenite::Message {
    let send_us = connection.clock.us_of(due);
    let meta_id = (send_us << SEQ_BITS) | (sequence & ((1 << SEQ_BITS) - 1));
    msync::text_message(
        connection.app_key,
        &connection.user,
        &plan.to,
        meta_id,
        message_text(connection.tag, send_us, plan.size),
    )
}

/// Logs `users` (name, token) in, `concurrency` at a time, in order; `done` counts finished logins.
pub async fn login_all(
    target: &Target,
    users: &[(String, String)],
    concurrency: usize,
    done: &Arc<AtomicU64>,
) -> anyhow::Result<Vec<Socket>> {
    let results: Vec<anyhow::Result<Socket>> = futures_util::stream::iter(users.iter().enumerate())
        .map(|(index, (user, token))| {
            let done = Arc::clone(done);
            async move {
                let socket = msync::login(target, None, user, token, &format!("bench_{index}")).await;
                done.fetch_add(1, Ordering::Relaxed);
                socket
            }
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    results.into_iter().collect()
}

/// How a message run is bounded.
#[derive(Debug, Clone, Copy)]
pub struct RunBounds {
    /// The sending phase.
    pub duration: Duration,
    /// After sending: how long to wait for the last deliveries.
    pub drain: Duration,
    /// Deliveries expected per acknowledged message (1 for pairs, members − 1 for a group).
    pub fan_out: u64,
}

/// What a run measured.
#[derive(Debug)]
pub struct RunOutcome {
    pub sent: u64,
    pub acked: u64,
    pub refused: u64,
    pub delivered: u64,
    pub expected: u64,
    pub dropped: u64,
    /// The sending phase, in seconds.
    pub send_secs: f64,
    /// From the first send to the last delivery, in seconds.
    pub deliver_secs: f64,
    pub ack: Latency,
    pub delivery: Latency,
    pub first_error: Option<String>,
    /// CPU seconds the server used over the run (with `--server-pid`).
    pub server_cpu_secs: Option<f64>,
    /// CPU seconds this load generator used over the run.
    pub bench_cpu_secs: Option<f64>,
}

/// CPU seconds used between two readings.
fn cpu_used(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    Some(after? - before?)
}

/// Runs `peers` (their plans' `first_at` and `until` already set from `clock`) until every sender is done
/// and every delivery arrived, or the drain time ran out.
pub async fn run(
    peers: Vec<Peer>,
    app_key: &str,
    tag: &str,
    clock: Clock,
    bounds: RunBounds,
    label: &str,
    server_pid: Option<u32>,
) -> RunOutcome {
    let server_cpu_before = server_pid.and_then(|pid| crate::setup::cpu_secs(Some(pid)));
    let bench_cpu_before = crate::setup::cpu_secs(None);
    let counters = Arc::new(Counters::default());
    let (stop, stopped) = watch::channel(false);
    let senders = peers.iter().filter(|peer| peer.plan.is_some()).count() as u64;
    let mut tasks = tokio::task::JoinSet::new();
    for peer in peers {
        let counters = Arc::clone(&counters);
        let stopped = stopped.clone();
        let app_key = app_key.to_owned();
        let tag = tag.to_owned();
        tasks.spawn(async move { run_peer(peer, &app_key, &tag, clock, &counters, stopped).await });
    }
    let started = Instant::now();
    let total_secs = bounds.duration.as_secs().max(1);
    let progress = {
        let counters = Arc::clone(&counters);
        Progress::bar(label, total_secs, move || {
            let secs = started.elapsed().as_secs().min(total_secs);
            let acked = counters.acked.load(Ordering::Relaxed);
            let delivered = counters.delivered.load(Ordering::Relaxed);
            (secs, format!("acked {acked} delivered {delivered}"))
        })
    };
    // The sending phase: until every sender stopped (its deadline or count), bounded by the duration
    // plus a margin for senders stuck on a full window.
    let hard_stop = started + bounds.duration + Duration::from_secs(30);
    while counters.senders_done.load(Ordering::Relaxed) < senders && Instant::now() < hard_stop {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let send_secs = started.elapsed().as_secs_f64();
    // Draining: acks still in flight, then deliveries.
    let drain_until = Instant::now() + bounds.drain;
    loop {
        let settled = counters.acked.load(Ordering::Relaxed) + counters.refused.load(Ordering::Relaxed)
            >= counters.sent.load(Ordering::Relaxed)
            && counters.delivered.load(Ordering::Relaxed)
                >= counters.acked.load(Ordering::Relaxed) * bounds.fan_out;
        if settled || Instant::now() >= drain_until {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let server_cpu_secs = cpu_used(
        server_cpu_before,
        server_pid.and_then(|pid| crate::setup::cpu_secs(Some(pid))),
    );
    let bench_cpu_secs = cpu_used(bench_cpu_before, crate::setup::cpu_secs(None));
    let _ = stop.send(true);
    let mut ack = Latency::new();
    let mut delivery = Latency::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(outcome) = joined {
            ack.merge(&outcome.ack);
            delivery.merge(&outcome.delivery);
        }
    }
    progress.finish();
    let first_send_us = clock.us_of(started);
    let last_delivery_us = counters.last_delivery_us.load(Ordering::Relaxed);
    let acked = counters.acked.load(Ordering::Relaxed);
    RunOutcome {
        sent: counters.sent.load(Ordering::Relaxed),
        acked,
        refused: counters.refused.load(Ordering::Relaxed),
        delivered: counters.delivered.load(Ordering::Relaxed),
        expected: acked * bounds.fan_out,
        dropped: counters.dropped.load(Ordering::Relaxed),
        send_secs,
        deliver_secs: last_delivery_us.saturating_sub(first_send_us) as f64 / 1e6,
        ack,
        delivery,
        first_error: counters.first_error(),
        server_cpu_secs,
        bench_cpu_secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_send_time_travels_in_the_text() {
        let text = message_text("r1", 123_456, 64);
        assert_eq!(text.len(), 64);
        assert_eq!(sent_at("r1", &text), Some(123_456));
        assert_eq!(sent_at("r2", &text), None, "another run's message");
        assert_eq!(sent_at("r1", "hello"), None);
        assert_eq!(message_text("r1", 5, 0), "r1:5:");
    }
}
