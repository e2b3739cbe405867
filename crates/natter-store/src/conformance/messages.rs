//! Conformance of the message store: batches, timelines in id order, queue cursors (never back), the
//! unread list (1:1 from the start, groups from the join, own messages not counted), history pages,
//! recall and edit effects, conversation lists and one-sided deletion.

use super::{new_app, new_user};
use crate::{
    AppStore, ChatSendCheck, ChatType, ContactStore, CursorAdvance, Direction, GroupCreate, GroupStore,
    MessageEffect, MessageKind, MessageStore, MuteScope, MuteStore, MuteUntil, NewGroup, NewMessage,
    UserStore, chat_conversation, group_conversation,
};
use natter_core::{GroupId, GroupLimits};

fn message(app_id: i64, id: u64, from: &str, to: &str, chat_type: ChatType, body: &[u8]) -> NewMessage {
    let conversation = match chat_type {
        ChatType::Chat => chat_conversation(from, to),
        ChatType::Group => group_conversation(to.parse().expect("group id")),
        ChatType::Room => crate::room_conversation(to),
    };
    NewMessage {
        app_id,
        id,
        conversation,
        chat_type,
        kind: MessageKind::Message,
        from_user: from.into(),
        from_resource: "web".into(),
        to: to.into(),
        body: body.to_vec(),
        created_ms: i64::try_from(id >> 16).expect("time"),
        effect: None,
        recipients: None,
    }
}

