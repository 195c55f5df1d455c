//! What the parser did with a line, remembered per thread. syntect's parser
//! is a pure function of its state and the line: the same state and the same
//! text give the same scope operations and the same next state. Code blocks
//! across a site repeat lines (imports, closing braces, boilerplate), so a
//! line met again in the same state is not parsed again. The output is the
//! same either way; only the regex work is skipped.
//!
//! States are interned by equality (syntect's state has no hash), up to
//! [`MAX_STATES`]; a line whose state is not interned is parsed as usual.
//! The memo is cleared before a block when it has grown past [`MAX_BYTES`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::mem::size_of;

use syntect::parsing::{ParseState, ScopeStackOp, SyntaxReference, SyntaxSet};

/// Distinct parser states kept per thread. Most lines end in one of a few
/// states (top level, inside a block, inside a comment); past this many the
/// lookup by equality would cost more than it saves.
const MAX_STATES: usize = 512;
/// Approximate bytes of remembered lines per thread before starting over.
const MAX_BYTES: usize = 8 << 20;

/// One line's parse: its operations and the id of the state it leaves.
struct Parsed {
    ops: Vec<(usize, ScopeStackOp)>,
    next: usize,
}

/// The per-thread memo.
#[derive(Default)]
struct Memo {
    /// Interned states; a state's id is its index.
    states: Vec<ParseState>,
    /// For each state id, the lines parsed from it.
    lines: Vec<HashMap<Box<str>, Parsed>>,
    bytes: usize,
}

impl Memo {
    /// The id of `state`, interning it when there is room.
    fn intern(&mut self, state: &ParseState) -> Option<usize> {
        if let Some(id) = self.states.iter().position(|s| s == state) {
            return Some(id);
        }
        if self.states.len() == MAX_STATES {
            return None;
        }
        self.states.push(state.clone());
        self.lines.push(HashMap::new());
        Some(self.states.len() - 1)
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Parse the lines of one block with `syntax`, handing each line and its
/// operations to `each` in order.
pub fn parse_lines<'a>(
    syntax: &SyntaxReference,
    syntaxes: &SyntaxSet,
    lines: impl Iterator<Item = &'a str>,
    mut each: impl FnMut(&str, &[(usize, ScopeStackOp)]) -> Option<()>,
) -> Option<()> {
    MEMO.with_borrow_mut(|memo| {
        if memo.bytes > MAX_BYTES {
            *memo = Memo::default();
        }
        // `state` is the parser's state, unless the last lines came from the
        // memo: then `skipped` holds the id of the state they left.
        let mut state = ParseState::new(syntax);
        let mut id = memo.intern(&state);
        let mut skipped = None;
        for line in lines {
            if let Some(parsed) = id.and_then(|i| memo.lines[i].get(line)) {
                each(line, &parsed.ops)?;
                id = Some(parsed.next);
                skipped = id;
                continue;
            }
            if let Some(current) = skipped.take() {
                state = memo.states[current].clone();
            }
            let ops = state.parse_line(line, syntaxes).ok()?;
            each(line, &ops)?;
            let next = memo.intern(&state);
            if let (Some(from), Some(next)) = (id, next) {
                memo.bytes += line.len() + ops.len() * size_of::<(usize, ScopeStackOp)>() + 64;
                memo.lines[from].insert(line.into(), Parsed { ops, next });
            }
            id = next;
        }
        Some(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::util::LinesWithEndings;

    type Ops = Vec<(usize, ScopeStackOp)>;

    fn fresh(syntax: &SyntaxReference, syntaxes: &SyntaxSet, code: &str) -> Vec<Ops> {
        let mut state = ParseState::new(syntax);
        LinesWithEndings::from(code)
            .map(|line| state.parse_line(line, syntaxes).unwrap())
            .collect()
    }

    fn memoised(syntax: &SyntaxReference, syntaxes: &SyntaxSet, code: &str) -> Vec<Ops> {
        let mut all = Vec::new();
        parse_lines(syntax, syntaxes, LinesWithEndings::from(code), |_, ops| {
            all.push(ops.to_vec());
            Some(())
        })
        .unwrap();
        all
    }

    #[test]
    fn a_remembered_line_parses_as_it_would_fresh() {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let rust = syntaxes.find_syntax_by_token("rust").unwrap();
        let python = syntaxes.find_syntax_by_token("python").unwrap();
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
                assert_eq!(
                    memoised(syntax, &syntaxes, code),
                    fresh(syntax, &syntaxes, code),
                    "{code}"
                );
            }
        }
    }
}
