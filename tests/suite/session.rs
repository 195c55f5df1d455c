//! The dev server's incremental `Session` against clean builds: after each
//! change its output, or its errors, equal those of `pipeline::build`.

use versus::pipeline::{self, BuildOptions, Session};

use super::harness::SiteTest;

fn same_as_clean(session: &mut Session, opts: &BuildOptions) {
    let incremental = session.build();
    compare_with_clean(incremental, opts);
}

/// Like [`same_as_clean`], but the session is told which files changed.
fn same_as_clean_after(session: &mut Session, opts: &BuildOptions, changed: &[&str]) {
    let incremental = session.build_after(changed.iter().map(std::path::Path::new));
    compare_with_clean(incremental, opts);
}

fn compare_with_clean(
    incremental: Result<
        (pipeline::Built, versus::render::incremental::Reuse),
        versus::error::Errors,
    >,
    opts: &BuildOptions,
) {
    let clean = pipeline::build(opts)
        .map(|b| b.output)
        .map_err(|e| e.to_string());
    let incremental = incremental
        .map(|(b, _)| b.output)
        .map_err(|e| e.to_string());
    match (clean, incremental) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                a.files.keys().collect::<Vec<_>>(),
                b.files.keys().collect::<Vec<_>>()
            );
            for (path, file) in &a.files {
                assert_eq!(
                    file.read().unwrap(),
                    b.files[path].read().unwrap(),
                    "{path} differs from a clean build"
                );
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("clean build: {:?}\nsession: {:?}", a.err(), b.err()),
    }
}

#[test]
fn links_to_a_page_are_checked_again_when_its_anchors_change() {
    let site = SiteTest::new("basic");
    // Without a search index no file comes or goes when a heading does, so
    // only the anchors of the changed page tell that the link needs a look.
    let config = std::fs::read_to_string(site.root().join("versus.toml")).unwrap();
    site.write(
        "versus.toml",
        config.replace("build_search_index = true", "build_search_index = false"),
    );
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    same_as_clean_after(&mut session, &opts, &[]);
    let one = std::fs::read_to_string(site.root().join("content/docs/one.md")).unwrap();
    // A raw HTML link (only the output check sees it) from another section,
    // so the linking page is not rendered again when the target changes.
    let post = "+++\ntitle = \"Older post\"\ndate = 2026-01-02\n+++\n\n";
    site.write(
        "content/blog/a.md",
        format!("{post}See <a href=\"../../docs/one/#later\">later</a>.\n"),
    );
    same_as_clean_after(&mut session, &opts, &["content/blog/a.md"]);
    let err = session
        .build_after([])
        .map(|_| ())
        .expect_err("broken anchor");
    assert!(
        err.to_string().contains("has no element with id `later`"),
        "{err}"
    );
    // Only the target changes, and the link on the unchanged page now holds.
    site.write("content/docs/one.md", format!("{one}\n## Later\n\nMore.\n"));
    same_as_clean_after(&mut session, &opts, &["content/docs/one.md"]);
    session.build_after([]).expect("the anchor exists now");
    site.write("content/docs/one.md", &one);
    same_as_clean_after(&mut session, &opts, &["content/docs/one.md"]);
    assert!(session.build_after([]).is_err());
}

