//! The build-time search index: every page's title, headings and text cut
//! into small static files under `search/` that `search.js` fetches lazily.
//!
//! Layout (all JSON, all small):
//!
//! * `search/index.json` — the manifest: format version, a content hash (the
//!   client appends `?v=<hash>` to every other fetch, so a deploy never mixes
//!   old and new pieces), the number of documents and the first term of every
//!   term chunk.
//! * `search/t/<n>.json` — term chunks: `[[term, postings], …]` in code point
//!   order, cut at about [`CHUNK_BYTES`] (more on very large sites, so the
//!   manifest stays under [`MAX_CHUNKS`] entries), so a query fetches only
//!   the chunks its terms (and their prefixes) fall into.
//! * `search/f/<doc>-<n>.json` — fragments: `{u, t, h, x}` = URL with the
//!   heading anchor, page title, heading, plain text. Fetched only for the
//!   results shown, to draw the excerpt.
//!
//! Postings of a term are flat integer lists, per document in order:
//! `doc − previous doc, weight, fragment count, fragments…`; the weight packs
//! the number of occurrences (up to 15), 16 when the term is in a heading and
//! 32 when it is in the title; each fragment is `index × 2`, plus 1 when the
//! term is in that fragment's heading (so the result links to that heading).

pub mod fold;
pub mod tokenize;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::hash::Hash;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::output::OutputFile;
use crate::render::views::RenderedContent;
use crate::site::Site;

/// Where the index lives in the output.
pub const DIR: &str = "search/";

/// Bump when the file format changes; `search.js` refuses other versions.
pub const FORMAT_VERSION: u32 = 1;

/// A term chunk is closed once its JSON passes this many bytes.
pub const CHUNK_BYTES: usize = 6 * 1024;

/// Chunks grow past [`CHUNK_BYTES`] when there would be more than this many:
/// every query pays for the manifest that lists them.
pub const MAX_CHUNKS: usize = 1000;

/// Text under one heading is cut into fragments of about this many bytes, so
/// the excerpt of a result never costs more than this to fetch.
pub const FRAGMENT_BYTES: usize = 1200;

const TF_MAX: u32 = 15;
const IN_HEADING: u32 = 16;
const IN_TITLE: u32 = 32;

/// One searchable thing: a page, a section, or a comparison.
#[derive(Debug, Clone, PartialEq, Hash)]
struct Doc {
    url: String,
    title: String,
    /// Fragment 0 is the intro (description and text before any heading).
    fragments: Vec<Fragment>,
}

#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
struct Fragment {
    /// Heading id, `None` for the intro.
    #[serde(skip)]
    anchor: Option<String>,
    heading: String,
    text: String,
}

/// What one document says about one term.
#[derive(Debug, Clone, Default, PartialEq)]
struct DocTerm {
    count: u32,
    in_heading: bool,
    in_title: bool,
    /// (fragment, term in its heading), by fragment.
    fragments: Vec<(u32, bool)>,
}

