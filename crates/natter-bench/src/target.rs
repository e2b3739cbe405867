//! The server under load: its loopback address, REST base and WebSocket URL, and the app key.
//! Loads go only to loopback: a load generator pointed at someone else's server by a typo is an attack.

use anyhow::{Context, bail};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// A loopback Natter server and the app the load runs in.
#[derive(Debug, Clone)]
pub struct Target {
    /// Where TCP connections go.
    pub addr: SocketAddr,
    /// `http://ADDR`, the REST base.
    pub http: String,
    /// `ws://ADDR/websocket`, the msync gateway.
    pub ws: String,
    /// `org#app`, as msync JIDs carry it.
    pub app_key: String,
    pub org: String,
    pub app: String,
}

impl Target {
    /// Parses `--url` (`http://127.0.0.1:7820`, `ws://localhost:7820/websocket`, …) and `--app-key`
    /// (`org#app`); anything that is not loopback is refused.
    pub fn parse(url: &str, app_key: &str) -> anyhow::Result<Target> {
        let parsed = reqwest::Url::parse(url).with_context(|| format!("--url {url:?} is not a URL"))?;
        if !matches!(parsed.scheme(), "http" | "ws") {
            bail!(
                "--url must be http:// or ws:// (plain loopback), not {}",
                parsed.scheme()
            );
        }
        let host = parsed
            .host_str()
            .with_context(|| format!("--url {url:?} has no host"))?;
        let ip = if host.eq_ignore_ascii_case("localhost") {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            host.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .map_err(|_| {
                    anyhow::anyhow!("refusing to load {host}: natter-bench only targets loopback addresses")
                })?
        };
        if !ip.is_loopback() {
            bail!("refusing to load {ip}: natter-bench only targets loopback addresses");
        }
        let port = parsed.port_or_known_default().context("--url has no port")?;
        let addr = SocketAddr::new(ip, port);
        let Some((org, app)) = app_key.split_once('#') else {
            bail!("--app-key must be org#app, not {app_key:?}");
        };
        if org.is_empty() || app.is_empty() || app.contains('#') {
            bail!("--app-key must be org#app, not {app_key:?}");
        }
        let host = match ip {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        Ok(Target {
            addr,
            http: format!("http://{host}:{port}"),
            ws: format!("ws://{host}:{port}/websocket"),
            app_key: app_key.to_owned(),
            org: org.to_owned(),
            app: app.to_owned(),
        })
    }

    /// `http://ADDR/org/app{path}`.
    pub fn app_url(&self, path: &str) -> String {
        format!("{}/{}/{}{}", self.http, self.org, self.app, path)
    }
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn loopback_targets_are_accepted_in_every_spelling() {
        let target = Target::parse("http://127.0.0.1:7820", "acme#chat").expect("loopback");
        assert_eq!(target.ws, "ws://127.0.0.1:7820/websocket");
        assert_eq!(target.app_url("/users"), "http://127.0.0.1:7820/acme/chat/users");
        assert!(Target::parse("ws://localhost:9/websocket", "a#b").is_ok());
        assert!(Target::parse("http://127.3.4.5:80", "a#b").is_ok());
        let v6 = Target::parse("http://[::1]:7820", "a#b").expect("v6 loopback");
        assert_eq!(v6.http, "http://[::1]:7820");
    }

    #[test]
    fn anything_else_is_refused() {
        for url in [
            "http://10.0.0.1:7820",
            "http://example.com:7820",
            "http://[2001:db8::1]:7820",
            "https://127.0.0.1:7820",
            "not a url",
        ] {
            assert!(Target::parse(url, "a#b").is_err(), "{url}");
        }
        for key in ["acme", "#chat", "acme#", "a#b#c"] {
            assert!(Target::parse("http://127.0.0.1:1", key).is_err(), "{key}");
        }
    }
}
