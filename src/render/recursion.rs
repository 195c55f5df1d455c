//! Templates that would recurse without end. Tera has no depth limit: a
//! template that includes itself, or a macro that calls itself with no way
//! out, overflows the stack and aborts the whole process (`versus serve`
//! too). Include cycles are found in the sources before
//! anything renders ([`cycles`]); a macro's recursion depends on the data,
//! so each macro body that calls a macro starts with a call to [`Guard`],
//! which fails the render once the stack it uses passes [`STACK_LIMIT`].
//! (A macro that calls none cannot recurse, and is spared the call: the
//! default theme's are called thousands of times a build.)

use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::Error;

/// The name the guard function is registered under.
pub const GUARD: &str = "__versus_guard";

/// Stack a render may use below its first macro call: far more than any
/// real template needs, and well inside the 2 MiB a Rust thread gets.
const STACK_LIMIT: usize = 1024 * 1024;

/// `text` with a [`Guard`] call at the start of every macro body that calls
/// a macro (has a `::` in it). Only the compiled copy changes: errors still
/// point into the source as written.
pub fn guard_macros(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    for (at, _) in text.match_indices("{%") {
        let Some(len) = text[at..].find("%}") else {
            break;
        };
        let tag = &text[at + 2..at + len];
        let Some(rest) = tag
            .trim_start_matches('-')
            .trim_start()
            .strip_prefix("macro ")
        else {
            continue;
        };
        let name = rest.trim_start();
        let name = &name[..name.find(['(', ' ']).unwrap_or(name.len())];
        let end = at + len + 2;
        if !calls_a_macro(&text[end..]) {
            continue;
        }
        out.push_str(&text[copied..end]);
        // After `-%}` the next whitespace is trimmed: keep it so.
        let trim = if tag.ends_with('-') { "-" } else { "" };
        out.push_str(&format!("{{{{ {GUARD}(name=\"{name}\") {trim}}}}}"));
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Does the macro body starting `rest` (up to its `endmacro`) call a macro?
fn calls_a_macro(rest: &str) -> bool {
    let mut from = 0;
    let body_end = loop {
        let Some(open) = rest[from..].find("{%") else {
            break rest.len();
        };
        let tag = rest[from + open + 2..].trim_start_matches('-').trim_start();
        if tag.starts_with("endmacro") {
            break from + open;
        }
        from += open + 2;
    };
    rest[..body_end].contains("::")
}

/// The Tera function called at the start of each macro body: renders
/// nothing, and fails when the stack has grown past [`STACK_LIMIT`] since
/// the shallowest macro call seen on this thread.
pub struct Guard;

thread_local! {
    /// The stack address of the shallowest guard call on this thread.
    static BASE: Cell<usize> = const { Cell::new(0) };
}

impl tera::Function for Guard {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        let base = BASE.get();
        // Stacks grow down on every platform Rust supports well.
        if base == 0 || here > base {
            BASE.set(here);
        } else if base - here > STACK_LIMIT {
            let name = args.get("name").and_then(|v| v.as_str()).unwrap_or("?");
            BASE.set(0);
            return Err(tera::Error::msg(format!(
                "the macro `{name}` calls itself (directly or through other macros) without end"
            )));
        }
        Ok(tera::Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Include cycles among `all` (name → (file shown, text)):
/// one error per cycle, at the tag that closes it.
pub fn cycles(all: &HashMap<String, (PathBuf, String)>) -> Vec<Error> {
    let mut names: Vec<&String> = all.keys().collect();
    names.sort();
    let mut state: HashMap<&str, Visit> = HashMap::new();
    let mut errors = Vec::new();
    for name in names {
        let mut path = Vec::new();
        visit(name, all, &mut state, &mut path, &mut errors);
    }
    errors
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    Open,
    Done,
}

fn visit<'a>(
    name: &'a str,
    all: &'a HashMap<String, (PathBuf, String)>,
    state: &mut HashMap<&'a str, Visit>,
    path: &mut Vec<&'a str>,
    errors: &mut Vec<Error>,
) {
    if state.contains_key(name) {
        return;
    }
    let Some((display, text)) = all.get(name) else {
        return;
    };
    state.insert(name, Visit::Open);
    path.push(name);
    for (offset, target) in included(text) {
        let Some((target, _)) = all.get_key_value(target) else {
            continue;
        };
        match state.get(target.as_str()) {
            Some(Visit::Open) => {
                let from = path.iter().position(|n| n == target).unwrap_or(0);
                let mut chain: Vec<&str> = path[from..].to_vec();
                chain.push(target);
                errors.push(
                    Error::new(format!(
                        "templates include each other without end: {}",
                        chain.join(" → ")
                    ))
                    .in_file(display)
                    .at_offset(text, offset)
                    .with_hint("a template cannot include itself; for recursion (a tree of sections), use a macro that calls itself"),
                );
            }
            Some(Visit::Done) => {}
            None => visit(target, all, state, path, errors),
        }
    }
    path.pop();
    state.insert(name, Visit::Done);
}

/// (offset of the name, name) of every template an `{% include %}` tag in
/// `text` names (tags inside `{# comments #}` do not count).
fn included(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find(['{']).map(|i| from + i) {
        let rest = &text[open..];
        from = open + 1;
        if rest.starts_with("{#") {
            from = rest.find("#}").map_or(text.len(), |end| open + end + 2);
            continue;
        }
        if !rest.starts_with("{%") {
            continue;
        }
        let body = &rest[2..rest.find("%}").unwrap_or(rest.len())];
        let tag = body.trim_start_matches(['-', ' ', '\n', '\t', '\r']);
        let Some(names) = tag.strip_prefix("include") else {
            continue;
        };
        let names_at = open + 2 + body.len() - names.len();
        let mut at = 0;
        while let Some(quote_at) = names[at..].find(['"', '\'']) {
            let quote = &names[at + quote_at..at + quote_at + 1];
            let start = at + quote_at + 1;
            let Some(len) = names[start..].find(quote) else {
                break;
            };
            found.push((names_at + start, &names[start..start + len]));
            at = start + len + 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(list: &[(&str, &str)]) -> HashMap<String, (PathBuf, String)> {
        list.iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (PathBuf::from(format!("templates/{n}")), t.to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn include_cycles_are_found_at_the_closing_tag() {
        let errs = cycles(&set(&[("page.html", "<p>\n{% include \"page.html\" %}")]));
        assert_eq!(errs.len(), 1);
        let text = errs[0].to_string();
        assert!(text.starts_with("templates/page.html:2:13"), "{text}");
        assert!(text.contains("page.html → page.html"), "{text}");
        let errs = cycles(&set(&[
            ("a.html", "{% include \"b.html\" %}"),
            (
                "b.html",
                "{# {% include 'b.html' %} #} x {%- include 'a.html' -%}",
            ),
            ("c.html", "{% include \"a.html\" %}"),
        ]));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].to_string().contains("a.html → b.html → a.html"));
        assert!(cycles(&set(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "")
        ]))
        .is_empty());
    }

    #[test]
    fn bodies_of_macros_that_call_macros_start_with_the_guard() {
        let text = "{% macro a(x) %}A{{ self::b() }}{% endmacro %}\n{%- macro b() -%}\n B{{ m::a(x=1) }}{% endmacro b %}";
        let guarded = guard_macros(text);
        assert_eq!(
            guarded,
            "{% macro a(x) %}{{ __versus_guard(name=\"a\") }}A{{ self::b() }}{% endmacro %}\n{%- macro b() -%}{{ __versus_guard(name=\"b\") -}}\n B{{ m::a(x=1) }}{% endmacro b %}"
        );
        // One that calls none cannot recurse: left as it is.
        let leaf = "{% macro c() %}{% if x %}C{% endif %}{% endmacro c %}{% macro d() %}{{ self::c() }}{% endmacro d %}";
        assert_eq!(
            guard_macros(leaf),
            "{% macro c() %}{% if x %}C{% endif %}{% endmacro c %}{% macro d() %}{{ __versus_guard(name=\"d\") }}{{ self::c() }}{% endmacro d %}"
        );
    }
}
