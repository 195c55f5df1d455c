//! [`LinkSink`]: links indexed on the way to disk, so a streamed build is
//! checked without keeping its HTML (nor most pages' ids: those that links
//! point into are read back from the staging folder at the end).

use std::sync::{Mutex, PoisonError};

use super::{fragments, html_text, LinkIndex};
use crate::error::Error;
use crate::output::{OutputFile, OutputPath, Sink, StagingDir};
use crate::site::Site;

/// A [`Sink`] that indexes every file's links on its way to `inner`, so a
/// build streamed to disk is checked without keeping its HTML.
pub struct LinkSink<'a> {
    inner: &'a StagingDir,
    index: Mutex<LinkIndex>,
}

impl<'a> LinkSink<'a> {
    /// Index files for `site` while passing them on to `inner`, which will
    /// receive at least the files `expected` (the plan's outputs).
    pub fn new<'e>(
        site: &Site,
        inner: &'a StagingDir,
        expected: impl Iterator<Item = &'e str>,
    ) -> Self {
        let index = LinkIndex::new(&site.config.base_url, &site.config.base_path);
        LinkSink {
            inner,
            index: Mutex::new(index.for_one_build(expected)),
        }
    }

    /// The index of everything that went through, with the ids read back
    /// of the pages that links point into: ready to check. A file that
    /// cannot be read back is an error (its anchors cannot be checked).
    pub fn into_index(self) -> Result<LinkIndex, Vec<Error>> {
        let mut index = self
            .index
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let staging = self.inner;
        let failed = index.read_back_ids(&|path| staging.read_back(path));
        if failed.is_empty() {
            return Ok(index);
        }
        Err(failed
            .into_iter()
            .map(|(path, e)| {
                Error::new(format!(
                    "cannot read the output file `{path}` back to check the anchors \
                     that links point to on it: {e}"
                ))
            })
            .collect())
    }
}

impl Sink for LinkSink<'_> {
    fn put(&self, path: OutputPath, file: OutputFile) -> Result<(), Error> {
        let scanned = html_text(&path, &file).map(fragments::scan);
        {
            let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
            match scanned {
                Some(s) => index.add_scanned(&path, s),
                None => index.add_file(&path),
            }
        }
        Sink::put(self.inner, path, file)
    }
}
