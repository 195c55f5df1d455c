//! `versus build` on valid sites: URLs, listings, drafts, TOC, links,
//! overrides, feeds, assets, the demo site, `init`.

use super::harness::{fixtures, SiteTest};

#[test]
fn urls_live_under_the_sub_path_base_url() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let home = site.html("index.html");
    let links = home.attrs("a[href]", "href");
    assert!(links.contains(&"/docs/docs/two/".to_string()), "{links:?}");
    for href in links.iter().filter(|h| h.starts_with('/')) {
        assert!(
            href.starts_with("/docs/"),
            "link outside the base path: {href}"
        );
    }
    let page = site.html("docs/two/index.html");
    let canonical = page.attrs("link[rel=canonical]", "href");
    assert_eq!(canonical, vec!["https://example.org/docs/docs/two/"]);
    for css in page.attrs("link[rel=stylesheet]", "href") {
        assert!(css.starts_with("/docs/"), "{css}");
    }
    // No absolute filesystem path leaks into any output.
    let root = site.root().to_string_lossy().into_owned();
    for (path, bytes) in super::harness::snapshot(&site.root().join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&root),
            "{} leaks {root}",
            path.display()
        );
    }
}

#[test]
fn on_a_large_site_each_page_s_nav_lists_its_own_section() {
    // Past 100 pages only the sections on the way to the current page list
    // their pages in the nav, so pages of different sections get different
    // navs (rendered one after another on the same thread).
    let mut site = SiteTest::new("basic");
    site.write("content/filler/_index.md", "+++\ntitle = \"Filler\"\n+++\n");
    for i in 0..101 {
        site.write(
            &format!("content/filler/f{i:03}.md"),
            format!("+++\ntitle = \"Filler {i}\"\n+++\nText.\n"),
        );
    }
    site.write(
        "templates/page.html",
        "<ul id=\"nav\">{% for s in nav.subsections %}{% for p in s.pages %}\
         <li>{{ p.title }}</li>{% endfor %}{% endfor %}</ul>",
    );
    site.build(&[]);
    let in_docs = site.html("docs/two/index.html").texts("#nav li");
    assert_eq!(in_docs, ["Two", "One", "Bundle"]);
    for blog_page in ["blog/a/index.html", "blog/b/index.html"] {
        let in_blog = site.html(blog_page).texts("#nav li");
        assert_eq!(in_blog, ["Newer post", "Older post"], "{blog_page}");
    }
}

#[test]
fn sections_list_pages_in_their_order() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let blog = site.html("blog/index.html");
    assert_eq!(
        blog.attrs("#listing", "data-override"),
        vec!["site"],
        "site template overrides the theme"
    );
    assert_eq!(
        blog.texts("#pages li"),
        vec!["Newer post", "Older post"],
        "sort_by = date: newest first"
    );
    let docs = site.html("docs/index.html");
    assert_eq!(
        docs.texts("#pages li"),
        vec!["Two", "One", "Bundle"],
        "sort_by = weight"
    );
    let two = site.html("docs/two/index.html");
    assert_eq!(two.texts("#next"), vec!["One"]);
    assert!(two.texts("#prev").is_empty());
    assert_eq!(two.attrs("article", "data-section"), vec!["Docs"]);
    assert_eq!(two.texts("#extra"), vec!["extra-works"]);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    assert!(!site.exists("blog/draft/index.html"));
    assert!(!site.output("blog/index.html").contains("Unfinished"));
    assert!(!site.output("sitemap.xml").contains("draft"));
    site.build(&["--drafts"]);
    assert!(site.exists("blog/draft/index.html"));
    assert_eq!(
        site.html("blog/index.html").texts("#pages li")[0],
        "Unfinished"
    );
}

#[test]
fn headings_get_ids_anchors_and_a_toc() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let one = site.html("docs/one/index.html");
    assert_eq!(one.attrs("#content h2", "id"), vec!["setup", "setup-1"]);
    assert_eq!(one.attrs("#content h3", "id"), vec!["custom-id"]);
    assert_eq!(
        one.attrs("#content h2 a.anchor", "href"),
        vec!["#setup", "#setup-1"]
    );
    assert_eq!(one.attrs("#toc > li", "data-id"), vec!["setup", "setup-1"]);
    assert_eq!(one.attrs("#toc .child", "data-id"), vec!["custom-id"]);
}

#[test]
fn internal_links_resolve_to_urls() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let two = site.html("docs/two/index.html");
    let hrefs = two.attrs("#content a", "href");
    assert_eq!(
        hrefs,
        vec!["/docs/docs/one/#setup", "/docs/blog/", "/docs/blog/a/"]
    );
}

