//! Chat rooms over real HTTP (groups-chatrooms §5–§7) and the Web SDK's room calls with user tokens
//! (SDK-REST §3.10): success shapes, every documented error row, the role rules, the limits kept as app
//! settings, mute expiry, and the codes the SDK derives from each refusal (ERRORS.md §2.2, re-implemented
//! in [`sdk_code`]). Users and settings are written through a second handle on the server's database.

use crate::{TestServer, easemob_error};
use natter_core::chatroom::{ChatRoomId, ChatRoomLimits};
use natter_core::{NewUser, UserName};
use natter_server::ServerConfig;
use natter_server::rate_limit::RateLimits;
use natter_server::token::{Claims, Subject};
use natter_store::{ChatRoomStore, MuteUntil, UserStore};
use natter_store_sqlite::SqliteStore;
use reqwest::{Method, Response};
use serde_json::{Value, json};

const USERS: [&str; 8] = ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal"];

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

struct Fixture {
    server: TestServer,
    store: SqliteStore,
    app_token: String,
}

impl Fixture {
    /// A server (rate limits off: some tests send a few hundred requests) whose app has [`USERS`].
    async fn new() -> Fixture {
        let config = ServerConfig {
            rate_limits: RateLimits {
                enabled: false,
                ..RateLimits::default()
            },
            ..ServerConfig::default()
        };
        let server = TestServer::start_with(config).await;
        let store = SqliteStore::open(&server._directory.path().join("natter.db"))
            .await
            .expect("second handle");
        let app_token = server.signer.issue(&Claims {
            app_id: server.app.id,
            subject: Subject::App,
            issued_ms: now_ms(),
            expires_ms: None,
        });
        let fixture = Fixture {
            server,
            store,
            app_token,
        };
        fixture.create_users(&USERS).await;
        fixture
    }

    async fn create_users(&self, names: &[&str]) {
        let users = names
            .iter()
            .map(|name| NewUser {
                username: UserName::lookup(name).expect("valid id"),
                uuid: format!("uuid-{name}"),
                password_hash: "not-a-hash".into(),
                nickname: None,
                created_ms: 1_700_000_000_000,
            })
            .collect();
        self.store
            .create_users(self.server.app.id, users)
            .await
            .expect("create users");
    }

    fn user_token(&self, name: &str) -> String {
        self.server.signer.issue(&Claims {
            app_id: self.server.app.id,
            subject: Subject::User(name.to_string()),
            issued_ms: now_ms(),
            expires_ms: None,
        })
    }

    async fn set_limits(&self, limits: ChatRoomLimits) {
        self.store
            .set_chatroom_limits(self.server.app.id, limits)
            .await
            .expect("limits");
    }

    fn url(&self, path: &str) -> String {
        self.server.url(&format!("/acme/chat{path}"))
    }

    async fn send(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Response {
        let mut request = self
            .server
            .http
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    async fn app(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.send(method, path, &self.app_token, body).await
    }

    async fn as_user(&self, user: &str, method: Method, path: &str, body: Option<Value>) -> Response {
        self.send(method, path, &self.user_token(user), body).await
    }

    /// Creates a room owned by `owner` with `members` and returns its id.
    async fn room(&self, owner: &str, members: &[&str]) -> String {
        let body = json!({"name": "lobby", "description": "a room", "owner": owner, "members": members});
        let reply = ok(self.app(Method::POST, "/chatrooms", Some(body)).await).await;
        reply["data"]["id"].as_str().expect("id").to_string()
    }

    async fn details(&self, room: &str) -> Value {
        ok(self.app(Method::GET, &format!("/chatrooms/{room}"), None).await).await["data"].clone()
    }

    /// The member list as `(key, user)` pairs.
    async fn members(&self, room: &str) -> Vec<(String, String)> {
        let reply = ok(self
            .app(Method::GET, &format!("/chatrooms/{room}/users"), None)
            .await)
        .await;
        pairs(&reply["data"])
    }
}

/// `[{key: user}]` as `(key, user)` pairs.
fn pairs(data: &Value) -> Vec<(String, String)> {
    data.as_array()
        .expect("array")
        .iter()
        .map(|item| {
            let (key, value) = item.as_object().expect("item").iter().next().expect("a key");
            (key.clone(), value.as_str().expect("user").to_string())
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(key, user)| (key.to_string(), user.to_string()))
        .collect()
}

/// Asserts a 200 JSON reply with the full envelope and returns its body.
async fn ok(response: Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status.as_u16(), 200, "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|ms| ms > 1_600_000_000_000),
        "{body}"
    );
    body
}

/// Asserts the full envelope of a room reply.
fn assert_envelope(body: &Value, action: &str) {
    assert_eq!(body["action"], action, "{body}");
    assert_eq!(body["organization"], "acme", "{body}");
    assert_eq!(body["applicationName"], "chat", "{body}");
    assert_eq!(
        body["application"], "8be024f0-e978-11e8-b697-5d598d5f8402",
        "{body}"
    );
    assert_eq!(body["entities"], json!([]), "{body}");
    assert!(body["duration"].is_i64(), "{body}");
    assert!(
        body["uri"]
            .as_str()
            .is_some_and(|uri| uri.contains("/acme/chat/")),
        "{body}"
    );
}

/// What the Web SDK's REST mapper `T()` reports for a refusal on a URL without `chatgroups`
/// (ERRORS.md §2.2), for the rules a room reply can meet.
fn sdk_code(status: u16, body: &Value) -> i64 {
    let description = body["error_description"].as_str().unwrap_or("");
    let code = body["error_code"].as_i64();
    match status {
        400 if code == Some(60011) => 702,
        400 if description.contains("are not members of this group") => 702,
        400 => 17,
        401 if matches!(code, Some(40001 | 60001)) || description == "Unable to authenticate (OAuth)" => 52,
        401 => 17,
        403 if matches!(code, Some(40000 | 60004 | 15002)) => 505,
        403 if matches!(code, Some(40005 | 40007 | 91002 | 91101)) => 50,
        403 if code == Some(60002) => 603,
        403 if description == "group member list is full!" => 704,
        403 if description.contains("are not members of this group") => 702,
        403 if description.contains("members size is greater than max user size !") => 607,
        403 => 603,
        404 if description.contains("do not find this group") || description.contains("does not exist") => {
            705
        }
        404 if description.contains("user not found")
            || (description.contains("username") && description.contains("doesn't exist!'")) =>
        {
            204
        }
        _ => 17,
    }
}

/// Asserts a refusal and the SDK code it makes; returns the body.
async fn refused(response: Response, status: u16, error: &str, description: &str, code: i64) -> Value {
    let body = easemob_error(response, status, error, description).await;
    assert_eq!(sdk_code(status, &body), code, "SDK code of {body}");
    body
}

/// The role refusal of a user token: 403 with `error_code` 60002, SDK 603 PERMISSION_DENIED.
async fn denied(response: Response) {
    let body = refused(response, 403, "forbidden_op", "permission denied (60002)", 603).await;
    assert_eq!(body["error_code"], 60002, "{body}");
}

// ---- Super admins

#[tokio::test]
async fn super_admins_are_added_listed_and_removed() {
    let fx = Fixture::new().await;
    let reply = ok(fx
        .app(
            Method::POST,
            "/chatrooms/super_admin",
            Some(json!({"superadmin": "ann"})),
        )
        .await)
    .await;
    assert_envelope(&reply, "post");
    assert_eq!(reply["data"], json!({"result": "success", "resource": ""}));
    for name in ["bob", "cat"] {
        ok(fx
            .app(
                Method::POST,
                "/chatrooms/super_admin",
                Some(json!({"superadmin": name})),
            )
            .await)
        .await;
    }

    let all = ok(fx.app(Method::GET, "/chatrooms/super_admin", None).await).await;
    assert_eq!(all["data"], json!(["ann", "bob", "cat"]));
    assert_eq!(all["count"], 3);
    let page = ok(fx
        .app(Method::GET, "/chatrooms/super_admin?pagesize=2&pagenum=2", None)
        .await)
    .await;
    assert_eq!(page["data"], json!(["cat"]));
    assert_eq!(page["params"], json!({"pagesize": ["2"], "pagenum": ["2"]}));

    let removed = ok(fx.app(Method::DELETE, "/chatrooms/super_admin/bob", None).await).await;
    assert_envelope(&removed, "delete");
    assert_eq!(removed["data"], json!({"newSuperAdmin": "bob", "resource": ""}));
    assert_eq!(
        ok(fx.app(Method::GET, "/chatrooms/super_admin", None).await).await["data"],
        json!(["ann", "cat"])
    );

    let missing = fx
        .app(
            Method::POST,
            "/chatrooms/super_admin",
            Some(json!({"superadmin": "zed"})),
        )
        .await;
    refused(
        missing,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let missing = fx.app(Method::DELETE, "/chatrooms/super_admin/zed", None).await;
    refused(
        missing,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let empty = fx
        .app(Method::POST, "/chatrooms/super_admin", Some(json!({})))
        .await;
    refused(empty, 400, "invalid_parameter", "superadmin must be provided", 17).await;
    // The super-admin list is the app's business: a user token is refused.
    let user = fx
        .as_user("ann", Method::GET, "/chatrooms/super_admin", None)
        .await;
    easemob_error(
        user,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
}

// ---- Create and details

#[tokio::test]
async fn a_room_is_created_and_described() {
    let fx = Fixture::new().await;
    let body = json!({"name": "testchatroom1", "description": "test", "maxusers": 200, "owner": "ann",
                      "members": ["bob", "cat", "bob", "ann"], "custom": "ext"});
    let reply = ok(fx.app(Method::POST, "/chatrooms", Some(body)).await).await;
    assert_envelope(&reply, "post");
    let id = reply["data"]["id"].as_str().expect("id").to_string();
    assert!(
        id.parse::<u64>().is_ok_and(|id| id > 1 << 40),
        "a time-ordered u64: {id}"
    );

    let single = ok(fx.app(Method::GET, &format!("/chatrooms/{id}"), None).await).await;
    assert_envelope(&single, "get");
    let data = &single["data"];
    assert_eq!(data["id"], id.as_str());
    assert_eq!(data["name"], "testchatroom1");
    assert_eq!(data["description"], "test");
    assert_eq!(data["maxusers"], 200);
    assert_eq!(data["owner"], "ann");
    assert_eq!(data["custom"], "ext");
    assert_eq!(
        data["affiliations_count"], 3,
        "the owner counts, repeats and the owner in `members` once"
    );
    assert_eq!(
        (data["membersonly"].clone(), data["allowinvites"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(
        (data["public"].clone(), data["mute"].clone()),
        (json!(true), json!(false))
    );
    assert!(
        data["created"]
            .as_i64()
            .is_some_and(|created| created > 1_600_000_000_000)
    );
    assert_eq!(
        pairs(&data["affiliations"]),
        owned(&[("owner", "ann"), ("member", "bob"), ("member", "cat")])
    );

    // Several ids (`,` or `%2C`): an array in the order asked.
    let other = fx.room("dan", &[]).await;
    for path in [
        format!("/chatrooms/{other},{id}"),
        format!("/chatrooms/{other}%2C{id}"),
    ] {
        let several = ok(fx.app(Method::GET, &path, None).await).await;
        let ids: Vec<&str> = several["data"]
            .as_array()
            .expect("array")
            .iter()
            .map(|room| room["id"].as_str().expect("id"))
            .collect();
        assert_eq!(ids, [other.as_str(), id.as_str()]);
    }
    // maxusers defaults to 1000.
    assert_eq!(fx.details(&other).await["maxusers"], 1000);

    let unknown = fx.app(Method::GET, "/chatrooms/999", None).await;
    refused(
        unknown,
        404,
        "service_resource_not_found",
        "do not find this group:999",
        705,
    )
    .await;
    let one_unknown = fx.app(Method::GET, &format!("/chatrooms/{id},998"), None).await;
    refused(
        one_unknown,
        404,
        "service_resource_not_found",
        "do not find this group:998",
        705,
    )
    .await;
    let malformed = fx.app(Method::GET, "/chatrooms/NOT-AN-ID", None).await;
    refused(
        malformed,
        404,
        "service_resource_not_found",
        "do not find this group:NOT-AN-ID",
        705,
    )
    .await;
    let too_many: Vec<String> = (0..101).map(|number| number.to_string()).collect();
    let response = fx
        .app(Method::GET, &format!("/chatrooms/{}", too_many.join(",")), None)
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "chatroom ids size is more than max limit : 100",
        17,
    )
    .await;
}

#[tokio::test]
async fn create_refuses_with_the_documented_rows() {
    let fx = Fixture::new().await;
    let base = json!({"name": "n", "description": "d", "owner": "ann"});
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = base.clone();
        body.as_object_mut().expect("object").remove(key);
        body
    };
    for field in ["name", "description", "owner"] {
        let response = fx.app(Method::POST, "/chatrooms", Some(without(field))).await;
        refused(
            response,
            400,
            "invalid_parameter",
            &format!("{field} must be provided"),
            17,
        )
        .await;
    }
    let response = fx
        .app(Method::POST, "/chatrooms", Some(with("owner", json!("zed"))))
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms",
            Some(with("members", json!(["bob", "zed"]))),
        )
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms",
            Some(with("maxusers", json!(2)).merged(json!({"members": ["bob", "cat"]}))),
        )
        .await;
    refused(
        response,
        403,
        "exceed_limit",
        "members size is greater than max user size !",
        607,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms",
            Some(with("name", json!("n".repeat(129)))),
        )
        .await;
    refused(response, 403, "exceed_limit", "title cannot exceed to 128", 603).await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms",
            Some(with("description", json!("d".repeat(513)))),
        )
        .await;
    refused(response, 403, "exceed_limit", "desc cannot exceed to 512", 603).await;
    let response = fx
        .app(Method::POST, "/chatrooms", Some(with("maxusers", json!(10_001))))
        .await;
    refused(response, 403, "exceed_limit", "maxUsers cannot exceed 10000", 603).await;
    let response = fx
        .app(Method::POST, "/chatrooms", Some(with("maxusers", json!(0))))
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "maxusers must be between 1 and 10000",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms",
            Some(with("custom", json!("c".repeat(8 * 1024 + 1)))),
        )
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "custom cannot exceed to 8192",
        17,
    )
    .await;

    // A custom id, once.
    let reply = ok(fx
        .app(Method::POST, "/chatrooms", Some(with("roomid", json!("abc123"))))
        .await)
    .await;
    assert_eq!(reply["data"]["id"], "abc123");
    let response = fx
        .app(Method::POST, "/chatrooms", Some(with("roomid", json!("abc123"))))
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "group ID abc123 already exists!",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms",
            Some(with("roomid", json!("Not Legal"))),
        )
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "group ID illegal, please check it",
        17,
    )
    .await;
    // Exactly the limits are fine.
    let edge =
        json!({"name": "n".repeat(128), "description": "d".repeat(512), "owner": "ann", "maxusers": 10_000});
    ok(fx.app(Method::POST, "/chatrooms", Some(edge)).await).await;
    // Nothing of the refused calls was written.
    let list = ok(fx.app(Method::GET, "/chatrooms", None).await).await;
    assert_eq!(list["count"], 2, "{list}");
}

