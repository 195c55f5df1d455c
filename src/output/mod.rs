//! Where rendered files go: an [`OutputTree`] in memory (path → content), and
//! writing it to disk atomically — into a staging folder beside the output,
//! swapped in only when every file is written.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::error::Error;

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
}

/// A staging folder beside the output (`.<name>.previous`), filled while the
/// site renders and swapped with the output in one step when the build has
/// succeeded; until then the output is untouched.
///
/// After the swap the staging folder holds the previous build, and the next
/// build starts from it: files whose bytes did not change are not written
/// again, stale ones are removed. Creating and deleting every file and folder
/// on each build costs more than rendering (ext4 inode churn dominated a
/// 10,000-page build), so rebuilds stay proportional to what changed.
#[derive(Debug)]
pub struct StagingDir {
    dir: PathBuf,
    out: PathBuf,
    written: Mutex<HashSet<String>>,
    made_dirs: Mutex<HashSet<PathBuf>>,
    /// What the folder held before this build: listed on a thread of its
    /// own while the site renders, so publishing does not wait for a walk.
    previous: std::thread::JoinHandle<Result<Listing, Error>>,
}

/// The files and folders under a staging folder.
#[derive(Debug, Default)]
struct Listing {
    /// Files (and symlinks), relative, `/`-separated.
    files: Vec<String>,
    /// Folders, deepest first.
    dirs: Vec<PathBuf>,
}

#[cfg(target_os = "linux")]
fn read_error(dir: &Path, rel: &str, e: rustix::io::Errno) -> Error {
    let e = std::io::Error::from(e);
    Error::new(format!("cannot read {}: {e}", dir.join(rel).display()))
}

/// Removed by the render while the listing ran (a file replaced by a folder
/// or the other way round): nothing left to clean up there.
fn gone(kind: std::io::ErrorKind) -> bool {
    matches!(
        kind,
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
    )
}

impl Listing {
    /// List `dir` with raw `getdents` through folder handles: one `openat`
    /// by name from the parent's handle per folder, no stat (walkdir through
    /// `readdir(3)` took about a third longer on a 10,000-folder output).
    #[cfg(target_os = "linux")]
    fn of(dir: &Path) -> Result<Listing, Error> {
        use rustix::fs::{openat, Mode, OFlags, CWD};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let root = openat(CWD, dir, flags, Mode::empty()).map_err(|e| read_error(dir, "", e))?;
        let mut listing = Listing::default();
        let mut buf = vec![std::mem::MaybeUninit::uninit(); 32 * 1024];
        listing.read_folder(&root, &mut String::new(), &mut buf, dir)?;
        Ok(listing)
    }

    /// Add the files under the open folder `fd` (at `rel` under `dir`), then
    /// the folder itself after its subfolders.
    #[cfg(target_os = "linux")]
    fn read_folder(
        &mut self,
        fd: &rustix::fd::OwnedFd,
        rel: &mut String,
        buf: &mut [std::mem::MaybeUninit<u8>],
        dir: &Path,
    ) -> Result<(), Error> {
        use rustix::fs::{openat, statat, AtFlags, FileType, Mode, OFlags, RawDir};
        let mut subfolders = Vec::new();
        let mut entries = RawDir::new(fd, buf);
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) if gone(std::io::Error::from(e).kind()) => break,
                Err(e) => return Err(read_error(dir, rel, e)),
            };
            let name = entry.file_name();
            if matches!(name.to_bytes(), b"." | b"..") {
                continue;
            }
            let is_dir = match entry.file_type() {
                FileType::Directory => true,
                // Some file systems leave the type out of the entry.
                FileType::Unknown => statat(fd, name, AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::Directory),
                _ => false,
            };
            let name = String::from_utf8_lossy(name.to_bytes()).into_owned();
            if is_dir {
                subfolders.push((name, entry.file_name().to_owned()));
            } else {
                self.files.push(format!("{rel}{name}"));
            }
        }
        for (name, raw) in subfolders {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let sub = match openat(fd, raw.as_c_str(), flags, Mode::empty()) {
                Ok(sub) => sub,
                Err(e) if gone(std::io::Error::from(e).kind()) => continue,
                Err(e) => return Err(read_error(dir, rel, e)),
            };
            let len = rel.len();
            rel.push_str(&name);
            rel.push('/');
            self.read_folder(&sub, rel, buf, dir)?;
            self.dirs.push(dir.join(&rel[..rel.len() - 1]));
            rel.truncate(len);
        }
        Ok(())
    }

    #[cfg(not(target_os = "linux"))]
    fn of(dir: &Path) -> Result<Listing, Error> {
        let mut listing = Listing::default();
        for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) if e.io_error().map(std::io::Error::kind).is_some_and(gone) => continue,
                Err(e) => return Err(Error::new(format!("cannot read {}: {e}", dir.display()))),
            };
            if entry.file_type().is_dir() {
                listing.dirs.push(entry.into_path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                listing.files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(listing)
    }
}

