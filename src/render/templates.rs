//! Compiling templates into one Tera instance (once per build), and turning
//! Tera's errors into located [`Error`]s: file, line, column, hint.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use tera::Tera;

use super::inputs::TemplateReach;
use super::recursion;
use super::template_code::without_comments;
use crate::error::Error;
use crate::theme::TemplateSource;

/// Templates versus renders itself and ships when no theme overrides them.
const BUILTIN: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    (
        "split_sitemap_index.xml",
        include_str!("builtin/split_sitemap_index.xml"),
    ),
    ("atom.xml", include_str!("builtin/atom.xml")),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("alias.html", include_str!("builtin/alias.html")),
];

/// What one template pulls in and calls, by itself ([`Templates::reach_all`]).
struct TemplateFacts<'s> {
    /// The templates it names: parents, macro files, includes, partials.
    pulls: Vec<&'s str>,
    /// Can it look up other pages or sections (`get_page`, `get_section`,
    /// `get_taxonomy*`)?
    lookups: bool,
    /// Can it write the URL of any page (`@/` links, `get_url` with a
    /// computed path)?
    urls: bool,
    /// Can it call `get_comparison`?
    comparison: bool,
    /// Hash of its path and text.
    text: u64,
}

/// Compiled templates plus what is needed to point at their source.
#[derive(Debug)]
pub struct Templates {
    pub tera: Tera,
    /// Template name → (file shown in errors, source text).
    sources: HashMap<String, (PathBuf, String)>,
    /// [`Templates::fingerprint_of`] the sources compiled.
    fingerprint: u64,
    /// Shortcodes (by name) whose templates can call `get_comparison`.
    comparison_shortcodes: HashSet<String>,
}

impl Templates {
    /// Compile all templates; every syntax error is reported.
    pub fn compile(sources: &[TemplateSource]) -> Result<Templates, Vec<Error>> {
        Templates::compile_reusing(sources, None)
    }

