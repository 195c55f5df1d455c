//! A small, careful HTML attribute scanner for link checking: finds every
//! element's `id`, and the URLs in `href`/`src`/`srcset`/`poster`, in one
//! pass without building a DOM. Comments, `<!DOCTYPE>`, closing tags and the
//! raw text of `<script>`, `<style>`, `<textarea>` and `<title>` are skipped,
//! so a link shown as text (in a code block, say) is never taken for a link;
//! so are code blocks the build highlighted (`<pre class="hl-code">`), whose
//! many spans hold escaped text and nothing a link could point to.

use std::borrow::Cow;

/// One URL found in an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    /// Lower-case tag name (`a`, `img`, `link`, …).
    pub tag: &'static str,
    /// The attribute the URL came from.
    pub attr: &'static str,
    /// The URL with character references decoded.
    pub url: String,
    /// 1-based line of the tag in the document.
    pub line: usize,
}

/// What a page offers to and asks of the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Every `id` (and `<a name>`): the fragments that land on this page.
    pub ids: Vec<String>,
    /// Every URL the page refers to, but those of `shared`.
    pub links: Vec<FoundLink>,
    /// The URLs of stretches whose scan was known ([`scan_with`]), as that
    /// scan holds them (not copied into `links`), each where it comes.
    pub shared: Vec<SharedLinks>,
    /// Where the page sends a reader, keeping the `#part` of its address:
    /// the `data-to` of versus's redirect script (`alias.html`).
    pub redirect: Option<String>,
}

/// The links of a stretch scanned before, where they come in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedLinks {
    /// They come before `links[at]` of the document's scan (after its last
    /// link when `at` is the number of links).
    pub at: usize,
    /// The document's line the stretch starts on: a link's line in the
    /// document is this plus its line in the stretch, minus one.
    pub line: usize,
    /// The stretch's scan.
    pub scanned: std::sync::Arc<Scanned>,
    /// The stretch is put in many outputs ([`Known::lasting`]): its
    /// scan is kept from one output to the next.
    pub lasting: bool,
}

impl Scanned {
    /// The scan with every shared link copied into `links`, where it comes,
    /// with its line in the document: what [`scan`] gives.
    #[cfg(test)]
    pub fn flattened(self) -> Scanned {
        let mut links = Vec::with_capacity(self.links.len());
        let mut shared = self.shared.into_iter().peekable();
        for (i, link) in self.links.into_iter().enumerate() {
            while let Some(s) = shared.next_if(|s| s.at <= i) {
                links.extend(s.in_document());
            }
            links.push(link);
        }
        links.extend(shared.flat_map(|s| s.in_document().collect::<Vec<_>>()));
        Scanned {
            ids: self.ids,
            links,
            shared: Vec::new(),
            redirect: self.redirect,
        }
    }
}

impl SharedLinks {
    /// The links with their lines in the document.
    #[cfg(test)]
    fn in_document(&self) -> impl Iterator<Item = FoundLink> + '_ {
        self.scanned.links.iter().map(|link| FoundLink {
            line: self.line + link.line - 1,
            ..link.clone()
        })
    }
}

/// Elements whose content is raw text, not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Scan one HTML document.
pub fn scan(html: &str) -> Scanned {
    scan_around(html, &[]).0
}

/// A stretch of a document whose scan is known: it holds a fragment
/// scanned before on its own ([`scan_fragment`]).
#[derive(Debug, Clone)]
pub struct Known {
    /// Byte range in the document.
    pub start: usize,
    pub end: usize,
    /// What the fragment holds; lines count from its own first line.
    pub scanned: std::sync::Arc<Scanned>,
    /// Is the fragment put in many outputs (a cached partial), not made
    /// for this one? Only such links can settle ([`SharedLinks::lasting`]).
    pub lasting: bool,
}

/// Scan `fragment` on its own, for [`scan_with`]: `None` when it does not
/// end as it starts, between tags (it leaves a comment, a tag or a
/// `<script>` open), so the rest of a document would be read differently
/// after it.
pub fn scan_fragment(fragment: &str) -> Option<Scanned> {
    let (scanned, open_at_end) = scan_around(fragment, &[]);
    (!open_at_end).then_some(scanned)
}

/// [`scan`], taking the scan of the `known` stretches (in document order,
/// not overlapping) as they are instead of reading them again. The result
/// is [`scan`]'s: a stretch is used only where the scan is between tags
/// when it reaches the stretch (not inside a comment, a tag or raw text);
/// elsewhere it is read like the rest.
pub fn scan_with(html: &str, known: &[Known]) -> Scanned {
    scan_around(html, known).0
}

