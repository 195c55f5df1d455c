//! Links from a heading to itself (`heading_anchors` in `versus.toml`,
//! `insert_anchor_links` of a Zola section): where the link goes and the
//! HTML around the heading's text.

use serde::{Deserialize, Serialize};

use crate::html_escape::push_escaped;

/// Where a heading's link to itself goes, as Zola names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    /// No link.
    None,
    /// A `#` link before the heading's text.
    Left,
    /// A `#` link after the heading's text (versus's default).
    #[default]
    Right,
    /// The heading's text is the link.
    Heading,
}

impl AnchorLinks {
    /// `heading_anchors` of `versus.toml`: on is [`AnchorLinks::Right`].
    pub fn from_switch(on: bool) -> AnchorLinks {
        if on {
            AnchorLinks::Right
        } else {
            AnchorLinks::None
        }
    }
}

/// A `#` link to `id` of class `class`, named for screen readers.
fn push_hash_link(out: &mut String, class: &str, id: &str) {
    out.push_str("<a class=\"");
    out.push_str(class);
    out.push_str("\" href=\"#");
    push_escaped(out, id);
    out.push_str("\" aria-label=\"Link to this section\">#</a>");
}

/// What goes between the heading's opening tag and its text.
pub fn push_before_text(out: &mut String, links: AnchorLinks, id: &str) {
    match links {
        AnchorLinks::Left => {
            // Its own class: CSS cannot tell a link before the text from
            // one after it (`:first-child` skips text).
            push_hash_link(out, "anchor anchor-left", id);
            out.push(' ');
        }
        AnchorLinks::Heading => {
            out.push_str("<a class=\"anchor-heading\" href=\"#");
            push_escaped(out, id);
            out.push_str("\">");
        }
        AnchorLinks::None | AnchorLinks::Right => {}
    }
}

/// What goes between the heading's text and its closing tag.
pub fn push_after_text(out: &mut String, links: AnchorLinks, id: &str) {
    match links {
        AnchorLinks::Right => {
            out.push(' ');
            push_hash_link(out, "anchor", id);
        }
        AnchorLinks::Heading => out.push_str("</a>"),
        AnchorLinks::None | AnchorLinks::Left => {}
    }
}
