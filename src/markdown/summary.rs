//! The summary of a page: its HTML up to `<!-- more -->`, with every element
//! still open at that point closed, so a summary shown in a listing cannot
//! swallow the rest of the listing's page.

/// The marker that ends the summary, as written in Markdown.
pub const MARKER: &str = "<!-- more -->";

/// What the marker becomes in the page: the target of "continue reading" links.
pub const ANCHOR: &str = "<span id=\"continue-reading\"></span>";

/// The id of [`ANCHOR`].
pub const ANCHOR_ID: &str = "continue-reading";

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// `html` (a prefix of well-formed HTML) with the closing tags of the
/// elements still open at its end appended, innermost first.
pub fn balanced(html: &str) -> String {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_from = usize::from(closing);
        let name_len = rest[name_from..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        let name = &rest[name_from..name_from + name_len];
        // The tag's end: the first `>` outside a quoted attribute value.
        let mut quote = None;
        let mut end = rest.len();
        for (i, b) in rest.bytes().enumerate() {
            match (quote, b) {
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), _) if q == b => quote = None,
                (None, b'>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let self_closing = rest[..end].ends_with('/');
        rest = rest.get(end + 1..).unwrap_or("");
        if name.is_empty() {
            continue;
        }
        if closing {
            if let Some(at) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                open.truncate(at);
            }
        } else if !self_closing && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            open.push(name);
            // Raw text: what follows up to the closing tag is not markup.
            if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
                let close = format!("</{name}");
                match rest.find(&close) {
                    Some(at) => rest = &rest[at..],
                    None => rest = "",
                }
            }
        }
    }
    let mut out = String::with_capacity(html.len() + open.len() * 8);
    out.push_str(html);
    for name in open.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_what_is_open() {
        assert_eq!(balanced("<p>a</p>\n"), "<p>a</p>\n");
        assert_eq!(
            balanced("<ul>\n<li><p>One <em>two</em></p>\n<p>three <strong>x"),
            "<ul>\n<li><p>One <em>two</em></p>\n<p>three <strong>x</strong></p></li></ul>"
        );
        assert_eq!(
            balanced("<div a=\"x>y\"><img src=\"a\"><br/><!-- <p> --><hr>"),
            "<div a=\"x>y\"><img src=\"a\"><br/><!-- <p> --><hr></div>"
        );
        assert_eq!(
            balanced("<pre><code>a &lt;b&gt;"),
            "<pre><code>a &lt;b&gt;</code></pre>"
        );
        assert_eq!(
            balanced("<script>if (a<b) {}"),
            "<script>if (a<b) {}</script>"
        );
    }
}
