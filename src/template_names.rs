//! The names of the templates a Tera template's text pulls in
//! (`import`, `include`, `extends`), read from the text before anything is
//! compiled: the theme loader follows a Zola site's shortcodes through
//! them (`zola::templates`), and the render finds what a template's
//! includes reach (`render::templates`). And a named argument of a call,
//! read from the text ([`argument`]): the template a `cached_partial`
//! call renders, a `load_data` call that names a `url`.

/// What is written for the argument `name` in `args`, the text after a
/// call's `(`: the rest from just after its `=`, from its first character
/// that is not whitespace. `None` where no argument has that name (`path`
/// in `data_path=` or `path == x` is none).
pub fn argument<'a>(args: &'a str, name: &str) -> Option<&'a str> {
    args.match_indices(name).find_map(|(at, _)| {
        let before = args[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let value = args[at + name.len()..].trim_start().strip_prefix('=')?;
        (!value.starts_with('=')).then(|| value.trim_start())
    })
}

/// The template names a template's text refers to: `{% import "…" %}`,
/// `{% include "…" %}` (or a list of names) and `{% extends "…" %}`.
pub fn referenced(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{%") {
        rest = &rest[at + 2..];
        let tag = rest.strip_prefix('-').unwrap_or(rest).trim_start();
        let Some(args) = ["import", "include", "extends"]
            .iter()
            .find_map(|kw| tag.strip_prefix(kw))
            .filter(|args| args.starts_with(char::is_whitespace))
        else {
            continue;
        };
        let end = args.find("%}").unwrap_or(args.len());
        let args = args[..end].trim_start();
        // A name, or `[a, b]` for an include: the quoted strings up to
        // what follows them (`as x`, `ignore missing`).
        let quoted = match args.strip_prefix('[') {
            Some(list) => &list[..list.find(']').unwrap_or(list.len())],
            None => args,
        };
        let mut chars = quoted;
        while let Some(q) = chars.find(['"', '\'']) {
            let quote = &chars[q..q + 1];
            let after = &chars[q + 1..];
            let Some(close) = after.find(quote) else {
                break;
            };
            names.push(&after[..close]);
            chars = &after[close + 1..];
            if !args.starts_with('[') {
                break;
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_argument_is_read_from_the_call() {
        assert_eq!(
            argument(r#"path="a.html", key=1)"#, "path"),
            Some(r#""a.html", key=1)"#)
        );
        assert_eq!(argument(r#" key=x, path = 'b' "#, "path"), Some("'b' "));
        assert_eq!(argument("data_path=1, x=path", "path"), None);
        assert_eq!(argument("path == x, url=u)", "path"), None);
        assert_eq!(argument("path == x, url=u)", "url"), Some("u)"));
    }

    #[test]
    fn imports_includes_and_extends_are_read() {
        let text = r#"{%- import "macros/a.html" as a -%}{% include ["p/b.html", 'p/c.html'] ignore missing %}
{% extends 'base.html' %}{% if x %}{% set y = "import" %}{% endif %}{%import"x"%}"#;
        assert_eq!(
            referenced(text),
            ["macros/a.html", "p/b.html", "p/c.html", "base.html"]
        );
    }
}
