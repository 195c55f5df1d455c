//! The default theme's output: URLs written plainly (only `& < > " '`
//! escaped), feature files written and loaded only where they are used.

use std::path::Path;

use super::harness::{self, Page, SiteTest};

/// Every `.html` and `.xml` file under `dir`, with its text.
fn markup_files(dir: &Path) -> Vec<(String, String)> {
    harness::snapshot(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html" || e == "xml"))
        .map(|(p, bytes)| {
            let text = String::from_utf8(bytes).expect("UTF-8 output");
            (p.display().to_string(), text)
        })
        .collect()
}

/// No file escapes `/` (Tera's default would write `&#x2F;guides&#x2F;`).
fn assert_no_escaped_slashes(dir: &Path) {
    let files = markup_files(dir);
    assert!(!files.is_empty(), "no output in {}", dir.display());
    for (path, text) in files {
        assert!(
            !text.contains("&#x2F;") && !text.contains("&#47;"),
            "{path} escapes `/`"
        );
    }
}

/// Build the demo site (the repository's own `content/`) into a temp folder.
fn build_demo() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["build", "--root"])
        .arg(repo)
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .expect("run versus");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

fn demo_page(out: &Path, rel: &str) -> (String, Page) {
    let text = std::fs::read_to_string(out.join("public").join(rel)).expect(rel);
    let page = Page(scraper::Html::parse_document(&text));
    (text, page)
}

#[test]
fn urls_in_the_demo_are_written_plainly() {
    let out = build_demo();
    assert_no_escaped_slashes(&out.path().join("public"));
    let (raw, home) = demo_page(out.path(), "index.html");
    assert!(raw.contains(r#"href="/guides/who-does-what/""#), "{raw}");
    assert!(raw.contains(r#"href="/style.css""#));
    assert!(home
        .attrs("a[href]", "href")
        .contains(&"/guides/who-does-what/".to_string()));
    let sitemap = std::fs::read_to_string(out.path().join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>/guides/who-does-what/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn urls_in_fixture_sites_are_written_plainly() {
    let mut basic = SiteTest::new("basic");
    basic.build(&[]);
    assert_no_escaped_slashes(&basic.root().join("public"));
    let sitemap = basic.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/docs/blog/a/</loc>"));
    let feed = basic.output("atom.xml");
    assert!(feed.contains(r#"href="https://example.org/docs/blog/a/""#));

    let mut minimal = SiteTest::new("minimal");
    minimal.build(&[]);
    assert_no_escaped_slashes(&minimal.root().join("public"));
    assert!(minimal
        .output("a/index.html")
        .contains(r#"<link rel="canonical" href="https://example.org/a/">"#));
}

#[test]
fn text_from_content_is_still_escaped() {
    let title = r#"Tom & "Jerry" <script>alert('x')</script>"#;
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/a.md",
        format!("+++\ntitle = '''{title}'''\ndescription = '''{title}'''\n+++\nText.\n"),
    );
    site.build(&[]);
    let raw = site.output("a/index.html");
    assert!(!raw.contains("<script>alert"), "{raw}");
    assert!(raw.contains("Tom &amp; &quot;Jerry&quot; &lt;script&gt;alert(&#39;x&#39;)"));
    let page = site.html("a/index.html");
    assert_eq!(page.texts("h1"), [title]);
    assert_eq!(page.attrs("meta[property='og:title']", "content"), [title]);
    assert_eq!(page.attrs("meta[name=description]", "content"), [title]);
    let feed = site.output("atom.xml");
    assert!(!feed.contains("<script>alert"));
}
