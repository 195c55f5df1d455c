//! Shortcodes in Markdown, in Zola's syntax: `{{ name(key="value", n=3) }}`,
//! and with a body, `{% name(args) %}…{% end %}`. Calls may span lines;
//! `{{/* … */}}` and `{%/* … */%}` are shown literally (as `{{ … }}`).
//! Calls in code (fenced blocks, code spans) are left alone.
//!
//! The scan is pure: each call is handed to an `expand` function, which
//! returns Markdown (spliced into the text before parsing) or HTML (left as
//! a placeholder that the renderer swaps for it afterwards).

mod args;

use std::borrow::Cow;
use std::collections::HashMap;

use args::{ident_len, parse_call, skip_space};

use super::code;

/// Shortcode bodies may hold calls with bodies this deep, no deeper.
pub const MAX_DEPTH: usize = 16;

/// One shortcode call found in a Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    /// Template name: `shortcodes/<name>.html` or `shortcodes/<name>.md`.
    pub name: String,
    /// Arguments, passed to the template as top-level variables.
    pub args: serde_json::Map<String, serde_json::Value>,
    /// Byte offset of the `{{` or `{%` in the original body.
    pub offset: usize,
    /// True when the call stands alone on its line(s) (rendered as a block).
    pub block: bool,
    /// The Markdown between `{% name(…) %}` and `{% end %}`.
    pub body: Option<CallBody>,
    /// How many calls of this shortcode came before it in the text, plus one.
    pub nth: usize,
}

/// The body of a `{% name(…) %}…{% end %}` call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallBody {
    /// The text, as written.
    pub text: String,
    /// Byte offset of its start in the original body.
    pub offset: usize,
}

/// What a call becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Expansion {
    /// HTML, put in place after the Markdown is rendered.
    Html(String),
    /// Markdown, rendered as part of the page (a `.md` shortcode).
    Markdown(String),
}

/// A body with its shortcodes expanded: Markdown in place, HTML as placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted<'a> {
    /// The body, each HTML call replaced by [`placeholder`] (borrowed when
    /// nothing was replaced).
    pub text: Cow<'a, str>,
    /// The HTML of each placeholder: call `i` became `placeholder(i)`.
    pub inserts: Vec<String>,
    /// The call each placeholder stands for (for its search text).
    pub calls: Vec<ShortcodeCall>,
    /// Replaced stretches, in order, to map offsets in `text` back.
    spans: Vec<Span>,
}

/// `text[at..at + len]` replaced `original[orig..orig + orig_len]`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    at: usize,
    len: usize,
    orig: usize,
    orig_len: usize,
}

impl Extracted<'_> {
    /// Offset in the original body of `offset` in the extracted text (the
    /// start of the call for an offset inside a shortcode's output).
    pub fn original_offset(&self, offset: usize) -> usize {
        let mut delta: isize = 0;
        for span in &self.spans {
            if offset < span.at {
                break;
            }
            if offset < span.at + span.len {
                return span.orig;
            }
            delta += span.orig_len as isize - span.len as isize;
        }
        (offset as isize + delta).max(0) as usize
    }
}

/// The marker left in the text for HTML insert `i`: private-use characters
/// that Markdown passes through untouched.
pub fn placeholder(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// A shortcode that could not be parsed or expanded: byte offset and message.
pub type SyntaxError = (usize, String);

/// Turns one call into its output; errors carry offsets in the original body.
pub type Expand<'e> = dyn FnMut(&ShortcodeCall) -> Result<Expansion, Vec<SyntaxError>> + 'e;

/// Find all shortcode calls, skipping code, and expand each with `expand`.
pub fn extract<'a>(body: &'a str, expand: &mut Expand) -> Result<Extracted<'a>, Vec<SyntaxError>> {
    if !may_call_shortcodes(body) {
        return Ok(Extracted {
            text: Cow::Borrowed(body),
            inserts: Vec::new(),
            calls: Vec::new(),
            spans: Vec::new(),
        });
    }
    let mut scan = Scan {
        body,
        text: String::with_capacity(body.len()),
        copied: 0,
        inserts: Vec::new(),
        calls: Vec::new(),
        spans: Vec::new(),
        errors: Vec::new(),
        nth: HashMap::new(),
        para_end: 0,
        unclosed: Vec::new(),
        no_closer: [false; 2],
    };
    scan.run(expand);
    if scan.errors.is_empty() {
        scan.text.push_str(&body[scan.copied..]);
        Ok(Extracted {
            text: Cow::Owned(scan.text),
            inserts: scan.inserts,
            calls: scan.calls,
            spans: scan.spans,
        })
    } else {
        Err(scan.errors)
    }
}

/// Is there a `{{` or a `{%` in `body`? (One pass with memchr: the
/// standard library's substring search, run twice over every page's text,
/// cost a few thousand instructions a page.)
fn may_call_shortcodes(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|at| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
}

