//! Dates in file names, as Zola reads them: `2024-05-01-name.md`,
//! `2024-05-01_name.md` (or a bundle folder named so) give the page its
//! date when the front matter has none, and `name` is its slug.

use std::sync::LazyLock;

use regex::Regex;

use super::front_matter::Date;

/// Zola's pattern (`components/content/src/page.rs`): an RFC 3339 date,
/// optionally with a time, then optionally `-` or `_` and the name.
static DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<date>\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?)(\s?[_-](?P<name>.+))?$",
    )
    .expect("valid pattern")
});

/// The date a file name starts with, and the name after it (the whole
/// name when it is only a date, or has none).
pub fn split(name: &str) -> (Option<Date>, &str) {
    let Some(caps) = DATED.captures(name) else {
        return (None, name);
    };
    let date = caps.name("date").and_then(|d| Date::parse(d.as_str()));
    let rest = caps.name("name").map_or(name, |n| n.as_str());
    match date {
        Some(date) => (Some(date), rest),
        None => (None, name),
    }
}

/// The file or bundle-folder name a page's slug and date come from
/// (`blog/2024-05-01-a.md` → `2024-05-01-a`, `blog/x/index.md` → `x`).
pub fn stem_of(rel: &str) -> &str {
    let rel = rel.strip_suffix("/index.md").unwrap_or(rel);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names() {
        let d = |s: &str| Some(Date(s.into()));
        assert_eq!(split("2024-05-01-my-post"), (d("2024-05-01"), "my-post"));
        assert_eq!(split("2024-05-01_my_post"), (d("2024-05-01"), "my_post"));
        assert_eq!(split("2024-05-01 _spaced"), (d("2024-05-01"), "spaced"));
        assert_eq!(split("2024-05-01"), (d("2024-05-01"), "2024-05-01"));
        assert_eq!(
            split("2024-05-01T10:20:30Z-timed"),
            (d("2024-05-01T10:20:30+00:00"), "timed")
        );
        assert_eq!(split("2024-13-01-no"), (None, "2024-13-01-no"));
        assert_eq!(split("2024-02-30-no"), (None, "2024-02-30-no"));
        assert_eq!(split("20240501-no"), (None, "20240501-no"));
        assert_eq!(split("plain"), (None, "plain"));
        assert_eq!(stem_of("blog/2024-05-01-a.md"), "2024-05-01-a");
        assert_eq!(stem_of("blog/2024-05-01-b/index.md"), "2024-05-01-b");
    }
}
