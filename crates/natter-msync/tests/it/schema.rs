//! The committed `proto/msync.proto` must say what the SDKs' descriptors say: every message field with its
//! number, type and rule (easemob-websdk 4.21.1), and agora-chat 1.4.0's older schema must be a subset
//! with the same numbers and types, so one server schema serves both SDKs.

use serde_json::Value;
use std::path::PathBuf;

fn reference(name: &str) -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/msync")
        .join(name);
    let text = std::fs::read_to_string(&path).ok()?;
    Some(serde_json::from_str(&text).expect("descriptor JSON"))
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (index, character) in name.chars().enumerate() {
        if character.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(character.to_ascii_lowercase());
        } else {
            out.push(character);
        }
    }
    out
}

/// (message path, field name, rule, type, id) for every field of the descriptor.
fn fields(node: &Value, path: &str, out: &mut Vec<(String, String, String, String, u64)>) {
    let Some(nested) = node.get("nested").and_then(Value::as_object) else {
        return;
    };
    for (name, child) in nested {
        let child_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        if let Some(message_fields) = child.get("fields").and_then(Value::as_object) {
            for (field, spec) in message_fields {
                out.push((
                    child_path.clone(),
                    field.clone(),
                    spec.get("rule")
                        .and_then(Value::as_str)
                        .unwrap_or("optional")
                        .to_owned(),
                    spec["type"].as_str().unwrap_or_default().to_owned(),
                    spec["id"].as_u64().unwrap_or_default(),
                ));
            }
        }
        fields(child, &child_path, out);
    }
}

fn pb_root(descriptor: &Value) -> &Value {
    &descriptor["nested"]["easemob"]["nested"]["pb"]
}

#[test]
fn the_committed_schema_has_every_field_of_the_websdk_descriptor() {
    let Some(descriptor) = reference("easemob_websdk_4.21.1.pbjson.json") else {
        eprintln!("../shared is not beside the checkout: schema comparison skipped");
        return;
    };
    let proto = include_str!("../../proto/msync.proto");
    let mut all = Vec::new();
    fields(pb_root(&descriptor), "", &mut all);
    assert!(all.len() > 150, "the descriptor has its fields: {}", all.len());
    for (message, field, rule, kind, id) in all {
        // Fields of a oneof are written without a rule.
        let line = format!("{rule} {kind} {} = {id}", snake(&field));
        let oneof_line = format!("{kind} {} = {id};", snake(&field));
        assert!(
            proto.contains(&line) || proto.contains(&oneof_line),
            "{message}.{field} ({rule} {kind} = {id}) is missing from proto/msync.proto"
        );
    }
}

#[test]
fn agora_chat_uses_the_same_numbers_and_types() {
    let (Some(websdk), Some(agora)) = (
        reference("easemob_websdk_4.21.1.pbjson.json"),
        reference("agora_chat_1.4.0.pbjson.json"),
    ) else {
        eprintln!("../shared is not beside the checkout: schema comparison skipped");
        return;
    };
    let mut newer = Vec::new();
    fields(pb_root(&websdk), "", &mut newer);
    let mut older = Vec::new();
    fields(pb_root(&agora), "", &mut older);
    for (message, field, _, kind, id) in older {
        let same = newer
            .iter()
            .find(|(other_message, other_field, ..)| *other_message == message && *other_field == field);
        let Some((_, _, _, other_kind, other_id)) = same else {
            panic!("agora-chat's {message}.{field} is not in the websdk schema");
        };
        assert_eq!((&kind, id), (other_kind, *other_id), "{message}.{field}");
    }
}