    /// [`Templates::compile`], taking from `kept` (the dev server's last
    /// templates) each parsed template whose file and text are unchanged
    /// instead of parsing it again: after an edit of one template, only
    /// that one is parsed. Inheritance is worked out again for all.
    pub fn compile_reusing(
        sources: &[TemplateSource],
        kept: Option<Templates>,
    ) -> Result<Templates, Vec<Error>> {
        let (mut kept_parsed, kept_sources) = match kept {
            Some(kept) => (kept.tera.templates, kept.sources),
            None => Default::default(),
        };
        let mut all: HashMap<String, (PathBuf, String)> = BUILTIN
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (PathBuf::from(format!("(built-in)/{n}")), t.to_string()),
                )
            })
            .collect();
        for s in sources {
            all.insert(s.name.clone(), (s.display.clone(), s.text.clone()));
        }
        // Parse each template once, with its macros guarded, on every core
        // (a theme's templates take a build's first tens of milliseconds
        // otherwise). One that fails is parsed again as written, for an
        // error located in the source; every template is parsed, so every
        // syntax error is found.
        let mut parsed = HashMap::with_capacity(all.len());
        let mut to_parse = Vec::with_capacity(all.len());
        for (name, (display, text)) in &all {
            let unchanged = kept_sources
                .get(name)
                .is_some_and(|(d, t)| d == display && t == text);
            match kept_parsed.remove(name) {
                Some(template) if unchanged => {
                    parsed.insert(name.clone(), template);
                }
                _ => to_parse.push((name, display, text)),
            }
        }
        let (fresh, mut errors): (Vec<_>, Vec<_>) =
            to_parse
                .into_par_iter()
                .partition_map(|(name, display, text)| {
                    use rayon::iter::Either::{Left, Right};
                    match tera::Template::new(name, None, &recursion::guard_macros(text)) {
                        Ok(template) => Left((name.clone(), template)),
                        Err(guarded) => Right(match tera::Template::new(name, None, text) {
                            Err(e) => locate_parse_error(&e, display, text),
                            Ok(_) => Error::new(chain(&guarded)).in_file(display),
                        }),
                    }
                });
        parsed.extend(fresh);
        if errors.is_empty() {
            errors = recursion::cycles(&all);
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.path.cmp(&b.path));
            return Err(errors);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        // Tera's own escaper also turns `/` into `&#x2F;`, which garbles every
        // URL in the page source. The five characters HTML and XML give a
        // meaning to are all that text and quoted attributes need escaped.
        tera.set_escape_fn(crate::html_escape::escape_attr);
        tera.register_function(recursion::GUARD, recursion::Guard);
        // What `add_raw_templates` does, without parsing each template again.
        tera.templates.extend(parsed);
        if let Err(e) = tera
            .build_inheritance_chains()
            .and_then(|()| tera.check_macro_files())
        {
            // Inheritance problems (a missing parent, a cycle) only show up here.
            return Err(vec![
                Error::new(chain(&e)).with_hint("check the {% extends %} and {% include %} names")
            ]);
        }
        let mut templates = Templates {
            tera,
            sources: all,
            fingerprint: Templates::fingerprint_of(sources),
            comparison_shortcodes: HashSet::new(),
        };
        let facts = templates.facts();
        templates.comparison_shortcodes = templates
            .names()
            .filter(|name| name.starts_with("shortcodes/"))
            .filter(|name| {
                closure(&facts, name)
                    .iter()
                    .any(|n| facts.get(n).is_some_and(|f| f.comparison))
            })
            .filter_map(|name| name.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect();
        Ok(templates)
    }

    /// Does the shortcode `name` show a comparison: can its template (or
    /// one it pulls in) call `get_comparison`?
    pub fn shortcode_shows_comparison(&self, name: &str) -> bool {
        self.comparison_shortcodes.contains(name)
    }

    /// Can page templates be rendered before the rest of the site's Markdown
    /// is? Not when any template may look up another page's content
    /// (`get_page`), or a template other than the listing ones may look up a
    /// section (`get_section`, whose summaries need every page rendered).
    pub fn pages_can_stream(&self) -> bool {
        const LISTINGS: &[&str] = &[
            "index.html",
            "section.html",
            "tags.html",
            "tag.html",
            "taxonomy_list.html",
            "taxonomy_single.html",
            "comparison.html",
            "404.html",
        ];
        self.sources.iter().all(|(name, (_, text))| {
            let text = without_comments(text);
            !text.contains("get_page")
                && (LISTINGS.contains(&name.as_str())
                    || !(text.contains("get_section") || text.contains("get_taxonomy")))
        })
    }

    /// A hash of every template's name and text: changes when any template does.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The fingerprint templates compiled from `sources` will have: lets a
    /// caller decide whether compiling again is needed at all.
    pub fn fingerprint_of(sources: &[TemplateSource]) -> u64 {
        crate::hash::hash_of(
            sources
                .iter()
                .map(|t| (&t.name, &t.display, &t.text))
                .collect::<Vec<_>>(),
        )
    }

    /// What rendering each template depends on, of all the templates, from
    /// the templates it can pull in ([`closure`]): whether it can look up
    /// other pages or sections (`get_page`, `get_section`, `get_taxonomy*`)
    /// and the URL of any page (`@/` links, `get_url` with a computed path),
    /// and a hash of those templates' texts. Editing `404.html` changes
    /// only its own hash.
    pub fn reach_all(&self) -> Vec<(&str, TemplateReach)> {
        let facts = self.facts();
        self.names()
            .map(|name| {
                let mut pulled = closure(&facts, name);
                pulled.sort_unstable();
                let found: Vec<(&str, Option<&TemplateFacts>)> =
                    pulled.iter().map(|n| (*n, facts.get(n))).collect();
                let lookups = found.iter().any(|(_, f)| f.is_some_and(|f| f.lookups));
                let urls = found.iter().any(|(_, f)| f.is_some_and(|f| f.urls));
                let texts: Vec<(&str, Option<u64>)> =
                    found.iter().map(|(n, f)| (*n, f.map(|f| f.text))).collect();
                (name, ((lookups, urls), crate::hash::hash_of(&texts)))
            })
            .collect()
    }

    /// What each template pulls in and calls, by itself: every template's
    /// text read once.
    fn facts(&self) -> HashMap<&str, TemplateFacts<'_>> {
        let known = |n: &str| self.sources.get_key_value(n).map(|(k, _)| k.as_str());
        self.sources
            .iter()
            .map(|(name, source)| {
                let text = &source.1;
                let mut pulls: Vec<&str> = Vec::new();
                if let Ok(t) = self.tera.get_template(name) {
                    pulls.extend(t.parents.iter().map(String::as_str));
                    pulls.extend(t.imported_macro_files.iter().map(|(file, _)| file.as_str()));
                }
                // Its imports and parents are Tera's too; its includes only here.
                pulls.extend(
                    crate::template_names::referenced(text)
                        .into_iter()
                        .filter_map(known),
                );
                match super::cached::partials_in(text) {
                    Some(names) => pulls.extend(names.into_iter().filter_map(known)),
                    None => pulls.extend(self.names()),
                }
                let code = without_comments(text);
                let facts = TemplateFacts {
                    pulls,
                    lookups: code.contains("get_page")
                        || code.contains("get_section")
                        || code.contains("get_taxonomy"),
                    urls: code.contains("@/") || dynamic_get_url(&code),
                    comparison: code.contains("get_comparison"),
                    text: crate::hash::hash_of(source),
                };
                (name.as_str(), facts)
            })
            .collect()
    }

    /// Names of all templates.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Is `name` versus's own template (no theme overrides it)? Then its
    /// kind may write what the template would, without it.
    pub fn is_builtin(&self, name: &str) -> bool {
        let Some((_, text)) = self.sources.get(name) else {
            return false;
        };
        BUILTIN.iter().any(|(n, t)| *n == name && t == text)
    }

    /// Is the template of this name read from the site's folders (its
    /// `templates/`, or a theme under `themes/`), not built into versus?
    /// On a Zola site those are Zola's: its own and its Zola theme's.
    pub fn is_from_site_folders(&self, name: &str) -> bool {
        use crate::layout::{TEMPLATES_DIR, THEMES_DIR};
        self.sources.get(name).is_some_and(|(display, _)| {
            display.starts_with(TEMPLATES_DIR) || display.starts_with(THEMES_DIR)
        })
    }

    /// Is there a template of this name?
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Turn a render error of `template` into a located error.
    pub fn render_error(&self, template: &str, err: &tera::Error) -> Error {
        let message = chain(err);
        let needle = backticked(&message);
        // Search the template named in the innermost message first, then the one rendered, then all.
        let mut order: Vec<&str> = Vec::new();
        if let Some(inner) = quoted_template(&message) {
            order.push(inner);
        }
        order.push(template);
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort();
        order.extend(names.iter().map(|n| n.as_str()));
        let mut error = Error::new(message.clone());
        if let Some((display, _)) = self.sources.get(template) {
            error = error.in_file(display);
        }
        if let Some(needle) = needle {
            for name in order {
                if let Some((display, text)) = self.sources.get(name) {
                    if let Some(offset) = find_in_tags(text, &needle) {
                        error = error.in_file(display).at_offset(text, offset);
                        break;
                    }
                }
            }
        }
        if message.contains(recursion::GUARD) {
            error = error.with_hint("make the macro stop: call itself only under an `{% if %}` that becomes false, or over a list that ends");
        }
        if message.contains("not found in context") {
            error = error.with_hint("the variable does not exist here; guard it with `{% if x %}` or use `x | default(value=...)`");
        }
        error
    }
}

