//! RongCloud messages (`objectName` + `content`, a JSON text) as the msync `Content` and `ext` every Natter
//! message is stored as, and back.
//!
//! The built-in types that have an Easemob twin become it: `RC:TxtMsg` a TEXT (`content` → text),
//! `RC:ImgMsg` and `RC:GIFMsg` an IMAGE, `RC:FileMsg` a FILE, `RC:VcMsg` and `RC:HQVCMsg` a VOICE,
//! `RC:SightMsg` a VIDEO, `RC:LBSMsg` a LOCATION, `RC:CmdMsg` a COMMAND. Every other `objectName` (custom
//! types, notifications such as `RC:InfoNtf`) becomes a CUSTOM content whose `custom_event` is the
//! `objectName` and whose `custom_exts` are the members of the content object (or, for content that is not
//! a JSON object, which custom types may send, one `content` entry holding the text).
//!
//! Nothing is lost, so the conversion is reversible ([`to_rongcloud`]): the `objectName` is kept in `ext`
//! under `rc:objectName`; the content's `extra` becomes the `ext` entry `extra` (where the Easemob SDKs
//! keep an app's extras); every other member the Content has no field for (`user`, `mentionedInfo`, an
//! image's base64 thumbnail `content`, …) is kept in `ext` as `rc:<member>`.

use crate::messaging::convert::{ext_to_key_values, key_values_to_ext};
use natter_codes::NatterError;
use natter_msync::pb::{self, key_value::Value as KvValue, key_value::ValueType};
use pb::message_body::Content;
use pb::message_body::content::{Size, SubType, Type as ContentType};
use serde_json::{Map, Value};

/// The `ext` key that keeps a message's `objectName`.
pub(crate) const OBJECT_NAME_KEY: &str = "rc:objectName";
/// The prefix of the `ext` keys that keep content members the `Content` has no field for.
const MEMBER_PREFIX: &str = "rc:";
/// The content member that becomes the `ext` entry of the same name.
const EXTRA: &str = "extra";
/// The `ext` marker of a custom message whose content was not a JSON object (kept as `custom_exts.content`).
const RAW_CONTENT_KEY: &str = "rc:rawContent";
/// The `custom_exts` key holding such a content.
const RAW_CONTENT_EXT: &str = "content";

/// A RongCloud message as stored: the content, and the `ext` entries that come with it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Converted {
    pub(crate) content: Content,
    pub(crate) ext: Vec<pb::KeyValue>,
}

fn invalid(object_name: &str, detail: &str) -> NatterError {
    NatterError::invalid_parameter(format!("content of {object_name}: {detail}"))
}

fn typed(kind: ContentType) -> Content {
    Content {
        r#type: Some(kind as i32),
        ..Content::default()
    }
}

/// The members of a built-in type's content, consumed one by one; what is left goes to `ext`.
struct Members<'a> {
    object_name: &'a str,
    members: Map<String, Value>,
}

impl Members<'_> {
    fn text(&mut self, key: &str) -> Result<Option<String>, NatterError> {
        match self.members.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            // RongCloud's own SDKs send some numbers as text and some texts as numbers.
            Some(Value::Number(number)) => Ok(Some(number.to_string())),
            Some(_) => Err(invalid(self.object_name, &format!("{key} must be a string"))),
        }
    }

    fn required_text(&mut self, key: &str) -> Result<String, NatterError> {
        self.text(key)?
            .ok_or_else(|| invalid(self.object_name, &format!("{key} is required")))
    }

    fn number(&mut self, key: &str) -> Result<Option<f64>, NatterError> {
        let value = match self.members.remove(key) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(number)) => number.as_f64(),
            Some(Value::String(text)) => text.trim().parse::<f64>().ok(),
            Some(_) => None,
        };
        value
            .filter(|value| value.is_finite())
            .map(Some)
            .ok_or_else(|| invalid(self.object_name, &format!("{key} must be a number")))
    }

    fn required_number(&mut self, key: &str) -> Result<f64, NatterError> {
        self.number(key)?
            .ok_or_else(|| invalid(self.object_name, &format!("{key} is required")))
    }

    /// A whole number that fits the schema's int32 (durations, sizes).
    fn int32(&mut self, key: &str) -> Result<Option<i32>, NatterError> {
        match self.number(key)? {
            None => Ok(None),
            Some(value)
                if value.fract() == 0.0 && value >= f64::from(i32::MIN) && value <= f64::from(i32::MAX) =>
            {
                // Whole and in range: the cast is exact.
                Ok(Some(value as i32))
            }
            Some(_) => Err(invalid(
                self.object_name,
                &format!("{key} must be a whole number"),
            )),
        }
    }
}

