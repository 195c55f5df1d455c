//! Internal links over the rendered site: every `href`/`src` of every HTML
//! file is resolved the way a browser would (relative, root-relative, the
//! site's own absolute URLs), then checked against the files of the build
//! and, for `#fragment`s, against the ids actually present in the target
//! page. Files are fed one at a time ([`LinkIndex::add_scanned`]), so this
//! works on an in-memory build and on one streamed to disk alike.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::html::{self, FoundLink};
use super::{Problem, Severity};
use crate::content::SourceFile;
use crate::site::Site;

/// Pages checked per task: enough for a task's memo of resolved targets to
/// pay off, few enough to spread a large site over the threads.
const CHECK_CHUNK: usize = 512;

/// What a link is for: the message names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Link,
    Image,
    Asset,
}

/// A broken link or anchor on one output page, not yet traced to the
/// source file it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The URL as written, interned in the index that found it.
    raw: u32,
    message: String,
    /// Line in the output file.
    line: u32,
}

/// A link resolved against its page, targets interned.
#[derive(Debug, Clone)]
struct LinkRef {
    /// Site path of the target (`guides/a/`, `style.css`), interned.
    target: u32,
    fragment: Option<u32>,
    /// The URL as written, interned.
    raw: u32,
    line: u32,
    kind: Kind,
}

/// One HTML file's ids and outgoing links.
#[derive(Debug, Default)]
struct PageLinks {
    ids: HashSet<Box<str>>,
    links: Vec<LinkRef>,
    /// Links that leave the base path: (URL as written, line).
    outside: Vec<(u32, u32)>,
    /// Does the page link outside the site (so removing it must touch `external`)?
    has_external: bool,
}

/// Strings seen many times (nav links are on every page) are stored once.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    fn get(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    fn str(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }
}

/// Where a URL leads, from the page it is on.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    /// Not something to check (`mailto:`, `data:`, `javascript:`, …).
    Skip,
    /// An http(s) URL outside the site.
    External(String),
    /// A path inside the site, and a fragment.
    Internal(String, Option<String>),
    /// A root-relative path outside the site's base path.
    Outside,
}

/// Where a page-independent URL leads, with its strings interned.
#[derive(Debug, Clone, Copy)]
enum Absolute {
    Skip,
    Outside,
    Internal(u32, Option<u32>),
}

/// Every internal link and id of a build, fed one output file at a time.
#[derive(Debug, Default)]
pub struct LinkIndex {
    base_path: String,
    /// `base_url` when it is absolute (links to the site's own permalinks are internal).
    base_url: Option<String>,
    strings: Interner,
    files: HashSet<String>,
    /// Folder (`guides/a/`, `""` for the root) → its `index.html`.
    dir_index: HashMap<String, String>,
    pages: BTreeMap<String, PageLinks>,
    /// Where each URL that does not depend on the page it is on (`/a/`,
    /// the site's own permalinks) leads, by its interned text: the nav's
    /// links are on every page and are resolved once.
    absolute: HashMap<u32, Absolute>,
    /// External URL → (output path, line) of each use.
    pub external: BTreeMap<String, Vec<(String, usize)>>,
}

impl LinkIndex {
    /// An empty index for a site published under `base_url` (path part `base_path`).
    pub fn new(base_url: &str, base_path: &str) -> LinkIndex {
        LinkIndex {
            base_path: base_path.to_string(),
            base_url: base_url.starts_with("http").then(|| base_url.to_string()),
            ..LinkIndex::default()
        }
    }

    /// Record a non-HTML output file (it exists; it links to nothing).
    pub fn add_file(&mut self, path: &str) {
        self.files.insert(path.to_string());
        if let Some(dir) = path.strip_suffix("index.html") {
            if dir.is_empty() || dir.ends_with('/') {
                self.dir_index.insert(dir.to_string(), path.to_string());
            }
        }
    }

