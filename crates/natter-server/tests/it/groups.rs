//! Groups and group members over real HTTP (groups-chatrooms §2–§3), and the Web SDK's group calls with
//! user tokens (SDK-REST §3.6–§3.7): success shapes, every documented error row, the role rules, and
//! the codes the SDK derives from each refusal (ERRORS.md §2.2, re-implemented below). Users are created
//! through a second handle on the server's database file (hashing passwords over HTTP only slows tests).

use crate::{TestServer, easemob_error};
use natter_core::{GroupLimits, NewUser, UserName};
use natter_server::token::{Claims, Subject};
use natter_store::{GroupStore, UserStore};
use natter_store_sqlite::SqliteStore;
use reqwest::Method;
use serde_json::{Value, json};

pub(crate) struct Fixture {
    pub(crate) server: TestServer,
    pub(crate) store: SqliteStore,
    pub(crate) app_token: String,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

impl Fixture {
    /// A server whose app holds the users `names`, and an app token for it.
    pub(crate) async fn new(names: &[&str]) -> Fixture {
        let server = TestServer::start().await;
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
        fixture.create_users(names).await;
        fixture
    }

    pub(crate) async fn create_users(&self, names: &[&str]) {
        if names.is_empty() {
            return;
        }
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

    pub(crate) fn user_token(&self, name: &str) -> String {
        self.server.signer.issue(&Claims {
            app_id: self.server.app.id,
            subject: Subject::User(name.to_string()),
            issued_ms: now_ms(),
            expires_ms: None,
        })
    }

    async fn set_limits(&self, limits: GroupLimits) {
        self.store
            .set_group_settings(self.server.app.id, limits)
            .await
            .expect("settings");
    }

    fn url(&self, path: &str) -> String {
        self.server.url(&format!("/acme/chat{path}"))
    }

    /// `method /acme/chat{path}` with `token` and, if given, a JSON body.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
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

    pub(crate) async fn app(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        self.send(method, path, &self.app_token, body).await
    }

    pub(crate) async fn as_user(
        &self,
        user: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        self.send(method, path, &self.user_token(user), body).await
    }

    /// Creates a group with the app token and returns its id.
    pub(crate) async fn group(&self, body: Value) -> String {
        let reply = ok(self.app(Method::POST, "/chatgroups", Some(body)).await).await;
        reply["data"]["groupid"].as_str().expect("groupid").to_string()
    }

    pub(crate) async fn details(&self, group: &str) -> Value {
        let reply = ok(self.app(Method::GET, &format!("/chatgroups/{group}"), None).await).await;
        reply["data"][0].clone()
    }

    /// `{"owner": …}` / `{"member": …}` of the member list, as `(key, user)`.
    pub(crate) async fn members(&self, group: &str) -> Vec<(String, String)> {
        let reply = ok(self
            .app(Method::GET, &format!("/chatgroups/{group}/users"), None)
            .await)
        .await;
        reply["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|item| {
                let (key, value) = item.as_object().expect("item").iter().next().expect("a key");
                (key.clone(), value.as_str().expect("user").to_string())
            })
            .collect()
    }
}

/// Asserts a 200 JSON reply and returns its body.
pub(crate) async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status.as_u16(), 200, "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|ms| ms > 1_600_000_000_000),
        "{body}"
    );
    assert!(body["duration"].is_i64(), "{body}");
    body
}

/// What the Web SDK's REST error mapper (`T()`, ERRORS.md §2.2) reports for a refusal on a URL: the
/// branches of the statuses a group call can get.
pub(crate) fn sdk_code(status: u16, url: &str, body: &Value) -> i64 {
    let description = body["error_description"].as_str().unwrap_or("");
    let code = body["error_code"].as_i64();
    let groups = url.contains("chatgroups");
    match status {
        400 if code == Some(60005) => 609,
        400 if code == Some(60010)
            && description.contains("exceeds chatgroup user metadata single value limit") =>
        {
            50
        }
        400 if code == Some(60010) => 52,
        400 if description.contains("are not members of this group") => {
            if groups {
                602
            } else {
                702
            }
        }
        400 if description == "groupId can not be null!" => 605,
        401 if matches!(code, Some(40001 | 60001)) || description == "Unable to authenticate (OAuth)" => 52,
        403 => match code {
            Some(40000 | 60004 | 15002) => 505,
            Some(40003 | 40004) => 1301,
            Some(40005 | 40007 | 91002 | 91101) => 50,
            Some(60002) => 603,
            Some(91102) => -3,
            _ if description == "group member list is full!" => {
                if groups {
                    606
                } else {
                    704
                }
            }
            _ if description.contains("invite users to join group failed")
                && description.contains("already in group") =>
            {
                601
            }
            _ if description.contains("are not members of this group") => {
                if groups {
                    602
                } else {
                    702
                }
            }
            _ if description.contains("members size is greater than max user size !") => 607,
            _ if description.contains("can not operate this group, reason: group is disabled") => 608,
            _ => 603,
        },
        404 if description.contains("do not find this group") || description.contains("does not exist") => {
            if groups {
                605
            } else {
                705
            }
        }
        404 if description.contains("user not found") => 204,
        _ => 17,
    }
}

/// Asserts the Easemob error body and the code the Web SDK reports for it.
pub(crate) async fn refused(
    response: reqwest::Response,
    status: u16,
    error: &str,
    description: &str,
    code: i64,
) -> Value {
    let url = response.url().to_string();
    let body = easemob_error(response, status, error, description).await;
    assert_eq!(sdk_code(status, &url, &body), code, "SDK code for {body}");
    body
}

