//! Conformance of the RongCloud door's pushes ([`crate::RongCloudPushStore`]): accepted pushes per app, and
//! push audiences over user tags ([`crate::RongCloudSettingsStore`]) and push bindings ([`crate::PushStore`]).

use super::{new_app, new_user};
use crate::{PushAudience, PushBinding, RongCloudPush, RongCloudPushKind, StoreError};

/// Runs every check against a store holding no apps of org `rcporg`. It creates apps `rcporg#one` and
/// `rcporg#two`.
pub async fn rongcloud_push_store(store: &dyn crate::Store) {
    let one = store
        .create_app(new_app("rcporg", "one", "p1"))
        .await
        .expect("app")
        .id;
    let two = store
        .create_app(new_app("rcporg", "two", "p2"))
        .await
        .expect("app")
        .id;

    // Pushes: kept per app, read back exactly, ids unique within their app only.
    let push = RongCloudPush {
        push_id: "50whSR6kQiHb7YgFwQzXIb".into(),
        kind: RongCloudPushKind::Audience,
        request: r#"{"platform":["ios"]}"#.into(),
        recipients: 3,
        messages: 2,
        created_ms: 1_700_000_000_123,
    };
    store
        .record_rongcloud_push(one, push.clone())
        .await
        .expect("record");
    assert_eq!(
        store.rongcloud_push(one, &push.push_id).await.expect("read"),
        Some(push.clone())
    );
    assert_eq!(
        store.rongcloud_push(two, &push.push_id).await.expect("read"),
        None,
        "another app's push"
    );
    assert_eq!(
        store
            .rongcloud_push(one, "50WHSR6KQIHB7YGFWQZXIB")
            .await
            .expect("read"),
        None,
        "ids are case-sensitive"
    );
    let again = store.record_rongcloud_push(one, push.clone()).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let users_push = RongCloudPush {
        kind: RongCloudPushKind::Users,
        messages: 0,
        recipients: 0,
        ..push.clone()
    };
    store
        .record_rongcloud_push(two, users_push.clone())
        .await
        .expect("same id in another app");
    assert_eq!(
        store.rongcloud_push(two, &push.push_id).await.expect("read"),
        Some(users_push)
    );

    // Audiences: AND tags, OR tags and a certificate, combined with AND; paged by row id.
    let created = store
        .create_users(
            one,
            ["ann", "ben", "cat", "dan"]
                .iter()
                .map(|name| new_user(name, 10))
                .collect(),
        )
        .await
        .expect("users");
    let [ann, ben, cat, dan] = [0, 1, 2, 3].map(|index| created[index].id);
    let other = store
        .create_users(two, vec![new_user("ann", 11)])
        .await
        .expect("user")[0]
        .id;
    let tags = |list: &[&str]| list.iter().map(|tag| (*tag).to_string()).collect::<Vec<_>>();
    store
        .set_user_tags(&[ann], &tags(&["vip", "north"]))
        .await
        .expect("tags");
    store
        .set_user_tags(&[ben, other], &tags(&["vip"]))
        .await
        .expect("tags");
    store
        .set_user_tags(&[cat], &tags(&["north"]))
        .await
        .expect("tags");
    let binding = |notifier: &str| PushBinding {
        device_id: "device".into(),
        notifier_name: notifier.into(),
        device_token: "token".into(),
        updated_ms: 5,
    };
    for (user, notifier) in [
        (ann, "com.acme.chat"),
        (cat, "com.acme.chat"),
        (dan, "com.acme.lite"),
    ] {
        store
            .bind_push(user, binding(notifier))
            .await
            .expect("bind")
            .expect("user exists");
    }
    let selected = |audience: PushAudience, after: Option<i64>, limit: u32| async move {
        store
            .push_audience(one, &audience, after, limit)
            .await
            .expect("audience")
            .iter()
            .map(|user| user.id)
            .collect::<Vec<_>>()
    };
    let audience = |all: &[&str], any: &[&str], notifier: Option<&str>| PushAudience {
        all_tags: tags(all),
        any_tags: tags(any),
        notifier_name: notifier.map(str::to_string),
    };
    assert_eq!(
        selected(audience(&[], &[], None), None, 10).await,
        vec![ann, ben, cat, dan],
        "no condition: every user of the app"
    );
    assert_eq!(
        selected(audience(&["vip"], &[], None), None, 10).await,
        vec![ann, ben]
    );
    assert_eq!(
        selected(audience(&["vip", "north", "vip"], &[], None), None, 10).await,
        vec![ann],
        "every tag, a repeated tag counted once"
    );
    assert_eq!(
        selected(audience(&[], &["north", "nobody"], None), None, 10).await,
        vec![ann, cat]
    );
    assert_eq!(
        selected(audience(&["vip"], &["north"], None), None, 10).await,
        vec![ann],
        "tag and tag_or together"
    );
    assert_eq!(
        selected(audience(&[], &[], Some("com.acme.chat")), None, 10).await,
        vec![ann, cat]
    );
    assert_eq!(
        selected(audience(&["vip"], &[], Some("com.acme.chat")), None, 10).await,
        vec![ann],
        "a package and tags together"
    );
    assert!(
        selected(audience(&["missing"], &[], None), None, 10)
            .await
            .is_empty()
    );
    assert_eq!(
        selected(audience(&[], &[], None), None, 2).await,
        vec![ann, ben],
        "a page"
    );
    assert_eq!(
        selected(audience(&[], &[], None), Some(ben), 2).await,
        vec![cat, dan],
        "the next page"
    );
    // A user's tags change: the audience follows.
    store.set_user_tags(&[ben], &[]).await.expect("clear");
    assert_eq!(selected(audience(&["vip"], &[], None), None, 10).await, vec![ann]);
}