/// The scan, and whether the document ended inside a comment, a tag or raw
/// text.
fn scan_around(html: &str, known: &[Known]) -> (Scanned, bool) {
    let bytes = html.as_bytes();
    let mut out = Scanned::default();
    let mut attrs = Vec::new();
    let mut i = 0;
    // Where a search for the end of a comment, tag or raw text leads: past
    // the end of the document when it is not there.
    let mut open_at_end = false;
    let mut past = |found: Option<usize>| {
        found.unwrap_or_else(|| {
            open_at_end = true;
            html.len()
        })
    };
    let mut known = known.iter().peekable();
    // Lines are counted only up to tags that link somewhere, each stretch
    // of the document once.
    let (mut line, mut counted) = (1, 0);
    while let Some(rel) = find_byte(b'<', &bytes[i..]) {
        let start = i + rel;
        // A known stretch the scan reached between tags: taken as scanned.
        // (One it passed inside a tag, a comment or raw text is not.)
        while known.next_if(|k| k.start < i).is_some() {}
        if let Some(k) = known.next_if(|k| k.start <= start) {
            if !k.scanned.links.is_empty() {
                line += memchr::memchr_iter(b'\n', &bytes[counted..k.start]).count();
                counted = k.start;
                out.shared.push(SharedLinks {
                    at: out.links.len(),
                    line,
                    scanned: k.scanned.clone(),
                    lasting: k.lasting,
                });
            }
            out.ids.extend(k.scanned.ids.iter().cloned());
            i = k.end;
            continue;
        }
        let rest = &bytes[start..];
        if let Some(comment) = rest.strip_prefix(b"<!--") {
            i = past(memchr::memmem::find(comment, b"-->").map(|e| start + 4 + e + 3));
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") || rest.starts_with(b"</") {
            i = past(find_byte(b'>', rest).map(|e| start + e + 1));
            continue;
        }
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let (tag, end) = parse_tag(html, start + 1, &mut attrs);
        let links_before = out.links.len();
        record(tag, &attrs, &mut out);
        if out.links.len() > links_before {
            line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count();
            counted = start;
            for link in &mut out.links[links_before..] {
                link.line = line;
            }
        }
        i = past(end);
        // Raw text, and the highlighter's own markup (escaped code in
        // class-only spans, never an id or a link, a tag every few bytes),
        // are skipped to their end tag.
        let skipped = match RAW_TEXT.iter().find(|t| tag.eq_ignore_ascii_case(t)) {
            Some(raw) => Some(*raw),
            None => is_highlighted_code(tag, &attrs).then_some("pre"),
        };
        if let Some(skipped) = skipped {
            i = past(find_close(html, i, skipped));
        }
    }
    (out, open_at_end)
}

/// Where `byte` first is in `haystack`. In markup the next `<`, `>` or
/// quote is most often a few bytes away, where `memchr`'s setup costs more
/// than the search: the first bytes are looked at one by one.
#[inline]
fn find_byte(byte: u8, haystack: &[u8]) -> Option<usize> {
    const NEAR: usize = 16;
    let near = &haystack[..haystack.len().min(NEAR)];
    match near.iter().position(|&b| b == byte) {
        Some(at) => Some(at),
        None if haystack.len() > NEAR => {
            memchr::memchr(byte, &haystack[NEAR..]).map(|at| at + NEAR)
        }
        None => None,
    }
}

/// One attribute of a tag, as written: `name` is not lower-cased, `value`
/// still holds its character references.
type RawAttr<'a> = (&'a str, &'a str);

/// Parse `name attr=value …>` starting right after `<`, filling `attrs`.
/// Returns the tag name as written and the offset just past the closing `>`
/// (`None` when the document ends first).
fn parse_tag<'a>(
    html: &'a str,
    from: usize,
    attrs: &mut Vec<RawAttr<'a>>,
) -> (&'a str, Option<usize>) {
    attrs.clear();
    let bytes = html.as_bytes();
    let mut i = from;
    while i < bytes.len() && !is_tag_end(bytes[i]) {
        i += 1;
    }
    let tag = &html[from..i];
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (tag, None);
        }
        if bytes[i] == b'>' {
            return (tag, Some(i + 1));
        }
        let name_start = i;
        while i < bytes.len() && !is_tag_end(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        // A stray `=` with no name before it: step over it.
        if i == name_start {
            i += 1;
            continue;
        }
        let name = &html[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = find_byte(q, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e);
                    value = &html[i + 1..end];
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let v_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = &html[v_start..i];
                }
            }
        }
        attrs.push((name, value));
    }
}

/// `<pre class="… hl-code …">`: a block the build highlighted.
fn is_highlighted_code(tag: &str, attrs: &[RawAttr<'_>]) -> bool {
    tag.eq_ignore_ascii_case("pre")
        && attrs.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("class")
                && value.split_ascii_whitespace().any(|c| c == "hl-code")
        })
}

fn is_tag_end(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'>' || b == b'/'
}