#[tokio::test]
async fn creating_a_group_and_reading_its_details() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    let reply = ok(fixture
        .app(
            Method::POST,
            "/chatgroups",
            Some(json!({
                "groupname": "testgroup", "avatar": "https://example.com/a.png", "description": "about it",
                "public": true, "maxusers": 300, "allowinvites": true, "membersonly": true,
                "invite_need_confirm": false, "owner": "alice", "members": ["bob", "Carol", "alice"],
                "custom": "ext-1",
            })),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "post");
    assert_eq!(reply["entities"], json!([]));
    assert_eq!(reply["organization"], "acme");
    assert_eq!(reply["applicationName"], "chat");
    let group = reply["data"]["groupid"].as_str().expect("groupid").to_string();
    assert!(
        group.parse::<u64>().is_ok_and(|id| id > 0),
        "a decimal u64: {group}"
    );

    let details = ok(fixture
        .app(Method::GET, &format!("/chatgroups/{group}"), None)
        .await)
    .await;
    assert_eq!(details["count"], 1);
    let item = &details["data"][0];
    assert_eq!(item["id"], group.as_str());
    assert_eq!(item["name"], "testgroup");
    assert_eq!(item["avatar"], "https://example.com/a.png");
    assert_eq!(item["description"], "about it");
    assert_eq!(item["public"], true);
    assert_eq!(item["membersonly"], true);
    assert_eq!(
        item["allowinvites"], false,
        "forced off for public groups on create (G1)"
    );
    assert_eq!(item["maxusers"], 300);
    assert_eq!(item["owner"], "alice");
    assert_eq!(item["custom"], "ext-1");
    assert_eq!(item["mute"], false);
    assert_eq!(item["disabled"], false);
    assert_eq!(
        item["affiliations_count"], 3,
        "the owner counts; repeats and the owner as member do not"
    );
    assert_eq!(
        item["affiliations"],
        json!([{"owner": "alice"}, {"member": "bob"}, {"member": "carol"}])
    );
    assert!(item["created"].as_i64().is_some_and(|ms| ms > 1_600_000_000_000));

    // The SDK's `joined_time=true` puts join times on the affiliations.
    let timed = ok(fixture
        .app(
            Method::GET,
            &format!("/chatgroups/{group}?joined_time=true"),
            None,
        )
        .await)
    .await;
    assert!(
        timed["data"][0]["affiliations"][1]["joined_time"]
            .as_i64()
            .is_some(),
        "{timed}"
    );

    // Defaults: private, 200 members, no invitations by members unless asked, the SDK's `desc`/`approval`.
    let private = fixture
        .group(
            json!({"groupname": "p", "desc": "sdk wording", "public": false, "owner": "bob",
                      "approval": true, "allowinvites": true}),
        )
        .await;
    let item = fixture.details(&private).await;
    assert_eq!(
        (item["public"].clone(), item["maxusers"].clone()),
        (json!(false), json!(200))
    );
    assert_eq!(item["description"], "sdk wording");
    assert_eq!(item["allowinvites"], true);
    assert_eq!(
        item["membersonly"], false,
        "approval means something for public groups only"
    );

    // Several ids, comma-separated (also `%2C`): in request order, a missing one marked.
    let both = ok(fixture
        .app(Method::GET, &format!("/chatgroups/{private},{group},123"), None)
        .await)
    .await;
    assert_eq!(both["count"], 3);
    assert_eq!(both["data"][0]["id"], private.as_str());
    assert_eq!(both["data"][1]["id"], group.as_str());
    assert_eq!(
        both["data"][2],
        json!({"id": "123", "error": "group id doesn't exist"})
    );
    let encoded = ok(fixture
        .app(Method::GET, &format!("/chatgroups/{private}%2C{group}"), None)
        .await)
    .await;
    assert_eq!(encoded["count"], 2);

    // A missing group: 404 in the documented wording, which the SDK reports as 605.
    refused(
        fixture.app(Method::GET, "/chatgroups/123456", None).await,
        404,
        "resource_not_found",
        "grpID 123456 does not exist!",
        605,
    )
    .await;
    refused(
        fixture.app(Method::GET, "/chatgroups/not-a-number", None).await,
        404,
        "resource_not_found",
        "grpID not-a-number does not exist!",
        605,
    )
    .await;
    refused(
        fixture.app(Method::GET, "/chatgroups/9,8", None).await,
        404,
        "resource_not_found",
        "grpID 9 does not exist!",
        605,
    )
    .await;
}

