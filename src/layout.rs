//! The layout of a site folder: the names of the folders versus reads, and
//! which files in them are not part of the site (hidden files and editor
//! leftovers). The build's walks and the dev server's watcher both ask
//! [`is_ignored_name`], so a file the server does not rebuild for is never
//! built either.

/// Pages, sections, comparison data and their assets.
pub const CONTENT_DIR: &str = "content";
/// The site's own templates (over the theme's).
pub const TEMPLATES_DIR: &str = "templates";
/// Files copied into the output as they are.
pub const STATIC_DIR: &str = "static";
/// Themes, one folder each, each with its own `templates/` and `static/`.
pub const THEMES_DIR: &str = "themes";
/// Where `load_data` files usually go (the dev server watches it).
pub const DATA_DIR: &str = "data";

/// The redirect pages' script, at the site root: written for a site with
/// redirects (`theme.rs`), loaded by `alias.html`, and read by the link
/// check, which follows a `#part` through the page that loads it.
pub const REDIRECT_SCRIPT: &str = "versus-redirect.js";

/// A path under a site folder as versus names it, with `/` between folders.
/// Only on Windows is a backslash a separator; elsewhere it is part of a
/// file name, kept so that the loaders can refuse it (`a\b.md` would be
/// published at `a/b/` on one system and `a\b/` on another).
pub fn with_slashes(rel: &str) -> std::borrow::Cow<'_, str> {
    if cfg!(windows) {
        rel.replace('\\', "/").into()
    } else {
        rel.into()
    }
}

/// Should a walk skip this file or folder, and the watcher its changes?
/// Hidden files (`.git`, Emacs' `.#x` locks, Vim's `.x.swp`), backups
/// (`x~`), swap and temp files (`x.swp`, `x.swx`, `x.tmp`), Vim's `4913`
/// probe and Emacs' `#x#` auto-saves.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored_and_site_files_are_not() {
        for name in [
            ".git",
            ".#a.md",
            ".a.md.swp",
            "a.md~",
            "a.swp",
            "a.swx",
            "x.tmp",
            "4913",
            "#a.md#",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "#", "#a.md", "a#", "c#.md", "_index.md", "4914"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }
}
