//! Freeing big structures off the critical path. The dev server replaces
//! its model and caches on every rebuild; freeing the old ones (tens of
//! thousands of strings on a large site) takes milliseconds that a writer
//! waiting for the reload would otherwise pay. They go to one background
//! thread instead.

use std::any::Any;
use std::sync::mpsc::{channel, Sender};
use std::sync::OnceLock;

type Garbage = Box<dyn Any + Send>;

static BIN: OnceLock<Option<Sender<Garbage>>> = OnceLock::new();

/// Drop `value` on the background thread (or here, if it cannot start).
pub fn later<T: Send + 'static>(value: T) {
    let bin = BIN.get_or_init(|| {
        let (tx, rx) = channel::<Garbage>();
        std::thread::Builder::new()
            .name("versus-reclaim".into())
            .spawn(move || rx.into_iter().for_each(drop))
            .ok()
            .map(|_| tx)
    });
    if let Some(tx) = bin {
        // A send fails only when the thread is gone: then drop it here.
        let _ = tx.send(Box::new(value));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    #[test]
    fn values_are_dropped_off_this_thread() {
        let watched = Arc::new(());
        super::later(Arc::clone(&watched));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while Arc::strong_count(&watched) > 1 {
            assert!(std::time::Instant::now() < deadline, "never dropped");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}
