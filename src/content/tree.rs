//! The files and folders under `content/`, in walk order. A one-off build
//! walks once; the dev server keeps the [`Tree`] and brings it up to date
//! from the paths the file watcher reports, so an edit does not cost a walk
//! of the whole site. Anything it cannot account for (a symbolic link, an
//! unreadable entry, a file whose folder it does not know) is refused, and
//! the caller walks everything again.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::display_path;
use crate::error::Error;
use crate::layout::is_ignored_name;

/// What a walk found: files as (`content/`-relative path, absolute path)
/// and folders, both in walk order.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<(String, PathBuf)>,
    pub dirs: Vec<String>,
    pub errors: Vec<Error>,
    /// Links that lead outside the site, left out.
    pub warnings: Vec<Error>,
    /// A symbolic link was followed: the watcher may not see changes behind it.
    pub followed_links: bool,
}

/// Walk `dir` (under `content`, which is under `root`), skipping temporary
/// and hidden names, each folder's entries sorted by name.
pub fn walk(root: &Path, content: &Path, dir: &Path) -> Walked {
    let mut walked = Walked::default();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_path(root, p));
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it"
                        .to_string()
                } else {
                    format!("cannot read: {e}")
                };
                let mut err = Error::new(msg);
                if let Some(p) = path {
                    err = err.in_file(p);
                }
                walked.errors.push(err);
                continue;
            }
        };
        if entry.path_is_symlink() {
            walked.followed_links = true;
            let outside = match entry.depth() {
                // `content/` itself may live anywhere.
                0 => None,
                _ => crate::confine::escapes(root, entry.path()),
            };
            if let Some(warning) = outside {
                walked.warnings.push(warning);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        let Ok(rel) = entry.path().strip_prefix(content) else {
            continue;
        };
        let Some(rel) = rel.to_str() else {
            walked.errors.push(
                Error::new("file name is not valid UTF-8")
                    .in_file(display_path(root, entry.path())),
            );
            continue;
        };
        let rel = crate::layout::with_slashes(rel).into_owned();
        if entry.file_type().is_dir() {
            walked.dirs.push(rel);
        } else {
            walked.files.push((rel, entry.into_path()));
        }
    }
    walked
}

/// Sorts like the walk: by name within a folder, a folder before its
/// contents (`/` becomes a byte below any in a file name).
fn walk_key(rel: &str) -> String {
    rel.replace('/', "\0")
}

/// The files and folders of `content/`, kept between rebuilds.
#[derive(Debug)]
pub struct Tree {
    files: BTreeMap<String, (String, PathBuf)>,
    dirs: BTreeMap<String, String>,
}

impl Tree {
    /// Keep what a full walk of `content/` found, unless the watcher could
    /// miss changes in it (links followed) or the walk failed.
    pub fn from_walk(walked: &Walked) -> Option<Tree> {
        if walked.followed_links || !walked.errors.is_empty() {
            return None;
        }
        let mut tree = Tree {
            files: BTreeMap::new(),
            dirs: BTreeMap::new(),
        };
        tree.add(walked);
        Some(tree)
    }

    fn add(&mut self, walked: &Walked) {
        for (rel, abs) in &walked.files {
            self.files.insert(walk_key(rel), (rel.clone(), abs.clone()));
        }
        for rel in &walked.dirs {
            self.dirs.insert(walk_key(rel), rel.clone());
        }
    }

    /// Files in walk order.
    pub fn files(&self) -> Vec<(String, PathBuf)> {
        self.files.values().cloned().collect()
    }

    /// Folders in walk order.
    pub fn dirs(&self) -> Vec<String> {
        self.dirs.values().cloned().collect()
    }