#[tokio::test]
async fn create_refusals_are_the_documented_ones() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    let create = |body: Value| fixture.app(Method::POST, "/chatgroups", Some(body));
    refused(
        create(json!({"public": true})).await,
        400,
        "invalid_parameter",
        "owner must be provided",
        17,
    )
    .await;
    refused(
        create(json!({"owner": "alice"})).await,
        400,
        "invalid_parameter",
        "group must contain public field!",
        17,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": true, "avatar": "a".repeat(1025)})).await,
        400,
        "invalid_parameter",
        "avatar length is too big",
        17,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": true, "groupname": "n".repeat(129)})).await,
        403,
        "exceed_limit",
        "title cannot exceed to 128",
        603,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": true, "description": "d".repeat(513)})).await,
        403,
        "exceed_limit",
        "desc cannot exceed to 512",
        603,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": true, "maxusers": 3001})).await,
        403,
        "exceed_limit",
        "maxUsers cannot exceed 3000",
        603,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": true, "custom": "c".repeat(8193)})).await,
        400,
        "illegal_argument",
        "custom length is too big",
        17,
    )
    .await;
    refused(
        create(json!({"owner": "ghost", "public": true})).await,
        404,
        "resource_not_found",
        "username ghost doesn't exist!",
        17,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": true, "members": ["bob", "nobody"]})).await,
        404,
        "resource_not_found",
        "username nobody doesn't exist!",
        17,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": true, "maxusers": 2, "members": ["bob", "carol"]})).await,
        403,
        "exceed_limit",
        "members size is greater than max user size !",
        607,
    )
    .await;
    refused(
        create(json!({"owner": "alice", "public": "maybe"})).await,
        400,
        "illegal_argument",
        "public must be a boolean",
        17,
    )
    .await;
    refused(
        create(json!(["alice"])).await,
        400,
        "illegal_argument",
        "this is an invalid request.",
        17,
    )
    .await;
    let bad_json = fixture
        .server
        .http
        .post(fixture.url("/chatgroups"))
        .bearer_auth(&fixture.app_token)
        .header("content-type", "application/json")
        .body("{\"owner\"=1}")
        .send()
        .await
        .expect("request");
    assert_eq!(bad_json.status().as_u16(), 400);
    let body: Value = bad_json.json().await.expect("json");
    assert_eq!(body["error"], "json_parse");

    // Quotas per app and per user, from the app's group settings.
    fixture
        .set_limits(GroupLimits {
            max_groups_per_app: Some(1),
            max_groups_per_user: 1,
            ..GroupLimits::default()
        })
        .await;
    fixture
        .group(json!({"owner": "alice", "public": true, "members": ["bob"]}))
        .await;
    refused(
        create(json!({"owner": "carol", "public": true})).await,
        403,
        "exceed_limit",
        "appKey:acme#chat has create too many groups!",
        603,
    )
    .await;
    fixture
        .set_limits(GroupLimits {
            max_groups_per_user: 1,
            ..GroupLimits::default()
        })
        .await;
    refused(
        create(json!({"owner": "carol", "public": true, "members": ["bob"]})).await,
        403,
        "exceed_limit",
        "user bob has joined too many groups!",
        603,
    )
    .await;
    // The plan's member cap bounds `maxusers`, and its default.
    fixture.set_limits(GroupLimits::FREE).await;
    let listed = ok(fixture.app(Method::GET, "/chatgroups", None).await).await;
    let only = listed["data"][0]["groupid"].as_str().expect("id").to_string();
    ok(fixture
        .app(Method::DELETE, &format!("/chatgroups/{only}"), None)
        .await)
    .await;
    let small = fixture.group(json!({"owner": "carol", "public": false})).await;
    assert_eq!(fixture.details(&small).await["maxusers"], 100);
    ok(fixture
        .app(Method::DELETE, &format!("/chatgroups/{small}"), None)
        .await)
    .await;
    refused(
        create(json!({"owner": "carol", "public": true, "maxusers": 101})).await,
        403,
        "exceed_limit",
        "maxUsers cannot exceed 100",
        603,
    )
    .await;

    // A user token creates groups it owns only.
    refused(
        fixture
            .as_user(
                "bob",
                Method::POST,
                "/chatgroups",
                Some(json!({"owner": "alice", "public": true})),
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
async fn listing_every_group_pages_with_a_cursor() {
    let fixture = Fixture::new(&["alice", "bob"]).await;
    let first = fixture
        .group(json!({"groupname": "one", "owner": "alice", "public": true, "members": ["bob"]}))
        .await;
    let second = fixture
        .group(json!({"groupname": "two", "owner": "bob", "public": false}))
        .await;
    let third = fixture
        .group(json!({"groupname": "three", "owner": "alice", "public": true}))
        .await;

    let page = ok(fixture.app(Method::GET, "/chatgroups?limit=2", None).await).await;
    assert_eq!(page["count"], 2);
    assert_eq!(page["params"], json!({"limit": ["2"]}));
    let ids: Vec<&str> = page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|item| item["groupid"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, [third.as_str(), second.as_str()], "newest first");
    let item = &page["data"][1];
    assert_eq!(item["owner"], "acme#chat_bob");
    assert_eq!(item["groupname"], "two");
    assert_eq!(item["type"], "group");
    assert_eq!(item["affiliations"], 1);
    assert!(
        item["lastModified"]
            .as_str()
            .is_some_and(|ms| ms.parse::<i64>().is_ok()),
        "a string of ms"
    );
    let cursor = page["cursor"].as_str().expect("a cursor while more").to_string();
    let rest = ok(fixture
        .app(Method::GET, &format!("/chatgroups?limit=2&cursor={cursor}"), None)
        .await)
    .await;
    assert_eq!(rest["count"], 1);
    assert_eq!(rest["data"][0]["groupid"], first.as_str());
    assert_eq!(rest["data"][0]["affiliations"], 2);
    assert!(
        rest.get("cursor").is_none(),
        "the last page has no cursor: {rest}"
    );
    let all = ok(fixture.app(Method::GET, "/chatgroups", None).await).await;
    assert_eq!(all["count"], 3, "the default page is 10");

    refused(
        fixture.app(Method::GET, "/chatgroups?limit=0", None).await,
        400,
        "illegal_argument",
        "limit must be a number of at least 1",
        17,
    )
    .await;
    refused(
        fixture
            .app(Method::GET, "/chatgroups?cursor=nonsense", None)
            .await,
        400,
        "illegal_argument",
        "cursor is invalid",
        17,
    )
    .await;
    refused(
        fixture.as_user("alice", Method::GET, "/chatgroups", None).await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
        17,
    )
    .await;

    // The SDK's public list: `version=v3` reads `id`/`name`, agora-chat `groupid`/`groupname`.
    let public = ok(fixture
        .as_user("bob", Method::GET, "/publicchatgroups?limit=10", None)
        .await)
    .await;
    assert_eq!(
        public["data"],
        json!([{"groupid": third, "groupname": "three"}, {"groupid": first, "groupname": "one"}])
    );
    let v3 = ok(fixture
        .as_user(
            "bob",
            Method::GET,
            "/publicchatgroups?version=v3&limit=1&cursor=",
            None,
        )
        .await)
    .await;
    assert_eq!(v3["data"], json!([{"id": third, "name": "three"}]));
    let next = v3["cursor"].as_str().expect("cursor");
    let v3 = ok(fixture
        .as_user(
            "bob",
            Method::GET,
            &format!("/publicchatgroups?version=v3&limit=1&cursor={next}"),
            None,
        )
        .await)
    .await;
    assert_eq!(v3["data"], json!([{"id": first, "name": "one"}]));
}

#[tokio::test]
async fn a_users_groups_in_every_shape() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    let mut ids = Vec::new();
    for index in 0..6 {
        ids.push(fixture.group(json!({"groupname": format!("g{index}"), "owner": "alice", "public": true, "members": ["bob"]})).await);
    }
    ok(fixture
        .app(
            Method::POST,
            &format!("/chatgroups/{}/admin", ids[1]),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;

    // G6: `entities`, `total`, 5 per page by default, pages from 0.
    let first = ok(fixture.app(Method::GET, "/chatgroups/user/bob", None).await).await;
    assert_eq!(first["total"], 6);
    let entities = first["entities"].as_array().expect("entities");
    assert_eq!(entities.len(), 5);
    let entity = &entities[0];
    assert_eq!(entity["id"], ids[0].as_str());
    assert_eq!(entity["groupId"], ids[0].as_str());
    assert_eq!(entity["name"], "g0");
    assert_eq!(entity["owner"], "alice");
    assert_eq!(
        (
            entity["public"].clone(),
            entity["membersonly"].clone(),
            entity["maxusers"].clone()
        ),
        (json!(true), json!(false), json!(200))
    );
    assert!(entity.get("permission").is_none() && entity.get("affiliations_count").is_none());
    assert!(!first["uri"].as_str().expect("uri").contains("joined_chatgroups"));
    let second = ok(fixture
        .app(Method::GET, "/chatgroups/user/bob?pagesize=5&pagenum=1", None)
        .await)
    .await;
    assert_eq!(second["entities"].as_array().expect("entities").len(), 1);
    assert_eq!(second["entities"][0]["id"], ids[5].as_str());
    // The SDK's form, with its own token.
    let sdk = ok(fixture
        .as_user(
            "bob",
            Method::GET,
            "/chatgroups/user/bob?pagenum=0&pagesize=20&needAffiliations=true&needRole=true&version=v3",
            None,
        )
        .await)
    .await;
    assert_eq!(sdk["entities"].as_array().expect("entities").len(), 6);
    assert_eq!(sdk["entities"][0]["affiliations_count"], 2);
    assert_eq!(sdk["entities"][0]["permission"], "member");
    assert_eq!(sdk["entities"][1]["permission"], "admin");
    let count = ok(fixture
        .as_user("bob", Method::GET, "/chatgroups/user/bob/joined_count", None)
        .await)
    .await;
    assert_eq!(count["data"], 6);

    // `/users/{u}/joined_chatgroups`: every group without paging; v1 and v3 keys; `uri` names the path.
    let all = ok(fixture
        .app(Method::GET, "/users/bob/joined_chatgroups", None)
        .await)
    .await;
    assert_eq!(all["count"], 6);
    assert_eq!(all["data"][0], json!({"groupid": ids[0], "groupname": "g0"}));
    assert!(all["uri"].as_str().expect("uri").contains("joined_chatgroups"));
    let v3 = ok(fixture
        .as_user(
            "bob",
            Method::GET,
            "/users/bob/joined_chatgroups?pagenum=0&pagesize=2&version=v3",
            None,
        )
        .await)
    .await;
    assert_eq!(
        v3["data"],
        json!([{"id": ids[0], "name": "g0", "disabled": false, "permission": "member"},
               {"id": ids[1], "name": "g1", "disabled": false, "permission": "admin"}])
    );
    let page = ok(fixture
        .as_user(
            "alice",
            Method::GET,
            "/users/alice/joined_chatgroups?pagenum=2&pagesize=2&version=v3",
            None,
        )
        .await)
    .await;
    assert_eq!(page["data"][0]["permission"], "owner");
    assert_eq!(page["data"][0]["id"], ids[4].as_str());
    assert_eq!(
        ok(fixture
            .app(Method::GET, "/users/carol/joined_chatgroups", None)
            .await)
        .await["data"],
        json!([])
    );

    // Another user's groups are not a user token's business; an unknown user is the generic 404.
    for path in [
        "/users/bob/joined_chatgroups",
        "/chatgroups/user/bob",
        "/chatgroups/user/bob/joined_count",
    ] {
        refused(
            fixture.as_user("carol", Method::GET, path, None).await,
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token",
            17,
        )
        .await;
    }
    refused(
        fixture.app(Method::GET, "/chatgroups/user/nobody", None).await,
        404,
        "service_resource_not_found",
        "Service resource not found",
        17,
    )
    .await;
    refused(
        fixture
            .app(Method::GET, "/users/nobody/joined_chatgroups", None)
            .await,
        404,
        "service_resource_not_found",
        "Service resource not found",
        17,
    )
    .await;
    refused(
        fixture
            .app(Method::GET, "/chatgroups/user/bob?pagesize=0", None)
            .await,
        400,
        "illegal_argument",
        "pagesize must be a number of at least 1",
        17,
    )
    .await;

    // G7: membership.
    let joined = ok(fixture
        .app(
            Method::GET,
            &format!("/chatgroups/{}/user/bob/is_joined", ids[0]),
            None,
        )
        .await)
    .await;
    assert_eq!(joined["data"], true);
    let not_joined = ok(fixture
        .app(
            Method::POST,
            &format!("/chatgroups/{}/user/carol/is_joined", ids[0]),
            None,
        )
        .await)
    .await;
    assert_eq!(not_joined["data"], false);
    let unknown = ok(fixture
        .app(Method::GET, "/chatgroups/42/user/bob/is_joined", None)
        .await)
    .await;
    assert_eq!(unknown["data"], false);
}

#[tokio::test]
async fn modifying_a_group_changes_only_the_documented_fields() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    let group = fixture
        .group(json!({"groupname": "before", "owner": "alice", "public": false, "members": ["bob", "carol"]}))
        .await;
    let path = format!("/chatgroups/{group}");
    let reply = ok(fixture
        .app(
            Method::PUT,
            &path,
            Some(
                json!({"groupname": "after", "description": "new", "maxusers": 50, "membersonly": true,
                        "allowinvites": true, "invite_need_confirm": false, "public": true, "custom": "c2",
                        "avatar": "https://example.com/b.png"}),
            ),
        )
        .await)
    .await;
    assert_eq!(reply["action"], "put");
    assert_eq!(
        reply["data"],
        json!({"groupname": true, "description": true, "maxusers": true, "membersonly": true, "allowinvites": true,
               "invite_need_confirm": true, "public": true, "custom": true, "avatar": true})
    );
    let item = fixture.details(&group).await;
    assert_eq!(
        (
            item["name"].clone(),
            item["description"].clone(),
            item["maxusers"].clone()
        ),
        (json!("after"), json!("new"), json!(50))
    );
    assert_eq!(
        (
            item["public"].clone(),
            item["membersonly"].clone(),
            item["allowinvites"].clone()
        ),
        (json!(true), json!(true), json!(true))
    );
    assert_eq!(
        (item["custom"].clone(), item["avatar"].clone()),
        (json!("c2"), json!("https://example.com/b.png"))
    );
    assert_eq!(
        ok(fixture.app(Method::PUT, &path, Some(json!({}))).await).await["data"],
        json!({})
    );

    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"groupid": "x"})))
            .await,
        400,
        "invalid_parameter",
        "some of [groupid] are not valid fields",
        17,
    )
    .await;
    refused(
        fixture
            .app(
                Method::PUT,
                &path,
                Some(json!({"groupname": "x", "owner": "bob", "title": "t"})),
            )
            .await,
        400,
        "invalid_parameter",
        "some of [owner, title] are not valid fields",
        17,
    )
    .await;
    assert_eq!(
        fixture.details(&group).await["name"],
        "after",
        "a refused change writes nothing"
    );
    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"maxusers": 2})))
            .await,
        403,
        "exceed_limit",
        "members size is greater than max user size !",
        607,
    )
    .await;
    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"maxusers": 3001})))
            .await,
        403,
        "exceed_limit",
        "maxUsers cannot exceed 3000",
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"groupname": "n".repeat(129)})))
            .await,
        403,
        "exceed_limit",
        "title cannot exceed to 128",
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"membersonly": 3})))
            .await,
        400,
        "illegal_argument",
        "membersonly must be a boolean",
        17,
    )
    .await;
    refused(
        fixture
            .app(Method::PUT, "/chatgroups/777", Some(json!({"groupname": "x"})))
            .await,
        404,
        "resource_not_found",
        "grpID 777 does not exist!",
        605,
    )
    .await;

    // User tokens: owners and admins modify (the SDK's `modifyGroup` body); members and strangers do not.
    ok(fixture
        .app(
            Method::POST,
            &format!("{path}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    let sdk_body = json!({"groupname": "by admin", "avatar": "", "description": "d", "custom": "e"});
    let by_admin = ok(fixture
        .as_user(
            "bob",
            Method::PUT,
            &format!("{path}?resource=web_1"),
            Some(sdk_body.clone()),
        )
        .await)
    .await;
    assert_eq!(
        by_admin["data"],
        json!({"groupname": true, "avatar": true, "description": true, "custom": true})
    );
    ok(fixture
        .as_user(
            "alice",
            Method::PUT,
            &path,
            Some(json!({"groupname": "by owner"})),
        )
        .await)
    .await;
    refused(
        fixture
            .as_user("carol", Method::PUT, &path, Some(sdk_body.clone()))
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fixture.as_user("dave", Method::PUT, &path, Some(sdk_body)).await,
        403,
        "forbidden_op",
        "users [dave] are not members of this group!",
        602,
    )
    .await;
    assert_eq!(fixture.details(&group).await["name"], "by owner");
}

#[tokio::test]
async fn transferring_ownership() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    let group = fixture
        .group(json!({"owner": "alice", "public": true, "members": ["bob", "carol"]}))
        .await;
    let path = format!("/chatgroups/{group}");
    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"newowner": "dave"})))
            .await,
        403,
        "forbidden_op",
        &format!("user: dave doesn't exist in group: {group}"),
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"newowner": "ghost"})))
            .await,
        403,
        "forbidden_op",
        &format!("user: ghost doesn't exist in group: {group}"),
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::PUT, &path, Some(json!({"newowner": "alice"})))
            .await,
        403,
        "forbidden_op",
        "new owner and old owner are the same",
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::PUT, "/chatgroups/4242", Some(json!({"newowner": "bob"})))
            .await,
        404,
        "resource_not_found",
        "grpID 4242 does not exist!",
        605,
    )
    .await;

    let reply = ok(fixture
        .app(Method::PUT, &path, Some(json!({"newowner": "bob"})))
        .await)
    .await;
    assert_eq!(reply["data"], json!({"newowner": true}));
    assert_eq!(fixture.details(&group).await["owner"], "bob");
    assert_eq!(
        fixture.members(&group).await,
        [
            ("member".to_string(), "alice".to_string()),
            ("owner".into(), "bob".into()),
            ("member".into(), "carol".into())
        ]
    );

    // User tokens: only the owner transfers (the SDK's `changeGroupOwner`).
    ok(fixture
        .app(
            Method::POST,
            &format!("{path}/admin"),
            Some(json!({"newadmin": "carol"})),
        )
        .await)
    .await;
    refused(
        fixture
            .as_user("carol", Method::PUT, &path, Some(json!({"newowner": "carol"})))
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fixture
            .as_user("alice", Method::PUT, &path, Some(json!({"newowner": "alice"})))
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    ok(fixture
        .as_user(
            "bob",
            Method::PUT,
            &format!("{path}?resource=web_1"),
            Some(json!({"newowner": "carol"})),
        )
        .await)
    .await;
    assert_eq!(fixture.details(&group).await["owner"], "carol");
    let admins = ok(fixture.app(Method::GET, &format!("{path}/admin"), None).await).await;
    assert_eq!(
        admins["data"],
        json!([]),
        "the admin who became owner is no admin now"
    );
}

