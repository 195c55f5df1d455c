//! What highlighting made of a line, remembered for the whole process.
//! syntect's parser is a pure function of its state and the line, and the
//! HTML writer of its open scopes and the parser's operations: the same
//! state and the same text give the same HTML and the same next state. Code
//! blocks across a site repeat lines (imports, closing braces, boilerplate),
//! so a line met again in the same state is neither parsed nor written
//! again, only copied. The output is the same either way.
//!
//! The render threads share the memo, so a distinct line is highlighted once
//! per process rather than once per thread. A block holds the lock while its
//! remembered lines are copied out and lets go of it while a new line is
//! parsed (the regex work, tens of microseconds a line).
//!
//! States are interned by equality (syntect's state has no hash), up to
//! [`MAX_STATES`]; a line whose state is not interned is highlighted as
//! usual. The memo is cleared before a block when it has grown past
//! [`MAX_BYTES`]; the dev server's rebuilds share it too. A block that was
//! parsing a line while another cleared the memo sees the generation change
//! and does not record that line under a state id from before the clear.

use std::sync::{Mutex, MutexGuard};

use rustc_hash::FxHashMap;
use syntect::parsing::{ParseState, SyntaxReference};

use super::spans::LineWriter;
use super::SYNTAXES;

/// Distinct states kept. Most lines end in one of a few states (top level,
/// inside a block, inside a comment); past this many the lookup by equality
/// would cost more than it saves.
const MAX_STATES: usize = 512;
/// Approximate bytes of remembered lines before starting over.
const MAX_BYTES: usize = 16 << 20;

/// Where a block stands between two lines: the parser's state and the
/// scopes the writer has open.
#[derive(Clone, PartialEq, Eq)]
struct State {
    parser: ParseState,
    writer: LineWriter,
}

// SAFETY: `ParseState` is not `Send` only because, inside a context whose
// end pattern refers back to the match that entered it (heredocs, raw
// strings), it keeps that match's `onig::Region`: a C struct that owns
// malloc'd arrays of capture positions, with no pointer into shared data and
// no tie to the thread that made it (onig itself declares its `Regex` `Send`
// and `Sync`). Moving one to another thread, and cloning or dropping it
// there, is as safe as for a `Vec<i32>`; the memo only does so under its lock.
unsafe impl Send for State {}

/// One line's HTML and the id of the state it leaves.
struct Line {
    html: Box<str>,
    next: usize,
}

struct Memo {
    /// Bumped by every clear: state ids from another generation mean nothing.
    generation: u64,
    /// Interned states; a state's id is its index.
    states: Vec<State>,
    /// For each state id, the lines highlighted from it.
    lines: Vec<FxHashMap<Box<str>, Line>>,
    bytes: usize,
}

impl Memo {
    /// The id of `state`, interning it when there is room.
    fn intern(&mut self, state: &State) -> Option<usize> {
        if let Some(id) = self.states.iter().position(|s| s == state) {
            return Some(id);
        }
        if self.states.len() == MAX_STATES {
            return None;
        }
        self.states.push(state.clone());
        self.lines.push(FxHashMap::default());
        Some(self.states.len() - 1)
    }

    fn clear(&mut self) {
        self.generation += 1;
        self.states.clear();
        self.lines.clear();
        self.bytes = 0;
    }
}

static MEMO: Mutex<Memo> = Mutex::new(Memo {
    generation: 0,
    states: Vec::new(),
    lines: Vec::new(),
    bytes: 0,
});

fn lock() -> MutexGuard<'static, Memo> {
    MEMO.lock().unwrap_or_else(|poisoned| {
        // A panic with the lock held may have left a line half recorded.
        let mut memo = poisoned.into_inner();
        memo.clear();
        MEMO.clear_poison();
        memo
    })
}

