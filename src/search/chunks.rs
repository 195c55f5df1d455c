//! From every document's terms to the term chunks and the manifest: the
//! postings are inverted in document order, terms sorted by code point, and
//! cut into chunks. The dev server replaces the postings of the documents an
//! edit changed instead of inverting them all again, and hashes only the
//! lists it rewrote: a chunk's key is made of its terms' and lists' hashes.
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

use super::doc::{json_str, skip_posting, DocIndex};
use super::{varint, CHUNK_BYTES, FORMAT_VERSION, MAX_CHUNKS};

/// Postings of every term, by term id: `doc − previous doc, weight, fragment
/// count, fragments…` as varints, documents in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Postings {
    lists: Vec<Vec<u8>>,
    /// Hash of each list, by term id: a chunk's key is made of these and
    /// its terms' hashes, so a rebuild after an edit hashes only the lists
    /// the edit rewrote, not every posting of the site again.
    digests: Vec<u64>,
    /// Hash of each document's excerpt file, by document.
    excerpts: Vec<u64>,
}

/// One term chunk: its term ids, by term, and a hash of what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Its terms, by id, in code point order.
    pub ids: Vec<u32>,
    /// Hash of its terms and their postings: two chunks with the same key
    /// have the same file.
    pub key: u64,
}

impl Postings {
    /// Invert `docs` (in document order); `terms` is the number of term ids.
    pub fn invert<D: Borrow<DocIndex>>(docs: impl IntoIterator<Item = D>, terms: usize) -> Self {
        let docs: Vec<D> = docs.into_iter().collect();
        // Size every list first, so none is reallocated while it grows.
        let mut sizes: Vec<usize> = vec![0; terms];
        for (n, doc) in docs.iter().enumerate() {
            for (id, posting) in doc.borrow().entries() {
                // The document delta takes at most as many bytes as the document.
                sizes[id as usize] += posting.len() + varint_len(n);
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
            for (id, posting) in doc.entries() {
                let list = &mut lists[id as usize];
                let previous = if list.is_empty() {
                    0
                } else {
                    last[id as usize]
                };
                varint::put(list, n - previous);
                list.extend_from_slice(posting);
                last[id as usize] = n;
            }
        }
        let digests = lists.par_iter().map(|list| xxh3_64(list)).collect();
        Postings {
            lists,
            digests,
            excerpts,
        }
    }

    /// Document `n` was `old` and is now `new`: rewrite the lists of the
    /// terms whose posting in it changed, and leave the others as they are.
    pub fn replace(&mut self, n: usize, old: &DocIndex, new: &DocIndex) {
        let doc = u32::try_from(n).unwrap_or(u32::MAX);
        let mut was = old.entries().peekable();
        let mut is = new.entries().peekable();
        loop {
            let (id, posting) = match (was.peek().copied(), is.peek().copied()) {
                (None, None) => break,
                (Some((a, p)), Some((b, q))) if a == b => {
                    was.next();
                    is.next();
                    if p == q {
                        continue;
                    }
                    (b, Some(q))
                }
                (Some((a, _)), Some((b, q))) if b < a => {
                    is.next();
                    (b, Some(q))
                }
                (Some((a, _)), _) => {
                    was.next();
                    (a, None)
                }
                (None, Some((b, q))) => {
                    is.next();
                    (b, Some(q))
                }
            };
            let slot = id as usize;
            if slot >= self.lists.len() {
                self.lists.resize_with(slot + 1, Vec::new);
                self.digests.resize(slot + 1, xxh3_64(&[]));
            }
            self.lists[slot] = splice(&self.lists[slot], doc, posting);
            self.digests[slot] = xxh3_64(&self.lists[slot]);
        }
        self.excerpts[n] = new.excerpt_hash;
    }

    /// Term ids with postings, sorted by term and cut into chunks.
    pub fn chunks(&self, terms: &[Arc<str>]) -> Vec<Chunk> {
        self.chunks_in(&self.order(terms, None), terms)
    }

    /// The ids of the terms that have postings, in code point order of the
    /// terms (distinct: a vocabulary holds each term once). `previous` is
    /// such an order from before, over the same vocabulary (whose ids keep
    /// their terms): the terms that still have postings keep their order
    /// from it, and only the terms new to it are sorted and merged in, which
    /// spares sorting every term of the site after an edit.
    pub fn order(&self, terms: &[Arc<str>], previous: Option<Vec<u32>>) -> Vec<u32> {
        let by_term = |a: &u32, b: &u32| terms[*a as usize].cmp(&terms[*b as usize]);
        let live = |id: usize| self.lists.get(id).is_some_and(|list| !list.is_empty());
        let Some(previous) = previous else {
            let mut ids: Vec<u32> = (0..self.lists.len())
                .filter(|&i| live(i))
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect();
            ids.par_sort_unstable_by(by_term);
            return ids;
        };
        let mut known = vec![false; self.lists.len()];
        let mut kept = Vec::with_capacity(previous.len());
        for id in previous {
            if let Some(seen) = known.get_mut(id as usize) {
                *seen = true;
            }
            if live(id as usize) {
                kept.push(id);
            }
        }
        let mut added: Vec<u32> = (0..self.lists.len())
            .filter(|&i| !known[i] && live(i))
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        added.sort_unstable_by(by_term);
        let mut ids = Vec::with_capacity(kept.len() + added.len());
        let mut added = added.into_iter().peekable();
        for id in kept {
            while let Some(new) = added.next_if(|new| by_term(new, &id).is_lt()) {
                ids.push(new);
            }
            ids.push(id);
        }
        ids.extend(added);
        ids
    }

    /// [`Postings::chunks`] of the terms in `ids`, which [`Postings::order`] made.
    pub fn chunks_in(&self, ids: &[u32], terms: &[Arc<str>]) -> Vec<Chunk> {
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
        let mut chunks: Vec<Chunk> = Vec::new();
        // The chunk being filled: its terms' and their lists' hashes, in order.
        let mut hashes: Vec<u8> = Vec::new();
        let mut bytes = 0;
        for &id in ids {
            let term = xxh3_64(terms[id as usize].as_bytes());
            match chunks.last_mut() {
                Some(chunk) if !term.is_multiple_of(every) && bytes + size(id) <= cap => {
                    chunk.ids.push(id);
                    bytes += size(id);
                }
                last => {
                    if let Some(chunk) = last {
                        chunk.key = xxh3_64(&hashes);
                    }
                    hashes.clear();
                    chunks.push(Chunk {
                        ids: vec![id],
                        key: 0,
                    });
                    bytes = size(id);
                }
            }
            hashes.extend_from_slice(&term.to_le_bytes());
            hashes.extend_from_slice(&self.digests[id as usize].to_le_bytes());
        }
        if let Some(chunk) = chunks.last_mut() {
            chunk.key = xxh3_64(&hashes);
        }
        chunks
    }

    /// A chunk's file: `[[term, [postings…]], …]`.
    pub fn chunk_json(&self, chunk: &Chunk, terms: &[Arc<str>]) -> Vec<u8> {
        // A number takes at most four bytes of JSON (comma included) per
        // byte of its varint; a term, no more than its bytes and quotes.
        let size: usize = chunk
            .ids
            .iter()
            .map(|&id| self.lists[id as usize].len() * 4 + terms[id as usize].len() + 8)
            .sum();
        let mut out = Vec::with_capacity(size + 2);
        out.push(b'[');
        for (i, &id) in chunk.ids.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'[');
            json_str(&mut out, &terms[id as usize]);
            out.extend_from_slice(b",[");
            push_numbers(&mut out, &self.lists[id as usize]);
            out.extend_from_slice(b"]]");
        }
        out.push(b']');
        out
    }

    /// The manifest of these `chunks`: its hash changes whenever a chunk or
    /// an excerpt file does.
    pub fn manifest(&self, chunks: &[Chunk], terms: &[Arc<str>]) -> Vec<u8> {
        let mut hash = Xxh3Default::new();
        hash.write_u64(chunks.len() as u64);
        for chunk in chunks {
            hash.write_u64(chunk.key);
        }
        for h in &self.excerpts {
            hash.write_u64(*h);
        }
        let manifest = Manifest {
            version: FORMAT_VERSION,
            hash: format!("{:08x}", hash.finish() as u32),
            docs: self.excerpts.len(),
            chunks: chunks.iter().map(|c| &*terms[c.ids[0] as usize]).collect(),
        };
        serde_json::to_vec(&manifest).unwrap_or_default()
    }
}

