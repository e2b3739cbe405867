//! Choosing the storage backend from the database URL: the only place that names a concrete backend.

use anyhow::{Context, bail};
use natter_store::Store;
use std::sync::Arc;

/// Opens the store behind `url`.
pub(crate) async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or("");
    match scheme {
        "sqlite" => {
            let store = natter_store_sqlite::SqliteStore::open_url(url)
                .await
                .with_context(|| format!("opening {url}"))?;
            Ok(Arc::new(store))
        }
        "postgres" | "postgresql" => bail!("the PostgreSQL backend is not built yet; use a sqlite: URL"),
        _ => bail!("unsupported database URL {url:?}: expected sqlite://PATH"),
    }
}
