//! Conformance of the presence, reaction and conversation-flag stores: publishing and reading presence,
//! subscriptions with expiry and the cap that evicts the soonest-ending, reactions with their limit,
//! duplicates, counts and paging, and pins and marks that leave no empty rows.

use super::{new_app, new_user};
use crate::{
    AppStore, ChatRoomStore, ConversationFlagStore, ConversationPushUpdate, CreateRoom, GroupFileStore,
    PresenceStore, PushChatType, PushMode, PushStore, ReactionAdd, ReactionStore, RoomFile, RoomFileCreate,
    RoomFileStore, UserStore,
};
use crate::{
    ChatType, MessageAdminStore, MessageEffect, MessageHistoryStore, MessageKind, MessageStore, NewMessage,
};
use natter_core::UserName;
use natter_core::chatroom::{ChatRoomId, ChatRoomLimits, NewChatRoom};

/// Runs every presence check against a store without an app named `pr/one`.
pub async fn presence_store(apps: &dyn AppStore, users: &dyn UserStore, presence: &dyn PresenceStore) {
    let app = apps
        .create_app(new_app("pr", "one", "pr1"))
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
    let (ann, bob) = (created[0].id, created[1].id);
    let names = |list: &[&str]| list.iter().map(|name| (*name).to_string()).collect::<Vec<_>>();

    assert!(
        presence
            .presences(app, &names(&["ann", "bob"]))
            .await
            .expect("read")
            .is_empty()
    );
    presence
        .publish_presence(app, ann, "android_1", "1", "busy", 100)
        .await
        .expect("publish");
    presence
        .publish_presence(app, ann, "web_2", "5", "in a meeting", 200)
        .await
        .expect("publish");
    presence
        .publish_presence(app, ann, "android_1", "0", "gone", 300)
        .await
        .expect("publish again");
    let read = presence
        .presences(app, &names(&["ann", "bob", "nobody"]))
        .await
        .expect("read");
    assert_eq!(read.len(), 1, "only users that published: {read:?}");
    assert_eq!(read[0].username, "ann");
    assert_eq!(read[0].ext, "gone", "the latest description wins");
    assert_eq!(read[0].last_ms, 300);
    assert_eq!(
        read[0].statuses,
        vec![
            ("android_1".to_string(), "0".to_string()),
            ("web_2".to_string(), "5".to_string())
        ]
    );

    // Subscriptions: expiry refreshes, ended ones are gone, the cap evicts the soonest-ending.
    presence
        .subscribe_presence(app, bob, &names(&["ann", "cat"]), 1_000, 0, 3)
        .await
        .expect("subscribe");
    presence
        .subscribe_presence(app, bob, &names(&["ann"]), 5_000, 0, 3)
        .await
        .expect("refresh");
    let (total, page) = presence
        .presence_subscriptions(app, bob, 0, 0, 10)
        .await
        .expect("list");
    assert_eq!(total, 2);
    assert_eq!(page[0].target, "ann", "first-made order");
    assert_eq!(page[0].expiry_ms, 5_000);
    assert_eq!(page[1].expiry_ms, 1_000);
    let (total, page) = presence
        .presence_subscriptions(app, bob, 2_000, 0, 10)
        .await
        .expect("list");
    assert_eq!((total, page.len()), (1, 1), "cat's subscription ended at 1000");
    presence
        .subscribe_presence(app, bob, &names(&["cat", "dan"]), 3_000, 0, 3)
        .await
        .expect("subscribe more");
    presence
        .subscribe_presence(app, bob, &names(&["fay"]), 9_000, 0, 3)
        .await
        .expect("over the cap");
    let (total, page) = presence
        .presence_subscriptions(app, bob, 0, 0, 10)
        .await
        .expect("list");
    assert_eq!(total, 3, "{page:?}");
    assert!(
        page.iter().any(|entry| entry.target == "fay"),
        "the new one is kept"
    );
    assert!(
        page.iter().any(|entry| entry.target == "ann"),
        "the longest-lasting one is kept"
    );
    assert!(
        page.iter().all(|entry| entry.target != "cat"),
        "the soonest-ending, oldest one made room"
    );
    let (_, second) = presence
        .presence_subscriptions(app, bob, 0, 1, 1)
        .await
        .expect("page");
    assert_eq!(second.len(), 1);
    assert_eq!(second[0], page[1]);
    presence
        .unsubscribe_presence(app, bob, &names(&["ann", "nobody"]))
        .await
        .expect("unsubscribe");
    let (total, page) = presence
        .presence_subscriptions(app, bob, 0, 0, 10)
        .await
        .expect("list");
    assert_eq!(total, 2);
    assert!(page.iter().all(|entry| entry.target != "ann"));
    presence
        .unsubscribe_presence(app, bob, &names(&["dan", "fay"]))
        .await
        .expect("unsubscribe two");
    let (total, page) = presence
        .presence_subscriptions(app, bob, 0, 0, 10)
        .await
        .expect("list");
    assert_eq!(total, 0, "{page:?}");
    let (total, _) = presence
        .presence_subscriptions(app, ann, 0, 0, 10)
        .await
        .expect("list");
    assert_eq!(total, 0, "subscriptions are the subscriber's own");
}

