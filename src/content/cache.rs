//! What the dev server keeps of `content/` between rebuilds: each file's
//! parse, reused while the file is unchanged, and the [`Tree`] of files,
//! brought up to date from the watcher's paths. A rebuild after an edit
//! then reads, parses and even looks at only the files the watcher named,
//! and updates only their entries.
//! Without the watcher's word (the first build, a missed event) every file
//! is walked and its size and modification time compared.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::tree::{Tree, Walked};
use super::{Inventory, Loaded, CONTENT_DIR};

/// Size and modification time of a file when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    /// The stamp of the file at `path` now.
    pub fn of(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }

    /// Was the file last modified long enough ago that a later change must
    /// show in its stamp? Modification times are coarse (a few milliseconds),
    /// so two saves of the same length close together can share one; like
    /// git's "racily clean" entries, recently modified files are always re-read.
    pub fn settled(&self) -> bool {
        self.modified
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(2))
    }
}

/// Parsed files and the tree of `content/`, kept between loads.
#[derive(Debug, Default)]
pub struct FileCache {
    parsed: HashMap<String, (Stamp, Loaded)>,
    /// `None` until a full walk, and after a change it could not follow.
    tree: Option<Tree>,
    /// Files the watcher named since the last load.
    dirty: HashSet<String>,
    /// Since the last load, a file or folder came or went (or a folder was
    /// walked again): the set of files may differ from the last load's.
    reshaped: bool,
    /// The parses are a Zola site's (unknown page keys are warnings).
    zola_site: bool,
}

/// Whether a load can reuse the cached parse of a file.
pub enum Reusable<'a> {
    Yes(&'a Loaded),
    /// Read it again; its stamp now, if it could be taken.
    No(Option<Stamp>),
}

impl FileCache {
    /// Every cached parse (a patched rebuild reports from them what a full
    /// one reports from its inventory).
    pub fn entries(&self) -> impl Iterator<Item = &Loaded> {
        self.parsed.values().map(|(_, loaded)| loaded)
    }

    /// An empty cache: the first load walks everything.
    pub fn new() -> FileCache {
        FileCache::default()
    }

    /// Take the watcher's word for what changed: `paths` relative to the
    /// site root. Paths outside `content/` are ignored here. A change the
    /// tree cannot follow makes the next load walk everything.
    pub fn note_changes<'a>(&mut self, root: &Path, paths: impl IntoIterator<Item = &'a Path>) {
        let content = root.join(CONTENT_DIR);
        for path in paths {
            let Ok(rel) = path.strip_prefix(CONTENT_DIR) else {
                continue;
            };
            let Some(tree) = self.tree.as_mut() else {
                return;
            };
            let followed = rel.to_str().is_some_and(|rel| {
                let rel = crate::layout::with_slashes(rel);
                let before = tree.kind_of(&rel);
                let followed = tree.update(root, &content, &rel, &mut self.dirty);
                // Only a file that was there and still is keeps the shape.
                let after = tree.kind_of(&rel);
                if before != after || before == Some(true) {
                    self.reshaped = true;
                }
                followed
            });
            if !followed {
                self.forget_tree();
            }
        }
    }

    /// Make the next load walk everything and compare every file's stamp
    /// (events may have been missed).
    pub fn forget_tree(&mut self) {
        self.tree = None;
        self.dirty.clear();
        self.reshaped = true;
    }

    /// The tree the next load lists files from, if it is still trusted.
    pub(super) fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref()
    }

    /// Keep the tree a full walk found.
    pub(super) fn keep_tree(&mut self, walked: &Walked) {
        self.tree = Tree::from_walk(walked);
        self.dirty.clear();
        self.reshaped = true;
    }

    /// The files named since the last load, with where they are, when the
    /// next load can be limited to them: the tree is trusted, no file or
    /// folder came or went, and each of them was parsed as a page last time.
    pub(super) fn edited_pages(
        &self,
        zola_site: bool,
    ) -> Option<Vec<(String, std::path::PathBuf)>> {
        let tree = self.tree.as_ref()?;
        if self.reshaped || zola_site != self.zola_site {
            return None;
        }
        let mut edited = Vec::with_capacity(self.dirty.len());
        for rel in &self.dirty {
            let abs = tree.file(rel)?;
            if !matches!(self.parsed.get(rel), Some((_, Loaded::Page(_)))) {
                return None;
            }
            edited.push((rel.clone(), abs.to_path_buf()));
        }
        edited.sort();
        Some(edited)
    }

    /// Files are now read as a Zola site's (or not): parses made the other
    /// way are dropped, since a page key that is a warning on one is an
    /// error on the other.
    pub(super) fn read_as(&mut self, zola_site: bool) {
        if zola_site != self.zola_site {
            self.parsed.clear();
            self.zola_site = zola_site;
        }
    }

    /// After a load of only the edited files: they are parsed again.
    pub(super) fn edits_loaded(&mut self) {
        self.dirty.clear();
    }

    /// Can the parse of `rel` (at `abs`) be reused? When the load lists
    /// files from the kept tree, a file the watcher did not name is taken
    /// as unchanged without a look; otherwise its stamp must match.
    pub(super) fn reusable(&self, rel: &str, abs: &Path, from_tree: bool) -> Reusable<'_> {
        let cached = self.parsed.get(rel);
        // A comparison with its rows in a CSV file depends on a second file
        // the stamp does not cover: always read again (there are few).
        if let Some((_, Loaded::Comparison(_, c))) = cached {
            if c.rows_file().is_some() {
                return Reusable::No(Stamp::of(abs));
            }
        }
        if let Some((_, loaded)) = cached {
            if from_tree && !self.dirty.contains(rel) {
                return Reusable::Yes(loaded);
            }
        }
        let now = Stamp::of(abs);
        match (now, cached) {
            (Some(now), Some((then, loaded))) if now == *then && now.settled() => {
                Reusable::Yes(loaded)
            }
            _ => Reusable::No(now),
        }
    }

    /// Forget the parse of `rel` (it no longer loads).
    pub(super) fn remove(&mut self, rel: &str) {
        self.parsed.remove(rel);
    }

    /// After a load that found `inv`: drop parses of files that are gone.
    pub(super) fn loaded(&mut self, inv: &Inventory) {
        self.dirty.clear();
        self.reshaped = false;
        let live = inv.pages.len() + inv.sections.len() + inv.comparisons.len() + inv.assets.len();
        if self.parsed.len() <= live {
            return;
        }
        let keep: HashSet<&str> = inv
            .pages
            .iter()
            .map(|p| p.file.rel.as_str())
            .chain(inv.sections.iter().map(|s| s.file.rel.as_str()))
            .chain(inv.comparisons.iter().map(|(rel, _)| rel.as_str()))
            .chain(inv.assets.iter().map(|a| a.rel.as_str()))
            .collect();
        let gone: Vec<String> = self
            .parsed
            .keys()
            .filter(|rel| !keep.contains(rel.as_str()))
            .cloned()
            .collect();
        for rel in gone {
            if let Some(entry) = self.parsed.remove(&rel) {
                crate::reclaim::later(entry);
            }
        }
    }

    /// Remember what reading `rel` gave.
    pub(super) fn insert(&mut self, rel: String, stamp: Stamp, loaded: Loaded) {
        self.parsed.insert(rel, (stamp, loaded));
    }
}