#[test]
fn session_matches_clean_builds_through_link_errors() {
    let site = SiteTest::new("basic");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    same_as_clean(&mut session, &opts);
    // A plain relative link to a page that does not exist: both fail alike.
    site.write(
        "content/docs/three.md",
        "+++\ntitle = \"Three\"\nweight = 4\n+++\n\nSee [nowhere](../missing/).\n",
    );
    same_as_clean(&mut session, &opts);
    let err = session
        .build()
        .map(|_| ())
        .expect_err("broken link")
        .to_string();
    assert!(err.contains("content/docs/three.md"), "{err}");
    // Fixed: the link now points at a real page.
    site.write(
        "content/docs/three.md",
        "+++\ntitle = \"Three\"\nweight = 4\n+++\n\nSee [one](../one/).\n",
    );
    same_as_clean(&mut session, &opts);
    // The target disappears: the page that links to it breaks.
    std::fs::remove_file(site.root().join("content/docs/one.md")).unwrap();
    site.write(
        "content/docs/two.md",
        "+++\ntitle = \"Two\"\nweight = 1\n+++\n\nNo links now.\n",
    );
    same_as_clean(&mut session, &opts);
    assert!(session.build().is_err());
    // A title edit shows in the neighbours' navigation and the listing.
    site.write(
        "content/docs/three.md",
        "+++\ntitle = \"Third\"\nweight = 4\n+++\n\nPlain.\n",
    );
    same_as_clean(&mut session, &opts);
    let (built, reuse) = session.build().expect("builds");
    assert!(built.output.files.contains_key("docs/three/index.html"));
    assert_eq!(
        reuse.markdown_rendered, 0,
        "nothing changed since the last build"
    );
    assert_eq!(
        reuse.outputs_rendered, 0,
        "nothing changed since the last build"
    );
}

/// Edits of existing pages only take the short way (the model patched, not
/// assembled anew) unless they move something other outputs show: each of
/// these must still equal a clean build.
#[test]
fn edits_of_existing_pages_match_clean_builds() {
    let site = SiteTest::new("basic");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    same_as_clean_after(&mut session, &opts, &[]);
    let read = |rel: &str| std::fs::read_to_string(site.root().join("content").join(rel)).unwrap();
    let edit = |rel: &str, from: &str, to: &str| {
        let text = read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        site.write(&format!("content/{rel}"), text.replacen(from, to, 1));
    };
    let steps: &[(&str, &str, &str)] = &[
        // The body only.
        ("blog/a.md", "The rest.", "The rest, edited."),
        // The date: the blog's order, neighbours, feed and tag pages.
        ("blog/a.md", "date = 2026-01-02", "date = 2026-01-05"),
        ("blog/a.md", "date = 2026-01-05", "date = 2026-01-02"),
        (
            "blog/b.md",
            "date: 2026-01-03",
            "updated: 2026-02-01\ndate: 2026-01-03",
        ),
        // The weight: the docs' order.
        ("docs/two.md", "weight = 1", "weight = 3"),
        // The title: neighbours, listings, nav.
        ("docs/one.md", "title = \"One\"", "title = \"Uno\""),
        // The slug: the URL, and every link to the page.
        ("docs/one.md", "weight = 2", "weight = 2\nslug = \"first\""),
        // Tags.
        ("blog/b.md", "tags: [web]", "tags: [web, news]"),
        (
            "blog/b.md",
            "description: \"Newer & better\"",
            "description: \"Newest\"",
        ),
        // In and out of drafts.
        ("docs/two.md", "weight = 3", "weight = 3\ndraft = true"),
        ("docs/two.md", "draft = true", "draft = false"),
        ("blog/draft.md", "draft = true", "draft = false"),
        ("blog/draft.md", "Not yet.", "Now."),
    ];
    for (rel, from, to) in steps {
        edit(rel, from, to);
        same_as_clean_after(&mut session, &opts, &[&format!("content/{rel}")]);
    }
    // Two pages at once, and a page with the config.
    edit("blog/a.md", "First post.", "First post, again.");
    edit("docs/one.md", "Install it.", "Install it now.");
    same_as_clean_after(
        &mut session,
        &opts,
        &["content/blog/a.md", "content/docs/one.md"],
    );
    let config = std::fs::read_to_string(site.root().join("versus.toml")).unwrap();
    site.write(
        "versus.toml",
        config.replacen("A small site for tests.", "A site.", 1),
    );
    edit("blog/a.md", "again.", "once more.");
    same_as_clean_after(&mut session, &opts, &["versus.toml", "content/blog/a.md"]);
}

