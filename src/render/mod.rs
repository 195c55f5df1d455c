//! Rendering the model into output files. A [plan](plan) lists every output
//! (one [kind](kind) of output per file under `kind/`); the one render loop
//! ([`driver`]) renders it in stages — Markdown of every body (`bodies.rs`,
//! `body.rs`), the anchor check, the search index, the outputs, the copied
//! files — into a [`Sink`], under a memo policy: none for `versus build`,
//! everything for the dev server ([`incremental`]). Nothing here touches
//! the output folder.

mod anchors;
mod bodies;
mod body;
pub mod cached;
pub mod collisions;
mod context;
pub mod data;
mod date_filter;
pub mod driver;
pub mod functions;
mod image_meta;
pub mod incremental;
mod inputs;
mod kind;
mod outputs;
mod overwrite;
pub mod paginate;
pub mod plan;
pub mod recursion;
mod search_index;
mod setup;
mod taxonomy;
mod template_code;
pub mod templates;
mod toc;
pub mod views;
pub mod zola_keys;

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::Error;
pub use crate::output::Sink;
use crate::output::{OutputFile, OutputPath, OutputTree};
use crate::site::Site;
pub use driver::{render, Policy};
use plan::Plan;
use templates::Templates;

/// Check `path` and store the file in `sink`.
fn put(sink: &dyn Sink, path: String, file: OutputFile) -> Result<(), Error> {
    sink.put(OutputPath::new(path)?, file)
}

/// A sink that collects files in a list, made into an [`OutputTree`] at
/// the end: sorting once and building the map in one go costs much less
/// than inserting 20k paths one by one (the dev server's rebuilds).
#[derive(Default)]
pub struct Collect(Mutex<Vec<(OutputPath, OutputFile)>>);

impl Sink for Collect {
    fn put(&self, path: OutputPath, file: OutputFile) -> Result<(), Error> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, file));
        Ok(())
    }
}

impl Collect {
    /// The files collected, as a tree (the plan has no path twice).
    pub fn into_tree(self) -> OutputTree {
        let files = self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        OutputTree {
            files: files.into_iter().collect(),
        }
    }
}

/// Render the whole site into memory, keeping nothing ([`Policy::NoMemo`]).
/// `statics` are the theme's and site's static files.
pub fn render_site(
    site: &Arc<Site>,
    plan: &Plan,
    templates: &mut Templates,
    statics: &[(String, OutputFile)],
    root: &Path,
) -> Result<OutputTree, Vec<Error>> {
    let tree = Mutex::new(OutputTree::default());
    render(site, plan, templates, statics, root, &tree, Policy::NoMemo)?;
    Ok(tree.into_inner().unwrap_or_else(PoisonError::into_inner))
}