    /// Forget an output file and everything it linked to (the dev server
    /// updates one index across rebuilds this way).
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
        if let Some(dir) = path.strip_suffix("index.html") {
            self.dir_index.remove(dir);
        }
        if let Some(page) = self.pages.remove(path) {
            if page.has_external {
                for uses in self.external.values_mut() {
                    uses.retain(|(p, _)| p != path);
                }
                self.external.retain(|_, uses| !uses.is_empty());
            }
        }
    }

    /// Record an HTML output file: its ids and links.
    #[cfg(test)]
    pub fn add_html(&mut self, path: &str, text: &str) {
        self.add_scanned(path, html::scan(text));
    }

    /// Record an HTML output file already scanned (scanning is the costly
    /// part, and can run on many threads before taking a lock for this).
    pub fn add_scanned(&mut self, path: &str, scanned: html::Scanned) {
        self.add_file(path);
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut page = PageLinks {
            ids: scanned
                .ids
                .into_iter()
                .map(String::into_boxed_str)
                .collect(),
            ..PageLinks::default()
        };
        for link in scanned.links {
            self.add_link(path, &dir, link, &mut page);
        }
        // Every page's lists are kept until the check at the end: without
        // the slack of their growth (half of a 100k-page build's link lists).
        page.links.shrink_to_fit();
        page.ids.shrink_to_fit();
        self.pages.insert(path.to_string(), page);
    }

    fn add_link(&mut self, path: &str, dir: &str, link: FoundLink, page: &mut PageLinks) {
        let kind = match (link.tag, link.attr) {
            ("a" | "area", _) => Kind::Link,
            ("img", _) | (_, "poster") | ("source", "srcset") => Kind::Image,
            _ => Kind::Asset,
        };
        let line = u32::try_from(link.line).unwrap_or(u32::MAX);
        let raw = self.strings.get(&link.url);
        let absolute = match self.absolute.get(&raw) {
            Some(&known) => known,
            None => match self.resolve(&link.url, dir) {
                Resolved::External(url) => {
                    page.has_external = true;
                    self.external
                        .entry(url)
                        .or_default()
                        .push((path.to_string(), link.line));
                    return;
                }
                resolved => {
                    let resolved = self.intern(resolved, &link.url, path);
                    if self.page_independent(&link.url) {
                        self.absolute.insert(raw, resolved);
                    }
                    resolved
                }
            },
        };
        match absolute {
            Absolute::Skip => {}
            Absolute::Outside => page.outside.push((raw, line)),
            Absolute::Internal(target, fragment) => page.links.push(LinkRef {
                target,
                fragment,
                raw,
                line,
                kind,
            }),
        }
    }

    /// `resolved` (not external) with its strings interned; `url` is the
    /// link as written on the output page at `path`.
    fn intern(&mut self, resolved: Resolved, url: &str, path: &str) -> Absolute {
        match resolved {
            Resolved::Skip | Resolved::External(_) => Absolute::Skip,
            Resolved::Outside => Absolute::Outside,
            Resolved::Internal(target, fragment) => {
                let target = if target.is_empty() && fragment.is_some() && url.starts_with('#') {
                    // `#part`: this very file.
                    self.strings.get(path)
                } else {
                    self.strings.get(&target)
                };
                Absolute::Internal(target, fragment.map(|f| self.strings.get(&f)))
            }
        }
    }

    /// Does `url` lead to the same place from every page (so its resolution
    /// can be kept)? Root-relative paths and the site's own permalinks do.
    fn page_independent(&self, url: &str) -> bool {
        (url.starts_with('/') && !url.starts_with("//"))
            || self.base_url.as_deref().is_some_and(|b| url.starts_with(b))
    }

    /// Resolve `url` as found on a page in folder `dir` (site path, `""` or ending in `/`).
    fn resolve(&self, url: &str, dir: &str) -> Resolved {
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

    /// Check every link; `site` says which source file each output came from.
    pub fn problems(&self, site: &Site) -> Vec<Problem> {
        self.find_problems(site, true)
    }

    /// Only the broken links and anchors (no reachability warnings), as a
    /// build needs them: cheaper, since links need not be tallied.
    pub fn broken(&self, site: &Site) -> Vec<Problem> {
        self.find_problems(site, false)
    }

    fn find_problems(&self, site: &Site, warnings: bool) -> Vec<Problem> {
        let findings = self.findings();
        let mut found: HashMap<u32, Option<&str>> = HashMap::default();
        let mut problems = self.locate(
            site,
            findings
                .iter()
                .flat_map(|(path, list)| list.iter().map(move |f| (*path, f))),
        );
        if warnings {
            problems.extend(self.unreachable(site, &mut found));
            problems
                .sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
        }
        problems
    }

    /// Every output page with broken links or anchors, and what is broken,
    /// in page order. Many pages link to the same targets (nav, tags): each
    /// thread resolves each target once.
    pub fn findings(&self) -> Vec<(&str, Vec<Finding>)> {
        let pages: Vec<(&String, &PageLinks)> = self.pages.iter().collect();
        pages
            .par_chunks(CHECK_CHUNK)
            .map_init(HashMap::default, |found, chunk| {
                let mut out = Vec::new();
                for &(path, page) in chunk {
                    let mut mine = Vec::new();
                    self.check_page(path, page, found, &mut |f| mine.push(f));
                    if !mine.is_empty() {
                        out.push((path.as_str(), mine));
                    }
                }
                out
            })
            .flatten()
            .collect()
    }

    /// The broken links and anchors on the output page at `path`.
    pub fn findings_of(&self, path: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(page) = self.pages.get(path) {
            self.check_page(path, page, &mut HashMap::default(), &mut |f| out.push(f));
        }
        out
    }

    /// The ids of the HTML output at `path` (what its anchors can point to).
    pub fn ids_of(&self, path: &str) -> Option<&HashSet<Box<str>>> {
        self.pages.get(path).map(|p| &p.ids)
    }

    /// Check the links of one page; `found` remembers where targets land.
    fn check_page<'s>(
        &'s self,
        path: &str,
        page: &PageLinks,
        found: &mut HashMap<u32, Option<&'s str>>,
        report: &mut dyn FnMut(Finding),
    ) {
        for &(raw, line) in &page.outside {
            let text = self.strings.str(raw);
            let mut message = format!(
                "link `{text}` points outside the site: its base path is {}",
                self.base_path
            );
            let fixed = format!("{}{}", self.base_path, text.trim_start_matches('/'));
            if let Resolved::Internal(t, _) = self.resolve(&fixed, "") {
                if self.find(&t).is_some() {
                    message.push_str(&format!(" (did you mean `{fixed}`?)"));
                }
            }
            report(Finding { raw, message, line });
        }
        for link in &page.links {
            let target = self.strings.str(link.target);
            let Some(file) = *found
                .entry(link.target)
                .or_insert_with(|| self.find(target))
            else {
                let what = match link.kind {
                    Kind::Link => "broken link",
                    Kind::Image => "missing image",
                    Kind::Asset => "missing asset",
                };
                let message = format!(
                    "{what} `{}`: nothing is built at {}{target}",
                    self.strings.str(link.raw),
                    self.base_path
                );
                report(Finding {
                    raw: link.raw,
                    message,
                    line: link.line,
                });
                continue;
            };
            let Some(fragment) = link.fragment.map(|f| self.strings.str(f)) else {
                continue;
            };
            let target_page = if file == path {
                page
            } else if let Some(other) = self.pages.get(file) {
                other
            } else {
                continue;
            };
            if fragment.is_empty()
                || fragment.starts_with(":~:")
                || target_page.ids.contains(fragment)
            {
                continue;
            }
            let mut message = format!(
                "broken anchor `{}`: {}{} has no element with id `{fragment}`",
                self.strings.str(link.raw),
                self.base_path,
                file.trim_end_matches("index.html")
            );
            if let Some(best) =
                crate::error::closest(fragment, target_page.ids.iter().map(|s| &**s))
            {
                message.push_str(&format!(" (did you mean `#{best}`?)"));
            }
            report(Finding {
                raw: link.raw,
                message,
                line: link.line,
            });
        }
    }

    /// Trace findings (output path, finding) to the source files they come
    /// from; those from templates are reported once with a count of pages.
    pub fn locate<'f>(
        &self,
        site: &Site,
        findings: impl Iterator<Item = (&'f str, &'f Finding)>,
    ) -> Vec<Problem> {
        let mut findings = findings.peekable();
        if findings.peek().is_none() {
            // Nothing to trace: skip mapping every output to its source.
            return Vec::new();
        }
        let sources = Sources::of(site);
        let mut problems: Vec<Problem> = Vec::new();
        // Problems not found in a source file (they come from a template):
        // (message) → every (output path, line), reported once.
        let mut from_templates: BTreeMap<&str, Vec<(&str, u32)>> = BTreeMap::new();
        for (path, finding) in findings {
            match sources.locate(path, self.strings.str(finding.raw)) {
                Some((file, line)) => problems.push(Problem {
                    severity: Severity::Broken,
                    file,
                    line: Some(line),
                    message: finding.message.clone(),
                }),
                None => from_templates
                    .entry(&finding.message)
                    .or_default()
                    .push((path, finding.line)),
            }
        }
        for (message, mut places) in from_templates {
            places.sort();
            let (path, line) = places[0];
            let more = places.len() - 1;
            let message = if more > 0 {
                format!(
                    "{message} (from a template: also on {more} other page{})",
                    plural(more)
                )
            } else {
                format!("{message} (from a template)")
            };
            problems.push(Problem {
                severity: Severity::Broken,
                file: format!("public/{path}"),
                line: (line > 0).then_some(line as usize),
                message,
            });
        }
        problems.sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
        problems.dedup();
        problems
    }

    /// Pages no other page, listing or menu links to.
    fn unreachable<'s>(
        &'s self,
        site: &Site,
        found: &mut HashMap<u32, Option<&'s str>>,
    ) -> Vec<Problem> {
        let aliases = alias_outputs(site);
        let mut linked: HashSet<&str> = HashSet::default();
        for (path, page) in &self.pages {
            if aliases.contains(path.as_str()) {
                continue;
            }
            for link in &page.links {
                let target = self.strings.str(link.target);
                if let Some(file) = *found
                    .entry(link.target)
                    .or_insert_with(|| self.find(target))
                {
                    if file != path.as_str() {
                        linked.insert(file);
                    }
                }
            }
        }
        let sources = Sources::of(site);
        let mut problems = Vec::new();
        for (out, file) in sources.files.iter() {
            if out == "index.html" || linked.contains(out.as_str()) || !self.files.contains(out) {
                continue;
            }
            problems.push(Problem {
                severity: Severity::Warning,
                file: file.display().display().to_string(),
                line: None,
                message: format!(
                    "{}{} is not linked from any other page, listing or menu: readers cannot reach it",
                    self.base_path,
                    out.trim_end_matches("index.html")
                ),
            });
        }
        problems
    }

    /// The output file a site path lands on: the file itself, or its `index.html`.
    fn find(&self, target: &str) -> Option<&str> {
        if target.is_empty() || target.ends_with('/') {
            return self.dir_index.get(target).map(String::as_str);
        }
        if let Some(f) = self.files.get(target) {
            return Some(f);
        }
        self.files
            .get(&format!("{target}/index.html"))
            .map(String::as_str)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
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

/// Output HTML path → the source file it came from.
pub(crate) struct Sources<'a> {
    files: BTreeMap<String, Source<'a>>,
}

