//! `versus check`: build the site in memory (nothing is written), then check
//! the rendered HTML — internal links and anchors, images and assets, pages
//! no one links to, and with `--external` the http(s) links. `versus build`
//! runs the internal part too ([`internal_errors`]) and fails on broken links.

mod compact;
pub mod external;
pub mod html;
pub mod links;
mod resolve;
mod sources;

use std::fmt;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use crate::error::{Error, Errors};
use crate::output::{OutputFile, OutputPath, OutputTree};
use crate::pipeline::{self, BuildOptions};
use crate::render::Sink;
use crate::site::Site;
pub use links::LinkIndex;

/// What `versus check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Site root.
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Also check http(s) links over the network.
    pub external: Option<external::ExternalOptions>,
}

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

/// Everything `check` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    /// HTML files checked.
    pub pages: usize,
    /// Distinct external URLs (checked only with `--external`).
    pub external_urls: usize,
}

impl Report {
    /// Problems that make `check` fail.
    pub fn broken(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Broken)
            .count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        let broken = self.broken();
        let warnings = self.problems.len() - broken;
        write!(
            f,
            "{broken} broken, {warnings} warning{} in {} pages ({} external URLs)",
            if warnings == 1 { "" } else { "s" },
            self.pages,
            self.external_urls
        )
    }
}

/// A [`Sink`] that indexes every file's links on its way to `inner`, so a
/// build streamed to disk is checked without keeping its HTML.
pub struct LinkSink<'a> {
    inner: &'a dyn Sink,
    index: Mutex<LinkIndex>,
}

impl<'a> LinkSink<'a> {
    /// Index files for `site` while passing them on to `inner`.
    pub fn new(site: &Site, inner: &'a dyn Sink) -> Self {
        LinkSink {
            inner,
            index: Mutex::new(LinkIndex::new(
                &site.config.base_url,
                &site.config.base_path,
            )),
        }
    }