struct Scan<'a> {
    body: &'a str,
    text: String,
    /// `body[..copied]` is in `text` (or was replaced).
    copied: usize,
    inserts: Vec<String>,
    calls: Vec<ShortcodeCall>,
    spans: Vec<Span>,
    errors: Vec<SyntaxError>,
    nth: HashMap<String, usize>,
    /// End of the paragraph the last code span was looked for in.
    para_end: usize,
    /// Lengths of backtick runs with no closing run before `para_end`.
    unclosed: Vec<usize>,
    /// No `*/}}` (0) or `*/%}` (1) after some point: escapes there are text.
    no_closer: [bool; 2],
}

impl Scan<'_> {
    fn run(&mut self, expand: &mut Expand) {
        let body = self.body;
        let bytes = body.as_bytes();
        let mut pos = 0;
        let mut line_start = true;
        let mut fence: Option<(u8, usize)> = None;
        while pos < body.len() {
            if line_start {
                let line_end = body[pos..].find('\n').map_or(body.len(), |n| pos + n + 1);
                let trimmed = body[pos..line_end].trim_start();
                if let Some(open) = fence {
                    if code::fence_closes(trimmed, open) {
                        fence = None;
                    }
                    self.unescape(pos, line_end);
                    pos = line_end;
                    continue;
                }
                if let Some(open) = code::fence_open(trimmed) {
                    fence = Some(open);
                    self.unescape(pos, line_end);
                    pos = line_end;
                    continue;
                }
                line_start = false;
            }
            let Some(next) = body[pos..].find(['\n', '`', '{']) else {
                break;
            };
            pos += next;
            match bytes[pos] {
                b'\n' => {
                    pos += 1;
                    line_start = true;
                }
                b'`' => pos = self.code_span(pos),
                _ => pos = self.brace(pos, expand),
            }
        }
    }

    /// Skip the code span starting at `at` (its escapes still shown literally).
    /// A span ends in its paragraph; a run of backticks with no closing run
    /// there is remembered, so later runs of its length do not look again
    /// (many lone backticks in a long paragraph would be quadratic).
    fn code_span(&mut self, at: usize) -> usize {
        let body = self.body;
        let run = body[at..].bytes().take_while(|b| *b == b'`').count();
        if self.para_end <= at {
            self.para_end = code::paragraph_end(body, at);
            self.unclosed.clear();
        }
        if self.unclosed.contains(&run) {
            return at + run;
        }
        if let Some(end) = code::span_end(body, at, self.para_end) {
            self.unescape(at, end);
            return end;
        }
        self.unclosed.push(run);
        at + run
    }

    /// Handle the `{` at `at`: an escape, a call, or text. Returns where to go on.
    fn brace(&mut self, at: usize, expand: &mut Expand) -> usize {
        let body = self.body;
        let rest = &body[at..];
        for (k, (open, close, shown)) in [
            ("{{/*", "*/}}", ("{{", "}}")),
            ("{%/*", "*/%}", ("{%", "%}")),
        ]
        .into_iter()
        .enumerate()
        {
            // Once an escape's closer is missing, later ones lack it too.
            if rest.starts_with(open) && !self.no_closer[k] {
                match rest[4..].find(close) {
                    Some(end) => {
                        let close_at = at + 4 + end;
                        self.replace(at, at + 4, shown.0);
                        self.replace(close_at, close_at + 4, shown.1);
                        return close_at + 4;
                    }
                    None => self.no_closer[k] = true,
                }
            }
        }
        // Other generators' forms (Hugo's `{{< name … >}}` and
        // `{{% name … %}}`; abridge's newest content writes
        // `{{<name … />}}` for a newer Zola): named, not shown as text.
        if let Some(form) = ["{{<", "{{%"].into_iter().find(|f| rest.starts_with(f)) {
            let name_at = skip_space(body, at + form.len());
            let name = &body[name_at..name_at + ident_len(&body[name_at..])];
            if !name.is_empty() {
                self.errors.push((
                    at,
                    format!(
                        "`{form} {name} …` is a shortcode form versus does not read (Hugo's \
                         `{{{{< name >}}}}`, or a newer Zola's): versus reads \
                         `{{{{ {name}(key=\"value\") }}}}`; put it in backticks to show it as text"
                    ),
                ));
                return at + form.len();
            }
        }
        let with_body = if rest.starts_with("{{") {
            false
        } else if rest.starts_with("{%") {
            true
        } else {
            return at + 1;
        };
        let Some(parsed) = parse_call(body, at + 2) else {
            if with_body && is_end_tag(body, at).is_some() {
                self.errors.push((
                    at,
                    "`{% end %}` closes no shortcode: there is no `{% name(…) %}` before it".into(),
                ));
            }
            return at + 2;
        };
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.errors.push(e);
                return at + 2;
            }
        };
        let closer = if with_body { "%}" } else { "}}" };
        let tag_end = skip_space(body, parsed.end);
        if !body[tag_end..].starts_with(closer) {
            self.errors.push((
                tag_end,
                format!(
                    "shortcode `{}`: expected `{closer}` after the call's `)`",
                    parsed.name
                ),
            ));
            return at + 2;
        }
        let mut end = tag_end + 2;
        let mut call_body = None;
        if with_body {
            match find_end(body, end) {
                Some((end_at, after)) => {
                    call_body = Some(CallBody {
                        text: body[end..end_at].to_string(),
                        offset: end,
                    });
                    end = after;
                }
                None => {
                    self.errors.push((
                        at,
                        format!(
                            "shortcode `{}` has a body but no `{{% end %}}`: close it with `{{% end %}}` on a line of its own, or call it as `{{{{ {}(…) }}}}`",
                            parsed.name, parsed.name
                        ),
                    ));
                    return body.len();
                }
            }
        }
        let line_before = &body[body[..at].rfind('\n').map_or(0, |n| n + 1)..at];
        let line_after = &body[end..body[end..].find('\n').map_or(body.len(), |n| end + n)];
        let nth = self.nth.entry(parsed.name.clone()).or_insert(0);
        *nth += 1;
        let call = ShortcodeCall {
            name: parsed.name,
            args: parsed.args,
            offset: at,
            block: line_before.trim().is_empty() && line_after.trim().is_empty(),
            body: call_body,
            nth: *nth,
        };
        match expand(&call) {
            Ok(Expansion::Markdown(md)) => self.replace(at, end, &md),
            Ok(Expansion::Html(html)) => {
                let marker = placeholder(self.inserts.len());
                self.inserts.push(html);
                self.calls.push(call);
                self.replace(at, end, &marker);
            }
            Err(errors) => self.errors.extend(errors),
        }
        end
    }

    /// Replace `body[from..to]` with `with` in the text.
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        self.text.push_str(&self.body[self.copied..from]);
        self.spans.push(Span {
            at: self.text.len(),
            len: with.len(),
            orig: from,
            orig_len: to - from,
        });
        self.text.push_str(with);
        self.copied = to;
    }

    /// Show the escapes in `body[from..to]` (code) literally.
    fn unescape(&mut self, from: usize, to: usize) {
        let mut at = from;
        while at < to {
            let next = ["{{/*", "{%/*"]
                .iter()
                .filter_map(|o| self.body[at..to].find(o).map(|i| (at + i, *o)))
                .min();
            let Some((open_at, open)) = next else { break };
            let close = if open == "{{/*" { "*/}}" } else { "*/%}" };
            let Some(close_at) = self.body[open_at + 4..to]
                .find(close)
                .map(|i| open_at + 4 + i)
            else {
                break;
            };
            self.replace(open_at, open_at + 4, &open[..2]);
            self.replace(close_at, close_at + 4, &close[2..]);
            at = close_at + 4;
        }
    }
}

