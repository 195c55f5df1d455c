//! [`LiveIndex`]: the dev server's link index, kept across rebuilds and
//! updated only where the output changed.

use super::{as_errors, html, html_text, index, LinkIndex};
use crate::error::Error;
use crate::output::{OutputFile, OutputPath, OutputTree};
use crate::site::Site;

/// A link index kept across dev-server rebuilds and updated only where the
/// output changed: a rebuild that touched three pages rescans, re-indexes
/// and re-checks three pages, not the whole site. Every page's links are
/// checked again only when what links can point to changed: a file added
/// or removed that a link may land on, or a page's ids.
#[derive(Default)]
pub struct LiveIndex {
    index: Option<LinkIndex>,
    /// `base_url` and `base_path` the index was made for.
    base: (String, String),
    /// Output path → the file as last indexed. Holding the bytes keeps their
    /// allocation alive, so an unchanged pointer means unchanged bytes.
    seen: std::collections::BTreeMap<String, OutputFile>,
    /// Output path → its broken links and anchors (pages with none are absent).
    findings: rustc_hash::FxHashMap<String, Vec<index::Finding>>,
}

impl LiveIndex {
    /// Bring the index up to date with `output` and return its broken
    /// internal links, as [`internal_errors`](super::internal_errors) would.
    pub fn check(&mut self, site: &Site, output: &OutputTree) -> Vec<Error> {
        use rayon::prelude::*;
        let base = (site.config.base_url.clone(), site.config.base_path.clone());
        let fresh = self.index.is_none() || self.base != base;
        if fresh {
            self.index = Some(LinkIndex::new(&base.0, &base.1));
            self.seen.clear();
            self.findings.clear();
            self.base = base;
        }
        let Some(index) = self.index.as_mut() else {
            unreachable!("set just above");
        };
        // The output and the files as last indexed are both sorted by path:
        // one pass over the two, side by side, finds what is new, changed
        // and gone, without hashing 20k paths.
        let mut changed: Vec<(&OutputPath, &OutputFile)> = Vec::new();
        let mut gone: Vec<String> = Vec::new();
        let mut seen = self.seen.iter().peekable();
        for (path, file) in &output.files {
            let mut old = None;
            while let Some((p, f)) = seen.peek() {
                match p.as_str().cmp(path.as_str()) {
                    std::cmp::Ordering::Less => gone.push((*p).clone()),
                    std::cmp::Ordering::Equal => old = Some(*f),
                    std::cmp::Ordering::Greater => break,
                }
                seen.next();
                if old.is_some() {
                    break;
                }
            }
            if !old.is_some_and(|old| same_file(old, file)) {
                changed.push((path, file));
            }
        }
        gone.extend(seen.map(|(p, _)| p.clone()));
        // Does any link need checking again, not only those of changed pages?
        // Only if a file some link may land on came or went (a search
        // chunk file does, after most edits), or a page's ids changed.
        let mut came_or_went: Vec<String> = Vec::new();
        for path in gone {
            index.remove(&path);
            self.seen.remove(&path);
            self.findings.remove(&path);
            came_or_went.push(path);
        }
        came_or_went.extend(
            changed
                .iter()
                .filter(|(path, _)| !self.seen.contains_key(path.as_str()))
                .map(|(path, _)| path.to_string()),
        );
        // A new index checks every page at once (in parallel).
        let mut targets_changed =
            fresh || index.may_land_on(came_or_went.iter().map(String::as_str));
        let scanned: Vec<Option<html::Scanned>> = changed
            .par_iter()
            .map(|(path, file)| html_text(path, file).map(html::scan))
            .collect();
        for ((path, file), scan) in changed.iter().zip(scanned) {
            let old_ids = index.ids_of(path).cloned();
            index.remove(path);
            match scan {
                Some(s) => index.add_scanned(path, s),
                None => index.add_file(path),
            }
            targets_changed |= index.ids_of(path) != old_ids.as_ref();
            self.seen.insert(path.to_string(), (*file).clone());
        }
        if targets_changed {
            self.findings = index
                .findings()
                .into_iter()
                .map(|(path, list)| (path.to_string(), list))
                .collect();
        } else {
            for (path, _) in &changed {
                let found = index.findings_of(path);
                if found.is_empty() {
                    self.findings.remove(path.as_str());
                } else {
                    self.findings.insert(path.to_string(), found);
                }
            }
        }
        let findings = self
            .findings
            .iter()
            .flat_map(|(path, list)| list.iter().map(move |f| (path.as_str(), f)));
        as_errors(index.locate(site, findings))
    }
}

/// Do two versions of an output file hold the same bytes, without reading them?
fn same_file(old: &OutputFile, new: &OutputFile) -> bool {
    match (old, new) {
        (OutputFile::Bytes(a), OutputFile::Bytes(b)) => {
            a.as_ptr() == b.as_ptr() && a.len() == b.len()
        }
        (OutputFile::Static(a), OutputFile::Static(b)) => {
            a.as_ptr() == b.as_ptr() && a.len() == b.len()
        }
        // A copied file's bytes are not part of the index (only its path is).
        (OutputFile::Copy(_), OutputFile::Copy(_)) => true,
        _ => false,
    }
}
