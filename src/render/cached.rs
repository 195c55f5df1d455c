//! `cached_partial(path=…, key=…, current=…, …)`: a template rendered once
//! per key and build, its HTML reused for every later call with that key
//! (Hugo's `partialCached`). A theme's nav, header and footer are the same
//! on every page of a section: rendered once, not once per page.
//!
//! The partial sees the context of the template that calls it (the
//! output's `config`, `nav`, `page`, …; not its `set` or loop variables),
//! and the other arguments on top. Tera copies every argument of a function
//! call, so a nav passed as `nav=nav` would be copied on every page;
//! [`with_caller`] lends the context instead, by reference, for as long as
//! a template renders. (Other arguments cost a copy of that context when
//! the partial is rendered, once per key; without them it is not copied.) `key` must tell apart everything the partial's
//! output depends on; the caller chooses it. `current` (a URL) marks the
//! links to the current page without a render of their own: every
//! `href="<current>"` in the HTML gets ` aria-current="page"` after it.
//! What a call returns is noted for the link check
//! (`crate::links::fragments`), which then reads the partial's links once,
//! not in every output.
//!
//! Tera hands a function only its arguments, so the function keeps its own
//! copy of the compiled templates (with every function registered) to
//! render with: strong in the instance registered on the render's `Tera`,
//! weak in the copy's own, so the two do not keep each other alive.
//!
//! The filter form, `{{ p | cached_partial(path=…, key=…, as="p") }}`,
//! serves a partial made from one value: a page's card in every listing
//! that shows the page. Tera lends a filter the value it filters, where a
//! function gets a copy of each argument on every call, so a call whose
//! HTML is already made costs a lookup. The partial sees that value alone,
//! under the name `as` gives (`value` if none), and nothing of the caller.
//! Its HTML is not noted for the link check: a card is in a few outputs,
//! where finding the note in each would cost what its scan saves.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use rustc_hash::FxHashMap;
use tera::{Context, Filter, Function, Tera, Value};

/// The name templates call.
pub const NAME: &str = "cached_partial";

/// HTML kept at most: past it the cache starts afresh, so a key per page
/// (a mistake, or a theme's choice) costs renders, not memory that grows
/// with the site.
const CAPACITY: usize = 8 * 1024 * 1024;

/// Bytes the filter form keeps at most (its HTML, keys and their upkeep):
/// past it, what is kept stays and the rest is rendered on every call, as
/// without a cache. A key per page is what the filter form is for (a card
/// per page), so starting afresh would throw away the cards still to be
/// shown, and keeping them all would grow with the site: ~10,000 cards of
/// the default theme's, ~450 bytes each.
const FILTER_CAPACITY: usize = 5 * 1024 * 1024;

/// Register `cached_partial` on `tera`, with a fresh cache: call once per
/// render, after every other function is registered (the partials are
/// rendered with a copy of `tera` as it is then).
pub fn register(tera: &mut Tera) {
    let copy = Arc::new(OnceLock::new());
    let caches = Arc::new(Caches::default());
    let mut inner = tera.clone();
    let weak = CachedPartial {
        tera: Handle::Weak(Arc::downgrade(&copy)),
        caches: caches.clone(),
    };
    inner.register_function(NAME, weak.clone());
    inner.register_filter(NAME, weak);
    // Set just now, on a lock no one else has seen: cannot be full.
    let _ = copy.set(inner);
    let strong = CachedPartial {
        tera: Handle::Strong(copy),
        caches,
    };
    tera.register_function(NAME, strong.clone());
    tera.register_filter(NAME, strong);
}

/// The templates a partial is rendered with.
#[derive(Clone)]
enum Handle {
    Strong(Arc<OnceLock<Tera>>),
    Weak(Weak<OnceLock<Tera>>),
}

/// Rendered partials by template and key, and the bytes they hold.
#[derive(Default)]
struct Cache {
    html: FxHashMap<String, Partial>,
    bytes: usize,
}

/// The caches of one render: the function form's partials, many outputs
/// each (a nav, a header), and the filter form's, a few outputs each (a
/// page's card).
#[derive(Default)]
struct Caches {
    function: Mutex<Cache>,
    filter: Mutex<Cache>,
}

/// Which form of `cached_partial` a partial is for.
#[derive(Clone, Copy)]
enum Form {
    Function,
    Filter,
}