/// If `{% end %}` starts at `at`, where it ends.
fn is_end_tag(body: &str, at: usize) -> Option<usize> {
    let name = skip_space(body, at + 2);
    let len = ident_len(&body[name..]);
    let close = skip_space(body, name + len);
    (&body[name..name + len] == "end" && body[close..].starts_with("%}")).then_some(close + 2)
}

/// The `{% end %}` that closes a body starting at `from` (nested bodies
/// counted): where it starts and ends.
fn find_end(body: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 1;
    let mut at = from;
    while let Some(i) = body[at..].find("{%") {
        let tag = at + i;
        if body[tag..].starts_with("{%/*") {
            at = body[tag..].find("*/%}").map_or(tag + 2, |n| tag + n + 4);
            continue;
        }
        if let Some(end) = is_end_tag(body, tag) {
            depth -= 1;
            if depth == 0 {
                return Some((tag, end));
            }
            at = end;
            continue;
        }
        if let Some(Ok(p)) = parse_call(body, tag + 2) {
            if body[skip_space(body, p.end)..].starts_with("%}") {
                depth += 1;
            }
        }
        at = tag + 2;
    }
    None
}

/// The names of the shortcodes `body` calls, with the calls in their bodies
/// (sorted, each once), found by the same scan as [`extract`]: what a theme
/// needs to know before rendering, such as whether any page shows tabs.
/// Calls that do not parse are left out (rendering reports them).
pub fn called_names(body: &str) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    collect_names(body, &mut names, 0);
    names.into_iter().collect()
}

fn collect_names(body: &str, names: &mut std::collections::BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut bodies = Vec::new();
    let _ = extract(body, &mut |call| {
        names.insert(call.name.clone());
        if let Some(inner) = &call.body {
            bodies.push(inner.text.clone());
        }
        Ok(Expansion::Html(String::new()))
    });
    for inner in bodies {
        collect_names(&inner, names, depth + 1);
    }
}

#[cfg(test)]
mod tests;
