//! A term's page at `<taxonomy>/<term>/` (`<taxonomy>/single.html`,
//! `tag.html` for `tags`, else `taxonomy_single.html`, when the theme has
//! one of them), over several listing pages with the taxonomy's
//! `paginate_by`.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::config::taxonomy::DEFAULT;
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::context::locate;
use crate::render::inputs::Inputs;
use crate::render::paginate::{self, Listing};
use crate::render::plan::Output;
use crate::render::taxonomy::{self, flat_term, taxonomy_view, term_at, term_path};
use crate::render::templates::Templates;
use crate::site::Site;

/// `item`: the term (over every taxonomy: [`flat_term`]), `part`: the
/// listing page (0 for the term's own).
pub struct TaxonomyTerm;

impl Kind for TaxonomyTerm {
    fn plan(&self, site: &Site, templates: &Templates, plan: &mut Vec<Output>) {
        let has = |name: &str| templates.has(name);
        for (t, declared) in taxonomy::rendered(site) {
            let Some(template) = taxonomy::template(&declared.name, taxonomy::Kind::Single, has)
            else {
                continue;
            };
            for (term, entry) in site.taxonomies[t].terms.iter().enumerate() {
                let pagers = paginate::count(entry.pages.len(), declared.paginate_by);
                for pager in 0..pagers {
                    plan.push(Output::new(
                        &TaxonomyTerm,
                        flat_term(site, t, term),
                        pager,
                        hash_of(("term", &declared.name, &entry.slug, pager)),
                        Cow::Owned(template.clone()),
                        format!("{}index.html", term_path(site, t, term, pager)),
                    ));
                }
            }
        }
    }

    /// `taxonomy`, `term` (with its pages' summaries), and with
    /// `paginate_by` the `paginator` of this listing page.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let (t, term) = term_at(site, out.item);
        let pager = out.part;
        let declared = &site.config.taxonomies[t];
        let entry = &site.taxonomies[t].terms[term];
        let term_listing = || {
            let mut ctx = cx.at(&entry.path, site.root);
            ctx.insert("taxonomy", &taxonomy_view(site, t));
            cx.contexts
                .insert_listing(&mut ctx, "term", &cx.views.term(entry));
            ctx
        };
        if declared.paginate_by.is_none() {
            return cx.render_listing(out, term_listing(), "term", entry.pages.len());
        }
        let listing = Listing {
            path: &entry.path,
            pages: &entry.pages,
            by: declared.paginate_by,
            folder: declared.paginate_path.as_ref(),
        };
        let key = (cx.contexts.serial(), "term", out.item);
        let count = paginate::count(entry.pages.len(), declared.paginate_by);
        paginate::with_listing(key, pager, count, term_listing, |ctx| {
            locate(ctx, site, &term_path(site, t, term, pager));
            ctx.insert("paginator", &listing.paginator(&cx.views, pager));
            cx.render(out, ctx)
        })
    }

    /// The taxonomy's settings and term count, the term's name and pages,
    /// the nav seen from the root.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let site = inputs.site;
        let (t, term) = term_at(site, out.item);
        let entry = &site.taxonomies[t].terms[term];
        let pages: Vec<u64> = entry.pages.iter().map(|&p| inputs.page[p]).collect();
        hash_of((
            inputs.global,
            inputs.nav[site.root],
            &site.config.taxonomies[t],
            &entry.name,
            pages,
            site.taxonomies[t].terms.len(),
        ))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        let (t, term) = term_at(site, out.item);
        let name = &site.config.taxonomies[t].name;
        let term = &site.taxonomies[t].terms[term].name;
        match (name.as_str(), out.part) {
            (DEFAULT, 0) => format!("the page of the tag `{term}`"),
            (_, 0) => format!("the page of the {name} term `{term}`"),
            (_, pager) => format!("listing page {} of the {name} term `{term}`", pager + 1),
        }
    }
}
