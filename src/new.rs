//! `versus new PATH`: a new article at `content/PATH.md` with its front
//! matter filled in — title (from the file name or `--title`), today's date,
//! and `draft = true`, as Hugo's `hugo new` does, so a half-written article
//! is not published by the next build. Never overwrites a file.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::error::Error;

/// Create `content/<path>.md` under `root`; returns the file created
/// (relative to `root`). `today` is `YYYY-MM-DD`.
pub fn create_page(
    root: &Path,
    path: &str,
    title: Option<&str>,
    today: &str,
) -> Result<PathBuf, Error> {
    if !root.join(CONFIG_FILE).is_file() && crate::config::zola::find(root).is_none() {
        return Err(
            Error::new(format!("no {CONFIG_FILE} found in {}", root.display())).with_hint(
                "run this in a site's folder, or pass --root; `versus init DIR` creates a site",
            ),
        );
    }
    let rel = article_path(path)?;
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let title = match title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => title_from_stem(stem),
    };
    let display = Path::new(CONTENT_DIR).join(&rel);
    let file = root.join(&display);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(&display, &e))?;
    }
    let text = format!(
        "+++\ntitle = {}\ndescription = \"\"\ndate = {today}\ndraft = true\ntags = []\n+++\n\nWrite the article here.\n",
        toml::Value::String(title)
    );
    // `create_new` refuses an existing file without a race between check and write.
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::new(format!(
                    "{} already exists; not overwriting it",
                    display.display()
                ))
                .in_file(&display)
                .with_hint("pick another path, or edit the existing file")
            } else {
                Error::io(&display, &e)
            }
        })?;
    out.write_all(text.as_bytes())
        .map_err(|e| Error::io(&display, &e))?;
    Ok(display)
}

/// Create the article with today's local date.
pub fn new_page(root: &Path, path: &str, title: Option<&str>) -> Result<PathBuf, Error> {
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    create_page(root, path, title, &today)
}

/// `guides/cio-vs-cto` (or `…/cio-vs-cto.md`) → `guides/cio-vs-cto.md`,
/// refusing paths that would leave `content/` or name no file.
fn article_path(path: &str) -> Result<PathBuf, Error> {
    let trimmed = path.trim().trim_start_matches("content/");
    let trimmed = trimmed.strip_suffix(".md").unwrap_or(trimmed);
    let rel = Path::new(trimmed);
    let bad = trimmed.is_empty()
        || trimmed.ends_with('/')
        || rel.components().any(|c| !matches!(c, Component::Normal(_)))
        || rel
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('_'));
    if bad {
        return Err(Error::new(format!(
            "`{path}` is not a path for a new article under content/"
        ))
        .with_hint("use a relative path such as `guides/cio-vs-cto` (no `..`, no leading `/`, not `_index`)"));
    }
    Ok(rel.with_extension("md"))
}

/// `cio-vs-cto` → `Cio vs cto`.
fn title_from_stem(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert_eq!(article_path("a/b").unwrap(), Path::new("a/b.md"));
        assert_eq!(article_path("content/a.md").unwrap(), Path::new("a.md"));
        for bad in ["", "../x", "/etc/x", "a/", "a/../../b", "_index"] {
            assert!(article_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_stem("cio-vs-cto"), "Cio vs cto");
    }
}
