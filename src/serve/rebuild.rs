//! Rebuilding the site for the dev server: an incremental
//! [`pipeline::Session`], in memory, with the local base URL. The session
//! re-reads only changed files and re-renders only outputs whose inputs
//! changed; its result always equals a clean `versus build`.

use crate::error::Errors;
use crate::output::OutputTree;
use crate::pipeline::{BuildOptions, Session};

use super::events::Change;

/// Rebuilds the site after each change.
pub struct Rebuilder {
    session: Session,
}

impl Rebuilder {
    /// A rebuilder for the site `opts` describes.
    pub fn new(opts: BuildOptions) -> Self {
        Rebuilder {
            session: Session::new(opts),
        }
    }

    /// The build options (root, base URL, drafts).
    pub fn options(&self) -> &BuildOptions {
        self.session.options()
    }

    /// Build the site as it is on disk now. The session finds what changed
    /// by itself (sizes and modification times), so `change` is only used to
    /// decide that a rebuild is needed at all.
    pub fn rebuild(&mut self, change: &Change) -> Result<OutputTree, Errors> {
        let _ = change;
        self.session.build().map(|(built, _)| built.output)
    }
}
