//! Taxonomies beyond tags, on `tests/fixtures/taxonomies`: `categories`
//! (listing pages of two, under `p/`) and `series` (a feed per term), no
//! `tags`. List and term pages, terms on pages, feeds, sitemap, the
//! template functions, slugs and spellings.

use super::harness::SiteTest;

fn built() -> SiteTest {
    let mut site = SiteTest::new("taxonomies");
    site.build(&[]);
    site
}

fn stderr(site: &SiteTest) -> String {
    String::from_utf8_lossy(&site.last.as_ref().expect("ran").stderr).into_owned()
}

#[test]
fn each_taxonomy_lists_its_terms_with_their_counts() {
    let site = built();
    let list = site.html("categories/index.html");
    assert_eq!(list.texts("h1"), ["Categories"]);
    assert_eq!(
        list.attrs(".tag-cloud a", "href"),
        ["/t/categories/guides/", "/t/categories/news-notes/"]
    );
    assert_eq!(
        list.texts(".tag-cloud .tag-count"),
        ["3 articles", "1 article"]
    );
    // Only the declared taxonomies: no tags when others are declared.
    assert!(!site.exists("tags/index.html"));
    let home = site.html("index.html");
    assert_eq!(
        home.attrs(".site-footer .footer-links a", "href"),
        ["/t/", "/t/categories/", "/t/series/"]
    );
    assert_eq!(home.texts(".nav-extra a"), ["All categories", "All series"]);
}

#[test]
fn term_pages_are_paginated_with_the_sections_paginator() {
    let site = built();
    let first = site.html("categories/guides/index.html");
    assert_eq!(first.texts("h1"), ["Categories: Guides"]);
    // Newest first, two to a page.
    assert_eq!(
        first.attrs(".card-title a", "href"),
        ["/t/blog/c/", "/t/blog/b/"]
    );
    assert_eq!(
        first.attrs(".pagination a", "href"),
        [
            "/t/categories/guides/",
            "/t/categories/guides/p/2/",
            "/t/categories/guides/p/2/",
            "/t/categories/guides/p/2/"
        ]
    );
    assert_eq!(
        first.attrs(".pagination a[aria-current='page']", "href"),
        ["/t/categories/guides/"]
    );
    let second = site.html("categories/guides/p/2/index.html");
    assert_eq!(second.attrs(".card-title a", "href"), ["/t/blog/a/"]);
    assert_eq!(
        second.attrs(".pagination a[rel='prev']", "href"),
        ["/t/categories/guides/"]
    );
    // One page of one: no page numbers.
    let news = site.html("categories/news-notes/index.html");
    assert_eq!(news.attrs(".card-title a", "href"), ["/t/blog/b/"]);
    assert_eq!(news.count(".pagination"), 0);
    // p/1/ of each term is a redirect to it, as Zola writes one.
    let one = site.html("categories/news-notes/p/1/index.html");
    assert_eq!(
        one.attrs("script[data-to]", "data-to"),
        ["/t/categories/news-notes/"]
    );
    // Series are not paginated.
    assert!(!site.exists("series/getting-started/page/2/index.html"));
    assert!(!site.exists("series/getting-started/page/1/index.html"));
}

#[test]
fn pages_show_their_terms_of_every_taxonomy() {
    let site = built();
    let b = site.html("blog/b/index.html");
    assert_eq!(
        b.attrs("ul[aria-label='Categories'] a", "href"),
        ["/t/categories/guides/", "/t/categories/news-notes/"]
    );
    assert_eq!(
        b.texts("ul[aria-label='Categories'] a"),
        ["Guides", "News & Notes"]
    );
    assert_eq!(
        b.attrs("ul[aria-label='Series'] a", "href"),
        ["/t/series/getting-started/"]
    );
    // YAML front matter sets terms the same way.
    let d = site.html("blog/d/index.html");
    assert_eq!(
        d.attrs("ul[aria-label='Series'] a", "href"),
        ["/t/series/deep-dives/"]
    );
}

#[test]
fn feeds_are_written_per_term_where_the_taxonomy_asks() {
    let site = built();
    let feed = site.output("series/getting-started/atom.xml");
    let doc = scraper::Html::parse_fragment(&feed);
    let ids: Vec<String> = doc
        .select(&scraper::Selector::parse("entry > id").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        ids,
        [
            "https://example.org/t/blog/b/",
            "https://example.org/t/blog/a/"
        ]
    );
    assert!(
        feed.contains("<title>Taxonomies · Getting Started</title>"),
        "{feed}"
    );
    assert!(
        feed.contains(
            "href=\"https://example.org/t/series/getting-started/atom.xml\" rel=\"self\""
        ),
        "{feed}"
    );
    let page = site.html("series/getting-started/index.html");
    assert_eq!(
        page.attrs("a[href$='atom.xml']", "href"),
        ["/t/series/getting-started/atom.xml"]
    );
    assert!(!site.exists("categories/guides/atom.xml"));
    assert!(!site.exists("atom.xml"), "generate_feed = false");
}

