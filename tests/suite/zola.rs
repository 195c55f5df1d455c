//! Moving a Zola site over: `tests/fixtures/zola-site` (Zola's config.toml,
//! front matter, file names and templates) builds as it is with the
//! default theme, with what versus ignores named in warnings; `versus init
//! --from-zola` writes the equivalent versus.toml; and the settings that
//! came with it (`[slugify]`, `smart_punctuation`, `link_check`, dated file
//! names) on a versus site.

use super::harness::{snapshot, SiteTest};

fn stderr(site: &SiteTest) -> String {
    String::from_utf8_lossy(&site.last.as_ref().expect("ran").stderr).into_owned()
}

/// A PNG's signature and header, for a `w` × `h` image (all that
/// `get_image_metadata` reads).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(w.to_be_bytes());
    png.extend(h.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// The lines of `text` that start with `prefix`.
fn lines_starting<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.starts_with(prefix)).collect()
}

#[test]
fn a_zola_site_builds_with_the_default_theme() {
    let mut site = SiteTest::new("zola-site");
    site.build(&[]);
    // URLs: dates and separators out of file names, `My Post.md` slugified.
    for page in [
        "blog/first-post/index.html",
        "blog/second-post/index.html",
        "somewhere-else/index.html",
        "docs/intro/index.html",
    ] {
        assert!(site.exists(page), "{page}");
    }
    let first = site.html("blog/first-post/index.html");
    // The default theme, not the Zola templates (which call Zola's functions).
    assert_eq!(
        first.attrs("link[rel=stylesheet]", "href")[0],
        "/zola/style.css"
    );
    // Zola's heading ids (ASCII, every other character a hyphen).
    assert_eq!(
        first.attrs(".content h2, article h2[id]", "id"),
        ["don-t-panic-c-rust", "cafe-au-lait"]
    );
    // The blog's `insert_anchor_links = "left"`; none elsewhere (Zola's
    // default `insert_anchor_links = "none"`).
    assert_eq!(first.count("h2 > a.anchor:first-child"), 2);
    assert_eq!(site.html("docs/intro/index.html").count("h2 a.anchor"), 0);
    // The site's shortcode, smart punctuation as configured.
    assert_eq!(first.texts("aside.zola-note"), ["A Zola shortcode."]);
    assert!(
        first
            .texts("p")
            .iter()
            .any(|p| p == "It’s “quoted” – and smart."),
        "{:?}",
        first.texts("p")
    );
    // Both taxonomies of config.toml, with the page's terms linked.
    assert_eq!(
        first.attrs("ul[aria-label='Categories'] a", "href"),
        ["/zola/categories/news/"]
    );
    assert_eq!(
        first.attrs(".tag-list[aria-label='Tags'] a", "href"),
        ["/zola/tags/rust/"]
    );
    assert!(site.exists("categories/index.html") && site.exists("tags/rust/index.html"));
    // Dates from the file names; the blog lists newest first.
    assert_eq!(first.attrs("time", "datetime")[0], "2024-05-01");
    let second = site.html("blog/second-post/index.html");
    assert_eq!(second.attrs("time", "datetime")[0], "2024-06-01");
    let blog = site.html("blog/index.html");
    let listed: Vec<String> = blog
        .attrs("main a[href^='/zola/blog/']", "href")
        .into_iter()
        .filter(|h| h != "/zola/blog/")
        .collect();
    // `paginate_by = 2`: two posts, then the next listing page.
    assert_eq!(
        &listed[..3],
        [
            "/zola/blog/second-post/",
            "/zola/blog/first-post/",
            "/zola/blog/page/2/"
        ]
    );
    let next = site.html("blog/page/2/index.html");
    // `path: /somewhere-else/`: out of the blog's folder, still in its listing.
    assert_eq!(
        next.attrs(".card-title a", "href"),
        ["/zola/somewhere-else/"]
    );
    // generate_feeds, highlight_code mapped; the feed holds the dated pages.
    assert!(site.output("atom.xml").contains("/zola/blog/second-post/"));
    assert!(site.exists("highlight.css"));
    assert!(!site.exists("search/"), "build_search_index = false");
}

