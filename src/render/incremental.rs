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
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tera::Value;

use super::bodies::{Bodies, Keyed, MarkdownMemo};
use super::inputs::{Inputs, TemplateReach};
use super::outputs::OutputMemo;
use super::search_index::SearchMemo;
use super::templates::Templates;
use crate::hash::hash_of;
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
}

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
    pub reach: FxHashMap<String, TemplateReach>,
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
