//! What a burst of file-system events means for the site: a pure function
//! from watcher events to a [`Change`], tested without a file system.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use notify::event::{AccessKind, AccessMode};
use notify::EventKind;

use crate::config::CONFIG_FILE;
use crate::layout::{
    is_ignored_name, CONTENT_DIR, DATA_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR,
};

/// The site folders the server watches (besides `versus.toml`). `data/` is
/// where files for `load_data` go (those in `content/` and `static/` are
/// watched with them).
pub const WATCHED_DIRS: [&str; 5] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, THEMES_DIR, DATA_DIR];

/// What changed in one burst of events. Paths are relative to the site root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Files under `content/` (pages, sections, data files, assets).
    pub content_paths: BTreeSet<PathBuf>,
    /// Something under `templates/` or a theme's `templates/`.
    pub templates: bool,
    /// Something under `static/` or a theme's `static/`.
    pub statics: bool,
    /// `versus.toml`.
    pub config: bool,
    /// Something under `data/` (files for `load_data`).
    pub data: bool,
    /// A watched top-level folder appeared or vanished: watches must be renewed.
    pub watched_dirs: bool,
    /// Events may have been missed (the watcher said so, or failed): look
    /// at every file rather than only the paths above.
    pub rescan: bool,
}

impl Change {
    /// True when nothing that affects the site changed.
    pub fn is_empty(&self) -> bool {
        self.content_paths.is_empty()
            && !self.templates
            && !self.statics
            && !self.config
            && !self.data
            && !self.watched_dirs
            && !self.rescan
    }

    /// Fold another change into this one.
    pub fn merge(&mut self, other: Change) {
        self.content_paths.extend(other.content_paths);
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.config |= other.config;
        self.data |= other.data;
        self.watched_dirs |= other.watched_dirs;
        self.rescan |= other.rescan;
    }
}

/// Classify events (kind + the absolute paths they touch) under `root`.
///
/// Reads (`Access` other than close-after-write) are dropped, so the build's
/// own reads never trigger a rebuild. Every path of an event counts: a rename
/// `.a.md.tmp → a.md` (an editor's atomic save) is a change to `a.md`.
pub fn classify<'a>(
    root: &Path,
    events: impl IntoIterator<Item = (&'a EventKind, &'a [PathBuf])>,
) -> Change {
    let mut change = Change::default();
    for (kind, paths) in events {
        if !is_relevant_kind(kind) {
            continue;
        }
        for path in paths {
            classify_path(root, path, &mut change);
        }
    }
    change
}