#[test]
fn what_versus_ignores_is_named_once() {
    let mut site = SiteTest::new("zola-site");
    site.build(&[]);
    let err = stderr(&site);
    let config = lines_starting(&err, "warning: config.toml");
    assert_eq!(
        config,
        ["warning: config.toml: building a Zola site with versus's default theme; 3 settings of config.toml are not used: compile_sass, link_checker.internal_level, markdown.render_emoji"]
    );
    let keys = lines_starting(&err, "warning: content/");
    assert_eq!(
        keys,
        [
            "warning: content/blog/_index.md:8:1: front-matter key `paginate_reversed` is Zola's; versus does not use it yet",
            "warning: content/docs/_index.md: `template` is set in 2 files of this Zola site; versus's default theme renders them with its own templates",
        ]
    );
    // Links Zola does not check either (a file beside the site, a GitHub
    // anchor) are counted, not fatal; `versus check` lists them.
    assert!(
        err.contains("warning: 2 broken links in the output that are not `@/` links to pages"),
        "{err}"
    );
    site.run(&["check"]);
    let out = String::from_utf8_lossy(&site.last.as_ref().expect("ran").stdout).into_owned();
    assert!(
        out.contains(
            "content/blog/2024-05-01-first-post.md:18: error: broken link `../../LICENSE`"
        ),
        "{out}"
    );
    assert!(out.contains("broken anchor `#usage`"), "{out}");
    assert!(
        out.contains("config.toml: warning: building a Zola site"),
        "{out}"
    );
}

#[test]
fn a_broken_at_link_still_fails_a_zola_build() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "content/docs/intro.md",
        "+++\ntitle = \"Intro\"\n+++\n\nSee [no part](@/blog/2024-05-01-first-post.md#dont-panic).\n",
    );
    let err = site.build_fails(&[]);
    assert!(err.contains("content/docs/intro.md:5:5"), "{err}");
    assert!(err.contains("did you mean `don-t-panic-c-rust`?"), "{err}");
    site.write(
        "content/docs/intro.md",
        "+++\ntitle = \"Intro\"\n+++\n\nSee [nothing](@/blog/nothing.md).\n",
    );
    let err = site.build_fails(&[]);
    assert!(
        err.contains("content/docs/intro.md:5:5: broken internal link"),
        "{err}"
    );
}

#[test]
fn init_from_zola_writes_an_equivalent_versus_toml() {
    let mut site = SiteTest::new("zola-site");
    site.build(&[]);
    let from_zola = snapshot(&site.root().join("public"));
    site.run(&["init", "--from-zola", "."]);
    assert!(
        site.last.as_ref().expect("ran").status.success(),
        "{}",
        stderr(&site)
    );
    let written = std::fs::read_to_string(site.root().join("versus.toml")).expect("versus.toml");
    assert!(written.contains("#   compile_sass\n"), "{written}");
    assert!(written.contains("title = \"Zola fixture\""), "{written}");
    site.build(&[]);
    assert!(lines_starting(&stderr(&site), "warning: config.toml").is_empty());
    assert_eq!(from_zola, snapshot(&site.root().join("public")));
    // Never overwrites.
    site.run(&["init", "--from-zola", "."]);
    assert!(!site.last.as_ref().expect("ran").status.success());
    assert!(stderr(&site).contains("already exists"));
}

#[test]
fn file_names_become_slugs_and_dates_on_a_versus_site() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/My Post.md",
        "+++\ntitle = \"Mine\"\n+++\n\n## Don't panic\n\n\"Quoted\"\n",
    );
    site.write(
        "content/2024-05-01_dated-page.md",
        "+++\ntitle = \"Dated\"\n+++\n",
    );
    site.build(&[]);
    let mine = site.html("my-post/index.html");
    assert_eq!(mine.attrs("h2[id]", "id")[0], "dont-panic");
    assert!(mine.texts("p").contains(&"“Quoted”".to_string()));
    let dated = site.html("dated-page/index.html");
    assert_eq!(dated.attrs("time", "datetime")[0], "2024-05-01");

    site.write(
        "versus.toml",
        "title = \"Minimal\"\nbase_url = \"https://example.org/\"\nsmart_punctuation = false\n\n[slugify]\npaths = \"safe\"\nanchors = \"on\"\n",
    );
    site.build(&[]);
    let mine = site.html("My Post/index.html");
    assert_eq!(mine.attrs("h2[id]", "id")[0], "don-t-panic");
    assert!(mine.texts("p").contains(&"\"Quoted\"".to_string()));
}

