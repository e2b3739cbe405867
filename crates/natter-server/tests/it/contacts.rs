//! User relationships over real HTTP: contacts (§4.1–§4.8), blocklists (§4.9–§4.12), and the SDK's own
//! contact and blocklist calls (SDK-REST §3.3) with user tokens. Users are created through a second
//! handle on the server's database file (hashing passwords over HTTP would only slow the tests down).

use crate::{TestServer, easemob_error};
use natter_core::{NewUser, User, UserName};
use natter_server::token::{Claims, Subject};
use natter_store::{ContactStore, UserStore};
use natter_store_sqlite::SqliteStore;
use reqwest::Method;
use serde_json::{Value, json};

struct Fixture {
    server: TestServer,
    store: SqliteStore,
    app_token: String,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

impl Fixture {
    /// A server whose app holds the users `names`, and an app token for it.
    async fn new(names: &[&str]) -> Fixture {
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

    async fn create_users(&self, names: &[&str]) -> Vec<User> {
        if names.is_empty() {
            return Vec::new();
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
            .expect("create users")
    }

    async fn user(&self, name: &str) -> User {
        self.store
            .user_by_name(self.server.app.id, &UserName::lookup(name).expect("id"))
            .await
            .expect("lookup")
            .expect("user exists")
    }

    fn user_token(&self, name: &str) -> String {
        self.server.signer.issue(&Claims {
            app_id: self.server.app.id,
            subject: Subject::User(name.to_string()),
            issued_ms: now_ms(),
            expires_ms: None,
        })
    }

    /// `method /acme/chat{path}` with `token` and, if given, a JSON body.
    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self
            .server
            .http
            .request(method, self.server.url(&format!("/acme/chat{path}")));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    /// Like `send` with the app token.
    async fn app(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        self.send(method, path, Some(&self.app_token), body).await
    }

    /// The names in `data` of the full contact list of `user`.
    async fn contacts_of(&self, user: &str) -> Vec<String> {
        let body = ok(self
            .app(Method::GET, &format!("/users/{user}/contacts/users"), None)
            .await)
        .await;
        strings(&body["data"])
    }

    async fn blocklist_of(&self, user: &str) -> Vec<String> {
        let body = ok(self
            .app(Method::GET, &format!("/users/{user}/blocks/users"), None)
            .await)
        .await;
        strings(&body["data"])
    }

    /// Makes `owner` a contact of `count` new users `{prefix}0…`, straight through the store.
    async fn fill_contacts(&self, owner: &str, prefix: &str, count: usize) {
        let names: Vec<String> = (0..count).map(|index| format!("{prefix}{index}")).collect();
        let created = self
            .create_users(&names.iter().map(String::as_str).collect::<Vec<_>>())
            .await;
        let owner = self.user(owner).await;
        for friend in created {
            self.store
                .add_contact(owner.id, friend.id, 1_000, now_ms())
                .await
                .expect("add");
        }
    }
}

/// Asserts HTTP 200 with a JSON body, and returns the body.
async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status, 200, "{body}");
    assert!(
        body["timestamp"]
            .as_i64()
            .is_some_and(|timestamp| timestamp > 1_600_000_000_000),
        "{body}"
    );
    assert!(body["duration"].is_i64(), "{body}");
    body
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("an array: {value}"))
        .iter()
        .map(|item| item.as_str().expect("a string").to_string())
        .collect()
}

fn assert_full_envelope(fixture: &Fixture, body: &Value, action: &str, path: &str) {
    assert_eq!(body["action"], action, "{body}");
    assert_eq!(body["application"], fixture.server.app.uuid, "{body}");
    assert_eq!(body["organization"], "acme", "{body}");
    assert_eq!(body["applicationName"], "chat", "{body}");
    assert_eq!(body["path"], path, "{body}");
    assert!(
        body["uri"].as_str().is_some_and(|uri| uri.starts_with("http://")),
        "{body}"
    );
}

const NOT_FOUND: (u16, &str, &str) = (404, "service_resource_not_found", "Service resource not found");
const INVALID: (u16, &str, &str) = (400, "illegal_argument", "this is an invalid request.");
const USER_TOKEN_REFUSED: (u16, &str, &str) = (
    401,
    "auth_bad_access_token",
    "Unable to authenticate due to corrupt access token",
);
const NOT_ALLOWED: (u16, &str, &str) = (
    403,
    "forbidden_service_operation",
    "Service operation not allowed",
);

async fn expect(response: reqwest::Response, (status, error, description): (u16, &str, &str)) -> Value {
    easemob_error(response, status, error, description).await
}

