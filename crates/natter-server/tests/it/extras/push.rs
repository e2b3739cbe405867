//! The Web SDK's batch do-not-disturb calls (SDK-REST §3.12): `getSilentModeForConversations` and
//! `getSilentModeRemindTypeConversations`, over the settings of §9.6.

use super::{Fixture, ok};
use crate::easemob_error;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn conversation_push_settings_are_read_in_batches_and_listed_by_mode() {
    let fx = Fixture::new().await;
    for (path, body) in [
        ("/users/alice/notification/user/bob", json!({"type": "NONE"})),
        ("/users/alice/notification/chatgroup/12", json!({"type": "AT"})),
        (
            "/users/alice/notification/user/carol",
            json!({"ignoreDuration": 3_600_000}),
        ),
        ("/users/alice/notification/user/alice", json!({"type": "AT"})),
    ] {
        ok(fx.as_user("alice", Method::PUT, path, Some(body)).await).await;
    }
    let reply = ok(fx
        .as_user(
            "alice",
            Method::GET,
            "/users/alice/notification?user=bob,alice,carol,dave&group=12,13",
            None,
        )
        .await)
    .await;
    let data = &reply["data"];
    assert_eq!(data["user"]["bob"]["type"], "NONE");
    assert_eq!(
        data["user"]["alice"]["type"], "AT",
        "the user itself is the app level"
    );
    assert_eq!(data["user"]["carol"]["type"], "DEFAULT");
    assert!(
        data["user"]["carol"]["ignoreDuration"]
            .as_i64()
            .is_some_and(|until| until > super::now_ms())
    );
    assert_eq!(data["user"]["dave"], json!({"type": "DEFAULT"}));
    assert_eq!(data["group"]["12"]["type"], "AT");
    assert_eq!(data["group"]["13"]["type"], "DEFAULT");

    // The remind-type list: conversations with a mode, the app level left out; offset cursor.
    let first = ok(fx
        .as_user(
            "alice",
            Method::GET,
            "/users/alice/notification/mute/type?limit=1&cursor=",
            None,
        )
        .await)
    .await;
    assert_eq!(first["data"], json!([{"user": "bob", "value": "NONE"}]));
    let cursor = first["cursor"].as_str().expect("a cursor");
    let second = ok(fx
        .as_user(
            "alice",
            Method::GET,
            &format!("/users/alice/notification/mute/type?limit=1&cursor={cursor}"),
            None,
        )
        .await)
    .await;
    assert_eq!(second["data"], json!([{"group": "12", "value": "AT"}]));
    assert!(second.get("cursor").is_none(), "{second}");
    let response = fx
        .as_user("bob", Method::GET, "/users/alice/notification/mute/type", None)
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let response = fx
        .as_user(
            "alice",
            Method::GET,
            "/users/alice/notification/mute/type?cursor=x",
            None,
        )
        .await;
    easemob_error(
        response,
        400,
        "IllegalArgumentException",
        "parameters is invalid : cursor",
    )
    .await;
}