#[test]
fn the_sitemap_lists_taxonomies_and_terms() {
    let site = built();
    let sitemap = site.output("sitemap.xml");
    for path in [
        "categories/",
        "categories/guides/",
        "categories/news-notes/",
        "series/",
        "series/deep-dives/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/t/{path}</loc>")),
            "{path}: {sitemap}"
        );
    }
    assert!(!sitemap.contains("/p/2/"), "{sitemap}");
}

#[test]
fn templates_look_up_taxonomies_and_terms() {
    // `templates/series/list.html`: Zola's per-taxonomy template name.
    let site = built();
    let list = site.html("series/index.html");
    assert_eq!(list.texts("h1"), ["series (2)"]);
    assert_eq!(list.attrs("#categories", "data-url"), ["/t/categories/"]);
    assert_eq!(list.texts("#categories a"), ["Guides", "News & Notes"]);
    assert_eq!(list.attrs("#categories li", "data-pages"), ["3", "1"]);
    assert_eq!(list.attrs("#start a", "href"), ["/t/blog/b/", "/t/blog/a/"]);
    // A term is found by any spelling with its slug; include_pages=false
    // leaves the pages out.
    assert_eq!(list.texts("#bare"), ["Getting Started"]);
    assert_eq!(list.attrs("#bare", "data-has-pages"), ["false"]);
    assert_eq!(list.attrs("#url a", "href"), ["/t/series/deep-dives/"]);
    assert_eq!(list.texts("#none"), ["null"], "required=false");
}

#[test]
fn page_taxonomies_hold_term_names_as_in_zola() {
    // A Zola theme's idiom: names from `page.taxonomies`, linked with
    // `get_taxonomy_url`; `linked_terms` has the page's terms as objects,
    // on the page's own template only.
    let mut site = SiteTest::new("taxonomies");
    site.write(
        "templates/page.html",
        "<ul id=\"zola\">{% for name in page.taxonomies.categories | default(value=[]) %}\
         <li><a href=\"{{ get_taxonomy_url(kind='categories', name=name) }}\">{{ name }}</a></li>\
         {% endfor %}</ul>\
         <p id=\"series\">{{ page.taxonomies.series | default(value=[]) | join(sep='|') }}</p>\
         <ul id=\"linked\">{% for t in page.linked_terms.categories | default(value=[]) %}\
         <li data-slug=\"{{ t.slug }}\"><a href=\"{{ t.url }}\">{{ t.name }}</a></li>{% endfor %}</ul>",
    );
    site.write(
        "templates/section.html",
        "<ul>{% for p in section.pages %}<li data-url=\"{{ p.url }}\" \
         data-linked=\"{{ p.linked_terms is defined }}\">\
         {{ p.taxonomies.categories | default(value=[]) | join(sep='|') }}</li>{% endfor %}</ul>",
    );
    site.build(&[]);
    let b = site.html("blog/b/index.html");
    assert_eq!(b.texts("#zola a"), ["Guides", "News & Notes"]);
    assert_eq!(
        b.attrs("#zola a", "href"),
        ["/t/categories/guides/", "/t/categories/news-notes/"]
    );
    assert_eq!(b.texts("#series"), ["Getting Started"]);
    assert_eq!(b.texts("#linked a"), ["Guides", "News & Notes"]);
    assert_eq!(b.attrs("#linked li", "data-slug"), ["guides", "news-notes"]);
    assert_eq!(
        b.attrs("#linked a", "href"),
        ["/t/categories/guides/", "/t/categories/news-notes/"]
    );
    let blog = site.html("blog/index.html");
    let b_listed = blog
        .texts("li[data-url='/t/blog/b/']")
        .into_iter()
        .collect::<Vec<_>>();
    assert_eq!(b_listed, ["Guides|News & Notes"]);
    assert_eq!(
        blog.attrs("li", "data-linked"),
        ["false", "false", "false", "false"]
    );
}

#[test]
fn term_slugs_follow_the_slugify_setting() {
    let mut site = SiteTest::new("taxonomies");
    site.write(
        "content/blog/e.md",
        "+++\ntitle = \"Café\"\n[taxonomies]\ncategories = [\"Café Culture\"]\n+++\n",
    );
    site.build(&[]);
    assert!(site.exists("categories/café-culture/index.html"));
    let config = std::fs::read_to_string(site.root().join("versus.toml")).unwrap();
    site.write(
        "versus.toml",
        format!("{config}\n[slugify]\npaths = \"on\"\n"),
    );
    site.build(&[]);
    assert!(site.exists("categories/cafe-culture/index.html"));
    let e = site.html("blog/e/index.html");
    assert_eq!(
        e.attrs("ul[aria-label='Categories'] a", "href"),
        ["/t/categories/cafe-culture/"]
    );
}

