//! Where a URL found on an output page leads, the way a browser resolves
//! it: relative, root-relative, the site's own absolute URLs, `%xx` escapes
//! decoded, `.` and `..` folded (never above the root).

/// Where a URL leads, from the page it is on.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Not something to check (`mailto:`, `data:`, `javascript:`, …).
    Skip,
    /// An http(s) URL outside the site.
    External(String),
    /// A path inside the site, and a fragment.
    Internal(String, Option<String>),
    /// A root-relative path outside the site's base path.
    Outside,
}

/// Resolves URLs for a site published at `base_url` (path part `base_path`).
#[derive(Debug, Default)]
pub struct Resolver {
    pub base_path: String,
    /// `base_url` when it is absolute (links to the site's own permalinks are internal).
    pub base_url: Option<String>,
}

impl Resolver {
    pub fn new(base_url: &str, base_path: &str) -> Resolver {
        Resolver {
            base_path: base_path.to_string(),
            base_url: base_url.starts_with("http").then(|| base_url.to_string()),
        }
    }

    /// Does `url` lead to the same place from every page (so its resolution
    /// can be kept)? Root-relative paths and the site's own permalinks do.
    pub fn page_independent(&self, url: &str) -> bool {
        (url.starts_with('/') && !url.starts_with("//"))
            || self.base_url.as_deref().is_some_and(|b| url.starts_with(b))
    }

    /// Resolve `url` as found on a page in folder `dir` (site path, `""` or ending in `/`).
    pub fn resolve(&self, url: &str, dir: &str) -> Resolved {
        if let Some(scheme_end) = url.find(':') {
            let scheme = &url[..scheme_end];
            let is_scheme = !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            if is_scheme {
                let scheme = scheme.to_ascii_lowercase();
                if scheme != "http" && scheme != "https" {
                    return Resolved::Skip;
                }
                if let Some(rest) = self.base_url.as_deref().and_then(|b| url.strip_prefix(b)) {
                    let (path, fragment) = split_url(rest);
                    return Resolved::Internal(normalize("", &path), fragment);
                }
                return Resolved::External(url.to_string());
            }
        }
        if let Some(rest) = url.strip_prefix("//") {
            return Resolved::External(format!("https://{rest}"));
        }
        let (path, fragment) = split_url(url);
        if path.is_empty() {
            // `#part` or `?q`: the page itself.
            return Resolved::Internal(String::new(), fragment);
        }
        if let Some(abs) = path.strip_prefix('/') {
            let base = self.base_path.trim_start_matches('/');
            return match abs.strip_prefix(base) {
                Some(rest) => Resolved::Internal(normalize("", rest), fragment),
                None => Resolved::Outside,
            };
        }
        Resolved::Internal(normalize(dir, &path), fragment)
    }
}

/// Path and fragment of a URL without scheme and host; the query is dropped
/// and `%xx` escapes in the path are decoded.
fn split_url(url: &str) -> (String, Option<String>) {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f))),
        None => (url, None),
    };
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    (percent_decode(path), fragment)
}

/// Join `path` onto folder `dir` and resolve `.` and `..` (never above the root).
fn normalize(dir: &str, path: &str) -> String {
    let joined = format!("{dir}{path}");
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    let ends_dir = joined.ends_with('/')
        || joined.ends_with("/.")
        || joined.ends_with("/..")
        || joined == "."
        || joined == "..";
    if ends_dir && !out.is_empty() {
        out.push('/');
    }
    out
}

fn percent_decode(text: &str) -> String {
    crate::url_path::decode(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_a_browser() {
        let r = Resolver::new("https://example.org/docs/", "/docs/");
        let int = |p: &str, f: Option<&str>| Resolved::Internal(p.into(), f.map(Into::into));
        assert_eq!(r.resolve("../b/", "guides/a/"), int("guides/b/", None));
        assert_eq!(r.resolve("pic%20one.png", "a/"), int("a/pic one.png", None));
        assert_eq!(r.resolve("/docs/x/#top", "a/"), int("x/", Some("top")));
        assert_eq!(r.resolve("/other/", "a/"), Resolved::Outside);
        assert_eq!(r.resolve("#part", "a/"), int("", Some("part")));
        assert_eq!(
            r.resolve("https://example.org/docs/a/?q#z", ""),
            int("a/", Some("z"))
        );
        assert_eq!(
            r.resolve("https://rust-lang.org/", ""),
            Resolved::External("https://rust-lang.org/".into())
        );
        assert_eq!(r.resolve("mailto:a@b.c", ""), Resolved::Skip);
        assert_eq!(r.resolve("../../../..", "a/"), int("", None));
    }

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("a%2Fb%zz%"), "a/b%zz%");
        assert_eq!(percent_decode("%e2%82%ac"), "€");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }
}
