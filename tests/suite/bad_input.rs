//! The bad-input corpus: every case in `tests/bad-input/<case>/` is an overlay
//! on `tests/fixtures/minimal`; its `expect` file lists what the error output
//! must contain (file:line:col, the offending name, the hint). For each: the
//! build fails, nothing panics, and a previous `public/` is byte-for-byte kept.

use std::path::Path;

use super::harness::{snapshot, SiteTest};

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

/// Build the good site, apply `overlay`, rebuild: must fail and keep public/.
fn fails_with(overlay: impl FnOnce(&SiteTest), expect: &[String]) -> String {
    let mut site = SiteTest::new("minimal");
    site.build(&[]);
    let before = snapshot(&site.root().join("public"));
    overlay(&site);
    let stderr = site.build_fails(&[]);
    for needle in expect {
        assert!(
            stderr.contains(needle.as_str()),
            "expected `{needle}` in:\n{stderr}"
        );
    }
    assert_eq!(
        before,
        snapshot(&site.root().join("public")),
        "public/ changed"
    );
    stderr
}

#[test]
fn every_case_in_the_corpus_fails_with_a_located_error() {
    let mut cases: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "corpus went missing");
    for case in cases {
        let expect: Vec<String> = std::fs::read_to_string(case.join("expect"))
            .unwrap_or_else(|_| panic!("{} has no expect file", case.display()))
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let overlay = |site: &SiteTest| {
            for entry in walkdir::WalkDir::new(&case) {
                let entry = entry.unwrap();
                let rel = entry.path().strip_prefix(&case).unwrap();
                if entry.file_type().is_file() && rel != Path::new("expect") {
                    site.write(rel.to_str().unwrap(), std::fs::read(entry.path()).unwrap());
                }
            }
        };
        eprintln!("case {}", case.display());
        fails_with(overlay, &expect);
    }
}

#[test]
fn non_utf8_file() {
    fails_with(
        |s| {
            s.write(
                "content/bad.md",
                b"+++\ntitle = \"x\"\n+++\nok\n\xff\xfe bad",
            );
        },
        &["content/bad.md:5:1".into(), "not valid UTF-8".into()],
    );
}

#[test]
fn huge_file() {
    fails_with(
        |s| {
            let big = vec![b'a'; (versus::content::MAX_FILE_BYTES + 1) as usize];
            s.write("content/huge.md", big);
        },
        &["content/huge.md".into(), "too large".into()],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_under_content() {
    fails_with(
        |s| {
            std::fs::create_dir_all(s.root().join("content/loop")).unwrap();
            std::os::unix::fs::symlink("..", s.root().join("content/loop/back")).unwrap();
        },
        &["content/loop/back".into(), "loop".into()],
    );
}
