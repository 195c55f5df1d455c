//! File operations confined to one folder (the staging folder) that never
//! follow a symbolic link: a link already in the folder (committed to a
//! repository, or made by someone else) is removed and replaced, never
//! written or deleted through.
//!
//! On Linux each file is opened with one `openat2` call from a handle on the
//! folder, with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`: the kernel refuses
//! any link or `..` on the way, at no cost per file. Where `openat2` is
//! missing (kernels before 5.6, or a seccomp filter that refuses it) and on
//! other systems, each folder is checked with `symlink_metadata` once per
//! build and each file's own name before it is opened.

use std::collections::HashSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The staging folder, opened for confined writes.
#[derive(Debug)]
pub struct Jail {
    dir: PathBuf,
    /// A handle on `dir`, which every `openat2` resolves beneath.
    #[cfg(target_os = "linux")]
    root: rustix::fd::OwnedFd,
    /// `openat2` is refused here: take the portable path.
    #[cfg(target_os = "linux")]
    no_openat2: std::sync::atomic::AtomicBool,
    /// Folders (relative) known to be real folders in this build: written
    /// into, made, or checked. Stale folders are those not in here.
    checked: Mutex<HashSet<String>>,
}

impl Jail {
    /// Open `dir`, which must be a real folder (not a link to one).
    pub fn open(dir: &Path) -> io::Result<Jail> {
        #[cfg(target_os = "linux")]
        let root = {
            use rustix::fs::{openat, Mode, OFlags, CWD};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            openat(CWD, dir, flags, Mode::empty())?
        };
        #[cfg(not(target_os = "linux"))]
        if dir.symlink_metadata()?.file_type().is_symlink() {
            return Err(io::Error::other("the staging folder is a symbolic link"));
        }
        Ok(Jail {
            dir: dir.to_path_buf(),
            #[cfg(target_os = "linux")]
            root,
            #[cfg(target_os = "linux")]
            no_openat2: std::sync::atomic::AtomicBool::new(false),
            checked: Mutex::new(HashSet::new()),
        })
    }

    /// The folder's path.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Open the file `rel` for reading and writing, creating it if needed.
    /// Fails (and writes nothing) if a link, a file where a folder should
    /// be, or a missing folder is on the way; [`Jail::make_dirs`] and
    /// [`Jail::remove`] clear the way.
    pub fn open_file(&self, rel: &str) -> io::Result<File> {
        self.open_beneath(rel, true)
    }

    /// Open the file `rel` for reading only, through no link (as
    /// [`Jail::open_file`], but creating nothing).
    pub fn read_file(&self, rel: &str) -> io::Result<File> {
        self.open_beneath(rel, false)
    }