/// Runs every check against a store without an app named `msg/one`.
pub async fn message_store(
    apps: &dyn AppStore,
    users: &dyn UserStore,
    groups: &dyn GroupStore,
    messages: &dyn MessageStore,
) {
    let app = apps
        .create_app(new_app("msg", "one", "msg1"))
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
    let ann_bob = chat_conversation("ann", "bob");
    assert_eq!(ann_bob, chat_conversation("bob", "ann"), "one key for both sides");

    // A batch is all or nothing, and a timeline reads back in id order.
    messages
        .append_messages(&[
            message(app, t(1000), "ann", "bob", ChatType::Chat, b"one"),
            message(app, t(1001), "bob", "ann", ChatType::Chat, b"two"),
            message(app, t(1002), "ann", "bob", ChatType::Chat, b"three"),
        ])
        .await
        .expect("append");
    let duplicate = messages
        .append_messages(&[
            message(app, t(1003), "ann", "bob", ChatType::Chat, b"four"),
            message(app, t(1000), "ann", "bob", ChatType::Chat, b"again"),
        ])
        .await;
    assert!(duplicate.is_err(), "a repeated id fails the batch");
    assert!(
        messages.message(app, t(1003)).await.expect("read").is_none(),
        "nothing of a failed batch"
    );
    let timeline = messages
        .messages_after(app, &ann_bob, 0, 10)
        .await
        .expect("after");
    let bodies: Vec<&[u8]> = timeline.iter().map(|m| m.body.as_slice()).collect();
    assert_eq!(bodies, vec![b"one".as_slice(), b"two", b"three"]);
    assert_eq!(
        messages
            .messages_after(app, &ann_bob, t(1001), 10)
            .await
            .expect("after")
            .len(),
        1
    );

    // Unread: bob has ann's two messages waiting (his own is not counted); ann has bob's one.
    let bob_unread = messages.unread_queues(app, "bob", 100).await.expect("unread");
    assert_eq!(bob_unread.len(), 1);
    assert_eq!((bob_unread[0].peer.as_str(), bob_unread[0].count), ("ann", 2));
    assert_eq!(messages.offline_count(app, "ann").await.expect("count"), 1);
    // Cursors move forward only; acknowledged entries leave the queue.
    messages
        .advance_cursor(app, "bob", &ann_bob, t(1002))
        .await
        .expect("advance");
    messages
        .advance_cursor(app, "bob", &ann_bob, t(1000))
        .await
        .expect("advance back");
    assert_eq!(
        messages.queue_cursor(app, "bob", &ann_bob).await.expect("cursor"),
        Some(t(1002))
    );
    assert!(
        messages
            .unread_queues(app, "bob", 100)
            .await
            .expect("unread")
            .is_empty()
    );
    messages
        .advance_cursors(&[
            CursorAdvance {
                app_id: app,
                user: "ann".into(),
                conversation: ann_bob.clone(),
                acked_id: t(1001),
            },
            CursorAdvance {
                app_id: app,
                user: "cat".into(),
                conversation: ann_bob.clone(),
                acked_id: 5,
            },
        ])
        .await
        .expect("advance many");
    assert_eq!(messages.offline_count(app, "ann").await.expect("count"), 0);

    // Groups: one row per message; a member's queue starts at the join.
    let group = GroupId::new(77).expect("id");
    let outcome = groups
        .create_group(
            app,
            NewGroup {
                id: group,
                owner_id: created[0].id,
                name: "g".into(),
                description: String::new(),
                avatar: String::new(),
                custom: String::new(),
                public: true,
                members_only: false,
                allow_invites: false,
                invite_need_confirm: false,
                max_users: 10,
                member_ids: vec![created[1].id],
                created_ms: 2000,
            },
            &GroupLimits::default(),
        )
        .await
        .expect("group");
    assert!(matches!(outcome, GroupCreate::Created(_)));
    messages
        .append_messages(&[
            message(app, t(1500), "ann", "77", ChatType::Group, b"before the group"),
            message(app, t(2500), "ann", "77", ChatType::Group, b"hello group"),
        ])
        .await
        .expect("group messages");
    assert_eq!(
        messages.group_queue_floor(app, "bob", 77).await.expect("floor"),
        Some(t(2000))
    );
    assert_eq!(
        messages.group_queue_floor(app, "cat", 77).await.expect("floor"),
        None,
        "not a member"
    );
    let bob_unread = messages.unread_queues(app, "bob", 100).await.expect("unread");
    assert_eq!(bob_unread.len(), 1, "{bob_unread:?}");
    assert_eq!(
        (
            bob_unread[0].chat_type,
            bob_unread[0].peer.as_str(),
            bob_unread[0].count
        ),
        (ChatType::Group, "77", 1)
    );
    assert!(
        messages
            .unread_queues(app, "ann", 100)
            .await
            .expect("unread")
            .is_empty(),
        "own messages wait for nobody"
    );

    // Recall and edit act on the original in the same transaction.
    let mut recall = message(app, t(3000), "ann", "bob", ChatType::Chat, b"");
    recall.kind = MessageKind::Signal;
    recall.effect = Some(MessageEffect::Recall { message_id: t(1000) });
    let mut edit = message(app, t(3001), "ann", "bob", ChatType::Chat, b"");
    edit.kind = MessageKind::Signal;
    edit.effect = Some(MessageEffect::Edit {
        message_id: t(1002),
        body: b"three, edited".to_vec(),
    });
    messages.append_messages(&[recall, edit]).await.expect("effects");
    let recalled = messages.message(app, t(1000)).await.expect("read").expect("kept");
    assert!(recalled.recalled && recalled.body.is_empty());
    let edited = messages.message(app, t(1002)).await.expect("read").expect("kept");
    assert_eq!(
        (edited.body.as_slice(), edited.edit_count),
        (b"three, edited".as_slice(), 1)
    );

    // History: messages only, recalled ones left out, both directions, paged by id.
    let newest = messages
        .history(app, &ann_bob, None, Direction::Older, 2)
        .await
        .expect("history");
    assert_eq!(
        newest.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![t(1002), t(1001)]
    );
    let older = messages
        .history(app, &ann_bob, Some(t(1001)), Direction::Older, 2)
        .await
        .expect("history");
    assert!(older.is_empty(), "the recalled one is not history");
    let oldest_first = messages
        .history(app, &ann_bob, None, Direction::Newer, 5)
        .await
        .expect("history");
    assert_eq!(
        oldest_first.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![t(1001), t(1002)]
    );

    // Conversation lists, newest activity first; deleting is one-sided.
    let list = messages.conversations(app, "bob", None, 10).await.expect("list");
    assert_eq!(
        list.iter().map(|c| c.peer.as_str()).collect::<Vec<_>>(),
        vec!["ann", "77"]
    );
    assert_eq!(
        list[0].last_message.as_ref().map(|m| m.id),
        Some(t(1002)),
        "signals are not last messages"
    );
    assert_eq!(list[1].unread, 1);
    messages
        .mark_read(app, "bob", &group_conversation(77), t(2500))
        .await
        .expect("read");
    let list = messages.conversations(app, "bob", None, 10).await.expect("list");
    assert_eq!(list[1].unread, 0);
    assert!(
        messages
            .delete_conversation(app, "bob", &ann_bob)
            .await
            .expect("delete")
    );
    assert!(
        !messages
            .delete_conversation(app, "bob", &ann_bob)
            .await
            .expect("delete again")
    );
    let bob_list = messages.conversations(app, "bob", None, 10).await.expect("list");
    assert_eq!(
        bob_list.iter().map(|c| c.peer.as_str()).collect::<Vec<_>>(),
        vec!["77"]
    );
    assert_eq!(
        messages
            .conversations(app, "ann", None, 10)
            .await
            .expect("list")
            .len(),
        2,
        "ann keeps hers"
    );
    assert!(
        messages
            .delete_conversation(app, "bob", &group_conversation(77))
            .await
            .expect("hide group")
    );
    assert!(
        messages
            .conversations(app, "bob", None, 10)
            .await
            .expect("list")
            .is_empty()
    );
}

