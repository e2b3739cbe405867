//! Conformance of the thread store (子区): creation inside the quotas, one thread per message, renames,
//! pages in both orders, a user's threads by group, batch join and leave, and the group's cascade.

use super::{new_app, new_user};
use crate::{
    AppStore, GroupCreate, GroupStore, NewGroup, NewThread, ThreadCreate, ThreadJoin, ThreadPage,
    ThreadStore, UserStore,
};
use natter_core::{GroupId, GroupLimits};

fn page(after: Option<i64>, limit: u32, descending: bool) -> ThreadPage {
    ThreadPage {
        after,
        limit,
        descending,
    }
}

/// Runs every check against a store without an app named `th/one`.
pub async fn thread_store(
    apps: &dyn AppStore,
    users: &dyn UserStore,
    groups: &dyn GroupStore,
    threads: &dyn ThreadStore,
) {
    let app = apps
        .create_app(new_app("th", "one", "th1"))
        .await
        .expect("app")
        .id;
    let names = ["ann", "bob", "cat", "dan"];
    let created = users
        .create_users(app, names.iter().map(|name| new_user(name, 1)).collect())
        .await
        .expect("users");
    let id_of = |name: &str| created[names.iter().position(|n| *n == name).expect("known name")].id;
    let mut group_ids = Vec::new();
    for (index, raw) in [700_u64, 701].into_iter().enumerate() {
        let gid = GroupId::new(raw).expect("id");
        let GroupCreate::Created(_) = groups
            .create_group(
                app,
                NewGroup {
                    id: gid,
                    owner_id: id_of("ann"),
                    name: format!("g{index}"),
                    description: String::new(),
                    avatar: String::new(),
                    custom: String::new(),
                    public: false,
                    members_only: false,
                    allow_invites: false,
                    invite_need_confirm: false,
                    max_users: 200,
                    member_ids: vec![id_of("bob"), id_of("cat")],
                    created_ms: 10,
                },
                &GroupLimits::default(),
            )
            .await
            .expect("create group")
        else {
            panic!("group refused");
        };
        group_ids.push(gid);
    }
    let (first_group, second_group) = (group_ids[0], group_ids[1]);
    let new_thread =
        |thread_id: u64, group_id: GroupId, msg_id: u64, app_limit: u64, user_limit: u64| NewThread {
            thread_id,
            group_id,
            msg_id,
            name: format!("t{thread_id}"),
            owner_id: id_of("ann"),
            created_ms: 100 + i64::try_from(thread_id).expect("small"),
            app_limit,
            user_limit,
        };

    // Creation: the owner is the first member; one thread per message; quotas; a missing group.
    let ThreadCreate::Created(one) = threads
        .create_thread(app, new_thread(1, first_group, 11, 10, 10))
        .await
        .expect("create")
    else {
        panic!("thread refused");
    };
    assert_eq!(
        (
            one.thread_id,
            one.group_id,
            one.msg_id,
            one.owner.as_str(),
            one.member_count
        ),
        (1, first_group, 11, "ann", 1)
    );
    assert_eq!(threads.thread(app, 1).await.expect("read"), Some(one.clone()));
    assert_eq!(threads.thread(app, 99).await.expect("read"), None);
    assert_eq!(
        threads
            .create_thread(app, new_thread(2, first_group, 11, 10, 10))
            .await
            .expect("again"),
        ThreadCreate::MessageTaken
    );
    assert_eq!(
        threads
            .create_thread(app, new_thread(2, first_group, 12, 1, 10))
            .await
            .expect("app full"),
        ThreadCreate::AppFull
    );
    assert_eq!(
        threads
            .create_thread(app, new_thread(2, first_group, 12, 10, 1))
            .await
            .expect("user full"),
        ThreadCreate::UserFull
    );
    assert_eq!(
        threads
            .create_thread(app, new_thread(2, GroupId::new(799).expect("id"), 12, 10, 10))
            .await
            .expect("no group"),
        ThreadCreate::GroupMissing
    );
    for (thread_id, group, msg) in [(2, first_group, 12), (3, second_group, 13)] {
        assert!(matches!(
            threads
                .create_thread(app, new_thread(thread_id, group, msg, 10, 10))
                .await
                .expect("create"),
            ThreadCreate::Created(_)
        ));
    }

    // Rename.
    assert!(threads.rename_thread(app, 2, "renamed").await.expect("rename"));
    assert!(!threads.rename_thread(app, 99, "x").await.expect("rename missing"));
    assert_eq!(
        threads
            .thread(app, 2)
            .await
            .expect("read")
            .map(|thread| thread.name),
        Some("renamed".into())
    );

    // App-wide pages, both orders.
    let ids = |items: Vec<(i64, crate::Thread)>| {
        items
            .into_iter()
            .map(|(_, thread)| thread.thread_id)
            .collect::<Vec<_>>()
    };
    let newest = threads
        .list_threads(app, page(None, 2, true))
        .await
        .expect("page");
    let after = newest.last().map(|(position, _)| *position);
    assert_eq!(ids(newest), vec![3, 2]);
    assert_eq!(
        ids(threads
            .list_threads(app, page(after, 2, true))
            .await
            .expect("page")),
        vec![1]
    );
    assert_eq!(
        ids(threads
            .list_threads(app, page(None, 5, false))
            .await
            .expect("page")),
        vec![1, 2, 3]
    );

    // Join: flags per user, the per-user quota all or nothing, a missing thread.
    assert_eq!(
        threads
            .join_thread(app, 1, &[id_of("bob"), id_of("ann")], 200, 10)
            .await
            .expect("join"),
        ThreadJoin::Joined(vec![true, false])
    );
    assert_eq!(
        threads
            .join_thread(app, 2, &[id_of("cat"), id_of("ann")], 201, 3)
            .await
            .expect("join full"),
        ThreadJoin::Joined(vec![true, false])
    );
    assert_eq!(
        threads
            .join_thread(app, 3, &[id_of("dan"), id_of("bob")], 202, 1)
            .await
            .expect("quota"),
        ThreadJoin::UserFull(1)
    );
    assert_eq!(
        threads
            .thread(app, 3)
            .await
            .expect("read")
            .map(|thread| thread.member_count),
        Some(1),
        "all or nothing"
    );
    assert_eq!(
        threads
            .join_thread(app, 99, &[id_of("bob")], 203, 10)
            .await
            .expect("missing"),
        ThreadJoin::ThreadMissing
    );

    // Members and a user's threads (by join order; per group).
    let members = threads
        .thread_members(app, 1, None, 1)
        .await
        .expect("members")
        .expect("thread");
    assert_eq!(
        members.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>(),
        vec!["ann"]
    );
    let rest = threads
        .thread_members(app, 1, Some(members[0].0), 10)
        .await
        .expect("members")
        .expect("thread");
    assert_eq!(
        rest.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>(),
        vec!["bob"]
    );
    assert_eq!(
        threads.thread_members(app, 99, None, 10).await.expect("members"),
        None
    );
    assert_eq!(
        ids(threads
            .user_threads(app, id_of("ann"), None, page(None, 10, true))
            .await
            .expect("mine")),
        vec![3, 2, 1]
    );
    assert_eq!(
        ids(threads
            .user_threads(app, id_of("ann"), Some(first_group), page(None, 10, false))
            .await
            .expect("mine")),
        vec![1, 2]
    );
    assert_eq!(
        ids(threads
            .user_threads(app, id_of("dan"), None, page(None, 10, true))
            .await
            .expect("none")),
        Vec::<u64>::new()
    );

    // Leave.
    assert_eq!(
        threads
            .leave_thread(app, 1, &[id_of("bob"), id_of("dan")])
            .await
            .expect("leave"),
        Some(vec![true, false])
    );
    assert_eq!(
        threads
            .leave_thread(app, 99, &[id_of("bob")])
            .await
            .expect("leave missing"),
        None
    );

    // Leaving the group leaves its threads; destroying the group destroys them.
    assert_eq!(
        groups
            .remove_group_members(app, first_group, &[id_of("cat")])
            .await
            .expect("remove"),
        vec![id_of("cat")]
    );
    assert_eq!(
        threads
            .thread(app, 2)
            .await
            .expect("read")
            .map(|thread| thread.member_count),
        Some(1)
    );
    assert!(groups.delete_group(app, first_group).await.expect("destroy"));
    assert_eq!(threads.thread(app, 1).await.expect("read"), None);
    assert_eq!(
        ids(threads
            .list_threads(app, page(None, 10, true))
            .await
            .expect("page")),
        vec![3]
    );

    // Delete.
    assert!(threads.delete_thread(app, 3).await.expect("delete"));
    assert!(!threads.delete_thread(app, 3).await.expect("delete again"));
}
