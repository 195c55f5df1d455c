//! A section's listing (`index.html` for the home page, `section.html` for
//! the others, or the template its front matter names), with one listing
//! page per `paginate_by` pages (`paginator`, `render/paginate.rs`); none
//! with `render = false`, one redirect (`alias.html`) with `redirect_to`.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::context::locate;
use crate::render::inputs::Inputs;
use crate::render::paginate;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::render::zola_keys;
use crate::site::Site;

/// `item`: the section, `part`: the listing page (0 for the section's own).
pub struct Section;

impl Kind for Section {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        for (i, s) in site.sections.iter().enumerate() {
            let template = match (zola_keys::redirect_template(s), &s.front.template) {
                (Some(redirect), _) => Cow::Borrowed(redirect),
                (None, Some(t)) => Cow::Owned(t.clone()),
                (None, None) if i == site.root => Cow::Borrowed("index.html"),
                (None, None) => Cow::Borrowed("section.html"),
            };
            for pager in 0..zola_keys::listing_outputs(s) {
                let path = format!("{}index.html", paginate::pager_path(site, i, pager));
                let key = hash_of(("section", &s.dir, pager));
                plan.push(Output::new(&Section, i, pager, key, template.clone(), path));
            }
        }
    }

    /// `section`, and with `paginate_by` the `paginator` of this listing
    /// page; a redirect's `url` and `permalink`.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let (i, pager) = (out.item, out.part);
        let site = cx.views.site;
        if let Some(ctx) = zola_keys::redirect_context(site, i, &cx.contexts.base)? {
            return cx.render(out, &ctx);
        }
        let s = &site.sections[i];
        let listing = || {
            let mut ctx = cx.at(&s.path, i);
            cx.contexts
                .insert_listing(&mut ctx, "section", &cx.views.section(i));
            ctx
        };
        if s.front.paginate_by.is_none() {
            return cx.render_listing(out, listing(), "section", s.pages.len());
        }
        let key = (cx.contexts.serial(), "section", i);
        let count = paginate::pager_count(s);
        paginate::with_listing(key, pager, count, listing, |ctx| {
            locate(ctx, site, &paginate::pager_path(site, i, pager));
            ctx.insert("paginator", &paginate::paginator(&cx.views, i, pager));
            cx.render(out, ctx)
        })
    }

    /// The section's own text, its pages' and subsections' summaries
    /// ([`listing`]), the nav seen from it, its front matter (the Zola keys
    /// that change what it renders: `redirect_to`, …).
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let i = out.item;
        hash_of((
            (
                inputs.global,
                &*out.template,
                inputs.listing[i],
                inputs.nav[i],
            ),
            format!("{:?}", inputs.site.sections[i].front),
        ))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        let s = site.sections[out.item].display();
        match out.part {
            0 => format!("the section {s}"),
            pager => format!("listing page {} of the section {s}", pager + 1),
        }
    }

    fn locate(&self, out: &Output, site: &Site, message: String) -> Error {
        match &site.sections[out.item].file {
            Some(f) => Error::new(message).in_file(f.display()).at(1, 1),
            None => Error::new(message),
        }
    }

    fn rank(&self) -> u8 {
        3
    }
}

/// What a listing of section `i` shows of it: its rendered Markdown (key
/// `markdown`), title, path, description and extra, each page's input
/// (`page`, by page index) and its subsections' summaries.
pub(crate) fn listing(site: &Site, i: usize, markdown: u64, page: &[u64]) -> u64 {
    let s = &site.sections[i];
    let pages: Vec<u64> = s.pages.iter().map(|&p| page[p]).collect();
    let subs: Vec<(&str, &str, usize, Option<&str>)> = s
        .subsections
        .iter()
        .map(|&c| {
            let c = &site.sections[c];
            (
                c.title.as_str(),
                c.path.as_str(),
                c.pages.len(),
                c.front.description.as_deref(),
            )
        })
        .collect();
    hash_of((
        markdown,
        &s.title,
        &s.path,
        s.front.description.as_deref(),
        format!("{:?}", s.front.extra),
        pages,
        subs,
    ))
}