trait Merged {
    fn merged(self, other: Value) -> Value;
}

impl Merged for Value {
    fn merged(mut self, other: Value) -> Value {
        for (key, value) in other.as_object().expect("object") {
            self[key] = value.clone();
        }
        self
    }
}

#[tokio::test]
async fn limits_are_app_settings_and_each_has_its_error() {
    let fx = Fixture::new().await;
    let limits = ChatRoomLimits {
        max_rooms_per_app: 2,
        max_rooms_per_user: 2,
        max_members_cap: 50,
        default_max_members: 3,
    };
    fx.set_limits(limits).await;
    let first = fx.room("ann", &["bob"]).await;
    assert_eq!(
        fx.details(&first).await["maxusers"],
        3,
        "the app's default maxusers"
    );
    let body = json!({"name": "n", "description": "d", "owner": "cat", "maxusers": 51});
    let response = fx.app(Method::POST, "/chatrooms", Some(body)).await;
    refused(response, 403, "exceed_limit", "maxUsers cannot exceed 50", 603).await;

    // Rooms per user: bob is in one; a second makes two; a third is refused.
    let second = fx.room("bob", &[]).await;
    fx.set_limits(ChatRoomLimits {
        max_rooms_per_app: 10,
        ..limits
    })
    .await;
    let body = json!({"name": "n", "description": "d", "owner": "cat", "members": ["bob"]});
    let response = fx.app(Method::POST, "/chatrooms", Some(body)).await;
    refused(
        response,
        403,
        "exceed_limit",
        "user bob has joined too many chatrooms!",
        603,
    )
    .await;
    let third = fx.room("cat", &[]).await;
    let response = fx
        .app(Method::POST, &format!("/chatrooms/{third}/users/bob"), None)
        .await;
    refused(
        response,
        403,
        "exceeded_limit",
        "can not join this group, reason:user bob has joined too many chatrooms!",
        603,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            &format!("/chatrooms/{third}/users"),
            Some(json!({"usernames": ["dan", "bob"]})),
        )
        .await;
    refused(
        response,
        403,
        "exceeded_limit",
        "can not join this group, reason:user bob has joined too many chatrooms!",
        603,
    )
    .await;
    assert_eq!(
        fx.details(&third).await["affiliations_count"],
        1,
        "a refused batch adds nobody"
    );

    // Room size: `first` holds 3 (its default); the fourth is refused.
    ok(fx
        .app(Method::POST, &format!("/chatrooms/{first}/users/cat"), None)
        .await)
    .await;
    let response = fx
        .app(Method::POST, &format!("/chatrooms/{first}/users/dan"), None)
        .await;
    refused(response, 403, "forbidden_op", "group member list is full!", 704).await;

    // Rooms per app.
    fx.set_limits(ChatRoomLimits {
        max_rooms_per_app: 3,
        ..limits
    })
    .await;
    let body = json!({"name": "n", "description": "d", "owner": "dan"});
    let response = fx.app(Method::POST, "/chatrooms", Some(body)).await;
    refused(
        response,
        403,
        "exceed_limit",
        "appKey:acme#chat has create too many chatrooms!",
        603,
    )
    .await;
    // A destroyed room no longer counts.
    ok(fx
        .app(Method::DELETE, &format!("/chatrooms/{second}"), None)
        .await)
    .await;
    fx.room("dan", &[]).await;
}

