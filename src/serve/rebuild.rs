//! Rebuilding the site for the dev server: an incremental
//! [`pipeline::Session`], in memory, with the local base URL. The session
//! re-reads only the files the watcher named and re-renders only outputs
//! whose inputs changed; its result always equals a clean `versus build`.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Error, Errors, Warnings};
use crate::output::OutputTree;
use crate::pipeline::{BuildOptions, Session};

use super::events::Change;

/// Rebuilds the site after each change.
pub struct Rebuilder {
    session: Session,
    /// The warnings printed last: printed again only when they change.
    warned: Vec<Error>,
}

impl Rebuilder {
    /// A rebuilder for the site `opts` describes.
    pub fn new(opts: BuildOptions) -> Self {
        Rebuilder {
            session: Session::new(opts),
            warned: Vec::new(),
        }
    }

    /// The build options (root, base URL, drafts).
    pub fn options(&self) -> &BuildOptions {
        self.session.options()
    }

    /// The summary line of the last build ("Built 3 pages, … in 42 ms"),
    /// the same line `versus build` prints.
    pub fn summary(&self, elapsed: Duration) -> Option<String> {
        let site = self.session.last_site()?;
        Some(crate::summary::built_line(site, elapsed))
    }

    /// Build the site after `change`. Content files the change does not
    /// name are taken as unchanged, unless events may have been missed.
    pub fn rebuild(&mut self, change: &Change) -> Result<OutputTree, Errors> {
        let built = if change.rescan || change.watched_dirs {
            self.session.build()
        } else {
            self.session
                .build_after(change.content_paths.iter().map(PathBuf::as_path))
        };
        built.map(|(built, _)| {
            if built.warnings != self.warned {
                if !built.warnings.is_empty() {
                    eprintln!("{}", Warnings(built.warnings.clone()));
                }
                self.warned = built.warnings;
            }
            built.output
        })
    }
}
