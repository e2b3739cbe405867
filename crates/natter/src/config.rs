//! Configuration: built-in defaults, then a TOML file, then `NATTER_*` environment variables, then
//! command-line flags, each overriding the one before. Every key is documented in README.md.

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The documented default port.
pub(crate) const DEFAULT_PORT: u16 = 7820;

/// Everything `natter` reads from its configuration.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Config {
    /// Address to listen on. Loopback by default: exposing the server is a deliberate choice.
    pub(crate) listen: SocketAddr,
    /// Where the embedded database, the token key and uploaded files live.
    pub(crate) data_dir: PathBuf,
    /// Database URL; empty means the embedded SQLite file `natter.db` in `data_dir`.
    pub(crate) database_url: String,
    /// Log verbosity, as a tracing filter (`info`, `natter_server=debug`, …). `NATTER_LOG` also works.
    pub(crate) log_level: String,
    /// `pretty` for people, `json` for log collectors.
    pub(crate) log_format: LogFormat,
    /// Largest request body accepted, in bytes.
    pub(crate) max_body_bytes: usize,
    /// App token lifetime when a token request gives no `ttl`, in seconds (0 = no expiry).
    pub(crate) default_app_token_ttl_secs: u64,
    /// User token lifetime when a token request gives no `ttl`, in seconds (0 = no expiry).
    pub(crate) default_user_token_ttl_secs: u64,
    /// The app created on first start.
    pub(crate) default_app: DefaultApp,
    /// Requests per second per app, by endpoint group (reference §11).
    pub(crate) rate_limits: RateLimitsConfig,
    /// The RongCloud door.
    #[serde(default)]
    pub(crate) rongcloud: RongCloudConfig,
    /// Chat files (`/chatfiles`), kept under `data_dir/files`.
    #[serde(default)]
    pub(crate) files: FilesConfig,
    /// The message pipeline.
    #[serde(default)]
    pub(crate) messages: MessagesConfig,
    /// The msync gateway (`/websocket`).
    #[serde(default)]
    pub(crate) msync: MsyncConfig,
}

/// `[messages]`: the message pipeline.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct MessagesConfig {
    /// Seconds after sending during which the sender may recall a message (the vendor's 120).
    pub(crate) recall_window_secs: u64,
    /// Largest encoded message, in bytes (the vendor's 5 KB).
    pub(crate) max_message_bytes: usize,
    /// Only contacts may message each other one-to-one.
    pub(crate) contact_only: bool,
    /// How many times one message may be edited.
    pub(crate) edit_limit: u32,
    /// Messages per second into one group (the vendor's 20).
    pub(crate) group_messages_per_sec: u32,
    /// Messages per second into one chat room (the vendor's 100).
    pub(crate) room_messages_per_sec: u32,
    /// Targeted (定向) REST sends per second per app, to groups and to rooms each (the vendor's 100).
    pub(crate) targeted_messages_per_sec: u32,
    /// The broadcast endpoints (§5.6–5.8) are on (the vendor's default: off, on request).
    pub(crate) broadcast_enabled: bool,
}

impl Default for MessagesConfig {
    fn default() -> MessagesConfig {
        let server = natter_server::messaging::MessagingConfig::default();
        MessagesConfig {
            recall_window_secs: server.recall_window_secs,
            max_message_bytes: server.max_message_bytes,
            contact_only: server.contact_only,
            edit_limit: server.edit_limit,
            group_messages_per_sec: server.group_messages_per_sec,
            room_messages_per_sec: server.room_messages_per_sec,
            targeted_messages_per_sec: server.targeted_messages_per_sec,
            broadcast_enabled: server.broadcast_enabled,
        }
    }
}

impl MessagesConfig {
    pub(crate) fn to_server(&self) -> natter_server::messaging::MessagingConfig {
        natter_server::messaging::MessagingConfig {
            recall_window_secs: self.recall_window_secs,
            max_message_bytes: self.max_message_bytes,
            contact_only: self.contact_only,
            edit_limit: self.edit_limit,
            group_messages_per_sec: self.group_messages_per_sec,
            room_messages_per_sec: self.room_messages_per_sec,
            targeted_messages_per_sec: self.targeted_messages_per_sec,
            broadcast_enabled: self.broadcast_enabled,
        }
    }
}