#[tokio::test]
async fn only_super_admins_create_rooms_with_a_user_token() {
    let fx = Fixture::new().await;
    // The Web SDK's `createChatRoom` body.
    let sdk_body =
        json!({"name": "sdk room", "description": "d", "maxusers": 100, "owner": "ann", "members": []});
    denied(
        fx.as_user(
            "ann",
            Method::POST,
            "/chatrooms?resource=webim_random_web_1",
            Some(sdk_body.clone()),
        )
        .await,
    )
    .await;
    ok(fx
        .app(
            Method::POST,
            "/chatrooms/super_admin",
            Some(json!({"superadmin": "ann"})),
        )
        .await)
    .await;
    let reply = ok(fx
        .as_user(
            "ann",
            Method::POST,
            "/chatrooms?resource=webim_random_web_1",
            Some(sdk_body),
        )
        .await)
    .await;
    let id = reply["data"]["id"].as_str().expect("id");
    assert_eq!(fx.details(id).await["owner"], "ann");
    // A super admin creates rooms it owns, not rooms for others.
    let for_bob = json!({"name": "n", "description": "d", "owner": "bob"});
    denied(fx.as_user("ann", Method::POST, "/chatrooms", Some(for_bob)).await).await;
    // Without `owner`, the caller owns it.
    let reply = ok(fx
        .as_user(
            "ann",
            Method::POST,
            "/chatrooms",
            Some(json!({"name": "n", "description": "d"})),
        )
        .await)
    .await;
    assert_eq!(
        fx.details(reply["data"]["id"].as_str().expect("id")).await["owner"],
        "ann"
    );
    // Removing the right removes it.
    ok(fx.app(Method::DELETE, "/chatrooms/super_admin/ann", None).await).await;
    denied(
        fx.as_user(
            "ann",
            Method::POST,
            "/chatrooms",
            Some(json!({"name": "n", "description": "d"})),
        )
        .await,
    )
    .await;
}

// ---- Lists

#[tokio::test]
async fn the_room_list_pages_by_cursor_and_by_number() {
    let fx = Fixture::new().await;
    let ids = [
        fx.room("ann", &["bob"]).await,
        fx.room("bob", &[]).await,
        fx.room("cat", &[]).await,
    ];
    let first = ok(fx.app(Method::GET, "/chatrooms?limit=2", None).await).await;
    assert_envelope(&first, "get");
    assert_eq!(first["count"], 2);
    assert_eq!(
        first["data"][0],
        json!({"id": ids[0], "name": "lobby", "owner": "ann", "affiliations_count": 2, "disabled": false})
    );
    assert_eq!(first["params"], json!({"limit": ["2"]}));
    let cursor = first["cursor"].as_str().expect("a next page");
    let second = ok(fx
        .app(Method::GET, &format!("/chatrooms?limit=2&cursor={cursor}"), None)
        .await)
    .await;
    assert_eq!(second["data"][0]["id"], ids[2].as_str());
    assert!(
        second.get("cursor").is_none(),
        "the last page has no cursor: {second}"
    );
    let all = ok(fx.app(Method::GET, "/chatrooms", None).await).await;
    assert_eq!(all["count"], 3, "10 by default");

    // The SDK's `getChatRooms` pages by number, with its cache-buster; any user may list.
    let page = ok(fx
        .as_user(
            "hal",
            Method::GET,
            "/chatrooms?pagenum=2&pagesize=2&_v=1700000000000",
            None,
        )
        .await)
    .await;
    assert_eq!(page["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["data"][0]["id"], ids[2].as_str());
    assert_eq!(page["params"], json!({"pagesize": ["2"], "pagenum": ["2"]}));

    let response = fx.app(Method::GET, "/chatrooms?limit=0", None).await;
    refused(
        response,
        400,
        "illegal_argument",
        "limit must be a number of at least 1",
        17,
    )
    .await;
    let response = fx
        .app(Method::GET, "/chatrooms?limit=2&cursor=LTgzXXXX2tB", None)
        .await;
    refused(response, 400, "illegal_argument", "cursor is invalid", 17).await;
}

#[tokio::test]
async fn a_users_rooms_come_most_recently_joined_first() {
    let fx = Fixture::new().await;
    let older = fx.room("ann", &["bob"]).await;
    let newer = fx.room("cat", &["bob"]).await;
    let reply = ok(fx.app(Method::GET, "/users/bob/joined_chatrooms", None).await).await;
    assert_envelope(&reply, "get");
    assert_eq!(reply["count"], 2);
    assert_eq!(
        reply["data"],
        json!([
            {"id": newer, "name": "lobby", "disabled": "false"},
            {"id": older, "name": "lobby", "disabled": "false"}
        ])
    );
    let page = ok(fx
        .app(
            Method::GET,
            "/users/bob/joined_chatrooms?pagenum=2&pagesize=1",
            None,
        )
        .await)
    .await;
    assert_eq!(page["data"][0]["id"], older.as_str());
    assert_eq!(page["params"], json!({"pagesize": ["1"], "pagenum": ["2"]}));

    // The SDK's `getJoinedChatRooms`: own token, `detail=true`, `owner` as `org#app_user`.
    let sdk = ok(fx
        .as_user(
            "bob",
            Method::GET,
            "/users/bob/joined_chatrooms?pagenum=1&pagesize=10&detail=true&_v=1",
            None,
        )
        .await)
    .await;
    let item = &sdk["data"][1];
    assert_eq!(item["id"], older.as_str());
    assert_eq!(item["title"], "lobby");
    assert_eq!(item["owner"], "acme#chat_ann");
    assert_eq!(item["description"], "a room");
    assert_eq!(item["max_users"], "1000");
    assert_eq!(item["type"], "chatroom");
    assert!(
        item["created"]
            .as_str()
            .is_some_and(|created| created.parse::<i64>().is_ok())
    );

    let other = fx
        .as_user("cat", Method::GET, "/users/bob/joined_chatrooms", None)
        .await;
    easemob_error(
        other,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let missing = fx.app(Method::GET, "/users/zed/joined_chatrooms", None).await;
    easemob_error(
        missing,
        404,
        "service_resource_not_found",
        "Service resource not found",
    )
    .await;
    let response = fx
        .app(Method::GET, "/users/bob/joined_chatrooms?pagesize=x", None)
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "pagesize must be a number of at least 1",
        17,
    )
    .await;
}

// ---- Modify, transfer, destroy, announcement

#[tokio::test]
async fn modify_changes_the_documented_fields_only() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat"]).await;
    let path = format!("/chatrooms/{id}");
    let body = json!({"name": "renamed", "description": "new", "maxusers": 300});
    let reply = ok(fx.app(Method::PUT, &path, Some(body)).await).await;
    assert_envelope(&reply, "put");
    assert_eq!(
        reply["data"],
        json!({"groupname": true, "description": true, "maxusers": true})
    );
    let data = fx.details(&id).await;
    assert_eq!(
        (
            data["name"].clone(),
            data["description"].clone(),
            data["maxusers"].clone()
        ),
        (json!("renamed"), json!("new"), json!(300))
    );
    // The SDK's `modifyChatRoom` sends `groupname`.
    let reply = ok(fx
        .app(
            Method::PUT,
            &format!("{path}?resource=r1"),
            Some(json!({"groupname": "sdk name"})),
        )
        .await)
    .await;
    assert_eq!(reply["data"], json!({"groupname": true}));
    assert_eq!(fx.details(&id).await["name"], "sdk name");

    let response = fx
        .app(Method::PUT, &path, Some(json!({"chatroom_id": "x", "name": "n"})))
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "some of [chatroom_id] are not valid fields",
        17,
    )
    .await;
    let response = fx.app(Method::PUT, &path, Some(json!({"custom": "x"}))).await;
    refused(
        response,
        400,
        "invalid_parameter",
        "some of [custom] are not valid fields",
        17,
    )
    .await;
    let response = fx
        .app(Method::PUT, &path, Some(json!({"name": "n".repeat(129)})))
        .await;
    refused(response, 403, "exceed_limit", "title cannot exceed to 128", 603).await;
    let response = fx
        .app(Method::PUT, &path, Some(json!({"description": "d".repeat(513)})))
        .await;
    refused(response, 403, "exceed_limit", "desc cannot exceed to 512", 603).await;
    let response = fx
        .app(Method::PUT, &path, Some(json!({"maxusers": 10_001})))
        .await;
    refused(response, 403, "exceed_limit", "maxUsers cannot exceed 10000", 603).await;
    let response = fx.app(Method::PUT, &path, Some(json!({"maxusers": 2}))).await;
    refused(
        response,
        403,
        "exceed_limit",
        "members size is greater than max user size !",
        607,
    )
    .await;
    let response = fx
        .app(Method::PUT, "/chatrooms/999", Some(json!({"name": "n"})))
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    assert_eq!(
        fx.details(&id).await["name"],
        "sdk name",
        "refusals change nothing"
    );

    // Roles: owner and admins modify; plain members and outsiders do not.
    denied(
        fx.as_user("bob", Method::PUT, &path, Some(json!({"name": "by bob"})))
            .await,
    )
    .await;
    denied(fx.as_user("dan", Method::PUT, &path, Some(json!({}))).await).await;
    ok(fx
        .app(
            Method::POST,
            &format!("{path}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    ok(fx
        .as_user("bob", Method::PUT, &path, Some(json!({"name": "by bob"})))
        .await)
    .await;
    ok(fx
        .as_user("ann", Method::PUT, &path, Some(json!({"description": "by ann"})))
        .await)
    .await;
    let data = fx.details(&id).await;
    assert_eq!(
        (data["name"].clone(), data["description"].clone()),
        (json!("by bob"), json!("by ann"))
    );
}

#[tokio::test]
async fn ownership_moves_to_a_member() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat"]).await;
    let path = format!("/chatrooms/{id}");
    let response = fx.app(Method::PUT, &path, Some(json!({"newowner": "ann"}))).await;
    refused(
        response,
        403,
        "forbidden_op",
        "new owner and old owner are the same",
        603,
    )
    .await;
    let response = fx.app(Method::PUT, &path, Some(json!({"newowner": "zed"}))).await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx.app(Method::PUT, &path, Some(json!({"newowner": "dan"}))).await;
    refused(
        response,
        403,
        "forbidden_op",
        &format!("user: dan doesn't exist in group: {id}"),
        603,
    )
    .await;
    let response = fx
        .app(Method::PUT, "/chatrooms/999", Some(json!({"newowner": "bob"})))
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;

    let reply = ok(fx.app(Method::PUT, &path, Some(json!({"newowner": "bob"}))).await).await;
    assert_eq!(reply["data"], json!({"newowner": true}));
    assert_eq!(fx.details(&id).await["owner"], "bob");
    assert_eq!(
        fx.members(&id).await,
        owned(&[("member", "ann"), ("owner", "bob"), ("member", "cat")])
    );
    // With a user token only the owner transfers, even an admin may not.
    ok(fx
        .app(
            Method::POST,
            &format!("{path}/admin"),
            Some(json!({"newadmin": "cat"})),
        )
        .await)
    .await;
    denied(
        fx.as_user("cat", Method::PUT, &path, Some(json!({"newowner": "cat"})))
            .await,
    )
    .await;
    denied(
        fx.as_user("ann", Method::PUT, &path, Some(json!({"newowner": "ann"})))
            .await,
    )
    .await;
    ok(fx
        .as_user("bob", Method::PUT, &path, Some(json!({"newowner": "ann"})))
        .await)
    .await;
    assert_eq!(fx.details(&id).await["owner"], "ann");
}

#[tokio::test]
async fn only_the_owner_destroys_a_room() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob"]).await;
    let path = format!("/chatrooms/{id}");
    ok(fx
        .app(
            Method::POST,
            &format!("{path}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    denied(
        fx.as_user(
            "bob",
            Method::DELETE,
            &format!("{path}?version=v3&resource=r"),
            None,
        )
        .await,
    )
    .await;
    let reply = ok(fx
        .as_user(
            "ann",
            Method::DELETE,
            &format!("{path}?version=v3&resource=r"),
            None,
        )
        .await)
    .await;
    assert_envelope(&reply, "delete");
    assert_eq!(reply["data"], json!({"success": true, "id": id}));
    let response = fx.app(Method::DELETE, &path, None).await;
    refused(
        response,
        404,
        "resource_not_found",
        &format!("grpID {id} does not exist!"),
        705,
    )
    .await;
    let response = fx.app(Method::GET, &path, None).await;
    refused(
        response,
        404,
        "service_resource_not_found",
        &format!("do not find this group:{id}"),
        705,
    )
    .await;
    let joined = ok(fx.app(Method::GET, "/users/bob/joined_chatrooms", None).await).await;
    assert_eq!(joined["count"], 0);
    // An app token destroys any room.
    let other = fx.room("cat", &[]).await;
    ok(fx.app(Method::DELETE, &format!("/chatrooms/{other}"), None).await).await;
}

#[tokio::test]
async fn the_announcement_is_read_by_all_and_set_by_moderators() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat"]).await;
    let path = format!("/chatrooms/{id}/announcement");
    let empty = ok(fx.app(Method::GET, &path, None).await).await;
    assert_envelope(&empty, "get");
    assert_eq!(empty["data"], json!({"announcement": ""}));
    let reply = ok(fx
        .app(Method::POST, &path, Some(json!({"announcement": "hello"})))
        .await)
    .await;
    assert_envelope(&reply, "post");
    assert_eq!(reply["data"], json!({"id": id, "result": true}));
    // Any user may read it (the SDK's `fetchChatRoomAnnouncement`, `version=v3`).
    let read = ok(fx
        .as_user("dan", Method::GET, &format!("{path}?version=v3"), None)
        .await)
    .await;
    assert_eq!(read["data"]["announcement"], "hello");

    let response = fx
        .app(
            Method::POST,
            &path,
            Some(json!({"announcement": "a".repeat(513)})),
        )
        .await;
    refused(
        response,
        403,
        "forbidden_op",
        "announce info length exceeds limit!",
        603,
    )
    .await;
    ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"announcement": "名".repeat(512)})),
        )
        .await)
    .await;
    let response = fx.app(Method::POST, &path, Some(json!({}))).await;
    refused(response, 400, "illegal_argument", "announcement is null", 17).await;
    let response = fx.app(Method::GET, "/chatrooms/999/announcement", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms/999/announcement",
            Some(json!({"announcement": "x"})),
        )
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;

    denied(
        fx.as_user(
            "bob",
            Method::POST,
            &path,
            Some(json!({"announcement": "by bob"})),
        )
        .await,
    )
    .await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=r&version=v3"),
            Some(json!({"announcement": "by bob"})),
        )
        .await)
    .await;
    // The blocklisted see nothing of the room.
    ok(fx
        .app(Method::POST, &format!("/chatrooms/{id}/blocks/users/cat"), None)
        .await)
    .await;
    denied(fx.as_user("cat", Method::GET, &path, None).await).await;
    denied(
        fx.as_user("cat", Method::GET, &format!("/chatrooms/{id}"), None)
            .await,
    )
    .await;
    ok(fx
        .as_user("dan", Method::GET, &format!("/chatrooms/{id}"), None)
        .await)
    .await;
}