#[tokio::test]
async fn adding_a_contact_makes_both_users_contacts() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    let body = ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/bob", None)
        .await)
    .await;
    assert_full_envelope(&fixture, &body, "post", "/users/uuid-alice/contacts");
    let friend = &body["entities"][0];
    assert_eq!(
        (
            &friend["username"],
            &friend["type"],
            &friend["uuid"],
            &friend["activated"]
        ),
        (&json!("bob"), &json!("user"), &json!("uuid-bob"), &json!(true))
    );
    assert_eq!(body["entities"].as_array().map(Vec::len), Some(1));
    assert_eq!(fixture.contacts_of("alice").await, ["bob"]);
    assert_eq!(fixture.contacts_of("bob").await, ["alice"], "the add is two-way");

    // Adding again, from either side and in any case, changes nothing.
    ok(fixture
        .app(Method::POST, "/users/BOB/contacts/users/alice", None)
        .await)
    .await;
    assert_eq!(fixture.contacts_of("alice").await, ["bob"]);

    // The full list (§4.7): newest first, names in `data`, `entities` empty.
    ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/carol", None)
        .await)
    .await;
    let all = ok(fixture
        .app(Method::GET, "/users/alice/contacts/users", None)
        .await)
    .await;
    assert_eq!(all["action"], "get");
    assert_eq!(strings(&all["data"]), ["carol", "bob"]);
    assert_eq!(all["count"], 2);
    assert_eq!(all["entities"], json!([]));
    assert!(
        all["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("/acme/chat/users/alice/contacts/users"))
    );
}

#[tokio::test]
async fn adding_a_contact_refuses_unknown_users_and_oneself() {
    let fixture = Fixture::new(&["alice"]).await;
    expect(
        fixture
            .app(Method::POST, "/users/alice/contacts/users/nobody", None)
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(Method::POST, "/users/nobody/contacts/users/alice", None)
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(Method::POST, "/users/alice/contacts/users/alice", None)
            .await,
        INVALID,
    )
    .await;
    expect(
        fixture
            .app(Method::GET, "/users/nobody/contacts/users", None)
            .await,
        NOT_FOUND,
    )
    .await;
    assert!(fixture.contacts_of("alice").await.is_empty());
}

#[tokio::test]
async fn tokens_are_checked_on_every_relationship_endpoint() {
    let fixture = Fixture::new(&["alice", "bob"]).await;
    let cases: [(Method, &str, Option<Value>); 6] = [
        (Method::POST, "/users/alice/contacts/users/bob", None),
        (
            Method::POST,
            "/contacts/check",
            Some(json!({"username":"alice","check_list":["bob"]})),
        ),
        (Method::DELETE, "/contacts/users/alice", None),
        (Method::GET, "/user/alice/contacts", None),
        (
            Method::POST,
            "/users/alice/blocks/users",
            Some(json!({"usernames":["bob"]})),
        ),
        (
            Method::POST,
            "/blocks/check",
            Some(json!({"username":"alice","check_list":["bob"]})),
        ),
    ];
    // A token of a user who does not exist (any more): the documented 401 (OAuth).
    let ghost = fixture.user_token("ghost");
    for (method, path, body) in cases {
        expect(
            fixture.send(method.clone(), path, None, body.clone()).await,
            (
                401,
                "unauthorized",
                "Unable to authenticate due to expired access token",
            ),
        )
        .await;
        expect(
            fixture.send(method, path, Some(&ghost), body).await,
            (401, "unauthorized", "Unable to authenticate (OAuth)"),
        )
        .await;
    }
}

#[tokio::test]
async fn the_contact_limit_is_one_hundred_on_both_sides() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    // A request to alice made while she has room, answered once she has none.
    ok(fixture
        .send(
            Method::POST,
            "/users/dave/contacts/apply",
            Some(&fixture.user_token("dave")),
            Some(json!({"usernames":["alice"]})),
        )
        .await)
    .await;
    fixture.fill_contacts("alice", "f", 100).await;
    assert_eq!(fixture.contacts_of("alice").await.len(), 100);

    let limit = (403, "exceed_limit", "user contact number exceed limit");
    expect(
        fixture
            .app(Method::POST, "/users/alice/contacts/users/bob", None)
            .await,
        limit,
    )
    .await;
    expect(
        fixture
            .app(Method::POST, "/users/bob/contacts/users/alice", None)
            .await,
        limit,
    )
    .await;
    assert!(
        fixture.contacts_of("bob").await.is_empty(),
        "a refused add writes nothing"
    );

    // Import by the full user (§4.8): the inviter is full.
    expect(
        fixture
            .app(
                Method::POST,
                "/users/alice/contacts/import",
                Some(json!({"usernames":["bob"]})),
            )
            .await,
        (403, "exceed_limit", "Inviter's contact max count."),
    )
    .await;
    // Import by someone else: the full user lands in maxLimitFailed, the others succeed.
    let body = ok(fixture
        .app(
            Method::POST,
            "/users/bob/contacts/import",
            Some(json!({"usernames":["alice","carol"]})),
        )
        .await)
    .await;
    assert_eq!(strings(&body["data"]["maxLimitFailed"]), ["alice"]);
    assert_eq!(strings(&body["data"]["success"]), ["carol"]);

    // SDK requests and answers: either side's limit, with the texts the SDK maps to MAX_LIMIT.
    let alice = fixture.user_token("alice");
    expect(
        fixture
            .send(
                Method::POST,
                "/users/alice/contacts/apply",
                Some(&alice),
                Some(json!({"usernames":["bob"]})),
            )
            .await,
        (403, "exceed_limit", "Inviter's contact max count."),
    )
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/bob/contacts/apply",
                Some(&fixture.user_token("bob")),
                Some(json!({"usernames":["alice"]})),
            )
            .await,
        (403, "exceed_limit", "Invitee's contact max count."),
    )
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/alice/contacts/accept/users/dave",
                Some(&alice),
                None,
            )
            .await,
        (403, "exceed_limit", "Invitee's contact max count."),
    )
    .await;
    // With room again, the refused request is still there to accept.
    ok(fixture
        .app(Method::DELETE, "/users/alice/contacts/users/f0", None)
        .await)
    .await;
    ok(fixture
        .send(
            Method::POST,
            "/users/alice/contacts/accept/users/dave",
            Some(&alice),
            None,
        )
        .await)
    .await;
    assert_eq!(fixture.contacts_of("dave").await, ["alice"]);
}

