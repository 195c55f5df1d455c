//! One document of the index: its text cut into fragments, written out as its
//! excerpt file, and its terms reduced to a few bytes per distinct term. This
//! runs right after the document's Markdown, so its text can be dropped.

use std::cell::RefCell;

use super::vocab::Vocab;
use super::{tokenize, varint, FRAGMENT_BYTES, IN_HEADING, IN_TITLE, TF_MAX};
use crate::markdown::TextBlock;

/// What a document is made of.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// Its URL.
    pub url: String,
    /// Its title.
    pub title: &'a str,
    /// Its description (front matter), shown before the text.
    pub description: Option<&'a str>,
    /// Its text, cut at headings.
    pub blocks: &'a [TextBlock],
}

/// What the index keeps of one document once its text is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocIndex {
    /// Its terms, by id: `id − previous id, weight, fragment count,
    /// fragments…` as varints (fragments coded as in the postings).
    pub terms: Box<[u8]>,
    /// Hash of its excerpt file (for the manifest's content hash).
    pub excerpt_hash: u64,
}

impl DocIndex {
    /// Each of its terms, by id: the id and the term's posting in this
    /// document (weight, fragment count, fragments… as varints).
    pub fn entries(&self) -> impl Iterator<Item = (u32, &[u8])> + '_ {
        let bytes = &self.terms;
        let (mut at, mut id) = (0, 0u32);
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            id += varint::get(bytes, &mut at);
            let start = at;
            skip_posting(bytes, &mut at);
            Some((id, &bytes[start..at]))
        })
    }
}

/// Move `*at` past one posting: weight, fragment count, fragments.
pub fn skip_posting(bytes: &[u8], at: &mut usize) {
    varint::get(bytes, at);
    let count = varint::get(bytes, at);
    for _ in 0..count {
        varint::get(bytes, at);
    }
}

/// One piece of text under a heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fragment<'a> {
    /// Heading id, `None` for the intro.
    pub anchor: Option<&'a str>,
    /// Heading text.
    pub heading: &'a str,
    /// The text.
    pub text: &'a str,
}

/// Index `source`: its terms, and its excerpt file.
pub fn index(vocab: &Vocab, source: &Source) -> (DocIndex, Vec<u8>) {
    let intro = intro(source);
    let fragments = fragments(&intro, source.blocks);
    let excerpt = excerpt_json(source, &fragments);
    let terms = SCRATCH.with(|s| s.borrow_mut().terms(vocab, source.title, &fragments));
    let doc = DocIndex {
        terms,
        excerpt_hash: xxhash_rust::xxh3::xxh3_64(&excerpt),
    };
    (doc, excerpt)
}

/// The description, then the text before the first heading.
fn intro(source: &Source) -> String {
    let mut intro = source.description.unwrap_or("").trim().to_string();
    if let Some(first) = source.blocks.first().filter(|b| b.heading_id.is_none()) {
        if !intro.is_empty() && !first.text.is_empty() {
            intro.push(' ');
        }
        intro.push_str(&first.text);
    }
    intro
}

/// Fragment 0 is the intro; then every block after it, each cut into pieces.
pub fn fragments<'a>(intro: &'a str, blocks: &'a [TextBlock]) -> Vec<Fragment<'a>> {
    let mut out = Vec::new();
    let rest = match blocks.first() {
        Some(first) if first.heading_id.is_none() => &blocks[1..],
        _ => blocks,
    };
    push_fragments(&mut out, None, "", intro);
    for block in rest {
        push_fragments(
            &mut out,
            block.heading_id.as_deref(),
            &block.heading,
            &block.text,
        );
    }
    out
}

/// Cut `text` at spaces into pieces of about [`FRAGMENT_BYTES`] (at least one).
fn push_fragments<'a>(
    out: &mut Vec<Fragment<'a>>,
    anchor: Option<&'a str>,
    heading: &'a str,
    text: &'a str,
) {
    let mut rest = text.trim();
    loop {
        let cut = if rest.len() <= FRAGMENT_BYTES {
            rest.len()
        } else {
            let mut limit = FRAGMENT_BYTES;
            while !rest.is_char_boundary(limit) {
                limit -= 1;
            }
            rest[..limit].rfind(' ').filter(|&i| i > 0).unwrap_or(limit)
        };
        out.push(Fragment {
            anchor,
            heading,
            text: &rest[..cut],
        });
        rest = rest[cut..].trim_start();
        if rest.is_empty() {
            break;
        }
    }
}

