//! The one HTML escaper. Everything from content and data is escaped where
//! it lands with the five entities HTML and XML need (`&amp; &lt; &gt;
//! &quot; &#39;`, not Tera's `&#x2F;`: URLs come out as written); the text of
//! a code block that could not be highlighted only needs `& < >` escaped
//! (it is element content, as pulldown-cmark writes it).

/// Which characters to escape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quotes {
    /// `"` and `'` too: safe in element content and attribute values alike.
    Escape,
    /// Only `& < >`: element content.
    Keep,
}

/// `text` escaped for element content and attribute values (the templates'
/// autoescape function).
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Append `text` to `out`, escaped for element content and attribute values
/// alike (as [`escape_attr`] does).
pub fn push_escaped(out: &mut String, text: &str) {
    push(out, text, Quotes::Escape);
}

/// Append `text` to `out` as element content: `& < >` escaped, quotes kept.
pub fn push_escaped_text(out: &mut String, text: &str) {
    push(out, text, Quotes::Keep);
}

fn push(out: &mut String, text: &str, quotes: Quotes) {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes == Quotes::Escape => "&quot;",
            b'\'' if quotes == Quotes::Escape => "&#39;",
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
    fn attributes_get_five_entities_and_text_three() {
        assert_eq!(
            escape_attr("a<b>&\"c\"'/é"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;/é"
        );
        let mut text = String::new();
        push_escaped_text(&mut text, "a<b>&\"c\"'/é");
        assert_eq!(text, "a&lt;b&gt;&amp;\"c\"'/é");
    }
}
