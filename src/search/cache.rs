//! The search index in the dev server: every document's [`DocIndex`] and
//! excerpt file kept between rebuilds, keyed by what the document is made
//! of, so a rebuild tokenizes only the documents that changed.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use rayon::prelude::*;

use super::chunks::Postings;
use super::{excerpt_path, index_doc, sources, DocIndex, Origin, Vocab};
use crate::output::OutputFile;
use crate::render::views::RenderedContent;
use crate::site::{hash_of, Site};

/// What the last rebuild indexed.
#[derive(Debug, Default)]
pub struct Cache {
    vocab: Vocab,
    /// Document key → its terms and excerpt file.
    docs: HashMap<u64, Arc<(DocIndex, Bytes)>>,
}

impl Cache {
    /// The index of `site` (path → file), as a clean build writes it.
    /// `page_keys` and `section_keys` identify each body's rendered Markdown.
    pub fn index(
        &mut self,
        site: &Site,
        content: &RenderedContent,
        page_keys: &[u64],
        section_keys: &[u64],
    ) -> Vec<(String, OutputFile)> {
        let sources = sources(site, content);
        let keys: Vec<u64> = sources
            .iter()
            .map(|(origin, s)| {
                let body = match *origin {
                    Origin::Page(i) => page_keys.get(i).copied(),
                    Origin::Section(i) => section_keys.get(i).copied(),
                    Origin::Comparison => None,
                };
                hash_of((body, &s.url, s.title, s.description))
            })
            .collect();
        let vocab = &self.vocab;
        let old = &self.docs;
        let entries: Vec<Arc<(DocIndex, Bytes)>> = sources
            .par_iter()
            .zip(&keys)
            .map(|((_, source), key)| match old.get(key) {
                Some(entry) => entry.clone(),
                None => {
                    let (doc, excerpt) = index_doc(vocab, source);
                    Arc::new((doc, excerpt.into()))
                }
            })
            .collect();
        self.docs = keys.into_iter().zip(entries.iter().cloned()).collect();
        let out: Vec<(String, OutputFile)> = entries
            .iter()
            .enumerate()
            .map(|(n, e)| (excerpt_path(n), OutputFile::Bytes(e.1.clone())))
            .collect();
        let terms = self.vocab.terms();
        let files = Mutex::new(out);
        let put = |path: String, file: OutputFile| -> Result<(), Infallible> {
            files
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((path, file));
            Ok(())
        };
        let postings = Postings::invert(entries.iter().map(|e| &e.0), terms.len());
        let _ = postings.files(&terms, &put);
        files.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}
