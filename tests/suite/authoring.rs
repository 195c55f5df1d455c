//! Authoring features, on the `authoring` fixture site: shortcodes in all
//! their forms.

use super::harness::SiteTest;

fn built() -> SiteTest {
    let mut site = SiteTest::new("authoring");
    site.build(&[]);
    site
}

#[test]
fn shortcode_bodies_are_rendered_markdown_and_nest() {
    let site = built();
    let page = site.html("guide/shortcodes/index.html");
    let quotes = page.attrs("blockquote.quote", "data-author");
    assert_eq!(quotes, ["Ada", "Outer", "Inner", "Multi"]);
    // The body is Markdown, rendered, with its `@/` link resolved.
    assert_eq!(
        page.texts("blockquote[data-author=Ada] p em"),
        ["Analytical Engine"]
    );
    assert_eq!(
        page.attrs("blockquote[data-author=Ada] p a", "href"),
        ["/guide/other/#part-one"]
    );
    // A body holds another call with a body.
    assert_eq!(
        page.texts("blockquote[data-author=Outer] blockquote[data-author=Inner] p"),
        ["Nested body."]
    );
    // The call is a block: no paragraph around it.
    assert_eq!(page.count("p > blockquote"), 0);
}

#[test]
fn shortcode_calls_span_lines_and_take_arrays() {
    let site = built();
    let page = site.html("guide/shortcodes/index.html");
    assert_eq!(
        page.attrs("blockquote[data-author=Ada]", "data-tags"),
        ["math,engines"]
    );
    assert_eq!(
        page.attrs("blockquote[data-author=Multi]", "data-tags"),
        ["a,b"]
    );
}

#[test]
fn markdown_shortcodes_become_part_of_the_page() {
    let site = built();
    let page = site.html("guide/shortcodes/index.html");
    // Their headings get ids and anchors like the page's own.
    assert_eq!(page.attrs("h3", "id"), ["dune", "emma"]);
    assert_eq!(page.texts("h3 + p em"), ["Dune", "Emma"]);
}

#[test]
fn escaped_calls_show_literally_and_code_is_left_alone() {
    let site = built();
    let page = site.html("guide/shortcodes/index.html");
    let text = page.texts("p").join("\n");
    assert!(
        text.contains("Show a call literally: {{ where() }} and {% quote() %}."),
        "{text}"
    );
    let code = page.texts("pre").join("\n");
    assert!(code.contains("{{ quote(author=\"in code\") }}"), "{code}");
    assert!(code.contains("{{ escaped in code }}"), "{code}");
    assert_eq!(page.texts("p code"), ["{{ quote(author=\"span\") }}"]);
    assert_eq!(page.count("blockquote[data-author=span]"), 0);
}

#[test]
fn shortcodes_see_their_page_or_section_config_and_count() {
    let site = built();
    let page = site.html("guide/shortcodes/index.html");
    assert_eq!(
        page.texts(".where"),
        ["page Shortcodes at /guide/shortcodes/ (sunny) on Authoring"]
    );
    assert_eq!(page.texts(".count"), ["1", "2"]);
    let home = site.html("index.html");
    assert_eq!(home.texts(".where"), ["section Home on Authoring"]);
}

#[test]
fn github_alerts_are_callouts_with_a_title() {
    let site = built();
    let page = site.html("guide/callouts/index.html");
    assert_eq!(
        page.attrs(".prose .callout[role=note]", "class"),
        [
            "callout callout-note",
            "callout callout-tip",
            "callout callout-important",
            "callout callout-warning",
            "callout callout-caution"
        ]
    );
    assert_eq!(
        page.texts(".callout > .callout-title"),
        ["Note", "Tip", "Important", "Warning", "Caution"]
    );
    assert_eq!(page.texts(".callout-note > p em"), ["context"]);
    // The marker is gone; a plain quote stays a quote.
    assert!(!page.texts(".prose").concat().contains("[!NOTE]"));
    assert_eq!(page.texts(".prose blockquote p"), ["An ordinary quote."]);
    // Each kind has its colours, light and dark, declared once.
    let css = site.output("style.css");
    for kind in ["note", "tip", "important", "warning", "caution"] {
        assert_eq!(
            css.matches(&format!("--callout-{kind}: light-dark("))
                .count(),
            1,
            "{kind}"
        );
    }
}