/// Templates `name` can pull in (itself included), by what each pulls in
/// ([`TemplateFacts::pulls`]); a name that is no template is in it, and
/// pulls in nothing.
fn closure<'s>(facts: &HashMap<&'s str, TemplateFacts<'s>>, name: &'s str) -> Vec<&'s str> {
    let mut seen: Vec<&str> = Vec::new();
    let mut todo = vec![name];
    while let Some(n) = todo.pop() {
        if seen.contains(&n) {
            continue;
        }
        seen.push(n);
        if let Some(f) = facts.get(n) {
            todo.extend(&f.pulls);
        }
    }
    seen
}

/// Does `text` call `get_url` with a path that is not a quoted literal (so it
/// could name any page)?
fn dynamic_get_url(text: &str) -> bool {
    text.match_indices("get_url(").any(|(at, call)| {
        let args = text[at + call.len()..].trim_start();
        let Some(value) = args.strip_prefix("path") else {
            return true;
        };
        let value = value.trim_start();
        let value = value.strip_prefix('=').unwrap_or(value).trim_start();
        !value.starts_with(['"', '\'', '`'])
    })
}

/// Every message in a Tera error's chain, joined.
pub fn chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

fn locate_parse_error(err: &tera::Error, display: &std::path::Path, text: &str) -> Error {
    let message = chain(err);
    let mut error = Error::new("template syntax error").in_file(display);
    // Pest reports ` --> line:col`.
    if let Some(pos) = message.find("--> ") {
        let rest = &message[pos + 4..];
        let coords: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let mut it = coords.split(':').filter_map(|n| n.parse::<usize>().ok());
        if let (Some(line), Some(col)) = (it.next(), it.next()) {
            error = error.at(line, col).with_snippet_line(text, line);
        }
    }
    let expected = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("check the tag and its closing `%}` / `}}`");
    error.message = format!("template syntax error: {expected}");
    error.with_hint("see https://keats.github.io/tera/docs/ for the template syntax")
}

