//! The output plan: every file a build will write and what it comes from,
//! worked out from the model before anything renders. Two sources for one
//! path (a page and a section, an alias onto a page, a static file onto a
//! rendered page, …) are errors naming both; a file where another output
//! needs a folder is one too; paths that differ only by letter case are
//! warnings (one overwrites the other on macOS and Windows).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::templates::Templates;
use super::{bundle_asset_path, jobs, Job};
use crate::error::Error;
use crate::output::OutputFile;
use crate::site::Site;

/// What one output file comes from.
#[derive(Clone, Copy)]
enum Source<'s> {
    /// A template render (page, section, alias, tag, feed, …).
    Job(&'s Job<'s>),
    /// A theme or site static file (path, content).
    Static(&'s str, &'s OutputFile),
    /// A file under `content/` copied as it is (beside its page, in a bundle).
    Asset(&'s crate::content::Asset),
    /// The search index's folders (`search/t/`, `search/f/`) and manifest.
    Search,
}

/// What the plan found: errors stop the build, warnings are shown.
#[derive(Debug, Default)]
pub struct Findings {
    pub errors: Vec<Error>,
    pub warnings: Vec<Error>,
}

/// Check every output path of the build `site` with `templates` and
/// `statics` (the theme's and site's static files) for collisions. `root`
/// is the site root, to name static files relative to it.
pub fn check(
    site: &Site,
    templates: &Templates,
    statics: &[(String, OutputFile)],
    root: &Path,
) -> Findings {
    let jobs = jobs(site, templates, false);
    let mut outputs: Vec<(String, Source)> = Vec::with_capacity(jobs.len() + statics.len());
    outputs.extend(jobs.iter().map(|j| (j.output_path(site), Source::Job(j))));
    outputs.extend(
        statics
            .iter()
            .map(|(path, file)| (path.clone(), Source::Static(path, file))),
    );
    for page in &site.pages {
        for asset in &page.assets {
            outputs.push((bundle_asset_path(page, asset), Source::Asset(asset)));
        }
    }
    for asset in &site.loose_assets {
        outputs.push((asset.rel.clone(), Source::Asset(asset)));
    }
    if site.config.build_search_index {
        outputs.push((format!("{}index.json", crate::search::DIR), Source::Search));
    }
    let ctx = Describe { site, root };
    let mut findings = Findings::default();
    find_collisions(&outputs, &ctx, &mut findings);
    find_folder_clashes(&outputs, &ctx, &mut findings);
    find_comparison_ids(site, &mut findings);
    findings.warnings.extend(crate::site::spelling_warnings(
        &site.config,
        &site.pages,
        &site.taxonomies,
    ));
    findings
}

/// The same path from two sources, or (a warning) two paths that differ
/// only by letter case.
fn find_collisions(outputs: &[(String, Source)], ctx: &Describe, findings: &mut Findings) {
    // Keyed by the path in lower case (borrowed when it has no capitals).
    let mut seen: HashMap<std::borrow::Cow<str>, usize> = HashMap::with_capacity(outputs.len());
    for (n, (path, source)) in outputs.iter().enumerate() {
        let key = if path.bytes().any(|b| b.is_ascii_uppercase()) || !path.is_ascii() {
            std::borrow::Cow::Owned(path.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(path.as_str())
        };
        let Some(&first) = seen.get(&key) else {
            seen.insert(key, n);
            continue;
        };
        let (first_path, first_source) = &outputs[first];
        if first_path == path {
            findings.errors.push(ctx.clash(
                format!("`/{path}` would be written twice"),
                *first_source,
                *source,
                "rename one of them or give it a different `slug`",
            ));
        } else {
            findings.warnings.push(ctx.clash(
                format!("`/{first_path}` and `/{path}` differ only by letter case: on macOS and Windows one overwrites the other"),
                *first_source,
                *source,
                "rename one of them so the names differ by more than case",
            ));
        }
    }
}

/// An output file where another output needs a folder of the same name
/// (a static file `guides` and a page `guides/x/`), and anything besides
/// the search index inside its folders.
fn find_folder_clashes(outputs: &[(String, Source)], ctx: &Describe, findings: &mut Findings) {
    let files: HashMap<&str, Source> = outputs.iter().map(|(p, s)| (p.as_str(), *s)).collect();
    // Each folder is reported once, with the first output found inside it.
    let mut reported: HashSet<&str> = HashSet::new();
    for (path, source) in outputs {
        let mut folders = path.match_indices('/').map(|(i, _)| &path[..i]);
        if let Some(top) = path.strip_prefix(crate::search::DIR) {
            let search_owned = top.starts_with("t/") || top.starts_with("f/");
            if search_owned && ctx.site.config.build_search_index {
                findings.errors.push(ctx.clash(
                    format!("`/{path}` is inside a folder the search index writes"),
                    Source::Search,
                    *source,
                    "move it out of `search/t/` and `search/f/`",
                ));
            }
        }
        if let Some(folder) = folders.find(|f| files.contains_key(f)) {
            if reported.insert(folder) {
                findings.errors.push(ctx.clash(
                    format!("`/{folder}` would be a file, but `/{path}` needs a folder there"),
                    files[folder],
                    *source,
                    "rename one of them",
                ));
            }
        }
    }
}

/// Comparisons are looked up by id (`get_comparison`): two with one id
/// would have the second silently win everywhere.
fn find_comparison_ids(site: &Site, findings: &mut Findings) {
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(site.comparisons.len());
    for (i, c) in site.comparisons.iter().enumerate() {
        if let Some(&first) = ids.get(c.id()) {
            let other = site.comparisons[first].rel_path().display();
            findings.errors.push(
                comparison_error(
                    site,
                    i,
                    format!(
                        "two comparisons have the id `{}`: this one and {other}",
                        c.id()
                    ),
                )
                .with_hint("set a different `slug` in one of the data files"),
            );
        } else {
            ids.insert(c.id(), i);
        }
    }
}

/// An error located in comparison `i`'s file, at its `slug` when it has one.
fn comparison_error(site: &Site, i: usize, message: String) -> Error {
    let c = &site.comparisons[i];
    let at = [crate::compare::locate::Step::key("slug")];
    c.error_at(message, if c.data.slug.is_some() { &at } else { &[] })
}

/// Names sources in messages and locates errors at the one with a file.
struct Describe<'s> {
    site: &'s Site,
    root: &'s Path,
}

