//! [`OutputPath`]: the one check every output path passes before anything
//! is stored or written. Rendered pages, aliases, comparison data, tag
//! pages, assets, static files, search files, feeds and the sitemap all
//! reach a [`Sink`](super::Sink) only as an `OutputPath`, and the
//! only way to make one is [`OutputPath::new`], which refuses anything that
//! could resolve outside the output folder on any platform
//! ([`crate::confine::problem`]).

use std::borrow::Borrow;
use std::fmt;

use crate::confine::problem;
use crate::error::Error;

/// A path inside the output folder: relative, `/`-separated, every part a
/// plain name (no `..`, `.`, empty part, backslash, NUL or drive prefix).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputPath(String);

impl OutputPath {
    /// Check `path` and wrap it; the error names the path and what is wrong.
    pub fn new(path: impl Into<String>) -> Result<OutputPath, Error> {
        let path = path.into();
        match problem(&path) {
            None => Ok(OutputPath(path)),
            Some(why) => Err(Error::new(format!(
                "refusing to write `{}`: {why}",
                path.replace('\0', "\\0")
            ))
            .with_hint("every output file must stay inside the output folder")),
        }
    }

    /// The path as text (`guides/a/index.html`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path's folder, `""` at the top.
    pub fn parent(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

impl std::ops::Deref for OutputPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for OutputPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for OutputPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<OutputPath> for String {
    fn from(path: OutputPath) -> String {
        path.0
    }
}

impl PartialEq<str> for OutputPath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for OutputPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_relative_paths() {
        for ok in [
            "index.html",
            "guides/a/index.html",
            "tags/c++/index.html",
            "a b/é.png",
            "..x/y..",
            ".well-known/x",
            "ab:c",
        ] {
            assert!(OutputPath::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_anything_that_could_leave_the_folder() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            ".",
            "a//b",
            "a/",
            "a\\..\\b",
            "C:/x",
            "c:x",
            "a\0b",
        ] {
            let err = OutputPath::new(bad).unwrap_err();
            assert!(err.message.contains("refusing to write"), "{bad}: {err}");
        }
    }
}
