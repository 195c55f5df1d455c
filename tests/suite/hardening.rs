//! Property tests of the parsers that read user files: front matter,
//! comparison data (TOML, YAML, JSON), shortcodes, and Markdown rendering
//! with shortcodes, `@/` links and highlighted code. On any input: no panic,
//! and every error points at a line and column inside the file.
//!
//! 256 cases each in CI; `scripts/fuzz.sh` runs them far longer
//! (`PROPTEST_CASES`). Panics found that way become the named regression
//! tests at the end of this file.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config;

use versus::content::front_matter::{self, PageFront, SectionFront};
use versus::markdown::shortcode::{self, Expansion, ShortcodeCall};
use versus::markdown::{self, Environment};
use versus::Error;

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text made of pieces that matter to the parsers, plus arbitrary characters.
fn text_from(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[ -~\n\t]{0,12}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

const FRONT_PIECES: &[&str] = &[
    "+++\n",
    "---\n",
    "+++",
    "---",
    "\n",
    "\r\n",
    "\u{feff}",
    "title = ",
    "title: ",
    "\"",
    "'",
    "date = 2026-01-01",
    "date = \"2026-13-45\"",
    "date: 2026-01-01T10:00:00Z",
    "draft = true",
    "tags = [\"a\", 3]",
    "[extra]\n",
    "[taxonomies]\n",
    "\t",
    "  ",
    "weight = -1",
    "slug = \"/\"",
    "aliases = [\"../x\"]",
    "{",
    "}",
    "[",
    "]",
    "é",
    "\u{0}",
    "=",
    ":",
    "- ",
];

const MD_PIECES: &[&str] = &[
    "{{ note(text=\"hi\") }}",
    "{{ ",
    " }}",
    "{{ x(a=1, b=[1,2], c=true) }}",
    "{{ bad(",
    "{%",
    "%}",
    "[a](@/a.md)",
    "[b](@/a.md#x)",
    "[c](@/missing.md)",
    "![i](@/a.md)",
    "](@/",
    "@/",
    "\n",
    "\n\n",
    "# ",
    "## Title {#id}",
    "```rust,linenos,hl_lines=1-3\n",
    "```\n",
    "~~~\n",
    "```toml\n",
    "```nosuchlang,hl_lines=0-18446744073709551615\n",
    "```rust,linenos,linenostart=18446744073709551615\n",
    "    indented\n",
    "`",
    "<!-- more -->",
    "<script>",
    "| a | b |\n|---|---|\n",
    "[^1]",
    "[^1]: note\n",
    "> ",
    "- ",
    "*",
    "_",
    "\u{E000}",
    "\u{E001}",
    "0",
    "&amp;",
    "<",
    ">",
    "\"",
    "\\",
];

const DATA_PIECES: &[&str] = &[
    "\n",
    "[[options]]\n",
    "id = \"tea\"\n",
    "name = \"Tea\"\n",
    "[[dimensions]]\n",
    "label = \"x\"\n",
    "[dimensions.values]\n",
    "tea = \"1\"\n",
    "[[questions]]\n",
    "[[questions.answers]]\n",
    "weights = { tea = 1, cofee = 2 }\n",
    "kind = \"number\"\n",
    "nan",
    "inf",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "- ",
    "  ",
    "\t",
    "options:\n",
    "  - id: tea\n",
    "{\"options\": [",
    "title = \"T\"\n",
    "url = \"@/nope.md\"\n",
    "summary = \"[x](@/a.md)\"\n",
    "é",
];

/// The three valid fixtures: mutations of them reach deep into validation.
fn valid_sources() -> Vec<(&'static str, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare");
    ["toml", "yaml", "json"]
        .into_iter()
        .map(|ext| {
            let text =
                std::fs::read_to_string(dir.join(format!("valid.compare.{ext}"))).expect("fixture");
            (ext, text)
        })
        .collect()
}

/// The error's line and column lie inside `source` (a line may be one past
/// the last for "unexpected end of file").
fn assert_located(err: &Error, source: &str) {
    let lines = source.split('\n').count();
    if let Some(line) = err.line {
        assert!(
            line >= 1 && line <= lines + 1,
            "line {line} of {lines}: {err}"
        );
        if let (Some(col), Some(text)) = (err.column, source.split('\n').nth(line - 1)) {
            let width = text.chars().count();
            assert!(
                col >= 1 && col <= width + 2,
                "column {col} of {width}: {err}"
            );
        }
    }
    // Display must not panic either.
    let _ = err.to_string();
}

fn front_matter_case(source: &str) {
    let path = Path::new("content/x.md");
    match front_matter::split(path, source) {
        Ok(split) => {
            assert!(split.body_offset <= source.len());
            for result in [
                front_matter::parse::<PageFront>(path, source, &split, false).err(),
                front_matter::parse::<PageFront>(path, source, &split, true).err(),
                front_matter::parse::<SectionFront>(path, source, &split, false).err(),
            ]
            .into_iter()
            .flatten()
            .flatten()
            {
                assert_located(&result, source);
            }
        }
        Err(e) => assert_located(&e, source),
    }
}

fn compare_case(ext: &str, source: &str) {
    let name = format!("x.compare.{ext}");
    let rel = Path::new("content").join(&name);
    if let Err(errors) = versus::compare::load(&rel, Path::new(&name), source) {
        assert!(!errors.is_empty());
        for e in &errors {
            assert_located(e, source);
        }
    }
}

/// A site with one page `a.md` (heading `x`) and a shortcode `note`.
struct Env;

impl Environment for Env {
    fn resolve_link(&self, link: &str) -> Result<String, String> {
        match link {
            "@/a.md" => Ok("/a/".into()),
            "@/a.md#x" => Ok("/a/#x".into()),
            _ => Err(format!("no page `{link}`")),
        }
    }
    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        _body: Option<&str>,
    ) -> Result<Expansion, String> {
        if call.name == "note" {
            Ok(Expansion::Html("<aside>note</aside>".into()))
        } else {
            Err(format!("unknown shortcode `{}`", call.name))
        }
    }
}