impl Describe<'_> {
    /// An error about `a` and `b`, located at the one a user would change
    /// (an alias before a page before a section before a copied file).
    fn clash(&self, message: String, a: Source, b: Source, hint: &str) -> Error {
        let (here, other) = if rank(b) < rank(a) { (b, a) } else { (a, b) };
        let message = format!(
            "{message}: by {} and by {}",
            self.name(here),
            self.name(other)
        );
        self.locate(here, message).with_hint(hint)
    }

    /// `message` located at `source`'s file, when it has one.
    fn locate(&self, source: Source, message: String) -> Error {
        let site = self.site;
        match source {
            Source::Job(Job::Page(i)) => {
                let p = &site.pages[*i];
                let err = Error::new(message).in_file(&p.file.display);
                match p.front.slug.as_deref().or(p.front.path.as_deref()) {
                    Some(slug) => at_text(err, &p.file.source(), slug, p.body_offset),
                    None => err.at(1, 1),
                }
            }
            Source::Job(Job::Alias { from, to }) => match super::zola_keys::alias_source(site, *to)
            {
                Some((file, body_offset)) => {
                    let err = Error::new(message).in_file(&file.display);
                    at_text(err, &file.source(), from, body_offset)
                }
                None => Error::new(message),
            },
            Source::Job(Job::Section(i, _, _)) => match &site.sections[*i].file {
                Some(f) => Error::new(message).in_file(&f.display).at(1, 1),
                None => Error::new(message),
            },
            Source::Job(Job::Comparison(i) | Job::ComparisonEmbed(i) | Job::ComparisonData(i)) => {
                comparison_error(site, *i, message)
            }
            Source::Job(Job::ComparisonPair(i, _)) => super::pairs::locate(site, *i, message),
            Source::Asset(asset) => {
                Error::new(message).in_file(Path::new(crate::content::CONTENT_DIR).join(&asset.rel))
            }
            _ => Error::new(message),
        }
    }

    /// How messages name `source`.
    fn name(&self, source: Source) -> String {
        let site = self.site;
        match source {
            Source::Job(job) => match job {
                Job::Page(i) => format!("the page {}", site.pages[*i].file.display.display()),
                Job::Section(i, _, 0) => format!("the section {}", site.sections[*i].display()),
                Job::Section(i, _, pager) => format!(
                    "listing page {} of the section {}",
                    pager + 1,
                    site.sections[*i].display()
                ),
                Job::Alias { from, to } => format!(
                    "the alias `{from}` of {}",
                    super::zola_keys::alias_source(site, *to)
                        .map_or(String::new(), |(f, _)| f.display.display().to_string())
                ),
                Job::Taxonomy(job) => job.describe(site),
                Job::Comparison(i) | Job::ComparisonEmbed(i) | Job::ComparisonData(i) => format!(
                    "the comparison {}",
                    site.comparisons[*i].rel_path().display()
                ),
                Job::ComparisonPair(i, n) => super::pairs::name(site, *i, *n),
                Job::NotFound => "the 404 page (template `404.html`)".to_string(),
                Job::Sitemap => "the sitemap (`generate_sitemap`)".to_string(),
                Job::Feed(None) => "the feed (`generate_feed`)".to_string(),
                Job::Feed(Some(s)) => format!(
                    "the feed of the section {} (`generate_feeds`)",
                    site.sections[*s].display()
                ),
                Job::Robots => "the built-in robots.txt".to_string(),
                Job::DataSchema => "the JSON Schema of comparisons' data.json".to_string(),
            },
            Source::Static(path, file) => match file {
                OutputFile::Copy(abs) => format!(
                    "the static file {}",
                    abs.strip_prefix(self.root).unwrap_or(abs).display()
                ),
                _ => format!("the built-in theme's static file `{path}`"),
            },
            Source::Asset(asset) => {
                format!("the file content/{}", asset.rel)
            }
            Source::Search => "the search index (`build_search_index`)".to_string(),
        }
    }
}

/// Which of two sources an error is located at: the lower rank.
fn rank(source: Source) -> u8 {
    match source {
        Source::Job(Job::Alias { .. }) => 0,
        Source::Job(Job::Page(_)) => 1,
        Source::Job(
            Job::Comparison(_)
            | Job::ComparisonEmbed(_)
            | Job::ComparisonData(_)
            | Job::ComparisonPair(..),
        ) => 2,
        Source::Job(Job::Section(..)) => 3,
        Source::Asset(_) => 4,
        _ => 5,
    }
}

/// Locate `err` at the first quoted `needle` in the front matter of
/// `source` (which ends at `body_offset`), else at the file's start.
fn at_text(err: Error, source: &str, needle: &str, body_offset: usize) -> Error {
    let front = source.get(..body_offset).unwrap_or(source);
    let found = ['"', '\'']
        .iter()
        .find_map(|q| front.find(&format!("{q}{needle}{q}")).map(|i| i + 1))
        .or_else(|| front.find(needle));
    match found {
        Some(offset) => err.at_offset(source, offset),
        None => err.at(1, 1),
    }
}
