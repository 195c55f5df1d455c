//! `robots.txt` (the theme's `robots.txt` template), naming the sitemap
//! when there is one.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::Site;

pub struct Robots;

impl Kind for Robots {
    fn plan(&self, _: &Site, _: &Templates, plan: &mut Vec<Output>) {
        let (key, path) = (hash_of("robots"), "robots.txt".to_string());
        plan.push(Output::new(
            &Robots,
            0,
            0,
            key,
            Cow::Borrowed("robots.txt"),
            path,
        ));
    }

    /// `sitemap_url`: the sitemap's permalink, or none.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let config = &cx.views.site.config;
        let sitemap = config
            .generate_sitemap
            .then(|| config.permalink_of("sitemap.xml"));
        let mut ctx = cx.base();
        ctx.insert("sitemap_url", &sitemap);
        cx.render(out, &ctx)
    }

    /// The config only (in `global`).
    fn inputs(&self, _: &Output, inputs: &Inputs) -> u64 {
        inputs.global
    }

    fn describe(&self, _: &Output, _: &Site) -> String {
        "the built-in robots.txt".to_string()
    }
}
