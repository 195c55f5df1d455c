//! Watching the site's sources (notify) and turning each burst of events
//! into one rebuild: a lone save is rebuilt as soon as its events settle, a
//! burst of saves once it pauses, and the latest state on disk wins. The
//! thread sleeps until an event comes: an idle server does no work.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::events::{classify, Change, WATCHED_DIRS};
use super::rebuild::Rebuilder;
use super::reload::{Hub, Published};
use crate::error::{Error, Errors};

/// After a lone save's first event, how long the sources must stay quiet
/// before its rebuild starts: one save's events (an editor's write, close
/// and rename) come within a millisecond or two of each other.
const SETTLE: Duration = Duration::from_millis(5);

/// Events are gathered for one rebuild at most this long, even when they
/// keep coming (a file written without a pause): then the rebuild starts,
/// and what comes after goes into the next one.
const GATHER_AT_MOST: Duration = Duration::from_millis(250);

/// A change arriving this soon after the previous one is part of a burst of
/// saves (a script, a formatter, an editor saving all files).
const BURST: Duration = Duration::from_millis(100);

/// In a burst, how long the sources must stay quiet before the next rebuild
/// starts, so that a burst is one or two rebuilds rather than one per save.
/// A lone save waits only for [`SETTLE`].
const QUIET: Duration = Duration::from_millis(30);

/// The watcher and the folders it covers.
pub struct Watcher {
    watcher: RecommendedWatcher,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

/// Start watching `root` (canonical). Events arrive on the receiver, one by one.
pub fn start(root: &Path) -> Result<(Watcher, Receiver<notify::Result<Event>>), Errors> {
    let (tx, rx) = std::sync::mpsc::channel();
    let inner = notify::recommended_watcher(tx).map_err(|e| {
        Errors::from(Error::new(format!(
            "cannot watch the site for changes: {e}"
        )))
    })?;
    let mut watcher = Watcher {
        watcher: inner,
        root: root.to_path_buf(),
        watched: BTreeSet::new(),
    };
    watcher
        .watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Errors::from(Error::new(format!("cannot watch {}: {e}", root.display()))))?;
    watcher.renew();
    Ok((watcher, rx))
}

impl Watcher {
    /// Watch every source folder as it is now. Called at the start and
    /// whenever a watched folder itself appeared, went or was replaced
    /// (`mv new content`, `rm -rf templates && cp -a saved templates`, a
    /// `git checkout`): a watch follows the folder it was put on, not its
    /// name, and notify drops it when that folder is moved or deleted. So
    /// every folder is watched afresh; the full rebuild that follows covers
    /// anything that changed in between.
    pub fn renew(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if self.watched.remove(&path) {
                // Fails when notify already dropped it (the folder moved or went).
                let _ = self.watcher.unwatch(&path);
            }
            if path.is_dir() {
                match self.watcher.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(path);
                    }
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
                }
            }
        }
    }
}

/// Rebuild on every burst of changes until the watcher goes away. Never
/// returns on a build error: it is printed and sent to the pages.
pub fn run(
    mut watcher: Watcher,
    events: Receiver<notify::Result<Event>>,
    mut rebuilder: Rebuilder,
    hub: Arc<Hub>,
) {
    let root = watcher.root.clone();
    let mut last_change: Option<Instant> = None;
    while let Ok(first) = events.recv() {
        let start = Instant::now();
        let mut change = event_change(&root, first);
        let in_burst = last_change.is_some_and(|t| t.elapsed() < BURST);
        // Everything until a quiet moment belongs to the same change.
        let quiet = if in_burst { QUIET } else { SETTLE };
        while start.elapsed() < GATHER_AT_MOST {
            match events.recv_timeout(quiet) {
                Ok(more) => change.merge(event_change(&root, more)),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if change.is_empty() {
            // Editor swap files and our own reads are no change to time bursts by.
            continue;
        }
        last_change = Some(Instant::now());
        if change.watched_dirs {
            watcher.renew();
        }
        rebuild_and_publish(&mut rebuilder, &change, &hub);
    }
}

fn event_change(root: &Path, event: notify::Result<Event>) -> Change {
    match event {
        Ok(event) => {
            let mut change = classify(root, [(&event.kind, event.paths.as_slice())]);
            // The kernel's queue overflowed: some events are lost.
            change.rescan = event.need_rescan();
            change
        }
        Err(e) => {
            eprintln!("warning: file watcher: {e}");
            // We may have missed something: rebuild everything to stay exact.
            Change {
                templates: true,
                statics: true,
                config: true,
                rescan: true,
                ..Change::default()
            }
        }
    }
}

/// One rebuild, reported in the terminal and to the pages.
pub fn rebuild_and_publish(rebuilder: &mut Rebuilder, change: &Change, hub: &Hub) {
    let start = std::time::Instant::now();
    // A bug in the core must not stop the server: report it like a build error.
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rebuilder.rebuild(change)))
            .unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(Errors::from(
                    Error::new(format!("internal error while rebuilding: {what}"))
                        .with_hint("this is a bug in versus; please report it"),
                ))
            });
    let outcome = hub.publish(result);
    let ms = start.elapsed().as_millis();
    match outcome {
        Published::Changed { changed } => {
            let files = if changed == 1 { "file" } else { "files" };
            println!("Rebuilt in {ms} ms: {changed} {files} changed")
        }
        Published::Unchanged => println!("Rebuilt in {ms} ms: no output changed"),
        Published::Failed => {
            // The same text as `versus build` prints.
            eprintln!("{}", hub.error().unwrap_or_default());
            eprintln!("The last good version is still served; fix the error and save.");
        }
    }
}
