//! Rendering again after a change, doing only the work the change touches.
//!
//! Every output is a pure function of its template context, the templates,
//! the config and what template functions return. Before rendering an output
//! we hash exactly those inputs into a *fingerprint*; an output whose
//! fingerprint is unchanged is reused byte for byte. Markdown is cached the
//! same way, keyed by the page's source, the URLs its `@/` links resolve to
//! now, and what shortcodes can see. Fingerprints are conservative: whatever
//! a template could reach through `get_page`, `get_section` or a dynamic
//! `get_url` is folded into every fingerprint when templates use those
//! functions. The differential test in `tests/serve/` checks the result
//! against clean builds after hundreds of random edits.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::hash::hash_of;

use super::data::LoadData;
use super::functions::Shared;
use super::templates::Templates;
use super::views::{RenderedContent, Views};
use super::{
    check_anchors, comparison_views, jobs, register, render_body, render_job, Caller, Contexts,
};
use super::{Job, MarkdownEnv};
use crate::error::Error;
use crate::markdown::Rendered;
use crate::output::{OutputFile, OutputPath, OutputTree};
use crate::site::Site;

/// What the previous render left behind.
#[derive(Default)]
pub struct RenderCache {
    /// Page or section source (`content/`-relative) → (key, rendered Markdown).
    markdown: HashMap<String, (u64, Arc<Rendered>)>,
    /// Job key (a hash of its kind and name) → (fingerprint, output path, bytes).
    outputs: FxHashMap<u64, (u64, String, OutputFile)>,
    /// Fingerprint of the search index input and the files it produced.
    search: Option<(u64, Vec<(String, OutputFile)>)>,
    /// Each search document's terms and excerpt, so only changed pages are indexed.
    search_docs: crate::search::Cache,
    /// Per page, what the last successful render worked out.
    last: Option<Last>,
    /// The data files the last render loaded (`load_data`), with a hash of
    /// each: when one changes, nothing rendered before is reused.
    data_files: Vec<(std::path::PathBuf, u64)>,
}

/// What the last successful render worked out per page, reused when the
/// next model is a patch of its site (see [`crate::site::Site::patch`]):
/// then the config is the same, every page but the patched ones has the
/// same source, place and links, and all pages the same title, path, date
/// and weight.
struct Last {
    site: Arc<Site>,
    /// What every body's Markdown key includes.
    markdown_global: u64,
    /// Hash of where every page, section and comparison lives.
    paths_hash: u64,
    /// Per page: Markdown key and rendering.
    pages: Vec<(u64, Arc<Rendered>)>,
    /// Per page: its fingerprint ([`Fingerprints::page`]).
    page_prints: Vec<u64>,
    /// Per section: what the nav lists of its pages ([`Fingerprints::new`]).
    nav_listing: Vec<u64>,
    /// The pages of the feed, in order (dates and config decide it).
    feed: Vec<usize>,
}

/// How much of the last render was reused.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reuse {
    /// Markdown bodies rendered again.
    pub markdown_rendered: usize,
    /// Template outputs rendered again.
    pub outputs_rendered: usize,
    /// Template outputs in the site.
    pub outputs_total: usize,
}

/// A body's Markdown key, its rendering, and whether it was rendered afresh.
type MarkdownResult = Result<(u64, Arc<Rendered>, bool), Vec<Error>>;

/// Of a template: (can it look up pages/sections, can it link to any
/// page?), and a hash of the template texts it pulls in.
type TemplateReach = ((bool, bool), u64);

/// Each body's Markdown key and rendering.
type Bodies = [(u64, Arc<Rendered>)];

/// Render `site`, reusing whatever in `cache` is still valid, and refresh
/// the cache. The result is the same tree a clean [`super::render_site`] makes.
///
/// `patch`: `site` is a patch of this earlier model
/// ([`crate::site::Site::patch`]), differing in these pages. When that model
/// is the one the cache last rendered, only those pages' Markdown keys and
/// fingerprints are worked out again.
pub fn render_incremental(
    site: Arc<Site>,
    templates: &mut Templates,
    statics: &[(String, OutputFile)],
    root: &std::path::Path,
    cache: &mut RenderCache,
    patch: Option<(&Arc<Site>, &[usize])>,
) -> Result<(OutputTree, Reuse), Vec<Error>> {
    // What templates load is no source the keys below know of: when a data
    // file changed, start afresh.
    if LoadData::changed(&cache.data_files) {
        *cache = RenderCache::default();
    }
    let load_data = LoadData::new(root);
    let result = render_with(site, templates, statics, cache, patch, &load_data);
    // Kept whether or not the render succeeded: outputs it cached may
    // already show the data.
    cache.data_files = load_data.fingerprint();
    result
}