/// Runs every reaction check against a store without an app named `re/one`.
pub async fn reaction_store(apps: &dyn AppStore, reactions: &dyn ReactionStore) {
    let app = apps
        .create_app(new_app("re", "one", "re1"))
        .await
        .expect("app")
        .id;
    let ReactionAdd::Added(first) = reactions
        .add_reaction(app, 77, "like", "ann", 2, 10)
        .await
        .expect("add")
    else {
        panic!("the first add is added")
    };
    assert_eq!((first.created_ms, first.updated_ms), (10, 10));
    assert_eq!(
        reactions
            .add_reaction(app, 77, "like", "ann", 2, 11)
            .await
            .expect("again"),
        ReactionAdd::AlreadyAdded
    );
    let ReactionAdd::Added(second) = reactions
        .add_reaction(app, 77, "like", "bob", 2, 12)
        .await
        .expect("add")
    else {
        panic!("another user adds the same reaction")
    };
    assert_eq!(second.reaction_id, first.reaction_id);
    assert_eq!((second.created_ms, second.updated_ms), (10, 12));
    assert!(second.add_id > first.add_id);
    assert!(matches!(
        reactions
            .add_reaction(app, 77, "heart", "cat", 2, 13)
            .await
            .expect("add"),
        ReactionAdd::Added(_)
    ));
    assert_eq!(
        reactions
            .add_reaction(app, 77, "smile", "cat", 2, 14)
            .await
            .expect("third"),
        ReactionAdd::LimitReached
    );
    assert!(matches!(
        reactions
            .add_reaction(app, 78, "smile", "cat", 2, 14)
            .await
            .expect("other message"),
        ReactionAdd::Added(_)
    ));

    let summaries = reactions
        .reactions_of(app, &[78, 77, 79], "bob", 1)
        .await
        .expect("summaries");
    assert_eq!(summaries.len(), 3);
    assert_eq!(summaries[0].message_id, 78, "messages in the order asked");
    assert_eq!(summaries[1].reaction, "like");
    assert_eq!(summaries[1].count, 2);
    assert!(summaries[1].state, "bob added like");
    assert_eq!(summaries[1].users, vec!["ann".to_string()], "first users only");
    assert_eq!(summaries[2].reaction, "heart");
    assert!(!summaries[2].state);

    let page = reactions
        .reaction_users(app, 77, "like", "cat", None, 1)
        .await
        .expect("detail")
        .expect("a reaction");
    assert_eq!((page.count, page.state), (2, false));
    assert_eq!(page.users.len(), 1);
    assert_eq!(page.users[0].1, "ann");
    let next = reactions
        .reaction_users(app, 77, "like", "cat", Some(page.users[0].0), 10)
        .await
        .expect("detail")
        .expect("a reaction");
    assert_eq!(
        next.users.iter().map(|user| user.1.as_str()).collect::<Vec<_>>(),
        ["bob"]
    );
    assert!(
        reactions
            .reaction_users(app, 77, "nope", "cat", None, 10)
            .await
            .expect("detail")
            .is_none()
    );

    assert!(
        !reactions
            .remove_reaction(app, 77, "like", "cat")
            .await
            .expect("not added")
    );
    assert!(
        reactions
            .remove_reaction(app, 77, "heart", "cat")
            .await
            .expect("remove")
    );
    assert!(
        reactions
            .reaction_users(app, 77, "heart", "cat", None, 10)
            .await
            .expect("detail")
            .is_none()
    );
    // With heart gone there is room for another distinct reaction.
    assert!(matches!(
        reactions
            .add_reaction(app, 77, "smile", "cat", 2, 15)
            .await
            .expect("add"),
        ReactionAdd::Added(_)
    ));
}

