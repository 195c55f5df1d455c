//! One document of the index: its text cut into fragments, written out as its
//! excerpt file, and its terms reduced to a few bytes per distinct term. This
//! runs right after the document's Markdown, so its text can be dropped.

use std::cell::RefCell;

use super::tokenize::Term;
use super::vocab::{Ids, Vocab};
use super::{tokenize, varint, FRAGMENT_BYTES, IN_HEADING, IN_TITLE, TF_MAX};
use crate::markdown::TextBlock;
use crate::swar::{load, lowest_below, lowest_zero, splat};

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

/// Append `s` as a JSON string, escaped as `serde_json` does: `"` and `\`
/// behind a backslash, control characters as `\b \t \n \f \r` or
/// `\u00xx`, nothing else. Runs without escapes are found eight bytes at a
/// time and copied whole.
pub fn json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let (mut from, mut i) = (0, 0);
    while i < bytes.len() {
        let w = load(bytes, i);
        let escape =
            lowest_below(w, 0x20) | lowest_zero(w ^ splat(b'"')) | lowest_zero(w ^ splat(b'\\'));
        if escape == 0 {
            i += 8;
            continue;
        }
        i += escape.trailing_zeros() as usize / 8;
        // Past the end are the zeros `load` pads with.
        let Some(&b) = bytes.get(i) else {
            break;
        };
        out.extend_from_slice(&bytes[from..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
        }
        i += 1;
        from = i;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
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
    /// The document's terms, in the order met, by where they are in the
    /// thread's table ([`Ids::find`]), where their [`Tally`] is.
    terms: Vec<u32>,
    /// Each term's places, as lists through `places`: (fragment × 2 + in
    /// its heading, index of the term's next place or [`NONE`]).
    places: Vec<(u32, u32)>,
    /// `id << 32 | index in terms` of each term, to sort them by id.
    order: Vec<u64>,
    /// The document's terms being encoded.
    out: Vec<u8>,
}

/// No place.
const NONE: u32 = u32::MAX;

/// A term in the document being indexed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Occurrences in the text.
    count: u32,
    /// [`IN_HEADING`] and [`IN_TITLE`], when so.
    marks: u32,
    /// Its number of places (0: not in the document yet), the first and
    /// last of them in `places` (fragments are visited in order, so the
    /// list is sorted), and the last one's fragment.
    places: u32,
    first: u32,
    last: u32,
    fragment: u32,
}

impl Scratch {
    fn terms(&mut self, vocab: &Vocab, title: &str, fragments: &[Fragment]) -> Box<[u8]> {
        vocab.with_ids(|ids| {
            tokenize::for_each_term(title, |t| self.note(ids, t, 0, Seen::Title));
            for (i, f) in fragments.iter().enumerate() {
                let i = u32::try_from(i).unwrap_or(u32::MAX / 2);
                tokenize::for_each_term(f.heading, |t| self.note(ids, t, i, Seen::Heading));
                tokenize::for_each_term(f.text, |t| self.note(ids, t, i, Seen::Text));
            }
            self.encode(ids)
        })
    }

    /// `term` was seen in `fragment`. (Inlined: `seen` is known at each
    /// call.)
    #[inline(always)]
    fn note(&mut self, ids: &mut Ids, term: Term, fragment: u32, seen: Seen) {
        let (at, known) = ids.find(term);
        let tally = &mut known.tally;
        match seen {
            Seen::Title => tally.marks |= IN_TITLE,
            Seen::Heading => tally.marks |= IN_HEADING,
            Seen::Text => tally.count += 1,
        }
        let heading = u32::from(seen == Seen::Heading);
        if tally.places > 0 && tally.fragment == fragment {
            if heading != 0 {
                if let Some(place) = self.places.get_mut(tally.last as usize) {
                    place.0 |= heading;
                }
            }
            return;
        }
        let new = u32::try_from(self.places.len()).unwrap_or(NONE);
        if tally.places == 0 {
            self.terms.push(at);
            tally.first = new;
        } else if let Some(place) = self.places.get_mut(tally.last as usize) {
            place.1 = new;
        }
        tally.places += 1;
        tally.last = new;
        tally.fragment = fragment;
        self.places.push((fragment * 2 + heading, NONE));
    }

    /// Encode the document's terms, by id, and clear for the next document.
    fn encode(&mut self, ids: &mut Ids) -> Box<[u8]> {
        self.order.clear();
        self.order.extend(
            self.terms
                .iter()
                .enumerate()
                .map(|(n, &at)| u64::from(ids.known(at).id) << 32 | n as u64),
        );
        self.order.sort_unstable();
        let out = &mut self.out;
        out.clear();
        let mut previous = 0;
        for &key in &self.order {
            let known = ids.known(self.terms[key as u32 as usize]);
            let tally = std::mem::take(&mut known.tally);
            varint::put(out, known.id - previous);
            varint::put(out, tally.count.min(TF_MAX) + tally.marks);
            varint::put(out, tally.places);
            let mut at = tally.first;
            while let Some(&(code, next)) = self.places.get(at as usize) {
                varint::put(out, code);
                at = next;
            }
            previous = known.id;
        }
        self.terms.clear();
        self.places.clear();
        out.as_slice().into()
    }
}

#[cfg(test)]
mod tests {
    use super::json_str;

    #[test]
    fn json_str_escapes_as_serde_json() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "plain words and more plain words",
                "say \"hi\" \\ there",
                "tab\there\nnew line\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
                "\"\"\"\"\"\"\"\"\"",
                "déjà vu — 東京 \u{1}é\"",
            ]
            .map(str::to_string),
        );
        // Escapes at every offset of the eight-byte words.
        for n in 0..20 {
            texts.push(format!("{}\"{}\u{2}", "x".repeat(n), "é".repeat(n)));
        }
        for text in texts {
            let mut ours = b"[".to_vec();
            json_str(&mut ours, &text);
            let mut theirs = b"[".to_vec();
            serde_json::to_writer(&mut theirs, &text).expect("a string");
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }
    }
}
