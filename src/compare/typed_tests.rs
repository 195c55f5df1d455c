//! Tests of typed dimensions: the same model from TOML, YAML and JSON, the
//! cells' HTML and best marks, and a located error for every kind of value
//! that does not fit its type, in every format.

use std::path::Path;

use serde_json::Value;

use super::cell::{Better, Cell, DimensionType, Written};
use super::*;

fn load_typed(ext: &str) -> Comparison {
    let name = format!("typed.compare.{ext}");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/compare")
        .join(&name);
    let text = std::fs::read_to_string(path).expect("fixture");
    load(&Path::new("content").join(&name), Path::new(&name), &text)
        .unwrap_or_else(|e| panic!("{name}: {e:#?}"))
}

#[test]
fn typed_dimensions_read_the_same_from_every_format() {
    let toml = load_typed("toml");
    assert_eq!(toml.data, load_typed("yaml").data);
    assert_eq!(toml.data, load_typed("json").data);
    let dims = &toml.data.dimensions;
    let kinds: Vec<DimensionType> = dims.iter().map(|d| d.kind).collect();
    use DimensionType::*;
    assert_eq!(kinds, [Text, Bool, Bool, Number, Rating, List]);
    assert_eq!(
        dims[1].values["lite"],
        Cell {
            value: Written::Text("partial".into()),
            note: Some("as text, with functions".into())
        }
    );
    assert_eq!(dims[3].unit.as_deref(), Some("TB"));
    assert_eq!(dims[3].better, Some(Better::Higher));
    assert_eq!(dims[3].values["pg"], Cell::plain(Written::Number(32.0)));
    assert_eq!(dims[4].max, Some(5.0));
    assert_eq!(dims[1].group.as_deref(), Some("Features"));
    assert_eq!(
        dims[5].values["pg"],
        Cell::plain(Written::List(vec!["PL/pgSQL".into(), "PL/Python".into()]))
    );
}

fn view_of(c: &Comparison) -> Value {
    view(c, "/t/", "https://example.org/t/", &|l: &str| {
        Ok(l.to_string())
    })
    .expect("view")
}

#[test]
fn typed_cells_have_text_icons_units_and_best_marks() {
    let v = view_of(&load_typed("toml"));
    let cell = |row: usize, col: usize| v["dimensions"][row]["cells"][col].clone();
    assert_eq!(cell(0, 0)["html"], "Client and <em>server</em>");
    assert!(cell(1, 0)["html"]
        .as_str()
        .unwrap()
        .contains("✓</span> Yes"));
    assert_eq!(cell(1, 1)["text"], "Partial");
    assert_eq!(cell(1, 1)["note"], "as text, with functions");
    assert!(cell(2, 1)["html"].as_str().unwrap().contains("✗</span> No"));
    assert_eq!(cell(3, 0)["text"], "32 TB");
    assert_eq!(cell(3, 0)["best"], true);
    assert_eq!(cell(3, 1)["best"], false);
    assert_eq!(cell(3, 1)["sort"], 0.281);
    // Ratings: higher is better unless the row says otherwise.
    assert_eq!(cell(4, 1)["best"], true);
    assert_eq!(cell(4, 1)["text"], "5/5");
    assert_eq!(
        cell(5, 0)["html"],
        "<ul class=\"vs-list\"><li>PL/pgSQL</li><li>PL/Python</li></ul>"
    );
    assert_eq!(v["dimensions"][2]["differs"], true);
    let groups: Vec<&Value> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["label"])
        .collect();
    assert_eq!(
        groups,
        [
            &Value::Null,
            &"Features".into(),
            &"Limits".into(),
            &Value::Null
        ]
    );
    // Deal-breakers: worked out for the widget, with the reason.
    let cluster = &v["widget"]["questions"][0]["answers"][0]["rules_out"];
    assert_eq!(cluster[0]["option"], "lite");
    assert_eq!(cluster[0]["reason"], "needs Built-in replication: Yes");
    assert_eq!(cluster.as_array().map(Vec::len), Some(1));
    let embedded = &v["questions"][0]["answers"][1]["rules_out"];
    assert_eq!(embedded[0]["option"], "pg");
    // data.json keeps the values as written, with the row's type.
    assert_eq!(v["data"]["dimensions"][1]["type"], "bool");
    assert_eq!(
        v["data"]["dimensions"][1]["values"]["lite"]["value"],
        "partial"
    );
}

