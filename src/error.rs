//! The one error type of the library: every failure says where it happened
//! (file, line, column), what was found, and what would have been accepted.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with the user's input or environment, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// File the problem is in, relative to the site root when possible.
    pub path: Option<PathBuf>,
    /// 1-based line in `path`.
    pub line: Option<usize>,
    /// 1-based column (in characters) in `path`.
    pub column: Option<usize>,
    /// What went wrong, in one sentence.
    pub message: String,
    /// The offending line of source text, shown under the message.
    pub snippet: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Error {
    /// An error with a message and no location yet.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            path: None,
            line: None,
            column: None,
            message: message.into(),
            snippet: None,
            hint: None,
        }
    }

    /// Attach the file the error is about.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Attach a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Attach a line and column computed from a byte offset into `source`, and
    /// show that source line as the snippet.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(line, column).with_snippet_line(source, line)
    }

    /// Show line `line` (1-based) of `source` under the message.
    pub fn with_snippet_line(mut self, source: &str, line: usize) -> Self {
        self.snippet = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end().to_string());
        self
    }

    /// Add a hint saying how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Add a "did you mean" hint when one of `candidates` is close to `found`.
    pub fn suggesting<'a>(
        self,
        found: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        match closest(found, candidates) {
            Some(best) => self.with_hint(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// An I/O failure on `path`.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Error::new(format!("cannot read or write this file: {err}")).in_file(path)
    }

    /// `path:line:col`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            (Some(l), None) => format!("{path}:{l}"),
            _ => path,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = self.location() {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.map(|l| l.to_string()).unwrap_or_default();
            let (shown, col) = window(snippet, self.column);
            write!(f, "\n {gutter} | {shown}")?;
            if let Some(col) = col {
                let pad = " ".repeat(gutter.len());
                let lead: String = shown
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {pad} | {lead}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Snippet lines longer than this many characters are cut around the column.
const SNIPPET_CHARS: usize = 200;

/// The part of `line` to show, and the column in it: all of it when short,
/// else [`SNIPPET_CHARS`] characters around `column`, with `…` where cut
/// (a minified line of 100 kB would bury the message).
fn window(line: &str, column: Option<usize>) -> (std::borrow::Cow<'_, str>, Option<usize>) {
    let len = line.chars().count();
    if len <= SNIPPET_CHARS {
        return (line.into(), column);
    }
    let at = column.unwrap_or(1).saturating_sub(1).min(len);
    let start = at
        .saturating_sub(SNIPPET_CHARS / 2)
        .min(len - SNIPPET_CHARS);
    let end = start + SNIPPET_CHARS;
    let mut shown = String::with_capacity(SNIPPET_CHARS + 8);
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(SNIPPET_CHARS));
    if end < len {
        shown.push('…');
    }
    let col = column.map(|_| at - start + 1 + usize::from(start > 0));
    (shown.into(), col)
}

/// `bytes` read from the file `display` as text; invalid UTF-8 is an error
/// at the line and column where the valid text stops.
pub fn utf8_text(display: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Error::new("file is not valid UTF-8 text")
            .in_file(display)
            .at_offset(&prefix, valid)
            .with_hint("save the file as UTF-8")
    })
}

/// Every error found in one build: a build reports all of them, not just the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// Add one error.
    pub fn push(&mut self, err: Error) {
        self.0.push(err);
    }

    /// True when nothing went wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Error> for Errors {
    fn from(err: Error) -> Self {
        Errors(vec![err])
    }
}

impl From<Vec<Error>> for Errors {
    fn from(errs: Vec<Error>) -> Self {
        Errors(errs)
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, err) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "error: {err}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Errors {}

/// Problems that do not stop a build (Zola settings versus ignores, links
/// a lenient `link_check` lets through), printed as `warning: …`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings(pub Vec<Error>);

impl fmt::Display for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, warning) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "warning: {warning}")?;
        }
        Ok(())
    }
}

/// 1-based (line, column) of byte `offset` in `source`; columns count characters.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// The candidate closest to `found` by edit distance, if it is close enough to
/// be a plausible typo.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(found, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let src = "ab\ncdé\nf";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 7), (2, 4));
        assert_eq!(line_col(src, 8), (3, 1));
        assert_eq!(line_col(src, 999), (3, 2));
    }

    #[test]
    fn display_shows_location_snippet_and_hint() {
        let src = "title = 1\ntilte = 2\n";
        let err = Error::new("unknown key `tilte`")
            .in_file("versus.toml")
            .at_offset(src, 10)
            .suggesting("tilte", ["title", "theme"]);
        let text = err.to_string();
        assert!(
            text.starts_with("versus.toml:2:1: unknown key `tilte`"),
            "{text}"
        );
        assert!(text.contains("2 | tilte = 2"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn long_snippet_lines_are_cut_around_the_column() {
        let line = format!("{}BAD{}", "a".repeat(5000), "b".repeat(5000));
        let err = Error::new("here").in_file("x").at_offset(&line, 5000);
        let text = err.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].chars().count() < 220, "{}", lines[1]);
        assert!(lines[1].contains("…aaa") && lines[1].contains("BADbbb"));
        assert!(lines[1].ends_with('…'));
        // The caret still points at `BAD`.
        let caret = lines[2].chars().count() - 1;
        assert_eq!(lines[1].chars().nth(caret), Some('B'), "{text}");
        // Near the start: no leading cut.
        let err = Error::new("here").in_file("x").at_offset(&line, 2);
        let text = err.to_string();
        assert!(
            text.lines().nth(1).unwrap().starts_with(" 1 | aaa"),
            "{text}"
        );
    }

    #[test]
    fn closest_ignores_distant_words() {
        assert_eq!(closest("zzz", ["title", "theme"]), None);
        assert_eq!(closest("thme", ["title", "theme"]), Some("theme"));
    }
}
