//! A comparison's embeddable page (`comparison_embed.html`, when the theme
//! has it) at `<comparison>/embed/`: table and widget without the site
//! around them.

use std::borrow::Cow;

use super::comparison::{describe, error_at_slug};
use super::{Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::Site;

/// The template of a comparison's embeddable page.
const TEMPLATE: &str = "comparison_embed.html";

/// `item`: the comparison.
pub struct ComparisonEmbed;

impl Kind for ComparisonEmbed {
    fn plan(&self, site: &Site, templates: &Templates, plan: &mut Vec<Output>) {
        if templates.has(TEMPLATE) {
            for (i, c) in site.comparisons.iter().enumerate() {
                let key = hash_of(("embed", c.id()));
                let path = format!("{}embed/index.html", c.path());
                let out = Output::new(&ComparisonEmbed, i, 0, key, Cow::Borrowed(TEMPLATE), path);
                plan.push(out);
            }
        }
    }

    /// `comparison`: its whole view.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let c = &site.comparisons[out.item];
        let mut ctx = cx.at(&format!("{}embed/", c.path()), site.root);
        ctx.insert("comparison", &cx.comparisons[c.id()]);
        cx.render(out, &ctx)
    }

    /// The comparison only (no nav).
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        hash_of((inputs.global, inputs.site.comparisons[out.item].id()))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        describe(out, site)
    }

    fn locate(&self, out: &Output, site: &Site, message: String) -> Error {
        error_at_slug(site, out.item, message)
    }

    fn rank(&self) -> u8 {
        2
    }
}
