//! `natter serve` as a process: first start, apps created while it runs, configuration layers, signals.

use crate::{natter, natter_in, stdout};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A `natter serve` child process, killed if a test ends early.
struct Server {
    child: Option<Child>,
    base_url: String,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    fn start(directory: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_natter"))
            .current_dir(directory)
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("NATTER_CONFIG")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn natter serve");
        let stdout = child.stdout.take().expect("stdout");
        let (line_sender, line_receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = line_sender.send(line);
            }
        });
        let stderr = child.stderr.take().expect("stderr");
        let (error_sender, error_receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = error_sender.send(line);
            }
        });
        let line = line_receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the listening line");
        let base_url = line
            .strip_prefix("natter listening on ")
            .expect("listening line")
            .to_string();
        Server {
            child: Some(child),
            base_url,
            stderr: error_receiver,
        }
    }

    /// Sends `signal` and waits (at most 10 s) for the process to exit.
    fn signal(&mut self, signal: &str) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        let status = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(child.wait());
        });
        receiver
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("natter did not stop within 10 s of {signal}"))
            .expect("wait")
    }

    /// Waits (at most 10 s) for a stderr line matching `wanted`, and returns it.
    fn wait_for_stderr(&self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            match self.stderr.recv_timeout(Duration::from_secs(10)) {
                Ok(line) if wanted(&line) => return line,
                Ok(_) => continue,
                Err(_) => panic!("no such line on stderr within 10 s"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn health(base_url: &str) -> Value {
    let response = reqwest::get(format!("{base_url}/health")).await.expect("health");
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

fn app_create(directory: &Path, org: &str, app: &str) -> std::process::Output {
    let data_dir = directory.join("data");
    natter(&[
        "app",
        "create",
        "--org",
        org,
        "--app",
        app,
        "--data-dir",
        data_dir.to_str().expect("utf-8"),
        "--json",
    ])
}

#[tokio::test]
async fn first_start_creates_the_default_app_and_serves_health() {
    let directory = tempfile::tempdir().expect("temp dir");
    let server = Server::start(directory.path(), &["--data-dir", "data"], &[]);
    assert_eq!(health(&server.base_url).await["status"], "ok");
    let listed = natter_in(
        directory.path(),
        &["app", "list", "--data-dir", "data", "--json"],
        &[],
    );
    let apps: Vec<Value> = serde_json::from_str(&stdout(&listed)).expect("json");
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0]["app_key"], "natter#default");
    server.wait_for_stderr(|line| line.contains("created the default app natter#default"));
    server.wait_for_stderr(|line| line.contains("client_secret: YXA6"));
}

#[tokio::test]
async fn an_app_created_while_the_server_runs_is_served_without_a_restart() {
    let directory = tempfile::tempdir().expect("temp dir");
    let data_dir = directory.path().join("data");
    let server = Server::start(
        directory.path(),
        &["--data-dir", data_dir.to_str().expect("utf-8")],
        &[],
    );

    let output = app_create(directory.path(), "acme", "chat");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: Value = serde_json::from_str(&stdout(&output)).expect("json");
    for field in [
        "org",
        "app",
        "app_key",
        "client_id",
        "client_secret",
        "rongcloud_app_key",
        "rongcloud_app_secret",
    ] {
        assert!(
            created[field].as_str().is_some_and(|value| !value.is_empty()),
            "{field} in {created}"
        );
    }
    assert_eq!(created["app_key"], "acme#chat");

    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/acme/chat/token", server.base_url))
        .json(&json!({"grant_type":"client_credentials","client_id":created["client_id"],"client_secret":created["client_secret"]}))
        .send()
        .await
        .expect("token");
    assert_eq!(response.status(), 200);
    let token: Value = response.json().await.expect("json");
    assert!(
        token["access_token"]
            .as_str()
            .is_some_and(|token| token.starts_with("YWMt"))
    );

    let duplicate = app_create(directory.path(), "acme", "chat");
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("already exists"));
    assert_eq!(
        health(&server.base_url).await["apps"],
        2,
        "the refused duplicate wrote nothing"
    );
}

#[tokio::test]
async fn sigterm_and_sigint_stop_the_server_cleanly_and_the_key_survives() {
    let directory = tempfile::tempdir().expect("temp dir");
    let mut server = Server::start(directory.path(), &["--data-dir", "data"], &[]);
    health(&server.base_url).await;
    let key_path = directory.path().join("data/token.key");
    let key = std::fs::read_to_string(&key_path).expect("token key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the token key is private to its owner: {mode:o}");
    }
    assert!(server.signal("-TERM").success(), "exit status after SIGTERM");

    let mut server = Server::start(directory.path(), &["--data-dir", "data"], &[]);
    assert_eq!(
        health(&server.base_url).await["apps"],
        1,
        "no second default app on restart"
    );
    assert_eq!(
        std::fs::read_to_string(&key_path).expect("token key"),
        key,
        "a restart keeps the key"
    );
    assert!(server.signal("-INT").success(), "exit status after SIGINT");
}

