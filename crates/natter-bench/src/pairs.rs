//! `pairs`: P senders each talking to their own receiver. Every message is persisted before its ack
//! (the server's contract); the receiver pulls it after the NOTICE. Reports acked and delivered
//! messages/s and the send→ack and send→deliver latencies.

use crate::Report;
use crate::cli::{Common, MAX_DURATION_SECS, MAX_PARALLEL, bounded, run_id};
use crate::msync::Destination;
use crate::peer::{self, Clock, Peer, RunBounds, RunOutcome, SendPlan};
use crate::progress::Progress;
use crate::setup::Rest;
use crate::stats::{per_sec, round3};
use clap::Args;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug, Clone, Args)]
pub struct PairsArgs {
    /// Sender/receiver pairs.
    #[arg(long, default_value_t = 50)]
    pub pairs: usize,
    /// Messages in flight (sent, not yet acked) per sender.
    #[arg(long, default_value_t = 16)]
    pub window: usize,
    /// Seconds of sending.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Most messages per sender.
    #[arg(long, default_value_t = 1_000_000)]
    pub messages: u64,
    /// Total messages/s over all senders; 0 sends as fast as the acks allow (closed loop).
    #[arg(long, default_value_t = 0)]
    pub rate: u64,
    /// Bytes of message text.
    #[arg(long, default_value_t = 64)]
    pub size: usize,
    /// Seconds to wait for the last deliveries after sending stops.
    #[arg(long, default_value_t = 10)]
    pub drain: u64,
}

/// Logs in `names` with fresh tokens, showing progress; returns the sockets in order.
pub(crate) async fn log_in(
    rest: &Rest,
    names: &[String],
    label: &str,
) -> anyhow::Result<Vec<crate::msync::Socket>> {
    let done = Arc::new(AtomicU64::new(0));
    let total = names.len() as u64;
    let progress = {
        let done = Arc::clone(&done);
        Progress::bar(label, total, move || {
            (done.load(Ordering::Relaxed), String::new())
        })
    };
    let tokens = rest.user_tokens(names, 8, &done).await?;
    done.store(0, Ordering::Relaxed);
    let users: Vec<(String, String)> = names.iter().cloned().zip(tokens).collect();
    let sockets = peer::login_all(&rest.target, &users, 64, &done).await?;
    progress.finish();
    Ok(sockets)
}

/// The figures every message scenario reports.
pub(crate) fn outcome_json(outcome: &RunOutcome) -> Value {
    json!({
        "sent": outcome.sent,
        "acked": outcome.acked,
        "refused": outcome.refused,
        "delivered": outcome.delivered,
        "expected_deliveries": outcome.expected,
        "dropped_connections": outcome.dropped,
        "send_secs": round3(outcome.send_secs),
        "deliver_secs": round3(outcome.deliver_secs),
        "acked_per_sec": per_sec(outcome.acked, outcome.send_secs),
        "delivered_per_sec": per_sec(outcome.delivered, outcome.deliver_secs),
        "ack_latency": outcome.ack.to_json(),
        "delivery_latency": outcome.delivery.to_json(),
        "first_error": outcome.first_error,
        "server_cpu_secs": outcome.server_cpu_secs.map(round3),
        // CPU per acknowledged message: comparable across runs even when other work shares the machine.
        "server_cpu_us_per_msg": outcome
            .server_cpu_secs
            .filter(|_| outcome.acked > 0)
            .map(|secs| round3(secs * 1e6 / outcome.acked as f64)),
        "bench_cpu_secs": outcome.bench_cpu_secs.map(round3),
    })
}

