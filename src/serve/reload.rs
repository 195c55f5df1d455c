//! The live state of the dev server: the site being served (swapped whole,
//! never patched in place), the current build error, and the notices sent to
//! open pages (`reload`, `css`, `error`) — plus the browser script that obeys them.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use axum::body::Bytes;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::error::{Error, Errors};
use crate::output::{OutputFile, OutputTree};

/// The browser side of live reload, served at [`SCRIPT_PATH`].
pub const SCRIPT: &str = include_str!("livereload.js");

/// Where the live-reload script is served (same origin as the pages).
pub const SCRIPT_PATH: &str = "/__versus/livereload.js";

/// The WebSocket endpoint the script connects to.
pub const SOCKET_PATH: &str = "/__versus/ws";

/// A complete site in memory, as served: output path → bytes.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: FxHashMap<String, Bytes>,
    /// Bumped every time the served bytes change; pages carry the generation
    /// they were served at, so a page that missed a notice reloads on connect.
    pub generation: u64,
}

/// A message to open pages, sent as JSON over the socket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Notice {
    /// Sent on connect: the current generation and error, if any.
    Hello { build: u64, error: Option<String> },
    /// The site changed: reload (keeping the scroll position).
    Reload { build: u64 },
    /// Only stylesheets changed: swap them without reloading.
    Css { build: u64, paths: Vec<String> },
    /// The last rebuild failed; the text is what the terminal shows.
    Error { text: String },
}

impl Notice {
    /// The JSON text sent over the socket.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

/// What a publish did, for the terminal and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// The served site changed; `changed` output paths differ.
    Changed { changed: usize },
    /// The build succeeded and nothing changed (no notice, unless an error cleared).
    Unchanged,
    /// The build failed; the last good site is still served.
    Failed,
}

/// Shared by the HTTP handlers and the rebuild thread.
pub struct Hub {
    snapshot: RwLock<Arc<Snapshot>>,
    error: RwLock<Option<String>>,
    builds: AtomicU64,
    notices: broadcast::Sender<Notice>,
    copies: Mutex<CopyCache>,
}

/// Static files and assets read from disk, kept while they are unchanged.
type CopyCache = HashMap<PathBuf, (u64, Option<SystemTime>, Bytes)>;

/// What `/__versus/status` answers (used by tests and scripts).
#[derive(Debug, Serialize)]
pub struct Status {
    /// Builds attempted so far, the first one included.
    pub builds: u64,
    pub generation: u64,
    pub files: usize,
    pub error: Option<String>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            error: RwLock::new(None),
            builds: AtomicU64::new(0),
            notices: broadcast::channel(64).0,
            copies: Mutex::new(HashMap::new()),
        }
    }
}

impl Hub {
    /// The site as it is now; stays valid (and unchanged) while held.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The current build error, as shown in the terminal.
    pub fn error(&self) -> Option<String> {
        match self.error.read() {
            Ok(e) => e.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Listen for notices. Subscribe before reading [`Hub::hello`] so nothing is missed.
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.notices.subscribe()
    }

    /// The first notice a new connection gets.
    pub fn hello(&self) -> Notice {
        Notice::Hello {
            build: self.snapshot().generation,
            error: self.error(),
        }
    }

    /// Counters for `/__versus/status`.
    pub fn status(&self) -> Status {
        let snapshot = self.snapshot();
        Status {
            builds: self.builds.load(Ordering::SeqCst),
            generation: snapshot.generation,
            files: snapshot.files.len(),
            error: self.error(),
        }
    }

    /// Take the result of a build: on success swap the new site in whole,
    /// then tell open pages; on failure keep the last good site and send the error.
    pub fn publish(&self, result: Result<OutputTree, Errors>) -> Published {
        self.builds.fetch_add(1, Ordering::SeqCst);
        let tree = result.and_then(|tree| self.load(tree));
        let files = match tree {
            Ok(files) => files,
            Err(errors) => {
                let text = errors.to_string();
                self.set_error(Some(text.clone()));
                let _ = self.notices.send(Notice::Error { text });
                return Published::Failed;
            }
        };
        let old = self.snapshot();
        let had_error = self.error().is_some();
        let diff = diff(&old.files, &files);
        if diff.changed.is_empty() && diff.added_or_removed == 0 {
            if had_error {
                self.set_error(None);
                let _ = self.notices.send(Notice::Reload {
                    build: old.generation,
                });
            }
            return Published::Unchanged;
        }
        let generation = old.generation + 1;
        let new = Arc::new(Snapshot { files, generation });
        let replaced = match self.snapshot.write() {
            Ok(mut s) => std::mem::replace(&mut *s, new),
            Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), new),
        };
        drop(old);
        crate::reclaim::later(replaced);
        self.set_error(None);
        let css_only = !had_error
            && diff.added_or_removed == 0
            && diff.changed.iter().all(|p| p.ends_with(".css"));
        let notice = if css_only {
            Notice::Css {
                build: generation,
                paths: diff.changed.iter().map(|p| format!("/{p}")).collect(),
            }
        } else {
            Notice::Reload { build: generation }
        };
        let _ = self.notices.send(notice);
        Published::Changed {
            changed: diff.changed.len() + diff.added_or_removed,
        }
    }

    fn set_error(&self, error: Option<String>) {
        match self.error.write() {
            Ok(mut e) => *e = error,
            Err(poisoned) => *poisoned.into_inner() = error,
        }
    }

    /// Turn a tree into served bytes. Copies are read now (from their recorded
    /// source path only), so the snapshot never changes under a reader.
    fn load(&self, tree: OutputTree) -> Result<FxHashMap<String, Bytes>, Errors> {
        let mut cache = match self.copies.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut fresh: CopyCache = HashMap::new();
        let mut files = FxHashMap::with_capacity_and_hasher(tree.files.len(), Default::default());
        for (path, file) in tree.files {
            let bytes = match file {
                OutputFile::Bytes(b) => b,
                OutputFile::Static(b) => Bytes::from_static(b),
                OutputFile::Copy(src) => {
                    let meta =
                        std::fs::metadata(&src).map_err(|e| Errors::from(Error::io(&src, &e)))?;
                    let key = (meta.len(), meta.modified().ok());
                    let bytes = match cache.get(&src) {
                        // Recently modified files are re-read: modification
                        // times are too coarse to tell two quick saves apart.
                        Some((len, modified, bytes))
                            if (*len, *modified) == key
                                && modified
                                    .and_then(|m| m.elapsed().ok())
                                    .is_some_and(|age| age.as_secs() >= 2) =>
                        {
                            bytes.clone()
                        }
                        _ => Bytes::from(
                            std::fs::read(&src).map_err(|e| Errors::from(Error::io(&src, &e)))?,
                        ),
                    };
                    fresh.insert(src, (key.0, key.1, bytes.clone()));
                    bytes
                }
            };
            files.insert(path.into(), bytes);
        }
        *cache = fresh;
        Ok(files)
    }
}

