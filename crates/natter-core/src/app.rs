//! Apps (tenants): the `org#app` App Key, the org and app names, and the credentials of each door.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an org or app name was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("{what} must not be empty")]
    Empty { what: &'static str },
    #[error("{what} is longer than {max} bytes")]
    TooLong { what: &'static str, max: usize },
    #[error("{what} may contain only letters, digits and '-' (got {value:?})")]
    Charset { what: &'static str, value: String },
}

/// The longest org or app name accepted: the vendor console caps both well below this.
pub const MAX_NAME_BYTES: usize = 64;

fn validate_name(what: &'static str, value: &str, allow_underscore: bool) -> Result<(), NameError> {
    if value.is_empty() {
        return Err(NameError::Empty { what });
    }
    if value.len() > MAX_NAME_BYTES {
        return Err(NameError::TooLong {
            what,
            max: MAX_NAME_BYTES,
        });
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || (allow_underscore && c == '_');
    if !value.chars().all(allowed) {
        return Err(NameError::Charset {
            what,
            value: value.to_string(),
        });
    }
    Ok(())
}

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $underscore:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Validates `value` and wraps it.
            pub fn parse(value: impl Into<String>) -> Result<Self, NameError> {
                let value = value.into();
                validate_name($what, &value, $underscore)?;
                Ok(Self(value))
            }

            /// The name as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;
            fn try_from(value: String) -> Result<Self, NameError> {
                Self::parse(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(&self.0)
            }
        }
    };
}

name_type!(
    /// The organisation part of an App Key (`org` in `org#app`, the first path segment of the REST API).
    OrgName,
    "org name",
    false
);
name_type!(
    /// The app part of an App Key (`app` in `org#app`, the second path segment of the REST API).
    AppName,
    "app name",
    true
);

/// `org#app`: how SDKs name an app. The REST API spells it `/{org}/{app}/`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppKey {
    pub org: OrgName,
    pub app: AppName,
}

impl AppKey {
    /// Parses `org#app`.
    pub fn parse(value: &str) -> Result<AppKey, NameError> {
        let (org, app) = value
            .split_once('#')
            .ok_or(NameError::Empty { what: "app name" })?;
        Ok(AppKey {
            org: OrgName::parse(org)?,
            app: AppName::parse(app)?,
        })
    }
}

impl fmt::Display for AppKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}#{}", self.org, self.app)
    }
}

/// What is needed to create an app; the store assigns nothing, the caller generates the credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApp {
    pub key: AppKey,
    /// The app's UUID, reported as `application` in Easemob REST envelopes.
    pub uuid: String,
    /// Easemob / Agora `client_id` for `grant_type=client_credentials`.
    pub client_id: String,
    pub client_secret: String,
    /// RongCloud `App-Key` header value.
    pub rongcloud_app_key: String,
    /// RongCloud app secret: the signature is SHA1(secret + nonce + timestamp), so it is kept recoverable.
    pub rongcloud_app_secret: String,
    /// Open registration (开放注册): anyone may register users without an app token.
    pub registration_open: bool,
    /// The most registered users the app may have (the plan's quota); 0 means no limit.
    pub max_users: u64,
    /// Creation time, Unix milliseconds.
    pub created_at_ms: i64,
}

/// A stored app (tenant).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct App {
    /// The store's row id; stable, never reused.
    pub id: i64,
    pub key: AppKey,
    pub uuid: String,
    pub client_id: String,
    pub client_secret: String,
    pub rongcloud_app_key: String,
    pub rongcloud_app_secret: String,
    pub registration_open: bool,
    pub max_users: u64,
    pub created_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_accept_the_vendor_charset() {
        assert!(OrgName::parse("easemob-demo").is_ok());
        assert!(AppName::parse("chatdemoui").is_ok());
        assert!(AppName::parse("chat_demo-2").is_ok());
    }

    #[test]
    fn names_refuse_empty_long_and_foreign_characters() {
        assert_eq!(OrgName::parse(""), Err(NameError::Empty { what: "org name" }));
        assert!(matches!(
            OrgName::parse("a".repeat(65)),
            Err(NameError::TooLong { .. })
        ));
        assert!(matches!(OrgName::parse("org_x"), Err(NameError::Charset { .. })));
        assert!(matches!(AppName::parse("a/b"), Err(NameError::Charset { .. })));
        assert!(matches!(AppName::parse("a#b"), Err(NameError::Charset { .. })));
    }

    #[test]
    fn app_key_round_trips() {
        let key = AppKey::parse("org#app").expect("valid key");
        assert_eq!(key.to_string(), "org#app");
        assert!(AppKey::parse("orgapp").is_err());
        assert!(AppKey::parse("org#").is_err());
    }
}
