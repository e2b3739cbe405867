//! `group` and `room`: one conversation with every member online; a few members send at a fixed total
//! rate and every other member receives each message. Reports deliveries/s and fan-out latency.

use crate::Report;
use crate::cli::{Common, MAX_DURATION_SECS, MAX_MEMBERS, bounded, run_id};
use crate::msync::Destination;
use crate::pairs::{log_in, outcome_json, outcome_summary};
use crate::peer::{self, Clock, Peer, RunBounds, SendPlan};
use crate::setup::Rest;
use clap::Args;
use serde_json::json;
use std::time::Duration;
use tokio::time::Instant;

/// Group or chat room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Group,
    Room,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Group => "group",
            Kind::Room => "room",
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct FanoutArgs {
    /// Members, all online (the owner included).
    #[arg(long, default_value_t = 500)]
    pub members: usize,
    /// Members that send.
    #[arg(long, default_value_t = 5)]
    pub senders: usize,
    /// Total messages/s into the conversation, over all senders.
    #[arg(long, default_value_t = 1000)]
    pub rate: u64,
    /// Seconds of sending.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Most messages per sender.
    #[arg(long, default_value_t = 1_000_000)]
    pub messages: u64,
    /// Messages in flight (sent, not yet acked) per sender.
    #[arg(long, default_value_t = 64)]
    pub window: usize,
    /// Bytes of message text.
    #[arg(long, default_value_t = 64)]
    pub size: usize,
    /// Seconds to wait for the last deliveries after sending stops.
    #[arg(long, default_value_t = 20)]
    pub drain: u64,
}

pub async fn run(common: &Common, args: &FanoutArgs, kind: Kind) -> anyhow::Result<Report> {
    bounded("members", args.members as u64, MAX_MEMBERS as u64)?;
    if args.members < 2 {
        anyhow::bail!("--members must be at least 2 (a sender and a receiver)");
    }
    bounded("senders", args.senders as u64, args.members as u64)?;
    bounded("rate", args.rate, 1_000_000)?;
    bounded("duration", args.duration, MAX_DURATION_SECS)?;
    bounded("messages", args.messages, 100_000_000)?;
    bounded("window", args.window as u64, 100_000)?;
    bounded("drain", args.drain, 600)?;
    let target = common.target()?;
    let rest = Rest::connect(&target, &common.client_id, &common.client_secret).await?;
    let tag = run_id();
    let prefix = common.prefix(&format!("bench_{}_{tag}", kind.name()));
    let members: Vec<String> = (0..args.members)
        .map(|index| format!("{prefix}_m{index}"))
        .collect();
    // Users first (tokens create them), then the conversation, then the logins: a device that logs in
    // after the room exists is present in it from its first frame.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    rest.user_tokens(&members, 8, &done).await?;
    let conversation = match kind {
        Kind::Group => Destination::Group(rest.create_group(&members[0], &members).await?),
        Kind::Room => Destination::Room(rest.create_room(&members[0], &members).await?),
    };
    let sockets = log_in(&rest, &members, "login").await?;
    let clock = Clock::start();
    let start = Instant::now() + Duration::from_millis(50);
    let until = start + Duration::from_secs(args.duration);
    let period = Duration::from_secs_f64(args.senders as f64 / args.rate as f64);
    let peers: Vec<Peer> = members
        .iter()
        .zip(sockets)
        .enumerate()
        .map(|(index, (member, socket))| Peer {
            socket,
            user: member.clone(),
            plan: (index < args.senders).then(|| SendPlan {
                to: conversation.clone(),
                window: args.window,
                period: Some(period),
                first_at: start + period.mul_f64(index as f64 / args.senders as f64),
                until,
                max_messages: args.messages,
                size: args.size,
            }),
        })
        .collect();
    let outcome = peer::run(
        peers,
        &target.app_key,
        &tag,
        clock,
        RunBounds {
            duration: Duration::from_secs(args.duration),
            drain: Duration::from_secs(args.drain),
            fan_out: args.members as u64 - 1,
        },
        kind.name(),
        common.server_pid,
    )
    .await;
    let mut json = outcome_json(&outcome);
    json["scenario"] = json!(kind.name());
    json["members"] = json!(args.members);
    json["senders"] = json!(args.senders);
    json["rate"] = json!(args.rate);
    json["size"] = json!(args.size);
    json["conversation"] = json!(match &conversation {
        Destination::Group(id) | Destination::Room(id) | Destination::User(id) => id.clone(),
    });
    let summary = format!(
        "{}: {} members online, {} senders at {} msgs/s total, {} B messages\n{}",
        kind.name(),
        args.members,
        args.senders,
        args.rate,
        args.size,
        outcome_summary(&outcome)
    );
    Ok(Report {
        scenario: kind.name(),
        json,
        summary,
    })
}
