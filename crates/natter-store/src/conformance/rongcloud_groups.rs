//! Conformance of the RongCloud door's group, chat room and settings data ([`crate::RongCloudGroupStore`],
//! [`crate::RongCloudSettingsStore`]), over the groups and rooms of the same backend.

use super::{new_app, new_user};
use crate::{
    CreateRoom, GroupCreate, GroupQuit, MessageTypeList, NewGroup, RoomFlag, SensitiveWord, StoreError,
};
use natter_core::chatroom::{ChatRoomId, ChatRoomLimits, NewChatRoom};
use natter_core::{GroupId, GroupLimits, UserName};

/// Runs every check against a store holding no apps of org `rcgorg`. It creates apps `rcgorg#one` and
/// `rcgorg#two`.
pub async fn rongcloud_group_store(store: &dyn crate::Store) {
    let one = store
        .create_app(new_app("rcgorg", "one", "g1"))
        .await
        .expect("app")
        .id;
    let two = store
        .create_app(new_app("rcgorg", "two", "g2"))
        .await
        .expect("app")
        .id;
    let created = store
        .create_users(
            one,
            ["ann", "ben", "cat"]
                .iter()
                .map(|name| new_user(name, 10))
                .collect(),
        )
        .await
        .expect("users");
    let [ann, ben, cat] = [0, 1, 2].map(|index| created[index].id);
    let name = |text: &str| UserName::lookup(text).expect("name");
    let limits = GroupLimits::default();
    let group = |id: u64, owner: i64, members: Vec<i64>| NewGroup {
        id: GroupId::new(id).expect("id"),
        owner_id: owner,
        name: format!("group {id}"),
        description: String::new(),
        avatar: String::new(),
        custom: String::new(),
        public: false,
        members_only: false,
        allow_invites: false,
        invite_need_confirm: false,
        max_users: 10,
        member_ids: members,
        created_ms: 20,
    };

    // Group ids: mapped per app, case-sensitive, unique.
    let made = store
        .create_rongcloud_group(one, "g_1", group(101, ann, vec![ben, cat]), &limits)
        .await
        .expect("create");
    assert!(matches!(made, GroupCreate::Created(_)), "{made:?}");
    let id = GroupId::new(101).expect("id");
    assert_eq!(store.rongcloud_group(one, "g_1").await.expect("read"), Some(id));
    assert_eq!(store.rongcloud_group(one, "G_1").await.expect("read"), None);
    assert_eq!(store.rongcloud_group(two, "g_1").await.expect("read"), None);
    let names = store
        .rongcloud_group_ids(one, &[id, GroupId::new(999).expect("id")])
        .await
        .expect("read");
    assert_eq!(names.len(), 1);
    assert_eq!(names.get(&id).map(String::as_str), Some("g_1"));
    let again = store
        .create_rongcloud_group(one, "g_1", group(102, ann, vec![]), &limits)
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert!(
        store
            .group(one, GroupId::new(102).expect("id"))
            .await
            .expect("read")
            .is_none(),
        "nothing written"
    );

    // Quitting: non-members are skipped, the owner hands over to the next member, the last one dissolves.
    let quit = store
        .quit_rongcloud_group(one, id, &[ann, 12_345], 30)
        .await
        .expect("quit");
    assert_eq!(quit, GroupQuit::Removed(vec![ann]));
    let after = store.group(one, id).await.expect("read").expect("group");
    assert_eq!((after.owner.as_str(), after.member_count), ("ben", 2));
    assert_eq!(
        store
            .quit_rongcloud_group(one, id, &[ann], 31)
            .await
            .expect("quit"),
        GroupQuit::Removed(vec![])
    );
    assert_eq!(
        store
            .quit_rongcloud_group(one, id, &[ben, cat], 32)
            .await
            .expect("quit"),
        GroupQuit::Dissolved(vec![ben, cat])
    );
    assert!(store.group(one, id).await.expect("read").is_none());
    assert_eq!(
        store.rongcloud_group(one, "g_1").await.expect("read"),
        None,
        "the mapping went with it"
    );
    assert_eq!(
        store
            .quit_rongcloud_group(one, id, &[ben], 33)
            .await
            .expect("quit"),
        GroupQuit::NoGroup
    );

    // Mute-all, as the group store sets it.
    for (number, rongcloud_id) in [(201, "a"), (202, "b")] {
        store
            .create_rongcloud_group(one, rongcloud_id, group(number, ann, vec![]), &limits)
            .await
            .expect("create");
    }
    let b = GroupId::new(202).expect("id");
    assert!(store.muted_group_ids(one).await.expect("read").is_empty());
    assert!(store.set_group_mute_all(one, b, true, 40).await.expect("mute"));
    assert_eq!(store.muted_group_ids(one).await.expect("read"), [b]);
    assert!(store.muted_group_ids(two).await.expect("read").is_empty());

    // Rooms: mapped per app, kept by the app's keeper.
    assert_eq!(store.room_keeper(one).await.expect("read"), None);
    assert_eq!(
        store.set_room_keeper(one, cat).await.expect("keeper"),
        name("cat")
    );
    assert_eq!(
        store.set_room_keeper(one, ann).await.expect("keeper"),
        name("cat"),
        "the first keeper stays"
    );
    assert_eq!(store.room_keeper(one).await.expect("read"), Some(name("cat")));
    assert!(
        store.set_room_keeper(two, ann).await.is_err(),
        "not a user of that app"
    );
    let room_id = |text: &str| ChatRoomId::parse(text).expect("room id");
    let room = |id: &str| NewChatRoom {
        id: room_id(id),
        name: format!("room {id}"),
        description: String::new(),
        custom: String::new(),
        max_members: 100,
        owner: name("cat"),
        members: Vec::new(),
        created_ms: 50,
    };
    let limits = ChatRoomLimits::default();
    let made = store
        .create_rongcloud_room(one, "Room_1", &room("777"), limits)
        .await
        .expect("create");
    assert!(matches!(made, CreateRoom::Created(_)), "{made:?}");
    assert_eq!(
        store.rongcloud_room(one, "Room_1").await.expect("read"),
        Some(room_id("777"))
    );
    assert_eq!(store.rongcloud_room(two, "Room_1").await.expect("read"), None);
    let names = store
        .rongcloud_room_ids(one, &[room_id("777"), room_id("888")])
        .await
        .expect("read");
    assert_eq!(names.get(&room_id("777")).map(String::as_str), Some("Room_1"));
    assert_eq!(names.len(), 1);
    let again = store
        .create_rongcloud_room(one, "Room_1", &room("778"), limits)
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert!(
        store.room(one, &room_id("778")).await.expect("read").is_none(),
        "nothing written"
    );

    // Timed blocks: the room's blocklist, with deadlines that lift.
    let r = room_id("777");
    store
        .add_members(one, &r, &[name("ann"), name("ben")], limits, 60)
        .await
        .expect("add");
    assert!(
        store
            .block_room_users_until(one, &r, &[name("ann"), name("cat")], 1_000)
            .await
            .expect("block")
    );
    assert!(
        store
            .block_room_users_until(one, &r, &[name("ben")], 2_000)
            .await
            .expect("block")
    );
    assert!(
        !store
            .block_room_users_until(one, &room_id("999"), &[name("ben")], 5)
            .await
            .expect("block")
    );
    assert_eq!(
        store.blocklist(one, &r).await.expect("read"),
        [name("ann"), name("ben")],
        "never the owner"
    );
    let deadlines = store.room_block_deadlines(one, &r).await.expect("read");
    assert_eq!((deadlines.get(&name("ann")), deadlines.len()), (Some(&1_000), 2));
    assert_eq!(store.next_room_block_deadline().await.expect("read"), Some(1_000));
    let lifted = store.lift_expired_room_blocks(1_500).await.expect("lift");
    assert_eq!(lifted.len(), 1);
    assert_eq!(
        (
            lifted[0].app_id,
            lifted[0].room.as_str(),
            lifted[0].username.as_str()
        ),
        (one, "777", "ann")
    );
    assert_eq!(store.blocklist(one, &r).await.expect("read"), [name("ben")]);
    store
        .forget_room_block_deadlines(one, &r, &[name("ben")])
        .await
        .expect("forget");
    assert_eq!(store.next_room_block_deadline().await.expect("read"), None);
    assert!(
        store
            .lift_expired_room_blocks(10_000)
            .await
            .expect("lift")
            .is_empty()
    );
    assert_eq!(
        store.blocklist(one, &r).await.expect("read"),
        [name("ben")],
        "a block without a deadline stays"
    );

    // Switches.
    assert!(!store.room_flag(one, &r, RoomFlag::KeepAlive).await.expect("read"));
    assert!(
        store
            .set_room_flag(one, &r, RoomFlag::KeepAlive, true)
            .await
            .expect("set")
    );
    assert!(
        !store
            .set_room_flag(one, &room_id("999"), RoomFlag::KeepAlive, true)
            .await
            .expect("set")
    );
    assert!(store.room_flag(one, &r, RoomFlag::KeepAlive).await.expect("read"));
    assert!(
        !store
            .room_flag(one, &r, RoomFlag::DistributionStopped)
            .await
            .expect("read")
    );
    assert_eq!(
        store
            .rooms_with_flag(one, RoomFlag::KeepAlive)
            .await
            .expect("read"),
        std::slice::from_ref(&r)
    );
    assert!(
        store
            .set_room_flag(one, &r, RoomFlag::KeepAlive, false)
            .await
            .expect("set")
    );
    assert!(
        store
            .rooms_with_flag(one, RoomFlag::KeepAlive)
            .await
            .expect("read")
            .is_empty()
    );

    // Message-type lists: per app and list, ordered, limited.
    let types = |names: &[&str]| names.iter().map(|name| name.to_string()).collect::<Vec<_>>();
    assert!(
        store
            .add_message_types(one, MessageTypeList::Whitelist, &types(&["B", "A"]), 3)
            .await
            .expect("add")
    );
    assert!(
        store
            .add_message_types(one, MessageTypeList::Whitelist, &types(&["A", "C"]), 3)
            .await
            .expect("add")
    );
    assert!(
        !store
            .add_message_types(one, MessageTypeList::Whitelist, &types(&["D"]), 3)
            .await
            .expect("add")
    );
    assert_eq!(
        store
            .message_types(one, MessageTypeList::Whitelist)
            .await
            .expect("read"),
        types(&["B", "A", "C"])
    );
    assert!(
        store
            .message_types(one, MessageTypeList::LowPriority)
            .await
            .expect("read")
            .is_empty()
    );
    assert!(
        store
            .message_types(two, MessageTypeList::Whitelist)
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(
        store
            .remove_message_types(one, MessageTypeList::Whitelist, &types(&["A", "Z"]))
            .await
            .expect("remove"),
        1
    );
    assert_eq!(
        store
            .message_types(one, MessageTypeList::Whitelist)
            .await
            .expect("read"),
        types(&["B", "C"])
    );

    // Tags replace; conversation mutes toggle; sensitive words are per app, ordered, limited.
    let tags = |names: &[&str]| names.iter().map(|name| name.to_string()).collect::<Vec<_>>();
    store
        .set_user_tags(&[ann, ben], &tags(&["x", "y"]))
        .await
        .expect("tags");
    store.set_user_tags(&[ben], &tags(&["z"])).await.expect("tags");
    assert_eq!(store.user_tags(ann).await.expect("read"), tags(&["x", "y"]));
    assert_eq!(store.user_tags(ben).await.expect("read"), tags(&["z"]));
    assert!(store.user_tags(cat).await.expect("read").is_empty());
    assert!(!store.conversation_muted(ann, 6, "sys").await.expect("read"));
    store
        .set_conversation_muted(ann, 6, "sys", true)
        .await
        .expect("mute");
    store
        .set_conversation_muted(ann, 6, "sys", true)
        .await
        .expect("twice is once");
    assert!(store.conversation_muted(ann, 6, "sys").await.expect("read"));
    assert!(!store.conversation_muted(ann, 7, "sys").await.expect("read"));
    store
        .set_conversation_muted(ann, 6, "sys", false)
        .await
        .expect("unmute");
    assert!(!store.conversation_muted(ann, 6, "sys").await.expect("read"));

    let word = |text: &str, replacement: Option<&str>| SensitiveWord {
        word: text.to_string(),
        replacement: replacement.map(str::to_string),
    };
    assert!(
        store
            .put_sensitive_word(one, word("bad", None), 2)
            .await
            .expect("put")
    );
    assert!(
        store
            .put_sensitive_word(one, word("worse", Some("***")), 2)
            .await
            .expect("put")
    );
    assert!(
        !store
            .put_sensitive_word(one, word("third", None), 2)
            .await
            .expect("put"),
        "full"
    );
    assert!(
        store
            .put_sensitive_word(one, word("bad", Some("b")), 2)
            .await
            .expect("a word it has")
    );
    assert_eq!(
        store.sensitive_words(one).await.expect("read"),
        [word("bad", Some("b")), word("worse", Some("***"))]
    );
    assert!(store.sensitive_words(two).await.expect("read").is_empty());
    assert_eq!(
        store
            .delete_sensitive_words(one, &tags(&["bad", "never"]))
            .await
            .expect("delete"),
        1
    );
    assert_eq!(
        store.sensitive_words(one).await.expect("read"),
        [word("worse", Some("***"))]
    );
}
