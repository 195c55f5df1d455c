//! Compact forms of what the link index keeps for every page until the
//! check at the end: strings interned, a page's links as varint-coded
//! (link, line) pairs and its ids as one length-prefixed blob. A
//! 100,000-page build keeps millions of links; as structs, with a `Vec` and
//! a hash set per page, they were a quarter of its peak memory.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxHasher;

/// Append `n` to `out` as a LEB128 varint (7 bits a byte, low bits first).
fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Read a varint at `*at`, moving `*at` past it.
fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n: u32 = 0;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

/// A page's links in the order found: (link number, line) pairs, lines
/// stored as the difference from the line before (small, often zero).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LinkList(Box<[u8]>);

/// Builds a [`LinkList`].
#[derive(Debug, Default)]
pub struct LinkListBuilder {
    bytes: Vec<u8>,
    line: u32,
}

impl LinkListBuilder {
    /// Add link number `link`, found at `line`.
    pub fn push(&mut self, link: u32, line: u32) {
        push_varint(&mut self.bytes, link);
        // Lines only grow on a page; a wrapped difference still decodes.
        push_varint(&mut self.bytes, line.wrapping_sub(self.line));
        self.line = line;
    }

    /// The list, without the slack of its growth.
    pub fn finish(self) -> LinkList {
        LinkList(self.bytes.into_boxed_slice())
    }
}

impl LinkList {
    /// No links?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (link number, line) pairs in the order added.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut at = 0;
        let mut line = 0u32;
        std::iter::from_fn(move || {
            if at >= self.0.len() {
                return None;
            }
            let link = read_varint(&self.0, &mut at);
            line = line.wrapping_add(read_varint(&self.0, &mut at));
            Some((link, line))
        })
    }
}

/// A page's ids (the fragments that land on it), sorted, each once, as
/// one allocation.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ids(Box<[u8]>);

impl Ids {
    /// The set of `ids`.
    pub fn new(mut ids: Vec<String>) -> Ids {
        ids.sort_unstable();
        ids.dedup();
        let len = ids.iter().map(|id| id.len() + 2).sum();
        let mut bytes = Vec::with_capacity(len);
        for id in &ids {
            push_varint(&mut bytes, u32::try_from(id.len()).unwrap_or(u32::MAX));
            bytes.extend_from_slice(id.as_bytes());
        }
        Ids(bytes.into_boxed_slice())
    }

    /// Every id, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.bytes()
            .map(|id| std::str::from_utf8(id).unwrap_or_default())
    }

    /// Every id as bytes, in order (no UTF-8 check of each).
    fn bytes(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= self.0.len() {
                return None;
            }
            let len = read_varint(&self.0, &mut at) as usize;
            let end = (at + len).min(self.0.len());
            let id = &self.0[at..end];
            at = end;
            Some(id)
        })
    }

    /// Is `id` one of them? (A scan: pages have few ids, and a page with
    /// many is checked through a set built once, see the link index.)
    pub fn contains(&self, id: &str) -> bool {
        self.bytes().any(|i| i == id.as_bytes())
    }

    /// How many bytes the ids take (to decide whether a set pays).
    pub fn byte_len(&self) -> usize {
        self.0.len()
    }
}

/// Strings seen many times (nav links are on every page) are stored once,
/// numbered in the order first seen. All of them sit end to end in one
/// `String`, found through a table of numbers: no allocation per string,
/// and none of them is held twice (as a map key and again by number).
#[derive(Debug, Default)]
pub struct Interner {
    text: String,
    /// Where each string ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    /// String numbers, by the hash of their text.
    table: HashTable<u32>,
}

/// String number `id` of `text` cut at `ends`.
fn nth<'a>(text: &'a str, ends: &[usize], id: u32) -> &'a str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    &text[start..ends[id]]
}

fn hash(s: &str) -> u64 {
    let mut hasher = FxHasher::default();
    s.hash(&mut hasher);
    hasher.finish()
}

impl Interner {
    pub fn get(&mut self, s: &str) -> u32 {
        let h = hash(s);
        let (text, ends) = (&self.text, &self.ends);
        if let Some(&id) = self.table.find(h, |&id| nth(text, ends, id) == s) {
            return id;
        }
        let id = u32::try_from(self.ends.len()).expect("fewer than 2^32 distinct strings");
        self.text.push_str(s);
        self.ends.push(self.text.len());
        let (text, ends) = (&self.text, &self.ends);
        self.table
            .insert_unique(h, id, |&id| hash(nth(text, ends, id)));
        id
    }

    /// The number of `s`, if it was ever interned.
    pub fn lookup(&self, s: &str) -> Option<u32> {
        self.table
            .find(hash(s), |&id| nth(&self.text, &self.ends, id) == s)
            .copied()
    }

    pub fn str(&self, id: u32) -> &str {
        nth(&self.text, &self.ends, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_lists_give_back_what_was_pushed() {
        let mut b = LinkListBuilder::default();
        let pairs = [(0, 1), (300, 1), (70_000, 5), (u32::MAX, 900_000), (7, 3)];
        for (link, line) in pairs {
            b.push(link, line);
        }
        assert_eq!(b.finish().iter().collect::<Vec<_>>(), pairs);
        assert_eq!(LinkList::default().iter().count(), 0);
    }

    #[test]
    fn ids_are_a_set() {
        let long = "x".repeat(200);
        let ids = Ids::new(vec![
            "b".into(),
            "a".into(),
            "b".into(),
            long.clone(),
            "é".into(),
        ]);
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            ["a", "b", long.as_str(), "é"]
        );
        assert!(ids.contains("é") && ids.contains(&long) && !ids.contains("c"));
        assert!(!Ids::default().contains(""));
    }

    #[test]
    fn interned_strings_are_numbered_once_each() {
        let mut strings = Interner::default();
        let words: Vec<String> = (0..1000).map(|i| format!("w{}", i % 300)).collect();
        let ids: Vec<u32> = words.iter().map(|w| strings.get(w)).collect();
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(strings.str(id), w);
            assert_eq!(strings.lookup(w), Some(id));
        }
        assert_eq!(ids.iter().max(), Some(&299));
        assert_eq!(strings.get(""), 300);
        assert_eq!(strings.str(300), "");
        assert_eq!(strings.lookup("w300"), None);
    }
}
