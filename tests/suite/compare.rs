//! Comparison data through the whole build: the comparison page, the
//! shortcodes in an article, `data.json`, escaping of hostile text, and
//! build failures for invalid data files.

use super::harness::{self, SiteTest};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = harness::fixtures().join("compare").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The minimal site plus the valid tea/coffee comparison, the pages its
/// links point at, and an article using all three shortcodes.
fn site_with(file: &str, text: &str) -> SiteTest {
    let site = SiteTest::new("minimal");
    site.write(&format!("content/{file}"), text)
        .write("content/drinks/_index.md", "+++\ntitle = \"Drinks\"\n+++\n")
        .write("content/drinks/tea.md", "+++\ntitle = \"Tea\"\n+++\nTea.\n")
        .write(
            "content/drinks/coffee.md",
            "+++\ntitle = \"Coffee\"\n+++\nCoffee.\n",
        );
    site
}

fn article(id: &str) -> String {
    format!(
        "+++\ntitle = \"Article\"\n+++\n\nIntro.\n\n{{{{ comparison_table(id=\"{id}\") }}}}\n\n\
         {{{{ signals(id=\"{id}\", option=\"coffee\") }}}}\n\n{{{{ decision_widget(id=\"{id}\") }}}}\n\n\
         {{{{ decision_widget(id=\"{id}\") }}}}\n"
    )
}

#[test]
fn comparison_page_table_has_a_column_per_option_and_a_row_per_dimension() {
    for ext in ["toml", "yaml", "json"] {
        let mut site = site_with(
            &format!("drinks/tea-vs-coffee.compare.{ext}"),
            &fixture(&format!("valid.compare.{ext}")),
        );
        site.build(&[]);
        let page = site.html("drinks/tea-vs-coffee/index.html");
        assert_eq!(
            page.texts("table.vs-table thead th[scope=col]"),
            ["Tea", "Coffee"],
            "{ext}"
        );
        assert_eq!(
            page.texts("table.vs-table tbody th[scope=row]"),
            ["Caffeine"],
            "{ext}"
        );
        assert_eq!(page.count("table.vs-table tbody tr td"), 2, "{ext}");
        assert_eq!(page.texts("h1"), ["Tea vs. Coffee"]);
        assert_eq!(
            page.attrs("thead th a", "href"),
            ["/drinks/tea/"],
            "{ext}: resolved @/ link"
        );
        assert_eq!(
            page.attrs(".vs-data-link a", "href"),
            ["/drinks/tea-vs-coffee/data.json"]
        );
        assert_eq!(page.count("[data-versus-widget] form fieldset"), 3, "{ext}");
    }
}