/// The first `backticked` word of a message (Tera names variables that way).
fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = message[start..].find('`')? + start;
    Some(message[start..end].to_string())
}

/// The last `'name.html'` quoted in a message.
fn quoted_template(message: &str) -> Option<&str> {
    let end = message.rfind("'")?;
    let start = message[..end].rfind("'")? + 1;
    Some(&message[start..end])
}

/// Offset of `needle` inside a `{{ }}` or `{% %}` tag of `text`.
fn find_in_tags(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = text[from..].find(needle) {
        let at = from + pos;
        let open = text[..at].rfind(['{']).unwrap_or(0);
        let close = text[..at].rfind('}');
        if close.is_none_or(|c| c < open) && open > 0 {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            display: PathBuf::from(format!("templates/{name}")),
            text: text.into(),
        }
    }

    /// A one-off build renders a page as soon as its Markdown is and drops
    /// its HTML only when no template but the listings can look other pages
    /// up; a comment in macros.html naming such a function once kept every
    /// page's HTML to the end (10,000 pages: 65 -> 220 MB peak).
    #[test]
    fn the_default_theme_lets_pages_stream() {
        let root = tempfile::tempdir().unwrap();
        let config = crate::config::Config::parse("base_url = \"/\"\n").unwrap();
        let files = crate::theme::load(root.path(), &config).unwrap();
        let templates = Templates::compile(&files.templates).unwrap();
        assert!(templates.has("page.html"));
        assert!(templates.pages_can_stream());
    }

    /// Can `name` look up other pages or sections?
    fn looks_up(templates: &Templates, name: &str) -> bool {
        let reach = templates.reach_all();
        reach.iter().find(|(n, _)| *n == name).unwrap().1 .0 .0
    }

    /// A comment that names a lookup function calls nothing: pages still
    /// stream, and the template does not depend on the whole site.
    #[test]
    fn a_lookup_named_in_a_comment_is_no_lookup() {
        let commented = "{# get_page(path=x) lists get_section too #}{{ page.title }}";
        let templates = Templates::compile(&[source("page.html", commented)]).unwrap();
        assert!(templates.pages_can_stream());
        assert!(!looks_up(&templates, "page.html"));
        let calling = "{% set p = get_page(path=\"a.md\") %}{{ p.title }}";
        let templates = Templates::compile(&[source("page.html", calling)]).unwrap();
        assert!(!templates.pages_can_stream());
        assert!(looks_up(&templates, "page.html"));
    }

    #[test]
    fn syntax_errors_are_located() {
        let errs = Templates::compile(&[
            source("a.html", "ok\n{{ broken( }}\n"),
            source("b.html", "{% if x %}\n"),
        ])
        .unwrap_err();
        assert_eq!(errs.len(), 2);
        let text = errs[0].to_string();
        assert!(text.starts_with("templates/a.html:2:"), "{text}");
    }

    #[test]
    fn autoescape_leaves_slashes_alone() {
        let t = Templates::compile(&[
            source("a.html", "<a href=\"{{ v }}\">{{ v }}</a>"),
            source("a.xml", "<loc>{{ v }}</loc>"),
        ])
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("v", "/a/b?x=1&y='2' <i>\"");
        let escaped = "/a/b?x=1&amp;y=&#39;2&#39; &lt;i&gt;&quot;";
        assert_eq!(
            t.tera.render("a.html", &ctx).unwrap(),
            format!("<a href=\"{escaped}\">{escaped}</a>")
        );
        assert_eq!(
            t.tera.render("a.xml", &ctx).unwrap(),
            format!("<loc>{escaped}</loc>")
        );
    }

    #[test]
    fn unknown_variable_is_located() {
        let t = Templates::compile(&[source(
            "p.html",
            "<p>\n{{ page.title }}\n  {{ nope }}</p>\n",
        )])
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("page", &serde_json::json!({"title": "x"}));
        let err = t.tera.render("p.html", &ctx).unwrap_err();
        let e = t.render_error("p.html", &err);
        assert!(e.to_string().starts_with("templates/p.html:3:6"), "{e}");
    }
}
