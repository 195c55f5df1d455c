//! Where rendered files go: an [`OutputTree`] in memory (path → content), and
//! writing it to disk atomically — into a staging folder beside the output,
//! swapped in only when every file is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;

/// The content of one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// Bytes built into the binary (the default theme's static files).
    Static(&'static [u8]),
    /// A file to copy as is (static files, page assets).
    Copy(PathBuf),
}

impl OutputFile {
    /// The bytes of this file (reads copies from disk).
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            OutputFile::Bytes(b) => b.as_slice().into(),
            OutputFile::Static(b) => (*b).into(),
            OutputFile::Copy(p) => std::fs::read(p)?.into(),
        })
    }
}

/// A whole built site: output path (`guides/a/index.html`) → content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputTree {
    pub files: BTreeMap<String, OutputFile>,
}

impl OutputTree {
    /// Add or replace a file.
    pub fn insert(&mut self, path: impl Into<String>, file: OutputFile) {
        self.files.insert(path.into(), file);
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Write every file under `out` atomically: build a sibling staging
    /// folder, then swap it with `out`. On any error `out` is left as it was.
    pub fn write_atomically(&self, out: &Path) -> Result<(), Error> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.staging-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        let _ = std::fs::remove_dir_all(&staging);
        let result = self
            .write_into(&staging)
            .and_then(|()| swap(&staging, out, &old));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    /// Write every file under `dir` (which should not exist yet).
    fn write_into(&self, dir: &Path) -> Result<(), Error> {
        let mut dirs: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|p| Path::new(p).parent().map(|d| dir.join(d)))
            .collect();
        dirs.push(dir.to_path_buf());
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, &e))?;
        }
        self.files.par_iter().try_for_each(|(rel, file)| {
            let dest = dir.join(rel);
            match file {
                OutputFile::Bytes(b) => std::fs::write(&dest, b),
                OutputFile::Static(b) => std::fs::write(&dest, b),
                OutputFile::Copy(src) => std::fs::copy(src, &dest).map(|_| ()),
            }
            .map_err(|e| Error::io(&dest, &e))
        })
    }
}

fn swap(staging: &Path, out: &Path, old: &Path) -> Result<(), Error> {
    if out.exists() {
        std::fs::rename(out, old).map_err(|e| Error::io(out, &e))?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(old, out);
            return Err(Error::io(out, &e));
        }
        std::fs::remove_dir_all(old).map_err(|e| Error::io(old, &e))?;
    } else {
        std::fs::rename(staging, out).map_err(|e| Error::io(out, &e))?;
    }
    Ok(())
}

/// Check that `out` is a safe place to replace wholesale: never the site
/// root, an ancestor of it, or a folder holding the content; outside the
/// site root only when the user named it explicitly.
pub fn check_output_dir(root: &Path, out: &Path, explicit: bool) -> Result<(), Error> {
    let root = normalize(root);
    let out_n = normalize(out);
    let refuse = |why: &str| {
        Err(Error::new(format!(
            "refusing to use {} as the output folder: {why}",
            out.display()
        ))
        .with_hint("pick an empty folder or a new one, e.g. --output public"))
    };
    if out_n == root || root.starts_with(&out_n) {
        return refuse("it holds the site itself, and building replaces the output folder");
    }
    for source in ["content", "templates", "static", "themes"] {
        let dir = root.join(source);
        if out_n.starts_with(&dir) || dir.starts_with(&out_n) {
            return refuse(&format!("it overlaps the site's `{source}/` folder"));
        }
    }
    if out_n.join("content").is_dir()
        || out_n.join(crate::config::CONFIG_FILE).exists()
        || out_n.join(".git").exists()
    {
        return refuse("it looks like a site or a repository, not build output");
    }
    if !out_n.starts_with(&root) && !explicit {
        return refuse("it is outside the site folder (name it with --output to allow that)");
    }
    Ok(())
}

/// Absolute, `..`-free form of a path: lexically cleaned, then the longest
/// existing prefix canonicalized (so symlinks to the site are seen through).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut result = std::fs::canonicalize(&existing).unwrap_or(existing);
    result.extend(rest.into_iter().rev());
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut tree = OutputTree::default();
        tree.insert("a/index.html", OutputFile::Bytes(b"one".to_vec()));
        tree.write_atomically(&out).unwrap();
        std::fs::write(out.join("stale.txt"), "x").unwrap();
        let mut tree = OutputTree::default();
        tree.insert("b/index.html", OutputFile::Bytes(b"two".to_vec()));
        tree.write_atomically(&out).unwrap();
        assert!(!out.join("stale.txt").exists());
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
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
    }
}
