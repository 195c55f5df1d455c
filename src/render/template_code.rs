//! A template's text without its comments: what the reach checks
//! (`Templates::pages_can_stream`, `Templates::reach_all`) search for function
//! names. A comment that names `get_page` calls nothing, but searched as
//! plain text it kept every page's HTML in memory to the end of a build.
//!
//! Only what is surely a comment goes: `{# … #}` outside tags and string
//! literals, and not inside `{% raw %}` blocks (whose text is printed as it
//! is, so nothing in it is code either, but a `{#` there must not swallow
//! the `{% endraw %}` after it). Anything unterminated is kept as it is.

use std::borrow::Cow;

/// `text` without its `{# … #}` comments.
pub fn without_comments(text: &str) -> Cow<'_, str> {
    if !text.contains("{#") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let len = match from.as_bytes().get(1) {
            Some(b'#') => match from[2..].find("#}") {
                Some(end) => {
                    rest = &from[2 + end + 2..];
                    continue;
                }
                None => from.len(),
            },
            Some(b'{') => tag_len(from, "}}"),
            Some(b'%') => {
                let len = tag_len(from, "%}");
                if is_raw(&from[..len]) {
                    len + raw_len(&from[len..])
                } else {
                    len
                }
            }
            _ => 1,
        };
        out.push_str(&from[..len]);
        rest = &from[len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of the tag that starts `from` (`{{` or `{%`), up to and
/// including `close`, past string literals; all of `from` when it does not
/// end.
fn tag_len(from: &str, close: &str) -> usize {
    let bytes = from.as_bytes();
    let mut at = 2;
    while at < bytes.len() {
        match bytes[at] {
            quote @ (b'"' | b'\'' | b'`') => match from[at + 1..].find(quote as char) {
                Some(end) => at += end + 2,
                None => return from.len(),
            },
            _ if from[at..].starts_with(close) => return at + close.len(),
            _ => at += 1,
        }
    }
    from.len()
}

/// Is `tag` (`{% … %}`) the start of a raw block?
fn is_raw(tag: &str) -> bool {
    tag_word(tag) == Some("raw")
}

/// The first word inside a `{% … %}` tag, past its whitespace controls.
fn tag_word(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix("{%")?.strip_suffix("%}")?;
    inner.trim_matches('-').split_whitespace().next()
}

/// The length of a raw block's text and its `{% endraw %}` tag, from just
/// after its `{% raw %}`; all of `from` when it does not end.
fn raw_len(from: &str) -> usize {
    let mut at = 0;
    while let Some(open) = from[at..].find("{%") {
        let start = at + open;
        let len = tag_len(&from[start..], "%}");
        if tag_word(&from[start..start + len]) == Some("endraw") {
            return start + len;
        }
        at = start + 2;
    }
    from.len()
}

#[cfg(test)]
mod tests {
    use super::without_comments;

    #[test]
    fn comments_go_and_code_stays() {
        assert_eq!(
            without_comments("a{# get_page(path=x) #}b{{ get_section(path=y) }}c"),
            "ab{{ get_section(path=y) }}c"
        );
        assert_eq!(
            without_comments("{#- x -#}{% if a %}{% endif %}"),
            "{% if a %}{% endif %}"
        );
        assert_eq!(
            without_comments("no comment { here }"),
            "no comment { here }"
        );
    }

    #[test]
    fn a_comment_opener_in_a_string_or_raw_block_hides_no_code() {
        let in_string = r##"{{ "{#" }}{{ get_page(path="a") }}{{ "#}" }}"##;
        assert_eq!(without_comments(in_string), in_string);
        let in_raw = "{% raw %}{#{% endraw %}{{ get_page(path=\"a\") }}{% raw %}#}{% endraw %}";
        assert_eq!(without_comments(in_raw), in_raw);
        let raw_with_dashes = "{%- raw -%}{# x{%- endraw %}{{ get_page() }}#}";
        assert!(without_comments(raw_with_dashes).contains("get_page"));
    }

    #[test]
    fn an_unterminated_comment_or_tag_is_kept() {
        assert_eq!(without_comments("a{# get_page"), "a{# get_page");
        assert_eq!(
            without_comments("{{ \"x #} {# get_page"),
            "{{ \"x #} {# get_page"
        );
    }
}
