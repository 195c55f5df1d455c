//! [`LinkSink`]: links indexed on the way to disk, so a streamed build is
//! checked without keeping its HTML.

use std::sync::{Mutex, PoisonError};

use super::{html, html_text, LinkIndex};
use crate::error::Error;
use crate::output::{OutputFile, OutputPath, Sink};
use crate::site::Site;

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
