//! Finds where a key or an item id sits in the source text of a data file, so
//! that semantic errors (found after serde is done) can still point at a line
//! and column. Works on the text of all three formats without re-parsing:
//! a path of steps is followed forwards through the text, each step searching
//! from where the previous one matched.

/// One step of a path through a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key (`name =`, `name:`, `"name":`, or a TOML header part `[name]` / `[x.name]`).
    Key(String),
    /// The `n`th (0-based) item whose `id` is this value.
    Id(String, usize),
    /// A string value inside an array (`"cio"`, `'cio'` or bare `cio`).
    Value(String),
    /// Any occurrence of this text (e.g. a link inside a Markdown value).
    Text(String),
}

impl Step {
    /// Shorthand for [`Step::Key`].
    pub fn key(name: &str) -> Step {
        Step::Key(name.to_string())
    }

    /// Shorthand for the first item with this id.
    pub fn id(id: &str) -> Step {
        Step::Id(id.to_string(), 0)
    }
}

/// Byte offset of the deepest step of `path` that could be followed, or `None`
/// when not even the first step was found.
pub fn locate(source: &str, path: &[Step]) -> Option<usize> {
    let mut from = 0;
    let mut found = None;
    for step in path {
        let hit = match step {
            Step::Key(name) => find_key(source, from, name),
            Step::Id(id, nth) => find_id(source, from, id, *nth),
            Step::Value(value) => find_value(source, from, value),
            Step::Text(text) => source
                .get(from..)
                .and_then(|rest| rest.find(text.as_str()))
                .map(|i| (from + i, from + i + text.len())),
        };
        match hit {
            Some((start, end)) => {
                found = Some(start);
                from = end;
            }
            None => break,
        }
    }
    found
}

fn is_quote(c: u8) -> bool {
    c == b'"' || c == b'\''
}

/// The first occurrence at or after `from` of `name` used as a key; returns
/// (start of the key including its quote, end of the key).
fn find_key(source: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let bytes = source.as_bytes();
    let mut at = from;
    while let Some(rel) = source.get(at..)?.find(name) {
        let start = at + rel;
        let end = start + name.len();
        at = start + name.len().max(1);
        if let Some(key_start) = key_at(bytes, start, end) {
            return Some((key_start, end));
        }
    }
    None
}

/// If `bytes[start..end]` is used as a key, the start of the key including any
/// opening quote.
fn key_at(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut key_start = start;
    let mut after = end;
    if start > 0 && is_quote(bytes[start - 1]) {
        let q = bytes[start - 1];
        if bytes.get(end) != Some(&q) {
            return None;
        }
        key_start = start - 1;
        after = end + 1;
    }
    let before_ok = key_start == 0
        || matches!(
            bytes[key_start - 1],
            b' ' | b'\t' | b'\n' | b'\r' | b'{' | b',' | b'[' | b'.'
        );
    if !before_ok {
        return None;
    }
    let mut i = after;
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'=' | b':') => Some(key_start),
        // TOML table headers and dotted keys: `[name]`, `[[x.name]]`, `name.sub =`
        Some(b']' | b'.') if after == end => Some(key_start),
        _ => None,
    }
}

/// The `nth` `id` key at or after `from` whose value is `id`; returns the span
/// of the value (including quotes).
fn find_id(source: &str, from: usize, id: &str, nth: usize) -> Option<(usize, usize)> {
    let bytes = source.as_bytes();
    let mut at = from;
    let mut seen = 0;
    while let Some((_, key_end)) = find_key(source, at, "id") {
        at = key_end;
        let mut i = key_end;
        if bytes.get(i).is_some_and(|&c| is_quote(c)) {
            i += 1;
        }
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if !matches!(bytes.get(i), Some(b'=' | b':')) {
            continue;
        }
        i += 1;
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if let Some(end) = value_at(bytes, i, id) {
            if seen == nth {
                return Some((i, end));
            }
            seen += 1;
        }
    }
    None
}

/// If a scalar equal to `value` (quoted or bare) starts at `i`, its end.
fn value_at(bytes: &[u8], i: usize, value: &str) -> Option<usize> {
    let v = value.as_bytes();
    match bytes.get(i) {
        Some(&q) if is_quote(q) => {
            let end = i + 1 + v.len();
            (bytes.get(i + 1..end) == Some(v) && bytes.get(end) == Some(&q)).then_some(end + 1)
        }
        Some(_) => {
            let end = i + v.len();
            let boundary = match bytes.get(end) {
                None => true,
                Some(c) => matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b',' | b'}' | b']' | b'#'),
            };
            (bytes.get(i..end) == Some(v) && boundary).then_some(end)
        }
        None => None,
    }
}

/// The first occurrence at or after `from` of `value` as a scalar in a list.
fn find_value(source: &str, from: usize, value: &str) -> Option<(usize, usize)> {
    let bytes = source.as_bytes();
    let mut at = from;
    while let Some(rel) = source.get(at..)?.find(value) {
        let hit = at + rel;
        at = hit + value.len().max(1);
        let start = if hit > 0 && is_quote(bytes[hit - 1]) {
            hit - 1
        } else {
            hit
        };
        let before_ok =
            start == 0 || matches!(bytes[start - 1], b' ' | b'\t' | b'\n' | b'[' | b',' | b'-');
        if before_ok {
            if let Some(end) = value_at(bytes, start, value) {
                return Some((start, end));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::line_col;

    fn at(source: &str, path: &[Step]) -> Option<(usize, usize)> {
        locate(source, path).map(|o| line_col(source, o))
    }

    #[test]
    fn follows_paths_in_toml() {
        let src = "title = \"x\"\n[[questions]]\nid = \"a\"\n[[questions.answers]]\nid = \"b\"\nweights = { cio = 1, xx = 2 }\n";
        let path = [
            Step::key("questions"),
            Step::id("a"),
            Step::key("answers"),
            Step::id("b"),
            Step::key("weights"),
            Step::key("xx"),
        ];
        assert_eq!(at(src, &path), Some((6, 22)));
        assert_eq!(at(src, &path[..4]), Some((5, 6)));
    }

    #[test]
    fn follows_paths_in_yaml_and_json() {
        let yaml = "options:\n  - id: cio\n  - id: cio\n";
        assert_eq!(
            at(yaml, &[Step::key("options"), Step::Id("cio".into(), 1)]),
            Some((3, 9))
        );
        let json = "{\"options\": [{\"id\": \"cio\"}, {\"id\":\"cto\", \"weights\": {\"x\": 1}}]}";
        let x = json.find("\"x\"").map(|o| line_col(json, o));
        assert_eq!(
            at(
                json,
                &[
                    Step::key("options"),
                    Step::id("cto"),
                    Step::key("weights"),
                    Step::key("x")
                ]
            ),
            x
        );
    }

    #[test]
    fn ignores_partial_words_and_values() {
        let src = "valid = 1\nidx = 2\ntext = \"id = cio\"\nid = \"cio\"\n";
        assert_eq!(at(src, &[Step::id("cio")]), Some((4, 6)));
        let src = "options = [\"cto\", \"cio\"]\n";
        assert_eq!(at(src, &[Step::Value("cio".into())]), Some((1, 19)));
    }

    #[test]
    fn stops_at_the_deepest_step_found() {
        let src = "[[signals]]\nid = \"s\"\n";
        assert_eq!(
            at(
                src,
                &[Step::key("signals"), Step::id("s"), Step::key("nope")]
            ),
            Some((2, 6))
        );
        assert_eq!(at(src, &[Step::key("nope")]), None);
    }
}