#[test]
fn link_check_pages_lets_file_links_through() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/b.md",
        "+++\ntitle = \"B\"\n+++\n\nSee [the licence](../LICENSE).\n",
    );
    let err = site.build_fails(&[]);
    assert!(err.contains("content/b.md:5"), "{err}");
    site.write(
        "versus.toml",
        "title = \"Minimal\"\nbase_url = \"https://example.org/\"\nlink_check = \"pages\"\n",
    );
    site.build(&[]);
    assert!(
        stderr(&site).contains("warning: 1 broken link in the output that is not an `@/` link"),
        "{}",
        stderr(&site)
    );
    site.write(
        "content/c.md",
        "+++\ntitle = \"C\"\n+++\n\n[gone](@/gone.md)\n",
    );
    site.build_fails(&[]);
}

/// A dev-server rebuild that patches the model reports the same warnings
/// as a clean build, including a Zola key the edit added.
#[test]
fn rebuilds_warn_as_clean_builds_do() {
    use versus::pipeline::{self, BuildOptions, Session};
    let site = SiteTest::new("zola-site");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let messages = |w: &[versus::Error]| w.iter().map(|e| e.to_string()).collect::<Vec<_>>();
    let mut session = Session::new(opts.clone());
    let (first, _) = session.build().expect("first build");
    assert_eq!(
        messages(&first.warnings),
        messages(&pipeline::build(&opts).expect("clean").warnings)
    );
    site.write(
        "content/blog/2024-06-01_second_post.md",
        "+++\ntitle = \"Second post\"\nin_search_index = false\nrender = true\n+++\n\nEdited.\n",
    );
    let (again, _) = session
        .build_after([std::path::Path::new(
            "content/blog/2024-06-01_second_post.md",
        )])
        .expect("rebuild");
    let clean = pipeline::build(&opts).expect("clean").warnings;
    assert!(
        messages(&clean)
            .iter()
            .any(|m| m.contains("content/blog/2024-06-01_second_post.md:4:1: front-matter key `render` is Zola's; versus does not use it yet")),
        "{:?}",
        messages(&clean)
    );
    assert_eq!(messages(&again.warnings), messages(&clean));
    // An edited page keeps its Zola `template` key: the patch drops it too.
    let intro = std::fs::read_to_string(site.root().join("content/docs/intro.md")).unwrap();
    site.write(
        "content/docs/intro.md",
        intro.replace("The docs.", "The docs, edited."),
    );
    let (edited, _) = session
        .build_after([std::path::Path::new("content/docs/intro.md")])
        .expect("the default theme's page.html renders it");
    let html =
        String::from_utf8_lossy(&edited.output.files["docs/intro/index.html"].read().unwrap())
            .into_owned();
    assert!(html.contains("The docs, edited."));
}

/// Zola's default is no feed: the default theme then links none (the
/// link would be broken, and fail a `link_check = "all"` build).
#[test]
fn no_feed_no_feed_links() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "versus.toml",
        "title = \"Minimal\"\nbase_url = \"https://example.org/\"\ngenerate_feed = false\n",
    );
    site.build(&[]);
    assert!(!site.exists("atom.xml"));
    let home = site.html("index.html");
    assert_eq!(home.count("a[href$='atom.xml'], link[href$='atom.xml']"), 0);
}

