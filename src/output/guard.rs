//! Where a build may write: [`check_output_dir`] refuses output folders
//! that replacing would destroy (the site itself, its sources, someone
//! else's files), and the names of the files versus keeps beside an output
//! folder (its staging folder and its lock).

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::layout::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

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
    for source in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, THEMES_DIR] {
        let dir = root.join(source);
        if out_n.starts_with(&dir) || dir.starts_with(&out_n) {
            return refuse(&format!("it overlaps the site's `{source}/` folder"));
        }
    }
    if out_n.join(CONTENT_DIR).is_dir()
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
    // is empty or that an earlier build made (its lock file, or a staging
    // folder from before there were lock files, is beside it).
    let has_files = std::fs::read_dir(&out_n).is_ok_and(|mut entries| entries.next().is_some());
    if has_files && !lock_file_of(&out_n).is_file() && !staging_dir_of(&out_n).is_dir() {
        return refuse(
            "it already holds files that versus did not write, and building would replace them \
             (if it is an old build output, delete it once)",
        );
    }
    Ok(())
}

/// The staging folder beside output `out`: `.<name>.previous`.
pub fn staging_dir_of(out: &Path) -> PathBuf {
    beside(out, "previous")
}

/// The lock file beside output `out`: `.<name>.lock`. It stays after the
/// build and marks `out` as a folder versus made.
pub fn lock_file_of(out: &Path) -> PathBuf {
    beside(out, "lock")
}

/// `.<name>.<what>` beside `out`.
fn beside(out: &Path, what: &str) -> PathBuf {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.{what}"))
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
