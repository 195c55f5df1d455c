//! The inside of a shortcode call, `name(key="value", n=3, list=[1, 2])`:
//! Zola's argument syntax, read with every error at the byte it concerns.

use serde_json::{Map, Number, Value};

use super::SyntaxError;

/// Names a call's arguments may not take: the template sees these already.
/// (`body` may be one, as in Zola, for a call without a body: that call's
/// template sees it as its body.)
const RESERVED: &[&str] = &["page", "section", "config", "nth"];

/// A call read from the text: its name and arguments, and where it ends.
#[derive(Debug)]
pub struct Parsed {
    pub name: String,
    pub args: Map<String, Value>,
    /// Offset just past the closing `)`.
    pub end: usize,
}

/// The length of the identifier (`[A-Za-z0-9_]+`) at the start of `text`.
pub fn ident_len(text: &str) -> usize {
    text.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()
}

/// Skip spaces, tabs and line breaks from `at`.
pub fn skip_space(text: &str, mut at: usize) -> usize {
    while at < text.len() && text.as_bytes()[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// Read `name(args)` starting at `at` in `text`. `None` when the text there
/// is not a call at all (no name followed by `(`): it stays text.
pub fn parse_call(text: &str, at: usize) -> Option<Result<Parsed, SyntaxError>> {
    let start = skip_space(text, at);
    let len = ident_len(&text[start..]);
    let open = skip_space(text, start + len);
    if len == 0 || text.as_bytes().get(open) != Some(&b'(') {
        return None;
    }
    let name = text[start..start + len].to_string();
    Some(parse_args(text, open + 1, &name).map(|(args, end)| Parsed { name, args, end }))
}

fn parse_args(
    text: &str,
    mut at: usize,
    name: &str,
) -> Result<(Map<String, Value>, usize), SyntaxError> {
    let mut args = Map::new();
    let err = |at: usize, msg: String| (at, format!("shortcode `{name}`: {msg}"));
    loop {
        at = skip_space(text, at);
        match text.as_bytes().get(at) {
            None => return Err(err(at, "the call has no closing `)`".into())),
            Some(b')') => return Ok((args, at + 1)),
            _ => {}
        }
        let key_len = ident_len(&text[at..]);
        if key_len == 0 {
            return Err(err(
                at,
                format!(
                    "expected an argument name, found `{}`",
                    snippet(&text[at..])
                ),
            ));
        }
        let key = &text[at..at + key_len];
        if RESERVED.contains(&key) {
            return Err(err(
                at,
                format!("`{key}` cannot be an argument: shortcode templates already see `{key}`; rename it"),
            ));
        }
        if args.contains_key(key) {
            return Err(err(at, format!("argument `{key}` is given twice")));
        }
        let key_at = at;
        at = skip_space(text, at + key_len);
        if text.as_bytes().get(at) != Some(&b'=') {
            return Err(err(
                at,
                format!("expected `=` after `{key}` (arguments are written `key=value`)"),
            ));
        }
        at = skip_space(text, at + 1);
        let (value, end) = parse_value(text, at, true).map_err(|(at, m)| err(at, m))?;
        args.insert(text[key_at..key_at + key_len].to_string(), value);
        at = skip_space(text, end);
        match text.as_bytes().get(at) {
            Some(b',') => at += 1,
            Some(b')') => {}
            // Zola's grammar reads `a="x" b="y"` (no comma) as two runs of
            // arguments, and real sites write it: so does versus.
            Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => {}
            None => return Err(err(at, "the call has no closing `)`".into())),
            Some(_) => {
                return Err(err(
                    at,
                    format!(
                        "expected `,`, `)` or another argument after an argument, found `{}`",
                        snippet(&text[at..])
                    ),
                ))
            }
        }
    }
}

/// A string (`"…"`, `'…'` or `` `…` ``), `true`/`false`, a number, or (when
/// `array` is allowed) an array of those. Returns the value and its end.
fn parse_value(text: &str, at: usize, array: bool) -> Result<(Value, usize), SyntaxError> {
    let rest = &text[at..];
    match rest.bytes().next() {
        Some(q @ (b'"' | b'\'' | b'`')) => {
            let close = rest[1..]
                .find(q as char)
                .ok_or_else(|| (at, format!("this string has no closing {}", q as char)))?;
            Ok((
                Value::String(rest[1..1 + close].to_string()),
                at + close + 2,
            ))
        }
        Some(b'[') if array => {
            let mut items = Vec::new();
            let mut pos = skip_space(text, at + 1);
            loop {
                match text.as_bytes().get(pos) {
                    None => return Err((at, "this array has no closing `]`".into())),
                    Some(b']') => return Ok((Value::Array(items), pos + 1)),
                    _ => {}
                }
                let (item, end) = parse_value(text, pos, false)?;
                items.push(item);
                pos = skip_space(text, end);
                match text.as_bytes().get(pos) {
                    Some(b',') => pos = skip_space(text, pos + 1),
                    Some(b']') => {}
                    None => return Err((at, "this array has no closing `]`".into())),
                    Some(_) => {
                        return Err((
                            pos,
                            format!(
                                "expected `,` or `]` in an array, found `{}`",
                                snippet(&text[pos..])
                            ),
                        ))
                    }
                }
            }
        }
        Some(b'[') => Err((at, "arrays cannot hold arrays".into())),
        None => Err((at, "expected a value".into())),
        Some(_) => {
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.' | b'_'))
                .count();
            let word = &rest[..len];
            let value = match word {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => {
                    if let Ok(n) = word.parse::<i64>() {
                        n.into()
                    } else if let Some(n) = word
                        .parse::<f64>()
                        .ok()
                        .filter(|_| word.contains('.'))
                        .and_then(Number::from_f64)
                    {
                        Value::Number(n)
                    } else {
                        return Err((
                            at,
                            format!(
                                "`{}` is not a string, number, boolean or array (quote strings)",
                                snippet(rest)
                            ),
                        ));
                    }
                }
            };
            Ok((value, at + len))
        }
    }
}

/// The start of `text`, short enough for a message.
fn snippet(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(i, c)| *i >= 20 || *c == '\n' || (*i > 0 && matches!(c, ',' | ')' | ' ')))
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(text: &str) -> Result<Parsed, SyntaxError> {
        parse_call(text, 0).expect("a call")
    }

    #[test]
    fn reads_every_kind_of_value() {
        let p =
            call("f(a=\"x\", b='y', c=`z`, d=3, e=-1.5, f=true, g=[1, \"two\", false])").unwrap();
        assert_eq!(p.name, "f");
        assert_eq!(p.args["a"], "x");
        assert_eq!(p.args["b"], "y");
        assert_eq!(p.args["c"], "z");
        assert_eq!(p.args["d"], 3);
        assert_eq!(p.args["e"], -1.5);
        assert_eq!(p.args["f"], true);
        assert_eq!(p.args["g"], serde_json::json!([1, "two", false]));
    }

    #[test]
    fn spans_lines() {
        let text = "f(\n  a=1,\n  b=[\n    \"x\",\n  ],\n)";
        let p = call(text).unwrap();
        assert_eq!(p.end, text.len());
        assert_eq!(p.args["b"], serde_json::json!(["x"]));
    }

    /// Zola reads arguments with no comma between them (tabi's demo
    /// content writes `dark_src="…" alt="…"`).
    #[test]
    fn arguments_without_a_comma_are_read_as_zola_reads_them() {
        let p = call("f(a=\"x\" b=2\n c=[1] , d=true)").unwrap();
        assert_eq!(p.args["a"], "x");
        assert_eq!(p.args["b"], 2);
        assert_eq!(p.args["c"], serde_json::json!([1]));
        assert_eq!(p.args["d"], true);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let text = "f(a=1, b=oops)";
        assert_eq!(call(text).unwrap_err().0, text.find("oops").unwrap());
        let missing = call("f(a=1 \"b\")").unwrap_err();
        assert_eq!(missing.0, 6);
        assert_eq!(
            missing.1,
            "shortcode `f`: expected `,`, `)` or another argument after an argument, found `\"b\"`"
        );
        assert!(call("f(a=1, a=2)").unwrap_err().1.contains("twice"));
        assert!(call("f(page=1)")
            .unwrap_err()
            .1
            .contains("cannot be an argument"));
        assert!(call("f(a=[[1]])").unwrap_err().1.contains("arrays"));
        assert!(call("f(a=\"x)").unwrap_err().1.contains("no closing \""));
        assert!(parse_call("not a call", 0).is_none());
    }
}
