//! A comparison's own page (`comparison.html`, when the theme has it) at
//! the comparison's path.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::Site;

/// `item`: the comparison.
pub struct Comparison;

impl Kind for Comparison {
    fn plan(&self, site: &Site, templates: &Templates, plan: &mut Vec<Output>) {
        if templates.has("comparison.html") {
            for (i, c) in site.comparisons.iter().enumerate() {
                let key = hash_of(("comparison", c.id()));
                let path = format!("{}index.html", c.path());
                let template = Cow::Borrowed("comparison.html");
                plan.push(Output::new(&Comparison, i, 0, key, template, path));
            }
        }
    }

    /// `comparison`: its whole view (`src/compare/view.rs`).
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let c = &site.comparisons[out.item];
        let mut ctx = cx.at(&c.path(), site.root);
        ctx.insert("comparison", &cx.comparisons[c.id()]);
        cx.render(out, &ctx)
    }

    /// The comparison (its view is in every input, `Inputs::global`) and
    /// the nav seen from the root.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let id = inputs.site.comparisons[out.item].id();
        hash_of((inputs.global, inputs.nav[inputs.site.root], id))
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

/// How messages name the comparison `out.item` (all its outputs alike).
pub(super) fn describe(out: &Output, site: &Site) -> String {
    format!(
        "the comparison {}",
        site.comparisons[out.item].rel_path().display()
    )
}

/// An error located in comparison `i`'s file, at its `slug` when it has one.
pub(crate) fn error_at_slug(site: &Site, i: usize, message: String) -> Error {
    let c = &site.comparisons[i];
    let at = [crate::compare::locate::Step::key("slug")];
    c.error_at(message, if c.data.slug.is_some() { &at } else { &[] })
}
