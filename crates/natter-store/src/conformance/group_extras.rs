//! Conformance of the group calls that came with SQLite migration 0013: disable, mute-all, announcement, the send check,
//! relations, block-, mute- and allowlists, member attributes. Time is passed in (`now_ms`), so expiry
//! is tested with instants in the past and future, never by waiting.

use super::{new_app, new_user};
use crate::{
    AppStore, GroupCreate, GroupRelation, GroupSendCheck, GroupSendRefusal, GroupStore, MemberAttributes,
    MemberAttributesPut, MembersAdd, MuteUntil, NewGroup, RoleChange, UserStore,
};
use natter_core::{GroupId, GroupLimits, GroupRole, UserName};

fn attributes(pairs: &[(&str, &str)]) -> MemberAttributes {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

/// Runs every check against a store without apps named `gx/one` and `gx/two`.
pub async fn group_extras_store(apps: &dyn AppStore, users: &dyn UserStore, groups: &dyn GroupStore) {
    let one = apps
        .create_app(new_app("gx", "one", "gx1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("gx", "two", "gx2"))
        .await
        .expect("app two")
        .id;
    let names = ["ann", "bob", "cat", "dan", "eve"];
    let created = users
        .create_users(one, names.iter().map(|name| new_user(name, 1)).collect())
        .await
        .expect("users");
    let id_of = |name: &str| created[names.iter().position(|n| *n == name).expect("known name")].id;
    let name = |text: &str| UserName::lookup(text).expect("name");
    let gid = GroupId::new(500).expect("id");
    let missing = GroupId::new(501).expect("id");
    let limits = GroupLimits::default();
    let GroupCreate::Created(_) = groups
        .create_group(
            one,
            NewGroup {
                id: gid,
                owner_id: id_of("ann"),
                name: "extras".into(),
                description: String::new(),
                avatar: String::new(),
                custom: String::new(),
                public: false,
                members_only: false,
                allow_invites: false,
                invite_need_confirm: false,
                max_users: 200,
                member_ids: vec![id_of("bob"), id_of("cat"), id_of("dan")],
                created_ms: 10,
            },
            &limits,
        )
        .await
        .expect("create")
    else {
        panic!("group refused");
    };
    assert_eq!(
        groups
            .set_member_role(one, gid, id_of("bob"), GroupRole::Admin, 99, 11)
            .await
            .expect("admin"),
        RoleChange::Changed
    );
    let now = 1_000_000;
    let check = |user: &'static str, at: i64| async move {
        groups
            .group_send_check(one, gid, &name(user), at)
            .await
            .expect("send check")
    };

    // The send check of a fresh group: members send, others do not.
    assert_eq!(
        check("ann", now).await,
        GroupSendCheck {
            exists: true,
            disabled: false,
            is_member: true,
            role: Some(GroupRole::Owner),
            muted_until_ms: None,
            mute_all: false,
            on_allowlist: false,
        }
    );
    assert_eq!(check("cat", now).await.role, Some(GroupRole::Member));
    assert_eq!(check("cat", now).await.refusal(), None);
    assert_eq!(
        check("eve", now).await.refusal(),
        Some(GroupSendRefusal::NotMember)
    );
    assert_eq!(
        check("ghost", now).await,
        GroupSendCheck {
            exists: true,
            ..GroupSendCheck::default()
        },
        "a user who does not exist is not a member"
    );
    assert_eq!(
        groups
            .group_send_check(one, missing, &name("ann"), now)
            .await
            .expect("check"),
        GroupSendCheck::default()
    );
    assert_eq!(
        GroupSendCheck::default().refusal(),
        Some(GroupSendRefusal::NoGroup)
    );
    assert!(
        !groups
            .group_send_check(two, gid, &name("ann"), now)
            .await
            .expect("check")
            .exists,
        "apps do not share groups"
    );

    // Disable (G2) and enable (G3).
    assert!(
        groups
            .set_group_disabled(one, gid, true, 20)
            .await
            .expect("disable")
    );
    let disabled = groups.group(one, gid).await.expect("get").expect("group");
    assert!(disabled.disabled && disabled.modified_ms == 20);
    assert_eq!(
        check("ann", now).await.refusal(),
        Some(GroupSendRefusal::Disabled)
    );
    assert!(
        groups
            .set_group_disabled(one, gid, false, 21)
            .await
            .expect("enable")
    );
    assert!(
        !groups
            .group(one, gid)
            .await
            .expect("get")
            .expect("group")
            .disabled
    );
    assert!(
        !groups
            .set_group_disabled(one, missing, true, 21)
            .await
            .expect("none")
    );
    assert!(
        !groups
            .set_group_disabled(two, gid, true, 21)
            .await
            .expect("other app")
    );

    // The announcement: empty until set.
    assert_eq!(
        groups.group_announcement(one, gid).await.expect("read"),
        Some(String::new())
    );
    assert!(
        groups
            .set_group_announcement(one, gid, "公告 hello", 22)
            .await
            .expect("set")
    );
    assert_eq!(
        groups
            .group_announcement(one, gid)
            .await
            .expect("read")
            .as_deref(),
        Some("公告 hello")
    );
    assert_eq!(groups.group_announcement(one, missing).await.expect("read"), None);
    assert!(
        !groups
            .set_group_announcement(two, gid, "x", 22)
            .await
            .expect("other app")
    );

    // Mute-all: the owner, admins and the allowlisted still send.
    assert!(
        groups
            .set_group_mute_all(one, gid, true, 23)
            .await
            .expect("mute all")
    );
    assert!(
        groups
            .group(one, gid)
            .await
            .expect("get")
            .expect("group")
            .mute_all
    );
    assert_eq!(check("cat", now).await.refusal(), Some(GroupSendRefusal::MuteAll));
    assert_eq!(check("ann", now).await.refusal(), None);
    assert_eq!(check("bob", now).await.refusal(), None, "admins speak");
    assert_eq!(
        groups
            .set_group_allowed(one, gid, &[id_of("dan"), id_of("eve")], true, 24)
            .await
            .expect("allow"),
        vec![id_of("dan")],
        "members only"
    );
    assert_eq!(
        groups
            .set_group_allowed(one, gid, &[id_of("dan")], true, 24)
            .await
            .expect("allow again"),
        Vec::<i64>::new(),
        "already on it"
    );
    let dan = check("dan", now).await;
    assert!(dan.on_allowlist && dan.mute_all);
    assert_eq!(dan.refusal(), None);
    assert_eq!(
        groups.group_allowlist(one, gid).await.expect("allowlist"),
        vec![name("dan")]
    );
    assert!(
        groups
            .set_group_mute_all(one, gid, false, 25)
            .await
            .expect("unmute all")
    );
    assert_eq!(check("cat", now).await.refusal(), None);
    assert!(
        !groups
            .set_group_mute_all(one, missing, true, 25)
            .await
            .expect("none")
    );

    // Member mutes: a timed mute lifts itself at its end; a mute holds even for the allowlisted.
    groups
        .set_group_mutes(one, gid, &[id_of("cat")], Some(MuteUntil::Forever))
        .await
        .expect("mute cat");
    groups
        .set_group_mutes(one, gid, &[id_of("dan")], Some(MuteUntil::At(now + 1_000)))
        .await
        .expect("mute dan");
    groups
        .set_group_mutes(one, gid, &[id_of("bob")], Some(MuteUntil::At(now - 1)))
        .await
        .expect("mute bob in the past");
    assert_eq!(
        groups.group_mutes(one, gid, now).await.expect("mutes"),
        vec![
            (name("cat"), MuteUntil::Forever),
            (name("dan"), MuteUntil::At(now + 1_000))
        ],
        "bob's mute has run out"
    );
    assert_eq!(check("cat", now).await.muted_until_ms, Some(-1));
    assert_eq!(check("cat", now).await.refusal(), Some(GroupSendRefusal::Muted));
    let dan = check("dan", now).await;
    assert_eq!(dan.muted_until_ms, Some(now + 1_000));
    assert_eq!(
        dan.refusal(),
        Some(GroupSendRefusal::Muted),
        "the allowlist does not lift a mute"
    );
    assert_eq!(check("dan", now + 999).await.muted_until_ms, Some(now + 1_000));
    assert_eq!(
        check("dan", now + 1_000).await.muted_until_ms,
        None,
        "over at its end"
    );
    assert_eq!(
        groups.group_mutes(one, gid, now + 1_000).await.expect("mutes"),
        vec![(name("cat"), MuteUntil::Forever)]
    );
    assert_eq!(check("bob", now).await.muted_until_ms, None);
    // Muting again replaces the deadline; `None` lifts.
    groups
        .set_group_mutes(one, gid, &[id_of("bob")], Some(MuteUntil::At(now + 5)))
        .await
        .expect("mute bob again");
    assert_eq!(check("bob", now).await.muted_until_ms, Some(now + 5));
    groups
        .set_group_mutes(one, gid, &[id_of("cat"), id_of("bob")], None)
        .await
        .expect("unmute");
    assert_eq!(check("cat", now).await.muted_until_ms, None);
    assert_eq!(check("bob", now).await.muted_until_ms, None);

    // Relations: one read per user, whatever it is.
    assert_eq!(
        groups
            .group_relations(one, gid, &[name("dan"), name("eve"), name("ghost")], now)
            .await
            .expect("relations"),
        vec![
            GroupRelation {
                username: name("dan"),
                user_id: Some(id_of("dan")),
                role: Some(GroupRole::Member),
                muted: Some(MuteUntil::At(now + 1_000)),
                allowed: true,
                blocked: false,
            },
            GroupRelation {
                username: name("eve"),
                user_id: Some(id_of("eve")),
                role: None,
                muted: None,
                allowed: false,
                blocked: false,
            },
            GroupRelation {
                username: name("ghost"),
                user_id: None,
                role: None,
                muted: None,
                allowed: false,
                blocked: false,
            },
        ]
    );

    // Leaving keeps the mute but not the allowlist entry or the attributes (§1.5).
    assert!(matches!(
        groups
            .put_member_attributes(one, gid, id_of("dan"), &attributes(&[("k", "v")]), 4096)
            .await
            .expect("attributes"),
        MemberAttributesPut::Updated(_)
    ));
    assert_eq!(
        groups
            .remove_group_members(one, gid, &[id_of("dan")])
            .await
            .expect("remove"),
        vec![id_of("dan")]
    );
    assert!(matches!(
        groups
            .add_group_members(one, gid, &[id_of("dan")], &limits, 30)
            .await
            .expect("rejoin"),
        MembersAdd::Added(_)
    ));
    let dan = check("dan", now).await;
    assert_eq!(
        (dan.is_member, dan.muted_until_ms, dan.on_allowlist),
        (true, Some(now + 1_000), false)
    );
    assert!(
        groups
            .group_allowlist(one, gid)
            .await
            .expect("allowlist")
            .is_empty()
    );
    assert_eq!(
        groups
            .member_attributes(one, gid, &[id_of("dan")], &[])
            .await
            .expect("read"),
        vec![(id_of("dan"), MemberAttributes::new())]
    );

    // Allowlist removal reports the entries that were there.
    groups
        .set_group_allowed(one, gid, &[id_of("cat")], true, 31)
        .await
        .expect("allow cat");
    assert_eq!(
        groups
            .set_group_allowed(one, gid, &[id_of("cat"), id_of("dan")], false, 32)
            .await
            .expect("disallow"),
        vec![id_of("cat")]
    );

    // Blocklist: members only, never the owner; the blocked are out and cannot join again.
    groups
        .set_group_allowed(one, gid, &[id_of("cat")], true, 33)
        .await
        .expect("allow cat");
    groups
        .put_member_attributes(one, gid, id_of("cat"), &attributes(&[("k", "v")]), 4096)
        .await
        .expect("attributes");
    groups
        .put_group_request(
            one,
            gid,
            crate::GroupRequestKind::Invitation,
            id_of("cat"),
            None,
            33,
        )
        .await
        .expect("request");
    assert_eq!(
        groups
            .block_group_members(one, gid, &[id_of("cat"), id_of("eve"), id_of("ann")], 34)
            .await
            .expect("block"),
        vec![id_of("cat")]
    );
    assert_eq!(
        groups.group_blocklist(one, gid).await.expect("blocklist"),
        vec![name("cat")]
    );
    assert_eq!(
        groups.member_role(one, gid, id_of("cat")).await.expect("role"),
        None
    );
    assert_eq!(
        groups.member_role(one, gid, id_of("ann")).await.expect("role"),
        Some(GroupRole::Owner)
    );
    assert!(
        groups
            .group_allowlist(one, gid)
            .await
            .expect("allowlist")
            .is_empty()
    );
    assert!(
        !groups
            .take_group_request(one, gid, crate::GroupRequestKind::Invitation, id_of("cat"))
            .await
            .expect("request"),
        "blocking drops pending requests"
    );
    let cat = groups
        .group_relations(one, gid, &[name("cat")], now)
        .await
        .expect("relations");
    assert!(cat[0].blocked && cat[0].role.is_none());
    let members_before = groups
        .group(one, gid)
        .await
        .expect("get")
        .expect("group")
        .member_count;
    assert_eq!(
        groups
            .add_group_members(one, gid, &[id_of("eve"), id_of("cat")], &limits, 35)
            .await
            .expect("add"),
        MembersAdd::Blocked(id_of("cat"))
    );
    assert_eq!(
        groups
            .group(one, gid)
            .await
            .expect("get")
            .expect("group")
            .member_count,
        members_before,
        "a refused add writes nothing"
    );
    assert_eq!(
        groups
            .unblock_group_users(one, gid, &[id_of("cat"), id_of("eve")])
            .await
            .expect("unblock"),
        vec![id_of("cat")]
    );
    assert!(
        groups
            .group_blocklist(one, gid)
            .await
            .expect("blocklist")
            .is_empty()
    );
    assert!(matches!(
        groups
            .add_group_members(one, gid, &[id_of("cat")], &limits, 36)
            .await
            .expect("add"),
        MembersAdd::Added(added) if added == vec![id_of("cat")]
    ));
    assert_eq!(
        groups
            .member_attributes(one, gid, &[id_of("cat")], &[])
            .await
            .expect("read"),
        vec![(id_of("cat"), MemberAttributes::new())],
        "blocking took the attributes"
    );

    // Member attributes: upserts, empty values delete, a budget per member, members only.
    assert_eq!(
        groups
            .put_member_attributes(
                one,
                gid,
                id_of("cat"),
                &attributes(&[("k1", "v1"), ("k2", "v2")]),
                4096
            )
            .await
            .expect("put"),
        MemberAttributesPut::Updated(attributes(&[("k1", "v1"), ("k2", "v2")]))
    );
    assert_eq!(
        groups
            .put_member_attributes(
                one,
                gid,
                id_of("cat"),
                &attributes(&[("k1", ""), ("k3", "v3")]),
                4096
            )
            .await
            .expect("put"),
        MemberAttributesPut::Updated(attributes(&[("k2", "v2"), ("k3", "v3")]))
    );
    // k2v2k3v3 weighs 8 bytes; one more pair of 4 is over a budget of 11.
    assert_eq!(
        groups
            .put_member_attributes(one, gid, id_of("cat"), &attributes(&[("k4", "v4")]), 11)
            .await
            .expect("put"),
        MemberAttributesPut::TooLarge
    );
    assert_eq!(
        groups
            .put_member_attributes(one, gid, id_of("cat"), &attributes(&[("k3", "")]), 4)
            .await
            .expect("a deletion fits"),
        MemberAttributesPut::Updated(attributes(&[("k2", "v2")]))
    );
    assert_eq!(
        groups
            .put_member_attributes(one, gid, id_of("eve"), &attributes(&[("k", "v")]), 4096)
            .await
            .expect("put"),
        MemberAttributesPut::NotMember
    );
    assert_eq!(
        groups
            .put_member_attributes(one, missing, id_of("cat"), &attributes(&[("k", "v")]), 4096)
            .await
            .expect("put"),
        MemberAttributesPut::NoGroup
    );
    groups
        .put_member_attributes(
            one,
            gid,
            id_of("bob"),
            &attributes(&[("k2", "b2"), ("k5", "b5")]),
            4096,
        )
        .await
        .expect("put");
    assert_eq!(
        groups
            .member_attributes(one, gid, &[id_of("cat"), id_of("eve"), id_of("bob")], &[])
            .await
            .expect("read"),
        vec![
            (id_of("cat"), attributes(&[("k2", "v2")])),
            (id_of("bob"), attributes(&[("k2", "b2"), ("k5", "b5")]))
        ],
        "non-members are left out"
    );
    assert_eq!(
        groups
            .member_attributes(one, gid, &[id_of("bob")], &["k5".to_string(), "nope".to_string()])
            .await
            .expect("read"),
        vec![(id_of("bob"), attributes(&[("k5", "b5")]))]
    );
    assert!(
        groups
            .member_attributes(two, gid, &[id_of("bob")], &[])
            .await
            .expect("read")
            .is_empty()
    );

    // A group of 3,000: the send check answers for its last member as for its first.
    let crowd: Vec<String> = (0..2_999).map(|index| format!("crowd{index:04}")).collect();
    let crowd_users = users
        .create_users(two, crowd.iter().map(|name| new_user(name, 2)).collect())
        .await
        .expect("crowd");
    let owner = users
        .create_users(two, vec![new_user("boss", 2)])
        .await
        .expect("owner")
        .remove(0);
    let big = GroupId::new(502).expect("id");
    let GroupCreate::Created(created_big) = groups
        .create_group(
            two,
            NewGroup {
                id: big,
                owner_id: owner.id,
                name: "big".into(),
                description: String::new(),
                avatar: String::new(),
                custom: String::new(),
                public: true,
                members_only: false,
                allow_invites: false,
                invite_need_confirm: false,
                max_users: 3_000,
                member_ids: crowd_users.iter().map(|user| user.id).collect(),
                created_ms: 40,
            },
            &limits,
        )
        .await
        .expect("create big")
    else {
        panic!("big group refused");
    };
    assert_eq!(created_big.member_count, 3_000);
    let last = groups
        .group_send_check(two, big, &name("crowd2998"), now)
        .await
        .expect("check");
    assert!(last.is_member && last.refusal().is_none());

    // The owner cannot be muted: a transfer ends the new owner's mute.
    groups
        .set_group_mutes(one, gid, &[id_of("bob")], Some(MuteUntil::Forever))
        .await
        .expect("mute bob");
    assert!(
        groups
            .transfer_ownership(one, gid, id_of("bob"), 50)
            .await
            .expect("transfer")
    );
    let bob = check("bob", now).await;
    assert_eq!((bob.role, bob.muted_until_ms), (Some(GroupRole::Owner), None));

    // Dissolving the group ends everything.
    assert!(groups.delete_group(one, gid).await.expect("delete"));
    assert_eq!(
        groups
            .group_send_check(one, gid, &name("ann"), now)
            .await
            .expect("check"),
        GroupSendCheck::default()
    );
}
