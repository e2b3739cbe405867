//! Conformance of the group shared-file store (群文件): creation within the per-group limit, pages newest
//! first with the expiry cut, lookups scoped to app and group, deletion, expiry, and the debris list that
//! every way of losing a row fills (deleting the file, its expiry, dissolving the group, deleting its owner).

use super::{new_app, new_user};
use crate::{
    AppStore, GroupCreate, GroupFile, GroupFileCreate, GroupFileStore, GroupStore, NewGroup, StoreError,
    UserStore,
};
use natter_core::{GroupId, GroupLimits, UserName};

fn file(app_id: i64, group_id: GroupId, file_id: &str, created_ms: i64) -> GroupFile {
    GroupFile {
        app_id,
        group_id,
        file_id: file_id.to_string(),
        file_name: format!("{file_id}.txt"),
        content_type: "text/plain".into(),
        size_bytes: 11,
        owner: Some("ann".into()),
        created_ms,
        path_key: format!("{app_id}/share_files/{file_id}"),
    }
}

fn ids(files: &[GroupFile]) -> Vec<&str> {
    files.iter().map(|file| file.file_id.as_str()).collect()
}

async fn debris(files: &dyn GroupFileStore) -> Vec<String> {
    let mut keys = files.group_file_debris(1000).await.expect("debris");
    keys.sort();
    keys
}

