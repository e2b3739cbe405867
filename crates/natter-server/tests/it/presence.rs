//! Online status, devices and force logout (§2.11–2.15) over HTTP, with devices registered in the
//! server's session registry as the msync gateway registers them.

use crate::users::app_token;
use crate::{TestServer, easemob_error};
use natter_core::UserName;
use natter_server::sessions::{DeviceInfo, DisconnectReason};
use serde_json::{Value, json};

async fn setup() -> (TestServer, String) {
    let server = TestServer::start().await;
    let token = app_token(&server).await;
    let users = json!([{"username":"alice","password":"pw"},{"username":"bob","password":"pw"}]);
    let response = server
        .http
        .post(server.url("/acme/chat/users"))
        .bearer_auth(&token)
        .json(&users)
        .send()
        .await
        .expect("register");
    assert_eq!(response.status(), 200);
    (server, token)
}

fn device(resource: &str) -> DeviceInfo {
    DeviceInfo {
        resource: resource.into(),
        device_uuid: format!("uuid-{resource}"),
        device_name: "webim".into(),
    }
}

async fn get_json(server: &TestServer, token: &str, path: &str) -> Value {
    let response = server
        .http
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("json")
}

#[tokio::test]
async fn status_follows_the_connected_devices() {
    let (server, token) = setup().await;
    let alice = UserName::lookup("alice").expect("name");
    let body = get_json(&server, &token, "/acme/chat/users/alice/status").await;
    assert_eq!(body["data"], json!({"alice":"offline"}));
    assert_eq!(body["count"], 0);
    assert_eq!(body["entities"], json!([]));

    let _web = server.sessions.register(server.app.id, &alice, device("web_1"));
    let body = get_json(&server, &token, "/acme/chat/users/alice/status").await;
    assert_eq!(body["data"], json!({"alice":"online"}));

    let response = server
        .http
        .post(server.url("/acme/chat/users/batch/status"))
        .bearer_auth(&token)
        .json(&json!({"usernames":["alice","bob","nobody"]}))
        .send()
        .await
        .expect("batch");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["action"], "get batch user status");
    assert_eq!(
        body["data"],
        json!([{"alice":"online"},{"bob":"offline"},{"nobody":"offline"}])
    );

    let resources = get_json(&server, &token, "/acme/chat/users/alice/resources").await;
    assert_eq!(
        resources["data"],
        json!([{"res":"web_1","device_uuid":"uuid-web_1","device_name":"webim"}])
    );
}

#[tokio::test]
async fn batch_status_takes_at_most_100() {
    let (server, token) = setup().await;
    let names: Vec<String> = (0..101).map(|index| format!("u{index}")).collect();
    let response = server
        .http
        .post(server.url("/acme/chat/users/batch/status"))
        .bearer_auth(&token)
        .json(&json!({"usernames": names}))
        .send()
        .await
        .expect("batch");
    easemob_error(
        response,
        400,
        "illegal_argument",
        "request body exceeds maximum limit, maximum limit is 100",
    )
    .await;
}

#[tokio::test]
async fn force_logout_orders_every_device_or_one() {
    let (server, token) = setup().await;
    let alice = UserName::lookup("alice").expect("name");
    let mut web = server.sessions.register(server.app.id, &alice, device("web_1"));
    let mut phone = server
        .sessions
        .register(server.app.id, &alice, device("android_2"));

    let response = server
        .http
        .delete(server.url("/acme/chat/users/alice/disconnect/web_1"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("one");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["data"], json!({"result": true}));
    assert_eq!(web.try_recv().ok(), Some(DisconnectReason::ForcedLogout));
    let response = server
        .http
        .delete(server.url("/acme/chat/users/alice/disconnect/web_1"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("again");
    assert_eq!(
        response.json::<Value>().await.expect("json")["data"],
        json!({"result": false})
    );

    let body = get_json(&server, &token, "/acme/chat/users/alice/disconnect").await;
    assert_eq!(body["data"], json!({"result": true}));
    assert_eq!(phone.try_recv().ok(), Some(DisconnectReason::ForcedLogout));
    assert_eq!(
        get_json(&server, &token, "/acme/chat/users/alice/status").await["data"],
        json!({"alice":"offline"})
    );

    let response = server
        .http
        .get(server.url("/acme/chat/users/nobody/disconnect"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("nobody");
    easemob_error(
        response,
        404,
        "service_resource_not_found",
        "Service resource not found",
    )
    .await;
}

#[tokio::test]
async fn a_user_sees_its_own_devices_only() {
    let (server, _app_token) = setup().await;
    let login = |name: &'static str| {
        let server = &server;
        async move {
            let body: Value = server
                .http
                .post(server.url("/acme/chat/token"))
                .json(&json!({"grant_type":"password","username":name,"password":"pw"}))
                .send()
                .await
                .expect("login")
                .json()
                .await
                .expect("json");
            body["access_token"].as_str().expect("token").to_string()
        }
    };
    let alice_token = login("alice").await;
    assert_eq!(
        get_json(&server, &alice_token, "/acme/chat/users/alice/resources").await["data"],
        json!([])
    );
    let response = server
        .http
        .get(server.url("/acme/chat/users/bob/resources"))
        .bearer_auth(&alice_token)
        .send()
        .await
        .expect("bob");
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
    let response = server
        .http
        .get(server.url("/acme/chat/users/bob/status"))
        .bearer_auth(&alice_token)
        .send()
        .await
        .expect("status");
    assert_eq!(response.status(), 401, "status needs the app token");
}

#[tokio::test]
async fn password_change_ban_and_deletion_disconnect_the_devices() {
    let (server, token) = setup().await;
    let alice = UserName::lookup("alice").expect("name");
    let bob = UserName::lookup("bob").expect("name");

    let mut web = server.sessions.register(server.app.id, &alice, device("web_1"));
    let response = server
        .http
        .put(server.url("/acme/chat/users/alice/password"))
        .bearer_auth(&token)
        .json(&json!({"newpassword":"pw2"}))
        .send()
        .await
        .expect("password");
    assert_eq!(response.status(), 200);
    assert_eq!(web.try_recv().ok(), Some(DisconnectReason::PasswordChanged));

    let mut web = server.sessions.register(server.app.id, &alice, device("web_1"));
    let response = server
        .http
        .post(server.url("/acme/chat/users/alice/deactivate"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("ban");
    assert_eq!(response.status(), 200);
    assert_eq!(web.try_recv().ok(), Some(DisconnectReason::UserBanned));

    let mut phone = server.sessions.register(server.app.id, &bob, device("android_1"));
    let response = server
        .http
        .delete(server.url("/acme/chat/users/bob"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status(), 200);
    assert_eq!(phone.try_recv().ok(), Some(DisconnectReason::UserRemoved));
    assert!(!server.sessions.is_online(server.app.id, &bob));
}
