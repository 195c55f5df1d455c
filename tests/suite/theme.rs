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
        sitemap.contains("<loc>https://cio-vs-cto.example.org/guides/who-does-what/</loc>"),
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

/// The theme's files that serve one feature each.
const FEATURE_FILES: &[&str] = &[
    "highlight.css",
    "search.js",
    "search.css",
    "compare.css",
    "widget.js",
    "tabs.js",
];

/// The theme files a page links to (stylesheets and scripts), by file name.
fn loaded(page: &Page) -> Vec<String> {
    let mut urls = page.attrs("link[rel=stylesheet]", "href");
    urls.extend(page.attrs("script[src]", "src"));
    urls.iter()
        .map(|u| u.rsplit('/').next().unwrap_or(u).to_string())
        .collect()
}

#[test]
fn feature_files_are_written_only_when_the_feature_is_on() {
    let mut site = SiteTest::new("minimal");
    site.build(&[]);
    assert!(site.exists("style.css") && site.exists("theme.js"));
    for file in FEATURE_FILES {
        assert!(!site.exists(file), "{file} written with its feature off");
    }
    assert_eq!(
        loaded(&site.html("a/index.html")),
        ["style.css", "theme.js"]
    );

    site.write(
        "versus.toml",
        "title = \"Minimal\"\nbase_url = \"https://example.org/\"\nhighlight = true\nbuild_search_index = true\n",
    );
    site.build(&[]);
    for file in ["highlight.css", "search.js", "search.css"] {
        assert!(site.exists(file), "{file} missing with its feature on");
    }
    assert!(!site.exists("compare.css") && !site.exists("widget.js"));
    assert_eq!(
        loaded(&site.html("a/index.html")),
        [
            "style.css",
            "highlight.css",
            "search.css",
            "theme.js",
            "search.js"
        ]
    );
}

#[test]
fn the_site_s_own_static_files_are_always_written() {
    let mut site = SiteTest::new("minimal");
    site.write("static/search.js", "// the site's own script\n");
    site.build(&[]);
    assert_eq!(site.output("search.js"), "// the site's own script\n");
    assert!(!site.exists("search.css"));
}

#[cfg(unix)]
#[test]
fn a_static_file_with_a_backslash_in_its_name_is_refused() {
    // On Windows the backslash separates folders: `a\b.css` would be
    // published as `a/b.css` there and here alike, a file nobody named.
    let mut site = SiteTest::new("minimal");
    site.write("static/a\\b.css", "p {}\n");
    let err = site.build_fails(&[]);
    assert!(err.contains("file name contains a backslash"), "{err}");
    assert!(err.contains("a\\b.css"), "{err}");
    assert!(!site.exists("a/b.css"));
}

#[cfg(unix)]
#[test]
fn a_page_with_a_backslash_in_its_name_is_refused() {
    // Not published as the page `a/b/` (what its name means on Windows).
    let mut site = SiteTest::new("minimal");
    site.write("content/a\\b.md", "+++\ntitle = \"B\"\n+++\nText.\n");
    let err = site.build_fails(&[]);
    assert!(err.contains("file name contains a backslash"), "{err}");
    assert!(err.contains("content/a\\b.md"), "{err}");
}

#[test]
fn comparison_files_load_only_where_a_comparison_is_shown() {
    let comparison =
        std::fs::read_to_string(harness::fixtures().join("compare/valid.compare.toml"))
            .expect("fixture");
    let mut site = SiteTest::new("minimal");
    site.write("content/drinks/tea-vs-coffee.compare.toml", comparison)
        .write(
            "content/drinks/_index.md",
            "+++\ntitle = \"Drinks\"\n+++\n{{ signals(id=\"tea-vs-coffee\") }}\n",
        )
        .write("content/drinks/tea.md", "+++\ntitle = \"Tea\"\n+++\nTea.\n")
        .write(
            "content/drinks/coffee.md",
            "+++\ntitle = \"Coffee\"\n+++\n{{ decision_widget(id=\"tea-vs-coffee\") }}\n",
        )
        .write(
            "content/mine.md",
            "+++\ntitle = \"Mine\"\n+++\n{{ options(of=\"tea-vs-coffee\") }}\n",
        )
        .write(
            "templates/shortcodes/options.html",
            "{% set c = get_comparison(id=of) %}<p>{{ c.title }}</p>",
        )
        .write(
            "content/plain.md",
            "+++\ntitle = \"Plain\"\ntags = [\"plain\"]\n+++\n{{ note(text=\"hi\") }}\n",
        )
        .write("templates/shortcodes/note.html", "<p>{{ text }}</p>");
    site.build(&[]);
    assert!(site.exists("compare.css") && site.exists("widget.js"));
    let with = ["style.css", "compare.css", "theme.js", "widget.js"];
    for shown in [
        "drinks/tea-vs-coffee/index.html",
        "drinks/index.html",
        "drinks/coffee/index.html",
        "mine/index.html",
    ] {
        assert_eq!(loaded(&site.html(shown)), with, "{shown}");
    }
    for plain in [
        "index.html",
        "a/index.html",
        "drinks/tea/index.html",
        "plain/index.html",
        "404.html",
        "tags/index.html",
    ] {
        assert_eq!(
            loaded(&site.html(plain)),
            ["style.css", "theme.js"],
            "{plain}"
        );
    }
}

