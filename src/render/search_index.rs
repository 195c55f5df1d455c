//! The search index stage. A one-off build indexes each page as its
//! Markdown is rendered ([`index_page`], so no page's text is kept) and
//! finishes the index before the listings render ([`finish`]); the dev
//! server indexes again only the documents whose Markdown changed
//! ([`SearchMemo`]).

use super::views::RenderedContent;
use super::{put, Sink};
use crate::error::Error;
use crate::hash::hash_of;
use crate::markdown::Rendered;
use crate::output::{OutputFile, OutputPath};
use crate::search::{self, DocIndex, Vocab};
use crate::site::Site;

/// Index page `i` (its Markdown `rendered`) and write its excerpt.
pub fn index_page(
    vocab: &Vocab,
    site: &Site,
    i: usize,
    rendered: &Rendered,
    sink: &dyn Sink,
) -> Result<DocIndex, Error> {
    let source = search::page_source(site, i, &rendered.text_blocks);
    let (doc, excerpt) = search::index_doc(vocab, &source);
    put(
        sink,
        search::excerpt_path(i),
        OutputFile::Bytes(excerpt.into()),
    )?;
    Ok(doc)
}

/// Index what comes after the pages (sections, comparisons) and write the
/// index, given the pages' documents `docs`.
pub fn finish(
    vocab: Vocab,
    mut docs: Vec<DocIndex>,
    site: &Site,
    content: &RenderedContent,
    sink: &dyn Sink,
) -> Result<(), Vec<Error>> {
    for (_, source) in search::later_sources(site, content) {
        let (doc, excerpt) = search::index_doc(&vocab, &source);
        let path = search::excerpt_path(docs.len());
        put(sink, path, OutputFile::Bytes(excerpt.into())).map_err(|e| vec![e])?;
        docs.push(doc);
    }
    search::finish(&vocab, docs, &|path, file| put(sink, path, file))
}

/// The index files of the last render (paths checked once), with the
/// fingerprint of their input, and each document's terms (`search::Cache`).
#[derive(Default)]
pub struct SearchMemo {
    files: Option<(u64, Vec<(OutputPath, OutputFile)>)>,
    docs: search::Cache,
}

impl SearchMemo {
    /// The index of `site` into `sink`: the kept files when `print` (all
    /// pages and sections, and where they live) is unchanged, else indexed
    /// again, reusing the documents whose Markdown key is unchanged (and,
    /// after a patch, every page it did not change).
    pub fn write(
        &mut self,
        print: (u64, u64),
        site: &Site,
        content: &RenderedContent,
        (page_keys, section_keys): (&[u64], &[u64]),
        changed: Option<&[bool]>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Error>> {
        let print = hash_of(print);
        let files = match &self.files {
            Some((old, files)) if *old == print => files.clone(),
            _ => self
                .docs
                .index(site, content, page_keys, section_keys, changed)
                .map_err(|e| vec![e])?,
        };
        let errors: Vec<Error> = files
            .iter()
            .filter_map(|(path, file)| sink.put(path.clone(), file.clone()).err())
            .collect();
        self.files = Some((print, files));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