impl StagingDir {
    /// Prepare the staging folder for `out`.
    pub fn open(out: &Path) -> Result<StagingDir, Error> {
        let dir = staging_dir_of(out);
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        if dir.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        let previous = std::thread::spawn({
            let dir = dir.clone();
            move || Listing::of(&dir)
        });
        Ok(StagingDir {
            dir,
            out: out.to_path_buf(),
            written: Mutex::new(HashSet::new()),
            made_dirs: Mutex::new(HashSet::new()),
            previous,
        })
    }

    /// Write one file (unless it already holds these bytes).
    pub fn put(&self, rel: &str, file: &OutputFile) -> Result<(), Error> {
        let dest = self.dir.join(rel);
        let parent = dest.parent().unwrap_or(&self.dir);
        // The folder is there from the last build but for new pages: write
        // first, and make the folder only if that fails (one `mkdir` and
        // `stat` fewer per file).
        if write_if_changed(&dest, file).is_ok() {
            let mut made = lock(&self.made_dirs);
            if !made.contains(parent) {
                made.insert(parent.to_path_buf());
            }
        } else {
            self.make_dir(parent)?;
            write_if_changed(&dest, file).map_err(|e| Error::io(&dest, &e))?;
        }
        lock(&self.written).insert(rel.to_string());
        Ok(())
    }

    fn make_dir(&self, dir: &Path) -> Result<(), Error> {
        if let Err(e) = std::fs::create_dir_all(dir) {
            // A file from an older build may stand where a folder is needed now.
            let mut at = dir;
            while at != self.dir {
                if at.is_file() {
                    std::fs::remove_file(at).map_err(|e| Error::io(at, &e))?;
                    break;
                }
                at = at.parent().unwrap_or(&self.dir);
            }
            std::fs::create_dir_all(dir).map_err(|_| Error::io(dir, &e))?;
        }
        lock(&self.made_dirs).insert(dir.to_path_buf());
        Ok(())
    }

    /// Remove what this build did not write, then swap the staging folder
    /// with the output.
    pub fn publish(self) -> Result<(), Error> {
        let previous = self
            .previous
            .join()
            .unwrap_or_else(|_| Err(Error::new("listing the staging folder failed")))?;
        let written = self
            .written
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for rel in previous.files.iter().filter(|rel| !written.contains(*rel)) {
            let path = self.dir.join(rel);
            // The listing ran beside the render, which may have replaced
            // this file with a folder, or a folder above it with a file:
            // either way the stale file is gone already.
            match std::fs::remove_file(&path) {
                Err(e)
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) && !path.is_dir() =>
                {
                    return Err(Error::io(&path, &e));
                }
                _ => {}
            }
        }
        // Folders this build did not write into are stale; they come deepest
        // first, so a stale tree empties from the bottom up.
        let made = self
            .made_dirs
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for d in previous.dirs.iter().filter(|d| !made.contains(*d)) {
            let _ = std::fs::remove_dir(d);
        }
        swap(&self.dir, &self.out)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl crate::render::Sink for StagingDir {
    fn put(&self, path: String, file: OutputFile) -> Result<(), Error> {
        StagingDir::put(self, &path, &file)
    }
}

/// Write `file` to `dest` unless `dest` already holds the same bytes.
fn write_if_changed(dest: &Path, file: &OutputFile) -> std::io::Result<()> {
    let bytes = file.read()?;
    // No stat first: the read that compares also finds a length that
    // differs, and reading fails where a folder stands.
    if let Ok(mut old) = std::fs::File::open(dest) {
        match holds(&mut old, &bytes) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(_) if dest.is_dir() => {
                drop(old);
                std::fs::remove_dir_all(dest)?;
            }
            Err(e) => return Err(e),
        }
    }
    std::fs::write(dest, &bytes)
}

