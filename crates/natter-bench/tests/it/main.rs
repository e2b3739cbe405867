//! The CI smoke of every natter-bench scenario: a real `natter serve` (the debug binary) on a temporary
//! data directory, each scenario run tiny, asserting only that the load went through (messages delivered,
//! connections up, requests answered): never a timing.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The `natter` binary: `NATTER_BIN`, else the one beside this test in the target directory (built
/// with `cargo build -p natter` when missing).
fn natter_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("NATTER_BIN") {
        return PathBuf::from(path);
    }
    // target/debug/deps/it-… → target/debug/natter
    let exe = std::env::current_exe().expect("test executable");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let bin = profile_dir.join(format!("natter{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let target_dir = profile_dir.parent().expect("target dir");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", "natter"])
            .env("CARGO_TARGET_DIR", target_dir)
            .status()
            .expect("cargo build -p natter");
        assert!(status.success(), "building natter failed");
    }
    bin
}

/// A `natter serve` child on 127.0.0.1:0 with app acme#chat, killed when dropped.
struct Server {
    child: Child,
    url: String,
    client_id: String,
    client_secret: String,
    _data: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let data = tempfile::tempdir().expect("temp dir");
        let bin = natter_bin();
        let created = Command::new(&bin)
            .args([
                "app",
                "create",
                "--org",
                "acme",
                "--app",
                "chat",
                "--json",
                "--data-dir",
            ])
            .arg(data.path())
            .env_remove("NATTER_CONFIG")
            .output()
            .expect("natter app create");
        assert!(created.status.success(), "{created:?}");
        let app: Value = serde_json::from_slice(&created.stdout).expect("app JSON");
        let mut child = Command::new(&bin)
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data.path())
            .env_remove("NATTER_CONFIG")
            // The documented bench settings: no REST quotas, fan-out rates above the load.
            .env("NATTER_RATE_LIMITS__ENABLED", "false")
            .env("NATTER_MESSAGES__GROUP_MESSAGES_PER_SEC", "1000000")
            .env("NATTER_MESSAGES__ROOM_MESSAGES_PER_SEC", "1000000")
            .env("NATTER_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("natter serve");
        let stdout = child.stdout.take().expect("stdout");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let url = loop {
            let line = received
                .recv_timeout(Duration::from_secs(30))
                .expect("natter prints its listening line");
            if let Some(url) = line.strip_prefix("natter listening on ") {
                break url.to_owned();
            }
        };
        Server {
            child,
            url,
            client_id: app["client_id"].as_str().expect("client_id").to_owned(),
            client_secret: app["client_secret"].as_str().expect("client_secret").to_owned(),
            _data: data,
        }
    }

    /// Runs `natter-bench <scenario> <args…>` against this server and returns its JSON report.
    async fn bench(&self, scenario: &str, args: &[&str]) -> Value {
        let pid = self.child.id().to_string();
        let mut argv = vec![
            "natter-bench",
            scenario,
            "--url",
            &self.url,
            "--app-key",
            "acme#chat",
            "--client-id",
            &self.client_id,
            "--client-secret",
            &self.client_secret,
            "--server-pid",
            &pid,
            "--json",
        ];
        argv.extend_from_slice(args);
        let cli = <natter_bench::Cli as clap::Parser>::try_parse_from(argv).expect("arguments");
        let report = natter_bench::run(cli).await.expect("scenario runs");
        assert_eq!(report.scenario, scenario);
        assert!(!report.summary.is_empty());
        report.json
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn count(report: &Value, key: &str) -> u64 {
    report[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {report}"))
}

#[tokio::test]
async fn idle_holds_authenticated_connections_and_reads_the_server_rss() {
    let server = Server::start();
    let report = server
        .bench("idle", &["--connections", "20", "--settle", "1", "--hold", "1"])
        .await;
    assert_eq!(count(&report, "connected"), 20, "{report}");
    assert_eq!(count(&report, "failed"), 0, "{report}");
    assert_eq!(count(&report, "still_open_after_hold"), 20, "{report}");
    assert!(report["server_rss_after_kib"].as_u64().is_some(), "{report}");
    assert!(report["server_rss_per_connection_kib"].is_number(), "{report}");
}

#[tokio::test]
async fn pairs_deliver_every_acknowledged_message() {
    let server = Server::start();
    let report = server
        .bench(
            "pairs",
            &[
                "--pairs",
                "2",
                "--messages",
                "50",
                "--window",
                "8",
                "--duration",
                "30",
            ],
        )
        .await;
    assert_eq!(count(&report, "acked"), 100, "{report}");
    assert_eq!(count(&report, "delivered"), 100, "{report}");
    assert_eq!(count(&report, "refused"), 0, "{report}");
    assert_eq!(report["delivery_latency"]["count"], 100, "{report}");
}

#[tokio::test]
async fn paced_pairs_deliver_too() {
    let server = Server::start();
    let report = server
        .bench(
            "pairs",
            &[
                "--pairs",
                "2",
                "--messages",
                "10",
                "--rate",
                "200",
                "--duration",
                "30",
            ],
        )
        .await;
    assert_eq!(count(&report, "delivered"), 20, "{report}");
}

#[tokio::test]
async fn a_group_message_reaches_every_other_member() {
    let server = Server::start();
    let report = server
        .bench(
            "group",
            &[
                "--members",
                "5",
                "--senders",
                "1",
                "--rate",
                "200",
                "--messages",
                "20",
                "--duration",
                "30",
            ],
        )
        .await;
    assert_eq!(count(&report, "acked"), 20, "{report}");
    assert_eq!(count(&report, "delivered"), 80, "{report}");
}

#[tokio::test]
async fn a_room_message_reaches_every_other_present_member() {
    let server = Server::start();
    let report = server
        .bench(
            "room",
            &[
                "--members",
                "5",
                "--senders",
                "2",
                "--rate",
                "200",
                "--messages",
                "10",
                "--duration",
                "30",
            ],
        )
        .await;
    assert_eq!(count(&report, "acked"), 20, "{report}");
    assert_eq!(count(&report, "delivered"), 80, "{report}");
}

#[tokio::test]
async fn rest_reads_users_with_the_app_token() {
    let server = Server::start();
    let report = server
        .bench("rest", &["--duration", "1", "--concurrency", "4", "--users", "3"])
        .await;
    assert!(count(&report, "ok") > 0, "{report}");
    assert_eq!(count(&report, "transport_errors"), 0, "{report}");
    assert_eq!(
        report["statuses"].as_object().map(|statuses| statuses.len()),
        Some(1),
        "only 200s: {report}"
    );
}

#[tokio::test]
async fn rest_sends_group_messages() {
    let server = Server::start();
    let report = server
        .bench(
            "rest",
            &[
                "--duration",
                "1",
                "--concurrency",
                "2",
                "--users",
                "3",
                "--op",
                "send-group",
            ],
        )
        .await;
    assert!(count(&report, "ok") > 0, "{report}");
}

#[tokio::test]
async fn non_loopback_targets_are_refused_before_any_request() {
    let cli = <natter_bench::Cli as clap::Parser>::try_parse_from([
        "natter-bench",
        "rest",
        "--url",
        "http://192.0.2.1:7820",
        "--client-id",
        "x",
        "--client-secret",
        "y",
    ])
    .expect("arguments");
    let error = natter_bench::run(cli).await.expect_err("refused");
    assert!(format!("{error:#}").contains("loopback"), "{error:#}");
}
