//! The `natter` binary: `natter serve`, `natter codes …`, `natter app create|list`.
// A command-line program: printing its results to stdout is its job.
#![allow(clippy::print_stdout)]

mod apps;
mod backend;
mod codes;
mod config;
mod serve;

use clap::{Parser, Subcommand};
use config::{Config, LogFormat, Overrides};
use natter_codes::Dialect;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "natter",
    version,
    about = "Natter: a self-hosted IM server that speaks Easemob, Agora Chat and RongCloud"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the configuration comes from; shared by every command that touches the data directory.
#[derive(Debug, clap::Args)]
struct Location {
    /// TOML configuration file (default: $NATTER_CONFIG, else ./natter.toml if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory: the embedded database, the token key, uploaded files.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        #[command(flatten)]
        location: Location,
        /// Address to listen on (default 127.0.0.1:7820).
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// Look up vendor error codes offline: `natter codes 603`, `natter codes search 禁言`.
    Codes {
        /// Only this dialect: rongcloud, easemob-rest, web-sdk, native-sdk, msync.
        #[arg(long, value_parser = parse_dialect)]
        dialect: Option<Dialect>,
        /// Every entry (of the dialect, if given).
        #[arg(long)]
        all: bool,
        /// Print a JSON array, one object per entry.
        #[arg(long)]
        json: bool,
        /// A code, or `search TEXT…`.
        terms: Vec<String>,
    },
    /// Manage apps (tenants). Works while a server on the same data directory runs.
    App {
        #[command(subcommand)]
        command: AppCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AppCommand {
    /// Create an app with fresh credentials for every door.
    Create {
        #[arg(long)]
        org: String,
        #[arg(long)]
        app: String,
        /// Let anyone register users without an app token (开放注册).
        #[arg(long)]
        open_registration: bool,
        /// The most registered users the app may have (0 = no limit); over it registration gets 429.
        #[arg(long, default_value_t = 0)]
        max_users: u64,
        #[command(flatten)]
        location: Location,
        /// Print the app as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the apps.
    List {
        #[command(flatten)]
        location: Location,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
}

fn parse_dialect(name: &str) -> Result<Dialect, String> {
    Dialect::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Dialect::ALL.iter().map(|dialect| dialect.as_str()).collect();
        format!("unknown dialect {name:?}; one of: {}", names.join(", "))
    })
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NATTER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}

fn load(location: Location, listen: Option<SocketAddr>) -> anyhow::Result<Config> {
    Config::load(&Overrides {
        config_file: location.config,
        listen,
        data_dir: location.data_dir,
    })
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { location, listen } => {
            let config = load(location, listen)?;
            init_logging(&config);
            serve::run(config).await
        }
        Command::Codes {
            dialect,
            all,
            json,
            terms,
        } => {
            print!(
                "{}",
                codes::run(&codes::Query {
                    dialect,
                    all,
                    json,
                    terms
                })?
            );
            Ok(())
        }
        Command::App { command } => match command {
            AppCommand::Create {
                org,
                app,
                open_registration,
                max_users,
                location,
                json,
            } => {
                let config = load(location, None)?;
                config.ensure_data_dir()?;
                let store = backend::open(&config.database_url()).await?;
                let created = apps::create(store.as_ref(), &org, &app, open_registration, max_users).await?;
                if json {
                    println!("{}", apps::to_json(&created));
                } else {
                    println!(
                        "created {}",
                        apps::describe(&created, &format!("http://{}", config.listen))
                    );
                }
                Ok(())
            }
            AppCommand::List { location, json } => {
                let config = load(location, None)?;
                config.ensure_data_dir()?;
                let store = backend::open(&config.database_url()).await?;
                let listed = store.list_apps().await?;
                if json {
                    let rows: Vec<_> = listed.iter().map(apps::to_json).collect();
                    println!("{}", serde_json::to_string_pretty(&rows)?);
                } else {
                    for app in &listed {
                        println!(
                            "{}  client_id {}  rongcloud {}",
                            app.key, app.client_id, app.rongcloud_app_key
                        );
                    }
                }
                Ok(())
            }
        },
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("natter: {error:#}");
            ExitCode::FAILURE
        }
    }
}
