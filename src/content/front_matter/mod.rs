//! Front matter: a file is cut into front matter and body (`fence.rs`),
//! and the front matter (TOML between `+++` lines, YAML between `---`
//! lines) parsed here into [`PageFront`] or [`SectionFront`], with errors
//! located in the whole file, not just in the front-matter block. Keys Zola
//! knows and versus does not use yet (`zola.rs`) are dropped and returned;
//! dates are [`Date`]s (`date.rs`).

mod date;
mod fence;
pub mod zola;

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use date::Date;
pub use fence::{split, Format, Split};

use crate::error::Error;
use crate::unique_keys::{yaml_duplicate_offset, UniqueKeys};

/// Parsed front matter and the Zola keys dropped from it, or every error.
pub type Parsed<T> = Result<(T, Vec<IgnoredKey>), Vec<Error>>;

/// A front-matter key Zola knows that versus does not use yet, or (on a
/// Zola site) a page key neither knows, which Zola ignores: dropped, and
/// reported as a warning (once per key for the whole build).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredKey {
    /// The key as written (`insert_anchor_links`).
    pub key: String,
    /// Not a key of Zola's either (Zola ignores it on a page).
    pub unknown: bool,
    /// What versus does instead, or (for an unknown key) what it may be.
    pub instead: String,
    /// 1-based line and column of the key in the file.
    pub line: usize,
    pub column: usize,
}

/// The front-matter keys a kind of file accepts.
pub trait Keys {
    /// The keys versus knows.
    const KEYS: &'static [&'static str];
    /// Is this a section's front matter (`_index.md`)?
    const SECTION: bool;
}

impl Keys for PageFront {
    const KEYS: &'static [&'static str] = PAGE_KEYS;
    const SECTION: bool = false;
}

impl Keys for SectionFront {
    const KEYS: &'static [&'static str] = SECTION_KEYS;
    const SECTION: bool = true;
}

/// Deserialize the front matter of `split` into `T`; a file with none
/// gives `T::default()`. Keys Zola knows and versus does not are dropped
/// and returned; every other unknown key of the file is an error, all of
/// them reported together.
pub fn parse<T: DeserializeOwned + Default + Keys>(
    file: &Path,
    source: &str,
    split: &Split<'_>,
    zola_site: bool,
) -> Parsed<T> {
    match parse_strict::<T>(file, source, split) {
        Ok(front) => Ok((front, Vec::new())),
        Err(err) if err.message.starts_with("unknown field `") => {
            lenient::<T>(file, source, split, zola_site).unwrap_or(Err(vec![err]))
        }
        Err(err) => Err(vec![err]),
    }
}

/// The usual path: straight into `T`, with exact locations for type errors.
fn parse_strict<T: DeserializeOwned + Default + Keys>(
    file: &Path,
    source: &str,
    split: &Split<'_>,
) -> Result<T, Error> {
    let Some((format, text)) = split.front else {
        return Ok(T::default());
    };
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    match format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let mut err = Error::new(e.message().trim().to_string()).in_file(file);
            if let Some(span) = e.span() {
                err = err.at_offset(source, split.front_offset + span.start);
            }
            with_field_hint::<T>(err)
        }),
        Format::Yaml => unique_yaml(text).map_err(|e| {
            let message = e.to_string();
            let message = match message.find(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            let mut err = Error::new(message).in_file(file);
            // The byte index, not libyaml's line and column: libyaml also
            // breaks lines at `\r` and U+0085, which our locations do not.
            if let Some(loc) = e.location() {
                let at = yaml_duplicate_offset(text, &err.message, loc.index());
                err = err.at_offset(source, split.front_offset + at.unwrap_or(loc.index()));
            }
            if text.lines().any(|l| l.starts_with('\t')) {
                err = err.with_hint("YAML does not allow tabs for indentation; use spaces");
            }
            with_field_hint::<T>(err)
        }),
    }
}

/// YAML front matter, with no key twice in a mapping (YAML keeps the last).
fn unique_yaml<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml_ng::Error> {
    serde_yaml_ng::from_str::<UniqueKeys>(text)?;
    serde_yaml_ng::from_str(text)
}

