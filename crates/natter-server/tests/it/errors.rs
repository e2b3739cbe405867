//! Every failure of the HTTP plumbing comes out as an Easemob JSON error body, never HTML or plain text.

use crate::{TestServer, easemob_error};
use natter_server::ServerConfig;

#[tokio::test]
async fn health_answers_ok_with_json() {
    let server = TestServer::start().await;
    let response = server
        .http
        .get(server.url("/health"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["apps"], 1);
}

#[tokio::test]
async fn an_unknown_path_is_a_json_404() {
    let server = TestServer::start().await;
    for path in ["/nope", "/acme/chat/no-such-resource", "/a/b/c/d/e"] {
        let response = server.http.get(server.url(path)).send().await.expect("request");
        easemob_error(response, 404, "请求路径不存在", "url is invalid").await;
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let server = TestServer::start().await;
    for request in [
        server.http.get(server.url("/acme/chat/token")),
        server.http.delete(server.url("/health")),
    ] {
        let response = request.send().await.expect("request");
        easemob_error(
            response,
            405,
            "unsupported_service_operation",
            "Service operation not supported",
        )
        .await;
    }
}

#[tokio::test]
async fn malformed_json_is_json_parse_with_the_position() {
    let server = TestServer::start().await;
    let response = server
        .http
        .post(server.url("/acme/chat/token"))
        .header("content-type", "application/json")
        .body(r#"{"grant_type"="client_credentials"}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"], "json_parse");
    let description = body["error_description"].as_str().expect("text");
    assert!(description.contains("line: 1, column: 14]"), "{description}");
    assert!(description.contains("\n at [Source: "), "{description}");
}

#[tokio::test]
async fn a_wrong_content_type_is_a_json_415() {
    let server = TestServer::start().await;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut request = server
            .http
            .post(server.url("/acme/chat/token"))
            .body("grant_type=client_credentials");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.expect("request");
        easemob_error(response, 415, "web_application", "Unsupported Media Type").await;
    }
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_an_illegal_argument() {
    let server = TestServer::start().await;
    let response = server
        .http
        .post(server.url("/acme/chat/token"))
        .json(&serde_json::json!(["not", "an", "object"]))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"], "illegal_argument");
}

#[tokio::test]
async fn an_oversized_body_is_a_json_413() {
    let server = TestServer::start_with(ServerConfig {
        max_body_bytes: 1024,
        ..ServerConfig::default()
    })
    .await;
    let big = format!(
        r#"{{"grant_type":"client_credentials","pad":"{}"}}"#,
        "x".repeat(4096)
    );
    let response = server
        .http
        .post(server.url("/acme/chat/token"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("request");
    easemob_error(
        response,
        413,
        "Request Entity Too Large",
        "Request Entity Too Large",
    )
    .await;
}

#[tokio::test]
async fn every_response_carries_cors_and_a_request_id() {
    let server = TestServer::start().await;
    let preflight = server
        .http
        .request(reqwest::Method::OPTIONS, server.url("/acme/chat/token"))
        .header("origin", "http://localhost:3000")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization,content-type")
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    let error = server
        .http
        .get(server.url("/nope"))
        .header("origin", "http://localhost:3000")
        .send()
        .await
        .expect("get");
    assert_eq!(error.headers()["access-control-allow-origin"], "*");
    assert!(error.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn a_trailing_slash_names_the_same_resource() {
    let server = TestServer::start().await;
    let response = server
        .http
        .get(server.url("/health/"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let response = server
        .http
        .get(server.url("/acme/chat/token/"))
        .send()
        .await
        .expect("request");
    easemob_error(
        response,
        405,
        "unsupported_service_operation",
        "Service operation not supported",
    )
    .await;
}

#[tokio::test]
async fn a_group_over_its_quota_gets_429_reach_limit() {
    let limits = natter_server::rate_limit::RateLimits {
        token: 2,
        period: std::time::Duration::from_secs(3600),
        ..natter_server::rate_limit::RateLimits::default()
    };
    let server = TestServer::start_with(ServerConfig {
        rate_limits: limits,
        ..ServerConfig::default()
    })
    .await;
    let body = serde_json::json!({"grant_type":"client_credentials","client_id":"YXA6client","client_secret":"YXA6secret"});
    for _ in 0..2 {
        let response = server
            .http
            .post(server.url("/acme/chat/token"))
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
    }
    let response = server
        .http
        .post(server.url("/acme/chat/token"))
        .json(&body)
        .send()
        .await
        .expect("request");
    easemob_error(response, 429, "reach_limit", "This request has reached api limit").await;
    // Another group of the same app still passes.
    let response = server
        .http
        .get(server.url("/acme/chat/users/nobody"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
}
