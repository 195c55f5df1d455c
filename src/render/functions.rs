//! Template functions: `get_url`, `get_page`, `get_section`, `now`,
//! `get_random`.
//! They read the model through shared handles, never a global.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use tera::{Function, Value};

use super::views::{RenderedContent, Views};
use crate::site::{Site, Target};

/// The model and (once Markdown is rendered) its content, shared with Tera.
#[derive(Clone)]
pub struct Shared {
    pub site: Arc<Site>,
    pub content: Arc<OnceLock<RenderedContent>>,
}

/// The string argument `name` of the template function `func`.
pub(super) fn string_arg<'a>(
    args: &'a HashMap<String, Value>,
    name: &str,
    func: &str,
) -> tera::Result<&'a str> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => {
            Err(format!("`{func}`: argument `{name}` must be a string, got {other}").into())
        }
        None => Err(format!("`{func}` needs the argument `{name}`").into()),
    }
}

/// `get_url(path="@/guides/a.md" | "style.css", absolute=false)`.
pub struct GetUrl(pub Shared);

impl Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "path", "get_url")?;
        let absolute = matches!(args.get("absolute"), Some(Value::Bool(true)));
        let config = &self.0.site.config;
        // The path is encoded for the URL; a `#fragment` or `?query` after
        // it is passed on as written.
        let (site_path, tail) = if path.starts_with("@/") {
            let (target, fragment) = self.0.site.lookup(path).map_err(tera::Error::msg)?;
            let p = self.0.site.target_path(target);
            (p, fragment.map(|f| format!("#{f}")).unwrap_or_default())
        } else {
            let path = path.trim_start_matches('/');
            let end = path.find(['?', '#']).unwrap_or(path.len());
            (path[..end].to_string(), path[end..].to_string())
        };
        let mut url = if absolute {
            config.permalink_of(&site_path)
        } else {
            config.url_of(&site_path)
        };
        url.push_str(&tail);
        Ok(Value::String(url))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `get_page(path="guides/a.md")`: the full page view.
pub struct GetPage(pub Shared);

impl Function for GetPage {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "path", "get_page")?;
        let link = format!("@/{}", path.trim_start_matches("@/"));
        let (target, _) = self.0.site.lookup(&link).map_err(tera::Error::msg)?;
        let Target::Page(i) = target else {
            return Err(format!(
                "get_page: `{path}` is not a page (use get_section for _index.md)"
            )
            .into());
        };
        let content = self
            .0
            .content
            .get()
            .ok_or_else(|| tera::Error::msg("get_page can't be used inside shortcodes"))?;
        let views = Views {
            site: &self.0.site,
            content,
        };
        Ok(tera::to_value(views.page(i))?)
    }
}

/// `get_section(path="guides/_index.md", limit=6)`: the section view with its
/// pages (the first `limit` of them, when given; `page_count` says how many
/// there are in all).
pub struct GetSection(pub Shared);

impl Function for GetSection {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "path", "get_section")?;
        let link = format!("@/{}", path.trim_start_matches("@/"));
        let (target, _) = self.0.site.lookup(&link).map_err(tera::Error::msg)?;
        let Target::Section(i) = target else {
            return Err(
                format!("get_section: `{path}` is not a section (`<folder>/_index.md`)").into(),
            );
        };
        let content = self
            .0
            .content
            .get()
            .ok_or_else(|| tera::Error::msg("get_section can't be used inside shortcodes"))?;
        let views = Views {
            site: &self.0.site,
            content,
        };
        Ok(tera::to_value(views.section_limited(i, limit_arg(args)?))?)
    }
}

/// The optional `limit` argument: list at most this many pages.
fn limit_arg(args: &HashMap<String, Value>) -> tera::Result<Option<usize>> {
    match args.get("limit") {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .map(|n| Some(n as usize))
            .ok_or_else(|| format!("`limit` must be a whole number, got {v}").into()),
    }
}

/// `now()`: the build time, RFC 3339 (UTC).
pub struct Now(pub String);

