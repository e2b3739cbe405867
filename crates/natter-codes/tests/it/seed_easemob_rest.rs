//! The Easemob REST table against seeds 001 and 003, the two REST references and msync `ERRORS.md` §2.2.
//!
//! Every documented error row must have a catalog row with the same HTTP status, `error` and wire text. The
//! documented cells are normalised the way the table was written by hand: wrapping backticks and quotes and
//! trailing editorial notes go, a written `\n` becomes a newline, placeholder cells (`—`, `-`, `(empty)`,
//! `任意`) become empty strings and status `5xx` becomes 500. The few cells that need more than that are in
//! [`SPECIAL_CELLS`].

use std::collections::BTreeSet;

use natter_codes::{Dialect, Entry, EntryKind, entries};

use crate::shared::{markdown_rows, read_seed, read_shared};

/// Documented description cells that the mechanical rules cannot turn into the wire text:
/// `(status, error, cell as split by markdown_rows, expected wire text)`.
const SPECIAL_CELLS: &[(u16, &str, &str, &str)] = &[
    // "(std)" stands for the standard text of the row's `error`, given in users-messages §0.6.
    (
        404,
        "organization_application_not_found",
        "(std)",
        "Could not find application for XXX/XXX from URI: XXX/XXX/users",
    ),
];

/// Variants documented inside a cell's note or cause column rather than as a row of their own.
const NOTE_VARIANTS: &[(u16, &str, &str)] = &[
    (400, "message_recall_error", "can't find msg to"),
    (400, "message_send_error", "params to's size can't exceed limit"),
    (400, "message_send_error", "param to exceed limit"),
    (
        400,
        "invalid_parameter",
        "addMembers: addMembers number more than maxSize : 60",
    ),
    (
        403,
        "forbidden_op",
        "can not join this group, reason:user XXX has joined too many chatrooms!",
    ),
    (400, "invalid_parameter", "userNames is more than max limit : 60"),
];

/// One documented error reply: status, `error`, wire text, and where it was read.
#[derive(Debug)]
struct Documented {
    status: u16,
    error: String,
    message: String,
    place: String,
}

/// A status cell: `400`, or `5xx` for "any 5xx", which the table writes as 500.
fn status_of(cell: &str, place: &str) -> u16 {
    if cell == "5xx" {
        return 500;
    }
    cell.parse()
        .unwrap_or_else(|error| panic!("{place}: status {cell:?}: {error}"))
}

/// An `error` cell: placeholders for "no type documented" become empty.
fn error_of(cell: &str) -> String {
    match cell.trim() {
        "—" | "-" | "(empty)" => String::new(),
        other => other.to_string(),
    }
}

/// Strips one pair of wrapping straight double quotes.
fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or(text)
}

/// A description cell of a reference table, as wire text (cells in [`SPECIAL_CELLS`] are resolved before).
fn reference_text(cell: &str) -> String {
    let cell = cell.trim();
    if cell.starts_with('—') || cell == "(empty)" || cell == "任意" {
        return String::new();
    }
    let text = if let Some(rest) = cell.strip_prefix('`') {
        // The first backtick span is the text; what follows it is an editorial note.
        let end = rest
            .find('`')
            .unwrap_or_else(|| panic!("unclosed backtick in {cell:?}"));
        &rest[..end]
    } else {
        cell.strip_suffix("(*sic*)").map_or(cell, str::trim_end)
    };
    unquote(text).replace("\\n", "\n")
}

/// The rows of every `| HTTP | error | error_description |` table of a reference file.
fn reference_rows(relative: &str, label: &str, out: &mut Vec<Documented>) -> bool {
    let Some(text) = read_shared(relative) else {
        return false;
    };
    // A `\|` inside a cell is an escaped pipe, part of the text; keep markdown_rows from splitting on it.
    let text = text.replace("\\|", "\u{1}");
    let before = out.len();
    for (header, cells) in markdown_rows(&text) {
        if header.len() < 3 || header[..3] != ["HTTP", "error", "error_description"] {
            continue;
        }
        let cells: Vec<String> = cells.iter().map(|cell| cell.replace('\u{1}', "|")).collect();
        let place = format!("{label}: {cells:?}");
        let status = status_of(&cells[0], &place);
        let error = error_of(&cells[1]);
        let special = SPECIAL_CELLS
            .iter()
            .find(|(s, e, cell, _)| *s == status && *e == error && *cell == cells[2]);
        let message = match special {
            Some((_, _, _, wire)) => (*wire).to_string(),
            None => reference_text(&cells[2]),
        };
        out.push(Documented {
            status,
            error,
            message,
            place,
        });
    }
    assert!(out.len() > before, "{label}: no error tables found");
    true
}

