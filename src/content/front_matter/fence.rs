//! Cutting a Markdown file into its front matter and its body: the fences
//! (`+++` for TOML, `---` for YAML), blank lines and a BOM before them, and
//! the errors of a fence that is glued to text or never closed.

use std::path::Path;

use crate::error::Error;

/// Which syntax a front matter block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines.
    Yaml,
}

/// A file cut into its front matter and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// Syntax and text of the front matter, if the file has any.
    pub front: Option<(Format, &'a str)>,
    /// Byte offset of the front matter text in the file.
    pub front_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Cut `source` into front matter and body. A file that opens a front matter
/// block but never closes it is an error.
pub fn split<'a>(file: &Path, source: &'a str) -> Result<Split<'a>, Error> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    // Blank lines before the opening fence are allowed (as Zola does).
    let start = bom + blank_lines(&source[bom..]);
    let text = &source[start..];
    let (fence, format) = if is_fence(text, "+++") {
        ("+++", Format::Toml)
    } else if is_fence(text, "---") {
        ("---", Format::Yaml)
    } else if let Some(fence) = broken_fence(text) {
        let (line, _) = crate::error::line_col(source, start);
        return Err(Error::new(format!(
            "the front matter fence `{fence}` must be alone on its line"
        ))
        .in_file(file)
        .at(line, 4)
        .with_snippet_line(source, line)
        .with_hint(format!(
            "put a line break after `{fence}`, then the front matter, then a closing `{fence}` line"
        )));
    } else {
        return Ok(Split {
            front: None,
            front_offset: bom,
            body: &source[bom..],
            body_offset: bom,
        });
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let front = &text[first_line_end..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                front: Some((format, front)),
                front_offset: start + first_line_end,
                body: &text[body_start..],
                body_offset: start + body_start,
            });
        }
        offset += line.len();
    }
    Err(Error::new(format!(
        "front matter opened with `{fence}` is never closed"
    ))
    .in_file(file)
    .at_offset(source, start)
    .with_hint(format!(
        "add a line containing only `{fence}` after the front matter"
    )))
}

fn is_fence(text: &str, fence: &str) -> bool {
    text.strip_prefix(fence).is_some_and(|rest| {
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        line.trim_end().is_empty()
    })
}

/// Bytes of the blank lines at the start of `text`.
fn blank_lines(text: &str) -> usize {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        if !line.ends_with('\n') || !line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    end
}

/// `+++` (or `---`) with something glued to it on the first line: meant as
/// a fence, but it would be read as body text (`---` followed by more
/// dashes is a Markdown rule and is left alone).
fn broken_fence(text: &str) -> Option<&'static str> {
    if text.starts_with("+++") {
        Some("+++")
    } else if text
        .strip_prefix("---")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric()))
    {
        Some("---")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_offset_follows_fence() {
        let src = "+++\ntitle = \"A\"\n+++\nHello";
        let s = split(Path::new("a.md"), src).unwrap();
        assert_eq!(s.body, "Hello");
        assert_eq!(&src[s.body_offset..], "Hello");
    }
}
