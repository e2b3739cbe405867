//! The REST message model (reference users-messages §5.0: `type`, `body`, `ext`) and the msync
//! `MessageBody` every message is stored as, both ways; the REST-JSON message the SDK's conversation list
//! reads (SDK-REST §2.3: `payload` as a JSON string); and the `Meta` a stored message travels in.
//!
//! The stored body is the one lossless form: a message sent through REST reads back through msync and
//! through roaming exactly as an SDK-sent one, and an SDK-sent one reads back through REST as JSON.

use natter_codes::{ErrorKind, NatterError};
use natter_msync::jid;
use natter_msync::pb::{self, key_value::Value as KvValue, key_value::ValueType, meta::NameSpace};
use natter_store::{ChatType, StoredMessage};
use pb::message_body::Content;
use pb::message_body::content::{Size, Type as ContentType};
use serde_json::{Map, Number, Value, json};

/// The eight message types of REST sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RestType {
    Txt,
    Img,
    Loc,
    Audio,
    Video,
    File,
    Cmd,
    Custom,
}

impl RestType {
    pub(crate) fn parse(text: &str) -> Option<RestType> {
        Some(match text {
            "txt" => RestType::Txt,
            "img" => RestType::Img,
            "loc" => RestType::Loc,
            "audio" => RestType::Audio,
            "video" => RestType::Video,
            "file" => RestType::File,
            "cmd" => RestType::Cmd,
            "custom" => RestType::Custom,
            _ => return None,
        })
    }
}

/// The most entries of a custom message's `customExts` (§5.0).
const MAX_CUSTOM_EXTS: usize = 16;
/// The longest `customEvent` (§5.0: `[a-zA-Z0-9-_/\.]{1,32}`).
const MAX_CUSTOM_EVENT: usize = 32;

fn invalid(detail: impl Into<String>) -> NatterError {
    NatterError::new(ErrorKind::RequestBodyInvalid).with_detail(detail.into())
}

/// A text field: a JSON string (numbers are read as their text, as the vendor's Jackson binding does).
fn text(body: &Map<String, Value>, key: &str) -> Result<Option<String>, NatterError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(_) => Err(invalid(format!("{key} is not a string"))),
    }
}

fn required_text(body: &Map<String, Value>, key: &str) -> Result<String, NatterError> {
    text(body, key)?.ok_or_else(|| invalid(format!("{key} is required")))
}

/// A whole-number field that fits the schema's int32: a JSON number or a numeric string.
fn int32(body: &Map<String, Value>, key: &str) -> Result<Option<i32>, NatterError> {
    let value = match body.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(number)) => number.as_i64(),
        Some(Value::String(text)) => text.trim().parse::<i64>().ok(),
        Some(_) => None,
    };
    value
        .and_then(|value| i32::try_from(value).ok())
        .map(Some)
        .ok_or_else(|| invalid(format!("{key} is not a whole number")))
}

/// A decimal field: a JSON number or a numeric string (`lat` and `lng` are documented as strings).
fn decimal(body: &Map<String, Value>, key: &str) -> Result<Option<f64>, NatterError> {
    let value = match body.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(number)) => number.as_f64(),
        Some(Value::String(text)) => text.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    value
        .filter(|value| value.is_finite())
        .map(Some)
        .ok_or_else(|| invalid(format!("{key} is not a number")))
}

fn required_decimal(body: &Map<String, Value>, key: &str) -> Result<f64, NatterError> {
    decimal(body, key)?.ok_or_else(|| invalid(format!("{key} is required")))
}

fn size(body: &Map<String, Value>) -> Result<Option<Size>, NatterError> {
    match body.get("size") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(size)) => Ok(Some(Size {
            width: decimal(size, "width")?,
            height: decimal(size, "height")?,
        })),
        Some(_) => Err(invalid("size is not an object")),
    }
}

fn content(kind: ContentType) -> Content {
    Content {
        r#type: Some(kind as i32),
        ..Content::default()
    }
}