/// The one-query 1:1 send check agrees with the separate reads it replaces: existence, blocklist (one
/// direction), contacts, and a mute that lifts itself. Runs against a store without an app named `msg/chk`.
pub async fn chat_send_check(
    apps: &dyn AppStore,
    users: &dyn UserStore,
    contacts: &dyn ContactStore,
    mutes: &dyn MuteStore,
    messages: &dyn MessageStore,
) {
    let app = apps
        .create_app(new_app("msg", "chk", "msgchk"))
        .await
        .expect("app")
        .id;
    let created = users
        .create_users(app, vec![new_user("ann", 1), new_user("bob", 1)])
        .await
        .expect("users");
    let (ann, bob) = (created[0].id, created[1].id);
    let check = |sender: &'static str, recipient: &'static str, now_ms: i64| async move {
        messages
            .chat_send_check(app, sender, recipient, now_ms)
            .await
            .expect("check")
    };
    assert_eq!(
        check("ann", "bob", 10).await,
        ChatSendCheck {
            recipient_id: Some(bob),
            sender_id: Some(ann),
            ..ChatSendCheck::default()
        }
    );
    assert_eq!(
        check("ann", "nobody", 10).await,
        ChatSendCheck {
            sender_id: Some(ann),
            ..ChatSendCheck::default()
        },
        "an unknown recipient"
    );
    assert_eq!(check("nobody", "bob", 10).await.sender_id, None);

    // Bob blocks Ann: Ann's messages to Bob are refused, Bob's to Ann are not.
    assert!(contacts.block_users(bob, &[ann], 500, 10).await.expect("block"));
    assert!(check("ann", "bob", 10).await.blocked);
    assert!(!check("bob", "ann", 10).await.blocked);

    // Contacts both ways.
    contacts.add_contact(ann, bob, 3000, 10).await.expect("contact");
    assert!(check("ann", "bob", 10).await.contact);
    assert!(check("bob", "ann", 10).await.contact);

    // A chat mute until 100 holds at 99 and is gone at 100; a group mute is not a chat mute.
    let name = natter_core::UserName::lookup("ann").expect("name");
    assert!(
        mutes
            .set_mutes(
                app,
                &name,
                &[
                    (MuteScope::Chat, Some(MuteUntil::At(100))),
                    (MuteScope::GroupChat, Some(MuteUntil::Forever)),
                ],
            )
            .await
            .expect("mute")
    );
    assert!(check("ann", "bob", 99).await.muted);
    assert!(!check("ann", "bob", 100).await.muted);
    assert!(
        mutes
            .set_mutes(app, &name, &[(MuteScope::Chat, Some(MuteUntil::Forever))])
            .await
            .expect("mute")
    );
    assert!(check("ann", "bob", i64::MAX).await.muted);
    assert!(!check("bob", "ann", 10).await.muted, "only the muted sender");
}