// ---- Members and admins

#[tokio::test]
async fn members_are_added_listed_and_removed() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &[]).await;
    let path = format!("/chatrooms/{id}/users");
    let reply = ok(fx.app(Method::POST, &format!("{path}/bob"), None).await).await;
    assert_envelope(&reply, "post");
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "add_member", "id": id, "user": "bob"})
    );
    ok(fx.app(Method::POST, &format!("{path}/bob"), None).await).await;
    let reply = ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["bob", "cat", "dan"]})),
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!({"newmembers": ["bob", "cat", "dan"], "action": "add_member", "id": id})
    );
    assert_eq!(fx.details(&id).await["affiliations_count"], 4);

    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_envelope(&list, "get");
    assert_eq!(list["count"], 4);
    assert_eq!(
        pairs(&list["data"]),
        owned(&[
            ("owner", "ann"),
            ("member", "bob"),
            ("member", "cat"),
            ("member", "dan")
        ])
    );
    let page = ok(fx
        .app(Method::GET, &format!("{path}?pagenum=2&pagesize=2"), None)
        .await)
    .await;
    assert_eq!(
        pairs(&page["data"]),
        owned(&[("member", "cat"), ("member", "dan")])
    );
    assert_eq!(page["params"], json!({"pagesize": ["2"], "pagenum": ["2"]}));

    // The SDK's cursor mode: `admin` keys, `joined_time`, the next `cursor` at the top.
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    let first = ok(fx
        .as_user(
            "cat",
            Method::GET,
            &format!("{path}?cursor=undefined&limit=3&joined_time=true&_v=1"),
            None,
        )
        .await)
    .await;
    let items = first["data"].as_array().expect("array");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["owner"], "ann");
    assert_eq!(items[1]["admin"], "bob");
    assert!(
        items[2]["joined_time"]
            .as_i64()
            .is_some_and(|ms| ms > 1_600_000_000_000),
        "{first}"
    );
    let cursor = first["cursor"].as_str().expect("a next page");
    let rest = ok(fx
        .as_user(
            "cat",
            Method::GET,
            &format!("{path}?cursor={cursor}&limit=3&joined_time=true"),
            None,
        )
        .await)
    .await;
    assert_eq!(rest["data"].as_array().map(Vec::len).unwrap_or_default(), 1);
    assert!(rest.get("cursor").is_none(), "{rest}");

    let response = fx.app(Method::POST, &format!("{path}/zed"), None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx
        .app(Method::POST, &path, Some(json!({"usernames": ["eve", "zed"]})))
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx.app(Method::POST, "/chatrooms/999/users/eve", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms/999/users",
            Some(json!({"usernames": ["eve"]})),
        )
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx.app(Method::GET, "/chatrooms/999/users", None).await;
    refused(
        response,
        404,
        "service_resource_not_found",
        "do not find this group:999",
        705,
    )
    .await;
    let hundred_and_one: Vec<String> = (0..101).map(|number| format!("u{number}")).collect();
    let response = fx
        .app(Method::POST, &path, Some(json!({"usernames": hundred_and_one})))
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "addMembers: addMembers number more than maxSize : 100",
        17,
    )
    .await;
    let response = fx.app(Method::POST, &path, Some(json!({}))).await;
    refused(
        response,
        400,
        "invalid_parameter",
        "usernames must be provided",
        17,
    )
    .await;

    // Removing one, then several (per-user results).
    let reply = ok(fx.app(Method::DELETE, &format!("{path}/dan"), None).await).await;
    assert_envelope(&reply, "delete");
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "remove_member", "user": "dan", "id": id})
    );
    let response = fx.app(Method::DELETE, &format!("{path}/dan"), None).await;
    refused(
        response,
        400,
        "forbidden_op",
        "users [dan] are not members of this group!",
        702,
    )
    .await;
    let response = fx.app(Method::DELETE, &format!("{path}/ann"), None).await;
    refused(
        response,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    let response = fx.app(Method::DELETE, &format!("{path}/zed"), None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx.app(Method::DELETE, "/chatrooms/999/users/bob", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    ok(fx
        .app(Method::POST, &path, Some(json!({"usernames": ["eve", "fay"]})))
        .await)
    .await;
    let reply = ok(fx
        .app(Method::DELETE, &format!("{path}/dan%2Ceve,fay"), None)
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([
            {"result": false, "action": "remove_member", "reason": format!("user: dan doesn't exist in group: {id}"), "user": "dan", "id": id},
            {"result": true, "action": "remove_member", "user": "eve", "id": id},
            {"result": true, "action": "remove_member", "user": "fay", "id": id}
        ])
    );
    let response = fx.app(Method::DELETE, &format!("{path}/dan,eve"), None).await;
    refused(
        response,
        400,
        "forbidden_op",
        "users [dan, eve] are not members of this group!",
        702,
    )
    .await;
    let sixty_one: Vec<String> = (0..61).map(|number| format!("u{number}")).collect();
    let response = fx
        .app(Method::DELETE, &format!("{path}/{}", sixty_one.join(",")), None)
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "kickMember: kickMembers number more than maxSize : 60",
        17,
    )
    .await;
    assert_eq!(
        fx.members(&id).await,
        owned(&[("owner", "ann"), ("member", "bob"), ("member", "cat")])
    );
}

#[tokio::test]
async fn user_tokens_manage_members_by_role() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat", "dan", "eve"]).await;
    let path = format!("/chatrooms/{id}/users");
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "cat"})),
        )
        .await)
    .await;
    // Members read the lists; outsiders do not.
    ok(fx
        .as_user(
            "dan",
            Method::GET,
            &format!("{path}?version=v3&pagenum=1&pagesize=10&_v=1"),
            None,
        )
        .await)
    .await;
    ok(fx
        .as_user(
            "dan",
            Method::GET,
            &format!("/chatrooms/{id}/admin?version=v3"),
            None,
        )
        .await)
    .await;
    denied(fx.as_user("fay", Method::GET, &path, None).await).await;
    // Adding (the SDK's `addUsersToChatRoom`): owner and admins.
    denied(
        fx.as_user("dan", Method::POST, &path, Some(json!({"usernames": ["fay"]})))
            .await,
    )
    .await;
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=r"),
            Some(json!({"usernames": ["fay"]})),
        )
        .await)
    .await;
    // Removing: an admin removes plain members, not admins nor the owner; the owner removes admins.
    ok(fx
        .as_user("bob", Method::DELETE, &format!("{path}/fay?resource=r"), None)
        .await)
    .await;
    denied(
        fx.as_user("bob", Method::DELETE, &format!("{path}/cat"), None)
            .await,
    )
    .await;
    denied(
        fx.as_user("bob", Method::DELETE, &format!("{path}/ann"), None)
            .await,
    )
    .await;
    denied(
        fx.as_user("bob", Method::DELETE, &format!("{path}/dan,cat"), None)
            .await,
    )
    .await;
    denied(
        fx.as_user("dan", Method::DELETE, &format!("{path}/eve"), None)
            .await,
    )
    .await;
    ok(fx
        .as_user("ann", Method::DELETE, &format!("{path}/cat,eve?resource=r"), None)
        .await)
    .await;
    assert_eq!(
        fx.members(&id).await,
        owned(&[("owner", "ann"), ("member", "bob"), ("member", "dan")])
    );
    // A removed admin is no admin when it comes back.
    ok(fx.app(Method::POST, &format!("{path}/cat"), None).await).await;
    let admins = ok(fx.app(Method::GET, &format!("/chatrooms/{id}/admin"), None).await).await;
    assert_eq!(admins["data"], json!(["bob"]));
}

