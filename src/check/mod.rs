//! `versus check`: build the site in memory (nothing is written), then check
//! the rendered HTML through the links stage ([`crate::links`]): internal
//! links and anchors, images and assets, pages no one links to, and with
//! `--external` the http(s) links (`external.rs`). A command above the
//! pipeline: nothing in the build depends on it.

pub mod external;

use std::fmt;
use std::path::PathBuf;

use crate::error::Errors;
use crate::links::{self, Problem, Severity};
use crate::pipeline::{self, BuildOptions};

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

/// Build in memory and check. `Err` when the build itself fails.
pub fn check(opts: &CheckOptions) -> Result<Report, Errors> {
    let built = pipeline::build_unchecked(&BuildOptions {
        root: opts.root.clone(),
        base_url: None,
        drafts: opts.drafts,
    })?;
    let index = links::index_tree(&built.site, &built.output);
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
        let sources = links::index::Sources::of(&built.site);
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
