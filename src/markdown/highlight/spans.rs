//! One highlighted line as HTML: syntect's scope operations become nested
//! `<span class="hl-…">` elements, and spans still open at the end of the
//! line are closed there and reopened on the next, so every line is
//! self-contained. A scope's class list is built once per thread and then
//! looked up, instead of being rebuilt (under syntect's global scope lock)
//! for every token.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use syntect::parsing::{BasicScopeStackOp, Scope, ScopeError, ScopeStack, ScopeStackOp};

use crate::html_escape::push_escaped;

thread_local! {
    /// `hl-meta hl-function hl-rust` for each scope met so far. Grammars
    /// name a bounded set of scopes, so this stays small.
    static CLASSES: RefCell<FxHashMap<Scope, Box<str>>> = RefCell::default();
}

/// Writes the lines of one code block; keeps the scopes open between lines.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LineWriter {
    stack: ScopeStack,
}

impl LineWriter {
    /// Append `line` (newline included) to `out`, marked up by `ops`, the
    /// parser's operations for it (byte offsets into `line`).
    pub fn write(
        &mut self,
        line: &str,
        ops: &[(usize, ScopeStackOp)],
        out: &mut String,
    ) -> Result<(), ScopeError> {
        CLASSES.with_borrow_mut(|classes| {
            for &scope in self.stack.as_slice() {
                open(out, classes, scope);
            }
            // A span opened and closed with no text between is dropped.
            let mut empty_span_at: Option<usize> = None;
            let mut done = 0;
            for (at, op) in ops {
                let at = (*at).min(line.len());
                if at > done {
                    push_escaped(out, &line[done..at]);
                    empty_span_at = None;
                    done = at;
                }
                self.stack.apply_with_hook(op, |basic, _| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        empty_span_at = Some(out.len());
                        open(out, classes, scope);
                    }
                    BasicScopeStackOp::Pop => {
                        match empty_span_at.take() {
                            Some(start) => out.truncate(start),
                            None => out.push_str("</span>"),
                        };
                    }
                })?;
            }
            push_escaped(out, &line[done..]);
            for _ in self.stack.as_slice() {
                out.push_str("</span>");
            }
            Ok(())
        })
    }
}

fn open(out: &mut String, classes: &mut FxHashMap<Scope, Box<str>>, scope: Scope) {
    out.push_str("<span class=\"");
    out.push_str(classes.entry(scope).or_insert_with(|| class_list(scope)));
    out.push_str("\">");
}

/// `source.rust` → `hl-source hl-rust`.
fn class_list(scope: Scope) -> Box<str> {
    let name = scope.build_string();
    let classes: Vec<String> = name
        .split('.')
        .map(|atom| format!("hl-{}", crate::html_escape::escape_attr(atom)))
        .collect();
    classes.join(" ").into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        let mut out = String::new();
        push_escaped(&mut out, "a<b>&\"c\"'");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&quot;&#39;");
    }

    #[test]
    fn empty_spans_are_dropped_and_open_ones_carried_over() {
        let comment = Scope::new("comment.block").unwrap();
        let punct = Scope::new("punctuation").unwrap();
        let mut writer = LineWriter::default();
        let mut first = String::new();
        let ops = [
            (0, ScopeStackOp::Push(punct)),
            (0, ScopeStackOp::Pop(1)),
            (0, ScopeStackOp::Push(comment)),
        ];
        writer.write("/* a\n", &ops, &mut first).unwrap();
        assert_eq!(first, "<span class=\"hl-comment hl-block\">/* a\n</span>");
        let mut second = String::new();
        writer
            .write("b */ x\n", &[(4, ScopeStackOp::Pop(1))], &mut second)
            .unwrap();
        assert_eq!(
            second,
            "<span class=\"hl-comment hl-block\">b */</span> x\n"
        );
    }
}