#[test]
fn two_spellings_of_one_term_are_one_page_and_a_warning() {
    let mut site = SiteTest::new("taxonomies");
    site.write(
        "content/blog/e.md",
        "+++\ntitle = \"Lower\"\ndate = 2026-01-04\n\n[taxonomies]\ncategories = [\"guides\"]\n+++\n",
    );
    site.build(&[]);
    let err = stderr(&site);
    assert!(
        err.contains("warning: content/blog/e.md:6:16: the categories term `guides` has the URL of `Guides` (/categories/guides/): both are listed as `Guides`"),
        "{err}"
    );
    let guides = site.html("categories/guides/index.html");
    assert_eq!(guides.texts("h1"), ["Categories: Guides"]);
    assert_eq!(
        guides.attrs(".card-title a", "href"),
        ["/t/blog/e/", "/t/blog/c/"]
    );
}

#[test]
fn a_site_without_taxonomies_declared_has_tags() {
    // `tags = [...]` and `[taxonomies] tags` on a site that declares none.
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/b.md",
        "+++\ntitle = \"B\"\ntags = [\"x\"]\n[taxonomies]\ntags = [\"y\"]\n+++\n",
    );
    site.build(&[]);
    assert!(site.exists("tags/x/index.html") && site.exists("tags/y/index.html"));
    let b = site.html("b/index.html");
    assert_eq!(b.attrs(".tag-list a", "href"), ["/tags/x/", "/tags/y/"]);
    // Declared away, tags are an error like any undeclared taxonomy.
    let config = std::fs::read_to_string(site.root().join("versus.toml")).unwrap();
    site.write("versus.toml", format!("{config}taxonomies = []\n"));
    let err = site.build_fails(&[]);
    assert!(
        err.contains("content/b.md:3:1: taxonomy `tags` is not declared"),
        "{err}"
    );
    assert!(err.contains("the site declares no taxonomies"), "{err}");
}

#[test]
fn term_feeds_hold_the_pages_content_when_pages_stream() {
    // No template looks pages up, so each page's HTML is dropped once it
    // is written, unless a feed needs it: here only a term's feed does.
    let mut site = SiteTest::new("minimal");
    site.write(
        "versus.toml",
        "title = \"Minimal\"\nbase_url = \"https://example.org/\"\ngenerate_feed = false\n\n[[taxonomies]]\nname = \"tags\"\nfeed = true\n",
    );
    site.write(
        "content/b.md",
        "+++\ntitle = \"B\"\ndate = 2026-01-02\ntags = [\"x\"]\n+++\nThe body of B.\n",
    );
    site.build(&[]);
    let feed = site.output("tags/x/atom.xml");
    assert!(
        feed.contains("<content type=\"html\">&lt;p&gt;The body of B.&lt;/p&gt;"),
        "{feed}"
    );
}

#[test]
fn a_taxonomy_with_render_false_has_no_pages_and_pages_show_its_terms_unlinked() {
    let mut site = SiteTest::new("taxonomies");
    let config = std::fs::read_to_string(site.root().join("versus.toml")).unwrap();
    let config = config.replace("feed = true", "feed = true\nrender = false");
    site.write("versus.toml", config);
    site.build(&[]);
    assert!(!stderr(&site).contains("warning"), "{}", stderr(&site));
    // No list, no term pages, no term feeds (Zola's `render = false`) ...
    for gone in [
        "series/index.html",
        "series/getting-started/index.html",
        "series/getting-started/atom.xml",
    ] {
        assert!(!site.exists(gone), "{gone} was written");
    }
    assert!(site.exists("categories/guides/index.html"));
    assert!(!site.output("sitemap.xml").contains("/t/series/"));
    // ... and nothing links to them: the page names its terms, the footer
    // and nav list only the taxonomy that has pages.
    let b = site.html("blog/b/index.html");
    assert_eq!(b.count("ul[aria-label='Series'] a"), 0);
    assert_eq!(
        b.texts("ul[aria-label='Series'] span.tag"),
        ["Getting Started"]
    );
    assert_eq!(
        b.attrs("ul[aria-label='Categories'] a", "href"),
        ["/t/categories/guides/", "/t/categories/news-notes/"]
    );
    let home = site.html("index.html");
    assert_eq!(
        home.attrs(".site-footer .footer-links a", "href"),
        ["/t/", "/t/categories/"]
    );
    assert_eq!(home.texts(".nav-extra a"), ["All categories"]);
}
