//! HTML that many outputs share, scanned for links once rather than in
//! every output: a theme's header, nav and footer, rendered once by
//! `cached_partial` and put in every page. The partial notes what it hands
//! to the template ([`note`]); when the output reaches the link index on
//! the same thread, [`scan`] finds each noted fragment in it and takes the
//! fragment's scan, made once per thread, instead of reading those bytes
//! again (a third of a default-theme page). Text made for one output but
//! put in it more than once (a table of contents shown beside the article
//! and again above it on small screens) is noted too ([`note_own`]), and
//! read once for that output.
//!
//! Nothing here can change what a scan finds: a fragment is known by its
//! whole text, and used only where [`html::scan_with`] would read it just as
//! it reads it alone. A note that does not match the output (its text was
//! filtered, or the notes are another output's) is not found, and the
//! output is read as a whole.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::html::{self, Known, Scanned};

/// Scans kept per thread, at most: past it they start afresh (a site whose
/// partials differ on every page gains nothing, and holds nothing).
const CAPACITY: usize = 256;

/// One fragment handed to a template.
struct Note {
    /// The text as it went into the output.
    text: String,
    /// Where its scan comes from.
    source: Source,
}

/// Where a noted text's scan comes from.
enum Source {
    /// The fragment it was made from, which many outputs share: the same
    /// text, or one that differs from it only by attributes that hold no
    /// URL and no id (`aria-current`), so its scan is the same. Scans are
    /// kept by it.
    Shared(Arc<str>),
    /// The text itself, made for this output alone and taken wherever it
    /// is in the output: scanned once, for this output.
    Own,
}

/// A fragment's scan, kept with the fragment: `None` for one that leaves a
/// comment, tag or raw text open ([`html::scan_fragment`]).
type Entry = (Arc<str>, Option<Arc<Scanned>>);

thread_local! {
    /// What this thread's current output was given, in order.
    static NOTES: RefCell<Vec<Note>> = const { RefCell::new(Vec::new()) };
    /// Fragments scanned on this thread, by the address of their text:
    /// the entry holds the text, so no other text can have that address
    /// while it is kept (and the text is not hashed on every lookup).
    static SCANNED: RefCell<FxHashMap<usize, Entry>> = RefCell::new(FxHashMap::default());
}

/// Start the notes of a new output on this thread.
pub fn forget() {
    NOTES.with_borrow_mut(Vec::clear);
}

/// Note that `text` went into the output this thread is rendering, made
/// from `fragment`: the same text, or one that differs from it only by
/// attributes that hold no URL and no id.
pub fn note(text: String, fragment: Arc<str>) {
    let source = Source::Shared(fragment);
    NOTES.with_borrow_mut(|notes| notes.push(Note { text, source }));
}

/// Note that `text`, made for the output this thread is rendering, went
/// into it, maybe more than once.
pub fn note_own(text: String) {
    let source = Source::Own;
    NOTES.with_borrow_mut(|notes| notes.push(Note { text, source }));
}

/// [`html::scan`] of `output`, taking the noted fragments' scans where
/// they are found in it; the notes are used up.
pub fn scan(output: &str) -> Scanned {
    let notes = NOTES.with_borrow_mut(std::mem::take);
    if notes.is_empty() {
        return html::scan(output);
    }
    let mut known = Vec::with_capacity(notes.len());
    let mut from = 0;
    for note in notes {
        let bytes = output.as_bytes();
        match note.source {
            Source::Shared(fragment) => {
                let Some(start) = find(bytes, from, note.text.as_bytes()) else {
                    continue;
                };
                let end = start + note.text.len();
                if let Some(scanned) = scanned(fragment) {
                    known.push(Known {
                        start,
                        end,
                        scanned,
                        lasting: true,
                    });
                    from = end;
                }
            }
            Source::Own => {
                // Scanned when first found, then taken at every place.
                let mut own = None;
                while let Some(start) = find(bytes, from, note.text.as_bytes()) {
                    let own =
                        own.get_or_insert_with(|| html::scan_fragment(&note.text).map(Arc::new));
                    let Some(scanned) = own else { break };
                    let end = start + note.text.len();
                    known.push(Known {
                        start,
                        end,
                        scanned: scanned.clone(),
                        lasting: false,
                    });
                    from = end;
                }
            }
        }
    }
    html::scan_with(output, &known)
}

