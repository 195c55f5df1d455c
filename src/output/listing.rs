//! What a staging folder holds before a build writes into it: every file
//! and folder, listed on a thread of its own while the site renders, so the
//! publish can remove what the build did not write. Links are listed as
//! files and never followed.

use std::path::Path;

use crate::error::Error;

/// The files and folders under a staging folder.
#[derive(Debug, Default)]
pub struct Listing {
    /// Files (and symlinks), relative, `/`-separated.
    pub files: Vec<String>,
    /// Folders, relative, `/`-separated, deepest first.
    pub dirs: Vec<String>,
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
    pub fn of(dir: &Path) -> Result<Listing, Error> {
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
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let sub = match openat(fd, raw.as_c_str(), flags, Mode::empty()) {
                Ok(sub) => sub,
                Err(e) if gone(std::io::Error::from(e).kind()) => continue,
                Err(e) => return Err(read_error(dir, rel, e)),
            };
            let len = rel.len();
            rel.push_str(&name);
            rel.push('/');
            self.read_folder(&sub, rel, buf, dir)?;
            self.dirs.push(rel[..rel.len() - 1].to_string());
            rel.truncate(len);
        }
        Ok(())
    }

    #[cfg(not(target_os = "linux"))]
    pub fn of(dir: &Path) -> Result<Listing, Error> {
        let mut listing = Listing::default();
        for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) if e.io_error().map(std::io::Error::kind).is_some_and(gone) => continue,
                Err(e) => return Err(Error::new(format!("cannot read {}: {e}", dir.display()))),
            };
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            // As the build names files: a backslash separates only on Windows.
            let rel = crate::layout::with_slashes(&rel.to_string_lossy()).into_owned();
            if entry.file_type().is_dir() {
                listing.dirs.push(rel);
            } else {
                listing.files.push(rel);
            }
        }
        Ok(listing)
    }
}