#[tokio::test]
async fn dissolving_a_group() {
    let fixture = Fixture::new(&["alice", "bob"]).await;
    let group = fixture
        .group(json!({"owner": "alice", "public": true, "members": ["bob"]}))
        .await;
    let path = format!("/chatgroups/{group}");
    refused(
        fixture.as_user("bob", Method::DELETE, &path, None).await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    let reply = ok(fixture.app(Method::DELETE, &path, None).await).await;
    assert_eq!(reply["action"], "delete");
    assert_eq!(reply["data"], json!({"success": true, "groupid": group}));
    refused(
        fixture.app(Method::DELETE, &path, None).await,
        404,
        "resource_not_found",
        &format!("grpID {group} does not exist!"),
        605,
    )
    .await;
    assert_eq!(
        ok(fixture
            .app(Method::GET, "/users/bob/joined_chatgroups", None)
            .await)
        .await["count"],
        0
    );

    // The SDK's `destroyGroup` sends `version=v3` and reads `{id, success}`.
    let group = fixture.group(json!({"owner": "alice", "public": true})).await;
    let reply = ok(fixture
        .as_user(
            "alice",
            Method::DELETE,
            &format!("/chatgroups/{group}?version=v3&resource=web_1"),
            None,
        )
        .await)
    .await;
    assert_eq!(reply["data"], json!({"id": group, "success": true}));
}

#[tokio::test]
async fn adding_and_removing_members() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave", "erin", "frank"]).await;
    let group = fixture
        .group(json!({"owner": "alice", "public": false, "maxusers": 4}))
        .await;
    let users = format!("/chatgroups/{group}/users");

    // M2: one user.
    let reply = ok(fixture
        .app(
            Method::POST,
            &format!("{users}/bob?need_notify=false"),
            Some(json!({})),
        )
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!({"result": true, "groupid": group, "action": "add_member", "user": "bob"})
    );
    refused(
        fixture.app(Method::POST, &format!("{users}/bob"), None).await,
        403,
        "forbidden_op",
        &format!("can not join this group, reason:user: bob already in group: {group}\n"),
        603,
    )
    .await;
    refused(
        fixture.app(Method::POST, &format!("{users}/ghost"), None).await,
        404,
        "resource_not_found",
        "username ghost doesn't exist!",
        17,
    )
    .await;
    refused(
        fixture.app(Method::POST, "/chatgroups/999/users/bob", None).await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;

    // M3: a batch; refused only when everyone is in already.
    let reply = ok(fixture
        .app(Method::POST, &users, Some(json!({"usernames": ["bob", "carol"]})))
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!({"newmembers": ["carol"], "groupid": group, "action": "add_member"})
    );
    refused(
        fixture
            .app(Method::POST, &users, Some(json!({"usernames": ["bob", "carol"]})))
            .await,
        403,
        "forbidden_op",
        &format!("an not join this group, reason:user: bob, carol already in group: {group}\n"),
        603,
    )
    .await;
    let many: Vec<String> = (0..101).map(|index| format!("u{index}")).collect();
    refused(
        fixture
            .app(Method::POST, &users, Some(json!({"usernames": many})))
            .await,
        403,
        "exceed_limit",
        "members size is greater than max user size !",
        607,
    )
    .await;
    refused(
        fixture
            .app(Method::POST, &users, Some(json!({"usernames": []})))
            .await,
        400,
        "invalid_parameter",
        "usernames must be provided",
        17,
    )
    .await;
    refused(
        fixture
            .app(
                Method::POST,
                &users,
                Some(json!({"usernames": ["dave", "ghost"]})),
            )
            .await,
        404,
        "resource_not_found",
        "username ghost doesn't exist!",
        17,
    )
    .await;
    // Full at `maxusers` (4 with the owner): the whole batch is refused.
    refused(
        fixture
            .app(Method::POST, &users, Some(json!({"usernames": ["dave", "erin"]})))
            .await,
        403,
        "forbidden_op",
        "group member list is full!",
        606,
    )
    .await;
    ok(fixture.app(Method::POST, &format!("{users}/dave"), None).await).await;
    refused(
        fixture.app(Method::POST, &format!("{users}/erin"), None).await,
        403,
        "forbidden_op",
        "group member list is full!",
        606,
    )
    .await;
    // A user in as many groups as allowed.
    let other = fixture.group(json!({"owner": "frank", "public": true})).await;
    fixture
        .set_limits(GroupLimits {
            max_groups_per_user: 1,
            ..GroupLimits::default()
        })
        .await;
    refused(
        fixture
            .app(Method::POST, &format!("/chatgroups/{other}/users/bob"), None)
            .await,
        403,
        "exceed_limit",
        "user bob has joined too many groups!",
        603,
    )
    .await;
    fixture.set_limits(GroupLimits::default()).await;

    // M1: pages and the SDK's cursor mode.
    let page = ok(fixture
        .app(
            Method::GET,
            &format!("{users}?pagenum=2&pagesize=2&joined_time=true"),
            None,
        )
        .await)
    .await;
    assert_eq!(page["count"], 2);
    assert_eq!(
        page["params"],
        json!({"pagenum": ["2"], "pagesize": ["2"], "joined_time": ["true"]})
    );
    assert_eq!(page["data"][0]["member"], "carol");
    assert!(page["data"][0]["joined_time"].as_i64().is_some());
    assert_eq!(
        fixture.members(&group).await,
        [
            ("owner".to_string(), "alice".to_string()),
            ("member".into(), "bob".into()),
            ("member".into(), "carol".into()),
            ("member".into(), "dave".into())
        ]
    );
    ok(fixture
        .app(
            Method::POST,
            &format!("/chatgroups/{group}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    assert_eq!(
        fixture.members(&group).await[1],
        ("member".to_string(), "bob".to_string()),
        "admins list as members (M1)"
    );
    let first = ok(fixture
        .as_user(
            "carol",
            Method::GET,
            &format!("{users}?cursor=undefined&limit=3&joined_time=true&_v=1"),
            None,
        )
        .await)
    .await;
    let keys: Vec<String> = first["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|item| {
            let object = item.as_object().expect("item");
            assert!(object["joined_time"].as_i64().is_some());
            object
                .keys()
                .find(|key| *key != "joined_time")
                .expect("role key")
                .clone()
        })
        .collect();
    assert_eq!(keys, ["owner", "admin", "member"]);
    let cursor = first["cursor"].as_str().expect("cursor");
    let rest = ok(fixture
        .as_user(
            "carol",
            Method::GET,
            &format!("{users}?cursor={cursor}&limit=3"),
            None,
        )
        .await)
    .await;
    assert_eq!(
        rest["data"],
        json!([{"member": "dave", "joined_time": rest["data"][0]["joined_time"]}])
    );
    assert!(rest.get("cursor").is_none());
    refused(
        fixture.app(Method::GET, "/chatgroups/31337/users", None).await,
        404,
        "service_resource_not_found",
        "do not find this group:31337",
        605,
    )
    .await;

    // M4: one user.
    refused(
        fixture.app(Method::DELETE, &format!("{users}/erin"), None).await,
        403,
        "forbidden_op",
        "users [erin] are not members of this group!",
        602,
    )
    .await;
    refused(
        fixture.app(Method::DELETE, &format!("{users}/alice"), None).await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    let reply = ok(fixture
        .app(Method::DELETE, &format!("{users}/dave?need_notify=true"), None)
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!({"result": true, "action": "remove_member", "user": "dave", "groupid": group})
    );

    // M5: several; per-user results, refused when the owner is named or nobody is a member.
    let reply = ok(fixture
        .app(Method::DELETE, &format!("{users}/carol,ghost,erin"), None)
        .await)
    .await;
    assert_eq!(
        reply["data"],
        json!([{"result": true, "action": "remove_member", "user": "carol", "groupid": group},
               {"result": false, "action": "remove_member", "reason": "user ghost doesn't exist.", "user": "ghost", "groupid": group},
               {"result": false, "action": "remove_member", "reason": "user erin doesn't exist.", "user": "erin", "groupid": group}])
    );
    refused(
        fixture
            .app(Method::DELETE, &format!("{users}/bob,alice"), None)
            .await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::DELETE, &format!("{users}/erin%2Cfrank"), None)
            .await,
        403,
        "forbidden_op",
        "users [erin, frank] are not members of this group!",
        602,
    )
    .await;
    let sixty_one: Vec<String> = (0..61).map(|index| format!("u{index}")).collect();
    refused(
        fixture
            .app(Method::DELETE, &format!("{users}/{}", sixty_one.join(",")), None)
            .await,
        400,
        "invalid_parameter",
        "kickMember: kickMembers number more than maxSize : 60",
        17,
    )
    .await;
    refused(
        fixture
            .app(Method::DELETE, "/chatgroups/999/users/bob", None)
            .await,
        404,
        "resource_not_found",
        "grpID 999 does not exist!",
        605,
    )
    .await;
    assert_eq!(
        fixture.members(&group).await,
        [
            ("owner".to_string(), "alice".to_string()),
            ("member".into(), "bob".into())
        ]
    );
}

#[tokio::test]
async fn admins_and_their_limit() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    let group = fixture
        .group(json!({"owner": "alice", "public": true, "members": ["bob", "carol"]}))
        .await;
    let admin = format!("/chatgroups/{group}/admin");
    let listed = ok(fixture.app(Method::GET, &admin, None).await).await;
    assert_eq!(
        (listed["data"].clone(), listed["count"].clone()),
        (json!([]), json!(0))
    );

    let reply = ok(fixture
        .app(Method::POST, &admin, Some(json!({"newadmin": "bob"})))
        .await)
    .await;
    assert_eq!(reply["data"], json!({"result": "success", "newadmin": "bob"}));
    let listed = ok(fixture.app(Method::GET, &admin, None).await).await;
    assert_eq!(
        (listed["data"].clone(), listed["count"].clone()),
        (json!(["bob"]), json!(1))
    );
    ok(fixture
        .app(Method::POST, &admin, Some(json!({"newadmin": "bob"})))
        .await)
    .await;

    refused(
        fixture
            .app(Method::POST, &admin, Some(json!({"newadmin": "dave"})))
            .await,
        404,
        "resource_not_found",
        &format!("user: dave doesn't exist in group: {group}"),
        17,
    )
    .await;
    refused(
        fixture
            .app(Method::POST, &admin, Some(json!({"newadmin": "alice"})))
            .await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    refused(
        fixture.app(Method::POST, &admin, Some(json!({}))).await,
        400,
        "invalid_parameter",
        "newadmin must be provided",
        17,
    )
    .await;
    refused(
        fixture
            .app(
                Method::POST,
                "/chatgroups/55/admin",
                Some(json!({"newadmin": "bob"})),
            )
            .await,
        404,
        "resource_not_found",
        "grpID 55 does not exist!",
        605,
    )
    .await;
    refused(
        fixture.app(Method::GET, "/chatgroups/55/admin", None).await,
        404,
        "resource_not_found",
        "grpID 55 does not exist!",
        605,
    )
    .await;
    fixture
        .set_limits(GroupLimits {
            max_admins: 1,
            ..GroupLimits::default()
        })
        .await;
    refused(
        fixture
            .app(Method::POST, &admin, Some(json!({"newadmin": "carol"})))
            .await,
        403,
        "exceed_limit",
        "limit exceeded (40005)",
        50,
    )
    .await;
    fixture.set_limits(GroupLimits::default()).await;

    // User tokens (the SDK's setAdmin / removeAdmin with `version=v3`): only the owner.
    refused(
        fixture
            .as_user(
                "bob",
                Method::POST,
                &format!("{admin}?version=v3"),
                Some(json!({"newadmin": "carol"})),
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    ok(fixture
        .as_user(
            "alice",
            Method::POST,
            &format!("{admin}?version=v3&resource=web_1"),
            Some(json!({"newadmin": "carol"})),
        )
        .await)
    .await;
    let listed = ok(fixture
        .as_user("carol", Method::GET, &format!("{admin}?version=v3"), None)
        .await)
    .await;
    assert_eq!(listed["data"], json!(["bob", "carol"]));
    refused(
        fixture.as_user("dave", Method::GET, &admin, None).await,
        403,
        "forbidden_op",
        "users [dave] are not members of this group!",
        602,
    )
    .await;
    refused(
        fixture
            .as_user("carol", Method::DELETE, &format!("{admin}/bob"), None)
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;

    let reply = ok(fixture
        .as_user("alice", Method::DELETE, &format!("{admin}/bob?version=v3"), None)
        .await)
    .await;
    assert_eq!(reply["data"], json!({"result": "success", "oldadmin": "bob"}));
    refused(
        fixture.app(Method::DELETE, &format!("{admin}/bob"), None).await,
        403,
        "forbidden_op",
        &format!("user:bob is not admin of group:{group}"),
        603,
    )
    .await;
    refused(
        fixture.app(Method::DELETE, &format!("{admin}/ghost"), None).await,
        403,
        "forbidden_op",
        &format!("user:ghost is not admin of group:{group}"),
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::DELETE, "/chatgroups/55/admin/bob", None)
            .await,
        404,
        "resource_not_found",
        "grpID 55 does not exist!",
        605,
    )
    .await;
    assert_eq!(
        ok(fixture.app(Method::GET, &admin, None).await).await["data"],
        json!(["carol"])
    );
}

#[tokio::test]
async fn the_sdk_group_calls_with_user_tokens() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave", "erin"]).await;
    // createGroupVNext's body, defaults included.
    let created = ok(fixture
        .as_user(
            "alice",
            Method::POST,
            "/chatgroups?resource=webim_random_web_1",
            Some(json!({"owner": "alice", "groupname": "sdk", "avatar": "", "desc": "", "members": ["bob"], "public": false,
                        "approval": false, "allowinvites": true, "invite_need_confirm": false, "maxusers": 200, "custom": ""})),
        )
        .await)
    .await;
    let group = created["data"]["groupid"].as_str().expect("groupid").to_string();
    assert_eq!(
        fixture.members(&group).await.len(),
        2,
        "no confirmation needed: bob is in"
    );
    let info = ok(fixture
        .as_user(
            "bob",
            Method::GET,
            &format!("/chatgroups/{group}?joined_time=true"),
            None,
        )
        .await)
    .await;
    assert_eq!(info["data"][0]["allowinvites"], true);
    // A private group is not readable by strangers; its members list neither.
    refused(
        fixture
            .as_user("carol", Method::GET, &format!("/chatgroups/{group}"), None)
            .await,
        403,
        "forbidden_op",
        "users [carol] are not members of this group!",
        602,
    )
    .await;
    refused(
        fixture
            .as_user(
                "carol",
                Method::GET,
                &format!("/chatgroups/{group}/users?version=v3&pagenum=1&pagesize=10"),
                None,
            )
            .await,
        403,
        "forbidden_op",
        "users [carol] are not members of this group!",
        602,
    )
    .await;
    refused(
        fixture
            .as_user("carol", Method::GET, "/chatgroups/1234", None)
            .await,
        404,
        "resource_not_found",
        "grpID 1234 does not exist!",
        605,
    )
    .await;

    // Invitations: members may invite here (`allowinvites`), without confirmation they join at once.
    let invited = ok(fixture
        .as_user(
            "bob",
            Method::POST,
            &format!("/chatgroups/{group}/invite?resource=web_1"),
            Some(json!({"usernames": ["carol", "alice", "ghost"]})),
        )
        .await)
    .await;
    assert_eq!(
        invited["data"],
        json!([{"action": "invite", "id": group, "result": true, "user": "carol"},
               {"action": "invite", "id": group, "result": false, "user": "alice", "reason": format!("user: alice already in group: {group}")},
               {"action": "invite", "id": group, "result": false, "user": "ghost", "reason": "username ghost doesn't exist!"}])
    );
    assert!(
        fixture
            .members(&group)
            .await
            .contains(&("member".to_string(), "carol".to_string()))
    );
    refused(
        fixture
            .as_user(
                "alice",
                Method::POST,
                &format!("/chatgroups/{group}/invite"),
                Some(json!({"usernames": ["bob", "carol"]})),
            )
            .await,
        403,
        "forbidden_op",
        &format!("invite users to join group failed, reason:user: bob, carol already in group: {group}"),
        601,
    )
    .await;
    refused(
        fixture
            .as_user(
                "dave",
                Method::POST,
                &format!("/chatgroups/{group}/invite"),
                Some(json!({"usernames": ["erin"]})),
            )
            .await,
        403,
        "forbidden_op",
        "users [dave] are not members of this group!",
        602,
    )
    .await;

    // With confirmation: an invitation waits for the invitee's answer.
    ok(fixture
        .app(
            Method::PUT,
            &format!("/chatgroups/{group}"),
            Some(json!({"invite_need_confirm": true, "allowinvites": false})),
        )
        .await)
    .await;
    refused(
        fixture
            .as_user(
                "bob",
                Method::POST,
                &format!("/chatgroups/{group}/invite"),
                Some(json!({"usernames": ["dave"]})),
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    ok(fixture
        .as_user(
            "alice",
            Method::POST,
            &format!("/chatgroups/{group}/invite"),
            Some(json!({"usernames": ["dave", "erin"]})),
        )
        .await)
    .await;
    assert_eq!(
        fixture.members(&group).await.len(),
        3,
        "invitees are not members yet"
    );
    refused(
        fixture
            .as_user(
                "erin",
                Method::POST,
                &format!("/chatgroups/{group}/invite_verify"),
                Some(json!({"invitee": "dave", "verifyResult": true})),
            )
            .await,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
        17,
    )
    .await;
    let accepted = ok(fixture
        .as_user(
            "dave",
            Method::POST,
            &format!("/chatgroups/{group}/invite_verify?resource=web_1"),
            Some(json!({"invitee": "dave", "verifyResult": true})),
        )
        .await)
    .await;
    assert_eq!(
        accepted["data"],
        json!({"action": "accept_invite", "groupid": group, "result": true, "user": "dave"})
    );
    assert_eq!(fixture.members(&group).await.len(), 4);
    ok(fixture
        .as_user(
            "erin",
            Method::POST,
            &format!("/chatgroups/{group}/invite_verify"),
            Some(json!({"invitee": "erin", "verifyResult": false})),
        )
        .await)
    .await;
    refused(
        fixture
            .as_user(
                "erin",
                Method::POST,
                &format!("/chatgroups/{group}/invite_verify"),
                Some(json!({"invitee": "erin", "verifyResult": true})),
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    assert_eq!(
        fixture.members(&group).await.len(),
        4,
        "a declined invitation is gone"
    );

    // Members: admins remove plain members, not admins; members remove nobody.
    ok(fixture
        .as_user(
            "alice",
            Method::POST,
            &format!("/chatgroups/{group}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    ok(fixture
        .as_user(
            "alice",
            Method::POST,
            &format!("/chatgroups/{group}/admin"),
            Some(json!({"newadmin": "carol"})),
        )
        .await)
    .await;
    refused(
        fixture
            .as_user(
                "bob",
                Method::DELETE,
                &format!("/chatgroups/{group}/users/carol"),
                None,
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fixture
            .as_user(
                "dave",
                Method::DELETE,
                &format!("/chatgroups/{group}/users/bob"),
                None,
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    refused(
        fixture
            .as_user(
                "bob",
                Method::DELETE,
                &format!("/chatgroups/{group}/users/alice"),
                None,
            )
            .await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    refused(
        fixture
            .as_user(
                "dave",
                Method::POST,
                &format!("/chatgroups/{group}/users/erin"),
                None,
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    ok(fixture
        .as_user(
            "bob",
            Method::DELETE,
            &format!("/chatgroups/{group}/users/dave?resource=web_1"),
            None,
        )
        .await)
    .await;

    // Quitting: members leave; the owner cannot; strangers are told they are not members.
    let quit = ok(fixture
        .as_user(
            "carol",
            Method::DELETE,
            &format!("/chatgroups/{group}/quit?resource=web_1"),
            None,
        )
        .await)
    .await;
    assert_eq!(quit["data"], json!({"result": true}));
    refused(
        fixture
            .as_user(
                "carol",
                Method::DELETE,
                &format!("/chatgroups/{group}/quit"),
                None,
            )
            .await,
        403,
        "forbidden_op",
        "users [carol] are not members of this group!",
        602,
    )
    .await;
    refused(
        fixture
            .as_user(
                "alice",
                Method::DELETE,
                &format!("/chatgroups/{group}/quit"),
                None,
            )
            .await,
        403,
        "forbidden_op",
        "forbidden operation on group owner!",
        603,
    )
    .await;
    refused(
        fixture
            .app(Method::DELETE, &format!("/chatgroups/{group}/quit"), None)
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;

    // Applying: private groups take invitations only; public ones let users in, or ask for approval.
    refused(
        fixture
            .as_user(
                "erin",
                Method::POST,
                &format!("/chatgroups/{group}/apply"),
                Some(json!({"message": "hi"})),
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    let open = fixture.group(json!({"owner": "alice", "public": true})).await;
    let joined = ok(fixture
        .as_user(
            "erin",
            Method::POST,
            &format!("/chatgroups/{open}/apply?resource=web_1"),
            Some(json!({"message": "hi"})),
        )
        .await)
    .await;
    assert_eq!(
        joined["data"],
        json!({"action": "apply", "id": open, "result": true, "user": "erin"})
    );
    refused(
        fixture
            .as_user(
                "erin",
                Method::POST,
                &format!("/chatgroups/{open}/apply"),
                Some(json!({"message": "again"})),
            )
            .await,
        403,
        "forbidden_op",
        &format!("can not join this group, reason:user: erin already in group: {open}\n"),
        603,
    )
    .await;
    let approval = fixture
        .group(json!({"owner": "alice", "public": true, "membersonly": true, "members": ["bob"]}))
        .await;
    ok(fixture
        .app(
            Method::POST,
            &format!("/chatgroups/{approval}/admin"),
            Some(json!({"newadmin": "bob"})),
        )
        .await)
    .await;
    ok(fixture
        .as_user(
            "erin",
            Method::POST,
            &format!("/chatgroups/{approval}/apply"),
            Some(json!({"message": "let me in"})),
        )
        .await)
    .await;
    ok(fixture
        .as_user(
            "dave",
            Method::POST,
            &format!("/chatgroups/{approval}/apply"),
            Some(json!({"message": "me too"})),
        )
        .await)
    .await;
    assert_eq!(fixture.members(&approval).await.len(), 2, "applications wait");
    refused(
        fixture
            .as_user(
                "erin",
                Method::POST,
                &format!("/chatgroups/{approval}/apply_verify"),
                Some(json!({"applicant": "dave", "verifyResult": true, "reason": "no clue"})),
            )
            .await,
        403,
        "forbidden_op",
        "users [erin] are not members of this group!",
        602,
    )
    .await;
    let approved = ok(fixture
        .as_user(
            "bob",
            Method::POST,
            &format!("/chatgroups/{approval}/apply_verify?resource=web_1"),
            Some(json!({"applicant": "erin", "verifyResult": true, "reason": "no clue"})),
        )
        .await)
    .await;
    assert_eq!(
        approved["data"],
        json!({"action": "accept_apply", "groupid": approval, "result": true, "user": "erin"})
    );
    ok(fixture
        .as_user(
            "alice",
            Method::POST,
            &format!("/chatgroups/{approval}/apply_verify"),
            Some(json!({"applicant": "dave", "verifyResult": false, "reason": "no"})),
        )
        .await)
    .await;
    refused(
        fixture
            .as_user(
                "alice",
                Method::POST,
                &format!("/chatgroups/{approval}/apply_verify"),
                Some(json!({"applicant": "dave", "verifyResult": true})),
            )
            .await,
        403,
        "forbidden_op",
        "permission denied (60002)",
        603,
    )
    .await;
    assert_eq!(
        fixture.members(&approval).await,
        [
            ("owner".to_string(), "alice".to_string()),
            ("member".into(), "bob".into()),
            ("member".into(), "erin".into())
        ]
    );

    // A full group: accepting is refused with the text the SDK reports as 606, and the invitation stays.
    let small = fixture
        .group(json!({"owner": "alice", "public": false, "maxusers": 2, "members": ["bob"]}))
        .await;
    ok(fixture
        .as_user(
            "alice",
            Method::PUT,
            &format!("/chatgroups/{small}"),
            Some(json!({"invite_need_confirm": true})),
        )
        .await)
    .await;
    ok(fixture
        .app(Method::DELETE, &format!("/chatgroups/{small}/users/bob"), None)
        .await)
    .await;
    ok(fixture
        .as_user(
            "alice",
            Method::POST,
            &format!("/chatgroups/{small}/invite"),
            Some(json!({"usernames": ["carol", "dave"]})),
        )
        .await)
    .await;
    ok(fixture
        .as_user(
            "carol",
            Method::POST,
            &format!("/chatgroups/{small}/invite_verify"),
            Some(json!({"invitee": "carol", "verifyResult": true})),
        )
        .await)
    .await;
    refused(
        fixture
            .as_user(
                "dave",
                Method::POST,
                &format!("/chatgroups/{small}/invite_verify"),
                Some(json!({"invitee": "dave", "verifyResult": true})),
            )
            .await,
        403,
        "forbidden_op",
        "group member list is full!",
        606,
    )
    .await;
    ok(fixture
        .app(Method::DELETE, &format!("/chatgroups/{small}/users/carol"), None)
        .await)
    .await;
    ok(fixture
        .as_user(
            "dave",
            Method::POST,
            &format!("/chatgroups/{small}/invite_verify"),
            Some(json!({"invitee": "dave", "verifyResult": true})),
        )
        .await)
    .await;

    // Creating with members and `invite_need_confirm` from a user token invites them.
    let confirm = ok(fixture
        .as_user(
            "erin",
            Method::POST,
            "/chatgroups",
            Some(json!({"owner": "erin", "public": false, "members": ["dave"], "invite_need_confirm": true})),
        )
        .await)
    .await;
    let confirm = confirm["data"]["groupid"].as_str().expect("id").to_string();
    assert_eq!(
        fixture.members(&confirm).await,
        [("owner".to_string(), "erin".to_string())]
    );
    ok(fixture
        .as_user(
            "dave",
            Method::POST,
            &format!("/chatgroups/{confirm}/invite_verify"),
            Some(json!({"invitee": "dave", "verifyResult": true})),
        )
        .await)
    .await;
    assert_eq!(fixture.members(&confirm).await.len(), 2);
}

#[tokio::test]
async fn deleting_a_user_dissolves_its_groups_and_ends_its_memberships() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    let owned = fixture
        .group(json!({"owner": "alice", "public": true, "members": ["bob"]}))
        .await;
    let joined = fixture
        .group(json!({"owner": "bob", "public": true, "members": ["alice", "carol"]}))
        .await;
    ok(fixture.app(Method::DELETE, "/users/alice", None).await).await;
    refused(
        fixture
            .app(Method::GET, &format!("/chatgroups/{owned}"), None)
            .await,
        404,
        "resource_not_found",
        &format!("grpID {owned} does not exist!"),
        605,
    )
    .await;
    assert_eq!(
        fixture.members(&joined).await,
        [
            ("owner".to_string(), "bob".to_string()),
            ("member".into(), "carol".into())
        ]
    );
    assert_eq!(fixture.details(&joined).await["affiliations_count"], 2);
    assert_eq!(
        ok(fixture
            .app(Method::GET, "/users/bob/joined_chatgroups", None)
            .await)
        .await["count"],
        1
    );
}

#[tokio::test]
async fn malformed_requests_get_easemob_bodies() {
    let fixture = Fixture::new(&["alice"]).await;
    let group = fixture.group(json!({"owner": "alice", "public": true})).await;
    let form = fixture
        .server
        .http
        .put(fixture.url(&format!("/chatgroups/{group}")))
        .bearer_auth(&fixture.app_token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("groupname=x")
        .send()
        .await
        .expect("request");
    easemob_error(form, 415, "web_application", "Unsupported Media Type").await;
    refused(
        fixture
            .app(Method::PUT, &format!("/chatgroups/{group}"), Some(json!("text")))
            .await,
        400,
        "illegal_argument",
        "this is an invalid request.",
        17,
    )
    .await;
    refused(
        fixture
            .app(
                Method::POST,
                &format!("/chatgroups/{group}/users"),
                Some(json!({"usernames": [1]})),
            )
            .await,
        400,
        "illegal_argument",
        "usernames must be strings",
        17,
    )
    .await;
    let unauthenticated = fixture
        .server
        .http
        .get(fixture.url(&format!("/chatgroups/{group}")))
        .send()
        .await
        .expect("request");
    easemob_error(
        unauthenticated,
        401,
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .await;
    // The trailing slash of ease-restapi's paths names the same resource.
    let slash = ok(fixture
        .app(Method::GET, &format!("/chatgroups/{group}/users/"), None)
        .await)
    .await;
    assert_eq!(slash["count"], 1);
}

#[tokio::test]
async fn a_group_of_3000_members() {
    // The flagship plan's largest group (§1.1): membership answers, counts and pages hold at that size.
    let fixture = Fixture::new(&["owner"]).await;
    let names: Vec<String> = (0..2999).map(|index| format!("m{index:04}")).collect();
    fixture
        .create_users(&names.iter().map(String::as_str).collect::<Vec<_>>())
        .await;
    let group = fixture
        .group(json!({"owner": "owner", "public": true, "maxusers": 3000}))
        .await;
    for chunk in names.chunks(100) {
        ok(fixture
            .app(
                Method::POST,
                &format!("/chatgroups/{group}/users"),
                Some(json!({"usernames": chunk})),
            )
            .await)
        .await;
    }
    assert_eq!(fixture.details(&group).await["affiliations_count"], 3000);
    refused(
        fixture
            .app(Method::POST, &format!("/chatgroups/{group}/users/owner2"), None)
            .await,
        404,
        "resource_not_found",
        "username owner2 doesn't exist!",
        17,
    )
    .await;
    fixture.create_users(&["late"]).await;
    refused(
        fixture
            .app(Method::POST, &format!("/chatgroups/{group}/users/late"), None)
            .await,
        403,
        "forbidden_op",
        "group member list is full!",
        606,
    )
    .await;
    let id = natter_core::GroupId::parse(&group).expect("id");
    let app = fixture.server.app.id;
    assert!(
        GroupStore::is_group_member(&fixture.store, app, id, &UserName::lookup("m2998").expect("name"))
            .await
            .expect("check")
    );
    assert!(
        !GroupStore::is_group_member(&fixture.store, app, id, &UserName::lookup("late").expect("name"))
            .await
            .expect("check")
    );
    let everyone = GroupStore::group_members_of(&fixture.store, app, id)
        .await
        .expect("members");
    assert_eq!(everyone.len(), 3000);
    assert_eq!(everyone[0].as_str(), "owner");
    let page = ok(fixture
        .app(
            Method::GET,
            &format!("/chatgroups/{group}/users?pagenum=3&pagesize=1000"),
            None,
        )
        .await)
    .await;
    assert_eq!(page["count"], 1000);
    assert_eq!(page["data"][999]["member"], "m2998");
    let joined = ok(fixture
        .as_user(
            "m1500",
            Method::GET,
            &format!("/chatgroups/{group}/user/m1500/is_joined"),
            None,
        )
        .await)
    .await;
    assert_eq!(joined["data"], true);
}