/// After an unknown key: look at every key of the file, drop Zola's, and
/// report all the others. `None` if the text does not parse as a table
/// (the strict error stands).
fn lenient<T: DeserializeOwned + Default + Keys>(
    file: &Path,
    source: &str,
    split: &Split<'_>,
    zola_site: bool,
) -> Option<Parsed<T>> {
    let (format, text) = split.front?;
    let mut table: serde_json::Map<String, serde_json::Value> = match format {
        Format::Toml => {
            let t: toml::Table = toml::from_str(text).ok()?;
            serde_json::to_value(t).ok()?.as_object()?.clone()
        }
        Format::Yaml => serde_yaml_ng::from_str(text).ok()?,
    };
    let locate = |key: &str| {
        let offset = split.front_offset + key_offset(text, key).unwrap_or(0);
        crate::error::line_col(source, offset)
    };
    let mut ignored = Vec::new();
    let mut errors = Vec::new();
    let keys: Vec<String> = table.keys().cloned().collect();
    for key in keys {
        if T::KEYS.contains(&key.as_str()) {
            continue;
        }
        if let Some(instead) = zola::ignored(&key, T::SECTION) {
            let (line, column) = locate(&key);
            ignored.push(IgnoredKey {
                key: key.clone(),
                unknown: false,
                instead: instead.to_string(),
                line,
                column,
            });
            table.remove(&key);
            continue;
        }
        let (line, column) = locate(&key);
        let err = with_field_hint::<T>(
            Error::new(format!("unknown field `{key}`"))
                .in_file(file)
                .at(line, column)
                .with_snippet_line(source, line),
        );
        // Zola ignores a key it does not know on a page (not on a section).
        if zola_site && !T::SECTION {
            ignored.push(IgnoredKey {
                key: key.clone(),
                unknown: true,
                instead: err.hint.unwrap_or_default(),
                line,
                column,
            });
            table.remove(&key);
            continue;
        }
        errors.push(err);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Some(Err(errors));
    }
    // Dates were TOML date-times: the JSON form keeps them as strings.
    let front = serde_json::from_value(serde_json::Value::Object(table)).map_err(|e| {
        vec![with_field_hint::<T>(
            Error::new(e.to_string()).in_file(file),
        )]
    });
    Some(front.map(|f| (f, ignored)))
}

/// Byte offset of the line that sets `key` (TOML `key =`, YAML `key:`, or a
/// `[key]` table) in a front-matter text.
pub(crate) fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key).or_else(|| {
            trimmed
                .strip_prefix('"')
                .and_then(|t| t.strip_prefix(key))
                .and_then(|t| t.strip_prefix('"'))
        });
        if let Some(rest) = rest {
            if rest.trim_start().starts_with(['=', ':', ']']) {
                return Some(offset + line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    None
}

/// Add a "did you mean" hint to serde's "unknown field" messages.
fn with_field_hint<T: Keys>(err: Error) -> Error {
    let Some(rest) = err.message.strip_prefix("unknown field `") else {
        return err;
    };
    let Some(end) = rest.find('`') else {
        return err;
    };
    let found = rest[..end].to_string();
    let err = err.suggesting(&found, T::KEYS.iter().copied());
    if err.hint.is_some() {
        err
    } else if zola::ignored(&found, !T::SECTION).is_some()
        || (!T::SECTION && SECTION_KEYS.contains(&found.as_str()))
    {
        let (here, there) = if T::SECTION {
            ("sections", "pages")
        } else {
            ("pages", "sections")
        };
        err.with_hint(format!("Zola knows `{found}` on {there}, not on {here}"))
    } else {
        err.with_hint("see the front matter keys in README.md")
    }
}

const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "slug",
    "template",
    "tags",
    "taxonomies",
    "aliases",
    "extra",
    // Zola's (`zola_keys.rs`).
    "path",
    "authors",
    "in_search_index",
];
const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "template",
    "weight",
    "draft",
    "extra",
    "paginate_by",
    "paginate_path",
    // Zola's (`zola_keys.rs`).
    "transparent",
    "render",
    "redirect_to",
    "page_template",
    "insert_anchor_links",
    "in_search_index",
    "generate_feeds",
    "aliases",
];

