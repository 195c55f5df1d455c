//! Where Markdown shows text as code, told from the text without a parse:
//! fenced code blocks (a line of three or more `` ` `` or `~`, closed by a
//! line of the same character at least as long) and code spans (a run of
//! backticks to the next run of the same length in its paragraph). The
//! shortcode scanner skips them; the link locator
//! (`crate::links::sources`) tells a URL shown as code from a link by them.

use std::ops::Range;

/// The fence a line opens, from its first character that is not
/// whitespace (`trimmed`): the fence's character and length.
pub fn fence_open(trimmed: &str) -> Option<(u8, usize)> {
    let ch = *trimmed.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let run = trimmed.bytes().take_while(|c| *c == ch).count();
    (run >= 3).then_some((ch, run))
}

/// Does the line `trimmed` (from its first character that is not
/// whitespace) close the fence `open` ([`fence_open`])?
pub fn fence_closes(trimmed: &str, (ch, len): (u8, usize)) -> bool {
    let run = trimmed.bytes().take_while(|c| *c == ch).count();
    run >= len && trimmed[run..].trim().is_empty()
}

/// The end of the paragraph that byte `at` of `text` is in: its next blank
/// line, or the end.
pub fn paragraph_end(text: &str, at: usize) -> usize {
    text[at..].find("\n\n").map_or(text.len(), |n| at + n)
}

/// The end (past its closing run) of the code span whose opening run of
/// backticks starts at `at`, closed before `para_end`; `None` where no run
/// of the same length closes it there.
pub fn span_end(text: &str, at: usize, para_end: usize) -> Option<usize> {
    let run = text[at..].bytes().take_while(|b| *b == b'`').count();
    let ticks = &text[at..at + run];
    let mut from = at + run;
    while let Some(i) = text[from..para_end].find(ticks) {
        let close = from + i;
        let len = text[close..].bytes().take_while(|b| *b == b'`').count();
        if len == run {
            return Some(close + run);
        }
        from = close + len;
    }
    None
}

/// The byte ranges of `text` Markdown shows as code: its fenced blocks (an
/// unclosed one to the end) and its code spans.
pub fn ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // The open fence, and where its block starts.
    let mut open: Option<((u8, usize), usize)> = None;
    // Code spans and lines are looked at from here on.
    let mut next = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let end = at + line.len();
        if at >= next {
            let trimmed = line.trim_start();
            match open {
                Some((fence, start)) => {
                    if fence_closes(trimmed, fence) {
                        ranges.push(start..end);
                        open = None;
                    }
                    next = end;
                }
                None => match fence_open(trimmed) {
                    Some(fence) => {
                        open = Some((fence, at));
                        next = end;
                    }
                    None => next = at,
                },
            }
        }
        // Code spans that start on this line (one may end on a later one).
        while let Some(tick) = (open.is_none() && next < end)
            .then(|| text[next..end].find('`'))
            .flatten()
        {
            let start = next + tick;
            match span_end(text, start, paragraph_end(text, start)) {
                Some(span) => {
                    ranges.push(start..span);
                    next = span;
                }
                None => next = start + text[start..].bytes().take_while(|b| *b == b'`').count(),
            }
        }
        at = end;
    }
    if let Some((_, start)) = open {
        ranges.push(start..text.len());
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_found_by_fences_and_backticks() {
        let text =
            "a `x` b\n```html\n<a href=\"#t\">\n```\n~~~~\n```\nstill\n~~~~\n``y`` `z\nend\n";
        let shown: Vec<&str> = ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            shown,
            [
                "`x`",
                "```html\n<a href=\"#t\">\n```\n",
                "~~~~\n```\nstill\n~~~~\n",
                "``y``"
            ]
        );
        // A span may go on to the next line of its paragraph, not past it.
        let lines = "a `b\nc` d `e\n\nf`\n";
        let spans: Vec<&str> = ranges(lines).into_iter().map(|r| &lines[r]).collect();
        assert_eq!(spans, ["`b\nc`"]);
        let open = "```\nno end\n";
        assert_eq!(ranges(open), vec![0..open.len()]);
    }
}
