//! The one render loop, for a one-off build and for the dev server alike.
//! It renders the [plan](super::plan) in stages — Markdown of every body,
//! the anchor check, the search index, every output, the copied files —
//! and takes a memo [`Policy`]: the two callers differ in what is kept and
//! reused, never in what is rendered.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::bodies::{self, Reusing};
use super::body::MarkdownEnv;
use super::context::Contexts;
use super::incremental::{Keys, RenderMemo, Reuse};
use super::inputs::Inputs;
use super::kind::{Cx, KINDS};
use super::plan::{copied_files, Output, Plan};
use super::search_index;
use super::setup::{comparison_views, register};
use super::templates::Templates;
use super::views::{RenderedContent, Views};
use super::{anchors, data, functions, outputs, put, Sink};
use crate::error::Error;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::site::{Patch, Site};

/// What a render keeps for the next one.
pub enum Policy<'m> {
    /// `versus build`: nothing. Each page is written as soon as its
    /// Markdown is rendered (when no template looks up other pages'
    /// content), and its text, HTML and search text are dropped as soon as
    /// no later stage reads them.
    NoMemo,
    /// `versus serve`: everything, in `memo`; each stage reuses what the
    /// change left valid. `patch`: the model was patched from an earlier one.
    Keep {
        memo: &'m mut RenderMemo,
        patch: Option<&'m Patch>,
    },
}

/// Render `plan` (of `site`) into `sink`, under `policy`. `statics` are the
/// theme's and site's static files, `root` the site root (for `load_data`).
/// On error, some files may already be in the sink: callers publish its
/// content only when this returns `Ok`.
pub fn render(
    site: &Arc<Site>,
    plan: &Plan,
    templates: &mut Templates,
    statics: &[(String, OutputFile)],
    root: &Path,
    sink: &dyn Sink,
    policy: Policy,
) -> Result<Reuse, Vec<Error>> {
    let load_data = data::LoadData::new(root, &site.config.zola_theme);
    match policy {
        Policy::NoMemo => run(site, plan, templates, statics, &load_data, sink, None),
        Policy::Keep { memo, patch } => {
            memo.check_data_files();
            let result = run(
                site,
                plan,
                templates,
                statics,
                &load_data,
                sink,
                Some((&mut *memo, patch)),
            );
            // Kept whether or not the render succeeded: outputs it kept may
            // already show the data.
            memo.data_files = load_data.fingerprint();
            result
        }
    }
}

fn run(
    site: &Arc<Site>,
    plan: &Plan,
    templates: &mut Templates,
    statics: &[(String, OutputFile)],
    load_data: &data::LoadData,
    sink: &dyn Sink,
    mut memo: Option<(&mut RenderMemo, Option<&Patch>)>,
) -> Result<Reuse, Vec<Error>> {
    let shared = functions::Shared {
        site: site.clone(),
        content: Arc::new(OnceLock::new()),
    };
    let comparisons = comparison_views(site)?;
    register(templates, &shared, comparisons.clone(), load_data.clone());
    let mut config = tera::to_value(&site.config).map_err(|e| vec![Error::new(e.to_string())])?;
    if site.config.zola_templates {
        config["base_url"] = site.config.base_url_as_written.clone().into();
    }
    let templates = &*templates;
    let contexts = Contexts::new(site, &config);
    let setup = Setup {
        site,
        templates,
        config: &config,
        contexts: &contexts,
        comparisons: &comparisons,
    };
    let keys: Option<Keys> = memo
        .as_mut()
        .map(|(memo, patch)| memo.keys(site, *patch, templates, &comparisons, &config));
    // Without a memo, pages are indexed for search and (when they can be)
    // written as their Markdown is rendered.
    let no_memo = memo.is_none();
    let vocab = (no_memo && site.config.build_search_index).then(crate::search::Vocab::default);
    let streamed = Streamed::new(site, plan, no_memo && templates.pages_can_stream());
    let reusing = match (&memo, &keys) {
        (Some((memo, _)), Some(keys)) => Some(Reusing {
            memo: &memo.markdown,
            global: keys.markdown_global,
            last: keys.last_bodies(),
        }),
        _ => None,
    };
    let mut bodies = markdown(&setup, reusing.as_ref(), vocab.as_ref(), &streamed, sink);
    if let Some((memo, _)) = &mut memo {
        memo.markdown.keep(site, &mut bodies);
    }
    if !bodies.errors.is_empty() {
        return Err(std::mem::take(&mut bodies.errors));
    }
    let mut content = if no_memo {
        // Nothing is kept for a later build: the renderings move.
        let pages = std::mem::take(&mut bodies.pages);
        let sections = std::mem::take(&mut bodies.sections);
        RenderedContent {
            pages: pages.into_iter().map(|(_, r)| r).collect(),
            sections: sections.into_iter().map(|(_, r)| r).collect(),
        }
    } else {
        RenderedContent {
            pages: bodies.pages.iter().map(|(_, r)| r.clone()).collect(),
            sections: bodies.sections.iter().map(|(_, r)| r.clone()).collect(),
        }
    };
    anchors::check_anchors(site, &content)?;
    if no_memo {
        drop_anchor_data(&mut content);
    }
    let cx = setup.cx(shared.content.get_or_init(|| content));
    let mut reuse = Reuse {
        markdown_rendered: bodies.rendered,
        outputs_total: plan.outputs.len(),
        ..Reuse::default()
    };
    let todo: Vec<&Output> = plan
        .outputs
        .iter()
        .filter(|out| !streamed.done(out))
        .collect();
    reuse.outputs_rendered = match (memo, keys) {
        (Some((memo, _)), Some(keys)) => {
            kept_outputs(site, memo, keys, bodies, (&todo, &cx), sink)?
        }
        _ => {
            // The index is finished before the listings are rendered, so the
            // memory its postings take is free again for them.
            if let Some(vocab) = vocab {
                let docs = std::mem::take(&mut bodies.docs);
                search_index::finish(vocab, docs, site, cx.views.content, sink)?;
            }
            outputs::render(&todo, &cx, sink, None)?
        }
    };
    write_copies(site, statics, sink)?;
    Ok(reuse)
}

