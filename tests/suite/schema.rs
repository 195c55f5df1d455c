//! The JSON Schema for comparison files (`schemas/comparison.schema.json`):
//! every comparison file of the demo and the fixtures that versus accepts is
//! valid against it, files versus rejects for their shape are not, and a
//! built site ships the schema. The validator is a small one for the parts
//! of JSON Schema the file uses (`$ref` into `$defs`, `type`, `enum`,
//! `properties`, `required`, `additionalProperties`, `items`, `minItems`,
//! `oneOf`, `pattern`, `minimum`, `exclusiveMinimum`, `exclusiveMaximum`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::harness::SiteTest;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let text = std::fs::read_to_string(repo().join("schemas/comparison.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Problems of `value` against `s`, each with its JSON pointer.
fn validate(root: &Value, s: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local $ref");
        return validate(root, &root["$defs"][name], value, at, out);
    }
    let mut fail = |what: String| out.push(format!("{at}: {what}"));
    if let Some(t) = s.get("type").and_then(Value::as_str) {
        let ok = match t {
            "string" => value.is_string(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("type {other} not supported"),
        };
        if !ok {
            return fail(format!("expected {t}, found {value}"));
        }
    }
    if let Some(options) = s.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            fail(format!("{value} is not one of {options:?}"));
        }
    }
    if s.get("const").is_some_and(|c| c != value) {
        fail(format!("{value} is not {}", s["const"]));
    }
    if let (Some(p), Some(text)) = (s.get("pattern").and_then(Value::as_str), value.as_str()) {
        if !regex::Regex::new(p).unwrap().is_match(text) {
            fail(format!("{text:?} does not match {p}"));
        }
    }
    if let Some(n) = value.as_f64() {
        let bound = |k: &str| s.get(k).and_then(Value::as_f64);
        if bound("minimum").is_some_and(|m| n < m)
            || bound("exclusiveMinimum").is_some_and(|m| n <= m)
            || bound("exclusiveMaximum").is_some_and(|m| n >= m)
        {
            fail(format!("{n} is out of range"));
        }
    }
    if let Some(branches) = s.get("oneOf").and_then(Value::as_array) {
        let matching = branches
            .iter()
            .filter(|b| {
                let mut errs = Vec::new();
                validate(root, b, value, at, &mut errs);
                errs.is_empty()
            })
            .count();
        if matching != 1 {
            fail(format!("matches {matching} of the oneOf branches, not 1"));
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                fail(format!("fewer than {min} items"));
            }
        }
        if let Some(item) = s.get("items") {
            for (i, v) in items.iter().enumerate() {
                validate(root, item, v, &format!("{at}/{i}"), out);
            }
        }
    }
    if let Some(map) = value.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        for key in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap_or_default();
            if !map.contains_key(key) {
                out.push(format!("{at}: missing `{key}`"));
            }
        }
        for (k, v) in map {
            let child = format!("{at}/{k}");
            match (props.and_then(|p| p.get(k)), s.get("additionalProperties")) {
                (Some(ps), _) => validate(root, ps, v, &child, out),
                (None, Some(Value::Bool(false))) => out.push(format!("{at}: unknown key `{k}`")),
                (None, Some(extra)) if extra.is_object() => validate(root, extra, v, &child, out),
                _ => {}
            }
        }
    }
    if let (Some(cond), Some(then)) = (s.get("if"), s.get("then")) {
        let mut errs = Vec::new();
        validate(root, cond, value, at, &mut errs);
        if errs.is_empty() {
            validate(root, then, value, at, out);
        }
    }
}

fn problems(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.to_string_lossy();
    let value: Value = if name.ends_with(".toml") {
        toml::from_str(&text).unwrap()
    } else if name.ends_with(".json") {
        serde_json::from_str(&text).unwrap()
    } else {
        serde_yaml_ng::from_str(&text).unwrap()
    };
    let root = schema();
    let mut out = Vec::new();
    validate(&root, &root, &value, "", &mut out);
    out
}

fn comparison_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["content", "tests/fixtures", "examples"]
        .iter()
        .flat_map(|d| walkdir::WalkDir::new(repo().join(d)))
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| versus::compare::is_comparison_file(p))
        .collect();
    files.sort();
    files
}

#[test]
fn files_versus_accepts_are_valid_and_files_it_rejects_for_their_shape_are_not() {
    let mut accepted = 0;
    for path in comparison_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let loads = versus::compare::load(&path, Path::new(&name), &text).is_ok();
        let found = problems(&path);
        if loads {
            accepted += 1;
            assert_eq!(found, Vec::<String>::new(), "{}", path.display());
        }
    }
    assert!(accepted >= 15, "only {accepted} comparison files found");
    // Shape errors (as opposed to cross-references) are caught by the schema too.
    for (name, needle) in [
        (
            "unknown-field.compare.toml",
            "matches 0 of the oneOf branches",
        ),
        ("unknown-kind.compare.yaml", "is not one of"),
        ("one-option.compare.json", "fewer than 2 items"),
        (
            "../../bad-input/comparison-pairs-two-options/content/drinks.compare.json",
            "fewer than 3 items",
        ),
    ] {
        let found = problems(&repo().join("tests/fixtures/compare").join(name));
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn a_site_with_comparisons_ships_the_schema_and_init_points_to_it() {
    let mut site = SiteTest::new("compare-site");
    site.build(&[]);
    let shipped = std::fs::read_to_string(site.root().join("public/comparison.schema.json"))
        .expect("schema written");
    assert_eq!(
        shipped,
        std::fs::read_to_string(repo().join("schemas/comparison.schema.json")).unwrap()
    );
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["init"])
        .arg(dir.path().join("site"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = dir
        .path()
        .join("site/content/comparisons/tea-vs-coffee.compare.toml");
    let text = std::fs::read_to_string(&data).unwrap();
    let first = text.lines().next().unwrap_or_default();
    let target = first.strip_prefix("#:schema ").expect("#:schema line");
    let schema = data.parent().unwrap().join(target);
    assert!(schema.is_file(), "{}", schema.display());
    assert_eq!(problems(&data), Vec::<String>::new());
}