/// Edits of a page's terms (of a paginated taxonomy and of one with feeds),
/// its date and title, on `tests/fixtures/taxonomies`: term pages, their
/// listing pages and feeds must equal a clean build after each.
#[test]
fn edits_of_terms_match_clean_builds() {
    let site = SiteTest::new("taxonomies");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    let (first, _) = session
        .build_after(std::iter::empty::<&std::path::Path>())
        .expect("the fixture builds");
    let has = |path: &str| first.output.files.keys().any(|p| p.as_str() == path);
    assert!(has("categories/guides/p/2/index.html") && has("series/getting-started/atom.xml"));
    let edit = |rel: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(site.root().join("content").join(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        site.write(&format!("content/{rel}"), text.replacen(from, to, 1));
    };
    let steps: &[(&str, &str, &str)] = &[
        // A term added: a new term page, and a second listing page of News.
        (
            "blog/c.md",
            "[\"Guides\"]",
            "[\"Guides\", \"News & Notes\"]",
        ),
        // Taken away again: Guides back to two listing pages, News to one.
        ("blog/a.md", "categories = [\"Guides\"]", "categories = []"),
        // A series term changed: one feed gone, one new.
        (
            "blog/b.md",
            "series = [\"Getting Started\"]",
            "series = [\"Advanced\"]",
        ),
        // The date: the order of term pages and feeds.
        ("blog/a.md", "date = 2026-01-01", "date = 2026-01-09"),
        // The title and body: term listings and feeds show them.
        (
            "blog/a.md",
            "title = \"First steps\"",
            "title = \"Step one\"",
        ),
        ("blog/b.md", "The second post.", "The second post, edited."),
        // Another spelling of a term.
        ("blog/d.md", "[Deep Dives]", "[deep dives, Advanced]"),
    ];
    for (rel, from, to) in steps {
        edit(rel, from, to);
        same_as_clean_after(&mut session, &opts, &[&format!("content/{rel}")]);
    }
}

/// A site that declares no taxonomies has `tags` only while a page sets a
/// tag: no Tags page and no link to one before, both once a page is
/// tagged, neither when the tag is gone. Meanwhile an edit of a body alone
/// still takes the short way (the model patched).
#[test]
fn undeclared_tags_have_pages_only_while_a_page_sets_one() {
    let site = SiteTest::new("minimal");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    let tags_page = |built: &pipeline::Built| {
        built
            .output
            .files
            .keys()
            .any(|p| p.as_str() == "tags/index.html")
    };
    let (first, _) = session
        .build_after(std::iter::empty::<&std::path::Path>())
        .expect("the fixture builds");
    assert!(!tags_page(&first));
    let home = first.output.files["index.html"].read().unwrap();
    assert!(!String::from_utf8_lossy(&home).contains("/tags/"));

    let page = |front: &str, body: &str| {
        site.write(
            "content/a.md",
            format!("+++\ntitle = \"A page\"\ndate = 2026-01-01\n{front}+++\n\n{body}\n"),
        );
    };
    page("", "Text, edited.");
    let (_, reuse) = session
        .build_after([std::path::Path::new("content/a.md")])
        .expect("builds");
    assert_eq!(reuse.markdown_rendered, 1, "a body edit is patched");
    same_as_clean(&mut session, &opts);

    page("tags = [\"tea\"]\n", "Text.");
    let (tagged, _) = session
        .build_after([std::path::Path::new("content/a.md")])
        .expect("builds");
    assert!(tagged
        .output
        .files
        .keys()
        .any(|p| p.as_str() == "tags/tea/index.html"));
    assert!(tags_page(&tagged));
    same_as_clean(&mut session, &opts);

    page("", "Text.");
    let (untagged, _) = session
        .build_after([std::path::Path::new("content/a.md")])
        .expect("builds");
    assert!(!tags_page(&untagged));
    same_as_clean(&mut session, &opts);
}