/// A multilingual Zola site (tabi's demo content is one): translations
/// (`intro.fr.md`, `_index.fr.md`) are left out with one warning, a
/// shortcode brings the macros it imports and sees `lang` and
/// `config.default_language`, and arguments without commas are read as
/// Zola reads them.
#[test]
fn a_multilingual_zola_site_builds_its_default_language() {
    let mut site = SiteTest::new("zola-site");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        format!("{config}\n[languages.fr]\ntitle = \"Site\"\n\n[languages.de]\ntitle = \"Seite\"\n"),
    )
    .write("content/docs/intro.fr.md", "+++\ntitle = \"Intro\"\n+++\nLe texte.\n")
    .write("content/_index.fr.md", "+++\nsort_by = \"date\"\n+++\n")
    .write(
        "content/docs/said.md",
        "+++\ntitle = \"Said\"\n+++\n{{ said(who=\"Ada\" what=\"Hello\") }}\n",
    )
    .write(
        "templates/shortcodes/said.html",
        "{% import \"macros/quote.html\" as quote %}{{ quote::said(who=who, what=what, lang=lang, site=config.default_language) }}",
    )
    .write(
        "templates/macros/quote.html",
        "{% macro said(who, what, lang, site) %}<q class=\"said\" lang=\"{{ lang }}\" data-site=\"{{ site }}\">{{ what }}, said {{ who }}</q>{% endmacro %}",
    );
    site.build(&[]);
    let err = stderr(&site);
    assert_eq!(
        lines_starting(&err, "warning: content/_index.fr.md"),
        ["warning: content/_index.fr.md: 2 translations are not built (fr: 2): versus builds the site in its own language (`en`) only"]
    );
    assert!(
        err.contains("languages.de, languages.fr"),
        "the languages' own settings are named as unused: {err}"
    );
    assert!(!site.exists("docs/intro.fr/index.html"));
    assert!(site.exists("docs/intro/index.html"));
    let said = site.html("docs/said/index.html");
    assert_eq!(said.texts("q.said"), ["Hello, said Ada"]);
    assert_eq!(said.attrs("q.said", "lang"), ["en"]);
    assert_eq!(said.attrs("q.said", "data-site"), ["en"]);

    // A code the site does not declare fails like in Zola, at the file.
    site.write("content/docs/intro.es.md", "+++\n+++\n");
    let err = site.build_fails(&[]);
    assert!(
        err.contains(
            "error: content/docs/intro.es.md: the file name has the language code `es`, which is \
             not one of the site's other languages (`de`, `fr`)"
        ),
        "{err}"
    );
}

/// Zola passes a shortcode's body as written (a Mermaid diagram, a
/// quotation), from its first character that is not a space or a line
/// break (goyo's indented alert text is a paragraph, not a code block):
/// only the calls in it are expanded, and `body | markdown` renders it
/// where the template asks.
#[test]
fn a_zola_sites_shortcode_gets_its_body_as_written() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "content/docs/diagram.md",
        "+++\ntitle = \"Diagram\"\n+++\n{% diagram() %}\nA --> B\n    *indented* {{ note_inline(text=\"x\") }}\n\n{% end %}\n\n{% boxed() %}\n    *emphasis* [intro](@/docs/intro.md)\n{% end %}\n",
    )
    .write(
        "templates/shortcodes/diagram.html",
        "<pre class=\"diagram\">{{ body }}</pre>",
    )
    .write(
        "templates/shortcodes/note_inline.html",
        "<b>{{ text }}</b>",
    )
    .write(
        "templates/shortcodes/boxed.html",
        "<div class=\"boxed\">{{ body | markdown | safe }}</div>",
    );
    site.build(&[]);
    let html = site.output("docs/diagram/index.html");
    assert!(
        html.contains(
            "<pre class=\"diagram\">A --&gt; B\n    *indented* &lt;b&gt;x&lt;/b&gt;</pre>"
        ),
        "{html}"
    );
    let page = site.html("docs/diagram/index.html");
    assert_eq!(page.texts("div.boxed em"), ["emphasis"]);
    // `markdown` resolves `@/` links, as Zola's does.
    assert_eq!(page.attrs("div.boxed a", "href"), ["/zola/docs/intro/"]);
}

/// A call without a body may pass `body` as an argument (apollo's and
/// after-dark's `{{ note(body="…") }}`), as Zola allows; a call with a body
/// and a `body` argument is an error at the call, not one silently lost.
#[test]
fn a_shortcode_without_a_body_may_pass_body() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "content/docs/note.md",
        "+++\ntitle = \"Note\"\n+++\nBefore.\n\n{{ callout(body=\"Mind the *gap*.\", title=\"Careful\") }}\n",
    )
    .write(
        "templates/shortcodes/callout.html",
        "<aside class=\"note\"><b>{{ title }}</b> {{ body | markdown(inline=true) | safe }}</aside>",
    );
    site.build(&[]);
    let page = site.html("docs/note/index.html");
    assert_eq!(page.texts("aside.note b"), ["Careful"]);
    assert_eq!(page.texts("aside.note em"), ["gap"]);

    site.write(
        "content/docs/note.md",
        "+++\ntitle = \"Note\"\n+++\nBefore.\n\n{% callout(body=\"One\", title=\"T\") %}\nTwo\n{% end %}\n",
    );
    let err = site.build_fails(&[]);
    assert!(
        err.contains(
            "content/docs/note.md:6:1: shortcode `callout` has a body and a `body` argument: \
             its template would see only one of them"
        ),
        "{err}"
    );
}