#[tokio::test]
async fn removing_a_contact_removes_both_sides() {
    let fixture = Fixture::new(&["alice", "bob"]).await;
    ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/bob", None)
        .await)
    .await;
    let body = ok(fixture
        .app(Method::DELETE, "/users/bob/contacts/users/alice", None)
        .await)
    .await;
    assert_full_envelope(&fixture, &body, "delete", "/users/uuid-bob/contacts");
    assert_eq!(body["entities"][0]["username"], "alice", "the removed friend");
    assert!(fixture.contacts_of("alice").await.is_empty());
    assert!(fixture.contacts_of("bob").await.is_empty());
    // Not contacts (any more): still a success.
    ok(fixture
        .app(Method::DELETE, "/users/bob/contacts/users/alice", None)
        .await)
    .await;
    expect(
        fixture
            .app(Method::DELETE, "/users/bob/contacts/users/nobody", None)
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(Method::DELETE, "/users/nobody/contacts/users/bob", None)
            .await,
        NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn checking_contacts_answers_friend_or_not_friend_in_order() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/bob", None)
        .await)
    .await;
    let body = ok(fixture
        .app(
            Method::POST,
            "/contacts/check",
            Some(json!({"username":"alice","check_list":["carol","Bob","nobody","bad id!"]})),
        )
        .await)
    .await;
    assert_full_envelope(&fixture, &body, "post", "/contacts/check");
    assert_eq!(
        body["entities"],
        json!([
            {"username":"carol","relation":"not_friend"},
            {"username":"bob","relation":"friend"},
            {"username":"nobody","relation":"not_friend"},
            {"username":"bad id!","relation":"not_friend"},
        ])
    );
    // A user that does not exist has no contacts.
    let body = ok(fixture
        .app(
            Method::POST,
            "/contacts/check",
            Some(json!({"username":"nobody","check_list":["bob"]})),
        )
        .await)
    .await;
    assert_eq!(body["entities"][0]["relation"], "not_friend");

    let blank = (400, "illegal_argument", "username cannot be blank");
    let size = (
        400,
        "illegal_argument",
        "check_list size must be between 1 and 100",
    );
    let hundred_one: Vec<String> = (0..101).map(|index| format!("u{index}")).collect();
    let hundred: Vec<String> = (0..100).map(|index| format!("u{index}")).collect();
    for (body, error) in [
        (json!({"check_list":["bob"]}), blank),
        (json!({"username":"","check_list":["bob"]}), blank),
        (json!({"username":"  ","check_list":["bob"]}), blank),
        (json!({"username":"alice"}), size),
        (json!({"username":"alice","check_list":[]}), size),
        (json!({"username":"alice","check_list":hundred_one}), size),
    ] {
        expect(
            fixture.app(Method::POST, "/contacts/check", Some(body)).await,
            error,
        )
        .await;
    }
    let body = ok(fixture
        .app(
            Method::POST,
            "/contacts/check",
            Some(json!({"username":"alice","check_list":hundred})),
        )
        .await)
    .await;
    assert_eq!(
        body["entities"].as_array().map(Vec::len),
        Some(100),
        "100 is allowed"
    );

    // A banned user may not be checked (§4.3: "app or user banned").
    ok(fixture.app(Method::POST, "/users/alice/deactivate", None).await).await;
    expect(
        fixture
            .app(
                Method::POST,
                "/contacts/check",
                Some(json!({"username":"alice","check_list":["bob"]})),
            )
            .await,
        NOT_ALLOWED,
    )
    .await;
}

#[tokio::test]
async fn removing_all_contacts_is_two_way_and_keeps_the_blocklist() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    for friend in ["bob", "carol"] {
        ok(fixture
            .app(
                Method::POST,
                &format!("/users/alice/contacts/users/{friend}"),
                None,
            )
            .await)
        .await;
    }
    ok(fixture
        .app(Method::POST, "/users/bob/contacts/users/carol", None)
        .await)
    .await;
    ok(fixture
        .app(
            Method::POST,
            "/users/alice/blocks/users",
            Some(json!({"usernames":["dave"]})),
        )
        .await)
    .await;
    let body = ok(fixture.app(Method::DELETE, "/contacts/users/alice", None).await).await;
    assert_full_envelope(&fixture, &body, "delete", "/contacts/users/alice");
    assert_eq!(body["entities"], json!([]));
    assert!(fixture.contacts_of("alice").await.is_empty());
    assert_eq!(
        fixture.contacts_of("bob").await,
        ["carol"],
        "only alice's contacts go"
    );
    assert_eq!(fixture.contacts_of("carol").await, ["bob"]);
    assert_eq!(fixture.blocklist_of("alice").await, ["dave"]);

    expect(
        fixture.app(Method::DELETE, "/contacts/users/nobody", None).await,
        NOT_FOUND,
    )
    .await;
    ok(fixture.app(Method::POST, "/users/bob/deactivate", None).await).await;
    expect(
        fixture.app(Method::DELETE, "/contacts/users/bob", None).await,
        NOT_ALLOWED,
    )
    .await;
}

