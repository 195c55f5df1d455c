//! Watching the site's sources (notify + its full debouncer) and turning each
//! burst of events into one rebuild: a lone save is rebuilt at once, a burst
//! of saves once it pauses, and the latest state on disk wins.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::events::{classify, Change, WATCHED_DIRS};
use super::rebuild::Rebuilder;
use super::reload::{Hub, Published};
use crate::error::{Error, Errors};

/// The debouncer's window: events on one path within it are merged, and a
/// rename's two halves are paired.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer looks for events older than [`DEBOUNCE`]: the
/// watcher thread wakes this often while the server idles.
const TICK: Duration = Duration::from_millis(5);

/// A change arriving this soon after the previous one is part of a burst of
/// saves (a script, a formatter, an editor saving all files).
const BURST: Duration = Duration::from_millis(100);

/// In a burst, how long the sources must stay quiet before the next rebuild
/// starts, so that a burst is one or two rebuilds rather than one per save.
/// A lone save is rebuilt at once.
const QUIET: Duration = Duration::from_millis(30);

/// The watcher and the folders it covers.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

/// Start watching `root` (canonical). Events arrive, debounced, on the receiver.
pub fn start(root: &Path) -> Result<(Watcher, Receiver<DebounceEventResult>), Errors> {
    let (tx, rx) = std::sync::mpsc::channel();
    let debouncer = new_debouncer(DEBOUNCE, Some(TICK), tx).map_err(|e| {
        Errors::from(Error::new(format!(
            "cannot watch the site for changes: {e}"
        )))
    })?;
    let mut watcher = Watcher {
        debouncer,
        root: root.to_path_buf(),
        watched: BTreeSet::new(),
    };
    watcher
        .debouncer
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
                let _ = self.debouncer.unwatch(&path);
            }
            if path.is_dir() {
                match self.debouncer.watch(&path, RecursiveMode::Recursive) {
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
    events: Receiver<DebounceEventResult>,
    mut rebuilder: Rebuilder,
    hub: Arc<Hub>,
) {
    let root = watcher.root.clone();
    let mut last_change: Option<Instant> = None;
    while let Ok(first) = events.recv() {
        let mut change = batch_change(&root, first);
        let in_burst = last_change.is_some_and(|t| t.elapsed() < BURST);
        if in_burst {
            // Everything until a quiet moment belongs to the same burst.
            loop {
                match events.recv_timeout(QUIET) {
                    Ok(more) => change.merge(batch_change(&root, more)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        } else {
            // A lone save: take what has already arrived and go.
            while let Ok(more) = events.try_recv() {
                change.merge(batch_change(&root, more));
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

fn batch_change(root: &Path, batch: DebounceEventResult) -> Change {
    match batch {
        Ok(events) => {
            let mut change = classify(
                root,
                events
                    .iter()
                    .map(|e| (&e.event.kind, e.event.paths.as_slice())),
            );
            // The kernel's queue overflowed: some events are lost.
            change.rescan = events.iter().any(|e| e.event.need_rescan());
            change
        }
        Err(errors) => {
            for e in errors {
                eprintln!("warning: file watcher: {e}");
            }
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
