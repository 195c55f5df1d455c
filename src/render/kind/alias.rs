//! A page's old address (`aliases` in its front matter): `alias.html`, a
//! redirect, at the alias's path.

use std::borrow::Cow;

use super::{at_text, Cx, Kind};
use crate::error::Error;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::site::{hash_of, Site};

/// `item`: the page, `part`: which of its aliases.
pub struct Alias;

impl Alias {
    fn from<'s>(out: &Output, site: &'s Site) -> &'s str {
        &site.pages[out.item].front.aliases[out.part]
    }
}

impl Kind for Alias {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        for (i, p) in site.pages.iter().enumerate() {
            for (n, from) in p.front.aliases.iter().enumerate() {
                let path = crate::content::alias::output_of(from);
                let key = hash_of(("alias", from));
                plan.push(Output::new(
                    &Alias,
                    i,
                    n,
                    key,
                    Cow::Borrowed("alias.html"),
                    path,
                ));
            }
        }
    }

    /// `url` and `permalink` of the page (no nav: a redirect shows nothing).
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let page = &site.pages[out.item];
        let mut ctx = cx.base();
        ctx.insert("url", &site.config.url_of(&page.path));
        ctx.insert("permalink", &site.config.permalink_of(&page.path));
        cx.render(out, &ctx)
    }

    /// Where the page is.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        hash_of((inputs.global, &inputs.site.pages[out.item].path))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        format!(
            "the alias `{}` of {}",
            Self::from(out, site),
            site.pages[out.item].file.display.display()
        )
    }

    fn locate(&self, out: &Output, site: &Site, message: String) -> Error {
        let p = &site.pages[out.item];
        let err = Error::new(message).in_file(&p.file.display);
        at_text(
            err,
            &p.file.text_or_read_again(),
            Self::from(out, site),
            p.body_offset,
        )
    }

    fn rank(&self) -> u8 {
        0
    }
}