/// The `Content` of a REST `body` of type `kind`. A missing required field, or a field of the wrong type,
/// is the send's documented 400 `invalid_request_body`.
pub(crate) fn content_from_rest(kind: RestType, body: &Map<String, Value>) -> Result<Content, NatterError> {
    Ok(match kind {
        RestType::Txt => Content {
            text: Some(required_text(body, "msg")?),
            ..content(ContentType::Text)
        },
        RestType::Img => Content {
            remote_path: Some(required_text(body, "url")?),
            display_name: text(body, "filename")?,
            secret_key: text(body, "secret")?,
            size: size(body)?,
            file_length: int32(body, "file_length")?,
            ..content(ContentType::Image)
        },
        RestType::Audio => Content {
            remote_path: Some(required_text(body, "url")?),
            display_name: text(body, "filename")?,
            secret_key: text(body, "secret")?,
            // The field table spells it `Length`, the examples `length` (§13.18): both are read.
            duration: match int32(body, "length")? {
                Some(length) => Some(length),
                None => int32(body, "Length")?,
            },
            file_length: int32(body, "file_length")?,
            ..content(ContentType::Voice)
        },
        RestType::Video => Content {
            remote_path: Some(required_text(body, "url")?),
            display_name: text(body, "filename")?,
            secret_key: text(body, "secret")?,
            duration: int32(body, "length")?,
            file_length: int32(body, "file_length")?,
            thumbnail_remote_path: text(body, "thumb")?,
            thumbnail_secret_key: text(body, "thumb_secret")?,
            ..content(ContentType::Video)
        },
        RestType::File => Content {
            remote_path: Some(required_text(body, "url")?),
            display_name: text(body, "filename")?,
            secret_key: text(body, "secret")?,
            file_length: int32(body, "file_length")?,
            ..content(ContentType::File)
        },
        RestType::Loc => Content {
            latitude: Some(required_decimal(body, "lat")?),
            longitude: Some(required_decimal(body, "lng")?),
            address: Some(required_text(body, "addr")?),
            building_name: text(body, "buildingName")?,
            ..content(ContentType::Location)
        },
        RestType::Cmd => Content {
            action: Some(required_text(body, "action")?),
            ..content(ContentType::Command)
        },
        RestType::Custom => {
            let event = text(body, "customEvent")?;
            if let Some(event) = &event {
                let legal = !event.is_empty()
                    && event.len() <= MAX_CUSTOM_EVENT
                    && event.bytes().all(|byte| {
                        byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'/' | b'.')
                    });
                if !legal {
                    return Err(invalid("customEvent is not [a-zA-Z0-9-_/.]{1,32}"));
                }
            }
            let exts = match body.get("customExts") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Object(exts)) if exts.len() <= MAX_CUSTOM_EXTS => exts
                    .iter()
                    .map(|(key, value)| match value {
                        Value::String(text) => Ok(string_value(key, text.clone())),
                        _ => Err(invalid("customExts values are strings")),
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => return Err(invalid("customExts is not a map of at most 16 strings")),
            };
            Content {
                custom_event: event,
                custom_exts: exts,
                ..content(ContentType::Custom)
            }
        }
    })
}

fn string_value(key: &str, text: String) -> pb::KeyValue {
    pb::KeyValue {
        key: Some(key.to_owned()),
        r#type: Some(ValueType::String as i32),
        value: Some(KvValue::StringValue(text)),
    }
}

/// The REST `ext` object as the SDK's key-value list: booleans as BOOL, whole numbers as INT (32-bit) or
/// LLINT, other numbers as DOUBLE, strings as STRING, and objects, arrays and `null` as JSON_STRING (the
/// SDK parses those back), as the Web SDK encodes a message's `ext`.
pub(crate) fn ext_to_key_values(ext: &Map<String, Value>) -> Vec<pb::KeyValue> {
    ext.iter()
        .map(|(key, value)| {
            let (kind, value) = match value {
                Value::Bool(flag) => (ValueType::Bool, KvValue::VarintValue(i64::from(*flag))),
                Value::Number(number) => match (number.as_i64(), number.as_u64()) {
                    (Some(whole), _) if i32::try_from(whole).is_ok() => {
                        (ValueType::Int, KvValue::VarintValue(whole))
                    }
                    (Some(whole), _) => (ValueType::Llint, KvValue::VarintValue(whole)),
                    // Above i64::MAX: the bits of the u64 in the varint, read back as unsigned.
                    (None, Some(unsigned)) => (ValueType::Uint, KvValue::VarintValue(unsigned as i64)),
                    (None, None) => (
                        ValueType::Double,
                        KvValue::DoubleValue(number.as_f64().unwrap_or(0.0)),
                    ),
                },
                Value::String(text) => (ValueType::String, KvValue::StringValue(text.clone())),
                Value::Null | Value::Array(_) | Value::Object(_) => {
                    (ValueType::JsonString, KvValue::StringValue(value.to_string()))
                }
            };
            pb::KeyValue {
                key: Some(key.clone()),
                r#type: Some(kind as i32),
                value: Some(value),
            }
        })
        .collect()
}