/// Highlight the lines of one block with `syntax`, handing each line's HTML
/// to `each` in order: spans still open at the end of a line are closed
/// there and reopened on the next, so every line is self-contained. `None`
/// when the parser or the writer fails, after `each` has had the lines
/// before the failing one.
pub fn highlight_lines<'a>(
    syntax: &SyntaxReference,
    lines: impl Iterator<Item = &'a str>,
    mut each: impl FnMut(&str),
) -> Option<()> {
    // `state` is where the block stands, unless the last lines came from
    // the memo: then `skipped` holds the id of the state they left.
    let mut state = State {
        parser: ParseState::new(syntax),
        writer: LineWriter::default(),
    };
    let mut memo = lock();
    if memo.bytes > MAX_BYTES {
        memo.clear();
    }
    let mut id = memo.intern(&state);
    let mut skipped = None;
    let mut html = String::new();
    for line in lines {
        if let Some(known) = id.and_then(|i| memo.lines[i].get(line)) {
            each(&known.html);
            id = Some(known.next);
            skipped = id;
            continue;
        }
        if let Some(current) = skipped.take() {
            state = memo.states[current].clone();
        }
        let generation = memo.generation;
        drop(memo);
        let ops = state.parser.parse_line(line, &SYNTAXES).ok()?;
        html.clear();
        state.writer.write(line, &ops, &mut html).ok()?;
        each(&html);
        memo = lock();
        if memo.generation != generation {
            id = None;
        }
        let next = memo.intern(&state);
        if let (Some(from), Some(next)) = (id, next) {
            memo.bytes += line.len() + html.len() + 64;
            let html = html.as_str().into();
            memo.lines[from].insert(line.into(), Line { html, next });
        }
        id = next;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::util::LinesWithEndings;

    fn fresh(syntax: &SyntaxReference, code: &str) -> Vec<String> {
        let mut parser = ParseState::new(syntax);
        let mut writer = LineWriter::default();
        LinesWithEndings::from(code)
            .map(|line| {
                let ops = parser.parse_line(line, &SYNTAXES).unwrap();
                let mut html = String::new();
                writer.write(line, &ops, &mut html).unwrap();
                html
            })
            .collect()
    }

    fn memoised(syntax: &SyntaxReference, code: &str) -> Vec<String> {
        let mut all = Vec::new();
        highlight_lines(syntax, LinesWithEndings::from(code), |html| {
            all.push(html.to_string())
        })
        .unwrap();
        all
    }

    #[test]
    fn a_remembered_line_comes_out_as_it_would_fresh() {
        let rust = SYNTAXES.find_syntax_by_token("rust").unwrap();
        let python = SYNTAXES.find_syntax_by_token("python").unwrap();
        // The same text in different states: `b */` is comment text after
        // `/* a` and code elsewhere; `"""` opens or closes a string.
        let blocks = [
            (rust, "/* a\nb */\nfn x() {}\n"),
            (rust, "b */\nfn x() {}\n/* a\nb */\n"),
            (rust, "fn x() {\n    b */\n}\nfn x() {}\n"),
            (python, "x = 1\n\"\"\"\nx = 1\n\"\"\"\nx = 1\n"),
            (python, "\"\"\"\nx = 1\n"),
        ];
        for _ in 0..2 {
            for (syntax, code) in blocks {
                assert_eq!(memoised(syntax, code), fresh(syntax, code), "{code}");
            }
        }
    }

    #[test]
    fn threads_sharing_the_memo_agree_with_fresh_output() {
        let rust = SYNTAXES.find_syntax_by_token("rust").unwrap();
        let blocks: Vec<String> = (0..40)
            .map(|i| format!("/* {i}\n*/ fn f{i}() {{\n    let s = \"{i}\";\n}}\n// {i}\n"))
            .collect();
        std::thread::scope(|scope| {
            for t in 0..4 {
                let blocks = &blocks;
                scope.spawn(move || {
                    for code in blocks.iter().skip(t).chain(blocks) {
                        assert_eq!(memoised(rust, code), fresh(rust, code), "{code}");
                    }
                });
            }
        });
        // A clear between blocks, as when the memo is full, changes nothing.
        lock().clear();
        for code in &blocks {
            assert_eq!(memoised(rust, code), fresh(rust, code), "{code}");
        }
    }
}
