//! Group bans, announcements, block-, mute- and allowlists and member attributes over real HTTP
//! (groups-chatrooms G2–G3, G10–G11, M10–M23, A1–A4), and the Web SDK's calls on them with user tokens
//! (SDK-REST §3.7–§3.8): each success shape, each documented error row, the role rules, the code the SDK
//! reports for each refusal, and what the message pipeline's send check sees afterwards. Mute expiry is
//! tested by writing a deadline in the past through a second store handle: nothing sleeps.

use crate::easemob_error;
use crate::groups::{Fixture, ok, refused};
use natter_core::{GroupId, UserName};
use natter_store::{GroupSendRefusal, GroupStore, MuteUntil, UserStore};
use reqwest::Method;
use serde_json::{Value, json};

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

/// ann owns a private group; bob is its admin; cat and dan are members; eve and fay are not.
async fn setup() -> (Fixture, String) {
    let fixture = Fixture::new(&["ann", "bob", "cat", "dan", "eve", "fay"]).await;
    let group = fixture
        .group(json!({"groupname": "g", "public": false, "owner": "ann", "members": ["bob", "cat", "dan"]}))
        .await;
    ok(fixture
        .app(
            Method::POST,
            &format!("/chatgroups/{group}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    (fixture, group)
}

/// What the message pipeline's one-query check says about `user` sending to `group` now.
async fn send_refusal(fixture: &Fixture, group: &str, user: &str) -> Option<GroupSendRefusal> {
    fixture
        .store
        .group_send_check(
            fixture.server.app.id,
            GroupId::parse(group).expect("id"),
            &UserName::lookup(user).expect("name"),
            now_ms(),
        )
        .await
        .expect("send check")
        .refusal()
}

/// The row id of `user`, for writing through the store.
async fn user_id(fixture: &Fixture, user: &str) -> i64 {
    fixture
        .store
        .user_by_name(fixture.server.app.id, &UserName::lookup(user).expect("name"))
        .await
        .expect("lookup")
        .expect("user")
        .id
}

/// The SDK's `isInGroupMutelist` with `user`'s own token: `data`.
async fn is_muted(fixture: &Fixture, group: &str, user: &str) -> Value {
    ok(fixture
        .as_user(
            user,
            Method::GET,
            &format!("/sdk/chatgroups/{group}/mute/{user}?version=v3"),
            None,
        )
        .await)
    .await["data"]
        .clone()
}

fn not_members(users: &str) -> String {
    format!("users [{users}] are not members of this group!")
}

#[tokio::test]
async fn disabling_a_group_makes_it_read_only_until_enabled() {
    let (fx, group) = setup().await;
    let reply = ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/disable"), None)
        .await)
    .await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["data"], json!({"disabled": true}));
    assert_eq!(reply["entities"], json!([]));
    assert_eq!(reply["properties"], json!({}));
    assert!(reply["uri"].as_str().is_some_and(|uri| uri.ends_with("/disable")));
    assert_eq!(fx.details(&group).await["disabled"], true);
    assert_eq!(
        send_refusal(&fx, &group, "cat").await,
        Some(GroupSendRefusal::Disabled)
    );

    // The owner manages nothing while disabled (the SDK's 608), but reads.
    let disabled = "can not operate this group, reason: group is disabled";
    refused(
        fx.as_user(
            "ann",
            Method::PUT,
            &format!("/chatgroups/{group}"),
            Some(json!({"groupname": "renamed"})),
        )
        .await,
        403,
        "forbidden_op",
        disabled,
        608,
    )
    .await;
    refused(
        fx.as_user(
            "ann",
            Method::POST,
            &format!("/chatgroups/{group}/announcement"),
            Some(json!({"announcement": "hi"})),
        )
        .await,
        403,
        "forbidden_op",
        disabled,
        608,
    )
    .await;
    refused(
        fx.as_user("bob", Method::POST, &format!("/chatgroups/{group}/ban"), None)
            .await,
        403,
        "forbidden_op",
        disabled,
        608,
    )
    .await;
    ok(fx
        .as_user("cat", Method::GET, &format!("/chatgroups/{group}"), None)
        .await)
    .await;
    ok(fx
        .as_user(
            "cat",
            Method::GET,
            &format!("/chatgroups/{group}/announcement"),
            None,
        )
        .await)
    .await;
    // The app token still manages.
    ok(fx
        .app(
            Method::PUT,
            &format!("/chatgroups/{group}"),
            Some(json!({"description": "by the app"})),
        )
        .await)
    .await;

    // Banning is the app's: a user token is not an app token.
    easemob_error(
        fx.send(
            Method::POST,
            &format!("/chatgroups/{group}/enable"),
            &fx.user_token("ann"),
            None,
        )
        .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;

    let reply = ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/enable"), None)
        .await)
    .await;
    assert_eq!(reply["data"], json!({"disabled": false}));
    assert_eq!(fx.details(&group).await["disabled"], false);
    assert_eq!(send_refusal(&fx, &group, "cat").await, None);
    ok(fx
        .as_user(
            "ann",
            Method::PUT,
            &format!("/chatgroups/{group}"),
            Some(json!({"groupname": "renamed"})),
        )
        .await)
    .await;

    for path in ["disable", "enable"] {
        refused(
            fx.app(Method::POST, &format!("/chatgroups/999/{path}"), None)
                .await,
            404,
            "resource_not_found",
            "grpID 999 does not exist!",
            605,
        )
        .await;
    }
}

#[tokio::test]
async fn announcements_are_read_by_members_and_set_by_managers() {
    let (fx, group) = setup().await;
    let path = format!("/chatgroups/{group}/announcement");
    let reply = ok(fx.app(Method::GET, &path, None).await).await;
    assert_eq!(reply["data"], json!({"announcement": ""}));
    assert_eq!(reply["action"], "get");

    let reply = ok(fx
        .app(Method::POST, &path, Some(json!({"announcement": "群公告 v1"})))
        .await)
    .await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["data"], json!({"id": group, "result": true}));
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"]["announcement"],
        "群公告 v1"
    );

    // The SDK's calls: an admin sets (with `version=v3&resource=…`), a member reads, nobody else.
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=webim_1&version=v3"),
            Some(json!({"announcement": "by bob"})),
        )
        .await)
    .await;
    let read = ok(fx
        .as_user("cat", Method::GET, &format!("{path}?version=v3"), None)
        .await)
    .await;
    assert_eq!(read["data"], json!({"announcement": "by bob"}));
    refused(
        fx.as_user(
            "cat",
            Method::POST,
            &path,
            Some(json!({"announcement": "by cat"})),
        )
        .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fx.as_user("eve", Method::GET, &path, None).await,
        403,
        "forbidden_op",
        &not_members("eve"),
        602,
    )
    .await;
    // A public group's announcement is anyone's to read.
    let public = fx
        .group(json!({"groupname": "open", "public": true, "owner": "ann"}))
        .await;
    ok(fx
        .as_user(
            "eve",
            Method::GET,
            &format!("/chatgroups/{public}/announcement"),
            None,
        )
        .await)
    .await;

    // The documented refusals (G11).
    for body in [json!({}), json!({"announcement": null})] {
        refused(
            fx.app(Method::POST, &path, Some(body)).await,
            400,
            "illegal_argument",
            "announcement is null",
            17,
        )
        .await;
    }
    refused(
        fx.app(
            Method::POST,
            &path,
            Some(json!({"announcement": "a".repeat(513)})),
        )
        .await,
        403,
        "FORBIDDEN",
        "announce info length exceeds limit!",
        603,
    )
    .await;
    ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"announcement": "公".repeat(512)})),
        )
        .await)
    .await;
    refused(
        fx.app(
            Method::POST,
            "/chatgroups/999/announcement",
            Some(json!({"announcement": "x"})),
        )
        .await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;
    refused(
        fx.app(Method::GET, "/chatgroups/999/announcement", None).await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;
}

#[tokio::test]
async fn the_blocklist_takes_members_out_until_they_are_unblocked() {
    let (fx, group) = setup().await;
    fx.create_users(&["gil", "hal"]).await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatgroups/{group}/users"),
            Some(json!({"usernames": ["gil", "hal"]})),
        )
        .await)
    .await;
    let base = format!("/chatgroups/{group}/blocks/users");

    // M11: one member; it is out of the group at once.
    let reply = ok(fx.app(Method::POST, &format!("{base}/cat"), None).await).await;
    assert_eq!(reply["action"], "post");
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "add_blocks", "user": "cat", "groupid": group})
    );
    assert!(!fx.members(&group).await.iter().any(|(_, user)| user == "cat"));
    assert_eq!(
        send_refusal(&fx, &group, "cat").await,
        Some(GroupSendRefusal::NotMember)
    );
    let list = ok(fx.app(Method::GET, &base, None).await).await;
    assert_eq!(
        (list["data"].clone(), list["count"].clone()),
        (json!(["cat"]), json!(1))
    );

    // Blocked: not added back, by the app or by applying, until unblocked.
    refused(
        fx.app(Method::POST, &format!("/chatgroups/{group}/users/cat"), None)
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fx.app(
            Method::POST,
            &format!("/chatgroups/{group}/users"),
            Some(json!({"usernames": ["fay", "cat"]})),
        )
        .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    assert!(
        !fx.members(&group).await.iter().any(|(_, user)| user == "fay"),
        "a refused batch adds nobody"
    );

    // M11 refusals: not a member, the owner, no group.
    refused(
        fx.app(Method::POST, &format!("{base}/eve"), None).await,
        403,
        "forbidden_op",
        &not_members("eve"),
        602,
    )
    .await;
    refused(
        fx.app(Method::POST, &format!("{base}/ann"), None).await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    refused(
        fx.app(Method::POST, "/chatgroups/999/blocks/users/dan", None)
            .await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;

    // `version=v3` (easemob-websdk 4.21.1's blockGroupMember): `data` is an array.
    let reply = ok(fx
        .app(Method::POST, &format!("{base}/dan?version=v3"), None)
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "action": "add_blocks", "user": "dan", "groupid": group}])
    );

    // M12: per-user results; refused only when it applies to nobody.
    let reply = ok(fx
        .app(
            Method::POST,
            &base,
            Some(json!({"usernames": ["gil", "eve", "ann"]})),
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([
            {"result": true, "action": "add_blocks", "user": "gil", "groupid": group},
            {"result": false, "action": "add_blocks", "user": "eve", "groupid": group,
             "reason": format!("user: eve doesn't exist in group: {group}")},
            {"result": false, "action": "add_blocks", "user": "ann", "groupid": group,
             "reason": "forbidden operation on group owner!"},
        ])
    );
    refused(
        fx.app(Method::POST, &base, Some(json!({"usernames": ["eve", "fay"]})))
            .await,
        403,
        "forbidden_op",
        &not_members("eve, fay"),
        602,
    )
    .await;
    let many: Vec<String> = (0..101).map(|index| format!("u{index}")).collect();
    refused(
        fx.app(Method::POST, &base, Some(json!({"usernames": many})))
            .await,
        400,
        "invalid_parameter",
        "userNames is more than max limit : 100",
        17,
    )
    .await;
    refused(
        fx.app(
            Method::POST,
            "/chatgroups/999/blocks/users",
            Some(json!({"usernames": ["hal"]})),
        )
        .await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;
    assert_eq!(
        ok(fx.app(Method::GET, &base, None).await).await["data"],
        json!(["cat", "dan", "gil"])
    );

    // M13: one user (an object; an array with `version=v3`); then it may join again.
    let reply = ok(fx.app(Method::DELETE, &format!("{base}/cat"), None).await).await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "remove_blocks", "user": "cat", "groupid": group})
    );
    ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/users/cat"), None)
        .await)
    .await;
    let reply = ok(fx
        .app(Method::DELETE, &format!("{base}/dan?version=v3"), None)
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "action": "remove_blocks", "user": "dan", "groupid": group}])
    );
    refused(
        fx.app(Method::DELETE, &format!("{base}/eve"), None).await,
        403,
        "forbidden_op",
        &not_members("eve"),
        602,
    )
    .await;

    // M14: several (`%2C` as the docs write it), per-user results; at most 60.
    let reply = ok(fx.app(Method::DELETE, &format!("{base}/gil%2Ceve"), None).await).await;
    assert_eq!(
        reply["data"],
        json!([
            {"result": true, "action": "remove_blocks", "user": "gil", "groupid": group},
            {"result": false, "action": "remove_blocks", "user": "eve", "groupid": group,
             "reason": format!("user: eve doesn't exist in blacklist of group: {group}")},
        ])
    );
    let many: Vec<String> = (0..61).map(|index| format!("u{index}")).collect();
    refused(
        fx.app(Method::DELETE, &format!("{base}/{}", many.join(",")), None)
            .await,
        400,
        "invalid_parameter",
        "removeBlacklist: list size more than max limit : 60",
        17,
    )
    .await;
    refused(
        fx.app(Method::DELETE, "/chatgroups/999/blocks/users/a,b", None)
            .await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;
    refused(
        fx.app(Method::GET, "/chatgroups/999/blocks/users", None).await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;

    // User tokens: owner and admins; an admin blocks plain members only.
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{base}/hal?resource=webim_1&version=v3"),
            None,
        )
        .await)
    .await;
    ok(fx
        .as_user("bob", Method::GET, &format!("{base}?version=v3"), None)
        .await)
    .await;
    refused(
        fx.as_user("cat", Method::POST, &format!("{base}/dan"), None)
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fx.as_user("cat", Method::GET, &base, None).await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fx.as_user("eve", Method::GET, &base, None).await,
        403,
        "forbidden_op",
        &not_members("eve"),
        602,
    )
    .await;
    ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/users/dan"), None)
        .await)
    .await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatgroups/{group}/admin"),
            Some(json!({"newadmin": "dan"})),
        )
        .await)
    .await;
    refused(
        fx.as_user("bob", Method::POST, &format!("{base}/dan"), None)
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    ok(fx
        .as_user("ann", Method::POST, &format!("{base}/dan"), None)
        .await)
    .await;
    assert_eq!(
        ok(fx
            .app(Method::GET, &format!("/chatgroups/{group}/admin"), None)
            .await)
        .await["data"],
        json!(["bob"]),
        "a blocked admin is out, role and all"
    );
    ok(fx
        .as_user("bob", Method::DELETE, &format!("{base}/hal,dan"), None)
        .await)
    .await;

    // A blocked user cannot apply to a public group either.
    let public = fx
        .group(json!({"groupname": "open", "public": true, "owner": "ann", "members": ["fay"]}))
        .await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatgroups/{public}/blocks/users/fay"),
            None,
        )
        .await)
    .await;
    refused(
        fx.as_user(
            "fay",
            Method::POST,
            &format!("/chatgroups/{public}/apply"),
            Some(json!({"message": "let me back"})),
        )
        .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
}