fn number(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// One key-value's JSON value, by its declared type (or, without one, by the value it holds).
fn key_value_json(entry: &pb::KeyValue) -> Value {
    let kind = entry.r#type.and_then(|raw| ValueType::try_from(raw).ok());
    match (kind, &entry.value) {
        (_, None) => Value::Null,
        (Some(ValueType::Bool), Some(KvValue::VarintValue(value))) => Value::Bool(*value != 0),
        (Some(ValueType::Uint), Some(KvValue::VarintValue(value))) => json!(*value as u64),
        (_, Some(KvValue::VarintValue(value))) => json!(value),
        (_, Some(KvValue::FloatValue(value))) => number(f64::from(*value)),
        (_, Some(KvValue::DoubleValue(value))) => number(*value),
        (Some(ValueType::JsonString), Some(KvValue::StringValue(text))) => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
        }
        (_, Some(KvValue::StringValue(text))) => Value::String(text.clone()),
    }
}

/// The key-value list as a REST `ext` object.
pub(crate) fn key_values_to_ext(entries: &[pb::KeyValue]) -> Map<String, Value> {
    entries
        .iter()
        .map(|entry| (entry.key.clone().unwrap_or_default(), key_value_json(entry)))
        .collect()
}

/// A decimal as REST writes it: whole numbers without a fraction (`1080`, not `1080.0`).
fn plain_number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        json!(value as i64)
    } else {
        number(value)
    }
}

/// A `Content` as the REST-JSON body the SDK reads (`Se`, SDK-REST §2.3.3): `{"type":"txt","msg":…}`.
pub(crate) fn content_to_rest(content: &Content) -> Value {
    let kind = content
        .r#type
        .and_then(|raw| ContentType::try_from(raw).ok())
        .unwrap_or(ContentType::Text);
    let mut body = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            body.insert(key.to_owned(), value);
        }
    };
    let string = |value: &Option<String>| value.as_ref().map(|text| json!(text));
    let int = |value: Option<i32>| value.map(|value| json!(value));
    let type_name = match kind {
        ContentType::Text => {
            put("msg", Some(json!(content.text.clone().unwrap_or_default())));
            "txt"
        }
        ContentType::Image => {
            put("url", string(&content.remote_path));
            put("filename", string(&content.display_name));
            put("secret", string(&content.secret_key));
            put(
                "size",
                content.size.as_ref().map(|size| {
                    json!({
                        "width": size.width.map_or(Value::Null, plain_number),
                        "height": size.height.map_or(Value::Null, plain_number),
                    })
                }),
            );
            put("file_length", int(content.file_length));
            "img"
        }
        ContentType::Voice => {
            put("url", string(&content.remote_path));
            put("filename", string(&content.display_name));
            put("secret", string(&content.secret_key));
            put("length", int(content.duration));
            put("file_length", int(content.file_length));
            "audio"
        }
        ContentType::Video => {
            put("url", string(&content.remote_path));
            put("filename", string(&content.display_name));
            put("secret", string(&content.secret_key));
            put("length", int(content.duration));
            put("file_length", int(content.file_length));
            put("thumb", string(&content.thumbnail_remote_path));
            put("thumb_secret", string(&content.thumbnail_secret_key));
            "video"
        }
        ContentType::File => {
            put("url", string(&content.remote_path));
            put("filename", string(&content.display_name));
            put("secret", string(&content.secret_key));
            put("file_length", int(content.file_length));
            "file"
        }
        ContentType::Location => {
            // REST documents `lat` and `lng` as strings.
            put("lat", content.latitude.map(|value| json!(value.to_string())));
            put("lng", content.longitude.map(|value| json!(value.to_string())));
            put("addr", string(&content.address));
            put("buildingName", string(&content.building_name));
            "loc"
        }
        ContentType::Command => {
            put("action", string(&content.action));
            "cmd"
        }
        ContentType::Custom => {
            put("customEvent", string(&content.custom_event));
            let exts = key_values_to_ext(&content.custom_exts);
            // Both forms the vendor's payloads carry (callback docs): the older list of one-entry
            // objects, which the SDK reads, and the newer map.
            let list: Vec<Value> = exts
                .iter()
                .map(|(key, value)| Value::Object(Map::from_iter([(key.clone(), value.clone())])))
                .collect();
            put("customExts", Some(Value::Array(list)));
            put("v2:customExts", Some(Value::Object(exts)));
            "custom"
        }
        ContentType::Combine => {
            put("url", string(&content.remote_path));
            put("secret", string(&content.secret_key));
            put("filename", string(&content.display_name));
            put("title", string(&content.title));
            put("summary", string(&content.summary));
            put("combineLevel", int(content.combine_level));
            put("file_length", int(content.file_length));
            "combine"
        }
    };
    body.insert("type".into(), json!(type_name));
    Value::Object(body)
}

