//! "A vs. B" pages (`pairs = true`) through a real build: one page per pair
//! at `<comparison><a>-vs-<b>/`, differing rows first, the two columns only,
//! their own title, description and canonical link, in the sitemap and the
//! search index; from every data format and a CSV; the `pairs` key checked;
//! a pair page's path taken by another output is a collision.

use std::collections::HashSet;

use super::harness::{self, SiteTest};

fn fixture(name: &str) -> String {
    let path = harness::fixtures().join("compare").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` (a comparison file in `ext`'s format) with `pairs` set to `value`.
fn with_pairs(ext: &str, text: &str, value: &str) -> String {
    match ext {
        "toml" => format!("pairs = {value}\n{text}"),
        "yaml" => format!("pairs: {value}\n{text}"),
        _ => text.replacen('{', &format!("{{\n  \"pairs\": {value},"), 1),
    }
}

/// The generators example: six options from a CSV, so fifteen pair pages.
fn generators() -> SiteTest {
    let mut site = SiteTest::new("../../examples/generators");
    site.build(&[]);
    site
}

const IDS: [&str; 6] = ["zola", "hugo", "jekyll", "eleventy", "mdbook", "starlight"];

/// Every pair's segment, in declared order.
fn segments() -> Vec<String> {
    let mut out = Vec::new();
    for (n, a) in IDS.iter().enumerate() {
        for b in &IDS[n + 1..] {
            out.push(format!("{a}-vs-{b}"));
        }
    }
    out
}

#[test]
fn every_pair_gets_a_page_with_two_columns_differences_first() {
    let site = generators();
    for seg in segments() {
        assert!(
            site.exists(&format!("generators/{seg}/index.html")),
            "{seg}"
        );
    }
    assert!(!site.exists("generators/hugo-vs-zola/index.html"));
    let page = site.html("generators/zola-vs-hugo/index.html");
    assert_eq!(page.texts("h1"), ["Zola vs. Hugo"]);
    // Both tables: the two columns, in declared order.
    for table in ["#differ", "#agree"] {
        assert_eq!(
            page.texts(&format!("{table} table thead th[scope=col]")),
            ["Zola", "Hugo"],
            "{table}"
        );
    }
    assert_eq!(
        page.texts("#differ tbody th[scope=row]"),
        [
            "Written in",
            "Search built in",
            "Template languages",
            "Made for"
        ]
    );
    assert_eq!(
        page.texts("#agree tbody th[scope=row]"),
        ["One program to install", "Needs a language runtime"]
    );
    // Differences come first, and each part says what it is.
    let html = site.output("generators/zola-vs-hugo/index.html");
    let (differ, agree) = (html.find("id=\"differ\""), html.find("id=\"agree\""));
    assert!(differ.expect("differ") < agree.expect("agree"));
    assert_eq!(
        page.texts("#differ h2, #agree h2"),
        ["Where they differ (4)", "Where they agree (2)"]
    );
    // Group headings survive in both tables.
    assert_eq!(page.texts("#differ .vs-group-head th"), ["Features"]);
    assert_eq!(page.texts("#agree .vs-group-head th"), ["Setup"]);
    assert_eq!(
        page.texts("#differ tr#vs-row-search td .vs-cell-value"),
        ["✓ Yes", "✗ No"]
    );
    // Only the two options' cells and cards.
    assert_eq!(
        page.attrs("table td[data-option]", "data-option")
            .into_iter()
            .collect::<HashSet<_>>(),
        HashSet::from(["zola".to_string(), "hugo".to_string()])
    );
    assert_eq!(page.texts(".vs-option h3"), ["Zola", "Hugo"]);
}

#[test]
fn pair_pages_link_to_every_other_pair_and_the_full_comparison() {
    let site = generators();
    let page = site.html("generators/zola-vs-hugo/index.html");
    let links = page.attrs("#other-pairs .vs-pairs a", "href");
    let expected: Vec<String> = segments()
        .into_iter()
        .filter(|s| s != "zola-vs-hugo")
        .map(|s| format!("/generators/{s}/"))
        .collect();
    assert_eq!(links, expected);
    assert_eq!(
        page.texts("#other-pairs .vs-pairs a")[..2],
        ["Zola vs. Jekyll", "Zola vs. Eleventy"]
    );
    assert!(page
        .attrs("#other-pairs .vs-pair-full a", "href")
        .contains(&"/generators/".to_string()));
    assert_eq!(page.attrs(".breadcrumbs a", "href"), ["/generators/"]);
    // The comparison page links to every pair.
    let full = site.html("generators/index.html");
    let expected: Vec<String> = segments()
        .into_iter()
        .map(|s| format!("/generators/{s}/"))
        .collect();
    assert_eq!(full.attrs("#pairs .vs-pairs a", "href"), expected);
    assert_eq!(full.texts("#pairs .vs-pairs a")[0], "Zola vs. Hugo");
}

#[test]
fn pair_pages_have_their_own_title_description_and_canonical_link() {
    let site = generators();
    let mut titles = HashSet::new();
    let mut descriptions = HashSet::new();
    let full = site.html("generators/index.html");
    titles.insert(full.texts("title").remove(0));
    descriptions.insert(full.attrs("meta[name=description]", "content").remove(0));
    for seg in segments() {
        let page = site.html(&format!("generators/{seg}/index.html"));
        assert_eq!(
            page.attrs("link[rel=canonical]", "href"),
            [format!("https://example.org/generators/{seg}/")]
        );
        let title = page.texts("title").remove(0);
        assert!(title.contains(" vs. "), "{title}");
        assert!(titles.insert(title.clone()), "title twice: {title}");
        let description = page.attrs("meta[name=description]", "content").remove(0);
        assert!(
            descriptions.insert(description.clone()),
            "description twice: {description}"
        );
    }
    let page = site.html("generators/zola-vs-hugo/index.html");
    assert_eq!(
        page.texts("title"),
        ["Zola vs. Hugo — Six static site generators | Picking a static site generator"]
    );
    // Made from the rows where the two differ, not the comparison's own.
    let description = page.attrs("meta[name=description]", "content").remove(0);
    assert!(
        description.starts_with("Zola or Hugo? Written in: Zola Rust; Hugo Go."),
        "{description}"
    );
    assert_eq!(
        page.attrs("meta[property='og:title']", "content"),
        ["Zola vs. Hugo — Six static site generators"]
    );
}

#[test]
fn pair_pages_are_in_the_sitemap_and_in_search() {
    let mut site = generators();
    let sitemap = site.output("sitemap.xml");
    for seg in segments() {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/generators/{seg}/</loc>")),
            "{seg}"
        );
    }
    site.write(
        "versus.toml",
        std::fs::read_to_string(site.root().join("versus.toml")).expect("config")
            + "build_search_index = true\n",
    );
    site.build(&[]);
    // One document per pair page, titled "A vs. B — <comparison>".
    let mut titles = Vec::new();
    for n in 0.. {
        let rel = format!("search/f/{n}.json");
        if !site.exists(&rel) {
            break;
        }
        let doc: serde_json::Value = serde_json::from_str(&site.output(&rel)).expect("json");
        let url = doc["u"].as_str().expect("url").to_string();
        if url.matches('/').count() == 3 {
            titles.push((url, doc["t"].as_str().expect("title").to_string()));
        }
    }
    assert_eq!(titles.len(), 15, "{titles:?}");
    assert!(titles.contains(&(
        "/generators/zola-vs-hugo/".to_string(),
        "Zola vs. Hugo — Six static site generators".to_string()
    )));
    // A word only in the CSV's rows finds the pair pages where it differs.
    let found = super::search::lookup(&site, "handlebars");
    assert!(
        found.contains(&"/generators/zola-vs-mdbook/#differ".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"/generators/#vs-row-templates".to_string()),
        "the comparison's CSV rows are indexed too: {found:?}"
    );
}

/// The three databases (`pairs.compare.<ext>`, or with rows from
/// `pairs.csv`) built into a minimal site.
fn databases(file: &str) -> SiteTest {
    let mut site = SiteTest::new("minimal");
    let ext = file.rsplit('.').next().expect("ext");
    site.write(&format!("content/databases.compare.{ext}"), fixture(file))
        .write("content/pairs.csv", fixture("pairs.csv"));
    site.build(&[]);
    site
}

#[test]
fn every_format_and_value_type_makes_the_same_pair_pages() {
    for file in [
        "pairs.compare.toml",
        "pairs.compare.yaml",
        "pairs.compare.json",
        "pairs-csv.compare.toml",
    ] {
        let site = databases(file);
        for seg in ["pg-vs-lite", "pg-vs-my", "lite-vs-my"] {
            assert!(
                site.exists(&format!("databases/{seg}/index.html")),
                "{file}: {seg}"
            );
        }
        let page = site.html("databases/pg-vs-lite/index.html");
        assert_eq!(page.texts("h1"), ["PostgreSQL vs. SQLite"], "{file}");
        assert_eq!(
            page.texts("title"),
            ["Postgres vs. SQLite — Three databases | Minimal"],
            "{file}"
        );
        // Every row differs here: text, bool with a note, number with a
        // unit, rating, list; the groups stay.
        assert_eq!(
            page.texts("#differ tbody th[scope=row]"),
            [
                "How it runs",
                "JSON support",
                "Built-in replication",
                "Largest database",
                "Ease of setup",
                "Stored procedure languages"
            ],
            "{file}"
        );
        assert_eq!(
            page.texts("#differ .vs-group-head th"),
            ["Features", "Limits"],
            "{file}"
        );
        assert_eq!(page.count("#agree"), 0, "{file}: nothing agrees");
        assert_eq!(
            page.texts("#vs-row-json .vs-cell-value"),
            ["✓ Yes", "◐ Partial (stored as text)"],
            "{file}"
        );
        assert_eq!(
            page.texts("#vs-row-ease .vs-cell-value"),
            ["★★★☆☆ 3/5", "★★★★★ 5/5 Best"],
            "{file}"
        );
        assert_eq!(
            page.texts("#vs-row-langs .vs-cell-value li"),
            ["PL/pgSQL", "PL/Python"],
            "{file}"
        );
        assert_eq!(
            page.texts("#vs-row-langs .vs-cell-value .vs-empty"),
            ["None"],
            "{file}"
        );
        assert_eq!(
            page.texts("#vs-row-model .vs-cell-value"),
            ["A server you connect to", "A library inside your program"],
            "{file}"
        );
        assert_eq!(
            page.texts("#vs-row-model .vs-cell-value em"),
            ["program"],
            "{file}: Markdown"
        );
        // Postgres and MySQL: differences first, then what they share.
        let page = site.html("databases/pg-vs-my/index.html");
        assert_eq!(
            page.texts("#differ tbody th[scope=row]"),
            ["Largest database", "Stored procedure languages"],
            "{file}"
        );
        assert_eq!(
            page.texts("#agree tbody th[scope=row]"),
            [
                "How it runs",
                "JSON support",
                "Built-in replication",
                "Ease of setup"
            ],
            "{file}"
        );
        assert_eq!(
            page.attrs("meta[name=description]", "content"),
            [
                "Postgres or MySQL? Largest database: Postgres 32 TB; MySQL 64 TB. \
              Stored procedure languages: Postgres PL/pgSQL, PL/Python; MySQL SQL."
            ],
            "{file}"
        );
    }
}

#[test]
fn best_is_worked_out_between_the_two() {
    let site = databases("pairs.compare.toml");
    // MySQL holds the largest database of the three; between Postgres and
    // SQLite, Postgres's is the best.
    let full = site.html("databases/index.html");
    assert_eq!(
        full.texts("#vs-row-max-db .vs-cell-value"),
        ["32 TB", "0.281 TB", "64 TB Best"]
    );
    let pair = site.html("databases/pg-vs-lite/index.html");
    assert_eq!(
        pair.texts("#vs-row-max-db .vs-cell-value"),
        ["32 TB Best", "0.281 TB"]
    );
    // Postgres and MySQL: the same rating, so no best there.
    let pair = site.html("databases/pg-vs-my/index.html");
    assert_eq!(
        pair.texts("#agree #vs-row-ease .vs-cell-value"),
        ["★★★☆☆ 3/5"; 2]
    );
}

#[test]
fn signals_of_the_two_and_the_widget_asks_only_what_tells_them_apart() {
    let site = databases("pairs.compare.toml");
    // Postgres vs. SQLite: "embedded" rules out Postgres only; the signs
    // are those of the two.
    let page = site.html("databases/pg-vs-lite/index.html");
    assert_eq!(
        page.texts("#signs .vs-signal-group h3"),
        ["PostgreSQL (Postgres)"]
    );
    assert_eq!(
        page.texts("#signs li"),
        [
            "Many programs write at the same time",
            "Your team writes Python"
        ]
    );
    assert_eq!(page.count("#decide [data-versus-widget]"), 1);
    let data = page.texts("#decide script[data-versus-data]").remove(0);
    let widget: serde_json::Value = serde_json::from_str(&data).expect("widget json");
    let ids: Vec<&str> = widget["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["pg", "lite"]);
    let embedded = &widget["questions"][0]["answers"][1];
    assert_eq!(embedded["weights"], serde_json::json!({ "lite": 2.0 }));
    assert_eq!(embedded["rules_out"][0]["option"], "pg");
    assert_eq!(embedded["rules_out"].as_array().expect("list").len(), 1);
    // Postgres vs. MySQL: "Where will it run?" and "Many programs write"
    // weigh and rule out both alike, so they cannot change which comes
    // first and are not asked.
    let page = site.html("databases/pg-vs-my/index.html");
    assert_eq!(
        page.attrs("#decide fieldset", "data-question"),
        ["procs", "signals"]
    );
    assert_eq!(
        page.texts("#decide .vs-signs .vs-answer-text > span[dir]"),
        ["Your team writes Python"]
    );
    let full = site.html("databases/index.html");
    assert_eq!(full.count("#decide fieldset"), 3);
}

#[test]
fn pairs_must_be_true_or_false_in_every_format() {
    for (ext, value, at) in [
        ("toml", "\"yes\"", "content/typed.compare.toml:1:9"),
        ("yaml", "[1]", "content/typed.compare.yaml:1:8"),
        ("json", "1", "content/typed.compare.json:2:12"),
    ] {
        let mut site = SiteTest::new("minimal");
        site.write(
            &format!("content/typed.compare.{ext}"),
            with_pairs(ext, &fixture(&format!("typed.compare.{ext}")), value),
        );
        let err = site.build_fails(&[]);
        assert!(err.contains(at), "{ext}: {err}");
        assert!(err.contains("expected a boolean"), "{ext}: {err}");
    }
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/typed.compare.toml",
        format!("pair = true\n{}", fixture("typed.compare.toml")),
    );
    let err = site.build_fails(&[]);
    assert!(err.contains("content/typed.compare.toml:1:1"), "{err}");
    assert!(err.contains("did you mean `pairs`?"), "{err}");
}

#[test]
fn a_page_at_a_pair_pages_path_is_a_collision() {
    let mut site = SiteTest::new("minimal");
    site.write("content/pairs.compare.toml", fixture("pairs.compare.toml"))
        .write(
            "content/pairs/pg-vs-lite.md",
            "+++\ntitle = \"Mine\"\n+++\nText.\n",
        );
    let err = site.build_fails(&[]);
    assert!(
        err.contains("`/pairs/pg-vs-lite/index.html` would be written twice"),
        "{err}"
    );
    assert!(
        err.contains(
            "the page of the options `pg` and `lite` of the comparison content/pairs.compare.toml"
        ),
        "{err}"
    );
    // Without `pairs`, the page is the only one there.
    site.write(
        "content/pairs.compare.toml",
        fixture("pairs.compare.toml").replace("pairs = true\n", ""),
    );
    site.build(&[]);
    assert_eq!(
        site.html("pairs/pg-vs-lite/index.html").texts("h1"),
        ["Mine"]
    );
}

#[test]
fn two_options_have_no_pair_pages_of_their_own() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/typed.compare.toml",
        with_pairs("toml", &fixture("typed.compare.toml"), "true"),
    );
    let err = site.build_fails(&[]);
    assert!(err.contains("content/typed.compare.toml:1:1"), "{err}");
    assert!(err.contains("needs three or more options"), "{err}");
}

/// The dev server's rebuild after an edit of the comparison's CSV or its
/// file: the pair pages show the edit, and equal a clean build's.
#[test]
fn the_dev_server_rebuilds_pair_pages_when_their_comparison_changes() {
    use versus::pipeline::{self, BuildOptions, Session};
    let site = databases("pairs-csv.compare.toml");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    let page = "databases/pg-vs-my/index.html";
    let read = |tree: &versus::output::OutputTree, path: &str| {
        String::from_utf8(tree.files[path].read().expect("read").into_owned()).expect("utf-8")
    };
    let (first, _) = session
        .build_after(std::iter::empty())
        .expect("first build");
    assert!(read(&first.output, page).contains("64 TB"));
    let csv = fixture("pairs.csv").replace(",0.281,64", ",0.281,16");
    let edits = [
        ("content/pairs.csv", csv, "16 TB"),
        (
            "content/databases.compare.toml",
            fixture("pairs-csv.compare.toml").replace("Three databases", "Databases"),
            "Postgres vs. MySQL — Databases",
        ),
    ];
    for (rel, text, shows) in edits {
        site.write(rel, text);
        let (built, _) = session
            .build_after([std::path::Path::new(rel)])
            .expect("rebuild");
        let clean = pipeline::build(&opts).expect("clean build").output;
        for path in clean.files.keys().filter(|p| p.contains("-vs-")) {
            assert_eq!(read(&built.output, path), read(&clean, path), "{path}");
        }
        assert!(read(&built.output, page).contains(shows), "{rel}");
    }
}

#[test]
fn text_from_the_data_is_escaped_on_pair_pages() {
    let mut site = SiteTest::new("minimal");
    site.write(
        "content/db.compare.toml",
        fixture("pairs.compare.toml")
            .replace(
                "name = \"SQLite\"",
                "name = \"SQLite <img src=x onerror=alert(1)>\"",
            )
            .replace("Three databases", "Three \\\"databases\\\" & <b>more</b>"),
    );
    site.build(&[]);
    let html = site.output("db/pg-vs-lite/index.html");
    assert!(!html.contains("<img src=x"), "raw HTML from the data");
    assert!(!html.contains("<b>more</b>"), "raw HTML from the data");
    let page = site.html("db/pg-vs-lite/index.html");
    assert_eq!(
        page.texts("h1"),
        ["PostgreSQL vs. SQLite <img src=x onerror=alert(1)>"]
    );
    assert_eq!(
        page.attrs("meta[property='og:title']", "content"),
        ["Postgres vs. SQLite <img src=x onerror=alert(1)> — Three \"databases\" & <b>more</b>"]
    );
    // URLs are not entity-escaped.
    assert!(html.contains("href=\"/db/pg-vs-my/\""));
}