    /// Open `rel` beneath the folder through no link: for reading and
    /// writing (created if missing) when `write`, else for reading.
    fn open_beneath(&self, rel: &str, write: bool) -> io::Result<File> {
        #[cfg(target_os = "linux")]
        if !self.no_openat2.load(std::sync::atomic::Ordering::Relaxed) {
            use rustix::fs::{openat2, Mode, OFlags, ResolveFlags};
            // `openat2` refuses a mode without `CREATE`.
            let (access, mode) = match write {
                true => (OFlags::RDWR | OFlags::CREATE, 0o666),
                false => (OFlags::RDONLY, 0),
            };
            let flags = access | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let resolve =
                ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
            loop {
                match openat2(&self.root, rel, flags, Mode::from_raw_mode(mode), resolve) {
                    Ok(fd) => return Ok(File::from(fd)),
                    // A rename elsewhere in the folder raced the lookup.
                    Err(rustix::io::Errno::AGAIN) => continue,
                    Err(rustix::io::Errno::NOSYS | rustix::io::Errno::PERM) => {
                        self.no_openat2
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                        break;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        self.open_portable(rel, write)
    }

    /// [`Jail::open_beneath`] with path checks: each folder once per build, the
    /// file's own name every time.
    fn open_portable(&self, rel: &str, write: bool) -> io::Result<File> {
        let parent = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        if !parent.is_empty() && !self.is_checked(parent) {
            let mut at = 0;
            while at < parent.len() {
                let end = parent[at..].find('/').map_or(parent.len(), |i| at + i);
                let meta = self.dir.join(&parent[..end]).symlink_metadata()?;
                if !meta.is_dir() {
                    return Err(io::Error::other("not a folder"));
                }
                at = end + 1;
            }
            self.note_folder(parent);
        }
        let path = self.dir.join(rel);
        match path.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(io::Error::other("a symbolic link"));
            }
            _ => {}
        }
        std::fs::OpenOptions::new()
            .read(true)
            .write(write)
            .create(write)
            .truncate(false)
            .open(path)
    }

    /// Make `rel` and the folders above it real folders: a file or a link
    /// standing where one of them should be is removed first (the link
    /// itself, never what it points to).
    pub fn make_dirs(&self, rel: &str) -> io::Result<()> {
        let mut at = 0;
        while at < rel.len() {
            let end = rel[at..].find('/').map_or(rel.len(), |i| at + i);
            let prefix = &rel[..end];
            // Every folder above `prefix` is a real one by now, so looking
            // `prefix` up follows no link.
            if !self.is_checked(prefix) {
                self.make_dir(prefix)?;
                self.note_folder(prefix);
            }
            at = end + 1;
        }
        Ok(())
    }

    /// Make one folder whose parent is a real folder.
    fn make_dir(&self, rel: &str) -> io::Result<()> {
        let path = self.dir.join(rel);
        match std::fs::create_dir(&path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if path.symlink_metadata()?.is_dir() {
                    return Ok(());
                }
                std::fs::remove_file(&path)?;
                std::fs::create_dir(&path)
            }
            other => other,
        }
    }

    /// Remove whatever stands at `rel` (a file, a link, a folder tree),
    /// without following links. Its folder must be a real one
    /// ([`Jail::make_dirs`]).
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.dir.join(rel);
        let result = match path.symlink_metadata() {
            // `remove_dir_all` removes links inside, not what they point to.
            Ok(meta) if meta.is_dir() => {
                self.forget_folders(rel);
                std::fs::remove_dir_all(&path)
            }
            Ok(_) => std::fs::remove_file(&path),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// Remember that the folder `rel` is a real folder of this build.
    pub fn note_folder(&self, rel: &str) {
        let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
        if !checked.contains(rel) {
            checked.insert(rel.to_string());
        }
    }

    /// The folder `rel` is about to go: it and those under it are no
    /// longer known folders.
    fn forget_folders(&self, rel: &str) {
        let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
        checked.retain(|dir| {
            !(dir.starts_with(rel) && matches!(dir.as_bytes().get(rel.len()), None | Some(b'/')))
        });
    }

    fn is_checked(&self, rel: &str) -> bool {
        self.checked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(rel)
    }

    /// The folders of this build (see [`Jail::note_folder`]).
    pub fn into_folders(self) -> HashSet<String> {
        self.checked
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Take the path checks instead of `openat2` (only Linux has both).
    fn force_portable(jail: &Jail, on: bool) {
        #[cfg(target_os = "linux")]
        jail.no_openat2
            .store(on, std::sync::atomic::Ordering::Relaxed);
        #[cfg(not(target_os = "linux"))]
        let _ = (jail, on);
    }

    /// Both ways of opening (`openat2`, and the path checks used where it
    /// is missing) refuse links, and clearing the way replaces the links
    /// themselves: nothing outside changes.
    #[test]
    fn links_are_refused_then_replaced_never_followed() {
        for portable in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("staging");
            let outside = tmp.path().join("outside");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::create_dir_all(&outside).unwrap();
            std::fs::write(outside.join("profile"), "keep").unwrap();
            std::os::unix::fs::symlink(outside.join("profile"), dir.join("robots.txt")).unwrap();
            std::os::unix::fs::symlink(&outside, dir.join("a")).unwrap();
            let jail = Jail::open(&dir).unwrap();
            force_portable(&jail, portable);
            assert!(jail.open_file("robots.txt").is_err());
            assert!(jail.open_file("a/index.html").is_err());
            jail.make_dirs("a").unwrap();
            jail.remove("robots.txt").unwrap();
            for rel in ["robots.txt", "a/index.html"] {
                use std::io::Write as _;
                jail.open_file(rel).unwrap().write_all(b"new").unwrap();
                assert_eq!(std::fs::read(dir.join(rel)).unwrap(), b"new");
            }
            assert_eq!(std::fs::read(outside.join("profile")).unwrap(), b"keep");
            assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
        }
    }
}
