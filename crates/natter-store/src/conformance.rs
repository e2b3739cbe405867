//! The conformance suite: every backend's tests call these against a fresh store, so that the backends
//! cannot drift apart. Each function panics (test failure) on the first violated expectation.

use crate::{AppStore, StoreError};
use natter_core::{AppKey, AppName, NewApp, OrgName};

mod group_extras;
pub use group_extras::group_extras_store;
mod group_files;
pub use group_files::group_file_store;
mod messages;
pub use messages::{chat_send_check, message_store};
mod messages_admin;
pub use messages_admin::message_admin_store;
mod messages_targeted;
pub use messages_targeted::targeted_message_store;
mod rest_extras;
pub use rest_extras::{
    conversation_flag_store, conversation_push_mode_list, message_history_store, presence_store,
    reaction_store, room_file_store,
};
mod rongcloud_groups;
pub use rongcloud_groups::rongcloud_group_store;
mod rongcloud_push;
pub use rongcloud_push::rongcloud_push_store;
mod threads;
pub use threads::thread_store;

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
        max_users: 0,
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

    // The app's user quota: a batch that would go over it writes nothing.
    let mut limited = new_app("uorg", "limited", "u3");
    limited.max_users = 2;
    let limited = apps.create_app(limited).await.expect("limited app");
    assert_eq!(limited.max_users, 2);
    let limited = limited.id;
    users
        .create_users(limited, vec![new_user("q1", 20)])
        .await
        .expect("under the quota");
    let over = users
        .create_users(limited, vec![new_user("q2", 21), new_user("q3", 22)])
        .await;
    assert!(matches!(over, Err(StoreError::LimitExceeded(_))), "{over:?}");
    assert_eq!(
        users.count_users(limited).await.expect("count"),
        1,
        "nothing of a refused batch is written"
    );
    users
        .create_users(limited, vec![new_user("q2", 23)])
        .await
        .expect("up to the quota");
}

/// Runs every mute-store check against a store holding no apps.
pub async fn mute_store(apps: &dyn AppStore, users: &dyn crate::UserStore, mutes: &dyn crate::MuteStore) {
    use crate::{MuteScope, MuteUntil};
    let app = apps
        .create_app(new_app("morg", "one", "m1"))
        .await
        .expect("app")
        .id;
    users
        .create_users(app, vec![new_user("zs1", 1), new_user("zs2", 2)])
        .await
        .expect("users");
    let zs1 = natter_core::UserName::lookup("zs1").expect("name");
    let zs2 = natter_core::UserName::lookup("zs2").expect("name");
    let nobody = natter_core::UserName::lookup("nobody").expect("name");

    assert!(
        !mutes
            .set_mutes(app, &nobody, &[(MuteScope::Chat, Some(MuteUntil::Forever))])
            .await
            .expect("set")
    );
    let changes = [
        (MuteScope::Chat, Some(MuteUntil::At(1_000))),
        (MuteScope::GroupChat, Some(MuteUntil::Forever)),
    ];
    assert!(mutes.set_mutes(app, &zs1, &changes).await.expect("set"));
    assert!(
        mutes
            .set_mutes(app, &zs2, &[(MuteScope::ChatRoom, Some(MuteUntil::At(5_000)))])
            .await
            .expect("set")
    );

    let at_500 = mutes.user_mutes(app, &zs1, 500).await.expect("get");
    assert_eq!(at_500.len(), 2);
    let at_1000 = mutes.user_mutes(app, &zs1, 1_000).await.expect("get");
    assert_eq!(
        at_1000.iter().map(|mute| mute.scope).collect::<Vec<_>>(),
        [MuteScope::GroupChat],
        "a mute lifts itself"
    );

    let listed = mutes.list_mutes(app, 500, 0, 10).await.expect("list");
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[2].username, zs2);
    assert_eq!(mutes.list_mutes(app, 500, 2, 10).await.expect("page").len(), 1);

    // Lifting one scope leaves the others; setting again replaces the deadline.
    assert!(
        mutes
            .set_mutes(app, &zs1, &[(MuteScope::GroupChat, None)])
            .await
            .expect("lift")
    );
    assert!(
        mutes
            .set_mutes(app, &zs1, &[(MuteScope::Chat, Some(MuteUntil::At(9_000)))])
            .await
            .expect("reset")
    );
    let now = mutes.user_mutes(app, &zs1, 2_000).await.expect("get");
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].until, MuteUntil::At(9_000));
    // A deleted user's mutes go with it.
    users.delete_user(app, &zs2).await.expect("delete");
    assert_eq!(mutes.list_mutes(app, 0, 0, 10).await.expect("list").len(), 1);
}

