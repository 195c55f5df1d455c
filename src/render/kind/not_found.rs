//! The 404 page (`404.html`, when the theme has it) at `404.html`.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::Site;

pub struct NotFound;

impl Kind for NotFound {
    fn plan(&self, _: &Site, templates: &Templates, plan: &mut Vec<Output>) {
        if templates.has("404.html") {
            let (key, path) = (hash_of("404"), "404.html".to_string());
            plan.push(Output::new(
                &NotFound,
                0,
                0,
                key,
                Cow::Borrowed("404.html"),
                path,
            ));
        }
    }

    /// Nothing beyond what every template sees.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        cx.render(out, &cx.at("404.html", cx.views.site.root))
    }

    /// The nav seen from the root.
    fn inputs(&self, _: &Output, inputs: &Inputs) -> u64 {
        hash_of((inputs.global, inputs.nav[inputs.site.root]))
    }

    fn describe(&self, _: &Output, _: &Site) -> String {
        "the 404 page (template `404.html`)".to_string()
    }
}