#[tokio::test]
async fn mutes_expire_by_themselves_and_outlive_membership() {
    let (fx, group) = setup().await;
    let path = format!("/chatgroups/{group}/mute");
    let before = now_ms();
    let reply = ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["cat"], "mute_duration": 60_000})),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "post");
    let expire = reply["data"][0]["expire"].as_i64().expect("expire");
    assert!((before + 60_000..=now_ms() + 60_000).contains(&expire), "{reply}");
    assert_eq!(
        reply["data"],
        json!([{"result": true, "expire": expire, "user": "cat"}])
    );
    let reply = ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["Dan"], "mute_duration": -1})),
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "expire": -1, "user": "dan"}])
    );
    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_eq!(
        list["data"],
        json!([{"expire": expire, "user": "cat"}, {"expire": -1, "user": "dan"}])
    );
    assert_eq!(
        send_refusal(&fx, &group, "cat").await,
        Some(GroupSendRefusal::Muted)
    );

    // Cat's deadline passes (written through the store: no sleeping): the mute is gone by itself.
    let id = GroupId::parse(&group).expect("id");
    let cat = user_id(&fx, "cat").await;
    fx.store
        .set_group_mutes(fx.server.app.id, id, &[cat], Some(MuteUntil::At(now_ms() - 1)))
        .await
        .expect("expire");
    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_eq!(list["data"], json!([{"expire": -1, "user": "dan"}]));
    assert_eq!(send_refusal(&fx, &group, "cat").await, None);

    // The SDK's `isInGroupMutelist`, with the user's own token.
    assert_eq!(is_muted(&fx, &group, "dan").await, json!(true));
    assert_eq!(is_muted(&fx, &group, "cat").await, json!(false));
    let response = fx
        .as_user(
            "cat",
            Method::GET,
            &format!("/sdk/chatgroups/{group}/mute/dan"),
            None,
        )
        .await;
    assert_eq!(response.status().as_u16(), 401, "only for oneself");

    // Leaving and joining again keeps the mute (§1.5).
    ok(fx
        .app(Method::DELETE, &format!("/chatgroups/{group}/users/dan"), None)
        .await)
    .await;
    ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/users/dan"), None)
        .await)
    .await;
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([{"expire": -1, "user": "dan"}])
    );

    // `mute_duration: 0` lifts; so does M17.
    let reply = ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["dan"], "mute_duration": 0})),
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "expire": 0, "user": "dan"}])
    );
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([])
    );
    ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["cat", "dan"], "mute_duration": "-1"})),
        )
        .await)
    .await;
    let reply = ok(fx.app(Method::DELETE, &format!("{path}/cat"), None).await).await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(reply["data"], json!([{"result": true, "user": "cat"}]));
    let reply = ok(fx.app(Method::DELETE, &format!("{path}/dan,ghost"), None).await).await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "user": "dan"}, {"result": false, "user": "ghost"}])
    );
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([])
    );

    // The documented refusals (M16, M17, M15).
    let many: Vec<String> = (0..101).map(|index| format!("u{index}")).collect();
    refused(
        fx.app(
            Method::POST,
            &path,
            Some(json!({"usernames": many, "mute_duration": 1000})),
        )
        .await,
        400,
        "invalid_parameter",
        "userNames size is more than max limit : 100",
        17,
    )
    .await;
    refused(
        fx.app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["cat", "eve"], "mute_duration": 1000})),
        )
        .await,
        403,
        "forbidden_op",
        &not_members("eve"),
        602,
    )
    .await;
    refused(
        fx.app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["ann"], "mute_duration": 1000})),
        )
        .await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    refused(
        fx.app(Method::POST, &path, Some(json!({"usernames": ["cat"]})))
            .await,
        400,
        "invalid_parameter",
        "mute_duration must be provided",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["cat"], "mute_duration": -5})),
        )
        .await;
    assert_eq!(response.status().as_u16(), 400);
    let many: Vec<String> = (0..61).map(|index| format!("u{index}")).collect();
    refused(
        fx.app(Method::DELETE, &format!("{path}/{}", many.join(",")), None)
            .await,
        400,
        "invalid_parameter",
        "removeMute member size more than max limit : 60",
        17,
    )
    .await;
    for (method, target) in [
        (Method::GET, "/chatgroups/999/mute"),
        (Method::DELETE, "/chatgroups/999/mute/cat"),
    ] {
        refused(
            fx.app(method, target, None).await,
            404,
            "resource_not_found",
            "grpID 999 does not exist!",
            605,
        )
        .await;
    }
    refused(
        fx.app(
            Method::POST,
            "/chatgroups/999/mute",
            Some(json!({"usernames": ["cat"], "mute_duration": 1000})),
        )
        .await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;

    // User tokens (the SDK's muteGroupMember / unmuteGroupMember / getGroupMuteList).
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=webim_1&version=v3"),
            Some(json!({"usernames": ["cat"], "mute_duration": 86_400_000})),
        )
        .await)
    .await;
    ok(fx
        .as_user("bob", Method::GET, &format!("{path}?version=v3"), None)
        .await)
    .await;
    refused(
        fx.as_user(
            "cat",
            Method::POST,
            &path,
            Some(json!({"usernames": ["dan"], "mute_duration": 1000})),
        )
        .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fx.as_user("cat", Method::GET, &path, None).await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fx.as_user(
            "bob",
            Method::POST,
            &path,
            Some(json!({"usernames": ["ann"], "mute_duration": 1000})),
        )
        .await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    // An admin is the owner's to mute, not another admin's.
    ok(fx
        .app(
            Method::POST,
            &format!("/chatgroups/{group}/admin"),
            Some(json!({"newadmin": "dan"})),
        )
        .await)
    .await;
    refused(
        fx.as_user(
            "bob",
            Method::POST,
            &path,
            Some(json!({"usernames": ["dan"], "mute_duration": 1000})),
        )
        .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    ok(fx
        .as_user(
            "ann",
            Method::POST,
            &path,
            Some(json!({"usernames": ["dan"], "mute_duration": 1000})),
        )
        .await)
    .await;
    assert_eq!(
        send_refusal(&fx, &group, "dan").await,
        Some(GroupSendRefusal::Muted),
        "a muted admin does not send"
    );
    ok(fx
        .as_user(
            "bob",
            Method::DELETE,
            &format!("{path}/cat?resource=webim_1&version=v3"),
            None,
        )
        .await)
    .await;
    assert_eq!(send_refusal(&fx, &group, "cat").await, None);
}

#[tokio::test]
async fn mute_all_leaves_the_owner_admins_and_allowlist_speaking() {
    let (fx, group) = setup().await;
    let path = format!("/chatgroups/{group}/ban");
    let reply = ok(fx.app(Method::POST, &path, None).await).await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["data"], json!({"mute": true}));
    assert_eq!(reply["entities"], json!([]));
    assert_eq!(fx.details(&group).await["mute"], true);
    ok(fx
        .app(
            Method::POST,
            &format!("/chatgroups/{group}/white/users/dan"),
            None,
        )
        .await)
    .await;
    assert_eq!(
        send_refusal(&fx, &group, "cat").await,
        Some(GroupSendRefusal::MuteAll)
    );
    assert_eq!(send_refusal(&fx, &group, "ann").await, None);
    assert_eq!(send_refusal(&fx, &group, "bob").await, None);
    assert_eq!(send_refusal(&fx, &group, "dan").await, None);
    assert_eq!(
        ok(fx
            .app(Method::GET, &format!("/chatgroups/{group}/mute"), None)
            .await)
        .await["data"],
        json!([]),
        "mute-all leaves the mute list alone"
    );

    let reply = ok(fx.app(Method::DELETE, &path, None).await).await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(reply["data"], json!({"mute": false}));
    assert_eq!(fx.details(&group).await["mute"], false);
    assert_eq!(send_refusal(&fx, &group, "cat").await, None);

    // The SDK's disableSendGroupMsg / enableSendGroupMsg: owner and admins.
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=webim_1&version=v3"),
            None,
        )
        .await)
    .await;
    ok(fx
        .as_user(
            "ann",
            Method::DELETE,
            &format!("{path}?resource=webim_1&version=v3"),
            None,
        )
        .await)
    .await;
    refused(
        fx.as_user("cat", Method::POST, &path, None).await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    for method in [Method::POST, Method::DELETE] {
        refused(
            fx.app(method, "/chatgroups/999/ban", None).await,
            404,
            "resource_not_found",
            "grpID 999 does not exist!",
            605,
        )
        .await;
    }
}