    /// The index of everything that went through.
    pub fn into_index(self) -> LinkIndex {
        self.index
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for LinkSink<'_> {
    fn put(&self, path: OutputPath, file: OutputFile) -> Result<(), Error> {
        let scanned = html_text(&path, &file).map(html::scan);
        {
            let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
            match scanned {
                Some(s) => index.add_scanned(&path, s),
                None => index.add_file(&path),
            }
        }
        self.inner.put(path, file)
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

/// A link index kept across dev-server rebuilds and updated only where the
/// output changed: a rebuild that touched three pages rescans, re-indexes
/// and re-checks three pages, not the whole site. Every page's links are
/// checked again only when what links can point to changed: a file added
/// or removed, or a page's ids.
#[derive(Default)]
pub struct LiveIndex {
    index: Option<LinkIndex>,
    /// `base_url` and `base_path` the index was made for.
    base: (String, String),
    /// Output path → the file as last indexed. Holding the bytes keeps their
    /// allocation alive, so an unchanged pointer means unchanged bytes.
    seen: std::collections::BTreeMap<String, OutputFile>,
    /// Output path → its broken links and anchors (pages with none are absent).
    findings: rustc_hash::FxHashMap<String, Vec<links::Finding>>,
}

impl LiveIndex {
    /// Bring the index up to date with `output` and return its broken
    /// internal links, as [`internal_errors`] would.
    pub fn check(&mut self, site: &Site, output: &OutputTree) -> Vec<Error> {
        use rayon::prelude::*;
        let base = (site.config.base_url.clone(), site.config.base_path.clone());
        if self.index.is_none() || self.base != base {
            self.index = Some(LinkIndex::new(&base.0, &base.1));
            self.seen.clear();
            self.findings.clear();
            self.base = base;
        }
        let Some(index) = self.index.as_mut() else {
            unreachable!("set just above");
        };
        // The output and the files as last indexed are both sorted by path:
        // one pass over the two, side by side, finds what is new, changed
        // and gone, without hashing 20k paths.
        let mut changed: Vec<(&OutputPath, &OutputFile)> = Vec::new();
        let mut gone: Vec<String> = Vec::new();
        let mut seen = self.seen.iter().peekable();
        for (path, file) in &output.files {
            let mut old = None;
            while let Some((p, f)) = seen.peek() {
                match p.as_str().cmp(path.as_str()) {
                    std::cmp::Ordering::Less => gone.push((*p).clone()),
                    std::cmp::Ordering::Equal => old = Some(*f),
                    std::cmp::Ordering::Greater => break,
                }
                seen.next();
                if old.is_some() {
                    break;
                }
            }
            if !old.is_some_and(|old| same_file(old, file)) {
                changed.push((path, file));
            }
        }
        gone.extend(seen.map(|(p, _)| p.clone()));
        // Does any link need checking again, not only those of changed pages?
        let mut targets_changed = false;
        if !gone.is_empty() {
            // Some file of the last build is not in this one.
            for path in gone {
                index.remove(&path);
                self.seen.remove(&path);
                self.findings.remove(&path);
            }
            targets_changed = true;
        }
        let scanned: Vec<Option<html::Scanned>> = changed
            .par_iter()
            .map(|(path, file)| html_text(path, file).map(html::scan))
            .collect();
        for ((path, file), scan) in changed.iter().zip(scanned) {
            let old_ids = index.ids_of(path).cloned();
            targets_changed |= !self.seen.contains_key(path.as_str());
            index.remove(path);
            match scan {
                Some(s) => index.add_scanned(path, s),
                None => index.add_file(path),
            }
            targets_changed |= index.ids_of(path) != old_ids.as_ref();
            self.seen.insert(path.to_string(), (*file).clone());
        }
        if targets_changed {
            self.findings = index.all_findings().into_iter().collect();
        } else {
            for (path, _) in &changed {
                let found = index.findings_of(path);
                if found.is_empty() {
                    self.findings.remove(path.as_str());
                } else {
                    self.findings.insert(path.to_string(), found);
                }
            }
        }
        let findings = self
            .findings
            .iter()
            .flat_map(|(path, list)| list.iter().map(move |f| (path.as_str(), f)));
        as_errors(index.locate(site, findings))
    }
}

/// Do two versions of an output file hold the same bytes, without reading them?
fn same_file(old: &OutputFile, new: &OutputFile) -> bool {
    match (old, new) {
        (OutputFile::Bytes(a), OutputFile::Bytes(b)) => {
            a.as_ptr() == b.as_ptr() && a.len() == b.len()
        }
        (OutputFile::Static(a), OutputFile::Static(b)) => {
            a.as_ptr() == b.as_ptr() && a.len() == b.len()
        }
        // A copied file's bytes are not part of the index (only its path is).
        (OutputFile::Copy(_), OutputFile::Copy(_)) => true,
        _ => false,
    }
}

/// Build in memory and check. `Err` when the build itself fails.
pub fn check(opts: &CheckOptions) -> Result<Report, Errors> {
    let built = pipeline::build_unchecked(&BuildOptions {
        root: opts.root.clone(),
        base_url: None,
        drafts: opts.drafts,
    })?;
    let index = index_tree(&built.site, &built.output);
    let mut problems = index.problems(&built.site);
    // What the build itself let through (Zola settings and keys it ignores).
    problems.extend(built.warnings.iter().map(|w| {
        Problem {
            severity: Severity::Warning,
            file: w
                .path
                .as_ref()
                .map_or_else(|| "versus".to_string(), |p| p.display().to_string()),
            line: w.line,
            message: match &w.hint {
                Some(hint) => format!("{} ({hint})", w.message),
                None => w.message.clone(),
            },
        }
    }));
    let mut report = Report {
        problems,
        pages: built
            .output
            .files
            .keys()
            .filter(|p| p.ends_with(".html"))
            .count(),
        external_urls: index.external.len(),
    };
    for c in &built.site.comparisons {
        let file = c.rel_path().to_string_lossy().into_owned();
        report.problems.extend(
            c.model_warnings()
                .into_iter()
                .map(|(line, message)| Problem {
                    severity: Severity::Warning,
                    file: file.clone(),
                    line: Some(line),
                    message,
                }),
        );
    }
    if let Some(ext) = &opts.external {
        let verdicts = external::check(index.external.keys().map(String::as_str), ext);
        let sources = links::Sources::of(&built.site);
        let locate = |path: &str, url: &str, line: usize| match sources.locate(path, url) {
            Some((file, line)) => (file, Some(line)),
            None => (format!("public/{path}"), Some(line)),
        };
        report
            .problems
            .extend(external::problems(&index.external, &verdicts, &locate));
    }
    Ok(report)
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
