//! Internal links over the rendered site: every `href`/`src` of every HTML
//! file is resolved the way a browser would (relative, root-relative, the
//! site's own absolute URLs: [`super::resolve`]), then checked against the
//! files of the build and, for `#fragment`s, against the ids actually
//! present in the target page. Files are fed one at a time
//! ([`LinkIndex::add_scanned`]), so this works on an in-memory build and on one
//! streamed to disk alike.
//!
//! What is kept per page until the check at the end is small: strings are
//! interned, each distinct link is stored once and numbered, and a page
//! holds its links as varint (number, line) pairs and its ids as one blob
//! ([`super::compact`]). A build streamed to disk keeps no ids at all: those
//! of the pages that links point into are read back from the output before
//! the check ([`LinkIndex::read_back_ids`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::compact::{Ids, Interner, LinkList, LinkListBuilder};
use super::html::{self, FoundLink, SharedLinks};
use super::resolve::{Resolved, Resolver};
use super::sources::alias_outputs;
pub(crate) use super::sources::Sources;
use super::{Problem, Severity};
use crate::site::Site;

/// Pages checked per task: enough for a task's memo of resolved targets to
/// pay off, few enough to spread a large site over the threads.
const CHECK_CHUNK: usize = 512;

/// A page whose ids take more bytes than this checks its own fragments
/// through a set built for the check, not a scan per link.
const ID_SET_BYTES: usize = 512;

/// What a link is for: the message names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// A link resolved against its page, strings interned: stored once however
/// many pages hold it (the nav's links are on every page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct LinkRef {
    /// Site path of the target (`guides/a/`, `style.css`), interned.
    target: u32,
    fragment: Option<u32>,
    /// The URL as written, interned.
    raw: u32,
    kind: Kind,
}

/// One HTML file's ids and outgoing links.
#[derive(Debug, Default)]
struct PageLinks {
    /// `None` in an index that [reads ids back](LinkIndex::read_back_ids)
    /// instead of keeping them, until a link to one of them needs them.
    ids: Option<Ids>,
    /// (number in [`LinkIndex::links`], line) of each link.
    links: LinkList,
    /// Links that leave the base path: (URL as written, line).
    outside: Box<[(u32, u32)]>,
    /// Broken `#part` links to the page itself, found when it was added
    /// (the others are not kept).
    own_findings: Box<[Finding]>,
    /// Does the page link outside the site (so removing it must touch `external`)?
    has_external: bool,
}

impl PageLinks {
    /// Does the page hold nothing for the check at the end? (`has_external`
    /// is for [`LinkIndex::remove`], which an index for one build never sees.)
    fn nothing_to_check(&self) -> bool {
        self.ids.is_none()
            && self.links.is_empty()
            && self.outside.is_empty()
            && self.own_findings.is_empty()
    }
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
    resolver: Resolver,
    strings: Interner,
    /// Output files (interned paths).
    files: HashSet<u32>,
    /// Folder (`guides/a/`, `""` for the root) → its `index.html`, interned.
    dir_index: HashMap<u32, u32>,
    /// HTML files by interned output path.
    pages: HashMap<u32, PageLinks>,
    /// Every distinct link; a page's [`LinkList`] holds numbers into this.
    links: Vec<LinkRef>,
    link_numbers: HashMap<LinkRef, u32>,
    /// Where each URL that does not depend on the page it is on (`/a/`,
    /// the site's own permalinks) leads, by its interned text: the nav's
    /// links are on every page and are resolved once.
    absolute: HashMap<u32, Absolute>,
    /// External URL → (output path, line) of each use.
    pub external: BTreeMap<String, Vec<(String, usize)>>,
    /// An index for one build, where files only come: it keeps no page's
    /// ids once its own `#part` links are checked (those that links from
    /// other pages need are read back from the output:
    /// [`LinkIndex::read_back_ids`]), and no link without a `#part` to a
    /// file it already has (such a link cannot break any more).
    one_build: bool,
    /// In an index for one build, the HTML files with nothing to check on
    /// them (no link that may break, no broken `#part`): not in `pages`.
    quiet_pages: HashSet<u32>,
    /// Redirect pages that keep the `#part` of their address (versus's
    /// `alias.html`) → where they send a reader: an interned site path, or
    /// `None` for outside the site (a `#part` there is not checked).
    redirects: HashMap<u32, Option<u32>>,
    /// Stretches shared by many pages whose links are settled
    /// ([`LinkIndex::add_shared`]), by the address of their scan, which
    /// is held here so that no other scan can take that address.
    settled: HashMap<usize, Arc<html::Scanned>>,
}

