//! One build at a time per output folder: [`BuildLock`] is an advisory lock
//! (`flock`) on a file beside the output (`.public.lock`). A second build of
//! the same output waits until the first has published, so two builds never
//! write into one staging folder. The kernel drops the lock when the process
//! ends, however it ends: a killed build leaves no stale lock.

use std::path::Path;

use super::guard::lock_file_of;
use crate::error::Error;

/// Held for the whole of a build to disk; released when dropped.
#[derive(Debug)]
pub struct BuildLock {
    _file: std::fs::File,
}

impl BuildLock {
    /// Take the lock of output `out`, waiting (with a note on stderr) while
    /// another build holds it. The lock file stays afterwards: it also marks
    /// `out` as versus's own (see [`super::check_output_dir`]).
    pub fn take(out: &Path) -> Result<BuildLock, Error> {
        let path = lock_file_of(out);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        // A link in its place is removed, never opened.
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, &e))?;
        }
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, &e))?;
        lock(&file, &path, out)?;
        Ok(BuildLock { _file: file })
    }
}

#[cfg(unix)]
fn lock(file: &std::fs::File, path: &Path, out: &Path) -> Result<(), Error> {
    use rustix::fs::{flock, FlockOperation};
    let failed = |e: rustix::io::Errno| {
        Error::new(format!(
            "cannot lock the output folder: {}",
            std::io::Error::from(e)
        ))
        .in_file(path)
    };
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::WOULDBLOCK) => {
            eprintln!(
                "waiting for another build of {} to finish (it holds {})",
                out.display(),
                path.display()
            );
            flock(file, FlockOperation::LockExclusive).map_err(failed)
        }
        Err(e) => Err(failed(e)),
    }
}

/// Without `flock` (Windows, on the Rust version this crate supports),
/// builds of one output are not kept apart.
#[cfg(not(unix))]
fn lock(_file: &std::fs::File, _path: &Path, _out: &Path) -> Result<(), Error> {
    Ok(())
}
