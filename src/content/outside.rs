//! Symbolic links under `content/`, `static/` and a theme's folders are
//! followed only when they point inside the site: a link to `~/.ssh` in a
//! cloned site must not be copied into `public/` or served. Each link that
//! leads outside is left out with a warning that names it.

use std::path::Path;

use crate::error::Error;

/// If the link at `link` (found walking a folder of the site at `root`)
/// leads outside `root`, the warning that says so. Links are rare: the
/// cost (resolving the link and the root) is paid only for them.
pub fn escapes(root: &Path, link: &Path) -> Option<Error> {
    // A link that does not resolve is the walker's to report.
    let target = std::fs::canonicalize(link).ok()?;
    let inside = std::fs::canonicalize(root).is_ok_and(|root| target.starts_with(root));
    if inside {
        return None;
    }
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