/// Once the Markdown's anchors are checked, a one-off build's later stages
/// read no rendering's heading ids or `@/` links: let them go before the
/// listings are rendered (a tenth of a 100k-page build's peak when kept).
fn drop_anchor_data(content: &mut RenderedContent) {
    for rendered in content.pages.iter_mut().chain(&mut content.sections) {
        if let Some(rendered) = Arc::get_mut(rendered) {
            rendered.heading_ids = Default::default();
            rendered.internal_links = Vec::new();
        }
    }
}

/// What every stage of one render renders with.
struct Setup<'a> {
    site: &'a Site,
    templates: &'a Templates,
    config: &'a tera::Value,
    contexts: &'a Contexts,
    comparisons: &'a HashMap<String, tera::Value>,
}

impl<'a> Setup<'a> {
    /// What kinds render with, once the Markdown `content` is done (or,
    /// for streamed pages, before: then `content` is empty).
    fn cx(&self, content: &'a RenderedContent) -> Cx<'a> {
        Cx {
            views: Views {
                site: self.site,
                content,
            },
            templates: self.templates,
            contexts: self.contexts,
            comparisons: self.comparisons,
        }
    }
}

/// The Markdown stage: every body, reused where `reusing` allows; each
/// fresh page indexed with `vocab` and its [`Streamed`] outputs written,
/// and what no later stage reads dropped, on the thread that rendered it.
fn markdown(
    setup: &Setup,
    reusing: Option<&Reusing>,
    vocab: Option<&crate::search::Vocab>,
    streamed: &Streamed,
    sink: &dyn Sink,
) -> bodies::Bodies {
    let site = setup.site;
    let env = MarkdownEnv {
        site,
        templates: setup.templates,
        config: setup.config,
    };
    let no_content = RenderedContent::default();
    let early = setup.cx(&no_content);
    // A one-off build keeps heading ids only where an anchor check needs them.
    let linked = match reusing {
        None => anchors::pages_linked_to_a_heading(site, setup.templates),
        Some(_) => None,
    };
    let after_page = |i: usize, rendered: &mut Rendered| {
        let doc = match vocab {
            Some(vocab) => Some(
                search_index::index_page(vocab, site, i, rendered, sink).map_err(|e| vec![e])?,
            ),
            None => None,
        };
        if reusing.is_none() {
            // Indexed or not wanted: either way no later stage reads them
            // (a tenth of a 10k-page build's heap when they were kept).
            rendered.text_blocks = Vec::new();
        }
        if linked.as_ref().is_some_and(|linked| !linked[i]) {
            rendered.heading_ids = Default::default();
        }
        streamed.write(i, rendered, &early, sink)?;
        Ok(doc)
    };
    bodies::render_all(&env, reusing, &after_page)
}

/// The search index and the outputs under the memo policy: each reused
/// where its inputs are unchanged. Returns how many outputs were rendered.
fn kept_outputs(
    site: &Arc<Site>,
    memo: &mut RenderMemo,
    mut keys: Keys,
    bodies: bodies::Bodies,
    (todo, cx): (&[&Output], &Cx),
    sink: &dyn Sink,
) -> Result<usize, Vec<Error>> {
    let inputs = Inputs::new(
        site,
        std::mem::take(&mut keys.reach),
        (keys.markdown_global, keys.paths_hash),
        (&bodies.pages, &bodies.sections),
        keys.last_inputs(),
    );
    // The index and the outputs are independent: the index is made while
    // the outputs render (a one-page edit re-renders a few long listings,
    // which leave a thread idle). Its errors come first, as in a build.
    let search = &mut memo.search;
    let index = || {
        if !site.config.build_search_index {
            return Ok(());
        }
        let page_keys: Vec<u64> = bodies.pages.iter().map(|(k, _)| *k).collect();
        let section_keys: Vec<u64> = bodies.sections.iter().map(|(k, _)| *k).collect();
        // A patched model's other pages are the same documents.
        let changed = keys.last.as_ref().map(|(_, changed)| changed.as_slice());
        search.write(
            (inputs.all, inputs.paths_hash),
            site,
            cx.views.content,
            (&page_keys, &section_keys),
            changed,
            sink,
        )
    };
    let (indexed, rendered) = rayon::join(index, || {
        outputs::render(todo, cx, sink, Some((&mut memo.outputs, &inputs)))
    });
    indexed?;
    let rendered = rendered?;
    memo.keep_last(site, keys, bodies, inputs);
    Ok(rendered)
}

/// Files copied as they are ([`copied_files`]), into `sink`.
fn write_copies(
    site: &Site,
    statics: &[(String, OutputFile)],
    sink: &dyn Sink,
) -> Result<(), Vec<Error>> {
    let errors: Vec<Error> = copied_files(site, statics)
        .into_par_iter()
        .filter_map(|(path, file)| put(sink, path, file).err())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The outputs written with their page's Markdown, in the Markdown stage:
/// those of kinds that [stream](super::kind::Kind::streams), when the
/// policy and the templates allow it.
struct Streamed<'p> {
    /// (page, output), sorted by page.
    by_page: Vec<(usize, &'p Output)>,
    /// Per page: must its HTML be kept once its own outputs are written?
    keep_html: Vec<bool>,
}

impl<'p> Streamed<'p> {
    fn new(site: &Site, plan: &'p Plan, stream: bool) -> Streamed<'p> {
        if !stream {
            return Streamed {
                by_page: Vec::new(),
                keep_html: Vec::new(),
            };
        }
        let mut by_page: Vec<(usize, &Output)> = plan
            .outputs
            .iter()
            .filter(|out| out.kind.streams())
            .map(|out| (out.item, out))
            .collect();
        by_page.sort_by_key(|(page, _)| *page);
        let mut keep_html = vec![false; site.pages.len()];
        for kind in KINDS {
            kind.keeps_page_html(site, &mut keep_html);
        }
        Streamed { by_page, keep_html }
    }

    /// Was `out` written in the Markdown stage?
    fn done(&self, out: &Output) -> bool {
        !self.by_page.is_empty() && out.kind.streams()
    }

    /// Write page `i`'s streamed outputs, then drop what only they showed:
    /// its table of contents, and its HTML unless a later output shows it.
    fn write(
        &self,
        i: usize,
        rendered: &mut Rendered,
        cx: &Cx,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Error>> {
        if self.by_page.is_empty() {
            return Ok(());
        }
        let from = self.by_page.partition_point(|(page, _)| *page < i);
        for (_, out) in self.by_page[from..]
            .iter()
            .take_while(|(page, _)| *page == i)
        {
            let file = out
                .kind
                .render_with(out, rendered, cx)
                .map_err(|e| vec![e])?;
            put(sink, out.path.clone(), file).map_err(|e| vec![e])?;
        }
        // Only the page itself shows its table of contents; listings and
        // feeds need the summary, and the feed the HTML.
        rendered.toc = Vec::new();
        if !self.keep_html[i] {
            rendered.html = String::new();
        }
        Ok(())
    }
}
