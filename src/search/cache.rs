//! The search index in the dev server: every document's [`DocIndex`] and
//! excerpt file kept between rebuilds, keyed by what the document is made
//! of, so a rebuild tokenizes only the documents that changed; and the last
//! postings and term chunk files, so an edit of a few documents replaces
//! only their postings and writes only the chunks whose terms they touched.

use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::chunks::Postings;
use super::{chunk_path, excerpt_path, index_doc, manifest_path, sources, DocIndex, Origin, Vocab};
use crate::error::Error;
use crate::hash::hash_of;
use crate::markdown::RenderedContent;
use crate::output::{OutputFile, OutputPath};
use crate::site::Site;

/// Past this share of changed documents (1 in N), the postings are inverted
/// again rather than patched document by document.
const PATCH_AT_MOST_ONE_IN: usize = 16;

/// A document's terms and its excerpt file.
type Entry = Arc<(DocIndex, Bytes)>;

/// What the last rebuild indexed.
#[derive(Debug, Default)]
pub struct Cache {
    vocab: Vocab,
    /// Document key → its terms and excerpt file.
    docs: FxHashMap<u64, Entry>,
    /// Each document's key at the last call, in order.
    keys: Vec<u64>,
    /// Excerpt file paths by document, and chunk file paths by chunk, as
    /// far as they were needed (the same every call: made and checked once).
    excerpt_paths: Vec<OutputPath>,
    chunk_paths: Vec<OutputPath>,
    last: Option<Last>,
}

/// The last rebuild's documents in order, their postings, and its chunk
/// files by chunk key.
#[derive(Debug)]
struct Last {
    entries: Vec<Entry>,
    postings: Postings,
    /// The terms with postings, in order ([`Postings::order`]).
    order: Vec<u32>,
    chunks: FxHashMap<u64, Bytes>,
}