#[tokio::test]
async fn admins_are_appointed_by_the_owner() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat"]).await;
    let path = format!("/chatrooms/{id}/admin");
    let reply = ok(fx
        .app(Method::POST, &path, Some(json!({"newadmin": "bob"})))
        .await)
    .await;
    assert_envelope(&reply, "post");
    assert_eq!(reply["data"], json!({"result": "success", "newadmin": "bob"}));
    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_envelope(&list, "get");
    assert_eq!(
        (list["data"].clone(), list["count"].clone()),
        (json!(["bob"]), json!(1))
    );
    assert_eq!(
        fx.details(&id).await["affiliations"][1],
        json!({"member": "bob"}),
        "admins show as members"
    );

    let response = fx
        .app(Method::POST, &path, Some(json!({"newadmin": "dan"})))
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        &format!("user: dan doesn't exist in group: {id}"),
        17,
    )
    .await;
    let response = fx
        .app(Method::POST, &path, Some(json!({"newadmin": "zed"})))
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms/999/admin",
            Some(json!({"newadmin": "bob"})),
        )
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx.app(Method::GET, "/chatrooms/999/admin", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx.app(Method::POST, &path, Some(json!({}))).await;
    refused(
        response,
        400,
        "invalid_parameter",
        "newadmin must be provided",
        17,
    )
    .await;

    let reply = ok(fx.app(Method::DELETE, &format!("{path}/bob"), None).await).await;
    assert_envelope(&reply, "delete");
    assert_eq!(reply["data"], json!({"result": "success", "oldadmin": "bob"}));
    let response = fx.app(Method::DELETE, &format!("{path}/cat"), None).await;
    refused(
        response,
        403,
        "forbidden_op",
        &format!("user:cat is not admin of group:{id}"),
        603,
    )
    .await;
    let response = fx.app(Method::DELETE, &format!("{path}/zed"), None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "username zed doesn't exist!",
        17,
    )
    .await;
    let response = fx.app(Method::DELETE, "/chatrooms/999/admin/bob", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;

    // The SDK's `setChatRoomAdmin` / `removeChatRoomAdmin`: the owner only.
    denied(
        fx.as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=r&version=v3"),
            Some(json!({"newadmin": "cat"})),
        )
        .await,
    )
    .await;
    ok(fx
        .as_user(
            "ann",
            Method::POST,
            &format!("{path}?resource=r&version=v3"),
            Some(json!({"newadmin": "cat"})),
        )
        .await)
    .await;
    denied(
        fx.as_user("cat", Method::DELETE, &format!("{path}/cat?resource=r"), None)
            .await,
    )
    .await;
    ok(fx
        .as_user("ann", Method::DELETE, &format!("{path}/cat?resource=r"), None)
        .await)
    .await;
}

#[tokio::test]
async fn a_room_has_at_most_99_admins() {
    let fx = Fixture::new().await;
    let names: Vec<String> = (0..100).map(|number| format!("m{number}")).collect();
    fx.create_users(&names.iter().map(String::as_str).collect::<Vec<_>>())
        .await;
    let body = json!({"name": "big", "description": "d", "owner": "ann", "maxusers": 200, "members": names});
    let id = ok(fx.app(Method::POST, "/chatrooms", Some(body)).await).await["data"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    for name in &names[..99] {
        ok(fx
            .app(
                Method::POST,
                &format!("/chatrooms/{id}/admin"),
                Some(json!({"newadmin": name})),
            )
            .await)
        .await;
    }
    let response = fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": names[99]})),
        )
        .await;
    let body = refused(response, 403, "exceed_limit", "limit exceeded (40005)", 50).await;
    assert_eq!(body["error_code"], 40005);
    let admins = ok(fx.app(Method::GET, &format!("/chatrooms/{id}/admin"), None).await).await;
    assert_eq!(admins["count"], 99);
}

// ---- Mutes

#[tokio::test]
async fn mutes_are_timed_and_lift_themselves() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat", "dan"]).await;
    let path = format!("/chatrooms/{id}/mute");
    let before = now_ms();
    let reply = ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["bob"], "mute_duration": 60_000})),
        )
        .await)
    .await;
    assert_envelope(&reply, "post");
    let expire = reply["data"][0]["expire"].as_i64().expect("expire");
    assert!((before + 60_000..=now_ms() + 60_000).contains(&expire), "{reply}");
    assert_eq!(reply["data"][0]["result"], true);
    assert_eq!(reply["data"][0]["user"], "bob");
    let reply = ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["cat"], "mute_duration": -1})),
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "expire": -1, "user": "cat"}])
    );

    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_envelope(&list, "get");
    assert_eq!(
        list["data"],
        json!([{"expire": expire, "user": "bob"}, {"expire": -1, "user": "cat"}])
    );

    // Bob's deadline passes (written through the store: no sleeping): the mute is gone by itself.
    let room = ChatRoomId::parse(&id).expect("id");
    let bob = UserName::lookup("bob").expect("bob");
    fx.store
        .set_room_mutes(
            fx.server.app.id,
            &room,
            std::slice::from_ref(&bob),
            Some(MuteUntil::At(now_ms() - 1)),
        )
        .await
        .expect("expire");
    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_eq!(list["data"], json!([{"expire": -1, "user": "cat"}]));
    // The SDK's `isInChatRoomMutelist`, with the user's own token.
    let muted = ok(fx
        .as_user(
            "bob",
            Method::GET,
            &format!("/sdk/chatrooms/{id}/mute/bob?version=v3"),
            None,
        )
        .await)
    .await;
    assert_eq!(muted["data"], false);
    let muted = ok(fx
        .as_user("cat", Method::GET, &format!("/sdk/chatrooms/{id}/mute/cat"), None)
        .await)
    .await;
    assert_eq!(muted["data"], true);
    let other = fx
        .as_user("bob", Method::GET, &format!("/sdk/chatrooms/{id}/mute/cat"), None)
        .await;
    easemob_error(
        other,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;

    // A mute outlives leaving and coming back; `mute_duration: 0` lifts it.
    ok(fx
        .app(Method::DELETE, &format!("/chatrooms/{id}/users/cat"), None)
        .await)
    .await;
    ok(fx
        .app(Method::POST, &format!("/chatrooms/{id}/users/cat"), None)
        .await)
    .await;
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([{"expire": -1, "user": "cat"}])
    );
    let reply = ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["cat"], "mute_duration": 0})),
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "expire": 0, "user": "cat"}])
    );
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([])
    );

    // Unmute, one or several.
    ok(fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["bob", "dan"], "mute_duration": 5_000})),
        )
        .await)
    .await;
    let reply = ok(fx.app(Method::DELETE, &format!("{path}/bob%2Cdan"), None).await).await;
    assert_envelope(&reply, "delete");
    assert_eq!(
        reply["data"],
        json!([{"result": true, "user": "bob"}, {"result": true, "user": "dan"}])
    );
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([])
    );
}

