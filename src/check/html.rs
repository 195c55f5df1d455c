//! A small, careful HTML attribute scanner for link checking: finds every
//! element's `id`, and the URLs in `href`/`src`/`srcset`/`poster`, in one
//! pass without building a DOM. Comments, `<!DOCTYPE>`, closing tags and the
//! raw text of `<script>`, `<style>`, `<textarea>` and `<title>` are skipped,
//! so a link shown as text (in a code block, say) is never taken for a link.

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
    /// Every URL the page refers to.
    pub links: Vec<FoundLink>,
}

/// Elements whose content is raw text, not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Scan one HTML document.
pub fn scan(html: &str) -> Scanned {
    let bytes = html.as_bytes();
    let mut out = Scanned::default();
    let mut i = 0;
    // Lines are counted as the scan moves on, so each costs one pass.
    let (mut line, mut counted) = (1, 0);
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment
                .find("-->")
                .map_or(html.len(), |e| start + 4 + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(html.len(), |e| start + e + 1);
            continue;
        }
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let (tag, attrs, end) = parse_tag(html, start + 1);
        line += bytecount_newlines(&bytes[counted..start]);
        counted = start;
        record(&tag, &attrs, line, &mut out);
        i = end;
        if RAW_TEXT.contains(&tag.as_str()) {
            i = find_close(html, i, &tag);
        }
    }
    out
}

/// Parse `name attr=value …>` starting right after `<`. Returns the tag name
/// (lower case), its attributes (names lower case, values decoded), and the
/// offset just past the closing `>`.
fn parse_tag(html: &str, from: usize) -> (String, Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut i = from;
    while i < bytes.len() && !is_tag_end(bytes[i]) {
        i += 1;
    }
    let tag = html[from..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (tag, attrs, bytes.len());
        }
        if bytes[i] == b'>' {
            return (tag, attrs, i + 1);
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
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = html[i + 1..]
                        .find(q as char)
                        .map_or(bytes.len(), |e| i + 1 + e);
                    value = decode_entities(&html[i + 1..end]);
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let v_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&html[v_start..i]);
                }
            }
        }
        attrs.push((name, value));
    }
}

fn bytecount_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

fn is_tag_end(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'>' || b == b'/'
}

/// Offset past `</tag…>`, case-insensitively, from `from`; the end of the
/// document when the element is never closed.
fn find_close(html: &str, from: usize, tag: &str) -> usize {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(rel) = html[i..].find("</") {
        let at = i + rel;
        let name_end = at + 2 + tag.len();
        if name_end <= bytes.len()
            && bytes[at + 2..name_end].eq_ignore_ascii_case(tag.as_bytes())
            && bytes.get(name_end).is_none_or(|&b| is_tag_end(b))
        {
            return html[at..].find('>').map_or(html.len(), |e| at + e + 1);
        }
        i = at + 2;
    }
    html.len()
}

fn record(tag: &str, attrs: &[(String, String)], line: usize, out: &mut Scanned) {
    let get = |name: &str| attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    if let Some(id) = get("id") {
        out.ids.push(id.clone());
    }
    if tag == "a" {
        if let Some(name) = get("name") {
            out.ids.push(name.clone());
        }
    }
    let tag: &'static str = match tag {
        "a" => "a",
        "area" => "area",
        "link" => "link",
        "img" => "img",
        "script" => "script",
        "iframe" => "iframe",
        "source" => "source",
        "video" => "video",
        "audio" => "audio",
        "embed" => "embed",
        "track" => "track",
        _ => return,
    };
    let mut push = |attr: &'static str, url: &str| {
        let url = url.trim();
        if !url.is_empty() {
            out.links.push(FoundLink {
                tag,
                attr,
                url: url.to_string(),
                line,
            });
        }
    };
    match tag {
        "a" | "area" => {
            if let Some(v) = get("href") {
                push("href", v);
            }
        }
        "link" => {
            // Hints to open connections name origins, not documents.
            let rel = get("rel")
                .map(|r| r.to_ascii_lowercase())
                .unwrap_or_default();
            let hint = rel
                .split_whitespace()
                .any(|r| matches!(r, "preconnect" | "dns-prefetch"));
            if let (Some(v), false) = (get("href"), hint) {
                push("href", v);
            }
        }
        "img" | "script" | "iframe" | "source" | "video" | "audio" | "embed" | "track" => {
            if let Some(v) = get("src") {
                push("src", v);
            }
            if let Some(v) = get("srcset") {
                for candidate in v.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        push("srcset", url);
                    }
                }
            }
            if let Some(v) = get("poster") {
                push("poster", v);
            }
        }
        _ => {}
    }
}

/// Decode the character references that occur in URLs and ids.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|end| {
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
    out
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
