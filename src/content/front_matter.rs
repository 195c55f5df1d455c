//! Splitting a Markdown file into front matter and body, and parsing the front
//! matter (TOML between `+++` lines, YAML between `---` lines) with errors
//! located in the whole file, not just in the front-matter block.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;
use crate::unique_keys::{yaml_duplicate_offset, UniqueKeys};

/// Which syntax a front matter block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines.
    Yaml,
}

/// A file cut into its front matter and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// Syntax and text of the front matter, if the file has any.
    pub front: Option<(Format, &'a str)>,
    /// Byte offset of the front matter text in the file.
    pub front_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Cut `source` into front matter and body. A file that opens a front matter
/// block but never closes it is an error.
pub fn split<'a>(file: &Path, source: &'a str) -> Result<Split<'a>, Error> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    // Blank lines before the opening fence are allowed (as Zola does).
    let start = bom + blank_lines(&source[bom..]);
    let text = &source[start..];
    let (fence, format) = if is_fence(text, "+++") {
        ("+++", Format::Toml)
    } else if is_fence(text, "---") {
        ("---", Format::Yaml)
    } else if let Some(fence) = broken_fence(text) {
        let (line, _) = crate::error::line_col(source, start);
        return Err(Error::new(format!(
            "the front matter fence `{fence}` must be alone on its line"
        ))
        .in_file(file)
        .at(line, 4)
        .with_snippet_line(source, line)
        .with_hint(format!(
            "put a line break after `{fence}`, then the front matter, then a closing `{fence}` line"
        )));
    } else {
        return Ok(Split {
            front: None,
            front_offset: bom,
            body: &source[bom..],
            body_offset: bom,
        });
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let front = &text[first_line_end..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                front: Some((format, front)),
                front_offset: start + first_line_end,
                body: &text[body_start..],
                body_offset: start + body_start,
            });
        }
        offset += line.len();
    }
    Err(Error::new(format!(
        "front matter opened with `{fence}` is never closed"
    ))
    .in_file(file)
    .at_offset(source, start)
    .with_hint(format!(
        "add a line containing only `{fence}` after the front matter"
    )))
}

fn is_fence(text: &str, fence: &str) -> bool {
    text.strip_prefix(fence).is_some_and(|rest| {
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        line.trim_end().is_empty()
    })
}

/// Bytes of the blank lines at the start of `text`.
fn blank_lines(text: &str) -> usize {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        if !line.ends_with('\n') || !line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    end
}

/// `+++` (or `---`) with something glued to it on the first line: meant as
/// a fence, but it would be read as body text (`---` followed by more
/// dashes is a Markdown rule and is left alone).
fn broken_fence(text: &str) -> Option<&'static str> {
    if text.starts_with("+++") {
        Some("+++")
    } else if text
        .strip_prefix("---")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric()))
    {
        Some("---")
    } else {
        None
    }
}

/// Deserialize the front matter of `split` into `T`; a file with none gives `T::default()`.
pub fn parse<T: DeserializeOwned + Default>(
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
            with_field_hint(err)
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
            with_field_hint(err)
        }),
    }
}

/// YAML front matter, with no key twice in a mapping (YAML keeps the last).
fn unique_yaml<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml_ng::Error> {
    serde_yaml_ng::from_str::<UniqueKeys>(text)?;
    serde_yaml_ng::from_str(text)
}

/// Add a "did you mean" hint to serde's "unknown field" messages.
fn with_field_hint(err: Error) -> Error {
    let Some(rest) = err.message.strip_prefix("unknown field `") else {
        return err;
    };
    let Some(end) = rest.find('`') else {
        return err;
    };
    let found = rest[..end].to_string();
    let known = PAGE_KEYS.iter().chain(SECTION_KEYS).copied();
    let err = err.suggesting(&found, known);
    if err.hint.is_none() {
        err.with_hint("see the front matter keys in README.md")
    } else {
        err
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
];
const SECTION_KEYS: &[&str] = &["sort_by"];

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
    /// Zola's `[taxonomies] tags = [...]`, accepted as an alias of `tags`.
    pub taxonomies: Taxonomies,
    pub aliases: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Zola-style taxonomies table; only `tags` is known.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Taxonomies {
    pub tags: Vec<String>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
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
}

/// One URL path segment: letters, digits, `-` and `_` (so it names a
/// folder of the section's output and nothing else).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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

/// A date or date-time from front matter, kept as the ISO text templates format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Date(pub String);

impl Date {
    /// Parse `2026-11-02`, `2026-11-02T10:00:00Z`, `2026-11-02 10:00:00`, with
    /// an optional offset. Returns the normalised ISO text.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Date(d.format("%Y-%m-%d").to_string()));
        }
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
            return Some(Date(dt.to_rfc3339()));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
            if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(text, fmt) {
                return Some(Date(dt.format("%Y-%m-%dT%H:%M:%S").to_string()));
            }
        }
        if let Ok(dt) = chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z") {
            return Some(Date(dt.to_rfc3339()));
        }
        None
    }

    /// RFC 3339 date-time (midnight UTC for a plain date), as feeds want.
    pub fn rfc3339(&self) -> String {
        if self.0.len() == 10 {
            format!("{}T00:00:00Z", self.0)
        } else if self.0.len() == 19 {
            format!("{}Z", self.0)
        } else {
            self.0.clone()
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date like 2026-11-02 or 2026-11-02T10:00:00Z")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "invalid date `{v}`: expected a date like 2026-11-02 or 2026-11-02T10:00:00Z"
                    ))
                })
            }
            // TOML hands its native date-times over as a one-entry map.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom("empty date"));
                };
                self.visit_str(&value)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(src: &str) -> Result<PageFront, Error> {
        let file = Path::new("content/a.md");
        let s = split(file, src)?;
        parse(file, src, &s)
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
    fn body_offset_follows_fence() {
        let src = "+++\ntitle = \"A\"\n+++\nHello";
        let s = split(Path::new("a.md"), src).unwrap();
        assert_eq!(s.body, "Hello");
        assert_eq!(&src[s.body_offset..], "Hello");
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
            let front: PageFront = parse(file, src, &s).unwrap();
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