/// Seed 001: the status codes of 错误状态码概述 and the reply rows of the tables headed `HTTP 状态码`.
fn seed_001(statuses: &mut BTreeSet<u16>, out: &mut Vec<Documented>) -> bool {
    let Some(text) = read_seed("001") else {
        return false;
    };
    let before = out.len();
    for (header, cells) in markdown_rows(&text) {
        let first = header.first().map(String::as_str).unwrap_or("");
        let place = format!("seed 001: {cells:?}");
        if first.starts_with("HTTP 返回码") {
            statuses.insert(status_of(&cells[0], &place));
        } else if first.starts_with("HTTP 状态码") {
            let status = status_of(&cells[0], &place);
            let message = unquote(cells[2].trim()).replace("\\n", "\n");
            out.push(Documented {
                status,
                error: cells[1].clone(),
                message,
                place,
            });
        }
    }
    assert!(
        out.len() > before && !statuses.is_empty(),
        "seed 001: tables not found"
    );
    true
}

/// Seed 003 is plain text. A line `NNN <letter>…` is a reply row: the `error` type runs up to the opening
/// curly quote and the text is what the curly quotes enclose (apostrophes inside it are kept as written);
/// the one unquoted row is `error` word, then the text up to the Chinese cause. A line `NNN (…` or
/// `NNN <Chinese>` is a row of the status table.
fn seed_003(statuses: &mut BTreeSet<u16>, out: &mut Vec<Documented>) -> bool {
    let Some(text) = read_seed("003") else {
        return false;
    };
    let before = out.len();
    for line in text.lines() {
        let line = line.trim();
        let Some((code, rest)) = line.split_once(' ') else {
            continue;
        };
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let place = format!("seed 003: {line}");
        let status = status_of(code, &place);
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            statuses.insert(status);
            continue;
        }
        let (error, message) = match rest.split_once('“') {
            Some((error, quoted)) => {
                let (message, _) = quoted
                    .split_once('”')
                    .unwrap_or_else(|| panic!("{place}: unclosed quote"));
                (error.trim().to_string(), message.to_string())
            }
            None => {
                let (error, tail) = rest
                    .split_once(' ')
                    .unwrap_or_else(|| panic!("{place}: no description"));
                let end = tail.find(|c: char| !c.is_ascii()).unwrap_or(tail.len());
                (error.to_string(), tail[..end].trim().to_string())
            }
        };
        out.push(Documented {
            status,
            error,
            message: message.replace("\\n", "\n"),
            place,
        });
    }
    assert!(
        out.len() > before && !statuses.is_empty(),
        "seed 003: rows not found"
    );
    true
}

fn replies() -> impl Iterator<Item = &'static Entry> {
    entries(Dialect::EasemobRest)
        .iter()
        .filter(|entry| entry.kind == EntryKind::Reply)
}

fn has_reply(status: u16, error: &str, message: &str) -> bool {
    replies().any(|entry| {
        entry.http_status == Some(status) && entry.error == Some(error) && entry.message == message
    })
}

