//! `natter serve`: open the store, make the default app on first start, serve until SIGINT or SIGTERM.

use crate::config::Config;
use anyhow::Context;
use natter_server::{AppState, ServerConfig, TokenSigner, token::KEY_LEN};
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

/// Reads the token signing key, creating it (readable by the owner only) on first start.
fn load_or_create_token_key(path: &Path) -> anyhow::Result<[u8; KEY_LEN]> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let bytes = hex::decode(text.trim()).with_context(|| format!("{} is not hex", path.display()))?;
            bytes
                .try_into()
                .map_err(|_| anyhow::anyhow!("{} must hold {KEY_LEN} bytes", path.display()))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let key = TokenSigner::generate_key();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(path)
                .with_context(|| format!("creating {}", path.display()))?;
            writeln!(file, "{}", hex::encode(key))?;
            file.sync_all()?;
            tracing::info!(path = %path.display(), "created the token signing key");
            Ok(key)
        }
        Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
    }
}

pub(crate) async fn run(config: Config) -> anyhow::Result<()> {
    config.ensure_data_dir()?;
    let store = crate::backend::open(&config.database_url()).await?;
    let key = load_or_create_token_key(&config.token_key_path())?;

    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("binding {}", config.listen))?;
    let address = listener.local_addr()?;
    let base_url = format!("http://{address}");

    if store.list_apps().await?.is_empty() {
        let app = crate::apps::create(
            store.as_ref(),
            &config.default_app.org,
            &config.default_app.app,
            config.default_app.registration_open,
            config.default_app.max_users,
        )
        .await?;
        tracing::info!(app = %app.key, "created the default app");
        eprintln!(
            "\nFirst start: created the default {}\n",
            crate::apps::describe(&app, &base_url)
        );
    }

    let server_config = ServerConfig {
        max_body_bytes: config.max_body_bytes,
        default_app_token_ttl_secs: config.default_app_token_ttl_secs,
        default_user_token_ttl_secs: config.default_user_token_ttl_secs,
        rate_limits: config.rate_limits.to_server(),
        rongcloud: config.rongcloud.to_server(),
        files: config.files.to_server(&config.data_dir),
        messages: config.messages.to_server(),
        msync: config.msync.to_server(),
        // Every vendor-switched service is on in a self-hosted server.
        services: natter_server::easemob::Services::default(),
    };
    let state = AppState::new(store, Arc::new(TokenSigner::new(key)), server_config);
    tracing::info!(%address, data_dir = %config.data_dir.display(), "natter listening");
    // A stable line on stdout for scripts and tests that start the server on port 0.
    println!("natter listening on {base_url}");
    natter_server::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("natter stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}
