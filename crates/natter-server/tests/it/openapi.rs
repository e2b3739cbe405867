//! `GET /openapi.yaml`: the document is served as kept in the repo, it is a well-formed OpenAPI 3.0 with the
//! error envelope on every operation, and it describes exactly the routes the server registers — the
//! `.route(` calls of `src/` are scanned at test time, so a new route without documentation fails here.

use crate::TestServer;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn document_text() -> String {
    std::fs::read_to_string(crate_dir().join("openapi.yaml")).expect("openapi.yaml")
}

fn document() -> Value {
    serde_norway::from_str(&document_text()).expect("openapi.yaml is YAML")
}

/// Source folders whose routes this document does not describe: the RongCloud door (`/user/*.json`, signed
/// form posts with their own `{code, errorMessage}` body) is another API with its own contract.
const OTHER_DIALECTS: [&str; 1] = ["rongcloud"];

/// Every `.rs` file under `directory`, recursively, in a stable order, outside [`OTHER_DIALECTS`].
fn rust_files(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(directory)
        .expect("read src")
        .map(|entry| entry.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
            if !OTHER_DIALECTS.contains(&name) {
                files.extend(rust_files(&path));
            }
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}

/// The text of `.route(` up to its closing parenthesis (string literals taken into account).
fn route_call(text: &str) -> &str {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (index, character) in text.char_indices() {
        if in_string {
            match character {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match character {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=index];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced .route( call: {text}");
}

/// The HTTP methods a method router expression names: `post(a).get(b)`, `get(x)`, `put(set.clone())`.
fn router_methods(expression: &str) -> Vec<String> {
    let bytes = expression.as_bytes();
    let mut methods = Vec::new();
    for method in METHODS {
        let mut from = 0;
        while let Some(found) = expression[from..].find(&format!("{method}(")) {
            let start = from + found;
            let preceded_ok =
                start == 0 || matches!(bytes[start - 1], b'.' | b' ' | b'\n' | b'\t' | b'(' | b',' | b':');
            if preceded_ok {
                methods.push(method.to_string());
            }
            from = start + method.len();
        }
    }
    methods
}

/// `(path, method)` for every route the source registers, with the file that registers it.
fn source_routes() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for file in rust_files(&crate_dir().join("src")) {
        let source = std::fs::read_to_string(&file).expect("read source");
        // Comment lines may mention `.route(` without registering anything.
        let code: String = source
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .map(|line| format!("{line}\n"))
            .collect();
        let mut rest = code.as_str();
        while let Some(found) = rest.find(".route(") {
            let call = route_call(&rest[found + ".route".len()..]);
            let inner = &call[1..call.len() - 1];
            let open = inner.find('"').unwrap_or_else(|| {
                panic!(
                    "{}: a .route( whose path is not a literal: {call}",
                    file.display()
                )
            });
            let close = open + 1 + inner[open + 1..].find('"').expect("closing quote");
            let path = &inner[open + 1..close];
            let methods = router_methods(&inner[close + 1..]);
            assert!(!methods.is_empty(), "{}: no method in {call}", file.display());
            for method in methods {
                routes.insert((path.to_string(), method));
            }
            rest = &rest[found + ".route".len() + call.len()..];
        }
    }
    routes
}

fn documented_routes(document: &Value) -> BTreeSet<(String, String)> {
    let paths = document["paths"].as_object().expect("paths");
    let mut routes = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            if item.get(method).is_some() {
                routes.insert((path.clone(), method.to_string()));
            }
        }
    }
    routes
}

#[test]
fn the_source_scanner_reads_route_calls() {
    assert_eq!(
        router_methods(
            "post(batch_get)\n .get(get_attributes)\n .put(set.clone())\n .delete(delete_attributes)"
        ),
        ["get", "put", "post", "delete"]
    );
    assert_eq!(router_methods(" get(get)"), ["get"]);
    assert_eq!(
        route_call("(\"/a\", get(x))\n.route(\"/b\", post(y))"),
        "(\"/a\", get(x))"
    );
    let routes = source_routes();
    assert!(
        routes.contains(&("/health".to_string(), "get".to_string())),
        "{routes:?}"
    );
    assert!(
        routes.contains(&("/{org}/{app}/users".to_string(), "delete".to_string())),
        "{routes:?}"
    );
    assert!(
        routes.contains(&("/openapi.yaml".to_string(), "get".to_string())),
        "{routes:?}"
    );
}

#[test]
fn every_route_of_the_source_is_documented_and_nothing_else() {
    let in_source = source_routes();
    let in_document = documented_routes(&document());
    let undocumented: Vec<_> = in_source.difference(&in_document).collect();
    let unserved: Vec<_> = in_document.difference(&in_source).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.yaml: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "openapi.yaml describes routes the source does not register: {unserved:?}"
    );
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("a local $ref");
            let target = document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {reference}"));
            resolve(document, target)
        }
        None => value,
    }
}