/// A source file, as [`Sources`] knows it.
enum Source<'a> {
    /// A page's or section's Markdown (its text may have to be read again).
    File(&'a SourceFile),
    /// A comparison data file: (display path, text).
    Data(PathBuf, &'a str),
}

impl Source<'_> {
    /// The path messages name.
    fn display(&self) -> &std::path::Path {
        match self {
            Source::File(f) => &f.display,
            Source::Data(display, _) => display,
        }
    }
}

impl<'a> Sources<'a> {
    pub(crate) fn of(site: &'a Site) -> Sources<'a> {
        let mut files = BTreeMap::new();
        for p in &site.pages {
            files.insert(format!("{}index.html", p.path), Source::File(&p.file));
        }
        for s in &site.sections {
            if let Some(f) = &s.file {
                files.insert(format!("{}index.html", s.path), Source::File(f));
            }
        }
        for (c, rel) in site.comparisons.iter().zip(&site.comparison_files) {
            files.insert(
                format!("{}index.html", c.path()),
                Source::Data(PathBuf::from("content").join(rel), c.source()),
            );
        }
        Sources { files }
    }

    /// Where `raw` is written in the source of output `path`: (file, line).
    pub(crate) fn locate(&self, path: &str, raw: &str) -> Option<(String, usize)> {
        let source = self.files.get(path)?;
        let text = match source {
            Source::File(f) => f.text_or_read_again(),
            Source::Data(_, text) => Cow::Borrowed(*text),
        };
        let needles = [
            Some(raw),
            raw.split_once('#')
                .map(|(p, _)| p)
                .filter(|p| !p.is_empty()),
        ];
        let offset = needles.into_iter().flatten().find_map(|n| text.find(n))?;
        let (line, _) = crate::error::line_col(&text, offset);
        Some((source.display().display().to_string(), line))
    }
}

/// Output files of the redirect pages (`aliases`): they link to their
/// target but are not navigation.
fn alias_outputs(site: &Site) -> HashSet<String> {
    let mut out = HashSet::default();
    for p in &site.pages {
        for alias in &p.front.aliases {
            out.insert(crate::content::alias::output_of(alias));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_a_browser() {
        let idx = LinkIndex::new("https://example.org/docs/", "/docs/");
        let int = |p: &str, f: Option<&str>| Resolved::Internal(p.into(), f.map(Into::into));
        assert_eq!(idx.resolve("../b/", "guides/a/"), int("guides/b/", None));
        assert_eq!(
            idx.resolve("pic%20one.png", "a/"),
            int("a/pic one.png", None)
        );
        assert_eq!(idx.resolve("/docs/x/#top", "a/"), int("x/", Some("top")));
        assert_eq!(idx.resolve("/other/", "a/"), Resolved::Outside);
        assert_eq!(idx.resolve("#part", "a/"), int("", Some("part")));
        assert_eq!(
            idx.resolve("https://example.org/docs/a/?q#z", ""),
            int("a/", Some("z"))
        );
        assert_eq!(
            idx.resolve("https://rust-lang.org/", ""),
            Resolved::External("https://rust-lang.org/".into())
        );
        assert_eq!(idx.resolve("mailto:a@b.c", ""), Resolved::Skip);
        assert_eq!(idx.resolve("../../../..", "a/"), int("", None));
    }

    #[test]
    fn a_kept_resolution_is_only_used_where_the_page_does_not_matter() {
        let mut idx = LinkIndex::new("https://example.org/docs/", "/docs/");
        idx.add_file("b/index.html");
        idx.add_file("a/c/index.html");
        let html = r#"<a href="/docs/b/">b</a> <a href="c/">c</a> <a href="/docs/nope/">x</a>
            <a href="https://example.org/docs/b/">b</a>"#;
        idx.add_html("a/index.html", html);
        idx.add_html("x/y/index.html", html);
        let broken = |path: &str| {
            let mut raws: Vec<&str> = idx
                .findings_of(path)
                .iter()
                .map(|f| idx.strings.str(f.raw))
                .collect();
            raws.sort_unstable();
            raws
        };
        assert_eq!(broken("a/index.html"), ["/docs/nope/"]);
        assert_eq!(broken("x/y/index.html"), ["/docs/nope/", "c/"]);
    }

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("a%2Fb%zz%"), "a/b%zz%");
        assert_eq!(percent_decode("%e2%82%ac"), "€");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }
}
