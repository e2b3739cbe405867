//! The embedded default backend: one SQLite file (WAL mode) in the data directory, through sqlx.
//!
//! Several processes may open the same file: `natter app create` writes while `natter serve` runs, and
//! the server sees the new app on its next lookup.

mod apps;
mod attributes;
mod cache;
mod chatrooms;
mod contacts;
mod conversation_flags;
mod files;
mod group_extras;
mod group_files;
mod groups;
mod history;
mod messages;
mod messages_admin;
mod mutes;
mod presence;
mod push;
mod reactions;
mod rongcloud;
mod rongcloud_groups;
mod rongcloud_push;
mod rongcloud_settings;
mod room_files;
mod threads;
mod users;

use natter_store::StoreError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;

/// The SQLite store. Cheap to clone: it is a connection pool.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    caches: std::sync::Arc<cache::Caches>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before the call returns, so an acknowledged write survives power loss.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Another process (an admin command) may hold the write lock for a moment.
            .busy_timeout(Duration::from_secs(10));
        SqliteStore::connect(options).await
    }

    /// Opens a database from a `sqlite:` URL (for example `sqlite:///var/lib/natter/natter.db`).
    pub async fn open_url(url: &str) -> Result<SqliteStore, StoreError> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| StoreError::Backend(format!("not a sqlite URL: {url}")))?;
        SqliteStore::open(Path::new(path)).await
    }

    async fn connect(options: SqliteConnectOptions) -> Result<SqliteStore, StoreError> {
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // An in-process database has no link to lose: the liveness ping sqlx sends on every checkout
            // was a seventh of the server's CPU on the message path (BENCHMARKS.md).
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(backend)?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|error| StoreError::Backend(error.to_string()))?;
        Ok(SqliteStore {
            pool,
            caches: std::sync::Arc::default(),
        })
    }
}

impl SqliteStore {
    /// Starts a write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`).
    ///
    /// A deferred transaction that reads and then writes holds a read snapshot; if another connection
    /// commits in between, SQLite refuses the upgrade with SQLITE_BUSY at once, without waiting for the busy
    /// timeout ("database is locked"). Taking the lock first makes concurrent writers queue instead. Every
    /// transaction that writes goes through here.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)
    }
}

/// Maps a sqlx error onto the store's kinds: uniqueness violations by their kind, everything else as backend.
pub(crate) fn backend(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(database) = &error
        && database.is_unique_violation()
    {
        return StoreError::Conflict(database.message().to_string());
    }
    tracing::error!(%error, "sqlite error");
    StoreError::Backend(error.to_string())
}