#[tokio::test]
async fn mute_refuses_with_the_documented_rows() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat"]).await;
    let path = format!("/chatrooms/{id}/mute");
    let response = fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["bob", "dan"], "mute_duration": 1_000})),
        )
        .await;
    refused(
        response,
        400,
        "forbidden_op",
        "users [dan] are not members of this group!",
        702,
    )
    .await;
    let many: Vec<String> = (0..101).map(|number| format!("u{number}")).collect();
    let response = fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": many, "mute_duration": 1_000})),
        )
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "userNames size is more than max limit : 100",
        17,
    )
    .await;
    let response = fx
        .app(Method::POST, &path, Some(json!({"usernames": ["bob"]})))
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "mute_duration must be provided",
        17,
    )
    .await;
    let response = fx
        .app(Method::POST, &path, Some(json!({"mute_duration": 1})))
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "usernames must be provided",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["bob"], "mute_duration": -5})),
        )
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "mute_duration must be -1, 0 or a number of milliseconds",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            &path,
            Some(json!({"usernames": ["ann"], "mute_duration": 1_000})),
        )
        .await;
    refused(
        response,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    let response = fx
        .app(
            Method::POST,
            "/chatrooms/999/mute",
            Some(json!({"usernames": ["bob"], "mute_duration": 1})),
        )
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx.app(Method::GET, "/chatrooms/999/mute", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let sixty_one: Vec<String> = (0..61).map(|number| format!("u{number}")).collect();
    let response = fx
        .app(Method::DELETE, &format!("{path}/{}", sixty_one.join(",")), None)
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "removeMute member size more than max limit :  60",
        17,
    )
    .await;
    let response = fx.app(Method::DELETE, "/chatrooms/999/mute/bob", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([]),
        "nothing was muted"
    );

    // Roles: the owner mutes admins and members, an admin plain members only; members see no list.
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    ok(fx
        .as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=r"),
            Some(json!({"usernames": ["cat"], "mute_duration": 9_000})),
        )
        .await)
    .await;
    denied(
        fx.as_user(
            "cat",
            Method::POST,
            &path,
            Some(json!({"usernames": ["bob"], "mute_duration": 9_000})),
        )
        .await,
    )
    .await;
    ok(fx
        .app(Method::POST, &format!("/chatrooms/{id}/users/dan"), None)
        .await)
    .await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "dan"})),
        )
        .await)
    .await;
    denied(
        fx.as_user(
            "bob",
            Method::POST,
            &path,
            Some(json!({"usernames": ["dan"], "mute_duration": 9_000})),
        )
        .await,
    )
    .await;
    ok(fx
        .as_user(
            "ann",
            Method::POST,
            &path,
            Some(json!({"usernames": ["dan"], "mute_duration": 9_000})),
        )
        .await)
    .await;
    denied(
        fx.as_user("bob", Method::DELETE, &format!("{path}/dan"), None)
            .await,
    )
    .await;
    ok(fx
        .as_user("bob", Method::DELETE, &format!("{path}/cat?resource=r"), None)
        .await)
    .await;
    denied(fx.as_user("cat", Method::GET, &path, None).await).await;
    ok(fx
        .as_user("bob", Method::GET, &format!("{path}?version=v3"), None)
        .await)
    .await;
}

#[tokio::test]
async fn mute_all_is_switched_by_moderators() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob"]).await;
    let path = format!("/chatrooms/{id}/ban");
    let reply = ok(fx.app(Method::POST, &path, None).await).await;
    // As documented: the POST's reply says `put`.
    assert_envelope(&reply, "put");
    assert_eq!(reply["data"], json!({"mute": true}));
    assert_eq!(fx.details(&id).await["mute"], true);
    let reply = ok(fx.app(Method::DELETE, &path, None).await).await;
    assert_envelope(&reply, "delete");
    assert_eq!(reply["data"], json!({"mute": false}));
    assert_eq!(fx.details(&id).await["mute"], false);
    for method in [Method::POST, Method::DELETE] {
        let response = fx.app(method, "/chatrooms/999/ban", None).await;
        refused(
            response,
            404,
            "resource_not_found",
            "grpID 999 does not exist!",
            705,
        )
        .await;
    }
    // The SDK's `disableSendChatRoomMsg` / `enableSendChatRoomMsg`.
    denied(
        fx.as_user(
            "bob",
            Method::POST,
            &format!("{path}?resource=r&version=v3"),
            None,
        )
        .await,
    )
    .await;
    ok(fx
        .as_user(
            "ann",
            Method::POST,
            &format!("{path}?resource=r&version=v3"),
            None,
        )
        .await)
    .await;
    ok(fx
        .as_user(
            "ann",
            Method::DELETE,
            &format!("{path}?resource=r&version=v3"),
            None,
        )
        .await)
    .await;
}

// ---- Allowlist and blocklist

#[tokio::test]
async fn the_allowlist_holds_members() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat", "dan"]).await;
    let path = format!("/chatrooms/{id}/white/users");
    let reply = ok(fx.app(Method::POST, &format!("{path}/bob"), None).await).await;
    assert_envelope(&reply, "post");
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "add_user_whitelist", "user": "bob", "chatroomid": id})
    );
    let reply = ok(fx
        .app(Method::POST, &path, Some(json!({"usernames": ["cat", "eve"]})))
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([
            {"result": true, "action": "add_user_whitelist", "user": "cat", "chatroomid": id},
            {"result": false, "action": "add_user_whitelist", "reason": format!("user: eve doesn't exist in chatroom: {id}"), "user": "eve", "chatroomid": id}
        ])
    );
    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_envelope(&list, "get");
    assert_eq!(
        (list["data"].clone(), list["count"].clone()),
        (json!(["bob", "cat"]), json!(2))
    );

    let response = fx.app(Method::POST, &format!("{path}/eve"), None).await;
    refused(
        response,
        403,
        "forbidden_op",
        "users [eve] are not members of this group!",
        702,
    )
    .await;
    let response = fx
        .app(Method::POST, &path, Some(json!({"usernames": ["eve", "fay"]})))
        .await;
    refused(
        response,
        403,
        "forbidden_op",
        "users [eve, fay] are not members of this group!",
        702,
    )
    .await;
    let many: Vec<String> = (0..101).map(|number| format!("u{number}")).collect();
    let response = fx
        .app(Method::POST, &path, Some(json!({"usernames": many})))
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "usernames size is more than max limit : 100",
        17,
    )
    .await;
    let response = fx.app(Method::POST, "/chatrooms/999/white/users/bob", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx.app(Method::GET, "/chatrooms/999/white/users", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;

    // The SDK's `isInChatRoomAllowlist`: a member asks about itself; owner and admins about anyone.
    let own = ok(fx.as_user("bob", Method::GET, &format!("{path}/bob"), None).await).await;
    assert_eq!(own["data"], json!({"member": "bob", "white": true}));
    let own = ok(fx.as_user("dan", Method::GET, &format!("{path}/dan"), None).await).await;
    assert_eq!(own["data"], json!({"member": "dan", "white": false}));
    denied(fx.as_user("dan", Method::GET, &format!("{path}/bob"), None).await).await;
    ok(fx.as_user("ann", Method::GET, &format!("{path}/bob"), None).await).await;
    denied(fx.as_user("dan", Method::GET, &path, None).await).await;

    // Removing: always an array (the SDK 4.21.1 reads `data[0]`).
    let reply = ok(fx
        .as_user(
            "ann",
            Method::DELETE,
            &format!("{path}/bob?resource=r&version=v3"),
            None,
        )
        .await)
    .await;
    assert_envelope(&reply, "delete");
    assert_eq!(
        reply["data"],
        json!([{"result": true, "action": "remove_user_whitelist", "user": "bob", "chatroomid": id}])
    );
    let reply = ok(fx.app(Method::DELETE, &format!("{path}/cat,eve"), None).await).await;
    assert_eq!(reply["data"][0]["result"], true);
    assert_eq!(reply["data"][1]["result"], false);
    let response = fx.app(Method::DELETE, &format!("{path}/eve,fay"), None).await;
    refused(
        response,
        400,
        "forbidden_op",
        "users [eve, fay] are not members of this group!",
        702,
    )
    .await;
    let sixty_one: Vec<String> = (0..61).map(|number| format!("u{number}")).collect();
    let response = fx
        .app(Method::DELETE, &format!("{path}/{}", sixty_one.join(",")), None)
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "removeWhitelist size is more than max limit : 60",
        17,
    )
    .await;
    let response = fx
        .app(Method::DELETE, "/chatrooms/999/white/users/bob", None)
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([])
    );

    // With `version=v3` the SDK's single add reads `data[0]` too.
    let reply = ok(fx
        .as_user("ann", Method::POST, &format!("{path}/dan?version=v3"), None)
        .await)
    .await;
    assert_eq!(reply["data"][0]["user"], "dan");
    denied(
        fx.as_user("dan", Method::POST, &format!("{path}/cat"), None)
            .await,
    )
    .await;
    // Leaving the room takes a user off the allowlist.
    ok(fx
        .app(Method::DELETE, &format!("/chatrooms/{id}/users/dan"), None)
        .await)
    .await;
    assert_eq!(
        ok(fx.app(Method::GET, &path, None).await).await["data"],
        json!([])
    );
}