/// Does the rest of `file` hold exactly `expected`? Read in pieces the size
/// of most pages (one read, then the one that finds the end), stopping at
/// the first difference.
fn holds(file: &mut std::fs::File, expected: &[u8]) -> std::io::Result<bool> {
    thread_local! {
        /// Zeroed once per thread, not once per file.
        static BUF: std::cell::RefCell<Box<[u8]>> = std::cell::RefCell::new(vec![0; 64 * 1024].into());
    }
    BUF.with_borrow_mut(|buf| holds_with(file, expected, buf))
}

fn holds_with(file: &mut std::fs::File, expected: &[u8], buf: &mut [u8]) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut at = 0;
    loop {
        let n = match file.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(at == expected.len());
        }
        if expected.get(at..at + n) != Some(&buf[..n]) {
            return Ok(false);
        }
        at += n;
    }
}

/// Put `staging` in place of `out` in one step; afterwards `staging` holds
/// what `out` held (an empty folder if nothing).
fn swap(staging: &Path, out: &Path) -> Result<(), Error> {
    if !out.exists() {
        std::fs::rename(staging, out).map_err(|e| Error::io(out, &e))?;
        // The (empty) staging folder also marks `out` as ours to replace.
        return std::fs::create_dir_all(staging).map_err(|e| Error::io(staging, &e));
    }
    exchange(staging, out).map_err(|e| Error::io(out, &e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Without an atomic exchange, three renames: `out` is missing for an instant.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let tmp = a.with_extension("swap");
    std::fs::rename(b, &tmp)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&tmp, b);
        return Err(e);
    }
    std::fs::rename(&tmp, a)
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
    if out_n.exists() && !out_n.is_dir() {
        return refuse("it is a file, not a folder");
    }
    // Replacing a folder deletes what is in it: only ever replace one that
    // is empty or that an earlier build made (its staging folder is beside it).
    let has_files = std::fs::read_dir(&out_n).is_ok_and(|mut entries| entries.next().is_some());
    if has_files && !staging_dir_of(&out_n).is_dir() {
        return refuse(
            "it already holds files that versus did not write, and building would replace them              (if it is an old build output, delete it once)",
        );
    }
    Ok(())
}

/// The staging folder beside output `out`: `.<name>.previous`.
fn staging_dir_of(out: &Path) -> PathBuf {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.previous"))
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

    /// Write a whole tree through a staging folder, as `build` does.
    fn write(tree: &OutputTree, out: &Path) {
        let staging = StagingDir::open(out).unwrap();
        for (rel, file) in &tree.files {
            staging.put(rel, file).unwrap();
        }
        staging.publish().unwrap();
    }

    #[test]
    fn writes_and_replaces() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut tree = OutputTree::default();
        tree.insert("a/index.html", OutputFile::Bytes(b"one".to_vec().into()));
        write(&tree, &out);
        std::fs::write(out.join("stale.txt"), "x").unwrap();
        for round in 0..3 {
            let mut tree = OutputTree::default();
            tree.insert(
                "b/index.html",
                OutputFile::Bytes(format!("two {round}").into_bytes().into()),
            );
            tree.insert("b/c/d.txt", OutputFile::Static(b"deep"));
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
        tree.insert("x.txt", OutputFile::Bytes(b"x".to_vec().into()));
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
        let at = |rel: &str| {
            listing
                .dirs
                .iter()
                .position(|d| *d == dir.join(rel))
                .unwrap()
        };
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
                .map(|(path, text)| (path.to_string(), OutputFile::Bytes(text.to_string().into())))
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
                    std::fs::read(out.join(rel)).unwrap(),
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
