//! The Web SDK and native SDK tables against the code tables of seeds 002 and 004.

use std::collections::BTreeMap;

use natter_codes::{Dialect, Entry, entries};

use crate::shared::{markdown_rows, read_seed};

/// The `(code, name)` pairs of the seed's error-code table: the rows whose first column is `错误码`.
fn seed_codes(text: &str) -> Vec<(i64, String)> {
    markdown_rows(text)
        .into_iter()
        .filter(|(header, _)| header.first().is_some_and(|cell| cell.starts_with("错误码")))
        .map(|(_, cells)| {
            let code = cells[0]
                .parse()
                .unwrap_or_else(|error| panic!("seed code {:?}: {error}", cells[0]));
            (code, cells[1].clone())
        })
        .collect()
}

/// Every row of the seed's table has a row of `dialect` with the same code and name from that seed, and the
/// catalog has no other rows claiming the seed.
fn check_seed(prefix: &str, dialect: Dialect) {
    let Some(text) = read_seed(prefix) else { return };
    let source = format!("seed {prefix}");
    let rows = seed_codes(&text);
    assert!(!rows.is_empty(), "seed {prefix}: no error-code table found");

    let table = entries(dialect);
    let missing: Vec<String> = rows
        .iter()
        .filter(|(code, name)| {
            !table
                .iter()
                .any(|entry| entry.code == *code && entry.name == name && entry.source == source)
        })
        .map(|(code, name)| format!("{code} {name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{dialect}: seed {prefix} rows missing or misspelled: {missing:?}"
    );

    let claimed = table.iter().filter(|entry| entry.source == source).count();
    assert_eq!(
        claimed,
        rows.len(),
        "{dialect}: rows citing {source} versus rows in the seed"
    );
}

#[test]
fn web_sdk_matches_seed_002() {
    check_seed("002", Dialect::WebSdk);
}

#[test]
fn native_sdk_matches_seed_004() {
    check_seed("004", Dialect::NativeSdk);
}

#[test]
fn web_sdk_has_the_codes_the_seed_lacks() {
    let extras = [3, 54, 56, 57, 214, 220, 222, 223, 513, 514, 608, 1303, 1400];
    for code in extras {
        let found = entries(Dialect::WebSdk)
            .iter()
            .any(|entry| entry.code == code && entry.source == "msync ERRORS.md §0");
        assert!(found, "web-sdk: code {code} (msync ERRORS.md §0) is missing");
    }
}

#[test]
fn sdk_rows_are_unique_and_explained() {
    for dialect in [Dialect::WebSdk, Dialect::NativeSdk] {
        let mut seen: BTreeMap<i64, &Entry> = BTreeMap::new();
        for entry in entries(dialect) {
            assert_eq!(
                entry.dialect, dialect,
                "{} sits in the {dialect} table",
                entry.name
            );
            if let Some(earlier) = seen.insert(entry.code, entry) {
                panic!(
                    "{dialect}: code {} used by both {} and {}",
                    entry.code, earlier.name, entry.name
                );
            }
            assert!(
                !entry.name.is_empty(),
                "{dialect}: code {} has no name",
                entry.code
            );
            assert!(
                !entry.message.is_empty(),
                "{dialect}: {} has no message",
                entry.name
            );
            assert!(
                !entry.explanation.trim().is_empty(),
                "{dialect}: {} has no explanation",
                entry.name
            );
            assert!(
                !entry.source.is_empty(),
                "{dialect}: {} has no source",
                entry.name
            );
        }
    }
}
