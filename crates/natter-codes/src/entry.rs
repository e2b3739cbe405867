//! The shape of one catalog row, and the `const fn` builders the tables are written with.

use serde::Serialize;

/// The vocabularies ("dialects") in which the clouds report errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Dialect {
    /// RongCloud Server API: `{"code","errorMessage","requestId"}` (seed 000).
    #[serde(rename = "rongcloud")]
    RongCloud,
    /// Easemob / Agora Chat REST: `{"error","exception","timestamp","duration","error_description"}` (seeds 001, 003).
    #[serde(rename = "easemob-rest")]
    EasemobRest,
    /// The `type` codes of the Web SDK error object (seed 002).
    #[serde(rename = "web-sdk")]
    WebSdk,
    /// The native SDKs' `ChatError` codes (seed 004).
    #[serde(rename = "native-sdk")]
    NativeSdk,
    /// msync `Status.ErrorCode` values, the reason strings the SDK matches, and kick operations.
    #[serde(rename = "msync")]
    Msync,
}

impl Dialect {
    /// Every dialect, in display order.
    pub const ALL: [Dialect; 5] = [
        Dialect::RongCloud,
        Dialect::EasemobRest,
        Dialect::WebSdk,
        Dialect::NativeSdk,
        Dialect::Msync,
    ];

    /// The dialect's name on the command line and in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Dialect::RongCloud => "rongcloud",
            Dialect::EasemobRest => "easemob-rest",
            Dialect::WebSdk => "web-sdk",
            Dialect::NativeSdk => "native-sdk",
            Dialect::Msync => "msync",
        }
    }

    /// Parses a dialect name as printed by [`Dialect::as_str`].
    pub fn parse(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|dialect| dialect.as_str() == name)
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What a row describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A numbered error code of the dialect (RongCloud code, SDK code, msync `Status.ErrorCode`).
    Code,
    /// A bare HTTP status and its documented meaning (the status tables of seeds 000, 001, 003).
    HttpStatus,
    /// An error reply: HTTP status, `error` type and `error_description` (Easemob REST), or an msync
    /// `Status{error_code, reason}` pair.
    Reply,
    /// A server-initiated kick: an msync `StatisticsBody.operation`.
    Kick,
}

/// One row of the catalog. Every field but `explanation` and `source` is a wire fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub dialect: Dialect,
    pub kind: EntryKind,
    /// The number the dialect uses: RongCloud `code`, HTTP status for Easemob REST, SDK `type` or
    /// `ChatError` code, msync `Status.ErrorCode` (or `StatisticsBody.operation` for kicks).
    pub code: i64,
    /// The vendor's symbolic name (SDK enum names, msync enum names, HTTP reason phrases). RongCloud codes
    /// and Easemob REST replies have no vendor name; for them this is Natter's own identifier.
    pub name: &'static str,
    /// The HTTP status the reply carries, where the dialect has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Easemob REST `error` type string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    /// Easemob REST numeric `error_code`, where one is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<u32>,
    /// The wire text: RongCloud `errorMessage`, Easemob `error_description`, msync `Status.reason`,
    /// the SDK's `message`. Sample values (`XXX`, `hxtest1`, `{appkey}`) are kept as documented.
    pub message: &'static str,
    /// For msync reasons and kicks: the Web SDK code the official SDK reports for this reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_sdk_code: Option<i64>,
    /// What it means and what to do, in Natter's own words.
    pub explanation: &'static str,
    /// Where the row is documented (seed file or reference section).
    pub source: &'static str,
}

impl Entry {
    const fn base(dialect: Dialect, kind: EntryKind, code: i64, name: &'static str) -> Entry {
        Entry {
            dialect,
            kind,
            code,
            name,
            http_status: None,
            error: None,
            error_code: None,
            message: "",
            web_sdk_code: None,
            explanation: "",
            source: "",
        }
    }

    /// A RongCloud code: `code`, Natter's `NAME`, the seed's `errorMessage` text.
    pub const fn rongcloud(code: i64, name: &'static str, message: &'static str) -> Entry {
        let mut entry = Entry::base(Dialect::RongCloud, EntryKind::Code, code, name);
        entry.message = message;
        entry.source = "seed 000";
        entry
    }

    /// A bare HTTP status of a dialect's status table.
    pub const fn http(dialect: Dialect, status: u16, name: &'static str, message: &'static str) -> Entry {
        let mut entry = Entry::base(dialect, EntryKind::HttpStatus, status as i64, name);
        entry.http_status = Some(status);
        entry.message = message;
        entry
    }

    /// An Easemob REST error reply: HTTP status, `error`, `error_description`.
    pub const fn rest(status: u16, name: &'static str, error: &'static str, message: &'static str) -> Entry {
        let mut entry = Entry::base(Dialect::EasemobRest, EntryKind::Reply, status as i64, name);
        entry.http_status = Some(status);
        entry.error = Some(error);
        entry.message = message;
        entry
    }

    /// A Web SDK code (seed 002). `message` is the SDK's `message` where documented, else the name.
    pub const fn web_sdk(code: i64, name: &'static str, message: &'static str) -> Entry {
        let mut entry = Entry::base(Dialect::WebSdk, EntryKind::Code, code, name);
        entry.message = message;
        entry.source = "seed 002";
        entry
    }

    /// A native SDK `ChatError` code (seed 004).
    pub const fn native_sdk(code: i64, name: &'static str, message: &'static str) -> Entry {
        let mut entry = Entry::base(Dialect::NativeSdk, EntryKind::Code, code, name);
        entry.message = message;
        entry.source = "seed 004";
        entry
    }

    /// An msync `Status.ErrorCode` value.
    pub const fn msync_code(code: i64, name: &'static str) -> Entry {
        let mut entry = Entry::base(Dialect::Msync, EntryKind::Code, code, name);
        entry.message = name;
        entry
    }

    /// An msync reply: `Status{error_code, reason}` and the Web SDK code it makes the SDK report.
    pub const fn msync_reply(
        code: i64,
        name: &'static str,
        reason: &'static str,
        web_sdk_code: i64,
    ) -> Entry {
        let mut entry = Entry::base(Dialect::Msync, EntryKind::Reply, code, name);
        entry.message = reason;
        entry.web_sdk_code = Some(web_sdk_code);
        entry
    }

    /// An msync kick: `StatisticsBody.operation`, and the Web SDK code it raises.
    pub const fn msync_kick(
        operation: i64,
        name: &'static str,
        sdk_message: &'static str,
        web_sdk_code: i64,
    ) -> Entry {
        let mut entry = Entry::base(Dialect::Msync, EntryKind::Kick, operation, name);
        entry.message = sdk_message;
        entry.web_sdk_code = Some(web_sdk_code);
        entry
    }

    /// Sets the explanation (Natter's own words).
    pub const fn explain(mut self, explanation: &'static str) -> Entry {
        self.explanation = explanation;
        self
    }

    /// Sets where the row is documented.
    pub const fn source(mut self, source: &'static str) -> Entry {
        self.source = source;
        self
    }

    /// Sets the Easemob numeric `error_code`.
    pub const fn with_error_code(mut self, error_code: u32) -> Entry {
        self.error_code = Some(error_code);
        self
    }
}
