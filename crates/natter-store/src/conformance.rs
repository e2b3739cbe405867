//! The conformance suite: every backend's tests call these against a fresh store, so that the backends
//! cannot drift apart. Each function panics (test failure) on the first violated expectation.

use crate::{AppStore, StoreError};
use natter_core::{AppKey, AppName, NewApp, OrgName};

fn new_app(org: &str, app: &str, suffix: &str) -> NewApp {
    NewApp {
        key: AppKey {
            org: OrgName::parse(org).expect("valid org"),
            app: AppName::parse(app).expect("valid app"),
        },
        uuid: format!("uuid-{suffix}"),
        client_id: format!("client-{suffix}"),
        client_secret: format!("secret-{suffix}"),
        rongcloud_app_key: format!("rckey{suffix}"),
        rongcloud_app_secret: format!("rcsecret{suffix}"),
        created_at_ms: 1_700_000_000_000,
    }
}

/// Runs every app-store check against an empty store.
pub async fn app_store(store: &dyn AppStore) {
    assert!(
        store.list_apps().await.expect("list").is_empty(),
        "a new store has no apps"
    );

    let first = store
        .create_app(new_app("org", "one", "1"))
        .await
        .expect("create first");
    assert_eq!(first.key.to_string(), "org#one");
    assert_eq!(first.client_id, "client-1");
    assert_eq!(first.created_at_ms, 1_700_000_000_000);

    let found = store
        .app_by_key(&first.key)
        .await
        .expect("by key")
        .expect("present");
    assert_eq!(found, first, "an app reads back exactly as stored");
    let by_rongcloud = store
        .app_by_rongcloud_key("rckey1")
        .await
        .expect("by rc key")
        .expect("present");
    assert_eq!(by_rongcloud, first);
    assert!(
        store
            .app_by_rongcloud_key("nope")
            .await
            .expect("by rc key")
            .is_none()
    );

    let missing = AppKey {
        org: OrgName::parse("org").expect("org"),
        app: AppName::parse("two").expect("app"),
    };
    assert!(store.app_by_key(&missing).await.expect("by key").is_none());

    // Same App Key: conflict, nothing written.
    let duplicate = store.create_app(new_app("org", "one", "2")).await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "duplicate App Key: {duplicate:?}"
    );
    // Same client id under another key: conflict too.
    let mut same_client = new_app("org", "three", "3");
    same_client.client_id = "client-1".to_string();
    let same_client = store.create_app(same_client).await;
    assert!(
        matches!(same_client, Err(StoreError::Conflict(_))),
        "duplicate client_id: {same_client:?}"
    );
    assert_eq!(
        store.list_apps().await.expect("list").len(),
        1,
        "a refused create writes nothing"
    );

    // App Keys are case-sensitive, as the vendor's URLs are.
    let upper = store
        .create_app(new_app("ORG", "one", "4"))
        .await
        .expect("case differs");
    let second = store
        .create_app(new_app("org", "two", "5"))
        .await
        .expect("create second");
    let listed = store.list_apps().await.expect("list");
    assert_eq!(listed, vec![first.clone(), upper, second.clone()], "oldest first");
    assert!(second.id > first.id, "ids grow");
}