/// Front matter of a page (any `.md` file other than `_index.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub template: Option<String>,
    pub tags: Vec<String>,
    /// Terms by taxonomy, as in Zola: `[taxonomies] categories = [...]`
    /// (`[taxonomies] tags` is `tags`). Checked against the declared
    /// taxonomies when the model is assembled.
    pub taxonomies: std::collections::BTreeMap<String, Vec<String>>,
    pub aliases: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    // Zola's keys (`zola_keys.rs`): the URL path instead of the section's
    // and slug's, the authors (page context and feeds), search or not.
    pub path: Option<String>,
    pub authors: Vec<String>,
    pub in_search_index: Option<bool>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Newest first; undated pages last.
    #[default]
    Date,
    /// Lightest first.
    Weight,
    /// Alphabetical.
    Title,
    /// File order.
    None,
    /// Newest first by `updated` (else `date`); undated pages last.
    UpdateDate,
    /// By the last part of the URL path, numbers in it by value.
    Slug,
    /// By URL, byte by byte (Zola's `permalink`).
    Permalink,
    /// By title, byte by byte: capitals before small letters (Zola's
    /// `title_bytes`).
    TitleBytes,
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SectionFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub template: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// List this many pages per listing page (`None`: all on one).
    pub paginate_by: Option<std::num::NonZeroUsize>,
    /// The folder of listing pages 2, 3, …: `<section>/<paginate_path>/2/`.
    pub paginate_path: Option<PathSegment>,
    // Zola's keys, as Zola documents them (`zola_keys.rs`).
    /// The section's pages are listed in its parent's listing too.
    pub transparent: bool,
    /// `Some(false)`: no page for the section (its pages still render).
    pub render: Option<bool>,
    /// The section's URL is a redirect to this path or URL.
    pub redirect_to: Option<String>,
    /// The template of the pages below, unless they name their own.
    pub page_template: Option<String>,
    /// Links from headings to themselves, in the section and its pages.
    pub insert_anchor_links: Option<crate::markdown::anchor::AnchorLinks>,
    /// `Some(false)`: the section and its pages are not in the search index.
    pub in_search_index: Option<bool>,
    /// A feed of the section's pages at `<section>/atom.xml`.
    pub generate_feeds: bool,
    /// Old URLs of the section, each a redirect to it.
    pub aliases: Vec<String>,
}

impl SectionFront {
    /// Does the section have a page of its own (`render` is not false)?
    pub fn renders(&self) -> bool {
        self.render != Some(false)
    }
}

/// One URL path segment: letters, digits, `-` and `_` (so it names a
/// folder of the section's output and nothing else).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(try_from = "String")]
pub struct PathSegment(pub String);

