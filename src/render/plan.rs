//! The plan of outputs: every file a render writes with a template (or
//! builds in code), worked out once from the model before anything renders.
//! Each [kind](super::kind) adds its own outputs; the render loop, the dev
//! server's reuse and the collision check ([`super::collisions`]) all go
//! over this one list, so they cannot disagree on what a build writes.

use std::borrow::Cow;

use super::kind::{Kind, KINDS};
use super::templates::Templates;
use crate::output::OutputFile;
use crate::site::Site;

/// One output file of the plan.
pub struct Output {
    /// What kind of output it is: renders it and names it.
    pub kind: &'static dyn Kind,
    /// Which item of the model it shows (a page, section, tag, comparison:
    /// an index into the model's list of them; what it means is the kind's).
    pub item: usize,
    /// Which part of the item (a section's listing page, a page's alias).
    pub part: usize,
    /// Stable across renders: the dev server keys kept outputs by it.
    pub key: u64,
    /// The template it renders with (`""` for outputs built in code).
    pub template: Cow<'static, str>,
    /// The output file, relative to the output folder.
    pub path: String,
}

impl Output {
    pub fn new(
        kind: &'static dyn Kind,
        item: usize,
        part: usize,
        key: u64,
        template: Cow<'static, str>,
        path: String,
    ) -> Output {
        Output {
            kind,
            item,
            part,
            key,
            template,
            path,
        }
    }

    /// How messages name this output.
    pub fn describe(&self, site: &Site) -> String {
        self.kind.describe(self, site)
    }
}

/// Every output of a site, in the order of [`KINDS`].
pub struct Plan {
    pub outputs: Vec<Output>,
}

impl Plan {
    /// The plan of `site` rendered with `templates`.
    pub fn of(site: &Site, templates: &Templates) -> Plan {
        let mut outputs = Vec::with_capacity(site.pages.len() + site.sections.len() + 8);
        for kind in KINDS {
            kind.plan(site, templates, &mut outputs);
        }
        Plan { outputs }
    }
}

/// Files copied as they are: the theme's and site's static files, page
/// bundles' assets (beside their page), and other files under `content/`.
pub fn copied_files(site: &Site, statics: &[(String, OutputFile)]) -> Vec<(String, OutputFile)> {
    let mut copies: Vec<(String, OutputFile)> = statics.to_vec();
    for page in &site.pages {
        for asset in &page.assets {
            copies.push((
                bundle_asset_path(page, asset),
                OutputFile::Copy(asset.abs.clone()),
            ));
        }
    }
    for asset in &site.loose_assets {
        copies.push((asset.rel.clone(), OutputFile::Copy(asset.abs.clone())));
    }
    copies
}

/// Where a page bundle's asset is copied: beside the page's `index.html`.
pub fn bundle_asset_path(page: &crate::site::Page, asset: &crate::content::Asset) -> String {
    let name = asset.rel.rsplit('/').next().unwrap_or(&asset.rel);
    format!("{}{name}", page.path)
}