pub(crate) fn outcome_summary(outcome: &RunOutcome) -> String {
    let mut text = format!(
        "  sent {} acked {} refused {} in {:.2} s: {:.0} acked msgs/s\n  \
         delivered {} of {} expected in {:.2} s: {:.0} deliveries/s\n  \
         send→ack     {}\n  send→deliver {}\n",
        outcome.sent,
        outcome.acked,
        outcome.refused,
        outcome.send_secs,
        per_sec(outcome.acked, outcome.send_secs),
        outcome.delivered,
        outcome.expected,
        outcome.deliver_secs,
        per_sec(outcome.delivered, outcome.deliver_secs),
        outcome.ack.summary(),
        outcome.delivery.summary(),
    );
    if let Some(cpu) = outcome.server_cpu_secs {
        text.push_str(&format!(
            "  server CPU {cpu:.2} s ({:.0} µs per acked message), natter-bench CPU {:.2} s\n",
            if outcome.acked > 0 {
                cpu * 1e6 / outcome.acked as f64
            } else {
                0.0
            },
            outcome.bench_cpu_secs.unwrap_or(0.0)
        ));
    }
    if outcome.dropped > 0 {
        text.push_str(&format!("  {} connections dropped\n", outcome.dropped));
    }
    if let Some(error) = &outcome.first_error {
        text.push_str(&format!("  first error: {error}\n"));
    }
    text
}

pub async fn run(common: &Common, args: &PairsArgs) -> anyhow::Result<Report> {
    bounded("pairs", args.pairs as u64, MAX_PARALLEL as u64)?;
    bounded("window", args.window as u64, 100_000)?;
    bounded("duration", args.duration, MAX_DURATION_SECS)?;
    bounded("messages", args.messages, 100_000_000)?;
    bounded("drain", args.drain, 600)?;
    let target = common.target()?;
    let rest = Rest::connect(&target, &common.client_id, &common.client_secret).await?;
    let tag = run_id();
    let prefix = common.prefix(&format!("bench_pairs_{tag}"));
    let senders: Vec<String> = (0..args.pairs)
        .map(|index| format!("{prefix}_s{index}"))
        .collect();
    let receivers: Vec<String> = (0..args.pairs)
        .map(|index| format!("{prefix}_r{index}"))
        .collect();
    let names: Vec<String> = receivers.iter().chain(senders.iter()).cloned().collect();
    let mut sockets = log_in(&rest, &names, "login").await?;
    let sender_sockets = sockets.split_off(args.pairs);
    let clock = Clock::start();
    let start = Instant::now() + Duration::from_millis(50);
    let until = start + Duration::from_secs(args.duration);
    // A fixed total rate is split evenly; senders are staggered across one period.
    let period = (args.rate > 0).then(|| Duration::from_secs_f64(args.pairs as f64 / args.rate as f64));
    let mut peers: Vec<Peer> = Vec::with_capacity(args.pairs * 2);
    for (receiver, socket) in receivers.iter().zip(sockets) {
        peers.push(Peer {
            socket,
            user: receiver.clone(),
            plan: None,
        });
    }
    for (index, ((sender, receiver), socket)) in
        senders.iter().zip(&receivers).zip(sender_sockets).enumerate()
    {
        let stagger = period.map_or(Duration::ZERO, |period| {
            period.mul_f64(index as f64 / args.pairs as f64)
        });
        peers.push(Peer {
            socket,
            user: sender.clone(),
            plan: Some(SendPlan {
                to: Destination::User(receiver.clone()),
                window: args.window,
                period,
                first_at: start + stagger,
                until,
                max_messages: args.messages,
                size: args.size,
            }),
        });
    }
    let outcome = peer::run(
        peers,
        &target.app_key,
        &tag,
        clock,
        RunBounds {
            duration: Duration::from_secs(args.duration),
            drain: Duration::from_secs(args.drain),
            fan_out: 1,
        },
        "pairs",
        common.server_pid,
    )
    .await;
    let mut json = outcome_json(&outcome);
    json["scenario"] = json!("pairs");
    json["pairs"] = json!(args.pairs);
    json["window"] = json!(args.window);
    json["rate"] = json!(args.rate);
    json["size"] = json!(args.size);
    let summary = format!(
        "pairs: {} pairs, window {}, {}, {} B messages\n{}",
        args.pairs,
        args.window,
        if args.rate > 0 {
            format!("{} msgs/s offered", args.rate)
        } else {
            "closed loop".to_owned()
        },
        args.size,
        outcome_summary(&outcome)
    );
    Ok(Report {
        scenario: "pairs",
        json,
        summary,
    })
}