impl TryFrom<String> for PathSegment {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        if !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            Ok(PathSegment(text))
        } else {
            Err(format!(
                "`{text}` is not one path segment: use letters, digits, `-` and `_` (like `page`)"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(src: &str) -> Result<PageFront, Error> {
        page_and_ignored(src)
            .map(|(p, _)| p)
            .map_err(|mut e| e.remove(0))
    }

    fn page_and_ignored(src: &str) -> Result<(PageFront, Vec<IgnoredKey>), Vec<Error>> {
        let file = Path::new("content/a.md");
        let s = split(file, src).map_err(|e| vec![e])?;
        parse(file, src, &s, false)
    }

    #[test]
    fn every_unknown_key_of_a_file_is_reported() {
        let errs = page_and_ignored("+++\ntitel = \"A\"\nwieght = 1\nfoo = 2\n+++\n").unwrap_err();
        let texts: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 3, "{texts:?}");
        assert!(
            texts[0].starts_with("content/a.md:2:1: unknown field `titel`"),
            "{texts:?}"
        );
        assert!(texts[0].contains("did you mean `title`?"), "{texts:?}");
        assert!(
            texts[1].starts_with("content/a.md:3:1: unknown field `wieght`"),
            "{texts:?}"
        );
        assert!(texts[1].contains("did you mean `weight`?"), "{texts:?}");
        assert!(
            texts[2].starts_with("content/a.md:4:1: unknown field `foo`"),
            "{texts:?}"
        );
    }

    #[test]
    fn zola_keys_are_dropped_and_returned() {
        let src = "+++\ntitle = \"A\"\ndate = 2024-05-01\nrender = false\n\n[taxonomies]\ntags = [\"x\"]\ntheme-tags = []\n+++\n";
        let (front, ignored) = page_and_ignored(src).unwrap();
        assert_eq!(front.title.as_deref(), Some("A"));
        assert_eq!(front.date, Some(Date("2024-05-01".into())));
        // Every taxonomy is kept: the model checks them against the config.
        assert_eq!(front.taxonomies["tags"], ["x"]);
        assert!(front.taxonomies["theme-tags"].is_empty());
        let keys: Vec<(&str, usize)> = ignored.iter().map(|k| (k.key.as_str(), k.line)).collect();
        assert_eq!(keys, [("render", 4)]);
        let (_, ignored) = page_and_ignored("---\ntitle: A\nrender: true\n---\n").unwrap();
        assert_eq!(ignored[0].key, "render");
        assert_eq!(ignored[0].line, 3);
    }

    /// Zola's section keys parse alike in TOML and YAML, also next to a
    /// key versus drops (the lenient path goes through JSON).
    #[test]
    fn zola_section_keys_parse_in_both_syntaxes() {
        let file = Path::new("content/s/_index.md");
        for src in [
            "+++\ntransparent = true\nrender = false\nsort_by = \"update_date\"\ninsert_anchor_links = \"heading\"\npaginate_reversed = true\n+++\n",
            "---\ntransparent: true\nrender: false\nsort_by: update_date\ninsert_anchor_links: heading\n---\n",
        ] {
            let s = split(file, src).unwrap();
            let (front, _): (SectionFront, _) = parse(file, src, &s, false).unwrap();
            assert!(front.transparent, "{src}");
            assert_eq!(front.render, Some(false));
            assert_eq!(front.sort_by, SortBy::UpdateDate);
            assert_eq!(
                front.insert_anchor_links,
                Some(crate::markdown::anchor::AnchorLinks::Heading)
            );
        }
    }

    #[test]
    fn a_section_key_on_a_page_says_so() {
        let err = page("+++\npaginate_by = 5\n+++\n").unwrap_err();
        assert!(
            err.to_string().contains("on sections, not on pages"),
            "{err}"
        );
    }

    #[test]
    fn toml_and_yaml_agree() {
        let t = page("+++\ntitle = \"A\"\ndate = 2026-11-02\ntags = [\"x\"]\n+++\nbody").unwrap();
        let y = page("---\ntitle: A\ndate: 2026-11-02\ntags: [x]\n---\nbody").unwrap();
        assert_eq!(t.title, y.title);
        assert_eq!(t.date, y.date);
        assert_eq!(t.date, Some(Date("2026-11-02".into())));
        assert_eq!(t.tags, y.tags);
    }

    #[test]
    fn toml_datetime() {
        let t = page("+++\ndate = 2026-11-02T10:00:00Z\n+++\n").unwrap();
        assert_eq!(t.date.unwrap().0, "2026-11-02T10:00:00+00:00");
    }

    #[test]
    fn front_matter_after_blank_lines_or_a_bom_is_front_matter() {
        for src in [
            "\n\n+++\ntitle = \"A\"\n+++\nbody",
            "\u{feff}+++\ntitle = \"A\"\n+++\nbody",
            "\u{feff}\r\n  \n---\ntitle: A\n---\nbody",
            "+++  \r\ntitle = \"A\"\n+++\nbody",
        ] {
            let file = Path::new("a.md");
            let s = split(file, src).unwrap();
            assert_eq!(s.body, "body", "{src:?}");
            let (front, _): (PageFront, _) = parse(file, src, &s, false).unwrap();
            assert_eq!(front.title.as_deref(), Some("A"), "{src:?}");
        }
    }

    #[test]
    fn a_glued_fence_is_an_error() {
        let err = page("\n+++title = \"A\"\n+++\nbody").unwrap_err();
        assert!(err.to_string().starts_with("content/a.md:2:4"), "{err}");
        assert!(page("---title: A\n---\n").is_err());
        // A Markdown rule is not a fence.
        assert_eq!(page("-----\ntext").unwrap().title, None);
    }

    #[test]
    fn blank_lines_may_come_before_the_front_matter() {
        let src = "\n  \n+++\ntitle = \"A\"\ntitel = 1\n+++\nbody";
        let err = page(src).unwrap_err();
        assert!(err.to_string().starts_with("content/a.md:5:1:"), "{err}");
        let s = split(Path::new("a.md"), src).unwrap();
        assert_eq!(s.body, "body");
        let s = split(Path::new("a.md"), "\nText\n+++\n").unwrap();
        assert_eq!(s.front, None);
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        let err = page("+++\ntitle = \"A\"\nbody").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("content/a.md:1:1: front matter"),
            "{err}"
        );
    }

    #[test]
    fn toml_error_line_is_relative_to_file() {
        let err = page("+++\ntitle = \"A\"\ndate = 5\n+++\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("content/a.md:3:"), "{text}");
    }

    #[test]
    fn yaml_error_line_is_relative_to_file() {
        let err = page("---\ntitle: A\n\tdate: 2026-11-02\n---\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("content/a.md:3:"), "{text}");
        assert!(text.contains("tabs"), "{text}");
    }

    #[test]
    fn yaml_duplicate_keys_are_located() {
        let err = page("---\ntitle: A\nextra:\n  x: 1\n  x: 2\n---\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("content/a.md:5:3"), "{text}");
        assert!(text.contains("duplicate key `x`"), "{text}");
    }

    #[test]
    fn unknown_key_suggests() {
        let err = page("+++\ntitel = \"A\"\n+++\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn bad_date_is_located() {
        let err = page("+++\ntitle = \"A\"\ndate = \"yesterday\"\n+++\n").unwrap_err();
        assert!(err.to_string().starts_with("content/a.md:3:"), "{err}");
    }
}
