//! Slugs for heading ids, tag URLs and page paths: lowercase words joined by
//! hyphens, letters of any script kept, punctuation dropped.

/// `"CIO vs. CTO: who does what?"` → `"cio-vs-cto-who-does-what"`.
pub fn slugify(text: &str) -> String {
    if text.is_ascii() {
        return slugify_ascii(text);
    }
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            pending_hyphen = true;
        }
    }
    slug
}

/// [`slugify`] for ASCII text (most headings and tags), byte by byte.
fn slugify_ascii(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(char::from(b.to_ascii_lowercase()));
        } else if matches!(b, b'\t'..=b'\r' | b' ' | b'-' | b'_' | b'/') {
            pending_hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("CIO vs. CTO: who does what?"),
            "cio-vs-cto-who-does-what"
        );
        assert_eq!(
            slugify("  Interim and fractional leaders "),
            "interim-and-fractional-leaders"
        );
        assert_eq!(slugify("a -- b"), "a-b");
        assert_eq!(slugify("日本語 テスト"), "日本語-テスト");
        assert_eq!(slugify("Ünïcode Über"), "ünïcode-über");
        assert_eq!(slugify("!!!"), "");
    }

    /// The ASCII path agrees with the general one on every ASCII character
    /// (a trailing `é` sends the same text down the general path).
    #[test]
    fn ascii_slugs_match_the_general_rules() {
        for b in 0..=0x7f_u8 {
            let text = format!("Ab{}Cd {} x{}", b as char, b as char, b as char);
            let ascii = slugify(&text);
            let general = slugify(&format!("{text} é"));
            assert_eq!(format!("{ascii}-é"), general, "{text:?}");
        }
    }
}