/// What a Zola theme's shortcodes and config lean on: `get_image_metadata`
/// (an image's size from its header, looked for in `static/` and
/// `content/`) and `[extra] menu` items with `url` and `trailing_slash`.
#[test]
fn image_metadata_and_a_zola_themes_menu() {
    let mut site = SiteTest::new("zola-site");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    let png = png_header(640, 480);
    site.write(
        "config.toml",
        format!(
            "{config}menu = [{{ name = \"Blog\", url = \"blog\", trailing_slash = true }}, \
             {{ name = \"Source\", url = \"https://example.com/src\" }}]\n"
        ),
    )
    .write("static/img/wide.png", &png)
    .write("content/docs/pic.png", &png)
    .write(
        "templates/shortcodes/sized.html",
        "{% set m = get_image_metadata(path=src) %}<img class=\"sized\" src=\"{{ src }}\" width=\"{{ m.width }}\" height=\"{{ m.height }}\" data-mime=\"{{ m.mime }}\">\
         {% set gone = get_image_metadata(path=\"none.png\", allow_missing=true) %}{% if not gone %}<i class=\"missing\"></i>{% endif %}",
    )
    .write(
        "content/docs/sizes.md",
        "+++\ntitle = \"Sizes\"\n+++\n{{ sized(src=\"img/wide.png\") }}\n\n{{ sized(src=\"@/docs/pic.png\") }}\n",
    );
    site.build(&[]);
    let page = site.html("docs/sizes/index.html");
    assert_eq!(page.attrs("img.sized", "width"), ["640", "640"]);
    assert_eq!(page.attrs("img.sized", "height"), ["480", "480"]);
    assert_eq!(
        page.attrs("img.sized", "data-mime"),
        ["image/png", "image/png"]
    );
    assert_eq!(page.count("i.missing"), 2);
    assert_eq!(
        page.attrs(".nav-extra a", "href")[..2],
        ["/zola/blog/", "https://example.com/src"]
    );

    // A missing image, and a path out of the site, fail where they are used.
    site.write(
        "content/docs/sizes.md",
        "+++\ntitle = \"Sizes\"\n+++\n{{ sized(src=\"img/gone.png\") }}\n\n{{ sized(src=\"../secret.png\") }}\n",
    );
    let err = site.build_fails(&[]);
    assert!(
        err.contains("content/docs/sizes.md:4:1")
            && err.contains("`get_image_metadata`: no image `img/gone.png` in the site"),
        "{err}"
    );
    assert!(
        err.contains("content/docs/sizes.md:6:1")
            && err.contains("`get_image_metadata`: no image `../secret.png` in the site (looked not from the site root"),
        "{err}"
    );
}

/// The dev server follows an image whose size a template read: after the
/// image changes, the page is rendered again (the watcher names no page).
#[test]
fn dev_server_rebuild_sees_a_changed_image() {
    use versus::pipeline::{BuildOptions, Session};
    let png = png_header;
    let site = SiteTest::new("zola-site");
    site.write("static/wide.png", png(640, 480))
        .write(
            "templates/shortcodes/width.html",
            "{% set m = get_image_metadata(path=\"wide.png\") %}<i class=\"width\">{{ m.width }}</i>",
        )
        .write(
            "content/docs/width.md",
            "+++\ntitle = \"Width\"\n+++\n{{ width() }}\n",
        );
    let mut session = Session::new(BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    });
    let page = |session: &mut Session| {
        let (built, _) = session.build_after([]).expect("build");
        let file = &built.output.files["docs/width/index.html"];
        String::from_utf8(file.read().unwrap().to_vec()).unwrap()
    };
    assert!(page(&mut session).contains("<i class=\"width\">640</i>"));
    site.write("static/wide.png", png(800, 600));
    let html = page(&mut session);
    assert!(html.contains("<i class=\"width\">800</i>"), "{html}");
}