#[tokio::test]
async fn remarks_are_per_side_and_limited_to_one_hundred_characters() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/bob", None)
        .await)
    .await;
    let body = ok(fixture
        .app(
            Method::PUT,
            "/user/alice/contacts/users/bob",
            Some(json!({"remark":"Bobby"})),
        )
        .await)
    .await;
    assert_eq!(body["action"], "put");
    assert_eq!(body["status"], "ok");
    assert!(
        body["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("/acme/chat/user/alice/contacts/users/bob")),
        "{body}"
    );
    let page = ok(fixture
        .app(Method::GET, "/user/alice/contacts?needReturnRemark=true", None)
        .await)
    .await;
    assert_eq!(
        page["data"]["contacts"],
        json!([{"remark":"Bobby","username":"bob"}])
    );
    let other_side = ok(fixture
        .app(Method::GET, "/user/bob/contacts?needReturnRemark=true", None)
        .await)
    .await;
    assert_eq!(
        other_side["data"]["contacts"],
        json!([{"remark":null,"username":"alice"}]),
        "bob's side has no remark"
    );

    let hundred = "备".repeat(100);
    ok(fixture
        .app(
            Method::PUT,
            "/user/alice/contacts/users/bob",
            Some(json!({"remark": hundred})),
        )
        .await)
    .await;
    expect(
        fixture
            .app(
                Method::PUT,
                "/user/alice/contacts/users/bob",
                Some(json!({"remark": "备".repeat(101)})),
            )
            .await,
        (400, "illegal_argument", "remark length must less"),
    )
    .await;
    expect(
        fixture
            .app(
                Method::PUT,
                "/user/alice/contacts/users/carol",
                Some(json!({"remark":"C"})),
            )
            .await,
        (
            400,
            "illegal_argument",
            "updateRemark | they are not friends, please add as a friend first.",
        ),
    )
    .await;
    expect(
        fixture
            .app(
                Method::PUT,
                "/user/alice/contacts/users/nobody",
                Some(json!({"remark":"N"})),
            )
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(
                Method::PUT,
                "/user/nobody/contacts/users/bob",
                Some(json!({"remark":"N"})),
            )
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(Method::PUT, "/user/alice/contacts/users/bob", Some(json!({})))
            .await,
        INVALID,
    )
    .await;

    // An empty remark clears it.
    ok(fixture
        .app(
            Method::PUT,
            "/user/alice/contacts/users/bob",
            Some(json!({"remark":""})),
        )
        .await)
    .await;
    let page = ok(fixture
        .app(Method::GET, "/user/alice/contacts?needReturnRemark=true", None)
        .await)
    .await;
    assert_eq!(page["data"]["contacts"][0]["remark"], Value::Null);
}

