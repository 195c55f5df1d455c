//! `sitemap.xml` (with `generate_sitemap`): every section (and listing
//! page), page, comparison, "A vs. B" page and taxonomy page, by permalink.
//! A site with more than [`ENTRIES_PER_FILE`] of them gets, as Zola's does,
//! a sitemap index at `sitemap.xml` (template `split_sitemap_index.xml`)
//! and the entries in `sitemap1.xml`, `sitemap2.xml`, … (the protocol
//! allows 50,000 URLs a file); each file is rendered on its own, so the
//! whole list is never one template value.

use std::borrow::Cow;

use serde::Serialize;

use super::{comparison_pair, Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::html_escape::push_escaped;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::render::{taxonomy, zola_keys};
use crate::site::Site;

pub struct Sitemap;

/// What the sitemap lists, hashed: every page's path and dates, and the
/// paths of sections, taxonomy pages and comparisons ([`Inputs::sitemap`]).
pub(crate) fn listed(site: &Site) -> u64 {
    hash_of((
        site.pages
            .iter()
            .map(|p| (&p.path, &p.front.date, p.front.updated()))
            .collect::<Vec<_>>(),
        zola_keys::sitemap_section_paths(site),
        taxonomy::sitemap_paths(site),
        site.comparisons
            .iter()
            .map(|c| c.path())
            .collect::<Vec<_>>(),
    ))
}

impl Kind for Sitemap {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        if !site.config.generate_sitemap {
            return;
        }
        let key = hash_of("sitemap");
        let files = entry_count(site).div_ceil(ENTRIES_PER_FILE);
        let first = if files <= 1 {
            "sitemap.xml"
        } else {
            "split_sitemap_index.xml"
        };
        let path = "sitemap.xml".to_string();
        plan.push(Output::new(&Sitemap, 0, 0, key, Cow::Borrowed(first), path));
        if files > 1 {
            for part in 1..=files {
                let template = Cow::Borrowed("sitemap.xml");
                plan.push(Output::new(
                    &Sitemap,
                    0,
                    part,
                    key,
                    template,
                    file_name(part),
                ));
            }
        }
    }

    /// `entries`: `{permalink, updated}`, sorted by permalink (those of one
    /// file, when split); the index gets `sitemaps`, the files' permalinks.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let mut ctx = cx.base();
        if out.template == "split_sitemap_index.xml" {
            let files = entry_count(site).div_ceil(ENTRIES_PER_FILE);
            let sitemaps: Vec<String> = (1..=files)
                .map(|part| site.config.permalink_of(&file_name(part)))
                .collect();
            ctx.insert("sitemaps", &sitemaps);
        } else {
            let all = entries(site);
            let these = match out.part {
                0 => &all[..],
                part => {
                    let start = ((part - 1) * ENTRIES_PER_FILE).min(all.len());
                    &all[start..(start + ENTRIES_PER_FILE).min(all.len())]
                }
            };
            if cx.templates.is_builtin(&out.template) {
                return Ok(OutputFile::Bytes(urlset(these).into()));
            }
            ctx.insert("entries", these);
        }
        cx.render(out, &ctx)
    }

    /// The paths of everything, and the pages' dates.
    fn inputs(&self, _: &Output, inputs: &Inputs) -> u64 {
        hash_of((inputs.global, inputs.sitemap))
    }

    fn describe(&self, out: &Output, _: &Site) -> String {
        if out.part == 0 {
            "the sitemap (`generate_sitemap`)".to_string()
        } else {
            format!("part {} of the sitemap (`generate_sitemap`)", out.part)
        }
    }
}

/// What the built-in `sitemap.xml` template makes of `entries`, byte for
/// byte, written without it: a template value per entry would cost more
/// than the file (~600 bytes an entry, 30,000 entries a file).
fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::with_capacity(120 + entries.len() * 100);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
    );
    for entry in entries {
        xml.push_str("\n  <url>\n    <loc>");
        push_escaped(&mut xml, &entry.permalink);
        xml.push_str("</loc>");
        if let Some(updated) = &entry.updated {
            xml.push_str("\n    <lastmod>");
            push_escaped(&mut xml, updated);
            xml.push_str("</lastmod>");
        }
        xml.push_str("\n  </url>");
    }
    xml.push_str("\n</urlset>\n");
    xml
}

/// Most entries in one sitemap file (Zola's figure; the protocol's limit is
/// 50,000 URLs and 50 MB).
const ENTRIES_PER_FILE: usize = 30_000;

/// `sitemap3.xml`: the file of part 3 of a split sitemap.
fn file_name(part: usize) -> String {
    format!("sitemap{part}.xml")
}

/// How many entries [`entries`] gives, without making them.
fn entry_count(site: &Site) -> usize {
    zola_keys::sitemap_section_paths(site).len()
        + site.pages.len()
        + site.comparisons.len()
        + comparison_pair::sitemap_paths(site).count()
        + taxonomy::sitemap_paths(site).len()
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
            .updated()
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