/// `{"u": url, "t": title, "f": [[anchor, heading, text], …]}`; the anchor
/// is `""` for the intro.
fn excerpt_json(source: &Source, fragments: &[Fragment]) -> Vec<u8> {
    let size: usize = fragments.iter().map(|f| f.text.len() + 16).sum();
    let mut out = Vec::with_capacity(size + source.url.len() + source.title.len() + 32);
    out.extend_from_slice(b"{\"u\":");
    json_str(&mut out, &source.url);
    out.extend_from_slice(b",\"t\":");
    json_str(&mut out, source.title);
    out.extend_from_slice(b",\"f\":[");
    for (i, f) in fragments.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        json_str(&mut out, f.anchor.unwrap_or(""));
        out.push(b',');
        json_str(&mut out, f.heading);
        out.push(b',');
        json_str(&mut out, f.text);
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
}

/// Append `s` as a JSON string.
pub fn json_str(out: &mut Vec<u8>, s: &str) {
    // Writing a `str` into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Where a term was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Title,
    Heading,
    Text,
}

/// Per-thread buffers for counting one document's terms, reused from one
/// document to the next (no allocation per word or term).
#[derive(Debug, Default)]
struct Scratch {
    /// Term id → 1 + its index in `entries`, 0 when not in this document.
    slots: Vec<u32>,
    entries: Vec<Entry>,
    /// (entry, fragment × 2 + in its heading), in the order first seen.
    places: Vec<(u32, u32)>,
    /// Where each entry's places start in `grouped` (and where they end).
    starts: Vec<usize>,
    /// Where the next place of each entry goes in `grouped`.
    fill: Vec<usize>,
    /// The places' codes, grouped by entry.
    grouped: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    id: u32,
    count: u32,
    in_heading: bool,
    in_title: bool,
    /// Index in `places` of this term's latest fragment.
    last: usize,
}

impl Scratch {
    fn terms(&mut self, vocab: &Vocab, title: &str, fragments: &[Fragment]) -> Box<[u8]> {
        vocab.with_ids(|ids| {
            // Fragments are visited in order, so each term's places stay sorted.
            tokenize::for_each_term(title, |t| self.note(ids.id(t), 0, Seen::Title));
            for (i, f) in fragments.iter().enumerate() {
                let i = u32::try_from(i).unwrap_or(u32::MAX / 2);
                tokenize::for_each_term(f.heading, |t| self.note(ids.id(t), i, Seen::Heading));
                tokenize::for_each_term(f.text, |t| self.note(ids.id(t), i, Seen::Text));
            }
        });
        self.encode()
    }

    fn note(&mut self, id: u32, fragment: u32, seen: Seen) {
        let slot = id as usize;
        if slot >= self.slots.len() {
            self.slots.resize(slot + 1, 0);
        }
        if self.slots[slot] == 0 {
            self.entries.push(Entry {
                id,
                count: 0,
                in_heading: false,
                in_title: false,
                last: usize::MAX,
            });
            self.slots[slot] = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        }
        let e = self.slots[slot] as usize - 1;
        let entry = &mut self.entries[e];
        match seen {
            Seen::Title => entry.in_title = true,
            Seen::Heading => entry.in_heading = true,
            Seen::Text => entry.count += 1,
        }
        let heading = u32::from(seen == Seen::Heading);
        match self.places.get_mut(entry.last) {
            Some(place) if place.1 >> 1 == fragment => place.1 |= heading,
            _ => {
                entry.last = self.places.len();
                self.places.push((e as u32, fragment * 2 + heading));
            }
        }
    }

    /// Encode the document's terms, by id, and clear for the next document.
    fn encode(&mut self) -> Box<[u8]> {
        // Group places by entry, each entry's in the order seen (a counting
        // sort: one pass to count, one to place).
        let starts = &mut self.starts;
        starts.clear();
        starts.resize(self.entries.len() + 1, 0);
        for p in &self.places {
            starts[p.0 as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let fill = &mut self.fill;
        fill.clear();
        fill.extend_from_slice(&starts[..self.entries.len()]);
        self.grouped.clear();
        self.grouped.resize(self.places.len(), 0);
        for p in &self.places {
            let at = &mut fill[p.0 as usize];
            self.grouped[*at] = p.1;
            *at += 1;
        }
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_unstable_by_key(|&e| self.entries[e].id);
        let mut out = Vec::with_capacity(self.entries.len() * 6);
        let mut previous = 0;
        for e in order {
            let entry = self.entries[e];
            let weight = entry.count.min(TF_MAX)
                + if entry.in_heading { IN_HEADING } else { 0 }
                + if entry.in_title { IN_TITLE } else { 0 };
            let places = &self.grouped[self.starts[e]..self.starts[e + 1]];
            varint::put(&mut out, entry.id - previous);
            varint::put(&mut out, weight);
            varint::put(&mut out, u32::try_from(places.len()).unwrap_or(u32::MAX));
            for &p in places {
                varint::put(&mut out, p);
            }
            previous = entry.id;
            self.slots[entry.id as usize] = 0;
        }
        self.entries.clear();
        self.places.clear();
        out.into_boxed_slice()
    }
}