#[tokio::test]
async fn the_paged_contact_list_goes_newest_first_in_pages_of_at_most_fifty() {
    let fixture = Fixture::new(&["alice"]).await;
    fixture.fill_contacts("alice", "p", 12).await;
    let first = ok(fixture.app(Method::GET, "/user/alice/contacts", None).await).await;
    assert_eq!(first["action"], "get");
    assert_eq!(first["entities"], json!([]));
    assert_eq!(first["count"], 10, "10 by default");
    let contacts = first["data"]["contacts"].as_array().expect("contacts");
    assert_eq!(
        contacts[0],
        json!({"username":"p11"}),
        "newest first; no remark unless asked"
    );
    let cursor = first["data"]["cursor"].as_str().expect("a next page");
    let rest = ok(fixture
        .app(
            Method::GET,
            &format!("/user/alice/contacts?limit=10&cursor={cursor}"),
            None,
        )
        .await)
    .await;
    assert_eq!(
        rest["data"]["contacts"],
        json!([{"username":"p1"},{"username":"p0"}])
    );
    assert!(
        rest["data"].get("cursor").is_none(),
        "the last page has no cursor"
    );

    let fifty = ok(fixture
        .app(Method::GET, "/user/alice/contacts?limit=50", None)
        .await)
    .await;
    assert_eq!(fifty["count"], 12);
    expect(
        fixture
            .app(Method::GET, "/user/alice/contacts?limit=51", None)
            .await,
        (
            400,
            "illegal_argument",
            "getContacts | page size more than max limit : 50",
        ),
    )
    .await;
    expect(
        fixture
            .app(Method::GET, "/user/alice/contacts?limit=0", None)
            .await,
        INVALID,
    )
    .await;
    expect(
        fixture
            .app(Method::GET, "/user/alice/contacts?cursor=garbage", None)
            .await,
        (400, "illegal_argument", "cursor is invalid"),
    )
    .await;
    expect(
        fixture.app(Method::GET, "/user/nobody/contacts", None).await,
        NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn importing_contacts_sorts_each_name_into_its_list() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    fixture.fill_contacts("carol", "c", 100).await;
    let body = ok(fixture
        .app(
            Method::POST,
            "/users/alice/contacts/import?isSendNotice=true",
            Some(json!({"usernames":["bob","nobody","alice","carol","Bob"]})),
        )
        .await)
    .await;
    assert_eq!(body["action"], "post");
    assert_eq!(body["status"], "ok");
    assert_eq!(
        body["data"],
        json!({"UnKnowFailed":["alice"],"success":["bob"],"NotExistFailed":["nobody"],"maxLimitFailed":["carol"]})
    );
    assert_eq!(
        fixture.contacts_of("bob").await,
        ["alice"],
        "an import is two-way too"
    );

    let eleven: Vec<String> = (0..11).map(|index| format!("u{index}")).collect();
    expect(
        fixture
            .app(
                Method::POST,
                "/users/alice/contacts/import",
                Some(json!({"usernames": eleven})),
            )
            .await,
        (400, "illegal_argument", "request user over flow limit:10."),
    )
    .await;
    expect(
        fixture
            .app(
                Method::POST,
                "/users/nobody/contacts/import",
                Some(json!({"usernames":["bob"]})),
            )
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(
                Method::POST,
                "/users/alice/contacts/import",
                Some(json!({"usernames":[]})),
            )
            .await,
        INVALID,
    )
    .await;
}

#[tokio::test]
async fn the_blocklist_adds_lists_pages_and_removes() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/bob", None)
        .await)
    .await;
    let body = ok(fixture
        .app(
            Method::POST,
            "/users/alice/blocks/users",
            Some(json!({"usernames":["bob","carol"]})),
        )
        .await)
    .await;
    assert_full_envelope(&fixture, &body, "post", "/users/uuid-alice/blocks");
    assert_eq!(strings(&body["data"]), ["bob", "carol"]);
    assert_eq!(body["entities"], json!([]));
    ok(fixture
        .app(
            Method::POST,
            "/users/alice/blocks/users",
            Some(json!({"usernames":["dave"]})),
        )
        .await)
    .await;
    assert_eq!(
        fixture.contacts_of("alice").await,
        ["bob"],
        "a blocked contact stays a contact"
    );

    // No parameters: the whole list, newest first, no cursor.
    let all = ok(fixture.app(Method::GET, "/users/alice/blocks/users", None).await).await;
    assert_eq!(all["action"], "get");
    assert_eq!(strings(&all["data"]), ["dave", "carol", "bob"]);
    assert_eq!(all["count"], 3);
    assert_eq!(all["entities"], json!([]));
    assert!(all.get("cursor").is_none());
    // Pages of pageSize, with a cursor while more remain.
    let first = ok(fixture
        .app(Method::GET, "/users/alice/blocks/users?pageSize=2", None)
        .await)
    .await;
    assert_eq!(strings(&first["data"]), ["dave", "carol"]);
    let cursor = first["cursor"].as_str().expect("cursor");
    let rest = ok(fixture
        .app(
            Method::GET,
            &format!("/users/alice/blocks/users?pageSize=2&cursor={cursor}"),
            None,
        )
        .await)
    .await;
    assert_eq!(strings(&rest["data"]), ["bob"]);
    assert!(rest.get("cursor").is_none());
    expect(
        fixture
            .app(Method::GET, "/users/alice/blocks/users?pageSize=0", None)
            .await,
        INVALID,
    )
    .await;
    let clamped = ok(fixture
        .app(Method::GET, "/users/alice/blocks/users?pageSize=80", None)
        .await)
    .await;
    assert_eq!(clamped["count"], 3);

    let body = ok(fixture
        .app(Method::DELETE, "/users/alice/blocks/users/carol", None)
        .await)
    .await;
    assert_full_envelope(&fixture, &body, "delete", "/users/uuid-alice/blocks");
    assert_eq!(body["entities"][0]["username"], "carol");
    assert_eq!(fixture.blocklist_of("alice").await, ["dave", "bob"]);
    ok(fixture
        .app(Method::DELETE, "/users/alice/blocks/users/carol", None)
        .await)
    .await;

    expect(
        fixture
            .app(Method::DELETE, "/users/alice/blocks/users/nobody", None)
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture.app(Method::GET, "/users/nobody/blocks/users", None).await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(
                Method::POST,
                "/users/alice/blocks/users",
                Some(json!({"usernames":["nobody"]})),
            )
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(
                Method::POST,
                "/users/nobody/blocks/users",
                Some(json!({"usernames":["bob"]})),
            )
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .app(
                Method::POST,
                "/users/alice/blocks/users",
                Some(json!({"usernames":["alice"]})),
            )
            .await,
        INVALID,
    )
    .await;
    expect(
        fixture
            .app(
                Method::POST,
                "/users/alice/blocks/users",
                Some(json!({"usernames":"bob"})),
            )
            .await,
        INVALID,
    )
    .await;
}

