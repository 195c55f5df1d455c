//! The `toc_list` filter: a table of contents (`page.toc`, `section.toc`)
//! as nested ordered lists, written here rather than by a recursive macro
//! (like Hugo's `.TableOfContents`). A page's TOC is rendered on every
//! page; in a template each entry costs thousands of instructions (every
//! lookup, every macro call), here a few dozen.
//!
//! `{{ page.toc | toc_list(class="toc-list") }}` gives
//! `<ol class="toc-list" role="list">`, then per entry a line
//! `<li><a href="#id">title</a>…</li>` with its children's list inside
//! the `<li>`, and `</ol>` on a line of its own. `class` is optional
//! (`toc-list`); the role keeps list semantics where styles remove the
//! markers.

use std::collections::HashMap;

use tera::Value;

use crate::html_escape::push_escaped;

/// The name templates use.
pub const NAME: &str = "toc_list";

/// The filter (a type of its own: its HTML must not be escaped again).
pub struct TocList;

impl tera::Filter for TocList {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let class = match args.get("class") {
            None => "toc-list",
            Some(Value::String(class)) => class.as_str(),
            Some(other) => {
                return Err(format!("`{NAME}`: `class` must be a string, got {other}").into())
            }
        };
        let Value::Array(entries) = value else {
            return Err(
                format!("`{NAME}` lists a table of contents (`page.toc`), got {value}").into(),
            );
        };
        let mut out = String::with_capacity(64 + 96 * entries.len());
        push_list(&mut out, class, entries)?;
        // Themes show a TOC twice (beside the article, and above it on
        // small screens): the link check reads it once.
        crate::links::fragments::note_own(out.clone());
        Ok(Value::String(out))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Append the list of `entries` (and, inside each, its children's).
fn push_list(out: &mut String, class: &str, entries: &[Value]) -> tera::Result<()> {
    out.push_str("<ol class=\"");
    push_escaped(out, class);
    out.push_str("\" role=\"list\">");
    for entry in entries {
        let field = |name: &str| entry.get(name).and_then(Value::as_str);
        let (Some(id), Some(title)) = (field("id"), field("title")) else {
            return Err(
                format!("`{NAME}`: a TOC entry has an `id` and a `title`, got {entry}").into(),
            );
        };
        out.push_str("\n  <li><a href=\"#");
        push_escaped(out, id);
        out.push_str("\">");
        push_escaped(out, title);
        out.push_str("</a>");
        match entry.get("children") {
            Some(Value::Array(children)) if !children.is_empty() => {
                push_list(out, class, children)?
            }
            _ => {}
        }
        out.push_str("</li>");
    }
    out.push_str("\n</ol>");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::{Context, Filter, Tera};

    /// The default theme's TOC macro before this filter: the filter must
    /// give the same HTML.
    const MACRO: &str = r##"{% macro toc(items) -%}
<ol class="toc-list" role="list">
{%- for h in items %}
  <li><a href="#{{ h.id }}">{{ h.title }}</a>
  {%- if h.children %}{{ self::toc(items=h.children) }}{% endif -%}
  </li>
{%- endfor %}
</ol>
{%- endmacro toc %}"##;

    #[test]
    fn gives_what_the_themes_macro_gave() {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::html_escape::escape_attr);
        tera.register_filter(NAME, TocList);
        tera.add_raw_templates([
            ("m.html", MACRO),
            (
                "by_macro.html",
                r#"{% import "m.html" as m %}{{ m::toc(items=toc) }}"#,
            ),
            ("by_filter.html", "{{ toc | toc_list }}"),
        ])
        .unwrap();
        let toc = serde_json::json!([
            {"level": 2, "id": "a", "title": "A <b> & \"c\"", "children": [
                {"level": 3, "id": "a-1", "title": "A.1", "children": []},
                {"level": 3, "id": "a'2", "title": "A.2", "children": [
                    {"level": 4, "id": "deep", "title": "Deep", "children": []}
                ]}
            ]},
            {"level": 2, "id": "b", "title": "B", "children": []}
        ]);
        for toc in [toc, serde_json::json!([])] {
            let mut ctx = Context::new();
            ctx.insert("toc", &toc);
            let by_macro = tera.render("by_macro.html", &ctx).unwrap();
            assert_eq!(tera.render("by_filter.html", &ctx).unwrap(), by_macro);
        }
    }

    #[test]
    fn other_values_are_errors() {
        let args = HashMap::new();
        let err = TocList.filter(&Value::Null, &args).unwrap_err();
        assert!(err.to_string().contains("table of contents"), "{err}");
        let err = TocList
            .filter(&serde_json::json!([{"id": "a"}]), &args)
            .unwrap_err();
        assert!(err.to_string().contains("`title`"), "{err}");
        let class = HashMap::from([("class".to_string(), Value::Bool(true))]);
        let err = TocList.filter(&serde_json::json!([]), &class).unwrap_err();
        assert!(err.to_string().contains("`class`"), "{err}");
    }
}
