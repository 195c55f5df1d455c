//! A term's Atom feed at `<taxonomy>/<term>/atom.xml` (with the
//! taxonomy's `feed = true`): the term's dated pages, newest first.

use std::borrow::Cow;

use super::{feed, Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::taxonomy::{feed_order, flat_term, rendered, taxonomy_view, term_at};
use crate::render::templates::Templates;
use crate::site::Site;

/// `item`: the term (over every taxonomy: [`flat_term`]).
pub struct TermFeed;

impl Kind for TermFeed {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        for (t, declared) in rendered(site) {
            if !declared.feed {
                continue;
            }
            for (term, entry) in site.taxonomies[t].terms.iter().enumerate() {
                plan.push(Output::new(
                    &TermFeed,
                    flat_term(site, t, term),
                    0,
                    hash_of(("term-feed", &declared.name, &entry.slug)),
                    Cow::Borrowed("atom.xml"),
                    format!("{}atom.xml", entry.path),
                ));
            }
        }
    }

    /// The feed's `pages`, `updated`, `feed_url`, and `taxonomy` and `term`.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let (t, term) = term_at(site, out.item);
        let entry = &site.taxonomies[t].terms[term];
        let mut ctx = cx.base();
        feed::context(&mut ctx, &cx.views, &feed_order(site, entry), &out.path);
        ctx.insert("taxonomy", &taxonomy_view(site, t));
        ctx.insert("term", &cx.views.term_summary(entry));
        cx.render(out, &ctx)
    }

    /// The taxonomy's settings, the term's name, its feed's pages, and the
    /// counts `taxonomy` and `term` show (a site's own atom.xml may).
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let site = inputs.site;
        let (t, term) = term_at(site, out.item);
        let entry = &site.taxonomies[t].terms[term];
        let pages: Vec<u64> = feed_order(site, entry)
            .iter()
            .map(|&p| inputs.page[p])
            .collect();
        hash_of((
            inputs.global,
            &site.config.taxonomies[t],
            &entry.name,
            pages,
            (entry.pages.len(), site.taxonomies[t].terms.len()),
        ))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        let (t, term) = term_at(site, out.item);
        format!(
            "the feed of the {} term `{}`",
            site.config.taxonomies[t].name, site.taxonomies[t].terms[term].name
        )
    }

    /// The feed shows its pages' HTML.
    fn keeps_page_html(&self, site: &Site, keep: &mut [bool]) {
        for (t, declared) in rendered(site) {
            if declared.feed {
                for term in &site.taxonomies[t].terms {
                    for i in feed_order(site, term) {
                        keep[i] = true;
                    }
                }
            }
        }
    }
}
