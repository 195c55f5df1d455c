//! Markdown → HTML with pulldown-cmark: heading ids and anchor links, a table
//! of contents, `@/` internal links, shortcodes, summary and word count.
//! Pure: everything outside the text comes in through [`Environment`].

mod heading_ids;
pub mod highlight;
pub mod shortcode;
pub mod slug;
pub mod summary;

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

pub use heading_ids::HeadingIds;
use shortcode::{placeholder, Expansion, ShortcodeCall};

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
    /// Should headings get a `#` link to themselves?
    fn heading_anchors(&self) -> bool {
        true
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

/// A heading being collected: its events are buffered until it ends, so its
/// text is known before its opening tag (with the id) is written.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    inner: Vec<Event<'a>>,
}

/// A problem in the body: byte offset in the body and message.
pub type BodyError = (usize, String);

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
fn render_at(body: &str, env: &dyn Environment, depth: usize) -> Result<Rendered, Vec<BodyError>> {
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
        let (event, range) = parser.next()?;
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                mut dest_url,
                title,
                id,
            }) => {
                let at = range.start;
                if let Some(url) = resolve(&dest_url, at, &extracted, env, &mut out, &mut errors) {
                    dest_url = url;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                mut dest_url,
                title,
                id,
            }) => {
                let at = range.start;
                if let Some(url) = resolve(&dest_url, at, &extracted, env, &mut out, &mut errors) {
                    dest_url = url;
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
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
                    buf.push_str(&text);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                in_code = false;
                let (info, text) = code.take().unwrap_or_default();
                Event::Html(highlight::code_block(&info, &text).into())
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                event
            }
            Event::Text(ref text) | Event::Code(ref text) if !in_code => {
                out.word_count += count_words(text);
                if collect_text && heading.is_none() {
                    push_text(&mut blocks, text);
                }
                event
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(callout_open(kind).into()),
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                if collect_text {
                    push_text(&mut blocks, " ");
                }
                Event::Html("</div>\n".into())
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
            ) => {
                if collect_text {
                    push_text(&mut blocks, " ");
                }
                event
            }
            other => other,
        };
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
                    ready.push_back(Event::Html(open.into()));
                    ready.extend(inner);
                    let mut close = String::with_capacity(id.len() + 80);
                    if env.heading_anchors() {
                        close.push_str(" <a class=\"anchor\" href=\"#");
                        push_escaped(&mut close, &id);
                        close.push_str("\" aria-label=\"Link to this section\">#</a>");
                    }
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
    if let Some(pos) = body
        .contains(summary::MARKER)
        .then(|| html.find(summary::MARKER))
        .flatten()
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

