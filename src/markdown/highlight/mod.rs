//! Syntax highlighting of fenced code blocks at build time (syntect), as CSS
//! classes (`hl-keyword`, `hl-string`, …) so one stylesheet can carry a light
//! and a dark palette. The fence's info string picks the language and turns
//! on line numbers and highlighted lines: ```` ```rust,linenos,hl_lines=2-3 ````.
//! Unknown languages are shown as plain escaped text; nothing here fails.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::html_escape::{escape_attr, push_escaped_text};

mod memo;
mod spans;

/// The grammars, loaded once per process on first use: an immutable cache,
/// not site state (loading the dump costs tens of milliseconds).
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Above this size a block is shown unhighlighted: the regex engine can take
/// seconds on pathological input, and nobody reads such a block for colour.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;
/// Same for a single very long line (minified code, data dumps).
const MAX_HIGHLIGHT_LINE: usize = 8 * 1024;
/// Language tokens whose grammar is remembered per thread.
const MAX_TOKENS: usize = 256;

/// What a fence's info string asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fence {
    /// The language token (`rust`, `toml`); empty when none was given.
    pub lang: String,
    /// Show line numbers.
    pub linenos: bool,
    /// Number of the first line (`linenostart=10`).
    pub start: usize,
    /// Highlighted lines, as inclusive ranges of 1-based numbers.
    pub hl_lines: Vec<(usize, usize)>,
}

impl Fence {
    /// Parse an info string: `lang,opt,opt=value`. Unknown options and
    /// malformed values are ignored, like Zola does, rather than failing.
    pub fn parse(info: &str) -> Fence {
        let mut fence = Fence {
            start: 1,
            ..Fence::default()
        };
        for (i, part) in info.split(',').enumerate() {
            let part = part.trim();
            let (key, value) = match part.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim())),
                None => (part, None),
            };
            match (key, value) {
                ("linenos", None) => fence.linenos = true,
                ("linenostart", Some(v)) => {
                    if let Ok(n) = v.parse::<usize>() {
                        fence.start = n;
                    }
                }
                ("hl_lines", Some(v)) => fence.hl_lines.extend(parse_ranges(v)),
                (lang, None) if i == 0 => {
                    // `rust {.class}` or `rust title="x"`: the language is the first word.
                    fence.lang = lang.split_whitespace().next().unwrap_or("").to_string();
                }
                _ => {}
            }
        }
        fence
    }

    /// Is line `n` (1-based, counted from the block's first line) highlighted?
    fn is_highlighted(&self, n: usize) -> bool {
        self.hl_lines.iter().any(|&(a, b)| a <= n && n <= b)
    }

    /// Does the block need one element per line?
    fn per_line(&self) -> bool {
        self.linenos || !self.hl_lines.is_empty()
    }
}

/// `2-3 5 7-` → [(2,3), (5,5)]; bad pieces are skipped.
fn parse_ranges(value: &str) -> Vec<(usize, usize)> {
    value
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter_map(|piece| {
            let (a, b) = match piece.split_once('-') {
                Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
                None => {
                    let n = piece.trim().parse().ok()?;
                    (n, n)
                }
            };
            (a <= b).then_some((a, b))
        })
        .collect()
}

/// The HTML of one code block: `<pre>` with highlighted spans when `lang` is
/// known, escaped text otherwise.
pub fn code_block(info: &str, code: &str) -> String {
    let fence = Fence::parse(info);
    let syntax = if fence.lang.is_empty()
        || code.len() > MAX_HIGHLIGHT_BYTES
        || code.lines().any(|l| l.len() > MAX_HIGHLIGHT_LINE)
    {
        None
    } else {
        syntax_for(&fence.lang)
    };

    let mut html = String::with_capacity(code.len() * 2 + 64);
    html.push_str("<pre class=\"code");
    if syntax.is_some() {
        html.push_str(" hl-code");
    }
    if fence.per_line() {
        html.push_str(" lines");
    }
    html.push('"');
    if !fence.lang.is_empty() {
        let _ = write!(html, " data-lang=\"{}\"", escape_attr(&fence.lang));
    }
    html.push_str("><code");
    if !fence.lang.is_empty() {
        let _ = write!(html, " class=\"language-{}\"", escape_attr(&fence.lang));
    }
    html.push('>');
    let body = html.len();
    let mut lines = Lines::new(&fence, code);
    let highlighted = syntax.and_then(|syntax| {
        memo::highlight_lines(syntax, LinesWithEndings::from(code), |line| {
            lines.push(&mut html, line);
        })
    });
    if highlighted.is_none() {
        html.truncate(body);
        lines = Lines::new(&fence, code);
        let mut escaped = String::new();
        for line in LinesWithEndings::from(code) {
            escaped.clear();
            push_escaped_text(&mut escaped, line);
            lines.push(&mut html, &escaped);
        }
    }
    html.push_str("</code></pre>\n");
    html
}

