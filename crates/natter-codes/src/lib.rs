//! Natter's error-code catalog: every documented code of every dialect, as data, and the renderers.
//!
//! The tables under [`tables`] are the single source of truth for wire facts: codes, names, HTTP statuses,
//! Easemob `error` types and the exact texts (odd spellings included). [`ErrorKind`] is the domain error that
//! every layer of Natter returns; it knows its row in each dialect.
//!
//! This crate does no IO and knows no web framework: the client SDK and the `natter codes` command use it too.

mod entry;
mod kind;
pub mod tables;

pub use entry::{Dialect, Entry, EntryKind};
pub use kind::{EasemobRow, ErrorKind, MsyncStatus, NatterError, RestError, RongCloudError};

/// The rows of one dialect, in the order the sources list them.
pub fn entries(dialect: Dialect) -> &'static [Entry] {
    match dialect {
        Dialect::RongCloud => tables::rongcloud::RONGCLOUD,
        Dialect::EasemobRest => tables::easemob_rest::EASEMOB_REST,
        Dialect::WebSdk => tables::web_sdk::WEB_SDK,
        Dialect::NativeSdk => tables::native_sdk::NATIVE_SDK,
        Dialect::Msync => tables::msync::MSYNC,
    }
}

/// Every row of every dialect.
pub fn all() -> impl Iterator<Item = &'static Entry> {
    Dialect::ALL
        .into_iter()
        .flat_map(|dialect| entries(dialect).iter())
}

/// Rows whose number is `code`: the dialect's code, or an Easemob REST numeric `error_code`.
pub fn by_code(code: i64) -> impl Iterator<Item = &'static Entry> {
    all().filter(move |entry| entry.code == code || entry.error_code.map(i64::from) == Some(code))
}

/// Rows whose name, wire text, error type or explanation contains `needle` (case-insensitive).
pub fn search(needle: &str) -> impl Iterator<Item = &'static Entry> {
    let needle = needle.to_lowercase();
    all().filter(move |entry| {
        [
            entry.name,
            entry.message,
            entry.error.unwrap_or(""),
            entry.explanation,
        ]
        .iter()
        .any(|text| text.to_lowercase().contains(&needle))
    })
}
