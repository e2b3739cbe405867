//! Threads (子区, groups-chatrooms §4 T1–T9, and the SDK's thread calls of SDK-REST §3.9) over real HTTP:
//! each success shape and each error row Natter can produce.

use crate::easemob_error;
use crate::groups::{Fixture, ok};
use reqwest::Method;
use serde_json::{Value, json};

async fn setup() -> (Fixture, String, String) {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    let group = fixture
        .group(json!({"groupname": "g", "public": true, "owner": "alice", "members": ["bob", "carol"]}))
        .await;
    let message = group_message(&fixture, &group).await;
    (fixture, group, message)
}

async fn group_message(fixture: &Fixture, group: &str) -> String {
    let reply = ok(fixture
        .app(
            Method::POST,
            "/messages/chatgroups",
            Some(json!({"from": "alice", "to": [group], "type": "txt", "body": {"msg": "parent"}})),
        )
        .await)
    .await;
    reply["data"][group].as_str().expect("message id").to_string()
}

async fn create(fixture: &Fixture, group: &str, message: &str, owner: &str) -> String {
    let reply = ok(fixture
        .app(
            Method::POST,
            "/thread",
            Some(json!({"group_id": group, "name": "topic", "msg_id": message, "owner": owner})),
        )
        .await)
    .await;
    reply["data"]["thread_id"]
        .as_str()
        .expect("thread_id")
        .to_string()
}

