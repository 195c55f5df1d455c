//! The Atom feed `atom.xml` (with `generate_feed`): dated pages, newest
//! first, up to `feed_limit`, with their content.

use std::borrow::Cow;

use serde::Serialize;

use super::{Cx, Kind};
use crate::error::Error;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::render::views::Views;
use crate::site::{hash_of, Site};

pub struct Feed;

impl Kind for Feed {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        if site.config.generate_feed {
            let (key, path) = (hash_of("feed"), "atom.xml".to_string());
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
        let entries = entries(&cx.views);
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        ctx.insert("pages", &entries);
        ctx.insert("updated", &updated);
        ctx.insert("feed_url", &cx.views.site.config.permalink_of("atom.xml"));
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
    let mut dated: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].front.date.is_some())
        .collect();
    dated.sort_by(|&a, &b| site.pages[b].front.date.cmp(&site.pages[a].front.date));
    if site.config.feed_limit > 0 {
        dated.truncate(site.config.feed_limit);
    }
    dated
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    description: Option<&'a str>,
    permalink: String,
    published: String,
    updated: String,
    content: &'a str,
}

fn entries<'a>(views: &Views<'a>) -> Vec<Entry<'a>> {
    let site = views.site;
    order(site)
        .into_iter()
        .map(|i| {
            let p = &site.pages[i];
            let published = p
                .front
                .date
                .as_ref()
                .map(|d| d.rfc3339())
                .unwrap_or_default();
            let updated = p
                .front
                .updated
                .as_ref()
                .map(|d| d.rfc3339())
                .unwrap_or_else(|| published.clone());
            Entry {
                title: &p.title,
                description: p.front.description.as_deref(),
                permalink: site.config.permalink_of(&p.path),
                published,
                updated,
                content: &views.content.pages[i].html,
            }
        })
        .collect()
}