fn render_with(
    site: Arc<Site>,
    templates: &mut Templates,
    statics: &[(String, OutputFile)],
    cache: &mut RenderCache,
    patch: Option<(&Arc<Site>, &[usize])>,
    load_data: &LoadData,
) -> Result<(OutputTree, Reuse), Vec<Error>> {
    let mut reuse = Reuse::default();
    let last = cache.last.take();
    let (last, changed) = match (last, patch) {
        (Some(last), Some((base, changed)))
            if Arc::ptr_eq(&last.site, base) && last.pages.len() == site.pages.len() =>
        {
            let mut flags = vec![false; site.pages.len()];
            for &i in changed {
                flags[i] = true;
            }
            (Some(last), flags)
        }
        (last, _) => {
            if let Some(last) = last {
                crate::reclaim::later(last);
            }
            (None, Vec::new())
        }
    };
    let shared = Shared {
        site: site.clone(),
        content: Arc::new(OnceLock::new()),
    };
    let comparisons = comparison_views(&site)?;
    register(templates, &shared, comparisons.clone(), load_data.clone());
    let config_value = tera::to_value(&site.config).map_err(|e| vec![Error::new(e.to_string())])?;
    let contexts = Contexts::new(&site, &config_value);

    // What every Markdown body and every output can see.
    let mut sorted_comparisons: Vec<(&String, String)> = comparisons
        .iter()
        .map(|(id, v)| (id, v.to_string()))
        .collect();
    sorted_comparisons.sort();
    // A patched model has every page, section and comparison where it was.
    let paths_hash = match &last {
        Some(last) => last.paths_hash,
        None => hash_of(site_paths(&site)),
    };
    // Per template, what it can reach and the texts it pulls in: worked
    // out once here for the Markdown key and every output's fingerprint.
    let reach: FxHashMap<String, TemplateReach> = templates
        .names()
        .map(|name| {
            let print = templates.closure_print(name);
            (name.to_string(), (templates.reaches_site(name), print))
        })
        .collect();
    // Of the templates, Markdown sees only the shortcodes (and what they
    // pull in). If one can link to any page, every body depends on where
    // all pages live.
    let mut shortcodes: Vec<(&str, u64)> = reach
        .iter()
        .filter(|(n, _)| n.starts_with("shortcodes/"))
        .map(|(n, (_, print))| (n.as_str(), *print))
        .collect();
    shortcodes.sort_unstable();
    let shortcodes_link = reach
        .iter()
        .any(|(n, ((_, urls), _))| n.starts_with("shortcodes/") && *urls);
    let markdown_global = hash_of((
        config_value.to_string(),
        shortcodes,
        &sorted_comparisons,
        shortcodes_link.then_some(paths_hash),
    ));
    // Pages the patch left alone keep their key and rendering when nothing
    // every body sees changed either.
    let last = last.filter(|last| last.markdown_global == markdown_global);

    // Markdown: reuse a body when its source, and where its links point now,
    // are unchanged. Each body comes back with its file's path when it was
    // rendered afresh (to be cached), an empty one when reused.
    let env = MarkdownEnv {
        site: &site,
        templates,
        config: &config_value,
    };
    let render_md = |file: Option<&crate::content::SourceFile>,
                     body_offset: usize,
                     caller: Caller|
     -> (String, MarkdownResult) {
        let Some(file) = file else {
            return (String::new(), Ok((0, Arc::new(Rendered::default()), false)));
        };
        let key_for = |links: &[crate::markdown::InternalLink]| {
            let resolved: Vec<Result<String, String>> =
                links.iter().map(|l| site.resolve_link(&l.link)).collect();
            // Shortcodes see the caller's URL path (the rest of what they
            // see of it comes from the file and the config).
            let path = match caller {
                Caller::Page(i) => &site.pages[i].path,
                Caller::Section(i) => &site.sections[i].path,
            };
            let anchors = super::zola_keys::anchor_links(&site, caller);
            hash_of((
                markdown_global,
                file.hash,
                &file.rel,
                path,
                resolved,
                anchors,
            ))
        };
        if let Some((key, rendered)) = cache.markdown.get(&file.rel) {
            if *key == key_for(&rendered.internal_links) {
                return (String::new(), Ok((*key, rendered.clone(), false)));
            }
        }
        let result = render_body(&env.for_caller(caller), Some(file), body_offset).map(|r| {
            let key = key_for(&r.internal_links);
            (key, Arc::new(r), true)
        });
        (file.rel.clone(), result)
    };
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| match &last {
            Some(last) if !changed[i] => {
                let (key, rendered) = &last.pages[i];
                (String::new(), Ok((*key, rendered.clone(), false)))
            }
            _ => render_md(Some(&p.file), p.body_offset, Caller::Page(i)),
        })
        .collect();
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .enumerate()
        .map(|(i, s)| render_md(s.file.as_ref(), s.body_offset, Caller::Section(i)))
        .collect();
    let mut errors = Vec::new();
    let mut keys = |list: Vec<(String, MarkdownResult)>| {
        let mut out = Vec::with_capacity(list.len());
        for (rel, result) in list {
            match result {
                Ok((key, rendered, fresh)) => {
                    // A reused body is in the cache already, under this key.
                    if fresh {
                        reuse.markdown_rendered += 1;
                        if !rel.is_empty() {
                            cache.markdown.insert(rel, (key, rendered.clone()));
                        }
                    }
                    out.push((key, rendered));
                }
                Err(e) => {
                    errors.extend(e);
                    out.push((0, Arc::new(Rendered::default())));
                }
            }
        }
        out
    };
    let pages = keys(pages);
    let sections = keys(sections);
    if !errors.is_empty() {
        return Err(errors);
    }
    let content = RenderedContent {
        pages: pages.iter().map(|(_, r)| r.clone()).collect(),
        sections: sections.iter().map(|(_, r)| r.clone()).collect(),
    };
    check_anchors(&site, &content)?;
    let content = shared.content.get_or_init(|| content);
    let views = Views {
        site: &site,
        content,
    };

    let prints = Fingerprints::new(
        &site,
        reach,
        markdown_global,
        paths_hash,
        (&pages, &sections),
        last.as_ref().map(|last| (last, changed.as_slice())),
    );
    let jobs = jobs(&site, templates, false);
    reuse.outputs_total = jobs.len();
    // Which outputs must be rendered again: their fingerprints first, then
    // those renders one task each, so that the few long ones (listings,
    // next to each other in the job list) spread over the threads.
    let keyed: Vec<(u64, u64, bool)> = jobs
        .par_iter()
        .map(|job| {
            let (key, print) = prints.of(job);
            let reused = cache
                .outputs
                .get(&key)
                .is_some_and(|(old, _, _)| *old == print);
            (key, print, reused)
        })
        .collect();
    let fresh: Vec<&Job> = jobs
        .iter()
        .zip(&keyed)
        .filter(|(_, (_, _, reused))| !reused)
        .map(|(job, _)| job)
        .collect();
    let rendered: Vec<Result<(String, OutputFile), Error>> = fresh
        .par_iter()
        .with_max_len(1)
        .map(|job| render_job(job, &views, templates, &contexts, &comparisons))
        .collect();
    let mut rendered = rendered.into_iter();
    let results = keyed.into_iter().map(|(key, print, reused)| {
        if reused {
            return Ok((key, print, None));
        }
        match rendered.next() {
            Some(result) => result.map(|output| (key, print, Some(output))),
            None => unreachable!("one render per job not reused"),
        }
    });
    // Every output file, in the order a clean render writes them (a later
    // file replaces an earlier one of the same path), made into the tree at
    // the end: sorting once and building the map in one go costs much less
    // than inserting 20k paths one by one.
    let mut files: Vec<(String, OutputFile)> = Vec::with_capacity(jobs.len() * 2);
    let mut outputs: FxHashMap<u64, (u64, String, OutputFile)> =
        FxHashMap::with_capacity_and_hasher(results.len(), Default::default());
    for r in results {
        match r {
            Ok((key, print, Some((path, file)))) => {
                reuse.outputs_rendered += 1;
                files.push((path.clone(), file.clone()));
                outputs.insert(key, (print, path, file));
            }
            Ok((key, _, None)) => {
                // Reused: moved to the new map (or, for a second job with
                // the same key, copied from it).
                let entry = match cache.outputs.remove(&key) {
                    Some(entry) => entry,
                    None => match outputs.get(&key) {
                        Some(entry) => entry.clone(),
                        None => unreachable!("a reused output is in one of the maps"),
                    },
                };
                files.push((entry.1.clone(), entry.2.clone()));
                outputs.insert(key, entry);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        // What was reused and rendered stays in the cache for the next run.
        cache.outputs.extend(outputs);
        return Err(errors);
    }
    crate::reclaim::later(std::mem::replace(&mut cache.outputs, outputs));
    // The outputs map now holds only jobs that still exist. Every body of
    // the site is in the Markdown cache now; anything more is of files that
    // are gone.
    let bodies = site.pages.len() + site.sections.iter().filter(|s| s.file.is_some()).count();
    if cache.markdown.len() > bodies {
        let live: std::collections::HashSet<&str> = site
            .pages
            .iter()
            .map(|p| p.file.rel.as_str())
            .chain(
                site.sections
                    .iter()
                    .filter_map(|s| s.file.as_ref().map(|f| f.rel.as_str())),
            )
            .collect();
        cache.markdown.retain(|rel, _| live.contains(rel.as_str()));
    }

    for (path, file) in super::copied_files(&site, statics) {
        files.push((path, file));
    }
    if site.config.build_search_index {
        let print = hash_of((prints.all, prints.paths_hash));
        let search = match &cache.search {
            Some((old, search)) if *old == print => search.clone(),
            _ => {
                let page_keys: Vec<u64> = pages.iter().map(|(k, _)| *k).collect();
                let section_keys: Vec<u64> = sections.iter().map(|(k, _)| *k).collect();
                // A patched model's other pages are the same documents.
                let changed = last.as_ref().map(|_| changed.as_slice());
                cache
                    .search_docs
                    .index(&site, content, &page_keys, &section_keys, changed)
            }
        };
        files.extend(search.iter().cloned());
        cache.search = Some((print, search));
    }
    if let Some(old) = last {
        crate::reclaim::later(old);
    }
    cache.last = Some(Last {
        site: site.clone(),
        markdown_global,
        paths_hash,
        pages,
        page_prints: prints.page,
        nav_listing: prints.nav_listing,
        feed: prints.feed,
    });
    // `collect` sorts stably and keeps the last file of each path, as
    // inserting them in this order would.
    let files: Result<_, Error> = files
        .into_iter()
        .map(|(path, file)| Ok((OutputPath::new(path)?, file)))
        .collect();
    let tree = OutputTree {
        files: files.map_err(|e| vec![e])?,
    };
    Ok((tree, reuse))
}

/// Where every page, section and comparison lives, by source file.
fn site_paths(site: &Site) -> Vec<(&str, String)> {
    let mut paths: Vec<(&str, String)> = site
        .by_file
        .iter()
        .map(|(rel, target)| (rel.as_str(), site.target_path(*target)))
        .collect();
    paths.sort();
    paths
}

/// The hashes outputs are fingerprinted with, computed once per render.
struct Fingerprints<'a> {
    site: &'a Site,
    /// Everything every output depends on: config, shortcodes, comparisons
    /// (each output adds the templates it is rendered with).
    global: u64,
    /// Per template: what it can reach, and what it pulls in.
    reach: FxHashMap<String, TemplateReach>,
    /// Hash of `paths`.
    paths_hash: u64,
    /// Per page: source, path and rendered Markdown.
    page: Vec<u64>,
    /// Per section: its own text and the summaries of its pages and subsections.
    listing: Vec<u64>,
    /// Per section: the nav as seen from it (see [`Fingerprints::nav_from`]).
    nav: Vec<u64>,
    /// Per section: the titles, paths, weights and dates of its pages.
    nav_listing: Vec<u64>,
    /// The pages of the feed, in order.
    feed: Vec<usize>,
    /// Paths and dates of everything: what the sitemap shows.
    dated_paths: u64,
    /// All pages and sections together.
    all: u64,
}

