//! Renders the default theme's comparison templates with Tera alone (a stub
//! `base.html`, no site) and checks the HTML: table shape, escaping of every
//! text field, the embedded JSON, and template errors for bad arguments.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use scraper::{Html, Selector};
use serde_json::Value;

use super::*;

const TEMPLATES: [&str; 6] = [
    "macros.html",
    "comparison.html",
    "partials/compare_macros.html",
    "shortcodes/comparison_table.html",
    "shortcodes/decision_widget.html",
    "shortcodes/signals.html",
];

fn tera(views: HashMap<String, Value>) -> tera::Tera {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut t = tera::Tera::default();
    t.add_raw_template(
        "base.html",
        "<html><head>{% block head %}{% endblock head %}</head><body class=\"{% block body_class %}{% endblock body_class %}\">{% block content %}{% endblock content %}</body></html>",
    )
    .expect("stub base");
    let files: Vec<(std::path::PathBuf, Option<&str>)> =
        TEMPLATES.iter().map(|n| (dir.join(n), Some(*n))).collect();
    t.add_template_files(files).expect("templates parse");
    t.register_function("get_comparison", GetComparison(Arc::new(views)));
    t.register_filter("json_script", json_script);
    t.register_function(
        "get_url",
        |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let path = args.get("path").and_then(Value::as_str).unwrap_or("");
            Ok(Value::String(format!("https://example.org/{path}")))
        },
    );
    t
}

fn comparison(source: &str) -> Comparison {
    load(
        Path::new("content/t.compare.toml"),
        Path::new("t.compare.toml"),
        source,
    )
    .expect("loads")
}

fn view_of(c: &Comparison) -> Value {
    view(c, "/t/", "https://example.org/t/", &|l: &str| {
        Ok(format!("/resolved/{}", l.trim_start_matches("@/")))
    })
    .expect("view")
}

