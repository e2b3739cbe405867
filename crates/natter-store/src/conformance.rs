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
        registration_open: false,
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

fn new_user(name: &str, created_ms: i64) -> natter_core::NewUser {
    natter_core::NewUser {
        username: natter_core::UserName::lookup(name).expect("valid user id"),
        uuid: format!("uuid-{name}-{created_ms}"),
        password_hash: format!("hash-{name}"),
        nickname: None,
        created_ms,
    }
}

/// Runs every user-store check against a store holding no users. `app_store` creates the two apps.
pub async fn user_store(apps: &dyn AppStore, users: &dyn crate::UserStore) {
    use natter_core::UserName;
    let one = apps
        .create_app(new_app("uorg", "one", "u1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("uorg", "two", "u2"))
        .await
        .expect("app two")
        .id;
    let alice = UserName::lookup("alice").expect("name");

    let created = users
        .create_users(one, vec![new_user("alice", 10), new_user("bob", 11)])
        .await
        .expect("create");
    assert_eq!(created.len(), 2);
    assert!(created[0].activated && created[0].nickname.is_none());
    assert_eq!(created[0].modified_ms, 10);
    assert!(created[1].id > created[0].id);
    let found = users
        .user_by_name(one, &alice)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(found, created[0]);
    assert!(
        users.user_by_name(two, &alice).await.expect("get").is_none(),
        "apps do not share users"
    );

    // All or nothing: one existing ID fails the whole batch.
    let refused = users
        .create_users(one, vec![new_user("carol", 12), new_user("alice", 12)])
        .await;
    assert!(matches!(refused, Err(StoreError::Conflict(_))), "{refused:?}");
    let carol = UserName::lookup("carol").expect("name");
    assert!(
        users.user_by_name(one, &carol).await.expect("get").is_none(),
        "nothing of a refused batch is written"
    );
    let twice = users
        .create_users(one, vec![new_user("dave", 12), new_user("dave", 12)])
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    // The same ID in another app is fine.
    users
        .create_users(two, vec![new_user("alice", 13)])
        .await
        .expect("other app");

    users
        .create_users(one, vec![new_user("carol", 14), new_user("erin", 15)])
        .await
        .expect("more");
    assert_eq!(users.count_users(one).await.expect("count"), 4);
    let page = users.list_users(one, None, 3).await.expect("page 1");
    let names: Vec<&str> = page.iter().map(|user| user.username.as_str()).collect();
    assert_eq!(names, ["alice", "bob", "carol"], "oldest first");
    let rest = users.list_users(one, Some(page[2].id), 3).await.expect("page 2");
    assert_eq!(
        rest.iter().map(|user| user.username.as_str()).collect::<Vec<_>>(),
        ["erin"]
    );

    let changed = users
        .set_password(one, &alice, "new-hash", 100)
        .await
        .expect("set")
        .expect("present");
    assert_eq!(
        (
            changed.password_hash.as_str(),
            changed.tokens_valid_after_ms,
            changed.modified_ms
        ),
        ("new-hash", 100, 100)
    );
    let banned = users
        .set_activated(one, &alice, false, 200)
        .await
        .expect("ban")
        .expect("present");
    assert!(!banned.activated);
    assert_eq!(banned.tokens_valid_after_ms, 200, "a ban voids earlier tokens");
    let unbanned = users
        .set_activated(one, &alice, true, 300)
        .await
        .expect("unban")
        .expect("present");
    assert!(unbanned.activated);
    assert_eq!(
        unbanned.tokens_valid_after_ms, 200,
        "an unban does not void tokens"
    );
    let named = users
        .set_nickname(one, &alice, Some("Al"), 400)
        .await
        .expect("nick")
        .expect("present");
    assert_eq!(named.nickname.as_deref(), Some("Al"));
    let cleared = users
        .set_nickname(one, &alice, None, 401)
        .await
        .expect("nick")
        .expect("present");
    assert_eq!(cleared.nickname, None);
    let nobody = UserName::lookup("nobody").expect("name");
    assert!(
        users
            .set_password(one, &nobody, "h", 1)
            .await
            .expect("set")
            .is_none()
    );
    assert!(
        users
            .set_activated(one, &nobody, false, 1)
            .await
            .expect("ban")
            .is_none()
    );

    let deleted = users
        .delete_user(one, &alice)
        .await
        .expect("delete")
        .expect("was there");
    assert_eq!(deleted.username, alice);
    assert!(users.delete_user(one, &alice).await.expect("delete").is_none());
    let oldest = users.delete_oldest_users(one, 2).await.expect("delete oldest");
    assert_eq!(
        oldest
            .iter()
            .map(|user| user.username.as_str())
            .collect::<Vec<_>>(),
        ["bob", "carol"]
    );
    assert_eq!(users.count_users(one).await.expect("count"), 1);
    assert_eq!(users.count_users(two).await.expect("count"), 1);
}
