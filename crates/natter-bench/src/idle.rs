//! `idle`: N authenticated msync connections held open, heartbeating as the SDK does. Reports the login
//! rate and, given `--server-pid`, the server's RSS per connection: (RSS after − RSS before) / N.
//!
//! Client sockets are spread over loopback source addresses 127.0.0.2, 127.0.0.3, … (one address gives
//! only ~28k ephemeral ports towards one server port), and the open-files limit is raised to fit.

use crate::Report;
use crate::cli::{Common, MAX_CONNECTIONS, bounded};
use crate::msync;
use crate::progress::Progress;
use crate::setup::{Rest, own_rss_kib, rss_kib};
use crate::stats::{per_sec, round3};
use anyhow::Context;
use clap::Args;
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{Semaphore, watch};
use tokio::time::Instant;

#[derive(Debug, Clone, Args)]
pub struct IdleArgs {
    /// Connections to open and hold.
    #[arg(long, default_value_t = 1000)]
    pub connections: usize,
    /// Connections per user (devices); the server's `msync.max_devices` must allow as many. 1 is the
    /// honest figure; more saves creating users (Argon2) for very large N.
    #[arg(long, default_value_t = 1)]
    pub devices_per_user: usize,
    /// Logins in progress at once.
    #[arg(long, default_value_t = 200)]
    pub concurrency: usize,
    /// Connections per loopback source address (below the ~28k ephemeral ports of one address).
    #[arg(long, default_value_t = 20_000)]
    pub per_source_address: usize,
    /// Seconds to wait after the last login before reading the server's RSS.
    #[arg(long, default_value_t = 3)]
    pub settle: u64,
    /// Seconds to hold the connections after that (they heartbeat meanwhile).
    #[arg(long, default_value_t = 5)]
    pub hold: u64,
    /// Seconds between heartbeats (the SDK's UNREAD when idle).
    #[arg(long, default_value_t = 30)]
    pub heartbeat: u64,
    /// Only open the WebSockets, without PROVISION: the gateway's cost before login (the server closes
    /// such sockets after its 10 s PROVISION timeout, so keep --settle and the login phase short).
    #[arg(long)]
    pub upgrade_only: bool,
}

/// The source address of connection `index`: 127.0.0.2 and up, then 127.0.1.0 …
fn source_address(index: usize, per_address: usize) -> IpAddr {
    let slot = u32::try_from(index / per_address.max(1)).unwrap_or(u32::MAX);
    let host = u32::from(Ipv4Addr::new(127, 0, 0, 2)).saturating_add(slot);
    IpAddr::V4(Ipv4Addr::from(host))
}

/// Raises RLIMIT_NOFILE to at least `wanted` (the hard limit too, where permitted).
fn raise_open_files(wanted: u64) -> anyhow::Result<u64> {
    let (soft, hard) = rlimit::Resource::NOFILE.get().context("reading RLIMIT_NOFILE")?;
    if soft >= wanted {
        return Ok(soft);
    }
    if hard < wanted && rlimit::Resource::NOFILE.set(wanted, wanted).is_ok() {
        return Ok(wanted);
    }
    let raised = rlimit::increase_nofile_limit(wanted).context("raising RLIMIT_NOFILE")?;
    if raised < wanted {
        anyhow::bail!(
            "the open-files limit is {raised}, below the {wanted} this run needs (raise it: ulimit -n {wanted})"
        );
    }
    Ok(raised)
}

/// Holds one logged-in connection: heartbeats, answers nothing else, ends on `stop`.
async fn hold(
    mut socket: msync::Socket,
    heartbeat: Duration,
    mut stop: watch::Receiver<bool>,
    dropped: Arc<AtomicU64>,
) {
    use futures_util::SinkExt;
    let mut next_beat = Instant::now() + heartbeat;
    loop {
        tokio::select! {
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    let _ = socket.close(None).await;
                    return;
                }
            }
            frame = msync::next(&mut socket) => {
                if !matches!(frame, Some(Ok(_))) {
                    dropped.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            }
            () = tokio::time::sleep_until(next_beat) => {
                next_beat += heartbeat;
                if socket.send(msync::heartbeat()).await.is_err() {
                    dropped.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            }
        }
    }
}

