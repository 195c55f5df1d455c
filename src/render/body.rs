//! Rendering one Markdown body (a page's or a section's) with what it may
//! ask of the site: `@/` links, shortcodes (templates that see the caller
//! as `page` or `section`), config switches. The text comes from the model,
//! or, when a one-off build dropped it, from the file read again by name.

use std::path::Path;

use tera::{Context, Value};

use super::cached;
use super::templates::Templates;
use super::views;
use crate::error::Error;
use crate::markdown::shortcode::{Expansion, ShortcodeCall};
use crate::markdown::{self, Environment, Rendered};
use crate::site::Site;

/// What Markdown rendering asks of the site: links and shortcodes.
pub struct MarkdownEnv<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub config: &'a Value,
}

/// Where a Markdown body comes from: shortcodes see it as `page` or `section`.
#[derive(Clone, Copy)]
pub enum Caller {
    Page(usize),
    Section(usize),
}

impl<'a> MarkdownEnv<'a> {
    /// The environment for the body of `caller`.
    pub fn for_caller(&'a self, caller: Caller) -> BodyEnv<'a> {
        BodyEnv {
            env: self,
            caller,
            caller_value: std::cell::OnceCell::new(),
        }
    }
}

/// [`MarkdownEnv`] for one body: the caller's view is serialized once, and
/// only when a shortcode is called.
pub struct BodyEnv<'a> {
    env: &'a MarkdownEnv<'a>,
    caller: Caller,
    caller_value: std::cell::OnceCell<Value>,
}

impl BodyEnv<'_> {
    fn caller(&self) -> (&'static str, &Value) {
        let site = self.env.site;
        let value = self.caller_value.get_or_init(|| {
            let view = match self.caller {
                Caller::Page(i) => views::CallerView::page(site, i),
                Caller::Section(i) => views::CallerView::section(site, i),
            };
            tera::to_value(view).unwrap_or(Value::Null)
        });
        let name = match self.caller {
            Caller::Page(_) => "page",
            Caller::Section(_) => "section",
        };
        (name, value)
    }
}

impl Environment for BodyEnv<'_> {
    fn resolve_link(&self, link: &str) -> Result<String, String> {
        self.env.site.resolve_link(link)
    }

    fn anchor_links(&self) -> crate::markdown::anchor::AnchorLinks {
        super::zola_keys::anchor_links(self.env.site, self.caller)
    }

    fn collect_text(&self) -> bool {
        self.env.site.config.build_search_index
    }

    fn highlight(&self) -> bool {
        self.env.site.config.highlight
    }

    fn anchor_slugs(&self) -> crate::markdown::slug::Strategy {
        self.env.site.config.slugify.anchors
    }

    fn smart_punctuation(&self) -> bool {
        self.env.site.config.smart_punctuation
    }

    fn shortcode_shows_comparison(&self, name: &str) -> bool {
        self.env.templates.shortcode_shows_comparison(name)
    }

    fn shortcode_text(&self, call: &ShortcodeCall) -> String {
        crate::compare::search_text::of_shortcode(&self.env.site.comparisons, call)
    }

    fn shortcode_takes_raw_body(&self, name: &str) -> bool {
        let templates = self.env.templates;
        self.env.site.config.zola_templates
            && (templates.is_from_site_folders(&format!("shortcodes/{name}.html"))
                || templates.is_from_site_folders(&format!("shortcodes/{name}.md")))
    }

    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        body: Option<&str>,
    ) -> Result<Expansion, String> {
        let templates = self.env.templates;
        let html = format!("shortcodes/{}.html", call.name);
        let md = format!("shortcodes/{}.md", call.name);
        let (name, markdown) = if templates.has(&html) {
            (html, false)
        } else if templates.has(&md) {
            (md, true)
        } else {
            return Err(format!(
                "unknown shortcode `{}`: no template `templates/{html}` (or `.md`)",
                call.name
            ));
        };
        let mut ctx = Context::new();
        // As in Zola: the site's language, which an argument may override.
        ctx.insert("lang", &self.env.site.config.language);
        for (k, v) in &call.args {
            ctx.insert(k, v);
        }
        ctx.insert("config", self.env.config);
        ctx.insert("nth", &call.nth);
        let (caller, value) = self.caller();
        ctx.insert(caller, value);
        if let Some(body) = body {
            if call.args.contains_key("body") {
                return Err(format!(
                    "shortcode `{}` has a body and a `body` argument: its template would \
                     see only one of them (an argument `body` is for a call without a body, \
                     `{{{{ {}(body=\"…\") }}}}`)",
                    call.name, call.name
                ));
            }
            ctx.insert("body", body);
        }
        let out = cached::with_caller(&ctx, || templates.tera.render(&name, &ctx))
            .map_err(|e| templates.render_error(&name, &e).to_string())?;
        Ok(if markdown {
            Expansion::Markdown(out)
        } else {
            Expansion::Html(out)
        })
    }
}

/// Render one Markdown body, with errors located in its file.
pub fn render_body(
    env: &BodyEnv,
    file: Option<&crate::content::SourceFile>,
    body_offset: usize,
) -> Result<Rendered, Vec<Error>> {
    match file {
        Some(file) => match &file.text {
            Some(text) => render_text(env, &file.display(), text, body_offset),
            // A one-off build dropped the text after loading: read it again.
            None => {
                let text = file.read_again().map_err(|e| vec![e])?;
                render_text(env, &file.display(), &text, body_offset)
            }
        },
        None => Ok(Rendered::default()),
    }
}

/// Render the Markdown body of `text` (the file `display`), from `body_offset`.
fn render_text(
    env: &BodyEnv,
    display: &Path,
    text: &str,
    body_offset: usize,
) -> Result<Rendered, Vec<Error>> {
    markdown::render(&text[body_offset..], env).map_err(|errs| {
        errs.into_iter()
            .map(|(offset, msg)| {
                Error::new(msg)
                    .in_file(display)
                    .at_offset(text, body_offset + offset)
            })
            .collect()
    })
}