/// `list` with document `doc`'s posting replaced by `posting` (removed when
/// `None`), documents kept in order and delta coded.
fn splice(list: &[u8], doc: u32, posting: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.len() + posting.map_or(0, |p| p.len() + 5));
    let mut previous = 0;
    let mut push = |out: &mut Vec<u8>, n: u32, p: &[u8]| {
        varint::put(out, n - previous);
        out.extend_from_slice(p);
        previous = n;
    };
    let mut pending = posting;
    let (mut at, mut n) = (0, 0u32);
    while at < list.len() {
        n += varint::get(list, &mut at);
        let start = at;
        skip_posting(list, &mut at);
        if n >= doc {
            if let Some(p) = pending.take() {
                push(&mut out, doc, p);
            }
        }
        if n != doc {
            push(&mut out, n, &list[start..at]);
        }
    }
    if let Some(p) = pending {
        push(&mut out, doc, p);
    }
    out
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

/// Append the numbers of varint `list` in decimal, between commas. (Most
/// have one or two digits: those are written as one small store each, where
/// a copy of a few bytes would call `memcpy`.)
fn push_numbers(out: &mut Vec<u8>, list: &[u8]) {
    let mut at = 0;
    while at < list.len() {
        let n = varint::get(list, &mut at);
        if n < 10 {
            out.extend_from_slice(&[b'0' + n as u8, b',']);
        } else if n < 100 {
            out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8, b',']);
        } else {
            let mut digits = [0u8; 10];
            let mut i = digits.len();
            let mut n = n;
            while n > 0 {
                i -= 1;
                digits[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
            out.extend_from_slice(&digits[i..]);
            out.push(b',');
        }
    }
    if !list.is_empty() {
        out.pop();
    }
}