/// Converts a RongCloud message. A built-in type's content must be a JSON object with the members the
/// type requires (1001 otherwise); a custom type's content may be any text.
pub(crate) fn from_rongcloud(object_name: &str, content: &str) -> Result<Converted, NatterError> {
    let parsed = serde_json::from_str::<Value>(content).ok();
    let builtin = matches!(
        object_name,
        "RC:TxtMsg"
            | "RC:ImgMsg"
            | "RC:GIFMsg"
            | "RC:FileMsg"
            | "RC:VcMsg"
            | "RC:HQVCMsg"
            | "RC:SightMsg"
            | "RC:LBSMsg"
            | "RC:CmdMsg"
    );
    if !builtin {
        return Ok(custom(object_name, content, parsed));
    }
    let Some(Value::Object(members)) = parsed else {
        return Err(invalid(object_name, "must be a JSON object"));
    };
    let mut members = Members { object_name, members };
    let content = match object_name {
        "RC:TxtMsg" => Content {
            text: Some(members.required_text("content")?),
            ..typed(ContentType::Text)
        },
        "RC:ImgMsg" => Content {
            remote_path: Some(members.required_text("imageUri")?),
            ..typed(ContentType::Image)
        },
        "RC:GIFMsg" => {
            let width = members.number("width")?;
            let height = members.number("height")?;
            Content {
                remote_path: Some(members.required_text("remoteUrl")?),
                display_name: members.text("name")?,
                file_length: members.int32("gifDataSize")?,
                size: (width.is_some() || height.is_some()).then_some(Size { width, height }),
                sub_type: Some(SubType::Gif as i32),
                ..typed(ContentType::Image)
            }
        }
        "RC:FileMsg" => Content {
            remote_path: Some(members.required_text("fileUrl")?),
            display_name: members.text("name")?,
            file_length: members.int32("size")?,
            ..typed(ContentType::File)
        },
        // The old voice message carries the AMR audio itself (base64 in `content`, kept in ext): it has no
        // URL, so the VOICE has none either.
        "RC:VcMsg" => Content {
            duration: members.int32("duration")?,
            ..typed(ContentType::Voice)
        },
        "RC:HQVCMsg" => Content {
            remote_path: Some(members.required_text("remoteUrl")?),
            duration: members.int32("duration")?,
            ..typed(ContentType::Voice)
        },
        "RC:SightMsg" => Content {
            remote_path: Some(members.required_text("sightUrl")?),
            display_name: members.text("name")?,
            duration: members.int32("duration")?,
            file_length: members.int32("size")?,
            ..typed(ContentType::Video)
        },
        "RC:LBSMsg" => Content {
            latitude: Some(members.required_number("latitude")?),
            longitude: Some(members.required_number("longitude")?),
            address: members.text("poi")?,
            ..typed(ContentType::Location)
        },
        // "RC:CmdMsg": a command named `name`, its `data` kept in ext.
        _ => Content {
            action: Some(members.required_text("name")?),
            ..typed(ContentType::Command)
        },
    };
    let mut ext = vec![string_entry(OBJECT_NAME_KEY, object_name)];
    let mut rest = Map::new();
    for (key, value) in members.members {
        if key == EXTRA {
            rest.insert(key, value);
        } else {
            rest.insert(format!("{MEMBER_PREFIX}{key}"), value);
        }
    }
    ext.extend(ext_to_key_values(&rest));
    Ok(Converted { content, ext })
}

