//! The interner: every distinct term gets a small integer id, so documents
//! and postings are built from integers instead of strings. Ids are handed out
//! in whatever order threads meet terms; only the term strings decide the
//! order of the output, so the files do not depend on that order.
//!
//! Each thread keeps its own table of the terms it has already looked up, so
//! the shared map is locked once per new term and thread, not per word.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use super::doc::Tally;
use super::tokenize::{self, Key, Term};

static NEXT_VOCAB: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The terms this thread has looked up.
    static LOCAL: RefCell<Local> = RefCell::default();
}

/// One thread's terms and their ids, for the vocabulary numbered `serial`.
/// Short terms (all of most sites) sit in an open-addressing table of their
/// [`Key`]s, hashed by the tokenizer ([`tokenize::hash`]): a lookup compares
/// a few words, with no pointer to follow, and finds the term's id and its
/// tally in the document at hand in the same place (a key and what is known
/// of it take 64 bytes: one cache line).
#[derive(Debug, Default)]
struct Local {
    serial: u64,
    /// Linear probing, a power of two long (or empty), at most half full: 0
    /// for a free slot, else the high half of the key's hash over the index
    /// in `known` + 1 (the high half checked first spares most compares).
    slots: Vec<u64>,
    /// The terms, in the order met: short ones with their key, longer ones
    /// with a zero key (found through `long`).
    known: Vec<(Key, Known)>,
    /// The longer terms, and where they are in `known`.
    long: FxHashMap<Arc<str>, u32>,
}

/// What a thread knows of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// Its id.
    pub id: u32,
    /// The term in the document being indexed on this thread: all zero
    /// when the term is first met, and set back to zero by the document
    /// once it is done. Kept here, next to the key the look-up just read,
    /// rather than in a table of its own.
    pub tally: Tally,
}

impl Local {
    /// Add a term with `id`: short with `key` of hash `hash`, else (zero
    /// key) not in `slots`. Where it is in `known`.
    fn add(&mut self, key: Key, hash: Option<u64>, id: u32) -> u32 {
        let at = self.known.len();
        self.known.push((
            key,
            Known {
                id,
                tally: Tally::default(),
            },
        ));
        if let Some(hash) = hash {
            if self.known.len() * 2 > self.slots.len() {
                self.slots = vec![0; (self.slots.len() * 2).max(1024)];
                for k in 0..self.known.len() {
                    if self.known[k].0 != [0; 4] {
                        self.place(tokenize::hash(&self.known[k].0), k);
                    }
                }
            } else {
                self.place(hash, at);
            }
        }
        u32::try_from(at).unwrap_or(u32::MAX)
    }

    /// Put `known[k]`, of hash `hash`, in the first free slot of its probe.
    fn place(&mut self, hash: u64, k: usize) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (hash >> 32 << 32) | (k as u64 + 1);
    }
}

/// Are `a` and `b` the same key? (Word by word, in registers.)
fn same(a: &Key, b: &Key) -> bool {
    (a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]) == 0
}

/// One thread's lookup of term ids, from [`Vocab::with_ids`].
#[derive(Debug)]
pub struct Ids<'a> {
    vocab: &'a Vocab,
    local: &'a mut Local,
}

impl Ids<'_> {
    /// Where `term` is in this thread's table (added if it was never met),
    /// and what is known of it. (Inlined, so the key stays in registers; see
    /// [`super::tokenize::for_each_term`].)
    #[inline(always)]
    pub fn find(&mut self, term: Term) -> (u32, &mut Known) {
        let at = match term {
            Term::Short(key, hash) => self.short(key, hash),
            Term::Long(text) => match self.local.long.get(text) {
                Some(&at) => at,
                None => {
                    let (id, text) = self.vocab.shared_id(text);
                    let at = self.local.add([0; 4], None, id);
                    self.local.long.insert(text, at);
                    at
                }
            },
        };
        (at, self.known(at))
    }

    /// What is known of the term at `at` (from [`Ids::find`]).
    #[inline(always)]
    pub fn known(&mut self, at: u32) -> &mut Known {
        &mut self.local.known[at as usize].1
    }

    #[inline(always)]
    fn short(&mut self, key: Key, hash: u64) -> u32 {
        let local = &mut *self.local;
        let tag = hash >> 32;
        let mask = local.slots.len().wrapping_sub(1);
        let mut i = hash as usize & mask;
        while let Some(&slot) = local.slots.get(i) {
            if slot == 0 {
                break;
            }
            if slot >> 32 == tag {
                let at = slot as u32 - 1;
                if same(&local.known[at as usize].0, &key) {
                    return at;
                }
            }
            i = (i + 1) & mask;
        }
        self.add(key, hash)
    }

    /// A short term this thread meets for the first time.
    #[cold]
    fn add(&mut self, key: Key, hash: u64) -> u32 {
        let (id, _) = self.vocab.shared_id(&Term::Short(key, hash).text());
        self.local.add(key, Some(hash), id)
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
            if local.serial != self.serial {
                *local = Local {
                    serial: self.serial,
                    ..Local::default()
                };
            }
            f(&mut Ids {
                vocab: self,
                local: &mut local,
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