#[test]
fn theme_ships_details_figure_and_tabs() {
    let site = built();
    let page = site.html("guide/callouts/index.html");
    assert_eq!(page.texts("details.details > summary"), ["Show the proof"]);
    assert_eq!(
        page.texts("details.details .details-body p strong"),
        ["induction"]
    );
    assert_eq!(page.attrs("figure.figure img", "alt"), ["A diagram"]);
    assert_eq!(page.attrs("figure.figure img", "src"), ["diagram.svg"]);
    assert_eq!(page.texts("figure.figure figcaption"), ["How <it> flows"]);
    // Tabs: panels with labels (readable without the script), grouped.
    assert_eq!(page.attrs(".tabs", "data-tab-group"), ["os", "os"]);
    assert_eq!(
        page.attrs(".tabs > .tab-panel", "data-tab-label"),
        ["Linux", "macOS", "Linux", "macOS"]
    );
    assert_eq!(
        page.texts(".tab-panel code"),
        ["apt install", "brew install"]
    );
    // The script only where tabs are.
    assert_eq!(page.attrs("script[src$='tabs.js']", "src"), ["/tabs.js"]);
    let other = site.html("guide/shortcodes/index.html");
    assert_eq!(other.count("script[src$='tabs.js']"), 0);
    assert!(site.exists("tabs.js"));
}

#[test]
fn summaries_end_at_the_more_marker_with_html_balanced() {
    let site = built();
    let blog = site.html("blog/index.html");
    // The summary's list and emphasis are closed before the link after it.
    assert_eq!(blog.count("article > a.more"), 1);
    assert_eq!(blog.texts("article > ul > li > em"), ["two"]);
    assert!(!blog.texts("article").concat().contains("Four"));
    assert_eq!(
        blog.attrs("a.more", "href"),
        ["/blog/first/#continue-reading"]
    );
    // The page has the anchor where the marker was.
    let page = site.html("blog/first/index.html");
    assert_eq!(page.count("li > em > span#continue-reading"), 1);
    assert!(!site
        .output("blog/first/index.html")
        .contains("<!-- more -->"));
}

#[test]
fn load_data_reads_csv_json_toml_and_yaml() {
    let site = built();
    for rel in ["guide/data/index.html", "guide/data-again/index.html"] {
        let page = site.html(rel);
        assert_eq!(page.texts("table.people th"), ["name", "role"], "{rel}");
        assert_eq!(
            page.texts("table.people td"),
            ["Ada", "Engineer", "Grace, RADM", "Admiral"],
            "{rel}"
        );
    }
    let page = site.html("guide/data/index.html");
    assert_eq!(page.texts(".prose p em"), ["Zola", "versus"]);
    let text = page.texts(".prose p").join("\n");
    assert!(text.contains("Languages: Rust and Go. Count: 3"), "{text}");
    // A `.md` shortcode writes Markdown, unescaped (as in Zola): raw HTML
    // in it is HTML, as in the page's own text.
    assert_eq!(page.texts(".prose .label b"), ["bold"]);
}