#[test]
fn shortcodes_in_an_article_and_several_widgets_on_one_page() {
    let mut site = site_with("valid.compare.toml", &fixture("valid.compare.toml"));
    site.write("content/article.md", article("valid"));
    site.build(&[]);
    let page = site.html("article/index.html");
    assert_eq!(page.count("table.vs-table"), 1);
    assert_eq!(
        page.texts("table.vs-table thead th[scope=col]"),
        ["Tea", "Coffee"]
    );
    assert_eq!(page.texts(".vs-signal-list li"), ["You are tired"]);
    assert_eq!(page.count("[data-versus-widget]"), 2);
    assert_eq!(page.count("[data-versus-widget] [role=status]"), 2);
    // No element id is repeated (two widgets must not clash).
    let ids = page.attrs("[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    // The shortcode HTML is not wrapped in or broken by Markdown paragraphs.
    assert_eq!(page.count("p table, p form, p [data-versus-widget]"), 0);
}

#[test]
fn embedded_json_round_trips_and_matches_data_json() {
    let mut site = site_with("valid.compare.json", &fixture("valid.compare.json"));
    site.build(&[]);
    let page = site.html("valid/index.html");
    let scripts = page.texts("script[type=\"application/json\"][data-versus-data]");
    assert_eq!(scripts.len(), 1);
    let widget: Value = serde_json::from_str(&scripts[0]).expect("embedded JSON parses");
    assert_eq!(widget["id"], "valid");
    assert_eq!(
        widget["questions"][0]["answers"][0]["weights"]["coffee"],
        2.0
    );
    let data: Value =
        serde_json::from_str(&site.output("valid/data.json")).expect("data.json parses");
    assert_eq!(data["options"][0]["url"], "/drinks/tea/");
    assert_eq!(data["url"], "https://example.org/valid/");
    assert_eq!(widget["outcomes"], data["outcomes"]);
    assert_eq!(
        widget["questions"].as_array().map(Vec::len),
        data["questions"].as_array().map(Vec::len)
    );
}

const HOSTILE: &str = "</script><script>alert(1)</script> \"q' <img src=x onerror=alert(1)> <!--";

#[test]
fn hostile_text_in_every_field_comes_out_escaped() {
    let h = serde_json::to_string(HOSTILE).expect("string");
    let text = format!(
        r#"{{
  "title": {h}, "description": {h},
  "options": [
    {{ "id": "a", "name": {h}, "short": {h}, "summary": {h} }},
    {{ "id": "b", "name": {h}, "summary": {h} }}
  ],
  "dimensions": [ {{ "id": "d", "label": {h}, "values": {{ "a": {h}, "b": {h} }} }} ],
  "signals": [ {{ "id": "s", "text": {h}, "weights": {{ "a": 1 }} }} ],
  "questions": [ {{ "id": "q", "prompt": {h}, "answers": [
    {{ "id": "x", "label": {h}, "explain": {h}, "weights": {{ "b": 1 }} }} ] }} ],
  "outcomes": {{ "close": {h}, "wins": {{ "a": {h} }}, "combinations": [ {{ "options": ["a", "b"], "text": {h} }} ] }}
}}"#
    );
    let mut site = site_with("evil.compare.json", &text);
    site.write(
        "content/article.md",
        article("evil").replace("option=\"coffee\"", "option=\"a\""),
    );
    site.build(&[]);
    for rel in ["evil/index.html", "article/index.html"] {
        let raw = site.output(rel);
        assert!(!raw.contains("<img"), "{rel}: raw <img");
        assert!(!raw.contains("<script>alert"), "{rel}: raw script");
        assert!(!raw.contains("<!--"), "{rel}: raw comment opener");
        let page = site.html(rel);
        assert_eq!(page.count("img"), 0, "{rel}");
        assert_eq!(
            page.count("script:not([src]):not([type=\"application/json\"])"),
            0,
            "{rel}"
        );
        assert!(
            page.count(".vs-answer-text > span[dir=auto]") >= 2,
            "{rel}: answers and signals rendered"
        );
        assert!(page.count("tbody td") >= 2, "{rel}: cells rendered");
        // Plain-text fields read back exactly.
        assert!(page.texts("legend").iter().any(|t| t == HOSTILE), "{rel}");
        assert!(
            page.texts(".vs-answer-text > span[dir=auto]")
                .iter()
                .all(|t| t == HOSTILE),
            "{rel}"
        );
        assert!(
            page.texts("tbody th[scope=row]")
                .iter()
                .all(|t| t == HOSTILE),
            "{rel}"
        );
        // Markdown cells show the tags as text.
        for cell in page.texts("tbody td") {
            assert!(
                cell.contains("<img src=x onerror=alert(1)>"),
                "{rel}: {cell}"
            );
        }
        for json in page.texts("script[type=\"application/json\"]") {
            let v: Value = serde_json::from_str(&json).expect("embedded JSON parses");
            assert_eq!(v["outcomes"]["close"], HOSTILE, "{rel}");
            assert_eq!(v["questions"][0]["answers"][0]["explain"], HOSTILE, "{rel}");
        }
    }
    let page = site.html("evil/index.html");
    assert_eq!(page.texts("h1"), [HOSTILE]);
}

#[test]
fn invalid_data_fails_the_build_with_located_errors_and_leaves_public_alone() {
    let mut site = site_with("valid.compare.toml", &fixture("valid.compare.toml"));
    site.build(&[]);
    let before = harness::snapshot(&site.root().join("public"));
    site.write(
        "content/bad.compare.toml",
        fixture("many-errors.compare.toml"),
    );
    let stderr = site.build_fails(&[]);
    assert!(stderr.contains("content/bad.compare.toml:14:"), "{stderr}");
    assert!(stderr.contains("did you mean `coffee`?"), "{stderr}");
    assert!(stderr.contains("duplicate signal id `tired`"), "{stderr}");
    assert!(stderr.contains("combination names `milk`"), "{stderr}");
    assert_eq!(
        before,
        harness::snapshot(&site.root().join("public")),
        "public/ changed"
    );
}