/// Runs every check against a store without apps named `gf/one` and `gf/two`.
pub async fn group_file_store(
    apps: &dyn AppStore,
    users: &dyn UserStore,
    groups: &dyn GroupStore,
    files: &dyn GroupFileStore,
) {
    let one = apps
        .create_app(new_app("gf", "one", "gf1"))
        .await
        .expect("app one")
        .id;
    let two = apps
        .create_app(new_app("gf", "two", "gf2"))
        .await
        .expect("app two")
        .id;
    let ann = users
        .create_users(one, vec![new_user("ann", 1), new_user("bob", 1)])
        .await
        .expect("users")[0]
        .id;
    let mut group_ids = Vec::new();
    for raw in [900_u64, 901] {
        let id = GroupId::new(raw).expect("id");
        let GroupCreate::Created(_) = groups
            .create_group(
                one,
                NewGroup {
                    id,
                    owner_id: ann,
                    name: format!("g{raw}"),
                    description: String::new(),
                    avatar: String::new(),
                    custom: String::new(),
                    public: false,
                    members_only: false,
                    allow_invites: false,
                    invite_need_confirm: false,
                    max_users: 200,
                    member_ids: Vec::new(),
                    created_ms: 1,
                },
                &GroupLimits::default(),
            )
            .await
            .expect("create group")
        else {
            panic!("group {raw} not created");
        };
        group_ids.push(id);
    }
    let (first, second) = (group_ids[0], group_ids[1]);
    let missing = GroupId::new(999).expect("id");

    // Creation: the file comes back as given; no group, full group and a repeated id write nothing.
    let created = files
        .create_group_file(file(one, first, "f1", 100), 3)
        .await
        .expect("create");
    assert_eq!(created, GroupFileCreate::Created(file(one, first, "f1", 100)));
    for (id, created_ms) in [("f2", 200), ("f3", 300)] {
        assert!(matches!(
            files
                .create_group_file(file(one, first, id, created_ms), 3)
                .await
                .expect("create"),
            GroupFileCreate::Created(_)
        ));
    }
    assert_eq!(
        files
            .create_group_file(file(one, first, "f4", 400), 3)
            .await
            .expect("full"),
        GroupFileCreate::GroupFull,
        "three files is the limit given"
    );
    assert_eq!(
        files
            .create_group_file(file(one, missing, "f5", 400), 3)
            .await
            .expect("no group"),
        GroupFileCreate::NoGroup
    );
    assert_eq!(
        files
            .create_group_file(file(two, first, "f6", 400), 3)
            .await
            .expect("other app"),
        GroupFileCreate::NoGroup,
        "a group id of another app names nothing"
    );
    assert!(matches!(
        files.create_group_file(file(one, second, "f1", 500), 3).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        files
            .create_group_file(file(one, second, "s1", 500), 3)
            .await
            .expect("second group"),
        GroupFileCreate::Created(_)
    ));
    assert!(
        files.group_file(one, first, "f4").await.expect("read").is_none(),
        "a refused file is not stored"
    );

    // Pages: newest first, offset and limit, the expiry cut, per group.
    let all = files
        .group_files(one, first, i64::MIN, 0, 1000)
        .await
        .expect("list");
    assert_eq!(ids(&all), ["f3", "f2", "f1"]);
    assert_eq!(all[2], file(one, first, "f1", 100));
    let page = files.group_files(one, first, i64::MIN, 1, 1).await.expect("page");
    assert_eq!(ids(&page), ["f2"]);
    assert!(
        files
            .group_files(one, first, i64::MIN, 3, 10)
            .await
            .expect("past the end")
            .is_empty()
    );
    let fresh = files.group_files(one, first, 200, 0, 10).await.expect("cut");
    assert_eq!(ids(&fresh), ["f3"], "only files created after the cut");
    assert_eq!(
        ids(&files
            .group_files(one, second, i64::MIN, 0, 10)
            .await
            .expect("second")),
        ["s1"]
    );
    assert!(
        files
            .group_files(two, first, i64::MIN, 0, 10)
            .await
            .expect("other app")
            .is_empty()
    );

    // Lookups are scoped to app and group.
    assert_eq!(
        files.group_file(one, first, "f2").await.expect("read"),
        Some(file(one, first, "f2", 200))
    );
    assert!(files.group_file(one, second, "f2").await.expect("read").is_none());
    assert!(files.group_file(two, first, "f2").await.expect("read").is_none());

    // Deleting: the file as it was, its bytes on the debris list; a second delete finds nothing.
    assert!(debris(files).await.is_empty());
    assert!(
        files
            .delete_group_file(one, second, "f2")
            .await
            .expect("wrong group")
            .is_none(),
        "a file is deleted through its own group only"
    );
    assert_eq!(
        files.delete_group_file(one, first, "f2").await.expect("delete"),
        Some(file(one, first, "f2", 200))
    );
    assert!(
        files
            .delete_group_file(one, first, "f2")
            .await
            .expect("again")
            .is_none()
    );
    assert_eq!(debris(files).await, [format!("{one}/share_files/f2")]);
    files
        .clear_group_file_debris(&[format!("{one}/share_files/f2")])
        .await
        .expect("clear");
    assert!(debris(files).await.is_empty());
    files.clear_group_file_debris(&[]).await.expect("clear none");
    assert!(matches!(
        files
            .create_group_file(file(one, first, "f4", 400), 3)
            .await
            .expect("room again"),
        GroupFileCreate::Created(_)
    ));

    // Expiry: the oldest go first, at most `limit`, across groups; their bytes are debris.
    assert_eq!(files.expire_group_files(350, 1).await.expect("expire"), 1);
    assert_eq!(debris(files).await, [format!("{one}/share_files/f1")]);
    assert_eq!(files.expire_group_files(350, 10).await.expect("expire"), 1);
    assert_eq!(
        ids(&files
            .group_files(one, first, i64::MIN, 0, 10)
            .await
            .expect("list")),
        ["f4"]
    );
    assert_eq!(files.expire_group_files(350, 10).await.expect("nothing left"), 0);
    let keys = debris(files).await;
    assert_eq!(
        keys,
        [format!("{one}/share_files/f1"), format!("{one}/share_files/f3")]
    );
    files.clear_group_file_debris(&keys).await.expect("clear");

    // Dissolving a group takes its files with it, and leaves their bytes on the list.
    assert!(groups.delete_group(one, first).await.expect("dissolve"));
    assert!(files.group_file(one, first, "f4").await.expect("read").is_none());
    assert_eq!(debris(files).await, [format!("{one}/share_files/f4")]);
    files
        .clear_group_file_debris(&[format!("{one}/share_files/f4")])
        .await
        .expect("clear");

    // Deleting the owner dissolves the groups it owns, files included.
    users
        .delete_user(one, &UserName::lookup("ann").expect("name"))
        .await
        .expect("delete owner")
        .expect("ann existed");
    assert!(groups.group(one, second).await.expect("read").is_none());
    assert_eq!(debris(files).await, [format!("{one}/share_files/s1")]);
}