impl Cache {
    /// The index of `site` (path → file), as a clean build writes it; an
    /// error only if one of its paths were refused ([`OutputPath::new`]).
    /// `page_keys` and `section_keys` identify each body's rendered Markdown.
    /// `changed`, when given, flags the pages whose documents may differ
    /// from the last call's: every other page is the same document (same
    /// Markdown key, URL, title and description) at the same place, so its
    /// key and entry are taken from the last call without a look.
    pub fn index(
        &mut self,
        site: &Site,
        content: &RenderedContent,
        page_keys: &[u64],
        section_keys: &[u64],
        changed: Option<&[bool]>,
    ) -> Result<Vec<(OutputPath, OutputFile)>, Error> {
        let key_of = |origin: Origin, s: &super::Source| {
            let body = match origin {
                Origin::Page(i) => page_keys.get(i).copied(),
                Origin::Section(i) => section_keys.get(i).copied(),
                // A comparison's text is not keyed by a Markdown key: its blocks are.
                Origin::Comparison => Some(hash_of(
                    s.blocks
                        .iter()
                        .map(|b| (&b.heading_id, &b.heading, &b.text))
                        .collect::<Vec<_>>(),
                )),
            };
            hash_of((body, &s.url, s.title, s.description))
        };
        let vocab = &self.vocab;
        let entry_of =
            |old: &FxHashMap<u64, Entry>, source: &super::Source, key: u64| match old.get(&key) {
                Some(entry) => entry.clone(),
                None => {
                    let (doc, excerpt) = index_doc(vocab, source);
                    Arc::new((doc, excerpt.into()))
                }
            };
        let pages = site.pages.len();
        let last_keys = std::mem::take(&mut self.keys);
        let kept = match (changed, &self.last) {
            (Some(changed), Some(last))
                if changed.len() == pages
                    && last_keys.len() >= pages
                    && last.entries.len() == last_keys.len() =>
            {
                Some((changed, &last.entries))
            }
            _ => None,
        };
        let (keys, entries): (Vec<u64>, Vec<Entry>) = match kept {
            Some((changed, last_entries)) => {
                // Pages the edit left alone keep key and entry; changed
                // pages and the sections and comparisons are looked at.
                let mut keys = last_keys[..pages].to_vec();
                let mut entries = last_entries[..pages].to_vec();
                for i in (0..pages).filter(|&i| changed[i]) {
                    let source = super::page_source(site, i, &content.pages[i].text_blocks);
                    keys[i] = key_of(Origin::Page(i), &source);
                    entries[i] = entry_of(&self.docs, &source, keys[i]);
                }
                for (origin, source) in super::later_sources(site, content) {
                    let key = key_of(origin, &source);
                    keys.push(key);
                    entries.push(entry_of(&self.docs, &source, key));
                }
                // The map follows: the keys that changed are replaced.
                for (n, was) in last_keys.iter().enumerate() {
                    if keys.get(n) != Some(was) {
                        self.docs.remove(was);
                    }
                }
                for (n, key) in keys.iter().enumerate() {
                    if last_keys.get(n) != Some(key) {
                        self.docs.insert(*key, entries[n].clone());
                    }
                }
                (keys, entries)
            }
            None => {
                let sources = sources(site, content);
                let keys: Vec<u64> = sources.iter().map(|(o, s)| key_of(*o, s)).collect();
                let old = &self.docs;
                let entries: Vec<Entry> = sources
                    .par_iter()
                    .zip(&keys)
                    .map(|((_, source), key)| entry_of(old, source, *key))
                    .collect();
                self.docs = keys.iter().copied().zip(entries.iter().cloned()).collect();
                (keys, entries)
            }
        };
        self.keys = keys;

        let terms = self.vocab.terms();
        let last = self.last.take();
        let (postings, old_order, old_chunks) = match last {
            Some(last) => match patched(last.postings, &last.entries, &entries) {
                Some(postings) => (postings, Some(last.order), last.chunks),
                None => (invert(&entries, terms.len()), Some(last.order), last.chunks),
            },
            None => (invert(&entries, terms.len()), None, FxHashMap::default()),
        };
        let order = postings.order(&terms, old_order);
        let chunks = postings.chunks_in(&order, &terms);
        let files: Vec<Bytes> = chunks
            .par_iter()
            .map(|chunk| match old_chunks.get(&chunk.key) {
                Some(file) => file.clone(),
                None => postings.chunk_json(chunk, &terms).into(),
            })
            .collect();
        drop(old_chunks);

        grow(&mut self.excerpt_paths, entries.len(), excerpt_path)?;
        grow(&mut self.chunk_paths, files.len(), chunk_path)?;
        let mut out: Vec<(OutputPath, OutputFile)> =
            Vec::with_capacity(entries.len() + files.len() + 1);
        for (path, e) in self.excerpt_paths.iter().zip(&entries) {
            out.push((path.clone(), OutputFile::Bytes(e.1.clone())));
        }
        for (path, file) in self.chunk_paths.iter().zip(&files) {
            out.push((path.clone(), OutputFile::Bytes(file.clone())));
        }
        let manifest = postings.manifest(&chunks, &terms);
        out.push((
            OutputPath::new(manifest_path())?,
            OutputFile::Bytes(manifest.into()),
        ));
        self.last = Some(Last {
            entries,
            postings,
            order,
            chunks: chunks.iter().map(|c| c.key).zip(files).collect(),
        });
        Ok(out)
    }
}

/// Make `paths` hold at least `len` paths, the `n`th being `path(n)`.
fn grow(paths: &mut Vec<OutputPath>, len: usize, path: fn(usize) -> String) -> Result<(), Error> {
    while paths.len() < len {
        paths.push(OutputPath::new(path(paths.len()))?);
    }
    Ok(())
}

fn invert(entries: &[Entry], terms: usize) -> Postings {
    Postings::invert(entries.iter().map(|e| &e.0), terms)
}

/// `postings` of `old` turned into those of `new`, document by document,
/// when the documents are as many and few of them changed.
fn patched(mut postings: Postings, old: &[Entry], new: &[Entry]) -> Option<Postings> {
    if old.len() != new.len() {
        return None;
    }
    let changed: Vec<usize> = (0..new.len())
        .filter(|&n| !Arc::ptr_eq(&old[n], &new[n]))
        .collect();
    if changed.len() > new.len() / PATCH_AT_MOST_ONE_IN + 1 {
        return None;
    }
    for n in changed {
        postings.replace(n, &old[n].0, &new[n].0);
    }
    Some(postings)
}
