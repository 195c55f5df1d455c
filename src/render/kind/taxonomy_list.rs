//! A taxonomy's list of terms at `<taxonomy>/` (`<taxonomy>/list.html`,
//! `tags.html` for `tags`, else `taxonomy_list.html`, when the theme has
//! one of them).

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::config::taxonomy::DEFAULT;
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::taxonomy::{self, taxonomy_view};
use crate::render::templates::Templates;
use crate::render::views::TermSummary;
use crate::site::Site;

/// `item`: the taxonomy (an index into `config.taxonomies`).
pub struct TaxonomyList;

impl Kind for TaxonomyList {
    fn plan(&self, site: &Site, templates: &Templates, plan: &mut Vec<Output>) {
        let has = |name: &str| templates.has(name);
        for (t, declared) in taxonomy::rendered(site) {
            if let Some(template) = taxonomy::template(&declared.name, taxonomy::Kind::List, has) {
                plan.push(Output::new(
                    &TaxonomyList,
                    t,
                    0,
                    hash_of(("taxonomy", &declared.name)),
                    Cow::Owned(template),
                    format!("{}index.html", declared.path),
                ));
            }
        }
    }

    /// `taxonomy` and `terms`: every term's summary.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let t = out.item;
        let terms: Vec<TermSummary> = site.taxonomies[t]
            .terms
            .iter()
            .map(|term| cx.views.term_summary(term))
            .collect();
        let mut ctx = cx.at(&site.config.taxonomies[t].path, site.root);
        ctx.insert("taxonomy", &taxonomy_view(site, t));
        ctx.insert("terms", &terms);
        cx.render(out, &ctx)
    }

    /// The taxonomy's settings, each term's name, slug and page count, the
    /// nav seen from the root.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let site = inputs.site;
        let declared = &site.config.taxonomies[out.item];
        let terms: Vec<(&str, &str, usize)> = site.taxonomies[out.item]
            .terms
            .iter()
            .map(|term| (term.name.as_str(), term.slug.as_str(), term.pages.len()))
            .collect();
        hash_of((inputs.global, inputs.nav[site.root], declared, terms))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        match site.config.taxonomies[out.item].name.as_str() {
            DEFAULT => "the tag list".to_string(),
            name => format!("the list of the taxonomy `{name}`"),
        }
    }
}
