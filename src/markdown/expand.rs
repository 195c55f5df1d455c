//! Shortcode calls expanded: a call's body is rendered as Markdown first
//! (what it finds merged into the page's [`Rendered`]), then the call's
//! template; the HTML is put where the call's placeholder is, and the
//! search text gets what the environment says the call stands for.

use super::body::render_at;
use super::shortcode::{self, placeholder, Expansion, ShortcodeCall};
use super::{BodyError, Environment, InternalLink, Rendered, TextBlock};

/// Expand one shortcode call: its body first (as Markdown, with what it
/// finds merged into `out`), then its template.
pub(super) fn expand(
    call: &ShortcodeCall,
    env: &dyn Environment,
    depth: usize,
    out: &mut Rendered,
) -> Result<Expansion, Vec<BodyError>> {
    out.shows_comparison |= env.shortcode_shows_comparison(&call.name);
    if !out.shortcodes.contains(&call.name) {
        out.shortcodes.push(call.name.clone());
    }
    let body_html = match &call.body {
        None => None,
        Some(_) if depth >= shortcode::MAX_DEPTH => {
            return Err(vec![(
                call.offset,
                format!(
                    "shortcode `{}`: shortcode bodies are nested more than {} deep",
                    call.name,
                    shortcode::MAX_DEPTH
                ),
            )])
        }
        Some(body) if env.shortcode_takes_raw_body(&call.name) => {
            Some(raw_body(&body.text, env, depth + 1, out).map_err(|errs| shifted(body, errs))?)
        }
        Some(body) => {
            let inner =
                render_at(&body.text, env, depth + 1).map_err(|errs| shifted(body, errs))?;
            out.word_count += inner.word_count;
            out.shows_comparison |= inner.shows_comparison;
            for name in inner.shortcodes {
                if !out.shortcodes.contains(&name) {
                    out.shortcodes.push(name);
                }
            }
            out.heading_ids.append(&inner.heading_ids);
            out.internal_links
                .extend(inner.internal_links.into_iter().map(|l| InternalLink {
                    link: l.link,
                    offset: body.offset + l.offset,
                }));
            Some(inner.html)
        }
    };
    env.render_shortcode(call, body_html.as_deref())
        .map_err(|msg| vec![(call.offset, msg)])
}

/// Errors in a body, at their offsets in the text the body is part of.
fn shifted(body: &shortcode::CallBody, errs: Vec<BodyError>) -> Vec<BodyError> {
    errs.into_iter()
        .map(|(at, msg)| (body.offset + at, msg))
        .collect()
}

/// A body as Zola passes it to a shortcode: the text as written, each call
/// in it replaced by its output, trailing space trimmed.
fn raw_body(
    text: &str,
    env: &dyn Environment,
    depth: usize,
    out: &mut Rendered,
) -> Result<String, Vec<BodyError>> {
    let extracted = shortcode::extract(text, &mut |call: &ShortcodeCall| {
        expand(call, env, depth, out)
    })?;
    let expanded = if extracted.inserts.is_empty() {
        extracted.text.into_owned()
    } else {
        insert_shortcodes(&extracted.text, &extracted.inserts)
    };
    // As Zola's grammar reads a body: the spaces, tabs and line breaks
    // after `%}` are skipped (its implicit whitespace), and the end is
    // trimmed.
    Ok(expanded
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .trim_end()
        .to_string())
}

/// Put each shortcode's HTML where its placeholder is; a placeholder that
/// is a paragraph of its own takes the paragraph's place.
pub(super) fn insert_shortcodes(html: &str, inserts: &[String]) -> String {
    let mut out =
        String::with_capacity(html.len() + inserts.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(start) = rest.find('\u{E000}') {
        let digits = &rest[start + 3..];
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        let insert = digits[..len]
            .parse::<usize>()
            .ok()
            .filter(|_| digits[len..].starts_with('\u{E001}'))
            .and_then(|i| inserts.get(i));
        let Some(insert) = insert else {
            out.push_str(&rest[..start + 3]);
            rest = &rest[start + 3..];
            continue;
        };
        let end = start + 3 + len + 3;
        let (before, after) = (&rest[..start], &rest[end..]);
        let (before, after) = match (before.strip_suffix("<p>"), after.strip_prefix("</p>")) {
            (Some(b), Some(a)) => (b, a),
            _ => (before, after),
        };
        out.push_str(before);
        out.push_str(insert);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The shortcodes' placeholders in the text blocks become the text the
/// environment says they stand for.
pub(super) fn shortcode_text(
    blocks: &mut [TextBlock],
    extracted: &shortcode::Extracted<'_>,
    env: &dyn Environment,
) {
    for block in blocks.iter_mut().filter(|b| b.text.contains('\u{E000}')) {
        for (i, call) in extracted.calls.iter().enumerate() {
            let marker = placeholder(i);
            if let Some(at) = block.text.find(&marker) {
                let text = env.shortcode_text(call);
                block
                    .text
                    .replace_range(at..at + marker.len(), &format!(" {text} "));
            }
        }
    }
}