/// Runs every conversation-flag check against a store without an app named `cf/one`.
pub async fn conversation_flag_store(apps: &dyn AppStore, flags: &dyn ConversationFlagStore) {
    let app = apps
        .create_app(new_app("cf", "one", "cf1"))
        .await
        .expect("app")
        .id;
    assert!(
        flags
            .conversation_flags(app, "ann")
            .await
            .expect("read")
            .is_empty()
    );
    flags
        .set_pinned(app, "ann", "c:ann:bob", Some(100))
        .await
        .expect("pin");
    let conversations = vec!["c:ann:bob".to_string(), "g:1".to_string()];
    flags
        .set_mark(app, "ann", &conversations, 3, true)
        .await
        .expect("mark");
    flags
        .set_mark(app, "ann", &conversations[1..], 19, true)
        .await
        .expect("mark");
    let read = flags.conversation_flags(app, "ann").await.expect("read");
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].conversation, "c:ann:bob");
    assert_eq!(read[0].pinned_ms, Some(100));
    assert_eq!(read[0].marks, 1 << 3);
    assert_eq!(read[1].pinned_ms, None);
    assert_eq!(read[1].marks, (1 << 3) | (1 << 19));
    assert!(
        flags
            .conversation_flags(app, "bob")
            .await
            .expect("read")
            .is_empty(),
        "per user"
    );
    flags
        .set_pinned(app, "ann", "c:ann:bob", None)
        .await
        .expect("unpin");
    flags
        .set_mark(app, "ann", &conversations, 3, false)
        .await
        .expect("unmark");
    let read = flags.conversation_flags(app, "ann").await.expect("read");
    assert_eq!(read.len(), 1, "a row with no flag left goes: {read:?}");
    assert_eq!(read[0].marks, 1 << 19);
    // Clearing a mark nobody set writes nothing.
    flags
        .set_mark(app, "ann", &["c:x".to_string()], 1, false)
        .await
        .expect("unmark");
    assert_eq!(flags.conversation_flags(app, "ann").await.expect("read").len(), 1);

    // Pinned messages: per conversation, newest pin first, re-pinning refreshes.
    assert!(
        flags
            .pinned_messages(app, "g:1", 0, 10)
            .await
            .expect("read")
            .is_empty()
    );
    flags.pin_message(app, "g:1", 10, "ann", 100).await.expect("pin");
    flags.pin_message(app, "g:1", 11, "bob", 200).await.expect("pin");
    flags
        .pin_message(app, "g:2", 12, "bob", 300)
        .await
        .expect("pin elsewhere");
    let pinned = flags.pinned_messages(app, "g:1", 0, 10).await.expect("read");
    assert_eq!(
        pinned.iter().map(|pin| pin.message_id).collect::<Vec<_>>(),
        [11, 10]
    );
    flags
        .pin_message(app, "g:1", 10, "cat", 400)
        .await
        .expect("again");
    let pinned = flags.pinned_messages(app, "g:1", 0, 1).await.expect("read");
    assert_eq!(
        pinned,
        vec![crate::PinnedMessage {
            message_id: 10,
            operator: "cat".into(),
            pinned_ms: 400
        }]
    );
    assert_eq!(
        flags.pinned_messages(app, "g:1", 1, 10).await.expect("offset")[0].message_id,
        11
    );
    assert!(flags.unpin_message(app, "g:1", 10).await.expect("unpin"));
    assert!(!flags.unpin_message(app, "g:1", 10).await.expect("again"));
    assert_eq!(
        flags
            .pinned_messages(app, "g:1", 0, 10)
            .await
            .expect("read")
            .len(),
        1
    );
}