    /// Bring the tree up to date with `rel` (a `content/`-relative path the
    /// watcher reported: created, changed, removed, or either end of a
    /// rename). Files found are added to `dirty`. False when the change
    /// cannot be followed this way and everything must be walked again.
    pub fn update(
        &mut self,
        root: &Path,
        content: &Path,
        rel: &str,
        dirty: &mut HashSet<String>,
    ) -> bool {
        if rel.is_empty() {
            return false;
        }
        if rel.split('/').any(is_ignored_name) {
            return true;
        }
        self.remove(rel);
        let abs = content.join(rel);
        let meta = match std::fs::symlink_metadata(&abs) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return true,
            Err(_) => return false,
        };
        let parent = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        if !self.dirs.contains_key(&walk_key(parent)) {
            return false;
        }
        if meta.is_dir() {
            let walked = walk(root, content, &abs);
            if walked.followed_links || !walked.errors.is_empty() {
                return false;
            }
            dirty.extend(walked.files.iter().map(|(rel, _)| rel.clone()));
            self.add(&walked);
            true
        } else if meta.is_file() {
            self.files.insert(walk_key(rel), (rel.to_string(), abs));
            dirty.insert(rel.to_string());
            true
        } else {
            false
        }
    }

    /// Is `rel` a folder (`Some(true)`), a file (`Some(false)`), or neither?
    pub fn kind_of(&self, rel: &str) -> Option<bool> {
        let key = walk_key(rel);
        if self.dirs.contains_key(&key) {
            Some(true)
        } else if self.files.contains_key(&key) {
            Some(false)
        } else {
            None
        }
    }

    /// Where the file `rel` is, if the tree has it.
    pub fn file(&self, rel: &str) -> Option<&Path> {
        self.files.get(&walk_key(rel)).map(|(_, abs)| abs.as_path())
    }

    /// Forget `rel` and, if it was a folder, everything in it.
    fn remove(&mut self, rel: &str) {
        let key = walk_key(rel);
        self.files.remove(&key);
        self.dirs.remove(&key);
        let inside = format!("{key}\0");
        prune(&mut self.dirs, &inside);
        prune(&mut self.files, &inside);
    }
}

/// Drop every key that starts with `prefix`.
fn prune<V>(map: &mut BTreeMap<String, V>, prefix: &str) {
    let doomed: Vec<String> = map
        .range(prefix.to_string()..)
        .take_while(|(k, _)| k.starts_with(prefix))
        .map(|(k, _)| k.clone())
        .collect();
    for k in doomed {
        map.remove(&k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in [
            ("content/_index.md", "+++\n+++\n"),
            ("content/a-b.md", "a"),
            ("content/a/x.md", "x"),
            ("content/a/y/z.md", "z"),
            ("content/b.md", "b"),
        ] {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn rels(tree: &Tree) -> (Vec<String>, Vec<String>) {
        let files = tree.files().into_iter().map(|(rel, _)| rel).collect();
        (files, tree.dirs())
    }

    fn walked_rels(root: &Path) -> (Vec<String>, Vec<String>) {
        let content = root.join("content");
        let walked = walk(root, &content, &content);
        (
            walked.files.into_iter().map(|(rel, _)| rel).collect(),
            walked.dirs,
        )
    }

    /// The content folder of the site at `root`, and the tree a walk of it keeps.
    fn kept(root: &Path) -> (PathBuf, Tree) {
        let content = root.join("content");
        let tree = Tree::from_walk(&walk(root, &content, &content)).unwrap();
        (content, tree)
    }

    #[test]
    fn kept_tree_follows_changes_in_walk_order() {
        let dir = site();
        let root = dir.path();
        let (content, mut tree) = kept(root);
        assert_eq!(rels(&tree), walked_rels(root));
        // `a-b.md` sorts after the folder `a` and everything in it, like the walk.
        assert_eq!(
            rels(&tree).0,
            ["_index.md", "a/x.md", "a/y/z.md", "a-b.md", "b.md"]
        );

        let mut dirty = HashSet::new();
        std::fs::rename(content.join("a"), content.join("c")).unwrap();
        std::fs::write(content.join("a.md"), "new").unwrap();
        std::fs::write(content.join(".a.md.swp"), "temp").unwrap();
        for rel in ["a", "a.md", "c", ".a.md.swp"] {
            assert!(tree.update(root, &content, rel, &mut dirty), "{rel}");
        }
        assert_eq!(rels(&tree), walked_rels(root));
        let mut dirty: Vec<_> = dirty.into_iter().collect();
        dirty.sort();
        assert_eq!(dirty, ["a.md", "c/x.md", "c/y/z.md"]);

        std::fs::remove_file(content.join("b.md")).unwrap();
        assert!(tree.update(root, &content, "b.md", &mut HashSet::new()));
        assert_eq!(rels(&tree), walked_rels(root));
    }

    #[test]
    fn what_cannot_be_followed_is_refused() {
        let dir = site();
        let root = dir.path();
        let (content, mut tree) = kept(root);
        let mut dirty = HashSet::new();
        // The content folder itself, and a file in a folder the tree never saw.
        assert!(!tree.update(root, &content, "", &mut dirty));
        std::fs::create_dir_all(content.join("new")).unwrap();
        std::fs::write(content.join("new/p.md"), "p").unwrap();
        assert!(!tree.update(root, &content, "new/p.md", &mut dirty));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(content.join("a"), content.join("link")).unwrap();
            assert!(!tree.update(root, &content, "link", &mut dirty));
            let walked = walk(root, &content, &content);
            assert!(walked.followed_links);
            assert!(Tree::from_walk(&walked).is_none());
        }
    }
}