#[tokio::test]
async fn the_blocklist_holds_at_most_five_hundred_users() {
    let fixture = Fixture::new(&["alice", "bob"]).await;
    let names: Vec<String> = (0..500).map(|index| format!("b{index}")).collect();
    let created = fixture
        .create_users(&names.iter().map(String::as_str).collect::<Vec<_>>())
        .await;
    let alice = fixture.user("alice").await;
    let ids: Vec<i64> = created.iter().map(|user| user.id).collect();
    assert!(
        fixture
            .store
            .block_users(alice.id, &ids, 500, now_ms())
            .await
            .expect("block")
    );
    let all = ok(fixture.app(Method::GET, "/users/alice/blocks/users", None).await).await;
    assert_eq!(all["count"], 500, "no parameters: the latest 500");
    expect(
        fixture
            .app(
                Method::POST,
                "/users/alice/blocks/users",
                Some(json!({"usernames":["bob"]})),
            )
            .await,
        (
            429,
            "resource_limited",
            "You have exceeded the limit of the community edition,Please upgrade to the enterprise edition",
        ),
    )
    .await;
    // Someone already on the list can be named again.
    ok(fixture
        .app(
            Method::POST,
            "/users/alice/blocks/users",
            Some(json!({"usernames":["b7"]})),
        )
        .await)
    .await;
}

#[tokio::test]
async fn checking_the_blocklist_answers_blacklist_or_not_blacklist() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    ok(fixture
        .app(
            Method::POST,
            "/users/alice/blocks/users",
            Some(json!({"usernames":["bob"]})),
        )
        .await)
    .await;
    let body = ok(fixture
        .app(
            Method::POST,
            "/blocks/check",
            Some(json!({"username":"alice","check_list":["bob","carol"]})),
        )
        .await)
    .await;
    assert_full_envelope(&fixture, &body, "post", "/blocks/check");
    assert_eq!(
        body["entities"],
        json!([{"username":"bob","relation":"blacklist"},{"username":"carol","relation":"not_blacklist"}])
    );
    let body = ok(fixture
        .app(
            Method::POST,
            "/blocks/check",
            Some(json!({"username":"bob","check_list":["alice"]})),
        )
        .await)
    .await;
    assert_eq!(
        body["entities"][0]["relation"], "not_blacklist",
        "blocking is one-way"
    );
    expect(
        fixture
            .app(
                Method::POST,
                "/blocks/check",
                Some(json!({"username":"","check_list":["bob"]})),
            )
            .await,
        (400, "illegal_argument", "username cannot be blank"),
    )
    .await;
    expect(
        fixture
            .app(
                Method::POST,
                "/blocks/check",
                Some(json!({"username":"alice","check_list":[]})),
            )
            .await,
        (
            400,
            "illegal_argument",
            "check_list size must be between 1 and 100",
        ),
    )
    .await;
    ok(fixture.app(Method::POST, "/users/alice/deactivate", None).await).await;
    expect(
        fixture
            .app(
                Method::POST,
                "/blocks/check",
                Some(json!({"username":"alice","check_list":["bob"]})),
            )
            .await,
        NOT_ALLOWED,
    )
    .await;
}

#[tokio::test]
async fn the_sdk_requests_accepts_and_declines_contacts_with_a_user_token() {
    let fixture = Fixture::new(&["alice", "bob", "carol", "dave"]).await;
    let alice = fixture.user_token("alice");
    let bob = fixture.user_token("bob");
    let carol = fixture.user_token("carol");

    // addContact: a pending request, not yet a contact.
    ok(fixture
        .send(
            Method::POST,
            "/users/alice/contacts/apply?resource=webim_random_web_1700000000000",
            Some(&alice),
            Some(json!({"usernames":["bob","carol"],"reason":"hi"})),
        )
        .await)
    .await;
    assert!(fixture.contacts_of("alice").await.is_empty());

    // acceptContactInvite: both are contacts; the request is used up.
    let body = ok(fixture
        .send(
            Method::POST,
            "/users/bob/contacts/accept/users/alice?resource=r1",
            Some(&bob),
            None,
        )
        .await)
    .await;
    assert_eq!(body["action"], "post");
    assert_eq!(fixture.contacts_of("alice").await, ["bob"]);
    assert_eq!(fixture.contacts_of("bob").await, ["alice"]);
    expect(
        fixture
            .send(
                Method::POST,
                "/users/bob/contacts/accept/users/alice",
                Some(&bob),
                None,
            )
            .await,
        NOT_ALLOWED,
    )
    .await;

    // declineContactInvite: the request is gone and nobody is a contact.
    ok(fixture
        .send(
            Method::POST,
            "/users/carol/contacts/decline/users/alice?resource=r1",
            Some(&carol),
            None,
        )
        .await)
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/accept/users/alice",
                Some(&carol),
                None,
            )
            .await,
        NOT_ALLOWED,
    )
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/decline/users/alice",
                Some(&carol),
                None,
            )
            .await,
        NOT_ALLOWED,
    )
    .await;
    assert!(fixture.contacts_of("carol").await.is_empty());
    // Accepting a request nobody made, or from nobody.
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/accept/users/dave",
                Some(&carol),
                None,
            )
            .await,
        NOT_ALLOWED,
    )
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/accept/users/nobody",
                Some(&carol),
                None,
            )
            .await,
        NOT_FOUND,
    )
    .await;

    // A blocked user cannot ask (§4.9); requests to unknown users or oneself are refused.
    ok(fixture
        .send(
            Method::POST,
            "/sdk/user/dave/blocks",
            Some(&fixture.user_token("dave")),
            Some(json!({"usernames":["carol"]})),
        )
        .await)
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/apply",
                Some(&carol),
                Some(json!({"usernames":["dave"]})),
            )
            .await,
        NOT_ALLOWED,
    )
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/apply",
                Some(&carol),
                Some(json!({"usernames":["nobody"]})),
            )
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/apply",
                Some(&carol),
                Some(json!({"usernames":["carol"]})),
            )
            .await,
        INVALID,
    )
    .await;
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/apply",
                Some(&carol),
                Some(json!({"reason":"hi"})),
            )
            .await,
        INVALID,
    )
    .await;
}