impl Function for Now {
    fn call(&self, _args: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(Value::String(self.0.clone()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `get_random(start=0, end=N)`: a number from `start` up to (not
/// including) `end`, different on each call, as Zola's (Tera's built-in)
/// gives it; themes use it for ids that must differ between the calls of a
/// shortcode on one page. A page that calls it differs from build to build.
pub fn get_random(args: &HashMap<String, Value>) -> tera::Result<Value> {
    use std::hash::{BuildHasher, Hasher};
    let number = |name: &str| match args.get(name) {
        None => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| {
            tera::Error::msg(format!(
                "`get_random`: `{name}` must be a whole number, got {v}"
            ))
        }),
    };
    let start = number("start")?.unwrap_or(0);
    let Some(end) = number("end")? else {
        return Err("`get_random` needs the argument `end`".into());
    };
    if end <= start {
        return Err(format!("`get_random`: `end` ({end}) must be above `start` ({start})").into());
    }
    // Each `RandomState` is keyed afresh from the process's random seed,
    // so its hash of nothing is a new random number.
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let span = end.abs_diff(start);
    let offset = i64::try_from(random % span).unwrap_or(0);
    Ok(Value::from(start + offset))
}

/// `markdown(inline=false)` filter: Markdown text to HTML, as Zola's
/// templates write `{{ body | markdown | safe }}`. Its `@/` links are
/// resolved as in a page (a broken one is an error, as in Zola); it holds
/// no shortcodes. A shortcode's `body` is HTML already, which Markdown
/// passes through; on a Zola site, its own shortcodes' `body` is the text
/// as written.
pub struct MarkdownFilter(pub Shared);

impl tera::Filter for MarkdownFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let site = &self.0.site;
        markdown_to_html(value, args, &|link: &str| site.resolve_link(link))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// The `markdown` filter's work, `@/` links resolved by `resolve`.
fn markdown_to_html(
    value: &Value,
    args: &HashMap<String, Value>,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> tera::Result<Value> {
    use pulldown_cmark::{Event, Tag};
    let Value::String(text) = value else {
        return Err(format!("`markdown`: expected text, got {value}").into());
    };
    let inline = matches!(args.get("inline"), Some(Value::Bool(true)));
    let mut broken = None;
    let parser =
        pulldown_cmark::Parser::new_ext(text, crate::markdown::options(false)).map(|mut event| {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                &mut event
            {
                if dest_url.starts_with("@/") {
                    match resolve(dest_url) {
                        Ok(url) => *dest_url = url.into(),
                        Err(e) => broken = broken.take().or(Some(format!("`{dest_url}`: {e}"))),
                    }
                }
            }
            event
        });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    if let Some(broken) = broken {
        return Err(format!("`markdown`: broken internal link {broken}").into());
    }
    if inline {
        if let Some(inner) = html
            .trim_end()
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .filter(|h| !h.contains("<p>"))
        {
            html = inner.to_string();
        }
    }
    Ok(Value::String(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_random_stays_in_its_range_and_varies() {
        let args = |pairs: &[(&str, Value)]| -> HashMap<String, Value> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        let draws: Vec<i64> = (0..200)
            .map(|_| {
                get_random(&args(&[
                    ("start", Value::from(-3)),
                    ("end", Value::from(4)),
                ]))
                .unwrap()
                .as_i64()
                .unwrap()
            })
            .collect();
        assert!(draws.iter().all(|n| (-3..4).contains(n)), "{draws:?}");
        // 200 draws from 7 numbers: each is there (a miss has odds ~1e-13).
        for n in -3..4 {
            assert!(draws.contains(&n), "{n} never drawn: {draws:?}");
        }
        let one = get_random(&args(&[("end", Value::from(1))])).unwrap();
        assert_eq!(one, Value::from(0), "start defaults to 0");
        let err = |a: HashMap<String, Value>| get_random(&a).unwrap_err().to_string();
        assert_eq!(err(args(&[])), "`get_random` needs the argument `end`");
        assert_eq!(
            err(args(&[("start", Value::from(5)), ("end", Value::from(5))])),
            "`get_random`: `end` (5) must be above `start` (5)"
        );
        assert_eq!(
            err(args(&[("end", Value::from("9"))])),
            "`get_random`: `end` must be a whole number, got \"9\""
        );
    }

    #[test]
    fn markdown_filter_renders_and_passes_html_through() {
        let resolve = |link: &str| match link {
            "@/a.md#b" => Ok("/docs/a/#b".to_string()),
            other => Err(format!("no page for `{other}`")),
        };
        let md = |text: &str, inline: bool| {
            let args = HashMap::from([("inline".to_string(), Value::Bool(inline))]);
            markdown_to_html(&Value::String(text.into()), &args, &resolve).unwrap()
        };
        assert_eq!(
            md("[a](@/a.md#b) ![i](@/a.md#b)", true),
            "<a href=\"/docs/a/#b\">a</a> <img src=\"/docs/a/#b\" alt=\"i\" />"
        );
        let err = markdown_to_html(
            &Value::String("[x](@/gone.md)".into()),
            &HashMap::new(),
            &resolve,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "`markdown`: broken internal link `@/gone.md`: no page for `@/gone.md`"
        );
        assert_eq!(md("*a*", false), "<p><em>a</em></p>\n");
        assert_eq!(md("*a*", true), "<em>a</em>");
        assert_eq!(md("<p>x</p>\n", false), "<p>x</p>\n");
    }
}