/// The names `{…}` in a path template.
fn template_names(path: &str) -> BTreeSet<String> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_document_is_openapi_3_0_with_the_error_envelope_everywhere() {
    let document = document();
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|version| version.starts_with("3.0.")),
        "version"
    );
    assert_eq!(
        document["components"]["securitySchemes"]["bearerAuth"]["type"],
        "http"
    );
    assert_eq!(
        document["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
    let error = &document["components"]["schemas"]["Error"];
    let required: BTreeSet<&str> = error["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        required,
        BTreeSet::from(["error", "exception", "timestamp", "duration", "error_description"])
    );
    assert!(
        error["properties"]["error_code"].is_object(),
        "optional error_code"
    );

    let mut operation_ids = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        let path_parameters = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let here = format!("{method} {path}");
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{here}: operationId"));
            assert!(
                operation_ids.insert(id.to_string()),
                "{here}: operationId {id} twice"
            );

            // Every `{name}` of the template is a declared path parameter, and nothing else is.
            let mut declared = BTreeSet::new();
            let operation_parameters = operation
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for parameter in path_parameters.iter().chain(&operation_parameters) {
                let parameter = resolve(&document, parameter);
                if parameter["in"] == "path" {
                    assert_eq!(
                        parameter["required"], true,
                        "{here}: path parameters are required"
                    );
                    declared.insert(parameter["name"].as_str().expect("name").to_string());
                }
            }
            assert_eq!(declared, template_names(path), "{here}: path parameters");

            let responses = &operation["responses"];
            if path == "/websocket" {
                // The gateway answers an upgrade with 101 and anything else with the JSON error.
                assert!(responses["101"].is_object(), "{here}: 101");
                assert!(
                    resolve(&document, &responses["400"])["content"]["application/json"].is_object(),
                    "{here}: the JSON error"
                );
                continue;
            }
            let ok = resolve(&document, &responses["200"]);
            let content = ok["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{here}: 200 content"));
            let media_type = match (path.as_str(), method) {
                ("/openapi.yaml", _) => "application/yaml",
                // A download is the uploaded bytes, of whatever type they were uploaded as.
                ("/{org}/{app}/chatfiles/{uuid}", _) => "*/*",
                ("/{org}/{app}/chatgroups/{group_id}/share_files/{file_id}", "get") => "*/*",
                ("/{org}/{app}/chatrooms/{chatroom_id}/share_files/{file_id}", "get") => "*/*",
                // A history file: JSON records, one per line, served as bytes.
                ("/{org}/{app}/chatmessages/{time}/file", _) => "application/octet-stream",
                _ => "application/json",
            };
            assert!(content.contains_key(media_type), "{here}: 200 is {media_type}");
            if path.starts_with("/{org}/{app}/") {
                assert_eq!(
                    responses["default"]["$ref"], "#/components/responses/Error",
                    "{here}: default error response"
                );
            }
        }
    }
    let error_response =
        &document["components"]["responses"]["Error"]["content"]["application/json"]["schema"];
    assert_eq!(error_response["$ref"], "#/components/schemas/Error");
    // The one form body of the API.
    let form = resolve(
        &document,
        &document["paths"]["/{org}/{app}/metadata/user/{username}"]["put"]["requestBody"],
    );
    assert!(
        form["content"]["application/x-www-form-urlencoded"].is_object(),
        "attribute PUT takes a form"
    );
}

/// `key` and the rest of a `key: value` line, the key possibly quoted; `None` for a line without a key.
fn split_key(line: &str) -> Option<(&str, &str)> {
    for quote in ['\'', '"'] {
        if let Some(rest) = line.strip_prefix(quote) {
            let end = rest.find(quote)?;
            let value = rest[end + 1..].strip_prefix(':')?;
            return Some((&rest[..end], value));
        }
    }
    if line.starts_with(['{', '[', '\'', '"']) {
        return None;
    }
    match line.split_once(": ") {
        Some((key, value)) => Some((key, value)),
        None => line.strip_suffix(':').map(|key| (key, "")),
    }
}

