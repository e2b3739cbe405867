//! The RongCloud and msync tables against seed 000, `reference/msync/ERRORS.md` and the SDK's protobuf schema.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use natter_codes::tables::msync::MSYNC;
use natter_codes::tables::rongcloud::RONGCLOUD;
use natter_codes::{Dialect, EntryKind};

use crate::shared::{markdown_rows, read_seed, read_shared};

const SCHEMA: &str = "reference/msync/easemob_websdk_4.21.1.pbjson.json";

#[test]
fn rongcloud_matches_every_row_of_seed_000() {
    let Some(seed) = read_seed("000") else { return };
    let mut documented = BTreeSet::new();
    for (header, cells) in markdown_rows(&seed) {
        let kind = match header.first().map(String::as_str) {
            Some("状态码") => EntryKind::HttpStatus,
            Some("错误码") => EntryKind::Code,
            _ => continue,
        };
        let code: i64 = cells[0]
            .parse()
            .unwrap_or_else(|_| panic!("seed 000: bad code cell {cells:?}"));
        let message = cells
            .get(1)
            .unwrap_or_else(|| panic!("seed 000: no 说明 in {cells:?}"))
            .clone();
        let found = RONGCLOUD.iter().any(|entry| {
            entry.dialect == Dialect::RongCloud
                && entry.kind == kind
                && entry.code == code
                && entry.message == message
        });
        assert!(
            found,
            "seed 000 row {kind:?} {code} {message:?} is missing from RONGCLOUD"
        );
        documented.insert((kind == EntryKind::Code, code, message));
    }
    assert!(
        documented.iter().any(|row| row.0),
        "seed 000: no code table found"
    );
    assert!(
        documented.iter().any(|row| !row.0),
        "seed 000: no HTTP status table found"
    );
    let catalog: BTreeSet<_> = RONGCLOUD
        .iter()
        .map(|entry| {
            (
                entry.kind == EntryKind::Code,
                entry.code,
                entry.message.to_string(),
            )
        })
        .collect();
    let extra: Vec<_> = catalog.difference(&documented).collect();
    assert!(
        extra.is_empty(),
        "RONGCLOUD rows that seed 000 does not document: {extra:?}"
    );
}

#[test]
fn rongcloud_rows_are_consistent() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    let mut statuses = HashSet::new();
    for entry in RONGCLOUD
        .iter()
        .filter(|entry| entry.kind == EntryKind::HttpStatus)
    {
        assert!(
            statuses.insert(entry.code),
            "HTTP status {} listed twice",
            entry.code
        );
        assert_eq!(entry.http_status.map(i64::from), Some(entry.code), "{entry:?}");
    }
    for entry in RONGCLOUD {
        assert_eq!(entry.dialect, Dialect::RongCloud, "{entry:?}");
        match entry.kind {
            EntryKind::HttpStatus => {}
            EntryKind::Code => {
                assert!(
                    codes.insert(entry.code),
                    "RongCloud code {} listed twice",
                    entry.code
                );
                assert!(
                    names.insert(entry.name),
                    "RongCloud name {} used twice",
                    entry.name
                );
                assert!(is_screaming_snake(entry.name), "{entry:?}");
                let status = entry
                    .http_status
                    .unwrap_or_else(|| panic!("no HTTP status: {entry:?}"));
                assert!(
                    statuses.contains(&i64::from(status)),
                    "HTTP {status} is not in the seed's table"
                );
                let said = format!("HTTP {status}");
                assert!(
                    entry.explanation.contains(&said),
                    "explanation does not say {said}: {entry:?}"
                );
            }
            other => panic!("unexpected kind {other:?} in RONGCLOUD: {entry:?}"),
        }
    }
    let status_of = |code: i64| {
        RONGCLOUD
            .iter()
            .find(|entry| entry.code == code && entry.kind == EntryKind::Code)
    };
    for (code, status) in [
        (200, 200),
        (1000, 500),
        (1001, 400),
        (1002, 401),
        (1003, 404),
        (1037, 429),
    ] {
        assert_eq!(
            status_of(code).and_then(|entry| entry.http_status),
            Some(status),
            "code {code}"
        );
    }
}

