//! `versus check`'s decision-model analysis: one fixture per warning (under
//! `tests/fixtures/compare/model/`), the demo and valid fixtures clean, and
//! the bound used for large answer spaces.

use std::path::Path;

use super::analysis::{analyse, EXHAUSTIVE_LIMIT};
use super::*;

fn warnings(rel: &str) -> Vec<(usize, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    load(Path::new(rel), Path::new(name), &text)
        .unwrap_or_else(|e| panic!("{rel}: {e:#?}"))
        .model_warnings()
}

/// The fixture warns exactly these (line, message part) and nothing else.
fn assert_warns(name: &str, expected: &[(usize, &str)]) {
    let got = warnings(&format!("tests/fixtures/compare/model/{name}.compare.toml"));
    assert_eq!(got.len(), expected.len(), "{name}: {got:#?}");
    for ((line, message), (want_line, part)) in got.iter().zip(expected) {
        assert_eq!(line, want_line, "{name}: {message}");
        assert!(message.contains(part), "{name}: {message}");
    }
}

#[test]
fn one_fixture_per_warning() {
    assert_warns("never-first", &[(2, "option `c` never ranks first")]);
    assert_warns(
        "dealbreaker-never-first",
        &[(2, "option `c` never ranks first")],
    );
    assert_warns(
        "inert-question",
        &[(14, "question `same` cannot change the result")],
    );
    assert_warns(
        "points-nowhere",
        &[(12, "answer `nothing` of question `q` points to no option")],
    );
    assert_warns(
        "double-counting",
        &[(
            5,
            "signal `budget` and answer `cheap` of question `q` count the same evidence twice",
        )],
    );
    assert_warns(
        "outlier-weight",
        &[(10, "weight 50 is far outside the others")],
    );
    assert_warns(
        "unreachable-outcome",
        &[
            (15, "the `wins` text for `c` is never shown"),
            (18, "the combination text for `b`, `c` is never shown"),
        ],
    );
}

#[test]
fn the_demo_and_valid_fixtures_pass() {
    for rel in [
        "content/cio-vs-cto.compare.toml",
        "tests/fixtures/compare/valid.compare.toml",
        "tests/fixtures/compare/typed.compare.toml",
    ] {
        assert_eq!(warnings(rel), [], "{rel}");
    }
}

/// `n` options, `q` single questions of four answers each; answer `k` of
/// question `i` points to option `(i * 4 + k) % n`, and the last option only
/// ever gets half of what its neighbour gets from the same answer.
fn large(n: usize, q: usize) -> String {
    let mut s = String::from("title = \"Large\"\n");
    for o in 0..n {
        s.push_str(&format!("[[options]]\nid = \"o{o}\"\nname = \"O{o}\"\n"));
    }
    for i in 0..q {
        s.push_str(&format!(
            "[[questions]]\nid = \"q{i}\"\nprompt = \"Q{i}?\"\n"
        ));
        for k in 0..4 {
            let o = (i * 4 + k) % (n - 1);
            let extra = if o == n - 2 {
                format!(", o{} = 1", n - 1)
            } else {
                String::new()
            };
            s.push_str(&format!(
                "[[questions.answers]]\nid = \"a{k}\"\nlabel = \"A{k}\"\nweights = {{ o{o} = 2{extra} }}\n"
            ));
        }
    }
    s
}

#[test]
fn large_answer_spaces_use_a_sound_bound() {
    let text = large(12, 10);
    let c = load(
        Path::new("l.compare.toml"),
        Path::new("l.compare.toml"),
        &text,
    )
    .expect("loads");
    // 5^10 combinations: more than the exhaustive limit.
    assert!(5u64.pow(10) > EXHAUSTIVE_LIMIT);
    let started = std::time::Instant::now();
    let found = analyse(&c.data);
    eprintln!(
        "12 options, 10 questions: analysed in {:?}",
        started.elapsed()
    );
    let never: Vec<&str> = found
        .iter()
        .filter(|f| f.message.contains("never ranks first"))
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        never,
        ["option `o11` never ranks first, whatever the reader answers"]
    );
    // Small enough to enumerate: the same answer.
    let small = large(6, 3);
    let c = load(
        Path::new("s.compare.toml"),
        Path::new("s.compare.toml"),
        &small,
    )
    .expect("loads");
    let never: Vec<String> = analyse(&c.data)
        .into_iter()
        .filter(|f| f.message.contains("never ranks first"))
        .map(|f| f.message)
        .collect();
    assert_eq!(
        never,
        ["option `o5` never ranks first, whatever the reader answers"]
    );
}
