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
type Local = (u64, FxHashMap<Arc<str>, u32>);

thread_local! {
    /// The terms this thread has looked up.
    static LOCAL: RefCell<Local> = RefCell::default();
}

/// One thread's lookup of term ids, from [`Vocab::with_ids`].
#[derive(Debug)]
pub struct Ids<'a> {
    vocab: &'a Vocab,
    local: &'a mut FxHashMap<Arc<str>, u32>,
}

impl Ids<'_> {
    /// The id of `term`, new if it was never seen.
    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.local.get(term) {
            return id;
        }
        let (id, term) = self.vocab.shared_id(term);
        self.local.insert(term, id);
        id
    }
}

/// Term ↔ id, shared by the threads of a build (and kept by a dev server).
#[derive(Debug)]
pub struct Vocab {
    serial: u64,
    shared: Mutex<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    /// Each term is allocated once, here, and shared by the maps.
    ids: FxHashMap<Arc<str>, u32>,
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
    /// Run `f` with this thread's lookup of term ids (taken once, for the
    /// many words of a document, not once per word).
    pub fn with_ids<R>(&self, f: impl FnOnce(&mut Ids) -> R) -> R {
        LOCAL.with(|local| {
            let mut local = local.borrow_mut();
            if local.0 != self.serial {
                local.0 = self.serial;
                local.1.clear();
            }
            f(&mut Ids {
                vocab: self,
                local: &mut local.1,
            })
        })
    }

    /// The id of `term` and its shared copy.
    fn shared_id(&self, term: &str) -> (u32, Arc<str>) {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((term, &id)) = shared.ids.get_key_value(term) {
            return (id, term.clone());
        }
        let id = u32::try_from(shared.terms.len()).unwrap_or(u32::MAX);
        let term: Arc<str> = term.into();
        shared.terms.push(term.clone());
        shared.ids.insert(term.clone(), id);
        (id, term)
    }

    /// Every term so far, by id.
    pub fn terms(&self) -> Vec<Arc<str>> {
        let shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        shared.terms.clone()
    }
}