#[test]
fn every_row_is_explained_and_sourced() {
    for entry in RONGCLOUD.iter().chain(MSYNC) {
        assert!(!entry.explanation.trim().is_empty(), "no explanation: {entry:?}");
        assert!(!entry.source.trim().is_empty(), "no source: {entry:?}");
        assert!(!entry.name.is_empty(), "no name: {entry:?}");
    }
}

#[test]
fn msync_rows_are_consistent() {
    let mut codes = BTreeMap::new();
    for entry in MSYNC {
        assert_eq!(entry.dialect, Dialect::Msync, "{entry:?}");
        if entry.kind == EntryKind::Code {
            assert!(
                codes.insert(entry.code, entry.name).is_none(),
                "msync code {} listed twice",
                entry.code
            );
            assert_eq!(entry.message, entry.name, "{entry:?}");
        }
    }
    assert_eq!(
        codes.get(&20),
        Some(&"RESOURCE_CHANGED"),
        "the SDK's extra enum value 20"
    );
    let mut replies = HashSet::new();
    for entry in MSYNC.iter().filter(|entry| entry.kind != EntryKind::Code) {
        match entry.kind {
            EntryKind::Reply => {
                assert_eq!(
                    codes.get(&entry.code),
                    Some(&entry.name),
                    "reply name is not its code's: {entry:?}"
                );
                let key = (entry.code, entry.message, entry.source);
                assert!(replies.insert(key), "reply listed twice: {entry:?}");
            }
            EntryKind::Kick => assert!(entry.web_sdk_code.is_some(), "{entry:?}"),
            other => panic!("unexpected kind {other:?} in MSYNC: {entry:?}"),
        }
    }
}

#[test]
fn msync_codes_match_the_schema() {
    let Some(schema) = read_shared(SCHEMA) else { return };
    let values = schema_error_codes(&schema);
    assert!(values.len() >= 20, "Status.ErrorCode looks truncated: {values:?}");
    for (name, value) in &values {
        let found = MSYNC
            .iter()
            .any(|entry| entry.kind == EntryKind::Code && entry.code == *value && entry.name == name);
        assert!(found, "Status.ErrorCode {name} = {value} is missing from MSYNC");
    }
    let schema: serde_json::Value = serde_json::from_str(&schema).expect("the schema is JSON");
    let operations = &schema["nested"]["easemob"]["nested"]["pb"]["nested"]["StatisticsBody"]["nested"]["Operation"]
        ["values"];
    for entry in MSYNC.iter().filter(|entry| entry.kind == EntryKind::Kick) {
        assert_eq!(
            operations[entry.name].as_i64(),
            Some(entry.code),
            "kick not in the schema: {entry:?}"
        );
    }
}

#[test]
fn msync_replies_match_errors_md() {
    let (Some(errors), Some(schema)) = (read_shared("reference/msync/ERRORS.md"), read_shared(SCHEMA)) else {
        return;
    };
    let mut names = schema_error_codes(&schema);
    names.insert("RESOURCE_CHANGED".to_string(), 20);
    for (heading, end, source) in [
        ("### 1.1 ", "### 1.2 ", "msync ERRORS.md §1.1"),
        ("### 1.4 ", "\n## 2.", "msync ERRORS.md §1.4"),
    ] {
        let mut checked = 0;
        for (header, cells) in markdown_rows(section(&errors, heading, end)) {
            if !header.first().is_some_and(|cell| cell.contains("error_code")) || cells.len() < 3 {
                continue;
            }
            let Some(reason) = exact_reason(&cells[1]) else {
                continue;
            };
            let code = error_code(&cells[0], &names);
            let sdk =
                leading_integer(&cells[2]).unwrap_or_else(|| panic!("{source}: no SDK type in {cells:?}"));
            let found = MSYNC.iter().any(|entry| {
                entry.kind == EntryKind::Reply
                    && entry.code == code
                    && entry.message == reason
                    && entry.web_sdk_code == Some(sdk)
                    && entry.source == source
            });
            assert!(
                found,
                "{source} row ({code}, {reason:?}) -> {sdk} is missing from MSYNC"
            );
            checked += 1;
        }
        assert!(checked > 0, "{source}: no rows with an exact reason found");
    }
}

