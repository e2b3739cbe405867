//! `rest`: authenticated REST calls at a fixed concurrency for a fixed time: `GET /users/{u}` (the
//! default), or message sends through `/messages/users` or `/messages/chatgroups`. Reports requests/s,
//! latency and the status codes seen.

use crate::Report;
use crate::cli::{Common, MAX_DURATION_SECS, MAX_PARALLEL, bounded, run_id};
use crate::progress::Progress;
use crate::setup::{Rest, http_client};
use crate::stats::{Latency, per_sec, round3};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// The call each worker repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Operation {
    /// `GET /{org}/{app}/users/{username}`.
    GetUser,
    /// `POST /{org}/{app}/messages/users`, one recipient.
    SendUser,
    /// `POST /{org}/{app}/messages/chatgroups`, one group.
    SendGroup,
}

impl Operation {
    fn name(self) -> &'static str {
        match self {
            Operation::GetUser => "get-user",
            Operation::SendUser => "send-user",
            Operation::SendGroup => "send-group",
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct RestArgs {
    /// Requests in flight at once.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Seconds of load.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Users to spread the calls over.
    #[arg(long, default_value_t = 100)]
    pub users: usize,
    /// The call to repeat.
    #[arg(long, value_enum, default_value_t = Operation::GetUser)]
    pub op: Operation,
}

#[derive(Debug, Default)]
struct WorkerOutcome {
    latency: Latency,
    statuses: BTreeMap<u16, u64>,
    transport_errors: u64,
}

pub async fn run(common: &Common, args: &RestArgs) -> anyhow::Result<Report> {
    bounded("concurrency", args.concurrency as u64, MAX_PARALLEL as u64)?;
    bounded("duration", args.duration, MAX_DURATION_SECS)?;
    bounded("users", args.users as u64, 100_000)?;
    if args.users < 2 && args.op != Operation::GetUser {
        anyhow::bail!("--users must be at least 2 for message sends");
    }
    let target = common.target()?;
    let rest = Rest::connect(&target, &common.client_id, &common.client_secret).await?;
    let prefix = common.prefix("bench_rest");
    let names: Vec<String> = (0..args.users).map(|index| format!("{prefix}_{index}")).collect();
    let done = Arc::new(AtomicU64::new(0));
    rest.user_tokens(&names, 8, &done).await?;
    let group = match args.op {
        Operation::SendGroup => Some(rest.create_group(&names[0], &names).await?),
        _ => None,
    };
    let client = http_client(args.concurrency)?;
    let names = Arc::new(names);
    let token = Arc::new(rest.app_token.clone());
    let requests = Arc::new(AtomicU64::new(0));
    let server_cpu_before = common
        .server_pid
        .and_then(|pid| crate::setup::cpu_secs(Some(pid)));
    let bench_cpu_before = crate::setup::cpu_secs(None);
    let start = Instant::now();
    let until = start + Duration::from_secs(args.duration);
    let tag = run_id();
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..args.concurrency {
        let (client, names, token, requests, target, group, tag) = (
            client.clone(),
            Arc::clone(&names),
            Arc::clone(&token),
            Arc::clone(&requests),
            target.clone(),
            group.clone(),
            tag.clone(),
        );
        let op = args.op;
        workers.spawn(async move {
            let mut outcome = WorkerOutcome::default();
            let mut turn = worker;
            while Instant::now() < until {
                let user = &names[turn % names.len()];
                let peer = &names[(turn + 1) % names.len()];
                turn += 1;
                let request = match op {
                    Operation::GetUser => client.get(target.app_url(&format!("/users/{user}"))),
                    Operation::SendUser => client.post(target.app_url("/messages/users")).json(&json!({
                        "from": user, "to": [peer], "type": "txt", "body": {"msg": tag},
                    })),
                    Operation::SendGroup => {
                        client.post(target.app_url("/messages/chatgroups")).json(&json!({
                            "from": user, "to": [group.as_deref().unwrap_or_default()], "type": "txt",
                            "body": {"msg": tag},
                        }))
                    }
                };
                let sent = Instant::now();
                match request.bearer_auth(token.as_str()).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        // Read the body: a response is done when its body is, and the connection is reused.
                        let _ = response.bytes().await;
                        outcome
                            .latency
                            .record_us(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
                        *outcome.statuses.entry(status).or_default() += 1;
                    }
                    Err(_) => outcome.transport_errors += 1,
                }
                requests.fetch_add(1, Ordering::Relaxed);
            }
            outcome
        });
    }
    let progress = {
        let requests = Arc::clone(&requests);
        let total = args.duration;
        Progress::bar("rest", total, move || {
            (
                start.elapsed().as_secs().min(total),
                format!("{} requests", requests.load(Ordering::Relaxed)),
            )
        })
    };
    let mut latency = Latency::new();
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    let mut transport_errors = 0;
    while let Some(joined) = workers.join_next().await {
        if let Ok(outcome) = joined {
            latency.merge(&outcome.latency);
            for (status, count) in outcome.statuses {
                *statuses.entry(status).or_default() += count;
            }
            transport_errors += outcome.transport_errors;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let server_cpu = common
        .server_pid
        .and_then(|pid| Some(crate::setup::cpu_secs(Some(pid))? - server_cpu_before?));
    let bench_cpu = crate::setup::cpu_secs(None).and_then(|after| Some(after - bench_cpu_before?));
    progress.finish();
    let ok = statuses.get(&200).copied().unwrap_or(0);
    let total = latency.count() + transport_errors;
    let status_json: serde_json::Map<String, serde_json::Value> = statuses
        .iter()
        .map(|(status, count)| (status.to_string(), json!(count)))
        .collect();
    let json = json!({
        "scenario": "rest",
        "op": args.op.name(),
        "concurrency": args.concurrency,
        "users": args.users,
        "secs": round3(secs),
        "requests": total,
        "ok": ok,
        "statuses": status_json,
        "transport_errors": transport_errors,
        "requests_per_sec": per_sec(total, secs),
        "ok_per_sec": per_sec(ok, secs),
        "latency": latency.to_json(),
        "server_cpu_secs": server_cpu.map(round3),
        "server_cpu_us_per_request": server_cpu
            .filter(|_| total > 0)
            .map(|cpu| round3(cpu * 1e6 / total as f64)),
        "bench_cpu_secs": bench_cpu.map(round3),
    });
    let mut summary = format!(
        "rest {}: {} workers for {:.2} s: {} requests, {:.0} req/s ({:.0} OK/s)\n  statuses {:?}, {} transport errors\n  latency {}\n",
        args.op.name(),
        args.concurrency,
        secs,
        total,
        per_sec(total, secs),
        per_sec(ok, secs),
        statuses,
        transport_errors,
        latency.summary()
    );
    if let Some(cpu) = server_cpu {
        summary.push_str(&format!(
            "  server CPU {cpu:.2} s ({:.0} µs per request), natter-bench CPU {:.2} s\n",
            if total > 0 { cpu * 1e6 / total as f64 } else { 0.0 },
            bench_cpu.unwrap_or(0.0)
        ));
    }
    Ok(Report {
        scenario: "rest",
        json,
        summary,
    })
}