#[test]
fn each_invalid_fixture_fails_the_build() {
    let cases = [
        (
            "unknown-option.compare.yaml",
            "cofee",
            "did you mean `coffee`?",
        ),
        (
            "missing-value.compare.json",
            "has no value for option `coffee`",
            "add `coffee`",
        ),
        (
            "duplicate-id.compare.toml",
            "duplicate option id `tea`",
            ":12:6",
        ),
        (
            "no-answers.compare.yaml",
            "question `time` has no answers",
            ":8:9",
        ),
        ("non-finite.compare.toml", "not a finite number", ":14:13"),
        ("one-option.compare.json", "at least two options", ":3:3"),
        (
            "unknown-kind.compare.toml",
            "unknown variant `singel`",
            "did you mean `single`?",
        ),
        (
            "unknown-field.compare.json",
            "unknown field `lable`",
            "did you mean `label`?",
        ),
    ];
    for (file, a, b) in cases {
        let mut site = site_with(file, &fixture(file));
        let stderr = site.build_fails(&[]);
        assert!(
            stderr.contains(&format!("content/{file}:")),
            "{file}: {stderr}"
        );
        assert!(stderr.contains(a) && stderr.contains(b), "{file}: {stderr}");
    }
}

#[test]
fn unknown_comparison_in_a_shortcode_is_an_error_with_a_suggestion() {
    let mut site = site_with("valid.compare.toml", &fixture("valid.compare.toml"));
    site.write("content/article.md", article("vaild"));
    let stderr = site.build_fails(&[]);
    assert!(stderr.contains("unknown comparison `vaild`"), "{stderr}");
    assert!(stderr.contains("did you mean `valid`"), "{stderr}");
}

#[test]
fn broken_internal_link_in_data_is_located() {
    let text = fixture("valid.compare.toml").replace("@/drinks/tea.md", "@/drinks/tee.md");
    let mut site = site_with("valid.compare.toml", &text);
    let stderr = site.build_fails(&[]);
    assert!(
        stderr.contains("content/valid.compare.toml:9:8"),
        "{stderr}"
    );
    assert!(stderr.contains("@/drinks/tee.md"), "{stderr}");
}

#[test]
fn right_to_left_site_gets_dir_rtl_and_data_text_is_isolated() {
    let mut site = SiteTest::new("compare-site");
    site.build(&[]);
    assert_eq!(site.html("index.html").attrs("html", "dir"), ["ltr"]);
    let config = std::fs::read_to_string(site.root().join("versus.toml")).expect("config");
    site.write("versus.toml", format!("{config}language = \"he\"\n"));
    site.build(&[]);
    let page = site.html("scripts/index.html");
    assert_eq!(page.attrs("html", "dir"), ["rtl"]);
    assert_eq!(page.attrs("html", "lang"), ["he"]);
    // Every piece of text from the data sits in its own direction context.
    for css in [
        "tbody th[scope=row]",
        "thead th[scope=col]",
        "td .vs-cell-value",
        "td .vs-cell-option",
        "legend > span:first-child",
        ".vs-answer-text > span:first-child",
        ".vs-explain",
        "h1",
    ] {
        let n = page.count(css);
        assert!(n > 0, "{css}");
        assert_eq!(page.count(&format!("{css}[dir=auto]")), n, "{css}");
    }
    assert_eq!(page.texts(".vs-option h3 > bdi")[0], "עברית (Hebrew)");
}

#[test]
fn without_javascript_each_answer_says_what_it_counts_for() {
    let mut site = SiteTest::new("compare-site");
    site.build(&[]);
    let page = site.html("pair/index.html");
    assert_eq!(
        page.texts("[data-question=stay] .vs-key"),
        ["Rent +3 (strongly for)", "Buy +3 (strongly for)"]
    );
    assert_eq!(
        page.texts("[data-question=care] .vs-key"),
        [
            "Rent +2 (clearly for)",
            "Buy +2 (clearly for)",
            "Rent −1 (against)Buy +1 (a little for)"
        ]
    );
    assert_eq!(
        page.texts("[data-question=stay] .vs-explain")[0],
        "Buying costs fees that a short stay does not earn back."
    );
    assert_eq!(
        page.texts("[data-question=signals] .vs-key"),
        ["Rent +2 (clearly for)", "Buy +1.5 (a little for)"]
    );
    // "Choose all that apply" is part of its group's name.
    assert_eq!(
        page.texts("[data-question=care] legend .vs-hint"),
        ["(choose all that apply)"]
    );
    // Only the JavaScript version promises live updates.
    let intro = page.texts(".vs-intro-static").join(" ");
    assert!(!intro.contains("updates"), "{intro}");
    assert!(page.texts(".vs-intro-live")[0].contains("updates"));
}

