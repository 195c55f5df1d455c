//! Which source file each output page came from, and where in it a URL is
//! written: a broken link is reported at the line of the Markdown (or
//! comparison data) that holds it, not in the HTML.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet as HashSet;

use crate::content::SourceFile;
use crate::site::Site;

/// Output HTML path → the source file it came from.
pub(crate) struct Sources<'a> {
    files: BTreeMap<String, Source<'a>>,
}

/// A source file, as [`Sources`] knows it.
enum Source<'a> {
    /// A page's or section's Markdown (its text may have to be read again).
    File(&'a SourceFile),
    /// A comparison data file: (display path, text).
    Data(PathBuf, &'a str),
}

impl Source<'_> {
    /// The path messages name.
    fn display(&self) -> Cow<'_, Path> {
        match self {
            Source::File(f) => Cow::Owned(f.display()),
            Source::Data(display, _) => Cow::Borrowed(display),
        }
    }
}

impl<'a> Sources<'a> {
    pub(crate) fn of(site: &'a Site) -> Sources<'a> {
        let mut files = BTreeMap::new();
        for p in &site.pages {
            files.insert(format!("{}index.html", p.path), Source::File(&p.file));
        }
        for s in &site.sections {
            if let Some(f) = &s.file {
                files.insert(format!("{}index.html", s.path), Source::File(f));
            }
        }
        for (c, rel) in site.comparisons.iter().zip(&site.comparison_files) {
            files.insert(
                format!("{}index.html", c.path()),
                Source::Data(PathBuf::from("content").join(rel), c.source()),
            );
        }
        Sources { files }
    }

    /// Every output page with a source file, and that file's path for messages.
    pub(crate) fn outputs(&self) -> impl Iterator<Item = (&str, Cow<'_, Path>)> {
        self.files
            .iter()
            .map(|(out, s)| (out.as_str(), s.display()))
    }

    /// Where `raw` is written in the source of output `path`: (file, line).
    pub(crate) fn locate(&self, path: &str, raw: &str) -> Option<(String, usize)> {
        let source = self.files.get(path)?;
        let (text, code) = match source {
            Source::File(f) => {
                let text = f.text_or_read_again();
                let code = crate::markdown::code::ranges(&text);
                (text, code)
            }
            Source::Data(_, text) => (Cow::Borrowed(*text), Vec::new()),
        };
        let needles = [
            Some(raw),
            raw.split_once('#')
                .map(|(p, _)| p)
                .filter(|p| !p.is_empty()),
        ];
        let offset = needles
            .into_iter()
            .flatten()
            .find_map(|n| find_url(&text, n, &code))?;
        let (line, _) = crate::error::line_col(&text, offset);
        Some((source.display().display().to_string(), line))
    }
}

/// Where `url` is written in `text`: the first place where it is the whole
/// URL (nothing that could go on with it follows: `/a/#part-on` is not in
/// `/a/#part-one`), else the first place at all; outside `code` (where
/// Markdown shows it as text, not as a link: a theme's demo shows the HTML
/// it then uses) before inside it.
fn find_url(text: &str, url: &str, code: &[Range<usize>]) -> Option<usize> {
    let whole = |at: usize| {
        let next = text[at + url.len()..].chars().next();
        next.is_none_or(|c| c.is_whitespace() || "()[]<>\"'`".contains(c))
    };
    let places: Vec<usize> = text.match_indices(url).map(|(at, _)| at).collect();
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let outside = places.iter().copied().filter(|&at| !in_code(at));
    let first_outside = outside.clone().next();
    outside
        .clone()
        .find(|&at| whole(at))
        .or(first_outside)
        .or_else(|| places.iter().copied().find(|&at| whole(at)))
        .or_else(|| places.first().copied())
}

/// Output files of the redirect pages (`aliases`): they link to their
/// target but are not navigation.
pub(crate) fn alias_outputs(site: &Site) -> HashSet<String> {
    let mut out = HashSet::default();
    for p in &site.pages {
        for alias in p.front.aliases() {
            out.insert(crate::content::alias::output_of(alias));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_found_where_it_is_a_link() {
        let text = "```\n<a href=\"#top\">\n```\nSee `#top`.\n<a href=\"#top\">\n";
        let code = crate::markdown::code::ranges(text);
        let at = find_url(text, "#top", &code).unwrap();
        assert_eq!(crate::error::line_col(text, at).0, 5);
        // Written once: found there, code or not.
        assert_eq!(
            find_url("`/a/`", "/a/", &crate::markdown::code::ranges("`/a/`")),
            Some(1)
        );
    }
}
