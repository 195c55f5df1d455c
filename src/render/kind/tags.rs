//! The list of all tags (`tags.html`, when the theme has it) at `tags/`.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::error::Error;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::{hash_of, Site};

pub struct Tags;

impl Kind for Tags {
    fn plan(&self, _: &Site, templates: &Templates, plan: &mut Vec<Output>) {
        if templates.has("tags.html") {
            let (key, path) = (hash_of("tags"), "tags/index.html".to_string());
            plan.push(Output::new(
                &Tags,
                0,
                0,
                key,
                Cow::Borrowed("tags.html"),
                path,
            ));
        }
    }

    /// `terms`: every tag's summary.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let terms: Vec<_> = site.tags.iter().map(|t| cx.views.term_summary(t)).collect();
        let mut ctx = cx.at("tags/", site.root);
        ctx.insert("terms", &terms);
        cx.render(out, &ctx)
    }

    /// Each tag's name and page count, the nav seen from the root.
    fn inputs(&self, _: &Output, inputs: &Inputs) -> u64 {
        let terms: Vec<(&str, usize)> = inputs
            .site
            .tags
            .iter()
            .map(|t| (t.name.as_str(), t.pages.len()))
            .collect();
        hash_of((inputs.global, inputs.nav[inputs.site.root], terms))
    }

    fn describe(&self, _: &Output, _: &Site) -> String {
        "the tag list (template `tags.html`)".to_string()
    }
}
