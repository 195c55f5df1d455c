//! The "A vs. B" pages of comparisons with `pairs = true`
//! ([`crate::compare::pairs`]): `comparison_pair.html` at each pair's path
//! under the comparison. Every pair page is in the sitemap
//! ([`sitemap_paths`]) and, as its own document, in the search index
//! ([`crate::search::later_sources`]).

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::compare::pairs;
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::Site;

/// `item`: the comparison, `part`: the pair.
pub struct ComparisonPair;

/// The template of a pair page.
const TEMPLATE: &str = "comparison_pair.html";

impl Kind for ComparisonPair {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        for (i, c) in site.comparisons.iter().enumerate() {
            for (n, pair) in c.pair_texts().iter().enumerate() {
                plan.push(Output::new(
                    &ComparisonPair,
                    i,
                    n,
                    hash_of(("pair", c.id(), &pair.segment)),
                    Cow::Borrowed(TEMPLATE),
                    format!("{}index.html", c.pair_path(pair)),
                ));
            }
        }
    }

    /// `pair` (see [`pairs::view`]), from the comparison's view.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let c = &site.comparisons[out.item];
        let text = &c.pair_texts()[out.part];
        let path = c.pair_path(text);
        let url = site.config.url_of(&path);
        let permalink = site.config.permalink_of(&path);
        let view = pairs::view(&c.data, &cx.comparisons[c.id()], text, (&url, &permalink));
        let mut ctx = cx.at(&path, site.root);
        ctx.insert("pair", &view);
        cx.render(out, &ctx)
    }

    /// What the page shows besides the comparison views (which `global`
    /// holds): the nav seen from the root and where the page is.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let c = &inputs.site.comparisons[out.item];
        let segment = &c.pair_texts()[out.part].segment;
        hash_of((
            inputs.global,
            inputs.nav[inputs.site.root],
            c.path(),
            segment,
        ))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        let c = &site.comparisons[out.item];
        let pair = c.pair_texts()[out.part].pair;
        let id = |i: usize| c.data.options[i].id.as_str();
        format!(
            "the page of the options `{}` and `{}` of the comparison {} (`pairs = true`)",
            id(pair.a),
            id(pair.b),
            c.rel_path().display()
        )
    }

    /// At the comparison's `pairs` key.
    fn locate(&self, out: &Output, site: &Site, message: String) -> Error {
        let at = [crate::compare::locate::Step::key("pairs")];
        site.comparisons[out.item].error_at(message, &at)
    }

    fn rank(&self) -> u8 {
        2
    }
}

/// Site-relative paths of every pair page, for the sitemap.
pub(crate) fn sitemap_paths(site: &Site) -> impl Iterator<Item = String> + '_ {
    site.comparisons
        .iter()
        .flat_map(|c| c.pair_texts().iter().map(|p| c.pair_path(p)))
}
