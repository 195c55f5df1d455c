//! Markdown → HTML with pulldown-cmark: heading ids and anchor links, a table
//! of contents, `@/` internal links, shortcodes, summary and word count.
//! Pure: everything outside the text comes in through [`Environment`].
//! What a body renders to is a [`Rendered`]; the event loop is `body.rs`,
//! shortcode calls are expanded by `expand.rs`, heading ids and the table of
//! contents come from `headings.rs`, word counts and plain text from `text.rs`.

pub mod anchor;
mod body;
pub mod code;
mod expand;
mod heading_ids;
mod headings;
pub mod highlight;
pub mod shortcode;
pub mod slug;
pub mod summary;
#[cfg(test)]
mod tests;
mod text;

use serde::Serialize;

pub use body::{options, render};
pub use heading_ids::HeadingIds;
use shortcode::{Expansion, ShortcodeCall};

/// What rendering needs from the rest of the site.
pub trait Environment {
    /// Resolve an internal link (`@/guides/a.md#part`) to a URL, or say why not.
    fn resolve_link(&self, link: &str) -> Result<String, String>;
    /// Render a shortcode call to HTML (or, for a `.md` shortcode, Markdown),
    /// or say why not. `body` is the call's body rendered to HTML.
    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        body: Option<&str>,
    ) -> Result<Expansion, String>;
    /// Where headings get a link to themselves, if anywhere.
    fn anchor_links(&self) -> anchor::AnchorLinks {
        anchor::AnchorLinks::Right
    }
    /// Keep the plain text of the page in [`Rendered::text_blocks`] (for search)?
    fn collect_text(&self) -> bool {
        true
    }
    /// The plain text a shortcode call stands for in the page's text (what
    /// search finds of it); none unless the environment knows.
    fn shortcode_text(&self, _call: &ShortcodeCall) -> String {
        String::new()
    }
    /// Highlight fenced code blocks (`highlight` in `versus.toml`)?
    fn highlight(&self) -> bool {
        true
    }
    /// How heading text becomes an id (`[slugify] anchors`).
    fn anchor_slugs(&self) -> slug::Strategy {
        slug::Strategy::Unicode
    }
    /// Turn straight quotes, `--` and `...` into typographic ones?
    fn smart_punctuation(&self) -> bool {
        true
    }
    /// Does the shortcode `name` take its body as written (with the calls
    /// in it expanded, trailing space trimmed), as Zola passes it, rather
    /// than rendered as Markdown? (A Zola site's own shortcodes.)
    fn shortcode_takes_raw_body(&self, _name: &str) -> bool {
        false
    }
    /// Does the shortcode `name` show comparison data (so its page needs
    /// the comparison styles and script)?
    fn shortcode_shows_comparison(&self, _name: &str) -> bool {
        false
    }
}

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    /// Heading level, 1–6.
    pub level: u8,
    /// The heading's id, the anchor to link to.
    pub id: String,
    /// The heading as plain text.
    pub title: String,
    /// Headings nested under this one.
    pub children: Vec<TocEntry>,
}

/// An `@/` link found in the text, kept for later checks (anchors).
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// The link as written (`@/guides/a.md#part`).
    pub link: String,
    /// Byte offset of the link's Markdown in the body.
    pub offset: usize,
}

/// The plain text under one heading (or before the first), for search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextBlock {
    /// Id of the heading this text follows; `None` before the first heading.
    pub heading_id: Option<String>,
    /// That heading's text.
    pub heading: String,
    /// The prose under it, words separated by single spaces (code blocks left out).
    pub text: String,
}

/// A body rendered to HTML.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rendered {
    /// The whole body as HTML.
    pub html: String,
    /// The HTML before a `<!-- more -->` marker, if there is one.
    pub summary: Option<String>,
    /// Nested headings.
    pub toc: Vec<TocEntry>,
    /// Every heading id in the body (for anchor checks).
    pub heading_ids: HeadingIds,
    /// Every `@/` link.
    pub internal_links: Vec<InternalLink>,
    /// Words of prose, for reading time.
    pub word_count: usize,
    /// The text of the page cut at its headings, for the search index.
    pub text_blocks: Vec<TextBlock>,
    /// Does a shortcode in the body show a comparison
    /// ([`Environment::shortcode_shows_comparison`])?
    pub shows_comparison: bool,
    /// The names of the shortcodes the body calls, each once, in order of
    /// first call (a theme loads a shortcode's script only where it is used).
    pub shortcodes: Vec<String>,
}

/// Rendered Markdown of every page and section of a site, indexed like
/// the model's `pages` and `sections` (templates and the search index read it).
#[derive(Default)]
pub struct RenderedContent {
    pub pages: Vec<std::sync::Arc<Rendered>>,
    pub sections: Vec<std::sync::Arc<Rendered>>,
}

/// A problem in the body: byte offset in the body and message.
pub type BodyError = (usize, String);