/// `[msync]`: the realtime gateway.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct MsyncConfig {
    /// Several devices of a user may be online at once; off: a new login kicks the others (SDK 206).
    pub(crate) multi_device: bool,
    /// With multi-device off: `true` the newest login kicks the others (206); `false` the first device keeps
    /// the account (a second login: native SDK 213; an automatic login of another device: SDK 220).
    pub(crate) kick_other_devices: bool,
    /// Most devices online at once per user; one more is refused (SDK 214).
    pub(crate) max_devices: usize,
    /// Seconds without an inbound frame before a connection is closed (must exceed 60).
    pub(crate) idle_timeout_secs: u64,
    /// Largest inbound frame, in bytes.
    pub(crate) max_frame_bytes: usize,
}

impl Default for MsyncConfig {
    fn default() -> MsyncConfig {
        let server = natter_server::msync::MsyncConfig::default();
        MsyncConfig {
            multi_device: server.multi_device,
            kick_other_devices: server.kick_other_devices,
            max_devices: server.max_devices,
            idle_timeout_secs: server.idle_timeout_secs,
            max_frame_bytes: server.max_frame_bytes,
        }
    }
}

impl MsyncConfig {
    pub(crate) fn to_server(&self) -> natter_server::msync::MsyncConfig {
        natter_server::msync::MsyncConfig {
            multi_device: self.multi_device,
            kick_other_devices: self.kick_other_devices,
            max_devices: self.max_devices,
            idle_timeout_secs: self.idle_timeout_secs,
            max_frame_bytes: self.max_frame_bytes,
        }
    }
}

/// `[files]`: uploaded chat files.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct FilesConfig {
    /// The largest file accepted, in bytes (the vendor's 10 MB).
    pub(crate) max_file_bytes: u64,
    /// Days a file is kept after its upload (the vendor's 7); 0 keeps files forever.
    pub(crate) expiry_days: u64,
    /// How often expired files are deleted from disk, in seconds.
    pub(crate) sweep_interval_secs: u64,
    /// The thumbnail box per side when an upload names none, in pixels (the vendor's 170).
    pub(crate) thumbnail_size: u32,
}

impl Default for FilesConfig {
    fn default() -> FilesConfig {
        let server = natter_server::easemob::files::FilesConfig::default();
        FilesConfig {
            max_file_bytes: server.max_file_bytes,
            expiry_days: server.expiry.map_or(0, |expiry| expiry.as_secs() / (24 * 3600)),
            sweep_interval_secs: server.sweep_interval.as_secs(),
            thumbnail_size: server.thumbnail_size,
        }
    }
}

impl FilesConfig {
    /// The server's settings, with the files under `data_dir/files`.
    pub(crate) fn to_server(&self, data_dir: &Path) -> natter_server::easemob::files::FilesConfig {
        natter_server::easemob::files::FilesConfig {
            dir: data_dir.join("files"),
            max_file_bytes: self.max_file_bytes,
            expiry: (self.expiry_days > 0)
                .then(|| std::time::Duration::from_secs(self.expiry_days.saturating_mul(24 * 3600))),
            sweep_interval: std::time::Duration::from_secs(self.sweep_interval_secs.max(1)),
            thumbnail_size: self.thumbnail_size,
            ..natter_server::easemob::files::FilesConfig::default()
        }
    }
}

/// `[rongcloud]`: the RongCloud Server API's signature checks and tokens.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct RongCloudConfig {
    /// How far a request's `Timestamp` may be from the server's clock, either way, in seconds.
    pub(crate) signature_window_secs: u64,
    /// Recent (nonce, timestamp) pairs remembered per app against replays.
    pub(crate) nonce_cache_per_app: usize,
    /// Lifetime of `/user/getToken.json` tokens, in seconds (0 = no expiry).
    pub(crate) token_ttl_secs: u64,
}

impl Default for RongCloudConfig {
    fn default() -> RongCloudConfig {
        let server = natter_server::rongcloud::RongCloudConfig::default();
        RongCloudConfig {
            signature_window_secs: server.signature_window.as_secs(),
            nonce_cache_per_app: server.nonce_cache_per_app,
            token_ttl_secs: server.token_ttl_secs,
        }
    }
}

impl RongCloudConfig {
    pub(crate) fn to_server(&self) -> natter_server::rongcloud::RongCloudConfig {
        natter_server::rongcloud::RongCloudConfig {
            signature_window: std::time::Duration::from_secs(self.signature_window_secs),
            nonce_cache_per_app: self.nonce_cache_per_app,
            token_ttl_secs: self.token_ttl_secs,
        }
    }
}

