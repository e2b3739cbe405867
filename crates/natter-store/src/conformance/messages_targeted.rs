//! Conformance of targeted (定向) messages: rows of the group's or room's timeline that name their
//! recipients. They read back with them (pulls filter on them), count in the offline queues of the users
//! they list only, and stay out of history, the conversation list and its unread counts.

use super::{new_app, new_user};
use crate::{
    AppStore, ChatType, Direction, GroupCreate, GroupStore, MessageEffect, MessageKind, MessageStore,
    NewGroup, NewMessage, UserStore, group_conversation,
};
use natter_core::{GroupId, GroupLimits};

fn group_message(app_id: i64, id: u64, group: u64, body: &[u8], recipients: Option<&[&str]>) -> NewMessage {
    NewMessage {
        app_id,
        id,
        conversation: group_conversation(group),
        chat_type: ChatType::Group,
        kind: MessageKind::Message,
        from_user: "ann".into(),
        from_resource: String::new(),
        to: group.to_string(),
        body: body.to_vec(),
        created_ms: i64::try_from(id >> 16).expect("time"),
        effect: None,
        recipients: recipients.map(|names| names.iter().map(|name| (*name).to_owned()).collect()),
    }
}

/// Runs every check against a store without an app named `tgt/one`.
pub async fn targeted_message_store(
    apps: &dyn AppStore,
    users: &dyn UserStore,
    groups: &dyn GroupStore,
    messages: &dyn MessageStore,
) {
    let app = apps
        .create_app(new_app("tgt", "one", "tgt1"))
        .await
        .expect("app")
        .id;
    let created = users
        .create_users(
            app,
            ["ann", "bob", "cat"]
                .iter()
                .map(|name| new_user(name, 1))
                .collect(),
        )
        .await
        .expect("users");
    let t = |ms: u64| ms << 16;
    // Two groups of ann (owner), bob and cat: one with an ordinary message, one with only targeted ones.
    for id in [41u64, 42] {
        let outcome = groups
            .create_group(
                app,
                NewGroup {
                    id: GroupId::new(id).expect("id"),
                    owner_id: created[0].id,
                    name: format!("g{id}"),
                    description: String::new(),
                    avatar: String::new(),
                    custom: String::new(),
                    public: true,
                    members_only: false,
                    allow_invites: false,
                    invite_need_confirm: false,
                    max_users: 10,
                    member_ids: vec![created[1].id, created[2].id],
                    created_ms: 1000,
                },
                &GroupLimits::default(),
            )
            .await
            .expect("group");
        assert!(matches!(outcome, GroupCreate::Created(_)));
    }
    messages
        .append_messages(&[
            group_message(app, t(2000), 41, b"for all", None),
            group_message(app, t(2001), 41, b"for bob", Some(&["bob"])),
            group_message(app, t(2002), 42, b"only for bob", Some(&["bob"])),
        ])
        .await
        .expect("append");

    // The timeline holds it, with its recipients (what the pulls filter on).
    let timeline = messages
        .messages_after(app, &group_conversation(41), 0, 10)
        .await
        .expect("timeline");
    assert_eq!(
        timeline
            .iter()
            .map(|message| (message.body.as_slice(), message.recipients.clone()))
            .collect::<Vec<_>>(),
        vec![
            (b"for all".as_slice(), None),
            (b"for bob".as_slice(), Some(vec!["bob".to_owned()])),
        ]
    );
    assert_eq!(timeline[1].kind, MessageKind::Message);
    let by_id = messages
        .message(app, t(2001))
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(by_id.recipients, Some(vec!["bob".to_owned()]));

    // Not history: roaming never returns it.
    for group in [41, 42] {
        let history = messages
            .history(app, &group_conversation(group), None, Direction::Older, 10)
            .await
            .expect("history");
        assert!(
            history.iter().all(|message| message.recipients.is_none()),
            "targeted messages are not roamed: {history:?}"
        );
    }

    // The offline queue of a listed user counts it; nobody else's does.
    let mut bob = messages.unread_queues(app, "bob", 100).await.expect("unread");
    bob.sort_by(|a, b| a.peer.cmp(&b.peer));
    assert_eq!(
        bob.iter()
            .map(|queue| (queue.peer.as_str(), queue.count))
            .collect::<Vec<_>>(),
        vec![("41", 2), ("42", 1)],
        "each queue once, with the targeted messages for bob: {bob:?}"
    );
    let cat = messages.unread_queues(app, "cat", 100).await.expect("unread");
    assert_eq!(
        cat.iter()
            .map(|queue| (queue.peer.as_str(), queue.count))
            .collect::<Vec<_>>(),
        vec![("41", 1)],
        "{cat:?}"
    );
    assert_eq!(messages.offline_count(app, "bob").await.expect("count"), 3);
    assert_eq!(messages.offline_count(app, "cat").await.expect("count"), 1);

    // Not in the conversation list: not the last message, not unread, no entry of its own.
    for user in ["bob", "cat"] {
        let list = messages.conversations(app, user, None, 10).await.expect("list");
        assert_eq!(
            list.iter()
                .map(|summary| summary.peer.as_str())
                .collect::<Vec<_>>(),
            vec!["41"],
            "{user}: {list:?}"
        );
        assert_eq!(list[0].unread, 1, "{user}");
        assert_eq!(
            list[0]
                .last_message
                .as_ref()
                .map(|message| message.body.as_slice()),
            Some(b"for all".as_slice())
        );
    }

    // A signal about a targeted message (its recall) keeps the recipients, and recalls the original.
    let mut recall = group_message(app, t(3000), 41, b"", Some(&["bob"]));
    recall.kind = MessageKind::Signal;
    recall.effect = Some(MessageEffect::Recall { message_id: t(2001) });
    messages.append_messages(&[recall]).await.expect("recall");
    let signal = messages
        .message(app, t(3000))
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(signal.kind, MessageKind::Signal);
    assert_eq!(signal.recipients, Some(vec!["bob".to_owned()]));
    assert!(
        messages
            .message(app, t(2001))
            .await
            .expect("read")
            .expect("stored")
            .recalled
    );
    assert_eq!(
        messages
            .unread_queues(app, "cat", 100)
            .await
            .expect("unread")
            .iter()
            .map(|queue| queue.count)
            .collect::<Vec<_>>(),
        vec![1],
        "the recall is not in cat's queue either"
    );
}
