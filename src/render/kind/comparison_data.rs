//! A comparison's data as JSON (`<comparison>/data.json`; format:
//! `schemas/comparison-data.schema.json`). No template.

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

/// `item`: the comparison.
pub struct ComparisonData;

impl Kind for ComparisonData {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        for (i, c) in site.comparisons.iter().enumerate() {
            let key = hash_of(("data", c.id()));
            let path = format!("{}data.json", c.path());
            plan.push(Output::new(
                &ComparisonData,
                i,
                0,
                key,
                Cow::Borrowed(""),
                path,
            ));
        }
    }

    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let c = &cx.views.site.comparisons[out.item];
        let json = crate::compare::view::data_json(&cx.comparisons[c.id()]);
        Ok(OutputFile::Bytes(json.into_bytes().into()))
    }

    /// The comparison only.
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