/// Zola ignores a page key it does not know (a section key copied onto a
/// page, a typo), so a Zola site builds with one warning per key; a
/// section's unknown key fails as in Zola, and a versus site's page key too.
#[test]
fn unknown_page_keys_are_warnings_on_a_zola_site_only() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "content/docs/stray.md",
        "+++\ntitle = \"Stray\"\nsort_by = \"weight\"\ntitel = \"Typo\"\n+++\nText.\n",
    )
    .write(
        "content/docs/other.md",
        "+++\ntitle = \"Other\"\nsort_by = \"date\"\n+++\nText.\n",
    );
    site.build(&[]);
    let err = stderr(&site);
    assert_eq!(
        lines_starting(&err, "warning: content/docs/"),
        [
            "warning: content/docs/other.md:3:1: front-matter key `sort_by` is not a page key; Zola ignores it on a page, and so does versus on a Zola site (and 1 other file)",
            "warning: content/docs/stray.md:4:1: front-matter key `titel` is not a page key; Zola ignores it on a page, and so does versus on a Zola site",
            "warning: content/docs/_index.md: `template` is set in 2 files of this Zola site; versus's default theme renders them with its own templates",
        ]
    );
    assert!(
        err.contains("= hint: did you mean `title`?; see docs/coming-from-zola.md"),
        "{err}"
    );
    assert_eq!(site.html("docs/stray/index.html").texts("h1"), ["Stray"]);

    site.write(
        "content/docs/_index.md",
        "+++\ntitle = \"Docs\"\ndate = 2024-01-01\n+++\n",
    );
    let err = site.build_fails(&[]);
    assert!(
        err.contains("error: content/docs/_index.md:3:1: unknown field `date`"),
        "{err}"
    );

    // With a versus.toml (zola_templates off), the page key is an error.
    site.write(
        "versus.toml",
        "title = \"T\"\ntaxonomies = [{ name = \"tags\" }, { name = \"categories\" }]\n",
    )
    .write("content/docs/_index.md", "+++\ntitle = \"Docs\"\n+++\n");
    let err = site.build_fails(&[]);
    assert!(
        err.contains("error: content/docs/stray.md:3:1: unknown field `sort_by`"),
        "{err}"
    );
}

/// The dev server's parses of a Zola site's pages are not reused once the
/// site has a versus.toml: the page key that was a warning is an error.
#[test]
fn a_session_reads_pages_again_when_the_site_stops_being_a_zola_site() {
    use versus::pipeline::{BuildOptions, Session};
    let site = SiteTest::new("zola-site");
    site.write(
        "content/docs/stray.md",
        "+++\ntitle = \"Stray\"\nsort_by = \"weight\"\n+++\nText.\n",
    );
    let mut session = Session::new(BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    });
    session.build_after([]).expect("a Zola site builds");
    site.write(
        "versus.toml",
        "title = \"T\"\ntaxonomies = [{ name = \"tags\" }, { name = \"categories\" }]\n",
    );
    let err = session
        .build_after([std::path::Path::new("versus.toml")])
        .expect_err("a versus site does not")
        .to_string();
    assert!(
        err.contains("content/docs/stray.md:3:1: unknown field `sort_by`"),
        "{err}"
    );
}

