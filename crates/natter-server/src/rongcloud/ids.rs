//! What the group, chat room and settings endpoints share: RongCloud ids of groups and rooms, the `minute`
//! of gags and blocks, and how deadlines print.
//!
//! Decision (ids): a RongCloud group or room id is 1 to 64 characters of `A-Z a-z 0-9 + = - _` (RongCloud's
//! documented set), case-sensitive. Easemob group ids (digits) and room ids (`a-z 0-9`) fit the same set, so
//! every group and room of the app has a name at this door: its RongCloud id if the RongCloud door made it,
//! else its Easemob id.

use super::form::Params;
use natter_codes::NatterError;
use natter_store::MuteUntil;

/// The longest RongCloud group or room id, in characters.
pub(crate) const MAX_ID_CHARS: usize = 64;
/// The longest gag, block or ban, in minutes (30 days).
pub(crate) const MAX_MINUTES: i64 = 43_200;
/// What a deadline that never comes prints as: the last second a `YYYY-MM-DD HH:MM:SS` time can show.
const FOREVER_MS: i64 = 253_402_300_799_000;

/// Whether `text` can be a RongCloud group or room id.
pub(crate) fn is_valid_id(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= MAX_ID_CHARS
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '=' | '-' | '_'))
}

/// Checks one id parameter value: 1001 naming the parameter when it cannot be an id.
pub(crate) fn check_id<'a>(key: &str, text: &'a str) -> Result<&'a str, NatterError> {
    if is_valid_id(text) {
        Ok(text)
    } else {
        Err(NatterError::invalid_parameter(format!(
            "{key} must be 1 to {MAX_ID_CHARS} letters, digits, + = - or _"
        ))
        .with_detail(format!("{key} {text:?}")))
    }
}

/// A required id parameter.
pub(crate) fn required_id<'a>(params: &'a Params, key: &str) -> Result<&'a str, NatterError> {
    check_id(key, params.required(key)?)
}

/// A repeated id parameter: 1 to `max` values (`min` 0 allows none), without repeats.
pub(crate) fn ids<'a>(
    params: &'a Params,
    key: &str,
    min: usize,
    max: usize,
) -> Result<Vec<&'a str>, NatterError> {
    let values = params.all(key);
    if values.len() < min {
        return Err(NatterError::invalid_parameter(format!("{key} is required")));
    }
    if values.len() > max {
        return Err(NatterError::invalid_parameter(format!("at most {max} {key}"))
            .with_detail(format!("{} given", values.len())));
    }
    values.into_iter().map(|value| check_id(key, value)).collect()
}

/// A name (`groupName`, a room's name): at most `max_chars` characters, not empty when `required`.
pub(crate) fn check_name<'a>(key: &str, name: &'a str, max_chars: usize) -> Result<&'a str, NatterError> {
    if name.chars().count() > max_chars {
        return Err(NatterError::invalid_parameter(format!(
            "{key} is longer than {max_chars} characters"
        )));
    }
    Ok(name)
}

/// `minute`, required, between `min` and 43200.
pub(crate) fn minutes(params: &Params, min: i64) -> Result<i64, NatterError> {
    let minutes = params
        .integer("minute")?
        .ok_or_else(|| NatterError::invalid_parameter("minute is required"))?;
    if !(min..=MAX_MINUTES).contains(&minutes) {
        return Err(NatterError::invalid_parameter(format!(
            "minute must be between {min} and {MAX_MINUTES}"
        )));
    }
    Ok(minutes)
}

/// The end of a mute as RongCloud prints a deadline (`time`): one that never ends prints as the last
/// printable second.
pub(crate) fn format_until(until: MuteUntil) -> String {
    match until {
        MuteUntil::Forever => super::time::format_ms(FOREVER_MS),
        MuteUntil::At(until_ms) => super::time::format_ms(until_ms),
    }
}

/// `minutes` from `now_ms`, as a mute deadline.
pub(crate) fn until_after(now_ms: i64, minutes: i64) -> MuteUntil {
    MuteUntil::At(now_ms.saturating_add(minutes.saturating_mul(60_000)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_rongcloud_s_character_set() {
        for valid in ["g_1", "Room-A", "a+b=c", "123456789012345678", &"x".repeat(64)] {
            assert!(is_valid_id(valid), "{valid:?}");
        }
        for invalid in ["", "a b", "a.b", "群", "a/b", &"x".repeat(65)] {
            assert!(!is_valid_id(invalid), "{invalid:?}");
        }
    }

    #[test]
    fn minutes_and_deadlines() {
        let params = Params::parse_form(b"minute=0");
        assert!(minutes(&params, 1).is_err());
        assert_eq!(minutes(&params, 0).ok(), Some(0));
        assert!(minutes(&Params::parse_form(b"minute=43201"), 0).is_err());
        assert!(minutes(&Params::parse_form(b""), 0).is_err());
        assert_eq!(format_until(MuteUntil::Forever), "9999-12-31 23:59:59");
        assert_eq!(until_after(1_000, 2), MuteUntil::At(121_000));
    }

    #[test]
    fn repeated_ids_are_counted_and_checked() {
        let params = Params::parse_form(b"groupId=a&groupId=b&groupId=a");
        assert_eq!(ids(&params, "groupId", 1, 2).ok(), Some(vec!["a", "b"]));
        assert!(ids(&params, "groupId", 1, 1).is_err());
        assert!(ids(&Params::parse_form(b""), "groupId", 1, 5).is_err());
        assert_eq!(
            ids(&Params::parse_form(b""), "groupId", 0, 5).ok(),
            Some(Vec::new())
        );
        assert!(ids(&Params::parse_form(b"groupId=a b"), "groupId", 1, 5).is_err());
    }
}