/// Words in `text`, as `split_whitespace` counts them. ASCII text (nearly
/// all of it) is read eight bytes at a time ([`crate::swar`]): each byte's
/// top bit is set when the byte is a space, and a word starts at every
/// non-space whose lower neighbour (or the last byte of the block before)
/// is a space. The last block is padded with spaces, which start no word.
fn count_words(text: &str) -> usize {
    use crate::swar::{splat, HIGH};
    let mut words = 0;
    // 1 when the byte before the block was a space (or there was none).
    let mut after_space = 1u64;
    let blocks = text.as_bytes().chunks_exact(8);
    // The last, partial block padded with spaces (one copy here is cheaper
    // than `swar::load`'s byte-wise tail on the short texts of most events).
    let mut last = [b' '; 8];
    last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
    for x in blocks
        .map(|block| u64::from_le_bytes(block.try_into().unwrap_or([b' '; 8])))
        .chain(std::iter::once(u64::from_le_bytes(last)))
    {
        if x & HIGH != 0 {
            return text.split_whitespace().count();
        }
        // Bytes are below 0x80, so adding up to 0x7f carries into no other
        // byte: bit 7 of each byte of `x + k` is set when the byte is at
        // least 0x80 - k. Spaces are Unicode's White_Space among ASCII:
        // tab, line feed, vertical tab, form feed, carriage return, space.
        let is_space = !((x ^ splat(b' ')) + splat(0x7f)) & HIGH;
        let at_least_tab = (x + splat(0x80 - 0x09)) & HIGH;
        let past_return = (x + splat(0x80 - 0x0e)) & HIGH;
        let spaces = is_space | (at_least_tab & !past_return);
        let starts = !spaces & ((spaces << 8) | (after_space << 7)) & HIGH;
        // One bit per byte: the multiplication sums the bytes into the top one.
        words += ((starts >> 7).wrapping_mul(splat(1)) >> 56) as usize;
        after_space = spaces >> 63;
    }
    words
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

/// Expand one shortcode call: its body first (as Markdown, with what it
/// finds merged into `out`), then its template.
fn expand(
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
        Some(body) => {
            let shift = |errs: Vec<BodyError>| {
                errs.into_iter()
                    .map(|(at, msg)| (body.offset + at, msg))
                    .collect::<Vec<_>>()
            };
            let inner = render_at(&body.text, env, depth + 1).map_err(shift)?;
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

/// Put each shortcode's HTML where its placeholder is; a placeholder that
/// is a paragraph of its own takes the paragraph's place.
fn insert_shortcodes(html: &str, inserts: &[String]) -> String {
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
fn shortcode_text(
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

/// `text` with runs of whitespace turned into single spaces, trimmed.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push_word = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    if text.is_ascii() {
        // Most text: words are the runs between whitespace bytes, copied
        // whole, with no character decoding.
        let mut word_start = None;
        for (i, b) in text.bytes().enumerate() {
            match (matches!(b, b'\t'..=b'\r' | b' '), word_start) {
                (true, Some(start)) => {
                    push_word(&text[start..i]);
                    word_start = None;
                }
                (false, None) => word_start = Some(i),
                _ => {}
            }
        }
        if let Some(start) = word_start {
            push_word(&text[start..]);
        }
    } else {
        text.split_whitespace().for_each(push_word);
    }
    out
}

/// Append text to the last text block (whitespace is tidied at the end).
fn push_text(blocks: &mut [TextBlock], text: &str) {
    if let Some(block) = blocks.last_mut() {
        block.text.push_str(text);
    }
}

/// The text of a run of inline events, without markup.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Heading ids given out so far on one page.
#[derive(Default)]
struct UsedIds {
    ids: HashSet<String>,
    /// Per base id, the next `-n` suffix to try: a page of 20,000 equal
    /// headings tried 1, 2, … again for each one (quadratic: 16 s).
    next: HashMap<String, usize>,
}

/// `base`, or `base-1`, `base-2`, … when that id is taken on the page.
fn unique_id(base: String, used: &mut UsedIds) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    if used.ids.insert(base.clone()) {
        return base;
    }
    let mut n = used.next.get(&base).copied().unwrap_or(1);
    let mut id = String::with_capacity(base.len() + 4);
    loop {
        id.clear();
        id.push_str(&base);
        id.push('-');
        id.push_str(&n.to_string());
        n += 1;
        if used.ids.insert(id.clone()) {
            used.next.insert(base, n);
            return id;
        }
    }
}

fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut root = Vec::new();
    for (level, id, title) in flat {
        insert(
            &mut root,
            TocEntry {
                level,
                id,
                title,
                children: Vec::new(),
            },
        );
    }
    root
}

/// Escape text for use inside a double-quoted HTML attribute.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Append `text` to `out`, escaped for element content and attribute values
/// alike (as [`escape_attr`] does).
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsed_whitespace_matches_split_whitespace() {
        let joined = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        for b in 0..=0x7f_u8 {
            let text = format!(" a{0}{0}b {0}c\t\n", b as char);
            assert_eq!(collapse_whitespace(&text), joined(&text), "{text:?}");
        }
        for text in ["", "   ", "one", "caf\u{e9}\u{a0} x  y\u{2003}z "] {
            assert_eq!(collapse_whitespace(text), joined(text), "{text:?}");
        }
    }

    #[test]
    fn word_count_matches_split_whitespace() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tnew\nline\u{b}vt\u{c}ff\rcr",
            "\u{1c}sep\u{1f} not space",
            "caf\u{e9} na\u{ef}ve\u{a0}nbsp\u{3000}ideographic",
            // Longer than one 8-byte block, with words across its edges.
            &"a\tbc  def\n".repeat(20),
            &format!("{} x", "y".repeat(7)),
            &format!("{}z", " ".repeat(8)),
            &format!("{}z", " ".repeat(7)),
            // Non-ASCII in a later block, and in the bytes after the blocks.
            &format!("{}\u{a0}b\u{2003}c{}", "a ".repeat(20), " d".repeat(20)),
            &format!("{}e\u{a0}f", "a ".repeat(8)),
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        // Every ASCII byte, at each place in a block and after the blocks.
        for b in 0..=0x7f_u8 {
            for at in 0..10 {
                let text = format!("{}{}b{}", "a".repeat(at), b as char, " c".repeat(at));
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
    }

    struct Env;
    impl Environment for Env {
        fn resolve_link(&self, link: &str) -> Result<String, String> {
            match link {
                "@/a.md" => Ok("/a/".into()),
                "@/a.md#x" => Ok("/a/#x".into()),
                _ => Err(format!("no page `{link}`")),
            }
        }
        fn render_shortcode(
            &self,
            call: &ShortcodeCall,
            body: Option<&str>,
        ) -> Result<Expansion, String> {
            Ok(match call.name.as_str() {
                "md" => Expansion::Markdown("## From md\n\n[a](@/a.md)".into()),
                _ => Expansion::Html(format!(
                    "<div class=\"sc\">{}{}</div>",
                    call.name,
                    body.unwrap_or_default()
                )),
            })
        }
    }

    #[test]
    fn repeated_heading_ids_get_the_next_free_suffix() {
        let body = "# a\n\n# a\n\n# a-1\n\n# a\n\n# a-2 {#a-3}\n\n# a\n\n# b\n\n# a\n";
        let r = render(body, &Env).unwrap();
        assert_eq!(
            r.heading_ids.iter().collect::<Vec<_>>(),
            ["a", "a-1", "a-1-1", "a-2", "a-3", "a-4", "b", "a-5"]
        );
        // Many equal headings: each gets its own id (in linear time).
        let many = "## x\n\n".repeat(3000);
        let r = render(&many, &Env).unwrap();
        assert_eq!(r.heading_ids.iter().nth(2999), Some("x-2999"));
        let distinct: HashSet<&str> = r.heading_ids.iter().collect();
        assert_eq!(distinct.len(), 3000);
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let r = render(
            "# Top\n\n## CIO vs. CTO\n\n## CIO vs. CTO\n\n### Deep {#custom}\n",
            &Env,
        )
        .unwrap();
        assert!(r.html.contains(
            "<h2 id=\"cio-vs-cto\">CIO vs. CTO <a class=\"anchor\" href=\"#cio-vs-cto\""
        ));
        assert!(r.html.contains("id=\"cio-vs-cto-1\""));
        assert!(r.html.contains("id=\"custom\""));
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].children[0].id, "custom");
    }

    #[test]
    fn heading_ids_and_classes_are_escaped() {
        let r = render("#### Q&A {#a&b .wide .c&d}\n\n## Plain\n", &Env).unwrap();
        assert_eq!(
            r.html,
            "<h4 id=\"a&amp;b\" class=\"wide c&amp;d\">Q&amp;A \
             <a class=\"anchor\" href=\"#a&amp;b\" aria-label=\"Link to this section\">#</a></h4>\n\
             <h2 id=\"plain\">Plain \
             <a class=\"anchor\" href=\"#plain\" aria-label=\"Link to this section\">#</a></h2>\n"
        );
    }

    #[test]
    fn internal_links_resolve_or_fail_with_offset() {
        let r = render("See [a](@/a.md) and [x](@/a.md#x).", &Env).unwrap();
        assert!(r.html.contains("href=\"/a/\""));
        assert!(r.html.contains("href=\"/a/#x\""));
        assert_eq!(r.internal_links.len(), 2);
        let errs = render("ok\n\n[b](@/b.md)", &Env).unwrap_err();
        assert_eq!(errs[0].0, 4);
    }

    #[test]
    fn shortcodes_render_as_blocks_and_inline() {
        let r = render("Text {{ one() }} here.\n\n{{ two(id=\"x\") }}\n", &Env).unwrap();
        assert!(r.html.contains("Text <div class=\"sc\">one</div> here."));
        assert!(r.html.contains("<div class=\"sc\">two</div>"));
        assert!(!r.html.contains("<p><div"));
    }

    #[test]
    fn shortcode_bodies_and_markdown_shortcodes() {
        let body =
            "Intro.\n\n{% box() %}\nSee *this* and [x](@/a.md#x).\n{% end %}\n\n{{ md() }}\n";
        let r = render(body, &Env).unwrap();
        assert!(
            r.html.contains("<div class=\"sc\">box<p>See <em>this</em> and <a href=\"/a/#x\">x</a>.</p>\n</div>"),
            "{}",
            r.html
        );
        // A `.md` shortcode's output is part of the page: its heading is in
        // the table of contents, its link resolved and recorded.
        assert_eq!(r.toc[0].id, "from-md");
        let links: Vec<_> = r
            .internal_links
            .iter()
            .map(|l| (l.link.as_str(), l.offset))
            .collect();
        assert_eq!(
            links,
            [
                ("@/a.md#x", body.find("[x]").unwrap()),
                ("@/a.md", body.find("{{ md").unwrap())
            ]
        );
        // Errors in a body point into the body.
        let errs = render("{% box() %}\n[b](@/b.md)\n{% end %}\n", &Env).unwrap_err();
        assert_eq!(errs[0].0, 12);
    }

    #[test]
    fn github_alerts_become_callouts() {
        let r = render("> [!WARNING]\n> Mind the *gap*.\n\n> Plain quote.\n", &Env).unwrap();
        assert_eq!(
            r.html,
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n\
             <p>Mind the <em>gap</em>.</p>\n</div>\n<blockquote>\n<p>Plain quote.</p>\n</blockquote>\n"
        );
    }

    #[test]
    fn summary_and_words() {
        let r = render("One two three.\n\n<!-- more -->\n\nFour.", &Env).unwrap();
        assert_eq!(r.summary.as_deref(), Some("<p>One two three.</p>\n"));
        assert!(
            r.html.contains("<span id=\"continue-reading\"></span>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<!-- more -->"));
        assert!(r.heading_ids.contains("continue-reading"));
        // A marker inside a list ends the summary with the list closed.
        let r = render("- One *two <!-- more --> three*\n- Four\n", &Env).unwrap();
        assert_eq!(
            r.summary.as_deref(),
            Some("<ul>\n<li>One <em>two </em></li></ul>")
        );
        assert_eq!(r.word_count, 4);
    }

    #[test]
    fn text_is_cut_at_headings() {
        let r = render(
            "Intro *here*.\n\n## First\n\nOne `two`.\n\n```\ncode\n```\n\n## Second\n",
            &Env,
        )
        .unwrap();
        assert_eq!(r.text_blocks.len(), 3);
        assert_eq!(r.text_blocks[0].heading_id, None);
        assert_eq!(r.text_blocks[0].text, "Intro here.");
        assert_eq!(r.text_blocks[1].heading, "First");
        assert_eq!(r.text_blocks[1].text, "One two.");
        assert_eq!(r.text_blocks[2].heading_id.as_deref(), Some("second"));
        assert_eq!(r.text_blocks[2].text, "");
    }

    #[test]
    fn raw_heading_text_is_escaped_in_id() {
        let r = render("## a \"quote\" <b>\n", &Env).unwrap();
        assert!(r.html.contains("id=\"a-quote\""), "{}", r.html);
    }
}
