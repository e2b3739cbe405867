//! In-process caches of rows the message and REST paths read on every call and that change rarely, so
//! those reads cost no round trip to SQLite's worker thread (BENCHMARKS.md: the round trips were the cost).
//!
//! Only rows this process writes, or that are never changed after they are written, are cached: apps (rows
//! are never updated; another process may add one, so a miss is never cached), users by name (changed and
//! deleted only through this store, which invalidates them; a miss is never cached, so a user created
//! anywhere is seen at once) and each app's sensitive words (written only through this store).

use natter_core::{App, User};
use natter_store::SensitiveWord;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

/// A map whose writers invalidate after they commit, and whose readers insert what they read only if no
/// invalidation happened since they started reading: a reader that raced a writer never stores the old row.
#[derive(Debug)]
pub(crate) struct Cached<K, V> {
    inner: Mutex<Inner<K, V>>,
    capacity: usize,
}

#[derive(Debug)]
struct Inner<K, V> {
    /// Bumped by every invalidation.
    version: u64,
    entries: HashMap<K, V>,
}

impl<K: std::hash::Hash + Eq, V: Clone> Cached<K, V> {
    pub(crate) fn new(capacity: usize) -> Cached<K, V> {
        Cached {
            inner: Mutex::new(Inner {
                version: 0,
                entries: HashMap::new(),
            }),
            capacity,
        }
    }

    fn with<T>(&self, action: impl FnOnce(&mut Inner<K, V>) -> T) -> T {
        action(&mut self.inner.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The cached value, or the version to pass to [`Cached::insert`] after reading the store.
    pub(crate) fn get<Q>(&self, key: &Q) -> Result<V, u64>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.with(|inner| inner.entries.get(key).cloned().ok_or(inner.version))
    }

    /// Stores what a reader read, unless an invalidation came after `version` (the read may be stale).
    pub(crate) fn insert(&self, version: u64, key: K, value: V) {
        self.with(|inner| {
            if inner.version != version {
                return;
            }
            if inner.entries.len() >= self.capacity {
                inner.entries.clear();
            }
            inner.entries.insert(key, value);
        });
    }

    /// The cached value of `key`, else what `load` reads (it runs only on a miss), stored when found: a
    /// miss is never cached, so a row another process adds is seen at once.
    pub(crate) async fn get_or_load<E>(
        &self,
        key: K,
        load: impl Future<Output = Result<Option<V>, E>>,
    ) -> Result<Option<V>, E> {
        let version = match self.get(&key) {
            Ok(value) => return Ok(Some(value)),
            Err(version) => version,
        };
        let value = load.await?;
        if let Some(value) = &value {
            self.insert(version, key, value.clone());
        }
        Ok(value)
    }

    /// Drops everything: call after a write that changes entries not known by key has committed.
    pub(crate) fn clear(&self) {
        self.with(|inner| {
            inner.version += 1;
            inner.entries.clear();
        });
    }

    /// Drops `key`: call after the write that changes it has committed.
    pub(crate) fn invalidate<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.with(|inner| {
            inner.version += 1;
            inner.entries.remove(key);
        });
    }
}

/// The store's caches.
#[derive(Debug)]
pub(crate) struct Caches {
    /// Apps by "org#app".
    pub(crate) apps: Cached<String, App>,
    /// Apps by RongCloud app key.
    pub(crate) rongcloud_apps: Cached<String, App>,
    pub(crate) sensitive_words: Cached<i64, Arc<Vec<SensitiveWord>>>,
    /// Users by (app id, user name).
    pub(crate) users: Cached<(i64, String), User>,
}

impl Default for Caches {
    fn default() -> Caches {
        Caches {
            apps: Cached::new(10_000),
            rongcloud_apps: Cached::new(10_000),
            sensitive_words: Cached::new(10_000),
            users: Cached::new(200_000),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_that_raced_an_invalidation_is_not_stored() {
        let cache: Cached<&str, u32> = Cached::new(10);
        let version = cache.get("k").expect_err("empty");
        cache.invalidate("k");
        cache.insert(version, "k", 1);
        assert!(cache.get("k").is_err(), "the stale read was dropped");
        let version = cache.get("k").expect_err("still empty");
        cache.insert(version, "k", 2);
        assert_eq!(cache.get("k"), Ok(2));
        cache.invalidate("k");
        assert!(cache.get("k").is_err());
    }

    #[test]
    fn a_full_cache_starts_over_instead_of_growing() {
        let cache: Cached<u32, u32> = Cached::new(2);
        for key in 0..5 {
            let version = cache.get(&key).expect_err("new");
            cache.insert(version, key, key);
        }
        assert_eq!(cache.get(&4), Ok(4));
        assert!(cache.get(&0).is_err());
    }
}
