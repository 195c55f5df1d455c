//! Slugs for heading ids, tag URLs and page paths: lowercase words joined by
//! hyphens, letters of any script kept, punctuation dropped; and the
//! strategies of `[slugify]` (Zola's `on`, `safe`, `off`).

use serde::{Deserialize, Serialize};

/// How file names become URL parts, or headings become ids (`[slugify]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// versus's own: lowercase words joined by hyphens, letters of any script kept.
    #[default]
    Unicode,
    /// Zola's default: transliterated to ASCII, every other character a hyphen.
    On,
    /// Paths: only characters no file system allows are removed; anchors:
    /// whitespace becomes `_`.
    Safe,
    /// Nothing changes (anchors: whitespace becomes `_`, as it must).
    Off,
}

/// The URL part of a file or folder name under `strategy`.
pub fn path_slug(name: &str, strategy: Strategy) -> String {
    match strategy {
        Strategy::Unicode => slugify(name),
        Strategy::On => slug::slugify(name),
        Strategy::Safe => name
            .trim_end_matches([' ', '.'])
            .chars()
            .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
            .collect(),
        // Even "off" keeps a name one URL segment: no separators, no `..`.
        Strategy::Off if name.chars().all(|c| c == '.') => String::new(),
        Strategy::Off => name.replace(['/', '\\'], ""),
    }
}

/// The id of a heading with text `text` under `strategy`.
pub fn anchor_slug(text: &str, strategy: Strategy) -> String {
    match strategy {
        Strategy::Unicode => slugify(text),
        Strategy::On => slug::slugify(text),
        Strategy::Safe | Strategy::Off => text.replace(|c: char| c.is_ascii_whitespace(), "_"),
    }
}

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
    use super::{anchor_slug, path_slug, slugify, Strategy};

    /// Zola's own table (components/utils/src/slugs.rs): input → (on, safe, off).
    #[test]
    fn path_strategies_match_zola() {
        for (input, on, safe, off) in [
            ("input", "input", "input", "input"),
            ("test ", "test", "test", "test "),
            ("tes t", "tes-t", "tes t", "tes t"),
            ("dot. ", "dot", "dot", "dot. "),
            ("日本", "ri-ben", "日本", "日本"),
            ("héhé", "hehe", "héhé", "héhé"),
            ("test (hey)", "test-hey", "test (hey)", "test (hey)"),
        ] {
            assert_eq!(path_slug(input, Strategy::On), on, "{input:?}");
            assert_eq!(path_slug(input, Strategy::Safe), safe, "{input:?}");
            assert_eq!(path_slug(input, Strategy::Off), off, "{input:?}");
        }
        assert_eq!(path_slug("My Post", Strategy::Unicode), "my-post");
        for strategy in [
            Strategy::Unicode,
            Strategy::On,
            Strategy::Safe,
            Strategy::Off,
        ] {
            assert!(!path_slug("../a/b", strategy).contains('/'));
            assert_eq!(path_slug("..", strategy), "");
        }
    }

    #[test]
    fn anchor_strategies_match_zola() {
        for (input, on, safe) in [
            ("input", "input", "input"),
            ("test ", "test", "test_"),
            ("tes t", "tes-t", "tes_t"),
            ("dot. ", "dot", "dot._"),
            ("日本", "ri-ben", "日本"),
            (
                "Don't panic: C++ & Rust",
                "don-t-panic-c-rust",
                "Don't_panic:_C++_&_Rust",
            ),
        ] {
            assert_eq!(anchor_slug(input, Strategy::On), on, "{input:?}");
            assert_eq!(anchor_slug(input, Strategy::Safe), safe, "{input:?}");
            assert_eq!(anchor_slug(input, Strategy::Off), safe, "{input:?}");
        }
        assert_eq!(anchor_slug("Don't panic", Strategy::Unicode), "dont-panic");
    }

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
