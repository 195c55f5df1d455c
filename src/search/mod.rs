//! The build-time search index: every page's title, headings and text cut
//! into static files under `search/` that `search.js` fetches lazily.
//!
//! Layout (all JSON):
//!
//! * `search/index.json` — the manifest: format version, a content hash (the
//!   client appends `?v=<hash>` to every other fetch, so a deploy never mixes
//!   old and new pieces), the number of documents and the first term of every
//!   term chunk.
//! * `search/t/<n>.json` — term chunks: `[[term, postings], …]` in code point
//!   order, of about [`CHUNK_BYTES`] (more on very large sites, so the
//!   manifest stays near [`MAX_CHUNKS`] entries; see [`chunks`] for where
//!   they are cut), so a query fetches only the chunks its terms (and their
//!   prefixes) fall into.
//! * `search/f/<doc>.json` — one excerpt file per document:
//!   `{u, t, f: [[anchor, heading, text], …]}` = URL, title, and its
//!   fragments (text under one heading, cut at about [`FRAGMENT_BYTES`]).
//!   Fetched only for the results shown, to draw the excerpt.
//!
//! Postings of a term are flat integer lists, per document in order:
//! `doc − previous doc, weight, fragment count, fragments…`; the weight packs
//! the number of occurrences (up to 15), 16 when the term is in a heading and
//! 32 when it is in the title; each fragment is `index × 2`, plus 1 when the
//! term is in that fragment's heading (so the result links to that heading).
//!
//! A build indexes each page right after its Markdown, in the parallel
//! render pass ([`index_doc`]): its excerpt file is written then and its text
//! dropped; only a few bytes per distinct term ([`DocIndex`], term ids from
//! a shared [`Vocab`]) wait for the end of that pass, where [`finish`] writes
//! the chunks. The dev server keeps every document's [`DocIndex`] and excerpt
//! file, the postings and the chunk files ([`Cache`]), so an edit re-indexes
//! only the pages it changed, patches their postings and writes only the
//! chunks whose terms they touched.

pub mod cache;
pub mod chunks;
pub mod doc;
pub mod fold;
pub mod tokenize;
pub mod varint;
pub mod vocab;

pub use cache::Cache;
pub use doc::{index as index_doc, DocIndex, Source};
pub use vocab::Vocab;

use rayon::prelude::*;

use crate::markdown::RenderedContent;
use crate::output::OutputFile;
use crate::site::{Section, Site};

/// Where the index lives in the output.
pub const DIR: &str = "search/";

/// Bump when the file format changes; `search.js` refuses other versions.
pub const FORMAT_VERSION: u32 = 2;

/// The size a term chunk aims at, in bytes of JSON.
pub const CHUNK_BYTES: usize = 6 * 1024;

/// Chunks grow past [`CHUNK_BYTES`] when there would be more than about this
/// many: every query pays for the manifest that lists them.
pub const MAX_CHUNKS: usize = 1000;

/// Text under one heading is cut into fragments of about this many bytes.
pub const FRAGMENT_BYTES: usize = 1200;

const TF_MAX: u32 = 15;
const IN_HEADING: u32 = 16;
const IN_TITLE: u32 = 32;

/// Where the excerpt file of document `doc` goes.
pub fn excerpt_path(doc: usize) -> String {
    format!("{DIR}f/{doc}.json")
}

/// Where a document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `site.pages[i]`.
    Page(usize),
    /// `site.sections[i]`.
    Section(usize),
    /// A comparison.
    Comparison,
}

/// The document of page `i`; an empty one (found by no query, but
/// keeping document `i` page `i`) for a page left out of the index with
/// `in_search_index = false`.
pub fn page_source<'a>(
    site: &'a Site,
    i: usize,
    blocks: &'a [crate::markdown::TextBlock],
) -> Source<'a> {
    let page = &site.pages[i];
    if !page_in_search(site, i) {
        return Source {
            url: String::new(),
            title: "",
            description: None,
            blocks: &[],
        };
    }
    Source {
        url: site.config.url_of(&page.path),
        title: &page.title,
        description: page.front.description.as_deref(),
        blocks,
    }
}

/// The documents after the pages: sections with text of their own, then
/// comparisons, each followed by its pair pages.
pub fn later_sources<'a>(
    site: &'a Site,
    content: &'a RenderedContent,
) -> Vec<(Origin, Source<'a>)> {
    let mut out = Vec::new();
    for (i, (section, rendered)) in site.sections.iter().zip(&content.sections).enumerate() {
        if rendered.text_blocks.is_empty() || !section_in_search(section) {
            continue;
        }
        let source = Source {
            url: site.config.url_of(&section.path),
            title: &section.title,
            description: section.front.description.as_deref(),
            blocks: &rendered.text_blocks,
        };
        out.push((Origin::Section(i), source));
    }
    for c in &site.comparisons {
        let source = Source {
            url: site.config.url_of(&c.path()),
            title: c.title(),
            description: Some(c.description()),
            blocks: c.text_blocks(),
        };
        out.push((Origin::Comparison, source));
        // Its "A vs. B" pages: one document each.
        for pair in c.pair_texts() {
            let source = Source {
                url: site.config.url_of(&c.pair_path(pair)),
                title: &pair.title,
                description: Some(&pair.description),
                blocks: &pair.blocks,
            };
            out.push((Origin::Comparison, source));
        }
    }
    out
}

/// Every document of `site`, in index order: pages, then [`later_sources`].
pub fn sources<'a>(site: &'a Site, content: &'a RenderedContent) -> Vec<(Origin, Source<'a>)> {
    let mut out: Vec<(Origin, Source)> = (0..site.pages.len())
        .map(|i| {
            (
                Origin::Page(i),
                page_source(site, i, &content.pages[i].text_blocks),
            )
        })
        .collect();
    out.extend(later_sources(site, content));
    out
}

/// Where term chunk `i` goes.
pub fn chunk_path(i: usize) -> String {
    format!("{DIR}t/{i}.json")
}

/// Where the manifest goes.
pub fn manifest_path() -> String {
    format!("{DIR}index.json")
}

/// The term chunks and the manifest, from every document in order, handed
/// to `put` as they are made (from several threads).
pub fn finish<E: Send>(
    vocab: &Vocab,
    docs: Vec<DocIndex>,
    put: &(dyn Fn(String, OutputFile) -> Result<(), E> + Sync),
) -> Result<(), Vec<E>> {
    let terms = vocab.terms();
    let postings = chunks::Postings::invert(docs, terms.len());
    let chunks = postings.chunks(&terms);
    let mut errors: Vec<E> = chunks
        .par_iter()
        .enumerate()
        .filter_map(|(i, chunk)| {
            let json = postings.chunk_json(chunk, &terms);
            put(chunk_path(i), OutputFile::Bytes(json.into())).err()
        })
        .collect();
    let manifest = postings.manifest(&chunks, &terms);
    if let Err(e) = put(manifest_path(), OutputFile::Bytes(manifest.into())) {
        errors.push(e);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Is page `i` in the search index: neither it nor its section says
/// `in_search_index = false` (Zola looks at the page's own section only)?
fn page_in_search(site: &Site, i: usize) -> bool {
    let page = &site.pages[i];
    page.front.in_search_index() != Some(false)
        && site.sections[page.section].front.in_search_index != Some(false)
}

/// Is section `s`'s own text in the search index? Not with
/// `in_search_index = false`, and not when it has no page of its own.
fn section_in_search(s: &Section) -> bool {
    s.front.in_search_index != Some(false) && s.front.renders() && s.front.redirect_to.is_none()
}

#[cfg(test)]
mod tests;
