//! Chat-history files (users-messages §5.16): the URL of an hour's file, the file's records, and every
//! documented error row.

use super::{Fixture, ok};
use crate::easemob_error;
use natter_msync::pb;
use natter_store::{ChatType, MessageKind, MessageStore, NewMessage};
use prost::Message as _;
use reqwest::Method;
use serde_json::Value;

const HOUR_MS: i64 = 3_600_000;

/// `yyyyMMddHH` (UTC) of the hour that contains `ms`.
fn hour_text(ms: i64) -> String {
    let output = std::process::Command::new("date")
        .args(["-u", "-d", &format!("@{}", ms / 1000), "+%Y%m%d%H"])
        .output()
        .expect("date");
    String::from_utf8(output.stdout).expect("text").trim().to_string()
}

async fn store_text(fx: &Fixture, created_ms: i64, seq: u64, from: &str, to: &str, text: &str) -> u64 {
    let id = (u64::try_from(created_ms).expect("positive") << 16) | seq;
    let body = pb::MessageBody {
        r#type: Some(pb::message_body::Type::Chat as i32),
        contents: vec![pb::message_body::Content {
            r#type: Some(pb::message_body::content::Type::Text as i32),
            text: Some(text.into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    fx.store
        .append_messages(&[NewMessage {
            app_id: fx.server.app.id,
            id,
            conversation: natter_store::chat_conversation(from, to),
            chat_type: ChatType::Chat,
            kind: MessageKind::Message,
            from_user: from.into(),
            from_resource: String::new(),
            to: to.into(),
            body: body.encode_to_vec(),
            created_ms,
            effect: None,
            recipients: None,
        }])
        .await
        .expect("append");
    id
}

#[tokio::test]
async fn an_hours_history_file_holds_the_messages_sent_in_it() {
    let fx = Fixture::new().await;
    let hour_start = (super::now_ms() / HOUR_MS - 2) * HOUR_MS;
    let first = store_text(&fx, hour_start + 10, 1, "alice", "bob", "one").await;
    let second = store_text(&fx, hour_start + HOUR_MS - 1, 1, "bob", "alice", "two").await;
    store_text(&fx, hour_start + HOUR_MS, 1, "bob", "alice", "next hour").await;
    let time = hour_text(hour_start);

    let reply = ok(fx.app(Method::GET, &format!("/chatmessages/{time}"), None).await).await;
    assert_eq!(reply["action"], "get");
    assert_eq!(reply["organization"], "acme");
    let url = reply["data"][0]["url"].as_str().expect("a url").to_string();
    assert!(
        url.contains(&format!("/acme/chat/chatmessages/{time}/file?Expires=")),
        "{url}"
    );
    let path = url.split_once("/acme/chat").expect("app path").1.to_string();

    // No token needed: the URL is signed.
    let response = fx
        .server
        .http
        .get(fx.server.url(&format!("/acme/chat{path}")))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().expect("text"),
        "application/octet-stream"
    );
    let text = response.text().await.expect("body");
    let records: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON record"))
        .collect();
    assert_eq!(records.len(), 2, "{text}");
    assert_eq!(records[0]["msg_id"], first.to_string());
    assert_eq!(records[0]["direction"], "outgoing");
    assert_eq!(records[0]["chat_type"], "chat");
    assert_eq!(records[0]["from"], "alice");
    assert_eq!(records[0]["to"], "bob");
    assert_eq!(records[0]["timestamp"], hour_start + 10);
    assert_eq!(records[0]["payload"]["bodies"][0]["msg"], "one");
    assert_eq!(records[0]["payload"]["bodies"][0]["type"], "txt");
    assert_eq!(records[1]["msg_id"], second.to_string());

    // A tampered URL is refused; an expired one is expired.
    let tampered = path.replace("Signature=", "Signature=0");
    let response = fx
        .server
        .http
        .get(fx.server.url(&format!("/acme/chat{tampered}")))
        .send()
        .await
        .expect("request");
    easemob_error(response, 403, "forbidden_op", "chatfile no permission").await;
    let expired = 1_000_000_000;
    let signature = fx
        .server
        .signer
        .sign_hex(format!("natter-history|{}|{time}|{expired}", fx.server.app.id).as_bytes());
    let response = fx
        .server
        .http
        .get(fx.server.url(&format!(
            "/acme/chat/chatmessages/{time}/file?Expires={expired}&Signature={signature}"
        )))
        .send()
        .await
        .expect("request");
    easemob_error(response, 404, "file_expired", &format!("file {time} is expired")).await;
}

#[tokio::test]
async fn history_refusals_are_the_documented_rows() {
    let fx = Fixture::new().await;
    let now = super::now_ms();
    for bad in ["2018111", "20181127xx", "2018022917", "2018112724"] {
        let response = fx.app(Method::GET, &format!("/chatmessages/{bad}"), None).await;
        easemob_error(
            response,
            400,
            "illegal_argument",
            &format!("illegal arguments: appkey: acme#chat, time: {bad}"),
        )
        .await;
    }
    // The current hour is not over; an hour of four days ago is past retention.
    for time in [
        hour_text(now),
        hour_text(now - 4 * 24 * HOUR_MS),
        hour_text(now + 2 * HOUR_MS),
    ] {
        let response = fx.app(Method::GET, &format!("/chatmessages/{time}"), None).await;
        easemob_error(
            response,
            400,
            "illegal_argument",
            &format!("illegal arguments: appkey: acme#chat, time: {time}, maybe chat message history is expired or unstored"),
        )
        .await;
    }
    // An hour without messages has no file.
    let quiet = hour_text(now - 5 * HOUR_MS);
    let response = fx.app(Method::GET, &format!("/chatmessages/{quiet}"), None).await;
    easemob_error(
        response,
        404,
        "storage_object_not_found",
        &format!("Failed to find chat message history download url for appkey: acme#chat, time: {quiet}"),
    )
    .await;
    let response = fx
        .as_user("alice", Method::GET, &format!("/chatmessages/{quiet}"), None)
        .await;
    easemob_error(
        response,
        401,
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .await;
}
