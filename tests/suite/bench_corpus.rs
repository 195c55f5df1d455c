//! The benchmark's generated site builds, and a few of its pages equal
//! known-good snapshots — with the bench theme and with the default theme
//! users get — so speed work can't silently drop content. The corpus comes
//! from the project's own generator (`examples/gen_corpus/corpus.rs`,
//! compiled into this test), so the test needs nothing outside the
//! repository.
//! Refresh the snapshots with `UPDATE_SNAPSHOTS=1 cargo test bench_corpus`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../examples/gen_corpus/corpus.rs"]
mod corpus;

const SNAPSHOTS: &[&str] = &[
    "index.html",
    "sec-02/index.html",
    "sec-01/page-00001/index.html",
    "sec-03/page-00003/index.html",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Generate the 40-page corpus into `site`.
fn generate(site: &Path) {
    let options = corpus::Options {
        pages: 40,
        sections: 20,
        seed: 42,
    };
    let written = corpus::write(site, &options).unwrap();
    let average = written.words / written.pages;
    assert!((800..=1400).contains(&average), "{average} words a page");
}

/// Build `site` and compare [`SNAPSHOTS`] with `tests/snapshots/<snapshots>/`.
fn build_and_compare(site: &Path, snapshots: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["build", "--root"])
        .arg(site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Built 40 pages, 21 sections"),
        "{stdout}"
    );

    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    for rel in SNAPSHOTS {
        let built = std::fs::read_to_string(site.join("public").join(rel)).unwrap();
        let snapshot = repo()
            .join("tests/snapshots")
            .join(snapshots)
            .join(rel.replace('/', "__"));
        if update {
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
            std::fs::write(&snapshot, &built).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_else(|e| {
            panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", snapshot.display())
        });
        assert!(
            built == expected,
            "{rel} differs from {}; if the change is intended, run with UPDATE_SNAPSHOTS=1",
            snapshot.display()
        );
    }
}

#[test]
fn generated_corpus_builds_and_matches_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    generate(site);
    super::harness::copy_dir(&repo().join("benches/site/themes"), &site.join("themes"));
    std::fs::write(
        site.join("versus.toml"),
        "title = \"Bench Docs\"\nbase_url = \"https://example.org/\"\ntheme = \"bench\"\n\
         generate_feed = false\ngenerate_sitemap = false\nheading_anchors = false\n\
         build_search_index = false\nhighlight = false\n",
    )
    .unwrap();
    build_and_compare(site, "bench");
}

/// The theme a new site gets (the built-in default theme, default config):
/// its nav, table of contents, neighbours, tags and listings around the
/// same generated pages.
#[test]
fn generated_corpus_with_the_default_theme_matches_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    generate(site);
    std::fs::write(
        site.join("versus.toml"),
        "title = \"Bench Docs\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    build_and_compare(site, "default-theme");
}
