//! Preparing a scenario over REST: the app token, users and their tokens, a group or a chat room.
//!
//! User tokens come from `grant_type=inherit` with `autoCreateUser`: one call per user that creates the
//! user if it is missing and only signs a token if it exists, so a second run over the same data
//! directory skips the (Argon2) user creation entirely.

use crate::target::Target;
use anyhow::{Context, bail};
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Members added to a group or a room per call (the vendor's batch limits are 60 and 100).
const MEMBER_BATCH: usize = 60;

/// A REST session with the app token.
#[derive(Debug, Clone)]
pub struct Rest {
    pub client: reqwest::Client,
    pub target: Target,
    pub app_token: String,
}

/// Reads a JSON reply, failing with the body when the status is not 200.
pub async fn json_reply(response: reqwest::Response, what: &str) -> anyhow::Result<Value> {
    let status = response.status();
    let text = response
        .text()
        .await
        .with_context(|| format!("{what}: reading the reply"))?;
    if !status.is_success() {
        bail!("{what}: HTTP {status}: {text}");
    }
    serde_json::from_str(&text).with_context(|| format!("{what}: reply is not JSON: {text}"))
}

/// An HTTP client for loopback loads: no proxy (an `http_proxy` in the environment must not divert
/// loopback traffic), keep-alive pool sized for the concurrency.
pub fn http_client(pool: usize) -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(pool.max(1))
        .timeout(Duration::from_secs(60))
        .tcp_nodelay(true)
        .build()
        .context("building the HTTP client")
}

impl Rest {
    /// Gets an app token with the app's client id and secret.
    pub async fn connect(target: &Target, client_id: &str, client_secret: &str) -> anyhow::Result<Rest> {
        let client = http_client(64)?;
        let reply = client
            .post(target.app_url("/token"))
            .json(&json!({
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": client_secret,
            }))
            .send()
            .await
            .with_context(|| format!("cannot reach {}", target.http))?;
        let body = json_reply(reply, "app token").await?;
        let app_token = body["access_token"]
            .as_str()
            .context("app token reply without access_token")?
            .to_owned();
        Ok(Rest {
            client,
            target: target.clone(),
            app_token,
        })
    }

    /// A user token for `name`, creating the user when it does not exist.
    pub async fn user_token(&self, name: &str) -> anyhow::Result<String> {
        let reply = self
            .client
            .post(self.target.app_url("/token"))
            .bearer_auth(&self.app_token)
            .json(&json!({"grant_type": "inherit", "username": name, "autoCreateUser": true}))
            .send()
            .await
            .context("user token request")?;
        let body = json_reply(reply, &format!("token of {name}")).await?;
        Ok(body["access_token"]
            .as_str()
            .context("user token reply without access_token")?
            .to_owned())
    }

    /// Tokens for every name, in order, `concurrency` requests at a time; `done` counts finished ones.
    pub async fn user_tokens(
        &self,
        names: &[String],
        concurrency: usize,
        done: &Arc<AtomicU64>,
    ) -> anyhow::Result<Vec<String>> {
        let results: Vec<anyhow::Result<String>> = futures_util::stream::iter(names.iter())
            .map(|name| {
                let done = Arc::clone(done);
                async move {
                    let token = self.user_token(name).await;
                    done.fetch_add(1, Ordering::Relaxed);
                    token
                }
            })
            .buffered(concurrency.max(1))
            .collect()
            .await;
        results.into_iter().collect()
    }

    /// A public group owned by `owner` with `members`; returns its id.
    pub async fn create_group(&self, owner: &str, members: &[String]) -> anyhow::Result<String> {
        let reply = self
            .client
            .post(self.target.app_url("/chatgroups"))
            .bearer_auth(&self.app_token)
            .json(&json!({
                "groupname": "natter-bench",
                "desc": "natter-bench fan-out group",
                "public": true,
                "maxusers": members.len() + 2,
                "owner": owner,
            }))
            .send()
            .await
            .context("create group")?;
        let body = json_reply(reply, "create group").await?;
        let id = body["data"]["groupid"]
            .as_str()
            .context("create group: no data.groupid")?
            .to_owned();
        let others: Vec<&String> = members.iter().filter(|member| *member != owner).collect();
        for batch in others.chunks(MEMBER_BATCH) {
            let reply = self
                .client
                .post(self.target.app_url(&format!("/chatgroups/{id}/users")))
                .bearer_auth(&self.app_token)
                .json(&json!({ "usernames": batch }))
                .send()
                .await
                .context("add group members")?;
            json_reply(reply, "add group members").await?;
        }
        Ok(id)
    }

    /// A chat room owned by `owner` with `members`; returns its id.
    pub async fn create_room(&self, owner: &str, members: &[String]) -> anyhow::Result<String> {
        let reply = self
            .client
            .post(self.target.app_url("/chatrooms"))
            .bearer_auth(&self.app_token)
            .json(&json!({
                "name": "natter-bench",
                "description": "natter-bench fan-out room",
                "maxusers": members.len() + 2,
                "owner": owner,
            }))
            .send()
            .await
            .context("create chat room")?;
        let body = json_reply(reply, "create chat room").await?;
        let id = body["data"]["id"]
            .as_str()
            .context("create chat room: no data.id")?
            .to_owned();
        let others: Vec<&String> = members.iter().filter(|member| *member != owner).collect();
        for batch in others.chunks(MEMBER_BATCH) {
            let reply = self
                .client
                .post(self.target.app_url(&format!("/chatrooms/{id}/users")))
                .bearer_auth(&self.app_token)
                .json(&json!({ "usernames": batch }))
                .send()
                .await
                .context("add chat room members")?;
            json_reply(reply, "add chat room members").await?;
        }
        Ok(id)
    }
}

/// The VmRSS of a process, in KiB, from `/proc/<pid>/status`.
pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status (is --server-pid right?)"))?;
    parse_rss_kib(&status).with_context(|| format!("no VmRSS in /proc/{pid}/status"))
}

fn parse_rss_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
}

/// CPU time (user + system) a process has used, in seconds, from `/proc/<pid>/stat` (Linux counts it
/// in USER_HZ ticks, 100 per second on every architecture Natter runs on).
pub fn cpu_secs(pid: Option<u32>) -> Option<f64> {
    let path = pid.map_or_else(|| "/proc/self/stat".to_owned(), |pid| format!("/proc/{pid}/stat"));
    let stat = std::fs::read_to_string(path).ok()?;
    parse_cpu_ticks(&stat).map(|ticks| ticks as f64 / 100.0)
}

fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, utime field 14, stime field 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// This process's own VmRSS, in KiB (0 when unreadable).
pub fn own_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| parse_rss_kib(&status))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn vm_rss_is_read_from_proc_status() {
        let status = "Name:\tnatter\nVmPeak:\t  900 kB\nVmRSS:\t   12345 kB\nThreads:\t3\n";
        assert_eq!(super::parse_rss_kib(status), Some(12345));
        assert_eq!(super::parse_rss_kib("Name: x\n"), None);
        assert!(super::own_rss_kib() > 0);
    }

    #[test]
    fn cpu_time_is_read_from_proc_stat() {
        let stat = "4242 (tokio rt) worker) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 9 0 100 0 0";
        assert_eq!(super::parse_cpu_ticks(stat), Some(300));
        assert!(super::cpu_secs(None).is_some());
    }
}
