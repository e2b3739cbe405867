//! `POST /{org}/{app}/token` with `grant_type=client_credentials`: the app token and its documented errors.

use crate::{TestServer, easemob_error};
use natter_server::token::Subject;
use serde_json::json;

async fn request_token(server: &TestServer, path: &str, body: serde_json::Value) -> reqwest::Response {
    server
        .http
        .post(server.url(path))
        .json(&body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn client_credentials_issue_an_app_token() {
    let server = TestServer::start().await;
    let response = request_token(
        &server,
        "/acme/chat/token",
        json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret","ttl":1024000}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["expires_in"], 1_024_000);
    assert_eq!(body["application"], server.app.uuid);
    let token = body["access_token"].as_str().expect("token");
    assert!(token.starts_with("YWMt"), "{token}");
    let claims = server
        .signer
        .verify(token, 0)
        .expect("a token this server signed");
    assert_eq!(claims.app_id, server.app.id);
    assert_eq!(claims.subject, Subject::App);
    let expires = claims.expires_ms.expect("expires");
    assert_eq!(expires - claims.issued_ms, 1_024_000 * 1000);
}

#[tokio::test]
async fn ttl_zero_never_expires_and_a_string_ttl_is_read() {
    let server = TestServer::start().await;
    let body: serde_json::Value = request_token(
        &server,
        "/acme/chat/token",
        json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret","ttl":0}),
    )
    .await
    .json()
    .await
    .expect("json");
    let claims = server
        .signer
        .verify(body["access_token"].as_str().expect("token"), i64::MAX)
        .expect("valid");
    assert_eq!(claims.expires_ms, None);
    let response = request_token(
        &server,
        "/acme/chat/token",
        json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret","ttl":"60"}),
    )
    .await;
    assert_eq!(
        response.json::<serde_json::Value>().await.expect("json")["expires_in"],
        60
    );
}

#[tokio::test]
async fn missing_and_wrong_credentials_get_the_documented_errors() {
    let server = TestServer::start().await;
    let cases = [
        (
            json!({"grant_type":"client_credentials","client_secret":"YXA6secret"}),
            "illegal_argument",
            "client_id must be provided.",
        ),
        (
            json!({"grant_type":"client_credentials","client_id":"","client_secret":"YXA6secret"}),
            "illegal_argument",
            "client_id must be provided.",
        ),
        (
            json!({"grant_type":"client_credentials","client_id":"YXA6client"}),
            "illegal_argument",
            "client_secret must be provided",
        ),
        (
            json!({"grant_type":"client_credentials","client_id":"nope","client_secret":"YXA6secret"}),
            "invalid_grant",
            "client_id does not match",
        ),
        (
            json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"nope"}),
            "invalid_grant",
            "client_secret does not match",
        ),
    ];
    for (body, error, description) in cases {
        easemob_error(
            request_token(&server, "/acme/chat/token", body).await,
            400,
            error,
            description,
        )
        .await;
    }
}

#[tokio::test]
async fn an_unknown_app_gets_the_documented_404() {
    let server = TestServer::start().await;
    let body =
        json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret"});
    let response = request_token(&server, "/nope/chat/token", body.clone()).await;
    easemob_error(
        response,
        404,
        "organization_application_not_found",
        "Could not find application for nope/chat from URI: nope/chat/token",
    )
    .await;
    // The credentials of one app do not open another: names are case-sensitive.
    let response = request_token(&server, "/ACME/chat/token", body).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_bad_ttl_or_grant_is_an_illegal_argument() {
    let server = TestServer::start().await;
    for body in [
        json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret","ttl":-5}),
        json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret","ttl":"soon"}),
        json!({"grant_type":"magic","client_id":"YXA6client","client_secret":"YXA6secret"}),
        json!({"client_id":"YXA6client","client_secret":"YXA6secret"}),
    ] {
        let response = request_token(&server, "/acme/chat/token", body).await;
        assert_eq!(response.status(), 400);
        let reply: serde_json::Value = response.json().await.expect("json");
        assert_eq!(reply["error"], "illegal_argument", "{reply}");
    }
}
