//! Heading ids (unique on a page: `a`, `a-1`, …) and the nested table of
//! contents.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::TocEntry;

/// Heading ids given out so far on one page.
#[derive(Default)]
pub(super) struct UsedIds {
    ids: HashSet<String>,
    /// Per base id, the next `-n` suffix to try: a page of 20,000 equal
    /// headings tried 1, 2, … again for each one (quadratic: 16 s).
    next: HashMap<String, usize>,
}

/// `base`, or `base-1`, `base-2`, … when that id is taken on the page.
pub(super) fn unique_id(base: String, used: &mut UsedIds) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    if used.ids.insert(base.clone()) {
        return base;
    }
    let mut n = used.next.get(&base).copied().unwrap_or(1);
    let mut id = String::with_capacity(base.len() + 4);
    loop {
        id.clear();
        id.push_str(&base);
        id.push('-');
        id.push_str(&n.to_string());
        n += 1;
        if used.ids.insert(id.clone()) {
            used.next.insert(base, n);
            return id;
        }
    }
}

pub(super) fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut root = Vec::new();
    for (level, id, title) in flat {
        insert(
            &mut root,
            TocEntry {
                level,
                id,
                title,
                children: Vec::new(),
            },
        );
    }
    root
}