#[test]
fn load_data_stays_inside_the_site() {
    let mut site = SiteTest::new("authoring");
    std::fs::write(site.root().parent().unwrap().join("secret.json"), "{}").ok();
    site.write(
        "templates/shortcodes/leak.html",
        "{{ load_data(path=path) | json_encode() }}",
    );
    site.write(
        "content/leak.md",
        "+++\ntitle = \"Leak\"\n+++\n\n{{ leak(path=\"../secret.json\") }}\n\n{{ leak(path=\"/etc/hostname\") }}\n\n{{ leak(path=\"../../x.json\") }}\n",
    );
    let err = site.build_fails(&[]);
    // The file beside the site is not read: `..` is looked for from
    // `static/` and `content/` alone, where it stays in the site.
    assert!(err.contains("content/leak.md:5:1"), "{err}");
    assert!(
        err.contains(
            "no file `../secret.json` in the site (looked not from the site root, \
             which its `..` leaves, but in static/, content/)"
        ),
        "{err}"
    );
    assert!(err.contains("content/leak.md:9:1"), "{err}");
    assert!(
        err.contains("`../../x.json` is not a path in the site: its `..` parts lead out of it"),
        "{err}"
    );
    // As in Zola, a leading `/` is the site root's.
    assert!(err.contains("content/leak.md:7:1"), "{err}");
    assert!(err.contains("no file `/etc/hostname` in the site"), "{err}");
}

#[test]
fn dev_server_rebuild_sees_a_changed_data_file() {
    use versus::pipeline::{BuildOptions, Session};
    let site = SiteTest::new("authoring");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    let page = |session: &mut Session| {
        let (built, _) = session.build_after([]).expect("build");
        let file = &built.output.files["guide/data-again/index.html"];
        String::from_utf8(file.read().unwrap().to_vec()).unwrap()
    };
    assert!(page(&mut session).contains("<td>Ada</td>"));
    // Only the data file changed: the watcher names no content file.
    site.write("data/people.csv", "name,role\nLinus,Maintainer\n");
    let html = page(&mut session);
    assert!(
        html.contains("<td>Linus</td>") && !html.contains("Ada"),
        "{html}"
    );
}

#[test]
fn paginated_sections_get_listing_pages_with_a_paginator() {
    let site = built();
    // 5 pages, 2 per listing page, newest first: 3 listing pages.
    let first = site.html("news/index.html");
    assert_eq!(first.texts(".card-title"), ["Item 5", "Item 4"]);
    assert_eq!(
        first.attrs(".pagination a", "href"),
        [
            "/news/",
            "/news/page/2/",
            "/news/page/3/",
            "/news/page/2/",
            "/news/page/3/"
        ]
    );
    assert_eq!(
        first.attrs(".pagination a[aria-current=page]", "href"),
        ["/news/"]
    );
    let second = site.html("news/page/2/index.html");
    assert_eq!(second.texts(".card-title"), ["Item 3", "Item 2"]);
    assert_eq!(second.attrs("a[rel=prev]", "href"), ["/news/"]);
    assert_eq!(second.attrs("a[rel=next]", "href"), ["/news/page/3/"]);
    assert_eq!(second.attrs("a.pagination-first", "href"), ["/news/"]);
    assert_eq!(second.attrs("a.pagination-last", "href"), ["/news/page/3/"]);
    let third = site.html("news/page/3/index.html");
    assert_eq!(third.texts(".card-title"), ["Item 1"]);
    assert_eq!(third.count("a[rel=next]"), 0);
    assert!(!site.exists("news/page/4/index.html"));
    // page/1/ is the section, as Zola writes it: a redirect there.
    let one = site.html("news/page/1/index.html");
    assert_eq!(one.attrs("script[data-to]", "data-to"), ["/news/"]);
    assert_eq!(
        one.attrs("meta[http-equiv=refresh]", "content"),
        ["0; url=/news/"]
    );
    assert!(site.exists("versus-redirect.js"));
}

#[test]
fn listing_pages_that_collide_with_a_page_are_an_error() {
    let mut site = SiteTest::new("authoring");
    site.write(
        "content/news/page/2.md",
        "+++\ntitle = \"In the way\"\n+++\n",
    );
    let err = site.build_fails(&[]);
    assert!(err.contains("listing page 2 of the section"), "{err}");
}

#[test]
fn paginate_path_is_one_path_segment() {
    let mut site = SiteTest::new("authoring");
    site.write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\npaginate_by = 2\npaginate_path = \"../up\"\n+++\n",
    );
    let err = site.build_fails(&[]);
    assert!(err.contains("content/news/_index.md:4"), "{err}");
    assert!(err.contains("is not one path segment"), "{err}");
}