#[test]
fn markdown_extensions_are_on() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let two = site.html("docs/two/index.html");
    assert_eq!(two.count("#content table th"), 2);
    assert_eq!(two.count("#content input[type=checkbox][checked]"), 1);
    assert_eq!(two.texts("#content del"), vec!["gone"]);
    assert!(
        two.texts("#content p")
            .iter()
            .any(|t| t.contains('\u{201c}')),
        "smart quotes"
    );
    let b = site.html("blog/b/index.html");
    assert_eq!(b.count("#content .footnote-definition"), 1);
}

#[test]
fn tags_feed_sitemap_robots_and_aliases() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let web = site.html("tags/web/index.html");
    assert!(web.texts("a").iter().any(|t| t == "Newer post"));
    assert!(site.exists("tags/rust/index.html"));
    let a = site.html("blog/a/index.html");
    assert_eq!(
        a.attrs("#tags a", "href"),
        vec!["/docs/tags/rust/", "/docs/tags/web/"]
    );

    let sitemap = roxmltree_lite(&site.output("sitemap.xml"));
    assert!(
        sitemap.contains(&"https://example.org/docs/blog/a/".to_string()),
        "{sitemap:?}"
    );
    assert!(sitemap
        .iter()
        .all(|u| u.starts_with("https://example.org/docs/")));

    let feed = site.output("atom.xml");
    let doc = scraper::Html::parse_fragment(&feed);
    let sel = scraper::Selector::parse("entry > id").unwrap();
    let ids: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
    assert_eq!(
        ids,
        vec![
            "https://example.org/docs/blog/b/",
            "https://example.org/docs/blog/a/"
        ]
    );
    assert!(
        feed.contains("Newer &amp; better"),
        "text is escaped in XML"
    );
    xml_is_well_formed(&feed);
    xml_is_well_formed(&site.output("sitemap.xml"));

    assert!(site
        .output("robots.txt")
        .contains("Sitemap: https://example.org/docs/sitemap.xml"));
    let alias = site.html("old/a/index.html");
    assert_eq!(
        alias.attrs("link[rel=canonical]", "href"),
        vec!["https://example.org/docs/blog/a/"]
    );
    assert!(site.exists("404.html"));
}

#[test]
fn page_bundles_copy_their_assets() {
    let mut site = SiteTest::new("basic");
    site.write("content/docs/loose.txt", "not in a bundle")
        .write(
            "content/docs/hidden/index.md",
            "+++\ntitle = \"Hidden\"\ndraft = true\n+++\n",
        )
        .write("content/docs/hidden/secret.png", "a draft's asset");
    site.build(&[]);
    assert!(site.exists("docs/bundle/diagram.png"));
    let page = site.html("docs/bundle/index.html");
    assert_eq!(page.attrs("#content img", "src"), vec!["diagram.png"]);
    assert!(site.exists("docs/loose.txt"));
    assert!(
        !site.exists("docs/hidden/secret.png"),
        "a draft bundle's assets stay out"
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let mut site = SiteTest::new("basic");
    site.build(&["--base-url", "https://other.example/sub/path"]);
    let two = site.html("docs/two/index.html");
    assert_eq!(
        two.attrs("link[rel=canonical]", "href"),
        vec!["https://other.example/sub/path/docs/two/"]
    );
    assert!(two.attrs("#content a", "href")[0].starts_with("/sub/path/"));
}

#[test]
fn a_failed_build_keeps_the_previous_output() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let before = super::harness::snapshot(&site.root().join("public"));
    site.write("content/blog/a.md", "+++\ntitle = \n+++\n");
    site.build_fails(&[]);
    assert_eq!(
        before,
        super::harness::snapshot(&site.root().join("public"))
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn refuses_to_replace_the_site_itself() {
    let mut site = SiteTest::new("basic");
    let err = site.build_fails(&["--output", "."]);
    assert!(err.contains("refusing"), "{err}");
    assert!(site.root().join("content/_index.md").exists());
    // Someone's folder with files in it is never replaced, even when named.
    let theirs = tempfile::tempdir().unwrap();
    std::fs::write(theirs.path().join("notes.txt"), "mine").unwrap();
    let err = site.build_fails(&["--output", theirs.path().to_str().unwrap()]);
    assert!(err.contains("versus did not write"), "{err}");
    assert_eq!(
        std::fs::read_to_string(theirs.path().join("notes.txt")).unwrap(),
        "mine"
    );
    let err = site.build_fails(&["--output", "content"]);
    assert!(err.contains("refusing") || err.contains("content"), "{err}");
}

#[test]
fn the_summary_line_counts_what_was_built() {
    let mut site = SiteTest::new("basic");
    site.build(&[]);
    let stdout = String::from_utf8_lossy(&site.last.as_ref().unwrap().stdout).into_owned();
    assert!(stdout.starts_with("Built 5 pages, 3 sections"), "{stdout}");
}

#[test]
fn the_demo_site_builds() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["build", "--root"])
        .arg(repo)
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "{stderr}");
    // The README's first command gives a clean build: no warning at all.
    assert!(!stderr.contains("warning"), "{stderr}");
    let home = scraper::Html::parse_document(
        &std::fs::read_to_string(out.path().join("public/index.html")).unwrap(),
    );
    let sel = scraper::Selector::parse("main a[href]").unwrap();
    assert!(home.select(&sel).count() >= 3);
    for page in [
        "who-does-what",
        "signs-you-need-a-cio",
        "what-a-cto-owns",
        "company-stage",
    ] {
        assert!(
            out.path()
                .join(format!("public/guides/{page}/index.html"))
                .exists(),
            "{page}"
        );
    }
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .args(["build", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir
        .join("public/articles/first-article/index.html")
        .exists());
    // init refuses a non-empty folder.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!again.status.success());
    let _ = fixtures();
}