fn is_relevant_kind(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

fn classify_path(root: &Path, path: &Path, change: &mut Change) {
    // The caller passes a canonical root, as the watcher reports canonical paths.
    if let Ok(rel) = path.strip_prefix(root) {
        classify_rel(rel, change);
    }
}

fn classify_rel(rel: &Path, change: &mut Change) {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(top) = parts.first() else { return };
    if parts.iter().any(|p| is_ignored_name(p)) {
        return;
    }
    if parts.len() == 1 {
        if top == CONFIG_FILE || crate::config::zola::CONFIG_FILES.contains(&top.as_str()) {
            change.config = true;
        } else if WATCHED_DIRS.contains(&top.as_str()) {
            change.watched_dirs = true;
            // The folder itself appeared or went: everything in it changed.
            match top.as_str() {
                CONTENT_DIR => {
                    change.content_paths.insert(rel.to_path_buf());
                }
                TEMPLATES_DIR => change.templates = true,
                STATIC_DIR => change.statics = true,
                DATA_DIR => change.data = true,
                _ => {
                    change.templates = true;
                    change.statics = true;
                }
            }
        }
        return;
    }
    match top.as_str() {
        CONTENT_DIR => {
            change.content_paths.insert(rel.to_path_buf());
        }
        TEMPLATES_DIR => change.templates = true,
        STATIC_DIR => change.statics = true,
        DATA_DIR => change.data = true,
        THEMES_DIR => match parts.get(2).map(String::as_str) {
            Some(TEMPLATES_DIR) => change.templates = true,
            Some(STATIC_DIR) => change.statics = true,
            // A whole theme folder (or a file beside its templates) moved.
            None => {
                change.templates = true;
                change.statics = true;
            }
            Some(_) => {}
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};

    const ROOT: &str = "/site";

    fn run(events: &[(EventKind, Vec<&str>)]) -> Change {
        let owned: Vec<(EventKind, Vec<PathBuf>)> = events
            .iter()
            .map(|(k, ps)| (*k, ps.iter().map(|p| Path::new(ROOT).join(p)).collect()))
            .collect();
        classify(
            Path::new(ROOT),
            owned.iter().map(|(k, ps)| (k, ps.as_slice())),
        )
    }

    fn modify() -> EventKind {
        EventKind::Modify(ModifyKind::Data(DataChange::Content))
    }

    fn paths(change: &Change) -> Vec<&str> {
        change
            .content_paths
            .iter()
            .filter_map(|p| p.to_str())
            .collect()
    }

    #[test]
    fn content_edit_is_a_content_change() {
        let c = run(&[(modify(), vec!["content/guides/a.md"])]);
        assert_eq!(paths(&c), ["content/guides/a.md"]);
        assert!(!c.templates && !c.statics && !c.config);
    }

    #[test]
    fn data_files_are_a_change() {
        let c = run(&[(modify(), vec!["data/people.csv"])]);
        assert!(c.data && !c.is_empty(), "{c:?}");
        assert!(paths(&c).is_empty());
        // Other top-level folders (the output, say) are not.
        assert!(run(&[(modify(), vec!["public/index.html"])]).is_empty());
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        let c = run(&[
            (modify(), vec!["content/.a.md.swp"]),
            (modify(), vec!["content/a.md~"]),
            (modify(), vec!["content/.#a.md"]),
            (modify(), vec!["content/#a.md#"]),
            (modify(), vec!["content/4913"]),
            (modify(), vec!["content/x.swp"]),
            (modify(), vec!["templates/.page.html.swp"]),
            (modify(), vec!["content/.git/HEAD"]),
        ]);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn atomic_save_counts_the_destination() {
        let c = run(&[
            (
                EventKind::Create(CreateKind::File),
                vec!["content/.a.md.tmp"],
            ),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                vec!["content/.a.md.tmp", "content/a.md"],
            ),
        ]);
        assert_eq!(paths(&c), ["content/a.md"]);
    }

    #[test]
    fn reads_do_not_count_but_close_after_write_does() {
        let c = run(&[(
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            vec!["content/a.md"],
        )]);
        assert!(c.is_empty());
        let c = run(&[(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            vec!["content/a.md"],
        )]);
        assert_eq!(paths(&c), ["content/a.md"]);
    }

    #[test]
    fn groups_templates_statics_config() {
        let c = run(&[
            (modify(), vec!["templates/page.html"]),
            (modify(), vec!["versus.toml"]),
        ]);
        assert!(c.templates && c.config && !c.statics);
        let c = run(&[(modify(), vec!["themes/default/static/style.css"])]);
        assert!(c.statics && !c.templates);
        let c = run(&[(modify(), vec!["themes/default/templates/base.html"])]);
        assert!(c.templates && !c.statics);
    }

    #[test]
    fn deletes_renames_and_new_folders() {
        let c = run(&[
            (
                EventKind::Remove(RemoveKind::File),
                vec!["content/guides/old.md"],
            ),
            (
                EventKind::Create(CreateKind::Folder),
                vec!["content/new-section"],
            ),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                vec!["content/a.md", "content/guides/a.md"],
            ),
        ]);
        assert_eq!(
            paths(&c),
            [
                "content/a.md",
                "content/guides/a.md",
                "content/guides/old.md",
                "content/new-section"
            ]
        );
        let c = run(&[(EventKind::Create(CreateKind::Folder), vec!["templates"])]);
        assert!(c.templates && c.watched_dirs);
    }

    #[test]
    fn outside_paths_are_ignored() {
        let c = run(&[
            (modify(), vec!["public/index.html"]),
            (modify(), vec!["README.md"]),
        ]);
        assert!(c.is_empty());
        let c = classify(
            Path::new(ROOT),
            [(
                &modify(),
                [PathBuf::from("/elsewhere/content/a.md")].as_slice(),
            )],
        );
        assert!(c.is_empty());
    }
}