/// Runs every contact-store check (contacts, requests, blocklists) against a store holding no users.
/// `app_store` and `user_store` create apps of their own; this one creates app `corg#one`.
pub async fn contact_store(
    apps: &dyn AppStore,
    users: &dyn crate::UserStore,
    contacts: &dyn crate::ContactStore,
) {
    use crate::ContactAdd;
    use natter_core::UserName;
    let app = apps
        .create_app(new_app("corg", "one", "c1"))
        .await
        .expect("app")
        .id;
    let created = users
        .create_users(
            app,
            ["alice", "bob", "carol", "dave", "erin"]
                .into_iter()
                .enumerate()
                .map(|(index, name)| new_user(name, 20 + index as i64))
                .collect(),
        )
        .await
        .expect("users");
    let [alice, bob, carol, dave, erin] = [0, 1, 2, 3, 4].map(|index| created[index].id);
    let names = |list: Vec<crate::Contact>| -> Vec<String> {
        list.into_iter()
            .map(|contact| contact.username.as_str().to_string())
            .collect()
    };

    // Mutual, idempotent adds.
    assert_eq!(
        contacts.add_contact(alice, bob, 100, 1_000).await.expect("add"),
        ContactAdd::Added
    );
    assert_eq!(
        contacts.add_contact(bob, alice, 100, 1_001).await.expect("again"),
        ContactAdd::AlreadyContacts,
        "either side re-adding changes nothing"
    );
    assert_eq!(
        names(contacts.list_contacts(alice, None, 10).await.expect("list")),
        ["bob"]
    );
    assert_eq!(
        names(contacts.list_contacts(bob, None, 10).await.expect("list")),
        ["alice"],
        "adding makes both users contacts"
    );
    let bob_seen_by_alice = &contacts.list_contacts(alice, None, 10).await.expect("list")[0];
    assert_eq!(
        (bob_seen_by_alice.remark.as_deref(), bob_seen_by_alice.created_ms),
        (None, 1_000)
    );

    // The limit holds on both sides, and a refused add writes nothing.
    assert_eq!(
        contacts.add_contact(alice, carol, 2, 1_002).await.expect("add"),
        ContactAdd::Added
    );
    assert_eq!(
        contacts
            .add_contact(alice, dave, 2, 1_003)
            .await
            .expect("full owner"),
        ContactAdd::OwnerFull
    );
    assert_eq!(
        contacts
            .add_contact(dave, alice, 2, 1_003)
            .await
            .expect("full friend"),
        ContactAdd::FriendFull
    );
    assert_eq!(contacts.count_contacts(alice).await.expect("count"), 2);
    assert_eq!(
        contacts.count_contacts(dave).await.expect("count"),
        0,
        "a refused add writes neither side"
    );
    assert_eq!(
        contacts
            .add_contact(alice, bob, 1, 1_004)
            .await
            .expect("existing"),
        ContactAdd::AlreadyContacts,
        "an existing contact is not refused by the limit"
    );

    // Newest first, paged by position.
    let page = contacts.list_contacts(alice, None, 1).await.expect("page 1");
    assert_eq!(names(page.clone()), ["carol"]);
    let next = contacts
        .list_contacts(alice, Some(page[0].id), 1)
        .await
        .expect("page 2");
    assert_eq!(names(next.clone()), ["bob"]);
    assert!(
        contacts
            .list_contacts(alice, Some(next[0].id), 1)
            .await
            .expect("page 3")
            .is_empty()
    );

    // Remarks are per side.
    assert!(
        contacts
            .set_contact_remark(alice, bob, Some("B"))
            .await
            .expect("remark")
    );
    let alice_list = contacts.list_contacts(alice, None, 10).await.expect("list");
    let bob_entry = alice_list
        .iter()
        .find(|contact| contact.username.as_str() == "bob")
        .expect("bob");
    assert_eq!(bob_entry.remark.as_deref(), Some("B"));
    assert_eq!(
        contacts.list_contacts(bob, None, 10).await.expect("list")[0].remark,
        None,
        "the other side's remark is its own"
    );
    assert!(
        !contacts
            .set_contact_remark(alice, dave, Some("D"))
            .await
            .expect("remark"),
        "no remark on a non-contact"
    );
    assert!(
        contacts
            .set_contact_remark(alice, bob, None)
            .await
            .expect("clear")
    );
    assert_eq!(
        contacts
            .list_contacts(alice, Some(i64::MAX), 10)
            .await
            .expect("list")
            .len(),
        2
    );

    // Removing either side removes both, remark included.
    assert!(contacts.remove_contact(bob, alice).await.expect("remove"));
    assert!(!contacts.remove_contact(alice, bob).await.expect("again"));
    assert_eq!(
        names(contacts.list_contacts(alice, None, 10).await.expect("list")),
        ["carol"]
    );
    assert!(
        contacts
            .list_contacts(bob, None, 10)
            .await
            .expect("list")
            .is_empty()
    );

    // Requests: declined, accepted, refused by the limit (and then still pending).
    contacts
        .request_contact(dave, erin, Some("hi"), 2_000)
        .await
        .expect("request");
    assert!(
        contacts
            .decline_contact_request(dave, erin)
            .await
            .expect("decline")
    );
    assert!(
        !contacts
            .decline_contact_request(dave, erin)
            .await
            .expect("declined already")
    );
    assert_eq!(
        contacts
            .accept_contact_request(dave, erin, 100, 2_001)
            .await
            .expect("accept"),
        None,
        "nothing pending after a decline"
    );
    contacts
        .request_contact(dave, erin, None, 2_002)
        .await
        .expect("request");
    contacts
        .request_contact(dave, erin, Some("again"), 2_003)
        .await
        .expect("renew");
    assert_eq!(
        contacts
            .accept_contact_request(erin, dave, 100, 2_004)
            .await
            .expect("wrong way"),
        None,
        "a request is accepted by its target only"
    );
    assert_eq!(
        contacts
            .accept_contact_request(dave, erin, 0, 2_005)
            .await
            .expect("full"),
        Some(ContactAdd::OwnerFull)
    );
    assert_eq!(
        contacts
            .accept_contact_request(dave, erin, 100, 2_006)
            .await
            .expect("accept"),
        Some(ContactAdd::Added),
        "a refused accept leaves the request pending"
    );
    assert_eq!(
        names(contacts.list_contacts(erin, None, 10).await.expect("list")),
        ["dave"]
    );
    assert_eq!(
        names(contacts.list_contacts(dave, None, 10).await.expect("list")),
        ["erin"]
    );
    assert_eq!(
        contacts
            .accept_contact_request(dave, erin, 100, 2_007)
            .await
            .expect("again"),
        None,
        "an accepted request is gone"
    );
    // A direct add settles a pending request in either direction.
    contacts
        .request_contact(carol, erin, None, 2_008)
        .await
        .expect("request");
    assert_eq!(
        contacts.add_contact(erin, carol, 100, 2_009).await.expect("add"),
        ContactAdd::Added
    );
    assert_eq!(
        contacts
            .accept_contact_request(carol, erin, 100, 2_010)
            .await
            .expect("settled"),
        None
    );

    // Removing all of a user's contacts removes both sides of each.
    assert_eq!(contacts.remove_all_contacts(carol).await.expect("remove all"), 2);
    assert!(
        contacts
            .list_contacts(carol, None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        contacts
            .list_contacts(alice, None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        names(contacts.list_contacts(erin, None, 10).await.expect("list")),
        ["dave"]
    );
    assert_eq!(contacts.remove_all_contacts(carol).await.expect("again"), 0);

    // Blocklists: one-way, no duplicates, limited, newest first.
    assert!(
        contacts
            .block_users(alice, &[bob, carol], 500, 3_000)
            .await
            .expect("block")
    );
    assert!(
        contacts
            .block_users(alice, &[bob], 500, 3_001)
            .await
            .expect("block again")
    );
    let blocked = contacts.list_blocked(alice, None, 10).await.expect("list");
    let blocked_names: Vec<&str> = blocked.iter().map(|user| user.username.as_str()).collect();
    assert_eq!(blocked_names, ["carol", "bob"], "newest first, no duplicate");
    assert_eq!(
        blocked[1].created_ms, 3_000,
        "blocking again keeps the first entry"
    );
    assert!(contacts.is_blocked(alice, bob).await.expect("blocked"));
    assert!(!contacts.is_blocked(bob, alice).await.expect("one-way"));
    assert!(
        !contacts
            .block_users(alice, &[dave, erin], 3, 3_002)
            .await
            .expect("over"),
        "a block past the limit is refused"
    );
    assert!(
        !contacts.is_blocked(alice, dave).await.expect("not written"),
        "a refused block writes nothing"
    );
    assert!(
        contacts
            .block_users(alice, &[dave], 3, 3_003)
            .await
            .expect("at the limit")
    );
    let first = contacts.list_blocked(alice, None, 2).await.expect("page");
    assert_eq!(first.len(), 2);
    let rest = contacts
        .list_blocked(alice, Some(first[1].id), 2)
        .await
        .expect("page 2");
    assert_eq!(
        rest.iter().map(|user| user.username.as_str()).collect::<Vec<_>>(),
        ["bob"]
    );
    assert_eq!(
        contacts
            .unblock_users(alice, &[bob, erin])
            .await
            .expect("unblock"),
        1
    );
    assert!(!contacts.is_blocked(alice, bob).await.expect("unblocked"));

    // A blocked contact stays a contact.
    assert_eq!(
        contacts.add_contact(alice, erin, 100, 4_000).await.expect("add"),
        ContactAdd::Added
    );
    assert!(
        contacts
            .block_users(alice, &[erin], 500, 4_001)
            .await
            .expect("block")
    );
    assert_eq!(
        names(contacts.list_contacts(alice, None, 10).await.expect("list")),
        ["erin"]
    );

    // Deleting a user leaves nothing of it behind, on either side.
    contacts
        .request_contact(erin, bob, None, 5_000)
        .await
        .expect("request");
    contacts
        .block_users(erin, &[carol], 500, 5_001)
        .await
        .expect("block");
    let erin_name = UserName::lookup("erin").expect("name");
    users
        .delete_user(app, &erin_name)
        .await
        .expect("delete")
        .expect("was there");
    assert!(
        contacts
            .list_contacts(alice, None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        contacts
            .list_contacts(dave, None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(!contacts.is_blocked(alice, erin).await.expect("gone"));
    assert_eq!(
        contacts.list_blocked(alice, None, 10).await.expect("list").len(),
        2,
        "carol and dave stay blocked"
    );
    assert!(
        contacts
            .list_blocked(erin, None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        !contacts
            .decline_contact_request(erin, bob)
            .await
            .expect("request gone")
    );
    assert_eq!(contacts.count_contacts(erin).await.expect("count"), 0);
}

/// Runs every attribute-store check against a store holding no apps named `aorg#…`.
pub async fn attribute_store(
    apps: &dyn AppStore,
    users: &dyn crate::UserStore,
    attributes: &dyn crate::AttributeStore,
) {
    use crate::{AttributeSettings, AttributeWrite, attribute_bytes};
    use natter_core::UserName;
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    };
    let one = apps
        .create_app(new_app("aorg", "one", "a1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("aorg", "two", "a2"))
        .await
        .expect("app two")
        .id;
    users
        .create_users(
            one,
            vec![new_user("alice", 1), new_user("bob", 2), new_user("carol", 3)],
        )
        .await
        .expect("users");
    users
        .create_users(two, vec![new_user("alice", 4)])
        .await
        .expect("other app's alice");
    let alice = UserName::lookup("alice").expect("name");
    let bob = UserName::lookup("bob").expect("name");
    let carol = UserName::lookup("carol").expect("name");
    let nobody = UserName::lookup("nobody").expect("name");
    let defaults = AttributeSettings::default();

    // Settings: defaults until stored, stored per app.
    assert_eq!(
        attributes.attribute_settings(one).await.expect("settings"),
        defaults
    );
    assert_eq!(
        (defaults.user_limit_bytes, defaults.app_limit_bytes),
        (2048, 10 << 30)
    );
    let custom = AttributeSettings {
        enabled: false,
        user_limit_bytes: 100,
        app_limit_bytes: 1000,
    };
    attributes
        .set_attribute_settings(two, custom)
        .await
        .expect("store settings");
    assert_eq!(
        attributes.attribute_settings(two).await.expect("settings"),
        custom
    );
    assert_eq!(
        attributes.attribute_settings(one).await.expect("settings"),
        defaults
    );
    attributes
        .set_attribute_settings(two, defaults)
        .await
        .expect("replace settings");
    assert_eq!(
        attributes.attribute_settings(two).await.expect("settings"),
        defaults
    );

    // Nothing stored yet.
    assert!(attributes.attributes(one, &alice).await.expect("get").is_empty());
    assert!(attributes.attributes(one, &nobody).await.expect("get").is_empty());
    assert_eq!(attributes.attribute_usage(one).await.expect("usage"), 0);
    assert_eq!(
        attributes
            .set_attributes(one, &nobody, &pairs(&[("nickname", "x")]), defaults)
            .await
            .expect("set"),
        AttributeWrite::UserMissing
    );

    // A set merges: keys not named stay; named keys are replaced.
    let written = attributes
        .set_attributes(
            one,
            &alice,
            &pairs(&[("nickname", "Al"), ("ext", "名")]),
            defaults,
        )
        .await
        .expect("set");
    assert_eq!(written, AttributeWrite::Written);
    attributes
        .set_attributes(
            one,
            &alice,
            &pairs(&[("nickname", "Alice"), ("mail", "a@x")]),
            defaults,
        )
        .await
        .expect("merge");
    let stored = attributes.attributes(one, &alice).await.expect("get");
    assert_eq!(
        stored.into_iter().collect::<Vec<_>>(),
        pairs(&[("ext", "名"), ("mail", "a@x"), ("nickname", "Alice")])
    );
    // The counting rule: UTF-8 bytes of name + value ("名" is three bytes).
    assert_eq!(attribute_bytes("ext", "名"), 6);
    let alice_bytes = (3 + 3) + (4 + 3) + (8 + 5);
    assert_eq!(attributes.attribute_usage(one).await.expect("usage"), alice_bytes);
    assert!(
        attributes.attributes(two, &alice).await.expect("get").is_empty(),
        "apps do not share attributes"
    );
    assert_eq!(attributes.attribute_usage(two).await.expect("usage"), 0);

    // The user budget: over it, nothing of the call is written; exactly at it is fine.
    let tight = AttributeSettings {
        user_limit_bytes: 20,
        ..defaults
    };
    let refused = attributes
        .set_attributes(one, &bob, &pairs(&[("a", "1"), ("b", &"x".repeat(19))]), tight)
        .await
        .expect("set");
    assert_eq!(refused, AttributeWrite::UserLimitExceeded { bytes: 22 });
    assert!(
        attributes.attributes(one, &bob).await.expect("get").is_empty(),
        "a refused write writes nothing"
    );
    let at_limit = attributes
        .set_attributes(one, &bob, &pairs(&[("a", "1"), ("b", &"x".repeat(17))]), tight)
        .await
        .expect("set");
    assert_eq!(at_limit, AttributeWrite::Written);
    // Over a lowered budget, a write that shrinks is allowed; one that grows is not.
    let lowered = AttributeSettings {
        user_limit_bytes: 4,
        ..defaults
    };
    assert_eq!(
        attributes
            .set_attributes(one, &bob, &pairs(&[("b", "xx")]), lowered)
            .await
            .expect("shrink"),
        AttributeWrite::Written
    );
    assert_eq!(
        attributes
            .set_attributes(one, &bob, &pairs(&[("c", "1")]), lowered)
            .await
            .expect("grow"),
        AttributeWrite::UserLimitExceeded { bytes: 7 }
    );
    let bob_bytes = 2 + 3;
    assert_eq!(
        attributes.attribute_usage(one).await.expect("usage"),
        alice_bytes + bob_bytes
    );

    // The app budget.
    let app_tight = AttributeSettings {
        app_limit_bytes: alice_bytes + bob_bytes + 4,
        ..defaults
    };
    assert_eq!(
        attributes
            .set_attributes(one, &carol, &pairs(&[("k", "12345")]), app_tight)
            .await
            .expect("set"),
        AttributeWrite::AppLimitExceeded {
            bytes: alice_bytes + bob_bytes + 6
        }
    );
    assert!(attributes.attributes(one, &carol).await.expect("get").is_empty());
    assert_eq!(
        attributes
            .set_attributes(one, &carol, &pairs(&[("k", "123")]), app_tight)
            .await
            .expect("set"),
        AttributeWrite::Written
    );
    let carol_bytes = 4;

    // Batch reads: only the named attributes, users without any are absent, other apps invisible.
    let everyone = [alice.clone(), bob.clone(), carol.clone(), nobody.clone()];
    let all = attributes
        .attributes_of(one, &everyone, None)
        .await
        .expect("batch");
    assert_eq!(all.len(), 3);
    assert_eq!(all[&alice].len(), 3);
    assert_eq!(all[&carol]["k"], "123");
    let names = ["nickname".to_string(), "b".to_string(), "missing".to_string()];
    let some = attributes
        .attributes_of(one, &everyone, Some(&names))
        .await
        .expect("batch");
    assert_eq!(some.len(), 2, "carol has none of the names: {some:?}");
    assert_eq!(
        some[&alice].clone().into_iter().collect::<Vec<_>>(),
        pairs(&[("nickname", "Alice")])
    );
    assert_eq!(some[&bob]["b"], "xx");
    assert!(
        attributes
            .attributes_of(one, &everyone, Some(&[]))
            .await
            .expect("batch")
            .is_empty()
    );
    assert!(
        attributes
            .attributes_of(two, &everyone, None)
            .await
            .expect("batch")
            .is_empty()
    );

    // Deleting attributes, and deleting a user, give their bytes back.
    assert!(attributes.delete_attributes(one, &bob).await.expect("delete"));
    assert!(
        !attributes
            .delete_attributes(one, &bob)
            .await
            .expect("delete again")
    );
    assert!(
        !attributes
            .delete_attributes(one, &nobody)
            .await
            .expect("delete nobody")
    );
    assert!(attributes.attributes(one, &bob).await.expect("get").is_empty());
    assert_eq!(
        attributes.attribute_usage(one).await.expect("usage"),
        alice_bytes + carol_bytes
    );
    users.delete_user(one, &alice).await.expect("delete user");
    assert_eq!(attributes.attribute_usage(one).await.expect("usage"), carol_bytes);
    users
        .create_users(one, vec![new_user("alice", 9)])
        .await
        .expect("recreate");
    assert!(
        attributes.attributes(one, &alice).await.expect("get").is_empty(),
        "a deleted user's attributes do not come back with a new user of the same ID"
    );
}

/// Runs every push-store check: bindings, per-user settings, conversation settings, templates, and that
/// a deleted user's settings go with it.
pub async fn push_store(apps: &dyn AppStore, users: &dyn crate::UserStore, push: &dyn crate::PushStore) {
    use crate::{
        ConversationPush, ConversationPushUpdate, PushBinding, PushChatType, PushMode, PushTemplate,
        QuietInterval, UserPushSettings, UserPushUpdate,
    };
    let one = apps
        .create_app(new_app("porg", "one", "p1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("porg", "two", "p2"))
        .await
        .expect("app two")
        .id;
    let created = users
        .create_users(one, vec![new_user("alice", 1), new_user("bob", 2)])
        .await
        .expect("users");
    let (alice, bob) = (created[0].id, created[1].id);
    let gone = created[1].id + 1_000_000;
    let binding = |device: &str, notifier: &str, token: &str, at: i64| PushBinding {
        device_id: device.to_string(),
        notifier_name: notifier.to_string(),
        device_token: token.to_string(),
        updated_ms: at,
    };
    let listed = |bindings: Vec<PushBinding>| {
        bindings
            .into_iter()
            .map(|binding| {
                format!(
                    "{}/{}/{}",
                    binding.device_id, binding.notifier_name, binding.device_token
                )
            })
            .collect::<Vec<_>>()
    };

    // Bindings: one per (device, certificate); a rebind replaces the token and moves to the end.
    assert!(push.push_bindings(alice).await.expect("bindings").is_empty());
    let bound = push
        .bind_push(alice, binding("d1", "n1", "t1", 10))
        .await
        .expect("bind")
        .expect("user exists");
    assert_eq!(bound, binding("d1", "n1", "t1", 10));
    push.bind_push(alice, binding("d1", "n2", "t2", 11))
        .await
        .expect("bind");
    push.bind_push(alice, binding("d2", "n1", "t3", 12))
        .await
        .expect("bind");
    push.bind_push(alice, binding("d1", "n1", "t1b", 13))
        .await
        .expect("rebind");
    assert_eq!(
        listed(push.push_bindings(alice).await.expect("bindings")),
        ["d1/n2/t2", "d2/n1/t3", "d1/n1/t1b"],
        "oldest write first"
    );
    assert!(
        push.push_bindings(bob).await.expect("bindings").is_empty(),
        "per user"
    );
    assert_eq!(push.unbind_push(alice, "d1", "n2").await.expect("unbind"), 1);
    assert_eq!(
        push.unbind_push(alice, "d1", "n2").await.expect("unbind again"),
        0
    );
    assert_eq!(
        push.unbind_push(alice, "d1", "N1").await.expect("case"),
        0,
        "names are case-sensitive"
    );
    push.bind_push(alice, binding("d1", "n3", "t4", 14))
        .await
        .expect("bind");
    assert_eq!(
        push.unbind_push_device(alice, "d1").await.expect("unbind device"),
        2
    );
    assert_eq!(
        listed(push.push_bindings(alice).await.expect("bindings")),
        ["d2/n1/t3"]
    );
    assert_eq!(
        push.bind_push(gone, binding("d", "n", "t", 1))
            .await
            .expect("no user"),
        None,
        "a binding for a missing user is refused"
    );
    assert!(push.push_bindings(gone).await.expect("bindings").is_empty());

    // User settings: partial updates; `Some(None)` clears.
    assert_eq!(
        push.user_push_settings(alice).await.expect("settings"),
        UserPushSettings::default()
    );
    let settings = push
        .update_user_push_settings(
            alice,
            UserPushUpdate {
                display_style: Some(Some(1)),
                language: Some(Some("EU".into())),
                ignore_groups: vec![("g2".into(), true), ("g1".into(), true), ("g1".into(), true)],
                ..UserPushUpdate::default()
            },
        )
        .await
        .expect("update")
        .expect("user exists");
    assert_eq!(settings.display_style, Some(1));
    assert_eq!(settings.language.as_deref(), Some("EU"));
    assert_eq!(settings.ignored_groups, ["g1", "g2"]);
    let settings = push
        .update_user_push_settings(
            alice,
            UserPushUpdate {
                language: Some(None),
                template_name: Some(Some("hxtest".into())),
                legacy_no_disturbing: Some(Some(true)),
                legacy_no_disturbing_start: Some(Some("8".into())),
                legacy_no_disturbing_end: Some(Some("18".into())),
                ignore_groups: vec![("g2".into(), false), ("g9".into(), false)],
                ..UserPushUpdate::default()
            },
        )
        .await
        .expect("update")
        .expect("user exists");
    let expected = UserPushSettings {
        display_style: Some(1),
        language: None,
        template_name: Some("hxtest".into()),
        legacy_no_disturbing: Some(true),
        legacy_no_disturbing_start: Some("8".into()),
        legacy_no_disturbing_end: Some("18".into()),
        ignored_groups: vec!["g1".into()],
    };
    assert_eq!(settings, expected, "untouched fields keep their values");
    assert_eq!(push.user_push_settings(alice).await.expect("settings"), expected);
    assert_eq!(
        push.user_push_settings(bob).await.expect("settings"),
        UserPushSettings::default()
    );
    let refused = push
        .update_user_push_settings(
            gone,
            UserPushUpdate {
                display_style: Some(Some(0)),
                ..UserPushUpdate::default()
            },
        )
        .await
        .expect("no user");
    assert_eq!(refused, None);
    assert_eq!(
        push.user_push_settings(gone).await.expect("settings"),
        UserPushSettings::default()
    );

    // Conversation settings: per (chat type, key); the app level is (user, self).
    let interval = QuietInterval::parse("21:30-08:00").expect("interval");
    assert_eq!(
        push.conversation_push(alice, PushChatType::User, "alice")
            .await
            .expect("get"),
        ConversationPush::default()
    );
    let app_level = push
        .update_conversation_push(
            alice,
            PushChatType::User,
            "alice",
            ConversationPushUpdate {
                mode: Some(Some(PushMode::None)),
                ignore_interval: Some(Some(interval)),
                ignore_until_ms: Some(Some(5_000)),
            },
        )
        .await
        .expect("set")
        .expect("user exists");
    assert_eq!(
        app_level,
        ConversationPush {
            mode: Some(PushMode::None),
            ignore_interval: Some(interval),
            ignore_until_ms: Some(5_000),
        }
    );
    let app_level = push
        .update_conversation_push(
            alice,
            PushChatType::User,
            "alice",
            ConversationPushUpdate {
                ignore_interval: Some(None),
                ..ConversationPushUpdate::default()
            },
        )
        .await
        .expect("set")
        .expect("user exists");
    assert_eq!(
        (
            app_level.mode,
            app_level.ignore_interval,
            app_level.ignore_until_ms
        ),
        (Some(PushMode::None), None, Some(5_000))
    );
    push.update_conversation_push(
        alice,
        PushChatType::ChatGroup,
        "alice",
        ConversationPushUpdate {
            mode: Some(Some(PushMode::At)),
            ..ConversationPushUpdate::default()
        },
    )
    .await
    .expect("set")
    .expect("user exists");
    assert_eq!(
        push.conversation_push(alice, PushChatType::ChatGroup, "alice")
            .await
            .expect("get")
            .mode,
        Some(PushMode::At)
    );
    assert_eq!(
        push.conversation_push(alice, PushChatType::User, "alice")
            .await
            .expect("get")
            .mode,
        Some(PushMode::None),
        "chat types are separate"
    );
    assert_eq!(
        push.conversation_push(bob, PushChatType::User, "alice")
            .await
            .expect("get"),
        ConversationPush::default(),
        "per user"
    );
    let cleared = push
        .update_conversation_push(
            alice,
            PushChatType::ChatGroup,
            "alice",
            ConversationPushUpdate {
                mode: Some(None),
                ..ConversationPushUpdate::default()
            },
        )
        .await
        .expect("clear")
        .expect("user exists");
    assert_eq!(cleared, ConversationPush::default());
    assert_eq!(
        push.update_conversation_push(
            gone,
            PushChatType::User,
            "x",
            ConversationPushUpdate {
                mode: Some(Some(PushMode::All)),
                ..ConversationPushUpdate::default()
            },
        )
        .await
        .expect("no user"),
        None
    );

    // Templates: per app, case-sensitive names; a second put replaces the patterns, keeps `created_ms`.
    let template = |name: &str, title: &str, at: i64| PushTemplate {
        name: name.to_string(),
        title_pattern: title.to_string(),
        content_pattern: format!("content of {title}"),
        created_ms: at,
        updated_ms: at,
    };
    let stored = push
        .put_push_template(one, template("test7", "你好,{0}", 100))
        .await
        .expect("create");
    assert_eq!(stored, template("test7", "你好,{0}", 100));
    let replaced = push
        .put_push_template(one, template("test7", "again", 200))
        .await
        .expect("replace");
    assert_eq!(
        (
            replaced.title_pattern.as_str(),
            replaced.created_ms,
            replaced.updated_ms
        ),
        ("again", 100, 200)
    );
    assert_eq!(
        push.push_template(one, "test7").await.expect("get"),
        Some(replaced.clone())
    );
    assert_eq!(push.push_template(one, "TEST7").await.expect("get"), None);
    assert_eq!(
        push.push_template(two, "test7").await.expect("get"),
        None,
        "per app"
    );
    let modified = push
        .update_push_template(one, "test7", Some("third".into()), None, 300)
        .await
        .expect("modify")
        .expect("exists");
    assert_eq!(
        (
            modified.title_pattern.as_str(),
            modified.content_pattern.as_str(),
            modified.created_ms,
            modified.updated_ms
        ),
        ("third", "content of again", 100, 300)
    );
    assert_eq!(
        push.update_push_template(one, "nope", Some("x".into()), None, 300)
            .await
            .expect("modify"),
        None
    );
    assert_eq!(
        push.delete_push_template(one, "test7").await.expect("delete"),
        Some(modified)
    );
    assert_eq!(
        push.delete_push_template(one, "test7").await.expect("delete"),
        None
    );
    assert_eq!(push.push_template(one, "test7").await.expect("get"), None);

    // Deleting a user deletes its settings; a new user of the same ID starts clean.
    let alice_name = natter_core::UserName::lookup("alice").expect("name");
    users
        .delete_user(one, &alice_name)
        .await
        .expect("delete")
        .expect("existed");
    assert!(push.push_bindings(alice).await.expect("bindings").is_empty());
    assert_eq!(
        push.user_push_settings(alice).await.expect("settings"),
        UserPushSettings::default()
    );
    assert_eq!(
        push.conversation_push(alice, PushChatType::User, "alice")
            .await
            .expect("get"),
        ConversationPush::default()
    );
    let again = users
        .create_users(one, vec![new_user("alice", 3)])
        .await
        .expect("recreate")[0]
        .id;
    assert!(push.push_bindings(again).await.expect("bindings").is_empty());
    assert_eq!(
        push.user_push_settings(again).await.expect("settings"),
        UserPushSettings::default()
    );
}

/// Runs every RongCloud-store check (portraits, timed bans, whitelists) against a store holding no users.
/// It creates apps `rorg#one` and `rorg#two`.
pub async fn rongcloud_store(
    apps: &dyn AppStore,
    users: &dyn crate::UserStore,
    rongcloud: &dyn crate::RongCloudStore,
) {
    use crate::{LiftedBan, TimedBan};
    use natter_core::UserName;
    let one = apps
        .create_app(new_app("rorg", "one", "r1"))
        .await
        .expect("app")
        .id;
    let two = apps
        .create_app(new_app("rorg", "two", "r2"))
        .await
        .expect("app")
        .id;
    let created = users
        .create_users(
            one,
            ["ann", "ben", "cat"]
                .iter()
                .enumerate()
                .map(|(at, name)| new_user(name, 60 + at as i64))
                .collect(),
        )
        .await
        .expect("users");
    let [ann, ben, cat] = [0, 1, 2].map(|index| created[index].id);
    let other_app = users
        .create_users(two, vec![new_user("ann", 70)])
        .await
        .expect("users")[0]
        .id;
    let name = |text: &str| UserName::lookup(text).expect("name");
    let activated = async |app: i64, text: &str| {
        users
            .user_by_name(app, &name(text))
            .await
            .expect("user")
            .expect("present")
            .activated
    };

    // Portraits: set, replace, clear.
    assert_eq!(rongcloud.rongcloud_portrait(ann).await.expect("portrait"), None);
    rongcloud
        .set_rongcloud_portrait(ann, Some("http://a/1.png"))
        .await
        .expect("set");
    rongcloud
        .set_rongcloud_portrait(ann, Some("http://a/2.png"))
        .await
        .expect("replace");
    assert_eq!(
        rongcloud
            .rongcloud_portrait(ann)
            .await
            .expect("portrait")
            .as_deref(),
        Some("http://a/2.png")
    );
    rongcloud.set_rongcloud_portrait(ann, None).await.expect("clear");
    assert_eq!(rongcloud.rongcloud_portrait(ann).await.expect("portrait"), None);

    // Timed bans deactivate without voiding tokens, and list soonest first.
    let before = users
        .user_by_name(one, &name("ann"))
        .await
        .expect("user")
        .expect("present");
    rongcloud
        .ban_users_until(one, &[ann, ben], 5_000, 1_000)
        .await
        .expect("ban");
    rongcloud
        .ban_users_until(one, &[cat], 3_000, 1_000)
        .await
        .expect("ban");
    rongcloud
        .ban_users_until(one, &[other_app], 9_000, 1_000)
        .await
        .expect("a user of another app is ignored");
    let banned = users
        .user_by_name(one, &name("ann"))
        .await
        .expect("user")
        .expect("present");
    assert!(!banned.activated);
    assert_eq!(
        banned.tokens_valid_after_ms, before.tokens_valid_after_ms,
        "a timed ban voids no token"
    );
    assert!(activated(two, "ann").await, "apps are separate");
    assert_eq!(
        rongcloud.timed_bans(one).await.expect("bans"),
        vec![
            TimedBan {
                username: name("cat"),
                until_ms: 3_000
            },
            TimedBan {
                username: name("ann"),
                until_ms: 5_000
            },
            TimedBan {
                username: name("ben"),
                until_ms: 5_000
            },
        ]
    );
    assert!(rongcloud.timed_bans(two).await.expect("bans").is_empty());
    assert_eq!(
        rongcloud.next_ban_deadline().await.expect("deadline"),
        Some(3_000)
    );
    // Banning again replaces the deadline.
    rongcloud
        .ban_users_until(one, &[ben], 8_000, 1_100)
        .await
        .expect("re-ban");

    // Deadlines lift themselves; a user unbanned meanwhile is forgotten, not reported.
    rongcloud
        .lift_bans(two, &[ann], 1_200)
        .await
        .expect("another app's lift names nobody here");
    assert!(!activated(one, "ann").await);
    rongcloud.lift_bans(one, &[ann], 1_200).await.expect("lift");
    assert!(activated(one, "ann").await);
    assert!(
        rongcloud
            .lift_expired_bans(2_999)
            .await
            .expect("expire")
            .is_empty()
    );
    assert_eq!(
        rongcloud.lift_expired_bans(5_000).await.expect("expire"),
        vec![LiftedBan {
            app_id: one,
            username: name("cat")
        }]
    );
    assert!(activated(one, "cat").await);
    assert!(!activated(one, "ben").await);
    assert_eq!(
        rongcloud.next_ban_deadline().await.expect("deadline"),
        Some(8_000)
    );
    assert_eq!(
        rongcloud.timed_bans(one).await.expect("bans"),
        vec![TimedBan {
            username: name("ben"),
            until_ms: 8_000
        }]
    );

    // A ban through another door (the flag alone) lifted through this one; a deleted user takes its
    // deadline along.
    users
        .set_activated(one, &name("ben"), true, 1_300)
        .await
        .expect("unban elsewhere");
    assert!(
        rongcloud.timed_bans(one).await.expect("bans").is_empty(),
        "only users still banned are listed"
    );
    users.delete_user(one, &name("ben")).await.expect("delete");
    assert_eq!(rongcloud.next_ban_deadline().await.expect("deadline"), None);

    // Whitelists: idempotent adds in order, a limit that writes nothing when passed, removal counts.
    assert!(rongcloud.whitelist_add(ann, &[cat], 2, 10).await.expect("add"));
    assert!(rongcloud.whitelist_add(ann, &[cat], 2, 11).await.expect("again"));
    let dan = users
        .create_users(one, vec![new_user("dan", 80), new_user("eve", 81)])
        .await
        .expect("users");
    assert!(
        !rongcloud
            .whitelist_add(ann, &[dan[0].id, dan[1].id], 2, 12)
            .await
            .expect("over the limit")
    );
    assert_eq!(
        rongcloud.whitelist(ann).await.expect("list"),
        vec![name("cat")],
        "nothing written"
    );
    assert!(
        rongcloud
            .whitelist_add(ann, &[dan[0].id], 2, 13)
            .await
            .expect("add")
    );
    assert_eq!(
        rongcloud.whitelist(ann).await.expect("list"),
        vec![name("cat"), name("dan")]
    );
    assert!(
        rongcloud.whitelist(cat).await.expect("list").is_empty(),
        "one-way"
    );
    assert_eq!(
        rongcloud
            .whitelist_remove(ann, &[cat, dan[1].id])
            .await
            .expect("remove"),
        1
    );
    users.delete_user(one, &name("dan")).await.expect("delete");
    assert!(
        rongcloud.whitelist(ann).await.expect("list").is_empty(),
        "a deleted user leaves the list"
    );
}

/// Runs every group-store check (groups, members, roles, requests, limits) against a store holding no
/// apps. Creates apps `gorg#one` and `gorg#two`.
pub async fn group_store(apps: &dyn AppStore, users: &dyn crate::UserStore, groups: &dyn crate::GroupStore) {
    use crate::{
        GroupCreate, GroupRequestKind, GroupUpdate, GroupUpdateOutcome, MembersAdd, NewGroup, RoleChange,
    };
    use natter_core::{GroupId, GroupLimits, GroupRole, UserName};
    let one = apps
        .create_app(new_app("gorg", "one", "g1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("gorg", "two", "g2"))
        .await
        .expect("app two")
        .id;
    let names = ["ann", "bob", "cat", "dan", "eve", "fay"];
    let created = users
        .create_users(one, names.iter().map(|name| new_user(name, 1)).collect())
        .await
        .expect("users");
    let id_of = |name: &str| created[names.iter().position(|n| *n == name).expect("known name")].id;
    let name = |text: &str| UserName::lookup(text).expect("name");
    let gid = |value: u64| GroupId::new(value).expect("id");
    let new_group = |id: u64, owner: &str, members: &[&str], max_users: u32| NewGroup {
        id: gid(id),
        owner_id: id_of(owner),
        name: format!("group {id}"),
        description: "about".into(),
        avatar: String::new(),
        custom: "ext".into(),
        public: id.is_multiple_of(4),
        members_only: false,
        allow_invites: false,
        invite_need_confirm: true,
        max_users,
        member_ids: members.iter().map(|member| id_of(member)).collect(),
        created_ms: i64::try_from(id).expect("small id"),
    };
    let limits = GroupLimits::default();

    // Settings: the default until set, then what was set.
    assert_eq!(
        groups.group_settings(one).await.expect("settings"),
        GroupLimits::default()
    );
    groups
        .set_group_settings(two, GroupLimits::FREE)
        .await
        .expect("set");
    assert_eq!(
        groups.group_settings(two).await.expect("settings"),
        GroupLimits::FREE
    );
    assert_eq!(
        groups.group_settings(one).await.expect("settings"),
        GroupLimits::default(),
        "per app"
    );

    // Create: owner first, then members; counts include the owner.
    let GroupCreate::Created(first) = groups
        .create_group(one, new_group(10, "ann", &["bob", "cat"], 200), &limits)
        .await
        .expect("create")
    else {
        panic!("first group refused");
    };
    assert_eq!(
        (first.id, first.owner.as_str(), first.member_count),
        (gid(10), "ann", 3)
    );
    assert_eq!(
        (first.name.as_str(), first.custom.as_str(), first.max_users),
        ("group 10", "ext", 200)
    );
    assert!(!first.public && first.invite_need_confirm && !first.disabled && !first.mute_all);
    assert_eq!(
        groups.group(one, gid(10)).await.expect("get"),
        Some(first.clone()),
        "reads back as created"
    );
    assert_eq!(
        groups.group(two, gid(10)).await.expect("get"),
        None,
        "apps do not share groups"
    );
    let duplicate = groups
        .create_group(one, new_group(10, "bob", &[], 200), &limits)
        .await;
    assert!(
        matches!(duplicate, Err(crate::StoreError::Conflict(_))),
        "{duplicate:?}"
    );
    assert_eq!(
        groups
            .create_group(one, new_group(11, "ann", &["bob", "cat"], 2), &limits)
            .await
            .expect("create"),
        GroupCreate::TooManyMembers
    );
    let tight = GroupLimits {
        max_groups_per_app: Some(2),
        max_groups_per_user: 2,
        ..limits
    };
    assert!(matches!(
        groups
            .create_group(one, new_group(12, "dan", &["bob"], 200), &tight)
            .await
            .expect("create"),
        GroupCreate::Created(_)
    ));
    assert_eq!(
        groups
            .create_group(one, new_group(13, "eve", &[], 200), &tight)
            .await
            .expect("create"),
        GroupCreate::AppFull
    );
    let roomy_app = GroupLimits {
        max_groups_per_app: None,
        ..tight
    };
    assert_eq!(
        groups
            .create_group(one, new_group(14, "eve", &["bob"], 200), &roomy_app)
            .await
            .expect("create"),
        GroupCreate::UserFull(id_of("bob")),
        "bob is in two groups already"
    );
    assert_eq!(
        groups.count_groups(one).await.expect("count"),
        2,
        "refused creates wrote nothing"
    );
    assert_eq!(groups.group(one, gid(14)).await.expect("get"), None);
    assert_eq!(
        groups.count_user_groups(one, id_of("eve")).await.expect("count"),
        0
    );

    // Lists: newest first, paged by id, public only on request.
    groups
        .create_group(one, new_group(16, "eve", &[], 200), &limits)
        .await
        .expect("create");
    let listed: Vec<u64> = groups
        .list_groups(one, None, 10, false)
        .await
        .expect("list")
        .iter()
        .map(|g| g.id.get())
        .collect();
    assert_eq!(listed, [16, 12, 10]);
    let page: Vec<u64> = groups
        .list_groups(one, Some(gid(16)), 1, false)
        .await
        .expect("list")
        .iter()
        .map(|g| g.id.get())
        .collect();
    assert_eq!(page, [12]);
    let public: Vec<u64> = groups
        .list_groups(one, None, 10, true)
        .await
        .expect("list")
        .iter()
        .map(|g| g.id.get())
        .collect();
    assert_eq!(public, [16, 12]);
    let mut some: Vec<u64> = groups
        .groups(one, &[gid(12), gid(99), gid(10)])
        .await
        .expect("some")
        .iter()
        .map(|g| g.id.get())
        .collect();
    some.sort_unstable();
    assert_eq!(some, [10, 12], "missing ids are skipped");

    // Membership: roles, the fast check, the fan-out list, a user's groups.
    assert_eq!(
        groups
            .member_role(one, gid(10), id_of("ann"))
            .await
            .expect("role"),
        Some(GroupRole::Owner)
    );
    assert_eq!(
        groups
            .member_role(one, gid(10), id_of("bob"))
            .await
            .expect("role"),
        Some(GroupRole::Member)
    );
    assert_eq!(
        groups
            .member_role(one, gid(10), id_of("dan"))
            .await
            .expect("role"),
        None
    );
    assert!(
        crate::GroupStore::is_group_member(groups, one, gid(10), &name("cat"))
            .await
            .expect("is member")
    );
    assert!(
        !crate::GroupStore::is_group_member(groups, one, gid(10), &name("dan"))
            .await
            .expect("is member")
    );
    assert!(
        !crate::GroupStore::is_group_member(groups, one, gid(99), &name("ann"))
            .await
            .expect("is member")
    );
    assert!(
        !crate::GroupStore::is_group_member(groups, two, gid(10), &name("ann"))
            .await
            .expect("is member"),
        "scoped to the app"
    );
    assert_eq!(
        crate::GroupStore::group_members_of(groups, one, gid(10))
            .await
            .expect("members"),
        [name("ann"), name("bob"), name("cat")]
    );
    let bobs: Vec<(u64, GroupRole)> = groups
        .user_groups(one, id_of("bob"), 0, 10)
        .await
        .expect("groups")
        .iter()
        .map(|(group, role)| (group.id.get(), *role))
        .collect();
    assert_eq!(
        bobs,
        [(10, GroupRole::Member), (12, GroupRole::Member)],
        "join order"
    );
    assert_eq!(
        groups
            .user_groups(one, id_of("bob"), 1, 10)
            .await
            .expect("page")
            .len(),
        1
    );
    assert_eq!(
        groups.count_user_groups(one, id_of("bob")).await.expect("count"),
        2
    );

    // Member pages: by offset, or after a position.
    let all = groups
        .list_members(one, gid(10), None, 0, 10)
        .await
        .expect("members");
    assert_eq!(
        all.iter().map(|m| m.username.as_str()).collect::<Vec<_>>(),
        ["ann", "bob", "cat"]
    );
    assert_eq!(all[0].role, GroupRole::Owner);
    assert_eq!(all[1].joined_ms, 10);
    assert!(all[0].position < all[1].position && all[1].position < all[2].position);
    let second = groups.list_members(one, gid(10), None, 1, 1).await.expect("page");
    assert_eq!(second[0].username, name("bob"));
    let after = groups
        .list_members(one, gid(10), Some(all[1].position), 0, 10)
        .await
        .expect("after");
    assert_eq!(
        after.iter().map(|m| m.username.as_str()).collect::<Vec<_>>(),
        ["cat"]
    );

    // Adding: only newcomers count, the group's maxusers and the users' quotas hold, refusals write nothing.
    assert_eq!(
        groups
            .add_group_members(one, gid(10), &[id_of("cat"), id_of("dan")], &limits, 20)
            .await
            .expect("add"),
        MembersAdd::Added(vec![id_of("dan")])
    );
    assert_eq!(
        groups
            .group(one, gid(10))
            .await
            .expect("get")
            .expect("group")
            .member_count,
        4
    );
    assert_eq!(
        groups
            .add_group_members(one, gid(99), &[id_of("eve")], &limits, 20)
            .await
            .expect("add"),
        MembersAdd::NoGroup
    );
    let small = GroupLimits {
        max_groups_per_user: 1,
        ..limits
    };
    assert_eq!(
        groups
            .add_group_members(one, gid(10), &[id_of("fay"), id_of("eve")], &small, 21)
            .await
            .expect("add"),
        MembersAdd::UserFull(id_of("eve")),
        "eve owns a group already"
    );
    assert!(
        !crate::GroupStore::is_group_member(groups, one, gid(10), &name("fay"))
            .await
            .expect("is member"),
        "nothing written"
    );
    assert_eq!(
        groups
            .update_group(
                one,
                gid(10),
                GroupUpdate {
                    max_users: Some(3),
                    ..GroupUpdate::default()
                },
                30
            )
            .await
            .expect("update"),
        GroupUpdateOutcome::MaxUsersBelowMembers
    );
    let GroupUpdateOutcome::Updated(changed) = groups
        .update_group(
            one,
            gid(10),
            GroupUpdate {
                name: Some("renamed".into()),
                max_users: Some(5),
                public: Some(true),
                ..GroupUpdate::default()
            },
            31,
        )
        .await
        .expect("update")
    else {
        panic!("update refused");
    };
    assert_eq!(
        (changed.name.as_str(), changed.max_users, changed.public),
        ("renamed", 5, true)
    );
    assert_eq!(
        (changed.description.as_str(), changed.modified_ms),
        ("about", 31),
        "other fields stay"
    );
    assert_eq!(
        groups
            .update_group(one, gid(99), GroupUpdate::default(), 31)
            .await
            .expect("update"),
        GroupUpdateOutcome::NoGroup
    );
    assert_eq!(
        groups
            .add_group_members(one, gid(10), &[id_of("eve"), id_of("fay")], &limits, 32)
            .await
            .expect("add"),
        MembersAdd::GroupFull,
        "5 members at most"
    );
    assert!(
        !crate::GroupStore::is_group_member(groups, one, gid(10), &name("eve"))
            .await
            .expect("is member"),
        "nothing written"
    );

    // Roles: admins within the limit; the owner's role moves only by transfer.
    assert_eq!(
        groups
            .set_member_role(one, gid(10), id_of("bob"), GroupRole::Admin, 1, 40)
            .await
            .expect("role"),
        RoleChange::Changed
    );
    assert_eq!(
        groups
            .set_member_role(one, gid(10), id_of("bob"), GroupRole::Admin, 1, 40)
            .await
            .expect("role"),
        RoleChange::Unchanged
    );
    assert_eq!(
        groups
            .set_member_role(one, gid(10), id_of("cat"), GroupRole::Admin, 1, 40)
            .await
            .expect("role"),
        RoleChange::AdminsFull
    );
    assert_eq!(
        groups
            .set_member_role(one, gid(10), id_of("ann"), GroupRole::Admin, 99, 40)
            .await
            .expect("role"),
        RoleChange::Owner
    );
    assert_eq!(
        groups
            .set_member_role(one, gid(10), id_of("fay"), GroupRole::Admin, 99, 40)
            .await
            .expect("role"),
        RoleChange::NotMember
    );
    assert_eq!(
        groups.group_admins(one, gid(10)).await.expect("admins"),
        [name("bob")]
    );
    assert_eq!(
        groups
            .set_member_role(one, gid(10), id_of("bob"), GroupRole::Member, 99, 41)
            .await
            .expect("role"),
        RoleChange::Changed
    );
    assert!(
        groups
            .group_admins(one, gid(10))
            .await
            .expect("admins")
            .is_empty()
    );

    // Transfer: the new owner must be a member; the old one stays as a member.
    assert!(
        !groups
            .transfer_ownership(one, gid(10), id_of("fay"), 50)
            .await
            .expect("transfer")
    );
    assert!(
        groups
            .transfer_ownership(one, gid(10), id_of("cat"), 50)
            .await
            .expect("transfer")
    );
    let moved = groups.group(one, gid(10)).await.expect("get").expect("group");
    assert_eq!(moved.owner, name("cat"));
    assert_eq!(
        groups
            .member_role(one, gid(10), id_of("ann"))
            .await
            .expect("role"),
        Some(GroupRole::Member)
    );
    assert_eq!(
        groups
            .member_role(one, gid(10), id_of("cat"))
            .await
            .expect("role"),
        Some(GroupRole::Owner)
    );

    // Removing: never the owner.
    let removed = groups
        .remove_group_members(one, gid(10), &[id_of("cat"), id_of("dan"), id_of("fay")])
        .await
        .expect("remove");
    assert_eq!(removed, [id_of("dan")]);
    assert_eq!(
        groups
            .group(one, gid(10))
            .await
            .expect("get")
            .expect("group")
            .member_count,
        3
    );

    // Requests: recorded, renewed, taken once; settled by joining.
    assert!(
        groups
            .put_group_request(one, gid(10), GroupRequestKind::Invitation, id_of("fay"), None, 60)
            .await
            .expect("put")
    );
    assert!(
        groups
            .put_group_request(
                one,
                gid(10),
                GroupRequestKind::Invitation,
                id_of("fay"),
                Some("again"),
                61
            )
            .await
            .expect("renew")
    );
    assert!(
        !groups
            .put_group_request(one, gid(99), GroupRequestKind::Invitation, id_of("fay"), None, 61)
            .await
            .expect("no group")
    );
    assert!(
        !groups
            .take_group_request(one, gid(10), GroupRequestKind::Application, id_of("fay"))
            .await
            .expect("other kind")
    );
    assert!(
        groups
            .take_group_request(one, gid(10), GroupRequestKind::Invitation, id_of("fay"))
            .await
            .expect("take")
    );
    assert!(
        !groups
            .take_group_request(one, gid(10), GroupRequestKind::Invitation, id_of("fay"))
            .await
            .expect("taken")
    );
    groups
        .put_group_request(
            one,
            gid(10),
            GroupRequestKind::Application,
            id_of("fay"),
            Some("hi"),
            62,
        )
        .await
        .expect("apply");
    groups
        .add_group_members(one, gid(10), &[id_of("fay")], &limits, 63)
        .await
        .expect("add");
    assert!(
        !groups
            .take_group_request(one, gid(10), GroupRequestKind::Application, id_of("fay"))
            .await
            .expect("settled")
    );

    // Deleting a user: its memberships go, and the groups it owns are dissolved.
    users.delete_user(one, &name("bob")).await.expect("delete bob");
    assert!(
        !crate::GroupStore::is_group_member(groups, one, gid(10), &name("bob"))
            .await
            .expect("is member")
    );
    assert_eq!(
        groups
            .group(one, gid(12))
            .await
            .expect("get")
            .expect("group")
            .member_count,
        1
    );
    users.delete_user(one, &name("cat")).await.expect("delete cat");
    assert_eq!(
        groups.group(one, gid(10)).await.expect("get"),
        None,
        "cat owned group 10"
    );
    assert_eq!(
        groups.count_user_groups(one, id_of("ann")).await.expect("count"),
        0
    );

    // Dissolving.
    assert!(groups.delete_group(one, gid(16)).await.expect("delete"));
    assert!(!groups.delete_group(one, gid(16)).await.expect("delete"));
    assert!(
        !groups.delete_group(two, gid(12)).await.expect("delete"),
        "scoped to the app"
    );
    assert_eq!(
        groups.count_user_groups(one, id_of("eve")).await.expect("count"),
        0
    );
    assert!(
        crate::GroupStore::group_members_of(groups, one, gid(16))
            .await
            .expect("members")
            .is_empty()
    );
}

/// Runs every chat-room-store check against a store holding no users; creates apps `crorg#one` and
/// `crorg#two`.
pub async fn chatroom_store(
    apps: &dyn AppStore,
    users: &dyn crate::UserStore,
    rooms: &dyn crate::ChatRoomStore,
) {
    use crate::{
        AddMembers, AttributeOutcome, CreateRoom, MuteUntil, RoomUpdate, SetAdmin, TransferOwner, UpdateRoom,
    };
    use natter_core::UserName;
    use natter_core::chatroom::{ChatRoomId, ChatRoomLimits, ChatRoomRole, NewChatRoom};
    let one = apps
        .create_app(new_app("crorg", "one", "cr1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("crorg", "two", "cr2"))
        .await
        .expect("app two")
        .id;
    let names = ["ann", "bob", "cat", "dan", "eve", "fay"];
    users
        .create_users(one, names.iter().map(|name| new_user(name, 1)).collect())
        .await
        .expect("users");
    users
        .create_users(two, vec![new_user("ann", 2)])
        .await
        .expect("users of two");
    let name = |text: &str| UserName::lookup(text).expect("name");
    let id = |text: &str| ChatRoomId::parse(text).expect("room id");
    let new_room = |room: &str, owner: &str, members: &[&str]| NewChatRoom {
        id: id(room),
        name: format!("room {room}"),
        description: "about".into(),
        custom: "ext".into(),
        max_members: 4,
        owner: name(owner),
        members: members.iter().map(|member| name(member)).collect(),
        created_ms: 1_000,
    };

    // Limits: the defaults until set, per app.
    assert_eq!(
        rooms.chatroom_limits(one).await.expect("limits"),
        ChatRoomLimits::default()
    );
    let tight = ChatRoomLimits {
        max_rooms_per_app: 3,
        max_rooms_per_user: 2,
        max_members_cap: 50,
        default_max_members: 10,
    };
    rooms.set_chatroom_limits(one, tight).await.expect("set limits");
    assert_eq!(rooms.chatroom_limits(one).await.expect("limits"), tight);
    assert_eq!(
        rooms.chatroom_limits(two).await.expect("limits"),
        ChatRoomLimits::default()
    );
    let limits = ChatRoomLimits::default();

    // Create: owner and members, read back whole.
    let CreateRoom::Created(first) = rooms
        .create_room(one, &new_room("100", "ann", &["bob", "cat", "bob"]), limits)
        .await
        .expect("create")
    else {
        panic!("first room not created");
    };
    assert_eq!(first.id, id("100"));
    assert_eq!(first.owner, name("ann"));
    assert_eq!(first.member_count, 3, "the owner counts; a repeated member once");
    assert_eq!(
        (first.max_members, first.created_ms, first.mute_all),
        (4, 1_000, false)
    );
    assert_eq!(
        rooms.room(one, &id("100")).await.expect("read"),
        Some(first.clone())
    );
    assert!(
        rooms.room(two, &id("100")).await.expect("read").is_none(),
        "another app sees nothing"
    );
    assert!(
        rooms
            .is_room_member(one, &id("100"), &name("bob"))
            .await
            .expect("member")
    );
    assert!(
        rooms
            .is_room_member(one, &id("100"), &name("ann"))
            .await
            .expect("owner")
    );
    assert!(
        !rooms
            .is_room_member(one, &id("100"), &name("dan"))
            .await
            .expect("not member")
    );
    assert!(
        !rooms
            .is_room_member(two, &id("100"), &name("ann"))
            .await
            .expect("other app")
    );
    assert_eq!(
        rooms.role_of(one, &id("100"), &name("ann")).await.expect("role"),
        Some(ChatRoomRole::Owner)
    );
    assert_eq!(
        rooms.role_of(one, &id("100"), &name("cat")).await.expect("role"),
        Some(ChatRoomRole::Member)
    );

    // Refusals write nothing.
    let again = rooms
        .create_room(one, &new_room("100", "dan", &[]), limits)
        .await
        .expect("create");
    assert_eq!(again, CreateRoom::IdTaken);
    let missing = rooms
        .create_room(one, &new_room("101", "dan", &["zed"]), limits)
        .await
        .expect("create");
    assert_eq!(missing, CreateRoom::UserMissing(name("zed")));
    let quota = ChatRoomLimits {
        max_rooms_per_app: 1,
        ..limits
    };
    assert_eq!(
        rooms
            .create_room(one, &new_room("101", "dan", &[]), quota)
            .await
            .expect("create"),
        CreateRoom::AppQuotaExceeded
    );
    let per_user = ChatRoomLimits {
        max_rooms_per_user: 1,
        ..limits
    };
    let refused = rooms
        .create_room(one, &new_room("101", "dan", &["bob"]), per_user)
        .await
        .expect("create");
    assert_eq!(refused, CreateRoom::UserQuotaExceeded(name("bob")));
    assert_eq!(
        rooms.count_rooms(one).await.expect("count"),
        1,
        "a refused create writes nothing"
    );
    assert!(
        !rooms
            .is_room_member(one, &id("101"), &name("dan"))
            .await
            .expect("member")
    );
    // The same id in another app is another room.
    assert!(matches!(
        rooms
            .create_room(two, &new_room("100", "ann", &[]), limits)
            .await
            .expect("create"),
        CreateRoom::Created(_)
    ));

    let CreateRoom::Created(second) = rooms
        .create_room(one, &new_room("200", "dan", &["bob"]), limits)
        .await
        .expect("create")
    else {
        panic!("second room not created");
    };
    let CreateRoom::Created(third) = rooms
        .create_room(one, &new_room("300", "eve", &[]), limits)
        .await
        .expect("create")
    else {
        panic!("third room not created");
    };

    // Listing: creation order, keyset and offset paging.
    let listed = rooms.list_rooms(one, None, 0, 10).await.expect("list");
    assert_eq!(
        listed.iter().map(|room| room.id.as_str()).collect::<Vec<_>>(),
        ["100", "200", "300"]
    );
    let after_first = rooms.list_rooms(one, Some(first.seq), 0, 1).await.expect("page");
    assert_eq!(
        after_first.iter().map(|room| &room.id).collect::<Vec<_>>(),
        [&second.id]
    );
    assert_eq!(
        rooms.list_rooms(one, None, 2, 10).await.expect("offset")[0].id,
        third.id
    );
    assert_eq!(rooms.count_rooms(one).await.expect("count"), 3);
    assert_eq!(rooms.count_rooms(two).await.expect("count"), 1);
    // A user's rooms: most recently joined first.
    let joined = rooms
        .joined_rooms(one, &name("bob"), 0, 10)
        .await
        .expect("joined");
    assert_eq!(
        joined.iter().map(|room| room.id.as_str()).collect::<Vec<_>>(),
        ["200", "100"]
    );
    assert_eq!(
        rooms
            .joined_rooms(one, &name("bob"), 1, 10)
            .await
            .expect("joined")
            .len(),
        1
    );
    assert!(
        rooms
            .joined_rooms(one, &name("fay"), 0, 10)
            .await
            .expect("joined")
            .is_empty()
    );

    // Adding: all or nothing; members already in count as added.
    let added = rooms
        .add_members(one, &id("100"), &[name("bob"), name("dan")], limits, 2_000)
        .await
        .expect("add");
    assert_eq!(added, AddMembers::Added(vec![name("dan")]));
    let full = rooms
        .add_members(one, &id("100"), &[name("eve")], limits, 2_000)
        .await
        .expect("add");
    assert_eq!(full, AddMembers::Full, "4 of 4 seats taken");
    let unknown = rooms
        .add_members(one, &id("300"), &[name("fay"), name("zed")], limits, 2_000)
        .await
        .expect("add");
    assert_eq!(unknown, AddMembers::UserMissing(name("zed")));
    assert!(
        !rooms
            .is_room_member(one, &id("300"), &name("fay"))
            .await
            .expect("member"),
        "nothing written"
    );
    let capped = ChatRoomLimits {
        max_rooms_per_user: 2,
        ..limits
    };
    let over = rooms
        .add_members(one, &id("300"), &[name("fay"), name("bob")], capped, 2_000)
        .await
        .expect("add");
    assert_eq!(over, AddMembers::UserQuotaExceeded(name("bob")));
    assert_eq!(
        rooms
            .add_members(one, &id("nope"), &[name("fay")], limits, 2_000)
            .await
            .expect("add"),
        AddMembers::RoomMissing
    );

    // Members in join order, keyset paged.
    let members = rooms
        .room_members_of(one, &id("100"), None, 0, 10)
        .await
        .expect("members");
    let listed: Vec<_> = members
        .iter()
        .map(|member| (member.username.as_str(), member.role))
        .collect();
    assert_eq!(
        listed,
        [
            ("ann", ChatRoomRole::Owner),
            ("bob", ChatRoomRole::Member),
            ("cat", ChatRoomRole::Member),
            ("dan", ChatRoomRole::Member)
        ]
    );
    assert_eq!(members[3].joined_ms, 2_000);
    let page = rooms
        .room_members_of(one, &id("100"), Some(members[1].cursor), 0, 1)
        .await
        .expect("page");
    assert_eq!(
        page.iter()
            .map(|member| member.username.as_str())
            .collect::<Vec<_>>(),
        ["cat"]
    );
    assert_eq!(
        rooms
            .room_members_of(one, &id("100"), None, 3, 10)
            .await
            .expect("offset")
            .len(),
        1
    );

    // Admins.
    assert_eq!(
        rooms
            .set_admin(one, &id("100"), &name("bob"), true)
            .await
            .expect("admin"),
        SetAdmin::Changed
    );
    assert_eq!(
        rooms
            .set_admin(one, &id("100"), &name("bob"), true)
            .await
            .expect("admin"),
        SetAdmin::Unchanged
    );
    assert_eq!(
        rooms
            .set_admin(one, &id("100"), &name("ann"), true)
            .await
            .expect("admin"),
        SetAdmin::IsOwner
    );
    assert_eq!(
        rooms
            .set_admin(one, &id("100"), &name("eve"), true)
            .await
            .expect("admin"),
        SetAdmin::NotMember
    );
    assert_eq!(
        rooms
            .set_admin(one, &id("100"), &name("cat"), true)
            .await
            .expect("admin"),
        SetAdmin::Changed
    );
    assert_eq!(
        rooms.admins(one, &id("100")).await.expect("admins"),
        [name("bob"), name("cat")]
    );
    assert_eq!(
        rooms
            .set_admin(one, &id("100"), &name("cat"), false)
            .await
            .expect("admin"),
        SetAdmin::Changed
    );
    assert_eq!(
        rooms.role_of(one, &id("100"), &name("bob")).await.expect("role"),
        Some(ChatRoomRole::Admin)
    );

    // Transfer: the new owner must be in; the old one stays as a member.
    assert_eq!(
        rooms
            .transfer_owner(one, &id("100"), &name("ann"))
            .await
            .expect("transfer"),
        TransferOwner::SameOwner
    );
    assert_eq!(
        rooms
            .transfer_owner(one, &id("100"), &name("eve"))
            .await
            .expect("transfer"),
        TransferOwner::NotMember
    );
    assert_eq!(
        rooms
            .transfer_owner(one, &id("100"), &name("zed"))
            .await
            .expect("transfer"),
        TransferOwner::UserMissing
    );
    assert_eq!(
        rooms
            .transfer_owner(one, &id("nope"), &name("bob"))
            .await
            .expect("transfer"),
        TransferOwner::RoomMissing
    );
    assert_eq!(
        rooms
            .transfer_owner(one, &id("100"), &name("bob"))
            .await
            .expect("transfer"),
        TransferOwner::Transferred
    );
    assert_eq!(
        rooms
            .room(one, &id("100"))
            .await
            .expect("read")
            .expect("room")
            .owner,
        name("bob")
    );
    assert_eq!(
        rooms.role_of(one, &id("100"), &name("ann")).await.expect("role"),
        Some(ChatRoomRole::Member)
    );
    assert_eq!(
        rooms.role_of(one, &id("100"), &name("bob")).await.expect("role"),
        Some(ChatRoomRole::Owner)
    );
    assert!(
        rooms.admins(one, &id("100")).await.expect("admins").is_empty(),
        "an admin made owner is no admin"
    );

    // Updates.
    let update = RoomUpdate {
        name: Some("renamed".into()),
        description: None,
        max_members: Some(10),
    };
    let UpdateRoom::Updated(updated) = rooms.update_room(one, &id("100"), &update).await.expect("update")
    else {
        panic!("not updated");
    };
    assert_eq!(
        (
            updated.name.as_str(),
            updated.description.as_str(),
            updated.max_members
        ),
        ("renamed", "about", 10)
    );
    let shrink = RoomUpdate {
        max_members: Some(3),
        ..RoomUpdate::default()
    };
    assert_eq!(
        rooms.update_room(one, &id("100"), &shrink).await.expect("update"),
        UpdateRoom::BelowMemberCount
    );
    assert_eq!(
        rooms
            .update_room(one, &id("nope"), &update)
            .await
            .expect("update"),
        UpdateRoom::RoomMissing
    );
    assert!(
        rooms
            .set_announcement(one, &id("100"), "hello")
            .await
            .expect("announce")
    );
    assert!(
        !rooms
            .set_announcement(one, &id("nope"), "hello")
            .await
            .expect("announce")
    );
    assert!(rooms.set_mute_all(one, &id("100"), true).await.expect("mute all"));
    let room = rooms.room(one, &id("100")).await.expect("read").expect("room");
    assert_eq!((room.announcement.as_str(), room.mute_all), ("hello", true));

    // Mutes lift themselves: a timed mute is not returned once its deadline has passed.
    rooms
        .set_room_mutes(one, &id("100"), &[name("ann")], Some(MuteUntil::At(5_000)))
        .await
        .expect("mute");
    rooms
        .set_room_mutes(
            one,
            &id("100"),
            &[name("cat"), name("zed")],
            Some(MuteUntil::Forever),
        )
        .await
        .expect("mute");
    assert_eq!(
        rooms.room_mutes(one, &id("100"), 4_999).await.expect("mutes"),
        [
            (name("ann"), MuteUntil::At(5_000)),
            (name("cat"), MuteUntil::Forever)
        ]
    );
    assert_eq!(
        rooms.room_mutes(one, &id("100"), 5_000).await.expect("mutes"),
        [(name("cat"), MuteUntil::Forever)]
    );
    let relation = &rooms
        .relations(one, &id("100"), &[name("ann")], 5_000)
        .await
        .expect("relations")[0];
    assert_eq!(relation.muted, None, "expired");
    rooms
        .set_room_mutes(one, &id("100"), &[name("cat")], None)
        .await
        .expect("unmute");
    assert!(
        rooms
            .room_mutes(one, &id("100"), 0)
            .await
            .expect("mutes")
            .iter()
            .all(|(user, _)| user != &name("cat"))
    );

    // Allowlist, and what leaving takes along.
    rooms
        .set_allowed(one, &id("100"), &[name("dan"), name("ann")], true)
        .await
        .expect("allow");
    assert_eq!(
        rooms.allowlist(one, &id("100")).await.expect("allowlist").len(),
        2
    );
    rooms
        .set_room_mutes(one, &id("100"), &[name("dan")], Some(MuteUntil::Forever))
        .await
        .expect("mute");
    let pairs = [("seat".to_string(), "1".to_string())];
    let outcomes = rooms
        .set_room_attributes(one, &id("100"), &name("dan"), &pairs, true, false, 100)
        .await
        .expect("set");
    assert_eq!(outcomes, [AttributeOutcome::Done]);
    let kept = [("keep".to_string(), "1".to_string())];
    rooms
        .set_room_attributes(one, &id("100"), &name("dan"), &kept, false, false, 100)
        .await
        .expect("set");
    assert_eq!(
        rooms
            .remove_members(one, &id("100"), &[name("dan"), name("bob"), name("eve")])
            .await
            .expect("remove"),
        [name("dan")]
    );
    assert_eq!(
        rooms.role_of(one, &id("100"), &name("bob")).await.expect("role"),
        Some(ChatRoomRole::Owner),
        "the owner stays"
    );
    assert_eq!(
        rooms.allowlist(one, &id("100")).await.expect("allowlist"),
        [name("ann")]
    );
    let attributes = rooms
        .room_attributes(one, &id("100"), None)
        .await
        .expect("attributes");
    assert_eq!(
        attributes.keys().collect::<Vec<_>>(),
        ["keep"],
        "auto-delete keys leave with their owner"
    );
    assert_eq!(
        rooms.room_mutes(one, &id("100"), 0).await.expect("mutes").len(),
        2,
        "a mute outlives membership"
    );
    assert_eq!(
        rooms
            .room(one, &id("100"))
            .await
            .expect("read")
            .expect("room")
            .member_count,
        3
    );

    // Blocklist: out of the room and not let back in until unblocked; the owner is never blocked.
    rooms
        .block(one, &id("100"), &[name("cat"), name("bob")])
        .await
        .expect("block");
    assert_eq!(
        rooms.blocklist(one, &id("100")).await.expect("blocklist"),
        [name("cat")]
    );
    assert!(
        !rooms
            .is_room_member(one, &id("100"), &name("cat"))
            .await
            .expect("member")
    );
    let refused = rooms
        .add_members(one, &id("100"), &[name("cat")], limits, 3_000)
        .await
        .expect("add");
    assert_eq!(refused, AddMembers::Blocked(name("cat")));
    let relation = &rooms
        .relations(one, &id("100"), &[name("cat"), name("zed")], 0)
        .await
        .expect("relations");
    assert!(relation[0].exists && relation[0].blocked && relation[0].role.is_none());
    assert!(!relation[1].exists);
    assert_eq!(
        rooms
            .unblock(one, &id("100"), &[name("cat"), name("eve")])
            .await
            .expect("unblock"),
        [name("cat")]
    );
    assert!(matches!(
        rooms
            .add_members(one, &id("100"), &[name("cat")], limits, 3_000)
            .await
            .expect("add"),
        AddMembers::Added(_)
    ));

    // Super admins.
    assert!(rooms.add_super_admin(one, &name("eve"), 1).await.expect("add"));
    assert!(rooms.add_super_admin(one, &name("eve"), 2).await.expect("again"));
    assert!(rooms.add_super_admin(one, &name("fay"), 3).await.expect("add"));
    assert!(
        !rooms
            .add_super_admin(one, &name("zed"), 4)
            .await
            .expect("missing user")
    );
    assert_eq!(
        rooms.super_admins(one, 0, 10).await.expect("list"),
        [name("eve"), name("fay")]
    );
    assert_eq!(rooms.super_admins(one, 1, 10).await.expect("page"), [name("fay")]);
    assert!(
        rooms
            .super_admins(two, 0, 10)
            .await
            .expect("other app")
            .is_empty()
    );
    assert!(rooms.is_super_admin(one, &name("eve")).await.expect("is"));
    assert!(rooms.remove_super_admin(one, &name("eve")).await.expect("remove"));
    assert!(!rooms.remove_super_admin(one, &name("eve")).await.expect("again"));
    assert!(!rooms.is_super_admin(one, &name("eve")).await.expect("is"));

    // Attributes: owned per key, taken over only when forced, at most `max_keys` per room.
    let set = |owner: &'static str, pairs: &[(&str, &str)], forced: bool| {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        async move {
            rooms
                .set_room_attributes(one, &id("200"), &name(owner), &pairs, false, forced, 3)
                .await
                .expect("set")
        }
    };
    assert_eq!(
        set("dan", &[("a", "1"), ("b", "2")], false).await,
        [AttributeOutcome::Done, AttributeOutcome::Done]
    );
    assert_eq!(
        set("bob", &[("a", "x"), ("c", "3"), ("d", "4")], false).await,
        [
            AttributeOutcome::OwnedByOther,
            AttributeOutcome::Done,
            AttributeOutcome::RoomFull
        ]
    );
    assert_eq!(set("bob", &[("a", "y")], true).await, [AttributeOutcome::Done]);
    let all = rooms.room_attributes(one, &id("200"), None).await.expect("get");
    assert_eq!(
        all.iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect::<Vec<_>>(),
        [("a", "y"), ("b", "2"), ("c", "3")]
    );
    let some = rooms
        .room_attributes(one, &id("200"), Some(&["b".to_string(), "z".to_string()]))
        .await
        .expect("get");
    assert_eq!(some.len(), 1);
    let keys = ["a".to_string(), "b".to_string(), "z".to_string()];
    let deleted = rooms
        .delete_room_attributes(one, &id("200"), &name("dan"), &keys, false)
        .await
        .expect("delete");
    assert_eq!(
        deleted,
        [
            AttributeOutcome::OwnedByOther,
            AttributeOutcome::Done,
            AttributeOutcome::Absent
        ],
        "`a` is bob's now"
    );
    let forced = rooms
        .delete_room_attributes(one, &id("200"), &name("dan"), &keys[..1], true)
        .await
        .expect("delete");
    assert_eq!(forced, [AttributeOutcome::Done]);
    assert_eq!(
        rooms
            .room_attributes(one, &id("200"), None)
            .await
            .expect("get")
            .len(),
        1
    );

    // Deleting a member takes it out of its rooms; deleting an owner dissolves the rooms it owns.
    users.delete_user(one, &name("dan")).await.expect("delete dan");
    assert!(
        rooms.room(one, &id("200")).await.expect("read").is_none(),
        "dan owned room 200"
    );
    users.delete_user(one, &name("ann")).await.expect("delete ann");
    let room = rooms
        .room(one, &id("100"))
        .await
        .expect("read")
        .expect("bob owns 100");
    assert_eq!(room.member_count, 2);
    assert!(
        !rooms
            .is_room_member(one, &id("100"), &name("ann"))
            .await
            .expect("member")
    );
    assert!(
        rooms
            .allowlist(one, &id("100"))
            .await
            .expect("allowlist")
            .is_empty()
    );

    // Destroying a room takes everything in it.
    assert!(rooms.delete_room(one, &id("100")).await.expect("delete"));
    assert!(!rooms.delete_room(one, &id("100")).await.expect("again"));
    assert!(
        rooms
            .room_members_of(one, &id("100"), None, 0, 10)
            .await
            .expect("members")
            .is_empty()
    );
    assert!(
        rooms
            .room_mutes(one, &id("100"), 0)
            .await
            .expect("mutes")
            .is_empty()
    );
    assert!(
        rooms
            .joined_rooms(one, &name("bob"), 0, 10)
            .await
            .expect("joined")
            .is_empty()
    );
    assert_eq!(rooms.count_rooms(one).await.expect("count"), 1);
    assert!(
        rooms.room(two, &id("100")).await.expect("read").is_some(),
        "app two's room 100 is another room"
    );
}

fn new_file(app_id: i64, uuid: &str, created_ms: i64) -> crate::NewChatFile {
    crate::NewChatFile {
        app_id,
        uuid: uuid.to_string(),
        share_secret: format!("secret-{uuid}"),
        restricted: true,
        filename: "photo é.png".to_string(),
        content_type: "image/png".to_string(),
        size_bytes: 10 * 1024 * 1024,
        owner: Some("alice".to_string()),
        thumbnail_width: 170,
        thumbnail_height: 120,
        created_ms,
        path_key: format!("{app_id}/{uuid}"),
    }
}

/// Runs every file-store check against a store holding no files.
pub async fn file_store(apps: &dyn AppStore, files: &dyn crate::FileStore) {
    let one = apps
        .create_app(new_app("forg", "one", "f1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("forg", "two", "f2"))
        .await
        .expect("app two")
        .id;
    assert!(files.file_by_uuid(one, "a").await.expect("read").is_none());

    let created = files
        .create_file(new_file(one, "a", 1_000))
        .await
        .expect("create a");
    assert!(!created.swept, "a new file has its bytes");
    let read = files
        .file_by_uuid(one, "a")
        .await
        .expect("read")
        .expect("present");
    assert_eq!(read, created, "a file reads back exactly as stored");
    assert_eq!(read.filename, "photo é.png");
    assert_eq!(read.size_bytes, 10 * 1024 * 1024);
    assert_eq!((read.thumbnail_width, read.thumbnail_height), (170, 120));

    let mut anonymous = new_file(one, "b", 2_000);
    anonymous.owner = None;
    anonymous.restricted = false;
    let anonymous = files.create_file(anonymous).await.expect("create b");
    assert_eq!(
        files
            .file_by_uuid(one, "b")
            .await
            .expect("read")
            .expect("present"),
        anonymous
    );

    // UUIDs are per app: the same one in another app is another file; twice in one app is a conflict.
    assert!(files.file_by_uuid(two, "a").await.expect("read").is_none());
    files
        .create_file(new_file(two, "a", 3_000))
        .await
        .expect("create a in two");
    let duplicate = files.create_file(new_file(one, "a", 9_000)).await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "duplicate uuid: {duplicate:?}"
    );
    assert_eq!(
        files
            .file_by_uuid(one, "a")
            .await
            .expect("read")
            .expect("present")
            .created_ms,
        1_000,
        "a refused create writes nothing"
    );

    // The sweep's work list: unswept files older than the cutoff, across apps, oldest first.
    let due = files.files_to_sweep(2_500, 10).await.expect("due");
    let keys: Vec<(i64, &str)> = due.iter().map(|file| (file.app_id, file.uuid.as_str())).collect();
    assert_eq!(keys, vec![(one, "a"), (one, "b")]);
    let due = files.files_to_sweep(10_000, 1).await.expect("due");
    assert_eq!(due.len(), 1, "limit");
    assert_eq!(due[0].uuid, "a");
    assert!(
        files.files_to_sweep(1_000, 10).await.expect("due").is_empty(),
        "strictly before"
    );

    assert!(files.mark_file_swept(one, "a").await.expect("sweep"));
    assert!(!files.mark_file_swept(one, "nope").await.expect("sweep missing"));
    let tombstone = files.file_by_uuid(one, "a").await.expect("read").expect("kept");
    assert!(tombstone.swept, "a swept file stays as a tombstone");
    assert!(
        !files
            .file_by_uuid(two, "a")
            .await
            .expect("read")
            .expect("present")
            .swept,
        "sweeping app one's file leaves app two's alone"
    );
    let due = files.files_to_sweep(10_000, 10).await.expect("due");
    let keys: Vec<(i64, &str)> = due.iter().map(|file| (file.app_id, file.uuid.as_str())).collect();
    assert_eq!(
        keys,
        vec![(one, "b"), (two, "a")],
        "swept files are not due again"
    );

    // Purging deletes old tombstones only, never files whose bytes are still there.
    assert_eq!(
        files.purge_swept_files(1_000).await.expect("purge"),
        0,
        "strictly before"
    );
    assert_eq!(files.purge_swept_files(10_000).await.expect("purge"), 1);
    assert!(files.file_by_uuid(one, "a").await.expect("read").is_none());
    assert!(files.file_by_uuid(one, "b").await.expect("read").is_some());
    assert!(files.file_by_uuid(two, "a").await.expect("read").is_some());
}
