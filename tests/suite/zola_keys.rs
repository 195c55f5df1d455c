//! Zola's section and page keys, as Zola's documentation
//! (`content/section.md`, `content/page.md`) describes them, on
//! `tests/fixtures/zola-keys` (a Zola site): `transparent`, `render`,
//! `redirect_to`, `aliases`, `insert_anchor_links`, `in_search_index`,
//! `generate_feeds`, `sort_by = "update_date" | "slug"`, page `path` and
//! `authors`, and the sitemap's listing pages; `page_template` on a
//! versus site (a Zola site's templates are not used).

use super::harness::SiteTest;
use super::search::lookup;

fn built() -> SiteTest {
    let mut site = SiteTest::new("zola-keys");
    site.build(&[]);
    site
}

/// The pages a listing page links to, in order.
fn listed(site: &SiteTest, rel: &str) -> Vec<String> {
    site.html(rel).attrs(".card-title a", "href")
}

/// The `<id>`s of a feed's entries, in order.
fn feed_entries(site: &SiteTest, rel: &str) -> Vec<String> {
    site.html(rel).texts("entry > id")
}

/// `transparent`: the pages of `blog/2023/` are in the blog's listing (and
/// feed); `sort_by = "update_date"`: `updated` counts before `date`.
#[test]
fn transparent_sections_pass_their_pages_to_the_parent_listing() {
    let site = built();
    assert_eq!(
        listed(&site, "blog/index.html"),
        ["/blog/new-post/", "/blog/mid-post/"]
    );
    assert_eq!(
        listed(&site, "blog/page/2/index.html"),
        ["/blog/2023/old-post/"]
    );
}

/// `render = false`: no page for the section, its pages still render,
/// and nothing links to the page that is not there: the nav names the
/// section without a link, or (when it is also `transparent`, as Zola's
/// year folders are) leaves it out, its pages being the parent's.
#[test]
fn a_section_with_render_false_has_no_page_but_its_pages_render() {
    let site = built();
    for (section, page, crumbs) in [
        ("blog/2023", "old-post", &["/", "/blog/"][..]),
        ("archive", "gone", &["/"][..]),
    ] {
        assert!(!site.exists(&format!("{section}/index.html")));
        let page = site.html(&format!("{section}/{page}/index.html"));
        assert_eq!(page.count(&format!("a[href='/{section}/']")), 0);
        // The sections above it are linked; its own, with no page, is not.
        assert_eq!(page.attrs(".breadcrumbs a", "href"), crumbs);
        assert_eq!(page.texts("span.nav-group-title"), ["Archive"]);
    }
    let page = site.html("blog/2023/old-post/index.html");
    assert_eq!(page.count("nav a[href='/blog/2023/old-post/']"), 1);
    let locs = site.html("sitemap.xml").texts("loc");
    assert!(!locs.iter().any(|l| l.ends_with("/2023/")), "{locs:?}");
    assert!(!locs.iter().any(|l| l.ends_with("/archive/")), "{locs:?}");
}

/// `redirect_to` makes the section's URL a redirect page; section
/// `aliases` write one at each old URL. Neither is in the sitemap.
#[test]
fn redirect_to_and_section_aliases_write_redirect_pages() {
    let site = built();
    let docs = site.html("docs/index.html");
    assert_eq!(
        docs.attrs("meta[http-equiv=refresh]", "content"),
        ["0; url=/docs/start/"]
    );
    assert_eq!(
        docs.attrs("link[rel=canonical]", "href"),
        ["https://example.org/docs/start/"]
    );
    let news = site.html("news/index.html");
    assert_eq!(
        news.attrs("meta[http-equiv=refresh]", "content"),
        ["0; url=/blog/"]
    );
    let locs = site.html("sitemap.xml").texts("loc");
    assert!(!locs.iter().any(|l| l.ends_with("/docs/")), "{locs:?}");
    assert!(!locs.iter().any(|l| l.contains("/news/")), "{locs:?}");
}

/// `insert_anchor_links`: `heading` (the heading is the link), `left`
/// (a named `#` link before the text); a page takes its section's, and a
/// Zola site's default is none.
#[test]
fn insert_anchor_links_per_section() {
    let site = built();
    let blog = site.html("blog/new-post/index.html");
    assert_eq!(
        blog.attrs("h2#what-changed > a.anchor-heading", "href"),
        ["#what-changed"]
    );
    assert_eq!(blog.texts("h2#what-changed > a"), ["What changed"]);
    let note = site.html("notes/note-1/index.html");
    assert_eq!(note.attrs("h2#part-1 > a.anchor", "href"), ["#part-1"]);
    assert_eq!(
        note.attrs("h2#part-1 > a.anchor", "aria-label"),
        ["Link to this section"]
    );
    let h2 = site.output("notes/note-1/index.html");
    assert!(
        h2.contains("<h2 id=\"part-1\"><a class=\"anchor anchor-left\""),
        "the link comes first"
    );
    let about = site.html("about/index.html");
    assert_eq!(about.count("h2 a"), 0);
}