#[tokio::test]
async fn the_blocklist_keeps_users_out() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat", "dan", "eve"]).await;
    let path = format!("/chatrooms/{id}/blocks/users");
    let reply = ok(fx.app(Method::POST, &format!("{path}/bob"), None).await).await;
    assert_envelope(&reply, "post");
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "add_blocks", "user": "bob", "chatroomid": id})
    );
    assert_eq!(
        fx.details(&id).await["affiliations_count"],
        4,
        "a blocked member is out"
    );
    let response = fx
        .app(Method::POST, &format!("/chatrooms/{id}/users/bob"), None)
        .await;
    denied(response).await;
    // The SDK's `blockChatRoomMember` (`version=v3`) reads `data[0]`.
    let reply = ok(fx
        .as_user(
            "ann",
            Method::POST,
            &format!("{path}/cat?resource=r&version=v3"),
            None,
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "action": "add_blocks", "user": "cat", "chatroomid": id}])
    );
    let reply = ok(fx
        .app(Method::POST, &path, Some(json!({"usernames": ["fay", "dan"]})))
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([
            {"result": false, "action": "add_blocks", "reason": format!("user: fay doesn't exist in chatroom: {id}"), "user": "fay", "chatroomid": id},
            {"result": true, "action": "add_blocks", "user": "dan", "chatroomid": id}
        ])
    );
    let list = ok(fx.app(Method::GET, &path, None).await).await;
    assert_envelope(&list, "get");
    assert_eq!(
        (list["data"].clone(), list["count"].clone()),
        (json!(["bob", "cat", "dan"]), json!(3))
    );

    let response = fx.app(Method::POST, &format!("{path}/ann"), None).await;
    refused(
        response,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    let response = fx.app(Method::POST, &format!("{path}/fay"), None).await;
    refused(
        response,
        403,
        "forbidden_op",
        "users [fay] are not members of this group!",
        702,
    )
    .await;
    let response = fx
        .app(Method::POST, &path, Some(json!({"usernames": ["fay", "gus"]})))
        .await;
    refused(
        response,
        403,
        "forbidden_op",
        "users [fay, gus] are not members of this group!",
        702,
    )
    .await;
    let sixty_one: Vec<String> = (0..61).map(|number| format!("u{number}")).collect();
    let response = fx
        .app(Method::POST, &path, Some(json!({"usernames": sixty_one})))
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "userNames is more than max limit : 60",
        17,
    )
    .await;
    let response = fx
        .app(Method::POST, "/chatrooms/999/blocks/users/eve", None)
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx.app(Method::GET, "/chatrooms/999/blocks/users", None).await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;

    // Unblocking: one (object, or an array with `version=v3`), several (an array).
    let reply = ok(fx.app(Method::DELETE, &format!("{path}/bob"), None).await).await;
    assert_envelope(&reply, "delete");
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "remove_blocks", "user": "bob", "chatroomid": id})
    );
    let response = fx.app(Method::DELETE, &format!("{path}/bob"), None).await;
    refused(
        response,
        403,
        "forbidden_op",
        "users [bob] are not members of this group!",
        702,
    )
    .await;
    let reply = ok(fx
        .as_user(
            "ann",
            Method::DELETE,
            &format!("{path}/cat?resource=r&version=v3"),
            None,
        )
        .await)
    .await;
    assert_eq!(reply["data"][0]["user"], "cat");
    let reply = ok(fx.app(Method::DELETE, &format!("{path}/dan%2Cfay"), None).await).await;
    assert_eq!(
        reply["data"][0],
        json!({"result": true, "action": "remove_blocks", "user": "dan", "chatroomid": id})
    );
    assert_eq!(reply["data"][1]["result"], false);
    let response = fx
        .app(
            Method::DELETE,
            &format!(
                "{path}/{}",
                (0..61).map(|n| format!("u{n}")).collect::<Vec<_>>().join(",")
            ),
            None,
        )
        .await;
    refused(
        response,
        400,
        "invalid_parameter",
        "removeBlacklist: list size more than max limit : 60",
        17,
    )
    .await;
    let response = fx
        .app(Method::DELETE, "/chatrooms/999/blocks/users/bob", None)
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    // Unblocked users may be added again.
    ok(fx
        .app(Method::POST, &format!("/chatrooms/{id}/users/bob"), None)
        .await)
    .await;

    // Roles: an admin blocks plain members, not admins; members see no blocklist.
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "eve"})),
        )
        .await)
    .await;
    ok(fx
        .app(Method::POST, &format!("/chatrooms/{id}/users/cat"), None)
        .await)
    .await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{id}/admin"),
            Some(json!({"newadmin": "cat"})),
        )
        .await)
    .await;
    denied(
        fx.as_user("eve", Method::POST, &format!("{path}/cat"), None)
            .await,
    )
    .await;
    ok(fx
        .as_user(
            "eve",
            Method::POST,
            &format!("{path}?resource=r&version=v3"),
            Some(json!({"usernames": ["bob"]})),
        )
        .await)
    .await;
    ok(fx
        .app(Method::POST, &format!("/chatrooms/{id}/users/gus"), None)
        .await)
    .await;
    denied(
        fx.as_user("gus", Method::GET, &format!("{path}?resource=r"), None)
            .await,
    )
    .await;
    ok(fx.as_user("eve", Method::GET, &path, None).await).await;
    denied(
        fx.as_user("bob", Method::GET, &format!("/chatrooms/{id}/announcement"), None)
            .await,
    )
    .await;
}

// ---- Custom attributes

async fn metadata_ok(response: Response, action: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status.as_u16(), 200, "{body}");
    assert_eq!(body["action"], action, "{body}");
    assert!(
        body["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("/acme/chat/metadata/chatroom")),
        "{body}"
    );
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|ms| ms > 1_600_000_000_000),
        "{body}"
    );
    body
}

#[tokio::test]
async fn attributes_are_set_read_and_deleted_key_by_key() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat"]).await;
    let bob = format!("/metadata/chatroom/{id}/user/bob");
    let reply = metadata_ok(
        fx.app(
            Method::PUT,
            &bob,
            Some(json!({"metaData": {"key1": "value1", "key2": "value2"}, "autoDelete": "DELETE"})),
        )
        .await,
        "put",
    )
    .await;
    assert_eq!(
        reply["data"],
        json!({"successKeys": ["key1", "key2"], "errorKeys": {}})
    );
    // Partial failure is still 200, with a reason per key.
    let long_key = "k".repeat(129);
    let body =
        json!({"metaData": {long_key.clone(): "v", "bad key": "v", "big": "v".repeat(4097), "ok": "v"}});
    let reply = metadata_ok(fx.app(Method::PUT, &bob, Some(body)).await, "put").await;
    assert_eq!(reply["data"]["successKeys"], json!(["ok"]));
    let errors = &reply["data"]["errorKeys"];
    assert_eq!(
        errors[&long_key],
        format!("properties key '{long_key}' is exceeding maximum limit 128")
    );
    assert_eq!(errors["bad key"], "properties key 'bad key' is not Legal");
    assert_eq!(
        errors["big"],
        "properties value of key 'big' is exceeding maximum limit 4096"
    );

    let all = metadata_ok(
        fx.app(
            Method::POST,
            &format!("/metadata/chatroom/{id}"),
            Some(json!({"keys": []})),
        )
        .await,
        "post",
    )
    .await;
    assert_eq!(
        all["data"],
        json!({"key1": "value1", "key2": "value2", "ok": "v"})
    );
    let some = metadata_ok(
        fx.app(
            Method::POST,
            &format!("/metadata/chatroom/{id}"),
            Some(json!({"keys": ["key2", "nope"]})),
        )
        .await,
        "post",
    )
    .await;
    assert_eq!(some["data"], json!({"key2": "value2"}));

    // Another user's keys: refused alone, reported in a mix; the forced set takes them over.
    let cat = format!("/metadata/chatroom/{id}/user/cat");
    let response = fx
        .app(Method::PUT, &cat, Some(json!({"metaData": {"key1": "mine"}})))
        .await;
    refused(response, 400, "", "others are not allowed to be set", 17).await;
    let reply = metadata_ok(
        fx.app(
            Method::PUT,
            &cat,
            Some(json!({"metaData": {"key1": "mine", "key3": "c"}})),
        )
        .await,
        "put",
    )
    .await;
    assert_eq!(
        reply["data"],
        json!({"successKeys": ["key3"], "errorKeys": {"key1": "properties key 'key1' is not part of you"}})
    );
    let reply = metadata_ok(
        fx.app(
            Method::PUT,
            &format!("{cat}/forced"),
            Some(json!({"metaData": {"key1": "mine"}})),
        )
        .await,
        "put",
    )
    .await;
    assert_eq!(reply["data"], json!({"successKeys": ["key1"], "errorKeys": {}}));

    // Deleting: own keys only, or any with the forced delete.
    let reply = metadata_ok(
        fx.app(Method::DELETE, &bob, Some(json!({"keys": ["key1", "key2"]})))
            .await,
        "delete",
    )
    .await;
    assert_eq!(reply["status"], "ok");
    assert_eq!(
        reply["data"],
        json!({"successKeys": ["key2"], "errorKeys": {"key1": "properties key 'key1' is not part of you"}})
    );
    let reply = metadata_ok(
        fx.app(
            Method::DELETE,
            &format!("{bob}/forced"),
            Some(json!({"keys": ["key1", "key3"]})),
        )
        .await,
        "delete",
    )
    .await;
    assert_eq!(
        reply["data"],
        json!({"successKeys": ["key1", "key3"], "errorKeys": {}})
    );
    let all = metadata_ok(
        fx.app(Method::POST, &format!("/metadata/chatroom/{id}"), Some(json!({})))
            .await,
        "post",
    )
    .await;
    assert_eq!(all["data"], json!({"ok": "v"}));
}

