//! The command line: one subcommand per scenario, the options every scenario shares, and the bounds that
//! keep a typo from starting an unbounded load.

use crate::Report;
use crate::target::Target;
use anyhow::bail;
use clap::{Args, Parser, Subcommand};

/// Most connections `idle` opens (the target is 100,000).
pub const MAX_CONNECTIONS: usize = 200_000;
/// Longest sending phase of any scenario, in seconds.
pub const MAX_DURATION_SECS: u64 = 3600;
/// Most members of a fan-out group or room.
pub const MAX_MEMBERS: usize = 10_000;
/// Most pairs, or REST workers.
pub const MAX_PARALLEL: usize = 10_000;

#[derive(Debug, Parser)]
#[command(
    name = "natter-bench",
    version,
    about = "Load generator for Natter: msync (idle, pairs, group, room) and REST scenarios, loopback only"
)]
pub struct Cli {
    #[command(subcommand)]
    pub scenario: Scenario,
}

#[derive(Debug, Subcommand)]
pub enum Scenario {
    /// N authenticated msync connections held open: login rate and server RSS per connection.
    Idle {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: crate::idle::IdleArgs,
    },
    /// P one-to-one sender/receiver pairs: acked and delivered messages/s, send→deliver latency.
    Pairs {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: crate::pairs::PairsArgs,
    },
    /// One group with every member online, senders at a fixed rate: deliveries/s and fan-out latency.
    Group {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: crate::fanout::FanoutArgs,
    },
    /// One chat room with every member present, senders at a fixed rate: deliveries/s and latency.
    Room {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: crate::fanout::FanoutArgs,
    },
    /// REST calls with an app token at a fixed concurrency: requests/s and latency.
    Rest {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: crate::rest::RestArgs,
    },
}

/// Options of every scenario.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// The server: http://HOST:PORT (or ws://HOST:PORT/websocket). Loopback only.
    #[arg(long, default_value = "http://127.0.0.1:7820", env = "NATTER_BENCH_URL")]
    pub url: String,
    /// The app the load runs in, `org#app`.
    #[arg(long, default_value = "natter#default", env = "NATTER_BENCH_APP_KEY")]
    pub app_key: String,
    /// The app's client id (`natter app create --json` prints it).
    #[arg(long, env = "NATTER_BENCH_CLIENT_ID")]
    pub client_id: String,
    /// The app's client secret.
    #[arg(long, env = "NATTER_BENCH_CLIENT_SECRET")]
    pub client_secret: String,
    /// The server's process id, to read its VmRSS from /proc/<pid>/status.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Prefix of the users the scenario creates (default: one per scenario, with a run id for message
    /// scenarios so that runs never see each other's messages).
    #[arg(long)]
    pub user_prefix: Option<String>,
    /// Print the report as JSON on stdout instead of the human summary.
    #[arg(long)]
    pub json: bool,
}

impl Cli {
    /// Whether the report should be printed as JSON.
    pub fn json(&self) -> bool {
        self.common().json
    }

    pub fn common(&self) -> &Common {
        match &self.scenario {
            Scenario::Idle { common, .. }
            | Scenario::Pairs { common, .. }
            | Scenario::Group { common, .. }
            | Scenario::Room { common, .. }
            | Scenario::Rest { common, .. } => common,
        }
    }
}

impl Common {
    pub fn target(&self) -> anyhow::Result<Target> {
        Target::parse(&self.url, &self.app_key)
    }

    /// The user prefix: the given one, or `default`.
    pub fn prefix(&self, default: &str) -> String {
        self.user_prefix.clone().unwrap_or_else(|| default.to_owned())
    }
}

/// A run id for user names: seconds since the epoch, base 36 (short and lowercase).
pub fn run_id() -> String {
    let mut secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    let mut digits = Vec::new();
    while secs > 0 {
        let digit = (secs % 36) as u8;
        digits.push(if digit < 10 {
            b'0' + digit
        } else {
            b'a' + digit - 10
        });
        secs /= 36;
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// Refuses a value outside `1..=max`.
pub fn bounded(name: &str, value: u64, max: u64) -> anyhow::Result<()> {
    if value == 0 || value > max {
        bail!("--{name} must be between 1 and {max}, not {value}");
    }
    Ok(())
}

/// Runs the chosen scenario.
pub async fn run(cli: Cli) -> anyhow::Result<Report> {
    match cli.scenario {
        Scenario::Idle { common, args } => crate::idle::run(&common, &args).await,
        Scenario::Pairs { common, args } => crate::pairs::run(&common, &args).await,
        Scenario::Group { common, args } => {
            crate::fanout::run(&common, &args, crate::fanout::Kind::Group).await
        }
        Scenario::Room { common, args } => {
            crate::fanout::run(&common, &args, crate::fanout::Kind::Room).await
        }
        Scenario::Rest { common, args } => crate::rest::run(&common, &args).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_are_short_lowercase_names() {
        let id = run_id();
        assert!(!id.is_empty() && id.len() <= 8, "{id}");
        assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    }

    #[test]
    fn bounds_refuse_zero_and_too_much() {
        assert!(bounded("pairs", 0, 10).is_err());
        assert!(bounded("pairs", 11, 10).is_err());
        assert!(bounded("pairs", 10, 10).is_ok());
    }

    #[test]
    fn every_scenario_parses_with_the_shared_options() {
        for scenario in ["idle", "pairs", "group", "room", "rest"] {
            let cli = Cli::try_parse_from([
                "natter-bench",
                scenario,
                "--client-id",
                "id",
                "--client-secret",
                "secret",
                "--json",
            ])
            .unwrap_or_else(|error| panic!("{scenario}: {error}"));
            assert!(cli.json());
            assert_eq!(cli.common().url, "http://127.0.0.1:7820");
        }
    }
}