/// `[rate_limits]`: the vendor's default quotas, per app and per second.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct RateLimitsConfig {
    pub(crate) enabled: bool,
    pub(crate) token: u32,
    pub(crate) users: u32,
    pub(crate) mutes: u32,
    pub(crate) attributes: u32,
    pub(crate) contacts: u32,
    pub(crate) blocklist: u32,
    pub(crate) push: u32,
    pub(crate) push_templates: u32,
    pub(crate) other: u32,
}

impl Default for RateLimitsConfig {
    fn default() -> RateLimitsConfig {
        let limits = natter_server::rate_limit::RateLimits::default();
        RateLimitsConfig {
            enabled: limits.enabled,
            token: limits.token,
            users: limits.users,
            mutes: limits.mutes,
            attributes: limits.attributes,
            contacts: limits.contacts,
            blocklist: limits.blocklist,
            push: limits.push,
            push_templates: limits.push_templates,
            other: limits.other,
        }
    }
}

impl RateLimitsConfig {
    pub(crate) fn to_server(&self) -> natter_server::rate_limit::RateLimits {
        natter_server::rate_limit::RateLimits {
            enabled: self.enabled,
            period: std::time::Duration::from_secs(1),
            token: self.token,
            users: self.users,
            mutes: self.mutes,
            attributes: self.attributes,
            contacts: self.contacts,
            blocklist: self.blocklist,
            push: self.push,
            push_templates: self.push_templates,
            other: self.other,
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct DefaultApp {
    pub(crate) org: String,
    pub(crate) app: String,
    /// Open registration (no app token needed to register users). Off by default.
    #[serde(default)]
    pub(crate) registration_open: bool,
    /// The most registered users (the plan's quota); 0 = no limit.
    #[serde(default)]
    pub(crate) max_users: u64,
}

impl Default for Config {
    fn default() -> Config {
        let server = natter_server::ServerConfig::default();
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)),
            data_dir: PathBuf::from("natter-data"),
            database_url: String::new(),
            log_level: "info".to_string(),
            log_format: LogFormat::Pretty,
            max_body_bytes: server.max_body_bytes,
            default_app_token_ttl_secs: server.default_app_token_ttl_secs,
            default_user_token_ttl_secs: server.default_user_token_ttl_secs,
            default_app: DefaultApp {
                org: "natter".to_string(),
                app: "default".to_string(),
                registration_open: false,
                max_users: 0,
            },
            rate_limits: RateLimitsConfig::default(),
            rongcloud: RongCloudConfig::default(),
            files: FilesConfig::default(),
            messages: MessagesConfig::default(),
            msync: MsyncConfig::default(),
        }
    }
}

/// Flags that override the configuration.
#[derive(Clone, Debug, Default)]
pub(crate) struct Overrides {
    pub(crate) config_file: Option<PathBuf>,
    pub(crate) listen: Option<SocketAddr>,
    pub(crate) data_dir: Option<PathBuf>,
}

impl Config {
    /// Loads defaults, the TOML file (`--config`, else `NATTER_CONFIG`, else `./natter.toml` if it exists),
    /// the environment and the flags.
    pub(crate) fn load(overrides: &Overrides) -> anyhow::Result<Config> {
        let file = overrides
            .config_file
            .clone()
            .or_else(|| std::env::var_os("NATTER_CONFIG").map(PathBuf::from))
            .or_else(|| Some(PathBuf::from("natter.toml")).filter(|path| path.exists()));
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = &file {
            anyhow::ensure!(file.exists(), "config file {} does not exist", file.display());
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("NATTER_").ignore(&["CONFIG", "LOG"]).split("__"));
        let mut config: Config = figment.extract().context("reading the configuration")?;
        if let Some(listen) = overrides.listen {
            config.listen = listen;
        }
        if let Some(data_dir) = &overrides.data_dir {
            config.data_dir = data_dir.clone();
        }
        Ok(config)
    }

    /// The database URL in effect.
    pub(crate) fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("natter.db").display())
        } else {
            self.database_url.clone()
        }
    }

    pub(crate) fn token_key_path(&self) -> PathBuf {
        self.data_dir.join("token.key")
    }

    pub(crate) fn ensure_data_dir(&self) -> anyhow::Result<&Path> {
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating the data directory {}", self.data_dir.display()))?;
        Ok(&self.data_dir)
    }
}
