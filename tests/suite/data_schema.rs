//! Every `data.json` of the demo site and of the comparison fixture site
//! matches `schemas/comparison-data.schema.json`, which the build copies to
//! `schemas/comparison-data-1.json` in the output. A small validator checks
//! them, for the part of JSON Schema that schema uses (`type`, `const`,
//! `enum`, `required`, `properties`, `additionalProperties`, `items`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::harness::SiteTest;

/// The demo site's comparisons (content/*.compare.*).
const DEMO_COMPARISONS: usize = 1;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/comparison-data.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// Where `value` breaks `schema`, as `path: problem` lines.
fn problems(schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let known = [
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "const",
        "enum",
        "required",
        "properties",
        "additionalProperties",
        "items",
    ];
    if let Some(keys) = schema.as_object() {
        for k in keys.keys().filter(|k| !known.contains(&k.as_str())) {
            out.push(format!(
                "{at}: the validator does not know the keyword `{k}`"
            ));
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            other => other.as_str().into_iter().collect(),
        };
        let fits = |t: &str| match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        };
        if !types.iter().any(|t| fits(t)) {
            out.push(format!("{at}: expected {types:?}, found {value}"));
            return;
        }
    }
    if let Some(c) = schema.get("const") {
        if c != value {
            out.push(format!("{at}: expected {c}, found {value}"));
        }
    }
    if let Some(Value::Array(choices)) = schema.get("enum") {
        if !choices.contains(value) {
            out.push(format!("{at}: {value} is not one of {choices:?}"));
        }
    }
    if let Some(obj) = value.as_object() {
        for key in schema["required"].as_array().into_iter().flatten() {
            let key = key.as_str().unwrap_or_default();
            if !obj.contains_key(key) {
                out.push(format!("{at}: missing `{key}`"));
            }
        }
        for (key, v) in obj {
            let here = format!("{at}.{key}");
            match (
                schema["properties"].get(key),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => problems(s, v, &here, out),
                (None, Some(Value::Bool(false))) => out.push(format!("{here}: not allowed")),
                (None, Some(s)) if s.is_object() => problems(s, v, &here, out),
                _ => {}
            }
        }
    }
    if let (Some(list), Some(items)) = (value.as_array(), schema.get("items")) {
        for (i, v) in list.iter().enumerate() {
            problems(items, v, &format!("{at}[{i}]"), out);
        }
    }
}

fn data_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read output").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(data_files(&path));
        } else if path.file_name().is_some_and(|n| n == "data.json") {
            found.push(path);
        }
    }
    found
}

fn check_all(dir: &Path, expected: usize) {
    let schema = schema();
    let written = std::fs::read_to_string(dir.join("schemas/comparison-data-1.json"))
        .expect("the schema is in the output");
    assert_eq!(
        serde_json::from_str::<Value>(&written).expect("JSON"),
        schema
    );
    let files = data_files(dir);
    assert_eq!(files.len(), expected, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("data.json");
        let value: Value = serde_json::from_str(&text).expect("data.json is JSON");
        let mut out = Vec::new();
        problems(&schema, &value, "$", &mut out);
        assert!(out.is_empty(), "{}:\n{}", file.display(), out.join("\n"));
    }
}

#[test]
fn the_validator_catches_what_the_schema_forbids() {
    let schema = schema();
    let mut out = Vec::new();
    let bad = serde_json::json!({ "version": 2, "id": 3, "extra": true });
    problems(&schema, &bad, "$", &mut out);
    let text = out.join("\n");
    for expected in [
        "$.version: expected 1",
        "$.id: expected",
        "$.extra: not allowed",
        "missing `options`",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
}

#[test]
fn every_data_json_of_the_fixture_site_matches_the_schema() {
    let mut site = SiteTest::new("compare-site");
    site.build(&[]);
    check_all(&site.root().join("public"), 3);
}

#[test]
fn a_site_without_comparisons_gets_no_schema() {
    let mut site = SiteTest::new("minimal");
    site.build(&[]);
    assert!(!site.exists("schemas"));
}

#[test]
fn every_data_json_of_the_demo_site_matches_the_schema() {
    let out = tempfile::tempdir().expect("temp dir");
    let status = Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(out.path())
        .output()
        .expect("run versus");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    check_all(out.path(), DEMO_COMPARISONS);
}

/// Typed values (bool, number, rating, list, a value with a note), groups
/// and deal-breakers (`excludes`, `requires`) are in the format too.
#[test]
fn typed_values_and_deal_breakers_match_the_schema() {
    let mut site = SiteTest::new("typed-site");
    site.build(&[]);
    check_all(&site.root().join("public"), 1);
}