impl<'a> Fingerprints<'a> {
    /// `last`: the last render's, when `site` is a patch of its model that
    /// changed the pages flagged in the slice (see [`Last`]).
    fn new(
        site: &'a Site,
        reach: FxHashMap<String, TemplateReach>,
        markdown_global: u64,
        paths_hash: u64,
        (pages, sections): (&Bodies, &Bodies),
        last: Option<(&Last, &[bool])>,
    ) -> Self {
        let page: Vec<u64> = site
            .pages
            .iter()
            .zip(pages)
            .enumerate()
            .map(|(i, (p, (md, _)))| match last {
                Some((last, changed)) if !changed[i] => last.page_prints[i],
                _ => hash_of((p.hash, &p.file.rel, &p.path, p.section, md)),
            })
            .collect();
        let listing: Vec<u64> = site
            .sections
            .iter()
            .zip(sections)
            .map(|(s, (md, _))| {
                let pages: Vec<u64> = s.pages.iter().map(|&i| page[i]).collect();
                let subs: Vec<(&str, &str, usize, Option<&str>)> = s
                    .subsections
                    .iter()
                    .map(|&c| {
                        let c = &site.sections[c];
                        (
                            c.title.as_str(),
                            c.path.as_str(),
                            c.pages.len(),
                            c.front.description.as_deref(),
                        )
                    })
                    .collect();
                hash_of((
                    md,
                    &s.title,
                    &s.path,
                    s.front.description.as_deref(),
                    format!("{:?}", s.front.extra),
                    pages,
                    subs,
                ))
            })
            .collect();
        let skeleton = hash_of(
            site.sections
                .iter()
                .map(|s| (&s.title, &s.path, s.pages.len(), s.parent, &s.subsections))
                .collect::<Vec<_>>(),
        );
        let skeleton = hash_of((skeleton, super::zola_keys::nav_flags(site)));
        let feed = match last {
            Some((last, _)) => last.feed.clone(),
            None => super::feed_order(site),
        };
        let nav_listing: Vec<u64> = match last {
            Some((last, _)) => last.nav_listing.clone(),
            None => site
                .sections
                .iter()
                .map(|s| {
                    let pages: Vec<_> = s
                        .pages
                        .iter()
                        .map(|&i| {
                            let p = &site.pages[i];
                            (&p.title, &p.path, p.front.weight, &p.front.date)
                        })
                        .collect();
                    hash_of(pages)
                })
                .collect(),
        };
        let dated_paths = hash_of((
            site.pages
                .iter()
                .map(|p| (&p.path, &p.front.date, &p.front.updated))
                .collect::<Vec<_>>(),
            super::zola_keys::sitemap_section_paths(site),
            super::taxonomy::sitemap_paths(site),
            site.comparisons
                .iter()
                .map(|c| c.path())
                .collect::<Vec<_>>(),
        ));
        let all = hash_of((&page, &listing));
        Fingerprints {
            site,
            global: markdown_global,
            reach,
            paths_hash,
            page,
            listing,
            nav: (0..site.sections.len())
                .map(|i| Self::nav_from(site, skeleton, &nav_listing, i))
                .collect(),
            nav_listing,
            feed,
            dated_paths,
            all,
        }
    }

