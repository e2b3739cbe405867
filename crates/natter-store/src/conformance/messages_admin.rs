//! Conformance of imports and one-sided roaming deletions: an imported message gets a free id of its own
//! millisecond, is roamed but in no queue and no count, and creates no conversation; hidden messages (by
//! id, up to a time, everywhere) leave one user's roaming only.

use super::{new_app, new_user};
use crate::{
    AppStore, ChatType, Direction, MessageAdminStore, MessageKind, MessageStore, NewMessage, UserStore,
    chat_conversation, group_conversation,
};

fn message(app_id: i64, id: u64, from: &str, to: &str, chat_type: ChatType, body: &[u8]) -> NewMessage {
    let conversation = match chat_type {
        ChatType::Chat => chat_conversation(from, to),
        _ => group_conversation(to.parse().expect("group id")),
    };
    NewMessage {
        app_id,
        id,
        conversation,
        chat_type,
        kind: MessageKind::Message,
        from_user: from.into(),
        from_resource: String::new(),
        to: to.into(),
        body: body.to_vec(),
        created_ms: i64::try_from(id >> 16).expect("time"),
        effect: None,
        recipients: None,
    }
}

fn ids(page: &[crate::StoredMessage]) -> Vec<u64> {
    page.iter().map(|message| message.id).collect()
}

/// Runs every check against a store without an app named `adm/one`.
pub async fn message_admin_store(
    apps: &dyn AppStore,
    users: &dyn UserStore,
    messages: &dyn MessageStore,
    admin: &dyn MessageAdminStore,
) {
    let app = apps
        .create_app(new_app("adm", "one", "adm1"))
        .await
        .expect("app")
        .id;
    users
        .create_users(app, ["ann", "bob"].iter().map(|name| new_user(name, 1)).collect())
        .await
        .expect("users");
    let t = |ms: u64| ms << 16;
    let ann_bob = chat_conversation("ann", "bob");

    // A live message in millisecond 2000, then two imports into the same millisecond: distinct ids of
    // that millisecond, from the top down, not the live one's.
    messages
        .append_messages(&[message(app, t(2000), "ann", "bob", ChatType::Chat, b"live")])
        .await
        .expect("live message");
    let mut imported = message(app, 0, "bob", "ann", ChatType::Chat, b"imported");
    imported.created_ms = 2000;
    let first = admin.import_message(imported.clone()).await.expect("import");
    let second = admin
        .import_message(imported.clone())
        .await
        .expect("second import");
    assert_eq!(first >> 16, 2000, "the id carries the import time");
    assert_eq!(second >> 16, 2000);
    assert!(
        first != second && first != t(2000) && second != t(2000),
        "free ids"
    );
    let stored = messages.message(app, first).await.expect("read").expect("stored");
    assert_eq!(
        stored.kind,
        MessageKind::Message,
        "an import reads back as a message"
    );
    assert_eq!(stored.created_ms, 2000);
    assert_eq!(stored.body, b"imported");
    // Roamed, in id order, with the live message.
    let history = messages
        .history(app, &ann_bob, None, Direction::Newer, 10)
        .await
        .expect("history");
    let mut expected = vec![t(2000), first, second];
    expected.sort_unstable();
    assert_eq!(ids(&history), expected, "imports are history");
    // In no queue: the timeline that devices pull and the unread counts leave them out.
    let queued = messages
        .messages_after(app, &ann_bob, 0, 10)
        .await
        .expect("queue");
    assert_eq!(ids(&queued), [t(2000)], "imports are not delivered");
    let unread = messages.unread_queues(app, "ann", 100).await.expect("unread");
    assert!(
        unread.is_empty(),
        "ann's only incoming messages are imports: {unread:?}"
    );
    assert_eq!(messages.offline_count(app, "ann").await.expect("count"), 0);
    let bob_unread = messages.unread_queues(app, "bob", 100).await.expect("unread");
    assert_eq!(bob_unread.len(), 1);
    assert_eq!(bob_unread[0].count, 1, "the live message only");
    // An import alone creates no conversation.
    let mut lone = message(app, 0, "ann", "cat", ChatType::Chat, b"to cat");
    lone.created_ms = 3000;
    admin.import_message(lone).await.expect("import to a new pair");
    let conversations = messages.conversations(app, "ann", None, 10).await.expect("list");
    assert_eq!(conversations.len(), 1, "only ann-bob, from the live message");
    assert_eq!(
        conversations[0].last_message.as_ref().map(|m| m.id),
        Some(t(2000))
    );

    // Hiding by id is one-sided, and ignores ids of other conversations.
    messages
        .append_messages(&[
            message(app, t(4000), "ann", "bob", ChatType::Chat, b"a"),
            message(app, t(5000), "bob", "ann", ChatType::Chat, b"b"),
            message(app, t(6000), "ann", "bob", ChatType::Chat, b"c"),
        ])
        .await
        .expect("more");
    admin
        .hide_messages(app, "ann", &ann_bob, &[t(4000), t(9999)])
        .await
        .expect("hide");
    admin
        .hide_messages(app, "ann", "c:ann:zed", &[t(5000)])
        .await
        .expect("another conversation's id");
    let roam = |user: &'static str, cursor: Option<u64>, direction: Direction| {
        let conversation = ann_bob.clone();
        async move {
            ids(&admin
                .roaming_history(app, user, &conversation, cursor, direction, 100)
                .await
                .expect("roaming"))
        }
    };
    let mut all = vec![t(2000), first, second, t(4000), t(5000), t(6000)];
    all.sort_unstable();
    let without_4000: Vec<u64> = all.iter().copied().filter(|id| *id != t(4000)).collect();
    assert_eq!(roam("ann", None, Direction::Newer).await, without_4000);
    assert_eq!(
        roam("bob", None, Direction::Newer).await,
        all,
        "the peer still sees it"
    );
    let mut newest_first = without_4000.clone();
    newest_first.reverse();
    assert_eq!(roam("ann", None, Direction::Older).await, newest_first);
    assert_eq!(
        roam("ann", Some(t(6000)), Direction::Older).await,
        newest_first[1..].to_vec(),
        "the cursor still pages"
    );

    // Hiding up to a time, in one conversation; the floor never moves back.
    admin
        .hide_messages_through(app, "ann", Some(&ann_bob), t(5000) | 0xFFFF)
        .await
        .expect("floor");
    admin
        .hide_messages_through(app, "ann", Some(&ann_bob), t(1000))
        .await
        .expect("lower floor");
    assert_eq!(roam("ann", None, Direction::Newer).await, [t(6000)]);
    assert_eq!(roam("bob", None, Direction::Newer).await, all);
    // Everywhere: every conversation of the user, none of the peer's.
    admin
        .hide_messages_through(app, "bob", None, t(6000))
        .await
        .expect("all");
    assert!(roam("bob", None, Direction::Newer).await.is_empty());
    assert_eq!(roam("ann", None, Direction::Newer).await, [t(6000)]);
    // The messages themselves stay.
    assert!(messages.message(app, t(4000)).await.expect("read").is_some());
}