#[tokio::test]
async fn the_sdk_reads_lists_and_sets_remarks_with_a_user_token() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    let alice = fixture.user_token("alice");
    for friend in ["bob", "carol"] {
        ok(fixture
            .app(
                Method::POST,
                &format!("/users/alice/contacts/users/{friend}"),
                None,
            )
            .await)
        .await;
    }
    // setContactRemark: PUT on the plural `/users/` path.
    let body = ok(fixture
        .send(
            Method::PUT,
            "/users/alice/contacts/users/bob?resource=r1",
            Some(&alice),
            Some(json!({"remark":"B"})),
        )
        .await)
    .await;
    assert_eq!((&body["action"], &body["status"]), (&json!("put"), &json!("ok")));

    // getAllContacts: entities[].{username, remark}.
    let all = ok(fixture
        .send(
            Method::GET,
            "/users/alice/contacts/users?needReturnRemark=true",
            Some(&alice),
            None,
        )
        .await)
    .await;
    assert_eq!(
        all["entities"],
        json!([{"remark":null,"username":"carol"},{"remark":"B","username":"bob"}])
    );
    // getRoster: data, a list of names.
    let roster = ok(fixture
        .send(Method::GET, "/users/alice/contacts/users", Some(&alice), None)
        .await)
    .await;
    assert_eq!(strings(&roster["data"]), ["carol", "bob"]);

    // getContactsWithCursor: data.contacts[].{username, remark} and data.cursor; the SDK sends an empty
    // cursor on the first call and a cache-buster.
    let first = ok(fixture
        .send(
            Method::GET,
            "/users/alice/contacts?needReturnRemark=true&limit=1&cursor=&_v=1700000000000",
            Some(&alice),
            None,
        )
        .await)
    .await;
    assert_eq!(
        first["data"]["contacts"],
        json!([{"remark":null,"username":"carol"}])
    );
    let cursor = first["data"]["cursor"].as_str().expect("cursor");
    let second = ok(fixture
        .send(
            Method::GET,
            &format!("/users/alice/contacts?needReturnRemark=true&limit=1&cursor={cursor}"),
            Some(&alice),
            None,
        )
        .await)
    .await;
    assert_eq!(
        second["data"]["contacts"],
        json!([{"remark":"B","username":"bob"}])
    );
    expect(
        fixture
            .send(
                Method::PUT,
                "/users/bob/contacts/users/nobody",
                Some(&fixture.user_token("bob")),
                Some(json!({"remark":"N"})),
            )
            .await,
        NOT_FOUND,
    )
    .await;

    // deleteContact with the user token: both sides go.
    ok(fixture
        .send(
            Method::DELETE,
            "/users/alice/contacts/users/carol?resource=r1",
            Some(&alice),
            None,
        )
        .await)
    .await;
    assert!(fixture.contacts_of("carol").await.is_empty());
}

#[tokio::test]
async fn the_sdk_blocks_and_unblocks_with_a_user_token() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    let alice = fixture.user_token("alice");
    let body = ok(fixture
        .send(
            Method::POST,
            "/sdk/user/alice/blocks?resource=r1",
            Some(&alice),
            Some(json!({"usernames":["bob","carol"]})),
        )
        .await)
    .await;
    assert_eq!(
        strings(&body["data"]),
        ["bob", "carol"],
        "the SDK returns data as userIds"
    );
    let list = ok(fixture
        .send(Method::GET, "/users/alice/blocks/users", Some(&alice), None)
        .await)
    .await;
    assert_eq!(strings(&list["data"]), ["carol", "bob"]);

    // removeUserFromBlocklist: DELETE with a JSON body.
    let body = ok(fixture
        .send(
            Method::DELETE,
            "/sdk/user/alice/blocks?resource=r1",
            Some(&alice),
            Some(json!({"usernames":["bob"]})),
        )
        .await)
    .await;
    assert_eq!(body["action"], "delete");
    assert_eq!(fixture.blocklist_of("alice").await, ["carol"]);
    expect(
        fixture
            .send(
                Method::DELETE,
                "/sdk/user/alice/blocks",
                Some(&alice),
                Some(json!({"usernames":["nobody"]})),
            )
            .await,
        NOT_FOUND,
    )
    .await;
    expect(
        fixture
            .send(
                Method::DELETE,
                "/sdk/user/alice/blocks",
                Some(&alice),
                Some(json!({})),
            )
            .await,
        INVALID,
    )
    .await;
}

