//! The JSON Schema of every comparison's `data.json`, once per site with
//! comparisons, at `schemas/comparison-data-<version>.json`. No template.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::compare::view::{data_schema_path, DATA_SCHEMA, DATA_VERSION};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::Site;

pub struct DataSchema;

impl Kind for DataSchema {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        if !site.comparisons.is_empty() {
            let key = hash_of("data-schema");
            let out = Output::new(
                &DataSchema,
                0,
                0,
                key,
                Cow::Borrowed(""),
                data_schema_path(),
            );
            plan.push(out);
        }
    }

    fn render(&self, _: &Output, _: &Cx) -> Result<OutputFile, Error> {
        Ok(OutputFile::Bytes(DATA_SCHEMA.as_bytes().to_vec().into()))
    }

    /// Built into the binary: only its version.
    fn inputs(&self, _: &Output, _: &Inputs) -> u64 {
        hash_of(DATA_VERSION)
    }

    fn describe(&self, _: &Output, _: &Site) -> String {
        "the JSON Schema of comparisons' data.json".to_string()
    }
}