/// The grammar for a fence's language token, remembered per thread: syntect
/// looks a token up by comparing it with every grammar's extensions and name.
/// Only the first [`MAX_TOKENS`] distinct tokens are remembered, since they
/// come from the content.
fn syntax_for(token: &str) -> Option<&'static SyntaxReference> {
    thread_local! {
        static FOUND: RefCell<FxHashMap<Box<str>, Option<&'static SyntaxReference>>> =
            RefCell::default();
    }
    FOUND.with_borrow_mut(|found| {
        if let Some(&syntax) = found.get(token) {
            return syntax;
        }
        let syntax = SYNTAXES.find_syntax_by_token(token);
        if found.len() < MAX_TOKENS {
            found.insert(token.into(), syntax);
        }
        syntax
    })
}

/// Appends the lines of a block, each (newline included) as self-contained
/// HTML, wrapped in its own element when the fence asks for line numbers or
/// highlighted lines.
struct Lines<'f> {
    fence: &'f Fence,
    /// Lines pushed so far.
    count: usize,
    /// Digits of the line numbers.
    width: usize,
}

impl<'f> Lines<'f> {
    fn new(fence: &'f Fence, code: &str) -> Lines<'f> {
        let width = if fence.linenos {
            let total = LinesWithEndings::from(code).count();
            fence.start.saturating_add(total).to_string().len()
        } else {
            0
        };
        Lines {
            fence,
            count: 0,
            width,
        }
    }

    fn push(&mut self, html: &mut String, line: &str) {
        let fence = self.fence;
        let i = self.count;
        self.count += 1;
        if !fence.per_line() {
            html.push_str(line);
            return;
        }
        let class = if fence.is_highlighted(i + 1) {
            "line hl"
        } else {
            "line"
        };
        let _ = write!(html, "<span class=\"{class}\">");
        if fence.linenos {
            let _ = write!(
                html,
                "<span class=\"ln\" aria-hidden=\"true\">{:>width$}</span>",
                fence.start.saturating_add(i),
                width = self.width
            );
        }
        // The newline goes after the line's element: lines are inline blocks
        // (so a highlighted line's background spans the width) and copying
        // the code must give one newline per line, not two.
        match line.rfind('\n') {
            Some(n) => {
                html.push_str(&line[..n]);
                html.push_str(&line[n + 1..]);
                html.push_str("</span>\n");
            }
            None => {
                html.push_str(line);
                html.push_str("</span>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_string_options() {
        let f = Fence::parse("rust,linenos,hl_lines=2-3 5,linenostart=10");
        assert_eq!(f.lang, "rust");
        assert!(f.linenos);
        assert_eq!(f.start, 10);
        assert_eq!(f.hl_lines, vec![(2, 3), (5, 5)]);
        assert!(f.is_highlighted(3) && !f.is_highlighted(4));
        let f = Fence::parse("hl_lines=9-1 x, linenostart=-3");
        assert_eq!(f.lang, "");
        assert!(f.hl_lines.is_empty());
        assert_eq!(f.start, 1);
    }

    #[test]
    fn huge_line_number_start_does_not_overflow() {
        let html = code_block("rust,linenos,linenostart=18446744073709551615", "a\nb\n");
        assert!(html.contains("18446744073709551615"), "{html}");
    }

    #[test]
    fn known_language_gets_classes() {
        let html = code_block("rust", "fn main() { let s = \"<b>\"; }\n");
        assert!(html.contains("hl-keyword"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let html = code_block("nosuchlang", "<script>alert(1)</script>\n");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code class=\"language-nosuchlang\">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn lines_are_self_contained() {
        // A comment spanning lines: each line must close what it opened.
        let html = code_block("rust,linenos,hl_lines=2", "/* a\nb */\nfn x() {}\n");
        let lines: Vec<&str> = html.split("<span class=\"line").skip(1).collect();
        assert_eq!(lines.len(), 3, "{html}");
        for line in &lines {
            let body = line.split("</code>").next().unwrap_or(line);
            assert!(body.ends_with("</span>\n"), "{line}");
            let opens = body.matches("<span").count() + 1;
            let closes = body.matches("</span>").count();
            assert_eq!(opens, closes, "{line}");
        }
        assert!(lines[1].starts_with(" hl\">"), "{html}");
        assert!(html.contains("<span class=\"ln\" aria-hidden=\"true\">1</span>"));
    }
}