/// Runs the check of the push-mode listing against a store without an app named `pm/one`.
pub async fn conversation_push_mode_list(apps: &dyn AppStore, users: &dyn UserStore, push: &dyn PushStore) {
    let app = apps
        .create_app(new_app("pm", "one", "pm1"))
        .await
        .expect("app")
        .id;
    let created = users
        .create_users(app, vec![new_user("ann", 1)])
        .await
        .expect("users");
    let ann = created[0].id;
    let mode = |mode: Option<PushMode>| ConversationPushUpdate {
        mode: Some(mode),
        ..ConversationPushUpdate::default()
    };
    for (chat_type, key, update) in [
        (PushChatType::User, "ann", mode(Some(PushMode::None))),
        (PushChatType::User, "bob", mode(Some(PushMode::At))),
        (PushChatType::ChatGroup, "12", mode(Some(PushMode::None))),
        (PushChatType::User, "cat", mode(None)),
        (
            PushChatType::User,
            "dan",
            ConversationPushUpdate {
                ignore_until_ms: Some(Some(99)),
                ..ConversationPushUpdate::default()
            },
        ),
    ] {
        push.update_conversation_push(ann, chat_type, key, update)
            .await
            .expect("set")
            .expect("a user");
    }
    let modes = push
        .conversation_push_modes(ann, "ann", 0, 10)
        .await
        .expect("list");
    assert_eq!(
        modes,
        vec![
            (PushChatType::User, "bob".to_string(), PushMode::At),
            (PushChatType::ChatGroup, "12".to_string(), PushMode::None),
        ],
        "set modes only, without the app level"
    );
    let second = push
        .conversation_push_modes(ann, "ann", 1, 10)
        .await
        .expect("page");
    assert_eq!(second, modes[1..].to_vec());
}

/// Runs every room-file check against a store without an app named `rf/one`.
pub async fn room_file_store(
    apps: &dyn AppStore,
    users: &dyn UserStore,
    rooms: &dyn ChatRoomStore,
    files: &dyn RoomFileStore,
    group_files: &dyn GroupFileStore,
) {
    let app = apps
        .create_app(new_app("rf", "one", "rf1"))
        .await
        .expect("app")
        .id;
    users
        .create_users(app, vec![new_user("ann", 1)])
        .await
        .expect("users");
    let room = ChatRoomId::parse("500").expect("id");
    let CreateRoom::Created(_) = rooms
        .create_room(
            app,
            &NewChatRoom {
                id: room.clone(),
                name: "r".into(),
                description: String::new(),
                custom: String::new(),
                max_members: 10,
                owner: UserName::lookup("ann").expect("id"),
                members: Vec::new(),
                created_ms: 1,
            },
            ChatRoomLimits::default(),
        )
        .await
        .expect("room")
    else {
        panic!("room not created")
    };
    let file = |id: &str, created_ms: i64| RoomFile {
        app_id: app,
        room_id: room.clone(),
        file_id: id.to_string(),
        file_name: format!("{id}.txt"),
        content_type: "text/plain".into(),
        size_bytes: 5,
        owner: Some("ann".into()),
        created_ms,
        path_key: format!("{app}/room_files/{id}"),
    };
    for (id, created) in [("rf-a", 10), ("rf-b", 20)] {
        assert!(matches!(
            files
                .create_room_file(file(id, created), 2)
                .await
                .expect("create"),
            RoomFileCreate::Created(_)
        ));
    }
    assert_eq!(
        files.create_room_file(file("rf-c", 30), 2).await.expect("full"),
        RoomFileCreate::RoomFull
    );
    let other = RoomFile {
        room_id: ChatRoomId::parse("501").expect("id"),
        ..file("rf-d", 30)
    };
    assert_eq!(
        files.create_room_file(other, 2).await.expect("no room"),
        RoomFileCreate::NoRoom
    );
    let listed = files.room_files(app, &room, 0, 0, 10).await.expect("list");
    assert_eq!(
        listed
            .iter()
            .map(|file| file.file_id.as_str())
            .collect::<Vec<_>>(),
        ["rf-b", "rf-a"]
    );
    assert_eq!(
        files
            .room_files(app, &room, 15, 0, 10)
            .await
            .expect("fresh")
            .len(),
        1,
        "older ones are expired"
    );
    assert_eq!(
        files.room_files(app, &room, 0, 1, 10).await.expect("offset")[0].file_id,
        "rf-a"
    );
    assert_eq!(
        files.room_file(app, &room, "rf-a").await.expect("read"),
        Some(file("rf-a", 10))
    );
    assert!(files.room_file(app, &room, "rf-x").await.expect("read").is_none());
    assert_eq!(
        files.delete_room_file(app, &room, "rf-a").await.expect("delete"),
        Some(file("rf-a", 10))
    );
    assert!(
        files
            .delete_room_file(app, &room, "rf-a")
            .await
            .expect("again")
            .is_none()
    );
    let debris = group_files.group_file_debris(100).await.expect("debris");
    assert!(debris.contains(&format!("{app}/room_files/rf-a")), "{debris:?}");
    // Destroying the room takes its files, and leaves their bytes on the work list.
    assert!(rooms.delete_room(app, &room).await.expect("destroy"));
    let debris = group_files.group_file_debris(100).await.expect("debris");
    assert!(debris.contains(&format!("{app}/room_files/rf-b")), "{debris:?}");
    assert_eq!(files.expire_room_files(i64::MAX, 10).await.expect("expire"), 0);
}

