//! `natter codes`: an offline lookup of every vendor error code, for people debugging these clouds.

use anyhow::{Context, bail};
use natter_codes::{Dialect, Entry, EntryKind};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// What to look up.
#[derive(Debug)]
pub(crate) struct Query {
    pub(crate) dialect: Option<Dialect>,
    pub(crate) all: bool,
    pub(crate) json: bool,
    /// `[CODE]` or `search TEXT…`.
    pub(crate) terms: Vec<String>,
}

/// Runs the lookup and returns what to print. No match is an error (exit status 1) so scripts can tell.
pub(crate) fn run(query: &Query) -> anyhow::Result<String> {
    let in_dialect = |entry: &&Entry| query.dialect.is_none_or(|dialect| entry.dialect == dialect);
    let found: Vec<&Entry> = match query.terms.split_first() {
        _ if query.all => natter_codes::all().filter(in_dialect).collect(),
        Some((first, rest)) if first == "search" => {
            let needle = rest.join(" ");
            if needle.is_empty() {
                bail!("usage: natter codes search TEXT");
            }
            natter_codes::search(&needle).filter(in_dialect).collect()
        }
        Some((code, [])) => {
            let code: i64 = code
                .parse()
                .with_context(|| format!("{code:?} is not a number (try: natter codes search {code})"))?;
            natter_codes::by_code(code).filter(in_dialect).collect()
        }
        Some(_) => {
            bail!("usage: natter codes [--dialect D] CODE | natter codes search TEXT | natter codes --all")
        }
        None => bail!("give a code, `search TEXT`, or --all"),
    };
    if found.is_empty() && !query.json {
        bail!("no entry matches");
    }
    if query.json {
        let rows: Vec<Value> = found.iter().map(|entry| to_json(entry)).collect();
        return Ok(serde_json::to_string_pretty(&rows)? + "\n");
    }
    let mut text = String::new();
    for entry in found {
        text.push_str(&describe(entry));
    }
    Ok(text)
}

fn kind_name(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Code => "code",
        EntryKind::HttpStatus => "http_status",
        EntryKind::Reply => "reply",
        EntryKind::Kick => "kick",
    }
}

/// One entry as a JSON object: `dialect`, `code`, `name`, `http_status`, `error`, `message` and the rest.
pub(crate) fn to_json(entry: &Entry) -> Value {
    json!({
        "dialect": entry.dialect.as_str(),
        "kind": kind_name(entry.kind),
        "code": entry.code,
        "name": entry.name,
        "http_status": entry.http_status,
        "error": entry.error,
        "error_code": entry.error_code,
        "message": entry.message,
        "web_sdk_code": entry.web_sdk_code,
        "explanation": entry.explanation,
        "source": entry.source,
    })
}

fn describe(entry: &Entry) -> String {
    let mut text = format!("{} {} {}", entry.dialect, entry.code, entry.name);
    if entry.kind != EntryKind::Code {
        let _ = write!(text, " ({})", kind_name(entry.kind));
    }
    text.push('\n');
    if let Some(status) = entry.http_status {
        let _ = writeln!(text, "  HTTP status: {status}");
    }
    if let Some(error) = entry.error {
        let _ = writeln!(text, "  error:       {error}");
    }
    if let Some(error_code) = entry.error_code {
        let _ = writeln!(text, "  error_code:  {error_code}");
    }
    if !entry.message.is_empty() && entry.message != entry.name {
        let _ = writeln!(text, "  message:     {}", entry.message.replace('\n', "\\n"));
    }
    if let Some(web_sdk_code) = entry.web_sdk_code {
        let _ = writeln!(text, "  Web SDK:     reports {web_sdk_code}");
    }
    let _ = writeln!(text, "  {}", entry.explanation);
    let _ = writeln!(text, "  source: {}\n", entry.source);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(dialect: Option<Dialect>, terms: &[&str]) -> Query {
        Query {
            dialect,
            all: false,
            json: false,
            terms: terms.iter().map(|term| term.to_string()).collect(),
        }
    }

    #[test]
    fn a_code_shows_every_dialect() {
        let text = run(&query(None, &["603"])).expect("603 exists");
        assert!(text.contains("web-sdk 603 PERMISSION_DENIED"), "{text}");
        assert!(text.contains("native-sdk 603 GROUP_PERMISSION_DENIED"), "{text}");
    }

    #[test]
    fn a_dialect_narrows_to_one_entry() {
        let text = run(&query(Some(Dialect::WebSdk), &["507"])).expect("507 exists");
        assert_eq!(text.matches("web-sdk 507").count(), 1, "{text}");
        assert!(!text.contains("native-sdk"));
    }

    #[test]
    fn search_finds_chinese_terms_and_rejects_nonsense() {
        let text = run(&query(None, &["search", "禁言"])).expect("matches");
        assert!(text.contains("rongcloud 1006"), "{text}");
        assert!(run(&query(None, &["search", "zzzz-no-such-thing"])).is_err());
        assert!(run(&query(None, &["abc"])).is_err());
        assert!(run(&query(None, &[])).is_err());
    }
}
