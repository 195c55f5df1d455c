//! Slugs for heading ids, tag URLs and page paths: lowercase words joined by
//! hyphens, letters of any script kept, punctuation dropped.

/// `"CIO vs. CTO: who does what?"` → `"cio-vs-cto-who-does-what"`.
pub fn slugify(text: &str) -> String {
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
}