fn string_entry(key: &str, text: &str) -> pb::KeyValue {
    pb::KeyValue {
        key: Some(key.to_owned()),
        r#type: Some(ValueType::String as i32),
        value: Some(KvValue::StringValue(text.to_owned())),
    }
}

/// A custom (or unmapped built-in) type: a CUSTOM content with the members as its `custom_exts`.
fn custom(object_name: &str, text: &str, parsed: Option<Value>) -> Converted {
    let mut ext = vec![string_entry(OBJECT_NAME_KEY, object_name)];
    let custom_exts = match parsed {
        Some(Value::Object(members)) => ext_to_key_values(&members),
        _ => {
            ext.push(pb::KeyValue {
                key: Some(RAW_CONTENT_KEY.to_owned()),
                r#type: Some(ValueType::Bool as i32),
                value: Some(KvValue::VarintValue(1)),
            });
            vec![string_entry(RAW_CONTENT_EXT, text)]
        }
    };
    Converted {
        content: Content {
            custom_event: Some(object_name.to_owned()),
            custom_exts,
            ..typed(ContentType::Custom)
        },
        ext,
    }
}

/// The `objectName` a stored content reads as when its message did not come through this door.
fn default_object_name(content: &Content) -> &'static str {
    match content
        .r#type
        .and_then(|raw| ContentType::try_from(raw).ok())
        .unwrap_or(ContentType::Text)
    {
        ContentType::Text => "RC:TxtMsg",
        ContentType::Image if content.sub_type == Some(SubType::Gif as i32) => "RC:GIFMsg",
        ContentType::Image => "RC:ImgMsg",
        ContentType::File => "RC:FileMsg",
        ContentType::Voice if content.remote_path.is_none() => "RC:VcMsg",
        ContentType::Voice => "RC:HQVCMsg",
        ContentType::Video => "RC:SightMsg",
        ContentType::Location => "RC:LBSMsg",
        ContentType::Command => "RC:CmdMsg",
        // A custom content names its own type; a combined (forwarded) one has no RongCloud twin.
        ContentType::Custom | ContentType::Combine => "RC:CustomMsg",
    }
}