/// `in_search_index = false` on a section keeps its text and its pages'
/// out of the search index; on a page, that page's.
#[test]
fn in_search_index_false_keeps_pages_out_of_search() {
    let site = built();
    assert_eq!(lookup(&site, "zebracorn"), Vec::<String>::new());
    assert_eq!(lookup(&site, "quokkaberry"), Vec::<String>::new());
    assert_eq!(lookup(&site, "getting"), Vec::<String>::new());
    // The other pages are in it.
    assert_eq!(lookup(&site, "written"), ["/blog/new-post/#what-changed"]);
}

/// `generate_feeds` in a section's front matter: a feed of its dated
/// pages (with its transparent sections'), newest first, at
/// `<section>/atom.xml`; `authors` are each entry's authors.
#[test]
fn a_section_feed_holds_its_pages_with_their_authors() {
    let site = built();
    assert_eq!(
        feed_entries(&site, "blog/atom.xml"),
        [
            "https://example.org/blog/mid-post/",
            "https://example.org/blog/new-post/",
            "https://example.org/blog/2023/old-post/"
        ]
    );
    let feed = site.html("blog/atom.xml");
    assert_eq!(feed.texts("feed > title"), ["Keys – Blog"]);
    assert_eq!(feed.texts("entry author name"), ["Ada", "Grace"]);
    // The site's feed has them too.
    assert_eq!(
        site.html("atom.xml").texts("entry author name"),
        ["Ada", "Grace"]
    );
}

/// `authors` are in the page context: the default theme names them.
#[test]
fn authors_are_shown_on_the_page() {
    let site = built();
    let page = site.html("blog/2023/old-post/index.html");
    assert_eq!(page.texts(".page-header .meta .authors"), ["By Ada, Grace"]);
    assert_eq!(site.html("blog/new-post/index.html").count(".authors"), 0);
}

/// `sort_by = "slug"`: natural order (`note-2` before `note-10`); page
/// `path` puts a page where it says, outside its section's folder, and it
/// stays in the section's listing.
#[test]
fn sort_by_slug_and_page_path() {
    let site = built();
    assert_eq!(
        listed(&site, "notes/index.html"),
        [
            "/elsewhere/moved/",
            "/notes/note-1/",
            "/notes/note-2/",
            "/notes/note-10/"
        ]
    );
    assert!(site.exists("elsewhere/moved/index.html"));
    assert!(!site.exists("notes/moved/index.html"));
}

/// Zola's byte orders: `sort_by = "permalink"` (the Rust blog sorts by
/// it) and `"title_bytes"` (capitals before small letters).
#[test]
fn sort_by_permalink_and_title_bytes() {
    let mut site = SiteTest::new("zola-keys");
    site.write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\nsort_by = \"permalink\"\n+++\n",
    );
    site.build(&[]);
    assert_eq!(
        listed(&site, "notes/index.html"),
        [
            "/elsewhere/moved/",
            "/notes/note-1/",
            "/notes/note-10/",
            "/notes/note-2/"
        ]
    );
    site.write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\nsort_by = \"title_bytes\"\n+++\n",
    )
    .write(
        "content/notes/lower.md",
        "+++\ntitle = \"a lower title\"\n+++\n",
    );
    site.build(&[]);
    assert_eq!(
        listed(&site, "notes/index.html"),
        [
            "/elsewhere/moved/",
            "/notes/note-1/",
            "/notes/note-10/",
            "/notes/note-2/",
            "/notes/lower/"
        ]
    );
}

/// Zola lists a paginated section's listing pages in the sitemap unless
/// `exclude_paginated_pages_in_sitemap = "all"` (versus.toml:
/// `sitemap_listing_pages = false`); versus lists pages 2, 3, … (its
/// first listing page is the section's own URL; Zola's `page/1/` is a
/// redirect there).
#[test]
fn the_sitemap_lists_listing_pages_as_zola_does() {
    let mut site = built();
    let locs = site.html("sitemap.xml").texts("loc");
    assert!(
        locs.contains(&"https://example.org/blog/page/2/".to_string()),
        "{locs:?}"
    );
    assert!(locs.contains(&"https://example.org/blog/".to_string()));
    assert!(!locs.iter().any(|l| l.contains("/page/1/")), "{locs:?}");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        format!("exclude_paginated_pages_in_sitemap = \"all\"\n{config}"),
    );
    site.build(&[]);
    let locs = site.html("sitemap.xml").texts("loc");
    assert!(!locs.iter().any(|l| l.contains("/page/")), "{locs:?}");
    assert!(locs.contains(&"https://example.org/blog/".to_string()));
}

