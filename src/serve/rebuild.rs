//! Rebuilding the site for the dev server: the same `pipeline::build` as
//! `versus build`, in memory, with the local base URL.

use crate::error::Errors;
use crate::output::OutputTree;
use crate::pipeline::{self, BuildOptions};

use super::events::Change;

/// Rebuilds the site after each change.
pub struct Rebuilder {
    opts: BuildOptions,
}

impl Rebuilder {
    /// A rebuilder for the site `opts` describes.
    pub fn new(opts: BuildOptions) -> Self {
        Rebuilder { opts }
    }

    /// The build options (root, base URL, drafts).
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Build the site as it is on disk now. `change` says what changed since
    /// the last call; a full build is always exact whatever it says.
    pub fn rebuild(&mut self, change: &Change) -> Result<OutputTree, Errors> {
        let _ = change;
        pipeline::build(&self.opts).map(|built| built.output)
    }
}
