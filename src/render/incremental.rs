//! The dev server's memo policy: what a render keeps for the next one, and
//! what it works out before its Markdown stage to decide what it may reuse.
//!
//! Every output is a pure function of its template context, the templates,
//! the config and what template functions return. Each stage keeps its own
//! memo beside its code — Markdown by key (`bodies.rs`), outputs by
//! fingerprint (`outputs.rs`, inputs in `inputs.rs` and each kind's file),
//! the search index (`search_index.rs`) — and [`RenderMemo`] holds them for
//! the session. Fingerprints are conservative: whatever a template could
//! reach through `get_page`, `get_section` or a dynamic `get_url` is folded
//! in when templates use those functions. The differential test in
//! `tests/serve/` checks the result against clean builds after hundreds of
//! random edits.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Weak};

use rustc_hash::FxHashMap;
use tera::Value;

use super::bodies::{Bodies, Keyed, MarkdownMemo};
use super::inputs::{shortcode_can_link, Inputs, TemplateReach};
use super::outputs::OutputMemo;
use super::plan::Plan;
use super::search_index::SearchMemo;
use super::templates::Templates;
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::site::{Patch, Site};

/// What the renders of a session keep, stage by stage.
#[derive(Default)]
pub struct RenderMemo {
    pub(super) markdown: MarkdownMemo,
    pub(super) outputs: OutputMemo,
    pub(super) search: SearchMemo,
    /// Per page, what the last successful render worked out.
    last: Option<Last>,
    /// The data files the last render loaded (`load_data`), with a hash of
    /// each: when one changes, nothing rendered before is reused.
    pub(super) data_files: Vec<(PathBuf, u64)>,
    /// What each template reaches, for templates of this fingerprint
    /// ([`Templates::fingerprint`]): worked out again only when one changes.
    reach: Option<(u64, Reach)>,
}

/// Per template, what it can reach and the texts it pulls in.
pub type Reach = Arc<FxHashMap<String, TemplateReach>>;

/// What the last successful render worked out per page, reused when the
/// next model is a [`Patch`] of its site: then the config is the same,
/// every page but the patched ones has the same source, place and links,
/// and all pages the same title, path, date and weight.
pub struct Last {
    site: Arc<Site>,
    /// What every body's Markdown key includes.
    markdown_global: u64,
    /// Hash of where every page, section and comparison lives.
    paths_hash: u64,
    /// Per page: Markdown key and rendering.
    pub(super) pages: Vec<Keyed>,
    /// Per page: its input ([`Inputs::page`]).
    pub(super) page_prints: Vec<u64>,
    /// Per section: what the nav lists of its pages ([`Inputs::nav_listing`]).
    pub(super) nav_listing: Vec<u64>,
    /// The pages of the feed, in order (dates and config decide it).
    pub(super) feed: Vec<usize>,
    /// What the sitemap lists ([`Inputs::sitemap`]).
    pub(super) sitemap: u64,
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

/// What a render under the memo policy works out before its Markdown.
pub struct Keys {
    /// What every body and every output sees: config, shortcode templates,
    /// comparisons (and where all pages live, if a shortcode can link to any).
    pub markdown_global: u64,
    /// Hash of where every page, section and comparison lives.
    pub paths_hash: u64,
    /// Per template, what it can reach and the texts it pulls in.
    pub reach: Reach,
    /// The last render's per-page work, when the model is a patch of its
    /// model and nothing every body sees changed; with the patch's flags of
    /// changed pages.
    pub last: Option<(Last, Vec<bool>)>,
}

impl Keys {
    /// The last render's page bodies and the changed-page flags.
    pub fn last_bodies(&self) -> Option<(&[Keyed], &[bool])> {
        self.last
            .as_ref()
            .map(|(last, changed)| (last.pages.as_slice(), changed.as_slice()))
    }

    /// The last render's work and the flags, for [`Inputs::new`].
    pub fn last_inputs(&self) -> Option<(&Last, &[bool])> {
        self.last
            .as_ref()
            .map(|(last, changed)| (last, changed.as_slice()))
    }
}

impl RenderMemo {
    /// Forget everything when a data file a template loaded changed: what
    /// templates load is no input the keys know of.
    pub(super) fn check_data_files(&mut self) {
        if super::data::LoadData::changed(&self.data_files) {
            *self = RenderMemo::default();
        }
    }