    /// The nav as seen from section `i`: the tree, and the page lists
    /// (`nav_listing`, per section) of the open sections.
    fn nav_from(site: &Site, skeleton: u64, nav_listing: &[u64], i: usize) -> u64 {
        let open = super::views::open_sections(site, i);
        let listed: Vec<u64> = (0..site.sections.len())
            .filter(|&s| super::views::nav_lists_pages(site, s, &open))
            .map(|s| nav_listing[s])
            .collect();
        hash_of((skeleton, listed))
    }

    /// A stable key for a job (a hash of its kind and name) and its fingerprint: what the
    /// job shows, plus the whole site when its template can look it up.
    fn of(&self, job: &Job) -> (u64, u64) {
        let (key, print) = self.own(job);
        let taxonomy_template;
        let template = match job {
            Job::Page(i) => super::page_template(self.site, *i),
            Job::Section(_, t, _) => t,
            Job::Taxonomy(job) => {
                taxonomy_template = job.template(self.site, |n| self.reach.contains_key(n));
                taxonomy_template.as_deref().unwrap_or("")
            }
            Job::Comparison(_) => "comparison.html",
            Job::ComparisonEmbed(_) => super::EMBED_TEMPLATE,
            Job::ComparisonPair(..) => super::pairs::TEMPLATE,
            Job::NotFound => "404.html",
            Job::Alias { .. } => "alias.html",
            Job::Sitemap => "sitemap.xml",
            Job::Feed(_) => "atom.xml",
            Job::Robots => "robots.txt",
            Job::ComparisonData(_) | Job::DataSchema => "",
        };
        let ((lookups, urls), source) = self
            .reach
            .get(template)
            .copied()
            .unwrap_or(((true, true), 0));
        let print = hash_of((
            print,
            source,
            lookups.then_some(self.all),
            urls.then_some(self.paths_hash),
        ));
        (key, print)
    }

