//! What templates, the decision widget and `data.json` see of a comparison:
//! one JSON value computed once per build. Plain-text fields are left raw for
//! Tera's autoescaping; fields ending in `_html` are rendered Markdown in which
//! raw HTML has been escaped, and templates mark only those `| safe`.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};
use serde_json::{json, Map, Value};

use super::cell::{self, Cell, DimensionType, Typed};
use super::cell_html;
use super::dealbreakers;
use super::locate::Step;
use super::schema::DEFAULT_CLOSE_MARGIN;
use super::Comparison;
use crate::Error;

/// The version of `data.json`'s format, raised on any change that could
/// break a reader of it.
pub const DATA_VERSION: u32 = 1;

/// The JSON Schema of `data.json`, written once to every site with
/// comparisons, at [`data_schema_path`].
pub const DATA_SCHEMA: &str = include_str!("../../schemas/comparison-data.schema.json");

/// Where [`DATA_SCHEMA`] lands in the output: its name carries the version.
pub fn data_schema_path() -> String {
    format!("schemas/comparison-data-{DATA_VERSION}.json")
}

/// Link resolver handed in by the site: `@/...` (or plain) link → final URL,
/// or a message saying why it is broken.
pub type Resolve<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Everything templates and the widget need, as a JSON value, computed once
/// per build. `url` and `permalink` are the comparison page's root-relative
/// URL and absolute permalink. Broken `@/` links are errors located in the file.
pub fn view(
    c: &Comparison,
    url: &str,
    permalink: &str,
    resolve: Resolve<'_>,
) -> Result<Value, Vec<Error>> {
    let d = &c.data;
    let mut errors = Vec::new();
    let mut link = |target: &str, at: Vec<Step>| -> String {
        if !target.starts_with("@/") {
            return safe_href(target);
        }
        match resolve(target) {
            Ok(u) => u,
            Err(msg) => {
                let mut at = at;
                at.push(Step::Text(target.to_string()));
                let msg = if msg.contains(target) {
                    msg
                } else {
                    format!("broken link `{target}`: {msg}")
                };
                errors.push(c.error_at(msg, &at));
                target.to_string()
            }
        }
    };

    let short = |id: &str| -> String {
        d.options
            .iter()
            .find(|o| o.id == id)
            .map(|o| short_name(&o.short, &o.name))
            .unwrap_or_default()
    };

    let options: Vec<Value> = d
        .options
        .iter()
        .map(|o| {
            let at = vec![Step::key("options"), Step::id(&o.id)];
            let url = o.url.as_deref().map(|u| {
                let mut p = at.clone();
                p.push(Step::key("url"));
                link(u, p)
            });
            let mut p = at.clone();
            p.push(Step::key("summary"));
            let summary_html = render_inline(&o.summary, &mut |t| link(t, p.clone()));
            json!({
                "id": o.id,
                "name": o.name,
                "short": short_name(&o.short, &o.name),
                "summary": o.summary,
                "summary_html": summary_html,
                "url": url,
            })
        })
        .collect();

    let dimensions: Vec<Value> = d
        .dimensions
        .iter()
        .map(|dim| {
            let typed: Vec<Option<(&Cell, Typed<'_>)>> = d
                .options
                .iter()
                .map(|o| {
                    let cell = dim.values.get(&o.id)?;
                    cell::check(dim.kind, dim.max(), cell)
                        .ok()
                        .map(|t| (cell, t))
                })
                .collect();
            let keys: Vec<Option<f64>> = typed
                .iter()
                .map(|t| t.as_ref().and_then(|(_, t)| cell_html::sort_key(t)))
                .collect();
            let best = cell_html::best(dim, &keys);
            let cells: Vec<Value> = d
                .options
                .iter()
                .zip(&typed)
                .zip(&keys)
                .map(|((o, t), key)| {
                    let is_best = best.is_some() && *key == best;
                    let (value, note, plain, html) = match t {
                        Some((cell, Typed::Text(md))) => {
                            let at = vec![
                                Step::key("dimensions"),
                                Step::id(&dim.id),
                                Step::key("values"),
                                Step::key(&o.id),
                            ];
                            let html = render_inline(md, &mut |t| link(t, at.clone()));
                            (json!(cell.value), None, None, html)
                        }
                        Some((cell, t)) => (
                            json!(cell.value),
                            cell.note.clone(),
                            cell_html::plain(t, dim),
                            cell_html::html(t, dim, cell.note.as_deref(), is_best),
                        ),
                        None => (Value::Null, None, None, String::new()),
                    };
                    json!({
                        "option": o.id,
                        "short": short(&o.id),
                        "value": value,
                        "text": plain,
                        "note": note,
                        "html": html,
                        "sort": key,
                        "best": is_best,
                    })
                })
                .collect();
            let first = cells.first().map(|c| (&c["value"], &c["note"]));
            let differs = cells
                .iter()
                .any(|c| Some((&c["value"], &c["note"])) != first);
            json!({
                "id": dim.id,
                "label": dim.label,
                "type": dim.kind,
                "group": dim.group,
                "unit": dim.unit,
                "better": dim.better,
                "max": (dim.kind == DimensionType::Rating).then(|| dim.max()),
                "differs": differs,
                "cells": cells,
            })
        })
        .collect();

    // Consecutive rows of the same group, for group headings.
    let mut groups: Vec<Value> = Vec::new();
    for (dim, v) in d.dimensions.iter().zip(&dimensions) {
        match groups.last_mut() {
            Some(g) if g["label"].as_str() == dim.group.as_deref() => {
                if let Some(rows) = g["dimensions"].as_array_mut() {
                    rows.push(v.clone());
                }
            }
            _ => groups.push(json!({ "label": dim.group, "dimensions": [v] })),
        }
    }

    // Weights in option order, as lists, so templates need no map lookups.
    let weights = |w: &std::collections::BTreeMap<String, f64>| -> Vec<Value> {
        d.options
            .iter()
            .filter_map(|o| {
                w.get(&o.id)
                    .map(|x| json!({ "option": o.id, "short": short(&o.id), "weight": x }))
            })
            .collect()
    };
    let weight_map = |w: &std::collections::BTreeMap<String, f64>| -> Value {
        Value::Object(w.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
    };

    // Deal-breakers, worked out here so the widget only applies a list.
    let ruled_out = |a: &super::schema::Answer| -> Vec<Value> {
        dealbreakers::rules_out(d, a)
            .into_iter()
            .map(|r| json!({ "option": r.option, "short": short(&r.option), "reason": r.reason }))
            .collect()
    };

    let signals: Vec<Value> = d
        .signals
        .iter()
        .map(|s| json!({ "id": s.id, "text": s.text, "weights": weights(&s.weights) }))
        .collect();

    let mut signals_for = Map::new();
    let signals_by_option: Vec<Value> = d
        .options
        .iter()
        .map(|o| {
            let mut list: Vec<(f64, Value)> = d
                .signals
                .iter()
                .filter_map(|s| {
                    let w = *s.weights.get(&o.id)?;
                    (w > 0.0).then(|| (w, json!({ "id": s.id, "text": s.text, "weight": w })))
                })
                .collect();
            list.sort_by(|a, b| b.0.total_cmp(&a.0));
            let list: Vec<Value> = list.into_iter().map(|(_, v)| v).collect();
            signals_for.insert(o.id.clone(), Value::Array(list.clone()));
            json!({
                "option": { "id": o.id, "name": o.name, "short": short_name(&o.short, &o.name) },
                "signals": list,
            })
        })
        .collect();

    let questions: Vec<Value> = d
        .questions
        .iter()
        .map(|q| {
            let answers: Vec<Value> = q
                .answers
                .iter()
                .map(|a| {
                    json!({
                        "id": a.id,
                        "label": a.label,
                        "explain": a.explain,
                        "weights": weights(&a.weights),
                        "rules_out": ruled_out(a),
                    })
                })
                .collect();
            json!({
                "id": q.id,
                "prompt": q.prompt,
                "kind": q.kind,
                "multiple": q.kind == super::schema::QuestionKind::Multiple,
                "answers": answers,
            })
        })
        .collect();

    let outcomes = match &d.outcomes {
        Some(out) => json!({
            "close_margin": out.close_margin,
            "close": out.close,
            "wins": out.wins,
            "combinations": out.combinations,
        }),
        None => json!({
            "close_margin": DEFAULT_CLOSE_MARGIN,
            "close": null,
            "wins": {},
            "combinations": [],
        }),
    };

    // The widget reads only this (plain text; it sets textContent, never HTML).
    let widget = json!({
        "id": c.id(),
        "options": d.options.iter().map(|o| json!({
            "id": o.id, "name": o.name, "short": short_name(&o.short, &o.name),
        })).collect::<Vec<_>>(),
        "questions": d.questions.iter().map(|q| json!({
            "id": q.id,
            "kind": q.kind,
            "answers": q.answers.iter().map(|a| json!({
                "id": a.id, "label": a.label, "explain": a.explain, "weights": weight_map(&a.weights),
                "rules_out": ruled_out(a),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "signals": d.signals.iter().map(|s| json!({
            "id": s.id, "text": s.text, "weights": weight_map(&s.weights),
        })).collect::<Vec<_>>(),
        "outcomes": outcomes,
    });

    // The machine-readable copy: the data as written, links resolved, and
    // every Markdown field beside its `_html` twin. Its format is
    // `schemas/comparison-data.schema.json`; see docs/data-json.md.
    let data = json!({
        "version": DATA_VERSION,
        "id": c.id(),
        "title": d.title,
        "description": d.description,
        "url": permalink,
        "options": options.iter().map(|o| json!({
            "id": o["id"], "name": o["name"], "short": o["short"], "summary": o["summary"],
            "summary_html": o["summary_html"], "url": o["url"],
        })).collect::<Vec<_>>(),
        "dimensions": d.dimensions.iter().zip(&dimensions).map(|(dim, v)| json!({
            "id": dim.id,
            "label": dim.label,
            "type": dim.kind,
            "group": dim.group,
            "unit": dim.unit,
            "better": dim.better,
            "max": v["max"],
            "values": dim.values,
            "values_html": v["cells"].as_array().map(|cells| cells.iter()
                .map(|c| (c["option"].as_str().unwrap_or_default().to_string(), c["html"].clone()))
                .collect::<Map<_, _>>()),
        })).collect::<Vec<_>>(),
        "signals": d.signals,
        "questions": d.questions,
        "outcomes": outcomes,
    });

    let data_url = format!("{url}data.json");
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(json!({
        "id": c.id(),
        "path": c.path(),
        "title": d.title,
        "description": d.description,
        "url": url,
        "permalink": permalink,
        "data_url": data_url,
        "options": options,
        "dimensions": dimensions,
        "groups": groups,
        "signals": signals,
        "signals_by_option": signals_by_option,
        "signals_for": signals_for,
        "questions": questions,
        "outcomes": outcomes,
        "widget": widget,
        "pairs": if d.pairs { super::pairs::links(d, url) } else { Vec::new() },
        "data": data,
    }))
}

/// The machine-readable copy written to `<comparison path>/data.json`: the
/// view's `data`, pretty-printed, ending in a newline.
pub fn data_json(view: &Value) -> String {
    let data = view.get("data").unwrap_or(view);
    let mut out = serde_json::to_string_pretty(data).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

fn short_name(short: &str, name: &str) -> String {
    if short.trim().is_empty() {
        name.to_string()
    } else {
        short.to_string()
    }
}

/// `javascript:`, `vbscript:` and `data:` URLs would run code on click; they
/// become `#`.
fn safe_href(url: &str) -> String {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        "#".to_string()
    } else {
        url.to_string()
    }
}

fn md_options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// Every `@/` link target in a Markdown text.
pub fn markdown_links(md: &str) -> Vec<String> {
    Parser::new_ext(md, md_options())
        .filter_map(|ev| match ev {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with("@/") =>
            {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Markdown → HTML without the wrapping `<p>` of a single paragraph. Raw HTML
/// in the text is escaped, not passed through; links go through `link`.
pub fn render_inline(md: &str, link: &mut dyn FnMut(&str) -> String) -> String {
    let events = Parser::new_ext(md, md_options()).map(|ev| match ev {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(link(&dest_url)),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(link(&dest_url)),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    let trimmed = out.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_escapes_html_and_resolves_links() {
        let mut seen = Vec::new();
        let html = render_inline(
            "**ERP** <img src=x onerror=alert(1)> [guide](@/g.md) [x](javascript:alert(1))",
            &mut |t| {
                seen.push(t.to_string());
                if t.starts_with("@/") {
                    "/g/".to_string()
                } else {
                    safe_href(t)
                }
            },
        );
        assert_eq!(
            html,
            "<strong>ERP</strong> &lt;img src=x onerror=alert(1)&gt; <a href=\"/g/\">guide</a> <a href=\"#\">x</a>"
        );
        assert_eq!(seen, ["@/g.md", "javascript:alert(1)"]);
    }

    #[test]
    fn two_paragraphs_keep_their_tags() {
        let html = render_inline("a\n\nb", &mut |t| t.to_string());
        assert_eq!(html, "<p>a</p>\n<p>b</p>");
    }

    #[test]
    fn finds_internal_links() {
        assert_eq!(
            markdown_links("[a](@/a.md) [b](https://x.org) ![c](@/c.png)"),
            ["@/a.md", "@/c.png"]
        );
    }
}