/// The REST type name of a stored body's first content (what roaming's `msgType` filter matches).
pub(crate) fn rest_type_name(body: &pb::MessageBody) -> &'static str {
    let kind = body
        .contents
        .first()
        .and_then(|content| content.r#type)
        .and_then(|raw| ContentType::try_from(raw).ok())
        .unwrap_or(ContentType::Text);
    match kind {
        ContentType::Text => "txt",
        ContentType::Image => "img",
        ContentType::Video => "video",
        ContentType::Location => "loc",
        ContentType::Voice => "audio",
        ContentType::File => "file",
        ContentType::Command => "cmd",
        ContentType::Custom => "custom",
        ContentType::Combine => "combine",
    }
}

/// The REST-JSON message object of the SDK's conversation list (`channel_infos[].meta`): `payload` is
/// a JSON **string** (`{"bodies":[…],"ext":{…},"from","to","type"}`), which the SDK `JSON.parse`s.
pub(crate) fn rest_meta(message: &StoredMessage, body: &pb::MessageBody) -> Value {
    let payload = json!({
        "bodies": body.contents.iter().map(content_to_rest).collect::<Vec<_>>(),
        "ext": Value::Object(key_values_to_ext(&body.ext)),
        "from": message.from_user,
        "to": message.to,
        "type": message.chat_type.as_str(),
    });
    let to = match message.chat_type {
        ChatType::Chat => format!("{}@{}", message.to, jid::USER_DOMAIN),
        ChatType::Group | ChatType::Room => format!("{}@{}", message.to, jid::CONFERENCE_DOMAIN),
    };
    json!({
        "id": message.id.to_string(),
        "from": message.from_user,
        "to": to,
        "timestamp": message.created_ms,
        "payload": payload.to_string(),
    })
}