#[test]
fn comparison_data_is_searchable_and_results_link_to_the_section() {
    let mut site = SiteTest::new("compare-site");
    site.build(&[]);
    let lookup = |term| super::search::lookup(&site, term);
    let has = |term, url: &str| {
        let hits = lookup(term);
        assert!(hits.contains(&url.to_string()), "{term}: {hits:?}");
    };
    // A word that is only in a table cell.
    assert_eq!(
        site.html("generators/index.html").count("tr#vs-row-search"),
        1
    );
    has("elasticlunr", "/generators/#vs-row-search");
    // An option's summary, a signal, an answer's explanation, an outcome.
    assert_eq!(lookup("bank"), ["/pair/#the-options"]);
    has("emergency", "/pair/#signs");
    has("landlords", "/pair/#decide");
    has("plans", "/pair/#decide");
    // Right-to-left text too.
    has("עברית", "/scripts/#vs-row-direction");
}

#[test]
fn comparison_shortcodes_in_an_article_are_searchable_under_their_heading() {
    let mut site = SiteTest::new("compare-site");
    site.build(&[]);
    let lookup = |term| super::search::lookup(&site, term);
    // The table of eight generators sits under "The table" in the article.
    let hits = lookup("elasticlunr");
    assert!(
        hits.contains(&"/articles/table/#the-table".to_string()),
        "{hits:?}"
    );
    // A widget's answers and explanations, under the widget's heading.
    let hits = lookup("landlords");
    assert!(
        hits.contains(&"/articles/two-widgets/#first-copy".to_string()),
        "{hits:?}"
    );
    // No placeholder of a shortcode leaks into the index as a word.
    assert!(lookup("\u{e000}0\u{e001}").is_empty());
}

#[test]
fn every_comparison_gets_an_embed_page_without_the_site_around_it() {
    let mut site = SiteTest::new("compare-site");
    site.build(&[]);
    for id in ["pair", "generators", "scripts"] {
        let page = site.html(&format!("{id}/embed/index.html"));
        assert_eq!(page.count(".site-header, nav, footer"), 0, "{id}");
        assert_eq!(page.count("main table.vs-table"), 1, "{id}");
        assert_eq!(page.count("main [data-versus-widget]"), 1, "{id}");
        assert_eq!(
            page.attrs("link[rel=canonical]", "href"),
            [format!("/{id}/")]
        );
        assert_eq!(page.attrs("meta[name=robots]", "content"), ["noindex"]);
        assert_eq!(
            page.attrs("script[src]", "src"),
            ["/widget.js", "/versus-embed.js"]
        );
    }
    // The comparison page shows the snippet that embeds it.
    let snippet = site.html("pair/index.html").texts("pre.vs-embed-snippet")[0].clone();
    assert!(
        snippet.starts_with("<iframe src=\"/pair/embed/\" title=\"Rent or buy\""),
        "{snippet}"
    );
    assert!(site.exists("versus-embed.js"));
}

#[test]
fn without_javascript_each_deal_breaker_says_what_it_rules_out() {
    let mut site = SiteTest::new("typed-site");
    site.build(&[]);
    let page = site.html("databases/index.html");
    assert_eq!(
        page.texts("[data-question=scale] .vs-key-out"),
        [
            "rules out SQLite (needs Built-in replication: Yes)",
            "rules out PostgreSQL (excluded by this answer)",
            "rules out MySQL (excluded by this answer)",
        ]
    );
    // Points and deal-breakers share the answer's key line.
    assert_eq!(
        page.texts("[data-question=procs] .vs-key")[0],
        "PostgreSQL +1 (a little for)rules out SQLite (needs Stored procedure languages: PL/Python)\
         rules out MySQL (needs Stored procedure languages: PL/Python)"
    );
    assert!(page.texts(".vs-intro-static")[0].contains("rules an option out"));
    // A comparison without deal-breakers does not mention them.
    let mut plain = SiteTest::new("compare-site");
    plain.build(&[]);
    let pair = plain.html("pair/index.html");
    assert!(!pair.texts(".vs-intro-static")[0].contains("rules"));
}