fn render_page(v: &Value) -> String {
    let t = tera(HashMap::from([(
        v["id"].as_str().unwrap_or("").to_string(),
        v.clone(),
    )]));
    let mut ctx = tera::Context::new();
    ctx.insert("comparison", v);
    ctx.insert("config", &serde_json::json!({ "title": "Site" }));
    t.render("comparison.html", &ctx)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn render_shortcode(
    views: HashMap<String, Value>,
    name: &str,
    args: Value,
) -> tera::Result<String> {
    let t = tera(views);
    let mut ctx = tera::Context::from_value(args).expect("object");
    ctx.insert("config", &serde_json::json!({ "title": "Site" }));
    t.render(&format!("shortcodes/{name}.html"), &ctx)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn fixture_text() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare/valid.compare.toml");
    std::fs::read_to_string(path).expect("fixture")
}

#[test]
fn page_has_table_signals_widget_and_data_link() {
    let c = comparison(&fixture_text());
    let html = Html::parse_document(&render_page(&view_of(&c)));
    let cols: Vec<String> = html
        .select(&sel("table.vs-table thead th[scope=col]"))
        .map(|th| th.text().collect::<String>())
        .collect();
    assert_eq!(cols, ["Tea", "Coffee"]);
    let rows: Vec<String> = html
        .select(&sel("table.vs-table tbody th[scope=row]"))
        .map(|th| th.text().collect())
        .collect();
    assert_eq!(rows, ["Caffeine"]);
    for tr in html.select(&sel("table.vs-table tbody tr")) {
        assert_eq!(tr.select(&sel("td")).count(), 2);
    }
    let cell = html
        .select(&sel("td[data-option=coffee] .vs-cell-value"))
        .next()
        .expect("cell");
    assert_eq!(cell.inner_html(), "<strong>More</strong>");
    let link = html.select(&sel("thead th a")).next().expect("option link");
    assert_eq!(link.value().attr("href"), Some("/resolved/drinks/tea.md"));
    assert_eq!(html.select(&sel(".vs-signal-group")).count(), 2);
    assert_eq!(
        html.select(&sel("form fieldset")).count(),
        3,
        "2 questions + signs"
    );
    assert_eq!(html.select(&sel("input[type=radio][name=time]")).count(), 2);
    assert_eq!(
        html.select(&sel("input[type=checkbox][name=taste]"))
            .count(),
        1
    );
    assert_eq!(
        html.select(&sel("[data-versus-status][role=status]"))
            .count(),
        1
    );
    let data = html
        .select(&sel("a[href=\"/t/data.json\"]"))
        .next()
        .expect("data.json link");
    assert_eq!(data.text().collect::<String>(), "data.json");
}

#[test]
fn embedded_json_round_trips() {
    let c = comparison(&fixture_text());
    let v = view_of(&c);
    let html = Html::parse_document(&render_page(&v));
    let script = html
        .select(&sel("script[type=\"application/json\"][data-versus-data]"))
        .next()
        .expect("data script");
    let back: Value = serde_json::from_str(&script.text().collect::<String>()).expect("json");
    assert_eq!(back, v["widget"]);
}

const HOSTILE: &str =
    "</script><script>alert(1)</script> \\\"q' <img src=x onerror=alert(1)> <!-- &amp;";

/// A valid file with the hostile string in every text field.
fn hostile_source() -> String {
    let h = serde_json::to_string(HOSTILE).expect("json string");
    format!(
        r#"{{
  "title": {h}, "description": {h},
  "options": [
    {{ "id": "a", "name": {h}, "short": {h}, "summary": {h}, "url": {h} }},
    {{ "id": "b", "name": {h}, "summary": {h} }}
  ],
  "dimensions": [ {{ "id": "d", "label": {h}, "values": {{ "a": {h}, "b": {h} }} }} ],
  "signals": [ {{ "id": "s", "text": {h}, "weights": {{ "a": 1 }} }} ],
  "questions": [ {{ "id": "q", "prompt": {h}, "answers": [
    {{ "id": "x", "label": {h}, "explain": {h}, "weights": {{ "b": 1 }} }} ] }} ],
  "outcomes": {{ "close": {h}, "wins": {{ "a": {h} }}, "combinations": [ {{ "options": ["a", "b"], "text": {h} }} ] }}
}}"#
    )
}

