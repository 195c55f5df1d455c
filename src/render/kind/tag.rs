//! One tag's page (`tag.html`, when the theme has it) at `tags/<slug>/`.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::error::Error;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::{hash_of, Site};

/// `item`: the tag.
pub struct Tag;

impl Kind for Tag {
    fn plan(&self, site: &Site, templates: &Templates, plan: &mut Vec<Output>) {
        if templates.has("tag.html") {
            for (i, t) in site.tags.iter().enumerate() {
                let (key, path) = (hash_of(("tag", &t.slug)), format!("{}index.html", t.path));
                plan.push(Output::new(
                    &Tag,
                    i,
                    0,
                    key,
                    Cow::Borrowed("tag.html"),
                    path,
                ));
            }
        }
    }

    /// `term`: the tag with its pages' summaries.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let term = &site.tags[out.item];
        let mut ctx = cx.at(&term.path, site.root);
        ctx.insert("term", &cx.views.term(term));
        cx.render(out, &ctx)
    }

    /// Its name, its pages, the nav seen from the root.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let t = &inputs.site.tags[out.item];
        let pages: Vec<u64> = t.pages.iter().map(|&p| inputs.page[p]).collect();
        hash_of((inputs.global, inputs.nav[inputs.site.root], &t.name, pages))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        format!("the page of the tag `{}`", site.tags[out.item].name)
    }
}