#[tokio::test]
async fn attribute_calls_refuse_with_the_documented_rows() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob"]).await;
    let bob = format!("/metadata/chatroom/{id}/user/bob");
    let eleven: serde_json::Map<String, Value> = (0..11).map(|n| (format!("k{n}"), json!("v"))).collect();
    let response = fx.app(Method::PUT, &bob, Some(json!({"metaData": eleven}))).await;
    refused(response, 400, "", "exceed allowed batch size 10", 17).await;
    let response = fx
        .app(
            Method::PUT,
            &format!("{bob}/forced"),
            Some(json!({"metaData": eleven})),
        )
        .await;
    refused(response, 400, "", "exceed allowed batch size 10", 17).await;
    let eleven_keys: Vec<String> = (0..11).map(|n| format!("k{n}")).collect();
    let response = fx
        .app(Method::DELETE, &bob, Some(json!({"keys": eleven_keys})))
        .await;
    refused(response, 400, "", "exceed allowed batch size 10", 17).await;
    let response = fx
        .app(
            Method::DELETE,
            &format!("{bob}/forced"),
            Some(json!({"keys": eleven_keys})),
        )
        .await;
    refused(response, 400, "", "exceed allowed batch size 10", 17).await;

    let outsider = format!("/metadata/chatroom/{id}/user/cat");
    let response = fx
        .app(Method::PUT, &outsider, Some(json!({"metaData": {"k": "v"}})))
        .await;
    refused(response, 401, "MetadataException", "user is not in chatroom", 17).await;
    let response = fx
        .app(
            Method::PUT,
            &format!("{outsider}/forced"),
            Some(json!({"metaData": {"k": "v"}})),
        )
        .await;
    refused(response, 401, "MetadataException", "user is not in chatroom", 17).await;
    let response = fx
        .app(Method::DELETE, &outsider, Some(json!({"keys": ["k"]})))
        .await;
    refused(response, 401, "MetadataException", "user is not in chatroom", 17).await;
    let response = fx
        .app(Method::POST, "/metadata/chatroom/999", Some(json!({"keys": []})))
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx
        .app(
            Method::PUT,
            "/metadata/chatroom/999/user/bob",
            Some(json!({"metaData": {"k": "v"}})),
        )
        .await;
    refused(
        response,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        705,
    )
    .await;
    let response = fx.app(Method::PUT, &bob, Some(json!({"metaData": {}}))).await;
    refused(
        response,
        400,
        "invalid_parameter",
        "metaData must be provided",
        17,
    )
    .await;
    let response = fx
        .app(
            Method::PUT,
            &bob,
            Some(json!({"metaData": {"k": "v"}, "autoDelete": "SOMETIMES"})),
        )
        .await;
    refused(
        response,
        400,
        "illegal_argument",
        "autoDelete must be DELETE or NO_DELETE",
        17,
    )
    .await;

    // A room holds 100 keys; the 101st is refused with the text the SDK reads as 50.
    for batch in 0..10 {
        let pairs: serde_json::Map<String, Value> =
            (0..10).map(|n| (format!("k{batch}_{n}"), json!("v"))).collect();
        let reply = metadata_ok(
            fx.app(Method::PUT, &bob, Some(json!({"metaData": pairs}))).await,
            "put",
        )
        .await;
        assert_eq!(reply["data"]["errorKeys"], json!({}), "{reply}");
    }
    let reply = metadata_ok(
        fx.app(
            Method::PUT,
            &bob,
            Some(json!({"metaData": {"k0_0": "again", "one_more": "v"}})),
        )
        .await,
        "put",
    )
    .await;
    assert_eq!(
        reply["data"],
        json!({
            "successKeys": ["k0_0"],
            "errorKeys": {"one_more": "size of metadata for this single chatroom exceeds the user defined limit"}
        })
    );
}

#[tokio::test]
async fn attributes_follow_their_owner_out_of_the_room() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob", "cat"]).await;
    // The SDK's `setChatRoomAttributes`: own token, own path.
    let sdk_path = format!("/metadata/chatroom/{id}/user/bob");
    let body = json!({"metaData": {"seat1": "bob"}, "autoDelete": "DELETE"});
    metadata_ok(fx.as_user("bob", Method::PUT, &sdk_path, Some(body)).await, "put").await;
    let body = json!({"metaData": {"theme": "dark"}, "autoDelete": "NO_DELETE"});
    metadata_ok(fx.as_user("bob", Method::PUT, &sdk_path, Some(body)).await, "put").await;
    // Another user's path, an outsider's read: refused.
    let response = fx
        .as_user(
            "cat",
            Method::PUT,
            &sdk_path,
            Some(json!({"metaData": {"x": "y"}})),
        )
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    denied(
        fx.as_user(
            "dan",
            Method::POST,
            &format!("/metadata/chatroom/{id}"),
            Some(json!({"keys": []})),
        )
        .await,
    )
    .await;
    let read = metadata_ok(
        fx.as_user(
            "cat",
            Method::POST,
            &format!("/metadata/chatroom/{id}"),
            Some(json!({"keys": ["seat1"]})),
        )
        .await,
        "post",
    )
    .await;
    assert_eq!(read["data"], json!({"seat1": "bob"}));
    // The forced set with a user token (`isForced`), by any member.
    let forced = json!({"metaData": {"seat1": "cat"}, "autoDelete": "DELETE"});
    metadata_ok(
        fx.as_user(
            "cat",
            Method::PUT,
            &format!("/metadata/chatroom/{id}/user/cat/forced"),
            Some(forced),
        )
        .await,
        "put",
    )
    .await;
    let body = json!({"metaData": {"seat2": "bob"}});
    metadata_ok(fx.as_user("bob", Method::PUT, &sdk_path, Some(body)).await, "put").await;

    // Bob leaves: his auto-delete keys go, the others stay.
    ok(fx
        .app(Method::DELETE, &format!("/chatrooms/{id}/users/bob"), None)
        .await)
    .await;
    let all = metadata_ok(
        fx.app(Method::POST, &format!("/metadata/chatroom/{id}"), Some(json!({})))
            .await,
        "post",
    )
    .await;
    assert_eq!(all["data"], json!({"seat1": "cat", "theme": "dark"}));
    // The forced delete is the app's clean-up of a user who left; users remove their own keys only as
    // members.
    let reply = metadata_ok(
        fx.app(
            Method::DELETE,
            &format!("{sdk_path}/forced"),
            Some(json!({"keys": ["theme"]})),
        )
        .await,
        "delete",
    )
    .await;
    assert_eq!(reply["data"]["successKeys"], json!(["theme"]));
    let response = fx
        .as_user("bob", Method::DELETE, &sdk_path, Some(json!({"keys": ["seat1"]})))
        .await;
    refused(response, 401, "MetadataException", "user is not in chatroom", 17).await;
}

// ---- Tag mute, users deleted

#[tokio::test]
async fn tag_mute_is_a_feature_natter_does_not_have() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob"]).await;
    for (method, path, body) in [
        (
            Method::PUT,
            format!("/chatrooms/{id}/tag/mute"),
            Some(json!({"tag": "t", "mute_duration": 10})),
        ),
        (
            Method::PUT,
            format!("/chatrooms/{id}/users/bob/tag"),
            Some(json!({"tags": ["t"]})),
        ),
        (Method::GET, format!("/chatrooms/{id}/users/bob/tag"), None),
    ] {
        let response = fx.app(method, &path, body).await;
        refused(response, 403, "forbidden_op", "Group tag mute is disabled", 603).await;
    }
}

#[tokio::test]
async fn deleting_a_user_dissolves_its_rooms_and_ends_its_memberships() {
    let fx = Fixture::new().await;
    let owned_by_ann = fx.room("ann", &["bob"]).await;
    let owned_by_cat = fx.room("cat", &["ann", "bob"]).await;
    ok(fx
        .app(
            Method::POST,
            &format!("/chatrooms/{owned_by_cat}/admin"),
            Some(json!({"newadmin": "ann"})),
        )
        .await)
    .await;
    ok(fx.app(Method::DELETE, "/users/ann", None).await).await;
    let response = fx
        .app(Method::GET, &format!("/chatrooms/{owned_by_ann}"), None)
        .await;
    refused(
        response,
        404,
        "service_resource_not_found",
        &format!("do not find this group:{owned_by_ann}"),
        705,
    )
    .await;
    assert_eq!(
        fx.members(&owned_by_cat).await,
        owned(&[("owner", "cat"), ("member", "bob")])
    );
    assert_eq!(
        ok(fx
            .app(Method::GET, &format!("/chatrooms/{owned_by_cat}/admin"), None)
            .await)
        .await["data"],
        json!([])
    );
    let joined = ok(fx.app(Method::GET, "/users/bob/joined_chatrooms", None).await).await;
    assert_eq!(joined["data"].as_array().map(Vec::len), Some(1));
    // The batch delete of the oldest users (now bob and cat) dissolves their rooms too.
    ok(fx.app(Method::DELETE, "/users?limit=2", None).await).await;
    let response = fx
        .app(Method::GET, &format!("/chatrooms/{owned_by_cat}"), None)
        .await;
    refused(
        response,
        404,
        "service_resource_not_found",
        &format!("do not find this group:{owned_by_cat}"),
        705,
    )
    .await;
}

#[tokio::test]
async fn room_ids_of_another_app_name_nothing() {
    let fx = Fixture::new().await;
    let id = fx.room("ann", &["bob"]).await;
    // A user token of the same name in another app is not this app's user.
    let other = fx.server.signer.issue(&Claims {
        app_id: fx.server.app.id + 1,
        subject: Subject::App,
        issued_ms: now_ms(),
        expires_ms: None,
    });
    let response = fx
        .send(Method::GET, &format!("/chatrooms/{id}"), &other, None)
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let response = fx
        .server
        .http
        .get(fx.url(&format!("/chatrooms/{id}")))
        .send()
        .await
        .expect("request");
    easemob_error(
        response,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
}