fn ids(reply: &Value) -> Vec<String> {
    reply["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|entity| entity["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn creating_a_thread_and_its_envelope() {
    let (fixture, group, message) = setup().await;
    let reply = ok(fixture
        .app(
            Method::POST,
            "/thread",
            // The documented example sends the IDs as JSON numbers.
            Some(
                json!({"group_id": group.parse::<u64>().expect("n"), "name": "topic",
                        "msg_id": message.parse::<u64>().expect("n"), "owner": "bob"}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["applicationName"], "chat");
    assert_eq!(reply["organization"], "acme");
    assert!(
        reply.get("application").is_none() && reply.get("entities").is_none(),
        "{reply}"
    );
    assert!(reply["uri"].as_str().expect("uri").ends_with("/acme/chat/thread"));
    let thread = reply["data"]["thread_id"].as_str().expect("thread_id");
    assert!(thread.parse::<u64>().is_ok(), "numeric id {thread}");
    let detail = ok(fixture.app(Method::GET, &format!("/thread/{thread}"), None).await).await;
    assert_eq!(detail["data"]["owner"], "bob");
    assert_eq!(detail["data"]["msgId"], message.as_str());
    assert_eq!(detail["data"]["groupId"], group.as_str());
    assert_eq!(detail["data"]["name"], "topic");
    assert_eq!(detail["data"]["affiliations_count"], 1);
}

#[tokio::test]
async fn creation_refusals() {
    let (fixture, group, message) = setup().await;
    let post = |body: Value| fixture.app(Method::POST, "/thread", Some(body));
    let long = "x".repeat(65);
    easemob_error(
        post(json!({"group_id": group, "name": long, "msg_id": message, "owner": "alice"})).await,
        400,
        "group_error",
        "thread name limit reached.",
    )
    .await;
    for body in [
        json!({"name": "t", "msg_id": message, "owner": "alice"}),
        json!([1]),
        json!({"group_id": group, "name": "t", "owner": "alice"}),
    ] {
        easemob_error(
            post(body).await,
            400,
            "param_illegal",
            "Failed to read HTTP message",
        )
        .await;
    }
    easemob_error(
        post(json!({"group_id": "1234", "name": "t", "msg_id": message, "owner": "alice"})).await,
        404,
        "group_error",
        "group not found.",
    )
    .await;
    easemob_error(
        post(json!({"group_id": group, "name": "t", "msg_id": message, "owner": "dave"})).await,
        404,
        "group_error",
        "user not in group.",
    )
    .await;
    easemob_error(
        post(json!({"group_id": group, "name": "t", "msg_id": "42", "owner": "alice"})).await,
        404,
        "group_error",
        "msg not exist.",
    )
    .await;
    // A one-to-one message, and a message of another group.
    let chat = ok(fixture
        .app(
            Method::POST,
            "/messages/users",
            Some(json!({"from": "alice", "to": ["bob"], "type": "txt", "body": {"msg": "hi"}})),
        )
        .await)
    .await;
    let chat_message = chat["data"]["bob"].as_str().expect("id").to_string();
    easemob_error(
        post(json!({"group_id": group, "name": "t", "msg_id": chat_message, "owner": "alice"})).await,
        400,
        "group_error",
        "thread must on group message to create.",
    )
    .await;
    let other = fixture
        .group(json!({"groupname": "h", "public": true, "owner": "alice", "members": []}))
        .await;
    let other_message = group_message(&fixture, &other).await;
    easemob_error(
        post(json!({"group_id": group, "name": "t", "msg_id": other_message, "owner": "alice"})).await,
        400,
        "group_error",
        "msg not belong to group .",
    )
    .await;
    create(&fixture, &group, &message, "alice").await;
    easemob_error(
        post(json!({"group_id": group, "name": "t", "msg_id": message, "owner": "bob"})).await,
        403,
        "group_error",
        "msg already create thread.not allow to create.",
    )
    .await;
}

#[tokio::test]
async fn the_sdk_gets_the_coded_refusals() {
    let (fixture, group, message) = setup().await;
    let reply = ok(fixture
        .as_user(
            "bob",
            Method::POST,
            "/thread",
            Some(json!({"group_id": group, "name": "mine", "msg_id": message, "owner": "bob"})),
        )
        .await)
    .await;
    let thread = reply["data"]["thread_id"].as_str().expect("id").to_string();
    // Again: 403 with error_code 40003, which the Web SDK reports as 1301 THREAD_ALREADY_EXIST.
    let body = easemob_error(
        fixture
            .as_user(
                "bob",
                Method::POST,
                "/thread",
                Some(json!({"group_id": group, "name": "mine", "msg_id": message, "owner": "bob"})),
            )
            .await,
        403,
        "group_error",
        "thread already exists (40003)",
    )
    .await;
    assert_eq!(body["error_code"], 40003);
    // An unknown thread: 404 with error_code 40011, the SDK's 1300 THREAD_NOT_EXIST.
    let body = easemob_error(
        fixture.as_user("bob", Method::GET, "/thread/999", None).await,
        404,
        "resource_not_found",
        "thread not found (40011)",
    )
    .await;
    assert_eq!(body["error_code"], 40011);
    // Acting as another owner is the token error; a plain member may not rename alice's… own thread is fine.
    easemob_error(
        fixture
            .as_user(
                "carol",
                Method::POST,
                "/thread",
                Some(json!({"group_id": group, "name": "x", "msg_id": message, "owner": "bob"})),
            )
            .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let body = easemob_error(
        fixture
            .as_user(
                "carol",
                Method::PUT,
                &format!("/thread/{thread}"),
                Some(json!({"name": "no"})),
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
    )
    .await;
    assert_eq!(body["error_code"], 60002);
    // The group owner may rename a member's thread; join, detail, quit as the SDK calls them.
    ok(fixture
        .as_user(
            "alice",
            Method::PUT,
            &format!("/thread/{thread}"),
            Some(json!({"name": "renamed"})),
        )
        .await)
    .await;
    let joined = ok(fixture
        .as_user(
            "carol",
            Method::POST,
            &format!("/thread/{thread}/user/carol/join"),
            None,
        )
        .await)
    .await;
    assert_eq!(joined["data"]["detail"]["name"], "renamed");
    assert_eq!(joined["data"]["detail"]["affiliations_count"], 2);
    easemob_error(
        fixture
            .as_user(
                "dave",
                Method::POST,
                &format!("/thread/{thread}/user/dave/join"),
                None,
            )
            .await,
        404,
        "group_error",
        "user not in group.",
    )
    .await;
    let groups = ok(fixture
        .as_user(
            "carol",
            Method::GET,
            &format!("/threads/chatgroups/{group}?limit=20"),
            None,
        )
        .await)
    .await;
    assert_eq!(ids(&groups), vec![thread.clone()]);
    assert_eq!(groups["entities"][0]["msgId"], message.as_str());
    let quit = ok(fixture
        .as_user(
            "carol",
            Method::DELETE,
            &format!("/thread/{thread}/user/carol/quit"),
            None,
        )
        .await)
    .await;
    assert_eq!(quit["data"]["result"], true);
    let removed = ok(fixture
        .as_user(
            "bob",
            Method::DELETE,
            &format!("/thread/{thread}/users/alice"),
            None,
        )
        .await)
    .await;
    assert_eq!(removed["entities"], json!([{"result": false, "user": "alice"}]));
    ok(fixture
        .as_user("bob", Method::DELETE, &format!("/thread/{thread}"), None)
        .await)
    .await;
}

#[tokio::test]
async fn rename_and_delete() {
    let (fixture, group, message) = setup().await;
    let thread = create(&fixture, &group, &message, "alice").await;
    let reply = ok(fixture
        .app(
            Method::PUT,
            &format!("/thread/{thread}"),
            Some(json!({"name": "test4"})),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "put");
    assert_eq!(reply["data"], json!({"name": "test4"}));
    easemob_error(
        fixture
            .app(
                Method::PUT,
                &format!("/thread/{thread}"),
                Some(json!({"name": "y".repeat(65)})),
            )
            .await,
        400,
        "group_error",
        "thread name limit reached.",
    )
    .await;
    easemob_error(
        fixture
            .app(Method::PUT, "/thread/12345", Some(json!({"name": "z"})))
            .await,
        404,
        "group_error",
        "thread not found.",
    )
    .await;
    let reply = ok(fixture
        .app(Method::DELETE, &format!("/thread/{thread}"), None)
        .await)
    .await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(reply["data"], json!({"status": "ok"}));
    easemob_error(
        fixture
            .app(Method::DELETE, &format!("/thread/{thread}"), None)
            .await,
        404,
        "group_error",
        "thread not found.",
    )
    .await;
    // The message is free again.
    create(&fixture, &group, &message, "alice").await;
}

#[tokio::test]
async fn lists_page_with_cursors_and_sort() {
    let (fixture, group, first_message) = setup().await;
    let mut threads = vec![create(&fixture, &group, &first_message, "alice").await];
    for _ in 0..2 {
        let message = group_message(&fixture, &group).await;
        threads.push(create(&fixture, &group, &message, "bob").await);
    }
    let page = ok(fixture.app(Method::GET, "/thread?limit=2", None).await).await;
    assert_eq!(
        ids(&page),
        vec![threads[2].clone(), threads[1].clone()],
        "newest first"
    );
    let cursor = page["properties"]["cursor"].as_str().expect("cursor").to_string();
    let next = ok(fixture
        .app(Method::GET, &format!("/thread?limit=2&cursor={cursor}"), None)
        .await)
    .await;
    assert_eq!(ids(&next), vec![threads[0].clone()]);
    assert!(
        next["properties"]["cursor"].is_string(),
        "the last page still has a cursor"
    );
    let ascending = ok(fixture.app(Method::GET, "/thread?sort=asc", None).await).await;
    assert_eq!(ids(&ascending), threads);
    for limit in ["0", "51", "x"] {
        easemob_error(
            fixture
                .app(Method::GET, &format!("/thread?limit={limit}"), None)
                .await,
            400,
            "group_error",
            "query param reaches limit.",
        )
        .await;
    }
    // App token only for the app-wide list.
    easemob_error(
        fixture.as_user("alice", Method::GET, "/thread", None).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;

    // T5: a user's threads, by join time, with the documented entity.
    let mine = ok(fixture.app(Method::GET, "/threads/user/bob?limit=1", None).await).await;
    assert_eq!(ids(&mine), vec![threads[2].clone()]);
    let entity = &mine["entities"][0];
    assert_eq!(entity["owner"], "bob");
    assert_eq!(entity["groupId"], group.as_str());
    assert!(entity["msgId"].is_string() && entity["created"].is_i64() && entity["name"] == "topic");
    let cursor = mine["properties"]["cursor"].as_str().expect("cursor").to_string();
    let rest = ok(fixture
        .app(Method::GET, &format!("/threads/user/bob?cursor={cursor}"), None)
        .await)
    .await;
    assert_eq!(ids(&rest), vec![threads[1].clone()]);
    easemob_error(
        fixture.app(Method::GET, "/threads/user/bob?limit=60", None).await,
        400,
        "group_error",
        "query param reaches limit.",
    )
    .await;
    // T6: in one group; another group has none.
    let in_group = ok(fixture
        .as_user(
            "alice",
            Method::GET,
            &format!("/threads/chatgroups/{group}/user/alice?sort=asc"),
            None,
        )
        .await)
    .await;
    assert_eq!(ids(&in_group), vec![threads[0].clone()]);
    let other = fixture
        .group(json!({"groupname": "h", "public": true, "owner": "alice", "members": []}))
        .await;
    let empty = ok(fixture
        .app(
            Method::GET,
            &format!("/threads/chatgroups/{other}/user/alice"),
            None,
        )
        .await)
    .await;
    assert_eq!(ids(&empty), Vec::<String>::new());
    easemob_error(
        fixture
            .app(
                Method::GET,
                &format!("/threads/chatgroups/{group}/user/alice?limit=0"),
                None,
            )
            .await,
        400,
        "group_error",
        "query param reaches limit.",
    )
    .await;
}

#[tokio::test]
async fn members_join_and_leave_in_batches() {
    let (fixture, group, message) = setup().await;
    let thread = create(&fixture, &group, &message, "alice").await;
    let reply = ok(fixture
        .app(
            Method::POST,
            &format!("/thread/{thread}/users"),
            Some(json!({"usernames": ["bob", "carol"]})),
        )
        .await)
    .await;
    assert_eq!(reply["data"], json!({"status": "ok"}));
    let members = ok(fixture
        .app(Method::GET, &format!("/thread/{thread}/users?limit=2"), None)
        .await)
    .await;
    assert_eq!(members["data"], json!({"affiliations": ["alice", "bob"]}));
    let cursor = members["properties"]["cursor"]
        .as_str()
        .expect("cursor")
        .to_string();
    let rest = ok(fixture
        .app(
            Method::GET,
            &format!("/thread/{thread}/users?cursor={cursor}"),
            None,
        )
        .await)
    .await;
    assert_eq!(rest["data"]["affiliations"], json!(["carol"]));
    easemob_error(
        fixture
            .app(Method::GET, &format!("/thread/{thread}/users?limit=51"), None)
            .await,
        400,
        "group_error",
        "query param reaches limit.",
    )
    .await;
    easemob_error(
        fixture.app(Method::GET, "/thread/777/users", None).await,
        404,
        "group_error",
        "thread not found.",
    )
    .await;
    let eleven: Vec<String> = (0..11).map(|index| format!("u{index}")).collect();
    for method in [Method::POST, Method::DELETE] {
        easemob_error(
            fixture
                .app(
                    method.clone(),
                    &format!("/thread/{thread}/users"),
                    Some(json!({"usernames": eleven})),
                )
                .await,
            400,
            "group_error",
            "request body reaches limit.",
        )
        .await;
        easemob_error(
            fixture
                .app(method, "/thread/777/users", Some(json!({"usernames": ["bob"]})))
                .await,
            404,
            "group_error",
            "thread not found.",
        )
        .await;
    }
    easemob_error(
        fixture
            .app(
                Method::POST,
                &format!("/thread/{thread}/users"),
                Some(json!({"usernames": ["dave"]})),
            )
            .await,
        404,
        "group_error",
        "user not in group.",
    )
    .await;
    let reply = ok(fixture
        .app(
            Method::DELETE,
            &format!("/thread/{thread}/users"),
            Some(json!({"usernames": ["bob", "dave"]})),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(
        reply["entities"],
        json!([{"result": true, "user": "bob"}, {"result": false, "user": "dave"}])
    );
    // Leaving the group leaves its threads.
    ok(fixture
        .app(Method::DELETE, &format!("/chatgroups/{group}/users/carol"), None)
        .await)
    .await;
    let members = ok(fixture
        .app(Method::GET, &format!("/thread/{thread}/users"), None)
        .await)
    .await;
    assert_eq!(members["data"]["affiliations"], json!(["alice"]));
    // Destroying the group destroys its threads.
    ok(fixture
        .app(Method::DELETE, &format!("/chatgroups/{group}"), None)
        .await)
    .await;
    easemob_error(
        fixture.app(Method::GET, &format!("/thread/{thread}"), None).await,
        404,
        "group_error",
        "thread not found.",
    )
    .await;
}
