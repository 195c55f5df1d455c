//! Where rendered files go: an [`OutputTree`] in memory (path → content),
//! or a [`StagingDir`] on disk that is swapped in with one rename when the
//! build succeeded. Every path on the way is an [`OutputPath`], checked once
//! when it is made; on disk every write stays inside the staging folder and
//! never follows a link ([`jail`]).

mod guard;
mod jail;
mod listing;
mod lock;
pub mod path;
mod staging;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use crate::error::Error;

pub use guard::check_output_dir;
pub use lock::BuildLock;
pub use path::OutputPath;
pub use staging::StagingDir;

/// The content of one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// Rendered bytes (cheap to clone: kept between dev-server rebuilds).
    Bytes(bytes::Bytes),
    /// Bytes built into the binary (the default theme's static files).
    Static(&'static [u8]),
    /// A file to copy as is (static files, page assets).
    Copy(PathBuf),
}

impl OutputFile {
    /// The bytes of this file (reads copies from disk).
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            OutputFile::Bytes(b) => b.as_ref().into(),
            OutputFile::Static(b) => (*b).into(),
            OutputFile::Copy(p) => std::fs::read(p)?.into(),
        })
    }
}

/// Where rendered files go as they are produced: an in-memory tree, or a
/// staging folder on disk ([`StagingDir`]). Called from many threads.
/// Paths arrive checked ([`OutputPath`]).
pub trait Sink: Sync {
    /// Store one output file.
    fn put(&self, path: OutputPath, file: OutputFile) -> Result<(), Error>;
}

impl Sink for Mutex<OutputTree> {
    fn put(&self, path: OutputPath, file: OutputFile) -> Result<(), Error> {
        lock(self).insert(path, file);
        Ok(())
    }
}

/// `mutex` locked, whether or not a thread panicked while holding it (what
/// it guards stays usable: a failed build reports, it does not go on).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A whole built site: output path (`guides/a/index.html`) → content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputTree {
    pub files: BTreeMap<OutputPath, OutputFile>,
}

impl OutputTree {
    /// Add or replace a file.
    pub fn insert(&mut self, path: OutputPath, file: OutputFile) {
        self.files.insert(path, file);
    }
}

#[cfg(test)]
mod tests {
    use super::listing::Listing;
    use super::*;
    use std::path::Path;

    fn path(rel: &str) -> OutputPath {
        OutputPath::new(rel).unwrap()
    }

    /// Write a whole tree through a staging folder, as `build` does.
    fn write(tree: &OutputTree, out: &Path) {
        let staging = StagingDir::open(out).unwrap();
        for (rel, file) in &tree.files {
            staging.put(rel.clone(), file).unwrap();
        }
        staging.publish().unwrap();
    }

    #[test]
    fn writes_and_replaces() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut tree = OutputTree::default();
        tree.insert(
            path("a/index.html"),
            OutputFile::Bytes(b"one".to_vec().into()),
        );
        write(&tree, &out);
        std::fs::write(out.join("stale.txt"), "x").unwrap();
        for round in 0..3 {
            let mut tree = OutputTree::default();
            tree.insert(
                path("b/index.html"),
                OutputFile::Bytes(format!("two {round}").into_bytes().into()),
            );
            tree.insert(path("b/c/d.txt"), OutputFile::Static(b"deep"));
            write(&tree, &out);
            assert!(!out.join("stale.txt").exists());
            assert!(!out.join("a").exists());
            assert_eq!(
                std::fs::read(out.join("b/index.html")).unwrap(),
                format!("two {round}").as_bytes()
            );
            assert_eq!(std::fs::read(out.join("b/c/d.txt")).unwrap(), b"deep");
            let mut names: Vec<String> = std::fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            assert_eq!(names, vec![".public.previous", "public"]);
        }
        // The staging folder holds the previous build and is brought up to date.
        let mut tree = OutputTree::default();
        tree.insert(path("x.txt"), OutputFile::Bytes(b"x".to_vec().into()));
        write(&tree, &out);
        let files: Vec<_> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn listing_names_every_file_and_folders_deepest_first() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for rel in [
            "top.txt",
            "a/one.html",
            "a/b/two.html",
            "a/b/c/three.css",
            "d/four",
        ] {
            std::fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
            std::fs::write(dir.join(rel), rel).unwrap();
        }
        std::fs::create_dir_all(dir.join("empty")).unwrap();
        let listing = Listing::of(dir).unwrap();
        let mut files = listing.files.clone();
        files.sort();
        assert_eq!(
            files,
            [
                "a/b/c/three.css",
                "a/b/two.html",
                "a/one.html",
                "d/four",
                "top.txt"
            ]
        );
        let at = |rel: &str| listing.dirs.iter().position(|d| d == rel).unwrap();
        assert_eq!(listing.dirs.len(), 5);
        assert!(at("a/b/c") < at("a/b") && at("a/b") < at("a"));
        let _ = (at("d"), at("empty"));
    }

    #[test]
    fn old_files_give_way_whatever_their_shape() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let tree = |files: &[(&str, &str)]| OutputTree {
            files: files
                .iter()
                .map(|(rel, text)| (path(rel), OutputFile::Bytes(text.to_string().into())))
                .collect(),
        };
        let before = tree(&[
            ("a/x.txt", "in a folder"),
            ("b.txt", "a longer text"),
            ("c", "a file"),
            ("d.txt", "short"),
        ]);
        let after = tree(&[
            ("a", "now a file"),
            ("b.txt", "a longer"),
            ("c/d.txt", "now a folder"),
            ("d.txt", "short, then longer"),
        ]);
        // Twice each, so both sides of the swap held the old shapes.
        for site in [&before, &before, &after, &after] {
            write(site, &out);
            for (rel, file) in &site.files {
                assert_eq!(
                    std::fs::read(out.join(rel.as_str())).unwrap(),
                    file.read().unwrap().as_ref(),
                    "{rel}"
                );
            }
        }
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root, true).is_err());
        assert!(check_output_dir(&root, tmp.path(), true).is_err());
        assert!(check_output_dir(&root, &root.join("public"), false).is_ok());
        assert!(check_output_dir(&root, &tmp.path().join("elsewhere"), false).is_err());
        assert!(check_output_dir(&root, &tmp.path().join("elsewhere"), true).is_ok());
        assert!(check_output_dir(&root, &root.join("public/.."), true).is_err());
        assert!(check_output_dir(&root, &root.join("content"), true).is_err());
        assert!(check_output_dir(&root, &root.join("static/out"), true).is_err());
        // An existing folder with someone else's files is never replaced ...
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir_all(&theirs).unwrap();
        std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
        assert!(check_output_dir(&root, &theirs, true).is_err());
        // ... an empty one, or one an earlier build made, is.
        assert!(check_output_dir(&root, &tmp.path().join("elsewhere"), true).is_ok());
        std::fs::create_dir_all(tmp.path().join(".theirs.previous")).unwrap();
        assert!(check_output_dir(&root, &theirs, true).is_ok());
        // A file is never an output folder.
        assert!(check_output_dir(&root, &theirs.join("notes.txt"), true).is_err());
    }
}
