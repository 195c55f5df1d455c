//! No silent surprises in content: what a build does with inputs that are
//! easy to get wrong (collisions, draft sections, odd front matter, …).

use super::harness::SiteTest;

#[test]
fn a_draft_section_hides_everything_in_its_folder() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/secret/_index.md",
        "+++\ntitle = \"Secret\"\ndraft = true\n+++\n",
    )
    .write(
        "content/secret/plan.md",
        "+++\ntitle = \"Secret plan\"\ndate = 2026-02-01\n+++\nShh.\n",
    )
    .write(
        "content/secret/deeper/_index.md",
        "+++\ntitle = \"Deeper\"\n+++\n",
    )
    .write(
        "content/secret/deeper/more.md",
        "+++\ntitle = \"More secrets\"\ndate = 2026-02-02\n+++\n",
    )
    .write("content/secret/photo.png", "png");
    site.build(&[]);
    for path in [
        "secret/index.html",
        "secret/plan/index.html",
        "secret/deeper/index.html",
        "secret/deeper/more/index.html",
        "secret/photo.png",
    ] {
        assert!(!site.exists(path), "{path} was published");
    }
    for listing in ["index.html", "sitemap.xml", "atom.xml", "a/index.html"] {
        let text = site.output(listing);
        assert!(
            !text.contains("ecret"),
            "{listing} shows the draft:\n{text}"
        );
    }
    site.build(&["--drafts"]);
    assert!(site.exists("secret/plan/index.html"));
    assert!(site.exists("secret/deeper/more/index.html"));
    assert!(site.output("sitemap.xml").contains("more"));
}

#[test]
fn paths_that_differ_only_by_case_are_a_warning() {
    let mut site = SiteTest::new("minimal");
    // File names as written (the default slugifies both to `notes`).
    site.write(
        "versus.toml",
        "title = \"Minimal\"\nbase_url = \"https://example.org/\"\n[slugify]\npaths = \"off\"\n",
    );
    site.write("content/Notes.md", "+++\ntitle = \"Big\"\n+++\n")
        .write("content/notes.md", "+++\ntitle = \"Small\"\n+++\n");
    site.build(&[]);
    let stderr = String::from_utf8_lossy(&site.last.as_ref().unwrap().stderr).into_owned();
    assert!(stderr.contains("warning: content/"), "{stderr}");
    assert!(stderr.contains("differ only by letter case"), "{stderr}");
    assert!(stderr.contains("content/Notes.md") && stderr.contains("content/notes.md"));
}

#[test]
fn front_matter_after_a_blank_line_or_a_bom_is_not_body_text() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/blank.md",
        "\n\n+++\ntitle = \"After a blank line\"\n+++\nBody one.\n",
    )
    .write(
        "content/bom.md",
        "\u{feff}---\ntitle: After a BOM\n---\nBody two.\n",
    );
    site.build(&[]);
    for (page, title) in [("blank", "After a blank line"), ("bom", "After a BOM")] {
        let html = site.output(&format!("{page}/index.html"));
        assert!(html.contains(title), "{page}: {html}");
        assert!(
            !html.contains("title =") && !html.contains("title:"),
            "{html}"
        );
    }
}

#[test]
fn a_macro_that_stops_may_call_itself() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "templates/m.html",
        "{% macro countdown(n) %}[{{ n }}]{% if n > 0 %}{{ self::countdown(n=n - 1) }}{% endif %}{% endmacro countdown %}",
    )
    .write(
        "templates/page.html",
        "{% import \"m.html\" as m %}<p id=\"c\">{{ m::countdown(n=40) }}</p>\n",
    );
    site.build(&[]);
    let text = site.html("a/index.html").texts("#c").concat();
    assert!(
        text.starts_with("[40][39]") && text.ends_with("[1][0]"),
        "{text}"
    );
}

