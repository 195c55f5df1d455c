//! `sitemap.xml` (with `generate_sitemap`): every section (and listing
//! page), page, comparison, "A vs. B" page and taxonomy page, by permalink.

use std::borrow::Cow;

use serde::Serialize;

use super::{comparison_pair, Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::render::{taxonomy, zola_keys};
use crate::site::Site;

pub struct Sitemap;

impl Kind for Sitemap {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        if site.config.generate_sitemap {
            let (key, path) = (hash_of("sitemap"), "sitemap.xml".to_string());
            plan.push(Output::new(
                &Sitemap,
                0,
                0,
                key,
                Cow::Borrowed("sitemap.xml"),
                path,
            ));
        }
    }

    /// `entries`: `{permalink, updated}`, sorted by permalink.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let mut ctx = cx.base();
        ctx.insert("entries", &entries(cx.views.site));
        cx.render(out, &ctx)
    }

    /// The paths of everything, and the pages' dates.
    fn inputs(&self, _: &Output, inputs: &Inputs) -> u64 {
        let site = inputs.site;
        let dated_paths = hash_of((
            site.pages
                .iter()
                .map(|p| (&p.path, &p.front.date, &p.front.updated))
                .collect::<Vec<_>>(),
            zola_keys::sitemap_section_paths(site),
            taxonomy::sitemap_paths(site),
            site.comparisons
                .iter()
                .map(|c| c.path())
                .collect::<Vec<_>>(),
        ));
        hash_of((inputs.global, dated_paths))
    }

    fn describe(&self, _: &Output, _: &Site) -> String {
        "the sitemap (`generate_sitemap`)".to_string()
    }
}

#[derive(Serialize)]
struct Entry {
    permalink: String,
    updated: Option<String>,
}

fn entries(site: &Site) -> Vec<Entry> {
    let entry = |path: &str, updated: Option<String>| Entry {
        permalink: site.config.permalink_of(path),
        updated,
    };
    let mut entries: Vec<Entry> = Vec::new();
    entries.extend(
        zola_keys::sitemap_section_paths(site)
            .iter()
            .map(|path| entry(path, None)),
    );
    entries.extend(site.pages.iter().map(|p| {
        let date = p
            .front
            .updated
            .as_ref()
            .or(p.front.date.as_ref())
            .map(|d| d.0.clone());
        entry(&p.path, date)
    }));
    entries.extend(site.comparisons.iter().map(|c| entry(&c.path(), None)));
    entries.extend(comparison_pair::sitemap_paths(site).map(|path| entry(&path, None)));
    entries.extend(
        taxonomy::sitemap_paths(site)
            .into_iter()
            .map(|p| entry(p, None)),
    );
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    entries
}
