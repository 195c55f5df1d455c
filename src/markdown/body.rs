//! The event loop: pulldown-cmark events of a body become HTML, with heading
//! ids and the table of contents, `@/` links resolved, callouts, highlighted
//! code, and the text blocks of the search index collected on the way.

use std::collections::VecDeque;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use super::expand::{expand, insert_shortcodes, shortcode_text};
use super::headings::{nest_toc, unique_id, UsedIds};
use super::shortcode::{self, ShortcodeCall};
use super::text::{collapse_whitespace, count_words, plain_text, push_text};
use super::{
    anchor, highlight, slug, summary, BodyError, Environment, InternalLink, Rendered, TextBlock,
};
use crate::html_escape::push_escaped;

/// A heading being collected: its events are buffered until it ends, so its
/// text is known before its opening tag (with the id) is written.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    inner: Vec<Event<'a>>,
}

/// The pulldown-cmark extensions versus turns on (smart punctuation when asked).
pub fn options(smart_punctuation: bool) -> Options {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if smart_punctuation {
        options | Options::ENABLE_SMART_PUNCTUATION
    } else {
        options
    }
}

/// The opening of a GitHub alert (`> [!NOTE]`): a callout whose title
/// says what kind it is, so it does not rest on colour alone.
fn callout_open(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<div class=\"callout callout-important\" role=\"note\"><p class=\"callout-title\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Caution</p>\n"
        }
    }
}

/// Render `body` to HTML. All problems are reported, with their offsets.
pub fn render(body: &str, env: &dyn Environment) -> Result<Rendered, Vec<BodyError>> {
    render_at(body, env, 0)
}

/// [`render`] for a body `depth` shortcode bodies deep.
pub(super) fn render_at(
    body: &str,
    env: &dyn Environment,
    depth: usize,
) -> Result<Rendered, Vec<BodyError>> {
    let mut out = Rendered::default();
    let extracted = shortcode::extract(body, &mut |call: &ShortcodeCall| {
        expand(call, env, depth, &mut out)
    })?;
    let mut errors: Vec<BodyError> = Vec::new();
    let mut used_ids = UsedIds::default();
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();
    // Events are passed on to the HTML writer as they come, but for those
    // of a heading: they wait until it ends, so its text (and so its id) is
    // known before its opening tag is written.
    let mut ready: VecDeque<Event> = VecDeque::new();
    let mut heading: Option<OpenHeading> = None;
    let mut in_code = false;
    // With highlighting on, a code block's text is buffered here (info
    // string, code) and replaced by one HTML event at its end.
    let mut code: Option<(String, String)> = None;
    let mut blocks = vec![TextBlock::default()];
    let collect_text = env.collect_text();

    let mut parser =
        Parser::new_ext(&extracted.text, options(env.smart_punctuation())).into_offset_iter();
    let events = std::iter::from_fn(|| loop {
        if let Some(event) = ready.pop_front() {
            return Some(event);
        }
        let (mut event, range) = parser.next()?;
        // Changed where it is: an event is moved as few times as can be
        // (most pass through as they came).
        match &mut event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let at = range.start;
                if let Some(url) = resolve(dest_url, at, &extracted, env, &mut out, &mut errors) {
                    *dest_url = url;
                }
            }
            Event::Start(Tag::CodeBlock(kind)) if env.highlight() => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new()));
                in_code = true;
                continue;
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(text);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                in_code = false;
                let (info, text) = code.take().unwrap_or_default();
                event = Event::Html(highlight::code_block(&info, &text).into());
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) | Event::Code(text) if !in_code => {
                out.word_count += count_words(text);
                if collect_text && heading.is_none() {
                    push_text(&mut blocks, text);
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                event = Event::Html(callout_open(*kind).into());
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                if collect_text {
                    push_text(&mut blocks, " ");
                }
                event = Event::Html("</div>\n".into());
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock,
            ) if collect_text => push_text(&mut blocks, " "),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let classes = classes.iter().map(|c| c.to_string()).collect();
                heading = Some(OpenHeading {
                    level,
                    id: id.map(|i| i.to_string()),
                    classes,
                    inner: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(OpenHeading {
                    level,
                    id,
                    classes,
                    inner,
                }) = heading.take()
                {
                    let title = plain_text(&inner);
                    let id = unique_id(
                        id.unwrap_or_else(|| slug::anchor_slug(&title, env.anchor_slugs())),
                        &mut used_ids,
                    );
                    let n = level as u8;
                    let digit = char::from(b'0' + n);
                    // Built by hand: `format!` cost more than the rest of
                    // the heading's handling.
                    let mut open = String::with_capacity(id.len() + 16);
                    open.push_str("<h");
                    open.push(digit);
                    open.push_str(" id=\"");
                    push_escaped(&mut open, &id);
                    if !classes.is_empty() {
                        open.push_str("\" class=\"");
                        push_escaped(&mut open, &classes.join(" "));
                    }
                    open.push_str("\">");
                    let links = env.anchor_links();
                    anchor::push_before_text(&mut open, links, &id);
                    ready.push_back(Event::Html(open.into()));
                    ready.extend(inner);
                    let mut close = String::with_capacity(id.len() + 80);
                    anchor::push_after_text(&mut close, links, &id);
                    close.push_str("</h");
                    close.push(digit);
                    close.push_str(">\n");
                    ready.push_back(Event::Html(close.into()));
                    out.heading_ids.push(&id);
                    blocks.push(TextBlock {
                        heading_id: Some(id.clone()),
                        heading: title.clone(),
                        text: String::new(),
                    });
                    flat_toc.push((n, id, title));
                }
            }
            other => match heading.as_mut() {
                Some(open) => open.inner.push(other),
                None => return Some(other),
            },
        }
    });
    let mut html = String::with_capacity(extracted.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);

    if !extracted.inserts.is_empty() {
        html = insert_shortcodes(&html, &extracted.inserts);
    }
    let marker = summary::MARKER.as_bytes();
    if let Some(pos) = memchr::memmem::find(body.as_bytes(), marker)
        .and_then(|_| memchr::memmem::find(html.as_bytes(), marker))
    {
        // As Zola does: the summary ends here, and "continue reading"
        // links land here.
        out.summary = Some(summary::balanced(&html[..pos]));
        html.replace_range(pos..pos + summary::MARKER.len(), summary::ANCHOR);
        out.heading_ids.push(summary::ANCHOR_ID);
    }
    out.heading_ids.shrink_to_fit();
    out.html = html;
    out.toc = nest_toc(flat_toc);
    if collect_text && !extracted.calls.is_empty() {
        shortcode_text(&mut blocks, &extracted, env);
    }
    for block in blocks.iter_mut() {
        block.text = collapse_whitespace(&block.text);
    }
    blocks.retain(|b| b.heading_id.is_some() || !b.text.is_empty());
    out.text_blocks = blocks;
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn resolve<'a>(
    dest: &CowStr<'a>,
    offset: usize,
    extracted: &shortcode::Extracted<'_>,
    env: &dyn Environment,
    out: &mut Rendered,
    errors: &mut Vec<BodyError>,
) -> Option<CowStr<'a>> {
    if !dest.starts_with("@/") {
        return None;
    }
    let original = extracted.original_offset(offset);
    out.internal_links.push(InternalLink {
        link: dest.to_string(),
        offset: original,
    });
    match env.resolve_link(dest) {
        Ok(url) => Some(url.into()),
        Err(msg) => {
            errors.push((original, msg));
            None
        }
    }
}