struct Diff {
    changed: Vec<String>,
    added_or_removed: usize,
}

fn diff(old: &FxHashMap<String, Bytes>, new: &FxHashMap<String, Bytes>) -> Diff {
    let mut changed = Vec::new();
    let mut added_or_removed = 0;
    let mut kept = 0;
    for (path, bytes) in new {
        match old.get(path) {
            // Outputs the rebuild reused share their bytes: skip the compare.
            Some(b) if (b.as_ptr() == bytes.as_ptr() && b.len() == bytes.len()) || b == bytes => {
                kept += 1;
            }
            Some(_) => {
                kept += 1;
                changed.push(path.clone());
            }
            None => added_or_removed += 1,
        }
    }
    // Each path found in `old` is a different one of its paths: the rest
    // of them are gone.
    added_or_removed += old.len() - kept;
    changed.sort();
    Diff {
        changed,
        added_or_removed,
    }
}

/// Insert the live-reload script tag into an HTML page: before the last
/// `</body>`, or at the end when there is none. Only ever done when serving.
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = script_tag(generation);
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The tag [`inject`] adds (tests strip exactly this).
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}?build={generation}\"></script>")
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The served files as a sorted map (for tests comparing whole sites).
pub fn sorted(snapshot: &Snapshot) -> BTreeMap<&str, &[u8]> {
    snapshot
        .files
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_ref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> OutputTree {
        let mut t = OutputTree::default();
        for (p, c) in files {
            t.insert(
                crate::output::OutputPath::new(*p).unwrap(),
                OutputFile::Bytes(c.as_bytes().to_vec().into()),
            );
        }
        t
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><BODY>x</Body></html>", 3);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            format!("<html><BODY>x{}</Body></html>", script_tag(3))
        );
        let out = inject(b"<p>no body", 1);
        assert!(String::from_utf8(out).unwrap().ends_with(&script_tag(1)));
    }

    #[test]
    fn files_added_and_removed_count_as_changed() {
        let hub = Hub::default();
        hub.publish(Ok(tree(&[
            ("a.html", "1"),
            ("b.html", "2"),
            ("c.html", "3"),
        ])));
        assert_eq!(
            hub.publish(Ok(tree(&[
                ("a.html", "1"),
                ("c.html", "4"),
                ("d.html", "5")
            ]))),
            Published::Changed { changed: 3 }
        );
        assert_eq!(
            hub.publish(Ok(tree(&[("a.html", "1")]))),
            Published::Changed { changed: 2 }
        );
    }

    #[test]
    fn publish_swaps_and_notifies() {
        let hub = Hub::default();
        let mut rx = hub.subscribe();
        assert_eq!(
            hub.publish(Ok(tree(&[("a.html", "1"), ("s.css", "x")]))),
            Published::Changed { changed: 2 }
        );
        assert_eq!(rx.try_recv().unwrap(), Notice::Reload { build: 1 });
        assert_eq!(
            hub.publish(Ok(tree(&[("a.html", "1"), ("s.css", "y")]))),
            Published::Changed { changed: 1 }
        );
        assert_eq!(
            rx.try_recv().unwrap(),
            Notice::Css {
                build: 2,
                paths: vec!["/s.css".into()]
            }
        );
        assert_eq!(
            hub.publish(Ok(tree(&[("a.html", "1"), ("s.css", "y")]))),
            Published::Unchanged
        );
        assert!(rx.try_recv().is_err());
        assert_eq!(
            hub.publish(Err(Errors::from(Error::new("bad").in_file("content/a.md")))),
            Published::Failed
        );
        assert!(
            matches!(rx.try_recv().unwrap(), Notice::Error { text } if text.contains("content/a.md: bad"))
        );
        assert_eq!(hub.snapshot().generation, 2);
        assert!(hub.error().is_some());
        // Fixed back to the same bytes: the overlay must still go.
        assert_eq!(
            hub.publish(Ok(tree(&[("a.html", "1"), ("s.css", "y")]))),
            Published::Unchanged
        );
        assert_eq!(rx.try_recv().unwrap(), Notice::Reload { build: 2 });
        assert_eq!(hub.status().builds, 5);
    }
}