#[tokio::test]
async fn the_allowlist_holds_members_only() {
    let (fx, group) = setup().await;
    let base = format!("/chatgroups/{group}/white/users");

    // M21: one member (an object; an array with `version=v3`).
    let reply = ok(fx.app(Method::POST, &format!("{base}/cat"), None).await).await;
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "add_user_whitelist", "user": "cat", "groupid": group})
    );
    let reply = ok(fx
        .app(Method::POST, &format!("{base}/cat?version=v3"), None)
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "action": "add_user_whitelist", "user": "cat", "groupid": group}]),
        "already on it is still a success"
    );
    refused(
        fx.app(Method::POST, &format!("{base}/eve"), None).await,
        403,
        "forbidden_op",
        &not_members("eve"),
        602,
    )
    .await;

    // M22: per-user results; at most 100.
    let reply = ok(fx
        .app(Method::POST, &base, Some(json!({"usernames": ["dan", "eve"]})))
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([
            {"result": true, "action": "add_user_whitelist", "user": "dan", "groupid": group},
            {"result": false, "action": "add_user_whitelist", "user": "eve", "groupid": group,
             "reason": format!("user: eve doesn't exist in group: {group}")},
        ])
    );
    refused(
        fx.app(Method::POST, &base, Some(json!({"usernames": ["eve"]})))
            .await,
        403,
        "forbidden_op",
        &not_members("eve"),
        602,
    )
    .await;
    let many: Vec<String> = (0..101).map(|index| format!("u{index}")).collect();
    refused(
        fx.app(Method::POST, &base, Some(json!({"usernames": many})))
            .await,
        400,
        "invalid_parameter",
        "usernames size is more than max limit : 100",
        17,
    )
    .await;

    // M20.
    let list = ok(fx.app(Method::GET, &base, None).await).await;
    assert_eq!(
        (list["data"].clone(), list["count"].clone()),
        (json!(["cat", "dan"]), json!(2))
    );

    // The SDK's isInGroupAllowlist: oneself, or the owner and admins about anyone.
    let reply = ok(fx
        .as_user("dan", Method::GET, &format!("{base}/dan?version=v3"), None)
        .await)
    .await;
    assert_eq!(reply["data"], json!({"member": "dan", "white": true}));
    let reply = ok(fx.as_user("bob", Method::GET, &format!("{base}/fay"), None).await).await;
    assert_eq!(reply["data"], json!({"member": "fay", "white": false}));
    refused(
        fx.as_user("cat", Method::GET, &format!("{base}/dan"), None).await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;

    // M23: several, per-user results; nobody on the list is the 403; at most 60.
    let reply = ok(fx.app(Method::DELETE, &format!("{base}/cat,eve"), None).await).await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(
        reply["data"],
        json!([
            {"result": true, "action": "remove_user_whitelist", "user": "cat", "groupid": group},
            {"result": false, "action": "remove_user_whitelist", "user": "eve", "groupid": group,
             "reason": format!("user: eve doesn't exist in whitelist of group: {group}")},
        ])
    );
    refused(
        fx.app(Method::DELETE, &format!("{base}/cat"), None).await,
        403,
        "forbidden_op",
        &not_members("cat"),
        602,
    )
    .await;
    let many: Vec<String> = (0..61).map(|index| format!("u{index}")).collect();
    refused(
        fx.app(Method::DELETE, &format!("{base}/{}", many.join(",")), None)
            .await,
        400,
        "invalid_parameter",
        "removeWhitelist size is more than max limit : 60",
        17,
    )
    .await;

    // Leaving the group takes a user off the allowlist.
    ok(fx
        .app(Method::DELETE, &format!("/chatgroups/{group}/users/dan"), None)
        .await)
    .await;
    assert_eq!(
        ok(fx.app(Method::GET, &base, None).await).await["data"],
        json!([])
    );

    // User tokens (addUsersToGroupAllowlist / removeGroupAllowlistMember / getGroupAllowlist).
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{base}?resource=webim_1&version=v3"),
            Some(json!({"usernames": ["cat"]})),
        )
        .await)
    .await;
    let reply = ok(fx
        .as_user(
            "bob",
            Method::DELETE,
            &format!("{base}/cat?resource=webim_1&version=v3"),
            None,
        )
        .await)
    .await;
    assert!(reply["data"].is_array(), "the SDK reads data[0]: {reply}");
    refused(
        fx.as_user("cat", Method::POST, &format!("{base}/cat"), None)
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fx.as_user("cat", Method::GET, &base, None).await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;

    for (method, target) in [
        (Method::GET, "/chatgroups/999/white/users".to_string()),
        (Method::POST, "/chatgroups/999/white/users/cat".to_string()),
        (Method::DELETE, "/chatgroups/999/white/users/cat".to_string()),
    ] {
        refused(
            fx.app(method, &target, None).await,
            404,
            "resource_not_found",
            "grpID 999 does not exist!",
            605,
        )
        .await;
    }
    refused(
        fx.app(
            Method::POST,
            "/chatgroups/999/white/users",
            Some(json!({"usernames": ["cat"]})),
        )
        .await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;
}

/// Asserts the reduced metadata envelope (`{timestamp, data, duration}` and nothing else) and returns `data`.
async fn metadata(response: reqwest::Response) -> Value {
    let body = ok(response).await;
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 3, "{body}");
    body["data"].clone()
}