fn assert_documented_rows_present(documented: &[Documented]) {
    let missing: Vec<String> = documented
        .iter()
        .filter(|row| !has_reply(row.status, &row.error, &row.message))
        .map(|row| {
            format!(
                "{} {:?} {:?} (from {})",
                row.status, row.error, row.message, row.place
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "easemob-rest: documented rows missing: {missing:#?}"
    );
}

#[test]
fn seed_rows_are_in_the_catalog() {
    let mut statuses = BTreeSet::new();
    let mut documented = Vec::new();
    if !seed_001(&mut statuses, &mut documented) || !seed_003(&mut statuses, &mut documented) {
        return;
    }
    assert_documented_rows_present(&documented);

    let missing: Vec<u16> = statuses
        .iter()
        .copied()
        .filter(|status| {
            !entries(Dialect::EasemobRest)
                .iter()
                .any(|entry| entry.kind == EntryKind::HttpStatus && entry.http_status == Some(*status))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "easemob-rest: HTTP status rows missing: {missing:?}"
    );
}

#[test]
fn reference_rows_are_in_the_catalog() {
    let mut documented = Vec::new();
    let files = [
        (
            "reference/easemob-rest-users-messages.md",
            "reference users-messages",
        ),
        (
            "reference/easemob-rest-groups-chatrooms.md",
            "reference groups-chatrooms",
        ),
    ];
    for (relative, label) in files {
        if !reference_rows(relative, label, &mut documented) {
            return;
        }
    }
    assert_documented_rows_present(&documented);

    let missing: Vec<_> = NOTE_VARIANTS
        .iter()
        .filter(|(status, error, text)| !has_reply(*status, error, text))
        .collect();
    assert!(
        missing.is_empty(),
        "easemob-rest: variants from the references' notes missing: {missing:?}"
    );
}

/// Every numeric `error_code` that ERRORS.md §2.2 lists for a status has a reply row with that status and
/// code: the five-digit numbers on the lines that mention `error_code`, under the `**NNN**` status markers.
#[test]
fn errors_md_codes_are_in_the_catalog() {
    let Some(text) = read_shared("reference/msync/ERRORS.md") else {
        return;
    };
    let start = text.find("### 2.2").expect("ERRORS.md §2.2");
    let end = start + text[start..].find("### 2.3").expect("ERRORS.md §2.3");
    let mut status = 0u16;
    let mut wanted = Vec::new();
    for line in text[start..end].lines() {
        if let Some(marker) = line.strip_prefix("**") {
            let digits: String = marker.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(parsed) = digits.parse() {
                status = parsed;
            }
        }
        if !line.contains("error_code") {
            continue;
        }
        for word in line.split(|c: char| !c.is_ascii_digit()) {
            if word.len() == 5 {
                wanted.push((status, word.parse::<u32>().expect("five digits")));
            }
        }
    }
    assert!(
        wanted.len() > 30,
        "ERRORS.md §2.2: only {} codes found",
        wanted.len()
    );
    let missing: Vec<_> = wanted
        .iter()
        .filter(|(status, code)| {
            !replies().any(|entry| entry.http_status == Some(*status) && entry.error_code == Some(*code))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "easemob-rest: ERRORS.md §2.2 codes missing: {missing:?}"
    );
}

#[test]
fn rows_are_unique_and_explained() {
    let mut names = BTreeSet::new();
    let mut replies_seen = BTreeSet::new();
    for entry in entries(Dialect::EasemobRest) {
        assert_eq!(
            entry.dialect,
            Dialect::EasemobRest,
            "{}: wrong dialect",
            entry.name
        );
        assert!(
            names.insert(entry.name),
            "easemob-rest: name {} is used twice",
            entry.name
        );
        assert!(
            !entry.explanation.trim().is_empty(),
            "{}: no explanation",
            entry.name
        );
        assert!(!entry.source.trim().is_empty(), "{}: no source", entry.name);
        match entry.kind {
            EntryKind::Reply => {
                assert!(
                    entry.http_status.is_some() && entry.error.is_some(),
                    "{}: incomplete",
                    entry.name
                );
                let key = (entry.http_status, entry.error, entry.message);
                assert!(
                    replies_seen.insert(key),
                    "{}: duplicate reply {key:?}",
                    entry.name
                );
            }
            EntryKind::HttpStatus => {
                assert_eq!(
                    entry.http_status.map(i64::from),
                    Some(entry.code),
                    "{}",
                    entry.name
                );
            }
            other => panic!("{}: unexpected kind {other:?}", entry.name),
        }
    }
}
