//! Users: the user ID rules of the Easemob REST API (§2.0) and the stored user.

use natter_codes::{ErrorKind, NatterError};
use serde::Serialize;
use std::fmt;

/// The longest user ID, in bytes.
pub const MAX_USERNAME_BYTES: usize = 64;
/// The longest password, in characters.
pub const MAX_PASSWORD_CHARS: usize = 64;
/// The longest push nickname, in characters.
pub const MAX_NICKNAME_CHARS: usize = 100;

/// How a refused user ID is reported: the open-registration text (`username X is not legal`) or the
/// authorized/batch one (`username [X] is not legal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsernameContext {
    OpenRegistration,
    Authorized,
}

/// A user ID (用户 ID). Non-empty, at most 64 bytes of `a-z 0-9 _ - .`.
///
/// Decision (reference §13.4): the older docs accept upper case and treat IDs case-insensitively, the newer
/// ones allow lower case only and return mixed case lower-cased. Natter accepts upper case and lower-cases
/// it, which satisfies both: `Alice` and `alice` are the same user, reported as `alice`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserName(String);

impl UserName {
    /// Validates and normalises a user ID, with the documented error for `context`.
    pub fn parse(value: &str, context: UsernameContext) -> Result<UserName, NatterError> {
        if value.len() > MAX_USERNAME_BYTES {
            return Err(NatterError::new(ErrorKind::UsernameTooLong));
        }
        let legal = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !legal {
            let kind = match context {
                UsernameContext::OpenRegistration => ErrorKind::UsernameIllegal,
                UsernameContext::Authorized => ErrorKind::UsernameIllegalBracketed,
            };
            return Err(NatterError::new(kind).with_param(value));
        }
        Ok(UserName(value.to_ascii_lowercase()))
    }

    /// Normalises a user ID taken from a path or a lookup, without reporting why it is invalid: an ID
    /// that cannot be valid cannot name an existing user.
    pub fn lookup(value: &str) -> Option<UserName> {
        UserName::parse(value, UsernameContext::Authorized).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Checks a registration password: present, non-empty, at most 64 characters.
pub fn validate_password(password: Option<&str>) -> Result<&str, NatterError> {
    match password {
        None | Some("") => Err(NatterError::new(ErrorKind::PasswordMissing)),
        Some(password) if password.chars().count() > MAX_PASSWORD_CHARS => Err(
            NatterError::invalid_parameter("password length exceeds the limit"),
        ),
        Some(password) => Ok(password),
    }
}

/// Checks a push nickname: at most 100 characters.
pub fn validate_nickname(nickname: &str) -> Result<(), NatterError> {
    if nickname.chars().count() > MAX_NICKNAME_CHARS {
        return Err(NatterError::new(ErrorKind::NicknameTooLong));
    }
    Ok(())
}

/// A user to create. The password is already hashed: the domain never sees a KDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub username: UserName,
    pub uuid: String,
    pub password_hash: String,
    pub nickname: Option<String>,
    pub created_ms: i64,
}

/// A stored user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// The store's row id: creation order, never reused.
    pub id: i64,
    pub app_id: i64,
    pub username: UserName,
    pub uuid: String,
    pub password_hash: String,
    /// `false` while banned (deactivated).
    pub activated: bool,
    pub nickname: Option<String>,
    pub created_ms: i64,
    pub modified_ms: i64,
    /// User tokens issued before this instant (Unix ms) are void: set by password changes and bans.
    pub tokens_valid_after_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_documented_charset_and_are_lower_cased() {
        let name = UserName::parse("Alice.B-2_x", UsernameContext::OpenRegistration).expect("legal");
        assert_eq!(name.as_str(), "alice.b-2_x");
        assert_eq!(UserName::lookup("ALICE.B-2_X"), Some(name));
    }

    #[test]
    fn illegal_ids_get_the_documented_error_for_their_context() {
        let open = UserName::parse("a b", UsernameContext::OpenRegistration).expect_err("illegal");
        assert_eq!(open.to_rest().description, "username a b is not legal");
        let authorized = UserName::parse("a@b", UsernameContext::Authorized).expect_err("illegal");
        assert_eq!(authorized.to_rest().description, "username [a@b] is not legal");
        let empty = UserName::parse("", UsernameContext::Authorized).expect_err("empty");
        assert_eq!(empty.kind, ErrorKind::UsernameIllegalBracketed);
        let long = UserName::parse(&"a".repeat(65), UsernameContext::Authorized).expect_err("long");
        assert_eq!(long.to_rest().description, "USERNAME_TOO_LONG");
        assert!(UserName::parse(&"a".repeat(64), UsernameContext::Authorized).is_ok());
        assert!(UserName::parse("用户", UsernameContext::Authorized).is_err());
    }

    #[test]
    fn passwords_and_nicknames_have_limits() {
        assert_eq!(
            validate_password(None).map_err(|error| error.kind),
            Err(ErrorKind::PasswordMissing)
        );
        assert_eq!(
            validate_password(Some("")).map_err(|error| error.kind),
            Err(ErrorKind::PasswordMissing)
        );
        assert!(validate_password(Some(&"p".repeat(65))).is_err());
        assert_eq!(validate_password(Some("secret")).ok(), Some("secret"));
        assert!(validate_nickname(&"名".repeat(100)).is_ok());
        assert_eq!(
            validate_nickname(&"名".repeat(101)).map_err(|error| error.to_rest().description),
            Err("NICKNAME_TOO_LONG".to_string())
        );
    }
}