impl DocTerm {
    fn weight(&self) -> u32 {
        self.count.min(TF_MAX)
            + if self.in_heading { IN_HEADING } else { 0 }
            + if self.in_title { IN_TITLE } else { 0 }
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

/// The terms of each document, kept between dev-server rebuilds and keyed by
/// a hash of the document, so a rebuild tokenizes only the pages that changed.
#[derive(Debug, Default)]
pub struct TermCache(HashMap<u64, Arc<BTreeMap<String, DocTerm>>>);

/// Build the index files for `site` (output path → file).
pub fn index(site: &Site, content: &RenderedContent) -> Vec<(String, OutputFile)> {
    index_cached(site, content, &mut TermCache::default())
}

/// [`index`], reusing the terms of unchanged documents from `cache` and
/// refreshing it.
pub fn index_cached(
    site: &Site,
    content: &RenderedContent,
    cache: &mut TermCache,
) -> Vec<(String, OutputFile)> {
    let docs = collect_docs(site, content);
    build(&docs, cache)
}

fn build(docs: &[Doc], cache: &mut TermCache) -> Vec<(String, OutputFile)> {
    let keys: Vec<u64> = docs.par_iter().map(crate::site::hash_of).collect();
    let per_doc: Vec<Arc<BTreeMap<String, DocTerm>>> = docs
        .par_iter()
        .zip(&keys)
        .map(|(d, k)| match cache.0.get(k) {
            Some(terms) => terms.clone(),
            None => Arc::new(doc_terms(d)),
        })
        .collect();
    cache.0 = keys.into_iter().zip(per_doc.iter().cloned()).collect();
    let mut postings: BTreeMap<String, String> = BTreeMap::new();
    let mut last_doc: BTreeMap<&str, usize> = BTreeMap::new();
    for (doc, terms) in per_doc.iter().enumerate() {
        for (term, t) in terms.iter() {
            let list = postings.entry(term.clone()).or_default();
            let previous = last_doc.insert(term.as_str(), doc);
            let delta = previous.map_or(doc, |p| doc - p);
            if !list.is_empty() {
                list.push(',');
            }
            let _ = write!(list, "{delta},{},{}", t.weight(), t.fragments.len());
            for &(f, heading) in &t.fragments {
                let _ = write!(list, ",{}", f * 2 + u32::from(heading));
            }
        }
    }

    let total: usize = postings.iter().map(|(t, l)| t.len() + l.len() + 6).sum();
    let chunk_bytes = CHUNK_BYTES.max(total / MAX_CHUNKS);
    let mut chunks: Vec<(&str, String)> = Vec::new();
    for (term, list) in &postings {
        let entry = format!("[{},[{list}]]", json_string(term));
        match chunks.last_mut() {
            Some((_, body)) if body.len() + entry.len() < chunk_bytes => {
                body.push(',');
                body.push_str(&entry);
            }
            _ => chunks.push((term, entry)),
        }
    }

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (_, body)) in chunks.iter().enumerate() {
        files.push((format!("{DIR}t/{i}.json"), format!("[{body}]").into_bytes()));
    }
    for (d, doc) in docs.iter().enumerate() {
        for (f, fragment) in doc.fragments.iter().enumerate() {
            files.push((format!("{DIR}f/{d}-{f}.json"), fragment_json(doc, fragment)));
        }
    }
    let mut hash = Fnv::default();
    for (path, bytes) in &files {
        hash.write(path.as_bytes());
        hash.write(bytes);
    }
    let manifest = Manifest {
        version: FORMAT_VERSION,
        hash: format!("{:08x}", hash.0 as u32),
        docs: docs.len(),
        chunks: chunks.iter().map(|(first, _)| *first).collect(),
    };
    let manifest = serde_json::to_vec(&manifest).unwrap_or_default();
    let mut out: Vec<(String, OutputFile)> = vec![(
        format!("{DIR}index.json"),
        OutputFile::Bytes(manifest.into()),
    )];
    out.extend(
        files
            .into_iter()
            .map(|(path, bytes)| (path, OutputFile::Bytes(bytes.into()))),
    );
    out
}

/// Every term of `doc`, with where it occurs.
fn doc_terms(doc: &Doc) -> BTreeMap<String, DocTerm> {
    let mut terms: BTreeMap<String, DocTerm> = BTreeMap::new();
    // Fragments are visited in order, so each term's list stays sorted.
    let mut note = |term: String, fragment: u32, heading: bool, f: &dyn Fn(&mut DocTerm)| {
        let entry = terms.entry(term).or_default();
        f(entry);
        match entry.fragments.last_mut() {
            Some((last, h)) if *last == fragment => *h |= heading,
            _ => entry.fragments.push((fragment, heading)),
        }
    };
    for t in tokenize::tokens(&doc.title) {
        note(t.term, 0, false, &|e| e.in_title = true);
    }
    for (i, fragment) in doc.fragments.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX / 2);
        for t in tokenize::tokens(&fragment.heading) {
            note(t.term, i, true, &|e| e.in_heading = true);
        }
        for t in tokenize::tokens(&fragment.text) {
            note(t.term, i, false, &|e| e.count += 1);
        }
    }
    terms
}

/// Pages, then sections with text of their own, then comparisons.
fn collect_docs(site: &Site, content: &RenderedContent) -> Vec<Doc> {
    let mut docs = Vec::new();
    for (page, rendered) in site.pages.iter().zip(&content.pages) {
        docs.push(doc_from(
            site.config.url_of(&page.path),
            &page.title,
            page.front.description.as_deref(),
            &rendered.text_blocks,
        ));
    }
    for (section, rendered) in site.sections.iter().zip(&content.sections) {
        if rendered.text_blocks.is_empty() {
            continue;
        }
        docs.push(doc_from(
            site.config.url_of(&section.path),
            &section.title,
            section.front.description.as_deref(),
            &rendered.text_blocks,
        ));
    }
    for c in &site.comparisons {
        docs.push(doc_from(
            site.config.url_of(&c.path()),
            c.title(),
            Some(c.description()),
            &[],
        ));
    }
    docs
}

fn doc_from(
    url: String,
    title: &str,
    description: Option<&str>,
    blocks: &[crate::markdown::TextBlock],
) -> Doc {
    let mut intro = description.unwrap_or("").trim().to_string();
    let mut fragments = Vec::new();
    let mut rest = blocks;
    if let Some(first) = blocks.first().filter(|b| b.heading_id.is_none()) {
        if !intro.is_empty() && !first.text.is_empty() {
            intro.push(' ');
        }
        intro.push_str(&first.text);
        rest = &blocks[1..];
    }
    push_fragments(&mut fragments, None, "", &intro);
    for block in rest {
        push_fragments(
            &mut fragments,
            block.heading_id.clone(),
            &block.heading,
            &block.text,
        );
    }
    Doc {
        url,
        title: title.to_string(),
        fragments,
    }
}

/// Cut `text` at spaces into pieces of about [`FRAGMENT_BYTES`] (at least one).
fn push_fragments(out: &mut Vec<Fragment>, anchor: Option<String>, heading: &str, text: &str) {
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
            anchor: anchor.clone(),
            heading: heading.to_string(),
            text: rest[..cut].to_string(),
        });
        rest = rest[cut..].trim_start();
        if rest.is_empty() {
            break;
        }
    }
}

fn fragment_json(doc: &Doc, fragment: &Fragment) -> Vec<u8> {
    #[derive(Serialize)]
    struct Json<'a> {
        u: String,
        t: &'a str,
        h: &'a str,
        x: &'a str,
    }
    let u = match &fragment.anchor {
        Some(id) => format!("{}#{id}", doc.url),
        None => doc.url.clone(),
    };
    serde_json::to_vec(&Json {
        u,
        t: &doc.title,
        h: &fragment.heading,
        x: &fragment.text,
    })
    .unwrap_or_default()
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// FNV-1a, for a content hash that is the same on every platform and run.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests;
