//! Request parameters, parsed as leniently as the official SDKs need.
//!
//! rc-server-sdk 3.2.0 renders form bodies from templates without percent-encoding: raw spaces
//! (`groupName=Demo Group`), raw brackets (`chatroom[r_1]=Demo Room`), raw non-ASCII text, Python's `True` /
//! `False`; only `content` is encoded. Keys repeat (`userId=a&userId=b`). A strict decoder refuses some of
//! this, so the body becomes an ordered list of pairs by `application/x-www-form-urlencoded` rules read
//! generously: `+` is a space, `%XY` is a byte, and any other `%` is itself; bytes that are not UTF-8 become
//! U+FFFD. A JSON object body (the template and push endpoints send JSON) becomes the same list.

use natter_codes::NatterError;
use serde_json::Value;

/// The parameters of one request, in the order they came, repeats included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Params(Vec<(String, String)>);

/// Decodes one key or value: `+` is a space, `%XY` a byte, a `%` without two hex digits stays as it is.
fn decode(raw: &[u8]) -> String {
    let hex = |byte: u8| char::from(byte).to_digit(16);
    let mut bytes = Vec::with_capacity(raw.len());
    let mut index = 0;
    while index < raw.len() {
        match raw[index] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let digits = raw
                    .get(index + 1)
                    .copied()
                    .and_then(hex)
                    .zip(raw.get(index + 2).copied().and_then(hex));
                match digits {
                    Some((high, low)) => {
                        // Two hex digits make one byte: high * 16 + low is at most 255.
                        bytes.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                        index += 2;
                    }
                    None => bytes.push(b'%'),
                }
            }
            byte => bytes.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A JSON value as a parameter text: strings as they are, other scalars as JSON prints them.
fn json_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

impl Params {
    /// Parses a form body (or a query string).
    pub(crate) fn parse_form(body: &[u8]) -> Params {
        let pairs = body
            .split(|&byte| byte == b'&')
            .filter(|segment| !segment.is_empty())
            .map(|segment| match segment.iter().position(|&byte| byte == b'=') {
                Some(at) => (decode(&segment[..at]), decode(&segment[at + 1..])),
                None => (decode(segment), String::new()),
            })
            .collect();
        Params(pairs)
    }

    /// Reads a JSON object body: each member is a pair, an array member one pair per element, a `null`
    /// none. Anything but an object is a bad request.
    /// The pairs of a JSON object body (the push endpoints also read the object itself: call.rs keeps it).
    pub(crate) fn from_json(value: &Value) -> Result<Params, NatterError> {
        let Value::Object(members) = value else {
            return Err(NatterError::invalid_parameter("the body must be a JSON object"));
        };
        let mut pairs = Vec::with_capacity(members.len());
        for (key, value) in members {
            match value {
                Value::Array(items) => {
                    pairs.extend(items.iter().filter_map(json_text).map(|text| (key.clone(), text)));
                }
                value => pairs.extend(json_text(value).map(|text| (key.clone(), text))),
            }
        }
        Ok(Params(pairs))
    }

    /// These parameters with every `from` key named `to` (a discussion's `toDiscussionId` read as
    /// `toGroupId`). Pairs already named `to` are dropped, so that the renamed values are the only ones.
    pub(crate) fn renamed(&self, from: &str, to: &str) -> Params {
        Params(
            self.0
                .iter()
                .filter(|(name, _)| name != to)
                .map(|(name, value)| {
                    let name = if name == from { to } else { name.as_str() };
                    (name.to_owned(), value.clone())
                })
                .collect(),
        )
    }

    /// Appends `other`'s pairs after these.
    pub(crate) fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
    }

    /// The first value of `key`, if present (possibly empty).
    pub(crate) fn first(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// The first non-empty value of `key`: an empty value means "not given" (the SDK sends `name=` for an
    /// argument left at its default).
    pub(crate) fn given(&self, key: &str) -> Option<&str> {
        self.first(key).filter(|value| !value.is_empty())
    }

    /// The first non-empty value of `key`, or 1001 naming the missing parameter.
    pub(crate) fn required(&self, key: &str) -> Result<&str, NatterError> {
        self.given(key)
            .ok_or_else(|| NatterError::invalid_parameter(format!("{key} is required")))
    }

    /// Every non-empty value of `key`, in order, without repeats.
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        let mut values: Vec<&str> = Vec::new();
        for (name, value) in &self.0 {
            if name == key && !value.is_empty() && !values.contains(&value.as_str()) {
                values.push(value);
            }
        }
        values
    }

    /// Every value of `key`, in order, repeats and empty values included: the positional lists of the
    /// template endpoints (`toUserId[i]` gets `values[i]` and `pushContent[i]`).
    pub(crate) fn every(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// An integer parameter, if given; 1001 if it is not one.
    pub(crate) fn integer(&self, key: &str) -> Result<Option<i64>, NatterError> {
        self.given(key)
            .map(|text| {
                text.trim()
                    .parse::<i64>()
                    .map_err(|_| NatterError::invalid_parameter(format!("{key} must be an integer")))
            })
            .transpose()
    }

    /// A boolean parameter, if given: `true`/`false` in any case (Python sends `True`/`False`), or `1`/`0`.
    pub(crate) fn flag(&self, key: &str) -> Result<Option<bool>, NatterError> {
        self.given(key)
            .map(|text| match text.trim() {
                value if value.eq_ignore_ascii_case("true") || value == "1" => Ok(true),
                value if value.eq_ignore_ascii_case("false") || value == "0" => Ok(false),
                _ => Err(NatterError::invalid_parameter(format!(
                    "{key} must be true or false"
                ))),
            })
            .transpose()
    }

    /// The `prefix[id]=value` pairs (`chatroom[r_1]=Demo Room`), as (id, value), in order.
    pub(crate) fn bracketed(&self, prefix: &str) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .filter_map(|(name, value)| {
                let id = name.strip_prefix(prefix)?.strip_prefix('[')?.strip_suffix(']')?;
                Some((id, value.as_str()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use natter_codes::ErrorKind;
    use serde_json::json;

    fn pairs(params: &Params) -> Vec<(&str, &str)> {
        params
            .0
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect()
    }

    #[test]
    fn raw_spaces_brackets_and_text_pass_through() {
        let params = Params::parse_form(
            "groupId=g_1&groupName=Demo Group&chatroom[r_1]=Demo Room&name=张三".as_bytes(),
        );
        assert_eq!(
            pairs(&params),
            [
                ("groupId", "g_1"),
                ("groupName", "Demo Group"),
                ("chatroom[r_1]", "Demo Room"),
                ("name", "张三")
            ]
        );
        assert_eq!(params.bracketed("chatroom"), [("r_1", "Demo Room")]);
        assert!(params.bracketed("group").is_empty());
    }

    #[test]
    fn percent_escapes_decode_and_broken_ones_stay() {
        let params = Params::parse_form(
            b"content=%7B%22content%22%3A%20%22hello%22%7D&a=100%&b=%zz%4&c=x+y&d=%E4%BD%A0&e=%ff",
        );
        assert_eq!(params.first("content"), Some(r#"{"content": "hello"}"#));
        assert_eq!(params.first("a"), Some("100%"));
        assert_eq!(params.first("b"), Some("%zz%4"));
        assert_eq!(params.first("c"), Some("x y"));
        assert_eq!(params.first("d"), Some("你"));
        assert_eq!(
            params.first("e"),
            Some("\u{fffd}"),
            "bytes that are not UTF-8 are replaced, not refused"
        );
    }

    #[test]
    fn keys_repeat_and_empty_segments_are_skipped() {
        let params = Params::parse_form(b"userId=a&&userId=b&userId=a&userId=&flag&minute=10&k=v=w");
        assert_eq!(
            params.all("userId"),
            ["a", "b"],
            "in order, without repeats or empties"
        );
        assert_eq!(params.first("flag"), Some(""));
        assert_eq!(params.given("flag"), None);
        assert_eq!(params.integer("minute").ok(), Some(Some(10)));
        assert_eq!(params.first("k"), Some("v=w"), "only the first = splits");
        assert!(Params::parse_form(b"").0.is_empty());
    }

    #[test]
    fn required_integer_and_flag_parameters() {
        let params = Params::parse_form(b"a=True&b=false&c=1&d=maybe&n=x&e=");
        assert_eq!(params.flag("a").ok(), Some(Some(true)));
        assert_eq!(params.flag("b").ok(), Some(Some(false)));
        assert_eq!(params.flag("c").ok(), Some(Some(true)));
        assert_eq!(params.flag("e").ok(), Some(None));
        assert_eq!(
            params.flag("d").map_err(|error| error.kind),
            Err(ErrorKind::InvalidParameter)
        );
        assert_eq!(
            params.integer("n").map_err(|error| error.kind),
            Err(ErrorKind::InvalidParameter)
        );
        assert_eq!(
            params.required("e").map_err(|error| error.params),
            Err(vec!["e is required".to_string()])
        );
        assert_eq!(params.required("a").ok(), Some("True"));
    }

    #[test]
    fn a_key_is_renamed_and_its_old_namesakes_dropped() {
        let params = Params::parse_form(b"toDiscussionId=d1&toGroupId=g1&content=x&toDiscussionId=d2");
        let renamed = params.renamed("toDiscussionId", "toGroupId");
        assert_eq!(
            pairs(&renamed),
            [("toGroupId", "d1"), ("content", "x"), ("toGroupId", "d2")]
        );
    }

    #[test]
    fn json_objects_become_pairs() {
        let body = json!({"userIds": ["a", "b"], "tags": [], "n": 3, "ok": true, "none": null});
        let params = Params::from_json(&body).expect("object");
        assert_eq!(params.all("userIds"), ["a", "b"]);
        assert_eq!((params.first("n"), params.first("ok")), (Some("3"), Some("true")));
        assert_eq!(params.0.len(), 4, "an empty array and a null give no pair");
        assert_eq!(
            Params::from_json(&json!([1])).map_err(|error| error.kind),
            Err(ErrorKind::InvalidParameter)
        );
    }
}