    /// A job's key and the fingerprint of what it shows itself.
    fn own(&self, job: &Job) -> (u64, u64) {
        let site = self.site;
        let root_nav = self.nav[site.root];
        match job {
            Job::Page(i) => {
                let p = &site.pages[*i];
                let neighbour = |j: Option<usize>| j.map(|j| self.page[j]);
                let assets: Vec<&str> = p.assets.iter().map(|a| a.rel.as_str()).collect();
                let print = hash_of((
                    self.global,
                    self.page[*i],
                    self.nav[p.section],
                    neighbour(p.lower),
                    neighbour(p.higher),
                    assets,
                ));
                (hash_of(("page", &p.file.rel)), print)
            }
            Job::Section(i, template, pager) => {
                let s = &site.sections[*i];
                (
                    hash_of(("section", &s.dir, pager)),
                    hash_of((
                        (self.global, template, self.listing[*i], self.nav[*i]),
                        format!("{:?}", s.front),
                    )),
                )
            }
            Job::Taxonomy(job) => job.fingerprint(
                site,
                &super::taxonomy::PrintInputs {
                    global: self.global,
                    root_nav,
                    page: &self.page,
                },
            ),
            Job::Comparison(i) => {
                let id = site.comparisons[*i].id();
                (
                    hash_of(("comparison", id)),
                    hash_of((self.global, root_nav, id)),
                )
            }
            Job::ComparisonEmbed(i) => {
                let id = site.comparisons[*i].id();
                (hash_of(("embed", id)), hash_of((self.global, id)))
            }
            Job::ComparisonData(i) => {
                let id = site.comparisons[*i].id();
                (hash_of(("data", id)), hash_of((self.global, id)))
            }
            Job::ComparisonPair(i, n) => {
                super::pairs::fingerprint(site, *i, *n, self.global, root_nav)
            }
            Job::Alias { from, to } => (
                hash_of(("alias", from)),
                hash_of((self.global, site.target_path(*to))),
            ),
            Job::NotFound => (hash_of("404"), hash_of((self.global, root_nav))),
            Job::Sitemap => (hash_of("sitemap"), hash_of((self.global, self.dated_paths))),
            Job::Feed(None) => {
                let feed: Vec<u64> = self.feed.iter().map(|&i| self.page[i]).collect();
                (hash_of("feed"), hash_of((self.global, feed)))
            }
            Job::Feed(Some(s)) => {
                let order = super::zola_keys::section_feed_order(site, *s);
                let feed: Vec<u64> = order.iter().map(|&i| self.page[i]).collect();
                let s = &site.sections[*s];
                (
                    hash_of(("feed", &s.dir)),
                    hash_of((self.global, &s.title, feed)),
                )
            }
            Job::Robots => (hash_of("robots"), self.global),
            Job::DataSchema => (
                hash_of("data-schema"),
                hash_of(crate::compare::view::DATA_VERSION),
            ),
        }
    }
}
