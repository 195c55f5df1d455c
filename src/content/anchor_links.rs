//! Which files a body links to a heading of (`[x](@/guides/a.md#part)`),
//! read from its Markdown source when it is loaded. A one-off build keeps
//! the heading ids of those pages only, until the anchors are checked,
//! instead of every page's: so the scan must find every such link, and
//! where a link is written in a form it does not read exactly (an escape,
//! an entity, a space inside `<…>`), it says so and every page keeps its
//! ids.

/// The `@/…` files (as written, without the fragment) that `body` links to
/// a heading of, each once; `None` when a link to a fragment may be
/// written in a form this scan cannot read exactly.
pub fn linked_anchors(body: &str) -> Option<Box<[String]>> {
    let mut files: Vec<String> = Vec::new();
    // `memmem`: a site's bodies are most of what it has to read, and
    // `str::match_indices` takes several instructions a byte.
    for at in memchr::memmem::find_iter(body.as_bytes(), b"@/") {
        let rest = &body[at + 2..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
            .unwrap_or(rest.len());
        let token = &rest[..end];
        let Some((file, _)) = token.split_once('#') else {
            // `<@/a b.md#part>`: a destination in angle brackets may hold
            // spaces, and its fragment comes after one.
            if body[..at].ends_with('<') && !rest[end..].starts_with('>') {
                return None;
            }
            continue;
        };
        // Written as the Markdown parser will read it: no escapes,
        // entities or brackets that it would change or cut at.
        let plain = file
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '~' | '+' | '%'));
        if !plain {
            return None;
        }
        let file = format!("@/{file}");
        if !files.contains(&file) {
            files.push(file);
        }
    }
    Some(files.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(body: &str) -> Option<Vec<String>> {
        linked_anchors(body).map(Vec::from)
    }

    #[test]
    fn finds_each_file_linked_to_a_heading_once() {
        let body = "See [a](@/guides/a.md#setup), [b](@/b.md) and [a again](@/guides/a.md#x).\n\
                    [ref]: @/c%20d.md#top\n<@/e.md#x> and ![img](@/f.md#y \"title\")";
        assert_eq!(
            found(body).unwrap(),
            ["@/guides/a.md", "@/c%20d.md", "@/e.md", "@/f.md"]
        );
        assert_eq!(found("no links, an @ sign and a / slash").unwrap().len(), 0);
    }

    #[test]
    fn a_link_it_cannot_read_exactly_gives_up() {
        for body in [
            "[x](@/a\\_b.md#part)",
            "[x](@/a&amp;b.md#part)",
            "[x](<@/a b.md#part>)",
            "[x](@/a(1).md#part)",
        ] {
            assert_eq!(found(body), None, "{body}");
        }
    }
}