/// Runs the history-span check against a store without an app named `hs/one`.
pub async fn message_history_store(
    apps: &dyn AppStore,
    messages: &dyn MessageStore,
    admin: &dyn MessageAdminStore,
    history: &dyn MessageHistoryStore,
) {
    let app = apps
        .create_app(new_app("hs", "one", "hs1"))
        .await
        .expect("app")
        .id;
    let message =
        |id: u64, kind: MessageKind, recipients: Option<Vec<String>>, effect: Option<MessageEffect>| {
            NewMessage {
                app_id: app,
                id,
                conversation: crate::chat_conversation("ann", "bob"),
                chat_type: ChatType::Chat,
                kind,
                from_user: "ann".into(),
                from_resource: String::new(),
                to: "bob".into(),
                body: vec![1, 2, 3],
                created_ms: i64::try_from(id >> 16).expect("small id"),
                effect,
                recipients,
            }
        };
    let at = |ms: u64, seq: u64| (ms << 16) | seq;
    messages
        .append_messages(&[
            message(at(1_000, 1), MessageKind::Message, None, None),
            message(at(1_500, 1), MessageKind::Signal, None, None),
            message(at(2_000, 1), MessageKind::Message, Some(vec!["bob".into()]), None),
            message(at(2_500, 1), MessageKind::Message, None, None),
            message(at(3_000, 1), MessageKind::Message, None, None),
        ])
        .await
        .expect("append");
    // A recalled message leaves the export, and so does imported history.
    messages
        .append_messages(&[message(
            at(3_100, 1),
            MessageKind::Signal,
            None,
            Some(MessageEffect::Recall {
                message_id: at(2_500, 1),
            }),
        )])
        .await
        .expect("recall");
    admin
        .import_message(message(at(1_200, 1), MessageKind::Message, None, None))
        .await
        .expect("import");
    let ids = |list: Vec<crate::StoredMessage>| list.iter().map(|message| message.id).collect::<Vec<_>>();
    let span = history
        .messages_in_span(app, at(1_000, 0), at(3_000, 0), 10)
        .await
        .expect("span");
    assert_eq!(
        ids(span),
        [at(1_000, 1), at(2_000, 1)],
        "messages and targeted ones, in the span"
    );
    let page = history
        .messages_in_span(app, at(1_000, 0), at(4_000, 0), 1)
        .await
        .expect("page");
    assert_eq!(ids(page), [at(1_000, 1)]);
    let rest = history
        .messages_in_span(app, at(1_000, 1) + 1, at(4_000, 0), 10)
        .await
        .expect("rest");
    assert_eq!(ids(rest), [at(2_000, 1), at(3_000, 1)]);
}