/// Mapping keys written twice under the same parent, as `parent/…/key`. YAML parsers keep one of them
/// silently, so two helpers describing the same path would lose one description without a word.
fn duplicate_keys(text: &str) -> Vec<String> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut duplicates = Vec::new();
    let mut block_scalar_of: Option<usize> = None;
    let mut items = 0usize;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let mut indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(owner) = block_scalar_of {
            if indent > owner {
                continue;
            }
            block_scalar_of = None;
        }
        let mut rest = trimmed;
        // A sequence item is a node of its own: keys of different items never collide.
        while let Some(after) = rest.strip_prefix("- ") {
            items += 1;
            while stack.last().is_some_and(|(level, _)| *level >= indent) {
                stack.pop();
            }
            stack.push((indent, format!("[{items}]")));
            indent += 2;
            rest = after.trim_start();
        }
        let Some((key, value)) = split_key(rest) else {
            continue;
        };
        while stack.last().is_some_and(|(level, _)| *level >= indent) {
            stack.pop();
        }
        let path: Vec<&str> = stack.iter().map(|(_, name)| name.as_str()).chain([key]).collect();
        let path = path.join("/");
        if !seen.insert(path.clone()) {
            duplicates.push(path);
        }
        if value.trim().starts_with(['|', '>']) {
            block_scalar_of = Some(indent);
        }
        stack.push((indent, key.to_string()));
    }
    duplicates
}

#[test]
fn no_key_of_the_document_is_written_twice() {
    let twice = "paths:\n  /a:\n    get: {}\n  /b:\n    get: {}\n  /a:\n    post: {}\n";
    assert_eq!(duplicate_keys(twice), ["paths//a"]);
    let fine = "a:\n  - name: x\n    in: path\n  - name: y\n    in: query\nb: |\n  c: d\n  c: d\n";
    assert!(duplicate_keys(fine).is_empty(), "{:?}", duplicate_keys(fine));
    assert_eq!(duplicate_keys(&document_text()), Vec::<String>::new());
}

/// A value for a path parameter that reaches the handler (a wrong `chattype` is a wrong path, §9).
fn sample(name: &str) -> &'static str {
    match name {
        "org" => "acme",
        "app" => "chat",
        "chattype" => "user",
        _ => "probe",
    }
}

#[tokio::test]
async fn every_documented_route_is_answered_by_its_handler() {
    let server = TestServer::start().await;
    let document = document();
    for (path, method) in documented_routes(&document) {
        let concrete: Vec<String> = path
            .split('/')
            .map(
                |segment| match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
                    Some(name) => sample(name).to_string(),
                    None => segment.to_string(),
                },
            )
            .collect();
        let url = server.url(&concrete.join("/"));
        let request = server
            .http
            .request(method.to_uppercase().parse().expect("method"), &url)
            .header("content-type", "application/json")
            .body("{}");
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response.text().await.expect("body");
        if path == "/openapi.yaml" {
            assert_eq!((status, content_type.as_str()), (200, "application/yaml"));
            continue;
        }
        assert!(
            content_type.starts_with("application/json"),
            "{method} {url}: {content_type} {body}"
        );
        let body: Value = serde_json::from_str(&body).expect("JSON");
        let fallback_404 = status == 404 && body["error_description"] == "url is invalid";
        let fallback_405 = status == 405 && body["error"] == "unsupported_service_operation";
        assert!(
            !fallback_404 && !fallback_405,
            "{method} {url} is not routed: {status} {body}"
        );
    }
}

#[tokio::test]
async fn the_document_is_served_as_kept_in_the_repo() {
    let server = TestServer::start().await;
    let response = server
        .http
        .get(server.url("/openapi.yaml"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/yaml")
    );
    let served = response.text().await.expect("body");
    assert_eq!(served, document_text());
    let parsed: Value = serde_norway::from_str(&served).expect("YAML");
    assert_eq!(parsed["info"]["title"], document()["info"]["title"]);

    let response = server
        .http
        .post(server.url("/openapi.yaml"))
        .send()
        .await
        .expect("request");
    crate::easemob_error(
        response,
        405,
        "unsupported_service_operation",
        "Service operation not supported",
    )
    .await;
}
