//! Tests of loading comparison files: the three formats agree, and every
//! validation error names file, line, column and a hint.

use std::path::{Path, PathBuf};

use super::*;

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/compare")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    (PathBuf::from("content").join(name), text)
}

fn load_fixture(name: &str) -> Result<Comparison, Vec<Error>> {
    let (rel, text) = fixture(name);
    load(&rel, Path::new(name), &text)
}

/// 1-based line and column of the `nth` occurrence of `needle` in the fixture.
fn pos(name: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (_, text) = fixture(name);
    let (offset, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in {name}"));
    crate::error::line_col(&text, offset)
}

/// Asserts `name` fails with exactly one error at `needle`, whose message and
/// hint contain the given fragments.
fn assert_one_error(name: &str, needle: &str, nth: usize, message: &str, hint: &str) {
    let errs = match load_fixture(name) {
        Ok(_) => panic!("{name} should not load"),
        Err(errs) => errs,
    };
    assert_eq!(errs.len(), 1, "{name}: {errs:#?}");
    let err = &errs[0];
    assert_eq!(
        err.path.as_deref(),
        Some(Path::new("content").join(name).as_path())
    );
    let (line, col) = pos(name, needle, nth);
    assert_eq!(
        (err.line, err.column),
        (Some(line), Some(col)),
        "{name}: {err}"
    );
    assert!(err.message.contains(message), "{name}: {err}");
    assert!(
        err.hint.as_deref().unwrap_or("").contains(hint),
        "{name}: {err}"
    );
    assert!(err.snippet.is_some(), "{name}: {err}");
}

#[test]
fn three_formats_give_the_same_model() {
    let toml = load_fixture("valid.compare.toml").expect("toml loads");
    let yaml = load_fixture("valid.compare.yaml").expect("yaml loads");
    let json = load_fixture("valid.compare.json").expect("json loads");
    assert_eq!(toml.data, yaml.data);
    assert_eq!(toml.data, json.data);
    assert_eq!(toml.id(), "valid");
    assert_eq!(toml.title(), "Tea vs. Coffee");
    assert_eq!(toml.description(), "Two drinks, compared.");
    assert_eq!(toml.data.options.len(), 2);
    assert_eq!(toml.data.questions[1].kind, schema::QuestionKind::Multiple);
}

#[test]
fn ids_and_paths() {
    let (_, text) = fixture("valid.compare.toml");
    let c = load(
        Path::new("content/guides/x.compare.toml"),
        Path::new("guides/x.compare.toml"),
        &text,
    )
    .expect("loads");
    assert_eq!(c.id(), "x");
    assert_eq!(c.path(), "guides/x/");
    let c = load(
        Path::new("content/cio-vs-cto.compare.yml"),
        Path::new("cio-vs-cto.compare.yml"),
        &format!("slug = \"other\"\n{text}"),
    );
    assert!(c.is_err(), "yml is parsed as YAML, not TOML");
    let c = load(
        Path::new("content/a.compare.toml"),
        Path::new("a.compare.toml"),
        &format!("slug = \"other\"\n{text}"),
    )
    .expect("loads");
    assert_eq!((c.id(), c.path().as_str()), ("other", "other/"));
}

#[test]
fn recognises_file_names() {
    for ok in [
        "a.compare.toml",
        "x/a.compare.yaml",
        "a.compare.yml",
        "a.compare.json",
    ] {
        assert!(is_comparison_file(Path::new(ok)), "{ok}");
    }
    for no in [
        "a.toml",
        "a.compare.md",
        ".compare.toml",
        "compare.toml",
        "a.compare",
    ] {
        assert!(!is_comparison_file(Path::new(no)), "{no}");
    }
}

#[test]
fn internal_links_are_located() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("valid.compare.{ext}");
        let c = load_fixture(&name).expect("loads");
        let (tl, tc) = pos(&name, "@/drinks/tea.md", 0);
        let (cl, cc) = pos(&name, "@/drinks/coffee.md", 0);
        assert_eq!(
            c.internal_links(),
            vec![
                ("@/drinks/tea.md".to_string(), tl, tc),
                ("@/drinks/coffee.md".to_string(), cl, cc),
            ]
        );
    }
}

#[test]
fn unknown_option_in_weights() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("unknown-option.compare.{ext}");
        let needle = if ext == "json" { "\"cofee\"" } else { "cofee" };
        assert_one_error(
            &name,
            needle,
            0,
            "answer `morning` of question `time` has a weight for `cofee`, which is not an option",
            "did you mean `coffee`?",
        );
    }
}