#[tokio::test]
async fn member_attributes_have_their_limits_and_owners() {
    let (fx, group) = setup().await;
    let cat = format!("/metadata/chatgroup/{group}/user/cat");

    // A1 and A3.
    let data = metadata(
        fx.app(
            Method::PUT,
            &cat,
            Some(json!({"metaData": {"nickname": "Cat", "role": "dev"}})),
        )
        .await,
    )
    .await;
    assert_eq!(data, json!({"nickname": "Cat", "role": "dev"}));
    assert_eq!(
        metadata(fx.app(Method::GET, &cat, None).await).await,
        json!({"nickname": "Cat", "role": "dev"})
    );
    // An empty value deletes its key.
    metadata(
        fx.app(Method::PUT, &cat, Some(json!({"metaData": {"role": ""}})))
            .await,
    )
    .await;
    assert_eq!(
        metadata(fx.app(Method::GET, &cat, None).await).await,
        json!({"nickname": "Cat"})
    );

    // The documented limits, and the codes the SDK reports for them.
    refused(
        fx.app(
            Method::PUT,
            &cat,
            Some(json!({"metaData": {"k".repeat(17): "v"}})),
        )
        .await,
        400,
        "metadata_error",
        "exceeds chatgroup user metadata single key limit",
        17,
    )
    .await;
    let body = refused(
        fx.app(
            Method::PUT,
            &cat,
            Some(json!({"metaData": {"k": "v".repeat(513)}})),
        )
        .await,
        400,
        "metadata_error",
        "exceeds chatgroup user metadata single value limit",
        50,
    )
    .await;
    assert_eq!(body["error_code"], 60010);
    let heavy: serde_json::Map<String, Value> = (0..8)
        .map(|index| (format!("key{index:02}"), json!("v".repeat(512))))
        .collect();
    let body = refused(
        fx.app(Method::PUT, &cat, Some(json!({"metaData": heavy}))).await,
        400,
        "metadata_error",
        "failed to set group member attributes (60005)",
        609,
    )
    .await;
    assert_eq!(body["error_code"], 60005);
    assert_eq!(
        metadata(fx.app(Method::GET, &cat, None).await).await,
        json!({"nickname": "Cat"}),
        "a refused set writes nothing"
    );
    refused(
        fx.app(
            Method::PUT,
            &format!("/metadata/chatgroup/{group}/user/eve"),
            Some(json!({"metaData": {"k": "v"}})),
        )
        .await,
        400,
        "metadata_error",
        "Some users are not in the group: eve",
        17,
    )
    .await;
    refused(
        fx.app(
            Method::PUT,
            "/metadata/chatgroup/999/user/cat",
            Some(json!({"metaData": {"k": "v"}})),
        )
        .await,
        404,
        "metadata_error",
        "group not exists",
        17,
    )
    .await;
    refused(
        fx.app(
            Method::GET,
            &format!("/metadata/chatgroup/{group}/user/eve"),
            None,
        )
        .await,
        404,
        "MetadataException",
        "user not in group",
        17,
    )
    .await;
    let response = fx.app(Method::PUT, &cat, Some(json!({"nickname": "x"}))).await;
    assert_eq!(response.status().as_u16(), 400, "metaData is required");

    // The SDK's setGroupMemberAttributes: one's own as a member, anyone's as owner or admin.
    let sdk_cat = format!("/sdk/metadata/chatgroup/{group}/user/cat?resource=webim_1&version=v3");
    metadata(
        fx.as_user(
            "cat",
            Method::PUT,
            &sdk_cat,
            Some(json!({"metaData": {"title": "mine"}})),
        )
        .await,
    )
    .await;
    metadata(
        fx.as_user(
            "bob",
            Method::PUT,
            &sdk_cat,
            Some(json!({"metaData": {"badge": "by admin"}})),
        )
        .await,
    )
    .await;
    let body = refused(
        fx.as_user(
            "dan",
            Method::PUT,
            &sdk_cat,
            Some(json!({"metaData": {"title": "not yours"}})),
        )
        .await,
        400,
        "metadata_error",
        "no permission to change group member attributes (60010)",
        52,
    )
    .await;
    assert_eq!(body["error_code"], 60010);
    refused(
        fx.as_user(
            "eve",
            Method::PUT,
            &format!("/sdk/metadata/chatgroup/{group}/user/eve"),
            Some(json!({"metaData": {"title": "outsider"}})),
        )
        .await,
        400,
        "metadata_error",
        "Some users are not in the group: eve",
        17,
    )
    .await;

    // A4 (and the SDK's getGroupMembersAttributes): by key, members only, at most 10.
    let get = format!("/metadata/chatgroup/{group}/get");
    let data = metadata(
        fx.app(
            Method::POST,
            &get,
            Some(json!({"targets": ["cat", "dan", "eve"], "properties": ["nickname", "title"]})),
        )
        .await,
    )
    .await;
    assert_eq!(
        data,
        json!({"cat": {"nickname": "Cat", "title": "mine"}, "dan": {}})
    );
    let data = metadata(
        fx.as_user(
            "dan",
            Method::POST,
            &format!("/sdk/metadata/chatgroup/{group}/get?version=v3"),
            Some(json!({"targets": ["cat"], "properties": []})),
        )
        .await,
    )
    .await;
    assert_eq!(
        data,
        json!({"cat": {"nickname": "Cat", "title": "mine", "badge": "by admin"}})
    );
    let many: Vec<String> = (0..11).map(|index| format!("u{index}")).collect();
    refused(
        fx.app(
            Method::POST,
            &get,
            Some(json!({"targets": many, "properties": []})),
        )
        .await,
        400,
        "metadata_error",
        "query param reaches limit.",
        17,
    )
    .await;
    refused(
        fx.as_user(
            "eve",
            Method::POST,
            &format!("/sdk/metadata/chatgroup/{group}/get"),
            Some(json!({"targets": ["cat"], "properties": []})),
        )
        .await,
        404,
        "MetadataException",
        "user not in group",
        17,
    )
    .await;

    // A2: up to 20 members, each on its own; every user must be a member.
    let batch = format!("/metadata/chatgroup/{group}/users/batch");
    let data = metadata(
        fx.app(
            Method::PUT,
            &batch,
            Some(json!([
                {"username": "cat", "metadata": {"nickname": "Kitty"}},
                {"username": "dan", "metadata": {"nickname": "Dan", "role": "ops"}},
            ])),
        )
        .await,
    )
    .await;
    let succeeded = json!([
        {"username": "cat", "metadata": {"nickname": "Kitty"}},
        {"username": "dan", "metadata": {"nickname": "Dan", "role": "ops"}},
    ]);
    assert_eq!(data["updateMetadataSucceeded"], succeeded);
    assert_eq!(
        data["updateMetadataSucceeded:"], succeeded,
        "the example's spelling too"
    );
    assert_eq!(data["updateMetadataFailed"], json!([]));
    assert_eq!(
        metadata(
            fx.app(
                Method::GET,
                &format!("/metadata/chatgroup/{group}/user/dan"),
                None
            )
            .await
        )
        .await,
        json!({"nickname": "Dan", "role": "ops"})
    );
    // A member over its 4 KB fails alone.
    let data = metadata(
        fx.app(
            Method::PUT,
            &batch,
            Some(json!([
                {"username": "cat", "metadata": heavy},
                {"username": "dan", "metadata": {"role": ""}},
            ])),
        )
        .await,
    )
    .await;
    assert_eq!(
        data["updateMetadataSucceeded"],
        json!([{"username": "dan", "metadata": {"role": ""}}])
    );
    assert_eq!(data["updateMetadataFailed"][0]["username"], "cat");
    assert_eq!(
        data["updateMetadataFailed"][0]["message"],
        "failed to set group member attributes (60005)"
    );
    refused(
        fx.app(
            Method::PUT,
            &batch,
            Some(json!([
                {"username": "cat", "metadata": {"a": "1"}},
                {"username": "user99", "metadata": {"a": "1"}},
            ])),
        )
        .await,
        400,
        "metadata_error",
        "Some users are not in the group: user99",
        17,
    )
    .await;
    let many: Vec<Value> = (0..21)
        .map(|index| json!({"username": format!("u{index}"), "metadata": {"a": "1"}}))
        .collect();
    refused(
        fx.app(Method::PUT, &batch, Some(Value::Array(many))).await,
        400,
        "metadata_error",
        "exceeds chatgroup metadata batch put users limit",
        17,
    )
    .await;
    refused(
        fx.app(
            Method::PUT,
            &batch,
            Some(json!([{"username": "cat", "metadata": {"k".repeat(17): "v"}}])),
        )
        .await,
        400,
        "metadata_error",
        "exceeds chatgroup user metadata single key limit",
        17,
    )
    .await;
    refused(
        fx.app(
            Method::PUT,
            "/metadata/chatgroup/999/users/batch",
            Some(json!([{"username": "cat", "metadata": {"a": "1"}}])),
        )
        .await,
        404,
        "metadata_error",
        "group not exists",
        17,
    )
    .await;

    // Attributes belong to the membership; a disabled group takes no changes from user tokens.
    ok(fx
        .app(Method::DELETE, &format!("/chatgroups/{group}/users/cat"), None)
        .await)
    .await;
    ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/users/cat"), None)
        .await)
    .await;
    assert_eq!(metadata(fx.app(Method::GET, &cat, None).await).await, json!({}));
    ok(fx
        .app(Method::POST, &format!("/chatgroups/{group}/disable"), None)
        .await)
    .await;
    refused(
        fx.as_user(
            "cat",
            Method::PUT,
            &sdk_cat,
            Some(json!({"metaData": {"title": "again"}})),
        )
        .await,
        403,
        "forbidden_op",
        "can not operate this group, reason: group is disabled",
        608,
    )
    .await;
}
