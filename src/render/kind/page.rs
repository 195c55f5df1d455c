//! A page (`page.html`, or the template its front matter names, or its
//! section's `page_template`) at
//! `<page path>index.html`.

use std::borrow::Cow;

use super::{at_text, Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::render::context::{render_template, PAGE_FRAME};
use crate::render::inputs::Inputs;
use crate::render::overwrite;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::render::zola_keys;
use crate::site::Site;

pub struct Page;

impl Kind for Page {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        for (i, p) in site.pages.iter().enumerate() {
            let template = match p.front.template() {
                Some(t) => Cow::Owned(t.to_string()),
                None => match zola_keys::page_template(site, i) {
                    Some(t) => Cow::Owned(t.to_string()),
                    None => Cow::Borrowed("page.html"),
                },
            };
            let key = hash_of(("page", &p.file.rel));
            plan.push(Output::new(
                &Page,
                i,
                0,
                key,
                template,
                format!("{}index.html", p.path),
            ));
        }
    }

    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        self.render_with(out, &cx.views.content.pages[out.item], cx)
    }

    fn streams(&self) -> bool {
        true
    }

    /// `page`: the page with its content, TOC, neighbours and section.
    fn render_with(&self, out: &Output, rendered: &Rendered, cx: &Cx) -> Result<OutputFile, Error> {
        let i = out.item;
        let page = &cx.views.site.pages[i];
        let content = rendered.html.len();
        let capacity = content + PAGE_FRAME.get() + 512;
        let file = cx
            .contexts
            .with_page(&cx.views, &page.path, page.section, |ctx| {
                overwrite::insert(ctx, "page", &cx.views.page_with(i, rendered));
                render_template(cx.templates, &out.template, ctx, &out.path, capacity)
            })?;
        if let OutputFile::Bytes(bytes) = &file {
            PAGE_FRAME.set(bytes.len().saturating_sub(content));
        }
        Ok(file)
    }

    /// Its source and Markdown, the nav seen from its section, its
    /// neighbours (title and URL) and its assets.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        let p = &inputs.site.pages[out.item];
        let neighbour = |j: Option<usize>| j.map(|j| inputs.page[j]);
        let assets: Vec<&str> = p.assets.iter().map(|a| a.rel.as_str()).collect();
        hash_of((
            inputs.global,
            inputs.page[out.item],
            inputs.nav[p.section],
            neighbour(p.lower),
            neighbour(p.higher),
            assets,
        ))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        format!("the page {}", site.pages[out.item].file.display().display())
    }

    fn locate(&self, out: &Output, site: &Site, message: String) -> Error {
        let p = &site.pages[out.item];
        let err = Error::new(message).in_file(p.file.display());
        match p.front.slug().or(p.front.path()) {
            Some(slug) => at_text(err, &p.file.text_or_read_again(), slug, p.body_offset),
            None => err.at(1, 1),
        }
    }

    fn rank(&self) -> u8 {
        1
    }
}
