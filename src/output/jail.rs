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

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::lock;

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
    /// into, made, or checked; each with whether this build made it (it
    /// was not there, so it holds only what this build puts in it). Stale
    /// folders are those not in here.
    checked: Mutex<HashMap<String, bool>>,
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
            checked: Mutex::new(HashMap::new()),
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
        self.open_beneath(rel, Open::ReadWrite)
    }

    /// Open the file `rel` for reading only, through no link (as
    /// [`Jail::open_file`], but creating nothing).
    pub fn read_file(&self, rel: &str) -> io::Result<File> {
        self.open_beneath(rel, Open::Read)
    }

    /// Create the file `rel` for writing, through no link; fails with
    /// `AlreadyExists` if something is there.
    pub fn create_new(&self, rel: &str) -> io::Result<File> {
        self.open_beneath(rel, Open::CreateNew)
    }

    /// Open `rel` beneath the folder through no link, as `how` says.
    fn open_beneath(&self, rel: &str, how: Open) -> io::Result<File> {
        #[cfg(target_os = "linux")]
        if !self.no_openat2.load(std::sync::atomic::Ordering::Relaxed) {
            use rustix::fs::{openat2, Mode, OFlags, ResolveFlags};
            // `openat2` refuses a mode without `CREATE`.
            let (access, mode) = match how {
                Open::ReadWrite => (OFlags::RDWR | OFlags::CREATE, 0o666),
                Open::CreateNew => (OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL, 0o666),
                Open::Read => (OFlags::RDONLY, 0),
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
        self.open_portable(rel, how)
    }

    /// [`Jail::open_beneath`] with path checks: each folder once per build, the
    /// file's own name every time.
    fn open_portable(&self, rel: &str, how: Open) -> io::Result<File> {
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
        let mut options = std::fs::OpenOptions::new();
        match how {
            Open::ReadWrite => options.read(true).write(true).create(true).truncate(false),
            Open::CreateNew => options.write(true).create_new(true),
            Open::Read => options.read(true),
        };
        options.open(path)
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
                if self.make_dir(prefix)? {
                    lock(&self.checked).insert(prefix.to_string(), true);
                } else {
                    self.note_folder(prefix);
                }
            }
            at = end + 1;
        }
        Ok(())
    }

    /// Make one folder whose parent is a real folder: true when it was not
    /// there (or something else was, and is gone).
    fn make_dir(&self, rel: &str) -> io::Result<bool> {
        let path = self.dir.join(rel);
        match std::fs::create_dir(&path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if path.symlink_metadata()?.is_dir() {
                    return Ok(false);
                }
                std::fs::remove_file(&path)?;
                std::fs::create_dir(&path).map(|()| true)
            }
            other => other.map(|()| true),
        }
    }

    /// Can the folder `rel` hold only what this build put in it? True when
    /// this build made it, or made the folder it would be in (so it is new,
    /// or was made by this build meanwhile). Not for the staging folder
    /// itself (`""`), which the build did not make.
    pub fn holds_only_this_build(&self, rel: &str) -> bool {
        if rel.is_empty() {
            return false;
        }
        let above = rel.rsplit_once('/').map_or("", |(above, _)| above);
        let checked = lock(&self.checked);
        checked.get(rel) == Some(&true) || checked.get(above) == Some(&true)
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
        let mut checked = lock(&self.checked);
        if !checked.contains_key(rel) {
            checked.insert(rel.to_string(), false);
        }
    }

    /// The folder `rel` is about to go: it and those under it are no
    /// longer known folders.
    fn forget_folders(&self, rel: &str) {
        lock(&self.checked).retain(|dir, _| {
            !(dir.starts_with(rel) && matches!(dir.as_bytes().get(rel.len()), None | Some(b'/')))
        });
    }

    fn is_checked(&self, rel: &str) -> bool {
        lock(&self.checked).contains_key(rel)
    }

    /// The folders of this build (see [`Jail::note_folder`]), each with
    /// whether the build made it.
    pub fn into_folders(self) -> HashMap<String, bool> {
        self.checked
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// How to open a file.
#[derive(Clone, Copy)]
enum Open {
    Read,
    /// For reading and writing, created if missing.
    ReadWrite,
    /// Created for writing; an error if something is there.
    CreateNew,
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
    /// A staging folder and a folder outside it, both empty, in a fresh
    /// temporary folder (kept alive by the first value).
    fn staging_and_outside() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("staging");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        (tmp, dir, outside)
    }

    /// The jail on `dir`, opening files one way or the other.
    fn jail_on(dir: &Path, portable: bool) -> Jail {
        let jail = Jail::open(dir).unwrap();
        force_portable(&jail, portable);
        jail
    }

    #[test]
    fn links_are_refused_then_replaced_never_followed() {
        for portable in [false, true] {
            let (_tmp, dir, outside) = staging_and_outside();
            std::fs::write(outside.join("profile"), "keep").unwrap();
            std::os::unix::fs::symlink(outside.join("profile"), dir.join("robots.txt")).unwrap();
            std::os::unix::fs::symlink(&outside, dir.join("a")).unwrap();
            let jail = jail_on(&dir, portable);
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

    /// Folders made by the jail are told from folders that were there, and
    /// a new file is created only where nothing stands: not over a file,
    /// not through a link (both ways of opening).
    #[test]
    fn made_folders_are_known_and_new_files_never_replace_or_follow() {
        for portable in [false, true] {
            let (_tmp, dir, outside) = staging_and_outside();
            std::fs::create_dir_all(dir.join("old")).unwrap();
            let jail = jail_on(&dir, portable);
            jail.make_dirs("old/new/deeper").unwrap();
            let only = |rel| jail.holds_only_this_build(rel);
            // `old` was there, so a new folder in it may be someone's.
            assert!(!only("") && !only("old") && !only("old/other"));
            assert!(only("old/new") && only("old/new/deeper") && only("old/new/later"));
            use std::io::Write as _;
            let mut file = jail.create_new("old/new/a.html").unwrap();
            file.write_all(b"a").unwrap();
            let again = jail.create_new("old/new/a.html").unwrap_err();
            assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
            std::os::unix::fs::symlink(outside.join("x"), dir.join("old/new/link.html")).unwrap();
            assert!(jail.create_new("old/new/link.html").is_err());
            assert_eq!(std::fs::read(dir.join("old/new/a.html")).unwrap(), b"a");
            assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
            jail.remove("old/new").unwrap();
            assert!(!jail.holds_only_this_build("old/new/deeper"));
        }
    }
}