/// Where `text` is in `haystack`, from `from` on. Its first bytes are
/// searched for and the rest compared where they are: a searcher for the
/// whole text (a few kilobytes) costs more to set up than the search.
fn find(haystack: &[u8], mut from: usize, text: &[u8]) -> Option<usize> {
    let head = &text[..text.len().min(32)];
    if head.is_empty() {
        return None;
    }
    let finder = memchr::memmem::Finder::new(head);
    while let Some(at) = finder.find(haystack.get(from..)?) {
        let start = from + at;
        if haystack[start..].starts_with(text) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// The scan of `fragment` on its own, made once per thread.
fn scanned(fragment: Arc<str>) -> Option<Arc<Scanned>> {
    SCANNED.with_borrow_mut(|cache| {
        let address = fragment.as_ptr() as usize;
        if let Some((_, found)) = cache.get(&address) {
            return found.clone();
        }
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        let scanned = html::scan_fragment(&fragment).map(Arc::new);
        cache.insert(address, (fragment, scanned.clone()));
        scanned
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAV: &str = "<nav id=\"site-nav\">\n<a href=\"/a/\">A</a>\n<a href=\"b/\">B</a></nav>";

    fn page(nav: &str) -> String {
        format!(
            "<html>\n<head><link rel=stylesheet href=/s.css></head>\n<body>{nav}\n\
             <main><h1 id=\"top\">T</h1><a href=\"#top\">up</a></main></body></html>"
        )
    }

    #[test]
    fn a_noted_fragment_gives_the_scan_a_whole_read_gives() {
        let html = page(NAV);
        forget();
        note(NAV.to_string(), NAV.into());
        assert_eq!(scan(&html).flattened(), html::scan(&html));
        // Marked as the current page: the same scan, taken from the
        // unmarked fragment's.
        let marked = NAV.replace("href=\"/a/\"", "href=\"/a/\" aria-current=\"page\"");
        let html = page(&marked);
        note(marked, NAV.into());
        let s = scan(&html).flattened();
        assert_eq!(s, html::scan(&html));
        assert_eq!(s.ids, ["site-nav", "top"]);
        let lines: Vec<usize> = s.links.iter().map(|l| l.line).collect();
        assert_eq!(lines, [2, 4, 5, 6]);
    }

    #[test]
    fn fragments_are_used_only_where_a_whole_read_would_read_them_alike() {
        // In a comment, in a script, in an attribute, not in the output,
        // and one that leaves a comment open: each output is read whole.
        let open = "<a href=/x>x</a><!-- open";
        for (html, noted) in [
            (format!("<!-- {NAV} --><a href=/after>"), NAV),
            (
                format!("<script>let n = '{NAV}';</script><a href=/after>"),
                NAV,
            ),
            (format!("<div title='{NAV}'><a href=/after>"), NAV),
            (page(""), NAV),
            (
                format!("<p>{open}<a href=/hidden> --><a href=/after>"),
                open,
            ),
        ] {
            forget();
            note(noted.to_string(), noted.into());
            assert_eq!(scan(&html).flattened(), html::scan(&html), "{html}");
        }
        assert!(html::scan_fragment(open).is_none());
    }

    #[test]
    fn a_fragment_is_read_once_per_thread() {
        // Its kept scan is what the output gets: a scan planted for it
        // shows, where reading the output would not find it.
        let fragment: Arc<str> = NAV.into();
        let planted = Scanned {
            ids: vec!["planted".into()],
            ..Scanned::default()
        };
        SCANNED.with_borrow_mut(|cache| {
            let entry = (fragment.clone(), Some(Arc::new(planted)));
            cache.insert(fragment.as_ptr() as usize, entry)
        });
        forget();
        note(NAV.to_string(), fragment);
        assert_eq!(scan(&page(NAV)).ids, ["planted", "top"]);
    }

    #[test]
    fn own_text_is_taken_at_every_place_it_is_put() {
        let toc = "<ol class=\"toc\">\n  <li><a href=\"#top\">T</a></li>\n</ol>";
        let twice = format!("<aside>{toc}</aside>\n<main id=\"top\">\n{toc}</main>");
        let html = page(&twice);
        forget();
        note(NAV.to_string(), NAV.into());
        note_own(toc.to_string());
        let s = scan(&html).flattened();
        assert_eq!(s, html::scan(&html));
        let lines: Vec<usize> = s.links.iter().map(|l| l.line).collect();
        assert_eq!(lines, [2, 4, 8, 10]);
        // Where one place is in a comment, that place is read as a whole
        // read reads it (not at all); the other is taken.
        let hidden = page(&format!("<!-- {toc} -->\n<main id=\"top\">{toc}</main>"));
        note_own(toc.to_string());
        assert_eq!(scan(&hidden).flattened(), html::scan(&hidden));
        // Text that leaves a tag open is read in the output, every time.
        let open = "<a href=\"#top\" title=\"";
        let odd = page(&format!("{open}\">x</a> {open}\">y</a>"));
        note_own(open.to_string());
        assert_eq!(scan(&odd).flattened(), html::scan(&odd));
    }

    #[test]
    fn notes_are_used_up() {
        forget();
        note(NAV.to_string(), NAV.into());
        let _ = scan(&page(NAV));
        NOTES.with_borrow(|notes| assert!(notes.is_empty()));
    }
}