/// `page_template` on a versus site: the pages below the section (and
/// below its subsections) use it unless they name their own `template`.
#[test]
fn page_template_is_the_default_template_of_pages_below() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/guides/_index.md",
        "+++\ntitle = \"Guides\"\npage_template = \"guide.html\"\n+++\n",
    );
    site.write("content/guides/a.md", "+++\ntitle = \"A\"\n+++\n\nA.\n");
    site.write(
        "content/guides/deep/b.md",
        "+++\ntitle = \"B\"\n+++\n\nB.\n",
    );
    site.write(
        "content/guides/own.md",
        "+++\ntitle = \"Own\"\ntemplate = \"page.html\"\n+++\n\nOwn.\n",
    );
    site.write(
        "templates/guide.html",
        "<!doctype html><title>{{ page.title }}</title><p class=\"guide\">{{ page.title }}</p>",
    );
    site.build(&[]);
    assert_eq!(site.html("guides/a/index.html").texts("p.guide"), ["A"]);
    assert_eq!(
        site.html("guides/deep/b/index.html").texts("p.guide"),
        ["B"]
    );
    assert_eq!(site.html("guides/own/index.html").count("p.guide"), 0);
}

/// A Zola site's `page_template` names a Zola template: dropped like
/// `template`, and counted in the same warning.
#[test]
fn a_zola_sites_page_template_is_dropped_with_template() {
    let mut site = SiteTest::new("zola-keys");
    site.write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\nsort_by = \"slug\"\npage_template = \"note.html\"\n+++\n",
    );
    site.build(&[]);
    assert!(site.exists("notes/note-1/index.html"));
    let err = String::from_utf8_lossy(&site.last.as_ref().expect("ran").stderr).into_owned();
    assert!(
        err.contains("`template` is set in 1 file of this Zola site"),
        "{err}"
    );
}

/// The dev server's rebuilds after edits of these keys equal clean builds
/// (the keys change listings, nav, anchors, feeds, search and sitemap).
#[test]
fn rebuilds_after_key_edits_match_clean_builds() {
    use versus::pipeline::{self, BuildOptions, Session};
    let site = SiteTest::new("zola-keys");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    session.build().expect("first build");
    let steps: &[(&str, &str, &str)] = &[
        ("blog/2023/_index.md", "render = false", "render = true"),
        (
            "blog/2023/_index.md",
            "transparent = true",
            "transparent = false",
        ),
        ("notes/_index.md", "\"left\"", "\"heading\""),
        (
            "notes/_index.md",
            "sort_by = \"slug\"",
            "sort_by = \"update_date\"",
        ),
        (
            "blog/_index.md",
            "generate_feeds = true",
            "generate_feeds = false",
        ),
        ("blog/_index.md", "\"/news/\"", "\"/old-news/\""),
        ("docs/_index.md", "docs/start", "notes/note-1"),
        (
            "docs/_index.md",
            "in_search_index = false",
            "in_search_index = true",
        ),
        (
            "blog/mid-post.md",
            "in_search_index = false",
            "authors = [\"Lin\"]",
        ),
        ("notes/moved.md", "/elsewhere/moved", "/elsewhere/again"),
    ];
    for (rel, from, to) in steps {
        let path = site.root().join("content").join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        site.write(&format!("content/{rel}"), text.replacen(from, to, 1));
        let (again, _) = session
            .build_after([std::path::Path::new(&format!("content/{rel}"))])
            .expect("rebuild");
        let clean = pipeline::build(&opts).expect("clean build").output;
        assert_eq!(
            clean.files.keys().collect::<Vec<_>>(),
            again.output.files.keys().collect::<Vec<_>>(),
            "after editing {rel}"
        );
        for (path, file) in &clean.files {
            assert_eq!(
                file.read().unwrap(),
                again.output.files[path].read().unwrap(),
                "{path} differs from a clean build after editing {rel}"
            );
        }
    }
}

/// The Rust blog turns on `generate_feeds` in its home page's section as
/// well as the site's feed: both are `atom.xml`. Zola writes the site's
/// last, over the section's; versus writes it once, with a warning.
#[test]
fn a_home_section_feed_is_the_sites_feed() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\nsort_by = \"date\"\ngenerate_feeds = true\n+++\n",
    );
    site.build(&[]);
    let err = String::from_utf8_lossy(&site.last.as_ref().expect("ran").stderr).into_owned();
    assert!(
        err.contains(
            "warning: content/_index.md: `generate_feeds` on the home page's section asks for \
             `atom.xml`, which is the site's feed (`generate_feed`): it is written once, with \
             every page, as Zola writes it"
        ),
        "{err}"
    );
    // Every dated page, the blog's as well as the home section's own.
    let ids = feed_entries(&site, "atom.xml");
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(
        ids.iter().any(|id| id.contains("/blog/first-post/")),
        "{ids:?}"
    );
}