#[test]
fn hostile_strings_come_out_escaped() {
    let c = load(
        Path::new("content/t.compare.json"),
        Path::new("t.compare.json"),
        &hostile_source(),
    )
    .expect("loads");
    let v = view_of(&c);
    let out = render_page(&v);
    // Nothing hostile survives as markup.
    assert!(!out.contains("<img"), "{out}");
    assert!(!out.contains("<script>alert"), "{out}");
    assert!(!out.contains("<!--"), "{out}");
    assert_eq!(
        out.matches("</script>").count(),
        1,
        "only the data script's own end tag"
    );
    let html = Html::parse_document(&out);
    assert_eq!(html.select(&sel("img")).count(), 0);
    assert_eq!(html.select(&sel("script")).count(), 1);
    // Every text field reads back as the original text.
    let text = |s: &str| -> Vec<String> {
        html.select(&sel(s))
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert_eq!(text("h1"), [HOSTILE]);
    assert_eq!(text("tbody th[scope=row]"), [HOSTILE]);
    // Markdown cells: the tags are text, whatever Markdown did to punctuation.
    for cell in text("tbody td .vs-cell-value") {
        assert!(
            cell.starts_with("</script><script>alert(1)</script>"),
            "{cell}"
        );
        assert!(cell.contains("<img src=x onerror=alert(1)>"), "{cell}");
    }
    assert_eq!(text("legend")[0], HOSTILE);
    assert_eq!(text(".vs-answer-text > span[dir=auto]")[0], HOSTILE);
    assert_eq!(text(".vs-signal-list li"), [HOSTILE]);
    // The option URL is not a javascript: or broken-out attribute.
    let a = html.select(&sel("thead th a")).next().expect("link");
    assert_eq!(a.value().attr("href"), Some(HOSTILE));
    // The embedded JSON still round-trips.
    let script = html.select(&sel("script")).next().expect("script");
    let back: Value = serde_json::from_str(&script.text().collect::<String>()).expect("json");
    assert_eq!(back, v["widget"]);
    assert_eq!(back["outcomes"]["close"], HOSTILE);
}

#[test]
fn shortcodes_render_and_report_bad_arguments() {
    let c = comparison(&fixture_text());
    let v = view_of(&c);
    let views = HashMap::from([("valid".to_string(), v)]);
    let html = render_shortcode(
        views.clone(),
        "comparison_table",
        serde_json::json!({ "id": "valid" }),
    )
    .expect("table");
    assert_eq!(
        Html::parse_fragment(&html)
            .select(&sel("th[scope=col]"))
            .count(),
        2
    );
    let html = render_shortcode(
        views.clone(),
        "decision_widget",
        serde_json::json!({ "id": "valid" }),
    )
    .expect("widget");
    assert!(html.contains("data-versus-widget"));
    let html = render_shortcode(
        views.clone(),
        "signals",
        serde_json::json!({ "id": "valid", "option": "tea" }),
    )
    .expect("signals");
    let frag = Html::parse_fragment(&html);
    let items: Vec<String> = frag
        .select(&sel("li"))
        .map(|l| l.text().collect())
        .collect();
    assert_eq!(items, ["You are tired"]);
    let html = render_shortcode(
        views.clone(),
        "signals",
        serde_json::json!({ "id": "valid" }),
    )
    .expect("all signals");
    assert_eq!(
        Html::parse_fragment(&html)
            .select(&sel(".vs-signal-group"))
            .count(),
        2
    );

    let err = |name: &str, args: Value| -> String {
        let e = render_shortcode(views.clone(), name, args).expect_err("should fail");
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push_str(&format!(" / {s}"));
            src = s.source();
        }
        msg
    };
    let msg = err(
        "signals",
        serde_json::json!({ "id": "valid", "option": "te" }),
    );
    assert!(
        msg.contains("has no option `te`") && msg.contains("tea, coffee"),
        "{msg}"
    );
    let msg = err("comparison_table", serde_json::json!({ "id": "vaild" }));
    assert!(
        msg.contains("unknown comparison `vaild`") && msg.contains("did you mean `valid`"),
        "{msg}"
    );
    let msg = err("decision_widget", serde_json::json!({}));
    assert!(msg.contains("missing argument `id`"), "{msg}");
}

#[test]
fn data_json_has_resolved_links() {
    let c = comparison(&fixture_text());
    let v = view_of(&c);
    let text = data_json(&v);
    let data: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(data["options"][0]["url"], "/resolved/drinks/tea.md");
    assert_eq!(data["url"], "https://example.org/t/");
    assert_eq!(data["version"], 1);
    assert_eq!(
        data["options"][1]["summary_html"],
        "Roasted beans, see <a href=\"/resolved/drinks/coffee.md\">the guide</a>."
    );
    assert_eq!(data["dimensions"][0]["values"]["coffee"], "**More**");
    assert_eq!(
        data["dimensions"][0]["values_html"]["coffee"],
        "<strong>More</strong>"
    );
    assert_eq!(data["questions"][0]["answers"][0]["weights"]["coffee"], 2.0);
    assert!(text.ends_with("}\n"));
}

#[test]
fn broken_links_are_located() {
    let c = comparison(&fixture_text());
    let errs = view(&c, "/t/", "https://example.org/t/", &|l: &str| {
        Err(format!("no page {}", l.len()))
    })
    .expect_err("broken");
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!((errs[0].line, errs[0].column), (Some(9), Some(8)));
    assert_eq!((errs[1].line, errs[1].column), (Some(14), Some(43)));
    assert!(errs[0]
        .message
        .contains("broken link `@/drinks/tea.md`: no page 15"));
    assert_eq!(errs[1].line, Some(14));
}