/// A two-option file with one dimension `d` whose `extra` lines and value
/// for `b` are given per format; `a` gets `good`.
fn source(ext: &str, extra: &str, good: &str, bad: &str) -> String {
    match ext {
        "toml" => format!(
            "title = \"t\"\n[[options]]\nid = \"a\"\nname = \"A\"\n[[options]]\nid = \"b\"\nname = \"B\"\n[[dimensions]]\nid = \"d\"\nlabel = \"D\"\n{extra}\n[dimensions.values]\na = {good}\nb = {bad}\n"
        ),
        "yaml" => format!(
            "title: t\noptions:\n  - id: a\n    name: A\n  - id: b\n    name: B\ndimensions:\n  - id: d\n    label: D\n    {extra}\n    values:\n      a: {good}\n      b: {bad}\n"
        ),
        _ => format!(
            "{{\n  \"title\": \"t\",\n  \"options\": [{{\"id\": \"a\", \"name\": \"A\"}}, {{\"id\": \"b\", \"name\": \"B\"}}],\n  \"dimensions\": [{{\"id\": \"d\", \"label\": \"D\", {extra},\n    \"values\": {{\n      \"a\": {good},\n      \"b\": {bad}\n    }}\n  }}]\n}}\n"
        ),
    }
}

struct Case {
    kind: &'static str,
    /// (toml, yaml, json) settings besides `type`.
    extra: [&'static str; 3],
    good: [&'static str; 3],
    bad: [&'static str; 3],
    message: &'static str,
    /// Where the error points: the key of the bad value or of a setting.
    at: &'static str,
}

const CASES: &[Case] = &[
    Case {
        kind: "bool",
        extra: ["", "", ""],
        good: ["true", "true", "true"],
        bad: ["\"yes\"", "yes", "\"yes\""],
        message: "expected `true`, `false` or `\"partial\"` for a `bool` dimension, found the string \"yes\"",
        at: "b",
    },
    Case {
        kind: "number",
        extra: ["unit = \"GB\"", "unit: GB", "\"unit\": \"GB\""],
        good: ["5", "5", "5"],
        bad: ["\"5 GB\"", "5 GB", "\"5 GB\""],
        message: "expected a number for a `number` dimension, found the string \"5 GB\"",
        at: "b",
    },
    Case {
        kind: "rating",
        extra: ["max = 5", "max: 5", "\"max\": 5"],
        good: ["4", "4", "4"],
        bad: ["7", "7", "7"],
        message: "rating 7 is outside 0 to 5",
        at: "b",
    },
    Case {
        kind: "list",
        extra: ["", "", ""],
        good: ["[\"x\"]", "[x]", "[\"x\"]"],
        bad: ["\"x, y\"", "x, y", "\"x, y\""],
        message: "expected a list of strings for a `list` dimension",
        at: "b",
    },
    Case {
        kind: "text",
        extra: ["", "", ""],
        good: ["\"x\"", "x", "\"x\""],
        bad: ["12", "12", "12"],
        message: "expected a string (inline Markdown) for a `text` dimension, found the number 12",
        at: "b",
    },
    Case {
        kind: "text",
        extra: ["", "", ""],
        good: ["\"x\"", "x", "\"x\""],
        bad: [
            "{ value = \"x\", note = \"n\" }",
            "{ value: x, note: n }",
            "{\"value\": \"x\", \"note\": \"n\"}",
        ],
        message: "a `text` value cannot have a note",
        at: "b",
    },
    Case {
        kind: "bool",
        extra: ["unit = \"GB\"", "unit: GB", "\"unit\": \"GB\""],
        good: ["true", "true", "true"],
        bad: ["false", "false", "false"],
        message: "`unit` does not apply to a `bool` dimension",
        at: "unit",
    },
    Case {
        kind: "number",
        extra: ["max = 10", "max: 10", "\"max\": 10"],
        good: ["1", "1", "1"],
        bad: ["2", "2", "2"],
        message: "`max` does not apply to a `number` dimension",
        at: "max",
    },
    Case {
        kind: "rating",
        extra: ["max = 0", "max: 0", "\"max\": 0"],
        good: ["0", "0", "0"],
        bad: ["0", "0", "0"],
        message: "`max` of dimension `d` must be a number above 0",
        at: "max",
    },
];

#[test]
fn type_errors_are_located_in_every_format() {
    for case in CASES {
        for (i, ext) in ["toml", "yaml", "json"].into_iter().enumerate() {
            let type_line = match ext {
                "toml" => format!("type = \"{}\"", case.kind),
                "yaml" => format!("type: {}", case.kind),
                _ => format!("\"type\": \"{}\"", case.kind),
            };
            let extra = if case.extra[i].is_empty() {
                type_line
            } else {
                let sep = match ext {
                    "json" => ", ",
                    "yaml" => "\n    ",
                    _ => "\n",
                };
                format!("{type_line}{sep}{}", case.extra[i])
            };
            let src = source(ext, &extra, case.good[i], case.bad[i]);
            let name = format!("t.compare.{ext}");
            let errs = match load(Path::new(&name), Path::new(&name), &src) {
                Ok(_) => panic!("{ext} {}: should fail:\n{src}", case.message),
                Err(errs) => errs,
            };
            assert_eq!(errs.len(), 1, "{ext}: {errs:#?}\n{src}");
            let err = &errs[0];
            assert!(err.message.contains(case.message), "{ext}: {err}");
            assert!(err.hint.is_some(), "{ext}: {err}");
            let key = match ext {
                "json" => format!("\"{}\":", case.at),
                _ => format!("{}{}", case.at, if ext == "toml" { " =" } else { ":" }),
            };
            let offset = src
                .match_indices(&key)
                .map(|(o, _)| o)
                .find(|&o| {
                    // The key at the start of its line, not the same text in a value.
                    src[..o].ends_with(['\n', ' ', '{', ','])
                })
                .expect("key in source");
            let want = crate::error::line_col(&src, offset);
            assert_eq!(
                (err.line, err.column),
                (Some(want.0), Some(want.1)),
                "{ext}: {err}\n{src}"
            );
        }
    }
}

fn csv_comparison(csv: &str) -> Result<Comparison, Vec<Error>> {
    let name = "typed-csv.compare.toml";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare");
    let text = std::fs::read_to_string(path.join(name)).expect("fixture");
    let mut c = load(&Path::new("content").join(name), Path::new(name), &text).expect("loads");
    assert_eq!(c.rows_file().as_deref(), Some("typed.csv"));
    c.read_rows(Path::new("content/typed.csv"), csv)?;
    Ok(c)
}

#[test]
fn csv_rows_give_the_same_model_as_inline_rows() {
    let csv = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare/typed.csv"),
    )
    .expect("fixture");
    let from_csv = csv_comparison(&csv).unwrap_or_else(|e| panic!("{e:#?}"));
    let inline = load_typed("toml");
    assert_eq!(from_csv.data.dimensions.rows, inline.data.dimensions.rows);
    // The view (and data.json) cannot tell where the rows came from.
    let (a, b) = (view_of(&from_csv), view_of(&inline));
    assert_eq!(a["dimensions"], b["dimensions"]);
    assert_eq!(a["data"]["dimensions"], b["data"]["dimensions"]);
}

#[test]
fn csv_errors_point_at_the_cell() {
    // (file, error location as line:col, message part, hint part)
    let cases = [
        (
            "id,label,type,pg,lite\nj,JSON,bool,true,yes\n",
            "2:18",
            "expected `true`, `false` or `\"partial\"`",
            "use `true`",
        ),
        (
            "id,label,type,pg,lit\n",
            "1:18",
            "column `lit` is neither a setting nor an option",
            "did you mean `lite`?",
        ),
        (
            "id,label,type,pg,lite\nj,JSON,boool,true,false\n",
            "2:8",
            "unknown type `boool`",
            "did you mean `bool`?",
        ),
        (
            "id,label,type,pg,lite\nn,Size,number,5,\n",
            "2:1",
            "dimension `n` has no value for option `lite`",
            "fill in column `lite`",
        ),
        (
            "id,label,type,pg,lite\nn,\"Size,number,5,6\n",
            "2:3",
            "this quoted field is never closed",
            "",
        ),
        (
            "id,label,type,unit,pg,lite\nb,Cloud,bool,GB,true,false\n",
            "2:14",
            "`unit` does not apply to a `bool` dimension",
            "`unit` is for `number`",
        ),
        (
            "label,pg,lite\nSize,1,2\n",
            "1:1",
            "the header has no `id` column",
            "id,label,type,unit",
        ),
        (
            "id,label,type,pg,lite\nr,Ease,rating,4,9\nr,Again,rating,1,2\n",
            "2:17",
            "rating 9 is outside 0 to 5",
            "",
        ),
    ];
    for (csv, at, message, hint) in cases {
        let errs = match csv_comparison(csv) {
            Ok(_) => panic!("should fail:\n{csv}"),
            Err(errs) => errs,
        };
        let err = &errs[0];
        assert_eq!(err.path.as_deref(), Some(Path::new("content/typed.csv")));
        assert_eq!(
            format!("{}:{}", err.line.unwrap_or(0), err.column.unwrap_or(0)),
            at,
            "{err}"
        );
        assert!(err.message.contains(message), "{err}");
        assert!(err.hint.as_deref().unwrap_or("").contains(hint), "{err}");
    }
    // Every problem of the file, in order.
    let errs = csv_comparison("id,label,type,pg,lite\nr,Ease,rating,4,9\nr,Again,rating,1,2\n")
        .expect_err("fails");
    let places: Vec<_> = errs.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(places, [(Some(2), Some(17)), (Some(3), Some(1))]);
    assert!(errs[1].message.contains("duplicate dimension id `r`"));
}

#[test]
fn deal_breaker_errors_are_located() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare/typed.compare.toml"),
    )
    .expect("fixture");
    let cases = [
        (
            "excludes = [\"pg\"]",
            "excludes = [\"pgg\"]",
            "\"pgg\"",
            "excludes `pgg`, which is not an option",
            "did you mean `pg`?",
        ),
        (
            "dimension = \"replication\"",
            "dimension = \"replicaton\"",
            "\"replicaton\"",
            "requires dimension `replicaton`, which does not exist",
            "did you mean `replication`?",
        ),
        (
            "value = true }",
            "value = 3 }",
            "value = 3",
            "expected `true`, `false` or `\"partial\"` to require of a `bool` dimension",
            "use `true`",
        ),
        (
            "dimension = \"replication\"",
            "dimension = \"model\"",
            "requires =",
            "requires a value of `model`, a `text` dimension",
            "requirements work on",
        ),
    ];
    for (from, to, at, message, hint) in cases {
        let src = base.replacen(from, to, 1);
        let errs = load(
            Path::new("t.compare.toml"),
            Path::new("t.compare.toml"),
            &src,
        )
        .expect_err("fails");
        assert_eq!(errs.len(), 1, "{errs:#?}");
        let offset = src.find(at).expect("in source");
        let want = crate::error::line_col(&src, offset);
        assert_eq!(
            (errs[0].line, errs[0].column),
            (Some(want.0), Some(want.1)),
            "{}",
            errs[0]
        );
        assert!(errs[0].message.contains(message), "{}", errs[0]);
        assert!(
            errs[0].hint.as_deref().unwrap_or("").contains(hint),
            "{}",
            errs[0]
        );
    }
}