/// The `Meta` a stored message is delivered in, as msync sends it (and roaming returns it in base64).
// The same as the gateway's `msync::queues::meta_of`, which this module cannot reach.
pub(crate) fn meta_of(app_key: &str, message: &StoredMessage) -> pb::Meta {
    let resource = (!message.from_resource.is_empty()).then_some(message.from_resource.as_str());
    let to = match message.chat_type {
        ChatType::Chat => jid::user(app_key, &message.to, None),
        ChatType::Group | ChatType::Room => jid::conference(app_key, &message.to),
    };
    pb::Meta {
        id: Some(message.id),
        from: Some(jid::user(app_key, &message.from_user, resource)),
        to: Some(to),
        timestamp: Some(u64::try_from(message.created_ms).unwrap_or(0)),
        ns: Some(NameSpace::Chat as i32),
        payload: Some(message.body.clone()),
        ..pb::Meta::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn round_trip(kind: RestType, body: Value) -> Value {
        let content = content_from_rest(kind, &object(body)).expect("valid body");
        content_to_rest(&content)
    }

    #[test]
    fn every_rest_type_converts_both_ways() {
        assert_eq!(
            round_trip(RestType::Txt, json!({"msg": "hi"})),
            json!({"type": "txt", "msg": "hi"})
        );
        let img = json!({"url": "https://h/o/a/chatfiles/u1", "filename": "a.jpg", "secret": "s",
                         "size": {"width": 1080, "height": 1920}});
        let mut expected = img.clone();
        expected["type"] = json!("img");
        assert_eq!(round_trip(RestType::Img, img), expected);
        let audio = json!({"url": "https://h/f", "filename": "a.amr", "length": 10, "secret": "s"});
        let mut expected = audio.clone();
        expected["type"] = json!("audio");
        assert_eq!(round_trip(RestType::Audio, audio), expected);
        // The field table's `Length` spelling reads the same.
        assert_eq!(
            round_trip(RestType::Audio, json!({"url": "u", "Length": 3}))["length"],
            json!(3)
        );
        let video = json!({"url": "u", "filename": "v.mp4", "thumb": "t", "length": 9, "secret": "s",
                           "file_length": 4096, "thumb_secret": "ts"});
        let mut expected = video.clone();
        expected["type"] = json!("video");
        assert_eq!(round_trip(RestType::Video, video), expected);
        let file = json!({"url": "u", "filename": "f.pdf", "secret": "s"});
        let mut expected = file.clone();
        expected["type"] = json!("file");
        assert_eq!(round_trip(RestType::File, file), expected);
        assert_eq!(
            round_trip(
                RestType::Loc,
                json!({"lat": "39.9", "lng": "116.3", "addr": "Beijing"})
            ),
            json!({"type": "loc", "lat": "39.9", "lng": "116.3", "addr": "Beijing"})
        );
        assert_eq!(
            round_trip(RestType::Cmd, json!({"action": "refresh"})),
            json!({"type": "cmd", "action": "refresh"})
        );
        let custom = round_trip(
            RestType::Custom,
            json!({"customEvent": "gift_1", "customExts": {"name": "flower", "size": "16"}}),
        );
        assert_eq!(custom["type"], "custom");
        assert_eq!(custom["customEvent"], "gift_1");
        assert_eq!(custom["v2:customExts"], json!({"name": "flower", "size": "16"}));
        assert_eq!(custom["customExts"], json!([{"name": "flower"}, {"size": "16"}]));
    }

    #[test]
    fn rest_bodies_become_the_sdk_content_fields() {
        let content = content_from_rest(
            RestType::Img,
            &object(
                json!({"url": "u", "filename": "a.jpg", "secret": "s", "size": {"width": 2, "height": 3}}),
            ),
        )
        .expect("valid");
        assert_eq!(content.r#type, Some(ContentType::Image as i32));
        assert_eq!(content.remote_path.as_deref(), Some("u"));
        assert_eq!(content.display_name.as_deref(), Some("a.jpg"));
        assert_eq!(content.secret_key.as_deref(), Some("s"));
        assert_eq!(
            content.size,
            Some(Size {
                width: Some(2.0),
                height: Some(3.0)
            })
        );
        let location = content_from_rest(
            RestType::Loc,
            &object(json!({"lat": "39.9", "lng": 116.3, "addr": "x"})),
        )
        .expect("loc");
        assert_eq!((location.latitude, location.longitude), (Some(39.9), Some(116.3)));
        let custom =
            content_from_rest(RestType::Custom, &object(json!({"customExts": {"k": "v"}}))).expect("custom");
        assert_eq!(custom.custom_exts, vec![string_value("k", "v".into())]);
    }

    #[test]
    fn bodies_missing_required_fields_or_of_the_wrong_shape_are_invalid() {
        let cases = [
            (RestType::Txt, json!({"text": "hi"})),
            (RestType::Txt, json!({"msg": ["hi"]})),
            (RestType::Img, json!({"filename": "a.jpg"})),
            (RestType::Img, json!({"url": "u", "size": "big"})),
            (RestType::Loc, json!({"lat": "north", "lng": "1", "addr": "x"})),
            (RestType::Loc, json!({"lat": "1", "lng": "1"})),
            (RestType::Audio, json!({"url": "u", "length": "long"})),
            (RestType::Cmd, json!({})),
            (RestType::Custom, json!({"customEvent": "has space"})),
            (RestType::Custom, json!({"customEvent": "x".repeat(33)})),
            (RestType::Custom, json!({"customExts": {"k": 1}})),
            (RestType::Custom, json!({"customExts": ["k"]})),
        ];
        for (kind, body) in cases {
            let error = content_from_rest(kind, &object(body.clone())).expect_err("invalid");
            assert_eq!(error.kind, ErrorKind::RequestBodyInvalid, "{body}");
        }
        let many: Map<String, Value> = (0..17).map(|index| (format!("k{index}"), json!("v"))).collect();
        let error =
            content_from_rest(RestType::Custom, &object(json!({"customExts": many}))).expect_err("17 exts");
        assert_eq!(error.kind, ErrorKind::RequestBodyInvalid);
    }

    #[test]
    fn ext_values_get_their_value_types_and_read_back() {
        let ext = object(json!({
            "s": "text", "small": 7, "negative": -2147483648i64, "big": 8_000_000_000i64,
            "huge": u64::MAX, "pi": 3.25, "yes": true, "no": false,
            "object": {"a": [1, 2]}, "list": ["x", 1], "nothing": null,
        }));
        let entries = ext_to_key_values(&ext);
        let type_of = |key: &str| {
            entries
                .iter()
                .find(|entry| entry.key.as_deref() == Some(key))
                .and_then(|entry| entry.r#type)
                .and_then(|raw| ValueType::try_from(raw).ok())
        };
        assert_eq!(type_of("s"), Some(ValueType::String));
        assert_eq!(type_of("small"), Some(ValueType::Int));
        assert_eq!(type_of("negative"), Some(ValueType::Int));
        assert_eq!(type_of("big"), Some(ValueType::Llint));
        assert_eq!(type_of("huge"), Some(ValueType::Uint));
        assert_eq!(type_of("pi"), Some(ValueType::Double));
        assert_eq!(type_of("yes"), Some(ValueType::Bool));
        assert_eq!(type_of("object"), Some(ValueType::JsonString));
        assert_eq!(type_of("list"), Some(ValueType::JsonString));
        assert_eq!(type_of("nothing"), Some(ValueType::JsonString));
        assert_eq!(Value::Object(key_values_to_ext(&entries)), Value::Object(ext));
    }

    #[test]
    fn sdk_key_values_read_as_json() {
        let entries = vec![
            pb::KeyValue {
                key: Some("f".into()),
                r#type: Some(ValueType::Float as i32),
                value: Some(KvValue::FloatValue(1.5)),
            },
            pb::KeyValue {
                key: Some("bad_json".into()),
                r#type: Some(ValueType::JsonString as i32),
                value: Some(KvValue::StringValue("{not json".into())),
            },
            pb::KeyValue {
                key: Some("untyped".into()),
                r#type: None,
                value: Some(KvValue::VarintValue(5)),
            },
            pb::KeyValue {
                key: Some("empty".into()),
                r#type: Some(ValueType::String as i32),
                value: None,
            },
        ];
        assert_eq!(
            Value::Object(key_values_to_ext(&entries)),
            json!({"f": 1.5, "bad_json": "{not json", "untyped": 5, "empty": null})
        );
    }

    #[test]
    fn conversation_list_meta_carries_the_payload_as_a_string() {
        let body = pb::MessageBody {
            r#type: Some(pb::message_body::Type::Chat as i32),
            contents: vec![
                content_from_rest(RestType::Txt, &object(json!({"msg": "hi alice"}))).expect("txt"),
            ],
            ext: ext_to_key_values(&object(json!({"k": "v"}))),
            ..pb::MessageBody::default()
        };
        let message = StoredMessage {
            id: 7353647531978761,
            conversation: "c:alice:bob".into(),
            chat_type: ChatType::Chat,
            kind: natter_store::MessageKind::Message,
            from_user: "bob".into(),
            from_resource: String::new(),
            to: "alice".into(),
            body: Vec::new(),
            created_ms: 1795324104487,
            recalled: false,
            edit_count: 0,
            recipients: None,
        };
        let meta = rest_meta(&message, &body);
        assert_eq!(meta["id"], "7353647531978761");
        assert_eq!(meta["to"], "alice@easemob.com");
        assert_eq!(meta["timestamp"], 1795324104487i64);
        let payload: Value = serde_json::from_str(meta["payload"].as_str().expect("a string")).expect("JSON");
        assert_eq!(
            payload,
            json!({"bodies": [{"type": "txt", "msg": "hi alice"}], "ext": {"k": "v"}, "from": "bob",
                   "to": "alice", "type": "chat"})
        );
        assert_eq!(rest_type_name(&body), "txt");
    }
}