fn markdown_case(body: &str) {
    let mut expand = |_: &ShortcodeCall| Ok(Expansion::Html(String::new()));
    if let Err(errors) = shortcode::extract(body, &mut expand) {
        for (offset, _) in errors {
            assert!(offset <= body.len(), "offset {offset} of {}", body.len());
        }
    }
    match markdown::render(body, &Env) {
        Ok(r) => {
            assert!(r.internal_links.iter().all(|l| l.offset <= body.len()));
            assert_eq!(
                r.html.matches("<pre").count(),
                r.html.matches("</pre>").count()
            );
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for (offset, _) in errors {
                assert!(offset <= body.len(), "offset {offset} of {}", body.len());
                let _ = versus::error::line_col(body, offset);
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_never_panics(source in text_from(FRONT_PIECES)) {
        front_matter_case(&source);
    }

    #[test]
    fn comparison_data_never_panics(
        ext in proptest::sample::select(&["toml", "yaml", "json"][..]),
        source in text_from(DATA_PIECES),
    ) {
        compare_case(ext, &source);
    }

    #[test]
    fn mutated_comparison_data_never_panics(
        which in 0usize..3,
        cut in any::<proptest::sample::Index>(),
        len in 0usize..40,
        insert in text_from(DATA_PIECES),
    ) {
        let (ext, valid) = &valid_sources()[which];
        let mut at = cut.index(valid.len() + 1);
        while !valid.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len).min(valid.len());
        while !valid.is_char_boundary(end) {
            end -= 1;
        }
        let mutated = format!("{}{}{}", &valid[..at], insert, &valid[end..]);
        compare_case(ext, &mutated);
    }

    #[test]
    fn markdown_never_panics(body in text_from(MD_PIECES)) {
        markdown_case(&body);
    }
}

#[test]
fn valid_fixtures_load() {
    for (ext, text) in valid_sources() {
        let name = format!("x.compare.{ext}");
        let loaded = versus::compare::load(Path::new(&name), Path::new(&name), &text);
        assert!(loaded.is_ok(), "{ext}: {:?}", loaded.err());
    }
}

// Regression tests: inputs the property tests found.

/// serde_json reports column 0 for a raw line break inside a string; the
/// error must point at the end of the line the string is on, not column 0.
#[test]
fn regression_json_raw_newline_in_string_has_a_real_column() {
    let source = "{\"title\": \"a\nb\"}";
    let errors = versus::compare::load(
        Path::new("content/x.compare.json"),
        Path::new("x.compare.json"),
        source,
    )
    .expect_err("invalid JSON");
    assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(13)));
    compare_case("json", source);
}

/// serde_json counts columns in bytes: after a 4-byte character the column
/// ran past the end of the line. Columns count characters.
#[test]
fn regression_json_column_counts_characters_not_bytes() {
    compare_case("json", "\"\u{10000}");
    let source = "{\"title\": \"é\u{10000}\" x}";
    let errors = versus::compare::load(
        Path::new("content/x.compare.json"),
        Path::new("x.compare.json"),
        source,
    )
    .expect_err("invalid JSON");
    assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(16)));
}

/// libyaml also breaks lines at a lone `\r`; its line and column then point
/// past our lines. Errors are located from its byte index instead.
#[test]
fn regression_yaml_lone_carriage_return_is_located_in_the_file() {
    for source in [
        "\r  - id: tea\n",
        "title: T\n\rsummary = \"[x](@/a.md)\"\nnan\noptions: [\n",
    ] {
        compare_case("yaml", source);
    }
    let page = "---\ntitle: A\r  - x\ndate: [\n---\nbody\n";
    let file = Path::new("content/a.md");
    let split = versus::content::front_matter::split(file, page).expect("split");
    let err = versus::content::front_matter::parse::<versus::content::front_matter::PageFront>(
        file, page, &split, false,
    )
    .expect_err("bad yaml");
    for e in &err {
        assert_located(e, page);
    }
}