#[test]
fn every_command_has_help() {
    for cmd in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["init", "--help"],
        vec!["serve", "--help"],
        vec!["check", "--help"],
        vec!["new", "--help"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
            .args(&cmd)
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{cmd:?}"
        );
    }
}

/// The `<loc>` values of a sitemap.
fn roxmltree_lite(xml: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(xml);
    let sel = scraper::Selector::parse("loc").unwrap();
    doc.select(&sel).map(|e| e.text().collect()).collect()
}

/// A small well-formedness check: every tag closes in order, entities are valid.
fn xml_is_well_formed(xml: &str) {
    let body = xml.trim_start();
    assert!(body.starts_with("<?xml"), "no XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = &body[body.find("?>").unwrap() + 2..];
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        check_entities(text);
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

fn check_entities(text: &str) {
    assert!(!text.contains('<'));
    for (i, _) in text.match_indices('&') {
        let ent = &text[i..text[i..].find(';').map(|e| i + e + 1).expect("bare &")];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&#x2F;"].contains(&ent)
                || ent.starts_with("&#"),
            "bad entity {ent}"
        );
    }
}

#[test]
fn a_tag_named_twice_on_a_page_lists_the_page_once() {
    let mut site = SiteTest::new("basic");
    site.write(
        "content/blog/c.md",
        "+++\ntitle = \"Twice tagged\"\ndate = 2026-01-05\ntags = [\"Rust\", \"rust\", \"web\"]\n+++\nText.\n",
    );
    site.build(&[]);
    let rust = site.html("tags/rust/index.html");
    let links = rust.attrs("main a[href$='/blog/c/']", "href");
    assert_eq!(links, vec!["/docs/blog/c/"], "{links:?}");
}

#[test]
fn a_sitemap_of_more_than_30000_entries_is_split_under_an_index() {
    // 30,001 pages plus the sections: two files of entries under an index.
    let mut site = SiteTest::new("basic");
    site.write(
        "versus.toml",
        "title = \"Many\"\nbase_url = \"https://example.org/docs/\"\n\
         build_search_index = false\ngenerate_feed = false\nheading_anchors = false\n",
    );
    site.write("templates/page.html", "{{ page.title }}");
    site.write("templates/section.html", "{{ section.title }}");
    site.write("content/many/_index.md", "+++\ntitle = \"Many\"\n+++\n");
    for i in 0..30_001 {
        site.write(
            &format!("content/many/p{i:05}.md"),
            format!("+++\ntitle = \"P{i}\"\ndate = 2024-01-02\n+++\n"),
        );
    }
    site.build(&[]);
    let index = site.output("sitemap.xml");
    xml_is_well_formed(&index);
    assert!(index.contains("<sitemapindex"), "{index}");
    assert_eq!(
        roxmltree_lite(&index),
        [
            "https://example.org/docs/sitemap1.xml",
            "https://example.org/docs/sitemap2.xml"
        ]
    );
    let first = site.output("sitemap1.xml");
    let second = site.output("sitemap2.xml");
    xml_is_well_formed(&second);
    let (first, second) = (roxmltree_lite(&first), roxmltree_lite(&second));
    assert_eq!(first.len(), 30_000);
    let all: Vec<&String> = first.iter().chain(&second).collect();
    // Every page once, in permalink order across the files.
    assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
    for i in [0, 12_345, 30_000] {
        let url = format!("https://example.org/docs/many/p{i:05}/");
        assert!(all.contains(&&url), "{url} is in the sitemap");
    }
    assert!(!site.exists("sitemap3.xml"));
    assert!(site
        .output("robots.txt")
        .contains("Sitemap: https://example.org/docs/sitemap.xml"));
}
