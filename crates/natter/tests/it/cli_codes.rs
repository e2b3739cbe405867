//! `natter codes`: the offline lookup.

use crate::{natter, stdout};
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn all_json_lists_every_dialect_with_the_documented_fields() {
    let output = natter(&["codes", "--all", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("a JSON array");
    let dialects: BTreeSet<&str> = rows.iter().filter_map(|row| row["dialect"].as_str()).collect();
    assert_eq!(
        dialects,
        BTreeSet::from(["easemob-rest", "msync", "native-sdk", "rongcloud", "web-sdk"])
    );
    for row in &rows {
        for field in ["dialect", "code", "name", "http_status", "error", "message"] {
            assert!(row.get(field).is_some(), "{field} missing in {row}");
        }
    }
    let has = |dialect: &str, code: i64, name: &str| {
        rows.iter()
            .any(|row| row["dialect"] == dialect && row["code"] == code && row["name"] == name)
    };
    assert!(has("web-sdk", 507, "SERVICE_NOT_ALLOW_MESSAGING_MUTE"));
    assert!(has("native-sdk", 221, "USER_NOT_ON_ROSTER"));
    assert!(has("msync", 7, "PERMISSION_DENIED"));
    let rongcloud_1002 = rows
        .iter()
        .find(|row| row["dialect"] == "rongcloud" && row["code"] == 1002)
        .expect("1002");
    assert_eq!(rongcloud_1002["message"], "签名验证失败");
    assert_eq!(rongcloud_1002["http_status"], 401);
    let expired = rows
        .iter()
        .find(|row| row["message"] == "Unable to authenticate due to expired access token")
        .expect("the expired-token reply");
    assert_eq!(
        (expired["http_status"].as_i64(), expired["error"].as_str()),
        (Some(401), Some("unauthorized"))
    );
}

#[test]
fn a_code_a_dialect_and_a_search() {
    let output = natter(&["codes", "603"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("web-sdk 603 PERMISSION_DENIED") && text.contains("native-sdk 603"),
        "{text}"
    );

    let output = natter(&["codes", "--dialect", "web-sdk", "507"]);
    let text = stdout(&output);
    assert_eq!(
        text.matches("\nweb-sdk ").count() + usize::from(text.starts_with("web-sdk ")),
        1,
        "{text}"
    );

    let output = natter(&["codes", "--dialect", "web-sdk", "--json", "507"]);
    let rows: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(rows.len(), 1);

    let output = natter(&["codes", "search", "禁言"]);
    assert!(output.status.success());
    assert!(stdout(&output).contains("rongcloud 1006"));
}

#[test]
fn nonsense_fails_with_a_message() {
    for args in [
        &["codes", "search", "no-such-words-anywhere"][..],
        &["codes", "xyz"],
        &["codes", "--dialect", "klingon", "1"],
    ] {
        let output = natter(args);
        assert!(!output.status.success(), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}");
    }
}
