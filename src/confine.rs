//! Keeping paths from content, config and data where they belong: the
//! shared checks of paths that come from other people's sites.
//!
//! * [`problem`]: a path written in the site (an output path, an alias) is
//!   relative, `/`-separated, and every part a plain name: no `..`, `.`,
//!   empty part, backslash, NUL or drive letter, on any platform. A string
//!   check; `output::OutputPath` and `content::alias` use it.
//! * [`resolve_inside`]: a file on disk, symbolic links resolved, is under
//!   the site root. The walks of `content/`, `static/` and a theme's folders
//!   ([`escapes`]: a link to `~/.ssh` in a cloned site is left out with a
//!   warning) and `load_data` use it.
//!
//! Checks that look alike but must differ: `load_data` (`render/data.rs`)
//! first reads its argument as a platform path (`./data/x.csv` is fine,
//! `..` and absolute paths are refused with messages about data files);
//! the dev server (`serve/http.rs`) reads a request path as a browser
//! does (empty and `.` parts collapse, `..` is a 400, after strict
//! percent-decoding); `output::check_output_dir` judges the output folder
//! the user named (never the site or its sources), not a path from content.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Why `path` is not a plain relative path that stays where it is joined
/// (an output path, an alias), if it is not. A pure string check: nothing
/// is looked up on disk.
pub fn problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("the path is empty");
    }
    if path.starts_with('/') {
        return Some("it is an absolute path");
    }
    if path.contains('\\') {
        return Some("it contains a backslash");
    }
    if path.contains('\0') {
        return Some("it contains a NUL byte");
    }
    let first = path.split('/').next().unwrap_or(path);
    if first.len() >= 2 && first.as_bytes()[1] == b':' && first.as_bytes()[0].is_ascii_alphabetic()
    {
        return Some("it starts with a drive letter");
    }
    for part in path.split('/') {
        match part {
            "" => return Some("it has an empty part (`//` or a trailing `/`)"),
            "." | ".." => return Some("it has a `.` or `..` part"),
            _ => {}
        }
    }
    None
}

/// How a path failed [`resolve_inside`].
#[derive(Debug)]
pub enum Outside {
    /// The path does not resolve (missing, or a dangling link).
    Missing,
    /// The site root itself cannot be resolved.
    Root(std::io::Error),
    /// It resolves to this place outside the root.
    Escapes(PathBuf),
}

/// Where `path` really is (links resolved), if that is under `root` (also
/// resolved).
pub fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, Outside> {
    let target = std::fs::canonicalize(path).map_err(|_| Outside::Missing)?;
    let root = std::fs::canonicalize(root).map_err(Outside::Root)?;
    if target.starts_with(root) {
        Ok(target)
    } else {
        Err(Outside::Escapes(target))
    }
}

/// If the link at `link` (found walking a folder of the site at `root`)
/// leads outside `root`, the warning that says so. Links are rare: the
/// cost (resolving the link and the root) is paid only for them.
pub fn escapes(root: &Path, link: &Path) -> Option<Error> {
    let target = match resolve_inside(root, link) {
        Ok(_) => return None,
        // A link that does not resolve is the walker's to report.
        Err(Outside::Missing) => return None,
        Err(Outside::Root(_)) => std::fs::canonicalize(link).ok()?,
        Err(Outside::Escapes(target)) => target,
    };
    let shown = link.strip_prefix(root).unwrap_or(link);
    Some(
        Error::new(format!(
            "symbolic link to {}, outside the site: left out of the build",
            target.display()
        ))
        .in_file(shown)
        .with_hint("copy what it points to into the site, or point it at a place inside the site"),
    )
}
