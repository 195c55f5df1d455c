//! [`StagingDir`]: writing a build into a folder beside the output and
//! swapping it in with one rename when the whole build succeeded. Every
//! write goes through [`Jail`] (confined, never through a link) and takes an
//! [`OutputPath`] (checked); write failures are counted and reported once.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::guard::staging_dir_of;
use super::jail::Jail;
use super::listing::Listing;
use super::lock;
use super::{OutputFile, OutputPath};
use crate::error::Error;

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
    jail: Jail,
    out: PathBuf,
    written: Mutex<std::collections::HashSet<OutputPath>>,
    /// Files that could not be written, and the first failure.
    failures: AtomicUsize,
    first_failure: Mutex<Option<(OutputPath, std::io::Error)>>,
    /// What the folder held before this build: listed on a thread of its
    /// own while the site renders, so publishing does not wait for a walk.
    previous: std::thread::JoinHandle<Result<Listing, Error>>,
}

impl StagingDir {
    /// Prepare the staging folder for `out`.
    pub fn open(out: &Path) -> Result<StagingDir, Error> {
        let dir = staging_dir_of(out);
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        // A link or a file in its place is removed, not followed.
        if dir.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        let jail = Jail::open(&dir).map_err(|e| Error::io(&dir, &e))?;
        let previous = std::thread::spawn({
            let dir = dir.clone();
            move || Listing::of(&dir)
        });
        Ok(StagingDir {
            jail,
            out: out.to_path_buf(),
            written: Mutex::new(std::collections::HashSet::new()),
            failures: AtomicUsize::new(0),
            first_failure: Mutex::new(None),
            previous,
        })
    }

