//! From every document's terms to the term chunks and the manifest: the
//! postings are inverted in document order, terms sorted by code point, and
//! cut into chunks.
//!
//! Where a chunk ends depends only on the terms near it, never on the whole
//! site: a term whose hash is a multiple of `every` starts a chunk, and a
//! chunk that would pass `cap` bytes is closed early. Both numbers are
//! powers of two derived from the site's size, so they only move when the site
//! doubles or halves; an edit changes the chunks of the terms it touches and
//! leaves the others byte for byte as they were.

use std::borrow::Borrow;
use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::{xxh3_64, Xxh3Default};

use super::doc::{json_str, DocIndex};
use super::{varint, CHUNK_BYTES, DIR, FORMAT_VERSION, MAX_CHUNKS};
use crate::output::OutputFile;

/// Postings of every term, by term id: `doc − previous doc, weight, fragment
/// count, fragments…` as varints, documents in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Postings {
    lists: Vec<Vec<u8>>,
    /// Hash of each document's excerpt file, by document.
    excerpts: Vec<u64>,
}

impl Postings {
    /// Invert `docs` (in document order); `terms` is the number of term ids.
    pub fn invert<D: Borrow<DocIndex>>(docs: impl IntoIterator<Item = D>, terms: usize) -> Self {
        let docs: Vec<D> = docs.into_iter().collect();
        // Size every list first, so none is reallocated while it grows.
        let mut sizes: Vec<usize> = vec![0; terms];
        for (n, doc) in docs.iter().enumerate() {
            let bytes = &doc.borrow().terms;
            let (mut at, mut id) = (0, 0u32);
            while at < bytes.len() {
                id += varint::get(bytes, &mut at);
                let start = at;
                varint::get(bytes, &mut at);
                let count = varint::get(bytes, &mut at);
                for _ in 0..count {
                    varint::get(bytes, &mut at);
                }
                // The document delta takes at most as many bytes as the document.
                sizes[id as usize] += at - start + varint_len(n);
            }
        }
        let mut lists: Vec<Vec<u8>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
        drop(sizes);
        let mut last: Vec<u32> = vec![0; terms];
        let mut excerpts = Vec::with_capacity(docs.len());
        for (n, doc) in docs.into_iter().enumerate() {
            let doc = doc.borrow();
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            excerpts.push(doc.excerpt_hash);
            let bytes = &doc.terms;
            let (mut at, mut id) = (0, 0u32);
            while at < bytes.len() {
                id += varint::get(bytes, &mut at);
                let start = at;
                varint::get(bytes, &mut at);
                let count = varint::get(bytes, &mut at);
                for _ in 0..count {
                    varint::get(bytes, &mut at);
                }
                let list = &mut lists[id as usize];
                let previous = if list.is_empty() {
                    0
                } else {
                    last[id as usize]
                };
                varint::put(list, n - previous);
                list.extend_from_slice(&bytes[start..at]);
                last[id as usize] = n;
            }
        }
        Postings { lists, excerpts }
    }

    /// The chunk files and the manifest, handed to `put` as they are made
    /// (from several threads); `terms` by id.
    pub fn files<E: Send>(
        &self,
        terms: &[Arc<str>],
        put: &(dyn Fn(String, OutputFile) -> Result<(), E> + Sync),
    ) -> Result<(), Vec<E>> {
        let chunks = self.chunks(terms);
        let written: Vec<Result<u64, E>> = chunks
            .par_iter()
            .enumerate()
            .map(|(i, ids)| {
                let body = self.chunk_json(ids, terms);
                let hash = xxh3_64(&body);
                put(format!("{DIR}t/{i}.json"), OutputFile::Bytes(body.into())).map(|()| hash)
            })
            .collect();
        let mut errors = Vec::new();
        let mut hash = Xxh3Default::new();
        hash.write_u64(chunks.len() as u64);
        for h in written {
            match h {
                Ok(h) => hash.write_u64(h),
                Err(e) => errors.push(e),
            }
        }
        for h in &self.excerpts {
            hash.write_u64(*h);
        }
        let manifest = Manifest {
            version: FORMAT_VERSION,
            hash: format!("{:08x}", hash.finish() as u32),
            docs: self.excerpts.len(),
            chunks: chunks.iter().map(|ids| &*terms[ids[0] as usize]).collect(),
        };
        let manifest = serde_json::to_vec(&manifest).unwrap_or_default();
        if let Err(e) = put(
            format!("{DIR}index.json"),
            OutputFile::Bytes(manifest.into()),
        ) {
            errors.push(e);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Term ids with postings, sorted by term and cut into chunks.
    fn chunks(&self, terms: &[Arc<str>]) -> Vec<Vec<u32>> {
        let mut ids: Vec<u32> = (0..self.lists.len())
            .filter(|&i| !self.lists[i].is_empty())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        ids.par_sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
        let size = |id: u32| self.lists[id as usize].len() + terms[id as usize].len() + 4;
        let total: usize = ids.iter().map(|&id| size(id)).sum();
        // Postings in memory take about half the bytes of their JSON.
        let mut target = CHUNK_BYTES / 2;
        while total / target > MAX_CHUNKS {
            target *= 2;
        }
        let average = (total / ids.len().max(1)).max(1);
        let every = (target / average).max(1).next_power_of_two() as u64;
        let cap = target * 2;
        let mut chunks: Vec<Vec<u32>> = Vec::new();
        let mut bytes = 0;
        for id in ids {
            let starts = xxh3_64(terms[id as usize].as_bytes()) % every == 0;
            match chunks.last_mut() {
                Some(chunk) if !starts && bytes + size(id) <= cap => {
                    chunk.push(id);
                    bytes += size(id);
                }
                _ => {
                    chunks.push(vec![id]);
                    bytes = size(id);
                }
            }
        }
        chunks
    }

    /// `[[term, [postings…]], …]`.
    fn chunk_json(&self, ids: &[u32], terms: &[Arc<str>]) -> Vec<u8> {
        let size: usize = ids
            .iter()
            .map(|&id| self.lists[id as usize].len() * 3)
            .sum();
        let mut out = Vec::with_capacity(size + 16);
        out.push(b'[');
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'[');
            json_str(&mut out, &terms[id as usize]);
            out.extend_from_slice(b",[");
            let list = &self.lists[id as usize];
            let mut at = 0;
            while at < list.len() {
                if at > 0 {
                    out.push(b',');
                }
                push_number(&mut out, varint::get(list, &mut at));
            }
            out.extend_from_slice(b"]]");
        }
        out.push(b']');
        out
    }
}

/// The manifest, `search/index.json`.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    version: u32,
    hash: String,
    docs: usize,
    chunks: Vec<&'a str>,
}

/// Bytes of `n` as a varint.
fn varint_len(n: usize) -> usize {
    let bits = usize::BITS - n.leading_zeros();
    (bits.max(1) as usize).div_ceil(7)
}

/// Append `n` in decimal.
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}