/// Offset past `</tag…>`, case-insensitively, from `from`; `None` when the
/// element is never closed.
fn find_close(html: &str, from: usize, tag: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(rel) = memchr::memmem::find(&bytes[i..], b"</") {
        let at = i + rel;
        let name_end = at + 2 + tag.len();
        if name_end <= bytes.len()
            && bytes[at + 2..name_end].eq_ignore_ascii_case(tag.as_bytes())
            && bytes.get(name_end).is_none_or(|&b| is_tag_end(b))
        {
            return memchr::memchr(b'>', &bytes[at..]).map(|e| at + e + 1);
        }
        i = at + 2;
    }
    None
}

/// The tags whose URLs are checked, by lower-case name.
const LINKING_TAGS: &[&str] = &[
    "a", "area", "link", "img", "script", "iframe", "source", "video", "audio", "embed", "track",
];

/// Note the ids and URLs of one tag; links get their line filled in by the caller.
fn record(tag: &str, attrs: &[RawAttr<'_>], out: &mut Scanned) {
    // Most tags (`<p>`, `<li>`, `<em>`) have no attributes.
    if attrs.is_empty() {
        return;
    }
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    if let Some(id) = get("id") {
        out.ids.push(decode_entities(id).into_owned());
    }
    let is_a = tag.eq_ignore_ascii_case("a");
    if is_a {
        if let Some(name) = get("name") {
            out.ids.push(decode_entities(name).into_owned());
        }
    }
    let Some(&tag) = LINKING_TAGS.iter().find(|t| tag.eq_ignore_ascii_case(t)) else {
        return;
    };
    let mut push = |attr: &'static str, url: &str| {
        let url = url.trim();
        if !url.is_empty() {
            out.links.push(FoundLink {
                tag,
                attr,
                url: url.to_string(),
                line: 0,
            });
        }
    };
    match tag {
        "a" | "area" => {
            if let Some(v) = get("href") {
                push("href", &decode_entities(v));
            }
        }
        "link" => {
            // Hints to open connections name origins, not documents.
            let hint = get("rel").is_some_and(|rel| {
                rel.split_whitespace().any(|r| {
                    r.eq_ignore_ascii_case("preconnect") || r.eq_ignore_ascii_case("dns-prefetch")
                })
            });
            if let (Some(v), false) = (get("href"), hint) {
                push("href", &decode_entities(v));
            }
        }
        _ => {
            if let Some(v) = get("src") {
                let redirect =
                    tag == "script" && v.rsplit('/').next() == Some(crate::layout::REDIRECT_SCRIPT);
                if let (true, Some(to)) = (redirect, get("data-to")) {
                    out.redirect = Some(decode_entities(to).into_owned());
                }
                push("src", &decode_entities(v));
            }
            if let Some(v) = get("srcset") {
                for candidate in decode_entities(v).split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        push("srcset", url);
                    }
                }
            }
            if let Some(v) = get("poster") {
                push("poster", &decode_entities(v));
            }
        }
    }
}

/// Decode the character references that occur in URLs and ids.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.as_bytes().contains(&b'&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is short: look for its `;` in the next few bytes only.
        let end = rest.bytes().take(11).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_links() {
        let s = scan(
            "<!DOCTYPE html><h2 id=\"a&amp;b\">x</h2><a name=old></a>\
             <A HREF='/x/?q=1&amp;r=2#top'>x</A><img src=pic.png srcset=\"a.png 1x, b.png 2x\">\
             <link rel=preconnect href=https://cdn.example><link rel=stylesheet href=/s.css>",
        );
        assert_eq!(s.ids, vec!["a&b", "old"]);
        let urls: Vec<&str> = s.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            vec!["/x/?q=1&r=2#top", "pic.png", "a.png", "b.png", "/s.css"]
        );
    }

    #[test]
    fn skips_comments_scripts_and_text() {
        let s = scan(
            "<!-- <a href=/c> --><script>let a = '<a href=/s>';</script>\
             <pre><code>&lt;a href=/t&gt;</code></pre><style>a{}</STYLE ><a href=/ok>",
        );
        let urls: Vec<&str> = s.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, vec!["/ok"]);
    }

    #[test]
    fn highlighted_code_is_skipped_and_the_rest_scanned() {
        let s = scan(
            "<pre class=\"code hl-code\" data-lang=\"rust\"><code><span class=\"hl-source\">\
             <span id=\"not-an-id\">x</span></span></code></pre><a href=/after id=kept>\
             <pre class=\"code\"><code><a href=/in-plain-pre></a></code></pre>",
        );
        let urls: Vec<&str> = s.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, vec!["/after", "/in-plain-pre"]);
        assert_eq!(s.ids, vec!["kept"]);
    }

    #[test]
    fn survives_truncated_markup() {
        for html in [
            "<a href=\"/x",
            "<a",
            "<a href=",
            "<script>",
            "<!--",
            "<a =x id=y>",
            "&#xffffffff;",
        ] {
            let _ = scan(html);
            let _ = decode_entities(html);
        }
        assert_eq!(decode_entities("&#x41;&#66;&bogus;&"), "AB&bogus;&");
    }
}