#[test]
fn tabs_js_is_written_only_for_a_site_that_calls_tabs() {
    let tabs =
        "{% tabs(group=\"os\") %}\n{% tab(label=\"Linux\") %}\nLinux.\n{% end %}\n{% end %}\n";
    let mut site = SiteTest::new("minimal");
    // In a draft, or only shown as code: not a call.
    site.write(
        "content/draft.md",
        format!("+++\ntitle = \"Draft\"\ndraft = true\n+++\n{tabs}"),
    )
    .write(
        "content/code.md",
        "+++\ntitle = \"Code\"\n+++\n```\n{{ tabs() }}\n```\n",
    );
    site.build(&[]);
    assert!(!site.exists("tabs.js"));
    // Called inside another shortcode's body, in a section's text.
    site.write(
        "content/_index.md",
        format!(
            "+++\ntitle = \"Home\"\n+++\n{{% details(summary=\"More\") %}}\n{tabs}{{% end %}}\n"
        ),
    );
    site.build(&[]);
    assert!(site.exists("tabs.js"));
    assert_eq!(site.html("index.html").count("script[src$='tabs.js']"), 1);
    // A drafts build shows the draft's tabs.
    let mut drafts = SiteTest::new("minimal");
    drafts.write(
        "content/draft.md",
        format!("+++\ntitle = \"Draft\"\ndraft = true\n+++\n{tabs}"),
    );
    drafts.build(&["--drafts"]);
    assert!(drafts.exists("tabs.js"));
}

/// A site with no `title` (the Rust blog, arewewebyet) gets page titles
/// without a dangling separator, and a home page titled "Home" rather than
/// an empty `<title>`.
#[test]
fn a_site_without_a_title_has_whole_page_titles() {
    let mut site = SiteTest::new("minimal");
    site.write("versus.toml", "base_url = \"https://example.org/\"\n")
        .write("content/_index.md", "+++\n+++\nHello.\n");
    site.build(&[]);
    assert_eq!(site.html("index.html").texts("title"), ["Home"]);
    assert_eq!(site.html("a/index.html").texts("title"), ["A page"]);
    assert_eq!(site.html("404.html").texts("title"), ["Page not found"]);
}

/// Breadcrumbs name every section above a page or section (goyo's
/// three-level docs showed "Home / Shortcodes" under Writing), a section
/// without a page of its own as text.
#[test]
fn breadcrumbs_name_every_section_above() {
    let mut site = SiteTest::new("minimal");
    site.write("content/docs/_index.md", "+++\ntitle = \"Docs\"\n+++\n")
        .write(
            "content/docs/guide/_index.md",
            "+++\ntitle = \"Guide\"\n+++\n",
        )
        .write(
            "content/docs/guide/deep/_index.md",
            "+++\ntitle = \"Deep\"\nrender = false\n+++\n",
        )
        .write(
            "content/docs/guide/deep/more/_index.md",
            "+++\ntitle = \"More\"\n+++\n",
        )
        .write(
            "content/docs/guide/deep/more/a.md",
            "+++\ntitle = \"A\"\n+++\nText.\n",
        );
    site.build(&[]);
    let page = site.html("docs/guide/deep/more/a/index.html");
    assert_eq!(
        page.texts(".breadcrumbs li"),
        ["Home", "Docs", "Guide", "Deep", "More"]
    );
    assert_eq!(
        page.attrs(".breadcrumbs a", "href"),
        ["/", "/docs/", "/docs/guide/", "/docs/guide/deep/more/"]
    );
    let section = site.html("docs/guide/index.html");
    assert_eq!(section.texts(".breadcrumbs li"), ["Home", "Docs"]);
}

/// On the home page a section of text alone (goyo's introduction) links to
/// its text instead of saying there is nothing in it.
#[test]
fn a_section_of_text_alone_is_linked_from_the_home_page() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/intro/_index.md",
        "+++\ntitle = \"Introduction\"\n+++\nWhat this site is for.\n",
    )
    .write("content/empty/_index.md", "+++\ntitle = \"Empty\"\n+++\n");
    site.build(&[]);
    let home = site.html("index.html");
    assert_eq!(home.texts(".listing-more a"), ["Read Introduction →"]);
    assert_eq!(home.attrs(".listing-more a", "href"), ["/intro/"]);
    assert_eq!(home.texts(".empty"), ["Nothing here yet."]);
}

/// A page with no text (terminimal's archive, there for its template) has
/// no reading time, as in Zola; a page with a few words reads in a minute.
#[test]
fn a_page_without_text_has_no_reading_time() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/archive.md",
        "+++\ntitle = \"Archive\"\ndate = 2026-02-01\n+++\n",
    );
    site.build(&[]);
    let empty = site.html("archive/index.html");
    assert!(!empty
        .texts(".meta span")
        .iter()
        .any(|t| t.contains("min read")));
    let page = site.html("a/index.html");
    assert!(page.texts(".meta span").iter().any(|t| t == "1 min read"));
}