#[test]
fn urls_of_odd_file_names_are_percent_encoded_and_resolve() {
    let mut site = SiteTest::new("minimal");
    // File names as written: the default would slugify `Why Tea?` away.
    site.write(
        "versus.toml",
        "title = \"Minimal\"\nbase_url = \"https://example.org/\"\n[slugify]\npaths = \"off\"\n",
    );
    site.run(&["new", "articles/Why Tea?"]);
    assert!(site.last.as_ref().unwrap().status.success());
    site.write("content/c#.md", "+++\ntitle = \"C sharp\"\n+++\n")
        .write("content/100%.md", "+++\ntitle = \"Full\"\n+++\n")
        .write(
            "content/q.md",
            "+++\ntitle = \"Q\"\n+++\n[a](<@/articles/Why Tea?.md>) [b](@/c%23.md) [c](@/100%25.md)\n",
        );
    site.build(&["--drafts"]);
    assert!(site.exists("articles/Why Tea?/index.html"));
    let hrefs = site.html("q/index.html").attrs("a", "href");
    for url in ["/articles/Why%20Tea%3F/", "/c%23/", "/100%25/"] {
        assert!(hrefs.iter().any(|h| h == url), "{url} not in {hrefs:?}");
    }
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("Why%20Tea%3F") && !sitemap.contains("Why Tea"));
    assert!(site.output("atom.xml").contains("Why%20Tea%3F"));
}

#[test]
fn versus_new_with_an_odd_name_gives_a_page_that_builds() {
    let mut site = SiteTest::new("minimal");
    site.run(&["new", "articles/Why Tea?"]);
    assert!(site.last.as_ref().unwrap().status.success());
    site.build(&["--drafts"]);
    // Page file names are slugified by default, as in Zola.
    assert!(site.exists("articles/why-tea/index.html"));
    assert!(site.output("sitemap.xml").contains("/articles/why-tea/"));
}

/// A one-off build keeps the heading ids of the pages `@/…#part` links
/// point to, found by scanning the sources: a link in any form that
/// Markdown reads is checked against its page's real headings, and a
/// broken one is still an error.
#[test]
fn anchor_links_in_every_form_are_checked_against_their_page() {
    let mut site = SiteTest::new("minimal");
    let target = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\n## Part one\n\nText.\n");
    // Forms the scan reads: only the pages they point to keep their ids.
    let read = "+++\ntitle = \"Links\"\n+++\n\
                [a](@/plain.md#part-one) [b](@/with%20space.md#part-one)\n\
                [c][r] [d](<@/under_score.md#part-one>)\n\n[r]: @/ref.md#part-one\n";
    site.write("content/plain.md", target("Plain"))
        .write("content/with space.md", target("Spaced"))
        .write("content/under_score.md", target("Underscored"))
        .write("content/ref.md", target("Referenced"))
        .write("content/made.md", target("Made by a shortcode"))
        .write("content/links.md", read);
    let anchored = |site: &SiteTest| {
        site.html("links/index.html")
            .attrs("main a[href$='#part-one']", "href")
            .len()
    };
    site.build(&[]);
    assert_eq!(anchored(&site), 4);
    // Forms it does not read exactly: every page keeps its ids.
    let links =
        format!("{read}\n[e](<@/with space.md#part-one>) [f](@/under\\_score.md#part-one)\n");
    site.write("content/links.md", &links);
    site.build(&[]);
    assert_eq!(anchored(&site), 6);
    // A shortcode that writes such links: every page keeps its ids.
    site.write(
        "templates/shortcodes/see.md",
        "[{{ title }}](@/{{ file }}#part-one)",
    )
    .write(
        "content/links.md",
        format!("{read}\n{{{{ see(title=\"g\", file=\"made.md\") }}}}\n"),
    );
    site.build(&[]);
    assert_eq!(anchored(&site), 5);
    site.write(
        "content/links.md",
        "+++\ntitle = \"Links\"\n+++\n[a](@/plain.md#part-two)\n",
    );
    let stderr = site.build_fails(&[]);
    assert!(
        stderr.contains("broken anchor in `@/plain.md#part-two`"),
        "{stderr}"
    );
    // Two parts run together: the hint names the one that is a heading.
    site.write(
        "content/links.md",
        "+++\ntitle = \"Links\"\n+++\n[a](@/plain.md#part-one#part-two)\n",
    );
    let stderr = site.build_fails(&[]);
    assert!(
        stderr.contains(
            "hint: the link has two `#` parts, and `#part-one` is a heading there: keep one part"
        ),
        "{stderr}"
    );
}
