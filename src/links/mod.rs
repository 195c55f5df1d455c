//! The links stage: every HTML file of a build is scanned for ids and URLs
//! (`html.rs`; what a cached partial put in it is read once per thread,
//! `fragments.rs`), its links resolved and checked against the files and ids of
//! the build (`index.rs`: the one check of a link or anchor, `check_page`).
//! A one-off build indexes files as they stream to disk ([`LinkSink`]), an
//! in-memory build all at once ([`index_tree`]), the dev server only what
//! changed ([`LiveIndex`]); all three report through [`internal_errors`].
//! The `versus check` command (`crate::check`) sits above the pipeline and
//! reads the same index for its report.

mod compact;
pub mod fragments;
pub mod html;
pub mod index;
mod live;
mod resolve;
mod sink;
mod sources;

use std::fmt;

use crate::error::Error;
use crate::output::{OutputFile, OutputPath, OutputTree};
use crate::site::Site;
pub use index::LinkIndex;
pub use live::LiveIndex;
pub use sink::LinkSink;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something a reader would hit: a dead link, a missing image.
    Broken,
    /// Worth a look, not an error: unreachable pages, unverifiable URLs.
    Warning,
}

/// One problem, located in a source file when possible, else in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// `content/a.md`, or `public/tags/index.html` for template output.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Broken => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(l) => write!(f, "{}:{l}: {label}: {}", self.file, self.message),
            None => write!(f, "{}: {label}: {}", self.file, self.message),
        }
    }
}

/// The text of an HTML output file (`None` for other files).
fn html_text<'f>(path: &str, file: &'f OutputFile) -> Option<&'f str> {
    if !path.ends_with(".html") {
        return None;
    }
    match file {
        OutputFile::Bytes(b) => std::str::from_utf8(b).ok(),
        OutputFile::Static(b) => std::str::from_utf8(b).ok(),
        OutputFile::Copy(_) => None,
    }
}

/// Index every file of an in-memory build (HTML scanned on all cores).
pub fn index_tree(site: &Site, output: &OutputTree) -> LinkIndex {
    use rayon::prelude::*;
    let mut index = LinkIndex::new(&site.config.base_url, &site.config.base_path);
    let files: Vec<(&OutputPath, &OutputFile)> = output.files.iter().collect();
    let scanned: Vec<Option<html::Scanned>> = files
        .par_iter()
        .map(|(path, file)| html_text(path, file).map(html::scan))
        .collect();
    for ((path, _), scanned) in files.into_iter().zip(scanned) {
        match scanned {
            Some(s) => index.add_scanned(path, s),
            None => index.add_file(path),
        }
    }
    index
}

/// The broken internal links of a build, as build errors (warnings dropped).
pub fn internal_errors(site: &Site, index: &LinkIndex) -> Vec<Error> {
    as_errors(index.broken(site))
}

fn as_errors(problems: Vec<Problem>) -> Vec<Error> {
    problems
        .into_iter()
        .filter(|p| p.severity == Severity::Broken)
        .map(|p| {
            let mut err = Error::new(p.message).in_file(p.file);
            err.line = p.line;
            err.with_hint("fix the link, or run `versus check` for a full report")
        })
        .collect()
}