#[tokio::test]
async fn a_user_token_reaches_its_own_resources_only_and_only_on_the_sdk_paths() {
    let fixture = Fixture::new(&["alice", "bob"]).await;
    ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/bob", None)
        .await)
    .await;
    let bob = fixture.user_token("bob");
    let remark = Some(json!({"remark":"x"}));
    let usernames = Some(json!({"usernames":["bob"]}));
    let other_users: [(Method, &str, Option<Value>); 10] = [
        (Method::GET, "/users/alice/contacts/users", None),
        (Method::GET, "/users/alice/contacts?limit=10", None),
        (Method::PUT, "/users/alice/contacts/users/bob", remark.clone()),
        (Method::DELETE, "/users/alice/contacts/users/bob", None),
        (Method::POST, "/users/alice/contacts/apply", usernames.clone()),
        (Method::POST, "/users/alice/contacts/accept/users/bob", None),
        (Method::POST, "/users/alice/contacts/decline/users/bob", None),
        (Method::GET, "/users/alice/blocks/users", None),
        (Method::POST, "/sdk/user/alice/blocks", usernames.clone()),
        (Method::DELETE, "/sdk/user/alice/blocks", usernames.clone()),
    ];
    for (method, path, body) in other_users {
        expect(
            fixture.send(method, path, Some(&bob), body).await,
            USER_TOKEN_REFUSED,
        )
        .await;
    }
    // The server-side paths take an app token only, even for the token's own user.
    let server_only: [(Method, &str, Option<Value>); 9] = [
        (Method::POST, "/users/bob/contacts/users/alice", None),
        (Method::PUT, "/user/bob/contacts/users/alice", remark),
        (Method::GET, "/user/bob/contacts", None),
        (
            Method::POST,
            "/contacts/check",
            Some(json!({"username":"bob","check_list":["alice"]})),
        ),
        (Method::DELETE, "/contacts/users/bob", None),
        (Method::POST, "/users/bob/contacts/import", usernames.clone()),
        (
            Method::POST,
            "/users/bob/blocks/users",
            Some(json!({"usernames":["alice"]})),
        ),
        (Method::DELETE, "/users/bob/blocks/users/alice", None),
        (
            Method::POST,
            "/blocks/check",
            Some(json!({"username":"bob","check_list":["alice"]})),
        ),
    ];
    for (method, path, body) in server_only {
        expect(
            fixture.send(method, path, Some(&bob), body).await,
            USER_TOKEN_REFUSED,
        )
        .await;
    }
    assert_eq!(fixture.contacts_of("alice").await, ["bob"], "nothing was changed");
    // Its own resources, on the SDK's paths, are fine.
    let own = ok(fixture
        .send(Method::GET, "/users/bob/contacts/users", Some(&bob), None)
        .await)
    .await;
    assert_eq!(strings(&own["data"]), ["alice"]);
    ok(fixture
        .send(Method::GET, "/users/bob/blocks/users", Some(&bob), None)
        .await)
    .await;
}

#[tokio::test]
async fn deleting_a_user_leaves_no_relationship_behind() {
    let fixture = Fixture::new(&["alice", "bob", "carol"]).await;
    ok(fixture
        .app(Method::POST, "/users/alice/contacts/users/bob", None)
        .await)
    .await;
    ok(fixture
        .app(Method::POST, "/users/carol/contacts/users/bob", None)
        .await)
    .await;
    ok(fixture
        .app(
            Method::POST,
            "/users/alice/blocks/users",
            Some(json!({"usernames":["bob","carol"]})),
        )
        .await)
    .await;
    ok(fixture
        .send(
            Method::POST,
            "/users/bob/contacts/apply",
            Some(&fixture.user_token("bob")),
            Some(json!({"usernames":["carol"]})),
        )
        .await)
    .await;
    ok(fixture.app(Method::DELETE, "/users/bob", None).await).await;
    assert!(fixture.contacts_of("alice").await.is_empty());
    assert!(fixture.contacts_of("carol").await.is_empty());
    assert_eq!(fixture.blocklist_of("alice").await, ["carol"]);
    // A new user of the same name starts with nothing.
    fixture.create_users(&["bob"]).await;
    assert!(fixture.contacts_of("bob").await.is_empty());
    assert!(fixture.blocklist_of("bob").await.is_empty());
    expect(
        fixture
            .send(
                Method::POST,
                "/users/carol/contacts/accept/users/bob",
                Some(&fixture.user_token("carol")),
                None,
            )
            .await,
        NOT_ALLOWED,
    )
    .await;
}
