//! The interner: every distinct term gets a small integer id, so documents
//! and postings are built from integers instead of strings. Ids are handed out
//! in whatever order threads meet terms; only the term strings decide the
//! order of the output, so the files do not depend on that order.
//!
//! Each thread keeps its own map of the terms it has already looked up, so
//! the shared map is locked once per new term and thread, not per word.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

static NEXT_VOCAB: AtomicU64 = AtomicU64::new(1);

/// Term → id, with the serial number of the vocabulary it belongs to.
type Ids = (u64, FxHashMap<Box<str>, u32>);

thread_local! {
    /// The terms this thread has looked up.
    static LOCAL: RefCell<Ids> = RefCell::default();
}

/// Term ↔ id, shared by the threads of a build (and kept by a dev server).
#[derive(Debug)]
pub struct Vocab {
    serial: u64,
    shared: Mutex<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    ids: FxHashMap<Box<str>, u32>,
    terms: Vec<Arc<str>>,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            serial: NEXT_VOCAB.fetch_add(1, Ordering::Relaxed),
            shared: Mutex::default(),
        }
    }
}

impl Vocab {
    /// The id of `term`, new if it was never seen.
    pub fn id(&self, term: &str) -> u32 {
        LOCAL.with(|local| {
            let mut local = local.borrow_mut();
            if local.0 != self.serial {
                local.0 = self.serial;
                local.1.clear();
            }
            if let Some(&id) = local.1.get(term) {
                return id;
            }
            let id = self.shared_id(term);
            local.1.insert(term.into(), id);
            id
        })
    }

    fn shared_id(&self, term: &str) -> u32 {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&id) = shared.ids.get(term) {
            return id;
        }
        let id = u32::try_from(shared.terms.len()).unwrap_or(u32::MAX);
        shared.terms.push(term.into());
        shared.ids.insert(term.into(), id);
        id
    }

    /// Every term so far, by id.
    pub fn terms(&self) -> Vec<Arc<str>> {
        let shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        shared.terms.clone()
    }
}
