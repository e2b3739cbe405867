//! The Easemob success envelope: `action`, `application`, `path`, `uri`, `entities`/`data`, `timestamp`,
//! `duration`, `organization`, `applicationName`, and `count`/`cursor`/`params` where an endpoint has them.

use super::AppContext;
use axum::Json;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use natter_codes::NatterError;
use natter_core::User;
use serde_json::{Map, Value, json};

/// A 200 reply under construction. Fields keep the order they were set in.
#[derive(Debug)]
pub struct Envelope {
    fields: Map<String, Value>,
    started: std::time::Instant,
}

impl Envelope {
    /// The full envelope of most endpoints.
    pub fn new(context: &AppContext, action: &str) -> Envelope {
        let mut fields = Map::new();
        fields.insert("action".into(), json!(action));
        fields.insert("application".into(), json!(context.app.uuid));
        fields.insert("path".into(), json!(context.resource_path));
        fields.insert("uri".into(), json!(context.uri));
        fields.insert("organization".into(), json!(context.app.key.org.as_str()));
        fields.insert("applicationName".into(), json!(context.app.key.app.as_str()));
        Envelope {
            fields,
            started: context.started,
        }
    }

    /// Only `action` (plus `timestamp` and `duration`), as the password and activate replies are documented.
    pub fn bare(context: &AppContext, action: &str) -> Envelope {
        let mut fields = Map::new();
        fields.insert("action".into(), json!(action));
        Envelope {
            fields,
            started: context.started,
        }
    }

    pub fn set(mut self, key: &str, value: Value) -> Envelope {
        self.fields.insert(key.to_string(), value);
        self
    }

    pub fn entities(self, entities: Vec<Value>) -> Envelope {
        self.set("entities", Value::Array(entities))
    }

    pub fn data(self, data: Value) -> Envelope {
        self.set("data", data)
    }

    pub fn count(self, count: usize) -> Envelope {
        self.set("count", json!(count))
    }

    /// Sets `cursor` when there is a next page; the last page has none.
    pub fn cursor(self, cursor: Option<String>) -> Envelope {
        match cursor {
            Some(cursor) => self.set("cursor", json!(cursor)),
            None => self,
        }
    }
}

impl IntoResponse for Envelope {
    fn into_response(mut self) -> Response {
        self.fields.insert("timestamp".into(), json!(crate::now_ms()));
        self.fields.insert(
            "duration".into(),
            json!(self.started.elapsed().as_millis() as u64),
        );
        Json(Value::Object(self.fields)).into_response()
    }
}

/// The user entity (`type: "user"`) of every user reply.
pub fn user_entity(user: &User) -> Value {
    let mut entity = json!({
        "uuid": user.uuid,
        "type": "user",
        "created": user.created_ms,
        "modified": user.modified_ms,
        "username": user.username.as_str(),
        "activated": user.activated,
    });
    if let (Some(nickname), Some(object)) = (&user.nickname, entity.as_object_mut()) {
        object.insert("nickname".into(), json!(nickname));
    }
    entity
}

/// An opaque paging cursor for "after row id `id`".
pub fn encode_cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("natter:{id}"))
}

/// Reads a cursor made by [`encode_cursor`]; anything else is an invalid parameter.
pub fn decode_cursor(cursor: &str) -> Result<i64, NatterError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("natter:")?.parse().ok())
        .ok_or_else(|| NatterError::invalid_parameter("cursor is invalid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        assert_eq!(decode_cursor(&encode_cursor(42)).ok(), Some(42));
        assert!(decode_cursor("LTgzXXXX2tB").is_err());
        assert!(decode_cursor("").is_err());
    }
}