pub async fn run(common: &Common, args: &IdleArgs) -> anyhow::Result<Report> {
    bounded("connections", args.connections as u64, MAX_CONNECTIONS as u64)?;
    bounded("devices-per-user", args.devices_per_user as u64, 1000)?;
    bounded("concurrency", args.concurrency as u64, 10_000)?;
    bounded("per-source-address", args.per_source_address as u64, 28_000)?;
    bounded("settle", args.settle, 600)?;
    bounded("hold", args.hold, 3600)?;
    bounded("heartbeat", args.heartbeat, 3600)?;
    let target = common.target()?;
    if !target.addr.is_ipv4() {
        anyhow::bail!("idle spreads sockets over 127.0.0.x source addresses: give an IPv4 --url");
    }
    // A little headroom over one descriptor per connection: the HTTP client, the runtime, stdio.
    let open_files = raise_open_files(args.connections as u64 + 128)?;
    let rest = Rest::connect(&target, &common.client_id, &common.client_secret).await?;
    let prefix = common.prefix("bench_idle");
    let user_count = args.connections.div_ceil(args.devices_per_user);
    let names: Vec<String> = (0..user_count).map(|index| format!("{prefix}_{index}")).collect();

    let done = Arc::new(AtomicU64::new(0));
    let progress = {
        let done = Arc::clone(&done);
        Progress::bar("tokens", user_count as u64, move || {
            (done.load(Ordering::Relaxed), String::new())
        })
    };
    let token_start = Instant::now();
    let tokens = Arc::new(rest.user_tokens(&names, 16, &done).await?);
    let token_secs = token_start.elapsed().as_secs_f64();
    progress.finish();

    let rss_before = common.server_pid.map(rss_kib).transpose()?;
    let bench_rss_before = own_rss_kib();
    let (stop, stopped) = watch::channel(false);
    let logins = Arc::new(Semaphore::new(args.concurrency));
    let connected = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let dropped = Arc::new(AtomicU64::new(0));
    let first_error: Arc<std::sync::Mutex<Option<String>>> = Arc::default();
    let progress = {
        let connected = Arc::clone(&connected);
        let failed = Arc::clone(&failed);
        Progress::bar("connect", args.connections as u64, move || {
            let failed = failed.load(Ordering::Relaxed);
            (
                connected.load(Ordering::Relaxed) + failed,
                if failed > 0 {
                    format!("{failed} failed")
                } else {
                    String::new()
                },
            )
        })
    };
    let server_cpu_before = common
        .server_pid
        .and_then(|pid| crate::setup::cpu_secs(Some(pid)));
    let login_start = Instant::now();
    let heartbeat = Duration::from_secs(args.heartbeat);
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..args.connections {
        let permit = Arc::clone(&logins)
            .acquire_owned()
            .await
            .context("login semaphore closed")?;
        let target = target.clone();
        let tokens = Arc::clone(&tokens);
        let names_index = index / args.devices_per_user;
        let user = names[names_index].clone();
        let source = source_address(index, args.per_source_address);
        let (connected, failed, dropped, first_error) = (
            Arc::clone(&connected),
            Arc::clone(&failed),
            Arc::clone(&dropped),
            Arc::clone(&first_error),
        );
        let stopped = stopped.clone();
        let upgrade_only = args.upgrade_only;
        tasks.spawn(async move {
            let resource = format!("idle_{index}");
            let socket = if upgrade_only {
                msync::open(&target, Some(source)).await
            } else {
                msync::login(&target, Some(source), &user, &tokens[names_index], &resource).await
            };
            // Counted before the permit goes back: the main task reads the counts once every permit is.
            match socket {
                Ok(socket) => {
                    connected.fetch_add(1, Ordering::Relaxed);
                    drop(permit);
                    hold(socket, heartbeat, stopped, dropped).await;
                }
                Err(error) => {
                    failed.fetch_add(1, Ordering::Relaxed);
                    let mut first = first_error
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if first.is_none() {
                        *first = Some(format!("{error:#}"));
                    }
                    drop(first);
                    drop(permit);
                }
            }
        });
    }
    // Every login finished (connected or failed) once all permits are back.
    let _all = logins
        .acquire_many(u32::try_from(args.concurrency).unwrap_or(u32::MAX))
        .await
        .context("login semaphore closed")?;
    let login_secs = login_start.elapsed().as_secs_f64();
    let login_cpu = common
        .server_pid
        .and_then(|pid| Some(crate::setup::cpu_secs(Some(pid))? - server_cpu_before?));
    progress.finish();
    let connected_count = connected.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(args.settle)).await;
    let rss_after = common.server_pid.map(rss_kib).transpose()?;
    let bench_rss_after = own_rss_kib();
    tokio::time::sleep(Duration::from_secs(args.hold)).await;
    let rss_held = common.server_pid.map(rss_kib).transpose()?;
    let still_open = connected_count.saturating_sub(dropped.load(Ordering::Relaxed));
    let _ = stop.send(true);
    while tasks.join_next().await.is_some() {}

    let per_connection_kib = match (rss_before, rss_after) {
        (Some(before), Some(after)) if connected_count > 0 => Some(round3(
            after.saturating_sub(before) as f64 / connected_count as f64,
        )),
        _ => None,
    };
    let failed_count = failed.load(Ordering::Relaxed);
    let first_error = first_error
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let json = json!({
        "scenario": "idle",
        "connections": args.connections,
        "users": user_count,
        "devices_per_user": args.devices_per_user,
        "upgrade_only": args.upgrade_only,
        "connected": connected_count,
        "failed": failed_count,
        "still_open_after_hold": still_open,
        "source_addresses": args.connections.div_ceil(args.per_source_address),
        "open_files_limit": open_files,
        "token_secs": round3(token_secs),
        "login_secs": round3(login_secs),
        "logins_per_sec": per_sec(connected_count, login_secs),
        "server_rss_before_kib": rss_before,
        "server_rss_after_kib": rss_after,
        "server_rss_after_hold_kib": rss_held,
        "server_rss_per_connection_kib": per_connection_kib,
        "bench_rss_per_connection_kib": (connected_count > 0).then(|| {
            round3(bench_rss_after.saturating_sub(bench_rss_before) as f64 / connected_count as f64)
        }),
        "server_login_cpu_secs": login_cpu.map(round3),
        "server_cpu_us_per_login": login_cpu
            .filter(|_| connected_count > 0)
            .map(|cpu| round3(cpu * 1e6 / connected_count as f64)),
        "first_error": first_error,
    });
    let mut summary = format!(
        "idle: {connected_count} of {} connections up ({failed_count} failed) in {login_secs:.2} s: {:.0} logins/s\n  \
         {still_open} still open after holding {} s\n",
        args.connections,
        per_sec(connected_count, login_secs),
        args.settle + args.hold,
    );
    match (rss_before, rss_after, per_connection_kib) {
        (Some(before), Some(after), Some(per)) => summary.push_str(&format!(
            "  server RSS {before} KiB → {after} KiB: {per:.2} KiB per connection\n"
        )),
        _ => summary.push_str("  server RSS not measured (give --server-pid)\n"),
    }
    if let Some(error) = &json["first_error"].as_str() {
        summary.push_str(&format!("  first error: {error}\n"));
    }
    Ok(Report {
        scenario: "idle",
        json,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_addresses_start_at_127_0_0_2_and_roll_over() {
        assert_eq!(source_address(0, 20_000), IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)));
        assert_eq!(
            source_address(19_999, 20_000),
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))
        );
        assert_eq!(
            source_address(20_000, 20_000),
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3))
        );
        assert_eq!(
            source_address(254 * 10, 10),
            IpAddr::V4(Ipv4Addr::new(127, 0, 1, 0))
        );
    }
}
