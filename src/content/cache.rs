//! What the dev server keeps of `content/` between rebuilds: each file's
//! parse, reused while the file is unchanged, and the [`Tree`] of files,
//! brought up to date from the watcher's paths. A rebuild after an edit
//! then reads, parses and even looks at only the files the watcher named.
//! Without the watcher's word (the first build, a missed event) every file
//! is walked and its size and modification time compared.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::tree::{Tree, Walked};
use super::{Loaded, CONTENT_DIR};

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
}

/// The parses of the last load, as the next load sees them.
pub struct Previous {
    parsed: HashMap<String, (Stamp, Loaded)>,
    /// Every file not named here is unchanged; `None`: any file may have changed.
    dirty: Option<HashSet<String>>,
}

impl Previous {
    /// The last parse of `rel`, when the watcher says the file is unchanged.
    pub fn unchanged(&self, rel: &str) -> Option<(Stamp, &Loaded)> {
        let dirty = self.dirty.as_ref()?;
        if dirty.contains(rel) {
            return None;
        }
        self.parsed(rel)
    }

    /// The last parse of `rel` and the file's stamp when it was read.
    pub fn parsed(&self, rel: &str) -> Option<(Stamp, &Loaded)> {
        self.parsed.get(rel).map(|(stamp, loaded)| (*stamp, loaded))
    }
}

impl FileCache {
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
                let rel = rel.replace('\\', "/");
                tree.update(root, &content, &rel, &mut self.dirty)
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
    }

    /// The tree the next load lists files from, if it is still trusted.
    pub(super) fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref()
    }

    /// Keep the tree a full walk found.
    pub(super) fn keep_tree(&mut self, walked: &Walked) {
        self.tree = Tree::from_walk(walked);
        self.dirty.clear();
    }

    /// Hand the parses to a load, which puts back what it reads.
    pub(super) fn take(&mut self, from_tree: bool) -> Previous {
        let dirty = std::mem::take(&mut self.dirty);
        Previous {
            parsed: std::mem::take(&mut self.parsed),
            dirty: from_tree.then_some(dirty),
        }
    }

    /// Remember what reading `rel` gave.
    pub(super) fn insert(&mut self, rel: String, stamp: Stamp, loaded: Loaded) {
        self.parsed.insert(rel, (stamp, loaded));
    }
}