#[tokio::test]
async fn configuration_layers_file_then_environment_then_flags() {
    let directory = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        directory.path().join("natter.toml"),
        "data_dir = \"from-file\"\nlog_format = \"pretty\"\n[default_app]\norg = \"filecorp\"\napp = \"fileapp\"\n",
    )
    .expect("write config");
    let server = Server::start(
        directory.path(),
        &["--data-dir", "from-flag"],
        &[
            ("NATTER_DEFAULT_APP__APP", "envapp"),
            ("NATTER_LOG_FORMAT", "json"),
        ],
    );
    health(&server.base_url).await;
    assert!(
        directory.path().join("from-flag/natter.db").exists(),
        "the flag beats the file"
    );
    assert!(!directory.path().join("from-file").exists());
    let listed = natter_in(
        directory.path(),
        &["app", "list", "--data-dir", "from-flag", "--json"],
        &[],
    );
    let apps: Vec<Value> = serde_json::from_str(&stdout(&listed)).expect("json");
    assert_eq!(
        apps[0]["app_key"], "filecorp#envapp",
        "the file sets org, the environment overrides app"
    );
    let json_line = server.wait_for_stderr(|line| line.starts_with('{'));
    let parsed: Value = serde_json::from_str(&json_line).expect("structured log");
    assert!(
        parsed["level"].is_string() && parsed["fields"].is_object(),
        "{parsed}"
    );
}

#[tokio::test]
async fn a_missing_config_file_or_bad_url_is_a_clear_error() {
    let directory = tempfile::tempdir().expect("temp dir");
    let output = natter_in(directory.path(), &["serve", "--config", "nope.toml"], &[]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("nope.toml"));
    let output = natter_in(
        directory.path(),
        &["app", "list", "--data-dir", "d"],
        &[("NATTER_DATABASE_URL", "mysql://x")],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unsupported database URL"));
}

#[tokio::test]
async fn an_app_user_quota_answers_429_resource_limited() {
    let directory = tempfile::tempdir().expect("temp dir");
    let data_dir = directory.path().join("data");
    let server = Server::start(
        directory.path(),
        &["--data-dir", data_dir.to_str().expect("utf-8")],
        &[],
    );
    let output = natter(&[
        "app",
        "create",
        "--org",
        "acme",
        "--app",
        "small",
        "--max-users",
        "1",
        "--data-dir",
        data_dir.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(created["max_users"], 1);

    let client = reqwest::Client::new();
    let token: Value = client
        .post(format!("{}/acme/small/token", server.base_url))
        .json(&json!({"grant_type":"client_credentials","client_id":created["client_id"],"client_secret":created["client_secret"]}))
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    let token = token["access_token"].as_str().expect("token").to_string();
    let register = |name: &'static str| {
        let client = client.clone();
        let url = format!("{}/acme/small/users", server.base_url);
        let token = token.clone();
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"username": name, "password": "pw"}))
                .send()
                .await
                .expect("register")
        }
    };
    assert_eq!(register("first").await.status(), 200);
    let refused = register("second").await;
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["error"], "resource_limited");
    assert_eq!(
        body["error_description"],
        "You have exceeded the limit of the community edition,Please upgrade to the enterprise edition"
    );
}

#[tokio::test]
async fn chat_files_live_under_the_data_dir_with_the_configured_limit() {
    let directory = tempfile::tempdir().expect("temp dir");
    let data_dir = directory.path().join("data");
    let server = Server::start(
        directory.path(),
        &["--data-dir", data_dir.to_str().expect("utf-8")],
        &[("NATTER_FILES__MAX_FILE_BYTES", "1000")],
    );
    let output = app_create(directory.path(), "acme", "files");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: Value = serde_json::from_str(&stdout(&output)).expect("json");
    let client = reqwest::Client::new();
    let token: Value = client
        .post(format!("{}/acme/files/token", server.base_url))
        .json(&json!({"grant_type":"client_credentials","client_id":created["client_id"],"client_secret":created["client_secret"]}))
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    let token = token["access_token"].as_str().expect("token").to_string();
    let upload = |size: usize| {
        let mut body =
            b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n"
                .to_vec();
        body.extend(std::iter::repeat_n(b'x', size));
        body.extend_from_slice(b"\r\n--b0undary--\r\n");
        client
            .post(format!("{}/acme/files/chatfiles", server.base_url))
            .bearer_auth(&token)
            .header("content-type", "multipart/form-data; boundary=b0undary")
            .body(body)
            .send()
    };
    let stored = upload(1000).await.expect("upload");
    assert_eq!(stored.status(), 200);
    let body: Value = stored.json().await.expect("json");
    let uuid = body["entities"][0]["uuid"].as_str().expect("uuid").to_string();
    // `<data_dir>/files/<app_id>/<uuid>`: the app's directory is the only one beside the temporaries.
    let app_dirs: Vec<_> = std::fs::read_dir(data_dir.join("files"))
        .expect("files dir")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| !path.ends_with(".tmp"))
        .collect();
    assert_eq!(app_dirs.len(), 1, "{app_dirs:?}");
    assert_eq!(
        std::fs::read(app_dirs[0].join(&uuid)).expect("stored").len(),
        1000
    );
    let refused = upload(1001).await.expect("upload");
    assert_eq!(refused.status(), 413, "NATTER_FILES__MAX_FILE_BYTES applies");
}