/// A Zola site written for a Zola theme (`theme = "…"`, the theme in
/// `themes/`): the theme's shortcodes (with what they import) and static
/// files are used, the site's own over them; the theme's page templates
/// are not. A theme that is not there is an error naming its folder.
#[test]
fn a_zola_themes_shortcodes_and_static_files_are_used() {
    let mut site = SiteTest::new("zola-site");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", format!("theme = \"plain\"\n{config}"))
        .write(
            "themes/plain/templates/shortcodes/badge.html",
            "{% import \"macros/b.html\" as b %}{{ b::badge(text=text) }}",
        )
        .write(
            "themes/plain/templates/macros/b.html",
            "{% macro badge(text) %}<span class=\"badge\">{{ text }}</span>{% endmacro %}",
        )
        .write(
            "themes/plain/templates/shortcodes/note.html",
            "<aside class=\"theme-note\">{{ text }}</aside>",
        )
        .write("themes/plain/templates/page.html", "{{ nonsense(")
        .write("themes/plain/static/theme.txt", "from the theme")
        // serene's icons: an SVG in the theme's static/, read as text.
        .write(
            "themes/plain/templates/shortcodes/icon.html",
            "<i class=\"icon\">{{ load_data(path=\"icon/\" ~ name ~ \".svg\") | safe }}</i>",
        )
        .write(
            "themes/plain/static/icon/tip.svg",
            "<svg viewBox=\"0 0 1 1\"><title>tip</title></svg>",
        )
        .write(
            "content/docs/badges.md",
            "+++\ntitle = \"Badges\"\n+++\n{{ badge(text=\"new\") }} {{ note(text=\"mine\") }}\n\n[es](@/docs/intro.es.md)\n",
        );
    // A link to a translation is named as one.
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", format!("{config}\n[languages.es]\n"));
    let err = site.build_fails(&[]);
    assert!(
        err.contains(
            "broken internal link `@/docs/intro.es.md`: `content/docs/intro.es.md` is a \
             translation (`es`), which is not built: versus builds the site in `en` only"
        ),
        "{err}"
    );
    site.write(
        "content/docs/badges.md",
        "+++\ntitle = \"Badges\"\n+++\n{{ badge(text=\"new\") }} {{ note(text=\"mine\") }} {{ icon(name=\"tip\") }}\n",
    );
    site.build(&[]);
    let page = site.html("docs/badges/index.html");
    assert_eq!(page.texts("span.badge"), ["new"]);
    // `load_data` looks in the theme's static/ too, as Zola does.
    assert_eq!(page.texts("i.icon svg title"), ["tip"]);
    // The site's `note` shortcode wins over the theme's.
    assert_eq!(page.texts("aside.zola-note"), ["mine"]);
    assert_eq!(page.count("aside.theme-note"), 0);
    assert_eq!(site.output("theme.txt"), "from the theme");
    // `theme` is used, not named as ignored.
    assert!(
        stderr(&site).contains("4 settings of config.toml are not used: compile_sass, languages.es, link_checker.internal_level, markdown.render_emoji\n"),
        "{}",
        stderr(&site)
    );

    std::fs::remove_dir_all(site.root().join("themes/plain")).unwrap();
    let err = site.build_fails(&[]);
    assert!(
        err.contains("error: config.toml: the Zola theme `plain` is not in themes/plain"),
        "{err}"
    );
}

/// Zola has no taxonomy the config does not declare (the Rust blog
/// declares none): no empty Tags page, no link to one; a page that sets
/// terms anyway fails as in Zola.
#[test]
fn a_zola_site_without_taxonomies_has_none() {
    let mut site = SiteTest::new("zola-site");
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    site.write(
        "config.toml",
        "base_url = \"https://example.org/\"\ntitle = \"No terms\"\n",
    )
    .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
    .write("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
    site.build(&[]);
    assert!(!site.exists("tags/index.html"));
    let home = site.html("index.html");
    assert!(
        !home.attrs("a", "href").iter().any(|h| h.contains("tags")),
        "{:?}",
        home.attrs("a", "href")
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"x\"]\n+++\nText.\n",
    );
    let err = site.build_fails(&[]);
    assert!(
        err.contains("content/a.md:4:1: taxonomy `tags` is not declared in the site's config"),
        "{err}"
    );
}

/// A Zola site's `static/style.css` was written for its own templates: it
/// still replaces the default theme's (the site's files win), but a
/// warning says so rather than the pages silently losing their styles.
#[test]
fn a_zola_site_file_that_replaces_a_theme_file_is_named() {
    let mut site = SiteTest::new("zola-site");
    site.write("static/style.css", "body { color: red }\n")
        .write("static/site.css", "p {}\n");
    site.build(&[]);
    assert_eq!(site.output("style.css"), "body { color: red }\n");
    let err = stderr(&site);
    assert!(
        err.contains(
            "warning: static/style.css: `style.css` of this Zola site replaces the default \
             theme's `style.css`, which its pages load: they may look broken"
        ),
        "{err}"
    );
    assert!(!err.contains("site.css"), "{err}");
}

/// A taxonomy no page uses has no pages, as in Zola: Bevy's site declares
/// `news` and has a `news` section, which is then the only `/news/`. Once a
/// page sets a `news` term, the two would share the URL: a collision.
#[test]
fn a_taxonomy_no_page_uses_has_no_pages() {
    let mut site = SiteTest::new("zola-site");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        config.replacen(
            "{ name = \"categories\" }",
            "{ name = \"categories\" }, { name = \"news\", feed = true }",
            1,
        ),
    )
    .write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\nsort_by = \"date\"\n+++\n",
    )
    .write(
        "content/news/launch.md",
        "+++\ntitle = \"Launch\"\ndate = 2024-07-01\n+++\nWe launched.\n",
    );
    site.build(&[]);
    assert_eq!(site.html("news/index.html").texts("h1"), ["News"]);
    assert!(!site.output("index.html").contains("All news"));

    site.write(
        "content/news/launch.md",
        "+++\ntitle = \"Launch\"\ndate = 2024-07-01\n[taxonomies]\nnews = [\"launch\"]\n+++\nWe launched.\n",
    );
    let err = site.build_fails(&[]);
    assert!(
        err.contains(
            "content/news/_index.md:1:1: `/news/index.html` would be written twice: by the \
             section content/news/_index.md and by the list of the taxonomy `news`"
        ),
        "{err}"
    );
}