/// A rendered partial, and where its links' URLs are, so `current` is
/// marked without a search through the HTML on every call.
#[derive(Clone)]
struct Partial {
    html: Arc<str>,
    /// Byte range of the value of every `href="…"` that follows
    /// whitespace, in order.
    hrefs: Arc<[(usize, usize)]>,
}

impl Partial {
    fn new(html: String) -> Partial {
        let hrefs = hrefs(&html);
        Partial {
            html: html.into(),
            hrefs,
        }
    }
}

#[derive(Clone)]
struct CachedPartial {
    tera: Handle,
    caches: Arc<Caches>,
}

scoped_tls::scoped_thread_local! {
    /// The context of the template this thread is rendering.
    static CALLER: Context
}

/// Render with `ctx` as the context `cached_partial` calls made meanwhile
/// on this thread render their partials with (see the module docs).
pub fn with_caller<R>(ctx: &Context, render: impl FnOnce() -> R) -> R {
    CALLER.set(ctx, render)
}

thread_local! {
    /// The partials this thread is rendering (one inside another): a
    /// partial that calls itself is an error, not a stack overflow.
    static RENDERING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

impl Function for CachedPartial {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let (path, slot) = path_and_slot(args)?;
        let current = match args.get("current") {
            None | Some(Value::Null) => None,
            Some(Value::String(c)) => Some(c.as_str()),
            Some(other) => {
                return Err(format!("`{NAME}`: `current` must be a URL, got {other}").into())
            }
        };
        let partial = self.found_or_made(Form::Function, slot, || self.render(path, args))?;
        let text = match current {
            Some(url) => mark_current(&partial.html, &partial.hrefs, url),
            None => partial.html.to_string(),
        };
        // The link check reads this HTML once, not in every output.
        crate::links::fragments::note(text.clone(), partial.html);
        Ok(Value::String(text))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

impl Filter for CachedPartial {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let (path, mut slot) = path_and_slot(args)?;
        let name = match args.get("as") {
            None => "value",
            Some(Value::String(name)) if !name.is_empty() => name.as_str(),
            Some(other) => {
                return Err(format!(
                    "`{NAME}`: `as` must be the name the partial knows the value by, got {other}"
                )
                .into())
            }
        };
        if let Some(other) = args
            .keys()
            .find(|k| !matches!(k.as_str(), "path" | "key" | "as"))
        {
            return Err(format!(
                "`{NAME}` as a filter takes `path`, `key` and `as`, not `{other}`: its partial sees the filtered value alone"
            )
            .into());
        }
        // Apart from another name's.
        slot.push('\u{1}');
        slot.push_str(name);
        let partial = self.found_or_made(Form::Filter, slot, || {
            // Taken as it is: `Context::insert` would serialize the value
            // into a copy of itself.
            let mut only = tera::Map::new();
            only.insert(name.to_string(), value.clone());
            let ctx = Context::from_value(Value::Object(only))?;
            self.render_with(path, &ctx)
        })?;
        Ok(Value::String(partial.html.to_string()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The `path` of a call, and its slot in the cache: the path and the key.
fn path_and_slot(args: &HashMap<String, Value>) -> tera::Result<(&str, String)> {
    let path = match args.get("path") {
        Some(Value::String(p)) => p.as_str(),
        Some(other) => {
            return Err(format!("`{NAME}`: `path` must be a template name, got {other}").into())
        }
        None => return Err(format!("`{NAME}` needs `path`, the template to render").into()),
    };
    let Some(key) = args.get("key") else {
        return Err(format!(
            "`{NAME}` needs `key`: calls with the same key share one render of `{path}`"
        )
        .into());
    };
    let mut slot = String::with_capacity(path.len() + 32);
    slot.push_str(path);
    slot.push('\0');
    match key {
        Value::String(k) => slot.push_str(k),
        other => slot.push_str(&other.to_string()),
    }
    Ok((path, slot))
}

impl CachedPartial {
    /// The cache of `form`'s partials.
    fn cache(&self, form: Form) -> std::sync::MutexGuard<'_, Cache> {
        let cache = match form {
            Form::Function => &self.caches.function,
            Form::Filter => &self.caches.filter,
        };
        cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The partial in `slot` of `form`'s cache, made by `make` and kept if
    /// it is not there and there is room.
    fn found_or_made(
        &self,
        form: Form,
        slot: String,
        make: impl FnOnce() -> tera::Result<String>,
    ) -> tera::Result<Partial> {
        if let Some(partial) = self.cache(form).html.get(&slot) {
            return Ok(partial.clone());
        }
        let partial = Partial::new(make()?);
        let mut cache = self.cache(form);
        match form {
            Form::Function => {
                if cache.bytes + partial.html.len() > CAPACITY {
                    cache.html.clear();
                    cache.bytes = 0;
                }
                cache.bytes += partial.html.len();
            }
            Form::Filter => {
                // The map's entry, the key's and the HTML's allocations.
                let bytes = partial.html.len() + slot.len() + 96;
                if cache.bytes + bytes > FILTER_CAPACITY {
                    return Ok(partial);
                }
                cache.bytes += bytes;
            }
        }
        cache.html.insert(slot, partial.clone());
        Ok(partial)
    }

    /// Render `path` with the caller's context and the arguments other
    /// than `path`, `key` and `current` on top.
    fn render(&self, path: &str, args: &HashMap<String, Value>) -> tera::Result<String> {
        let extra: Vec<(&String, &Value)> = args
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "path" | "key" | "current"))
            .collect();
        if extra.is_empty() && CALLER.is_set() {
            // The caller's context as it is: lent again, not copied.
            return CALLER.with(|ctx| self.render_with(path, ctx));
        }
        let mut ctx = if CALLER.is_set() {
            CALLER.with(Context::clone)
        } else {
            Context::new()
        };
        for (name, value) in extra {
            ctx.insert(name.as_str(), value);
        }
        self.render_with(path, &ctx)
    }

    /// Render `path` with `ctx`, which its own `cached_partial` calls see.
    fn render_with(&self, path: &str, ctx: &Context) -> tera::Result<String> {
        let held;
        let copy = match &self.tera {
            Handle::Strong(copy) => copy,
            Handle::Weak(copy) => {
                held = copy
                    .upgrade()
                    .ok_or_else(|| tera::Error::msg(format!("`{NAME}` outlived its render")))?;
                &held
            }
        };
        let tera = copy
            .get()
            .ok_or_else(|| tera::Error::msg(format!("`{NAME}` called before it was set up")))?;
        if !tera.get_template_names().any(|n| n == path) {
            return Err(format!("`{NAME}`: there is no template `{path}`").into());
        }
        let entered = RENDERING.with(|stack| {
            let mut stack = stack.borrow_mut();
            if stack.iter().any(|p| p == path) {
                return false;
            }
            stack.push(path.to_string());
            true
        });
        if !entered {
            return Err(format!(
                "`{NAME}`: `{path}` calls `{NAME}` for itself, which would never end"
            )
            .into());
        }
        let rendered = with_caller(ctx, || tera.render(path, ctx));
        RENDERING.with(|stack| stack.borrow_mut().pop());
        rendered.map_err(|e| tera::Error::chain(format!("`{NAME}`: rendering `{path}`"), e))
    }
}

/// The templates `text` renders through `cached_partial`, so a change to
/// them reaches the outputs of `text` (the dev server's fingerprints):
/// `None` when a call computes its `path`, which could then be any template.
pub fn partials_in(text: &str) -> Option<Vec<&str>> {
    let mut names = Vec::new();
    for (at, call) in text.match_indices(NAME) {
        let args = &text[at + call.len()..];
        let Some(args) = args.trim_start().strip_prefix('(') else {
            continue;
        };
        let end = ["}}", "%}"]
            .iter()
            .filter_map(|close| args.find(close))
            .min()
            .unwrap_or(args.len());
        let args = &args[..end];
        let value = crate::template_names::argument(args, "path");
        let quote = value.and_then(|v| v.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')));
        let (Some(value), Some(quote)) = (value, quote) else {
            return None;
        };
        let name = &value[1..];
        names.push(&name[..name.find(quote).unwrap_or(name.len())]);
    }
    Some(names)
}

/// The byte range of the value of every `href="…"` in `html` that follows
/// whitespace (not the end of `data-href`), in order; a value runs to the
/// next `"`, or to the end.
fn hrefs(html: &str) -> Arc<[(usize, usize)]> {
    const OPEN: &[u8] = b"href=\"";
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, OPEN)
        .filter(|&at| at > 0 && bytes[at - 1].is_ascii_whitespace())
        .map(|at| {
            let start = at + OPEN.len();
            let end = memchr::memchr(b'"', &bytes[start..]).map_or(bytes.len(), |e| start + e);
            (start, end)
        })
        .collect()
}

/// `html` with ` aria-current="page"` after every `href` attribute (at
/// `hrefs`, from [`hrefs`]) whose value is `url`, escaped as the templates
/// escape it.
fn mark_current(html: &str, hrefs: &[(usize, usize)], url: &str) -> String {
    if url.is_empty() {
        return html.to_string();
    }
    let mut value = String::with_capacity(url.len() + 8);
    crate::html_escape::push_escaped(&mut value, url);
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    for &(start, end) in hrefs {
        if html.as_bytes()[start..end] != *value.as_bytes() || end == html.len() {
            continue;
        }
        // Past the closing quote.
        let end = end + 1;
        out.push_str(&html[copied..end]);
        out.push_str(" aria-current=\"page\"");
        copied = end;
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        tera.autoescape_on(vec![".html"]);
        register(&mut tera);
        tera
    }

    #[test]
    fn renders_once_per_key_and_marks_the_current_link() {
        let tera = tera(&[
            (
                "nav.html",
                r#"<a href="/a/">{{ n }}</a> <a href="/b/">b</a> <a data-href="/b/">x</a>"#,
            ),
            (
                "page.html",
                r#"{{ cached_partial(path="nav.html", key=k, current=cur, n=n) }}"#,
            ),
        ]);
        let render = |k: &str, cur: &str, n: u32| {
            let mut ctx = Context::new();
            ctx.insert("k", k);
            ctx.insert("cur", cur);
            ctx.insert("n", &n);
            tera.render("page.html", &ctx).unwrap()
        };
        assert_eq!(
            render("s", "/b/", 1),
            r#"<a href="/a/">1</a> <a href="/b/" aria-current="page">b</a> <a data-href="/b/">x</a>"#
        );
        // Same key: the first render's HTML, even though `n` changed.
        assert_eq!(
            render("s", "/a/", 2),
            r#"<a href="/a/" aria-current="page">1</a> <a href="/b/">b</a> <a data-href="/b/">x</a>"#
        );
        assert!(render("t", "", 3).starts_with(r#"<a href="/a/">3</a>"#));
    }

    #[test]
    fn the_current_link_is_marked_wherever_its_href_is_written_out() {
        // What the marking must equal: every `href="<url>"` after
        // whitespace, found in the text.
        fn by_search(html: &str, url: &str) -> String {
            let mut needle = String::from("href=\"");
            crate::html_escape::push_escaped(&mut needle, url);
            needle.push('"');
            let mut out = String::new();
            let mut copied = 0;
            for (at, _) in html.match_indices(&needle) {
                if html[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
                    out.push_str(&html[copied..at + needle.len()]);
                    out.push_str(" aria-current=\"page\"");
                    copied = at + needle.len();
                }
            }
            out + &html[copied..]
        }
        let html = concat!(
            "<a href=\"/a/\">a</a><a\nhref=\"/a/\">again</a><a data-href=\"/a/\">x</a>",
            "<a href=\"/a/b/\">b</a><a href=\"/q?x=1&amp;y=2\">q</a><a href=\"/a/ href=\"/a/\">",
            "<a href=/a/>bare</a><a href=\"\">empty</a><a href=\"/a/"
        );
        let hrefs = hrefs(html);
        for url in ["/a/", "/a/b/", "/q?x=1&y=2", "/missing/", ""] {
            let marked = mark_current(html, &hrefs, url);
            let expected = if url.is_empty() {
                html.to_string()
            } else {
                by_search(html, url)
            };
            assert_eq!(marked, expected, "{url}");
        }
        assert_eq!(
            mark_current(html, &hrefs, "/a/")
                .matches("aria-current")
                .count(),
            3
        );
    }

    #[test]
    fn a_partial_sees_the_callers_context_and_its_arguments_on_top() {
        let tera = tera(&[
            ("nav.html", "{{ site }} {{ n }}"),
            ("footer.html", "{{ site }}"),
            (
                "page.html",
                r#"{% set site = "set" %}{{ cached_partial(path="nav.html", key=1, n=2) }} {{ cached_partial(path="footer.html", key=1) }}"#,
            ),
        ]);
        let mut ctx = Context::new();
        ctx.insert("site", "docs");
        ctx.insert("n", &1);
        // The caller's context, not its `set` variables; `n` from the call.
        let html = with_caller(&ctx, || tera.render("page.html", &ctx)).unwrap();
        assert_eq!(html, "docs 2 docs");
    }

    #[test]
    fn the_filter_form_renders_once_per_key_from_the_value_alone() {
        let tera = tera(&[
            (
                "card.html",
                "{{ p.title }}{% if site %} {{ site }}{% endif %}",
            ),
            ("plain.html", "{{ value }}"),
            (
                "list.html",
                r#"{% for p in pages %}[{{ p | cached_partial(path="card.html", key=p.path, as="p") }}]{% endfor %}{{ 7 | cached_partial(path="plain.html", key="n") }}"#,
            ),
        ]);
        let render = |pages: serde_json::Value| {
            let mut ctx = Context::new();
            ctx.insert("pages", &pages);
            ctx.insert("site", "docs");
            with_caller(&ctx, || tera.render("list.html", &ctx)).unwrap()
        };
        let a = serde_json::json!({"path": "a", "title": "A"});
        let b = serde_json::json!({"path": "b", "title": "B"});
        // The caller's `site` is not seen; `value` is the default name.
        assert_eq!(render(serde_json::json!([a, b])), "[A][B]7");
        // A key seen before: its first HTML, whatever the value is now.
        let renamed = serde_json::json!({"path": "a", "title": "Renamed"});
        assert_eq!(render(serde_json::json!([renamed])), "[A]7");
    }

    #[test]
    fn the_filter_form_keeps_what_it_has_when_full() {
        let tera = tera(&[
            ("big.html", "{{ value.n }}{{ value.pad | safe }}"),
            (
                "page.html",
                r#"{{ v | cached_partial(path="big.html", key=k) }}"#,
            ),
        ]);
        let pad = "x".repeat(1024 * 1024);
        let render = |key: usize, n: u32| {
            let mut ctx = Context::new();
            ctx.insert("v", &serde_json::json!({"n": n, "pad": pad}));
            ctx.insert("k", &key);
            let html = tera.render("page.html", &ctx).unwrap();
            html[..1].to_string()
        };
        let first: Vec<String> = (0..6).map(|key| render(key, 1)).collect();
        assert_eq!(first, ["1"; 6]);
        // Four of a mebibyte fit in five; the first four stay, the rest are
        // rendered again.
        let again: Vec<String> = (0..6).map(|key| render(key, 2)).collect();
        assert_eq!(again, ["1", "1", "1", "1", "2", "2"]);
    }

    #[test]
    fn the_filter_form_takes_no_other_arguments() {
        let tera = tera(&[
            ("card.html", "{{ p }}"),
            (
                "extra.html",
                r#"{{ 1 | cached_partial(path="card.html", key=1, as="p", n=2) }}"#,
            ),
            (
                "as.html",
                r#"{{ 1 | cached_partial(path="card.html", key=1, as=3) }}"#,
            ),
        ]);
        let message = |name: &str| {
            let err = tera.render(name, &Context::new()).unwrap_err();
            super::super::templates::chain(&err)
        };
        assert!(
            message("extra.html").contains("takes `path`, `key` and `as`, not `n`"),
            "{}",
            message("extra.html")
        );
        assert!(message("as.html").contains("`as` must be the name"));
    }

    #[test]
    fn partials_named_in_a_template_are_found() {
        let text = r#"{{ cached_partial(path="a.html", key=1) }} {{ cached_partial( key=x, path = 'b.html') }}"#;
        assert_eq!(partials_in(text), Some(vec!["a.html", "b.html"]));
        assert_eq!(partials_in("{{ cached_partial(path=name, key=1) }}"), None);
        assert_eq!(partials_in("no partials"), Some(vec![]));
        let filter = r#"{{ p | cached_partial(path="card.html", key=p.path, as="p") }}"#;
        assert_eq!(partials_in(filter), Some(vec!["card.html"]));
    }

    #[test]
    fn a_partial_that_calls_itself_is_an_error() {
        let tera = tera(&[(
            "loop.html",
            r#"x{{ cached_partial(path="loop.html", key=1) }}"#,
        )]);
        let err = tera.render("loop.html", &Context::new()).unwrap_err();
        let chain = super::super::templates::chain(&err);
        assert!(
            chain.contains("calls `cached_partial` for itself"),
            "{chain}"
        );
    }

    #[test]
    fn arguments_are_checked() {
        let tera = tera(&[
            ("nokey.html", r#"{{ cached_partial(path="nokey.html") }}"#),
            (
                "missing.html",
                r#"{{ cached_partial(path="x.html", key=1) }}"#,
            ),
        ]);
        let message = |name: &str| {
            let err = tera.render(name, &Context::new()).unwrap_err();
            super::super::templates::chain(&err)
        };
        assert!(message("nokey.html").contains("needs `key`"));
        assert!(message("missing.html").contains("there is no template `x.html`"));
    }
}
