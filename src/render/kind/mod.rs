//! Kinds of output, one file each. A kind says which outputs of its kind a
//! site has (its part of the [plan](super::plan)), what template context
//! each one renders with, and — beside it, so the two cannot drift apart —
//! which inputs that context shows ([`Kind::inputs`]): the dev server
//! reuses an output whose inputs are unchanged.
//!
//! Adding a kind of output is one new file here, its `mod` line and one
//! line in [`KINDS`] (docs/ARCHITECTURE.md walks through an example).

mod alias;
mod comparison;
mod comparison_data;
mod comparison_embed;
mod comparison_pair;
mod data_schema;
pub(super) mod feed;
mod first_pager;
mod not_found;
mod page;
mod robots;
mod section;
mod sitemap;
mod taxonomy_list;
mod taxonomy_term;
mod term_feed;

use std::collections::HashMap;

use tera::{Context, Value};

use super::context::{render_template, Contexts, LISTING_CAPACITY};
use super::inputs::Inputs;
use super::plan::Output;
use super::templates::Templates;
use super::views::Views;
use crate::error::Error;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::site::Site;

pub(crate) use comparison::error_at_slug as comparison_error;
pub(crate) use feed::order as feed_order;
pub(crate) use section::listing as section_listing;
pub(crate) use sitemap::listed as sitemap_listed;

/// Every kind of output, in the order their outputs are planned.
pub(crate) const KINDS: &[&dyn Kind] = &[
    &page::Page,
    &alias::Alias::OfPage,
    &section::Section,
    &alias::Alias::OfSection,
    &first_pager::FirstPager::OfSection,
    &feed::SectionFeed,
    &taxonomy_list::TaxonomyList,
    &taxonomy_term::TaxonomyTerm,
    &first_pager::FirstPager::OfTerm,
    &term_feed::TermFeed,
    &comparison::Comparison,
    &comparison_embed::ComparisonEmbed,
    &comparison_data::ComparisonData,
    &comparison_pair::ComparisonPair,
    &data_schema::DataSchema,
    &not_found::NotFound,
    &sitemap::Sitemap,
    &feed::Feed,
    &robots::Robots,
];

/// One kind of output file (pages, section listings, the feed, …).
pub trait Kind: Sync {
    /// Add this kind's outputs of `site` to `plan` ([`Output::new`]).
    fn plan(&self, site: &Site, templates: &Templates, plan: &mut Vec<Output>);

    /// Render one output of this kind.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error>;

    /// A hash of what `out`'s template context shows, from the hashes in
    /// `inputs` (the template's own text, and the site when the template
    /// can look it up, are added by the caller).
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64;

    /// How messages name `out` (`the page content/a.md`).
    fn describe(&self, out: &Output, site: &Site) -> String;

    /// `message` located in the file a user would change for `out`.
    fn locate(&self, _out: &Output, _site: &Site, message: String) -> Error {
        Error::new(message)
    }

    /// When two outputs clash, the error is located at the one of lower
    /// rank (an alias before a page before a comparison before a section).
    fn rank(&self) -> u8 {
        5
    }

    /// Does an output of this kind show its page's own content only
    /// (`item` is the page)? Then a one-off build renders it as soon as the
    /// page's Markdown is, in the same pass ([`Kind::render_with`]).
    fn streams(&self) -> bool {
        false
    }

    /// Render `out` with its page's Markdown `rendered` (kinds that
    /// [stream](Kind::streams) only: other pages' Markdown may not be done).
    fn render_with(
        &self,
        out: &Output,
        _rendered: &Rendered,
        cx: &Cx,
    ) -> Result<OutputFile, Error> {
        self.render(out, cx)
    }

    /// Mark the pages whose HTML this kind shows after the page pass (a
    /// one-off build drops every other page's HTML once it is written).
    fn keeps_page_html(&self, _site: &Site, _keep: &mut [bool]) {}
}

/// What a kind renders with.
pub struct Cx<'a> {
    pub views: Views<'a>,
    pub templates: &'a Templates,
    pub contexts: &'a Contexts,
    /// Every comparison's view, by id.
    pub comparisons: &'a HashMap<String, Value>,
}

impl Cx<'_> {
    /// The context of the output at site path `path`: `config`, the nav
    /// opened at `section`, `current_path` and `current_url`.
    pub fn at(&self, path: &str, section: usize) -> Context {
        self.contexts.at(&self.views, path, section)
    }

    /// The context with just `config`.
    pub fn base(&self) -> Context {
        self.contexts.base.clone()
    }

    /// Render `out`'s template with `ctx`.
    pub fn render(&self, out: &Output, ctx: &Context) -> Result<OutputFile, Error> {
        render_template(
            self.templates,
            &out.template,
            ctx,
            &out.path,
            LISTING_CAPACITY,
        )
    }

    /// [`Cx::render`] a listing, then give its value under `key` (of
    /// `entries` pages) back for the next listing to write over
    /// ([`Contexts::give_back`]).
    pub fn render_listing(
        &self,
        out: &Output,
        ctx: Context,
        key: &'static str,
        entries: usize,
    ) -> Result<OutputFile, Error> {
        let rendered = self.render(out, &ctx);
        self.contexts.give_back(ctx, key, entries);
        rendered
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