#[test]
fn dimension_missing_a_value() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("missing-value.compare.{ext}");
        let needle = if ext == "json" {
            "\"values\""
        } else {
            "values"
        };
        assert_one_error(
            &name,
            needle,
            0,
            "dimension `caffeine` has no value for option `coffee`",
            "add `coffee`",
        );
    }
}

#[test]
fn duplicate_ids() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("duplicate-id.compare.{ext}");
        let needle = if ext == "yaml" { "tea\n" } else { "\"tea\"" };
        assert_one_error(&name, needle, 1, "duplicate option id `tea`", "unique");
    }
}

#[test]
fn question_without_answers() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("no-answers.compare.{ext}");
        let needle = if ext == "yaml" { "time" } else { "\"time\"" };
        assert_one_error(
            &name,
            needle,
            0,
            "question `time` has no answers",
            "answers",
        );
    }
}

#[test]
fn non_finite_weights() {
    assert_one_error(
        "non-finite.compare.toml",
        "coffee = nan",
        0,
        "weight for `coffee` that is not a finite number",
        "ordinary numbers",
    );
    assert_one_error(
        "non-finite.compare.yaml",
        "coffee: .inf",
        0,
        "weight for `coffee` that is not a finite number",
        "ordinary numbers",
    );
}

#[test]
fn fewer_than_two_options() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("one-option.compare.{ext}");
        let needle = if ext == "json" {
            "\"options\""
        } else {
            "options"
        };
        assert_one_error(&name, needle, 0, "at least two options, found 1", "");
    }
}

#[test]
fn unknown_kind() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("unknown-kind.compare.{ext}");
        let needle = if ext == "yaml" {
            "singel"
        } else {
            "\"singel\""
        };
        assert_one_error(
            &name,
            needle,
            0,
            "unknown variant `singel`",
            "did you mean `single`?",
        );
    }
}

#[test]
fn unknown_field() {
    for ext in ["toml", "yaml", "json"] {
        let name = format!("unknown-field.compare.{ext}");
        let needle = if ext == "json" { "\"lable\"" } else { "lable" };
        assert_one_error(
            &name,
            needle,
            0,
            "unknown field `lable`",
            "did you mean `label`?",
        );
    }
}

#[test]
fn all_errors_of_a_file_are_reported_in_order() {
    let name = "many-errors.compare.toml";
    let errs = load_fixture(name).expect_err("fails");
    let got: Vec<(usize, usize, &str)> = errs
        .iter()
        .map(|e| {
            (
                e.line.unwrap_or(0),
                e.column.unwrap_or(0),
                e.message.as_str(),
            )
        })
        .collect();
    let want = [
        (pos(name, "values", 0), "has no value for option `coffee`"),
        (
            pos(name, "cofee", 0),
            "has a value for `cofee`, which is not an option",
        ),
        (pos(name, "coffee = inf", 0), "not a finite number"),
        (pos(name, "\"tired\"", 1), "duplicate signal id `tired`"),
        (pos(name, "close_margin", 0), "`close_margin` must be"),
        (pos(name, "te =", 0), "`wins` has a text for `te`"),
        (pos(name, "\"milk\"", 0), "combination names `milk`"),
    ];
    assert_eq!(got.len(), want.len(), "{errs:#?}");
    for ((line, col, msg), ((wl, wc), wmsg)) in got.iter().zip(want) {
        assert_eq!((*line, *col), (wl, wc), "{msg}");
        assert!(msg.contains(wmsg), "{msg} vs {wmsg}");
    }
    let text = errs[0].to_string();
    assert!(
        text.contains("content/many-errors.compare.toml:14:"),
        "{text}"
    );
    assert!(
        errs[1].to_string().contains("did you mean `coffee`?"),
        "{text}"
    );
}

#[test]
fn hostile_input_does_not_panic() {
    for src in [
        "",
        "[[options]]",
        "{",
        "options: [",
        "title = 1",
        "\u{feff}title = \"x\"\noptions = []",
        "title: x\noptions:\n  - id: \"\"\n    name: a\n  - id: \"a b\"\n    name: b\n",
    ] {
        for ext in ["toml", "yaml", "json"] {
            let name = format!("x.compare.{ext}");
            let _ = load(Path::new(&name), Path::new(&name), src);
        }
    }
    let errs = load(
        Path::new("x.compare.yaml"),
        Path::new("x.compare.yaml"),
        "title: x\noptions:\n  - id: \"\"\n    name: a\n  - id: \"a b\"\n    name: b\n",
    )
    .expect_err("bad ids");
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs[1].message.contains("`a b` is not a valid id"));
    assert_eq!((errs[1].line, errs[1].column), (Some(5), Some(9)));
}
