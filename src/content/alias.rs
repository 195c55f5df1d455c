//! A page's `aliases` (old URLs that redirect to it): each must name a path
//! inside the site. One with `..`, a backslash, a NUL or a drive letter is
//! an error located at the alias in the front matter, found when the page
//! is loaded, long before anything is written.

use crate::confine::problem;
use crate::error::Error;

use super::SourceFile;

/// The output file of the redirect page for `alias`: `/old/` →
/// `old/index.html`, `/old.html` → `old.html`. A leading `/` is the site
/// root, as in a root-relative URL.
pub fn output_of(alias: &str) -> String {
    let from = alias.trim_matches('/');
    if std::path::Path::new(from).extension().is_some() {
        from.to_string()
    } else {
        format!("{from}/index.html")
    }
}

/// Check every alias of the page `file` (its text `text`), whose front
/// matter ends at `body_offset`.
pub fn check(
    file: &SourceFile,
    text: &str,
    aliases: &[String],
    body_offset: usize,
) -> Result<(), Error> {
    for alias in aliases {
        let trimmed = alias.trim_matches('/');
        let why = if trimmed.is_empty() {
            Some("it names the site root, not a page's old address")
        } else {
            problem(trimmed)
        };
        let Some(why) = why else { continue };
        let front = &text[..body_offset.min(text.len())];
        // The alias as written, else its key (an escaped value reads
        // differently in the file).
        let offset = front
            .find(alias.as_str())
            .filter(|_| !alias.is_empty())
            .or_else(|| front.find("aliases"))
            .unwrap_or(0);
        return Err(Error::new(format!(
            "alias `{}` is not a path inside the site: {why}",
            alias.replace('\0', "\\0")
        ))
        .in_file(file.display())
        .at_offset(text, offset)
        .with_hint(
            "an alias is an old address of this page inside the site, like `/old/path/` \
             (a leading `/` is the site root); `..`, `\\`, NUL and drive letters are not allowed",
        ));
    }
    Ok(())
}
