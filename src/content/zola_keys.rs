//! Section and page keys versus takes over from Zola (its documentation's
//! `content/section.md` and `content/page.md`): the checks made when a file
//! is loaded, so that a bad value is an error at its line, and what the
//! model makes of the keys that change a page's place (`path`,
//! `transparent`, `sort_by = "update_date" | "slug" | "permalink" | "title_bytes"`).

use std::cmp::Ordering;

use crate::confine::problem;
use crate::error::Error;

use super::front_matter::{PageFront, SectionFront};
use super::SourceFile;

/// Check the Zola keys of a page whose front matter ends at `body_offset`.
pub fn check_page(
    file: &SourceFile,
    text: &str,
    front: &PageFront,
    body_offset: usize,
) -> Result<(), Error> {
    let Some(path) = &front.path else {
        return Ok(());
    };
    let trimmed = path.trim().trim_matches('/');
    let why = if trimmed.is_empty() {
        Some("it is empty (the home page is `content/_index.md`)")
    } else {
        problem(trimmed)
    };
    match why {
        None => Ok(()),
        Some(why) => Err(located(
            file,
            text,
            body_offset,
            "path",
            path,
            format!(
                "page path `{}` is not a path inside the site: {why}",
                path.replace('\0', "\\0")
            ),
        )
        .with_hint(
            "`path` is where the page goes from the site root, like `about/team` \
             (a leading `/` is dropped); `..`, `\\`, NUL and drive letters are not allowed",
        )),
    }
}

/// Check the Zola keys of a section whose front matter ends at `body_offset`.
pub fn check_section(
    file: &SourceFile,
    text: &str,
    front: &SectionFront,
    body_offset: usize,
) -> Result<(), Error> {
    super::alias::check(file, text, &front.aliases, body_offset)?;
    if let Some(to) = &front.redirect_to {
        if to.trim().is_empty() {
            return Err(located(
                file,
                text,
                body_offset,
                "redirect_to",
                to,
                "`redirect_to` is empty".to_string(),
            )
            .with_hint(
                "give a path in the site (`docs/intro/`), an `@/` link to a file, or a full URL",
            ));
        }
    }
    Ok(())
}

/// An error at `value` (else at `key`) in the front matter of `file`.
fn located(
    file: &SourceFile,
    text: &str,
    body_offset: usize,
    key: &str,
    value: &str,
    message: String,
) -> Error {
    let front = &text[..body_offset.min(text.len())];
    let offset = front
        .find(&format!("\"{value}\""))
        .map(|i| i + 1)
        .filter(|_| !value.is_empty())
        .or_else(|| front.find(key))
        .unwrap_or(0);
    Error::new(message)
        .in_file(file.display())
        .at_offset(text, offset)
}

/// The URL path a page's `path` gives it (`about/team/`), if it has one.
/// Checked by [`check_page`] when the page was loaded.
pub fn page_path(front: &PageFront) -> Option<String> {
    let path = front.path.as_deref()?.trim().trim_matches('/');
    Some(format!("{path}/"))
}

/// The sections whose listings also hold the pages of `section`: its
/// parent, and the parent's parent while each is `transparent`.
pub fn listed_in(
    section: usize,
    transparent: impl Fn(usize) -> bool,
    parent: impl Fn(usize) -> Option<usize>,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = section;
    while transparent(at) {
        match parent(at) {
            Some(p) => {
                out.push(p);
                at = p;
            }
            None => break,
        }
    }
    out
}

/// Compare two slugs as Zola's natural order does: runs of digits by
/// value (`post-2` before `post-10`), the rest by character, ignoring case.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let number = |it: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut digits = String::new();
                    while let Some(c) = it.next_if(char::is_ascii_digit) {
                        digits.push(c);
                    }
                    digits
                };
                let (da, db) = (number(&mut a), number(&mut b));
                let (ta, tb) = (da.trim_start_matches('0'), db.trim_start_matches('0'));
                let by_value = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
            }
            (Some(x), Some(y)) => {
                let by_char = x.to_lowercase().cmp(y.to_lowercase());
                if by_char != Ordering::Equal {
                    return by_char;
                }
                a.next();
                b.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut slugs = vec!["post-10", "Post-2", "post-1", "alpha", "post-02b"];
        slugs.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(slugs, ["alpha", "post-1", "Post-2", "post-02b", "post-10"]);
    }

    #[test]
    fn transparent_sections_pass_their_pages_up() {
        // 0 ← 1 ← 2 (2 and 1 transparent), 3 under 0 is not.
        let parent = |s: usize| [None, Some(0), Some(1), Some(0)][s];
        let transparent = |s: usize| s == 1 || s == 2;
        assert_eq!(listed_in(2, transparent, parent), [1, 0]);
        assert_eq!(listed_in(3, transparent, parent), Vec::<usize>::new());
    }
}