#[test]
fn msync_kicks_match_errors_md() {
    let Some(errors) = read_shared("reference/msync/ERRORS.md") else {
        return;
    };
    let mut checked = 0;
    for (header, cells) in markdown_rows(section(&errors, "### 1.2 ", "### 1.3 ")) {
        if !header
            .first()
            .is_some_and(|cell| cell.contains("StatisticsBody.operation"))
            || cells.len() < 2
        {
            continue;
        }
        let Some((sdk, message)) = kick_error(&cells[1]) else {
            continue;
        };
        let cell = cells[0].replace('`', "");
        let (name, operation) = cell
            .split_once(" (")
            .unwrap_or_else(|| panic!("§1.2: bad operation {cell:?}"));
        let operation: i64 = operation
            .trim_end_matches(')')
            .parse()
            .expect("§1.2: operation number");
        let found = MSYNC.iter().any(|entry| {
            entry.kind == EntryKind::Kick
                && entry.code == operation
                && entry.name == name
                && entry.message == message
                && entry.web_sdk_code == Some(sdk)
        });
        assert!(
            found,
            "§1.2 kick {name} ({operation}) -> {{{sdk}, {message:?}}} is missing from MSYNC"
        );
        checked += 1;
    }
    assert!(checked > 0, "§1.2: no kick rows found");
}

/// `Status.ErrorCode` of the protobufjs JSON descriptor: name to value.
fn schema_error_codes(schema: &str) -> BTreeMap<String, i64> {
    let schema: serde_json::Value = serde_json::from_str(schema).expect("the schema is JSON");
    let values =
        schema["nested"]["easemob"]["nested"]["pb"]["nested"]["Status"]["nested"]["ErrorCode"]["values"]
            .as_object()
            .expect("Status.ErrorCode in the schema");
    values
        .iter()
        .map(|(name, value)| (name.clone(), value.as_i64().expect("an enum value is an integer")))
        .collect()
}

/// The part of `text` from the heading `start` up to `end` (or the end of the text).
fn section<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("ERRORS.md: no section {start:?}"));
    let rest = &text[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |at| at + start.len());
    &rest[..to]
}

/// The reason of a cell that is one backticked exact string (optionally "equals `…`").
fn exact_reason(cell: &str) -> Option<&str> {
    let cell = cell.strip_prefix("equals ").unwrap_or(cell).trim();
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.contains('`')).then_some(inner)
}

/// The error_code of a first cell: `FAIL (1)`, `FAIL`, `PERMISSION_DENIED (7)`, `**20** (…)`.
fn error_code(cell: &str, names: &BTreeMap<String, i64>) -> i64 {
    let cell = cell.replace(['*', '`'], "");
    let cell = cell.trim();
    let word = cell.split([' ', '(']).next().unwrap_or("");
    let by_name = names.get(word).copied();
    let in_parentheses = cell
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(number, _)| number.trim().parse::<i64>().ok());
    if let (Some(by_name), Some(number)) = (by_name, in_parentheses) {
        assert_eq!(by_name, number, "ERRORS.md: {cell:?} disagrees with the schema");
    }
    by_name
        .or(in_parentheses)
        .or_else(|| leading_integer(cell))
        .unwrap_or_else(|| {
            panic!("ERRORS.md: cannot read an error_code from {cell:?}");
        })
}

/// The first integer of a cell such as `**56** WEBIM_TOKEN_EXPIRED` or `-3 REQUEST_PARAMETER_ERROR`.
fn leading_integer(cell: &str) -> Option<i64> {
    cell.replace('*', "")
        .split_whitespace()
        .next()?
        .trim_end_matches(',')
        .parse()
        .ok()
}

/// `{207, "user has been removed"}` (possibly backticked, with more after the message).
fn kick_error(cell: &str) -> Option<(i64, &str)> {
    let (_, rest) = cell.split_once('{')?;
    let (code, rest) = rest.split_once(',')?;
    let (_, rest) = rest.split_once('"')?;
    let (message, _) = rest.split_once('"')?;
    Some((code.trim().parse().ok()?, message))
}

fn is_screaming_snake(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