    /// The bytes of `rel` as this build wrote it (read through no link).
    pub fn read_back(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        use std::io::Read as _;
        let mut bytes = Vec::new();
        self.jail.read_file(rel)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Write one file (unless it already holds these bytes). A source that
    /// cannot be read is an error about that source; a failed write is
    /// counted, not returned: [`StagingDir::publish`] and
    /// [`StagingDir::abandon`] report all of them as one error.
    pub fn put(&self, rel: OutputPath, file: &OutputFile) -> Result<(), Error> {
        let bytes = file.read().map_err(|e| match file {
            OutputFile::Copy(source) => Error::io(source, &e),
            _ => Error::new(e.to_string()),
        })?;
        match self.write(&rel, &bytes) {
            Ok(()) => {
                lock(&self.written).insert(rel);
            }
            Err(e) => {
                if self.failures.fetch_add(1, Ordering::Relaxed) == 0 {
                    *lock(&self.first_failure) = Some((rel, e));
                }
            }
        }
        Ok(())
    }

    fn write(&self, rel: &OutputPath, bytes: &[u8]) -> std::io::Result<()> {
        // In a folder this build made, or a new one in such a folder (a
        // fresh output: every page's folder), nothing can stand where the
        // file goes: make the folder and create the file, with no attempt
        // that fails first, no look at what is there, no read to compare.
        let folder = rel.parent();
        if self.jail.holds_only_this_build(folder) {
            self.jail.make_dirs(folder)?;
            match self.jail.create_new(rel) {
                Ok(mut file) => return std::io::Write::write_all(&mut file, bytes),
                // Only another process could have put it there: go the
                // usual way.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        // The folder is there from the last build but for new pages: write
        // first, and clear the way only if that fails (one `mkdir` and
        // `stat` fewer per file).
        if write_if_changed(&self.jail, rel, bytes).is_ok() {
            self.jail.note_folder(rel.parent());
            return Ok(());
        }
        self.jail.make_dirs(rel.parent())?;
        // A folder, a link or an unwritable file from an older build may
        // stand where the file goes.
        self.jail.remove(rel)?;
        write_if_changed(&self.jail, rel, bytes)
    }

    /// The write failures as one error, if there were any.
    fn failure(&self) -> Option<Error> {
        let count = self.failures.load(Ordering::Relaxed);
        let first = lock(&self.first_failure).take()?;
        let (rel, e) = first;
        let files = if count == 1 { "file" } else { "files" };
        Some(
            Error::new(format!(
                "could not write {count} {files} of the build (the first, `{rel}`: {e})"
            ))
            .in_file(self.jail.dir())
            .with_hint(format!(
                "{} was left as it was; free disk space or fix the folder's permissions, then build again",
                self.out.display()
            )),
        )
    }

    /// Give up on this build: the output stays as it was. After write
    /// failures the half-written staging folder is deleted (the next build
    /// starts afresh) and they are returned as one error.
    pub fn abandon(self) -> Option<Error> {
        let failure = self.failure()?;
        let _ = self.previous.join();
        let dir = self.jail.dir().to_path_buf();
        drop(self.jail);
        let _ = std::fs::remove_dir_all(&dir);
        Some(failure)
    }

    /// Remove what this build did not write, then swap the staging folder
    /// with the output.
    pub fn publish(self) -> Result<(), Error> {
        if self.failures.load(Ordering::Relaxed) > 0 {
            return Err(self
                .abandon()
                .unwrap_or_else(|| Error::new("writing the build failed")));
        }
        let previous = self
            .previous
            .join()
            .unwrap_or_else(|_| Err(Error::new("listing the staging folder failed")))?;
        let written = self
            .written
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let dir = self.jail.dir().to_path_buf();
        for rel in previous
            .files
            .iter()
            .filter(|rel| !written.contains(rel.as_str()))
        {
            let path = dir.join(rel);
            // The listing ran beside the render, which may have replaced
            // this file with a folder, or a folder above it with a file:
            // either way the stale file is gone already. (A stale link is
            // removed itself: `remove_file` does not follow it.)
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
        let made = self.jail.into_folders();
        for d in previous.dirs.iter().filter(|d| !made.contains_key(*d)) {
            let _ = std::fs::remove_dir(dir.join(d));
        }
        swap(&dir, &self.out)
    }
}

impl super::Sink for StagingDir {
    fn put(&self, path: OutputPath, file: OutputFile) -> Result<(), Error> {
        StagingDir::put(self, path, &file)
    }
}

/// Write `bytes` to `rel` unless it already holds them: one open (no stat
/// first: the read that compares also finds a length that differs), and the
/// file is rewritten in place.
fn write_if_changed(jail: &Jail, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::{Seek as _, Write as _};
    let mut file = jail.open_file(rel)?;
    let held = holds(&mut file, bytes)?;
    if held == Held::Same {
        return Ok(());
    }
    if held == Held::Other {
        file.rewind()?;
    }
    file.write_all(bytes)?;
    if held == Held::Other {
        // Cut what a longer old file had past the new end.
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// What an existing file held, compared with what is to be written.
#[derive(Debug, PartialEq, Eq)]
enum Held {
    Same,
    /// Nothing (a new file).
    Empty,
    Other,
}

/// Compare the rest of `file` with `expected`, reading in pieces the size
/// of most pages (one read, then the one that finds the end), stopping at
/// the first difference.
fn holds(file: &mut std::fs::File, expected: &[u8]) -> std::io::Result<Held> {
    thread_local! {
        /// Zeroed once per thread, not once per file.
        static BUF: std::cell::RefCell<Box<[u8]>> = std::cell::RefCell::new(vec![0; 64 * 1024].into());
    }
    BUF.with_borrow_mut(|buf| holds_with(file, expected, buf))
}

fn holds_with(file: &mut std::fs::File, expected: &[u8], buf: &mut [u8]) -> std::io::Result<Held> {
    use std::io::Read as _;
    let mut at = 0;
    loop {
        let n = match file.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(match at {
                0 if !expected.is_empty() => Held::Empty,
                _ if at == expected.len() => Held::Same,
                _ => Held::Other,
            });
        }
        if expected.get(at..at + n) != Some(&buf[..n]) {
            return Ok(Held::Other);
        }
        at += n;
    }
}

/// Put `staging` in place of `out` in one step; afterwards `staging` holds
/// what `out` held (an empty folder if nothing).
fn swap(staging: &Path, out: &Path) -> Result<(), Error> {
    if out.symlink_metadata().is_err() {
        std::fs::rename(staging, out).map_err(|e| Error::io(out, &e))?;
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
