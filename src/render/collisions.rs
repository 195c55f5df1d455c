//! Collisions in the plan of outputs ([`super::plan`]), the copied files
//! and the search index, found before anything renders. Two sources for one
//! path (a page and a section, an alias onto a page, a static file onto a
//! rendered page, …) are errors naming both; a file where another output
//! needs a folder is one too; paths that differ only by letter case are
//! warnings (one overwrites the other on macOS and Windows).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::kind::comparison_error;
use super::plan::{bundle_asset_path, Output, Plan};
use crate::error::Error;
use crate::output::OutputFile;
use crate::site::Site;

/// What one output file comes from.
#[derive(Clone, Copy)]
enum Source<'s> {
    /// An output of the plan (page, section, alias, tag, feed, …).
    Output(&'s Output),
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

/// Check every output path of `plan` (of `site`), `statics` (the theme's
/// and site's static files), the copied files and the search index for
/// collisions. `root` is the site root, to name static files relative to it.
pub fn check(plan: &Plan, site: &Site, statics: &[(String, OutputFile)], root: &Path) -> Findings {
    let mut outputs: Vec<(String, Source)> = Vec::with_capacity(plan.outputs.len() + statics.len());
    outputs.extend(
        plan.outputs
            .iter()
            .map(|o| (o.path.clone(), Source::Output(o))),
    );
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
        outputs.push((crate::search::manifest_path(), Source::Search));
    }
    let ctx = Describe { site, root };
    let mut findings = Findings::default();
    find_collisions(&outputs, &ctx, &mut findings);
    find_folder_clashes(&outputs, &ctx, &mut findings);
    find_comparison_ids(site, &mut findings);
    findings
        .warnings
        .extend(super::zola_keys::merged_feed_warning(site));
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
        match source {
            Source::Output(out) => out.kind.locate(out, self.site, message),
            Source::Asset(asset) => {
                Error::new(message).in_file(Path::new(crate::content::CONTENT_DIR).join(&asset.rel))
            }
            _ => Error::new(message),
        }
    }

    /// How messages name `source`.
    fn name(&self, source: Source) -> String {
        match source {
            Source::Output(out) => out.describe(self.site),
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
        Source::Output(out) => out.kind.rank(),
        Source::Asset(_) => 4,
        _ => 5,
    }
}