/// What the links of one page being added come to.
struct PageFound<'i> {
    own: OwnAnchors<'i>,
    links: LinkListBuilder,
    outside: Vec<(u32, u32)>,
    own_findings: Vec<Finding>,
    has_external: bool,
    /// How many links were kept (or found broken, or external) so far.
    kept: usize,
    /// Stretches whose links kept nothing on this page (their scans): at
    /// another place on the page (a table of contents is shown twice) the
    /// same links come to nothing again.
    quiet: Vec<Arc<html::Scanned>>,
}

/// Where link targets land (interned target → output file), remembered
/// while checking many pages.
type Found = HashMap<u32, Option<u32>>;

impl LinkIndex {
    /// An empty index for a site published under `base_url` (path part `base_path`).
    pub fn new(base_url: &str, base_path: &str) -> LinkIndex {
        LinkIndex {
            resolver: Resolver::new(base_url, base_path),
            ..LinkIndex::default()
        }
    }

    /// An index for one build streamed to disk, which knows in advance the
    /// files `expected` (the plan's outputs). It keeps no page's ids: most
    /// pages are never the target of another page's `#part` link, and the
    /// few that are have their ids read back from the output before the
    /// check ([`LinkIndex::read_back_ids`]). Nor does it keep a link
    /// without a `#part` to a file it has or expects: that link is fine.
    pub fn for_one_build<'e>(mut self, expected: impl Iterator<Item = &'e str>) -> LinkIndex {
        self.one_build = true;
        for path in expected {
            self.add_file(path);
        }
        self
    }

    /// Read back the ids of every page that a link from another page (or
    /// a full URL of its own) points into with a `#part`: `read` gives an
    /// output file's bytes. Returns the files that could not be read.
    pub fn read_back_ids(
        &mut self,
        read: &(dyn Fn(&str) -> std::io::Result<Vec<u8>> + Sync),
    ) -> Vec<(String, std::io::Error)> {
        let mut wanted = HashSet::default();
        for link in &self.links {
            let Some(fragment) = link.fragment else {
                continue;
            };
            if needs_no_id(self.strings.str(fragment)) {
                continue;
            }
            let Some(file) = self.find(link.target).and_then(|f| self.landing(f)) else {
                continue;
            };
            let ids_missing = match self.pages.get(&file) {
                Some(page) => page.ids.is_none(),
                None => self.quiet_pages.contains(&file),
            };
            if ids_missing {
                wanted.insert(file);
            }
        }
        let strings = &self.strings;
        let read: Vec<(u32, std::io::Result<Ids>)> = wanted
            .into_par_iter()
            .map(|file| {
                let ids = read(strings.str(file))
                    .and_then(|bytes| String::from_utf8(bytes).map_err(std::io::Error::other))
                    .map(|text| Ids::new(html::scan(&text).ids));
                (file, ids)
            })
            .collect();
        let mut failed = Vec::new();
        for (file, ids) in read {
            match ids {
                Ok(ids) => {
                    self.pages.entry(file).or_default().ids = Some(ids);
                }
                Err(e) => failed.push((self.strings.str(file).to_string(), e)),
            }
        }
        failed
    }

    /// Record a non-HTML output file (it exists; it links to nothing).
    pub fn add_file(&mut self, path: &str) {
        let file = self.strings.get(path);
        self.files.insert(file);
        if let Some(dir) = path.strip_suffix("index.html") {
            if dir.is_empty() || dir.ends_with('/') {
                let dir = self.strings.get(dir);
                self.dir_index.insert(dir, file);
            }
        }
    }

    /// Forget an output file and everything it linked to (the dev server
    /// updates one index across rebuilds this way).
    pub fn remove(&mut self, path: &str) {
        let Some(file) = self.strings.lookup(path) else {
            return;
        };
        self.files.remove(&file);
        self.redirects.remove(&file);
        if let Some(dir) = path.strip_suffix("index.html") {
            if let Some(dir) = self.strings.lookup(dir) {
                self.dir_index.remove(&dir);
            }
        }
        if let Some(page) = self.pages.remove(&file) {
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
        if let Some(to) = &scanned.redirect {
            let to = match self.resolver.resolve(to, &dir) {
                Resolved::Internal(target, _) => Some(self.strings.get(&target)),
                _ => None,
            };
            let file = self.strings.get(path);
            self.redirects.insert(file, to);
        }
        let ids = Ids::new(scanned.ids);
        let mut found = PageFound {
            own: OwnAnchors::new(&ids),
            links: LinkListBuilder::default(),
            outside: Vec::new(),
            own_findings: Vec::new(),
            has_external: false,
            kept: 0,
            quiet: Vec::new(),
        };
        // The page's links in document order: its own, and where they come,
        // those of stretches scanned before (a cached nav's).
        let mut shared = scanned.shared.into_iter().peekable();
        for (i, link) in scanned.links.iter().enumerate() {
            while let Some(s) = shared.next_if(|s| s.at <= i) {
                self.add_shared(path, &dir, &s, &mut found);
            }
            self.add_found(path, &dir, link, link.line, &mut found);
        }
        for s in shared {
            self.add_shared(path, &dir, &s, &mut found);
        }
        let PageFound {
            own,
            links,
            outside,
            own_findings,
            has_external,
            ..
        } = found;
        drop(own);
        let page = PageLinks {
            ids: (!self.one_build).then_some(ids),
            links: links.finish(),
            outside: outside.into_boxed_slice(),
            own_findings: own_findings.into_boxed_slice(),
            has_external,
        };
        let file = self.strings.get(path);
        if self.one_build && page.nothing_to_check() {
            // Nothing to check on it: only that it is HTML is kept.
            self.quiet_pages.insert(file);
        } else {
            self.pages.insert(file, page);
        }
    }

    /// One link found on the page at `path` (in folder `dir`), at `line`:
    /// what it comes to goes into `found`. True when nothing was kept and
    /// the link means the same on every page: it lands on a file of this
    /// build (or leads nowhere to check) and does not depend on the page.
    fn add_found(
        &mut self,
        path: &str,
        dir: &str,
        link: &FoundLink,
        line: usize,
        found: &mut PageFound,
    ) -> bool {
        // `#part` links are checked here against the page's own ids, and
        // only what is broken is kept: a table of contents and heading
        // anchors put one such link per heading on every page.
        if link.url.starts_with('#') {
            if let Some(finding) = self.check_own_anchor(path, link, line, &mut found.own) {
                found.own_findings.push(finding);
                found.kept += 1;
            }
            return false;
        }
        match self.add_link(path, dir, link, line) {
            Added::Link(number, line) => found.links.push(number, line),
            Added::Outside(raw, line) => found.outside.push((raw, line)),
            Added::External => found.has_external = true,
            Added::Nothing => return self.resolver.page_independent(&link.url),
        }
        found.kept += 1;
        false
    }

    /// The links of a stretch scanned before (a cached partial's), where
    /// they come on the page at `path`. In an index for one build, a
    /// lasting stretch (one put in many outputs) none of whose links kept
    /// anything, and none depends on the page, is settled: on every later
    /// page its links would come to nothing again (files only come), so
    /// they are not looked at again. Any other stretch whose links kept
    /// nothing is not looked at again on this page.
    fn add_shared(&mut self, path: &str, dir: &str, shared: &SharedLinks, found: &mut PageFound) {
        // Held in `settled`, so no other scan can have this address.
        let address = Arc::as_ptr(&shared.scanned) as usize;
        let quiet = |q: &Arc<html::Scanned>| Arc::ptr_eq(q, &shared.scanned);
        if self.settled.contains_key(&address) || found.quiet.iter().any(quiet) {
            return;
        }
        let kept_before = found.kept;
        let mut settles = self.one_build && shared.lasting;
        for link in &shared.scanned.links {
            // Every link, whatever the others came to.
            settles &= self.add_found(path, dir, link, shared.line + link.line - 1, found);
        }
        if settles {
            self.settled.insert(address, shared.scanned.clone());
        } else if found.kept == kept_before {
            found.quiet.push(shared.scanned.clone());
        }
    }

    /// A `#part` link on the page at `path`: broken when the page has no
    /// such id (the same test and message as [`LinkIndex::check_page`]
    /// gives a link to another page's fragment).
    fn check_own_anchor(
        &mut self,
        path: &str,
        link: &FoundLink,
        line: usize,
        own: &mut OwnAnchors,
    ) -> Option<Finding> {
        // What the resolver makes of `#part` (a page has dozens of these:
        // its table of contents, its heading anchors), without its copies.
        let fragment = crate::url_path::decode(link.url.strip_prefix('#')?);
        if needs_no_id(&fragment) || own.contains(&fragment) {
            return None;
        }
        let message = anchor_message(
            &link.url,
            &self.resolver.base_path,
            path,
            &fragment,
            own.ids,
        );
        Some(Finding {
            raw: self.strings.get(&link.url),
            message,
            line: u32::try_from(line).unwrap_or(u32::MAX),
        })
    }

    fn add_link(&mut self, path: &str, dir: &str, link: &FoundLink, line: usize) -> Added {
        let kind = match (link.tag, link.attr) {
            ("a" | "area", _) => Kind::Link,
            ("img", _) | (_, "poster") | ("source", "srcset") => Kind::Image,
            _ => Kind::Asset,
        };
        let kept_line = u32::try_from(line).unwrap_or(u32::MAX);
        let raw = self.strings.get(&link.url);
        let absolute = match self.absolute.get(&raw) {
            Some(&known) => known,
            None => match self.resolver.resolve(&link.url, dir) {
                Resolved::External(url) => {
                    self.external
                        .entry(url)
                        .or_default()
                        .push((path.to_string(), line));
                    return Added::External;
                }
                resolved => {
                    let resolved = self.intern(resolved, &link.url, path);
                    if self.resolver.page_independent(&link.url) {
                        self.absolute.insert(raw, resolved);
                    }
                    resolved
                }
            },
        };
        match absolute {
            Absolute::Skip => Added::Nothing,
            Absolute::Outside => Added::Outside(raw, kept_line),
            Absolute::Internal(target, None) if self.one_build && self.find(target).is_some() => {
                Added::Nothing
            }
            Absolute::Internal(target, fragment) => {
                let link = LinkRef {
                    target,
                    fragment,
                    raw,
                    kind,
                };
                let next = self.links.len() as u32;
                let number = *self.link_numbers.entry(link).or_insert(next);
                if number == next {
                    self.links.push(link);
                }
                Added::Link(number, kept_line)
            }
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

    /// Check every link; `site` says which source file each output came from.
    pub fn problems(&self, site: &Site) -> Vec<Problem> {
        self.find_problems(site, true)
    }

    /// Only the broken links and anchors (no reachability warnings), as a
    /// build needs them: cheaper, since links need not be tallied.
    pub fn broken(&self, site: &Site) -> Vec<Problem> {
        self.find_problems(site, false)
    }

    /// The HTML pages, in path order (so findings come out the same on every run).
    fn sorted_pages(&self) -> Vec<(u32, &str, &PageLinks)> {
        let mut pages: Vec<(u32, &str, &PageLinks)> = self
            .pages
            .iter()
            .map(|(&file, page)| (file, self.strings.str(file), page))
            .collect();
        pages.sort_unstable_by(|a, b| a.1.cmp(b.1));
        pages
    }

    fn find_problems(&self, site: &Site, warnings: bool) -> Vec<Problem> {
        let findings = self.findings();
        let mut problems = self.locate(
            site,
            findings
                .iter()
                .flat_map(|(path, list)| list.iter().map(move |f| (*path, f))),
        );
        if warnings {
            problems.extend(self.unreachable(site));
            problems
                .sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
        }
        problems
    }

    /// Every output page with broken links or anchors, and what is broken,
    /// in page order. Many pages link to the same targets (nav, tags): each
    /// thread resolves each target once.
    pub fn findings(&self) -> Vec<(&str, Vec<Finding>)> {
        // Many pages link to the same targets (nav, tags): each thread
        // resolves each target once. Findings come in page order.
        let pages = self.sorted_pages();
        pages
            .par_chunks(CHECK_CHUNK)
            .map_init(Found::default, |found, chunk| {
                let mut out = Vec::new();
                for &(file, path, page) in chunk {
                    let mut mine = Vec::new();
                    self.check_page(file, page, found, &mut |f| mine.push(f));
                    if !mine.is_empty() {
                        out.push((path, mine));
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
        let page = self
            .strings
            .lookup(path)
            .and_then(|file| Some((file, self.pages.get(&file)?)));
        if let Some((file, page)) = page {
            self.check_page(file, page, &mut Found::default(), &mut |f| out.push(f));
        }
        out
    }

    /// The ids of the HTML output at `path` (what its anchors can point to).
    pub fn ids_of(&self, path: &str) -> Option<&Ids> {
        let file = self.strings.lookup(path)?;
        self.pages.get(&file)?.ids.as_ref()
    }

    /// Check the links of the page `file`; `found` remembers where targets
    /// land. Findings come in the page's order: links that leave the base
    /// path, then the others by line (broken `#part` links among them).
    fn check_page(
        &self,
        file: u32,
        page: &PageLinks,
        found: &mut Found,
        report: &mut dyn FnMut(Finding),
    ) {
        if page.own_findings.is_empty() {
            return self.check_links(file, page, found, report);
        }
        let mut mine = Vec::new();
        self.check_links(file, page, found, &mut |f| mine.push(f));
        let rest = mine.split_off(page.outside.len().min(mine.len()));
        mine.into_iter().for_each(&mut *report);
        let mut own = page.own_findings.iter().cloned().peekable();
        for finding in rest {
            while let Some(o) = own.next_if(|o| o.line < finding.line) {
                report(o);
            }
            report(finding);
        }
        own.for_each(report);
    }

    /// [`LinkIndex::check_page`] but for the broken `#part` links found
    /// when the page was added.
    fn check_links(
        &self,
        file: u32,
        page: &PageLinks,
        found: &mut Found,
        report: &mut dyn FnMut(Finding),
    ) {
        let base_path = &self.resolver.base_path;
        for &(raw, line) in &page.outside {
            let text = self.strings.str(raw);
            let mut message =
                format!("link `{text}` points outside the site: its base path is {base_path}");
            let fixed = format!("{base_path}{}", text.trim_start_matches('/'));
            if let Resolved::Internal(t, _) = self.resolver.resolve(&fixed, "") {
                let exists = self.strings.lookup(&t).and_then(|t| self.find(t));
                if exists.is_some() {
                    message.push_str(&format!(" (did you mean `{fixed}`?)"));
                }
            }
            report(Finding { raw, message, line });
        }
        let mut own = OwnAnchors::new(page_ids(page));
        for (number, line) in page.links.iter() {
            let link = self.links[number as usize];
            let Some(target_file) = *found
                .entry(link.target)
                .or_insert_with(|| self.find(link.target))
            else {
                let what = match link.kind {
                    Kind::Link => "broken link",
                    Kind::Image => "missing image",
                    Kind::Asset => "missing asset",
                };
                let message = format!(
                    "{what} `{}`: nothing is built at {base_path}{}",
                    self.strings.str(link.raw),
                    self.strings.str(link.target),
                );
                report(Finding {
                    raw: link.raw,
                    message,
                    line,
                });
                continue;
            };
            let Some(fragment) = link.fragment.map(|f| self.strings.str(f)) else {
                continue;
            };
            if needs_no_id(fragment) {
                continue;
            }
            let Some(target_file) = self.landing(target_file) else {
                continue;
            };
            let (target_page, present) = if target_file == file {
                (page, own.contains(fragment))
            } else if let Some(other) = self.pages.get(&target_file) {
                (other, page_ids(other).contains(fragment))
            } else {
                continue;
            };
            if present {
                continue;
            }
            let message = anchor_message(
                self.strings.str(link.raw),
                base_path,
                self.strings.str(target_file),
                fragment,
                page_ids(target_page),
            );
            report(Finding {
                raw: link.raw,
                message,
                line,
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
                    if more == 1 { "" } else { "s" }
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
    fn unreachable(&self, site: &Site) -> Vec<Problem> {
        let aliases = alias_outputs(site);
        let mut found = Found::default();
        let mut linked: HashSet<u32> = HashSet::default();
        for (&file, page) in &self.pages {
            if aliases.contains(self.strings.str(file)) {
                continue;
            }
            for (number, _) in page.links.iter() {
                let target = self.links[number as usize].target;
                if let Some(to) = *found.entry(target).or_insert_with(|| self.find(target)) {
                    if to != file {
                        linked.insert(to);
                    }
                }
            }
        }
        let sources = Sources::of(site);
        let mut problems = Vec::new();
        for (out, display) in sources.outputs() {
            let built = self
                .strings
                .lookup(out)
                .filter(|file| self.files.contains(file));
            let Some(file) = built else {
                continue;
            };
            if out == "index.html" || linked.contains(&file) {
                continue;
            }
            problems.push(Problem {
                severity: Severity::Warning,
                file: display.display().to_string(),
                line: None,
                message: format!(
                    "{}{} is not linked from any other page, listing or menu: readers cannot reach it",
                    self.resolver.base_path,
                    out.trim_end_matches("index.html")
                ),
            });
        }
        problems
    }

    /// Could a link of the index land on any of the output files `paths`,
    /// were they there (see [`LinkIndex::find`])? A file coming or going
    /// changes no page's findings otherwise. Links of pages since removed
    /// count too, and so does any link that leaves the base path (its
    /// message suggests the link inside it when that lands on a file).
    pub fn may_land_on<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> bool {
        if self.pages.values().any(|page| !page.outside.is_empty()) {
            return true;
        }
        let mut targets: HashSet<u32> = HashSet::default();
        for path in paths {
            let dir = path
                .strip_suffix("index.html")
                .filter(|d| d.is_empty() || d.ends_with('/'));
            let forms = [Some(path), dir, dir.and_then(|d| d.strip_suffix('/'))];
            targets.extend(
                forms
                    .into_iter()
                    .flatten()
                    .filter_map(|t| self.strings.lookup(t)),
            );
        }
        !targets.is_empty() && self.links.iter().any(|l| targets.contains(&l.target))
    }

    /// The output file a site path (interned) lands on: the file itself, or
    /// its `index.html`.
    /// The output file a `#part` link to `file` lands on: the file, or
    /// for a redirect page that keeps the part, the page it sends to
    /// (`None`: outside the site, or nothing built there).
    fn landing(&self, file: u32) -> Option<u32> {
        match self.redirects.get(&file) {
            None => Some(file),
            Some(to) => to.and_then(|to| self.find(to)),
        }
    }

    fn find(&self, target: u32) -> Option<u32> {
        let text = self.strings.str(target);
        if text.is_empty() || text.ends_with('/') {
            return self.dir_index.get(&target).copied();
        }
        if self.files.contains(&target) {
            return Some(target);
        }
        self.strings
            .lookup(&format!("{text}/index.html"))
            .filter(|file| self.files.contains(file))
    }
}

/// A page's ids. Those of an index that reads them back are there for
/// every page a link points into (an empty set stands for any other, so a
/// missed read would show as a broken anchor, never as a hidden one).
fn page_ids(page: &PageLinks) -> &Ids {
    static NONE: std::sync::LazyLock<Ids> = std::sync::LazyLock::new(Ids::default);
    page.ids.as_ref().unwrap_or(&NONE)
}

/// The message for a link `raw` to `fragment` on the output file `target`,
/// whose ids are `ids`, which has no element with that id.
fn anchor_message(raw: &str, base_path: &str, target: &str, fragment: &str, ids: &Ids) -> String {
    let mut message = format!(
        "broken anchor `{raw}`: {base_path}{} has no element with id `{fragment}`",
        target.trim_end_matches("index.html")
    );
    if let Some(best) = crate::error::closest(fragment, ids.iter()) {
        message.push_str(&format!(" (did you mean `#{best}`?)"));
    }
    message
}

/// Does a link to `fragment` land without an element of that id? (`#`
/// alone and `#top`, any case, which HTML defines as the top of the page;
/// text fragments `#:~:text=…`, which browsers resolve.)
fn needs_no_id(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || fragment.starts_with(":~:")
}

/// A page's own ids while its links to itself are checked: looked up in a
/// set, made on first use, when there are many.
struct OwnAnchors<'a> {
    ids: &'a Ids,
    set: Option<HashSet<&'a str>>,
}

impl<'a> OwnAnchors<'a> {
    fn new(ids: &'a Ids) -> OwnAnchors<'a> {
        OwnAnchors { ids, set: None }
    }

    fn contains(&mut self, id: &str) -> bool {
        if self.ids.byte_len() <= ID_SET_BYTES {
            return self.ids.contains(id);
        }
        let ids = self.ids;
        self.set
            .get_or_insert_with(|| ids.iter().collect())
            .contains(id)
    }
}

/// What one link found on a page comes to.
enum Added {
    /// An internal link: its number and line.
    Link(u32, u32),
    /// A root-relative link outside the base path: (URL as written, line).
    Outside(u32, u32),
    External,
    Nothing,
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
