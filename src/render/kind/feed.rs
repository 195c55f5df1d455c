//! The Atom feeds: the site's `atom.xml` (with `generate_feed`) and a
//! section's `<section>/atom.xml` (`generate_feeds` in its `_index.md`):
//! dated pages, newest first, up to `feed_limit`, with their content.
//! [`context`] is every feed's context (term feeds too).

use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use super::{Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::render::views::Views;
use crate::render::zola_keys;
use crate::site::Site;

pub struct Feed;

impl Kind for Feed {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        if site.config.generate_feed {
            let (key, path) = (hash_of("feed"), zola_keys::feed_path(site, None));
            plan.push(Output::new(
                &Feed,
                0,
                0,
                key,
                Cow::Borrowed("atom.xml"),
                path,
            ));
        }
    }

    /// `pages` (the entries), `updated`, `feed_url`.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let mut ctx = cx.base();
        context(&mut ctx, &cx.views, &order(cx.views.site), &out.path);
        cx.render(out, &ctx)
    }

    /// The pages of the feed, in order ([`order`], kept by `Inputs` across a
    /// patch: dates decide it).
    fn inputs(&self, _: &Output, inputs: &Inputs) -> u64 {
        let feed: Vec<u64> = inputs.feed.iter().map(|&i| inputs.page[i]).collect();
        hash_of((inputs.global, feed))
    }

    fn describe(&self, _: &Output, _: &Site) -> String {
        "the feed (`generate_feed`)".to_string()
    }

    /// The feed shows its pages' HTML.
    fn keeps_page_html(&self, site: &Site, keep: &mut [bool]) {
        if site.config.generate_feed {
            for i in order(site) {
                keep[i] = true;
            }
        }
    }
}

/// Dated pages, newest first, cut at `feed_limit`.
pub(crate) fn order(site: &Site) -> Vec<usize> {
    newest_dated(site, 0..site.pages.len())
}

/// The feed of `pages` (every feed's: the site's, a section's, a term's):
/// those with a date, newest first (a stable sort, so pages of one date keep
/// their order), cut at `feed_limit`.
pub(crate) fn newest_dated(site: &Site, pages: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut dated: Vec<usize> = pages
        .into_iter()
        .filter(|&i| site.pages[i].front.date.is_some())
        .collect();
    dated.sort_by(|&a, &b| site.pages[b].front.date.cmp(&site.pages[a].front.date));
    if site.config.feed_limit > 0 {
        dated.truncate(site.config.feed_limit);
    }
    dated
}

/// A section's feed (`generate_feeds`): its dated pages, with those of
/// transparent sections below.
pub struct SectionFeed;

impl Kind for SectionFeed {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        for s in zola_keys::feed_sections(site) {
            plan.push(Output::new(
                &SectionFeed,
                s,
                0,
                hash_of(("feed", &site.sections[s].dir)),
                Cow::Borrowed("atom.xml"),
                zola_keys::feed_path(site, Some(s)),
            ));
        }
    }

    /// The feed's `pages`, `updated`, `feed_url`, and `section`'s summary.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let mut ctx = cx.base();
        let dated = zola_keys::section_feed_order(site, out.item);
        context(&mut ctx, &cx.views, &dated, &out.path);
        ctx.insert("section", &cx.views.section_summary(out.item));
        cx.render(out, &ctx)
    }

    /// The section's title and its feed's pages.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let site = inputs.site;
        let feed: Vec<u64> = zola_keys::section_feed_order(site, out.item)
            .iter()
            .map(|&i| inputs.page[i])
            .collect();
        hash_of((inputs.global, &site.sections[out.item].title, feed))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        format!(
            "the feed of the section {} (`generate_feeds`)",
            site.sections[out.item].display()
        )
    }

    /// The feed shows its pages' HTML.
    fn keeps_page_html(&self, site: &Site, keep: &mut [bool]) {
        for s in zola_keys::feed_sections(site) {
            for i in zola_keys::section_feed_order(site, s) {
                keep[i] = true;
            }
        }
    }
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    description: Option<&'a str>,
    permalink: String,
    published: String,
    updated: String,
    content: &'a str,
    authors: &'a [String],
}

/// The context of a feed of the pages `dated` (newest first), written to
/// `path`: `pages` (the entries), `updated`, `feed_url`.
pub(crate) fn context(ctx: &mut Context, views: &Views, dated: &[usize], path: &str) {
    let site = views.site;
    let entries: Vec<Entry> = dated
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            let published = p
                .front
                .date
                .as_ref()
                .map(|d| d.rfc3339())
                .unwrap_or_default();
            let updated = p
                .front
                .updated()
                .map(|d| d.rfc3339())
                .unwrap_or_else(|| published.clone());
            Entry {
                title: &p.title,
                description: p.front.description.as_deref(),
                permalink: site.config.permalink_of(&p.path),
                published,
                updated,
                content: &views.content.pages[i].html,
                authors: p.front.authors(),
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    ctx.insert("pages", &entries);
    ctx.insert("updated", &updated);
    ctx.insert("feed_url", &site.config.permalink_of(path));
}