    /// Work out the keys of this render of `site`: `patch` when the model
    /// was patched from an earlier one; `comparisons` and `config` are the
    /// render's views of them.
    pub(super) fn keys(
        &mut self,
        site: &Site,
        patch: Option<&Patch>,
        templates: &Templates,
        comparisons: &HashMap<String, Value>,
        config: &Value,
    ) -> Keys {
        let last = match (self.last.take(), patch) {
            (Some(last), Some(patch))
                if Arc::ptr_eq(&last.site, patch.base())
                    && last.pages.len() == site.pages.len() =>
            {
                Some((last, patch.flags(site.pages.len())))
            }
            (last, _) => {
                if let Some(last) = last {
                    crate::reclaim::later(last);
                }
                None
            }
        };
        let mut sorted_comparisons: Vec<(&String, String)> = comparisons
            .iter()
            .map(|(id, v)| (id, v.to_string()))
            .collect();
        sorted_comparisons.sort();
        // A patched model has every page, section and comparison where it was.
        let paths_hash = match &last {
            Some((last, _)) => last.paths_hash,
            None => hash_of(site_paths(site)),
        };
        let reach = self.reach(templates);
        // Of the templates, Markdown sees only the shortcodes (and what they
        // pull in). If one can link to any page, every body depends on where
        // all pages live.
        let mut shortcodes: Vec<(&str, u64)> = reach
            .iter()
            .filter(|(n, _)| n.starts_with("shortcodes/"))
            .map(|(n, (_, print))| (n.as_str(), *print))
            .collect();
        shortcodes.sort_unstable();
        let shortcodes_link = reach.iter().any(|(n, r)| shortcode_can_link(n, r));
        let markdown_global = hash_of((
            config.to_string(),
            shortcodes,
            &sorted_comparisons,
            shortcodes_link.then_some(paths_hash),
        ));
        // Pages the patch left alone keep their key and rendering when
        // nothing every body sees changed either.
        let last = last.filter(|(last, _)| last.markdown_global == markdown_global);
        Keys {
            markdown_global,
            paths_hash,
            reach,
            last,
        }
    }

    /// What each template of `templates` reaches: kept while no template
    /// changes (it depends on nothing else).
    fn reach(&mut self, templates: &Templates) -> Reach {
        let print = templates.fingerprint();
        match &self.reach {
            Some((kept, reach)) if *kept == print => reach.clone(),
            _ => {
                let reach: Reach = Arc::new(
                    templates
                        .reach_all()
                        .into_iter()
                        .map(|(name, reach)| (name.to_string(), reach))
                        .collect(),
                );
                self.reach = Some((print, reach.clone()));
                reach
            }
        }
    }

    /// After a successful render of `site`: keep its per-page work for
    /// the next render, if that one is a patch of this model.
    pub(super) fn keep_last(
        &mut self,
        site: &Arc<Site>,
        keys: Keys,
        bodies: Bodies,
        inputs: Inputs,
    ) {
        if let Some((old, _)) = keys.last {
            crate::reclaim::later(old);
        }
        self.last = Some(Last {
            site: site.clone(),
            markdown_global: keys.markdown_global,
            paths_hash: keys.paths_hash,
            pages: bodies.pages,
            page_prints: inputs.page,
            nav_listing: inputs.nav_listing,
            feed: inputs.feed,
            sitemap: inputs.sitemap,
        });
    }
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

/// The last plan of a session ([`Plan`]) and its collision check's
/// warnings, taken again by the next run when its model is a [`Patch`] of
/// the model the plan was made for and nothing a plan is made of changed:
/// the template names (kinds ask only which templates exist), the static
/// files, and the changed pages' `template` and `aliases` (a patch keeps
/// every other thing of a page that kinds plan with: path, section, terms).
#[derive(Default)]
pub struct PlanMemo {
    kept: Option<KeptPlan>,
}

struct KeptPlan {
    /// The model the plan was made for. Held weakly: the session frees its
    /// models on a background thread, and only compares this one.
    site: Weak<Site>,
    /// [`PlanMemo::names`] of the templates it was made with.
    names: u64,
    /// [`PlanMemo::statics`] of the static files it was checked with.
    statics: u64,
    plan: Plan,
    warnings: Vec<Error>,
}

impl PlanMemo {
    /// The kept plan and its collision warnings, when they are those of
    /// `site`, patched by `patch`, with `templates` and `statics`.
    pub fn take(
        &mut self,
        site: &Site,
        patch: &Patch,
        templates: &Templates,
        statics: &[(String, OutputFile)],
    ) -> Option<(Plan, Vec<Error>)> {
        let kept = self.kept.take()?;
        let base = patch.base();
        let same = kept.site.upgrade().is_some_and(|s| Arc::ptr_eq(&s, base))
            && kept.names == Self::names(templates)
            && kept.statics == Self::statics(statics)
            && patch.changed().iter().all(|&i| {
                let (new, old) = (&site.pages[i].front, &base.pages[i].front);
                new.template() == old.template() && new.aliases() == old.aliases()
            });
        same.then_some((kept.plan, kept.warnings))
    }

    /// Keep `plan`, made for `site` with `templates`, and what checking it
    /// with `statics` warned of, for the next run.
    pub fn keep(
        &mut self,
        site: &Arc<Site>,
        templates: &Templates,
        statics: &[(String, OutputFile)],
        plan: Plan,
        warnings: Vec<Error>,
    ) {
        let old = self.kept.replace(KeptPlan {
            site: Arc::downgrade(site),
            names: Self::names(templates),
            statics: Self::statics(statics),
            plan,
            warnings,
        });
        crate::reclaim::later(old);
    }

    /// Forget the kept plan (its model is no base for a patch any more).
    pub fn forget(&mut self) {
        crate::reclaim::later(self.kept.take());
    }

    /// The template names, sorted, hashed.
    fn names(templates: &Templates) -> u64 {
        let mut names: Vec<&str> = templates.names().collect();
        names.sort_unstable();
        hash_of(names)
    }

    /// The static files' paths and where each is copied from (collision
    /// messages name it), hashed.
    fn statics(statics: &[(String, OutputFile)]) -> u64 {
        hash_of(
            statics
                .iter()
                .map(|(path, file)| match file {
                    OutputFile::Copy(abs) => (path, Some(abs)),
                    _ => (path, None),
                })
                .collect::<Vec<_>>(),
        )
    }
}