/// `load_data(url=…)`: versus builds without the network. A template that
/// calls it is named in a warning; with `required=false` the call gives
/// nothing, as when Zola cannot reach the URL (arewewebyet's crates.io
/// lookups), and without it the build fails at the call.
#[test]
fn load_data_from_a_url_is_named_and_optional_calls_go_on() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "templates/shortcodes/krate.html",
        "{% set info = load_data(url=\"https://crates.io/api/v1/crates/\" ~ name, format=\"json\", required=false) %}\
         <p class=\"krate\">{% if info %}{{ info.crate.name }}{% else %}{{ name }} (offline){% endif %}</p>",
    )
    .write(
        "content/docs/krates.md",
        "+++\ntitle = \"Crates\"\n+++\n{{ krate(name=\"tera\") }}\n",
    );
    site.build(&[]);
    assert_eq!(
        site.html("docs/krates/index.html").texts("p.krate"),
        ["tera (offline)"]
    );
    let err = stderr(&site);
    assert!(
        err.contains(
            "warning: templates/shortcodes/krate.html:1:15: `load_data(url=…)` is not fetched: \
             versus builds without the network"
        ),
        "{err}"
    );

    site.write(
        "templates/shortcodes/krate.html",
        "{% set info = load_data(url=\"https://crates.io/api/v1/crates/\" ~ name) %}{{ info }}",
    );
    let err = site.build_fails(&[]);
    assert!(
        err.contains("`load_data`: `url` is not supported: versus builds without the network"),
        "{err}"
    );
}

/// A Zola site's templates see `config.base_url` as the config writes it,
/// as in Zola: abridge's `img` shortcode joins `config.base_url ~ "/images"`,
/// which a slash added by versus made `https://…//images`.
#[test]
fn a_zola_sites_templates_see_base_url_as_written() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "templates/shortcodes/root.html",
        "<img class=\"root\" src=\"{{ config.base_url ~ '/img/a.png' }}\" alt=\"\">",
    )
    .write("static/img/a.png", "x")
    .write(
        "content/docs/root.md",
        "+++\ntitle = \"Root\"\n+++\n{{ root() }}\n",
    );
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        config.replacen(
            "base_url = \"https://example.org/zola/\"",
            "base_url = \"https://example.org/zola\"",
            1,
        ),
    );
    site.build(&[]);
    assert_eq!(
        site.html("docs/root/index.html").attrs("img.root", "src"),
        ["https://example.org/zola/img/a.png"]
    );
}

/// A Zola site's shortcodes see `page.path` and `section.path` with Zola's
/// leading `/`: serene's collection shortcode loads
/// `"content" ~ section.path ~ file`.
#[test]
fn a_zola_sites_shortcodes_see_zolas_paths() {
    let mut site = SiteTest::new("zola-site");
    site.write(
        "templates/shortcodes/where.html",
        "<span class=\"where\">{% if page %}{{ page.path }}{% else %}{% set d = load_data(path=\"content\" ~ section.path ~ \"data.toml\") %}{{ section.path }}: {{ d.n }}{% endif %}</span>",
    )
    .write("content/guide/data.toml", "n = 3\n")
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\n{{ where() }}\n",
    )
    .write(
        "content/guide/where.md",
        "+++\ntitle = \"Where\"\n+++\n{{ where() }}\n",
    );
    site.build(&[]);
    assert_eq!(
        site.html("guide/where/index.html").texts("span.where"),
        ["/guide/where/"]
    );
    assert_eq!(
        site.html("guide/index.html").texts("span.where"),
        ["/guide/: 3"]
    );
}