/// A stored message as RongCloud sees it: its `objectName` and `content` (a JSON text), the inverse of
/// [`from_rongcloud`]. A message sent through the Easemob door or an SDK gets the built-in type of its
/// content. `None` for a body without content.
#[cfg_attr(
    not(test),
    expect(dead_code, reason = "for the message callbacks (消息路由) to come")
)]
pub(crate) fn to_rongcloud(body: &pb::MessageBody) -> Option<(String, String)> {
    let content = body.contents.first()?;
    let ext = key_values_to_ext(&body.ext);
    let object_name = match ext.get(OBJECT_NAME_KEY) {
        Some(Value::String(name)) => name.clone(),
        _ => match (&content.custom_event, content.r#type) {
            (Some(event), Some(kind)) if kind == ContentType::Custom as i32 => event.clone(),
            _ => default_object_name(content).to_owned(),
        },
    };
    let is_custom = content.r#type == Some(ContentType::Custom as i32);
    if is_custom {
        let exts = key_values_to_ext(&content.custom_exts);
        if ext.get(RAW_CONTENT_KEY) == Some(&Value::Bool(true)) {
            let raw = match exts.get(RAW_CONTENT_EXT) {
                Some(Value::String(text)) => text.clone(),
                _ => String::new(),
            };
            return Some((object_name, raw));
        }
        return Some((object_name, Value::Object(exts).to_string()));
    }
    let mut members = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            members.insert(key.to_owned(), value);
        }
    };
    let text = |value: &Option<String>| value.clone().map(Value::String);
    let int = |value: Option<i32>| value.map(Value::from);
    // Whole numbers print without a fraction (`10`, not `10.0`), as they came.
    let number = |value: Option<f64>| {
        value.map(|value| {
            if value.fract() == 0.0 && value.abs() < 9.0e15 {
                Value::from(value as i64)
            } else {
                Value::from(value)
            }
        })
    };
    match default_object_name(content) {
        "RC:TxtMsg" => put(
            "content",
            Some(Value::String(content.text.clone().unwrap_or_default())),
        ),
        "RC:ImgMsg" => put("imageUri", text(&content.remote_path)),
        "RC:GIFMsg" => {
            put("remoteUrl", text(&content.remote_path));
            put("name", text(&content.display_name));
            put("gifDataSize", int(content.file_length));
            put("width", number(content.size.as_ref().and_then(|size| size.width)));
            put(
                "height",
                number(content.size.as_ref().and_then(|size| size.height)),
            );
        }
        "RC:FileMsg" => {
            put("fileUrl", text(&content.remote_path));
            put("name", text(&content.display_name));
            put("size", int(content.file_length));
        }
        "RC:VcMsg" => put("duration", int(content.duration)),
        "RC:HQVCMsg" => {
            put("remoteUrl", text(&content.remote_path));
            put("duration", int(content.duration));
        }
        "RC:SightMsg" => {
            put("sightUrl", text(&content.remote_path));
            put("name", text(&content.display_name));
            put("duration", int(content.duration));
            put("size", int(content.file_length));
        }
        "RC:LBSMsg" => {
            put("latitude", number(content.latitude));
            put("longitude", number(content.longitude));
            put("poi", text(&content.address));
        }
        "RC:CmdMsg" => put("name", text(&content.action)),
        _ => {}
    }
    for (key, value) in ext {
        if key == EXTRA {
            members.insert(key, value);
        } else if key != OBJECT_NAME_KEY
            && let Some(member) = key.strip_prefix(MEMBER_PREFIX)
        {
            members.insert(member.to_owned(), value);
        }
    }
    Some((object_name, Value::Object(members).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(converted: &Converted) -> pb::MessageBody {
        pb::MessageBody {
            contents: vec![converted.content.clone()],
            ext: converted.ext.clone(),
            ..pb::MessageBody::default()
        }
    }

    fn round_trip(object_name: &str, content: &Value) -> Converted {
        let converted = from_rongcloud(object_name, &content.to_string()).expect("converts");
        let (name, text) = to_rongcloud(&body(&converted)).expect("a content");
        assert_eq!(name, object_name);
        let back: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(&back, content, "{object_name} reads back as it came");
        converted
    }

    #[test]
    fn a_text_message_is_a_text_content_with_its_extra_in_ext() {
        let converted = round_trip(
            "RC:TxtMsg",
            &json!({"content": "hello", "extra": "x", "user": {"id": "u1", "name": "Alice"}}),
        );
        assert_eq!(converted.content.r#type, Some(ContentType::Text as i32));
        assert_eq!(converted.content.text.as_deref(), Some("hello"));
        let ext = key_values_to_ext(&converted.ext);
        assert_eq!(ext["rc:objectName"], "RC:TxtMsg");
        assert_eq!(ext["extra"], "x");
        assert_eq!(ext["rc:user"], json!({"id": "u1", "name": "Alice"}));
    }

    #[test]
    fn media_and_location_types_map_to_their_twins() {
        let image = round_trip(
            "RC:ImgMsg",
            &json!({"content": "base64thumb", "imageUri": "http://x/a.png", "extra": ""}),
        );
        assert_eq!(image.content.r#type, Some(ContentType::Image as i32));
        assert_eq!(image.content.remote_path.as_deref(), Some("http://x/a.png"));
        let file = round_trip(
            "RC:FileMsg",
            &json!({"name": "a.pdf", "size": 1024, "type": "pdf", "fileUrl": "http://x/a.pdf"}),
        );
        assert_eq!(
            (
                file.content.r#type,
                file.content.file_length,
                file.content.display_name.as_deref()
            ),
            (Some(ContentType::File as i32), Some(1024), Some("a.pdf"))
        );
        let voice = round_trip("RC:VcMsg", &json!({"content": "amr", "duration": 7}));
        assert_eq!(
            (voice.content.r#type, voice.content.duration),
            (Some(ContentType::Voice as i32), Some(7))
        );
        round_trip(
            "RC:HQVCMsg",
            &json!({"remoteUrl": "http://x/a.aac", "duration": 3}),
        );
        round_trip(
            "RC:SightMsg",
            &json!({"sightUrl": "http://x/v.mp4", "content": "thumb", "duration": 9, "size": 5, "name": "v.mp4"}),
        );
        round_trip(
            "RC:GIFMsg",
            &json!({"remoteUrl": "http://x/a.gif", "width": 10, "height": 20, "gifDataSize": 300}),
        );
        let location = round_trip(
            "RC:LBSMsg",
            &json!({"content": "thumb", "latitude": 39.9, "longitude": 116.4, "poi": "Beijing"}),
        );
        assert_eq!(
            (location.content.latitude, location.content.address.as_deref()),
            (Some(39.9), Some("Beijing"))
        );
        let command = round_trip("RC:CmdMsg", &json!({"name": "refresh", "data": "{}"}));
        assert_eq!(command.content.action.as_deref(), Some("refresh"));
    }

    #[test]
    fn custom_types_become_custom_contents() {
        let converted = round_trip("App:Card", &json!({"title": "t", "count": 3, "tags": ["a"]}));
        assert_eq!(converted.content.r#type, Some(ContentType::Custom as i32));
        assert_eq!(converted.content.custom_event.as_deref(), Some("App:Card"));
        let exts = key_values_to_ext(&converted.content.custom_exts);
        assert_eq!(
            Value::Object(exts),
            json!({"title": "t", "count": 3, "tags": ["a"]})
        );
        // Unmapped built-in notifications too.
        round_trip("RC:InfoNtf", &json!({"message": "joined", "extra": ""}));
        // A custom content that is not a JSON object is kept as text.
        let raw = from_rongcloud("App:Raw", "plain text, not JSON").expect("converts");
        assert_eq!(
            to_rongcloud(&body(&raw)),
            Some(("App:Raw".to_owned(), "plain text, not JSON".to_owned()))
        );
    }

    #[test]
    fn built_in_types_need_their_members() {
        for (object_name, content) in [
            ("RC:TxtMsg", "\"hello\""),
            ("RC:TxtMsg", "not json"),
            ("RC:TxtMsg", r#"{"extra":""}"#),
            ("RC:TxtMsg", r#"{"content":{"a":1}}"#),
            ("RC:ImgMsg", r#"{"content":"thumb"}"#),
            ("RC:LBSMsg", r#"{"latitude":"north","longitude":1}"#),
            ("RC:FileMsg", r#"{"fileUrl":"u","size":1.5}"#),
        ] {
            let error = from_rongcloud(object_name, content).expect_err(content);
            assert_eq!(error.kind, natter_codes::ErrorKind::InvalidParameter, "{content}");
        }
    }

    #[test]
    fn messages_from_other_doors_read_as_built_in_types() {
        let body = pb::MessageBody {
            contents: vec![Content {
                text: Some("hi".into()),
                ..typed(ContentType::Text)
            }],
            ext: ext_to_key_values(&Map::from_iter([("extra".to_owned(), json!("e"))])),
            ..pb::MessageBody::default()
        };
        assert_eq!(
            to_rongcloud(&body),
            Some((
                "RC:TxtMsg".to_owned(),
                json!({"content": "hi", "extra": "e"}).to_string()
            ))
        );
        assert_eq!(to_rongcloud(&pb::MessageBody::default()), None);
    }
}
