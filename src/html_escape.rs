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
    let mask = match quotes {
        Quotes::Escape => MARKUP | QUOTE,
        Quotes::Keep => MARKUP,
    };
    let mut plain = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        // One table load per byte: most text has nothing to escape.
        if CLASS[usize::from(b)] & mask == 0 {
            continue;
        }
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

/// [`CLASS`] bits: `& < >`, and the quotes.
const MARKUP: u8 = 1;
const QUOTE: u8 = 2;

/// Each byte's class: which escape needs it.
const CLASS: [u8; 256] = {
    let mut class = [0; 256];
    class[b'&' as usize] = MARKUP;
    class[b'<' as usize] = MARKUP;
    class[b'>' as usize] = MARKUP;
    class[b'"' as usize] = QUOTE;
    class[b'\'' as usize] = QUOTE;
    class
};

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

    #[test]
    fn every_character_is_escaped_wherever_it_is() {
        // Each special character at every place in texts of many lengths,
        // next to another special character and alone.
        let specials = [
            ('&', "&amp;"),
            ('<', "&lt;"),
            ('>', "&gt;"),
            ('"', "&quot;"),
            ('\'', "&#39;"),
        ];
        for len in [0, 1, 7, 8, 15, 16, 31, 32, 33, 70] {
            for at in 0..len {
                for (c, _) in specials {
                    for (d, _) in specials {
                        let mut text: Vec<char> = "é".chars().cycle().take(len).collect();
                        text[at] = c;
                        if at + 1 < len {
                            text[at + 1] = d;
                        }
                        let text: String = text.into_iter().collect();
                        let by_char: String = text
                            .chars()
                            .map(|ch| match specials.iter().find(|(s, _)| *s == ch) {
                                Some((_, e)) => e.to_string(),
                                None => ch.to_string(),
                            })
                            .collect();
                        assert_eq!(escape_attr(&text), by_char, "{text}");
                        let mut kept = String::new();
                        push_escaped_text(&mut kept, &text);
                        let quotes_kept = by_char.replace("&quot;", "\"").replace("&#39;", "'");
                        assert_eq!(kept, quotes_kept, "{text}");
                    }
                }
            }
        }
    }
}
